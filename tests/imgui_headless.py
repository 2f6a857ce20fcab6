"""Running ImGui panels without a window or GPU, and reading back what they drew.

A panel draws into one frameless window at the origin with no padding, so design
coordinates map to screen pixels from (0, 0). The renderer flag for textures is set so
ImGui needs no font-atlas upload; nothing is rasterised: tests read the draw lists'
vertices (screen position and packed colour).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from imgui_bundle import imgui, implot

from ganlab_gl.app.fonts import new_frame

_VERTEX = np.dtype([("pos", "<f4", 2), ("uv", "<f4", 2), ("col", "<u4")])


@dataclass
class DrawnVertices:
    positions: np.ndarray  # (N, 2) screen pixels
    colours: np.ndarray  # (N,) packed ImU32, as `imgui.get_color_u32` returns
    glyph: np.ndarray  # (N,) bool: the vertex samples a glyph (a solid shape, a combo's arrow, samples the atlas's
    # white pixel)
    uvs: np.ndarray  # (N, 2) where in the font atlas each vertex samples

    def along(self, colour: int, start: tuple[float, float], end: tuple[float, float], radius: float = 2.0) -> int:
        """How many vertices of `colour` lie in the box spanned by a segment, grown by
        `radius` px (a polyline's vertices sit at its points, not in between)."""
        low = np.minimum(start, end) - radius
        high = np.maximum(start, end) + radius
        inside = ((self.positions >= low) & (self.positions <= high)).all(axis=1)
        return int((inside & (self.colours == colour)).sum())

    def count(self, colour: int) -> int:
        return int((self.colours == colour).sum())

    def glyph_quads(self, colour: int | None = None) -> np.ndarray:
        """(N, 4, 2): the corners of each glyph drawn (in `colour`, else any), as drawn: a text's, not a shape's."""
        chosen = self.glyph if colour is None else self.glyph & (self.colours == colour)
        return self.positions[chosen].reshape(-1, 4, 2)

    def text_in(self, low: tuple[float, float], high: tuple[float, float], colour: int,
                glyphs: dict[str, tuple[float, float]]) -> str:
        """The characters of `glyphs` (char: its baked glyph's (u0, v0), from find_glyph in the frame drawn) drawn in
        `colour` with their left edges inside the box low..high, left to right: what a field shows ('?' for a glyph
        not in `glyphs`; spaces draw nothing)."""
        chosen = self.glyph & (self.colours == colour)
        corners, uvs = self.positions[chosen].reshape(-1, 4, 2), self.uvs[chosen].reshape(-1, 4, 2)
        left = corners[:, :, 0].min(axis=1)
        inside = (left >= low[0]) & (left < high[0]) & (corners[:, :, 1].mean(axis=1) >= low[1]) \
            & (corners[:, :, 1].mean(axis=1) <= high[1])
        by_uv = {(round(u, 6), round(v, 6)): char for char, (u, v) in glyphs.items()}
        return "".join(by_uv.get((round(float(uv[:, 0].min()), 6), round(float(uv[:, 1].min()), 6)), "?")
                       for uv in uvs[inside][np.argsort(left[inside], kind="stable")])


@contextmanager
def imgui_context(display_size: tuple[float, float] = (800.0, 600.0)) -> Iterator[None]:
    context = imgui.create_context()
    plots = implot.create_context()
    io = imgui.get_io()
    io.display_size = imgui.ImVec2(*display_size)
    io.delta_time = 1 / 60
    io.set_ini_filename(None)
    io.backend_flags |= imgui.BackendFlags_.renderer_has_textures
    try:
        yield
    finally:
        implot.destroy_context(plots)
        imgui.destroy_context(context)


def draw_frame(body: Callable[[], None], window_size: tuple[float, float],
               mouse: tuple[float, float] = (-1e4, -1e4), click: bool = False) -> DrawnVertices:
    io = imgui.get_io()
    io.add_mouse_pos_event(*mouse)
    if click:
        io.add_mouse_button_event(0, True)
    new_frame()
    imgui.push_style_var(imgui.StyleVar_.window_padding, imgui.ImVec2(0, 0))
    imgui.set_next_window_pos(imgui.ImVec2(0, 0))
    imgui.set_next_window_size(imgui.ImVec2(*window_size))
    imgui.begin("panel", None, imgui.WindowFlags_.no_decoration)
    body()
    imgui.end()
    imgui.pop_style_var()
    imgui.render()
    if click:
        io.add_mouse_button_event(0, False)
    return _vertices(imgui.get_draw_data())


def _vertices(draw_data: imgui.ImDrawData) -> DrawnVertices:
    chunks = []
    for draw_list in draw_data.cmd_lists:
        buffer = draw_list.vtx_buffer
        raw = ctypes.string_at(buffer.data_address(), buffer.size() * _VERTEX.itemsize)
        chunks.append(np.frombuffer(raw, dtype=_VERTEX))
    vertices = np.concatenate(chunks) if chunks else np.zeros(0, dtype=_VERTEX)
    white = np.array(tuple(imgui.get_font_tex_uv_white_pixel()), dtype=np.float32)
    return DrawnVertices(vertices["pos"].astype(np.float64), vertices["col"], (vertices["uv"] != white).any(axis=1),
                         vertices["uv"].astype(np.float64))
