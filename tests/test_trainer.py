"""Schedule, step semantics, the phase walk, live edits, restarts, determinism, divergence."""

import math

import pytest
import torch

from ganlab_gl.core import scripted_step
from ganlab_gl.core.losses import LOSSES
from ganlab_gl.core.settings import GanConfig, apply_overrides
from ganlab_gl.core.trainer import EXPLANATIONS, PHASES, Trainer, TrainingDiverged


def trainer(*overrides):
    return Trainer(apply_overrides(GanConfig(), list(overrides)))


def params(module):
    return [p.detach().clone() for p in module.parameters()]


def same(a, b):
    return all(torch.equal(x, y) for x, y in zip(a, b))


def test_d_step_changes_only_d_and_g_step_only_g():
    t = trainer()
    g0, d0 = params(t.generator), params(t.discriminator)
    t.d_step()
    assert same(params(t.generator), g0) and not same(params(t.discriminator), d0)
    g1, d1 = params(t.generator), params(t.discriminator)
    t.g_step()
    assert not same(params(t.generator), g1) and same(params(t.discriminator), d1)
    assert t.iteration_count == 2


def test_walk_yields_five_phases_per_network_and_equals_an_iteration():
    a = trainer("train.d_steps=2", "train.g_steps=1")
    b = trainer("train.d_steps=2", "train.g_steps=1")
    phases = list(a.walk())
    assert [(p.network, p.name) for p in phases] == [("D", n) for n in PHASES] + [("G", n) for n in PHASES]
    assert [p.last for p in phases] == [False] * 9 + [True]  # G's update ends the iteration
    d_only = trainer("train.d_steps=2", "train.g_steps=0").walk()
    assert [p.last for p in d_only] == [False] * 4 + [True]  # without G's, D's update phase ends it
    assert set(phases[0].tensors) == {"noise", "real", "fake"} and phases[0].tensors["fake"].shape == (150, 2)
    assert phases[1].tensors["real_logits"].shape == (150,)
    assert all(p.explanation for p in phases)
    b.iteration()
    assert a.iteration_count == b.iteration_count == 1
    assert same(params(a.generator), params(b.generator)) and same(params(a.discriminator), params(b.discriminator))


@pytest.mark.parametrize("d_steps, g_steps", [(3, 1), (1, 2)])
def test_a_walk_lights_each_networks_phases_once_an_iteration_however_many_updates_it_makes(d_steps, g_steps):
    """GAN Lab's slow motion lights D's five steps once an iteration and makes its k D updates within them
    (demo/ganlab.ts iterateTraining, and G's likewise). Ours walked each of Ring of 8's 3 D updates through all five
    phases, an iteration taking three times the walk for D. Now a network's update phase makes all its updates and
    says how many; the loss phase's loss is the first update's, the trainer's last (the chart's) the last one's;
    the weights, losses and timeline are headless training's, bit for bit."""
    overrides = ("data.name=ring8", f"train.d_steps={d_steps}", f"train.g_steps={g_steps}")
    walked, headless = trainer(*overrides), trainer(*overrides)
    for iteration in range(1, 4):
        phases = list(walked.walk())
        assert [(p.network, p.name) for p in phases] == [("D", n) for n in PHASES] + [("G", n) for n in PHASES]
        assert [p.updates for p in phases] == [d_steps] * 5 + [g_steps] * 5
        assert {p.iteration for p in phases} == {iteration} and walked.iteration_count == iteration
        for network, steps, last_loss in (("D", d_steps, walked.last_d_loss), ("G", g_steps, walked.last_g_loss)):
            update = next(p for p in phases if (p.network, p.name) == (network, "update"))
            assert ("weights, 3 times (each on a fresh batch);" in update.explanation) == (steps == 3)
            assert ("weights, 2 times" in update.explanation) == (steps == 2) and "{" not in update.explanation
            first = next(p for p in phases if (p.network, p.name) == (network, "loss")).tensors["loss"]
            assert torch.equal(first, last_loss) == (steps == 1)  # the loss phase's is the first update's
    headless.train(3)
    for module in ("generator", "discriminator"):
        assert same(params(getattr(walked, module)), params(getattr(headless, module)))
    walked.flush_losses()
    headless.flush_losses()
    assert (walked.history.losses.array() == headless.history.losses.array()).all()
    assert walked.timeline.iterations.tolist() == headless.timeline.iterations.tolist()


