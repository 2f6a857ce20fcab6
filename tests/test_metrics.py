"""Histogram divergences, mode coverage and the bounded history."""

import math

import pytest
import torch

from ganlab_gl.core import metrics
from ganlab_gl.core.datasets import preset


def test_histogram_counts_every_sample_including_outside_the_grid():
    points = torch.tensor([[0.1, 0.1], [0.9, 0.1], [0.9, 0.9], [5.0, 5.0]])
    h = metrics.histogram(points, (0, 0, 1, 1), 2)
    assert h.tolist() == [0.25, 0.25, 0.0, 0.25, 0.25]  # cells [y0x0, y0x1, y1x0, y1x1], overflow


def test_kl_js_known_values():
    p = torch.tensor([0.5, 0.5, 0.0], dtype=torch.float64)
    assert metrics.kl_divergence(p, p) == 0 and metrics.js_divergence(p, p) == 0
    q = torch.tensor([0.0, 0.0, 1.0], dtype=torch.float64)
    assert metrics.js_divergence(p, q) == pytest.approx(1.0, abs=3e-3)  # disjoint supports: 1 bit
    r = torch.tensor([0.25, 0.75, 0.0], dtype=torch.float64)
    eps = metrics.SMOOTHING_EPS
    by_hand = (0.5 + eps) * math.log2((0.5 + eps) / (0.25 + eps)) + (0.5 + eps) * math.log2((0.5 + eps) / (0.75 + eps))
    assert metrics.kl_divergence(p, r) == pytest.approx(by_hand, rel=1e-12)


def test_mode_coverage_on_synthetic_samples():
    ring = preset("ring8")
    centers = ring.centers
    on_six = centers[:6].repeat_interleave(10, dim=0) + 0.01  # within 3 sigma = 0.03 (distance 0.014)
    far = torch.zeros(20, 2)  # the centre of the ring: nowhere near a mode
    coverage = metrics.mode_coverage(torch.cat([on_six, far]), centers, ring.mode_std)
    assert coverage.modes_captured == 6
    assert coverage.high_quality_fraction == pytest.approx(60 / 80)
    assert coverage.reverse_kl == pytest.approx(math.log(8 / 6))
    nothing = metrics.mode_coverage(far, centers, ring.mode_std)
    assert nothing.modes_captured == 0 and math.isinf(nothing.reverse_kl)


def test_ring_buffer_keeps_the_newest_rows_in_order():
    ring = metrics.RingBuffer(("a", "b"), capacity=3)
    for i in range(5):
        ring.append(i, 10 * i)
    assert ring.array().tolist() == [[2, 20], [3, 30], [4, 40]] and len(ring) == 3
    ring.resize(2)
    assert ring.column("a").tolist() == [3, 4]
    ring.resize(4)
    ring.append(5, 50)
    assert ring.column("b").tolist() == [30, 40, 50]


def test_energy_distance_is_zero_for_one_sample_and_grows_with_a_shift():
    from ganlab_gl.core.metrics import energy_distance, mean_distance

    g = torch.Generator().manual_seed(0)
    a, b = torch.randn(400, 2, generator=g), torch.randn(400, 2, generator=g)
    assert abs(energy_distance(a, a)) < 1e-12
    same = energy_distance(a, b)
    assert 0 <= same < 0.05  # two samples of one distribution
    assert energy_distance(a + torch.tensor([0.5, 0.0]), b) > 4 * same
    # 1-D check against the closed form: two points 0 and 1 vs one point at 0: 2*0.5 - 0.5 - 0 = 0.5
    assert energy_distance(torch.tensor([[0.0, 0.0], [1.0, 0.0]]), torch.zeros(1, 2)) == pytest.approx(0.5)
    assert energy_distance(a, b, mean_distance(b, b)) == pytest.approx(same)
