"""Legends for the canvas: the heatmap's colours and the manifold's density-to-opacity map.

Both come from the renderer's own functions (render.colormap, ManifoldLayer.legend), so
the legend cannot drift from what the shaders draw.
"""

from __future__ import annotations

import numpy as np
from imgui_bundle import imgui

from ganlab_gl.core.snapshot import HeatmapProbe
from ganlab_gl.render.canvas import BACKGROUND_RGBA
from ganlab_gl.render.colormap import FAKE_RGBA, REAL_RGBA, heatmap_color
from ganlab_gl.render.layers.manifold import LegendEntry

BAR_STEPS = 48
BAR_HEIGHT = 14.0
SWATCH = 18.0


def _u32(rgb, alpha: float = 1.0) -> int:
    return imgui.get_color_u32((float(rgb[0]), float(rgb[1]), float(rgb[2]), alpha))


def draw_sample_legend() -> None:
    """GAN Lab's "Each dot is a sample": a real and a fake dot in the canvas's colours."""
    draw_list = imgui.get_window_draw_list()
    radius = imgui.get_font_size() * 0.3
    imgui.text("Each dot is a sample:")
    for rgba, name in ((REAL_RGBA, "real"), (FAKE_RGBA, "fake")):
        imgui.same_line()
        corner = imgui.get_cursor_screen_pos()
        centre = (corner.x + radius * 1.5, corner.y + imgui.get_text_line_height() / 2)
        draw_list.add_circle_filled(centre, radius, _u32(rgba[:3]))
        imgui.dummy((radius * 3, imgui.get_text_line_height()))
        imgui.same_line()
        imgui.text(name)


def draw_heatmap_legend(heatmap: HeatmapProbe | None) -> None:
    """A purple-grey-green bar with its scale: D's probability, or the squashed critic score."""
    width = imgui.get_content_region_avail().x
    origin = imgui.get_cursor_screen_pos()
    draw_list = imgui.get_window_draw_list()
    colors = heatmap_color(np.linspace(0.0, 1.0, BAR_STEPS))
    step = width / BAR_STEPS
    for index, rgb in enumerate(colors):
        x = origin.x + index * step
        draw_list.add_rect_filled((x, origin.y), (x + step + 1, origin.y + BAR_HEIGHT), _u32(rgb))
    imgui.dummy((width, BAR_HEIGHT))
    if heatmap is None or heatmap.kind == "probability":
        left, middle, right = "fake  0", "D = 0.5", "1  real"
    else:
        spread = float(heatmap.display_scale)
        left, middle, right = f"{-2 * spread:+.3g}", "critic 0", f"{2 * spread:+.3g}"
    imgui.text_disabled(left)
    imgui.same_line(width / 2 - imgui.calc_text_size(middle).x / 2)
    imgui.text_disabled(middle)
    imgui.same_line(width - imgui.calc_text_size(right).x)
    imgui.text_disabled(right)
    if heatmap is not None and heatmap.kind == "critic" and imgui.is_item_hovered():
        imgui.set_tooltip("critic scores s are shown as sigmoid(s / spread), spread = 1.4826 x median |s| "
                          "over the grid; the ends mark +-2 spreads")


def draw_density_legend(entries: list[LegendEntry], one_dimensional: bool) -> None:
    """Swatches of the manifold's opacity at a few densities, relative to the even spread."""
    draw_list = imgui.get_window_draw_list()
    background = BACKGROUND_RGBA[:3]
    for index, entry in enumerate(entries):
        if index:
            imgui.same_line()
        corner = imgui.get_cursor_screen_pos()
        mixed = [entry.opacity * f + (1 - entry.opacity) * b for f, b in zip(FAKE_RGBA[:3], background)]
        draw_list.add_rect_filled(corner, (corner.x + SWATCH, corner.y + SWATCH), _u32(mixed))
        imgui.dummy((SWATCH, SWATCH))
        imgui.same_line()
        imgui.text_disabled(f"{entry.ratio:g}x")
    unit = "length" if one_dimensional else "area"
    imgui.push_text_wrap_pos(0.0)  # wrap at the panel's edge
    imgui.text_disabled(f"manifold density per unit {unit}, relative to noise spread evenly over the view")
    imgui.pop_text_wrap_pos()
