"""The lab never dies on a file: damaged sessions are one notice and the running session goes on.

Pure controller tests (no window): each malformed session from the reliability issue is
loaded over a running, unsaved run, and a property test mutates state.json's fields.
"""

import errno
import json
import math
import tempfile
from pathlib import Path

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ganlab_gl.app.controller import STATE_FILE, Controller
from ganlab_gl.app.state import Action, AppState
from ganlab_gl.core import checkpoint

import checkpoint_files
from test_errors_doc import assert_documented


class FakeClock:
    now = 0.0

    def __call__(self):
        return self.now


def running_lab(iterations=5):
    state = AppState()
    state.view.playback.max_iterations_per_frame = 10  # "while training", cheaply
    controller = Controller(state, FakeClock())
    for _ in range(iterations):
        state.request(Action.STEP)
    controller.frame()
    return state, controller


def load_agreed(state, controller, directory):
    """A load over unsaved progress asks first; the user says yes."""
    state.request(Action.LOAD, directory)
    controller.frame()
    state.answer(True)
    controller.frame()


@pytest.fixture(scope="module")
def saved_session(tmp_path_factory):
    directory = tmp_path_factory.mktemp("session")
    state, controller = running_lab(3)
    state.request(Action.SAVE, directory)
    controller.frame()
    controller.finish_save(wait=True)  # written on its own thread
    assert (directory / STATE_FILE).is_file() and (directory / checkpoint.CHECKPOINT_FILE).is_file()
    return directory


def damaged_copy(saved_session, tmp_path, tensor_edit=None, sidecar_edit=None, state_text=None):
    target = tmp_path / "damaged"
    target.mkdir()
    tensors, sidecar = checkpoint_files.read(saved_session)
    if tensor_edit:
        tensor_edit(tensors)
    if sidecar_edit:
        sidecar_edit(sidecar)
    checkpoint_files.write(target, tensors, sidecar)
    (target / STATE_FILE).write_bytes(state_text if state_text is not None else
                                      (saved_session / STATE_FILE).read_bytes())
    return target


def _set(path, value):
    def edit(tree):
        *parents, last = path
        for key in parents:
            tree = tree[key]
        tree[last] = value
    return edit


def _state_with(**fields):
    def text(saved_session):
        tree = json.loads((saved_session / STATE_FILE).read_text())
        tree.update(fields)
        return json.dumps(tree).encode()
    return text


SESSIONS = {
    "dataset a string": dict(sidecar_edit=_set(["dataset"], "gaussians")),
    "iteration '300'": dict(sidecar_edit=_set(["counters", "iteration"], "300")),
    "real_cursor 'x'": dict(sidecar_edit=_set(["counters", "real_cursor"], "x")),
    "history a string": dict(tensor_edit=lambda t: t.update({"history.losses": torch.zeros(3)})),
    "centers (2, 5)": dict(tensor_edit=lambda t: t.update({"data.centers": torch.zeros(2, 5)})),
    "a NaN weight": dict(tensor_edit=lambda t: t["generator.0.weight"].fill_(math.nan)),
    "view_rect [1, 1, 1, 1]": dict(state=_state_with(view_rect=[1, 1, 1, 1])),
    "view_rect of strings": dict(state=_state_with(view_rect=["a", "b", "c", "d"])),
    "drawn_points a string": dict(state=_state_with(drawn_points="12")),
    "slow_motion a string": dict(state=_state_with(slow_motion="yes")),
    "state.json not UTF-8": dict(state=lambda _: b"\xff\xfe{"),
}


@pytest.mark.parametrize("case", SESSIONS)
def test_a_malformed_session_is_one_notice_and_the_running_session_goes_on(saved_session, tmp_path, case):
    spec = SESSIONS[case]
    directory = damaged_copy(saved_session, tmp_path, spec.get("tensor_edit"), spec.get("sidecar_edit"),
                             spec["state"](saved_session) if "state" in spec else None)
    state, controller = running_lab(5)
    trainer, config, rect = controller.trainer, state.config.copy(), state.view_rect
    state.request(Action.LOAD, directory)
    controller.frame()
    notice = state.notices[-1]
    assert notice.level == "error" and str(directory) in notice.text and "\n" not in notice.text, notice.text
    assert state.question is None  # refused before "Replace the run?" was asked (it asked, then refused)
    assert controller.trainer is trainer and trainer.iteration_count == 5
    assert not state.config.changed_keys(config) and state.view_rect == rect
    state.playing = True
    controller.frame()
    assert controller.training.wait_idle(timeout=60)  # the trainer's thread trains between frames
    assert trainer.iteration_count > 5  # it plays on


