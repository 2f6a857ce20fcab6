"""Probes equal the models applied pointwise; manifold geometry; gradient arrows."""

import pytest
import torch

from ganlab_gl.core import noise, probes
from ganlab_gl.core.losses import LOSSES
from ganlab_gl.core.probes import Prober, shoelace_areas
from ganlab_gl.core.settings import GanConfig, apply_overrides
from ganlab_gl.core.trainer import Trainer


@pytest.fixture(params=["gaussian", "normal"])
def trained(request):
    """GAN Lab's noise, whose unit square is G's input, and the standard normal, which the pictures place there."""
    t = Trainer(apply_overrides(GanConfig(), ["probe.shown_samples=300", "probe.shown_fakes=120",
                                             f"noise.kind={request.param}"]))
    t.train(20)
    return t


def test_heatmap_equals_d_at_cell_centres(trained):
    rect = (-0.5, 0.25, 1.5, 0.75)
    heat = Prober(trained).heatmap(rect, 7)
    assert heat.values.shape == (7, 7) and heat.rect == rect and heat.kind == "probability"
    j, i = 2, 5
    centre = torch.tensor([[-0.5 + (i + 0.5) * 2 / 7, 0.25 + (j + 0.5) * 0.5 / 7]])
    with torch.no_grad():
        expected = torch.sigmoid(trained.discriminator(centre)).item()
    assert heat.values[j, i].item() == pytest.approx(expected, abs=1e-6)


def test_chunking_gives_the_same_grid(trained, monkeypatch):
    whole = Prober(trained).heatmap((0, 0, 1, 1), 33).values
    monkeypatch.setattr(probes, "CHUNK_ROWS", 100)
    assert torch.allclose(Prober(trained).heatmap((0, 0, 1, 1), 33).values, whole, atol=1e-6)


def test_a_snapshot_probed_in_bands_is_the_one_probed_at_once(trained):
    """The lab spreads a large probe over frames (controller.py): a band at a time, then the very snapshot, bit for
    bit (bands of 25,000 points were not: the matrix kernels' last partial block of rows sums another way)."""
    whole = Prober(trained).snapshot(view=(0, 0, 1, 1), heatmap_res=33, manifold_res=20)
    steps = list(Prober(trained).snapshot_in_bands(100, view=(0, 0, 1, 1), heatmap_res=33, manifold_res=20))
    assert steps[:-1] == [128] * 8 + [65] + [128] * 3 + [57]  # 33² cells, 21² vertices, 128 (100 aligned) a band
    banded = steps[-1]
    assert torch.equal(banded.heatmap.values, whole.heatmap.values)
    assert torch.equal(banded.manifold.vertices, whole.manifold.vertices)
    assert torch.equal(banded.fake, whole.fake)


@pytest.mark.parametrize("dim, vertices", [(1, 21), (2, 21 * 21), (3, 0)])
def test_banded_points_count_what_the_bands_probe(dim, vertices):
    """`render` reports its probe's share done against banded_points: every band's points, no more, no fewer."""
    prober = Prober(Trainer(apply_overrides(GanConfig(), [f"noise.dim={dim}", "probe.heatmap_res=7"])))
    assert prober.banded_points(33, 20) == 33 * 33 + vertices
    assert prober.banded_points() == 7 * 7 + (33 * 33 if dim == 2 else 33 if dim == 1 else 0)  # the config's M: 32
    *bands, _ = prober.snapshot_in_bands(100, heatmap_res=33, manifold_res=20)
    assert sum(bands) == prober.banded_points(33, 20)


def test_manifold_is_g_on_the_noise_grid(trained):
    manifold = Prober(trained).manifold(6)
    assert manifold.vertices.shape == (7, 7, 2) and manifold.cell_mass.shape == (6, 6)
    kind = trained.config.noise.kind
    with torch.no_grad():
        expected = trained.generator(noise.from_unit(torch.tensor([[4 / 6, 1 / 6]]), kind))
    assert torch.allclose(manifold.vertices[1, 4], expected[0], atol=1e-6)  # [j, i] = G(i/M, j/M) on the square
    assert float(manifold.cell_mass.sum()) == pytest.approx(1)


def test_one_dimensional_noise_gives_a_polyline():
    t = Trainer(apply_overrides(GanConfig(), ["noise.dim=1"]))
    manifold = Prober(t).manifold(10)
    assert manifold.vertices.shape == (11, 2) and manifold.cell_mass.shape == (10,)
    assert probes.segment_lengths(manifold.vertices).shape == (10,)
    assert Prober(Trainer(apply_overrides(GanConfig(), ["noise.dim=3"]))).manifold(10) is None


