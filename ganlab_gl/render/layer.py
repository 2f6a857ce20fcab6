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

A layer whose `glide_slots` name slots glides them after a step, as GAN Lab's dots and arrows move over 1.25 s
(ganlab.ts, `iterateTraining`): `glide_from_drawn()` stages, in slot `<slot>_start`, where the slot was drawn last,
and the shader draws `mix(start, new, glide)` (shaders/glide.glsl) as the app's clock moves `glide` from 0 to 1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple, TypeVar

import moderngl
import torch

from ganlab_gl.core.snapshot import Snapshot
from ganlab_gl.render.bridge import Bridge, TensorBuffer
from ganlab_gl.render.colormap import colormap_table
from ganlab_gl.render.view import View

GLObject = TypeVar("GLObject")


# What a step's units count, each kind of work timed apart by a banded draw (canvas_widget.py), which does steps of
# one kind a frame: manifold cells drawn, filled or outlined (other layers' draws count 1), cells measured or bytes
# uploaded.
DRAWN, MEASURED, UPLOADED = "cells drawn", "cells measured", "bytes uploaded"
WORKS = (DRAWN, MEASURED, UPLOADED)


class Step(NamedTuple):
    """A part of a picture's upload or draw: done in order, the steps do what one upload and draw do."""
    work: str  # one of WORKS
    units: int
    call: Callable[[], None]


class Layer:
    name = "layer"
    glide_slots: tuple[str, ...] = ()  # the slots drawn gliding from their start after a step (module docstring)

    def __init__(self, ctx: moderngl.Context, bridge: Bridge):
        self.ctx = ctx
        self.bridge = bridge
        self.visible = True
        self.buffers: dict[str, TensorBuffer] = {}
        self._staged: dict[str, torch.Tensor] = {}
        self._uploaded: dict[str, tuple[torch.Tensor, int]] = {}  # slot -> (tensor, its version then)
        self._gl_objects: list = []
        self._colormap: moderngl.Texture | None = None
        self.glide = 1.0  # 0: the glide slots drawn at their start, 1: at their values (eased by the app's clock)

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
        for step in self.upload_steps(None):
            step.call()

    def upload_steps(self, part_bytes: int | None) -> list[Step]:
        """`upload` as steps of at most `part_bytes` each (None: a slot a step), the last ending it (`uploaded`), so
        that a banded draw spreads a 2048² picture's 82 MB over frames. A slot being written counts as not uploaded
        until the last step, so an upload left unfinished is staged again whole."""
        if not self._staged:
            return []
        staged, self._staged = self._staged, {}
        steps = []
        for slot, tensor in staged.items():
            if slot not in self.buffers:
                self.buffers[slot] = self.bridge.new_buffer(f"{self.name}.{slot}")
            self._uploaded.pop(slot, None)
            steps += [Step(UPLOADED, units, call) for units, call in
                      self.bridge.write_steps(self.buffers[slot], tensor, part_bytes)]

        def done() -> None:
            for slot, tensor in staged.items():
                self._uploaded[slot] = (tensor, tensor._version)
            self.uploaded(set(staged))
        return steps + [Step(UPLOADED, 0, done)]

    def glide_from_drawn(self) -> None:
        """Where the glide slots were drawn last (their start and values blended at `glide`) becomes their start, so
        that the next values staged glide from the picture on screen: a step in mid-glide goes on from there."""
        for slot in self.glide_slots:
            now = self._latest(slot)
            if now is not None:
                self.stage(f"{slot}_start", self.as_drawn(slot, now))

    def as_drawn(self, slot: str, values: torch.Tensor) -> torch.Tensor:
        """`values` of glide slot `slot` where the layer draws them now: in a glide under way, blended from the
        slot's start at `glide`, as the shader blends them (a screenshot in mid-glide shows what the screen does)."""
        start = self._latest(f"{slot}_start")
        if self.glide < 1.0 and start is not None and start.shape == values.shape:
            return torch.lerp(start, values, self.glide)
        return values

    def bind_glide(self, slots: tuple[str, ...]) -> float:
        """Bind each of `slots`' start to storage buffer 0, 1, ... in turn (shaders/glide.glsl) and return the glide
        to draw at. Not gliding, or without a start of a slot's length (the first picture, a new run), a slot's own
        values stand in for its start and the glide is 1."""
        gliding = self.glide < 1.0 and all(
            self.has(f"{slot}_start") and len(self.buffers[f"{slot}_start"]) == len(self.buffers[slot])
            for slot in slots)
        for binding, slot in enumerate(slots):
            self.buffers[f"{slot}_start" if gliding else slot].buffer.bind_to_storage_buffer(binding)
        return max(self.glide, 0.0) if gliding else 1.0

    def _latest(self, slot: str) -> torch.Tensor | None:
        """The tensor last staged or uploaded in `slot`, None where there is none."""
        if slot in self._staged:
            return self._staged[slot]
        return self._uploaded[slot][0] if slot in self._uploaded else None

    def uploaded(self, slots: set[str]) -> None:
        """Hook: these slots' buffers now hold new data."""

    def has(self, *slots: str) -> bool:
        """Whether every slot holds data (something was uploaded and it was not empty)."""
        return all(slot in self.buffers and self.buffers[slot].nbytes > 0 for slot in slots)

    def draw(self, view: View) -> None:
        raise NotImplementedError

    def draw_steps(self, view: View, parts: dict[str, int] | None) -> list[Step]:
        """The draw as steps, at most `parts[work]` units each where the layer can split it (None: at once): one step
        here; the manifold's measure and fill split into bands of rows."""
        return [Step(DRAWN, 1, lambda: self.draw(view))]

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
