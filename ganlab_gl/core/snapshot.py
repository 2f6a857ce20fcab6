"""The snapshot: everything the renderer draws for one frame, as torch tensors.

The training core fills it (see `probes.py`); the renderer reads it and never sees a
model. Every tensor is float32, contiguous, and stays on the training device so the
bridge can move it into GL without a host copy when both sit on the same GPU. A field
left as None was not probed this time and its layer keeps what it last drew, except
`manifold`: None there means the noise has more than 2 dimensions and there is no grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import torch

Rect = tuple[float, float, float, float]  # (x0, y0, x1, y1) in data space, x0 < x1, y0 < y1

# How to read D's output: a probability of "real" in [0, 1], or an unbounded critic
# score (WGAN-GP, hinge) that the renderer squashes for display.
DOutputKind = Literal["probability", "critic"]
StuckKind = Literal["d_flat", "g_point"]  # Snapshot.stuck: which network went silent


CRITIC_SCALE_FLOOR = 0.01  # critic scores spread less than this are all but flat: shown as pale as they are


def critic_centre(d_real: torch.Tensor, d_fake: torch.Tensor) -> torch.Tensor:
    """The critic score shown as "can't tell" (the colour scale's grey middle): midway between the critic's mean
    score on the shown real samples and on the shown fakes. A critic's offset is arbitrary (WGAN-GP's and hinge's
    losses see only differences of scores), so critic 0 marks nothing: centred there, a Swiss roll's critic painted
    the whole canvas purple, the real spiral too. NaN scores are left out of the means; where no finite centre is
    left (a diverged critic), 0. A 0-dim tensor on the scores' device (no host sync)."""
    centre = (d_real.detach().nanmean() + d_fake.detach().nanmean()) / 2
    return torch.where(centre.isfinite(), centre, torch.zeros_like(centre))


def critic_scale(values: torch.Tensor, centre: torch.Tensor | None = None) -> torch.Tensor:
    """Spread of critic scores used to squash them for display: 1.4826 * median |s - centre|, a robust standard
    deviation measured about the colour scale's centre (`critic_centre`; None: critic 0), not about the scores'
    median, so the scale is symmetric about the centre and scores that all sit far from it show pale rather than
    saturated; a few extreme cells do not wash the map out. The same scores shifted by a constant, centre
    too, get the same scale. At least CRITIC_SCALE_FLOOR: a critic that has died (scores of 1e-5) shows as the
    flat, pale map it is, not its noise stretched to full colour; so does a grid with a NaN cell (that cell stays
    NaN, the rest keeps its colours). A 0-dim tensor on the values' device (no host sync)."""
    flat = values.detach().reshape(-1)
    spread = (flat if centre is None else flat - centre).abs().median() * 1.4826
    return torch.where(spread > CRITIC_SCALE_FLOOR, spread, torch.full_like(spread, CRITIC_SCALE_FLOOR))  # NaN too


@dataclass
class HeatmapProbe:
    values: torch.Tensor  # (N, N) D output at cell centres; row j is y, column i is x
    rect: Rect  # the data-space rectangle the N x N cells tile, row 0 at y0
    kind: DOutputKind
    scale_of_finer: torch.Tensor | None = None  # a critic grid averaged from a finer one: that one's display_scale
    # a critic's score shown as "can't tell" (`critic_centre` of the snapshot's samples, 0-dim); None: critic 0
    centre: torch.Tensor | None = None

    @cached_property
    def display_scale(self) -> torch.Tensor:
        """`critic_scale` of this grid about its `centre` (or of the finer one it was averaged from, whose colours
        it keeps), computed once however many layers and legends read it."""
        return critic_scale(self.values, self.centre) if self.scale_of_finer is None else self.scale_of_finer

    @cached_property
    def critic_range(self) -> tuple[float, float]:
        """(`centre`, `display_scale`) as numbers (critic 0 where it has no centre), for the words that name a
        critic's colour scale (the legend's middle and ends, a compared pane's caption): one host read, once a probe,
        however many read them each frame. Read one at a time they were two (on CUDA each waits for the kernels the
        training thread has queued by then)."""
        scale = self.display_scale
        centre = torch.zeros_like(scale) if self.centre is None else self.centre.to(scale)
        read = torch.stack([centre, scale]).tolist()
        return read[0], read[1]


