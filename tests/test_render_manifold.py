"""The manifold layer: GPU cell areas, density -> opacity on screen, 1-D polylines, morph.

Rendering goes into a float32 framebuffer over a white background, so a pixel's
opacity can be recovered exactly: observed = a * colour + (1 - a) * white.
"""

from __future__ import annotations

import math

import moderngl
import numpy as np
import pytest
from render_helpers import render_float
import torch

from ganlab_gl.core import noise
from ganlab_gl.core.probes import segment_lengths, shoelace_areas
from ganlab_gl.core.snapshot import ManifoldProbe, Rect, Snapshot
from ganlab_gl.render.canvas import BACKGROUND_RGBA, Canvas
from ganlab_gl.render.colormap import FAKE_RGBA
from ganlab_gl.render.layers.manifold import (
    FOLD_RGB,
    OUTLINE_RGBA,
    OPACITY_RANGE,
    SATURATION_RATIO,
    ManifoldLayer,
    density_legend,
    density_to_opacity,
    noise_positions,
    reference_density,
)
from ganlab_gl.render.layers.noise_view import UNIT_SQUARE, MorphAnimation, NoiseViewLayer
from ganlab_gl.render.layer import DRAWN, MEASURED, UPLOADED
from ganlab_gl.render.view import View

PURPLE = np.array(FAKE_RGBA[:3])
OPACITY_TOL = 2e-3  # float32 framebuffer: only shader float rounding remains
LINEAR_A = torch.tensor([[0.6, -0.1], [0.2, 0.5]])  # rows: images of the noise axes; det 0.32
LINEAR_B = torch.tensor([0.15, 0.2])


def unit_grid(m: int) -> torch.Tensor:
    return noise.grid(m, 2)  # [j, i] = (i / m, j / m), the training core's layout


def uniform_mass(m: int) -> torch.Tensor:
    return noise.cell_mass(m, 2, "uniform")


def snapshot_of(vertices, noise_grid, mass, data_rect: Rect = (0.0, 0.0, 1.0, 1.0)) -> Snapshot:
    probe = ManifoldProbe(vertices.contiguous(), noise_grid.contiguous(), mass.contiguous())
    empty = torch.zeros(0, 2)
    return Snapshot(iteration=0, real=empty, fake=empty, manifold=probe, data_rect=data_rect)


@pytest.fixture
def make_layer(gl_ctx, copy_bridge):
    made = []

    def make(cls=ManifoldLayer, **options):
        layer = cls(gl_ctx, copy_bridge, **options)
        made.append(layer)
        return layer

    yield make
    for layer in made:
        layer.release()


def show(layer: ManifoldLayer, snapshot: Snapshot) -> ManifoldLayer:
    layer.accept(snapshot)
    layer.upload()
    return layer


def render(ctx: moderngl.Context, layer: ManifoldLayer, view: View, parts: dict[str, int] | None = None) -> np.ndarray:
    """(h, w, 4) float32 image, top row first, of `layer` over white, drawn in the steps of `parts` (None: at once)."""
    return render_float(ctx, layer, view, (1.0, 1.0, 1.0, 1.0), parts)


def opacity_at(image: np.ndarray, view: View, world_points, rgb=PURPLE) -> np.ndarray:
    """Opacity of `rgb` over white at the pixels holding `world_points` (least squares
    over the three channels)."""
    px = np.floor(view.world_to_screen(np.asarray(world_points))).astype(int)
    observed = image[px[:, 1], px[:, 0], :3]
    towards = 1.0 - np.asarray(rgb)
    return ((1.0 - observed) @ towards) / (towards @ towards)


def interior_points(vertices_of, n: int = 7) -> np.ndarray:
    """World images of an n x n lattice of noise points inside (0.1, 0.9)^2."""
    u = np.linspace(0.1, 0.9, n)
    noise_points = np.stack(np.meshgrid(u, u), axis=-1).reshape(-1, 2)
    return vertices_of(torch.tensor(noise_points, dtype=torch.float32)).numpy()


