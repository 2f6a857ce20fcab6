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
under the graph (`StepChange`): how far the fakes moved, how much D's output changed, and whether any arrow showed
(at a fresh run's first iteration none showed past its fake's dot, and "the arrows with it" pointed at nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import torch

from ganlab_gl.core.snapshot import Snapshot
from ganlab_gl.render.colormap import HALO_PX
from ganlab_gl.render.layers.gradients import HEAD_LENGTH_PX, data_side, drawn_offsets, shown_gradient
from ganlab_gl.render.layers.noise_view import MorphAnimation, ease_cubic_in_out, ease_cubic_out
from ganlab_gl.render.view import View

from .lab_frame import LabFrame, StepChange
from .view_settings import ViewConfig

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


@dataclass(frozen=True)
class ArrowLook:
    """How the canvas draws the fakes' arrows: the gradients layer's options (render/layer_table.py), and how long
    an arrow must be to show as one: past its fake's dot and halo, drawn over it, by its head's length (logical px,
    times the view's pixel scale as the dots are). Shorter, it is a stub under a pixel wide, its purple on the
    manifold's: at a fresh run's first iteration (5.8 px at 1280x800, its dots 2.7 px) no student saw one."""
    length_scale: float
    longest: float
    shows_from_px: float


def arrows_drawn(view: ViewConfig) -> bool:
    """Whether the canvas draws the fakes' arrows: both the fakes and their gradients are shown."""
    return view.gradients.visible and view.fake.visible


def arrow_look(view: ViewConfig) -> ArrowLook | None:
    """How the view settings draw the arrows (None: not at all, arrows_drawn)."""
    if not arrows_drawn(view):
        return None
    return ArrowLook(view.gradients.length_scale, view.gradients.longest,
                     view.fake.radius_px + HALO_PX + HEAD_LENGTH_PX)


def longest_arrow_px(snapshot: Snapshot, view: View, look: ArrowLook) -> float:
    """The longest of the snapshot's arrows as the canvas draws them (gradients.drawn_offsets), in `view`'s
    pixels (0: none)."""
    gradient = shown_gradient(snapshot)
    if gradient is None or not len(gradient):
        return 0.0
    offsets = drawn_offsets(gradient, look.length_scale, look.longest, data_side(snapshot.data_rect))
    return float((offsets / torch.from_numpy(view.world_per_px)).norm(dim=1).max())


def measured(before: Snapshot, after: Snapshot, view: View, arrows: ArrowLook | None = None) -> StepChange:
    """How far the fakes moved on `view`'s pixels, how much D's output changed over the heatmap's cells where
    both snapshots probed the same grid, and whether any arrow, drawn as `arrows` says (None: not drawn), showed
    before or after."""
    fakes_px = fakes_moved_px(before.fake, after.fake, view)
    seen = None if arrows is None else max(longest_arrow_px(snapshot, view, arrows) for snapshot in (before, after)
                                           ) > arrows.shows_from_px * view.pixel_scale
    old, new = before.heatmap, after.heatmap
    d_output = None
    if old is not None and new is not None and old.rect == new.rect and old.values.shape == new.values.shape:
        change = float((new.values - old.values).abs().max())
        d_output = change if change == change else None  # NaN: not a number to say
    return StepChange(fakes_px, d_output, seen)


class StepGlide:
    """The glide's clock and the last step's change, followed frame by frame (Lab.on_gui)."""

    def __init__(self) -> None:
        self.clock = MorphAnimation(duration_s=GLIDE_S)  # the overview's morph clock: d3's easing
        self.change: StepChange | None = None  # what the last step changed
        self._last: tuple | None = None  # the last frame's snapshot, (run, rewound), (iteration, stepped, phase)
        self._before_step: Snapshot | None = None  # the picture the last step started from

    def follow(self, frame: LabFrame, playing: bool, view: Callable[[], View], now: float,
               arrows: ArrowLook | None = None) -> bool:
        """Take the frame's snapshot; returns whether a glide starts now (a step moved the fakes or their arrows).
        `playing`: at full speed (slow motion is a walk of steps); `view()`: the main canvas pane's, on the frame's
        data rectangle (made only where a step is measured); `arrows`: how the canvas draws the arrows (None:
        not at all)."""
        step, shown = (frame.iteration, frame.stepped, frame.phase), (frame.run, frame.timeline.rewound)
        last, self._last = self._last, (frame.snapshot, shown, step)
        # a step from a rewound lab comes back to the present first: its picture is no step's from the one shown
        if playing or frame.timeline.rewound or last is None or last[1] != shown:
            self._forget_the_step()
            return False
        before, _, last_step = last
        new_step = step[:2] != last_step[:2] or step[2] is not last_step[2]
        if frame.snapshot is before:
            if new_step:  # its picture not probed yet (a CPU's probe takes frames): the last step's words are not
                # its own; measured from the same picture once it is
                self._last, self.change = (before, shown, last_step), None
            return False
        if frame.stepped is None and frame.phase is None:  # a picture no step made (U's revert to the last good
            self._forget_the_step()  # state): shown at once, not glided to from the step's places
            return False
        glides = moved(before, frame.snapshot)
        if glides or new_step:  # not the same step's picture refined
            self._before_step, self.change = before, measured(before, frame.snapshot, view(), arrows)
        elif self.change is not None:  # its picture probed again: zoomed in, the fakes moved more pixels, the
            # arrows grew; D's change is the first probe's (the zoomed grid holds other places)
            self.change = replace(measured(self._before_step, frame.snapshot, view(), arrows),
                                  d_output=self.change.d_output)
        if glides:  # a step in mid-glide (a held key) glides on at speed: eased in anew, the fakes stood still
            self.clock.start(now, ease_cubic_out if self.clock.playing(now) else ease_cubic_in_out)
        return glides

    def _forget_the_step(self) -> None:
        """Nothing to say of a step, nor to glide: an older one's words and places went."""
        self.clock.started_at, self.change, self._before_step = None, None, None

    def value(self, now: float) -> float:
        """The glide to draw at `now`: 1 (the new places) when none is under way."""
        return self.clock.value(now)
