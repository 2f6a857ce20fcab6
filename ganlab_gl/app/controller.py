"""The controller: each frame, move the trainer and the view to where AppState says.

It applies settings (live edits in place, restarts with a notice), serves the queued
requests it owns (stepping, slow motion, reset, revert, data, sessions, view moves),
trains within the frame's time budget, and probes a fresh snapshot. It imports the
training core and nothing from GL or ImGui, so it is tested without a window; the
requests that need GL (screenshots, recording, fullscreen) go back to the app.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import numpy as np
import torch

from ganlab_gl import resources
from ganlab_gl.core import checkpoint, datasets
from ganlab_gl.core.probes import Prober
from ganlab_gl.core.settings import SettingError
from ganlab_gl.core.snapshot import Rect, Snapshot
from ganlab_gl.core.trainer import Phase, Trainer, TrainingDiverged

from .state import Action, AppState, Request

STATE_FILE = "state.json"
ZOOM_STEP = 1.25
PAN_STEP = 0.1  # of the view's width


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


class Controller:
    def __init__(self, state: AppState, clock: Callable[[], float] = time.perf_counter):
        self.state = state
        self.clock = clock
        self.trainer = Trainer(state.config)
        self.prober = Prober(self.trainer)
        self.walk: object | None = None  # the phase walk in progress (slow motion, phase stepping)
        self.phase: Phase | None = None  # the phase last shown
        self.diverged = False  # training paused on a NaN; the UI offers REVERT
        self.iterations_last_frame = 0
        self.iterations_per_second = 0.0
        self._phase_started = 0.0
        self._seconds_per_iteration = 1e-3
        self._pretrained_for: str | None = None  # the dataset whose pre-trained model is loaded
        self._last_good_iteration = -1  # -1: keep the next starting state before training from it
        self._saved_mark: tuple | None = None  # (trainer, run, iteration) last saved or loaded
        self._load_asked: tuple | None = None  # (directory, mark) a load that awaits its confirmation
        state.notify(self.trainer.device_note)

    @property
    def view_rect(self) -> Rect:
        return self.state.view_rect or self.trainer.data_rect

    def d_at(self, point: tuple[float, float]) -> float:
        """D's displayed output at one data point (the canvas's hover read-out)."""
        return float(self.prober.d_values(torch.tensor([point], dtype=torch.float32, device=self.trainer.device)))

    # -- the frame --------------------------------------------------------------------
    def frame(self) -> Snapshot:
        """Apply state, serve requests, train within budget, probe. Returns the snapshot to draw."""
        self._apply_config()
        leftover = [request for request in self._drain() if not self._serve(request)]
        self.state.requests.extend(leftover)  # GL-side requests, for the app
        self._apply_config()  # what the requests changed (a confirmed restart, say)
        self._apply_pretrained()
        self._train_within_budget()
        return self.snapshot()

    def snapshot(self) -> Snapshot:
        return self.prober.snapshot(view=self.view_rect)

    def _drain(self) -> list[Request]:
        requests = list(self.state.requests)
        self.state.requests.clear()
        return requests

    # -- settings ----------------------------------------------------------------------
    def _apply_config(self) -> None:
        if not self.trainer.config.changed_keys(self.state.config):
            return
        self._restart_or_edit(lambda: self.trainer.apply(self.state.config))

    def _restart_or_edit(self, change_fn: Callable) -> None:
        previous = self.trainer.config
        try:
            change = change_fn()
        except (datasets.DataError, SettingError) as error:
            self.state.config = previous.copy()
            self.state.notify(str(error), "error")
            return
        if change.restarted:
            self._forget_walk()
            self.diverged = False
            self._last_good_iteration = -1
            self.state.notify(change.message, "warning")

    def _apply_pretrained(self) -> None:
        """GAN Lab's "use pre-trained model": load the shipped checkpoint for the current preset."""
        wanted = self.state.config.data.name if self.state.use_pretrained else None
        if wanted == self._pretrained_for:
            return
        self._pretrained_for = wanted
        if wanted is None:
            return
        path = pretrained_dir(wanted)
        if path is None:
            self.state.use_pretrained, self._pretrained_for = False, None
            self.state.notify(f"no pre-trained model ships for {wanted}", "warning")
            return
        self.load(path)

    # -- requests ------------------------------------------------------------------------
    def _serve(self, request: Request) -> bool:
        """Handle one request; False leaves it to the app (GL and window work)."""
        handlers = {
            Action.PLAY_PAUSE: self._toggle_play,
            Action.STEP: lambda: self._step(self.trainer.iteration),
            Action.STEP_D: lambda: self._step(self.trainer.d_step),
            Action.STEP_G: lambda: self._step(self.trainer.g_step),
            Action.STEP_PHASE: self._step_phase,
            Action.SLOW_MOTION: self._toggle_slow_motion,
            Action.RESET: self._reset,
            Action.REVERT: self._revert,
            Action.CONFIRM_RESTART: self._confirm_restart,
            Action.DISCARD_RESTART: self._discard_restart,
            Action.FINISH_DRAWING: self._finish_drawing,
            Action.IMPORT_FILE: lambda: self._import(request.argument or self.state.import_path),
            Action.SAVE: lambda: self.save(Path(request.argument or self.state.session_path)),
            Action.LOAD: lambda: self.load(Path(request.argument or self.state.session_path)),
            Action.RESET_VIEW: lambda: setattr(self.state, "view_rect", None),
            Action.ZOOM_IN: lambda: self._set_view(zoom_rect(self.view_rect, ZOOM_STEP, request.argument)),
            Action.ZOOM_OUT: lambda: self._set_view(zoom_rect(self.view_rect, 1 / ZOOM_STEP, request.argument)),
            Action.PAN_LEFT: lambda: self._set_view(pan_rect(self.view_rect, -PAN_STEP, 0)),
            Action.PAN_RIGHT: lambda: self._set_view(pan_rect(self.view_rect, PAN_STEP, 0)),
            Action.PAN_UP: lambda: self._set_view(pan_rect(self.view_rect, 0, PAN_STEP)),
            Action.PAN_DOWN: lambda: self._set_view(pan_rect(self.view_rect, 0, -PAN_STEP)),
        }
        handler = handlers.get(request.action)
        if handler is None:
            return False
        handler()
        return True

    def _set_view(self, rect: Rect) -> None:
        self.state.view_rect = rect

    def _toggle_play(self) -> None:
        if self.diverged:
            self.state.notify("training is paused on a NaN: revert (or reset) first", "warning")
            return
        self.state.playing = not self.state.playing
        self._phase_started = self.clock()

    def _toggle_slow_motion(self) -> None:
        self.state.slow_motion = not self.state.slow_motion
        self._phase_started = self.clock()
        if not self.state.slow_motion:
            self._finish_walk()

    def _step(self, step_fn: Callable[[], None]) -> None:
        """A manual step pauses play, finishes any half-walked iteration, then steps."""
        self.state.playing = False
        self._finish_walk()
        self._guarded(step_fn)

    def _step_phase(self) -> None:
        self.state.playing = False
        self._advance_phase()

    def _advance_phase(self) -> None:
        """Show the next phase, starting a new iteration's walk when one ends."""
        for _ in range(2):  # a finished walk gets one fresh start; an empty one (0 D and 0 G steps) has none
            if self.walk is None:
                self.walk = self.trainer.walk()
            try:
                self.phase = self._guarded(lambda: next(self.walk))
                return
            except StopIteration:
                self.walk = None
        self.phase = None
        self.state.notify("nothing to step through: train.d_steps and train.g_steps are both 0", "warning")

    def _finish_walk(self) -> None:
        if self.walk is not None:
            walk, self.walk = self.walk, None
            self._guarded(lambda: [None for _ in walk])
        self.phase = None

    def _forget_walk(self) -> None:
        self.walk, self.phase = None, None

    def _reset(self) -> None:
        self._forget_walk()
        self.trainer.reset()
        self._last_good_iteration = -1
        self.diverged = False
        self.state.playing = False
        self.state.notify("reset: new run from the seed")

    def _revert(self) -> None:
        if self.trainer.revert_to_good_state():
            self._forget_walk()
            self.diverged = False
            self.state.notify(f"reverted to iteration {self.trainer.iteration_count}")
        else:
            self.state.notify("no good state kept yet; use reset", "warning")

    def _confirm_restart(self) -> None:
        for key, value in self.state.pending_restart.items():
            self.state.config.set(key, value)
        self.state.pending_restart.clear()

    def _discard_restart(self) -> None:
        self.state.pending_restart.clear()

    def _finish_drawing(self) -> None:
        points = np.array(self.state.drawn_points, dtype=np.float64).reshape(-1, 2)
        new_config = self.state.config.copy()
        new_config.data.name = "drawing"
        new_config.data.brush_spread = self.state.brush_spread
        self._restart_or_edit(lambda: self.trainer.apply(new_config, drawing=points))
        if self.trainer.dataset.name == "drawing":
            self.state.config = new_config
            self.state.drawing = False

    def _import(self, path: str) -> None:
        new_config = self.state.config.copy()
        new_config.data.name, new_config.data.file = "file", str(path)
        self._restart_or_edit(lambda: self.trainer.apply(new_config))
        if self.trainer.config.data.file == str(path):
            self.state.config = new_config

    # -- sessions ---------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        if self.diverged or not self.trainer.parameters_finite():
            self.state.notify("not saved: the weights hold NaN or Inf; revert (U) or reset (R) first", "error")
            return
        try:
            checkpoint.save(self.trainer, directory)
            self.state.save_file(directory / STATE_FILE)
        except OSError as error:
            self.state.notify(f"could not save to {directory}: {error}", "error")
            return
        except TrainingDiverged as error:
            self._on_diverged(f"{error}; not saved")
            return
        self._saved_mark = self._progress_mark()
        self.state.notify(f"saved session to {directory}")

    def load(self, directory: Path) -> None:
        """Loads checkpoint and view state into a candidate and swaps only when both are valid; on any fault
        the running session stays as it was. Unsaved progress is replaced only when the load is asked twice."""
        asked = (str(directory), self._progress_mark()[:2])  # this run, however far it trains meanwhile
        if self._unsaved_progress() and self._load_asked != asked:
            self._load_asked = asked
            self.state.notify(f"{self.trainer.iteration_count} iterations are not saved: load {directory} again to "
                              "replace them, or save first (Ctrl+S)", "warning")
            return
        self._load_asked = None
        try:
            trainer = checkpoint.load(directory, device=self.state.config.run.device)
            state_file = directory / STATE_FILE
            if state_file.is_file():
                self.state.load_json(state_file.read_text(encoding="utf-8"), str(state_file))
        except (ValueError, OSError) as error:  # CheckpointError and SettingError are ValueErrors, as is bad UTF-8
            text = " ".join(str(error).split())
            self.state.notify(text if str(directory) in text else f"{directory}: cannot load ({text})", "error")
            return
        self.trainer, self.prober = trainer, Prober(trainer)
        self._last_good_iteration = -1
        self.state.config = trainer.config.copy()
        self.state.playing = False
        self._forget_walk()
        self.diverged = False
        self._saved_mark = self._progress_mark()
        self.state.notify(f"loaded {directory} at iteration {trainer.iteration_count}")

    def _progress_mark(self) -> tuple:
        return (id(self.trainer), self.trainer.run_id, self.trainer.iteration_count)

    def _unsaved_progress(self) -> bool:
        return self.trainer.iteration_count > 0 and self._saved_mark != self._progress_mark()

    def _keep_start_state(self) -> None:
        """The state a run starts (or restarts, resets, loads) from is a good state: a divergence at iteration 3
        can still be reverted."""
        if self._last_good_iteration < 0 and self.trainer.parameters_finite():
            self.trainer.keep_good_state()
            self._last_good_iteration = self.trainer.iteration_count

    # -- training ---------------------------------------------------------------------------
    def _guarded(self, step_fn: Callable):
        """Run a training step; a NaN/Inf pauses training and says so instead of raising."""
        self._keep_start_state()
        try:
            result = step_fn()
            self.trainer.flush_losses()  # a manual step's NaN is caught now, not at the next save
            self._keep_good_state()
            return result
        except TrainingDiverged as error:
            self._on_diverged(str(error))
            return None

    def _on_diverged(self, reason: str) -> None:
        self.state.playing = False
        self.diverged = True
        self._forget_walk()
        self.state.notify(f"training paused: {reason}. Revert to the last good state, or lower the "
                          "learning rate and reset.", "error")

    def _keep_good_state(self) -> None:
        every = self.state.view.playback.good_state_every
        iteration = self.trainer.iteration_count
        if iteration - self._last_good_iteration >= every:
            self.trainer.flush_losses()
            if self.trainer.parameters_finite():
                self.trainer.keep_good_state()
                self._last_good_iteration = iteration

    def _train_within_budget(self) -> None:
        self.iterations_last_frame = 0
        if not self.state.playing or self.diverged:
            return
        if self.state.slow_motion:
            if self.clock() - self._phase_started >= self.state.view.playback.phase_seconds:
                self._phase_started = self.clock()
                self._advance_phase()
            return
        self._keep_start_state()
        playback = self.state.view.playback
        start = self.clock()
        deadline = start + playback.frame_budget_ms / 1000
        cap = playback.max_iterations_per_frame
        try:
            while self.iterations_last_frame < cap:
                remaining = deadline - self.clock()
                if remaining <= 0:
                    break
                # Size each chunk from the measured cost so the frame ends near its budget.
                chunk = max(1, min(cap - self.iterations_last_frame, int(remaining / self._seconds_per_iteration)))
                chunk_start = self.clock()
                self.trainer.train(chunk)
                self._seconds_per_iteration = max((self.clock() - chunk_start) / chunk, 1e-7)
                self.iterations_last_frame += chunk
            self.trainer.flush_losses()
            self._keep_good_state()
        except TrainingDiverged as error:
            self._on_diverged(str(error))
        elapsed = max(self.clock() - start, 1e-9)
        self.iterations_per_second = self.iterations_last_frame / elapsed
