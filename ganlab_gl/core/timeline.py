"""The timeline: the trainer's whole state at every iteration, kept in memory under a cap.

Every kept iteration is one row of a float32 matrix: G's and D's weights, then every
optimizer moment (Adam's exp_avg, exp_avg_sq and step per parameter; plain SGD keeps
none), in the order its `Layout` names them (the names checkpoints use). Beside each row:
the iteration, the two batch cursors, the loss in force (the heatmap's colours depend on
it) and an index into the distinct training-RNG states; consecutive equal states are
stored once, and with a noise atlas and no WGAN-GP the RNG never moves, so one state
serves the whole run. A row therefore restores the trainer exactly: `state_dict_at` is
`Trainer.state_dict()` as it was, and `branch` continues bit-identically to resuming a
checkpoint saved at that iteration (tests/test_timeline.py).

Full state in every row rather than sparse keyframes: for GAN Lab's default networks a
row is 876 bytes with SGD (219 weights) and 3.5 kB with Adam (two moments and a step per
tensor), so 64 MB hold 76,000 or 19,000 exact iterations; keyframes would save less than
the replay they need would cost, and every kept iteration can be branched from.

The cap: when the next row does not fit in `timeline.memory_mb`, the kept iterations are
thinned by core/thinning.py's rule: iteration 0 and the recent half stay exact, the older
rows keep iterations at a power-of-two spacing that grows with the run, so every stretch
of the run keeps rows. Allocated bytes
(the matrix grows by doubling, within the cap) count against the cap, not only rows in
use (bench/timeline_memory.py measures a million iterations); every run the lab holds
shares the cap (`shared_by`): compared runs, and those held off screen (app/comparison.py).
Rows live on the training device: recording is one device-side copy per iteration and
never synchronises.
"""

from __future__ import annotations

import copy
import math
import weakref
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import torch

from . import device as device_choice
from .losses import LOSSES
from .settings import LOSSES as LOSS_NAMES, SettingError
from .thinning import thin

MIN_ROWS = 16  # a cap that holds fewer iterations than this turns the timeline off, saying why
FIRST_ROWS = 64
META_BYTES = 8 + 2 * 8 + 4 + 1 + 1  # per row: iteration, two cursors, RNG index, loss, layout
NETWORKS = ("generator", "discriminator")
OPTIMIZERS = ("d_optimizer", "g_optimizer")


def optimizer_state_now(optimizer: torch.optim.Optimizer, moments: dict, kind: str) -> dict:
    """A `state_dict` for `optimizer` as it is now from one kept earlier by an optimizer of class `kind`: the
    current param_groups (the settings' rates and betas stand), the kept moments only where the class is the
    same (a live switch, from Adam to SGD say, starts afresh; SGD's groups in an Adam would lack its betas)."""
    return {"state": moments if type(optimizer).__name__ == kind else {},
            "param_groups": optimizer.state_dict()["param_groups"]}


def check_cap(memory_mb: int, device: str) -> None:
    """Refuse (SettingError) a cap above the memory of the device the rows live on (`run.device`): the timeline
    grows to its cap, and the setting's maximum is any machine's."""
    whose, total = device_choice.memory_mb(device)
    if total is not None and memory_mb > total:
        raise SettingError(f"timeline.memory_mb: {memory_mb} is above {whose} memory, {total:,} MB")


@dataclass(frozen=True)
class Layout:
    """What one row holds, in order: (state name, shape) per tensor, and each optimizer's class."""

    slots: tuple[tuple[str, tuple[int, ...]], ...]
    optimizer_kinds: tuple[str, str]  # d_optimizer's and g_optimizer's class names

    @cached_property
    def width(self) -> int:
        return sum(math.prod(shape) for _, shape in self.slots)


