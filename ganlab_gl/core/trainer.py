"""The GAN trainer: GAN Lab's schedule, live edits, and a phase-by-phase walk.

One iteration = `train.d_steps` discriminator updates, then `train.g_steps` generator
updates. Every update is a generator function that yields five phases (fakes from
noise, D's predictions, the loss, the gradients, the update) with the tensors each
produced; `walk()` hands them out one by one for slow motion and step-by-step teaching,
each network's updates of an iteration walked as one, as GAN Lab's slow motion lights them,
and `d_step()`/`g_step()` run them to the end. `iteration()` takes the direct step
(core/direct_step.py): the same arithmetic without the autograd graph, equal to the walk
bit for bit (tests/test_direct_step.py), where the loss allows (all but WGAN-GP); for
GAN Lab's setups (SGD, the log-sigmoid losses, atlas batches) that arithmetic runs as
TorchScript, several iterations per call, without Python's GIL (core/scripted_step.py).

Live settings (learning rates, betas, loss, batch size, schedule, probes, metrics)
apply in place: learning rates and betas are edited in each optimizer's param_groups so
Adam keeps its moments, where GAN Lab rebuilds the optimizer and loses them. Settings
that change the networks, the noise or the data restart the run, and `apply` says so.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from typing import Iterator

import numpy as np
import torch

from . import datasets, device as device_choice, direct_step, metrics, noise, scripted_step
from .losses import LOSSES, GanLoss, gradient_penalty, shown_d_loss
from .models import init_like_ganlab, mlp
from .no_compiler import optimizer_step
from .settings import SETTINGS_BY_KEY, GanConfig
from .timeline import OPTIMIZERS, Timeline, check_cap, optimizer_state_now

PHASES = ("fakes", "predictions", "loss", "gradients", "update")
# The step objects the faster paths make for a trainer and keep on it (direct_step.step_for, cuda_graph.graph_state):
# compiled code and captured graphs bound to its own tensors, which a copy (Trainer.copy) makes anew at its first step
FASTER_STEPS = ("_direct_step", "_scripted_step", "_graph_step")

EXPLANATIONS = {
    ("D", "fakes"): "The generator turns a batch of noise into fake samples; a batch of real samples is drawn too.",
    ("D", "predictions"): "The discriminator scores real and fake samples: how likely each one is real.",
    ("D", "loss"): "The discriminator's loss is low when it scores real samples high and fakes low.",
    ("D", "gradients"): "Its gradients say how each of the discriminator's weights should change to lower that loss.",
    ("D", "update"): "The optimizer moves the discriminator's weights{times}; the background colours, its "
                     "classification, shift.",
    ("G", "fakes"): "The generator turns fresh noise into fake samples.",
    ("G", "predictions"): "The discriminator, held fixed, scores the new fakes.",
    ("G", "loss"): "The generator's loss is low when the discriminator mistakes its fakes for real ones.",
    ("G", "gradients"): "Gradients flow back through the discriminator to the generator's weights; arrows on the "
                        "fakes (tiny until D learns) show where each is pushed.",
    ("G", "update"): "The optimizer moves the generator's weights{times}; the fakes drift toward the green regions, "
                     "where D says real.",
}
# An update phase's {times} where it made several updates (Trainer._walked_as_one), which GAN Lab leaves unsaid
UPDATES_TIMES = ", {updates} times (each on a fresh batch)"


class TrainingDiverged(RuntimeError):
    """A loss or parameter became NaN or infinite; the message says which and when."""


@dataclass
class Phase:
    network: str  # "D" or "G": whose update this phase belongs to
    name: str  # one of PHASES
    tensors: dict[str, torch.Tensor] = field(default_factory=dict)
    # The network's updates this iteration, walked as one (Trainer._walked_as_one): its update phase made them all
    updates: int = 1
    # The iteration it belongs to, which GAN Lab counts as it starts; iteration_count counts it once its walk ends
    iteration: int = 1
    last: bool = False  # the iteration's last phase: the walk's next step only counts and keeps the iteration

    @property
    def explanation(self) -> str:
        """What the phase does; an update phase that made several updates says how many."""
        times = UPDATES_TIMES.format(updates=self.updates) if self.updates > 1 else ""
        return EXPLANATIONS[(self.network, self.name)].format(times=times)


@dataclass(frozen=True)
class ConfigChange:
    live_keys: tuple[str, ...]  # applied to the running trainer
    restart_keys: tuple[str, ...]  # forced a new run

    @property
    def restarted(self) -> bool:
        return bool(self.restart_keys)


def _optimizer(kind: str, params: list[torch.nn.Parameter], lr: float, betas: tuple[float, float]):
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr, betas=betas)
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr)
    raise ValueError(f"train: unknown optimizer {kind!r}")


class Trainer:
    def __init__(self, config: GanConfig, drawing: np.ndarray | None = None, dataset: datasets.Dataset | None = None):
        """`drawing`: points for data.name = drawing; `dataset`: a prebuilt one (checkpoints use this)."""
        self.config = config.copy()
        self.device, self.device_note = device_choice.resolve(config.run.device, config.run.threads)
        self.dataset = dataset or datasets.build(config.data.name, config.data.file, config.data.brush_spread,
                                                 drawing)
        self._no_interrupt = torch.zeros(1, dtype=torch.int32)  # `train`'s interrupt when the caller gives none
        self._start_run()

    # -- building a run ----------------------------------------------------------
    def _start_run(self) -> None:
        c = self.config
        seed = c.run.seed
        init_rng = torch.Generator().manual_seed(seed)
        self.real_atlas = self.dataset.sample(c.data.atlas_size, init_rng).to(self.device)  # (A, 2)
        self.data_rect = (0.0, 0.0, 1.0, 1.0) if self.dataset.unit_square else datasets.data_rect(self.real_atlas)
        self.generator = mlp(c.noise.dim, 2, c.generator.hidden_layers, c.generator.neurons,
                             c.generator.activation, self._generator_output()).to(self.device)
        self.discriminator = mlp(2, 1, c.discriminator.hidden_layers, c.discriminator.neurons,
                                 c.discriminator.activation).to(self.device)
        init_like_ganlab(self.generator, init_rng)
        init_like_ganlab(self.discriminator, init_rng)
        self.noise_atlas = (noise.sample(c.noise.atlas_size, c.noise.dim, c.noise.kind, init_rng).to(self.device)
                            if c.noise.atlas_size else None)  # (A, noise_dim), or None: fresh noise per batch
        betas = (c.train.beta1, c.train.beta2)
        self.d_optimizer = _optimizer(c.train.d_optimizer, list(self.discriminator.parameters()), c.train.d_lr, betas)
        self.g_optimizer = _optimizer(c.train.g_optimizer, list(self.generator.parameters()), c.train.g_lr, betas)
        self.step_rng = torch.Generator(self.device).manual_seed(seed + 1)
        self.iteration_count = 0
        self.history = metrics.MetricHistory(c.metrics.history)
        self.last_d_loss: torch.Tensor | None = None  # as D's optimizer minimised it; shown: losses.shown_d_loss
        self.last_g_loss: torch.Tensor | None = None
        self._pending_losses: list[tuple[int, torch.Tensor | None, torch.Tensor | None]] = []
        self._cursors = {"real": 0, "noise": 0}  # next row of each atlas
        self._good_state: tuple[dict, tuple[str, ...]] | None = None  # (state_dict, optimizer classes)
        self.run_id = getattr(self, "run_id", 0) + 1  # lets walkers and views notice a restart
        shared_by = self.timeline.shared_by if hasattr(self, "timeline") else 1  # a comparison's, kept on a reset
        self.timeline = Timeline(c.timeline.memory_mb, self.device, shared_by)  # every iteration's state (timeline.py)
        self.timeline.record(self)

    def _generator_output(self) -> str:
        choice = self.config.generator.output
        if choice != "auto":
            return choice
        return "tanh" if self.dataset.unit_square else "linear"

    @property
    def loss(self) -> GanLoss:
        return LOSSES[self.config.train.loss]

    # -- live edits and restarts -------------------------------------------------
    def apply(self, new_config: GanConfig, drawing: np.ndarray | None = None) -> ConfigChange:
        """Move to `new_config`: live keys in place, anything structural restarts the run."""
        changed = self.config.changed_keys(new_config)
        if {"timeline.memory_mb", "run.device"} & set(changed):  # refused before anything changes
            check_cap(new_config.timeline.memory_mb, new_config.run.device)
        restart = tuple(k for k in changed if not SETTINGS_BY_KEY[k].live)
        if restart or drawing is not None:
            dataset = self.dataset
            if any(k.startswith("data.") for k in restart) or drawing is not None:
                c = new_config.data  # built first: a bad file leaves the running trainer untouched
                same_points = (c.name, c.file) == (self.config.data.name, self.config.data.file)  # a new spread
                dataset = datasets.build(c.name, c.file, c.brush_spread, drawing if drawing is not None else
                                         self._current_drawing() if same_points else None)
            self.config, self.dataset = new_config.copy(), dataset
            self.device, self.device_note = device_choice.resolve(self.config.run.device, self.config.run.threads)
            self._start_run()
            return ConfigChange((), restart or ("data.drawing",))
        self.config = new_config.copy()
        self._apply_live(changed)
        return ConfigChange(tuple(changed), ())

    @property
    def data_note(self) -> str | None:
        """A word about an imported file's points this run's networks will not learn as they are
        (`datasets.fit_note`); None for every other dataset."""
        return datasets.fit_note(self.dataset, self.config.data.file) if self.dataset.name == "file" else None

    def _current_drawing(self) -> np.ndarray | None:
        return self.dataset.centers.numpy() if self.dataset.name in ("drawing", "file") else None

    def _apply_live(self, changed: list[str]) -> None:
        t = self.config.train
        betas = (t.beta1, t.beta2)
        for net, optimizer_attr, kind, model in (("d", "d_optimizer", t.d_optimizer, self.discriminator),
                                                 ("g", "g_optimizer", t.g_optimizer, self.generator)):
            if f"train.{net}_optimizer" in changed:
                setattr(self, optimizer_attr, _optimizer(kind, list(model.parameters()), 0.0, betas))  # rate below
                continue
            for group in getattr(self, optimizer_attr).param_groups:
                if "betas" in group:
                    group["betas"] = betas
        self._set_rates()
        if "metrics.history" in changed:
            self.history.resize(self.config.metrics.history)
        if "timeline.memory_mb" in changed:
            self.timeline.set_cap(self.config.timeline.memory_mb)

    def lr_scale(self, iteration: int | None = None) -> float:
        """The learning-rate schedule (`train.lr_decay_end`) after `iteration` iterations (default: the coming
        one's): 1, then linearly to 0."""
        end = self.config.train.lr_decay_end
        done = self.iteration_count if iteration is None else iteration
        return 1.0 if end == 0 else min(1.0, max(0.0, 2.0 * (end - done) / end))

    def _set_rates(self) -> None:
        """Each optimizer's rate for the coming iteration, its setting times the schedule's share, set in its
        param_groups (Adam keeps its moments)."""
        scale = self.lr_scale()
        for optimizer, lr in ((self.d_optimizer, self.config.train.d_lr), (self.g_optimizer, self.config.train.g_lr)):
            for group in optimizer.param_groups:
                group["lr"] = lr * scale

    def _follow_schedule(self) -> None:
        if self.config.train.lr_decay_end:
            self._set_rates()

    # -- batches -----------------------------------------------------------------
    def _next_rows(self, name: str, atlas: torch.Tensor, size: int) -> torch.Tensor:
        """GAN Lab's input providers: consecutive batches of a fixed atlas, back to its start at the end."""
        size = min(size, atlas.shape[0])
        start = self._cursors[name]
        if start + size > atlas.shape[0]:
            start = 0
        self._cursors[name] = start + size
        return atlas[start:start + size]  # (B, atlas columns)

    def _real_batch(self, size: int) -> torch.Tensor:
        return self._next_rows("real", self.real_atlas, size)  # (B, 2)

    def _noise_batch(self, size: int) -> torch.Tensor:
        if self.noise_atlas is not None:
            return self._next_rows("noise", self.noise_atlas, size)  # (B, noise_dim)
        return noise.sample(size, self.config.noise.dim, self.config.noise.kind, self.step_rng)  # (B, noise_dim)

    # -- updates as phase generators ----------------------------------------------
    def _d_update(self) -> Iterator[Phase]:
        batch = self.config.train.batch_size
        real = self._real_batch(batch)
        z = self._noise_batch(real.shape[0])
        with torch.no_grad():
            fake = self.generator(z)  # (B, 2)
        yield Phase("D", "fakes", {"noise": z, "real": real, "fake": fake})
        logits = self.discriminator(torch.cat([real, fake])).squeeze(1)  # (2B,): one pass for both
        real_logits, fake_logits = logits[: real.shape[0]], logits[real.shape[0]:]
        yield Phase("D", "predictions", {"real_logits": real_logits, "fake_logits": fake_logits})
        loss_fn = self.loss
        loss = loss_fn.d_loss(real_logits, fake_logits)
        if loss_fn.gradient_penalty:
            penalty = gradient_penalty(lambda x: self.discriminator(x).squeeze(1), real, fake, self.step_rng)
            loss = loss + self.config.train.gp_weight * penalty
        yield Phase("D", "loss", {"loss": loss.detach()})
        self.d_optimizer.zero_grad(set_to_none=True)
        loss.backward()
        yield Phase("D", "gradients", {name: p.grad for name, p in self.discriminator.named_parameters()})
        optimizer_step(self.d_optimizer)
        self.last_d_loss = loss.detach()
        yield Phase("D", "update", dict(self.discriminator.named_parameters()))

    def _g_update(self) -> Iterator[Phase]:
        z = self._noise_batch(self.config.train.batch_size)
        fake = self.generator(z)  # (B, 2)
        yield Phase("G", "fakes", {"noise": z, "fake": fake.detach()})
        fake_logits = self.discriminator(fake).squeeze(1)  # (B,)
        yield Phase("G", "predictions", {"fake_logits": fake_logits.detach()})
        loss = self.loss.g_loss_per_sample(fake_logits).mean()
        yield Phase("G", "loss", {"loss": loss.detach()})
        self.g_optimizer.zero_grad(set_to_none=True)
        loss.backward(inputs=list(self.generator.parameters()))  # D's weights get no gradient from G's turn
        yield Phase("G", "gradients", {name: p.grad for name, p in self.generator.named_parameters()})
        optimizer_step(self.g_optimizer)
        self.last_g_loss = loss.detach()
        yield Phase("G", "update", dict(self.generator.named_parameters()))

    def _iteration_phases(self, d_updates: int, g_updates: int) -> Iterator[Phase]:
        self._follow_schedule()
        self._forget_losses_not_trained()
        walked = self.iteration_count + 1
        last = ("G" if g_updates else "D", PHASES[-1])
        for updates, update in ((d_updates, self._d_update), (g_updates, self._g_update)):
            for phase in self._walked_as_one(update, updates):
                phase.updates, phase.iteration = updates, walked
                phase.last = (phase.network, phase.name) == last
                yield phase
        self._finish_iteration()

    @staticmethod
    def _walked_as_one(update, updates: int) -> Iterator[Phase]:
        """A network's `updates` updates of an iteration as one walk of its five phases, as GAN Lab's slow motion
        lights each network's steps once an iteration (it made the k updates between the predictions and the loss;
        walking each through all five phases took k times as long for D): the first update's phases, the other
        updates made whole at its update phase, which is then the last one's (its weights; the trainer's last loss
        is its loss). The same updates in the same order as unwalked training."""
        if not updates:
            return
        for phase in update():
            if phase.name == PHASES[-1]:
                for _ in range(updates - 1):
                    *_, phase = update()
            yield phase

    def _forget_losses_not_trained(self) -> None:
        """A network the settings do not update (train.d_steps or g_steps 0) has no loss: its last one, recorded
        and shown on and on, read as current (D's loss stood flat while D stood still). A manual step of one
        network keeps the other's last loss, as GAN Lab's buttons do."""
        if not self.config.train.d_steps:
            self.last_d_loss = None
        if not self.config.train.g_steps:
            self.last_g_loss = None

    def _finish_iteration(self) -> None:
        self.iteration_count += 1
        self._pending_losses.append((self.iteration_count, self.last_d_loss, self.last_g_loss))
        every = self.config.metrics.every
        if self.iteration_count % every == 0:
            self.flush_losses()
            self.evaluate()
        self.timeline.record(self)

    # -- public steps ------------------------------------------------------------
    def iteration(self) -> None:
        """One GAN Lab iteration: d_steps D updates, then g_steps G updates."""
        self.train(1)

    def d_step(self) -> None:
        """GAN Lab's 'train D only' button: one D update, counted as an iteration."""
        for _ in self._iteration_phases(1, 0):
            pass

    def g_step(self) -> None:
        """GAN Lab's 'train G only' button: one G update, counted as an iteration."""
        for _ in self._iteration_phases(0, 1):
            pass

    def walk(self) -> Iterator[Phase]:
        """One iteration, a phase at a time; training advances only as the walk is consumed."""
        return self._iteration_phases(self.config.train.d_steps, self.config.train.g_steps)

    def reset(self) -> None:
        """A fresh run with the same config and data: new weights from the seed, iteration 0."""
        self._start_run()

    def train(self, iterations: int, interrupt: torch.Tensor | None = None) -> int:
        """`iterations` GAN Lab iterations, each by the fastest step that covers the run: a captured CUDA graph
        when asked for (core/cuda_graph.py), else GAN Lab's setups several iterations per TorchScript call without
        the GIL (core/scripted_step.py), else the walk's arithmetic without its autograd graph (direct_step.py),
        else the walk. Every one is the walk's arithmetic, so a run's weights do not depend on which ran.
        `interrupt` (one int32 on the CPU) lets another thread end the training early: set non-zero, it stops
        after the iteration in progress (at least one trains). Returns how many iterations trained."""
        interrupt = self._no_interrupt if interrupt is None else interrupt
        left = iterations
        while left > 0 and (left == iterations or not interrupt.item()):
            if self.config.run.cuda_graph:
                from .cuda_graph import graph_state
                graph_state(self).iteration()
                left -= 1
            elif scripted_step.obstacle(self) is None:  # up to the next metrics evaluation, which ends a call
                every = self.config.metrics.every
                left -= scripted_step.for_trainer(self).train(min(left, every - self.iteration_count % every),
                                                              interrupt)
            elif direct_step.obstacle(self) is None:
                self._follow_schedule()  # the walk follows it in _iteration_phases; the others refuse a schedule
                direct_step.for_trainer(self).iteration()
                left -= 1
            else:
                for _ in self._iteration_phases(self.config.train.d_steps, self.config.train.g_steps):
                    pass
                left -= 1
        return iterations - left

    # -- losses, divergence, safety ----------------------------------------------------
    def flush_losses(self) -> None:
        """Move pending loss tensors into the history in one host transfer, D's as it is shown (shown_d_loss);
        raise if any is not finite."""
        if not self._pending_losses:
            return
        pending, self._pending_losses = self._pending_losses, []
        nan = torch.tensor(math.nan, device=self.device)
        flat = torch.stack([loss if loss is not None else nan for _, d, g in pending for loss in (d, g)])
        values = flat.view(-1, 2).tolist()  # one stack, one host transfer
        for (iteration, d, g), (d_value, g_value) in zip(pending, values):
            self.history.losses.append(iteration, shown_d_loss(d_value), g_value)
            for name, tensor, value in (("D loss", d, d_value), ("G loss", g, g_value)):
                if tensor is not None and not math.isfinite(value):
                    raise TrainingDiverged(f"{name} became {value} at iteration {iteration}")

    def evaluate(self) -> metrics.ModeCoverage | None:
        """KL/JS of real vs fake histograms, and mode coverage for mixtures; appended to the history."""
        count = self.config.metrics.samples
        rng = torch.Generator(self.device).manual_seed(self.config.run.seed + 3)
        with torch.no_grad():
            fake = self.generator(noise.sample(count, self.config.noise.dim, self.config.noise.kind, rng))
        real = self.real_atlas[:count]
        cells = self.config.metrics.grid
        p = metrics.histogram(real, self.data_rect, cells)
        q = metrics.histogram(fake, self.data_rect, cells)
        coverage = None
        if self.dataset.is_mixture_of_modes:
            coverage = metrics.mode_coverage(fake, self.dataset.centers, self.dataset.mode_std)
        self.history.evals.append(self.iteration_count, metrics.kl_divergence(p, q), metrics.js_divergence(p, q),
                                  *(math.nan,) * 3 if coverage is None else
                                  (coverage.high_quality_fraction, coverage.modes_captured, coverage.reverse_kl))
        return coverage

    def parameters_finite(self) -> bool:
        params = list(self.generator.parameters()) + list(self.discriminator.parameters())
        return bool(torch.stack([p.detach().isfinite().all() for p in params]).all())

    def keep_good_state(self) -> None:
        """Remember the current weights and optimizer state in memory, to revert to after a divergence."""
        kinds = tuple(type(getattr(self, key)).__name__ for key in OPTIMIZERS)
        self._good_state = (copy.deepcopy(self.state_dict()), kinds)

    @property
    def good_iteration(self) -> int | None:
        """The iteration `revert_to_good_state` would go back to (None: none kept)."""
        return None if self._good_state is None else self._good_state[0]["iteration"]

    def revert_to_good_state(self) -> bool:
        """Back to the kept state, with the optimizers chosen since (optimizer_state_now)."""
        if self._good_state is None:
            return False
        kept, kinds = self._good_state
        state = copy.deepcopy(kept)
        for key, kind in zip(OPTIMIZERS, kinds):
            state[key] = optimizer_state_now(getattr(self, key), state[key]["state"], kind)
        self.rewind(state)
        return True

    def rewind(self, state: dict) -> None:
        """Go back to an earlier `state_dict()` (a good state, a timeline row): later losses are forgotten."""
        self.load_state_dict(state)
        self._apply_live([])  # a state kept before a live edit brings its learning rates: the settings' stand
        self._pending_losses.clear()
        self.last_d_loss = self.last_g_loss = None  # they belong to the undone iterations
        self.history.drop_after(self.iteration_count)

    def copy(self) -> Trainer:
        """Another trainer holding this run whole as it is now (weights, optimizer moments, RNG, batch cursors,
        iteration, histories, timeline, good state), on the same data object; each then trains on its own. What a
        branch keeps for Ctrl+Z (app/controller.py), as it rewrites the run in place."""
        twin = Trainer.__new__(Trainer)
        run = {name: value for name, value in self.__dict__.items() if name not in FASTER_STEPS}
        twin.__dict__.update(copy.deepcopy(run, {id(self.dataset): self.dataset}))
        return twin

    # -- state ---------------------------------------------------------------------
    def state_dict(self) -> dict:
        return {
            "generator": self.generator.state_dict(),
            "discriminator": self.discriminator.state_dict(),
            "d_optimizer": self.d_optimizer.state_dict(),
            "g_optimizer": self.g_optimizer.state_dict(),
            "step_rng": self.step_rng.get_state(),
            "iteration": self.iteration_count,
            "real_cursor": self._cursors["real"],
            "noise_cursor": self._cursors["noise"],
        }

    def load_state_dict(self, state: dict) -> None:
        self.generator.load_state_dict(state["generator"])
        self.discriminator.load_state_dict(state["discriminator"])
        self.d_optimizer.load_state_dict(state["d_optimizer"])
        self.g_optimizer.load_state_dict(state["g_optimizer"])
        self.step_rng.set_state(state["step_rng"])
        self.iteration_count = state["iteration"]
        self._cursors = {"real": state["real_cursor"], "noise": state.get("noise_cursor", 0)}
        self.timeline.record(self)  # rows after this iteration belonged to another history
