"""The command line end to end: train, resume, sample, help, and one-line refusals."""

import argparse
import csv
import os
import re
import signal
import subprocess
import sys
import types

import numpy as np
import pytest

from ganlab_gl import cli, runs
from ganlab_gl.app.actions import Action, SessionOpening
from ganlab_gl.core import checkpoint
from ganlab_gl.core.trainer import Trainer


def run(*args):
    return subprocess.run([sys.executable, "-m", "ganlab_gl.cli", *args], capture_output=True, text=True, timeout=120)


def opened_lab(monkeypatch, *args, command=("lab",)):
    """The lab's AppState as `ganlab-gl lab ARGS` (`ganlab-gl ARGS` where command is ()) hands it to the window,
    which is not opened."""
    import ganlab_gl.app.lab as lab_module
    import ganlab_gl.app.window as window_module
    opened = {}
    monkeypatch.setattr(lab_module, "Lab", lambda host, state: opened.setdefault("state", state))
    monkeypatch.setattr(window_module, "run_window", lambda make, **_: make(None))
    assert cli.main([*command, *args]) == 0
    return opened["state"]


def test_train_prints_and_writes_d_loss_as_ganlab_shows_it(tmp_path, capsys):
    """GAN Lab shows half of the D loss it minimises (the mean of its real and fake terms); `train` printed and
    wrote the sum, twice what a student reads beside it in GAN Lab."""
    out = tmp_path / "run"
    assert cli.main(["train", "--iterations", "1", "--out", str(out), "--set", "train.d_steps=1"]) == 0
    replay = Trainer(checkpoint.load(out).config)
    (minimised,) = [float(p.tensors["loss"]) for p in replay.walk() if (p.network, p.name) == ("D", "loss")]
    (row,) = csv.DictReader((out / "metrics.csv").open())
    assert row["d_loss"] == f"{minimised / 2:.6g}"
    assert f"D={minimised / 2:.3f}" in capsys.readouterr().err


def test_train_to_a_log_says_a_line_per_tenth_not_a_bar_on_one_line(tmp_path):
    """`train 2> log` wrote tqdm's redraws, each ended by a carriage return, into one long line: where stderr is no
    terminal, a line as each tenth of the iterations is passed; --progress bar draws the bar there all the same."""
    def train(*args):  # bytes, as the log holds them (text mode reads a carriage return as a new line)
        done = subprocess.run([sys.executable, "-m", "ganlab_gl.cli", "train", *args], capture_output=True, timeout=120)
        return types.SimpleNamespace(returncode=done.returncode, stderr=done.stderr.decode())

    result = train("--iterations", "300", "--out", str(tmp_path / "run"))
    assert result.returncode == 0 and "\r" not in result.stderr, result.stderr
    counted = [line for line in result.stderr.splitlines() if line.startswith("ganlab-gl train: ")]
    assert [line.split(":")[1] for line in counted] == [" 30%", " 60%", " 100%"], result.stderr
    assert re.fullmatch(r"ganlab-gl train: 100%: 300 of 300 iterations in \d+\.\d s \(D=\d\.\d{3}, G=\d\.\d{3}\)",
                        counted[-1]), counted
    assert result.stderr.splitlines()[-1] == f"saved {tmp_path / 'run'} at iteration 300"
    bar = train("--iterations", "3", "--out", str(tmp_path / "bar"), "--progress", "bar")
    assert bar.returncode == 0 and "3/3 [" in bar.stderr and "it/s, D=" in bar.stderr and "\r" in bar.stderr, bar.stderr


def test_train_writes_a_run_directory_and_sample_reads_it(tmp_path):
    out = tmp_path / "run"
    assert cli.main(["train", "--iterations", "120", "--out", str(out), "--seed", "3", "--quiet",
                     "--set", "data.name=ring8", "--set", "train.loss=nonsaturating"]) == 0
    assert {p.name for p in out.iterdir()} == {"checkpoint.safetensors", "config.toml", "metrics.csv"}
    assert 'name = "ring8"' in (out / "config.toml").read_text()
    rows = list(csv.DictReader((out / "metrics.csv").open()))
    assert len(rows) == 120 and rows[-1]["iteration"] == "120" and float(rows[-1]["d_loss"]) > 0
    assert rows[49]["js"] != "" and rows[48]["js"] == ""  # divergences every metrics.every = 50
    short = tmp_path / "short"  # ten rows of each history, thinned on their own: every row held is written
    assert cli.main(["train", "--iterations", "1000", "--out", str(short), "--quiet", "--set", "metrics.history=10",
                     "--set", "metrics.every=50"]) == 0
    rows = list(csv.DictReader((short / "metrics.csv").open()))
    history = checkpoint.load(short).history
    evaluated = [int(row["iteration"]) for row in rows if row["js"]]
    with_losses = [int(row["iteration"]) for row in rows if row["d_loss"]]
    assert evaluated == history.evals.column("iteration").tolist() and evaluated[0] == 50 and evaluated[-1] == 1000
    assert with_losses == history.losses.column("iteration").tolist() and with_losses[0] == 1
    assert with_losses[-1] == 1000 and len(rows) == len(set(evaluated) | set(with_losses)) > 10
    assert cli.main(["train", "--iterations", "30", "--out", str(out), "--resume", "--quiet"]) == 0
    assert checkpoint.load(out).iteration_count == 150
    assert cli.main(["train", "--iterations", "5", "--out", str(out), "--resume", "--quiet",
                     "--set", "train.g_lr=0.002", "--set", "train.lr_decay_end=400"]) == 0  # live settings apply
    resumed = checkpoint.load(out)
    assert resumed.iteration_count == 155
    assert (resumed.config.train.g_lr, resumed.config.train.lr_decay_end) == (0.002, 400)
    for suffix in ("npy", "csv"):
        target = tmp_path / f"fakes.{suffix}"
        assert cli.main(["sample", str(out), "--count", "64", "--seed", "1", "--out", str(target)]) == 0
        data = np.load(target) if suffix == "npy" else np.loadtxt(target, delimiter=",", skiprows=1)
        assert data.shape == (64, 2) and np.isfinite(data).all()
    again = tmp_path / "again.npy"
    cli.main(["sample", str(out), "--count", "64", "--seed", "1", "--out", str(again)])
    assert np.array_equal(np.load(again), np.load(tmp_path / "fakes.npy"))


