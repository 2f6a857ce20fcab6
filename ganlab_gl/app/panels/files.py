"""The files panel: session folder, save and load, screenshot size, recording."""

from __future__ import annotations

from imgui_bundle import imgui

from ganlab_gl.app.actions import Action
from ganlab_gl.app.state import AppState


def draw_files_panel(state: AppState, recording: bool) -> None:
    _, state.session_path = imgui.input_text("session folder", state.session_path)
    if imgui.button("Save (Ctrl+S)"):
        state.request(Action.SAVE)
    imgui.same_line()
    if imgui.button("Load (Ctrl+O)"):
        state.request(Action.LOAD)
    _, state.screenshot_size = imgui.input_text("screenshot size", state.screenshot_size)
    if imgui.is_item_hovered():
        imgui.set_tooltip("WxH, e.g. 3840x2160; empty: the canvas's size. Re-rendered, not upscaled.")
    if imgui.button("Screenshot (F12)"):
        state.request(Action.SCREENSHOT)
    _, state.recording_path = imgui.input_text("record to", state.recording_path)
    if imgui.button("Stop recording" if recording else "Record (Ctrl+R)"):
        state.request(Action.TOGGLE_RECORDING)