class Timeline:
    def __init__(self, memory_mb: int, device: torch.device | str = "cpu", shared_by: int = 1):
        self.memory_mb = memory_mb
        self.shared_by = shared_by  # the runs whose timelines the cap covers together (compared runs), equal shares
        self.device = torch.device(device)
        self.note: str | None = None if memory_mb else "timeline off (timeline.memory_mb = 0)"
        self.thinnings = 0  # how often the rows were thinned (core/thinning.py)
        self._layouts: list[Layout] = []
        self._rows = torch.empty(0, 0, device=self.device)  # (capacity, widest layout)
        # `export`'s views of the rows, while something holds one (a checkpoint being written reads it): the rows are
        # copied before they change then, and changed in place once every one is let go
        self._exported: list[weakref.ref[torch.Tensor]] = []
        self._iterations = np.zeros(0, np.int64)
        self._cursors = np.zeros((0, 2), np.int64)  # real, noise
        self._rng_index = np.zeros(0, np.int32)
        self._loss = np.zeros(0, np.uint8)  # index into settings.LOSSES
        self._layout_index = np.zeros(0, np.uint8)
        self._rng_states: list[torch.Tensor] = []  # uint8 tensors
        self._rng_bytes = 0
        self._count = 0
        self._widest_gap = 1  # kept up as rows come and go: the frame reads it, and rows may be many millions
        self._gather_key: tuple | None = None
        self._parameters: list[torch.Tensor] = []  # flat views of G's and D's weights
        self._moments: list[tuple[dict, str, torch.Tensor]] | None = None  # where each moment was found
        self._moment_views: list[torch.Tensor] = []
        self._moments_here = True  # every moment on the timeline's device
        self._state_sizes = (0, 0)
        self._layout_position = 0

    # -- reading -------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._count

    @property
    def enabled(self) -> bool:
        return self.note is None

    @property
    def iterations(self) -> np.ndarray:
        """(len,) the kept iterations, increasing."""
        return self._iterations[: self._count].copy()

    @property
    def widest_gap(self) -> int:
        """The most iterations between two kept rows: the spacing of the oldest, sparsest stretch (1: exact)."""
        return self._widest_gap

    @property
    def nbytes(self) -> int:
        """Bytes held: the allocated matrix and per-row fields, and the distinct RNG states."""
        capacity, width = self._rows.shape
        return capacity * (4 * width + META_BYTES) + self._rng_bytes

    def index_at(self, iteration: int) -> int:
        """The row of the latest kept iteration at or before `iteration` (the first row if none is)."""
        if not self._count:
            raise IndexError("the timeline is empty")
        return max(0, int(np.searchsorted(self._iterations[: self._count], iteration, side="right")) - 1)

    def iteration_of(self, index: int) -> int:
        return int(self._iterations[self._check(index)])

    def loss_of(self, index: int) -> str:
        return LOSS_NAMES[self._loss[self._check(index)]]

    def _check(self, index: int) -> int:
        if not 0 <= index < self._count:
            raise IndexError(f"timeline row {index} of {self._count}")
        return index

    def _tensors(self, index: int) -> dict[str, torch.Tensor]:
        """Row `index` cut into its named tensors (views of the row)."""
        layout = self._layouts[self._layout_index[self._check(index)]]
        row = self._rows[index]
        tensors, start = {}, 0
        for name, shape in layout.slots:
            size = math.prod(shape)
            tensors[name] = row[start:start + size].view(shape)
            start += size
        return tensors

    def load_weights(self, index: int, generator: torch.nn.Module, discriminator: torch.nn.Module) -> None:
        """Copy row `index`'s weights into these networks (shaped like the run's)."""
        tensors = self._tensors(index)
        with torch.no_grad():
            for key, network in zip(NETWORKS, (generator, discriminator)):
                for name, parameter in network.named_parameters():
                    parameter.copy_(tensors[f"{key}.{name}"])

    def state_dict_at(self, index: int, trainer) -> dict:
        """`trainer.state_dict()` as it was at row `index`, with the trainer's current hyperparameters.
        An optimizer whose type has changed since starts with fresh moments (as a live switch does)."""
        layout = self._layouts[self._layout_index[self._check(index)]]
        tensors = self._tensors(index)
        state = {key: {name: tensors[f"{key}.{name}"].clone() for name in getattr(trainer, key).state_dict()}
                 for key in NETWORKS}
        for key, kind in zip(OPTIMIZERS, layout.optimizer_kinds):
            moments: dict[int, dict[str, torch.Tensor]] = {}
            prefix = f"{key}.state."
            for name, tensor in tensors.items():
                if name.startswith(prefix):
                    position, _, moment = name[len(prefix):].partition(".")
                    moments.setdefault(int(position), {})[moment] = tensor.clone()
            state[key] = optimizer_state_now(getattr(trainer, key), moments, kind)
        state["step_rng"] = self._rng_states[self._rng_index[index]].clone()
        state["iteration"] = int(self._iterations[index])
        state["real_cursor"], state["noise_cursor"] = (int(c) for c in self._cursors[index])
        return state

    # -- recording -----------------------------------------------------------------------
    def record(self, trainer) -> None:
        """Keep the trainer's state now. An iteration at or before the last kept one (a revert, a branch,
        a load) first drops the rows from that iteration on: that history was rewritten."""
        self._record(trainer, [(trainer.iteration_count, trainer._cursors["real"], trainer._cursors["noise"])])

    def record_weights(self, trainer, states: list[tuple[int, int, int]], weights: torch.Tensor) -> None:
        """Keep iterations the trainer ran in one call, as `record` after each would have: `states` holds each
        one's (iteration, real cursor, noise cursor), `weights` (K, width) its row (a run whose optimizers keep
        no moments: its weights are its whole state; the RNG and the loss are the trainer's now)."""
        self._record(trainer, states, weights)

    def _record(self, trainer, states: list[tuple[int, int, int]], weights: torch.Tensor | None = None) -> None:
        if not self.enabled or not states:
            return
        tensors, layout_index = self._gather(trainer)
        width = self._layouts[layout_index].width
        if weights is not None and tuple(weights.shape) != (len(states), width):
            raise ValueError(f"timeline: {tuple(weights.shape)} weights for {len(states)} rows of {width} values")
        rng = trainer.step_rng.get_state()
        loss = LOSS_NAMES.index(trainer.config.train.loss)
        for position, (iteration, real_cursor, noise_cursor) in enumerate(states):
            if self._count and iteration <= self._iterations[self._count - 1]:
                self._truncate(int(np.searchsorted(self._iterations[: self._count], iteration, side="left")))
            new_rng = not self._rng_states or not torch.equal(rng, self._rng_states[-1])
            if not self._make_room(width, rng.numel() if new_rng else 0):
                return
            if new_rng:
                self._rng_states.append(rng)
                self._rng_bytes += rng.numel()
            index = self._count
            if weights is None:
                torch.cat(tensors, out=self._rows[index, :width])
            else:
                self._rows[index, :width] = weights[position]
            self._iterations[index] = iteration
            self._cursors[index] = (real_cursor, noise_cursor)
            self._rng_index[index] = len(self._rng_states) - 1
            self._loss[index] = loss
            self._layout_index[index] = layout_index
            if index:
                self._widest_gap = max(self._widest_gap, int(iteration - self._iterations[index - 1]))
            self._count += 1

    def _gather(self, trainer) -> tuple[list[torch.Tensor], int]:
        """The tensors of one row, flat and in layout order, and the layout's index. Weights and moments
        are updated in place, so their flat views are made once and reused while every moment is still
        the same tensor object (loading an optimizer's state, Adam's first step, a switch of optimizer
        or a CUDA graph's capture replace them: then the views, and perhaps the layout, are made anew)."""
        key = tuple(id(getattr(trainer, name)) for name in NETWORKS + OPTIMIZERS)
        if key != self._gather_key:
            self._gather_key, self._moments = key, None
            self._parameters = [p.detach().view(-1) for name in NETWORKS for p in getattr(trainer, name).parameters()]
        sizes = (len(trainer.d_optimizer.state), len(trainer.g_optimizer.state))
        if (self._moments is None or sizes != self._state_sizes
                or not all(entries.get(name) is tensor for entries, name, tensor in self._moments)):
            self._moments, self._state_sizes = list(self._moment_tensors(trainer)), sizes
            self._moments_here = all(tensor.device == self.device for _, _, tensor in self._moments)
            self._moment_views = [tensor.view(-1) for _, _, tensor in self._moments]
            self._layout_position = self._layout_for(trainer)
        if not self._moments_here:  # Adam's step count on the host of a CUDA run: copied each time
            return self._parameters + [t.to(self.device).view(-1) for _, _, t in self._moments], self._layout_position
        return self._parameters + self._moment_views, self._layout_position

    @staticmethod
    def _moment_tensors(trainer):
        """(state entries, moment name, tensor) of both optimizers, in parameter order."""
        for key in OPTIMIZERS:
            optimizer = getattr(trainer, key)
            for parameter in (p for group in optimizer.param_groups for p in group["params"]):
                entries = optimizer.state.get(parameter, {})
                for name, value in entries.items():
                    if isinstance(value, torch.Tensor):
                        yield entries, name, value

    def _layout_for(self, trainer) -> int:
        slots = [(f"{key}.{name}", tuple(p.shape)) for key in NETWORKS
                 for name, p in getattr(trainer, key).named_parameters()]
        for key in OPTIMIZERS:
            optimizer = getattr(trainer, key)
            for position, parameter in enumerate(p for group in optimizer.param_groups for p in group["params"]):
                for moment, value in optimizer.state.get(parameter, {}).items():
                    if isinstance(value, torch.Tensor):
                        if value.dtype != torch.float32:
                            raise TypeError(f"timeline: {key} moment {moment} is {value.dtype}, not float32")
                        slots.append((f"{key}.state.{position}.{moment}", tuple(value.shape)))
        layout = Layout(tuple(slots), (type(trainer.d_optimizer).__name__, type(trainer.g_optimizer).__name__))
        if layout not in self._layouts:
            self._layouts.append(layout)
        return self._layouts.index(layout)

    def _make_room(self, width: int, rng_bytes: int) -> bool:
        """Space for one more row of `width` (and a new RNG state of `rng_bytes`) within the cap;
        False (the timeline turns off, saying why) when the cap cannot hold MIN_ROWS such rows."""
        width = max(width, self._rows.shape[1])
        row_bytes = 4 * width + META_BYTES
        rng_share = rng_bytes if self._count == 0 else self._rng_bytes / self._count  # per row, on average
        if MIN_ROWS * (row_bytes + rng_share) > self.cap_bytes:
            shared = f" shared by {self.shared_by} runs" if self.shared_by > 1 else ""
            self.note = (f"timeline off: one iteration's state is {row_bytes / 2**20:.2f} MB and "
                         f"timeline.memory_mb{shared} keeps fewer than {MIN_ROWS}; raise it")
            self.clear()
            return False
        if width > self._rows.shape[1] or self._count == self._rows.shape[0]:
            affordable = int(self.cap_bytes // (row_bytes + rng_share))
            while self._count >= affordable:
                self._thin()
            capacity = max(min(max(2 * self._rows.shape[0], FIRST_ROWS), affordable), self._count + 1)
            if (capacity, width) != tuple(self._rows.shape):
                self._reallocate(capacity, width)
        while self.nbytes + rng_bytes > self.cap_bytes and self._count > MIN_ROWS // 2:
            self._thin()
        return True

    def _reallocate(self, capacity: int, width: int) -> None:
        """Rows and per-row fields of this size, keeping the rows in use."""
        rows = torch.zeros(capacity, width, device=self.device)  # a narrower layout's tail: finite zeros
        kept = min(width, self._rows.shape[1])  # narrower only when emptied
        rows[: self._count, :kept] = self._rows[: self._count, :kept]
        self._rows, self._exported = rows, []
        for name in ("_iterations", "_rng_index", "_loss", "_layout_index", "_cursors"):
            old = getattr(self, name)
            grown = np.zeros((capacity, *old.shape[1:]), old.dtype)
            grown[: self._count] = old[: self._count]
            setattr(self, name, grown)

    # -- forgetting ----------------------------------------------------------------------
    def _thin(self) -> None:
        """Keep at most three quarters of the rows, by core/thinning.py's rule, in place."""
        self._keep(thin(self._iterations[: self._count]))
        self.thinnings += 1

    def _keep(self, keep: np.ndarray) -> None:
        """Keep rows `keep` (increasing) as rows 0..len(keep)-1. Copied in chunks, ascending: row i
        takes row keep[i] >= i, so no chunk overwrites a row a later chunk reads, and no full copy is made."""
        if self._rows_read_elsewhere:
            self._reallocate(*self._rows.shape)
        chunk = 4096
        for start in range(0, len(keep), chunk):
            source = torch.from_numpy(keep[start:start + chunk]).to(self.device)
            self._rows[start:start + len(source)] = self._rows.index_select(0, source)
        for name in ("_iterations", "_rng_index", "_loss", "_layout_index", "_cursors"):
            values = getattr(self, name)
            values[: len(keep)] = values[keep]
        used, remapped = np.unique(self._rng_index[: len(keep)], return_inverse=True)
        self._rng_states = [self._rng_states[i] for i in used]
        self._rng_bytes = sum(s.numel() for s in self._rng_states)
        self._rng_index[: len(keep)] = remapped
        self._count = len(keep)
        self._measure_widest_gap()

    @property
    def _rows_read_elsewhere(self) -> bool:
        """Whether a view `export` handed out is still held: the first thinning after each save copied the rows
        (57 MB at the default cap) however long the file had been written."""
        self._exported = [view for view in self._exported if view() is not None]
        return bool(self._exported)

    def _measure_widest_gap(self) -> None:
        self._widest_gap = int(np.diff(self._iterations[: self._count]).max()) if self._count > 1 else 1

    def _truncate(self, count: int) -> None:
        self._keep(np.arange(count))

    def clear(self) -> None:
        self._count = 0
        self._widest_gap = 1
        self._rng_states = []
        self._rng_bytes = 0
        self._reallocate(0, 0)

    @property
    def cap_bytes(self) -> int:
        return self.memory_mb * 2**20 // self.shared_by

    def set_cap(self, memory_mb: int, shared_by: int | None = None) -> None:
        """A new cap, applied at once: a lower one thins the history until it fits (and gives memory back).
        `shared_by`: how many runs' timelines `memory_mb` covers together (None: as many as so far)."""
        self.memory_mb = memory_mb
        self.shared_by = shared_by or self.shared_by
        if not memory_mb:
            self.note = "timeline off (timeline.memory_mb = 0)"
            self.clear()
            return
        self.note = None
        self.thin_within(self.cap_bytes)
        row_bytes = 4 * self._rows.shape[1] + META_BYTES
        affordable = (self.cap_bytes - self._rng_bytes) // row_bytes
        self._reallocate(max(self._count, min(self._rows.shape[0], affordable)), self._rows.shape[1])

    def thin_within(self, cap_bytes: int) -> None:
        """Thin the kept rows by core/thinning.py's rule until they and their RNG states fit in `cap_bytes`, keeping
        MIN_ROWS // 2 at least: a lowered cap's, and a shipped model's (scripts/train_pretrained.py), whose file
        keeps a few hundred of its iterations."""
        row_bytes = 4 * self._rows.shape[1] + META_BYTES
        while self._count > MIN_ROWS // 2 and self._count * row_bytes + self._rng_bytes > cap_bytes:
            self._thin()

    # -- persistence (core/checkpoint.py stores these beside the trainer's state) ------------------
    def export(self) -> tuple[dict[str, torch.Tensor], dict]:
        """(tensors, description) of the rows in use: what a checkpoint stores; empty when off or empty. Nothing
        changes the tensors after: the rows, 57 MB at the default cap, are the timeline's own, which it leaves as they
        are while the view of them returned is held (new rows go below them; a thinning or a truncation first moves
        the rows to a copy), the rest copies. Read the rows through that very tensor: a view made from it and kept
        without it does not count as held."""
        if not self._count:
            return {}, {}
        n = self._count
        rows = self._rows[:n]
        self._exported.append(weakref.ref(rows))
        tensors = {"timeline.rows": rows,
                   "timeline.iterations": torch.from_numpy(self._iterations[:n].copy()),
                   "timeline.cursors": torch.from_numpy(self._cursors[:n].copy()),
                   "timeline.rng_index": torch.from_numpy(self._rng_index[:n].copy()),
                   "timeline.loss": torch.from_numpy(self._loss[:n].copy()),
                   "timeline.layout": torch.from_numpy(self._layout_index[:n].copy()),
                   "timeline.rng_states": torch.stack(self._rng_states)}
        layouts = [{"slots": [[name, list(shape)] for name, shape in layout.slots],
                    "optimizers": list(layout.optimizer_kinds)} for layout in self._layouts]
        return tensors, {"layouts": layouts, "thinnings": self.thinnings}

    def restore(self, tensors: dict[str, torch.Tensor], layouts: list[Layout], thinnings: int) -> None:
        """Take rows a checkpoint stored (already validated by its loader), then fit them under the cap."""
        if not self.enabled:
            return
        n, width = tensors["timeline.rows"].shape
        self.clear()
        self._layouts = list(layouts)
        self._reallocate(n, width)
        self._rows.copy_(tensors["timeline.rows"])
        for name, key in (("_iterations", "iterations"), ("_cursors", "cursors"), ("_rng_index", "rng_index"),
                          ("_loss", "loss"), ("_layout_index", "layout")):
            getattr(self, name)[:] = tensors[f"timeline.{key}"].numpy()
        self._rng_states = list(tensors["timeline.rng_states"].clone())
        self._rng_bytes = sum(state.numel() for state in self._rng_states)
        self._count, self.thinnings = n, thinnings
        self._measure_widest_gap()
        self._gather_key = None  # the next record builds its layout again and finds it among these
        self.set_cap(self.memory_mb)


# -- the past, shown and branched from ----------------------------------------------------------
class PastRun:
    """The trainer as it was at a kept iteration, as the prober reads it: its own copies of the
    networks, filled from a timeline row; config, data, device and run identity from the live trainer."""

    def __init__(self, trainer):
        self.trainer = trainer
        self.generator = copy.deepcopy(trainer.generator)
        self.discriminator = copy.deepcopy(trainer.discriminator)
        self.run_id = trainer.run_id
        self.iteration_count = trainer.iteration_count
        self._loss = trainer.config.train.loss
        self._copied_versions: tuple | None = None  # the live weights' versions at show_present's last copy

    def show(self, index: int) -> None:
        timeline = self.trainer.timeline
        timeline.load_weights(index, self.generator, self.discriminator)
        self.iteration_count = timeline.iteration_of(index)
        self._loss = timeline.loss_of(index)

    def show_present(self) -> None:
        """Copy the live trainer's weights as they are now, if they changed since the last copy (the copies keep
        their versions otherwise, so a probe keyed on them is not run again). The lab probes the copy while the
        trainer's thread trains on."""
        t = self.trainer
        live = [p.detach() for p in (*t.generator.parameters(), *t.discriminator.parameters())]
        versions = tuple(p._version for p in live)
        if versions != self._copied_versions:
            with torch.no_grad():
                torch._foreach_copy_([p.detach() for p in (*self.generator.parameters(),
                                                            *self.discriminator.parameters())], live)
            self._copied_versions = versions
        self.iteration_count = t.iteration_count
        self._loss = t.config.train.loss

    @property
    def loss(self):
        return LOSSES[self._loss]

    def __getattr__(self, name: str):  # config, device, dataset, data_rect: the run's own
        if name == "trainer":  # not set yet (copying): no recursion
            raise AttributeError(name)
        return getattr(self.trainer, name)


def branch(trainer, index: int) -> None:
    """Continue the run from timeline row `index` with the current settings: weights, optimizer moments,
    cursors and RNG as they were there; later losses and timeline rows are dropped (a new future)."""
    trainer.rewind(trainer.timeline.state_dict_at(index, trainer))
