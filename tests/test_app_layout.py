"""GAN Lab's two views at every window size and UI scale: the graph large, the canvas beside it,
nothing overlapping, and the text on the graph's controls inside its widgets (measured with the
bundled font); the toolbar, the legend under the canvas and the side panels drawn at their
boxes with nothing running past a panel's edge; lecture mode's text and graph readable from
the back of a room."""

import dataclasses
import itertools

import numpy as np
import pytest
import torch
from imgui_bundle import imgui, implot
import lab_frames
from imgui_headless import draw_frame, imgui_context

from ganlab_gl.app.fonts import BASE_FONT_SIZE, UiFonts
from ganlab_gl.app.layout import compute_layout, desk_layout, fixed_panel, lecture_layout, lecture_text_scale
from ganlab_gl.app.panels import flow
from ganlab_gl.app.panels.legend import draw_density_legend, draw_heatmap_legend, draw_sample_legend, scale_labels
from ganlab_gl.app.panels.metrics import MetricsPanel
from ganlab_gl.app.panels.overview_graph import (COLUMNS_SPREAD_FROM, CONTROL_PAD, DESIGN_SIZE, LABEL_SIZE,
                                                 arrangement, label_for)
from ganlab_gl.app.panels.settings import draw_pending_restart, draw_settings_editor
from ganlab_gl.app.panels.compare import ComparePanel
from ganlab_gl.app.panels.side import SideArrangement, draw_side_panel
from ganlab_gl.app.panels.timeline import TimelineBar, timeline_rows
from ganlab_gl.app.panels.toolbar import FrameStats, draw_toolbar, measure_toolbar
from ganlab_gl.app.refinement import Resolution
from ganlab_gl.app.state import AppState, ViewConfig
from ganlab_gl.app.view_settings import LECTURE_SHOWS
from ganlab_gl.core.presets import PRESETS
from ganlab_gl.core.settings import GanConfig
from ganlab_gl.core.snapshot import HeatmapProbe
from ganlab_gl.render.layers.manifold import density_legend

WINDOWS = [(1024, 768), (1280, 800), (1600, 960), (1920, 1080), (3840, 2160)]
UI_SCALES = [1.0, 1.5, 2.0]
# UI scale 2 on 1024x768 is a 512x384 screen, where lecture mode (L) is the large-type arrangement to use.
SIZES = [(window, scale) for window, scale in itertools.product(WINDOWS, UI_SCALES) if window[0] * 2 / scale >= 1280]
# Beyond them, the extremes found by eye: a 1440p screen at UI scale 3, and 1024x768 at UI scale 2 (a comparison's).
EXTREMES = [((2560, 1440), 3.0)]
LR_WIDEST = 0.000123  # "%.3g" at its longest in the learning rates' range


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] - 1e-6 and b[0] < a[0] + a[2] - 1e-6 and a[1] < b[1] + b[3] - 1e-6 \
        and b[1] < a[1] + a[3] - 1e-6


def _within(box, window) -> bool:
    x, y, w, h = box
    return x >= -1e-6 and y >= -1e-6 and x + w <= window[0] + 1e-6 and y + h <= window[1] + 1e-6 and w > 0 and h > 0


@pytest.mark.parametrize("window, ui_scale", SIZES + EXTREMES)
def test_the_graph_takes_a_third_beside_the_canvas_and_nothing_overlaps(window, ui_scale):
    layout = compute_layout(window, True, ui_scale)
    boxes = [layout.toolbar, layout.left, layout.canvas, layout.timeline, layout.legend, layout.right]
    assert all(_within(box, window) for box in boxes)
    for a, b in itertools.combinations(boxes, 2):
        assert not _overlap(a, b), (a, b)
    assert layout.left[2] >= window[0] / 3  # GAN Lab's view A: at least a third of the window
    assert layout.canvas[2] == layout.canvas[3] >= window[1] / 4  # view B: square, and not a stamp
    if ui_scale == 1.0:  # nor a small one beside the graph (it was half the graph's width at 1024x768)
        assert layout.canvas[2] >= 0.75 * layout.left[2]


def _widest_texts(setting, value_format: str) -> list[str]:
    if setting.type is bool:
        return [value_format]
    if setting.choices is not None:  # the combo shows each choice's title
        return list(setting.choice_titles)
    if setting.type is int:
        return [value_format % (setting.ui_high or setting.high)]
    return [value_format % value for value in (LR_WIDEST, setting.high)]


@pytest.mark.parametrize("window, ui_scale", SIZES + [((1024, 768), 2.0)])
@pytest.mark.parametrize("panes", [1, 2])
def test_each_control_on_the_graph_shows_its_whole_value(window, ui_scale, panes):
    layout = compute_layout(window, True, ui_scale, panes=panes)  # beside a comparison's panes the graph is narrower
    misfits = []

    def measure():
        width = layout.left[2] - 2 * imgui.get_style().window_padding.x  # the panel's content width
        design = arrangement(label_for(width, imgui.get_font_size()))  # as the panel draws it
        scale = width / design.size[0]
        imgui.push_font(None, design.label * scale / (imgui.get_font_size() / imgui.get_style().font_size_base))
        for control in design.controls:
            setting = {**GanConfig.settings(), **ViewConfig.settings()}[control.key]
            arrow = design.row * scale if setting.choices is not None else 0.0  # a square button, the row's height
            for text in _widest_texts(setting, control.format):
                needed = imgui.calc_text_size(text).x + 2 * CONTROL_PAD * scale + arrow
                if setting.type is bool:  # a toggle: its box (a frame high), then its label
                    needed = design.row * scale + imgui.get_style().item_inner_spacing.x + imgui.calc_text_size(text).x
                if needed > control.field[2] * scale:  # right of a count's arrows
                    misfits.append((control.key, text, round(needed), round(control.field[2] * scale)))
        imgui.pop_font()

    with imgui_context(window):
        UiFonts().apply_scale(ui_scale, 1.0)
        draw_frame(measure, window)
    assert not misfits


@pytest.mark.parametrize("window, ui_scale", SIZES + [((1024, 768), 2.0)])
def test_the_graphs_captions_follow_the_panels_text(window, ui_scale):
    """At 1024x768 the graph's captions were 11 px beside 15 px text (GAN Lab's proportions at the column's width),
    and stayed about that at UI scale 2 while all other text doubled. They are now as large as the text wherever
    the graph's design holds them at its width (COLUMNS_SPREAD_FROM: larger moves its columns apart, which only a
    graph its height bounds has room for), never smaller than GAN Lab's proportions give (the graph grows
    taller into its column for them)."""
    layout = compute_layout(window, True, ui_scale)
    width = layout.left[2] - 2 * 8.0 * ui_scale  # the panel's content width (WindowPadding follows the UI scale)
    text_px = 15.0 * ui_scale
    design = arrangement(label_for(width, text_px))
    scale = width / design.size[0]
    caption_px = design.label * scale
    gan_lab_px = LABEL_SIZE * width / DESIGN_SIZE[0]  # GAN Lab's proportions at this width
    assert caption_px >= gan_lab_px - 1e-6 and caption_px <= max(text_px, gan_lab_px) + 1e-6
    assert caption_px >= min(0.95 * text_px, COLUMNS_SPREAD_FROM * scale), (caption_px, text_px)
    if window[0] <= 1280:  # the small windows the graph's captions were smallest on
        assert caption_px >= (14.0 if ui_scale == 1.0 else 15.0), caption_px


@pytest.mark.parametrize("window, panes", list(itertools.product(WINDOWS[:4], [1, 2, 4])))
def test_lecture_modes_graph_captions_read_as_large_as_its_text(window, panes):
    """Beside a comparison's panes the lecture's graph captions were 13 to 17 px against 21 to 22 px of lecture
    type (1024x768 to 1280x800), in GAN Lab's proportions at the box's width. The box now takes the height of the
    arrangement whose captions come nearest the text, and the panel draws that arrangement in it."""
    from ganlab_gl.app.panels.overview import LECTURE_FILL
    ui_scale = lecture_text_scale(window)
    layout = lecture_layout(window, LECTURE_SHOWS[0], ui_scale, panes)
    width, height = (side - 2 * 8.0 * ui_scale for side in layout.graph[2:])  # the panel's content
    text_px = 15.0 * ui_scale
    design = arrangement(label_for(width, text_px, LECTURE_FILL * height))
    caption_px = design.label * min(width / design.size[0], LECTURE_FILL * height / design.size[1])
    assert 0.8 * text_px <= caption_px <= text_px, (caption_px, text_px)
    if panes == 1 or window[0] > 1024:  # four runs at 1024x768 leave the graph a quarter of the screen
        assert caption_px >= 0.95 * text_px, (caption_px, text_px)


