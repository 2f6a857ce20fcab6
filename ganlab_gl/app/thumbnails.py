"""The overview graph's small pictures, drawn by the same layers as the main canvas.

Each stage of the model overview graph (noise, generator, samples, discriminator,
predictions, gradients) gets a square texture that `update` redraws from the frame's
snapshot. One canvas holds every layer, so the snapshot crosses the bridge once for all
stages; each stage shows its subset of layers. Like GAN Lab's overview, the
discriminator picture is D's classification alone, its heatmap (the real and fake samples
drawn over it, coloured by D, covered the surface it stands for), the prediction pictures
colour their samples by D's output (one class each, by D's output alone and spread from 1/2
as GAN Lab spreads it, so the real samples D takes for fakes stand out), and the noise
picture shows the noise samples as dots. The pictures show the whole data view however
the canvas is zoomed, so their heatmap is the snapshot's `overview_heatmap` when it has one.

The pictures share one texture, a picture sheet (picture_sheet.py), which keeps its identity
for the object's life (register it with the ImGui renderer once). No multisampling: the layers' shaders already
anti-alias discs and arrows, and on a software rasteriser MSAA doubles the cost of eight small pictures.
`min_interval_s` lets a slow machine redraw them less often; a changed morph or glide redraws
at once, so the hover animation and a step's glide stay smooth. After a step the fakes and their arrows glide
as the canvas's do, at the glide the lab gives both (step_glide.py), from where the pictures drew them
(`glide_from_drawn`); at rest, and at a glide of 1, they redraw only for a new snapshot or view.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Callable

import moderngl
import torch

from ganlab_gl.core.snapshot import HeatmapProbe, ManifoldProbe, Rect, Snapshot
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.canvas import Canvas
from ganlab_gl.render.layer_table import LAYERS
from ganlab_gl.render.layers.noise_view import UNIT_SQUARE
from ganlab_gl.render.layers.samples import CLASS_RIM_PX, SamplesLayer
from ganlab_gl.render.view import View

from .picture_sheet import PictureSheet

SAMPLE_RADIUS_PX = 1.25  # GAN Lab: 1 px dots on its 50 px thumbnails, 2 px on the 400 px plot
PREDICTION_RADIUS_PX = 2.25  # coloured by D's output: no class-colour rim, all of the disc is D's colour
ARROW_HEAD_PX = (3.0, 2.5)  # length, width: the main canvas's heads would swamp a thumbnail
ARROW_WIDTH_PX = 1.0
MESH_EVERY = 2  # the generator picture's grid lines: every 2nd of the 32 (GAN Lab draws 20 on its ~110 px)
# The noise and generator pictures, about 100 px across, draw at most this many manifold cells per side: finer ones
# fall under a pixel, and the 2048² manifold with its mesh cost these pictures 20 s a frame on llvmpipe.
OVERVIEW_MANIFOLD_CELLS = 64
# Their heatmap, likewise: at most this many cells per side (about a pixel each at twice the UI scale); the 2048²
# heatmap, 16 MiB, uploaded in one frame stalled the window while the canvas refined in bands.
OVERVIEW_HEATMAP_CELLS = 128


@dataclass(frozen=True)
class Stage:
    layers: tuple[str, ...]
    by_prediction: bool = False  # samples coloured by D's output alone, spread from 1/2, with no class-colour rim
    noise_space: bool = False  # drawn on the unit noise square instead of the data view
    mesh: bool = False  # the manifold's grid lines: GAN Lab's generator picture is its warped noise grid


STAGES: dict[str, Stage] = {
    "noise": Stage(("noise", "noise_samples"), noise_space=True),
    "generator": Stage(("manifold", "fake"), mesh=True),
    "real_samples": Stage(("real",)),
    "fake_samples": Stage(("fake",)),
    "discriminator": Stage(("heatmap",)),
    "real_predictions": Stage(("real",), by_prediction=True),
    "fake_predictions": Stage(("fake",), by_prediction=True),
    "generator_gradients": Stage(("fake", "gradients")),
}


LAYER_NAMES = tuple(row.name for row in LAYERS)  # the data layers and the noise space's


class Thumbnails:
    def __init__(self, ctx: moderngl.Context, bridge: Bridge, size_px: int, pixel_scale: float = 1.0,
                 min_interval_s: float = 0.0, clock: Callable[[], float] = time.perf_counter):
        """`size_px`: each picture's side in framebuffer pixels; `pixel_scale`: their HiDPI
        factor, so dots and arrows keep their apparent size."""
        self.ctx = ctx
        self.size = (size_px, size_px)
        self.pixel_scale = pixel_scale
        self.min_interval_s = min_interval_s
        self.clock = clock
        self._last_drawn: tuple | None = None  # (time, morph, glide, snapshot, rect) of the last drawing
        self._overview: tuple[Snapshot, Snapshot] | None = None  # (a snapshot, overview_of it): the hover morph
        # redraws one snapshot every frame, and coarsening a 2048² manifold again took about 12 ms a frame
        self._pending: View | None = None  # the data view to draw what `upload` uploaded with
        self.canvas = Canvas(ctx, bridge, LAYER_NAMES)
        gradients = self.canvas["gradients"]
        gradients.head_length_px, gradients.head_width_px = ARROW_HEAD_PX
        gradients.width_px = ARROW_WIDTH_PX
        self.canvas["manifold"].outline_every = MESH_EVERY
        for layer in self.canvas.layers.values():
            if isinstance(layer, SamplesLayer):  # as GAN Lab's: plain dots, and half the draw calls
                layer.halo_px = layer.outline_px = 0.0
        self.sheet = PictureSheet(ctx, STAGES, size_px)

    def update(self, snapshot: Snapshot, morph: float = 1.0, rect: Rect | None = None, glide: float = 1.0) -> bool:
        """Redraw every stage from `snapshot` (`upload`, then `draw`) when due; returns whether it drew."""
        due = self.upload(snapshot, morph, rect, glide)
        self.draw()
        return due

    def glide_from_drawn(self) -> None:
        """At a step: the fakes and their arrows glide from where the pictures drew them last to the next snapshot's
        places (render/layer.py), as the canvas's do."""
        self.canvas.glide_from_drawn()

    def upload(self, snapshot: Snapshot, morph: float = 1.0, rect: Rect | None = None, glide: float = 1.0) -> bool:
        """Upload `snapshot` for `draw` unless drawn less than `min_interval_s` ago at the same morph and glide, or
        drawn from this very snapshot at the same morph, glide and rect (the pictures would not change); returns
        whether it did. `morph` is the generator picture's noise -> manifold position (GAN Lab's hover animation);
        `rect` the data view (default: the snapshot's data rect; pass the main view's to show what it shows);
        `glide` how far a step's fakes and arrows have gone from where they were drawn (1: at their places)."""
        now = self.clock()
        if self._last_drawn is not None:
            last_time, last_morph, last_glide, last_snapshot, last_rect = self._last_drawn
            if (morph, glide) == (last_morph, last_glide) and (
                    now - last_time < self.min_interval_s or (snapshot is last_snapshot and rect == last_rect)):
                return False
        self._last_drawn = (now, morph, glide, snapshot, rect)
        for layer in self.canvas.layers.values():
            layer.glide = glide
        if self._overview is None or self._overview[0] is not snapshot:
            self._overview = (snapshot, overview_of(snapshot))
        self.canvas.set_snapshot(self._overview[1])
        self.canvas["manifold"].morph = morph  # before the upload, which measures the shown manifolds' cells at it
        for name in ("manifold", "noise"):  # shown by some stage (draw sets each stage's layers)
            self.canvas[name].visible = True
        self.canvas.upload()
        self._pending = View.fit(rect or snapshot.data_rect, self.size, self.pixel_scale)
        return True

    def draw(self) -> None:
        """Draw every stage from what `upload` uploaded, if anything."""
        if self._pending is None:
            return
        data_view, self._pending = self._pending, None
        previous_fbo, previous_viewport = self.ctx.fbo, self.ctx.viewport
        noise_view = View(UNIT_SQUARE, self.size, self.pixel_scale)
        for name, stage in STAGES.items():
            self._show(stage)
            self.canvas.draw(noise_view if stage.noise_space else data_view, self.sheet.framebuffer,
                             self.sheet.origin(name))
        if previous_fbo is not None:
            previous_fbo.use()
        else:  # a standalone context has no default framebuffer; leave none named, not ours
            self.ctx.fbo = None
        self.ctx.viewport = previous_viewport

    def _show(self, stage: Stage) -> None:
        self.canvas["manifold"].outlines = stage.mesh
        for name, layer in self.canvas.layers.items():
            layer.visible = name in stage.layers
            if isinstance(layer, SamplesLayer):
                layer.color_by_prediction = stage.by_prediction
                layer.rim_px = 0.0 if stage.by_prediction else CLASS_RIM_PX
                layer.stretch_values = stage.by_prediction
                layer.radius_px = PREDICTION_RADIUS_PX if stage.by_prediction else SAMPLE_RADIUS_PX

    def release(self) -> None:
        self.canvas.release()
        self.sheet.release()


