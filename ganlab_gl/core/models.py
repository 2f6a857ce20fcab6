"""The generator and discriminator: small MLPs as in GAN Lab.

GAN Lab initialises weights from N(0, 1/sqrt(fan_in)) and biases at zero; we do the
same so its pretrained-free runs behave alike. The discriminator returns a logit (or a
critic score); losses turn it into whatever they need.
"""

from __future__ import annotations

import math

import torch
from torch import nn

ACTIVATION_MODULES = {"relu": nn.ReLU, "tanh": nn.Tanh, "leaky_relu": lambda: nn.LeakyReLU(0.2)}


def mlp(in_features: int, out_features: int, hidden_layers: int, neurons: int, activation: str,
        output: str = "linear") -> nn.Sequential:
    """in -> [Linear, act] x hidden_layers -> Linear -> optional tanh."""
    if activation not in ACTIVATION_MODULES:
        raise ValueError(f"model: unknown activation {activation!r}")
    widths = [in_features] + [neurons] * hidden_layers + [out_features]
    layers: list[nn.Module] = []
    for index, (fan_in, fan_out) in enumerate(zip(widths[:-1], widths[1:])):
        linear = nn.Linear(fan_in, fan_out)
        layers.append(linear)
        if index < len(widths) - 2:
            layers.append(ACTIVATION_MODULES[activation]())
    if output == "tanh":
        layers.append(nn.Tanh())
    elif output != "linear":
        raise ValueError(f"model: unknown output {output!r}")
    return nn.Sequential(*layers)


GANLAB_FIRST_FAN_IN = 2  # ganlab_models.ts: each network's first layer N(0, 1/sqrt(2)), its 1-D noise's too


def init_like_ganlab(network: nn.Module, generator: torch.Generator) -> None:
    """Weights N(0, 1/sqrt(fan_in)), biases zero, as GAN Lab's; a first layer with fewer than two inputs (1-D noise)
    as GAN Lab's with two (its G took 1-D noise at 1/sqrt(2); ours at 1, its hidden units' inputs sqrt(2) wider)."""
    with torch.no_grad():
        linears = [module for module in network.modules() if isinstance(module, nn.Linear)]
        for number, module in enumerate(linears):
            fan_in = module.weight.shape[1] if number else max(module.weight.shape[1], GANLAB_FIRST_FAN_IN)
            module.weight.copy_(torch.randn(module.weight.shape, generator=generator) / math.sqrt(fan_in))
            module.bias.zero_()