def linear_map(points: torch.Tensor) -> torch.Tensor:
    return points @ LINEAR_A + LINEAR_B


def test_transfer_function_and_legend():
    ref = 2.0
    assert density_to_opacity(0.0, ref) == pytest.approx(OPACITY_RANGE[0])
    assert density_to_opacity(SATURATION_RATIO * ref, ref) == pytest.approx(OPACITY_RANGE[1])
    assert density_to_opacity(1e30, ref) == pytest.approx(OPACITY_RANGE[1])
    middle = math.log(2.0) / math.log1p(SATURATION_RATIO)  # density = ref
    assert density_to_opacity(ref, ref) == pytest.approx(0.1 + 0.8 * middle)
    legend = density_legend(ref)
    assert [e.density for e in legend] == pytest.approx([e.ratio * ref for e in legend])
    assert np.all(np.diff([e.opacity for e in legend]) > 0)
    assert reference_density((0, 0, 2, 3), 2) == pytest.approx(1 / 6)
    assert reference_density((0, 0, 2, 8), 1) == pytest.approx(1 / 4)


def test_the_legend_is_made_once_and_follows_what_it_shows(make_layer):
    """The legend panel asks every frame: the same entries come back (not rebuilt), and new ones the moment the
    data's rect (the even spread), a set reference or the saturation changes."""
    layer = make_layer()
    show(layer, snapshot_of(unit_grid(4), unit_grid(4), uniform_mass(4), data_rect=(0.0, 0.0, 2.0, 2.0)))
    assert layer.legend is layer.legend
    expected = density_legend.__wrapped__  # the entries as made afresh
    assert layer.legend == expected(reference_density((0.0, 0.0, 2.0, 2.0), 2), SATURATION_RATIO)
    for change in (lambda: setattr(layer, "saturation_ratio", 4.0),
                   lambda: show(layer, snapshot_of(unit_grid(4), unit_grid(4), uniform_mass(4),
                                                   data_rect=(0.0, 0.0, 5.0, 5.0))),
                   lambda: setattr(layer, "density_ref", 3.0)):
        before = layer.legend
        change()
        assert layer.legend == expected(layer.resolved_density_ref, layer.saturation_ratio)
        assert layer.legend != before


def test_morph_animation_clock():
    clock = MorphAnimation(duration_s=2.0)
    assert clock.value(5.0) == 1.0 and not clock.playing(5.0)
    clock.start(10.0)
    assert clock.value(10.0) == 0.0
    assert clock.value(11.0) == pytest.approx(0.5)
    assert clock.value(10.5) == pytest.approx(0.0625)  # cubic in-out: 4 t^3 at t = 1/4
    assert clock.playing(11.9) and not clock.playing(12.0)
    assert clock.value(13.0) == 1.0


def test_gpu_areas_match_shoelace_including_folds(make_layer):
    m = 12
    grid = unit_grid(m)
    x, y = grid[..., 0], grid[..., 1]
    # Wavy x' turns over near x = 0.5 (dx'/dx = 1 + 1.57 cos 2 pi x < 0), plus jitter.
    warped = torch.stack([x + 0.25 * torch.sin(2 * math.pi * x), y + 0.1 * torch.sin(3 * x + 2 * y)], dim=-1)
    warped = warped + 0.01 * torch.randn(warped.shape, generator=torch.Generator().manual_seed(1))
    layer = show(make_layer(), snapshot_of(warped + 3.0, grid, uniform_mass(m)))  # offset: precision away from 0
    gpu = layer.read_cell_areas()
    # The core's textbook shoelace sum, in float64; the shader uses the diagonal form.
    reference = shoelace_areas(warped.double()).numpy()
    assert gpu.shape == (m, m)
    assert (reference < 0).sum() >= m and (reference > 0).sum() >= m, "the map must fold some cells, not all"
    np.testing.assert_allclose(gpu, reference, rtol=0, atol=2e-6)
    np.testing.assert_array_equal(np.sign(gpu), np.sign(reference))
    np.testing.assert_allclose(layer.read_cell_densities(), (1 / m**2) / np.abs(reference), rtol=2e-3)


