"""Keys to actions to effects: the action table's keys, its one dispatcher, and what each key does."""

from dataclasses import dataclass, replace

import pytest

from ganlab_gl.app.actions import (ACTION_ROWS, ACTIONS, ARGUMENT_TITLES, KEYS, NO_BREAK, TRAINER, WINDOW, Action,
                                   Dispatcher, Request, key_table)
from ganlab_gl.app.controller import Controller
from ganlab_gl.app.keys import chord_name, handle_key
from ganlab_gl.app.state import AppState
from ganlab_gl.app.window_actions import WindowActions
from ganlab_gl.core.presets import PRESETS, Preset
from ganlab_gl.render.layer_table import CANVAS_LAYERS, LAYERS_BY_NAME


@dataclass
class StandInHost:
    fullscreen: bool = False
    closed: bool = False

    def request_close(self) -> None:
        self.closed = True


def wired(state=None):
    """The lab's dispatcher without GL: the controller's side and the GL-free window side."""
    state = state or AppState()
    dispatcher = Dispatcher(state.notify)
    controller = Controller(state, dispatcher=dispatcher)
    host = StandInHost()
    dispatcher.register(WINDOW, WindowActions(state, host).handlers())
    return state, controller, host


def press(state, controller, *chords):
    for chord in chords:
        assert handle_key(state, chord), chord
    controller.frame()


def test_issue_keys_are_bound():
    expected = {"space": Action.PLAY_PAUSE, "right": Action.FORWARD, "n": Action.STEP, "d": Action.STEP_D,
                "g": Action.STEP_G, "period": Action.STEP_PHASE, "s": Action.SLOW_MOTION, "r": Action.RESET,
                "f11": Action.TOGGLE_FULLSCREEN, "plus": Action.ZOOM_IN, "minus": Action.ZOOM_OUT,
                "0": Action.RESET_VIEW, "left": Action.SCRUB, "shift+left": Action.PAN_LEFT,
                "shift+right": Action.PAN_RIGHT,
                "up": Action.PAN_UP, "down": Action.PAN_DOWN, "ctrl+s": Action.SAVE, "ctrl+o": Action.LOAD,
                "f12": Action.SCREENSHOT, "f1": Action.TOGGLE_HELP, "question": Action.TOGGLE_HELP,
                "escape": Action.ESCAPE}
    for chord, action in expected.items():
        state = AppState()
        assert handle_key(state, chord), chord
        assert state.requests[-1].action == action, chord


def test_layer_keys_come_from_the_layer_table_and_reach_the_setting():
    state, controller, _ = wired()
    for name in CANVAS_LAYERS:
        key = LAYERS_BY_NAME[name].key
        before = state.view.get(f"{name}.visible")
        press(state, controller, key)
        assert state.view.get(f"{name}.visible") is (not before), name
    press(state, controller, "tab")
    assert not state.view.display.panels


def test_tab_hiding_the_panels_says_so_and_which_key_shows_them_again():
    """A student pressing Tab to reach the next field saw every panel and button vanish without a word: hiding them
    says how they come back (and which key moves the keyboard into them), and showing them takes that notice down;
    lecture mode's Tab cycles what it shows, saying nothing of the desk's panels."""
    state, controller, _ = wired()
    press(state, controller, "tab")
    assert not state.view.display.panels
    assert [notice.text for notice in state.notices] == [
        "panels hidden: Tab shows them again (F6 moves the keyboard into them)"]
    press(state, controller, "tab")
    assert state.view.display.panels and list(state.notices) == []
    state.edit("display.lecture_mode", True)
    press(state, controller, "tab")
    assert state.view.display.panels and list(state.notices) == []


def test_digit_keys_come_from_the_presets_and_pick_through_the_edit_path():
    state, controller, _ = wired()
    for preset in PRESETS.values():
        assert KEYS[preset.key] == (Action.PICK_DATASET, preset.name)
    press(state, controller, PRESETS["ring8"].key)
    assert controller.trainer.dataset.name == "ring8" and state.config.data.name == "ring8"
    press(state, controller, PRESETS["line"].key)
    line = PRESETS["line"].training
    assert controller.trainer.config.train.g_lr == line["train.g_lr"]  # GAN Lab's config for line came with it
    assert controller.trainer.config.noise.kind == line["noise.kind"]
    press(state, controller, "8")
    assert state.drawing and not state.playing


