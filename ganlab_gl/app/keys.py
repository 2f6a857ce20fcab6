"""Every keyboard shortcut, declared once: the key handler and the help overlay read this list.

Keys are named as `chord_name` spells them ("space", "ctrl+s", "f12", "plus", "1").
A binding either queues an Action, flips a boolean view setting, or picks a dataset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ganlab_gl.core.datasets import PRESETS

from .state import Action, AppState

# GAN Lab's order (line, gaussians, ring, disjoint), then the research mixtures: keys 1-7.
DATASET_KEYS = tuple(PRESETS)


@dataclass(frozen=True)
class Binding:
    keys: tuple[str, ...]  # alternatives, any of them triggers
    description: str
    effect: Callable[[AppState], None]


def _action(action: Action) -> Callable[[AppState], None]:
    return lambda state: state.request(action)


def _toggle(key: str) -> Callable[[AppState], None]:
    return lambda state: state.view.set(key, not state.view.get(key))


def _dataset(name: str) -> Callable[[AppState], None]:
    def pick(state: AppState) -> None:
        state.config.data.name = name
        state.drawing = False
    return pick


def _start_drawing(state: AppState) -> None:
    state.drawing = True
    state.drawn_points.clear()
    state.playing = False


def _toggle_lecture(state: AppState) -> None:
    lecture = not state.view.display.lecture_mode
    state.view.display.lecture_mode = lecture
    if lecture != state.fullscreen:
        state.request(Action.TOGGLE_FULLSCREEN)


BINDINGS: list[Binding] = [
    Binding(("space",), "play / pause", _action(Action.PLAY_PAUSE)),
    Binding(("right", "n"), "one iteration", _action(Action.STEP)),
    Binding(("d",), "one discriminator update", _action(Action.STEP_D)),
    Binding(("g",), "one generator update", _action(Action.STEP_G)),
    Binding(("period",), "one phase of the iteration", _action(Action.STEP_PHASE)),
    Binding(("s",), "slow motion on / off", _action(Action.SLOW_MOTION)),
    Binding(("r",), "reset the run", _action(Action.RESET)),
    Binding(("u",), "undo a NaN: revert to the last good state", _action(Action.REVERT)),
    *[Binding((str(i + 1),), f"dataset: {name}", _dataset(name)) for i, name in enumerate(DATASET_KEYS)],
    Binding(("8",), "draw your own data (then Enter)", _start_drawing),
    Binding(("enter",), "train on the drawing", _action(Action.FINISH_DRAWING)),
    Binding(("h",), "heatmap on / off", _toggle("layers.heatmap")),
    Binding(("m",), "manifold on / off", _toggle("layers.manifold")),
    Binding(("p",), "real samples on / off", _toggle("layers.real")),
    Binding(("f",), "fake samples on / off", _toggle("layers.fake")),
    Binding(("a",), "gradients on / off", _toggle("layers.gradients")),
    Binding(("c",), "real-density contour on / off", _toggle("layers.contour")),
    Binding(("tab",), "hide / show all panels", _toggle("display.panels")),
    Binding(("l",), "lecture mode (fullscreen, large type)", _toggle_lecture),
    Binding(("f11",), "fullscreen", _action(Action.TOGGLE_FULLSCREEN)),
    Binding(("plus", "equal"), "zoom in", _action(Action.ZOOM_IN)),
    Binding(("minus",), "zoom out", _action(Action.ZOOM_OUT)),
    Binding(("0",), "reset the view", _action(Action.RESET_VIEW)),
    # Right arrow steps (GAN Lab's "next"), so panning right needs shift; shift works on all four.
    Binding(("left", "shift+left"), "pan left", _action(Action.PAN_LEFT)),
    Binding(("shift+right",), "pan right", _action(Action.PAN_RIGHT)),
    Binding(("up", "shift+up"), "pan up", _action(Action.PAN_UP)),
    Binding(("down", "shift+down"), "pan down", _action(Action.PAN_DOWN)),
    Binding(("ctrl+s",), "save session", _action(Action.SAVE)),
    Binding(("ctrl+o",), "load session", _action(Action.LOAD)),
    Binding(("f12",), "screenshot (PNG)", _action(Action.SCREENSHOT)),
    Binding(("ctrl+r",), "record frames on / off", _action(Action.TOGGLE_RECORDING)),
    Binding(("f1", "question", "shift+slash"), "this help", _action(Action.TOGGLE_HELP)),
    Binding(("escape",), "leave fullscreen / close dialogs", _action(Action.ESCAPE)),
    Binding(("ctrl+q",), "quit", _action(Action.QUIT)),
]

_BY_KEY: dict[str, Binding] = {}
for _binding in BINDINGS:
    for _key in _binding.keys:
        assert _key not in _BY_KEY, f"keys: {_key!r} is bound twice"
        _BY_KEY[_key] = _binding


def chord_name(key: str, ctrl: bool = False, shift: bool = False) -> str:
    """'s' + ctrl -> 'ctrl+s'; shift is kept only where a binding tells the shifted key apart."""
    name = f"ctrl+{key}" if ctrl else key
    shifted = f"shift+{name}"
    return shifted if shift and shifted in _BY_KEY else name


def handle_key(state: AppState, chord: str) -> bool:
    """Apply the binding for `chord`; False when nothing is bound to it."""
    binding = _BY_KEY.get(chord)
    if binding is None:
        return False
    binding.effect(state)
    return True
