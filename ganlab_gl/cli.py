"""Command line: `ganlab-gl lab | train | sample | render | animate | experiments | settings`.

Every user mistake (a bad setting, a missing file, a damaged checkpoint) ends with one
line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import logging
import math
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NoReturn

# Torch-free registries only at the top: `--help` and `settings` must answer without importing torch
# (or numpy); each command imports what it runs.
from .app.actions import Action, key_of
from .core.presets import PRESETS as DATASET_PRESETS
from .core.settings import DATA_SUFFIXES, GOOD_STATE_EVERY
from .core.wording import counted
from .render.layer_table import CANVAS_LAYERS, DEFAULT_SHOWN, parse_layer_list

from . import __version__

DEVICES = ("auto", "cpu", "cuda")
WINDOW_SIDE = (320, 16384)  # lab --size: pixels a side (the window can still be resized past them)
VIEW_REACH = 1e6  # --view: the farthest coordinate (the probes run in float32, where 1e300 is inf: a blank picture)
EXIT_INTERRUPTED = 130  # Ctrl-C; any stop signal N ends with 128 + N (SIGTERM 143, SIGHUP 129)
# `render` and `animate` draw what the lab's window shows: a saved session's layers, view settings and zoom
LAYERS_HELP = ("comma-separated, drawn in canvas order, from: " + ", ".join(CANVAS_LAYERS) + " (default: those the "
               "session showed, else " + ",".join(DEFAULT_SHOWN) + ")")
VIEW_HELP = ("data rectangle to show (default: the view the session was zoomed to, else the lab's automatic view, "
             "which takes in the real data and the fakes)")
PIXEL_SCALE_HELP = ("HiDPI factor for point sizes and lines, which shrink as the lab's on an image under 700 pixels "
                    "a side per pixel scale")


# The exit codes and the one-line error types live with the run-safety code (runs.py, torch-free).
from . import runs  # noqa: E402
from .runs import (DEFAULT_SAVE_EVERY, EXIT_DIVERGED, EXIT_IO, EXIT_NO_DISPLAY,  # noqa: E402
                   EXIT_USAGE, PathError, UserError)

EXIT_CODES_HELP = f"""exit codes:
  0    done
  {EXIT_DIVERGED}    training diverged (NaN or Inf): reverted to the last good state and saved
  {EXIT_USAGE}    bad input: an option, setting, data file or checkpoint was refused (one line says which)
  {EXIT_NO_DISPLAY}    the lab found no display
  {EXIT_IO}    a path could not be read or written (permissions, a folder in the way, disk full);
       the previous files are kept
  128+N  stopped by signal N after saving (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP)
See docs/ERRORS.md for every message, its cause and its fix."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        self.long_options: list[str] = []  # its --options as declared (--help too): what a misspelt one is matched to
        self.commands: dict[str, argparse.ArgumentParser] = {}  # its commands by name, once add_subparsers made them
        super().__init__(*args, **kwargs)

    def add_argument(self, *names, **kwargs):
        self.long_options += [name for name in names if name.startswith("--")]
        return super().add_argument(*names, **kwargs)

    def add_subparsers(self, **kwargs):
        action = super().add_subparsers(**kwargs)
        self.commands = action.choices  # argparse's name -> parser map, filled by add_parser
        return action

    def error(self, message: str) -> NoReturn:  # argparse's default prints a usage block first
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


