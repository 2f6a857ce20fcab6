"""The one declared list of settings.

Each section is a dataclass whose fields are declared with `setting(...)`: default,
range or choices, whether a change applies live or restarts the run, and help text.
Everything else derives from these declarations: `SETTINGS` (the flat list the CLI,
the UI and the docs walk), validation, `--set section.key=value` parsing, and
TOML load/save. Nothing here imports beyond the standard library and the preset
registry (presets.py), which is standard library only.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .presets import PRESETS, USER_DATA_TITLES, data_title, with_preset


class SettingError(ValueError):
    """A bad setting value or key; the message is one line meant for the user. `detail`: what is wrong with a value,
    without the key that names it (a panel names the setting in its own words first)."""

    def __init__(self, message: str, detail: str | None = None):
        super().__init__(message)
        self.detail = message if detail is None else detail


@dataclass(frozen=True)
class Setting:
    key: str  # "section.name"
    type: type  # int, float, str or bool
    default: Any
    help: str
    live: bool  # True: applies to the running trainer; False: restarts the run
    choices: tuple[str, ...] | None = None  # the ids: what is typed (--set, TOML, sessions) and saved
    choice_titles: tuple[str, ...] | None = None  # how a person reads each choice, in `choices`' order ("SGD")
    low: float | None = None  # inclusive bounds for numbers
    high: float | None = None
    ui_high: float | None = None  # GAN Lab's tighter UI limit where config allows more
    log_scale: bool = False  # UI hint: edit on a log slider
    label: str | None = None  # what a panel calls it where its name (manifold_res) would read as code; None: its name
    steps: tuple[float, ...] | None = None  # the sensible values at a glance, ascending (GAN Lab's learning rates'
    # drop-down, the toolbar's paces): the list a click on its field opens (any other value in range still typed),
    # which the graph's up/down arrows step through; None: no list, a count stepped by 1
    step_titles: tuple[str, ...] | None = None  # what each listed value means, in `steps`' order ("" for nothing)

    @property
    def name(self) -> str:
        """Its name in its section, as typed after --set section. (and in the settings panels without a `label`)."""
        return self.key.split(".", 1)[1]

    @property
    def shown_label(self) -> str:
        return self.name if self.label is None else self.label

    def parse(self, text: str) -> Any:
        """Turn typed text (the command line's, a number field's) into a typed value, then validate it; a refused
        number is named as typed (-1, not -1.0)."""
        try:
            if self.type is bool:
                lowered = text.strip().lower()
                if lowered not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
                    raise ValueError
                value: Any = lowered in ("true", "1", "yes", "on")
            else:
                value = self.type(text)
        except ValueError:
            raise self._refusal(f"{text!r} is not {self.accepted}") from None
        return self.validate(value, text.strip() if self.type in (int, float) else None)

    def validate(self, value: Any, named: str | None = None) -> Any:
        """The value, typed and in range, or SettingError; `named`: how a refusal names it (default: its repr)."""
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, self.type) or (self.type is int and isinstance(value, bool)):
            raise self._refusal(f"expected {self.accepted}, got {value!r}")
        named = repr(value) if named is None else named
        if self.type is float and not math.isfinite(value):
            raise self._refusal(f"{named} is not a finite number")
        if self.choices is not None and value not in self.choices:
            raise self._refusal(f"{named} is not one of {', '.join(self.choices)}")
        if self.low is not None and value < self.low:
            raise self._refusal(f"{named} is below the minimum {self._bound(self.low)}")
        if self.high is not None and value > self.high:
            raise self._refusal(f"{named} is above the maximum {self._bound(self.high)}")
        return value

    def _refusal(self, detail: str) -> SettingError:
        """A refused value: the key, then what is wrong with it."""
        return SettingError(f"{self.key}: {detail}", detail)

    def _bound(self, bound: float) -> str:
        """A bound as the user would type it: whole for a whole number (2147483647, not 2.14748e+09)."""
        return str(int(bound)) if self.type is int else f"{bound:g}"

    @property
    def accepted(self) -> str:
        """What a refusal of a value of another type says it takes, in words a student reads ("'fast' is not a number
        (1e-06 .. 10)"; "not a valid float" named Python's type, and no range)."""
        if self.choices is not None:
            return f"one of {', '.join(self.choices)}"
        kind = {int: "a whole number", float: "a number", bool: "true or false", str: "text"}[self.type]
        span = self.describe_range() if self.type in (int, float) else ""
        return f"{kind} ({span})" if span else kind

    def stepped(self, value: Any, by: int) -> Any:
        """The value one step up (`by` 1) or down (-1) from `value`, GAN Lab's add and remove buttons or its list's
        next value (from one typed between two, the next listed that way); refused past the list's end, where only
        a typed value goes on. It steps from the value as the graph reads it (STEP_DIGITS): a drag leaves 0.1003,
        read "lr 0.1", and a click to 0.1 changed nothing on the screen. A count's step past its limit is left to
        `validate`."""
        if self.steps is None:
            return value + by
        read = self._as_read(value)
        beyond = [step for step in self.steps if (step - read) * by > 0]
        if not beyond:
            raise self._refusal(f"GAN Lab offers none {'above' if by > 0 else 'below'} {read:g} "
                                f"({self.describe_listed()}); type one ({self.describe_range()})")
        return min(beyond) if by > 0 else max(beyond)

    def listed(self, value: Any) -> float | None:
        """The listed value (`steps`) that `value` reads as (`_as_read`, as `stepped` reads it), else None."""
        return next((step for step in self.steps or () if step == self._as_read(value)), None)

    def _as_read(self, value: Any) -> Any:
        """`value` as its field reads it: a float in STEP_DIGITS, as the graph does (a drag's 0.1003 reads "lr 0.1");
        a count whole (the speed's 1004 it/frame, in three digits 1000, was marked the listed 1000)."""
        return value if self.type is int else float(f"{value:.{STEP_DIGITS}g}")

    def reads(self, value: Any) -> str:
        """How a person reads `value`: a choice by its title ("SGD" for sgd), any other value as typed."""
        if self.choice_titles is not None and value in self.choices:
            return self.choice_titles[self.choices.index(value)]
        return str(value)

    @property
    def applies(self) -> str:
        """When a change takes effect, in the reference's words."""
        return "live" if self.live else "restarts the run"

    def describe_listed(self) -> str:
        """The listed values (`steps`) as typed, each with what it means where it says ("1 (GAN Lab's pace), 10");
        "" where there are none."""
        return ", ".join(f"{step:g}" + (f" ({title})" if title else "")
                         for step, title in zip(self.steps or (), self.step_titles or ()))

    def describe_range(self) -> str:
        if self.choices:
            return " | ".join(self.choices)
        if self.low is not None or self.high is not None:
            low = "-inf" if self.low is None else self._bound(self.low)
            high = "inf" if self.high is None else self._bound(self.high)
            return f"{low} .. {high}"
        return ""


def setting(default: Any, help: str, *, live: bool, label: str | None = None,
            choices: dict[str, str] | tuple[str, ...] | None = None,
            steps: dict[float, str] | tuple[float, ...] | None = None, **limits: Any) -> Any:
    """Declare a config field; the metadata becomes a `Setting` in `SETTINGS`. `label`: Setting.label; `choices`:
    each choice's id (typed and saved) -> its title (read in the panels and sentences), Setting.choices and
    Setting.choice_titles; ids alone where they read as words. `steps`: the listed values, ascending, each -> what
    it means ("" for nothing to say), Setting.steps and Setting.step_titles; the values alone where none needs
    words."""
    if choices is not None:
        titles = choices if isinstance(choices, dict) else {choice: choice for choice in choices}
        limits.update(choices=tuple(titles), choice_titles=tuple(titles.values()))
    if steps is not None:
        titled = steps if isinstance(steps, dict) else dict.fromkeys(steps, "")
        limits.update(steps=tuple(titled), step_titles=tuple(titled.values()))
    return field(default=default, metadata={"help": help, "live": live, "label": label, **limits})


# Each choice list as id -> title: the ids stay short and typeable, the titles read as GAN Lab's page does ("SGD",
# "2D Gaussian"), short enough for the overview graph's boxes
DATASET_TITLES = {name: data_title(name) for name in (*PRESETS, *USER_DATA_TITLES)}  # the presets, then user data
DATASETS = tuple(DATASET_TITLES)
ACTIVATION_TITLES = {"relu": "ReLU", "tanh": "tanh", "leaky_relu": "leaky ReLU"}
ACTIVATIONS = tuple(ACTIVATION_TITLES)
NOISE_NAMES = {  # kind -> how a notice names it (core/noise.py draws each): the two bell curves told apart in words,
    # as GAN Lab would ("N(0.5, 0.25²) on [0,1]" was a statistician's)
    "uniform": "uniform noise, spread evenly between 0 and 1",
    "gaussian": "Gaussian noise, a bell curve around 0.5 kept between 0 and 1",
    "normal": "standard normal noise, a bell curve around 0"}
NOISE_TITLES = {"uniform": "uniform", "gaussian": "Gaussian", "normal": "normal"}  # after "2D": GAN Lab's "2D Gaussian"
NOISE_KINDS = tuple(NOISE_TITLES)
# Without "loss": the settings panel's label and the sentences say it ("the least squares loss"), the graph adds it
# where it fits ("log loss", GAN Lab's "Log loss"; its "LeastSq loss")
LOSS_TITLES = {"log": "log", "minimax": "minimax", "nonsaturating": "non-saturating", "lsgan": "least squares",
               "wgan-gp": "WGAN-GP", "hinge": "hinge"}
LOSSES = tuple(LOSS_TITLES)
OPTIMIZER_TITLES = {"sgd": "SGD", "adam": "Adam"}
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)  # GAN Lab's drop-down of them (ganlab.ts)
STEP_DIGITS = 3  # the significant digits the graph reads a stepped value in (its "lr %.3g"): Setting.stepped