@pytest.mark.parametrize("window, shows", list(itertools.product(WINDOWS, LECTURE_SHOWS)))
def test_lecture_mode_fills_the_screen_with_large_type(window, shows):
    ui_scale = lecture_text_scale(window)
    layout = lecture_layout(window, shows, ui_scale)
    assert 15.0 * ui_scale >= 0.025 * window[1]  # text at least 2.5% of the screen's height
    boxes = [box for box in (layout.status, layout.canvas, layout.legend, layout.graph, layout.text) if box]
    assert all(_within(box, window) for box in boxes)
    for a, b in itertools.combinations(boxes, 2):
        assert not _overlap(a, b), (a, b)
    if layout.graph is not None:  # the graph's captions as large as the text
        assert layout.graph[2] * LABEL_SIZE / DESIGN_SIZE[0] >= 0.025 * window[1]
    if layout.text is not None:  # the explanation and the loss chart get room of their own
        assert layout.text[3] >= 6 * 15.0 * ui_scale


# -- the panels' text at every size: drawn at their boxes, nothing past a panel's edge ----------------

def _open_every_header(monkeypatch) -> None:
    """Every collapsing header and tree node drawn open, so the test sees what they hide."""
    header, flags_open = imgui.collapsing_header, imgui.TreeNodeFlags_.default_open
    monkeypatch.setattr(imgui, "collapsing_header", lambda label, flags=0: header(label, flags | flags_open))
    monkeypatch.setattr(imgui, "tree_node", lambda label: imgui.tree_node_ex(label, flags_open))
    monkeypatch.setattr(imgui, "set_next_item_open", lambda *args: None)  # a crowded panel's folding (side.py) too


def _overflows(window, ui_scale, box, body, title="##panel") -> dict[str, float]:
    """Draws `body` in a fixed panel at `box` (a title bar unless `title` starts with ##) for a few frames (ImGui
    adds a scrollbar a frame after the content needs it) and says by how many pixels the content passes the panel's
    right and bottom edges."""
    passed = {}

    def measured():
        body()
        inner = imgui.internal.get_current_window()
        passed["right"] = inner.dc.cursor_max_pos.x - inner.work_rect.max.x
        passed["bottom"] = inner.dc.cursor_max_pos.y - inner.inner_rect.max.y

    with imgui_context(window):
        UiFonts().apply_scale(ui_scale, 1.0)
        for _ in range(3):
            imgui.new_frame()
            fixed_panel(title, box, measured)
            imgui.render()
    return passed


def _stats() -> FrameStats:
    """The toolbar at its widest: a nine-digit iteration, a fast rate, refining, the revert button (each
    read-out by name, so a read-out added to the toolbar is measured at its widest here too)."""
    widest = {"iteration": 123_456_789, "iterations_per_second": 123_456.0, "frames_per_second": 120.0,
              "device_note": "Training on the CPU", "device": "GPU", "bridge_path": "host copy", "diverged": True,
              "resolution": ("manifold 128² of 2048², heatmap 128² of 2048², refining",),
              "timeline": ("rewound: End returns to the present, 123,456,789",), "lr_scale": 0.25,
              "recording": "/home/someone/ganlab-gl/recording.mp4", "lr_decay_end": 123_456_789,
              "rewound_from": 123_456_789, "resolution_at_rest": "manifold 2048², heatmap 2048²"}
    return FrameStats(**{field.name: widest[field.name] for field in dataclasses.fields(FrameStats)})




@pytest.mark.parametrize("window, ui_scale", SIZES + EXTREMES)
def test_the_toolbar_wraps_into_its_box(window, ui_scale):
    state = AppState()
    with imgui_context(window):
        UiFonts().apply_scale(ui_scale, 1.0)
        imgui.new_frame()
        rows = measure_toolbar(state, _stats(), window[0]).rows
        usual = dataclasses.replace(_stats(), resolution=(), timeline=(), lr_scale=None, diverged=False)
        usual_rows = measure_toolbar(state, usual, window[0]).rows
        imgui.end_frame()
    layout = compute_layout(window, True, ui_scale, rows)
    passed = _overflows(window, ui_scale, layout.toolbar, lambda: draw_toolbar(state, _stats()))
    assert passed["right"] <= 0.5 and passed["bottom"] <= 0.5, passed
    if window[0] >= 1920 and ui_scale == 1.0:
        assert usual_rows == 1  # one row where it fits (every read-out at once takes two)


@pytest.mark.parametrize("ui_scale", UI_SCALES)
def test_starting_a_recording_never_moves_the_canvas(ui_scale):
    """The toolbar keeps the recording mark's room: a recording that wrapped it moved the canvas, and the
    recorder ends a recording whose frames change size."""
    state, stats = AppState(), dataclasses.replace(_stats(), resolution=(), timeline=(), lr_scale=None, recording="")
    with imgui_context((3840, 2160)):
        UiFonts().apply_scale(ui_scale, 1.0)
        imgui.new_frame()
        for width in range(900, 3841, 3):
            assert (measure_toolbar(state, stats, width).rows
                    == measure_toolbar(state, dataclasses.replace(stats, recording="/tmp/r.mp4"), width).rows), width
        imgui.end_frame()


@pytest.mark.parametrize("ui_scale", UI_SCALES)
def test_an_export_or_a_rewind_never_moves_the_canvas(ui_scale):
    """The passing notes (an export's progress, the rewound iteration, refining) are cut to the row's room, which
    is kept while there are none: a toolbar that wrapped while an export ran moved the whole lab by a row."""
    state = AppState()
    idle = dataclasses.replace(_stats(), resolution=(), timeline=(), lr_scale=None, diverged=False)
    busy = dataclasses.replace(idle, resolution=("manifold 128² of 2048², heatmap 128² of 2048², refining",),
                               timeline=("exporting 35 of 63,396 frames, about 15 h left, to "
                                         "training-of-the-ring.mp4",))
    with imgui_context((3840, 2160)):
        UiFonts().apply_scale(ui_scale, 1.0)
        imgui.new_frame()
        for width in range(900, 3841, 3):
            assert measure_toolbar(state, idle, width).rows == measure_toolbar(state, busy, width).rows, width
        # no row kept empty for them: 1024 wide at UI scale 2 had a third, blank one
        usual = dataclasses.replace(idle, iteration=12_345, iterations_per_second=1234.0, frames_per_second=30.0)
        if ui_scale in (1.0, 2.0):
            assert measure_toolbar(state, usual, 1024).rows == {1.0: 1, 2.0: 2}[ui_scale]
        imgui.end_frame()


def test_paused_with_no_room_left_the_passing_notes_stand_in_for_the_speeds_read_out(monkeypatch):
    """At 1024x768, UI scale 1, the speed's read-out keeps the room of its widest and leaves the passing notes none:
    the resolution refining went unsaid. Paused, where the read-out says "0 it/s", the notes take its place, cut to
    its room (and the row's end where that is its row), the rows unchanged; playing, the read-out stays."""
    state, said = AppState(), []
    busy = dataclasses.replace(_stats(), resolution=("manifold 128² of 1024², heatmap 128² of 1024², refining",),
                               timeline=(), lr_scale=None, diverged=False, recording="", iterations_per_second=0.0)
    idle = dataclasses.replace(busy, resolution=())
    text_disabled = imgui.text_disabled
    monkeypatch.setattr(imgui, "text_disabled", lambda text: (said.append(text), text_disabled(text))[1])
    with imgui_context((1024, 768)):
        UiFonts().apply_scale(1.0, 1.0)
        for playing in (False, True):
            state.playing = playing
            said.clear()
            draw_frame(lambda: draw_toolbar(state, busy), (1024, 60))
            imgui.new_frame()
            rows = measure_toolbar(state, busy, 1024).rows, measure_toolbar(state, idle, 1024).rows
            imgui.end_frame()
            assert rows == (1, 1)
            noted = [text for text in said if text.startswith("manifold 128²")]
            assert bool(noted) != playing and any(" fps" in text for text in said) == playing, said
            assert not noted or len(noted[0]) > len("manifold 128² of 1024²"), noted  # the row's end room too


