"""Shared by the render tests: one layer drawn into a float framebuffer and read back; a run's kept iterations drawn."""

from collections.abc import Sequence

import moderngl
import numpy as np

from ganlab_gl.render import animate
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.canvas import Canvas
from ganlab_gl.render.layer import Layer
from ganlab_gl.render.view import View


def render_float(ctx: moderngl.Context, layer: Layer, view: View, clear: tuple[float, float, float, float],
                 parts: dict[str, int] | None = None) -> np.ndarray:
    """(h, w, 4) float32 image of `layer` alone over `clear`, top row first, with the
    canvas's straight-alpha blending (float, so opacities can be un-blended exactly); drawn in the steps of
    `parts` (Layer.draw_steps; None: at once)."""
    color = ctx.renderbuffer(view.viewport_px, 4, dtype="f4")
    framebuffer = ctx.framebuffer([color])
    try:
        framebuffer.use()
        ctx.viewport = (0, 0, *view.viewport_px)
        framebuffer.clear(*clear)
        ctx.enable(moderngl.BLEND)
        ctx.blend_func = moderngl.SRC_ALPHA, moderngl.ONE_MINUS_SRC_ALPHA, moderngl.ONE, moderngl.ONE_MINUS_SRC_ALPHA
        for step in layer.draw_steps(view, parts):
            step.call()
        pixels = np.frombuffer(framebuffer.read(components=4, dtype="f4"), dtype=np.float32)
    finally:
        framebuffer.release()
        color.release()
    width, height = view.viewport_px
    return pixels.reshape(height, width, 4)[::-1]


def scrubbed_frames(trainer, rows: Sequence[int], size: tuple[int, int], layers: Sequence[str], view: View,
                    ctx: moderngl.Context, settings=None):
    """(iteration, (h, w, 4) uint8 image) for each timeline row of one run, drawn as the lab draws the live run: the
    reference the lab's and animate's frames are checked against. `settings`: view settings (`Canvas.configure`; a
    saved session's), else the layer table's defaults."""
    bridge = Bridge(ctx, trainer.device)
    canvas = Canvas(ctx, bridge, layers)
    if settings is not None:
        canvas.configure(settings)
    try:
        for iteration, (snapshot,) in animate.past_snapshots([trainer], rows, view=view.rect):
            yield iteration, canvas.render_offscreen(snapshot, size, view=view)
    finally:
        canvas.release()
        bridge.release()
