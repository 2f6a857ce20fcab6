"""Where G wants each fake sample to move: arrows along `fake_gradient`."""

from __future__ import annotations

import moderngl
import torch

from ganlab_gl.core.snapshot import Snapshot, critic_centre, critic_scale
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.colormap import GRADIENT_RGBA, to_display
from ganlab_gl.render.gl import build_program, set_uniforms
from ganlab_gl.render.layer import Layer
from ganlab_gl.render.layer_table import LONGEST_ARROW, STRAIGHT_SHARE
from ganlab_gl.render.view import View

# GAN Lab's GRAD_ARROW_UNIT_LEN, in plot sides per unit gradient of D along plot sides: its data live in the unit
# square that is its plot. Ours span `data_side` units (ring8: 2.5), where dD/dx is 1/side of that gradient and the
# plot is side units wide, so the same rule is side² * 0.15 data units per unit dD/dx; a bare 0.15 drew ring8's
# arrows 6 times shorter than GAN Lab's rule, a few pixels through its first few hundred iterations.
GAN_LAB_ARROW_UNIT_LENGTH = 0.15
_SHAFT_VERTICES, _ARROW_VERTICES = 6, 9  # see the template in gradients.vert
HEAD_LENGTH_PX = 6.0  # an arrow's head, logical px (shorter on a short arrow: gradients.vert)
EASED_AT_MOST = 10.0  # gradients.vert holds tanh's argument here (a driver's tanh of a large value was NaN)


def data_side(data_rect: tuple[float, float, float, float]) -> float:
    """The side of a snapshot's data square: GAN Lab's plot, in data units."""
    x0, y0, x1, y1 = data_rect
    return max(x1 - x0, y1 - y0)


def shown_gradient(snapshot: Snapshot) -> torch.Tensor | None:
    """(F, 2) the slopes the arrows draw: of D's output at each fake (`fake_gradient`) where D says a probability, as
    GAN Lab's; of the colour its score is shown in where D is a critic (colormap.to_display's sigmoid((s - centre) /
    scale), whose slope is p (1 - p) / scale at a fake shown as p), so a critic's arrows take GAN Lab's length rule
    in the units the canvas shows it in: its raw slopes (a WGAN-GP critic's near 1 a data unit, held there by its
    penalty) drew every arrow at the longest, a star of them across the Swiss roll. The centre and scale are the
    heatmap's, else the samples' own. On the device, no host sync."""
    gradient = snapshot.fake_gradient
    if gradient is None or snapshot.d_kind != "critic" or snapshot.d_fake is None:
        return gradient
    heatmap = snapshot.heatmap
    if heatmap is not None:
        centre, scale = heatmap.centre, heatmap.display_scale
    elif snapshot.d_real is not None:
        centre = critic_centre(snapshot.d_real, snapshot.d_fake)
        scale = critic_scale(torch.cat([snapshot.d_real, snapshot.d_fake]), centre)
    else:
        return gradient
    shown = to_display(snapshot.d_fake, "critic", scale, centre)  # (F,)
    return gradient * (shown * (1 - shown) / scale).unsqueeze(1)


def length_rule(length_scale: float, longest: float, data_side: float) -> tuple[float, float, float]:
    """gradients.vert's length rule on a data square `data_side` units across, in data units: (units per unit
    dD/dx, GAN Lab's straight length kept up to this, the length eased toward and never reached). `length_scale`
    and `longest` in plot sides, as the layer's options."""
    return length_scale * data_side ** 2, STRAIGHT_SHARE * longest * data_side, longest * data_side


def drawn_offsets(gradient: torch.Tensor, length_scale: float, longest: float, data_side: float) -> torch.Tensor:
    """(F, 2) each arrow's tip less its fake, in data units, as gradients.vert draws the (F, 2) `gradient` (a
    gradient not finite: no arrow), for the words that say what a student sees of the arrows."""
    per_unit, straight, eased_to = length_rule(length_scale, longest, data_side)
    gradient = torch.where(torch.isfinite(gradient), gradient, 0.0).detach().cpu().double()
    norm = torch.linalg.vector_norm(gradient, dim=1, keepdim=True)
    linear = norm * per_unit
    room = eased_to - straight
    eased = straight + room * torch.tanh(torch.clamp((linear - straight) / room, max=EASED_AT_MOST))
    drawn = torch.where(linear <= straight, linear, eased)
    return torch.where(norm > 0, gradient / norm.clamp_min(1e-300) * drawn, 0.0)


class GradientsLayer(Layer):
    name = "gradients"
    glide_slots = ("points", "gradients")  # after a step each arrow glides with its fake, as GAN Lab's do

    def __init__(self, ctx: moderngl.Context, bridge: Bridge):
        super().__init__(ctx, bridge)
        self.length_scale = GAN_LAB_ARROW_UNIT_LENGTH  # in GAN Lab's unit: plot sides per unit gradient along them
        self.longest = LONGEST_ARROW  # plot sides
        self.data_side = 1.0  # the side of the snapshot's data square: GAN Lab's plot in data units
        self.width_px = 1.5
        self.arrow_heads = True
        self.head_length_px = HEAD_LENGTH_PX
        self.head_width_px = 5.0
        self.color = GRADIENT_RGBA
        self.program = self.track(build_program(ctx, "gradients.vert", "gradients.frag"))
        self._arrows: moderngl.VertexArray | None = None
        # (a snapshot's fake_gradient, the slopes drawn for it: shown_gradient): a step's glide accepts the same
        # snapshot every frame, and a critic's slopes, made anew each time, were uploaded anew each frame
        self._shown: tuple[torch.Tensor | None, torch.Tensor | None] = (None, None)

    def accept(self, snapshot: Snapshot) -> None:
        self.data_side = data_side(snapshot.data_rect)
        if snapshot.fake_gradient is not None:
            self.stage("points", snapshot.fake)
            if self._shown[0] is not snapshot.fake_gradient:
                self._shown = (snapshot.fake_gradient, shown_gradient(snapshot))
            self.stage("gradients", self._shown[1])

    def draw(self, view: View) -> None:
        if not self.has("points", "gradients"):
            return
        count = min(len(self.buffers["points"]), len(self.buffers["gradients"]))
        per_unit, straight, eased_to = length_rule(self.length_scale, self.longest, self.data_side)
        set_uniforms(
            self.program,
            {
                **view.uniforms(),
                "u_length_scale": per_unit,  # data units per unit dD/dx
                "u_straight": straight,
                "u_longest": eased_to,
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