def test_shoelace_area_of_a_linear_map_is_det_times_cell_area():
    a = torch.tensor([[2.0, 0.5], [-0.3, 1.5]])  # x' = A^T-free: rows are images of the noise axes
    grid = noise.grid(8, 2)  # (9, 9, 2)
    vertices = grid @ a + torch.tensor([0.1, -0.2])
    areas = shoelace_areas(vertices)
    assert areas.shape == (8, 8)
    assert torch.allclose(areas, torch.full((8, 8), float(torch.det(a)) / 64), atol=1e-6)
    flipped = grid @ torch.tensor([[-1.0, 0.0], [0.0, 1.0]])  # a mirror folds every cell
    assert torch.allclose(shoelace_areas(flipped), torch.full((8, 8), -1 / 64))


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_fake_gradients_are_dd_dx_and_point_where_the_g_loss_falls(loss):
    t = Trainer(apply_overrides(GanConfig(), ["probe.shown_samples=300", f"train.loss={loss}"]))
    t.train(20)
    snap = Prober(t).snapshot()
    fake, arrows = snap.fake, snap.fake_gradient
    assert arrows.shape == fake.shape
    x = fake.clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(LOSSES[loss].display(t.discriminator(x)).sum(), x)
    assert torch.allclose(arrows, grad, atol=1e-6)  # GAN Lab's dD/dx
    per_sample = lambda points: LOSSES[loss].g_loss_per_sample(t.discriminator(points).squeeze(1))
    with torch.no_grad():
        before, after = per_sample(fake), per_sample(fake + 1e-4 * arrows / arrows.norm(dim=1, keepdim=True))
    moving = arrows.norm(dim=1) > 1e-3
    assert bool((after[moving] <= before[moving] + 1e-6).all())


def test_snapshot_shapes_and_d_predictions(trained):
    snap = Prober(trained).snapshot(heatmap_res=16, manifold_res=8)
    assert snap.real.shape == (300, 2) and snap.fake.shape == (120, 2)  # GAN Lab's 450 and 150 in proportion
    assert snap.d_real.shape == (300,) and snap.d_fake.shape == (120,) and snap.heatmap.values.shape == (16, 16)
    assert Prober(trained).snapshot(heatmap_res=4, manifold_res=2, count=7).fake.shape == (7, 2)  # `render --samples`
    with torch.no_grad():
        assert torch.allclose(snap.d_fake, torch.sigmoid(trained.discriminator(snap.fake)).squeeze(1))
    assert snap.iteration == 20 and snap.data_rect == (0.0, 0.0, 1.0, 1.0)
    again = Prober(trained).snapshot(heatmap_res=16, manifold_res=8)
    assert torch.equal(snap.fake, again.fake) and torch.equal(snap.real, again.real)  # fixed display sets


def test_snapshot_carries_the_noise_its_fakes_come_from(trained):
    snap = Prober(trained).snapshot(heatmap_res=4, manifold_res=2)
    assert snap.noise.shape == (120, 2) and snap.noise.min() >= 0 and snap.noise.max() <= 1
    with torch.no_grad():
        assert torch.allclose(trained.generator(noise.from_unit(snap.noise, trained.config.noise.kind)), snap.fake,
                              atol=1e-5)


def test_a_zoomed_view_gets_a_coarse_heatmap_over_the_overviews_view(trained):
    prober, data_view, corner = Prober(trained), (-0.2, -0.1, 1.2, 1.3), (0.0, 0.0, 0.1, 0.1)
    zoomed = prober.snapshot(view=corner, heatmap_res=16, manifold_res=2, overview_view=data_view)
    overview = zoomed.overview_heatmap
    assert zoomed.heatmap.rect == corner and overview.values.shape == (probes.OVERVIEW_HEATMAP_RES,) * 2
    assert probes.covers(overview.rect, data_view) and overview.rect == probes.grown(data_view, probes.OVERVIEW_MARGIN)
    assert torch.allclose(overview.values, prober.heatmap(overview.rect, probes.OVERVIEW_HEATMAP_RES).values)
    unzoomed = prober.snapshot(view=data_view, heatmap_res=16, manifold_res=2, overview_view=data_view)
    assert unzoomed.overview_heatmap is None  # the canvas's heatmap covers it: no second probe


def test_large_fake_sets_stay_on_device(trained):
    snap = Prober(trained).snapshot(count=50000, gradients=False, heatmap_res=4, manifold_res=2)
    assert snap.fake.shape == (50000, 2) and snap.fake.device == trained.device and snap.fake_gradient is None


