"""The data picker: the preset registry's datasets with previews, drawing, import, the pre-trained model."""

from __future__ import annotations

from imgui_bundle import imgui

from ganlab_gl.app.actions import Action
from ganlab_gl.app.lab_frame import LabFrame
from ganlab_gl.app.panels.settings import DRAG_PIXELS
from ganlab_gl.app.state import AppState
from ganlab_gl.core.presets import PRESETS

PREVIEW_PX = 56


def draw_data_panel(state: AppState, frame: LabFrame, previews: dict[str, object],
                    pretrained_available: set[str]) -> None:
    """`previews` maps preset names to ImGui texture refs of their samples."""
    current = state.config.data.name
    for index, preset in enumerate(PRESETS.values()):
        if index % 4:
            imgui.same_line()
        selected = preset.name == current and not state.drawing
        if selected:
            imgui.push_style_color(imgui.Col_.button, (0.48, 0.2, 0.58, 1.0))
        if imgui.image_button(f"##{preset.name}", previews[preset.name], (PREVIEW_PX, PREVIEW_PX)):
            state.request(Action.PICK_DATASET, preset.name)
        if selected:
            imgui.pop_style_color()
        if imgui.is_item_hovered():
            imgui.set_tooltip(f"{preset.title} (key {preset.key})\ntrains with: {preset.source}")
    _draw_drawing_controls(state)
    _draw_import(state)
    if current in pretrained_available:
        changed, use = imgui.checkbox("Use pre-trained model", frame.pretrained == current)
        if changed:
            state.request(Action.USE_PRETRAINED, use)


def _draw_drawing_controls(state: AppState) -> None:
    if not state.drawing:
        if imgui.button("Draw your own (8)"):
            state.request(Action.START_DRAWING)
        return
    imgui.text_wrapped(f"Drawing: drag on the canvas. {len(state.drawn_points)} points.")
    _, state.brush_spread = imgui.drag_float("brush spread", state.brush_spread, 0.1 / DRAG_PIXELS, 0.0, 0.1, "%.3f")
    if imgui.button("Clear"):
        state.drawn_points.clear()
    imgui.same_line()
    imgui.begin_disabled(len(state.drawn_points) < 2)
    if imgui.button("Done: train on it (Enter)"):
        state.request(Action.FINISH_DRAWING)
    imgui.end_disabled()
    imgui.same_line()
    if imgui.button("Cancel"):
        state.request(Action.CANCEL_DRAWING)


def _draw_import(state: AppState) -> None:
    imgui.set_next_item_width(-70)
    _, state.import_path = imgui.input_text("##import", state.import_path)
    if imgui.is_item_hovered():
        imgui.set_tooltip("path of an N x 2 .csv or .npy file (or drop one on the window)")
    imgui.same_line()
    imgui.begin_disabled(not state.import_path.strip())
    if imgui.button("Import"):
        state.request(Action.IMPORT_FILE, state.import_path.strip())
    imgui.end_disabled()
