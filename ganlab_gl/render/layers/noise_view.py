"""The noise side of the generator: the noise grid and the noise samples in noise space, and the morph clock.

The overview graph's noise thumbnail is the manifold mesh drawn at morph 0 with the
unit noise square as its world: the same program, mesh and density shading as
`ManifoldLayer`, so a Gaussian noise's uneven cell masses show as uneven shades. Over it,
as GAN Lab's Noise box (ganlab.ts, visualizeNoiseDistribution), the display noise as
dots: the inputs of the fake samples shown, drawn by the fake samples' own layer.

GAN Lab plays a "noise -> manifold" animation when the pointer enters the generator
thumbnail (demo/ganlab.ts, playGeneratorAnimation): every cell jumps to its noise
position, then moves to its output over 2 s with d3's default cubic in-out easing.
`MorphAnimation` is that clock; the app feeds its value to `ManifoldLayer.morph`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import moderngl
import torch

from ganlab_gl.core.snapshot import Rect, Snapshot
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.layers.manifold import ManifoldLayer, noise_positions
from ganlab_gl.render.layers.samples import FakeSamplesLayer

UNIT_SQUARE: Rect = (0.0, 0.0, 1.0, 1.0)


class NoiseViewLayer(ManifoldLayer):
    """Draw it with a View on UNIT_SQUARE (noise space)."""

    name = "noise"

    def __init__(self, ctx: moderngl.Context, bridge: Bridge, **manifold_options):
        super().__init__(ctx, bridge, **manifold_options)
        self.morph = 0.0
        self.noise_rect = UNIT_SQUARE
        self.density_ref = 1.0  # reference_density(UNIT_SQUARE, d) for either noise dimension


class NoiseSamplesLayer(FakeSamplesLayer):
    """The display noise as dots, coloured as the fakes they become. Draw it with a View on UNIT_SQUARE:
    noise dimensions 0 and 1 are x and y (GAN Lab's), 1-D noise lies on the horizontal midline."""

    name = "noise_samples"
    points_field = "noise"

    def __init__(self, ctx: moderngl.Context, bridge: Bridge):
        super().__init__(ctx, bridge)
        self._placed: tuple[torch.Tensor, torch.Tensor] | None = None  # (noise, its positions)

    def positions(self, snapshot: Snapshot) -> torch.Tensor | None:
        noise = snapshot.noise
        if noise is None:
            return None
        if self._placed is None or self._placed[0] is not noise:  # a run's display noise is placed, and sent, once
            self._placed = (noise, noise_positions(noise[:, :2]))
        return self._placed[1]


def ease_cubic_in_out(t: float) -> float:
    """d3.easeCubicInOut, the default easing of GAN Lab's transitions."""
    t = min(max(t, 0.0), 1.0) * 2
    return (t**3 if t <= 1 else (t - 2) ** 3 + 2) / 2


def ease_cubic_out(t: float) -> float:
    """d3.easeCubicOut: at full speed from the start, slowing to the end."""
    return 1 - (1 - min(max(t, 0.0), 1.0)) ** 3


@dataclass
class MorphAnimation:
    duration_s: float = 2.0  # GAN Lab's transition duration
    started_at: float | None = None
    ease: Callable[[float], float] = ease_cubic_in_out

    def start(self, now: float, ease: Callable[[float], float] = ease_cubic_in_out) -> None:
        self.started_at, self.ease = now, ease

    def value(self, now: float) -> float:
        """The morph to draw at time `now`: 1 (the output) when not playing."""
        if self.started_at is None:
            return 1.0
        return self.ease((now - self.started_at) / self.duration_s)

    def playing(self, now: float) -> bool:
        return self.started_at is not None and now - self.started_at < self.duration_s
