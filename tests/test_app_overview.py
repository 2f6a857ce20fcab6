"""The model overview graph: its layout and per-phase highlighting as data, the
thumbnails drawn by the real layers, and the ImGui panel that shows them."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import torch
from imgui_bundle import imgui
from imgui_headless import draw_frame, imgui_context

from ganlab_gl.app.controller import Controller
from ganlab_gl.app.fonts import UiFonts
from ganlab_gl.app.lab_frame import StepChange
from ganlab_gl.app.panels.settings import step_setting
from ganlab_gl.app.panels.overview import (EDGE_RGB, FLOW_RGB, LECTURE_FILL, SITUATIONS, OverviewPanel,
                                           heading_rgb)
from ganlab_gl.app.panels.overview_graph import (CONTROL_PAD, DESIGN_SIZE, LABEL_AT_MOST, LABEL_SIZE, NODES,
                                                 Arrangement, Control, arrangement, highlight, label_for,
                                                 loss_bar_fraction, node_opacity)
from ganlab_gl.app.actions import Action, Request
from ganlab_gl.app.state import AppState, ViewConfig
from ganlab_gl.app.thumbnails import OVERVIEW_HEATMAP_CELLS, OVERVIEW_MANIFOLD_CELLS, STAGES, Thumbnails, overview_of
from ganlab_gl.core.losses import LOSSES
from ganlab_gl.core import noise
from ganlab_gl.core.settings import STEP_DIGITS, GanConfig
from ganlab_gl.core.snapshot import HeatmapProbe, ManifoldProbe, Snapshot
from ganlab_gl.core.trainer import PHASES
from ganlab_gl.core.wording import compass
from ganlab_gl.render.canvas import BACKGROUND_RGBA
from ganlab_gl.render.colormap import FAKE_RGBA, REAL_RGBA, heatmap_color

ALL_PHASES = list(itertools.product("DG", PHASES))

# -- the graph as data ------------------------------------------------------------------

EXPECTED_NODES = {
    ("D", "fakes"): {"noise", "generator", "fake_samples", "real_samples"},
    ("D", "predictions"): {"real_samples", "fake_samples", "discriminator", "real_predictions", "fake_predictions",
                           "predictions"},
    ("D", "loss"): {"d_loss"},
    ("D", "gradients"): {"d_gradients"},
    ("D", "update"): {"discriminator"},
    ("G", "fakes"): {"noise", "generator", "fake_samples"},
    ("G", "predictions"): {"fake_samples", "discriminator", "fake_predictions", "predictions"},
    ("G", "loss"): {"g_loss"},
    ("G", "gradients"): {"g_gradients"},
    ("G", "update"): {"generator"},
}
D_FLOW = {"noise->generator", "generator->fake_samples", "real_samples->discriminator",
          "fake_samples->discriminator", "discriminator->real_predictions", "discriminator->fake_predictions",
          "real_predictions->d_loss", "fake_predictions->d_loss", "d_loss->d_gradients",
          "d_gradients->discriminator"}
G_FLOW = {"noise->generator", "generator->fake_samples", "fake_samples->discriminator",
          "discriminator->fake_predictions", "fake_predictions->g_loss", "g_loss->g_gradients",
          "g_gradients->generator"}


@pytest.mark.parametrize("network, phase", ALL_PHASES)
def test_each_phase_lights_its_components_and_its_networks_flow(network, phase):
    lit = highlight(network, phase)
    assert lit.nodes == EXPECTED_NODES[(network, phase)]
    assert lit.edges == (D_FLOW if network == "D" else G_FLOW)
    assert (lit.loss, lit.held) == (("d_loss", "generator") if network == "D" else ("g_loss", "discriminator"))
    name = 'Discriminator' if network == 'D' else 'Generator'
    assert lit.step() == f"{name} update, phase {PHASES.index(phase) + 1}/5: {phase}"
    assert lit.step(3) == f"3 {name.lower()} updates, phase {PHASES.index(phase) + 1}/5: {phase}"  # walked as one


def test_unknown_phase_is_refused():
    with pytest.raises(ValueError, match="no phase"):
        highlight("D", "dreaming")


def test_opacities_follow_gan_lab():
    lit = highlight("D", "predictions")
    assert node_opacity("discriminator", lit) == 1.0  # lit
    assert node_opacity("d_loss", lit) == 1.0  # the update's loss stays lit
    assert node_opacity("generator", lit) == 0.4  # held fixed
    assert node_opacity("noise", lit) == 0.4
    assert node_opacity("generator", highlight("G", "loss")) == 0.7  # the model being updated
    assert all(node_opacity(name, None) == 1.0 for name in NODES)


def overlap(a, b) -> bool:
    """Whether boxes (x, y, width, height) share any area."""
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


# Every arrangement the panel may draw: GAN Lab's proportions, and captions up to LABEL_AT_MOST in half units.
ARRANGEMENTS = [arrangement(label) for label in np.arange(LABEL_SIZE, LABEL_AT_MOST + 0.25, 0.5)]
each_arrangement = pytest.mark.parametrize("design", ARRANGEMENTS, ids=lambda design: f"label{design.label:g}")


@each_arrangement
def test_nodes_and_captions_do_not_overlap_and_fit_the_design(design: Arrangement):
    width, height = design.size
    for a, b in itertools.combinations(design.nodes.values(), 2):
        assert not overlap(a.footprint, b.footprint), (a.name, b.name)
    for node in design.nodes.values():
        x, y, w, h = node.footprint
        assert 0 <= x and x + w <= width and 0 <= y and y + h <= height, node.name
    assert [node.name for node in design.nodes.values()] == list(NODES)  # the same components, whatever the text


def test_gan_labs_proportions_are_the_smallest_arrangement():
    assert ARRANGEMENTS[0].size == DESIGN_SIZE == (410.0, 240.0)
    assert all(a.size[0] <= b.size[0] and a.size[1] < b.size[1] for a, b in zip(ARRANGEMENTS, ARRANGEMENTS[1:]))
    with pytest.raises(ValueError, match=f"label size {LABEL_AT_MOST + 0.5}"):
        arrangement(LABEL_AT_MOST + 0.5)


def _on_border(point, box) -> bool:
    x, y, w, h = box
    px, py = point
    inside = x <= px <= x + w and y <= py <= y + h
    return inside and min(abs(px - x), abs(px - x - w), abs(py - y), abs(py - y - h)) < 1e-9


@each_arrangement
def test_edges_run_from_border_to_border_in_straight_segments(design: Arrangement):
    assert set(design.edges) == set(arrangement().edges)  # highlight() names them once for all
    for edge in design.edges.values():
        target = design.nodes[edge.target]
        assert _on_border(edge.points[0], design.nodes[edge.source].box), edge.name
        assert _on_border(edge.points[-1], target.box) or _on_border(edge.points[-1], target.footprint), edge.name
        for (x0, y0), (x1, y1) in zip(edge.points, edge.points[1:]):
            assert x0 == x1 or y0 == y1, edge.name


@each_arrangement
def test_controls_sit_clear_of_nodes_edges_and_each_other(design: Arrangement):
    """GAN Lab's controls on the graph: each edits a real setting, inside the design, over nothing else."""
    width, height = design.size
    for control in design.controls:
        assert control.key in GanConfig.settings() or control.key in ViewConfig.settings(), control.key
        x, y, w, h = control.box
        assert h == design.row and 0 <= x and x + w <= width and 0 <= y and y + h <= height, control.key
        for node in design.nodes.values():
            assert not overlap(control.box, node.footprint) or node.kind == "model" and _under_model(control, node), \
                (control.key, node.name)
        for edge in design.edges.values():
            for start, end in zip(edge.points, edge.points[1:]):
                segment = (min(start[0], end[0]), min(start[1], end[1]), abs(end[0] - start[0]) or 1e-6,
                           abs(end[1] - start[1]) or 1e-6)
                assert not overlap(control.box, segment), (control.key, edge.name)
    for a, b in itertools.combinations(design.controls, 2):
        assert not overlap(a.box, b.box), (a.key, b.key)
    keys = {control.key for control in design.controls}
    for network in ("generator", "discriminator"):  # GAN Lab's: layers and neurons under each model
        assert {f"{network}.hidden_layers", f"{network}.neurons"} <= keys
    for side in "dg":  # optimizer, learning rate and updates per iteration on each gradient path
        assert {f"train.{side}_optimizer", f"train.{side}_lr", f"train.{side}_steps"} <= keys
    boxes = {control.key: control.box for control in design.controls}
    noise = design.nodes["noise"].footprint
    for key in ("noise.kind", "noise.dim"):  # GAN Lab's noise type ("2D Gaussian") under the noise
        x, y, w, h = boxes[key]
        assert x == noise[0] and noise[1] + noise[3] <= y < noise[1] + noise[3] + 2 * design.row, key
    x, y, w, h = boxes["train.loss"]  # GAN Lab's loss type by the losses, every choice's name whole
    g_loss = design.nodes["g_loss"].box
    assert x + w >= g_loss[0] and y >= g_loss[1] + g_loss[3]  # under the losses, by their column
    if design.label == LABEL_SIZE:  # GAN Lab's proportions: right under the G loss (larger, maybe under the G path)
        assert y <= g_loss[1] + g_loss[3] + design.row
    assert w >= 96.0  # "non-saturating" (77 design units at GAN Lab's label size), padding and the combo's arrow
    x, y, w, h = boxes["contour.visible"]  # GAN Lab's true-distribution contour toggle, above the real samples
    real = design.nodes["real_samples"].footprint
    assert y + h <= real[1] and x < real[0] + real[2] and x + w > real[0]


COUNTS = ("generator.hidden_layers", "generator.neurons", "discriminator.hidden_layers", "discriminator.neurons",
          "train.d_steps", "train.g_steps")
STEPPED = (*COUNTS, "train.d_lr", "train.g_lr")  # the counts, and the learning rates through GAN Lab's list


@each_arrangement
def test_each_counts_arrows_sit_left_of_its_field_clear_of_everything_else(design: Arrangement):
    """GAN Lab's add and remove buttons beside each layer, neuron and update count: an up arrow over a down arrow,
    each half the row and as wide as a finger of text, left of the value's field, over no node, caption, edge, other
    control or the field itself."""
    counted = {control.key: control for control in design.controls if control.spinner}
    assert set(counted) == set(STEPPED)
    for control in counted.values():
        up, down = control.arrows
        x, y, w, h = control.box
        assert up == (x, y, control.spinner, h / 2) and down == (x, y + h / 2, control.spinner, h / 2)
        assert control.spinner >= 0.6 * design.label and control.field == (x + control.spinner, y, w - control.spinner,
                                                                           h)
        for arrow in (up, down):
            assert not overlap(arrow, control.field)
            for other in design.controls:
                assert other is control or not overlap(arrow, other.box), (control.key, other.key)
            for node in design.nodes.values():
                assert not overlap(arrow, node.footprint) or _under_model(control, node), (control.key, node.name)
            for edge in design.edges.values():
                for start, end in zip(edge.points, edge.points[1:]):
                    segment = (min(start[0], end[0]), min(start[1], end[1]), abs(end[0] - start[0]) or 1e-6,
                               abs(end[1] - start[1]) or 1e-6)
                    assert not overlap(arrow, segment), (control.key, edge.name)


@each_arrangement
def test_each_models_two_counts_stand_in_line(design: Arrangement):
    """A model's hidden layers over its neurons, arrows over arrows: G's hidden layers start left of centre where
    they would reach the fake samples (large labels: lecture mode, UI scale 2), and its neurons did not follow."""
    boxes = {control.key: control.box for control in design.controls}
    for model in ("generator", "discriminator"):
        (layers_x, layers_y, layers_w, _), (neurons_x, neurons_y, neurons_w, _) = (
            boxes[f"{model}.hidden_layers"], boxes[f"{model}.neurons"])
        assert (neurons_x, neurons_w, neurons_y) == (layers_x, layers_w, layers_y + design.row), model


# The widest text each control shows for values within its widget's range, and whether it is a combo (its arrow
# button, a square of the control's height, takes room beside the text).
WIDEST_TEXT = {"hidden_layers": ("16 hidden", False), "neurons": ("100 neurons", False),
               "optimizer": ("Adam", True), "lr": ("lr 0.000123", True), "steps": ("10 updates", False),
               "dim": ("64D", False), "kind": ("Gaussian", True), "loss": ("non-saturating", True),
               "visible": ("contour", True)}  # a toggle: its box (a row square), its label


