"""The native window: moderngl-window (pyglet backend) + Dear ImGui + ImPlot, and the frame loop.

`run_window(app_factory, ...)` opens the window, creates the ImGui and ImPlot contexts,
the ImGui renderer (imgui_renderer.py), input adapter (imgui_input.py) and UI font
(fonts.py), then calls `app_factory(host)` with a `WindowHost` and drives the app it
returns until the window closes.

The app protocol (duck-typed; the first two are required, the rest optional):

    on_gui() -> None
        Build this frame's ImGui widgets (imgui / implot calls).
    on_frame(ctx: moderngl.Context, frame_time: float,
             window_size: tuple[int, int], framebuffer_size: tuple[int, int]) -> None
        Draw the scene with moderngl into the window framebuffer, which is bound and
        cleared to the panels' backdrop (imgui_renderer.backdrop_rgb). frame_time: seconds
        since the previous frame. Sizes: window in
        ImGui/mouse coordinates, framebuffer in pixels (larger on HiDPI screens).
    on_key(press: imgui_input.KeyPress) -> None
        A key was pressed while no ImGui text field had the keyboard: a shortcut.
    on_files_dropped(paths: list[pathlib.Path]) -> None
        Files were dropped onto the window.
    on_close() -> bool
        The window was asked to close (its close button, `host.request_close()`):
        return False to keep it open (e.g. to ask about unsaved work first).
    on_stop(reason: str) -> None
        `run_window`'s `stop_requested` said to stop (a signal: reason is its name, "SIGTERM"):
        no one can be asked; the window closes once it returns.
    status() -> dict
        JSON-able state for the status file (status.py); only called when
        GANLAB_GL_STATUS_FILE is set, at most every STATUS_INTERVAL_S.

Each frame: ImGui's new frame, `on_gui`, `imgui.render()`, then `on_frame`, then the
ImGui draw data over the scene, so that a widget changed this frame already shows in
the scene drawn this frame. Input events arrive between frames.

ImGui writes no imgui.ini (window layout is not persisted).
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import moderngl
import numpy as np
from imgui_bundle import imgui, implot

from ganlab_gl.app.fonts import UiFonts, new_frame
from ganlab_gl.app.imgui_input import ImGuiInput
from ganlab_gl.app.imgui_renderer import ImGuiRenderer, backdrop_rgb
from ganlab_gl.app.status import StatusFile

EXIT_NO_DISPLAY = 3
# Frames a second while the app only shows that it waits for work on other threads (a file being written as the lab
# closes): the encoder of an 8192² PNG shares two cores with the window's frames.
WAITING_FPS = 10.0
STATUS_INTERVAL_S = 0.05  # the status file's writes (it holds the trainer and sums the weights): 20 a second
GL_VERSION = (4, 3)  # the renderer's compute shaders and storage buffers
DESIGN_SIZE = (1600, 960)  # the lab's window where the screen has room for it
SCREEN_KEPT = (32, 96)  # pixels of a screen's width and height left to a window manager's title bar and panels


class NoDisplayError(RuntimeError):
    """No window can be opened here; the message is one line for the user."""


class WindowHost:
    """What the app may use of the window: handed to `app_factory`."""

    def __init__(self, window: Any, renderer: ImGuiRenderer, input_: ImGuiInput, fonts: UiFonts):
        self._window = window
        self.ctx: moderngl.Context = window.ctx
        self.renderer = renderer  # register_texture(...) for thumbnails
        self.input = input_  # wants_keyboard(), wants_mouse()
        self.fonts = fonts  # fonts.font, fonts.scale
        self.ui_scale = 1.0  # the user's UI size; applied before the next frame
        self.frame = 0
        self.waiting_only = False  # the app's frames only show it waiting (WAITING_FPS); it sets this each frame
        self._fullscreen_wanted = window.fullscreen

    @property
    def window_size(self) -> tuple[int, int]:
        return self._window.size

    @property
    def framebuffer_size(self) -> tuple[int, int]:
        return self._window.buffer_size

    @property
    def content_scale(self) -> float:
        """How much larger the UI must be on this display (1.0 at 96 dpi)."""
        width, height = self._window.size
        if self._window.buffer_size != (width, height):
            # window coordinates are points and the framebuffer already has the extra
            # pixels (macOS Retina): ImGui renders crisply at the framebuffer's density
            return 1.0
        return self._window._window.dpi / 96

    @property
    def fullscreen(self) -> bool:
        """Fullscreen as last asked for; the window follows before the next frame."""
        return self._fullscreen_wanted

    @fullscreen.setter
    def fullscreen(self, value: bool) -> None:
        self._fullscreen_wanted = bool(value)

    def _apply_fullscreen(self) -> None:
        # Between frames, not inside the event handler that asked: pyglet changes
        # fullscreen by destroying and recreating the X window, which should not happen
        # while it is still dispatching that window's events.
        if self._fullscreen_wanted != self._window.fullscreen:
            self._window.fullscreen = self._fullscreen_wanted

    def request_close(self) -> None:
        """Close as the close button would: the app's `on_close` still decides."""
        self._window.is_closing = True

    def read_pixels(self) -> np.ndarray:
        """The window framebuffer as drawn so far this frame, (height, width, 3) uint8, top
        row first. From `on_frame`, after drawing: the scene without the ImGui overlay."""
        width, height = self._window.buffer_size
        data = self._window.fbo.read(viewport=(0, 0, width, height), components=3, alignment=1)
        return np.frombuffer(data, np.uint8).reshape(height, width, 3)[::-1].copy()

    def _status(self) -> dict[str, Any]:
        io = imgui.get_io()
        renderer = self.renderer
        return {
            "frame": self.frame,
            "window_size": list(self.window_size),
            "framebuffer_size": list(self.framebuffer_size),
            "fullscreen": self._window.fullscreen,
            "imgui": {
                "textures_created": renderer.textures_created,
                "texture_updates": renderer.texture_updates,
                "textures_destroyed": renderer.textures_destroyed,
                "textures_alive": renderer.textures_alive,
                "want_text_input": io.want_text_input,
                "want_capture_mouse": io.want_capture_mouse,
                "mouse_pos": [io.mouse_pos.x, io.mouse_pos.y],
                "mouse_down": [bool(io.mouse_down[button]) for button in range(3)],
                # ImGui feeds queued input one key or button change per frame: tests wait for it to drain
                "input_events_queued": imgui.get_current_context().input_events_queue.size(),
            },
            # key presses the window delivered, and those handed to the app (on_key) as shortcuts: a test waits for
            # its tap to be taken, and tells a tap that never came from one a widget had
            "keys": {"pressed": self.input.key_presses, "shortcuts": self.input.shortcut_presses},
        }


