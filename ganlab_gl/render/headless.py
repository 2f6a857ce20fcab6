"""Render a snapshot to a PNG without a window (the CLI's `render` command, tests)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import moderngl
from PIL import Image

from ganlab_gl.core import atomic
from ganlab_gl.core.snapshot import Snapshot
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.canvas import DATA_LAYERS, Canvas
from ganlab_gl.render.gl import create_headless_context
from ganlab_gl.render.view import View


def render_png(
    snapshot: Snapshot,
    out_path: str | Path,
    size: tuple[int, int] = (800, 800),
    layers: Sequence[str] = DATA_LAYERS,
    view: View | None = None,
    pixel_scale: float = 1.0,
    samples: int = 4,
    ctx: moderngl.Context | None = None,
    settings=None,
) -> Path:
    """Draw `layers` of `snapshot` at `size` (w, h) px and write an RGBA PNG. Without
    `ctx` a headless EGL context is made for the call and released after. `settings`: view settings
    (`Canvas.configure`; a saved session's), else the layer table's defaults."""
    own_ctx = ctx is None
    if own_ctx:
        ctx = create_headless_context()
    bridge = Bridge(ctx, snapshot.real.device)
    canvas = Canvas(ctx, bridge, layers)
    if settings is not None:
        canvas.configure(settings)
    try:
        image = canvas.render_offscreen(snapshot, size, view=view, samples=samples, pixel_scale=pixel_scale)
    finally:
        canvas.release()
        bridge.release()
        if own_ctx:
            ctx.release()
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write(out_path, lambda handle: Image.fromarray(image, "RGBA").save(handle, format="PNG"))
    return out_path
