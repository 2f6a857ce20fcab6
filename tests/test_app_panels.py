"""The lead's panels drawn headlessly: the legend's colours come from the renderer's functions,
and the toolbar, editor, data, help and notices panels draw and write only through the state."""

import numpy as np
import pytest
import torch
from imgui_bundle import imgui

from ganlab_gl.app.panels.legend import (EXPLANATIONS, draw_density_legend, draw_explanations, draw_heatmap_legend,
                                        draw_sample_legend, layers_to_explain)
from ganlab_gl.app.panels.help import GUIDE, draw_help, draw_notices
from ganlab_gl.app.panels.settings import draw_settings_editor, draw_view_editor
from ganlab_gl.app.panels.toolbar import FrameStats, draw_toolbar
from ganlab_gl.app.state import AppState
from ganlab_gl.core.snapshot import HeatmapProbe
from ganlab_gl.render.colormap import FAKE_RGBA, GRADIENT_RGBA, REAL_RGBA, heatmap_color
from ganlab_gl.render.layers.manifold import density_legend
from imgui_headless import draw_frame, imgui_context


def packed(rgb, alpha=1.0):
    return imgui.get_color_u32((float(rgb[0]), float(rgb[1]), float(rgb[2]), alpha))


def test_heatmap_legend_uses_the_colormap_ends_and_middle():
    with imgui_context():
        heat = HeatmapProbe(torch.rand(8, 8), (0, 0, 1, 1), "probability")
        drawn = draw_frame(lambda: draw_heatmap_legend(heat), (300, 100))
        drawn = draw_frame(lambda: draw_heatmap_legend(heat), (300, 100))
        steps = np.linspace(0, 1, 48)
        for index in (0, 24, 47):
            assert drawn.count(packed(heatmap_color(steps[index]))) >= 4, index


@pytest.mark.parametrize("gradients", [True, False])
def test_sample_legend_explains_the_gradient_arrows_where_they_are_shown(gradients):
    """GAN Lab's "pink lines from fake samples represent gradients for generator": an arrow in the gradients'
    colour and its name, only while the canvas shows them."""
    with imgui_context():
        drawn = draw_frame(lambda: draw_sample_legend(gradients), (500, 100))
        drawn = draw_frame(lambda: draw_sample_legend(gradients), (500, 100))
        assert drawn.count(packed(REAL_RGBA[:3])) >= 4 and drawn.count(packed(FAKE_RGBA[:3])) >= 4
        arrow = drawn.positions[drawn.colours == packed(GRADIENT_RGBA[:3])]
        assert (len(arrow) >= 4) == gradients
        if gradients:  # a shaft and a head: an arrow longer than a dot is wide, lying flat
            assert np.ptp(arrow[:, 0]) > 3 * np.ptp(arrow[:, 1]) > 0


def test_hovering_the_arrow_or_the_colour_bar_explains_it():
    """GAN Lab's sentences on what the pink lines and the background colours mean, as tooltips."""
    def legend():
        draw_sample_legend(gradients=True)
        draw_heatmap_legend(HeatmapProbe(torch.rand(4, 4), (0, 0, 1, 1), "probability"))

    with imgui_context():
        resting = [draw_frame(legend, (500, 200)) for _ in range(3)][-1]
        arrow = resting.positions[resting.colours == packed(GRADIENT_RGBA[:3])].mean(axis=0)
        bar = resting.positions[resting.colours == packed(heatmap_color(np.linspace(0, 1, 48)[24]))].mean(axis=0)
        for point in (arrow, bar):
            hovered = [draw_frame(legend, (500, 200), mouse=tuple(point)) for _ in range(3)][-1]
            assert len(hovered.positions) > len(resting.positions) + 200  # a tooltip's sentence of glyphs


