"""What the headless commands share to survive signals, kills and full disks.

- `StopSignals`: SIGINT, SIGTERM and SIGHUP (Ctrl-C, `kill`, `timeout`, systemd, Slurm,
  container stops, a closed terminal) ask training to stop at the next iteration
  boundary; the run is then saved (the lab's window uses it too: Lab.on_stop; `animate`
  stops at the next frame, its unfinished video removed: `Stopped`; after the last frame it
  finishes the video and says so). A
  signal that arrives while saving is noted and
  the save goes on, so a second Ctrl-C neither tears the checkpoint nor prints a
  traceback (the checkpoint is one atomic file anyway, so even SIGKILL keeps the last).
- `SaveEvery`: `train --save-every` saves the run every N iterations or every so many
  seconds, so SIGKILL or the OOM killer lose at most that much.
- `write_run` and `write_output`: every file goes through `core.atomic`; a failure is one
  `PathError` line naming the path, and the previous file stays whole.

Importing this module imports neither torch nor numpy (`--help` stays fast).
"""

from __future__ import annotations

import csv
import errno
import io
import math
import os
import re
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

from .core import atomic

EXIT_DIVERGED = 1
EXIT_USAGE = 2
EXIT_NO_DISPLAY = 3
EXIT_IO = 4
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
DEFAULT_SAVE_EVERY = "60s"
TRAIN_CALL = 10  # iterations per Trainer.train call: milliseconds for GAN Lab's networks, so Ctrl-C stops soon


def exit_code_for(signum: int) -> int:
    """The shell's convention for "ended by signal N": 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP."""
    return 128 + signum


class UserError(Exception):
    """Anything the user can fix; printed as one line, ending the command with `exit_code`."""

    exit_code = EXIT_USAGE


class PathError(UserError):
    """A path that cannot be read or written (permissions, a folder in the way, disk full)."""

    exit_code = EXIT_IO


class Stopped(UserError):
    """A stop signal ended a command that has nothing to save (`animate`): raised where it is safe to stop, so the
    temporary it was writing is removed on the way out; it ends with the signal's exit code."""

    def __init__(self, signum: int, message: str):
        super().__init__(message)
        self.exit_code = exit_code_for(signum)


class StopSignals:
    """Within `with StopSignals() as stop:`, the stop signals set `stop.received` instead of ending the process.
    `finishing`: what goes on when a second one arrives while it stops (a save, by default)."""

    def __init__(self, finishing: str = "finishing the save (the previous checkpoint stays whole either way)") -> None:
        self.received: int | None = None
        self.finishing = finishing
        self._previous: dict[int, object] = {}

    def __enter__(self) -> StopSignals:
        for signum in STOP_SIGNALS:
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def _handle(self, signum: int, frame: object) -> None:
        if self.received is None:
            self.received = signum
        else:  # os.write: print() could re-enter a write the signal interrupted
            os.write(2, f"ganlab-gl: {signal.Signals(signum).name} while stopping; {self.finishing}\n".encode())

    def stop_here(self, said: str) -> None:
        """Where a command with nothing to save may stop: Stopped, saying `said` after the signal's name, once one
        arrived."""
        if self.received is not None:
            raise Stopped(self.received, f"{self.name} {said}")

    @property
    def name(self) -> str:
        return signal.Signals(self.received).name if self.received is not None else ""


@dataclass(frozen=True)
class SaveEvery:
    """`--save-every`: N (iterations), Ns / Nm / Nh (time), or off."""

    iterations: int | None = None
    seconds: float | None = None

    @classmethod
    def parse(cls, text: str) -> SaveEvery:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text.lower())
        if text.strip().lower() == "off":
            return cls()
        if match is None or (not match[2] and "." in match[1]):
            raise UserError(f"--save-every {text!r}: expected iterations (500), a time (90s, 5m, 1h) or off")
        if not match[2]:  # 0 iterations, however written, is off (00 saved after every iteration)
            return cls(iterations=int(match[1]) or None)
        seconds = float(match[1]) * {"s": 1, "m": 60, "h": 3600}[match[2]]
        if not 1 <= seconds <= 7 * 24 * 3600:
            raise UserError(f"--save-every {text!r}: a time from 1s to 168h")
        return cls(seconds=seconds)

    def iterations_left(self, since_save: int) -> int | None:
        return None if self.iterations is None else max(1, self.iterations - since_save)

    def due(self, iterations_since: int, seconds_since: float) -> bool:
        return ((self.iterations is not None and iterations_since >= self.iterations)
                or (self.seconds is not None and seconds_since >= self.seconds))


