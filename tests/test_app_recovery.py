"""An earlier lab's interrupted save (a stop signal saved its unsaved work to <output>/interrupted/) is named at the
next start and listed in the files panel to open or dismiss, until one of the two marks it seen (recovery.py)."""

import errno
import os
import time
from pathlib import Path

import pytest
from imgui_bundle import imgui

from ganlab_gl.app import outputs, recovery
from ganlab_gl.app.controller import Controller
from ganlab_gl.app.panels.files import draw_files_panel
from ganlab_gl.app.recovery import SEEN_FILE, InterruptedSave, unseen_saves
from ganlab_gl.app.state import Action, AppState
from ganlab_gl.core import checkpoint

from imgui_headless import draw_frame, imgui_context
from test_app_sessions import FakeClock
from test_errors_doc import assert_documented

SAVED_AT = 1_796_450_000  # 2026-12-05 05:53:20 UTC, the time of change the tests give an interrupted save


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """The notices name a save's time in local time: UTC here, whatever the machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _stopped_lab(output: Path, iterations: int, dataset: str = "") -> Path:
    """What a lab stopped by a signal leaves: its run, `iterations` trained, in <output>/interrupted (or the next
    free interrupted-N), its checkpoint's time SAVED_AT; the folder."""
    state = AppState(output_folder=output)
    controller = Controller(state, FakeClock())
    if dataset:
        state.request(Action.PICK_DATASET, dataset)
    for _ in range(iterations):
        state.request(Action.STEP)
    controller.frame()
    said = controller.save_on_stop()
    controller.close()
    while outputs._CLAIMS:  # its process ends, and its claim on the folder with it
        os.close(outputs._CLAIMS.pop())
    folder = Path(said[0].split(" to ")[1].split(" (ganlab-gl")[0])
    os.utime(folder / checkpoint.CHECKPOINT_FILE, (SAVED_AT, SAVED_AT))
    return folder


def _next_start(output: Path, iterations: int = 0) -> tuple[AppState, Controller]:
    """A lab started on `output` (Lab.__init__ looks for interrupted saves), `iterations` trained since."""
    state = AppState(output_folder=output)
    controller = Controller(state, FakeClock())
    controller.find_interrupted_saves()
    for _ in range(iterations):
        state.request(Action.STEP)
    controller.frame()
    return state, controller


def _contents(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
            and path.name != SEEN_FILE}


def test_the_next_start_names_an_interrupted_save_in_one_notice_and_lists_it(tmp_path):
    """The stop's line went to a terminal that may be closed by then; the next lab on the output folder said nothing
    of the run saved. Now one notice names what the folder holds, when it was saved and where it is opened."""
    folder = _stopped_lab(tmp_path, 3)
    state, controller = _next_start(tmp_path)
    assert [(notice.text, notice.level) for notice in state.notices] == [
        (f"a lab stopped with unsaved work saved it to {folder}: Two Gaussians at iteration 3, saved 2026-12-05 "
         "05:53. The Files section lists it: Open (Ctrl+Shift+O) opens it, Dismiss sets it aside", "warning")]
    assert_documented(state.notices[0].text)
    assert [(save.folder, save.title) for save in controller.frame().interrupted] == [
        (folder, "Two Gaussians at iteration 3")]
    controller.close()


def test_a_lab_with_no_interrupted_save_says_nothing(tmp_path):
    (tmp_path / "session").mkdir()
    state, controller = _next_start(tmp_path)
    assert list(state.notices) == [] and controller.frame().interrupted == ()
    controller.close()


