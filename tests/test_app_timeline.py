"""The lab's timeline: rewinding shows exactly what was drawn live, keys and the bar move through the kept
iterations, Play and the steps come back to the present, Branch here continues from the shown iteration with
the current settings, and Export writes the shown range as `ganlab-gl animate` does."""

import dataclasses
import math
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from ganlab_gl.app.actions import Action
from ganlab_gl.app.controller import Controller
from ganlab_gl.app.keys import handle_key
from ganlab_gl.app.state import AppState
from ganlab_gl.app.timeline_export import ExportRequest, animate_command
from ganlab_gl.core import checkpoint
from ganlab_gl.core.probes import Prober
from ganlab_gl.core.trainer import Trainer
from ganlab_gl.render.canvas import Canvas
from ganlab_gl.render.view import View
from render_helpers import scrubbed_frames

VIEW = (-0.6, -0.6, 1.6, 1.6)  # a fixed view: the automatic one glides after the fakes, frame by frame
SNAPSHOT_FIELDS = ("real", "fake", "noise", "d_real", "d_fake", "fake_gradient")


def _controller(gl_context=None, **settings) -> Controller:
    state = AppState()
    for key, value in settings.items():
        state.config.set(key, value)
    state.view_rect = VIEW
    return Controller(state, gl_context=gl_context)


def _ask(controller: Controller, action: Action, argument=None):
    controller.state.request(action, argument)
    return controller.frame()


def _live_frames(controller: Controller, iterations: int) -> dict:
    """The read model at each iteration 0..iterations, stepping as a student does."""
    frames = {}
    for _ in range(iterations):
        frame = controller.read_model()
        frames[frame.iteration] = frame
        _ask(controller, Action.STEP)
    frames[iterations] = controller.read_model()
    return frames


@pytest.fixture
def stepped():
    controller = _controller()
    frames = _live_frames(controller, 25)
    yield controller, frames
    controller.close()


@pytest.mark.parametrize("k", [0, 7, 24])
def test_rewinding_to_k_shows_the_snapshot_drawn_live_at_k(stepped, k):
    controller, live = stepped
    frame = _ask(controller, Action.SHOW_ITERATION, k)
    assert frame.iteration == k and frame.timeline.shown == k and frame.timeline.present == 25
    for name in SNAPSHOT_FIELDS:
        assert torch.equal(getattr(frame.snapshot, name), getattr(live[k].snapshot, name)), name
    assert torch.equal(frame.snapshot.heatmap.values, live[k].snapshot.heatmap.values)
    assert torch.equal(frame.snapshot.manifold.vertices, live[k].snapshot.manifold.vertices)
    assert frame.shown_losses == pytest.approx(dict(live[k].shown_losses), nan_ok=True) or k == 0


def test_rewound_pixels_equal_the_live_pixels(stepped, gl_ctx, copy_bridge):
    controller, live = stepped
    canvas = Canvas(gl_ctx, copy_bridge)
    try:
        def pixels(snapshot):
            size = (160, 160)
            return canvas.render_offscreen(snapshot, size, view=View.fit(VIEW, size))
        rewound = pixels(_ask(controller, Action.SHOW_ITERATION, 12).snapshot)
        assert np.array_equal(rewound, pixels(live[12].snapshot))
        assert not np.array_equal(rewound, pixels(live[25].snapshot))  # the comparison can fail
    finally:
        canvas.release()


def test_keys_move_through_the_kept_iterations(stepped):
    controller, _ = stepped
    state = controller.state
    shown = []
    for chord in ("home", "bracketright", "shift+bracketright", "bracketleft", "end", "bracketleft",
                  "shift+bracketleft"):
        assert handle_key(state, chord)
        shown.append(controller.frame().timeline.shown)
    assert shown == [0, 1, 11, 10, None, 24, 14]
    assert handle_key(state, "shift+bracketright") and handle_key(state, "shift+bracketright")
    assert controller.frame().timeline.shown is None  # forward past the last kept one is the present


def test_left_and_right_walk_time_and_right_trains_at_the_present(stepped):
    """A student stepping from the keyboard: Left goes one kept iteration back, Right forward through them and,
    at the present, trains one more."""
    controller, _ = stepped
    state = controller.state

    def press(chord):
        assert handle_key(state, chord)
        return controller.frame()

    assert press("left").timeline.shown == 24 and press("left").timeline.shown == 23
    assert press("right").timeline.shown == 24
    back = press("right")
    assert back.timeline.shown is None and back.iteration == 25 == controller.trainer.iteration_count
    trained = press("right")
    assert trained.timeline.shown is None and trained.iteration == 26 == controller.trainer.iteration_count
    panned = press("shift+left")
    assert panned.iteration == 26 and panned.timeline.shown is None


def test_a_request_between_kept_iterations_shows_the_one_before(stepped):
    controller, _ = stepped
    controller.trainer.timeline._thin()  # the older rows keep an even spacing
    kept = controller.trainer.timeline.iterations
    missing = next(i for i in range(25) if i not in kept)
    assert _ask(controller, Action.SHOW_ITERATION, missing).iteration == missing - 1


def test_play_and_steps_continue_from_the_present(stepped):
    controller, live = stepped
    _ask(controller, Action.SHOW_ITERATION, 5)
    frame = _ask(controller, Action.STEP)
    assert frame.timeline.shown is None and frame.iteration == 26  # stepped from 25, not from 5
    assert any("back to the present, iteration 25" in notice.text for notice in controller.state.notices)
    _ask(controller, Action.SHOW_ITERATION, 5)
    _ask(controller, Action.PLAY_PAUSE)
    assert controller.state.playing and controller.rewind.iteration is None
    _ask(controller, Action.PLAY_PAUSE)
    controller.training.wait_idle(10)


def test_rewinding_pauses_play_and_finishes_a_half_walked_iteration():
    controller = _controller()
    try:
        _live_frames(controller, 3)
        _ask(controller, Action.STEP_PHASE)  # into iteration 4's walk
        frame = _ask(controller, Action.SHOW_ITERATION, 1)
        assert frame.iteration == 1 and controller.walk is None and controller.trainer.iteration_count == 4
        assert not controller.state.playing
        assert any("finished the iteration in progress first (iteration 4)" in n.text for n in controller.state.notices)
    finally:
        controller.close()


def test_branch_here_equals_resuming_a_checkpoint_saved_there_with_the_current_settings(tmp_path):
    """Adam, so the optimizer's moments must come back too; the reference is a checkpoint saved at k."""
    adam = {"train.d_optimizer": "adam", "train.g_optimizer": "adam", "train.d_lr": 0.01, "train.g_lr": 0.01}
    controller, reference = _controller(**adam), _controller(**adam)
    try:
        _live_frames(reference, 8)
        checkpoint.save(reference.trainer, tmp_path / "at8")
        _live_frames(controller, 20)
        _ask(controller, Action.SHOW_ITERATION, 8)
        _ask(controller, Action.BRANCH)
        assert controller.state.question is not None and "dropping the 12 iterations" in controller.state.question.text
        assert controller.state.question.title == "Branch here?"
        controller.state.answer(True)
        frame = controller.frame()
        assert frame.iteration == 8 and frame.timeline.present == 8 and not frame.timeline.rewound
        assert controller.trainer.timeline.iterations[-1] == 8
        resumed = checkpoint.load(tmp_path / "at8")
        controller.state.edit("train.g_lr", 0.002)  # a live edit after the branch point: the branch trains with it
        config = resumed.config.copy()
        config.train.g_lr = 0.002
        resumed.apply(config)
        _live_frames(controller, 5)
        resumed.train(5)
        for mine, theirs in zip(controller.trainer.state_dict()["generator"].values(),
                                resumed.state_dict()["generator"].values()):
            assert torch.equal(mine, theirs)
        for mine, theirs in zip(controller.trainer.g_optimizer.state.values(), resumed.g_optimizer.state.values()):
            assert torch.equal(mine["exp_avg"], theirs["exp_avg"])
    finally:
        controller.close()
        reference.close()


def test_branch_here_one_back_asks_in_the_singular():
    """Left, then B: the lecturer's first branch asked "dropping the 1 iterations after it?"."""
    controller = _controller()
    try:
        _live_frames(controller, 3)
        _ask(controller, Action.SCRUB, -1)
        _ask(controller, Action.BRANCH)
        assert controller.state.question.text.endswith("Branch at iteration 2, dropping the 1 iteration after it "
                                                       "(Ctrl+Z brings it back)?")
    finally:
        controller.close()


def test_after_a_branch_revert_goes_back_to_the_branch_point_not_the_dropped_future(stepped):
    controller, _ = stepped
    _ask(controller, Action.SAVE, str(controller.state.output_folder / "never"))  # not asked: saved, then branch
    _ask(controller, Action.SHOW_ITERATION, 8)
    _ask(controller, Action.BRANCH)
    if controller.state.question is not None:
        controller.state.answer(True)
        controller.frame()
    assert controller.trainer.iteration_count == 8
    _ask(controller, Action.REVERT)
    assert controller.trainer.iteration_count == 8


def test_a_branched_run_at_the_saved_iteration_is_unsaved_progress(stepped, tmp_path):
    controller, _ = stepped
    _ask(controller, Action.SAVE, str(tmp_path / "session"))
    _ask(controller, Action.SHOW_ITERATION, 5)
    _ask(controller, Action.BRANCH)  # saved: not asked
    assert controller.state.question is None and controller.trainer.iteration_count == 5
    _live_frames(controller, 20)  # back at 25: another run's 25
    _ask(controller, Action.RESET)
    assert controller.state.question is not None and controller.trainer.iteration_count == 25


def test_saving_a_branch_asks_before_replacing_the_session_that_holds_the_dropped_iterations(stepped, tmp_path):
    """Saved at 25, rewound to 5 and branched (not asked: saved), Ctrl+S wrote the branch's 5 iterations over the
    session's 25 without a word: the 20 iterations the branch dropped were lost from disk too."""
    controller, _ = stepped
    session = tmp_path / "session"
    _ask(controller, Action.SAVE, str(session))
    controller.finish_save(wait=True)
    _ask(controller, Action.SHOW_ITERATION, 5)
    _ask(controller, Action.BRANCH)
    assert controller.state.question is None and controller.trainer.iteration_count == 5
    _ask(controller, Action.SAVE, str(session))
    controller.finish_save(wait=True)
    question = controller.state.question
    assert question is not None and question.title == "Replace the saved session?"
    assert "holds another saved session" in question.text and "iteration 25" in question.text
    assert checkpoint.load(session).iteration_count == 25  # nothing written yet
    controller.state.answer(True)
    controller.frame()
    controller.finish_save(wait=True)
    assert checkpoint.load(session).iteration_count == 5  # replaced once agreed


