"""The metrics panel: ImPlot line charts of the run's history, drawn into the current window.

GAN Lab's two charts (demo/ganlab.ts, recreateCharts): the losses of D and G, and KL and
JS divergences by grid, in its colours; then mode coverage for mixture datasets (the
fraction of high-quality fakes, and how many modes they reach). A history denser than its chart's pixel
columns is drawn as a band from each column's lowest to highest value under a line through their means
(series.column_band); with auto-fit on, x spans the data and y follows it through `StableRange`,
so the axes hold still between frames (fitted afresh for a new run or one that went back, as Branch here does); off,
ImPlot's own pan and zoom take over.

A comparison overlays its runs: one chart per measure (D's loss, G's loss, JS, modes captured), one
line per run in the run's colour (theme.RUN_RGB), the legend naming each run by its letter and
what it changes, as its pane's caption does (by its letter alone where the Compare section lists the runs just
under the charts, in a crowded panel: side.py). Runs whose losses are in other units (a critic's score beside a
log loss) have a y axis of their own per kind (scale_axes).

Per frame, inside the right panel's window: `metrics.draw(frame)` with the frame's read model;
columns are read by name.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from imgui_bundle import imgui, implot

from ganlab_gl.app.panels import flow
from ganlab_gl.app.panels.overview_graph import loss_reading, stalemate_words, tip_text
from ganlab_gl.app.panels.series import StableRange, column_band, columns_for_plot, runs_to_fit
from ganlab_gl.app.lab_frame import Columns, LabFrame
from ganlab_gl.app.theme import RUN_RGB, SHOWN_ITERATION_RGBA
from ganlab_gl.core.datasets import preset
from ganlab_gl.core.losses import LOSSES
from ganlab_gl.core.presets import PRESETS
from ganlab_gl.render.colormap import FAKE_RGBA, REAL_RGBA

RGB = tuple[float, float, float]


class Series(NamedTuple):
    """A chart's line. `label`, its legend's name, may change while it is shown (on a log axis, named_for_log_axis;
    a run's name cut to the legend's width, or its letter alone); `key` does not (a column's name, a run's letter):
    ImPlot knows an item by its id, and a line a student hid with a legend click came back renamed (item_id)."""
    key: str
    label: str
    x: np.ndarray  # iterations
    y: np.ndarray  # values
    rgb: RGB

# GAN Lab's chart colours (ganlab.ts, recreateCharts), without their 0.5 alpha: lines, not fills.
D_LOSS_RGB: RGB = (5 / 255, 117 / 255, 176 / 255)
G_LOSS_RGB: RGB = FAKE_RGBA[:3]
SHARED_STALEMATE_RGB: RGB = (0.5, 0.5, 0.5)  # a stalemate both losses share: neither's colour
KL_RGB: RGB = (220 / 255, 80 / 255, 20 / 255)
JS_RGB: RGB = (200 / 255, 150 / 255, 10 / 255)
HQ_RGB: RGB = FAKE_RGBA[:3]  # a share of the fakes
MODES_RGB: RGB = REAL_RGBA[:3]  # modes of the real data

# The divergence chart's lines, named as GAN Lab's legend names them ("KL Divergence (by grid)", its unit on the y
# axis): "KL" and "JS" alone left a student with two unexplained letters; the letters where the names do not fit.
DIVERGENCES = (("kl", KL_RGB), ("js", JS_RGB))
DIVERGENCE_NAMES = ("KL divergence", "JS divergence")
DIVERGENCE_LETTERS = ("KL", "JS")
# The loss lines likewise, named in full as GAN Lab's legend names them ("D loss" asked a first-time student to
# remember which letter is which network), shorter where the row has no room (at 1024x768, UI scale 2, "D loss G loss"
# was cut to "D loss ■G"): all of a row's names in one form (legend_row). The rewound mark's name takes no room from
# them, joining the row only where it still fits: kept room for it, the side panel said "D loss" at every size (at
# 1280x800, UI scale 1, its row holds the full names alone, 280 px of 283)
LOSS_NAMES = ("Discriminator's loss", "Generator's loss")
LOSS_SHORTER = (("D loss", "G loss"), ("D", "G"))
COVERAGE_LETTERS = ("HQ", "modes")
OPTIONS_ABOVE, OPTIONS_BELOW, OPTIONS_APART = "above", "below", "apart"  # where the charts' options go (draw)
# The divergence chart's title: its bracket, the y axis's name, says in plain words what the lines measure, how far
# the fakes' spread is from the real data's ("bits, by grid" read as jargon; the legend's tooltip says it precisely)
DIVERGENCE_TITLE = "Divergence (gap from real, bits)"
# A comparison's divergence chart's title, shorter where the chart is narrower (at 1920x1080, UI scale 2, the whole
# one touched the chart's edges)
JS_TITLES = ("Gap from real (JS divergence, bits)", "Gap from real (JS, bits)", "Gap (JS, bits)")

PLOT_HEIGHT_LINES = 9  # plot height in lines of text, so it follows the UI scale
GROWN_AT_MOST = 1.5  # a chart grows into the panel's spare height by up to this share of its own...
LEAST_PLOT_EMS = 4.5  # ...and gives it up, where that makes the panel fit, down to a plot this many ems tall. Its y
# ticks are 0.8 em apart at least, in steps of 1, 2 or 5 (value_ticks): on the presets' runs, three took from 1.7
# ems (ring8's divergence, 0 to 10.3) to 4.5 (gaussians' at 100 iterations, 0 to 5.6: 2 and 4 alone below that).
# Three on any range take 6 (a step up to 2.5 times the least); at 5, a comparison's charts at 1280x800 and a
# mixture's at 1920x1080, UI scale 2, overran the panel. A share of the chart's height (60% given up) left 0.9 em
# of plot at 1280x800, UI scale 1: the loss chart had one tick, "1" (ImPlot's padding, which keeps its px at every
# UI scale, took the rest).
LEGEND_INSET_LINES = 3  # a legend entry's swatch and the legend's frame, in text lines
BAND_ALPHA = 0.5  # a dense series' band of each pixel column's values, under its means' line (GAN Lab's chart alpha)
PIXELS_PER_ITERATION = 20  # ImPlot labels ticks about 30 px apart or more at 1-2-5 steps: so every step is whole


class MetricsPanel:
    def __init__(self) -> None:
        self.log_scale = False
        self.auto_fit = True
        self._ranges: defaultdict[tuple[str, bool], StableRange] = defaultdict(StableRange)
        self._run: tuple[int, int] | None = None
        self._present = 0  # the run's iteration last frame: one further back is a branch (or a revert)
        self._fitted: set[str] = set()  # charts whose axes were fitted to this run's data
        self._runs_fitted: dict[tuple[str, bool], list[int]] = {}  # each shared chart's runs_to_fit, last frame
        self._shown: int | None = None  # the iteration the lab is rewound to (marked on every chart)
        self._start: float | None = None  # the first iteration any chart has data for: where every x axis starts
        self._grown = 0.0  # px each chart has grown by, into the panel's height the rest leaves (take_spare_height)
        self._unplotted = 0.0  # px of a chart's height its plot did not get last frame (_draw_charts)
        self._alone_unplotted: float | None = None  # the same, of the loss chart drawn alone (draw_losses)
        self._plots_px: list[float] | None = None  # the plots' heights as `draw` draws them (_end_plot)
        self._charts = 0  # chart heights the last `draw` stacked (a comparison's losses count two)
        self._shrunk = False  # the charts being drawn are shrunk: their x axes go unnamed (draw)
        self._letters_saving = 0.0  # px the last `draw`'s legends of runs' letters took less than their names'

    def draw(self, frame: LabFrame, options: str = OPTIONS_ABOVE, letters: bool = False) -> None:
        """The right panel's charts, under their options (OPTIONS_BELOW: after them, so a short panel shows a
        chart first; OPTIONS_APART: the caller draws them, draw_options); shrunk to fit the panel, their x axes go
        unnamed (_x_axis_name).
        `letters`: a comparison's legends name the runs by their letters, in one row (where the runs are listed with
        their colours close by)."""
        self._follow_run(frame)
        if options == OPTIONS_ABOVE:
            self.draw_options()
        self._shrunk = self._grown < 0
        try:
            self._draw_charts(frame, letters)
        finally:
            self._shrunk = False  # lecture mode's chart, drawn by draw_losses, never is
        if options == OPTIONS_BELOW:
            self.draw_options()

    def _x_axis_name(self) -> str:
        """The current plot's x axis's name: none where shrunk (draw). Its iteration numbers stay, as GAN Lab's
        charts always have them: a plot LEAST_PLOT_EMS tall holds them (unnumbered, no chart said when)."""
        return "" if self._shrunk else "iteration"

    def least_grown(self) -> float:
        """A chart's growth at its least: its plot LEAST_PLOT_EMS tall, in whole pixels."""
        base = imgui.get_text_line_height_with_spacing() * PLOT_HEIGHT_LINES
        return math.ceil(LEAST_PLOT_EMS * imgui.get_font_size() + self._unplotted - base)

    def least_chart_px(self, compared: bool) -> float:
        """A chart's height at its least: a comparison's with its title and its legend's row of the runs' letters."""
        line = imgui.get_text_line_height_with_spacing()
        return line * PLOT_HEIGHT_LINES + self.least_grown() + (_with_legend(0.0, 1) if compared else 0.0)

    def named_chart_px(self) -> float:
        """The least height of the loss chart drawn alone (lecture mode) whose plot names its stalemate lines: a plot
        NAMED_ALONE_LINES tall (more than REFERENCE_NAMES_AT_EMS), and what the chart's legend, axes and ImPlot's
        padding (its px at every scale) took beyond its plot when last drawn (ALONE_UNPLOTTED_LINES before it is: 3.5
        measured at 1280x800). Seven lines in all left the lecture's plot 3.5 lines tall at 1280x800, and its
        stalemate lines unnamed."""
        line = imgui.get_text_line_height_with_spacing()
        unplotted = ALONE_UNPLOTTED_LINES * line if self._alone_unplotted is None else self._alone_unplotted
        return math.ceil(NAMED_ALONE_LINES * line + unplotted)

    def draw_options(self) -> None:
        _, self.log_scale = imgui.checkbox("log scale", self.log_scale)
        flow.place(flow.checkbox_width("auto-fit"))
        _, self.auto_fit = imgui.checkbox("auto-fit", self.auto_fit)

    def _draw_charts(self, frame: LabFrame, letters: bool) -> None:
        height = imgui.get_text_line_height_with_spacing() * PLOT_HEIGHT_LINES
        # within this UI scale's bounds (a new scale's may be narrower)
        self._grown = min(max(self._grown, self.least_grown()), height * GROWN_AT_MOST)
        height += self._grown
        self._plots_px = []
        try:
            self._draw_each_chart(frame, letters, height)
        finally:
            # the legends, titles, axes' numbers and ImPlot's padding, measured (ImPlot's padding keeps its px at
            # every UI scale), as in a shrunk chart: its x axis unnamed; a comparison's legends under the plots apart
            named_px = 0.0 if self._shrunk else imgui.get_text_line_height() + implot.get_style().label_padding.y
            if self._plots_px:
                self._unplotted = height - min(self._plots_px) - named_px
            self._plots_px = None

    def _draw_each_chart(self, frame: LabFrame, letters: bool, height: float) -> None:
        """The charts of `height` px each (a comparison's and its legend)."""
        evals = frame.evals
        self._charts = 2 + frame.dataset.mixture_of_modes + bool(frame.comparison)
        self._letters_saving = 0.0
        if frame.comparison:  # a chart per measure, each as tall as one chart is alone plus its legend
            legend_lines = 1 if letters else len(frame.comparison)
            self._letters_saving = self._charts * (_with_legend(0.0, len(frame.comparison))
                                                   - _with_legend(0.0, legend_lines))
            height = _with_legend(height, legend_lines)
            self.draw_losses(frame, 2 * height + imgui.get_style().item_spacing.y, letters=letters, with_others=True)
            js_title = titles_that_fit([(title,) for title in JS_TITLES], imgui.get_content_region_avail().x,
                                       [JS_TITLES[0]])[0]
            self._line_plot(JS_TITLES[0], height, _per_run(frame, "evals", "js", letters=letters), legend_under=True,
                            shown=js_title, legend_in_a_row=letters)
            if frame.dataset.mixture_of_modes:
                self._line_plot("Modes captured", height, _per_run(frame, "evals", "modes_captured", letters=letters),
                                legend_under=True, legend_in_a_row=letters)
            return
        self.draw_losses(frame, height, with_others=True)
        divergences = [Series(column, name, evals["iteration"], evals[column], rgb)
                       for name, (column, rgb) in zip(DIVERGENCE_NAMES, DIVERGENCES)]
        unevaluated = (first_evaluation(evals, frame.iteration, frame.evaluation_every), frame.evaluation_every)
        self._line_plot(DIVERGENCE_TITLE, height, divergences, meaning=DIVERGENCE_MEANING,
                        shorter=(DIVERGENCE_LETTERS,), unevaluated=unevaluated)
        if frame.dataset.mixture_of_modes:  # the reading's lines come out of every chart's height (the panel's
            # spare height, take_spare_height): out of the coverage chart's alone, at 1920x1080, UI scale 2, they
            # left it a strip 39 px tall
            self._coverage_plot(height, evals, frame.dataset.modes, unevaluated)
            reading_px = coverage_reading_px(evals, frame.dataset.modes, frame.evaluation_every,
                                             imgui.get_content_region_avail().x)
            imgui.text_wrapped(coverage_reading(evals, frame.iteration, frame.dataset.modes, frame.evaluation_every))
            imgui.set_item_tooltip(COVERAGE_MEANING)
            unsaid = reading_px - imgui.get_item_rect_size().y
            if unsaid > 0:  # its lines kept, under the item's spacing
                imgui.set_cursor_pos_y(imgui.get_cursor_pos_y() - imgui.get_style().item_spacing.y)
                imgui.dummy((0.0, unsaid))

    def take_spare_height(self, spare: float, short: bool = False) -> None:
        """After the panel: `spare`, the px its window leaves below everything in it (negative where it
        scrolls), goes to the charts the last `draw` drew (a researcher on a large screen reads larger curves),
        or comes back from them, from the next frame on; as nothing under them changes height by itself,
        the charts then hold still. Up to GROWN_AT_MOST of a chart's height; down to a plot LEAST_PLOT_EMS tall where
        that makes the panel fit (else they keep their height and the panel scrolls), or, in a `short` panel
        (side.py: there `spare` is the room its view leaves under the charts), as far as that goes (the loss chart
        in view before the sections under it)."""
        if self._charts:
            base, least = imgui.get_text_line_height_with_spacing() * PLOT_HEIGHT_LINES, self.least_grown()
            # whole pixels, down: the spare settles under a pixel a chart, and the charts hold still
            fitting = math.floor(self._grown + spare / self._charts)
            self._grown = min(fitting, base * GROWN_AT_MOST) if fitting >= least else least if short else 0.0
            self._charts, self._letters_saving = 0, 0.0

    def least_saving(self) -> float:
        """The px the charts the last `draw` drew would give at their least (LEAST_PLOT_EMS); before
        take_spare_height, which starts the next frame's count."""
        return self._charts * (self._grown - self.least_grown())

    def modes_least_px(self, frame: LabFrame) -> float:
        """The px a mixture's modes chart at its least and its coverage reading take beyond the charts of `frame`'s
        data where it is no mixture (a mixture's: none): side.py arranges the panel of every preset as a mixture's."""
        if frame.dataset.mixture_of_modes:
            return 0.0
        spacing = imgui.get_style().item_spacing.y
        reading = 0.0 if frame.comparison else spacing + coverage_reading_px(
            frame.evals, most_modes(), frame.evaluation_every, imgui.get_content_region_avail().x)
        return self.least_chart_px(bool(frame.comparison)) + spacing + reading

    def letters_saving(self) -> float:
        """The px the last `draw`'s legends took less for naming the runs by their letters (none: by name)."""
        return self._letters_saving

    def draw_losses(self, frame: LabFrame, height: float, line_weight: float = 1.0, side_by_side: bool = False,
                    letters: bool = False, with_others: bool = False) -> None:
        """The losses chart alone (lecture mode shows it, with thick lines); a comparison's D and G losses in two
        charts of `height` together, legends included, one line per run: one above the other (`letters`: each
        legend a row of the runs' letters), or `side_by_side` (each `height` tall, half the width: lecture mode's
        comparison, where large type leaves little height, so the legend is one row of the runs' letters, which the
        panes' captions name). `with_others`: drawn among the panel's charts (draw), on their shared iterations;
        alone (lecture mode), from its own first one: on the shipped model, which keeps its losses from 6,001, the
        lecture chart's iterations began at the divergence chart's 0, not shown, and its curves filled a third."""
        if with_others:
            self._draw_losses(frame, height, line_weight, side_by_side, letters)
            return
        self._follow_run(frame, ("losses",))
        self._plots_px = []
        try:
            self._draw_losses(frame, height, line_weight, side_by_side, letters)
            if self._plots_px:  # each chart `height` tall: alone, a comparison's are side by side
                self._alone_unplotted = height - min(self._plots_px)
        finally:
            self._plots_px = None

    def _draw_losses(self, frame: LabFrame, height: float, line_weight: float, side_by_side: bool,
                     letters: bool) -> None:
        """draw_losses' charts."""
        if frame.comparison:
            spacing = imgui.get_style().item_spacing
            width = (imgui.get_content_region_avail().x - spacing.x) / 2 if side_by_side else -1.0
            scales = [run.loss_scale for run in frame.comparison]
            # one above the other, titled in GAN Lab's names where both fit; side by side untitled (a chart's
            # identity is its short name either way)
            titles = LOSS_SHORTER[0] if side_by_side else titles_that_fit(
                [LOSS_NAMES, LOSS_SHORTER[0]], imgui.get_content_region_avail().x, LOSS_SHORTER[0])
            for title, shown, column in zip(LOSS_SHORTER[0], titles, ("d_loss", "g_loss")):
                series = _per_run(frame, "losses", column, width, letters=side_by_side or letters)
                if side_by_side:  # the letters in the title's row, the title on the y axis: all height to the lines
                    if column == "g_loss":
                        imgui.same_line()
                    self._line_plot(title, height, series, line_weight, width=width, axis_labels=("", title),
                                    scales=scales, shown=shown)
                else:
                    self._line_plot(title, (height - spacing.y) / 2, series, line_weight, legend_under=True,
                                    scales=scales, legend_in_a_row=letters, shown=shown)
            return
        losses = frame.losses
        x = losses["iteration"]
        d_name, g_name = LOSS_NAMES  # legend_row shortens them where they do not fit
        self._line_plot("Losses", height, [Series("d_loss", d_name, x, losses["d_loss"], D_LOSS_RGB),
                                           Series("g_loss", g_name, x, losses["g_loss"], G_LOSS_RGB)], line_weight,
                        meaning=f"{LOSSES_MEANING}\n{tip_text(stalemate_words(frame.loss_name))}",
                        shorter=LOSS_SHORTER, references=stalemate_marks(frame.loss_name), notes_unsaved=True)

    def _mark_shown(self, named: bool = True) -> None:
        """While the lab is rewound, a line at the shown iteration: where the picture stands in the history
        (`named`: in the legend)."""
        if self._shown is not None:
            mark_iteration(self._shown, named)

    def _follow_run(self, frame: LabFrame, tables: tuple[str, ...] = ("losses", "evals")) -> None:
        """The run's state for the charts drawn from its `tables`, whose first iteration they share."""
        self._shown = frame.timeline.shown
        firsts = [float(getattr(frame, table)["iteration"][0]) for table in tables
                  if len(getattr(frame, table)["iteration"])]
        self._start = min(firsts, default=None)  # the charts' shared first iteration (iteration_limits)
        # A new run starts from its own data, not the last run's range; so does a run that went back (Branch here,
        # a revert after a NaN), whose dropped iterations held the axes: after a branch at 512 the G loss axis
        # kept reaching 2, the losses left reaching 1.44, and a range that is not four times the data's never shrinks.
        if frame.run != self._run or frame.timeline.present < self._present:
            self._ranges.clear()
            self._fitted.clear()
            self._runs_fitted.clear()
            self._run = frame.run
        self._present = frame.timeline.present

    def _begin_plot(self, title: str, height: float, width: float = -1.0, flags: int = 0, shown: str = "") -> bool:
        """A chart's first frame in a run fits its axes to the run's data, also where auto-fit is off (a reset
        or a dataset switch never leaves the previous run's axes behind). `width` -1: the panel's. `shown`: a title
        shown in place of `title`, which stays the chart's identity (its axes hold as the shown one changes)."""
        if title not in self._fitted:
            self._fitted.add(title)
            implot.set_next_axes_to_fit()
        return begin_framed_plot(f"{shown}###{title}" if shown else title, imgui.ImVec2(width, height),
                                 flags | implot.Flags_.no_mouse_text)  # read_out_hovered says the lines' values

    def _end_plot(self) -> None:
        """end_framed_plot, its plot's height as drawn noted while `draw` draws the charts."""
        if self._plots_px is not None:
            area = implot.internal.get_current_plot().plot_rect
            self._plots_px.append(area.max.y - area.min.y)
        end_framed_plot()

    def _line_plot(self, title: str, height: float, series: Sequence[Series], line_weight: float = 1.0,
                   legend_under: bool = False, width: float = -1.0,
                   axis_labels: tuple[str, str] | None = None, scales: Sequence[str] | None = None,
                   meaning: str = "", shorter: Sequence[Sequence[str]] = (),
                   references: Sequence[Reference] = (), shown: str = "",
                   legend_in_a_row: bool = False, notes_unsaved: bool = False,
                   unevaluated: tuple[int, int] | None = None) -> None:
        """`legend_under`: the title (`shown` in its place where given: titles_that_fit), then the legend below the
        plot, a line per series (a comparison's long run names would cover the lines inside it; `height` includes
        it, _with_legend; `legend_in_a_row`: the lines side by side, the runs' letters); otherwise the legend in one
        row above the plot, as GAN Lab's, off the curves (inside, it covered the spike and fall at their start), in
        the title's place: the series' names say what the title did, its bracket the y axis's unit.
        `axis_labels`: (x, y) in place of ("iteration", that unit). `scales`: a line per compared run, named by its
        letter first, each in its loss's units (GanLoss.scale). Runs in other units than the main run's have a y
        axis of their own per scale, on the right, named by the runs' letters and the units (a critic's score
        beside a log loss is not off the log loss's scale: it is another measure), or where those names do not fit,
        in shorter words ("B: critic") or by the letters alone (scale_axes). On each axis, the auto-fitted
        range fits most of its runs (runs_to_fit) and a line it leaves out is marked where it leaves the chart
        (mark_off_scale). `meaning`: what the chart measures, said on hovering its legend (_explain_legend), after
        the full names of the lines the legend names shorter (named_in_full).
        `shorter`: the lines' shorter names, in order, where the one-row legend has no room for theirs (legend_row).
        `references`: (value, colour) of faint labelled lines across a chart of one y axis (mark_references), which
        its auto-fitted range keeps in view. `notes_unsaved`: a run's losses, which begin at its first iteration
        unless not saved (not_saved_note; evaluations begin at the first evaluation). `unevaluated`: (the first
        evaluation's iteration, the iterations between two) of a chart of evaluations, whose plot says when they come
        while it has none (first_evaluation_note)."""
        frame_px = imgui.get_content_region_avail().x if width < 0 else width
        named = series  # the lines' names before the legend shortens them: the read-out names them in full
        hidden = [self.log_scale and bool((line.y <= 0).any()) for line in series]
        unnoted = []  # the lines whose hidden values the legend has no room to note: the plot notes them
        if legend_under:  # a column of a comparison's long names, each cut to keep its note
            series = [line._replace(label=named_for_log_axis(line.label, line.y, legend_room(frame_px)))
                      if hide else line for line, hide in zip(series, hidden)]
        else:
            labels, noted = legend_row([[line.label for line in series], *shorter], hidden, frame_px)
            unnoted = [] if noted else [name for name, hide in zip(shorter[-1] if shorter else labels, hidden) if hide]
            if meaning:
                meaning = named_in_full(labels, [line.label for line in series]) + meaning
            series = [line._replace(label=label) for line, label in zip(series, labels)]
        if not self._begin_plot(title, height, width, 0 if legend_under else implot.Flags_.no_title, shown):
            return
        unit = ""
        if legend_under:
            implot.setup_legend(implot.Location_.south, implot.LegendFlags_.outside
                                | (implot.LegendFlags_.horizontal if legend_in_a_row else 0))
        else:
            implot.setup_legend(implot.Location_.north, implot.LegendFlags_.outside | implot.LegendFlags_.horizontal)
            unit = title.partition("(")[2].rstrip(")")
        empty = not any(len(line.y) for line in series)  # iteration 0: a scale of nothing, whose labels piled up
        x_label, y_label = axis_labels or (self._x_axis_name(), unit)
        y_flags = implot.AxisFlags_.no_tick_labels if empty else 0
        axes = scale_axes(series, scales)
        y_name = fitting_name(*(f"{y_label}  {name}".strip() for name in axes[0][1]))
        implot.setup_axes(x_label, y_name, 0, y_flags)
        if self.auto_fit:
            x = max((line.x for line in series), key=len)  # a comparison's runs share their iterations
            setup_iteration_axis(x, frame_px, self._start)  # measured before begin_plot, which moves the cursor to
            # the next line: a chart beside another item (lecture mode's sentences) read the whole panel's width
        marks = []  # per axis: (the series it leaves out, low, high)
        for axis, (scale, names, members) in zip(Y_AXES, axes):
            if axis != implot.ImAxis_.y1:
                implot.setup_axis(axis, fitting_name(*names), y_flags | implot.AxisFlags_.opposite)
            if self.log_scale:
                implot.setup_axis_scale(axis, implot.Scale_.log10)
            if self.auto_fit:
                marked = [np.array([mark.value for mark in references])] if references else []
                low, high, left_out = self._y_range(f"{title} {scale}".strip(),
                                                    [series[i].y for i in members] + marked, scales is not None)
                implot.setup_axis_limits(axis, low, high, implot.Cond_.always)
                (setup_log_value_axis if self.log_scale else setup_short_value_axis)(axis, low, high)
                marks.append(([series[members[index]] for index in left_out], low, high))
        axis_of = {index: axis for axis, (_, _, members) in zip(Y_AXES, axes) for index in members}
        for index, line in enumerate(series):  # in the runs' order: the legend lists them so
            implot.set_axes(implot.ImAxis_.x1, axis_of[index])
            plot_line(line, line_weight, log_axis=self.log_scale)
        references_named = mark_references(references, self.log_scale, plotted=series)
        for axis, left_out in zip(Y_AXES, marks):  # each where its axis's range ends
            implot.set_axes(implot.ImAxis_.x1, axis)
            mark_off_scale(*left_out)
        implot.set_axes(implot.ImAxis_.x1, implot.ImAxis_.y1)  # the shown iteration's mark: any axis, x is shared
        notes = [hidden_note(unnoted)] if unnoted else []
        if empty and unevaluated:
            notes.append(first_evaluation_note(*unevaluated))
        if axis_labels and axis_labels[1] and not y_name:  # named on its y axis alone, which has no room for it
            notes.insert(0, name_note(axis_labels[1]))
        unsaved = not_saved_note(series[0].x, self._start) if self.auto_fit and notes_unsaved else None
        if not (place_notes(notes + ([unsaved] if unsaved else []), [mark.value for mark in references],
                            references_named.boxes) or references_named.tipped):
            read_out_hovered(named)
        # The one-row legend above the plot names the mark where the row still fits (at 1024x768 it was cut to
        # "rewound t"); the legend under a comparison's plot is a column.
        labels = [line.label for line in series]
        self._mark_shown(legend_under or legend_row_fits([*labels, MARK_LABEL], frame_px))
        self._end_plot()
        if meaning:  # here, as the plot was drawn: one scrolled out of view keeps the legend rectangle it last drew
            _explain_legend(title, meaning)

    def _y_range(self, title: str, columns: list[np.ndarray], runs: bool = False) -> tuple[float, float, list[int]]:
        """(low, high, left out): StableRange over the shown values, with `runs` (a column per run) over the runs
        that runs_to_fit picks, the others' indices left out; on a log axis it works in decades, over positive
        values."""
        if self.log_scale:
            with np.errstate(divide="ignore", invalid="ignore"):
                columns = [np.where(y > 0, np.log10(y), np.nan) for y in columns]
        chart = (title, self.log_scale)
        fitted = (runs_to_fit(columns, previous=self._runs_fitted.get(chart), decades=self.log_scale) if runs
                  else list(range(len(columns))))
        self._runs_fitted[chart] = fitted
        values = np.concatenate([columns[index] for index in fitted] or [np.empty(0)])
        values = values[np.isfinite(values)]
        stable = self._ranges[chart]
        low, high = stable.update(values.min(), values.max()) if len(values) else stable.current()
        left_out = [index for index in range(len(columns)) if index not in fitted]
        return (10**low, 10**high, left_out) if self.log_scale else (low, high, left_out)

    def _coverage_plot(self, height: float, evals: Columns, modes: int, unevaluated: tuple[int, int]) -> None:
        """Both measures have fixed natural ranges, so no fitting in y. `unevaluated`: as _line_plot's."""
        if not self._begin_plot("Mode coverage", height, flags=implot.Flags_.no_title):
            return
        # above the plot in the title's place, as the other charts' legends (its axes name the measures): inside, it
        # hid the modes line where a run covers most modes
        implot.setup_legend(implot.Location_.north, implot.LegendFlags_.outside | implot.LegendFlags_.horizontal)
        implot.setup_axes(self._x_axis_name(), fitting_name("high-quality fraction"))
        implot.setup_axis(implot.ImAxis_.y2, fitting_name("modes captured"), implot.AxisFlags_.opposite)
        # A little room below 0: a run that captures nothing yet draws its line, not the plot's frame. Ticks spaced
        # as the other charts' where short (at 1280x800 ImPlot's "8 6 4 2 0" were drawn on top of each other).
        for axis, low, high in ((implot.ImAxis_.y1, -0.05, 1.05), (implot.ImAxis_.y2, -0.25, modes + 0.5)):
            implot.setup_axis_limits(axis, low, high, implot.Cond_.always)
            setup_short_value_axis(axis, low, high)
        x, frame_px = evals["iteration"], imgui.get_content_region_avail().x
        if self.auto_fit:
            setup_iteration_axis(x, frame_px, self._start)
        hq, modes_captured = legend_row([("high quality", "modes"), COVERAGE_LETTERS], [False, False], frame_px)[0]
        plot_line(Series("hq_fraction", hq, x, evals["hq_fraction"], HQ_RGB))
        implot.set_axes(implot.ImAxis_.x1, implot.ImAxis_.y2)
        plot_line(Series("modes_captured", modes_captured, x, evals["modes_captured"], MODES_RGB))
        if not (len(x) == 0 and place_notes([first_evaluation_note(*unevaluated)])):
            read_out_hovered([Series("hq_fraction", "high-quality fraction", x, evals["hq_fraction"], HQ_RGB),
                              Series("modes_captured", "modes captured", x, evals["modes_captured"], MODES_RGB)])
        self._mark_shown()
        self._end_plot()


