"""D's output over the plane: the N x N probe grid as a coloured texture."""

from __future__ import annotations

import moderngl

from ganlab_gl.core.snapshot import Rect, Snapshot
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.colormap import to_display
from ganlab_gl.render.gl import build_program, set_uniforms
from ganlab_gl.render.layer import Layer
from ganlab_gl.render.view import View


class HeatmapLayer(Layer):
    name = "heatmap"

    def __init__(self, ctx: moderngl.Context, bridge: Bridge):
        super().__init__(ctx, bridge)
        self.smooth = True  # bilinear between cell centres; False shows crisp cells
        self.opacity = 1.0
        self.rect: Rect | None = None
        self.program = self.track(build_program(ctx, "heatmap.vert", "heatmap.frag"))
        self.quad = self.track(ctx.vertex_array(self.program, []))
        self.texture: moderngl.Texture | None = None

    def accept(self, snapshot: Snapshot) -> None:
        probe = snapshot.heatmap
        if probe is None:
            return
        self.rect = probe.rect
        scale = probe.display_scale if probe.kind == "critic" else None
        self.stage("values", to_display(probe.values, probe.kind, scale, probe.centre))

    def uploaded(self, slots: set[str]) -> None:
        self.texture = self.grid_texture("values", self.texture)

    def draw(self, view: View) -> None:
        if not self.has("values") or self.texture is None:
            return
        interpolation = moderngl.LINEAR if self.smooth else moderngl.NEAREST
        self.texture.filter = (interpolation, interpolation)
        self.texture.use(0)
        self.colormap_texture().use(1)
        set_uniforms(self.program, {**view.uniforms(), "u_rect": self.rect, "u_values": 0, "u_colormap": 1,
                                    "u_opacity": self.opacity})
        self.quad.render(moderngl.TRIANGLE_STRIP, vertices=4)
