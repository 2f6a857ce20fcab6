"""The generator's manifold: the noise grid as G warps it, shaded by output density.

2-D noise: the M x M noise cells become a triangle mesh over the bridge-written
(M+1)^2 output vertices, read by the vertex shader (`manifold_fill.vert`) with no index buffer, so that
a band of cell rows is drawn by itself (`draw_steps`). A compute pass (`manifold_cells.comp`) measures each cell's
signed shoelace area where it is drawn and its density, noise mass / |area|; the
fragment shader maps density to opacity. 1-D noise: a polyline of M segments, measured
by length, shaded the same way.

Density, not GAN Lab's area rank, decides the look: GAN Lab shades a cell by its share
of the whole manifold's area (`max(0.9 - area * 0.4 * M^2, 0.1)`, demo/ganlab.ts), so
a cell's shade changes when others move. Here opacity is an absolute function of
density (`density_to_opacity`), measured against the density of unit mass spread
evenly over the data view (`reference_density`), so equal density looks equal at any
M, anywhere on screen, in every frame. Its legend is `density_legend`.

Folds: where G turns the sheet over, cells have signed area against the orientation
of the sheet as a whole (the sign of its total signed area, `manifold_orientation.comp`;
a G that mirrors the whole plane folds nothing). A folded cell's density uses |area|:
the output does hold that much mass there, overlapping the cells it folds over, and the
translucent layers add up visibly. `show_folds` tints folded cells orange. A cell
squeezed to zero area is measured as 1e-30 and so saturates the opacity.

The morph (GAN Lab's hover animation, used by the noise view too): every vertex is
drawn at mix(noise position, output position, morph), on the GPU, and cells are
measured at the positions drawn, so density stays truthful mid-animation.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import moderngl
import numpy as np
import torch

from ganlab_gl.core.snapshot import Rect, Snapshot
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.colormap import FAKE_RGBA
from ganlab_gl.render.gl import (build_compute, build_program, covering_groups, dispatch_releasing_gil,
                                 set_uniforms, wait_releasing_gil)
from ganlab_gl.render.layer import DRAWN, MEASURED, Layer, Step
from ganlab_gl.render.view import View

OPACITY_RANGE = (0.1, 0.9)  # GAN Lab's clamp: the sparsest cells stay visible, the densest never opaque
SATURATION_RATIO = 64.0  # density / reference at which opacity tops out
LEGEND_RATIOS = (0.0, 1.0, 4.0, 16.0, 64.0)
FOLD_RGB = (230 / 255, 97 / 255, 1 / 255)  # orange: apart from the purple fakes and green reals
OUTLINE_RGBA = (*FAKE_RGBA[:3], 0.5)

# Storage-buffer bindings, as declared in the manifold_*.comp, manifold_vertices.glsl and manifold.frag shaders.
_OUTPUT_BINDING, _NOISE_BINDING, _MASS_BINDING, _CELLS_BINDING, _ORIENTATION_BINDING = 0, 1, 2, 3, 4
_WORKGROUP = 64  # local_size_x of manifold_cells.comp
_CELL_BYTES = 8  # vec2 (signed measure, density) per cell


def reference_density(rect: Rect, noise_dim: int) -> float:
    """Density of unit mass spread evenly over `rect`: per area for 2-D noise, per length
    for 1-D (length measured in sides of the square with the rect's area)."""
    x0, y0, x1, y1 = rect
    return ((x1 - x0) * (y1 - y0)) ** (-noise_dim / 2)


def density_to_opacity(
    density: np.ndarray | float,
    density_ref: float,
    saturation_ratio: float = SATURATION_RATIO,
    opacity_range: tuple[float, float] = OPACITY_RANGE,
) -> np.ndarray:
    """opacity = lo + (hi - lo) * clamp(log(1 + density / ref) / log(1 + saturation), 0, 1).

    Logarithmic because densities of a training generator span orders of magnitude;
    log(1 + r) rather than log(r) so zero density lands on the floor, not at -inf.
    The GPU twin is `shaders/density_opacity.glsl`."""
    lo, hi = opacity_range
    t = np.log1p(np.asarray(density, dtype=np.float64) / density_ref) / math.log1p(saturation_ratio)
    return lo + (hi - lo) * np.clip(t, 0.0, 1.0)


@dataclass(frozen=True)
class LegendEntry:
    ratio: float  # density / reference density
    density: float
    opacity: float


@functools.lru_cache(maxsize=8)  # the legend asks every frame; its inputs change with the data or the settings
def density_legend(
    density_ref: float,
    saturation_ratio: float = SATURATION_RATIO,
    opacity_range: tuple[float, float] = OPACITY_RANGE,
    ratios: tuple[float, ...] = LEGEND_RATIOS,
) -> tuple[LegendEntry, ...]:
    """Swatches for the manifold's legend: "ratio x the even spread" -> opacity."""
    densities = np.asarray(ratios, dtype=np.float64) * density_ref
    opacities = density_to_opacity(densities, density_ref, saturation_ratio, opacity_range)
    return tuple(LegendEntry(float(r), float(d), float(o)) for r, d, o in zip(ratios, densities, opacities))


def grid_edge_indices(m: int, device: torch.device, every: int = 1) -> torch.Tensor:
    """Line-pair indices of the edges of an (m+1)^2 row-major vertex grid along every `every`-th grid line
    (the outer lines always)."""
    ids = torch.arange((m + 1) ** 2, device=device).reshape(m + 1, m + 1)
    lines = sorted({*range(0, m + 1, every), m})
    rows, columns = ids[lines, :], ids[:, lines]
    along_i = torch.stack([rows[:, :-1], rows[:, 1:]], dim=-1).reshape(-1, 2)
    along_j = torch.stack([columns[:-1, :], columns[1:, :]], dim=-1).reshape(-1, 2)
    return torch.cat([along_i, along_j]).reshape(-1).to(torch.int32)


def _row_bands(m: int, cells: int | None) -> list[tuple[int, int]]:
    """(first, end) rows of an M x M grid's bands of at most `cells` cells, whole rows (at least one; None: all)."""
    rows = m if cells is None else max(1, min(m, cells // m))
    return [(first, min(first + rows, m)) for first in range(0, m, rows)]


def noise_positions(noise_grid: torch.Tensor) -> torch.Tensor:
    """(N, 2) noise coordinates of the grid vertices; 1-D noise sits on the horizontal
    midline, where GAN Lab draws it."""
    flat = noise_grid.reshape(-1, noise_grid.shape[-1])
    if flat.shape[1] == 2:
        return flat.contiguous()
    return torch.cat([flat, torch.full_like(flat, 0.5)], dim=1)


class ManifoldLayer(Layer):
    name = "manifold"

    def __init__(
        self,
        ctx: moderngl.Context,
        bridge: Bridge,
        *,
        outlines: bool = False,
        show_folds: bool = False,
        saturation_ratio: float = SATURATION_RATIO,
        line_width_px: float = 2.0,
    ):
        super().__init__(ctx, bridge)
        self.outlines = outlines
        self.show_folds = show_folds
        self.saturation_ratio = saturation_ratio
        self.line_width_px = line_width_px  # 1-D polyline width; outlines are half as wide
        self.outline_every = 1  # outlines along every n-th grid line (a small picture's mesh stays open); set
        # before the first upload: the edge list is built when the grid's size changes
        self.morph = 1.0  # 0: the noise grid, 1: G's output
        self.noise_rect: Rect | None = None  # where the unit noise square is drawn; None: the data rect
        self.density_ref: float | None = None  # None: reference_density(data rect)
        self._data_rect: Rect = (0.0, 0.0, 1.0, 1.0)
        self._cells_per_side = 0
        self._noise_dim = 0
        self._generation = 0  # bumps on every upload, to know when cells need measuring
        self._measured: tuple | None = None
        # GPU-written, so not bridge buffers
        self._cells = self.track(ctx.buffer(reserve=_CELL_BYTES))
        self._orientation = self.track(ctx.buffer(reserve=4))
        self._measure = self.track(build_compute(ctx, "manifold_cells.comp"))
        self._orient = self.track(build_compute(ctx, "manifold_orientation.comp"))
        self._fill = self.track(build_program(ctx, vertex="manifold_fill.vert", fragment="manifold.frag"))
        self._lines = self.track(
            build_program(ctx, vertex="manifold.vert", fragment="manifold.frag", geometry="manifold_line.geom")
        )
        self._vaos: dict[str, moderngl.VertexArray] = {}
        self._noise: tuple[torch.Tensor, torch.Tensor] | None = None  # (the probe's noise grid, its positions)
        self._edges: tuple[tuple[int, int], torch.Tensor] | None = None  # ((M, outline_every), the edge list)
        self._absent = False

    def accept(self, snapshot: Snapshot) -> None:
        self._data_rect = snapshot.data_rect
        probe = snapshot.manifold
        self._absent = probe is None  # noise of more than 2 dimensions: no grid to draw
        if probe is None:
            return
        shape = (probe.cells_per_side, probe.noise_dim)
        if shape != (self._cells_per_side, self._noise_dim):
            self._cells_per_side, self._noise_dim = shape
            self._cells.orphan(self._cell_count * _CELL_BYTES)
        if self.outlines:  # else not built: a 2048² grid's edges took 0.3 s
            self._stage_edges()
        self.stage("output", probe.vertices.reshape(-1, 2))
        # The noise grid and masses change only with M or the noise kind, and the prober hands the same tensors every
        # frame: the positions are derived once, and staged again as the very tensor uploaded they are not written
        # again (an upload left unfinished writes them again: Layer.upload_steps).
        if self._noise is None or self._noise[0] is not probe.noise_grid:
            self._noise = (probe.noise_grid, noise_positions(probe.noise_grid))
        self.stage("noise", self._noise[1])
        self.stage("mass", probe.cell_mass)

    def uploaded(self, slots: set[str]) -> None:
        if slots - {"edges"}:  # the cells are measured again
            self._generation += 1

    def upload(self, measure: bool = True) -> None:
        """Upload, then (`measure`) measure the cells at once if shown, at the morph set before: a canvas uploads
        before it queues any draw, and on a software rasteriser a dispatch after a draw first waits for it, and the
        barrier after the dispatch splits the frame's rasterising in two. `draw` measures again only if the morph
        moved, or if not measured here (a banded draw measures in steps of its own: `draw_steps`)."""
        super().upload()
        if measure and self.visible and not self._absent and self.has("output", "noise", "mass"):
            self._measure_cells()

    @property
    def resolved_density_ref(self) -> float:
        if self.density_ref is not None:
            return self.density_ref
        return reference_density(self._data_rect, max(self._noise_dim, 1))

    @property
    def legend(self) -> tuple[LegendEntry, ...]:
        return density_legend(self.resolved_density_ref, self.saturation_ratio)

    def draw(self, view: View) -> None:
        for step in self.draw_steps(view, None):
            step.call()

    def draw_steps(self, view: View, parts: dict[str, int] | None) -> list[Step]:
        """The draw as steps in order: with `parts`, the 2-D cells measured `parts[MEASURED]` at a time where not
        measured yet (0.1 to 0.2 s for a 2048² grid on a loaded llvmpipe), then filled `parts[DRAWN]` at a time
        (whole rows of them; None: all at once, measured in the first), then outlined in as many steps (a share
        of the edges each), and a 1-D polyline in one step. Each call sets up all it uses, so other drawing may come
        between two of them (a band a frame: canvas_widget.py); together they draw what one draw of it all draws,
        pixel for pixel."""
        if self._absent or not self.has("output", "noise", "mass"):
            return []
        m = self._cells_per_side
        if self._noise_dim != 2:
            return [Step(DRAWN, m, lambda: self._draw_part(view, "segments"))]
        steps = []
        if parts is not None and self._measured != self._measure_key():
            steps += [Step(MEASURED, (last - first) * m, lambda first=first, last=last: self._measure_cells(first * m,
                                                                                                          last * m))
                      for first, last in _row_bands(m, parts[MEASURED])]
        bands = _row_bands(m, None if parts is None else parts[DRAWN])
        steps += [Step(DRAWN, (last - first) * m, lambda first=first, last=last: self._draw_part(view, "fill", first,
                                                                                                last))
                  for first, last in bands]
        if self.outlines:  # in bands as the fill: 8.4 million edges at 2048², as long to draw as its cells
            steps += [Step(DRAWN, (last - first) * m, lambda first=first, last=last: self._draw_part(view, "outlines",
                                                                                                   first, last))
                      for first, last in bands]
        return steps

    def _draw_part(self, view: View, part: str, first_row: int = 0, end_row: int = 0) -> None:
        """`part`: "fill" (cell rows first_row to end_row), "outlines" (the share first_row / M to end_row / M of
        the edge list) or "segments" (1-D noise)."""

        self._measure_cells()
        for binding, slot in ((_OUTPUT_BINDING, "output"), (_NOISE_BINDING, "noise"), (_MASS_BINDING, "mass")):
            self.buffers[slot].buffer.bind_to_storage_buffer(binding)
        self._cells.bind_to_storage_buffer(_CELLS_BINDING)
        self._orientation.bind_to_storage_buffer(_ORIENTATION_BINDING)
        uniforms = {
            **view.uniforms(),
            **self._placement_uniforms(),
            "u_density_ref": self.resolved_density_ref,
            "u_saturation_ratio": self.saturation_ratio,
            "u_opacity_range": OPACITY_RANGE,
            "u_color": FAKE_RGBA[:3],
            "u_fold_color": FOLD_RGB,
            "u_show_folds": self.show_folds and self._noise_dim == 2,  # segments cannot fold
            "u_outline_color": OUTLINE_RGBA,
            "u_first_cell": 0,
        }
        m = self._cells_per_side
        if part == "fill":
            first, count = first_row * m, (end_row - first_row) * m
            set_uniforms(self._fill, {**uniforms, "u_primitives_per_cell": 2, "u_outline": False,
                                      "u_first_cell": first, "u_cells_per_side": m})
            self._vao(None, self._fill, pulled=True).render(moderngl.TRIANGLES, vertices=6 * count, first=6 * first)
        elif part == "outlines":
            self._stage_edges()  # outlines turned on since the upload: their edge list (else nothing to write)
            super().upload()
            outline = {"u_line_width_px": 0.5 * self.line_width_px, "u_outline": True}
            set_uniforms(self._lines, {**uniforms, **outline})
            edges = len(self.buffers["edges"]) // 2
            first, end = 2 * (edges * first_row // m), 2 * (edges * end_row // m)  # whole edges, two indices each
            self._vao("edges", self._lines).render(moderngl.LINES, vertices=end - first, first=first)
        else:
            segments = {"u_line_width_px": self.line_width_px, "u_primitives_per_cell": 1, "u_outline": False}
            set_uniforms(self._lines, {**uniforms, **segments})
            self._vao(None, self._lines).render(moderngl.LINE_STRIP, vertices=m + 1)

    def _stage_edges(self) -> None:
        """The outlines' edge list for this grid, built again for another grid (staged as the very tensor uploaded,
        it is not written again)."""
        if self._noise_dim != 2:
            return
        key = (self._cells_per_side, self.outline_every)
        if self._edges is None or self._edges[0] != key:
            self._edges = (key, grid_edge_indices(self._cells_per_side, self.bridge.device, self.outline_every))
        self.stage("edges", self._edges[1])

    def read_cell_areas(self) -> np.ndarray:
        """GPU-measured signed cell areas, (M, M) with [j, i] as in the probe (segment
        lengths, (M,), for 1-D noise), at the current morph."""
        return self._read_cells()[..., 0]

    def read_cell_densities(self) -> np.ndarray:
        """GPU-computed densities (noise mass / |area|), shaped like read_cell_areas."""
        return self._read_cells()[..., 1]

    @property
    def _cell_count(self) -> int:
        return self._cells_per_side**self._noise_dim

    def _placement_uniforms(self) -> dict[str, float | tuple[float, ...]]:
        noise_rect = self.noise_rect if self.noise_rect is not None else self._data_rect
        return {"u_morph": float(np.clip(self.morph, 0.0, 1.0)), "u_noise_rect": tuple(map(float, noise_rect))}

    def _measure_key(self) -> tuple:
        return self._generation, tuple(self._placement_uniforms().items())

    def _measure_cells(self, first: int = 0, end: int | None = None) -> None:
        """Measure cells `first` to `end` (None: the last) where they are drawn, unless all are measured at this
        morph since the upload; the sheet's orientation with the first cell; all measured once the last is."""
        placement = self._placement_uniforms()
        key = self._measure_key()
        if key == self._measured:
            return
        end = self._cell_count if end is None else end
        self.buffers["output"].buffer.bind_to_storage_buffer(_OUTPUT_BINDING)
        self.buffers["noise"].buffer.bind_to_storage_buffer(_NOISE_BINDING)
        self.buffers["mass"].buffer.bind_to_storage_buffer(_MASS_BINDING)
        self._cells.bind_to_storage_buffer(_CELLS_BINDING)
        self._orientation.bind_to_storage_buffer(_ORIENTATION_BINDING)
        grid = {**placement, "u_cells_per_side": self._cells_per_side, "u_noise_dim": self._noise_dim}
        set_uniforms(self._measure, {**grid, "u_first_cell": first, "u_end_cell": end})
        dispatch_releasing_gil(self._measure, *covering_groups(end - first, _WORKGROUP))
        if self._noise_dim == 2 and first == 0:
            set_uniforms(self._orient, grid)
            dispatch_releasing_gil(self._orient, 1)
        wait_releasing_gil(self.ctx)  # the barrier below would wait for the compute with the GIL held
        self.ctx.memory_barrier()
        if end == self._cell_count:
            self._measured = key

    def _read_cells(self) -> np.ndarray:
        if not self.has("output", "noise", "mass"):
            raise RuntimeError("manifold layer: nothing uploaded yet")
        self._measure_cells()
        cells = np.frombuffer(self._cells.read(size=self._cell_count * _CELL_BYTES), dtype=np.float32)
        return cells.reshape((self._cells_per_side,) * self._noise_dim + (2,))

    def _vao(self, index_slot: str | None, program: moderngl.Program, pulled: bool = False) -> moderngl.VertexArray:
        """Built once: bridge buffers keep their GL names across writes and resizes. `pulled`: the program reads
        the vertices from the storage buffers, no attributes."""
        key = f"{index_slot}:{program.glo}"
        if key not in self._vaos:
            attributes = [] if pulled else [
                (self.buffers["output"].buffer, "2f", "in_output"),
                (self.buffers["noise"].buffer, "2f", "in_noise"),
            ]
            index = self.buffers[index_slot].buffer if index_slot else None
            self._vaos[key] = self.track(
                self.ctx.vertex_array(program, attributes, index_buffer=index, index_element_size=4)
            )
        return self._vaos[key]
