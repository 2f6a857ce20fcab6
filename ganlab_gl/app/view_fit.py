"""The lab's own view of the data: the real data and the generator's output together, followed smoothly.

GAN Lab shows its presets on the unit square, where a fresh generator's samples usually
fall outside (a student sees no fakes at all). Here the view covers both distributions
from the first frame: GAN Lab's unit square while the fakes fit in it with room to its edge, else the real
data's rectangle grown to take in the fakes with a margin. While training moves the fakes the
view glides after them (an exponential approach, no jumps), and within a run it only
widens until the fakes are all back in the real data's own view, where it returns: the
real data keeps its place and size on the screen while the fakes wander, as on GAN
Lab's fixed square, instead of the whole picture breathing with every move of the
fakes. A drawing's own view is the square it was drawn on (its data rectangle, GAN Lab's unit square), whatever its
brush sprays past an edge, so that what the student drew comes back to where it was drawn once the fakes are in;
at Done the view takes in the fresh generator's fakes as a preset's does (held to the square, they started off the
canvas, to one side of it, and the student watched a drawing and no fakes). A new run snaps to its own view at
once. Zooming or panning (state.view_rect) overrides it until the view is reset or other data comes, within limits
measured against the automatic view.
No window here: `ganlab-gl render` and `animate` fit their views with it too.
"""

from __future__ import annotations

import math

import numpy as np

from ganlab_gl.core.snapshot import Rect

MARGIN = 0.1  # room around the fakes, as a share of the view's extent
OUTLIER_PERCENT = 0.25  # a few stray samples (beyond these percentiles) do not widen the view
FOLLOW_SECONDS = 0.5  # time constant of the glide towards a new view
# Within a run the view only widens until the fakes are home (it held still while they wandered), unless what it
# must hold is less than this share of it across: early fakes flung far, then a few left just outside the real data's
# view, held Ring's samples 2.5 times smaller than their own view for the rest of the run
NARROWS_BELOW = 0.5
MIN_EXTENT = 1e-3  # a collapsed generator still gets a view of some size
ARRIVED = 1e-6  # of the view's extent: closer than this, the glide lands on its target
# The view's extent at most this many times smaller or larger than the automatic view's. Data and shaders are
# float32: at 1000x a 2000 px canvas still has several float steps per pixel; far beyond, every position was one
# value and the canvas drew empty. 100x out leaves the data a few pixels across.
MAX_ZOOM_IN = 1000.0
MAX_ZOOM_OUT = 100.0
# A view's sides at least this share of its scale (1, or its largest coordinate): the probes run in float32, where
# a narrower view far from the origin is one value across (`render --view` refuses it, and so would the export of a
# view the lab had zoomed to: the lab stops at twice this, room for a pan).
FINEST_SIDE = 1e-4


def covering_rect(data_rect: Rect, points: np.ndarray, unit_square: bool,
                  held: tuple[np.ndarray, np.ndarray] | None = None) -> Rect:
    """The view that shows the real data (`data_rect`, already with its margin) and the shown samples
    ((N, 2): real and fake), those with a margin of MARGIN of the whole view's extent; `held`: the (low, high)
    corners of samples it holds whole besides (the fakes but for strays, `held_bounds`)."""
    finite = points[np.isfinite(points).all(axis=1)] if len(points) else points
    if not len(finite) and held is None:
        return data_rect
    if len(finite):
        low, high = np.percentile(finite, (OUTLIER_PERCENT, 100 - OUTLIER_PERCENT), axis=0)  # (2,) each
        if held is not None:
            low, high = np.minimum(low, held[0]), np.maximum(high, held[1])
    else:
        low, high = held
    extent = max(float(max(high[0], data_rect[2]) - min(low[0], data_rect[0])),
                 float(max(high[1], data_rect[3]) - min(low[1], data_rect[1])), MIN_EXTENT)
    room = MARGIN * extent
    if unit_square and (low >= room / 2).all() and (high <= 1 - room / 2).all():
        return data_rect
    return squared((min(data_rect[0], float(low[0]) - room), min(data_rect[1], float(low[1]) - room),
                    max(data_rect[2], float(high[0]) + room), max(data_rect[3], float(high[1]) + room)))


def home_view(data_name: str, data_rect: Rect, real: np.ndarray, unit_square: bool) -> Rect:
    """The real samples' own view, where the automatic view rests while the fakes lie in it: for the data named
    `data_name` = drawing, the square it was drawn on (its data rectangle, as GAN Lab's, whatever the brush sprays
    past an edge); for other data, the view covering its real samples (`covering_rect`)."""
    return data_rect if data_name == "drawing" else covering_rect(data_rect, real, unit_square)


