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
    scripted_step.compiled_iterations.cache_clear()
    monkeypatch.setattr(torch.jit, "script", cannot)
    try:
        t = trainer()
        assert scripted_step.obstacle(t) == "TorchScript cannot compile the step (OSError: could not get source code)"
        t.iteration()
        assert "_direct_step" in t.__dict__ and "_scripted_step" not in t.__dict__
    finally:
        scripted_step.compiled_iterations.cache_clear()


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


def test_the_iterations_are_one_torchscript_call():
    """A TorchScript function runs its ops without Python's GIL (bench/gil_share.py): the lab's trainer thread
    then trains beside the window's Python instead of handing the GIL back at every op."""
    assert isinstance(scripted_step.compiled_iterations(), torch.jit.ScriptFunction)


@pytest.mark.parametrize("overrides", [
    [],
    ["data.name=ring", "generator.hidden_layers=2", "train.d_steps=3", "train.g_steps=2"],
    ["train.batch_size=900", "train.d_steps=0"],  # a clipped batch, G updates only: D's loss stays unknown
    ["train.g_steps=0"],
], ids=lambda o: ",".join(o) or "default")
def test_many_iterations_per_call_equal_the_walk_with_every_row_kept(monkeypatch, overrides):
    """`train(n)` runs up to the next metrics evaluation in one TorchScript call: same weights, losses,
    cursors (small atlases wrap several times) and timeline rows as n walked iterations."""
    settings = ["data.atlas_size=600", "noise.atlas_size=450", "metrics.every=7", *overrides]  # whole batches
    walked, scripted = trainer(*settings), trainer(*settings)
    calls = []
    compiled = scripted_step.compiled_iterations()
    monkeypatch.setattr(scripted_step, "compiled_iterations", lambda: lambda *args: (
        calls.append(args[-2].shape[0]), compiled(*args))[1])
    for _ in range(40):
        walk_iteration(walked)
    scripted.train(40)
    assert calls == [7, 7, 7, 7, 7, 5]  # iterations per call: a metrics evaluation ends one
    assert_same_run(walked, scripted)
    assert walked.last_d_loss is None if "train.d_steps=0" in overrides else torch.equal(walked.last_d_loss,
                                                                                         scripted.last_d_loss)
    assert len(walked.history.evals) == len(scripted.history.evals) == 5
    kept, batched = walked.timeline.export()[0], scripted.timeline.export()[0]
    assert kept.keys() == batched.keys() and len(kept["timeline.iterations"]) == 41
    for name in kept:
        assert torch.equal(kept[name], batched[name]), name


def test_a_nan_in_a_call_is_caught_at_its_end_with_the_rows_a_step_at_a_time_keeps():
    """A diverging run raises at the metrics evaluation that ends the call, as the walk does, and the timeline holds
    the same rows (the evaluation's own iteration is not kept)."""
    from ganlab_gl.core.trainer import TrainingDiverged
    walked, batched = trainer("metrics.every=5"), trainer("metrics.every=5")
    for t in (walked, batched):
        t.train(3)
        with torch.no_grad():
            next(t.discriminator.parameters())[0, 0] = float("nan")
    with pytest.raises(TrainingDiverged) as one_at_a_time:
        for _ in range(40):
            walk_iteration(walked)
    with pytest.raises(TrainingDiverged) as in_calls:
        batched.train(40)
    assert str(in_calls.value) == str(one_at_a_time.value)
    assert walked.iteration_count == batched.iteration_count == 5
    assert torch.equal(walked.timeline.export()[0]["timeline.iterations"],
                       batched.timeline.export()[0]["timeline.iterations"])


def _batched_against_the_walk(settings, script):
    """Run `script(trainer, steps)` with n walked iterations and with `train(n)`: same run, same timeline."""
    walked, batched = trainer(*settings), trainer(*settings)
    script(walked, lambda t, n: [walk_iteration(t) for _ in range(n)])
    script(batched, lambda t, n: t.train(n))
    assert "_scripted_step" in batched.__dict__
    assert_same_run(walked, batched)
    assert (walked.last_d_loss is None) == (batched.last_d_loss is None)
    kept, batched_rows = walked.timeline.export()[0], batched.timeline.export()[0]
    assert kept.keys() == batched_rows.keys()
    for name in kept:
        assert torch.equal(kept[name], batched_rows[name]), name
    return walked, batched