def overview_of(snapshot: Snapshot) -> Snapshot:
    """The snapshot as the overview's pictures show it: D over their whole data view as its heatmap (critic-coloured
    dots then share that heatmap's scale, as on the canvas), and the manifold at most OVERVIEW_MANIFOLD_CELLS
    cells per side, its heatmap at most OVERVIEW_HEATMAP_CELLS."""
    manifold = snapshot.manifold
    if manifold is not None and manifold.cells_per_side > OVERVIEW_MANIFOLD_CELLS:
        snapshot = replace(snapshot, manifold=coarsened(manifold, OVERVIEW_MANIFOLD_CELLS))
    heatmap = snapshot.overview_heatmap or snapshot.heatmap
    if heatmap is not None and max(heatmap.values.shape) > OVERVIEW_HEATMAP_CELLS:
        heatmap = averaged(heatmap, OVERVIEW_HEATMAP_CELLS)
    return replace(snapshot, heatmap=heatmap)


def averaged(heatmap: HeatmapProbe, at_most: int) -> HeatmapProbe:
    """`heatmap` over the same rect in at most `at_most` cells per side, each the mean of the fine cells it covers,
    a critic's coloured on the fine grid's scale: the canvas's, which the pictures' critic-coloured dots share. A
    probability grid is coloured on none, and the median that scale takes cost 0.1 s at 2048²."""
    cells = tuple(min(side, at_most) for side in heatmap.values.shape)
    return replace(heatmap, values=torch.nn.functional.adaptive_avg_pool2d(heatmap.values[None, None], cells)[0, 0],
                   scale_of_finer=heatmap.display_scale if heatmap.kind == "critic" else None)


