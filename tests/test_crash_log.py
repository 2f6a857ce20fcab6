"""A native crash leaves every thread's stack in a file, and the next lab to start says where (app/crash_log.py):
twice a lab vanished in a review with nothing on a terminal that had been closed or overwritten."""

from __future__ import annotations

import os
import subprocess
import sys

from ganlab_gl.app.crash_log import KEPT_LOG, LIVE_LOG, earlier_crashes


def _python(code: str, state_home, **extra_env) -> subprocess.CompletedProcess:
    env = {**_without("PYTHONFAULTHANDLER"), "XDG_STATE_HOME": str(state_home), **extra_env}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


def _without(*names: str) -> dict[str, str]:
    """This environment without `names` (a run that sets PYTHONFAULTHANDLER would keep every trace on stderr)."""
    return {key: value for key, value in os.environ.items() if key not in names}


LAB_LIKE = ("from ganlab_gl.app.crash_log import crash_folder, keep_crash_trace; keep_crash_trace(crash_folder()); "
            "import os, threading; print(os.getpid(), flush=True); ")


def test_a_segfault_leaves_every_threads_stack_in_the_log_and_the_next_start_says_it_once(tmp_path):
    crashed = _python(LAB_LIKE + "threading.Thread(target=lambda: __import__('time').sleep(60), name='trainer', "
                      "daemon=True).start(); import faulthandler; faulthandler._sigsegv()", tmp_path)
    assert crashed.returncode == -11 and crashed.stderr == ""  # the trace went to the file, not the terminal
    pid = crashed.stdout.split()[0]
    folder = tmp_path / "ganlab-gl"
    log = folder / LIVE_LOG.format(pid=pid)
    trace = log.read_text()
    # the crashing thread's stack and the other thread's (faulthandler's "Current thread 0x..." and "Thread 0x...")
    assert "Segmentation fault" in trace and "Current thread 0x" in trace and trace.count("Thread 0x") == 1

    said = earlier_crashes(folder)
    kept = folder / KEPT_LOG.format(pid=pid)
    assert len(said) == 1 and str(kept) in said[0] and "closed unexpectedly" in said[0]
    assert kept.read_text() == trace and not log.exists()
    assert earlier_crashes(folder) == []  # said once


def test_a_crash_trace_asked_for_on_stderr_stays_there(tmp_path):
    """PYTHONFAULTHANDLER (bench/window_fps.py, scripts/lab_stress.py) keeps the trace where its reader looks."""
    crashed = _python(LAB_LIKE + "import faulthandler; faulthandler._sigsegv()", tmp_path, PYTHONFAULTHANDLER="1")
    assert crashed.returncode == -11 and "Segmentation fault" in crashed.stderr
    assert not (tmp_path / "ganlab-gl").exists()


def test_a_clean_exit_leaves_no_log(tmp_path):
    clean = _python(LAB_LIKE, tmp_path)
    assert clean.returncode == 0 and clean.stdout.strip()
    assert list((tmp_path / "ganlab-gl").iterdir()) == []


def test_a_running_labs_log_is_left_to_it_and_a_killed_labs_empty_one_removed(tmp_path):
    folder = tmp_path / "ganlab-gl"
    folder.mkdir()
    running = folder / LIVE_LOG.format(pid=os.getpid())
    running.write_text("Fatal Python error: not this one's: it still runs")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    killed = folder / LIVE_LOG.format(pid=gone.stdout.strip())
    killed.touch()  # SIGKILL: faulthandler wrote nothing
    assert earlier_crashes(folder) == []
    assert running.exists() and not killed.exists()


def test_the_lab_says_an_earlier_crash_on_the_terminal_as_it_starts(tmp_path):
    """The command line's lab names the kept log before it opens (here, with no display, before it says so)."""
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    folder = tmp_path / "ganlab-gl"
    folder.mkdir()
    (folder / LIVE_LOG.format(pid=gone.stdout.strip())).write_text("Fatal Python error: Segmentation fault")
    env = _without("DISPLAY", "WAYLAND_DISPLAY", "PYTHONFAULTHANDLER")
    lab = subprocess.run([sys.executable, "-m", "ganlab_gl.cli", "lab"], capture_output=True, text=True, timeout=120,
                         env={**env, "XDG_STATE_HOME": str(tmp_path)})
    assert lab.returncode == 3  # no display
    kept = folder / KEPT_LOG.format(pid=gone.stdout.strip())
    assert "ganlab-gl: the lab closed unexpectedly" in lab.stderr and str(kept) in lab.stderr and kept.exists()
    assert [path.name for path in folder.iterdir()] == [kept.name]  # its own log removed at its clean exit


def test_the_lab_window_says_an_earlier_crash_as_a_warning(tmp_path, monkeypatch):
    """Started from a launcher, where no one reads the terminal, the window's notices say it too."""
    import ganlab_gl.app.lab as lab_module
    import ganlab_gl.app.window as window_module
    from ganlab_gl import cli
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    folder = tmp_path / "ganlab-gl"
    folder.mkdir()
    (folder / LIVE_LOG.format(pid=gone.stdout.strip())).write_text("Fatal Python error: Aborted")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    opened = {}
    monkeypatch.setattr(lab_module, "Lab", lambda host, state: opened.setdefault("state", state))
    monkeypatch.setattr(window_module, "run_window", lambda make, **_: make(None))
    assert cli.main(["lab"]) == 0
    warnings = [notice.text for notice in opened["state"].notices if notice.level == "warning"]
    assert len(warnings) == 1 and str(folder / KEPT_LOG.format(pid=gone.stdout.strip())) in warnings[0]
