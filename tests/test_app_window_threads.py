"""The window's llvmpipe rasterises in the drawing thread, without the rasteriser threads whose fence race crashed
the lab (docs/LAB.md, Reliability); the trainer's thread is named to the system, so its CPU time reads apart from the
window's."""

import os

import pytest

from ganlab_gl.app.window import rasterise_in_the_drawing_thread


def test_llvmpipe_rasterises_without_threads(monkeypatch):
    monkeypatch.setenv("LP_NUM_THREADS", "")  # so that monkeypatch restores the variable as it was, after
    monkeypatch.delenv("LP_NUM_THREADS")
    rasterise_in_the_drawing_thread()
    assert os.environ["LP_NUM_THREADS"] == "0"


def test_a_thread_count_the_user_set_stays(monkeypatch):
    monkeypatch.setenv("LP_NUM_THREADS", "4")
    rasterise_in_the_drawing_thread()
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


class FakeClock:
    """window.py's `time`: nothing passes but what a frame's work takes (`work`) and what the loop sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def perf_counter(self) -> float:
        return self.now

    monotonic = perf_counter

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def work(self, seconds: float) -> None:
        self.now += seconds


@pytest.mark.parametrize("waiting", [True, False])
def test_the_frames_slow_to_waiting_fps_while_the_app_only_waits(monkeypatch, waiting):
    """While the lab closes waiting for a file to be written (host.waiting_only), its frames only show the wait:
    the loop sleeps each to 1/WAITING_FPS, leaving the cores to the writer; otherwise to 1/max_fps. A stand-in
    window and app drive the real loop on a fake clock, so the pace is read, not timed."""
    from types import SimpleNamespace

    from imgui_headless import imgui_context

    import ganlab_gl.app.window as window_module
    from ganlab_gl.app.status import STATUS_FILE_ENV
    from ganlab_gl.app.window import WAITING_FPS, WindowHost, _run_frames

    frames, work, max_fps = 6, 0.004, 120.0
    clock = FakeClock()
    monkeypatch.setattr(window_module, "time", clock)
    monkeypatch.delenv(STATUS_FILE_ENV, raising=False)

    class StandInWindow:
        size = buffer_size = (640, 480)
        fullscreen = is_closing = False
        ctx = SimpleNamespace(clear=lambda *rgb: None)
        _window = SimpleNamespace(dpi=96, has_exit=False)
        swapped = 0

        def use(self) -> None:
            pass

        def swap_buffers(self) -> None:
            self.swapped += 1
            self.is_closing = self.swapped == frames  # no on_close: the loop ends there

    window = StandInWindow()
    host = WindowHost(window, SimpleNamespace(render=lambda draw_data: None),
                      SimpleNamespace(settled_shortcuts=lambda: ()), SimpleNamespace(apply_scale=lambda *scales: None))
    frame_times = []

    class WaitingApp:
        def on_gui(self) -> None:
            host.waiting_only = waiting  # as the lab sets it, each frame

        def on_frame(self, ctx, frame_time, window_size, framebuffer_size) -> None:
            frame_times.append(frame_time)
            clock.work(work)

    with imgui_context((640, 480)):
        _run_frames(window, host, WaitingApp(), max_fps, stop_requested=lambda: "")
    period = 1.0 / (WAITING_FPS if waiting else max_fps)
    assert clock.sleeps == pytest.approx([period - work] * frames)
    assert frame_times[1:] == pytest.approx([period] * (frames - 1))  # the first: 1/max_fps, as if one came before


def test_a_stop_request_ends_the_loop_through_on_stop_before_the_next_frame(monkeypatch):
    """A stop signal's handler only sets a flag (cli's StopSignals); the loop reads it before each frame and hands
    the stop to the app's on_stop, which saves, and draws no frame after: no question, no on_close."""
    from types import SimpleNamespace

    from imgui_headless import imgui_context

    from ganlab_gl.app.status import STATUS_FILE_ENV
    from ganlab_gl.app.window import WindowHost, _run_frames

    monkeypatch.delenv(STATUS_FILE_ENV, raising=False)
    calls = []
    window = SimpleNamespace(size=(640, 480), buffer_size=(640, 480), fullscreen=False, is_closing=False,
                             ctx=SimpleNamespace(clear=lambda *rgb: None), _window=SimpleNamespace(dpi=96),
                             use=lambda: None)
    window.swap_buffers = lambda: setattr(window, "is_closing", len(calls) >= 4)  # without a stop, closed later
    host = WindowHost(window, SimpleNamespace(render=lambda draw_data: None),
                      SimpleNamespace(settled_shortcuts=lambda: ()), SimpleNamespace(apply_scale=lambda *scales: None))
    app = SimpleNamespace(on_gui=lambda: calls.append("frame"), on_frame=lambda *frame: None,
                          on_close=lambda: calls.append("close") or True, on_stop=calls.append)
    with imgui_context((640, 480)):
        _run_frames(window, host, app, 1000.0, stop_requested=lambda: "SIGTERM" if len(calls) == 2 else "")
    assert calls == ["frame", "frame", "SIGTERM"]