def run_window(
    app_factory: Callable[[WindowHost], Any],
    size: tuple[int, int] | None = (1280, 800),
    title: str = "GAN Lab",
    fullscreen: bool = False,
    vsync: bool = True,
    *,
    max_fps: float = 120.0,
    theme: Callable[[imgui.Style], None] | None = None,
    stop_requested: Callable[[], str] = lambda: "",
) -> None:
    """Open the window and run the app until it closes.

    size: the window's size; None opens it at DESIGN_SIZE where the screen has room and fills the screen's
    work area otherwise (window_size_for_screen). max_fps: frame-rate cap, for where vsync is not honoured
    (Xvfb, some drivers), so an idle window does not spin a CPU core. theme: see fonts.UiFonts. stop_requested: read
    before each frame; a non-empty reason (a signal handler only sets a flag: the work is done here, between frames)
    ends the loop through the app's `on_stop`.
    Raises NoDisplayError (one-line message) when no window can be opened.
    """
    window = _open_window(size, title, fullscreen, vsync)
    imgui.create_context()
    implot.create_context()
    renderer = None
    try:
        io = imgui.get_io()
        io.set_ini_filename(None)
        # A click (without a drag) on a number turns it into a text field: typed digits go to the
        # field, and while it is edited the app's keys are off (ImGuiInput.wants_keyboard).
        io.config_drag_click_to_input_text = True
        renderer = ImGuiRenderer(window.ctx)
        input_ = ImGuiInput(window)
        host = WindowHost(window, renderer, input_, UiFonts(theme=theme))
        _connect_clipboard(window)
        app = app_factory(host)
        _connect_events(window, input_, app)
        _run_frames(window, host, app, max_fps, stop_requested)
    finally:
        if renderer is not None:
            renderer.release()
        implot.destroy_context()
        imgui.destroy_context()
        window.close()


