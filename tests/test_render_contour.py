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


def expected_alpha(layer: ContourLayer, grid: np.ndarray, grid_rect, view: View) -> np.ndarray:
    """contour.frag's alpha at every pixel centre, in float64: the bilinear patch of `grid` (rows along y, cells
    tiling `grid_rect`), its own gradient in density per pixel, every level."""
    (x0, y0, x1, y1), (width, height) = view.rect, view.viewport_px
    xs = x0 + (np.arange(width) + 0.5) / width * (x1 - x0)
    ys = y1 - (np.arange(height) + 0.5) / height * (y1 - y0)  # top row first
    world_x, world_y = np.meshgrid(xs, ys)
    rows, cols = grid.shape
    per_world = np.array([cols / (grid_rect[2] - grid_rect[0]), rows / (grid_rect[3] - grid_rect[1])])
    gx, gy = (world_x - grid_rect[0]) * per_world[0] - 0.5, (world_y - grid_rect[1]) * per_world[1] - 0.5
    i, j = np.floor(gx).astype(int), np.floor(gy).astype(int)
    wx, wy = gx - i, gy - j
    def at(di, dj):
        return grid[np.clip(j + dj, 0, rows - 1), np.clip(i + di, 0, cols - 1)]
    v00, v10, v01, v11 = at(0, 0), at(1, 0), at(0, 1), at(1, 1)
    value = (v00 * (1 - wx) + v10 * wx) * (1 - wy) + (v01 * (1 - wx) + v11 * wx) * wy
    slope_x = ((v10 - v00) * (1 - wy) + (v11 - v01) * wy) * per_world[0] * (x1 - x0) / width
    slope_y = ((v01 - v00) * (1 - wx) + (v11 - v10) * wx) * per_world[1] * (y1 - y0) / height
    gradient_px = np.maximum(np.hypot(slope_x, slope_y), 1e-12)
    half_width = 0.5 * layer.line_width_px * view.pixel_scale
    alpha = np.zeros_like(value)
    for k, level in enumerate(layer.levels):
        opacity = LEVEL_OPACITY[0] + (LEVEL_OPACITY[1] - LEVEL_OPACITY[0]) * k / max(len(layer.levels) - 1, 1)
        alpha = np.maximum(alpha, np.clip(half_width + 0.5 - np.abs(value - level) / gradient_px, 0, 1) * opacity)
    return alpha


WHOLE = View((0.05, 0.1, 0.95, 0.9), (128, 112))  # the data, in a non-square view


@pytest.mark.parametrize("case", ["whole", "zoomed-in", "hidpi"])
def test_lines_are_the_bilinear_densitys_level_sets_at_any_zoom(gl_ctx, copy_bridge, case):
    """Pixel for pixel what the grid predicts, also zoomed in to about 300 px a grid cell on a line (where a GPU's
    filtered read, weighted in steps of 1/256 of a cell, would make the value flat over pixels and its screen
    derivative useless) and at pixel scale 2 (lines twice as wide)."""
    real = torch.cat([torch.randn(60, 2, generator=torch.Generator().manual_seed(5)) * 0.08 + torch.tensor(c)
                      for c in ((0.35, 0.6), (0.65, 0.4))])
    layer = ContourLayer(gl_ctx, copy_bridge, level_count=5)
    bandwidth = layer.bandwidth_fraction * 1.0
    grid_rect = density_rect(DATA_RECT, bandwidth)
    grid = real_density_grid(real, grid_rect, layer.grid_size, bandwidth)
    grid = (grid / grid.max()).double().numpy()
    view = WHOLE
    if case == "hidpi":
        view = View(WHOLE.rect, WHOLE.viewport_px, pixel_scale=2.0)
    elif case == "zoomed-in":  # centred on the pixel of the whole view most on a line
        row, col = np.unravel_index(np.argmax(expected_alpha(layer, grid, grid_rect, WHOLE)), (112, 128))
        (x0, y0, x1, y1), cell = WHOLE.rect, (grid_rect[2] - grid_rect[0]) / layer.grid_size
        x, y, half = x0 + (col + 0.5) / 128 * (x1 - x0), y1 - (row + 0.5) / 112 * (y1 - y0), 96 / 300 * cell / 2
        view = View((x - half, y - half, x + half, y + half), (96, 96))
    try:
        layer.accept(Snapshot(0, real=real, fake=torch.zeros(0, 2), data_rect=DATA_RECT))
        layer.upload()
        alpha = render_alpha(gl_ctx, layer, view)
    finally:
        layer.release()
    expected = expected_alpha(layer, grid, grid_rect, view)
    assert expected.max() > 0.3  # a line crosses the view
    np.testing.assert_allclose(alpha, expected, atol=0.02)
