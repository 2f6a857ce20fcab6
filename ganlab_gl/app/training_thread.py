"""The trainer's own thread: the lab trains while the window draws.

While the lab plays, a worker thread trains in chunks, and the window thread takes the
trainer between two chunks (`hold()`) to serve requests, apply edits and copy the weights
it is about to draw; drawing itself (most of a frame on a software rasteriser) overlaps
the next chunk. A chunk trains until the frame asks: `hold()` sets an interrupt that
Trainer.train reads between iterations (inside its TorchScript calls too), so a frame
waits for about one iteration and the chunk's bookkeeping (losses, the checks, a metrics
evaluation if one falls due; with compared runs, their catching up), and the worker
returns to Python about once a frame instead of every few milliseconds (each return
waits for the GIL the window's Python holds).
One thread touches the trainer at a time, and training runs `Trainer.train()` in
order, so a live run is the same arithmetic as a headless one: same seed, same weights
(tests/test_app_controller.py). A thread, so every request (walk a phase, step, edit,
load, revert) keeps acting on the one trainer in memory. Its price, measured in
docs/BENCHMARKS.md: moderngl holds Python's GIL in every GL call and llvmpipe does vertex
work in the calling thread, so the thread trains mostly in the frame's GIL-free waits
(render.gl.wait_releasing_gil makes the rasteriser's waits GIL-free). A training process
beside the window, one that never waits for it, reached 0.94-0.99 of headless where the thread
reached 0.84-0.85; the thread's calls handed one at a time to a process reached less than the
thread (a round trip each), so it stays a thread (docs/BENCHMARKS.md).

The worker trains at most `budget` iterations between two frames (the speed cap), and
hands any exception (a NaN's TrainingDiverged) to the window thread, which decides.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import torch


class TrainingThread:
    def __init__(self, chunk: Callable[[int, torch.Tensor], int]):
        """`chunk(limit, interrupt)` trains at most `limit` iterations (a turn's worth) and returns how many; it
        ends early, after the iteration in progress, once `interrupt` (one int32) is set (Trainer.train)."""
        self._chunk = chunk
        self._interrupt = torch.zeros(1, dtype=torch.int32)  # set while the window thread wants the trainer
        self._changed = threading.Condition()
        self._held = 0  # the window thread holds the trainer (re-entrant)
        self._busy = False  # the worker is inside a chunk
        self._running = False
        self._budget = 0  # iterations left until the next frame
        self._closing = False
        self._error: BaseException | None = None
        self.trained = 0  # iterations trained by the worker since it started: the live rate's counter
        self._thread = threading.Thread(target=self._loop, name="ganlab-trainer", daemon=True)
        self._thread.start()
        # An exit that never calls close() (Ctrl-C, an exception out of the window's loop) finalized the interpreter
        # while this daemon thread was inside torch: taking the GIL back then aborted the process ("terminate called
        # without an active exception", a segfault) instead of letting it exit. Closed at exit, it ends first.
        atexit.register(self.close)

    @contextmanager
    def hold(self) -> Iterator[None]:
        """The trainer is the caller's until the block ends: the worker ends its chunk after the iteration in
        progress and waits."""
        with self._changed:
            self._held += 1
            self._interrupt.fill_(1)
            while self._busy:
                self._changed.wait()
        try:
            yield
        finally:
            with self._changed:
                self._held -= 1
                if not self._held:
                    self._interrupt.fill_(0)
                self._changed.notify_all()

    def run(self, on: bool, budget: int) -> None:
        """Train (or not) from now on, at most `budget` iterations until the next call."""
        with self._changed:
            self._running, self._budget = on, budget
            self._changed.notify_all()

    def take_error(self) -> BaseException | None:
        """The exception that stopped the worker, once (it stops running until `run` again)."""
        with self._changed:
            error, self._error = self._error, None
            return error

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Until the worker has nothing to do (stopped, out of budget or failed); False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._busy and not self._wants_work(), timeout)

    def close(self) -> None:
        """Stop the worker after the iteration in progress (a chunk may be a whole frame's budget)."""
        with self._changed:
            self._closing = True
            self._interrupt.fill_(1)
            self._changed.notify_all()
        self._thread.join(timeout=10)
        atexit.unregister(self.close)

    def _wants_work(self) -> bool:
        return self._running and self._budget > 0 and self._error is None

    def _loop(self) -> None:
        _name_native_thread(self._thread.name)
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._closing or (self._wants_work() and not self._held))
                if self._closing:
                    return
                self._busy, limit = True, self._budget
            trained, error = 0, None
            try:
                trained = self._chunk(limit, self._interrupt)
            except BaseException as caught:  # the window thread decides what it means
                error = caught
            with self._changed:
                self._busy = False
                self.trained += trained
                self._budget -= trained
                if error is not None:
                    self._error, self._running = error, False
                self._changed.notify_all()


def _name_native_thread(name: str) -> None:
    """Show the calling thread as `name` to the system (Linux: top, perf, /proc, where bench/window_fps.py reads
    the trainer's CPU time apart from the window's); Python 3.11 names only its own thread objects."""
    try:
        Path(f"/proc/self/task/{threading.get_native_id()}/comm").write_text(name[:15])  # the kernel's limit
    except OSError:  # no /proc (macOS, Windows): nothing to name
        pass
