"""GAN losses, each a pair of small functions over discriminator logits.

D losses return a scalar. G losses return one value per fake sample: training takes
the mean, and the gradient arrows differentiate the per-sample value, so the arrows
show exactly what training would do to each sample. `LOSSES[name]` is the one place a
loss is chosen; the trainer looks it up at every step, so a change applies at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch
import torch.nn.functional as F

from .snapshot import DOutputKind

Tensor = torch.Tensor

# GAN Lab's log loss weights the real term by 0.95 (one-sided label smoothing).
GANLAB_REAL_WEIGHT = 0.95


@dataclass(frozen=True)
class GanLoss:
    name: str
    d_loss: Callable[[Tensor, Tensor], Tensor]  # (real logits (B,), fake logits (B,)) -> scalar
    g_loss_per_sample: Callable[[Tensor], Tensor]  # fake logits (B,) -> (B,)
    d_output: DOutputKind  # how D's raw output reads: a probability (through sigmoid) or a critic score
    gradient_penalty: bool = False  # WGAN-GP adds the penalty on interpolates (needs D itself)

    def display(self, logits: Tensor) -> Tensor:
        """D's output in the units the heatmap shows."""
        return torch.sigmoid(logits) if self.d_output == "probability" else logits


def _log_d_loss(real: Tensor, fake: Tensor) -> Tensor:
    return -(GANLAB_REAL_WEIGHT * F.logsigmoid(real).mean() + F.logsigmoid(-fake).mean())


def _bce_d_loss(real: Tensor, fake: Tensor) -> Tensor:
    return -(F.logsigmoid(real).mean() + F.logsigmoid(-fake).mean())


def _least_squares_d_loss(real: Tensor, fake: Tensor) -> Tensor:
    return (torch.sigmoid(real) - 1).square().mean() + torch.sigmoid(fake).square().mean()


def _wasserstein_d_loss(real: Tensor, fake: Tensor) -> Tensor:
    return fake.mean() - real.mean()


def _hinge_d_loss(real: Tensor, fake: Tensor) -> Tensor:
    return F.relu(1 - real).mean() + F.relu(1 + fake).mean()


def _maximise_log_d(fake: Tensor) -> Tensor:
    return -F.logsigmoid(fake)


def _critic_score(fake: Tensor) -> Tensor:
    return -fake


LOSSES: dict[str, GanLoss] = {
    "log": GanLoss("log", _log_d_loss, _maximise_log_d, "probability"),
    # The original minimax game: G minimises log(1 - D(G(z))), which saturates early on.
    "minimax": GanLoss("minimax", _bce_d_loss, lambda fake: F.logsigmoid(-fake), "probability"),
    "nonsaturating": GanLoss("nonsaturating", _bce_d_loss, _maximise_log_d, "probability"),
    "lsgan": GanLoss("lsgan", _least_squares_d_loss, lambda fake: (torch.sigmoid(fake) - 1).square(),
                     "probability"),
    "wgan-gp": GanLoss("wgan-gp", _wasserstein_d_loss, _critic_score, "critic", gradient_penalty=True),
    "hinge": GanLoss("hinge", _hinge_d_loss, _critic_score, "critic"),
}


def gradient_penalty(discriminator: Callable[[Tensor], Tensor], real: Tensor, fake: Tensor,
                     generator: torch.Generator) -> Tensor:
    """Gulrajani et al.: mean (|grad_x D(x_hat)| - 1)^2 on random real/fake interpolates."""
    mix = torch.rand(real.shape[0], 1, generator=generator, device=generator.device)  # (B, 1)
    interpolates = (mix * real + (1 - mix) * fake).requires_grad_(True)  # (B, 2)
    scores = discriminator(interpolates)
    (grad,) = torch.autograd.grad(scores.sum(), interpolates, create_graph=True)  # (B, 2)
    return (grad.norm(dim=1) - 1).square().mean()
