"""Noise sampling and cell masses; each loss's value on hand-computed inputs."""

import math

import pytest
import torch

from ganlab_gl.core import noise
from ganlab_gl.core.losses import LOSSES, gradient_penalty, shown_d_loss
from ganlab_gl.core.settings import NOISE_KINDS


@pytest.mark.parametrize("kind", NOISE_KINDS)
def test_noise_lies_in_the_unit_cube_as_the_pictures_place_it(kind):
    z = noise.sample(20000, 2, kind, torch.Generator().manual_seed(0))
    unit = noise.to_unit(z, kind)
    assert z.shape == (20000, 2) and float(unit.min()) >= 0 and float(unit.max()) <= 1
    assert torch.allclose(noise.from_unit(unit, kind), z, atol=1e-6)
    if kind == "gaussian":
        assert abs(float(z.mean()) - 0.5) < 0.01 and 0.2 < float(z.std()) < 0.25  # truncation shrinks 0.25
    if kind == "normal":  # G's input is the standard normal, cut at 2 std: PacGAN's N(0, 1) as GAN Lab cuts it
        assert abs(float(z.mean())) < 0.02 and 0.85 < float(z.std()) < 0.9 and float(z.abs().max()) <= 2


@pytest.mark.parametrize("kind", NOISE_KINDS)
def test_cell_mass_matches_sample_frequencies(kind):
    cells = 4
    mass = noise.cell_mass(cells, 2, kind)
    assert mass.shape == (cells, cells) and float(mass.sum()) == pytest.approx(1, abs=1e-6)
    z = noise.to_unit(noise.sample(200000, 2, kind, torch.Generator().manual_seed(1)), kind)
    index = (z * cells).long().clamp(max=cells - 1)
    counts = torch.bincount(index[:, 1] * cells + index[:, 0], minlength=cells * cells).float() / len(z)
    assert torch.allclose(counts.reshape(cells, cells), mass, atol=3e-3)
    if kind == "uniform":
        assert torch.allclose(mass, torch.full((cells, cells), 1 / 16))


def test_noise_grid_layout():
    grid = noise.grid(2, 2)
    assert grid.shape == (3, 3, 2)
    assert grid[0, 2].tolist() == [1.0, 0.0] and grid[2, 0].tolist() == [0.0, 1.0]  # [j, i] = (i/M, j/M)
    assert noise.grid(5, 1).shape == (6, 1) and noise.cell_mass(5, 1, "uniform").shape == (5,)


def sig(x):
    return 1 / (1 + math.exp(-x))


REAL, FAKE = [0.5, -1.0], [2.0, 0.0]


def by_hand(name):
    r, f = REAL, FAKE
    mean = lambda xs: sum(xs) / len(xs)
    log = math.log
    d = {
        "log": -(0.95 * mean([log(sig(x)) for x in r]) + mean([log(1 - sig(x)) for x in f])),
        "minimax": -(mean([log(sig(x)) for x in r]) + mean([log(1 - sig(x)) for x in f])),
        "nonsaturating": -(mean([log(sig(x)) for x in r]) + mean([log(1 - sig(x)) for x in f])),
        "lsgan": mean([(sig(x) - 1) ** 2 for x in r]) + mean([sig(x) ** 2 for x in f]),
        "wgan-gp": mean(f) - mean(r),
        "hinge": mean([max(0, 1 - x) for x in r]) + mean([max(0, 1 + x) for x in f]),
    }[name]
    g = {
        "log": [-log(sig(x)) for x in f],
        "minimax": [log(1 - sig(x)) for x in f],
        "nonsaturating": [-log(sig(x)) for x in f],
        "lsgan": [(sig(x) - 1) ** 2 for x in f],
        "wgan-gp": [-x for x in f],
        "hinge": [-x for x in f],
    }[name]
    return d, g


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_values_by_hand(name):
    loss = LOSSES[name]
    d_expected, g_expected = by_hand(name)
    real, fake = torch.tensor(REAL, dtype=torch.float64), torch.tensor(FAKE, dtype=torch.float64)
    assert float(loss.d_loss(real, fake)) == pytest.approx(d_expected, rel=1e-12)
    assert loss.g_loss_per_sample(fake).tolist() == pytest.approx(g_expected, rel=1e-12)


