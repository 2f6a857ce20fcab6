"""The right panel: the data picker, the metrics, comparing runs, the layers and view settings, and the files."""

from __future__ import annotations

from imgui_bundle import imgui

from ganlab_gl.app.lab_frame import LabFrame
from ganlab_gl.app.panels.compare import ComparePanel
from ganlab_gl.app.panels.data import draw_data_options, draw_data_panel, draw_presets
from ganlab_gl.app.panels.files import draw_files_panel
from ganlab_gl.app.panels.metrics import MetricsPanel
from ganlab_gl.app.panels.settings import draw_view_editor
from ganlab_gl.app.state import AppState

SIDE_SECTIONS = ("Data", "Metrics", "Compare", "Layers and view", "Files")  # the first two open at start
MORE_DATA = "More data"  # a short panel's data controls besides the presets, after the charts
SHORT_PANEL_LINES = 20  # a panel fewer lines tall is short (1024x768 at UI scale 2: 16)


def draw_side_panel(state: AppState, frame: LabFrame, previews: dict[str, tuple], pretrained: set[str],
                    metrics: MetricsPanel, recording: bool, compare: ComparePanel) -> None:
    """`previews`: preset name -> (ImGui texture ref, uv0, uv1) of its samples' picture; `pretrained`: presets that
    ship a model. In a short panel the presets and the charts come first, the charts' options and the other data
    controls after them (at 1024x768, UI scale 2, the data section alone filled the panel: the loss chart was below
    the fold)."""
    data, charts, runs, view, files = SIDE_SECTIONS
    short = imgui.get_window_height() < SHORT_PANEL_LINES * imgui.get_text_line_height_with_spacing()
    if imgui.collapsing_header(data, imgui.TreeNodeFlags_.default_open):
        if short:
            draw_presets(state, previews)
        else:
            draw_data_panel(state, frame, previews, pretrained)
    if imgui.collapsing_header(charts, imgui.TreeNodeFlags_.default_open):
        metrics.draw(frame, options_last=short)
    if short and imgui.collapsing_header(MORE_DATA, imgui.TreeNodeFlags_.default_open):
        draw_data_options(state, frame, pretrained)
    if imgui.collapsing_header(runs, imgui.TreeNodeFlags_.default_open if frame.comparison else 0):
        compare.draw(state, frame)
    if imgui.collapsing_header(view):
        draw_view_editor(state)
    if imgui.collapsing_header(files):
        draw_files_panel(state, recording)
    # the window's height below its last item, in window coordinates (as a scrolled one's cursor is)
    metrics.take_spare_height(imgui.get_window_height() - imgui.get_style().window_padding.y - imgui.get_cursor_pos_y(),
                              short)