def test_loading_over_unsaved_progress_asks_first(saved_session):
    state, controller = running_lab(5)
    running = controller.trainer
    state.request(Action.LOAD, saved_session)
    controller.frame()
    question = state.question
    assert controller.trainer is running and "run on Two Gaussians at iteration 5 is not saved" in question.text
    assert f"Load {saved_session} (Two Gaussians at iteration 3) in its place?" in question.text
    assert str(Path(state.session_path).resolve()) in question.text
    state.answer(False)  # Cancel keeps the run
    controller.frame()
    assert controller.trainer is running and state.question is None
    state.request(Action.LOAD, saved_session)
    controller.frame()
    state.answer(True)
    controller.frame()
    assert controller.trainer is not running and controller.trainer.iteration_count == 3
    state.request(Action.LOAD, saved_session)  # nothing unsaved now: no question
    controller.frame()
    assert state.notices[-1].text.startswith("loaded")


def test_a_divergence_before_the_first_kept_state_reverts_to_the_start():
    """wgan-gp at lr 10 goes Inf within a few iterations; Revert must reach iteration 0."""
    state = AppState()
    for key, value in (("train.loss", "wgan-gp"), ("train.gp_weight", 0.0), ("train.d_lr", 10.0),
                       ("train.g_lr", 10.0), ("train.d_steps", 5)):
        state.config.set(key, value)
    controller = Controller(state, FakeClock())
    start = [p.detach().clone() for p in controller.trainer.generator.parameters()]
    for _ in range(40):
        state.request(Action.STEP)
    controller.frame()
    assert controller.diverged
    state.request(Action.REVERT)
    controller.frame()
    assert not controller.diverged and controller.trainer.iteration_count == 0
    assert all(torch.equal(a, b) for a, b in zip(start, controller.trainer.generator.parameters()))
    assert state.notices[-1].text == "reverted to iteration 0"


STATE_VALUES = st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats() | st.text(max_size=6) | \
    st.lists(st.none() | st.floats() | st.integers() | st.text(max_size=3), max_size=5)


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_state_files_load_or_are_refused_never_raise(saved_session, data):
    tree = json.loads((saved_session / STATE_FILE).read_text())
    section = data.draw(st.sampled_from(sorted(tree)))
    if isinstance(tree[section], dict) and tree[section] and data.draw(st.booleans()):
        inner = tree[section]
        key = data.draw(st.sampled_from(sorted(inner)))
        inner[key] = data.draw(STATE_VALUES) if not isinstance(inner[key], dict) else data.draw(STATE_VALUES)
    else:
        tree[section] = data.draw(STATE_VALUES)
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        for name in (checkpoint.CHECKPOINT_FILE,):
            (directory / name).write_bytes((saved_session / name).read_bytes())
        text = json.dumps(tree).encode()
        (directory / STATE_FILE).write_bytes(text)
        state = AppState()
        controller = Controller(state, FakeClock())
        state.request(Action.LOAD, directory)
        controller.frame()  # must not raise
        controller.frame()  # and the lab draws the next frame with whatever was accepted
        assert state.notices[-1].level in ("info", "error")
        assert (directory / STATE_FILE).read_bytes() == text


def _lab_saving_to(folder, iterations):
    state = AppState(output_folder=folder)
    controller = Controller(state, FakeClock())
    for _ in range(iterations):
        state.request(Action.STEP)
    controller.frame()
    return state, controller


