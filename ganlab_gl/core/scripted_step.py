"""The direct step's arithmetic as TorchScript, several iterations per call, run without Python's GIL.

The lab trains on a thread beside the window's Python. Eager torch hands the GIL back at
every op and waits for it again, so each burst of the window's Python stalls training
(bench/gil_share.py: small eager ops beside a busy Python thread run 15x slower, the same
ops in a TorchScript function 1.15x). `ScriptedStep.train(k)` works out the k iterations'
batches as the direct step takes them (same cursors, same order), then runs all their D
and G updates in one call of `_iterations`, compiled by TorchScript, which releases the GIL
for its whole length and writes each iteration's weights and losses where the trainer's
bookkeeping (timeline rows, loss history) takes them after the call. One call per
iteration waited for the GIL after every iteration (beside the window's Python, 17% of the
trainer thread's time in py-spy); now it waits once per call, and the lab's thread trained
9-16% more beside a 1600x960 window (docs/BENCHMARKS.md). The trainer calls it up to the
next metrics evaluation (Trainer.train). Headless it also trains faster than the eager direct step
(bench/train_speed.py).

`_iteration` is `direct_step`'s arithmetic op for op, the same aten ops on the same
operands, so weights and losses equal the direct step's (`torch.equal`,
tests/test_scripted_step.py). It covers GAN Lab's setups: plain SGD, ReLU / tanh / leaky
ReLU layers, the log-sigmoid losses (log, minimax, nonsaturating) and atlas batches;
`obstacle()` names what else needs the eager direct step, which the trainer then runs.
"""

from __future__ import annotations

import functools
from typing import List, Tuple

import torch
from torch import Tensor, nn

from . import direct_step

NO_ACTIVATION, RELU, TANH, LEAKY_RELU = 0, 1, 2, 3
WEIGHT_ROWS_BYTES = 16 * 2**20  # a call's iteration weights at most (K rows of G's and D's weights) for the timeline
SCRIPTED_LOSSES = {  # loss name -> (D's real-term weight, -1: none; G's loss: 0 maximise log D, 1 minimise log(1 - D))
    "log": (0.95, 0), "nonsaturating": (-1.0, 0), "minimax": (-1.0, 1)}


def obstacle(trainer) -> str | None:
    """Why this run needs the eager direct step, or None."""
    reason = direct_step.obstacle(trainer)
    if reason is not None:
        return reason
    config = trainer.config
    if config.train.loss not in SCRIPTED_LOSSES:
        return f"train.loss = {config.train.loss} is not scripted"
    if not all(type(optimizer) is torch.optim.SGD for optimizer in (trainer.d_optimizer, trainer.g_optimizer)):
        return "only plain SGD is scripted"
    if trainer.noise_atlas is None:
        return "fresh noise per batch draws from the trainer's random stream in Python"
    if config.train.lr_decay_end:
        return "train.lr_decay_end changes the learning rates every iteration"
    compiled = compiled_iterations()
    if isinstance(compiled, str):
        return compiled
    return None


def for_trainer(trainer) -> "ScriptedStep":
    """The trainer's scripted step."""
    return direct_step.step_for(trainer, "_scripted_step", ScriptedStep)


def _activation_codes(layers: list) -> tuple[list[int], float]:
    """Per layer of direct_step._layers, its activation's code, and leaky ReLU's slope."""
    codes, slope = [], 0.0
    for layer in layers:
        kind = type(layer.activation)
        codes.append({type(None): NO_ACTIVATION, nn.ReLU: RELU, nn.Tanh: TANH, nn.LeakyReLU: LEAKY_RELU}[kind])
        if kind is nn.LeakyReLU:
            slope = layer.activation.negative_slope
    return codes, slope


def _forward(weights_t: List[Tensor], biases: List[Tensor], codes: List[int], slope: float,
             x: Tensor) -> Tuple[Tensor, List[Tensor], List[Tensor], List[Tensor]]:
    inputs: List[Tensor] = []
    pres: List[Tensor] = []
    posts: List[Tensor] = []
    for index in range(len(codes)):
        pre = torch.addmm(biases[index], x, weights_t[index])
        code = codes[index]
        if code == 1:
            post = torch.relu(pre)
        elif code == 2:
            post = torch.tanh(pre)
        elif code == 3:
            post = torch.nn.functional.leaky_relu(pre, slope)
        else:
            post = pre
        inputs.append(x)
        pres.append(pre)
        posts.append(post)
        x = post
    return x, inputs, pres, posts


