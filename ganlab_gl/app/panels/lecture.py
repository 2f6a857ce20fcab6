"""Lecture mode's panels: the iteration across the top, the current phase's explanation in large type (outside a
phase, what the desk's graph column says: overview.situation_words) with the loss chart under it. The graph and the
canvas are the desk's own, laid out by layout.lecture_layout."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from imgui_bundle import imgui

from ganlab_gl.app.actions import Action, key_of
from ganlab_gl.app.fonts import BASE_FONT_SIZE
from ganlab_gl.app.lab_frame import LabFrame
from ganlab_gl.app.panels import flow
from ganlab_gl.app.panels.legend import draw_explanations, explanations_height
from ganlab_gl.app.panels.metrics import MetricsPanel
from ganlab_gl.app.panels.overview import (SITUATIONS, arrows_drawn, draw_explanation, explanation_room,
                                          phase_explanation, situation_words)
from ganlab_gl.app.panels.timeline import rewound_statuses
from ganlab_gl.app.state import AppState, Notice
from ganlab_gl.core.presets import data_title

CHART_LINE_WEIGHT = 3.0  # px at scale 1; a projector loses thin lines
# GAN Lab's sentences for the canvas's layers, in the first of these shares of lecture type in which they all fit their
# room: whole, read from the back of a room, where they fit (they were 0.8 of it everywhere; whole, they fit showing
# the canvas and chart, or the canvas alone, at 1280x800 and 1920x1080; 0.9 beside the chart at 1920x1080, where
# whole they need 376 px of 292); else 0.8, as many as fit (2.2% of the screen's height: at 2.8% they fitted nowhere
# in the graph's view), which sizes the text box's room for them (lecture_text_height), so the graph keeps its height
# (under the canvas at 1280x800 they need 172 px at 0.8, 190 at 0.9, of 187)
LECTURE_SENTENCE_TYPES = (1.0, 0.9, 0.8)
LECTURE_SENTENCE_TYPE = LECTURE_SENTENCE_TYPES[-1]
SENTENCES_BESIDE_EMS = 32.0  # a text box this wide, in ems, has GAN Lab's sentences beside the chart...
# ...in this share of its width: at 0.6 the chart's plot at 1920x1080 was 364 px wide, its stalemate lines' names
# ("D stalemate 0.68", 225 px in lecture type) over half of it, and unnamed
SENTENCES_BESIDE_SHARE = 0.5
# The notices' colours, dark for the lecture theme's light background (the desk's are light, on a dark box).
LECTURE_NOTICE_COLORS = {"info": (0.25, 0.25, 0.25, 1.0), "warning": (0.65, 0.35, 0.0, 1.0),
                         "error": (0.75, 0.1, 0.1, 1.0)}
LECTURE_NOTICES = 2  # shown at once beside the status: a preset pick's and the run it kept
# After the status; a notice beside it takes its room
LECTURE_KEYS_HINT = f"   ({key_of(Action.CYCLE_PANELS)}: what is shown, {key_of(Action.LECTURE)}: leave)"


def draw_lecture_status(frame: LabFrame, playing: bool, speed: str, notices: Sequence[Notice],
                        strip: tuple[float, float]) -> tuple[float, float, float, float] | None:
    """The iteration and what plays, at what `speed` (view_settings.pace_words); then the LECTURE_NOTICES latest
    `notices` (oldest first) in the room beside them, within the status strip (`strip`: its top and height on the
    screen): on its line, else in rows of a smaller type (LECTURE_NOTICE_ROWS), else so in brief (Notice.brief),
    the last row cut where they need more. Their further lines hung under the strip for their seconds, over the top
    of the graph and the canvas (a box over the loss chart, at the foot, hid its axis). The latest alone hid a
    preset pick's notice at once behind its second, "Ctrl+Z brings back the run ...": the class never saw what it
    brought. Returns the notices' box (x, y, width, height), or None where none shows."""
    notices = list(notices)[-LECTURE_NOTICES:]
    runs = f"   {len(frame.comparison)} runs side by side" if frame.comparison else ""
    data = data_title(frame.dataset.name, frame.dataset.file)
    gap = 2 * imgui.get_font_size()
    room = imgui.get_content_region_avail().x
    beside = gap + imgui.calc_text_size(notices[0].text).x if notices else 0.0
    # rewound, the longest of its wordings that fits, each ending in the key back (cut, the longest lost it)
    statuses = [f"Iteration {frame.counted_iteration:,}   {motion}   {data}{runs}"
                for motion in rewound_statuses(frame) or (f"{'playing' if playing else 'paused'}, {speed}",)]
    status = flow.first_fitting(statuses, room - beside) or statuses[-1]
    keys = f"{status}{LECTURE_KEYS_HINT}"
    if imgui.calc_text_size(keys).x + beside > room:
        keys = status  # the keys' hint gives its room to the notices (at 1024x768 it was cut to "s."), or to the
    imgui.text(flow.fitted(keys, room))  # status itself (rewound, four runs: the hint ran past the screen's edge)
    if not notices:
        return None
    imgui.same_line(0.0, gap)
    left, room = imgui.get_cursor_screen_pos().x, imgui.get_content_region_avail().x
    forms = (notices, [Notice(notice.brief or notice.text, notice.level) for notice in notices])
    for said, (type_scale, most) in itertools.product(forms, LECTURE_NOTICE_ROWS):  # the largest type that holds
        # them whole, else in brief
        imgui.push_font(None, imgui.get_style().font_size_base * type_scale)  # times the UI's scales, as all text
        rows = notice_rows(said, room)
        if len(rows) <= most or (said is forms[-1] and (type_scale, most) == LECTURE_NOTICE_ROWS[-1]):
            break
        imgui.pop_font()
    rows = rows if len(rows) <= most else cut_rows(rows, most, room)
    pitch = imgui.get_text_line_height()
    top = strip[0] + (strip[1] - len(rows) * pitch) / 2 if len(rows) > 1 else imgui.get_cursor_screen_pos().y
    draw_list, font, size = imgui.get_window_draw_list(), imgui.get_font(), imgui.get_font_size()
    for row, pieces in enumerate(rows):  # drawn, not laid out: rows reaching the strip's padding scroll nothing
        x = left
        for text, level in pieces:
            draw_list.add_text(font, size, (x, top + row * pitch), imgui.get_color_u32(LECTURE_NOTICE_COLORS[level]),
                               text)
            x += flow.text_width(text)
    right = left + max(sum(flow.text_width(text) for text, _ in pieces) for pieces in rows)
    imgui.pop_font()
    imgui.dummy((right - left, 0.0))  # the notices' width, on the status's line
    return left, top, right - left, len(rows) * pitch