def test_opening_it_asks_as_load_does_where_the_run_is_unsaved_and_marks_it_seen(tmp_path):
    """Open is Load of its folder: the run on screen with unsaved progress is replaced only on a yes; a no leaves it
    listed. Loaded, it is listed no more, the start's notice comes down, and the next start names it no more."""
    folder = _stopped_lab(tmp_path, 3, "ring")
    state, controller = _next_start(tmp_path, iterations=2)
    state.request(Action.LOAD, folder)
    controller.frame()
    assert state.question is not None and state.question.yes == "Load it"
    assert "Load " + str(folder) + " (Ring at iteration 3) in its place" in state.question.text
    state.answer(False)
    assert controller.frame().interrupted != () and controller.trainer.iteration_count == 2
    state.request(Action.LOAD, folder)
    controller.frame()
    state.answer(True)
    frame = controller.frame()
    assert controller.trainer.iteration_count == 3 and frame.interrupted == ()
    assert [notice.text for notice in state.notices] == [f"loaded {folder} at iteration 3"]
    controller.close()
    again, later = _next_start(tmp_path)
    assert list(again.notices) == [] and later.interrupted == ()
    later.close()


def test_dismissing_it_keeps_the_folder_as_it_is_and_a_later_interrupted_save_there_is_named_again(tmp_path):
    folder = _stopped_lab(tmp_path, 3)
    kept = _contents(folder)
    state, controller = _next_start(tmp_path)
    state.request(Action.DISMISS_INTERRUPTED, folder)
    assert controller.frame().interrupted == ()
    assert [notice.text for notice in state.notices] == [
        f"dismissed the interrupted save in {folder}, left there as it is (ganlab-gl {folder} opens it)"]
    assert _contents(folder) == kept
    controller.close()
    assert unseen_saves(tmp_path) == ()
    assert _stopped_lab(tmp_path, 5) == folder  # the next lab stopped saves there again
    assert [save.title for save in unseen_saves(tmp_path)] == ["Two Gaussians at iteration 5"]


def test_labs_stopped_together_are_named_in_one_notice_newest_first(tmp_path):
    """A logout stops every lab at once, each saving to a folder of its own (interrupted/, interrupted-2/): one
    notice names the newest that can be opened, and how many there are; the list puts those that can be first."""
    older = tmp_path / "interrupted"
    _stopped_lab(tmp_path, 3)
    newer = tmp_path / "interrupted-2"
    newer.mkdir()
    for path in older.iterdir():
        (newer / path.name).write_bytes(path.read_bytes())
    os.utime(newer / checkpoint.CHECKPOINT_FILE, (SAVED_AT + 60, SAVED_AT + 60))
    cut_short = tmp_path / "interrupted-3"  # newer still, but it cannot be opened: listed after them
    cut_short.mkdir()
    state, controller = _next_start(tmp_path)
    assert [save.folder for save in controller.interrupted] == [newer, older, cut_short]
    assert [notice.text for notice in state.notices] == [
        f"labs stopped with unsaved work saved it to 3 folders in {tmp_path}, the newest Two Gaussians at iteration "
        "3, saved 2026-12-05 05:54. The Files section lists them: Open opens one (Ctrl+Shift+O the newest), "
        "Dismiss sets one aside"]
    assert_documented(state.notices[0].text)
    controller.close()


