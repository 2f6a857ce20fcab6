"""The lab's canvas as one picture: `render` and `animate` (and so the lab's Export and its size estimate) draw, and
the lab's F12 and Ctrl+R take, what the window's canvas widget shows of a run or a comparison.

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

import functools
from collections.abc import Callable, Iterator, Sequence

import moderngl
import numpy as np
from imgui_bundle import imgui
from PIL import Image, ImageDraw, ImageFont

from ganlab_gl.core.snapshot import HeatmapProbe, Rect, Snapshot
from ganlab_gl.render import animate
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


def fill_backdrop(image: np.ndarray, lecture: bool) -> None:
    """(h, w, 4) uint8 `image` all the window's backdrop, opaque."""
    image[...] = (*_rgb255(backdrop_rgb(lecture)), 255)


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


def picture_panes(size: tuple[int, int], panes: int, point_px: float = 1.0) -> list[Box]:
    """The boxes (x, y, w, h), in pixels, of a `size` picture's `panes` runs (CanvasPicture's): one fills it; more
    are squares of whole pixels of one size, as the canvas widget's (`point_px`: CanvasPicture's)."""
    if panes == 1:
        return [(0, 0, *size)]
    points = (0, 0, size[0] / point_px, size[1] / point_px)
    return [tuple(round(v * point_px) for v in on_whole_pixels(box, point_px)) for box in pane_boxes(points, panes)]


def pane_cells(boxes: Sequence[Box]) -> int:
    """The most probe cells a side that a pane of `boxes` (picture_panes) shows: its longer side's pixels. A video
    probes no more (CanvasPicture.past): a 2048² manifold drawn in a 1280x720 frame took 6 s a frame on llvmpipe,
    for nothing seen (1280²: 2 s), and the lab's Export said "about 4 h left" of 401 frames."""
    return max(boxes[0][2:])


class CanvasPicture:
    """`size` (w, h) pixels of the canvas widget's picture of `panes` runs (1: one run filling the image) over the
    data rectangle `rect`, with `settings`' layers and view settings (app.state.ViewConfig: a session's, or the
    defaults) at `pixel_scale` pixels a logical pixel. `canvas`: one dressed as the window's is (a screenshot's:
    CanvasWidget.canvas_as_shown), the picture's to release; None: one of its own, reading snapshots on `device`
    (unused with `canvas`). `shown`: a pane's view as the
    window shows it, for a screenshot: each pane is its picture enlarged (View.enlarged: the screen's look, only
    sharper), and `pixel_scale` is the window's type's pixels a logical pixel, grown as much. `point_px`: pixels a
    point of the window's layout (its framebuffer scale: a HiDPI screen's 2), where the panes lie and how far apart."""

    def __init__(self, ctx: moderngl.Context, device, size: tuple[int, int], rect: Rect, settings, pixel_scale: float,
                 panes: int = 1, canvas: Canvas | None = None, shown: View | None = None, point_px: float = 1.0):
        self.size = size
        self.lecture = bool(settings.display.lecture_mode)
        self.boxes = picture_panes(size, panes, point_px)
        pane = self.boxes[0][2:]
        if shown is None:
            self.view = View.of_canvas(rect, pane, pixel_scale, self.lecture)  # every pane's: one size
            text_scale = lecture_text_scale(size) if self.lecture else pixel_scale
        else:
            self.view = shown.enlarged(pane)
            text_scale = pixel_scale * self.view.pixel_scale / shown.pixel_scale
        self.bridge = Bridge(ctx, device) if canvas is None else None
        if canvas is None:
            canvas = Canvas(ctx, self.bridge, CANVAS_LAYERS)
            canvas.configure(settings)
        self.canvas = canvas
        self.type = CaptionType(text_scale)

    @property
    def rect(self) -> Rect:
        """The data rectangle each pane shows (`rect` fitted to its shape): what to probe over."""
        return self.view.rect

    def draw(self, runs: Sequence[tuple[str, str, Snapshot]],
             on_share: Callable[[float], None] | None = None) -> np.ndarray:
        """(h, w, 4) uint8, top row first, of each run's (tag, label, snapshot), the main run first; one run is
        drawn uncaptioned, filling the image. `on_share`: told the share of the panes drawn (0 to 1) as the draw
        goes (Canvas.render_offscreen's)."""
        width, height = self.size
        image = np.empty((height, width, 4), np.uint8)
        for step in self.steps(image, runs, max(self.size), on_share):
            step()
        return image

    def past(self, runs: Sequence[tuple[str, str, object]], rows: Sequence[int],
             cells: int | None = None, resolution: dict[str, int] | None = None) -> Iterator[tuple[int, np.ndarray]]:
        """(iteration, picture) of each of the main run's timeline `rows`, from each run's (tag, label, trainer), the
        main run first: every run as the lab's rewound panes show it then (animate.past_snapshots), probed over the
        picture's data rectangle (`animate` and the Export dialog's size estimate), at most at the cells a side a
        pane shows (`pane_cells`), or at `cells` where fewer; `resolution` (heatmap_res, manifold_res: `animate`'s
        --heatmap-res, --manifold-res) in place of every run's own, within the same bound."""
        most = pane_cells(self.boxes) if cells is None else min(cells, pane_cells(self.boxes))
        asked = {key: min(value, most) for key, value in (resolution or {}).items()}
        for iteration, snapshots in animate.past_snapshots([trainer for _, _, trainer in runs], rows, most,
                                                           view=self.rect, **asked):
            yield iteration, self.draw([(tag, label, snapshot) for (tag, label, _), snapshot in zip(runs, snapshots)])

    def steps(self, image: np.ndarray, runs: Sequence[tuple[str, str, Snapshot]], tile_px: int,
              on_share: Callable[[float], None] | None = None) -> list[Callable[[], None]]:
        """The picture of `runs` drawn into `image` ((h, w, 4) uint8) a step at a time, in order (a large screenshot
        takes a step a frame): a comparison's backdrop, a band of `tile_px` rows a step (8192x8192 of it at once
        held the window 3 s on a loaded VM); each pane's tiles of at most `tile_px` a side, `on_share` told the
        share of them drawn as each draws (None: not told); its captions."""
        if len(runs) != len(self.boxes):
            raise ValueError(f"canvas picture: {len(runs)} runs for {len(self.boxes)} panes")
        _, _, width, height = self.boxes[0]
        backdrop = [] if len(runs) == 1 else [
            functools.partial(fill_backdrop, image[top:top + tile_px], self.lecture)
            for top in range(0, self.size[1], tile_px)]
        places = [(pane, snapshot, left, top) for pane, (_, _, snapshot) in enumerate(runs)
                  for top in range(0, height, tile_px) for left in range(0, width, tile_px)]

        def tile_share(index: int) -> Callable[[float], None] | None:  # tile `index`'s share, of them all
            return None if on_share is None else lambda share: on_share((index + share) / len(places))

        tiles = [functools.partial(self._draw_tile, image, snapshot, pane, left, top, tile_px, tile_share(index))
                 for index, (pane, snapshot, left, top) in enumerate(places)]
        captions = [] if len(runs) == 1 else [functools.partial(
            self.type.draw, image, self.boxes, pane_captions([(tag, label, snapshot.heatmap)
                                                              for tag, label, snapshot in runs]))]
        return backdrop + tiles + captions

    def _draw_tile(self, image: np.ndarray, snapshot: Snapshot, pane: int, left: int, top: int, tile_px: int,
                   on_share: Callable[[float], None] | None = None) -> None:
        """`snapshot` into `image`'s tile of pane `pane` at (left, top), `tile_px` a side at most; `on_share`: as
        Canvas.render_offscreen's."""
        x, y, width, height = self.boxes[pane]
        tile = (min(tile_px, width), min(tile_px, height))  # one size for every tile: one target
        part = self.view if tile == (width, height) else self.view.part(left, top, tile)
        pixels = self.canvas.render_offscreen(snapshot, tile, view=part, on_share=on_share)
        image[y + top:y + min(top + tile_px, height), x + left:x + min(left + tile_px, width)] = \
            pixels[:height - top, :width - left]

    def release(self) -> None:
        self.canvas.release()
        if self.bridge is not None:
            self.bridge.release()