NOTICE_GAP = "   "  # between two notices on a row
# Lecture mode's notices in the status strip (two ems tall): (share of lecture type, rows at most), the first that
# holds them whole, else in brief (Notice.brief), each filling at most 0.9 of the strip (the longest preset's notice
# took three rows of lecture type at 1024x768 beside the status, 1716 px, and two of 0.9 hold 1264). Three rows of
# 0.6 held a preset pick's two notices whole at 1024x768, in type too small to read from the back of a room.
LECTURE_NOTICE_ROWS = ((1.0, 1), (0.9, 2))


def notice_rows(notices: Sequence[Notice], room: float) -> list[list[tuple[str, str]]]:
    """The `notices`' words in the current font flowed into rows of `room` px, each notice after the one before it
    (NOTICE_GAP apart), a row as (text, level) pieces; a word wider than `room` cut to it with "..."."""
    flowed: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    for notice in notices:
        for index, word in enumerate(notice.text.split(" ")):
            piece = (NOTICE_GAP if index == 0 else " ") + word if flowed[-1] else word
            if flowed[-1] and used + flow.text_width(piece) > room:
                flowed.append([])
                used, piece = 0.0, word
            if not flowed[-1]:  # a word wider than a whole row (a session's path) ends in "...", not clipped
                piece = flow.fitted(piece, room)
            if flowed[-1] and flowed[-1][-1][1] == notice.level and index:
                flowed[-1][-1] = (flowed[-1][-1][0] + piece, notice.level)
            else:
                flowed[-1].append((piece, notice.level))
            used += flow.text_width(piece)
    return flowed


def cut_rows(rows: list[list[tuple[str, str]]], most: int, room: float) -> list[list[tuple[str, str]]]:
    """The first `most` of notice_rows' `rows`, the last cut with "..." (it says there is more)."""
    last = rows[most - 1]
    text, level = last[-1]
    kept = flow.fitted(f"{text} ...", room - sum(flow.text_width(piece) for piece, _ in last[:-1]))
    return [*rows[:most - 1], [*last[:-1], (kept if kept.endswith("...") else f"{kept}...", level)]]


