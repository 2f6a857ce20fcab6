"""D's heatmap: pixels at cell centres carry exactly the colormap of the cell's value.

Geometry: 8 x 8 cells on 120 x 120 px, 15 px per cell, so cell (j, i)'s centre is the
centre of pixel (7 + 15 i, 7 + 15 j) counted from the bottom-left. Tolerance: 2/255
per channel (8-bit rounding plus float32 arithmetic in the shader).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from ganlab_gl.core.snapshot import HeatmapProbe, Snapshot
from ganlab_gl.render.canvas import Canvas
from ganlab_gl.core.snapshot import critic_scale
from ganlab_gl.render.colormap import PRGN_STOPS, heatmap_color, to_display
from ganlab_gl.render.view import View

pytestmark = pytest.mark.gl

N, CELL_PX = 8, 15
SIZE = (N * CELL_PX, N * CELL_PX)
RECT = (-1.0, 2.0, 1.0, 4.0)
TOLERANCE = 2 / 255


@pytest.fixture
def canvas(gl_ctx, copy_bridge):
    canvas = Canvas(gl_ctx, copy_bridge, ["heatmap"])
    yield canvas
    canvas.release()


def _render(canvas, values, kind="probability", smooth=True):
    canvas["heatmap"].smooth = smooth
    snapshot = Snapshot(0, torch.zeros(0, 2), torch.zeros(0, 2), heatmap=HeatmapProbe(values, RECT, kind))
    image = canvas.render_offscreen(snapshot, SIZE, view=View(RECT, SIZE), samples=1)
    return image[::-1, :, :3].astype(np.float64) / 255  # bottom row first, like the grid


def _cell_centres(image):
    centre = CELL_PX // 2
    return image[centre::CELL_PX, centre::CELL_PX]


def _distinct_values():
    # all different, spread over [0, 1], no symmetry: row/column mix-ups would show
    return torch.randperm(N * N, generator=torch.Generator().manual_seed(1)).reshape(N, N).float() / (N * N - 1)


@pytest.mark.parametrize("smooth", [True, False])
def test_cell_centres_match_the_colormap(canvas, smooth):
    values = _distinct_values()
    image = _render(canvas, values, smooth=smooth)
    assert np.abs(_cell_centres(image) - heatmap_color(values.numpy())).max() <= TOLERANCE


def test_smooth_interpolates_values_then_colours_crisp_does_not(canvas):
    values = torch.zeros(N, N)
    values[:, 4:] = 1.0  # a vertical edge between cell columns 3 and 4, at pixel x = 60
    smooth = _render(canvas, values, smooth=True)
    crisp = _render(canvas, values, smooth=False)
    row = smooth.shape[0] // 2
    for x in (55, 58, 61, 64):  # pixel centres x + 0.5 between the cell centres 52.5 and 67.5
        t = (x + 0.5 - 52.5) / CELL_PX
        assert np.abs(smooth[row, x] - heatmap_color(t)).max() <= TOLERANCE
        assert np.abs(crisp[row, x] - heatmap_color(float(x >= 60))).max() <= TOLERANCE


def test_critic_scores_are_squashed_with_the_documented_function(canvas):
    scores = (_distinct_values() - 0.5) * 40.0
    image = _render(canvas, scores, kind="critic", smooth=False)
    expected = torch.sigmoid(scores / critic_scale(scores)).numpy()
    assert np.abs(_cell_centres(image) - heatmap_color(expected)).max() <= TOLERANCE


def test_critic_scale_is_robust_and_zero_is_the_midpoint():
    scores = torch.linspace(-1.0, 1.0, 101)
    with_outlier = scores.clone()
    with_outlier[0] = -1e6
    assert critic_scale(with_outlier).item() == pytest.approx(critic_scale(scores).item(), rel=0.05)
    assert to_display(torch.zeros(3), "critic", torch.tensor(2.0)).tolist() == [0.5, 0.5, 0.5]
    assert critic_scale(torch.zeros(10)).item() == 1.0


def test_colormap_ends_and_midpoint():
    assert np.allclose(heatmap_color(0.0), PRGN_STOPS[0]) and np.allclose(heatmap_color(1.0), PRGN_STOPS[-1])
    mid = heatmap_color(0.5)
    assert mid.min() > 0.9 and np.ptp(mid) < 0.02  # near-white neutral grey
    left, right = heatmap_color(0.2), heatmap_color(0.8)
    assert left[2] > left[1] and right[1] > right[0]  # purple side, green side


def test_heatmap_covers_only_its_rect(gl_ctx, copy_bridge):
    canvas = Canvas(gl_ctx, copy_bridge, ["heatmap"])
    try:
        snapshot = Snapshot(
            0, torch.zeros(0, 2), torch.zeros(0, 2), heatmap=HeatmapProbe(torch.ones(4, 4), RECT, "probability")
        )
        view = View((-2.0, 1.0, 2.0, 5.0), (64, 64))  # the rect is the middle half of the view
        image = canvas.render_offscreen(snapshot, (64, 64), view=view, samples=1)[..., :3]
        background = np.round(np.array(canvas.background[:3]) * 255)
        inside, outside = image[16:48, 16:48], np.concatenate([image[:16].reshape(-1, 3), image[48:].reshape(-1, 3)])
        assert np.abs(inside / 255 - heatmap_color(1.0)).max() <= TOLERANCE
        assert (outside == background).all()
    finally:
        canvas.release()
