"""The lab's canvas as one picture, drawn headless: `render` and `animate` (and so the lab's Export) draw what the
window's canvas widget shows of a run or a comparison.

One run fills the image (a figure of any shape). A comparison (comparison.py; a session's compare.json) is laid
out in the image as the canvas widget lays it out in its box: square panes PANE_GAP apart in the grid that makes
them largest (layout.pane_boxes), on whole pixels, centred on the window's backdrop; each pane drawn over the same
data rectangle, its dots and lines as the widget's pane of that size draws them, and captioned over its top edge as
the widget captions it: the run's letter on its colour, then what it differs in, wrapped to the pane, with the
colour scale where the legend does not read the pane right (`pane_captions`). Captions are drawn with Pillow in the
lab's font, BASE_FONT_SIZE pixels a pixel scale, as the window's text at that scale. In lecture mode the points grow
as the window grows them (render.view.LECTURE_POINT_SCALE) and the captions' type is lecture type, a share of the
picture's height as the window's is of the screen's (layout.lecture_text_scale).
"""

from __future__ import annotations

from collections.abc import Sequence

import moderngl
import numpy as np
from imgui_bundle import imgui
from PIL import Image, ImageDraw, ImageFont

from ganlab_gl.core.snapshot import HeatmapProbe, Rect, Snapshot
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.canvas import Canvas
from ganlab_gl.render.layer_table import CANVAS_LAYERS
from ganlab_gl.render.view import View
from ganlab_gl.resources import asset_path

from .canvas_widget import CAPTION_BACKGROUND, CAPTION_LINES_AT_MOST, CAPTION_SHARE, CAPTION_TEXT, on_whole_pixels
from .fonts import BASE_FONT_SIZE, UI_FONT
from .layout import Box, lecture_text_scale, pane_boxes
from .panels.flow import fitted
from .panels.legend import heatmap_scale_words
from .theme import RUN_RGB, WHITE

FRAME_PADDING = (4.0, 3.0)  # ImGui's frame padding at scale 1, around a caption's letter and words
TAG_TEXT = (1.0, 1.0, 1.0, 1.0)  # the letter, on its run's colour


def backdrop_rgb(lecture: bool) -> tuple[float, float, float]:
    """The window's backdrop around and between the panes (imgui_renderer.backdrop_rgb, as the theme sets it, read
    without an ImGui context): ImGui's dark style's window background at the desk, lecture_theme's white."""
    if lecture:
        return WHITE[:3]
    style = imgui.Style()
    imgui.style_colors_dark(style)
    red, green, blue, alpha = style.color_(imgui.Col_.window_bg)
    return red * alpha, green * alpha, blue * alpha


def own_scales(runs: Sequence[tuple[str, HeatmapProbe | None]]) -> set[str]:
    """The tags of a comparison's runs, from each one's (tag, heatmap), the main run first, whose colours the one
    legend (the main run's) does not read right: a critic beside D's probability, D's probability beside a critic,
    and any other critic, whose spread is its own (by kind, not by value, so a caption never comes and goes as
    spreads move)."""
    def kind(heatmap: HeatmapProbe | None) -> str:
        return "probability" if heatmap is None else heatmap.kind

    legend = kind(runs[0][1]) if runs else "probability"
    return {tag for tag, heatmap in runs[1:] if "critic" in (kind(heatmap), legend)}


def pane_captions(runs: Sequence[tuple[str, str, HeatmapProbe | None]]) -> tuple[tuple[str, str], ...]:
    """(tag, caption) of each run of a comparison, from its (tag, label, heatmap), the main run first: its label,
    and under it the colour bar's words where the legend does not read its colours right (`own_scales`)."""
    own = own_scales([(tag, heatmap) for tag, _, heatmap in runs])
    return tuple((tag, f"{label}\n{heatmap_scale_words(heatmap)}" if tag in own else label)
                 for tag, label, heatmap in runs)


