"""A critic's colours are centred where it can't tell: midway between its mean scores on the shown reals and fakes.

A WGAN-GP or hinge critic's offset is arbitrary (its losses see only differences of scores). Centred on critic 0,
the Swiss roll's critic painted the whole canvas purple, the real spiral too, under a legend saying greener looks
more real. Here a critic trained briefly on the Swiss roll is drawn as the lab draws it, then again with every score
raised by 7 (its last layer's bias): the same pixels, the reals on the green side, the fakes on the purple.

Rendering: 96 x 96 px over the data's view, MSAA off.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from ganlab_gl.app.thumbnails import STAGES, Thumbnails
from ganlab_gl.core.presets import with_preset
from ganlab_gl.core.probes import Prober
from ganlab_gl.core.settings import GanConfig, apply_overrides
from ganlab_gl.core.snapshot import critic_centre, critic_scale
from ganlab_gl.core.trainer import Trainer
from ganlab_gl.render.canvas import Canvas
from ganlab_gl.render.view import View

SIZE = (96, 96)
SHIFT = 7.0


@pytest.fixture(scope="module")
def snapshots():
    """(as trained, every score raised by SHIFT) of one WGAN-GP critic on the Swiss roll, 10 iterations in: it scores
    the reals higher than the fakes."""
    torch.manual_seed(0)
    config = apply_overrides(with_preset(GanConfig(), "swissroll"),
                             ["run.seed=0", "probe.shown_samples=150", "probe.shown_fakes=150", "probe.heatmap_res=48"])
    trainer = Trainer(config)
    trainer.train(10)
    plain = Prober(trainer).snapshot()
    with torch.no_grad():
        [*trainer.discriminator.modules()][-1].bias += SHIFT
    shifted = Prober(trainer).snapshot()
    assert plain.d_kind == "critic"
    assert torch.allclose(shifted.heatmap.values, plain.heatmap.values + SHIFT, atol=1e-4)  # the shift took
    return plain, shifted


@pytest.fixture
def canvas(gl_ctx, copy_bridge):
    canvas = Canvas(gl_ctx, copy_bridge, ["heatmap", "real", "fake"])
    yield canvas
    canvas.release()


def _render(canvas, snapshot, layers, by_prediction=False):
    for name in ("real", "fake"):
        canvas[name].color_by_prediction = by_prediction
    view = View.fit(snapshot.data_rect, SIZE)
    return canvas.render_offscreen(snapshot, SIZE, view=view, layers=layers, samples=1)[..., :3].astype(np.int64), view


def greenness(rgb):
    """How far a colour leans green (> 0) or purple (< 0) from the colour scale's grey."""
    rgb = np.asarray(rgb, dtype=np.float64)
    return rgb[..., 1] - (rgb[..., 0] + rgb[..., 2]) / 2


def test_the_centre_is_midway_between_the_mean_scores_on_reals_and_fakes():
    assert critic_centre(torch.tensor([1.0, 3.0]), torch.tensor([-4.0, -6.0, -8.0])).item() == pytest.approx(-2.0)
    assert critic_centre(torch.tensor([1.0, float("nan")]), torch.tensor([3.0])).item() == pytest.approx(2.0)
    diverged = critic_centre(torch.tensor([float("inf")]), torch.tensor([0.0]))
    assert diverged.item() == 0.0 and diverged.dim() == 0  # no colour scale at infinity: critic 0 as before
    scores = torch.linspace(-3.0, 5.0, 101)
    assert critic_scale(scores + SHIFT, torch.tensor(1.0 + SHIFT)).item() == pytest.approx(
        critic_scale(scores, torch.tensor(1.0)).item(), rel=1e-5)  # the spread about the centre


@pytest.mark.parametrize("by_prediction", [False, True], ids=["class-colours", "dots-by-prediction"])
def test_a_critic_shifted_by_a_constant_draws_the_same_pixels(canvas, snapshots, by_prediction):
    plain, shifted = snapshots
    assert shifted.heatmap.centre.item() == pytest.approx(plain.heatmap.centre.item() + SHIFT, abs=1e-4)
    layers = ["heatmap", "real", "fake"]
    before, _ = _render(canvas, plain, layers, by_prediction)
    after, _ = _render(canvas, shifted, layers, by_prediction)
    assert np.abs(after - before).max() <= 1  # 8-bit rounding of float32 scores 7 higher


@pytest.mark.parametrize("which", [0, 1], ids=["as-trained", "shifted"])
def test_the_background_is_green_at_the_reals_and_purple_at_the_fakes(canvas, snapshots, which):
    snapshot = snapshots[which]
    image, view = _render(canvas, snapshot, ["heatmap"])

    def under(points):
        x, y = np.floor(view.world_to_screen(points.numpy())).astype(int).T
        inside = (x >= 0) & (x < SIZE[0]) & (y >= 0) & (y < SIZE[1])
        return greenness(image[y[inside], x[inside]])

    assert snapshot.d_real.mean() > snapshot.d_fake.mean() + 0.1
    at_reals, at_fakes = under(snapshot.real), under(snapshot.fake)
    assert len(at_reals) > 100 and len(at_fakes) > 100
    # a typical real on the green side of the grey, a typical fake on the purple (centred on critic 0, both were on
    # one side: purple as trained, pale green shifted)
    assert np.median(at_reals) > 10 and np.median(at_fakes) < -10


def test_the_overviews_pictures_share_the_centre(gl_ctx, copy_bridge, snapshots):
    """The discriminator picture and the prediction pictures colour by the same centred scale as the canvas."""
    plain, shifted = snapshots
    thumbnails = Thumbnails(gl_ctx, copy_bridge, 48)
    try:
        sheets = []
        for snapshot in (plain, shifted):
            thumbnails.update(snapshot)
            sheets.append(np.frombuffer(thumbnails.sheet.texture.read(), dtype=np.uint8).astype(np.int64))
        assert {"discriminator", "real_predictions", "fake_predictions"} <= set(STAGES)
        assert np.abs(sheets[1] - sheets[0]).max() <= 1
    finally:
        thumbnails.release()
