"""The CUDA-graph iteration (`run.cuda_graph`): its captured body equals the eager
iteration (checked on the CPU by running the body eagerly), it falls back cleanly where
capture is impossible, and on CUDA the replayed graph gives the eager parameters."""

from __future__ import annotations

import logging
import threading

import pytest
import torch

from ganlab_gl.core.cuda_graph import GraphStep, capture_obstacle, graph_state
from ganlab_gl.core.settings import GanConfig, apply_overrides
from ganlab_gl.core.trainer import Trainer

# small atlases so that a few dozen iterations wrap both cursors more than once
SMALL = ["data.atlas_size=1000", "noise.atlas_size=700", "train.batch_size=150", "metrics.every=10"]


def trainer(*overrides):
    return Trainer(apply_overrides(GanConfig(), [*SMALL, *overrides]))


def state(t: Trainer) -> list[torch.Tensor]:
    return [p.detach().cpu().clone() for p in (*t.generator.parameters(), *t.discriminator.parameters())]


@pytest.mark.parametrize("overrides", [
    [],
    ["train.d_optimizer=adam", "train.g_optimizer=adam", "train.d_steps=1", "train.g_steps=2"],
    ["train.loss=lsgan", "train.d_steps=0"],
    ["train.batch_size=900"],  # a batch larger than the noise atlas is clipped to it, as eagerly
])
def test_captured_body_run_eagerly_equals_the_eager_iteration(overrides):
    eager, graphed = trainer("run.device=cpu", *overrides), trainer("run.device=cpu", *overrides)
    step = GraphStep(graphed)
    step._prepare_buffers()
    for _ in range(37):
        eager.iteration()
        step.static_iteration()
        step.finish_iteration()
    eager.flush_losses()
    graphed.flush_losses()
    for a, b in zip(state(eager), state(graphed)):
        assert torch.equal(a, b)
    assert graphed._cursors == eager._cursors
    assert [int(c) for c in step.cursors.values()] == list(eager._cursors.values())
    assert graphed.iteration_count == eager.iteration_count == 37
    torch.testing.assert_close(torch.as_tensor(graphed.history.losses.array()),
                               torch.as_tensor(eager.history.losses.array()), rtol=0, atol=0, equal_nan=True)


def test_cpu_falls_back_with_one_note(caplog):
    eager, switched = trainer("run.device=cpu"), trainer("run.device=cpu", "run.cuda_graph=true")
    with caplog.at_level(logging.INFO, logger="ganlab_gl.core"):
        for _ in range(5):
            eager.iteration()
            switched.iteration()
    step = graph_state(switched)
    assert step.note == "tensors live on cpu" and step.captures == step.replays == 0
    notes = [r.getMessage() for r in caplog.records if "run.cuda_graph" in r.getMessage()]
    assert notes == ["run.cuda_graph: tensors live on cpu; training eagerly"]
    for a, b in zip(state(eager), state(switched)):
        assert torch.equal(a, b)


def test_obstacles_are_named():
    t = trainer("run.device=cpu")
    assert capture_obstacle(t) == "tensors live on cpu"
    t.device = torch.device("cuda")  # only the reasons after the device are looked at below
    t.noise_atlas = None
    assert "fresh noise" in capture_obstacle(t)


def _cuda_or_skip():
    if not torch.cuda.is_available():
        pytest.skip("CUDA is not available")


@pytest.mark.gpu
@pytest.mark.parametrize("overrides, iterations, exact", [
    ([], 300, True),
    (["train.d_optimizer=adam", "train.g_optimizer=adam"], 60, False),  # capturable Adam: same maths, other kernels
])
def test_graph_and_eager_give_the_same_parameters(overrides, iterations, exact):
    _cuda_or_skip()
    eager = trainer("run.device=cuda", *overrides)
    graphed = trainer("run.device=cuda", "run.cuda_graph=true", *overrides)
    for _ in range(iterations):
        eager.iteration()
        graphed.iteration()
    eager.flush_losses()
    graphed.flush_losses()
    step = graph_state(graphed)
    assert step.note is None, step.note
    assert step.captures == 1 and step.replays == iterations - step.captures * 3
    for a, b in zip(state(eager), state(graphed)):
        if exact:
            assert torch.equal(a, b)
        else:
            torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-5)
    assert graphed._cursors == eager._cursors
    torch.testing.assert_close(torch.as_tensor(graphed.history.losses.array()),
                               torch.as_tensor(eager.history.losses.array()), rtol=1e-4, atol=1e-5, equal_nan=True)


@pytest.mark.gpu
def test_capture_lets_another_thread_work_on_cuda():
    """The lab's window thread probes on CUDA while the trainer's thread captures: neither may fail."""
    _cuda_or_skip()
    graphed = trainer("run.device=cuda", "run.cuda_graph=true")
    stop, errors = threading.Event(), []

    def window_thread():
        x = torch.ones(256, 256, device="cuda")
        while not stop.is_set():
            try:
                (x @ x).sum().item()
            except RuntimeError as exc:
                errors.append(exc)
                return

    other = threading.Thread(target=window_thread)
    other.start()
    try:
        graphed.train(40)
    finally:
        stop.set()
        other.join()
    assert errors == []
    step = graph_state(graphed)
    assert step.note is None, step.note
    assert step.captures == 1


@pytest.mark.gpu
def test_live_edit_and_outside_steps_recapture():
    _cuda_or_skip()
    eager, graphed = trainer("run.device=cuda"), trainer("run.device=cuda", "run.cuda_graph=true")
    for t in (eager, graphed):
        t.train(10)
        t.apply(apply_overrides(t.config, ["train.d_lr=0.05"]))  # a live edit: the captured lr is stale
        t.train(10)
        t.d_step()  # a step outside the graph
        t.train(10)
    for a, b in zip(state(eager), state(graphed)):
        assert torch.equal(a, b)
    assert graph_state(graphed).captures == 3
