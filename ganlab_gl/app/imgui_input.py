"""Feeds moderngl-window's input events (pyglet backend) to Dear ImGui as queued events.

ImGui's event queue (`io.add_key_event`, `add_mouse_button_event`, ...) keeps a press
and release that arrive between two frames as two events, and trickles them over two
frames, so a quick click or key tap is never lost, as it would be by writing
`io.mouse_down` / `io.keys_down` state.

Key symbols are pyglet's (the window backend we use), which are X11 keysyms: shifted
symbols arrive as their own keys ("+" not "=" with shift), so they map to the ImGui key
printed on a US keyboard ("+" and "=" both to `imgui.Key.equal`), while `KeyPress.text`
keeps the symbol itself for the app's shortcuts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from imgui_bundle import imgui

# pyglet key symbol names -> ImGui keys. Names, not pyglet constants: importing
# pyglet.window needs a display, and this module is imported before one is checked for.
_KEYS_BY_PYGLET_NAME: dict[str, imgui.Key] = {
    **{letter: getattr(imgui.Key, letter.lower()) for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
    **{f"_{digit}": getattr(imgui.Key, f"_{digit}") for digit in "0123456789"},
    **{f"NUM_{digit}": getattr(imgui.Key, f"keypad{digit}") for digit in "0123456789"},
    **{f"F{number}": getattr(imgui.Key, f"f{number}") for number in range(1, 13)},
    "LEFT": imgui.Key.left_arrow, "RIGHT": imgui.Key.right_arrow,
    "UP": imgui.Key.up_arrow, "DOWN": imgui.Key.down_arrow,
    "HOME": imgui.Key.home, "END": imgui.Key.end,
    "PAGEUP": imgui.Key.page_up, "PAGEDOWN": imgui.Key.page_down,
    "INSERT": imgui.Key.insert, "DELETE": imgui.Key.delete, "BACKSPACE": imgui.Key.backspace,
    "TAB": imgui.Key.tab, "SPACE": imgui.Key.space, "ENTER": imgui.Key.enter, "ESCAPE": imgui.Key.escape,
    "NUM_ENTER": imgui.Key.keypad_enter, "NUM_ADD": imgui.Key.keypad_add,
    "NUM_SUBTRACT": imgui.Key.keypad_subtract, "NUM_MULTIPLY": imgui.Key.keypad_multiply,
    "NUM_DIVIDE": imgui.Key.keypad_divide, "NUM_DECIMAL": imgui.Key.keypad_decimal,
    "NUM_EQUAL": imgui.Key.keypad_equal,
    "MINUS": imgui.Key.minus, "UNDERSCORE": imgui.Key.minus,
    "EQUAL": imgui.Key.equal, "PLUS": imgui.Key.equal,
    "PERIOD": imgui.Key.period, "GREATER": imgui.Key.period,
    "COMMA": imgui.Key.comma, "LESS": imgui.Key.comma,
    "SLASH": imgui.Key.slash, "QUESTION": imgui.Key.slash,
    "SEMICOLON": imgui.Key.semicolon, "COLON": imgui.Key.semicolon,
    "APOSTROPHE": imgui.Key.apostrophe, "DOUBLEQUOTE": imgui.Key.apostrophe,
    "GRAVE": imgui.Key.grave_accent, "ASCIITILDE": imgui.Key.grave_accent,
    "BRACKETLEFT": imgui.Key.left_bracket, "BRACELEFT": imgui.Key.left_bracket,
    "BRACKETRIGHT": imgui.Key.right_bracket, "BRACERIGHT": imgui.Key.right_bracket,
    "BACKSLASH": imgui.Key.backslash, "BAR": imgui.Key.backslash,
    "EXCLAMATION": imgui.Key._1, "AT": imgui.Key._2, "HASH": imgui.Key._3, "DOLLAR": imgui.Key._4,
    "PERCENT": imgui.Key._5, "ASCIICIRCUM": imgui.Key._6, "AMPERSAND": imgui.Key._7,
    "ASTERISK": imgui.Key._8, "PARENLEFT": imgui.Key._9, "PARENRIGHT": imgui.Key._0,
    "CAPSLOCK": imgui.Key.caps_lock, "NUMLOCK": imgui.Key.num_lock, "SCROLLLOCK": imgui.Key.scroll_lock,
    "PRINT": imgui.Key.print_screen, "PAUSE": imgui.Key.pause, "MENU": imgui.Key.menu,
    "LCTRL": imgui.Key.left_ctrl, "RCTRL": imgui.Key.right_ctrl,
    "LSHIFT": imgui.Key.left_shift, "RSHIFT": imgui.Key.right_shift,
    "LALT": imgui.Key.left_alt, "RALT": imgui.Key.right_alt,
    "LOPTION": imgui.Key.left_alt, "ROPTION": imgui.Key.right_alt,
    "LWINDOWS": imgui.Key.left_super, "RWINDOWS": imgui.Key.right_super,
    "LCOMMAND": imgui.Key.left_super, "RCOMMAND": imgui.Key.right_super,
}

_MODIFIER_KEYS = {"ctrl": (imgui.Key.left_ctrl, imgui.Key.right_ctrl),
                  "shift": (imgui.Key.left_shift, imgui.Key.right_shift),
                  "alt": (imgui.Key.left_alt, imgui.Key.right_alt),
                  "super": (imgui.Key.left_super, imgui.Key.right_super)}
_IMGUI_MODIFIERS = {"ctrl": imgui.Key.mod_ctrl, "shift": imgui.Key.mod_shift, "alt": imgui.Key.mod_alt,
                    "super": imgui.Key.mod_super}
_NO_MOUSE = -imgui.FLT_MAX


def widget_is_held() -> bool:
    """A widget has the keyboard and the pointer: a text field is edited, or a widget is held (a number being
    dragged, a button pressed)."""
    return imgui.get_io().want_text_input or imgui.is_any_item_active()


@dataclass(frozen=True)
class KeyPress:
    """A key pressed, as handed to the app's shortcuts.

    key: the ImGui key (`imgui.Key.none` for keys ImGui has no name for).
    text: the symbol on the key as typed, for printable keys ("+", "?", "a", "1", " "),
        else "". Letters are lower case; check `shift` for capitals.
    repeat: the key is held down and this is its repeat, not its press (repeated_presses).
    """

    key: imgui.Key
    text: str
    ctrl: bool
    shift: bool
    alt: bool
    super: bool
    repeat: bool = False


def repeated_presses(held: dict[imgui.Key, KeyPress], modifiers: dict[str, bool]) -> list[KeyPress]:
    """The held keys that repeat this frame, at ImGui's pace (io.key_repeat_delay, then io.key_repeat_rate), each as
    its press marked `repeat`, with the `modifiers` held now (HeldModifiers.now: Shift+Left pans; let go of Shift,
    Left still held, and it rewinds). pyglet drops the window system's repeated presses, so without these a held N
    stepped once and a held Left rewound one iteration."""
    return [replace(press, repeat=True, **modifiers) for key, press in held.items()
            if imgui.is_key_pressed(key, True) and not imgui.is_key_pressed(key, False)]


class HeldModifiers:
    """Ctrl, Shift, Alt and Super as held after each key event. The window system reports the modifiers as they
    were before the event (the release of Shift comes with Shift held), so a modifier key's own press or release
    decides its modifier; any other event's report stands for the others (held since before the window had the
    focus, too). moderngl-window reports no Super: its keys alone decide it."""

    def __init__(self) -> None:
        self.now = dict.fromkeys(_MODIFIER_KEYS, False)
        self._keys_down: set[imgui.Key] = set()

    def follow(self, imgui_key: imgui.Key, down: bool, reported: Any) -> None:
        """After a key event (`imgui.Key.none` for a mouse button) with the window's `reported` modifiers."""
        for name, keys in _MODIFIER_KEYS.items():
            said = getattr(reported, name, None)
            if imgui_key in keys:
                (self._keys_down.add if down else self._keys_down.discard)(imgui_key)
            elif said is not None:
                self.now[name] = bool(said)
                if not said:  # a release the window never saw (outside it) does not hold the modifier on
                    self._keys_down.difference_update(keys)
                continue
            self.now[name] = bool(self._keys_down.intersection(keys))


