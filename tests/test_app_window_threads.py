"""The window leaves the trainer a core: llvmpipe's raster threads are one fewer than the cores (docs/BENCHMARKS.md);
the trainer's thread is named to the system, so its CPU time reads apart from the window's."""

import os

import pytest

from ganlab_gl.app.window import leave_a_core_for_training


@pytest.mark.parametrize("cores, threads", [(1, "1"), (2, "1"), (16, "15")])
def test_llvmpipe_gets_every_core_but_the_trainers(monkeypatch, cores, threads):
    monkeypatch.setenv("LP_NUM_THREADS", "")  # so that monkeypatch restores the variable as it was, after
    monkeypatch.delenv("LP_NUM_THREADS")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    leave_a_core_for_training()
    assert os.environ["LP_NUM_THREADS"] == threads


def test_a_thread_count_the_user_set_stays(monkeypatch):
    monkeypatch.setenv("LP_NUM_THREADS", "4")
    leave_a_core_for_training()
    assert os.environ["LP_NUM_THREADS"] == "4"


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="names threads through Linux's /proc")
def test_the_trainers_thread_shows_by_name_to_the_system():
    """bench/window_fps.py tells the trainer's CPU time from the window's by this name in /proc."""
    import threading
    from pathlib import Path

    import torch

    from ganlab_gl.app.training_thread import TrainingThread

    chunk_ran = threading.Event()

    def chunk(limit: int, interrupt: torch.Tensor) -> int:
        chunk_ran.set()
        return limit

    training = TrainingThread(chunk)
    try:
        training.run(True, 1)
        assert chunk_ran.wait(10)
        # this worker's own entry: other tests' controllers may leave trainers' threads alive
        assert Path(f"/proc/self/task/{training._thread.native_id}/comm").read_text().strip() == "ganlab-trainer"
    finally:
        training.close()


def test_an_exit_that_skips_close_stops_the_trainers_thread_first():
    """Ctrl-C or an exception out of the window's loop ends the interpreter without close(): the daemon thread, inside
    torch then, took the GIL back during finalization and aborted the exit ("terminate called without an active
    exception", then a segfault; the lab at 1920x1080 with a compared run, interrupted after 8 s of play, 4 of 4)."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent("""
        import threading
        import torch
        from ganlab_gl.app.training_thread import TrainingThread

        started = threading.Event()
        square = torch.randn(800, 800)

        def chunk(limit, interrupt):  # matrix products, each long and without the GIL, as a training chunk's ops
            started.set()
            trained = 0
            while trained < limit and not int(interrupt):
                torch.mm(square, square)
                trained += 1
            return trained

        TrainingThread(chunk).run(True, 10**9)
        assert started.wait(30)
        raise SystemExit(3)  # no close()
    """)
    for _ in range(2):  # the abort came where the thread was inside an op at finalization: nearly always
        exited = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
        assert exited.returncode == 3, exited.stderr[-2000:]
