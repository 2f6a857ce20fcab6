"""Regenerate the reference pages that come from declarations: docs/SETTINGS.md and docs/KEYS.md.

Tests fail when a page lags behind the code; run this after changing a setting or a key.

    .venv/bin/python scripts/update_docs.py
"""

from pathlib import Path

from ganlab_gl.app.actions import NO_BREAK, Action, key_of, keys_of
from ganlab_gl.app.outputs import DEFAULT_FOLDER, EXPORT_NAME, OUTPUT_ENV, RECORDING_NAME, SESSION_NAME
from ganlab_gl.app.panels.help import HELP_KEY_ROWS, MOUSE_ROWS, key_rows
from ganlab_gl.app.view_settings import SETTING_GROUPS

DOCS = Path(__file__).resolve().parent.parent / "docs"


def settings_page() -> str:
    return "\n".join([
        "# Settings", "",
        "Generated from the declarations in `ganlab_gl/core/settings.py`, `ganlab_gl/app/view_settings.py` and the "
        "layer table (`ganlab_gl/render/layer_table.py`) by `scripts/update_docs.py`; a test keeps this page in step. "
        "`ganlab-gl settings` prints the same tables, `ganlab-gl settings KEY` one setting.", "",
        *(group.markdown() for group in SETTING_GROUPS),
    ])


def alternatives(keys: str) -> str:
    """`F1 / ?` -> `F1, ?`: the chords of one action comma-separated (a slash would read as a key of its own)."""
    return ", ".join(keys.split(" / "))


