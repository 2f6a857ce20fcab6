"""One training iteration captured as a CUDA graph (`run.cuda_graph = true`).

A GAN Lab iteration on these tiny networks is a hundred-odd small kernels; eager PyTorch
spends most of its time launching them. Captured once as a CUDA graph, an iteration is
one launch. What the graph needs, and how we give it that:

- Static shapes and addresses. Batches come from the trainer's fixed atlases, cycled by
  cursors (GAN Lab's input providers). Inside the graph the cursors are device tensors
  and each batch is a gather (`index_select`) from the atlas at the cursor, the same
  wrap-around rule as `Trainer._next_rows`; so the noise and data buffers are refreshed
  in place by the graph itself, and no host bytes or extra launches move per iteration.
  The host cursors are advanced alongside (they are what checkpoints save).
- The trainer's own update code. Capture runs `Trainer._d_update` / `_g_update` with
  the two batch sources swapped for the gathers, so the graph is exactly the eager code.
- Losses. Each replay writes (D loss, G loss) into a small device ring; the trainer's
  pending-loss list gets views of the ring, flushed as usual every `metrics.every`.
- Anything that changes what was captured (live edits of the training settings, a
  restart, new optimizers or optimizer state after a load or revert, steps taken
  outside the graph) is noticed before the next replay and the graph is captured again
  after a few eager warm-up iterations, which are real iterations.

Where capture is impossible (CPU tensors, fresh noise per batch, a gradient-penalty loss
that draws random numbers, a capture error) the iteration runs eagerly, and the reason is
logged once as one line (`GraphStep.note`).

`graph_state(trainer)` returns a trainer's GraphStep; `Trainer.iteration` uses it when
the switch is on. `GraphStep.static_iteration()` is the captured body, runnable eagerly
on any device (the CPU tests compare it with `Trainer.iteration`).
"""

from __future__ import annotations

import copy
import logging
import math

import torch

log = logging.getLogger("ganlab_gl.core")

WARMUP_ITERATIONS = 3  # eager iterations on a side stream before each capture (real iterations)


class CaptureUnsupported(RuntimeError):
    """This run cannot be captured; the message says why (one line)."""


def graph_state(trainer) -> "GraphStep":
    """The trainer's graph step, made on first use and kept on the trainer."""
    step = trainer.__dict__.get("_graph_step")
    if step is None:
        step = trainer.__dict__["_graph_step"] = GraphStep(trainer)
    return step


def capture_obstacle(trainer) -> str | None:
    """Why this run cannot be captured here, or None."""
    if trainer.device.type != "cuda":
        return f"tensors live on {trainer.device}"
    if trainer.noise_atlas is None:
        return "noise.atlas_size = 0 draws fresh noise every batch"
    if trainer.config.train.lr_decay_end:
        return "train.lr_decay_end changes the learning rates every iteration"
    if trainer.loss.gradient_penalty:
        return f"train.loss = {trainer.config.train.loss} draws random numbers for its gradient penalty"
    if not hasattr(torch.cuda, "CUDAGraph"):
        return "this torch has no CUDA graphs"
    return None