@pytest.mark.parametrize("args, reason", [
    (["train", "--iterations", "5", "--out", "X", "--set", "train.d_lr=-1"], "train.d_lr: -1 is below the minimum"),
    (["train", "--iterations", "5", "--out", "X", "--set", "data.name=file"], "data.file = a .csv or .npy path"),
    (["train", "--iterations", "5", "--out", "X", "--set", "data.file=geo.csv"],  # trained on gaussians, silently
     "--set data.file=geo.csv: data.name is gaussians, which does not read a file; add --set data.name=file"),
    (["lab", "--set", "data.file=geo.csv", "--set", "data.name=ring8"], "data.name is ring8, which does not read"),
    (["train", "--iterations", "0", "--out", "X"], "--iterations must be 1..1000000000000, got 0"),
    (["train", "--iterations", "5", "--out", "X", "--save-every", "soon"], "--save-every 'soon': expected"),
    (["train", "--out", "X"], "--iterations N is required (or --experiment NAME"),
    (["train", "--iterations", "5", "--out", "X", "--config", "missing.toml"], "no such config file"),
    (["train", "--iterations", "5", "--out", "X", "--config", "."], ".: cannot read the config file (Is a directory)"),
    (["lab", "--size", "0x0"], "--size 0x0: each side must be 320..16384 pixels"),
    (["lab", "--size=-5x100"], "--size -5x100: each side must be 320..16384 pixels"),
    (["sample", "nowhere", "--out", "a.npy"], "nowhere: no such folder"),
    (["sample", "nowhere", "--out", "a.txt"], "use a .npy or .csv file name"),
    (["frobnicate"], "ganlab-gl: 'frobnicate' is not a command and no such file exists; give a command (lab, train, "),
    # a command's own stray arguments are named by it, with the option meant (the top parser said 'ganlab-gl:')
    (["train", "--iterations", "5", "--out", "X", "--itrations", "4"],
     "ganlab-gl train: unknown option --itrations; did you mean --iterations? (see ganlab-gl train --help)"),
    (["animate", "X", "--out", "a.mp4", "--no-captions"], "unknown option --no-captions; did you mean --no-caption?"),
    (["render", "gaussians", "--out", "x.png", "--set", "data.name=ring"],
     "ganlab-gl render: unknown option --set (see ganlab-gl render --help)"),  # not --size
    (["--lectuer"], "ganlab-gl lab: unknown option --lectuer; did you mean --lecture?"),
    (["animate", "X", "--out", "a.mp4", "--from", "-1"],  # it said '--from -1 --to None: needs 0 <= from <= to'
     "ganlab-gl animate: --from must be 0 or more (iteration 0 is the run's start), got -1"),
    (["animate", "X", "--out", "a.mp4", "--from", "10", "--to", "5"], "--from 10 --to 5: needs from <= to"),
    (["settings", "train", "d_lr"], "ganlab-gl settings: unexpected argument 'd_lr' (see ganlab-gl settings --help)"),
    (["settings", "trian"], "ganlab-gl settings: unknown setting 'trian'; did you mean train? (see ganlab-gl settings "
                            "for the list)"),
    (["lab", "--set", "data.name=drawing"], "needs drawn points"),
    (["lab", "--set", "display.msaa=99"], "display.msaa: 99 is above the maximum"),
    (["lab", "--load", "X"], "--load X: no such folder"),
    # a view setting, which only the lab's window takes: it said "unknown setting 'display.msaa'"
    (["train", "--iterations", "5", "--out", "X", "--set", "display.msaa=2"], "ganlab-gl train: --set display.msaa=2: "
     "a view setting of the lab window (ganlab-gl lab --set display.msaa=2); train takes training settings only"),
    (["train", "--resume", "--iterations", "5", "--out", "X", "--set", "heatmap.visible=false"],
     "--set heatmap.visible=false: a view setting of the lab window"),
    (["render", "gaussians", "--out", "x.png", "--size", "-5x5"],  # "argument --size: expected one argument"
     "ganlab-gl render: --size -5x5: each side must be 1..16384 pixels"),
    (["lab", "--load", "."], "--load .: no checkpoint.safetensors"),
])
def test_bad_input_gives_one_line_and_exit_code_2(tmp_path, args, reason):
    result = run(*[a.replace("X", str(tmp_path / "x")) for a in args])
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    reason = reason.replace("X", str(tmp_path / "x"))
    assert len(lines) == 1 and reason in lines[0] and "Traceback" not in result.stderr, lines


@pytest.mark.parametrize("command", [["train", "--iterations", "5", "--out", "RUN"], ["lab"]])
def test_a_config_file_of_view_settings_is_refused_naming_what_it_holds(tmp_path, command):
    """It said "unknown setting 'display.msaa'", a setting `ganlab-gl settings` lists."""
    from test_errors_doc import assert_documented
    config = tmp_path / "view.toml"
    config.write_text("[train]\nd_lr = 0.05\n\n[display]\nmsaa = 2\n")
    result = run(*[str(tmp_path / "run") if a == "RUN" else a for a in command], "--config", str(config))
    assert result.returncode == 2 and result.stderr.strip() == (
        f"ganlab-gl {command[0]}: {config}: [display] holds view settings of the lab window; a --config file holds "
        "training settings (give view settings with ganlab-gl lab --set display.KEY=VALUE)")
    assert_documented(result.stderr)
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("args, line", [
    (["animate", "X", "--out", "a.mp4", "--fps", "0"], "ganlab-gl animate: --fps must be 1..240, got 0"),
    (["render", "ring", "--out", "a.png", "--pixel-scale", "0"],
     "ganlab-gl render: --pixel-scale must be 0.1..16, got 0"),
])
def test_a_refused_number_is_named_as_typed(args, line):  # not 'got 0.0'
    assert run(*args).stderr.strip() == line


def test_train_refuses_to_replace_a_run_it_was_not_told_to_resume(tmp_path):
    out = tmp_path / "good"
    assert cli.main(["train", "--iterations", "20", "--out", str(out), "--quiet"]) == 0
    kept = (out / "checkpoint.safetensors").read_bytes()
    result = run("train", "--iterations", "5", "--out", str(out))
    assert result.returncode == 2 and result.stderr.strip().splitlines() == [
        f"ganlab-gl train: --out {out}: holds a run already; --resume continues it, or give another folder "
        "(or delete that one)"]
    assert (out / "checkpoint.safetensors").read_bytes() == kept and checkpoint.load(out).iteration_count == 20


def test_train_refuses_an_empty_out_rather_than_write_into_the_current_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["train", "--iterations", "5", "--out", "", "--quiet"]) == 2
    assert capsys.readouterr().err.strip() == (
        "ganlab-gl train: --out is empty; name the run's folder, e.g. --out runs/ring8")
    assert list(tmp_path.iterdir()) == []


def test_a_timeline_cap_beyond_the_machines_memory_is_refused(tmp_path, monkeypatch, capsys):
    from ganlab_gl.core import device
    monkeypatch.setattr(device, "memory_mb", lambda choice: ("this machine's", 1024))
    out = tmp_path / "run"
    assert cli.main(["train", "--iterations", "5", "--out", str(out), "--quiet",
                     "--set", "timeline.memory_mb=2048"]) == 2
    assert capsys.readouterr().err.strip() == (
        "ganlab-gl train: timeline.memory_mb: 2048 is above this machine's memory, 1,024 MB")
    assert not out.exists()


def test_help_is_complete():
    top = run("--help").stdout
    for command in ("train", "sample", "settings"):
        assert command in top
    train_help = run("train", "--help").stdout
    for flag in ("--config", "--set", "--seed", "--iterations", "--out", "--resume", "--device"):
        assert flag in train_help
    assert "--count" in run("sample", "--help").stdout
    assert "train.d_lr" in run("settings").stdout


def settings_output(capsys, *name):
    code = cli.main(["settings", *name])
    out, err = capsys.readouterr()
    return code, out, err


