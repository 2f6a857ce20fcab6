"""Key presses to actions: the window's keys as chord names, and the one key handler.

Keys are named as `chord_name` spells them ("space", "ctrl+s", "f12", "plus", "1"); each
bound chord queues its action with the argument the action table gives it (actions.KEYS).
"""

from __future__ import annotations

from imgui_bundle import imgui

from .actions import ACTION_ROWS, KEY_MARKS, KEYS
from .imgui_input import KeyPress
from .state import AppState

IMGUI_KEY_NAMES = {
    imgui.Key.space: "space", imgui.Key.right_arrow: "right", imgui.Key.left_arrow: "left",
    imgui.Key.up_arrow: "up", imgui.Key.down_arrow: "down", imgui.Key.enter: "enter",
    imgui.Key.keypad_enter: "enter", imgui.Key.tab: "tab", imgui.Key.escape: "escape",
    imgui.Key.period: "period", imgui.Key.minus: "minus", imgui.Key.equal: "equal",
    imgui.Key.keypad_add: "plus", imgui.Key.keypad_subtract: "minus", imgui.Key.home: "home", imgui.Key.end: "end",
    imgui.Key.page_up: "pageup", imgui.Key.page_down: "pagedown",
    imgui.Key.left_bracket: "bracketleft", imgui.Key.right_bracket: "bracketright",
    **{getattr(imgui.Key, f"f{i}"): f"f{i}" for i in range(1, 13)},
}
TEXT_KEY_NAMES = {mark: name for name, mark in KEY_MARKS.items()}  # a typed mark: its key


def key_chord(press: KeyPress) -> str | None:
    """The chord name of a key press ('space', 'ctrl+s', 'plus'), or None for keys we don't bind."""
    name = TEXT_KEY_NAMES.get(press.text) or IMGUI_KEY_NAMES.get(press.key)
    if name is None and len(press.text) == 1 and press.text.isalnum():
        name = press.text.lower()
    if name is None:
        return None
    return chord_name(name, ctrl=press.ctrl, shift=press.shift and name not in ("plus", "question"))


def chord_name(key: str, ctrl: bool = False, shift: bool = False) -> str:
    """'s' + ctrl -> 'ctrl+s', 'e' + ctrl + shift -> 'ctrl+shift+e' (as shortcuts are printed); shift is kept only
    where a binding tells the shifted key apart."""
    name = f"ctrl+{key}" if ctrl else key
    shifted = f"ctrl+shift+{key}" if ctrl else f"shift+{key}"
    return shifted if shift and shifted in KEYS else name


# What ImGui's keyboard navigation does in a panel that has the keyboard (F6): move (arrows, Tab), press or edit
# (Space, Enter), scroll (Home, End, PgUp, PgDn); Shift too (Shift+Tab moves back). The others stay the lab's.
NAVIGATION_KEYS = {"left", "right", "up", "down", "tab", "space", "enter", "home", "end", "pageup", "pagedown"}


def navigates_a_panel(chord: str) -> bool:
    """`chord` is ImGui's in a panel that has the keyboard: a NAVIGATION_KEYS key, or Escape closing a list or popup
    the navigation opened (Escape otherwise takes the keyboard back)."""
    if chord.removeprefix("shift+") in NAVIGATION_KEYS:
        return True
    return chord == "escape" and imgui.is_popup_open("", imgui.PopupFlags_.any_popup_id)


def handle_key(state: AppState, chord: str, repeat: bool = False) -> bool:
    """Queue the action bound to `chord`; False when nothing is bound to it, or when this is a held key's `repeat`
    and its action does not repeat now (a held Space plays once; a held Ctrl+Z undoes stroke after stroke in drawing
    mode only)."""
    bound = KEYS.get(chord)
    if bound is None or (repeat and not ACTION_ROWS[bound[0]].repeats_now(state.drawing)):
        return False
    state.request(*bound)
    return True