Y_AXES = (implot.ImAxis_.y1, implot.ImAxis_.y2, implot.ImAxis_.y3)


SCALE_SHORTER = {"critic score": "critic"}  # a loss's units in a word, for a y axis too short for their name


def scale_axes(series: Sequence[Series], scales: Sequence[str] | None) -> list[tuple[str, tuple[str, ...], list[int]]]:
    """The chart's y axes: (scale, names, indices of the series drawn on it), the first run's scale first. Without
    `scales` (not a comparison's runs), or with one scale, one axis for every series, unnamed; else one per scale,
    named by its runs' letters (their keys) and its units ("B C: critic score"), or where that does not fit by the
    units' shorter name (SCALE_SHORTER: "B C: critic") or the letters alone, in that order: a critic's axis beside
    "A: log loss" went unnamed in the side panel's charts at 1280x800."""
    if scales is None or len(set(scales)) == 1:
        return [("", ("",), list(range(len(series))))]
    members: dict[str, list[int]] = {}
    for index, scale in enumerate(scales):
        members.setdefault(scale, []).append(index)
    axes = []
    for scale, indices in members.items():
        letters = " ".join(series[index].key for index in indices)
        shorter = (f"{letters}: {SCALE_SHORTER[scale]}",) if scale in SCALE_SHORTER else ()
        axes.append((scale, (f"{letters}: {scale}", *shorter, letters), indices))
    return axes


