"""bench/stuck.py's table of stalls, which docs/TRAINING.md keeps ("When the words say stuck")."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("stuck", Path(__file__).resolve().parent.parent / "bench" / "stuck.py")
stuck = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(stuck)


def checked(seed: int, shares: list[float], preset: str = "disjoint") -> dict:
    """A run checked every 25 iterations with these shares of silent fakes; stuck where every fake is silent."""
    return {"preset": preset, "seed": seed, "iterations": [25 * (k + 1) for k in range(len(shares))],
            "shares": shares, "stuck": [share == 1 for share in shares]}


def test_a_run_near_a_stall_gets_a_row_and_the_others_their_highest_share():
    runs = [checked(2, [0.0, 0.91, 0.0, 1.0, 0.0, 0.0]),  # a moment: called stuck once
            checked(4, [0.5, 0.95, 1.0, 1.0, 0.97, 1.0]),  # a stall that flickers
            checked(5, [0.0, 0.2, 0.1, 0.0, 0.0, 0.0])]
    rows = stuck.stall_table(runs, 25)
    assert rows[2:] == ["| disjoint | 2 | 50 | 100 | 1 of 3 | 25 |",
                        "| disjoint | 4 | 50 | 75 | 3 of 4 | 50 |",
                        "| disjoint | the other 1 | highest share 0.200 | never | | |"]
    healthy = stuck.stall_table([checked(0, [0.0, 0.3])], 25)
    assert healthy[2:] == ["| disjoint | all 1 | highest share 0.300 | never | | |"]
