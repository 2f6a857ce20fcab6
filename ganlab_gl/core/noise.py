"""The generator's input: uniform on [0,1]^d, or GAN Lab's truncated Gaussian.

GAN Lab draws Gaussian noise with tf.truncatedNormal(mean 0.5, std 0.25), which cuts
at two standard deviations, so both kinds cover exactly [0,1]^d. That lets the
manifold grid span the same square for both, with each cell weighted by its mass.
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
    raise ValueError(f"noise: unknown kind {kind!r}")


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
    elif kind == "gaussian":
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