class CaptionType:
    """The panes' captions drawn with Pillow as the canvas widget draws them with ImGui, in the lab's font at
    `text_scale` pixels a logical pixel (BASE_FONT_SIZE of them a line)."""

    def __init__(self, text_scale: float):
        self.line = max(1, round(BASE_FONT_SIZE * text_scale))  # px a line of the captions takes
        self.font = _font_of_height(self.line)
        self.padding = tuple(max(1, round(p * text_scale)) for p in FRAME_PADDING)

    def draw(self, image: np.ndarray, boxes: Sequence[Box], captions: Sequence[tuple[str, str]]) -> None:
        """Each (tag, caption) over its pane's box (x, y, side, side) in `image` ((h, w, 4) uint8, changed in place);
        only the strip under the captions goes through Pillow (a recording captions every frame)."""
        for (x, y, side, _), (tag, caption) in zip(boxes, captions):
            strip = image[y:y + min(self._most_lines(side) * self.line + 2 * self.padding[1], side), x:x + side]
            picture = Image.fromarray(strip)
            self._caption(ImageDraw.Draw(picture), side, tag, caption)
            strip[...] = np.asarray(picture)

    def _most_lines(self, side: int) -> int:
        return max(CAPTION_LINES_AT_MOST, int(CAPTION_SHARE * side / self.line))

    def _caption(self, draw: ImageDraw.ImageDraw, side: int, tag: str, caption: str) -> None:
        """As CanvasWidget._caption, on a pane `side` wide from (0, 0): the letter on its colour, then the words,
        wrapped to the pane where CAPTION_LINES_AT_MOST lines (or CAPTION_SHARE of a large pane) hold them, else
        each of their first lines cut with "..."; on an opaque white box."""
        pad_x, pad_y = self.padding
        tag_width = round(self.font.getlength(tag)) + 2 * pad_x
        wrap = max(side - tag_width - 2 * pad_x, 1)
        lines = _wrapped(caption, self.font, wrap)
        most = self._most_lines(side)
        if len(lines) > most:
            lines = [fitted(text, wrap, self.font.getlength) for text in caption.split("\n")[:most]]
        text_width = max(round(self.font.getlength(text)) for text in lines)
        right, bottom = min(tag_width + text_width + 2 * pad_x, side), len(lines) * self.line + 2 * pad_y
        draw.rectangle((0, 0, right - 1, bottom - 1), fill=_rgb255(CAPTION_BACKGROUND))
        draw.rectangle((0, 0, tag_width - 1, bottom - 1), fill=_rgb255(RUN_RGB[tag]))
        draw.text((pad_x, pad_y), tag, font=self.font, fill=_rgb255(TAG_TEXT))
        for row, text in enumerate(lines):
            draw.text((tag_width + pad_x, pad_y + row * self.line), text, font=self.font, fill=_rgb255(CAPTION_TEXT))


@functools.lru_cache(maxsize=8)
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