def test_a_preset_added_with_its_own_key_keeps_the_keys_valid_and_a_clash_is_named():
    extra = {**PRESETS, "moons": Preset("moons", "9", "Moons", {}, "test")}
    rows = tuple(replace(row, keys={p.key: p.name for p in extra.values()}) if row.action == Action.PICK_DATASET
                 else row for row in ACTIONS)
    assert key_table(rows)["9"] == (Action.PICK_DATASET, "moons")
    clash = {**extra, "moons": Preset("moons", "8", "Moons", {}, "test")}
    rows = tuple(replace(row, keys={p.key: p.name for p in clash.values()}) if row.action == Action.PICK_DATASET
                 else row for row in ACTIONS)
    with pytest.raises(ValueError, match="'8' is bound to PICK_DATASET and START_DRAWING"):
        key_table(rows)


def test_less_and_greater_than_step_the_speed_through_the_toolbars_paces_and_say_so():
    """A lecturer had no key for the speed and, in lecture mode, no toolbar: full speed (a preset converges in under a
    second) or slow motion (a second a phase), nothing between. < and > walk GAN Lab's paces, stopping at the ends."""
    state, controller, _ = wired()
    caps, said = [], []
    for chord in ("less", "less", "less", "less", "greater", "greater", "greater", "greater"):
        press(state, controller, chord)
        caps.append(state.view.playback.max_iterations_per_frame)
        said.append((state.notices[-1].text, state.notices[-1].level))
    assert caps == [100, 10, 1, 1, 10, 100, 1000, 1000]
    assert said[2:4] == [("speed: 1 a frame, GAN Lab's pace", "info"),
                         ("speed: already 1 a frame, GAN Lab's pace", "warning")]
    assert said[-2:] == [("speed: full speed", "info"), ("speed: already full speed", "warning")]
    assert sum(notice.text.startswith("speed:") for notice in state.notices) == 1  # each press's replaces the last
    controller.close()


def test_the_pace_words_say_the_cap_not_full_speed_at_every_cap():
    """Lecture mode's status read "playing, full speed" at 1 iteration a frame."""
    from ganlab_gl.app.view_settings import pace_words
    assert [pace_words(False, cap) for cap in (1, 10, 250, 1000, 5000)] == [
        "1 a frame, GAN Lab's pace", "10 a frame", "250 a frame", "full speed", "full speed"]
    assert pace_words(True, 1) == "slow motion"


def test_lecture_mode_goes_fullscreen_and_escape_leaves_it():
    state, controller, host = wired()
    press(state, controller, "l")
    assert state.view.display.lecture_mode and state.fullscreen and host.fullscreen
    press(state, controller, "escape")
    assert not state.view.display.lecture_mode and not host.fullscreen


@pytest.mark.parametrize("desk_fullscreen", [False, True])
def test_leaving_lecture_mode_gives_the_desk_back_as_it_was(desk_fullscreen):
    """L, L on a desk that F11 had made fullscreen left it in a window."""
    state, controller, host = wired()
    if desk_fullscreen:
        press(state, controller, "f11")
    press(state, controller, "l")
    assert state.view.display.lecture_mode and host.fullscreen
    press(state, controller, "l")
    assert not state.view.display.lecture_mode and host.fullscreen is desk_fullscreen is state.fullscreen


def test_every_action_has_exactly_one_handler_on_its_declared_side():
    state, controller, _ = wired()
    from ganlab_gl.app.capture import Capture  # the GL side's handlers, registered as the lab does
    handlers = controller.dispatcher.handlers
    window_gl = set(Capture.handlers(Capture.__new__(Capture)))
    assert set(handlers) | window_gl == set(Action) and not set(handlers) & window_gl
    for action in handlers:
        side = TRAINER if action in Controller.handlers(controller) else WINDOW
        assert ACTION_ROWS[action].owner == side, action
    with pytest.raises(ValueError, match="has a handler already"):
        controller.dispatcher.register(TRAINER, {Action.STEP: lambda _: None})
    with pytest.raises(ValueError, match="belongs to the trainer side"):
        controller.dispatcher.register(WINDOW, {Action.RESET: lambda _: None})