@dataclass
class ManifoldProbe:
    # 2-D noise: vertices (M+1, M+1, 2) with vertices[j, i] = G(noise_grid[j, i]),
    #   i running along noise dimension 0 and j along dimension 1; cells are (M, M).
    # 1-D noise: vertices (M+1, 2), a polyline of M segments; cells are (M,).
    vertices: torch.Tensor
    noise_grid: torch.Tensor  # same leading shape as vertices, last dim = noise dim, in [0, 1]
    cell_mass: torch.Tensor  # (M, M) or (M,): noise probability mass per cell, sums to 1

    @property
    def cells_per_side(self) -> int:
        return self.vertices.shape[0] - 1

    @property
    def noise_dim(self) -> int:
        return self.noise_grid.shape[-1]


@dataclass
class Snapshot:
    iteration: int
    real: torch.Tensor  # (R, 2) real samples shown
    fake: torch.Tensor  # (F, 2) G applied to the fixed display noise
    noise: torch.Tensor | None = None  # (F, noise_dim) that display noise, in [0, 1]^noise_dim: fake[k] = G(noise[k])
    d_real: torch.Tensor | None = None  # (R,) D output on `real`, same units as heatmap
    d_fake: torch.Tensor | None = None  # (F,) D output on `fake`
    fake_gradient: torch.Tensor | None = None  # (F, 2) d(D output)/d(sample): where training moves each fake
    heatmap: HeatmapProbe | None = None
    # D over the overview's data view, for its pictures, when the heatmap covers only a zoomed part of it
    # (a coarser grid, over a rect a little larger than that view); None: the heatmap covers it.
    overview_heatmap: HeatmapProbe | None = None
    manifold: ManifoldProbe | None = None
    data_rect: Rect = (0.0, 0.0, 1.0, 1.0)  # a view that fits the real data with a margin
    d_kind: DOutputKind = "probability"

    @cached_property
    def flat_fakes(self) -> int | None:
        """How many shown fakes sit where D's units are silent: each one's arrow exactly zero while D's output there
        is no saturated probability. A sigmoid at exactly 0 or 1 (a logit beyond about 17, or below about -104, in
        float32) has a slope that rounds to zero however alive D's units are, and the losses, which read the logit,
        still train; D saturated at every fake lasted 1 to 4 iterations in the runs at rates too high measured
        (bench/stuck.py, docs/TRAINING.md). None where no gradients were probed. One host read, once a snapshot."""
        gradient = self.fake_gradient
        if gradient is None:
            return None
        flat = ~gradient.any(1)  # (F,)
        if self.d_fake is not None and self.d_kind == "probability":
            flat &= (self.d_fake > 0) & (self.d_fake < 1)
        return int(flat.sum())

    @cached_property
    def stuck(self) -> StuckKind | None:
        """Why training can no longer spread the fakes, where the snapshot shows it: "d_flat" where D's units are
        silent at every shown fake (`flat_fakes`: each arrow exactly zero, D's output flat around it and no saturated
        sigmoid, whose zero arrows are no silence and pass in a few iterations): by chance in about one Two Gaussians
        run in five at GAN Lab's settings, docs/TRAINING.md, and by a learning rate too high: GAN Lab's highest, 1,
        for D did so within 50 iterations on each of its four presets, no NaN following; so G learns little or
        nothing (D may revive for a moment, its units waking where a few training fakes fall), the fakes barely move
        and the losses may sit near their tie values as if at equilibrium (a fresh D can be silent at every fake too,
        Line's at seed 5, until its first iteration);
        "g_point" where G puts every shown fake at the very same point whatever its noise (its units silenced: G's
        Adam at GAN Lab's 0.03 on Two Gaussians did so by iteration 1,000), a point it may move but can never spread
        again; None otherwise, or where no gradients were probed for the first. A host read or two, once a snapshot.
        A snapshot alone cannot tell a stall from a moment: D silent at nearly every fake, or at every one, also
        passes within 25 iterations in healthy runs (docs/TRAINING.md), so nothing short of every fake is read."""
        if self.fake.shape[0] > 0 and self.flat_fakes == self.fake.shape[0]:
            return "d_flat"
        if self.fake.shape[0] > 1 and bool((self.fake == self.fake[0]).all()):
            return "g_point"
        return None
