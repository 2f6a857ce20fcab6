"""The direct step: one training iteration without autograd, behind `Trainer.iteration()`.

The phase walk (`Trainer.walk`) builds an autograd graph for every update, and on these
tiny networks the graph, the backward engine, `nn.Module` calls and `optimizer.step()`
cost more than the arithmetic. The direct step runs the same arithmetic with the graph
written out: the MLP's forward keeps each layer's input and output, the loss returns its
gradient with respect to the logits (`GanLoss.d_loss_and_grads`), and the backward is the
ops autograd's backward formulas run for `addmm`, ReLU, tanh and leaky ReLU, with the same
operands in the same layouts. Plain SGD moves the weights with the one `_foreach_add_`
that `torch.optim.SGD` runs (per tensor on the CPU); Adam gets the gradients in `.grad`
and takes its own step.

So the weights, losses and optimizer state equal the walk's after every iteration
(`torch.equal`; tests/test_direct_step.py runs both side by side over losses,
activations, optimizers, noise sizes and batch sizes). The one thing that can differ is
the sign of an exact zero in D's output gradient, which autograd assembles by adding
zero-padded slices and we by concatenation; no weight value changes with it.

The batches come from the trainer's own `_real_batch` / `_noise_batch`, so the cursors
and the random stream advance exactly as in the walk. WGAN-GP differentiates D's
gradient (its penalty), which needs autograd: `obstacle()` names it and the trainer
walks instead.
"""

from __future__ import annotations

from typing import Callable

import torch
from torch import nn

from .no_compiler import optimizer_step

aten = torch.ops.aten
Tensor = torch.Tensor


def obstacle(trainer) -> str | None:
    """Why this run needs the walk's autograd, or None."""
    loss = trainer.loss
    if loss.d_loss_and_grads is None or loss.g_loss_and_grad is None:
        return f"train.loss = {loss.name} differentiates through D's gradient"
    return None


def step_for(trainer, name: str, make: Callable):
    """The trainer's step object kept as `name` (made by `make(trainer)`), rebuilt when the networks are (a
    restart)."""
    step = trainer.__dict__.get(name)
    if step is None or step.generator is not trainer.generator or step.discriminator is not trainer.discriminator:
        step = trainer.__dict__[name] = make(trainer)
    return step


def for_trainer(trainer) -> "DirectStep":
    """The trainer's direct step."""
    return step_for(trainer, "_direct_step", DirectStep)


# -- activations: forward, and autograd's backward formula (derivatives.yaml) ---------------------

def _relu_backward(grad: Tensor, pre: Tensor, post: Tensor) -> Tensor:
    return aten.threshold_backward(grad, post, 0)


def _tanh_backward(grad: Tensor, pre: Tensor, post: Tensor) -> Tensor:
    return aten.tanh_backward(grad, post)


def _activation(module: nn.Module) -> tuple[Callable[[Tensor], Tensor], Callable[[Tensor, Tensor, Tensor], Tensor]]:
    if isinstance(module, nn.ReLU):
        return torch.relu, _relu_backward
    if isinstance(module, nn.Tanh):
        return torch.tanh, _tanh_backward
    if isinstance(module, nn.LeakyReLU):
        slope = module.negative_slope
        return (lambda x: torch._C._nn.leaky_relu(x, slope),
                lambda grad, pre, post: aten.leaky_relu_backward(grad, pre, slope, False))
    raise TypeError(f"direct step: no backward for {type(module).__name__}")


class _Layer:
    """One Linear and the activation after it (None for a linear output)."""

    def __init__(self, linear: nn.Linear, activation: nn.Module | None):
        self.weight, self.bias, self.activation = linear.weight, linear.bias, activation
        # nn.Linear runs addmm(b, x, W.t()); the transposed view is made once (it follows W's in-place updates)
        self.weight_t = linear.weight.detach().t()
        self.forward_activation, self.backward_activation = _activation(activation) if activation else (None, None)


def _layers(network: nn.Sequential) -> list[_Layer]:
    modules = list(network)
    layers = []
    for index, module in enumerate(modules):
        if isinstance(module, nn.Linear):
            following = modules[index + 1] if index + 1 < len(modules) else None
            layers.append(_Layer(module, None if isinstance(following, nn.Linear) else following))
    return layers


