"""The generator's input: uniform on [0,1]^d, GAN Lab's truncated Gaussian, or a standard normal.

GAN Lab draws Gaussian noise with tf.truncatedNormal(mean 0.5, std 0.25), which cuts
at two standard deviations, so both its kinds cover exactly [0,1]^d. That lets the
manifold grid span the same square for both, with each cell weighted by its mass.

The research protocols feed G a standard normal, as PacGAN does (N(0, 1)); here it is
cut at two standard deviations as GAN Lab cuts its Gaussian, so it is GAN Lab's
Gaussian centred and scaled by 4: `to_unit` maps it onto the same unit square, where
the pictures draw it with the same grid and cell masses. Scale matters to training
even though G's first layer is linear: with Adam and these initial weights, G fed
GAN Lab's [0, 1] Gaussian covered 1 and 4 of ring8's 8 modes where the standard
normal covered 8 and 8 (docs/TRAINING.md).
"""

from __future__ import annotations

import math

import torch

GAUSSIAN_MEAN = 0.5
GAUSSIAN_STD = 0.25


def sample(count: int, dim: int, kind: str, generator: torch.Generator) -> torch.Tensor:
    """(count, dim) noise on the generator's device, so training noise never crosses the bus."""
    if kind == "uniform":
        return torch.rand(count, dim, generator=generator, device=generator.device)
    if kind == "gaussian":
        return torch.nn.init.trunc_normal_(torch.empty(count, dim, device=generator.device), GAUSSIAN_MEAN,
                                           GAUSSIAN_STD, 0.0, 1.0, generator=generator)
    if kind == "normal":
        return torch.nn.init.trunc_normal_(torch.empty(count, dim, device=generator.device), 0.0, 1.0, -2.0, 2.0,
                                           generator=generator)
    raise ValueError(f"noise: unknown kind {kind!r}")


def to_unit(z: torch.Tensor, kind: str) -> torch.Tensor:
    """G's input as the pictures place it, in [0,1]^d: the standard normal onto GAN Lab's Gaussian."""
    return z * GAUSSIAN_STD + GAUSSIAN_MEAN if kind == "normal" else z


def from_unit(u: torch.Tensor, kind: str) -> torch.Tensor:
    """Inverse of `to_unit`: a point of the pictures' unit square as G's input."""
    return (u - GAUSSIAN_MEAN) / GAUSSIAN_STD if kind == "normal" else u


def grid(cells: int, dim: int, device: torch.device | str = "cpu") -> torch.Tensor:
    """Vertices of the noise grid: (M+1, M+1, 2) for 2-D noise, (M+1, 1) for 1-D.

    grid[j, i] = (i / M, j / M): i runs along noise dimension 0, j along dimension 1.
    """
    ticks = torch.linspace(0.0, 1.0, cells + 1, device=device)  # (M+1,)
    if dim == 1:
        return ticks[:, None]
    if dim == 2:
        v, u = torch.meshgrid(ticks, ticks, indexing="ij")  # (M+1, M+1) each
        return torch.stack([u, v], dim=-1)
    raise ValueError(f"noise: a manifold grid needs 1-D or 2-D noise, not {dim}-D")


def interval_mass(cells: int, kind: str, device: torch.device | str = "cpu") -> torch.Tensor:
    """(M,) probability of each of M equal intervals of [0, 1] under one noise dimension."""
    edges = torch.linspace(0.0, 1.0, cells + 1, device=device, dtype=torch.float64)  # (M+1,)
    if kind == "uniform":
        cdf = edges
    elif kind in ("gaussian", "normal"):  # the same distribution on the unit square (`to_unit`)
        z = (edges - GAUSSIAN_MEAN) / GAUSSIAN_STD
        cdf = 0.5 * (1 + torch.erf(z / math.sqrt(2)))
    else:
        raise ValueError(f"noise: unknown kind {kind!r}")
    mass = cdf[1:] - cdf[:-1]
    return (mass / mass.sum()).float()


def cell_mass(cells: int, dim: int, kind: str, device: torch.device | str = "cpu") -> torch.Tensor:
    """Noise probability per manifold cell: (M, M) indexed [j, i] for 2-D, (M,) for 1-D; sums to 1."""
    per_axis = interval_mass(cells, kind, device)  # (M,)
    if dim == 1:
        return per_axis
    if dim == 2:
        return per_axis[:, None] * per_axis[None, :]  # (M, M): [j, i] = mass_j * mass_i
    raise ValueError(f"noise: a manifold grid needs 1-D or 2-D noise, not {dim}-D")
