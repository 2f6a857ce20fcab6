"""Where each part of the lab goes in the window: GAN Lab's two views side by side.

A toolbar across the top; on the left the model overview graph (GAN Lab's view A), wide,
with the phase explanation and the settings editor under it; in the middle the
layered-distributions canvas (view B), square, with its legend under it; the timeline bar
at the foot of the graph's column, its curve grown into the room the graph and the folded
settings leave there (given back when the settings open); on the right the
data picker and the metrics. Every size follows the window and the UI scale: the graph
gets at least the width at which its text is as large as the panels' text (when the
window allows), the canvas what remains of its share. With panels hidden (Tab) the canvas
takes the whole window; lecture mode has its own arrangement (lecture_layout).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from imgui_bundle import imgui

from .fonts import BASE_FONT_SIZE
from .panels import flow
from .panels.overview_graph import DESIGN_SIZE, LABEL_SIZE, arrangement, label_for
from .view_settings import LECTURE_SHOWS

Box = tuple[float, float, float, float]  # (x, y, width, height) in window pixels, y down

TOOLBAR_HEIGHT = 44.0  # one row of buttons
TOOLBAR_ROW = 26.0  # each further row (a button and the spacing above it), where the toolbar wraps
SIDE_WIDTH = 340.0
LEGEND_HEIGHT = 150.0  # under the canvas: the colour bar, the density swatches and what a dot is
LEGEND_EMS_AT_LEAST = 10.0  # its width under a comparison's panes, in ems of the panels' text: "manifold density:"
# The canvas gives the legend at most this many ems of its height where that is all the legend lacks for the line
# saying where the meaning of GAN Lab's sentences it has no room for is (at 1920x1080, UI scale 2, it lacked 17 px and
# two sentences went missing without a word): the lab measures it each frame (`legend_short`, px).
LEGEND_POINTER_EMS = 1.0
# At the foot of the graph's column (where the graph leaves room), the timeline bar: rows of buttons (more when
# narrow) over the loss curve. Not under the canvas: a canvas bound by the window's height would shrink for it.
TIMELINE_CURVE = 56.0
TIMELINE_PADDING = 16.0
TIMELINE_SHARE = 1 / 4  # of the column's height, where its design height would take more...
TIMELINE_CURVE_AT_LEAST = 30.0  # ...but never less than its buttons and this much curve (1024x768 at UI scale 2)
# Besides, the bar takes the room the graph's column leaves empty under its settings' header (a graph bound by the
# column's width left 230 px at 1024x768): the lab measures it each frame (`timeline_grown`, px).
MARGIN = 8.0
WINDOW_PADDING = 8.0  # ImGui's, inside each panel, at UI scale 1
PANE_GAP = 6.0  # between a comparison's panes, so two heatmaps never read as one
CANVAS_SHARE = 0.45  # of the width left of the side panel; the graph takes the rest
GRAPH_TEXT_AT_LEAST = 0.75  # the graph's captions at least this share of the panels' text size (11 px)...
GRAPH_TEXT_AT_MOST = 2.2  # ...and at most this (beyond, the canvas gets the room)
GRAPH_SHARE_AT_LEAST = 1 / 3  # of the window: GAN Lab's view A, also beside a comparison's panes
GRAPH_SHARE_AT_MOST = 0.62  # of the width left of the side panel, however large the text (the canvas keeps the rest)


@dataclass(frozen=True)
class Layout:
    toolbar: Box | None
    left: Box | None  # the overview graph and the settings
    right: Box | None  # data and metrics
    canvas: Box  # the square plot area
    legend: Box | None = None  # under the canvas
    timeline: Box | None = None  # under the graph: the timeline bar (panels/timeline.py)
    canvas_gives: float = 0.0  # px of the canvas's height the legend has for its pointer line (`legend_short`)


def graph_width_for_text(text_px: float, share: float) -> float:
    """The graph's width at which its captions are `share` x `text_px` tall."""
    return DESIGN_SIZE[0] * share * text_px / LABEL_SIZE