def test_a_branch_and_a_load_show_the_losses_of_their_iteration(stepped, tmp_path):
    """The trainer keeps no last loss after either; the overview shows the history's, as the live run showed."""
    controller, live = stepped
    _ask(controller, Action.SAVE, str(tmp_path / "session"))
    _ask(controller, Action.SHOW_ITERATION, 7)
    frame = _ask(controller, Action.BRANCH)
    assert controller.trainer.iteration_count == 7 and controller.trainer.last_d_loss is None
    assert frame.shown_losses == pytest.approx(dict(live[7].shown_losses))
    frame = _ask(controller, Action.LOAD, str(tmp_path / "session"))
    if controller.state.question is not None:
        controller.state.answer(True)
        frame = controller.frame()
    assert controller.trainer.iteration_count == 25
    assert frame.shown_losses == pytest.approx(dict(live[25].shown_losses))
    assert all(math.isfinite(value) for value in frame.shown_losses.values())


def test_branch_without_rewinding_says_how(stepped):
    controller, _ = stepped
    _ask(controller, Action.BRANCH)
    assert controller.trainer.iteration_count == 25 and "rewind first" in controller.state.notices[-1].text


def test_scrubbing_past_either_end_of_the_timeline_says_so_once(stepped):
    """] at the present and [ at the first kept iteration did nothing and said nothing (] paused play); a held
    key repeats (SCRUB repeats): one notice for the burst, not one per repeat."""
    controller, _ = stepped
    state = controller.state
    state.notices.clear()
    for rows in (1, 1, 1, 10):
        frame = _ask(controller, Action.SCRUB, rows)
    assert not frame.timeline.rewound and controller.trainer.iteration_count == 25
    assert [(n.level, n.text) for n in state.notices] == [
        ("warning", "at the present: nothing kept beyond iteration 25")]
    _ask(controller, Action.SHOW_ITERATION, "first")
    state.notices.clear()
    for rows in (-1, -1, -1, -10):
        frame = _ask(controller, Action.SCRUB, rows)
    assert frame.timeline.shown == 0
    assert [(n.level, n.text) for n in state.notices] == [
        ("warning", "at the first kept iteration, 0: nothing kept before it")]
    assert _ask(controller, Action.SCRUB, 1).timeline.shown == 1  # away from the end, it moves again


def test_scrubbing_forward_at_the_present_leaves_play_playing():
    controller = _controller()
    try:
        controller.state.playing = True
        _ask(controller, Action.SCRUB, 1)
        assert controller.state.playing
        assert controller.state.notices[-1].text.startswith("at the present: nothing kept beyond iteration ")
    finally:
        controller.state.playing = False
        controller.training.wait_idle(10)
        controller.close()


def test_scrubbing_in_a_phase_walk_finishes_the_iteration_then_rewinds_from_it():
    controller = _controller()
    try:
        _live_frames(controller, 10)
        _ask(controller, Action.STEP_PHASE)  # into iteration 11's walk
        frame = _ask(controller, Action.SCRUB, -1)
        assert controller.trainer.iteration_count == 11 and frame.timeline.shown == 10
    finally:
        controller.close()


def test_turning_the_timeline_off_while_rewound_shows_the_present(stepped):
    controller, _ = stepped
    _ask(controller, Action.SHOW_ITERATION, 5)
    controller.state.edit("timeline.memory_mb", 0)
    frame = controller.frame()
    assert frame.iteration == 25 and not frame.timeline.rewound
    assert controller.d_at((0.5, 0.5)) == controller.d_at((0.5, 0.5))  # the hover read-out still works
    controller.state.playing = True
    _ask(controller, Action.SHOW_ITERATION, "first")
    assert controller.state.playing and "timeline off" in controller.state.notices[-1].text  # refused: play goes on
    controller.state.playing = False
    controller.training.wait_idle(10)


def test_a_shown_iteration_thinned_away_gives_way_to_the_kept_one_before(stepped):
    controller, _ = stepped
    _ask(controller, Action.SHOW_ITERATION, 11)
    controller.trainer.timeline._thin()  # as a lower cap does: the older rows keep an even spacing
    kept = list(controller.trainer.timeline.iterations)
    assert 11 not in kept
    frames = [controller.frame() for _ in range(3)]
    assert {f.iteration for f in frames} == {f.timeline.shown for f in frames} == {max(i for i in kept if i < 11)}
    assert frames[1].snapshot is frames[2].snapshot  # at rest: no probe each frame


@pytest.mark.parametrize("action, argument", [(Action.SHOW_ITERATION, "last"), (Action.SHOW_ITERATION, 2.5),
                                              (Action.SHOW_ITERATION, [3]), (Action.SCRUB, None),
                                              (Action.SCRUB, "x"), (Action.MEASURE_EXPORT, (0, 9, "7x7")),
                                              (Action.MEASURE_EXPORT, None),
                                              (Action.MEASURE_EXPORT, (0.5, 9, "640x360"))])
def test_a_bad_argument_is_a_one_line_refusal(stepped, action, argument):
    controller, _ = stepped
    frame = _ask(controller, action, argument)
    notice = controller.state.notices[-1]
    assert notice.level == "error" and "\n" not in notice.text and repr(argument) in notice.text
    assert not frame.timeline.rewound


def test_a_save_while_rewound_says_it_saved_the_present(stepped, tmp_path):
    """Saved at Home, the notice named the folder only: the run's present (25) was saved, not the shown 0."""
    controller, _ = stepped
    _ask(controller, Action.SHOW_ITERATION, 0)
    _ask(controller, Action.SAVE, str(tmp_path / "rewound"))
    controller.finish_save(wait=True)
    assert controller.state.notices[-1].text == (f"saved the session to {tmp_path / 'rewound'} at iteration 25 "
                                                 "(the present; the view is rewound to 0)")


def test_a_restart_or_a_reset_leaves_the_rewound_view(stepped):
    controller, _ = stepped
    _ask(controller, Action.SHOW_ITERATION, 3)
    controller.state.edit("run.seed", 5)  # restarts the run
    controller.state.request(Action.CONFIRM_RESTART)
    controller.frame()
    controller.state.answer(True)  # over 25 unsaved iterations: asked first
    frame = controller.frame()
    assert frame.iteration == 0 and not frame.timeline.rewound


def test_hovering_a_rewound_canvas_reads_the_past_discriminator(stepped):
    controller, _ = stepped
    point = (0.3, 0.6)
    now = controller.d_at(point)
    _ask(controller, Action.SHOW_ITERATION, 0)
    fresh = Prober(Trainer(AppState().config))  # iteration 0 of the same seed
    assert controller.d_at(point) == float(fresh.d_values(torch.tensor([point]))) != now


def test_the_export_command_is_animate_on_the_saved_run(tmp_path):
    request = ExportRequest(tmp_path / "out.mp4", 3, 9, (-1.0, -0.5, 1.0, 1.5), ("heatmap", "fake"))
    command = animate_command(tmp_path / "run", request)
    assert command[1:4] == ["-m", "ganlab_gl", "animate"]
    assert "--from=3" in command and "--to=9" in command and "--view=-1.0,-0.5,1.0,1.5" in command
    assert command[command.index("--layers") + 1] == "heatmap,fake"
    assert command[command.index("--progress") + 1] == "bar"  # each frame, for the toolbar (a pipe gets lines)


@pytest.mark.gl
def test_export_writes_the_shown_range_as_a_video(stepped, tmp_path):
    controller, _ = stepped
    controller.state.timeline_range = (5, 15)
    out = tmp_path / "story.gif"
    _ask(controller, Action.EXPORT_TIMELINE, str(out))
    assert controller.export.running
    controller.export.wait(timeout=240)
    assert out.is_file() and "exported iterations 5 to 15" in controller.state.notices[-1].text
    from PIL import Image
    assert Image.open(out).n_frames == 11


def test_an_export_range_from_an_earlier_run_is_clamped_or_refused(stepped, tmp_path):
    controller, _ = stepped
    controller.state.timeline_range = (100, 200)
    _ask(controller, Action.EXPORT_TIMELINE, str(tmp_path / "story.gif"))
    assert "iterations 100 to 200 are not kept; this run keeps 0 to 25" in controller.state.notices[-1].text
    assert not controller.export.running


def test_an_export_child_that_outlasts_the_close_is_killed_and_its_temporary_removed(tmp_path, monkeypatch):
    """ffmpeg finishing its file can outlast the close's wait on a busy machine: the child is killed, and the
    lab removes the temporary it had no time to."""
    import ganlab_gl.app.timeline_export as timeline_export
    monkeypatch.setattr(timeline_export, "CLOSE_TIMEOUT_S", 0.5)
    out = tmp_path / "story.mp4"
    temporary = tmp_path / f".{out.name}.1a2b3c4d.tmp.mp4"
    export = timeline_export.TimelineExport(notify=lambda text, level="info": None)
    stubborn = ("import signal, sys, time; signal.signal(signal.SIGINT, signal.SIG_IGN); "
                "open(sys.argv[1], 'wb').write(b'half'); print('ready', flush=True); time.sleep(60)")
    export._child = subprocess.Popen([sys.executable, "-c", stubborn, str(temporary)], stdout=subprocess.PIPE)
    export._child.stdout.readline()  # SIGINT is ignored from here on
    export._request = ExportRequest(out, 0, 1, (0.0, 0.0, 1.0, 1.0), ("fake",))
    export._folder = tmp_path / "run"
    start = time.monotonic()
    export.close()
    assert time.monotonic() - start < 30 and not export.running
    assert not temporary.exists() and not out.exists()


def test_the_run_is_saved_for_the_export_off_the_window_thread_as_it_was_at_the_start(tmp_path, monkeypatch):
    """The export wrote the run on the window's thread before its child started: a full 64 MB timeline froze the
    window about a second. Now the window's thread copies the run, a thread writes it ("saving the run...")
    while the run trains on, and the file written is the run as it was at the start, byte for byte."""
    import threading
    from ganlab_gl.app import timeline_export
    from ganlab_gl.core import atomic
    trainer = Trainer(AppState().config)
    trainer.train(30)
    at_start = checkpoint.serialize(trainer)
    disk_free, written = threading.Event(), []
    sync = atomic._sync_file

    def slow_disk(path):  # the file is written and about to be synced: hold it there until the test lets go (at
        # most a minute: a starved test gets there late; a start that waited for the write fails, if slowly)
        disk_free.wait(timeout=60)
        written.append((threading.current_thread(), Path(path).read_bytes()))
        sync(path)

    monkeypatch.setattr(atomic, "_sync_file", slow_disk)
    monkeypatch.setattr(timeline_export, "animate_command", lambda run_dir, request: [
        sys.executable, "-c", f"import os, sys; assert os.path.isfile({str(run_dir / checkpoint.CHECKPOINT_FILE)!r})"])
    notices = []
    export = timeline_export.TimelineExport(notify=lambda text, level="info": notices.append((text, level)))
    out = tmp_path / "story.mp4"
    export.start(trainer, ExportRequest(out, 0, 30, VIEW, ("fake",)))
    assert not written, "the window's thread waited for the run to be written"
    assert export.running and export.progress() == "exporting to story.mp4: saving the run..."
    export.poll()  # a frame while it is written: still saving
    assert export.progress().endswith("saving the run...")
    trainer.train(5)  # the run trains on meanwhile
    disk_free.set()
    export.wait(timeout=60)
    [(thread, saved)] = written
    assert thread is not threading.main_thread() and saved == at_start
    assert notices[-1] == (f"exported iterations 0 to 30 to {out.resolve()}", "info") and not export.running


