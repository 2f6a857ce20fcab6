"""Named research protocols: 2-D mixture experiments that reproduce published numbers.

Each experiment is a dataset, a model and an optimizer taken from a paper's 2-D mixture
protocol, scaled where a CPU needs it (the scaling is named in `protocol`), plus the
number of iterations it trains for. `ganlab-gl experiments` lists them, `ganlab-gl train
--experiment NAME` runs one, and the lab's data panel offers them. The research
mixtures' presets train with their vanilla experiment's settings. Measured results over
seeds are in docs/TRAINING.md (bench/experiments.py). Torch-free, like presets.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .settings import GanConfig, SettingError

# PacGAN (Lin et al., NeurIPS 2018, Table 1; fjxmlzn/PacGAN synthetic_data_experiments): ring of 8
# Gaussians (radius 1, std 0.01) and a 5x5 grid (spacing 2, std 0.05); 2-D Gaussian noise, Adam
# (beta1 0.8), batch 100, one D update per G update. Their G has 4 hidden layers of 400 units (with batch
# norm) and D 3 maxout layers of 200; trained 400 epochs of 100k samples (400k iterations). We keep the
# depths, the optimizer family and the batch; widths, learning rate and length are scaled to train in
# about a minute on one CPU core, and ReLU replaces batch norm and maxout (our MLPs have neither).
_PACGAN_SCALED = {
    "noise.dim": 2, "noise.kind": "gaussian",
    "generator.hidden_layers": 4, "generator.neurons": 128, "generator.activation": "relu",
    "generator.output": "linear",
    "discriminator.hidden_layers": 3, "discriminator.neurons": 128, "discriminator.activation": "relu",
    "train.batch_size": 100, "train.d_steps": 1, "train.g_steps": 1,
    "train.d_optimizer": "adam", "train.g_optimizer": "adam", "train.d_lr": 1e-3, "train.g_lr": 1e-3,
    "train.beta1": 0.8, "train.beta2": 0.999,
}

# Gulrajani et al. (NeurIPS 2017, gan_toy.py): WGAN-GP's 2-D toys use Adam (0.5, 0.9), 5 critic updates
# per G update and a penalty weight of 0.1; we keep those on the same networks as the vanilla protocol.
_WGAN_GP = {"train.loss": "wgan-gp", "train.d_steps": 5, "train.beta1": 0.5, "train.beta2": 0.9,
            "train.gp_weight": 0.1}
_HINGE = {"train.loss": "hinge", "train.beta1": 0.5, "train.beta2": 0.9}


@dataclass(frozen=True)
class Experiment:
    name: str
    title: str
    protocol: str  # the paper it follows, and how it is scaled
    settings: dict[str, Any]  # setting key -> value, over the declared defaults
    iterations: int  # how long the protocol trains


def _mixture_experiments(data: str, modes: str) -> list[Experiment]:
    base = {"data.name": data, **_PACGAN_SCALED}
    pacgan = "PacGAN (Lin et al. 2018) 2-D protocol, networks scaled to CPU"
    return [
        Experiment(f"{data}-vanilla", f"{modes}: vanilla GAN", pacgan,
                   {**base, "train.loss": "nonsaturating"}, 20000),
        Experiment(f"{data}-wgan-gp", f"{modes}: WGAN-GP", f"{pacgan}; Gulrajani et al. 2017's critic schedule",
                   {**base, **_WGAN_GP}, 20000),
        Experiment(f"{data}-hinge", f"{modes}: hinge loss", f"{pacgan}; hinge loss (Lim & Ye 2017, Miyato et al. 2018)",
                   {**base, **_HINGE}, 20000),
    ]


EXPERIMENTS: dict[str, Experiment] = {e.name: e for e in (
    *_mixture_experiments("ring8", "Ring of 8 Gaussians"),
    *_mixture_experiments("grid25", "Grid of 25 Gaussians"),
)}


def experiment_config(name: str, base: GanConfig | None = None) -> GanConfig:
    """`base` (default: the declared defaults) with experiment `name`'s settings applied."""
    if name not in EXPERIMENTS:
        raise SettingError(f"unknown experiment {name!r}; known experiments: {', '.join(EXPERIMENTS)}")
    config = (base or GanConfig()).copy()
    for key, value in EXPERIMENTS[name].settings.items():
        config.set(key, value)
    return config


def training_settings(name: str) -> dict[str, Any]:
    """An experiment's settings without its dataset: what its dataset's preset trains with."""
    return {key: value for key, value in EXPERIMENTS[name].settings.items() if not key.startswith("data.")}


def listing() -> str:
    """`ganlab-gl experiments`: one line per experiment."""
    width = max(map(len, EXPERIMENTS))
    return "\n".join(f"{e.name:<{width}}  {e.iterations:>6} it  {e.title} ({e.protocol})"
                     for e in EXPERIMENTS.values())
