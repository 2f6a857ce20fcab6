"""bench/convergence.py's count of the modes a run's fakes cover, which docs/COMPARED.md quotes for Disjoint."""

import importlib.util
from pathlib import Path

import torch

from ganlab_gl.core import datasets

_spec = importlib.util.spec_from_file_location("convergence", Path(__file__).resolve().parent.parent / "bench" /
                                               "convergence.py")
convergence = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(convergence)


def fakes_at(shares: list[float], off_mode: float = 0.0) -> torch.Tensor:
    """450 fakes: each share of them within 1 std of one of Disjoint's modes, `off_mode` of them between modes."""
    disjoint = datasets.preset("disjoint")
    generator = torch.Generator().manual_seed(0)
    groups = [disjoint.centers[k] + 0.025 * torch.randn(round(450 * share), 2, generator=generator).clamp(-1, 1)
              for k, share in enumerate(shares)]
    groups.append(torch.full((450 - sum(len(g) for g in groups), 2), 0.55) if off_mode else torch.zeros(0, 2))
    return torch.cat(groups)


def test_a_mode_counts_once_a_tenth_of_the_fakes_lie_near_it():
    disjoint = datasets.preset("disjoint")
    assert convergence.modes_covered(fakes_at([1 / 3, 1 / 3, 1 / 3]), disjoint) == 3
    assert convergence.modes_covered(fakes_at([0.5, 0.45, 0.05]), disjoint) == 2  # a few strays cover nothing
    assert convergence.modes_covered(fakes_at([0.0, 1.0, 0.0]), disjoint) == 1
    assert convergence.modes_covered(fakes_at([0.0, 0.0, 0.0], off_mode=1.0), disjoint) == 0  # all between modes
    assert convergence.modes_covered(fakes_at([0.12, 0.0, 0.0], off_mode=0.88), disjoint) == 1


def test_the_modes_table_counts_seeds_by_modes_covered():
    results = [{"implementation": "ours", "preset": "disjoint", "seed": seed,
                "scores": {1000: {"modes_covered": covered}}} for seed, covered in enumerate([1, 0, 2, 1])]
    rows = convergence.summarise_modes(results, (1000,))
    assert rows[2:] == ["| disjoint (ganlab-gl) | 1000 | 4 | 1.00 | 1, 2, 1, 0 |"]