OPTIMIZERS = tuple(OPTIMIZER_TITLES)
# What each optimizer does, in a student's words: the tooltip said "switching type starts fresh moments"
OPTIMIZERS_DO = ("SGD steps along them; Adam scales each weight's step by running averages of its past gradients, "
                 "steadier and often faster (switching starts those averages afresh)")
# what data.file reads, by suffix, in which format (datasets.load_points has a reader for each format); the lab and the
# command line open a file of these suffixes as data
DATA_FILE_FORMATS = {".csv": "csv", ".txt": "csv", ".npy": "npy"}
DATA_SUFFIXES = tuple(DATA_FILE_FORMATS)
GOOD_STATE_EVERY = 500  # iterations between in-memory copies to revert to after a NaN (the lab's default, the CLI's)


@dataclass
class DataConfig:
    name: str = setting("gaussians", "real distribution: GAN Lab presets, research mixtures, a drawing or a file",
                        live=False, choices=DATASET_TITLES)
    file: str = setting("", "CSV or .npy file of N x 2 points, used when data.name = file", live=False)
    brush_spread: float = setting(0.02, "std of the Gaussian blur around each drawn or imported point",
                                  live=False, low=0.0, high=1.0)
    atlas_size: int = setting(12000, "real samples drawn once per run; training batches cycle through them",
                              live=False, low=100, high=1_000_000)


