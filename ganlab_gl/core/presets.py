"""The dataset presets, declared once: name, lab key, title, and the training config each trains with.

GAN Lab never trains a preset with its HTML defaults: on load, on reset and whenever a
preset is picked it reloads that preset's config from its pretrained JSON
(poloclub/ganlab, demo/pretrained_models/pretrained_<name>.json). The first four
presets carry those configs in our setting keys; GAN Lab's "N hidden layers" is our
`hidden_layers = N + 1` (its first layer is always there). The research mixtures train
with the published protocols declared here, which `experiments.py` names and measures.
This module imports only the standard library, so the CLI's help and the settings list
need no torch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ganlab_gl.core.wording import counted

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


# PacGAN (Lin et al., NeurIPS 2018, Table 1; fjxmlzn/PacGAN synthetic_data_experiments): ring of 8
# Gaussians (radius 1, std 0.01) and a 5x5 grid (spacing 2, std 0.05); noise N(0, 1) in 2-D, Adam, one D
# update per G update, a fixed set of 100k real samples and fresh noise per batch, scored on 2,500 fakes.
# Their G has 4 hidden layers of 400 units (with batch norm) and D 3 maxout layers of 200, Adam lr 1e-4
# (beta1 0.8), batch 100, 400 epochs of 100k samples (400k iterations). We keep the data, the noise, the
# batches, the scoring, the depths and the optimizer family; widths (64), learning rate (1e-3, beta1 0.5),
# batch (256) and length (20k, the rates falling linearly to 0 over the second half) are scaled so a run
# takes about a minute on one CPU core, and ReLU replaces batch norm and maxout (our MLPs have neither).
# The noise must be N(0, 1) (cut at 2 std, core/noise.py), not GAN Lab's [0, 1] Gaussian: fed the
# latter, the same networks covered 1 and 4 of ring8's modes where N(0, 1) covered 8 and 8.
PACGAN_SCALED = {
    "noise.dim": 2, "noise.kind": "normal", "noise.atlas_size": 0, "data.atlas_size": 100_000,
    "generator.hidden_layers": 4, "generator.neurons": 64, "generator.activation": "relu",
    "generator.output": "linear",
    "discriminator.hidden_layers": 3, "discriminator.neurons": 64, "discriminator.activation": "relu",
    "train.batch_size": 256, "train.d_steps": 1, "train.g_steps": 1,
    "train.d_optimizer": "adam", "train.g_optimizer": "adam", "train.d_lr": 1e-3, "train.g_lr": 1e-3,
    "train.beta1": 0.5, "train.beta2": 0.999,
}
PACGAN_SCALED_ITERATIONS = 20_000  # the vanilla and hinge protocols' length; the rates reach 0 there
PACGAN_VANILLA = {**PACGAN_SCALED, "train.loss": "nonsaturating", "train.lr_decay_end": PACGAN_SCALED_ITERATIONS}
PACGAN_KNOWN_AS = "PacGAN's settings, scaled"  # whose they are, in a few words (Preset.known_as)

# Gulrajani et al. (NeurIPS 2017, gan_toy.py): WGAN-GP's 2-D toys use Adam (0.5, 0.9), 5 critic updates
# per G update and a penalty weight of 0.1; we keep those on the same networks as the vanilla protocol.
WGAN_GP = {"train.loss": "wgan-gp", "train.d_steps": 5, "train.beta1": 0.5, "train.beta2": 0.9,
            "train.gp_weight": 0.1}
HINGE = {"train.loss": "hinge", "train.beta1": 0.5, "train.beta2": 0.9}


@dataclass(frozen=True)
class Preset:
    name: str  # data.name
    key: str  # the lab's key for it (chord name, "1".."7")
    title: str  # shown under its thumbnail
    training: dict[str, Any]  # setting key -> value this data trains with (training keys only, never view/probe)
    source: str  # where the training config comes from
    known_as: str = "GAN Lab's settings"  # whose settings, in a few words (preset_notice's brief)


PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset("line", "1", "Line", _ganlab("uniform", 1, 5, 1, 6, 0.03, 0.01, 2, 1), "GAN Lab pretrained_line.json"),
    Preset("gaussians", "2", "Two Gaussians", _ganlab("gaussian", 1, 8, 1, 8, 0.1, 0.03, 2, 1),
           "GAN Lab pretrained_gaussians.json"),
    Preset("ring", "3", "Ring", _ganlab("uniform", 1, 10, 2, 9, 0.1, 0.03, 3, 1), "GAN Lab pretrained_ring.json"),
    Preset("disjoint", "4", "Disjoint", _ganlab("gaussian", 2, 10, 2, 11, 0.1, 0.03, 1, 1),
           "GAN Lab pretrained_disjoint.json"),
    Preset("ring8", "5", "Ring of 8", PACGAN_VANILLA,
           "experiment ring8-vanilla (PacGAN's protocol, scaled)", PACGAN_KNOWN_AS),
    Preset("grid25", "6", "Grid of 25", PACGAN_VANILLA,
           "experiment grid25-vanilla (PacGAN's protocol, scaled)", PACGAN_KNOWN_AS),
    Preset("swissroll", "7", "Swiss roll", {**PACGAN_SCALED, **WGAN_GP}, "WGAN-GP's toy schedule (Gulrajani et al.)",
           "WGAN-GP's toy settings"),
)}

# data.name's values that are no preset, as sentences name them (a file by its own name where it is known)
USER_DATA_TITLES = {"drawing": "your drawing", "file": "your data file"}

GANLAB_PRESETS = ("line", "gaussians", "ring", "disjoint")  # the four GAN Lab ships, in its order
DEFAULT_PRESET = "gaussians"  # GAN Lab opens on it; GanConfig's declared defaults equal its config


def data_title(name: str, file: str = "") -> str:
    """How every sentence a person reads names data.name `name`: a preset's title ("Ring of 8", as its thumbnail's
    tooltip does), your drawing, or data.file `file`'s name; the ids ("ring8") are for typing after --set."""
    if name == "file" and file:
        return Path(file).name
    return PRESETS[name].title if name in PRESETS else USER_DATA_TITLES.get(name, name)