def _backward(weights: List[Tensor], codes: List[int], slope: float, inputs: List[Tensor], pres: List[Tensor],
              posts: List[Tensor], grad: Tensor, want_weights: bool, input_grad: bool) -> Tuple[Tensor, List[Tensor]]:
    """direct_step._backward: the input's gradient (if `input_grad`, else `grad` as it stands) and, if
    `want_weights`, [W1, b1, W2, b2, ...] gradients."""
    reversed_grads: List[Tensor] = []
    for index in range(len(codes) - 1, -1, -1):
        code = codes[index]
        if code == 1:
            grad = torch.ops.aten.threshold_backward(grad, posts[index], 0)
        elif code == 2:
            grad = torch.ops.aten.tanh_backward(grad, posts[index])
        elif code == 3:
            grad = torch.ops.aten.leaky_relu_backward(grad, pres[index], slope, False)
        if want_weights:
            reversed_grads.append(grad.sum(0))
            reversed_grads.append(grad.t().mm(inputs[index]))
        if index > 0 or input_grad:
            grad = grad.mm(weights[index])
    reversed_grads.reverse()
    return grad, reversed_grads


def _iteration(g_weights: List[Tensor], g_weights_t: List[Tensor], g_biases: List[Tensor], g_params: List[Tensor],
               g_codes: List[int], g_slope: float, d_weights: List[Tensor], d_weights_t: List[Tensor],
               d_biases: List[Tensor], d_params: List[Tensor], d_codes: List[int], d_slope: float,
               real_batches: List[Tensor], d_noise_batches: List[Tensor], g_noise_batches: List[Tensor],
               d_lr: float, g_lr: float, real_weight: float, g_loss_kind: int,
               last_d_loss: Tensor, last_g_loss: Tensor) -> Tuple[Tensor, Tensor]:
    """One iteration: a D update per real batch, then a G update per G noise batch (direct_step's d_update and
    g_update, with losses._logsigmoid_d_loss_and_grads and the maximise / saturating G losses). Returns the last
    D and G losses (the given ones where none ran)."""
    d_loss = last_d_loss
    for step in range(len(real_batches)):
        real = real_batches[step]
        fake, _, _, _ = _forward(g_weights_t, g_biases, g_codes, g_slope, d_noise_batches[step])
        logits, inputs, pres, posts = _forward(d_weights_t, d_biases, d_codes, d_slope, torch.cat([real, fake]))
        logits = logits.squeeze(1)
        count = real.shape[0]
        real_logits, fake_logits = logits[:count], logits[count:]
        real_out, real_buffer = torch.ops.aten.log_sigmoid_forward(real_logits)
        negated = fake_logits.neg()
        fake_out, fake_buffer = torch.ops.aten.log_sigmoid_forward(negated)
        real_mean = real_out.mean() if real_weight < 0 else real_weight * real_out.mean()
        d_loss = -(real_mean + fake_out.mean())
        upstream = torch.ones((), dtype=real_logits.dtype, device=real_logits.device).neg()
        real_upstream = upstream if real_weight < 0 else upstream * real_weight
        real_grad = torch.ops.aten.log_sigmoid_backward(real_upstream.expand(real_out.shape) / real_out.numel(),
                                                        real_logits, real_buffer)
        fake_grad = torch.ops.aten.log_sigmoid_backward(upstream.expand(fake_out.shape) / fake_out.numel(),
                                                        negated, fake_buffer).neg()
        _, grads = _backward(d_weights, d_codes, d_slope, inputs, pres, posts,
                             torch.cat([real_grad, fake_grad]).unsqueeze(1), True, False)
        torch._foreach_add_(d_params, grads, alpha=-d_lr)
    g_loss = last_g_loss
    for step in range(len(g_noise_batches)):
        fake, g_inputs, g_pres, g_posts = _forward(g_weights_t, g_biases, g_codes, g_slope, g_noise_batches[step])
        logits, inputs, pres, posts = _forward(d_weights_t, d_biases, d_codes, d_slope, fake)
        fake_logits = logits.squeeze(1)
        one = torch.ones((), dtype=fake_logits.dtype, device=fake_logits.device)
        if g_loss_kind == 0:  # maximise log D(G(z)): -logsigmoid(fake) per sample
            out, buffer = torch.ops.aten.log_sigmoid_forward(fake_logits)
            per_sample = out.neg()
            g_loss = per_sample.mean()
            logit_grad = torch.ops.aten.log_sigmoid_backward(
                (one.expand(per_sample.shape) / per_sample.numel()).neg(), fake_logits, buffer)
        else:  # minimise log(1 - D(G(z))): logsigmoid(-fake) per sample
            negated = fake_logits.neg()
            out, buffer = torch.ops.aten.log_sigmoid_forward(negated)
            g_loss = out.mean()
            logit_grad = torch.ops.aten.log_sigmoid_backward(one.expand(out.shape) / out.numel(), negated,
                                                             buffer).neg()
        fake_grad, _ = _backward(d_weights, d_codes, d_slope, inputs, pres, posts, logit_grad.unsqueeze(1),
                                 False, True)
        _, grads = _backward(g_weights, g_codes, g_slope, g_inputs, g_pres, g_posts, fake_grad, True, False)
        torch._foreach_add_(g_params, grads, alpha=-g_lr)
    return d_loss, g_loss


