"""The scripted step's calls run in a process of their own, so the lab's training waits for no GIL.

The lab trains on a thread beside the window (app/training_thread.py). Its TorchScript calls
(core/scripted_step.py) release Python's GIL, yet beside the window they ran about an eighth
slower than headless: torch takes the GIL back inside a call (a tensor handed back to Python),
and moderngl holds it for each GL call's whole length. A training process beside the window
reached 0.94-0.99 of headless where the thread reached 0.84-0.85 (docs/BENCHMARKS.md). So once
the lab has trained a while (`start_after` iterations: a lab opened to look, and most tests,
never start one), `StepProcess` starts a Python of its own that compiles the same function; from
when it says it is ready, each call goes there: the networks' weights, the batches' starts and
the rates go over a pipe, the child runs `_iterations` on its own copies, and the new weights,
the losses and the timeline's rows come back into the trainer's own tensors. The trainer's
thread meanwhile waits on the pipe without the GIL. Everything else (the timeline, the loss
history, the metrics, every request, walk and edit) stays in the lab's process on the one
trainer it has, which the child never sees whole.

The same compiled function on the same inputs on one thread: the same bits (weights, losses,
rows; tests/test_step_process.py against the in-process call, interrupted as a frame does). The
interrupt is one int32 in a file mapped by both processes, so a frame's `hold()` ends the
child's call after the iteration in progress as it ends the thread's. Where the child cannot
start, fails or dies, the call runs in the lab's process as before, and the trainer's tensors
are as they were (the child's results are copied back only whole).
"""

from __future__ import annotations

import mmap
import os
import pickle
import select
import subprocess
import sys
import tempfile
import weakref
from pathlib import Path

import numpy as np
import torch

START_AFTER_ITERATIONS = 1_000  # the lab's first half second of training at full speed runs on its thread
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the child imports this very ganlab_gl, wherever it lies
KEPT_ATLASES = 8  # atlases the child keeps, the latest sent: a run's two, and a new run's
_OWNERS: "weakref.WeakValueDictionary[int, StepProcess]" = weakref.WeakValueDictionary()  # a flag's address -> its


def owner_of(interrupt: torch.Tensor) -> "StepProcess | None":
    """The step process whose interrupt flag `interrupt` is (its calls can run there), else None."""
    return _OWNERS.get(interrupt.data_ptr())