@dataclass
class NoiseConfig:
    dim: int = setting(2, "noise dimensions (the manifold is drawn for 1 or 2)", live=False, low=1, high=64, ui_high=2)
    # in NOISE_NAMES' words, for a student; the exact distribution in brackets, for a researcher
    kind: str = setting("gaussian", "the random input G turns into fakes; uniform: spread evenly between 0 and 1 "
                        "(U[0, 1]^d); gaussian: a bell curve around 0.5 kept between 0 and 1 (N(0.5, 0.25²) "
                        "truncated to [0, 1]^d, as GAN Lab's); normal: a bell curve around 0 (N(0, 1) truncated at 2 "
                        "std, as the research protocols'; pictured on the unit square as gaussian)",
                        live=False, choices=NOISE_TITLES)
    atlas_size: int = setting(12000, "noise samples drawn once per run; training batches cycle through them in order, "
                              "as GAN Lab does (0: fresh noise for every batch)", live=False, low=0, high=1_000_000)


# What more capacity lets each network do, the first words of its layers' and neurons' help (a student reads the help
# to learn what a value does for the GAN, before how it is counted)
CAPACITY = {"generator": "bend the noise into more intricate shapes",
            "discriminator": "draw a more intricate line between real and fake"}


def _network_section(kind: str) -> type:
    """Generator and discriminator share the same declarations; only the help differs."""

    @dataclass
    class NetworkConfig:
        hidden_layers: int = setting(2, f"more hidden layers let the {kind} {CAPACITY[kind]}, but it trains slower "
                                     "and less steadily. Every one counted: 2 is GAN Lab's '1 hidden layer(s)' (GAN "
                                     "Lab counts one fewer: its first hidden layer is always there); 0: one linear map",
                                     live=False, low=0, high=16, ui_high=5)
        neurons: int = setting(8, f"more neurons in each hidden layer let the {kind} {CAPACITY[kind]}, but it trains "
                               "slower", live=False, low=1, high=1024, ui_high=100)
        activation: str = setting("relu", f"hidden activation of the {kind}", live=False, choices=ACTIVATION_TITLES)

    NetworkConfig.__name__ = NetworkConfig.__qualname__ = f"{kind.capitalize()}NetworkConfig"
    return NetworkConfig


