"""The lab: one frame of GAN Lab, wired from state to pixels.

Per frame (window.py calls on_gui, then on_frame): the controller moves the trainer to
the state and returns a snapshot; the panels draw from state and snapshot and write
any edits back into the state; the canvas uploads the snapshot through the bridge and
draws into an offscreen texture that ImGui shows in the middle of the window, so the
canvas takes mouse input like any widget. Requests only the window can serve
(screenshots, recording, fullscreen, help, quit) are handled here.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import moderngl
import numpy as np
import torch
from imgui_bundle import imgui

from ganlab_gl.app.controller import Controller, pan_rect, pretrained_dir
from ganlab_gl.app.imgui_input import KeyPress
from ganlab_gl.app.keys import DATASET_KEYS, chord_name, handle_key
from ganlab_gl.app.layout import Box, compute_layout
from ganlab_gl.app.panels.data import PREVIEW_PX, draw_data_panel
from ganlab_gl.app.panels.help import draw_help, draw_notices
from ganlab_gl.app.panels.legend import draw_density_legend, draw_heatmap_legend
from ganlab_gl.app.panels.metrics import MetricsPanel
from ganlab_gl.app.panels.overview import OverviewPanel
from ganlab_gl.app.panels.settings import draw_settings_editor, draw_view_editor
from ganlab_gl.app.panels.toolbar import FrameStats, draw_toolbar
from ganlab_gl.app.previews import render_previews
from ganlab_gl.app.recorder import Recorder, RecordingError, numbered, save_png
from ganlab_gl.app.state import Action, AppState
from ganlab_gl.app.thumbnails import Thumbnails
from ganlab_gl.app.window import WindowHost
from ganlab_gl.render.bridge import make_bridge
from ganlab_gl.render.canvas import Canvas, OffscreenTarget
from ganlab_gl.render.view import View

THUMBNAIL_PX = 96
THUMBNAIL_RESIZE_SLACK_PX = 8  # re-render the overview pictures only when their size changes this much
THUMBNAIL_INTERVAL_S = 0.1  # the overview pictures at 10 Hz: eight small renders every frame cost llvmpipe ~12 ms
LECTURE_UI_SCALE = 2.0  # panels readable from the back of a room at 1920x1080
LECTURE_POINT_SCALE = 2.0
ZOOM_PER_WHEEL_NOTCH = 1.15
DRAW_SPACING_PX = 3.0  # a new drawn point every few pixels of brush travel
PANEL_FLAGS = (imgui.WindowFlags_.no_move | imgui.WindowFlags_.no_resize | imgui.WindowFlags_.no_collapse
               | imgui.WindowFlags_.no_saved_settings)
IMGUI_KEY_NAMES = {
    imgui.Key.space: "space", imgui.Key.right_arrow: "right", imgui.Key.left_arrow: "left",
    imgui.Key.up_arrow: "up", imgui.Key.down_arrow: "down", imgui.Key.enter: "enter",
    imgui.Key.keypad_enter: "enter", imgui.Key.tab: "tab", imgui.Key.escape: "escape",
    imgui.Key.period: "period", imgui.Key.minus: "minus", imgui.Key.equal: "equal",
    imgui.Key.keypad_add: "plus", imgui.Key.keypad_subtract: "minus",
    **{getattr(imgui.Key, f"f{i}"): f"f{i}" for i in range(1, 13)},
}
TEXT_KEY_NAMES = {"+": "plus", "?": "question", ".": "period", "-": "minus", "=": "equal"}


def key_chord(press: KeyPress) -> str | None:
    """The keys.py name of a key press ('space', 'ctrl+s', 'plus'), or None for keys we don't bind."""
    name = TEXT_KEY_NAMES.get(press.text) or IMGUI_KEY_NAMES.get(press.key)
    if name is None and len(press.text) == 1 and press.text.isalnum():
        name = press.text.lower()
    if name is None:
        return None
    return chord_name(name, ctrl=press.ctrl, shift=press.shift and name not in ("plus", "question"))