def test_ctrl_s_in_a_new_lab_never_replaces_another_labs_session(tmp_path):
    """Every lab saves to <output>/session first: a second lab's Ctrl+S replaced the first's run unasked. The
    default folder steps aside to session-2, and that lab's later saves go there."""
    first, first_controller = _lab_saving_to(tmp_path, 4)
    first.request(Action.SAVE)
    first_controller.frame()
    first_controller.finish_save(wait=True)
    second, controller = _lab_saving_to(tmp_path, 2)
    assert f"Ctrl+S saves it to {tmp_path / 'session-2'}" in _discard_question(second, controller)
    for _ in range(2):
        second.request(Action.SAVE)
        controller.frame()
        controller.finish_save(wait=True)
        assert second.question is None
    assert checkpoint.describe(tmp_path / "session") == "Two Gaussians at iteration 4"
    assert checkpoint.describe(tmp_path / "session-2") == "Two Gaussians at iteration 2"
    assert "saved the session to " + str(tmp_path / "session-2") in second.notices[-1].text
    first.request(Action.SAVE)  # the first lab's own folder: saved again unasked
    first_controller.frame()
    assert first.question is None
    for lab in (first_controller, controller):
        lab.close()


def _discard_question(state, controller):
    state.request(Action.RESET)
    controller.frame()
    text = state.question.text
    state.answer(False)
    controller.frame()
    return text


@pytest.mark.parametrize("answer", [False, True])
def test_saving_into_a_folder_holding_another_run_asks_first(tmp_path, answer):
    other, other_controller = _lab_saving_to(tmp_path, 4)
    other.request(Action.SAVE, str(tmp_path / "mine"))
    other_controller.frame()
    other_controller.close()  # the save in progress written first
    state, controller = _lab_saving_to(tmp_path, 2)
    state.session_path = str(tmp_path / "mine")  # typed in the files panel
    assert "replacing the session saved there (Two Gaussians at iteration 4)" in _discard_question(state, controller)
    state.request(Action.SAVE)
    controller.frame()
    assert state.question.title == "Replace the saved session?"
    assert "Two Gaussians at iteration 4" in state.question.text
    state.answer(answer)
    controller.frame()
    controller.finish_save(wait=True)
    iterations = 2 if answer else 4
    assert checkpoint.describe(tmp_path / "mine") == f"Two Gaussians at iteration {iterations}"
    controller.close()


def test_save_and_quit_replaces_what_its_question_named(tmp_path):
    other, other_controller = _lab_saving_to(tmp_path, 4)
    other.request(Action.SAVE, str(tmp_path / "mine"))
    other_controller.frame()
    other_controller.close()  # the save in progress written first
    state, controller = _lab_saving_to(tmp_path, 2)
    state.session_path = str(tmp_path / "mine")
    assert not controller.may_quit()
    assert "replacing the session saved there (Two Gaussians at iteration 4)" in state.question.text
    state.answer(True, save_first=True)
    controller.frame()
    assert controller.may_quit()  # waits for the save it asked for
    assert checkpoint.describe(tmp_path / "mine") == "Two Gaussians at iteration 2"
    controller.close()


def test_a_loaded_session_saves_back_unasked(saved_session, tmp_path):
    import shutil
    copy = tmp_path / "copy"
    shutil.copytree(saved_session, copy)
    state, controller = running_lab(2)
    load_agreed(state, controller, copy)
    state.request(Action.STEP)
    controller.frame()
    state.request(Action.SAVE, str(copy))
    controller.frame()
    controller.finish_save(wait=True)
    assert state.question is None and checkpoint.describe(copy) == "Two Gaussians at iteration 4"
    controller.close()