def test_settings_lists_every_setting_a_user_can_set_grouped_as_the_reference(capsys):
    """`settings` listed the training settings alone: the view settings `lab --set display.msaa=0` takes were
    missing. It lists both groups, as docs/SETTINGS.md does, each setting with its default, range and meaning."""
    from ganlab_gl.app.state import ViewConfig
    from ganlab_gl.core.settings import GanConfig
    code, out, _ = settings_output(capsys)
    assert code == 0
    training, view = out.split("## View (`ViewConfig`, the lab window)")
    assert training.startswith("## Training (`GanConfig`)") and "--set section.key=value" in view
    for block, tree in ((training, GanConfig), (view, ViewConfig)):
        for s in tree.settings().values():
            row = next(line for line in block.splitlines() if line.startswith(f"| `{s.key}` |"))
            assert f"`{s.default!r}`" in row and s.describe_range().replace("|", "\\|") in row and s.help in row
    assert "| `display.ui_scale` | float | `1.0` | 0.5 .. 3 | live |" in view


@pytest.mark.parametrize("name, said", [
    ("display.msaa", ["display.msaa: canvas multisampling (a software renderer multisamples only the resting picture)",
                      "  group     View (ViewConfig)", "  type      int", "  default   4", "  range     0 .. 8",
                      "  applies   live", "  set with  --set display.msaa=VALUE (ganlab-gl lab)"]),
    ("train.d_optimizer", ["train.d_optimizer: how the discriminator's gradients change its weights: SGD steps "
                           "along them; Adam scales each weight's step by running averages of its past gradients, "
                           "steadier and often faster (switching starts those averages afresh)",
                           "  group     Training (GanConfig)", "  type      str", "  default   sgd",
                           "  choices   sgd | adam", "  applies   live",
                           "  set with  --set train.d_optimizer=VALUE (ganlab-gl train, lab)"]),
    ("train.g_lr", None), ("run.cuda_graph", None), ("data.file", None), ("fake.visible", None)])
def test_settings_name_prints_that_one_setting(capsys, name, said):
    from ganlab_gl.app.view_settings import SETTING_GROUPS
    code, out, err = settings_output(capsys, name)
    assert code == 0 and err == ""
    lines = out.splitlines()
    if said is not None:
        assert lines == said
    setting = next(group.tree.settings()[name] for group in SETTING_GROUPS if name in group.tree.settings())
    assert lines[0] == f"{name}: {setting.help}" and f"  applies   {setting.applies}" in lines
    # a list's values, as a click on its field in the lab offers them
    assert ("  listed    0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1" in lines) == (name == "train.g_lr"), lines


def test_settings_section_prints_that_sections_rows(capsys):
    code, out, _ = settings_output(capsys, "playback")
    rows = [line for line in out.splitlines() if line.startswith("| `")]
    assert code == 0 and out.startswith("## View") and [row.split("`")[1] for row in rows] == [
        "playback.phase_seconds", "playback.max_iterations_per_frame", "playback.frame_budget_ms",
        "playback.good_state_every"]


@pytest.mark.parametrize("name, meant", [
    ("msaa", "display.msaa"),  # a bare name: the key that holds it
    ("lr", "train.d_lr, train.g_lr or train.lr_decay_end"),
    ("train.lr", "train.g_lr, train.d_lr or train.loss"),
    ("heatmap.visble", "heatmap.visible, real.visible or heatmap"),
    ("zzz", None)])
def test_an_unknown_settings_name_is_answered_with_the_nearest_and_exit_code_2(capsys, name, meant):
    code, out, err = settings_output(capsys, name)
    assert code == 2 and out == ""
    assert err == (f"ganlab-gl settings: unknown setting {name!r}"
                   + (f"; did you mean {meant}?" if meant else "") + " (see ganlab-gl settings for the list)\n")


def test_the_lab_commands_help_names_the_help_key_the_action_table_binds(monkeypatch):
    """`lab --help` spelled "Press F1" by hand: the help's key rebound (here), it follows."""
    from dataclasses import replace

    from ganlab_gl.app.actions import ACTION_ROWS, Action
    monkeypatch.setitem(ACTION_ROWS, Action.TOGGLE_HELP, replace(ACTION_ROWS[Action.TOGGLE_HELP], keys={"f2": None}))
    commands = next(action for action in cli._build_parser()._actions if isinstance(action, argparse._SubParsersAction))
    assert commands.choices["lab"].description.endswith("Press F2 in the window for every key.")


def test_every_argument_of_every_command_says_what_it_is():
    """`render --help` listed '--out FILE.png' and '--pixel-scale PIXEL_SCALE' with no word of what they take."""
    parser = cli._build_parser()
    assert all(command in parser.description for command in ("train", "sample", "render", "animate"))  # headless
    commands = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    for name, command in commands.choices.items():
        for action in command._actions:
            assert action.help, f"{name} {action.option_strings or action.metavar}: no help"
            automatic = action.metavar is None and action.option_strings and action.nargs != 0  # argparse's DEST
            assert not (automatic and "_" in action.dest), f"{name} {action.option_strings}: {action.dest.upper()}"


def test_the_readme_figure_of_a_protocol_is_of_the_seed_its_command_trains():
    """The caption said seed 0 of a command that trains the default seed, 23 (another run, 96.6% sharp)."""
    import re
    from pathlib import Path

    from ganlab_gl.core.settings import GanConfig
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    command = re.search(r"ganlab-gl train --experiment ring8-vanilla[^#\n]*", readme)[0]
    caption = re.search(r"!\[A research protocol[^\]]*\]", readme)[0]
    given = re.search(r"--seed (\d+)", command)
    seed = int(given[1]) if given else GanConfig().run.seed
    assert re.search(rf"\bseed {seed}\b", caption) and re.findall(r"\bseed (\d+)", caption) == [str(seed)], caption


def test_version_prints_the_package_version():
    import importlib.metadata

    import ganlab_gl

    result = run("--version")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == f"ganlab-gl {ganlab_gl.__version__}\n"
    assert ganlab_gl.__version__ == importlib.metadata.version("ganlab-gl")  # pyproject.toml agrees
    assert "Until the lab window lands" not in run("--help").stdout


def test_ctrl_c_saves_and_exits_cleanly(tmp_path, monkeypatch, capsys):
    trained = {"n": 0}
    original = Trainer.train

    def interrupted(self, iterations):
        if trained["n"] < 200 <= trained["n"] + iterations:
            os.kill(os.getpid(), signal.SIGINT)  # handled between calls: this one still completes
        trained["n"] += iterations
        original(self, iterations)

    monkeypatch.setattr(Trainer, "train", interrupted)
    status = cli.main(["train", "--iterations", "1000", "--out", str(tmp_path), "--quiet"])
    assert status == cli.EXIT_INTERRUPTED
    stopped = trained["n"]  # the end of the call that saw the signal: 200 with calls of 10
    assert 200 <= stopped < 200 + runs.TRAIN_CALL
    assert checkpoint.load(tmp_path).iteration_count == stopped
    assert f"SIGINT at iteration {stopped}; saving" in capsys.readouterr().err


