"""The controller: each frame, move the trainer and the view to where AppState says.

It applies settings (live edits in place, restarts with a notice), serves the queued
requests through the one dispatcher (it registers the trainer side of the action table:
stepping, slow motion, reset, revert, datasets and presets, drawing, sessions, view
moves; the lab registers the window side), and returns the frame's read model
(`LabFrame`), which is all the panels see. While the lab plays, training runs on the
trainer's own thread (training_thread.py) between frames; the frame holds the trainer
while it does all of the above, so the picture shows the state of the moment it is drawn.
It imports the training core and nothing from GL or ImGui, so it is tested without a window.
"""

from __future__ import annotations

import shlex
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import numpy as np
import torch

from ganlab_gl import resources, runs
from ganlab_gl.core import atomic, checkpoint, datasets
from ganlab_gl.core import device as device_choice
from ganlab_gl.core.experiments import experiment_notice, running_experiment, with_experiment
from ganlab_gl.core.losses import shown_d_loss
from ganlab_gl.core.presets import PRESETS, data_title, preset_notice, with_preset
from ganlab_gl.core.probes import Prober, covers
from ganlab_gl.core.settings import SETTINGS_BY_KEY, GanConfig, SettingError
from ganlab_gl.core.snapshot import Rect, Snapshot, StuckKind
from ganlab_gl.core.timeline import PastRun, branch
from ganlab_gl.core.trainer import PHASES, Phase, Trainer, TrainingDiverged
from ganlab_gl.core.wording import counted
from ganlab_gl.render import animate
from ganlab_gl.render.layer_table import CANVAS_LAYERS

from .actions import OPENING_ON_IT, TRAINER, Action, Dispatcher, Handler, Refused, SessionOpening, key_of
from .comparison import RUN_FOLDER, Comparison, ComparedRun, StaleComparison, describe, parse_overrides
from .lab_frame import Columns, DatasetFacts, LabFrame
from .outputs import INTERRUPTED_NAME, SESSION_NAME, STATE_FILE, BackgroundWrite, claim_folder, user_path
from .recovery import NOTICE_TOPIC, InterruptedSave, mark_seen, startup_notice, unseen_saves
from .state import AppState, Notice, Question, edit_words
from .view_fit import (MAX_ZOOM_IN, MAX_ZOOM_OUT, AutomaticTarget, AutoView, automatic_view, limited_view, overlapping,
                       zoom_within_limits)
from .refinement import BandBudget, BandedProbe, Refinement, Resolution, probe_budget, probe_scene
from .rewind import Rewind
from .timeline_export import VIDEO_SIZES, ExportRequest, TimelineExport, parse_video_size
from .training_thread import TrainingThread

ZOOM_STEP = 1.25
PAN_STEP = 0.1  # of the view's width
DRAWING_RECT = (0.0, 0.0, 1.0, 1.0)
RATE_WINDOW_S = 0.5  # the shown iterations/s: iterations trained over at least this much wall time


def pretrained_dir(dataset: str) -> Path | None:
    """assets/pretrained/<dataset>/ when a model ships for it (scripts/train_pretrained.py makes them)."""
    try:
        return resources.asset_path(f"pretrained/{dataset}")
    except FileNotFoundError:
        return None


def zoom_rect(rect: Rect, factor: float, centre: tuple[float, float] | None = None) -> Rect:
    """Scale rect by 1/factor about `centre` (default: its middle): factor > 1 zooms in."""
    x0, y0, x1, y1 = rect
    cx, cy = centre if centre is not None else ((x0 + x1) / 2, (y0 + y1) / 2)
    return (cx + (x0 - cx) / factor, cy + (y0 - cy) / factor, cx + (x1 - cx) / factor, cy + (y1 - cy) / factor)


def pan_rect(rect: Rect, dx_fraction: float, dy_fraction: float) -> Rect:
    x0, y0, x1, y1 = rect
    dx, dy = (x1 - x0) * dx_fraction, (y1 - y0) * dy_fraction
    return (x0 + dx, y0 + dy, x1 + dx, y1 + dy)


# Iterations a stall (Snapshot.stuck) must last before the lab calls it one: a healthy Disjoint run (seed 2) was
# silent at every fake for up to 25 and the words said "Stuck" over it; real stalls lasted 175 to 9,875 unbroken
# (bench/stuck.py, docs/TRAINING.md)
STALL_LASTS = 100


class StallWatch:
    """Since when the live run's snapshots have shown one stall, without a break, a new run or a step back."""

    def __init__(self) -> None:
        self._since: tuple[tuple[int, int], StuckKind, int] | None = None  # (run, kind, first iteration seen)

    def seen(self, run: tuple[int, int], iteration: int, kind: StuckKind | None) -> StuckKind | None:
        """`kind` where the snapshots of `run` have shown it for STALL_LASTS iterations up to `iteration`, else None."""
        if kind is None:
            self._since = None
            return None
        if self._since is None or self._since[:2] != (run, kind) or iteration < self._since[2]:
            self._since = (run, kind, iteration)
        return kind if iteration - self._since[2] >= STALL_LASTS else None


def _heatmap_covers(snapshot: Snapshot, overview: Rect | None) -> bool:
    """Whether the heatmap the overview's pictures draw covers their view."""
    probe = snapshot.overview_heatmap or snapshot.heatmap
    return overview is None or probe is None or covers(probe.rect, overview)


ERROR_LINE_CHARS = 150  # an internal error's message in its notice, at most (the traceback has it whole)


# Asked over a pre-trained model with steps taken, these leave the run it set aside as it is: unticking it goes back to
# that run, a branch or a revert changes the pre-trained run only; the others replace both (a reset replaces only the
# pre-trained run where it goes back to the shipped model: Controller._reset_to_shipped). The run set aside is the
# pre-trained model's (Controller._before_pretrained), not the run kept for Ctrl+Z (KeptRun).
KEEP_THE_RUN_SET_ASIDE = (Action.USE_PRETRAINED, Action.BRANCH, Action.REVERT)
STEP_NOTICE = "step"  # the topic of a manual step's notice: the next step takes it down
# The topic of a NaN's notices ("training paused: D loss became nan...", "training is paused on a NaN: revert
# first"): taken down as the run leaves the NaN (a revert, reset, branch, new run), where they stood up to 15 s over
# the reverted run playing on, in red
DIVERGED_NOTICE = "diverged"
# The topics of two hints on how to go on, each taken down once the user does what it says or leaves what it was for:
# slow motion's "Space plays each phase..., Period steps one" (it stood over the canvas while the walk it announced
# played, in lecture mode at 1280x800 over a pane's caption), and "Enter trains on a drawing: 8 ... starts one"
# (over the drawing 8 started)
SLOW_MOTION_HINT = "slow motion hint"
DRAWING_HINT = "drawing hint"
# The topic of "Ctrl+Z brings back the run on ...": taken down as Ctrl+Z brings it back, where with the action's own
# notice and "brought back ..." three stood, each cut to one line ("brought back the run on Two Gaussians at
# iteration 5,06...", the way back to the branch unread)
WAY_BACK_NOTICE = "way back"
STEP_WORDS = {"iteration": "one more", "d_step": "one discriminator update", "g_step": "one generator update"}


@dataclass(frozen=True)
class SessionSave:
    """A session being written on its own thread (Ctrl+S), and what its end tells the lab."""
    writing: BackgroundWrite
    directory: Path
    mark: tuple  # the progress mark of the run it copied: saved, once written
    folders: set[Path]  # that run's own folders (Controller._own_folders), which the folder joins once written
    notice: Notice  # "saving the session to ...", shown until it ends
    written: str  # the notice once it is written


@dataclass(frozen=True)
class KeptRun:
    """A run with unsaved progress that a preset pick, a branch or a comparison replaced, kept whole for Ctrl+Z to
    bring back (one level): the pick asked "Replace the run?" each time a student clicked through the presets, and a
    branch or a comparison asked, then lost the run for good."""
    trainer: Trainer  # its weights, iteration, histories and timeline, untouched since
    config: GanConfig  # the lab's config it ran with
    compared: list[ComparedRun]  # its comparison, each run as it was
    folders: set[Path]  # the folders it was saved to or loaded from (Controller._own_folders)
    view_rect: Rect | None  # the zoom or pan it was shown with
    diverged: bool  # paused on a NaN, waiting for a revert
    pretrained: tuple  # (Controller.pretrained, _before_pretrained, _set_aside_unsaved, whether untouched as shipped)
    title: str  # "the run on Two Gaussians at iteration 1,719", its comparison, any run the pre-trained model set aside


def kept_run_notice(kept: str, still: bool, lost: str | None) -> tuple[str, str]:
    """(what a preset pick says of the run `kept` for Ctrl+Z to bring back, kept `still` from an earlier pick, and
    of the run `lost`, kept before it and now let go; the same in brief, Notice.brief)."""
    back = f"{key_of(Action.UNDO)} {'still brings' if still else 'brings'} back {kept}"
    return (f"{back} (it is not saved){f'; {lost}, kept before it, is not kept' if lost else ''}",
            f"{back}{f'; {lost} is lost' if lost else ''}")


