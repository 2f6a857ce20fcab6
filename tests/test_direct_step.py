"""The direct step (core/direct_step.py, behind Trainer.iteration where the scripted step does not apply) equals
the phase walk: the same weights, losses, optimizer state and cursors after every iteration, bit for bit, across
losses, activations, optimizers, output squashing, noise sizes and batch sizes; and each loss's written-out logit
gradient equals autograd's."""

from __future__ import annotations

import pytest
import torch

from ganlab_gl.core import direct_step
from ganlab_gl.core.losses import LOSSES
from ganlab_gl.core.settings import GanConfig, apply_overrides
from ganlab_gl.core.trainer import Trainer

# small atlases so that the cursors wrap within a test; losses flushed every few iterations
SMALL = ["data.atlas_size=1000", "noise.atlas_size=700", "metrics.every=7", "run.device=cpu"]


def trainer(*overrides: str) -> Trainer:
    return Trainer(apply_overrides(GanConfig(), [*SMALL, *overrides]))


def walk_iteration(t: Trainer) -> None:
    for _ in t.walk():
        pass


def assert_same_run(walked: Trainer, direct: Trainer) -> None:
    for a, b in zip([*walked.generator.parameters(), *walked.discriminator.parameters()],
                    [*direct.generator.parameters(), *direct.discriminator.parameters()]):
        assert torch.equal(a, b)
    for name in ("d_optimizer", "g_optimizer"):  # Adam's moments and step counts
        a, b = getattr(walked, name).state_dict()["state"], getattr(direct, name).state_dict()["state"]
        assert a.keys() == b.keys()
        for key in a:
            for field in a[key]:
                assert torch.equal(a[key][field], b[key][field]), (name, key, field)
    assert walked._cursors == direct._cursors and walked.iteration_count == direct.iteration_count
    walked.flush_losses()
    direct.flush_losses()
    torch.testing.assert_close(torch.as_tensor(direct.history.losses.array()),
                               torch.as_tensor(walked.history.losses.array()), rtol=0, atol=0, equal_nan=True)


CASES = [
    [],  # GAN Lab's default: log loss, SGD, ReLU, tanh output, 2 D + 1 G updates
    ["train.loss=minimax", "discriminator.activation=tanh", "generator.activation=leaky_relu"],
    ["train.loss=nonsaturating", "train.d_optimizer=adam", "train.g_optimizer=adam", "train.d_steps=1",
     "train.g_steps=2"],
    ["train.loss=lsgan", "generator.output=linear", "noise.dim=1", "discriminator.activation=leaky_relu"],
    ["train.loss=hinge", "noise.dim=5", "generator.hidden_layers=0", "discriminator.hidden_layers=3",
     "discriminator.neurons=1"],
    ["train.batch_size=1", "generator.neurons=1", "discriminator.neurons=1", "noise.dim=1"],  # column-major operands
    ["train.batch_size=900", "data.name=ring8", "noise.atlas_size=0", "train.d_steps=0"],  # clipped batch, fresh noise
]


@pytest.mark.parametrize("overrides", CASES, ids=lambda o: ",".join(o) or "default")
def test_direct_iteration_equals_the_walk(overrides):
    walked, direct = trainer(*overrides), trainer(*overrides)
    assert direct_step.obstacle(direct) is None
    for _ in range(23):
        walk_iteration(walked)
        direct_step.for_trainer(direct).iteration()  # Trainer.iteration scripts it where it can (test_scripted_step)
    assert_same_run(walked, direct)


@pytest.mark.parametrize("overrides, edited_loss, ran", [
    (["train.d_optimizer=adam"], "hinge", "_direct_step"),
    ([], "nonsaturating", "_scripted_step"),  # SGD and a log-sigmoid loss: Trainer.iteration scripts it
])
def test_direct_and_walked_iterations_interleave(overrides, edited_loss, ran):
    """Phase walks, D/G-only steps and live edits (learning rate, loss) between iterations: still the walk's run."""
    walked, direct = trainer(*overrides), trainer(*overrides)
    for t, step in ((walked, walk_iteration), (direct, Trainer.iteration)):
        step(t)
        t.d_step()
        t.g_step()
        config = t.config.copy()
        config.train.g_lr, config.train.loss = 0.1, edited_loss
        t.apply(config)
        step(t)
        walk_iteration(t)
        step(t)
    assert ran in direct.__dict__
    assert_same_run(walked, direct)


@pytest.mark.parametrize("overrides, name", [(["train.d_optimizer=adam"], "_direct_step"), ([], "_scripted_step")])
def test_a_restart_rebuilds_the_step(overrides, name):
    t = trainer(*overrides)
    t.iteration()
    before = t.__dict__[name]
    config = t.config.copy()
    config.discriminator.neurons = 5
    t.apply(config)
    t.iteration()
    after = t.__dict__[name]
    assert after is not before and after.discriminator is t.discriminator and t.discriminator[0].weight.shape == (5, 2)


def test_gradient_penalty_walks():
    t = trainer("train.loss=wgan-gp")
    assert direct_step.obstacle(t) == "train.loss = wgan-gp differentiates through D's gradient"
    t.iteration()
    assert "_direct_step" not in t.__dict__ and "_scripted_step" not in t.__dict__ and t.iteration_count == 1


@pytest.mark.parametrize("name", [name for name, loss in LOSSES.items() if loss.d_loss_and_grads])
@pytest.mark.parametrize("size", [1, 150, 1001])
def test_written_out_logit_gradients_equal_autograd(name, size):
    loss = LOSSES[name]
    rng = torch.Generator().manual_seed(size)
    real, fake = (torch.randn(size, generator=rng) * 30).requires_grad_(), (torch.randn(size, generator=rng) * 30)
    fake.requires_grad_()
    d_loss = loss.d_loss(real, fake)
    real_grad, fake_grad = torch.autograd.grad(d_loss, (real, fake))
    assert all(torch.equal(a, b) for a, b in zip(loss.d_loss_and_grads(real.detach(), fake.detach()),
                                                 (d_loss, real_grad, fake_grad)))
    g_loss = loss.g_loss_per_sample(fake).mean()
    (g_grad,) = torch.autograd.grad(g_loss, fake)
    assert all(torch.equal(a, b) for a, b in zip(loss.g_loss_and_grad(fake.detach()), (g_loss, g_grad)))
