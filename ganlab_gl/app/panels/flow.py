"""Rows of widgets that wrap where the panel ends, so nothing clips in a small window or at a large UI scale.

Before each item after a row's first, `place(width)` puts it after the previous item when the
line has room for it, else at the start of the next line. The widths are what ImGui will draw
(the current font and style), so `rows` can size a panel before it is drawn.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from imgui_bundle import imgui

from ganlab_gl.app.actions import NO_BREAK


def text_width(text: str) -> float:
    """As ImGui shows it: a label's "##id" takes no room ("color_by_prediction##real.color_by_prediction" was
    measured whole, and its checkbox went on a line of its own)."""
    return imgui.calc_text_size(text, True).x


def font_key() -> tuple:
    """What every text width measured now depends on, for keeping measurements while it holds: the current font (its
    id, and its name: another ImGui context's first font has the same id), its size and its rasteriser density."""
    font = imgui.get_font()
    return font.font_id, font.get_debug_name(), imgui.get_font_size(), font.current_rasterizer_density


# A larger type for words with room to spare, as a share of the text's, largest first (larger_type)
LARGER_TYPES = (1.5, 1.4, 1.3, 1.2, 1.1)


def larger_type(height_in: Callable[[float], float], room: float, cap: float) -> float:
    """The type of words that have room to spare (the words under the graph, the sentences under the canvas): the
    first of LARGER_TYPES no larger than `cap` (the graph's captions' type, a share of the text's) in which they
    take no more than `room` px, as `height_in` measures them in a share of the text's type, else the text's own
    (1). At 1920x1080, UI scale 1, both were 15 px grey lines over 200 px of empty room under captions of 20;
    where the captions are the text's type (1280x800, UI scale 2) nothing grows. Measured from the most they can
    say, not what they say now, the type holds still from frame to frame."""
    return next((share for share in LARGER_TYPES if share <= cap and height_in(share) <= room), 1.0)


def first_fitting(wordings, width: float) -> str | None:
    """The first of `wordings` (a read-out in shorter words each, longest first) within `width` pixels, else None."""
    return next((words for words in wordings if text_width(words) <= width), None)


def fitted(text: str, width: float, measure: Callable[[str], float] = text_width) -> str:
    """`text` cut to `width` pixels with "..." where it is longer (a chart's legend entry, a small pane's caption),
    rather than clipped mid-word; the Compare section shows it whole. `measure`: a text's width (ImGui's; a headless
    picture's caption measures with Pillow)."""
    if measure(text) <= width:
        return text
    while len(text) > 1 and measure(text + "...") > width:
        text = text[:-1]
    return text.rstrip(",;. ") + "..."  # "in turn. ..." read as "in turn, ...."


# What ImGui's wrapping must not break: "name = value" (the help read "(D =" at a line's end, "0.5" under it) and a
# quoted phrase in typographic quotes (ImGui breaks after a straight '"', the opening one too, and at spaces)
HELD_TOGETHER = re.compile(r"(?<=\S) = (?=\S)|\u201c[^\u201d]*\u201d")


def unbroken(text: str) -> str:
    """`text` with each of HELD_TOGETHER's spans on one line: its spaces ImGui's wrapping does not break at."""
    return HELD_TOGETHER.sub(lambda held: held.group().replace(" ", NO_BREAK), text)


Run = tuple[str, "tuple[float, float, float] | None"]  # a piece of text and its colour (None: the text's own)


def run_lines(runs: Sequence[Run], width: float) -> list[list[Run]]:
    """`runs` broken between words (at spaces: NO_BREAK holds, and so does a word whose pieces differ in colour,
    "regions" and its ",") into lines of at most `width` pixels, each line its words' pieces; a word wider than a
    line alone on its line."""
    words: list[list[Run]] = [[]]
    for text, colour in runs:
        for index, part in enumerate(text.split(" ")):
            if index:
                words.append([])
            if part:
                words[-1].append((part, colour))
    lines: list[list[Run]] = [[]]
    used, space = 0.0, text_width(" ")
    for word in filter(None, words):
        word_px = sum(text_width(piece) for piece, _ in word)
        if lines[-1] and used + space + word_px > width:
            lines.append([])
            used = 0.0
        if lines[-1]:
            lines[-1].append((" ", None))
            used += space
        lines[-1].extend(word)
        used += word_px
    return lines


def draw_runs(runs: Sequence[Run], own_colour: int) -> None:
    """`runs` wrapped at the panel's edge (run_lines), each in its colour, the others in `own_colour` (ImGui's u32):
    one item as wide as its widest line, as a wrapped text is (what follows it on its line goes after it), its lines
    as close."""
    lines = run_lines(runs, imgui.get_content_region_avail().x)
    corner, line_px = imgui.get_cursor_screen_pos(), imgui.get_text_line_height()
    draw_list, widest = imgui.get_window_draw_list(), 0.0
    for row, line in enumerate(lines):
        x = corner.x
        for text, colour in line:
            shade = own_colour if colour is None else imgui.get_color_u32((*colour, 1.0))
            draw_list.add_text((x, corner.y + row * line_px), shade, text)
            x += text_width(text)
        widest = max(widest, x - corner.x)
    imgui.dummy((widest, len(lines) * line_px))


def runs_height(runs: Sequence[Run], width: float) -> float:
    """The height draw_runs takes `width` pixels wide."""
    return len(run_lines(runs, width)) * imgui.get_text_line_height()


def wrapped(text: str, width: float, measure: Callable[[str], float] = text_width) -> list[str]:
    """`text` broken between words into lines of at most `width` pixels (a word longer than that alone on its line,
    cut by `fitted`), for text drawn a line at a time where ImGui's own wrapping cannot go (over other panels)."""
    lines = [""]
    for word in text.split(" "):
        joined = f"{lines[-1]} {word}" if lines[-1] else word
        if lines[-1] and measure(joined) > width:
            lines.append(word)
        else:
            lines[-1] = joined
    return [fitted(line, width, measure) for line in lines]


def with_key_if_it_fits(label: str) -> str:
    """'Screenshot (F12)' where the line has room for the button, else 'Screenshot': the key's hint goes before
    the name is cut (the files panel at 1024x768, UI scale 2)."""
    if button_width(label) <= imgui.get_content_region_avail().x:
        return label
    return label.split(" (")[0] + "##" + label  # the same widget either way


def button_width(label: str) -> float:
    return text_width(label) + 2 * imgui.get_style().frame_padding.x


def checkbox_width(label: str) -> float:
    return imgui.get_frame_height() + imgui.get_style().item_inner_spacing.x + text_width(label)


def place(width: float) -> None:
    """Before an item `width` wide that follows another: on the same line if it fits there, else on the next."""
    right_edge = imgui.get_cursor_screen_pos().x + imgui.get_content_region_avail().x  # at the next line's start
    if imgui.get_item_rect_max().x + imgui.get_style().item_spacing.x + width <= right_edge:
        imgui.same_line()


def rows(widths: Sequence[float], available: float, spacing: float) -> int:
    """How many lines `place` spreads items of these widths over, `available` wide with `spacing` between."""
    return _lines(widths, available, spacing)[0]


def room_after(widths: Sequence[float], available: float, spacing: float) -> float:
    """The width an item placed after these would have on their last line (`available` when there are none)."""
    _, line = _lines(widths, available, spacing)
    return available if line is None else available - line - spacing


def _lines(widths: Sequence[float], available: float, spacing: float) -> tuple[int, float | None]:
    """The lines `place` spreads these widths over, and the last line's width (None: no items)."""
    count, line = 1, None
    for width in widths:
        if line is not None and line + spacing + width <= available:
            line += spacing + width
        else:
            count += line is not None
            line = width
    return count, line


def checkbox_fitted(wordings: Sequence[str], value: bool) -> tuple[bool, bool]:
    """A checkbox on one line, its label the first of `wordings` (longest first) that the row holds, else the last
    cut with "...": wrapped to two lines ("Use pre-trained model" at 1280x800, UI scale 2), its row was taller than
    the one-line row that takes its place after an import, and the controls under it moved up. Its ImGui identity
    is the first wording's, whichever shows; the label toggles it too."""
    room = imgui.get_content_region_avail().x - imgui.get_frame_height() - imgui.get_style().item_inner_spacing.x
    label = first_fitting(wordings, room) or fitted(wordings[-1], room)
    return imgui.checkbox(f"{label}###{wordings[0]}", value)