def compute_layout(window: tuple[float, float], panels: bool, ui_scale: float, toolbar_rows: int = 1,
                   timeline_rows: int = 1, panes: int = 1, timeline_grown: float = 0.0,
                   legend_short: float = 0.0) -> Layout:
    """`toolbar_rows`: the rows the toolbar wraps onto at this width (toolbar.measure_toolbar); `timeline_rows`: the
    rows of the timeline bar's buttons at the graph column's width (timeline.timeline_rows); `panes`: the runs a
    comparison shows, one square pane each (pane_boxes), in the grid that makes them largest; `timeline_grown`: px
    the timeline bar takes from the graph's column above it, which has them to spare; `legend_short`: px the legend
    lacks, under the canvas at its full size, for its pointer line (legend.Explained), which the canvas gives where
    they are at most LEGEND_POINTER_EMS."""
    width, height = window
    if not panels:
        return Layout(None, None, None, _grid_box(0, 0, width, height, panes))
    bar = (TOOLBAR_HEIGHT + (toolbar_rows - 1) * TOOLBAR_ROW) * ui_scale
    side = min(SIDE_WIDTH * ui_scale, width / 4)
    rest = width - side
    text_px = BASE_FONT_SIZE * ui_scale
    graph = min(max(rest * (1 - CANVAS_SHARE), graph_width_for_text(text_px, GRAPH_TEXT_AT_LEAST)),
                graph_width_for_text(text_px, GRAPH_TEXT_AT_MOST), rest * GRAPH_SHARE_AT_MOST)
    if panes > 1:  # a comparison's panes may take width down to the graph's floor; the graph gets what they leave
        graph = min(graph, max(graph_width_for_text(text_px, GRAPH_TEXT_AT_LEAST), width * GRAPH_SHARE_AT_LEAST))
    panes_h = height - bar - LEGEND_HEIGHT * ui_scale - 2 * MARGIN
    _, _, canvas_w, canvas_h = _grid_box(0, 0, rest - graph - 2 * MARGIN, panes_h, panes)
    column = canvas_w  # the canvas's column: as wide as the panes...
    if panes > 1:  # ...but never too narrow for the legend under them (two panes one above the other left it 150 px
        # at 1024x768, UI scale 2): the graph gives the width, down to its share of the window
        column = max(canvas_w, min(LEGEND_EMS_AT_LEAST * text_px, rest - width * GRAPH_SHARE_AT_LEAST - 2 * MARGIN))
        _, _, canvas_w, canvas_h = _grid_box(0, 0, column, panes_h, panes)
    graph = rest - column - 2 * MARGIN  # what the canvas leaves
    full_height = canvas_h
    if 0.0 < legend_short <= LEGEND_POINTER_EMS * text_px:  # the column, and so the legend's lines, keep their width
        _, _, canvas_w, canvas_h = _grid_box(0, 0, column, canvas_h - legend_short, panes)
    body_y, body_h = bar, max(height - bar, 1)
    column_x, canvas_y = graph + MARGIN, body_y + MARGIN
    canvas_x = column_x + (column - canvas_w) / 2
    buttons = (timeline_rows * TOOLBAR_ROW + TIMELINE_PADDING) * ui_scale
    timeline = min(buttons + TIMELINE_CURVE * ui_scale,  # as designed, or a quarter of the column if less...
                   max(body_h * TIMELINE_SHARE, buttons + TIMELINE_CURVE_AT_LEAST * ui_scale))  # ...keeping a curve
    timeline = min(timeline + max(timeline_grown, 0.0), body_h - 1.0)
    return Layout(toolbar=(0.0, 0.0, width, bar), left=(0.0, body_y, graph, body_h - timeline),
                  right=(width - side, body_y, side, body_h), canvas=(canvas_x, canvas_y, canvas_w, canvas_h),
                  legend=(column_x, canvas_y + canvas_h, column, max(height - canvas_y - canvas_h, 1.0)),
                  timeline=(0.0, height - timeline, graph, timeline), canvas_gives=full_height - canvas_h)


def desk_layout(window: tuple[float, float], panels: bool, ui_scale: float, toolbar_rows: int,
                timeline_rows: Callable[[float], int], panes: int = 1, timeline_grown: float = 0.0,
                legend_short: float = 0.0) -> Layout:
    """compute_layout with as many rows for the timeline bar's buttons as they need at its width
    (`timeline_rows(width)`; the graph column's width does not depend on them)."""
    layout = compute_layout(window, panels, ui_scale, toolbar_rows, panes=panes)
    if layout.timeline is None:
        return layout
    return compute_layout(window, panels, ui_scale, toolbar_rows, timeline_rows(layout.timeline[2]), panes,
                          timeline_grown, legend_short)