def test_gan_labs_sentences_follow_the_shown_layers_and_are_never_cut():
    """Under the legend, GAN Lab's sentence for each shown layer, in its order, as many as fit whole."""
    def glyphs(shown, height):
        with imgui_context():
            drawn = [draw_frame(lambda: draw_explanations(shown), (400, height)) for _ in range(2)][-1]
            return drawn.positions[drawn.colours == imgui.get_color_u32(imgui.Col_.text_disabled)]

    everything = {layer for layer, _ in EXPLANATIONS}
    assert len(glyphs(set(), 600)) == 0
    one, all_three = glyphs({"heatmap"}, 600), glyphs(everything, 600)
    assert 0 < len(one) < len(all_three)
    assert len(glyphs({"manifold"}, 600)) > 0 and len(glyphs({"contour", "real"}, 600)) == 0
    first_only = one[:, 1].max() + 8  # room for the first sentence and not for two
    shown = glyphs(everything, first_only)
    assert len(shown) == len(one) and shown[:, 1].max() <= first_only
    assert len(glyphs(everything, 5)) == 0  # none fits: none drawn, nothing cut


def test_the_sentences_explain_what_the_canvas_draws():
    probability = HeatmapProbe(torch.rand(4, 4), (0, 0, 1, 1), "probability")
    critic = HeatmapProbe(torch.rand(4, 4), (0, 0, 1, 1), "critic")
    manifold = object()  # only its presence counts
    everything = {"heatmap", "manifold", "gradients", "real", "fake"}
    assert layers_to_explain(everything, False, probability, manifold) == everything
    assert layers_to_explain(everything, False, critic, manifold) == {"critic", "manifold", "gradients", "real", "fake"}
    assert layers_to_explain(everything, False, probability, None) == everything - {"manifold"}  # noise of 3+ dims
    assert layers_to_explain(everything, True, probability, manifold) == set()  # drawing: the stroke alone
    assert {name for name, _ in EXPLANATIONS} <= everything | {"critic"}


def test_every_density_swatch_explains_the_swatches():
    """The density sentence lives in the swatches' tooltip: hovering any of them shows it."""
    entries = density_legend(1.0, 64.0)
    with imgui_context():
        resting = [draw_frame(lambda: draw_density_legend(entries, False), (500, 100)) for _ in range(3)][-1]
        for entry in (entries[0], entries[-1]):
            mixed = [entry.opacity * f + (1 - entry.opacity) * b for f, b in zip(FAKE_RGBA[:3], (243 / 255,) * 3)]
            swatch = resting.positions[resting.colours == packed(mixed)].mean(axis=0)
            hovered = [draw_frame(lambda: draw_density_legend(entries, False), (500, 100), mouse=tuple(swatch))
                       for _ in range(3)][-1]
            assert len(hovered.positions) > len(resting.positions) + 200, entry  # a tooltip's sentence of glyphs


def test_the_help_explains_every_layer_the_canvas_draws():
    from ganlab_gl.render.layer_table import CANVAS_LAYERS

    explained = {layer for _, layers, _ in GUIDE for layer in layers}
    assert set(CANVAS_LAYERS) <= explained, set(CANVAS_LAYERS) - explained
    assert explained <= set(CANVAS_LAYERS)  # no row names a layer that is gone


def test_density_legend_swatches_follow_the_transfer_function():
    with imgui_context():
        entries = density_legend(1.0, 64.0)
        drawn = draw_frame(lambda: draw_density_legend(entries, False), (500, 100))
        drawn = draw_frame(lambda: draw_density_legend(entries, False), (500, 100))
        background = (243 / 255,) * 3
        for entry in entries:
            mixed = [entry.opacity * f + (1 - entry.opacity) * b for f, b in zip(FAKE_RGBA[:3], background)]
            assert drawn.count(packed(mixed)) >= 4, entry


