"""The scripted step's calls in a process of their own (core/step_process.py): the same bits as in the lab's process,
an interrupt that reaches the child, and training that goes on in the lab's process where the child is gone."""

import threading
import time

import numpy as np
import pytest
import torch

from ganlab_gl.app.actions import Action
from ganlab_gl.app.controller import Controller
from ganlab_gl.app.state import AppState
from ganlab_gl.core import step_process
from ganlab_gl.core.presets import with_preset
from ganlab_gl.core.settings import GanConfig
from ganlab_gl.core.step_process import StepProcess
from ganlab_gl.core.trainer import Trainer


def started(process: StepProcess, trainer: Trainer) -> None:
    """Train `trainer` through `process` until its child runs the calls (it imports torch and compiles first)."""
    deadline = time.monotonic() + 120
    while process.calls == 0:
        assert process.failure is None and time.monotonic() < deadline, process.failure
        trainer.train(1, process.interrupt)
        time.sleep(0.01)


def same_run(a: Trainer, b: Trainer) -> None:
    """Weights, the step's place in its atlases, losses, evaluations and the timeline's rows, all bit for bit."""
    assert a.iteration_count == b.iteration_count
    for network in ("generator", "discriminator"):
        for x, y in zip(getattr(a, network).parameters(), getattr(b, network).parameters()):
            assert torch.equal(x, y), network
    assert a._cursors == b._cursors
    a.flush_losses()
    b.flush_losses()
    assert np.array_equal(a.history.losses.array(), b.history.losses.array(), equal_nan=True)
    assert np.array_equal(a.history.evals.array(), b.history.evals.array(), equal_nan=True)
    (rows_a, facts_a), (rows_b, facts_b) = a.timeline.export(), b.timeline.export()
    assert facts_a == facts_b and rows_a.keys() == rows_b.keys()
    assert all(torch.equal(rows_a[key], rows_b[key]) for key in rows_a)


@pytest.mark.parametrize("preset", ["gaussians", "ring"])
def test_calls_run_by_the_child_give_the_bits_the_lab_process_gives_interrupted_as_frames_do(preset):
    """The child trains while another thread sets and clears the interrupt as the window's frames do; the run is the
    one trained in this process, uninterrupted, bit for bit."""
    config = with_preset(GanConfig(), preset)
    process = StepProcess(start_after=0)
    offloaded, here = Trainer(config), Trainer(config)
    started(process, offloaded)
    calls_before = process.calls
    stop = threading.Event()

    def frames():  # a frame's hold: the flag set for a moment, every few milliseconds
        while not stop.is_set():
            time.sleep(0.004)
            process.interrupt.fill_(1)
            time.sleep(0.0005)
            process.interrupt.fill_(0)

    window = threading.Thread(target=frames)
    window.start()
    try:
        chunks = 0
        while offloaded.iteration_count < 600:
            offloaded.train(600 - offloaded.iteration_count, process.interrupt)
            chunks += 1
    finally:
        stop.set()
        window.join()
        process.close()
    here.train(offloaded.iteration_count)
    assert process.calls - calls_before >= 12  # 600 iterations in calls of 50 at most (a metrics evaluation's)
    assert chunks > 1  # the interrupts ended calls early
    same_run(offloaded, here)


def test_the_interrupt_ends_the_childs_call_after_one_iteration():
    """The flag is shared: set before a call, the child trains the one iteration a call always trains (a flag of
    its own would have let it run to the next metrics evaluation)."""
    process = StepProcess(start_after=0)
    trainer = Trainer(GanConfig())
    started(process, trainer)
    calls = process.calls
    process.interrupt.fill_(1)
    try:
        assert trainer.train(40, process.interrupt) == 1
    finally:
        process.interrupt.fill_(0)
        process.close()
    assert process.calls == calls + 1


def test_no_child_before_the_lab_has_trained_a_while():
    """A lab opened to look (and a few iterations stepped) starts no process: calls run here until `start_after`
    iterations were asked."""
    process = StepProcess(start_after=100)
    trainer = Trainer(GanConfig())
    trainer.train(99, process.interrupt)
    assert process._child is None and process.calls == 0
    trainer.train(1, process.interrupt)
    assert process._child is not None
    process.close()
    assert process._child is None and process.failure == "closed"


def test_a_child_that_dies_leaves_training_in_the_lab_process_with_the_same_bits(capfd):
    """Killed between calls, the child's end is said once on stderr and the next calls run here: the run is still
    the one trained here throughout."""
    process = StepProcess(start_after=0)
    offloaded, here = Trainer(GanConfig()), Trainer(GanConfig())
    started(process, offloaded)
    process._child.kill()
    process._child.wait()
    offloaded.train(300, process.interrupt)
    calls = process.calls
    offloaded.train(200, process.interrupt)
    process.close()
    here.train(offloaded.iteration_count)
    assert process.calls == calls and process.failure == "closed"
    assert capfd.readouterr().err.count("training goes on in the lab's own process") == 1
    same_run(offloaded, here)


def test_the_labs_play_runs_in_the_child_and_gives_the_headless_weights(monkeypatch):
    """The controller's thread hands its calls to the step process once started; paused, the run is the headless
    one."""
    monkeypatch.setattr(step_process, "START_AFTER_ITERATIONS", 0)
    state = AppState()
    controller = Controller(state)
    state.view.playback.max_iterations_per_frame = 50
    state.request(Action.PLAY_PAUSE)
    deadline = time.monotonic() + 120
    while controller.step_process.calls < 10 and time.monotonic() < deadline:
        controller.frame()
        assert controller.training.wait_idle(timeout=120)
    state.request(Action.PLAY_PAUSE)
    controller.frame()
    live = controller.trainer
    controller.close()
    assert controller.step_process.calls >= 10
    headless = Trainer(state.config)
    headless.train(live.iteration_count)
    same_run(live, headless)
