"""The scripted step (core/scripted_step.py, behind Trainer.iteration for GAN Lab's setups) equals the phase walk
and the eager direct step bit for bit; whatever it does not cover falls back to the direct step or the walk, and
says why."""

from __future__ import annotations

import pytest
import torch
from test_direct_step import assert_same_run, trainer, walk_iteration

from ganlab_gl.core import direct_step, scripted_step

CASES = [
    [],  # GAN Lab's default: log loss, SGD, ReLU, tanh output, 2 D + 1 G updates
    ["data.name=ring", "generator.hidden_layers=2", "generator.neurons=10", "train.d_steps=3"],  # GAN Lab's ring
    ["train.loss=minimax", "discriminator.activation=tanh", "generator.activation=leaky_relu"],
    ["train.loss=nonsaturating", "generator.output=linear", "noise.dim=1", "train.g_steps=2"],
    ["train.batch_size=1", "generator.neurons=1", "discriminator.neurons=1", "noise.dim=1"],  # column-major operands
    ["train.batch_size=900", "train.d_steps=0", "generator.hidden_layers=0"],  # a clipped batch, G updates only
]


@pytest.mark.parametrize("overrides", CASES, ids=lambda o: ",".join(o) or "default")
def test_scripted_iteration_equals_the_walk_and_the_direct_step(overrides):
    walked, direct, scripted = trainer(*overrides), trainer(*overrides), trainer(*overrides)
    assert scripted_step.obstacle(scripted) is None
    for _ in range(23):
        walk_iteration(walked)
        direct_step.for_trainer(direct).iteration()
        scripted.iteration()
    assert "_scripted_step" in scripted.__dict__ and "_direct_step" not in scripted.__dict__  # it ran, nothing else
    assert_same_run(walked, scripted)
    assert_same_run(direct, scripted)


@pytest.mark.parametrize("overrides, reason", [
    (["train.d_optimizer=adam"], "only plain SGD is scripted"),
    (["train.loss=hinge"], "train.loss = hinge is not scripted"),
    (["noise.atlas_size=0"], "fresh noise per batch draws from the trainer's random stream in Python"),
    (["train.loss=wgan-gp"], "train.loss = wgan-gp differentiates through D's gradient"),
])
def test_what_it_does_not_cover_runs_eagerly(overrides, reason):
    t = trainer(*overrides)
    assert scripted_step.obstacle(t) == reason
    t.iteration()
    assert "_scripted_step" not in t.__dict__ and t.iteration_count == 1
    assert ("_direct_step" in t.__dict__) == (direct_step.obstacle(t) is None)  # the eager direct step, else the walk


def test_a_torch_that_cannot_script_trains_through_the_direct_step(monkeypatch):
    def cannot(function):
        raise OSError("could not get source code")
    scripted_step.compiled_iteration.cache_clear()
    monkeypatch.setattr(torch.jit, "script", cannot)
    try:
        t = trainer()
        assert scripted_step.obstacle(t) == "TorchScript cannot compile the step (OSError: could not get source code)"
        t.iteration()
        assert "_direct_step" in t.__dict__ and "_scripted_step" not in t.__dict__
    finally:
        scripted_step.compiled_iteration.cache_clear()


def test_a_revert_and_a_branch_keep_the_scripted_run_the_walks():
    """Reverting to a kept good state and branching from a timeline row, between scripted iterations."""
    from ganlab_gl.core import timeline
    walked, scripted = trainer(), trainer()
    for t, step in ((walked, walk_iteration), (scripted, lambda t: t.iteration())):
        for _ in range(5):
            step(t)
        t.keep_good_state()
        for _ in range(4):
            step(t)
        t.revert_to_good_state()
        step(t)
        timeline.branch(t, 3)
        for _ in range(3):
            step(t)
    assert "_scripted_step" in scripted.__dict__
    assert_same_run(walked, scripted)


def test_the_iteration_is_one_torchscript_call():
    """A TorchScript function runs its ops without Python's GIL (bench/gil_share.py): the lab's trainer thread
    then trains beside the window's Python instead of handing the GIL back at every op."""
    assert isinstance(scripted_step.compiled_iteration(), torch.jit.ScriptFunction)