def test_the_phase_explanations_speak_of_what_the_screen_shows():
    """Slow motion told a student that "backpropagation" ran and D's "decision surface" shifted, words the lab
    shows nowhere: the updates name what changes on screen (the background colours; the fakes drifting to the green
    regions) and G's gradients point at the arrows on the fakes, GAN Lab's gradients for the generator."""
    jargon = ("backpropagation", "decision surface")
    assert [text for text in EXPLANATIONS.values() if any(word in text.lower() for word in jargon)] == []
    assert "background colours" in EXPLANATIONS[("D", "update")]
    assert "green regions" in EXPLANATIONS[("G", "update")]
    assert "arrows on the fakes" in EXPLANATIONS[("G", "gradients")]


def test_walk_advances_only_as_consumed():
    t = trainer()
    d0 = params(t.discriminator)
    walk = t.walk()
    for phase in walk:
        if phase.name == "gradients":
            assert same(params(t.discriminator), d0)  # gradients computed, weights not yet moved
            break
    next(walk)  # the update
    assert not same(params(t.discriminator), d0)


def test_learning_rate_edit_keeps_adam_moments():
    t = trainer("train.d_optimizer=adam", "train.g_optimizer=adam")
    t.train(5)
    optimizer = t.d_optimizer
    moments = {k: v.clone() for k, v in optimizer.state[next(iter(t.discriminator.parameters()))].items()}
    change = t.apply(apply_overrides(t.config, ["train.d_lr=0.003", "train.beta1=0.5"]))
    assert not change.restarted and set(change.live_keys) == {"train.d_lr", "train.beta1"}
    assert t.d_optimizer is optimizer  # not rebuilt, unlike GAN Lab
    group = optimizer.param_groups[0]
    assert group["lr"] == 0.003 and group["betas"] == (0.5, 0.999)
    state = optimizer.state[next(iter(t.discriminator.parameters()))]
    assert all(torch.equal(state[k], v) for k, v in moments.items())
    assert t.g_optimizer.param_groups[0]["betas"] == (0.5, 0.999)


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_learning_rates_hold_then_fall_linearly_to_zero_where_training_stops(optimizer):
    """train.lr_decay_end = 8: iterations 0-4 at the set rates, then 3/4, 1/2, 1/4 of them, none from 8 on; the
    walk (slow motion, steps) follows the same schedule as train()."""
    overrides = ("train.lr_decay_end=8", f"train.d_optimizer={optimizer}", f"train.g_optimizer={optimizer}")
    t, walked = trainer(*overrides), trainer(*overrides)
    rates, weights = [], []
    for _ in range(10):
        t.train(1)
        list(walked.walk())
        rates.append((t.d_optimizer.param_groups[0]["lr"] / t.config.train.d_lr,
                      t.g_optimizer.param_groups[0]["lr"] / t.config.train.g_lr))
        weights.append(params(t.generator) + params(t.discriminator))
    assert [r for pair in rates for r in pair] == pytest.approx([f for f in (1, 1, 1, 1, 1, 0.75, 0.5, 0.25, 0, 0)
                                                                 for _ in ("d", "g")])
    assert not same(weights[7], weights[6]) and same(weights[9], weights[7])  # at rate 0 nothing moves
    assert same(params(walked.generator) + params(walked.discriminator), weights[9])
    if optimizer == "sgd":
        assert "lr_decay_end" in scripted_step.obstacle(t)  # several iterations a call could not follow it


def test_a_learning_rate_edit_during_the_decay_is_scaled_by_it():
    t = trainer("train.lr_decay_end=8")
    t.train(6)  # the next iteration runs at half the set rates
    t.apply(apply_overrides(t.config, ["train.d_lr=0.2", "train.g_optimizer=adam"]))  # G's optimizer rebuilt
    assert t.d_optimizer.param_groups[0]["lr"] == pytest.approx(0.1)
    assert isinstance(t.g_optimizer, torch.optim.Adam)
    assert t.g_optimizer.param_groups[0]["lr"] == pytest.approx(t.config.train.g_lr / 2)


def test_loss_change_applies_at_the_next_step():
    t = trainer()
    t.train(2)
    t.apply(apply_overrides(t.config, ["train.loss=lsgan"]))
    phases = {p.name: p for p in t.walk() if p.network == "D"}
    logits = phases["predictions"].tensors
    expected = LOSSES["lsgan"].d_loss(logits["real_logits"], logits["fake_logits"])
    assert torch.equal(phases["loss"].tensors["loss"], expected.detach())


def test_structural_change_restarts_and_says_so():
    t = trainer()
    t.train(3)
    change = t.apply(apply_overrides(t.config, ["generator.neurons=16", "train.g_lr=0.01"]))
    assert change.restarted and change.restart_keys == ("generator.neurons",)
    assert t.iteration_count == 0 and t.generator[0].out_features == 16
    assert t.g_optimizer.param_groups[0]["lr"] == 0.01


