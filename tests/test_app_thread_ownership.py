"""Who may touch the live run's tensors, and when: the window's thread only while it holds the trainer
(TrainingThread.hold), and the trainer's thread never the copy of the weights that the window probes after the hold
while the trainer trains on (Controller._live_copy). Every torch call of both threads is checked against that rule
(a TorchFunctionMode on each) over what a reviewer did before the lab died of a segfault in PastRun.show_present, which
no retry reproduced: hover, a legend click, N held, D, G, Period, play, and again."""

import threading
from contextlib import contextmanager

import torch
from torch.overrides import TorchFunctionMode
from torch.utils._pytree import tree_leaves

from ganlab_gl.app.actions import OPENING_ON_IT, Action
from ganlab_gl.app.controller import Controller
from ganlab_gl.app.state import AppState
from ganlab_gl.app.training_thread import TrainingThread


def _storages(tensors) -> dict[int, torch.Tensor]:
    """Storage address -> a tensor on it; the tensor is kept, so that its address is no one else's while checked."""
    return {tensor.untyped_storage().data_ptr(): tensor for tensor in tensors if tensor.numel()}


def _live_tensors(trainer) -> list[torch.Tensor]:
    """The trainer's tensors that training changes: weights, gradients, optimizer moments, timeline rows."""
    weights = [p for network in (trainer.generator, trainer.discriminator) for p in network.parameters()]
    moments = [value for optimizer in (trainer.d_optimizer, trainer.g_optimizer)
               for entries in optimizer.state.values() for value in entries.values() if torch.is_tensor(value)]
    return [*weights, *(p.grad for p in weights if p.grad is not None), *moments, trainer.timeline._rows]


class Ownership(TorchFunctionMode):
    """Records each torch call of the thread that entered it whose tensors lie on a storage of `forbidden()`."""

    def __init__(self, thread: str, forbidden, breaches: list[str]):
        super().__init__()
        self.thread, self.forbidden, self.breaches = thread, forbidden, breaches

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        forbidden = self.forbidden()
        if any(torch.is_tensor(leaf) and leaf.untyped_storage().data_ptr() in forbidden
               for leaf in tree_leaves((args, kwargs))):
            self.breaches.append(f"{self.thread}: {getattr(func, '__qualname__', func)}")
        return func(*args, **kwargs)


def test_outside_the_hold_the_window_touches_only_its_copy_and_the_trainer_never_touches_it(monkeypatch):
    state = AppState()
    controller = Controller(state)
    breaches: list[str] = []
    held = [0]  # the window thread's holds in progress
    now = {"live": {}, "copy": {}}  # taken at the end of each hold: what the other thread may not touch meanwhile
    hold = TrainingThread.hold

    @contextmanager
    def watched_hold(training):
        with hold(training):
            held[0] += 1
            try:
                yield
            finally:
                if held[0] == 1:  # still held while these are read
                    live_copy = [] if controller._live is None else [
                        p for network in (controller._live[1].generator, controller._live[1].discriminator)
                        for p in network.parameters()]
                    now["live"], now["copy"] = _storages(_live_tensors(controller.trainer)), _storages(live_copy)
                held[0] -= 1

    monkeypatch.setattr(TrainingThread, "hold", watched_hold)
    chunk, started = controller.training._chunk, threading.Event()

    def watched_chunk(limit, interrupt):
        with Ownership("trainer's thread", lambda: now["copy"], breaches):
            started.set()
            return chunk(limit, interrupt)

    controller.training._chunk = watched_chunk  # the worker looks it up for each chunk
    window = Ownership("window's thread", lambda: {} if held[0] else now["live"], breaches)
    try:
        with window:
            state.request(Action.USE_PRETRAINED, OPENING_ON_IT)  # the lab opens so
            controller.frame()
            for _ in range(2):
                controller.d_at((0.5, 0.5))  # a hover
                state.edit("fake.visible", not state.view.get("fake.visible"))  # a click on the legend
                for _ in range(10):  # N held: key repeat asks a step a frame
                    state.request(Action.STEP)
                    controller.frame()
                for action in (Action.STEP_D, Action.STEP_G, Action.STEP_PHASE, Action.PLAY_PAUSE):
                    state.request(action)
                    controller.frame()
                for _ in range(20):  # playing: the trainer's thread trains while the window probes its copy
                    started.clear()
                    controller.frame()
                    assert started.wait(60)  # the next frame's hold ends this chunk after its iteration in progress
        assert not breaches, f"{len(breaches)} calls broke the rule, the first: {breaches[0]}"
        assert window.forbidden(), "no live tensors were taken to check the window's calls against"
    finally:
        controller.close()