def test_panels_draw_without_touching_anything_but_the_state():
    state = AppState()
    state.notify("hello")
    state.help_open = True
    stats = FrameStats(12, 900.0, 30.0, "training on the CPU", "host copy", diverged=True,
                       resolution="manifold 64² of 512², heatmap 64², refining")

    def everything():
        draw_toolbar(state, stats)
        draw_settings_editor(state)
        draw_view_editor(state)
        draw_help(state, (900, 700))
        draw_notices(state, (900, 700), 300)

    with imgui_context((900, 700)):
        for _ in range(2):
            drawn = draw_frame(everything, (900, 700))
    assert len(drawn.positions) > 1000  # every panel put something on screen
    assert not state.requests and state.config == AppState().config  # drawing alone changes nothing


def test_a_click_on_a_number_makes_it_a_text_field_so_typed_digits_are_not_keys():
    """Issue 12: clicking beta1 and typing 0.5 switched to ring8. A click (no drag) on a number now
    turns it into a text field (as the window sets it up), and while it is edited the app's keys are off."""
    from ganlab_gl.core.settings import GanConfig
    from ganlab_gl.app.panels.settings import setting_widget
    beta1 = GanConfig.settings()["train.beta1"]
    with imgui_context((400, 100)):
        imgui.get_io().config_drag_click_to_input_text = True  # what window.run_window sets
        body = lambda: (imgui.set_next_item_width(200), setting_widget(beta1, 0.9))  # noqa: E731
        draw_frame(body, (400, 100))
        draw_frame(body, (400, 100), mouse=(100, 8), click=True)
        for _ in range(3):
            draw_frame(body, (400, 100), mouse=(100, 8))
        assert imgui.get_io().want_text_input


@pytest.mark.parametrize("wobble, typed", [(6, True), (30, False)])
def test_a_click_that_wobbles_types_and_a_drag_drags(wobble, typed):
    """A click on "lr 0.1" whose pointer moved 4 px set it to 0.113, silently (ImGui drags past 3 px): short of
    CLICK_WOBBLE_PX a press and release is a click, which makes the number a text field."""
    from ganlab_gl.core.settings import GanConfig
    from ganlab_gl.app.panels.settings import CLICK_WOBBLE_PX, setting_widget
    assert wobble < CLICK_WOBBLE_PX or not typed
    d_lr = GanConfig.settings()["train.d_lr"]
    value = [0.1]

    def body():
        imgui.set_next_item_width(200)
        changed, new = setting_widget(d_lr, value[0])
        if changed and not imgui.get_io().want_text_input:
            value[0] = new

    with imgui_context((400, 100)):
        imgui.get_io().config_drag_click_to_input_text = True  # what window.run_window sets
        io = imgui.get_io()
        for _ in range(3):
            draw_frame(body, (400, 100), mouse=(100, 8))
        io.add_mouse_button_event(0, True)  # pressed, held while the pointer moves
        for x in range(100, 101 + wobble, 2):
            draw_frame(body, (400, 100), mouse=(x, 8))
        io.add_mouse_button_event(0, False)
        for _ in range(3):
            draw_frame(body, (400, 100), mouse=(100 + wobble, 8))
        assert io.want_text_input == typed
    assert (value[0] == 0.1) == typed, value


def test_notices_stand_at_the_windows_foot_from_their_left_edge():
    from ganlab_gl.app.panels.help import NOTICE_BACKGROUND, NOTICE_MARGIN
    state = AppState()
    state.notify("saved the session")
    with imgui_context((900, 700)):
        for left in (NOTICE_MARGIN, 400.0):
            drawn = draw_frame(lambda: draw_notices(state, (900, 700), 300, left=left), (900, 700))
            background = drawn.positions[drawn.colours == imgui.get_color_u32(NOTICE_BACKGROUND)]
            assert len(background) and background[:, 1].max() == pytest.approx(700 - NOTICE_MARGIN, abs=1)
            assert background[:, 0].min() == pytest.approx(left, abs=1)


