"""Probes: run the models over grids and sample sets to fill a Snapshot for the renderer.

Everything stays on the training device (no host copy); large grids run in chunks so
memory stays bounded at N, M up to 2048 and a million fakes. The fixed display noise
and real samples are drawn once per (run, counts) from their own seeded generators, so
the picture of an untouched model never flickers between frames.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import replace
from typing import Callable

import torch

from . import noise
from .snapshot import HeatmapProbe, ManifoldProbe, Rect, Snapshot, critic_centre
from .trainer import Trainer

CHUNK_ROWS = 1 << 18  # points per forward pass: 256k x 100 neurons x 4 B = 100 MB at the widest layer
# The overview's own heatmap while the canvas is zoomed: GAN Lab's whole heatmap is 30 x 30 cells, and the
# overview's pictures are a few hundred pixels wide, smooth between cell centres.
OVERVIEW_HEATMAP_RES = 32
# A band of a banded probe starts on a multiple of this many points: the CPU's matrix kernels take the rows in
# blocks and the last, partial block another way, whose sums differ in the last bit; so aligned bands give each point
# the very value of one pass (25,000-point bands did not).
BAND_ALIGN = 64
OVERVIEW_MARGIN = 0.05  # share of the overview's view added on each side, so a view that glides stays covered


def chunked(function: Callable[[torch.Tensor], torch.Tensor], inputs: torch.Tensor, out_features: int) -> torch.Tensor:
    """function(inputs) computed CHUNK_ROWS rows at a time into one preallocated (P, out_features) tensor."""
    out = torch.empty(inputs.shape[0], out_features, device=inputs.device)
    for start in range(0, inputs.shape[0], CHUNK_ROWS):
        out[start:start + CHUNK_ROWS] = function(inputs[start:start + CHUNK_ROWS])
    return out


def cell_centres(rect: Rect, cells: int, device: torch.device | str = "cpu") -> torch.Tensor:
    """(N, N, 2) centres of an N x N tiling of rect; [j, i] is column i (x), row j (y)."""
    x0, y0, x1, y1 = rect
    xs = x0 + (torch.arange(cells, device=device) + 0.5) * ((x1 - x0) / cells)  # (N,)
    ys = y0 + (torch.arange(cells, device=device) + 0.5) * ((y1 - y0) / cells)  # (N,)
    grid_y, grid_x = torch.meshgrid(ys, xs, indexing="ij")
    return torch.stack([grid_x, grid_y], dim=-1)


def covers(outer: Rect, inner: Rect) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and outer[2] >= inner[2] and outer[3] >= inner[3]


def grown(rect: Rect, share: float) -> Rect:
    """rect with `share` of its width and height added on each side."""
    x0, y0, x1, y1 = rect
    dx, dy = share * (x1 - x0), share * (y1 - y0)
    return (x0 - dx, y0 - dy, x1 + dx, y1 + dy)


def shoelace_areas(vertices: torch.Tensor) -> torch.Tensor:
    """Signed area of each quad cell of a (M+1, M+1, 2) vertex grid: (M, M), positive when the
    cell keeps the noise grid's counter-clockwise orientation (i -> +x, j -> +y), negative when folded.
    The torch reference for the renderer's GPU computation, and for metrics."""
    corners = [vertices[:-1, :-1], vertices[:-1, 1:], vertices[1:, 1:], vertices[1:, :-1]]  # CCW, (M, M, 2) each
    area = torch.zeros(corners[0].shape[:2], dtype=vertices.dtype, device=vertices.device)
    for a, b in zip(corners, corners[1:] + corners[:1]):
        area += a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]
    return 0.5 * area


def segment_lengths(vertices: torch.Tensor) -> torch.Tensor:
    """(M,) lengths of the polyline segments of a (M+1, 2) 1-D manifold."""
    return (vertices[1:] - vertices[:-1]).norm(dim=1)