def test_a_typed_tilde_is_the_home_folder(tmp_path, monkeypatch):
    """'~/uxsess' saved to ./~/uxsess (a folder named ~ in the working directory); importing '~/points.csv'
    found no file."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "points.csv").write_text("0.1,0.2\n0.3,0.4\n0.5,0.1\n")
    state, controller = _lab_saving_to(tmp_path, 2)
    state.request(Action.SAVE, "~/mine")
    controller.frame()
    controller.finish_save(wait=True)
    assert checkpoint.describe(tmp_path / "home" / "mine") == "Two Gaussians at iteration 2"
    state.request(Action.IMPORT_FILE, "~/points.csv")
    controller.frame()
    assert controller.trainer.dataset.name == "file", state.notices[-1].text
    assert not (tmp_path / "~").exists()
    controller.close()


def test_a_tilde_of_no_such_user_is_refused_in_one_line_and_never_raises(tmp_path):
    """pathlib raises RuntimeError for ~nosuchuser: Ctrl+S, every "not saved" question and the quit raised it."""
    state, controller = _lab_saving_to(tmp_path, 2)
    state.session_path = "~nosuchuser-ganlab/session"
    state.request(Action.SAVE)
    controller.frame()
    assert state.notices[-1].level == "error"
    assert state.notices[-1].text == "~nosuchuser-ganlab/session: no such user's home folder"
    assert "~nosuchuser-ganlab/session" in _discard_question(state, controller)
    assert not controller.may_quit() and state.question.title == "Quit?"
    controller.close()


def test_a_run_that_replaced_the_saved_one_does_not_overwrite_it_unasked(tmp_path):
    """The folder a run was saved to stayed "its own" after a dataset switch: the next Ctrl+S replaced the saved
    gaussians run with the ring run, unasked."""
    state, controller = _lab_saving_to(tmp_path, 6)
    state.session_path = str(tmp_path / "mine")
    state.request(Action.SAVE)
    controller.frame()
    state.request(Action.PICK_DATASET, "ring")  # saved: nothing asked
    controller.frame()
    state.request(Action.STEP)
    state.request(Action.SAVE)
    controller.frame()
    assert state.question.title == "Replace the saved session?"
    assert "Two Gaussians at iteration 6" in state.question.text
    controller.close()


def test_every_folder_a_run_was_saved_to_stays_its_own(tmp_path):
    state, controller = _lab_saving_to(tmp_path, 3)
    for folder in ("", str(tmp_path / "typed"), ""):
        state.session_path = folder or str(tmp_path / "session")
        state.request(Action.SAVE)
        controller.frame()
        assert state.question is None
    assert not (tmp_path / "session-2").exists() and checkpoint.describe(tmp_path / "session") is not None
    controller.close()


def test_a_load_after_its_question_reads_the_session_once_unless_it_changed(saved_session, tmp_path, monkeypatch):
    """Loading over unsaved progress read the whole session to name it in the question, then again after the yes
    (1.5 to 3 s each for a long run's history)."""
    import shutil
    reads = []
    real_load = checkpoint.load
    monkeypatch.setattr(checkpoint, "load",
                        lambda *args, **kwargs: (reads.append(args[0]), real_load(*args, **kwargs))[1])
    state, controller = running_lab(5)
    load_agreed(state, controller, saved_session)
    assert controller.trainer.iteration_count == 3 and len(reads) == 1
    copy = tmp_path / "copy"
    shutil.copytree(saved_session, copy)
    for _ in range(2):
        state.request(Action.STEP)
    controller.frame()
    reads.clear()
    state.request(Action.LOAD, copy)
    controller.frame()
    assert state.question is not None
    (copy / STATE_FILE).write_text((copy / STATE_FILE).read_text())  # changed while asked: read again
    state.answer(True)
    controller.frame()
    assert len(reads) == 2 and controller.trainer.iteration_count == 3
    for _ in range(2):
        state.request(Action.STEP)
    controller.frame()
    state.request(Action.LOAD, copy)
    controller.frame()
    state.answer(False)
    controller.frame()
    assert controller._asked_load is None  # nothing held once the question is answered no
    controller.close()


def test_a_load_lists_the_session_folder_not_the_tree_below_it(saved_session, tmp_path, monkeypatch):
    """Given /usr as a session, a load walked its 117,000 files (38 s, the window frozen) before saying there was no
    checkpoint: it lists what a session holds, its own files and its compared runs'."""
    import shutil
    session = tmp_path / "home"
    shutil.copytree(saved_session, session)
    for folder in (session, tmp_path / "photos"):
        (folder / "deep" / "er").mkdir(parents=True)
        (folder / "deep" / "er" / "holiday.jpg").write_bytes(b"jpg")
    looked_at = []
    stat = Path.stat
    monkeypatch.setattr(Path, "stat", lambda self, **kwargs: (looked_at.append(self), stat(self, **kwargs))[1])
    state, controller = running_lab(0)
    for folder in (tmp_path / "photos", session):
        state.request(Action.LOAD, folder)
        controller.frame()
    assert state.notices[-2].text.startswith(f"{tmp_path / 'photos'}: no checkpoint.safetensors")
    assert state.notices[-1].text == f"loaded {session} at iteration 3"
    assert not [path for path in looked_at if "er" in path.parts]  # below deep/, which is no compared run
    controller.close()


# -- Ctrl+S writes on a thread of its own -------------------------------------------------------------------------

def _write_held_until(gate, written_on, monkeypatch):
    """checkpoint.write, held until `gate` opens (a minute at most: a starved test may get there late), noting the
    thread that ran it."""
    import threading
    write = checkpoint.write

    def held(stored, run_dir):
        written_on.append(threading.current_thread())
        gate.wait(60)
        return write(stored, run_dir)
    monkeypatch.setattr(checkpoint, "write", held)


def test_ctrl_s_writes_the_session_on_a_thread_of_its_own_and_says_so_until_it_is_written(tmp_path, monkeypatch):
    """A full timeline is 64 MB: written on the window's thread, Ctrl+S held the window 1.2 s. The run is copied
    on the window's thread, written on another; a notice stays while it is written, and its end is said."""
    import threading
    from ganlab_gl.app.panels.help import current_notices
    gate, written_on = threading.Event(), []
    _write_held_until(gate, written_on, monkeypatch)
    state, controller = _lab_saving_to(tmp_path, 3)
    state.request(Action.SAVE)
    controller.frame()
    assert written_on and written_on[0] is not threading.current_thread()
    saving = f"saving the session to {tmp_path / 'session'}..."
    state.request(Action.STEP)  # the lab goes on meanwhile; the save holds the run as it was copied
    controller.frame()
    assert [n.text for n in current_notices(state, now=math.inf)] == [saving]  # lasting, however long it takes
    gate.set()
    controller.finish_save(wait=True)
    assert saving not in [n.text for n in state.notices]
    assert state.notices[-1].text == f"saved the session to {tmp_path / 'session'} at iteration 3"
    assert checkpoint.describe(tmp_path / "session") == "Two Gaussians at iteration 3"
    assert controller._unsaved_progress()  # iteration 4 was not saved
    controller.close()


def test_a_session_saved_on_its_thread_is_the_files_a_save_on_the_window_thread_writes(tmp_path):
    state, controller = running_lab(4)
    state.view.heatmap.visible = False
    state.request(Action.SAVE, tmp_path / "threaded")
    controller.frame()
    controller.finish_save(wait=True)
    checkpoint.save(controller.trainer, tmp_path / "direct")
    for name in (checkpoint.CHECKPOINT_FILE, STATE_FILE, "compare.json"):
        assert (tmp_path / "threaded" / name).is_file()
    assert ((tmp_path / "threaded" / checkpoint.CHECKPOINT_FILE).read_bytes()
            == (tmp_path / "direct" / checkpoint.CHECKPOINT_FILE).read_bytes())
    assert (tmp_path / "threaded" / STATE_FILE).read_text() == state.to_json()
    controller.close()


def test_once_a_session_is_written_the_timeline_is_thinned_in_place_and_while_it_is_written_on_a_copy(tmp_path,
                                                                                                         monkeypatch):
    """Ctrl+S takes the timeline's rows without a copy, so a thinning while they are written moves the timeline to a
    copy first. The first thinning after each save did so however long the file had been written: 57 MB at the
    default cap. Now only a thinning during a save copies them, and the file is the run as it was at the save."""
    import threading
    state, controller = _lab_saving_to(tmp_path, 3)
    trainer, timeline = controller.trainer, controller.trainer.timeline
    state.edit("timeline.memory_mb", 1)  # about 1,100 rows: thinned every few hundred (each frame shares the cap out)
    controller.frame()
    assert timeline.memory_mb == 1

    def thinned() -> bool:
        """Rows recorded until the next thinning; whether it moved them to a copy."""
        rows, thinnings = timeline._rows.untyped_storage().data_ptr(), timeline.thinnings
        with controller.training.hold():
            while timeline.thinnings == thinnings:
                trainer.iteration_count += 1
                with torch.no_grad():  # a row unlike the others, as training makes it
                    next(trainer.generator.parameters()).fill_(trainer.iteration_count)
                timeline.record(trainer)
        return timeline._rows.untyped_storage().data_ptr() != rows

    thinned()  # the rows at their full size: thinned in place from now on
    assert not thinned()
    state.request(Action.SAVE)
    controller.frame()
    controller.finish_save(wait=True)
    assert not thinned(), "a thinning after the save was written copied the rows"
    gate = threading.Event()
    _write_held_until(gate, [], monkeypatch)
    at_the_save = checkpoint.serialize(trainer)
    state.request(Action.SAVE)
    controller.frame()
    assert thinned(), "a thinning while the rows were written changed them in place"
    gate.set()
    controller.finish_save(wait=True)
    assert (tmp_path / "session" / checkpoint.CHECKPOINT_FILE).read_bytes() == at_the_save
    assert not thinned()
    controller.close()


# A failed write's errno, the system's words for it, and the advice a notice ends with (runs.write_advice).
WRITE_FAULTS = [
    (errno.ENOSPC, "No space left on device", ": free space or choose another folder"),
    (errno.EDQUOT, "Disk quota exceeded", ": free space or choose another folder"),
    (errno.EACCES, "Permission denied", ": choose a folder you can write to"),
    (errno.EROFS, "Read-only file system", ": choose a folder you can write to"),
    (errno.EIO, "Input/output error", ""),  # no advice invented: the system's words say what happened
]


@pytest.mark.parametrize("number, words, advice", WRITE_FAULTS)
def test_a_fault_of_the_saving_thread_is_a_notice_and_the_run_stays_unsaved(tmp_path, monkeypatch, number, words,
                                                                            advice):
    """A failed save advised "free space" whatever the fault: a read-only folder or a failing disk is not full."""
    def failing(stored, run_dir):
        raise OSError(number, words)
    monkeypatch.setattr(checkpoint, "write", failing)
    state, controller = _lab_saving_to(tmp_path, 2)
    state.request(Action.SAVE)
    controller.frame()
    controller.finish_save(wait=True)
    assert (state.notices[-1].text, state.notices[-1].level) == (
        f"could not save to {tmp_path / 'session'} ({words}); the run is not saved{advice}", "error")
    assert_documented(state.notices[-1].text)
    assert not any(n.lasting for n in state.notices) and controller._unsaved_progress()
    controller.close()


@pytest.mark.parametrize("ending", ["quit", "close"])
def test_a_save_in_flight_when_the_lab_quits_is_written_whole_first(tmp_path, monkeypatch, ending):
    import threading
    gate = threading.Event()
    _write_held_until(gate, [], monkeypatch)
    state, controller = _lab_saving_to(tmp_path, 3)
    state.request(Action.SAVE)
    controller.frame()
    threading.Timer(0.3, gate.set).start()
    if ending == "quit":
        assert controller.may_quit()  # waited for the save, which left nothing unsaved: nothing to ask
    controller.close()
    assert checkpoint.describe(tmp_path / "session") == "Two Gaussians at iteration 3"
    assert (tmp_path / "session" / STATE_FILE).is_file()


def test_a_saved_view_past_the_zoom_limits_loads_within_them_with_one_notice(saved_session, tmp_path):
    """Loading checked a view_rect only for finite, ordered numbers: a hand-edited extent of 1e-14 (far past the
    zoom's MAX_ZOOM_IN) loaded as an empty canvas, float32 positions all one value. It loads as the zoom could
    have left it, said once; the rest of the session loads as saved."""
    from test_errors_doc import assert_documented
    from ganlab_gl.app.view_fit import MAX_ZOOM_IN, MAX_ZOOM_OUT, extent
    tree = json.loads((saved_session / STATE_FILE).read_text())
    tree["view"]["fake"]["radius_px"] = 6.0
    for case, (rect, limit) in enumerate((([0.3, 0.4, 0.3 + 1e-14, 0.4 + 1e-14], 1 / MAX_ZOOM_IN),
                                          ([-1e4, -1e4, 1e4, 1e4], MAX_ZOOM_OUT))):
        tree["view_rect"] = rect
        (tmp_path / str(case)).mkdir()
        directory = damaged_copy(saved_session, tmp_path / str(case), state_text=json.dumps(tree).encode())
        state, controller = running_lab(0)
        state.request(Action.LOAD, directory)
        controller.frame()
        home = controller.frame().data_view  # the automatic view, which the zoom's limits are measured against
        warnings = [n.text for n in state.notices if n.level == "warning"]
        assert len(warnings) == 1 and f"{directory / STATE_FILE}: view_rect {rect} lies past the lab's zoom" in \
            warnings[0], warnings
        assert_documented(warnings[0])
        assert extent(state.view_rect) == pytest.approx(extent(home) * limit)
        assert controller.trainer.iteration_count == 3 and state.view.fake.radius_px == 6.0  # nothing else lost
        controller.close()


@pytest.mark.parametrize("emptied", ["", "   "])
def test_an_emptied_session_folder_is_the_default_one_never_the_working_folder(tmp_path, monkeypatch, emptied):
    """A cleared (or blank) session folder field saved the session into the lab's working folder, unasked: the
    repository or home folder it was started from got a checkpoint.safetensors, and Load read from there."""
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    state, controller = _lab_saving_to(tmp_path, 2)
    state.session_path = emptied
    state.request(Action.SAVE)
    controller.frame()
    controller.finish_save(wait=True)
    assert list((tmp_path / "work").iterdir()) == []
    assert checkpoint.describe(tmp_path / "session") == "Two Gaussians at iteration 2"
    assert state.session_path == str(tmp_path / "session")  # the field names where it went
    state.session_path = emptied
    state.request(Action.LOAD)
    controller.frame()
    assert state.notices[-1].text == f"loaded {tmp_path / 'session'} at iteration 2"
    controller.close()


@pytest.mark.parametrize("place, said", [
    ("a-file", "{folder}: {file} is a file, not a folder"),  # it said "[Errno 17] File exists: '...'"
    ("a-file/session", "{folder}: {file} is a file, not a folder"),  # "[Errno 20] Not a directory: '...'"
    ("/proc/session", "{folder}: cannot write there (No such file or directory)"),  # named its hidden .tmp file
])
def test_a_session_folder_that_cannot_be_written_is_said_at_once_in_one_line(tmp_path, place, said):
    """Said before the run is taken for the save, naming the folder and what stands in the way; the file in the
    way and the run's unsaved progress are as they were."""
    (tmp_path / "a-file").write_text("mine")
    state, controller = _lab_saving_to(tmp_path, 2)
    folder = tmp_path / place
    state.request(Action.SAVE, str(folder))
    controller.frame()
    notice = state.notices[-1]
    assert notice.level == "error" and controller._saving is None
    assert notice.text == "could not save to " + said.format(folder=folder, file=tmp_path / "a-file")
    assert_documented(notice.text)
    assert (tmp_path / "a-file").read_text() == "mine" and sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
    assert controller._unsaved_progress()
    controller.close()


def test_a_stop_signal_saves_unsaved_progress_beside_the_session_never_over_it(tmp_path):
    """`kill`, a closed terminal and Ctrl-C in it ended the lab with nothing saved (617 iterations lost): the run's
    unsaved progress goes to the interrupted folder with its compared runs, the session the user saved there stays as
    saved, and the terminal's line says how to open it. The folder loads back at the iteration stopped at."""
    state, controller = _lab_saving_to(tmp_path, 2)
    state.request(Action.SAVE)
    controller.frame()
    controller.finish_save(wait=True)
    state.request(Action.COMPARE_ADD, "train.loss=lsgan")
    for _ in range(3):
        state.request(Action.STEP)
    controller.frame()
    folder = (tmp_path / "interrupted").resolve()
    said = controller.save_on_stop()
    assert said == [f"saved the run on Two Gaussians at iteration 3 and 1 compared run to {folder} (ganlab-gl "
                    f"{folder} opens it)"]
    assert_documented(f"ganlab-gl: SIGTERM: {said[0]}")
    assert checkpoint.describe(tmp_path / "session") == "Two Gaussians at iteration 2"
    controller.close()
    again, loaded = _lab_saving_to(tmp_path, 0)
    again.request(Action.LOAD, folder)
    loaded.frame()
    assert loaded.trainer.iteration_count == 3 and len(loaded.comparison) == 1
    assert [run.overrides for run in loaded.comparison.runs] == [{"train.loss": "lsgan"}]
    loaded.close()


@pytest.mark.parametrize("saved", [False, True])
def test_a_stop_signal_writes_nothing_where_nothing_is_unsaved(tmp_path, saved):
    """An untrained lab, or one saved since its last step: nothing written (the window tests' labs stop so, at no
    cost), and nothing said but that."""
    state, controller = _lab_saving_to(tmp_path, 3 if saved else 0)
    if saved:
        state.request(Action.SAVE)
        controller.frame()
    assert controller.save_on_stop() == []
    assert_documented("ganlab-gl: SIGHUP: nothing unsaved, nothing written")  # Lab.on_stop's line for none
    assert sorted(path.name for path in tmp_path.iterdir()) == (["session"] if saved else [])  # no folder, no lock
    controller.close()


def test_a_stop_signal_names_the_run_ctrl_z_would_have_brought_back_as_lost(tmp_path):
    """The run a preset pick kept for Ctrl+Z is not saved by a stop signal (the quit question asks the user to bring
    it back first; no one can here): the line says it is lost, beside what was saved."""
    state, controller = _lab_saving_to(tmp_path, 2)
    state.request(Action.PICK_DATASET, "ring")
    state.request(Action.STEP)
    controller.frame()
    said = controller.save_on_stop()
    assert said[0].startswith("saved the run on Ring at iteration 1 to ")
    assert said[1:] == ["not saved: the run on Two Gaussians at iteration 2, kept for Ctrl+Z"]
    assert_documented(f"ganlab-gl: SIGINT: {said[1]}")
    assert checkpoint.describe(tmp_path / "interrupted") == "Ring at iteration 1"
    controller.close()


def test_a_stop_signal_saves_a_diverged_run_at_its_last_good_state(tmp_path):
    """A run paused on a NaN is never saved as it is: the stop saves its last good state, as `train` does."""
    state = AppState(output_folder=tmp_path)
    for key, value in (("train.loss", "wgan-gp"), ("train.gp_weight", 0.0), ("train.d_lr", 3.0),
                       ("train.g_lr", 3.0), ("train.d_steps", 5)):
        state.config.set(key, value)
    state.view.playback.good_state_every = 1  # a good state after each step: diverges at 2
    controller = Controller(state, FakeClock())
    for _ in range(40):
        state.request(Action.STEP)
        controller.frame()
    assert controller.diverged
    good = controller.trainer.good_iteration
    assert good > 0
    said = controller.save_on_stop()
    assert said[0].startswith(f"saved the run on Two Gaussians at iteration {good} to ")
    assert checkpoint.load(tmp_path / "interrupted").parameters_finite()
    controller.close()


def test_labs_stopped_together_save_to_folders_of_their_own(tmp_path):
    """A logout hangs up every lab at once: each claims its own folder (interrupted/, interrupted-2/), where their
    files would have mixed in one; a claim lasts until its process exits."""
    from ganlab_gl.app.outputs import claim_folder
    assert [claim_folder(tmp_path, "interrupted") for _ in range(3)] == [
        tmp_path / "interrupted", tmp_path / "interrupted-2", tmp_path / "interrupted-3"]


def test_a_stop_signal_into_a_folder_that_cannot_be_written_says_the_run_is_lost_and_why(tmp_path):
    """No claim, no save: one line naming the run lost and the reason, never a traceback on the way out."""
    (tmp_path / "file").write_text("in the way")
    state, controller = _lab_saving_to(tmp_path / "file" / "output", 2)
    said = controller.save_on_stop()
    assert said == [f"the run on Two Gaussians at iteration 2 is lost: could not save to {tmp_path}/file/output/"
                    f"interrupted: {tmp_path}/file is a file, not a folder"], said
    assert_documented(f"ganlab-gl: SIGTERM: {said[0]}")
    controller.close()