def test_notices_can_stand_under_the_toolbar():
    """A refusal notice covered the Export dialog's first line, by the timeline bar where both stand: while it is
    open the lab puts them under the toolbar (test_app_lab_headless)."""
    from ganlab_gl.app.panels.help import NOTICE_BACKGROUND
    state = AppState()
    state.notify("export: the file must end in .mp4 or .gif")

    with imgui_context((900, 700)):
        for top in (None, 60.0 + 12):
            drawn = draw_frame(lambda: draw_notices(state, (900, 700), 300, top=None if top is None else 60.0),
                               (900, 700))
            background = drawn.positions[drawn.colours == imgui.get_color_u32(NOTICE_BACKGROUND)]
            if top is None:
                assert background[:, 1].max() == pytest.approx(700 - 12, abs=1)
            else:
                assert background[:, 1].min() == pytest.approx(top, abs=1)


def test_notices_grow_faint_under_the_pointer():
    """They covered a setting or a tooltip for their seconds; the pointer over them lets what lies under show."""
    from ganlab_gl.app.panels.help import NOTICE_BACKGROUND, NOTICE_UNDER_POINTER
    state = AppState()
    state.notify("saved the session")
    faint = (*NOTICE_BACKGROUND[:3], NOTICE_BACKGROUND[3] * NOTICE_UNDER_POINTER)
    with imgui_context((900, 700)):
        for mouse, expected in (((450, 300), NOTICE_BACKGROUND), ((20, 680), faint), ((450, 300), NOTICE_BACKGROUND)):
            for _ in range(2):  # the pointer reaches ImGui on the next frame
                drawn = draw_frame(lambda: draw_notices(state, (900, 700), 300), (900, 700), mouse=mouse)
            assert (drawn.colours == imgui.get_color_u32(expected)).any(), mouse


def test_the_iteration_count_is_drawn_large_within_the_toolbars_row(monkeypatch):
    """GAN Lab's epoch counter reads from across a room: the count's digits stand taller than the toolbar's other
    text (the same toolbar with the count at the text's size is the measure), yet inside its row's frame height
    (give or take the spacing around it)."""
    from ganlab_gl.app.panels import toolbar

    state = AppState()
    stats = FrameStats(1975, 900.0, 30.0, "training on the CPU", "host copy", diverged=False, resolution="")

    def glyphs() -> np.ndarray:
        for _ in range(2):  # the first frame bakes the glyphs
            drawn = draw_frame(lambda: draw_toolbar(state, stats), (1280, 60))
        return drawn.positions[drawn.colours == imgui.get_color_u32(imgui.Col_.text)].reshape(-1, 4, 2)[:, :, 1]

    with imgui_context((1280, 60)):
        large = glyphs()
        monkeypatch.setattr(toolbar, "COUNTER_SCALE", 1.0)
        plain = glyphs()
        grown = np.ptp(large, axis=1) / np.ptp(plain, axis=1)  # the same glyphs in the same order
        assert (grown >= 1.3).sum() >= len("0001975"), grown
        assert (grown == 1).sum() >= len(large) - len("0,001,975"), grown  # the rest as they were
        assert large.min() >= -imgui.get_style().item_spacing.y
        assert large.max() <= imgui.get_frame_height() + imgui.get_style().item_spacing.y


@pytest.mark.parametrize("theme", ["desk_theme", "lecture_theme"])
def test_a_charts_axis_under_the_pointer_is_only_tinted(theme):
    """ImPlot fills a hovered axis with the button colour, a bright block over the tick labels; the themes make it
    a faint tint."""
    from imgui_bundle import implot

    from ganlab_gl.app import theme as themes

    with imgui_context():
        getattr(themes, theme)(imgui.get_style())
        for colour in (implot.Col_.axis_bg_hovered, implot.Col_.axis_bg_active):
            assert 0 < implot.get_style().color_(colour).w <= 0.15  # set (ImPlot's "auto" has alpha -1), faint


