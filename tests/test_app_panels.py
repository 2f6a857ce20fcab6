"""The lead's panels drawn headlessly: the legend's colours come from the renderer's functions,
and the toolbar, editor, data, help and notices panels draw and write only through the state."""

import re

import numpy as np
import pytest
import torch
from imgui_bundle import imgui

from ganlab_gl.app.fonts import UiFonts
from ganlab_gl.app.panels.legend import (EXPLANATIONS, HIDDEN_ALPHA, LEGEND_ECONOMIES, LegendFit, _sentence_height,
                                        draw_density_legend, draw_explanations, draw_heatmap_legend,
                                        draw_hidden_layers, draw_sample_legend, layers_to_explain,
                                        where_the_rest_is_explained)
from ganlab_gl.app.panels.help import GUIDE, draw_help, draw_notices
from ganlab_gl.app.panels.settings import draw_settings_editor, draw_view_editor
from ganlab_gl.app.panels.toolbar import FrameStats, draw_toolbar
from ganlab_gl.app.state import AppState
from ganlab_gl.core.presets import PRESETS
from ganlab_gl.core.settings import DATASETS
from ganlab_gl.core.snapshot import HeatmapProbe
from ganlab_gl.render.colormap import FAKE_RGBA, GRADIENT_RGBA, REAL_RGBA, heatmap_color
from ganlab_gl.render.layers.manifold import density_legend
from imgui_headless import draw_frame, imgui_context

imgui_font_px = 13.0  # ImGui's own font, which the headless panels draw with


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


def test_the_colour_bars_middle_says_in_words_that_d_cannot_tell_where_it_has_room():
    """"fake 0 · D = 0.5 · 1 real" asked a first-time student to know what D is; GAN Lab's legend says the grey
    middle is where it is "difficult to determine whether samples are real or fake". A narrower bar drops the
    numbers before the words: at 1280x800, UI scale 2, it read "fake 0 · 0.5 · 1 real", D's notation again."""
    from ganlab_gl.app.panels import flow
    from ganlab_gl.app.panels.legend import scale_labels
    heat = HeatmapProbe(torch.rand(8, 8), (0, 0, 1, 1), "probability")
    with imgui_context():
        imgui.new_frame()
        labels = [scale_labels(heat, width, flow.text_width, 8.0) for width in (400, 150, 80, 40)]
        imgui.end_frame()
    assert labels == [("fake  0", "can't tell", "1  real"), ("fake", "can't tell", "real"), ("fake", "", "real"),
                      ("0", "0.5", "1")], labels


def test_a_critics_colour_bar_says_which_score_it_cannot_tell_at():
    """A critic's grey middle is no longer critic 0 (its offset is arbitrary) but midway between its mean scores on
    the shown reals and fakes: the bar says that score, and its ends lie two spreads either side of it."""
    from ganlab_gl.app.panels import flow
    from ganlab_gl.app.panels.legend import heatmap_scale_words, scale_labels
    scores = -1.3 + torch.tensor([[-2.0, -1.0, 1.0], [2.0, -1.0, 1.0], [0.0, 1.0, -1.0]])
    heat = HeatmapProbe(scores, (0, 0, 1, 1), "critic", centre=torch.tensor(-1.3))
    spread = heat.display_scale.item()  # 1.4826 x median |s + 1.3| = 1.4826 x 1
    assert spread == pytest.approx(1.4826, rel=1e-4)
    with imgui_context():
        imgui.new_frame()
        labels = [scale_labels(heat, width, flow.text_width, 8.0) for width in (400, 60)]
        imgui.end_frame()
    assert labels[0] == ("-4.27", "critic -1.3: can't tell", "+1.67"), labels
    assert labels[1][1] == "-1.3" and labels[1] != labels[0]  # narrow: shorter, the centre still said
    assert heatmap_scale_words(heat) == "colours: critic -1.3 ± 2.97"


def test_a_critics_colour_words_read_the_device_once_a_probe(monkeypatch):
    """The legend's bar and a compared pane's caption are drawn every frame: each number they say was a host read
    of a 0-dim tensor (on CUDA each waits for the kernels the training thread queued meanwhile), the centre and the
    spread one at a time, for each of them. Now the centre and the spread come together in one read, once a probe."""
    from ganlab_gl.app.panels import flow
    from ganlab_gl.app.panels.legend import heatmap_scale_words, scale_labels
    heat = HeatmapProbe(torch.tensor([[-2.0, -1.0], [1.0, 3.0]]), (0, 0, 1, 1), "critic", centre=torch.tensor(0.5))
    heat.display_scale  # the colours' own (device-side) scale, as the heatmap layer computes it first
    reads = []
    for name in ("__float__", "item", "tolist"):
        method = getattr(torch.Tensor, name)
        monkeypatch.setattr(torch.Tensor, name, lambda self, *a, _method=method, _name=name, **k: (
            reads.append(_name), _method(self, *a, **k))[1])
    with imgui_context():
        imgui.new_frame()
        for _ in range(3):  # three frames' legend and caption
            middle = scale_labels(heat, 400, flow.text_width, 8.0)[1]
            words = heatmap_scale_words(heat)
        imgui.end_frame()
    assert len(reads) == 1, reads
    assert middle == "critic 0.5: can't tell" and words.startswith("colours: critic 0.5 ± "), (middle, words)
    assert HeatmapProbe(heat.values, (0, 0, 1, 1), "critic").critic_range[0] == 0.0  # no centre: critic 0


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


def _click(body, at) -> None:
    """Hover `at`, click there (ImGui takes the press in the frame after the pointer arrived), and let go in a
    frame there too (a link is clicked on release)."""
    for click in (False, True, False):
        draw_frame(body, (500, 100), mouse=tuple(at), click=click)


def _entry(drawn, rgba, alpha=1.0):
    """The middle of the leftmost legend entry drawn in `rgba` (the arrow's entry starts with a fake's dot too)."""
    points = drawn.positions[drawn.colours == packed(rgba[:3], alpha)]
    assert len(points) >= 4, rgba
    return points[points[:, 0] <= points[:, 0].min() + 8].mean(axis=0)


def test_the_dots_and_the_arrow_in_the_legend_are_gan_labs_layer_switches_a_hidden_one_dimmed():
    """GAN Lab's legend names each layer as its switch ("click to toggle this layer") and keeps a hidden layer's
    name; ours were pictures only, and the arrow's entry went with its layer: a student who pressed A lost the
    entry and the way back. Now a click on an entry shows or hides its layer, and a hidden one stays, dimmed."""
    toggled = []

    def legend(**shown):
        return lambda: draw_sample_legend(**{"gradients": True, "real": True, "fake": True, **shown},
                                          toggle=toggled.append)

    with imgui_context():
        body = legend()
        drawn = [draw_frame(body, (500, 100)) for _ in range(2)][-1]
        for rgba in (REAL_RGBA, FAKE_RGBA, GRADIENT_RGBA):
            _click(body, _entry(drawn, rgba))
        assert toggled == ["real", "fake", "gradients"]
        toggled.clear()
        body = legend(fake=False, gradients=False)
        drawn = [draw_frame(body, (500, 100)) for _ in range(2)][-1]
        assert drawn.count(packed(GRADIENT_RGBA[:3])) == 0 and drawn.count(packed(REAL_RGBA[:3])) >= 4
        for rgba in (FAKE_RGBA, GRADIENT_RGBA):
            _click(body, _entry(drawn, rgba, HIDDEN_ALPHA))
        assert toggled == ["fake", "gradients"]


def test_a_hidden_background_or_manifold_stays_in_the_legend_as_a_link_that_shows_it(monkeypatch):
    """Hiding the heatmap (H) or the manifold (M) took its legend and its sentence away, leaving no trace of the
    layer under the canvas; GAN Lab keeps "discriminator" and "generator" in its legend as their switches."""
    toggled, links = [], {}
    original = imgui.text_link

    def recording(label):
        clicked = original(label)
        links[label] = (np.array(imgui.get_item_rect_min()) + np.array(imgui.get_item_rect_max())) / 2
        return clicked

    monkeypatch.setattr(imgui, "text_link", recording)
    body = lambda: draw_hidden_layers(["heatmap", "manifold"], toggled.append)  # noqa: E731
    with imgui_context():
        draw_frame(body, (500, 100))
        assert [label.split("##")[0] for label in links] == ["background (H)", "manifold (M)"]
        for at in list(links.values()):
            _click(body, at)
    assert toggled == ["heatmap", "manifold"]


def test_the_legends_layer_switches_name_the_keys_the_action_table_binds(monkeypatch):
    """The switches spelled their keys from the layer table's letters ("a click (or A)", "background (H)"): a key
    rebound in the action table (here) went unnamed."""
    from dataclasses import replace

    from ganlab_gl.app.actions import ACTION_ROWS, Action
    monkeypatch.setitem(ACTION_ROWS, Action.TOGGLE_VIEW, replace(ACTION_ROWS[Action.TOGGLE_VIEW], keys={
        f"ctrl+{layer[0]}": f"{layer}.visible" for layer in ("heatmap", "manifold", "gradients")}))
    links, tips = [], []
    monkeypatch.setattr(imgui, "text_link", lambda label: links.append(label.split("##")[0]))
    monkeypatch.setattr(imgui, "set_tooltip", tips.append)
    with imgui_context():
        draw_frame(lambda: draw_hidden_layers(["heatmap", "manifold"], lambda layer: None), (500, 100))
        body = lambda: draw_sample_legend(gradients=True, toggle=lambda layer: None)  # noqa: E731
        arrow = _entry(draw_frame(body, (500, 100)), GRADIENT_RGBA)
        for _ in range(3):  # hovered from its second frame
            draw_frame(body, (500, 100), mouse=tuple(arrow))
    assert links == ["background (Ctrl+H)", "manifold (Ctrl+M)"]
    assert tips and tips[-1].endswith("the arrows: a click (or Ctrl+G) hides them")


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


def _sentences_said(monkeypatch) -> list[str]:
    """What the legend's sentences and its pointer line say as drawn, in order (the sentences in coloured runs)."""
    from ganlab_gl.app.panels import flow
    said = []
    text_disabled, draw_runs = imgui.text_disabled, flow.draw_runs
    monkeypatch.setattr(imgui, "text_disabled", lambda text, *args: (said.append(text), text_disabled(text, *args)))
    monkeypatch.setattr(flow, "draw_runs", lambda runs, *args: (said.append("".join(text for text, _ in runs)),
                                                                 draw_runs(runs, *args)))
    return said


