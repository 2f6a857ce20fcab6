"""GAN Lab's colours. `heatmap_color` is the one definition of D's colormap: legends call it,
and the shaders look it up in `colormap_table`, a texture of it (shaders/colormap.glsl;
test_render_heatmap checks they agree pixel for pixel).

D's output uses d3's `interpolatePRGn` like GAN Lab (demo/ganlab.ts: `colorScale =
interpolatePRGn`): the 11-class ColorBrewer PRGn scheme through d3's uniform B-spline
(`interpolateRgbBasis`). 0 (fake) is purple, 0.5 the near-white grey midpoint, 1 (real)
green. GAN Lab fills its 30 x 30 cells opaque with `colorScale(d)`; so do we.

GAN Lab's colour exactly for D in [0.1, 0.9]; only the tails are eased: beyond, the distance
from 1/2 is bent by a quadratic that meets the identity with the same slope at 0.1 and 0.9
and ends, with slope 0, at PRGn(COLORMAP_CAP) and PRGn(1 - COLORMAP_CAP) for D = 0 and 1.
So a saturated D (a high learning rate, a confident critic) stays a deep purple or green
(CIE L* 23 and 35) that dots with their halos read against, never d3's near-black ends
(L* 13 and 24); and everything GAN Lab's own runs show looks as it does there: in 16 runs of
GAN Lab's loop (gaussians) 96-99% of the 30 x 30 cells lie in [0.1, 0.9] at iterations 100,
300 and 1000. The scale was once PRGn(0.1 + 0.8 D) throughout, which drew every D paler
than GAN Lab does (D = 0.8 as PRGn(0.74)): a fifth to a quarter less far from the background in
CIE Lab over D in [0.2, 0.8].
"""

from __future__ import annotations

import numpy as np
import torch

from ganlab_gl.core.snapshot import critic_scale