@dataclass
class GeneratorConfig(_network_section("generator")):  # type: ignore[misc]
    output: str = setting("auto", "output squashing: tanh (GAN Lab), linear, or auto = tanh for data in GAN Lab's "
                          "unit square (its presets, drawings), linear otherwise", live=False,
                          choices=("auto", "tanh", "linear"))


DiscriminatorConfig = _network_section("discriminator")


@dataclass
class TrainConfig:
    loss: str = setting("log", "log = GAN Lab's (real labels 0.95, G maximises log D); minimax = saturating original; "
                        "nonsaturating; lsgan = least squares; wgan-gp; hinge", live=True, choices=LOSS_TITLES)
    batch_size: int = setting(150, "real and fake samples per update", live=True, low=1, high=65536)
    d_steps: int = setting(2, "more discriminator updates per iteration keep D ahead of G, its verdict a sharper "
                           "guide for G's next move, but an unbeatable D leaves G little to learn from; 0 freezes D",
                           live=True, low=0, high=10)
    g_steps: int = setting(1, "more generator updates per iteration move G further against each D, faster but apt "
                           "to overshoot a D that lags; 0 freezes G", live=True, low=0, high=10)
    d_optimizer: str = setting("sgd", f"how the discriminator's gradients change its weights: {OPTIMIZERS_DO}",
                               live=True, choices=OPTIMIZER_TITLES)
    g_optimizer: str = setting("sgd", f"how the generator's gradients change its weights: {OPTIMIZERS_DO}",
                               live=True, choices=OPTIMIZER_TITLES)
    # What too high does, as a student sees it: GAN Lab's 1 for D silenced its ReLU units within 50 iterations on each
    # of GAN Lab's presets (the fakes frozen, no NaN), where the help promised only overshoot and oscillation
    d_lr: float = setting(0.1, "a higher discriminator learning rate makes D learn faster: it can overpower G or "
                          "overshoot and oscillate, and too high (GAN Lab's 1 on its presets) silences D's units, "
                          "leaving the fakes no gradient; lower is steadier but slower", live=True, low=1e-6,
                          high=10.0, log_scale=True, steps=LEARNING_RATES)
    g_lr: float = setting(0.03, "a higher generator learning rate makes G move its samples faster: it can overshoot, "
                          "oscillate or collapse onto a few modes, and too high can silence G's units, every fake at "
                          "one point; lower is steadier but slower", live=True, low=1e-6, high=10.0, log_scale=True,
                          steps=LEARNING_RATES)
    beta1: float = setting(0.9, "Adam beta1 (both networks)", live=True, low=0.0, high=0.9999)
    beta2: float = setting(0.999, "Adam beta2 (both networks)", live=True, low=0.0, high=0.99999)
    lr_decay_end: int = setting(0, "0: constant learning rates; N: both hold until iteration N/2, then fall linearly "
                                "to 0 at N and stay there (the research protocols' schedule, N = their length)",
                                live=True, low=0, high=100_000_000)
    gp_weight: float = setting(0.1, "WGAN-GP gradient penalty weight (0.1 as in Gulrajani et al.'s 2-D toys)",
                               live=True, low=0.0, high=100.0)