class StepProcess:
    def __init__(self, start_after: int | None = None):
        """Nothing starts yet: the child starts once calls have asked for `start_after` iterations (default
        START_AFTER_ITERATIONS)."""
        self._flag_file = tempfile.TemporaryFile(prefix="ganlab-gl-interrupt-")
        self._flag_file.truncate(mmap.PAGESIZE)
        self._flag = mmap.mmap(self._flag_file.fileno(), mmap.PAGESIZE)
        self.interrupt = torch.frombuffer(self._flag, dtype=torch.int32, count=1)  # (1,): set while a frame waits
        _OWNERS[self.interrupt.data_ptr()] = self
        self._start_after = START_AFTER_ITERATIONS if start_after is None else start_after
        self._asked = 0  # iterations asked of calls so far, toward start_after
        self._child: subprocess.Popen | None = None
        self.ready = False  # the child has compiled the step and takes calls
        self.failure: str | None = None  # why calls run in this process for good (a child that failed or died)
        self._atlases_sent: dict[int, tuple[weakref.ref, int]] = {}  # id of an atlas -> (it, its number in the child)
        self._atlases_numbered = 0
        self.calls = 0  # calls the child ran (tests, the benchmark)

    def call(self, networks: list[tuple], real_atlas: torch.Tensor, noise_atlas: torch.Tensor, starts: tuple,
             rows: tuple, rates: tuple, loss: tuple, last_losses: tuple, weights: torch.Tensor) -> torch.Tensor | None:
        """`scripted_step._iterations` with these arguments, run by the child: the networks' parameters and
        `weights` (K, width) are written in place as the call would, and its losses (K', 2) returned. None where
        the child is not (or no longer) there to run it: the caller runs the call itself, nothing having changed."""
        if not self._running(weights.shape[0]):
            return None
        request = {
            "threads": torch.get_num_threads(),
            "networks": [([p.numpy() for p in params], codes, slope) for _, _, _, params, codes, slope in networks],
            "atlases": [self._atlas(atlas) for atlas in (real_atlas, noise_atlas)],
            "starts": starts, "rows": rows, "rates": rates, "loss": loss,
            "last_losses": [loss_now.numpy() for loss_now in last_losses], "count": weights.shape[0],
            "width": weights.shape[1],
        }
        reply = self._ask(("call", request))
        if reply is None:
            return None
        losses, rows_done, new_params = reply
        count = losses.shape[0]
        with torch.no_grad():
            for (_, _, _, params, _, _), values in zip(networks, new_params):
                for param, value in zip(params, values):
                    param.copy_(torch.from_numpy(value))
            if weights.shape[1]:
                weights[:count].copy_(torch.from_numpy(rows_done))
        self.calls += 1
        return torch.from_numpy(losses)

    def close(self) -> None:
        """End the child (it also ends by itself when this process goes: its pipe closes); calls run here after."""
        _OWNERS.pop(self.interrupt.data_ptr(), None)
        self.failure = "closed"
        _end(self._child, gently=self.ready)
        self._child, self.ready = None, False

    # -- the child's life ------------------------------------------------------------
    def _running(self, count: int) -> bool:
        """Whether the child takes this call: started once enough was asked, ready once it said so."""
        if self.failure is not None:
            return False
        if self._child is None:
            self._asked += count
            if self._asked < self._start_after:
                return False
            self._start()
            return False
        if not self.ready:
            if not select.select([self._child.stdout], [], [], 0)[0]:
                return False  # still importing torch and compiling
            said = self._read()
            if said != ("ready",):
                self._fail(f"the step process did not start ({said[1] if said else 'it exited'})")
                return False
            self.ready = True
        return True

    def _start(self) -> None:
        if os.name != "posix":  # the flag's file goes to the child as a descriptor
            self.failure = "a step process needs a POSIX system"
            return
        code = (f"import sys; sys.path.insert(0, {str(PACKAGE_ROOT)!r}); "
                f"from ganlab_gl.core.step_process import serve; serve({self._flag_file.fileno()})")
        try:  # a session of its own: the terminal's Ctrl-C and hang-up reach the lab, which ends the child
            self._child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                           stdout=subprocess.PIPE, pass_fds=(self._flag_file.fileno(),),
                                           start_new_session=True)
        except OSError as error:
            self.failure = f"the step process did not start ({error})"

    def _atlas(self, atlas: torch.Tensor) -> tuple[int, np.ndarray | None]:
        """(the atlas's number, its values where the child does not hold them). A new run's atlases are new tensors;
        the child keeps the KEPT_ATLASES latest sent, and so does this record of them."""
        kept = self._atlases_sent.get(id(atlas))
        if kept is not None and kept[0]() is atlas:  # not another tensor made where a freed one was
            return kept[1], None
        self._atlases_numbered += 1
        self._atlases_sent[id(atlas)] = (weakref.ref(atlas), self._atlases_numbered)
        self._atlases_sent = {key: kept for key, kept in self._atlases_sent.items()
                              if kept[1] > self._atlases_numbered - KEPT_ATLASES}
        return self._atlases_numbered, atlas.numpy()

    def _ask(self, message: tuple):
        try:
            pickle.dump(message, self._child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._child.stdin.flush()
        except OSError:
            self._fail("the step process ended")
            return None
        said = self._read()
        if said is None or said[0] != "done":
            self._fail(f"the step process failed ({said[1] if said else 'it ended'})")
            return None
        return said[1:]

    def _read(self):
        try:
            return pickle.load(self._child.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            return None

    def _fail(self, reason: str) -> None:
        self.failure = reason
        print(f"ganlab-gl: {reason}; training goes on in the lab's own process", file=sys.stderr)
        _end(self._child, gently=False)
        self._child, self.ready = None, False


def _end(child: subprocess.Popen | None, gently: bool) -> None:
    """`gently`: a ready child ends at its pipe's end, after the call in progress; one still importing torch (or
    failed) is killed, having nothing to finish."""
    if child is None:
        return
    try:
        if gently:
            child.stdin.close()
            child.wait(timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        pass
    if child.poll() is None:
        child.kill()
        child.wait()
    for pipe in (child.stdin, child.stdout):
        try:
            pipe.close()
        except OSError:  # its last bytes undelivered: the child is gone
            pass


def serve(flag_descriptor: int) -> None:
    """The child: compile the step, say ready, run calls until the lab closes the pipe."""
    from .scripted_step import compiled_iterations

    requests, replies = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # nothing printed, by Python or by a library, may enter the replies
    sys.stdout = sys.stderr
    flag = mmap.mmap(flag_descriptor, mmap.PAGESIZE)
    interrupt = torch.frombuffer(flag, dtype=torch.int32, count=1)
    try:  # as the lab's trainer thread is named (bench/window_fps.py counts its CPU as the trainer's)
        Path("/proc/self/comm").write_text("ganlab-step")
    except OSError:  # no /proc: nothing to name
        pass
    torch.set_num_threads(1)
    compiled = compiled_iterations()
    _say(replies, ("ready",) if not isinstance(compiled, str) else ("failed", compiled))
    atlases: dict[int, torch.Tensor] = {}
    while True:
        try:
            kind, request = pickle.load(requests)
        except EOFError:
            return
        try:
            _say(replies, ("done", *_run(compiled, request, atlases, interrupt)))
        except Exception as error:  # said to the lab, which runs the call itself from then on
            _say(replies, ("failed", f"{type(error).__name__}: {error}"))


def _run(compiled, request: dict, atlases: dict[int, torch.Tensor], interrupt: torch.Tensor) -> tuple:
    if torch.get_num_threads() != request["threads"]:
        torch.set_num_threads(request["threads"])
    for number, values in request["atlases"]:
        if values is not None:
            atlases[number] = _tensor(values)
            for old in sorted(atlases)[:-KEPT_ATLASES]:  # as the lab's record of them (StepProcess._atlas)
                del atlases[old]
    networks = []
    for values, codes, slope in request["networks"]:
        params = [_tensor(value) for value in values]  # W1, b1, W2, b2, ...: as the trainer's network.parameters()
        weights = params[0::2]
        networks += [weights, [weight.t() for weight in weights], params[1::2], params, codes, slope]
    real_atlas, noise_atlas = (atlases[number] for number, _ in request["atlases"])
    rows_out = torch.empty((request["count"], request["width"]))
    with torch.jit.optimized_execution(False):  # as scripted_step runs it
        losses = compiled(*networks, real_atlas, noise_atlas, *request["starts"], *request["rows"], *request["rates"],
                          *request["loss"], *(_tensor(value) for value in request["last_losses"]), rows_out,
                          interrupt)
    count = losses.shape[0]
    return (losses.numpy(), rows_out[:count].numpy(),
            [[param.numpy() for param in networks[index + 3]] for index in (0, 6)])


def _tensor(values: np.ndarray) -> torch.Tensor:
    """`values` in a tensor of torch's own allocation (aligned as the trainer's are, so the kernels take the same
    paths and round the same)."""
    return torch.empty(values.shape, dtype=torch.from_numpy(values).dtype).copy_(torch.from_numpy(values))


def _say(replies, message: tuple) -> None:
    pickle.dump(message, replies, protocol=pickle.HIGHEST_PROTOCOL)
    replies.flush()
