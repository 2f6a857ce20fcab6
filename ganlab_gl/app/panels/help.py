"""The help overlay (F1 / ?) listing every key of the action table, and the notices corner."""

from __future__ import annotations

import time

from imgui_bundle import imgui

from ganlab_gl.app.actions import ACTIONS
from ganlab_gl.app.state import AppState

NOTICE_SECONDS = {"info": 5.0, "warning": 8.0, "error": 15.0}
NOTICE_COLORS = {"info": (0.85, 0.85, 0.85, 1.0), "warning": (1.0, 0.75, 0.3, 1.0), "error": (1.0, 0.45, 0.45, 1.0)}


def draw_help(state: AppState, window_size: tuple[float, float]) -> None:
    if not state.help_open:
        return
    imgui.set_next_window_pos((window_size[0] / 2, window_size[1] / 2), imgui.Cond_.always, (0.5, 0.5))
    opened, state.help_open = imgui.begin("Keyboard (F1 or ? to close)", True,
                                          imgui.WindowFlags_.always_auto_resize | imgui.WindowFlags_.no_collapse)
    if opened and imgui.begin_table("keys", 2, imgui.TableFlags_.row_bg):
        for keys, description in key_rows():
            imgui.table_next_row()
            imgui.table_next_column()
            imgui.text(keys)
            imgui.table_next_column()
            imgui.text(description)
        imgui.end_table()
    imgui.end()


def key_rows() -> list[tuple[str, str]]:
    """(keys, what they do) for each bound action; keys passing the same argument share a row."""
    rows = []
    for row in ACTIONS:
        by_argument: dict[object, list[str]] = {}
        for chord, argument in row.keys.items():
            by_argument.setdefault(argument, []).append(chord)
        rows += [(" / ".join(pretty_key(k) for k in chords), row.describe(argument))
                 for argument, chords in by_argument.items()]
    return rows


def pretty_key(key: str) -> str:
    names = {"period": ".", "plus": "+", "equal": "=", "minus": "-", "question": "?", "shift+slash": "?"}
    return "+".join(names.get(part, part.capitalize() if len(part) > 1 else part.upper()) for part in key.split("+"))


def draw_notices(state: AppState, window_size: tuple[float, float], max_width: float,
                 now: float | None = None) -> None:
    """Recent messages, bottom left, wrapped to `max_width` (the left panel, off the canvas); errors linger longest."""
    now = time.monotonic() if now is None else now
    shown = [n for n in state.notices if now - n.created < NOTICE_SECONDS[n.level]]
    if not shown:
        return
    imgui.set_next_window_pos((12, window_size[1] - 12), imgui.Cond_.always, (0.0, 1.0))
    imgui.set_next_window_bg_alpha(0.85)
    imgui.set_next_window_size_constraints((0, 0), (max_width, window_size[1] / 2))
    flags = (imgui.WindowFlags_.no_decoration | imgui.WindowFlags_.always_auto_resize
             | imgui.WindowFlags_.no_focus_on_appearing | imgui.WindowFlags_.no_nav)
    imgui.begin("##notices", None, flags)
    imgui.push_text_wrap_pos(max_width - 16)
    for notice in shown:
        imgui.text_colored(NOTICE_COLORS[notice.level], notice.text)
    imgui.pop_text_wrap_pos()
    imgui.end()
