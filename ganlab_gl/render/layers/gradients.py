"""Where G wants each fake sample to move: arrows along `fake_gradient`."""

from __future__ import annotations

import moderngl

from ganlab_gl.core.snapshot import Snapshot
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.colormap import GRADIENT_RGBA
from ganlab_gl.render.gl import build_program, set_uniforms
from ganlab_gl.render.layer import Layer
from ganlab_gl.render.view import View

GAN_LAB_ARROW_UNIT_LENGTH = 0.15  # data units per unit gradient (GRAD_ARROW_UNIT_LEN in ganlab.ts)
_SHAFT_VERTICES, _ARROW_VERTICES = 6, 9  # see the template in gradients.vert


class GradientsLayer(Layer):
    name = "gradients"
    glide_slots = ("points", "gradients")  # after a step each arrow glides with its fake, as GAN Lab's do

    def __init__(self, ctx: moderngl.Context, bridge: Bridge):
        super().__init__(ctx, bridge)
        self.length_scale = GAN_LAB_ARROW_UNIT_LENGTH
        self.width_px = 1.5
        self.arrow_heads = True
        self.head_length_px = 6.0
        self.head_width_px = 5.0
        self.color = GRADIENT_RGBA
        self.program = self.track(build_program(ctx, "gradients.vert", "gradients.frag"))
        self._arrows: moderngl.VertexArray | None = None

    def accept(self, snapshot: Snapshot) -> None:
        if snapshot.fake_gradient is not None:
            self.stage("points", snapshot.fake)
            self.stage("gradients", snapshot.fake_gradient)

    def draw(self, view: View) -> None:
        if not self.has("points", "gradients"):
            return
        count = min(len(self.buffers["points"]), len(self.buffers["gradients"]))
        set_uniforms(
            self.program,
            {
                **view.uniforms(),
                "u_length_scale": self.length_scale,
                "u_width_px": self.width_px,
                "u_head_length_px": self.head_length_px if self.arrow_heads else 0.0,
                "u_head_width_px": self.head_width_px,
                "u_color": self.color,
                "u_glide": self.bind_glide(self.glide_slots),
            },
        )
        if self._arrows is None:  # buffers keep their GL names across resizes
            self._arrows = self.track(
                self.ctx.vertex_array(
                    self.program,
                    [
                        (self.buffers["points"].buffer, "2f/i", "in_position"),
                        (self.buffers["gradients"].buffer, "2f/i", "in_gradient"),
                    ],
                )
            )
        vertices = _ARROW_VERTICES if self.arrow_heads else _SHAFT_VERTICES
        self._arrows.render(moderngl.TRIANGLES, vertices=vertices, instances=count)