def draw_lecture_text(frame: LabFrame, metrics: MetricsPanel, state: AppState, chart: bool = True,
                      sentences: set[str] = frozenset()) -> None:
    """The phase's explanation, else what the desk's graph column says in `state`'s situation (what a manual step
    changed, what to watch while playing, what a pause offers, where a rewound lab stands; a lecturer stepping D
    saw only how to start); GAN Lab's `sentences` for the canvas's layers that its legend had no room for
    (legend.EXPLANATIONS' names), beside the chart where the box is wide (sentences_beside), else above it, as
    many as leave the chart its least height (MetricsPanel.named_chart_px); then, with `chart`, the loss chart in
    the height left (a comparison's D and G charts side by side)."""
    words, _ = situation_words(frame, state.playing, state.slow_motion, state.shown_config().train, state.drawing,
                               arrows_drawn(state.view))
    # Undimmed, unlike the desk's hints: grey on the lecture theme's light background fades on a projector.
    # In the tallest words' height, as lecture_text_height sized the box: the chart and sentences under them held
    # still (the chart taking the lines a short phase left, they jumped every phase of a slow-motion walk).
    explanation = "" if frame.phase is None else phase_explanation(frame.phase, frame.step_change,
                                                                    frame.snapshot.d_kind)
    draw_explanation(frame.phase, words, steps=False, explanation=explanation)
    if sentences and chart and sentences_beside(imgui.get_content_region_avail(), bool(frame.comparison)):
        column = sentence_column(imgui.get_content_region_avail().x)
        room = imgui.get_content_region_avail().y
        if imgui.begin_child("##sentences", (column, room), 0, imgui.WindowFlags_.no_background):
            draw_explanations(sentences, type_scale=sentence_type(sentences, column, room), dim=False)
        imgui.end_child()
        imgui.same_line()
    elif sentences:
        keep = metrics.named_chart_px() + imgui.get_style().item_spacing.y if chart else 0.0  # after the last's spacing
        room = imgui.get_content_region_avail()
        draw_explanations(sentences, keep=keep, type_scale=sentence_type(sentences, room.x, room.y - keep), dim=False)
    if chart:
        draw_lecture_chart(frame, metrics)


def sentence_type(shown: set[str], width: float, room: float) -> float:
    """The share of lecture type GAN Lab's `shown` sentences are drawn in, wrapped `width` px wide in `room` px of
    height: the first of LECTURE_SENTENCE_TYPES in which they all fit, else the last."""
    return next((share for share in LECTURE_SENTENCE_TYPES if explanations_height(shown, width, share) <= room),
                LECTURE_SENTENCE_TYPES[-1])


def sentences_beside(content: imgui.ImVec2, comparison: bool) -> bool:
    """Whether GAN Lab's sentences stand beside the loss chart in a text box whose room under the explanation is
    `content` px (its height 0 where the box is sized to what it holds): where that is SENTENCES_BESIDE_EMS of
    lecture type wide (at 1920x1080 the sentences above the chart took the graph's height down to
    LECTURE_GRAPH_AT_LEAST, its box empty either side of it) and the chart beside them would be no taller than wide
    (a taller box has room for them above a chart of its width: beside them, at 1920x1080 showing the canvas and
    chart, the chart was a column 424 px wide and 749 tall, too narrow to name its stalemate lines, an empty column
    as tall under the sentences); never beside a `comparison`'s D and G charts, which need the box's whole width
    side by side (beside the sentences, four runs' y axes left their plots no width at all)."""
    return (not comparison and content.x >= SENTENCES_BESIDE_EMS * imgui.get_font_size()
            and content.y <= (1 - SENTENCES_BESIDE_SHARE) * content.x)


def sentence_column(content: float) -> float:
    """The sentences' column's width beside the chart, in a text box whose content is `content` px wide."""
    return (content - imgui.get_style().item_spacing.x) * SENTENCES_BESIDE_SHARE


def lecture_text_height(width: float, sentences: set[str], chart_px: float = 0.0, comparison: bool = False) -> float:
    """The height draw_lecture_text needs in a box `width` wide to show every one of GAN Lab's `sentences` under the
    tallest explanation or situation (overview.SITUATIONS) and keep a chart `chart_px` tall, 0 for none
    (MetricsPanel.named_chart_px: beside them, or under them: a `comparison`'s charts)."""
    padding = imgui.get_style().window_padding
    content = round(width - 2 * padding.x)
    chart = chart_px > 0
    room = 2 * padding.y + explanation_room(content, imgui.get_font_size(), SITUATIONS, steps=False)
    if sentences and chart and sentences_beside(imgui.ImVec2(content, 0.0), comparison):
        return room + max(explanations_height(sentences, sentence_column(content), LECTURE_SENTENCE_TYPE), chart_px)
    chart_px += imgui.get_style().item_spacing.y if chart and sentences else 0.0  # under the last sentence
    return room + explanations_height(sentences, content, LECTURE_SENTENCE_TYPE) + chart_px


def draw_lecture_chart(frame: LabFrame, metrics: MetricsPanel) -> None:
    """The loss chart in the height that is left; a comparison's D and G loss charts side by side, a line per run
    (large type leaves too little height to stack them)."""
    height = imgui.get_content_region_avail().y
    if height > 3 * imgui.get_text_line_height():
        metrics.draw_losses(frame, height, CHART_LINE_WEIGHT * imgui.get_font_size() / BASE_FONT_SIZE,
                            side_by_side=bool(frame.comparison))