@pytest.mark.parametrize("window", [(1280, 800), (1024, 768)])
@pytest.mark.parametrize("playing", [False, True])
def test_the_toolbar_says_the_picture_refines_where_the_resolutions_words_are_cut(monkeypatch, window, playing):
    """A research setup at 1280x800, UI scale 1, its manifold and heatmap asked at 2048²: the schedule's read-out
    ("lr ×1.00 → 0 at 20,000") left the resolution's note "manifold 128²...", and whether the picture was the final
    one went unsaid. Shorter words keep it: "refining" (playing, "full when paused") where anything is said."""
    coarse = Resolution(128, 64, 2048, 2048, playing=playing)
    state, said = AppState(), []
    state.playing = playing
    stats = dataclasses.replace(_stats(), iteration=507, iterations_per_second=0.0, frames_per_second=10.0,
                                resolution=coarse.wordings(), timeline=(), lr_scale=1.0, lr_decay_end=20_000,
                                diverged=False, recording="")
    text_disabled = imgui.text_disabled
    monkeypatch.setattr(imgui, "text_disabled", lambda text: (said.append(text), text_disabled(text))[1])
    with imgui_context(window):
        UiFonts().apply_scale(1.0, 1.0)
        draw_frame(lambda: draw_toolbar(state, stats), (window[0], 200))
    noted = [text for text in said if "128²" in text or "refining" in text or "paused" in text]
    assert noted or playing, said  # playing where the row has no room, the speed's read-out stays (the test above)
    assert all(("full when paused" if playing else "refining") in text for text in noted), noted


@pytest.mark.parametrize("refining", [(), Resolution(128, 128, 2048, 2048).wordings()])
@pytest.mark.parametrize("lr_scale", [None, 1.0])
@pytest.mark.parametrize("window, ui_scale", SIZES + EXTREMES)
def test_the_toolbars_rewound_note_keeps_its_key_back_to_the_present(monkeypatch, window, ui_scale, refining,
                                                                      lr_scale):
    """At 1280x800 the note read "rewound: the present is iteration 3,477 (..." and lost "(End)", the way back. The
    row's room picks shorter words that keep the key: where the note shows, it has it, also while the rewound
    picture refines (a rewind starts coarse), the resolution's note cut instead; said as a key ("End returns"):
    the narrowest, "rewound (End)", read as a state. A schedule's read-out ("lr ×1.00 → 0 at 20,000") takes no room
    the note needs: at 1280x800 it left "rewound: End ret..."."""
    from ganlab_gl.app.actions import Action, key_of
    from ganlab_gl.app.panels.timeline import rewound_statuses
    frame = lab_frames.ring8_frame(40)
    frame = dataclasses.replace(frame, timeline=dataclasses.replace(frame.timeline, present=123_477, shown=1_561))
    stats = dataclasses.replace(_stats(), iteration=1_561, iterations_per_second=0.0, frames_per_second=38.0,
                                resolution=refining, timeline=rewound_statuses(frame), lr_scale=lr_scale,
                                lr_decay_end=20_000,
                                diverged=False, recording="")
    said = []
    text_disabled = imgui.text_disabled
    monkeypatch.setattr(imgui, "text_disabled", lambda text: (said.append(text), text_disabled(text))[1])
    with imgui_context(window):
        UiFonts().apply_scale(ui_scale, 1.0)
        draw_frame(lambda: draw_toolbar(AppState(), stats), (window[0], 200))
    noted = [text for text in said if "rewound" in text]
    assert noted, said
    first = noted[0].split("  ")[0]
    assert f"{key_of(Action.SHOW_ITERATION, 'present')} returns" in first and not first.endswith("..."), noted


@pytest.mark.parametrize("ui_scale", UI_SCALES + [3.0])
def test_no_toolbar_row_holds_kept_room_alone_nor_follows_the_frame_rate(ui_scale):
    """At 2560x1440, UI scale 3, the toolbar kept a second row for the recording mark's room alone, empty while
    nothing recorded; with a frame rate of two digits "Help" wrapped there instead. The mark's room is kept where the
    last row has it (else, while recording, the mark stands in for the speed's read-out), and that read-out keeps
    the room of its widest: the rows are those of the buttons and read-outs, whatever the rates."""
    state = AppState()
    readings = [(0.0, 9.0), (0.0, 14.0), (1234.0, 30.0), (12_345.0, 60.0)]
    toolbars = [dataclasses.replace(_stats(), resolution=(), timeline=(), lr_scale=None, diverged=False,
                                    recording="", iteration=1460, iterations_per_second=its, frames_per_second=fps)
                for its, fps in readings]
    with imgui_context((3840, 2160)):
        UiFonts().apply_scale(ui_scale, 1.0)
        imgui.new_frame()
        spacing, padding = imgui.get_style().item_spacing.x, imgui.get_style().window_padding.x
        kept = 2  # the recording mark's and the passing notes' room, where a row has it
        shown = len(measure_toolbar(state, toolbars[0], 100_000).items) - kept
        for width in range(900, 3841, 3):
            measured = [measure_toolbar(state, stats, width) for stats in toolbars]
            assert len({toolbar.rows for toolbar in measured}) == 1, (width, [toolbar.rows for toolbar in measured])
            widths = [item.width for item in measured[0].items[:shown]]
            assert measured[0].rows == flow.rows(widths, width - 2 * padding, spacing), width
        imgui.end_frame()


def test_the_desk_layouts_kept_from_frame_to_frame_are_the_ones_made_afresh():
    """The lab asks for its layout twice a frame and gets the one kept for the same inputs, and a new one for a new
    window, scale, toolbar, comparison or growth of the timeline bar, or a new font size or spacing (the bar's
    buttons wrap in those)."""
    from ganlab_gl.app.layout import DeskLayouts
    kept, made, asked = DeskLayouts(), [], []
    base = ((1024, 768), True, 1.0, 1, timeline_rows, 1, 0.0)
    changes = [{}, {0: (1280, 800)}, {2: 1.5}, {3: 2}, {5: 2}, {6: 40.0}, {"font": 30.0}, {}, {"spacing": 90.0}, {}]

    def body():
        for change in changes:
            inputs = list(base)
            for index, value in change.items():
                if isinstance(index, int):
                    inputs[index] = value
            imgui.push_font(None, change.get("font", 15.0))
            imgui.push_style_var(imgui.StyleVar_.item_spacing, (change.get("spacing", 8.0), 4.0))
            asked.append(kept(*inputs))
            made.append(desk_layout(*inputs))
            imgui.pop_style_var()
            imgui.pop_font()
        asked.append(kept(*base))

    with imgui_context((1280, 800)):
        UiFonts().apply_scale(1.0, 1.0)
        draw_frame(body, (1280, 800))
    assert asked[:-1] == made
    assert asked[-1] is asked[0]  # kept, not made again
    assert [i for i, (before, after) in enumerate(zip(made, made[1:])) if before == after] == []  # each changes it


def test_rows_counts_the_lines_place_makes():
    assert flow.rows([40, 40, 40], 130, 5) == 1
    assert flow.rows([40, 40, 40], 129, 5) == 2
    assert flow.rows([200, 10], 100, 5) == 2  # an item wider than the panel takes a line of its own
    assert flow.rows([], 100, 5) == 1


def _legend_boxes(window, ui_scale):
    yield ui_scale, compute_layout(window, True, ui_scale).legend
    lecture_scale = ui_scale * lecture_text_scale(window)
    for shows in LECTURE_SHOWS[:2]:
        yield lecture_scale, lecture_layout(window, shows, lecture_scale).legend


@pytest.mark.parametrize("window, ui_scale", SIZES)
def test_the_legend_fits_under_the_canvas_with_its_labels_apart(window, ui_scale):
    heatmaps = [HeatmapProbe(torch.rand(4, 4), (0, 0, 1, 1), "probability"),
                HeatmapProbe(torch.randn(4, 4) * 1234.5, (0, 0, 1, 1), "critic"),
                HeatmapProbe(torch.randn(4, 4) * 1234.5, (0, 0, 1, 1), "critic", centre=torch.tensor(-1234.5))]

    def legend():
        draw_sample_legend(gradients=True)
        for heatmap in heatmaps:
            draw_heatmap_legend(heatmap)
            width = imgui.get_content_region_avail().x
            left, middle, right = scale_labels(heatmap, width, flow.text_width, imgui.get_style().item_spacing.x)
            spans.append(max(flow.text_width(left), flow.text_width(right)) + flow.text_width(middle) / 2
                         - width / 2)
            words.append((left, middle, right))
        draw_density_legend(density_legend(1.0), False)

    for desk, (scale, box) in zip((True, False, False), _legend_boxes(window, ui_scale)):
        spans: list[float] = []
        words: list[tuple[str, str, str]] = []
        passed = _overflows(window, scale, box, legend)
        assert passed["right"] <= 0.5, (scale, box, passed)
        assert max(spans) <= 0, spans  # the labels under the bar never touch
        # D's bar says "fake" and "real" at its ends at every size, and its middle in words under the desk's canvas
        # (at 1280x800, UI scale 2, it read "fake 0 · 0.5 · 1 real"), never "0.5"
        probability = words[::len(heatmaps)]  # the first heatmap, the probability, of each drawing
        assert all(left.startswith("fake") and right.endswith("real") for left, _, right in probability), words
        assert all(middle in ("can't tell", "" if not desk else "can't tell") for _, middle, _ in probability), words