class DeskLayouts:
    """desk_layout kept for its inputs: the lab asks twice a frame (before and after the timeline bar's growth), for
    a layout that changes with the window, the scale, the toolbar's rows, a comparison, the bar's growth or the
    legend's shortfall. The font
    and the spacings are among them: the timeline bar's buttons are measured in them."""
    KEPT_AT_MOST = 16  # layouts (a window dragged to a new size makes one a frame): past this, made again

    def __init__(self) -> None:
        self._kept: dict[tuple, Layout] = {}

    def __call__(self, window: tuple[float, float], panels: bool, ui_scale: float, toolbar_rows: int,
                 timeline_rows: Callable[[float], int], panes: int = 1, timeline_grown: float = 0.0,
                 legend_short: float = 0.0) -> Layout:
        style = imgui.get_style()
        key = (tuple(window), panels, ui_scale, toolbar_rows, timeline_rows, panes, timeline_grown, legend_short,
               flow.font_key(), style.window_padding.x, style.item_spacing.x, style.frame_padding.x)
        layout = self._kept.get(key)
        if layout is None:
            if len(self._kept) >= self.KEPT_AT_MOST:
                self._kept.clear()
            layout = self._kept[key] = desk_layout(window, panels, ui_scale, toolbar_rows, timeline_rows, panes,
                                                   timeline_grown, legend_short)
        return layout