@dataclass
class ProbeConfig:
    shown_samples: int = setting(450, "real samples shown (GAN Lab: 450)", live=True, low=2, high=1_000_000)
    shown_fakes: int = setting(150, "fake samples shown, from a fixed noise set, each with its gradient (GAN Lab: "
                               "150, one batch)", live=True, low=2, high=1_000_000)
    heatmap_res: int = setting(64, "discriminator heatmap cells per side", live=True, label="heatmap resolution",
                               low=2, high=2048)
    manifold_res: int = setting(32, "manifold cells per side (segments for 1-D noise)", live=True,
                                label="manifold resolution", low=1, high=2048)


@dataclass
class MetricsConfig:
    every: int = setting(50, "iterations between divergence / mode-coverage evaluations (losses: every one; "
                         "GAN Lab refreshes its charts every 50 too)",
                         live=True, low=1, high=100000)
    grid: int = setting(30, "histogram cells per side for KL / JS (GAN Lab uses 30)", live=True, low=2, high=512)
    samples: int = setting(5000, "real and fake samples per divergence evaluation", live=True, low=100, high=1_000_000)
    history: int = setting(20000, "rows kept per metric history (losses, evaluations), older ones thinned", live=True,
                           low=10, high=10_000_000)


@dataclass
class RunConfig:
    # The default seed is a typical converging run (the lab's untrained one, beside the pre-trained model it opens
    # on): with GAN Lab's gaussians config about one seed in five stalls with a flat D (as in GAN Lab), seed 0
    # among them, and a first run from scratch should teach, not stall.
    seed: int = setting(23, "seed for weights, data and noise: same seed, same losses (on CPU)", live=False,
                        low=0, high=2**31 - 1)
    device: str = setting("auto", "auto picks CUDA when available; cuda without a CUDA GPU: the lab trains on the CPU "
                          "and says so, train, sample, render and animate told to use it refuse", live=False,
                          choices={"auto": "auto", "cpu": "CPU", "cuda": "CUDA"})
    threads: int = setting(1, "CPU threads for torch (tiny MLPs run fastest on 1; see docs/BENCHMARKS.md)",
                           live=False, low=1, high=256)
    cuda_graph: bool = setting(False, "on CUDA, capture one iteration as a CUDA graph and replay it (one launch "
                               "per iteration); falls back to eager steps, saying why, where capture is impossible",
                               live=True)


@dataclass
class TimelineConfig:
    memory_mb: int = setting(64, "memory for the timeline: the run's whole state at every iteration, to scrub back "
                             "and branch from; over the cap the older iterations are thinned to an even spacing "
                             "(0: off; at most the training device's memory; every run the lab holds, compared or "
                             "kept for Ctrl+Z, shares it equally)",
                             live=True, low=0, high=65536)


