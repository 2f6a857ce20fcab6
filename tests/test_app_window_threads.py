"""The window leaves the trainer a core: llvmpipe's raster threads are one fewer than the cores (docs/BENCHMARKS.md)."""

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
