"""Rewinding the lab: which kept iteration is shown instead of the present, and the past run that shows it.

The trainer keeps its whole state at every iteration (core/timeline.py, thinned in its
oldest part under `timeline.memory_mb`). While the lab is rewound, the frame's picture is
probed from a `PastRun` filled from the shown row, with the same prober as the live run,
so the heatmap, manifold, samples and gradients are what was drawn live at that iteration: coarse at once, then
refined in bands once the timeline rests, as after a move of the view (refinement.py).
Training waits: Play and every step go back to the present first ("play continues from
the present"); Branch here continues the run from the shown row instead (core.timeline.branch).

The shown iteration is kept as an iteration number, not a row: rows are renumbered when
the history is thinned, iterations are not. A request for any iteration shows the latest
kept one at or before it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ganlab_gl.core.probes import Prober
from ganlab_gl.core.timeline import PastRun


@dataclass(frozen=True)
class TimelineFacts:
    """What the timeline bar shows, in the frame's read model."""
    first: int  # the oldest kept iteration
    present: int  # the run's iteration
    kept: int  # iterations kept (rows)
    spacing: int  # the oldest kept stretch holds every `spacing`-th iteration or so (1: every iteration exact)
    shown: int | None  # the kept iteration on screen while rewound; None: the present
    note: str | None  # why nothing is kept (timeline.memory_mb = 0, networks too large for the cap)
    iterations: np.ndarray  # (kept,) the kept iterations, increasing

    @property
    def rewound(self) -> bool:
        return self.shown is not None

    def kept_at(self, iteration: int) -> int:
        """The iteration a request for `iteration` shows (Rewind.show): the present from it on, else the latest kept
        one at or before it (the first kept where none is)."""
        if iteration >= self.present or not len(self.iterations):
            return self.present
        return int(self.iterations[max(0, int(np.searchsorted(self.iterations, iteration, side="right")) - 1)])


class Rewind:
    def __init__(self) -> None:
        self.iteration: int | None = None  # the kept iteration shown; None: the present
        self._past: tuple[tuple, PastRun, Prober] | None = None  # (the trainer it copies, its past, prober)
        self._present: tuple | None = None  # (trainer, run, iteration) the shown iteration was picked from

    def follow(self, trainer) -> None:
        """Once per frame: a run that moved on or was replaced since (a restart, a load, a step), or a timeline
        turned off, shows its present again; a shown iteration thinned away (a lower cap) gives way to the kept
        one before it."""
        if self.iteration is None:
            return
        timeline = trainer.timeline
        if self._present != _present_of(trainer) or not len(timeline):
            self.forget()
            return
        self.iteration = timeline.iteration_of(timeline.index_at(self.iteration))

    def show(self, trainer, iteration: int | None) -> str | None:
        """Show the latest kept iteration at or before `iteration` (None, or the present's: the present).
        Returns why it cannot (no timeline), else None."""
        timeline = trainer.timeline
        if iteration is None or iteration >= trainer.iteration_count:
            self.iteration = None
            return None
        if not len(timeline):
            return f"nothing to rewind to: {timeline.note or 'no iteration kept yet'}"
        self.iteration = timeline.iteration_of(timeline.index_at(max(int(iteration), 0)))
        if self.iteration >= trainer.iteration_count:
            self.iteration = None
        self._present = _present_of(trainer)
        return None

    def step(self, trainer, rows: int) -> str | None:
        """Move `rows` kept iterations back (negative) or forward from the one shown (the present counts as
        the last row); forward past the last row is the present."""
        timeline = trainer.timeline
        if not len(timeline):
            return f"nothing to rewind to: {timeline.note or 'no iteration kept yet'}"
        iterations = timeline.iterations
        here = (len(iterations) - 1 if self.iteration is None
                else int(np.searchsorted(iterations, self.iteration, side="right")) - 1)
        target = here + rows
        return self.show(trainer, None if target >= len(iterations) else int(iterations[max(target, 0)]))

    def at_the_end(self, trainer, rows: int, walking: bool = False) -> str | None:
        """Why `rows` kept iterations from the one shown lead nowhere: forward from the present, or back from the
        first kept iteration (said, as the key would otherwise do nothing); None where they move. `walking`: an
        iteration is half walked, which a rewind finishes first, so the present moves on by one."""
        if rows > 0 and self.iteration is None:
            return f"at the present: nothing kept beyond iteration {trainer.iteration_count:,}"
        kept = trainer.timeline  # emptied by a cap of 0 set this frame, before `follow` shows the present
        shown = trainer.iteration_count + walking if self.iteration is None else self.iteration  # the present: 0
        if rows < 0 and len(kept) and shown <= kept.iteration_of(0):
            return f"at the first kept iteration, {shown:,}: nothing kept before it"
        return None

    def row(self, trainer) -> int:
        """The shown iteration's timeline row (rewound only)."""
        return trainer.timeline.index_at(self.iteration)

    def prober(self, trainer) -> tuple[PastRun, Prober]:
        """The past run at the shown iteration and its prober. Filled again only when the shown iteration or the
        history changes (a resting rewound view costs no probe: its weights keep their versions)."""
        key = (id(trainer), trainer.run_id, trainer.iteration_count, len(trainer.timeline))
        if self._past is None or self._past[0] != key:
            past = PastRun(trainer)
            self._past = (key, past, Prober(past))
        _, past, prober = self._past
        if past.iteration_count != self.iteration:
            past.show(self.row(trainer))
        return past, prober

    def forget(self) -> None:
        """Back to the present and drop the copies (a new run, a load: they belong to the old one)."""
        self.iteration, self._past = None, None

    def facts(self, trainer) -> TimelineFacts:
        timeline = trainer.timeline
        kept = len(timeline)
        return TimelineFacts(first=timeline.iteration_of(0) if kept else trainer.iteration_count,
                             present=trainer.iteration_count, kept=kept, spacing=timeline.widest_gap,
                             shown=self.iteration, note=timeline.note, iterations=timeline.iterations)


def _present_of(trainer) -> tuple:
    return id(trainer), trainer.run_id, trainer.iteration_count
