"""Shared by the layer tests: draw one layer into a float framebuffer and read it back."""

import moderngl
import numpy as np

from ganlab_gl.render.layer import Layer
from ganlab_gl.render.view import View


def render_float(ctx: moderngl.Context, layer: Layer, view: View, clear: tuple[float, float, float, float]) -> np.ndarray:
    """(h, w, 4) float32 image of `layer` alone over `clear`, top row first, with the
    canvas's straight-alpha blending (float, so opacities can be un-blended exactly)."""
    color = ctx.renderbuffer(view.viewport_px, 4, dtype="f4")
    framebuffer = ctx.framebuffer([color])
    try:
        framebuffer.use()
        ctx.viewport = (0, 0, *view.viewport_px)
        framebuffer.clear(*clear)
        ctx.enable(moderngl.BLEND)
        ctx.blend_func = moderngl.SRC_ALPHA, moderngl.ONE_MINUS_SRC_ALPHA, moderngl.ONE, moderngl.ONE_MINUS_SRC_ALPHA
        layer.draw(view)
        pixels = np.frombuffer(framebuffer.read(components=4, dtype="f4"), dtype=np.float32)
    finally:
        framebuffer.release()
        color.release()
    width, height = view.viewport_px
    return pixels.reshape(height, width, 4)[::-1]
