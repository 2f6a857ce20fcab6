"""The right panel: the data picker, the metrics, comparing runs, the layers and view settings, and the files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from imgui_bundle import imgui

from ganlab_gl.app.lab_frame import LabFrame
from ganlab_gl.app.panels import flow
from ganlab_gl.app.panels.compare import ComparePanel
from ganlab_gl.app.panels.data import draw_data_options, draw_presets
from ganlab_gl.app.panels.files import draw_files_panel
from ganlab_gl.app.panels.metrics import OPTIONS_ABOVE, OPTIONS_APART, OPTIONS_BELOW, MetricsPanel
from ganlab_gl.app.panels.settings import draw_view_editor
from ganlab_gl.app.state import AppState

SIDE_SECTIONS = ("Data", "Metrics", "Compare", "Layers and view", "Files")  # the first two open at start
MORE_DATA = "More data"  # a short panel's data controls besides the presets, after the charts
SHORT_PANEL_LINES = 20  # a panel fewer lines tall is short (1024x768 at UI scale 2: 16)
CHARTS_SHOWN = "##charts-shown"  # the charts' least height as shown, their runs named by their letters where
# the panel folds sections (SideArrangement.content_px: under their section's name, as if named in full)


@dataclass
class SideArrangement:
    """What the right panel measured last frame to arrange this one: the height of the data controls besides the
    presets (in the Data section, or in a short panel under the charts), what each section takes open, and whether
    the panel is crowded: its data controls, charts at their least and Compare section, where open, and every
    header overrun its height (at
    1920x1080, UI scale 2, a mixture's three charts and their reading did, and a comparison's; at 1280x800 and
    1024x768, UI scale 1.5, the presets and two charts: the panel scrolled, the sections under the charts below
    the fold). Either arrangement measures it alike, so it holds from frame to frame. A crowded panel folds
    sections to keep every header in view (shown_open)."""
    data_options_px: float = 0.0
    chart_options_px: float = 0.0  # the charts' options, where drawn apart from them
    runs_listed: bool = False  # the Compare section is open on a comparison's runs
    crowded: bool = False
    crowded_as_a_mixture: bool = False  # crowded with a mixture's modes chart and reading (a mixture's, crowded):
    # every preset's panel is short alike, its data controls under More data (at 1280x800 only a mixture's panel
    # was, its Metrics header two rows above Two Gaussians', and the charts jumped as the user switched presets)
    # The sections the user has open, the one opened last first: at start the charts, then the presets; a header
    # ImGui opens by default (a comparison's Compare, a short panel's More data) after them.
    opened: list[str] = field(default_factory=lambda: [SIDE_SECTIONS[1], SIDE_SECTIONS[0]])
    content_px: dict[str, float] = field(default_factory=dict)  # each section's content, last drawn open (the
    # charts' at their least, their runs named in full; the Data section's presets alone)
    folding: bool = False  # last frame folded sections to fit (the next one that does not gives them back)
    comparing: bool = False  # last frame showed a comparison
    drawing: bool = False  # last frame was in drawing mode
    recovering: bool = False  # last frame listed an earlier lab's interrupted saves (LabFrame.interrupted)
    titled: bool = True  # the panel shows its title bar (holds_its_title)

    def shown_open(self, sections: list[str], room: float, header_px: float, chart_px: float) -> set[str]:
        """Of the `sections` drawn, those shown open in `room` px with every header in view: the section opened
        last, the presets where they fit (GAN Lab's data picker), then each other section open, latest first,
        that still fits (at 1280x800, UI scale 2, a comparison's charts at their least left no room for the
        Compare section's runs and field, which were below the fold). Under the charts opened last the presets
        leave `chart_px` (a chart at its least) or more: where the charts overrun what is left, the panel scrolls
        as one (in a region of their own, they scrolled inside the scrolling panel: two scroll bars). Where the
        charts at their least overrun it with every header even without the presets, the headers under them are
        below the fold either way: the presets need room above the chart alone (at 1280x800, UI scale 2, counting
        those headers folded the presets of every preset, and a lecturer switching data opened them each time)."""
        data, charts = SIDE_SECTIONS[:2]
        order = [label for label in self.opened if label in sections and label != data]
        left = room - header_px * len(sections)
        shown: set[str] = set()
        if order and order[0] != charts:
            shown.add(order[0])
            left -= self.content_px.get(order[0], 0.0)
        presets_room = left
        if charts in order[:1]:
            if self.content_px.get(CHARTS_SHOWN, 0.0) > left:  # the headers under the charts are below the fold
                presets_room = room - header_px * (sections.index(charts) + 1)  # the headers down to the charts
            presets_room -= chart_px
        if data in self.opened and self.content_px.get(data, 0.0) <= presets_room:
            shown.add(data)
            left -= self.content_px.get(data, 0.0)
        for label in (label for label in order if label not in shown):
            need = self.content_px.get(CHARTS_SHOWN if label == charts else label, 0.0)
            if need <= left or label == order[0]:
                shown.add(label)
                left -= need
        return shown

    def overruns(self, room: float, header_px: float, modes_px: float = 0.0) -> bool:
        """Whether the data controls, the charts (with `modes_px` more: a mixture's modes chart beside others) and
        the Compare section, where open, and every header overrun `room` px (the sections under them, opened in a
        large panel, scroll there as they did)."""
        sections = [label for label in self.opened if label in SIDE_SECTIONS[:3]]
        return (header_px * len(SIDE_SECTIONS) + sum(self.content_px.get(label, 0.0) for label in sections)
                + (self.data_options_px if SIDE_SECTIONS[0] in sections else 0.0)
                + (modes_px if SIDE_SECTIONS[1] in sections else 0.0)) > room

    def holds_its_title(self, room: float, header_px: float) -> bool:
        """Whether a crowded panel `room` px tall under its title bar holds every header of its folding arrangement,
        the presets and the charts at their least, as last drawn open: whatever the user opens or folds, so that a
        click on a header never moves the panel (a section opened past the room scrolls, as in a panel not
        crowded). Where it does not (the charts of a comparison at 1920x1080, UI scale 2), the panel gives them its
        title bar's height. A mixture's at 1280x800 gave it for 13 px at iteration 0, moving the presets and
        "Use pre-trained model" 21 px up from where every other preset has them: a click aimed there on Two
        Gaussians folded the charts on Disjoint."""
        headers = header_px * (len(SIDE_SECTIONS) + 1)  # and More data
        return headers + self.content_px.get(SIDE_SECTIONS[0], 0.0) + self.content_px.get(CHARTS_SHOWN, 0.0) <= room

    def note(self, label: str, opened: bool) -> None:
        """After `label`'s header: a click (or a key) that opened it puts it first, one that folded it takes it
        off; a header ImGui shows open by default goes last."""
        if imgui.is_item_toggled_open():
            if label in self.opened:
                self.opened.remove(label)
            if opened:
                self.opened.insert(0, label)
        elif opened and label not in self.opened:
            self.opened.append(label)

    def bring_first(self, label: str) -> None:
        """`label` shown open first, as if just clicked open: a comparison's charts once it begins (the section that
        added it after them), the drawing's controls once it begins."""
        if label in self.opened:
            self.opened.remove(label)
        self.opened.insert(0, label)


def draw_side_panel(state: AppState, frame: LabFrame, previews: dict[str, tuple], pretrained: set[str],
                    metrics: MetricsPanel, recording: bool, compare: ComparePanel,
                    arrangement: SideArrangement | None = None, untitled: float = 0.0) -> None:
    """`previews`: preset name -> (ImGui texture ref, uv0, uv1) of its samples' picture; `pretrained`: presets that
    ship a model; `arrangement`: the panel's measures from the last frame (a new one: none). In a short or
    crowded panel the presets and the charts come first, in the height the panel shows, the charts' options and
    the other data controls after them (at 1024x768, UI scale 2, the data section alone filled the panel: the loss
    chart was below the fold). The Compare section follows the charts, in view as far as they can shrink; listing a
    comparison's runs with their colours there, it is the legend of the charts of a short panel, which name the runs
    by their letters and leave it their own options' row (at 1920x1080, UI scale 2, the runs and the field to add
    one were below the fold after the charts' legends, three of them naming the runs in full). A crowded panel
    folds the sections opened longest ago where they overrun it, every header in view (with a comparison at
    1920x1080, UI scale 2, More data and the sections under it were below the fold; at 1280x800 the Compare
    section; at UI scale 1.5, without one, at 1280x800 and 1024x768, More data and the sections under it); where
    its charts opened last overrun, at their least, what the presets leave (1280x800, UI scale 2), the panel
    scrolls as one, the charts whole in it. A crowded panel gives its title bar's height where its headers, presets
    and charts at their least do not fit under it (SideArrangement.holds_its_title; `untitled`: px, which it
    measures as if it had it, so it holds still), and its charts name the runs by their letters (the panes'
    captions name them in full, in the same colours)."""
    arrangement = arrangement or SideArrangement()
    data, charts, runs, view, files = SIDE_SECTIONS
    short = (imgui.get_window_height() < SHORT_PANEL_LINES * imgui.get_text_line_height_with_spacing()
             or arrangement.crowded_as_a_mixture)
    # window coordinates, as a scrolled window's cursor is
    top, bottom = imgui.get_cursor_pos_y(), imgui.get_window_height() - imgui.get_style().window_padding.y
    header_px = imgui.get_frame_height_with_spacing()
    if frame.comparison and not arrangement.comparing:
        arrangement.bring_first(charts)
    arrangement.comparing = bool(frame.comparison)
    # The drawing's brush, Clear, Undo and Done open at 8, where the panel had folded them (under More data at
    # 1280x800, UI scale 2) or the user had
    drawing_controls = (MORE_DATA if short else data) if state.drawing and not arrangement.drawing else None
    if drawing_controls is not None:
        arrangement.bring_first(drawing_controls)
    arrangement.drawing = state.drawing
    # An earlier lab's interrupted saves open the Files section, where their Open and Dismiss are, as they are found
    recovered = files if frame.interrupted and not arrangement.recovering else None
    if recovered is not None:
        arrangement.bring_first(recovered)
    arrangement.recovering = bool(frame.interrupted)
    drawn = [data, charts, runs, *([MORE_DATA] if short else []), view, files]
    folding = arrangement.crowded
    shown = (arrangement.shown_open(drawn, bottom - top, header_px, metrics.least_chart_px(bool(frame.comparison)))
             if folding else None)
    giving_back, arrangement.folding = arrangement.folding and not folding, folding

    def section(label: str, flags: int = 0) -> bool:
        """`label`'s header, open as the folding shows it, or as the user left it where the folding ends."""
        if shown is not None or giving_back:
            imgui.set_next_item_open(label in (arrangement.opened if shown is None else shown), imgui.Cond_.always)
        elif label in (drawing_controls, recovered):
            imgui.set_next_item_open(True, imgui.Cond_.always)
        opened = imgui.collapsing_header(header_label(label), flags)
        arrangement.note(label, opened)
        return opened

    data_open = section(data, imgui.TreeNodeFlags_.default_open)
    if data_open:
        arrangement.content_px[data] = _height_of(lambda: draw_presets(state, frame, previews, pretrained))
        if not short:
            arrangement.data_options_px = _height_of(lambda: draw_data_options(state, frame, pretrained))
    letters = short and (arrangement.runs_listed or folding)
    options = OPTIONS_BELOW if folding else OPTIONS_APART if letters else OPTIONS_BELOW if short else OPTIONS_ABOVE
    charts_open = section(charts, imgui.TreeNodeFlags_.default_open)
    charts_px = _height_of(lambda: metrics.draw(frame, options, letters=letters)) if charts_open else 0.0
    options_apart = charts_open and options == OPTIONS_APART
    # measured as if the charts named the runs in full, over their options (crowded either way)
    least_px = (charts_px - metrics.least_saving() + metrics.letters_saving()
                + (arrangement.chart_options_px if options_apart else 0.0))
    if charts_open:
        arrangement.content_px[charts] = least_px
        arrangement.content_px[CHARTS_SHOWN] = least_px - metrics.letters_saving()
    # next to the charts, before the data controls of a short panel
    compare_open = section(runs, imgui.TreeNodeFlags_.default_open if frame.comparison else 0)
    if compare_open:
        arrangement.content_px[runs] = _height_of(lambda: compare.draw(state, frame))
    room = bottom - top - untitled  # under the title bar, whether it shows or not
    arrangement.crowded = arrangement.overruns(room, header_px)
    arrangement.crowded_as_a_mixture = arrangement.overruns(room, header_px, metrics.modes_least_px(frame))
    arrangement.titled = not arrangement.crowded or arrangement.holds_its_title(room, header_px)
    arrangement.runs_listed = compare_open and bool(frame.comparison)
    if options_apart:
        arrangement.chart_options_px = _height_of(metrics.draw_options)
    if short and section(MORE_DATA, imgui.TreeNodeFlags_.default_open):
        arrangement.data_options_px = arrangement.content_px[MORE_DATA] = _height_of(
            lambda: draw_data_options(state, frame, pretrained))
    if section(view):
        arrangement.content_px[view] = _height_of(lambda: draw_view_editor(state))
    if section(files):
        arrangement.content_px[files] = _height_of(lambda: draw_files_panel(state, recording, frame.interrupted))
    # the height the panel leaves below its last item: the charts take it, or give it back
    metrics.take_spare_height(bottom - imgui.get_cursor_pos_y(), short)


def header_label(label: str) -> str:
    """`label` cut with "..." where its header, past the arrow, has no room for it (at 1024x768, UI scale 2, "Layers
    and view" was clipped mid-word), its ImGui identity the whole label's."""
    room = imgui.get_content_region_avail().x - imgui.get_font_size() - 3 * imgui.get_style().frame_padding.x
    shown = flow.fitted(label, room)
    return label if shown == label else f"{shown}###{label}"


def _height_of(draw: Callable[[], None]) -> float:
    """The px of the panel's height that `draw` took."""
    top = imgui.get_cursor_pos_y()
    draw()
    return imgui.get_cursor_pos_y() - top
