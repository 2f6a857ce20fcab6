"""scripts/lab_stress.py's key weights (--weight KEY=WEIGHT): how a stress run keeps an imported data set or a
loaded session on screen (the preset keys weighed 0) while it presses the rest."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "lab_stress.py"


def _stress():
    spec = importlib.util.spec_from_file_location("lab_stress", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_weight_of_zero_leaves_a_key_out_and_others_change_or_join():
    stress = _stress()
    keys = dict(stress.weighted_keys(argparse.ArgumentParser(), ["5=0", "l=4", "ctrl+s=2.5"]))
    assert "5" not in keys
    assert keys["l"] == 4.0 and keys["ctrl+s"] == 2.5
    assert keys["space"] == dict(stress.KEYS)["space"]  # the others as they were
    assert len(keys) == len(stress.KEYS) - 1 + 1


@pytest.mark.parametrize(("change", "said"), [("5=x", "expected KEY=WEIGHT"), ("5", "expected KEY=WEIGHT"),
                                              ("5=-1", "a weight is 0 or more")])
def test_a_malformed_weight_is_refused_in_one_line(change, said, capsys):
    with pytest.raises(SystemExit):
        _stress().weighted_keys(argparse.ArgumentParser(prog="lab_stress.py"), [change])
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert said in error and repr(change) in error


def test_weights_that_leave_no_key_are_refused(capsys):
    stress = _stress()
    with pytest.raises(SystemExit):
        stress.weighted_keys(argparse.ArgumentParser(), [f"{key}=0" for key, _ in stress.KEYS])
    assert "left no key" in capsys.readouterr().err
