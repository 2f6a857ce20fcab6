"""A whole scene against a golden image, plus canvas-level behaviour (HiDPI, PNG out).

Golden: `tests/golden/scene.png`, every data-space layer of a hand-built deterministic
snapshot at 160 x 120 px with 4x MSAA, made on Mesa llvmpipe. Tolerance: mean absolute
difference <= 1.0 level (of 255) over all channels, and at most 1% of pixels off by
more than 24 levels in any channel: room for another rasteriser's MSAA sample pattern
and float rounding at edges, none for a moved, missing or recoloured layer.
Regenerate after an intended visual change with
    PYTHONPATH=. .venv/bin/python tests/test_render_scene.py --regenerate
and look at the new image before committing it.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from ganlab_gl.core.snapshot import HeatmapProbe, ManifoldProbe, Snapshot
from ganlab_gl.render.canvas import DATA_LAYERS, LAYER_ORDER, Canvas
from ganlab_gl.render.headless import render_png
from ganlab_gl.render.view import View

GOLDEN = Path(__file__).parent / "golden" / "scene.png"
SIZE = (160, 120)
MEAN_TOLERANCE, PIXEL_TOLERANCE, OUTLIER_FRACTION = 1.0, 24, 0.01


def scene_snapshot() -> Snapshot:
    """No random numbers: every tensor is a closed-form function of its index."""
    k = torch.arange(120, dtype=torch.float32)
    angle = k * (2 * math.pi / 120)
    ring = 0.3 + 0.03 * torch.sin(7 * angle)
    real = torch.stack([0.5 + ring * torch.cos(angle), 0.5 + ring * torch.sin(angle)], dim=1)
    j = torch.arange(24, dtype=torch.float32)
    fake = torch.stack([0.36 + 0.26 * (j % 6) / 5, 0.38 + 0.24 * (j // 6) / 3], dim=1)
    outward = fake - 0.5
    xs = (torch.arange(32, dtype=torch.float32) + 0.5) / 32
    y, x = torch.meshgrid(xs, xs, indexing="ij")
    radius = torch.hypot(x - 0.5, y - 0.5)
    d_grid = torch.sigmoid(12 * (0.12 - (radius - 0.3).abs())) * 0.8 + 0.1 * x
    m = 8
    u = torch.arange(m + 1, dtype=torch.float32) / m
    nv, nu = torch.meshgrid(u, u, indexing="ij")
    noise_grid = torch.stack([nu, nv], dim=-1)
    vertices = torch.stack([0.3 + 0.35 * nu + 0.05 * nv**2, 0.25 + 0.4 * nv + 0.05 * torch.sin(3 * nu)], dim=-1)
    return Snapshot(
        iteration=100,
        real=real.contiguous(),
        fake=fake.contiguous(),
        d_real=torch.full((120,), 0.8),
        d_fake=(0.2 + 0.6 * j / 23).contiguous(),
        fake_gradient=(outward * 3.0).contiguous(),
        heatmap=HeatmapProbe(d_grid.contiguous(), (0.0, 0.0, 1.0, 1.0), "probability"),
        manifold=ManifoldProbe(vertices.contiguous(), noise_grid.contiguous(), torch.full((m, m), 1 / m**2)),
        data_rect=(0.0, 0.0, 1.0, 1.0),
    )


def render_scene(ctx, bridge, size=SIZE, pixel_scale=1.0) -> np.ndarray:
    canvas = Canvas(ctx, bridge)
    try:
        return canvas.render_offscreen(scene_snapshot(), size, samples=4, pixel_scale=pixel_scale)
    finally:
        canvas.release()


def test_scene_matches_golden(gl_ctx, copy_bridge):
    image = render_scene(gl_ctx, copy_bridge).astype(np.int32)
    golden = np.asarray(Image.open(GOLDEN).convert("RGBA"), dtype=np.int32)
    assert image.shape == golden.shape
    diff = np.abs(image - golden)
    outliers = (diff.max(axis=-1) > PIXEL_TOLERANCE).mean()
    assert diff.mean() <= MEAN_TOLERANCE and outliers <= OUTLIER_FRACTION, (
        f"scene differs from {GOLDEN.name}: mean {diff.mean():.2f} levels, {outliers:.1%} pixels off by > "
        f"{PIXEL_TOLERANCE}; regenerate only if the change is intended (see this file's docstring)"
    )


def test_every_layer_is_drawn(gl_ctx, copy_bridge):
    """Hiding any one layer changes the scene: each layer contributes pixels."""
    canvas = Canvas(gl_ctx, copy_bridge)
    try:
        full = canvas.render_offscreen(scene_snapshot(), SIZE).astype(np.int32)
        for name in DATA_LAYERS:
            without = canvas.render_offscreen(scene_snapshot(), SIZE, layers=[n for n in DATA_LAYERS if n != name])
            assert (np.abs(full - without).max(axis=-1) > 8).sum() > 20, f"layer {name!r} drew (almost) nothing"
    finally:
        canvas.release()


def test_hidpi_render_is_the_same_picture_sharper(gl_ctx, copy_bridge):
    normal = render_scene(gl_ctx, copy_bridge).astype(np.float64)
    doubled = render_scene(gl_ctx, copy_bridge, size=(2 * SIZE[0], 2 * SIZE[1]), pixel_scale=2.0).astype(np.float64)
    downsampled = doubled.reshape(SIZE[1], 2, SIZE[0], 2, 4).mean(axis=(1, 3))
    assert np.abs(downsampled - normal).mean() < 3.0


def test_canvas_knows_every_layer_and_rejects_unknown_names(gl_ctx, copy_bridge):
    names = [name for name, _ in LAYER_ORDER]
    assert {"heatmap", "manifold", "contour", "real", "gradients", "fake", "noise"} <= set(names)
    canvas = Canvas(gl_ctx, copy_bridge, names)
    try:
        assert list(canvas.layers) == names
        noise = canvas.render_offscreen(
            scene_snapshot(), (64, 64), view=View((0.0, 0.0, 1.0, 1.0), (64, 64)), layers=["noise"]
        )
        assert (noise[..., :3] != np.round(np.array(canvas.background[:3]) * 255)).any()
    finally:
        canvas.release()
    with pytest.raises(ValueError, match="unknown layer"):
        Canvas(gl_ctx, copy_bridge, ["heatmap", "sparkles"])


def test_render_png_writes_the_image(tmp_path, gl_ctx):
    out = render_png(scene_snapshot(), tmp_path / "out" / "scene.png", size=(96, 64), ctx=gl_ctx)
    image = np.asarray(Image.open(out))
    assert image.shape == (64, 96, 4) and (image[..., 3] == 255).all()


if __name__ == "__main__":
    if "--regenerate" not in sys.argv:
        sys.exit(f"usage: python {sys.argv[0]} --regenerate   (rewrites {GOLDEN})")
    from ganlab_gl.render.bridge import Bridge
    from ganlab_gl.render.gl import create_headless_context

    context = create_headless_context()
    GOLDEN.parent.mkdir(exist_ok=True)
    Image.fromarray(render_scene(context, Bridge(context, "cpu")), "RGBA").save(GOLDEN)
    print(f"wrote {GOLDEN} ({context.info['GL_RENDERER']})")