def test_data_change_restarts_with_the_new_data():
    t = trainer()
    change = t.apply(apply_overrides(t.config, ["data.name=grid25"]))
    assert change.restarted and t.dataset.name == "grid25" and float(t.real_atlas.abs().max()) > 3
    assert t.generator[-1].__class__.__name__ == "Linear"  # auto output: linear outside the unit square


def test_same_seed_gives_bit_identical_losses_and_another_seed_does_not():
    runs = [trainer(f"run.seed={seed}") for seed in (7, 7, 8)]
    for t in runs:
        t.train(50)
        t.flush_losses()
    a, b, c = (t.history.losses.array() for t in runs)
    assert (a == b).all() and not (a == c).all()


@pytest.mark.parametrize("loss, shown", [("log", (1 + 0.95) / 2 * math.log(2)), ("nonsaturating", math.log(2))])
@pytest.mark.parametrize("step", ["train", "walk"])
def test_the_recorded_d_loss_is_the_mean_of_its_real_and_fake_terms_as_ganlab_shows_it(loss, shown, step):
    """GAN Lab minimises D's loss on real plus its loss on fake, and shows half of it (dCostVal / 2): at a D that
    cannot tell real from fake, 0.68 for its log loss (the real term weighs 0.95) beside G's 0.69. Ours recorded
    and charted the sum, 1.35. D's optimizer still minimises the sum."""
    t = trainer(f"train.loss={loss}", "train.d_steps=1")
    with torch.no_grad():  # D says 1/2 (logit 0) everywhere until its update, after the loss is taken
        t.discriminator[-1].weight.zero_()
        t.discriminator[-1].bias.zero_()
    if step == "train":
        t.train(1)
    else:
        minimised = [float(p.tensors["loss"]) for p in t.walk() if (p.network, p.name) == ("D", "loss")]
        assert minimised == [pytest.approx(2 * shown, rel=1e-6)]
    t.flush_losses()
    (_, d_loss, _), = t.history.losses.array()
    assert d_loss == pytest.approx(shown, rel=1e-6) and d_loss == float(t.last_d_loss) / 2


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])  # GAN Lab's (the scripted step) and the direct step
def test_a_copy_holds_the_run_whole_and_each_trains_on_alone_as_the_run_would(optimizer):
    """What a branch keeps for Ctrl+Z: the copy is at the run's iteration, weights, moments, losses and timeline, on the
    same data object, unmoved by the original training on; each continues as the uncopied run would, bit for bit."""
    original = trainer(f"train.d_optimizer={optimizer}", f"train.g_optimizer={optimizer}")
    original.train(7)
    original.flush_losses()
    copied = original.copy()
    assert copied.dataset is original.dataset and copied.iteration_count == 7
    assert same(params(copied.generator) + params(copied.discriminator),
                params(original.generator) + params(original.discriminator))
    assert (copied.timeline.iterations == original.timeline.iterations).all() and len(copied.timeline) == 8
    assert (copied.history.losses.array() == original.history.losses.array()).all()
    at_7 = params(copied.generator)
    original.train(5)
    assert copied.iteration_count == 7 and same(params(copied.generator), at_7) and len(copied.timeline) == 8
    copied.train(5)
    straight = trainer(f"train.d_optimizer={optimizer}", f"train.g_optimizer={optimizer}")
    straight.train(12)
    for run in (original, copied):
        assert same(params(run.generator) + params(run.discriminator),
                    params(straight.generator) + params(straight.discriminator))


def test_nan_pauses_with_a_message_and_reverts_to_the_last_good_state():
    t = trainer()
    t.train(10)
    t.keep_good_state()
    good = params(t.generator)
    with torch.no_grad():
        next(t.generator.parameters()).fill_(float("nan"))
    assert not t.parameters_finite()
    with pytest.raises(TrainingDiverged, match=r"D loss became nan at iteration 11"):
        t.train(1)
        t.flush_losses()
    assert t.revert_to_good_state() and t.iteration_count == 10
    assert same(params(t.generator), good) and t.parameters_finite()


def test_a_revert_keeps_the_learning_rates_the_settings_have_now():
    """A good state kept before a live edit of the learning rates: reverting to it keeps the edited rates (the
    settings say them), not those the optimizers had then."""
    t = trainer()
    t.train(3)
    t.keep_good_state()
    config = t.config.copy()
    config.train.d_lr, config.train.g_lr = 0.37, 0.011
    t.apply(config)
    t.train(2)
    assert t.revert_to_good_state() and t.iteration_count == 3
    assert (t.d_optimizer.param_groups[0]["lr"], t.g_optimizer.param_groups[0]["lr"]) == (0.37, 0.011)