class GraphStep:
    def __init__(self, trainer):
        self.trainer = trainer
        self.note: str | None = None  # the last fallback reason, logged once per distinct reason
        self.captures = 0  # captures made (tests, benchmarks)
        self.replays = 0
        self._graph: torch.cuda.CUDAGraph | None = None
        self._key: tuple | None = None
        self._warmup_left = WARMUP_ITERATIONS
        self._expected_iteration: int | None = None
        self._failed_key: tuple | None = None

    # -- the captured body ---------------------------------------------------------------
    def _prepare_buffers(self) -> None:
        t = self.trainer
        device = t.real_atlas.device
        self.cursors = {name: torch.tensor([t._cursors[name]], dtype=torch.int64, device=device)
                        for name in ("real", "noise")}
        self.every = t.config.metrics.every
        self.ring_size = 2 * self.every + 2  # > pending losses between two flushes
        self.ring = torch.full((self.ring_size, 2), math.nan, device=device)
        self.slot = torch.zeros(1, dtype=torch.int64, device=device)
        self.host_slot = 0
        self._aranges: dict[int, torch.Tensor] = {}

    def _arange(self, size: int) -> torch.Tensor:
        if size not in self._aranges:
            self._aranges[size] = torch.arange(size, dtype=torch.int64, device=self.trainer.real_atlas.device)
        return self._aranges[size]

    def _gather(self, name: str, atlas: torch.Tensor, size: int) -> torch.Tensor:
        """`Trainer._next_rows` on the device: rows from the cursor, back to 0 when they would run past the end."""
        size = min(size, atlas.shape[0])
        cursor = self.cursors[name]
        start = torch.where(cursor + size > atlas.shape[0], torch.zeros_like(cursor), cursor)  # (1,)
        rows = atlas.index_select(0, start + self._arange(size))  # (size, columns)
        cursor.copy_(start + size)
        return rows

    def static_iteration(self) -> None:
        """One iteration's device work with no host synchronisation and no host-side bookkeeping:
        the body that is captured. Batches come from the device cursors; the losses land in the ring."""
        t = self.trainer
        c = t.config.train
        t.last_d_loss = t.last_g_loss = None
        t._real_batch = lambda size: self._gather("real", t.real_atlas, size)
        t._noise_batch = lambda size: self._gather("noise", t.noise_atlas, size)
        try:
            for _ in range(c.d_steps):
                for _ in t._d_update():
                    pass
            for _ in range(c.g_steps):
                for _ in t._g_update():
                    pass
        finally:
            del t._real_batch, t._noise_batch  # the class's methods again
        nan = torch.full((), math.nan, device=t.real_atlas.device)
        pair = torch.stack([t.last_d_loss if t.last_d_loss is not None else nan,
                            t.last_g_loss if t.last_g_loss is not None else nan])  # (2,)
        self.ring.index_copy_(0, self.slot, pair.unsqueeze(0))
        self.slot.copy_((self.slot + 1) % self.ring_size)

    def finish_iteration(self) -> None:
        """The host's side of a static iteration: cursors, losses as ring views, the trainer's bookkeeping."""
        t = self.trainer
        c = t.config.train
        for _ in range(c.d_steps):
            real_rows = min(c.batch_size, t.real_atlas.shape[0])
            t._next_rows("real", t.real_atlas, c.batch_size)
            t._next_rows("noise", t.noise_atlas, real_rows)
        for _ in range(c.g_steps):
            t._next_rows("noise", t.noise_atlas, c.batch_size)
        row = self.ring[self.host_slot]
        self.host_slot = (self.host_slot + 1) % self.ring_size
        t.last_d_loss = row[0] if c.d_steps else None
        t.last_g_loss = row[1] if c.g_steps else None
        t._finish_iteration()

    # -- capture and replay ----------------------------------------------------------------
    def _capture_key(self) -> tuple:
        """What a captured graph depends on: objects (compared by identity) and settings (by value)."""
        t = self.trainer
        objects = (t.generator, t.discriminator, t.d_optimizer, t.g_optimizer, t.d_optimizer.state,
                   t.g_optimizer.state, t.real_atlas, t.noise_atlas)
        return objects, (t.run_id, copy.copy(t.config.train), t.config.metrics.every)

    def _key_matches(self, key: tuple | None) -> bool:
        if key is None:
            return False
        t = self.trainer
        objects, values = key
        current = (t.generator, t.discriminator, t.d_optimizer, t.g_optimizer, t.d_optimizer.state,
                   t.g_optimizer.state, t.real_atlas, t.noise_atlas)
        return (all(a is b for a, b in zip(objects, current))
                and values == (t.run_id, t.config.train, t.config.metrics.every))

    def _make_capturable(self) -> None:
        """Adam keeps its step count on the device when capturable (SGD has nothing to move)."""
        for optimizer in (self.trainer.d_optimizer, self.trainer.g_optimizer):
            if isinstance(optimizer, torch.optim.Adam):
                for group in optimizer.param_groups:
                    group["capturable"] = True
                    for p in group["params"]:
                        state = optimizer.state.get(p)
                        if state and "step" in state and state["step"].device != p.device:
                            state["step"] = state["step"].to(p.device, torch.float32)

    def _eager(self) -> None:
        t = self.trainer
        for _ in t._iteration_phases(t.config.train.d_steps, t.config.train.g_steps):
            pass

    def _fallback(self, reason: str) -> None:
        if reason != self.note:
            self.note = reason
            log.info("run.cuda_graph: %s; training eagerly", reason)

    def _invalidate(self) -> None:
        self._graph = None
        self._key = None
        self._warmup_left = WARMUP_ITERATIONS

    def iteration(self) -> None:
        """One iteration: a graph replay where possible, else the eager iteration."""
        t = self.trainer
        reason = capture_obstacle(t)
        if reason is not None:
            self._invalidate()
            self._fallback(reason)
            self._eager()
            return
        if self._graph is not None and (self._expected_iteration != t.iteration_count
                                        or not self._key_matches(self._key)):
            self._invalidate()  # something outside the graph moved: capture again
        if self._graph is None:
            if self._failed_key is not None and self._key_matches(self._failed_key):
                self._eager()  # capture failed for exactly this setup; its note was logged
                return
            if self._warmup_left > 0:
                self._warmup_left -= 1
                self._make_capturable()
                side = torch.cuda.Stream(t.device)
                side.wait_stream(torch.cuda.current_stream(t.device))
                with torch.cuda.stream(side):
                    self._eager()
                torch.cuda.current_stream(t.device).wait_stream(side)
                return
            try:
                self._capture()
            except Exception as exc:  # a capture error must not stop training
                self._graph = None
                self._failed_key = self._capture_key()
                self._fallback(f"capture failed ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})")
                self._eager()
                return
        self._graph.replay()
        self.replays += 1
        self.finish_iteration()
        self._expected_iteration = t.iteration_count

    def _capture(self) -> None:
        t = self.trainer
        torch.cuda.synchronize(t.device)
        self._prepare_buffers()
        self._make_capturable()
        graph = torch.cuda.CUDAGraph()
        # thread-local: the window's thread probes and maps GL buffers on CUDA while this (the trainer's) thread
        # captures; the default global mode would make those calls fail ("operation not permitted when stream is
        # capturing") and end the lab
        with torch.cuda.graph(graph, capture_error_mode="thread_local"):
            self.static_iteration()
        # capture recorded the work without running it: the trainer's state is untouched
        self._graph = graph
        self._key = self._capture_key()
        self._failed_key = None
        self.captures += 1
        if self.note is not None:
            log.info("run.cuda_graph: captured one iteration as a CUDA graph")
        self.note = None
