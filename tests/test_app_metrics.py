"""The metrics panel: a long series drawn per pixel column keeps its shape, the y range holds still,
and the ImPlot charts draw each series in its colour."""

from __future__ import annotations

import dataclasses
import math
import re

import numpy as np
import pytest
from imgui_bundle import imgui, implot
import lab_frames
from imgui_headless import draw_frame, imgui_context

from ganlab_gl.app.panels.metrics import (D_LOSS_RGB, G_LOSS_RGB, HQ_RGB, KL_RGB, MODES_RGB, SHARED_STALEMATE_RGB,
                                          MetricsPanel, iteration_label)
from ganlab_gl.app.panels.series import MAX_PLOT_COLUMNS, StableRange, column_band, columns_for_plot
from ganlab_gl.app.controller import Controller
from ganlab_gl.app.lab_frame import LabFrame
from ganlab_gl.app.actions import Action
from ganlab_gl.app.state import AppState

# -- decimation ---------------------------------------------------------------------------


def _stretches(x: np.ndarray, columns: int) -> list[np.ndarray]:
    """The rows of each non-empty one of `columns` equal stretches of x, counted here the plain way."""
    edges = np.linspace(x[0], x[-1], columns + 1)
    stretch = np.minimum(((x - x[0]) / (edges[1] - edges[0])).astype(int), columns - 1)
    return [np.flatnonzero(stretch == k) for k in range(columns) if (stretch == k).any()]


