"""The dataset presets, declared once: name, lab key, title, and the training config each trains with.

GAN Lab never trains a preset with its HTML defaults: on load, on reset and whenever a
preset is picked it reloads that preset's config from its pretrained JSON
(poloclub/ganlab, demo/pretrained_models/pretrained_<name>.json). `GANLAB_CONFIGS`
carries those four configs in our setting keys; GAN Lab's "N hidden layers" is our
`hidden_layers = N + 1` (its first layer is always there). The research mixtures train
with their vanilla-GAN protocol (`experiments.py`). This module imports only the
standard library, so the CLI's help and the settings list need no torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # settings.py imports this module for data.name's choices, so not at run time
    from .settings import GanConfig


def _ganlab(noise: str, g_layers: int, g_neurons: int, d_layers: int, d_neurons: int, d_lr: float, g_lr: float,
            d_steps: int, g_steps: int) -> dict[str, Any]:
    """One GAN Lab pretrained config, in our keys (its layer counts + 1; SGD, log loss, batch 150, ReLU, tanh)."""
    return {
        "noise.dim": 2, "noise.kind": noise,
        "generator.hidden_layers": g_layers + 1, "generator.neurons": g_neurons,
        "generator.activation": "relu", "generator.output": "auto",
        "discriminator.hidden_layers": d_layers + 1, "discriminator.neurons": d_neurons,
        "discriminator.activation": "relu",
        "train.loss": "log", "train.batch_size": 150, "train.d_steps": d_steps, "train.g_steps": g_steps,
        "train.d_optimizer": "sgd", "train.g_optimizer": "sgd", "train.d_lr": d_lr, "train.g_lr": g_lr,
        "train.beta1": 0.9, "train.beta2": 0.999,
    }


@dataclass(frozen=True)
class Preset:
    name: str  # data.name
    key: str  # the lab's key for it (chord name, "1".."7")
    title: str  # shown under its thumbnail
    training: dict[str, Any]  # setting key -> value this data trains with (training keys only, never view/probe)
    source: str  # where the training config comes from


PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset("line", "1", "Line", _ganlab("uniform", 1, 5, 1, 6, 0.03, 0.01, 2, 1), "GAN Lab pretrained_line.json"),
    Preset("gaussians", "2", "Two Gaussians", _ganlab("gaussian", 1, 8, 1, 8, 0.1, 0.03, 2, 1),
           "GAN Lab pretrained_gaussians.json"),
    Preset("ring", "3", "Ring", _ganlab("uniform", 1, 10, 2, 9, 0.1, 0.03, 3, 1), "GAN Lab pretrained_ring.json"),
    Preset("disjoint", "4", "Disjoint", _ganlab("gaussian", 2, 10, 2, 11, 0.1, 0.03, 1, 1),
           "GAN Lab pretrained_disjoint.json"),
    Preset("ring8", "5", "Ring of 8", {}, "research mixture"),
    Preset("grid25", "6", "Grid of 25", {}, "research mixture"),
    Preset("swissroll", "7", "Swiss roll", {}, "research mixture"),
)}

GANLAB_PRESETS = ("line", "gaussians", "ring", "disjoint")  # the four GAN Lab ships, in its order
DEFAULT_PRESET = "gaussians"  # GAN Lab opens on it; GanConfig's declared defaults equal its config


def register(preset: Preset) -> None:
    """Add a preset (the research mixtures register theirs from experiments.py)."""
    if preset.name in PRESETS:
        raise ValueError(f"presets: {preset.name!r} is declared twice")
    if any(p.key == preset.key for p in PRESETS.values()):
        raise ValueError(f"presets: key {preset.key!r} of {preset.name!r} is already taken")
    PRESETS[preset.name] = preset


def with_preset(config: GanConfig, name: str) -> GanConfig:
    """A copy of `config` on preset `name` with that preset's training config; view, probe,
    metric and run settings are kept."""
    from .settings import SettingError

    if name not in PRESETS:
        raise SettingError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    config = config.copy()
    config.data.name = name
    for key, value in PRESETS[name].training.items():
        config.set(key, value)
    return config


def training_keys() -> tuple[str, ...]:
    """Every key some preset sets: what picking a preset may change."""
    return tuple(dict.fromkeys(key for p in PRESETS.values() for key in p.training))