def test_an_action_nobody_handles_is_dropped_with_a_notice_not_requeued():
    state = AppState()
    dispatcher = Dispatcher(state.notify)
    state.requests.append(Request(Action.SCREENSHOT))
    dispatcher.dispatch(state.requests)
    assert not state.requests and "nothing handles SCREENSHOT" in state.notices[-1].text


def test_chords_and_unbound_keys():
    assert chord_name("s", ctrl=True) == "ctrl+s"
    assert chord_name("right", shift=True) == "shift+right" and chord_name("h", shift=True) == "h"
    assert not handle_key(AppState(), "z")


def test_every_action_has_help_for_the_overlay():
    from ganlab_gl.app.panels.help import key_rows
    assert all(row.help for row in ACTIONS)
    described = dict((description, keys.replace(NO_BREAK, " ")) for keys, description in key_rows())
    assert described["dataset: Ring of 8 (with its own settings)"] == PRESETS["ring8"].key
    assert described["help: what each picture shows, and these keys"] == "F1 / Question mark (?)"


def test_a_help_naming_another_actions_key_names_the_key_the_action_table_binds(monkeypatch):
    """The draw key's help spelled "(then Enter)" by hand: rebound (here), the help's Keys page named a key that did
    nothing. A help's "{ACTION_NAME}" names that action's key; a name that is no action is refused in one line."""
    from ganlab_gl.app.panels.help import key_rows
    monkeypatch.setitem(ACTION_ROWS, Action.FINISH_DRAWING,
                        replace(ACTION_ROWS[Action.FINISH_DRAWING], keys={"ctrl+enter": None}))
    assert ("8", "draw your own data (then Ctrl+Enter)") in key_rows()
    with pytest.raises(ValueError, match=r"actions: a help names \{FINISH_DRAWNG\}, which is no action"):
        replace(ACTION_ROWS[Action.START_DRAWING], help="then {FINISH_DRAWNG}").describe()


