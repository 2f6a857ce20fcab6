"""The files panel: an earlier lab's interrupted saves to open or dismiss, session folder, save and load, screenshot
size, recording."""

from __future__ import annotations

from imgui_bundle import imgui

from ganlab_gl.app.actions import Action, key_of
from ganlab_gl.app.panels import flow
from ganlab_gl.app.panels.help import NOTICE_COLORS
from ganlab_gl.app.panels.settings import fit_label
from ganlab_gl.app.recovery import InterruptedSave
from ganlab_gl.app.state import AppState

SCREENSHOT_SIZE_HINT = "canvas size"  # what the empty field takes: it stood blank, its meaning in a tooltip alone


def draw_files_panel(state: AppState, recording: bool, interrupted: tuple[InterruptedSave, ...] = ()) -> None:
    """`interrupted`: an earlier lab's saves found at the start (recovery.py), first, each with its buttons."""
    for index, save in enumerate(interrupted):
        _draw_interrupted(state, save, index)
    _, state.session_path = imgui.input_text(fit_label("session folder"), state.session_path)
    if imgui.button(flow.with_key_if_it_fits(f"Save ({key_of(Action.SAVE)})")):
        state.request(Action.SAVE)
    load = f"Load ({key_of(Action.LOAD)})"
    flow.place(flow.button_width(load))
    if imgui.button(flow.with_key_if_it_fits(load)):
        state.request(Action.LOAD)
    _, state.screenshot_size = imgui.input_text_with_hint(fit_label("screenshot size"), SCREENSHOT_SIZE_HINT,
                                                          state.screenshot_size)
    if imgui.is_item_hovered():
        imgui.set_tooltip("WxH, e.g. 3840x2160; empty: the canvas's size. Re-rendered, not upscaled.")
    if imgui.button(flow.with_key_if_it_fits(f"Screenshot ({key_of(Action.SCREENSHOT)})")):
        state.request(Action.SCREENSHOT)
    _, state.recording_path = imgui.input_text(fit_label("record to"), state.recording_path)
    record = key_of(Action.TOGGLE_RECORDING)
    if imgui.button(flow.with_key_if_it_fits(f"Stop recording ({record})" if recording else f"Record ({record})")):
        state.request(Action.TOGGLE_RECORDING)


def _draw_interrupted(state: AppState, save: InterruptedSave, index: int) -> None:
    """'Interrupted save: Ring at iteration 1,234, saved 2026-12-05 06:14' in the notices' warning colour, its
    folder in a tooltip; Open loads it as Load does (asking first where the run on screen is unsaved), Dismiss
    marks it seen where it lies. One that cannot be opened says why, and offers Dismiss alone."""
    imgui.push_style_color(imgui.Col_.text, NOTICE_COLORS["warning"])
    imgui.text_wrapped(f"Interrupted save: {save.described()}")
    imgui.pop_style_color()
    if imgui.is_item_hovered():
        imgui.set_tooltip(f"{save.folder}: saved when a lab was stopped with unsaved work")
    if save.title is not None:  # the first, the newest that can be opened, names its key
        opens = flow.with_key_if_it_fits(f"Open ({key_of(Action.OPEN_INTERRUPTED)})") if index == 0 else "Open"
        if imgui.button(f"{opens}##interrupted-{index}"):
            state.request(Action.LOAD, save.folder)
        flow.place(flow.button_width("Dismiss"))
    if imgui.button(f"Dismiss##interrupted-{index}"):
        state.request(Action.DISMISS_INTERRUPTED, save.folder)
    if imgui.is_item_hovered():
        imgui.set_tooltip("Listed no more; the folder stays as it is")
    imgui.separator()