def test_where_sentences_are_left_out_a_line_says_the_legend_explains_them(monkeypatch):
    """At 1920x1080, UI scale 2, only the first of GAN Lab's sentences fit under the legend: the manifold's and the
    lines' meanings went missing without a word (GAN Lab shows all of them). A shorter line says where they are."""
    said = _sentences_said(monkeypatch)
    everything = {"heatmap", "manifold", "gradients"}  # a discriminator's run (a critic's has its own colours)

    def drawn(height, pointing=True):  # the second frame's lines
        said.clear()
        with imgui_context():
            for _ in range(2):
                draw_frame(lambda: draw_explanations(everything, point_to_the_rest=pointing), (400, height))
        return said[len(said) // 2:]

    assert not any(text.startswith("Hover the legend") for text in drawn(600))
    first = EXPLANATIONS[0][1]
    with imgui_context():
        draw_frame(lambda: None, (400, 100))
        hint = "Hover the legend for what the manifold and the lines mean."
        spacing = imgui.get_style().item_spacing.y
        room = _sentence_height(first, 400) + imgui.calc_text_size(hint, wrap_width=400).y + spacing + 1
        assert room < _sentence_height(first, 400) + _sentence_height(EXPLANATIONS[2][1], 400)  # no room for the
        # manifold's sentence
    assert drawn(room) == [first, hint]
    assert drawn(room, pointing=False) == [first]


def test_the_pointer_lines_room_is_its_alone_and_what_it_lacks_holds_when_given(monkeypatch):
    """The legend measures how far it is from the line saying where the sentences it leaves out are; given that
    room (`pointer_room`, by the canvas above), the line shows, no sentence takes the room, and what the legend
    measures holds (measured with it, the room came and went every other frame)."""
    said = _sentences_said(monkeypatch)
    everything, first = {"heatmap", "manifold", "gradients"}, EXPLANATIONS[0][1]
    pointer = "Hover the legend for what it means."

    def explained(height, pointer_room=0.0):
        kept = []
        said.clear()
        with imgui_context():
            for _ in range(2):
                draw_frame(lambda: kept.append(draw_explanations(everything, point_to_the_rest=True,
                                                                 pointer_room=pointer_room)), (400, height))
        return kept[-1], said[len(said) // 2:]

    with imgui_context():
        draw_frame(lambda: None, (400, 100))
        room = _sentence_height(first, 400) + 10
    short, lines = explained(room)
    assert lines == [first] and short.left_out == {"manifold", "gradients"} and short.pointer_short > 0
    given, lines = explained(room + short.pointer_short, short.pointer_short)
    assert lines == [first, pointer] and given == short
    # the room given is the line's: a sentence it would make room for stays out
    manifold = EXPLANATIONS[2][1]
    with imgui_context():
        draw_frame(lambda: None, (400, 100))
        second = _sentence_height(manifold, 400)
    lines = explained(room + second, second)[1]
    assert lines[0] == first and lines[1].startswith("Hover the legend for what") and manifold not in lines
    assert where_the_rest_is_explained({"manifold"})[0] == "Hover the legend for what the manifold means."
    assert where_the_rest_is_explained({"heatmap", "manifold", "gradients"})[0] == (
        "Hover the legend for what the colours, the manifold and the lines mean.")


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


def test_the_help_names_d_and_g_before_using_the_letters_and_says_what_a_trained_gan_looks_like():
    """A student meets "D loss", "G loss", "Step G" and "gradient for G" on screen: the help's "What you see" spells
    out each letter where it first uses it; and it carries GAN Lab's two signs of a trained GAN (its "What's
    happening in the visualization?"): the fakes overlap the real samples, and the background fades to near white,
    D's 0.5, as D can no longer tell them apart."""
    import re

    text = " ".join(shows for _, _, shows in GUIDE)
    for letter, name in (("D", "discriminator"), ("G", "generator")):
        first = re.search(rf"\b{letter}\b", text)
        assert first is not None, letter
        assert text[first.start() - len(name) - 4:first.end() + 2] == f"{name}'s ({letter}'s", letter
    rows = {what: shows for what, _, shows in GUIDE}
    assert "overlap" in rows["Dots"]
    assert "near white (D = 0.5" in rows["Background"]


def test_the_density_swatches_say_what_they_measure_before_their_numbers(monkeypatch):
    """A row of purple squares read "0x 1x 4x 16x 64x", their meaning in a tooltip only: the row names them, as
    the colour bar's ends name D's values and the dots' row says "Each dot is a sample:"."""
    from ganlab_gl.app.panels import legend
    said = []
    monkeypatch.setattr(imgui, "text", lambda text: said.append(text))
    monkeypatch.setattr(imgui, "text_disabled", lambda text: said.append(text))
    monkeypatch.setattr(legend, "_wrapped", lambda text, disabled=True: said.append(text))  # the title
    entries = density_legend(1.0, 64.0)
    with imgui_context():
        draw_frame(lambda: draw_density_legend(entries, False), (500, 100))
    assert said == ["manifold density:", *(f"{entry.ratio:g}x" for entry in entries)]


@pytest.mark.parametrize("room", [200.0, -8.0])
def test_the_dots_entries_follow_their_title_on_its_line_or_under_it_when_it_wraps(monkeypatch, room):
    """A legend a little narrower than "Each dot is a sample:" wrapped it and put the real dot beside its first
    line: "Each dot is a ● real" over "sample:" (1920x1080, UI scale 2, under a comparison's panes). Beside a title
    of one line where they fit (`room` px to spare); under a wrapped one."""
    from ganlab_gl.app.panels import legend
    rects, text, wrapped, title = {}, imgui.text, legend._wrapped, "Each dot is a sample:"

    def recorded(draw):
        return lambda words, *args, **kwargs: (draw(words, *args, **kwargs), rects.__setitem__(
            words, (imgui.get_item_rect_min().y, imgui.get_item_rect_max().y)))

    monkeypatch.setattr(imgui, "text", recorded(text))  # the entries' names
    monkeypatch.setattr(legend, "_wrapped", recorded(wrapped))  # the title
    with imgui_context():
        UiFonts().apply_scale(2.0, 1.0)  # the lab's font, whose "Each dot is a" leaves room for a dot...
        imgui.get_style().item_spacing.x = 2.0  # ...where the items stand close
        measured = []
        draw_frame(lambda: measured.append(imgui.calc_text_size(title).x), (500, 100))
        draw_frame(lambda: draw_sample_legend(gradients=True), (measured[0] + room, 200))
    (top, bottom), real = rects[title], rects["real"]
    wrapped = bottom - top > 1.5 * (real[1] - real[0])
    assert wrapped == (room < 0), rects
    assert (real[0] >= bottom) if wrapped else (real[0] == top), rects


@pytest.mark.parametrize("width", [500, 150, 80])
def test_the_density_strip_labels_its_cells_apart_and_inside_the_legend(monkeypatch, width):
    """A short legend's densities as a strip: its labels under their cells, never touching ("16x64x" at
    1024x768, UI scale 2), every other one's where the cells are narrower than their labels, none past the edge."""
    spans, text_disabled = [], imgui.text_disabled
    monkeypatch.setattr(imgui, "text_disabled", lambda text: (text_disabled(text), spans.append(
        (text, imgui.get_item_rect_min().x, imgui.get_item_rect_max().x))))
    entries = density_legend(1.0, 64.0)
    with imgui_context():
        draw_frame(lambda: draw_density_legend(entries, False, strip=True), (width, 100))
    assert spans[0][0] == "0x" and len(spans) >= 2, spans
    gap = imgui_font_px / 4
    assert all(left + gap <= right_next for (_, _, left), (_, right_next, _) in zip(spans, spans[1:])), spans
    assert spans[0][1] >= 0 and spans[-1][2] <= width, spans


def test_the_legend_fit_makes_the_fewest_economies_that_fit_and_holds_still():
    """One more economy a frame while the legend overruns its box, back only to what was measured to fit; a
    wider box, or a legend showing something else, measures again from none."""
    heights = [400.0, 330.0, 290.0, 200.0]  # the legend's height with 0, 1, 2, 3 economies
    fit, made = LegendFit(), []
    for _ in range(8):
        fit.follow(300.0)
        made.append(fit.economies)
        fit.measured(heights[fit.economies], 300.0)
    assert made == [0, 1, 2, 2, 2, 2, 2, 2] and fit.makes(LEGEND_ECONOMIES[1]) and not fit.makes(LEGEND_ECONOMIES[2])
    fit.measured(heights[2], 340.0)  # a taller box: the economy before fits
    assert fit.economies == 1
    fit.measured(heights[1], 340.0)
    assert fit.economies == 1
    fit.follow(320.0)
    assert fit.economies == 0 and not fit.heights and not fit.spent()
    for _ in range(3):
        fit.follow(320.0, ("heatmap shown",))
        fit.measured(heights[fit.economies], 300.0)
    assert fit.economies == 2
    fit.follow(320.0, ("heatmap hidden",))  # the heights measured with the heatmap's bar would keep both economies
    assert fit.economies == 0 and not fit.heights


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
    stats = FrameStats(12, 900.0, 30.0, "training on the CPU", "CPU", "host copy", diverged=True,
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
    CLICK_WOBBLE_PX a press and release is a click, which makes the number a text field (beta1's: a learning rate's
    click now opens GAN Lab's list, test_a_learning_rates_click_lists_gan_labs_rates...)."""
    from ganlab_gl.core.settings import GanConfig
    from ganlab_gl.app.panels.settings import CLICK_WOBBLE_PX, setting_widget
    assert wobble < CLICK_WOBBLE_PX or not typed
    beta1 = GanConfig.settings()["train.beta1"]
    value = [0.9]

    def body():
        imgui.set_next_item_width(200)
        changed, new = setting_widget(beta1, value[0])
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
    assert (value[0] == 0.9) == typed, value


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


def test_folded_notices_stand_a_line_each_and_unfold_under_the_pointer():
    """At 1280x800, UI scale 2, a preset pick's two notices, wrapped, hid 255 px of a 344 px canvas: folded, each
    stands on one line cut with "...", and the pointer over them shows them whole, from the same foot, opaque (a
    tooltip: faint, the cut words could not be read)."""
    from ganlab_gl.app.panels.help import NOTICE_BACKGROUND, NOTICE_COLORS
    state = AppState()
    state.notify("Ring: GAN Lab's training config (see the graph)")
    state.notify("Ctrl+Z brings back the run on Two Gaussians at iteration 5,332 (it is not saved)")
    text = None

    def lines(drawn) -> int:  # the text's rows: the glyphs' middles, a row's within half a font size
        middles = np.sort(drawn.glyph_quads(text)[:, :, 1].mean(axis=1))
        return 1 + int(np.count_nonzero(np.diff(middles) > imgui.get_font_size() / 2))

    with imgui_context((900, 700)):
        boxes = {}
        for folded, mouse in ((False, None), (True, None), (True, (100, 680))):
            for _ in range(2):  # the pointer reaches ImGui on the next frame; the first frame bakes the glyphs
                drawn = draw_frame(lambda: boxes.__setitem__((folded, mouse), draw_notices(
                    state, (900, 700), 300, folded=folded)), (900, 700), mouse=mouse or (-1e4, -1e4))
            text = imgui.get_color_u32(NOTICE_COLORS["info"])
            assert (drawn.colours == imgui.get_color_u32(NOTICE_BACKGROUND)).any()  # opaque, hovered or not
            assert lines(drawn) == (2 if folded and mouse is None else 5), (folded, mouse)
        whole, cut, unfolded = boxes.values()
        assert whole[3] - cut[3] == pytest.approx(3 * imgui.get_font_size())  # three lines fewer
        assert unfolded == whole  # the foot stays where it was
        assert cut[1] + cut[3] == pytest.approx(whole[1] + whole[3])


def test_the_iteration_count_is_drawn_large_within_the_toolbars_row(monkeypatch):
    """GAN Lab's epoch counter reads from across a room: the count's digits stand taller than the toolbar's other
    text (the same toolbar with the count at the text's size is the measure), yet inside its row's frame height
    (give or take the spacing around it)."""
    from ganlab_gl.app.panels import toolbar

    state = AppState()
    stats = FrameStats(1975, 900.0, 30.0, "training on the CPU", "CPU", "host copy", diverged=False, resolution="")

    def glyphs() -> np.ndarray:
        for _ in range(2):  # the first frame bakes the glyphs
            drawn = draw_frame(lambda: draw_toolbar(state, stats), (1280, 60))
        return drawn.glyph_quads(imgui.get_color_u32(imgui.Col_.text))[:, :, 1]

    with imgui_context((1280, 60)):
        large = glyphs()
        monkeypatch.setattr(toolbar, "COUNTER_SCALE", 1.0)
        plain = glyphs()
        grown = np.ptp(large, axis=1) / np.ptp(plain, axis=1)  # the same glyphs in the same order
        assert (grown >= 1.3).sum() >= len("0001975"), grown
        assert (grown == 1).sum() >= len(large) - len("0,001,975"), grown  # the rest as they were
        assert large.min() >= -imgui.get_style().item_spacing.y
        assert large.max() <= imgui.get_frame_height() + imgui.get_style().item_spacing.y


def test_a_rewound_count_is_drawn_in_the_timeline_marks_colour():
    """Rewound, the toolbar's count is the shown iteration: drawn in the text's white, "0,000,296" read as the run's
    count gone back, as after a reset. It takes the charts' rewound mark's colour, and only while rewound."""
    from ganlab_gl.app.theme import SHOWN_ITERATION_RGBA

    def count_glyphs(rewound_from: int | None) -> tuple[int, int]:
        """(glyphs in the mark's colour, in the text's) of the toolbar at iteration 296."""
        stats = FrameStats(296, 0.0, 30.0, "training on the CPU", "CPU", "host copy", diverged=False, resolution="",
                           rewound_from=rewound_from)
        for _ in range(2):  # the first frame bakes the glyphs
            drawn = draw_frame(lambda: draw_toolbar(AppState(), stats), (1280, 60))
        quads = drawn.colours[drawn.glyph].reshape(-1, 4)[:, 0]
        return (int((quads == imgui.get_color_u32(SHOWN_ITERATION_RGBA)).sum()),
                int((quads == imgui.get_color_u32(imgui.Col_.text)).sum()))

    with imgui_context((1280, 60)):
        marked, _ = count_glyphs(rewound_from=898)
        unmarked, text = count_glyphs(rewound_from=None)
    assert marked >= len("0000296") and unmarked == 0, (marked, unmarked)
    assert text > marked  # the present's count, with the labels, in the text's colour


@pytest.mark.parametrize("pick", ["a pick starts a new run",
                                  "a pick adds a run of it beside the main run, every run from iteration 0"])
def test_experiment_tooltips_keep_their_lines_as_short_as_the_settings(pick):
    """ring8-hinge's tooltip ran to 109 characters a line, past TIP_LINE_CHARS that the graph's, the settings' and
    the legend's tooltips keep to: each line is broken between words, and none is lost. `pick`: the data panel's
    and the Compare section's."""
    from ganlab_gl.app.panels.data import experiment_tip
    from ganlab_gl.app.panels.overview_graph import TIP_LINE_CHARS
    from ganlab_gl.core.experiments import EXPERIMENTS, summary
    for name, experiment in EXPERIMENTS.items():
        tip = experiment_tip(name, pick)
        assert max(map(len, tip.split("\n"))) <= TIP_LINE_CHARS, tip
        words = " ".join(tip.split())
        assert all(" ".join(part.split()) in words for part in (experiment.protocol, *summary(name).split("; "), pick))


def test_the_helps_table_keeps_a_value_by_its_name_and_its_text_off_the_tables_edge(monkeypatch):
    """At 1920x1080, UI scale 2, the help's "What you see" broke "(D =" from its "0.5" across lines, and its text
    ran to the table's right edge: a name and its value stay on one line, and the table pads its outer edges."""
    from ganlab_gl.app.fonts import UiFonts
    state, rows = AppState(), []
    state.help_open = True
    text_wrapped = imgui.text_wrapped

    def recorded(text: str) -> None:
        table = imgui.internal.get_current_table()
        rows.append((text, imgui.get_content_region_avail().x,
                     table.outer_rect.max.x - imgui.get_cursor_screen_pos().x - imgui.get_content_region_avail().x))
        text_wrapped(text)
    monkeypatch.setattr(imgui, "text_wrapped", recorded)
    with imgui_context((1920, 1080)):
        UiFonts().apply_scale(2.0, 1.0)
        for _ in range(3):  # the help sizes itself to its table from the second frame
            rows.clear()
            draw_frame(lambda: draw_help(state, (1920, 1080)), (1920, 1080))
        background, width = next((text, width) for text, width, _ in rows if text.startswith(GUIDE[1][2][:20]))
        imgui.new_frame()  # its lines as ImGui wraps them
        lines, rest = [], background
        while rest:
            end = max(imgui.get_font().calc_word_wrap_position_python(imgui.get_font_size(), rest, width), 1)
            lines.append(rest[:end].strip())
            rest = rest[end:].lstrip()
        padding = imgui.get_style().cell_padding.x
        imgui.end_frame()
    assert any("D\u00a0=\u00a00.5" in line for line in lines), lines
    assert min(margin for _, _, margin in rows) >= padding, rows


@pytest.mark.parametrize("playing, slow_motion, says", [
    (True, True, "1.5 s a phase"), (True, False, "0 it/s"), (False, True, "0 it/s")])
def test_the_toolbars_rate_says_the_slow_motion_pace_while_it_plays(monkeypatch, playing, slow_motion, says):
    """Playing in slow motion, an iteration takes seconds and the rate read "0 it/s", as if nothing trained: there
    the toolbar says how long each phase is held (playback.phase_seconds); elsewhere the rate, 0 while paused. Either
    names the device it trains on, which a notice over the lab's first frame said, covering the samples."""
    state = AppState()
    state.playing, state.slow_motion = playing, slow_motion
    state.view.playback.phase_seconds = 1.5
    stats = FrameStats(7, 0.2, 30.0, "training on the CPU", "CPU", "host copy", diverged=False, resolution="")
    said = []
    text_disabled = imgui.text_disabled
    monkeypatch.setattr(imgui, "text_disabled", lambda line: (said.append(line), text_disabled(line)))
    with imgui_context((1280, 60)):
        draw_frame(lambda: draw_toolbar(state, stats), (1280, 60))
    assert [line for line in said if "fps" in line] == [f"{says} (CPU)  30 fps"], said


def test_the_counters_digits_stay_large_after_the_font_atlas_drops_a_size():
    """At 1920x1080, UI scale 2, while runs were compared, the count read "0,000,₄₃0": ImGui's FreeType loader
    keeps the last size it set up by the ImFontBaked's address (BakedLastActivated), and once the atlas dropped an
    unused size (its pool compacted in the next NewFrame) the count's size sat at that address: a digit first
    shown after that was rasterised at the dropped size's pixels and placed on the count's baseline. Here a
    size is loaded last, dropped as a full atlas drops it, and the count then shows a digit it had not shown."""
    from ganlab_gl.app.fonts import UiFonts
    state = AppState()

    def counted(iteration: int, then=lambda: None) -> np.ndarray:
        """The count's glyph heights (the toolbar's tallest), the toolbar drawn at `iteration`, `then` after it."""
        stats = FrameStats(iteration, 900.0, 30.0, "training on the CPU", "CPU", "host copy", diverged=False,
                           resolution="")
        drawn = draw_frame(lambda: (draw_toolbar(state, stats), then()), (1920, 80))
        quads = drawn.glyph_quads(imgui.get_color_u32(imgui.Col_.text))
        heights = np.ptp(quads[:, :, 1], axis=1)
        return heights[heights > 0.75 * heights.max()], heights

    def small_text(load: str, drop: bool = False) -> None:
        imgui.push_font(None, 9.0)  # a size the count never uses, before the count's in the atlas's pool
        for char in load:
            imgui.get_font_baked().find_glyph(ord(char))
        if drop:
            imgui.internal.im_font_atlas_baked_discard(imgui.get_io().fonts, imgui.get_font(), imgui.get_font_baked())
        imgui.pop_font()

    with imgui_context((1920, 80)):
        UiFonts().apply_scale(2.0, 1.0)
        draw_frame(lambda: small_text("a"), (1920, 80))  # the small size first in the pool, then the count's
        large, _ = counted(0)
        counted(0, lambda: small_text("b", drop=True))  # loaded last, then dropped
        after, heights = counted(3)  # "0,000,003": the 3 first shown after the pool compacted
    assert len(after) == len(large) == len("0000003") and np.ptp(after) <= 1.0, (large, heights)


@pytest.mark.parametrize("sizes", [(13.0, 20.0, 60.0), (9.0, 40.0, 17.5)])
def test_a_glyph_first_shown_after_the_atlas_compacts_has_its_own_size(sizes):
    """Any text, not the count alone: at 1024x768, UI scale 2, the graph's "0.976" read "0.9" and a large "76". A
    size (the dropped one), then two sizes are loaded, the middle one activated last; the first is dropped (the
    atlas's cache compacted), so the third moves to the middle one's address; a glyph then first shown at the
    third size is as tall as one at that size in a fresh atlas."""
    from ganlab_gl.app.fonts import UiFonts

    def height(size: float, char: str) -> float:
        imgui.push_font(None, size)
        glyph = imgui.get_font_baked().find_glyph(ord(char))
        imgui.pop_font()
        return glyph.y1 - glyph.y0

    dropped, activated_last, moved = sizes
    shown = []
    with imgui_context():
        UiFonts()
        draw_frame(lambda: ([height(size, "a") for size in sizes], height(moved, "b"), height(activated_last, "b")),
                   (200, 100))
        for _ in range(2):
            draw_frame(lambda: (height(activated_last, "a"), height(moved, "a")), (200, 100))  # `dropped` unused
        imgui.get_io().fonts.compact_cache()
        draw_frame(lambda: height(moved, "a"), (200, 100))  # NewFrame compacts the pool of sizes
        draw_frame(lambda: shown.append(height(moved, "W")), (200, 100))
    with imgui_context():
        UiFonts()
        draw_frame(lambda: shown.append(height(moved, "W")), (200, 100))
    assert shown[0] == shown[1], shown


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


@pytest.mark.parametrize("theme", ["desk_theme", "lecture_theme"])
def test_a_combos_list_and_other_popups_hide_what_lies_under_them(theme):
    """The loss list over the graph's hint showed 'resumes training', 'needs to move' between its entries (1920x1080,
    UI scale 2): ImGui's popups are 94% opaque, and large light type under one shows through."""
    from ganlab_gl.app import theme as themes

    with imgui_context():
        getattr(themes, theme)(imgui.get_style())
        assert imgui.get_style().color_(imgui.Col_.popup_bg).w == 1.0


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
@pytest.mark.parametrize("room", [True, False])
def test_the_toolbar_shows_a_recording_while_one_runs(recording, room):
    """Ctrl+R's notice fades in seconds; the toolbar keeps saying that the canvas is being recorded, also where its
    last row has no room kept for the mark (it stands in for the speed's read-out there, as at 2560x1440, UI scale
    3, where the room kept made a row of its own)."""
    from ganlab_gl.app.panels.toolbar import RECORDING_RGBA, measure_toolbar

    stats = FrameStats(10, 900.0, 30.0, "training on the CPU", "CPU", "host copy", diverged=False, resolution="",
                       recording=recording)
    state = AppState()
    with imgui_context((1280, 60)):
        imgui.new_frame()  # the widest toolbar with the mark's room kept (eleven buttons and read-outs before it), or
        width = next(width for width in range(1280, 400, -1)  # without it
                     if (len(measure_toolbar(state, stats, width).items) > 11) == room)
        imgui.end_frame()
        for _ in range(2):
            drawn = draw_frame(lambda: draw_toolbar(state, stats), (width, 60))
        assert (drawn.count(packed(RECORDING_RGBA[:3])) >= 12) == bool(recording), width  # "● REC": four glyphs,
        # in red


def test_the_toolbar_offers_the_help(monkeypatch):
    """Nothing on screen said that F1 opens the help (what each picture shows, every key)."""
    from ganlab_gl.app.actions import Action
    button = imgui.button
    monkeypatch.setattr(imgui, "button", lambda label, *args: label == "Help" or button(label, *args))
    stats = FrameStats(10, 900.0, 30.0, "training on the CPU", "CPU", "host copy", diverged=False, resolution="")
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
    from ganlab_gl.app.theme import contrast_ratio
    return contrast_ratio(a, b)


@pytest.mark.parametrize("theme", ["desk_theme", "lecture_theme"])
def test_the_phase_headings_read_on_their_panel_in_gan_labs_hues(theme):
    """GAN Lab's D blue, the heading of a D phase's explanation, read at 3.7:1 on lecture mode's white and 3.6:1 on the
    desk's grey: it is darkened or lightened just enough (its hue kept); a heading that reads is GAN Lab's colour. So
    are the graph's lit node names in GAN Lab's flow colours (its light blue: 2.6:1 on white)."""
    import ganlab_gl.app.theme as themes
    from ganlab_gl.app.panels.overview import BANNER_RGB, _Graph, draw_explanation
    from ganlab_gl.core.trainer import Phase
    drawn = []
    push = imgui.push_style_color
    with imgui_context((600, 400)):
        getattr(themes, theme)(imgui.get_style())
        backdrop = []
        draw_frame(lambda: backdrop.append(imgui.get_style_color_vec4(imgui.Col_.window_bg)), (600, 400))
        backdrop = (backdrop[0].x, backdrop[0].y, backdrop[0].z)  # the panel's, as drawn
        for network in ("D", "G"):
            phase = Phase(network, "predictions")
            drawn.clear()
            imgui.push_style_color = lambda colour, value: (drawn.append(value), push(colour, value))[1]
            try:
                draw_frame(lambda: draw_explanation(phase, ""), (600, 400))
            finally:
                imgui.push_style_color = push
            heading = drawn[0]
            rgb = (heading.x, heading.y, heading.z)
            assert _contrast(rgb, backdrop) >= 4.5, (theme, network, rgb)
            if _contrast(BANNER_RGB[network], backdrop) >= 4.5:  # G's purple on white: GAN Lab's own
                assert rgb == pytest.approx(BANNER_RGB[network])
            assert max(range(3), key=lambda c: rgb[c]) == max(range(3), key=lambda c: BANNER_RGB[network][c])
        graph = []
        draw_frame(lambda: graph.append(_Graph(imgui.get_window_draw_list(), imgui.ImVec2(0, 0), 1.0, None)),
                   (600, 400))
        for network, rgb in graph[0].lit_label_rgb.items():  # a lit node's name, in GAN Lab's flow colour
            assert _contrast(rgb, backdrop) >= 4.5, (theme, network, rgb)


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


@pytest.mark.parametrize("data, usable", [("gaussians", True), ("swissroll", False)])
def test_the_pretrained_checkbox_stays_and_greys_where_no_model_exists(data, usable):
    """GAN Lab's checkbox was hidden for data without a pre-trained model (the row jumped as presets changed);
    it stays, greyed, and a click on it asks for nothing there."""
    from types import SimpleNamespace

    from ganlab_gl.app.actions import Action
    from ganlab_gl.app.panels.data import _draw_pretrained
    state = AppState()
    state.config.data.name = data
    body = lambda: _draw_pretrained(state, SimpleNamespace(pretrained=None), {"gaussians", "ring"})  # noqa: E731
    with imgui_context((400, 100)):
        for _ in range(3):  # the panel is hovered from its second frame
            drawn = draw_frame(body, (400, 100), mouse=(8, 8))
        draw_frame(body, (400, 100), mouse=(8, 8), click=True)
        for _ in range(3):  # ImGui takes queued input one change a frame
            draw_frame(body, (400, 100), mouse=(8, 8))
    assert len(drawn.positions) > 20  # the box and its label, usable or not
    assert [(r.action, r.argument) for r in state.requests] == ([(Action.USE_PRETRAINED, True)] if usable else [])


@pytest.mark.parametrize("data, tip", [
    ("gaussians", "start from a GAN already trained on this data"),
    ("swissroll", "no pre-trained model for this data")])
@pytest.mark.parametrize("pointer", [(8, 8), (60, 8)])  # on the box, on the label
def test_the_pretrained_checkbox_says_what_it_does(monkeypatch, data, tip, pointer):
    """Hovered where it works, the checkbox said nothing (GAN Lab's: "Train on top of a pre-trained model or train
    from scratch"): a student did not know what ticking it would do to their run; greyed, it said why over its
    label only, not over its box."""
    from types import SimpleNamespace

    from ganlab_gl.app.panels.data import _draw_pretrained
    tips = []
    monkeypatch.setattr(imgui, "set_tooltip", tips.append)
    state = AppState()
    state.config.data.name = data
    with imgui_context((400, 100)):
        for _ in range(3):  # the panel is hovered from its second frame
            draw_frame(lambda: _draw_pretrained(state, SimpleNamespace(pretrained=None), {"gaussians"}), (400, 100),
                       mouse=pointer)
    assert tips and tips[-1].startswith(tip), tips


@pytest.mark.parametrize("drawing", [False, True])
def test_while_drawing_the_data_options_are_the_drawing_s_alone(monkeypatch, drawing):
    """While drawing, the experiments, the data file and the pre-trained box stayed, greyed or refused ("finish the
    drawing first"), and in a short panel they pushed Done below the fold: the drawing's controls show alone, as
    GAN Lab's drawing is a dialog over its page."""
    import lab_frames

    from ganlab_gl.app.panels.data import DONE, draw_data_options
    buttons = []
    button = imgui.button
    monkeypatch.setattr(imgui, "button", lambda label, *rest: (buttons.append(label), button(label, *rest))[1])
    state = AppState()
    state.drawing = drawing
    with imgui_context((400, 600)):
        draw_frame(lambda: draw_data_options(state, lab_frames.ring8_frame(1), set()), (400, 600))
    assert ("Import" in buttons) != drawing and (DONE in buttons) == drawing, buttons


def test_the_drawings_button_that_leaves_it_says_it_leaves_and_the_strokes_wait(monkeypatch):
    """It read "Cancel", as if the strokes were thrown away; they wait for the next 8 (a notice says so once left)."""
    import lab_frames

    from ganlab_gl.app.panels.data import draw_data_options
    buttons, tips = [], []
    button = imgui.button
    monkeypatch.setattr(imgui, "button", lambda label, *rest: (buttons.append(label), button(label, *rest))[1])
    monkeypatch.setattr(imgui, "set_item_tooltip", tips.append)
    state = AppState()
    state.drawing = True
    with imgui_context((400, 600)):
        draw_frame(lambda: draw_data_options(state, lab_frames.ring8_frame(1), set()), (400, 600))
    assert buttons[-1] == "Leave" and "Cancel" not in buttons, buttons
    assert tips[-1] == "Escape: leave drawing mode; the strokes wait for 8, which draws on from them", tips


def test_the_draw_button_names_the_keys_the_action_table_binds(monkeypatch):
    """Its tooltip spelled "(key 8), then Enter" by hand: rebound keys (here) went unnamed."""
    from dataclasses import replace

    from ganlab_gl.app.actions import ACTION_ROWS, Action
    from ganlab_gl.app.panels.data import _draw_drawing_controls
    for action, chord in ((Action.START_DRAWING, "d"), (Action.FINISH_DRAWING, "ctrl+enter")):
        monkeypatch.setitem(ACTION_ROWS, action, replace(ACTION_ROWS[action], keys={chord: None}))
    tips = []
    monkeypatch.setattr(imgui, "set_item_tooltip", tips.append)
    with imgui_context((400, 100)):
        draw_frame(lambda: _draw_drawing_controls(AppState()), (400, 100))
    assert tips == ["draw the real samples yourself on the canvas (key D), then Ctrl+Enter trains on them"]


def _view_editor_widgets(monkeypatch) -> list[tuple[str, str]]:
    """(key, ImGui label) of each setting's widget that the Layers and view section draws, its headers open."""
    import ganlab_gl.app.panels.settings as settings_module
    drawn, widget = [], settings_module.setting_widget
    monkeypatch.setattr(settings_module, "setting_widget", lambda setting, value, label, *args: (
        drawn.append((setting.key, label)), widget(setting, value, label, *args))[1])
    header = imgui.collapsing_header
    monkeypatch.setattr(imgui, "collapsing_header", lambda label, flags=0: header(
        label, flags | imgui.TreeNodeFlags_.default_open))
    state = AppState()
    with imgui_context((400, 3000)):
        draw_frame(lambda: draw_view_editor(state), (400, 3000))
    return drawn


def test_the_heatmap_and_manifold_resolutions_are_with_their_layers_views(monkeypatch):
    """They lived under All settings -> More settings -> Probe alone; a student looked for them under the layer."""
    drawn = [key for key, _ in _view_editor_widgets(monkeypatch)]
    for layer, key in (("heatmap", "probe.heatmap_res"), ("manifold", "probe.manifold_res")):
        assert key in drawn and drawn[drawn.index(key) + 1].startswith(f"{layer}.")  # at the top of its layer


@pytest.mark.parametrize("width, keys_kept", [(1600, True), (800, False)])
def test_a_lecture_notice_takes_the_keys_hints_room_where_both_do_not_fit(monkeypatch, width, keys_kept):
    """At 1024x768 the lecture status line left a notice "s.": its keys' hint now gives the notice its room."""
    import lab_frames
    from ganlab_gl.app.panels import lecture
    from ganlab_gl.app.panels.lecture import LECTURE_KEYS_HINT, draw_lecture_status
    from ganlab_gl.app.state import Notice
    frame = lab_frames.ring8_frame(2)
    notice = Notice("slow motion: one phase of an iteration at a time", "info", 0.0)
    said = []
    text, notice_rows = imgui.text, lecture.notice_rows
    monkeypatch.setattr(imgui, "text", lambda words: (said.append(words), text(words)))
    monkeypatch.setattr(lecture, "notice_rows", lambda *args: (said.append(" ".join(
        "".join(piece for piece, _ in row) for row in notice_rows(*args))), notice_rows(*args))[1])
    with imgui_context((width, 100)):
        draw_frame(lambda: draw_lecture_status(frame, True, "slow motion", [notice], (0.0, 100.0)), (width, 100))
    assert said[0].endswith(LECTURE_KEYS_HINT) == keys_kept and said[0].startswith("Iteration 2")
    assert said[1] == notice.text  # whole


@pytest.mark.parametrize("width", [1024, 700, 520])
def test_a_lecture_notices_word_longer_than_its_room_is_cut_not_clipped(monkeypatch, width):
    """A session's path is one word: wider than the room beside the status even in the smallest notice type, it
    ran past the status strip's edge, clipped mid-letter, where every other overlong text here ends in "..."."""
    import lab_frames
    from ganlab_gl.app.panels import flow, lecture
    from ganlab_gl.app.panels.lecture import draw_lecture_status
    from ganlab_gl.app.state import Notice
    frame = lab_frames.ring8_frame(2)
    path = "/home/teacher/lectures/generative-adversarial-networks/week-three/ring-of-eight-after-ten-thousand"
    notice = Notice(f"loaded {path}/session at iteration 10,000", "info", 0.0)
    flowed, notice_rows = [], lecture.notice_rows

    def measured(notices, room):  # each row's width in the type it is flowed in, beside the room
        rows = notice_rows(notices, room)
        flowed.append(([sum(flow.text_width(text) for text, _ in row) for row in rows], room, rows))
        return rows
    monkeypatch.setattr(lecture, "notice_rows", measured)
    boxes = []
    with imgui_context((width, 100)):
        draw_frame(lambda: boxes.append(draw_lecture_status(frame, True, "slow motion", [notice], (0.0, 100.0))),
                   (width, 100))
    widths, room, rows = flowed[-1]  # the type that shows them
    assert max(widths) <= room, rows
    left, _, shown_width, _ = boxes[0]
    assert left + shown_width <= width
    shown = [text for row in rows for text, _ in row]
    assert any(path in text for text in shown) or any(text.endswith("...") for text in shown)  # else it says more


def _lecture_status_line(monkeypatch, frame, width: float) -> tuple[str, float, float]:
    """Lecture mode's status line of `frame`, paused, on a `width` px screen: (its words, their width, the room)."""
    from ganlab_gl.app.panels.lecture import draw_lecture_status
    said = []
    text = imgui.text
    monkeypatch.setattr(imgui, "text", lambda words: (said.append((words, imgui.calc_text_size(words).x,
                                                                   imgui.get_content_region_avail().x)), text(words)))
    with imgui_context((width, 100)):
        draw_frame(lambda: draw_lecture_status(frame, False, "full speed", [], (0.0, 100.0)), (width, 100))
    return said[0]


@pytest.mark.parametrize("width", [2000, 520, 250])
def test_the_lecture_status_line_never_runs_past_the_screens_edge(monkeypatch, width):
    """At 1024x768, rewound with four runs, the keys' hint ran past the screen's edge ("(Tab: what is show") with no
    notice beside it: the hint gives way, and a status longer still ends in "..."."""
    import lab_frames
    from ganlab_gl.app.panels.lecture import LECTURE_KEYS_HINT
    frame = lab_frames.ring8_frame(2, ("train.loss=wgan-gp", "train.g_lr=0.01", "train.d_lr=0.3"))
    words, used, room = _lecture_status_line(monkeypatch, frame, width)
    assert used <= room and words.startswith("Iteration 2")
    assert words.endswith(LECTURE_KEYS_HINT) == (width == 2000)
    assert words.endswith("4 runs side by side") == (width == 520) and words.endswith("...") == (width == 250)


@pytest.mark.parametrize("width", [2000, 460, 340])
def test_the_lecture_status_line_keeps_its_key_back_to_the_present_when_rewound(monkeypatch, width):
    """Rewound, the status line said "rewound: the present is iteration 123,477 (End)" in full or cut it at the
    screen's edge, "(End)" first: it takes the longest of the toolbar's wordings that fits, each saying the key as a
    key that returns to the present ("rewound (End)" read as a state)."""
    import dataclasses

    import lab_frames
    from ganlab_gl.app.actions import Action, key_of
    frame = lab_frames.ring8_frame(40)
    frame = dataclasses.replace(frame, timeline=dataclasses.replace(frame.timeline, present=123_477, shown=1_561))
    words, used, room = _lecture_status_line(monkeypatch, frame, width)
    assert used <= room and f"rewound: {key_of(Action.SHOW_ITERATION, 'present')} returns" in words, words
    assert ("returns to the present, 123,477" in words) == (width == 2000), words


def test_the_lecture_status_line_counts_the_iteration_a_phase_walk_walks(monkeypatch):
    """As the toolbar's counter: GAN Lab counts an iteration as it starts; the status said the one before."""
    import dataclasses
    import lab_frames
    from ganlab_gl.app.panels.lecture import draw_lecture_status
    from ganlab_gl.core.trainer import Phase
    walked = dataclasses.replace(lab_frames.ring8_frame(2), phase=Phase("D", "loss", iteration=3))
    said = []
    text = imgui.text
    monkeypatch.setattr(imgui, "text", lambda words: (said.append(words), text(words)))
    with imgui_context((2000, 100)):
        for frame in (walked, lab_frames.ring8_frame(2)):
            draw_frame(lambda: draw_lecture_status(frame, False, "slow motion", [], (0.0, 100.0)), (2000, 100))
    assert [words.split("   ")[0] for words in said] == ["Iteration 3", "Iteration 2"]


@pytest.mark.parametrize("name", DATASETS)
def test_the_lecture_status_line_names_the_data_by_its_title(monkeypatch, name):
    """It read "Iteration 2   paused, full speed   ring8" where the data picker says "Ring of 8": the title, your
    drawing, or the file's name; never the id typed after --set."""
    import dataclasses
    import lab_frames
    from ganlab_gl.app.panels.lecture import draw_lecture_status
    frame = lab_frames.ring8_frame(2)
    frame = dataclasses.replace(frame, dataset=dataclasses.replace(frame.dataset, name=name, file="data/points.csv"))
    said = []
    text = imgui.text
    monkeypatch.setattr(imgui, "text", lambda words: (said.append(words), text(words)))
    with imgui_context((2000, 100)):
        draw_frame(lambda: draw_lecture_status(frame, False, "full speed", [], (0.0, 100.0)), (2000, 100))
    title = {"drawing": "your drawing", "file": "points.csv"}.get(name) or PRESETS[name].title
    assert f"   {title}   " in said[0] and not any(re.search(rf"\b{preset}\b", said[0]) for preset in PRESETS), said[0]


@pytest.mark.parametrize("typed, kept", [(float("nan"), 0.02), (float("inf"), 0.02), (0.05, 0.05)])
def test_a_typed_brush_spread_that_is_no_number_is_refused_at_once(monkeypatch, typed, kept):
    """The brush spread took a typed nan (its clamp lets nan through); the refusal came only after Enter and the
    "Replace the run?" question."""
    import lab_frames
    import ganlab_gl.app.panels.data as data_panel
    state = AppState()
    state.drawing = True
    monkeypatch.setattr(data_panel, "steady_drag", lambda *args: (True, typed))
    previews = {name: (imgui.ImTextureRef(1), (0.0, 0.0), (1.0, 1.0)) for name in PRESETS}
    with imgui_context((400, 600)):
        draw_frame(lambda: data_panel.draw_data_panel(state, lab_frames.ring8_frame(1), previews, set()), (400, 600))
    assert state.brush_spread == kept
    if typed != kept:
        assert state.notices[-1].level == "error" and state.notices[-1].text.startswith(
            f"brush spread (data.brush_spread): {typed} is not a finite number")


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


def _type_into_a_field(body, size, text, finish="enter", at=None):
    """Click `at` (default: the first place, row by row, where a click makes `body`'s number a text field), clear
    it, type `text`, then let go by `finish`: "enter", "escape" or "click away"."""
    def frames(count=1, click=False, pointer=None):
        for _ in range(count):
            draw_frame(body, size, mouse=pointer or at, click=click)

    def tap(*keys):
        for down in (True, False):
            for key in keys:
                io.add_key_event(key, down)
            frames()

    with imgui_context(size):
        io = imgui.get_io()
        io.config_drag_click_to_input_text = True  # what window.run_window sets
        frames(2, pointer=(0, 0))
        for place in [at] if at else [(x, y) for y in range(5, int(size[1]), 10) for x in range(5, int(size[0]), 10)]:
            at = place
            frames(click=True)
            frames(3)  # a list's typed field (settings.listed_number) takes the keys a frame after its list opens
            if io.want_text_input:
                break
        assert io.want_text_input
        tap(imgui.Key.left_ctrl, imgui.Key.a)
        tap(imgui.Key.backspace)
        for character in text:
            io.add_input_character(ord(character))
            frames()
        if finish == "click away":
            frames(click=True, pointer=(size[0] - 5, size[1] - 5))
            frames(2, pointer=(size[0] - 5, size[1] - 5))
        else:
            tap(imgui.Key.enter if finish == "enter" else imgui.Key.escape)
        frames()


def _type_into_setting(state, key, text, finish="enter"):
    """Type into `key`'s field as the settings panel draws it (edit_setting)."""
    from ganlab_gl.app.panels.settings import edit_setting
    from ganlab_gl.core.settings import GanConfig

    def body():
        imgui.set_next_item_width(200)
        edit_setting(state, state.shown_config(), GanConfig.settings()[key], state.edit)

    _type_into_a_field(body, (400, 100), text, finish, at=(60, 8))


@pytest.mark.parametrize("key, typed, kept, refusal", [
    # float32 made it "0.0"
    ("train.d_lr", "1e-99", 0.1, "D's learning rate (train.d_lr): 1e-99 is below the minimum 1e-06"),
    ("train.d_lr", "-1", 0.1, "D's learning rate (train.d_lr): -1 is below the minimum 1e-06"),
    ("train.d_lr", "0.05", 0.05, None),  # float32 made it 0.05000000074505806
    ("train.d_lr", "nan", 0.1, "D's learning rate (train.d_lr): nan is not a finite number"),
    # ImGui dropped it without a word
    ("train.d_lr", "fast", 0.1, "D's learning rate (train.d_lr): 'fast' is not a number (1e-06 .. 10)"),
    # ImGui read batch size 1
    ("train.batch_size", "1e9", 150, "batch size (train.batch_size): '1e9' is not a whole number (1 .. 65536)"),
    ("train.batch_size", "99999999999", 150, "batch size (train.batch_size): 99999999999 is above the maximum 65536"),
    # ImGui read 2, silently
    ("train.d_steps", "2.5", 2, "D's updates per iteration (train.d_steps): '2.5' is not a whole number (0 .. 10)"),
    ("train.d_steps", "7", 7, None),
    ("train.batch_size", "", 150, "batch size (train.batch_size): '' is not a whole number (1 .. 65536)"),
])
def test_a_typed_number_is_read_as_typed_and_a_refusal_names_it(key, typed, kept, refusal):
    state = AppState()
    _type_into_setting(state, key, typed, "enter")
    assert state.config.get(key) == kept and type(state.config.get(key)) is type(kept)
    assert [(n.level, n.text) for n in state.notices] == ([("error", refusal)] if refusal else [])


def test_a_value_typed_into_the_graph_and_refused_is_named_as_the_graph_names_it_then_by_its_key():
    """The graph's field read "learning rate 0.1" and a typed 'abc' said "train.d_lr: ...", a key the student never
    saw; the command line's --set keeps the key alone (test_cli: there it is what was typed)."""
    from ganlab_gl.app.panels.overview import _controls, _Graph
    from ganlab_gl.app.panels.overview_graph import DESIGN_SIZE, arrangement
    state, design = AppState(), arrangement()
    x, y, width, height = next(control.box for control in design.controls if control.key == "train.d_lr")
    _type_into_a_field(lambda: _controls(state, _Graph(imgui.get_window_draw_list(), imgui.ImVec2(0, 0), 1.0, design)),
                       DESIGN_SIZE, "abc", at=(x + width / 2, y + height / 2))
    assert state.config.train.d_lr == 0.1
    assert [(n.level, n.text) for n in state.notices] == [
        ("error", "D's learning rate (train.d_lr): 'abc' is not a number (1e-06 .. 10)")]


@pytest.mark.parametrize("key, typed, kept", [("train.g_lr", 0.002, 0.03), ("train.batch_size", 64, 150)])
@pytest.mark.parametrize("finish, applied", [("enter", True), ("click away", True), ("escape", False)])
def test_a_typed_number_applies_once_let_go_and_escape_keeps_the_value(key, typed, kept, finish, applied):
    state = AppState()
    _type_into_setting(state, key, str(typed), finish)
    assert state.config.get(key) == (typed if applied else kept)
    assert not state.notices


def _open_a_list(monkeypatch, body, size, label, pick=None):
    """Click the listed number whose ImGui label ends with `label` (settings.listed_number: a learning rate, the
    toolbar's speed) as `body` draws it in a window `size` big, read the list it opens, then, given `pick`, click the
    entry that reads so. Returns what the field read, and the list: each entry's words, and whether it is marked."""
    combos, entries, shown = {}, {}, []
    begin_combo, selectable = imgui.begin_combo, imgui.selectable

    def recorded_combo(combo_label, preview, *args):
        opened = begin_combo(combo_label, preview, *args)
        if not opened:  # its own box is the last item while its list is closed
            combos[combo_label] = (tuple(imgui.get_item_rect_min()), tuple(imgui.get_item_rect_max()), preview)
        return opened

    def recorded_entry(entry_label, selected, *args):
        clicked = selectable(entry_label, selected, *args)
        entries[entry_label.split("##")[0]] = (selected, tuple(imgui.get_item_rect_min()),
                                               tuple(imgui.get_item_rect_max()))
        return clicked

    monkeypatch.setattr(imgui, "begin_combo", recorded_combo)
    monkeypatch.setattr(imgui, "selectable", recorded_entry)

    def middle(rect):
        return ((rect[0][0] + rect[1][0]) / 2, (rect[0][1] + rect[1][1]) / 2)

    with imgui_context(size):
        imgui.get_io().config_drag_click_to_input_text = True  # what window.run_window sets
        for _ in range(2):
            draw_frame(body, size, mouse=(0, 0))
        field = next(rect for name, rect in combos.items() if name.endswith(label))
        shown.append(field[2])
        draw_frame(body, size, mouse=middle(field), click=True)
        for _ in range(2):
            entries.clear()
            draw_frame(body, size, mouse=middle(field))
        listed = [(words, marked) for words, (marked, _, _) in entries.items()]
        if pick is not None:
            entry = entries[pick][1:]
            draw_frame(body, size, mouse=middle(entry))
            draw_frame(body, size, mouse=middle(entry), click=True)
            draw_frame(body, size, mouse=middle(entry))
    return shown[0], listed


def _graph_controls(state):
    """The overview graph's controls, drawn at its design size."""
    from ganlab_gl.app.panels.overview import _controls, _Graph
    from ganlab_gl.app.panels.overview_graph import DESIGN_SIZE, arrangement
    return (lambda: _controls(state, _Graph(imgui.get_window_draw_list(), imgui.ImVec2(0, 0), 1.0, arrangement())),
            DESIGN_SIZE)


def _all_settings(state):
    """The All settings panel's training settings."""
    return lambda: draw_settings_editor(state), (400, 900)


GAN_LABS_RATES = ["0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1"]  # its drop-down's (ganlab.ts)


@pytest.mark.parametrize("where", [_graph_controls, _all_settings])
@pytest.mark.parametrize("key, pick, picked", [("train.d_lr", "0.3", 0.3), ("train.g_lr", "0.001", 0.001)])
def test_a_click_on_a_learning_rate_lists_gan_labs_rates_and_a_pick_applies_it(monkeypatch, where, key, pick,
                                                                                picked):
    """The graph's "learning rate 0.1" was a field to type into (its arrows stepped through GAN Lab's values one at
    a time); GAN Lab offers a drop-down of 0.001 .. 1, the sensible range at a glance. A click lists them, the
    current one marked; a pick goes through the one edit path (All settings edits the same setting the same way)."""
    state = AppState()
    body, size = where(state)
    current = state.config.get(key)
    _, listed = _open_a_list(monkeypatch, body, size, f"##{'graph-' if where is _graph_controls else ''}{key}", pick)
    assert listed == [(rate, float(rate) == current) for rate in GAN_LABS_RATES], listed
    assert state.config.get(key) == picked and not state.notices


def test_a_learning_rate_off_gan_labs_list_is_shown_and_marks_none_of_it(monkeypatch):
    state = AppState()
    state.edit("train.d_lr", 0.05)  # typed earlier: GAN Lab offers 0.03 and 0.1
    shown, listed = _open_a_list(monkeypatch, *_graph_controls(state), "##graph-train.d_lr")
    assert "0.05" in shown and [words for words, _ in listed] == GAN_LABS_RATES
    assert not any(marked for _, marked in listed), listed
    assert state.config.train.d_lr == 0.05


def _toolbar(state, stats=None):
    stats = stats or FrameStats(10, 900.0, 30.0, "training on the CPU", "CPU", "host copy", diverged=False,
                                resolution="")
    return lambda: draw_toolbar(state, stats), (1280, 300)


@pytest.mark.parametrize("pick, speed", [("1 it/frame (GAN Lab's pace)", 1), ("100 it/frame", 100)])
def test_a_click_on_the_toolbars_speed_lists_the_paces_gan_labs_first(monkeypatch, pick, speed):
    """The speed cap was a number field at 1000 (a preset converged in under a second) where GAN Lab trains one
    iteration a frame: a click lists the paces, GAN Lab's and full speed named, the current one marked."""
    state = AppState()
    shown, listed = _open_a_list(monkeypatch, *_toolbar(state), "##speed", pick)
    assert shown == "1000 it/frame"
    assert listed == [("1 it/frame (GAN Lab's pace)", False), ("10 it/frame", False), ("100 it/frame", False),
                      ("1000 it/frame (full speed)", True)], listed
    assert state.view.playback.max_iterations_per_frame == speed and not state.notices


def test_the_toolbars_speed_says_what_one_and_a_thousand_mean(monkeypatch):
    tips = []
    monkeypatch.setattr(imgui, "set_tooltip", tips.append)
    monkeypatch.setattr(imgui, "is_item_hovered", lambda *args: True)
    body, size = _toolbar(AppState())
    with imgui_context(size):
        draw_frame(body, size)
    speed_tip = next(tip for tip in tips if tip.startswith("speed cap"))
    assert "1 is GAN Lab's pace (one a frame, to watch a run unfold)" in speed_tip.replace("\n", " "), speed_tip
    assert "1000 full speed" in speed_tip.replace("\n", " "), speed_tip


@pytest.mark.parametrize("window, ui_scale, shown, arrow", [((1280, 800), 1.0, "1000 it/frame", True),
                                                            ((1920, 1080), 2.0, "1000/frame", True),
                                                            ((1024, 768), 2.0, "1000 it/frame", False)])
def test_the_toolbars_speed_takes_shorter_words_where_its_lists_arrow_would_add_a_row(monkeypatch, window, ui_scale,
                                                                                      shown, arrow):
    """Its list's arrow wrapped the toolbar to another row at 1920x1080 and 1024x768, UI scale 2, whose height the
    panels lost: the field takes the longest words, with the arrow, that keep the toolbar to its fewest rows; where
    none does, its words without the arrow (the list a click away still)."""
    from ganlab_gl.app.panels.toolbar import draw_items, measure_toolbar
    previews = []
    begin_combo = imgui.begin_combo

    def recorded(label, preview, flags):
        previews.append((preview, not flags & imgui.ComboFlags_.no_arrow_button))
        return begin_combo(label, preview, flags)

    monkeypatch.setattr(imgui, "begin_combo", recorded)
    stats = FrameStats(10, 900.0, 30.0, "training on the CPU", "CPU", "host copy", diverged=False, resolution="")
    with imgui_context(window):
        UiFonts().apply_scale(ui_scale, 1.0)
        imgui.new_frame()
        toolbar = measure_toolbar(AppState(), stats, window[0])
        imgui.end_frame()
        draw_frame(lambda: draw_items(toolbar.items), window)
    assert previews == [(shown, arrow)] and toolbar.rows == {1280: 1, 1920: 1, 1024: 2}[window[0]], (previews,
                                                                                                    toolbar.rows)


@pytest.mark.parametrize("typed, speed, refusal", [
    ("99999", 1000, "iterations per frame at most (playback.max_iterations_per_frame): 99999 is above the maximum "
                "10000"),  # it raised: the lab fell
    ("5000", 5000, None),  # beyond the drag's 1000, within the setting's 10000
    ("2.5", 1000, "iterations per frame at most (playback.max_iterations_per_frame): '2.5' is not a whole number "
              "(1 .. 10000)"),
])
def test_the_toolbars_speed_takes_a_typed_value_through_the_setting(typed, speed, refusal):
    state = AppState()
    stats = FrameStats(10, 900.0, 30.0, "training on the CPU", "CPU", "host copy", diverged=False, resolution="")
    _type_into_a_field(lambda: draw_toolbar(state, stats), (1280, 30), typed)
    assert state.view.playback.max_iterations_per_frame == speed
    assert [(n.level, n.text) for n in state.notices] == ([("error", refusal)] if refusal else [])


@pytest.mark.parametrize("typed, spread, refusal", [
    ("0.5", 0.5, None),  # beyond the drag's 0.1, within the setting's 1: it was clamped to 0.1, silently
    # clamped to 0.1 too
    ("2", 0.02, "brush spread (data.brush_spread): 2 is above the maximum 1; the brush keeps 0.02"),
    # dropped unsaid
    ("wide", 0.02, "brush spread (data.brush_spread): 'wide' is not a number (0 .. 1); the brush keeps 0.02"),
])
def test_a_typed_brush_spread_is_read_as_typed(typed, spread, refusal):
    from ganlab_gl.app.panels.data import _draw_drawing_controls
    state = AppState(drawing=True)
    _type_into_a_field(lambda: _draw_drawing_controls(state), (400, 200), typed)
    assert state.brush_spread == spread
    assert [(n.level, n.text) for n in state.notices] == ([("error", refusal)] if refusal else [])


@pytest.mark.parametrize("key, value", [("train.beta1", 0.9999), ("train.beta2", 0.99999), ("train.beta2", 0.999),
                                        ("display.ui_scale", 1.25), ("data.brush_spread", 0.02)])
def test_a_number_shows_its_value_whole(key, value):
    """beta2 0.99999, its maximum, read "1" (the drag's "%.3g"; its rounding also kept a drag from reaching it)."""
    from ganlab_gl.app.panels.settings import setting_widget
    from ganlab_gl.core.settings import GanConfig
    from ganlab_gl.app.state import ViewConfig
    setting = {**GanConfig.settings(), **ViewConfig.settings()}[key]
    shown = []

    def body():
        imgui.set_next_item_width(200)
        setting_widget(setting, value, "##number")
        typed = imgui.internal.get_input_text_state(imgui.get_id("##number"))
        shown.append(typed and typed.get_text())  # the text a click shows

    with imgui_context((400, 100)):
        imgui.get_io().config_drag_click_to_input_text = True  # what window.run_window sets
        for click in (False, True, False, False):
            draw_frame(body, (400, 100), mouse=(100, 8), click=click)
    assert float(shown[-1]) == pytest.approx(value, rel=1e-6), shown[-1]


@pytest.mark.parametrize("data, key, unused", [
    ("file", "data.brush_spread", None),  # an imported file's points are blurred by it too: it was greyed
    ("drawing", "data.brush_spread", None),
    ("gaussians", "data.brush_spread", "used by a drawn or imported dataset only"),
    ("gaussians", "data.file", "used by an imported file only"),
    ("gaussians", "generator.neurons", None),
    ("gaussians", "probe.manifold_res", None),
    ("gaussians", "train.gp_weight", "used by the WGAN-GP loss only"),  # the loss as its combo reads
])
def test_a_setting_is_greyed_only_where_it_does_nothing(data, key, unused):
    from ganlab_gl.app.panels.settings import unused_because
    state = AppState()
    state.config.data.name = data
    assert unused_because(state.config, key) == unused


@pytest.mark.parametrize("network", ["generator", "discriminator"])
def test_a_network_without_hidden_layers_greys_their_width_and_activation(network):
    """0 hidden layers is one linear map: neurons and activation do nothing (they were editable, silently moot)."""
    from ganlab_gl.app.panels.settings import unused_because
    state = AppState()
    state.config.set(f"{network}.hidden_layers", 0)
    for key in (f"{network}.neurons", f"{network}.activation"):
        assert unused_because(state.config, key) == "no hidden layers: the network is one linear map"
    other = ({"generator", "discriminator"} - {network}).pop()
    assert unused_because(state.config, f"{other}.neurons") is None


@pytest.mark.parametrize("width, named", [(120, True), (400, False)])
def test_a_choice_cut_short_in_its_field_is_named_whole_on_hover(monkeypatch, width, named):
    """At UI scale 2 the view panel showed lecture_shows as "graph, canvas a", and hovering it said only its help."""
    from ganlab_gl.app.panels.settings import edit_setting
    from ganlab_gl.app.state import ViewConfig
    import ganlab_gl.app.panels.settings as settings_panel
    state, tips = AppState(), []
    monkeypatch.setattr(settings_panel.imgui, "set_tooltip", tips.append)
    setting = ViewConfig.settings()["display.lecture_shows"]

    def body():
        imgui.set_next_item_width(width)
        edit_setting(state, state.view, setting, state.edit, "##shows")

    with imgui_context((500, 100)):
        for _ in range(3):
            draw_frame(body, (500, 100), mouse=(20, 8))
    assert tips and tips[-1].startswith(setting.help) != named
    assert tips[-1].startswith("graph, canvas and chart: ") == named


def test_every_choice_shows_its_title_and_a_cut_one_is_named_by_it_on_hover(monkeypatch):
    """The settings panels showed each choice's id ("sgd", "leaky_relu", "gaussians"): every combo lists the
    choices' titles, the value's selected, and hovering one cut short names it by its title; an edit still sets
    the id."""
    import ganlab_gl.app.panels.settings as settings_panel
    from ganlab_gl.app.panels.settings import edit_setting
    from ganlab_gl.core.settings import GanConfig
    state, combos, tips = AppState(), {}, []
    state.config.set("generator.activation", "leaky_relu")
    state.config.set("run.device", "cpu")
    combo = imgui.combo

    def recording(label, index, names, *rest):
        key = label.rsplit("##", 1)[-1]
        combos[key] = (names, names[index])
        changed, index = combo(label, index, names, *rest)
        return (True, 1) if key == "train.d_optimizer" else (changed, index)  # "Adam" picked

    monkeypatch.setattr(settings_panel.imgui, "combo", recording)
    monkeypatch.setattr(settings_panel.imgui, "collapsing_header", lambda *args: True)  # every section open
    monkeypatch.setattr(settings_panel.imgui, "tree_node", lambda *args: True)  # "More settings" too
    monkeypatch.setattr(settings_panel.imgui, "tree_pop", lambda: None)
    monkeypatch.setattr(settings_panel.imgui, "set_tooltip", tips.append)
    setting = GanConfig.settings()["generator.activation"]

    def cut_short():
        imgui.set_next_item_width(40)
        edit_setting(state, state.config, setting, state.edit, "##cut")

    with imgui_context((500, 2000)):
        draw_frame(lambda: draw_settings_editor(state), (500, 2000))
        for _ in range(3):
            draw_frame(cut_short, (500, 100), mouse=(10, 8))
    assert combos["train.d_optimizer"] == (["SGD", "Adam"], "SGD")
    assert combos["train.loss"] == (["log", "minimax", "non-saturating", "least squares", "WGAN-GP", "hinge"], "log")
    assert combos["generator.activation"] == (["ReLU", "tanh", "leaky ReLU"], "leaky ReLU")
    assert combos["noise.kind"] == (["uniform", "Gaussian", "normal"], "Gaussian")
    assert combos["data.name"][1] == "Two Gaussians" and combos["run.device"][1] == "CPU"
    assert tips and tips[-1].startswith("leaky ReLU: hidden activation of the generator"), tips[-1:]
    assert state.config.train.d_optimizer == "adam"  # the pick sets the id


def test_the_manifolds_resolution_is_greyed_where_no_manifold_is_drawn():
    """Noise of 3 dimensions or more has no manifold (probes.py); its cells per side were editable for nothing."""
    from ganlab_gl.app.panels.settings import unused_because
    state = AppState()
    state.config.set("noise.dim", 3)
    assert unused_because(state.config, "probe.manifold_res") == "the manifold is drawn for 1- or 2-D noise only"


def test_the_questions_buttons_name_the_keys_that_answer():
    """A keyboard alone could not tell how to answer "Replace the run?": its buttons named no key, and ImGui's
    keyboard navigation is off unless F6 gave a panel the keyboard. The button Enter presses says so, and Cancel
    says Esc."""
    from ganlab_gl.app.actions import Action, Request
    from ganlab_gl.app.panels.help import question_buttons
    from ganlab_gl.app.state import Question
    assert question_buttons(Question("lost?", "Switch to Ring of 8", Request(Action.PICK_DATASET, "ring8"))) == [
        "Switch to Ring of 8 (Enter)", "Cancel (Esc)"]
    assert question_buttons(Question("lost?", "Quit without saving", Request(Action.QUIT), "Save and quit")) == [
        "Save and quit (Enter)", "Quit without saving", "Cancel (Esc)"]


def test_the_helps_keys_and_mouse_pages_draw_the_tables_of_docs_keys_md_and_name_every_binding(monkeypatch):
    """The help overlay and docs/KEYS.md are both made from the action table (key_rows) and the help's own keys
    (HELP_KEY_ROWS, from HELP_KEYS), and the mouse's rows (MOUSE_ROWS): the rows the overlay draws are the page's
    tables, and every bound chord is named."""
    from pathlib import Path

    import ganlab_gl.app.panels.help as help_module
    from ganlab_gl.app.actions import KEYS
    from ganlab_gl.app.actions import NO_BREAK, key_name
    from ganlab_gl.app.panels.help import HELP_KEYS
    drawn = {}
    monkeypatch.setattr(help_module, "_table", lambda name, rows, wrap: drawn.setdefault(name, rows))
    state = AppState(help_open=True)
    with imgui_context((900, 700)):
        for turn in (0, 1, 0, 1, 0):  # opened on its first page, turned twice, each tab drawn
            state.help_turn = turn
            draw_frame(lambda: draw_help(state, (900, 700)), (900, 700))
    page = (Path(__file__).parent.parent / "docs" / "KEYS.md").read_text()
    tables = [[tuple(line[2:-2].split(" | ")) for line in table.splitlines() if line.startswith("| ")][1:]
              for table in page.split("\n\n") if table.startswith("| ")]
    assert [(keys.replace(" / ", ", ").replace(NO_BREAK, " "), what) for keys, what in drawn["Keys"]] == tables[0]
    assert [tuple(row) for row in drawn["Mouse"]] == tables[1]
    named = {name for keys, _ in drawn["Keys"] for name in keys.split(" / ")}
    assert {key_name(chord) for chord in [*KEYS, *HELP_KEYS]} <= named


def test_the_helps_mouse_page_says_that_the_graphs_values_and_pictures_are_clicked():
    """Hovering gave a value's meaning, and nothing in the window said that the graph's numbers are where the model
    is changed (GAN Lab shows buttons beside each), nor that a picture in the graph hides its layer: the help, which
    listed keys alone, has a Mouse page naming both, and the charts' read-out."""
    from ganlab_gl.app.panels.help import MOUSE_ROWS
    rows = dict(MOUSE_ROWS)
    assert all(words in rows["Click a value"] for words in ("hidden layers", "neurons", "learning rates", "updates"))
    assert "open their list" in rows["Click a value"]  # a learning rate's and the speed's, GAN Lab's drop-down
    assert "layer" in rows["Click a picture in the graph"] and "value at the iteration" in rows["Hover a chart"]
    # the counts' and learning rates' up/down arrows, merged after the page was written, were on no page
    assert all(words in rows["Click a value's arrows"] for words in ("hidden layers", "neurons", "updates", "one",
                                                                     "learning rates", "GAN Lab's next"))


@pytest.mark.parametrize("typed, kept, refusal", [
    ("120", 120, None),
    ("1200", 1200, None),
    ("2.5", 300, "export: from '2.5' is not an iteration number; it stays 300"),  # ImGui read 2, silently
    ("99999", 300, "export: from 99,999 lies outside the kept iterations, 0 to 5,000; it stays 300"),  # was 5000
    ("-4", 300, "export: from -4 lies outside the kept iterations, 0 to 5,000; it stays 300"),  # was 0
])
def test_the_export_dialogs_range_reads_a_typed_iteration_as_typed(typed, kept, refusal):
    from ganlab_gl.app.panels.timeline import iteration_field
    state, read = AppState(), []

    def body():
        imgui.set_next_item_width(200)
        read.append(iteration_field(state, "from", read[-1] if read else 300, 0, 5000))

    _type_into_a_field(body, (400, 60), typed, at=(60, 8))
    assert read[-1] == kept
    assert [(n.level, n.text) for n in state.notices] == ([("error", refusal)] if refusal else [])


def test_a_cut_text_ends_in_one_ellipsis_after_a_word_not_after_punctuation():
    """Lecture mode's status line read "in turn, ...." where the cut fell after a sentence's full stop."""
    from ganlab_gl.app.panels import flow
    with imgui_context((400, 100)):
        imgui.new_frame()
        sentence = "D and G train in turn. Each update lowers its own loss"
        for end in ("in turn.", "in turn,", "in turn;"):
            text = sentence.replace("in turn.", end)
            width = flow.text_width("D and G train in turn. ...")  # room up to the space after the sentence
            cut = flow.fitted(text, width)
            assert cut.endswith("turn...") and not cut.endswith("...."), cut
        imgui.end_frame()


@pytest.mark.parametrize("value, button", [(1, "-"), (65536, "+")])
def test_a_number_fields_step_button_held_at_its_limit_says_so_once(value, button):
    """batch_size at its minimum: each click on "-", and each repeat while it was held, posted the same refusal
    again, a column of identical notices over the canvas. One notice per burst, the value kept."""
    from ganlab_gl.app.panels.settings import edit_setting
    from ganlab_gl.core.settings import GanConfig
    state, field = AppState(), {}
    state.config.set("train.batch_size", value)

    def body():
        imgui.set_next_item_width(300)
        edit_setting(state, state.config, GanConfig.settings()["train.batch_size"], state.edit)
        field.setdefault("right", imgui.get_item_rect_max().x - imgui.calc_text_size("batch_size").x
                         - imgui.get_style().item_inner_spacing.x)
        field.setdefault("button", imgui.get_frame_height() + imgui.get_style().item_inner_spacing.x)

    with imgui_context((500, 100)):
        draw_frame(body, (500, 100))
        steps = {"+": 0.5, "-": 1.5}[button]  # the buttons stand at the field's right, "-" then "+"
        pointer = (field["right"] - steps * field["button"], 8)
        for held in (40, 1, 1, 1):  # held for 2/3 s (ImGui repeats the click), then three clicks
            io = imgui.get_io()
            draw_frame(body, (500, 100), mouse=pointer)
            io.add_mouse_button_event(0, True)
            for _ in range(held):
                draw_frame(body, (500, 100), mouse=pointer)
            io.add_mouse_button_event(0, False)
            draw_frame(body, (500, 100), mouse=pointer)
    assert state.config.train.batch_size == value
    beyond = value - 1 if button == "-" else value + 1
    limit = "below the minimum 1" if button == "-" else "above the maximum 65536"
    assert [(n.level, n.text) for n in state.notices] == [
        ("error", f"batch size (train.batch_size): {beyond} is {limit}")]


@pytest.mark.parametrize("device, cuda, unused", [
    ("cpu", True, "used on CUDA only; this run trains on the CPU"),
    ("auto", False, "used on CUDA only; this run trains on the CPU"),  # a CPU-only machine: it was editable, moot
    ("cuda", False, "used on CUDA only; this run trains on the CPU"),  # run.device=cuda falls back to the CPU
    ("auto", True, None),
    ("cuda", True, None),
])
def test_the_cuda_graph_is_greyed_where_the_run_trains_on_the_cpu(monkeypatch, device, cuda, unused):
    from ganlab_gl.app.panels.settings import unused_because
    monkeypatch.setattr("torch.cuda.is_available", lambda: cuda)
    state = AppState()
    state.config.set("run.device", device)
    assert unused_because(state.config, "run.cuda_graph") == unused
    assert unused_because(state.config, "run.threads") is None


@pytest.mark.parametrize("scale", [1, 2])
def test_the_helps_keys_page_gives_its_descriptions_the_room(scale):
    """At UI scale 2 the key column took 45% of the help (its widest label, "Up / Down / PgUp / PgDn / Home / End"),
    the window hit its cap and the descriptions wrapped early. The keys keep to under a third of it (its widest
    label now "Left / Left bracket ([)", a punctuation key named in words: 30% at UI scale 1, 31% at 2)."""
    from ganlab_gl.app.panels.help import GUIDE_WIDTH_EM, help_title
    state = AppState(help_open=True)
    with imgui_context((1280, 800)):
        imgui.get_style().font_scale_main = scale
        for turn in (0, 1, 0, 0):  # opened, turned to the Keys page, drawn there till its size settles
            state.help_turn = turn
            draw_frame(lambda: draw_help(state, (1280, 800)), (1280, 800))
        width = imgui.internal.find_window_by_name(help_title()).size.x
    descriptions = min(imgui_font_px * scale * GUIDE_WIDTH_EM, 0.6 * 1280)
    assert width < 0.95 * 1280 and (width - descriptions) / width < 1 / 3


def test_the_helps_title_names_the_key_the_action_table_binds(monkeypatch):
    """Its title spelled "Help (F1 closes, ...)" by hand: the help's key rebound (here), the window it opened named
    a key that did nothing."""
    from dataclasses import replace

    from ganlab_gl.app.actions import ACTION_ROWS, Action
    monkeypatch.setitem(ACTION_ROWS, Action.TOGGLE_HELP, replace(ACTION_ROWS[Action.TOGGLE_HELP], keys={"f2": None}))
    with imgui_context((1280, 800)):
        draw_frame(lambda: draw_help(AppState(help_open=True), (1280, 800)), (1280, 800))
        assert imgui.internal.find_window_by_name("Help (F2 closes, Tab turns the page)") is not None


def test_the_keys_that_repeat_say_so_in_their_own_row():
    """One row listed the keys that repeat: "N, Right, D, G, ., +, =, -, Shift+Left, ...", hard to read. Each
    repeating key's row says it instead."""
    from ganlab_gl.app.actions import ACTIONS
    from ganlab_gl.app.actions import key_name
    from ganlab_gl.app.panels.help import key_rows
    repeating = {key_name(chord) for row in ACTIONS if row.repeats for chord in row.keys}
    rows = key_rows()
    says = {keys: bool(re.search("; repeats while held( in drawing mode)?$", what)) for keys, what in rows}
    assert all(said == bool(repeating & set(keys.split(" / "))) for keys, said in says.items())
    assert not any(keys == "Held down" for keys, _ in rows)


def test_the_data_file_field_follows_the_runs_data_and_leaves_typing_alone(tmp_path):
    """After an import, a research setup (ring8-wgan-gp) trained on Ring of 8 while the field beside Import still
    read the CSV's path. The field now says the file the run trains on, or nothing; a path typed waits in it."""
    from ganlab_gl.app.actions import Action
    from ganlab_gl.app.controller import Controller
    from ganlab_gl.app.panels.data import _draw_import

    points = tmp_path / "points.csv"
    points.write_text("x,y\n" + "".join(f"{np.cos(i)},{np.sin(i)}\n" for i in range(200)))
    state = AppState()
    state.import_path = str(points)  # typed, then Import
    controller = Controller(state)
    shown = []
    try:
        with imgui_context((400, 100)):
            for action, argument in ((Action.IMPORT_FILE, str(points)), (Action.PICK_EXPERIMENT, "ring8-wgan-gp")):
                state.request(action, argument)
                controller.frame()
                assert state.question is None, state.question
                draw_frame(lambda: _draw_import(state), (400, 100))
                shown.append((state.config.data.name, state.import_path))
            state.import_path = "~/typed.csv"  # typed, not imported: the run's data is unchanged
            draw_frame(lambda: _draw_import(state), (400, 100))
    finally:
        controller.close()
    assert shown == [("file", str(points)), ("ring8", "")], shown
    assert state.import_path == "~/typed.csv"


@pytest.mark.parametrize("finish, imports", [("enter", True), ("escape", False)])
def test_enter_in_the_data_file_field_imports_it(finish, imports):
    """A path typed and Enter pressed did nothing: only the Import button read the field."""
    from ganlab_gl.app.actions import Action
    from ganlab_gl.app.panels.data import _draw_import

    state = AppState()
    _type_into_a_field(lambda: _draw_import(state), (400, 100), "~/points.csv", finish, at=(40, 8))
    assert state.import_path == ("~/points.csv" if imports else "")  # Escape takes the typing back, as ImGui does
    assert [(r.action, r.argument) for r in state.requests] == ([(Action.IMPORT_FILE, "~/points.csv")] if imports
                                                                 else [])


@pytest.mark.parametrize("name, file, points, width, shown", [
    ("file", "/data/survey 2024/geo.csv", 600, 400, "Training on geo.csv (600 points)"),
    ("drawing", "", 1234, 400, "Training on your drawing (1,234 points)"),
    ("ring8", "", 0, 400, None),
    ("file", "/data/survey 2024/big.csv", 900_000, 250, "big.csv (900,000 points)"),
    ("file", "/data/a_survey_of_the_whole_coast.csv", 900_000, 300, "a_survey_of_the_whole_... (900,000 points)"),
])
def test_the_data_panel_names_the_users_data_it_trains_on(monkeypatch, name, file, points, width, shown):
    """With an imported file (lab --set data.file=..., a loaded session, or once the field was cleared) nothing in
    the window said what the run trains on: no thumbnail is picked and the field is the user's to type in. It reads
    on one line under the pictures, the name cut before the count: wrapped to two lines among the data controls, it
    crowded the panel at 1920x1080, UI scale 2, which then folded it away under More data."""
    import dataclasses

    import lab_frames
    import ganlab_gl.app.panels.data as data_panel
    from ganlab_gl.app.lab_frame import DatasetFacts

    written = []
    text = imgui.text
    monkeypatch.setattr(imgui, "text", lambda line, *args: (written.append(line), text(line, *args)))
    state = AppState()
    frame = dataclasses.replace(lab_frames.ring8_frame(1), dataset=DatasetFacts(name, False, 0, file, points))
    previews = {preset: (imgui.ImTextureRef(1), (0.0, 0.0), (1.0, 1.0)) for preset in PRESETS}
    with imgui_context((width, 600)):
        draw_frame(lambda: data_panel.draw_presets(state, frame, previews, set()), (width, 600))
    assert [line for line in written if "points)" in line] == ([shown] if shown else [])


@pytest.mark.parametrize("key, shown", [("train.d_lr", 0.03), ("train.beta2", 0.99999), ("train.g_lr", 0.0001234)])
def test_a_dragged_float_is_kept_as_its_field_shows_it(key, shown):
    """ImGui drags in float32: a rate dragged to 0.03 was kept, saved and named in notices as 0.029999999329447746."""
    import numpy as np
    from ganlab_gl.app.panels.settings import read_value
    from ganlab_gl.core.settings import GanConfig
    dragged = float(np.float32(shown))
    assert dragged != shown  # what ImGui hands back
    assert read_value(GanConfig.settings()[key], dragged) == shown


@pytest.mark.parametrize("kind", ["probability", "critic"])
def test_the_legend_tooltips_break_their_lines_before_a_window_edge(monkeypatch, kind):
    """The colour bar's critic tooltip was one 250-character line, cut at a 1280 px window's edge before it said
    what the bar's ends mark; each legend tooltip's lines stay as short as the graph's (TIP_LINE_CHARS)."""
    from ganlab_gl.app.panels.overview_graph import TIP_LINE_CHARS
    tips = []
    monkeypatch.setattr(imgui, "set_tooltip", tips.append)
    heatmap = HeatmapProbe(torch.randn(4, 4) * 3.0, (0, 0, 1, 1), kind)
    with imgui_context((300, 100)):
        for _ in range(3):  # hovered from the second frame
            draw_frame(lambda: draw_heatmap_legend(heatmap), (300, 100), mouse=(150, 5))
        for _ in range(3):
            draw_frame(lambda: draw_density_legend(density_legend(1.0, 64.0), False), (300, 100), mouse=(150, 5))
    assert len(set(tips)) == 2, tips  # the bar's, the swatches'
    assert [line for tip in tips for line in tip.split("\n") if len(line) > TIP_LINE_CHARS] == []


def test_a_data_thumbnails_tooltip_says_a_click_trains_a_new_gan_on_it():
    """Hovering a thumbnail read "Ring (key 3)" over "trains with: GAN Lab pretrained_ring.json": a student did not
    learn that a click starts a new GAN on that data, and read a file name as what it trains with. Nothing is asked
    over an unsaved run: the tooltip says how it comes back."""
    from ganlab_gl.app.panels.data import preset_tip
    assert preset_tip(PRESETS["ring"]) == ("Ring (key 3): a click trains a new GAN on it\n"
                                           "with the settings of GAN Lab pretrained_ring.json\n"
                                           "(Ctrl+Z brings back the run it replaces)")


def test_a_data_thumbnails_tooltip_names_the_key_the_action_table_binds(monkeypatch):
    """It spelled the preset's own key: rebound in the action table (here), the tooltip named a key that did nothing."""
    from dataclasses import replace

    from ganlab_gl.app.actions import ACTION_ROWS, Action
    from ganlab_gl.app.panels.data import preset_tip
    monkeypatch.setitem(ACTION_ROWS, Action.PICK_DATASET, replace(ACTION_ROWS[Action.PICK_DATASET],
                                                                    keys={"ctrl+3": "ring"}))
    assert preset_tip(PRESETS["ring"]).startswith("Ring (key Ctrl+3): a click trains a new GAN on it")


def test_the_toolbar_buttons_tooltips_say_what_they_do_with_their_key(monkeypatch):
    """Hovering "Step D" showed "D", "Reset" showed "R": the key, not what the button does (GAN Lab's "Train only
    discriminator for one epoch"). Each says its key and the action table's words, as "Slow motion" and "Help" do."""
    import ganlab_gl.app.panels.toolbar as toolbar
    from ganlab_gl.app.actions import NO_BREAK
    tips = []
    monkeypatch.setattr(toolbar, "_tooltip", lambda tip: tips.append(tip.replace(NO_BREAK, " ")))
    stats = FrameStats(12, 900.0, 30.0, "training on the CPU", "CPU", "host copy", diverged=True, resolution="")
    with imgui_context((1600, 200)):
        draw_frame(lambda: draw_toolbar(AppState(), stats), (1600, 200))
    for tip in ("Space: play / pause", "R: reset the run", "N; Right at the present: one iteration",
                "D: one discriminator update", "G: one generator update", "Period (.): one phase of the iteration",
                "U: undo a NaN: revert to the last good state"):
        assert tip in tips, (tip, tips)


@pytest.mark.parametrize("ui_scale", [1.0, 2.0])
def test_the_running_experiments_short_title_fits_its_list_in_the_right_panel_at_1280x800(monkeypatch, ui_scale):
    """Ring of 8 (key 5) showed "ring8-vanilla" in the data panel's list: its short title, "Ring: vanilla", fits
    the list whole (not cut with "..."), inside the right panel, at 1280x800, UI scale 1 and 2."""
    import lab_frames
    from ganlab_gl.app.layout import compute_layout, fixed_panel
    from ganlab_gl.app.panels import data as data_panel
    from ganlab_gl.core.experiments import with_experiment
    state = AppState()
    state.config = with_experiment(state.config, "ring8-vanilla")
    begin_combo, shown = imgui.begin_combo, []

    def recording_combo(label, preview, *args):
        opened = begin_combo(label, preview, *args)
        shown.append((preview, imgui.get_item_rect_max().x, imgui.get_window_pos().x + imgui.get_window_width()))
        return opened

    monkeypatch.setattr(imgui, "begin_combo", recording_combo)
    frame = lab_frames.ring8_frame(1)
    right = compute_layout((1280, 800), True, ui_scale).right
    with imgui_context((1280, 800)):
        UiFonts().apply_scale(ui_scale, 1.0)
        imgui.new_frame()
        fixed_panel("Data and metrics", right, lambda: data_panel.draw_data_options(state, frame, set()))
        imgui.end_frame()
    preview, combo_right, panel_right = shown[-1]
    assert preview == "Ring: vanilla", shown  # whole: where the list is narrower, flow.fitted cuts it
    assert combo_right <= panel_right, shown


@pytest.mark.parametrize("experiment", [None, "ring8-wgan-gp"])
def test_the_data_panel_lists_the_experiments_shows_the_running_one_and_a_pick_starts_it(monkeypatch, experiment):
    """The experiments were said to be selectable in the lab, and the data panel offered none: its list names the
    one the run's settings are ("research setups" otherwise) by its short title ("ring8-vanilla", its name, was jargon
    to a student), the open list each by its title, each entry's tooltip what it trains, and a pick requests it."""
    import lab_frames
    from ganlab_gl.app.actions import Action
    from ganlab_gl.app.panels import data as data_panel
    from ganlab_gl.app.state import AppState
    from ganlab_gl.core.experiments import EXPERIMENTS, with_experiment
    state = AppState()
    if experiment:
        state.config = with_experiment(state.config, experiment)
    previews_shown, listed, tips = [], [], []
    monkeypatch.setattr(imgui, "begin_combo", lambda label, preview, *args: (previews_shown.append(preview), True)[1])
    monkeypatch.setattr(imgui, "end_combo", lambda: None)
    monkeypatch.setattr(imgui, "selectable", lambda name, selected, *args: (
        listed.append((name, selected)), (name.endswith("##grid25-hinge"), selected))[1])
    monkeypatch.setattr(imgui, "is_item_hovered", lambda *args: True)
    monkeypatch.setattr(imgui, "set_tooltip", lambda text: tips.append(text))
    previews = {name: (imgui.ImTextureRef(1), (0.0, 0.0), (1.0, 1.0)) for name in PRESETS}
    with imgui_context((400, 600)):
        draw_frame(lambda: data_panel.draw_data_panel(state, lab_frames.ring8_frame(1), previews, set()), (400, 600))
    assert previews_shown == [EXPERIMENTS[experiment].short_title if experiment else "research setups"]
    assert listed == [(f"{e.title}##{name}", name == experiment) for name, e in EXPERIMENTS.items()]
    assert [(r.action, r.argument) for r in state.requests if r.action == Action.PICK_EXPERIMENT] == [
        (Action.PICK_EXPERIMENT, "grid25-hinge")]
    hinge_tip = next(tip for tip in tips if tip.startswith("grid25-hinge: Grid of 25 Gaussians: hinge loss"))
    assert "20,000 iterations" in hinge_tip and "batch 256" in hinge_tip and "docs/TRAINING.md" in hinge_tip


def _toolbar_words(monkeypatch) -> tuple[list[str], list[str]]:
    """From now on, the greyed words drawn (the toolbar's read-outs) and the tooltips said, every item hovered."""
    said, tips = [], []
    monkeypatch.setattr(imgui, "text_disabled", lambda text: said.append(text))
    monkeypatch.setattr(imgui, "set_tooltip", lambda text: tips.append(text))
    monkeypatch.setattr(imgui, "is_item_hovered", lambda *args: True)
    return said, tips


def test_the_toolbar_says_where_a_schedule_ends_a_run(monkeypatch):
    """A research protocol's 20,000 iterations showed as "rates ×1.00" and nothing else: where the rates reach 0
    and play stops (the protocol's length) is said beside them, an arrow to it (in brackets, "(0 at 20,000)" read
    as an aside), and when they start to fall in the tooltip."""
    said, tips = _toolbar_words(monkeypatch)
    stats = FrameStats(175, 900.0, 30.0, "training on the CPU", "CPU", "host copy", diverged=False, resolution="",
                       lr_scale=1.0, lr_decay_end=20_000)
    with imgui_context((1280, 60)):
        draw_frame(lambda: draw_toolbar(AppState(), stats), (1280, 60))
    assert "learning rates fall to 0 by 20,000" in said
    assert any("hold until iteration 10,000, then fall linearly to 0 at 20,000" in tip for tip in tips), tips


def test_the_schedules_read_out_says_it_in_words_at_1280x800():
    """"lr ×1.00 → 0 at 20,000" (Ring of 8 and Grid, keys 5 and 6) was a researcher's shorthand: the toolbar says
    the learning rates fall to 0 by the run's end, and once they fall, their share now, in words at 1280x800, UI
    scale 1 and 2."""
    from ganlab_gl.app.panels.toolbar import rates_reading
    assert rates_reading(1.0, 20_000)[0][:2] == ("learning rates fall to 0 by 20,000", "rates fall to 0 by 20,000")
    assert rates_reading(0.625, 20_000)[0][:2] == ("learning rates ×0.62, falling to 0 by 20,000",
                                                   "rates ×0.62, falling to 0 by 20,000")
    held, falling = "learning rates fall to 0 by 20,000", "rates ×0.62, falling to 0 by 20,000"
    for ui_scale, shown in ((1.0, [held, f"learning {falling}"]), (2.0, [held, falling])):
        said = []
        for scale in (1.0, 0.62):
            stats = FrameStats(12_345, 0.0, 30.0, "training on the CPU", "CPU", "host copy", diverged=False,
                               resolution="", lr_scale=scale, lr_decay_end=20_000)
            with imgui_context((1280, 800)):
                UiFonts().apply_scale(ui_scale, 1.0)
                imgui.new_frame()
                said.append(_toolbar_texts(AppState(), stats))
                imgui.end_frame()
        assert [next(text for text in texts if "rates" in text) for texts in said] == shown, (ui_scale, said)


def _toolbar_texts(state: AppState, stats: FrameStats) -> list[str]:
    """What the toolbar's text items say, measured for 1280 px."""
    import unittest.mock

    from ganlab_gl.app.panels.toolbar import measure_toolbar
    said: list[str] = []
    toolbar = measure_toolbar(state, stats, 1280)
    with unittest.mock.patch.object(imgui, "text_disabled", said.append):
        for item in toolbar.items:
            item.draw()
    return said


@pytest.mark.parametrize("window, ui_scale, shown", [((1920, 1080), 2.0, None), ((1024, 768), 1.0, "×1.00"),
                                                     ((1280, 800), 1.0, "learning rates fall to 0 by 20,000")])
def test_a_schedules_read_out_takes_no_toolbar_row_of_its_own(monkeypatch, window, ui_scale, shown):
    """At 1920x1080, UI scale 2, "rates ×1.00 (0 at 20,000)" wrapped to a second toolbar row, whose height the right
    panel lost: its charts scrolled, "log scale / auto-fit" cut. The read-out takes the longest wording the row's
    room holds; where none fits, the speed's tooltip says it."""
    import dataclasses

    from ganlab_gl.app.panels.toolbar import draw_items, measure_toolbar
    said, tips = _toolbar_words(monkeypatch)
    scheduled = FrameStats(0, 0.0, 30.0, "training on the CPU", "CPU", "host copy", diverged=False, resolution="",
                           lr_scale=1.0, lr_decay_end=20_000)
    with imgui_context(window):
        UiFonts().apply_scale(ui_scale, 1.0)
        imgui.new_frame()  # as the lab draws it: measured for the window's width (its padding in), drawn as measured
        toolbars = [measure_toolbar(AppState(), stats, window[0])
                    for stats in (scheduled, dataclasses.replace(scheduled, lr_scale=None))]
        imgui.end_frame()
        draw_frame(lambda: draw_items(toolbars[0].items), window)
        rows = [toolbar.rows for toolbar in toolbars]
    assert rows == [1, 1], rows
    assert [text for text in said if "×" in text or "rates" in text] == ([shown] if shown else []), said
    pace_tip = next(tip for tip in tips if tip.startswith("training on the CPU"))
    assert ("learning rates fall to 0 by 20,000: train.lr_decay_end = 20,000" in pace_tip) == (shown is None), pace_tip


def test_every_settings_tooltip_breaks_its_lines_before_a_window_edge(monkeypatch):
    """Hovering the noise's kind on the graph at 1280x800 showed its help as one line cut at the window's edge
    ("... as GAN Lab'"), timeline.memory_mb's too: a setting's tooltip breaks its lines as the graph's do
    (TIP_LINE_CHARS), between words, and loses none of them."""
    from ganlab_gl.app.panels.overview_graph import TIP_LINE_CHARS
    from ganlab_gl.app.panels.settings import edit_setting
    from ganlab_gl.app.state import ViewConfig
    from ganlab_gl.core.settings import GanConfig
    import ganlab_gl.app.panels.settings as settings_panel
    state, tips = AppState(), []
    monkeypatch.setattr(settings_panel.imgui, "set_tooltip", tips.append)
    settings = [(state.config, setting) for setting in GanConfig.settings().values()]
    settings += [(state.view, setting) for setting in ViewConfig.settings().values()]
    with imgui_context((500, 100)):
        for tree, setting in settings:
            tips.clear()
            for _ in range(3):  # hovered from the second frame
                draw_frame(lambda: edit_setting(state, tree, setting, state.edit, f"##{setting.key}"), (500, 100),
                           mouse=(8, 8))  # inside a checkbox's square too
            assert tips, setting.key
            assert " ".join(tips[-1].split()).startswith(setting.help), setting.key  # every word, in its order
            assert max(map(len, tips[-1].split("\n"))) <= TIP_LINE_CHARS, (setting.key, tips[-1])


def _situations() -> dict[str, tuple[object, AppState]]:
    """(frame, state) in each situation the text under the graph tells apart outside a phase."""
    import dataclasses

    import lab_frames
    frame = dataclasses.replace(lab_frames.ring8_frame(2), stepped=None)
    playing, drawing = AppState(), AppState()
    playing.playing, drawing.drawing = True, True
    return {"fresh": (dataclasses.replace(frame, iteration=0), AppState()),
            "d_step": (dataclasses.replace(frame, stepped="d_step"), AppState()),
            "playing": (frame, playing), "paused": (frame, AppState()),
            "rewound": (dataclasses.replace(frame, timeline=dataclasses.replace(frame.timeline, shown=1)), AppState()),
            "drawing": (frame, drawing)}


@pytest.mark.parametrize("situation, says", [
    ("fresh", "Play\u00a0(Space) starts training"), ("d_step", "Step D: one discriminator update"),
    ("playing", "Training: each iteration makes"), ("paused", "Paused at iteration 2"),
    ("rewound", "Rewound to iteration 2"), ("drawing", "Drawing your own data: the run at iteration 2 waits")])
def test_lecture_mode_says_what_the_desks_graph_column_says(monkeypatch, situation, says):
    """A lecturer stepping D on a projector read lecture mode's own start hint ("Space plays, ..."), while the desk's
    graph column said what the step changed: outside a phase both say overview.situation_words."""
    from ganlab_gl.app.panels.lecture import draw_lecture_text
    from ganlab_gl.app.panels.metrics import MetricsPanel
    from ganlab_gl.app.panels.overview import situation_words
    frame, state = _situations()[situation]
    said = []
    text = imgui.text
    monkeypatch.setattr(imgui, "text", lambda words: (said.append(words), text(words)))
    with imgui_context((600, 400)):
        draw_frame(lambda: draw_lecture_text(frame, MetricsPanel(), state, chart=False), (600, 400))
    words, _ = situation_words(frame, state.playing, state.slow_motion, state.config.train, state.drawing)
    assert said[0] == words and words.startswith(says), said[0]


def test_before_the_first_play_the_words_under_the_graph_name_gan_labs_pace():
    """At the toolbar's full speed a preset's first seconds (Ring's fakes reaching the ring, Line converging) were
    over before a student looked, where GAN Lab plays them over minutes, an iteration a frame; nothing named the pace
    that shows them. Before the first play, where a student reads what to do after picking a preset, the words under
    the graph name it (in slow motion, which plays a phase a second, they need not)."""
    from ganlab_gl.app.panels.overview import situation_words
    from ganlab_gl.app.view_settings import PACES
    frame, state = _situations()["fresh"]
    words, _ = situation_words(frame, False, False, state.config.train, False)
    assert words.startswith("Play") and f"1 in the toolbar's it/frame list is {PACES[1]}" in words, words
    slow, _ = situation_words(frame, False, True, state.config.train, False)
    assert PACES[1] not in slow, slow



@pytest.mark.parametrize("d_steps, g_steps, says", [(1, 1, "D's updates, then G's."), (2, 0, "G not trained."),
                                                     (0, 1, "D not trained."), (0, 0, "neither network trained.")])
def test_a_steps_brief_words_say_which_networks_the_iteration_trained(d_steps, g_steps, says):
    """In a box too short for the whole (1024x768 at UI scale 2), an iteration stepped with N read "D's updates, then
    G's" where the settings train G not at all (train.g_steps 0): its brief words now say as the whole does."""
    import dataclasses

    from ganlab_gl.app.panels.overview import situation_words
    from ganlab_gl.core.settings import apply_overrides
    frame, state = _situations()["paused"]
    stepped = dataclasses.replace(frame, stepped="iteration")
    train = apply_overrides(state.config, [f"train.d_steps={d_steps}", f"train.g_steps={g_steps}"]).train
    brief, dim = situation_words(stepped, False, False, train, False, brief=True)
    assert brief.startswith("Step: one iteration") and brief.endswith(says) and not dim, brief


@pytest.mark.parametrize("silenced, says", [("d_flat", "Stuck at iteration 2: every fake's arrow is zero."),
                                             ("g_point", "Collapsed at iteration 2: G puts every fake at one point")])
def test_where_a_network_went_silent_the_words_under_the_graph_say_why_the_fakes_stand_still(silenced, says):
    """GAN Lab lists learning rates up to 1, and a lecturer showing one too high saw D silenced within 50 iterations
    (tests/test_probes.py): play went on, the fakes frozen and the losses flat near the charts' "at a tie" lines,
    while the words under the graph said "Watch the fakes move the way their arrows point"; G silenced left the fakes
    one dot. Playing or paused, the words now say what stopped and why, undimmed, as a NaN's words are; a moving
    run's words are as before, and so are a rewound lab's, which say first how to come back to the present, and an
    run that has not stalled for long (the controller's StallWatch: tests/test_app_controller.py)."""
    import dataclasses

    from ganlab_gl.app.panels.overview import situation_words
    frame, playing = _situations()["playing"]
    stuck = dataclasses.replace(frame, stalled=silenced)
    for state in (playing, AppState()):
        words, dim = situation_words(stuck, state.playing, False, state.config.train, False)
        assert words.startswith(says) and not dim, words
        assert words.endswith("Units fall silent by chance (D's in one Two Gaussians run in five), more at a rate too "
                              "high: lower the rates or change the seed (All settings), then R resets."), words
    words, dim = situation_words(frame, True, False, playing.config.train, False)
    assert words.startswith("Training: each iteration makes") and dim, words
    rewound = dataclasses.replace(stuck, timeline=dataclasses.replace(frame.timeline, shown=1))
    words, _ = situation_words(rewound, False, False, playing.config.train, False)  # first how to come back
    assert words.startswith("Rewound to iteration 2"), words


def test_lecture_modes_chart_holds_still_as_the_phases_and_situations_go_by():
    """In lecture mode the loss chart and GAN Lab's sentences under the explanation jumped by up to three lines of
    large type from phase to phase (a phase's one-line step, the fakes' two, a step's four): in slow motion they
    bounced up and down every second on the projector. What stands under the explanation now starts at one height."""
    import dataclasses

    from ganlab_gl.app.panels.lecture import draw_lecture_text
    from ganlab_gl.app.panels.metrics import MetricsPanel
    from ganlab_gl.core.trainer import Phase
    frame, _ = _situations()["paused"]
    shown = [*_situations().values(), *((dataclasses.replace(frame, phase=Phase(network, name)), AppState())
                                        for network, name in (("D", "fakes"), ("D", "loss"), ("G", "gradients")))]
    bottoms = []

    def draw(frame, state):
        draw_lecture_text(frame, MetricsPanel(), state, chart=False)
        bottoms.append(imgui.get_cursor_pos_y())
    with imgui_context((900, 600)):
        for frame, state in shown:
            draw_frame(lambda: draw(frame, state), (900, 600))
    assert len(set(bottoms)) == 1, bottoms


@pytest.mark.parametrize("width", [300, 420, 640])
def test_lecture_modes_text_box_holds_every_situation(width):
    """The lecture text box's height (lecture_text_height, which the layout gives it where GAN Lab's sentences
    share it) holds each situation's words, the longest counts in them: the box holds still as they go by."""
    from ganlab_gl.app.panels.lecture import lecture_text_height
    from ganlab_gl.app.panels.overview import SITUATIONS
    with imgui_context((800, 600)):
        imgui.new_frame()
        content = round(width - 2 * imgui.get_style().window_padding.x)
        room = lecture_text_height(width, set()) - 2 * imgui.get_style().window_padding.y
        tallest = max(imgui.calc_text_size(words, False, content).y for words in SITUATIONS)
        imgui.end_frame()
    assert tallest <= room, (tallest, room)


def test_the_layers_and_view_section_names_its_settings_in_words(monkeypatch):
    """It showed raw names (manifold_res, show_folds, radius_px): each setting there now has a declared label, its
    name (what --set takes) in its tooltip."""
    from ganlab_gl.core.settings import GanConfig
    drawn = _view_editor_widgets(monkeypatch)
    assert {key for key, _ in drawn} == {*AppState().view.settings(), "probe.heatmap_res", "probe.manifold_res"}
    shown = [label.split("##")[0] for _, label in drawn]
    assert all(shown) and not [label for label in shown if "_" in label], shown  # each beside its widget, in words
    assert GanConfig.settings()["probe.manifold_res"].shown_label == "manifold resolution"


def test_the_arrows_sentence_says_whose_way_each_arrow_points():
    """"Lines from fake samples: gradients for the generator, the way it needs to move to lower G's loss": "it"
    referred to nothing. Each line is said to point where its own fake needs to move, up D's slope, and the help's
    row says it alike."""
    import re

    sentence = dict(EXPLANATIONS)["gradients"]
    assert sentence == ("Lines from fake samples: gradients for the generator; each points where its fake needs to "
                        "move to lower G's loss, up D's slope.")
    rows = {what: shows for what, _, shows in GUIDE}
    assert rows["Arrows"].startswith("on the fakes: each points where its fake needs to move")
    assert not re.search(r"\bit\b", sentence + rows["Arrows"]), (sentence, rows["Arrows"])


def test_the_sentences_key_words_take_the_colours_they_name_in_the_picture():
    """GAN Lab's sentences colour their key words as the picture does (green regions, purple regions, fake samples);
    ours were all grey. Each is drawn in its colour made readable on the panel, the rest in the sentence's own, and
    the sentence wraps between words as one text would, a key word and its comma kept together."""
    from ganlab_gl.app.panels import flow
    from ganlab_gl.app.panels.legend import key_word_runs
    from ganlab_gl.app.theme import readable_on
    heatmap, gradients = dict(EXPLANATIONS)["heatmap"], dict(EXPLANATIONS)["gradients"]
    assert [(text, colour) for text, colour in key_word_runs(heatmap) if colour] == [
        ("green regions", REAL_RGBA[:3]), ("purple regions", FAKE_RGBA[:3])]
    assert "".join(text for text, _ in key_word_runs(heatmap)) == heatmap
    assert [text for text, colour in key_word_runs(gradients) if colour] == ["fake samples"]
    lines, colours = [], {}

    def measured():
        runs = [("samples in ", None), ("green regions", (0.0, 0.5, 0.2)), (", likely", None)]
        lines.extend(flow.run_lines(runs, flow.text_width("samples in green regions") + 1))
        background = imgui.get_style_color_vec4(imgui.Col_.window_bg)
        colours.update({name: packed(readable_on(rgba[:3], (background.x, background.y, background.z)))
                        for name, rgba in (("real", REAL_RGBA), ("fake", FAKE_RGBA))})
        colours["grey"] = imgui.get_color_u32(imgui.Col_.text_disabled)

    with imgui_context():
        draw_frame(measured, (300, 100))
        drawn = draw_frame(lambda: draw_explanations({"heatmap", "gradients"}), (500, 300))
    assert ["".join(text for text, _ in line) for line in lines] == ["samples in green", "regions, likely"]
    counts = {name: drawn.count(colour) for name, colour in colours.items()}
    assert counts["real"] >= 40 and counts["fake"] >= 40 and counts["grey"] > counts["real"], counts
