"""The files panel: session folder, save and load, screenshot size, recording."""

from __future__ import annotations

from imgui_bundle import imgui

from ganlab_gl.app.actions import Action, key_of
from ganlab_gl.app.panels import flow
from ganlab_gl.app.panels.settings import fit_label
from ganlab_gl.app.state import AppState

SCREENSHOT_SIZE_HINT = "canvas size"  # what the empty field takes: it stood blank, its meaning in a tooltip alone


def draw_files_panel(state: AppState, recording: bool) -> None:
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