class Controller:
    def __init__(self, state: AppState, clock: Callable[[], float] = time.perf_counter,
                 dispatcher: Dispatcher | None = None, gl_context=None):
        """`dispatcher`: the lab's, shared with the window side; a controller alone makes its own. `gl_context`:
        the lab's, where the Export dialog's size estimate draws the range's first and last frames (None: no
        estimate)."""
        self.state = state
        self.clock = clock
        self.dispatcher = dispatcher or Dispatcher(state.notify)
        self.dispatcher.register(TRAINER, self.handlers())
        self.trainer = Trainer(state.config)
        self.prober = Prober(self.trainer)
        self.walk: object | None = None  # the phase walk in progress (slow motion, phase stepping)
        self.phase: Phase | None = None  # the phase last shown
        self._stepped: tuple[str, tuple[int, int], int] | None = None  # the last manual step, its run and iteration
        self._walk_losses: dict[str, torch.Tensor] = {}  # "D"/"G": the walk's latest loss phase's loss
        self._diverged = False  # training paused on a NaN; the UI offers REVERT
        self.auto_view = AutoView()  # both distributions, followed smoothly, unless the user zooms or pans
        self.automatic_target = AutomaticTarget()  # where auto_view glides to
        self.iterations_last_frame = 0  # trained on the trainer's thread since the previous frame
        self.iterations_per_second = 0.0  # trained iterations over wall time (RATE_WINDOW_S)
        self._rate_mark = (clock(), 0)  # (time, iterations trained by the thread) where the rate's window starts
        self._frame_mark = 0  # iterations trained by the thread at the previous frame
        self._phase_started = 0.0
        self._seconds_per_iteration = 1e-3
        self.pretrained: str | None = None  # the preset whose shipped model is loaded
        self._trainers_taken = 0  # counts trainers swapped in (load, pre-trained): part of the run's identity
        self._before_pretrained: tuple[Trainer, GanConfig] | None = None  # what turning it off brings back
        self._pretrained_mark: tuple | None = None  # the progress mark when it was loaded (untouched: nothing to ask)
        self._set_aside_unsaved = False  # the run the pre-trained model set aside held unsaved progress
        self._last_good_iteration = -1  # -1: keep the next starting state before training from it
        self._saved_mark: tuple | None = None  # the _progress_mark last saved or loaded
        self._paused_to_ask = False  # the run played when the last "not saved" question paused it
        self._asked_load: tuple | None = None  # (the folder's files, what load read there) while "Replace the run?"
        self._live_edits: dict[str, tuple] = {}  # setting -> (value before, value now) of edits not told yet
        self._live_edits_from = ""  # when the first of them took effect, in the notice's words (_edits_take_effect)
        self._own_sessions: tuple[tuple, set[Path]] = ((), set())  # (a run, the folders it was saved to or loaded
        # from, resolved): a save there replaces its own session; another run's is replaced only when agreed
        self._history_rewritten = 0  # branches and reverts so far: part of the progress mark
        self._saving: SessionSave | None = None  # the session save in progress (at most one)
        self._told_outside_drawing: set[Action] = set()  # drawing mode's keys pressed outside it, said once a session
        self._kept: KeptRun | None = None  # the run a preset pick, branch or comparison replaced: Ctrl+Z brings it
        self.interrupted: tuple[InterruptedSave, ...] = ()  # an earlier lab's, found at the start (recovery.py)
        if self._fell_back():  # else the toolbar's speed read-out names the device, the canvas left clear
            self._say_the_device()
        if self.trainer.data_note:
            state.notify(self.trainer.data_note, "warning")
        self.training = TrainingThread(self._train_chunk)
        self.refinement = Refinement()
        self._user_view = state.view_rect  # the zoom or pan of the previous frame: a change means the view moves
        # the previous frame's run, the kept iteration it was rewound to and the canvas's layer settings: a new run,
        # another iteration of the timeline or another layer shown starts coarse
        self._shown: tuple[tuple[int, int], int | None, tuple] | None = None
        self._banded = BandedProbe()  # a probe too large for one frame, a band of it a frame (refinement.py)
        # grid points probed a frame on a CPU run, the main run's and then the compared runs' (None: at once)
        self.probe_band: BandBudget | None = probe_budget()
        self._live: tuple[tuple, PastRun, Prober] | None = None  # (the networks it copies, the copy, its prober)
        self.comparison = Comparison()  # the runs beside the main one, stepped with it (comparison.py)
        self.rewind = Rewind()  # the kept iteration shown instead of the present (the timeline bar)
        self.stalls = StallWatch()  # the live run's stall, for the words under the graph
        self.export = TimelineExport(state.notify, gl_context)

    def close(self) -> None:
        """Stop the trainer's thread (after the iteration in progress) and any export in progress; a session
        save in progress is written whole first."""
        self.finish_save(wait=True)
        self.training.close()
        self.export.close()

    @property
    def _run_identity(self) -> tuple[int, int]:
        """The main run's identity: it changes on a restart, a reset, a load or the pre-trained model."""
        return self._trainers_taken, self.trainer.run_id

    @property
    def view_rect(self) -> Rect:
        """The user's zoom or pan, else the automatic view of both distributions; while drawing, the drawing's square
        (a zoom kept for Escape: drawn on a zoomed canvas, the drawing moved when Done let the zoom go)."""
        if self.state.drawing:
            return DRAWING_RECT
        return self.state.view_rect or self.auto_view.rect or self.trainer.data_rect

    def d_at(self, point: tuple[float, float], run: int = 0) -> float:
        """D's displayed output at one data point (the canvas's hover read-out) in run `run` (0: the main run)."""
        with self.training.hold():
            points = torch.tensor([point], dtype=torch.float32, device=self.trainer.device)
            if run:
                return float(self.comparison.d_values(run, points))
            prober = self.rewind.prober(self.trainer)[1] if self.rewind.iteration is not None else self.prober
            return float(prober.d_values(points))

    # -- the frame --------------------------------------------------------------------
    def frame(self, moving: bool = False, editing: bool = False, drawing: bool = False) -> LabFrame:
        """With the trainer held: take the thread's news, apply state, serve requests, walk slow motion,
        probe. Then let the thread train until the next frame. Returns the frame's read model.
        `moving`: the picture animates (the overview's morph), so it is probed coarse (refinement.py).
        `editing`: a widget is being typed into or dragged, so an edit that restarts the run waits to be let go.
        `drawing`: the canvas is still drawing the last snapshot over several frames: the resolution holds."""
        with self.training.hold():
            self._take_training_news()
            self._tell_compared_runs_done()
            self.export.poll()
            self.finish_save()
            self._apply_config()
            if not editing:
                self._tell_live_edits()  # before what the requests say: they came after the edits
            self.dispatcher.dispatch(self.state.requests)
            self._apply_config()  # what the requests changed
            if not editing:
                self._restart_an_untrained_run()
            self.comparison.share_timelines(self.trainer, self._held_aside())  # before any row is recorded
            self._walk_slow_motion()
            # The live run alone is probed after the hold, from copies of its weights taken now, while the thread
            # trains on (the hold was about a quarter of the trainer's time); the past and compared runs as before.
            probe_outside = self.rewind.iteration is None and not self.comparison
            facts = self._read_facts(moving, live_copy=probe_outside, drawing=drawing)
            frame = None if probe_outside else self._read_pictures(facts)
            if self.state.question is None:  # a load's question answered no (a yes has loaded by now)
                self._asked_load = None
            budget = self._budget_within_the_schedule()
            self.training.run(self.state.playing and not self.state.slow_motion and not self.diverged,
                              budget)
        return frame or self._read_pictures(facts)

    def _budget_within_the_schedule(self) -> int:
        """The frame's iterations, ending at train.lr_decay_end's iteration, where the rates reach 0: playing
        stops there and says how to go on (nothing would move the weights any more)."""
        budget = self.state.view.playback.max_iterations_per_frame
        end = self.trainer.config.train.lr_decay_end
        if not end or self.rewind.iteration is not None:
            return budget
        left = end - self.trainer.iteration_count
        if left <= 0 and self.state.playing:
            self.state.playing = False
            experiment = running_experiment(self.trainer.config)
            self.state.notify((f"experiment {experiment} is done: " if experiment else "")
                              + f"the learning rates reached 0 at iteration {end:,} (train.lr_decay_end), so "
                              "training stopped; raise train.lr_decay_end to train on"
                              + (". Its modes, high-quality share and reverse KL are under the mode coverage chart; "
                                 "docs/TRAINING.md has them measured over seeds" if experiment else "")
                              + (". " + self.comparison.ends_words() if self.comparison else ""))
        return max(1, min(budget, left))

    def _tell_compared_runs_done(self) -> None:
        """A compared run whose schedule ended stops there while the main run trains on: said once as it gets
        there (where the main run is at its own end too, its notice says which runs are done)."""
        main_end = self.trainer.config.train.lr_decay_end
        for run in self.comparison.newly_done():
            if not main_end or self.trainer.iteration_count < main_end:
                self.state.notify(f"run {run.tag} ({run.label}) is done: its learning rates reached 0 at iteration "
                                  f"{run.end:,}, so it stops there while the main run trains on")

    def read_model(self, moving: bool = False) -> LabFrame:
        return self._read_pictures(self._read_facts(moving))

    def _read_facts(self, moving: bool, live_copy: bool = False, drawing: bool = False) -> dict:
        """What the frame reads from the trainer and its history (with the trainer held), and what to probe:
        the past run shown, or with `live_copy` a copy of the live weights (timeline.PastRun.show_present)."""
        trainer = self.trainer
        history = trainer.history
        self.rewind.follow(trainer)
        if self.rewind.iteration is not None:
            source = self.rewind.prober(trainer)
        elif live_copy:
            source = self._live_copy(trainer)
        else:
            source = (trainer, self.prober)
        run = self._run_identity
        # A new run starts coarse, as the lab does: no picture of it to show meanwhile, its asked one was probed and
        # drawn in one frame (seconds at 2048² on a CPU and llvmpipe). So does a rewind to another iteration (or back
        # to the present): each step of the timeline at 1024², compared, held the window over 8 s on 2 cores; a
        # quick scrub stays coarse, and refines in bands where it rests. So does a layer shown or hidden (or one's
        # option changed): at 2048² the picture before stayed on screen while the new one was drawn in bands, the
        # legend saying "hidden: background" 2.5 s and more over the heatmap.
        shown = (run, self.rewind.iteration, self.state.view.fingerprint(CANVAS_LAYERS))  # the layers' settings
        moving = moving or self.state.view_rect != self._user_view or shown != self._shown
        self._user_view, self._shown = self.state.view_rect, shown
        # Playing changes the picture every frame as a moving view does: a 512² manifold and heatmap, probed and
        # drawn anew each frame, held the window at 2-3 frames/s on llvmpipe. Slow motion is for looking: asked.
        playing = self.state.playing and not self.state.slow_motion and self.rewind.iteration is None
        losses = Columns(history.losses.columns, history.losses.array())
        return {
            "source": source, "run": run,
            "shown_losses": self._shown_losses(source[0].iteration_count, losses),
            "resolution": self.refinement.next(trainer.config.probe.manifold_res, trainer.config.probe.heatmap_res,
                                               moving or playing, playing, now=self.clock(),
                                               hold=drawing or self.probing,
                                               kept=self._banded.kept(probe_scene(source[0], self.view_rect),
                                                                      self._covers_overview)),
            "losses": losses,
            "evals": Columns(history.evals.columns, history.evals.array()),
            "timeline": self.rewind.facts(trainer), "exporting": self.export.progress(),
            "export_sizes": self.export.estimate.sizes,
        }

    @property
    def probing(self) -> bool:
        """Whether a probe goes on over frames: the main run's or a compared run's (drawing mode probes none)."""
        return self._banded.probing is not None or (not self.state.drawing and self.comparison.probing)

    def _live_copy(self, trainer: Trainer) -> tuple[PastRun, Prober]:
        """A copy of the live run's networks holding its weights now, and its prober; made again for new networks."""
        key = (id(trainer), trainer.run_id, id(trainer.generator), id(trainer.discriminator))
        if self._live is None or self._live[0] != key:
            copy = PastRun(trainer)
            self._live = (key, copy, Prober(copy))
        _, copy, prober = self._live
        copy.show_present()
        return copy, prober

    def _read_pictures(self, facts: dict) -> LabFrame:
        """The probe and the view that follows it, into the frame's read model."""
        trainer, source, resolution = self.trainer, facts["source"], facts["resolution"]
        dataset, run = trainer.dataset, facts["run"]
        view = self.view_rect
        budget = self.probe_band
        band, allowance = (None, None) if budget is None else (budget.least, budget.units)
        if budget is not None:
            budget.start()
        snapshot, probed = self._probe(resolution, band, allowance, *source)
        resolution = _probed_at(snapshot, resolution)
        # A drawing is made on GAN Lab's unit square; entering or leaving it snaps.
        if self.state.drawing:
            target, widen_only = DRAWING_RECT, False
        else:
            fakes = torch.cat([snapshot.fake, *self.comparison.fakes()]).detach().cpu().numpy()
            target, widen_only = self.automatic_target(dataset.name, trainer.data_rect,
                                                       snapshot.real.detach().cpu().numpy(), fakes,
                                                       dataset.unit_square)
        if self.auto_view.follow(target, (run, self.state.drawing), self.clock(), widen_only):
            view = self.view_rect
            snapshot, probed_again = self._probe(facts["resolution"], band, allowance, *source)  # a new run: its view
            probed += probed_again
            resolution = _probed_at(snapshot, facts["resolution"])
        losses, evals = facts["losses"], facts["evals"]
        compared, probed_compared = ((), 0) if self.state.drawing else self.comparison.frames(
            trainer, snapshot, losses, evals, view, resolution, self.rewind.iteration, band,
            None if allowance is None else allowance - probed)
        if budget is not None:
            budget.took(probed + probed_compared)
        # rewound, the watch waits: a look back at a stuck run's past left it uncalled 100 iterations on its return
        stalled = None if self.rewind.iteration is not None else self.stalls.seen(run, source[0].iteration_count,
                                                                                  snapshot.stuck)
        return LabFrame(
            snapshot=snapshot, run=run, stalled=stalled,
            iteration=source[0].iteration_count, phase=self.phase, shown_losses=facts["shown_losses"],
            losses=losses, evals=evals,
            dataset=DatasetFacts(dataset.name, dataset.is_mixture_of_modes,
                                 len(dataset.centers) if dataset.is_mixture_of_modes else 0,
                                 trainer.config.data.file if dataset.name == "file" else "",
                                 len(dataset.centers) if dataset.name in ("drawing", "file") else 0),
            view_rect=self.view_rect, data_view=self.auto_view.rect, diverged=self.diverged,
            iterations_per_second=self.iterations_per_second,
            device_note=trainer.device_note, device=device_choice.processor(trainer.device),
            pretrained=self.pretrained, resolution=resolution,
            timeline=facts["timeline"], evaluation_every=trainer.config.metrics.every,
            exporting=facts["exporting"], export_sizes=facts["export_sizes"],
            lr_scale=trainer.lr_scale(source[0].iteration_count) if trainer.config.train.lr_decay_end else None,
            lr_decay_end=trainer.config.train.lr_decay_end,
            comparison=compared,
            stepped=self._stepped_here(run, source[0].iteration_count), loss_name=trainer.config.train.loss,
            pretrained_as_shipped=self.pretrained is not None and self._progress_mark() == self._pretrained_mark,
            probe_seconds=0.0 if budget is None or not probed + probed_compared else budget.spent,
            interrupted=self.interrupted)

    def _stepped_here(self, run: tuple[int, int], iteration: int) -> str | None:
        """The manual step that made this run's shown `iteration`, while nothing else has moved the lab since."""
        if (self._stepped is None or self.state.playing or self.phase is not None or self.rewind.iteration is not None
                or self.diverged):
            return None
        step, stepped_run, stepped_iteration = self._stepped
        return step if (stepped_run, stepped_iteration) == (run, iteration) else None

    def _shown_losses(self, iteration: int, losses: Columns) -> dict[str, float]:
        """"D"/"G": the loss the overview shows: during a walk, from its network's loss phase through the
        gradients, that loss; from its update phase, which made all its updates of the iteration, the last update's
        (the one the loss chart records); before its loss phase, the last iteration's; rewound, or where the trainer
        holds no last loss (a load, a branch), the history's last losses at the shown iteration (_recorded_losses).
        The trainer and the walk hold the losses as minimised; D's is shown as the history records it
        (shown_d_loss)."""
        trainer = self.trainer
        train = trainer.config.train
        recorded = _recorded_losses(iteration, losses, {"D": train.d_steps > 0, "G": train.g_steps > 0})
        if self.rewind.iteration is not None:
            return recorded
        shown = {}
        for network, last, as_shown in (("D", trainer.last_d_loss, shown_d_loss), ("G", trainer.last_g_loss, float)):
            tensor = self._walk_losses.get(network, last) if self.walk is not None else last
            shown[network] = recorded[network] if tensor is None else as_shown(float(tensor))
        return shown

    def _probe(self, resolution: Resolution, band: int | None, allowance: int | None, source, prober: Prober
               ) -> tuple[Snapshot, int]:
        """The probe at `resolution` and its grid points probed this frame, or the previous snapshot when nothing
        it shows has changed (the same weights, iteration, view, resolution and settings, and a heatmap still over
        the overview's view, which glides after the data while the canvas is zoomed): a resting, paused view costs
        no probe. A probe of more than `allowance` grid points on a CPU run goes on over several frames, `band` of
        them a step and `allowance` a frame (None: at once), the previous snapshot given meanwhile; a change of what
        it shows drops it (refinement.BandedProbe). `source`: the trainer, or the past run the lab is rewound to;
        `prober` probes it."""
        t = source
        overview = self.auto_view.rect  # what the overview's pictures show, however the canvas is zoomed
        band = band if next(t.generator.parameters()).device.type == "cpu" else None

        def start(band: int | None) -> Iterator:
            return prober.snapshot_in_bands(band, view=self.view_rect, heatmap_res=resolution.heatmap,
                                            manifold_res=resolution.manifold, overview_view=overview)
        return self._banded.snapshot(probe_scene(t, self.view_rect), (resolution.manifold, resolution.heatmap), start,
                                     band, allowance, holds=self._covers_overview)

    def _covers_overview(self, snapshot: Snapshot) -> bool:
        return _heatmap_covers(snapshot, self.auto_view.rect)

    # -- settings ----------------------------------------------------------------------
    def _apply_config(self) -> None:
        changed = self.trainer.config.changed_keys(self.state.config)
        if not changed:
            return
        before = {key: self.trainer.config.get(key) for key in changed if SETTINGS_BY_KEY[key].live}
        if not self._live_edits:
            self._live_edits_from = self._edits_take_effect()
        if self._restart_or_edit(lambda: self.trainer.apply(self.state.config)):
            for key, value in before.items():  # from the value before the first change of a drag
                self._live_edits[key] = (self._live_edits.get(key, (value,))[0], self.trainer.config.get(key))

    def _tell_live_edits(self) -> None:
        """Once the widget is let go: what the live edits changed, from which iteration, and while rewound that
        they went to the present run (they applied silently; a loss switched to lsgan dropped both curves
        unexplained)."""
        edits = [edit_words(key, old, new) for key, (old, new) in self._live_edits.items() if old != new]
        self._live_edits.clear()
        if not edits:
            return
        shown = self.rewind.iteration
        self.state.notify(f"{self._live_edits_from}: {', '.join(edits)}"
                          + (f" (the present run's; the view stays at {shown:,}, where {key_of(Action.BRANCH)} "
                             "branches with them)"
                             if shown is not None else ""))

    def _edits_take_effect(self) -> str:
        """When a live edit made now takes effect, as its notice says it: the trainer's settings change in place,
        so mid-walk (slow motion, phase stepping) the walk's next update uses them; "from iteration 0" there said
        iteration 0 while the counter read 1, the walk at its D gradients phase and D's update still to come, with
        the new rate."""
        if self.walk is not None:  # an iteration half-walked (a walk's last phase ends it: walk is None again)
            return f"from the next update on (iteration {self.phase.iteration:,} is being walked)"
        return f"from iteration {self.trainer.iteration_count:,}"

    def _restart_or_edit(self, change_fn: Callable, notice: str | None = None, brief: str = "") -> bool:
        """Apply a change to the trainer; on a refusal the state's config goes back to the running one.
        Says `notice` when given (`brief`: its Notice.brief), else what restarted. Returns whether the change was
        taken."""
        previous, device_note, dataset = self.trainer.config, self.trainer.device_note, self.trainer.dataset
        try:
            change = change_fn()
        except (datasets.DataError, SettingError) as error:
            self.state.config = previous.copy()
            self.state.notify(str(error), "error")
            return False
        for dropped in self.comparison.match(self.trainer, change.restarted):
            self.state.notify(dropped, "warning")
        if change.restarted:
            self._forget_walk()
            self.diverged = False
            self._last_good_iteration = -1
            self._forget_pretrained()
        if notice or change.restarted:  # a restart in the words of the pending-restart row: "G's hidden layers 2 → 3"
            self.state.notify(notice or "restarted the run: " + ", ".join(
                edit_words(key, previous.get(key), self.trainer.config.get(key)) for key in change.restart_keys),
                "info" if notice else "warning", brief=brief if notice else "")
        if self.trainer.device_note != device_note:
            self._say_the_device()
        if self.trainer.dataset is not dataset and self.trainer.data_note:
            self.state.notify(self.trainer.data_note, "warning")
        if not datasets.same_data(self.trainer.dataset, dataset):
            self.state.view_rect = None  # a zoom into ring8's mode at (-1, -1) stayed over line's [0, 1]
        return True

    def _fell_back(self) -> bool:
        return device_choice.fell_back(self.trainer.config.run.device, self.trainer.device)

    def _say_the_device(self) -> None:
        """Where the run trains, in a notice: a warning where run.device=cuda found no CUDA GPU and it trains on the
        CPU, which a researcher timing or comparing runs must not miss."""
        self.state.notify(self.trainer.device_note, "warning" if self._fell_back() else "info")

    @property
    def diverged(self) -> bool:
        """Training paused on a NaN: play and the steps wait for a revert or reset."""
        return self._diverged

    @diverged.setter
    def diverged(self, diverged: bool) -> None:
        if self._diverged and not diverged:
            self.state.retire(DIVERGED_NOTICE)
        self._diverged = diverged

    # -- requests ------------------------------------------------------------------------
    def handlers(self) -> dict[Action, Handler]:
        """The trainer side of the action table; each receives the request's argument."""
        present, seen = self._present_first, self._not_while_drawing
        return {
            Action.PLAY_PAUSE: seen(present(lambda _: self._toggle_play())),
            Action.STEP: seen(present(lambda _: self._step("iteration"))),
            Action.FORWARD: lambda _: self._forward(),
            Action.STEP_D: seen(present(lambda _: self._step("d_step"))),
            Action.STEP_G: seen(present(lambda _: self._step("g_step"))),
            Action.STEP_PHASE: seen(present(lambda _: self._step_phase())),
            Action.SLOW_MOTION: lambda _: self._toggle_slow_motion(),
            Action.RESET: lambda _: self._reset(),
            Action.REVERT: seen(present(lambda _: self._revert())),
            Action.SHOW_ITERATION: self._show_iteration,
            Action.SCRUB: self._scrub,
            Action.BRANCH: seen(lambda _: self._branch()),
            Action.OPEN_EXPORT: lambda _: self._open_export(),
            Action.EXPORT_TIMELINE: self._export,
            Action.STOP_EXPORT: lambda _: self.export.stop(),
            Action.MEASURE_EXPORT: self._measure_export,
            Action.CONFIRM_RESTART: lambda _: self._restart_now(),
            Action.DISCARD_RESTART: lambda _: self.state.pending_restart.clear(),
            Action.PICK_DATASET: seen(self._pick_dataset),
            Action.PICK_EXPERIMENT: seen(self._pick_experiment),
            Action.USE_PRETRAINED: seen(self._use_pretrained),
            Action.START_DRAWING: lambda _: self._start_drawing(),
            Action.LEAVE_DRAWING: lambda _: self._leave_drawing(),
            Action.FINISH_DRAWING: lambda _: self._finish_drawing(),
            Action.UNDO: lambda _: self._undo(),
            Action.IMPORT_FILE: seen(lambda path: self._import(path or self.state.import_path)),
            Action.COMPARE_ADD: seen(lambda text: self._compare_add(text or self.state.compare_text)),
            Action.COMPARE_REMOVE: self._compare_remove,
            Action.COMPARE_CLEAR: lambda _: self._compare_clear(),
            Action.SAVE: self._save_asked,
            Action.LOAD: seen(self._load_asked),
            Action.DISMISS_INTERRUPTED: lambda folder: self._set_aside_interrupted(folder, "dismissed"),
            Action.OPEN_INTERRUPTED: lambda _: self._open_interrupted(),
            Action.RESET_VIEW: seen(lambda _: self._set_view(None)),
            Action.ZOOM_IN: seen(lambda centre: self._zoom(ZOOM_STEP, centre)),
            Action.ZOOM_OUT: seen(lambda centre: self._zoom(1 / ZOOM_STEP, centre)),
            Action.PAN_LEFT: seen(lambda _: self._set_view(pan_rect(self.view_rect, -PAN_STEP, 0))),
            Action.PAN_RIGHT: seen(lambda _: self._set_view(pan_rect(self.view_rect, PAN_STEP, 0))),
            Action.PAN_UP: seen(lambda _: self._set_view(pan_rect(self.view_rect, 0, PAN_STEP))),
            Action.PAN_DOWN: seen(lambda _: self._set_view(pan_rect(self.view_rect, 0, -PAN_STEP))),
            Action.DRAG_VIEW: seen(lambda fractions: self._set_view(pan_rect(self.view_rect, *fractions))),
        }

    def _set_view(self, rect: Rect | None) -> None:
        self.state.view_rect = None if rect is None else overlapping(rect, self._home_view())

    def _automatic_view(self) -> Rect:
        """The automatic view the next frame snaps to on the run just taken (the view it follows once it is shown)."""
        snapshot = self.prober.snapshot(heatmap_res=1, manifold_res=1, gradients=False)  # the samples alone
        return automatic_view(self.trainer.dataset.name, self.trainer.data_rect, snapshot.real.cpu().numpy(),
                              snapshot.fake.cpu().numpy(), self.trainer.dataset.unit_square)

    def _home_view(self) -> Rect:
        """The automatic view, which the zoom limits and the pan's reach are measured against."""
        return self.auto_view.rect or self.trainer.data_rect

    def _zoom(self, factor: float, centre: tuple[float, float] | None) -> None:
        limited = zoom_within_limits(self.view_rect, factor, self._home_view())
        if limited != factor:
            way, limit = ("in", MAX_ZOOM_IN) if factor > 1 else ("out", MAX_ZOOM_OUT)
            self.state.notify(f"zoomed {way} as far as it goes: {limit:,.0f}x the data's view "
                              f"({key_of(Action.RESET_VIEW)} resets the view)")
        self._set_view(zoom_rect(self.view_rect, limited, centre))

    # -- the timeline: rewind, branch, export ------------------------------------------------
    def _not_while_drawing(self, handler: Handler) -> Handler:
        """While drawing, the canvas shows the stroke alone: what would train the run behind it unseen (N, D and G
        did) or replace the drawing unasked (another dataset, a file, a session) waits until it is finished or left,
        and so does a zoom or pan (the drawing is made on the square it trains on, GAN Lab's fixed canvas)."""
        def once_drawn(argument: object) -> None:
            if self.state.drawing:
                self.state.notify(f"finish the drawing first: {_how_drawing_ends()}", "warning")
                return
            handler(argument)
        return once_drawn

    def _present_first(self, handler: Handler) -> Handler:
        """Training acts on the present: a rewound lab comes back to it first (play continues from the present)."""
        def from_the_present(argument: object) -> None:
            if self.rewind.iteration is not None:
                self.rewind.forget()
                self.state.notify(f"back to the present, iteration {self.trainer.iteration_count:,}")
            handler(argument)
        return from_the_present

    def _show_iteration(self, which: object) -> None:
        """Show the latest kept iteration at or before `which` (an iteration, "first", or "present" / None)."""
        which = {"first": 0, "present": None}.get(which, which) if isinstance(which, str) else which
        if which is not None and (isinstance(which, bool) or not isinstance(which, (int, np.integer))):
            self.state.notify(f"show iteration: expected an iteration, 'first' or 'present', got {which!r}", "error")
            return
        if which is None:
            self.rewind.forget()
        elif self._ready_to_rewind():
            self._refused(self.rewind.show(self.trainer, int(which)))

    def _scrub(self, rows: object) -> None:
        """`rows` kept iterations back (negative) or forward from the one shown."""
        if isinstance(rows, bool) or not isinstance(rows, (int, np.integer)):
            self.state.notify(f"scrub: expected a whole number of kept iterations, got {rows!r}", "error")
        elif end := self.rewind.at_the_end(self.trainer, int(rows), self.walk is not None):  # before play pauses
            self._refused(end)
        elif self._ready_to_rewind():
            self._refused(self.rewind.step(self.trainer, int(rows)))

    def _forward(self) -> None:
        """Right: the next kept iteration while rewound (the last one leads to the present), else one trained."""
        if self.rewind.iteration is not None:
            self._scrub(1)
        else:
            self._not_while_drawing(lambda _: self._step("iteration"))(None)

    def _ready_to_rewind(self) -> bool:
        """Whether there is a timeline to rewind through; if so, play pauses and a half-walked iteration is
        finished first (whole iterations are kept), before the shown one is picked."""
        timeline = self.trainer.timeline
        if not len(timeline):
            self.state.notify(f"nothing to rewind to: {timeline.note or 'no iteration kept yet'}", "warning")
            return False
        self.state.playing = False
        self._finish_walk(": the timeline keeps whole iterations")
        return True

    def _refused(self, refusal: str | None) -> None:
        if refusal:
            self.state.notify(refusal, "warning")

    def _branch(self) -> None:
        """Continue the run from the shown iteration with the current settings: weights, optimizer moments,
        batch cursors and RNG as they were there; the later iterations are dropped (asked first if unsaved)."""
        shown = self.rewind.iteration
        if shown is None:
            self.state.notify(f"branch: rewind first (the timeline bar, {key_of(Action.SCRUB, -1)} or "
                              f"{key_of(Action.SHOW_ITERATION, 'first')}), then branch from there", "warning")
            return
        dropped = self.trainer.iteration_count - shown
        if not self._may_discard(Action.BRANCH, None, f"Branch at iteration {shown:,}, dropping the "
                                 f"{counted(dropped, 'iteration')} after it ({key_of(Action.UNDO)} brings "
                                 f"{'them' if dropped > 1 else 'it'} back)",
                                 "Branch", title="Branch here?"):
            return
        kept_before, replaced = self._keep_for_undo(rewriting=True)
        branch(self.trainer, self.rewind.row(self.trainer))
        # The sessions it was saved to or loaded from hold the dropped iterations: a Ctrl+S there asks before
        # replacing them (saved, the branch asked nothing, and the next Ctrl+S wrote the branch over the save)
        self._own_folders().clear()
        self.rewind.forget()
        self._forget_walk()
        self.diverged = False
        self._history_rewritten += 1  # a different run from here on, whatever its iteration count
        self._last_good_iteration = -1
        self._keep_start_state()  # the branch point is the state to revert to, not the dropped future
        self._bring_compared_runs()  # they branch at the same iteration (a NaN there pauses again)
        self.state.notify(f"branched at iteration {shown:,} with the current settings "
                          f"({counted(dropped, 'later iteration')} dropped); play continues from here")
        self._tell_the_way_back(kept_before, replaced)

    def _open_export(self) -> None:
        """Ctrl+E: the Export dialog, as the timeline bar's Export... button opens it (one dialog, reached both ways;
        Ctrl+E once exported the last range, or every kept iteration after asking, with no format, size or range
        to pick). The bar is the desk's: hidden panels are shown for it; lecture mode has none."""
        if self.export.busy():
            return
        if self.state.view.display.lecture_mode:
            self.state.notify(f"export: the Export dialog is on the desk's timeline bar; leave lecture mode "
                              f"({key_of(Action.LECTURE)}) first", "warning")
            return
        if not self.state.view.display.panels:
            self.state.edit("display.panels", True)
        self.state.help_open = False  # it would cover the dialog
        self.state.export_dialog_wanted = True

    def _export(self, out: object) -> None:
        """The range the Export dialog picked (`state.timeline_range`; None: every kept iteration) as a video, as
        `ganlab-gl animate` writes it (timeline_export.py)."""
        if self.export.busy():  # before anything is asked: its yes would be refused
            return
        timeline = self.trainer.timeline
        if len(timeline) < 2:
            self.state.notify(f"nothing to export yet: {timeline.note or 'train a few iterations first'}", "warning")
            return
        kept = (timeline.iteration_of(0), self.trainer.iteration_count)
        first, last = self.state.timeline_range or kept
        first, last = max(first, kept[0]), min(last, kept[1])  # a range picked in an earlier run may lie beyond
        if first > last:
            self.state.notify(f"export: iterations {self.state.timeline_range[0]:,} to "
                              f"{self.state.timeline_range[1]:,} are not kept; this run keeps {kept[0]:,} to "
                              f"{kept[1]:,}", "warning")
            return
        path, size = self.state.output_path("export_path", out), self.state.export_size
        try:  # what `ganlab-gl animate` would refuse, said now rather than after the run is saved for it
            runs.check_output_file(path, "export:", (".mp4", ".gif"))
        except runs.UserError as error:
            self.state.notify(str(error), "error")
            return
        frames = len(animate.frames_in_range(self.trainer, first, last))
        if path.suffix.lower() == ".gif" and animate.gif_bytes(frames, parse_video_size(size)) > animate.GIF_MAX_BYTES:
            self.state.notify(f"export: a GIF of {frames:,} frames at {size} needs more than "
                              f"{animate.GIF_MAX_BYTES // 2**30} GiB in memory; export an .mp4, a smaller size or a "
                              "shorter range (Export... picks them)", "error")
            return
        if path.exists() and not self.state.agreed(Action.EXPORT_TIMELINE, out):
            self.state.playing = False  # the range holds still while it is asked
            self.state.ask(f"{path.resolve()} exists; the export replaces it.", "Replace", Action.EXPORT_TIMELINE,
                           out, title="Replace the file?")
            return
        self.export.start(self.trainer, ExportRequest(path, int(first), int(last), self.view_rect,
                                                      self._shown_layers(), size, self.state.to_json()),
                          self.comparison)

    def _shown_layers(self) -> tuple[str, ...]:
        return tuple(name for name in CANVAS_LAYERS if self.state.view.get(f"{name}.visible"))

    def _measure_export(self, range_and_size: object) -> None:
        """The Export dialog's estimate: the frames of first..last and the file's size in each format at `size`."""
        try:
            first, last, size = range_and_size
            if size not in VIDEO_SIZES or not all(isinstance(end, (int, np.integer)) for end in (first, last)):
                raise ValueError
        except (TypeError, ValueError):
            self.state.notify(f"measure the export: expected (first, last, one of {', '.join(VIDEO_SIZES)}), got "
                              f"{range_and_size!r}", "error")
            return
        self.export.estimate.measure(self.comparison.panes(self.trainer), int(first), int(last), size, self.view_rect,
                                     self.state.view)

    def _paused_on_a_nan(self) -> bool:
        """Whether the run waits for a revert or reset, said in one line: play and the manual steps do nothing
        then (a held N trained on NaN weights, each step saying "training paused" anew)."""
        if self.diverged:
            self.state.notify("training is paused on a NaN: revert (or reset) first", "warning",
                              topic=DIVERGED_NOTICE)
        return self.diverged

    def _toggle_play(self) -> None:
        """Play and pause; play at full speed finishes a half-walked iteration first (the thread trained whole
        iterations past it while its last phase stayed on screen, counted at the walk's iteration)."""
        if self._paused_on_a_nan():
            return
        self.state.playing = not self.state.playing
        self.state.retire(SLOW_MOTION_HINT)  # "Space plays each phase": it plays
        self._phase_started = self.clock()
        if self.state.playing and not self.state.slow_motion:
            self._finish_walk(", then plays at full speed")

    def _toggle_slow_motion(self) -> None:
        self.state.slow_motion = not self.state.slow_motion
        self._phase_started = self.clock()
        if not self.state.slow_motion:
            self.state.retire(SLOW_MOTION_HINT)  # its "Space plays each phase" no longer holds
            self._finish_walk()
        elif not self.state.playing:  # paused, the tick alone showed nothing happen
            self.state.notify(f"slow motion: {key_of(Action.PLAY_PAUSE)} plays each phase of an iteration in turn, "
                              f"{key_of(Action.STEP_PHASE)} steps one", topic=SLOW_MOTION_HINT)

    def _step(self, step: str) -> None:
        """A manual step (the trainer's `iteration`, `d_step` or `g_step`) pauses play, finishes any half-walked
        iteration, then steps every run. A finished walk is told: the step trained the rest of it first, and the phase
        went out."""
        self.state.playing = False
        if self._paused_on_a_nan():
            return
        self.state.retire(STEP_NOTICE)  # the last step's ("..., then one discriminator update") describes another
        self._finish_walk(f", then {STEP_WORDS[step]}")
        self._guarded(getattr(self.trainer, step), step)
        self._stepped = (step, self._run_identity, self.trainer.iteration_count)

    def _step_phase(self) -> None:
        self.state.playing = False
        if not self._paused_on_a_nan():
            self.state.retire(STEP_NOTICE)
            self.state.retire(SLOW_MOTION_HINT)  # "Period steps one": done
            self._advance_phase()

    def _advance_phase(self) -> None:
        """Show the next phase, starting a new iteration's walk when one ends."""
        for _ in range(2):  # a finished walk gets one fresh start; an empty one (0 D and 0 G steps) has none
            if self.walk is None:
                self.walk, self._walk_losses = self.trainer.walk(), {}
            try:
                self.phase = self._guarded(lambda: next(self.walk))
                if self.phase is not None and self.phase.name == "loss":
                    self._walk_losses[self.phase.network] = self.phase.tensors["loss"]
                if self.phase is not None and self.phase.name == PHASES[-1]:  # the trainer's last loss, of the last
                    self._walk_losses.pop(self.phase.network, None)  # update it made, is the one the chart records
                if self.phase is not None and self.phase.last:  # counted and kept as it is shown: the timeline bar
                    walk, self.walk = self.walk, None  # and the charts showed the walked iteration only at the next
                    self._guarded(lambda: next(walk, None))  # step, which "finished the iteration in progress first"
                return
            except StopIteration:
                self.walk = None
        self.phase = None
        self.state.notify("nothing to step through: train.d_steps and train.g_steps are both 0", "warning")

    def _finish_walk(self, then: str = "") -> None:
        """Train the rest of a half-walked iteration; `then` (what comes next) says so where there was one."""
        if self.walk is not None:
            walk, self.walk = self.walk, None
            self._guarded(lambda: [None for _ in walk])
            if then:
                self.state.notify(f"finished the iteration in progress first (iteration "
                                  f"{self.trainer.iteration_count:,}){then}", topic=STEP_NOTICE)
        self.phase = None

    def _forget_walk(self) -> None:
        self.walk, self.phase = None, None

    def _reset(self) -> None:
        """R: a new run from the seed, taking the waiting edits; over the pre-trained model, that model as it ships
        (its weights, iteration, histories and training config), as GAN Lab's Reset reloads it while its box is
        ticked."""
        waiting = self.state.waiting_edits()  # a reset at iteration 0 takes them (_restart_an_untrained_run)
        shipped = self._reset_to_shipped()
        replacement = ("Reset it to the pre-trained model as it ships" if shipped else
                       "Reset it to a new run from the seed" + (f", taking the waiting edits ({waiting})" if waiting
                                                                else ""))
        if not self._may_discard(Action.RESET, None, replacement, "Reset", keeping_set_aside=shipped is not None):
            return
        if shipped is None:
            self._start_afresh()
            self.state.notify(self._reset_words())
        elif self._load_shipped(shipped):
            self.state.notify(f"reset: the pre-trained model as it ships, at iteration "
                              f"{self.trainer.iteration_count:,}")

    def _reset_words(self) -> str:
        """What a reset to a new run says. Without edits waiting it is the same run again, the same weights from the
        same seed (same seed, same losses): GAN Lab's Reset draws new weights, so a student who reset Disjoint's
        collapsed run to try again watched it collapse again, with no word why; it says so, and what trains another."""
        seed = self.state.pending_restart.get("run.seed", self.state.config.run.seed)
        if self.state.pending_restart:
            return f"reset: new run from seed {seed}, taking the waiting edits"
        return f"reset: the same run again, from seed {seed} (another seed, under All settings, trains another)"

    def _reset_to_shipped(self) -> str | None:
        """The preset whose shipped model a reset goes back to: the one in use, unless edits wait for a restart,
        which its weights cannot take (GAN Lab's box unticks on such an edit): then a new run from the seed takes
        them. None: a new run from the seed."""
        return None if self.state.pending_restart else self.pretrained

    def _start_afresh(self) -> None:
        """Every run back to iteration 0, new weights from the seed, paused."""
        self._forget_walk()
        self.rewind.forget()
        self.trainer.reset()
        self.comparison.reset()
        self._forget_pretrained()
        self._last_good_iteration = -1
        self.diverged = False
        self.state.playing = False

    def _revert(self) -> None:
        """U: back to the last good state. After a NaN that is its purpose; otherwise it drops the iterations
        since, so over unsaved progress it asks first, as a reset does. An iteration being walked phase by phase
        goes with them, said in the question and after (the phase went out with only "reverted to iteration N")."""
        good = self.trainer.good_iteration
        dropped = self.trainer.iteration_count - (good or 0)
        leaving_the_walk = "leaving the iteration being walked phase by phase" if self.walk is not None else None
        if (not self.diverged and good is not None and dropped > 0
                and not self._may_discard(Action.REVERT, None, f"Revert to the last good state, iteration {good:,}, "
                                          f"dropping the {counted(dropped, 'iteration')} after it"
                                          + (f" and {leaving_the_walk}" if leaving_the_walk else ""),
                                          "Revert", title="Revert?")):
            return
        if self.trainer.revert_to_good_state():
            self._history_rewritten += 1
            walked = f", {leaving_the_walk}" if leaving_the_walk else ""
            self._forget_walk()
            self.diverged = False
            self._bring_compared_runs()  # they go back to the same iteration (a NaN there pauses again)
            if not self.diverged:
                self.state.notify(f"reverted to iteration {self.trainer.iteration_count:,}{walked}")
        else:
            self.state.notify(f"no good state kept yet: {key_of(Action.REVERT)} undoes a NaN by going back to the last "
                              f"one; to look back, rewind ({key_of(Action.SCRUB, -1)} or the timeline bar)", "warning")

    def _restart_now(self) -> None:
        """The editor's "Restart now": the pending edits, asked first over unsaved progress as a reset is; a run
        that played before the question plays on (it paused only while asked)."""
        pending = self.state.waiting_edits()
        if pending and self._may_discard(Action.CONFIRM_RESTART, None, f"Restart it with {pending}, a new run",
                                         "Restart"):
            resume, self._paused_to_ask = self._paused_to_ask, False
            self._confirm_restart()
            self.state.playing = self.state.playing or (resume and not self.state.drawing)  # never behind a drawing

    def _restart_an_untrained_run(self) -> None:
        """Edits that restart the run apply at once while it has not trained (as GAN Lab applies every edit):
        nothing would be lost. Not over a pre-trained model, a rewound view or a half-walked iteration, and not a
        data file or drawing (a file's name and path are edited apart and neither builds a run alone; a drawing
        needs its points): Restart now takes those."""
        pending = self.state.pending_restart
        if (pending and self.trainer.iteration_count == 0 and self.pretrained is None and self.rewind.iteration is None
                and self.walk is None and pending.get("data.name") not in ("file", "drawing")
                and "data.file" not in pending):
            self._confirm_restart()

    def _confirm_restart(self) -> bool:
        """Apply the pending edits; a preset picked among them first brings its training config
        (as GAN Lab reloads it on every pick), and the other pending edits go on top. Returns whether they were
        taken."""
        pending = dict(self.state.pending_restart)
        self.state.pending_restart.clear()
        picked = pending.get("data.name")
        config = self.state.config.copy()
        if picked in PRESETS:
            config = with_preset(config, picked)
        for key, value in pending.items():
            config.set(key, value)
        said, brief = ((preset_notice(picked, graph_beside=True), preset_notice(picked, brief=True))
                       if picked in PRESETS else (None, ""))
        if self._restart_or_edit(lambda: self.trainer.apply(config), said, brief):
            self.state.config = config
            return True
        self.state.pending_restart.update(pending)  # refused (a data file that cannot be read): the edits wait on,
        return False  # to be fixed, not typed again

    def _pick_dataset(self, name: str) -> None:
        """A dataset key, thumbnail or the data panel: the editor's path (validated), restarting at once. Nothing is
        asked: a run with unsaved progress is kept for Ctrl+Z to bring back (`_run_to_keep`), as a student clicks
        through the presets freely in GAN Lab; play goes on, on the new run."""
        try:
            GanConfig.settings()["data.name"].validate(name)
            self.state.edit("data.name", name)
        except SettingError as error:
            self.state.notify(str(error), "error")
            return
        self.state.drawing = False
        running = name == self.trainer.config.data.name
        if "data.name" not in self.state.pending_restart:  # the running dataset: pick its config afresh
            self.state.pending_restart["data.name"] = name
        kept_before, replaced = self._keep_for_undo()
        if replaced is not None:
            self._make_room()
        if not self._confirm_restart():  # refused (the edits wait on, said): the run on screen comes back
            if replaced is not None:
                pending = dict(self.state.pending_restart)
                self._bring_back(replaced, keep_replaced=False)
                self._kept = kept_before
                self.state.pending_restart.update(pending)
            return
        if running and self.trainer.iteration_count:  # its config changed nothing that restarts: a new run, as asked
            self._start_afresh()
        self._tell_the_way_back(kept_before, replaced)  # the pick's own notice (the preset's) said what the new run is

    def _keep_for_undo(self, rewriting: bool = False) -> tuple[KeptRun | None, KeptRun | None]:
        """Before an action replaces the run on screen: (the run kept for Ctrl+Z so far, the run on screen, now kept
        in its place where it holds unsaved progress, else None and the run kept so far stays). The caller then makes
        room for the new run (`_make_room`), or, `rewriting` it in place (a branch), goes on with the run on screen:
        copies of it are kept."""
        kept_before, replaced = self._kept, self._run_to_keep(copied=rewriting)
        if replaced is not None:
            self._kept = replaced
        return kept_before, replaced

    def _tell_the_way_back(self, kept_before: KeptRun | None, replaced: KeptRun | None) -> None:
        """After the action's own notice, which said what the new run is (on the canvas with it for 5 s as the fresh
        fakes begin to move), the way back where a run is kept: one run is, so one kept over unsaved progress lets
        the one kept before go, said (a lecturer going through two presets lost the first run without a word)."""
        if self._kept is None:
            return
        lost = kept_before.title if replaced is not None and kept_before is not None else None
        text, brief = kept_run_notice(self._kept.title, self._kept is not replaced, lost)
        self.state.notify(text, brief=brief, topic=WAY_BACK_NOTICE)

    def _run_to_keep(self, copied: bool = False) -> KeptRun | None:
        """The run on screen, whole, with its comparison, for Ctrl+Z to bring back, where it holds unsaved progress
        (the rule of `_may_discard`); else None. A half-walked iteration is finished first: the timeline keeps whole
        ones. `copied`: copies of the runs, which stay on screen to be rewritten in place (a branch); that leaves the
        run a pre-trained model set aside where it is, so its progress alone keeps nothing, and the title leaves it
        out."""
        if not self._unsaved_progress(keeping_set_aside=copied):
            return None
        self._finish_walk()
        own = "" if copied else self._set_aside_own()
        compared = self.comparison.described()
        trainer, runs = (self.trainer.copy(), self.comparison.copies()) if copied else (self.trainer,
                                                                                         list(self.comparison.runs))
        return KeptRun(trainer, self.state.config.copy(), runs, set(self._own_folders()), self.state.view_rect,
                       self.diverged,
                       (self.pretrained, self._before_pretrained, self._set_aside_unsaved,
                        self.pretrained is not None and self._progress_mark() == self._pretrained_mark),
                       f"the run on {_run_title(self.trainer)}" + (f", compared with {compared}" if compared else "")
                       + (f" and {own}" if own else ""))

    def _held_aside(self) -> list[Trainer]:
        """The runs held off screen, each with its timeline: the one the pre-trained model set aside, and the run
        kept for Ctrl+Z with its comparison and the run it had set aside."""
        set_aside = [self._before_pretrained]
        if self._kept is not None:
            set_aside.append(self._kept.pretrained[1])
        aside = [trainer for trainer, _ in filter(None, set_aside)]
        return aside + ([self._kept.trainer, *(run.trainer for run in self._kept.compared)] if self._kept else [])

    def _make_room(self) -> None:
        """A new trainer of the same settings (and new compared runs) in place of the kept ones, for the restart
        that follows to rebuild: a restart rebuilds the trainer it is given in place. Play and the edits waiting
        for the restart stay as they were, as over a run that kept nothing."""
        playing, pending = self.state.playing, dict(self.state.pending_restart)
        self._take_trainer(Trainer(self.state.config, dataset=self.trainer.dataset), self.state.config)
        self.comparison.renew(self.trainer)
        self._forget_pretrained()
        self.state.playing, self.state.pending_restart = playing, pending

    def _bring_back(self, kept: KeptRun, keep_replaced: bool = True) -> None:
        """The kept run in place of the one on screen, as it was, paused; the one on screen kept in its turn where
        it holds unsaved progress and `keep_replaced` (a second Ctrl+Z goes back to it)."""
        replaced = self._run_to_keep() if keep_replaced else None
        self._take_trainer(kept.trainer, kept.config)
        self.comparison.take(self.trainer, kept.compared)
        self.pretrained, self._before_pretrained, self._set_aside_unsaved, as_shipped = kept.pretrained
        self._pretrained_mark = self._progress_mark() if as_shipped else None
        self.diverged = kept.diverged
        self._own_sessions = (self._run_identity, kept.folders)
        self.state.view_rect = kept.view_rect
        self._kept = replaced

    def _pick_experiment(self, name: str) -> None:
        """The data panel's experiment list: a research protocol from iteration 0, over the view, probe, metric and
        run settings (the seed stays); it replaces the edits waiting for Restart, as it sets every training key."""
        try:
            config = with_experiment(self.state.config, name)
        except SettingError as error:
            self.state.notify(str(error), "error")
            return
        if not self._may_discard(Action.PICK_EXPERIMENT, name, f"Start experiment {name}, a new run",
                                 f"Start {name}"):
            return
        self.state.drawing = False
        dropped = self.state.waiting_edits()
        self.state.pending_restart.clear()
        notice = experiment_notice(name) + (f" (in place of the edits waiting for Restart: {dropped})" if dropped
                                            else "")
        if not self._restart_or_edit(lambda: self.trainer.apply(config), notice):
            return
        self.state.config = config
        if self.trainer.iteration_count or self.pretrained is not None:  # only live keys differed: still a new run
            self._start_afresh()

    def _use_pretrained(self, on: object) -> None:
        """GAN Lab's "use pre-trained model": the shipped weights of the current preset, trained with its
        training config; nothing else changes. Off brings back the run that was there before."""
        wanted = not self.pretrained if on is None else bool(on)
        if wanted and self.comparison.runs:
            self.state.notify("clear the comparison first: pre-trained weights exist for the main run only", "warning")
            return
        if not wanted:
            if self._before_pretrained is not None:
                own = self._before_pretrained[0]
                stepped_on_it = self._progress_mark() != self._pretrained_mark
                if stepped_on_it and not self._may_discard(
                        Action.USE_PRETRAINED, on, f"Go back to your own run on {_run_title(own)}", "Go back"):
                    return
                self._take_trainer(*self._before_pretrained)
                self.state.notify(f"back to your own run on {_run_title(self.trainer)}")
            self._forget_pretrained()
            return
        name = self.state.config.data.name
        if self.pretrained == name:  # loaded again, it would set aside the shipped model in place of the user's run
            return
        before = (self.trainer, self.state.config.copy())
        unsaved = self._unsaved_progress()  # it holds still while set aside
        if self._load_shipped(name):
            self._before_pretrained, self._set_aside_unsaved = before, unsaved
            if on != OPENING_ON_IT:
                self.state.notify(f"{preset_notice(name, graph_beside=True)}: pre-trained model at iteration "
                                  f"{self.trainer.iteration_count:,}")

    def _load_shipped(self, name: str) -> bool:
        """The shipped model of preset `name` in place of the run on screen (the toggle, and a reset over it), with
        the preset's training config; nothing else changes. False, said in a notice, where none ships or it cannot
        be read."""
        path = pretrained_dir(name)
        if path is None or name not in PRESETS:
            self.state.notify(f"no pre-trained model ships for {data_title(name)}", "warning")
            return False
        try:
            trainer = checkpoint.load(path, device=self.state.config.run.device)
        except (checkpoint.CheckpointError, OSError) as error:
            self.state.notify(str(error), "error")
            return False
        config = with_preset(self.state.config, name)
        for key in trainer.config.changed_keys(config):  # what the weights were built with wins over the rest
            if not GanConfig.settings()[key].live:
                config.set(key, trainer.config.get(key))
        trainer.apply(config)  # the live ones: probes, metrics
        self._take_trainer(trainer, config)
        self.pretrained = name
        self._pretrained_mark = self._progress_mark()  # steps on the shipped model are the user's to lose
        return True

    def _forget_pretrained(self) -> None:
        self.pretrained, self._before_pretrained = None, None

    def _take_trainer(self, trainer: Trainer, config: GanConfig) -> None:
        self.trainer, self.prober = trainer, Prober(trainer)
        self.rewind.forget()
        self._trainers_taken += 1
        self.state.config = config.copy()
        self.state.pending_restart.clear()
        self.state.playing = False
        self._last_good_iteration = -1
        self._forget_walk()
        self.diverged = False

    def _start_drawing(self) -> None:
        """Drawing mode, on the strokes a drawing left unfinished (Escape) where there are some: an Escape pressed to
        leave a text field, or a click on Leave (then Cancel), threw them away at the next 8. A drawing trained on
        starts afresh."""
        if self.state.drawing:  # 8 again: the strokes stay (Clear starts over)
            self.state.notify(f"drawing already: {_how_drawing_ends()}, Clear starts over")
            return
        self.state.drawing, self.state.playing = True, False
        self.state.retire(DRAWING_HINT)  # "Enter trains on a drawing: 8 ... starts one": it started
        if self.state.drawn_points:
            self.state.notify(f"drawing on from the {counted(len(self.state.drawn_points), 'point')} left "
                              "unfinished (Clear starts over)")

    def _undo(self) -> None:
        """Ctrl+Z. In drawing mode the last stroke or Clear taken back. Outside it, the run a preset pick, a branch or
        a comparison replaced brought back (`_bring_back`), the one it replaces kept in its turn; where none is kept,
        nothing, said once (`_tell_outside_drawing`)."""
        if self.state.drawing:
            if not self.state.undo_drawing():
                self.state.notify("nothing to undo in the drawing", "warning")
            return
        kept = self._kept
        if kept is None:
            self._tell_outside_drawing(Action.UNDO, "undoes a drawing's last stroke")
            return
        self._bring_back(kept)
        self.state.retire(WAY_BACK_NOTICE)
        self.state.notify(f"brought back {kept.title}, paused"
                          + (f"; {key_of(Action.UNDO)} goes back to {self._kept.title}" if self._kept else
                             " (the run it replaced held nothing unsaved)"))

    def _tell_outside_drawing(self, action: Action, does: str) -> None:
        """Drawing mode's key for `action` pressed outside it did nothing to see: what it `does` and how drawing
        starts, said once a session, as it may be pressed by reflex (each time, it nagged: "drawing: needs at least
        2 points" at every Enter)."""
        if action in self._told_outside_drawing:
            return
        self._told_outside_drawing.add(action)
        self.state.notify(f"{key_of(action)} {does}: {key_of(Action.START_DRAWING)} (Draw your own) starts one",
                          topic=DRAWING_HINT)

    def _leave_drawing(self) -> None:
        self.state.drawing = False
        if self.state.drawn_points:
            self.state.notify(f"left the drawing: its {counted(len(self.state.drawn_points), 'point')} wait for "
                              f"{key_of(Action.START_DRAWING)}")

    def _finish_drawing(self) -> None:
        """Train on the drawing: a new run, asked first over unsaved progress once the drawing would do. Outside
        drawing mode nothing, said once (`_tell_outside_drawing`)."""
        if not self.state.drawing:
            self._tell_outside_drawing(Action.FINISH_DRAWING, "trains on a drawing")
            return
        points = np.array(self.state.drawn_points, dtype=np.float64).reshape(-1, 2)
        try:
            datasets.validate_points(points, "drawing")
        except datasets.DataError as error:
            self.state.agreed(Action.FINISH_DRAWING)  # a yes to the drawing as it was is not kept for later
            how = "; drag on the canvas to draw them" if len(points) < 2 else ""  # Enter at once said only "got 0"
            self.state.notify(f"{error}{how}", "error")
            return
        if not self._may_discard(Action.FINISH_DRAWING, None, "Train on the drawing, a new run", "Train on it"):
            return
        new_config = self.state.config.copy()

        def train_on_the_drawing():  # through `set`, validated: a refused brush spread is a notice, as any edit
            new_config.set("data.name", "drawing")
            new_config.set("data.brush_spread", self.state.brush_spread)
            return self.trainer.apply(new_config, drawing=points)

        if self._restart_or_edit(train_on_the_drawing,
                                 f"training a new GAN on your drawing ({len(points):,} points)"):
            self.state.config = new_config
            self.state.drawing = False
            self.state.drawn_points = []  # trained on: the next drawing starts afresh, as GAN Lab's
            self.state.drawing_undo.clear()

    def _import(self, text: object) -> None:
        """Read the file `text` names (user_path) now, every time: the same path edited since (or broken since) is
        news. A file that reads then asks first over unsaved progress, as every action that replaces the run does."""
        path = str(text).strip()
        try:
            path = str(user_path(text))
            points = datasets.load_points(path)
        except (datasets.DataError, Refused) as error:
            self.state.agreed(Action.IMPORT_FILE, path)  # a yes to the file as it was is not kept for later
            self.state.notify(str(error), "error")
            return
        if not self._may_discard(Action.IMPORT_FILE, path, f"Import {path}, a new run", "Import"):
            return
        new_config = self.state.config.copy()
        new_config.set("data.name", "file")
        new_config.set("data.file", str(path))
        if self._restart_or_edit(lambda: self.trainer.apply(new_config, drawing=points),
                                 f"imported {len(points):,} points from {path}"):
            self.state.config = new_config

    # -- comparison (comparison.py keeps the runs) ----------------------------------------
    def _compare_add(self, text: object) -> None:
        """Another run: the main settings with `text`'s overrides. Every run then starts together from the seed
        (asked first over unsaved progress, as a reset is)."""
        try:
            overrides = parse_overrides(str(text))
            self.comparison.check_new(self.trainer.config, overrides)
        except SettingError as error:
            self.state.notify(str(error), "error")
            return
        if not self._may_discard(Action.COMPARE_ADD, text, f"Compare with {self.comparison.next_tag}: "
                                 f"{describe(overrides)}, every run restarting from iteration 0 "
                                 f"({key_of(Action.UNDO)} brings this one back)", "Start the comparison"):
            return
        kept_before, replaced = self._keep_for_undo()
        if replaced is not None:
            self._make_room()
        self._start_afresh()
        run = self.comparison.add(self.trainer, overrides)
        self.state.notify(f"comparing {len(self.comparison) + 1} runs from iteration 0: "
                          f"{run.tag} has {run.label}")
        self._tell_the_way_back(kept_before, replaced)

    def _bring_compared_runs(self) -> None:
        """The compared runs to the main run's iteration after it moved back (a revert, a branch); a NaN on the
        way pauses as a step's does."""
        self._guarded(lambda: None)

    def _compare_remove(self, index: object) -> None:
        try:
            if isinstance(index, bool):
                raise TypeError(index)
            run = self.comparison.remove(self.trainer, int(index))
        except (SettingError, TypeError, ValueError) as error:
            self.state.notify(str(error) if isinstance(error, SettingError) else f"compare: no run {index!r}", "error")
            return
        self.state.notify(f"stopped comparing with {run.label}")

    def _compare_clear(self) -> None:
        self.comparison.clear(self.trainer)
        self.state.notify("back to the main run alone")

    # -- sessions ---------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        """Take the session now (the run, the compared runs, the lab's state: checkpoint.contents) and write it on a
        thread of its own, as the export writes the run (outputs.BackgroundWrite): a full timeline is 64 MB, which
        held the window 1.2 s where it wrote them. A lasting notice says it is being saved; `finish_save` tells how
        it ended."""
        self.finish_save(wait=True)  # one at a time: a second Ctrl+S takes the run once the first is written
        if self.diverged or not self.trainer.parameters_finite():
            self.state.notify(f"not saved: the weights hold NaN or Inf; revert ({key_of(Action.REVERT)}) or reset "
                              f"({key_of(Action.RESET)}) first", "error")
            self.state.saved(False)
            return
        try:  # said now, before the run is taken for a write that would fail
            runs.check_folder(directory, "could not save to")
        except runs.PathError as error:
            self.state.notify(str(error), "error")
            self.state.saved(False)
            return
        try:
            stored, compared = checkpoint.contents(self.trainer), self.comparison.contents()
        except TrainingDiverged as error:
            self._on_diverged(f"{error}; not saved")
            self.state.saved(False)
            return
        state_text = self.state.to_json()

        def write() -> None:
            checkpoint.write(stored, directory)
            Comparison.write(directory, compared)
            atomic.write_text(directory / STATE_FILE, state_text)

        shown = self.rewind.iteration
        written = (f"saved the session to {directory.resolve()} at iteration {self.trainer.iteration_count:,}"
                   + (f" (the present; the view is rewound to {shown:,})" if shown is not None else ""))
        notice = self.state.notify(f"saving the session to {directory.resolve()}...", lasting=True)
        self._saving = SessionSave(BackgroundWrite(write, "ganlab-session-save"), directory, self._progress_mark(),
                                   self._own_folders(), notice, written)

    @property
    def saving(self) -> bool:
        """Whether a session save (Ctrl+S) is still being written."""
        return self._saving is not None and not self._saving.writing.done()

    def finish_save(self, wait: bool = False) -> None:
        """Once the session save in progress is written (`wait`: wait for it first), say so or why it failed; a
        written one marks its run saved and the folder as the run's own."""
        saving = self._saving
        if saving is None or not (saving.writing.wait() if wait else saving.writing.done()):
            return
        self._saving = None
        self.state.withdraw(saving.notice)
        error = saving.writing.error
        if error is None:
            self._saved_mark = saving.mark
            saving.folders.add(saving.directory.resolve())
            self.state.wrote(saving.written)
        else:
            advice = runs.write_advice(error)
            self.state.notify(f"could not save to {saving.directory} ({runs.write_reason(error)}); the run is not saved"
                              + (f": {advice}" if advice else ""), "error")
        self.state.saved(error is None)

    def save_target(self, path: object = None) -> tuple[Path, str | None]:
        """Where a save of `path` (None: the session folder) goes, and the other run it would replace there (None:
        none). The default folder holding another lab's run steps aside to the next free session-2, session-3...
        (every lab saves there first: one run silently replaced another's)."""
        directory = self.state.output_path("session_path", path)
        if not self._holds_another_run(directory):
            return directory, None
        if path is None and directory == self.state.output_folder / SESSION_NAME:
            numbered = (directory.with_name(f"{SESSION_NAME}-{k}") for k in range(2, 10_000))
            return next(d for d in numbered if not self._holds_another_run(d)), None
        return directory, checkpoint.describe(directory) or "a run that cannot be read"

    def _holds_another_run(self, directory: Path) -> bool:
        return (directory / checkpoint.CHECKPOINT_FILE).exists() and directory.resolve() not in self._own_folders()

    def _own_folders(self) -> set[Path]:
        """The folders the running run was saved to or loaded from; none once it is replaced (a restart, a reset,
        another dataset, a load, the pre-trained model): the session saved before holds another run then."""
        run = self._run_identity
        if self._own_sessions[0] != run:
            self._own_sessions = (run, set())
        return self._own_sessions[1]

    def _save_asked(self, path: object) -> None:
        """Ctrl+S, the Save button, "Save and quit": a folder holding another run is replaced only when agreed."""
        directory, replaced = self.save_target(path)
        if replaced is not None and not self.state.agreed(Action.SAVE, path):
            self.state.ask(f"{directory.resolve()} holds another saved session ({replaced}). Replace it with this "
                           f"run ({_run_title(self.trainer)})? The files panel's session folder names another folder.",
                           "Replace it", Action.SAVE, path, title="Replace the saved session?")
            return
        if path is None:
            self.state.session_path = str(directory)  # a stepped-aside default stays this lab's session folder
        self.save(directory)

    def _load_asked(self, given: object) -> None:
        """LOAD's argument: a folder (none: the files panel's session folder), or the command line's SessionOpening,
        whose settings go over the session's own."""
        if isinstance(given, SessionOpening):
            self.load(user_path(given.folder), given.settings)
        else:
            self.load(self.state.output_path("session_path", given))

    def load(self, directory: Path, settings: tuple[tuple[str, object], ...] = ()) -> None:
        """Reads checkpoint and view state into a candidate and swaps only when both are valid; on any fault
        the running session stays as it was, and nothing is asked. Unsaved progress is replaced only when the
        user agrees (the question names the run it would load). `settings` (key, value): view settings and those
        that only watch the run, set over the session's own once it is loaded, every compared run's too."""
        self.finish_save(wait=True)  # the folder may be the one being written
        asked, self._asked_load = self._asked_load, None
        try:
            files = _folder_files(directory)
            if asked is not None and asked[0] == files:  # read while its question was asked, and unchanged since
                trainer, compared, stale, state_text = asked[1]
            else:
                trainer, compared, stale, state_text = self._read_session(directory)
        except (ValueError, OSError) as error:  # CheckpointError and SettingError are ValueErrors, as is bad UTF-8
            self.state.agreed(Action.LOAD, directory)  # a yes to the session as it was is not kept for later
            text = " ".join(str(error).split())
            self.state.notify(text if str(directory) in text else f"{directory}: cannot load ({text})", "error")
            return
        asked_for = SessionOpening(directory, settings) if settings else directory  # what a yes queues again
        if not self._may_discard(Action.LOAD, asked_for, f"Load {directory} ({_run_title(trainer)}) in its place",
                                 "Load it"):
            self._asked_load = (files, (trainer, compared, stale, state_text))  # a yes loads it without reading again
            return
        if state_text is not None:
            self.state.load_json(state_text, str(directory / STATE_FILE))
        self._forget_pretrained()
        self._take_trainer(trainer, trainer.config)
        self.comparison.take(self.trainer, compared)
        over = self._set_over_the_session(settings)
        if self.state.view_rect is not None:  # a hand-edited file's view, as the zoom and pan could have left it
            self.state.view_rect, note = limited_view(self.state.view_rect, self._automatic_view(),
                                                      str(directory / STATE_FILE))
            if note is not None:
                self.state.notify(note, "warning")
        self._saved_mark = self._progress_mark()
        self._own_folders().add(directory.resolve())
        self.state.notify(f"loaded {directory} at iteration {trainer.iteration_count:,}"
                          + (f" (given over its settings: {', '.join(over)})" if over else ""))
        if stale is not None:
            self.state.notify(f"{stale}: a save stopped part-way; loaded the main run alone", "warning")
        self._set_aside_interrupted(directory, "opened")

    def _set_over_the_session(self, settings: tuple[tuple[str, object], ...]) -> list[str]:
        """The settings given over a session just loaded, set on it and its compared runs as a live edit is, but
        at once: what each changed (edit_words), for the load's notice to say."""
        before = {key: self.state.value(key) for key, _ in settings}
        for key, value in settings:
            self.state.edit(key, value)
        self.trainer.apply(self.state.config)
        self.comparison.match(self.trainer, restarted=False)
        return [edit_words(key, before[key], value) for key, value in settings if before[key] != value]

    def find_interrupted_saves(self) -> None:
        """At the lab's start: the interrupted saves an earlier lab left in the output folder, not opened or dismissed
        since (recovery.unseen_saves), listed in the files panel and named in one notice, which the first opened or
        dismissed takes down."""
        self.interrupted = unseen_saves(self.state.output_folder)
        text = startup_notice(self.interrupted)
        if text:
            self.state.notify(text, "warning", topic=NOTICE_TOPIC)

    def _open_interrupted(self) -> None:
        """The newest interrupted save that can be opened (the files panel's first Open), loaded by the one load
        request its button makes; none: said, and nothing changes."""
        save = next((save for save in self.interrupted if save.title is not None), None)
        if save is None:
            self.state.notify("no interrupted save to open: none found at the start, or each opened or dismissed "
                              "since", "warning")
            return
        self.state.request(Action.LOAD, save.folder)

    def _set_aside_interrupted(self, folder: object, how: str) -> None:
        """An interrupted save found at the start, opened (a load of its folder, whichever way) or dismissed (the
        files panel), marked so and listed no more; a mark that cannot be written is said, and it stays listed."""
        directory = user_path(folder).resolve()
        save = next((save for save in self.interrupted if save.folder == directory), None)
        if save is None:
            if how == "dismissed":  # a request for a folder the list no longer holds: nothing to mark
                self.state.notify(f"{directory}: no interrupted save to dismiss there", "warning")
            return
        self.state.retire(NOTICE_TOPIC)
        failed = mark_seen(save, how)
        if failed is not None:
            self.state.notify(failed, "error")
            return
        self.interrupted = tuple(kept for kept in self.interrupted if kept is not save)
        if how == "dismissed":
            self.state.notify(f"dismissed the interrupted save in {directory}, left there as it is (ganlab-gl "
                              f"{shlex.quote(str(directory))} opens it)")

    def _read_session(self, directory: Path) -> tuple:
        """(trainer, compared runs, a stale comparison's error or None, state.json's text or None), each checked;
        ValueError or OSError where anything is damaged."""
        stale = state_text = None
        trainer = checkpoint.load(directory, device=self.state.config.run.device)
        try:
            compared = Comparison.load(directory, trainer, self.state.config.run.device)
        except StaleComparison as error:  # the main run is whole: load it, and say what was left out
            compared, stale = [], error
        state_file = directory / STATE_FILE
        if state_file.is_file():
            state_text = state_file.read_text(encoding="utf-8")
            AppState(output_folder=self.state.output_folder).load_json(state_text, str(state_file))  # a check
        return trainer, compared, stale, state_text

    @property
    def progress_mark(self) -> tuple:
        """The run's progress as a save sees it: a window let close before it moved on asks again (Lab.on_close)."""
        return self._progress_mark()

    def _progress_mark(self) -> tuple:
        """What a save or load saw; a branch or a revert rewrites history, so the same iteration can be new."""
        return (id(self.trainer), self.trainer.run_id, self.trainer.iteration_count, self._history_rewritten)

    def _may_discard(self, action: Action, argument: object, replacement: str, yes: str,
                     title: str = Question.title, keeping_set_aside: bool | None = None) -> bool:
        """Whether an action that replaces the run may go ahead: nothing unsaved, or the user said yes to
        this very request. Otherwise it asks, naming the run, what replaces it and where Ctrl+S saves.
        `keeping_set_aside`: the action keeps the run a pre-trained model set aside (default: by its kind, as
        KEEP_THE_RUN_SET_ASIDE says; a reset does where it goes back to the shipped model)."""
        if keeping_set_aside is None:
            keeping_set_aside = action in KEEP_THE_RUN_SET_ASIDE
        if not self._unsaved_progress(keeping_set_aside):
            self._paused_to_ask = False  # no question, so nothing paused for one (a cancelled one's is stale)
            return True
        if self.state.agreed(action, argument):
            return True
        self._paused_to_ask = self.state.playing
        self.state.playing = False  # the run the question names holds still while it is asked
        unsaved = self._set_aside_words() or (f"The run on {_run_title(self.trainer)} is not saved "
                                              f"({key_of(Action.SAVE)} saves it to {self._save_note()})")
        if not keeping_set_aside:
            unsaved += self._also_set_aside()
        self.state.ask(f"{unsaved}. {replacement}?", yes, action, argument, title=title)
        return False

    def _set_aside_words(self) -> str | None:
        """Where the unsaved progress is the run an untouched pre-trained model set aside, which saving does not
        save (the question named the shipped model, 'The run on Two Gaussians at iteration 8,000 is not saved
        (Ctrl+S saves it ...)': saved as told, the user's own run was still lost): words naming that run and how to save
        it; else None."""
        if self._shown_run_unsaved() or not self._set_aside_own():
            return None
        own = self._set_aside_own()
        return (f"{own[0].upper()}{own[1:]}, is not saved (untick Use pre-trained model to go back to it; then "
                f"{key_of(Action.SAVE)} saves it)")

    def _also_set_aside(self) -> str:
        """', nor is your own run on Ring at iteration 3, ...' where steps were taken on a pre-trained model that
        set aside a run with unsaved progress: replacing the run or quitting loses that run too (the question named the
        pre-trained run only, and the user's own was lost after saving as told); else ''."""
        own = self._set_aside_own()
        if not own or not self._shown_run_unsaved():
            return ""
        return f", nor is {own} (untick Use pre-trained model to go back to it)"

    def _set_aside_own(self) -> str:
        """'your own run on Ring at iteration 3, set aside by the pre-trained model' while the pre-trained model
        holds a run with unsaved progress aside; else ''."""
        if self.pretrained is None or not self._set_aside_unsaved:
            return ""
        own = self._before_pretrained[0]
        return f"your own run on {_run_title(own)}, set aside by the pre-trained model"

    def _save_note(self) -> str:
        """Where Ctrl+S saves, and the other run it would replace there (the question asked first); a folder it
        cannot save to as typed (Ctrl+S then says why)."""
        try:
            directory, replaced = self.save_target()
        except Refused:
            return self.state.session_path
        return f"{directory.resolve()}" + (f", replacing the session saved there ({replaced})" if replaced else "")

    def may_quit(self) -> bool:
        """Whether the window may close: nothing unsaved and no export running, or the user's yes. Otherwise
        training pauses and the user is asked: (with unsaved progress) save to the session folder and quit, quit
        anyway, or stay; a running export is named, as quitting stops it and writes nothing."""
        with self.training.hold():
            unsaved, export_note = self._unsaved_progress(), self.export.quit_note()
            if not (unsaved or self._kept or export_note) or self.state.agreed(Action.QUIT):
                return True
            self.state.playing = False  # what is saved is what the question names
            kept = (f"{self._kept.title}, which {key_of(Action.UNDO)} brings back, is not saved ("
                    f"{key_of(Action.UNDO)}, then {key_of(Action.SAVE)} saves it)") if self._kept else None
            if not unsaved:
                self.state.ask(f"{kept[0].upper()}{kept[1:]}. Quit anyway? {export_note}".strip() if kept
                               else export_note, "Quit without saving" if kept else "Quit", Action.QUIT,
                               title="Quit?")
                return False
            set_aside = self._set_aside_words()
            if set_aside is not None:  # "Save and quit" would save the shipped model, not the run named
                self.state.ask(f"{set_aside}{f'; {kept}' if kept else ''}. Quit anyway?"
                               + (f" {export_note}" if export_note else ""),
                               "Quit without saving", Action.QUIT, title="Quit?")
                return False
            also = self._also_set_aside()
            kept_too = f", nor is {self._kept.title}, which {key_of(Action.UNDO)} brings back" if kept else ""
            self.state.ask(f"The run on {_run_title(self.trainer)} is not saved{also}{kept_too}. Save "
                           f"{'the pre-trained one' if also else 'it'} to {self._save_note()} "
                           "before quitting?"
                           + (f" {export_note}" if export_note else ""),
                           "Quit without saving", Action.QUIT, save_first="Save and quit", title="Quit?")
            return False

    def save_on_stop(self) -> list[str]:
        """A stop signal (`kill`, a closed terminal, Ctrl-C in it) ends the lab with no one to ask: training stops, and
        progress of the run on screen that no save has written goes to the output folder's interrupted/ (claimed:
        outputs.claim_folder) with its compared runs, as Ctrl+S saves it. Returns the terminal's lines: what was saved
        and how to open it, or why it was not; each run lost (the one Ctrl+Z brings back, one the pre-trained model set
        aside); none where nothing was unsaved (no file)."""
        self.training.close()  # the run holds still at the iteration saved
        self._take_training_news()  # a divergence its last chunk met
        self.finish_save(wait=True)  # a Ctrl+S in progress: written first, and its run may be saved by it
        if self.diverged:  # paused on a NaN: its last good state is saved, as `train` saves it (a NaN never is)
            self._revert()
        kept = f"{self._kept.title}, kept for {key_of(Action.UNDO)}" if self._kept else ""
        lost = [f"not saved: {title}" for title in (kept, self._set_aside_own()) if title]
        if not self._shown_run_unsaved():
            return lost
        directory = claim_folder(self.state.output_folder, INTERRUPTED_NAME)
        self.save(directory)
        self.finish_save(wait=True)
        if self._saved_mark != self._progress_mark():
            error = next((notice.text for notice in reversed(self.state.notices) if notice.level == "error"), "")
            return [f"the run on {_run_title(self.trainer)} is lost: {error}", *lost]
        compared = len(self.comparison)
        folder = directory.resolve()
        return [f"saved the run on {_run_title(self.trainer)}"
                + (f" and {counted(compared, 'compared run')}" if compared else "")
                + f" to {folder} (ganlab-gl {shlex.quote(str(folder))} opens it)", *lost]

    def _unsaved_progress(self, keeping_set_aside: bool = False) -> bool:
        """Whether the run holds progress no save has written (a save in progress is waited for: its end says), or,
        unless `keeping_set_aside`, the run a pre-trained model set aside does (a saved pre-trained run asked
        nothing, and the user's own run was lost)."""
        self.finish_save(wait=True)
        return self._shown_run_unsaved() or (not keeping_set_aside and bool(self._set_aside_own()))

    def _shown_run_unsaved(self) -> bool:
        """Whether the run on screen holds progress no save has written: the shipped model, untouched, is no one's
        ("The run on Disjoint at iteration 8,000 is not saved" was asked on replacing it, and on quitting)."""
        if self.pretrained is not None and self._progress_mark() == self._pretrained_mark:
            return False
        return self.trainer.iteration_count > 0 and self._saved_mark != self._progress_mark()

    def _keep_start_state(self) -> None:
        """The state a run starts (or restarts, resets, loads) from is a good state: a divergence at iteration 3
        can still be reverted."""
        if self._last_good_iteration < 0 and self.trainer.parameters_finite():
            self.trainer.keep_good_state()
            self._last_good_iteration = self.trainer.iteration_count

    # -- training ---------------------------------------------------------------------------
    def _guarded(self, step_fn: Callable, step: str = "iteration"):
        """Run a training step, then bring the compared runs to the main run's iteration by `step`; a NaN/Inf in
        any run pauses training and says so instead of raising (and so does a bug: _on_training_bug)."""
        self._keep_start_state()
        try:
            result = step_fn()
            self.trainer.flush_losses()  # a manual step's NaN is caught now, not at the next save
            self.comparison.follow(self.trainer.iteration_count, step)
            self._keep_good_state()
            return result
        except TrainingDiverged as error:
            self._on_diverged(str(error))
        except StopIteration:  # a phase walk's end, its caller's to handle
            raise
        except Exception as error:  # noqa: BLE001 - the window must not close on the user's run
            self._on_training_bug(error)
        return None

    def _on_diverged(self, reason: str) -> None:
        self.state.playing = False
        self.diverged = True
        self._forget_walk()
        self.state.notify(f"training paused: {reason}. Revert to the last good state, or lower the "
                          "learning rate and reset.", "error", topic=DIVERGED_NOTICE)

    def _on_training_bug(self, error: BaseException) -> None:
        """An error that no setting or input explains: the lab stays open, paused, with the run as the error left
        it, so the user can save it or revert; the traceback goes to stderr for a report."""
        traceback.print_exception(error)
        self.state.playing = False
        self._forget_walk()
        first_line = next(iter(str(error).splitlines()), "")  # TorchScript's and CUDA's run to many lines
        reason = first_line if len(first_line) <= ERROR_LINE_CHARS else first_line[:ERROR_LINE_CHARS - 3] + "..."
        self.state.notify(f"training stopped by an internal error ({type(error).__name__}: {reason}). The run is "
                          f"kept: save it ({key_of(Action.SAVE)}) or revert ({key_of(Action.REVERT)}), and please "
                          "report the traceback printed on the terminal.", "error")

    def _keep_good_state(self) -> None:
        every = self.state.view.playback.good_state_every
        iteration = self.trainer.iteration_count
        if iteration - self._last_good_iteration >= every:
            self.trainer.flush_losses()
            if self.trainer.parameters_finite():
                self.trainer.keep_good_state()
                self._last_good_iteration = iteration

    def _train_chunk(self, limit: int, interrupt: torch.Tensor) -> int:
        """On the trainer's thread: up to `limit` iterations, ended by `interrupt` (the next frame wants the
        trainer) after the iteration in progress, then the same checks as a manual step. Compared runs catch up
        uninterrupted after the main run, so while there are any a turn is `playback.frame_budget_ms` of training
        at most. Returns the iterations trained; a NaN raises TrainingDiverged."""
        self._keep_start_state()
        count = limit
        if self.comparison:
            chunk_seconds = self.state.view.playback.frame_budget_ms / 1000
            count = max(1, min(limit, int(chunk_seconds / self._seconds_per_iteration)))
        start = time.perf_counter()
        trained = self.trainer.train(count, interrupt)
        self.comparison.follow(self.trainer.iteration_count)
        self._seconds_per_iteration = max((time.perf_counter() - start) / trained, 1e-7)
        self.trainer.flush_losses()
        self._keep_good_state()
        return trained

    def _take_training_news(self) -> None:
        """What the thread did since the previous frame: a divergence to report, the live rate."""
        error = self.training.take_error()
        if isinstance(error, TrainingDiverged):
            self._on_diverged(str(error))
        elif error is not None:
            self._on_training_bug(error)
        trained, now = self.training.trained, self.clock()
        self.iterations_last_frame, self._frame_mark = trained - self._frame_mark, trained
        since, trained_then = self._rate_mark
        if now - since >= RATE_WINDOW_S:
            self.iterations_per_second = (trained - trained_then) / (now - since)
            self._rate_mark = (now, trained)

    def _walk_slow_motion(self) -> None:
        if self.state.playing and self.state.slow_motion and not self.diverged:
            if self.clock() - self._phase_started >= self.state.view.playback.phase_seconds:
                self._phase_started = self.clock()
                self._advance_phase()