@pytest.mark.parametrize("panes", [1, 2])
def test_the_canvas_gives_its_legend_at_most_a_line_for_its_pointer(panes):
    """At 1920x1080, UI scale 2, the legend lacked 17 px for the line saying where the meaning of GAN Lab's sentences
    it left out is. The canvas gives that much of its height, up to a line of text (where the legend lacks more, a
    line would not do), the legend's column keeping its width and the canvas centred over it."""
    window, ui_scale, line = (1920, 1080), 2.0, BASE_FONT_SIZE * 2.0
    full = compute_layout(window, True, ui_scale, panes=panes)
    given = compute_layout(window, True, ui_scale, panes=panes, legend_short=17.0)
    assert given.canvas_gives == pytest.approx(full.canvas[3] - given.canvas[3]) and 0 < given.canvas_gives <= 17.0
    assert given.legend[3] == pytest.approx(full.legend[3] + given.canvas_gives)
    assert given.legend[0] == full.legend[0] and given.legend[2] == full.legend[2]
    assert given.canvas[0] - given.legend[0] == pytest.approx(sum(given.legend[::2]) - sum(given.canvas[::2]))
    assert compute_layout(window, True, ui_scale, panes=panes, legend_short=line + 1.0) == full


@pytest.mark.parametrize("window, ui_scale", SIZES + EXTREMES + [((1024, 768), 2.0)])
def test_a_comparisons_legend_has_the_width_of_its_titles(window, ui_scale):
    """Under two panes one above the other the legend was 150 px wide at 1024x768, UI scale 2, and "manifold
    density:" broke mid-word ("manifo" over "ld densit" over "y:"); at 2560x1440, UI scale 3, it took two lines of
    a legend that scrolled. The column under a comparison's panes holds its title whole, the panes centred in it
    (the graph gives the width)."""
    from ganlab_gl.app.panels.legend import DENSITY_TITLE
    with imgui_context(window):
        UiFonts().apply_scale(ui_scale, 1.0)
        imgui.new_frame()
        rows = measure_toolbar(AppState(), _stats(), window[0]).rows
        needed = flow.text_width(DENSITY_TITLE) + 2 * imgui.get_style().window_padding.x
        imgui.end_frame()
    for panes in (2, 3, 4):
        layout = compute_layout(window, True, ui_scale, rows, panes=panes)
        column_x, _, column, _ = layout.legend
        assert column >= needed, (panes, layout.legend, needed)
        assert layout.canvas[0] - column_x == pytest.approx(column_x + column - layout.canvas[0] - layout.canvas[2])


@pytest.mark.parametrize("window, shows, panes", list(itertools.product(
    WINDOWS + [(1024, 768), (1280, 1024)], LECTURE_SHOWS[:2], (1, 2, 4))))  # and a projector's 4:3 and 5:4
def test_the_lecture_legend_fits_its_box_without_scrolling(window, shows, panes):
    """What lecture mode's legend draws (the dots' key with the arrow, the colour bar and its labels) fits under
    the canvas or the panes whole: a projected legend that scrolls shows half of itself."""
    scale = lecture_text_scale(window)
    box = lecture_layout(window, shows, scale, panes).legend
    heatmap = HeatmapProbe(torch.rand(4, 4), (0, 0, 1, 1), "probability")
    padding = []
    passed = _overflows(window, scale, box, lambda: (draw_sample_legend(gradients=True),
                                                      draw_heatmap_legend(heatmap),
                                                      padding.append(imgui.get_style().window_padding.y)))
    # ImGui scrolls where the content and the padding under it pass the panel's foot: at 1920x1080 with four runs
    # the legend's box scrolled by under a pixel, a scroll bar beside the colour bar on the projector
    assert passed["bottom"] + padding[-1] <= 0.5 and passed["right"] <= 0.5, (box, passed, padding[-1])


@pytest.fixture(scope="module")
def ring8_frame():
    """A mixture dataset's read model after some training: the side panel with all three charts."""
    return lab_frames.ring8_frame(20)


@pytest.mark.parametrize("window, ui_scale", SIZES + [((1024, 768), 2.0)])  # there a quarter left no curve
def test_the_timeline_bar_fits_its_box_at_the_foot_of_the_graph_column(window, ui_scale, ring8_frame):
    """Its buttons wrap onto the rows the layout gave it, and the loss curve keeps room under them."""
    with imgui_context(window):
        UiFonts().apply_scale(ui_scale, 1.0)
        imgui.new_frame()
        layout = desk_layout(window, True, ui_scale, 1, timeline_rows)
        imgui.end_frame()
    curve = []

    def bar():
        TimelineBar().draw(AppState(), ring8_frame)
        curve.append(imgui.get_item_rect_size().y)  # the plot: the bar's last item

    passed = _overflows(window, ui_scale, layout.timeline, bar)
    assert passed["right"] <= 0.5 and passed["bottom"] <= 0.5, passed
    assert curve[-1] >= 30 * ui_scale  # a curve, not a sliver
    assert layout.timeline[1] == sum(layout.left[1::2])  # at the graph column's foot


@pytest.mark.parametrize("window, ui_scale", SIZES + [((1024, 768), 2.0)])
@pytest.mark.parametrize("panes, toolbar_rows", [(1, 1), (1, 2), (2, 2), (3, 2)])  # the toolbar's rows move the graph
def test_the_timeline_bars_export_button_keeps_to_branchs_row(window, ui_scale, panes, toolbar_rows, ring8_frame,
                                                              monkeypatch):
    """At 1024x768, UI scale 2, Export went onto a line of its own under the moves and Branch here; Branch and Export
    keep to one row (Branch without "here" where only so), and the bar takes no more rows than that needs."""
    with imgui_context(window):
        UiFonts().apply_scale(ui_scale, 1.0)
        imgui.new_frame()
        layout = desk_layout(window, True, ui_scale, toolbar_rows, timeline_rows, panes)
        imgui.end_frame()
    tops: dict[str, float] = {}
    widths: dict[str, float] = {}
    button = imgui.button

    def noted(label, *args):
        pressed = button(label, *args)
        tops[label.split("##")[-1]], widths[label] = imgui.get_item_rect_min().y, imgui.get_item_rect_size().x
        return pressed

    monkeypatch.setattr(imgui, "button", noted)
    passed = _overflows(window, ui_scale, layout.timeline, lambda: TimelineBar().draw(AppState(), ring8_frame))
    assert passed["right"] <= 0.5, passed
    assert tops["Export..."] == tops["Branch here"], tops
    assert len(set(tops.values())) <= 2, tops  # the moves, then Branch and Export, where one row holds not all
    row = sum(widths.values()) + (len(widths) - 1) * 8.0 * ui_scale  # ImGui's ItemSpacing follows the UI scale
    if row <= layout.timeline[2] - 2 * 8.0 * ui_scale:  # one row holds them all (1280x800, UI scale 2): they take it
        assert len(set(tops.values())) == 1, (tops, widths)


@pytest.fixture(scope="module")
def ring8_comparison_frame():
    """Four runs, one with a long list of changed settings: the Compare section and the overlaid charts."""
    return lab_frames.ring8_frame(5, ("train.loss=wgan-gp,train.d_optimizer=adam,train.g_optimizer=adam,"
                                      "train.d_lr=0.001", "train.loss=hinge", "train.g_lr=0.01"))


