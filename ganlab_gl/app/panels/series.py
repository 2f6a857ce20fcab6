"""Making long metric series plottable: fewer points with the same look, and a y range
that holds still while training runs."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MAX_PLOT_COLUMNS = 1000  # a series is drawn from at most this many stretches of x, however far it is zoomed


def column_band(x: np.ndarray, y: np.ndarray, columns: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x, lowest, highest, mean) of `y` over each of `columns` equal stretches of `x` (increasing) that holds a
    finite value, x the mean of the stretch's rows: a long series as a plot draws it, a band filled between each
    pixel column's extremes and a line through their means (a noisy loss drawn as every point, or as each column's
    lowest and highest in turn, zigzagged from edge to edge and cost the rasteriser its overdrawn fringes).
    Stretches of x, not of rows: a thinned history (core/thinning.py) holds its older rows sparsely, and equal row
    counts would spend most columns on its recent, exact stretch. Infinities and NaNs count as no value."""
    n = len(x)
    edges = np.linspace(x[0], x[-1], max(columns, 1) + 1)[:-1]
    starts = np.searchsorted(x, edges, side="left")
    starts = starts[np.r_[True, starts[1:] != starts[:-1]]]  # each non-empty stretch's first row
    rows = np.diff(np.append(starts, n))
    finite = np.isfinite(y)
    if finite.all():
        lows, highs = np.minimum.reduceat(y, starts), np.maximum.reduceat(y, starts)
        counts, sums = rows, np.add.reduceat(y, starts)
    else:
        lows = np.fmin.reduceat(np.where(finite, y, np.nan), starts)
        highs = np.fmax.reduceat(np.where(finite, y, np.nan), starts)
        counts, sums = np.add.reduceat(finite, starts), np.add.reduceat(np.where(finite, y, 0.0), starts)
    held = counts > 0
    return ((np.add.reduceat(x, starts) / rows)[held], lows[held], highs[held], (sums[held] / counts[held]))


def columns_for_plot(span: float, shown: float, columns: float) -> int:
    """The stretches of x a series over `span` of x is drawn from on a plot `columns` framebuffer pixels wide
    showing `shown` of x: one per pixel column the data crosses, up to MAX_PLOT_COLUMNS."""
    crossed = max(columns, 1.0) * (max(span / shown, 1.0) if shown > 0 else 1.0)
    return min(math.ceil(crossed), MAX_PLOT_COLUMNS)


@dataclass
class StableRange:
    """An axis range that follows data without jumping every frame: it grows at once
    (with `margin` of room) when the data leaves it, and shrinks back to the data only
    after the data has used less than `shrink_below` of it for `patience` updates."""

    margin: float = 0.1
    shrink_below: float = 0.25
    patience: int = 90  # updates, about 1.5 s at 60 frames a second
    low: float | None = None
    high: float | None = None
    _underused: int = 0

    def update(self, data_low: float, data_high: float) -> tuple[float, float]:
        """Feed the data's extent this frame; returns the range to show."""
        if not (math.isfinite(data_low) and math.isfinite(data_high)):
            return self.current()
        if self.low is None or self.high is None:
            self._fit(data_low, data_high)
        elif data_low < self.low or data_high > self.high:
            self._grow(data_low, data_high)
        elif data_high - data_low < self.shrink_below * (self.high - self.low):
            self._underused += 1
            if self._underused >= self.patience:
                self._fit(data_low, data_high)
        else:
            self._underused = 0
        return self.current()

    def current(self) -> tuple[float, float]:
        return (0.0, 1.0) if self.low is None or self.high is None else (self.low, self.high)

    def _grow(self, data_low: float, data_high: float) -> None:
        """Move only the side(s) the data crossed, so the other side holds still."""
        room = self.margin * (max(data_high, self.high) - min(data_low, self.low))
        if data_low < self.low:
            self.low = data_low - room
        if data_high > self.high:
            self.high = data_high + room
        self._underused = 0

    def _fit(self, low: float, high: float) -> None:
        room = self.margin * (high - low) if high > low else max(abs(high), 1.0) * self.margin
        self.low, self.high = low - room, high + room
        self._underused = 0


BULK_PERCENTILES = (5.0, 95.0)  # what a run's line shows most of the time: its start's spike and one-off jumps left out
BULK_SAMPLE = 2000  # values a bulk is measured on, evenly spaced (a chart measures every run each frame)
RUN_SPREAD_AT_MOST = 10.0  # runs share a chart's y range while both their bulks fit this many times either one's span
FLAT_BULK = 0.05  # a flat run's bulk counts at least this share of its magnitude (a constant loss groups with none)
FLAT_DECADES = math.log10(1 + FLAT_BULK)  # the same on a log axis (of a logarithm, near a loss of 1 it was 0)
SWITCH_NARROWER = 2.0  # the runs fitted last frame give way to a group as large only where its bulks are this much
# narrower: two runs apart with lines as wide traded places by a hair, the chart's range and labels flipping with them


def bulk(values: np.ndarray) -> tuple[float, float] | None:
    """(low, high) of the middle of a run's finite values (BULK_PERCENTILES), or None where it has none."""
    finite = values[np.isfinite(values)]
    if not len(finite):
        return None
    sample = finite[::max(len(finite) // BULK_SAMPLE, 1)]
    low, high = np.percentile(sample, BULK_PERCENTILES)
    return float(low), float(high)


def runs_to_fit(columns: list[np.ndarray], spread: float = RUN_SPREAD_AT_MOST,
                previous: list[int] | None = None, decades: bool = False) -> list[int]:
    """Which runs' lines (one column each) a shared chart fits its y range to: the largest group of runs whose
    bulks (`bulk`) fit together within `spread` times the span of each; among groups as large, the one of the
    narrowest bulks, unless `previous` (the runs fitted last frame) is one of them and no more than
    SWITCH_NARROWER times wider. So a diverging run, or one on another loss's scale, no longer flattens the
    others' lines; with two runs apart the calmer is fitted, and stays. Runs with no finite value are in no
    group. `decades`: the columns are log10 values (a log axis)."""
    bulks = {index: span for index, span in enumerate(map(bulk, columns)) if span is not None}

    def span(low: float, high: float) -> float:
        return max(high - low, FLAT_DECADES if decades else FLAT_BULK * max(abs(low), abs(high)), 1e-12)

    def together(a: tuple[float, float], b: tuple[float, float]) -> bool:
        return span(min(a[0], b[0]), max(a[1], b[1])) <= spread * min(span(*a), span(*b))

    def union_span(group: list[int]) -> float:
        return span(min(bulks[i][0] for i in group), max(bulks[i][1] for i in group))

    groups = [[other for other in bulks if together(bulks[base], bulks[other])] for base in bulks]
    best = min(groups, key=lambda group: (-len(group), union_span(group)), default=[])
    if previous in groups and len(previous) == len(best) and (
            union_span(previous) <= SWITCH_NARROWER * union_span(best)):
        return previous
    return best
