"""Square pictures side by side in one texture: the overview graph's stages, the data picker's presets.

The overlay draws every picture of a sheet from one texture. On a software rasteriser
(llvmpipe) a draw that samples another app texture first rasterises part of what is
queued, inside the draw call with Python's GIL held, so the overlay waited (GIL-free)
before each of fifteen pictures in fifteen textures; with two sheets it waits twice
(imgui_renderer.py, docs/BENCHMARKS.md). A blank column of PAD_PX between pictures
keeps a picture drawn scaled from filtering in its neighbour's edge. Rows run bottom-up,
as GL renders them, which the ImGui renderer's `register_texture` expects by default;
each picture spans the sheet's whole height, so its flipped rows stay its own.
"""

from __future__ import annotations

from collections.abc import Iterable

import moderngl

PAD_PX = 2


class PictureSheet:
    def __init__(self, ctx: moderngl.Context, names: Iterable[str], size_px: int):
        self.names = tuple(names)
        self.size = (size_px, size_px)
        self._step = size_px + PAD_PX
        self.texture = ctx.texture((self._step * len(self.names) - PAD_PX, size_px), 4)
        self.texture.filter = (moderngl.LINEAR, moderngl.LINEAR)
        self.texture.repeat_x = self.texture.repeat_y = False
        self.framebuffer = ctx.framebuffer([self.texture])
        self.framebuffer.clear(0.0, 0.0, 0.0, 0.0)  # the gaps stay blank
        self._index = {name: index for index, name in enumerate(self.names)}

    def origin(self, name: str) -> tuple[int, int]:
        """The picture's lower-left pixel in the sheet (where to draw it)."""
        return self._index[name] * self._step, 0

    def uv(self, name: str) -> tuple[tuple[float, float], tuple[float, float]]:
        """The picture's (uv0, uv1) for ImGui's image calls: left-top and right-bottom, across the whole height."""
        x0 = self.origin(name)[0]
        width = self.texture.width
        return (x0 / width, 0.0), ((x0 + self.size[0]) / width, 1.0)

    def write(self, name: str, pixels: bytes) -> None:
        """The picture from RGBA8 `pixels`, rows bottom-up."""
        self.texture.write(pixels, viewport=(*self.origin(name), *self.size))

    def release(self) -> None:
        self.framebuffer.release()
        self.texture.release()
