"""Compare: the lab's main run beside one to three more, each the main config with a few settings changed.

A compared run is a Trainer built from the main run's config with its overrides on top
(`train.loss=wgan-gp`), on the main run's very dataset object, so the data and the seed are the
same unless an override says otherwise. `experiment=NAME` stands for every setting of a research
protocol (experiments.py), applied first, as picking it in the data panel does: the main run's
edits to training settings then leave it alone, and it must train on the main run's data (a run
whose experiment the main run's data left is dropped). The runs are stepped together: whatever
moves the main run (a step, a D or G step, a chunk of play, a walked iteration, a revert) is
followed by `follow(iteration)`, which brings every compared run to the main run's iteration,
training forward with the same kind of step, or going back through its own timeline; a run whose schedule
ends sooner (`train.lr_decay_end`, where its rates reach 0: a shorter protocol) stops there, done, its counter
and picture held, while the main run trains on (the main run's own end stops play for all). Slow motion
walks the main run's phases only; the others take each walked iteration whole when it ends. Live
edits of the main config reach every run (the overrides stay on top); edits that restart the
main run rebuild the others from its new config. This module holds the runs, their labels,
probes and sessions; the controller calls it, the panels see only `RunFrame`s.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import torch

from ganlab_gl.core import atomic, checkpoint
from ganlab_gl.core.experiments import EXPERIMENTS, known_experiment, running_experiment, with_experiment
from ganlab_gl.core.presets import data_title
from ganlab_gl.core.probes import Prober
from ganlab_gl.core.settings import LOSS_TITLES, GanConfig, SettingError
from ganlab_gl.core.snapshot import Rect, Snapshot
from ganlab_gl.core.timeline import branch
from ganlab_gl.core.trainer import Trainer, TrainingDiverged

from .lab_frame import Columns, RunFrame
from .refinement import BandedProbe, Resolution, probe_scene
from .rewind import Rewind
from .state import JSON_FAULTS, ViewConfig, json_fault
from .theme import RUN_RGB

MAX_RUNS = 4  # the main run and up to three more: four panes still fit a canvas
TAGS = "".join(RUN_RGB)  # each run's letter (A: the main run), in the panes' captions and the charts' legends;
# a run keeps its letter (and colour) from being added to being removed
COMPARE_FILE = "compare.json"  # in a session folder: each compared run's folder and overrides
RUN_FOLDER = "compare-{}"  # compare-1 .. compare-3, each one checkpoint
EXPERIMENT = "experiment"  # an override naming a research protocol: all its settings, under the other overrides


class StaleComparison(SettingError):
    """The compared runs in a session folder are not at the main run's iteration: a save that stopped part-way
    (a full disk, a crash) left the main checkpoint and the comparison from different moments."""


def parse_overrides(text: str) -> dict[str, object]:
    """`key=value[,key=value]` (training settings, parsed as declared) -> {key: value}; SettingError names
    the bad part."""
    overrides: dict[str, object] = {}
    for part in (p.strip() for p in str(text).split(",")):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or not key:
            raise SettingError(f"compare: {part!r} is not section.key=value or experiment=NAME (e.g. "
                               "train.loss=wgan-gp)")
        if key in overrides:  # the last would win without a word
            raise SettingError(f"compare: {key} given twice; a run takes one value each")
        if key == EXPERIMENT:
            overrides[key] = value.strip()
            continue
        if key not in GanConfig.settings() and key in ViewConfig.settings():
            raise SettingError(f"compare: {key} is a view setting, which every run shares; runs differ in "
                               "training settings (docs/SETTINGS.md)")
        GanConfig._split(key)  # an unknown key, named
        overrides[key] = GanConfig.settings()[key].parse(value.strip())
    return checked(overrides)


def checked(overrides: dict[str, object]) -> dict[str, object]:
    """Overrides validated as declared (a session's are read back through here). Data settings are refused:
    compared runs share the main run's data, so they share one view."""
    for key, value in overrides.items():
        if key == EXPERIMENT:
            overrides[key] = known_experiment(str(value)).name
            continue
        if str(key).startswith("data."):
            raise SettingError(f"compare: {key} cannot differ: compared runs share the main run's data")
        if str(key).startswith(("run.", "timeline.")) and key != "run.seed":
            raise SettingError(f"compare: {key} cannot differ: compared runs share the main run's device, threads "
                               "and timeline (only run.seed may differ among the run settings)")
        GanConfig._split(key)
        overrides[key] = GanConfig.settings()[key].validate(value)
    return overrides


def describe(overrides: dict[str, object]) -> str:
    """`train.loss=wgan-gp, train.g_lr=0.01` -> "WGAN-GP loss, g_lr 0.01": what a caption or legend names; a loss
    as the graph's loss list says it (a caption read "loss log" under the graph's "log loss"); an experiment by its
    name ("experiment ring8-wgan-gp"; None: "no experiment", a main run that runs none)."""
    def said(key: str, value: object) -> str:
        if key == EXPERIMENT:
            return f"experiment {value}" if value else "no experiment"
        if key == "train.loss":
            return f"{LOSS_TITLES[str(value)]} loss"
        return f"{key.split('.', 1)[1]} {value:g}" if isinstance(value, float) else f"{key.split('.', 1)[1]} {value}"
    return ", ".join(said(key, value) for key, value in overrides.items())


def main_values(config: GanConfig, keys) -> dict[str, object]:
    """The main config's value of each of `keys`: its experiment's name (None: none) for EXPERIMENT."""
    return {key: running_experiment(config) if key == EXPERIMENT else config.get(key) for key in keys}


def with_overrides(config: GanConfig, overrides: dict[str, object]) -> GanConfig:
    config = with_experiment(config, overrides[EXPERIMENT]) if EXPERIMENT in overrides else config.copy()
    for key, value in overrides.items():
        if key != EXPERIMENT:
            config.set(key, value)
    return config


def schedule_end(config: GanConfig) -> int | None:
    """The iteration where a run's learning rates reach 0 and it is done (`train.lr_decay_end`); None: never."""
    return config.train.lr_decay_end or None


def marked_done(label: str, iteration: int, end: int | None) -> str:
    """A run's `label`, marked done where the iteration it shows has reached its schedule's `end`: first, so a
    legend cut to its chart's width still says it."""
    return f"done at {end:,} · {label}" if end is not None and iteration >= end else label


def experiment_data(config: GanConfig, overrides: dict[str, object]) -> str | None:
    """The data set a run of `overrides` trains on where it is not `config`'s, which compared runs share (None:
    it is): an experiment's own."""
    name = overrides.get(EXPERIMENT)
    data = EXPERIMENTS[str(name)].settings["data.name"] if name else config.data.name
    return None if data == config.data.name else data


def check_data(config: GanConfig, overrides: dict[str, object]) -> None:
    data = experiment_data(config, overrides)
    if data is not None:
        raise SettingError(f"compare: experiment {overrides[EXPERIMENT]} trains on {data_title(data)}, the main run "
                           f"on {data_title(config.data.name, config.data.file)}; compared runs share the main run's "
                           "data")


class ComparedRun:
    def __init__(self, tag: str, overrides: dict[str, object], trainer: Trainer):
        self.tag = tag
        self.overrides = dict(overrides)
        self.trainer = trainer
        self.prober = Prober(trainer)
        self.rewind = Rewind()  # this run's past, shown while the lab is rewound (rewind.py)
        self.banded = BandedProbe()  # its probes too large for a frame, as the main run's (refinement.py)

    @property
    def label(self) -> str:
        return describe(self.overrides)

    @property
    def end(self) -> int | None:
        return schedule_end(self.trainer.config)

    @property
    def done(self) -> bool:
        return self.end is not None and self.trainer.iteration_count >= self.end

    def goal(self, iteration: int) -> int:
        """The iteration this run follows the main run's `iteration` to: no further than its own end. Only the
        main run going back moves a run back: one already past its end (an edit lowered it) keeps its iterations,
        as the main run keeps its own."""
        end, now = self.end, self.trainer.iteration_count
        return iteration if end is None else min(iteration, max(end, now))

    @property
    def shown_fakes(self) -> torch.Tensor | None:
        """The fakes of the last snapshot probed (None before the first)."""
        probed = self.banded.probed
        return None if probed is None else probed[1].fake

    def probe(self, view: Rect, resolution: Resolution, shown: int | None = None, band: int | None = None,
              allowance: int | None = None) -> tuple[Snapshot, int]:
        """(snapshot, grid points probed now) at `resolution` over `view`: the present, or the kept iteration at or
        before `shown` while the lab is rewound; the previous snapshot when nothing it shows has changed. On a CPU run
        a probe goes on over frames, `band` points a step, `allowance` of them this frame (None: all at once;
        refinement.BandedProbe), the previous snapshot given meanwhile: its iteration is the one shown."""
        self.rewind.show(self.trainer, shown)
        t, prober = self.rewind.prober(self.trainer) if self.rewind.iteration is not None else (self.trainer,
                                                                                                self.prober)
        band = band if next(t.generator.parameters()).device.type == "cpu" else None

        def start(band: int | None) -> Iterator:
            return prober.snapshot_in_bands(band, view=view, heatmap_res=resolution.heatmap,
                                            manifold_res=resolution.manifold)
        return self.banded.snapshot(probe_scene(t, view), (resolution.manifold, resolution.heatmap), start, band,
                                    allowance)


class Comparison:
    """The compared runs (not the main one, which stays the controller's); empty: no comparison."""

    def __init__(self) -> None:
        self.runs: list[ComparedRun] = []
        self._told_done: set[str] = set()  # the tags of the runs at their end when `newly_done` was last asked
        self._aside: list[Trainer] = []  # the runs the lab holds off screen (share_timelines)

    def __len__(self) -> int:
        return len(self.runs)

    @property
    def probing(self) -> bool:
        """Whether a run's probe goes on over frames."""
        return any(run.banded.probing is not None for run in self.runs)

    @property
    def next_tag(self) -> str:
        """The letter the next run added takes (what the question before adding it names)."""
        return next(tag for tag in TAGS[1:] if tag not in {run.tag for run in self.runs})

    def described(self) -> str:
        """"B (loss wgan-gp) and C (g_lr 0.01)": the runs beside the main one, as a run kept for Ctrl+Z names them."""
        named = [f"{run.tag} ({run.label})" for run in self.runs]
        return " and ".join(filter(None, (", ".join(named[:-1]), *named[-1:])))

    def main_label(self, main: Trainer) -> str:
        """The main run's values of every setting another run changes, what the others differ from, and that it is
        the main run: "log loss (main)", as the charts name it after its letter ("A: log loss (main)")."""
        shown = describe(main_values(main.config, dict.fromkeys(key for run in self.runs for key in run.overrides)))
        return f"{shown} (main)" if shown else "main"

    def panes(self, main: Trainer) -> list[tuple[str, str, Trainer]]:
        """(tag, label, trainer) of each pane, the main run first: what a picture of the runs' past draws
        (canvas_picture.CanvasPicture.past)."""
        return [(TAGS[0], self.main_label(main), main), *((run.tag, run.label, run.trainer) for run in self.runs)]

    # -- the runs ---------------------------------------------------------------------------
    def add(self, main: Trainer, overrides: dict[str, object]) -> ComparedRun:
        """A run of the main config with `overrides`, at iteration 0 (the caller starts the main run afresh)."""
        self.check_new(main.config, overrides)
        run = ComparedRun(self.next_tag, overrides,
                          Trainer(with_overrides(main.config, overrides), dataset=main.dataset))
        self.runs = sorted([*self.runs, run], key=lambda each: each.tag)  # panes and legends in letter order
        self._share_timelines(main)
        return run

    def take(self, main: Trainer, runs: list[ComparedRun]) -> None:
        """`runs` (a loaded session's) in place of the compared runs."""
        self.runs = runs
        self._share_timelines(main)

    def copies(self) -> list[ComparedRun]:
        """Each run copied whole as it is now (Trainer.copy): what a branch keeps for Ctrl+Z, as it rewrites the
        runs in place."""
        return [ComparedRun(run.tag, run.overrides, run.trainer.copy()) for run in self.runs]

    def renew(self, main: Trainer) -> None:
        """New runs of the same settings beside `main`, a new main run, for the restart that follows to rebuild or
        reset; the runs before are left as they are (a run kept for Ctrl+Z holds them, and `take` brings them
        back)."""
        self.take(main, [ComparedRun(run.tag, run.overrides, Trainer(run.trainer.config, dataset=main.dataset))
                         for run in self.runs])

    def check_room(self) -> None:
        if len(self.runs) + 1 >= MAX_RUNS:
            raise SettingError(f"compare: at most {MAX_RUNS} runs side by side; remove one first")

    def check_new(self, main: GanConfig, overrides: dict[str, object]) -> None:
        """Room for a run of `overrides` on the data of `main` (the main config), which no compared run trains
        yet (a second one would train the same)."""
        self.check_room()
        check_data(main, overrides)
        wanted = with_overrides(main, overrides)
        twin = next((run for run in self.runs if not with_overrides(main, run.overrides).changed_keys(wanted)), None)
        if twin is not None:
            raise SettingError(f"compare: {twin.tag} already runs {twin.label}")

    def remove(self, main: Trainer, index: int) -> ComparedRun:
        """Compared run `index` (1: the first after the main run)."""
        if not 1 <= index <= len(self.runs):
            raise SettingError(f"compare: no run {index} to remove (runs 1..{len(self.runs)})")
        run = self.runs.pop(index - 1)
        self._share_timelines(main)
        return run

    def clear(self, main: Trainer) -> None:
        self.runs.clear()
        self._share_timelines(main)

    def share_timelines(self, main: Trainer, aside: list[Trainer]) -> None:
        """_share_timelines, with `aside` the runs the lab now holds off screen (Controller._held_aside)."""
        self._aside = aside
        self._share_timelines(main)

    def _share_timelines(self, main: Trainer) -> None:
        """timeline.memory_mb is the memory of every timeline the lab holds together, each run keeping an equal
        share: the memory the user gives the timeline, and the most check_cap lets it take of the device's. The
        runs on screen share it with those held off screen (a run kept for Ctrl+Z and its comparison, one the
        pre-trained model set aside), which took as much again beside them; a run held aside is thinned to its
        share, and gives it back when let go."""
        held = {id(trainer): trainer for trainer in (main, *(run.trainer for run in self.runs), *self._aside)}
        memory_mb = main.config.timeline.memory_mb
        for trainer in held.values():
            if (trainer.timeline.shared_by, trainer.timeline.memory_mb) != (len(held), memory_mb):
                trainer.timeline.set_cap(memory_mb, len(held))

    def match(self, main: Trainer, restarted: bool) -> list[str]:
        """After the main config changed: live edits reach every run (overrides on top); a restart of the main
        run rebuilds the others from its new config, on its dataset. Runs of an experiment whose data the main
        run left are dropped: what is said of each is returned."""
        elsewhere = {run.tag: experiment_data(main.config, run.overrides) for run in self.runs}
        dropped = [f"stopped comparing with {run.label}: it trains on {data_title(elsewhere[run.tag])}, the main run "
                   f"now on {data_title(main.config.data.name, main.config.data.file)}"
                   for run in self.runs if elsewhere[run.tag]]
        self.runs = [run for run in self.runs if not elsewhere[run.tag]]
        if restarted:
            self.runs = [ComparedRun(run.tag, run.overrides, Trainer(with_overrides(main.config, run.overrides),
                                                                     dataset=main.dataset)) for run in self.runs]
        for run in self.runs:
            wanted = with_overrides(main.config, run.overrides)
            if run.trainer.config.changed_keys(wanted):
                run.trainer.apply(wanted)
        self._share_timelines(main)
        return dropped

    def reset(self) -> None:
        for run in self.runs:
            run.trainer.reset()

    def follow(self, main_iteration: int, step: str = "iteration") -> None:
        """Bring every run to the main run's iteration, or to its own end where that comes first (ComparedRun.goal):
        forward by `step` (iteration, d_step or g_step, each counted as an iteration), back through its timeline
        (or from the seed where it keeps none). A NaN raises TrainingDiverged naming the first run it stopped, once
        every other run has been brought along."""
        diverged: TrainingDiverged | None = None
        for run in self.runs:
            trainer, iteration = run.trainer, run.goal(main_iteration)
            try:
                if trainer.iteration_count > iteration:
                    if trainer.timeline.enabled and len(trainer.timeline):
                        branch(trainer, trainer.timeline.index_at(iteration))
                    if trainer.iteration_count > iteration:
                        trainer.reset()
                behind = iteration - trainer.iteration_count
                if step == "iteration":  # several per call where the run allows (Trainer.train)
                    trainer.train(behind)
                else:
                    for _ in range(behind):
                        getattr(trainer, step)()
                trainer.flush_losses()
            except TrainingDiverged as error:
                diverged = diverged or TrainingDiverged(f"run {run.tag} ({run.label}): {error}")
        if diverged is not None:
            raise diverged

    def newly_done(self) -> list[ComparedRun]:
        """The runs that have reached their end since this was last asked (again after going back before it)."""
        done = {run.tag for run in self.runs if run.done}
        newly = [run for run in self.runs if run.tag in done - self._told_done]
        self._told_done = done
        return newly

    def ends_words(self) -> str:
        """Which runs are done, said where the main run's end stopped play ('' with nothing compared): those at
        their end, and those it stopped short of theirs, which train no further than the main run."""
        if not self.runs:
            return ""
        done = [TAGS[0], *(f"{run.tag} (at {run.end:,})" for run in self.runs if run.done)]
        going = [f"{run.tag} ({run.label}, at {run.trainer.iteration_count:,} "
                 + (f"of its {run.end:,})" if run.end else "with its rates held)") for run in self.runs if not run.done]
        return (f"Runs done: {', '.join(done)}" + (f"; not done: {', '.join(going)}, as a compared run trains no "
                                                  f"further than {TAGS[0]}" if going else "") + ".")

    def frames(self, main: Trainer, main_snapshot: Snapshot, main_losses: Columns, main_evals: Columns,
               view: Rect, resolution: Resolution, rewound_to: int | None = None, band: int | None = None,
               allowance: int | None = None) -> tuple[tuple[RunFrame, ...], int]:
        """Every run's pane and chart lines, the main run first (() when nothing is compared), and the grid points
        probed now. `rewound_to`: the iteration the main run shows while the lab is rewound; each run shows its own
        kept iteration there. `band`, `allowance`: the runs' probes go on over frames on a CPU, `band` grid points a
        step and `allowance` of them this frame for all the runs, in turn (`ComparedRun.probe`; None: at once). Each
        pane is said at its snapshot's iteration: a snapshot given while the next is probed is an earlier one's (a
        rewind's), and a caption that said the iteration asked changed before its picture."""
        if not self.runs:
            return (), 0
        shown = [RunFrame(TAGS[0], marked_done(self.main_label(main), main_snapshot.iteration,
                                               schedule_end(main.config)),
                          main_snapshot, main_snapshot.iteration, main_losses, main_evals, main.loss.scale)]
        probed_all = 0
        for run in self.runs:
            history = run.trainer.history
            snapshot, probed = run.probe(view, resolution, rewound_to, band, allowance)
            allowance = None if allowance is None else allowance - probed
            probed_all += probed
            shown.append(RunFrame(run.tag, marked_done(run.label, snapshot.iteration, run.end), snapshot,
                                  snapshot.iteration,
                                  Columns(history.losses.columns, history.losses.array()),
                                  Columns(history.evals.columns, history.evals.array()), run.trainer.loss.scale))
        return tuple(shown), probed_all

    def fakes(self) -> list[torch.Tensor]:
        """The compared runs' last shown fakes, so the automatic view covers every pane's samples."""
        return [run.shown_fakes for run in self.runs if run.shown_fakes is not None]

    def d_values(self, index: int, points: torch.Tensor) -> torch.Tensor:
        """Run `index`'s D as its pane shows it: at the kept iteration while the lab is rewound."""
        run = self.runs[index - 1]
        prober = run.rewind.prober(run.trainer)[1] if run.rewind.iteration is not None else run.prober
        return prober.d_values(points)

    # -- sessions ---------------------------------------------------------------------------
    def contents(self) -> list[tuple[dict, checkpoint.Contents]]:
        """Each run's overrides and checkpoint, copied now: `write` saves them on any thread (the lab's, on the
        session's save thread)."""
        return [(dict(run.overrides), checkpoint.contents(run.trainer)) for run in self.runs]

    @staticmethod
    def write(directory: Path, runs: list[tuple[dict, checkpoint.Contents]]) -> None:
        """Each run of `contents` as its own checkpoint (compare-1/ ...), then COMPARE_FILE naming them with their
        overrides; an empty comparison writes an empty list, so a folder saved before with runs loads without them."""
        listed = []
        for index, (overrides, stored) in enumerate(runs, start=1):
            folder = RUN_FOLDER.format(index)
            checkpoint.write(stored, directory / folder)
            listed.append({"folder": folder, "overrides": overrides})
        atomic.write_text(directory / COMPARE_FILE, json.dumps({"runs": listed}, indent=1))

    @staticmethod
    def load(directory: Path, main: Trainer, device: str | None) -> list[ComparedRun]:
        """The compared runs a session holds, each checked: its overrides as declared, its checkpoint whole, its
        config the main one with exactly those overrides, at the main run's iteration (or its own end, where that
        came first). ValueError (one line) else."""
        path = directory / COMPARE_FILE
        if not path.is_file():
            return []
        try:
            listed = json.loads(path.read_text(encoding="utf-8"))["runs"]
            if not isinstance(listed, list) or len(listed) >= MAX_RUNS:
                raise ValueError(f"expected a list of at most {MAX_RUNS - 1} runs")
            entries = [(str(entry["folder"]), dict(entry["overrides"])) for entry in listed]
        except JSON_FAULTS as error:
            raise SettingError(f"{path}: not a ganlab-gl comparison ({json_fault(error)})") from None
        runs = []
        for folder, stored in entries:
            if folder not in {RUN_FOLDER.format(i) for i in range(1, MAX_RUNS)}:
                raise SettingError(f"{path}: run folder {folder[:40]!r} is not compare-1 .. compare-{MAX_RUNS - 1}")
            overrides = checked(stored)
            check_data(main.config, overrides)
            trainer = checkpoint.load(directory / folder, device=device)
            wanted = with_overrides(main.config, overrides)
            differs = [key for key in wanted.changed_keys(trainer.config) if key != "run.device"]
            if differs:
                raise SettingError(f"{directory / folder}: not the main run with {describe(overrides)} "
                                   f"(differs in {', '.join(differs)})")
            run = ComparedRun(TAGS[len(runs) + 1], overrides, trainer)
            if trainer.iteration_count != run.goal(main.iteration_count):
                raise StaleComparison(f"{directory / folder} is at iteration {trainer.iteration_count:,}, the main "
                                      f"run at {main.iteration_count:,}")
            runs.append(run)
        return runs