REFERENCE_ALPHA = 0.45  # a reference line's, faint beside the curves
REFERENCE_LABEL_ALPHA = 0.8  # its label's, readable over a curve...
# ...in a halo of the plot's background this opaque, its letters' outline: a plate (a box of it) under the whole name
# read as a step in the curves at its right edge, the early curves washed out to there (lecture mode, 1280x800)
REFERENCE_HALO_ALPHA = 0.9
REFERENCE_HALO_EMS = 1 / 15  # the halo's width, of the type's size: 1 px at the 15 px base type
# A stalemate line's names, longest first, by whose loss sits there ("stalemate 0.68" over "stalemate 0.69" left a
# student to guess which was D's); each name the first that fits (mark_references). In plain words, a tie: a student
# read "stalemate" as jargon (the name's tooltip says what it is, stalemate_words); no longer than "D stalemate 0.68",
# which lecture mode's chart beside GAN Lab's sentences names at 1920x1080
STALEMATE_NAMES = ("{owner} at a tie {value:.2f}", "{short} at a tie {value:.2f}")
# A tie both losses share needs no owner to tell it from another line: where "D, G at a tie 0.69" does not fit
# (Ring of 8's loss chart at 1280x800, 130 px for a name's 129, went unnamed), its value alone names it, in neither's
# colour, its tip saying whose
SHARED_STALEMATE_SHORTEST = "at a tie {value:.2f}"
# A plot this tall, in ems, names its reference lines: the side panel's charts at their least, so a mixture's three
# at 1280x800, UI scale 1, name them (at four lines, 76 px, Ring of 8's and Disjoint's 68 px plots went unnamed);
# at UI scale 2 their names are wider than their share...
REFERENCE_NAMES_AT_EMS = LEAST_PLOT_EMS
REFERENCE_NAME_SHARE = 0.5  # ...each name at most this share of its width
# A name stands nowhere on the curves' last this many iterations (mark_references): in a run of a few Steps those are
# all its points, and at iteration 1 "G loss at a tie 0.69" stood over G's first dot at the plot's left end, where a
# long run's oldest iterations lie, which the names may cover
NAME_CLEAR_OF_ITERATIONS = 50
NAMED_ALONE_LINES = 4.0  # the loss chart drawn alone (lecture mode) keeps a plot this tall, in lines, for its names
ALONE_UNPLOTTED_LINES = 4.0  # the loss chart's legend, axes and padding, in lines, until drawn (named_chart_px)