@each_arrangement
def test_every_caption_and_control_text_fits_where_it_is_drawn(design: Arrangement):
    """Measured in the UI font at the arrangement's label size (scale 1: design units are pixels): each control's
    widest value inside its box, each caption inside the design and off every other node, control and caption."""
    measured = {}

    def measure():
        imgui.push_font(None, design.label / imgui.get_font_size() * imgui.get_style().font_size_base)
        measured.update({text: imgui.calc_text_size(text).x for node in design.nodes.values()
                         for text in [node.label]})
        measured.update({text: imgui.calc_text_size(text).x for text, _ in WIDEST_TEXT.values()})
        imgui.pop_font()

    with imgui_context():
        UiFonts().apply_scale(1.0, 1.0)  # the lab's own font
        draw_frame(measure, (400, 300))
    for control in design.controls:
        text, combo = next(value for key, value in WIDEST_TEXT.items() if control.key.endswith(key))
        needed = measured[text] + 2 * CONTROL_PAD + (design.row if combo else 0.0)
        assert needed <= control.field[2], (control.key, needed, control.field[2])
    captions = {}
    for node in design.nodes.values():
        x, y, w, h = node.box
        text = measured[node.label]
        if node.kind == "loss":
            captions[node.name] = (x + 3.0, y + 5.0, text, design.label)  # LOSS_INSET: beside the arrowheads
            assert x + 3.0 + text <= x + w, node.name
            continue
        top = y + (h - design.label) / 2 if node.kind == "label" else y - design.label if node.label_above else y + h
        captions[node.name] = (x + w / 2 - text / 2, top, text, design.label)
    for name, caption in captions.items():
        assert 0 <= caption[0] and caption[0] + caption[2] <= design.size[0], name
        for node in design.nodes.values():
            if node.name != name:
                assert not overlap(caption, node.box), (name, node.name)
        for control in design.controls:
            assert not overlap(caption, control.box), (name, control.key)
    for (a, first), (b, second) in itertools.combinations(captions.items(), 2):
        assert not overlap(first, second), (a, b)


def _under_model(control, node) -> bool:
    """A model's own controls lie in its footprint, under its box."""
    return control.key.startswith(node.name + ".") and control.box[1] >= node.box[1] + node.box[3]


def test_nodes_name_real_stages_and_settings():
    for node in NODES.values():
        assert node.thumbnail is None or node.thumbnail in STAGES
        if node.toggles is not None:  # a click shows or hides the layer its own picture shows
            assert isinstance(AppState().view.get(f"{node.toggles}.visible"), bool)
            assert node.toggles in STAGES[node.thumbnail].layers, node.name


@each_arrangement
def test_the_predictions_column_is_captioned_in_words_under_it(design: Arrangement):
    """GAN Lab captions its predictions' column "Prediction of Samples" and its pictures "Real" and "Fake"; ours said
    only "D(real)" and "D(fake)", notation a first-time student may not read. A caption in words stands under the
    column (centred on it, under the fake predictions), the pictures are captioned by the samples they score, as
    the samples' column is, and the tooltips say what D's score means, in real and fake, naming the notation."""
    caption, real, fake = (design.nodes[name] for name in ("predictions", "real_predictions", "fake_predictions"))
    assert caption.label == "Predictions" and caption.kind == "label"
    assert (real.label, fake.label) == (design.nodes["real_samples"].label, design.nodes["fake_samples"].label)
    assert (real.label, fake.label) == ("Real", "Fake") and "D(real)" in real.tip and "D(fake)" in fake.tip
    assert caption.centre[0] == pytest.approx(fake.centre[0]) and caption.box[1] >= fake.box[1] + fake.box[3]
    assert caption.box[1] <= design.nodes["g_loss"].box[1] + design.nodes["g_loss"].box[3] + 1.0  # by the column
    assert "Prediction of samples" in caption.tip and all(word in caption.tip for word in ("real", "fake"))
    assert "for real" in real.tip.replace("\n", " ") and "fake" in fake.tip and "fools" in fake.tip


def test_loss_bar_fraction():
    assert loss_bar_fraction(0.5, 2.0) == 0.25
    assert loss_bar_fraction(-3.0, 2.0) == 1.0  # clipped; critic losses can be negative
    assert loss_bar_fraction(float("nan"), 2.0) == 0.0
    assert loss_bar_fraction(1.0, 0.0) == 0.0


# -- thumbnails drawn by the layers -------------------------------------------------------

SIZE = 60  # 4 heatmap cells of 15 px: cell centres fall on pixel centres
UNIT = (0.0, 0.0, 1.0, 1.0)
BACKGROUND = np.round(np.array(BACKGROUND_RGBA[:3]) * 255)
TOLERANCE = 3  # 8-bit levels


@pytest.fixture
def thumbnails(gl_ctx, copy_bridge):
    made = Thumbnails(gl_ctx, copy_bridge, SIZE)
    yield made
    made.release()


def _image(thumbnails: Thumbnails, stage: str) -> np.ndarray:
    """(h, w, 3) int image of a stage, top row first."""
    sheet = thumbnails.sheet
    pixels = np.frombuffer(sheet.texture.read(), dtype=np.uint8).reshape(SIZE, sheet.texture.width, 4)
    x0 = sheet.origin(stage)[0]
    return pixels[::-1, x0:x0 + SIZE, :3].astype(np.int64)


def _over_background(rgb, alpha) -> np.ndarray:
    return np.round(np.asarray(rgb) * 255 * alpha + BACKGROUND * (1 - alpha))


def _pixel_points(pixels: list[tuple[int, int]]) -> torch.Tensor:
    """Data points at the centres of (column, row-from-top) pixels of the unit view."""
    return torch.tensor([[(c + 0.5) / SIZE, 1 - (r + 0.5) / SIZE] for c, r in pixels])


def _snapshot(**fields) -> Snapshot:
    empty = torch.zeros(0, 2)
    return Snapshot(0, fields.pop("real", empty), fields.pop("fake", empty), data_rect=UNIT, **fields)


def test_real_samples_thumbnail_is_green_where_the_real_points_are(thumbnails):
    pixels = [(10, 12), (30, 30), (48, 40)]
    thumbnails.update(_snapshot(real=_pixel_points(pixels)))
    real, fake = _image(thumbnails, "real_samples"), _image(thumbnails, "fake_samples")
    for column, row in pixels:
        assert np.abs(real[row, column] - _over_background(REAL_RGBA[:3], REAL_RGBA[3])).max() <= TOLERANCE
        assert np.abs(fake[row, column] - BACKGROUND).max() == 0
    assert np.abs(real[55, 5] - BACKGROUND).max() == 0


def test_discriminator_thumbnail_shows_the_heatmap_in_the_colormap(thumbnails):
    values = torch.tensor([[0.0, 0.1, 0.2, 0.3], [0.9, 0.8, 0.7, 0.6], [0.45, 0.5, 0.55, 1.0],
                           [0.05, 0.35, 0.65, 0.95]])
    thumbnails.update(_snapshot(heatmap=HeatmapProbe(values, UNIT, "probability")))
    image = _image(thumbnails, "discriminator")
    for j, i in itertools.product(range(4), range(4)):
        row = SIZE - 1 - (15 * j + 7)  # grid row j counts up from y0
        expected = np.round(heatmap_color(float(values[j, i])) * 255)
        assert np.abs(image[row, 15 * i + 7] - expected).max() <= TOLERANCE, (j, i)


def test_discriminator_thumbnail_is_the_heatmap_alone_as_gan_labs(thumbnails):
    """GAN Lab's discriminator picture is D's classification alone (its grid cells, demo/ganlab.ts
    `#svg-discriminator-output`); ours drew the real and fake samples over it, coloured by D with class rims, and at
    1280x800 they covered the surface the picture stands for. The samples stay in their own pictures."""
    values = torch.full((4, 4), 0.5)  # D can't tell anywhere: a sample drawn over it in any colour shows
    pixels = [(15, 15), (45, 45)]
    thumbnails.update(_snapshot(heatmap=HeatmapProbe(values, UNIT, "probability"), real=_pixel_points(pixels[:1]),
                                fake=_pixel_points(pixels[1:]), d_real=torch.tensor([1.0]),
                                d_fake=torch.tensor([0.0])))
    image = _image(thumbnails, "discriminator")
    assert np.abs(image - np.round(heatmap_color(0.5) * 255)).max() <= TOLERANCE  # every pixel, the samples' too
    for stage, (column, row) in zip(("real_samples", "fake_samples"), pixels):
        assert np.abs(_image(thumbnails, stage)[row, column] - BACKGROUND).max() > 0  # drawn, in their pictures


def test_prediction_thumbnails_colour_samples_by_d(thumbnails):
    point = _pixel_points([(30, 30)])
    thumbnails.update(_snapshot(fake=point, d_fake=torch.tensor([1.0])))
    by_d, plain = _image(thumbnails, "fake_predictions")[30, 30], _image(thumbnails, "fake_samples")[30, 30]
    assert np.abs(by_d - np.round(heatmap_color(1.0) * 255)).max() <= TOLERANCE  # green: "real", opaque as GAN Lab's
    assert np.abs(plain - _over_background(FAKE_RGBA[:3], FAKE_RGBA[3])).max() <= TOLERANCE


@pytest.mark.parametrize("stage, field", [("real_predictions", "real"), ("fake_predictions", "fake")])
def test_prediction_pictures_show_d_alone_spread_from_one_half(thumbnails, stage, field):
    """GAN Lab colours each sample of its prediction pictures by D's output alone, spread from 1/2 by a square
    root (so a real sample D calls fake shows purple): the whole disc, no class-colour rim, opaque (its fill style
    replaces the class's 0.75-alpha fill)."""
    pixels, d = [(15, 30), (45, 30)], torch.tensor([0.7, 0.2])
    thumbnails.update(_snapshot(**{field: _pixel_points(pixels), f"d_{field}": d}))
    image = _image(thumbnails, stage)
    for (column, row), value in zip(pixels, d.tolist()):
        spread = 0.5 + 0.5 * math.copysign(math.sqrt(abs(2 * value - 1)), value - 0.5)
        expected = np.round(heatmap_color(spread) * 255)
        for offset in (0, 1):  # the centre, and 1 px out, where a rim would be
            assert np.abs(image[row, column + offset] - expected).max() <= TOLERANCE, (value, offset)


@pytest.mark.parametrize("noise_dim", [2, 3])
def test_noise_thumbnail_shows_the_noise_samples_where_they_are_in_noise_space(thumbnails, noise_dim):
    pixels = [(10, 12), (30, 30), (48, 40)]
    points = _pixel_points(pixels)  # the unit view is the noise square too
    noise_inputs = torch.cat([points, torch.full((3, noise_dim - 2), 0.9)], dim=1)  # dims past 2 are not drawn
    thumbnails.update(_snapshot(fake=torch.zeros(3, 2), noise=noise_inputs))  # no grid: noise of 3 dimensions
    image = _image(thumbnails, "noise")
    for column, row in pixels:  # GAN Lab's noise dots are the fakes' purple
        assert np.abs(image[row, column] - _over_background(FAKE_RGBA[:3], FAKE_RGBA[3])).max() <= TOLERANCE
    assert np.abs(image[55, 5] - BACKGROUND).max() == 0


def test_one_dimensional_noise_samples_lie_on_the_midline(thumbnails):
    thumbnails.update(_snapshot(fake=torch.zeros(2, 2), noise=torch.tensor([[0.25], [0.75]])))
    image = _image(thumbnails, "noise")
    purple = _over_background(FAKE_RGBA[:3], FAKE_RGBA[3])
    for column in (15, 45):  # x = 0.25, 0.75; y = 0.5 is the edge between rows 29 and 30
        for row in (29, 30):
            assert np.abs(image[row, column] - purple).max() <= 8 * TOLERANCE
        assert np.abs(image[20, column] - BACKGROUND).max() == 0


def _zoomed_snapshot() -> Snapshot:
    """The canvas zoomed on the unit view's bottom left: D "real" there; D "fake" over the whole view."""
    corner = HeatmapProbe(torch.ones(4, 4), (0.0, 0.0, 0.2, 0.2), "probability")
    return _snapshot(heatmap=corner, overview_heatmap=HeatmapProbe(torch.zeros(4, 4), UNIT, "probability"))


def test_discriminator_thumbnail_draws_the_overview_heatmap_over_its_whole_view(thumbnails):
    thumbnails.update(_zoomed_snapshot())
    image = _image(thumbnails, "discriminator")
    assert np.abs(image - np.round(heatmap_color(0.0) * 255)).max() <= TOLERANCE  # every pixel, corner included


@pytest.mark.parametrize("seed", [0, 5, 23])  # 23: a data view wider than tall, which once left strips bare
def test_discriminator_thumbnail_covers_the_data_view_however_the_canvas_is_zoomed(seed, thumbnails):
    state = AppState()
    state.config.run.seed = seed
    controller = Controller(state)
    controller.read_model()
    corner = (-0.3, -0.3, -0.25, -0.25)
    controller.state.view_rect = corner  # a zoom far into a corner, outside the data
    frame = controller.read_model()
    assert frame.snapshot.heatmap.rect == corner
    red = (1.0, 0.0, 0.0, 1.0)  # no heatmap colour: any pixel left to the background shows
    thumbnails.canvas.background = red
    thumbnails.update(frame.snapshot, 1.0, frame.data_view)
    image = _image(thumbnails, "discriminator")
    assert not (image == np.array([255, 0, 0])).all(axis=-1).any()


def _squeezed_manifold(cells: int = 8) -> ManifoldProbe:
    """G squeezes the whole noise square into [0.45, 0.55]^2."""
    grid = noise.grid(cells, 2)
    return ManifoldProbe((0.45 + 0.1 * grid).contiguous(), grid.contiguous(), noise.cell_mass(cells, 2, "uniform"))


def _lit_fraction(image: np.ndarray) -> float:
    return float((np.abs(image - BACKGROUND).max(axis=-1) > 0).mean())