class _CommandParser(_Parser):
    """A command refuses what it does not know itself, naming the option meant: argparse hands a command's leftovers
    to the top parser, which said 'ganlab-gl: unrecognized arguments: --itrations 5 (see ganlab-gl --help)'."""

    def parse_known_args(self, args=None, namespace=None):
        namespace, leftovers = super().parse_known_args(args, namespace)
        if leftovers:
            self.error(self._unknown(leftovers[0]))
        return namespace, leftovers

    def _unknown(self, argument: str) -> str:
        if not argument.startswith("-"):
            return f"unexpected argument {argument!r}"
        option = argument.partition("=")[0]
        meant = difflib.get_close_matches(option, self.long_options, n=1, cutoff=0.8)  # not --set for --size
        return f"unknown option {option}" + (f"; did you mean {meant[0]}?" if meant else "")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ganlab-gl", description="GAN Lab as a native app: train a GAN on 2-D points and watch it. "
                     "With no command, or only lab options (--lecture), or a data file's or saved session's name "
                     "first (ganlab-gl points.csv, as ganlab-gl lab points.csv) it opens the lab window; train, "
                     "sample, render and animate work headlessly, with no display.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.epilog, parser.formatter_class = EXIT_CODES_HELP, argparse.RawDescriptionHelpFormatter
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)

    lab = commands.add_parser("lab", help="open the lab window (the default when no command, or a data file or "
                              "session folder, comes first)",
                              description="Open GAN Lab's window: train, watch and step a GAN interactively. "
                              f"Press {key_of(Action.TOGGLE_HELP)} in the window for every key.")
    lab.add_argument("data_file", nargs="?", metavar="DATA_FILE", help="open on this file's points, a .csv or .npy "
                     "of N x 2 (short for --set data.name=file --set data.file=DATA_FILE, over --config's and "
                     "--experiment's data; beside a --set of data.name or data.file it is refused); a folder "
                     "opens the session saved there, as --load does")
    lab.add_argument("--set", metavar="SECTION.KEY=VALUE", action="append", default=[], dest="overrides",
                     help="start with this setting, training or view, e.g. --set data.name=ring "
                     "--set display.msaa=0 (docs/SETTINGS.md); a preset named in data.name brings its training "
                     "config, as picking it in the lab does, and the training settings given go over it")
    lab.add_argument("--config", metavar="FILE", help="TOML config to start from")
    lab.add_argument("--experiment", metavar="NAME", help="start from a research protocol's settings "
                     "(`ganlab-gl experiments` lists them)")
    lab.add_argument("--seed", type=int, help="shorthand for --set run.seed=S")
    lab.add_argument("--device", choices=DEVICES, help="shorthand for --set run.device=... (cuda without a CUDA GPU "
                     "opens on the CPU and says so)")
    lab.add_argument("--size", metavar="WxH", help="window size (default 1600x960, or the screen's work area "
                     "where that does not fit)")
    lab.add_argument("--fullscreen", action="store_true", help="start fullscreen")
    lab.add_argument("--lecture", action="store_true", help="lecture mode: fullscreen, large type, thick points")
    lab.add_argument("--load", metavar="SESSION_DIR", help="open a saved session, with its own settings (--device, "
                     "view settings and the probe, metric and timeline settings given go over them)")
    lab.add_argument("--play", action="store_true", help="start training at once")
    lab.add_argument("--untrained", action="store_true", help="open on an untrained run; without training settings "
                     "given, the lab opens as GAN Lab does, on the shipped pre-trained model (untick Use pre-trained "
                     "model in the lab for the untrained run)")
    lab.add_argument("--compare", metavar="SECTION.KEY=VALUE[,...]", action="append", default=[],
                     help="also train a run of the same settings with these changed, side by side (repeat for up to "
                     "3 runs), e.g. --compare train.loss=wgan-gp --compare train.g_lr=0.01,train.d_lr=0.01; "
                     "experiment=NAME changes every setting of a research protocol on the same data, e.g. "
                     "--experiment ring8-vanilla --compare experiment=ring8-wgan-gp")

    train = commands.add_parser("train", help="train headlessly with a progress bar; writes a run directory",
                                description="Train a GAN headlessly. Writes RUN_DIR/checkpoint.safetensors, "
                                "config.toml and metrics.csv. Ctrl-C saves and exits.")
    train.add_argument("--config", metavar="FILE", help="TOML config file (sections as in `ganlab-gl settings`)")
    train.add_argument("--set", metavar="SECTION.KEY=VALUE", action="append", default=[], dest="overrides",
                       help="override one setting, e.g. --set data.name=ring8 --set train.loss=nonsaturating; a "
                       "preset named in data.name (here or in --config) brings its training config, which the "
                       "settings given go over")
    train.add_argument("--seed", type=int, help="shorthand for --set run.seed=S")
    train.add_argument("--device", choices=DEVICES, help="shorthand for --set run.device=... (cuda without a CUDA "
                       "GPU is refused)")
    train.add_argument("--experiment", metavar="NAME", help="start from a research protocol's settings and length "
                       "(`ganlab-gl experiments` lists them); --set and --config still apply on top")
    train.add_argument("--iterations", type=int, metavar="N",
                       help="iterations to train (required unless --experiment gives the protocol's length)")
    train.add_argument("--out", required=True, metavar="RUN_DIR", help="run directory to write")
    train.add_argument("--resume", action="store_true", help="continue the checkpoint already in RUN_DIR")
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_progress(train, "iteration")
    train.add_argument("--save-every", default=DEFAULT_SAVE_EVERY, metavar="N|Ts",
                       help="also save every N iterations, or every T seconds (90s, 5m, 1h), or off "
                       f"(default {DEFAULT_SAVE_EVERY}), so a kill loses little")

    sample = commands.add_parser("sample", help="draw fake samples from a trained run",
                                 description="Write COUNT fake samples from RUN_DIR's generator to a .npy or .csv "
                                 "file.")
    sample.add_argument("run_dir", metavar="RUN_DIR", help="a run directory that `train` wrote")
    sample.add_argument("--count", type=int, default=1000, metavar="N", help="samples to draw (default 1000)")
    sample.add_argument("--seed", type=int, default=0, metavar="S", help="noise seed (default 0)")
    sample.add_argument("--out", required=True, metavar="FILE", help="output .npy or .csv")
    _add_run_device(sample)

    render = commands.add_parser(
        "render", help="draw a run or a preset to a PNG, headless (EGL; no window, no display)",
        description="Render the layered-distributions view of RUN_DIR's model, or of a dataset preset (its shipped "
        "pre-trained model when there is one, else a fresh one), to a PNG at any size.")
    render.add_argument("source", metavar="RUN_DIR|PRESET", help="a run directory, or a dataset preset: "
                        + ", ".join(DATASET_PRESETS))
    render.add_argument("--out", required=True, metavar="FILE.png", help="the PNG to write (folders are made)")
    render.add_argument("--size", default="1600x1600", metavar="WxH", help="image size in pixels (default 1600x1600)")
    render.add_argument("--layers", metavar="L1,L2", help=LAYERS_HELP)
    _add_probe_resolutions(render, "config's")
    render.add_argument("--samples", type=int, metavar="COUNT", help="fake and real samples shown (default: config's)")
    render.add_argument("--view", metavar="x0,y0,x1,y1", help=VIEW_HELP)
    render.add_argument("--train", type=int, default=0, metavar="N", help="train N more iterations first")
    render.add_argument("--pixel-scale", type=float, default=1.0, metavar="S",
                        help=PIXEL_SCALE_HELP + " (default 1; 2 for a 4K figure)")
    _add_run_device(render)

    animate = commands.add_parser(
        "animate", help="a run's training as a video (MP4 or GIF) from its stored timeline, headless",
        description="Draw one frame per kept iteration of RUN_DIR's timeline (the run's state at every iteration, "
        "thinned in its oldest part under timeline.memory_mb) from --from to --to, and write an MP4 or a GIF.")
    animate.add_argument("run_dir", metavar="RUN_DIR", help="a run directory that `train` wrote")
    animate.add_argument("--out", required=True, metavar="FILE.mp4|FILE.gif",
                         help="the video to write: an MP4 (H.264) or a GIF, by its suffix")
    animate.add_argument("--size", default="1280x720", metavar="WxH", help="frame size in pixels (default 1280x720)")
    animate.add_argument("--from", dest="first", type=int, default=0, metavar="I", help="first iteration (default 0)")
    animate.add_argument("--to", dest="last", type=int, metavar="I", help="last iteration (default: the last kept)")
    animate.add_argument("--fps", type=float, default=30.0, metavar="F", help="frames per second (default 30)")
    animate.add_argument("--layers", metavar="L1,L2", help=LAYERS_HELP)
    animate.add_argument("--view", metavar="x0,y0,x1,y1", help=VIEW_HELP + "; one view for every frame")
    animate.add_argument("--pixel-scale", type=float, default=1.0, metavar="S", help=PIXEL_SCALE_HELP + " (default 1)")
    _add_probe_resolutions(animate, "the run's own, at most a frame's longer side")
    animate.add_argument("--no-caption", dest="caption", action="store_false",
                         help='no "iteration N" in each frame\'s corner')
    animate.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_progress(animate, "frame")
    _add_run_device(animate)

    experiments = commands.add_parser(
        "experiments", help="list the research protocols `train --experiment` runs",
        description="List the named research protocols: dataset, loss, paper followed, length; or one protocol's "
        "settings.")
    experiments.add_argument("name", nargs="?", metavar="NAME", help="show the settings this protocol changes")
    settings = commands.add_parser(
        "settings", help="list every setting, training and view, with its default, range and meaning",
        description="Print every setting a user can set as markdown tables, grouped as docs/SETTINGS.md groups them "
        "(training, then the lab window's view), each with its type, default, range or choices, when it applies "
        "and what it means; or one setting, or one section.")
    settings.add_argument("name", nargs="?", metavar="NAME", help="one setting (train.d_lr) or one section "
                          "(display); an unknown name is answered with the nearest ones")
    return parser


def _add_progress(command: argparse.ArgumentParser, unit: str) -> None:
    from .progress import SHOWN
    command.add_argument("--progress", choices=SHOWN, help=f"how the {unit}s done are shown: a bar redrawn in place, "
                         "or a line as each tenth is done (default: the bar where stderr is a terminal, lines where it "
                         "is a file or a pipe, which the bar's redraws would fill with one long line)")


def _add_run_device(command: argparse.ArgumentParser) -> None:
    command.add_argument("--device", choices=DEVICES, help="where the networks run (default: the run's own "
                         "run.device, the CPU where that GPU is missing); cuda without a CUDA GPU is refused")


