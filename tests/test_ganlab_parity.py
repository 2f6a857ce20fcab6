"""Step-level parity with GAN Lab's arithmetic.

tests/fixtures/ganlab_parity_<preset>.npz holds the weights after every D and G update
of 50 iterations, computed by GAN Lab's model, losses, SGD and input providers on
TensorFlow.js's CPU backend (scripts/ganlab_reference/train.js, tfjs-core 0.12.18) from
our Trainer's initial weights and atlases (scripts/ganlab_parity.py). Our Trainer replays
the same iterations; every weight must agree to float32 rounding.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import torch

from ganlab_gl.core.presets import GANLAB_PRESETS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

_spec = importlib.util.spec_from_file_location("ganlab_parity", ROOT / "scripts" / "ganlab_parity.py")
ganlab_parity = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ganlab_parity)


def flat_ganlab_order(network: torch.nn.Sequential) -> np.ndarray:
    """All of a network's weights as GAN Lab lists them: W as [in, out], then b, layer by layer."""
    parts = []
    for layer in network:
        if isinstance(layer, torch.nn.Linear):
            parts += [layer.weight.detach().T.flatten(), layer.bias.detach()]
    return torch.cat(parts).numpy().copy()


def our_trajectory(preset: str, iterations: int) -> dict[str, list[np.ndarray]]:
    """Every update's weights and loss, one update at a time: Step D and Step G (`d_step`, `g_step`: the walk's
    autograd arithmetic, one update each) in an iteration's order, its D updates then its G updates (the walk
    lights each network's updates of an iteration once, so it shows the last one's weights alone)."""
    trainer = ganlab_parity.parity_trainer(preset)
    trajectory = {"D": [], "G": [], "D_losses": [], "G_losses": []}
    train = trainer.config.train
    turns = (("D", train.d_steps, trainer.d_step, trainer.discriminator, lambda: trainer.last_d_loss),
             ("G", train.g_steps, trainer.g_step, trainer.generator, lambda: trainer.last_g_loss))
    for _ in range(iterations):
        for network, updates, step, module, loss in turns:
            for _ in range(updates):
                step()
                trajectory[network].append(flat_ganlab_order(module))
                trajectory[f"{network}_losses"].append(float(loss()))
    return trajectory, trainer


@pytest.mark.parametrize("preset", GANLAB_PRESETS)
def test_every_update_matches_ganlab_arithmetic(preset):
    fixture = np.load(FIXTURES / f"ganlab_parity_{preset}.npz")
    iterations = int(fixture["iterations"])
    ours, trainer = our_trajectory(preset, iterations)
    assert ganlab_parity.inputs_digest(ganlab_parity.parity_trainer(preset)) == str(fixture["inputs_sha256"]), (
        "initial weights or atlases changed: regenerate with scripts/ganlab_parity.py")
    for network in ("D", "G"):
        reference = fixture[f"{network}_weights"]
        assert len(ours[network]) == len(reference) > 0
        for update, (mine, theirs) in enumerate(zip(ours[network], reference)):
            scale = np.abs(theirs).max()
            # float32 rounding: summation order differs (one matmul over real+fake here, two there)
            assert np.abs(mine - theirs).max() <= 5e-6 * scale, f"{preset} {network} update {update + 1}"
        np.testing.assert_allclose(ours[f"{network}_losses"], fixture[f"{network}_losses"], rtol=1e-4, atol=1e-6)


def test_the_comparison_catches_a_different_update_rule():
    """A planted fault (G's learning rate 1% off) must fail the comparison."""
    fixture = np.load(FIXTURES / "ganlab_parity_gaussians.npz")
    trainer = ganlab_parity.parity_trainer("gaussians")
    for group in trainer.g_optimizer.param_groups:
        group["lr"] *= 1.01
    for _ in range(3):
        trainer.iteration()
    mine, theirs = flat_ganlab_order(trainer.generator), fixture["G_weights"][2]
    assert np.abs(mine - theirs).max() > 5e-6 * np.abs(theirs).max()


@pytest.mark.parametrize("preset", GANLAB_PRESETS)
def test_direct_iterations_match_ganlab_arithmetic(preset):
    """Trainer.iteration() (the scripted direct step, no autograd) against the same reference, iteration by
    iteration."""
    fixture = np.load(FIXTURES / f"ganlab_parity_{preset}.npz")
    trainer = ganlab_parity.parity_trainer(preset)
    d_steps, g_steps = trainer.config.train.d_steps, trainer.config.train.g_steps
    for iteration in range(int(fixture["iterations"])):
        trainer.iteration()
        for network, steps, reference in (("D", d_steps, fixture["D_weights"]), ("G", g_steps, fixture["G_weights"])):
            if steps:
                theirs = reference[(iteration + 1) * steps - 1]
                mine = flat_ganlab_order(trainer.discriminator if network == "D" else trainer.generator)
                assert np.abs(mine - theirs).max() <= 5e-6 * np.abs(theirs).max(), f"{preset} {network} {iteration}"
    assert "_scripted_step" in trainer.__dict__