def test_its_key_opens_the_newest_that_can_be_opened_as_its_open_does_and_says_when_there_is_none(tmp_path):
    """No key opened an interrupted save (the notice pointed at the Files section's button): Ctrl+Shift+O, named in
    the notice, loads the newest that can be opened by its Open's request (asking first where the run on screen is
    unsaved); with none left it says so, and the run stays."""
    from ganlab_gl.app.imgui_input import KeyPress
    from ganlab_gl.app.keys import handle_key, key_chord
    assert key_chord(KeyPress(imgui.Key.o, "O", ctrl=True, shift=True, alt=False, super=False)) == "ctrl+shift+o"
    older = _stopped_lab(tmp_path, 3)
    newer = tmp_path / "interrupted-2"
    newer.mkdir()
    for path in older.iterdir():
        (newer / path.name).write_bytes(path.read_bytes())
    os.utime(newer / checkpoint.CHECKPOINT_FILE, (SAVED_AT + 60, SAVED_AT + 60))
    (tmp_path / "interrupted-3").mkdir()  # newer still, but it cannot be opened
    state, controller = _next_start(tmp_path, iterations=2)
    assert handle_key(state, "ctrl+shift+o")
    controller.frame()  # the load it queues, served the next frame: asked, the run on screen unsaved
    controller.frame()
    assert state.question is not None and str(newer) in state.question.text
    state.answer(True)
    controller.frame()
    assert controller.trainer.iteration_count == 3 and [save.folder for save in controller.interrupted] == [
        older, tmp_path / "interrupted-3"]
    handle_key(state, "ctrl+shift+o")
    for _ in range(2):
        controller.frame()
    assert [save.folder for save in controller.interrupted] == [tmp_path / "interrupted-3"]
    assert state.notices[-1].text == f"loaded {older} at iteration 3"  # asked nothing: nothing unsaved since
    handle_key(state, "ctrl+shift+o")
    for _ in range(2):
        controller.frame()
    assert (state.notices[-1].text, state.notices[-1].level) == (
        "no interrupted save to open: none found at the start, or each opened or dismissed since", "warning")
    assert_documented(state.notices[-1].text)
    assert controller.trainer.iteration_count == 3 and state.question is None
    controller.close()


@pytest.mark.parametrize("left, problem", [
    ({".checkpoint.safetensors.1a2b3c4d.tmp": b"\0" * 64},
     "no checkpoint.safetensors: the save stopped before the run was written"),
    ({checkpoint.CHECKPOINT_FILE: b"\x10\0\0\0\0\0\0\0{not json", "state.json": b"{}"},
     "its checkpoint.safetensors cannot be read"),
])
def test_a_half_written_or_damaged_folder_is_named_in_one_line_and_loses_nothing(tmp_path, left, problem):
    """Named as one that cannot be opened, with why; Open of it (a typed load) says why in one line, the run on
    screen as it was; its files stay as they were, and Dismiss still sets it aside."""
    folder = tmp_path / "interrupted"
    folder.mkdir()
    for name, data in left.items():
        (folder / name).write_bytes(data)
    state, controller = _next_start(tmp_path, iterations=2)
    assert [notice.text for notice in state.notices] == [
        f"{folder}: an interrupted save that cannot be opened ({problem}), left as it is. The Files section lists "
        "it: Dismiss sets it aside"]
    assert_documented(state.notices[0].text)
    assert "\n" not in state.notices[0].text
    state.request(Action.LOAD, folder)
    controller.frame()
    assert state.notices[-1].level == "error" and "\n" not in state.notices[-1].text
    assert controller.trainer.iteration_count == 2 and len(controller.interrupted) == 1
    state.request(Action.DISMISS_INTERRUPTED, folder)
    assert controller.frame().interrupted == ()
    assert {path.name: path.read_bytes() for path in folder.iterdir() if path.name != SEEN_FILE} == left
    controller.close()


def test_a_mark_that_cannot_be_written_says_why_in_one_line_and_keeps_it_listed(tmp_path, monkeypatch):
    folder = _stopped_lab(tmp_path, 3)
    kept = _contents(folder)
    state, controller = _next_start(tmp_path)

    def refused(path, text):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(recovery.atomic, "write_text", refused)
    state.request(Action.DISMISS_INTERRUPTED, folder)
    assert controller.frame().interrupted != ()
    assert [(notice.text, notice.level) for notice in state.notices] == [
        (f"could not mark {folder} as dismissed (Permission denied); the next start names it again", "error")]
    assert_documented(state.notices[0].text)
    assert _contents(folder) == kept and not (folder / SEEN_FILE).exists()
    controller.close()


def test_a_damaged_mark_names_the_save_again(tmp_path):
    """A mark that cannot be read is no mark: the save is named again rather than hidden for good."""
    folder = _stopped_lab(tmp_path, 3)
    (folder / SEEN_FILE).write_text("{half")
    assert [save.folder for save in unseen_saves(tmp_path)] == [folder]


