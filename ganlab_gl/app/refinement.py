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
(a 2048² step was one frame of 2.5 s on llvmpipe, unloaded): the controller probes BAND_CELLS * PROBE_BANDS grid
points a frame on a CPU run, the canvas draws BAND_CELLS manifold cells a frame on a software rasteriser, into a
picture of its own, and the coarser picture stays on screen, said as such, until the finished one replaces it.
Meanwhile the resolution holds (`Refinement.next`'s `hold`); a move of the view drops the unfinished work.
"""

from __future__ import annotations

from dataclasses import dataclass

MOVING_MANIFOLD = 64  # cells per side while the view moves: a frame's draw stays near 60 ms on llvmpipe
MOVING_HEATMAP = 128
# The view rests this long before the resolution rises: a person zooms in wheel notches about a quarter of a second
# apart, and a refinement begun in each pause held the next notch back for its 512² and 1024² steps (0.7 to 4.5 s
# from the wheel to the view moving, in the window at 2048² on llvmpipe).
SETTLE_S = 0.4
# Manifold cells the canvas draws a frame on a software rasteriser: 32 rows of a 2048² grid, 45 to 280 ms on a loaded
# 2-core llvmpipe (the grid's outer rows, large cells far out, cost the most; docs/BENCHMARKS.md, "High-resolution
# exploration"). A frame probes PROBE_BANDS times as many grid points on a CPU run: a point's probe costs a fraction
# of a cell's draw there.
BAND_CELLS = 1 << 16
PROBE_BANDS = 4


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
        text = f"{part('manifold', self.manifold, self.manifold_asked)}, {part('heatmap', self.heatmap, self.heatmap_asked)}"
        return text + ((", full when paused" if self.playing else ", refining") if self.refining else "")


class Refinement:
    """The resolution of each frame, from the asked one and whether the view moves."""

    def __init__(self) -> None:
        self.shown: Resolution | None = None
        self._moved_at = 0.0  # when the view last moved (or the first frame was drawn)

    def next(self, manifold_asked: int, heatmap_asked: int, moving: bool, playing: bool = False, *,
             now: float, hold: bool = False) -> Resolution:
        """`now`: the time in seconds, to tell a view at rest from a pause between two of its moves; `hold`: the
        resolution given last is still being probed or drawn, over several frames: it stays, unless the view moves."""
        coarse = (min(manifold_asked, MOVING_MANIFOLD), min(heatmap_asked, MOVING_HEATMAP))
        if moving or self.shown is None:  # the first frame starts coarse too: a 2048² start-up is seconds
            self._moved_at = now
        if now - self._moved_at < SETTLE_S:
            manifold, heatmap = coarse
        elif hold:
            manifold, heatmap = min(manifold_asked, self.shown.manifold), min(heatmap_asked, self.shown.heatmap)
        else:
            manifold = min(manifold_asked, max(coarse[0], 2 * self.shown.manifold))
            heatmap = min(heatmap_asked, max(coarse[1], 2 * self.shown.heatmap))
        arrived = self.shown is not None and self.shown.refining and (manifold, heatmap) == (manifold_asked,
                                                                                                heatmap_asked)
        self.shown = Resolution(manifold, heatmap, manifold_asked, heatmap_asked, playing, arrived)
        return self.shown