class Reference(NamedTuple):
    """A faint line across a chart at `value`, in `rgb`, named by the first of `names` that fits, `tip` on hovering
    its name (mark_references)."""
    value: float
    rgb: RGB
    names: tuple[str, ...] = ()
    tip: str = ""


def stalemate_marks(loss: str) -> list[Reference]:
    """The loss chart's reference lines for `loss`: D's and G's losses in a stalemate, where D cannot tell real from
    fake (GanLoss.balanced), each in its line's colour and named by its network; none where the loss has no such
    value. Only the legend's tooltip gave them, and only the log loss's: a student watching the curves flatten could
    not see that they flattened where a balanced game sits. Where both sit at one value (the nonsaturating loss,
    least squares) one line in neither's colour marks it: two coinciding lines read "stalemate 0.69" twice."""
    d, g = LOSSES[loss].balanced
    shared = LOSSES[loss].stalemate_shared
    marks = ([(d, SHARED_STALEMATE_RGB, ("D and G losses", "D, G"))] if shared
             else [mark for mark in ((d, D_LOSS_RGB, ("D loss", "D")), (g, G_LOSS_RGB, ("G loss", "G")))
                   if mark[0] is not None])
    forms = STALEMATE_NAMES + ((SHARED_STALEMATE_SHORTEST,) if shared else ())
    tip = tip_text(stalemate_words(loss))  # what a tie is: hovering "D stalemate 0.68" asked what a stalemate was
    return [Reference(value, rgb, tuple(form.format(owner=owner, short=short, value=value) for form in forms), tip)
            for value, rgb, (owner, short) in marks]


def mark_references(references: Sequence[Reference], log_axis: bool = False, named: bool = True,
                    plotted: Sequence[Series] = ()) -> NamedReferences:
    """Across the current plot, a faint line at each of `references`, named at the plot's left end by the first of
    its names that fits a REFERENCE_NAME_SHARE of the plot's width ("D loss at a tie 0.68"): the highest's name above
    its line, the others' below theirs, so two close lines' names part, but where that would leave the plot (by a
    line near its foot, a name was cut off); unnamed in a plot too short or narrow for names off its curves, where
    a name would cover another's, or where it would cover the `plotted` lines' last NAME_CLEAR_OF_ITERATIONS
    iterations (covers_recent: a run of a few Steps, all of whose points those are). At its right end the names
    covered the last two fifths of both loss curves as a run settled on its lines (G's just over its own, in a band
    of its wobble): the iterations a student watches; at the left they cover the oldest, which the chart keeps for
    the record. Lines off the y range, or at or below 0 on a `log_axis`, are not drawn. `named`: False, no names at
    all (the timeline bar's, whose tooltip says it).
    Hovering a name shows its line's tip; returns whether one is shown (the lines' read-out then gives way) and the
    names' boxes (place_notes keeps its notes off them)."""
    limits = implot.get_plot_limits()
    shown = sorted((mark for mark in references
                    if limits.y.min <= mark.value <= limits.y.max and (mark.value > 0 or not log_axis)),
                   key=lambda mark: mark.value)
    half_line = imgui.get_text_line_height() / 2 + 1.0
    (left, top), size = implot.get_plot_pos(), implot.get_plot_size()
    foot = top + size.y
    named = named and size.y >= REFERENCE_NAMES_AT_EMS * imgui.get_font_size()
    taken: list[float] = []  # the names' centres drawn so far
    text = imgui.get_style_color_vec4(imgui.Col_.text)  # the names half in it: in the line's colour alone, dark blue
    text = (text.x, text.y, text.z)  # on the dark theme's plot, they were hard to read over the curves
    marked = NamedReferences(False, [])
    for index, (value, rgb, names, tip) in enumerate(shown):
        spec = implot.Spec()
        spec.line_color = imgui.ImVec4(*rgb, REFERENCE_ALPHA)
        spec.flags = implot.ItemFlags_.no_legend | implot.InfLinesFlags_.horizontal
        implot.plot_inf_lines(item_id("stalemate", f"stalemate-{index}"), np.array([value]), spec)
        label = flow.first_fitting(names, REFERENCE_NAME_SHARE * size.x)
        y_px = implot.plot_to_pixels(limits.x.max, value).y
        above = y_px + 2 * half_line > foot if index < len(shown) - 1 else y_px - 2 * half_line >= top
        centre = y_px - half_line if above else y_px + half_line
        if above and any(abs(centre - y) < 2 * half_line for y in taken):
            # over the names below it: two close lines by the plot's foot (Ring's losses spiking to 5) both named
            # above their lines, and the higher's name, over the lower's, went unnamed
            centre = min(taken) - 2 * half_line
        if (not named or label is None or centre - half_line < top
                or any(abs(centre - y) < 2 * half_line for y in taken)):
            continue  # a short or narrow chart's names covered its curves, and each other (1280x800, UI scale 2)
        width = imgui.calc_text_size(label).x
        box = name_box(left + MARK_INSET_PX, centre, width)
        if covers_recent(box, plotted, log_axis):
            continue
        taken.append(centre)
        halo(label, (left + MARK_INSET_PX, centre - imgui.get_text_line_height() / 2))
        implot.push_style_color(implot.Col_.inlay_text, imgui.ImVec4(*_towards(rgb, text), REFERENCE_LABEL_ALPHA))
        # fitting no axis: fitted, a name at the plot's end held a fresh run's x axis at the last run's 400 iterations
        implot.plot_text(label, limits.x.min, value, imgui.ImVec2(width / 2 + MARK_INSET_PX, centre - y_px), NO_FIT)
        implot.pop_style_color()
        marked.boxes.append(box)
        if tip and imgui.is_window_hovered() and imgui.is_mouse_hovering_rect(*box):
            imgui.set_tooltip(tip)
            marked = marked._replace(tipped=True)
    return marked


class NamedReferences(NamedTuple):
    """What mark_references drew: whether a name's tip is shown, and the names' boxes (screen px corners)."""
    tipped: bool
    boxes: list[tuple[tuple[float, float], tuple[float, float]]]


NO_FIT = implot.Spec()  # an item ImPlot's auto-fit leaves out (ImPlot fits a text to its axes)
NO_FIT.flags = implot.ItemFlags_.no_fit


