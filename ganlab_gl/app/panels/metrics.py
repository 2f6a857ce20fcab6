"""The metrics panel: ImPlot line charts of the run's history, drawn into the current window.

GAN Lab's two charts (demo/ganlab.ts, recreateCharts): the losses of D and G, and KL and
JS divergences by grid, in its colours; then mode coverage for mixture datasets (the
fraction of high-quality fakes, and how many modes they reach). Long histories are
decimated; with auto-fit on, x spans the data and y follows it through `StableRange`,
so the axes hold still between frames; off, ImPlot's own pan and zoom take over.

Per frame, inside the right panel's window: `metrics.draw(frame)` with the frame's read model;
columns are read by name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from imgui_bundle import imgui, implot

from ganlab_gl.app.panels import flow
from ganlab_gl.app.panels.series import StableRange, decimate
from ganlab_gl.app.lab_frame import Columns, LabFrame
from ganlab_gl.render.colormap import FAKE_RGBA, REAL_RGBA

RGB = tuple[float, float, float]
Series = tuple[str, np.ndarray, RGB]  # (label, y values, colour)

# GAN Lab's chart colours (ganlab.ts, recreateCharts), without their 0.5 alpha: lines, not fills.
D_LOSS_RGB: RGB = (5 / 255, 117 / 255, 176 / 255)
G_LOSS_RGB: RGB = FAKE_RGBA[:3]
KL_RGB: RGB = (220 / 255, 80 / 255, 20 / 255)
JS_RGB: RGB = (200 / 255, 150 / 255, 10 / 255)
HQ_RGB: RGB = FAKE_RGBA[:3]  # a share of the fakes
MODES_RGB: RGB = REAL_RGBA[:3]  # modes of the real data

PLOT_HEIGHT_LINES = 9  # plot height in lines of text, so it follows the UI scale
PIXELS_PER_ITERATION = 20  # ImPlot labels ticks about 30 px apart or more at 1-2-5 steps: so every step is whole


class MetricsPanel:
    def __init__(self) -> None:
        self.log_scale = False
        self.auto_fit = True
        self._ranges: defaultdict[tuple[str, bool], StableRange] = defaultdict(StableRange)
        self._run: tuple[int, int] | None = None
        self._fitted: set[str] = set()  # charts whose axes were fitted to this run's data

    def draw(self, frame: LabFrame) -> None:
        self._follow_run(frame)
        _, self.log_scale = imgui.checkbox("log scale", self.log_scale)
        flow.place(flow.checkbox_width("auto-fit"))
        _, self.auto_fit = imgui.checkbox("auto-fit", self.auto_fit)
        height = imgui.get_text_line_height_with_spacing() * PLOT_HEIGHT_LINES
        evals = frame.evals
        self.draw_losses(frame, height)
        self._line_plot("Divergence (bits, by grid)", height, evals["iteration"],
                        [("KL", evals["kl"], KL_RGB), ("JS", evals["js"], JS_RGB)])
        if frame.dataset.mixture_of_modes:
            self._coverage_plot(height, evals, frame.dataset.modes)

    def draw_losses(self, frame: LabFrame, height: float, line_weight: float = 1.0) -> None:
        """The losses chart alone (lecture mode shows it, with thick lines, under the explanation)."""
        self._follow_run(frame)
        losses = frame.losses
        self._line_plot("Losses", height, losses["iteration"],
                        [("D loss", losses["d_loss"], D_LOSS_RGB), ("G loss", losses["g_loss"], G_LOSS_RGB)],
                        line_weight)

    def _follow_run(self, frame: LabFrame) -> None:
        if frame.run != self._run:  # a new run starts from its own data, not the last run's range
            self._ranges.clear()
            self._fitted.clear()
            self._run = frame.run

    def _begin_plot(self, title: str, height: float) -> bool:
        """A chart's first frame in a run fits its axes to the run's data, also where auto-fit is off (a reset
        or a dataset switch never leaves the previous run's axes behind)."""
        if title not in self._fitted:
            self._fitted.add(title)
            implot.set_next_axes_to_fit()
        return implot.begin_plot(title, imgui.ImVec2(-1, height))

    def _line_plot(self, title: str, height: float, x: np.ndarray, series: Sequence[Series],
                   line_weight: float = 1.0) -> None:
        if not self._begin_plot(title, height):
            return
        implot.setup_axes("iteration", "")
        if self.log_scale:
            implot.setup_axis_scale(implot.ImAxis_.y1, implot.Scale_.log10)
        if self.auto_fit:
            implot.setup_axis_limits(implot.ImAxis_.x1, *iteration_limits(x, imgui.get_content_region_avail().x),
                                      implot.Cond_.always)
            low, high = self._y_range(title, [y for _, y, _ in series])
            implot.setup_axis_limits(implot.ImAxis_.y1, low, high, implot.Cond_.always)
        for label, y, rgb in series:
            plot_line(label, x, y, rgb, line_weight)
        implot.end_plot()

    def _y_range(self, title: str, columns: list[np.ndarray]) -> tuple[float, float]:
        """StableRange over the shown values; on a log axis it works in decades, over positive values."""
        values = np.concatenate(columns)
        values = values[np.isfinite(values)]
        if self.log_scale:
            values = np.log10(values[values > 0])
        stable = self._ranges[(title, self.log_scale)]
        low, high = stable.update(values.min(), values.max()) if len(values) else stable.current()
        return (10**low, 10**high) if self.log_scale else (low, high)

    def _coverage_plot(self, height: float, evals: Columns, modes: int) -> None:
        """Both measures have fixed natural ranges, so no fitting in y."""
        if not self._begin_plot("Mode coverage", height):
            return
        implot.setup_axes("iteration", "high-quality fraction")
        implot.setup_axis(implot.ImAxis_.y2, "modes captured", implot.AxisFlags_.opposite)
        # A little room below 0: a run that captures nothing yet draws its line, not the plot's frame.
        implot.setup_axis_limits(implot.ImAxis_.y1, -0.05, 1.05, implot.Cond_.always)
        implot.setup_axis_limits(implot.ImAxis_.y2, -0.25, modes + 0.5, implot.Cond_.always)
        x = evals["iteration"]
        if self.auto_fit:
            implot.setup_axis_limits(implot.ImAxis_.x1, *iteration_limits(x, imgui.get_content_region_avail().x),
                                      implot.Cond_.always)
        plot_line("high quality", x, evals["hq_fraction"], HQ_RGB)
        implot.set_axes(implot.ImAxis_.x1, implot.ImAxis_.y2)
        plot_line("modes", x, evals["modes_captured"], MODES_RGB)
        implot.end_plot()


def iteration_limits(x: np.ndarray, plot_px: float) -> tuple[float, float]:
    """The iteration axis over the data, and at least an iteration per PIXELS_PER_ITERATION pixels of a plot
    `plot_px` wide, so a run's first point or two never give an axis of fractional iterations (50, 50.2, ... 51);
    a run with no point yet starts at iteration 0."""
    first, last = (float(x[0]), float(x[-1])) if len(x) else (0.0, 0.0)
    return first, max(last, first + plot_px / PIXELS_PER_ITERATION)


def plot_line(label: str, x: np.ndarray, y: np.ndarray, rgb: RGB, weight: float = 1.0) -> None:
    xs, ys = decimate(x, y)
    spec = implot.Spec()
    spec.line_color = imgui.ImVec4(*rgb, 1.0)
    spec.line_weight = weight
    spec.flags = implot.LineFlags_.skip_nan
    implot.plot_line(label, np.ascontiguousarray(xs), np.ascontiguousarray(ys), spec)