@pytest.mark.parametrize("before, after", [("sgd", "adam"), ("adam", "sgd")])
def test_a_revert_across_an_optimizer_switch_keeps_the_new_optimizer_and_trains_on(before, after):
    """A good state kept before the optimizers were switched: the revert brings back the weights, the new
    optimizers stay (with fresh moments, as the switch gave them) and training goes on."""
    t = trainer(f"train.d_optimizer={before}", f"train.g_optimizer={before}")
    t.train(3)
    t.keep_good_state()
    good = params(t.generator)
    config = t.config.copy()
    config.train.d_optimizer = config.train.g_optimizer = after
    t.apply(config)
    t.train(2)
    assert t.revert_to_good_state() and t.iteration_count == 3
    assert same(params(t.generator), good)
    switched = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD}[after]
    assert isinstance(t.d_optimizer, switched) and isinstance(t.g_optimizer, switched)
    assert t.d_optimizer.state_dict()["state"] == {} or after == "sgd"
    t.train(4)
    t.flush_losses()
    assert t.iteration_count == 7 and t.parameters_finite() and not same(params(t.generator), good)


def test_one_dimensional_and_high_dimensional_noise_train():
    for dim in (1, 5):
        t = trainer(f"noise.dim={dim}", "noise.kind=gaussian")
        good = params(t.generator)
        t.train(3)
        t.flush_losses()
        assert t.generator[0].in_features == dim and t.iteration_count == 3
        assert math.isfinite(t.last_d_loss) and math.isfinite(t.last_g_loss)
        assert not same(params(t.generator), good)


def test_missing_cuda_falls_back_to_the_cpu_and_says_so(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    t = trainer("run.device=cuda")
    assert t.device.type == "cpu" and t.device_note.startswith("Training on the CPU")
    assert "run.device=cuda, but no CUDA GPU was found" in t.device_note
    assert trainer("run.device=auto").device_note == "Training on the CPU (1 thread; no CUDA GPU found)"


@pytest.mark.gpu
def test_training_on_cuda_keeps_every_tensor_on_the_device():
    if not torch.cuda.is_available():
        pytest.skip("CUDA is not available")
    from ganlab_gl.core.probes import Prober
    t = trainer("run.device=cuda")
    t.train(20)
    t.flush_losses()
    snap = Prober(t).snapshot()
    for tensor in (snap.real, snap.fake, snap.fake_gradient, snap.heatmap.values, snap.manifold.vertices):
        assert tensor.is_cuda
    assert t.history.losses.array().shape == (20, 3) and t.parameters_finite()


@pytest.mark.parametrize("network", ["d", "g"])
def test_a_network_the_settings_do_not_update_records_no_loss(network):
    """With train.d_steps 0 the last D loss was recorded every iteration on: a flat chart and a graph read-out
    that looked current while D stood still. A manual step of the other network keeps this one's loss."""
    t = trainer()
    t.train(5)
    t.apply(apply_overrides(t.config, [f"train.{network}_steps=0"]))
    t.train(6)  # the batched step
    for _ in t.walk():  # and the walk
        pass
    t.flush_losses()
    rows = t.history.losses.array()
    column = 1 if network == "d" else 2
    assert rows[-7:, 0].tolist() == list(range(6, 13))
    assert all(math.isnan(v) for v in rows[-7:, column]) and all(math.isfinite(v) for v in rows[-7:, 3 - column])
    assert getattr(t, f"last_{network}_loss") is None
    kept = trainer()
    kept.train(3)
    (kept.d_step if network == "g" else kept.g_step)()  # GAN Lab's "train D only": G's loss stays
    assert getattr(kept, f"last_{network}_loss") is not None


@pytest.mark.parametrize("noise_dim, first_std", [(1, 2 ** -0.5), (2, 2 ** -0.5), (16, 16 ** -0.5)])
def test_weights_start_as_ganlabs_a_first_layer_of_1d_noise_at_its_1_over_root_2(noise_dim, first_std):
    """ganlab_models.ts draws G's first layer at 1/sqrt(2) whether the noise is 1-D or 2-D (ours drew 1-D noise's
    at 1, 1.41 times wider); other layers at 1/sqrt(their inputs), biases zero."""
    from ganlab_gl.core.models import init_like_ganlab, mlp
    network = mlp(noise_dim, 2, hidden_layers=2, neurons=4096, activation="relu")
    init_like_ganlab(network, torch.Generator().manual_seed(0))
    first, second, *_ = [module for module in network.modules() if isinstance(module, torch.nn.Linear)]
    assert float(first.weight.detach().std()) == pytest.approx(first_std, rel=0.03)
    assert float(second.weight.detach().std()) == pytest.approx(4096 ** -0.5, rel=0.03)
    assert not any(float(module.bias.detach().abs().max()) for module in (first, second))
