"""scripts/lab_stress.py's key weights (--weight KEY=WEIGHT): how a stress run keeps an imported data set or a
loaded session on screen (the preset keys weighed 0) while it presses the rest; and its hang watch: frames stopped
(the status file unchanged) is a hang, whose every thread's native stack gdb saves."""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "lab_stress.py"


def _stress():
    spec = importlib.util.spec_from_file_location("lab_stress", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_weight_of_zero_leaves_a_key_out_and_others_change_or_join():
    stress = _stress()
    keys = dict(stress.weighted_keys(argparse.ArgumentParser(), ["5=0", "l=4", "ctrl+s=2.5"]))
    assert "5" not in keys
    assert keys["l"] == 4.0 and keys["ctrl+s"] == 2.5
    assert keys["space"] == dict(stress.KEYS)["space"]  # the others as they were
    assert len(keys) == len(stress.KEYS) - 1 + 1


@pytest.mark.parametrize(("change", "said"), [("5=x", "expected KEY=WEIGHT"), ("5", "expected KEY=WEIGHT"),
                                              ("5=-1", "a weight is 0 or more")])
def test_a_malformed_weight_is_refused_in_one_line(change, said, capsys):
    with pytest.raises(SystemExit):
        _stress().weighted_keys(argparse.ArgumentParser(prog="lab_stress.py"), [change])
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert said in error and repr(change) in error


def test_weights_that_leave_no_key_are_refused(capsys):
    stress = _stress()
    with pytest.raises(SystemExit):
        stress.weighted_keys(argparse.ArgumentParser(), [f"{key}=0" for key, _ in stress.KEYS])
    assert "left no key" in capsys.readouterr().err


def test_frames_are_stalled_once_the_status_file_stops_changing(tmp_path):
    stress, status = _stress(), tmp_path / "status.json"
    status.write_text("{}")
    written = status.stat().st_mtime
    assert not stress.frames_stalled(status, 30.0, opened=written - 5.0, now=written + 29.0)
    assert stress.frames_stalled(status, 30.0, opened=written - 5.0, now=written + 31.0)


def test_a_lab_that_never_draws_a_frame_is_hung_after_the_first_frames_allowance(tmp_path):
    stress, never_written = _stress(), tmp_path / "status.json"
    opened, allowed = 1000.0, stress.FIRST_FRAME_S + 30.0
    assert not stress.frames_stalled(never_written, 30.0, opened, now=opened + allowed - 1.0)
    assert stress.frames_stalled(never_written, 30.0, opened, now=opened + allowed + 1.0)


@pytest.mark.skipif(shutil.which("gdb") is None, reason="needs gdb")
def test_a_hung_process_gets_every_threads_native_stack_saved(tmp_path):
    stress = _stress()
    # a shell waiting on its child stands for gdb running the lab (--gdb): the lab is the child
    shell = subprocess.Popen(["sh", "-c", "sleep 60 & wait"])
    sleeper = shell.pid
    try:
        deadline = time.monotonic() + 10
        while stress.lab_pid(shell, gdb=True) == shell.pid and time.monotonic() < deadline:
            time.sleep(0.05)
        sleeper = stress.lab_pid(shell, gdb=True)
        assert sleeper != shell.pid and Path(f"/proc/{sleeper}/comm").read_text().strip() == "sleep"
        assert stress.lab_pid(shell, gdb=False) == shell.pid
        text = stress.native_stacks(sleeper, tmp_path / "hang.log")
        assert (tmp_path / "hang.log").read_text() == text
        if "ptrace" in text and "Operation not permitted" in text:
            pytest.skip("this machine does not let gdb attach")
        assert "Thread" in text and "nanosleep" in text  # the sleeping thread's frame, named
    finally:
        if sleeper != shell.pid:
            os.kill(sleeper, signal.SIGKILL)
        shell.kill()
        shell.wait()


def test_the_malloc_check_preloads_beside_what_the_caller_preloads(tmp_path, monkeypatch):
    stress, started = _stress(), []

    def popen(command, env, **_):
        started.append(env)
        return None

    monkeypatch.setattr(stress.subprocess, "Popen", popen)
    monkeypatch.setenv("LD_PRELOAD", "/tmp/llvmpipe_fence_race.so")
    for malloc_check in (True, False):
        _, log = stress.start_lab(":0", tmp_path, tmp_path / "lab.log", (900, 700), [], False, malloc_check)
        log.close()
    checked, plain = started
    assert checked["LD_PRELOAD"] == "/tmp/llvmpipe_fence_race.so libc_malloc_debug.so.0"
    assert checked["MALLOC_PERTURB_"] == "165" and checked["MALLOC_CHECK_"] == "3"
    assert plain["LD_PRELOAD"] == "/tmp/llvmpipe_fence_race.so" and "MALLOC_PERTURB_" not in plain
    assert plain["GANLAB_GL_STATUS_FILE"] == str(tmp_path / "status.json")  # the hang watch reads it
