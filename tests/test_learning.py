"""Learning tests over several seeds: the GAN learns, with bounds that hold for most seeds.

Bounds come from bench/convergence.py and bench/experiments.py over many seeds
(docs/TRAINING.md, "Learning tests"), not from one tuned seed:
- gaussians with GAN Lab's config (the default), 32 seeds, iteration 3000: energy
  distance of 450 fakes to the real formulas median 0.010, 81% of seeds below 0.03;
  about one seed in eight stalls (D flat at 1/2, as GAN Lab's does too). Seeds 0-4 here.
- ring8 with the vanilla research protocol (`--experiment ring8-vanilla`, 20k iterations):
  seeds 0-4 captured 8, 8, 7, 8 and 8 of 8 modes with 97.7-99.3% of fakes high quality
  (PacGAN's Table 1: 6.3 modes, 98.2%); seeds 0-2 here.
"""

import statistics

import pytest
import torch

from ganlab_gl.core import datasets, metrics, noise
from ganlab_gl.core.experiments import EXPERIMENTS, experiment_config
from ganlab_gl.core.settings import GanConfig
from ganlab_gl.core.trainer import Trainer

SEEDS = range(5)


def energy_distance_to_formulas(trainer: Trainer, seed: int) -> float:
    """450 fakes (GAN Lab shows 450) against 5,000 points from the preset's formulas."""
    c = trainer.config.noise
    z = noise.sample(450, c.dim, c.kind, torch.Generator().manual_seed(20_000 + seed))
    reference = datasets.preset(trainer.config.data.name).sample(5000, torch.Generator().manual_seed(10_000))
    with torch.no_grad():
        return metrics.energy_distance(trainer.generator(z), reference)


@pytest.mark.slow
def test_ganlab_gaussians_config_converges_on_most_seeds():
    before, after = [], []
    for seed in SEEDS:
        config = GanConfig()
        config.run.seed, config.metrics.every = seed, 100_000
        trainer = Trainer(config)
        before.append(energy_distance_to_formulas(trainer, seed))
        trainer.train(3000)
        after.append(energy_distance_to_formulas(trainer, seed))
    assert min(before) > 0.05, before  # the untrained generator is far from the data
    assert sum(score < 0.03 for score in after) >= 4, after
    assert statistics.median(after) < 0.015, after


@pytest.mark.slow
def test_vanilla_ring8_protocol_finds_nearly_every_mode_sharply_on_most_seeds():
    """`--experiment ring8-vanilla` (its 20k iterations), scored as bench/experiments.py scores it (2,500 fakes)."""
    coverages = []
    for seed in range(3):
        config = experiment_config("ring8-vanilla")
        config.run.seed, config.metrics.every = seed, 100_000
        trainer = Trainer(config)
        trainer.train(EXPERIMENTS["ring8-vanilla"].iterations)
        z = noise.sample(2500, config.noise.dim, config.noise.kind, torch.Generator().manual_seed(30_000 + seed))
        with torch.no_grad():
            coverages.append(metrics.mode_coverage(trainer.generator(z), trainer.dataset.centers,
                                                   trainer.dataset.mode_std))
    assert sum(c.modes_captured >= 7 for c in coverages) >= 2, coverages
    assert statistics.mean(c.high_quality_fraction for c in coverages) > 0.9, coverages