@pytest.mark.parametrize("n, columns", [(2001, 300), (10_000, 640), (123_457, 1000)])
def test_a_band_holds_each_columns_lowest_highest_and_mean(n, columns):
    rng = np.random.default_rng(n)
    x = np.arange(n, dtype=float)
    y = rng.normal(size=n)
    y[n // 3], y[2 * n // 3] = 50.0, -50.0  # spikes a plain stride would miss
    xs, lows, highs, means = column_band(x, y, columns)
    rows = _stretches(x, columns)
    assert len(xs) == len(rows) == columns
    assert np.array_equal(lows, [y[r].min() for r in rows]) and np.array_equal(highs, [y[r].max() for r in rows])
    assert np.allclose(means, [y[r].mean() for r in rows]) and np.allclose(xs, [x[r].mean() for r in rows])
    assert highs.max() == 50.0 and lows.min() == -50.0 and np.all(np.diff(xs) > 0)


def test_a_band_counts_infinities_and_nans_as_no_value():
    n = 5000
    y = np.arange(n, dtype=float)
    y[::2] = np.nan  # e.g. G loss during D-only steps
    y[1001], y[3001] = np.inf, -np.inf
    y[4000:] = np.nan  # a stretch with no value at all: no point there
    xs, lows, highs, means = column_band(np.arange(n, dtype=float), y, 100)
    assert len(xs) == 80 and xs.max() < 4000
    assert np.isfinite(lows).all() and np.isfinite(highs).all() and np.isfinite(means).all()
    assert lows[0] == 1.0 and highs[0] == 49.0 and means[0] == 25.0  # the odd rows of the first stretch
    assert highs[20] == 1049.0 and lows[20] == 1003.0  # the infinite row left out


def test_a_thinned_history_keeps_band_columns_across_its_whole_span():
    """Rows sparse in the older part (every 256th iteration) and exact at the end: the columns go by x, so the
    older 90% of the run is not drawn from a handful of rows."""
    x = np.r_[np.arange(1, 100_000, 256), np.arange(100_000, 110_000)].astype(float)
    y = np.random.default_rng(3).normal(size=len(x))
    xs, lows, highs, _ = column_band(x, y, 200)
    assert len(xs) <= 200 and np.histogram(xs, bins=50, range=(1, 110_000))[0].min() >= 4
    assert highs.max() == y.max() and lows.min() == y.min()


def test_the_band_has_a_column_per_pixel_column_the_data_crosses():
    assert columns_for_plot(span=1000.0, shown=1000.0, columns=400.0) == 400
    assert columns_for_plot(span=100.0, shown=1000.0, columns=400.0) == 400  # data on part of the axis: no fewer
    assert columns_for_plot(span=1000.0, shown=250.0, columns=100.0) == 400  # zoomed in 4x: 4x the columns
    assert columns_for_plot(span=1e6, shown=10.0, columns=400.0) == MAX_PLOT_COLUMNS
    assert columns_for_plot(span=1000.0, shown=0.0, columns=400.0) == 400
    assert columns_for_plot(span=1000.0, shown=1000.0, columns=0.0) == 1  # a plot with no width yet


# -- the stable range -----------------------------------------------------------------------


def test_first_data_sets_the_range_with_margin():
    low, high = StableRange(margin=0.1).update(0.0, 1.0)
    assert (low, high) == pytest.approx((-0.1, 1.1))


def test_range_holds_still_while_data_stays_inside():
    stable = StableRange(margin=0.1)
    first = stable.update(0.0, 1.0)
    for low, high in [(0.2, 0.9), (0.0, 1.0), (0.5, 1.05), (-0.05, 0.4)]:
        assert stable.update(low, high) == first


def test_range_grows_at_once_on_the_side_the_data_left():
    stable = StableRange(margin=0.1)
    low, _ = stable.update(0.0, 1.0)
    grown_low, grown_high = stable.update(0.5, 3.0)
    assert grown_low == low  # the other side holds still
    assert grown_high > 3.0


def test_range_shrinks_only_after_the_data_stays_small_for_a_while():
    stable = StableRange(margin=0.1, shrink_below=0.25, patience=10)
    wide = stable.update(0.0, 10.0)
    for _ in range(9):
        assert stable.update(5.0, 6.0) == wide  # uses 1/12 of the range, not long enough yet
    low, high = stable.update(5.0, 6.0)
    assert (low, high) == pytest.approx((4.9, 6.1))


def test_a_fuller_frame_resets_the_shrink_countdown():
    stable = StableRange(margin=0.1, shrink_below=0.25, patience=10)
    wide = stable.update(0.0, 10.0)
    for _ in range(9):
        stable.update(5.0, 6.0)
    stable.update(2.0, 8.0)  # uses half the range again
    for _ in range(9):
        assert stable.update(5.0, 6.0) == wide


def test_flat_and_missing_data():
    stable = StableRange(margin=0.1)
    low, high = stable.update(2.0, 2.0)
    assert low < 2.0 < high
    assert stable.update(float("nan"), float("nan")) == (low, high)
    assert StableRange().update(float("nan"), 1.0) == (0.0, 1.0)


# -- the ImPlot panel ------------------------------------------------------------------------


def _trained(dataset: str, iterations: int = 40, loss: str = "log") -> LabFrame:
    """The read model the panel draws from, after `iterations` of training on `dataset` with `loss`."""
    state = AppState()
    state.config.data.name = dataset
    state.config.train.loss = loss
    state.config.metrics.every = 1  # a divergence point per iteration, so the charts have lines
    controller = Controller(state)
    controller.trainer.train(iterations)
    controller.trainer.flush_losses()
    return controller.read_model()


def _shipped() -> LabFrame:
    """The read model of the default data's shipped pre-trained model, as the lab opens on it."""
    state = AppState()
    controller = Controller(state)
    state.request(Action.USE_PRETRAINED, True)
    controller.frame()
    try:
        return controller.read_model()
    finally:
        controller.close()


def _losses_cut() -> LabFrame:
    """The shipped model's read model as a file of an earlier version of the lab opens: its losses cut to the last
    quarter of its iterations (it kept the last 2,000, and the shipped models of 8,000 were saved so until
    2026-12-05), its evaluations from the start."""
    frame = _shipped()
    kept = frame.losses["iteration"] > frame.iteration * 3 // 4
    return dataclasses.replace(frame, losses=dataclasses.replace(frame.losses, rows=frame.losses.rows[kept]))


def _colour(rgb) -> int:
    return imgui.get_color_u32(imgui.ImVec4(*rgb, 1.0))


def test_panel_plots_losses_divergences_and_mode_coverage():
    panel = MetricsPanel()
    with imgui_context():
        mixture = draw_frame(lambda: panel.draw(_trained("ring8")), (340, 900))
        line = draw_frame(lambda: panel.draw(_trained("line")), (340, 900))
        panel.log_scale = True
        logged = draw_frame(lambda: panel.draw(_trained("ring8")), (340, 900))
        colours = {name: _colour(rgb) for name, rgb in
                   [("D", D_LOSS_RGB), ("G", G_LOSS_RGB), ("KL", KL_RGB), ("HQ", HQ_RGB), ("modes", MODES_RGB)]}
    for name in ("D", "G", "KL", "HQ", "modes"):
        assert mixture.count(colours[name]) > 20, name  # a line, not just its legend swatch
    assert line.count(colours["modes"]) == 0  # no coverage chart without modes
    assert logged.count(colours["D"]) > 20


@pytest.mark.parametrize("short", [False, True])
def test_the_charts_shrink_where_that_fits_the_panel_or_where_it_is_short(monkeypatch, short):
    """At 1920x1080, UI scale 2, nine-line charts made the right panel scroll: they give up their height where that
    fits it, down to a plot LEAST_PLOT_EMS tall; where it does not, they keep it (the panel scrolls), but in a short
    panel (the loss chart in view before the sections under it). Shrunk, their x axes go unnamed, and keep their
    iteration numbers (GAN Lab's charts always have them; shrunk, no chart said when)."""
    from ganlab_gl.app.panels import metrics
    heights, x_names, plots = [], [], []
    begin_plot, setup_axes, end_plot = implot.begin_plot, implot.setup_axes, metrics.end_framed_plot
    monkeypatch.setattr(implot, "begin_plot", lambda title, size, flags=0: (heights.append(size.y),
                                                                            begin_plot(title, size, flags))[1])
    monkeypatch.setattr(implot, "setup_axes", lambda x, y, x_flags=0, *flags: (
        x_names.append((x, x_flags & implot.AxisFlags_.no_tick_labels)), setup_axes(x, y, x_flags, *flags)))

    def ending():
        area = implot.internal.get_current_plot().plot_rect
        plots.append(area.max.y - area.min.y)
        end_plot()
    monkeypatch.setattr(metrics, "end_framed_plot", ending)
    panel, frame = MetricsPanel(), _trained("gaussians")
    numbered = ("", 0)
    with imgui_context():
        base, least, em = [], [], []

        def drawn(spare):
            """The charts, then the px `spare` makes of their least growth given to them."""
            base.append(imgui.get_text_line_height_with_spacing() * metrics.PLOT_HEIGHT_LINES)
            em.append(imgui.get_font_size())
            panel.draw(frame)
            least.append(panel.least_grown())
            panel.take_spare_height(spare(least[-1]), short)
        draw_frame(lambda: drawn(lambda growth: growth), (340, 900))  # half their least growth each: it fits
        heights.clear(), x_names.clear()
        draw_frame(lambda: drawn(lambda growth: -3 * base[0]), (340, 900))
        assert heights == [base[0] + math.floor(least[0] / 2)] * 2 and x_names == [numbered] * 2
        for _ in range(2):  # more than they can give
            heights.clear(), x_names.clear(), plots.clear()
            draw_frame(lambda: panel.draw(frame), (340, 900))
        assert heights == [base[0] + least[-1] if short else base[0]] * 2
        assert x_names == [numbered if short else ("iteration", 0)] * 2
        assert all(plot >= metrics.LEAST_PLOT_EMS * em[0] for plot in plots), (plots, em)


def test_each_chart_line_plots_the_column_of_its_name(monkeypatch):
    """The seam where panels once indexed history columns by number: every label's line is its named column."""
    import ganlab_gl.app.panels.metrics as metrics
    plotted = {}
    monkeypatch.setattr(metrics, "plot_line", lambda line, *_, **__: plotted.setdefault(line.label, (line.x, line.y)))
    frame = _trained("ring8", 60)
    with imgui_context():
        draw_frame(lambda: MetricsPanel().draw(frame), (340, 900))
    columns = {"Discriminator's loss": (frame.losses, "d_loss"), "Generator's loss": (frame.losses, "g_loss"),
               "KL divergence": (frame.evals, "kl"), "JS divergence": (frame.evals, "js"),
               "high quality": (frame.evals, "hq_fraction"),
               "modes": (frame.evals, "modes_captured")}
    assert set(plotted) == set(columns)
    for label, (table, name) in columns.items():
        x, y = plotted[label]
        np.testing.assert_array_equal(x, table["iteration"], err_msg=label)
        np.testing.assert_array_equal(y, table[name], err_msg=label)


@pytest.mark.parametrize("width, names", [(300, ["D loss", "G loss", "KL divergence", "JS divergence"]),
                                          (120, ["D", "G", "KL", "JS"])])
def test_the_lines_are_named_as_gan_labs_where_they_fit(monkeypatch, width, names):
    """A student read "KL" and "JS" over the second chart, the word divergence nowhere on screen (its title is the
    legend's row): the lines are named "KL divergence" and "JS divergence" as GAN Lab's are, in a 300 px panel
    (the lab's at 1280x800); the letters only where that row would not fit (the loss chart's too: at 1024x768, UI
    scale 2, its row was cut to "D loss ■G")."""
    import ganlab_gl.app.panels.metrics as metrics
    plotted = []
    monkeypatch.setattr(metrics, "plot_line", lambda line, weight=1.0, **_: plotted.append(line.label))
    frame = _trained("gaussians", 20)
    with imgui_context((width, 900)):
        draw_frame(lambda: MetricsPanel().draw(frame), (width, 900))
    assert plotted == names


@pytest.mark.parametrize("width, names", [(340, ["Discriminator's loss", "Generator's loss"]),
                                         (300, ["D loss", "G loss"])])
def test_the_loss_lines_are_named_as_gan_labs_where_they_fit(monkeypatch, width, names):
    """GAN Lab's legend names its loss lines "Discriminator's Loss" and "Generator's Loss"; ours said "D loss" and
    "G loss" at any width, a first-time student left to remember which letter is which network, and then wherever
    the row had no room for the rewound mark's name beside theirs (the lab's side panel at 1280x800). A chart wide
    enough for the full names names them so, rewound or not (the mark's name keeps out of a row without its room);
    a narrower one, with room for "D loss" and "Generator's loss", names both short."""
    import ganlab_gl.app.panels.metrics as metrics
    plotted = []
    monkeypatch.setattr(metrics, "plot_line", lambda line, weight=1.0, **_: plotted.append(line.label))
    state = AppState()
    controller = Controller(state)
    for _ in range(20):
        state.request(Action.STEP)
    present = controller.frame()
    state.request(Action.SHOW_ITERATION, 10)
    rewound = controller.frame()
    controller.close()
    assert rewound.timeline.rewound
    with imgui_context((width, 900)):
        for frame in (present, rewound):
            plotted.clear()
            draw_frame(lambda: MetricsPanel().draw(frame), (width, 900))
            assert plotted[:2] == names


def test_a_legend_row_names_its_lines_all_in_the_longest_form_that_fits():
    """legend_row picks one form for the whole row, never a short name beside a full one: the full names where the
    row holds them, else "D loss" and "G loss" (also where "D loss" beside "Generator's loss" would fit), else the
    letters."""
    from ganlab_gl.app.panels.metrics import LOSS_NAMES, LOSS_SHORTER, legend_row, legend_row_fits
    forms = [LOSS_NAMES, *LOSS_SHORTER]
    picked = {}

    def body():
        mixed_fits = next(width for width in range(1, 2000) if legend_row_fits(["D loss", LOSS_NAMES[1]], width))
        full_fits = next(width for width in range(1, 2000) if legend_row_fits(LOSS_NAMES, width))
        assert mixed_fits < full_fits
        for width in (full_fits, mixed_fits, 40):
            picked[width] = legend_row(forms, [False, False], width)[0]

    with imgui_context():
        draw_frame(body, (340, 900))
    assert list(picked.values()) == [list(LOSS_NAMES), list(LOSS_SHORTER[0]), list(LOSS_SHORTER[1])], picked


def test_a_long_history_is_drawn_as_a_band_and_a_line_of_a_point_per_pixel_column(monkeypatch):
    """20,000 iterations of losses on a 340 px panel: each line holds a point per pixel column (the means), over a
    band from each column's lowest to highest loss, the spike's extreme included, one legend entry for both."""
    import ganlab_gl.app.panels.metrics as metrics
    frame = _trained("ring8", 20)
    iterations = np.arange(1, 20_001, dtype=float)
    d_loss = 1.0 + 0.1 * np.sin(iterations / 50.0)
    d_loss[12_345] = 9.0
    rows = np.stack([iterations, d_loss, 2.0 - d_loss], axis=1)
    assert frame.losses.names == ("iteration", "d_loss", "g_loss")
    frame = dataclasses.replace(frame, losses=type(frame.losses)(frame.losses.names, rows))
    lines, bands = {}, {}
    real_plot_line, real_plot_shaded = metrics.implot.plot_line, metrics.implot.plot_shaded
    monkeypatch.setattr(metrics.implot, "plot_line", lambda label, x, y, spec: (
        lines.setdefault(label, (x.copy(), y.copy())), real_plot_line(label, x, y, spec)))
    monkeypatch.setattr(metrics.implot, "plot_shaded", lambda label, x, low, high, spec: (
        bands.setdefault(label, (x.copy(), low.copy(), high.copy(), spec.fill_color)),
        real_plot_shaded(label, x, low, high, spec)))
    with imgui_context():
        draw_frame(lambda: MetricsPanel().draw(frame), (340, 900))
    x, y = lines["Discriminator's loss###d_loss"]
    band_x, low, high, fill = bands["Discriminator's loss###d_loss"]
    assert 200 < len(x) <= 340 and np.array_equal(band_x, x)
    assert high.max() == 9.0 and low.min() == d_loss.min() and np.all((low <= y) & (y <= high))
    assert 1.0 <= x[0] < 1.0 + 20_000 / 200 and 20_000.0 - 20_000 / 200 < x[-1] <= 20_000.0
    assert (fill.x, fill.y, fill.z, fill.w) == pytest.approx((*D_LOSS_RGB, metrics.BAND_ALPHA))


def test_a_history_sparser_than_the_pixel_columns_is_drawn_point_for_point(monkeypatch):
    import ganlab_gl.app.panels.metrics as metrics
    frame = _trained("ring8", 20)
    assert 2 < len(frame.losses["iteration"]) < 100
    lines, bands = {}, []
    real_plot_line = metrics.implot.plot_line
    monkeypatch.setattr(metrics.implot, "plot_line", lambda label, x, y, spec: (
        lines.setdefault(label, y.copy()), real_plot_line(label, x, y, spec)))
    monkeypatch.setattr(metrics.implot, "plot_shaded", lambda *args: bands.append(args))
    with imgui_context():
        draw_frame(lambda: MetricsPanel().draw(frame), (340, 900))
    assert np.array_equal(lines["Discriminator's loss###d_loss"], frame.losses["d_loss"]) and not bands


def test_a_loss_of_one_or_two_iterations_is_drawn_as_dots(monkeypatch):
    """After the first Step the loss chart has one point a loss, which a line alone does not draw, and after the
    second a bare line from edge to edge: each point is marked with a dot in its colour, drawn whole though it sits
    on the plot's edge; three iterations' lines are plain lines."""
    import ganlab_gl.app.panels.metrics as metrics
    markers = {}
    real_plot_line = metrics.implot.plot_line
    monkeypatch.setattr(metrics.implot, "plot_line", lambda label, x, y, spec: (
        markers.__setitem__((len(x), label), (spec.marker, spec.marker_fill_color, spec.flags)),
        real_plot_line(label, x, y, spec)))
    with imgui_context():
        for iterations in (1, 2, 3):
            draw_frame(lambda: MetricsPanel().draw(_trained("gaussians", iterations)), (340, 900))
    for label, rgb in (("Discriminator's loss###d_loss", D_LOSS_RGB), ("Generator's loss###g_loss", G_LOSS_RGB)):
        for points in (1, 2):
            marker, fill, flags = markers[points, label]
            assert marker == implot.Marker_.circle and (fill.x, fill.y, fill.z) == pytest.approx(rgb)
            assert flags & implot.LineFlags_.no_clip  # whole, though on the plot's edge
        assert markers[3, label][0] != implot.Marker_.circle


def test_a_band_on_a_log_axis_leaves_out_what_the_axis_cannot_show(monkeypatch):
    """A hinge G loss dipping below 0 on a log axis: its band and means are of its positive values (a band
    reaching 0 or below would fill to the axis's bottom, which a log axis cannot place)."""
    import ganlab_gl.app.panels.metrics as metrics
    frame = _trained("ring8", 20)
    iterations = np.arange(1, 20_001, dtype=float)
    g_loss = 0.5 + np.sin(iterations)  # below 0 about a third of the time
    rows = np.stack([iterations, np.ones_like(g_loss), g_loss], axis=1)
    frame = dataclasses.replace(frame, losses=type(frame.losses)(frame.losses.names, rows))
    bands = {}
    monkeypatch.setattr(metrics.implot, "plot_shaded", lambda label, x, low, high, spec: bands.setdefault(
        label, (low.copy(), high.copy())))
    panel = MetricsPanel()
    panel.log_scale = True
    with imgui_context():
        draw_frame(lambda: panel.draw(frame), (340, 900))
    low, high = next(band for label, band in bands.items() if label.startswith("G loss"))
    assert low.min() > 0 and high.max() == g_loss.max()


# -- the charts' axes: whole iterations, and a new run's own ---------------------------------------------------

CHARTS = ("Losses", "Divergence (gap from real, bits)", "Mode coverage")


def _x_axes(panel: MetricsPanel, frame: LabFrame, width: float) -> dict[str, tuple[float, float, list[str]]]:
    """Each chart's iteration axis after two frames: (low, high, tick labels)."""
    axes = {}

    def body():
        panel.draw(frame)
        for title in CHARTS:
            axis = implot.internal.get_plot(title).x_axis(0)
            axes[title] = (axis.range.min, axis.range.max,
                           [axis.ticker.get_text(i) for i in range(axis.ticker.tick_count())])

    for _ in range(2):
        draw_frame(body, (width, 900))
    return axes


@pytest.mark.parametrize("width", [200, 340, 700, 1400, 3000])
def test_a_run_with_one_point_labels_whole_iterations(width):
    state = AppState()
    state.config.data.name = "ring8"
    state.config.metrics.every = 50
    controller = Controller(state)
    controller.trainer.train(50)  # one divergence and coverage point, at iteration 50
    controller.trainer.flush_losses()
    frame = controller.read_model()
    assert len(frame.evals) == 1
    with imgui_context((width, 900)):
        axes = _x_axes(MetricsPanel(), frame, width)
    for title, (low, high, labels) in axes.items():
        assert low <= 50 <= high and labels, title
        assert all(float(label) == int(float(label)) for label in labels), (title, labels)


@pytest.mark.parametrize("width", [200, 700, 3000])
def test_a_run_with_no_point_yet_labels_whole_iterations_from_0(width):
    state = AppState()
    state.config.data.name = "ring8"
    frame = Controller(state).read_model()  # iteration 0: nothing to plot yet
    assert len(frame.evals) == 0
    with imgui_context((width, 900)):
        axes = _x_axes(MetricsPanel(), frame, width)
    for title, (low, high, labels) in axes.items():
        assert low == 0 < high and labels, title
        assert all(float(label) == int(float(label)) for label in labels), (title, labels)


def _ring8_after_400() -> tuple[AppState, Controller, LabFrame]:
    """A ring of 8 trained 400 iterations, evaluated every 10, and its read model: axes grown by a long run."""
    state = AppState()
    state.config.data.name = "ring8"
    state.config.metrics.every = 10
    controller = Controller(state)
    controller.trainer.train(400)
    controller.trainer.flush_losses()
    return state, controller, controller.read_model()


@pytest.mark.parametrize("auto_fit", [True, False])
def test_the_axes_restart_with_the_run(auto_fit):
    state, controller, long_run = _ring8_after_400()
    state.request(Action.RESET)
    controller.frame()
    state.answer(True)  # 400 unsaved iterations: the reset asked first
    controller.frame()
    controller.trainer.train(20)
    controller.trainer.flush_losses()
    restarted = controller.read_model()
    assert restarted.run != long_run.run
    panel = MetricsPanel()
    panel.auto_fit = auto_fit
    with imgui_context((340, 900)):
        _x_axes(panel, long_run, 340)
        axes = _x_axes(panel, restarted, 340)
    for title, (low, high, _) in axes.items():
        assert high < 100, (title, low, high)  # the new run's 20 iterations, not the old run's 400


def test_a_comparison_overlays_one_line_per_run_named_as_its_pane(monkeypatch):
    import ganlab_gl.app.panels.metrics as metrics
    plotted = []
    monkeypatch.setattr(metrics, "plot_line", lambda line, *_, **__: plotted.append((line.label, line.y, line.rgb)))
    frame = lab_frames.ring8_frame(12, ("train.loss=wgan-gp", "train.g_lr=0.01"))
    with imgui_context((340, 1800)):  # every chart on screen
        draw_frame(lambda: MetricsPanel().draw(frame), (340, 1800))
    names = ["A log loss, g_lr 0.03 (main)", "B WGAN-GP loss", "C g_lr 0.01"]
    charts = [("losses", "d_loss"), ("losses", "g_loss"), ("evals", "js"), ("evals", "modes_captured")]
    assert [label for label, _, _ in plotted] == names * len(charts)  # each chart: one line per run, as its pane
    for chart, (table, column) in enumerate(charts):
        for run, (_, y, _) in zip(frame.comparison, plotted[3 * chart:3 * chart + 3], strict=True):
            np.testing.assert_array_equal(y, getattr(run, table)[column], err_msg=f"{run.tag} {column}")
    assert len({rgb for _, _, rgb in plotted}) == 3  # a colour per run
    assert not np.array_equal(plotted[0][1], plotted[1][1])  # the runs' own histories


def test_a_rewound_lab_marks_the_shown_iteration_on_every_chart(monkeypatch):
    import ganlab_gl.app.panels.metrics as metrics
    marked = []
    monkeypatch.setattr(metrics, "mark_iteration", lambda iteration, named=True: marked.append(iteration))
    state = AppState()
    state.config.data.name = "ring8"
    state.config.metrics.every = 1
    controller = Controller(state)
    for _ in range(12):
        state.request(Action.STEP)
    state.request(Action.SHOW_ITERATION, 5)
    rewound = controller.frame()
    state.request(Action.SHOW_ITERATION, "present")
    present = controller.frame()
    controller.close()
    with imgui_context((340, 1800)):  # every chart on screen
        draw_frame(lambda: MetricsPanel().draw(rewound), (340, 1800))
        assert marked == [5, 5, 5]  # losses, divergence, mode coverage
        draw_frame(lambda: MetricsPanel().draw(present), (340, 1800))
        assert marked == [5, 5, 5]  # the present: no line


def test_a_chart_with_nothing_to_plot_draws_no_y_scale(monkeypatch):
    """At iteration 0 the y axis is a scale of nothing, whose labels piled up in lecture mode's short chart; with
    a value it has its labels."""
    import ganlab_gl.app.panels.metrics as metrics
    y_flags = []
    setup_axes = metrics.implot.setup_axes
    monkeypatch.setattr(metrics.implot, "setup_axes", lambda x, y, x_flags=0, flags=0: (
        y_flags.append(flags), setup_axes(x, y, x_flags, flags)))
    controller = Controller(AppState())
    empty = controller.read_model()
    controller.close()
    assert len(empty.losses["iteration"]) == 0
    with imgui_context():
        panel = MetricsPanel()
        draw_frame(lambda: panel.draw_losses(empty, 200), (340, 300))
        draw_frame(lambda: panel.draw_losses(_trained("gaussians", 3), 200), (340, 300))
    assert y_flags == [implot.AxisFlags_.no_tick_labels, 0]


def test_the_mark_at_the_first_iteration_stays_inside_the_plot(monkeypatch):
    """Rewound to the start (Home), the line would lie on the plot's frame, hidden: it is drawn just inside."""
    from imgui_bundle import implot
    drawn = []
    plot_inf_lines = implot.plot_inf_lines

    def recording(label, values, spec):
        if not spec.flags & implot.InfLinesFlags_.horizontal:  # the rewound iteration's, not a stalemate's
            limits = implot.get_plot_limits().x
            drawn.append((float(values[0]), limits.min, limits.max, implot.get_plot_size().x))
        plot_inf_lines(label, values, spec)

    monkeypatch.setattr(implot, "plot_inf_lines", recording)
    state = AppState()
    state.config.metrics.every = 20  # the divergences begin at iteration 20, the losses at 1: both charts at 1
    controller = Controller(state)
    for _ in range(60):
        state.request(Action.STEP)
    state.request(Action.SHOW_ITERATION, "first")
    rewound = controller.frame()
    controller.close()
    with imgui_context((340, 1800)):
        draw_frame(lambda: MetricsPanel().draw(rewound), (340, 1800))
    assert len(drawn) == 2  # the losses' chart and the divergences', which shares its first iteration
    for x, low, high, width in drawn:
        pixel = (high - low) / width
        assert low == 1 and low + 1.5 * pixel <= x < low + 4 * pixel, (x, low, high)  # inside, at the start


@pytest.mark.parametrize("width, in_legend", [(220, False), (700, True)])
def test_the_mark_joins_the_legend_row_only_where_it_fits(monkeypatch, width, in_legend):
    """At 1024x768 the loss chart's one-row legend was cut to "D loss G loss rewound t": there the mark stays
    out of it; a wide chart names it."""
    from imgui_bundle import implot
    flags = []
    plot_inf_lines = implot.plot_inf_lines

    def recording(label, values, spec):
        if not spec.flags & implot.InfLinesFlags_.horizontal:  # the rewound iteration's, not a stalemate's
            flags.append(spec.flags)
        plot_inf_lines(label, values, spec)

    monkeypatch.setattr(implot, "plot_inf_lines", recording)
    state = AppState()
    controller = Controller(state)
    for _ in range(30):
        state.request(Action.STEP)
    state.request(Action.SHOW_ITERATION, 10)
    rewound = controller.frame()
    controller.close()
    with imgui_context((width, 1800)):
        draw_frame(lambda: MetricsPanel().draw(rewound), (width, 1800))
    losses = flags[0]
    assert bool(losses & implot.ItemFlags_.no_legend) is not in_legend


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_iteration_ticks_keep_their_labels_apart_at_any_text_size(scale):
    """ImPlot spaces ticks by pixels alone: at UI scale 2 a 300 px chart's labels ran together."""
    from ganlab_gl.app.fonts import UiFonts
    from ganlab_gl.app.panels.metrics import PLOT_SHARE, iteration_ticks
    seen = {}

    def body():
        seen["ticks"], labels = iteration_ticks(1.0, 18_000.0, 300.0)
        seen["label"] = max(imgui.calc_text_size(label).x for label in labels)

    with imgui_context((400, 300)):
        UiFonts().apply_scale(scale, 1.0)
        draw_frame(body, (400, 300))
    ticks = seen["ticks"]
    assert len(ticks) >= (2 if scale == 1.0 else 1) and all(float(t).is_integer() and 1 <= t <= 18_000 for t in ticks)
    if len(ticks) > 1:
        apart_px = (ticks[1] - ticks[0]) * 300 * PLOT_SHARE / 18_000
        assert apart_px >= seen["label"] + 0.6 * 15.0 * scale, (ticks, seen["label"])


@pytest.mark.parametrize("low, high, width, round_ticks", [
    (5_860.0, 6_050.0, 600.0, [5_900.0, 6_000.0]),  # a session loaded at 5,860: steps of 10 read "5.86k 5.87k"
    (8_000.0, 8_040.0, 600.0, [8_000.0]),  # the shipped model's timeline after 40 steps
    # no round iteration on it: its first, where "5.87k 5.88k" stood (where nothing stood, it had no label at all)
    (5_861.0, 5_899.0, 600.0, [5_861.0]),
    (5_860.0, 5_860.0, 600.0, [5_860.0]),  # one iteration alone
    (1_950_000.0, 2_210_000.0, 600.0, [2_000_000.0, 2_100_000.0, 2_200_000.0]),
    (900.0, 1_350.0, 600.0, [900.0, 1_000.0, 1_100.0, 1_200.0, 1_300.0]),
    (20.0, 35.0, 300.0, [20.0, 22.0, 24.0, 26.0, 28.0, 30.0, 32.0, 34.0])])  # whole iterations under 1,000, as before
def test_iteration_ticks_high_up_an_axis_fall_on_round_iterations(low, high, width, round_ticks):
    """High up a short axis ticks every 10 iterations were labelled "5.86k 5.87k 5.88k": each tick now reads with
    one decimal at most in its unit (5.9k, 2.1M), so a short axis there shows fewer ticks, or none."""
    from ganlab_gl.app.fonts import UiFonts
    from ganlab_gl.app.panels.metrics import iteration_ticks
    seen = {}

    def body():
        seen["ticks"], seen["labels"] = iteration_ticks(low, high, width)

    with imgui_context((800, 300)):
        UiFonts().apply_scale(1.0, 1.0)
        draw_frame(body, (800, 300))
    assert seen["ticks"] == round_ticks, seen
    assert all(re.fullmatch(r"\d+(\.\d)?[kM]?", label) for label in seen["labels"]) or len(round_ticks) == 1, seen


@pytest.mark.parametrize("iteration, label", [(8_004, "8.004k"), (5_861, "5.861k"),
                                              (1_234_567, "1.234567M")])
@pytest.mark.parametrize("chart_px", [260.0, 600.0])
def test_a_chart_of_one_point_labels_its_iteration_round_or_not(iteration, label, chart_px):
    """A chart with one point at an iteration no round tick falls near (a session loaded at 8,004, its first
    evaluation) had no iteration label at all: its axis, from the point to a few pixels' worth of iterations past
    it, held no round iteration. It labels the point's iteration, exactly ("%g" wrote 1,234,567 as "1.23457M")."""
    from ganlab_gl.app.fonts import UiFonts
    from ganlab_gl.app.panels.metrics import iteration_limits, iteration_ticks
    seen = {}

    def body():
        seen["ticks"], seen["labels"] = iteration_ticks(*iteration_limits(np.array([iteration]), chart_px), chart_px)

    with imgui_context((800, 300)):
        UiFonts().apply_scale(1.0, 1.0)
        draw_frame(body, (800, 300))
    assert label in seen["labels"] and seen["ticks"][seen["labels"].index(label)] == iteration, seen


@pytest.mark.parametrize("chart_px, last", [(260.0, 1_351.0), (260.0, 5_000.0), (420.0, 1_351.0), (420.0, 18_000.0)])
def test_a_side_panel_chart_at_ui_scale_2_reads_its_iterations_at_two_ticks_or_more(chart_px, last):
    """At UI scale 2 the loss chart in the right panel (260 px at 1280x800, 420 at 1920x1080) showed one x tick,
    "1000", or two: thousands read "1k" (iteration_label), and the labels need only a gap of 0.6 ems between
    them."""
    from ganlab_gl.app.fonts import UiFonts
    from ganlab_gl.app.panels.metrics import PLOT_SHARE, iteration_ticks
    seen = {}

    def body():
        ticks, labels = iteration_ticks(1.0, last, chart_px)
        seen["ticks"], seen["widths"] = ticks, [imgui.calc_text_size(label).x for label in labels]

    with imgui_context((400, 300)):
        UiFonts().apply_scale(2.0, 1.0)
        draw_frame(body, (400, 300))
    ticks, widths = seen["ticks"], seen["widths"]
    assert len(ticks) >= 2, ticks
    px_per_iteration = chart_px * PLOT_SHARE / (last - 1.0)
    assert all((b - a) * px_per_iteration >= max(widths) for a, b in zip(ticks, ticks[1:])), (ticks, widths)


@pytest.mark.parametrize("last", [18_000.0, 400_000.0, 2_000_000.0])
def test_the_iteration_ticks_measure_a_few_labels_however_long_the_run(monkeypatch, last):
    """Every chart and the timeline bar place their ticks every frame: measuring a label per iteration of the
    finest steps took a second a chart at 400,000 iterations (47 ms at 18,000)."""
    from ganlab_gl.app.panels.metrics import iteration_ticks
    measured = []
    calc_text_size = imgui.calc_text_size

    def counting(text, *args):
        measured.append(text)
        return calc_text_size(text, *args)

    seen = {}

    def body():
        monkeypatch.setattr(imgui, "calc_text_size", counting)
        seen["ticks"], seen["labels"] = iteration_ticks(1.0, last, 300.0)
        monkeypatch.undo()

    with imgui_context((400, 300)):
        draw_frame(body, (400, 300))
    assert len(measured) <= 100, len(measured)
    assert len(seen["ticks"]) >= 2, seen


def test_the_tick_labels_kept_from_frame_to_frame_follow_the_font(monkeypatch):
    """The labels' widths are kept from one frame to the next while the font is the same: in another size (the UI
    scale) or another font they are measured afresh, each time the font changes back too."""
    from ganlab_gl.app.fonts import UiFonts
    from ganlab_gl.app.panels import metrics
    placed, afresh, kept, measured = [], [], [], []

    def body():
        for font, size in ((None, 15.0), (None, 30.0), (None, 15.0), (other, 15.0), (None, 15.0)):
            imgui.push_font(font, size)
            placed.append(metrics.iteration_ticks(1.0, 1_800.0, 177.0))
            kept.append([metrics.TICK_LABELS.label(tick)[1] for tick in (500.0, 1000.0, 1500.0)]
                        + [metrics.TICK_LABELS.narrowest_digit])
            measured.append([imgui.calc_text_size(label).x for label in ("500", "1k", "1.5k")]
                            + [min(imgui.calc_text_size(digit).x for digit in "0123456789")])
            with monkeypatch.context() as fresh:
                fresh.setattr(metrics, "TICK_LABELS", metrics.TickLabels())
                afresh.append(metrics.iteration_ticks(1.0, 1_800.0, 177.0))
            imgui.pop_font()

    with imgui_context((400, 300)):
        UiFonts().apply_scale(1.0, 1.0)
        other = imgui.get_io().fonts.add_font_default()  # ImGui's own, narrower
        draw_frame(body, (400, 300))
    with imgui_context((400, 300)):  # the next lab's (a test's) context: its first font has the same id
        other = None
        draw_frame(body, (400, 300))
    assert kept == measured and placed == afresh
    assert measured[0] != measured[1] and measured[0] != measured[3]  # the sizes and fonts above differ
    assert placed[0] != placed[1] and placed[0] != placed[3]  # and place other ticks
    assert measured[4] != measured[5]  # the next context's font: ImGui's own


def test_no_iteration_label_runs_past_the_charts_right_edge():
    """A tick near the axis's right end centred its label there: "100000" ran past the chart at 1280x800."""
    from ganlab_gl.app.fonts import UiFonts
    from ganlab_gl.app.panels.metrics import PLOT_SHARE, iteration_ticks
    seen = {}

    def body():
        seen["ticks"], labels = iteration_ticks(0.0, 100_300.0, 200.0)  # a tick at 100,000, 300 from the end
        seen["half"] = {t: imgui.calc_text_size(label).x / 2 for t, label in zip(seen["ticks"], labels)}

    with imgui_context((400, 300)):
        UiFonts().apply_scale(1.0, 1.0)
        draw_frame(body, (400, 300))
    px_per_iteration = 200 * PLOT_SHARE / 100_300
    assert seen["ticks"] and 100_000 not in seen["ticks"]
    assert all((100_300 - t) * px_per_iteration >= half for t, half in seen["half"].items())


# -- a comparison's shared loss charts: a run off the others' scale ------------------------------------------------

def test_the_runs_fitted_are_the_largest_group_on_one_scale():
    from ganlab_gl.app.panels.series import runs_to_fit
    calm = 1.0 + 0.2 * np.sin(np.arange(1000) / 30.0)
    diverging = np.linspace(1.0, 5000.0, 1000)
    spiked = calm.copy()
    spiked[:10] = 80.0  # a start's spike: not what the line shows
    assert runs_to_fit([calm, diverging]) == [0]
    assert runs_to_fit([diverging, calm]) == [1]  # the calmer of two apart, whichever is the main run
    assert runs_to_fit([diverging, calm, spiked, calm + 0.3]) == [1, 2, 3]
    assert runs_to_fit([calm, calm - 0.5]) == [0, 1]
    assert runs_to_fit([np.full(1000, np.nan), calm]) == [1]  # no value yet: in no group
    assert runs_to_fit([np.full(1000, np.nan)]) == []


def _chart(title: str):
    """The ImPlot plot of the chart `title`: a comparison's loss charts are known by their short names after "###",
    whichever title they show."""
    return implot.internal.get_plot(title) or implot.internal.get_plot(f"###{title}")


def _y_axis_and_marks(monkeypatch, frame: LabFrame, draw, width: float = 340) -> tuple[dict, list[str]]:
    """Each loss chart's y range after a few frames (StableRange settles on the first), and the marks' texts."""
    import ganlab_gl.app.panels.metrics as metrics
    marks = []
    annotation = metrics.implot.annotation
    monkeypatch.setattr(metrics.implot, "annotation", lambda x, y, col, offset, clamp, text: (
        marks.append(text), annotation(x, y, col, offset, clamp, text)))
    ranges = {}
    panel = MetricsPanel()

    def body():
        draw(panel, frame)
        for title in ("D loss", "G loss", "Losses"):
            plot = _chart(title)
            if plot is not None:
                ranges[title] = (plot.y_axis(0).range.min, plot.y_axis(0).range.max)
                if plot.y_axis(1).enabled:  # a second scale's
                    ranges[f"{title}, right"] = (plot.y_axis(1).range.min, plot.y_axis(1).range.max)

    with imgui_context((width, 1800)):
        for _ in range(3):
            marks.clear()
            draw_frame(body, (width, 1800))
    return ranges, marks


def _with_g_loss(frame: LabFrame, tag: str, g_loss: np.ndarray) -> LabFrame:
    runs = []
    for run in frame.comparison:
        if run.tag == tag:
            rows = np.stack([run.losses["iteration"], run.losses["d_loss"], g_loss], axis=1)
            run = dataclasses.replace(run, losses=type(run.losses)(run.losses.names, rows))
        runs.append(run)
    return dataclasses.replace(frame, comparison=tuple(runs))


def _loss_charts(lecture: bool):
    """How the loss charts are drawn: the right panel's (one chart per loss), or lecture mode's side by side."""
    def draw(panel, frame):
        if lecture:
            panel.draw_losses(frame, 300, side_by_side=True)
        else:
            panel.draw(frame)
    return draw


@pytest.mark.parametrize("lecture", [False, True])
def test_a_diverging_compared_run_leaves_the_others_lines_their_height(monkeypatch, lecture):
    """A run whose G loss climbs to 1,500 flattened the other runs' lines (about 0.5 to 2.5) to the chart's foot;
    lecture mode has no log scale to rescue them. The y axis fits the others; the run is named where it leaves."""
    frame = lab_frames.ring8_frame(60, ("train.g_lr=0.01", "train.g_lr=0.02"))
    iterations = frame.comparison[1].losses["iteration"]
    frame = _with_g_loss(frame, "B", 25.0 * iterations)
    others = np.concatenate([frame.comparison[index].losses["g_loss"] for index in (0, 2)])

    ranges, marks = _y_axis_and_marks(monkeypatch, frame, _loss_charts(lecture))
    low, high = ranges["G loss"]
    assert low <= others.min() and others.max() <= high < 2 * others.max()
    assert marks == ["B off scale ↑ 1.5e+03"]
    d_losses = np.concatenate([run.losses["d_loss"] for run in frame.comparison])
    assert ranges["D loss"][0] <= d_losses.min() and d_losses.max() <= ranges["D loss"][1]  # D: all on one scale


@pytest.mark.parametrize("lecture", [False, True])
def test_a_critic_loss_beside_a_log_loss_is_another_measure_on_its_own_axis_not_off_scale(monkeypatch, lecture):
    """WGAN-GP's G loss (a critic's score, drifting to -40) beside log losses was marked "B off scale": the losses
    are in other units, so neither is off the other's scale. Each scale has its y axis, fitted to its runs and
    named by them; within one scale, a run off the others' is still marked (C here)."""
    from ganlab_gl.app.panels.metrics import Series, scale_axes
    frame = lab_frames.ring8_frame(60, ("train.loss=wgan-gp", "train.g_lr=0.01"))
    assert [run.loss_scale for run in frame.comparison] == ["log loss", "critic score", "log loss"]
    iterations = frame.comparison[1].losses["iteration"]
    frame = _with_g_loss(frame, "B", -40.0 + 0.1 * np.sin(iterations))
    frame = _with_g_loss(frame, "C", 25.0 * iterations)

    ranges, marks = _y_axis_and_marks(monkeypatch, frame, _loss_charts(lecture))
    main, critic = (frame.comparison[index].losses["g_loss"] for index in (0, 1))
    low, high = ranges["G loss"]
    assert low <= main.min() and main.max() <= high < 2 * main.max()
    low, high = ranges["G loss, right"]
    assert low <= critic.min() and critic.max() <= high and high - low < 1.0
    assert marks == ["C off scale ↑ 1.5e+03"]
    series = [Series(run.tag, f"{run.tag} x", None, None, None) for run in frame.comparison]
    assert scale_axes(series, [run.loss_scale for run in frame.comparison]) == [
        ("log loss", ("A C: log loss", "A C"), [0, 2]), ("critic score", ("B: critic score", "B: critic", "B"), [1])]


def test_a_critics_axis_too_short_for_its_units_name_is_named_in_fewer_words(monkeypatch):
    """The side panel's compared loss charts named the left axis "A: log loss" and left a critic's, on the right,
    unnamed: "B: critic score" did not fit up the plot. It reads "B: critic" where that fits, else "B"."""
    import ganlab_gl.app.panels.metrics as metrics
    frame = lab_frames.ring8_frame(60, ("train.loss=wgan-gp",))
    named, setup_axis = [], metrics.implot.setup_axis
    monkeypatch.setattr(metrics.implot, "setup_axis", lambda axis, name="", *rest: (
        named.append((axis, name)), setup_axis(axis, name, *rest))[1])
    panel, room = MetricsPanel(), []

    def body():
        panel.draw(frame)
        room[:] = [(_chart(title).plot_rect.get_height(), imgui.calc_text_size("B: critic").x,
                    imgui.calc_text_size("B: critic score").x) for title in ("D loss", "G loss")]

    with imgui_context((340, 1800)):
        for _ in range(3):  # a name fits the plot as drawn the frame before
            named.clear()
            draw_frame(body, (340, 1800))
    assert all(short <= height < full for height, short, full in room), room
    assert [name for axis, name in named if axis == implot.ImAxis_.y2] == ["B: critic", "B: critic"]


def test_every_loss_has_one_of_at_most_three_scales_as_implot_has_three_y_axes():
    from ganlab_gl.core.losses import LOSSES
    assert {name: loss.scale for name, loss in LOSSES.items()} == {
        "log": "log loss", "minimax": "log loss", "nonsaturating": "log loss", "lsgan": "squared error",
        "wgan-gp": "critic score", "hinge": "critic score"}


def test_a_single_runs_chart_still_shows_all_of_both_lines(monkeypatch):
    frame = _trained("ring8", 60)
    rows = np.stack([frame.losses["iteration"], frame.losses["d_loss"], 30.0 * frame.losses["iteration"]], axis=1)
    frame = dataclasses.replace(frame, losses=type(frame.losses)(frame.losses.names, rows))
    ranges, marks = _y_axis_and_marks(monkeypatch, frame, lambda panel, frame: panel.draw(frame))
    low, high = ranges["Losses"]
    assert low <= frame.losses["d_loss"].min() and 30.0 * 60 <= high and marks == []


def test_two_runs_apart_keep_the_fitted_one_from_frame_to_frame():
    """Two runs on scales apart whose lines are as wide (1 and 5, each +-0.1): the fitted run flipped between them
    24 times in 2,000 frames as their bulks' widths traded places by a hair, each flip growing the y range to
    both lines (the flattening runs_to_fit is there to stop) and the off-scale label blinking. The run fitted
    stays while no other is clearly calmer."""
    rng = np.random.default_rng(0)
    calm = 1.0 + 0.1 * rng.standard_normal(20_000)
    apart = 5.0 + 0.1 * rng.standard_normal(20_000)
    panel = MetricsPanel()
    left_out, highs = set(), []
    for end in range(50, 20_000, 10):  # a frame every 10 iterations
        low, high, out = panel._y_range("G loss", [calm[:end], apart[:end]], runs=True)
        left_out.add(tuple(out))
        highs.append(high)
    assert left_out == {(1,)} and max(highs) < 2.0
    from ganlab_gl.app.panels.series import runs_to_fit
    diverging = np.linspace(1.0, 5000.0, 1000)
    assert runs_to_fit([calm, diverging], previous=[1]) == [0]  # a clearly calmer run still takes over
    assert runs_to_fit([calm, apart], previous=[1]) == [1]
    assert runs_to_fit([calm, calm + 0.1], previous=[1]) == [0, 1]  # a larger group, whatever was fitted


def test_flat_runs_near_one_share_a_log_axis_as_they_share_a_linear_one():
    """Two settled runs at 0.99 and 1.01 shared the linear axis, but on the log axis the second was left out
    ("B off scale ↑ 1.01") and the axis zoomed to the first's 0.989..0.991: a flat run's least width, 5% of its
    magnitude, was taken of its logarithm, about 0 near a loss of 1. On a log axis it is 5% in decades."""
    rng = np.random.default_rng(0)
    settled = [0.99 + 0.0002 * rng.standard_normal(2000), 1.01 + 0.0002 * rng.standard_normal(2000)]
    for log_scale in (False, True):
        panel = MetricsPanel()
        panel.log_scale = log_scale
        low, high, left_out = panel._y_range("G loss", settled, runs=True)
        assert left_out == [] and low < 0.99 and high > 1.01, (log_scale, low, high, left_out)


def test_the_charts_share_their_first_iteration_where_one_keeps_less_history():
    """A pre-trained model keeps its last 2,000 losses and every evaluation: the loss chart began at 6,001 over a
    divergence chart from 10, the same x position reading iterations 6,000 apart. Every chart starts where the
    earliest data starts."""
    frame = _losses_cut()
    evaluated = float(frame.evals["iteration"][0])
    assert frame.losses["iteration"][0] > 2000 > evaluated
    panel, starts = MetricsPanel(), {}

    def body():
        panel.draw(frame)
        for title in CHARTS:
            plot = implot.internal.get_plot(title)
            if plot is not None:  # gaussians: no mode coverage chart
                starts[title] = plot.x_axis(0).range.min

    with imgui_context((400, 900)):
        for _ in range(2):
            draw_frame(body, (400, 900))
    assert len(starts) == 2 and set(starts.values()) == {evaluated}, starts


def test_lecture_modes_loss_chart_alone_starts_at_its_own_first_iteration():
    """Lecture mode shows the loss chart alone, with no divergence chart to line up with; on the shipped model its
    iterations still began at the divergence chart's first, 10, and its losses, kept from 6,001, filled the right
    third of the projector's chart under one tick. Alone it spans its own iterations; in the panel it shares."""
    frame = _losses_cut()
    first = float(frame.losses["iteration"][0])
    panel, starts = MetricsPanel(), []

    def body(alone):
        if alone:
            panel.draw_losses(frame, 300)
        else:
            panel.draw(frame)
        starts.append(implot.internal.get_plot("Losses").x_axis(0).range.min)

    with imgui_context((400, 900)):
        for alone in (True, True, False, False, True, True):
            draw_frame(lambda: body(alone), (400, 900))
    assert starts[1] == first and starts[3] == frame.evals["iteration"][0] and starts[5] == first, starts


def _not_saved(frame: LabFrame) -> set[str]:
    """Every wording of the note that `frame`'s losses were not saved before their first iteration."""
    from ganlab_gl.app.panels.metrics import NOT_SAVED
    return {wording.format(first=f"{int(frame.losses['iteration'][0]):,}") for wording in NOT_SAVED}


def _any_not_saved(said: list[str]) -> list[str]:
    """Of the texts `said`, the notes that data was not saved before an iteration, whichever."""
    from ganlab_gl.app.panels.metrics import NOT_SAVED
    patterns = [re.escape(wording).replace(re.escape("{first}"), r"[\d,]+") for wording in NOT_SAVED]
    return [text for text in said if any(re.fullmatch(pattern, text) for pattern in patterns)]


def _evals_from(frame: LabFrame, first: int) -> LabFrame:
    """`frame` with its evaluations before iteration `first` left out."""
    rows = frame.evals.rows[frame.evals["iteration"] >= first]
    return dataclasses.replace(frame, evals=dataclasses.replace(frame.evals, rows=rows))


def test_a_chart_whose_data_begins_after_the_others_says_it_was_not_saved(monkeypatch):
    """The lab opens on the shipped model, as GAN Lab does: its loss chart, sharing the divergence chart's axis from
    iteration 10, showed its last 2,000 losses in the last quarter of an otherwise empty plot, "kept from 6,001"
    though the model trained from 0 (its file holds no earlier losses). The empty part says the losses before were
    not saved; a run that kept them all says nothing, nor does a divergence chart, whose evaluations begin at the
    first evaluation (one every 20 iterations: "kept from 20")."""
    said = []
    plot_text = implot.plot_text
    monkeypatch.setattr(implot, "plot_text", lambda text, *args: (said.append(text), plot_text(text, *args))[1])
    shipped = _losses_cut()
    first = int(shipped.losses["iteration"][0])
    for frame, says in ((shipped, [f"losses before {first:,} were not saved"]), (_trained("gaussians", 30), []),
                        (_evals_from(_trained("gaussians", 30), 20), [])):
        said.clear()
        with imgui_context((400, 900)):
            panel = MetricsPanel()
            for _ in range(2):
                draw_frame(lambda: panel.draw(frame), (400, 900))
        assert _any_not_saved(said) == says * 2, said


def test_hovering_the_not_saved_note_says_why(monkeypatch):
    """Why the losses before 6,001 are missing is said on hovering the note, over the lines' read-out."""
    boxes, tips, plot_text = [], [], implot.plot_text
    shipped = _losses_cut()

    def noting(text, x, y, offset, *rest):
        if text in _not_saved(shipped):
            centre = implot.plot_to_pixels(x, y)
            boxes.append((centre.x + offset.x, centre.y + offset.y))
        plot_text(text, x, y, offset, *rest)
    monkeypatch.setattr(implot, "plot_text", noting)
    monkeypatch.setattr(imgui, "set_tooltip", tips.append)
    with imgui_context((400, 900)):
        panel = MetricsPanel()
        for _ in range(2):
            draw_frame(lambda: panel.draw(shipped), (400, 900))
        for _ in range(2):
            draw_frame(lambda: panel.draw(shipped), (400, 900), mouse=boxes[-1])
    first = f"{int(shipped.losses['iteration'][0]):,}"
    assert tips and f"saved with its losses from iteration {first} on only" in tips[-1] and "2,000" in tips[-1], tips


@pytest.mark.parametrize("ui_scale", [1.0, 2.0])
def test_the_kept_from_note_stands_off_the_stalemate_lines(monkeypatch, ui_scale):
    """Shrunk at 1920x1080, UI scale 2, "kept from 6,001" (now: the losses before were not saved) in the shipped
    model's loss chart's lower corner sat on both stalemate lines (0.68 and 0.69). At every height it stands in a
    corner where none runs through its words, or, in a plot too short for that, nowhere."""
    from ganlab_gl.app.fonts import UiFonts
    from ganlab_gl.app.panels.metrics import PLOT_HEIGHT_LINES, stalemate_marks
    crossed, plot_text = [], implot.plot_text

    def noting(text, x, y, offset, *rest):
        if text in _not_saved(frame):
            centre = implot.plot_to_pixels(x, y).y + offset.y
            half = imgui.calc_text_size(text).y / 2
            lines = [implot.plot_to_pixels(x, mark.value).y for mark in stalemate_marks("log")]
            crossed.append([line for line in lines if centre - half <= line <= centre + half])
        plot_text(text, x, y, offset, *rest)
    monkeypatch.setattr(implot, "plot_text", noting)
    frame, shown = _losses_cut(), {}
    for shrink in (0.0, 0.2, 0.4, 0.6):
        panel = MetricsPanel()
        with imgui_context((400 * ui_scale, 1400)):
            UiFonts().apply_scale(ui_scale, 1.0)
            for spare in (-shrink, 0, 0):
                crossed.clear()
                draw_frame(lambda: (panel.draw(frame), panel.take_spare_height(
                    2 * spare * imgui.get_text_line_height_with_spacing() * PLOT_HEIGHT_LINES, short=True)),
                    (400 * ui_scale, 1400))
        shown[shrink] = len(crossed)
        assert crossed in ([[]], []), (shrink, crossed)
    assert shown[0.0] == shown[0.2] == 1, shown  # where the plot has room for it, it is said


@pytest.mark.parametrize("lines, placed", [((), [False, True]), ((5.0,), [False, None]), ((95.0,), [True, None])])
def test_chart_notes_never_share_a_corner(lines, placed):
    """On a log-scaled loss chart the shipped model's "kept from 6,001" and the note of the values the axis hides
    both took the lower corner, one over the other: each note takes the first corner no note before it took and no
    line runs through, or none."""
    from ganlab_gl.app.panels.metrics import note_corners
    assert note_corners([14.0, 14.0], [(False, True)] * 2, 0.0, 100.0, 2.0, lines) == placed


def test_a_note_stands_off_the_tie_lines_names():
    """The tie lines' names stand at the plot's left end, in its notes' corners: a note takes no corner where a name's
    plate (the `held` spans) stands, so "not saved before 6,001" is not drawn over "D loss at a tie 0.68"."""
    from ganlab_gl.app.panels.metrics import note_corners
    assert note_corners([14.0], [(False, True)], 0.0, 100.0, 2.0, (), held=[(80.0, 95.0)]) == [True]
    assert note_corners([14.0], [(False, True)], 0.0, 100.0, 2.0, (), held=[(80.0, 95.0), (5.0, 20.0)]) == [None]


def test_a_plot_too_short_for_two_notes_says_the_first():
    """In a plot under two notes tall the upper corner's note would cover the lower's words."""
    from ganlab_gl.app.panels.metrics import note_corners
    assert note_corners([14.0, 14.0], [(False, True)] * 2, 0.0, 25.0, 2.0, ()) == [False, None]


def test_on_a_log_axis_the_shipped_models_notes_stand_apart(monkeypatch):
    """The shipped model's loss chart on a log axis, its losses at or below 0 here and there and the legend's row too
    narrow to say so: "kept from 6,001" and "≤ 0 hidden" were drawn over each other in the plot's lower corner."""
    from ganlab_gl.app.panels.metrics import HIDDEN_IN_PLOT
    boxes, plot_text = {}, implot.plot_text

    def noting(text, x, y, offset, *rest):
        centre, size = implot.plot_to_pixels(x, y), imgui.calc_text_size(text)
        for kind, noted in (("not saved", text in _not_saved(frame)), ("hidden", text.startswith(HIDDEN_IN_PLOT[-1]))):
            if noted:
                boxes[kind] = (centre.y + offset.y - size.y / 2, centre.y + offset.y + size.y / 2)
        plot_text(text, x, y, offset, *rest)
    monkeypatch.setattr(implot, "plot_text", noting)
    frame = _losses_cut()
    rows = frame.losses.rows.copy()
    rows[::50, 1:] = -0.1  # both losses
    frame = dataclasses.replace(frame, losses=dataclasses.replace(frame.losses, rows=rows))
    panel = MetricsPanel()
    panel.log_scale = True
    with imgui_context((240, 900)):  # a plot grown tall enough for both off the stalemate lines
        for _ in range(3):
            boxes.clear()
            draw_frame(lambda: (panel.draw(frame), panel.take_spare_height(900)), (240, 900))
    (unsaved_top, unsaved_foot), (hidden_top, hidden_foot) = boxes["not saved"], boxes["hidden"]
    assert unsaved_foot <= hidden_top or hidden_foot <= unsaved_top, boxes


@pytest.mark.parametrize("width, says", [(700, "losses before iteration {first} were not saved with this run"),
                                         (400, "losses before {first} were not saved"),
                                         (340, "losses before {first} not saved"), (283, "not saved before {first}"),
                                         (150, "from {first}")])
def test_a_narrow_chart_says_from_where_it_is_kept_in_fewer_words(monkeypatch, width, says):
    """Lecture mode's chart, in large type, had no room for "kept from iteration 6,001": its empty part said
    nothing. Narrower, the note keeps its number with fewer words (at 1280x800 the panel's 283 px)."""
    said = []
    plot_text = implot.plot_text
    monkeypatch.setattr(implot, "plot_text", lambda text, *args: (said.append(text), plot_text(text, *args))[1])
    shipped = _losses_cut()
    with imgui_context((width, 900)):
        panel = MetricsPanel()
        for _ in range(2):
            draw_frame(lambda: panel.draw(shipped), (width, 900))
    assert says.format(first=f"{int(shipped.losses['iteration'][0]):,}") in said


# -- the research protocols' measures: the coverage chart's legend off its lines, and its three numbers ----------

def test_the_coverage_legend_sits_above_the_plot_not_over_its_lines():
    """grid25's modes line runs near the top of the chart once most modes are captured: the legend, inside the
    plot's top-left corner, hid it (seen at 1,552 iterations of grid25-hinge)."""
    frame = _trained("ring8", 20)

    def body():
        MetricsPanel().draw(frame)
        plot = implot.internal.get_plot("Mode coverage")
        legend, area = plot.items.legend.rect, plot.plot_rect
        rects.append((legend.max.y, area.min.y))

    rects = []
    with imgui_context():
        for _ in range(2):
            draw_frame(body, (340, 900))
    legend_bottom, plot_top = rects[-1]
    assert legend_bottom <= plot_top


def _written(monkeypatch) -> list[str]:
    written = []
    text = imgui.text_wrapped
    monkeypatch.setattr(imgui, "text_wrapped", lambda line, *args: (written.append(line), text(line, *args)))
    return written


def test_the_protocols_three_numbers_are_read_out_under_the_coverage_chart(monkeypatch):
    """The research protocols report modes captured, the high-quality share and reverse KL (docs/TRAINING.md): the
    lab computed all three but drew two as lines, whose exact count (22 or 23 of 25?) the chart does not give,
    and reverse KL nowhere."""
    frame = _trained("ring8", 20)
    evals = frame.evals
    written = _written(monkeypatch)
    with imgui_context():
        draw_frame(lambda: MetricsPanel().draw(frame), (340, 900))
    expected = (f"At {int(evals['iteration'][-1]):,}: {int(evals['modes_captured'][-1])} of 8 modes, "
                f"{100 * evals['hq_fraction'][-1]:.1f}% high quality, reverse KL")
    assert any(line.startswith(expected) for line in written), written


def test_the_coverage_reading_follows_the_shown_iteration_and_names_an_empty_histogram():
    from ganlab_gl.app.lab_frame import Columns
    from ganlab_gl.app.panels.metrics import coverage_reading
    names = ("iteration", "kl", "js", "hq_fraction", "modes_captured", "reverse_kl")
    evals = Columns(names, np.array([[10, 1, 1, 0.0, 0, np.inf], [20, 1, 1, 0.5, 6, 0.125]]))
    assert coverage_reading(evals, 25, 8, 10) == "At 20: 6 of 8 modes, 50.0% high quality, reverse KL 0.12 nats"
    assert coverage_reading(evals, 15, 8, 10) == ("At 10: 0 of 8 modes, 0.0% high quality, "
                                                  "reverse KL - (no high-quality fake)")


@pytest.mark.parametrize("shown, every, kept, first", [(5, 50, [10], "10"), (0, 50, [], "50"), (49, 50, [], "50"),
                                                       (1000, 1000, [], "2,000")])
def test_before_the_first_evaluation_the_coverage_reading_says_when_it_comes(shown, every, kept, first):
    """Before any evaluation the reading said "Modes captured, high quality, reverse KL: at the first evaluation (of
    8 modes)", which read as broken. It says that none is made yet, at which iteration the first comes (the next
    kept one where the lab is rewound before it, made every 10 before metrics.every was 50, else the next multiple of
    metrics.every) and what it scores, in as few words as keep it to the two lines of the readings after it at
    1280x800 (coverage_reading_px)."""
    from ganlab_gl.app.lab_frame import Columns
    from ganlab_gl.app.panels.metrics import coverage_reading
    names = ("iteration", "kl", "js", "hq_fraction", "modes_captured", "reverse_kl")
    evals = Columns(names, np.array([[iteration, 1, 1, 0.0, 0, np.inf] for iteration in kept]).reshape(-1, len(names)))
    assert coverage_reading(evals, shown, 8, every) == ("No evaluation yet: modes captured, high quality and reverse "
                                                        f"KL come at iteration {first}")


def test_on_a_log_scale_a_line_with_values_at_or_below_0_says_they_are_hidden(monkeypatch):
    """A WGAN-GP critic's loss is negative throughout: on the log scale its line vanished while the legend still
    named "D loss", as if it were drawn; a positive line keeps its name, and the linear scale every name (a row with
    no room for the names and the note takes the short names)."""
    import ganlab_gl.app.panels.metrics as metrics
    frame = _trained("ring8", 20)
    iterations = np.arange(1, 101, dtype=float)
    rows = np.stack([iterations, -0.3 - 0.01 * iterations, 5.0 + 0.0 * iterations], axis=1)  # critic < 0, G > 0
    frame = dataclasses.replace(frame, losses=type(frame.losses)(frame.losses.names, rows))
    plotted = []
    monkeypatch.setattr(metrics, "plot_line", lambda line, weight=1.0, **_: plotted.append(line.label))
    panel = MetricsPanel()
    with imgui_context():
        draw_frame(lambda: panel.draw(frame), (340, 900))
        assert plotted[:2] == ["Discriminator's loss", "Generator's loss"]
        plotted.clear()
        panel.log_scale = True
        draw_frame(lambda: panel.draw(frame), (340, 900))
    assert plotted[:2] == ["D loss (≤ 0 hidden)", "G loss"]


@pytest.mark.parametrize("end, least", [(25_000, 3), (400_000, 3), (2_000_000, 3)])
def test_a_long_runs_axes_count_in_thousands_or_millions(end, least):
    """A research protocol runs 20,000 iterations, PacGAN's 400,000: at the lab's width "%g" gave a 400,000 run one
    tick ("200000") and a 2,000,000 run "500000 1e+06 1.5e+06". Every tick reads in thousands or millions, and
    every chart's axis the same: "500k 1M 1.5M"."""
    frame = _trained("ring8", 5)
    iterations = np.linspace(1, end, 2000)
    ones = np.ones_like(iterations)
    frame = dataclasses.replace(
        frame, iteration=end, losses=type(frame.losses)(frame.losses.names, np.stack([iterations, ones, ones], 1)),
        evals=type(frame.evals)(frame.evals.names, np.stack([iterations, *(ones,) * 5], 1)))
    with imgui_context((340, 900)):
        axes = _x_axes(MetricsPanel(), frame, 340)
    for title, (_, _, labels) in axes.items():
        assert len(labels) >= least and all(label[-1] in "kM" and "e" not in label for label in labels), \
            (title, labels)


@pytest.mark.parametrize("iteration, label", [(0, "0"), (1, "1"), (50, "50"), (999, "999"), (1_000, "1k"),
                                              (1_500, "1.5k"), (2_000, "2k"), (5_860, "5.86k"), (10_000, "10k"),
                                              (400_000, "400k"), (1_000_000, "1M"), (1_500_000, "1.5M")])
def test_an_iteration_reads_the_same_on_every_axis(iteration, label):
    """Each axis chose its unit by its room: "1000 2000" on one chart beside "1k 2k" on another at once. An
    iteration's label is its own, in thousands from 1,000 and millions from 1,000,000."""
    assert iteration_label(float(iteration)) == label


@pytest.mark.parametrize("width", [340, 700])
def test_every_chart_labels_its_iterations_one_way(width):
    """At 1920x1080 the loss and divergence charts read "1000 2000 ... 5000" and the mode chart under them "1k 2k
    ... 5k" (its labels had less room beside two y axes); at 1280x800 the charts' "0.2k 0.4k" stood over the
    timeline bar's "200 400". Every chart labels each tick by iteration_label, thousands as "k"."""
    frame = _trained("ring8", 5)
    iterations = np.linspace(1, 5_300, 500)
    ones = np.ones_like(iterations)
    frame = dataclasses.replace(
        frame, iteration=5_300, losses=type(frame.losses)(frame.losses.names, np.stack([iterations, ones, ones], 1)),
        evals=type(frame.evals)(frame.evals.names, np.stack([iterations, *(ones,) * 5], 1)))
    with imgui_context((width, 900)):
        axes = _x_axes(MetricsPanel(), frame, width)
    labels = {title: ticks for title, (_, _, ticks) in axes.items()}
    assert all(len(ticks) >= 2 and all(tick.endswith("k") or float(tick) < 1_000 for tick in ticks)
               for ticks in labels.values()), labels
    assert any("k" in tick for ticks in labels.values() for tick in ticks), labels


# -- a line hidden from its legend stays hidden when its name changes ------------------------------------------

def _line_drawn(drawn, rgb) -> bool:
    return drawn.count(_colour(rgb)) > 20  # a line, not just its legend swatch


def _click_first_legend_entry(panel: MetricsPanel, frame: LabFrame, chart: str, size) -> None:
    """Click the first entry of `chart`'s legend (its line's swatch, at the left end), as a student hides a line."""
    entries = []

    def body():
        panel.draw(frame)
        legend = implot.internal.get_plot(chart).items.legend.rect
        swatch_x = legend.min.x + implot.get_style().legend_inner_padding.x + 2
        entries.append((swatch_x, (legend.min.y + legend.max.y) / 2))

    draw_frame(body, size)
    for click in (False, True, False):  # hovered, pressed, released
        draw_frame(lambda: panel.draw(frame), size, mouse=entries[-1], click=click)


def test_a_line_hidden_from_the_legend_stays_hidden_when_its_name_changes():
    """ImPlot knows an item by its label: on the log scale "D loss" became "D loss (≤ 0 hidden)", a new item, and
    the D loss a student had hidden with a legend click came back. Every line has a stable id under its name."""
    frame = _trained("ring8", 20)
    iterations = np.arange(1, 101, dtype=float)
    rows = np.stack([iterations, np.sin(iterations / 10.0), 1.0 + 0.0 * iterations], axis=1)  # D loss crosses 0
    frame = dataclasses.replace(frame, losses=type(frame.losses)(frame.losses.names, rows))
    panel = MetricsPanel()
    size = (340, 900)
    with imgui_context():
        for _ in range(2):
            drawn = draw_frame(lambda: panel.draw(frame), size)
        assert _line_drawn(drawn, D_LOSS_RGB)
        _click_first_legend_entry(panel, frame, "Losses", size)
        assert not _line_drawn(draw_frame(lambda: panel.draw(frame), size), D_LOSS_RGB)
        panel.log_scale = True  # renamed "D loss (≤ 0 hidden)"; its values above 0 would be drawn
        for _ in range(2):
            drawn = draw_frame(lambda: panel.draw(frame), size)
        assert not _line_drawn(drawn, D_LOSS_RGB)
        assert _line_drawn(drawn, G_LOSS_RGB)


@pytest.mark.parametrize("lecture", [False, True])
def test_a_chart_with_a_y_axis_each_side_keeps_its_iteration_labels_apart(monkeypatch, lecture):
    """A comparison's loss chart with a critic's score beside a log loss has a y axis each side: at 1920x1080, UI
    scale 2, its plot is narrower than a chart's usual share (PLOT_SHARE) and its x labels ran together,
    "50 100150200". The ticks are spaced in the plot area as drawn."""
    from ganlab_gl.app.fonts import UiFonts
    frame = lab_frames.ring8_frame(230, ("train.loss=wgan-gp",))
    ticks = {}
    setup_axis_ticks = implot.setup_axis_ticks

    def recording(axis, values, labels, *args):
        widths = [imgui.calc_text_size(label).x for label in labels]
        ticks[implot.internal.get_current_plot().get_title().rpartition("###")[2]] = (list(values), widths)
        return setup_axis_ticks(axis, values, labels, *args)

    monkeypatch.setattr(implot, "setup_axis_ticks", recording)
    panel, gaps = MetricsPanel(), {}

    def body():
        _loss_charts(lecture)(panel, frame)
        for title in ("D loss", "G loss"):
            plot = _chart(title)
            low, high = plot.x_axis(0).range.min, plot.x_axis(0).range.max
            values, widths = ticks[title]
            at = [(value - low) / (high - low) * (plot.plot_rect.max.x - plot.plot_rect.min.x) for value in values]
            gaps[title] = [b - a - (width_a + width_b) / 2
                           for a, b, width_a, width_b in zip(at, at[1:], widths, widths[1:])]
        gaps["least"] = 0.5 * imgui.get_font_size()

    width = 435 if not lecture else 900  # the right panel's charts at 1920x1080, UI scale 2; lecture mode's pair
    with imgui_context((width, 1800)):
        UiFonts().apply_scale(2.0, 1.0)
        for _ in range(3):
            draw_frame(body, (width, 1800))
    for title in ("D loss", "G loss"):
        assert len(gaps[title]) >= 1 and min(gaps[title]) >= gaps["least"], (title, gaps)


@pytest.mark.parametrize("title, says", [("Losses", ["lowered by its own updates", "D's loss is 0.68", "0.69",
                                                    "the discriminator's (D's)", "the generator's (G's)"]),
                                         ("Divergence (gap from real, bits)",
                                          ["0 where they match", "lower is better"])])
def test_hovering_a_charts_legend_says_what_it_measures_and_which_way_is_good(monkeypatch, title, says):
    """A student read "D loss", "G loss", "KL divergence" and "bits, by grid" with nothing on what the curves
    measure, where a balanced GAN's losses settle or which way a divergence should go (GAN Lab's page says it in
    its text only). Hovering a chart's legend row says it; hovering its lines does not cover them."""
    frame = _trained("gaussians", 60)
    panel, rects, tips = MetricsPanel(), [], []

    def body():
        panel.draw(frame)
        plot = implot.internal.get_plot(title)
        rects.append(((plot.items.legend.rect.min.x + plot.items.legend.rect.max.x) / 2,
                      (plot.items.legend.rect.min.y + plot.items.legend.rect.max.y) / 2,
                      (plot.plot_rect.min.x + plot.plot_rect.max.x) / 2,
                      (plot.plot_rect.min.y + plot.plot_rect.max.y) / 2))

    monkeypatch.setattr(imgui, "set_tooltip", lambda text: tips.append(text))
    with imgui_context():
        for _ in range(2):
            draw_frame(body, (340, 900))
        legend_x, legend_y, lines_x, lines_y = rects[-1]
        for _ in range(3):
            draw_frame(body, (340, 900), mouse=(lines_x, lines_y))
        assert tips and not any(says[0] in tip for tip in tips), tips  # the lines' values there, not this
        tips.clear()
        for _ in range(3):
            draw_frame(body, (340, 900), mouse=(legend_x, legend_y))
    assert tips and all(words in tips[-1] for words in says), tips[-1:]


@pytest.mark.parametrize("title, columns", [("Losses", [("Discriminator's loss", "losses", "d_loss"),
                                                        ("Generator's loss", "losses", "g_loss")]),
                                            ("Divergence (gap from real, bits)", [("KL divergence", "evals", "kl"),
                                                                            ("JS divergence", "evals", "js")]),
                                            ("Mode coverage", [("high-quality fraction", "evals", "hq_fraction"),
                                                               ("modes captured", "evals", "modes_captured")])])
def test_hovering_a_charts_lines_reads_their_values_at_the_nearest_kept_iteration(monkeypatch, title, columns):
    """ImPlot's mouse text gave the pointer's coordinates ("2187, 3" over Ring's loss chart, whose lines never
    reached 3): a student read the pointer's height as a loss. As GAN Lab's charts name a hovered point's line and
    value, hovering a chart says the iteration nearest the pointer and each line's value there, named in full; the
    mouse text is gone."""
    from ganlab_gl.app.panels.overview_graph import loss_reading
    frame = _trained("ring8", 60)
    panel, pointers, tips = MetricsPanel(), [], []

    def body():
        panel.draw(frame)
        plot = implot.internal.get_plot(title)
        # off the tie lines' names, which stand at the plot's left end
        pointers.append((plot.plot_rect.min.x + 0.7 * (plot.plot_rect.max.x - plot.plot_rect.min.x),
                         (plot.plot_rect.min.y + plot.plot_rect.max.y) / 2, plot.flags))

    monkeypatch.setattr(imgui, "set_tooltip", lambda text: tips.append(text))
    with imgui_context((340, 1200)):
        for _ in range(2):
            draw_frame(body, (340, 1200))
        x, y, flags = pointers[-1]
        for _ in range(3):
            draw_frame(body, (340, 1200), mouse=(x, y))
    assert flags & implot.Flags_.no_mouse_text
    lines = tips[-1].split("\n")
    iteration = int(lines[0].removeprefix("iteration ").replace(",", ""))
    assert 30 <= iteration <= 50, lines  # 0.7 of the way along 60 iterations
    for line, (name, table, column) in zip(lines[1:], columns, strict=True):
        rows = getattr(frame, table)
        value = float(rows[column][list(rows["iteration"]).index(iteration)])
        assert line == f"{name}: {f'{value:.0f}' if column == 'modes_captured' else loss_reading(value)}"


def test_a_reading_takes_each_lines_nearest_value_and_names_its_iteration_where_the_lines_differ():
    from ganlab_gl.app.panels.metrics import Series, hovered_reading
    x = np.array([1.0, 2.0, 3.0, 4.0])
    d = Series("d_loss", "D loss", x, np.array([0.5, 0.6, 0.7, 0.8]), D_LOSS_RGB)
    g = Series("g_loss", "G loss", x, np.array([0.9, np.nan, np.nan, 1.2]), G_LOSS_RGB)  # D-only steps: no G loss
    assert hovered_reading([d], 2.4) == "iteration 2\nD loss: 0.600"
    assert hovered_reading([d], 99.0) == "iteration 4\nD loss: 0.800"
    assert hovered_reading([d, g], 3.9) == "iteration 4\nD loss: 0.800\nG loss: 1.200"
    assert hovered_reading([d, g], 2.2) == "D loss: 0.600 (iteration 2)\nG loss: 0.900 (iteration 1)"
    assert hovered_reading([g._replace(y=np.full(4, np.nan))], 2.0) == ""
    modes = Series("modes_captured", "modes captured", x, np.array([0.0, 3.0, 7.0, 8.0]), D_LOSS_RGB)
    assert hovered_reading([modes], 3.0) == "iteration 3\nmodes captured: 7"  # a count, not "7.000"


@pytest.mark.parametrize("width, full_names", [(300, "D loss: Discriminator's loss, G loss: Generator's loss\n"),
                                              (340, "")])
def test_hovering_a_legend_of_short_names_gives_the_full_ones_first(monkeypatch, width, full_names):
    """Where the loss chart's row has no room for GAN Lab's names it says "D loss" and "G loss", and nothing on
    screen said which network D is: hovering the row names them in full, before what the chart measures; a row of
    the full names says only that."""
    from ganlab_gl.app.panels.metrics import LOSSES_MEANING
    frame = _trained("gaussians", 20)
    panel, legends, tips = MetricsPanel(), [], []

    def body():
        panel.draw(frame)
        legend = implot.internal.get_plot("Losses").items.legend.rect
        legends.append(((legend.min.x + legend.max.x) / 2, (legend.min.y + legend.max.y) / 2))

    monkeypatch.setattr(imgui, "set_tooltip", lambda text: tips.append(text))
    with imgui_context((width, 900)):
        for _ in range(2):
            draw_frame(body, (width, 900))
        for _ in range(3):
            draw_frame(body, (width, 900), mouse=legends[-1])
    assert tips and tips[-1].startswith(full_names + LOSSES_MEANING), tips[-1:]


def test_a_legend_rows_full_names_are_given_for_its_shortened_labels_only():
    from ganlab_gl.app.panels.metrics import HIDDEN_ON_LOG, named_in_full
    assert named_in_full(["KL", "JS"], ["KL divergence", "JS divergence"]) == \
        "KL: KL divergence, JS: JS divergence\n"
    assert named_in_full(["D loss" + HIDDEN_ON_LOG, "G loss"], ["Discriminator's loss", "Generator's loss"]) == \
        "D loss: Discriminator's loss, G loss: Generator's loss\n"
    assert named_in_full(["KL divergence" + HIDDEN_ON_LOG, "JS divergence"], ["KL divergence", "JS divergence"]) == ""


def test_on_a_log_scale_a_runs_name_is_cut_to_keep_its_hidden_note_in_the_legend(monkeypatch):
    """A run's name is cut to the legend's width (_per_run); on the log scale " (≤ 0 hidden)" was added after the
    cut, and at 1920x1080, UI scale 2 "B loss wgan-gp, d_lr 0.0... (≤ 0 hidden)" ran 160 px past the chart's edge.
    The name is cut to leave the note its room, and the note stays whole."""
    import ganlab_gl.app.panels.metrics as metrics
    from ganlab_gl.app.fonts import UiFonts
    frame = lab_frames.ring8_frame(60, ("train.loss=wgan-gp,train.d_lr=0.001,train.g_lr=0.002",))
    width, labels = 435, []  # the right panel's charts at 1920x1080, UI scale 2

    def recording(line, weight=1.0, **_):  # the rest of plot_line's options (log_axis)
        labels.append((line.label, imgui.calc_text_size(line.label).x,
                       width - metrics.LEGEND_INSET_LINES * imgui.get_text_line_height()))

    monkeypatch.setattr(metrics, "plot_line", recording)
    panel = MetricsPanel()
    panel.log_scale = True
    with imgui_context((width, 1800)):
        UiFonts().apply_scale(2.0, 1.0)
        draw_frame(lambda: panel.draw(frame), (width, 1800))
    hidden = [(label, used, room) for label, used, room in labels if label.endswith(metrics.HIDDEN_ON_LOG)]
    assert hidden and all(used <= room for _, used, room in hidden), hidden
    assert all(label.startswith(("A log loss", "B WGAN")) for label, _, _ in hidden), hidden  # cut, its start kept


def test_a_chart_scrolled_out_of_view_gives_no_tooltip_where_its_legend_was(monkeypatch):
    """ImPlot draws nothing of a plot scrolled out of the panel (its BeginPlot is false), and keeps the legend's
    rectangle from the last frame that drew it: hovering whatever the panel showed there now (a section under the
    charts, scrolled up) said what the loss chart measures."""
    frame = _trained("gaussians", 60)
    panel, rects, tips = MetricsPanel(), [], []
    scrolled = [False]

    def body():
        if scrolled[0]:  # the charts below the panel's edge, as a scroll up to them puts them above it
            imgui.dummy((1.0, 5000.0))
        panel.draw(frame)
        legend = implot.internal.get_plot("Losses").items.legend.rect
        rects.append(((legend.min.x + legend.max.x) / 2, (legend.min.y + legend.max.y) / 2))

    monkeypatch.setattr(imgui, "set_tooltip", lambda text: tips.append(text))
    with imgui_context():
        for _ in range(2):
            draw_frame(body, (340, 900))
        legend = rects[-1]
        scrolled[0] = True
        for _ in range(3):
            draw_frame(body, (340, 900), mouse=legend)
    assert tips == []


def test_a_shrunk_charts_y_axes_are_named_only_where_the_name_fits_beside_the_plot(monkeypatch):
    """Shrunk to fit the right panel (1920x1080, UI scale 2), the divergence chart's "bits, by grid" and the coverage
    chart's "high-quality fraction", written up the y axis, were longer than the plot was tall: they ran out of the
    chart over the headers under it. A y axis is named where its name fits the plot's height, else not (the legend
    names the lines, and its tooltip what they measure)."""
    named = []  # (the axis's name, the plot it names)
    setup_axes, setup_axis = implot.setup_axes, implot.setup_axis

    def axes(x, y, *flags):
        named.append((y, implot.internal.get_current_plot()))
        setup_axes(x, y, *flags)

    def axis(which, name=None, *flags):
        if which != implot.ImAxis_.x1 and name:
            named.append((name, implot.internal.get_current_plot()))
        setup_axis(which, name, *flags)

    monkeypatch.setattr(implot, "setup_axes", axes)
    monkeypatch.setattr(implot, "setup_axis", axis)
    panel, frame = MetricsPanel(), _trained("ring8", 40)
    with imgui_context():
        for _ in range(4):  # shrunk as far as they go (a short panel), then settled
            named.clear()
            draw_frame(lambda: (panel.draw(frame), panel.take_spare_height(-1e4, short=True)), (340, 900))
        shown = [(name, plot.plot_rect.max.y - plot.plot_rect.min.y) for name, plot in named if name]
        too_long = [(name, height) for name, height in shown if imgui.calc_text_size(name).x > height]
    assert too_long == []
    panel = MetricsPanel()  # grown into a tall panel's room, they keep their names
    with imgui_context((340, 2000)):
        for _ in range(3):
            named.clear()
            draw_frame(lambda: (panel.draw(frame), panel.take_spare_height(1e4)), (340, 2000))
        assert {"gap from real, bits", "high-quality fraction", "modes captured"} <= {name for name, _ in named}


@pytest.mark.parametrize("loss, marked", [("log", [(1.95 / 2 * math.log(2), D_LOSS_RGB, "D"),
                                                  (math.log(2), G_LOSS_RGB, "G")]),
                                          ("lsgan", [(0.25, SHARED_STALEMATE_RGB, "D, G")]),
                                          ("nonsaturating", [(math.log(2), SHARED_STALEMATE_RGB, "D, G")]),
                                          ("hinge", [(1.0, D_LOSS_RGB, "D")]), ("wgan-gp", [])])
@pytest.mark.parametrize("panel_width, wording", [(315, "{short} at a tie {value:.2f}"),
                                                  (900, "{long} at a tie {value:.2f}")])
def test_the_loss_chart_marks_where_each_loss_sits_in_a_stalemate(monkeypatch, loss, marked, panel_width, wording):
    """Only the legend's tooltip said where a balanced game's losses sit, and only the log loss's (as 1.39, where
    GAN Lab shows 0.68): a student saw the curves flatten with nothing to say "this is the stalemate". The loss
    chart draws a faint line at each of the run's loss's stalemate values, in its loss's colour, named inside the
    plot at its right end by whose loss sits there ("stalemate 0.68" under "stalemate 0.69" said not which was D's),
    in the longest wording that fits, its y range fitted to hold them; none for WGAN-GP, whose losses have no such
    value."""
    long_names = {"D": "D loss", "G": "G loss", "D, G": "D and G losses"}
    from ganlab_gl.app.panels.metrics import REFERENCE_ALPHA
    lines, names, limits = [], [], {}
    plot_inf_lines, plot_text = implot.plot_inf_lines, implot.plot_text

    def recording_lines(label, values, spec=None):
        if spec is not None and spec.flags & implot.InfLinesFlags_.horizontal:
            lines.append((float(values[0]), (spec.line_color.x, spec.line_color.y, spec.line_color.z),
                          spec.line_color.w))
            y = implot.get_plot_limits().y
            limits[len(lines)] = (y.min, y.max)
        return plot_inf_lines(label, values, spec)

    monkeypatch.setattr(implot, "plot_inf_lines", recording_lines)
    def recording_text(text, x, y, offset=None, *rest):
        centre, size = implot.plot_to_pixels(x, y).y + offset.y, imgui.calc_text_size(text)
        top, foot = implot.get_plot_pos().y, implot.get_plot_pos().y + implot.get_plot_size().y
        right = implot.get_plot_pos().x + implot.get_plot_size().x
        inside = (top <= centre - size.y / 2 and centre + size.y / 2 <= foot
                  and implot.plot_to_pixels(x, y).x + offset.x + size.x / 2 <= right)
        names.append((text, y, inside))
        return plot_text(text, x, y, offset, *rest)

    monkeypatch.setattr(implot, "plot_text", recording_text)
    frame = _trained("gaussians", 150, loss)  # its names clear of the last iterations
    with imgui_context():
        draw_frame(lambda: MetricsPanel().draw(frame), (panel_width, 900))
    assert [(value, rgb) for value, rgb, _ in lines] == [(pytest.approx(v), pytest.approx(rgb))
                                                          for v, rgb, _ in sorted(marked)]
    assert all(alpha == pytest.approx(REFERENCE_ALPHA) and alpha < 1 for _, _, alpha in lines)
    assert names == [(wording.format(short=owner, long=long_names[owner], value=value), pytest.approx(value), True)
                     for value, _, owner in sorted(marked)]
    assert all(low < value < high for (value, _, _), (low, high) in zip(lines, limits.values()))


def test_the_charts_words_a_student_meets_first_are_plain():
    """A student met "bits, by grid" up the divergence chart's axis, "JS divergence (bits, by grid)" over a
    comparison's, "D stalemate 0.68" on the loss chart's faint lines and "stalemate" in the timeline bar's tooltip:
    words to look up. The charts' titles, the lines' names and the bar's tooltip say it plainly (a gap from the
    real data, a tie); the tooltips on hovering them keep the precise terms (a divergence, the game's stalemate)."""
    from ganlab_gl.app.panels.metrics import DIVERGENCE_TITLE, JS_TITLES, stalemate_marks
    from ganlab_gl.app.panels.overview_graph import stalemate_words
    from ganlab_gl.app.panels.timeline import CURVES_SAY
    from ganlab_gl.core.losses import LOSSES
    names = [name for loss in LOSSES for mark in stalemate_marks(loss) for name in mark.names]
    shown = [DIVERGENCE_TITLE.partition("(")[2], *JS_TITLES, *names, CURVES_SAY[True]]
    assert not [text for text in shown if "stalemate" in text or "by grid" in text], shown
    assert "gap from real" in DIVERGENCE_TITLE and all("Gap" in title for title in JS_TITLES)
    assert "D at a tie 0.68" in names and "G loss at a tie 0.69" in names
    assert "the game's stalemate" in stalemate_words("log")  # the precise word, on hovering a line's name


def test_hovering_a_stalemate_lines_name_says_what_a_stalemate_is(monkeypatch):
    """"D stalemate 0.68" names the value but not what a stalemate is: hovering the name says it (D cannot tell real
    from fake, D = 0.5 everywhere, and both losses there), over the lines' read-out."""
    centres, tips, plot_text = {}, [], implot.plot_text

    def recording_text(text, x, y, offset=None, *rest):
        centre = implot.plot_to_pixels(x, y)
        centres[text] = (centre.x + offset.x, centre.y + offset.y)
        return plot_text(text, x, y, offset, *rest)

    monkeypatch.setattr(implot, "plot_text", recording_text)
    monkeypatch.setattr(imgui, "set_tooltip", tips.append)
    frame, panel = _trained("gaussians", 150), MetricsPanel()
    with imgui_context((340, 900)):  # the panel's spare height grows the plot tall enough to name its lines
        for _ in range(3):
            draw_frame(lambda: (panel.draw(frame), panel.take_spare_height(900)), (340, 900))
        for _ in range(3):
            draw_frame(lambda: panel.draw(frame), (340, 900), mouse=centres["D loss at a tie 0.68"])
    said = " ".join(tips[-1].split()) if tips else ""  # the tip's lines joined: it is broken between words
    assert "D = 0.5 everywhere" in said and "D's loss is 0.68 and G's 0.69" in said, tips[-1:]
    assert not any(tip.startswith("iteration") for tip in tips[-2:]), tips


class _RecordingDrawList:
    """A draw list that notes each filled rectangle ("box", corners, colour) and each text ("text", top-left,
    colour, text) in `drawn`, then draws it."""

    def __init__(self, draw_list, drawn: list) -> None:
        self._draw_list, self._drawn = draw_list, drawn

    def add_rect_filled(self, p_min, p_max, colour, *rest) -> None:
        self._drawn.append(("box", (p_min[0], p_min[1], p_max[0], p_max[1]), colour))
        self._draw_list.add_rect_filled(p_min, p_max, colour, *rest)

    def add_text(self, pos, colour, text, *rest) -> None:
        self._drawn.append(("text", (pos[0], pos[1]), colour, text))
        self._draw_list.add_text(pos, colour, text, *rest)


def test_a_stalemate_lines_name_stands_in_a_halo_over_the_curves(monkeypatch):
    """G's curve settles just over its stalemate line, where "G loss at a tie 0.69" stands: in lecture mode's thick
    purple lines its letters were lost on a projector. A plate of the plot's background under the whole name read
    as a step in the curves at its right edge (lecture mode, 1280x800); each name is now drawn over its own outline,
    the name's text in the plot's background, REFERENCE_HALO_ALPHA opaque, around it in eight directions, drawn
    before it (under it), and no box covers the curves."""
    from ganlab_gl.app.panels.metrics import REFERENCE_HALO_ALPHA
    drawn, get_plot_draw_list, plot_text = [], implot.get_plot_draw_list, implot.plot_text
    monkeypatch.setattr(implot, "get_plot_draw_list", lambda: _RecordingDrawList(get_plot_draw_list(), drawn))

    def recording_text(text, x, y, offset=None, *rest):
        centre, size = implot.plot_to_pixels(x, y) + offset, imgui.calc_text_size(text)
        drawn.append(("name", (centre.x - size.x / 2, centre.y - size.y / 2), text))
        return plot_text(text, x, y, offset, *rest)

    monkeypatch.setattr(implot, "plot_text", recording_text)
    frame, panel = _trained("gaussians", 150), MetricsPanel()
    with imgui_context((340, 900)):  # the panel's spare height grows the plot tall enough to name its lines
        for _ in range(3):
            drawn.clear()
            draw_frame(lambda: (panel.draw(frame), panel.take_spare_height(900)), (340, 900))
        background = imgui.get_style().color_(imgui.Col_.window_bg)
    names = [index for index, entry in enumerate(drawn) if entry[0] == "name"]
    assert [drawn[index][2] for index in names] == ["D loss at a tie 0.68", "G loss at a tie 0.69"]
    assert not [entry for entry in drawn if entry[0] == "box"]  # nothing washes the curves out under a name
    expected = [round(255 * channel) for channel in (background.x, background.y, background.z)]
    for index in names:
        outline = drawn[index - 8:index]  # the halo just before its name
        (x, y), text = drawn[index][1], drawn[index][2]
        assert all(entry[0] == "text" and entry[3] == text for entry in outline), outline
        offsets = {(round(entry[1][0] - x), round(entry[1][1] - y)) for entry in outline}
        assert offsets == {(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)} - {(0, 0)}, offsets
        for _, _, colour, _ in outline:
            assert [colour & 0xFF, colour >> 8 & 0xFF, colour >> 16 & 0xFF] == pytest.approx(expected, abs=1)
            assert colour >> 24 == pytest.approx(255 * REFERENCE_HALO_ALPHA * background.w, abs=1)


def test_a_stalemate_a_log_axis_cannot_show_is_not_marked(monkeypatch):
    """The minimax G loss's stalemate is -ln 2: a log axis has no place for it; D's, ln 2, stays marked."""
    marked = []
    plot_inf_lines = implot.plot_inf_lines
    monkeypatch.setattr(implot, "plot_inf_lines", lambda label, values, spec=None: (
        marked.append(float(values[0])) if spec is not None and spec.flags & implot.InfLinesFlags_.horizontal else None,
        plot_inf_lines(label, values, spec))[1])
    frame = _trained("gaussians", 30, "minimax")
    panel = MetricsPanel()
    panel.log_scale = True
    with imgui_context():
        draw_frame(lambda: panel.draw(frame), (340, 900))
    assert marked == [pytest.approx(math.log(2))]


@pytest.mark.parametrize("ui_scale", [1.0, 2.0])
def test_a_short_charts_stalemate_lines_go_unnamed(monkeypatch, ui_scale):
    """At 1280x800, UI scale 2, the loss chart shrank to a plot about three lines tall: the two names, "stalemate
    1.35" over "stalemate 0.69" in large type, covered the curves and each other. A plot under
    REFERENCE_NAMES_AT_EMS ems draws the lines unnamed (the legend's tooltip gives the values); one as tall, the side
    panel's charts at their least (LEAST_PLOT_EMS: a mixture's at 1280x800), names them."""
    from ganlab_gl.app.fonts import UiFonts
    from ganlab_gl.app.panels.metrics import LEAST_PLOT_EMS, REFERENCE_NAMES_AT_EMS, Reference, mark_references
    names, plots = [], []
    plot_text = implot.plot_text
    monkeypatch.setattr(implot, "plot_text", lambda text, *rest: (names.append(text), plot_text(text, *rest))[1])
    references = [Reference(0.68, D_LOSS_RGB, ("D at a tie 0.68",), ""),
                  Reference(0.69, G_LOSS_RGB, ("G at a tie 0.69",), "")]

    def plot(frame_px):
        if implot.begin_plot("losses", imgui.ImVec2(1000, frame_px), implot.Flags_.canvas_only):
            implot.setup_axes("", "", implot.AxisFlags_.no_decorations, implot.AxisFlags_.no_decorations)
            implot.setup_axes_limits(0, 2000, 0, 1.5, imgui.Cond_.always)
            implot.setup_finish()
            plots.append((implot.get_plot_size().y, imgui.get_font_size()))
            mark_references(references)
            implot.end_plot()

    drawn = {}
    with imgui_context((1200, 800)):
        UiFonts().apply_scale(ui_scale, 1.0)
        draw_frame(lambda: plot(200), (1200, 800))
        padding = 200 - plots[-1][0]
        for ems in (REFERENCE_NAMES_AT_EMS - 0.25, REFERENCE_NAMES_AT_EMS):
            for _ in range(2):
                names.clear()
                draw_frame(lambda: plot(ems * imgui.get_font_size() + padding), (1200, 800))
            drawn[ems] = (names[:], plots[-1][0] / plots[-1][1])
    assert drawn[REFERENCE_NAMES_AT_EMS - 0.25][0] == [], drawn
    assert drawn[REFERENCE_NAMES_AT_EMS][0] == ["D at a tie 0.68", "G at a tie 0.69"], drawn
    assert REFERENCE_NAMES_AT_EMS <= LEAST_PLOT_EMS


def _record_value_ticks(monkeypatch) -> list[tuple]:
    """From now on, (chart title, axis, tick values, labels, plot height px, the axis's limits) of each value axis
    whose ticks a chart sets (implot.setup_axis_ticks), in the order set."""
    ticks, setup_axis_ticks, setup_axis_limits, limits = [], implot.setup_axis_ticks, implot.setup_axis_limits, {}

    def recording_limits(axis, low, high, *rest):
        limits[axis] = (low, high)
        return setup_axis_limits(axis, low, high, *rest)

    def recording(axis, values, labels, *rest):
        if axis != implot.ImAxis_.x1:
            plot = implot.internal.get_current_plot()
            ticks.append((plot.get_title(), axis, list(values), list(labels),
                          plot.plot_rect.max.y - plot.plot_rect.min.y, limits[axis]))
        return setup_axis_ticks(axis, values, labels, *rest)

    monkeypatch.setattr(implot, "setup_axis_ticks", recording)
    monkeypatch.setattr(implot, "setup_axis_limits", recording_limits)
    return ticks


def _short_charts_value_ticks(monkeypatch, preset: str) -> tuple[list[tuple], float]:
    """The value axes' ticks (_record_value_ticks) of `preset`'s charts trained 60 iterations, shrunk as far as they
    go in a panel 300 px wide at UI scale 2 (1280x800's; 1000 px tall, all three in view at their least), in their
    settled frame; and the font size."""
    from ganlab_gl.app.fonts import UiFonts
    ticks = _record_value_ticks(monkeypatch)
    frame, panel = _trained(preset, 60), MetricsPanel()
    with imgui_context((300, 1000)):
        UiFonts().apply_scale(2.0, 1.0)
        for _ in range(3):
            draw_frame(lambda: (panel.draw(frame), panel.take_spare_height(-2000.0, short=True)), (300, 1000))
        ticks.clear()
        draw_frame(lambda: panel.draw(frame), (300, 1000))
        return ticks, imgui.get_font_size()


def _apart(values: list[float], labels: list[str], plot_px: float, low: float, high: float, font: float) -> bool:
    """Round ticks within the axis's limits, labelled as written, each at least VALUE_TICK_EMS from the next."""
    from ganlab_gl.app.panels.metrics import VALUE_TICK_EMS
    return (bool(values) and all(low <= value <= high for value in values)
            and labels == [f"{value:g}" for value in values]
            and all((upper - lower) * plot_px / (high - low) >= VALUE_TICK_EMS * font
                    for lower, upper in zip(values, values[1:])))


def test_a_short_charts_value_labels_stand_apart(monkeypatch):
    """At 1280x800, UI scale 2, the loss chart shrinks to a plot about 45 px tall, where ImPlot labelled its y axis
    every 0.2 of a loss, "1.6 1.4 1.2 1 0.8" drawn on top of each other. A plot under SHORT_PLOT_LINES has round
    ticks at least VALUE_TICK_EMS apart ("1.5 1"); a taller one keeps ImPlot's own."""
    ticks, font = _short_charts_value_ticks(monkeypatch, "gaussians")
    assert len(ticks) == 2  # both charts are short
    for _, _, values, labels, plot_px, (low, high) in ticks:
        assert _apart(values, labels, plot_px, low, high, font), (values, labels, plot_px)
        assert all(len(label) <= 4 for label in labels)
    ticks.clear()
    frame = _trained("gaussians", 60)
    with imgui_context((340, 900)):
        draw_frame(lambda: MetricsPanel().draw(frame), (340, 900))
        draw_frame(lambda: MetricsPanel().draw(frame), (340, 900))
    assert ticks == []  # over five lines tall: ImPlot's own


def test_a_short_coverage_charts_value_labels_stand_apart_on_both_axes(monkeypatch):
    """At 1280x800 on Ring of 8 the coverage chart's plot is about 30 px tall: its modes axis's labels, ImPlot's own
    "8 6 4 2 0", were drawn on top of each other (its limits were set, its ticks left to ImPlot, unlike the other
    charts'). Both its axes now have round ticks at least VALUE_TICK_EMS apart there."""
    ticks, font = _short_charts_value_ticks(monkeypatch, "ring8")
    coverage = {axis: rest for title, axis, *rest in ticks if title == "Mode coverage"}
    assert set(coverage) == {implot.ImAxis_.y1, implot.ImAxis_.y2}, ticks  # the high-quality fraction's and the modes'
    for values, labels, plot_px, (low, high) in coverage.values():
        assert len(values) >= 2 and _apart(values, labels, plot_px, low, high, font), (values, labels, plot_px)


@pytest.mark.parametrize("low, high, plot_px", [(0.66, 0.74, 80.0), (0.3, 5.0, 80.0), (0.95, 1.8, 60.0),
                                                 (0.05, 4.0, 200.0), (1e-3, 1e3, 40.0), (1e-6, 1e6, 400.0),
                                                 (1e-14, 1e-13, 200.0), (3e-13, 5e-12, 80.0),
                                                 (1.1e-10, 1.3e-10, 200.0), (1.1e-14, 1.3e-14, 200.0)])
def test_a_log_axis_labels_round_values_apart_at_any_range(low, high, plot_px):
    """ImPlot labels a log axis at powers of ten alone: the shipped model's losses, 0.66 to 0.74, had no label,
    Ring's 0.3 to 5 one "1". Two round values or more inside the range, their labels at least VALUE_TICK_EMS apart
    where the log axis puts them. Below 1e-12 (a loss or divergence near 0) the ticks rounded to 12 places were 0,
    and the spacing's division by them raised in the frame; within a decade that small, the round values ran on to
    1e-9 (an absolute allowance past the range's end), a thousand ticks at 1e-10 and millions at 1e-14."""
    from ganlab_gl.app.panels.metrics import VALUE_TICK_EMS, log_value_ticks
    with imgui_context():
        draw_frame(lambda: None, (100, 100))
        least = VALUE_TICK_EMS * imgui.get_font_size()
        values, labels = log_value_ticks(low, high, plot_px)
    assert len(values) >= 2 and all(low <= value <= high for value in values), values
    assert labels == [f"{value:g}" for value in values], labels
    assert all(len(label.split("e")[0]) <= 6 for label in labels), labels  # short digits, an exponent where small
    gaps = [plot_px * math.log10(upper / lower) / math.log10(high / low) for lower, upper in zip(values, values[1:])]
    assert min(gaps) >= least, (values, gaps)


@pytest.mark.parametrize("low, high", [(-1.05, 0.05), (-1.0, 0.0), (-1.0, 1e-3), (-3.1, 2.9)])
def test_a_value_axis_through_zero_labels_it_0(low, high):
    """A compared WGAN-GP critic's axis beside the loss, -1 to 0 in a shortened chart, read "-2.22045e-16" at its
    top: the ticks were counted up from -1 by 0.2, and twelve digits of float error near 0 are still digits."""
    from ganlab_gl.app.panels.metrics import value_ticks
    with imgui_context():
        draw_frame(lambda: None, (100, 100))
        values, labels = value_ticks(low, high, 60.0)
    assert 0.0 in values and "0" in labels, labels
    assert all("e" not in label for label in labels), labels


def test_on_a_log_scale_the_shipped_models_loss_chart_has_labelled_values(monkeypatch):
    """Ticked log scale on the lab's first view, the loss chart's y axis had no number (its losses within a decade);
    both charts get round values within their ranges."""
    ticks, setup_axis_ticks = {}, implot.setup_axis_ticks

    def recording(axis, values, labels, *rest):
        if axis != implot.ImAxis_.x1:
            ticks[implot.internal.get_current_plot().get_title()] = list(labels)
        return setup_axis_ticks(axis, values, labels, *rest)

    monkeypatch.setattr(implot, "setup_axis_ticks", recording)
    frame, panel = _shipped(), MetricsPanel()
    panel.log_scale = True
    with imgui_context((340, 900)):
        for _ in range(3):
            draw_frame(lambda: panel.draw(frame), (340, 900))
    assert len(ticks.get("Losses", [])) >= 2 and len(ticks.get("Divergence (gap from real, bits)", [])) >= 2, ticks


@pytest.mark.parametrize("width, titles", [(435, ["Discriminator's loss", "Generator's loss"]),
                                          (320, ["D loss", "G loss"])])
def test_a_comparisons_loss_charts_are_titled_as_gan_labs_legend_where_both_fit(monkeypatch, width, titles):
    """A comparison's loss charts were titled "D loss" and "G loss" over plots with room for GAN Lab's names. At UI
    scale 2 both are titled in full where both titles fit over their plots (the right panel's 435 px at 1920x1080);
    in charts too narrow for "Discriminator's loss" (320 px, with room for "Generator's loss") both short, never
    one of each."""
    import ganlab_gl.app.panels.metrics as metrics
    from ganlab_gl.app.fonts import UiFonts
    frame = lab_frames.ring8_frame(30, ("train.d_lr=0.01",))
    shown, rooms = {}, {}
    begin_plot, end_framed_plot = implot.begin_plot, metrics.end_framed_plot

    def recording(title, size, flags=0):
        name, _, chart = title.rpartition("###")
        shown[chart] = name
        return begin_plot(title, size, flags)

    def measuring():  # each chart's plot area's width, and its full title's
        plot = implot.internal.get_current_plot()
        chart = plot.get_title().rpartition("###")[2]
        full = dict(zip(("D loss", "G loss"), metrics.LOSS_NAMES)).get(chart, chart)
        rooms[chart] = (imgui.calc_text_size(full).x, plot.plot_rect.max.x - plot.plot_rect.min.x)
        end_framed_plot()

    monkeypatch.setattr(implot, "begin_plot", recording)
    monkeypatch.setattr(metrics, "end_framed_plot", measuring)
    panel = MetricsPanel()
    with imgui_context((width, 1800)):
        UiFonts().apply_scale(2.0, 1.0)
        for _ in range(3):
            draw_frame(lambda: panel.draw(frame), (width, 1800))
    assert [shown["D loss"], shown["G loss"]] == titles, shown
    (d_title, d_room), (g_title, g_room) = rooms["D loss"], rooms["G loss"]
    assert titles[0] != "D loss" or (g_title <= g_room and d_title > d_room), rooms  # G's alone would fit


def test_the_y_axes_fit_again_after_a_branch_drops_the_iterations_that_held_them():
    """Branch here at 512 of 1,199 (a research setup's ring of 8) left the G loss axis reaching 2, the losses left
    reaching 1.44: the axes grow at once but shrink only to data using under a quarter of them (StableRange), and
    the dropped iterations had grown them. After a branch each y axis is the one a fresh panel fits to what is left."""
    state, controller, long_run = _ring8_after_400()
    state.request(Action.SHOW_ITERATION, 40)
    controller.frame()
    state.request(Action.BRANCH)
    controller.frame()
    state.answer(True)  # 360 unsaved iterations dropped: asked first
    controller.frame()
    branched = controller.read_model()
    controller.close()
    assert branched.timeline.present == 40 and branched.run == long_run.run  # the same run, gone back

    def y_ranges(panel: MetricsPanel, frames: list[LabFrame]) -> dict[str, tuple[float, float]]:
        ranges = {}

        def body():
            panel.draw(frame)
            for title in CHARTS[:2]:
                axis = implot.internal.get_plot(title).y_axis(0)
                ranges[title] = (round(axis.range.min, 6), round(axis.range.max, 6))

        for frame in frames:
            for _ in range(2):
                draw_frame(body, (340, 900))
        return ranges

    with imgui_context((340, 900)):
        before = y_ranges(MetricsPanel(), [long_run])
        after = y_ranges(MetricsPanel(), [long_run, branched])
        fresh = y_ranges(MetricsPanel(), [branched])
    assert before != fresh  # the dropped iterations reached further: the case the test is about
    assert after == fresh, (before, after, fresh)


def test_two_close_stalemate_lines_by_the_plots_foot_are_both_named_the_higher_over_the_lower(monkeypatch):
    """Ring's losses spike to 5, so the loss axis runs from 0 to 5 and both stalemate lines (0.68, 0.69) lie by the
    plot's foot: neither name fits under its line, both went above, and G's, over D's, was dropped. G's name now
    stands over D's, both inside the plot."""
    from ganlab_gl.app.panels.metrics import Reference, mark_references
    names = []
    plot_text = implot.plot_text

    def recording_text(text, x, y, offset=None, *rest):
        centre = implot.plot_to_pixels(x, y).y + offset.y
        top, foot = implot.get_plot_pos().y, implot.get_plot_pos().y + implot.get_plot_size().y
        half = imgui.get_text_line_height() / 2
        names.append((text, centre, top <= centre - half and centre + half <= foot))
        return plot_text(text, x, y, offset, *rest)

    monkeypatch.setattr(implot, "plot_text", recording_text)
    references = [Reference(0.68, D_LOSS_RGB, ("D stalemate 0.68",), ""),
                  Reference(0.69, G_LOSS_RGB, ("G stalemate 0.69",), "")]

    def plot():
        if implot.begin_plot("losses", imgui.ImVec2(320, 160)):
            implot.setup_axes_limits(0, 2000, 0, 6, imgui.Cond_.always)
            implot.setup_finish()
            mark_references(references)
            implot.end_plot()

    with imgui_context((400, 400)):
        for _ in range(2):
            names.clear()
            draw_frame(plot, (400, 400))
    assert [(text, inside) for text, _, inside in names] == [("D stalemate 0.68", True), ("G stalemate 0.69", True)]
    assert names[1][1] < names[0][1]  # G's over D's


def _first_points(frame: LabFrame, points: int) -> LabFrame:
    """`frame` as it read after its run's first `points` iterations: its losses' first rows, no evaluation yet."""
    return dataclasses.replace(frame, losses=dataclasses.replace(frame.losses, rows=frame.losses.rows[:points]),
                               evals=dataclasses.replace(frame.evals, rows=frame.evals.rows[:0]))


@pytest.mark.parametrize("width", [315, 480])
def test_a_tie_lines_name_covers_none_of_a_short_runs_points(monkeypatch, width):
    """At iteration 1 "G loss at a tie 0.69", named at the plot's left end, stood over G's first dot (the axes fit
    the points: the first sits on the left edge), and up to iteration 10 over the curves' first points: the whole
    run a student stepping through it reads. After each of the first ten iterations, no name's box (with a dot's
    radius around it) covers a plotted point or the line between two; a long run's names cover its oldest
    iterations and are drawn (test_the_loss_chart_marks_where_each_loss_sits_in_a_stalemate)."""
    from ganlab_gl.app.panels.metrics import DOT_RADIUS_PX, stalemate_marks
    boxes, lines = [], []
    plot_text, plot_line = implot.plot_text, implot.plot_line
    names = {name for mark in stalemate_marks("log") for name in mark.names}

    def recording_text(text, x, y, offset=None, *rest):
        if text in names:
            centre, size = implot.plot_to_pixels(x, y) + offset, imgui.calc_text_size(text)
            boxes.append((text, centre.x - size.x / 2, centre.y - size.y / 2, centre.x + size.x / 2,
                          centre.y + size.y / 2))
        return plot_text(text, x, y, offset, *rest)

    def recording_line(label, x, y, spec=None, *rest):
        if "loss" in label:  # a loss's line, in screen px, sampled along each stretch between two points
            pixels = [implot.plot_to_pixels(float(a), float(b)) for a, b in zip(x, y)]
            along = [(p.x + (q.x - p.x) * t, p.y + (q.y - p.y) * t) for p, q in zip(pixels, pixels[1:])
                     for t in np.linspace(0.0, 1.0, 40)]
            lines.append([(p.x, p.y) for p in pixels] + along)
        return plot_line(label, x, y, spec, *rest)

    monkeypatch.setattr(implot, "plot_text", recording_text)
    monkeypatch.setattr(implot, "plot_line", recording_line)
    run, panel = _trained("gaussians", 10), MetricsPanel()
    reach = DOT_RADIUS_PX  # a dot's
    covered, named = {}, set()
    with imgui_context((width, 900)):
        for points in range(1, 11):
            frame = _first_points(run, points)
            for _ in range(2):  # the second frame, the plot's area known
                boxes.clear(), lines.clear()
                draw_frame(lambda: (panel.draw(frame), panel.take_spare_height(900)), (width, 900))
            named |= {text for text, *_ in boxes}
            covered[points] = [(text, x, y) for text, left, top, right, foot in boxes for line in lines for x, y in line
                               if left - reach <= x <= right + reach and top - reach <= y <= foot + reach]
    assert not any(covered.values()), {points: said[:3] for points, said in covered.items() if said}
    assert named, "no name drawn at all: the test sees nothing"


def _stepped(dataset: str, iterations: int, every: int = 50) -> LabFrame:
    """The read model after `iterations` of training on `dataset`, evaluated every `every` (metrics.every)."""
    state = AppState()
    state.config.data.name = dataset
    state.config.metrics.every = every
    controller = Controller(state)
    controller.trainer.train(iterations)
    controller.trainer.flush_losses()
    return controller.read_model()


@pytest.mark.parametrize("dataset, every, iterations, first", [("gaussians", 50, 10, "50"), ("ring8", 50, 1, "50"),
                                                               ("ring8", 20, 15, "20")])
def test_an_empty_evaluations_chart_says_when_its_first_point_comes(monkeypatch, dataset, every, iterations, first):
    """After a few Steps the loss chart filled while the divergence chart (and a mixture's modes chart) stayed empty
    for the first metrics.every iterations, with no word why. An empty one says in its plot when its first point
    comes and how often the next ("first at iteration 50, then every 50"), why on hovering it; once it has a value,
    it says nothing of it."""
    from ganlab_gl.app.panels.metrics import FIRST_EVALUATION
    said, tips, plot_text = [], [], implot.plot_text

    def recording_text(text, x, y, offset=None, *rest):
        centre, size = implot.plot_to_pixels(x, y) + offset, imgui.calc_text_size(text)
        said.append((implot.internal.get_current_plot().get_title(), text, (centre.x, centre.y)))
        return plot_text(text, x, y, offset, *rest)

    monkeypatch.setattr(implot, "plot_text", recording_text)
    monkeypatch.setattr(imgui, "set_tooltip", tips.append)
    wordings = {wording.format(first=first, every=every) for wording in FIRST_EVALUATION}
    charts = ["Divergence", "Mode"] if dataset == "ring8" else ["Divergence"]  # their titles' first words
    for frame, noted in ((_stepped(dataset, iterations, every), True),
                         (_stepped(dataset, iterations + every, every), False)):
        panel = MetricsPanel()
        with imgui_context((340, 900)):
            for _ in range(2):
                said.clear()
                draw_frame(lambda: panel.draw(frame), (340, 900))
            notes = [(title, text, centre) for title, text, centre in said if text in wordings]
            if noted:
                draw_frame(lambda: panel.draw(frame), (340, 900), mouse=notes[0][2])
        assert sorted(title.partition(" ")[0] for title, _, _ in notes) == (charts if noted else []), said
        assert all(text == f"first at iteration {first}, then every {every}" for _, text, _ in notes), notes
        if noted:
            assert tips and f"every {every} iterations" in tips[-1], tips