def _folder_files(directory: Path) -> tuple:
    """What a session folder holds, by name, size and time of change: a load reads it once while its question is
    asked, and again only where this changed. Its own files and its compared runs', never the tree below: /usr
    given as a session was walked for 38 s before the load said it held none."""
    if not directory.is_dir():
        return ()  # the load says what it is
    paths = [*directory.iterdir(), *directory.glob(f"{RUN_FOLDER.format('*')}/*")]
    return tuple(sorted((str(path.relative_to(directory)), path.stat().st_size, path.stat().st_mtime_ns)
                        for path in paths if path.is_file()))


def _how_drawing_ends() -> str:
    """'Enter trains on it, Escape leaves it', the keys named from the action table (a rebound key follows)."""
    return f"{key_of(Action.FINISH_DRAWING)} trains on it, {key_of(Action.ESCAPE)} leaves it"


def _run_title(trainer: Trainer) -> str:
    return checkpoint.run_title(trainer.dataset.name, trainer.iteration_count, trainer.config.data.file)


def _recorded_losses(iteration: int, losses: Columns, trained: dict[str, bool]) -> dict[str, float]:
    """"D"/"G": the history's losses in the last row at or before `iteration` (NaN: none); for a network the settings
    train (`trained`), its last loss recorded by then, as the trainer keeps it: the row of a step of the other
    network alone holds none for it (a first D step on the pre-trained model, or a session just loaded, left the G
    loss reading "-", where GAN Lab's buttons keep the last one). A network the settings do not train has no loss."""
    rows = int(np.searchsorted(losses["iteration"], iteration, side="right"))
    return {network: _last_computed(losses[column][:rows]) if trained[network] else
            float(losses[column][rows - 1]) if rows else float("nan")
            for network, column in (("D", "d_loss"), ("G", "g_loss"))}


def _last_computed(column: np.ndarray) -> float:
    """The last value of `column` that is not NaN (NaN: none), looked for from its end in spans that double: a
    few rows back where steps of the other network alone follow it, never the whole history a frame."""
    span = 64
    while True:
        tail = column[-span:]
        computed = np.flatnonzero(~np.isnan(tail))
        if len(computed):
            return float(tail[computed[-1]])
        if span >= len(column):
            return float("nan")
        span *= 2


def _probed_at(snapshot: Snapshot, resolution: Resolution) -> Resolution:
    """`resolution` with the cells `snapshot` holds: a coarser one's while a finer probe goes on over frames."""
    manifold = snapshot.manifold.cells_per_side if snapshot.manifold is not None else resolution.manifold
    return replace(resolution, manifold=manifold, heatmap=snapshot.heatmap.values.shape[0])
