"""The window's key path without a window: pyglet's key and mouse events, as the window hands them over between
two frames, through `ImGuiInput` to the app's shortcuts, with a panel of widgets drawn each frame.

A tap no widget wants must come out exactly once as a shortcut, however its events fall between frames; a key
pressed while a widget has the keyboard or the pointer must not come out at all."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from imgui_bundle import imgui

from imgui_headless import imgui_context

BUTTON = (10.0, 10.0, 120.0, 30.0)  # x, y, width, height in the panel (window coordinates)
NUMBER = (10.0, 60.0, 120.0, 30.0)
PANEL = (200.0, 120.0)
OUTSIDE = (300.0, 200.0)  # the window's empty space, off the panel
PRESS, RELEASE = "press", "release"  # moderngl-window's key actions, as the stand-in window names them


@pytest.fixture(scope="module")
def keys():
    """pyglet's key symbols. pyglet.window loads its platform's window on import, which on X needs a display:
    its headless (EGL) platform has the same symbols and needs none."""
    import pyglet
    pyglet.options["headless"] = True
    try:
        from pyglet.window import key
    except Exception as exc:  # noqa: BLE001 - pyglet raises assorted types where EGL is missing
        pytest.skip(f"pyglet.window cannot load here: {exc}")
    return key


class Window:
    """What ImGuiInput reads of moderngl-window's window."""

    keys = SimpleNamespace(ACTION_PRESS=PRESS, ACTION_RELEASE=RELEASE)
    mouse = SimpleNamespace(left=1, right=2, middle=4)
    modifiers = SimpleNamespace(ctrl=False, shift=False, alt=False)


class Lab:
    """A panel with a button and a number (a click on it makes it a text field), and a question dialog that Enter
    answers, as the lab's (panels/help.py draw_question); each frame's shortcuts as the window hands them over."""

    def __init__(self, keys):
        from ganlab_gl.app.imgui_input import ImGuiInput

        io = imgui.get_io()
        io.config_drag_click_to_input_text = True  # as run_window sets it
        self.keys = keys
        self.input = ImGuiInput(Window())
        self.number = 1.0
        self.asking = False

    def frame(self) -> list[str]:
        imgui.new_frame()
        shortcuts = [press.text for press in self.input.settled_shortcuts()]
        imgui.set_next_window_pos((0, 0))
        imgui.set_next_window_size(PANEL)
        imgui.begin("panel", None, imgui.WindowFlags_.no_decoration | imgui.WindowFlags_.no_move)
        imgui.set_cursor_pos(BUTTON[:2])
        imgui.button("button", BUTTON[2:])
        imgui.set_cursor_pos(NUMBER[:2])
        imgui.set_next_item_width(NUMBER[2])
        _, self.number = imgui.drag_float("##number", self.number)
        imgui.end()
        if self.asking:
            imgui.open_popup("question")
            if imgui.begin_popup_modal("question", None, imgui.WindowFlags_.always_auto_resize)[0]:
                imgui.text("Reset the run?")
                if imgui.button("Reset (Enter)") or imgui.is_key_pressed(imgui.Key.enter, False):
                    self.asking = False
                    imgui.close_current_popup()
                imgui.end_popup()
        imgui.end_frame()
        return shortcuts

    def frames(self, count: int) -> list[str]:
        return [text for _ in range(count) for text in self.frame()]

    def tap(self, symbol: int) -> None:
        self.input.key_event(symbol, PRESS, Window.modifiers)
        self.input.key_event(symbol, RELEASE, Window.modifiers)

    def move(self, x: float, y: float) -> None:
        self.input.mouse_position_event(x, y + 1, 0, 0)  # pyglet's y, one below ImGui's row (_imgui_position)

    def click(self, box: tuple[float, float, float, float], release: bool = True) -> None:
        x, y = box[0] + box[2] / 2, box[1] + box[3] / 2 + 1
        self.input.mouse_press_event(x, y, Window.mouse.left)
        if release:
            self.input.mouse_release_event(x, y, Window.mouse.left)


def centre(box):
    return box[0] + box[2] / 2, box[1] + box[3] / 2


@pytest.fixture
def lab(keys):
    with imgui_context((400.0, 300.0)):
        lab = Lab(keys)
        lab.move(*OUTSIDE)
        lab.frames(3)
        yield lab


def test_a_tap_whose_press_and_release_fall_between_the_same_two_frames_is_one_shortcut(lab):
    lab.tap(lab.keys.D)
    assert lab.frames(4) == ["d"]


def test_a_tap_while_the_pointer_rests_on_a_widget_is_a_shortcut(lab):
    lab.move(*centre(BUTTON))
    lab.frames(2)
    lab.tap(lab.keys.D)
    assert lab.frames(4) == ["d"]


@pytest.mark.parametrize("frames_between", [0, 1, 2])
def test_a_tap_right_after_a_click_on_a_button_is_a_shortcut(lab, frames_between):
    """The button is held from the click's press until it sees the release, in the frame that takes the release
    from ImGui's queue: a tap settled in that frame was dropped as if the button still held the keyboard."""
    lab.move(*centre(BUTTON))
    lab.frames(2)
    lab.click(BUTTON)
    shortcuts = lab.frames(frames_between)
    lab.tap(lab.keys.D)
    assert shortcuts + lab.frames(5) == ["d"]


def test_a_tap_after_enter_answers_the_question_is_a_shortcut(lab):
    lab.asking = True
    lab.frames(2)
    lab.tap(lab.keys.RETURN)
    lab.tap(lab.keys.D)
    shortcuts = lab.frames(5)
    assert not lab.asking and shortcuts[-1:] == ["d"]


def test_no_tap_is_a_shortcut_while_a_button_is_held_or_a_number_is_typed_into(lab):
    lab.move(*centre(BUTTON))
    lab.frames(2)
    lab.click(BUTTON, release=False)
    lab.frames(2)
    lab.tap(lab.keys.D)
    assert lab.frames(4) == []
    assert (lab.input.key_presses, lab.input.shortcut_presses) == (1, 0)  # the status file's: taken, not handed
    lab.input.mouse_release_event(*centre(BUTTON), Window.mouse.left)
    lab.frames(3)
    lab.move(*centre(NUMBER))
    lab.frames(2)
    lab.click(NUMBER)  # a click without a drag: the number becomes a text field
    lab.tap(lab.keys._1)
    assert lab.frames(5) == [] and imgui.get_io().want_text_input
