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
from ganlab_gl.core.snapshot import CRITIC_SCALE_FLOOR, critic_scale
from ganlab_gl.render.colormap import (
    COLORMAP_CAP, COLORMAP_EXACT, PRGN_STOPS, colormap_position, colormap_table, heatmap_color, prgn, to_display)
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


# GAN Lab's heatmap colours: d3-scale-chromatic 1.1.1 (GAN Lab's version) `interpolatePRGn(d)`, as node prints them.
GANLAB_COLOURS = {0.1: (115, 47, 128), 0.15: (135, 77, 151), 0.2: (154, 109, 170), 0.3: (193, 164, 205),
                  0.4: (228, 210, 230), 0.5: (239, 240, 239), 0.6: (214, 238, 209), 0.7: (162, 215, 158),
                  0.8: (92, 173, 101), 0.85: (60, 147, 77), 0.9: (33, 120, 57)}


def test_d_within_a_tenth_of_the_ends_is_drawn_in_ganlab_s_own_colours(canvas):
    """A student puts ours beside GAN Lab's page: every D its runs mostly show, [0.1, 0.9], is the very colour GAN Lab
    fills its cell with (a scale squeezed into PRGn's [0.1, 0.9] drew D = 0.8 as (135, 200, 135), not
    (92, 173, 101))."""
    cells = [list(GANLAB_COLOURS)[i % len(GANLAB_COLOURS)] for i in range(N * N)]
    image = _cell_centres(_render(canvas, torch.tensor(cells).reshape(N, N), smooth=False)) * 255
    expected = np.array([GANLAB_COLOURS[d] for d in cells]).reshape(N, N, 3)
    assert np.abs(image - expected).max() <= 2.0


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
    assert critic_scale(torch.zeros(10)).item() == pytest.approx(CRITIC_SCALE_FLOOR)
    assert critic_scale(torch.tensor([1.0, float("nan"), 2.0, float("nan")])).item() == pytest.approx(
        CRITIC_SCALE_FLOOR)  # a NaN median does not turn every cell NaN


def test_a_dead_critic_shows_flat_not_its_noise_in_full_colour():
    """A WGAN-GP critic that outputs ~1e-5 everywhere says nothing; stretched to its own spread it was drawn as
    bold green and purple regions."""
    dead = (torch.rand(64) - 0.5) * 1e-4
    shown = to_display(dead, "critic", critic_scale(dead))
    assert (shown - 0.5).abs().max().item() < 0.01
    alive = (torch.rand(64) - 0.5) * 4.0
    assert (to_display(alive, "critic", critic_scale(alive)) - 0.5).abs().max().item() > 0.2


def lightness(rgb):
    """CIE L* (0 black .. 100 white) of sRGB colour(s) in [0, 1], shape (..., 3)."""
    c = np.asarray(rgb, dtype=np.float64)
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    y = linear @ np.array([0.2126, 0.7152, 0.0722])
    return 116 * np.where(y > 216 / 24389, np.cbrt(y), (24389 / 27 * y + 16) / 116) - 16


# The cap's lightness: PRGn(0.05) has L* 22.8 (purple), PRGn(0.95) 34.5 (green); d3's own
# ends, which the heatmap showed before the cap, have 13.2 and 24.4.
CAP_LIGHTNESS = {"fake": 22.5, "real": 34.0}


@pytest.mark.parametrize(
    "kind, fake_end, moderate, real_end", [("probability", 0.0, 0.3, 1.0), ("critic", -1e6, 1.0, 1e6)]
)
def test_extreme_d_output_stays_at_the_cap(canvas, kind, fake_end, moderate, real_end):
    values = torch.full((N, N), moderate)
    values[:, 0], values[:, N - 1] = fake_end, real_end  # the most extreme D there can be
    image = _cell_centres(_render(canvas, values, kind=kind, smooth=False))
    fake, real = image[:, 0], image[:, N - 1]
    assert lightness(fake).min() >= CAP_LIGHTNESS["fake"] and lightness(real).min() >= CAP_LIGHTNESS["real"]
    assert np.abs(fake - prgn(COLORMAP_CAP)).max() <= TOLERANCE
    assert np.abs(real - prgn(1 - COLORMAP_CAP)).max() <= TOLERANCE
    assert fake[:, 2].min() > fake[:, 1].max() and real[:, 1].min() > real[:, 0].max()  # still purple, still green


