"""The declared key bindings: each key does what the help overlay says."""

from ganlab_gl.app.keys import BINDINGS, chord_name, handle_key
from ganlab_gl.app.state import Action, AppState


def last_action(state):
    return state.requests[-1].action


def test_issue_keys_are_bound():
    state = AppState()
    expected = {"space": Action.PLAY_PAUSE, "right": Action.STEP, "n": Action.STEP, "d": Action.STEP_D,
                "g": Action.STEP_G, "period": Action.STEP_PHASE, "s": Action.SLOW_MOTION, "r": Action.RESET,
                "f11": Action.TOGGLE_FULLSCREEN, "plus": Action.ZOOM_IN, "minus": Action.ZOOM_OUT,
                "0": Action.RESET_VIEW, "left": Action.PAN_LEFT, "shift+right": Action.PAN_RIGHT,
                "up": Action.PAN_UP, "down": Action.PAN_DOWN, "ctrl+s": Action.SAVE, "ctrl+o": Action.LOAD,
                "f12": Action.SCREENSHOT, "f1": Action.TOGGLE_HELP, "question": Action.TOGGLE_HELP,
                "escape": Action.ESCAPE}
    for chord, action in expected.items():
        assert handle_key(state, chord), chord
        assert last_action(state) == action, chord


def test_layer_toggles_and_tab():
    state = AppState()
    for chord, key in {"h": "layers.heatmap", "m": "layers.manifold", "p": "layers.real", "f": "layers.fake",
                       "a": "layers.gradients", "tab": "display.panels"}.items():
        before = state.view.get(key)
        handle_key(state, chord)
        assert state.view.get(key) is (not before), chord


def test_digits_pick_datasets_and_8_starts_drawing():
    state = AppState()
    handle_key(state, "5")
    assert state.config.data.name == "ring8"
    handle_key(state, "1")
    assert state.config.data.name == "line"
    handle_key(state, "8")
    assert state.drawing and not state.playing


def test_lecture_mode_goes_fullscreen():
    state = AppState()
    handle_key(state, "l")
    assert state.view.display.lecture_mode and last_action(state) == Action.TOGGLE_FULLSCREEN


def test_chords_and_unbound_keys():
    assert chord_name("s", ctrl=True) == "ctrl+s"
    assert chord_name("right", shift=True) == "shift+right" and chord_name("h", shift=True) == "h"
    assert not handle_key(AppState(), "z")


def test_every_binding_has_a_description_for_the_help_overlay():
    assert all(b.description and b.keys for b in BINDINGS)
