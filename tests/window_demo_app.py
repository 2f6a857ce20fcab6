"""A tiny app on run_window for the window tests (tests/test_window_imgui.py).

An ImGui window with a button and its click counter, a text field, a slider and a
thumbnail (an app texture shown through the renderer's register_texture), over an
orange rectangle that moderngl draws in the scene. Shortcuts: "q" asks to close (the
first request is vetoed by on_close), "f" toggles fullscreen. Everything the tests
check goes into the status file, including each widget's rectangle in window
coordinates so that the tests know where to click.

Run: python tests/window_demo_app.py --title TITLE (exits 3 with one line without a display).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import moderngl
from imgui_bundle import imgui

from ganlab_gl.app.imgui_input import KeyPress
from ganlab_gl.app.window import EXIT_NO_DISPLAY, NoDisplayError, WindowHost, run_window

SCENE_COLOR = (255, 128, 0)
SCENE_RECT = (700, 300, 200, 150)  # x, y from the window's top-left, width, height (window coordinates)
THUMBNAIL_COLOR = (40, 200, 120)
WINDOW_SIZE = (1000, 600)


class DemoApp:
    def __init__(self, host: WindowHost):
        self.host = host
        self.clicks = 0
        self.text = ""
        self.zoom = 0.0
        self.shortcuts: list[str] = []
        self.k_presses_seen_by_imgui = 0
        self.close_requests = 0
        self.scene_center_pixel: list[int] | None = None
        self.rects: dict[str, list[float]] = {}
        self.thumbnail = host.ctx.texture((4, 4), 3, data=bytes(THUMBNAIL_COLOR) * 16)
        self.thumbnail_ref = host.renderer.register_texture(self.thumbnail, bottom_up=False)

    def on_gui(self) -> None:
        imgui.set_next_window_pos((20, 20), imgui.Cond_.always)
        imgui.set_next_window_size((380, 300), imgui.Cond_.always)
        imgui.begin("Demo")
        if imgui.button("Click me"):
            self.clicks += 1
        self._record("button")
        imgui.text(f"Clicks: {self.clicks}")
        self._record("clicks_text")
        _, self.text = imgui.input_text("Name", self.text)
        self._record("text_field")
        _, self.zoom = imgui.slider_float("Zoom", self.zoom, 0.0, 1.0)
        self._record("slider")
        imgui.image(self.thumbnail_ref, (48, 48))
        self._record("thumbnail")
        imgui.end()
        if imgui.is_key_pressed(imgui.Key.k, repeat=False):
            self.k_presses_seen_by_imgui += 1

    def on_frame(
        self, ctx: moderngl.Context, frame_time: float, window_size: tuple[int, int], framebuffer_size: tuple[int, int]
    ) -> None:
        scale = framebuffer_size[0] / window_size[0]
        x, y, width, height = (round(v * scale) for v in SCENE_RECT)
        ctx.clear(*(c / 255 for c in SCENE_COLOR), viewport=(x, framebuffer_size[1] - y - height, width, height))
        if self.scene_center_pixel is None:
            self.scene_center_pixel = self.host.read_pixels()[y + height // 2, x + width // 2].tolist()

    def on_key(self, press: KeyPress) -> None:
        self.shortcuts.append(press.text or imgui.get_key_name(press.key))
        if press.text == "q":
            self.host.request_close()
        elif press.text == "f":
            self.host.fullscreen = not self.host.fullscreen

    def on_close(self) -> bool:
        self.close_requests += 1
        return self.close_requests > 1

    def status(self) -> dict[str, Any]:
        return {
            "clicks": self.clicks,
            "text": self.text,
            "zoom": self.zoom,
            "shortcuts": self.shortcuts,
            "k_presses_seen_by_imgui": self.k_presses_seen_by_imgui,
            "close_requests": self.close_requests,
            "scene_center_pixel": self.scene_center_pixel,
            "rects": self.rects,
        }

    def _record(self, name: str) -> None:
        top_left, bottom_right = imgui.get_item_rect_min(), imgui.get_item_rect_max()
        self.rects[name] = [top_left.x, top_left.y, bottom_right.x - top_left.x, bottom_right.y - top_left.y]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--title", default="ganlab-gl window demo")
    parser.add_argument("--fit-screen", action="store_true", help="no size: the lab's default, fitted to the screen")
    args = parser.parse_args()
    try:
        run_window(DemoApp, size=None if args.fit_screen else WINDOW_SIZE, title=args.title, max_fps=60)
    except NoDisplayError as error:
        print(f"window_demo_app: {error}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    return 0


if __name__ == "__main__":
    sys.exit(main())