def _iterations(g_weights: List[Tensor], g_weights_t: List[Tensor], g_biases: List[Tensor], g_params: List[Tensor],
                g_codes: List[int], g_slope: float, d_weights: List[Tensor], d_weights_t: List[Tensor],
                d_biases: List[Tensor], d_params: List[Tensor], d_codes: List[int], d_slope: float,
                real_atlas: Tensor, noise_atlas: Tensor, real_starts: List[int], d_noise_starts: List[int],
                g_noise_starts: List[int], real_rows: int, d_noise_rows: int, g_noise_rows: int,
                d_lr: float, g_lr: float, real_weight: float, g_loss_kind: int,
                last_d_loss: Tensor, last_g_loss: Tensor, weights: Tensor, interrupt: Tensor) -> Tensor:
    """Up to `weights.shape[0]` iterations of `_iteration`, each with its batches sliced from the atlases at the
    given starts (per iteration: d_steps real and D-noise batches, g_steps G-noise batches). Each iteration's
    weights, G's then D's flattened in parameter order (the timeline's row), go to its row of `weights`, unless
    `weights` has no columns (no timeline to keep them). Another thread ends the call early by setting
    `interrupt` (one int32 on the CPU) non-zero: the iteration in progress finishes, at least one runs.
    Returns (K', 2), K' <= K: each trained iteration's last D and G losses."""
    count = weights.shape[0]
    d_steps = len(real_starts) // count
    g_steps = len(g_noise_starts) // count
    losses = torch.empty((count, 2), dtype=last_d_loss.dtype, device=last_d_loss.device)
    for k in range(count):
        if k > 0 and int(interrupt.item()) != 0:
            return losses.narrow(0, 0, k)
        real_batches = [real_atlas.narrow(0, real_starts[k * d_steps + step], real_rows) for step in range(d_steps)]
        d_noise = [noise_atlas.narrow(0, d_noise_starts[k * d_steps + step], d_noise_rows) for step in range(d_steps)]
        g_noise = [noise_atlas.narrow(0, g_noise_starts[k * g_steps + step], g_noise_rows) for step in range(g_steps)]
        last_d_loss, last_g_loss = _iteration(g_weights, g_weights_t, g_biases, g_params, g_codes, g_slope,
                                              d_weights, d_weights_t, d_biases, d_params, d_codes, d_slope,
                                              real_batches, d_noise, g_noise, d_lr, g_lr, real_weight, g_loss_kind,
                                              last_d_loss, last_g_loss)
        losses[k, 0] = last_d_loss
        losses[k, 1] = last_g_loss
        if weights.shape[1]:
            torch.cat([p.reshape(-1) for p in g_params] + [p.reshape(-1) for p in d_params], out=weights[k])
    return losses


@functools.cache
def compiled_iterations() -> torch.jit.ScriptFunction | str:
    """`_iterations` (and what it calls) compiled by TorchScript on first use, not at import (the lab's start-up
    trains nothing), or why it could not be. torch 2.13 calls torch.jit deprecated in favour of torch.compile,
    whose graphs neither run without the GIL nor keep eager's rounding; Python shows that DeprecationWarning only
    in __main__, and the tests ignore it (pyproject.toml)."""
    try:
        return torch.jit.script(_iterations)
    except Exception as error:  # a torch without TorchScript, an app shipped without its .py sources...
        return f"TorchScript cannot compile the step ({type(error).__name__}: {error})"


