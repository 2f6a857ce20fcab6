"""Named research protocols: 2-D mixture experiments that reproduce published numbers.

Each experiment is a dataset, a model and an optimizer taken from a paper's 2-D mixture
protocol, scaled where a CPU needs it (the scaling is named in `protocol`), plus the
number of iterations it trains for. `ganlab-gl experiments` lists them, `ganlab-gl train
--experiment NAME` runs one, and the lab starts one from `lab --experiment NAME` or its
data panel's experiment list (`with_experiment`, `summary`). The research mixtures'
presets train with their vanilla experiment's settings. Measured results over
seeds are in docs/TRAINING.md (bench/experiments.py). Torch-free, like presets.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .presets import HINGE, with_preset, PACGAN_SCALED, PACGAN_SCALED_ITERATIONS, PACGAN_VANILLA, WGAN_GP
from .settings import NOISE_NAMES, GanConfig, SettingError

@dataclass(frozen=True)
class Experiment:
    name: str
    title: str
    short_title: str  # the title in the fewest words a student reads, no wider than the names were (the lab's narrow
    # list, beside the drawing button: its name was jargon, and a wider list took a row more)
    protocol: str  # the paper it follows, and how it is scaled
    settings: dict[str, Any]  # setting key -> value, over the declared defaults
    iterations: int  # how long the protocol trains


def _mixture_experiments(data: str, modes: str, short: str) -> list[Experiment]:
    base = {"data.name": data, **PACGAN_SCALED}
    pacgan = "PacGAN (Lin et al. 2018) 2-D protocol, networks scaled to CPU"
    gp_iterations = 12_000  # 5 critic updates each (60k); at 4,000 grid25's fakes still lay between its modes
    return [
        Experiment(f"{data}-vanilla", f"{modes}: vanilla GAN", f"{short}: vanilla", pacgan,
                   {"data.name": data, **PACGAN_VANILLA}, PACGAN_SCALED_ITERATIONS),
        Experiment(f"{data}-wgan-gp", f"{modes}: WGAN-GP", f"{short}: WGAN-GP",
                   f"{pacgan}; Gulrajani et al. 2017's critic schedule",
                   {**base, **WGAN_GP, "train.lr_decay_end": gp_iterations}, gp_iterations),
        Experiment(f"{data}-hinge", f"{modes}: hinge loss", f"{short}: hinge loss",
                   f"{pacgan}; hinge loss (Lim & Ye 2017, Miyato et al. 2018)",
                   {**base, **HINGE, "train.lr_decay_end": PACGAN_SCALED_ITERATIONS}, PACGAN_SCALED_ITERATIONS),
    ]


EXPERIMENTS: dict[str, Experiment] = {e.name: e for e in (
    *_mixture_experiments("ring8", "Ring of 8 Gaussians", "Ring"),
    *_mixture_experiments("grid25", "Grid of 25 Gaussians", "Grid"),
)}


def known_experiment(name: str) -> Experiment:
    """Experiment `name`; SettingError naming the known ones where there is none."""
    if name not in EXPERIMENTS:
        raise SettingError(f"unknown experiment {name!r}; known experiments: {', '.join(EXPERIMENTS)}")
    return EXPERIMENTS[name]


def experiment_config(name: str, base: GanConfig | None = None) -> GanConfig:
    """`base` (default: the declared defaults) with experiment `name`'s settings applied."""
    known_experiment(name)
    config = (base or GanConfig()).copy()
    for key, value in EXPERIMENTS[name].settings.items():
        config.set(key, value)
    return config


def with_experiment(config: GanConfig, name: str) -> GanConfig:
    """A copy of `config` running experiment `name`: its training settings as on a fresh config (what a preset
    set before goes back to the defaults, as `with_preset` does), and the view, probe, metric and run settings
    kept."""
    return experiment_config(name, with_preset(config, known_experiment(name).settings["data.name"]))


def running_experiment(config: GanConfig) -> str | None:
    """The experiment whose every setting `config` has (None: none); ring8 and grid25's presets are their
    vanilla experiments."""
    return next((e.name for e in EXPERIMENTS.values()
                 if all(config.get(key) == value for key, value in e.settings.items())), None)


def summary(name: str) -> str:
    """What experiment `name` trains, in the lab's words: the noise, the networks, the loss, the optimizer, the
    batch, the updates and the length (`ganlab-gl experiments` and docs/TRAINING.md name the paper; the settings
    panel has every key)."""
    config, experiment = experiment_config(name), EXPERIMENTS[name]
    noise, g, d, t = config.noise, config.generator, config.discriminator, config.train
    critic = "critic" if t.loss == "wgan-gp" else "D"
    penalty = f" (gradient penalty {t.gp_weight:g})" if t.loss == "wgan-gp" else ""
    falling = (", the rates falling to 0 over its second half" if t.lr_decay_end == experiment.iterations else "")
    return (f"{noise.dim}-D {NOISE_NAMES[noise.kind]}; G {g.hidden_layers} x {g.neurons}, "
            f"D {d.hidden_layers} x {d.neurons} ({config.reads('generator.activation')}); "
            f"{config.reads('train.loss')} loss{penalty}; {config.reads('train.g_optimizer')} lr {t.g_lr:g} "
            f"(betas {t.beta1:g}, {t.beta2:g}), batch {t.batch_size}, "
            f"{t.d_steps} {critic} update{'s' if t.d_steps > 1 else ''} per G update; "
            f"{experiment.iterations:,} iterations{falling}")


def experiment_notice(name: str) -> str:
    """What starting experiment `name` in the lab says: its name, title and paper, and what it trains with."""
    experiment = EXPERIMENTS[name]
    return f"experiment {name}: {experiment.title} ({experiment.protocol}). {summary(name)}"


def listing() -> str:
    """`ganlab-gl experiments`: one line per experiment."""
    width = max(map(len, EXPERIMENTS))
    return "\n".join(f"{e.name:<{width}}  {e.iterations:>6} it  {e.title} ({e.protocol})"
                     for e in EXPERIMENTS.values())


def description(name: str) -> str:
    """`ganlab-gl experiments NAME`: every setting the protocol changes, in the declared order, so a researcher can
    see what a run trains with (or vary it with --set) without reading the source."""
    experiment = known_experiment(name)
    changed = [key for key in GanConfig.settings() if key in experiment.settings]
    return "\n".join([f"{experiment.name}: {experiment.title}, {experiment.iterations} iterations",
                      f"follows {experiment.protocol}",
                      "sets (the rest keep their defaults; `ganlab-gl settings` lists them):",
                      *(f"  {key} = {experiment.settings[key]}" for key in changed)])