def coarsened(manifold: ManifoldProbe, at_most: int) -> ManifoldProbe:
    """`manifold` on every k-th of its grid lines (and its last), k the least that leaves at most `at_most` cells per
    side: the vertices G already gave, each coarse cell holding the noise mass of the fine cells inside it."""
    cells, device = manifold.cells_per_side, manifold.vertices.device
    lines = torch.tensor(sorted({*range(0, cells + 1, -(-cells // at_most)), cells}), device=device)
    block = torch.bucketize(torch.arange(cells, device=device), lines[1:], right=True)  # each fine cell's coarse one
    mass = manifold.cell_mass
    for axis in range(manifold.noise_dim):  # summed along each axis in turn
        shape = list(mass.shape)
        shape[axis] = len(lines) - 1
        mass = torch.zeros(shape, dtype=mass.dtype, device=device).index_add_(axis, block, mass)
    kept = (lines[:, None], lines[None, :]) if manifold.noise_dim == 2 else (lines,)
    return ManifoldProbe(manifold.vertices[kept], manifold.noise_grid[kept], mass)


class ResizingThumbnails:
    """Thumbnails that follow the size the overview shows them at (`follow`, once per frame, first).
    A replaced set lives one more frame: the overview swaps its sheet's registration during the next draw."""

    RESIZE_SLACK_PX = 8  # re-render the pictures at a new size only when it changes this much

    def __init__(self, ctx: moderngl.Context, bridge: Bridge, size_px: int, min_interval_s: float):
        self.ctx, self.bridge, self.min_interval_s = ctx, bridge, min_interval_s
        self.current = Thumbnails(ctx, bridge, size_px, min_interval_s=min_interval_s)
        self._retired: Thumbnails | None = None

    def follow(self, wanted_px: int) -> None:
        if self._retired is not None:
            self._retired.release()
            self._retired = None
        if wanted_px and abs(wanted_px - self.current.size[0]) > self.RESIZE_SLACK_PX:
            self._retired = self.current
            self.current = Thumbnails(self.ctx, self.bridge, wanted_px, min_interval_s=self.min_interval_s)

    def release(self) -> None:
        for thumbnails in (self.current, self._retired):
            if thumbnails is not None:
                thumbnails.release()