def _refuse_absent_cuda(device: str | None, asked_by: str) -> None:
    """A batch command told to run on CUDA where there is none stops: the lab falls back to the CPU with a notice
    in view, but a script's long run on the CPU instead, its note scrolled past, is not what it asked for."""
    if device != "cuda":
        return
    import torch
    if not torch.cuda.is_available():
        raise UserError(f"{asked_by}: no CUDA device here (torch {torch.__version__}, cuda available: False); "
                        "use --device cpu or auto")


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = _build_parser()
    argv = _with_command(parser, sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(_join_negative_values(argv))
    try:
        return {"lab": _lab, "train": _train, "sample": _sample, "render": _render, "settings": _settings,
                "experiments": _experiments, "animate": _animate}[args.command](args)
    except UserError as error:
        print(f"ganlab-gl {args.command}: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:  # Ctrl-C while loading or writing; `train` handles its own
        print(f"ganlab-gl {args.command}: interrupted; nothing written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `ganlab-gl settings | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error as Python flushes at exit
        return 0


def _with_command(parser: _Parser, argv: list[str]) -> list[str]:
    """`argv` led by its command: `ganlab-gl --lecture`, `ganlab-gl points.csv` and `ganlab-gl SESSION` open the lab
    as `ganlab-gl lab --lecture`, `ganlab-gl lab points.csv` and `ganlab-gl lab SESSION` do. A first word that is
    neither a command nor a data file or folder there is refused naming it (argparse said "invalid choice:
    'points.csv'" of a file that `lab` opens)."""
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        return ["lab", *argv]
    commands = parser.commands
    word = argv[0]
    if word in commands or word.startswith("-"):
        return argv
    path = _user_path(word)
    if path is not None and (path.is_dir() or (path.exists() and path.suffix.lower() in DATA_SUFFIXES)):
        return ["lab", *argv]  # `lab` opens a session folder and refuses what it cannot read, in one line
    exists = path is not None and path.exists()
    # a missing `train.csv` is a data file's name, not a misspelt `train`
    meant = [] if Path(word).suffix.lower() in DATA_SUFFIXES else difflib.get_close_matches(word, commands, n=1)
    if meant and not exists:
        parser.error(f"unknown command {word!r}; did you mean {meant[0]}?")
    parser.error(f"{word!r} is not a command {'nor a data file' if exists else 'and no such file exists'}; give a "
                 f"command ({', '.join(commands)}) or a data file to open (a .csv or .npy of N x 2 points)")


def _user_path(word: str) -> Path | None:
    """`word` as a path, `~` the home folder as the data file's reader takes it (None: ~user of no such user, or an
    empty word, which Path reads as the current folder)."""
    if not word:
        return None
    try:
        return Path(word).expanduser()
    except RuntimeError:
        return None


def _join_negative_values(argv: list[str]) -> list[str]:
    """`--view -2,-2,2,2` would read as an option to argparse; pass it as `--view=-2,-2,2,2` (also --from, --to and
    --size, whose refusal names the side)."""
    joined: list[str] = []
    for arg in argv:
        if joined and joined[-1] in ("--view", "--from", "--to", "--size") and arg.startswith("-"):
            joined[-1] = f"{joined[-1]}={arg}"
        else:
            joined.append(arg)
    return joined


def _user_errors():
    """The exception types whose messages are already one line written for the user."""
    from .core.checkpoint import CheckpointError
    from .core.datasets import DataError
    from .core.settings import SettingError
    return (SettingError, DataError, CheckpointError)


def _resolve_config(args: argparse.Namespace):
    """A new run's config: a research protocol's (--experiment), else the declared defaults or, where the data
    named is a preset, that preset's training config; then --config's and --set's settings over it."""
    from .core.settings import SettingError, given_config
    from .core.timeline import check_cap
    base = None
    if args.experiment:
        from .core.experiments import experiment_config
        base = experiment_config(args.experiment)
    if args.config:
        _refuse_view_sections(args.config)
    overrides = list(args.overrides)
    if args.seed is not None:
        overrides.append(f"run.seed={args.seed}")
    if args.device is not None:
        overrides.append(f"run.device={args.device}")
    config = given_config(args.config, overrides, base)
    check_cap(config.timeline.memory_mb, config.run.device)  # a new run's; a loaded one keeps the cap it was saved with
    files = _given(overrides, "data.file")
    if files and config.data.name != "file":  # it trained on the preset without a word
        raise SettingError(f"--set data.file={files[-1]}: data.name is {config.data.name}, which does not read a "
                           "file; add --set data.name=file")
    return config


def _given(overrides: list[str], key: str) -> list[str]:
    """The values --set gives setting `key`, in order."""
    return [o.partition("=")[2].strip() for o in overrides if o.partition("=")[0].strip() == key]


def _preset_said(args: argparse.Namespace, config, graph_beside: bool = False) -> str | None:
    """Which training config a new run of `config` trains with, in the words the lab's preset pick uses, naming
    what --set and --config gave over it (None: a research protocol's, which says itself, or data that is no
    preset); `graph_beside`: in the lab's window, whose graph shows the settings (preset_notice)."""
    from .core.presets import given_over_preset, preset_notice
    if args.experiment or config.data.name not in DATASET_PRESETS:
        return None
    return preset_notice(config.data.name, given_over_preset(config), graph_beside)


def _view_sections() -> set[str]:
    """ViewConfig's sections: view settings, which the lab's window takes and a run does not."""
    from .app.view_settings import ViewConfig
    return {key.split(".")[0] for key in ViewConfig.settings()}


def _view_overrides(overrides: list[str]) -> list[str]:
    """The `--set`s of view settings."""
    return [o for o in overrides if o.split(".", 1)[0].strip() in _view_sections()]


def _refuse_view_sections(path: str) -> None:
    """A --config file's section of view settings, named (it said "unknown setting 'display.msaa'"); a file that
    cannot be read is load_toml's to refuse."""
    import tomllib
    try:
        sections = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return
    for section in sorted(_view_sections() & set(sections)):
        raise UserError(f"{path}: [{section}] holds view settings of the lab window; a --config file holds training "
                        f"settings (give view settings with ganlab-gl lab --set {section}.KEY=VALUE)")


def _refuse_new_run_flags(args: argparse.Namespace) -> None:
    """--resume continues the run as saved: flags that describe a new run cannot apply to it."""
    for flag in ("experiment", "config", "seed", "device"):
        if getattr(args, flag) is not None:
            raise UserError(f"--resume continues the run's own settings; --{flag} cannot apply to it")


def _apply_live_overrides(trainer, overrides: list[str]) -> None:
    """--set on a resumed run changes what a running trainer changes in place (rates, loss, schedule), never
    what would start the run again."""
    from .core.settings import SETTINGS_BY_KEY, apply_overrides

    config = apply_overrides(trainer.config, overrides)
    restarting = [key for key in trainer.config.changed_keys(config) if not SETTINGS_BY_KEY[key].live]
    if restarting:
        raise UserError(f"--resume: {restarting[0]} cannot change in a resumed run (it restarts the run); "
                        "only live settings can (docs/SETTINGS.md)")
    trainer.apply(config)


def _lab(args: argparse.Namespace) -> int:
    from .app.actions import OPENING_ON_IT
    from .app.state import Action, AppState, ViewConfig
    from .core import datasets
    from .core.settings import apply_overrides

    size = None if args.size is None else _parse_numbers(args.size, 2, "--size", int)
    if size is not None and not all(WINDOW_SIDE[0] <= side <= WINDOW_SIDE[1] for side in size):
        raise UserError(f"--size {args.size}: each side must be {WINDOW_SIDE[0]}..{WINDOW_SIDE[1]} pixels")
    view_overrides = _view_overrides(args.overrides)
    args.overrides = [o for o in args.overrides if o not in view_overrides]
    folder_named = _open_a_session_folder_as_load(args)
    session_given = "--load" if folder_named is None else f"session folder {folder_named}"  # as the user typed it
    if args.load:
        _refuse_replaced_by_load(args, session_given)
    args.overrides += _data_file_overrides(args)
    try:
        state = AppState(config=_resolve_config(args), view=apply_overrides(ViewConfig(), view_overrides))
        data = state.config.data
        datasets.build(data.name, data.file, data.brush_spread)  # a bad dataset is refused here, not in the window
    except _user_errors() as error:
        raise UserError(str(error)) from None
    if args.experiment:  # the window says what it runs, as picking one there does
        from .core.experiments import experiment_notice, running_experiment
        edited = running_experiment(state.config) != args.experiment
        state.notify(experiment_notice(args.experiment) + (" (--set or --config changes some of this)" if edited
                                                           else ""))
    said = _preset_said(args, state.config, graph_beside=True)
    if said and (args.config or _given(args.overrides, "data.name")):  # the data named brings its config: say so
        state.notify(said)
    state.view.display.lecture_mode = args.lecture
    state.fullscreen = args.fullscreen or args.lecture
    if args.load and args.compare:
        raise UserError(f"--compare starts every run afresh, so it cannot follow {session_given}; load the "
                        "session, then add runs in the Compare section (a session saved with a comparison loads it)")
    if args.load:
        _refuse_damaged_session(Path(args.load), state.config.run.device,
                                "--load " if folder_named is None else "")
        state.request(Action.LOAD, _session_opening(args, state, view_overrides))
    if not (args.untrained or args.load or args.compare or _replaced_flags(args, _kept_over_a_saved_run)):
        state.request(Action.USE_PRETRAINED, OPENING_ON_IT)  # GAN Lab opens so: a working GAN first, its box ticked
    _queue_comparison(state, args.compare)
    if args.play:  # queued last: a load or an added run starts paused, and would stop a run already playing
        state.request(Action.PLAY_PAUSE)
    from .app.crash_log import crash_folder, earlier_crashes, keep_crash_trace
    for crash in earlier_crashes(crash_folder()):
        print(f"ganlab-gl: {crash}", file=sys.stderr)
        state.notify(crash, "warning")
    keep_crash_trace(crash_folder())  # every thread's stack on a native crash, to a file the next start names
    try:
        from .app.lab import Lab
        from .app.theme import theme_for
        from .app.window import EXIT_NO_DISPLAY, NoDisplayError, run_window
    except ImportError as error:
        raise UserError(f"the lab window needs its GUI packages ({error}); reinstall ganlab-gl") from None
    try:
        # a stop signal (kill, a logout, a closed terminal, Ctrl-C) ends the lab at its next frame, unsaved progress
        # saved (Lab.on_stop); a second one while it saves is said, and the save completes
        with runs.StopSignals() as stop:
            run_window(lambda host: Lab(host, state), size=size, title="GAN Lab (ganlab-gl)", theme=theme_for(state),
                       stop_requested=lambda: stop.name)
    except NoDisplayError as error:
        print(f"ganlab-gl: cannot open the lab window: {error}.\n"
              "Without a display, train with `ganlab-gl train --iterations N --out RUN_DIR` and draw pictures "
              "with `ganlab-gl render RUN_DIR --out frame.png` (headless EGL).", file=sys.stderr)
        return EXIT_NO_DISPLAY
    return 0 if stop.received is None else runs.exit_code_for(stop.received)


def _open_a_session_folder_as_load(args: argparse.Namespace) -> str | None:
    """`lab SESSION` (and `ganlab-gl SESSION`), DATA_FILE naming a folder, is `lab --load SESSION`: a folder is no
    data file, and the one a student has at hand is what Ctrl+S wrote. A folder that holds no checkpoint is refused
    saying so, as is one beside --load (which of the two to open is not guessed). Returns SESSION as typed, for the
    refusals to name what the user gave (they named --load, which the user never typed); None where none was."""
    from .core.checkpoint import CHECKPOINT_FILE
    folder = None if args.data_file is None else _user_path(args.data_file)
    if folder is None or not folder.is_dir():
        return None
    if args.load is not None:
        raise UserError(f"session folder {args.data_file} and --load {args.load} both name a session; give one of "
                        "them")
    if not (folder / CHECKPOINT_FILE).is_file():
        raise UserError(f"{args.data_file}: a folder with no saved session in it (no {CHECKPOINT_FILE}, which the "
                        "lab's Ctrl+S and train --out write); give a session's folder or a data file (.csv or .npy)")
    typed, args.load, args.data_file = args.data_file, str(folder), None
    return typed


def _data_file_overrides(args: argparse.Namespace) -> list[str]:
    """The --set pair that `lab DATA_FILE` stands for (none without one); beside a --set naming the data too, which
    of the two to open on is not for us to guess."""
    if args.data_file is None:
        return []
    for key in ("data.name", "data.file"):
        for value in _given(args.overrides, key):
            raise UserError(f"data file {args.data_file} and --set {key}={value} both name the data; give one of them")
    return ["data.name=file", f"data.file={args.data_file}"]


def _refuse_damaged_session(directory: Path, device: str, given: str) -> None:
    """A missing or damaged session fails before the window opens, as every bad flag does, not in a notice that fades
    over a default run: each of its files checked as the lab's Load checks them, which then reads them again
    (milliseconds). A comparison a save left part-way loads, as there, the window saying what it left out. `given`:
    the option the refusal starts with ("--load ", or "" of a session folder named alone: the file names it)."""
    from .app.comparison import Comparison, StaleComparison
    from .app.state import saved_view
    from .core import checkpoint
    try:
        trainer = checkpoint.load(directory, device=device)
        try:
            Comparison.load(directory, trainer, device)
        except StaleComparison:
            pass
        saved_view(directory)
    except _user_errors() as error:
        raise UserError(f"{given}{error}") from None


def _replaced_flags(args: argparse.Namespace, kept: Callable[[str], bool]) -> list[str]:
    """The flags of `lab` whose settings what it opens (a session, the shipped model) would replace: --set of each
    key but those it `kept`, --experiment, --config and --seed (view settings are out of args.overrides by then)."""
    given = [f"--set {o}" for o in args.overrides if not kept(o.partition("=")[0].strip())]
    return given + [f"--{flag}" for flag in ("experiment", "config", "seed") if getattr(args, flag) is not None]


def _kept_over_a_saved_run(key: str) -> bool:
    """Whether a setting given beside a run opened as it was saved (a session, the shipped model) goes over it:
    the device it loads onto, and a setting that only watches it (a researcher's 2048² manifold: watches_the_run);
    the rest would change the run."""
    from .core.presets import watches_the_run
    return key == "run.device" or watches_the_run(key)


def _watching_settings() -> str:
    """The settings that go over a loaded session, for its refusal to name: a section whose every setting does as
    `section.*` ("probe.*, metrics.*, run.cuda_graph, timeline.*")."""
    from .core.presets import watches_the_run
    from .core.settings import SETTINGS_BY_KEY
    sections = dict.fromkeys(key.split(".")[0] for key in SETTINGS_BY_KEY)
    named = []
    for section in sections:
        keys = [key for key in SETTINGS_BY_KEY if key.startswith(f"{section}.")]
        watched = [key for key in keys if watches_the_run(key)]
        named += [f"{section}.*"] if watched == keys else watched
    return ", ".join(named)


def _refuse_replaced_by_load(args: argparse.Namespace, session_given: str) -> None:
    """--load opens the session's own config: training settings (a data file's name among them) given beside it were
    dropped without a word, and so was --untrained (the session opens as saved). The device (where the session
    loads), the view settings and those that only watch the run go over it (_session_opening). `session_given`:
    "--load", or "session folder S" where S was named alone, as the refusal names it."""
    given = ([f"data file {args.data_file}"] if args.data_file is not None else []) \
        + _replaced_flags(args, _kept_over_a_saved_run) + (["--untrained"] if args.untrained else [])
    if given:
        opens = "--load opens the session" if session_given == "--load" else f"{session_given} opens"
        raise UserError(f"{opens} with its own settings; {given[0]} cannot apply to it: it would "
                        f"change the run the session saved (only --device, view settings and {_watching_settings()} "
                        "go over it; change the rest in the lab once it is open)")


def _session_opening(args: argparse.Namespace, state, view_overrides: list[str]):
    """LOAD's argument for --load: the session's folder, with the view settings given (--lecture among them) and
    those that only watch the run, as `state` holds them validated, to go over the session's own (its state.json
    replaces the view, its checkpoint the config)."""
    from .app.actions import SessionOpening
    from .core.presets import watches_the_run
    given = [o.partition("=")[0].strip() for o in args.overrides]
    settings = [(key, state.config.get(key)) for key in dict.fromkeys(given) if watches_the_run(key)]
    viewed = [o.partition("=")[0].strip() for o in view_overrides] + (["display.lecture_mode"] if args.lecture else [])
    settings += [(key, state.view.get(key)) for key in dict.fromkeys(viewed)]
    return SessionOpening(Path(args.load), tuple(settings))


def _queue_comparison(state, runs: list[str]) -> None:
    """Each --compare value is one run's overrides (on the main run's data), checked here so a bad one ends before
    the window opens."""
    from .app.comparison import MAX_RUNS, check_data, parse_overrides, with_overrides
    from .app.state import Action
    from .core.settings import SettingError

    if len(runs) >= MAX_RUNS:
        raise UserError(f"--compare: at most {MAX_RUNS - 1} runs beside the main one, got {len(runs)}")
    trained = {}  # text -> the config its run trains
    for text in runs:
        try:
            overrides = parse_overrides(text)
            check_data(state.config, overrides)
            config = with_overrides(state.config, overrides)
        except SettingError as error:
            raise UserError(f"--compare {text!r}: {str(error).removeprefix('compare: ')}") from None
        twin = next((earlier for earlier, seen in trained.items() if not seen.changed_keys(config)), None)
        if twin is not None:
            raise UserError(f"--compare {text!r}: the same changes as --compare {twin!r}")
        trained[text] = config
        state.request(Action.COMPARE_ADD, text)


def _train(args: argparse.Namespace) -> int:
    from .core import checkpoint
    from .core.trainer import Trainer

    for view in _view_overrides(args.overrides):  # it said "unknown setting 'display.msaa'"
        raise UserError(f"--set {view.strip()}: a view setting of the lab window (ganlab-gl lab --set {view.strip()}); "
                        "train takes training settings only (ganlab-gl settings lists both)")
    if args.resume:
        _refuse_new_run_flags(args)
    if args.iterations is None:
        if args.resume:
            raise UserError("--iterations N is required: how many more to train")
        if not args.experiment:
            raise UserError("--iterations N is required (or --experiment NAME, which gives its protocol's length)")
        from .core.experiments import EXPERIMENTS
        if args.experiment not in EXPERIMENTS:
            raise UserError(f"unknown experiment {args.experiment!r}; known experiments: {', '.join(EXPERIMENTS)}")
        args.iterations = EXPERIMENTS[args.experiment].iterations
    if not 1 <= args.iterations <= checkpoint.MAX_ITERATION:
        raise UserError(f"--iterations must be 1..{checkpoint.MAX_ITERATION}, got {args.iterations}")
    save_every = runs.SaveEvery.parse(args.save_every)
    if not args.out.strip():  # Path("") is the current folder: a run would be written among whatever is there
        raise UserError("--out is empty; name the run's folder, e.g. --out runs/ring8")
    out = Path(args.out)
    if not args.resume and any((out / name).exists() for name in (checkpoint.CHECKPOINT_FILE,
                                                                   checkpoint.LEGACY_SIDECAR_FILE)):
        raise UserError(f"--out {out}: holds a run already; --resume continues it, or give another folder "
                        "(or delete that one)")
    try:
        if args.resume:
            trainer = checkpoint.load(out)
            _apply_live_overrides(trainer, list(args.overrides))
        else:
            config = _resolve_config(args)
            _refuse_absent_cuda(config.run.device, "--device cuda" if args.device else "run.device=cuda")
            trainer = Trainer(config)
    except _user_errors() as error:
        raise UserError(str(error)) from None
    runs.check_folder(out, "--out")  # fail before training, not after it
    print(trainer.device_note, file=sys.stderr)
    for note in () if args.resume else (_preset_said(args, trainer.config), trainer.data_note):
        if note:
            print(note, file=sys.stderr)
    return runs.train(trainer, out, args.iterations, save_every, GOOD_STATE_EVERY, shown=_count_shown(args))


def _count_shown(args: argparse.Namespace) -> str | None:
    """How `train` and `animate` show their count (progress.Counting): none under --quiet, else --progress's
    way, by default a bar on a terminal and lines in a log."""
    from .progress import shown_by_default
    return None if args.quiet else args.progress or shown_by_default()


def _sample(args: argparse.Namespace) -> int:
    import numpy as np
    import torch

    from .core import checkpoint, noise

    out = Path(args.out)
    _refuse_absent_cuda(args.device, "--device cuda")
    runs.check_output_file(out, "--out", (".npy", ".csv"))
    if not 1 <= args.count <= 100_000_000:
        raise UserError(f"--count must be between 1 and 100000000, got {args.count}")
    if not 0 <= args.seed < 2**63:
        raise UserError(f"--seed must be 0..{2**63 - 1}, got {args.seed}")
    try:
        trainer = checkpoint.load(args.run_dir, device=args.device)
    except _user_errors() as error:
        raise UserError(str(error)) from None
    rng = torch.Generator(trainer.device).manual_seed(args.seed)
    from .core.probes import Prober
    c = trainer.config.noise
    fake = Prober(trainer).generate(noise.sample(args.count, c.dim, c.kind, rng)).cpu().numpy()
    if out.suffix.lower() == ".npy":
        runs.write_output(out, "--out", lambda handle: np.save(handle, fake))
    else:
        runs.write_output(out, "--out", lambda handle: np.savetxt(handle, fake, delimiter=",", header="x,y",
                                                                  comments="", fmt="%.7g"))
    print(f"wrote {counted(args.count, 'sample')} to {out}", file=sys.stderr)
    return 0


def _experiments(args: argparse.Namespace) -> int:
    from .core.experiments import description, listing
    from .core.settings import SettingError
    try:
        print(description(args.name) if args.name else listing())
    except SettingError as error:
        raise UserError(str(error)) from None
    return 0


def _parse_numbers(text: str, count: int, option: str, kind: type = float) -> tuple:
    parts = text.replace("x", ",").split(",") if kind is int else text.split(",")
    try:
        values = tuple(kind(part) for part in parts)
    except ValueError:
        values = ()
    if len(values) != count or not all(math.isfinite(v) for v in values):
        raise UserError(f"{option} {text!r}: expected {count} {'integers' if kind is int else 'numbers'}")
    return values


def _view_rect(text: str | None) -> tuple | None:
    """`render` and `animate` --view, refused before anything loads or trains (None: the session's or the lab's)."""
    if text is None:
        return None
    from .app.view_fit import FINEST_SIDE as VIEW_FINEST  # the lab zooms no finer (numpy: not at the top)
    rect = _parse_numbers(text, 4, "--view")
    if rect[0] >= rect[2] or rect[1] >= rect[3]:
        raise UserError(f"--view {text}: needs x0 < x1 and y0 < y1")
    if max(map(abs, rect)) > VIEW_REACH:
        raise UserError(f"--view {text}: coordinates beyond ±{VIEW_REACH:g}, past what the float32 probes hold")
    if min(rect[2] - rect[0], rect[3] - rect[1]) < VIEW_FINEST * max(1.0, *map(abs, rect)):
        raise UserError(f"--view {text}: sides narrower than {VIEW_FINEST:g} of its scale (1, or its largest "
                        "coordinate), finer than the float32 probes resolve")
    return rect


def _picture_options(args: argparse.Namespace, smallest: int,
                     largest: int) -> tuple[tuple[int, int], list[str] | None]:
    """`render` and `animate` share --size, --layers (None: not given) and --pixel-scale; each refused in one line."""
    size = _parse_numbers(args.size, 2, "--size", int)
    if not all(smallest <= v <= largest for v in size):
        raise UserError(f"--size {args.size}: each side must be {smallest}..{largest} pixels")
    try:
        layers = None if args.layers is None else parse_layer_list(args.layers)
    except ValueError as error:
        raise UserError(f"--layers {args.layers!r}: {error}") from None
    if not 0.1 <= args.pixel_scale <= 16:  # also refuses nan
        raise UserError(f"--pixel-scale must be 0.1..16, got {args.pixel_scale:g}")  # 0, not 0.0, as typed
    return size, layers


def _saved_view(args: argparse.Namespace, source: str):
    """A session folder's saved view (app.state.SavedView; None: none there), read before anything loads or trains;
    what reading it says, said on stderr."""
    from .app.state import saved_view
    from .core.settings import SettingError
    try:
        saved = saved_view(Path(source)) if Path(source).is_dir() else None
    except SettingError as error:
        raise UserError(str(error)) from None
    for note in saved.notes if saved is not None else ():
        print(f"ganlab-gl {args.command}: {note}", file=sys.stderr)
    return saved


def _compared(args: argparse.Namespace, source: str, trainer):
    """The runs a session compares its main run (`trainer`) with (app.comparison.Comparison; empty: none), loaded
    and checked as the lab loads them. A comparison a save left part-way is left out as the lab leaves it out, and
    said: never dropped without a word."""
    from .app.comparison import Comparison, StaleComparison
    comparison = Comparison()
    if not Path(source).is_dir():
        return comparison
    try:
        comparison.take(trainer, Comparison.load(Path(source), trainer, args.device))
    except StaleComparison as error:
        print(f"ganlab-gl {args.command}: {error}: a save stopped part-way; drawing the main run alone",
              file=sys.stderr)
    except _user_errors() as error:
        raise UserError(str(error)) from None
    return comparison


def _compared_said(comparison) -> str:
    """The compared runs drawn beside the main one, as the last line names them: " beside compared run B (WGAN-GP
    loss)" ("" where none are; one run was "beside its compared runs B")."""
    runs = ", ".join(f"{run.tag} ({run.label})" for run in comparison.runs)
    return f" beside compared run{'s' if len(comparison.runs) > 1 else ''} {runs}" if runs else ""


def _lecture_said(settings) -> str:
    return ", lecture mode's thick points" if settings.display.lecture_mode else ""


def _lab_picture(args: argparse.Namespace, saved, source: str, trainer, layers: list[str] | None,
                 asked: tuple | None, frame_samples: Callable[[], Iterable]) -> tuple:
    """(data rectangle, view settings) to draw as the lab's window shows `source`: a saved session's (`saved`) view
    settings and shown layers (--layers replaces these), and the view it was zoomed to (--view replaces it), else the
    layer table's defaults and the lab's automatic view, the smallest one that holds each frame's (`frame_samples`: a
    (real, fake) pair of arrays each). A saved zoom past the lab's limits is taken within them, as the lab loads it,
    and said."""
    from .app.outputs import STATE_FILE
    from .app.state import ViewConfig
    from .app.view_fit import automatic_view, limited_view, squared

    settings = saved.settings if saved is not None else ViewConfig()
    shown = layers if layers is not None else [name for name in CANVAS_LAYERS if settings.get(f"{name}.visible")]
    for name in CANVAS_LAYERS:
        settings.set(f"{name}.visible", name in shown)

    def automatic() -> tuple:
        views = [automatic_view(trainer.dataset.name, trainer.data_rect, real, fake, trainer.dataset.unit_square)
                 for real, fake in frame_samples()]
        return squared((min(v[0] for v in views), min(v[1] for v in views),
                        max(v[2] for v in views), max(v[3] for v in views))) if len(views) > 1 else views[0]

    rect = asked
    if rect is None and saved is not None and saved.rect is not None:
        rect, note = limited_view(saved.rect, automatic(), str(Path(source) / STATE_FILE))
        if note is not None:
            print(f"ganlab-gl {args.command}: {note}", file=sys.stderr)
    return rect or automatic(), settings


def _render(args: argparse.Namespace) -> int:
    from .progress import CountedWrites, Progress
    progress = Progress(args.command)  # from the start: the time in all counts importing torch, a second or two
    from .core import checkpoint
    from .core.probes import Prober
    from .core.trainer import TrainingDiverged

    _refuse_absent_cuda(args.device, "--device cuda")
    size, layers = _picture_options(args, 1, 16384)
    shown = _view_rect(args.view)
    _check_probe_resolutions(args)
    if args.samples is not None and not 1 <= args.samples <= 10_000_000:
        raise UserError(f"--samples must be 1..10000000, got {args.samples}")
    if not 0 <= args.train <= 10_000_000:
        raise UserError(f"--train must be 0..10000000, got {args.train}")
    runs.check_output_file(Path(args.out), "--out", (".png",))
    saved = _saved_view(args, args.source)
    try:
        if Path(args.source).is_dir():
            trainer = checkpoint.load(args.source, device=args.device)
        elif args.source in DATASET_PRESETS:
            trainer = _preset_trainer(args.source, args.device)
        else:
            raise UserError(f"{args.source}: neither a run directory nor a preset ({', '.join(DATASET_PRESETS)})")
        comparison = _compared(args, args.source, trainer)
        if args.train:
            progress.step(f"training {counted(args.train, 'iteration')}")
        for trained in range(0, args.train, runs.TRAIN_CALL):  # as `train` calls it: the weights of one call
            progress.done(trained / args.train)
            trainer.train(min(runs.TRAIN_CALL, args.train - trained))
        trainer.flush_losses()
        comparison.follow(trainer.iteration_count)  # the lab steps its compared runs with the main one
    except _user_errors() as error:
        raise UserError(str(error)) from None
    except TrainingDiverged as error:
        raise UserError(f"--train {args.train}: {error}; try fewer iterations or a lower learning rate") from None
    import numpy as np
    from PIL import Image

    from .app.canvas_picture import CanvasPicture
    from .app.comparison import TAGS

    probed = [(TAGS[0], comparison.main_label(trainer), Prober(trainer)),
              *((run.tag, run.label, run.prober) for run in comparison.runs)]  # the main run first, as the panes

    def samples() -> list:
        cheap = [prober.snapshot(heatmap_res=1, manifold_res=1, count=args.samples, gradients=False)
                 for _, _, prober in probed]
        return [(cheap[0].real.cpu().numpy(), np.concatenate([snapshot.fake.cpu().numpy() for snapshot in cheap]))]

    rect, settings = _lab_picture(args, saved, args.source, trainer, layers, shown, samples)
    ctx = _headless_context()
    renderer = ctx.info["GL_RENDERER"]
    picture = CanvasPicture(ctx, trainer.device, size, rect, settings, args.pixel_scale, len(probed))
    try:
        snapshots = _probed(progress, probed, args, picture.rect)
        progress.step(f"drawing the picture {size[0]}x{size[1]}")
        image = picture.draw([(tag, label, snapshot) for (tag, label, _), snapshot in zip(probed, snapshots)],
                             on_share=progress.done)
    finally:
        picture.release()
        ctx.release()
    progress.step(f"writing {args.out}")
    runs.write_output(Path(args.out), "--out", lambda handle: Image.fromarray(image, "RGBA").save(
        CountedWrites(handle, progress.written), format="PNG"))  # its MB said as they go
    title = checkpoint.run_title(trainer.dataset.name, trainer.iteration_count, trainer.config.data.file)
    print(f"rendered {title}{_compared_said(comparison)} to {args.out} ({size[0]}x{size[1]} on {renderer}"
          f"{_lecture_said(settings)}){progress.took()}", file=sys.stderr)
    return 0


PROBE_BAND = 1 << 16  # points a band of `render`'s probe, between two reports of its progress (64 at 2048²)


def _probed(progress, probed: list, args: argparse.Namespace, rect: tuple) -> list:
    """Each (tag, label, prober)'s snapshot over `rect`, probed in bands (the very values of one pass), the share
    of their points done told to `progress` (a Progress) band by band."""
    first = probed[0][2].trainer.config
    heatmap, manifold = args.heatmap_res or first.probe.heatmap_res, args.manifold_res or first.probe.manifold_res
    grid = {1: f" and the manifold's {manifold} segments", 2: f" and the manifold {manifold}x{manifold}"}
    progress.step(f"probing the heatmap {heatmap}x{heatmap}{grid.get(first.noise.dim, '')}"
                  f"{f' of {len(probed)} runs' if len(probed) > 1 else ''}")
    points = sum(prober.banded_points(args.heatmap_res, args.manifold_res) for _, _, prober in probed)
    done, snapshots = 0, []
    for _, _, prober in probed:
        for band in prober.snapshot_in_bands(PROBE_BAND, view=rect, heatmap_res=args.heatmap_res,
                                             manifold_res=args.manifold_res, count=args.samples):
            if isinstance(band, int):
                done += band
                progress.done(done / points)
            else:
                snapshots.append(band)
    return snapshots


def _headless_context():
    from .render.gl import create_headless_context
    try:
        return create_headless_context()
    except Exception as error:  # EGL missing or broken: say what to install, not a traceback
        raise UserError(f"no headless OpenGL (EGL) context: {error}. Install Mesa's EGL (libegl1, libegl-mesa0) "
                        "or an NVIDIA driver.") from None


def _add_probe_resolutions(command: argparse.ArgumentParser, default: str) -> None:
    command.add_argument("--heatmap-res", type=int, metavar="N", help=f"heatmap cells per side (default: {default})")
    command.add_argument("--manifold-res", type=int, metavar="M", help=f"manifold cells per side (default: {default})")


def _check_probe_resolutions(args: argparse.Namespace) -> None:
    for option, value in (("--heatmap-res", args.heatmap_res), ("--manifold-res", args.manifold_res)):
        if value is not None and not 1 <= value <= 2048:
            raise UserError(f"{option} must be 1..2048, got {value}")


def _animate(args: argparse.Namespace) -> int:
    from .app.canvas_picture import CanvasPicture
    from .core import checkpoint
    from .progress import Counting
    from .render import animate

    _refuse_absent_cuda(args.device, "--device cuda")
    size, layers = _picture_options(args, 2, 8192)
    shown = _view_rect(args.view)
    if not 1 <= args.fps <= 240:  # also refuses nan
        raise UserError(f"--fps must be 1..240, got {args.fps:g}")
    if args.first < 0:  # a range check would name the unset --to as None
        raise UserError(f"--from must be 0 or more (iteration 0 is the run's start), got {args.first}")
    if args.last is not None and args.last < args.first:
        raise UserError(f"--from {args.first} --to {args.last}: needs from <= to")
    _check_probe_resolutions(args)
    out = Path(args.out)
    runs.check_output_file(out, "--out", (".mp4", ".gif"))
    asked, size = size, animate.video_size(size, out)  # 101x101 was cropped to 100x100 and reported as 101x101
    saved = _saved_view(args, args.run_dir)
    try:
        trainer = checkpoint.load(args.run_dir, device=args.device)
    except _user_errors() as error:
        raise UserError(str(error)) from None
    kept = trainer.timeline.iterations
    last = kept[-1] if args.last is None else args.last
    rows = animate.frames_in_range(trainer, args.first, last)
    if not rows:
        raise UserError(f"--from {args.first} --to {last}: no kept iteration there; {args.run_dir} keeps "
                        f"{len(kept)} from {kept[0]} to {kept[-1]}")
    if out.suffix.lower() == ".gif" and animate.gif_bytes(len(rows), size) > animate.GIF_MAX_BYTES:
        raise UserError(f"--out {out}: {len(rows)} GIF frames of {size[0]}x{size[1]} need more than "
                        f"{animate.GIF_MAX_BYTES // 2**30} GiB in memory; write an .mp4, or a smaller --size or range")
    comparison = _compared(args, args.run_dir, trainer)
    panes = comparison.panes(trainer)
    trainers = [trainer for _, _, trainer in panes]
    rect, settings = _lab_picture(args, saved, args.run_dir, trainer, layers, shown,
                                  lambda: animate.frame_samples(trainers, rows))
    ctx = _headless_context()
    picture = CanvasPicture(ctx, trainer.device, size, rect, settings, args.pixel_scale, len(trainers))
    bar = Counting(args.command, len(rows), "frame", _count_shown(args))

    written = []  # the iterations of the frames written so far (the bar, under --quiet, counts none)

    def drawn(iteration: int) -> None:  # after each frame: a stop signal (kill, Ctrl-C) ends it there
        written.append(iteration)
        bar.advance(1, iteration=iteration)
        stop.stop_here(f"after {len(written)} of {len(rows)} frames; stopped, nothing written to {out}")
        if len(written) == len(rows):  # what is left is short (the encoder's last frames, the rename): finish it
            stop.finishing = "finishing the video (all its frames are drawn)"

    # a stop signal used to end it at once, leaving the video's hidden temporary beside --out; Stopped, raised
    # between frames, removes it on the way out (atomic.Replacement); one after the last frame is answered at the end
    with runs.StopSignals(finishing="removing the unfinished video") as stop:
        try:
            frames = picture.past(panes, rows, resolution={key: value for key, value in (
                ("heatmap_res", args.heatmap_res), ("manifold_res", args.manifold_res)) if value is not None})
            if args.caption:
                frames = animate.captioned(frames, size, low=bool(comparison))
            animate.write_video(frames, out, args.fps, size, progress=drawn)
        except OSError as error:  # ffmpeg's errors run to many lines: the first says it
            reason = error.strerror or str(error).strip().splitlines()[0]
            raise PathError(f"--out {args.out}: cannot write ({reason}); nothing was written") from None
        finally:
            bar.close()
            picture.release()
            ctx.release()
    finished = (f"animated {len(rows)} kept iterations ({kept[rows[0]]}..{kept[rows[-1]]}) of {args.run_dir}"
                f"{_compared_said(comparison)} to {out} ({size[0]}x{size[1]}"
                f"{'' if size == asked else ': an MP4 needs even sides'}, {args.fps:g} fps{_lecture_said(settings)})")
    if stop.received is not None:  # it came after the last frame's check, while the video was encoded or renamed
        print(f"{stop.name} after the last frame; finished the video: {finished}", file=sys.stderr)
        return runs.exit_code_for(stop.received)
    print(finished, file=sys.stderr)
    return 0


def _preset_trainer(name: str, device: str | None):
    """A preset's shipped pre-trained model where one exists, else a fresh run of its training config; on `device`
    (None: the config's); which it is, said on stderr as the lab's preset pick says it."""
    from .core import checkpoint
    from .core.presets import given_over_preset, preset_notice
    from .core.settings import given_config
    from .core.trainer import Trainer
    from .resources import asset_path
    try:
        trainer = checkpoint.load(asset_path(f"pretrained/{name}"), device=device)
        shipped = f": pre-trained model at iteration {trainer.iteration_count:,}"
    except FileNotFoundError:
        trainer = Trainer(given_config(None, [f"data.name={name}", *([f"run.device={device}"] if device else [])]))
        shipped = ": a fresh run"
    print(f"ganlab-gl render: {preset_notice(name, given_over_preset(trainer.config))}{shipped}", file=sys.stderr)
    return trainer


def _settings(args: argparse.Namespace) -> int:
    from .app.view_settings import SETTING_GROUPS
    from .core.settings import unknown_setting
    if args.name is None:
        print("\n".join(group.markdown() for group in SETTING_GROUPS))
        return 0
    for group in SETTING_GROUPS:
        declared = group.tree.settings()
        if args.name in declared:
            print(_one_setting(declared[args.name], group))
            return 0
        section = [declared[key] for key in declared if key.split(".", 1)[0] == args.name]
        if section:
            print(group.markdown(section))
            return 0
    raise UserError(str(unknown_setting(args.name, _nearest_settings(args.name))))


def _one_setting(setting, group) -> str:
    """`ganlab-gl settings KEY`: what the reference's row says, a line each, and how to set it."""
    def typed(value) -> str:  # as --set takes it
        return str(value).lower() if isinstance(value, bool) else str(value) or "''"  # an empty text (data.file) shown

    limits = setting.describe_range() or ("true | false" if setting.type is bool else "")
    kind = "choices" if setting.choices or setting.type is bool else "range"
    return "\n".join([
        f"{setting.key}: {setting.help}",
        f"  group     {group.name} ({group.tree.__name__})",
        f"  type      {setting.type.__name__}",
        f"  default   {typed(setting.default)}",
        *([f"  {kind:<9} {limits}"] if limits else []),
        *([f"  listed    {setting.describe_listed()}"] if setting.steps else []),  # what a click on its field offers
        f"  applies   {setting.applies}",
        f"  set with  --set {setting.key}=VALUE (ganlab-gl {group.commands})"])


NEAREST_SETTINGS = 6  # names an unknown `settings NAME` is answered with, at most


def _nearest_settings(name: str) -> list[str]:
    """The settings nearest `name`: those whose own name holds it (msaa: display.msaa; lr: the learning rates and
    their schedule), then the keys and sections spelt nearly as it is."""
    from .app.view_settings import SETTING_GROUPS
    keys = [key for group in SETTING_GROUPS for key in group.tree.settings()]
    sections = list(dict.fromkeys(key.split(".", 1)[0] for key in keys))
    wanted = name.strip().lower()
    holding = [key for key in keys if wanted and wanted in key.split(".", 1)[1]]
    spelt = difflib.get_close_matches(wanted, [*keys, *sections], n=3, cutoff=0.6)
    return list(dict.fromkeys([*holding, *spelt]))[:NEAREST_SETTINGS]


if __name__ == "__main__":
    sys.exit(main())