def test_dismissing_a_folder_that_is_not_listed_says_so(tmp_path):
    state, controller = _next_start(tmp_path)
    state.request(Action.DISMISS_INTERRUPTED, tmp_path / "elsewhere")
    controller.frame()
    assert [(notice.text, notice.level) for notice in state.notices] == [
        (f"{tmp_path / 'elsewhere'}: no interrupted save to dismiss there", "warning")]
    assert_documented(state.notices[0].text)
    controller.close()


def test_the_files_panel_offers_open_and_dismiss_for_each_and_dismiss_alone_for_one_that_cannot_be_opened(
        tmp_path, monkeypatch):
    """Open queues the load of its folder (Load's path and question), Dismiss the dismissal; a save that cannot be
    opened offers no Open."""
    saves = (InterruptedSave(tmp_path / "interrupted", "Ring at iteration 3", SAVED_AT, ()),
             InterruptedSave(tmp_path / "interrupted-2", None, SAVED_AT, ()))
    state = AppState(output_folder=tmp_path)
    labels, texts = [], []
    button, text_wrapped = imgui.button, imgui.text_wrapped

    def clicking(label, *args):
        labels.append(label)
        button(label, *args)
        return "interrupted" in label  # every button of theirs clicked

    monkeypatch.setattr(imgui, "button", clicking)
    monkeypatch.setattr(imgui, "text_wrapped", lambda text: (texts.append(text), text_wrapped(text)))
    with imgui_context():
        draw_frame(lambda: draw_files_panel(state, False, saves), (400, 600))
    assert [label for label in labels if "interrupted" in label] == [  # the first Open names its key
        "Open (Ctrl+Shift+O)##interrupted-0", "Dismiss##interrupted-0", "Dismiss##interrupted-1"]
    assert texts == ["Interrupted save: Ring at iteration 3, saved 2026-12-05 05:53",
                     "Interrupted save: interrupted-2, which cannot be opened (no checkpoint.safetensors: the save "
                     "stopped before the run was written)"]
    assert [(request.action, request.argument) for request in state.requests] == [
        (Action.LOAD, tmp_path / "interrupted"), (Action.DISMISS_INTERRUPTED, tmp_path / "interrupted"),
        (Action.DISMISS_INTERRUPTED, tmp_path / "interrupted-2")]


def test_the_lab_starts_with_the_notice_and_its_files_section_open_on_open_and_dismiss(gl_ctx, tmp_path, monkeypatch):
    """The whole lab, headless, at 1280x800: the Files section, folded at every other start, opens on the save found,
    its Open and Dismiss drawn; a click on Open loads it (the new lab has nothing unsaved to ask about)."""
    from lab_headless import draw_frame as lab_frame
    from lab_headless import headless_lab
    folder = _stopped_lab(tmp_path, 3)
    drawn, clicks = [], []
    button = imgui.button

    def clicking_open(label, *args):
        drawn.append(label)
        clicked = button(label, *args)
        if label.endswith("##interrupted-0") and label.startswith("Open") and clicks:
            clicked = clicks.pop()  # clicked once, when the test says
        return clicked

    monkeypatch.setattr(imgui, "button", clicking_open)
    with headless_lab(gl_ctx, (1280, 800), AppState(output_folder=tmp_path)) as (lab, renderer, target):
        assert [notice.text.split(":")[0] for notice in lab.state.notices] == [
            f"a lab stopped with unsaved work saved it to {folder}"]
        lab_frame(lab, renderer, target)
        assert {"Open (Ctrl+Shift+O)##interrupted-0", "Dismiss##interrupted-0"} <= set(drawn)
        clicks.append(True)
        for _ in range(3):
            lab_frame(lab, renderer, target)
        assert lab.controller.trainer.iteration_count == 3 and lab.frame.interrupted == ()