def automatic_target(data_name: str, data_rect: Rect, real: np.ndarray, fake: np.ndarray,
                     unit_square: bool) -> tuple[Rect, bool]:
    """(the view to follow, whether it may only widen): the real samples' own view (`home_view`) while the fakes
    (but for a few strays) lie inside it, else the view covering both, which only widens until they are back."""
    return _target_from_home(home_view(data_name, data_rect, real, unit_square), data_rect, real, fake, unit_square)


def _target_from_home(home: Rect, data_rect: Rect, real: np.ndarray, fake: np.ndarray,
                      unit_square: bool) -> tuple[Rect, bool]:
    """`automatic_target` given the real samples' own view, `home`."""
    finite = fake[np.isfinite(fake).all(axis=1)] if len(fake) else fake
    if not len(finite):
        return home, False
    # The fakes keep room to the edge, as the real data's own view gives the real samples (GAN Lab's unit square
    # holds them MARGIN / 2 of it in): Two Gaussians' lowest fake sat on the canvas's bottom edge, its arrow and the
    # manifold's tip cut off. Every fake inside (a trained generator's, most frames): so are those held, without the
    # sort (0.2 ms a frame of the playing lab on a slow machine)
    room = MARGIN / 2 * extent(home)
    inner = (home[0] + room, home[1] + room, home[2] - room, home[3] - room)
    if (finite.min(axis=0) >= inner[:2]).all() and (finite.max(axis=0) <= inner[2:]).all():
        return home, False
    low, high = held_bounds(finite)
    if (low >= inner[:2]).all() and (high <= inner[2:]).all():
        return home, False
    return covering_rect(data_rect, real, unit_square, held=(low, high)), True


