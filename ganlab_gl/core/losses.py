"""GAN losses, each a pair of small functions over discriminator logits.

D losses return a scalar, the sum of D's loss on real samples and its loss on fake ones,
which D's optimizer minimises; wherever a person reads D's loss (charts, read-outs, the
history and every export) it is `shown_d_loss`, the mean of the two, as GAN Lab shows it.
G losses return one value per fake sample: training takes the mean. Each falls as D's
displayed output rises, so the gradient arrows (probes.py: the gradient of that output at each fake) point the way
each sample needs to move to lower its G loss (tests/test_app_canvas_hover.py checks it for every loss).
`LOSSES[name]` is the one place a loss is chosen; the trainer looks it up at every step, so a change applies at once.

Each loss but WGAN-GP also has its gradient with respect to the logits written out
(`d_loss_and_grads`, `g_loss_and_grad`) for the trainer's direct step
(core/direct_step.py), which runs without autograd. They replay the ops autograd's
backward runs for the functions above, in the same order on the same shapes, so they
agree with autograd bit for bit (tests/test_direct_step.py); any other formula, however
equal on paper, rounds differently.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import torch
import torch.nn.functional as F

from .snapshot import DOutputKind

Tensor = torch.Tensor
aten = torch.ops.aten

# GAN Lab's log loss weights the real term by 0.95 (one-sided label smoothing).
GANLAB_REAL_WEIGHT = 0.95
LN2 = math.log(2.0)  # -log(1/2): a log loss's term where D says 1/2
# GAN Lab minimises D's loss on real plus its loss on fake, but every number and chart it shows for D is half that
# sum (ganlab.ts: dCostVal / 2), the mean of the two terms: where D cannot tell real from fake it reads 0.68 beside
# G's 0.69, not 1.35. Ours trains on the sum and shows this share of it, for every loss.
D_LOSS_SHOWN_SHARE = 0.5


def shown_d_loss(minimised: float | Tensor) -> float | Tensor:
    """D's loss as the lab shows and records it, the mean of its real and fake terms, from the loss its optimizer
    minimises (their sum). Halving is exact in floating point: nothing shown is rounded by it."""
    return minimised * D_LOSS_SHOWN_SHARE


@dataclass(frozen=True)
class GanLoss:
    name: str
    d_loss: Callable[[Tensor, Tensor], Tensor]  # (real logits (B,), fake logits (B,)) -> scalar, minimised (a sum)
    g_loss_per_sample: Callable[[Tensor], Tensor]  # fake logits (B,) -> (B,)
    d_output: DOutputKind  # how D's raw output reads: a probability (through sigmoid) or a critic score
    # The units its D and G losses are in: runs of one scale share a comparison chart's y axis, each other scale has
    # its own (log and minimax losses, both in nats, compare; a critic's score does not). Three at most: ImPlot's
    # y axes.
    scale: str
    gradient_penalty: bool = False  # WGAN-GP adds the penalty on interpolates (needs D itself)
    # (real logits, fake logits) -> (D loss, d loss / d real logits, d loss / d fake logits); None: autograd only
    d_loss_and_grads: Callable[[Tensor, Tensor], tuple[Tensor, Tensor, Tensor]] | None = None
    # fake logits -> (mean G loss, d loss / d fake logits); None: autograd only
    g_loss_and_grad: Callable[[Tensor], tuple[Tensor, Tensor]] | None = None
    # (D's shown loss, G's loss) in a stalemate, where D cannot tell real from fake: a probability at 1/2 everywhere
    # (logit 0); a critic scoring every point alike. None where no one value marks it: a critic's G loss is its
    # score, any value; WGAN-GP's D loss adds a penalty that depends on the critic's slope, not on whether it can
    # tell them apart.
    balanced: tuple[float | None, float | None] = (None, None)
    # D's loss on real samples is weighed by this in its sum: below 1 it smooths the real labels on one side (GAN
    # Lab's log loss, 0.95), which is why D's stalemate sits under G's (the stalemate words say so)
    real_weight: float = 1.0

    @property
    def stalemate_shared(self) -> bool:
        """Whether D's and G's losses sit at one value in a stalemate (the nonsaturating loss, least squares)."""
        d, g = self.balanced
        return d is not None and d == g

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


def _saturating_g(fake: Tensor) -> Tensor:
    return F.logsigmoid(-fake)


def _least_squares_g(fake: Tensor) -> Tensor:
    return (torch.sigmoid(fake) - 1).square()


# -- the same losses with their logit gradients, as autograd's backward computes them ------------------
# Autograd starts from a gradient of 1 at the loss, and each node's backward formula (PyTorch's
# derivatives.yaml) maps it on: neg -> neg, x * c -> grad * c, mean -> grad expanded / numel,
# logsigmoid -> log_sigmoid_backward, relu -> threshold_backward, sigmoid -> sigmoid_backward,
# square (pow 2) -> grad * (2 * x.pow(1)). The helpers below are those formulas.

def _mean_grad(upstream: Tensor, x: Tensor) -> Tensor:
    """Gradient reaching x through x.mean(), given the gradient of the mean."""
    return upstream.expand(x.shape) / x.numel()


def _square_grad(upstream: Tensor, x: Tensor) -> Tensor:
    return upstream * (2.0 * x.pow(1.0))


def _one(like: Tensor) -> Tensor:
    return torch.ones((), dtype=like.dtype, device=like.device)


def _logsigmoid_d_loss_and_grads(
        real_weight: float | None) -> Callable[[Tensor, Tensor], tuple[Tensor, Tensor, Tensor]]:
    """-(w * logsigmoid(real).mean() + logsigmoid(-fake).mean()); w = None: no weight (BCE)."""

    def loss_and_grads(real: Tensor, fake: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        real_out, real_buffer = aten.log_sigmoid_forward(real)
        negated = fake.neg()
        fake_out, fake_buffer = aten.log_sigmoid_forward(negated)
        real_mean = real_out.mean() if real_weight is None else real_weight * real_out.mean()
        loss = -(real_mean + fake_out.mean())
        upstream = _one(real).neg()  # through the outer minus
        real_upstream = upstream if real_weight is None else upstream * real_weight
        real_grad = aten.log_sigmoid_backward(_mean_grad(real_upstream, real_out), real, real_buffer)
        fake_grad = aten.log_sigmoid_backward(_mean_grad(upstream, fake_out), negated, fake_buffer).neg()
        return loss, real_grad, fake_grad

    return loss_and_grads


def _maximise_log_d_loss_and_grad(fake: Tensor) -> tuple[Tensor, Tensor]:
    out, buffer = aten.log_sigmoid_forward(fake)
    per_sample = out.neg()
    return per_sample.mean(), aten.log_sigmoid_backward(_mean_grad(_one(fake), per_sample).neg(), fake, buffer)


def _saturating_g_loss_and_grad(fake: Tensor) -> tuple[Tensor, Tensor]:
    negated = fake.neg()
    out, buffer = aten.log_sigmoid_forward(negated)
    return out.mean(), aten.log_sigmoid_backward(_mean_grad(_one(fake), out), negated, buffer).neg()


def _least_squares_d_loss_and_grads(real: Tensor, fake: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    real_prob, fake_prob = torch.sigmoid(real), torch.sigmoid(fake)
    real_error = real_prob - 1
    real_square, fake_square = real_error.square(), fake_prob.square()
    loss = real_square.mean() + fake_square.mean()
    one = _one(real)
    real_grad = aten.sigmoid_backward(_square_grad(_mean_grad(one, real_square), real_error), real_prob)
    fake_grad = aten.sigmoid_backward(_square_grad(_mean_grad(one, fake_square), fake_prob), fake_prob)
    return loss, real_grad, fake_grad


def _least_squares_g_loss_and_grad(fake: Tensor) -> tuple[Tensor, Tensor]:
    prob = torch.sigmoid(fake)
    error = prob - 1
    square = error.square()
    return square.mean(), aten.sigmoid_backward(_square_grad(_mean_grad(_one(fake), square), error), prob)


def _hinge_d_loss_and_grads(real: Tensor, fake: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    real_margin, fake_margin = F.relu(1 - real), F.relu(1 + fake)
    loss = real_margin.mean() + fake_margin.mean()
    one = _one(real)
    real_grad = aten.threshold_backward(_mean_grad(one, real_margin), real_margin, 0).neg()  # through 1 - real
    fake_grad = aten.threshold_backward(_mean_grad(one, fake_margin), fake_margin, 0)
    return loss, real_grad, fake_grad


def _critic_g_loss_and_grad(fake: Tensor) -> tuple[Tensor, Tensor]:
    per_sample = fake.neg()
    return per_sample.mean(), _mean_grad(_one(fake), per_sample).neg()


LOSSES: dict[str, GanLoss] = {
    "log": GanLoss("log", _log_d_loss, _maximise_log_d, "probability", "log loss",
                   d_loss_and_grads=_logsigmoid_d_loss_and_grads(GANLAB_REAL_WEIGHT),
                   g_loss_and_grad=_maximise_log_d_loss_and_grad,
                   balanced=(shown_d_loss((1 + GANLAB_REAL_WEIGHT) * LN2), LN2), real_weight=GANLAB_REAL_WEIGHT),
    # The original minimax game: G minimises log(1 - D(G(z))), which saturates early on.
    "minimax": GanLoss("minimax", _bce_d_loss, _saturating_g, "probability", "log loss",
                       d_loss_and_grads=_logsigmoid_d_loss_and_grads(None),
                       g_loss_and_grad=_saturating_g_loss_and_grad, balanced=(shown_d_loss(2 * LN2), -LN2)),
    "nonsaturating": GanLoss("nonsaturating", _bce_d_loss, _maximise_log_d, "probability", "log loss",
                             d_loss_and_grads=_logsigmoid_d_loss_and_grads(None),
                             g_loss_and_grad=_maximise_log_d_loss_and_grad, balanced=(shown_d_loss(2 * LN2), LN2)),
    "lsgan": GanLoss("lsgan", _least_squares_d_loss, _least_squares_g, "probability", "squared error",
                     d_loss_and_grads=_least_squares_d_loss_and_grads,
                     g_loss_and_grad=_least_squares_g_loss_and_grad, balanced=(shown_d_loss(0.5), 0.25)),
    "wgan-gp": GanLoss("wgan-gp", _wasserstein_d_loss, _critic_score, "critic", "critic score",
                       gradient_penalty=True),
    # hinge: a critic scoring every point alike, anywhere within its margins (-1..1), minimises a D loss of 2
    "hinge": GanLoss("hinge", _hinge_d_loss, _critic_score, "critic", "critic score",
                     d_loss_and_grads=_hinge_d_loss_and_grads, g_loss_and_grad=_critic_g_loss_and_grad,
                     balanced=(shown_d_loss(2.0), None)),
}


def gradient_penalty(discriminator: Callable[[Tensor], Tensor], real: Tensor, fake: Tensor,
                     generator: torch.Generator) -> Tensor:
    """Gulrajani et al.: mean (|grad_x D(x_hat)| - 1)^2 on random real/fake interpolates."""
    mix = torch.rand(real.shape[0], 1, generator=generator, device=generator.device)  # (B, 1)
    interpolates = (mix * real + (1 - mix) * fake).requires_grad_(True)  # (B, 2)
    scores = discriminator(interpolates)
    (grad,) = torch.autograd.grad(scores.sum(), interpolates, create_graph=True)  # (B, 2)
    return (grad.norm(dim=1) - 1).square().mean()
