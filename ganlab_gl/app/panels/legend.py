"""Legends for the canvas: the heatmap's colours and the manifold's density-to-opacity map,
then, in the room left under them, GAN Lab's plain sentences on what each shown layer means.

The colours come from the renderer's own functions (render.colormap, ManifoldLayer.legend),
so the legend cannot drift from what the shaders draw.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from imgui_bundle import imgui

from ganlab_gl.app.actions import Action, key_of
from ganlab_gl.app.panels import flow
from ganlab_gl.app.panels.flow import Run
from ganlab_gl.app.theme import readable_on

from ganlab_gl.core.snapshot import HeatmapProbe, ManifoldProbe
from ganlab_gl.core.wording import counted
from ganlab_gl.render.canvas import BACKGROUND_RGBA
from ganlab_gl.render.colormap import FAKE_RGBA, GRADIENT_RGBA, REAL_RGBA, heatmap_color
from ganlab_gl.render.layer_table import LAYERS_BY_NAME
from ganlab_gl.render.layers.manifold import LegendEntry

BAR_STEPS = 48
BAR_COLORS = heatmap_color(np.linspace(0.0, 1.0, BAR_STEPS))  # the colour bar's steps, left to right
# What the canvas's colours and arrows mean, in GAN Lab's words: the legend's tooltips and the help's
# "What you see" say them alike.
BACKGROUND_MEANING = "samples in green regions are likely real, those in purple regions likely fake"
# "each": a sentence's "it" referred to nothing ("gradients for the generator, the way it needs to move")
ARROW_MEANING = "each points where its fake needs to move to lower G's loss, up D's slope"
MANIFOLD_MEANING = ("the generator's transformation of the noise space; opacity encodes density: darker purple "
                    "means more samples in a smaller area")
CRITIC_MEANING = "the critic's score: greener looks more real, purpler more fake"
# GAN Lab's sentences under its plot, one per layer, in its order; each shows while its layer is drawn
# ("critic": the heatmap of a WGAN-GP or hinge critic, whose scores are no probabilities).
EXPLANATIONS = (("heatmap", f"Background colours: the discriminator's classification; {BACKGROUND_MEANING}."),
                ("critic", f"Background colours: {CRITIC_MEANING}."),
                ("manifold", f"Manifold: {MANIFOLD_MEANING}."),
                ("gradients", f"Lines from fake samples: gradients for the generator; {ARROW_MEANING}."))
# GAN Lab's coloured words in its sentences (its "real samples" green, "purple regions" purple), each in the colour it
# names in the picture, tying the sentence to the canvas (ours were all grey)
KEY_WORDS = {"green regions": REAL_RGBA[:3], "greener": REAL_RGBA[:3], "fake samples": FAKE_RGBA[:3],
             "purple regions": FAKE_RGBA[:3], "purpler": FAKE_RGBA[:3]}
_KEY_WORD = re.compile("|".join(map(re.escape, KEY_WORDS)))
BAR_LINES = 0.7  # the colour bar's height, in lines of text (so it follows the UI scale)
SWATCH_LINES = 0.8  # a density swatch's side, in frame heights


def _u32(rgb, alpha: float = 1.0) -> int:
    return imgui.get_color_u32((float(rgb[0]), float(rgb[1]), float(rgb[2]), alpha))


DRAWING_MEANING = ("Drawing: drag on the canvas to spray real samples (the brush spreads them); "
                   f"{key_of(Action.FINISH_DRAWING)} or Done trains a new GAN on them, Clear starts again.")


def draw_drawing_legend(points: int, dim: bool = True) -> None:
    """While the user draws, the canvas shows the stroke alone: its dots, how many, and what to do next, in
    place of D's colours and the manifold's densities, which no layer shows then; `dim`: what to do in the panels'
    secondary colour (lecture mode's own on a projector, where the grey faded)."""
    draw_list = imgui.get_window_draw_list()
    radius, line = imgui.get_font_size() * 0.3, imgui.get_text_line_height()
    corner = imgui.get_cursor_screen_pos()
    draw_list.add_circle_filled((corner.x + radius * 1.5, corner.y + line / 2), radius, _u32(REAL_RGBA[:3]))
    imgui.dummy((radius * 3, line))
    imgui.same_line()
    # wrapped: at UI scale 2 it was cut to "107 real samples draw"
    _wrapped(f"{counted(points, 'real sample')} drawn", disabled=False)
    _wrapped(DRAWING_MEANING, disabled=dim)


HIDDEN_ALPHA = 0.35  # a hidden layer's entry: dimmed, still there to click (GAN Lab's unchecked layer name)


def _no_toggle(layer: str) -> None:
    """A legend drawn where nothing can switch its layers (a test, a picture)."""


def draw_sample_legend(gradients: bool = False, real: bool = True, fake: bool = True,
                       toggle: Callable[[str], None] = _no_toggle, titled: bool = True) -> None:
    """GAN Lab's "Each dot is a sample" (where `titled`): a real and a fake dot in the canvas's colours, and its
    "pink lines from fake samples represent gradients for generator" as a short arrow; each entry is its layer's
    switch, as GAN Lab's names are ("click to toggle this layer"): a click calls `toggle` with the layer's name, and
    an entry whose layer is hidden (`real`, `fake`, `gradients` False) stays, dimmed."""
    draw_list = imgui.get_window_draw_list()
    radius = imgui.get_font_size() * 0.3
    line = imgui.get_text_line_height()
    if titled:
        _wrapped("Each dot is a sample:", disabled=False)
    # after a title of one line, on its line where it fits (beside a wrapped one's first line it read "Each dot is a
    # ● real" over "sample:")
    follows = titled and imgui.get_item_rect_size().y < 2 * line
    for rgba, name, shown in ((REAL_RGBA, "real", real), (FAKE_RGBA, "fake", fake)):
        if follows:
            flow.place(radius * 3 + imgui.get_style().item_spacing.x + flow.text_width(name))
        follows = True
        imgui.begin_group()
        corner = imgui.get_cursor_screen_pos()
        draw_list.add_circle_filled((corner.x + radius * 1.5, corner.y + line / 2), radius,
                                    _u32(rgba[:3], 1.0 if shown else HIDDEN_ALPHA))
        imgui.dummy((radius * 3, line))
        imgui.same_line()
        (imgui.text if shown else imgui.text_disabled)(name)
        imgui.end_group()
        _switch(name, shown, f"the {name} samples", toggle)
    _gradient_entry(draw_list, imgui.get_font_size(), line, gradients, toggle)


def _switch(layer: str, shown: bool, what: str, toggle: Callable[[str], None], meaning: str = "") -> None:
    """The entry just drawn as its layer's switch: its tooltip (`meaning`, then what a click does and the key),
    and a click toggles the layer."""
    if imgui.is_item_hovered():
        action = "hides" if shown else "shows"
        imgui.set_tooltip(f"{meaning}{what}: a click (or {key_of(Action.TOGGLE_VIEW, f'{layer}.visible')}) {action} "
                          "them")
    if imgui.is_item_clicked():
        toggle(layer)


def _gradient_entry(draw_list: imgui.ImDrawList, font: float, line: float, shown: bool,
                    toggle: Callable[[str], None]) -> None:
    """A fake's dot with its gradient arrow, "gradient for G" (shorter where a line is narrower), dimmed while the
    arrows are hidden; on hover what the arrow says."""
    width, gap = font * 2.2, imgui.get_style().item_spacing.x
    line_width = imgui.get_content_region_avail().x  # a whole line's room: the entry may start the next one
    name = next((name for name in ("gradient for G", "gradient", "grad.")
                 if width + gap + flow.text_width(name) <= line_width), "")
    flow.place(width + gap + flow.text_width(name))
    imgui.begin_group()
    corner = imgui.get_cursor_screen_pos()
    y, radius, head = corner.y + line / 2, font * 0.3, font * 0.45
    alpha = 1.0 if shown else HIDDEN_ALPHA
    draw_list.add_line((corner.x + radius, y), (corner.x + width - head, y), _u32(GRADIENT_RGBA[:3], alpha),
                       max(font * 0.12, 1.0))
    draw_list.add_triangle_filled((corner.x + width, y), (corner.x + width - head, y - head / 2),
                                  (corner.x + width - head, y + head / 2), _u32(GRADIENT_RGBA[:3], alpha))
    draw_list.add_circle_filled((corner.x + radius, y), radius, _u32(FAKE_RGBA[:3], alpha))
    imgui.dummy((width, line))
    imgui.same_line()
    (imgui.text if shown else imgui.text_disabled)(name)
    imgui.end_group()
    _switch("gradients", shown, "the arrows", toggle,
            f"the arrows on the fake samples: {ARROW_MEANING}; GAN Lab's pink lines\n")


# A hidden layer that has a legend of its own, by the name the legend gives it (GAN Lab's "discriminator" and
# "generator" in its legend, unticked)
HIDDEN_NAMES = {"heatmap": "background", "manifold": "manifold"}


def draw_hidden_layers(hidden: Sequence[str], toggle: Callable[[str], None]) -> None:
    """Where a hidden background or manifold's legend stood, its name and key as a link that shows it again (a
    student who pressed H or M had no trace of the layer under the canvas)."""
    if not hidden:
        return
    imgui.text_disabled("hidden:")
    for layer in hidden:
        label = f"{HIDDEN_NAMES[layer]} ({key_of(Action.TOGGLE_VIEW, f'{layer}.visible')})"
        flow.place(flow.text_width(label))
        if imgui.text_link(f"{label}##show-{layer}"):
            toggle(layer)
        if imgui.is_item_hovered():
            imgui.set_tooltip(f"the {LAYERS_BY_NAME[layer].title} is hidden: a click shows it")


def draw_heatmap_legend(heatmap: HeatmapProbe | None) -> None:
    """A purple-grey-green bar with its scale: D's probability, or the squashed critic score."""
    width = imgui.get_content_region_avail().x
    origin = imgui.get_cursor_screen_pos()
    draw_list = imgui.get_window_draw_list()
    bar_height = imgui.get_text_line_height() * BAR_LINES
    step = width / BAR_STEPS
    for index, rgb in enumerate(BAR_COLORS):
        x = origin.x + index * step
        draw_list.add_rect_filled((x, origin.y), (x + step + 1, origin.y + bar_height), _u32(rgb))
    imgui.dummy((width, bar_height))
    left, middle, right = scale_labels(heatmap, width, flow.text_width, imgui.get_style().item_spacing.x)
    start = imgui.get_cursor_pos_x()  # same_line's offsets count from the window's edge, not the content's
    imgui.text_disabled(left)
    imgui.same_line(start + width / 2 - flow.text_width(middle) / 2)
    imgui.text_disabled(middle)
    imgui.same_line(start + width - flow.text_width(right))
    imgui.text_disabled(right)
    bottom = imgui.get_item_rect_max().y  # the bar and its labels are what the tooltip explains
    if imgui.is_window_hovered() and imgui.is_mouse_hovering_rect(origin, (origin.x + width, bottom)):
        if heatmap is not None and heatmap.kind == "critic":
            imgui.set_tooltip(f"the background is {CRITIC_MEANING};\n"  # lines a window's width can hold
                              "grey (can't tell) is midway between its mean scores on the shown real and fake\n"
                              "samples, c: a critic's scores mean nothing on their own, only their differences;\n"
                              "scores s are shown as sigmoid((s - c) / spread), spread = 1.4826 x median |s - c|\n"
                              "over the grid (at least 0.01: a critic that says almost nothing looks flat);\n"
                              "the ends mark c +- 2 spreads")
        else:
            imgui.set_tooltip(f"the background is D's classification of each point:\n{BACKGROUND_MEANING}")


def scale_labels(heatmap: HeatmapProbe | None, width: float, measure: Callable[[str], float],
                 gap: float) -> tuple[str, str, str]:
    """The bar's left, middle and right labels: the most telling ones that fit `width` without touching
    (at least `gap` apart, the middle one centred), shorter ones in a narrow legend."""
    # The grey middle in GAN Lab's words for it ("difficult to determine whether samples are real or fake"):
    # "D = 0.5" there asked a first-time student to know what D is. The numbers go before the words: where the
    # words alone fit, "fake 0 · 0.5 · 1 real" said the middle in D's notation (1280x800, UI scale 2); where they
    # do not, the white middle goes unnamed (the tooltip names it) before the ends lose their words.
    if heatmap is None or heatmap.kind == "probability":
        choices = [("fake  0", "can't tell", "1  real"), ("fake", "can't tell", "real"), ("fake", "", "real"),
                   ("0", "0.5", "1")]
    else:
        centre, spread = heatmap.critic_range
        low, high = centre - 2 * spread, centre + 2 * spread
        choices = [(f"{low:+.3g}", f"critic {centre:.3g}: can't tell", f"{high:+.3g}"),
                   (f"{low:+.3g}", f"critic {centre:.3g}", f"{high:+.3g}"),
                   (f"{low:+.2g}", f"{centre:.2g}", f"{high:+.2g}"), ("-", f"{centre:.2g}", "+")]
    for left, middle, right in choices:
        if max(measure(left), measure(right)) + measure(middle) / 2 + gap <= width / 2:
            break
    return left, middle, right


def heatmap_scale_words(heatmap: HeatmapProbe | None) -> str:
    """What the colour bar's ends stand for, in a few words: a compared pane whose words differ from the
    legend's (a critic beside D's probability, or another critic's spread) says them in its caption."""
    if heatmap is None or heatmap.kind == "probability":
        return "colours: D 0 (fake) to 1 (real)"
    centre, spread = heatmap.critic_range
    return f"colours: critic {centre:.3g} ± {2 * spread:.3g}"  # the legend's middle and ends


DENSITY_TITLE = "manifold density:"


def draw_density_legend(entries: Sequence[LegendEntry], one_dimensional: bool, strip: bool = False) -> None:
    """Swatches of the manifold's opacity at a few densities, relative to the even spread, each with its label
    beside it, or (`strip`: shorter, where the legend is short of room) side by side as a bar, as the colour bar's,
    with the labels under it."""
    draw_list = imgui.get_window_draw_list()
    background = BACKGROUND_RGBA[:3]
    swatch = imgui.get_frame_height() * SWATCH_LINES
    top_left = imgui.get_cursor_screen_pos()
    _wrapped(DENSITY_TITLE, disabled=False)  # as "Each dot is a sample:" names the dots: the numbers alone said nothing
    labels = [f"{entry.ratio:g}x" for entry in entries]
    colours = [_u32([entry.opacity * f + (1 - entry.opacity) * b for f, b in zip(FAKE_RGBA[:3], background)])
               for entry in entries]
    if strip:
        _draw_strip(colours, labels)
    else:
        for label, colour in zip(labels, colours):
            flow.place(swatch + imgui.get_style().item_spacing.x + flow.text_width(label))
            imgui.begin_group()
            corner = imgui.get_cursor_screen_pos()
            draw_list.add_rect_filled(corner, (corner.x + swatch, corner.y + swatch), colour)
            imgui.dummy((swatch, swatch))
            imgui.same_line()
            imgui.text_disabled(label)
            imgui.end_group()
    right = top_left.x + imgui.get_content_region_avail().x  # the swatches may wrap: their rows, edge to edge
    if imgui.is_window_hovered() and imgui.is_mouse_hovering_rect(top_left, (right, imgui.get_item_rect_max().y)):
        unit = "length" if one_dimensional else "area"
        imgui.set_tooltip(f"the manifold's opacity at these densities: samples per unit {unit},\n"
                          "relative to the noise spread evenly over the view")


def _draw_strip(colours: Sequence[int], labels: Sequence[str]) -> None:
    """Cells of these colours side by side across the legend, as tall as the colour bar, each label centred
    under its cell."""
    width = imgui.get_content_region_avail().x
    origin = imgui.get_cursor_screen_pos()
    height, cell = imgui.get_text_line_height() * BAR_LINES, width / len(colours)
    draw_list = imgui.get_window_draw_list()
    for index, colour in enumerate(colours):
        draw_list.add_rect_filled((origin.x + index * cell, origin.y), (origin.x + (index + 1) * cell,
                                                                        origin.y + height), colour)
    imgui.dummy((width, height))
    start = imgui.get_cursor_pos_x()  # same_line's offsets count from the window's edge, not the content's
    widest = max(flow.text_width(label) for label in labels) + imgui.get_style().item_spacing.x
    every = math.ceil(widest / cell)  # where the cells are narrower than their labels, every other one's ("16x64x")
    for index in range(0, len(labels), every):
        label_px = flow.text_width(labels[index])
        position = min(max(start + (index + 0.5) * cell - label_px / 2, start), start + width - label_px)
        if index:
            imgui.same_line(position)
        else:
            imgui.set_cursor_pos_x(position)
        imgui.text_disabled(labels[index])


# What the legend under the canvas gives up, in this order, where its box is too short for all of it (at 1024x768,
# UI scale 2, it scrolled by 41 px; under a comparison's panes at 1920x1080, by 186 px): the sentence saying which
# run's colours the bar reads (the other panes' captions say their scales), the density swatches' rows (a strip in
# their place), and the dots' title (their entries name them).
LEGEND_ECONOMIES = ("bar's reader", "density strip", "dots' title")


@dataclass
class LegendFit:
    """How many of LEGEND_ECONOMIES the legend makes, chosen by the heights it measured in the frames before: one
    more while it overruns its box, one fewer where that many were measured to fit; the heights are forgotten
    when the box's width changes (its lines wrap anew) or what the legend shows does (a layer hidden: the heights
    measured with it kept an economy it no longer needs), so each frame's choice holds until something changes.
    Until all are made, its box shows no scroll bar, which would narrow the lines measured and wrap them anew."""
    economies: int = 0
    heights: dict[int, float] = field(default_factory=dict)  # px the legend took with that many economies
    width: float = 0.0
    shows: tuple = ()  # what the legend shows (its entries, scales and notes), as the lab names it

    def follow(self, width: float, shows: tuple = ()) -> None:
        """Before the legend is drawn in a box `width` wide, showing what `shows` names."""
        if (width, shows) != (self.width, self.shows):
            self.width, self.shows, self.heights, self.economies = width, shows, {}, 0

    def measured(self, height: float, room: float) -> None:
        """The legend took `height` px of the `room` its box has."""
        self.heights[self.economies] = height
        if height > room and self.economies < len(LEGEND_ECONOMIES):
            self.economies += 1
        elif self.economies and self.heights.get(self.economies - 1, math.inf) <= room:
            self.economies -= 1

    def makes(self, economy: str) -> bool:
        return LEGEND_ECONOMIES.index(economy) < self.economies

    def spent(self) -> bool:
        """Every economy is made: what still overruns the box scrolls."""
        return self.economies == len(LEGEND_ECONOMIES)


def layers_to_explain(visible: set[str], drawing: bool, heatmap: HeatmapProbe | None,
                      manifold: ManifoldProbe | None) -> set[str]:
    """EXPLANATIONS' names for what the canvas draws: its `visible` layers but for those with nothing to draw
    (no manifold for noise of 3 or more dimensions), the heatmap as a critic's where it is one, none while
    `drawing` (the canvas shows the stroke alone)."""
    if drawing:
        return set()
    drawn = visible - ({"manifold"} if manifold is None else set())
    if "heatmap" in drawn and heatmap is not None and heatmap.kind == "critic":
        drawn = drawn - {"heatmap"} | {"critic"}
    return drawn


@dataclass(frozen=True)
class Explained:
    """What draw_explanations left out: the layers whose sentences had no room (lecture mode shows them elsewhere),
    and px the shortest line saying where their meaning is lacked (0: none is needed, or the room holds it)."""
    left_out: set[str]
    pointer_short: float = 0.0


def draw_explanations(shown: set[str], keep: float = 0.0, type_scale: float = 1.0,
                      point_to_the_rest: bool = False, pointer_room: float = 0.0, dim: bool = True) -> Explained:
    """GAN Lab's sentences for the `shown` layers (EXPLANATIONS' names), in order, in `type_scale` of the panel's
    text, as many as fit the room left in the panel less `keep` px (none is cut); `dim`: in the panels' secondary
    colour, as GAN Lab's grey sentences, else the text's own (lecture mode: they are read from the back of a room,
    where its smaller grey type was the least readable on the screen). `point_to_the_rest`: where some
    are left out, a shorter line says where their meaning is, where a line is left for it (GAN Lab shows every
    sentence: at UI scale 2 they went missing without a word); `pointer_room`: px of the room there for that line
    alone (the sentences fit the room without them), which the layout makes where it lacks no more than a line."""
    imgui.push_font(None, imgui.get_style().font_size_base * type_scale)  # times the UI's scales, as all text
    wrap = imgui.get_content_region_avail().x
    left_out: set[str] = set()
    last = max((index for index, (layer, _) in enumerate(EXPLANATIONS) if layer in shown), default=-1)
    for index, (layer, text) in enumerate(EXPLANATIONS):
        if layer not in shown:
            continue
        if _sentence_height(text, wrap, index == last) > imgui.get_content_region_avail().y - keep - pointer_room:
            left_out = shown & {name for name, _ in EXPLANATIONS[index:]}
            break
        _wrapped(text, disabled=dim)
    short = 0.0
    if left_out and point_to_the_rest:
        room = imgui.get_content_region_avail().y - keep  # the last line: no spacing under it
        pointers = where_the_rest_is_explained(left_out)
        short = max(_text_height(pointers[-1], wrap) - (room - pointer_room), 0.0)
        for text in pointers:
            if _text_height(text, wrap) <= room:
                _wrapped(text, disabled=dim)
                break
    imgui.pop_font()
    return Explained(left_out, short)


EXPLAINED_AS = {"heatmap": "the colours", "critic": "the colours", "manifold": "the manifold", "gradients": "the lines"}


def where_the_rest_is_explained(left_out: set[str]) -> list[str]:
    """What to say in place of GAN Lab's sentences for the `left_out` layers, longest first: their meanings are the
    legend's tooltips."""
    named = [EXPLAINED_AS[layer] for layer, _ in EXPLANATIONS if layer in left_out]
    things = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    return [f"Hover the legend for what {things} {'means' if things == 'the manifold' else 'mean'}.",
            "Hover the legend for what it means."]


def explanations_height(shown: set[str], width: float, type_scale: float = 1.0) -> float:
    """The height draw_explanations needs for all of GAN Lab's sentences for the `shown` layers in a panel whose
    content is `width` wide: a layout can make that room for them."""
    imgui.push_font(None, imgui.get_style().font_size_base * type_scale)
    texts = [text for layer, text in EXPLANATIONS if layer in shown]
    height = sum(_sentence_height(text, width, index == len(texts) - 1) for index, text in enumerate(texts))
    imgui.pop_font()
    return height


def key_word_runs(text: str) -> list[Run]:
    """`text` in runs: each of KEY_WORDS in its colour, the rest in the text's own (None)."""
    runs: list[Run] = []
    at = 0
    for key_word in _KEY_WORD.finditer(text):
        runs += [(text[at:key_word.start()], None), (key_word.group(), KEY_WORDS[key_word.group()])]
        at = key_word.end()
    return [run for run in (*runs, (text[at:], None)) if run[0]]


# The most sentences the canvas shows at once: every layer's, the background's as D's or as a critic's
MOST_EXPLAINED = ({"heatmap", "manifold", "gradients"}, {"critic", "manifold", "gradients"})


def explanations_type(width: float, room: float, cap: float) -> float:
    """The type of GAN Lab's sentences under the canvas on the desk, wrapped `width` px wide in `room` px: as the words
    under the graph (flow.larger_type, no larger than the graph's captions' type `cap`), measured with the most
    sentences the canvas shows at once (MOST_EXPLAINED), so it holds still as a run plays and as layers are
    switched in the same room."""
    return flow.larger_type(lambda share: max(explanations_height(shown, width, share) for shown in MOST_EXPLAINED),
                            room, cap)


def _sentence_height(text: str, wrap: float, last: bool = False) -> float:
    """A sentence's height wrapped `wrap` wide in the current font, as draw_explanations draws it, with the spacing
    under it but under the `last` (lecture mode's sentences, in 0.9 of its type beside the chart at 1920x1080, lacked
    2 px: the last's spacing)."""
    return _text_height(text, wrap) + (0.0 if last else imgui.get_style().item_spacing.y)


def _text_height(text: str, wrap: float) -> float:
    """`text`'s height as _wrapped draws it `wrap` px wide in the current font."""
    return flow.runs_height(key_word_runs(text), wrap)


def _wrapped(text: str, disabled: bool = True) -> None:
    """Text that wraps at the panel's edge, in the panels' secondary colour where `disabled`, its KEY_WORDS in their
    colours, made readable on the panel."""
    background = imgui.get_style_color_vec4(imgui.Col_.window_bg)
    flow.draw_runs([(piece, colour and readable_on(colour, (background.x, background.y, background.z)))
                    for piece, colour in key_word_runs(text)],
                   imgui.get_color_u32(imgui.Col_.text_disabled if disabled else imgui.Col_.text))