def held_bounds(samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (low, high) corners of the finite `samples` (N, 2) but for strays: those past the OUTLIER_PERCENT
    percentiles by more than MARGIN of the samples' extent (a fake flung far does not widen the view; the last fake of
    a tail, just past them, is held, not left on the canvas's edge)."""
    low, high = np.percentile(samples, (OUTLIER_PERCENT, 100 - OUTLIER_PERCENT), axis=0)
    reach = MARGIN * max(float((high - low).max()), MIN_EXTENT)
    near = samples[((samples >= low - reach) & (samples <= high + reach)).all(axis=1)]
    return near.min(axis=0), near.max(axis=0)


class AutomaticTarget:
    """`automatic_target`, asked once a frame, kept while its inputs stay: its last answer while the real and fake
    samples are the ones it was given (a paused lab), the real samples' own view while they are (a run's frames
    while it trains). Each is a percentile sort, 0.1 ms or so a frame on a slow machine, for the same answer.
    Samples are compared by their bytes (an array changed in place is another)."""

    def __init__(self) -> None:
        self._home: tuple[tuple, Rect] | None = None  # (data name, rect, unit square, real samples), home_view's
        self._answer: tuple[tuple, tuple[Rect, bool]] | None = None  # (the home's inputs, fakes), the answer

    def __call__(self, data_name: str, data_rect: Rect, real: np.ndarray, fake: np.ndarray,
                 unit_square: bool) -> tuple[Rect, bool]:
        home_inputs = (data_name, tuple(data_rect), unit_square, _contents(real))
        inputs = (home_inputs, _contents(fake))
        if self._answer is not None and self._answer[0] == inputs:
            return self._answer[1]
        if self._home is None or self._home[0] != home_inputs:
            self._home = (home_inputs, home_view(data_name, data_rect, real, unit_square))
        answer = _target_from_home(self._home[1], data_rect, real, fake, unit_square)
        self._answer = (inputs, answer)
        return answer


def _contents(samples: np.ndarray) -> tuple:
    return samples.dtype.str, samples.shape, samples.tobytes()


def automatic_view(data_name: str, data_rect: Rect, real: np.ndarray, fake: np.ndarray, unit_square: bool) -> Rect:
    """The view the lab snaps to on a run it has just taken (a loaded session, a new run): `automatic_target`'s."""
    return automatic_target(data_name, data_rect, real, fake, unit_square)[0]


def extent(rect: Rect) -> float:
    return max(rect[2] - rect[0], rect[3] - rect[1])


def narrowest(rect: Rect, home: Rect) -> float:
    """The narrowest side a view near `rect` may have: MAX_ZOOM_IN of `home`'s extent, and wide enough for the
    float32 probes (FINEST_SIDE, twice over) at the coordinates of both."""
    return max(extent(home) / MAX_ZOOM_IN, 2 * FINEST_SIDE * max(1.0, *map(abs, rect), *map(abs, home)))


def zoom_within_limits(rect: Rect, factor: float, home: Rect) -> float:
    """`factor` (zoom_rect's) limited so the view's extent stays within MAX_ZOOM_IN and MAX_ZOOM_OUT of `home`'s."""
    current = extent(rect)
    return min(max(factor, current / (extent(home) * MAX_ZOOM_OUT)), current / narrowest(rect, home))


def overlapping(rect: Rect, home: Rect) -> Rect:
    """`rect` moved as little as needs be to overlap (or touch) `home`: a pan never leaves the data out of reach."""
    x0, y0, x1, y1 = rect
    dx = min(max(x0, home[0] - (x1 - x0)), home[2]) - x0
    dy = min(max(y0, home[1] - (y1 - y0)), home[3]) - y0
    return (x0 + dx, y0 + dy, x1 + dx, y1 + dy)


def within_limits(rect: Rect, home: Rect) -> Rect:
    """`rect` as the lab's zoom and pan could have left it over `home` (the automatic view): each side scaled about
    its centre into the zoom limits, then moved to overlap `home`. A session's saved view (hand-edited to 1e-14
    wide, it loaded as an empty canvas) is taken through it."""
    low, high = narrowest(rect, home), extent(home) * MAX_ZOOM_OUT
    sides = [_side_within(a, b, low, high) for a, b in ((rect[0], rect[2]), (rect[1], rect[3]))]
    return overlapping((sides[0][0], sides[1][0], sides[0][1], sides[1][1]), home)


def _side_within(a: float, b: float, low: float, high: float) -> tuple[float, float]:
    """The side from `a` to `b` scaled about its centre to a length from `low` to `high`; as given where it is one
    already (its centre and half rebuilt it a rounding off: the lab's own saved view, loaded or rendered, was said to
    lie past the limits and 'shown instead' at the same nine digits)."""
    if low <= b - a <= high:
        return a, b
    centre, half = (a + b) / 2, min(max(b - a, low), high) / 2
    return centre - half, centre + half


def limited_view(rect: Rect, home: Rect, source: str) -> tuple[Rect, str | None]:
    """A saved view within the lab's limits (`within_limits`), and when that moved it a one-line note that says so
    (None: it was within them)."""
    limited = within_limits(rect, home)
    if limited == tuple(rect):
        return limited, None
    shown = ", ".join(f"{v:.9g}" for v in limited)  # enough digits to give back as --view
    return limited, (f"{source}: view_rect {list(rect)} lies past the lab's zoom limits ({MAX_ZOOM_IN:g} times in, "
                     f"{MAX_ZOOM_OUT:g} times out of the automatic view, the data within reach); showing [{shown}] "
                     "instead")


def squared(rect: Rect) -> Rect:
    """`rect` grown about its centre to a square: the canvas and the overview's pictures are square, so the
    heatmaps probed over the view cover every pixel they show."""
    x0, y0, x1, y1 = rect
    half = max(x1 - x0, y1 - y0) / 2
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (cx - half, cy - half, cx + half, cy + half)


def _across(rect: Rect) -> float:
    return max(rect[2] - rect[0], rect[3] - rect[1])


class AutoView:
    """The view rectangle the lab shows unless the user zoomed or panned; `follow` once per frame."""

    def __init__(self) -> None:
        self.rect: Rect | None = None
        self._target: Rect | None = None  # where the glide goes: this run's widest view since it was last home
        self._run: object = None
        self._time = 0.0

    def follow(self, target: Rect, run: object, now: float, widen_only: bool = False) -> bool:
        """Glide towards `target`, or (`widen_only`, within a run) towards the smallest square holding it and the
        targets since the last one that was not widen-only; a new `run` (or the first call) snaps to `target`.
        Returns whether it snapped."""
        snapped = self.rect is None or run != self._run
        if widen_only and not snapped and self._target is not None and _across(target) >= NARROWS_BELOW * _across(
                self._target):
            wider = (min(target[0], self._target[0]), min(target[1], self._target[1]),
                     max(target[2], self._target[2]), max(target[3], self._target[3]))
            # Unchanged where it holds the target: re-squaring a square moves it by rounding, and a view that
            # moves at all is probed and drawn again.
            target = self._target if wider == tuple(self._target) else squared(wider)
        self._target = target
        if snapped:
            self.rect = target
        else:
            share = 1.0 - math.exp(-max(now - self._time, 0.0) / FOLLOW_SECONDS)
            glided = tuple(a + share * (b - a) for a, b in zip(self.rect, target))
            # Within a thousandth of a pixel of a large canvas it lands: an exponential approach never
            # arrives, and a view that moves by 1e-5 every frame is probed and drawn again every frame.
            extent = max(target[2] - target[0], target[3] - target[1])
            close = max(abs(a - b) for a, b in zip(glided, target)) <= ARRIVED * extent
            self.rect = tuple(target) if close else glided
        self._run, self._time = run, now
        return snapped
