"""Where each part of the lab goes in the window: GAN Lab's arrangement.

A toolbar across the top; on the left the model overview graph and editor; on the
right the metrics and data; the layered-distributions canvas in the middle, square.
With panels hidden (Tab, lecture mode) the canvas takes the whole window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from imgui_bundle import imgui

Box = tuple[float, float, float, float]  # (x, y, width, height) in window pixels, y down

TOOLBAR_HEIGHT = 44.0
SIDE_WIDTH = 340.0
MARGIN = 8.0


@dataclass(frozen=True)
class Layout:
    toolbar: Box | None
    left: Box | None
    right: Box | None
    canvas: Box  # the square plot area


def compute_layout(window: tuple[float, float], panels: bool, ui_scale: float) -> Layout:
    width, height = window
    if not panels:
        return Layout(None, None, None, _square(0, 0, width, height))
    bar = TOOLBAR_HEIGHT * ui_scale
    side = min(SIDE_WIDTH * ui_scale, width / 4)
    body_y, body_h = bar, max(height - bar, 1)
    left = (0.0, body_y, side, body_h)
    right = (width - side, body_y, side, body_h)
    middle = _square(side + MARGIN, body_y + MARGIN, width - 2 * (side + MARGIN), body_h - 2 * MARGIN)
    return Layout((0.0, 0.0, width, bar), left, right, middle)


def _square(x: float, y: float, width: float, height: float) -> Box:
    size = max(min(width, height), 1.0)
    return (x + (width - size) / 2, y + (height - size) / 2, size, size)


def fixed_panel(title: str, box: Box, body: Callable[[], None]) -> None:
    """An ImGui window at `box` that the user cannot move or resize; titles starting with ## show no title bar."""
    x, y, width, height = box
    imgui.set_next_window_pos((x, y))
    imgui.set_next_window_size((width, height))
    flags = (imgui.WindowFlags_.no_move | imgui.WindowFlags_.no_resize | imgui.WindowFlags_.no_collapse
             | imgui.WindowFlags_.no_saved_settings | (imgui.WindowFlags_.no_title_bar if title.startswith("##") else 0))
    if imgui.begin(title, None, flags)[0]:
        body()
    imgui.end()