def test_a_held_key_repeats_at_imguis_pace_where_its_action_steps_and_a_toggle_acts_once():
    """pyglet drops the window system's repeated presses: a held N trained one iteration, a held Left rewound one.
    A held key now repeats at ImGui's pace, for the actions that step (N, Right, Left, zoom, pan), not the toggles."""
    from imgui_bundle import imgui

    from ganlab_gl.app.imgui_input import KeyPress, repeated_presses
    from ganlab_gl.app.keys import key_chord
    from imgui_headless import imgui_context

    held = {imgui.Key.n: KeyPress(imgui.Key.n, "n", False, False, False, False),
            imgui.Key.space: KeyPress(imgui.Key.space, " ", False, False, False, False)}
    state = AppState()
    with imgui_context():
        io = imgui.get_io()
        io.delta_time = 0.05
        io.key_repeat_delay, io.key_repeat_rate = 0.26, 0.1  # off the frames' 0.05 s steps
        for key in held:
            io.add_key_event(key, True)

        def frame_presses(frames: int) -> list[KeyPress]:
            presses = []
            for _ in range(frames):
                imgui.new_frame()
                presses += repeated_presses(held, dict.fromkeys(("ctrl", "shift", "alt", "super"), False))
                imgui.end_frame()
            return presses

        repeats = frame_presses(21)  # the press's frame, then a second held down
        for key in held:
            io.add_key_event(key, False)
        after_release = frame_presses(5)
    assert {press.key for press in repeats} == set(held) and all(press.repeat for press in repeats)
    assert len(repeats) == 2 * 8  # each key held 1 s: at 0.26 s, then every 0.1 s to 0.96 s
    assert after_release == []
    for press in repeats:
        handle_key(state, key_chord(press), press.repeat)
    assert [request.action for request in state.requests] == [Action.STEP] * (len(repeats) // 2)
    assert {row.action for row in ACTIONS if row.repeats} == {
        Action.STEP, Action.FORWARD, Action.STEP_D, Action.STEP_G, Action.STEP_PHASE, Action.SCRUB, Action.ZOOM_IN,
        Action.ZOOM_OUT, Action.PAN_LEFT, Action.PAN_RIGHT, Action.PAN_UP, Action.PAN_DOWN, Action.UNDO}


def test_a_held_ctrl_z_repeats_in_drawing_mode_only():
    """Outside drawing mode Ctrl+Z brings back the run a preset pick replaced, and again the run that replaced it:
    held, its repeats took turns between the two at the repeat rate. In drawing mode they take stroke after stroke."""
    from ganlab_gl.app.panels.help import key_rows

    state = AppState()
    assert handle_key(state, "ctrl+z") and not handle_key(state, "ctrl+z", repeat=True)
    state.drawing = True
    assert handle_key(state, "ctrl+z", repeat=True)
    assert [request.action for request in state.requests] == [Action.UNDO] * 2
    assert dict(key_rows())["Ctrl+Z"].endswith("; repeats while held in drawing mode")


def test_a_held_key_repeats_with_the_modifiers_held_now_not_those_it_was_pressed_with():
    """Shift+Left pans left; let go of Shift with Left still held and the repeats are Left's (a rewind), not more
    panning. The window system reports the modifiers from before each event, so Shift's release comes with Shift
    held: Shift's own key says when it is let go."""
    from types import SimpleNamespace

    from imgui_bundle import imgui

    from ganlab_gl.app.imgui_input import HeldModifiers, KeyPress, repeated_presses
    from ganlab_gl.app.keys import key_chord
    from imgui_headless import imgui_context

    def reported(shift):
        return SimpleNamespace(ctrl=False, shift=shift, alt=False)

    modifiers = HeldModifiers()
    modifiers.follow(imgui.Key.left_shift, True, reported(False))
    modifiers.follow(imgui.Key.left_arrow, True, reported(True))
    press = KeyPress(imgui.Key.left_arrow, "", **modifiers.now)
    assert key_chord(press) == "shift+left"
    held = {imgui.Key.left_arrow: press}
    with imgui_context():
        io = imgui.get_io()
        io.delta_time = 0.05
        io.key_repeat_delay, io.key_repeat_rate = 0.26, 0.1
        io.add_key_event(imgui.Key.left_arrow, True)
        chords = []
        for frame in range(20):
            if frame == 10:
                modifiers.follow(imgui.Key.left_shift, False, reported(True))
            imgui.new_frame()
            chords += [key_chord(repeat) for repeat in repeated_presses(held, modifiers.now)]
            imgui.end_frame()
    assert chords == ["shift+left"] * 2 + ["left"] * 5  # repeats at 0.3 and 0.4 s held with Shift; then without
    modifiers.follow(imgui.Key.n, True, reported(True))  # Shift held since before the window had the focus
    assert modifiers.now == {"ctrl": False, "shift": True, "alt": False, "super": False}


def test_f6_walks_the_panels_and_escape_closes_the_help_before_taking_the_keyboard_back():
    state, controller, _ = wired()
    press(state, controller, "f6")
    assert state.keyboard_panel == 0 and state.keyboard_moved
    press(state, controller, "f6")
    assert state.keyboard_panel == 1  # the lab turns a place past its last panel back to its own keys
    press(state, controller, "f1", "escape")
    assert not state.help_open and state.keyboard_panel == 1
    press(state, controller, "escape")
    assert state.keyboard_panel is None and state.keyboard_moved


def test_the_help_says_which_way_each_timeline_key_goes_in_words():
    """Left, ], Shift+[ and Shift+] all read "rewind or go forward through the kept iterations", told apart by a
    "(-1)" or "(+10)" at the end; Home and End both ended in the same sentence about a click on the timeline bar."""
    from ganlab_gl.app.panels.help import key_rows
    rows = {keys.replace(NO_BREAK, " "): what for keys, what in key_rows()}
    assert rows["Left / Left bracket ([)"] == "one kept iteration back (rewind); repeats while held"
    assert rows["Right bracket (])"] == "one kept iteration forward, at the last the present; repeats while held"
    assert rows["Shift+["] == "ten kept iterations back; repeats while held"
    assert rows["Shift+]"] == "ten kept iterations forward; repeats while held"
    assert rows["Home"] == "show the first kept iteration"
    assert rows["End"] == "show the present, leaving the rewound view"
    assert all(steps in ARGUMENT_TITLES for steps in ACTION_ROWS[Action.SCRUB].keys.values())


def test_every_bound_chord_is_made_by_a_key_press():
    """A binding no key press spells is dead, and the help would list a key that does nothing: Shift+Slash was
    bound (printed as "?") while a press of ? spells "question" and no press spells "slash"."""
    from imgui_bundle import imgui

    from ganlab_gl.app.imgui_input import KeyPress
    from ganlab_gl.app.keys import IMGUI_KEY_NAMES, TEXT_KEY_NAMES, key_chord
    keys_by_name = {name: key for key, name in IMGUI_KEY_NAMES.items()}
    texts_by_name = {name: text for text, name in TEXT_KEY_NAMES.items()}

    def spelled(chord: str) -> str | None:
        *modifiers, name = chord.split("+") if chord != "plus" else [chord]
        text = texts_by_name.get(name, name if len(name) == 1 else "")
        key = keys_by_name.get(name, imgui.Key.none)
        return key_chord(KeyPress(key, text, "ctrl" in modifiers, "shift" in modifiers, False, False))

    assert {chord: spelled(chord) for chord in KEYS if spelled(chord) != chord} == {}


def test_a_refusal_said_again_by_a_held_key_stands_once():
    """A held N repeats (20 presses a second): in drawing mode each was refused anew, and the window's foot stacked
    eight copies of "finish the drawing first". The same line again is said once, its time started afresh."""
    state, controller, _ = wired()
    controller.frame()
    state.notices.clear()
    state.drawing = True
    press(state, controller, "n")
    first_said = state.notices[-1].created
    for _ in range(10):
        assert handle_key(state, "n", repeat=True)
        controller.frame()
    assert [(n.level, n.text) for n in state.notices] == [
        ("warning", "finish the drawing first: Enter trains on it, Escape leaves it")]
    assert state.notices[-1].created > first_said  # its time started again: it stands its full seconds from the last
    state.notify("another line")
    state.notify("finish the drawing first: Enter trains on it, Escape leaves it", "warning")  # not the newest: told
    assert len(state.notices) == 3
    controller.close()


@pytest.mark.parametrize("chord", ["n", "d", "g", "period", "right"])
def test_a_held_step_key_on_a_diverged_run_is_refused_as_play_is(chord):
    """Play refused a run paused on a NaN, but N, D, G, . and Right trained it on: a held N climbed 20 iterations a
    second on NaN weights, each saying "training paused ... at iteration 5, 6, 7..." anew. They are refused as Space
    is, in one line, until Revert or Reset."""
    import torch
    state, controller, _ = wired()
    controller.frame()
    with torch.no_grad():
        next(controller.trainer.generator.parameters()).fill_(float("nan"))
    press(state, controller, "n")
    assert controller.diverged
    stopped_at = controller.trainer.iteration_count
    state.notices.clear()
    press(state, controller, chord)
    for _ in range(5):
        assert handle_key(state, chord, repeat=True)
        controller.frame()
    press(state, controller, "space")
    assert controller.trainer.iteration_count == stopped_at and controller.phase is None
    assert [(n.level, n.text) for n in state.notices] == [
        ("warning", "training is paused on a NaN: revert (or reset) first")]
    controller.close()


def test_a_key_is_named_alike_in_the_helps_table_and_in_sentences():
    """A punctuation key alone is named in words with its mark, held on one line (its space unbroken: "(.)" began a
    line under "Period"); after a modifier its mark reads as a key."""
    from ganlab_gl.app.actions import key_name, key_of, keys_of
    assert key_name("period") == "Period\u00a0(.)"
    chords = ("period", "question", "bracketleft", "shift+bracketleft", "ctrl+s", "ctrl+shift+e", "space", "pageup",
              "n", "f11")
    assert [key_name(chord).replace(NO_BREAK, " ") for chord in chords] == [
        "Period (.)", "Question mark (?)", "Left bracket ([)", "Shift+[", "Ctrl+S", "Ctrl+Shift+E", "Space", "PgUp",
        "N", "F11"]
    assert keys_of(Action.SCRUB, -1) == ["Left", key_name("bracketleft")] and key_of(Action.STEP_PHASE) == key_name(
        "period")
    with pytest.raises(ValueError, match="no key is bound to BRANCH with argument 3"):
        key_of(Action.BRANCH, 3)


def key_sentences(state, controller) -> dict[str, str]:
    """Every sentence of the lab that names a key, by where it stands."""
    from ganlab_gl.app.panels import help as help_panel, lecture, overview, timeline, toolbar
    sentences = {f"situation {index}": text for index, text in enumerate(overview.SITUATIONS)}
    sentences |= {f"guide {what}": shows for what, _, shows in help_panel.GUIDE}
    sentences |= {f"toolbar {label}": key for _, label, key in toolbar.BUTTONS}
    sentences |= {f"timeline {label}": tip for label, _, _, tip in timeline.MOVES}
    sentences["lecture"] = lecture.LECTURE_KEYS_HINT
    press(state, controller, "s")  # paused: slow motion says what to press
    sentences["slow motion notice"] = state.notices[-1].text
    press(state, controller, "b")  # not rewound: says how to rewind
    sentences["branch notice"] = state.notices[-1].text
    return sentences


def test_no_sentence_names_a_punctuation_key_by_its_bare_mark():
    """The explanation under the graph said "N trains one iteration, D or G one network's update, . one phase": the
    key read as a stray full stop. Every sentence naming a key names it as the help's table does (key_name)."""
    import re

    from ganlab_gl.app.actions import KEY_MARKS, key_name
    state, controller, _ = wired()
    sentences = key_sentences(state, controller)
    assert "Period (.) one phase" in sentences["situation 4"].replace(NO_BREAK, " ")
    marks = "".join(re.escape(mark) for mark in KEY_MARKS.values())
    bare = re.compile(rf"(?:^|[\s(])[{marks}](?=$|[\s,;:)])")  # a mark standing alone, as a word does

    def bare_marks(text: str) -> list[str]:
        text = re.sub(r"(?<=\S) = (?=\S)", "", text)  # "D = 0.5" is no key
        for chord in KEYS:
            if chord.split("+")[-1] in KEY_MARKS:
                text = text.replace(key_name(chord), "")
        return bare.findall(text)
    assert {where: text for where, text in sentences.items() if bare_marks(text)} == {}


def test_every_toolbar_and_timeline_button_has_a_key(monkeypatch):
    """The timeline bar's Stop export had no key: a student at the keyboard could start an export (Ctrl+E) and not
    stop it. Every request a toolbar or timeline button makes (each pressed at once here), with its argument, has a
    key in the action table; the slow-motion checkbox's too."""
    import dataclasses

    import lab_frames
    from imgui_bundle import imgui
    from imgui_headless import draw_frame, imgui_context

    from ganlab_gl.app.actions import keys_of
    from ganlab_gl.app.panels.timeline import TimelineBar
    from ganlab_gl.app.panels.toolbar import FrameStats, draw_toolbar
    monkeypatch.setattr(imgui, "button", lambda *args: True)
    monkeypatch.setattr(imgui, "checkbox", lambda label, value: (True, not value))
    stats = FrameStats(12, 900.0, 30.0, "training on the CPU", "CPU", "host copy", diverged=True, resolution=())
    frame = dataclasses.replace(lab_frames.ring8_frame(40), exporting="exporting 3 of 40 frames, to story.mp4")
    state = AppState()
    with imgui_context((1600, 200)):
        draw_frame(lambda: draw_toolbar(state, stats), (1600, 200))
        draw_frame(lambda: TimelineBar().draw(state, frame), (1600, 200))
    pressed = {(request.action, request.argument) for request in state.requests}
    assert {Action.STOP_EXPORT, Action.BRANCH, Action.SCRUB, Action.REVERT, Action.SLOW_MOTION} <= {
        action for action, _ in pressed}
    unbound = []
    for action, argument in pressed:
        try:
            keys_of(action, argument)
        except ValueError:
            unbound.append((action, argument))
    assert unbound == []