def test_divergence_stops_reverts_and_says_so(tmp_path, capsys):
    status = cli.main(["train", "--iterations", "600", "--out", str(tmp_path), "--quiet",
                       "--set", "train.loss=wgan-gp", "--set", "train.gp_weight=0", "--set", "train.d_lr=10",
                       "--set", "train.g_lr=10", "--set", "train.d_steps=5"])
    err = capsys.readouterr().err
    assert status == cli.EXIT_DIVERGED and "training stopped:" in err and "became" in err
    assert checkpoint.load(tmp_path).parameters_finite()


@pytest.mark.gl
def test_render_writes_a_png_of_the_requested_size(tmp_path):
    from PIL import Image
    out = tmp_path / "frame.png"
    result = run("render", "ring8", "--out", str(out), "--size", "96x64", "--layers", "heatmap,real,fake",
                 "--heatmap-res", "8", "--view", "-2,-2,2,2", "--samples", "50")
    assert result.returncode == 0, result.stderr
    image = Image.open(out)
    assert image.size == (96, 64)
    pixels = np.asarray(image)
    assert len(np.unique(pixels.reshape(-1, 4), axis=0)) > 5  # a picture, not a blank
    assert result.stderr.splitlines()[-1].startswith("rendered Ring of 8 at iteration 0 to ")
    assert "render bridge" not in result.stderr  # said on every command; the log's debug level has it now


def test_render_and_animate_name_one_compared_run_as_one():
    """The last line said "beside its compared runs B" of one run: the compared runs as their panes name them."""
    run = types.SimpleNamespace
    one = run(runs=[run(tag="B", label="WGAN-GP loss")])
    two = run(runs=[*one.runs, run(tag="C", label="g_lr 0.01")])
    assert [cli._compared_said(comparison) for comparison in (run(runs=[]), one, two)] == [
        "", " beside compared run B (WGAN-GP loss)", " beside compared runs B (WGAN-GP loss), C (g_lr 0.01)"]


@pytest.mark.parametrize("args, reason", [
    (["render", "gaussians", "--out", "x.png", "--size", "12"], "--size '12': expected 2 integers"),
    (["render", "gaussians", "--out", "x.png", "--layers", "heatmap,stars"],  # it said '--layers: unknown stars'
     "--layers 'heatmap,stars': stars is not a layer; choose from heatmap, contour, manifold, real, gradients, fake"),
    (["render", "gaussians", "--out", "x.png", "--layers", "fakes,stars"], "fakes, stars are not layers"),
    (["animate", "gaussians", "--out", "x.mp4", "--layers", ","],  # it said 'unknown (none given)'
     "--layers ',': no layer named; choose from heatmap"),
    (["render", "gaussians", "--out", "x.png", "--view", "1,1,0,0"], "needs x0 < x1 and y0 < y1"),
    (["render", "moons", "--out", "x.png"], "neither a run directory nor a preset"),
])
def test_render_refuses_bad_arguments(args, reason):
    result = run(*args)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and reason in lines[0], result.stderr


