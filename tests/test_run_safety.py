"""Runs survive signals, kills and full disks; every output-path problem is one line and an exit code.

The process tests send real signals to real `ganlab-gl train` processes at seeded random
moments (tiny networks, so iterations are fast and saves frequent), then load and resume.
"""

import errno
import os
import random
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from ganlab_gl import cli, runs
from ganlab_gl.core import atomic, checkpoint

SMALL = ["--set", "generator.neurons=4", "--set", "discriminator.neurons=4", "--set", "metrics.every=1000",
         "--set", "data.atlas_size=1000", "--quiet"]


def start_training(out, *extra):
    return subprocess.Popen([sys.executable, "-m", "ganlab_gl.cli", "train", "--iterations", "10000000",
                             "--out", str(out), *SMALL, *extra], stderr=subprocess.PIPE, text=True)


def wait_for_checkpoint(out, process, timeout=120):
    path = out / checkpoint.CHECKPOINT_FILE
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "no periodic checkpoint appeared"
        time.sleep(0.05)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_stop_signal_saves_the_run_and_it_resumes(tmp_path, signum):
    out = tmp_path / "run"
    process = start_training(out, "--save-every", "200")
    wait_for_checkpoint(out, process)
    time.sleep(random.Random(signum).uniform(0.0, 1.0))  # a seeded random moment
    process.send_signal(signum)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 128 + signum, err
    assert "Traceback" not in err and f"{signal.Signals(signum).name} at iteration" in err
    saved = int(err.rsplit("saved ", 1)[1].split(" at iteration ")[1])
    assert checkpoint.load(out).iteration_count == saved > 0
    assert cli.main(["train", "--iterations", "3", "--out", str(out), "--resume", "--quiet"]) == 0
    assert checkpoint.load(out).iteration_count == saved + 3


def test_sigkill_at_random_moments_during_saves_never_tears_the_checkpoint(tmp_path):
    """--save-every 1 makes saving most of what the process does, so the kills land in saves too."""
    out = tmp_path / "run"
    rng = random.Random(11)
    last = 0
    torn_saves_caught = 0
    for round_ in range(3):
        process = start_training(out, "--save-every", "1", *(["--resume"] if round_ else []))
        wait_for_checkpoint(out, process)
        before = (out / checkpoint.CHECKPOINT_FILE).stat().st_mtime_ns
        while (out / checkpoint.CHECKPOINT_FILE).stat().st_mtime_ns == before:  # saving again, in this process
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.5))
        process.kill()
        process.communicate(timeout=60)
        torn_saves_caught += any(p.name.endswith(".tmp") for p in out.iterdir())  # killed mid-write
        loaded = checkpoint.load(out)  # whole: the last completed save
        assert loaded.iteration_count >= last and loaded.parameters_finite()
        last = loaded.iteration_count
    assert cli.main(["train", "--iterations", "2", "--out", str(out), "--resume", "--quiet"]) == 0
    assert checkpoint.load(out).iteration_count == last + 2
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]  # the next save swept the leftovers
    print(f"{torn_saves_caught} of 3 kills landed inside a write")


def test_the_next_write_removes_what_a_killed_writer_left(tmp_path):
    target = tmp_path / "metrics.csv"
    leftover = tmp_path / ".metrics.csv.0badc0de.tmp"  # as a SIGKILL mid-write leaves it
    leftover.write_bytes(b"half")
    unrelated = tmp_path / ".other.csv.0badc0de.tmp"
    unrelated.write_bytes(b"not ours")
    atomic.write_text(target, "iteration\n")
    assert target.read_text() == "iteration\n" and not leftover.exists() and unrelated.exists()


def test_a_second_signal_during_the_save_neither_tears_nor_raises(tmp_path, monkeypatch, capfd):
    """The first SIGTERM stops training; two more arrive while the checkpoint is being written."""
    trained = {"iterations": 0}
    from ganlab_gl.core.trainer import Trainer
    original_train, original_write = Trainer.train, atomic.write

    def train(self, iterations):
        if trained["iterations"] < 30 <= trained["iterations"] + iterations:
            os.kill(os.getpid(), signal.SIGTERM)
        trained["iterations"] += iterations
        original_train(self, iterations)

    def write(path, fill):
        if path.name == checkpoint.CHECKPOINT_FILE:  # inside the final checkpoint save
            os.kill(os.getpid(), signal.SIGTERM)
            os.kill(os.getpid(), signal.SIGINT)
        return original_write(path, fill)

    monkeypatch.setattr(Trainer, "train", train)
    monkeypatch.setattr(atomic, "write", write)
    status = cli.main(["train", "--iterations", "1000", "--out", str(tmp_path), "--save-every", "off", *SMALL])
    err = capfd.readouterr().err
    assert status == 128 + signal.SIGTERM and "Traceback" not in err
    assert "SIGINT while stopping; finishing the save" in err
    assert checkpoint.load(tmp_path).iteration_count == trained["iterations"] >= 30
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checkpoint.safetensors", "config.toml", "metrics.csv"]


def test_save_every_iterations_writes_periodic_checkpoints(tmp_path, monkeypatch):
    saved = []
    original = runs.write_run
    monkeypatch.setattr(runs, "write_run", lambda trainer, out: (saved.append(trainer.iteration_count),
                                                                 original(trainer, out)))
    assert cli.main(["train", "--iterations", "250", "--out", str(tmp_path), "--save-every", "100", *SMALL]) == 0
    assert saved == [100, 200, 250]