@pytest.mark.parametrize("window, ui_scale", SIZES)
@pytest.mark.parametrize("drawing, comparing", [(False, False), (True, False), (False, True)])
def test_the_side_panel_fits_its_width(window, ui_scale, drawing, comparing, ring8_frame, ring8_comparison_frame,
                                       monkeypatch):
    _open_every_header(monkeypatch)
    state = AppState(drawing=drawing)
    previews = {name: (imgui.ImTextureRef(1), (index / 7, 0.0), ((index + 1) / 7, 1.0))
                for index, name in enumerate(PRESETS)}
    metrics = MetricsPanel()
    layout = compute_layout(window, True, ui_scale)
    frame = ring8_comparison_frame if comparing else ring8_frame
    passed = _overflows(window, ui_scale, layout.right,
                        lambda: draw_side_panel(state, frame, previews, set(PRESETS), metrics, False,
                                                ComparePanel()),
                        "Data and metrics")
    assert passed["right"] <= 0.5, passed


@pytest.mark.parametrize("ui_scale", UI_SCALES)
def test_the_data_panel_fits_the_smallest_window(ui_scale, ring8_frame):
    """1024x768 at UI scale 2 (a 512x384 screen, below the other tests' sizes) cut "Draw your own (8)" and left
    the data file's field a few letters wide: the key goes, and the field takes a row of its own."""
    from ganlab_gl.app.panels.data import draw_data_panel
    previews = {name: (imgui.ImTextureRef(1), (index / 7, 0.0), ((index + 1) / 7, 1.0))
                for index, name in enumerate(PRESETS)}
    layout = compute_layout((1024, 768), True, ui_scale)
    passed = _overflows((1024, 768), ui_scale, layout.right,
                        lambda: draw_data_panel(AppState(), ring8_frame, previews, set(PRESETS)), "Data and metrics")
    assert passed["right"] <= 0.5, passed


@pytest.mark.parametrize("window", WINDOWS)
@pytest.mark.parametrize("ui_scale", UI_SCALES)
def test_the_data_files_hint_fits_inside_its_field(monkeypatch, window, ui_scale, ring8_frame):
    """At 1280x800, UI scale 2, the empty field read "data file (.csv, .npy" cut at its right edge: the check that
    the hint fits beside Import forgot the field's padding, and a field of its own row was narrower still. The
    hint, whole, fits the field it is drawn in."""
    fields = []
    input_text_with_hint = imgui.input_text_with_hint

    def recording(label, hint, *args):
        result = input_text_with_hint(label, hint, *args)
        fields.append((imgui.calc_text_size(hint).x + 2 * imgui.get_style().frame_padding.x,
                       imgui.get_item_rect_size().x))
        return result

    monkeypatch.setattr(imgui, "input_text_with_hint", recording)
    previews = {name: (imgui.ImTextureRef(1), (index / 7, 0.0), ((index + 1) / 7, 1.0))
                for index, name in enumerate(PRESETS)}
    metrics, state = MetricsPanel(), AppState()
    _overflows(window, ui_scale, compute_layout(window, True, ui_scale).right,  # the charts under it: a scroll bar
               lambda: draw_side_panel(state, ring8_frame, previews, set(PRESETS), metrics, False, ComparePanel()),
               "Data and metrics")
    needed, width = fields[-1]
    assert needed <= width, (needed, width)


@pytest.mark.parametrize("ui_scale", UI_SCALES)
@pytest.mark.parametrize("recording", [False, True])
def test_the_files_panel_fits_the_smallest_window(ui_scale, recording):
    """"Screenshot (F12" was cut at 1024x768, UI scale 2: a button's key hint goes before its name is cut."""
    from ganlab_gl.app.panels.files import draw_files_panel
    layout = compute_layout((1024, 768), True, ui_scale)
    passed = _overflows((1024, 768), ui_scale, layout.right, lambda: draw_files_panel(AppState(), recording),
                        "Data and metrics")
    assert passed["right"] <= 0.5, passed


@pytest.mark.parametrize("window", WINDOWS)
@pytest.mark.parametrize("ui_scale", UI_SCALES)
def test_the_empty_screenshot_size_says_what_it_takes(monkeypatch, window, ui_scale):
    """The screenshot size's field stood blank: what an empty one takes (the canvas's size) was in its tooltip alone.
    It says so, whole, inside the field."""
    from ganlab_gl.app.panels.files import SCREENSHOT_SIZE_HINT, draw_files_panel
    hints = {}
    input_text_with_hint = imgui.input_text_with_hint

    def recording(label, hint, *args):
        result = input_text_with_hint(label, hint, *args)
        hints[label.split("##")[-1]] = (hint, imgui.calc_text_size(hint).x + 2 * imgui.get_style().frame_padding.x,
                                        imgui.get_item_rect_size().x)
        return result

    monkeypatch.setattr(imgui, "input_text_with_hint", recording)
    _overflows(window, ui_scale, compute_layout(window, True, ui_scale).right,
               lambda: draw_files_panel(AppState(), False), "Data and metrics")
    hint, needed, width = hints["screenshot size"]
    assert hint == SCREENSHOT_SIZE_HINT == "canvas size" and needed <= width, (needed, width)


@pytest.fixture(scope="module")
def ring8_pair_frame():
    """Two runs: lecture mode stacks their panes in a narrow column and gives the graph the rest of the width."""
    return lab_frames.ring8_frame(5, ("train.loss=wgan-gp",))


@pytest.mark.parametrize("window", WINDOWS + [(1024, 768), (1280, 1024)])
@pytest.mark.parametrize("runs", [1, 2, 4])
def test_lecture_mode_leaves_its_loss_charts_room_for_their_lines(window, runs, ring8_frame, ring8_pair_frame,
                                                                   ring8_comparison_frame, monkeypatch):
    """Under the graph, after the phase's explanation, each loss chart's plot area stays a few lines tall: with
    two runs side by side, the axes, legend and title once left the D and G charts no room at all. The box as the
    lab lays it out, its words' room measured (lecture_text_height), in the situations with the longest words: a
    step's, and playing's (the desk's words, in lecture type, left a chart under two lines)."""
    from ganlab_gl.app.panels import lecture, metrics

    frame = {1: ring8_frame, 2: ring8_pair_frame, 4: ring8_comparison_frame}[runs]
    scale = lecture_text_scale(window)
    panes = max(len(frame.comparison), 1)
    box = lecture_layout(window, LECTURE_SHOWS[0], scale, panes).text
    with imgui_context(window):
        UiFonts().apply_scale(scale, 1.0)
        imgui.new_frame()
        box = lecture_layout(window, LECTURE_SHOWS[0], scale, panes, lecture.lecture_text_height(box[2], set(),
                                                                       MetricsPanel().named_chart_px())).text
        imgui.end_frame()
    plots = []
    plot_line = metrics.plot_line
    monkeypatch.setattr(metrics, "plot_line", lambda *args, **kwargs: (plots.append(implot.get_plot_size().y),
                                                                        plot_line(*args, **kwargs)))
    panel, playing = MetricsPanel(), AppState()
    playing.playing = True
    assert frame.stepped is not None
    for shown, state in ((frame, AppState()), (dataclasses.replace(frame, stepped=None), playing)):
        passed = _overflows(window, scale, box, lambda: lecture.draw_lecture_text(shown, panel, state),
                            "##lecture-text")
        assert passed["bottom"] <= 0.5, passed
    assert plots and min(plots) >= 3 * 15.0 * scale, plots  # three lines of the lecture's text


@pytest.mark.parametrize("window, ui_scale", SIZES)
def test_the_settings_under_the_graph_fit_its_width(window, ui_scale, monkeypatch):
    _open_every_header(monkeypatch)
    state = AppState()
    state.edit("generator.hidden_layers", 3)  # a pending restart: its notice and buttons show too
    layout = compute_layout(window, True, ui_scale)

    def settings():
        draw_pending_restart(state)
        draw_settings_editor(state)

    passed = _overflows(window, ui_scale, layout.left, settings, "Model overview graph")
    assert passed["right"] <= 0.5, passed


@pytest.mark.parametrize("ui_scale", UI_SCALES)
def test_the_drawing_legend_fits_the_canvas_column(ui_scale):
    """At 1280x800, UI scale 2 the count under a drawing was cut to "107 real samples draw"."""
    from ganlab_gl.app.panels.legend import draw_drawing_legend
    for window in ((1280, 800), (1024, 768)):
        layout = compute_layout(window, True, ui_scale)
        passed = _overflows(window, ui_scale, layout.legend, lambda: draw_drawing_legend(1_000_000))
        assert passed["right"] <= 0.5, (window, passed)


