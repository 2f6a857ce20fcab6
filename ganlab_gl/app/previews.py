"""Small pictures of each dataset for the data picker, drawn once by the samples layer."""

from __future__ import annotations

import moderngl
import torch

from ganlab_gl.core.presets import PRESETS
from ganlab_gl.core import datasets
from ganlab_gl.core.snapshot import Snapshot
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.canvas import Canvas

from .picture_sheet import PictureSheet

PREVIEW_SAMPLES = 300


def render_previews(ctx: moderngl.Context, bridge: Bridge, size_px: int) -> PictureSheet:
    """One picture per preset of the registry, real samples on GAN Lab's grey, in one sheet."""
    canvas = Canvas(ctx, bridge, ["real"])
    sheet = PictureSheet(ctx, PRESETS, size_px)
    try:
        for name in PRESETS:
            dataset = datasets.preset(name)
            real = dataset.sample(PREVIEW_SAMPLES, torch.Generator().manual_seed(0))
            rect = (0.0, 0.0, 1.0, 1.0) if dataset.unit_square else datasets.data_rect(real)
            snapshot = Snapshot(iteration=0, real=real, fake=torch.empty(0, 2), data_rect=rect)
            pixels = canvas.render_offscreen(snapshot, (size_px, size_px))
            sheet.write(name, pixels[::-1].tobytes())  # GL rows run bottom-up
    finally:
        canvas.release()
    return sheet