def test_critic_zero_is_neutral_and_the_scale_symmetric(canvas):
    scores = (_distinct_values() - 0.5) * 40.0
    scores[0, 0] = 0.0
    scores[N - 1] = -scores[0]  # the top row mirrors the bottom one
    image = _cell_centres(_render(canvas, scores, kind="critic", smooth=False))
    neutral = image[0, 0]
    assert np.abs(neutral - heatmap_color(0.5)).max() <= TOLERANCE
    assert neutral.min() > 0.9 and np.ptp(neutral) < 0.02  # the near-white grey midpoint
    mirrored = heatmap_color(1 - to_display(scores[0], "critic", critic_scale(scores)).numpy())
    assert np.abs(image[N - 1] - mirrored).max() <= TOLERANCE


def test_critic_scores_far_from_zero_stay_pale(canvas):
    """A critic's offset is arbitrary: scores all in [40, 60] are measured against 0, not
    against their median (which painted the whole map the darkest green)."""
    scores = 40.0 + _distinct_values() * 20.0
    image = _render(canvas, scores, kind="critic", smooth=False)
    assert lightness(image).min() >= 75.0  # the pale green side, far above the cap's 44
    assert (image[..., 1] >= image[..., 0]).all()  # green: every score is above 0


def test_colormap_ends_and_midpoint():
    assert np.allclose(prgn(0.0), PRGN_STOPS[0]) and np.allclose(prgn(1.0), PRGN_STOPS[-1])  # d3's ends
    # the heatmap's ends are capped: D = 0 and 1 show as PRGn(0.05) and PRGn(0.95)
    assert np.allclose(heatmap_color(0.0), prgn(COLORMAP_CAP)) and np.allclose(heatmap_color(1.0), prgn(0.95))
    mid = heatmap_color(0.5)
    assert mid.min() > 0.9 and np.ptp(mid) < 0.02  # near-white neutral grey
    left, right = heatmap_color(0.2), heatmap_color(0.8)
    assert left[2] > left[1] and right[1] > right[0]  # purple side, green side


def test_the_colormap_is_ganlab_s_in_the_middle_and_eases_monotonely_into_the_cap():
    d = np.linspace(0.0, 1.0, 100_001)
    position = colormap_position(d)
    middle = np.abs(d - 0.5) <= COLORMAP_EXACT
    assert np.abs(position[middle] - d[middle]).max() < 1e-12  # GAN Lab's colour itself
    steps = np.diff(position) / np.diff(d)
    assert steps.min() >= 0.0 and steps.max() <= 1.0 + 1e-9  # monotone, never steeper than GAN Lab's scale
    assert np.abs(np.diff(steps)).max() < 1e-3  # no kink where the tail begins: a kink shows as a band
    assert position[0] == pytest.approx(COLORMAP_CAP) and position[-1] == pytest.approx(1 - COLORMAP_CAP)
    assert np.allclose(position, 1 - position[::-1])  # fake and real alike


def test_the_shaders_table_is_the_colormap_within_a_third_of_a_level():
    """colormap.glsl reads texel floor(D * texels) of colormap_table: at every D it is within 0.3/255 of the
    formula, so the pixels keep to 8-bit rounding."""
    table = colormap_table()
    texels = len(table)
    d = np.linspace(0.0, 1.0, 200_001)
    looked_up = table[np.clip((d * texels).astype(int), 0, texels - 1), :3]
    assert np.abs(looked_up - heatmap_color(d)).max() <= 0.3 / 255
    assert (table[:, 3] == 1.0).all() and table.dtype == np.float32


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