@pytest.mark.parametrize("fault", ["stop", "full disk", "another fault"])
def test_an_export_stopped_or_failing_while_the_run_is_saved_starts_nothing_and_leaves_nothing(tmp_path, monkeypatch,
                                                                                               fault):
    """Whatever ends the saving thread is said as the export's failure: one not an OSError or CheckpointError
    was raised again by the frame's poll and ended the lab."""
    import threading
    from ganlab_gl.app import timeline_export
    from ganlab_gl.core import atomic
    disk_free = threading.Event()
    sync = atomic._sync_file

    def slow_disk(path):
        disk_free.wait(timeout=60)  # a starved test may take long to get there
        if fault == "full disk":
            raise OSError(28, "No space left on device")
        if fault == "another fault":
            raise RuntimeError("the serializer's own fault")
        sync(path)

    monkeypatch.setattr(atomic, "_sync_file", slow_disk)
    monkeypatch.setattr(timeline_export, "animate_command", lambda *args: pytest.fail("the child started"))
    notices = []
    export = timeline_export.TimelineExport(notify=lambda text, level="info": notices.append(text))
    trainer = Trainer(AppState().config)
    trainer.train(3)
    out = tmp_path / "story.gif"
    export.start(trainer, ExportRequest(out, 0, 3, VIEW, ("fake",)))
    folder = export._folder
    if fault == "stop":
        threading.Timer(0.2, disk_free.set).start()
        export.stop()
        assert notices[-1] == f"stopped exporting to {out}; nothing was written"
    else:
        disk_free.set()
        export.wait(timeout=60)
        said = ("No space left on device: free space or choose another folder" if fault == "full disk"
                else "the serializer's own fault")
        assert notices[-1] == f"could not export to {out}: {said}"
    assert not export.running and not folder.exists() and not out.exists() and export.progress() == ""


def _export_until(controller: Controller, out: Path, reached) -> None:
    """Train 300 iterations, export them to `out` and poll the export until `reached()`, it ends, or 2 minutes."""
    controller.trainer.train(300)
    _ask(controller, Action.EXPORT_TIMELINE, str(out))
    deadline = time.monotonic() + 120
    while not reached() and time.monotonic() < deadline and controller.export.running:
        time.sleep(0.1)
        controller.export.poll()


@pytest.mark.gl
def test_closing_the_lab_mid_export_leaves_nothing_half_written(tmp_path):
    controller = _controller()
    out = tmp_path / "story.mp4"

    def partial():  # the temporary the export streams into (core/atomic.py)
        return list(tmp_path.glob(f".{out.name}.*.tmp{out.suffix}"))

    try:
        _export_until(controller, out, partial)
        assert partial(), "the export ended before it could be interrupted"
    finally:
        controller.close()
    assert not partial() and not out.exists() and not controller.export.running


@pytest.mark.gl
def test_stop_export_ends_it_writing_nothing_and_says_so(tmp_path):
    """Ctrl+E over a long run started hours of frames with no way out but quitting."""
    controller = _controller()
    out = tmp_path / "story.mp4"
    try:
        _export_until(controller, out, lambda: "left" in controller.export.progress())  # from the first frame
        assert controller.export.running, "the export ended before it could be stopped"
        assert re.fullmatch(r"exporting \d+ of 301 frames, about \d+ (s|min) left, to story.mp4",
                            controller.export.progress())
        assert not controller.may_quit()  # quitting would stop the export: it asks, naming it
        assert "is not saved" in controller.state.question.text
        assert f"Quitting stops the export to {out} (" in controller.state.question.text
        controller.state.answer(False)
        controller._saved_mark = controller._progress_mark()  # saved: the export alone is asked about
        assert not controller.may_quit() and controller.state.question.text.startswith("Quitting stops the export")
        controller.state.answer(False)
        controller.trainer.train(1)  # unsaved again: "Save and quit" then quits, the export named once
        assert not controller.may_quit()
        controller.state.session_path = str(tmp_path / "session")
        controller.state.answer(False, save_first=True)
        controller.frame()  # the save
        assert controller.may_quit() and controller.state.question is None
        _ask(controller, Action.STOP_EXPORT)
        assert not controller.export.running and not out.exists()
        assert controller.may_quit()  # nothing to lose
        assert not list(tmp_path.glob(f".{out.name}.*"))
        assert controller.state.notices[-1].text == f"stopped exporting to {out}; nothing was written"
        _ask(controller, Action.STOP_EXPORT)
        assert controller.state.notices[-1].text == "no export to stop"
    finally:
        controller.close()


def test_an_export_that_has_just_ended_is_reported_not_stopped(tmp_path):
    """Between two frames' polls the child may finish: Stop export and the quit question then said "writes
    nothing" about a written file."""
    import threading
    from ganlab_gl.app.timeline_export import TimelineExport
    out = tmp_path / "story.gif"
    for ask in ("stop", "quit_note"):
        notices = []
        export = TimelineExport(notify=lambda text, level="info": notices.append(text))
        export._child = subprocess.Popen([sys.executable, "-c", f"open({str(out)!r}, 'w').write('done')"])
        export._child.wait()
        export._request = ExportRequest(out, 0, 9, (0.0, 0.0, 1.0, 1.0), ("fake",))
        export._folder, export._output = tmp_path / "run", []
        export._reader = threading.Thread(target=lambda: None)
        export._reader.start()
        assert getattr(export, ask)() in (None, "")
        assert notices == [f"exported iterations 0 to 9 to {out.resolve()}"] and not export.running


@pytest.mark.parametrize("made, frames, seconds, words", [
    (35, 63_396, 30.0, "about 15 h"), (100, 1000, 20.0, "about 3 min"), (90, 100, 9.0, "about 1 s"),
    (1, 1, 5.0, "about 1 s")])
def test_the_time_left_follows_the_rate_so_far(made, frames, seconds, words):
    from ganlab_gl.app.timeline_export import time_left
    assert time_left(made, frames, seconds) == words


def test_while_exporting_the_bars_export_button_stops_it(monkeypatch):
    import dataclasses
    import lab_frames
    from imgui_bundle import imgui
    from imgui_headless import draw_frame, imgui_context

    from ganlab_gl.app.panels.timeline import TimelineBar
    frame = dataclasses.replace(lab_frames.ring8_frame(40), exporting="exporting 3 of 40 frames, to story.mp4")
    button = imgui.button
    monkeypatch.setattr(imgui, "button", lambda label, *args: label == "Stop export" or button(label, *args))
    state, bar = AppState(), TimelineBar()
    with imgui_context((600, 140)):
        draw_frame(lambda: bar.draw(state, frame), (600, 140))
    assert [request.action for request in state.requests] == [Action.STOP_EXPORT]


def endless_export(monkeypatch) -> None:
    """The export's child never ends by itself: a real one of 11 frames could finish between two frames of a test
    starved on a loaded machine (CI: "not running" held, and its video was there)."""
    from ganlab_gl.app import timeline_export
    monkeypatch.setattr(timeline_export, "animate_command",
                        lambda run_dir, request: [sys.executable, "-c", "import time; time.sleep(120)"])


def test_an_export_in_progress_stops_from_the_keyboard_and_ctrl_e_says_how(stepped, monkeypatch):
    """Stop export, the timeline bar's button, had no key (every other toolbar and timeline button has one), and a
    second Ctrl+E while exporting said to use the button. Ctrl+Shift+E stops it, and the refusal names that key."""
    endless_export(monkeypatch)
    controller, _ = stepped
    state = controller.state
    state.timeline_range = (5, 15)
    _ask(controller, Action.EXPORT_TIMELINE)
    assert handle_key(state, "ctrl+e")
    controller.frame()
    assert controller.export.running and not state.export_dialog_wanted and state.notices[-1].text == (
        f"already exporting to {controller.export._request.out}; wait for it to end, or stop it: Ctrl+Shift+E or "
        "the timeline bar's Stop export")
    assert handle_key(state, "ctrl+shift+e")
    controller.frame()
    assert not controller.export.running and not Path(state.export_path).exists()


def test_ctrl_e_opens_the_export_dialog_where_the_timeline_bar_is(stepped):
    """Ctrl+E asked "Export everything?" and exported the last range, or every kept iteration, with neither a format,
    a size nor a range to pick, which the timeline bar's Export... dialog offers: it opens that dialog (the timeline
    bar opens it at its next draw, test_app_lab_headless.py), showing hidden panels for it and closing the help over
    it; lecture mode, which has no timeline bar, says where the dialog is."""
    controller, _ = stepped
    state = controller.state
    state.edit("display.panels", False)
    state.help_open = True
    assert handle_key(state, "ctrl+e")
    controller.frame()
    assert state.export_dialog_wanted and state.view.display.panels and not state.help_open
    assert state.question is None and not controller.export.running  # nothing asked, nothing exported
    state.export_dialog_wanted = False
    state.edit("display.lecture_mode", True)
    assert handle_key(state, "ctrl+e")
    controller.frame()
    assert not state.export_dialog_wanted and state.notices[-1].text == (
        "export: the Export dialog is on the desk's timeline bar; leave lecture mode (L) first")


def test_the_export_dialog_opens_on_the_range_exported_last_else_up_to_the_shown_iteration():
    """What Ctrl+E exported unasked, the last range, is where the dialog opens (both ways) while it is still kept;
    else the first kept iteration to the one shown."""
    from ganlab_gl.app.panels.timeline import opening_range
    from ganlab_gl.app.rewind import TimelineFacts
    present = TimelineFacts(first=10, present=500, kept=491, spacing=1, shown=None, note=None,
                            iterations=np.arange(10, 501))
    rewound = dataclasses.replace(present, shown=200)
    assert opening_range(None, present) == (10, 500) and opening_range(None, rewound) == (10, 200)
    assert opening_range((50, 300), present) == opening_range((50, 300), rewound) == (50, 300)
    assert opening_range((0, 900), present) == (10, 500)  # an earlier run's, longer: cut to what is kept
    assert opening_range((600, 900), rewound) == (10, 200)  # none of it kept: the default