class Prober:
    """Holds the fixed display sets for one trainer; `snapshot()` runs all probes."""

    def __init__(self, trainer: Trainer):
        self.trainer = trainer
        self._display_key: tuple | None = None
        self.display_noise = torch.empty(0)  # (F, noise_dim) G's input for the shown fakes
        self.display_noise_unit = torch.empty(0)  # the same on the pictures' unit square (noise.to_unit), made once
        self.display_real = torch.empty(0)
        self._grid_key: tuple | None = None
        self._centres: dict[tuple, torch.Tensor] = {}  # (rect, cells, device) -> (N*N, 2) cell centres
        self._grid: tuple[torch.Tensor, torch.Tensor] = (torch.empty(0), torch.empty(0))

    def _display_sets(self, real_count: int, fake_count: int) -> tuple[torch.Tensor, torch.Tensor]:
        t = self.trainer
        key = (t.run_id, real_count, fake_count)
        if key != self._display_key:
            seed = t.config.run.seed + 2
            self.display_noise = noise.sample(fake_count, t.config.noise.dim, t.config.noise.kind,
                                              torch.Generator(t.device).manual_seed(seed))  # (F, noise_dim), G's input
            self.display_noise_unit = noise.to_unit(self.display_noise, t.config.noise.kind)
            self.display_real = t.dataset.sample(real_count, torch.Generator().manual_seed(seed)).to(t.device)  # (R, 2)
            self._display_key = key
        return self.display_noise, self.display_real

    # -- individual probes -------------------------------------------------------------
    def d_values(self, points: torch.Tensor) -> torch.Tensor:
        """(P,) D's output on points, in display units (probability or critic score)."""
        t = self.trainer
        with torch.no_grad():
            return t.loss.display(chunked(t.discriminator, points, 1)).squeeze(1)

    def heatmap(self, rect: Rect, cells: int) -> HeatmapProbe:
        return _finished(self._heatmap_in_bands(rect, cells, None))

    def _heatmap_in_bands(self, rect: Rect, cells: int, band: int | None) -> Generator[int, None, HeatmapProbe]:
        """D over the N x N cell centres, `band` of them at a time (None: all at once), yielding after each band;
        returns the probe."""
        key = (rect, cells, self.trainer.device)
        centres = self._centres.pop(key, None)
        if centres is None:  # the views move rarely; the grids are the same most frames
            centres = cell_centres(rect, cells, self.trainer.device).reshape(-1, 2)  # (N*N, 2)
        self._centres[key] = centres  # the most recently used last
        while len(self._centres) > 2:  # the canvas's grid and the overview's
            del self._centres[next(iter(self._centres))]
        values = torch.empty(len(centres), device=centres.device)
        yield from _in_bands(self.d_values, centres, values, band)
        return HeatmapProbe(values.reshape(cells, cells), rect, self.trainer.loss.d_output)  # (N, N)

    def generate(self, z: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            return chunked(self.trainer.generator, z, 2)  # (P, 2)

    def manifold(self, cells: int) -> ManifoldProbe | None:
        return _finished(self._manifold_in_bands(cells, None))

    def _manifold_in_bands(self, cells: int, band: int | None) -> Generator[int, None, ManifoldProbe | None]:
        """G over the noise grid's vertices, `band` of them at a time (None: all at once), yielding after each
        band; returns the probe (None for noise of more than 2 dimensions: no grid)."""
        c = self.trainer.config.noise
        if c.dim > 2:
            return None
        grid, mass = self._noise_grid(cells, c.dim, c.kind)
        z = noise.from_unit(grid.reshape(-1, c.dim), c.kind)
        vertices = torch.empty(len(z), 2, device=z.device)
        yield from _in_bands(self.generate, z, vertices, band)
        return ManifoldProbe(vertices.reshape(*grid.shape[:-1], 2), grid, mass)

    def _noise_grid(self, cells: int, dim: int, kind: str) -> tuple[torch.Tensor, torch.Tensor]:
        """The same grid and mass tensors every frame, so the renderer uploads them once."""
        key = (cells, dim, kind, self.trainer.device)
        if key != self._grid_key:
            self._grid = (noise.grid(cells, dim, self.trainer.device),  # (M+1, M+1, 2) or (M+1, 1)
                          noise.cell_mass(cells, dim, kind, self.trainer.device))
            self._grid_key = key
        return self._grid

    def fake_gradients(self, fake: torch.Tensor) -> torch.Tensor:
        """(F, 2) gradient of D's displayed output at each fake, as GAN Lab draws it (dD/dx).
        Every loss here lowers G's loss as D's output rises, so the arrow points where
        training pushes the sample; render/layers/gradients.py draws it at GAN Lab's length on the data's square."""
        t = self.trainer
        out = torch.empty_like(fake)
        for start in range(0, fake.shape[0], CHUNK_ROWS):
            x = fake[start:start + CHUNK_ROWS].detach().requires_grad_(True)
            (grad,) = torch.autograd.grad(t.loss.display(t.discriminator(x)).sum(), x)
            out[start:start + CHUNK_ROWS] = grad
        return out

    # -- everything ---------------------------------------------------------------------
    def snapshot(self, view: Rect | None = None, heatmap_res: int | None = None, manifold_res: int | None = None,
                 count: int | None = None, gradients: bool = True, overview_view: Rect | None = None) -> Snapshot:
        """`view`: the canvas's rectangle; `overview_view`: the one the overview's pictures show, which
        gets its own coarse heatmap when `view` does not cover it (a zoomed canvas); `count`: samples of each
        kind (default: probe.shown_samples real, probe.shown_fakes fake)."""
        *_, snapshot = self.snapshot_in_bands(None, view, heatmap_res, manifold_res, count, gradients, overview_view)
        return snapshot

    def banded_points(self, heatmap_res: int | None = None, manifold_res: int | None = None) -> int:
        """The points `snapshot_in_bands` probes in its bands, in all (what a progress report counts): the heatmap's
        N x N cell centres and the manifold's (M + 1)^d vertices for d-dimensional noise (none past 2)."""
        p, dim = self.trainer.config.probe, self.trainer.config.noise.dim
        return (heatmap_res or p.heatmap_res) ** 2 + ((manifold_res or p.manifold_res) + 1) ** dim * (dim <= 2)

    def snapshot_in_bands(self, band: int | None, view: Rect | None = None, heatmap_res: int | None = None,
                          manifold_res: int | None = None, count: int | None = None, gradients: bool = True,
                          overview_view: Rect | None = None) -> Iterator[int | Snapshot]:
        """`snapshot`, its heatmap's cells and its manifold's vertices probed `band` at a time (None: all at once),
        so that a caller can spread a 2048² probe over frames (on a CPU a 2048² manifold and heatmap took 0.4 s):
        each band's number of points, the snapshot last. The bands give the very values of one pass: each point's
        result is its own (tests/test_probes.py)."""
        t = self.trainer
        p = t.config.probe
        heatmap = yield from self._heatmap_in_bands(view or t.data_rect, heatmap_res or p.heatmap_res, band)
        manifold = yield from self._manifold_in_bands(manifold_res or p.manifold_res, band)
        z, real = self._display_sets(count or p.shown_samples, count or p.shown_fakes)
        fake = self.generate(z)
        d_real, d_fake = self.d_values(real), self.d_values(fake)
        overview = None if overview_view is None or covers(heatmap.rect, overview_view) \
            else self.heatmap(grown(overview_view, OVERVIEW_MARGIN), OVERVIEW_HEATMAP_RES)
        if t.loss.d_output == "critic":  # one centre for the canvas's grid and the overview's: their colours agree
            centre = critic_centre(d_real, d_fake)
            heatmap = replace(heatmap, centre=centre)
            overview = None if overview is None else replace(overview, centre=centre)
        yield Snapshot(
            iteration=t.iteration_count,
            real=real,
            fake=fake,
            noise=self.display_noise_unit,
            d_real=d_real,
            d_fake=d_fake,
            fake_gradient=self.fake_gradients(fake) if gradients else None,
            heatmap=heatmap,
            overview_heatmap=overview,
            manifold=manifold,
            data_rect=t.data_rect,
            d_kind=t.loss.d_output,
        )


def _in_bands(function: Callable[[torch.Tensor], torch.Tensor], inputs: torch.Tensor, out: torch.Tensor,
              band: int | None) -> Iterator[int]:
    """out = function(inputs), `band` rows at a time (None: all at once; else up to a multiple of BAND_ALIGN),
    yielding each band's rows."""
    band = -(-band // BAND_ALIGN) * BAND_ALIGN if band else max(len(inputs), 1)
    for start in range(0, len(inputs), band):
        out[start:start + band] = function(inputs[start:start + band])
        yield len(out[start:start + band])


def _finished(steps: Generator):
    """What a banded probe returns once every band is done."""
    try:
        while True:
            next(steps)
    except StopIteration as done:
        return done.value