def _edit(t, *overrides):
    from ganlab_gl.core.settings import apply_overrides
    t.apply(apply_overrides(t.config, list(overrides)))


def test_live_edits_between_calls_keep_the_walks_run():
    def script(t, steps):
        steps(t, 9)
        _edit(t, "train.d_lr=0.3", "metrics.every=5")
        steps(t, 13)
        _edit(t, "train.d_steps=0")
        steps(t, 11)
        _edit(t, "train.d_steps=2", "train.g_steps=0", "train.loss=minimax", "train.batch_size=7")
        steps(t, 17)
    _batched_against_the_walk(["metrics.every=7", "data.atlas_size=600", "noise.atlas_size=450"], script)


def test_an_optimizer_switch_a_branch_and_a_revert_between_calls():
    def script(t, steps):
        steps(t, 6)  # Adam: eager direct steps
        _edit(t, "train.d_optimizer=sgd", "train.g_optimizer=sgd")
        steps(t, 12)
        timeline_module.branch(t, 8)
        steps(t, 9)
        t.keep_good_state()
        steps(t, 4)
        t.revert_to_good_state()
        steps(t, 3)
    from ganlab_gl.core import timeline as timeline_module
    _batched_against_the_walk(["train.d_optimizer=adam", "train.g_optimizer=adam", "metrics.every=5"], script)


def test_the_timeline_thinning_inside_a_call_or_off_keeps_the_walks_rows(monkeypatch):
    monkeypatch.setattr(scripted_step, "WEIGHT_ROWS_BYTES", 10 * 4 * 219)  # ten rows of GAN Lab's default networks
    walked, _ = _batched_against_the_walk(["metrics.every=100", "timeline.memory_mb=1", "generator.neurons=60",
                                           "discriminator.neurons=60"], lambda t, steps: steps(t, 400))
    assert walked.timeline.thinnings > 0
    calls = []
    compiled = scripted_step.compiled_iterations()
    monkeypatch.setattr(scripted_step, "compiled_iterations", lambda: lambda *args: (
        calls.append(tuple(args[-2].shape)), compiled(*args))[1])
    _batched_against_the_walk(["timeline.memory_mb=0", "metrics.every=50"], lambda t, steps: steps(t, 23))
    assert calls == [(23, 0)]  # no timeline: no weights written


def test_a_call_keeps_its_weights_for_the_timeline_within_a_memory_bound(monkeypatch):
    monkeypatch.setattr(scripted_step, "WEIGHT_ROWS_BYTES", 10 * 4 * 219)  # ten rows of GAN Lab's default networks
    calls = []
    compiled = scripted_step.compiled_iterations()
    monkeypatch.setattr(scripted_step, "compiled_iterations", lambda: lambda *args: (
        calls.append(args[-2].shape[0]), compiled(*args))[1])
    _batched_against_the_walk(["metrics.every=50"], lambda t, steps: steps(t, 23))
    assert calls == [10, 10, 3]


def test_an_interrupt_ends_a_call_after_the_iteration_in_progress():
    """The lab's window sets the interrupt when it wants the trainer: the call stops after the iteration in progress
    (at least one), and the run so far is the walk's, timeline rows included, wherever it stopped."""
    interrupt = torch.ones(1, dtype=torch.int32)
    def script(t, steps):
        steps(t, 4)
        if "_scripted_step" in t.__dict__:  # the batched run: an interrupt already set still trains one
            assert t.train(30, interrupt) == 1
        else:
            steps(t, 1)
        steps(t, 5)
    _batched_against_the_walk(["metrics.every=50"], script)


def test_an_interrupt_from_another_thread_stops_a_long_call_where_the_walk_agrees():
    import threading
    settings = ["metrics.every=100000", "timeline.memory_mb=0"]  # one call of up to 100,000 iterations
    batched = trainer(*settings)
    batched.train(5)
    interrupt = torch.zeros(1, dtype=torch.int32)
    raiser = threading.Timer(0.05, interrupt.fill_, (1,))
    raiser.start()
    trained = batched.train(100000, interrupt)
    raiser.join()
    assert 1 <= trained < 100000 and batched.iteration_count == 5 + trained
    walked = trainer(*settings)
    for _ in range(5 + trained):
        walk_iteration(walked)
    assert_same_run(walked, batched)