def test_drawing_controls_leave_the_brush_spread_as_it_is_until_it_is_dragged():
    """ImGui's drag hands back float32; written back every frame, 0.02 became 0.0199999996 and finishing a drawing
    said "data.brush_spread changed"."""
    from ganlab_gl.app.panels.data import _draw_drawing_controls

    state = AppState(drawing=True)
    with imgui_context():
        for _ in range(3):
            draw_frame(lambda: _draw_drawing_controls(state), (400, 200))
    assert state.brush_spread == 0.02 == state.config.data.brush_spread


@pytest.mark.parametrize("recording", ["", "/tmp/lab.mp4"])
def test_the_toolbar_shows_a_recording_while_one_runs(recording):
    """Ctrl+R's notice fades in seconds; the toolbar keeps saying that the canvas is being recorded."""
    from ganlab_gl.app.panels.toolbar import RECORDING_RGBA

    stats = FrameStats(10, 900.0, 30.0, "training on the CPU", "host copy", diverged=False, resolution="",
                       recording=recording)
    state = AppState()
    with imgui_context((1280, 60)):
        for _ in range(2):
            drawn = draw_frame(lambda: draw_toolbar(state, stats), (1280, 60))
        assert (drawn.count(packed(RECORDING_RGBA[:3])) >= 12) == bool(recording)  # "● REC": four glyphs, in red


def test_the_toolbar_offers_the_help(monkeypatch):
    """Nothing on screen said that F1 opens the help (what each picture shows, every key)."""
    from ganlab_gl.app.actions import Action
    button = imgui.button
    monkeypatch.setattr(imgui, "button", lambda label, *args: label == "Help" or button(label, *args))
    stats = FrameStats(10, 900.0, 30.0, "training on the CPU", "host copy", diverged=False, resolution="")
    state = AppState()
    with imgui_context((1280, 60)):
        draw_frame(lambda: draw_toolbar(state, stats), (1280, 60))
    assert [request.action for request in state.requests] == [Action.TOGGLE_HELP]


def test_an_edit_waiting_for_a_restart_is_framed_where_it_shows():
    """The graph and the editor show the pending value (the next click edits it); a frame in the restart colour
    says it does not run yet."""
    from ganlab_gl.app.panels.settings import RESTART_COLOR, edit_setting
    from ganlab_gl.core.settings import GanConfig
    state = AppState()
    setting = GanConfig.settings()["generator.hidden_layers"]

    def restart_coloured() -> int:  # the value's text is in the restart colour too (it restarts the run)
        drawn = draw_frame(lambda: edit_setting(state, state.shown_config(), setting, state.edit), (400, 100))
        return int((drawn.colours == imgui.get_color_u32(RESTART_COLOR)).sum())

    with imgui_context((400, 100)):
        running = restart_coloured()
        state.edit("generator.hidden_layers", 3)
        assert restart_coloured() >= running + 8 and state.shown_config().generator.hidden_layers == 3


@pytest.mark.parametrize("key, answered_yes", [(imgui.Key.enter, True), (imgui.Key.escape, False)])
def test_the_key_that_asks_a_question_does_not_also_answer_it(key, answered_yes):
    """Enter trains on a drawing; over unsaved progress that asks first, and the same press answered yes in the
    dialog's first frame: the run was replaced unasked. A key answers from the dialog's next press on."""
    from ganlab_gl.app.actions import Action
    from ganlab_gl.app.panels.help import draw_question
    state = AppState()
    state.requests.clear()
    size = (800, 600)

    def press():
        imgui.get_io().add_key_event(key, True)
        draw_frame(lambda: draw_question(state, size), size)
        imgui.get_io().add_key_event(key, False)
        draw_frame(lambda: draw_question(state, size), size)

    with imgui_context(size):
        draw_frame(lambda: None, size)
        imgui.get_io().add_key_event(key, True)
        state.ask("Replace the run?", "Replace", Action.RESET)  # asked by that press, in its frame
        draw_frame(lambda: draw_question(state, size), size)
        imgui.get_io().add_key_event(key, False)
        draw_frame(lambda: draw_question(state, size), size)
        assert state.question is not None and not state.requests  # still asking
        press()  # a key pressed with the dialog up answers
        assert state.question is None
        assert bool(state.requests) is answered_yes


