"""The right panel: the data picker, the metrics, comparing runs, the layers and view settings, and the files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from imgui_bundle import imgui

from ganlab_gl.app.lab_frame import LabFrame
from ganlab_gl.app.panels.compare import ComparePanel
from ganlab_gl.app.panels.data import draw_data_options, draw_presets
from ganlab_gl.app.panels.files import draw_files_panel
from ganlab_gl.app.panels.metrics import OPTIONS_ABOVE, OPTIONS_APART, OPTIONS_BELOW, MetricsPanel
from ganlab_gl.app.panels.settings import draw_view_editor
from ganlab_gl.app.state import AppState

SIDE_SECTIONS = ("Data", "Metrics", "Compare", "Layers and view", "Files")  # the first two open at start
MORE_DATA = "More data"  # a short panel's data controls besides the presets, after the charts
SHORT_PANEL_LINES = 20  # a panel fewer lines tall is short (1024x768 at UI scale 2: 16)


@dataclass
class SideArrangement:
    """What the right panel measured last frame to arrange this one: the height of the data controls besides the
    presets (in the Data section, or in a short panel under the charts), and whether the panel is crowded: its
    Data section whole, the charts at their least, the Compare section as shown (open by default in a comparison)
    and the others' headers overrun its height (at 1920x1080, UI scale 2, a mixture's three charts and their
    reading did, and a comparison's; at 1280x800 a comparison's: the panel scrolled, the charts at their full
    height, the last below the fold). Either arrangement measures it alike, so it holds from frame to frame."""
    data_options_px: float = 0.0
    compare_px: float = 0.0  # the Compare section's header and what it shows
    chart_options_px: float = 0.0  # the charts' options, where drawn apart from them
    runs_listed: bool = False  # the Compare section is open on a comparison's runs
    crowded: bool = False


def draw_side_panel(state: AppState, frame: LabFrame, previews: dict[str, tuple], pretrained: set[str],
                    metrics: MetricsPanel, recording: bool, compare: ComparePanel,
                    arrangement: SideArrangement | None = None) -> None:
    """`previews`: preset name -> (ImGui texture ref, uv0, uv1) of its samples' picture; `pretrained`: presets that
    ship a model; `arrangement`: the panel's measures from the last frame (a new one: none). In a short or
    crowded panel the presets and the charts come first, in the height the panel shows, the charts' options and
    the other data controls after them (at 1024x768, UI scale 2, the data section alone filled the panel: the loss
    chart was below the fold). The Compare section follows the charts, in view as far as they can shrink; listing a
    comparison's runs with their colours there, it is the legend of the charts of a short panel, which name the runs
    by their letters and leave it their own options' row (at 1920x1080, UI scale 2, the runs and the field to add
    one were below the fold after the charts' legends, three of them naming the runs in full)."""
    arrangement = arrangement or SideArrangement()
    data, charts, runs, view, files = SIDE_SECTIONS
    short = (imgui.get_window_height() < SHORT_PANEL_LINES * imgui.get_text_line_height_with_spacing()
             or arrangement.crowded)
    data_open = imgui.collapsing_header(data, imgui.TreeNodeFlags_.default_open)
    if data_open:
        draw_presets(state, previews)
        if not short:
            arrangement.data_options_px = _height_of(lambda: draw_data_options(state, frame, pretrained))
    runs_listed = short and arrangement.runs_listed
    options = OPTIONS_APART if runs_listed else OPTIONS_BELOW if short else OPTIONS_ABOVE
    charts_open = imgui.collapsing_header(charts, imgui.TreeNodeFlags_.default_open)
    if charts_open:
        metrics.draw(frame, options, letters=runs_listed)
    options_apart = charts_open and options == OPTIONS_APART
    # window coordinates, as a scrolled window's cursor is
    charts_end, bottom = imgui.get_cursor_pos_y(), imgui.get_window_height() - imgui.get_style().window_padding.y
    # measured as if the charts named the runs in full, over their options (crowded either way)
    least_end = (charts_end + (arrangement.data_options_px if short and data_open else 0.0) - metrics.least_saving()
                 + metrics.letters_saving() + (arrangement.chart_options_px if options_apart else 0.0))
    compare_open = False

    def draw_compare() -> None:
        nonlocal compare_open
        compare_open = imgui.collapsing_header(runs, imgui.TreeNodeFlags_.default_open if frame.comparison else 0)
        if compare_open:
            compare.draw(state, frame)

    arrangement.compare_px = _height_of(draw_compare)  # next to the charts, before the data controls of a short panel
    arrangement.crowded = (least_end + arrangement.compare_px
                           + len(SIDE_SECTIONS[3:]) * imgui.get_frame_height_with_spacing() > bottom)
    arrangement.runs_listed = compare_open and bool(frame.comparison)
    if options_apart:
        arrangement.chart_options_px = _height_of(metrics.draw_options)
    if short and imgui.collapsing_header(MORE_DATA, imgui.TreeNodeFlags_.default_open):
        arrangement.data_options_px = _height_of(lambda: draw_data_options(state, frame, pretrained))
    if imgui.collapsing_header(view):
        draw_view_editor(state)
    if imgui.collapsing_header(files):
        draw_files_panel(state, recording)
    # the height the panel leaves below its last item, or in a short one below the charts and the Compare section
    # in view (as far as the charts shrink: its header was cut at the fold, the runs and the field below it)
    in_view = charts_end + arrangement.compare_px
    metrics.take_spare_height(bottom - (in_view if short else imgui.get_cursor_pos_y()), short)


def _height_of(draw: Callable[[], None]) -> float:
    """The px of the panel's height that `draw` took."""
    top = imgui.get_cursor_pos_y()
    draw()
    return imgui.get_cursor_pos_y() - top