def keys_page() -> str:
    """The page; its sentences name each key the action table binds as key_of does (a rebound key follows), and
    the keys no action owns as ImGui fixes them: Enter and Esc in a text field or a question, the arrows, Tab,
    Space and Enter in a panel given the keyboard."""
    help_keys, to_panels = " or ".join(keys_of(Action.TOGGLE_HELP)), key_of(Action.KEYBOARD_TO_PANELS)
    walk = [key_of(Action.SHOW_ITERATION, "first"), *keys_of(Action.SCRUB, -1), key_of(Action.SCRUB, 1)]
    rewind = f"{', '.join(walk[:-1])} and {walk[-1]}"
    rows = [f"| {alternatives(keys)} | {description} |" for keys, description in [*key_rows(), *HELP_KEY_ROWS]]
    return "\n".join([
        "# Keys", "",
        f"Every action of the lab has a key; {help_keys} shows this list in the window (beside what each "
        "picture shows). Keys work whichever panel has focus, except while a widget is being edited or held, and "
        f"while {to_panels} has given the keyboard to a panel the arrows, Tab, Space, Enter, Home, End, PgUp and PgDn "
        "are that panel's. Generated from the action table "
        "(`ganlab_gl/app/actions.py`; dataset keys from `core/presets.py`, layer keys from `render/layer_table.py`) by "
        "`scripts/update_docs.py`.", "",
        "| key | action |", "|---|---|", *rows, "",
        "The mouse (the help's Mouse page; more on each below):", "",
        "| mouse | action |", "|---|---|", *(f"| {what} | {does} |" for what, does in MOUSE_ROWS), "",
        "Typing a value: click a number to turn it into a text field, type the value and press Enter to apply "
        "it (or click elsewhere), read as typed (1e-5, 0.05 exactly); Esc cancels. A value it cannot take (text, "
        "2.5 layers, beyond the range) is refused in one line that names what was typed, and the setting keeps "
        "its value. Drag a number to sweep it. While a field is edited or held, the keys above are off, so typed "
        "digits never pick a dataset.", "",
        f"Without a mouse: {to_panels} gives the keyboard to the graph and its settings ({to_panels} again: data "
        "and metrics, the "
        "timeline bar, the toolbar, then back; the help, which covers them, closes), its first item under a "
        "highlight, a notice saying where the keyboard is and that Space presses there instead of playing till "
        "the keys go back (each notice replacing the last). The arrows move the highlight (among the graph's "
        "controls, left and right in reading order, up and down within a column; the highlighted one's help stands "
        "under the graph, off its pictures), "
        "Tab goes to the next value and opens it as a text field; Enter opens the highlighted value (Space takes "
        "hold of a number for the arrows to change, a button or checkbox it presses); type, then Enter applies "
        "and Esc undoes the edit. A question asked meanwhile (Replace the run?) takes the highlight on the button "
        "that says Enter; the arrows move it and Enter presses the highlighted one. With no field open, "
        f"{key_of(Action.ESCAPE)} (or a click) gives the keys back to the lab, as does "
        "lecture mode turned on or off (the panel goes). Outside a panel, "
        f"{key_of(Action.CYCLE_PANELS)} hides the panels (a notice says that it shows them again).", "",
        "Mouse: the wheel zooms about the pointer (the heatmap is re-probed over the new view, so zooming reveals "
        "detail rather than blur; at most 1,000x in and 100x out of the data's view), dragging pans (as far as "
        "the data's view stays on screen); while zoomed or panned, the canvas's Reset view button (lower right) "
        f"returns to the automatic view, as {key_of(Action.RESET_VIEW)} does, and so does other data (a preset, a "
        "drawing, a file). "
        "Hovering shows the coordinates (as many decimals as tell neighbouring pixels apart, at least 3) and D's "
        "output there, with which "
        "way is real (\"D 0.537 (1 = real)\", a critic's score for WGAN-GP and hinge). In drawing mode, dragging "
        f"draws, on the drawing's unit square (the wheel and the pan keys wait for {key_of(Action.FINISH_DRAWING)} "
        f"or {key_of(Action.ESCAPE)}). Under the canvas the legend's entries are GAN Lab's layer switches: a click "
        "on the real or fake dot "
        "or the arrow shows or hides that layer (a hidden one stays, dimmed), and a hidden background or manifold "
        "is named there as a link that shows it. Dropping a .csv/.npy file on the window imports it; dropping a "
        "session folder (or a file of one: its checkpoint, its state.json) loads it.", "",
        "Timeline: the bar at the foot of the graph's column shows the losses over every kept iteration; clicking "
        f"or dragging there (or {rewind}, {key_of(Action.SCRUB, -10)} and {key_of(Action.SCRUB, 10)} for ten) "
        "rewinds the lab to that iteration, "
        f"re-probed from the weights kept then. {key_of(Action.FORWARD)} goes forward through the kept iterations "
        "and, at the present, trains one. Play, a step or "
        f"{key_of(Action.SHOW_ITERATION, 'present')} comes back to the present; {key_of(Action.BRANCH)} (*Branch "
        "here*) continues the run "
        "from the shown iteration with the current settings, dropping the later ones (asked first when unsaved; "
        f"{key_of(Action.UNDO)} then brings the run back as it was). "
        f"*Export...* ({key_of(Action.OPEN_EXPORT)}) opens a dialog: a range of kept iterations (the last one "
        "exported, else up to the shown one; *All*: every kept one), MP4 or GIF, a size, the video's length and file "
        f"size; *Export* writes it as `{DEFAULT_FOLDER}/{EXPORT_NAME}` (or a .gif) through `ganlab-gl animate`, in the "
        "background.", "",
        f"Files: {key_of(Action.SAVE)} saves the session to `{DEFAULT_FOLDER}/{SESSION_NAME}/` (`{SESSION_NAME}-2/` "
        "and on where "
        "another run is saved there, one the running run was neither saved to nor loaded from; a typed folder "
        "holding another run is replaced only after asking), "
        f"{key_of(Action.SCREENSHOT)} writes "
        f"`{DEFAULT_FOLDER}/ganlab-0001.png` (the next free number), {key_of(Action.TOGGLE_RECORDING)} records "
        f"`{DEFAULT_FOLDER}/{RECORDING_NAME}`: "
        f"one folder, `{DEFAULT_FOLDER}` unless the environment variable `{OUTPUT_ENV}` names another (the files "
        "panel can point a session or a recording elsewhere). The first save of a session prints the full path "
        "in the terminal; every save names it in a notice.", "",
        f"Quitting ({key_of(Action.QUIT)} or the window's close button) with unsaved progress pauses training and "
        "asks: *Save and quit* (Enter), *Quit without saving*, or *Cancel* (Esc).", "",
    ]).replace(NO_BREAK, " ")  # a space in Markdown


def main() -> None:
    (DOCS / "SETTINGS.md").write_text(settings_page(), encoding="utf-8")
    (DOCS / "KEYS.md").write_text(keys_page(), encoding="utf-8")


if __name__ == "__main__":
    main()