def test_without_a_display_the_lab_says_how_to_run_headless():
    import os
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    result = subprocess.run([sys.executable, "-m", "ganlab_gl.cli"], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 3
    assert "cannot open the lab window" in result.stderr and "ganlab-gl train" in result.stderr
    assert "ganlab-gl render" in result.stderr and "Traceback" not in result.stderr


def test_lab_options_work_without_the_lab_command():
    import os
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    result = subprocess.run([sys.executable, "-m", "ganlab_gl.cli", "--lecture", "--play"], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 3 and "cannot open the lab window" in result.stderr  # parsed as lab options


def test_same_seed_same_losses_across_processes(tmp_path):
    runs = []
    for name in ("a", "b"):
        result = run("train", "--iterations", "60", "--seed", "5", "--quiet", "--out", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
        runs.append((tmp_path / name / "metrics.csv").read_text())
    assert runs[0] == runs[1] and len(runs[0].splitlines()) == 61


def test_resume_refuses_settings_that_would_restart_the_run(tmp_path, capsys):
    out = tmp_path / "run"
    assert cli.main(["train", "--iterations", "3", "--out", str(out), "--quiet"]) == 0
    written = (out / "checkpoint.safetensors").read_bytes()
    capsys.readouterr()
    for extra, said in ((["--iterations", "3", "--set", "data.name=ring"], "--resume: data.name cannot change"),
                        (["--iterations", "3", "--experiment", "ring8-vanilla"], "--experiment cannot apply"),
                        (["--experiment", "ring8-vanilla"], "--experiment cannot apply"),
                        (["--iterations", "3", "--seed", "4"], "--seed cannot apply"),
                        ([], "--iterations N is required: how many more to train")):
        assert cli.main(["train", "--out", str(out), "--resume", "--quiet", *extra]) == 2
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert (out / "checkpoint.safetensors").read_bytes() == written  # nothing trained, nothing lost


def test_a_closed_pipe_ends_a_listing_quietly():
    """`ganlab-gl settings | head -1`: the reader leaving is no error."""
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-c", "import sys; from ganlab_gl.cli import main; "
                                "sys.exit(main(['settings']))"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # gone before the first line is written
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""


def test_train_on_a_file_far_from_the_unit_square_says_so(tmp_path):
    data = tmp_path / "geo.csv"
    data.write_text("-126,32\n-76.5,45.5\n-100,40\n")
    result = run("train", "--iterations", "2", "--quiet", "--out", str(tmp_path / "run"), "--set", "data.name=file",
                 "--set", f"data.file={data}")
    assert result.returncode == 0 and f"{data}: the points reach 126 (x -126..-76.5, y 32..45.5)" in result.stderr


# -- CUDA asked for where there is none ----------------------------------------------------------------------

def _without_cuda(monkeypatch):
    import torch
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    return f"no CUDA device here (torch {torch.__version__}, cuda available: False); use --device cpu or auto"


@pytest.mark.parametrize("command, asked", [
    (["train", "--iterations", "5", "--out", "{out}/run", "--device", "cuda"], "--device cuda"),
    (["train", "--iterations", "5", "--out", "{out}/run", "--set", "run.device=cuda"], "run.device=cuda"),
    (["train", "--experiment", "ring8-vanilla", "--out", "{out}/run", "--set", "run.device=cuda", "--device", "cuda"],
     "--device cuda"),
    (["render", "{run}", "--out", "{out}/picture.png", "--device", "cuda"], "--device cuda"),
    (["render", "ring8", "--out", "{out}/picture.png", "--device", "cuda"], "--device cuda"),
    (["animate", "{run}", "--out", "{out}/story.gif", "--device", "cuda"], "--device cuda"),
    (["sample", "{run}", "--out", "{out}/fakes.npy", "--device", "cuda"], "--device cuda"),
])
def test_cuda_asked_of_a_batch_command_without_it_is_refused_in_one_line(monkeypatch, capsys, tmp_path, command,
                                                                         asked):
    """`train --device cuda` without CUDA trained on the CPU, its note scrolled past, and exited 0: a script asked
    for the GPU gets a refusal and nothing written, not hours on the CPU."""
    from test_errors_doc import assert_documented
    trained = tmp_path / "trained"
    assert cli.main(["train", "--iterations", "3", "--quiet", "--out", str(trained)]) == 0
    said = _without_cuda(monkeypatch)
    out = tmp_path / "out"
    capsys.readouterr()
    assert cli.main([arg.format(out=out, run=trained) for arg in command]) == 2
    error = capsys.readouterr().err
    assert error == f"ganlab-gl {command[0]}: {asked}: {said}\n"
    assert_documented(error)
    assert not out.exists() and checkpoint.load(trained).iteration_count == 3


def test_device_picks_where_a_batch_command_runs_a_saved_run_and_a_saved_cuda_falls_back(monkeypatch, tmp_path):
    """--device is where this command runs; a run saved on a GPU (run.device=cuda) still samples on a laptop."""
    from ganlab_gl.core.settings import GanConfig, apply_overrides
    _without_cuda(monkeypatch)
    run_dir = tmp_path / "run"
    assert cli.main(["train", "--iterations", "3", "--quiet", "--out", str(run_dir), "--set", "run.device=auto"]) == 0
    assert cli.main(["sample", str(run_dir), "--count", "4", "--out", str(tmp_path / "f.npy"), "--device", "cpu"]) == 0
    assert np.load(tmp_path / "f.npy").shape == (4, 2)
    checkpoint.save(Trainer(apply_overrides(GanConfig(), ["run.device=cuda"])), tmp_path / "gpu-run")
    assert cli.main(["sample", str(tmp_path / "gpu-run"), "--count", "4", "--out", str(tmp_path / "g.npy")]) == 0
    assert np.load(tmp_path / "g.npy").shape == (4, 2)



@pytest.mark.parametrize("count, said", [(1, "1 sample"), (1500, "1,500 samples")])
def test_sample_says_how_many_it_wrote_in_words(tmp_path, capsys, count, said):  # it said "wrote 1 samples"
    assert cli.main(["train", "--iterations", "3", "--quiet", "--out", str(tmp_path / "run")]) == 0
    capsys.readouterr()
    assert cli.main(["sample", str(tmp_path / "run"), "--count", str(count), "--out", str(tmp_path / "f.npy")]) == 0
    assert capsys.readouterr().err == f"wrote {said} to {tmp_path / 'f.npy'}\n"

def test_the_lab_asked_for_cuda_without_it_opens_on_the_cpu_and_says_so(monkeypatch):
    from ganlab_gl.app.controller import Controller
    _without_cuda(monkeypatch)
    state = opened_lab(monkeypatch, "--device", "cuda")
    controller = Controller(state)
    try:
        assert state.config.run.device == "cuda" and controller.trainer.device.type == "cpu"
        assert "Training on the CPU (1 thread): run.device=cuda, but no CUDA GPU was found" in [
            notice.text for notice in state.notices]
    finally:
        controller.close()


@pytest.mark.parametrize("flags, named", [
    (["--set", "train.g_lr=0.5"], "--set train.g_lr=0.5"),
    (["--set", "display.ui_scale=2", "--set", "run.seed = 4"], "--set run.seed = 4"),
    (["--experiment", "ring8-vanilla"], "--experiment"),
    (["--seed", "4"], "--seed"),
    (["--config", "{config}"], "--config"),
    (["--untrained"], "--untrained"),
])
def test_lab_load_refuses_the_settings_the_session_would_replace(tmp_path, capsys, flags, named):
    """`lab --load S --set train.g_lr=0.5` opened S at its own rate, the option dropped without a word (and
    --experiment posted the protocol's notice over another run)."""
    from test_errors_doc import assert_documented
    session = tmp_path / "session"
    assert cli.main(["train", "--iterations", "3", "--quiet", "--out", str(session)]) == 0
    config = tmp_path / "config.toml"
    config.write_text("[train]\ng_lr = 0.5\n")
    capsys.readouterr()
    assert cli.main(["lab", "--load", str(session), *[flag.format(config=config) for flag in flags]]) == 2
    error = capsys.readouterr().err
    assert error == (f"ganlab-gl lab: --load opens the session with its own settings; {named} "
                     "cannot apply to it: it would change the run the session saved (only --device, view settings "
                     "and probe.*, metrics.*, run.cuda_graph, timeline.* go over it; change the rest in the lab once "
                     "it is open)\n")
    assert_documented(error)


def test_a_session_folder_named_alone_is_refused_naming_it_not_load(tmp_path, capfd):
    """`lab SESSION --set train.g_lr=0.1` was refused with words naming --load, which the user never typed: each
    refusal of a session opened so names the folder as given."""
    from test_errors_doc import assert_documented
    session = tmp_path / "session"
    assert cli.main(["train", "--iterations", "3", "--quiet", "--out", str(session)]) == 0
    capfd.readouterr()
    refusals = {}
    for flags in (["--set", "train.g_lr=0.1"], ["--compare", "train.loss=hinge"]):
        assert cli.main(["lab", str(session), *flags]) == 2
        refusals[flags[0]] = capfd.readouterr().err
    (session / "state.json").write_text("{}")
    assert cli.main(["lab", str(session)]) == 2
    damaged = capfd.readouterr().err
    assert refusals == {
        "--set": f"ganlab-gl lab: session folder {session} opens with its own settings; --set train.g_lr=0.1 cannot "
                 "apply to it: it would change the run the session saved (only --device, view settings and probe.*, "
                 "metrics.*, run.cuda_graph, timeline.* go over it; change the rest in the lab once it is open)\n",
        "--compare": f"ganlab-gl lab: --compare starts every run afresh, so it cannot follow session folder {session}; "
                     "load the session, then add runs in the Compare section (a session saved with a comparison "
                     "loads it)\n"}
    assert damaged == f"ganlab-gl lab: {session / 'state.json'}: not a ganlab-gl session state (no 'config' field)\n"
    for error in (*refusals.values(), damaged):
        assert "--load" not in error
        assert_documented(error)



def test_lab_load_opens_a_whole_session_and_one_whose_comparison_a_save_left_part_way(tmp_path, monkeypatch):
    """The lab loads such a comparison's main run alone and says so in the window: --load does not refuse it."""
    import ganlab_gl.app.window as window_module
    from test_render_matches_lab import saved_session
    session = saved_session(tmp_path / "session", compare=["train.loss=hinge"])
    behind = saved_session(tmp_path / "behind", iterations=2, compare=["train.loss=hinge"])
    opened = []
    monkeypatch.setattr(window_module, "run_window", lambda make, **_: opened.append(make))
    assert cli.main(["lab", "--load", str(session)]) == 0
    (session / "compare-1").rename(tmp_path / "whole")
    (behind / "compare-1").rename(session / "compare-1")
    assert cli.main(["lab", "--load", str(session)]) == 0 and len(opened) == 2

def test_lab_load_takes_the_device_and_view_settings(tmp_path, monkeypatch):
    session = tmp_path / "session"
    assert cli.main(["train", "--iterations", "3", "--quiet", "--out", str(session)]) == 0
    state = opened_lab(monkeypatch, "--load", str(session), "--device", "cpu", "--set", "display.ui_scale=2")
    assert state.config.run.device == "cpu" and state.view.display.ui_scale == 2


def test_lab_load_sets_the_view_and_watching_settings_given_over_the_sessions_own(tmp_path, monkeypatch):
    """`lab --load S --set probe.manifold_res=2048` was refused: a researcher could not open a session at a finer
    probe from the command line. The settings that only watch the run (and the view's, which a lab-saved session's
    state.json replaced without a word) go over the loaded session's, its compared runs' too, and the load says so."""
    from ganlab_gl.app.controller import Controller
    from test_render_matches_lab import saved_session
    session = saved_session(tmp_path / "session", compare=["train.loss=hinge"])
    state = opened_lab(monkeypatch, str(session), "--set", "probe.manifold_res=2048", "--set", "metrics.every=7",
                       "--set", "display.ui_scale=2", "--lecture")
    controller = Controller(state)
    try:
        controller.frame()
        (compared,) = controller.comparison.runs
        for config in (state.config, controller.trainer.config, compared.trainer.config):
            assert (config.probe.manifold_res, config.metrics.every, config.train.loss) == (
                2048, 7, "hinge" if config is compared.trainer.config else "log")
        assert controller.trainer.iteration_count == 3
        assert (state.view.display.ui_scale, state.view.display.lecture_mode) == (2.0, True)
        assert f"loaded {session} at iteration 3 (given over its settings: probe.manifold_res 32 → 2048, " \
               "metrics.every 50 → 7, display.ui_scale 1 → 2, display.lecture_mode off → on)" in [
                   notice.text for notice in state.notices]
    finally:
        controller.close()


@pytest.mark.parametrize("name, damage, reason", [
    ("checkpoint.safetensors", lambda data: data[:200], "not a readable safetensors file (header of"),
    ("checkpoint.safetensors", lambda data: b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ",  # another program's file
     "no ganlab-gl metadata in the header (not a ganlab-gl checkpoint?)"),
    ("state.json", lambda _: b'{"view_rect": [1, 1, 0, 0]}', "not a ganlab-gl session state (no 'config' field)"),
    ("compare.json", lambda _: b"[", "not a ganlab-gl comparison ("),
])
def test_lab_load_refuses_a_damaged_session_before_the_window_opens(tmp_path, capfd, monkeypatch, name, damage,
                                                                     reason):
    """Only the folder was checked: the window opened on a default run, and the refusal was a notice that faded."""
    import ganlab_gl.app.window as window_module
    from test_errors_doc import assert_documented
    session = tmp_path / "session"
    assert cli.main(["train", "--iterations", "3", "--quiet", "--out", str(session)]) == 0
    damaged = session / name
    damaged.write_bytes(damage(damaged.read_bytes() if damaged.exists() else b""))
    opened = []
    monkeypatch.setattr(window_module, "run_window", lambda make, **_: opened.append(make))
    capfd.readouterr()
    assert cli.main(["lab", "--load", str(session)]) == 2
    error = capfd.readouterr().err
    said = f"ganlab-gl lab: --load {damaged}: {reason}"
    assert error.startswith(said) and error.count("\n") == 1 and not opened, error
    assert_documented(error)


@pytest.mark.parametrize("command", ["render", "animate"])
@pytest.mark.parametrize("view, reason", [
    ("1,1,0,0", "needs x0 < x1 and y0 < y1"),
    ("0,0,1e300,1e300", "coordinates beyond ±1e+06"),  # inf in float32: a blank picture, exit 0
    ("0,0,1e-300,1e-300", "sides narrower than 0.0001"),  # 0 wide in float32: a blank picture, exit 0
    ("1000,1000,1000.01,1000.01", "sides narrower than 0.0001"),
])
def test_a_bad_view_is_refused_before_any_loading_or_training(monkeypatch, capsys, tmp_path, command, view, reason):
    """render --train 100000 --view 1,1,0,0 trained the 100,000 iterations, then refused the view."""
    from test_errors_doc import assert_documented
    run_dir = tmp_path / "run"
    assert cli.main(["train", "--iterations", "3", "--quiet", "--out", str(run_dir)]) == 0
    loaded = []
    monkeypatch.setattr(checkpoint, "load", lambda *args, **kwargs: loaded.append(args))
    capsys.readouterr()
    extra = ["--train", "100000"] if command == "render" else []
    assert cli.main([command, str(run_dir), "--out", str(tmp_path / f"x.{'png' if command == 'render' else 'mp4'}"),
                     f"--view={view}", *extra]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"ganlab-gl {command}: --view {view}: ") and reason in error and not loaded, error
    assert error.count("\n") == 1
    assert_documented(error)


def test_lab_takes_a_view_setting_with_spaces_around_its_key(monkeypatch):
    """`--set " display.ui_scale=2"` (a quoted variable's space) said "unknown setting 'display.ui_scale'": the
    space hid its section from the view settings, and the training settings have no such key."""
    state = opened_lab(monkeypatch, "--set", " display.ui_scale = 2", "--set", " train.g_lr=0.01")
    assert state.view.display.ui_scale == 2 and state.config.train.g_lr == 0.01


# -- a dataset named on the command line brings its preset's training config ---------------------------------

def _picked_in_the_window(name):
    """The config picking preset `name` in the lab gives, over the first run."""
    from ganlab_gl.app.controller import Controller
    from ganlab_gl.app.state import AppState
    controller = Controller(AppState())
    try:
        controller._pick_dataset(name)
        return controller.state.config.copy()
    finally:
        controller.close()


def test_lab_set_data_name_trains_what_picking_it_in_the_window_trains(monkeypatch):
    """`lab --set data.name=disjoint` started disjoint on the gaussians preset's config; its button loads disjoint's
    own: a lecturer's command gave another experiment than the window's button."""
    from ganlab_gl.core.presets import preset_notice
    state = opened_lab(monkeypatch, "--set", "data.name=disjoint")
    assert state.config.changed_keys(_picked_in_the_window("disjoint")) == []
    assert preset_notice("disjoint", graph_beside=True) in [notice.text for notice in state.notices]
    given = opened_lab(monkeypatch, "--set", "data.name=ring", "--set", "train.d_lr=0.05",
                       "--compare", "train.loss=hinge")
    assert given.config.changed_keys(_picked_in_the_window("ring")) == ["train.d_lr"]
    assert given.notices[-1].text == preset_notice("ring", ["train.d_lr=0.05"], graph_beside=True)
    assert opened_lab(monkeypatch).notices == type(state.notices)(maxlen=state.notices.maxlen)  # the first run: quiet


def test_train_and_its_config_file_bring_the_named_presets_config_and_say_so(tmp_path, capsys):
    from ganlab_gl.core.presets import preset_notice, with_preset
    from ganlab_gl.core.settings import GanConfig
    assert cli.main(["train", "--iterations", "1", "--quiet", "--out", str(tmp_path / "ring"),
                     "--set", "data.name=ring", "--seed", "4"]) == 0
    assert checkpoint.load(tmp_path / "ring").config.changed_keys(with_preset(GanConfig(), "ring")) == ["run.seed"]
    assert preset_notice("ring") + "\n" in capsys.readouterr().err
    lecture = tmp_path / "lecture.toml"
    lecture.write_text('[data]\nname = "disjoint"\n\n[train]\ng_lr = 0.01\n')
    assert cli.main(["train", "--iterations", "1", "--quiet", "--out", str(tmp_path / "disjoint"),
                     "--config", str(lecture)]) == 0
    trained = checkpoint.load(tmp_path / "disjoint").config
    assert trained.changed_keys(with_preset(GanConfig(), "disjoint")) == ["train.g_lr"]
    assert preset_notice("disjoint", ["train.g_lr=0.01"]) + "\n" in capsys.readouterr().err
    assert cli.main(["train", "--iterations", "1", "--quiet", "--out", str(tmp_path / "protocol"),
                     "--experiment", "ring8-hinge"]) == 0  # a research protocol keeps its own settings, unsaid
    assert checkpoint.load(tmp_path / "protocol").config.train.loss == "hinge"
    assert "config (" not in capsys.readouterr().err


@pytest.mark.parametrize("name", ["ring8", "ring"])
def test_render_of_a_preset_draws_its_own_config_and_says_which(capsys, name):
    """`render ring8` drew a fresh run of the gaussians preset's config on ring8's data."""
    from ganlab_gl.core.presets import given_over_preset, preset_notice
    trainer = cli._preset_trainer(name, "cpu")
    assert trainer.config.data.name == name and given_over_preset(trainer.config) == []  # a shipped one's too
    shipped = "a fresh run" if name == "ring8" else f"pre-trained model at iteration {trainer.iteration_count:,}"
    assert capsys.readouterr().err == f"ganlab-gl render: {preset_notice(name)}: {shipped}\n"


@pytest.mark.parametrize("flags, pretrained", [((), True), (("--device", "cpu", "--play"), True),
                                               (("--set", "run.device=cpu"), True),
                                               (("--set", "display.ui_scale=2", "--lecture"), True),
                                               (("--untrained",), False), (("--seed", "3"), False),
                                               (("--set", "data.name=ring"), False),
                                               (("--set", "train.g_lr=0.01"), False),
                                               (("--set", "train.d_steps=3"), False),
                                               (("--set", "probe.manifold_res=256", "--set", "metrics.every=7"),
                                                True)])
def test_the_lab_opens_as_ganlab_does_on_the_shipped_model_unless_told_otherwise(monkeypatch, flags, pretrained):
    """GAN Lab opens with "Use pre-trained model" ticked: a working GAN on the first frame (its manifold spread over
    the data), Play training on top of it. The lab opened on an untrained run, a few fakes in a blob beside GAN Lab's
    trained generator. Training settings given (which the shipped weights would replace) or --untrained open the
    untrained run; the device, view settings and live probe or metric settings (kept over it) do not stop it."""
    from ganlab_gl.app.controller import Controller
    state = opened_lab(monkeypatch, *flags)
    controller = Controller(state)
    try:
        controller.frame()
        assert (controller.pretrained is not None) == pretrained
        assert (controller.trainer.iteration_count > 0) == pretrained
        assert state.playing == ("--play" in flags)  # Play trains on top of it
        given = dict(flag.split("=") for flag in flags if "=" in flag and not flag.startswith("display."))
        assert {key: str(state.config.get(key)) for key in given} == given  # what was asked is what runs
    finally:
        controller.close()


def test_the_lab_opens_on_the_shipped_model_unsaid_and_a_tick_of_its_box_says_it(monkeypatch):
    """The lab's first frame showed "Two Gaussians: GAN Lab's training config (...): pre-trained model at iteration
    8,000" over the lower quarter of the canvas for 5 s, covering the samples; the graph column's paragraph says it
    ("The pre-trained model as it ships"). A tick of Use pre-trained model still says what it loaded."""
    from ganlab_gl.app.actions import Action
    from ganlab_gl.app.controller import Controller
    state = opened_lab(monkeypatch)
    controller = Controller(state)
    try:
        frame = controller.frame()
        assert frame.pretrained_as_shipped
        assert not any("pre-trained model at iteration" in notice.text for notice in state.notices), state.notices
        state.request(Action.USE_PRETRAINED, False)
        controller.frame()
        state.request(Action.USE_PRETRAINED, True)
        controller.frame()
        assert state.notices[-1].text.endswith(f"pre-trained model at iteration {controller.trainer.iteration_count:,}")
    finally:
        controller.close()


@pytest.mark.parametrize("opens", ["--load", "--compare"])
def test_a_session_or_compared_runs_given_open_without_the_shipped_model(tmp_path, monkeypatch, opens):
    """The lab opens on the shipped model only where nothing else is named: a session loaded would be set aside
    behind it, and compared runs start every run afresh, so the shipped model loaded first would be announced and
    dropped at once. --load opens the session, --compare its runs from scratch, the box unticked."""
    from ganlab_gl.app.controller import Controller
    session = tmp_path / "session"
    assert cli.main(["train", "--iterations", "3", "--quiet", "--out", str(session)]) == 0
    state = opened_lab(monkeypatch, *(["--load", str(session)] if opens == "--load" else
                                      ["--compare", "train.loss=hinge"]))
    controller = Controller(state)
    try:
        controller.frame()
        assert controller.pretrained is None and not any("pre-trained" in n.text for n in state.notices)
        assert controller.trainer.iteration_count == (3 if opens == "--load" else 0)
        assert len(controller.comparison.runs) == (1 if opens == "--compare" else 0)
    finally:
        controller.close()


# -- `lab DATA_FILE` -----------------------------------------------------------------------------------------

def test_the_lab_opens_on_a_data_file_given_by_name_as_the_set_pair_opens_it(tmp_path, monkeypatch):
    """`ganlab-gl lab points.csv` was refused ("unexpected argument"); only --set data.name=file --set
    data.file=points.csv opened a file's points. The name alone opens the same run, untrained on the file (the
    shipped model is a preset's), with the other data settings and --set's still applied."""
    from ganlab_gl.app.controller import Controller
    data = tmp_path / "points.csv"
    data.write_text("x,y\n0.2,0.3\n0.7,0.8\n0.4,0.6\n")
    by_name = opened_lab(monkeypatch, str(data), "--set", "data.brush_spread=0.05", "--seed", "4")
    by_pair = opened_lab(monkeypatch, "--set", "data.name=file", "--set", f"data.file={data}",
                         "--set", "data.brush_spread=0.05", "--seed", "4")
    assert (by_name.config.data.name, by_name.config.data.file, by_name.config.data.brush_spread) == (
        "file", str(data), 0.05)
    assert by_name.config.changed_keys(by_pair.config) == [] and by_name.config.run.seed == 4
    controller = Controller(by_name)
    try:
        controller.frame()
        assert controller.pretrained is None and controller.trainer.iteration_count == 0
        assert controller.trainer.dataset.name == "file"
    finally:
        controller.close()


def test_a_data_file_named_first_opens_the_lab_as_lab_data_file_does(tmp_path, monkeypatch):
    """`ganlab-gl points.csv` was refused ("argument COMMAND: invalid choice: 'points.csv'") though `ganlab-gl lab
    points.csv` opens it: a first word that is a data file there opens the lab on it, the options after it too."""
    data = tmp_path / "points.txt"
    data.write_text("0.2,0.3\n0.7,0.8\n0.4,0.6\n")
    flags = [str(data), "--set", "data.brush_spread=0.05", "--seed", "4", "--set", "display.ui_scale=2"]
    first = opened_lab(monkeypatch, *flags, command=())
    given_to_lab = opened_lab(monkeypatch, *flags)
    assert (first.config.data.name, first.config.data.file, first.config.run.seed) == ("file", str(data), 4)
    assert first.config.changed_keys(given_to_lab.config) == [] and first.view.display.ui_scale == 2
    assert list(first.requests) == list(given_to_lab.requests)


@pytest.mark.parametrize("word, said", [
    ("missing.csv", "'missing.csv' is not a command and no such file exists; give a command (lab, train, sample, "
                    "render, animate, experiments, settings) or a data file to open (a .csv or .npy of N x 2 points)"),
    ("notes.md", "'notes.md' is not a command nor a data file; give a command (lab, train, sample, render, animate, "
                 "experiments, settings) or a data file to open (a .csv or .npy of N x 2 points)"),
    ("trian", "unknown command 'trian'; did you mean train?"),
    # a missing data file named like a command was "unknown command 'train.csv'; did you mean train?"
    ("train.csv", "'train.csv' is not a command and no such file exists; give a command (lab, train, sample, render, "
                  "animate, experiments, settings) or a data file to open (a .csv or .npy of N x 2 points)"),
    # an empty word read as the current folder: "'' is a folder ...; a saved session opens with ganlab-gl lab --load "
    ("", "'' is not a command and no such file exists; give a command (lab, train, sample, render, animate, "
         "experiments, settings) or a data file to open (a .csv or .npy of N x 2 points)"),
])
def test_a_first_word_that_is_no_command_nor_data_file_is_refused_naming_it(tmp_path, monkeypatch, capsys, word,
                                                                             said):
    """Neither a command nor a data file there: one line naming the word and what was expected, exit code 2."""
    from test_errors_doc import assert_documented
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text("# not points\n")
    (tmp_path / "runs").mkdir()
    with pytest.raises(SystemExit) as refused:
        cli.main([word, "--play"])
    error = capsys.readouterr().err
    assert refused.value.code == 2 and error == f"ganlab-gl: {said} (see ganlab-gl --help)\n"
    assert_documented(error)


UNREADABLE_DATA_FILES = [
    ("missing.csv", None, "missing.csv: no such file"),
    ("bad.csv", "0.1,0.2\n0.3,oops\n", "bad.csv: row 2, column 2 is 'oops'"),
    ("points.txt.gz", "0.1,0.2\n", "points.txt.gz: unsupported file type '.gz'; use .csv or .npy"),
    ("short.npy", b"\x93NUMPY", "short.npy: a damaged or cut-short .npy file"),
]


# named first, without `lab`, a data file that is there (a folder so named too) is `lab`'s to refuse; a missing one
# or a .gz is the first word's refusal (test_a_first_word_that_is_no_command_nor_data_file_is_refused_naming_it)
@pytest.mark.parametrize("command, name, content, reason", [(["lab"], *case) for case in UNREADABLE_DATA_FILES]
                         + [([], *case) for case in UNREADABLE_DATA_FILES
                            if case[0] in ("bad.csv", "short.npy")])
def test_a_data_file_that_cannot_be_read_is_refused_in_one_line_naming_it(tmp_path, command, name, content, reason):
    """A missing, unreadable or malformed file given by name ends before the window opens: one line naming the file
    and its fault (the row and column of a bad cell), exit code 2, as the --set pair's file is refused."""
    from test_errors_doc import assert_documented
    path = tmp_path / name
    if content == "folder":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    result = run(*command, str(path))
    assert result.returncode == 2 and result.stderr.startswith(f"ganlab-gl lab: {path}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and reason in result.stderr, result.stderr
    assert_documented(result.stderr)


@pytest.mark.parametrize("command", [["lab"], []])
def test_a_session_folder_named_opens_the_lab_as_load_does(tmp_path, monkeypatch, command):
    """`ganlab-gl SESSION` was refused ("a folder, not a command or a data file"), `ganlab-gl lab SESSION` too ("a
    folder, not a .csv or .npy file"), though a folder Ctrl+S wrote is what a student has to open: both queue the
    load `lab --load SESSION` queues, with the device and view settings given, and no shipped model before it."""
    session = tmp_path / "session"
    assert cli.main(["train", "--iterations", "3", "--quiet", "--out", str(session)]) == 0
    flags = ["--device", "cpu", "--set", "display.ui_scale=2"]
    named = opened_lab(monkeypatch, *command, str(session), *flags, command=())
    loaded = opened_lab(monkeypatch, "--load", str(session), *flags)
    assert [(r.action, r.argument) for r in named.requests] == [
        (Action.LOAD, SessionOpening(session, (("display.ui_scale", 2.0),)))]
    assert named.requests == loaded.requests
    assert named.config.run.device == "cpu" and named.view.display.ui_scale == 2


@pytest.mark.parametrize("command", [["lab"], []])
@pytest.mark.parametrize("flags, said", [
    ([], "{folder}: a folder with no saved session in it (no checkpoint.safetensors, which the lab's Ctrl+S and train "
         "--out write); give a session's folder or a data file (.csv or .npy)"),
    (["--load", "{folder}"], "session folder {folder} and --load {folder} both name a session; give one of them"),
])
def test_a_folder_named_that_is_no_session_is_refused_saying_what_it_lacks(tmp_path, capsys, command, flags, said):
    """A folder without a checkpoint (or beside --load) ends before the window opens: one line, exit code 2."""
    from test_errors_doc import assert_documented
    folder = tmp_path / "runs"
    (folder / "notes").mkdir(parents=True)
    assert cli.main([*command, str(folder), *[flag.format(folder=folder) for flag in flags]]) == 2
    error = capsys.readouterr().err
    assert error == f"ganlab-gl lab: {said.format(folder=folder)}\n"
    assert_documented(error)


@pytest.mark.parametrize("flags, said", [
    (["--set", "data.file=other.csv"], "data file {data} and --set data.file=other.csv both name the data; give one of "
                                       "them"),
    (["--set", "data.name=ring"], "data file {data} and --set data.name=ring both name the data; give one of them"),
    (["--load", "{session}"], "--load opens the session with its own settings; data file {data} cannot apply to it: "
                              "it would change the run the session saved (only --device, view settings and probe.*, "
                              "metrics.*, run.cuda_graph, timeline.* go over it; change the rest in the lab once it "
                              "is open)"),
])
def test_a_data_file_beside_other_data_is_refused_naming_both(tmp_path, flags, said):
    """Which one would open is not for the lab to guess: --set data.* or --load beside a data file's name ends before
    the window opens, in one line."""
    from test_errors_doc import assert_documented
    data = tmp_path / "points.csv"
    data.write_text("0.2,0.3\n0.7,0.8\n")
    result = run("lab", str(data), *[flag.format(session=tmp_path) for flag in flags])
    assert result.returncode == 2 and result.stderr.strip() == f"ganlab-gl lab: {said.format(data=data)}", result.stderr
    assert_documented(result.stderr)