def test_display_units():
    logits = torch.tensor([0.0, 2.0])
    assert LOSSES["log"].display(logits).tolist() == pytest.approx([0.5, sig(2.0)])
    assert LOSSES["hinge"].display(logits).tolist() == [0.0, 2.0]
    assert LOSSES["wgan-gp"].d_output == "critic" and LOSSES["wgan-gp"].gradient_penalty


def test_gradient_penalty_of_a_linear_critic():
    # D(x) = w . x has gradient w everywhere: penalty = (|w| - 1)^2 exactly.
    w = torch.tensor([3.0, 4.0])
    real, fake = torch.randn(16, 2), torch.randn(16, 2)
    penalty = gradient_penalty(lambda x: x @ w, real, fake, torch.Generator().manual_seed(0))
    assert float(penalty) == pytest.approx((5 - 1) ** 2)


@pytest.mark.parametrize("name", LOSSES)
def test_a_losss_stalemate_values_are_its_losses_where_d_cannot_tell_real_from_fake(name):
    """The loss chart marks where D's and G's losses sit in a stalemate (GanLoss.balanced); the tooltips said 1.39
    for D under GAN Lab's log loss, whose real term weighs 0.95: it sits at 1.95 ln 2 = 1.35, and GAN Lab shows half
    of that, 0.68, as it shows half of every D loss (shown_d_loss). Each value is the loss's own as shown at a D
    saying 1/2 everywhere, or at a critic scoring every point alike within the hinge's margins (any constant: so G's
    critic score, and WGAN-GP's penalised D loss, have none)."""
    loss = LOSSES[name]
    d_balanced, g_balanced = loss.balanced
    constants = [0.0] if loss.d_output == "probability" else [-0.7, 0.0, 0.4]
    for constant in constants:
        logits = torch.full((64,), constant)
        if d_balanced is not None:
            assert shown_d_loss(loss.d_loss(logits, logits)).item() == pytest.approx(d_balanced, abs=1e-6)
        if g_balanced is not None:
            assert loss.g_loss_per_sample(logits).mean().item() == pytest.approx(g_balanced, abs=1e-6)
    assert (d_balanced is None) == loss.gradient_penalty  # the penalty depends on the critic's slope
    assert (g_balanced is None) == (loss.d_output == "critic")  # G's loss is minus the score, any value
    if name == "log":
        assert d_balanced == pytest.approx((1 + 0.95) / 2 * math.log(2)) and round(d_balanced, 2) == 0.68
    if name == "nonsaturating":
        assert d_balanced == pytest.approx(math.log(2)) == g_balanced


@pytest.mark.parametrize("name", [name for name, loss in LOSSES.items() if loss.scale == "log loss"])
def test_a_losss_declared_real_weight_is_the_weight_its_d_loss_and_logit_gradients_give_real_samples(name):
    """GanLoss.real_weight says (in the stalemate words) why D's stalemate sits under G's; the loss, its fused
    gradient form (direct_step) and its stalemate value must weigh real samples by that same number: with the fakes
    scored surely fake, D's loss on real logits at 0 is the weight times ln 2, and its gradient there half the
    weight over the batch."""
    loss = LOSSES[name]
    real, fake = torch.zeros(8), torch.full((8,), -60.0)
    assert loss.d_loss(real, fake).item() == pytest.approx(loss.real_weight * math.log(2), abs=1e-6)
    d_value, d_real, _ = loss.d_loss_and_grads(real, fake)
    assert d_value.item() == pytest.approx(loss.real_weight * math.log(2), abs=1e-6)
    assert d_real == pytest.approx(torch.full((8,), -loss.real_weight * 0.5 / 8), abs=1e-7)
    assert loss.balanced[0] == pytest.approx(shown_d_loss((1 + loss.real_weight) * math.log(2)))