class ScriptedStep:
    def __init__(self, trainer):
        self.trainer = trainer
        self.generator, self.discriminator = trainer.generator, trainer.discriminator
        self.networks = [self._network(self.generator), self._network(self.discriminator)]
        self.width = sum(p.numel() for network in (self.generator, self.discriminator) for p in network.parameters())
        self.no_loss = torch.full((), float("nan"), device=trainer.device)  # a last loss before any update ran

    @staticmethod
    def _network(network: nn.Sequential) -> tuple:
        layers = direct_step._layers(network)  # raises for an activation without a written-out backward
        codes, slope = _activation_codes(layers)
        params = [p.detach() for p in network.parameters()]  # direct_step's gradient order: W1, b1, W2, b2, ...
        return ([layer.weight.detach() for layer in layers], [layer.weight_t for layer in layers],
                [layer.bias.detach() for layer in layers], params, codes, slope)

    def train(self, count: int, interrupt: Tensor) -> int:
        """Up to `count` iterations in one call (the caller keeps a metrics evaluation, if any, to the last; the
        timeline's rows bound it to WEIGHT_ROWS_BYTES; `interrupt` set non-zero ends it after the iteration in
        progress); the trainer's bookkeeping after it, as `_finish_iteration` after each. Returns how many it
        trained."""
        t = self.trainer
        train = t.config.train
        width = self.width if t.timeline.enabled else 0
        if width:
            count = max(1, min(count, WEIGHT_ROWS_BYTES // (4 * width)))
        real_rows = min(train.batch_size, t.real_atlas.shape[0])  # the direct step's batch sizes and order
        d_noise_rows = min(real_rows, t.noise_atlas.shape[0])
        g_noise_rows = min(train.batch_size, t.noise_atlas.shape[0])
        real_starts, d_noise_starts, g_noise_starts, cursors = [], [], [], []
        real_cursor, noise_cursor = t._cursors["real"], t._cursors["noise"]
        for _ in range(count):
            for _ in range(train.d_steps):
                real_cursor = _advance(real_cursor, real_rows, t.real_atlas.shape[0], real_starts)
                noise_cursor = _advance(noise_cursor, d_noise_rows, t.noise_atlas.shape[0], d_noise_starts)
            for _ in range(train.g_steps):
                noise_cursor = _advance(noise_cursor, g_noise_rows, t.noise_atlas.shape[0], g_noise_starts)
            cursors.append((real_cursor, noise_cursor))
        weights = torch.empty((count, width), device=t.device)  # (K, G's and D's weights), or (K, 0)
        real_weight, g_loss_kind = SCRIPTED_LOSSES[train.loss]
        # No graph optimisation (a per-thread flag): on CUDA the executor would fuse element-wise ops and round
        # unlike the eager direct step; on the CPU it gained nothing measurable.
        with torch.jit.optimized_execution(False):
            losses = compiled_iterations()(
                *self.networks[0], *self.networks[1], t.real_atlas, t.noise_atlas, real_starts, d_noise_starts,
                g_noise_starts, real_rows, d_noise_rows, g_noise_rows,
                t.d_optimizer.param_groups[0]["lr"], t.g_optimizer.param_groups[0]["lr"], real_weight, g_loss_kind,
                self.no_loss if t.last_d_loss is None else t.last_d_loss,
                self.no_loss if t.last_g_loss is None else t.last_g_loss, weights, interrupt)
        count = losses.shape[0]
        first = t.iteration_count + 1
        d_losses = [losses[k, 0] for k in range(count)] if train.d_steps else [None] * count  # as the walk's
        g_losses = [losses[k, 1] for k in range(count)] if train.g_steps else [None] * count  # _forget_losses_...
        t._pending_losses.extend(zip(range(first, first + count), d_losses, g_losses))
        t.last_d_loss, t.last_g_loss = d_losses[-1], g_losses[-1]
        t._cursors["real"], t._cursors["noise"] = cursors[count - 1]
        states = [(first + k, *cursors[k]) for k in range(count)]
        if width:
            t.timeline.record_weights(t, states[:-1], weights[:count - 1])  # the last after a metrics evaluation, as
        t.iteration_count = first + count - 1  # _finish_iteration keeps them
        if t.iteration_count % t.config.metrics.every == 0:
            t.flush_losses()
            t.evaluate()
        if width:
            t.timeline.record_weights(t, states[-1:], weights[count - 1:count])
        return count


def _advance(cursor: int, rows: int, atlas_rows: int, starts: list[int]) -> int:
    """Trainer._next_rows's cursor arithmetic: the batch's start appended to `starts`; returns the next cursor."""
    start = 0 if cursor + rows > atlas_rows else cursor
    starts.append(start)
    return start + rows
