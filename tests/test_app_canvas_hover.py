"""The canvas tooltip's words for a dot: which sample is under the pointer, and which way a fake needs to move."""

import pytest
import torch

from ganlab_gl.app.canvas_widget import sample_under
from ganlab_gl.core.wording import compass
from ganlab_gl.core.losses import LOSSES
from ganlab_gl.core.probes import Prober
from ganlab_gl.core.settings import GanConfig
from ganlab_gl.core.trainer import Trainer
from ganlab_gl.render.view import View


@pytest.mark.parametrize("vector, word", [((1, 0), "right"), ((1, 1), "upper right"), ((0, 2), "up"),
                                          ((-1, 1), "upper left"), ((-3, 0.2), "left"), ((-1, -1), "lower left"),
                                          ((0.1, -1), "down"), ((1, -1), "lower right"), ((1, 0.3), "right")])
def test_compass_names_the_way_a_data_space_vector_points_with_y_up(vector, word):
    assert compass(vector) == word


def test_the_dot_under_the_pointer_is_the_one_drawn_last_within_reach():
    view = View.fit((0.0, 0.0, 1.0, 1.0), (100, 100))
    points = torch.tensor([[0.50, 0.50], [0.52, 0.50], [0.90, 0.10]])
    centre = tuple(view.world_to_screen([0.5, 0.5]))
    assert sample_under(points, view, centre, 3.0) == 1  # both within 3 px: the later one is on top
    assert sample_under(points, view, centre, 1.0) == 0
    assert sample_under(points, view, (10.0, 10.0), 3.0) is None
    assert sample_under(torch.zeros(0, 2), view, centre, 3.0) is None and sample_under(None, view, centre, 3.0) is None


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_each_arrow_points_where_its_fake_lowers_its_g_loss(name):
    """The probe's arrows (and so the hover's direction) are the gradient of D's displayed output at each fake:
    for every loss that is the way down G's per-sample loss, so "it needs to move up" holds whatever the loss."""
    torch.manual_seed(0)
    config = GanConfig()
    config.train.loss = name
    trainer = Trainer(config)
    trainer.train(20)  # a D that has learnt something
    fakes = torch.randn(64, 2) * 2
    arrows = Prober(trainer).fake_gradients(fakes)
    at = fakes.clone().requires_grad_(True)
    (uphill,) = torch.autograd.grad(trainer.loss.g_loss_per_sample(trainer.discriminator(at).squeeze(1)).sum(), at)
    cosine = torch.nn.functional.cosine_similarity(arrows, -uphill, dim=1)
    pointing = arrows.norm(dim=1) > 1e-4 * arrows.norm(dim=1).max()  # a saturated D: no way, either side
    assert pointing.sum() >= 48 and (cosine[pointing] > 0.999).all(), cosine[pointing].min()


def test_the_background_hover_says_what_ds_number_means():
    """Hovering the background read "D 0.537" and no more: a student saw a number with nothing saying which end is
    real (the dot's hover explains itself; the colour bar reads "fake 0 ... 1 real"); a critic's score has no
    such ends, and says which way is real."""
    from ganlab_gl.app.canvas_widget import d_reading
    assert d_reading(0.5374, "probability") == "D 0.537 (1 = real)"
    assert d_reading(-2.5, "critic") == "critic -2.500 (higher: real)"


@pytest.mark.parametrize("side", [2.0, 0.002, 2e-6])
def test_the_hovers_place_tells_neighbouring_pixels_apart_at_any_zoom(side):
    """Zoomed 1,000 times in, 3 decimals read "x 0.766 y 0.089" over the whole canvas: the place has as many
    decimals as the view's pixels need, and never fewer than 3."""
    from ganlab_gl.app.canvas_widget import place_reading
    view = View.fit((0.7, 0.05, 0.7 + side, 0.05 + side), (1000, 1000))
    for column in range(0, 999, 37):
        here, right, below = (tuple(view.screen_to_world([column + dx + 0.5, column + dy + 0.5]))
                              for dx, dy in ((0, 0), (1, 0), (0, 1)))
        words = [place_reading(point, tuple(view.world_per_px)).split() for point in (here, right, below)]
        assert words[0][1] != words[1][1] and words[0][3] != words[2][3], words
    assert place_reading((0.76612, -0.5), (0.002, 0.002)) == "x 0.766  y -0.500"