class Lab:
    def __init__(self, host: WindowHost, state: AppState | None = None, screenshot_dir: Path = Path("screenshots")):
        self.host = host
        self.ctx: moderngl.Context = host.ctx
        self.state = state or AppState()
        self.controller = Controller(self.state)
        self.bridge = make_bridge(self.ctx, self.controller.trainer.device)
        self.state.notify(f"pictures reach OpenGL by {self.bridge.path_name}")
        self.canvas = Canvas(self.ctx, self.bridge)
        self.thumbnails = Thumbnails(self.ctx, self.bridge, THUMBNAIL_PX, min_interval_s=THUMBNAIL_INTERVAL_S)
        self._preview_textures = render_previews(self.ctx, self.bridge, PREVIEW_PX)
        self.previews = {name: host.renderer.register_texture(texture)
                         for name, texture in self._preview_textures.items()}
        self.pretrained_names = {name for name in DATASET_KEYS if pretrained_dir(name) is not None}
        self.overview = OverviewPanel()
        self._retired_thumbnails: Thumbnails | None = None
        self.metrics = MetricsPanel()
        self.screenshot_dir = screenshot_dir
        self.screenshots: list[str] = []
        self.recorder: Recorder | None = None
        self.snapshot = self.controller.snapshot()
        self.frames_per_second = 0.0
        self._canvas_target: OffscreenTarget | None = None  # what the window shows; fixed per frame in on_gui
        self._canvas_texture_ref: Any = None
        self._canvas_box: Box = (0, 0, 1, 1)
        self._last_drawn_px: tuple[float, float] | None = None
        if self.state.fullscreen:  # asked for on the command line; the window opens windowed first
            self._set_fullscreen(True)

    # -- sizes and views ----------------------------------------------------------------
    @property
    def lecture(self) -> bool:
        return self.state.view.display.lecture_mode

    def _framebuffer_scale(self) -> float:
        window, framebuffer = self.host.window_size, self.host.framebuffer_size
        return framebuffer[0] / max(window[0], 1)

    def canvas_view(self) -> View:
        """The data rectangle on the canvas's framebuffer pixels."""
        _, _, width, height = self._canvas_box
        scale = self._framebuffer_scale()
        size = (max(int(width * scale), 1), max(int(height * scale), 1))
        pixel_scale = scale * self.host.content_scale * (LECTURE_POINT_SCALE if self.lecture else 1.0)
        return View.fit(self.controller.view_rect, size, pixel_scale)

    # -- the frame: GUI half ---------------------------------------------------------------
    def on_gui(self) -> None:
        now = time.monotonic()
        self._resize_thumbnails()
        self.host.ui_scale = self.state.view.display.ui_scale * (LECTURE_UI_SCALE if self.lecture else 1.0)
        self.snapshot = self.controller.frame()
        self._serve_window_requests()
        window = self.host.window_size
        layout = compute_layout(window, self.state.view.display.panels and not self.lecture, self.host.ui_scale)
        self._canvas_box = layout.canvas
        self._draw_canvas_widget(layout.canvas)
        if layout.toolbar is not None:
            self._panel("##toolbar", layout.toolbar, lambda: draw_toolbar(self.state, self.stats()))
            self._panel("Model overview", layout.left, self._draw_left)
            self._panel("Data and metrics", layout.right, self._draw_right)
        elif self.lecture:
            self._lecture_strip(window)
        draw_help(self.state, window)
        notice_width = layout.left[2] - 24 if layout.left is not None else max(layout.canvas[0] - 24, window[0] / 3)
        draw_notices(self.state, window, notice_width)
        self.canvas["manifold"].morph = self.overview.morph(now)

    def _resize_thumbnails(self) -> None:
        """Thumbnails at the size the overview shows them. The old set lives one more frame:
        the overview swaps its texture registrations during the next draw."""
        if self._retired_thumbnails is not None:
            self._retired_thumbnails.release()
            self._retired_thumbnails = None
        wanted = self.overview.thumbnail_px
        if wanted and abs(wanted - self.thumbnails.size[0]) > THUMBNAIL_RESIZE_SLACK_PX:
            self._retired_thumbnails = self.thumbnails
            self.thumbnails = Thumbnails(self.ctx, self.bridge, wanted, min_interval_s=THUMBNAIL_INTERVAL_S)

    def stats(self) -> FrameStats:
        return FrameStats(self.controller.trainer.iteration_count, self.controller.iterations_per_second,
                          self.frames_per_second, self.controller.trainer.device_note, self.bridge.path_name,
                          self.controller.diverged)

    def _panel(self, title: str, box: Box, body: Any) -> None:
        x, y, width, height = box
        imgui.set_next_window_pos((x, y))
        imgui.set_next_window_size((width, height))
        flags = PANEL_FLAGS | (imgui.WindowFlags_.no_title_bar if title.startswith("##") else 0)
        if imgui.begin(title, None, flags)[0]:
            body()
        imgui.end()

    def _draw_left(self) -> None:
        self.overview.draw(self.state, self.controller, self.thumbnails, self.host.renderer, time.monotonic())
        if imgui.collapsing_header("Model and training", imgui.TreeNodeFlags_.default_open):
            draw_settings_editor(self.state)

    def _draw_right(self) -> None:
        if imgui.collapsing_header("Data", imgui.TreeNodeFlags_.default_open):
            draw_data_panel(self.state, self.previews, self.pretrained_names)
        if imgui.collapsing_header("Metrics", imgui.TreeNodeFlags_.default_open):
            self.metrics.draw(self.controller.trainer)
        if imgui.collapsing_header("Legend", imgui.TreeNodeFlags_.default_open):
            draw_heatmap_legend(self.snapshot.heatmap)
            manifold = self.snapshot.manifold
            if manifold is not None:
                draw_density_legend(self.canvas["manifold"].legend, manifold.noise_dim == 1)
        if imgui.collapsing_header("Layers and view"):
            draw_view_editor(self.state)
        if imgui.collapsing_header("Files"):
            self._draw_files()


    def _draw_files(self) -> None:
        _, self.state.session_path = imgui.input_text("session folder", self.state.session_path)
        if imgui.button("Save (Ctrl+S)"):
            self.state.request(Action.SAVE)
        imgui.same_line()
        if imgui.button("Load (Ctrl+O)"):
            self.state.request(Action.LOAD)
        _, self.state.screenshot_size = imgui.input_text("screenshot size", self.state.screenshot_size)
        if imgui.is_item_hovered():
            imgui.set_tooltip("WxH, e.g. 3840x2160; empty: the canvas's size. Re-rendered, not upscaled.")
        if imgui.button("Screenshot (F12)"):
            self.state.request(Action.SCREENSHOT)
        _, self.state.recording_path = imgui.input_text("record to", self.state.recording_path)
        if imgui.button("Stop recording" if self.recorder else "Record (Ctrl+R)"):
            self.state.request(Action.TOGGLE_RECORDING)

    def _lecture_strip(self, window: tuple[int, int]) -> None:
        """Lecture mode: the iteration and the phase in large type over the canvas."""
        imgui.set_next_window_pos((16, 16))
        imgui.set_next_window_bg_alpha(0.8)
        imgui.begin("##lecture", None, imgui.WindowFlags_.no_decoration | imgui.WindowFlags_.always_auto_resize)
        phase = self.controller.phase
        imgui.text(f"Iteration {self.controller.trainer.iteration_count:,}   "
                   f"{'playing' if self.state.playing else 'paused'}")
        if phase is not None:
            imgui.text_wrapped(f"{phase.network} · {phase.name}: {phase.explanation}")
        imgui.end()

    # -- the canvas as a widget ------------------------------------------------------------
    def _draw_canvas_widget(self, box: Box) -> None:
        x, y, width, height = box
        imgui.set_next_window_pos((x, y))
        imgui.set_next_window_size((width, height))
        imgui.push_style_var(imgui.StyleVar_.window_padding, (0, 0))
        imgui.push_style_var(imgui.StyleVar_.window_border_size, 0)
        imgui.begin("##canvas", None, PANEL_FLAGS | imgui.WindowFlags_.no_decoration
                    | imgui.WindowFlags_.no_bring_to_front_on_focus | imgui.WindowFlags_.no_scroll_with_mouse)
        imgui.pop_style_var(2)
        # Sized here, before ImGui records the image: a resize must not free a texture
        # that this frame's draw data still uses.
        self._prepare_target(self.canvas_view().viewport_px)
        imgui.image(self._canvas_texture_ref, (width, height))  # the renderer flips bottom-up textures
        # An invisible button over the picture makes the canvas one interactive item, so
        # a drag keeps it active (ImGui would otherwise treat it as a window drag).
        imgui.set_cursor_pos((0, 0))
        imgui.invisible_button("##canvas_input", (width, height))
        if imgui.is_item_hovered() or imgui.is_item_active():
            self._canvas_mouse(box, dragging=imgui.is_item_active())
        imgui.end()

    def _canvas_mouse(self, box: Box, dragging: bool) -> None:
        io = imgui.get_io()
        view = self.canvas_view()
        scale = self._framebuffer_scale()
        local = ((io.mouse_pos.x - box[0]) * scale, (io.mouse_pos.y - box[1]) * scale)
        world = tuple(float(v) for v in view.screen_to_world(np.array(local)))
        if io.mouse_wheel:
            action = Action.ZOOM_IN if io.mouse_wheel > 0 else Action.ZOOM_OUT
            for _ in range(int(abs(io.mouse_wheel)) or 1):
                self.state.request(action, world)
        if self.state.drawing:
            self._draw_stroke(local, view, dragging)
        elif dragging and (io.mouse_delta.x or io.mouse_delta.y):
            width_px, height_px = view.viewport_px  # the data follows the pointer
            self.state.view_rect = pan_rect(self.controller.view_rect, -io.mouse_delta.x * scale / width_px,
                                            io.mouse_delta.y * scale / height_px)
        d_value = self.controller.d_at(world)
        imgui.set_tooltip(f"x {world[0]:.3f}  y {world[1]:.3f}\nD {d_value:.3f}")

    def _draw_stroke(self, local: tuple[float, float], view: View, dragging: bool) -> None:
        """Drawn points every DRAW_SPACING_PX along the pointer's path, from where the press began:
        a quick stroke spans several pixels per frame and must not come out as a dotted line."""
        if not dragging:
            self._last_drawn_px = None
            return
        if self._last_drawn_px is None:
            since_press = imgui.get_mouse_drag_delta(imgui.MouseButton_.left, 0.0)
            scale = self._framebuffer_scale()
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

    # -- the frame: drawing half -------------------------------------------------------------
    def on_frame(self, ctx: moderngl.Context, frame_time: float, window_size: tuple[int, int],
                 framebuffer_size: tuple[int, int]) -> None:
        self.frames_per_second = 0.9 * self.frames_per_second + 0.1 / max(frame_time, 1e-6)
        view = self.canvas_view()
        self._configure_layers()
        self.canvas.set_snapshot(self._with_drawing(self.snapshot))
        self.canvas.upload()
        target = self._canvas_target  # as on_gui sized it: ImGui's draw data already refers to its texture
        self.canvas.draw(View.fit(view.rect, target.size, view.pixel_scale), target.multisampled)
        target.resolve()
        if self.state.view.display.panels and not self.lecture:
            self.thumbnails.update(self.snapshot, self.overview.morph(time.monotonic()), self.controller.view_rect)
        if self.recorder is not None:
            self._record()

    def _configure_layers(self) -> None:
        layers, display = self.state.view.layers, self.state.view.display
        visible = {"heatmap": layers.heatmap, "manifold": layers.manifold, "real_samples": layers.real,
                   "fake_samples": layers.fake, "gradients": layers.gradients, "contour": layers.contour}
        for name, shown in visible.items():
            self.canvas[name].visible = shown
        self.canvas["heatmap"].smooth = layers.smooth_heatmap
        self.canvas["manifold"].outlines = layers.manifold_outlines
        self.canvas["manifold"].show_folds = layers.show_folds
        self.canvas["gradients"].length_scale = layers.gradient_length
        for name in ("real_samples", "fake_samples"):
            self.canvas[name].radius_px = display.point_size
            self.canvas[name].color_by_prediction = layers.color_by_d

    def _with_drawing(self, snapshot):
        """In drawing mode the canvas shows the stroke so far as the real samples."""
        if not self.state.drawing:
            return snapshot
        points = torch.tensor(self.state.drawn_points, dtype=torch.float32).reshape(-1, 2)
        return replace(snapshot, real=points, d_real=None)

    def _prepare_target(self, size: tuple[int, int]) -> None:
        """The offscreen target for this frame, rebuilt when the size or MSAA changed. Only
        here, before ImGui records the image: on_frame must not free a texture that this
        frame's draw data uses (a setting changed later in the frame waits a frame)."""
        samples = self.state.view.display.msaa
        if self._canvas_target is not None and self._canvas_target.key == (tuple(size), samples):
            return
        if self._canvas_target is not None:
            self.host.renderer.unregister_texture(self._canvas_target.texture)
            self._canvas_target.release()
        self._canvas_target = OffscreenTarget(self.ctx, size, samples)
        self._canvas_texture_ref = self.host.renderer.register_texture(self._canvas_target.texture)

    def canvas_pixels(self) -> np.ndarray:
        """What the canvas shows now, (h, w, 4) uint8, top row first."""
        return self._canvas_target.read()

    # -- window-side requests ------------------------------------------------------------
    def _serve_window_requests(self) -> None:
        requests = list(self.state.requests)
        self.state.requests.clear()
        for request in requests:
            action = request.action
            if action == Action.SCREENSHOT:
                self._screenshot(request.argument)
            elif action == Action.TOGGLE_RECORDING:
                self._toggle_recording()
            elif action == Action.TOGGLE_FULLSCREEN:
                self._set_fullscreen(not self.state.fullscreen)
            elif action == Action.TOGGLE_HELP:
                self.state.help_open = not self.state.help_open
            elif action == Action.ESCAPE:
                self._escape()
            elif action == Action.QUIT:
                self.host.request_close()
            else:
                self.state.requests.append(request)  # the controller's, next frame

    def _set_fullscreen(self, on: bool) -> None:
        self.state.fullscreen = on
        self.host.fullscreen = on

    def _escape(self) -> None:
        if self.state.help_open:
            self.state.help_open = False
        elif self.state.drawing:
            self.state.drawing = False
        elif self.state.fullscreen:
            self._set_fullscreen(False)
            self.state.view.display.lecture_mode = False

    def _screenshot(self, size: Any) -> None:
        """Re-render the current view at the requested size (never an upscaled copy)."""
        try:
            width, height = _parse_size(size or self.state.screenshot_size) or self.canvas_view().viewport_px
        except ValueError as error:
            self.state.notify(str(error), "error")
            return
        view = View.fit(self.canvas_view().rect, (width, height), self.canvas_view().pixel_scale)
        try:
            pixels = self.canvas.render_offscreen(self._with_drawing(self.snapshot), (width, height), view=view)
            path = save_png(pixels, numbered(self.screenshot_dir, "ganlab", ".png"))
        except (OSError, moderngl.Error) as error:
            self.state.notify(f"screenshot failed: {error}", "error")
            return
        finally:
            self.canvas.release_offscreen()
        self.screenshots.append(str(path))
        self.state.notify(f"saved {path} ({width}x{height})")

    def _toggle_recording(self) -> None:
        if self.recorder is not None:
            self.recorder.close()
            self.state.notify(f"recorded {self.recorder.frames} frames to {self.recorder.target}")
            self.recorder = None
            return
        try:
            self.recorder = Recorder(Path(self.state.recording_path))
        except (RecordingError, OSError) as error:
            self.state.notify(str(error), "error")
            return
        self.state.notify(f"recording to {self.state.recording_path} (Ctrl+R stops)")

    def _record(self) -> None:
        try:
            self.recorder.add(self.canvas_pixels())
        except (RecordingError, OSError) as error:
            self.state.notify(str(error), "error")
            self.recorder.close()
            self.recorder = None

    # -- input from the window ---------------------------------------------------------------
    def on_key(self, press: KeyPress) -> None:
        chord = key_chord(press)
        if chord is not None:
            handle_key(self.state, chord)

    def on_files_dropped(self, paths: list[Path]) -> None:
        self.state.drop_files(paths)

    def on_close(self) -> bool:
        if self.recorder is not None:
            self.recorder.close()
        return True

    def release(self) -> None:
        """Free every GL object the lab made (the window's context may live on, as in tests)."""
        if self.recorder is not None:
            self.recorder.close()
        for texture in self._preview_textures.values():
            self.host.renderer.unregister_texture(texture)
            texture.release()
        if self._canvas_target is not None:
            self.host.renderer.unregister_texture(self._canvas_target.texture)
            self._canvas_target.release()
        for thumbnails in (self.thumbnails, self._retired_thumbnails):
            if thumbnails is not None:
                thumbnails.release()
        self.canvas.release()
        self.bridge.release()

    def status(self) -> dict[str, Any]:
        """What the window tests read (GANLAB_GL_STATUS_FILE)."""
        trainer = self.controller.trainer
        return {
            "iteration": trainer.iteration_count,
            "playing": self.state.playing,
            "slow_motion": self.state.slow_motion,
            "phase": None if self.controller.phase is None else
            [self.controller.phase.network, self.controller.phase.name],
            "d_weights_sum": float(sum(p.detach().double().sum() for p in trainer.discriminator.parameters())),
            "g_weights_sum": float(sum(p.detach().double().sum() for p in trainer.generator.parameters())),
            "dataset": trainer.dataset.name,
            "real_atlas_mean": [float(v) for v in trainer.real_atlas.mean(dim=0)],
            "real_atlas_std": [float(v) for v in trainer.real_atlas.std(dim=0)],
            "layers": {key.split(".")[1]: self.state.view.get(key) for key in self.state.view.settings()
                       if key.startswith("layers.") and isinstance(self.state.view.get(key), bool)},
            "panels": self.state.view.display.panels,
            "lecture": self.lecture,
            "help_open": self.state.help_open,
            "drawing": self.state.drawing,
            "drawn_points": len(self.state.drawn_points),
            "canvas_box": list(self._canvas_box),
            "view_rect": list(self.controller.view_rect),
            "screenshots": self.screenshots,
            "notices": [notice.text for notice in self.state.notices],
            "diverged": self.controller.diverged,
            "bridge": self.bridge.path_name,
            "fps": self.frames_per_second,
            "iterations_per_second": self.controller.iterations_per_second,
        }


def _parse_size(text: Any) -> tuple[int, int] | None:
    if isinstance(text, tuple):
        return text
    text = str(text).strip().lower()
    if not text:
        return None
    try:
        width, height = (int(part) for part in text.split("x"))
    except ValueError:
        raise ValueError(f"screenshot size {text!r}: use WxH, e.g. 3840x2160") from None
    if not (1 <= width <= 16384 and 1 <= height <= 16384):
        raise ValueError(f"screenshot size {text!r}: each side must be 1..16384")
    return width, height
