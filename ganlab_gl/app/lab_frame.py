"""The read model: one immutable view of the run per frame, what every panel draws from.

The controller builds it at the end of each frame (`Controller.frame()`); panels receive
it and never a Trainer or a Controller, so a trainer swapped by a load, a restart or a
pre-trained model is noticed in one place. Histories are read by column name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from ganlab_gl.core.snapshot import Rect, Snapshot, StuckKind
from ganlab_gl.core.trainer import Phase

from .recovery import InterruptedSave
from .refinement import Resolution
from .rewind import TimelineFacts
from .timeline_export import ExportSizes


@dataclass(frozen=True)
class DatasetFacts:
    name: str
    mixture_of_modes: bool  # mode-coverage metrics apply
    modes: int  # components of the mixture (0 for curves)
    file: str = ""  # the imported file's path (data.name = file)
    user_points: int = 0  # a drawing's or an imported file's points


@dataclass(frozen=True)
class Columns:
    """Named columns of a metric history, read-only (`losses["d_loss"]`)."""
    names: tuple[str, ...]
    rows: np.ndarray  # (T, len(names)), oldest first

    def __post_init__(self) -> None:
        self.rows.setflags(write=False)

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self.names:
            raise KeyError(f"no column {name!r}; columns: {', '.join(self.names)}")
        return self.rows[:, self.names.index(name)]

    def __len__(self) -> int:
        return self.rows.shape[0]


@dataclass(frozen=True)
class StepChange:
    """What the last step changed on the canvas, measured from the snapshots before and after it (step_glide.py)."""
    fakes_px: float  # the farthest a fake moved, in the canvas's pixels
    d_output: float | None  # the most D's output (a critic's score) changed over the heatmap; None: its grid moved
    # Whether any fake's arrow, before or after the step, showed past its dot (step_glide.ArrowLook); None: the
    # canvas draws no arrows
    arrows_seen: bool | None = None


@dataclass(frozen=True)
class RunFrame:
    """One run of a comparison (comparison.py) as a frame shows it: its pane and its chart lines."""
    tag: str  # comparison.TAGS: "A" (the main run), "B", "C", "E"
    label: str  # the settings this run differs in: "log loss (main)" / "WGAN-GP loss"
    snapshot: Snapshot
    iteration: int
    losses: Columns
    evals: Columns
    loss_scale: str  # the units its losses are in (losses.GanLoss.scale): a chart's runs of one scale share a y axis


@dataclass(frozen=True)
class LabFrame:
    snapshot: Snapshot
    run: tuple[int, int]  # (trainers swapped in, run_id): changes on a restart, a load or a pre-trained model
    iteration: int  # the shown iteration: the present, or the kept one the lab is rewound to
    phase: Phase | None  # the phase last shown by slow motion or phase stepping
    shown_losses: Mapping[str, float]  # "D"/"G": the loss the overview shows (this walk's loss phase, else the last)
    losses: Columns  # iteration, d_loss, g_loss
    evals: Columns  # iteration, kl, js, hq_fraction, modes_captured, reverse_kl
    dataset: DatasetFacts
    view_rect: Rect  # what the canvas shows: the user's zoom or pan, else data_view
    data_view: Rect  # the automatic view of the real data and the fakes (what the overview's pictures show)
    diverged: bool
    iterations_per_second: float
    device_note: str
    device: str  # "CPU" or "GPU": where the run trains (core.device.processor)
    pretrained: str | None  # the preset whose shipped model is loaded
    resolution: Resolution  # manifold and heatmap cells on screen, and those asked (refinement.py)
    timeline: TimelineFacts  # kept iterations and the one shown while rewound (rewind.py)
    evaluation_every: int  # metrics.every: the iterations between evaluations (divergences, mode coverage)
    exporting: str = ""  # the timeline export in progress, for the toolbar ("" when none)
    export_sizes: ExportSizes | None = None  # the Export dialog's file sizes, measured (timeline_export.py)
    lr_scale: float | None = None  # the learning rates' share of their settings under train.lr_decay_end; None: none
    lr_decay_end: int = 0  # train.lr_decay_end: where the rates reach 0 and play stops (0: never)
    comparison: tuple[RunFrame, ...] = ()  # compare: every run's pane and chart lines, the main run first; () alone
    # The manual step (the trainer's "iteration", "d_step" or "g_step") that made the shown iteration, until play, a
    # phase, a rewind or another run moves on: the text under the graph says what it changed
    stepped: str | None = None
    loss_name: str = "log"  # train.loss, the loss the run trains with now: its loss chart marks that loss's stalemate
    # The pre-trained model as it ships, not a step taken on it: the text under the graph says play trains on top of it
    pretrained_as_shipped: bool = False
    step_change: StepChange | None = None  # what the last step changed, where the lab measured it (step_glide.py)
    probe_seconds: float = 0.0  # what this frame's band of a probe too large for a frame took (refinement.BandBudget)
    # The live run's stall (Snapshot.stuck) where it has lasted controller.STALL_LASTS iterations: a moment of it is
    # no stall (a healthy run's D silent at every fake for 25 iterations)
    stalled: StuckKind | None = None
    interrupted: tuple[InterruptedSave, ...] = ()  # an earlier lab's interrupted saves to open or dismiss (files panel)

    def loss(self, network: str) -> float:
        return self.shown_losses.get(network, math.nan)

    @property
    def counted_iteration(self) -> int:
        """The iteration the toolbar's counter and lecture mode's status say: during a phase walk the one walked,
        as GAN Lab counts (its counter read 1 through iteration 1's phases; ours, the trainer's count, the iteration
        before, and jumped as the walk ended), else `iteration`."""
        return self.iteration if self.phase is None else self.phase.iteration
