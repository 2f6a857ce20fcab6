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

from .presets import HINGE, PACGAN_SCALED, PACGAN_SCALED_ITERATIONS, PACGAN_VANILLA, WGAN_GP
from .settings import GanConfig, SettingError

@dataclass(frozen=True)
class Experiment:
    name: str
    title: str
    protocol: str  # the paper it follows, and how it is scaled
    settings: dict[str, Any]  # setting key -> value, over the declared defaults
    iterations: int  # how long the protocol trains


def _mixture_experiments(data: str, modes: str) -> list[Experiment]:
    base = {"data.name": data, **PACGAN_SCALED}
    pacgan = "PacGAN (Lin et al. 2018) 2-D protocol, networks scaled to CPU"
    gp_iterations = 12_000  # 5 critic updates each (60k); at 4,000 grid25's fakes still lay between its modes
    return [
        Experiment(f"{data}-vanilla", f"{modes}: vanilla GAN", pacgan, {"data.name": data, **PACGAN_VANILLA},
                   PACGAN_SCALED_ITERATIONS),
        Experiment(f"{data}-wgan-gp", f"{modes}: WGAN-GP", f"{pacgan}; Gulrajani et al. 2017's critic schedule",
                   {**base, **WGAN_GP, "train.lr_decay_end": gp_iterations}, gp_iterations),
        Experiment(f"{data}-hinge", f"{modes}: hinge loss", f"{pacgan}; hinge loss (Lim & Ye 2017, Miyato et al. 2018)",
                   {**base, **HINGE, "train.lr_decay_end": PACGAN_SCALED_ITERATIONS}, PACGAN_SCALED_ITERATIONS),
    ]


EXPERIMENTS: dict[str, Experiment] = {e.name: e for e in (
    *_mixture_experiments("ring8", "Ring of 8 Gaussians"),
    *_mixture_experiments("grid25", "Grid of 25 Gaussians"),
)}


def _known(name: str) -> Experiment:
    if name not in EXPERIMENTS:
        raise SettingError(f"unknown experiment {name!r}; known experiments: {', '.join(EXPERIMENTS)}")
    return EXPERIMENTS[name]


def experiment_config(name: str, base: GanConfig | None = None) -> GanConfig:
    """`base` (default: the declared defaults) with experiment `name`'s settings applied."""
    _known(name)
    config = (base or GanConfig()).copy()
    for key, value in EXPERIMENTS[name].settings.items():
        config.set(key, value)
    return config


def listing() -> str:
    """`ganlab-gl experiments`: one line per experiment."""
    width = max(map(len, EXPERIMENTS))
    return "\n".join(f"{e.name:<{width}}  {e.iterations:>6} it  {e.title} ({e.protocol})"
                     for e in EXPERIMENTS.values())


def description(name: str) -> str:
    """`ganlab-gl experiments NAME`: every setting the protocol changes, in the declared order, so a researcher can
    see what a run trains with (or vary it with --set) without reading the source."""
    experiment = _known(name)
    changed = [key for key in GanConfig.settings() if key in experiment.settings]
    return "\n".join([f"{experiment.name}: {experiment.title}, {experiment.iterations} iterations",
                      f"follows {experiment.protocol}",
                      "sets (the rest keep their defaults; `ganlab-gl settings` lists them):",
                      *(f"  {key} = {experiment.settings[key]}" for key in changed)])