def _forward(layers: list[_Layer], x: Tensor) -> tuple[Tensor, list[tuple[Tensor, Tensor, Tensor]]]:
    """The network's output and, per layer, (input, pre-activation, output) for the backward."""
    saved = []
    for layer in layers:
        pre = torch.addmm(layer.bias, x, layer.weight_t)
        post = layer.forward_activation(pre) if layer.forward_activation else pre
        saved.append((x, pre, post))
        x = post
    return x, saved


def _backward(layers: list[_Layer], saved: list, grad: Tensor, weights: bool, input_grad: bool) -> tuple[
        Tensor | None, list[Tensor]]:
    """Backpropagate `grad` (at the network's output) through the layers: returns the gradient at
    the input (if `input_grad`) and, if `weights`, [W1, b1, W2, b2, ...] gradients in parameter order.

    addmm(b, x, W.t())'s backward as autograd computes it: mm_mat2_backward's branch for a
    column-major W.t() (a contiguous W), mm_mat1_backward's for a row-major x, and sum_to for the
    broadcast bias. (Autograd's other branches, for a column-major x, arise only for a batch of one
    through a layer of width one, a single product either way; the tests include that case.)"""
    grads: list[Tensor] = []
    for index in range(len(layers) - 1, -1, -1):
        layer, (x, pre, post) = layers[index], saved[index]
        if layer.backward_activation:
            grad = layer.backward_activation(grad, pre, post)
        weight = layer.weight
        if weights:
            grads += [grad.sum(0), grad.t().mm(x)]  # sum_to's sum(0, keepdim) + view, in one op
        if index or input_grad:
            grad = grad.mm(weight)
    grads.reverse()
    return (grad if input_grad else None), grads


def _update(optimizer: torch.optim.Optimizer, params: list[nn.Parameter], grads: list[Tensor]) -> None:
    if type(optimizer) is torch.optim.SGD:  # as core builds it: no momentum, no decay, so p -= lr * grad
        torch._foreach_add_(params, grads, alpha=-optimizer.param_groups[0]["lr"])
        return
    for param, grad in zip(params, grads):
        param.grad = grad
    optimizer_step(optimizer)


class DirectStep:
    def __init__(self, trainer):
        self.trainer = trainer
        self.generator, self.discriminator = trainer.generator, trainer.discriminator
        self.generator_layers, self.discriminator_layers = _layers(self.generator), _layers(self.discriminator)
        self.generator_params = list(self.generator.parameters())
        self.discriminator_params = list(self.discriminator.parameters())

    def d_update(self) -> None:
        t = self.trainer
        real = t._real_batch(t.config.train.batch_size)  # (B, 2)
        z = t._noise_batch(real.shape[0])  # (B, noise_dim)
        fake, _ = _forward(self.generator_layers, z)  # (B, 2)
        logits, saved = _forward(self.discriminator_layers, torch.cat([real, fake]))  # (2B, 1): one pass for both
        logits = logits.squeeze(1)
        count = real.shape[0]
        loss, real_grad, fake_grad = t.loss.d_loss_and_grads(logits[:count], logits[count:])
        _, grads = _backward(self.discriminator_layers, saved, torch.cat([real_grad, fake_grad]).unsqueeze(1),
                             weights=True, input_grad=False)
        _update(t.d_optimizer, self.discriminator_params, grads)
        t.last_d_loss = loss

    def g_update(self) -> None:
        t = self.trainer
        z = t._noise_batch(t.config.train.batch_size)  # (B, noise_dim)
        fake, generator_saved = _forward(self.generator_layers, z)  # (B, 2)
        logits, discriminator_saved = _forward(self.discriminator_layers, fake)  # (B, 1)
        loss, logit_grad = t.loss.g_loss_and_grad(logits.squeeze(1))
        fake_grad, _ = _backward(self.discriminator_layers, discriminator_saved, logit_grad.unsqueeze(1),
                                 weights=False, input_grad=True)  # through D, whose weights stay put
        _, grads = _backward(self.generator_layers, generator_saved, fake_grad, weights=True, input_grad=False)
        _update(t.g_optimizer, self.generator_params, grads)
        t.last_g_loss = loss

    def iteration(self) -> None:
        t = self.trainer
        t._forget_losses_not_trained()
        with torch.no_grad():
            for _ in range(t.config.train.d_steps):
                self.d_update()
            for _ in range(t.config.train.g_steps):
                self.g_update()
        t._finish_iteration()