def rasterise_in_the_drawing_thread() -> None:
    """Mesa's llvmpipe without its rasteriser threads (LP_NUM_THREADS=0: it rasterises in the thread that draws, the
    window's): those threads race with it, one of them still signalling a scene's fence that the drawing thread has
    freed, a write into freed memory that crashed the lab now and then (Mesa 22.3 to this day; docs/LAB.md,
    Reliability). On two cores the window drew as many frames beside as much training without them as with one
    (docs/BENCHMARKS.md), the trainer keeping its core either way. Call before the GL context exists; a value the
    user set stays (their speed, their risk), and other drivers ignore it."""
    os.environ.setdefault("LP_NUM_THREADS", "0")


def window_size_for_screen(screen: tuple[int, int] | None, design: tuple[int, int] = DESIGN_SIZE) -> tuple[int, int]:
    """The design size where it fits on the screen with room for the desktop's own bars (SCREEN_KEPT), else each
    side cut to what fits (a 1366x768 laptop gets 1334x672, and the window manager is asked to maximise it).
    screen None (it could not be asked): the design size."""
    if screen is None:
        return design
    return (min(design[0], max(1, screen[0] - SCREEN_KEPT[0])), min(design[1], max(1, screen[1] - SCREEN_KEPT[1])))


def _screen_size() -> tuple[int, int] | None:
    try:
        import pyglet

        screen = pyglet.display.get_display().get_default_screen()
        return screen.width, screen.height
    except Exception:  # no display yet is reported by the window's own opening, below
        return None


def _open_window(size: tuple[int, int] | None, title: str, fullscreen: bool, vsync: bool) -> Any:
    rasterise_in_the_drawing_thread()
    display = os.environ.get("DISPLAY")
    if sys.platform.startswith("linux") and not display:
        raise NoDisplayError("no display to open a window on (DISPLAY is not set)")
    maximise = False
    if size is None:
        size = window_size_for_screen(_screen_size())
        maximise = size != DESIGN_SIZE
    try:
        import moderngl_window

        window_cls = moderngl_window.get_local_window_cls("pyglet")
        window = window_cls(
            title=title, size=size, fullscreen=fullscreen, resizable=True, vsync=vsync, gl_version=GL_VERSION
        )
    except Exception as exc:  # pyglet and glcontext raise assorted types for the same trouble
        where = f" on display {display!r}" if display else ""
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise NoDisplayError(f"cannot open an OpenGL {GL_VERSION[0]}.{GL_VERSION[1]} window{where}: {reason}") from exc
    if maximise and not fullscreen:
        window._window.maximize()  # the work area without guessing the desktop's bars; no-op without a window manager
    moderngl_window.activate_context(window=window)
    window.exit_key = None  # Escape and F11 are the app's to bind
    window.fullscreen_key = None
    return window


def _forget_twins(pyglet_window: Any, released: int) -> None:
    """pyglet on X remembers a held key by the symbol its press produced ('{' for Shift+[) and forgets it by the
    symbol its release produces ('[' when Shift came up first), so the key stays "held" and its next press is
    taken for autorepeat and dropped (Shift+[ twice rewound once). A release forgets every symbol its key makes, at
    each shift level: matched by the key each held symbol is first found on, '<' (Shift+,) stayed held, X's keymap
    listing it first on the ISO key beside Shift (so < twice, as a lecturer slows play, slowed it once)."""
    held = getattr(pyglet_window, "pressed_keys", None)  # only where pyglet detects autorepeat through X
    if not held:
        return
    from pyglet.libs.x11 import xlib
    display = pyglet_window.display._display
    keycode = xlib.XKeysymToKeycode(display, released)
    held.difference_update({xlib.XKeycodeToKeysym(display, keycode, level) for level in range(4)})