@pytest.mark.parametrize("window, legend_beside", [((1920, 1080), True), ((1280, 800), True), ((1024, 768), False)])
def test_lecture_modes_canvas_alone_has_its_legend_in_the_room_beside_it(window, legend_beside):
    """Tab's "canvas" left a framed empty margin either side of the canvas and no key to its colours (GAN Lab always
    shows one); where a margin holds ten ems of lecture type the legend stands there, the canvas as large as before."""
    ui_scale = lecture_text_scale(window)
    layout = lecture_layout(window, LECTURE_SHOWS[2], ui_scale)
    assert layout.canvas[3] == pytest.approx(window[1] - layout.status[3])  # the canvas at its largest
    if not legend_beside:
        assert layout.legend is None and layout.text is None
        return
    x, y, w, h = layout.legend
    assert (x, y) == (0.0, layout.status[3]) and x + w <= layout.canvas[0] and h == layout.canvas[3]
    assert w >= 10 * 15.0 * ui_scale
    # The margin at the right, as wide, was left empty: the phase's explanation and the loss chart stand there.
    x, y, w, h = layout.text
    assert x == layout.canvas[0] + layout.canvas[2] and y == layout.status[3] and h == layout.canvas[3]
    assert x + w == window[0] and w >= 10 * 15.0 * ui_scale


def _side_panel_frames(window, ui_scale, frame, clicks=(), drawing=False, data=None,
                       pretrained=frozenset(PRESETS)) -> tuple[dict, dict, dict]:
    """The right panel at its desk box (the toolbar's usual rows above it) over frames until it settles, the headers
    in `clicks` clicked in turn, each after that, then (`drawing`) drawing mode begun: (each header's (top, bottom,
    left, px its text passes its right edge by), the panel window's (bottom, scroll, scroll max, the charts it drew
    last, their tops, the windows it drew them in, ImGui's item spacing), each item's bottom drawn last by label (a
    line of text by its words)) on the screen; a header below the fold is scrolled to, with the wheel, before its
    click. `data`: the preset the lab's settings pick (else the settings' default); `pretrained`: the presets that
    ship a model."""
    headers, items, panel = {}, {}, {}
    header, button, input_text, begin_plot = imgui.collapsing_header, imgui.button, imgui.input_text, implot.begin_plot
    text, checkbox = imgui.text, imgui.checkbox

    def recording(label, flags=0):
        shown = header(label, flags)
        text, _, identity = label.partition("###")
        text_right = (imgui.get_item_rect_min().x + imgui.get_font_size() + 3 * imgui.get_style().frame_padding.x
                      + imgui.calc_text_size(text).x)
        headers[identity or label] = (imgui.get_item_rect_min().y, imgui.get_item_rect_max().y,
                                      imgui.get_item_rect_min().x, text_right - imgui.get_item_rect_max().x)
        return shown

    def item(draw):
        return lambda label, *rest: (draw(label, *rest), items.__setitem__(label.partition("###")[2] or label,
                                                                            imgui.get_item_rect_max().y))[0]

    state, metrics, compare, arrangement = AppState(), MetricsPanel(), ComparePanel(), SideArrangement()
    state.config.data.name = data or state.config.data.name
    previews = {name: (imgui.ImTextureRef(1), (index / 7, 0.0), ((index + 1) / 7, 1.0))
                for index, name in enumerate(PRESETS)}

    def body():
        draw_side_panel(state, frame, previews, set(pretrained), metrics, False, compare, arrangement,
                        untitled=0.0 if arrangement.titled else imgui.get_frame_height())
        inner = imgui.internal.get_current_window()
        panel.update(bottom=inner.inner_rect.max.y, scroll=inner.scroll.y, scroll_max=inner.scroll_max.y,
                     charts=charts[:], chart_tops=chart_tops[:], chart_windows=set(chart_windows), window=inner.name,
                     item_spacing=imgui.get_style().item_spacing.y)
        charts.clear()
        chart_tops.clear()
        chart_windows.clear()

    charts, chart_tops, chart_windows = [], [], set()

    def plotting(title, size, flags=0):
        charts.append(title.rpartition("###")[2])  # the chart, whichever of its titles it shows
        chart_tops.append(imgui.get_cursor_screen_pos().y)
        chart_windows.add(imgui.internal.get_current_window().name)
        return begin_plot(title, size, flags)

    with imgui_context(window):
        UiFonts().apply_scale(ui_scale, 1.0)
        imgui.new_frame()
        usual = dataclasses.replace(_stats(), resolution=(), timeline=(), lr_scale=None, diverged=False)
        rows = measure_toolbar(state, usual, window[0]).rows
        imgui.end_frame()
        box = compute_layout(window, True, ui_scale, rows).right
        io = imgui.get_io()

        def draw_frames(count):
            for _ in range(count):
                imgui.new_frame()
                fixed_panel("Data and metrics", box, body, titled=arrangement.titled)
                imgui.render()
        imgui.collapsing_header, imgui.button, imgui.input_text = recording, item(button), item(input_text)
        imgui.text, imgui.checkbox, implot.begin_plot = item(text), item(checkbox), plotting
        try:
            for click in (None, *clicks, *(["8"] if drawing else [])):
                if click == "8":
                    state.drawing, click = True, None
                if click is not None and headers[click][1] > panel["bottom"]:  # below the fold: the wheel over
                    io.add_mouse_pos_event(box[0] + box[2] / 2, box[1] + box[3] / 2)  # the panel scrolls to it
                    io.add_mouse_wheel_event(0.0, -1e4)
                    draw_frames(2)
                if click is not None:
                    top, bottom, left, _ = headers[click]
                    io.add_mouse_pos_event(left + 2 * imgui.get_font_size(), (top + bottom) / 2)
                for press in ([True, False] if click else []):
                    io.add_mouse_button_event(0, press)
                    draw_frames(1)
                draw_frames(8)
                io.add_mouse_pos_event(-1e4, -1e4)
        finally:
            imgui.collapsing_header, imgui.button, imgui.input_text = header, button, input_text
            imgui.text, imgui.checkbox, implot.begin_plot = text, checkbox, begin_plot
    return headers, panel, items


def _scrolls_as_one(headers, panel) -> None:
    """The right panel's charts drawn whole in the panel's own window (in a region of their own, 1280x800 at UI scale
    2 showed a chart and a half scrolling inside the panel: a second scroll bar), every header in the panel's view or
    reached by its one scroll."""
    from ganlab_gl.app.panels.side import MORE_DATA, SIDE_SECTIONS
    assert panel["chart_windows"] <= {panel["window"]}, panel
    assert set(SIDE_SECTIONS) <= set(headers), headers  # and More data, where the panel is short
    assert all(headers[label][1] + panel["scroll"] <= panel["bottom"] + panel["scroll_max"]
               for label in (*SIDE_SECTIONS, MORE_DATA) if label in headers), (headers, panel)


@pytest.mark.parametrize("window, ui_scale", [((1280, 800), 2.0), ((1920, 1080), 2.0), ((1024, 768), 1.5)])
def test_a_comparisons_crowded_side_panel_keeps_every_header_in_view(window, ui_scale, ring8_pair_frame):
    """At 1280x800, UI scale 2, a comparison's Compare section was below the fold; at 1920x1080 More data and the
    sections under it. The panel folds the sections opened longest ago where they overrun it; a click on the Compare
    header shows its runs' field and Add button, every header in view and nothing scrolling (the charts folded where
    they do not fit whole), one on Metrics the charts folded for them, the panel scrolling as one where they overrun
    it."""
    from ganlab_gl.app.panels.compare import ADD
    from ganlab_gl.app.panels.side import MORE_DATA, SIDE_SECTIONS
    sections = [*SIDE_SECTIONS, MORE_DATA]
    charts_folded = False
    for clicks in ((), ("Compare",), ("Compare", "Metrics")):
        if clicks == ("Compare", "Metrics") and not charts_folded:  # a click would fold them
            continue
        headers, panel, items = _side_panel_frames(window, ui_scale, ring8_pair_frame, clicks)
        charts_folded = not panel["charts"]
        _scrolls_as_one(headers, panel)
        if clicks[-1:] == ("Compare",):
            assert panel["scroll_max"] == 0, (clicks, panel)
            assert all(headers[label][1] <= panel["bottom"] for label in sections), (clicks, headers, panel)
            assert items["##compare-overrides"] <= panel["bottom"] and items[ADD] <= panel["bottom"], (items, panel)
        else:  # the charts open, D and G losses first
            assert panel["charts"][:2] == ["D loss", "G loss"], (clicks, panel)


@pytest.mark.parametrize("window, ui_scale", [((1280, 800), 1.5), ((1024, 768), 1.5), ((1920, 1080), 2.0),
                                              ((1280, 800), 2.0)])
