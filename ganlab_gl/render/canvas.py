"""One drawing surface: layers stacked in GAN Lab's order, fed from snapshots.

GAN Lab's "layered distributions" panel (demo/ganlab.html, #vis-svg) stacks D's
heatmap, then real samples, G's gradients, fake samples. Here the real data's density
contour lies right over the heatmap and the generator's manifold over that, both
under the samples.
Which layers exist, their order and their names come from `layer_table.py`.
The noise-space layers (`noise`, `noise_samples`) are drawn with a View on the unit square.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import moderngl
import numpy as np

from ganlab_gl.core.snapshot import Snapshot
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.layer import DRAWN, MEASURED, Layer, Step
from ganlab_gl.render.layer_table import CANVAS_LAYERS, LAYERS, LAYERS_BY_NAME
from ganlab_gl.render.layers.contour import ContourLayer
from ganlab_gl.render.layers.gradients import GradientsLayer
from ganlab_gl.render.layers.heatmap import HeatmapLayer
from ganlab_gl.render.layers.manifold import ManifoldLayer
from ganlab_gl.render.layers.noise_view import NoiseSamplesLayer, NoiseViewLayer
from ganlab_gl.render.layers.samples import FakeSamplesLayer, RealSamplesLayer
from ganlab_gl.render.view import View

# The layer table's names, each with the class that draws it; the table gives the order.
LAYER_CLASSES: dict[str, type[Layer]] = {
    "heatmap": HeatmapLayer, "contour": ContourLayer, "manifold": ManifoldLayer, "real": RealSamplesLayer,
    "gradients": GradientsLayer, "fake": FakeSamplesLayer, "noise": NoiseViewLayer, "noise_samples": NoiseSamplesLayer,
}
assert set(LAYER_CLASSES) == set(LAYERS_BY_NAME), "canvas: every row of the layer table needs its class"
LAYER_ORDER: list[tuple[str, type[Layer]]] = [(row.name, LAYER_CLASSES[row.name]) for row in LAYERS]  # bottom to top
DATA_LAYERS = CANVAS_LAYERS
BACKGROUND_RGBA = (243 / 255, 243 / 255, 243 / 255, 1.0)  # GAN Lab's .plot-bg
# Manifold cells a step of a draw whose progress is told (`render_offscreen`'s on_share): a 2048² manifold in 16
# steps, each under a second on llvmpipe at 1600x1600
REPORTED_CELLS = 1 << 18


class Canvas:
    def __init__(self, ctx: moderngl.Context, bridge: Bridge, layer_names: Iterable[str] = DATA_LAYERS):
        wanted = set(layer_names)
        unknown = wanted - {name for name, _ in LAYER_ORDER}
        if unknown:
            raise ValueError(f"canvas: unknown layer(s) {sorted(unknown)}; known: {[n for n, _ in LAYER_ORDER]}")
        self.ctx = ctx
        self.bridge = bridge
        self.background = BACKGROUND_RGBA
        self.layers: dict[str, Layer] = {name: cls(ctx, bridge) for name, cls in LAYER_ORDER if name in wanted}
        self._offscreen: OffscreenTarget | None = None
        for name, layer in self.layers.items():  # a table option with no attribute to set would vanish silently
            options = LAYERS_BY_NAME[name].options
            missing = [option for option in options if not hasattr(layer, option)]
            if missing:
                raise AttributeError(f"canvas: layer {name!r} has no attribute for its option(s) {missing}")
            # The view settings' defaults, as the lab starts: `render` drew the samples at the layer's own 2 px
            # where the lab drew them at radius_px's 3.5.
            for option, declared in options.items():
                setattr(layer, option, declared.default)

    def __getitem__(self, name: str) -> Layer:
        return self.layers[name]

    def configure(self, settings) -> None:
        """Show, hide and set up the layers from view settings the layer table declares (the lab's, or a saved
        session's): `<layer>.visible`, and `<layer>.<option>` onto the attribute of that name."""
        for name, layer in self.layers.items():
            row = LAYERS_BY_NAME[name]
            if not row.in_lab:
                continue
            layer.visible = settings.get(f"{name}.visible")
            for option in row.options:
                setattr(layer, option, settings.get(f"{name}.{option}"))

    def set_snapshot(self, snapshot: Snapshot) -> None:
        for layer in self.layers.values():
            layer.accept(snapshot)

    def glide_from_drawn(self) -> None:
        """The gliding layers (the fakes and their arrows) glide from where they were drawn last to the next
        snapshot's values, as each layer's `glide` goes from 0 to 1 (render/layer.py)."""
        for layer in self.layers.values():
            layer.glide_from_drawn()

    def upload(self) -> None:
        """Push what changed since the last frame; call once per frame, before `draw`."""
        for layer in self.layers.values():
            layer.upload()

    def upload_steps(self, part_bytes: int) -> list[Step]:
        """`upload` as steps of at most `part_bytes` each, the manifold's cells measured in `draw_steps`' own (a
        banded draw: canvas_widget.py)."""
        return [step for layer in self.layers.values() for step in layer.upload_steps(part_bytes)]

    def draw(self, view: View, framebuffer: moderngl.Framebuffer, origin: tuple[int, int] = (0, 0)) -> None:
        """Draw the visible layers into `framebuffer`, the view's viewport at `origin` (its lower-left pixel)."""
        for step in self.draw_steps(view, framebuffer, origin):
            step.call()

    def draw_steps(self, view: View, framebuffer: moderngl.Framebuffer, origin: tuple[int, int] = (0, 0),
                   parts: dict[str, int] | None = None) -> list[Step]:
        """`draw` as steps in order: the clear, then each visible layer's (`Layer.draw_steps`: the manifold's
        measure and fill `parts[work]` cells at a time, None: at once). Each call binds the framebuffer, viewport
        and blending it draws with, so other drawing may come between two (canvas_widget.py draws a band a frame)."""
        def on_target(call: Callable[[], None]) -> Callable[[], None]:
            def step() -> None:
                framebuffer.use()
                self.ctx.viewport = (*origin, *view.viewport_px)
                self._reset_state()
                call()
            return step

        steps = [Step(DRAWN, 0, on_target(lambda: framebuffer.clear(*self.background, viewport=self.ctx.viewport)))]
        for layer in self.layers.values():
            if layer.visible:
                steps += [step._replace(call=on_target(step.call)) for step in layer.draw_steps(view, parts)]
        return steps

    def render_offscreen(
        self,
        snapshot: Snapshot,
        size: tuple[int, int],
        view: View | None = None,
        layers: Sequence[str] | None = None,
        samples: int = 4,
        pixel_scale: float = 1.0,
        on_share: Callable[[float], None] | None = None,
    ) -> np.ndarray:
        """Draw `snapshot` into an offscreen multisampled framebuffer of `size` (w, h)
        pixels and return the resolved image, (h, w, 4) uint8, top row first. `layers`
        names the layers to show (None: those marked visible); `view` defaults to the
        snapshot's data rect fitted to `size`. `on_share`: told the share of the draw's steps finished (0 to 1) as
        each finishes, the manifold's cells and outlines REPORTED_CELLS cells a step, each step about as long as
        another on llvmpipe (`draw_steps`: the same pixels as one draw)."""
        if view is None:
            view = View.fit(snapshot.data_rect, size, pixel_scale)
        elif tuple(view.viewport_px) != tuple(size):
            raise ValueError(f"canvas: view is {view.viewport_px} px but the image is {size}")
        self.set_snapshot(snapshot)
        self.upload()
        shown = {name: layer.visible for name, layer in self.layers.items()}
        if layers is not None:
            for name, layer in self.layers.items():
                layer.visible = name in layers
        try:
            if self._offscreen is None or self._offscreen.key != (tuple(size), samples):
                self.release_offscreen()
                self._offscreen = OffscreenTarget(self.ctx, size, samples)
            parts = None if on_share is None else {MEASURED: REPORTED_CELLS, DRAWN: REPORTED_CELLS}
            steps = self.draw_steps(view, self._offscreen.framebuffer, parts=parts)
            for done, step in enumerate(steps, 1):
                step.call()
                if on_share is not None:
                    self.ctx.finish()  # drawn, not queued: the share said is the share done
                    on_share(done / len(steps))
            pixels = self._offscreen.resolve_and_read()
        finally:
            for name, visible in shown.items():
                self.layers[name].visible = visible
        return pixels

    def release(self) -> None:
        for layer in self.layers.values():
            layer.release()
        self.release_offscreen()

    def release_offscreen(self) -> None:
        """Free the target `render_offscreen` keeps for repeated renders of one size (a 4K
        screenshot's target is large)."""
        if self._offscreen is not None:
            self._offscreen.release()
            self._offscreen = None

    def _reset_state(self) -> None:
        # Layers may change blending; each starts from straight-alpha "over", with
        # alpha composed so the target stays opaque.
        self.ctx.enable(moderngl.BLEND)
        self.ctx.disable(moderngl.DEPTH_TEST | moderngl.CULL_FACE)
        self.ctx.blend_func = (moderngl.SRC_ALPHA, moderngl.ONE_MINUS_SRC_ALPHA,
                               moderngl.ONE, moderngl.ONE_MINUS_SRC_ALPHA)
        self.ctx.blend_equation = moderngl.FUNC_ADD


class OffscreenTarget:
    """A multisampled framebuffer to draw a canvas into, resolved into a texture that can
    be read back or shown (the lab's window shows it through ImGui). Single-sampled, the
    canvas draws straight into the texture and there is nothing to resolve (a copy of the
    whole picture saved: on a software rasteriser the lab's moving canvas is single-sampled)."""

    def __init__(self, ctx: moderngl.Context, size: tuple[int, int], samples: int):
        """`framebuffer` is what the canvas draws into, `texture` what is shown and read."""
        self.ctx = ctx
        self.samples = min(samples, ctx.max_samples) if samples > 1 else 0
        self.key = (tuple(size), samples)
        self.texture = ctx.texture(size, 4)
        self.resolved = ctx.framebuffer([self.texture])
        self.framebuffer = (ctx.framebuffer([ctx.renderbuffer(size, 4, samples=self.samples)]) if self.samples
                             else self.resolved)

    @property
    def size(self) -> tuple[int, int]:
        return self.key[0]

    def resolve(self) -> None:
        if self.framebuffer is not self.resolved:
            self.ctx.copy_framebuffer(self.resolved, self.framebuffer)

    def read(self) -> np.ndarray:
        """(h, w, 4) uint8 of the resolved image, top row first."""
        width, height = self.size
        pixels = np.frombuffer(self.resolved.read(components=4, alignment=1), dtype=np.uint8)
        return pixels.reshape(height, width, 4)[::-1].copy()

    def resolve_and_read(self) -> np.ndarray:
        self.resolve()
        return self.read()

    def release(self) -> None:
        single = self.framebuffer is self.resolved
        for framebuffer in [self.resolved] if single else [self.framebuffer, self.resolved]:
            for attachment in framebuffer.color_attachments:
                attachment.release()
            framebuffer.release()
