"""Progressive resolution: a coarse manifold and heatmap while the view moves or training plays, the asked ones
once it rests.

On a software rasteriser a 512 x 512 manifold costs a quarter of a second to draw and a
2048 x 2048 one seconds (docs/BENCHMARKS.md, "Scale"), so zooming or panning at those
resolutions would crawl. While the view moves (a zoom, a pan or drag, the overview's
noise-to-manifold morph) or training plays (a new picture every frame) the lab probes and draws at most
MOVING_MANIFOLD and
MOVING_HEATMAP cells per side; once it has rested SETTLE_S, each step doubles them until they reach
`probe.manifold_res` and `probe.heatmap_res`. A resolution asked below the coarse one is
shown as asked. The frame says which resolution is on screen (`Resolution.describe`).

A step too large for one frame is spread over several, a band at a time, so that the window keeps answering
(a 2048² step was one frame of 2.5 s on llvmpipe, unloaded): each band is sized to BAND_S from the previous band's
time per unit of its work (`BandBudget`). The controller probes grid points in bands on a CPU run, the main run's and
then the compared runs' (`BandedProbe`, `probe_budget`), and the canvas on a software rasteriser uploads, measures
and draws the picture in bands, each kind of work its own (`band_budgets`), into a picture of its own. A band stops
where its own steps' time says the next would overrun it (`BandBudget.overruns`: a picture's rows differ in cost), and
a frame's probe band and canvas band share one band's time (`LabFrame.probe_seconds`). The coarser
picture stays on screen, said as such, until the finished one replaces it. Meanwhile the resolution holds
(`Refinement.next`'s `hold`); a move of the view drops the unfinished work. A new run, a pane of a new size, or
another iteration of the timeline (a rewind, or back to the present) starts from the coarse resolution, as the lab
does: there is no picture of it to show meanwhile (a rewind's 1024² past, compared, took seconds to show on 2 cores).
A quick scrub stays coarse; each new iteration drops the bands of the last. So does a layer shown or hidden, or one's
option changed (H, C, M, P, A, F, the legend, the graph's pictures, the settings panel): the picture before showed the
layers before, the legend already saying otherwise (2.5 s and more at 2048²); the finest snapshot probed of what it
shows is kept past the coarse one, so once the view rests the asked picture is drawn from it, not probed again
through each step between (`BandedProbe.kept`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from time import perf_counter

from ganlab_gl.core.settings import ProbeConfig
from ganlab_gl.core.snapshot import Snapshot
from ganlab_gl.render.layer import DRAWN, MEASURED, UPLOADED, WORKS

MOVING_MANIFOLD = 64  # cells per side while the view moves: a frame's draw stays near 60 ms on llvmpipe
MOVING_HEATMAP = 128
# The view rests this long before the resolution rises: a person zooms in wheel notches about a quarter of a second
# apart, and a refinement begun in each pause held the next notch back for its 512² and 1024² steps (0.7 to 4.5 s
# from the wheel to the view moving, in the window at 2048² on llvmpipe).
SETTLE_S = 0.4
# A band of 32 rows of a 2048² manifold took 45 to 280 ms to draw on a loaded 2-core llvmpipe: a cell's cost follows
# its area on screen, and with Gaussian noise the grid's outer rows, large cells far out, cost the most
# (docs/BENCHMARKS.md, "High-resolution exploration"); a probe's fixed 262,144 points took 40 to 120 ms with the load.
# So each frame's band is sized to a time, BAND_S, from the previous band's time per unit, growing at most
# BAND_GROWTH times a band (a zoom brings cells off screen, cheap, next to cells on it), between the least (the steps
# the work is cut in) and the most of each kind of work, and starting from its first before any is timed:
BAND_S = 0.06
BAND_GROWTH = 2.0
# (least, most, first): cells drawn, filled or outlined, from 2 rows of 2048² (a moving picture's cells, drawn at
# once; the outlines, in one draw, held a frame 3 to 10 s at 2048²); cells measured, 32 rows of 2048² a dispatch (0.1
# to 0.2 s for all on a loaded llvmpipe); bytes uploaded, 2 MiB a write (a 2048² picture's 82 MB took 0.1 to 0.3 s
# loaded, mostly fresh pages).
BANDS = {DRAWN: (MOVING_MANIFOLD ** 2, 1 << 18, 1 << 14), MEASURED: (1 << 16, 1 << 22, 1 << 19),
         UPLOADED: (1 << 21, 1 << 27, 1 << 23)}
assert set(BANDS) == set(WORKS), "refinement: each kind of a picture's work needs its band"
# Grid points probed, in steps of 16,384, at most 524,288 a frame: a point costs the same wherever it lies, but with 2
# cores shared a band grew to 1.4M points on a quick frame's time per point and then took 0.2 s.
PROBE_BAND = (1 << 14, 1 << 19, 1 << 17)


@dataclass(frozen=True)
class Resolution:
    manifold: int  # cells per side on screen
    heatmap: int
    manifold_asked: int  # the settings' resolution, reached once the view rests
    heatmap_asked: int
    playing: bool = False  # coarse because training plays (full once paused)
    arrived: bool = False  # the asked resolution, reached this frame from a coarser one: the picture that will rest

    @property
    def refining(self) -> bool:
        return (self.manifold, self.heatmap) != (self.manifold_asked, self.heatmap_asked)

    def describe(self) -> str:
        """E.g. 'manifold 128² of 2048², heatmap 128² of 512², refining', or 'manifold 32², heatmap 64²'."""
        def part(name: str, shown: int, asked: int) -> str:
            return f"{name} {shown}²" + ("" if shown == asked else f" of {asked}²")
        text = (f"{part('manifold', self.manifold, self.manifold_asked)}, "
                f"{part('heatmap', self.heatmap, self.heatmap_asked)}")
        return text + ((", full when paused" if self.playing else ", refining") if self.refining else "")

    def wordings(self) -> tuple[str, ...]:
        """describe(), then shorter words for a short toolbar, each keeping whether the picture is the final one (at
        1280x800 the schedule's read-out left "manifold 128²...", refining unsaid) and, of what still refines, the
        cells asked ("refining: manifold 256², heatmap 64²" left the 1024² it refined to unsaid). E.g. 'refining:
        manifold 128² of 2048²', 'refining 128² of 2048²', 'refining'."""
        if not self.refining:
            return (self.describe(),)
        state = "full when paused" if self.playing else "refining"
        refining = [(name, shown, asked) for name, shown, asked in (
            ("manifold", self.manifold, self.manifold_asked), ("heatmap", self.heatmap, self.heatmap_asked))
            if shown != asked]
        named = ", ".join(f"{name} {shown}² of {asked}²" for name, shown, asked in refining)
        return (self.describe(), f"{state}: {named}",
                f"{state} " + ", ".join(f"{shown}² of {asked}²" for _, shown, asked in refining), state)

    def at_rest(self) -> str:
        """The cells on screen once refined, where they are not the settings' defaults (a researcher's 1024²
        manifold, which nothing said once refining ended): 'manifold 1024², heatmap 64²'; '' while refining or at
        the defaults."""
        defaults = (ProbeConfig().manifold_res, ProbeConfig().heatmap_res)
        return "" if self.refining or (self.manifold, self.heatmap) == defaults else self.describe()


class Refinement:
    """The resolution of each frame, from the asked one and whether the view moves."""

    def __init__(self) -> None:
        self.shown: Resolution | None = None
        self._moved_at = 0.0  # when the view last moved (or the first frame was drawn)

    def next(self, manifold_asked: int, heatmap_asked: int, moving: bool, playing: bool = False, *,
             now: float, hold: bool = False, kept: tuple[int, int] | None = None) -> Resolution:
        """`now`: the time in seconds, to tell a view at rest from a pause between two of its moves; `hold`: the
        resolution given last is still being probed or drawn, over several frames: it stays, unless the view moves;
        `kept`: the cells (manifold, heatmap) of a snapshot already probed of what the frame shows
        (`BandedProbe.kept`): a rested view reaching them goes there at once, its steps between skipped (at 2048² a
        layer hidden, coarse at once, probed and drew 256² to 1024² and 2048² again: 12-14 s against 6-9)."""
        coarse = (min(manifold_asked, MOVING_MANIFOLD), min(heatmap_asked, MOVING_HEATMAP))
        if moving or self.shown is None:  # the first frame starts coarse too: a 2048² start-up is seconds
            self._moved_at = now
        if now - self._moved_at < SETTLE_S:
            manifold, heatmap = coarse
        elif hold:
            manifold, heatmap = min(manifold_asked, self.shown.manifold), min(heatmap_asked, self.shown.heatmap)
        elif kept is not None and kept[0] >= manifold_asked and kept[1] >= heatmap_asked:
            manifold, heatmap = manifold_asked, heatmap_asked
        else:
            manifold = min(manifold_asked, max(coarse[0], 2 * self.shown.manifold))
            heatmap = min(heatmap_asked, max(coarse[1], 2 * self.shown.heatmap))
        arrived = self.shown is not None and self.shown.refining and (manifold, heatmap) == (manifold_asked,
                                                                                                heatmap_asked)
        self.shown = Resolution(manifold, heatmap, manifold_asked, heatmap_asked, playing, arrived)
        return self.shown


class BandBudget:
    """The work of a frame's band, sized so that it takes about `seconds`: the previous band's time per unit of work
    says how many units fit, between `least` and `most`, at most `growth` times the previous band; `first` units
    before any band is timed. `least == most` gives fixed bands."""

    def __init__(self, seconds: float, least: int, most: int, first: int, growth: float = BAND_GROWTH,
                 clock: Callable[[], float] = perf_counter) -> None:
        if not 0 < least <= first <= most:
            raise ValueError(f"band budget: need 0 < least <= first <= most, got {least}, {first}, {most}")
        self.seconds, self.least, self.most, self.growth, self.clock = seconds, least, most, growth, clock
        self.units = first  # the next band's
        self.spent = 0.0  # seconds the last band took
        self._started: float | None = None

    def start(self) -> None:
        """A band begins (after the work queued before it is done)."""
        self._started = self.clock()

    def overruns(self, done: int, more: int, before: float = 0.0) -> bool:
        """Whether the band begun at `start`, `done` units of it done (waited for), would overrun its time with `more`
        units at its own rate so far, after `before` seconds of the frame's other band (the probe's): sized on the
        last band's rate, a band of a picture's cheap rows (off screen after a zoom) that reached its costly ones took
        4 frames' time, and a frame with the probe's band and the upload's took both bands' time."""
        spent = self.clock() - self._started
        return spent * (done + more) > (self.seconds - before) * done

    def took(self, units: int) -> None:
        """The band begun at `start` is done (its work waited for), `units` of it: sizes the next. A band of fewer
        than `least` units (the end of a picture, whose other layers' draws cost what their cells do not say)
        leaves it; one cut short by the end of its work grows from the band it was given."""
        seconds, self._started = self.clock() - self._started, None
        self.spent = seconds
        if units >= self.least:
            fits = self.seconds * units / max(seconds, 1e-6)
            self.units = round(min(self.most, self.growth * max(units, self.units), max(self.least, fits)))


def fixed_band(units: int) -> BandBudget:
    """Bands of `units` each, whatever they take (tests)."""
    return BandBudget(1.0, units, units, units)


def fixed_bands(cells: int, uploaded: int = 1 << 16) -> dict[str, BandBudget]:
    """A canvas's bands of `cells` cells drawn and measured and `uploaded` bytes each, whatever they take (tests)."""
    return {DRAWN: fixed_band(cells), MEASURED: fixed_band(cells), UPLOADED: fixed_band(uploaded)}


def band_budgets() -> dict[str, BandBudget]:
    """The canvas's on a software rasteriser, each kind of work's own."""
    return {work: BandBudget(BAND_S, *BANDS[work]) for work in WORKS}


def probe_budget() -> BandBudget:
    """The controller's grid points a frame on a CPU run."""
    return BandBudget(BAND_S, *PROBE_BAND)


def probe_scene(t, view) -> tuple:
    """What a probe of `t` (a trainer, or a past run) over `view` shows but its resolution: the run (its trainer's id
    and run id first: `RUN_NAMED_BY`), its iteration and weights' versions, the view and the probe's settings."""
    weights = tuple(p._version for p in (*t.generator.parameters(), *t.discriminator.parameters()))
    return (id(t), t.run_id, t.iteration_count, weights, view, t.config.probe.shown_samples,
            t.config.probe.shown_fakes, t.config.train.loss)


RUN_NAMED_BY = 2  # a probe's scene starts with the trainer's id and its run id (probe_scene)


class BandedProbe:
    """One run's snapshots, a probe too large for a frame spread over several on a CPU run, the snapshot before given
    meanwhile: the main run's (controller.py) and each compared run's (comparison.py), a frame's points shared. The
    finest snapshot of the scene shown is kept past the coarser ones probed after it (a layer shown or hidden starts
    coarse, then goes back to it: `kept`)."""

    def __init__(self) -> None:
        self.probed: tuple[tuple, Snapshot] | None = None  # ((scene, cells), the snapshot)
        self.probing: tuple[tuple, Iterator] | None = None  # ((scene, cells) it will show, its bands so far)
        self._finest: tuple[tuple, Snapshot] | None = None  # ((scene, cells), the snapshot): the most cells probed

    def kept(self, scene: tuple, holds: Callable[[Snapshot], bool] = lambda snapshot: True) -> tuple[int, int] | None:
        """The cells (manifold, heatmap) of the finest snapshot probed of `scene` that `holds`, if any."""
        if self._finest is None or self._finest[0][0] != scene or not holds(self._finest[1]):
            return None
        return self._finest[0][1]

    def snapshot(self, scene: tuple, cells: tuple[int, int], start: Callable[[int | None], Iterator],
                 band: int | None, allowance: int | None = None,
                 holds: Callable[[Snapshot], bool] = lambda snapshot: True) -> tuple[Snapshot, int]:
        """(snapshot, grid points probed now) of `scene` (probe_scene) at `cells` (manifold, heatmap): the one probed
        last or the finest kept while it shows that (and `holds` it), else the probe `start(band)`
        (Prober.snapshot_in_bands: `band` points a step, None: at once), up to `allowance` points of it this frame
        (`band` where None) and the snapshot before meanwhile (none before, or another run's: all at once; a new data
        set's first frames showed the old run's picture, and the automatic view snapped to its samples). A change of
        what it shows drops an unfinished probe."""
        shows = (scene, cells)
        for probed in (self.probed, self._finest):
            if probed is not None and probed[0] == shows and holds(probed[1]):
                self.probed, self.probing = probed, None
                return probed[1], 0
        if self.probing is None or self.probing[0] != shows:
            self.probing = (shows, start(band))
        allowance = band if allowance is None else allowance
        probed = 0
        while band is None or self.probed is None or self.probed[0][0][:RUN_NAMED_BY] != scene[:RUN_NAMED_BY] \
                or probed < allowance:
            step = next(self.probing[1])
            if isinstance(step, Snapshot):
                self.probed, self.probing = (shows, step), None
                finest = self._finest
                if finest is None or finest[0][0] != scene or not (finest[0][1][0] >= cells[0]
                                                                    and finest[0][1][1] >= cells[1]):
                    self._finest = self.probed
                return step, probed
            probed += step
        return self.probed[1], probed