def with_preset(config: GanConfig, name: str) -> GanConfig:
    """A copy of `config` on preset `name` with that preset's training config; view, probe,
    metric and run settings are kept. Keys another preset sets and this one does not go back
    to their declared defaults, so a preset trains alike whichever was picked before it."""
    from .settings import GanConfig, SettingError

    if name not in PRESETS:
        raise SettingError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    config, defaults = config.copy(), GanConfig()
    config.data.name = name
    for key in training_keys():
        config.set(key, defaults.get(key))
    for key, value in PRESETS[name].training.items():
        config.set(key, value)
    return config


def training_keys() -> tuple[str, ...]:
    """Every key some preset sets: what picking a preset may change."""
    return tuple(dict.fromkeys(key for p in PRESETS.values() for key in p.training))


def watches_the_run(key: str) -> bool:
    """Whether setting `key` changes only how a run is watched (what is probed, drawn, measured or kept to rewind
    to, how a step is launched) and never what it trains: a live setting that no preset's training config sets (every
    live setting that trains is one a preset sets). Such a setting goes over a run loaded as it was saved: a shipped
    model, a session (`lab --load S --set probe.manifold_res=2048`)."""
    from .settings import SETTINGS_BY_KEY
    setting = SETTINGS_BY_KEY.get(key)
    return setting is not None and setting.live and key not in training_keys()


def given_over_preset(config: GanConfig) -> list[str]:
    """The training settings `config` holds over its preset's config, as `key=value` (none where its data is no
    preset): what a command line's --set or --config gave on top of the preset it named."""
    if config.data.name not in PRESETS:
        return []
    preset = with_preset(config, config.data.name)
    return [f"{key}={config.get(key)}" for key in training_keys() if config.get(key) != preset.get(key)]


def preset_notice(name: str, given: Sequence[str] = (), graph_beside: bool = False, brief: bool = False) -> str:
    """What training preset `name` says, in one line: whose settings it brings, and the settings `given`
    over it (`key=value`s), named after it. With `graph_beside` (the lab, whose graph shows every setting) the
    settings are pointed to, not listed: three lines of them on the canvas hid the fresh fakes as they began to
    move. `brief`: whose settings alone, in Preset.known_as's words ("Grid of 25: PacGAN's settings, scaled"), for
    lecture mode's status strip (the whole and the run Ctrl+Z brings back fitted it at 1024x768 only in 0.6 of
    lecture type, three rows)."""
    from .settings import NOISE_NAMES

    preset = PRESETS[name]
    if brief:
        return f"{preset.title}: {preset.known_as}"
    t = preset.training
    noise = f"{t.get('noise.dim', 2)}-D {NOISE_NAMES[t.get('noise.kind', 'uniform')]}"
    # in a student's words: "GAN Lab's training config" read as jargon
    source = "GAN Lab's settings" if preset.source.startswith("GAN Lab") else f"the settings of {preset.source}"
    updates = update_ratio(t.get('train.d_steps', 1), t.get('train.g_steps', 1))
    settings = "see the graph" if graph_beside else f"{noise}; G lr {t.get('train.g_lr', '?'):g}; {updates}"  # the
    # noise's words have a comma
    return (f"{preset.title}: trains with {source} ({settings})"
            + (f", with {', '.join(given)} given over it" if given else ""))


def update_ratio(d_steps: int, g_steps: int) -> str:
    """'2 D updates per G update', in the graph's words ("2 updates" by D's gradients): "2 D : 1 G" was a ratio
    nothing on screen explained."""
    return f"{counted(d_steps, 'D update')} per {'G update' if g_steps == 1 else counted(g_steps, 'G update')}"
