"""Base class of everything a canvas draws.

A layer's life per frame: `accept(snapshot)` keeps references to the tensors it needs
(cheap, any number of times), `upload()` pushes only what changed through the bridge
(once per frame, from the canvas), `draw(view)` issues the draw calls.

Subclasses call `self.stage(slot, tensor)` from `accept` for each tensor they draw.
None (not probed this time) is ignored, so the layer keeps its last data; so is the
very tensor uploaded last time unless it was written in place since (torch bumps a
tensor's version counter on every in-place write), so the trainer's fixed real
samples cross the bridge once, not every frame. After an upload `self.buffers[slot]`
is the TensorBuffer holding the slot, and `uploaded(slots)` runs so a layer can react
(e.g. copy a buffer into a texture).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import TypeVar

import moderngl
import torch

from ganlab_gl.core.snapshot import Snapshot
from ganlab_gl.render.bridge import Bridge, TensorBuffer
from ganlab_gl.render.colormap import colormap_table
from ganlab_gl.render.view import View

GLObject = TypeVar("GLObject")


OWN_FRAME = sys.maxsize  # a draw step's cells: a frame's work on its own, whatever the cells a frame draws


class Layer:
    name = "layer"

    def __init__(self, ctx: moderngl.Context, bridge: Bridge):
        self.ctx = ctx
        self.bridge = bridge
        self.visible = True
        self.buffers: dict[str, TensorBuffer] = {}
        self._staged: dict[str, torch.Tensor] = {}
        self._uploaded: dict[str, tuple[torch.Tensor, int]] = {}  # slot -> (tensor, its version then)
        self._gl_objects: list = []
        self._colormap: moderngl.Texture | None = None

    def accept(self, snapshot: Snapshot) -> None:
        raise NotImplementedError

    def stage(self, slot: str, tensor: torch.Tensor | None) -> None:
        if tensor is None:
            return
        last = self._uploaded.get(slot)
        if last is not None and last[0] is tensor and last[1] == tensor._version:
            self._staged.pop(slot, None)
        else:
            self._staged[slot] = tensor

    def upload(self) -> None:
        if not self._staged:
            return
        staged, self._staged = self._staged, {}
        for slot, tensor in staged.items():
            if slot not in self.buffers:
                self.buffers[slot] = self.bridge.new_buffer(f"{self.name}.{slot}")
            self.bridge.write(self.buffers[slot], tensor)
            self._uploaded[slot] = (tensor, tensor._version)
        self.uploaded(set(staged))

    def uploaded(self, slots: set[str]) -> None:
        """Hook: these slots' buffers now hold new data."""

    def has(self, *slots: str) -> bool:
        """Whether every slot holds data (something was uploaded and it was not empty)."""
        return all(slot in self.buffers and self.buffers[slot].nbytes > 0 for slot in slots)

    def draw(self, view: View) -> None:
        raise NotImplementedError

    def draw_steps(self, view: View, band: int | None) -> list[tuple[int, Callable[[], None]]]:
        """The draw as (cells, call) steps, at most `band` cells each where the layer can split it (None: at once):
        one step here; the manifold's fill splits into bands of rows. A step of OWN_FRAME cells is drawn in a frame
        of its own by a banded draw (canvas_widget.py)."""
        return [(1, lambda: self.draw(view))]

    def track(self, obj: GLObject) -> GLObject:
        """Register a GL object (program, vertex array, texture...) for `release`."""
        self._gl_objects.append(obj)
        return obj

    def grid_texture(self, slot: str, texture: moderngl.Texture | None) -> moderngl.Texture | None:
        """`slot`'s (rows, columns) float32 grid copied into a one-channel float texture, clamped at its edges:
        `texture` itself, or a new one where it was None or of another size (the old one released). Returns
        `texture` untouched while the slot is empty. The caller chooses the filtering."""
        grid = self.buffers[slot]
        if grid.nbytes == 0:
            return texture
        rows, cols = grid.shape
        if texture is None or texture.size != (cols, rows):
            if texture is not None:
                self.untrack([texture])
            texture = self.track(self.ctx.texture((cols, rows), 1, dtype="f4"))
            texture.repeat_x = texture.repeat_y = False
        texture.write(grid.buffer)
        return texture

    def colormap_texture(self) -> moderngl.Texture:
        """D's colormap for shaders that include colormap.glsl (bind it to their `u_colormap`): made once."""
        if self._colormap is None:
            table = colormap_table()
            self._colormap = self.track(self.ctx.texture((len(table), 1), 4, table.tobytes(), dtype="f4"))
            self._colormap.filter = (moderngl.NEAREST, moderngl.NEAREST)
        return self._colormap

    def untrack(self, objects: Iterable) -> None:
        """Release GL objects now (e.g. a texture being replaced by a larger one)."""
        for obj in objects:
            if obj in self._gl_objects:
                self._gl_objects.remove(obj)
                obj.release()

    def release(self) -> None:
        self.untrack(list(reversed(self._gl_objects)))
        for target in self.buffers.values():
            self.bridge.release_buffer(target)
        self.buffers.clear()
        self._staged.clear()
        self._uploaded.clear()
