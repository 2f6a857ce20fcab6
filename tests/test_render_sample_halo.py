"""Samples stay readable on any heatmap: each disc is ringed by a halo in the plot
background's colour, drawn under every disc, so a fake dot on the most saturated purple
or a real one on the most saturated green keeps an outline of WCAG non-text contrast
(3:1) all round it, and vanishes into nothing on the empty plot. A fake's disc has a dark
outline inside its halo, so on a background of its own purple it is still a filled dot.

Rendering: 128 x 128 px over the unit square, MSAA off, radius 3.5 px (the lab's default).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from ganlab_gl.core.snapshot import HeatmapProbe, Snapshot
from ganlab_gl.render.canvas import LAYER_ORDER, Canvas
from ganlab_gl.render.colormap import (FAKE_OUTLINE_PX, FAKE_OUTLINE_RGB, FAKE_RGBA, HALO_PX, HALO_RGBA, REAL_RGBA,
                                       heatmap_color)
from ganlab_gl.render.layers.samples import FakeSamplesLayer, RealSamplesLayer
from ganlab_gl.render.view import View

SIZE = (128, 128)
VIEW = View((0.0, 0.0, 1.0, 1.0), SIZE)
RADIUS_PX = 3.5
REAL, FAKE = (next(name for name, cls in LAYER_ORDER if cls is kind) for kind in (RealSamplesLayer, FakeSamplesLayer))
MIN_CONTRAST = 3.0  # WCAG 2.1, 1.4.11: graphical objects against adjacent colours


def relative_luminance(rgb255):
    c = np.asarray(rgb255, dtype=np.float64) / 255
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast_ratio(a, b):
    la, lb = relative_luminance(a), relative_luminance(b)
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


@pytest.fixture
def canvas(gl_ctx, copy_bridge):
    canvas = Canvas(gl_ctx, copy_bridge)
    for name in (REAL, FAKE):
        canvas[name].radius_px = RADIUS_PX
    yield canvas
    canvas.release()


def _render(canvas, d, points, layers):
    heatmap = HeatmapProbe(torch.full((4, 4), d), (0.0, 0.0, 1.0, 1.0), "probability")
    empty = torch.zeros(0, 2)
    snapshot = Snapshot(0, points.get("real", empty), points.get("fake", empty), heatmap=heatmap)
    return canvas.render_offscreen(snapshot, SIZE, view=VIEW, layers=layers, samples=1)[..., :3].astype(np.float64)


def _outline_all_round(image, centre, background):
    """The pixels around `centre` (up to the halo's outer edge) that contrast with
    `background` by MIN_CONTRAST: in how many of 8 directions, and how many."""
    ys, xs = np.mgrid[0 : SIZE[1], 0 : SIZE[0]]
    dx, dy = xs + 0.5 - centre[0], ys + 0.5 - centre[1]
    near = np.hypot(dx, dy) <= RADIUS_PX + HALO_PX + 1.0
    strong = near & (contrast_ratio(image, background) >= MIN_CONTRAST)
    octants = np.floor((np.arctan2(dy, dx) + math.pi) / (math.pi / 4)).astype(int) % 8
    return len(set(octants[strong & (np.hypot(dx, dy) > RADIUS_PX - 1)].tolist())), strong.sum()


@pytest.mark.parametrize("d", [0.0, 1.0], ids=["most-purple", "most-green"])
@pytest.mark.parametrize("kind", ["real", "fake"])
def test_a_sample_keeps_contrast_on_the_most_saturated_heatmap(canvas, d, kind):
    point = torch.tensor([[0.5, 0.5]])
    layer = REAL if kind == "real" else FAKE
    image = _render(canvas, d, {kind: point}, ["heatmap", layer])
    background = np.round(heatmap_color(d) * 255)
    assert np.abs(image[4, 4] - background).max() <= 2  # far from the dot: the heatmap alone
    directions, pixels = _outline_all_round(image, VIEW.world_to_screen(point.numpy())[0], background)
    assert directions == 8 and pixels >= math.pi * RADIUS_PX  # a closed outline, not a few specks
    # the disc itself is still GAN Lab's class colour over the heatmap, not covered by its halo
    rgba = REAL_RGBA if kind == "real" else FAKE_RGBA
    expected = np.round((np.array(rgba[:3]) * rgba[3] + heatmap_color(d) * (1 - rgba[3])) * 255)
    assert np.abs(image[64, 64] - expected).max() <= 3


def _disc_rim(image, centre, background, inner_px):
    """In how many of 8 directions a pixel of the disc (its centre within the disc, at least `inner_px` from its
    centre) differs from `background` by 40 levels or more in some channel."""
    ys, xs = np.mgrid[0 : SIZE[1], 0 : SIZE[0]]
    dx, dy = xs + 0.5 - centre[0], ys + 0.5 - centre[1]
    dist = np.hypot(dx, dy)
    differs = (dist >= inner_px) & (dist <= RADIUS_PX) & (np.abs(image - background).max(axis=-1) >= 40)
    octants = np.floor((np.arctan2(dy, dx) + math.pi) / (math.pi / 4)).astype(int) % 8
    return len(set(octants[differs].tolist()))


@pytest.mark.parametrize("background", ["own-purple", "most-purple-heatmap"])
def test_a_fake_on_its_own_purple_is_a_filled_dot_not_a_hollow_ring(canvas, background):
    """Where a fake's background is its own purple (its dense manifold late in training: Ring of 8), its 75% fill
    vanished into it and only the light halo showed, a hollow ring. A dark outline just inside the halo runs all
    round the disc, clearly apart from the background, and its centre is still the fake's fill."""
    point = torch.tensor([[0.5, 0.5]])
    if background == "own-purple":
        canvas.background = (*FAKE_RGBA[:3], 1.0)
        image = _render(canvas, 0.5, {"fake": point}, [FAKE])
        plain = np.round(np.array(FAKE_RGBA[:3]) * 255)
    else:
        image = _render(canvas, 0.0, {"fake": point}, ["heatmap", FAKE])
        plain = np.round(heatmap_color(0.0) * 255)
    fill = np.round((np.array(FAKE_RGBA[:3]) * FAKE_RGBA[3] + plain / 255 * (1 - FAKE_RGBA[3])) * 255)
    centre = VIEW.world_to_screen(point.numpy())[0]
    assert np.abs(image[64, 64] - fill).max() <= 3  # the fill, as GAN Lab's
    assert _disc_rim(image, centre, plain, RADIUS_PX - FAKE_OUTLINE_PX - 0.5) == 8  # closed, inside the disc
    ring = image[64, 66]  # its centre 2.5 px from the disc's: wholly the outline, in its colour
    assert np.abs(ring - np.round(np.array(FAKE_OUTLINE_RGB) * 255)).max() <= 3


@pytest.mark.parametrize("radius_px", [1.5, 2.0])
def test_a_small_fake_is_still_purple_in_the_middle(canvas, radius_px):
    """The disc radius may be set as low as 0.5 px (layer_table): a 1.5 px outline at a radius of 1.5 or less filled
    the whole disc, a dark dot that no purple in it said was a fake. The outline leaves the fill a pixel's radius."""
    point = torch.tensor([[0.5, 0.5]])
    canvas[FAKE].radius_px = radius_px
    image = _render(canvas, 0.5, {"fake": point}, [FAKE])
    grey = np.round(heatmap_color(0.5) * 255)
    fill = np.round((np.array(FAKE_RGBA[:3]) * FAKE_RGBA[3] + grey / 255 * (1 - FAKE_RGBA[3])) * 255)
    outline = np.round(np.array(FAKE_OUTLINE_RGB) * 255)
    centre = VIEW.world_to_screen(point.numpy())[0]
    middle = image[int(centre[1]), int(centre[0])]  # the pixel whose centre is nearest the disc's
    assert np.abs(middle - fill).max() < np.abs(middle - outline).max() / 2, (middle, fill, outline)


def test_a_real_keeps_its_plain_disc(canvas):
    """Reals keep GAN Lab's dot: inside its edge every pixel is the class colour over the heatmap, no outline."""
    point = torch.tensor([[0.5, 0.5]])
    image = _render(canvas, 0.3, {"real": point}, ["heatmap", REAL])
    expected = np.round((np.array(REAL_RGBA[:3]) * REAL_RGBA[3] + heatmap_color(0.3) * (1 - REAL_RGBA[3])) * 255)
    ys, xs = np.mgrid[0 : SIZE[1], 0 : SIZE[0]]
    centre = VIEW.world_to_screen(point.numpy())[0]
    inside = np.hypot(xs + 0.5 - centre[0], ys + 0.5 - centre[1]) <= RADIUS_PX - 0.5
    assert inside.sum() >= 20 and np.abs(image[inside] - expected).max() <= 3


def test_halo_vanishes_on_the_empty_plot(canvas):
    assert HALO_RGBA[:3] == tuple(canvas.background[:3])
    points = torch.tensor([[0.3, 0.5], [0.7, 0.5]])
    image = _render(canvas, 0.5, {"fake": points}, [FAKE])  # no heatmap: the plot background
    lit = (image != np.round(np.array(canvas.background[:3]) * 255)).any(axis=-1)
    assert lit.sum() == pytest.approx(len(points) * math.pi * (RADIUS_PX + 0.5) ** 2, rel=0.1)


def test_halos_lie_under_every_disc(canvas):
    """Two overlapping fakes on the darkest purple: the second's halo must not cover the
    first's disc (all rings are drawn before all discs), only show through its 25%."""
    canvas[FAKE].halo_px = 2.0  # a ring wide enough to hold a pixel clear of anti-aliasing
    points = torch.tensor([[0.5, 0.5], [0.5 + 5 / 128, 0.5]])  # centres 5 px apart
    image = _render(canvas, 0.0, {"fake": points}, ["heatmap", FAKE])
    pixel = image[64, 64]  # 0.7 px from the first centre, 4.5 px from the second: its ring
    fake, halo = np.array(FAKE_RGBA[:3]), np.array(HALO_RGBA[:3])
    assert np.abs(pixel - np.round((fake * FAKE_RGBA[3] + halo * (1 - FAKE_RGBA[3])) * 255)).max() <= 3


@pytest.mark.parametrize("halo_px", [HALO_PX, 2.0])
def test_the_whole_ring_is_drawn_around_the_disc(canvas, halo_px):
    """Outside the disc each pixel is the heatmap mixed with the halo by the ring's coverage at the pixel's centre,
    out to the ring's anti-aliased edge: no quad clips it (each pass's quad is only as large as what it draws)."""
    canvas[FAKE].halo_px = halo_px
    point = torch.tensor([[0.5 + 0.3 / 128, 0.5 - 0.2 / 128]])  # off the pixel grid
    image = _render(canvas, 0.0, {"fake": point}, ["heatmap", FAKE])
    centre = VIEW.world_to_screen(point.numpy())[0]
    ys, xs = np.mgrid[0 : SIZE[1], 0 : SIZE[0]]
    dist = np.hypot(xs + 0.5 - centre[0], ys + 0.5 - centre[1])
    ring = np.clip(RADIUS_PX + halo_px + 0.5 - dist, 0, 1) * HALO_RGBA[3]
    background, halo = heatmap_color(0.0), np.array(HALO_RGBA[:3])
    expected = np.round((background * (1 - ring[..., None]) + halo * ring[..., None]) * 255)
    outside = dist >= RADIUS_PX + 0.5  # no disc coverage
    assert (ring[outside] > 0.2).sum() > math.pi * RADIUS_PX * halo_px  # the ring is there to check
    assert np.abs(image[outside] - expected[outside]).max() <= 3


def test_the_readable_heatmap_figure_draws_gan_labs_colours_beside_ours(tmp_path, monkeypatch):
    """scripts/heatmap_readable.py (docs/RENDERING.md's figure) draws its left half with d3's whole PRGn and no
    halos, its right half as `render` draws: the left's saturated green is darker than the right's capped one, and
    only the right rings its dots in the halo's light grey (blended over 1 px: pale pixels, every channel over 100,
    where no fill, purple, green or the heatmap's, has one)."""
    import runpy
    from pathlib import Path

    from PIL import Image
    out = tmp_path / "figure.png"
    monkeypatch.setattr("sys.argv", ["heatmap_readable.py", str(out)])
    runpy.run_path(str(Path(__file__).resolve().parent.parent / "scripts" / "heatmap_readable.py"), run_name="__main__")
    figure = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert figure.shape == (400, 1288, 3) and (figure[:, 640:648] == 255).all()
    left, right = figure[:, :640], figure[:, 648:]
    assert relative_luminance(left[5, 5]) < relative_luminance(right[5, 5])
    pale = [(half.min(axis=2) > 100).sum() for half in (left, right)]
    assert pale[0] == 0 and pale[1] > 1000, pale