class SettingsTree:
    """Base for a dataclass of sections of `setting(...)` fields: access by "section.key".

    GanConfig (training) and the app's ViewConfig share this one mechanism.
    """

    @classmethod
    def settings(cls) -> dict[str, Setting]:
        if "_declared" not in cls.__dict__:
            cls._declared = {s.key: s for s in declare(cls)}
        return cls._declared

    def get(self, key: str) -> Any:
        section, name = self._split(key)
        return getattr(getattr(self, section), name)

    def reads(self, key: str) -> str:
        """How a person reads the value of `key`: a choice by its title (Setting.reads)."""
        return self.settings()[key].reads(self.get(key))

    def set(self, key: str, value: Any) -> None:
        section, name = self._split(key)
        setattr(getattr(self, section), name, self.settings()[key].validate(value))

    def copy(self):
        """An independent copy: each section copied, as every value is an int, float, str or bool (declared once,
        validated on every set), so nothing inside is shared. The lab copies once per frame: no re-validation."""
        return type(self)(**{name: dataclasses.replace(section) for name, section in vars(self).items()})

    def fingerprint(self, sections: tuple[str, ...] | None = None) -> tuple:
        """Every value in declaration order, of the named `sections` only where given: equal fingerprints, equal
        settings (cheap to compare every frame)."""
        return tuple(value for name, section in vars(self).items() if sections is None or name in sections
                     for value in vars(section).values())

    def changed_keys(self, other: SettingsTree) -> list[str]:
        if self == other:  # the lab asks every frame, mostly for none: the dataclasses' comparison is 20x quicker
            return []
        return [key for key in self.settings() if self.get(key) != other.get(key)]

    @classmethod
    def _split(cls, key: str) -> tuple[str, str]:
        if key not in cls.settings():  # train.lr: g_lr or d_lr
            raise unknown_setting(key, difflib.get_close_matches(key, cls.settings(), n=2, cutoff=0.8))
        section, name = key.split(".", 1)
        return section, name


def unknown_setting(name: str, meant: list[str]) -> SettingError:
    """The refusal of a setting `name` that is not declared, naming the keys `meant` (the nearest; may be none)."""
    if not meant:
        return SettingError(f"unknown setting {name!r} (see ganlab-gl settings for the list)")
    said = meant[0] if len(meant) == 1 else f"{', '.join(meant[:-1])} or {meant[-1]}"
    return SettingError(f"unknown setting {name!r}; did you mean {said}? (see ganlab-gl settings for the list)")


def declare(root: type) -> list[Setting]:
    """The flat list of settings declared by a SettingsTree's section dataclasses."""
    declared = []
    for section in dataclasses.fields(root):
        for f in dataclasses.fields(section.default_factory()):  # type: ignore[misc]
            meta = dict(f.metadata)
            declared.append(Setting(key=f"{section.name}.{f.name}", type=type(f.default), default=f.default,
                                    help=meta.pop("help"), live=meta.pop("live"), **meta))
    return declared


@dataclass
class GanConfig(SettingsTree):
    data: DataConfig = field(default_factory=DataConfig)
    noise: NoiseConfig = field(default_factory=NoiseConfig)
    generator: GeneratorConfig = field(default_factory=GeneratorConfig)  # type: ignore[valid-type]
    discriminator: DiscriminatorConfig = field(default_factory=DiscriminatorConfig)  # type: ignore[valid-type]
    train: TrainConfig = field(default_factory=TrainConfig)
    probe: ProbeConfig = field(default_factory=ProbeConfig)
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    run: RunConfig = field(default_factory=RunConfig)
    timeline: TimelineConfig = field(default_factory=TimelineConfig)


SETTINGS_BY_KEY: dict[str, Setting] = GanConfig.settings()
SETTINGS: list[Setting] = list(SETTINGS_BY_KEY.values())


