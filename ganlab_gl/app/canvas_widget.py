"""The main canvas as an ImGui widget: its offscreen target, the pointer on it, and its drawing.

The canvas draws into an offscreen texture that ImGui shows in the middle of the window,
so the canvas takes mouse input like any widget: the wheel zooms about the pointer, a
drag pans (or draws, in drawing mode), hovering reads D's output there. The target is
sized in `draw_widget` (the GUI half of the frame), before ImGui records the image, so a
size or MSAA change never frees a texture that this frame's draw data still shows.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

import moderngl
import numpy as np
import torch
from imgui_bundle import imgui

from ganlab_gl.core.settings import to_dict
from ganlab_gl.core.snapshot import Rect, Snapshot
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.canvas import Canvas, OffscreenTarget
from ganlab_gl.render.gl import finish_releasing_gil
from ganlab_gl.render.view import View

from .actions import Action
from .layout import Box
from .state import AppState

LECTURE_POINT_SCALE = 2.0
DRAW_SPACING_PX = 3.0  # a new drawn point every few pixels of brush travel
WIDGET_FLAGS = (imgui.WindowFlags_.no_move | imgui.WindowFlags_.no_resize | imgui.WindowFlags_.no_collapse
                | imgui.WindowFlags_.no_saved_settings | imgui.WindowFlags_.no_decoration
                | imgui.WindowFlags_.no_bring_to_front_on_focus | imgui.WindowFlags_.no_scroll_with_mouse)


class CanvasWidget:
    def __init__(self, ctx: moderngl.Context, bridge: Bridge, host, state: AppState,
                 d_at: Callable[[tuple[float, float]], float]):
        """`host`: the window (`renderer`, sizes, `content_scale`); `d_at`: D's shown output at a data point."""
        self.ctx, self.host, self.state, self.d_at = ctx, host, state, d_at
        self.canvas = Canvas(ctx, bridge)
        self.box: Box = (0, 0, 1, 1)
        self.view_rect: Rect = (0.0, 0.0, 1.0, 1.0)  # the data rectangle, as this frame's read model says
        self.target: OffscreenTarget | None = None  # what the window shows; fixed per frame in draw_widget
        self._texture_ref = None
        self._last_drawn_px: tuple[float, float] | None = None
        self._drawn: tuple[Snapshot, tuple] | None = None  # (snapshot, what else it showed) in the target now

    def framebuffer_scale(self) -> float:
        window, framebuffer = self.host.window_size, self.host.framebuffer_size
        return framebuffer[0] / max(window[0], 1)

    def view(self) -> View:
        """The data rectangle on the canvas's framebuffer pixels."""
        _, _, width, height = self.box
        scale = self.framebuffer_scale()
        size = (max(int(width * scale), 1), max(int(height * scale), 1))
        lecture = LECTURE_POINT_SCALE if self.state.view.display.lecture_mode else 1.0
        return View.fit(self.view_rect, size, scale * self.host.content_scale * lecture)

    # -- the GUI half of the frame ---------------------------------------------------------
    def draw_widget(self, box: Box, view_rect: Rect) -> None:
        self.box, self.view_rect = box, view_rect
        x, y, width, height = box
        imgui.set_next_window_pos((x, y))
        imgui.set_next_window_size((width, height))
        imgui.push_style_var(imgui.StyleVar_.window_padding, (0, 0))
        imgui.push_style_var(imgui.StyleVar_.window_border_size, 0)
        imgui.begin("##canvas", None, WIDGET_FLAGS)
        imgui.pop_style_var(2)
        self._prepare_target(self.view().viewport_px)
        imgui.image(self._texture_ref, (width, height))  # the renderer flips bottom-up textures
        # An invisible button over the picture makes the canvas one interactive item, so
        # a drag keeps it active (ImGui would otherwise treat it as a window drag).
        imgui.set_cursor_pos((0, 0))
        imgui.invisible_button("##canvas_input", (width, height))
        if imgui.is_item_hovered() or imgui.is_item_active():
            self._mouse(dragging=imgui.is_item_active())
        imgui.end()

    def _mouse(self, dragging: bool) -> None:
        io = imgui.get_io()
        view = self.view()
        scale = self.framebuffer_scale()
        local = ((io.mouse_pos.x - self.box[0]) * scale, (io.mouse_pos.y - self.box[1]) * scale)
        world = tuple(float(v) for v in view.screen_to_world(np.array(local)))
        if io.mouse_wheel:
            action = Action.ZOOM_IN if io.mouse_wheel > 0 else Action.ZOOM_OUT
            for _ in range(int(abs(io.mouse_wheel)) or 1):
                self.state.request(action, world)
        if self.state.drawing:
            self._stroke(local, view, dragging)
        elif dragging and (io.mouse_delta.x or io.mouse_delta.y):
            width_px, height_px = view.viewport_px  # the data follows the pointer
            self.state.request(Action.DRAG_VIEW, (-io.mouse_delta.x * scale / width_px,
                                                  io.mouse_delta.y * scale / height_px))
        imgui.set_tooltip(f"x {world[0]:.3f}  y {world[1]:.3f}\nD {self.d_at(world):.3f}")

    def _stroke(self, local: tuple[float, float], view: View, dragging: bool) -> None:
        """Drawn points every DRAW_SPACING_PX along the pointer's path, from where the press began:
        a quick stroke spans several pixels per frame and must not come out as a dotted line."""
        if not dragging:
            self._last_drawn_px = None
            return
        if self._last_drawn_px is None:
            since_press = imgui.get_mouse_drag_delta(imgui.MouseButton_.left, 0.0)
            scale = self.framebuffer_scale()
            pressed = (local[0] - since_press.x * scale, local[1] - since_press.y * scale)
            self.state.drawn_points.append(tuple(float(v) for v in view.screen_to_world(np.array(pressed))))
            self._last_drawn_px = pressed
        last = np.array(self._last_drawn_px)
        travel = np.array(local) - last
        steps = int(np.hypot(*travel) // DRAW_SPACING_PX)
        for k in range(1, steps + 1):
            point = last + travel * (k * DRAW_SPACING_PX / np.hypot(*travel))
            self.state.drawn_points.append(tuple(float(v) for v in view.screen_to_world(point)))
        if steps:
            self._last_drawn_px = tuple(last + travel * (steps * DRAW_SPACING_PX / np.hypot(*travel)))

    def _prepare_target(self, size: tuple[int, int]) -> None:
        """The offscreen target for this frame, rebuilt when the size or MSAA changed."""
        samples = self.state.view.display.msaa
        if self.target is not None and self.target.key == (tuple(size), samples):
            return
        self._release_target()
        self.target = OffscreenTarget(self.ctx, size, samples)
        self._texture_ref = self.host.renderer.register_texture(self.target.texture)

    # -- the drawing half -----------------------------------------------------------------
    def with_drawing(self, snapshot: Snapshot) -> Snapshot:
        """In drawing mode the canvas shows the stroke so far as the real samples."""
        if not self.state.drawing:
            return snapshot
        points = torch.tensor(self.state.drawn_points, dtype=torch.float32).reshape(-1, 2)
        return replace(snapshot, real=points, d_real=None)

    def draw(self, snapshot: Snapshot, morph: float) -> None:
        """Upload and draw into the target that draw_widget fixed (ImGui's draw data already refers to it).
        When nothing it shows changed (the same snapshot object, view, target, morph, drawing and view settings)
        the target still holds this picture and is not drawn again: on a software rasteriser a resting, paused
        canvas was about half of each frame."""
        view = self.view()
        shows = (view.rect, view.viewport_px, view.pixel_scale, self.target, morph, self.state.drawing,
                 len(self.state.drawn_points), repr(to_dict(self.state.view)))
        if self._drawn is not None and self._drawn[0] is snapshot and self._drawn[1] == shows:
            return
        self._drawn = (snapshot, shows)
        self.canvas.configure(self.state.view)
        if self.state.drawing:  # as GAN Lab: only the stroke, none of the old model's layers
            for name, layer in self.canvas.layers.items():
                layer.visible = name == "real"
        self.canvas["manifold"].morph = morph
        self.canvas.set_snapshot(self.with_drawing(snapshot))
        self.canvas.upload()
        self.canvas.draw(View.fit(view.rect, self.target.size, view.pixel_scale), self.target.multisampled)
        finish_releasing_gil()  # the resolve would wait for the rasteriser with the GIL held
        self.target.resolve()

    def pixels(self) -> np.ndarray:
        """What the canvas shows now, (h, w, 4) uint8, top row first."""
        return self.target.read()

    def _release_target(self) -> None:
        if self.target is not None:
            self.host.renderer.unregister_texture(self.target.texture)
            self.target.release()
            self.target = None

    def release(self) -> None:
        self._release_target()
        self.canvas.release()