def test_linear_map_has_uniform_density_and_matching_opacity(make_layer, gl_ctx):
    m = 8
    grid = unit_grid(m)
    layer = show(make_layer(), snapshot_of(linear_map(grid), grid, uniform_mass(m)))
    det = float(torch.linalg.det(LINEAR_A))
    np.testing.assert_allclose(layer.read_cell_areas(), det / m**2, rtol=1e-5)
    np.testing.assert_allclose(layer.read_cell_densities(), 1 / det, rtol=1e-5)
    view = View((0.0, 0.0, 1.0, 1.0), (64, 64))
    image = render(gl_ctx, layer, view)
    expected = density_to_opacity(1 / det, reference_density((0, 0, 1, 1), 2))
    np.testing.assert_allclose(opacity_at(image, view, interior_points(linear_map)), expected, atol=OPACITY_TOL)
    outside = image[:2, :2, :3]  # the top-left corner lies outside the parallelogram
    np.testing.assert_allclose(outside, 1.0)


def test_stretched_half_has_half_the_density(make_layer, gl_ctx):
    m = 8
    grid = unit_grid(m)

    def stretch(points: torch.Tensor) -> torch.Tensor:
        x = points[..., 0]
        return torch.stack([torch.where(x > 0.5, 0.5 + 2 * (x - 0.5), x), points[..., 1]], dim=-1)

    data_rect = (0.0, 0.0, 1.5, 1.0)
    layer = show(make_layer(), snapshot_of(stretch(grid), grid, uniform_mass(m), data_rect))
    densities = layer.read_cell_densities()
    left, right = densities[:, : m // 2], densities[:, m // 2 :]
    np.testing.assert_allclose(left, 1.0, rtol=1e-5)
    np.testing.assert_allclose(left / right, 2.0, rtol=1e-5)
    view = View(data_rect, (96, 64))
    image = render(gl_ctx, layer, view)
    ref = reference_density(data_rect, 2)
    for half, density in (((0.05, 0.45), 1.0), ((0.55, 0.95), 0.5)):
        lattice = np.stack(np.meshgrid(np.linspace(*half, 5), np.linspace(0.1, 0.9, 5)), axis=-1).reshape(-1, 2)
        opacities = opacity_at(image, view, stretch(torch.tensor(lattice, dtype=torch.float32)).numpy())
        np.testing.assert_allclose(opacities, density_to_opacity(density, ref), atol=OPACITY_TOL)
    assert density_to_opacity(1.0, ref) - density_to_opacity(0.5, ref) > 20 * OPACITY_TOL  # tells them apart


def test_equal_density_looks_equal_at_any_resolution(make_layer, gl_ctx):
    view = View((0.0, 0.0, 1.0, 1.0), (64, 64))
    points = interior_points(linear_map)
    opacities = []
    for m in (16, 64):
        grid = unit_grid(m)
        layer = show(make_layer(), snapshot_of(linear_map(grid), grid, uniform_mass(m)))
        opacities.append(opacity_at(render(gl_ctx, layer, view), view, points))
    expected = density_to_opacity(1 / float(torch.linalg.det(LINEAR_A)), 1.0)
    np.testing.assert_allclose(opacities[0], expected, atol=OPACITY_TOL)
    np.testing.assert_allclose(opacities[1], opacities[0], atol=OPACITY_TOL)


def test_dispatches_cover_their_indices_within_gls_limit():
    from ganlab_gl.render.gl import MAX_WORK_GROUPS, covering_groups
    for cells in (1, 63, 64, 65, 2047**2, 2048**2, 4096**2):
        x, y = covering_groups(cells, 64)
        assert x <= MAX_WORK_GROUPS and x * y * 64 >= cells > (x * y - x) * 64, cells


def test_the_largest_manifold_is_measured_like_a_small_one(make_layer, gl_ctx):
    """At manifold_res 2048 (the setting's top) the measuring pass asked for 65,536 work groups in x, one more
    than GL allows: it did nothing and the sheet drew almost transparent."""
    m = 2048
    grid = unit_grid(m)
    layer = show(make_layer(), snapshot_of(linear_map(grid), grid, uniform_mass(m)))
    densities = layer.read_cell_densities()
    assert densities.shape == (m, m)
    np.testing.assert_allclose(densities[::97, ::89], 1 / float(torch.linalg.det(LINEAR_A)), rtol=1e-3)
    np.testing.assert_allclose(densities[-1, -1], densities[0, 0], rtol=1e-3)  # the last cells too


def test_a_mirrored_sheet_has_negative_areas_but_no_folds(make_layer, gl_ctx):
    m = 4
    grid = unit_grid(m)
    mirrored = torch.stack([1.0 - 0.5 * grid[..., 0], grid[..., 1]], dim=-1)  # every cell turned over, area halved
    layer = show(make_layer(show_folds=True), snapshot_of(mirrored, grid, uniform_mass(m)))
    np.testing.assert_allclose(layer.read_cell_areas(), -0.5 / m**2, rtol=1e-5)
    np.testing.assert_allclose(layer.read_cell_densities(), 2.0, rtol=1e-5)
    view = View((0.0, 0.0, 1.0, 1.0), (32, 32))
    points = [[0.75, 0.5], [0.6, 0.2], [0.9, 0.8]]
    opacities = opacity_at(render(gl_ctx, layer, view), view, points)  # purple: the fit is exact only for it
    np.testing.assert_allclose(opacities, density_to_opacity(2.0, 1.0), atol=OPACITY_TOL)


def test_cells_folded_back_over_the_sheet_are_tinted(make_layer, gl_ctx):
    m = 8
    grid = unit_grid(m)
    x = grid[..., 0]
    # The last quarter folds back over (0.625, 0.75] at half scale: columns 6, 7 turn over.
    folded_x = torch.where(x > 0.75, 0.75 - 0.5 * (x - 0.75), x)
    vertices = torch.stack([folded_x, grid[..., 1]], dim=-1)
    layer = show(make_layer(show_folds=True), snapshot_of(vertices, grid, uniform_mass(m)))
    areas = layer.read_cell_areas()
    np.testing.assert_allclose(areas[:, :6], 1 / m**2, rtol=1e-5)
    np.testing.assert_allclose(areas[:, 6:], -0.5 / m**2, rtol=1e-5)
    view = View((0.0, 0.0, 1.0, 1.0), (64, 64))
    image = render(gl_ctx, layer, view)
    flat, folded = density_to_opacity(1.0, 1.0), density_to_opacity(2.0, 1.0)
    np.testing.assert_allclose(opacity_at(image, view, [[0.3, 0.5], [0.55, 0.2]]), flat, atol=OPACITY_TOL)
    # Over (0.625, 0.75): column 5 in purple, then the folded cells in orange on top.
    under = flat * PURPLE + (1 - flat)
    expected = folded * np.array(FOLD_RGB) + (1 - folded) * under
    px = np.floor(view.world_to_screen(np.array([[0.69, 0.3], [0.7, 0.8]]))).astype(int)
    np.testing.assert_allclose(image[px[:, 1], px[:, 0], :3], np.broadcast_to(expected, (2, 3)), atol=OPACITY_TOL)


def test_polyline_opacity_follows_segment_length(make_layer, gl_ctx):
    xs = torch.tensor([0.0, 0.1, 0.3, 0.6, 1.0])
    vertices = torch.stack([xs, torch.full_like(xs, 0.5)], dim=-1)
    noise_1d = noise.grid(4, 1)
    mass = torch.full((4,), 0.25)
    layer = show(make_layer(line_width_px=6.0), snapshot_of(vertices, noise_1d, mass))
    lengths = segment_lengths(vertices).numpy()
    np.testing.assert_allclose(layer.read_cell_areas(), lengths, rtol=1e-5)
    np.testing.assert_allclose(layer.read_cell_densities(), 0.25 / lengths, rtol=1e-5)
    view = View((-0.05, 0.4, 1.05, 0.6), (176, 32))
    image = render(gl_ctx, layer, view)
    # Every pixel along the line, joints included (butt ends: no segment blends twice).
    centres_x = view.screen_to_world(np.stack([np.arange(176) + 0.5, np.full(176, 15.5)], axis=-1))[:, 0]
    segment = np.searchsorted(xs.numpy(), centres_x) - 1
    on_line = (segment >= 0) & (segment < 4)
    along = np.stack([centres_x, np.full(176, 0.505)], axis=-1)
    expected = density_to_opacity(0.25 / lengths, reference_density((0, 0, 1, 1), 1))
    np.testing.assert_allclose(opacity_at(image, view, along[on_line]), expected[segment[on_line]], atol=OPACITY_TOL)
    np.testing.assert_allclose(opacity_at(image, view, along[~on_line]), 0.0, atol=1e-6)
    off_line = np.stack([centres_x, np.full(176, 0.45)], axis=-1)  # 8 px away from a 6 px line
    np.testing.assert_allclose(opacity_at(image, view, off_line), 0.0, atol=1e-6)


def test_collapsed_segment_shows_as_a_saturated_dot(make_layer, gl_ctx):
    vertices = torch.tensor([[0.4, 0.6], [0.4, 0.6]])  # G maps all 1-D noise to one point
    layer = show(make_layer(line_width_px=4.0), snapshot_of(vertices, noise.grid(1, 1), torch.ones(1)))
    assert layer.read_cell_areas()[0] == 0.0
    assert np.isfinite(layer.read_cell_densities()[0])
    view = View((0.0, 0.0, 1.0, 1.0), (40, 40))  # 4 px dot covering pixels 14..17 x 14..17 (row 0 on top)
    image = render(gl_ctx, layer, view)
    np.testing.assert_allclose(opacity_at(image, view, [[0.4, 0.6], [0.36, 0.64]]), OPACITY_RANGE[1], atol=OPACITY_TOL)
    assert covered(image).sum() == 16

def covered(image: np.ndarray) -> np.ndarray:
    return np.any(image[..., :3] < 1.0 - 1e-4, axis=-1)


def square_mask(view: View, x0: float, x1: float) -> tuple[np.ndarray, np.ndarray]:
    """Pixels whose centres lie inside the square [x0, x1]^2, and those a pixel or
    more away from its border (where coverage is unambiguous)."""
    width, height = view.viewport_px
    cols, rows = np.meshgrid(np.arange(width) + 0.5, np.arange(height) + 0.5)
    world = view.screen_to_world(np.stack([cols, rows], axis=-1))
    inside = np.all((world > x0) & (world < x1), axis=-1)
    margin = view.world_per_px.max()
    distance = np.max(np.abs(world - (x0 + x1) / 2), axis=-1) - (x1 - x0) / 2
    return inside, np.abs(distance) > margin


def test_morph_moves_the_mesh_from_noise_to_output(make_layer, gl_ctx):
    m = 6
    grid = unit_grid(m)
    layer = show(make_layer(), snapshot_of(0.5 * grid + 1.5, grid, uniform_mass(m)))
    layer.noise_rect = UNIT_SQUARE
    view = View((-0.25, -0.25, 2.25, 2.25), (80, 80))
    for morph, (x0, x1) in ((0.0, (0.0, 1.0)), (0.5, (0.75, 1.5)), (1.0, (1.5, 2.0))):
        layer.morph = morph
        inside, clear = square_mask(view, x0, x1)
        drawn = covered(render(gl_ctx, layer, view))
        np.testing.assert_array_equal(drawn[clear], inside[clear], err_msg=f"morph {morph}")
        np.testing.assert_allclose(layer.read_cell_areas(), ((x1 - x0) / m) ** 2, rtol=1e-5)


def test_noise_view_shades_noise_cells_by_their_mass(make_layer, gl_ctx):
    m = 4
    grid = unit_grid(m)
    centres = (torch.arange(m) + 0.5) / m
    weight = torch.exp(-4 * (centres[None, :] - 0.5) ** 2 - 10 * (centres[:, None] - 0.3) ** 2)  # [j, i]: y, x
    mass = weight / weight.sum()  # a Gaussian-like noise, asymmetric so a transposition would show
    layer = show(make_layer(NoiseViewLayer), snapshot_of(grid + 10.0, grid, mass, data_rect=(10, 10, 11, 11)))
    view = View(UNIT_SQUARE, (32, 32))
    image = render(gl_ctx, layer, view)
    cell_centres = np.stack(np.meshgrid(centres.numpy(), centres.numpy()), axis=-1).reshape(-1, 2)
    expected = density_to_opacity(mass.numpy().reshape(-1) * m**2, 1.0)
    np.testing.assert_allclose(opacity_at(image, view, cell_centres), expected, atol=OPACITY_TOL)
    assert np.ptp(expected) > 20 * OPACITY_TOL


def test_canvas_draws_the_manifold_with_its_blending(gl_ctx, copy_bridge):
    m = 8
    grid = unit_grid(m)
    canvas = Canvas(gl_ctx, copy_bridge, ["manifold"])
    try:
        view = View((0.0, 0.0, 1.0, 1.0), (48, 48))
        image = canvas.render_offscreen(snapshot_of(linear_map(grid), grid, uniform_mass(m)), (48, 48), view, samples=1)
    finally:
        canvas.release()
    points = interior_points(linear_map)
    px = np.floor(view.world_to_screen(points)).astype(int)
    observed = image[px[:, 1], px[:, 0], :3] / 255
    alpha = density_to_opacity(1 / float(torch.linalg.det(LINEAR_A)), 1.0)
    expected = alpha * PURPLE + (1 - alpha) * np.array(BACKGROUND_RGBA[:3])
    np.testing.assert_allclose(observed, np.broadcast_to(expected, observed.shape), atol=1.5 / 255)


def test_outlines_trace_the_cell_edges(make_layer, gl_ctx):
    m = 4
    grid = unit_grid(m)
    layer = show(make_layer(outlines=True, line_width_px=4.0), snapshot_of(grid, grid, uniform_mass(m)))
    view = View((0.0, 0.0, 1.0, 1.0), (32, 32))  # outlines 2 px wide, centred on multiples of 8 px
    image = render(gl_ctx, layer, view)
    fill = density_to_opacity(1.0, 1.0)
    on_edge = [[0.49, 0.6], [0.51, 0.3], [0.6, 0.26], [0.3, 0.74]]
    np.testing.assert_allclose(opacity_at(image, view, [[0.625, 0.375]]), fill, atol=OPACITY_TOL)
    over_fill = 1 - (1 - fill) * (1 - OUTLINE_RGBA[3])
    np.testing.assert_allclose(opacity_at(image, view, on_edge), over_fill, atol=OPACITY_TOL)


def test_outlines_along_every_second_grid_line(make_layer, gl_ctx):
    """The overview's generator picture draws every 2nd grid line, and the outer ones: GAN Lab's open mesh."""
    m = 4
    grid = unit_grid(m)
    layer = make_layer(outlines=True, line_width_px=4.0)
    layer.outline_every = 2
    show(layer, snapshot_of(grid, grid, uniform_mass(m)))
    view = View((0.0, 0.0, 1.0, 1.0), (32, 32))  # grid lines at multiples of 8 px; drawn at 0, 16 and 32
    image = render(gl_ctx, layer, view)
    fill = density_to_opacity(1.0, 1.0)
    over_fill = 1 - (1 - fill) * (1 - OUTLINE_RGBA[3])
    np.testing.assert_allclose(opacity_at(image, view, [[0.49, 0.6], [0.6, 0.51], [0.99, 0.3]]), over_fill,
                               atol=OPACITY_TOL)
    np.testing.assert_allclose(opacity_at(image, view, [[0.24, 0.6], [0.6, 0.76]]), fill, atol=OPACITY_TOL)


def test_manifold_disappears_when_the_noise_has_no_grid(make_layer, gl_ctx):
    from dataclasses import replace
    grid = unit_grid(8)
    snapshot = snapshot_of(grid, grid, uniform_mass(8))
    layer = show(make_layer(), snapshot)
    view = View((0.0, 0.0, 1.0, 1.0), (32, 32))
    assert (render(gl_ctx, layer, view)[..., :3] < 0.99).any()
    show(layer, replace(snapshot, manifold=None))  # noise of more than 2 dimensions
    np.testing.assert_allclose(render(gl_ctx, layer, view)[..., :3], 1.0)  # only the white background


def test_an_upload_and_measure_in_steps_give_the_cells_of_one_pass(make_layer, gl_ctx):
    """A banded draw uploads a 2048² grid's buffers in parts and measures its cells a band of rows at a time
    (0.1 to 0.3 s each in one frame, loaded): the measures are those of one pass, the orientation too. An upload
    left unfinished (the view moved) counts nothing it began as uploaded: the picture before, shown again, is
    written whole, not taken for the buffers' partly overwritten contents."""
    def warped(m: int) -> Snapshot:
        grid = unit_grid(m)  # mirrored and waved: a sheet facing the other way
        return snapshot_of(torch.stack([1.0 - grid[..., 0] - 0.1 * torch.sin(7 * grid[..., 1]), grid[..., 1]], -1),
                           grid, uniform_mass(m))
    small, large = warped(12), warped(24)
    whole = show(make_layer(show_folds=True), large)
    banded = show(make_layer(show_folds=True), small)
    banded.accept(large)
    upload = banded.upload_steps(512)
    assert {step.work for step in upload} == {UPLOADED} and max(step.units for step in upload) <= 512
    for step in upload[:-2]:  # all but the last part of the masses: then a move
        step.call()
    show(banded, small)
    probe = small.manifold
    for name, tensor in (("output", probe.vertices), ("noise", noise_positions(probe.noise_grid)),
                         ("mass", probe.cell_mass)):
        assert banded.buffers[name].buffer.read() == tensor.contiguous().numpy().tobytes(), name
    banded.accept(large)
    for step in banded.upload_steps(512):
        step.call()
    m = 24
    steps = banded.draw_steps(View((0.0, 0.0, 1.0, 1.0), (32, 32)), {DRAWN: 5 * m, MEASURED: 5 * m})
    measured = [step for step in steps if step.work == MEASURED]
    assert [step.units for step in measured] == [5 * m] * 4 + [4 * m]
    for step in measured:
        step.call()
    assert np.array_equal(banded._read_cells(), whole._read_cells())
    orientation = np.frombuffer(banded._orientation.read(), np.float32)[0]
    assert orientation == np.frombuffer(whole._orientation.read(), np.float32)[0] == -1.0


def test_outlines_drawn_in_bands_are_the_outlines_drawn_at_once(make_layer, gl_ctx):
    """A banded draw (the lab's at 2048², `render`'s that says its progress) outlined the cells in one step: 8.4
    million edges, a 3 to 10 s frame on llvmpipe. They come in the fill's bands, as cells drawn, each a share of the
    edges: together the pixels of one draw."""
    m = 12
    grid = unit_grid(m)
    snapshot = snapshot_of(linear_map(grid.reshape(-1, 2)).reshape(grid.shape), grid, uniform_mass(m))
    view = View((-0.5, -0.5, 1.5, 1.5), (48, 48))
    layer = show(make_layer(outlines=True, line_width_px=4.0), snapshot)
    whole = render(gl_ctx, layer, view)
    parts = {DRAWN: 5 * m, MEASURED: 5 * m}
    assert [(step.work, step.units) for step in layer.draw_steps(view, parts)] == [
        (DRAWN, 5 * m), (DRAWN, 5 * m), (DRAWN, 2 * m)] * 2  # filled, then outlined
    assert (whole != render(gl_ctx, show(make_layer(line_width_px=4.0), snapshot), view)).any()  # outlines seen
    assert np.array_equal(render(gl_ctx, layer, view, parts), whole)