@pytest.mark.parametrize("cells", [2048, 1000, 100, OVERVIEW_MANIFOLD_CELLS, 5])
@pytest.mark.parametrize("dim", [1, 2])
def test_the_overviews_pictures_draw_a_high_resolution_manifold_coarsened_to_their_size(cells, dim):
    """At probe.manifold_res 2048 the noise and generator pictures (about 100 px) drew all 2048² cells and a mesh
    along every second of the 2048 grid lines: 20 s a frame on llvmpipe, the window frozen. They draw at most
    OVERVIEW_MANIFOLD_CELLS per side, on the probed grid's own vertices, each coarse cell the noise mass of the
    fine cells it holds."""
    grid, mass = noise.grid(cells, dim), noise.cell_mass(cells, dim, "gaussian")
    vertices = grid * 3.0 - 1.0 if dim == 2 else torch.cat([grid, grid ** 2], dim=1)  # some G
    shown = overview_of(_snapshot(manifold=ManifoldProbe(vertices, grid, mass))).manifold
    coarse = shown.cells_per_side
    if cells <= OVERVIEW_MANIFOLD_CELLS:
        assert coarse == cells
    else:
        assert OVERVIEW_MANIFOLD_CELLS // 2 < coarse <= OVERVIEW_MANIFOLD_CELLS
    lines = torch.round(shown.noise_grid[..., 0].reshape(-1)[:coarse + 1] * cells).long()  # fine lines kept
    assert lines[0] == 0 and lines[-1] == cells and bool((lines[1:] > lines[:-1]).all())
    kept = (lines[:, None], lines[None, :]) if dim == 2 else (lines,)
    assert torch.equal(shown.vertices, vertices[kept]) and torch.equal(shown.noise_grid, grid[kept])
    blocks = [mass[a:b] for a, b in zip(lines[:-1], lines[1:])]
    expected = (torch.stack([torch.stack([block[:, a:b].sum() for a, b in zip(lines[:-1], lines[1:])])
                             for block in blocks]) if dim == 2 else torch.stack([block.sum() for block in blocks]))
    assert shown.cell_mass.dtype == mass.dtype and torch.allclose(shown.cell_mass, expected, atol=1e-7)
    assert float(shown.cell_mass.sum()) == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("cells", [2048, 1000, OVERVIEW_HEATMAP_CELLS, 5])
