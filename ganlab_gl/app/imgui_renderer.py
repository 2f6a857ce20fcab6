"""Draws Dear ImGui's draw data with moderngl, implementing ImGui 1.92's texture protocol.

moderngl-window's bundled ImGui integration predates ImGui 1.92, where the renderer
became responsible for the textures ImGui asks for (the font atlas is baked on demand,
grows and is replaced while the app runs). Each frame `render` first walks
`draw_data.textures` and answers every request, as the reference OpenGL 3 backend
(imgui_impl_opengl3.cpp, ImGui_ImplOpenGL3_UpdateTexture) does:

- want_create: make a moderngl texture from the CPU pixels, hand ImGui its id;
- want_updates: upload the changed rectangles only;
- want_destroy: release it once ImGui reports it unused for a frame.

The window clears each frame to `backdrop_rgb()`, the style's window background composed
over black as ImGui's blend would, so the lab's tiled panels draw no background of their
own (layout.FIXED_WINDOW_FLAGS): on a software rasteriser those backgrounds were a whole
screen of blended fill per frame, where a clear costs next to nothing.

Texture ids are the GL names of moderngl textures. The app's own textures (thumbnails
rendered by moderngl) join the same table through `register_texture`, which returns
the `imgui.ImTextureRef` to pass to `imgui.image` or a draw list's `add_image`. A texture
registered `opaque` (the canvas's picture) that ImGui shows pixel for pixel, untinted, is
copied into the framebuffer (glBlitFramebuffer, inside the command's clip) instead of drawn:
the same pixels, where llvmpipe's textured and blended quad cost a few milliseconds a frame.

All draw lists of a frame go up in one vertex and one index buffer; each command's
indices are rebased on the CPU by the vertex count before its list plus the command's
`vtx_offset`, which honours `renderer_has_vtx_offset` without glDrawElementsBaseVertex
(moderngl does not expose it).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import moderngl
import numpy as np
from imgui_bundle import imgui

from ganlab_gl.render.gl import build_program, copy_pixels, finish_releasing_gil, waits_inside_calls

_INDEX_DTYPES = {2: np.uint16, 4: np.uint32}
_VERTEX = np.dtype([("pos", np.float32, 2), ("uv", np.float32, 2), ("col", np.uint32)])  # ImDrawVert
_WHITE = 0xFFFFFFFF  # an untinted image's vertex colour
COPIED_RECTS_KEPT = 16  # answers (four panes of a comparison, each moving while a window is resized): then anew
# colour: over; alpha: accumulates coverage, as ImGui's reference backend blends
_BLEND_STRAIGHT_ALPHA = (moderngl.SRC_ALPHA, moderngl.ONE_MINUS_SRC_ALPHA, moderngl.ONE, moderngl.ONE_MINUS_SRC_ALPHA)


@dataclass
class _Texture:
    texture: moderngl.Texture
    bottom_up: bool
    owned: bool  # created for ImGui (ours to release) rather than registered by the app
    source: moderngl.Framebuffer | None = None  # an opaque texture's framebuffer to copy from


@dataclass(frozen=True)
class _Draw:
    texture_id: int
    scissor: tuple[int, int, int, int]  # GL convention: x, y from the bottom-left, w, h
    first_index: int
    index_count: int
    copy_to: tuple[int, int, int, int] | None = None  # where an opaque picture is copied: x0, y0, x1, y1 (GL)


def backdrop_rgb() -> tuple[float, float, float]:
    """The current style's window background composed over black: what a fixed panel's own background showed."""
    red, green, blue, alpha = imgui.get_style().color_(imgui.Col_.window_bg)
    return red * alpha, green * alpha, blue * alpha


class ImGuiRenderer:
    """Renders `imgui.get_draw_data()` into the framebuffer bound in `ctx`.

    Create it while the ImGui context is current (it declares the backend's
    capabilities in `io.backend_flags`); call `release()` before destroying that context.
    """

    def __init__(self, ctx: moderngl.Context):
        self.ctx = ctx
        self._program = build_program(ctx, "imgui.vert", "imgui.frag")
        self._program["u_texture"] = 0
        self._vertices = ctx.buffer(reserve=imgui.VERTEX_SIZE * 4096, dynamic=True)
        self._indices = ctx.buffer(reserve=4 * 8192, dynamic=True)
        self._vao = ctx.vertex_array(
            self._program,
            [(self._vertices, "2f 2f 4f1", "in_position", "in_uv", "in_color")],
            index_buffer=self._indices,
            index_element_size=4,
        )
        self._textures: dict[int, _Texture] = {}
        # llvmpipe rasterises part of a scene's queued draws (inside the draw call, GIL held) when a draw samples an
        # app texture the scene has not sampled yet; there the overlay waits through finish_releasing_gil before
        # each app texture's first draw of the frame instead, so the trainer's thread runs meanwhile. The
        # overview's and the presets' pictures are two textures (picture_sheet.py): two waits (docs/BENCHMARKS.md).
        self._wait_before_pictures = waits_inside_calls(ctx)
        self._copied_rects: dict[tuple, tuple[int, int, int, int] | None] = {}  # _copied_rect's, by its inputs
        self.textures_created = 0
        self.texture_updates = 0
        self.textures_destroyed = 0

        io = imgui.get_io()
        io.backend_flags |= imgui.BackendFlags_.renderer_has_textures | imgui.BackendFlags_.renderer_has_vtx_offset
        max_size = ctx.info["GL_MAX_TEXTURE_SIZE"]
        platform_io = imgui.get_platform_io()
        platform_io.renderer_texture_max_width = max_size
        platform_io.renderer_texture_max_height = max_size

    def register_texture(self, texture: moderngl.Texture, *, bottom_up: bool = True,
                         opaque: bool = False) -> imgui.ImTextureRef:
        """Make an app texture drawable by ImGui; the app keeps owning (and releasing) it.

        bottom_up: the texture's first row is the image's bottom, as in textures that
        moderngl rendered into; the renderer flips v so that `imgui.image`'s default
        uv0=(0, 0), uv1=(1, 1) shows the image upright. Pass False for textures written
        top row first (from numpy or PIL).
        opaque: every texel's alpha is 1, so where ImGui shows the texture pixel for pixel and
        untinted the renderer copies it rather than draws it (bottom-up textures only).
        """
        self._forget(texture.glo)  # registered again, or a released texture's entry under this name: it goes
        source = self.ctx.framebuffer([texture]) if opaque and bottom_up else None
        self._textures[texture.glo] = _Texture(texture, bottom_up, owned=False, source=source)
        return imgui.ImTextureRef(texture.glo)

    def unregister_texture(self, texture: moderngl.Texture) -> None:
        """Only this very texture's entry: a released texture keeps its `glo`, and a GL that reuses names (NVIDIA's)
        may have given that name to a texture registered since."""
        entry = self._textures.get(texture.glo)
        if entry is not None and entry.texture is texture:
            self._forget(texture.glo)

    def _forget(self, texture_id: int) -> None:
        """The app texture registered under this id, and its copy source, no longer drawable (ImGui's own stay)."""
        entry = self._textures.get(texture_id)
        if entry is not None and not entry.owned:
            del self._textures[texture_id]
            if entry.source is not None:
                entry.source.release()

    @property
    def textures_alive(self) -> int:
        """Textures this renderer created for ImGui and has not destroyed yet."""
        return sum(entry.owned for entry in self._textures.values())

    def render(self, draw_data: imgui.ImDrawData) -> None:
        for texture_data in draw_data.textures or ():
            if texture_data.status != imgui.ImTextureStatus.ok:
                self._update_texture(texture_data)

        scale = draw_data.framebuffer_scale
        framebuffer_size = (int(draw_data.display_size.x * scale.x), int(draw_data.display_size.y * scale.y))
        if min(framebuffer_size) <= 0 or draw_data.total_idx_count == 0:
            return
        draws = self._upload(draw_data, framebuffer_size[1])
        self._program["u_display_pos"] = (draw_data.display_pos.x, draw_data.display_pos.y)
        self._program["u_display_size"] = (draw_data.display_size.x, draw_data.display_size.y)

        ctx = self.ctx
        caller_viewport = ctx.viewport
        with ctx.scope(ctx.fbo, enable_only=moderngl.BLEND):  # restores the caller's enable flags
            ctx.viewport = (0, 0, *framebuffer_size)
            ctx.blend_equation = moderngl.FUNC_ADD
            ctx.blend_func = _BLEND_STRAIGHT_ALPHA
            bound_id = None
            waited: set[int] = set()  # app textures the overlay has waited before, this frame
            for draw in draws:
                if draw.copy_to is not None:
                    self._copy(self._texture(draw.texture_id), draw.copy_to, draw.scissor)
                    continue
                if draw.texture_id != bound_id:
                    entry = self._texture(draw.texture_id)
                    if self._wait_before_pictures and not entry.owned and draw.texture_id not in waited:
                        finish_releasing_gil()
                        waited.add(draw.texture_id)
                    entry.texture.use(0)
                    self._program["u_flip_v"] = entry.bottom_up
                    bound_id = draw.texture_id
                ctx.scissor = draw.scissor
                self._vao.render(moderngl.TRIANGLES, vertices=draw.index_count, first=draw.first_index)
            ctx.scissor = None
        ctx.viewport = caller_viewport

    def _copy(self, entry: _Texture, rect: tuple[int, int, int, int], scissor: tuple[int, int, int, int]) -> None:
        """An opaque picture copied into `rect` of the bound framebuffer, within `scissor` (its command's clip)."""
        x0, y0, x1, y1 = rect
        sx, sy, sw, sh = scissor
        clipped = (max(x0, sx), max(y0, sy), min(x1, sx + sw), min(y1, sy + sh))
        if clipped[0] >= clipped[2] or clipped[1] >= clipped[3]:
            return
        self.ctx.scissor = scissor
        copy_pixels(entry.source, self.ctx.fbo, (clipped[0] - x0, clipped[1] - y0), clipped)

    def release(self) -> None:
        """Destroy the textures made for ImGui and this renderer's GL objects.

        App textures passed to `register_texture` are left to the app.
        """
        for texture_data in imgui.get_platform_io().textures:
            if texture_data.ref_count == 1 and texture_data.status != imgui.ImTextureStatus.destroyed:
                self._destroy_texture(texture_data)
        io = imgui.get_io()
        io.backend_flags &= ~(imgui.BackendFlags_.renderer_has_textures | imgui.BackendFlags_.renderer_has_vtx_offset)
        for entry in self._textures.values():
            if entry.source is not None:
                entry.source.release()
        self._textures.clear()
        for gl_object in (self._vao, self._vertices, self._indices, self._program):
            gl_object.release()

    def _texture(self, texture_id: int) -> _Texture:
        try:
            return self._textures[texture_id]
        except KeyError:
            raise LookupError(
                f"ImGui drew with texture id {texture_id}, which is neither ImGui's nor registered "
                "(register_texture) — or it was released or unregistered"
            ) from None

    def _update_texture(self, texture_data: imgui.ImTextureData) -> None:
        status = texture_data.status
        if status == imgui.ImTextureStatus.want_create:
            self._create_texture(texture_data)
        elif status == imgui.ImTextureStatus.want_updates:
            self._upload_texture_updates(texture_data)
        elif status == imgui.ImTextureStatus.want_destroy and texture_data.unused_frames > 0:
            # unused for a frame: no draw command queued before this one still samples it
            self._destroy_texture(texture_data)

    def _create_texture(self, texture_data: imgui.ImTextureData) -> None:
        if texture_data.format != imgui.ImTextureFormat.rgba32:
            raise ValueError(f"ImGui asked for texture format {texture_data.format}; this renderer handles RGBA32 only")
        size = (texture_data.width, texture_data.height)
        texture = self.ctx.texture(size, 4, data=texture_data.get_pixels_array())
        texture.filter = (moderngl.LINEAR, moderngl.LINEAR)  # ImGui's baked lines and text need bilinear
        texture.repeat_x = texture.repeat_y = False
        self._textures[texture.glo] = _Texture(texture, bottom_up=False, owned=True)
        texture_data.set_tex_id(texture.glo)
        texture_data.set_status(imgui.ImTextureStatus.ok)
        self.textures_created += 1

    def _upload_texture_updates(self, texture_data: imgui.ImTextureData) -> None:
        texture = self._textures[texture_data.tex_id].texture
        pixels = texture_data.get_pixels_array().reshape(texture_data.height, texture_data.width, 4)
        for rect in texture_data.updates:
            block = np.ascontiguousarray(pixels[rect.y : rect.y + rect.h, rect.x : rect.x + rect.w])
            texture.write(block, viewport=(rect.x, rect.y, rect.w, rect.h))
            self.texture_updates += 1
        texture_data.set_status(imgui.ImTextureStatus.ok)

    def _destroy_texture(self, texture_data: imgui.ImTextureData) -> None:
        entry = self._textures.pop(texture_data.tex_id, None)
        if entry is not None:
            entry.texture.release()
            self.textures_destroyed += 1
        texture_data.set_tex_id(0)
        texture_data.set_status(imgui.ImTextureStatus.destroyed)

    def _upload(self, draw_data: imgui.ImDrawData, framebuffer_height: int) -> list[_Draw]:
        """Write all draw lists into the buffers; the draw calls, in order."""
        clip_origin = draw_data.display_pos
        scale = draw_data.framebuffer_scale
        index_dtype = _INDEX_DTYPES[imgui.INDEX_SIZE]
        vertex_chunks: list[np.ndarray] = []
        index_chunks: list[np.ndarray] = []
        draws: list[_Draw] = []
        vertex_base = index_base = 0
        # into a single-sampled framebuffer only (the window's; OpenGL ES cannot blit into a multisampled one)
        copy_ok = self.ctx.fbo is not None and self.ctx.fbo.samples == 0
        for draw_list in draw_data.cmd_lists:
            vertex_count = draw_list.vtx_buffer.size()
            index_count = draw_list.idx_buffer.size()
            vertex_chunks.append(_view(draw_list.vtx_buffer.data_address(), vertex_count * imgui.VERTEX_SIZE, np.uint8))
            vertices = vertex_chunks[-1].view(_VERTEX)
            indices = _view(draw_list.idx_buffer.data_address(), index_count, index_dtype).astype(np.uint32)
            indices += vertex_base  # once for the list: a command's own offset is 0 but in a list ImGui split past
            for command in draw_list.cmd_buffer:
                if command.elem_count == 0:
                    continue
                start, stop = command.idx_offset, command.idx_offset + command.elem_count
                if command.vtx_offset:  # 64 Ki vertices with 16-bit indices
                    indices[start:stop] += command.vtx_offset
                clip = command.clip_rect
                x0, y0 = (clip.x - clip_origin.x) * scale.x, (clip.y - clip_origin.y) * scale.y
                x1, y1 = (clip.z - clip_origin.x) * scale.x, (clip.w - clip_origin.y) * scale.y
                if x1 <= x0 or y1 <= y0:
                    continue
                scissor = (int(x0), int(framebuffer_height - y1), int(x1 - x0), int(y1 - y0))
                texture_id = command.get_tex_id()
                entry = self._textures.get(texture_id)
                copy_to = None
                if entry is not None and entry.source is not None and copy_ok:
                    copy_to = self._copied_rect(vertices, indices[start:stop] - vertex_base, entry.texture.size,
                                                clip_origin, scale, framebuffer_height)
                draws.append(_Draw(texture_id, scissor, index_base + start, command.elem_count, copy_to))
            index_chunks.append(indices)
            vertex_base += vertex_count
            index_base += index_count
        _write_growing(self._vertices, np.concatenate(vertex_chunks))
        _write_growing(self._indices, np.concatenate(index_chunks))
        return draws

    def _copied_rect(self, vertices: np.ndarray, indices: np.ndarray, size: tuple[int, int], origin: imgui.ImVec2,
                     scale: imgui.ImVec2, framebuffer_height: int) -> tuple[int, int, int, int] | None:
        """`_copied_rect`, kept for its inputs (the command's vertices, the texture's size, the display's place and
        scale): a picture stays where it is from frame to frame, and numpy's checks of its corners took 0.3 ms a
        picture a frame on a slow machine."""
        key = (indices.tobytes(), vertices[indices].tobytes(), size, origin.x, origin.y, scale.x, scale.y,
               framebuffer_height)
        if key not in self._copied_rects:
            if len(self._copied_rects) >= COPIED_RECTS_KEPT:
                self._copied_rects.clear()
            self._copied_rects[key] = _copied_rect(vertices, indices, size, origin, scale, framebuffer_height)
        return self._copied_rects[key]


def _copied_rect(vertices: np.ndarray, indices: np.ndarray, size: tuple[int, int], origin: imgui.ImVec2,
                 scale: imgui.ImVec2, framebuffer_height: int) -> tuple[int, int, int, int] | None:
    """Where a command shows a whole texture of `size` pixel for pixel and untinted, as (x0, y0, x1, y1) in GL
    framebuffer coordinates; None where it draws anything else (a part, scaled, tinted or faded, between pixels)."""
    if len(indices) != 6:
        return None
    corners = vertices[np.unique(indices)]
    if len(corners) != 4 or not np.all(corners["col"] == _WHITE):
        return None
    x = (corners["pos"][:, 0] - origin.x) * scale.x
    y = (corners["pos"][:, 1] - origin.y) * scale.y
    left, top, right, bottom = x.min(), y.min(), x.max(), y.max()
    expected_uv = np.stack([(x - left) / max(right - left, 1e-9), (y - top) / max(bottom - top, 1e-9)], axis=1)
    whole_pixels = np.allclose([left, top], np.round([left, top]), atol=1e-3)
    if (not whole_pixels or not np.allclose([right - left, bottom - top], size, atol=1e-3)
            or not np.allclose(corners["uv"], expected_uv, atol=1e-6)
            or not np.all(np.isin(np.round(x, 3), np.round([left, right], 3)))
            or not np.all(np.isin(np.round(y, 3), np.round([top, bottom], 3)))):
        return None
    x0, y1 = int(round(left)), framebuffer_height - int(round(top))
    return x0, y1 - size[1], x0 + size[0], y1


def _view(address: int, count: int, dtype: type[np.generic]) -> np.ndarray:
    """A numpy view of `count` items of ImGui-owned memory (valid until the next frame)."""
    if count == 0:
        return np.empty(0, dtype)
    raw = (ctypes.c_ubyte * (count * np.dtype(dtype).itemsize)).from_address(address)
    return np.frombuffer(raw, dtype=dtype)


def _write_growing(buffer: moderngl.Buffer, data: np.ndarray) -> None:
    if data.nbytes > buffer.size:
        buffer.orphan(max(data.nbytes, 2 * buffer.size))
    buffer.write(data)