def _contrast(a, b) -> float:
    """WCAG's contrast ratio of two sRGB colours."""
    def luminance(rgb):
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", ["desk_theme", "lecture_theme"])
def test_every_text_colour_reads_on_its_panels_from_the_back_of_a_room(theme):
    """Lecture mode's legend sentences and colour-scale labels were ImGui's light grey on white (2.8:1)."""
    import ganlab_gl.app.theme as themes
    with imgui_context():
        style = imgui.get_style()
        getattr(themes, theme)(style)
        background = style.color_(imgui.Col_.window_bg)
        backdrop = [c * background.w for c in (background.x, background.y, background.z)]  # over black, as drawn
        for colour in (imgui.Col_.text, imgui.Col_.text_disabled):
            text = style.color_(colour)
            assert _contrast((text.x, text.y, text.z), backdrop) >= 4.5, (theme, colour)


@pytest.mark.parametrize("data, drawing, usable", [("gaussians", False, True), ("swissroll", False, False),
                                                   ("gaussians", True, False)])
def test_the_pretrained_checkbox_stays_and_greys_where_no_model_exists(data, drawing, usable):
    """GAN Lab's checkbox was hidden for data without a pre-trained model (the row jumped as presets changed);
    it stays, greyed, and a click on it asks for nothing there."""
    from types import SimpleNamespace

    from ganlab_gl.app.actions import Action
    from ganlab_gl.app.panels.data import _draw_pretrained
    state = AppState()
    state.config.data.name, state.drawing = data, drawing
    body = lambda: _draw_pretrained(state, SimpleNamespace(pretrained=None), {"gaussians", "ring"})  # noqa: E731
    with imgui_context((400, 100)):
        for _ in range(3):  # the panel is hovered from its second frame
            drawn = draw_frame(body, (400, 100), mouse=(8, 8))
        draw_frame(body, (400, 100), mouse=(8, 8), click=True)
        for _ in range(3):  # ImGui takes queued input one change a frame
            draw_frame(body, (400, 100), mouse=(8, 8))
    assert len(drawn.positions) > 20  # the box and its label, usable or not
    assert [(r.action, r.argument) for r in state.requests] == ([(Action.USE_PRETRAINED, True)] if usable else [])


def test_the_heatmap_and_manifold_resolutions_are_with_their_layers_views(monkeypatch):
    """They lived under All settings -> More settings -> Probe alone; a student looked for them under the layer."""
    import ganlab_gl.app.panels.settings as settings_module
    drawn, widget = [], settings_module.setting_widget
    monkeypatch.setattr(settings_module, "setting_widget", lambda setting, *args: (drawn.append(setting.key),
                                                                                   widget(setting, *args))[1])
    header = imgui.collapsing_header
    monkeypatch.setattr(imgui, "collapsing_header", lambda label, flags=0: header(
        label, flags | imgui.TreeNodeFlags_.default_open))
    state = AppState()
    with imgui_context((400, 2000)):
        draw_frame(lambda: draw_view_editor(state), (400, 2000))
    for layer, key in (("heatmap", "probe.heatmap_res"), ("manifold", "probe.manifold_res")):
        assert key in drawn and drawn[drawn.index(key) + 1].startswith(f"{layer}.")  # at the top of its layer