def _connect_clipboard(window: Any) -> None:
    platform_io = imgui.get_platform_io()
    platform_io.platform_get_clipboard_text_fn = lambda _ctx: window._window.get_clipboard_text()
    platform_io.platform_set_clipboard_text_fn = lambda _ctx, text: window._window.set_clipboard_text(text)


def _connect_events(window: Any, input_: ImGuiInput, app: Any) -> None:
    on_files_dropped = getattr(app, "on_files_dropped", None)

    window.key_event_func = input_.key_event  # shortcuts go to the app once settled, in _run_frames
    window.unicode_char_entered_func = input_.unicode_char_entered
    window.mouse_position_event_func = input_.mouse_position_event
    window.mouse_drag_event_func = input_.mouse_drag_event
    window.mouse_press_event_func = input_.mouse_press_event
    window.mouse_release_event_func = input_.mouse_release_event
    window.mouse_scroll_event_func = input_.mouse_scroll_event
    if on_files_dropped is not None:
        window.files_dropped_event_func = lambda x, y, paths: on_files_dropped([Path(p) for p in paths])
    # pyglet events that moderngl-window does not forward
    window._window.push_handlers(
        on_key_release=lambda symbol, modifiers: _forget_twins(window._window, symbol),
        on_mouse_leave=lambda x, y: input_.mouse_left_window(),
        on_activate=lambda: input_.focus_event(True),
        on_deactivate=lambda: input_.focus_event(False),
    )


def _run_frames(window: Any, host: WindowHost, app: Any, max_fps: float, stop_requested: Callable[[], str]) -> None:
    on_close = getattr(app, "on_close", None)
    on_stop = getattr(app, "on_stop", None)
    on_key = getattr(app, "on_key", None)
    app_status = getattr(app, "status", None)
    status_file = StatusFile.from_environment()
    status_written = -math.inf
    io = imgui.get_io()
    last = time.perf_counter() - 1.0 / max_fps
    while True:
        reason = stop_requested()
        if reason:
            if on_stop is not None:
                on_stop(reason)
            return
        if window.is_closing:
            if on_close is None or on_close():
                return
            window.is_closing = False
            window._window.has_exit = False  # pyglet's own close flag, set by its close button
        host._apply_fullscreen()
        now = time.perf_counter()
        frame_time, last = now - last, now
        window_size, framebuffer_size = window.size, window.buffer_size
        io.display_size = window_size
        if min(window_size) > 0:
            io.display_framebuffer_scale = (framebuffer_size[0] / window_size[0], framebuffer_size[1] / window_size[1])
        io.delta_time = max(frame_time, 1e-6)
        host.fonts.apply_scale(host.ui_scale, host.content_scale)

        new_frame()
        for press in host.input.settled_shortcuts():
            if on_key is not None:
                on_key(press)
        app.on_gui()
        imgui.render()
        window.use()
        host.ctx.clear(*backdrop_rgb())
        app.on_frame(host.ctx, frame_time, window_size, framebuffer_size)
        window.use()
        host.renderer.render(imgui.get_draw_data())

        if status_file is not None and now - status_written >= STATUS_INTERVAL_S:
            status_written = now
            status = host._status()
            if app_status is not None:
                status["app"] = app_status()
            status["clock"] = time.monotonic()  # the system-wide clock, for rates
            status_file.write(status)
        host.frame += 1
        window.swap_buffers()  # also dispatches the input events queued since the last frame
        idle = 1.0 / (WAITING_FPS if host.waiting_only else max_fps) - (time.perf_counter() - now)
        if idle > 0:
            time.sleep(idle)