@pytest.mark.parametrize("zoomed", [False, True])
@pytest.mark.parametrize("kind", ["probability", "critic"])
def test_the_overviews_pictures_show_a_high_resolution_heatmap_averaged_to_their_size(cells, zoomed, kind):
    """At probe.heatmap_res 2048 the discriminator picture (about 100 px) uploaded all 2048² of D's values in one
    frame, a stall while the canvas refined in bands. It shows at most OVERVIEW_HEATMAP_CELLS per side over the same
    rect, each cell the mean of the fine cells it covers, on the fine grid's scale (the canvas's, which dots share)."""
    values = torch.randn(cells, cells, generator=torch.Generator().manual_seed(cells)) * 3.0 + 0.5
    fine = HeatmapProbe(values, UNIT, kind, centre=torch.tensor(0.25) if kind == "critic" else None)
    snapshot = _snapshot(heatmap=HeatmapProbe(torch.zeros(4, 4), (0.0, 0.0, 0.2, 0.2), kind),
                         overview_heatmap=fine) if zoomed else _snapshot(heatmap=fine)
    shown = overview_of(snapshot).heatmap
    # A probability grid is coloured on no scale: its median over 2048² cells took 0.1 s in the frame it arrived
    assert ("display_scale" in fine.__dict__) == (kind == "critic" and cells > OVERVIEW_HEATMAP_CELLS)
    assert shown.rect == UNIT and shown.kind == kind
    assert kind != "critic" or torch.equal(shown.display_scale, fine.display_scale)
    assert shown.centre is fine.centre  # a critic's "can't tell", the canvas's
    if cells <= OVERVIEW_HEATMAP_CELLS:
        assert shown is fine
        return
    assert shown.values.shape == (OVERVIEW_HEATMAP_CELLS, OVERVIEW_HEATMAP_CELLS)
    edges = [(k * cells) // OVERVIEW_HEATMAP_CELLS for k in range(OVERVIEW_HEATMAP_CELLS + 1)]  # floor starts
    ends = [-(-(k + 1) * cells // OVERVIEW_HEATMAP_CELLS) for k in range(OVERVIEW_HEATMAP_CELLS)]  # ceiling ends
    for j, i in [(0, 0), (5, 77), (OVERVIEW_HEATMAP_CELLS - 1, OVERVIEW_HEATMAP_CELLS - 1)]:
        expected = values[edges[j]:ends[j], edges[i]:ends[i]].mean()
        assert float(shown.values[j, i]) == pytest.approx(float(expected), abs=1e-5), (j, i)


def test_the_overviews_pictures_upload_a_thumbnail_sized_heatmap(thumbnails, copy_bridge):
    """The bytes a 2048² heatmap puts through the bridge for the pictures: 16 MiB in one frame before, 64 KiB now."""
    values = torch.rand(2048, 2048, generator=torch.Generator().manual_seed(0))
    before = copy_bridge.bytes_uploaded
    thumbnails.update(_snapshot(heatmap=HeatmapProbe(values, UNIT, "probability")))
    assert copy_bridge.bytes_uploaded - before < 4 * OVERVIEW_HEATMAP_CELLS ** 2 + 65536


def test_morph_moves_the_generator_picture_between_noise_and_output(thumbnails):
    snapshot = _snapshot(manifold=_squeezed_manifold())
    thumbnails.update(snapshot, morph=1.0)
    output, noise_at_1 = _image(thumbnails, "generator"), _image(thumbnails, "noise")
    thumbnails.update(snapshot, morph=0.0)
    noise_grid, noise_at_0 = _image(thumbnails, "generator"), _image(thumbnails, "noise")
    assert _lit_fraction(output) < 0.05  # the small output square
    assert _lit_fraction(noise_grid) > 0.95  # the noise square, drawn over the whole data view
    assert _lit_fraction(noise_at_0) > 0.95 and np.array_equal(noise_at_0, noise_at_1)  # always noise space


def _sheet(thumbnails: Thumbnails) -> np.ndarray:
    """Every picture of the sheet, (h, w, 4) int."""
    texture = thumbnails.sheet.texture
    return np.frombuffer(texture.read(), dtype=np.uint8).reshape(texture.height, texture.width, 4).astype(np.int64)


def _stepped(fake, gradient) -> Snapshot:
    return _snapshot(fake=torch.tensor([fake]), fake_gradient=torch.tensor([gradient]))


def test_after_a_step_the_pictures_fakes_and_arrows_glide_from_where_they_drew_them(thumbnails):
    """GAN Lab moves every view of a step together: at the canvas's glide g every picture draws its fakes, and
    their arrows, g of the way from where it drew them to their new places (the canvas's own glide, render/layer.py),
    so halfway they are the pictures of the fakes and gradients halfway."""
    before, after = _stepped([0.25, 0.5], [0.0, 1.0]), _stepped([0.75, 0.5], [1.0, 0.0])
    still = {}
    for name, snapshot in (("halfway", _stepped([0.5, 0.5], [0.5, 0.5])), ("after", after), ("before", before)):
        thumbnails.update(snapshot)
        still[name] = _sheet(thumbnails)
    assert not np.array_equal(still["before"], still["after"])
    thumbnails.glide_from_drawn()  # the step, drawn from `before`
    for glide, expected in ((0.0, "before"), (0.5, "halfway"), (1.0, "after")):
        assert thumbnails.update(after, glide=glide)
        assert np.abs(_sheet(thumbnails) - still[expected]).max() <= TOLERANCE, glide


def test_a_glide_redraws_the_pictures_each_frame_until_its_end_only(gl_ctx, copy_bridge):
    """The pictures redraw for a new snapshot at most every `min_interval_s` (here never again): a glide's every
    value at once, as the canvas's, and nothing more once it ends."""
    thumbnails = Thumbnails(gl_ctx, copy_bridge, 16, min_interval_s=math.inf)
    try:
        after = _stepped([0.75, 0.5], [1.0, 0.0])
        assert thumbnails.update(_stepped([0.25, 0.5], [0.0, 1.0]))
        assert not thumbnails.update(after)
        thumbnails.glide_from_drawn()
        for glide in (0.0, 0.25, 0.5, 1.0):
            assert thumbnails.update(after, glide=glide), glide
        assert not thumbnails.update(after, glide=1.0)
    finally:
        thumbnails.release()


def test_throttle_skips_unchanged_frames_but_not_the_morph(gl_ctx, copy_bridge):
    now = [0.0]
    thumbnails = Thumbnails(gl_ctx, copy_bridge, 16, min_interval_s=0.1, clock=lambda: now[0])
    try:
        snapshot = _snapshot(real=_pixel_points([(3, 3)]))
        assert thumbnails.update(snapshot)
        now[0] = 0.05
        assert not thumbnails.update(snapshot)
        assert thumbnails.update(snapshot, morph=0.5)  # the hover animation stays smooth
        now[0] = 0.2
        assert not thumbnails.update(snapshot, morph=0.5)  # the very snapshot it shows: the same pictures
        assert thumbnails.update(_snapshot(real=_pixel_points([(3, 4)])), morph=0.5)
    finally:
        thumbnails.release()


def test_the_hover_morph_coarsens_a_snapshots_manifold_once(gl_ctx, copy_bridge, monkeypatch):
    """GAN Lab's hover animation redraws the pictures every frame from one snapshot: its manifold was coarsened
    for them again each frame (about 12 ms at 2048²). Once per snapshot now."""
    import ganlab_gl.app.thumbnails as thumbnails_module
    coarsenings = []
    coarsened = thumbnails_module.coarsened
    monkeypatch.setattr(thumbnails_module, "coarsened", lambda *args: (coarsenings.append(1), coarsened(*args))[1])
    cells = 2 * OVERVIEW_MANIFOLD_CELLS
    grid = noise.grid(cells, 2)
    manifold = ManifoldProbe(grid * 0.8 + 0.1, grid, noise.cell_mass(cells, 2, "uniform"))
    thumbnails = Thumbnails(gl_ctx, copy_bridge, 16, min_interval_s=0.0)
    try:
        snapshot = _snapshot(manifold=manifold)
        for morph in (0.25, 0.5, 0.75):
            assert thumbnails.update(snapshot, morph=morph)
        assert len(coarsenings) == 1
        assert thumbnails.update(_snapshot(manifold=manifold), morph=0.75) and len(coarsenings) == 2
    finally:
        thumbnails.release()


def test_update_gives_back_the_callers_framebuffer_and_viewport(gl_ctx, thumbnails):
    screen = gl_ctx.framebuffer([gl_ctx.renderbuffer((32, 24), 4)])
    try:
        screen.use()
        gl_ctx.viewport = (0, 0, 32, 24)
        thumbnails.update(_snapshot())
        assert gl_ctx.fbo is screen
        assert tuple(gl_ctx.viewport) == (0, 0, 32, 24)
    finally:
        screen.release()


# -- the ImGui panel -----------------------------------------------------------------------

class RecordingRenderer:
    def __init__(self):
        self.registered: list[object] = []
        self.unregistered: list[object] = []

    def register_texture(self, texture) -> imgui.ImTextureRef:
        self.registered.append(texture)
        return imgui.ImTextureRef(len(self.registered))

    def unregister_texture(self, texture) -> None:
        self.unregistered.append(texture)


class StubSheet:
    def __init__(self):
        self.texture = object()

    @staticmethod
    def uv(stage):
        index = list(STAGES).index(stage)
        return (index / len(STAGES), 0.0), ((index + 1) / len(STAGES), 1.0)


class StubThumbnails:
    def __init__(self):
        self.sheet = StubSheet()


def _drawn_at(width: float) -> tuple[Arrangement, float]:
    """The arrangement the panel draws `width` wide in the current context's text, and its scale."""
    design = arrangement(label_for(width, imgui.get_style().font_size_base))
    return design, width / design.size[0]


def _first_segment(width: float, edge_name: str) -> tuple[tuple[float, float], tuple[float, float]]:
    design, scale = _drawn_at(width)
    (x0, y0), (x1, y1) = design.edges[edge_name].points[:2]
    return (x0 * scale, y0 * scale), (x1 * scale, y1 * scale)


def _colour(rgb, alpha: float = 1.0) -> int:
    return imgui.get_color_u32(imgui.ImVec4(*rgb, alpha))


@pytest.fixture
def controller():
    controller = Controller(AppState())  # closed after the test: a run left playing kept its thread at exit
    yield controller
    controller.close()


def _walk_to(controller: Controller, network: str, phase: str) -> None:
    for _ in range(40):
        controller.state.request(Action.STEP_PHASE)
        controller.frame()
        if (controller.phase.network, controller.phase.name) == (network, phase):
            return
    raise AssertionError(f"no {network} {phase} phase within 40 steps")


def test_panel_lights_the_current_update_flow(controller):
    panel, renderer, thumbnails = OverviewPanel(), RecordingRenderer(), StubThumbnails()
    width = DESIGN_SIZE[0]

    def frame():
        return draw_frame(lambda: panel.draw(controller.state, controller.read_model(), thumbnails, renderer, 0.0),
                          (width, 400))

    with imgui_context():
        idle = frame()
        _walk_to(controller, "D", "predictions")
        d_phase = frame()
        _walk_to(controller, "G", "predictions")
        g_phase = frame()
        d_flow, g_flow = _colour(FLOW_RGB["D"]), _colour(FLOW_RGB["G"])
        d_banner = _colour(heading_rgb("D"))
        assert panel.graph == _drawn_at(width)[0]
        real_edge = _first_segment(width, "real_samples->discriminator")
        fake_edge = _first_segment(width, "fake_samples->discriminator")
        assert idle.along(_colour(EDGE_RGB), *real_edge) > 0
        assert idle.along(d_flow, *real_edge) == 0 and idle.count(d_banner) == 0
        assert d_phase.along(d_flow, *real_edge) > 0 and d_phase.along(d_flow, *fake_edge) > 0
        assert d_phase.count(d_banner) > 0  # the explanation, in GAN Lab's D tooltip colour
        assert g_phase.along(g_flow, *fake_edge) > 0
        assert g_phase.along(g_flow, *real_edge) == 0 and g_phase.along(d_flow, *real_edge) == 0
    assert len(renderer.registered) == 1  # the thumbnails' sheet, once, not every frame


def test_alone_in_lecture_modes_panel_the_graph_fits_its_height_with_captions_up_to_the_text(controller):
    panel, renderer, thumbnails = OverviewPanel(), RecordingRenderer(), StubThumbnails()
    with imgui_context():
        draw_frame(lambda: panel.draw(controller.state, controller.read_model(), thumbnails, renderer, 0.0,
                                      explain=False), (380, 300))
        text_px = imgui.get_style().font_size_base
    fill = LECTURE_FILL * 300
    assert panel.graph == arrangement(label_for(380, text_px, fill))
    assert panel.graph.label > LABEL_SIZE  # 13 px text; GAN Lab's proportions at this width: 10.2 px captions
    assert panel.graph.label * min(380 / panel.graph.size[0], fill / panel.graph.size[1]) <= text_px


def test_hovering_the_generator_starts_the_morph_and_clicks_toggle_layers(controller):
    panel, renderer, thumbnails = OverviewPanel(), RecordingRenderer(), StubThumbnails()
    state = controller.state

    def frame(now, mouse, click=False):
        return draw_frame(lambda: panel.draw(state, controller.read_model(), thumbnails, renderer, now),
                          (DESIGN_SIZE[0], 400), mouse, click)

    with imgui_context():
        design, scale = _drawn_at(DESIGN_SIZE[0])
        generator, real = ((x * scale, y * scale) for x, y in (design.nodes[name].centre
                                                               for name in ("generator", "real_samples")))
        frame(0.0, (5, 180))
        assert panel.morph(0.5) == 1.0  # nothing playing
        frame(1.0, generator)
        frame(1.1, generator)  # hover registers once the window is known to be under the pointer
        started = panel.animation.started_at
        assert started is not None and panel.morph(started) == 0.0 and 0 < panel.morph(started + 1.0) < 1
        frame(1.2, generator)
        assert panel.animation.started_at == started  # staying on the node does not restart it
        frame(2.0, real, click=True)
        frame(2.1, real)
        assert state.requests[-1] == Request(Action.TOGGLE_VIEW, "real.visible")  # the key's own action
        x, y, w, h = next(control.box for control in design.controls if control.key == "contour.visible")
        assert not state.view.contour.visible
        toggle = ((x + design.row / 2) * scale, (y + h / 2) * scale)  # its box, as GAN Lab's toggle
        frame(2.2, toggle, click=True)
        frame(2.3, toggle)
        assert state.view.contour.visible
        replaced = StubThumbnails()
        draw_frame(lambda: panel.draw(state, controller.read_model(), replaced, renderer, 3.0), (DESIGN_SIZE[0], 400))
    assert len(renderer.unregistered) == 1 and len(renderer.registered) == 2  # the new sheet replaces the old


def _click_arrows(controller: Controller, clicks, monkeypatch) -> list[list[str]]:
    """The graph drawn in a tall panel (as wide as it, at its top left), each (count, 0: up / 1: down) arrow of
    `clicks` hovered, clicked and hovered in turn; the tooltips shown over each."""
    panel, renderer, thumbnails = OverviewPanel(), RecordingRenderer(), StubThumbnails()
    tips = []
    monkeypatch.setattr(imgui, "set_tooltip", lambda text: tips[-1].append(text))

    def frame(mouse, click=False):
        return draw_frame(lambda: panel.draw(controller.state, controller.read_model(), thumbnails, renderer, 0.0),
                          (DESIGN_SIZE[0], 800), mouse, click)

    with imgui_context():
        tips.append([])
        frame((-1, -1))
        scale = DESIGN_SIZE[0] / panel.graph.size[0]
        arrows = {control.key: control.arrows for control in panel.graph.controls if control.spinner}
        for key, which in clicks:
            x, y, w, h = arrows[key][which]
            middle = ((x + w / 2) * scale, (y + h / 2) * scale)
            tips.append([])
            frame(middle)
            frame(middle, click=True)
            frame(middle)
    return tips[1:]


def test_a_counts_arrows_step_it_by_one_through_the_one_edit_path(controller, monkeypatch):
    """The up arrow beside "2 hidden layers" makes it 3, waiting for Restart now as a typed 3 would; the down arrow
    beside "2 updates" makes it 1 at once (a live setting)."""
    state = controller.state
    _click_arrows(controller, (("generator.hidden_layers", 0), ("train.d_steps", 1), ("train.d_lr", 0),
                               ("train.g_lr", 1)), monkeypatch)
    assert state.pending_restart == {"generator.hidden_layers": 3} and state.config.generator.hidden_layers == 2
    assert state.config.train.d_steps == 1 and not [notice for notice in state.notices if notice.level == "error"]
    assert (state.config.train.d_lr, state.config.train.g_lr) == (0.3, 0.01)  # GAN Lab's list's next, up and down


def test_a_counts_arrow_at_its_limit_is_grey_and_says_so(controller, monkeypatch):
    """At 0 updates the down arrow's tooltip offered "One fewer: -1 updates", and at 16 hidden layers the up arrow's
    "One more: 17 hidden layers (restarts the run)", and a click on either said an error: an arrow past its count's
    limit is greyed, takes no click, and on hover names the limit."""
    state = controller.state
    state.edit("train.d_steps", 0)
    state.edit("generator.hidden_layers", 16)  # the most a network may have, waiting for Restart now
    tips = _click_arrows(controller, (("generator.hidden_layers", 0), ("train.d_steps", 1)), monkeypatch)
    for shown, limit, words in zip(tips, ("16 hidden", "0 updates"), ("most", "fewest")):
        assert shown and limit in shown[-1] and words in shown[-1], shown
    assert state.pending_restart == {"generator.hidden_layers": 16} and state.config.train.d_steps == 0
    assert not state.notices, state.notices


def test_a_learning_rates_arrow_past_gan_labs_list_is_grey_and_says_so(controller, monkeypatch):
    state = controller.state
    state.edit("train.d_lr", 1.0)  # GAN Lab's largest
    state.edit("train.g_lr", 0.001)  # and smallest
    tips = _click_arrows(controller, (("train.d_lr", 0), ("train.g_lr", 1)), monkeypatch)
    for shown, words in zip(tips, ("Higher: GAN Lab offers none above 1", "Lower: GAN Lab offers none below 0.001")):
        assert shown and shown[-1].startswith(words) and "type one" in shown[-1], shown
    assert (state.config.train.d_lr, state.config.train.g_lr) == (1.0, 0.001) and not state.notices


def test_a_count_stepped_past_its_limit_is_refused_in_one_line():
    state = AppState()
    state.edit("generator.hidden_layers", 16)  # the most a network may have
    setting = GanConfig.settings()["generator.hidden_layers"]
    step_setting(state, state.shown_config(), setting, state.edit, 1)
    assert state.shown_config().generator.hidden_layers == 16
    assert len(state.notices) == 1 and "\n" not in state.notices[0].text and "17" in state.notices[0].text
    assert state.notices[0].level == "error"
    step_setting(state, state.shown_config(), setting, state.edit, -1)  # one down from there is taken
    assert state.shown_config().generator.hidden_layers == 15 and len(state.notices) == 1


@each_arrangement
def test_the_rates_arrows_step_from_the_value_in_the_digits_their_fields_read_it(design: Arrangement):
    """Setting.stepped reads a rate in STEP_DIGITS (a drag's 0.1003 is the "lr 0.1" shown); a field reading more digits
    would show 0.1003 and step down to 0.03, past the 0.1 it shows."""
    digits = f"%.{STEP_DIGITS}g"
    rates = [control for control in design.controls if control.key in ("train.d_lr", "train.g_lr")]
    assert len(rates) == 2
    for control in rates:
        assert all(shown.endswith(digits) for shown in (control.format, *control.wordings)), control


def test_a_learning_rate_stepped_past_gan_labs_list_is_refused_in_one_line():
    state = AppState()
    setting = GanConfig.settings()["train.g_lr"]
    state.edit("train.g_lr", 0.05)  # typed between two of GAN Lab's rates: the arrows go to the next listed
    step_setting(state, state.shown_config(), setting, state.edit, -1)
    assert state.shown_config().train.g_lr == 0.03 and not state.notices
    state.edit("train.g_lr", 1.0)  # GAN Lab's largest
    step_setting(state, state.shown_config(), setting, state.edit, 1)
    assert state.shown_config().train.g_lr == 1.0
    assert len(state.notices) == 1 and "\n" not in state.notices[0].text and state.notices[0].level == "error"
    assert "none above 1" in state.notices[0].text and "type one" in state.notices[0].text


@pytest.mark.parametrize("key, first_words", [
    ("generator.hidden_layers", "more hidden layers let the generator bend the noise"),
    ("discriminator.neurons", "more neurons in each hidden layer let the discriminator draw a more intricate line"),
    ("train.d_lr", "a higher discriminator learning rate makes D learn faster: it can overpower G"),
    ("train.g_lr", "a higher generator learning rate makes G move its samples faster"),
    ("train.d_steps", "more discriminator updates per iteration keep D ahead of G"),
    ("train.g_steps", "more generator updates per iteration move G further"),
    ("train.d_optimizer", "how the discriminator's gradients change its weights: SGD steps along them; Adam"),
    ("train.g_optimizer", "how the generator's gradients change its weights: SGD steps along them; Adam"),
])
def test_a_graph_values_tooltip_says_first_what_it_does_for_the_gan(key, first_words):
    """The student read "discriminator learning rate", and a layer count's help opened on how GAN Lab counts: the
    first clause says what raising the value does (an optimizer's, what each choice does: "switching type starts
    fresh moments" was all it said)."""
    assert GanConfig.settings()[key].help.startswith(first_words)


def test_the_stages_share_one_sheet_each_picture_its_own_columns(thumbnails):
    """One texture for the eight pictures (the overlay then waits once for them on llvmpipe, not eight times); each
    picture's uv covers its own columns only, and the blank gap between two keeps a scaled one from bleeding."""
    from ganlab_gl.app.picture_sheet import PAD_PX
    thumbnails.update(_snapshot(real=_pixel_points([(3, 4)])))
    sheet = thumbnails.sheet
    width = sheet.texture.width
    assert width == len(STAGES) * (SIZE + PAD_PX) - PAD_PX
    pixels = np.frombuffer(sheet.texture.read(), dtype=np.uint8).reshape(SIZE, width, 4)
    for index, stage in enumerate(STAGES):
        (u0, v0), (u1, v1) = sheet.uv(stage)
        left = index * (SIZE + PAD_PX)
        assert (u0 * width, u1 * width, v0, v1) == pytest.approx((left, left + SIZE, 0.0, 1.0))
        assert (pixels[:, round(u0 * width):round(u1 * width), 3] == 255).all()  # drawn: the opaque background
        if index:
            assert (pixels[:, round(u0 * width) - PAD_PX:round(u0 * width), 3] == 0).all()  # the blank gap


def test_the_g_loss_tooltip_says_when_it_is_low_as_the_d_loss_tooltip_does():
    """Hovering D loss told a student what a stalemate reads; G loss said only "the generator's loss, lowered by
    G's updates". It says GAN Lab's "the generator's loss value decreases when the discriminator classifies fake
    samples as real", and its own stalemate value, as the D loss tooltip does."""
    from ganlab_gl.app.panels.overview_graph import loss_tip
    tip = loss_tip(NODES["g_loss"], "log")
    assert "when D takes its fakes for real" in tip
    assert "G's 0.69" in tip.replace("\n", " ")


@pytest.mark.parametrize("loss, says", [("log", ["D's loss is 0.68", "G's 0.69",
                                                 "weighs its loss on real samples by 0.95"]),
                                        ("lsgan", ["D's and G's losses are both 0.25"]),
                                        ("nonsaturating", ["D's and G's losses are both 0.69"]),
                                        ("hinge", ["D's loss is 1.00", "G's, minus the critic's score, has no one"]),
                                        ("wgan-gp", ["No one value marks a tie"])])
def test_the_loss_tooltips_give_the_stalemate_of_the_loss_trained(loss, says):
    """Hovering D loss said "2 ln 2 = 1.39" whatever the loss: GAN Lab's log loss, the lab's default, weighs its real
    term by 0.95 and shows 0.68 (half of 1.95 ln 2, as GAN Lab shows D's loss) where D cannot tell real from fake, as
    the chart's curve and the graph's own D loss read; a least-squares or critic loss sits elsewhere, or nowhere.
    Both loss nodes' tooltips give the stalemate of the loss the run trains with, as the loss chart's faint lines
    mark it, and for the log loss why D's sits under G's."""
    from ganlab_gl.app.panels.overview_graph import TIP_LINE_CHARS, loss_tip
    for name in ("d_loss", "g_loss"):
        tip = loss_tip(NODES[name], loss)
        assert all(words in tip.replace("\n", " ") for words in says), tip
        assert "1.39" not in tip and max(map(len, tip.split("\n"))) <= TIP_LINE_CHARS
        assert ("weighs its loss on real samples" in tip.replace("\n", " ")) == (LOSSES[loss].real_weight != 1)


def test_the_real_weight_is_said_by_the_loss_that_declares_it_not_by_its_name(monkeypatch):
    """The stalemate words say why D's stalemate sits under G's from the weight the loss declares (GanLoss.real_weight),
    so a loss given a weight says it and the log loss without one does not (they keyed it on the name "log")."""
    from dataclasses import replace
    from ganlab_gl.app.panels.overview_graph import stalemate_words
    monkeypatch.setitem(LOSSES, "nonsaturating", replace(LOSSES["nonsaturating"], balanced=(0.68, 0.69),
                                                          real_weight=0.9))
    monkeypatch.setitem(LOSSES, "log", replace(LOSSES["log"], real_weight=1.0))
    assert "real samples by 0.9)" in stalemate_words("nonsaturating")
    assert "real samples" not in stalemate_words("log")


def test_every_graph_tooltip_line_fits_a_1280_window():
    """Hovering D loss at 1280x800 showed one 243-character line, cut at the window's edge in mid-word ("it is
    abou"): the stalemate values it promises were off screen. Every line of a node's tooltip is at most
    TIP_LINE_CHARS long (about 760 px in the lab's font), broken where the sentence allows."""
    from ganlab_gl.app.panels.overview_graph import TIP_LINE_CHARS
    too_long = {node.name: line for node in NODES.values() for line in node.tip.split("\n")
                if len(line) > TIP_LINE_CHARS}
    assert TIP_LINE_CHARS <= 100 and too_long == {}


def test_the_graphs_first_hint_says_how_to_start_training_with_the_bound_keys():
    """Before anything is pressed the hint under the graph named slow motion and the phase step but not how to
    start (GAN Lab's "To start training the GAN model, click the play button"); every key it names is the one
    the action table binds."""
    from ganlab_gl.app.actions import ACTIONS
    from ganlab_gl.app.actions import NO_BREAK, key_name
    from ganlab_gl.app.panels.overview import HOW_TO_FOLLOW, SPACE_DOES
    bound = {row.action: [key_name(chord) for chord in row.keys] for row in ACTIONS}
    SPACE_DOES = {state: does.replace(NO_BREAK, " ") for state, does in SPACE_DOES.items()}  # "Play (Space)" unbroken
    assert SPACE_DOES["fresh"] == f"Play ({bound[Action.PLAY_PAUSE][0]}) starts training"
    assert all(f"({bound[Action.PLAY_PAUSE][0]})" in does for does in SPACE_DOES.values())
    assert f"{bound[Action.SLOW_MOTION][0]} turns on slow motion" in HOW_TO_FOLLOW[False]
    assert all(f"{bound[Action.STEP_PHASE][0]} steps one" in follow for follow in HOW_TO_FOLLOW.values())


# GAN Lab's numbered steps over and under its graph in slow motion (demo/ganlab.html, #tooltips)
GAN_LAB_STEPS = {
    "D": ["Generator derives samples from noise", "Discriminator classifies samples", "Computes discriminator loss",
          "Computes discriminator gradients", "Updates discriminator based on gradients"],
    "G": ["Generator derives samples from noise", "Discriminator classifies fake samples only",
          "Computes generator loss", "Computes generator gradients", "Updates generator based on gradients"],
}


@pytest.mark.parametrize("network, phase", [("D", "loss"), ("G", "gradients")])
def test_a_phase_shows_all_five_steps_of_its_update_in_gan_labs_words_the_current_one_lit(controller, monkeypatch,
                                                                                          network, phase):
    """GAN Lab shows each update's five numbered steps while it walks them, the current one lit, so a student sees
    where the iteration is and what comes next; under our graph stood one step ("phase 3/5: loss") alone."""
    panel, renderer, thumbnails = OverviewPanel(), RecordingRenderer(), StubThumbnails()
    lines: list[tuple[str, tuple[float, float, float]]] = []
    wrapped = imgui.text_wrapped

    def recording(text, *args):
        colour = imgui.get_style_color_vec4(imgui.Col_.text)
        lines.append((text, (round(colour.x, 3), round(colour.y, 3), round(colour.z, 3))))
        return wrapped(text, *args)

    monkeypatch.setattr(imgui, "text_wrapped", recording)
    with imgui_context():
        _walk_to(controller, network, phase)
        draw_frame(lambda: panel.draw(controller.state, controller.read_model(), thumbnails, renderer, 0.0),
                   (DESIGN_SIZE[0], 400))
        banner = tuple(round(value, 3) for value in heading_rgb(network))
    texts = [text for text, _ in lines]
    steps = [f"{number}  {title}" for number, title in enumerate(GAN_LAB_STEPS[network], 1)]
    assert all(step in texts for step in steps), texts
    assert [texts.index(step) for step in steps] == sorted(texts.index(step) for step in steps)
    lit = [text for text, colour in lines if text in steps and colour == banner]
    assert lit == [steps[PHASES.index(phase)]]


@pytest.mark.parametrize("network, phase", [("D", "predictions"), ("G", "loss")])
def test_where_the_column_has_room_a_phase_shows_both_networks_steps_the_others_faded(controller, monkeypatch,
                                                                                      network, phase):
    """GAN Lab shows both networks' numbered steps in slow motion, D's banner over its graph and G's under it; ours
    listed only the current network's. Where the column has room to spare (1920x1080, UI scale 1) the other
    network's update and steps show too, in its banner colour, faded, D's over G's; where they would take more
    than OTHER_STEPS_SHARE_AT_MOST of the room the loss chart under the column grows into (1280x800), they do not."""
    from ganlab_gl.app.panels.overview import OTHER_STEPS_ALPHA, OTHER_STEPS_SHARE_AT_MOST, explanation_room
    panel, renderer, thumbnails = OverviewPanel(), RecordingRenderer(), StubThumbnails()
    lines: list[tuple[str, tuple[float, ...]]] = []
    wrapped = imgui.text_wrapped

    def recording(text, *args):
        colour = imgui.get_style_color_vec4(imgui.Col_.text)
        lines.append((text, tuple(round(value, 3) for value in (colour.x, colour.y, colour.z, colour.w))))
        return wrapped(text, *args)

    monkeypatch.setattr(imgui, "text_wrapped", recording)
    chosen = {}

    def tight(height_over: float) -> None:  # a column with `height_over` px to spare beyond the update's steps
        width, spacing, font = DESIGN_SIZE[0], imgui.get_style().item_spacing.y, imgui.get_font_size()
        design = arrangement(label_for(width, font))
        natural = width * design.size[1] / design.size[0]
        needed = natural + spacing + explanation_room(width, font, SITUATIONS, 1)
        extra = explanation_room(width, font, SITUATIONS, 2) - explanation_room(width, font, SITUATIONS, 1)
        chosen[height_over] = OverviewPanel._desk_fill(width, needed + height_over * extra, 0.0)[1]

    with imgui_context():
        _walk_to(controller, network, phase)
        draw_frame(lambda: panel.draw(controller.state, controller.read_model(), thumbnails, renderer, 0.0),
                   (DESIGN_SIZE[0], 1000))
        draw_frame(lambda: [tight(over) for over in (1.0, 0.99 / OTHER_STEPS_SHARE_AT_MOST,
                                                     1.01 / OTHER_STEPS_SHARE_AT_MOST)], (DESIGN_SIZE[0], 400))
        other = "G" if network == "D" else "D"
        headings = {name: heading_rgb(name) for name in (network, other)}
    faded = tuple(round(value, 3) for value in (*headings[other], OTHER_STEPS_ALPHA))
    others = [text for text, colour in lines if colour == faded]
    other_title = {"D": "2 discriminator updates", "G": "Generator update"}[other]  # GAN Lab's default 2 and 1
    assert others == [other_title] + [f"{number}  {title}" for number, title
                                      in enumerate(GAN_LAB_STEPS[other], 1)], lines
    lit = tuple(round(value, 3) for value in (*headings[network], 1.0))
    first = {tone: next(index for index, (_, colour) in enumerate(lines) if colour == tone) for tone in (lit, faded)}
    assert (first[lit] < first[faded]) == (network == "D")  # D's over G's, as GAN Lab's banners
    assert list(chosen.values()) == [1, 1, 2]  # only where they take at most that share of the room


def test_the_graphs_counts_read_one_update_and_two_updates(monkeypatch):
    """The graph wrote "%d update(s)" (and "1 layers", "1 neurons"): a count of one reads singular, any other
    plural, as each value's control draws it."""
    import ganlab_gl.app.panels.overview as overview
    state = AppState()
    state.config.train.d_steps, state.config.train.g_steps = 1, 2
    state.config.generator.hidden_layers, state.config.generator.neurons = 1, 1
    state.config.discriminator.hidden_layers, state.config.discriminator.neurons = 2, 8
    controller = Controller(state)
    drawn = {}
    monkeypatch.setattr(overview, "edit_setting", lambda state, tree, setting, apply, label=None, value_format=None,
                        list_arrow=True, tip_off=None: (
        drawn.setdefault(setting.key, value_format and value_format % tree.get(setting.key))))
    with imgui_context():
        draw_frame(lambda: OverviewPanel().draw(state, controller.read_model(), StubThumbnails(), RecordingRenderer(),
                                                0.0), (DESIGN_SIZE[0], 400))
    controller.close()
    assert {key: drawn[key] for key in ("train.d_steps", "train.g_steps", "generator.hidden_layers",
                                        "generator.neurons", "discriminator.hidden_layers", "discriminator.neurons")
            } == {"train.d_steps": "1 update", "train.g_steps": "2 updates", "generator.hidden_layers": "1 hidden",
                  "generator.neurons": "1 neuron", "discriminator.hidden_layers": "2 hidden",
                  "discriminator.neurons": "8 neurons"}


def _numbers_drawn(monkeypatch, state: AppState, width: float, ui_scale: float,
                   arrows: dict[str, bool] | None = None) -> dict[str, tuple[str, float, float]]:
    """The graph drawn `width` px wide at `ui_scale`: each number box's setting key to (its text, the width the text
    needs with its padding and a list's arrow where it has one, the box's width); `arrows`: each listed number's key
    to whether its list's arrow is drawn."""
    import ganlab_gl.app.panels.overview as overview
    controller = Controller(state)
    drawn, arrows = {}, {} if arrows is None else arrows

    def recording(state, tree, setting, apply, label=None, value_format=None, list_arrow=True, tip_off=None):
        if value_format:
            text = value_format % tree.get(setting.key)
            arrow = imgui.get_frame_height() if setting.steps and list_arrow else 0.0
            drawn[setting.key] = (text, imgui.calc_text_size(text).x + 2 * imgui.get_style().frame_padding.x + arrow,
                                  imgui.calc_item_width())
        if setting.steps:
            arrows[setting.key] = list_arrow

    monkeypatch.setattr(overview, "edit_setting", recording)
    with imgui_context((width, 600)):
        UiFonts().apply_scale(ui_scale, 1.0)
        draw_frame(lambda: OverviewPanel().draw(state, controller.read_model(), StubThumbnails(), RecordingRenderer(),
                                                0.0), (width, 600))
    controller.close()
    return drawn


@pytest.mark.parametrize("width, ui_scale, rates, reads, arrow", [
    # GAN Lab's proportions: its words, without the list's arrow, which would leave them no room
    (DESIGN_SIZE[0], 1.0, (0.1, 0.03), ("learning rate 0.1", "learning rate 0.03"), False),
    (1.25 * DESIGN_SIZE[0], 1.0, (0.1, 0.03), ("learning rate 0.1", "learning rate 0.03"), True),  # 1280x800
    (1.5 * DESIGN_SIZE[0], 1.0, (0.00012, 0.0002), ("learning rate 0.00012", "learning rate 0.0002"), False),
    # captions at LABEL_AT_MOST: the Adam presets' rates, and the longest, in the shorter words
    (DESIGN_SIZE[0], 2.0, (0.001, 0.001), ("rate 0.001", "rate 0.001"), True),
    (DESIGN_SIZE[0], 2.0, (0.000123, 0.03), ("rate 0.000123", "rate 0.03"), False)])
def test_the_learning_rates_read_in_gan_labs_words_where_they_fit(monkeypatch, width, ui_scale, rates, reads, arrow):
    """GAN Lab's graph says "Learning rate: 0.1"; ours said "lr 0.1", one more abbreviation for a first-time student
    to guess. Each learning rate's box takes the room up to the loss's path, and reads "learning rate 0.1" where
    that fits it in the graph's type, with its list's arrow where that fits too, else "rate 0.1" (with its arrow where
    it fits): the Adam presets' "learning rate 0.001", two digits longer than SGD's "learning rate 0.1", read "lr
    0.001" at 1920x1080, UI scale 2, where SGD's read in full; every text drawn fits its box."""
    state, arrows = AppState(), {}
    state.config.train.d_lr, state.config.train.g_lr = rates
    drawn = _numbers_drawn(monkeypatch, state, width, ui_scale, arrows)
    assert (drawn["train.d_lr"][0], drawn["train.g_lr"][0]) == reads, (drawn["train.d_lr"], drawn["train.g_lr"])
    assert arrows == {"train.d_lr": arrow, "train.g_lr": arrow}
    assert all(needed <= box for _, needed, box in drawn.values()), drawn


@pytest.mark.parametrize("width, ui_scale, layers, reads", [
    (1.25 * DESIGN_SIZE[0], 1.0, (2, 1), ("2 hidden layers", "1 hidden layer")),  # as at 1280x800, UI scale 1
    (1.25 * DESIGN_SIZE[0], 1.0, (16, 2), ("16 hidden", "2 hidden")),  # one count too long for the full words
    (DESIGN_SIZE[0], 1.0, (2, 1), ("2 hidden", "1 hidden")),  # captions as large as the text: short
    (DESIGN_SIZE[0], 2.0, (2, 3), ("2 hidden", "3 hidden"))])  # captions at LABEL_AT_MOST
def test_the_hidden_layers_read_as_hidden_layers(monkeypatch, width, ui_scale, layers, reads):
    """The graph said "2 layers" under each model for `hidden_layers = 2`: two linear layers, to a student, or GAN
    Lab's "2 hidden layer(s)" (our 3). It reads "2 hidden layers" where that fits the model's controls in the
    graph's type, "2 hidden" where not (G and D alike); every text drawn fits its box, and the setting's help, the
    controls' tooltip, gives GAN Lab's count for ours."""
    state = AppState()
    state.config.generator.hidden_layers, state.config.discriminator.hidden_layers = layers
    drawn = _numbers_drawn(monkeypatch, state, width, ui_scale)
    assert (drawn["generator.hidden_layers"][0], drawn["discriminator.hidden_layers"][0]) == reads, drawn
    assert all(needed <= box for _, needed, box in drawn.values()), drawn
    for network in ("generator", "discriminator"):
        help_text = GanConfig.settings()[f"{network}.hidden_layers"].help
        assert "2 is GAN Lab's '1 hidden layer(s)'" in help_text, help_text  # presets.py: GAN Lab's N is our N + 1


@pytest.mark.parametrize("loss, reads", [("log", "log loss"), ("wgan-gp", "WGAN-GP loss"),
                                         ("lsgan", "least squares"),  # too long for the fuller words
                                         ("nonsaturating", "non-saturating")])
def test_the_loss_type_reads_as_a_loss(monkeypatch, loss, reads):
    """The graph's loss type read "log" alone, a step from the metrics' "log scale": a student took it for a scale.
    It reads GAN Lab's "log loss" ("Log loss") where that fits its box beside the combo's arrow, its list alike, and
    the loss's title alone where not ("least squares", not the id "lsgan")."""
    state = AppState()
    state.config.train.loss = loss
    controller = Controller(state)
    seen = {}
    combo = imgui.combo

    def recording(label, index, names, *rest):
        if label.endswith("train.loss"):
            style = imgui.get_style()
            seen.update(names=names, shown=names[index], needed=imgui.calc_text_size(names[index]).x,
                        room=imgui.calc_item_width() - imgui.get_frame_height() - 2 * style.frame_padding.x)
        return combo(label, index, names, *rest)

    monkeypatch.setattr(imgui, "combo", recording)
    with imgui_context():
        UiFonts().apply_scale(1.0, 1.0)  # the lab's own font
        draw_frame(lambda: OverviewPanel().draw(state, controller.read_model(), StubThumbnails(), RecordingRenderer(),
                                                0.0), (DESIGN_SIZE[0], 600))
    controller.close()
    assert seen["shown"] == reads and seen["needed"] <= seen["room"]
    titles = GanConfig.settings()["train.loss"].choice_titles
    assert seen["names"] == [f"{title} loss" if reads.endswith(" loss") else title for title in titles]


def _combos_drawn(monkeypatch, state: AppState, window: tuple[int, int], ui_scale: float) -> dict[str, tuple]:
    """The graph drawn as the lab's column holds it in `window` at `ui_scale`: each combo's setting key to (the
    text it shows, that text's width, the room beside its arrow)."""
    from ganlab_gl.app.layout import compute_layout
    controller, seen, combo = Controller(state), {}, imgui.combo
    width = compute_layout(window, True, ui_scale).left[2]

    def recording(label, index, names, *rest):
        room = imgui.calc_item_width() - imgui.get_frame_height() - 2 * imgui.get_style().frame_padding.x
        seen[label.rsplit("-", 1)[-1]] = (names[index], imgui.calc_text_size(names[index]).x, room)
        return combo(label, index, names, *rest)

    monkeypatch.setattr(imgui, "combo", recording)
    with imgui_context(window):
        UiFonts().apply_scale(ui_scale, 1.0)
        draw_frame(lambda: OverviewPanel().draw(state, controller.read_model(), StubThumbnails(), RecordingRenderer(),
                                                0.0), (width, window[1]))
    controller.close()
    return seen


@pytest.mark.parametrize("window, ui_scale, optimizers, reads", [
    ((1920, 1080), 1.0, ("sgd", "sgd"), ("Optimizer: SGD", "Optimizer: SGD")),
    ((1920, 1080), 1.0, ("sgd", "adam"), ("Optimizer: SGD", "Optimizer: Adam")),
    ((1280, 800), 1.0, ("adam", "adam"), ("Optimizer: Adam", "Optimizer: Adam")),
    ((1920, 1080), 2.0, ("sgd", "sgd"), ("Optimizer: SGD", "Optimizer: SGD")),
    ((1920, 1080), 2.0, ("sgd", "adam"), ("SGD", "Adam")),  # "Optimizer: Adam" too wide: neither in full words
    ((1024, 768), 2.0, ("sgd", "sgd"), ("SGD", "SGD")),  # a narrow graph in large type
    ((1280, 800), 2.0, ("sgd", "sgd"), ("SGD", "SGD"))])  # "Optimizer: SGD" would fit but for ImGui's whole pixels
def test_the_optimizers_read_in_gan_labs_words_where_they_fit(monkeypatch, window, ui_scale, optimizers, reads):
    """The graph's optimizers read "sgd" and "adam", their ids; GAN Lab's graph says "Optimizer: SGD". Each reads
    its title, in GAN Lab's words where both D's and G's fit their boxes beside the arrow, else the title alone
    ("SGD"), never one of each; every text drawn fits its box."""
    state = AppState()
    state.config.train.d_optimizer, state.config.train.g_optimizer = optimizers
    seen = _combos_drawn(monkeypatch, state, window, ui_scale)
    assert (seen["train.d_optimizer"][0], seen["train.g_optimizer"][0]) == reads, seen
    assert all(needed <= room for _, needed, room in seen.values()), seen


def test_a_choice_reads_in_fuller_words_only_where_they_fit_beside_its_arrow():
    """A combo's text shares its box with the arrow button: fuller words that fit the box only without it would be
    cut ("log lo")."""
    from ganlab_gl.app.panels.overview import fitting_wordings
    shown = GanConfig()
    shown.train.loss = "log"
    kept = {}

    def measure():
        text = imgui.calc_text_size("log loss").x + 2 * imgui.get_style().frame_padding.x
        for name, width in (("beside", text + imgui.get_frame_height()), ("without", text + 1.0)):
            control = Control("train.loss", (0.0, 0.0, width, 10.0), "", wordy="%s loss")
            kept[name] = fitting_wordings((control,), shown, 1.0)

    with imgui_context():
        UiFonts().apply_scale(1.0, 1.0)
        draw_frame(measure, (400, 300))
    assert kept == {"beside": {"%s loss": ("%s loss", True)}, "without": {}}


def _under_the_graph(controller, monkeypatch, width: float = DESIGN_SIZE[0]) -> tuple[str, float]:
    """The text the panel draws under the graph outside a phase's walk, and where what follows it starts."""
    panel, renderer, thumbnails = OverviewPanel(), RecordingRenderer(), StubThumbnails()
    texts: list[str] = []
    for name in ("text", "text_disabled", "text_wrapped"):
        original = getattr(imgui, name)
        monkeypatch.setattr(imgui, name, lambda text, *args, _original=original: (texts.append(text),
                                                                                    _original(text, *args))[1])
    bottom: list[float] = []

    def body():
        panel.draw(controller.state, controller.frame(), thumbnails, renderer, 0.0)
        bottom.append(imgui.get_cursor_pos_y())

    draw_frame(body, (width, 600))
    monkeypatch.undo()
    return " ".join(texts), bottom[0]


def test_under_the_graph_a_manual_step_says_what_it_changed_and_playing_what_to_watch(controller, monkeypatch):
    """GAN Lab's manual steps (D, G, both) change the picture unexplained, and so did ours: under the graph stood
    "Play (Space) starts training" after Step D, while training and when paused. Now a step says what it did (D's
    update moves the background and holds the fakes; G's moves the fakes and holds the background), playing says
    what to watch, a pause how to look closer, and a step which keys step on; what stands under the text holds still
    through all of them."""
    state = controller.state
    with imgui_context():
        idle, idle_bottom = _under_the_graph(controller, monkeypatch)
        said = {}
        for action in (Action.STEP_D, Action.STEP_G, Action.STEP):
            state.request(action)
            said[action] = _under_the_graph(controller, monkeypatch)
        state.playing = True
        playing = _under_the_graph(controller, monkeypatch)
        with controller.training.hold():  # what play trained: between two quick frames the thread may train none
            controller.trainer.train(1)
        state.playing = False
        paused = _under_the_graph(controller, monkeypatch)
        _walk_to(controller, "D", "loss")
        in_a_phase = _under_the_graph(controller, monkeypatch)
    assert "Play\u00a0(Space) starts training" in idle  # held on one line
    d_text, g_text, step_text = (said[action][0] for action in (Action.STEP_D, Action.STEP_G, Action.STEP))
    assert "Step D: one discriminator update" in d_text and "background" in d_text and "held fixed" in d_text
    assert "Step G: one generator update" in g_text and "the fakes moved" in g_text and "held fixed" in g_text
    # and, as the iteration's words do, which keys step on from it (a D step's words stopped at what changed)
    assert "(G held fixed). Next: G moves the fakes; N steps both." in d_text
    assert "the background stayed. Next: D updates on the moved fakes; N steps both." in g_text
    assert "one iteration" in step_text and "2 discriminator updates, then 1 generator update" in step_text
    assert "Training" in playing[0] and "fade to white" in playing[0] and "Play (Space)" not in playing[0]
    assert "Paused at iteration " in paused[0] and "the fake with the longest arrow needs to move" in paused[0]
    bottoms = {idle_bottom, *(bottom for _, bottom in said.values()), playing[1], paused[1], in_a_phase[1]}
    assert len(bottoms) == 1, bottoms


def test_every_training_setting_on_the_graph_has_words_for_the_notices():
    """A live edit on the graph is told in a notice, a structural one asked about: both name the setting as the
    graph and GAN Lab do ("D's learning rate 0.1 → 0.5"), never by its key alone ("train.d_lr" read as code)."""
    from ganlab_gl.app.panels.overview_graph import CONTROLS
    from ganlab_gl.app.state import SETTING_WORDS, edit_words
    on_graph = {control.key for control in CONTROLS if control.key in GanConfig.settings()}
    assert on_graph <= set(SETTING_WORDS) <= set(GanConfig.settings())
    assert edit_words("train.d_lr", 0.1, 0.5) == "D's learning rate 0.1 → 0.5"
    assert edit_words("metrics.grid", 30, 40) == "metrics.grid 30 → 40"
    assert edit_words("train.g_optimizer", "sgd", "adam") == "G's optimizer SGD → Adam"  # as the graph's combo reads
    assert edit_words("noise.kind", "uniform", "gaussian") == "noise type uniform → Gaussian"
    assert edit_words("display.lecture_mode", False, True) == "display.lecture_mode off → on"  # not Python's False


@pytest.mark.parametrize("network, phase, title", [
    ("D", "loss", "2 discriminator updates, then 1 generator update"),
    ("G", "gradients", "Generator update, after 2 discriminator updates")])
def test_a_phases_title_says_where_its_update_stands_in_the_iteration(controller, monkeypatch, network, phase, title):
    """GAN Lab shows D's five steps over its graph and G's under it at once: a student sees that D's updates come
    first and G's follow. Ours listed the current update's steps alone ("Discriminator update 1 of 2"), never
    saying that a generator update was next; the title now says what comes before or after, and how many updates
    the network's walk makes (GAN Lab's slow motion lights D's steps once an iteration, however many updates)."""
    panel, renderer, thumbnails = OverviewPanel(), RecordingRenderer(), StubThumbnails()
    lines: list[str] = []
    wrapped = imgui.text_wrapped
    monkeypatch.setattr(imgui, "text_wrapped", lambda text, *args: (lines.append(text), wrapped(text, *args))[1])
    with imgui_context():
        _walk_to(controller, network, phase)
        draw_frame(lambda: panel.draw(controller.state, controller.read_model(), thumbnails, renderer, 0.0),
                   (DESIGN_SIZE[0], 400))
    assert title in lines, lines


@pytest.mark.parametrize("network, phase, plan, lit_title, other_title", [
    ("D", "loss", (2, 0), "Iteration 1: 2 discriminator updates, G not trained", "G not trained (0 updates)"),
    ("G", "gradients", (0, 1), "Iteration 1: generator update, D not trained", "D not trained (0 updates)")])
def test_a_network_set_to_no_updates_is_said_not_trained(monkeypatch, network, phase, plan, lit_title, other_title):
    """With d_steps or g_steps 0 the other network's faded steps were titled "0 generator updates", and the lit
    title ended "then 0 generator updates": a student read a count, not that the network does not train. Each
    count of 0 says so, under the graph and in the hints (_updates), no longer than the most updates' words."""
    from ganlab_gl.app.panels.overview import OTHER_STEPS_ALPHA, _updates
    state = AppState()
    state.config.train.d_steps, state.config.train.g_steps = plan
    controller = Controller(state)
    lines: list[tuple[str, float]] = []
    wrapped = imgui.text_wrapped
    monkeypatch.setattr(imgui, "text_wrapped", lambda text, *args: (
        lines.append((text, round(imgui.get_style_color_vec4(imgui.Col_.text).w, 3))), wrapped(text, *args))[1])
    try:
        with imgui_context((1000, 1600)):  # room for the iteration's title and both networks' steps
            _walk_to(controller, network, phase)
            draw_frame(lambda: OverviewPanel().draw(controller.state, controller.read_model(), StubThumbnails(),
                                                    RecordingRenderer(), 0.0), (1000, 1600))
    finally:
        controller.close()
    assert (lit_title, 1.0) in lines and (other_title, round(OTHER_STEPS_ALPHA, 3)) in lines, lines
    assert _updates(*plan) == {(2, 0): "2 discriminator updates, G not trained",
                               (0, 1): "1 generator update, D not trained"}[plan]
    assert _updates(0, 0) == "no updates: D not trained, G not trained"


@pytest.mark.parametrize("width, title", [
    (1000, "Iteration 3: 2 discriminator updates, then 1 generator update"),
    (DESIGN_SIZE[0], "2 discriminator updates, then 1 generator update")])
def test_a_phases_title_names_the_iteration_walked_where_the_line_has_room(controller, monkeypatch, width, title):
    """The header never named the iteration (the toolbar's counter read the one before); where the column has room
    it says it first, else it gives way to what follows the update."""
    panel, renderer, thumbnails = OverviewPanel(), RecordingRenderer(), StubThumbnails()
    lines: list[str] = []
    wrapped = imgui.text_wrapped
    monkeypatch.setattr(imgui, "text_wrapped", lambda text, *args: (lines.append(text), wrapped(text, *args))[1])
    for _ in range(2):
        controller.state.request(Action.STEP)
        controller.frame()
    with imgui_context((width, 1600)):  # tall enough for the update's numbered steps under the graph
        _walk_to(controller, "D", "loss")
        draw_frame(lambda: panel.draw(controller.state, controller.read_model(), thumbnails, renderer, 0.0),
                   (width, 1600))
    assert title in lines, lines


def test_the_hint_under_the_graph_follows_the_run_from_start_to_resume(monkeypatch, controller):
    """After a run had trained and paused, the hint still said "Play (Space) starts training", and while it trained
    too; in slow motion it offered slow motion (S), which would turn it off. It says what Space does now; a paused
    run named the phase step's key as a bare mark (", . one phase"), now in words."""
    from ganlab_gl.app.actions import NO_BREAK
    state = controller.state

    def said() -> str:  # as read: "Period (.)" is held on one line by a no-break space
        return _under_the_graph(controller, monkeypatch)[0].replace(NO_BREAK, " ")
    with imgui_context():
        assert said() == (
            "Play (Space) starts training; S turns on slow motion and Period (.) steps one phase, each phase "
            "explained here. 1 in the toolbar's it/frame list is GAN Lab's pace, to watch the fakes move as GAN Lab "
            "plays them.")
        state.slow_motion = True
        assert said() == (
            "Play (Space) starts training; slow motion explains each phase here, and Period (.) steps one.")
        state.slow_motion = False
        for _ in range(3):
            state.request(Action.STEP)
        controller.frame()
        stepped = said()
        assert stepped.startswith("Step: one iteration (2 discriminator updates, then 1 generator update): D's "
                                  "output changed, then the fakes moved.") and stepped.endswith(
            "D or G steps one network alone; Period (.) walks through one phase at a time.")
        state.playing = True
        assert "Pause (Space) holds training" in said()
        with controller.training.hold():  # what play trained: between two quick frames the thread may train none
            controller.trainer.train(1)
        state.playing = False
        paused = said()
        gradient = controller.read_model().snapshot.fake_gradient
        way = compass(gradient[int(gradient.norm(dim=1).argmax())].tolist())
        assert paused == (
            f"Paused at iteration {controller.trainer.iteration_count:,}. Play (Space) resumes training; the fake "
            f"with the longest arrow needs to move {way} to lower G's loss; hover a fake dot for its own way. N trains "
            "one iteration, D or G one network's update and Period (.) one phase, each explained here.")
        state.slow_motion = True  # paused in slow motion, Space resumes a phase at a time
        assert said().startswith(f"Paused at iteration {controller.trainer.iteration_count:,}. Play (Space) resumes "
                                 "in slow motion, one phase at a time; the fake with the longest arrow")
        state.slow_motion = False
        state.request(Action.SHOW_ITERATION, 1)
        rewound = said()
    assert rewound == ("Rewound to iteration 1, the lab as it was then. Left and Right walk the kept iterations; B "
                       "branches the run from here with the current settings. Play (Space) resumes from the present.")



def test_the_hint_under_the_graph_offers_to_train_on_top_of_the_shipped_model(monkeypatch, controller):
    """The pre-trained model just loaded was "Paused at iteration 8,000. Play (Space) resumes training": nothing had
    played. GAN Lab's checkbox says "Train on top of a pre-trained model"; once a step is taken on it, it is paused."""
    from ganlab_gl.app.actions import NO_BREAK
    state = controller.state
    state.request(Action.USE_PRETRAINED, True)
    controller.frame()
    shipped = controller.trainer.iteration_count

    def said() -> str:
        return _under_the_graph(controller, monkeypatch)[0].replace(NO_BREAK, " ")
    with imgui_context():
        assert said() == (
            f"The pre-trained model as it ships, trained to iteration {shipped:,}. Play (Space) trains on top of it; "
            "untick Use pre-trained model for your own run. N trains one iteration, D or G one network's "
            "update and Period (.) one phase, each explained here.")
        state.request(Action.STEP)
        assert said().startswith("Step: one iteration")
        state.playing = True
        assert "Pause (Space) holds training" in said()
        with controller.training.hold():  # what play trained: between two quick frames the thread may train none
            controller.trainer.train(1)
        state.playing = False
        assert said().startswith(f"Paused at iteration {controller.trainer.iteration_count:,}. Play (Space) resumes "
                                 "training; ") and controller.trainer.iteration_count > shipped

@pytest.mark.parametrize("step, change, says", [
    ("g_step", StepChange(1.6, None), "the fakes moved (at most 2 px at this zoom), each roughly the way its arrow"),
    ("g_step", StepChange(0.3, None), "the fakes moved (less than a pixel at this zoom), each"),
    ("d_step", StepChange(0.0, 0.0042), "D's output changed by at most 0.0042 over the background, and the arrows"),
    ("d_step", StepChange(0.0, 2e-5), "D's output changed by less than 0.0001 over the background"),
    ("iteration", StepChange(2.4, 0.0), "D's output did not change, then the fakes"),  # D not trained: the same
    ("iteration", StepChange(0.0, 0.012), "D's output changed by at most 0.012, then the fakes stayed put."),  # G not
    # trained: "moved (less than a pixel at this zoom)"
    ("d_step", StepChange(0.0, None), "D's output changed over the background"),  # the view moved: another grid
    ("d_step", None, "D's output changed over the background"),
    ("iteration", StepChange(2.4, 0.012), "D's output changed by at most 0.012, then the fakes moved (at most 2 px "
     "at this zoom)."),
    ("iteration", None, "D's output changed, then the fakes moved."),
    # every arrow under its dot (a fresh run's first steps): the words point at none
    ("d_step", StepChange(0.0, 0.019, False), "D's output changed by at most 0.019 over the background; no arrow "
     "shows yet; the fakes stayed put"),
    ("g_step", StepChange(4.6, None, False), "the fakes moved (at most 5 px at this zoom), each up D's slope (no arrow "
     "seen yet), and the manifold"),
    ("iteration", StepChange(4.0, 0.039, False), "then the fakes moved (at most 4 px at this zoom); no arrow shows "
     "yet."),
    ("d_step", StepChange(0.0, 0.019, True), "over the background, and the arrows with it; the fakes"),
])
def test_a_steps_words_say_how_much_it_changed_where_the_lab_measured_it(step, change, says):
    """At the pre-trained model's iteration 8,000 a G step moves the fakes a pixel or two and a D step changes D's
    output by thousandths, where the words said "the background colours shifted": they say how much, or only what
    stays true of a change too small to see."""
    from ganlab_gl.app.panels.overview import stepped_words
    words = stepped_words(step, "2 discriminator updates, then 1 generator update", change, "probability")
    assert says in words and "shifted" not in words
    if change is not None and change.arrows_seen is False:
        assert "its arrow pointed" not in words and "arrows with it" not in words


@pytest.mark.parametrize("steps", [True, False])
def test_the_room_under_the_graph_holds_the_situations_at_the_most_updates_an_iteration_may_make(steps):
    """The room held under the graph (SITUATIONS) was measured with 9 updates of each network, the settings allowing
    10: "10 discriminator updates, then 10 generator updates" wrapped a line more at some column widths, and the
    settings' header under the text moved as play started and stopped."""
    from ganlab_gl.app.panels.overview import (_LONGEST_CHANGES, D_OUTPUT_WORDS, FADES, PLAYING_HINT, S_DOES,
                                               SITUATIONS, STEPPED_HINTS, _updates, explanation_room, stepped_words)
    settings = GanConfig.settings()
    plans = itertools.product((0, int(settings["train.d_steps"].high)), (0, int(settings["train.g_steps"].high)))
    mosts = [_updates(d_steps, g_steps) for d_steps, g_steps in plans]  # and with none: "..., G not trained"
    texts = [PLAYING_HINT.format(updates=most, fade=fade, s_does=does) for fade in FADES.values()
             for does in S_DOES.values() for most in mosts]
    texts += [stepped_words(step, most, change, kind) for step in STEPPED_HINTS for change in _LONGEST_CHANGES
              for kind in D_OUTPUT_WORDS for most in mosts]
    over = []

    def body():
        spacing = imgui.get_style().item_spacing.y
        for width in range(150, 700):
            room = explanation_room(width, imgui.get_font_size(), SITUATIONS, steps)
            over.extend(width for text in texts if imgui.calc_text_size(text, False, width).y + spacing > room)

    with imgui_context():
        draw_frame(body, (800, 600))
    assert over == []


def test_the_room_under_the_graph_holds_both_networks_steps_whatever_their_updates():
    """The room for a phase's words with both networks' steps was measured with the other network's title at one
    update ("Generator update"); at 0 it reads "G not trained (0 updates)", a line more at some widths."""
    from ganlab_gl.app.panels.overview import _explanation_lines, _lines_height, explanation_room
    from ganlab_gl.core.trainer import EXPLANATIONS, Phase
    settings = GanConfig.settings()
    # each wording of a network's updates: none, one, several, the most
    plans = list(itertools.product(*((0, 1, 2, int(settings[key].high)) for key in ("train.d_steps", "train.g_steps"))))
    over = []

    def body():
        spacing = imgui.get_style().item_spacing.y
        for width in range(150, 700, 7):
            room = explanation_room(width, imgui.get_font_size(), (), 2)
            for (network, name), plan in itertools.product(EXPLANATIONS, plans):
                if plan["DG".index(network)]:  # the lit network trains
                    lines = _explanation_lines(Phase(network, name, updates=plan["DG".index(network)]), 2, spacing,
                                               plan, width)
                    over.extend([(width, network, name, plan)] if _lines_height(lines, width) > room else [])

    with imgui_context():
        draw_frame(body, (800, 600))
    assert over == []


def test_playing_with_a_critic_the_hint_names_no_probability(controller, monkeypatch):
    """While playing, the hint said "the background fade to grey (D = 0.5)" for WGAN-GP and hinge too, whose critic
    scores have no 0.5: a critic's run says its colours even out instead."""
    state = controller.state
    state.edit("train.loss", "wgan-gp")
    controller.frame()
    state.playing = True
    with imgui_context():
        words = _under_the_graph(controller, monkeypatch)[0]
    assert "even out" in words and "0.5" not in words, words


def test_the_hint_under_the_graph_on_a_nan_says_what_undoes_it_not_what_play_would_do(monkeypatch, controller):
    """Paused on a NaN, the graph's column said "Play (Space) resumes training; ... N trains one iteration": Play and
    the steps are refused then. It says where training stopped and the keys that go on: U reverts, R resets."""
    import torch

    from ganlab_gl.app.actions import NO_BREAK
    with torch.no_grad():
        next(controller.trainer.generator.parameters()).fill_(float("nan"))
    controller.state.request(Action.STEP)
    controller.frame()
    assert controller.diverged
    with imgui_context():
        words = _under_the_graph(controller, monkeypatch)[0].replace(NO_BREAK, " ")
    assert words == (f"Training stopped at iteration {controller.trainer.iteration_count:,}: the weights are no longer "
                     "numbers (NaN), so play and the steps wait. U reverts to the last good state; or lower the "
                     "learning rates and R resets the run.")


def test_the_hint_under_the_graph_while_drawing_says_what_ends_the_drawing_not_what_play_would_do(monkeypatch,
                                                                                                  controller):
    """Drawing your own data after a pause, the graph's column said "Paused at iteration 3. Play (Space) resumes
    training; hover a fake dot ... N trains one iteration": the canvas shows the strokes alone, and Space said
    "finish the drawing first". It says the run waits behind the drawing, and the keys that end it."""
    from ganlab_gl.app.actions import NO_BREAK
    state = controller.state
    state.request(Action.START_DRAWING)  # a run not trained yet: no iteration to wait at ("at iteration 0")
    controller.frame()
    with imgui_context():
        fresh = _under_the_graph(controller, monkeypatch)[0].replace(NO_BREAK, " ")
    assert controller.trainer.iteration_count == 0 and fresh.startswith(
        "Drawing your own data: play and the steps wait behind the drawing. Enter trains"), fresh
    state.request(Action.LEAVE_DRAWING)
    controller.frame()
    state.playing = True
    with controller.training.hold():  # what play trained, without a frame's thread training more
        controller.trainer.train(3)
    state.playing = False
    state.request(Action.START_DRAWING)
    controller.frame()
    with imgui_context():
        words = _under_the_graph(controller, monkeypatch)[0].replace(NO_BREAK, " ")
    assert words == ("Drawing your own data: the run at iteration 3 waits behind the drawing, and so do play and the "
                     "steps. Enter trains a new GAN on the drawing; Escape leaves it, back to this run.")
    state.request(Action.PLAY_PAUSE)  # what the words say: play waits
    controller.frame()
    assert state.drawing and not state.playing and controller.trainer.iteration_count == 3
    state.request(Action.LEAVE_DRAWING)  # Escape's, in the window
    controller.frame()
    with imgui_context():
        left = _under_the_graph(controller, monkeypatch)[0].replace(NO_BREAK, " ")
    assert left.startswith("Paused at iteration 3. Play (Space) resumes training"), left


def test_a_loss_nodes_value_keeps_to_its_node_as_a_loss_grows():
    """A diverging run's G loss read "33820.785" on the graph and ran past the column's edge (1280x800): the value
    keeps GAN Lab's three decimals where they fit, fewer as it grows, and a power of ten from 1,000."""
    from ganlab_gl.app.panels.overview_graph import loss_reading
    readings = [loss_reading(value) for value in (0.70126, -0.5391, 12.3456, 123.456, 33820.785, -4.2e9,
                                                  float("inf"), float("nan"))]
    assert readings == ["0.701", "-0.539", "12.35", "123.5", "3.4e+04", "-4.2e+09", "inf", "-"]
    assert max(len(reading) for reading in readings) <= len("-4.2e+09")


@pytest.mark.parametrize("label", [11.0, 17.0, 24.0])
def test_the_arrows_between_the_graphs_controls_follow_reading_order_and_columns(label):
    """ImGui's arrows move by position: in GAN Lab's staggered rows Right from G's hidden layers found nothing and
    Down went to D's. control_beside: Right walks every control once in reading order and Left walks it back; Up and
    Down stay in a column (G's hidden layers down to G's neurons), None past the ends (ImGui's own move there)."""
    from ganlab_gl.app.panels.overview_graph import arrangement, control_beside
    controls = arrangement(label).controls
    walk = [min(controls, key=lambda control: (control.box[1], control.box[0])).key]
    while (step := control_beside(controls, walk[-1], "right")) is not None:
        assert control_beside(controls, step, "left") == walk[-1]
        walk.append(step)
    assert sorted(walk) == sorted(control.key for control in controls) and walk[0] == "contour.visible"
    assert control_beside(controls, walk[0], "left") is None
    assert control_beside(controls, "generator.hidden_layers", "right") == "discriminator.hidden_layers"
    assert control_beside(controls, "generator.hidden_layers", "down") == "generator.neurons"
    assert control_beside(controls, "generator.neurons", "up") == "generator.hidden_layers"
    assert control_beside(controls, "discriminator.hidden_layers", "down") == "discriminator.neurons"
    assert control_beside(controls, "contour.visible", "up") is None
    boxes = {control.key: control.box for control in controls}
    for key, (x, y, width, _) in boxes.items():
        for direction in ("up", "down"):
            to = control_beside(controls, key, direction)
            if to is not None:
                to_x, to_y, to_width, _ = boxes[to]
                assert to_x < x + width and x < to_x + to_width and (to_y > y) == (direction == "down")


def _imgui_breaks(text: str, width: float) -> list[int]:
    """Where ImGui's wrapping breaks `text` `width` px wide in the current font: each line's end, as an index."""
    font, size, breaks, start = imgui.get_font(), imgui.get_font_size(), [], 0
    while start < len(text):
        end = start + max(font.calc_word_wrap_position_python(size, text[start:], width), 1)
        breaks.append(end)
        start = end + (len(text[end:]) - len(text[end:].lstrip(" ")))  # the next line's blanks are skipped
    return breaks[:-1]


def _word_around(text: str, start: int, end: int) -> str:
    """text[start:end] with what stands unbroken before and after it (no space between)."""
    return text[text.rfind(" ", 0, start) + 1:(text.find(" ", end) + 1 or len(text) + 1) - 1]


@pytest.mark.parametrize("ui_scale", [1.0, 2.0, 3.0])  # 3: lecture mode's type at 1280x800, UI scale 2
def test_no_wrap_splits_a_name_from_its_value_or_a_quoted_phrase(ui_scale):
    """While playing, the words under the graph said "the background go white (D = 0.5)", and lecture mode wrapped it
    "(D" over "= 0.5)": they point at the picture now (the colour bar's "can't tell"), in words no wrap splits. At any
    width (so at every window size and UI scale the column is drawn in) neither these nor the help's rows break
    inside "name = value", a quoted phrase or a short bracket ("(Space)")."""
    import re

    from ganlab_gl.app.actions import NO_BREAK
    from ganlab_gl.app.panels.flow import unbroken
    from ganlab_gl.app.panels.help import GUIDE
    from ganlab_gl.app.panels.overview import FADES
    assert "=" not in FADES["probability"] and "0.5" not in FADES["probability"]
    assert "the colour bar\u2019s" in FADES["probability"].replace("'", "\u2019")
    held = re.compile(r"\S+ = \S+|[\u201c\"][^\u201d\"]*[\u201d\"]|\([^() ]{0,11}\w[^() ]{0,11}\)")
    texts = [*SITUATIONS, *(unbroken(shows) for _, _, shows in GUIDE)]
    splits = []

    def body():
        for text in texts:
            spans = [held_span.span() for held_span in held.finditer(text.replace(NO_BREAK, " "))]
            for width in range(120, 900, 3):  # a word wider than the line is cut where it must be
                splits.extend((text[start:end], width) for at in _imgui_breaks(text, width) for start, end in spans
                              if start < at < end and imgui.calc_text_size(_word_around(text, start, end)).x <= width)

    with imgui_context((1280, 800)):
        UiFonts().apply_scale(ui_scale, 1.0)
        draw_frame(body, (1280, 800))
    assert splits == [], sorted(set(text for text, _ in splits))


def test_a_pause_names_the_way_one_fake_needs_to_move_as_gan_lab_does_beside_its_arrow():
    """GAN Lab says beside its arrow "This sample needs to move upper right to decrease generator's loss"; ours said
    which way only over a hovered dot. Paused, the words under the graph name the way of the fake whose arrow is
    longest (one a student finds at a glance); with the arrows hidden, or all zero, how to read one. Each way's words
    are among the SITUATIONS whose room the column holds: the settings' header under them stays put."""
    from ganlab_gl.app.panels.overview import (EXAMPLE_FAKE, NO_EXAMPLE_FAKE, PAUSED_HINT, PAUSED_RESUMES,
                                               example_fake)
    from ganlab_gl.core.wording import COMPASS
    gradient = torch.tensor([[0.1, 0.0], [-0.3, -0.3], [float("nan"), 1.0], [0.0, 0.2]])
    assert example_fake(gradient) == ("the fake with the longest arrow needs to move lower left to lower G's loss; "
                                      "hover a fake dot for its own way")
    assert example_fake(None) == example_fake(torch.zeros(4, 2)) == example_fake(torch.zeros(0, 2)) == (
        "hover a fake dot to read which way it needs to move")
    assert {PAUSED_HINT.format(iteration=10**9, resumes=resumes, example=example)
            for resumes in PAUSED_RESUMES.values()
            for example in (NO_EXAMPLE_FAKE, *(EXAMPLE_FAKE.format(way=way) for way in COMPASS))} <= set(SITUATIONS)


def _paused_after_play(controller):
    """The frame of a lab paused after play trained an iteration (not a step, whose words stand until play)."""
    controller.state.playing = True
    controller.frame()
    with controller.training.hold():  # what play trained: between two quick frames the thread may train none
        controller.trainer.train(1)
    controller.state.playing = False
    return controller.frame()


def test_paused_with_the_arrows_hidden_the_words_name_no_arrow(controller, monkeypatch):
    """A student who hid the arrows (or the fakes) read of "the longest arrow" where none was drawn."""
    from ganlab_gl.app.panels.overview import situation_words
    frame = _paused_after_play(controller)
    train = controller.state.config.train
    assert "longest arrow" in situation_words(frame, False, False, train, False, arrows=True)[0]
    assert "longest arrow" not in situation_words(frame, False, False, train, False, arrows=False)[0]
    controller.state.view.gradients.visible = False
    with imgui_context():
        assert "hover a fake dot to read which way" in _under_the_graph(controller, monkeypatch)[0]


def test_an_update_phase_says_what_it_changed_where_the_lab_measured_it(controller, monkeypatch):
    """Slow motion's update phases said "the background colours ... shift" and "the fakes drift toward the green
    regions" over a canvas that did not visibly change (a fresh run's first iteration); the manual steps said "at
    most 0.0064", "5 px". The walk's snapshots before and after the update measure it as a step's (step_glide.py)."""
    from dataclasses import replace
    from ganlab_gl.app.panels.overview import phase_explanation
    from ganlab_gl.core.trainer import Phase
    panel, renderer, thumbnails = OverviewPanel(), RecordingRenderer(), StubThumbnails()
    texts: list[str] = []
    wrapped = imgui.text_wrapped
    monkeypatch.setattr(imgui, "text_wrapped", lambda text, *args: (texts.append(text), wrapped(text, *args))[1])
    with imgui_context():
        _walk_to(controller, "D", "update")
        frame = replace(controller.read_model(), step_change=StepChange(0.0, 0.0064, False))
        draw_frame(lambda: panel.draw(controller.state, frame, thumbnails, renderer, 0.0), (DESIGN_SIZE[0], 400))
    assert ("The optimizer moved D's weights, 2 times (each on a fresh batch): D's output changed by at most 0.0064 "
            "over the background.") in texts
    assert not any("shift" in text for text in texts)
    g_update = Phase("G", "update")
    assert phase_explanation(g_update, StepChange(4.6, None), "probability") == (
        "The optimizer moved G's weights: the fakes moved (at most 5 px at this zoom) up D's slope.")
    assert phase_explanation(g_update, StepChange(0.2, None), "critic").endswith("(less than a pixel at this zoom) "
                                                                              "up D's slope.")
    assert phase_explanation(g_update, None, "probability") == g_update.explanation  # not measured yet: GAN Lab's
    assert phase_explanation(Phase("D", "loss"), StepChange(0.0, 0.5), "probability") == Phase("D", "loss").explanation


def test_a_paused_frame_reads_its_example_arrow_once(controller, monkeypatch):
    """A pause's example fake (the longest arrow's way) reads the arrows back to the host (three reads, each a sync on
    CUDA); the panel read the situation twice a frame, for its whole and its brief words, and so made six."""
    from ganlab_gl.app.panels import overview
    _paused_after_play(controller)
    calls = []
    example_fake = overview.example_fake
    monkeypatch.setattr(overview, "example_fake", lambda gradient: (calls.append(1), example_fake(gradient))[1])
    panel, renderer, thumbnails = OverviewPanel(), RecordingRenderer(), StubThumbnails()
    with imgui_context():
        draw_frame(lambda: panel.draw(controller.state, controller.read_model(), thumbnails, renderer, 0.0),
                   (DESIGN_SIZE[0], 400))
    assert len(calls) == 1, calls