class CanvasPicture:
    """`size` (w, h) pixels of the canvas widget's picture of `panes` runs (1: one run filling the image) over the
    data rectangle `rect`, with `settings`' layers and view settings (app.state.ViewConfig: a session's, or the
    defaults) at `pixel_scale` pixels a logical pixel."""

    def __init__(self, ctx: moderngl.Context, device, size: tuple[int, int], rect: Rect, settings, pixel_scale: float,
                 panes: int = 1):
        self.size = size
        self.lecture = bool(settings.display.lecture_mode)
        self.boxes: list[Box] = [(0, 0, *size)] if panes == 1 else [  # whole pixels of one size, as the widget's
            tuple(map(int, on_whole_pixels(box, 1.0))) for box in pane_boxes((0, 0, *size), panes)]
        self.view = View.of_canvas(rect, self.boxes[0][2:], pixel_scale, self.lecture)  # every pane's: one size
        self.bridge = Bridge(ctx, device)
        self.canvas = Canvas(ctx, self.bridge, CANVAS_LAYERS)
        self.canvas.configure(settings)
        text_scale = lecture_text_scale(size) if self.lecture else pixel_scale
        self.line = max(1, round(BASE_FONT_SIZE * text_scale))  # px a line of the captions takes
        self.font = _font_of_height(self.line)
        self.padding = tuple(max(1, round(p * text_scale)) for p in FRAME_PADDING)

    @property
    def rect(self) -> Rect:
        """The data rectangle each pane shows (`rect` fitted to its shape): what to probe over."""
        return self.view.rect

    def draw(self, runs: Sequence[tuple[str, str, Snapshot]]) -> np.ndarray:
        """(h, w, 4) uint8, top row first, of each run's (tag, label, snapshot), the main run first; one run is
        drawn uncaptioned, filling the image."""
        if len(runs) != len(self.boxes):
            raise ValueError(f"canvas picture: {len(runs)} runs for {len(self.boxes)} panes")
        if len(runs) == 1:
            return self.canvas.render_offscreen(runs[0][2], self.size, view=self.view)
        width, height = self.size
        image = np.empty((height, width, 4), np.uint8)
        image[...] = (*_rgb255(backdrop_rgb(self.lecture)), 255)
        for (x, y, side, _), (_, _, snapshot) in zip(self.boxes, runs):
            image[y:y + side, x:x + side] = self.canvas.render_offscreen(snapshot, (side, side), view=self.view)
        picture = Image.fromarray(image)
        draw = ImageDraw.Draw(picture)
        captions = pane_captions([(tag, label, snapshot.heatmap) for tag, label, snapshot in runs])
        for box, (tag, caption) in zip(self.boxes, captions):
            self._caption(draw, box, tag, caption)
        return np.asarray(picture)

    def _caption(self, draw: ImageDraw.ImageDraw, box: Box, tag: str, caption: str) -> None:
        """As CanvasWidget._caption: the letter on its colour, then the words, wrapped to the pane where
        CAPTION_LINES_AT_MOST lines (or CAPTION_SHARE of a large pane) hold them, else each of their first lines cut
        with "..."; over the pane's top edge, on an opaque white box."""
        x, y, side, _ = box
        pad_x, pad_y = self.padding
        tag_width = round(self.font.getlength(tag)) + 2 * pad_x
        wrap = max(side - tag_width - 2 * pad_x, 1)
        lines = _wrapped(caption, self.font, wrap)
        most = max(CAPTION_LINES_AT_MOST, int(CAPTION_SHARE * side / self.line))
        if len(lines) > most:
            lines = [fitted(text, wrap, self.font.getlength) for text in caption.split("\n")[:most]]
        text_width = max(round(self.font.getlength(text)) for text in lines)
        right, bottom = min(x + tag_width + text_width + 2 * pad_x, x + side), y + len(lines) * self.line + 2 * pad_y
        draw.rectangle((x, y, right - 1, bottom - 1), fill=_rgb255(CAPTION_BACKGROUND))
        draw.rectangle((x, y, x + tag_width - 1, bottom - 1), fill=_rgb255(RUN_RGB[tag]))
        draw.text((x + pad_x, y + pad_y), tag, font=self.font, fill=_rgb255(TAG_TEXT))
        for row, text in enumerate(lines):
            draw.text((x + tag_width + pad_x, y + pad_y + row * self.line), text, font=self.font,
                      fill=_rgb255(CAPTION_TEXT))

    def release(self) -> None:
        self.canvas.release()
        self.bridge.release()


def _font_of_height(pixels: int) -> ImageFont.FreeTypeFont:
    """The lab's font as ImGui sizes it: `pixels` from its ascender to its descender (Pillow's size is the em's,
    which made the captions a sixth larger than the window's)."""
    path = str(asset_path(UI_FONT))
    reference = ImageFont.truetype(path, 1000)
    return ImageFont.truetype(path, pixels * 1000 / sum(reference.getmetrics()))


def _wrapped(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """`text`'s lines, each wrapped at spaces to `width` pixels (a word longer than that stands on its own line)."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            longer = f"{line} {word}" if line else word
            if line and font.getlength(longer) > width:
                lines.append(line)
                line = word
            else:
                line = longer
        lines.append(line)
    return lines


def _rgb255(colour: Sequence[float]) -> tuple[int, ...]:
    return tuple(round(255 * c) for c in colour[:3])
