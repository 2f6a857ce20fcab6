"""Closing the window never loses unsaved progress silently, and every output goes to one folder.

Pure (no window): the controller and the window-side handlers share one dispatcher, and a
stand-in for the window loop asks `Controller.may_quit` (what `Lab.on_close` asks) whenever a
close was requested, as window.py does before each frame.
"""

from pathlib import Path


from ganlab_gl.app.actions import WINDOW, Action, Dispatcher
from ganlab_gl.app.controller import Controller
from ganlab_gl.app.outputs import OUTPUT_ENV, output_folder
from ganlab_gl.app.state import AppState
from ganlab_gl.app.window_actions import WindowActions


class Window:
    """The window loop's part: a requested close happens only if the lab's on_close agrees."""

    def __init__(self):
        self.fullscreen = False
        self.close_requested = False
        self.closed = False

    def request_close(self):
        self.close_requested = True


class FakeClock:
    def __call__(self):
        return 0.0


def lab(tmp_path, steps=5):
    state = AppState(output_folder=tmp_path)
    dispatcher = Dispatcher(state.notify)
    controller = Controller(state, FakeClock(), dispatcher)
    window = Window()
    dispatcher.register(WINDOW, WindowActions(state, window).handlers())
    for _ in range(steps):
        state.request(Action.STEP)
    controller.frame()
    return state, controller, window


def frames(controller, window, count=2):
    for _ in range(count):
        if window.close_requested:
            window.close_requested = False
            window.closed = window.closed or controller.may_quit()
        controller.frame()


def test_a_saved_or_untrained_run_closes_at_once(tmp_path):
    state, controller, window = lab(tmp_path, steps=0)
    state.request(Action.QUIT)
    frames(controller, window)
    assert window.closed and state.question is None


def test_closing_unsaved_progress_asks_and_pauses_training(tmp_path):
    state, controller, window = lab(tmp_path)
    state.playing = True
    window.request_close()  # the window's close button
    frames(controller, window)
    assert not window.closed and not state.playing
    question = state.question
    assert question.title == "Quit?" and (question.save_first, question.yes) == ("Save and quit", "Quit without saving")
    assert "iteration 5" in question.text and str(tmp_path / "session") in question.text
    state.answer(False)  # Cancel: the lab stays, with its run
    frames(controller, window)
    assert not window.closed and controller.trainer.iteration_count == 5 and state.question is None


def test_save_and_quit_saves_the_session_then_closes(tmp_path):
    state, controller, window = lab(tmp_path)
    state.request(Action.QUIT)  # Ctrl+Q
    frames(controller, window)
    state.answer(False, save_first=True)
    frames(controller, window, 3)
    assert window.closed
    assert (tmp_path / "session" / "state.json").is_file()


def test_quit_without_saving_closes_and_writes_nothing(tmp_path):
    state, controller, window = lab(tmp_path)
    window.request_close()
    frames(controller, window)
    state.answer(True)
    frames(controller, window, 3)
    assert window.closed and not (tmp_path / "session").exists()


def test_a_failed_save_asks_again_instead_of_quitting(tmp_path):
    state, controller, window = lab(tmp_path)
    state.session_path = str(tmp_path / "a file")
    Path(state.session_path).write_text("not a folder")
    window.request_close()
    frames(controller, window)
    state.answer(False, save_first=True)
    frames(controller, window, 3)
    assert not window.closed and state.question is not None
    assert any(n.level == "error" and "could not save" in n.text for n in state.notices)


# -- one output folder ------------------------------------------------------------------------------------

def test_outputs_default_to_one_folder_that_the_environment_overrides(monkeypatch, tmp_path):
    monkeypatch.delenv(OUTPUT_ENV, raising=False)
    assert output_folder() == Path.home() / "ganlab-gl"
    monkeypatch.setenv(OUTPUT_ENV, str(tmp_path / "elsewhere"))
    state = AppState()
    assert state.output_folder == tmp_path / "elsewhere"
    assert Path(state.session_path) == tmp_path / "elsewhere" / "session"
    assert Path(state.recording_path) == tmp_path / "elsewhere" / "recording.mp4"


def test_the_first_save_prints_the_full_path_and_the_folder_once(tmp_path, capsys):
    state, controller, _ = lab(tmp_path)
    state.request(Action.SAVE)
    controller.frame()
    controller.finish_save(wait=True)
    printed = capsys.readouterr().out
    assert str(tmp_path / "session") in printed and f"go to {tmp_path}" in printed
    assert state.notices[-1].text.startswith(f"saved the session to {tmp_path / 'session'} at iteration ")
    state.request(Action.SAVE)
    controller.frame()
    controller.finish_save(wait=True)
    assert capsys.readouterr().out == ""  # said once is enough; the notice still names the path


def test_tests_write_to_a_throwaway_folder():
    assert output_folder() != (Path.home() / "ganlab-gl").resolve()
