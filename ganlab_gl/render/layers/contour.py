"""Iso-lines of the real data's density, like GAN Lab's true-sample contour.

GAN Lab (demo/ganlab.ts, visualizeTrueDistribution) runs d3's contourDensity over the
real samples: a Gaussian kernel density with a 15 px bandwidth on its 400 px plot, 5
thresholds. Here the kernel density is tensor math on the samples' device
(`real_density_grid`), divided by its peak so the levels are fixed fractions of it,
copied into a float texture, and `contour.frag` draws the level sets straight from it.
"""

from __future__ import annotations

import math

import moderngl
import torch

from ganlab_gl.core.snapshot import Rect, Snapshot
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.colormap import REAL_RGBA
from ganlab_gl.render.gl import build_program, set_uniforms
from ganlab_gl.render.layer import Layer
from ganlab_gl.render.view import View

BANDWIDTH_FRACTION = 15 / 400  # GAN Lab's kernel bandwidth, as a fraction of the plot side
KERNEL_REACH = 3.0  # bandwidths of margin around the data rect, where the density fades out
LEVEL_OPACITY = (0.35, 0.9)  # lowest and highest level's line opacity


def real_density_grid(real: torch.Tensor, rect: Rect, size: int, bandwidth: float) -> torch.Tensor:
    """Gaussian kernel density estimate of `real` (R, 2) at the centres of a size x size
    grid tiling `rect`, (size, size) with row j along y. The isotropic kernel factors
    into x and y parts, so the whole grid is one (size, R) @ (R, size) product."""
    x0, y0, x1, y1 = rect
    steps = (torch.arange(size, device=real.device, dtype=real.dtype) + 0.5) / size
    centres_x = x0 + steps * (x1 - x0)
    centres_y = y0 + steps * (y1 - y0)
    kernel_x = torch.exp(-0.5 * ((real[:, :1] - centres_x) / bandwidth) ** 2)  # (R, size)
    kernel_y = torch.exp(-0.5 * ((real[:, 1:] - centres_y) / bandwidth) ** 2)
    norm = 1.0 / (real.shape[0] * 2 * math.pi * bandwidth**2)
    return (kernel_y.T @ kernel_x) * norm


def density_rect(data_rect: Rect, bandwidth: float) -> Rect:
    x0, y0, x1, y1 = data_rect
    margin = KERNEL_REACH * bandwidth
    return (x0 - margin, y0 - margin, x1 + margin, y1 + margin)


class ContourLayer(Layer):
    name = "contour"

    def __init__(
        self,
        ctx: moderngl.Context,
        bridge: Bridge,
        *,
        grid_size: int = 64,
        bandwidth_fraction: float = BANDWIDTH_FRACTION,
        level_count: int = 5,
        line_width_px: float = 1.5,
    ):
        super().__init__(ctx, bridge)
        self.grid_size = grid_size
        self.bandwidth_fraction = bandwidth_fraction
        self.level_count = level_count
        self.line_width_px = line_width_px
        self._source: tuple | None = None  # (real tensor, data rect) the grid was made from
        self._grid_rect: Rect = (0.0, 0.0, 1.0, 1.0)
        self._program = self.track(build_program(ctx, vertex="contour.vert", fragment="contour.frag"))
        self._quad = self.track(ctx.vertex_array(self._program, []))
        self._texture: moderngl.Texture | None = None

    @property
    def levels(self) -> list[float]:
        """Iso-levels as fractions of the peak density."""
        return [k / (self.level_count + 1) for k in range(1, self.level_count + 1)]

    def accept(self, snapshot: Snapshot) -> None:
        source = (snapshot.real, snapshot.data_rect)
        if snapshot.real.shape[0] == 0:
            return
        if self._source is not None and source[0] is self._source[0] and source[1] == self._source[1]:
            return  # the real samples rarely change; skip the kernel sums
        self._source = source
        x0, y0, x1, y1 = snapshot.data_rect
        bandwidth = self.bandwidth_fraction * max(x1 - x0, y1 - y0)
        self._grid_rect = density_rect(snapshot.data_rect, bandwidth)
        grid = real_density_grid(snapshot.real, self._grid_rect, self.grid_size, bandwidth)
        self.stage("density", (grid / grid.max().clamp_min(1e-30)).contiguous())  # stays on device: no sync

    def uploaded(self, slots: set[str]) -> None:
        self._texture = self.grid_texture("density", self._texture)

    def draw(self, view: View) -> None:
        if not self.has("density") or self._texture is None:
            return
        self._texture.use(0)
        set_uniforms(
            self._program,
            {
                **view.uniforms(),
                "u_density": 0,
                "u_grid_rect": tuple(map(float, self._grid_rect)),
                "u_level_count": self.level_count,
                "u_line_width_px": self.line_width_px,
                "u_color": REAL_RGBA[:3],
                "u_opacity_range": LEVEL_OPACITY,
            },
        )
        self._quad.render(moderngl.TRIANGLE_STRIP, vertices=4)