def name_box(left: float, centre: float, width: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """The corners of a reference line's name `width` px long, its left end at `left` and its middle at `centre`
    (screen px): the name's box, MARK_INSET_PX wider at its right, where hovering shows its tip and notes keep off."""
    half_height = imgui.get_text_line_height() / 2
    return (left, centre - half_height), (left + width + MARK_INSET_PX, centre + half_height)


def covers_recent(box: tuple[tuple[float, float], tuple[float, float]], plotted: Sequence[Series],
                  log_axis: bool = False) -> bool:
    """Whether `box` (screen px corners) covers any of the `plotted` lines on the current plot in their last
    NAME_CLEAR_OF_ITERATIONS iterations: a point within a dot's radius of it (a run of one or two points is drawn in
    dots, plot_line) or a stretch of line between two points through it. A value a `log_axis` cannot draw is none."""
    reach = DOT_RADIUS_PX
    (left, top), (right, foot) = box
    left, top, right, foot = left - reach, top - reach, right + reach, foot + reach
    for line in plotted:
        if not len(line.x):
            continue
        recent = line.x >= line.x[-1] - NAME_CLEAR_OF_ITERATIONS
        drawn = np.isfinite(line.y[recent]) & ((line.y[recent] > 0) if log_axis else True)
        points = [implot.plot_to_pixels(float(x), float(y)) if shown else None
                  for x, y, shown in zip(line.x[recent], line.y[recent], drawn)]
        xs = np.array([np.nan if point is None else point.x for point in points])
        ys = np.array([np.nan if point is None else point.y for point in points])
        if ((xs >= left) & (xs <= right) & (ys >= top) & (ys <= foot)).any():
            return True
        with np.errstate(divide="ignore", invalid="ignore"):  # NaN ends (no value there) cross nothing
            start, end = np.maximum(xs[:-1], left), np.minimum(xs[1:], right)  # each stretch's part over the box
            slope = (ys[1:] - ys[:-1]) / (xs[1:] - xs[:-1])
            y_start, y_end = ys[:-1] + (start - xs[:-1]) * slope, ys[:-1] + (end - xs[:-1]) * slope
            crossing = ((start <= end) & (np.minimum(y_start, y_end) <= foot)
                        & (np.maximum(y_start, y_end) >= top))
        if crossing.any():
            return True
    return False


def halo(label: str, corner: tuple[float, float]) -> None:
    """`label`'s outline in the plot's background, REFERENCE_HALO_ALPHA opaque, REFERENCE_HALO_EMS of the type wide,
    under the name drawn with its top-left at `corner` (screen px): "G loss at a tie 0.69" lies on G's curve, which
    settles just over its line, and in lecture mode's thick purple lines on a projector its letters were lost in
    them; the curves show between the letters."""
    draw_list = implot.get_plot_draw_list()
    colour = imgui.get_color_u32(imgui.Col_.window_bg, REFERENCE_HALO_ALPHA)
    width = max(1.0, imgui.get_font_size() * REFERENCE_HALO_EMS)
    for dx, dy in ((-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)):
        draw_list.add_text(imgui.ImVec2(corner[0] + dx * width, corner[1] + dy * width), colour, label)


def _towards(rgb: RGB, other: RGB) -> RGB:
    """Halfway from `rgb` to `other`."""
    return tuple((a + b) / 2 for a, b in zip(rgb, other))


# What the loss and divergence charts measure and which way is good, on hovering their legend rows: the names alone
# ("D loss", "KL divergence", "bits, by grid") left a student guessing (GAN Lab's page says it in its text only); the
# letters the stalemate's words use, spelt out once
LOSSES_MEANING = (
    "each network's loss per iteration, lowered by its own updates:\n"
    "the discriminator's (D's) is low when it tells real from fake, the generator's (G's) when D takes its fakes\n"
    "for real; D's falling while G's climbs: D tells them apart easily.\n"
    "The faint lines, where there are any, mark a tie.")
DIVERGENCE_MEANING = (
    "how far the fakes' spread is from the real data's: KL and JS divergence between their histograms on a grid\n"
    "over the data's view (metrics.grid cells a side, GAN Lab's 30), in bits;\n"
    "0 where they match, so lower is better (JS is at most 1; KL grows large where the fakes miss a region the\n"
    "real data fills)")


def named_in_full(labels: Sequence[str], names: Sequence[str]) -> str:
    """A line giving the full `names` of a legend row's shortened `labels` ("D loss: Discriminator's loss, G loss:
    Generator's loss"), for its tooltip; "" where the row reads them whole. At UI scale 2 the side panel's row says
    "D loss", the first place a student meets the letter."""
    shortened = [(label.removesuffix(HIDDEN_ON_LOG), name) for label, name in zip(labels, names)
                 if label.removesuffix(HIDDEN_ON_LOG) != name]
    return ", ".join(f"{label}: {name}" for label, name in shortened) + "\n" if shortened else ""


def fitting_name(*names: str) -> str:
    """The first of a y axis's `names` (longest first) that fits up the current plot's height as drawn last frame,
    else none: written along the axis, a shrunk chart's ("bits, by grid") ran out of the chart over what stands under
    it (the legend names the lines). A plot's first frame, which has no area yet, names it by the first."""
    area = implot.internal.get_current_plot().plot_rect
    if area.max.x <= area.min.x:
        return names[0]
    return next((name for name in names if imgui.calc_text_size(name).x <= area.max.y - area.min.y), "")


def hovered_reading(series: Sequence[Series], iteration: float) -> str:
    """What the chart says with the pointer at `iteration`: each line's value at its kept iteration nearest the
    pointer, under that iteration where the lines share it, else each with its own; "" where no line has a value.
    A line of whole numbers (modes captured) reads as a count: "7", not the losses' "7.000"."""
    readings = []
    for line in series:
        finite = np.flatnonzero(np.isfinite(line.y))
        if not len(finite):
            continue
        after = int(np.searchsorted(line.x[finite], iteration))  # the rows either side of the pointer
        nearest = min(finite[max(after - 1, 0):after + 1], key=lambda row: abs(line.x[row] - iteration))
        value, counted = float(line.y[nearest]), bool((line.y[finite] % 1 == 0).all())
        readings.append((int(line.x[nearest]), line.label, f"{value:,.0f}" if counted else loss_reading(value)))
    if len({kept for kept, _, _ in readings}) == 1:
        return "\n".join([f"iteration {readings[0][0]:,}", *(f"{name}: {value}" for _, name, value in readings)])
    return "\n".join(f"{name}: {value} (iteration {kept:,})" for kept, name, value in readings)


def read_out_hovered(series: Sequence[Series]) -> None:
    """With the pointer over the current plot, a tooltip of `series`' values there (hovered_reading), as GAN Lab's
    charts name a hovered point's line and value: ImPlot's mouse text gave the pointer's own coordinates ("2187, 3"
    on Ring's loss chart, over its stalemate's name), and a student read 3 as a loss no line reached."""
    if implot.is_plot_hovered():
        reading = hovered_reading(series, implot.get_plot_mouse_pos().x)
        if reading:
            imgui.set_tooltip(reading)


def _explain_legend(title: str, meaning: str) -> None:
    """`meaning` as the tooltip of the legend row above the chart `title` just drawn (over its lines a tooltip
    would hide what the student reads)."""
    legend = implot.internal.get_plot(title).items.legend.rect
    if imgui.is_window_hovered() and imgui.is_mouse_hovering_rect(legend.min, legend.max):
        imgui.set_tooltip(meaning)


COVERAGE_MEANING = (
    "each evaluation (every metrics.every iterations) scores metrics.samples fakes: a fake is high quality\n"
    "within 3 std of its nearest mode, a mode is captured by one high-quality fake, and reverse KL (nats)\n"
    "compares the high-quality fakes' mode histogram with uniform (VEEGAN's and PacGAN's measures);\n"
    "docs/TRAINING.md has the research protocols' numbers, scored on 2,500 fakes by bench/experiments.py")


def coverage_reading(evals: Columns, iteration: int, modes: int, every: int) -> str:
    """The protocols' three numbers at the last evaluation up to the shown `iteration` (the present, or where the
    lab is rewound to), as docs/TRAINING.md reports them: the chart alone gave no reverse KL, and no exact count.
    Before any, when the first comes (the next kept one, else the next multiple of `every`, metrics.every) and what
    it scores: "Modes captured, high quality, reverse KL: at the first evaluation" read as a reading broken. In two
    lines at 1280x800, as the readings after it are (coverage_reading_px)."""
    scored = np.flatnonzero(evals["iteration"] <= iteration)
    if not len(scored):
        first = first_evaluation(evals, iteration, every)
        return f"No evaluation yet: modes captured, high quality and reverse KL come at iteration {first:,}"
    row = scored[-1]
    reverse_kl = evals["reverse_kl"][row]
    return (f"At {int(evals['iteration'][row]):,}: {int(evals['modes_captured'][row])} of {modes} modes, "
            f"{100 * evals['hq_fraction'][row]:.1f}% high quality, reverse KL "
            f"{'- (no high-quality fake)' if math.isinf(reverse_kl) else f'{reverse_kl:.2f} nats'}")


def first_evaluation(evals: Columns, iteration: int, every: int) -> int:
    """The first evaluation after `iteration`: the next kept one, else the next multiple of `every` (metrics.every),
    where the trainer evaluates."""
    later = evals["iteration"][evals["iteration"] > iteration]
    return int(later[0]) if len(later) else (iteration // every + 1) * every


@functools.cache
def most_modes() -> int:
    """The most modes of a preset's mixture (Grid of 25's): its coverage reading's longest count."""
    return max(len(data.centers) for data in map(preset, PRESETS) if data.is_mixture_of_modes)


LONGEST_READ_ITERATION = 9_999_999  # the coverage reading keeps the room of an evaluation's up to here


def coverage_reading_px(evals: Columns, modes: int, every: int, width: float) -> float:
    """The px the coverage reading keeps, wrapped to `width`, whatever it says: those of its longer form, the run's
    before its first evaluation or one with every mode lost, no reverse KL and an iteration up to
    LONGEST_READ_ITERATION. It was three lines before the first evaluation and two after at 1280x800: the right
    panel of a mixture lost its title bar at iteration 0, moving its controls 21 px up from where every other
    preset has them, and would have moved them again at iteration 50 had it kept it."""
    lost = {"iteration": LONGEST_READ_ITERATION, "modes_captured": modes, "hq_fraction": 0.0, "reverse_kl": math.inf}
    worst = Columns(evals.names, np.array([[lost.get(name, 0.0) for name in evals.names]], dtype=float))
    forms = (coverage_reading(evals, 0, modes, every), coverage_reading(worst, LONGEST_READ_ITERATION, modes, every))
    return max(imgui.calc_text_size(form, False, width).y for form in forms)


# The empty part of a chart whose data was not saved before an iteration (not_saved_note), longest first
NOT_SAVED = ("losses before iteration {first} were not saved with this run", "losses before {first} were not saved",
             "losses before {first} not saved", "not saved before {first}", "from {first}")
NOT_SAVED_WHY = ("This run was saved with its losses from iteration {first} on only (by an earlier version of the\n"
                 "lab, which kept a run's last 2,000), so none are left from before. Its evaluations, in the charts\n"
                 "below, go back to iteration {start}.")
HIDDEN_ON_LOG = " (≤ 0 hidden)"
# Where the legend's row has no room for HIDDEN_ON_LOG, the plot's corner says it, in the first that fits (hidden_note)
HIDDEN_IN_PLOT = ("≤ 0 hidden: {names}", "≤ 0 hidden", "≤ 0")


def named_for_log_axis(label: str, values: np.ndarray, room: float = math.inf) -> str:
    """A line's name on a log axis, which cannot draw a value at or below 0: it says so where the line has one (a
    WGAN-GP critic's loss, negative throughout, vanished from the chart while the legend still named it; a hinge
    G loss lost its dips below 0). The name is cut to leave the note its room in a legend `room` px wide (added
    after a run's name was cut to the legend, it ran past the chart's edge)."""
    if not (values <= 0).any():
        return label
    return flow.fitted(label, room - flow.text_width(HIDDEN_ON_LOG)) + HIDDEN_ON_LOG


def legend_room(chart_px: float) -> float:
    """The px a legend entry's name has in a chart `chart_px` wide (its swatch and the legend's frame take the rest)."""
    return chart_px - LEGEND_INSET_LINES * imgui.get_text_line_height()


def _with_legend(height: float, lines: int) -> float:
    return height + lines * imgui.get_text_line_height_with_spacing()


def _per_run(frame: LabFrame, table: str, column: str, chart_width: float = -1.0,
             letters: bool = False) -> list[Series]:
    """One line per run of the frame's comparison: `column` of its `losses` or `evals`, named as its pane is
    (`letters`: by its letter alone), keyed by its letter."""
    width = legend_room(imgui.get_content_region_avail().x if chart_width < 0 else chart_width)
    return [Series(run.tag, run.tag if letters else flow.fitted(f"{run.tag} {run.label}", width),
                   getattr(run, table)["iteration"], getattr(run, table)[column], RUN_RGB[run.tag])
            for run in frame.comparison]


def iteration_limits(x: np.ndarray, plot_px: float, start: float | None = None) -> tuple[float, float]:
    """The iteration axis over the data, and at least an iteration per PIXELS_PER_ITERATION pixels of a plot
    `plot_px` wide, so a run's first point or two never give an axis of fractional iterations (50, 50.2, ... 51);
    a run with no point yet starts at iteration 0. `start`: where the other charts' data begins, where earlier
    (the charts share their axis: a pre-trained model keeps its last 2,000 losses and every evaluation, and the
    loss chart began at 6,001 over a divergence chart from 10)."""
    first, last = (float(x[0]), float(x[-1])) if len(x) else (0.0, 0.0)
    if start is not None and len(x):
        first = min(first, start)
    return first, max(last, first + plot_px / PIXELS_PER_ITERATION)


TICK_LABEL_GAP_EMS = 0.6  # between two ticks' labels at least
PLOT_SHARE = 0.8  # of a chart's width, its plot area's (the y axis's labels take the rest), as an estimate


def iteration_ticks(low: float, high: float, plot_px: float,
                    left_room_px: float = math.inf) -> tuple[list[float], list[str]]:
    """Round iterations (steps of 1, 2 or 5 times a power of ten, none finer than _finest_round_step) for an axis
    from `low` to `high`, and their labels (iteration_label): the finest step whose labels stay apart in the current
    font (ImPlot spaces its own by pixels alone, so at UI scale 2 a narrow chart's labels ran together, "2000
    6000100001400"). `left_room_px`: how far a label may reach left of the axis's start (a chart's y axis's labels
    leave room there; the timeline bar's frame, unlabelled, little: a label further out is left out, where a chart
    keeps its first). Where no round iteration falls on the axis (a chart's one point at 8,004, a session loaded at
    5,861), its start is labelled, exactly ("8.004k"): such a chart had no label at all, its iterations unread."""
    TICK_LABELS.follow_font()
    ticks = _ticks_apart(low, high, plot_px * PLOT_SHARE / (high - low), left_room_px) if high > low else []
    if not ticks and (left_room_px == math.inf or TICK_LABELS.label(low)[1] / 2 <= left_room_px):
        ticks = [low]
    return ticks, [TICK_LABELS.label(tick)[0] for tick in ticks]


class TickLabels:
    """Iteration labels and their widths in the current font, each made and measured once per font: the charts and
    the timeline bar place their ticks every frame, over an axis that grows every frame while a run trains, and
    formatting and measuring the same labels again was most of that (0.1 ms a frame)."""
    KEPT_AT_MOST = 4096  # labels (a long run's axis has new ticks now and then): past this, measured again

    def __init__(self) -> None:
        self._font: tuple | None = None  # the font, its size and its rasteriser density the widths were measured in
        self._labels: dict[float, tuple[str, float]] = {}  # tick -> (its label, its width)
        self.narrowest_digit = 0.0  # px

    def follow_font(self) -> None:
        """Measure in the current font from here."""
        key = flow.font_key()
        if key != self._font or len(self._labels) > self.KEPT_AT_MOST:
            self._font, self._labels = key, {}
            self.narrowest_digit = min(imgui.calc_text_size(digit).x for digit in "0123456789")

    def label(self, tick: float) -> tuple[str, float]:
        """(`tick`'s label, its width in px)."""
        known = self._labels.get(tick)
        if known is None:
            text = iteration_label(tick)
            known = self._labels[tick] = (text, imgui.calc_text_size(text).x)
        return known


TICK_LABELS = TickLabels()


# (from this many on, iterations are counted in this unit, named so): thousands and millions
ITERATION_UNITS = ((1e6, "M"), (1e3, "k"))


def iteration_label(iteration: float) -> str:
    """An iteration as every chart and the timeline bar label it, whatever room its axis has: '500', '1k', '1.5k',
    '400k', '2M' ('0' is '0'). Each axis chose its unit by its room, and at 1920x1080 the loss chart read "1000 2000"
    beside the mode chart's "1k 2k" at once, the timeline bar's "200 400" under the 1280x800 charts' "0.2k 0.4k";
    "%g" alone wrote a 2,000,000-iteration axis as "500000 1e+06 1.5e+06"."""
    for size, suffix in ITERATION_UNITS:
        if abs(iteration) >= size:  # twelve digits: exact for any iteration ("%g" wrote 1,234,567 as 1.23457M)
            return f"{iteration / size:.12g}{suffix}"
    return f"{iteration:.12g}"


def _ticks_apart(low: float, high: float, px_per_iteration: float, left_room_px: float = math.inf) -> list[float]:
    """The ticks of the finest step whose labels stay TICK_LABEL_GAP_EMS apart (the widest's); none whose label,
    centred on it, would run past the axis's right end (a tick near there: "100000" ran past the chart's edge at
    1280x800), but for the first where all would; none whose label would reach further than `left_room_px` left of
    its start."""
    # Every label holds a digit: a step closer than the narrowest digit and the gap fails unmeasured. Measured, the
    # finest steps' ticks cost a frame a second on a 400,000-iteration axis (a label measured per iteration).
    least_apart_px = TICK_LABEL_GAP_EMS * imgui.get_font_size() + TICK_LABELS.narrowest_digit
    step = _finest_round_step(low, high)
    while True:
        for multiple in (1, 2, 5):
            if multiple * step * px_per_iteration < least_apart_px and high - low >= 2 * multiple * step:
                continue  # two ticks or more, closer than any two labels can stand
            ticks = _multiples(low, high, multiple * step).tolist()
            widths = [TICK_LABELS.label(t)[1] for t in ticks]
            gap = multiple * step * px_per_iteration - max(widths, default=0.0)
            if gap >= TICK_LABEL_GAP_EMS * imgui.get_font_size() or len(ticks) <= 1:
                inside = [t for t, width in zip(ticks, widths) if (high - t) * px_per_iteration >= width / 2]
                return [t for t in inside or ticks[:1]
                        if (t - low) * px_per_iteration + left_room_px >= TICK_LABELS.label(t)[1] / 2]
        step *= 10


def _finest_round_step(low: float, high: float) -> float:
    """The finest tick step whose ticks read round on an axis from `low` to `high`: a tenth of the unit its largest
    iterations are counted in (ITERATION_UNITS), so each label has at most one decimal ("5.5k", "1.2M"); whole
    iterations under 1,000. Steps of 10 high up a short axis (a session loaded at 5,860, the timeline bar after a
    few steps) read "5.86k 5.87k 5.88k"; where no round tick falls in so short an axis, it has none."""
    largest = max(abs(low), abs(high))
    return next((size / 10 for size, _ in ITERATION_UNITS if largest >= size), 1.0)


def _multiples(low: float, high: float, step: float) -> np.ndarray:
    """The multiples of `step` from `low` to `high`, `high` itself where it is one (a millionth of a step allows for
    the float error at any scale: 1e-9 past `high` ran a log axis near 1e-14 on to a million ticks). Each is a whole
    number times `step`, so 0 is 0: counted up by steps from -1, it was -2.2e-16, labelled "-2.22045e-16" on a
    compared WGAN critic's axis."""
    return np.arange(math.ceil(low / step), math.floor(high / step + 1e-6) + 1) * step


SHORT_PLOT_LINES = 4.0  # a plot under this many lines of text tall has its value ticks spaced by setup_short_value_axis
VALUE_TICK_EMS = 0.8  # ...at least this many ems apart (a digit is about 0.73 em tall: their labels never touch)


def value_ticks(low: float, high: float, plot_px: float) -> tuple[list[float], list[str]]:
    """Round values (1, 2 or 5 times a power of ten) from `low` to `high` on an axis `plot_px` tall, at least
    VALUE_TICK_EMS apart, and their labels."""
    least = VALUE_TICK_EMS * imgui.get_font_size() * (high - low) / plot_px
    power = 10.0 ** math.floor(math.log10(least))
    step = next(multiple * power for multiple in (1, 2, 5, 10) if multiple * power >= least)
    # twelve digits, not twelve places (in which 1e-14 is 0): the arange's float error gone at any scale
    ticks = [float(f"{value:.12g}") for value in _multiples(low, high, step)]
    return ticks, [f"{value:g}" for value in ticks]


def setup_short_value_axis(axis: int, low: float, high: float) -> None:
    """In a plot under SHORT_PLOT_LINES tall as drawn last frame (a shrunk chart: at 1280x800, UI scale 2, about
    three), the y `axis`'s ticks from `low` to `high` spaced for their labels (value_ticks): there ImPlot's own
    labels, a tick every 0.2 of a loss, were drawn on top of each other ("1.6 1.4 1.2 1 0.8" in 45 px). Taller, or
    in its first frame, ImPlot's."""
    area = implot.internal.get_current_plot().plot_rect
    plot_px = area.max.y - area.min.y
    if high > low and 0 < plot_px < SHORT_PLOT_LINES * imgui.get_text_line_height_with_spacing():
        implot.setup_axis_ticks(axis, *value_ticks(low, high, plot_px))


LOG_MANTISSAS = ((1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 5), (1,))  # a log axis's ticks in each decade, finest first


def log_value_ticks(low: float, high: float, plot_px: float) -> tuple[list[float], list[str]]:
    """Round values from `low` to `high` (0 < low < high) on a log axis `plot_px` tall, at least VALUE_TICK_EMS
    apart, and their labels: the finest of LOG_MANTISSAS in each decade that gives two ticks or more apart; within a
    decade, where none gives two, value_ticks' round values, spaced for the axis where it is most squeezed (at
    `high`); where even the powers of ten crowd, every so many of them. ImPlot labels powers of ten alone: the
    shipped model's losses, 0.66 to 0.74, had no label at all."""
    least = VALUE_TICK_EMS * imgui.get_font_size()
    decades = math.log10(high / low)
    for mantissas in LOG_MANTISSAS:
        # read from its decimal digits, as exact at 1e-14 as at 1 (rounded to 12 places, ticks under 1e-12 were 0)
        ticks = [value for power in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
                 for mantissa in mantissas if low <= (value := float(f"{mantissa}e{power}")) <= high]
        if len(ticks) < 2:
            return value_ticks(low, high, plot_px * (high - low) / (high * math.log(high / low)))
        if all(plot_px * math.log10(upper / lower) / decades >= least for lower, upper in zip(ticks, ticks[1:])):
            break
    else:
        ticks = ticks[::math.ceil(least * decades / plot_px)]  # the powers of ten, a decade apart, too close
    return ticks, [f"{value:g}" for value in ticks]


def setup_log_value_axis(axis: int, low: float, high: float) -> None:
    """The log y `axis`'s ticks from `low` to `high` spaced for their labels (log_value_ticks), in the plot's height
    as drawn last frame; in its first frame, ImPlot's."""
    area = implot.internal.get_current_plot().plot_rect
    plot_px = area.max.y - area.min.y
    if 0 < low < high and plot_px > 0:
        implot.setup_axis_ticks(axis, *log_value_ticks(low, high, plot_px))


def setup_iteration_axis(x: np.ndarray, plot_px: float, start: float | None = None) -> None:
    """The x axis over the data (iteration_limits) with ticks whose labels stay apart (iteration_ticks). Where the
    current plot's area was narrower last frame than PLOT_SHARE of `plot_px` (a y axis each side: a comparison's
    critic score beside a log loss), the ticks are spaced in the area as drawn: at UI scale 2 their labels ran
    together, "50 100150200". Its first frame has no area yet: the share then."""
    area = implot.internal.get_current_plot().plot_rect
    if area.max.x > area.min.x:
        plot_px = min(plot_px, (area.max.x - area.min.x) / PLOT_SHARE)
    low, high = iteration_limits(x, plot_px, start)
    implot.setup_axis_limits(implot.ImAxis_.x1, low, high, implot.Cond_.always)
    implot.setup_axis_ticks(implot.ImAxis_.x1, *iteration_ticks(low, high, plot_px))


MARK_INSET_PX = 2.0  # the mark at the plot's first or last iteration stays this far inside its frame


MARK_LABEL = "rewound to"


def mark_iteration(iteration: int, named: bool = True) -> None:
    """A vertical line at `iteration` across the current plot, in the rewound iteration's colour; at the plot's
    edge (the first kept iteration, or one just before the chart's first row) moved just inside it, where the
    plot's frame would hide it. Further off the plot (before a chart's first evaluation) it is not drawn.
    `named`: it has its entry in the plot's legend."""
    limits = implot.get_plot_limits().x
    inset = MARK_INSET_PX * (limits.max - limits.min) / max(implot.get_plot_size().x, 1.0)
    reach = max(inset, 1.0)  # the loss chart starts at iteration 1: iteration 0 sits on its edge
    if not limits.min - reach <= iteration <= limits.max + reach:
        return
    spec = implot.Spec()
    spec.line_color, spec.line_weight = imgui.ImVec4(*SHOWN_ITERATION_RGBA), 2.0
    if not named:
        spec.flags = implot.ItemFlags_.no_legend
    x = min(max(float(iteration), limits.min + inset), limits.max - inset)
    implot.plot_inf_lines(item_id(MARK_LABEL, "rewound"), np.array([x]), spec)


def mark_off_scale(series: Sequence[Series], low: float, high: float) -> None:
    """On the current plot, for each run's line that leaves the y range from `low` to `high`, a label in its colour
    at the edge it crosses, over its farthest point: "B off scale ↑ 9.98" (the chart fitted the other
    runs; runs_to_fit). A line by line further in, where several leave by the same edge."""
    line = imgui.get_text_line_height_with_spacing()
    above = below = 0
    for tag, _, x, y, rgb in series:  # a run's line is keyed by its letter (_per_run)
        finite = np.isfinite(y)
        if not finite.any():
            continue
        values, iterations = y[finite], x[finite]
        if values.max() > high:
            peak = int(np.argmax(values))
            implot.annotation(float(iterations[peak]), high, imgui.ImVec4(*rgb, 1.0), imgui.ImVec2(0.0, above * line),
                              True, f"{tag} off scale ↑ {values[peak]:.3g}")
            above += 1
        if values.min() < low:
            trough = int(np.argmin(values))
            implot.annotation(float(iterations[trough]), low, imgui.ImVec4(*rgb, 1.0), imgui.ImVec2(0.0, -below * line),
                              True, f"{tag} off scale ↓ {values[trough]:.3g}")
            below += 1


def legend_row_fits(labels: Sequence[str], frame_px: float) -> bool:
    """Whether ImPlot's legend of `labels` in one row (CalcLegendSize: a swatch a text line wide per entry, the
    labels, the spacing between entries, the inner padding at both ends) fits a chart `frame_px` wide inside
    its plot padding."""
    style = implot.get_style()
    width = (len(labels) * imgui.get_text_line_height() + sum(imgui.calc_text_size(label).x for label in labels)
             + style.legend_spacing.x * (len(labels) - 1) + 2 * style.legend_inner_padding.x)
    return width <= frame_px - 2 * style.plot_padding.x


def titles_that_fit(forms: Sequence[Sequence[str]], frame_px: float, charts: Sequence[str]) -> Sequence[str]:
    """The first of `forms` (each a title per chart of `charts`, by the titles they are drawn under; longest first)
    whose every title is no wider than its chart's plot area as drawn last frame, else the last: ImPlot centres the
    title over the plot area, which the y axis's labels push off the chart's centre (at 1920x1080, UI scale 2, a
    title narrower than the chart touched its edge). Charts named in one form: "D loss" over "Generator's loss"
    read as two kinds of chart. Before a chart's first frame, its width `frame_px` inside its plot padding."""
    rooms = []
    for chart in charts:
        plot = implot.internal.get_plot(f"###{chart}")
        if plot is not None and plot.plot_rect.max.x > plot.plot_rect.min.x:
            rooms.append(plot.plot_rect.max.x - plot.plot_rect.min.x)
        else:
            rooms.append(frame_px - 2 * implot.get_style().plot_padding.x)
    return next((form for form in forms
                 if all(imgui.calc_text_size(title).x <= room for title, room in zip(form, rooms))), forms[-1])


def legend_row(names: Sequence[Sequence[str]], hidden: Sequence[bool], frame_px: float) -> tuple[list[str], bool]:
    """(labels, noted) of a one-row legend over a chart `frame_px` wide: the first of `names` (the lines' names,
    longest first) whose row fits, each line with values a log axis hides (`hidden`) noted HIDDEN_ON_LOG; where
    no row fits with the notes, the first that fits without them (`noted` False: hidden_note says it in the plot);
    where none fits, the shortest. At 1280x800, UI scale 2, "D loss (≤ 0 hidden)" was cut to "D loss (≤ 0 hidd"
    and the G loss's entry lost, at 1024x768 "D loss G loss" to "D loss ■G"."""
    for noted in (True, False) if any(hidden) else (True,):
        for candidate in names:
            labels = [name + HIDDEN_ON_LOG if noted and hide else name for name, hide in zip(candidate, hidden)]
            if legend_row_fits(labels, frame_px):
                return labels, noted
    return list(names[-1]), not any(hidden)


class ChartNote(NamedTuple):
    """A few words inside a plot's left corner (place_notes): the first of `wordings` (longest first) no wider than
    `room` px with its padding, unsaid where none is; `tip` said on hovering it; `corners` the corners it may stand
    in, in the order it takes them (True: the upper, False: the lower)."""
    wordings: Sequence[str]
    room: float
    tip: str = ""
    corners: Sequence[bool] = (False, True)


def note_corners(heights: Sequence[float], corners: Sequence[Sequence[bool]], top: float, foot: float, pad: float,
                 lines: Sequence[float], held: Sequence[tuple[float, float]] = ()) -> list[bool | None]:
    """Where each note of `heights` px, in order, stands in a plot from `top` to `foot` (screen px): the first of its
    `corners` (True: the upper, False: the lower, a `pad` in from the edge) where no line at `lines` (screen px)
    runs through its words and no note placed before it, nor anything at the `held` spans (top, foot), stands; None
    where no corner is left (a plot a few lines tall: the lines' names are read there). On a log-scaled loss chart
    "kept from 6,001" and the values the axis hides both took the lower corner, one over the other."""
    taken = list(held)
    placed: list[bool | None] = []
    for height, choices in zip(heights, corners):
        spans = {upper: (top + pad, top + pad + height) if upper else (foot - pad - height, foot - pad)
                 for upper in choices}
        free = [upper for upper, (low, high) in spans.items()
                if not any(low <= line <= high for line in lines)
                and not any(low < other_high and other_low < high for other_low, other_high in taken)]
        placed.append(free[0] if free else None)
        if free:
            taken.append(spans[free[0]])
    return placed


def place_notes(notes: Sequence[ChartNote], marked: Sequence[float] = (),
                boxes: Sequence[tuple[tuple[float, float], tuple[float, float]]] = ()) -> bool:
    """`notes` in the current plot's corners, each in the first that note_corners leaves it, clear of the lines at
    `marked` values (mark_references: the stalemates), of their names' `boxes` (screen px corners) and of the notes
    before it; each in its first wording that
    fits its room, its tip on hovering it. Returns whether a tip is shown (the lines' read-out then gives way)."""
    pad = imgui.get_style().item_inner_spacing
    said = [(note, next((text for text in note.wordings if imgui.calc_text_size(text).x + 2 * pad.x <= note.room),
                        None)) for note in notes]
    said = [(note, text) for note, text in said if text is not None]
    limits = implot.get_plot_limits()
    top, foot = (implot.plot_to_pixels(limits.x.min, value).y for value in (limits.y.max, limits.y.min))
    lines = [implot.plot_to_pixels(limits.x.min, value).y for value in marked]
    corners = note_corners([imgui.calc_text_size(text).y for _, text in said], [note.corners for note, _ in said],
                           top, foot, pad.y, lines, [(low[1], high[1]) for low, high in boxes])
    tipped = False
    for (note, text), upper in zip(said, corners):
        if upper is None:
            continue
        low, high = in_plot_corner(text, top=upper)
        if note.tip and imgui.is_window_hovered() and imgui.is_mouse_hovering_rect(low, high):
            imgui.set_tooltip(note.tip)
            tipped = True
    return tipped


def hidden_note(names: Sequence[str]) -> ChartNote:
    """That a log axis hides the values at or below 0 of the lines `names`, where the legend's row had no room to
    say it: in the lower corner first, where a log axis would have drawn them, in the first of HIDDEN_IN_PLOT's
    wordings that fits the plot's width, the whole sentence on hovering it."""
    return ChartNote([wording.format(names=", ".join(names)) for wording in HIDDEN_IN_PLOT], implot.get_plot_size().x,
                     f"{', '.join(names)}: values at or below 0 are not drawn on a log axis")


def name_note(name: str) -> ChartNote:
    """The current plot's `name`, in its upper corner first: lecture mode's comparison names its D and G loss charts
    on their y axes, which at 1920x1080, under four runs' axes, had no room for them (nothing said which was which)."""
    return ChartNote([name], math.inf, corners=(True, False))


# An evaluations' chart with none yet says when they come (first_evaluation_note), longest first: the divergence
# chart stayed empty for the first 50 iterations, with no word why, while the loss chart filled from the first Step
FIRST_EVALUATION = ("measured first at iteration {first}, then every {every}",
                    "first at iteration {first}, then every {every}", "first at {first}, then every {every}",
                    "first at {first}")
FIRST_EVALUATION_WHY = ("Measured every {every} iterations (metrics.every, in All settings), as GAN Lab's charts are,\n"
                        "not every iteration as the losses: each measure scores thousands of samples.")


def first_evaluation_note(first: int, every: int) -> ChartNote:
    """That a chart of evaluations, empty, has its first at iteration `first` and one every `every` from there, in
    the first of FIRST_EVALUATION's wordings that fits the plot's width; why on hovering it."""
    return ChartNote([wording.format(first=f"{first:,}", every=f"{every:,}") for wording in FIRST_EVALUATION],
                     implot.get_plot_size().x, FIRST_EVALUATION_WHY.format(every=f"{every:,}"))


def not_saved_note(x: np.ndarray, start: float | None) -> ChartNote | None:
    """Where the chart's data begins after the charts' shared first iteration (`start`), by more than its text: that
    part of the plot says that the data before it was not saved, and on hovering why. Earlier versions of the lab
    kept a run's last 2,000 losses over evaluations from its start, and their files hold no others (so did the
    shipped models until they were trained again with their past): opened on one, three quarters of the loss chart
    lay empty, as if its losses were lost, and "kept from 6,001" left a student asking why a model trained from 0
    kept nothing before. Fewer words where the part is narrow. None where the data begins with the others'."""
    if start is None or not len(x) or x[0] <= start:
        return None
    first = f"{int(x[0]):,}"
    gap = implot.plot_to_pixels(float(x[0]), 0.0).x - implot.plot_to_pixels(start, 0.0).x
    return ChartNote([wording.format(first=first) for wording in NOT_SAVED], gap,
                     NOT_SAVED_WHY.format(first=first, start=f"{int(start):,}"))


def in_plot_corner(text: str, top: bool) -> tuple[tuple[float, float], tuple[float, float]]:
    """`text` inside the current plot's upper (`top`) or lower left corner, a padding from its edges; returns the
    screen box it takes with its padding (for a tooltip over it)."""
    pad = imgui.get_style().item_inner_spacing
    limits, size = implot.get_plot_limits(), imgui.calc_text_size(text)
    y = limits.y.max if top else limits.y.min
    down = 1.0 if top else -1.0  # the text's centre below the top edge, above the foot
    implot.plot_text(text, limits.x.min, y, imgui.ImVec2(size.x / 2 + pad.x, down * (size.y / 2 + pad.y)))
    corner = implot.plot_to_pixels(limits.x.min, y)
    far = corner.y + down * (size.y + 2 * pad.y)
    return (corner.x, min(corner.y, far)), (corner.x + size.x + 2 * pad.x, max(corner.y, far))


def item_id(label: str, key: str) -> str:
    """What ImPlot knows a plotted item by: `key`, which stays while the `label` it shows changes. ImPlot keeps an
    item's state (shown or hidden by a legend click) by its id, which without "###" is its whole label."""
    return f"{label}###{key}"


NO_FILL = imgui.ImVec4(0.0, 0.0, 0.0, 0.0)


def begin_framed_plot(title: str, size: imgui.ImVec2, flags: int = 0) -> bool:
    """implot.begin_plot, its frame filled by end_framed_plot around the plot area only: ImPlot fills the whole
    frame and then the plot area over it, and on llvmpipe that hidden fill cost the overlay about 1 ms a frame
    for the timeline bar's grown curve at 1600x960 (the same pixels either way). The plot area is not filled at
    all: ImPlot's plot background is the window background, which the overlay's clear (`backdrop_rgb`) has
    already put under these unfilled panels, and the fill was 0.17 of the overlay's pixels at 1280x800. End it
    with end_framed_plot."""
    implot.push_style_color(implot.Col_.frame_bg, NO_FILL)
    implot.push_style_color(implot.Col_.plot_bg, NO_FILL)
    draw_list = imgui.get_window_draw_list()
    draw_list.channels_split(2)  # the frame's ring goes under what ImPlot draws, in channel 0
    draw_list.channels_set_current(1)
    if implot.begin_plot(title, size, flags):
        return True
    draw_list.channels_merge()
    implot.pop_style_color(2)
    return False


def end_framed_plot() -> None:
    """The frame's four sides around the plot area, in ImGui's frame colour (ImPlot's own for its frame; the
    themes set no other), under the plot; then implot.end_plot."""
    plot = implot.internal.get_current_plot()
    frame, inner = plot.frame_rect, plot.plot_rect
    draw_list = imgui.get_window_draw_list()
    draw_list.channels_set_current(0)
    colour = imgui.get_color_u32(imgui.Col_.frame_bg)
    for corner, opposite in (((frame.min.x, frame.min.y), (frame.max.x, inner.min.y)),
                             ((frame.min.x, inner.max.y), (frame.max.x, frame.max.y)),
                             ((frame.min.x, inner.min.y), (inner.min.x, inner.max.y)),
                             ((inner.max.x, inner.min.y), (frame.max.x, inner.max.y))):
        draw_list.add_rect_filled(corner, opposite, colour)
    draw_list.channels_set_current(1)
    implot.end_plot()
    draw_list.channels_merge()
    implot.pop_style_color(2)


MARKED_UNDER = 3  # a series of fewer points has each marked by a dot (plot_line)
DOT_RADIUS_PX = implot.Spec().marker_size  # its radius, ImPlot's (a spec's default)


def plot_line(line: Series, weight: float = 1.0, columns_a_band_step: float = 1.0, log_axis: bool = False) -> None:
    """One series on the current plot (its axes set up: this locks them). Denser than the plot's pixel columns (a
    band step per `columns_a_band_step` of them), it is drawn as column_band draws it: its lowest to highest value
    per step filled in its colour at BAND_ALPHA, its mean per step as the line, the one legend entry for both.
    `log_axis`: values at or below 0 (which the axis cannot show) count as no value. A series of fewer than
    MARKED_UNDER values has a dot on each."""
    x, y, label = line.x, line.y, item_id(line.label, line.key)
    if len(x) > 1:
        limits = implot.get_plot_limits().x
        columns = implot.get_plot_size().x * imgui.get_io().display_framebuffer_scale.x / columns_a_band_step
        steps = columns_for_plot(float(x[-1] - x[0]), limits.max - limits.min, columns)
        if len(x) > steps:
            x, low, high, y = column_band(x, np.where(y > 0, y, np.nan) if log_axis else y, steps)
            band = implot.Spec()
            band.fill_color = imgui.ImVec4(*line.rgb, BAND_ALPHA)
            implot.plot_shaded(label, x, low, high, band)
    spec = implot.Spec()
    spec.line_color = imgui.ImVec4(*line.rgb, 1.0)
    spec.line_weight = weight
    spec.flags = implot.LineFlags_.skip_nan
    # A line needs two points: after the first Step (N) the loss chart and the timeline bar were empty beside the
    # graph's "D loss 1.245"; after the second each showed a bare line from edge to edge.
    if np.count_nonzero(np.isfinite(y)) < MARKED_UNDER:
        spec.marker = implot.Marker_.circle
        spec.marker_fill_color = spec.marker_line_color = spec.line_color
        spec.flags |= implot.LineFlags_.no_clip  # the axes fit the points: they sit on the plot's edges, half cut
    implot.plot_line(label, np.ascontiguousarray(x), np.ascontiguousarray(y), spec)
