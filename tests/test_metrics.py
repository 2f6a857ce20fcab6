"""Histogram divergences, mode coverage and the bounded history."""

import math

import numpy as np
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


def test_a_full_history_thins_to_even_spacings_and_keeps_the_start():
    history = metrics.ThinningBuffer(("a", "b"), capacity=8)
    for i in range(1, 9):
        history.append(i, 10 * i)
    assert history.column("a").tolist() == [1, 2, 3, 4, 5, 6, 7, 8] and len(history) == 8
    history.append(9, 90)  # full: the first row and the recent half stay; of 2, 3, 4 the multiple of 4
    assert history.array().tolist() == [[1, 10], [4, 40], [5, 50], [6, 60], [7, 70], [8, 80], [9, 90]]
    long = metrics.ThinningBuffer(("a",), capacity=400)
    for i in range(1, 100_001):
        long.append(i)
    iterations = long.column("a")
    gaps = np.diff(iterations)
    assert len(long) <= 400 and iterations[0] == 1 and iterations[-1] == 100_000
    assert (gaps[-150:] == 1).all()  # the recent rows exact
    assert (np.diff(gaps[1:]) <= 0).all()  # coarser only with age, in steps
    assert gaps.max() < 8 * 100_000 / 400 and (gaps[1:len(gaps) // 4] == gaps.max()).all()  # the oldest evenly
    assert np.histogram(iterations, bins=10, range=(1, 100_000))[0].min() >= 8  # no stretch left empty
    long.resize(50)  # a lower capacity applies at once
    assert len(long) <= 50 and long.column("a")[[0, -1]].tolist() == [1, 100_000]
    assert np.histogram(long.column("a"), bins=5, range=(1, 100_000))[0].min() >= 2
    long.append(100_001)
    assert long.column("a")[-1] == 100_001


def test_thinning_always_frees_a_quarter_whatever_the_iterations():
    from ganlab_gl.core.thinning import thin
    for iterations in ([0, 0, 1, 2], [5, 5, 5, 5, 5, 5, 5, 5], [1, 2, 3], list(range(0, 4000, 1000)) + [10**12]):
        keep = thin(np.array(iterations, np.int64))
        assert keep[0] == 0 and keep[-1] == len(iterations) - 1 and len(keep) <= 0.75 * len(iterations)
        assert (np.diff(keep) > 0).all()


def test_a_history_needs_room_for_three_rows():
    with pytest.raises(ValueError, match="capacity must be at least 3, got 2"):
        metrics.ThinningBuffer(("a",), 2)
    smallest = metrics.ThinningBuffer(("a",), 3)
    for i in range(1, 7):
        smallest.append(i)
    assert smallest.column("a")[[0, -1]].tolist() == [1, 6] and len(smallest) <= 3


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