@pytest.mark.parametrize("width, keys_kept", [(1600, True), (800, False)])
def test_a_lecture_notice_takes_the_keys_hints_room_where_both_do_not_fit(monkeypatch, width, keys_kept):
    """At 1024x768 the lecture status line left a notice "s.": its keys' hint now gives the notice its room."""
    import lab_frames
    from ganlab_gl.app.panels.lecture import LECTURE_KEYS_HINT, draw_lecture_status
    from ganlab_gl.app.state import Notice
    frame = lab_frames.ring8_frame(2)
    notice = Notice("slow motion: one phase of an iteration at a time", "info", 0.0)
    said = []
    text, text_colored = imgui.text, imgui.text_colored
    monkeypatch.setattr(imgui, "text", lambda words: (said.append(words), text(words)))
    monkeypatch.setattr(imgui, "text_colored", lambda colour, words: (said.append(words), text_colored(colour, words)))
    with imgui_context((width, 100)):
        draw_frame(lambda: draw_lecture_status(frame, True, True, notice), (width, 100))
    assert said[0].endswith(LECTURE_KEYS_HINT) == keys_kept and said[0].startswith("Iteration 2")
    assert said[1] == notice.text  # whole


@pytest.mark.parametrize("width", [2000, 520, 250])
def test_the_lecture_status_line_never_runs_past_the_screens_edge(monkeypatch, width):
    """At 1024x768, rewound with four runs, the keys' hint ran past the screen's edge ("(Tab: what is show") with no
    notice beside it: the hint gives way, and a status longer still ends in "..."."""
    import lab_frames
    from ganlab_gl.app.panels.lecture import LECTURE_KEYS_HINT, draw_lecture_status
    frame = lab_frames.ring8_frame(2, ("train.loss=wgan-gp", "train.g_lr=0.01", "train.d_lr=0.3"))
    said = []
    text = imgui.text
    monkeypatch.setattr(imgui, "text", lambda words: (said.append((words, imgui.calc_text_size(words).x,
                                                                   imgui.get_content_region_avail().x)), text(words)))
    with imgui_context((width, 100)):
        draw_frame(lambda: draw_lecture_status(frame, False, False), (width, 100))
    words, used, room = said[0]
    assert used <= room and words.startswith("Iteration 2")
    assert words.endswith(LECTURE_KEYS_HINT) == (width == 2000)
    assert words.endswith("4 runs side by side") == (width == 520) and words.endswith("...") == (width == 250)


@pytest.mark.parametrize("typed, kept", [(float("nan"), 0.02), (float("inf"), 0.02), (0.05, 0.05)])
def test_a_typed_brush_spread_that_is_no_number_is_refused_at_once(monkeypatch, typed, kept):
    """The brush spread took a typed nan (its clamp lets nan through); the refusal came only after Enter and the
    "Replace the run?" question."""
    import lab_frames
    import ganlab_gl.app.panels.data as data_panel
    state = AppState()
    state.drawing = True
    monkeypatch.setattr(data_panel, "steady_drag", lambda *args: (True, typed))
    from ganlab_gl.core.presets import PRESETS
    previews = {name: (imgui.ImTextureRef(1), (0.0, 0.0), (1.0, 1.0)) for name in PRESETS}
    with imgui_context((400, 600)):
        draw_frame(lambda: data_panel.draw_data_panel(state, lab_frames.ring8_frame(1), previews, set()), (400, 600))
    assert state.brush_spread == kept
    if typed != kept:
        assert state.notices[-1].level == "error" and state.notices[-1].text.startswith(
            f"data.brush_spread: {typed} is not a finite number")


def test_a_label_is_measured_as_shown_without_its_id():
    """The checkbox "color_by_prediction##real.color_by_prediction" was measured with its id and, at UI scale 2,
    put on a line of its own, its name above it."""
    from ganlab_gl.app.panels import flow
    with imgui_context((400, 300)):
        draw_frame(lambda: None, (400, 300))
        imgui.new_frame()
        shown = flow.checkbox_width("color_by_prediction")
        assert flow.checkbox_width("color_by_prediction##real.color_by_prediction") == shown
        assert flow.button_width("Remove##B") == flow.button_width("Remove")
        imgui.end_frame()
