"""Real and fake samples as anti-aliased discs, all of one kind in two draw calls: every
disc's halo ring (the plot background's colour, so dots keep their edge on a dark
heatmap or manifold), then every disc, a fake's with a dark outline inside its halo (so it
stays a filled dot on a background of its own purple)."""

from __future__ import annotations

import moderngl
import torch

from ganlab_gl.core.snapshot import Snapshot
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.colormap import (FAKE_OUTLINE_PX, FAKE_OUTLINE_RGB, FAKE_RGBA, HALO_PX, HALO_RGBA, REAL_RGBA,
                                       RIM_LEAVES_PX, to_display)
from ganlab_gl.render.gl import build_program, set_uniforms
from ganlab_gl.render.layer import Layer
from ganlab_gl.render.view import View

# coloured by prediction, both classes in one picture: the class-colour rim that tells them apart (its inner edge
# this far inside the disc's, anti-aliased over a pixel centred there, as the disc's edge is)
CLASS_RIM_PX = 1.0


class SamplesLayer(Layer):
    """Subclasses name which samples (`points_field`), their D outputs (`values_field`)
    and their colour."""

    points_field = ""
    values_field = ""
    color = (0.0, 0.0, 0.0, 1.0)
    outline_rgb = (0.0, 0.0, 0.0)  # a disc of the class colour: the ring just inside its edge, `outline_px` wide
    default_outline_px = 0.0

    def __init__(self, ctx: moderngl.Context, bridge: Bridge):
        super().__init__(ctx, bridge)
        # GAN Lab's dot radius on its 400 px plot (the overview's noise dots); a canvas gives the real and fake
        # layers the view setting's
        self.radius_px = 2.0
        self.color_by_prediction = False
        self.rim_px = CLASS_RIM_PX  # coloured by prediction: the class-colour rim (0: D's colour alone)
        self.stretch_values = False  # coloured by prediction: D's outputs spread from 1/2 as GAN Lab's pictures
        self.halo_px = HALO_PX  # 0: no ring
        self.outline_px = self.default_outline_px  # 0: none
        self.program = self.track(build_program(ctx, "samples.vert", "samples.frag"))
        self._plain: moderngl.VertexArray | None = None
        self._valued: moderngl.VertexArray | None = None

    def accept(self, snapshot: Snapshot) -> None:
        self.stage("points", self.positions(snapshot))
        values = getattr(snapshot, self.values_field)
        if values is not None:
            # Critic scores share the heatmap's squash, its centre and scale, so dots and background agree.
            probe = snapshot.heatmap
            critic = probe is not None and snapshot.d_kind == "critic"
            scale, centre = (probe.display_scale, probe.centre) if critic else (None, None)
            self.stage("values", to_display(values, snapshot.d_kind, scale, centre))

    def positions(self, snapshot: Snapshot) -> torch.Tensor | None:
        """(P, 2) where the discs go, in the world of the view they are drawn with."""
        return getattr(snapshot, self.points_field)

    def draw(self, view: View) -> None:
        if not self.has("points"):
            return
        count = len(self.buffers["points"])
        by_value = self.color_by_prediction and self.has("values") and len(self.buffers["values"]) == count
        if by_value:
            self.colormap_texture().use(0)
        # one rim inside the disc's edge: the class colour round D's, or the class colour's own outline
        rim_px, rim_rgb = (self.rim_px, self.color[:3]) if by_value else (self.outline_px, self.outline_rgb)
        rim_px = min(rim_px, max(self.radius_px - RIM_LEAVES_PX, 0.0))
        set_uniforms(
            self.program,
            {**view.uniforms(), "u_radius_px": self.radius_px, "u_color": self.color, "u_color_by_value": by_value,
             "u_rim_px": rim_px, "u_rim_color": rim_rgb, "u_stretch_values": self.stretch_values, "u_colormap": 0,
             "u_halo_px": self.halo_px, "u_halo_color": HALO_RGBA, "u_glide": self.bind_glide(("points",))},
        )
        vertex_array = self._vertex_array(by_value)
        for halo in ((True, False) if self.halo_px > 0 else (False,)):
            set_uniforms(self.program, {"u_halo": halo})
            vertex_array.render(moderngl.TRIANGLE_STRIP, vertices=4, instances=count)

    def _vertex_array(self, by_value: bool) -> moderngl.VertexArray:
        # Buffers keep their GL names across resizes, so each array is built once.
        if by_value:
            if self._valued is None:
                self._valued = self.track(
                    self.ctx.vertex_array(
                        self.program,
                        [
                            (self.buffers["points"].buffer, "2f/i", "in_position"),
                            (self.buffers["values"].buffer, "1f/i", "in_value"),
                        ],
                    )
                )
            return self._valued
        if self._plain is None:
            self._plain = self.track(
                self.ctx.vertex_array(self.program, [(self.buffers["points"].buffer, "2f/i", "in_position")])
            )
        return self._plain


class RealSamplesLayer(SamplesLayer):
    name = "real"
    points_field = "real"
    values_field = "d_real"
    color = REAL_RGBA


class FakeSamplesLayer(SamplesLayer):
    name = "fake"
    glide_slots = ("points",)  # after a step the fakes glide to their new places, as GAN Lab's do
    points_field = "fake"
    values_field = "d_fake"
    color = FAKE_RGBA
    outline_rgb = FAKE_OUTLINE_RGB
    default_outline_px = FAKE_OUTLINE_PX