class ImGuiInput:
    """Translates one moderngl-window window's events into ImGui input events.

    Its methods have the signatures of moderngl-window's event callbacks, so they can
    be assigned to `window.key_event_func` etc. directly (run_window wraps key_event to
    route shortcuts).
    """

    def __init__(self, window: Any):
        from pyglet.window import key  # the window exists, so pyglet.window can load

        self._window = window
        self._io = imgui.get_io()
        self._keys = {getattr(key, name): imgui_key for name, imgui_key in _KEYS_BY_PYGLET_NAME.items()}
        self._modifiers = HeldModifiers()
        self._mouse_buttons = {window.mouse.left: 0, window.mouse.right: 1, window.mouse.middle: 2}
        self._presses: list[KeyPress] = []  # key presses not yet settled as shortcuts or a widget's keys
        self._held: dict[imgui.Key, KeyPress] = {}  # each key held down: its press, which repeats while held
        self.key_presses = 0  # presses delivered (a held key's repeats are none), and of them those handed to the
        self.shortcut_presses = 0  # app as shortcuts: the status file's (window.py), where a test waits for its tap

    def wants_keyboard(self) -> bool:
        """Keys belong to a widget (widget_is_held), never to the app's shortcuts."""
        return widget_is_held()

    def wants_mouse(self) -> bool:
        """The mouse is over (or dragging in) an ImGui window, so not the app's."""
        return self._io.want_capture_mouse

    def key_event(self, key: int, action: Any, modifiers: Any) -> KeyPress | None:
        """Queue the key for ImGui; on a press, also return it for the app's shortcuts."""
        imgui_key = self._keys.get(key, imgui.Key.none)
        down = action == self._window.keys.ACTION_PRESS
        self._modifiers.follow(imgui_key, down, modifiers)
        self._queue_modifiers()
        if imgui_key != imgui.Key.none:
            self._io.add_key_event(imgui_key, down)
        if not down:
            self._held.pop(imgui_key, None)
            return None
        self.key_presses += 1
        text = chr(key) if 0x20 <= key < 0x7F else ""
        press = KeyPress(imgui_key, text, **self._modifiers.now)
        self._presses.append(press)
        if imgui_key != imgui.Key.none:
            self._held[imgui_key] = press
        return press

    def settled_shortcuts(self) -> list[KeyPress]:
        """The key presses that are the app's shortcuts, called after imgui.new_frame().

        ImGui takes queued input one change per frame, so a key typed right after a click can
        arrive before ImGui has seen the click's release (a held widget: the key would be
        dropped) or the click that turned a number into a text field (the digit would fire a
        shortcut). Presses wait while a mouse button change is still queued, and through the
        frame that takes it: the widget learns of it only while that frame draws (a tap in the
        frame that took a click's release on a button was dropped, the button still held). A
        burst of keys alone does not wait for ImGui to trickle through it. Then the presses that
        no widget wants are shortcuts, followed by the repeats of keys held down (repeated_presses)."""
        if _mouse_button_changing():
            return []
        presses, self._presses = self._presses + repeated_presses(self._held, self._modifiers.now), []
        if not presses or self.wants_keyboard():
            return []
        self.shortcut_presses += sum(not press.repeat for press in presses)
        return presses

    def unicode_char_entered(self, text: str) -> None:
        for char in text:
            if char.isprintable():  # pyglet sends "\r" for Enter, which is a key, not text
                self._io.add_input_character(ord(char))

    def mouse_position_event(self, x: int, y: int, dx: int, dy: int) -> None:
        self._io.add_mouse_pos_event(*_imgui_position(x, y))

    def mouse_drag_event(self, x: int, y: int, dx: int, dy: int) -> None:
        self._io.add_mouse_pos_event(*_imgui_position(x, y))

    def mouse_press_event(self, x: int, y: int, button: int) -> None:
        self._mouse_button(x, y, button, True)

    def mouse_release_event(self, x: int, y: int, button: int) -> None:
        self._mouse_button(x, y, button, False)

    def mouse_scroll_event(self, x_offset: float, y_offset: float) -> None:
        self._io.add_mouse_wheel_event(x_offset, y_offset)

    def mouse_left_window(self) -> None:
        self._io.add_mouse_pos_event(_NO_MOUSE, _NO_MOUSE)

    def focus_event(self, focused: bool) -> None:
        self._io.add_focus_event(focused)

    def _mouse_button(self, x: int, y: int, button: int, down: bool) -> None:
        imgui_button = self._mouse_buttons.get(button)
        if imgui_button is None:
            return
        self._modifiers.follow(imgui.Key.none, False, self._window.modifiers)  # for ctrl-click and shift-click
        self._queue_modifiers()
        self._io.add_mouse_pos_event(*_imgui_position(x, y))
        self._io.add_mouse_button_event(imgui_button, down)

    def _queue_modifiers(self) -> None:
        for name, held in self._modifiers.now.items():
            self._io.add_key_event(_IMGUI_MODIFIERS[name], held)


def _mouse_button_changing() -> bool:
    """A mouse button change waits in ImGui's input queue, or this frame's imgui.new_frame() took one."""
    queue = imgui.get_current_context().input_events_queue
    if any(queue[i].type == imgui.internal.InputEventType.mouse_button for i in range(queue.size())):
        return True
    return any(imgui.is_mouse_clicked(button) or imgui.is_mouse_released(button) for button in range(3))


def _imgui_position(x: float, y: float) -> tuple[float, float]:
    # pyglet puts y at height - 1 - row and moderngl-window flips it with height - y,
    # which lands one below the row: undo that pixel.
    return float(x), float(y - 1)