PRGN_STOPS = np.array(
    [
        [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        for h in "40004b 762a83 9970ab c2a5cf e7d4e8 f7f7f7 d9f0d3 a6dba0 5aae61 1b7837 00441b".split()
    ]
)

# GAN Lab's sample and gradient fills (demo/ganlab.html: .true-dot, .generated-dot,
# .gradient-generated), straight RGBA.
REAL_RGBA = (0 / 255, 136 / 255, 55 / 255, 0.75)
FAKE_RGBA = (123 / 255, 50 / 255, 148 / 255, 0.75)
GRADIENT_RGBA = (196 / 255, 20 / 255, 219 / 255, 0.5)
# A fake's outline (samples.frag), the dark ring just inside its halo: GAN Lab's fake purple at 40%. Where the
# background is that very purple (the fakes' own dense manifold, a heatmap as purple) a fake's fill vanishes into it
# and the light halo alone showed, a hollow ring; the outline keeps it a filled dot. Reals keep GAN Lab's plain
# disc: no layer fills the plot with their green (the heatmap's deepest green is darker, and the halo rings them).
FAKE_OUTLINE_RGB = tuple(0.4 * channel for channel in FAKE_RGBA[:3])
FAKE_OUTLINE_PX = 1.5  # in logical px, scaled like the radius: at 1 px a disc's anti-aliased edge all but hid it
# A rim (the outline, or the class colour round D's) leaves the disc's fill this radius at least, in logical px: at
# the least disc radii (0.5 to 2 px) a fake's 1.5 px outline filled the whole disc, a dark dot, purple nowhere
RIM_LEAVES_PX = 1.0
# The ring each sample disc is outlined with (samples.frag): GAN Lab's plot background
# (.plot-bg, the canvas's clear colour), so it vanishes on the empty plot and cuts a
# light edge round every dot on a dark heatmap or manifold.
HALO_RGBA = (243 / 255, 243 / 255, 243 / 255, 1.0)
HALO_PX = 1.0  # ring width in logical px, scaled like the radius

# Up to this distance from 1/2 D shows GAN Lab's own colour; beyond it the tail eases down to the cap.
COLORMAP_EXACT = 0.4
COLORMAP_CAP = 0.05  # D = 0 shows as PRGn(0.05), D = 1 as PRGn(0.95); see the module docstring
# The shaders' table of heatmap_color: a texel per 1/2048 of D, at most 0.3/255 from the formula (1/1024 came to
# 0.35/255 where the scale has GAN Lab's slope). A lookup, because the B-spline through eleven stops was half the
# heatmap's cost on a software rasteriser.
COLORMAP_TEXELS = 2048


def heatmap_color(d: np.ndarray | float) -> np.ndarray:
    """RGB in [0, 1], shape (..., 3), for D output(s) `d` in [0, 1] (clamped): `prgn(colormap_position(d))`."""
    return prgn(colormap_position(d))


def colormap_position(d: np.ndarray | float) -> np.ndarray:
    """Where D output(s) `d` (clamped to [0, 1]) sit on d3's PRGn scale: `d` itself within COLORMAP_EXACT of 1/2;
    beyond, the distance x from 1/2 less `bend * (x - COLORMAP_EXACT)^2`, which is continuous with slope 1 at
    COLORMAP_EXACT, monotone, and ends at 1/2 - COLORMAP_CAP for x = 1/2."""
    t = np.clip(np.asarray(d, dtype=np.float64), 0.0, 1.0)
    bend = COLORMAP_CAP / (0.5 - COLORMAP_EXACT) ** 2  # slope 1 - 2 bend (x - EXACT) >= 0 while CAP <= tail / 2
    away = np.abs(t - 0.5)
    beyond = np.maximum(away - COLORMAP_EXACT, 0.0)
    return 0.5 + np.sign(t - 0.5) * (away - bend * beyond**2)


def colormap_table(texels: int = COLORMAP_TEXELS) -> np.ndarray:
    """(texels, 4) float32 RGBA, opaque: `heatmap_color` at each texel's centre, D = (i + 0.5) / texels;
    colormap.glsl reads texel floor(D * texels)."""
    rgb = heatmap_color((np.arange(texels) + 0.5) / texels)
    return np.concatenate([rgb, np.ones((texels, 1))], axis=1).astype(np.float32)


def prgn(t: np.ndarray | float) -> np.ndarray:
    """d3's interpolatePRGn, uncapped: RGB in [0, 1], shape (..., 3), for `t` in [0, 1] (clamped)."""
    t = np.clip(np.asarray(t, dtype=np.float64), 0.0, 1.0)
    n = len(PRGN_STOPS) - 1
    i = np.minimum(np.floor(t * n), n - 1).astype(int)
    v1, v2 = PRGN_STOPS[i], PRGN_STOPS[i + 1]
    v0 = np.where((i > 0)[..., None], PRGN_STOPS[np.maximum(i - 1, 0)], 2 * v1 - v2)
    v3 = np.where((i < n - 1)[..., None], PRGN_STOPS[np.minimum(i + 2, n)], 2 * v2 - v1)
    u = (t * n - i)[..., None]
    u2, u3 = u * u, u * u * u
    return (
        (1 - 3 * u + 3 * u2 - u3) * v0 + (4 - 6 * u2 + 3 * u3) * v1 + (1 + 3 * u + 3 * u2 - 3 * u3) * v2 + u3 * v3
    ) / 6


def to_display(values: torch.Tensor, kind: str, scale: torch.Tensor | None = None,
               centre: torch.Tensor | None = None) -> torch.Tensor:
    """D outputs mapped into [0, 1] for the colormap. Probabilities pass through (0.5, the grey middle, is "can't
    tell"); critic scores s become sigmoid((s - centre) / scale): centred on `centre` (a HeatmapProbe's: midway
    between the critic's mean scores on the shown reals and fakes, core.snapshot.critic_centre; None: critic 0) as
    the grey midpoint, so the same scores shifted by a constant look the same, symmetric (equally far above and
    below the centre land equally far either side), and one spread reaches about 73% of the way to a colour end.
    `scale` defaults to `critic_scale(values, centre)` (core.snapshot); pass a HeatmapProbe's `display_scale` to
    share one scale per frame."""
    if kind == "probability":
        return values
    if scale is None:
        scale = critic_scale(values, centre)
    return torch.sigmoid((values if centre is None else values - centre) / scale).contiguous()
