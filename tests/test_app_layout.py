"""GAN Lab's two views at every window size and UI scale: the graph large, the canvas beside it,
nothing overlapping, and the text on the graph's controls inside its widgets (measured with the
bundled font); lecture mode's text and graph readable from the back of a room."""

import itertools

import pytest
from imgui_bundle import imgui
from imgui_headless import draw_frame, imgui_context

from ganlab_gl.app.fonts import UiFonts
from ganlab_gl.app.layout import compute_layout, lecture_layout, lecture_text_scale
from ganlab_gl.app.panels.overview_graph import CONTROL_PAD, CONTROLS, DESIGN_SIZE, LABEL_SIZE
from ganlab_gl.app.state import LECTURE_SHOWS
from ganlab_gl.core.settings import GanConfig

WINDOWS = [(1280, 800), (1600, 960), (1920, 1080), (3840, 2160)]
UI_SCALES = [1.0, 1.5, 2.0]
LR_WIDEST = 0.000123  # "%.3g" at its longest in the learning rates' range


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] - 1e-6 and b[0] < a[0] + a[2] - 1e-6 and a[1] < b[1] + b[3] - 1e-6 \
        and b[1] < a[1] + a[3] - 1e-6


def _within(box, window) -> bool:
    x, y, w, h = box
    return x >= -1e-6 and y >= -1e-6 and x + w <= window[0] + 1e-6 and y + h <= window[1] + 1e-6 and w > 0 and h > 0


@pytest.mark.parametrize("window, ui_scale", list(itertools.product(WINDOWS, UI_SCALES)))
def test_the_graph_takes_a_third_beside_the_canvas_and_nothing_overlaps(window, ui_scale):
    layout = compute_layout(window, True, ui_scale)
    boxes = [layout.toolbar, layout.left, layout.canvas, layout.legend, layout.right]
    assert all(_within(box, window) for box in boxes)
    for a, b in itertools.combinations(boxes, 2):
        assert not _overlap(a, b), (a, b)
    assert layout.left[2] >= window[0] / 3  # GAN Lab's view A: at least a third of the window
    assert layout.canvas[2] == layout.canvas[3] >= window[1] / 4  # view B: square, and not a stamp


def _widest_texts(setting, number_format: str) -> list[str]:
    if setting.choices is not None:
        return list(setting.choices)
    if setting.type is int:
        return [number_format % (setting.ui_high or setting.high)]
    return [number_format % value for value in (LR_WIDEST, setting.high)]


@pytest.mark.parametrize("window, ui_scale", list(itertools.product(WINDOWS, UI_SCALES)))
def test_each_control_on_the_graph_shows_its_whole_value(window, ui_scale):
    layout = compute_layout(window, True, ui_scale)
    misfits = []

    def measure():
        width = layout.left[2] - 2 * imgui.get_style().window_padding.x  # the panel's content width
        scale = width / DESIGN_SIZE[0]
        imgui.push_font(None, LABEL_SIZE * scale / (imgui.get_font_size() / imgui.get_style().font_size_base))
        for control in CONTROLS:
            setting = GanConfig.settings()[control.key]
            arrow = imgui.get_frame_height() if setting.choices is not None else 0.0
            for text in _widest_texts(setting, control.format):
                needed = imgui.calc_text_size(text).x + 2 * CONTROL_PAD * scale + arrow
                if needed > control.box[2] * scale:
                    misfits.append((control.key, text, round(needed), round(control.box[2] * scale)))
        imgui.pop_font()

    with imgui_context(window):
        UiFonts().apply_scale(ui_scale, 1.0)
        draw_frame(measure, window)
    assert not misfits


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
