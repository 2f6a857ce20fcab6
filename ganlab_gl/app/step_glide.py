"""A step made visible, as GAN Lab shows it: the fakes and their arrows glide to their new places.

GAN Lab moves its fake dots and their gradient arrows to each update's places over SLOW_INTERVAL_MS, 1250 ms, with
d3's default cubic in-out easing (ganlab.ts, `iterateTraining`: `.transition().duration(SLOW_INTERVAL_MS)`); played
at full speed the next update comes long before, so it is a step that is seen to glide. Here a step (N, D, G, a phase
of the walk, slow motion's phases) whose snapshot moved the fakes or turned their arrows starts a glide from where they
were drawn (render/layer.py, `glide_from_drawn`), the overview graph's pictures of them with the canvas, at its glide
(thumbnails.py); play at full speed, a rewind (and the step that leaves it) and a new run show their pictures at
once. A step that comes while a glide is under way (N held: a step every key repeat) glides on from where the fakes
are drawn at full speed, slowing to its end (d3's cubic out): eased in anew at every repeat, they stood still until
the key was let go. The same two snapshots say what the step changed, for the words
under the graph (`StepChange`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import torch

from ganlab_gl.core.snapshot import Snapshot
from ganlab_gl.render.layers.noise_view import MorphAnimation, ease_cubic_in_out, ease_cubic_out
from ganlab_gl.render.view import View

from .lab_frame import LabFrame, StepChange

GLIDE_S = 1.25  # GAN Lab's SLOW_INTERVAL_MS


def moved(before: Snapshot, after: Snapshot) -> bool:
    """Whether the fakes or their arrows stand elsewhere in `after`, as many of them as in `before` (a glide pairs
    each with itself)."""
    pairs = ((before.fake, after.fake), (before.fake_gradient, after.fake_gradient))
    return any(old is not None and new is not None and old.shape == new.shape and not torch.equal(old, new)
               for old, new in pairs)


def fakes_moved_px(before: torch.Tensor, after: torch.Tensor, view: View) -> float:
    """The farthest any of the (P, 2) fakes moved from `before` to `after`, in `view`'s pixels (0: not the same
    fakes)."""
    if before.shape != after.shape or not len(after):
        return 0.0
    moved_px = (after - before).detach().cpu().double() / torch.from_numpy(view.world_per_px)
    return float(moved_px.norm(dim=1).max())


def measured(before: Snapshot, after: Snapshot, view: View) -> StepChange:
    """How far the fakes moved on `view`'s pixels, and how much D's output changed over the heatmap's cells where
    both snapshots probed the same grid."""
    fakes_px = fakes_moved_px(before.fake, after.fake, view)
    old, new = before.heatmap, after.heatmap
    d_output = None
    if old is not None and new is not None and old.rect == new.rect and old.values.shape == new.values.shape:
        change = float((new.values - old.values).abs().max())
        d_output = change if change == change else None  # NaN: not a number to say
    return StepChange(fakes_px, d_output)


class StepGlide:
    """The glide's clock and the last step's change, followed frame by frame (Lab.on_gui)."""

    def __init__(self) -> None:
        self.clock = MorphAnimation(duration_s=GLIDE_S)  # the overview's morph clock: d3's easing
        self.change: StepChange | None = None  # what the last step changed
        self._last: tuple | None = None  # the last frame's snapshot, (run, rewound), (iteration, stepped, phase)
        self._fakes_before_step: torch.Tensor | None = None  # (P, 2) where the last step started the fakes from

    def follow(self, frame: LabFrame, playing: bool, view: Callable[[], View], now: float) -> bool:
        """Take the frame's snapshot; returns whether a glide starts now (a step moved the fakes or their arrows).
        `playing`: at full speed (slow motion is a walk of steps); `view()`: the main canvas pane's, on the frame's
        data rectangle (made only where a step is measured)."""
        step, shown = (frame.iteration, frame.stepped, frame.phase), (frame.run, frame.timeline.rewound)
        last, self._last = self._last, (frame.snapshot, shown, step)
        # a step from a rewound lab comes back to the present first: its picture is no step's from the one shown
        if playing or frame.timeline.rewound or last is None or last[1] != shown:
            self._forget_the_step()
            return False
        before, _, last_step = last
        if frame.snapshot is before:
            return False
        if frame.stepped is None and frame.phase is None:  # a picture no step made (U's revert to the last good
            self._forget_the_step()  # state): shown at once, not glided to from the step's places
            return False
        glides = moved(before, frame.snapshot)
        if glides or step[:2] != last_step[:2] or step[2] is not last_step[2]:  # not the same step's picture refined
            self._fakes_before_step, self.change = before.fake, measured(before, frame.snapshot, view())
        elif self.change is not None:  # its picture probed again: zoomed in, the fakes moved more pixels
            self.change = replace(self.change,
                                  fakes_px=fakes_moved_px(self._fakes_before_step, frame.snapshot.fake, view()))
        if glides:  # a step in mid-glide (a held key) glides on at speed: eased in anew, the fakes stood still
            self.clock.start(now, ease_cubic_out if self.clock.playing(now) else ease_cubic_in_out)
        return glides

    def _forget_the_step(self) -> None:
        """Nothing to say of a step, nor to glide: an older one's words and places went."""
        self.clock.started_at, self.change, self._fakes_before_step = None, None, None

    def value(self, now: float) -> float:
        """The glide to draw at `now`: 1 (the new places) when none is under way."""
        return self.clock.value(now)