def to_dict(config: SettingsTree) -> dict[str, dict[str, Any]]:
    return dataclasses.asdict(config)


def from_dict(tree: dict[str, Any], base: SettingsTree | None = None, source: str = "config",
              unknown: list[str] | None = None) -> Any:
    """Build a settings tree from nested {section: {key: value}} over `base` (default: a
    fresh GanConfig); `base` itself is left untouched. Unknown keys are errors, unless `unknown`
    is given: then they are left out and listed there (a whole unknown section by its name)."""
    config = GanConfig() if base is None else base.copy()
    if not isinstance(tree, dict):
        raise SettingError(f"{source}: expected a table of sections")
    sections = {key.split(".", 1)[0] for key in config.settings()}
    for section, entries in tree.items():
        if unknown is not None and section not in sections:
            unknown.append(str(section))
            continue
        if not isinstance(entries, dict):
            raise SettingError(f"{source}: [{section}] must be a table, got {entries!r}")
        for name, value in entries.items():
            key = f"{section}.{name}"
            if unknown is not None and key not in config.settings():
                unknown.append(key)
                continue
            try:
                config.set(key, value)
            except SettingError as error:
                raise SettingError(f"{source}: {error}") from None
    return config


def apply_overrides(config: SettingsTree, assignments: list[str]) -> Any:
    """Apply `section.key=value` strings (the CLI's --set) to a copy of `config`."""
    config = config.copy()
    for assignment in assignments:
        key, sep, text = assignment.partition("=")
        if not sep:
            raise SettingError(f"--set {assignment!r}: expected section.key=value")
        key = key.strip()
        config._split(key)
        config.set(key, config.settings()[key].parse(text.strip()))
    return config


def given_config(toml: str | Path | None, assignments: list[str], base: GanConfig | None = None) -> GanConfig:
    """A new run's config as a command line gives it: a TOML file's settings (`toml`; None: none), then the
    `section.key=value` assignments (--set), over `base` (a research protocol's). Without a base, data that names
    a preset brings that preset's training config first, as picking it in the lab does, and what the file and the
    assignments give goes over it: `--set data.name=disjoint` trained with the gaussians preset's config."""
    def given(under: GanConfig) -> GanConfig:
        return apply_overrides(under if toml is None else load_toml(toml, under), assignments)

    if base is not None:
        return given(base)
    config = given(GanConfig())
    return given(with_preset(GanConfig(), config.data.name)) if config.data.name in PRESETS else config


def load_toml(path: str | Path, base: SettingsTree | None = None) -> Any:
    path = Path(path)
    try:
        tree = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingError(f"{path}: no such config file") from None
    except OSError as error:  # a folder, no permission
        raise SettingError(f"{path}: cannot read the config file ({error.strerror or error})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingError(f"{path}: not valid TOML ({error})") from None
    return from_dict(tree, base, source=str(path))


def dump_toml(config: SettingsTree) -> str:
    """Settings are flat scalars, so a small writer covers TOML's needs here."""
    lines = []
    for section, entries in to_dict(config).items():
        lines.append(f"[{section}]")
        for name, value in entries.items():
            lines.append(f"{name} = {_toml_scalar(value)}")
        lines.append("")
    return "\n".join(lines)


def _toml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def settings_table_markdown(settings: list[Setting] | None = None) -> str:
    """The reference table in docs/SETTINGS.md is generated from the declarations."""
    rows = ["| key | type | default | range | applies | meaning |", "|---|---|---|---|---|---|"]
    for s in SETTINGS if settings is None else settings:
        listed = f"; listed: {s.describe_listed()}" if s.steps else ""  # what a click on its field offers
        cells = [f"`{s.key}`", s.type.__name__, f"`{s.default!r}`", s.describe_range() + listed, s.applies, s.help]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")  # a bare | splits the cell
    return "\n".join(rows)