def test_a_crowded_side_panel_keeps_every_header_in_view(window, ui_scale, ring8_frame):
    """Without a comparison, at UI scale 1.5, the panel scrolled at 1280x800 and 1024x768 with More data cut at its
    foot and the sections under it below the fold: the sections opened longest ago fold, and the charts show (the
    loss chart and the divergence chart first) under the presets, whole, the panel scrolling as one where they
    overrun it."""
    headers, panel, _ = _side_panel_frames(window, ui_scale, ring8_frame)
    _scrolls_as_one(headers, panel)
    assert panel["charts"][:2] == ["Losses", "Divergence (gap from real, bits)"], panel
    assert headers["Metrics"][0] - headers["Data"][1] > 2 * BASE_FONT_SIZE * ui_scale, headers  # the presets


@pytest.fixture(scope="module")
def preset_frames():
    """A few iterations of Mixture of Gaussians, Ring of 8 and Disjoint: two charts, and three with the mode chart."""
    return {name: lab_frames.preset_frame(name, 20) for name in ("gaussians", "ring8", "disjoint")}


@pytest.mark.parametrize("window, ui_scale", [((1280, 800), 1.0), ((1280, 800), 2.0), ((1920, 1080), 1.0),
                                              ((1920, 1080), 2.0)])
@pytest.mark.parametrize("data", ["gaussians", "ring8", "disjoint"])
def test_picked_data_keeps_the_presets_in_view(window, ui_scale, data, preset_frames):
    """At 1280x800, UI scale 2 (the projector's setting), Ring of 8 or Disjoint, whose mode chart crowds the panel,
    folded the Data section: a lecturer switching data opened it again each time. The charts overrun the panel
    there with every header either way (the headers under them below the fold, reached by its one scroll), so the
    presets' pictures, and the pre-trained checkbox under them where the data ships a model, stay open in view over
    the first chart, whole at its least (LEAST_PLOT_EMS) or larger."""
    from ganlab_gl.app.controller import pretrained_dir
    shipped = {name for name in PRESETS if pretrained_dir(name) is not None}
    headers, panel, items = _side_panel_frames(window, ui_scale, preset_frames[data], data=data, pretrained=shipped)
    _scrolls_as_one(headers, panel)
    assert headers["Metrics"][0] - headers["Data"][1] > 2 * BASE_FONT_SIZE * ui_scale, headers  # the presets open
    if data in shipped:
        assert headers["Data"][1] < items["Use pre-trained model"] < headers["Metrics"][0], (items, headers)
    first_chart_bottom = panel["chart_tops"][1] - panel["item_spacing"]
    assert panel["scroll"] == 0 and first_chart_bottom <= panel["bottom"], panel


@pytest.mark.parametrize("window", [(1280, 800), (1024, 768), (1280, 720)])
def test_a_crowded_side_panels_charts_keep_readable_plots(monkeypatch, window, ring8_frame):
    """At 1280x800, UI scale 1, a mixture's three charts shrank to fit the panel to plots about 30 px tall, the loss
    chart's y axis with one tick ("1"): unreadable. Each keeps a plot LEAST_PLOT_EMS tall (three value ticks on the
    presets' ranges as measured, two at least on any), the panel scrolling as one where that overruns it."""
    from ganlab_gl.app.panels import metrics
    plots, end_plot = {}, metrics.end_framed_plot

    def ending():
        area = implot.internal.get_current_plot().plot_rect
        plots.setdefault(imgui.get_frame_count(), []).append(area.max.y - area.min.y)
        end_plot()
    monkeypatch.setattr(metrics, "end_framed_plot", ending)
    headers, panel, _ = _side_panel_frames(window, 1.0, ring8_frame)
    last = plots[max(plots)]
    assert len(last) == 3 and min(last) >= metrics.LEAST_PLOT_EMS * BASE_FONT_SIZE, last
    _scrolls_as_one(headers, panel)


def test_a_mixtures_readable_charts_fit_the_side_panel_at_1280x800(ring8_frame):
    """At 1280x800, UI scale 1, a mixture's three charts at their least readable (LEAST_PLOT_EMS) under the presets'
    two rows of pictures overran the panel: it scrolled, Layers and view and Files below the fold. The pictures
    take one row, GAN Lab's size: the charts and every header in view, nothing scrolling."""
    from ganlab_gl.app.panels.side import MORE_DATA, SIDE_SECTIONS
    headers, panel, _ = _side_panel_frames((1280, 800), 1.0, ring8_frame)
    assert len(panel["charts"]) == 3 and panel["scroll_max"] == 0, panel
    assert all(headers[label][1] <= panel["bottom"] for label in (*SIDE_SECTIONS, MORE_DATA)), (headers, panel)


@pytest.mark.parametrize("data", [name for name, preset in PRESETS.items()
                                  if preset.training.get("train.loss", "log") != "wgan-gp"])
def test_every_presets_loss_chart_names_its_tie_lines_at_1280x800(monkeypatch, data):
    """At 1280x800, UI scale 1, Ring of 8's and Disjoint's loss charts (a mixture's three charts at their least, plots
    68 px tall) drew their tie lines unnamed, where Two Gaussians' said "G loss at a tie 0.69": a plot had to be four
    lines tall (76 px) to name them. Every preset's, as picked, names each of its lines, inside the plot (under the
    legend above it) and clear of each other."""
    from ganlab_gl.app.panels import metrics
    named, mark_references, plot_text = [], metrics.mark_references, implot.plot_text

    def recording_text(text, x, y, offset=None, *rest):
        centre, size = implot.plot_to_pixels(x, y) + offset, imgui.calc_text_size(text)
        named[-1][1].append((text, centre.x - size.x / 2, centre.y - size.y / 2, centre.x + size.x / 2,
                             centre.y + size.y / 2))
        return plot_text(text, x, y, offset, *rest)

    def marking(references, *args, **kwargs):
        position, size = implot.get_plot_pos(), implot.get_plot_size()
        named.append((len(references), [], (position.x, position.y, position.x + size.x, position.y + size.y)))
        return mark_references(references, *args, **kwargs)

    monkeypatch.setattr(implot, "plot_text", recording_text)
    monkeypatch.setattr(metrics, "mark_references", marking)
    # a run whose last iterations (NAME_CLEAR_OF_ITERATIONS) lie clear of the names at the plot's left end
    _side_panel_frames((1280, 800), 1.0, lab_frames.preset_frame(data, 150, as_picked=True), data=data)
    references, names, (left, top, right, bottom) = next(chart for chart in named[::-1] if chart[0])
    assert len(names) == references, (names, bottom - top)
    assert all(left <= x0 and top <= y0 and x1 <= right and y1 <= bottom for _, x0, y0, x1, y1 in names), names
    assert all(a[4] <= b[2] or b[4] <= a[2] for a, b in itertools.combinations(names, 2)), names


def _settled_on_the_tie_lines(frame):
    """`frame` with 4,000 iterations of losses that start far from their tie lines (D's at 0.2, G's at 1.5) and settle
    on them (0.68, 0.69), wobbling a little (seeded): a run whose last iterations lie under the lines' names."""
    iterations = np.arange(1.0, 4001.0)
    settling = np.exp(-iterations / 500.0)
    wobble = np.random.default_rng(0).normal(0.0, 0.01, (2, iterations.size))
    columns = {"iteration": iterations, "d_loss": 0.68 - 0.48 * settling + wobble[0],
               "g_loss": 0.69 + 0.81 * settling + wobble[1]}
    rows = np.stack([columns[name] for name in frame.losses.names], axis=1)
    return dataclasses.replace(frame, losses=dataclasses.replace(frame.losses, rows=rows))