@pytest.mark.parametrize("text, parsed", [("500", runs.SaveEvery(iterations=500)), ("90s", runs.SaveEvery(seconds=90)),
                                          ("5m", runs.SaveEvery(seconds=300)), ("off", runs.SaveEvery()),
                                          ("0", runs.SaveEvery()), ("00", runs.SaveEvery()),  # "00" saved every one
                                          ("0500", runs.SaveEvery(iterations=500))])
def test_save_every_reads_iterations_times_and_off(text, parsed):
    assert runs.SaveEvery.parse(text) == parsed


def test_a_full_disk_is_found_before_training_and_nothing_changes(tmp_path, monkeypatch, capsys):
    assert cli.main(["train", "--iterations", "20", "--out", str(tmp_path), *SMALL]) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    capsys.readouterr()
    status = cli.main(["train", "--iterations", "20", "--out", str(tmp_path), "--resume", *SMALL])
    lines = capsys.readouterr().err.strip().splitlines()
    assert status == runs.EXIT_IO == 4
    assert lines[-1] == (f"ganlab-gl train: --out {tmp_path}: cannot write there (No space left on device)")
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_disk_full_while_saving_names_the_path_and_keeps_the_checkpoint(tmp_path, monkeypatch, capsys):
    assert cli.main(["train", "--iterations", "20", "--out", str(tmp_path), *SMALL]) == 0
    before = (tmp_path / checkpoint.CHECKPOINT_FILE).read_bytes()
    original = atomic.write

    def full_for_checkpoints(path, fill):
        if path.name == checkpoint.CHECKPOINT_FILE:
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(path, fill)

    monkeypatch.setattr(atomic, "write", full_for_checkpoints)
    status = cli.main(["train", "--iterations", "20", "--out", str(tmp_path), "--resume", *SMALL])
    err = capsys.readouterr().err
    assert status == 4 and "Traceback" not in err
    assert err.strip().splitlines()[-1] == (f"ganlab-gl train: --out {tmp_path}: saving failed (No space left on "
                                            "device); the previous checkpoint is kept")
    assert (tmp_path / checkpoint.CHECKPOINT_FILE).read_bytes() == before


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    assert cli.main(["train", "--iterations", "5", "--out", str(out), *SMALL]) == 0
    return out


def output_cases(run_dir, tmp):
    folder = tmp / "folder.npy"
    folder.mkdir()
    a_file = tmp / "plain.txt"
    a_file.write_text("")
    return [
        (["sample", run_dir, "--out", folder], 4, f"--out {folder}: is a folder; give a file name"),
        (["sample", run_dir, "--out", "/proc/ganlab-test.npy"], 4, "--out /proc/ganlab-test.npy: cannot write"),
        (["sample", run_dir, "--out", a_file / "x.npy"], 4, f"{a_file} is a file, not a folder"),
        (["sample", run_dir, "--out", tmp / "a.npy", "--seed", str(2**70)], 2, "--seed must be 0..9223372036854775807"),
        (["render", run_dir, "--out", tmp / "x.jpg"], 2, f"--out {tmp / 'x.jpg'}: use a .png file name"),
        (["render", run_dir, "--out", tmp / "x.png", "--pixel-scale", "-1"], 2, "--pixel-scale must be 0.1..16"),
        (["render", run_dir, "--out", tmp / "x.png", "--pixel-scale", "nan"], 2, "--pixel-scale must be 0.1..16"),
        (["render", run_dir, "--out", tmp / "x.png", "--train", "-5"], 2, "--train must be 0..10000000, got -5"),
        (["render", run_dir, "--out", "/proc/ganlab-test.png"], 4, "--out /proc/ganlab-test.png: cannot write"),
        (["train", "--iterations", "5", "--out", "/proc/ganlab-test"], 4,
         "--out /proc/ganlab-test: cannot write there"),
        (["train", "--iterations", "5", "--out", a_file], 4, f"--out {a_file}: {a_file} is a file, not a folder"),
    ]


def test_every_output_path_problem_is_one_line_and_an_exit_code(run_dir, tmp_path, capsys):
    for args, code, reason in output_cases(run_dir, tmp_path):
        capsys.readouterr()
        status = cli.main([str(a) for a in args])
        err = capsys.readouterr().err.strip().splitlines()
        assert status == code and len(err) == 1 and reason in err[0], (args, status, err)


def test_an_output_on_a_read_only_file_system_says_so_not_permission_denied(run_dir, tmp_path, monkeypatch, capsys):
    """A read-only mount (a CD, a snapshot, a container's image) was "permission denied": chmod cannot fix that.
    Here a stand-in: the folder refuses writes and its file system reports itself read-only."""
    class ReadOnly:
        f_flag = os.ST_RDONLY
    monkeypatch.setattr(runs.os, "access", lambda path, mode: False)
    monkeypatch.setattr(runs.os, "statvfs", lambda path: ReadOnly())
    assert cli.main(["sample", str(run_dir), "--out", str(tmp_path / "fakes.npy")]) == runs.EXIT_IO
    assert capsys.readouterr().err.strip() == (f"ganlab-gl sample: --out {tmp_path / 'fakes.npy'}: cannot write in "
                                               f"{tmp_path} (a read-only file system)")


def test_sample_makes_a_missing_folder_and_writes_atomically(run_dir, tmp_path):
    out = tmp_path / "new" / "deeper" / "fakes.npy"
    assert cli.main(["sample", str(run_dir), "--count", "10", "--out", str(out)]) == 0
    assert np.load(out).shape == (10, 2) and sorted(p.name for p in out.parent.iterdir()) == ["fakes.npy"]
