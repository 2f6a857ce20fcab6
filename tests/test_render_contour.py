"""The real-density contour: the kernel density grid, and iso-lines where it predicts.

Geometry of the drawing test: all real samples sit at one point, so the density is one
Gaussian of bandwidth h and the level k / (n + 1) of its peak is the circle of radius
h * sqrt(2 ln((n + 1) / k)) around it. Lines are drawn into a float32 framebuffer
cleared to transparent, so the framebuffer's alpha is the lines' alpha.
"""

from __future__ import annotations

import math

import moderngl
import numpy as np
import pytest
from render_helpers import render_float
import torch

from ganlab_gl.core.snapshot import Snapshot
from ganlab_gl.render.layers.contour import LEVEL_OPACITY, ContourLayer, density_rect, real_density_grid
from ganlab_gl.render.view import View

DATA_RECT = (0.0, 0.0, 1.0, 1.0)
CENTRE = (0.42, 0.58)  # off the grid's centre and diagonal, so a row/column mix-up moves the rings
BANDWIDTH_FRACTION = 0.15  # wide rings, several pixels apart at 160 px per unit
VIEW = View((0.1, 0.1, 0.9, 0.9), (128, 128))
RADIUS_TOL_PX = 1.5  # half the 1.5 px line width, the 0.5 px antialiasing ramp, and the pixel grid


def test_density_grid_is_the_gaussian_kernel_estimate():
    real = torch.rand(50, 2, generator=torch.Generator().manual_seed(3))
    rect, size, h = (-0.2, 0.1, 1.1, 0.9), 12, 0.07
    grid = real_density_grid(real, rect, size, h).numpy()
    xs = rect[0] + (np.arange(size) + 0.5) * (rect[2] - rect[0]) / size
    ys = rect[1] + (np.arange(size) + 0.5) * (rect[3] - rect[1]) / size
    points = np.stack(np.meshgrid(xs, ys), axis=-1)  # [j, i] = (x_i, y_j)
    squared = ((points[:, :, None, :] - real.numpy()[None, None]) ** 2).sum(-1)
    reference = np.exp(-squared / (2 * h * h)).sum(-1) / (len(real) * 2 * math.pi * h * h)
    np.testing.assert_allclose(grid, reference, rtol=1e-4, atol=1e-7)


def render_alpha(ctx: moderngl.Context, layer: ContourLayer, view: View) -> np.ndarray:
    """(h, w) alpha of what `layer` draws, top row first."""
    return render_float(ctx, layer, view, (0.0, 0.0, 0.0, 0.0))[:, :, 3]


@pytest.mark.gl
def test_isolines_lie_on_the_predicted_circles(gl_ctx, copy_bridge):
    layer = ContourLayer(gl_ctx, copy_bridge, bandwidth_fraction=BANDWIDTH_FRACTION, level_count=5)
    try:
        real = torch.tensor([CENTRE] * 20)
        layer.accept(Snapshot(0, real=real, fake=torch.zeros(0, 2), data_rect=DATA_RECT))
        layer.upload()
        alpha = render_alpha(gl_ctx, layer, VIEW)
    finally:
        layer.release()
    px_per_unit = VIEW.viewport_px[0] / (VIEW.rect[2] - VIEW.rect[0])
    radii_px = [BANDWIDTH_FRACTION * math.sqrt(2 * math.log(1 / level)) * px_per_unit for level in layer.levels]
    assert min(abs(a - b) for a, b in zip(radii_px, radii_px[1:])) > 4 * RADIUS_TOL_PX  # rings apart
    cols, rows = np.meshgrid(np.arange(128) + 0.5, np.arange(128) + 0.5)
    centre_px = VIEW.world_to_screen(np.array(CENTRE))
    radius = np.hypot(cols - centre_px[0], rows - centre_px[1])
    angle = np.arctan2(rows - centre_px[1], cols - centre_px[0])
    distance_to_ring = np.min([np.abs(radius - r) for r in radii_px], axis=0)
    assert distance_to_ring[alpha > 0.05].max() <= RADIUS_TOL_PX, "ink away from every predicted ring"
    angle_bins = np.linspace(-math.pi, math.pi, 33)
    for r in radii_px:
        on_ring = np.abs(radius - r) < 0.75
        inked = np.histogram(angle[on_ring & (alpha > 0.2)], angle_bins)[0]
        assert np.all(inked > 0), f"ring of radius {r:.1f} px has gaps"
    for k, r in enumerate(radii_px):  # ink across a line: its width, at its level's opacity (levels rise inwards)
        annulus = np.abs(radius - r) < 2.5
        opacity = LEVEL_OPACITY[0] + (LEVEL_OPACITY[1] - LEVEL_OPACITY[0]) * k / (len(radii_px) - 1)
        width_px = alpha[annulus].sum() / (2 * math.pi * r) / opacity
        assert width_px == pytest.approx(layer.line_width_px, rel=0.25), f"ring of radius {r:.1f} px"
    innermost = np.abs(radius - radii_px[-1]) < 0.5
    outermost = np.abs(radius - radii_px[0]) < 0.5
    assert alpha[innermost].max() > alpha[outermost].max() + 0.3  # higher levels drawn stronger


def test_density_rect_leaves_room_for_the_kernel():
    assert density_rect((0.0, 1.0, 2.0, 3.0), 0.1) == pytest.approx((-0.3, 0.7, 2.3, 3.3))