def pane_grid(panes: int, width: float, height: float) -> tuple[int, int, float]:
    """(columns, rows, side): the grid of `panes` square panes, PANE_GAP apart, that makes them largest in
    width x height (four: 2 x 2 in a square; two: side by side in a wide area, one above the other in a tall one)."""
    best = (1, panes, 1.0)
    for columns in range(1, panes + 1):
        rows = -(-panes // columns)
        side = max(min((width - (columns - 1) * PANE_GAP) / columns, (height - (rows - 1) * PANE_GAP) / rows), 1.0)
        if side > best[2]:
            best = (columns, rows, side)
    return best


def _grid_box(x: float, y: float, width: float, height: float, panes: int) -> Box:
    """The box of `panes` square panes at their largest, centred in the given one."""
    columns, rows, side = pane_grid(panes, width, height)
    grid_w, grid_h = columns * side + (columns - 1) * PANE_GAP, rows * side + (rows - 1) * PANE_GAP
    return (x + (width - grid_w) / 2, y + (height - grid_h) / 2, grid_w, grid_h)


def pane_boxes(box: Box, panes: int) -> list[Box]:
    """The square panes of a comparison in `box`, row by row; one pane fills a square box."""
    columns, rows, side = pane_grid(panes, box[2], box[3])
    x0, y0, _, _ = _grid_box(*box, panes)
    step = side + PANE_GAP
    return [(x0 + (index % columns) * step, y0 + (index // columns) * step, side, side) for index in range(panes)]


# The lab's tiled windows: placed by the layout, never moved or resized, and without a background of their own
# (the renderer clears the frame to it: imgui_renderer.backdrop_rgb), a screen of blended fill saved per frame.
# Tiled, they never need to come to the front: focused by a click or F6 they stayed over the help.
FIXED_WINDOW_FLAGS = (imgui.WindowFlags_.no_move | imgui.WindowFlags_.no_resize | imgui.WindowFlags_.no_collapse
                      | imgui.WindowFlags_.no_saved_settings | imgui.WindowFlags_.no_background
                      | imgui.WindowFlags_.no_bring_to_front_on_focus)


def fixed_panel(title: str, box: Box, body: Callable[[], None], titled: bool = True, scroll_bar: bool = True,
                flags: int = 0) -> None:
    """An ImGui window at `box` that the user cannot move or resize; titles starting with ## show no title bar, nor
    do the others where not `titled`; without `scroll_bar` its content keeps its width where it overruns the box
    (the legend measures how far, legend.LegendFit). `flags`: ImGui's window flags besides those."""
    x, y, width, height = box
    imgui.set_next_window_pos((x, y))
    imgui.set_next_window_size((width, height))
    flags |= FIXED_WINDOW_FLAGS | (imgui.WindowFlags_.no_title_bar if title.startswith("##") or not titled else 0)
    flags |= 0 if scroll_bar else imgui.WindowFlags_.no_scrollbar
    shown = imgui.begin(title, None, flags)[0]
    border = imgui.get_style().window_border_size
    if border > 0:  # ImGui leaves a window without a background unframed; the panels keep their frames
        (left, top), (across, down) = imgui.get_window_pos(), imgui.get_window_size()  # ImGui's whole pixels
        frame = imgui.get_window_draw_list()
        frame.push_clip_rect((left, top), (left + across, top + down))  # the frame lies outside the content's clip
        frame.add_rect((left, top), (left + across, top + down), imgui.get_color_u32(imgui.Col_.border),
                       thickness=border)
        frame.pop_clip_rect()
    if shown:
        body()
    imgui.end()


LECTURE_SHOWS_GRAPH = LECTURE_SHOWS[0]
LECTURE_TEXT_SHARE = 0.028  # lecture text height as a share of the screen's: readable from the back of a room
LECTURE_STATUS_LINES = 1.6
LECTURE_LEGEND_LINES = 3.5  # the dots' key, the colour bar, its ends' labels (fewer lines gave a scrolling legend)
# the dots' key in one row ("Each dot is a sample: ● real ● fake ●→ gradient for G"), in ems
LECTURE_KEY_EMS = 29.0
LECTURE_TEXT_LINES = 8.5  # under the graph at least: two lines of explanation and a loss chart with room for lines
LECTURE_PANES_SHARE = 0.5  # a comparison's panes get at least this share of the width beside the graph
LECTURE_SIDE_LEGEND_EMS = 10.0  # the canvas alone leaves this much each side: the legend and the text go there
LECTURE_GRAPH_AT_LEAST = 0.7  # of its height: what the graph keeps where the text under it needs more room


@dataclass(frozen=True)
class LectureLayout:
    status: Box  # the iteration and what plays, across the top
    canvas: Box
    legend: Box | None  # under the canvas (the canvas alone: left of it)
    graph: Box | None  # the overview graph
    text: Box | None  # the current phase's explanation and the loss chart (the canvas alone: right of it)


def lecture_text_scale(window: tuple[float, float]) -> float:
    """The UI scale that makes text LECTURE_TEXT_SHARE of the screen's height."""
    return LECTURE_TEXT_SHARE * window[1] / BASE_FONT_SIZE


def lecture_layout(window: tuple[float, float], shows: str, ui_scale: float, panes: int = 1,
                   text_height: float = 0.0) -> LectureLayout:
    """The whole screen used, no bars: the canvas at the right, full height where the graph lets it;
    the graph at the left with its captions as large as the text; the explanation and chart under it.
    `panes`: the runs a comparison shows, one square pane each; `text_height`: px the text under the graph needs
    (GAN Lab's sentences that the legend has no room for, with the explanation and the chart): the graph gives it
    that room, down to LECTURE_GRAPH_AT_LEAST of its height."""
    width, height = window
    font = BASE_FONT_SIZE * ui_scale
    line = font * 1.25
    status = (0.0, 0.0, width, LECTURE_STATUS_LINES * line)
    top = status[3]
    body = height - top
    if shows == LECTURE_SHOWS[2]:  # the canvas at its largest, centred; where the margins have room, the legend at
        canvas = _grid_box(0.0, top, width, body, panes)  # its left, the explanation and the chart at its right
        if canvas[0] < LECTURE_SIDE_LEGEND_EMS * font:
            return LectureLayout(status, canvas, None, None, None)
        right = canvas[0] + canvas[2]
        return LectureLayout(status, canvas, (0.0, top, canvas[0], body), None, (right, top, width - right, body))

    def canvas_size(room_width: float) -> tuple[float, float]:
        """The panes' grid in `room_width` over a legend whose dots' key wraps where the grid is narrow (onto up
        to three rows; a grid made shorter for them may be narrower still, so until the rows suffice)."""
        key_rows = 1
        while True:
            _, _, canvas_w, canvas_h = _grid_box(0.0, 0.0, room_width,
                                                 body - (LECTURE_LEGEND_LINES + key_rows - 1) * line, panes)
            needed = min(3, math.ceil(LECTURE_KEY_EMS * font / canvas_w))
            if needed <= key_rows:
                return canvas_w, canvas_h
            key_rows = needed

    if shows == LECTURE_SHOWS[1]:
        canvas_w, canvas_h = canvas_size(width * 0.6)
        left = width - canvas_w
        return LectureLayout(status, (left, top, canvas_w, canvas_h), (left, top + canvas_h, canvas_w, body - canvas_h),
                             None, (0.0, top, left, body))
    graph_width = graph_width_for_text(BASE_FONT_SIZE * ui_scale, 1.0)
    # A comparison's panes first (its charts go under them), the graph fits what is left, in smaller text.
    canvas_share = LECTURE_PANES_SHARE if panes > 1 else 0.3
    canvas_w, canvas_h = canvas_size(max(width - graph_width, width * canvas_share))
    left = width - canvas_w
    # The graph's height for the arrangement its panel draws there (captions up to the text; overview.py), or what
    # the explanation leaves it.
    design = arrangement(label_for(left - 2 * WINDOW_PADDING * ui_scale, font))
    graph_height = min(left * design.size[1] / design.size[0], body - LECTURE_TEXT_LINES * line)
    graph_height = max(min(graph_height, body - text_height), LECTURE_GRAPH_AT_LEAST * graph_height)
    return LectureLayout(status, (left, top, canvas_w, canvas_h), (left, top + canvas_h, canvas_w, body - canvas_h),
                         (0.0, top, left, graph_height), (0.0, top + graph_height, left, body - graph_height))