def test_a_network_silenced_by_a_rate_too_high_is_told_apart_from_a_healthy_one():
    """GAN Lab's highest learning rate, 1, for D on Two Gaussians silences D's units within 50 iterations: no NaN,
    every fake's arrow exactly zero, the losses flat near their ties (0.675 and 0.719) as if at equilibrium. G's Adam
    at GAN Lab's 0.03 silences G's by iteration 1,000: every fake at the very same point. The snapshot tells them
    apart (Snapshot.stuck, which the words under the graph read); a healthy run's is neither."""
    from ganlab_gl.core.presets import with_preset
    probed = lambda trainer, **options: Prober(trainer).snapshot(heatmap_res=4, manifold_res=2, **options)
    d_silenced = Trainer(apply_overrides(with_preset(GanConfig(), "gaussians"), ["train.d_lr=1"]))
    d_silenced.train(100)
    snap = probed(d_silenced)
    assert snap.stuck == "d_flat" and not bool(snap.fake_gradient.any()) and d_silenced.parameters_finite()
    g_silenced = Trainer(apply_overrides(with_preset(GanConfig(), "gaussians"), ["train.g_optimizer=adam"]))
    g_silenced.train(1000)
    snap = probed(g_silenced)
    assert snap.stuck == "g_point" and bool(snap.fake_gradient.any()) and float(snap.fake.std(0).max()) == 0.0
    healthy = Trainer(with_preset(GanConfig(), "gaussians"))
    healthy.train(100)
    assert probed(healthy).stuck is None and probed(healthy, gradients=False).stuck is None  # none probed


def test_a_saturated_d_is_not_called_silent():
    """A sigmoid at exactly 1 or 0 (a logit beyond about 17 in float32) has a slope that rounds to zero, so every
    arrow is zero while D's units are alive: the words said "D's units fell silent at the fakes". Only fakes whose
    arrow is zero where D is no saturated probability count as silent (Snapshot.flat_fakes); a critic never
    saturates. Measured at rates too high it passes within 1 to 4 iterations (bench/stuck.py), so it is no stall."""
    from ganlab_gl.core.snapshot import Snapshot
    fake = torch.rand(150, 2, generator=torch.Generator().manual_seed(0))
    still = torch.zeros_like(fake)
    snapshot = lambda d_fake, kind="probability": Snapshot(3, fake[:4], fake, d_fake=d_fake, fake_gradient=still,
                                                          d_kind=kind)
    for saturated in (torch.ones(150), torch.zeros(150), torch.tensor([0.0, 1.0]).repeat(75)):
        assert snapshot(saturated).flat_fakes == 0 and snapshot(saturated).stuck is None
    half = torch.cat([torch.ones(75), torch.full((75,), 0.49)])
    assert snapshot(half).flat_fakes == 75 and snapshot(half).stuck is None
    assert snapshot(torch.full((150,), 0.49)).flat_fakes == 150 and snapshot(torch.full((150,), 0.49)).stuck == "d_flat"
    assert snapshot(torch.ones(150), "critic").stuck == "d_flat"  # a critic's score of 1 is no saturation
    moving = Snapshot(3, fake[:4], fake, d_fake=torch.full((150,), 0.49), fake_gradient=still + 0.1)
    assert moving.flat_fakes == 0 and moving.stuck is None
    assert Snapshot(3, fake[:4], fake, d_fake=torch.ones(150)).flat_fakes is None  # no gradients probed


def test_a_rate_too_high_saturates_d_for_an_iteration_before_silencing_it():
    """Line with D's rate at 1, seed 0: at iteration 10 D says exactly 1 at every shown fake, every arrow zero, and is
    not stuck; one iteration later its units are silent at every fake, and it is."""
    from ganlab_gl.core.presets import with_preset
    trainer = Trainer(apply_overrides(with_preset(GanConfig(), "line"), ["run.seed=0", "train.d_lr=1"]))
    trainer.train(10)
    prober = Prober(trainer)
    saturated = prober.snapshot(heatmap_res=2, manifold_res=2)
    assert not bool(saturated.fake_gradient.any()) and bool((saturated.d_fake == 1).all())
    assert saturated.flat_fakes == 0 and saturated.stuck is None
    trainer.train(1)
    silent = prober.snapshot(heatmap_res=2, manifold_res=2)
    assert silent.flat_fakes == 150 and silent.stuck == "d_flat" and 0 < float(silent.d_fake[0]) < 1


def test_disjoints_default_seed_stalls_by_iteration_10000_and_is_called_stuck():
    """Disjoint at the lab's seed 23 trains well, then by iteration 9,600 D's second hidden layer is silent at every
    real and fake sample: nothing but D's last biases learns again. Every shown fake is flat, and the words say so."""
    from ganlab_gl.core.presets import with_preset
    trainer = Trainer(with_preset(GanConfig(), "disjoint"))
    trainer.train(10_000)
    snapshot = Prober(trainer).snapshot(heatmap_res=2, manifold_res=2)
    assert snapshot.flat_fakes == 150 and snapshot.stuck == "d_flat"
    with torch.no_grad():
        second = trainer.discriminator[:4](torch.cat([snapshot.real, snapshot.fake]))  # after its second ReLU
    assert not bool(second.any())
