"""The whole lab without a window: a stand-in host, the real ImGui renderer, EGL.

`headless_lab(ctx, size)` builds a `Lab` whose frame runs as window.py runs it
(`draw_frame`), into an offscreen framebuffer of the window's size, and frees it all after,
leaving a shared context's framebuffer binding as found. Tests
(test_app_lab_headless.py) and bench/frame_cost.py use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import moderngl
from imgui_bundle import imgui, implot

from ganlab_gl.app.fonts import UiFonts, new_frame
from ganlab_gl.app.imgui_renderer import ImGuiRenderer, backdrop_rgb
from ganlab_gl.app.lab import Lab
from ganlab_gl.app.state import AppState
from ganlab_gl.app.theme import theme_for


@dataclass
class StandInHost:
    """The parts of window.WindowHost the lab uses."""
    ctx: moderngl.Context
    renderer: ImGuiRenderer
    window_size: tuple[int, int]
    framebuffer_size: tuple[int, int]
    content_scale: float = 1.0
    ui_scale: float = 1.0
    fullscreen: bool = False
    fonts: UiFonts | None = None  # the window's font and theme, applied at ui_scale before each frame (fonts=True)
    waiting_only: bool = False  # window.WindowHost's: the lab's frames only show it waiting

    def request_close(self) -> None:
        raise AssertionError("the lab asked to close")


@contextmanager
def headless_lab(ctx: moderngl.Context, size: tuple[int, int], state: AppState | None = None,
                 screenshot_dir: Path | None = None,
                 framebuffer_scale: float = 1.0,
                 fonts: bool = False) -> Iterator[tuple[Lab, ImGuiRenderer, moderngl.Framebuffer]]:
    """(lab, renderer, target) with ImGui and ImPlot contexts of their own; `framebuffer_scale` framebuffer pixels
    per point of the window's `size` (a HiDPI screen); `fonts`: the window's font, theme and UI scale (lecture
    mode's large type), where ImGui's own 13 px font at every scale would do otherwise."""
    imgui.create_context()
    implot.create_context()
    io = imgui.get_io()
    io.set_ini_filename(None)
    io.display_size = size
    io.delta_time = 1 / 30
    renderer = ImGuiRenderer(ctx)
    framebuffer = (round(size[0] * framebuffer_scale), round(size[1] * framebuffer_scale))
    io.display_framebuffer_scale = (framebuffer[0] / size[0], framebuffer[1] / size[1])
    target = ctx.simple_framebuffer(framebuffer)
    previous = ctx.fbo  # a shared context outlives the lab: leave its binding as found
    state = state or AppState()
    host = StandInHost(ctx, renderer, size, framebuffer, fonts=UiFonts(theme=theme_for(state)) if fonts else None)
    lab = Lab(host, state, screenshot_dir=screenshot_dir)
    try:
        yield lab, renderer, target
    finally:
        lab.release()
        ctx.fbo = previous
        renderer.release()
        target.release()
        implot.destroy_context()
        imgui.destroy_context()


def draw_frame(lab: Lab, renderer: ImGuiRenderer, target: moderngl.Framebuffer,
               between: Callable[[], None] | None = None) -> None:
    """One frame in window.py's order; `between` runs after ImGui recorded the draw data."""
    if lab.host.fonts is not None:
        lab.host.fonts.apply_scale(lab.host.ui_scale, 1.0)
    new_frame()
    lab.on_gui()
    imgui.render()
    if between is not None:
        between()
    target.use()
    lab.ctx.clear(*backdrop_rgb())
    size = target.size
    lab.on_frame(lab.ctx, 1 / 30, size, size)
    target.use()
    renderer.render(imgui.get_draw_data())