# -- files ------------------------------------------------------------------------------
def check_output_file(path: Path, option: str, suffixes: tuple[str, ...]) -> None:
    """Refuse before any work: a wrong suffix, a folder in the way, or a place that cannot be written."""
    if path.suffix.lower() not in suffixes:
        raise UserError(f"{option} {path}: use a {' or '.join(suffixes)} file name")
    if path.is_dir():
        raise PathError(f"{option} {path}: is a folder; give a file name")
    existing = path.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise PathError(f"{option} {path}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        why = "a read-only file system" if os.statvfs(existing).f_flag & os.ST_RDONLY else "permission denied"
        raise PathError(f"{option} {path}: cannot write in {existing} ({why})")


def write_output(path: Path, option: str, fill: Callable[[BinaryIO], object]) -> None:
    """Write one output file atomically, making missing folders; failures name the path."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write(path, fill)
    except OSError as error:
        raise PathError(f"{option} {path}: cannot write ({error.strerror or error}); nothing was written") from None


FULL = (errno.ENOSPC, errno.EDQUOT)
NOT_WRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS)


def write_advice(error: BaseException) -> str:
    """What a failed write leaves the user to do, from its errno: room for a full disk, another folder for one
    that takes no files; '' for any other fault, whose own words (strerror) say what happened."""
    number = getattr(error, "errno", None)
    if number in FULL:
        return "free space or choose another folder"
    if number in NOT_WRITABLE:
        return "choose a folder you can write to"
    return ""


def write_reason(error: BaseException) -> str:
    """A failed write in the system's own words: strerror, not the OSError's text naming a .tmp file; any other
    fault (weights gone NaN) as it says itself."""
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)


def write_failure(error: BaseException) -> str:
    """write_reason, then what write_advice leaves the user to do, if anything."""
    reason, advice = write_reason(error), write_advice(error)
    return f"{reason}: {advice}" if advice else reason


def check_folder(folder: Path, said: str) -> None:
    """A folder files are to be written in (`train --out`, the lab's session): made, and proved to take a file, before
    any work; PathError, `said` then the folder, naming a file that stands in its path (mkdir said "File exists")."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise PathError(f"{said} {folder}: {existing} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(folder / ".write-test", b"")
        (folder / ".write-test").unlink()
    except OSError as error:
        raise PathError(f"{said} {folder}: cannot write there ({error.strerror or error})") from None


def write_run(trainer, out: Path) -> None:
    """Checkpoint, config.toml and metrics.csv, each atomic; the checkpoint is the one that counts."""
    from .core import checkpoint
    from .core.settings import dump_toml
    try:
        checkpoint.save(trainer, out)
        atomic.write_text(out / "config.toml", dump_toml(trainer.config))
        atomic.write_text(out / "metrics.csv", metrics_csv(trainer))
    except OSError as error:
        raise PathError(f"--out {out}: saving failed ({error.strerror or error}); the previous checkpoint "
                        "is kept") from None


def metrics_csv(trainer) -> str:
    """A row for every iteration the history holds: its losses, its evaluation where one fell due. Each history
    holds `metrics.history` rows, thinned with age (core/thinning.py) on its own, so an older row may have only
    its losses or only its evaluation."""
    from .core.metrics import EVAL_COLUMNS, LOSS_COLUMNS
    losses = {int(row[0]): row[1:] for row in trainer.history.losses.array()}
    evals = {int(row[0]): row[1:] for row in trainer.history.evals.array()}
    missing = {"losses": [math.nan] * (len(LOSS_COLUMNS) - 1), "evals": [math.nan] * (len(EVAL_COLUMNS) - 1)}
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(LOSS_COLUMNS + EVAL_COLUMNS[1:])
    for iteration in sorted(losses.keys() | evals.keys()):
        values = (*losses.get(iteration, missing["losses"]), *evals.get(iteration, missing["evals"]))
        writer.writerow([iteration] + [_csv_number(v) for v in values])
    return text.getvalue()


def _csv_number(value: float) -> str:
    return "" if math.isnan(value) else f"{value:.6g}"


# -- the training loop ---------------------------------------------------------------------
def train(trainer, out: Path, iterations: int, save_every: SaveEvery, good_state_every: int,
          shown: str | None, clock: Callable[[], float] = time.monotonic) -> int:
    """Train `iterations` more, saving every `save_every` and at the end, the count said as `shown` says
    (progress.Counting); returns the exit code."""
    from .core.trainer import TrainingDiverged
    from .progress import Counting

    target = trainer.iteration_count + iterations
    status = 0
    saved_at, saved_time = trainer.iteration_count, clock()
    bar = Counting("train", iterations, "iteration", shown, bar_unit="it")
    with StopSignals() as stop:
        trainer.keep_good_state()  # iteration 0 (or the resumed one) is a state to go back to
        kept = trainer.iteration_count
        try:
            while trainer.iteration_count < target and stop.received is None:
                if trainer.iteration_count - kept >= good_state_every:
                    trainer.keep_good_state()
                    kept = trainer.iteration_count
                chunk = min(100, target - trainer.iteration_count,
                            save_every.iterations_left(trainer.iteration_count - saved_at) or 100)
                done = 0
                while done < chunk and stop.received is None:  # stop between calls of a few ms, never inside one
                    step = min(TRAIN_CALL, chunk - done)
                    trainer.train(step)
                    done += step
                trainer.flush_losses()
                _, d_loss, g_loss = trainer.history.losses.array()[-1]
                bar.advance(done, D=f"{d_loss:.3f}", G=f"{g_loss:.3f}")
                if (stop.received is None and trainer.iteration_count < target
                        and save_every.due(trainer.iteration_count - saved_at, clock() - saved_time)):
                    _weights_finite_or_diverged(trainer)
                    write_run(trainer, out)
                    saved_at, saved_time = trainer.iteration_count, clock()
            _weights_finite_or_diverged(trainer)  # a finite loss can hide weights gone to Inf
        except TrainingDiverged as error:
            bar.close()
            trainer.revert_to_good_state()
            print(f"training stopped: {error}; reverted to iteration {trainer.iteration_count} and saving. "
                  "Try a lower learning rate.", file=sys.stderr)
            status = EXIT_DIVERGED
        bar.close()
        if stop.received is not None and status == 0:
            print(f"{stop.name} at iteration {trainer.iteration_count}; saving", file=sys.stderr)
            status = exit_code_for(stop.received)
        write_run(trainer, out)  # still inside `with`: a signal now is noted, the save completes
    print(f"saved {out} at iteration {trainer.iteration_count}", file=sys.stderr)
    return status



def _weights_finite_or_diverged(trainer) -> None:
    from .core.trainer import TrainingDiverged
    if not trainer.parameters_finite():
        raise TrainingDiverged(f"the weights became NaN or Inf by iteration {trainer.iteration_count}")