@pytest.mark.parametrize("where", [(1280, 800), (1920, 1080), "lecture"])
def test_the_tie_lines_names_leave_the_last_iterations_in_view(monkeypatch, where, ring8_frame):
    """The tie lines' names ("G loss at a tie 0.69", "D loss at a tie 0.68") stood at the plot's right end, over the
    last two fifths of both curves as a run settled on its lines: the iterations a student watches were hidden. With
    curves that end on the lines, the side panel's loss chart (1280x800, 1920x1080) and lecture mode's (1920x1080)
    name both lines, and no name covers the last quarter of the iterations."""
    from ganlab_gl.app.panels import lecture
    names, plot_text = [], implot.plot_text

    def recording_text(text, x, y, offset=None, *rest):
        if " at a tie " in text:
            limits = implot.get_plot_limits().x
            quarter = implot.plot_to_pixels(limits.min + 0.75 * (limits.max - limits.min), y).x
            centre, size = implot.plot_to_pixels(x, y) + offset, imgui.calc_text_size(text)
            names.append((text, centre.x + size.x / 2, quarter))
        return plot_text(text, x, y, offset, *rest)

    monkeypatch.setattr(implot, "plot_text", recording_text)
    frame = _settled_on_the_tie_lines(ring8_frame)
    if where == "lecture":
        window = (1920, 1080)
        scale = lecture_text_scale(window)
        panel, state = MetricsPanel(), AppState()
        box = lecture_layout(window, LECTURE_SHOWS[0], scale).text
        with imgui_context(window):  # the box as the lab lays it out, its chart's room measured
            UiFonts().apply_scale(scale, 1.0)
            imgui.new_frame()
            box = lecture_layout(window, LECTURE_SHOWS[0], scale, 1, lecture.lecture_text_height(
                box[2], set(), panel.named_chart_px())).text
            imgui.end_frame()
        _overflows(window, scale, box, lambda: (names.clear(), lecture.draw_lecture_text(frame, panel, state)),
                   "##lecture-text")
    else:
        _side_panel_frames(where, 1.0, frame)
    drawn = names[-2:]
    assert sorted(text for text, _, _ in drawn) == ["D loss at a tie 0.68", "G loss at a tie 0.69"], names
    assert all(right <= quarter for _, right, quarter in drawn), drawn


@pytest.mark.parametrize("window, ui_scale, clicks", [((1280, 800), 2.0, ()), ((1024, 768), 2.0, ()),
                                                     ((1280, 800), 1.0, ()), ((1280, 800), 1.0, ("Data",))])
def test_drawing_opens_its_controls_in_view(window, ui_scale, clicks, ring8_frame):
    """At 1280x800, UI scale 2, 8 left the brush, Clear, Undo and Done folded under More data (or in the Data
    section the user folded), and opened, greyed data options pushed Done below the fold: they open at 8, every
    header still in view, nothing scrolling."""
    from ganlab_gl.app.panels.data import DONE
    from ganlab_gl.app.panels.side import MORE_DATA, SIDE_SECTIONS
    headers, panel, items = _side_panel_frames(window, ui_scale, ring8_frame, clicks, drawing=True)
    assert panel["scroll_max"] == 0 and items[DONE] <= panel["bottom"], (items, panel)
    assert all(headers[label][1] <= panel["bottom"] for label in headers if label in (*SIDE_SECTIONS, MORE_DATA))


def test_sections_opened_in_a_large_panel_fold_none_of_the_others(ring8_frame):
    """Layers and view and Files, opened at 1920x1080, UI scale 1, scroll under the charts as before: the data
    controls stay in the Data section, the charts in theirs (a panel crowded by them would fold those)."""
    headers, panel, items = _side_panel_frames((1920, 1080), 1.0, ring8_frame, ("Files", "Layers and view"))
    assert panel["charts"][:2] == ["Losses", "Divergence (gap from real, bits)"], panel
    assert items["Import"] < headers["Metrics"][0], (items, headers)  # in the Data section, above the charts


@pytest.mark.parametrize("window, ui_scale", [((1024, 768), 2.0), ((1280, 800), 2.0)])
def test_each_side_section_header_shows_its_name_within_it(window, ui_scale, ring8_pair_frame):
    """At 1024x768, UI scale 2, the header "Layers and view" was clipped to "Layers and vie" at the panel's edge: a
    name that does not fit is cut with "..." inside its header."""
    headers, _, _ = _side_panel_frames(window, ui_scale, ring8_pair_frame)
    assert all(passed <= 0.5 for *_, passed in headers.values()), headers


class _DrawnText:
    """A draw list that keeps the text drawn on it: (left, words), with the width of the words."""

    def __init__(self):
        self.lines: list[tuple[float, float, str]] = []

    def add_rect_filled(self, *args, **kwargs) -> None:
        pass

    def add_text(self, pos, colour, words) -> None:
        self.lines.append((pos[0], flow.text_width(words), words))


def _lecture_notices(window, notices, monkeypatch, sizes=None) -> tuple[str, tuple, tuple]:
    """Lecture mode's status strip at `window` over `notices`: (the words its notices' rows show, the notices' box
    draw_lecture_status returned, the strip's box); `sizes`, where given, gets the notices' type size as tried, and
    lecture type's (px)."""
    from ganlab_gl.app.panels import lecture
    frame = lab_frames.ring8_frame(2)
    scale = lecture_text_scale(window)
    box = lecture_layout(window, LECTURE_SHOWS[0], scale).status
    flowed, drawn, notice_rows = [], [], lecture.notice_rows
    monkeypatch.setattr(lecture, "notice_rows", lambda *args: (
        flowed.append(notice_rows(*args)),
        sizes is None or sizes.append((imgui.get_font_size(), BASE_FONT_SIZE * scale)), flowed[-1])[2])
    with imgui_context(window):
        UiFonts().apply_scale(scale, 1.0)
        imgui.new_frame()
        fixed_panel("##lecture-status", box, lambda: drawn.append(lecture.draw_lecture_status(
            frame, False, "full speed", notices, (box[1], box[3]))))
        imgui.render()
    rows = next(rows for rows in flowed[::-1] if rows)
    return " ".join("".join(text for text, _ in row) for row in rows).replace(lecture.NOTICE_GAP, " "), drawn[0], box


@pytest.mark.parametrize("window", [(1920, 1080), (1280, 800)])
def test_lecture_mode_shows_a_preset_picks_notice_and_the_kept_runs_both(window, monkeypatch):
    """A preset pick says what it brought and then that Ctrl+Z brings the run back: lecture mode showed the latest
    alone, so the first was replaced at once and never seen. The two latest show, oldest first, whole; an older
    third does not."""
    from ganlab_gl.app.controller import preset_notice
    from ganlab_gl.app.state import Notice
    notices = [Notice("an older notice, gone by now"), Notice(preset_notice("ring")),
               Notice("Ctrl+Z brings back the run on Two Gaussians at iteration 1,200")]
    shown, _, _ = _lecture_notices(window, notices, monkeypatch)
    assert shown == f"{notices[1].text} {notices[2].text}"


@pytest.mark.parametrize("window", [(1920, 1080), (1280, 800), (1280, 720), (1024, 768)])
@pytest.mark.parametrize("picked", list(PRESETS))
def test_a_preset_picks_notices_read_in_lecture_mode_at_least_0_9_of_its_type(window, picked, monkeypatch):
    """At 1024x768 a preset pick's two notices, what it brought and the run Ctrl+Z brings back, fitted the status
    strip only in three rows of 0.6 of lecture type: too small to read from the back of a room. They show in 0.9 of
    it at least, in brief where the whole does not fit (Notice.brief), every word of one of their forms shown."""
    from ganlab_gl.app.controller import kept_run_notice
    from ganlab_gl.app.state import Notice
    from ganlab_gl.core.presets import preset_notice
    kept = kept_run_notice("Two Gaussians", False, "Grid of 25")
    notices = [Notice(preset_notice(picked, graph_beside=True), brief=preset_notice(picked, brief=True)),
               Notice(kept[0], brief=kept[1])]
    sizes = []
    shown, (x, y, width, height), strip = _lecture_notices(window, notices, monkeypatch, sizes)
    (size, lecture_type), *_ = sizes[::-1]
    assert size >= 0.9 * lecture_type - 0.5, (sizes, shown)  # ImGui draws a font's size to the half pixel
    assert shown in (" ".join(notice.text for notice in notices), " ".join(notice.brief for notice in notices))
    assert x + width <= strip[0] + strip[2] and strip[1] <= y and y + height <= strip[1] + strip[3]


@pytest.mark.parametrize("window", [(1920, 1080), (1280, 720), (1024, 768)])
def test_a_lecture_notice_shows_whole_in_lecture_type(window, monkeypatch):
    """A preset's notice, beside the lecture status line, was cut to the line ("... a bell...") at 1920x1080: it
    wraps to the room right of the status, every word shown, within the status strip and the screen's edge."""
    from ganlab_gl.app.controller import preset_notice
    from ganlab_gl.app.state import Notice
    longest = max(map(preset_notice, PRESETS), key=len)
    shown, (x, y, width, height), strip = _lecture_notices(window, [Notice(longest)], monkeypatch)
    assert shown == longest
    assert x + width <= strip[0] + strip[2] and strip[1] <= y and y + height <= strip[1] + strip[3]