def test_an_export_without_a_range_writes_every_kept_iteration_unasked(stepped, monkeypatch):
    """The dialog always picks a range; a request without one (a script's) exports all that is kept."""
    endless_export(monkeypatch)
    controller, _ = stepped
    _ask(controller, Action.EXPORT_TIMELINE)
    assert controller.state.question is None and controller.export.running
    assert (controller.export._request.first, controller.export._request.last) == (0, 25)
    _ask(controller, Action.STOP_EXPORT)
    assert not controller.export.running


def test_a_gif_too_large_is_refused_in_the_labs_words_before_anything_starts(stepped, tmp_path, monkeypatch):
    """The refusal came from the `animate` child naming its --size and --out flags, which the lab has not."""
    import ganlab_gl.app.controller as controller_module
    controller, _ = stepped
    monkeypatch.setattr(controller_module.animate, "GIF_MAX_BYTES", 2**30 // 100)  # 26 frames of 1280x720 pass it
    _ask(controller, Action.EXPORT_TIMELINE, str(tmp_path / "story.gif"))
    text = controller.state.notices[-1].text
    assert text.startswith("export: a GIF of 26 frames at 1280x720 needs more than") and "--" not in text
    assert controller.state.question is None and not controller.export.running


def test_export_refusals_are_one_line_and_write_nothing(stepped, tmp_path):
    """Said at once: a place that takes no file was refused by the `animate` child, seconds after the lab had saved
    the run for it, in its own words (--out)."""
    controller, _ = stepped
    controller.state.timeline_range = (0, 25)
    (tmp_path / "notes").write_text("a file where a folder would be")
    (tmp_path / "clip.mp4").mkdir()
    for out, said in ((tmp_path / "story.avi", "use a .mp4 or .gif file name"),
                      (tmp_path / "notes" / "story.mp4", f"{tmp_path / 'notes'} is a file, not a folder"),
                      (tmp_path / "clip.mp4", "is a folder; give a file name")):
        _ask(controller, Action.EXPORT_TIMELINE, str(out))
        assert controller.state.notices[-1].text == f"export: {out}: {said}"
        assert controller.state.notices[-1].level == "error" and not controller.export.running
    assert controller.state.question is None and sorted(tmp_path.iterdir()) == [tmp_path / "clip.mp4",
                                                                                 tmp_path / "notes"]


def test_the_saved_run_holds_the_timeline_the_export_reads(stepped, tmp_path):
    controller, _ = stepped
    checkpoint.save(controller.trainer, tmp_path / "run")
    loaded = checkpoint.load(tmp_path / "run")
    assert list(loaded.timeline.iterations) == list(range(26))


def test_python_m_ganlab_gl_is_the_command_line():
    result = subprocess.run([sys.executable, "-m", "ganlab_gl", "--version"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and "ganlab-gl" in (result.stdout + result.stderr)


def test_a_click_and_a_drag_on_the_timeline_bar_ask_for_the_iterations_under_the_pointer():
    """The bar's curve answers the pointer (ImPlot's no_inputs had left it never hovered: clicks did nothing)."""
    import lab_frames
    from imgui_bundle import imgui
    from imgui_headless import imgui_context

    from ganlab_gl.app.panels.timeline import TimelineBar

    frame = lab_frames.ring8_frame(40)
    state, bar = AppState(), TimelineBar()
    size = (600.0, 140.0)

    def draw(mouse, down):
        io = imgui.get_io()
        io.add_mouse_pos_event(*mouse)
        io.add_mouse_button_event(0, down)
        imgui.new_frame()
        imgui.set_next_window_pos((0, 0))
        imgui.set_next_window_size(size)
        imgui.begin("bar", None, imgui.WindowFlags_.no_decoration)
        bar.draw(state, frame)
        imgui.end()
        imgui.render()

    with imgui_context(size):
        for _ in range(3):
            draw((150, 110), False)  # hover: the plot learns where it is
        draw((150, 110), True)  # press on the curve
        draw((450, 110), True)  # drag right
        draw((450, 110), False)
    asked = [request.argument for request in state.requests if request.action == Action.SHOW_ITERATION]
    assert len(asked) == 2 and 0 < asked[0] < asked[1] <= 40, asked  # the press, then further on by the drag


def test_the_timeline_bars_curve_draws_a_band_step_per_three_pixel_columns(monkeypatch):
    """A noisy loss zigzagging down the grown curve a pair of points per pixel column cost the overlay 3.3 ms a
    frame at 1600x960; its band and line of means per column still 1.3 ms more than per three columns: the bar is
    for finding an iteration. The band still reaches each step's lowest and highest loss."""
    import lab_frames
    from imgui_bundle import implot
    from imgui_headless import draw_frame, imgui_context

    from ganlab_gl.app.panels import metrics, timeline
    frame = lab_frames.ring8_frame(40)
    iterations = np.linspace(frame.timeline.first, frame.timeline.present, 20_000)  # the bar's span, densely
    noisy = 1.0 + 0.2 * np.sin(np.arange(20_000) * 1.7)
    frame = dataclasses.replace(frame, losses=type(frame.losses)(frame.losses.names,
                                                                 np.stack([iterations, noisy, noisy], axis=1)))
    points, plot_px, bands = [], [], []
    real_plot_line = metrics.implot.plot_line
    monkeypatch.setattr(metrics.implot, "plot_line", lambda label, x, y, spec: (
        points.append(len(x)), plot_px.append(implot.get_plot_size().x), real_plot_line(label, x, y, spec)))
    monkeypatch.setattr(metrics.implot, "plot_shaded", lambda label, x, low, high, spec: bands.append((low, high)))
    bar, state = timeline.TimelineBar(), AppState()
    with imgui_context((600, 140)):
        draw_frame(lambda: bar.draw(state, frame), (600, 140))
    assert len(points) == 2 and all(px / 3 - 1 <= count <= math.ceil(px / 3) for count, px in zip(points, plot_px)), (
        points, plot_px)
    assert all(low.min() == noisy.min() and high.max() == noisy.max() for low, high in bands) and len(bands) == 2


def test_the_timeline_bars_curve_draws_each_step_past_a_history_longer_than_the_kept_span(monkeypatch):
    """The pre-trained model's loss history runs from 6,001, its timeline from 8,000: three steps on, the bar binned
    all 2,003 rows into its columns, and drew 8,001 to 8,003 as one flat band ending at 8,002. It draws the kept
    span's rows, each step its own point, the last at the present."""
    import lab_frames
    from imgui_headless import draw_frame, imgui_context

    from ganlab_gl.app.panels import metrics, timeline
    frame = lab_frames.ring8_frame(1)
    iterations = np.arange(6001, 8004, dtype=np.float64)
    losses = np.stack([iterations, 0.7 + 0.01 * np.sin(iterations), 0.72 + 0.01 * np.cos(iterations)], axis=1)
    frame = dataclasses.replace(frame, losses=type(frame.losses)(frame.losses.names, losses),
                                timeline=dataclasses.replace(frame.timeline, first=8000, present=8003, kept=4))
    drawn = []
    monkeypatch.setattr(metrics.implot, "plot_line", lambda label, x, y, spec: drawn.append(list(x)))
    bar, state = timeline.TimelineBar(), AppState()
    with imgui_context((600, 140)):
        draw_frame(lambda: bar.draw(state, frame), (600, 140))
    assert drawn == [[8000.0, 8001.0, 8002.0, 8003.0]] * 2, drawn


def test_the_timeline_bars_curve_fits_both_losses(monkeypatch):
    """Its y axis follows the curves every frame (a locked y axis once kept ImPlot's 0..1, hiding D's loss), with room
    each side: fitted edge to edge, a steady loss at the lowest ran along the plot's frame, hidden in it."""
    import lab_frames
    from imgui_bundle import implot
    from imgui_headless import draw_frame, imgui_context

    from ganlab_gl.app.panels import timeline

    frame = lab_frames.ring8_frame(40)
    limits = []
    plot_line = timeline.plot_line
    monkeypatch.setattr(timeline, "plot_line", lambda *args, **kwargs: (limits.append(implot.get_plot_limits().y),
                                                                        plot_line(*args, **kwargs)))
    bar, state = timeline.TimelineBar(), AppState()
    with imgui_context((600, 140)):
        for _ in range(3):
            draw_frame(lambda: bar.draw(state, frame), (600, 140))
        low, high = limits[-1].min, limits[-1].max
    values = np.concatenate([frame.losses["d_loss"], frame.losses["g_loss"]])
    room = 0.03 * np.ptp(values)  # CURVE_MARGIN's 8% of the range, half each side
    assert low <= values.min() - room and values.max() + room <= high, (low, high, values.min(), values.max())


@pytest.mark.parametrize("width, said", [(700, True), (150, False)])
@pytest.mark.parametrize("exporting", ["", "exporting 3 of 40 frames, about 2 s left, to story.mp4"])
def test_the_bar_says_the_shown_iteration_or_the_exports_progress_where_its_row_has_room(monkeypatch, width, said,
                                                                                        exporting):
    """At UI scale 2 the toolbar had no room for its note: rewound to iteration 10, or exporting, nothing said so
    but the bar's mark (the progress hid in Stop export's tooltip)."""
    import dataclasses
    import lab_frames
    from imgui_bundle import imgui
    from imgui_headless import draw_frame, imgui_context

    from ganlab_gl.app.panels.timeline import TimelineBar
    frame = lab_frames.ring8_frame(40)
    frame = dataclasses.replace(frame, exporting=exporting, timeline=dataclasses.replace(frame.timeline, shown=10))
    texts = []
    text_disabled = imgui.text_disabled
    monkeypatch.setattr(imgui, "text_disabled", lambda text: (texts.append(text), text_disabled(text)))
    with imgui_context((width, 140)):
        draw_frame(lambda: TimelineBar().draw(AppState(), frame), (width, 140))
    expected = exporting or "10 of 40"
    assert ([text for text in texts if text.startswith(expected[:8])] != []) == said, texts


@pytest.mark.parametrize("width, said", [(900, ["Discriminator's loss", "Generator's loss"]),
                                         (700, ["D loss", "G loss"]), (500, ["D", "G"]), (420, [])])
def test_at_the_present_the_bar_names_its_curves_in_their_colours_where_its_row_has_room(monkeypatch, width, said):
    """Unnamed, with no legend, the largest chart at 1280x800 read as a second loss chart with nothing to click;
    then "the losses: click to go back" said what it was but not which curve was D's. The buttons' row names each
    curve by a swatch of its colour, in the first of the loss chart's wordings that fits, then says what a click
    does, all inside the row; where none fits whole it is left out (cut, "the losses: cl..." said nothing)."""
    import lab_frames
    from imgui_bundle import imgui
    from imgui_headless import draw_frame, imgui_context

    from ganlab_gl.app.panels.metrics import D_LOSS_RGB, G_LOSS_RGB
    from ganlab_gl.app.panels.timeline import PRESENT_SAYS, TimelineBar
    frame = lab_frames.ring8_frame(40)
    texts, swatches, right = [], [], []
    text_disabled, get_window_draw_list = imgui.text_disabled, imgui.get_window_draw_list
    monkeypatch.setattr(imgui, "text_disabled", lambda text: (
        text_disabled(text), texts.append((text, imgui.get_item_rect_min().x, imgui.get_item_rect_max().x))))

    class Recording:
        def __init__(self, draw_list):
            self._draw_list = draw_list

        def add_rect_filled(self, p_min, p_max, colour, *rest):
            swatches.append((colour, p_min[0], p_max[0]))
            return self._draw_list.add_rect_filled(p_min, p_max, colour, *rest)

        def __getattr__(self, name):
            return getattr(self._draw_list, name)

    monkeypatch.setattr(imgui, "get_window_draw_list", lambda: Recording(get_window_draw_list()))

    def body():
        TimelineBar().draw(AppState(), frame)
        right.append(imgui.get_window_pos().x + imgui.get_window_size().x - imgui.get_style().window_padding.x)

    with imgui_context((width, 140)):
        draw_frame(body, (width, 140))
        colours = [imgui.get_color_u32((*rgb, 1.0)) for rgb in (D_LOSS_RGB, G_LOSS_RGB)]
    assert [text for text, _, _ in texts] == (said + [PRESENT_SAYS] if said else []), texts
    if said:
        named = [(colour, left) for colour, left, _ in swatches if colour in colours]
        assert [colour for colour, _ in named] == colours, swatches  # D's swatch, then G's...
        assert named[0][1] < texts[0][1] < named[1][1] < texts[1][1]  # ...each just before its name
        assert texts[-1][2] <= right[-1] + 0.5, (texts, right)


@pytest.mark.parametrize("steps, kept, note, said", [
    # one row (iteration 0): how it fills, and how to go back by key as well as by click
    (0, None, None, "Play or a step fills this bar; click it (or press Left) later to go back"),
    (0, 0, "timeline off (timeline.memory_mb = 0)", "timeline off (timeline.memory_mb = 0)"),  # none, and why
    (3, None, None, None)])  # trained: the curve
def test_until_a_second_iteration_is_kept_the_bar_says_how_it_fills_in_place_of_an_empty_chart(monkeypatch, steps,
                                                                                               kept, note, said):
    """A cold start on the pre-trained model keeps one iteration: the bar drew an empty chart, an axis of 0.67 to
    0.75 and a lone "8000", which read as broken. Until a second row is kept, a sentence stands in the curve's place,
    no axis and no numbers, and the buttons' row leaves out what the curve is."""
    import dataclasses
    import lab_frames
    from imgui_bundle import imgui, implot
    from imgui_headless import draw_frame, imgui_context

    from ganlab_gl.app.panels.timeline import PRESENT_SAYS, TimelineBar
    frame = lab_frames.ring8_frame(steps)
    if kept is not None:
        frame = dataclasses.replace(frame, timeline=dataclasses.replace(frame.timeline, kept=kept, note=note))
    texts, plots = [], []
    text_disabled, begin_plot = imgui.text_disabled, implot.begin_plot
    monkeypatch.setattr(imgui, "text_disabled", lambda text: (texts.append(text), text_disabled(text)))
    monkeypatch.setattr(implot, "begin_plot", lambda title, *args: (plots.append(title), begin_plot(title, *args))[1])
    with imgui_context((700, 140)):
        draw_frame(lambda: TimelineBar().draw(AppState(), frame), (700, 140))
    assert texts == ([said] if said else ["D loss", "G loss", PRESENT_SAYS]), texts
    assert plots == ([] if said else ["##timeline"])


def test_the_export_dialogs_size_is_measured_from_both_ends_as_the_export_encodes(gl_ctx, monkeypatch):
    """The dialog named neither the frames nor the file's size: a GIF of 301 frames at 1280x720 came out 78 MB, six
    times its MP4, unannounced. The estimate encodes the range's first two and last two frames as the export does,
    captioned; here it is held against the whole range written the same way. Measured from the first two alone (a
    fresh run's plainest pictures) it read 0.66 of a GIF of 301 frames; from the last two alone, 1.31 of this one."""
    from ganlab_gl.app.timeline_export import file_size
    from ganlab_gl.render import animate
    captioned, caption = [], animate.captioned
    monkeypatch.setattr(animate, "captioned", lambda frames, size, **kwargs: caption(captioned.append(size) or frames,
                                                                                     size, **kwargs))
    controller = Controller(AppState(), gl_context=gl_ctx)
    controller.state.view_rect = VIEW
    try:
        controller.trainer.train(60)
        _ask(controller, Action.MEASURE_EXPORT, (0, 60, "640x360"))
        controller.export.estimate.wait()
        sizes = controller.read_model().export_sizes
        assert (sizes.first, sizes.last, sizes.size, sizes.frames) == (0, 60, "640x360", 61)
        assert captioned == [(640, 360)]  # each frame says its iteration, as the export's do
        layers = controller._shown_layers()
        written = {}
        for suffix in (".mp4", ".gif"):
            frames = animate.captioned(scrubbed_frames(controller.trainer, range(61), (640, 360), layers,
                                                       View.fit(VIEW, (640, 360), 1.0), gl_ctx), (640, 360))
            written[suffix] = animate.write_video(frames, Path(controller.state.output_folder) / f"all{suffix}", 30,
                                                  (640, 360)).stat().st_size
            said = sizes.measured[suffix]  # within 15% of the size said, or of the range said
            assert 0.85 < written[suffix] / sizes.bytes(suffix) < 1.15 * said.spread, (suffix, said, written)
        assert sizes.words(".mp4") == file_size(sizes.bytes(".mp4"))
        assert sizes.words(".gif") == file_size(sizes.bytes(".gif"), round(sizes.bytes(".gif") * 1.3))
        assert sizes.bytes(".gif") > 2 * sizes.bytes(".mp4") and written[".gif"] > 2 * written[".mp4"]
        _ask(controller, Action.MEASURE_EXPORT, (0, 60, "640x360"))  # the same range and size: not drawn again
        assert controller.read_model().export_sizes.measured == sizes.measured
    finally:
        controller.close()


def test_the_export_dialogs_size_is_measured_from_every_pane_of_a_comparison(gl_ctx, monkeypatch):
    """The export's video shows every run of a comparison in its captioned pane, while the estimate measured the
    main run's picture alone, filling the frame. It measures the frames the export writes: each run's pane, captioned,
    the iteration in the lower left corner."""
    from ganlab_gl.app import timeline_export
    from test_render_matches_lab import assert_captioned
    measured = []
    monkeypatch.setattr(timeline_export, "measure_encoding", lambda pairs, size: measured.append(pairs) or {})
    controller = Controller(AppState(), gl_context=gl_ctx)
    controller.state.view_rect = VIEW
    try:
        _ask(controller, Action.COMPARE_ADD, "train.loss=hinge")
        for _ in range(6):
            _ask(controller, Action.STEP)
        _ask(controller, Action.MEASURE_EXPORT, (0, 6, "640x360"))
        controller.export.estimate.wait()
        [pairs] = measured
        assert [len(pair) for pair in pairs] == [2, 2]
        for image in (image for pair in pairs for image in pair):
            assert image.shape == (360, 640, 4)
            assert_captioned(image, (640, 360), "AB")
    finally:
        controller.close()


def test_the_export_says_where_its_video_probes_fewer_cells_than_the_lab(tmp_path, monkeypatch):
    """At probe.heatmap_res = manifold_res = 2048 an export of 401 frames at 1280x720 said "about 4 h left": each
    frame was probed at 2048². A video probes at most the cells its pane shows (canvas_picture.pane_cells); the
    dialog and the export's notice say so where that is fewer than the lab's."""
    from ganlab_gl.app.panels.timeline import export_summary
    from ganlab_gl.app.timeline_export import ExportSizes, TimelineExport, probed_fewer
    from ganlab_gl.core.settings import ProbeConfig
    lab = ProbeConfig(heatmap_res=2048, manifold_res=2048)
    said = "the heatmap and manifold at 1,280 cells a side, not the lab's 2,048: as many as the 1280x720 video shows"
    assert probed_fewer([("A", lab)], "1280x720") == said
    assert probed_fewer([("A", ProbeConfig(heatmap_res=700, manifold_res=32))], "640x360") == (
        "the heatmap at 640 cells a side, not the lab's 700: as many as the 640x360 video shows")
    assert probed_fewer([("A", ProbeConfig())], "640x360") == ""  # the lab's own 64 and 32: nothing to say
    sizes = ExportSizes(0, 400, "1280x720", 401, None, said)
    assert export_summary(sizes, tmp_path / "story.mp4")[:2] == [
        ("401 frames: about 13 s of video at 30 fps", "info"), (f"drawn with {said}", "info")]
    assert len(export_summary(dataclasses.replace(sizes, probed=""), tmp_path / "story.mp4")) == 2
    endless_export(monkeypatch)
    notices = []
    export = TimelineExport(notify=lambda text, level="info": notices.append(text))
    trainer = Trainer(AppState().config)
    trainer.apply(dataclasses.replace(trainer.config, probe=lab))
    export.start(trainer, ExportRequest(tmp_path / "story.mp4", 0, 0, VIEW, ("fake",)))
    export.stop()
    assert notices[0] == f"exporting iterations 0 to 0 to {tmp_path / 'story.mp4'}; {said}"


def test_the_export_says_each_compared_runs_probe_cells_or_that_they_share_them(monkeypatch, tmp_path):
    """With compared runs the note named the main run's resolution alone ("not the lab's 2,048"), whatever the others
    were probed at: it says every run's where they are probed alike, else each capped run's by its letter."""
    from ganlab_gl.app.timeline_export import probed_fewer
    from ganlab_gl.core.settings import ProbeConfig
    fine = ProbeConfig(heatmap_res=2048, manifold_res=900)
    assert probed_fewer([("A", fine), ("B", fine)], "854x480") == (
        "every run's heatmap and manifold at 424 cells a side, not the lab's 2,048 and 900: as many as a pane of the "
        "854x480 video shows")
    assert probed_fewer([("A", fine), ("B", ProbeConfig(heatmap_res=1024)), ("C", ProbeConfig())], "854x480") == (
        "A's heatmap and manifold at 280 cells a side, not the lab's 2,048 and 900; B's heatmap, not 1,024: as many "
        "as a pane of the 854x480 video shows")
    assert probed_fewer([("A", ProbeConfig()), ("B", ProbeConfig(heatmap_res=1024))], "854x480") == (
        "B's heatmap at 424 cells a side, not the lab's 1,024: as many as a pane of the 854x480 video shows")
    assert probed_fewer([("A", ProbeConfig()), ("B", ProbeConfig())], "854x480") == ""
    endless_export(monkeypatch)  # the lab's: the dialog's estimate and the export's notice name each run's
    controller = _controller(**{"probe.heatmap_res": 1024})
    try:
        _ask(controller, Action.COMPARE_ADD, "probe.heatmap_res=512")
        for _ in range(3):
            _ask(controller, Action.STEP)
        said = ("A's heatmap at 424 cells a side, not the lab's 1,024; B's heatmap, not 512: as many as a pane of the "
                "854x480 video shows")
        assert _ask(controller, Action.MEASURE_EXPORT, (0, 3, "854x480")).export_sizes.probed == said
        controller.state.export_size = "854x480"
        _ask(controller, Action.EXPORT_TIMELINE, str(tmp_path / "story.mp4"))
        assert controller.state.notices[-1].text == f"exporting iterations 0 to 3 to {tmp_path / 'story.mp4'}; {said}"
        _ask(controller, Action.STOP_EXPORT)
    finally:
        controller.close()


def test_the_export_dialogs_estimate_probes_cheaply_and_says_what_the_video_probes(gl_ctx, monkeypatch):
    """Opening Export... at probe.heatmap_res = manifold_res = 2048 held the window 14 s (35 s on the 2-core VM):
    the estimate's four frames were probed and drawn at 2048². They are probed at ESTIMATE_CELLS (the file measured
    within 1.6% of frames probed as the export's); the dialog says what the export's frames are probed at."""
    from ganlab_gl.app import timeline_export
    from ganlab_gl.render import animate
    probed, probe_resolution = [], animate.probe_resolution
    monkeypatch.setattr(animate, "probe_resolution",
                        lambda probe, cells: probed.append(probe_resolution(probe, cells)) or probed[-1])
    monkeypatch.setattr(timeline_export, "measure_encoding", lambda pairs, size: {})
    controller = _controller(**{"probe.heatmap_res": 2048, "probe.manifold_res": 100}, gl_context=gl_ctx)
    try:
        controller.trainer.train(4)
        _ask(controller, Action.MEASURE_EXPORT, (0, 4, "640x360"))
        controller.export.estimate.wait()
        assert probed == [{"heatmap_res": timeline_export.ESTIMATE_CELLS, "manifold_res": 100}]  # fewer: its own
        assert controller.read_model().export_sizes.probed == (
            "the heatmap at 640 cells a side, not the lab's 2,048: as many as the 640x360 video shows")
    finally:
        controller.close()


@pytest.fixture(scope="module")
def ring8_frame():
    import lab_frames
    return lab_frames.ring8_frame(40)


@pytest.mark.parametrize("display", [(1280, 800), (1920, 1080)])
@pytest.mark.parametrize("ui_scale", [1.0, 2.0])
def test_the_export_dialogs_file_field_shows_the_file_name_whole(ring8_frame, monkeypatch, display, ui_scale):
    """At 1280x800 the dialog's file field showed "/home/researcher/ganlab-gl/training.m": the name of the file to
    be written was cut. The field is as wide as the dialog's lines, and a path wider still gives way at its start
    ("iments/.../videos/training.mp4"), its end, the name, whole, and the field's tooltip says it all; "..." over
    its start says it is cut (ImGui's elide_left only cut it away, and the cut path read as whole)."""
    from imgui_bundle import imgui
    from imgui_headless import draw_frame, imgui_context

    from ganlab_gl.app.fonts import UiFonts
    from ganlab_gl.app.panels import timeline
    from ganlab_gl.app.panels.timeline import FILE_FIELD, TimelineBar
    home = "/home/researcher/ganlab-gl/training.mp4"
    deep = "/home/researcher/experiments/ring8-long-runs/2026-12-05/seed-3/videos/training.mp4"
    fields, input_text, said = [], imgui.input_text, []
    monkeypatch.setattr(timeline, "wrapped_item_tooltip", said.append)

    def field(label, *args):
        width = imgui.calc_item_width()  # the field's frame, its label after it
        typed = input_text(label, *args)
        if label == FILE_FIELD:  # and where the cut mark ends, in the frame's font
            mark = imgui.get_style().frame_padding.x + imgui.calc_text_size(timeline.CUT_MARK + " ").x
            fields.append((imgui.get_item_rect_min(), imgui.get_item_rect_max(), width, mark))
        return typed
    monkeypatch.setattr(imgui, "input_text", field)
    for path in (home, deep):
        state, bar, glyphs, tips = AppState(), TimelineBar(), {}, []
        state.export_path, state.export_dialog_wanted = path, True

        def body():
            bar.draw(state, ring8_frame)
            tips.extend(said)
            said.clear()
            for char in set(path):  # baked in the frames before the one read
                glyph = imgui.get_font_baked().find_glyph(ord(char))
                glyphs[char] = (float(np.float32(glyph.u0)), float(np.float32(glyph.v0)))

        with imgui_context(display):
            UiFonts().apply_scale(ui_scale, 1.0)
            for _ in range(4):  # the dialog opens a frame after it is asked for, and is drawn from the next
                drawn = draw_frame(body, (display[0], display[1] / 3))
            low, high, width, mark = fields[-1]
            text, mark_end = imgui.get_color_u32(imgui.Col_.text), low.x + mark
            shown = drawn.text_in((low.x, low.y), (low.x + width, high.y), text, glyphs)
            after_mark = drawn.text_in((mark_end, low.y), (low.x + width, high.y), text, glyphs)
            at_mark = drawn.text_in((low.x, low.y), (mark_end, high.y), text, glyphs)
            field, under = (imgui.get_style_color_vec4(colour) for colour in (imgui.Col_.frame_bg, imgui.Col_.popup_bg))
            opaque = imgui.get_color_u32(tuple(top * field.w + bottom * (1 - field.w) for top, bottom in (
                (field.x, under.x), (field.y, under.y), (field.z, under.z))) + (1.0,))
            in_field = ((drawn.positions > (low.x, low.y)) & (drawn.positions < (low.x + width, high.y))).all(axis=1)
            covered = drawn.positions[in_field & (drawn.colours == opaque)]
        assert bar.exporting_dialog and high.x <= display[0]  # its label too
        if path == home:  # a researcher's usual folder: whole
            assert shown == path and not len(covered), shown
        else:  # the start gives way (a glyph cut at the mark's edge reads '?'), the path's end, the name whole
            end = after_mark.lstrip("?")
            assert len(after_mark) - len(end) <= 1 and path.endswith(end) and len(end) < len(path), after_mark
            assert end.endswith("/training.mp4") and tips[-1] == path  # the whole path: the field's tooltip
            assert at_mark.count(".") >= 3  # "...", on the field's colour made opaque over the glyphs it hides
            assert covered[:, 0].min() == pytest.approx(low.x + 1) and covered[:, 0].max() == pytest.approx(mark_end)
        assert bool(tips) == (path == deep)  # only where it does not fit


def test_a_thinned_ranges_dialog_says_its_few_frames_why_and_where_a_frame_is_kept_each(tmp_path):
    """A long run's timeline, thinned to every 64th iteration of 0..512, exported those 512 iterations as 9 frames,
    and nothing said so before. The dialog says the range's frames for its iterations, why (the timeline kept every
    64th), and the recent stretch it keeps whole, where a range gives a frame each; a range between two kept
    iterations has no frame, said in red (the export refused it only after the run was saved for it)."""
    from ganlab_gl.app.panels.timeline import export_summary, timeline_caption
    from ganlab_gl.core.wording import counted, ordinal
    controller = _controller(**{"timeline.memory_mb": 1, "generator.neurons": 30, "discriminator.neurons": 30})
    try:
        controller.trainer.train(1400)  # about 110 rows fit the cap: the oldest kept every 64th
        kept = controller.trainer.timeline.iterations
        whole_from = int(kept[np.flatnonzero(np.diff(kept) > 1)[-1] + 1])
        assert list(kept[:10]) == list(range(0, 577, 64)) and list(kept[kept >= whole_from]) == list(
            range(whole_from, 1401)) and 1000 < whole_from < 1400
        why = ("the timeline kept every 64th iteration of this range (older iterations thin out to fit "
               "timeline.memory_mb)")
        where = f"every iteration from {whole_from:,} on is kept: a range there gives a frame each"

        def said(first: int, last: int) -> list[tuple[str, str]]:
            sizes = _ask(controller, Action.MEASURE_EXPORT, (first, last, "640x360")).export_sizes
            return export_summary(sizes, tmp_path / "story.mp4")

        assert said(0, 512) == [("9 frames for 513 iterations: about 1 s of video at 30 fps", "info"),
                                (f"{why}; {where}", "warning")]
        assert said(10, 60) == [(f"0 frames for 51 iterations: {why}; {where}", "error")]  # Export waits
        whole = said(whole_from, 1400)  # kept whole: nothing more to say
        assert len(whole) == 1 and whole[0][0].startswith(f"{counted(1401 - whole_from, 'frame')}: about ")
        everything = said(0, 1400)  # more frames than the stretch kept whole: not pointed at
        assert everything[1] == ("the timeline kept as few as every 64th iteration of this range (older iterations "
                                 "thin out to fit timeline.memory_mb)", "warning")
        assert everything[0][0].endswith("frames for 1,401 iterations: about 4 s of video at 30 fps")
        frame = controller.read_model()
        assert timeline_caption(frame).endswith("the oldest every 64th")
        assert timeline_caption(dataclasses.replace(frame, timeline=dataclasses.replace(frame.timeline, spacing=2))) \
            .endswith("the oldest every 2nd")  # the bar's tooltip said "every 2th"
    finally:
        controller.close()
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 64, 1024)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "64th", "1,024th"]  # "every 2th" before


def test_the_export_dialog_says_what_it_writes_and_points_a_large_gif_to_the_mp4(tmp_path):
    from ganlab_gl.app.panels.timeline import export_summary, gif_too_large
    from ganlab_gl.app.timeline_export import EncodedSize, ExportSizes
    measured = {".mp4": EncodedSize(46_000, 37_000), ".gif": EncodedSize(156_000, 219_000)}
    sizes = ExportSizes(0, 300, "1280x720", 301, measured)
    (tmp_path / "story.gif").write_bytes(b"an earlier export")
    assert export_summary(sizes, tmp_path / "story.gif") == [
        ("301 frames: about 10 s of video at 30 fps", "info"),
        ("about 66 MB (MP4: about 11 MB), measured from the first and last frames", "info"),
        ("a GIF this large is slow to open and over most sites' limits; an MP4 holds the same frames in a fraction, "
         "or pick a smaller size or a shorter range", "warning"),
        ("story.gif exists: the export replaces it (asked first)", "warning")]
    assert gif_too_large(sizes, ".gif") and not gif_too_large(sizes, ".mp4")
    assert export_summary(sizes, tmp_path / "story.mp4")[1] == (
        "about 11 MB (GIF: about 66 MB), measured from the first and last frames", "info")
    spread = ExportSizes(0, 300, "1280x720", 301, {**measured, ".gif": EncodedSize(156_000, 219_000, 1.3)})
    assert export_summary(spread, tmp_path / "story.mp4")[1] == (
        "about 11 MB (GIF: about 66 to 86 MB), measured from the first and last frames", "info")
    small = ExportSizes(0, 30, "640x360", 31, {".mp4": EncodedSize(9_000, 4_000), ".gif": EncodedSize(40_000, 30_000)})
    assert not gif_too_large(small, ".gif") and len(export_summary(small, tmp_path / "small.gif")) == 2
    # "about 16 to 21 MB": the top of the spread is past 20 MB
    under = ExportSizes(0, 100, "1280x720", 101, {".mp4": EncodedSize(46_000, 37_000),
                                                  ".gif": EncodedSize(160_000, 160_000, 1.3)})
    assert under.bytes(".gif") < 20 * 10**6 < under.most_bytes(".gif") and gif_too_large(under, ".gif")
    measuring = ExportSizes(0, 300, "1280x720", 301, None)
    assert export_summary(measuring, tmp_path / "a.mp4")[1] == (
        "measuring the file's size from the first and last frames...", "info")
    long_gif = ExportSizes(0, 3000, "1280x720", 3001, None)  # past the 2 GiB Pillow holds: said before Export
    assert export_summary(long_gif, tmp_path / "a.gif")[1] == (
        "too many frames for a GIF at 1280x720: they need more than 2 GiB in memory; an MP4, a smaller size or a "
        "shorter range", "error")
    assert gif_too_large(long_gif, ".gif")
    assert export_summary(sizes, tmp_path / "story.avi") == [
        ("story.avi: end the name in .mp4 or .gif, the format (or pick one above)", "error")]


def test_an_export_over_an_existing_file_asks_first_and_no_keeps_it(stepped, tmp_path, monkeypatch):
    """An export replaced a file of the same name unasked (an earlier export, the user's own video)."""
    endless_export(monkeypatch)
    controller, _ = stepped
    out = tmp_path / "story.mp4"
    out.write_bytes(b"the user's video")
    controller.state.timeline_range = (5, 15)
    _ask(controller, Action.EXPORT_TIMELINE, str(out))
    question = controller.state.question
    assert (question.title, question.yes) == ("Replace the file?", "Replace") and not controller.export.running
    assert question.text == f"{out.resolve()} exists; the export replaces it."
    controller.state.answer(False)
    controller.frame()
    assert not controller.export.running and out.read_bytes() == b"the user's video"
    _ask(controller, Action.EXPORT_TIMELINE, str(out))
    controller.state.answer(True)
    controller.frame()
    assert controller.export.running and controller.state.question is None
    _ask(controller, Action.STOP_EXPORT)


def test_the_export_dialog_grows_upward_from_its_button_inside_the_window(monkeypatch):
    """Opened where the pointer was, at the window's foot, the dialog grew down as its estimate came and its
    Export and Cancel buttons went off the screen (1280x800)."""
    import dataclasses
    import lab_frames
    from imgui_bundle import imgui
    from imgui_headless import imgui_context

    from ganlab_gl.app.panels.timeline import TimelineBar
    from ganlab_gl.app.timeline_export import EncodedSize, ExportSizes
    display, bar_box = (1280, 800), (0, 700, 520, 100)
    frame = lab_frames.ring8_frame(40)
    measured = {".mp4": EncodedSize(46_000, 37_000), ".gif": EncodedSize(156_000, 219_000)}
    frame = dataclasses.replace(frame, export_sizes=ExportSizes(frame.timeline.first, frame.timeline.present,
                                                                "1280x720", 41, measured))
    state, bar = AppState(), TimelineBar()
    state.export_path = "story.gif"  # the longest dialog: the GIF's warning and its button
    button, end_popup = imgui.button, imgui.end_popup
    pressed, popups = {"Export..."}, []
    monkeypatch.setattr(imgui, "button", lambda label, *args: label in pressed or button(label, *args))
    monkeypatch.setattr(imgui, "end_popup", lambda: (popups.append((imgui.get_window_pos(), imgui.get_window_size())),
                                                     end_popup()))
    with imgui_context(display):
        io = imgui.get_io()
        for _ in range(4):
            io.add_mouse_pos_event(250, 720)  # on the Export... button, as it was clicked
            imgui.new_frame()
            imgui.set_next_window_pos(imgui.ImVec2(*bar_box[:2]))
            imgui.set_next_window_size(imgui.ImVec2(*bar_box[2:]))
            imgui.begin("##timeline", None, imgui.WindowFlags_.no_decoration)
            bar.draw(state, frame)
            imgui.end()
            imgui.render()
            pressed.clear()
    (x, y), (width, height) = popups[-1]
    assert height > 150 and 0 <= x and x + width <= display[0] and 0 <= y and y + height < 720  # above the button


def test_the_export_dialogs_fields_stay_put_as_its_lines_come(monkeypatch):
    """Anchored at its foot, the dialog grew upward as GIF was picked (its warning and Make it an MP4) and moved
    again as an estimate came: at 1280x800 a click meant for "from" landed in "to". Its top now stays put."""
    import dataclasses
    import lab_frames
    from imgui_bundle import imgui
    from imgui_headless import imgui_context

    from ganlab_gl.app.panels import timeline
    from ganlab_gl.app.timeline_export import EncodedSize, ExportSizes
    frame = lab_frames.ring8_frame(40)
    measuring = ExportSizes(frame.timeline.first, frame.timeline.present, "1280x720", 41, None)
    measured = dataclasses.replace(measuring, measured={".mp4": EncodedSize(46_000, 37_000),
                                                        ".gif": EncodedSize(156_000, 1_000_000)})  # a warning
    state, bar = AppState(), timeline.TimelineBar()
    state.export_path = "story.mp4"
    button, radio_button, iteration_field = imgui.button, imgui.radio_button, timeline.iteration_field
    clicked, fields = {"Export..."}, []
    monkeypatch.setattr(imgui, "button", lambda label, *args: label in clicked or button(label, *args))
    monkeypatch.setattr(imgui, "radio_button", lambda label, active: label in clicked or radio_button(label, active))

    def recorded_field(state, label, *args):
        if label == "from":
            fields.append(tuple(imgui.get_cursor_screen_pos()))
        return iteration_field(state, label, *args)
    monkeypatch.setattr(timeline, "iteration_field", recorded_field)
    froms = []
    with imgui_context((1280, 800)):
        for sizes, click in ((measured, None), (measured, "GIF"), (measuring, None), (measured, None)):
            clicked.add(click)
            for _ in range(4):
                imgui.new_frame()
                imgui.set_next_window_pos(imgui.ImVec2(0, 700))
                imgui.set_next_window_size(imgui.ImVec2(520, 100))
                imgui.begin("##timeline", None, imgui.WindowFlags_.no_decoration)
                bar.draw(state, dataclasses.replace(frame, export_sizes=sizes))
                imgui.end()
                imgui.render()
                clicked.clear()
            froms.append(fields[-1])
    assert state.export_path == "story.gif" and len(set(froms)) == 1, froms


def test_the_time_left_counts_from_the_first_frame_and_the_end_says_the_file_is_written():
    """The rate counted the child's start (Python, torch, the run's load) as frames' time: 15 of 1,886 frames said
    "about 27 min left" of what took 6. And at the last frame it said "about 1 s left" while a GIF was written."""
    from types import SimpleNamespace

    from ganlab_gl.app.timeline_export import TimelineExport
    now = [100.0]
    export = TimelineExport(notify=lambda text, level="info": None, clock=lambda: now[0])
    export._request = ExportRequest(Path("story.gif"), 0, 300, (0.0, 0.0, 1.0, 1.0), ("fake",))

    def child_writes(*updates: str) -> None:
        export._read(SimpleNamespace(stderr=iter(["\r".join(updates) + "\r"])))

    now[0] = 110.0  # ten seconds to start; the bar's first update after its first frames
    child_writes("  0%|          | 0/301 [00:00<?, ?frame/s]", "  2%|          | 5/301 [00:10<50:00, 2.0s/frame]")
    assert export.progress() == "exporting 5 of 301 frames, to story.gif"
    now[0] = 120.0  # then 20 frames in ten seconds: 276 left take 138 s (counted from the start: 220 s)
    child_writes("  8%|#         | 25/301 [00:20<02:18, 2.0frame/s, iteration=24]")
    assert export.progress() == "exporting 25 of 301 frames, about 2 min left, to story.gif"
    child_writes("100%|##########| 301/301 [00:40<00:00, 10.0frame/s, iteration=300]")
    assert export.progress() == "exporting 301 of 301 frames, writing the file, to story.gif"


@pytest.mark.parametrize("typed, picked, becomes", [
    ("{folder}", "GIF", "{folder}/training.gif"),  # a folder: the file goes in it (it became {folder}.gif beside it)
    ("{folder}/story.mp4", "GIF", "{folder}/story.gif"),
    ("{folder}/story", "MP4", "{folder}/story.mp4"),
    # emptied: the default file in the output folder, as the export reads it (the dialog read the working folder)
    ("", "GIF", "{output}/training.gif"),
])
def test_the_export_dialogs_format_buttons_set_the_files_suffix(monkeypatch, tmp_path, typed, picked, becomes):
    import lab_frames
    from imgui_bundle import imgui
    from imgui_headless import imgui_context

    from ganlab_gl.app.panels.timeline import TimelineBar
    folder = tmp_path / "videos"
    folder.mkdir()
    state, bar = AppState(output_folder=tmp_path), TimelineBar()
    state.export_path = typed.format(folder=folder)
    button, radio_button = imgui.button, imgui.radio_button
    clicked = {"Export...", picked}
    monkeypatch.setattr(imgui, "button", lambda label, *args: label in clicked or button(label, *args))
    monkeypatch.setattr(imgui, "radio_button", lambda label, active: label in clicked or radio_button(label, active))
    with imgui_context((1280, 800)):
        for _ in range(3):
            imgui.new_frame()
            imgui.begin("##timeline")
            bar.draw(state, lab_frames.ring8_frame(40))
            imgui.end()
            imgui.render()
            clicked.discard("Export...")
            if state.export_path != typed.format(folder=folder):
                clicked.clear()  # one click
    assert state.export_path == becomes.format(folder=folder, output=tmp_path)


def test_scrubbing_back_at_a_present_that_is_the_first_kept_iteration_says_so():
    """[ (or Left) at iteration 0 did nothing and said nothing: the present was the first kept iteration, but only
    a rewound view was checked for the timeline's start."""
    controller = _controller()
    try:
        controller.state.notices.clear()
        frame = _ask(controller, Action.SCRUB, -1)
        assert not frame.timeline.rewound
        assert [(n.level, n.text) for n in controller.state.notices] == [
            ("warning", "at the first kept iteration, 0: nothing kept before it")]
        _ask(controller, Action.STEP_PHASE)  # into iteration 1's walk: [ finishes it, then shows iteration 0
        frame = _ask(controller, Action.SCRUB, -1)
        assert controller.trainer.iteration_count == 1 and frame.timeline.shown == 0
    finally:
        controller.close()


def test_the_bars_plot_frame_is_filled_around_its_plot_area_only():
    """ImPlot filled the whole frame, then the plot area over it: a hidden fill that cost the overlay about 1 ms a
    frame at 1600x960 on llvmpipe. The frame's colour now lies in four rectangles around the plot area."""
    import lab_frames
    from imgui_bundle import imgui, implot
    from imgui_headless import draw_frame, imgui_context

    from ganlab_gl.app.panels import timeline
    frame, bar, state = lab_frames.ring8_frame(40), timeline.TimelineBar(), AppState()
    rects = []

    def body():
        bar.draw(state, frame)
        plot = implot.internal.get_plot("##timeline")
        rects.append((imgui.ImVec4(*plot.frame_rect.min, *plot.frame_rect.max),
                      imgui.ImVec4(*plot.plot_rect.min, *plot.plot_rect.max)))

    with imgui_context((600, 240)):
        for _ in range(2):
            drawn = draw_frame(body, (600, 240))
        colour = imgui.get_color_u32(imgui.Col_.frame_bg)
    outer, inner = rects[-1]
    positions = drawn.positions[drawn.colours == colour]
    assert len(positions) == 16, len(positions)  # four rectangles, and no fill of the whole frame
    corners = {(x, y) for x in (inner.x, inner.z) for y in (inner.y, inner.w)}
    assert corners <= {tuple(map(float, p)) for p in positions}, (corners, positions)
    assert positions[:, 0].min() == outer.x and positions[:, 1].max() == outer.w



def test_the_bars_plot_area_is_left_to_the_backdrop_it_would_repaint():
    """ImPlot filled the plot area in the window background's colour, which the overlay's clear already put under
    the unfilled panels: 0.17 of the overlay's pixels at 1280x800 on llvmpipe, none of them changed. No vertex in
    that colour lies on the plot area's corners, and the clear is that colour."""
    import lab_frames
    from imgui_bundle import imgui, implot
    from imgui_headless import draw_frame, imgui_context

    from ganlab_gl.app.imgui_renderer import backdrop_rgb
    from ganlab_gl.app.panels import timeline
    frame, bar, state = lab_frames.ring8_frame(40), timeline.TimelineBar(), AppState()
    rects = []

    def body():
        bar.draw(state, frame)
        plot = implot.internal.get_plot("##timeline")
        rects.append(imgui.ImVec4(*plot.plot_rect.min, *plot.plot_rect.max))

    with imgui_context((600, 240)):
        for _ in range(2):
            drawn = draw_frame(body, (600, 240))
        backdrop = imgui.get_color_u32(imgui.Col_.window_bg)
        assert imgui.get_style().color_(imgui.Col_.window_bg).w == 1.0  # so the clear is that colour itself
        assert backdrop_rgb() == tuple(imgui.get_style().color_(imgui.Col_.window_bg))[:3]
    inner = rects[-1]
    corners = {(x, y) for x in (inner.x, inner.z) for y in (inner.y, inner.w)}
    painted = {tuple(map(float, p)) for p in drawn.positions[drawn.colours == backdrop]}
    assert not corners & painted, corners & painted

def test_the_bars_curves_are_named_on_hover_and_mark_the_stalemate_as_the_loss_chart(monkeypatch):
    """The timeline bar, the largest loss chart at 1280x800, had no legend and its tooltip named no curve: a student
    saw two unnamed lines. Hovering it names them, the networks in full ("D's loss" left a student to know which
    network D is), and it draws the loss chart's faint stalemate lines, unnamed (the tooltip names them)."""
    import lab_frames
    from imgui_bundle import imgui, implot
    from imgui_headless import draw_frame, imgui_context

    from ganlab_gl.app.panels.timeline import TimelineBar
    frame = lab_frames.ring8_frame(40)
    tips, lines, names, rect = [], [], [], []
    plot_inf_lines = implot.plot_inf_lines
    monkeypatch.setattr(imgui, "set_tooltip", lambda text: tips.append(text))
    monkeypatch.setattr(implot, "plot_text", lambda text, *rest: names.append(text))
    monkeypatch.setattr(implot, "plot_inf_lines", lambda label, values, spec=None: (
        lines.append(float(values[0])) if spec is not None and spec.flags & implot.InfLinesFlags_.horizontal else None,
        plot_inf_lines(label, values, spec))[1])
    state, bar = AppState(), TimelineBar()

    def body():
        bar.draw(state, frame)
        plot = implot.internal.get_plot("##timeline")
        area = plot.plot_rect
        rect.append(((area.min.x + area.max.x) / 2, (area.min.y + area.max.y) / 2))

    with imgui_context((600, 400)):
        draw_frame(body, (600, 400))
        for _ in range(3):
            draw_frame(body, (600, 400), mouse=rect[0])
    assert tips and "Discriminator's loss (blue) and generator's loss (purple)" in tips[-1] \
        and "at a tie, D unable to tell real from fake" in " ".join(tips[-1].split()), tips[-1:]
    assert lines and names == []


def test_the_bars_tooltip_names_the_kept_iteration_a_click_shows(monkeypatch):
    """On a thinned timeline (every 64th iteration kept, a research setup's run) the tooltip said "click or drag:
    show iteration 548" and the click showed 512, the latest kept at or before it (Rewind.show): it names the
    iteration the click shows, and the click asks for that one."""
    import lab_frames
    from imgui_bundle import imgui
    from imgui_headless import draw_frame, imgui_context

    from imgui_bundle import implot

    from ganlab_gl.app.panels.timeline import TimelineBar
    frame = lab_frames.ring8_frame(40)
    kept = np.arange(0, 41, 16)  # 0, 16, 32; the present, 40, is no kept row here
    frame = dataclasses.replace(frame, timeline=dataclasses.replace(frame.timeline, first=0, kept=len(kept),
                                                                    spacing=16, iterations=kept))
    assert [frame.timeline.kept_at(i) for i in (0, 15, 16, 31, 39, 40, 99)] == [0, 0, 16, 16, 32, 40, 40]
    tips = []
    monkeypatch.setattr(imgui, "set_tooltip", lambda text: tips.append(text))
    state, bar, rect = AppState(), TimelineBar(), []

    def body():
        bar.draw(state, frame)
        area = implot.internal.get_plot("##timeline").plot_rect
        rect.append((area.min.x + (area.max.x - area.min.x) * 0.6, (area.min.y + area.max.y) / 2))  # iteration 24

    with imgui_context((600, 400)):
        draw_frame(body, (600, 400))
        for _ in range(2):
            draw_frame(body, (600, 400), mouse=rect[0])
        draw_frame(body, (600, 400), mouse=rect[0], click=True)
    assert tips[-1].endswith("click or drag: show iteration 16, the kept one at or before 24"), tips[-1:]
    assert [(r.action, r.argument) for r in state.requests if r.action == Action.SHOW_ITERATION] == [
        (Action.SHOW_ITERATION, 16)]


@pytest.mark.parametrize("first, present", [(8000, 8400), (0, 400)])
def test_the_bars_iteration_labels_stay_inside_its_frame(monkeypatch, first, present):
    """A pre-trained model (its first kept iteration 8,000, its last 2,000 losses before it) showed "8000" centred on
    the bar's left end, cut in half by the window's edge (1920x1080, UI scale 2): the bar has no y axis's labels there
    to make room, as the charts do. A label that would run past either end of the frame is left out; the others
    stay. (Its single kept iteration has no curve: test_until_a_second_iteration_is_kept...)"""
    import lab_frames
    from imgui_bundle import imgui, implot
    from imgui_headless import draw_frame, imgui_context

    from ganlab_gl.app.panels import timeline
    frame = lab_frames.ring8_frame(40)
    iterations = np.linspace(first - 2000, present, 500)
    losses = type(frame.losses)(frame.losses.names, np.stack([iterations, iterations * 0 + 1.3,
                                                              iterations * 0 + 0.7], axis=1))
    facts = dataclasses.replace(frame.timeline, first=first, present=present, kept=present - first + 1)
    frame = dataclasses.replace(frame, losses=losses, timeline=facts)
    ticks, spans = [], []
    setup = implot.setup_axis_ticks
    monkeypatch.setattr(timeline.implot, "setup_axis_ticks", lambda axis, values, labels, *rest: (
        ticks.append((list(values), list(labels))), setup(axis, values, labels, *rest))[1])

    def body():
        bar.draw(state, frame)
        plot = implot.internal.get_plot("##timeline")
        spans.append((plot.frame_rect.min.x, plot.frame_rect.max.x, plot.plot_rect.min.x, plot.plot_rect.max.x))

    bar, state = timeline.TimelineBar(), AppState()
    with imgui_context((600, 90)):  # x labels but no y labels: the bar at 1920x1080, UI scale 2
        for _ in range(3):
            draw_frame(body, (600, 90))
        widths = {label: imgui.calc_text_size(label).x for label in ticks[-1][1]}
    left, right, plot_left, plot_right = spans[-1]
    for value, label in zip(*ticks[-1]):
        x = plot_left + (value - first) / (present - first) * (plot_right - plot_left)
        assert left <= x - widths[label] / 2 and x + widths[label] / 2 <= right, (label, x, widths[label], spans[-1])
    assert len(ticks[-1][0]) >= 2  # the labels that fit stay
    assert timeline.timeline_caption(frame) == f"{present - first + 1} iterations kept, exact"  # the bar's tooltip
