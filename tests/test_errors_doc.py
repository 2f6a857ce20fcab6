"""docs/ERRORS.md stays true: every message the tests provoke matches one of its rows, and its exit codes are ours."""

import re
from pathlib import Path

import pytest

from ganlab_gl import cli, runs
from ganlab_gl.core import checkpoint
from ganlab_gl.core.checkpoint import CheckpointError

import checkpoint_files
from test_checkpoint import DAMAGE, make
from test_run_safety import SMALL, output_cases

DOC = (Path(__file__).resolve().parent.parent / "docs" / "ERRORS.md").read_text()


def documented_patterns():
    patterns = []
    for line in DOC.splitlines():
        if line.startswith("| `") or line.startswith("| any"):
            first_cell = line.split(" | ")[0]
            for text in re.findall(r"`([^`]+)`", first_cell):
                patterns.append(re.compile(".*".join(re.escape(part) for part in text.split("…"))))
    return patterns


PATTERNS = documented_patterns()


def assert_documented(message):
    message = re.sub(r"^ganlab-gl \w+: ", "", message.strip())
    assert any(p.fullmatch(message) for p in PATTERNS), f"not in docs/ERRORS.md: {message}"


def test_every_checkpoint_refusal_is_documented(tmp_path):
    trainer = make()
    trainer.train(6)
    checkpoint.save(trainer, tmp_path)
    tensors, sidecar = checkpoint_files.read(tmp_path)
    for edit, _ in DAMAGE.values():
        t, s = dict(tensors), __import__("copy").deepcopy(sidecar)
        edit(t, s)
        checkpoint_files.write(tmp_path, t, s)
        with pytest.raises(CheckpointError) as refusal:
            checkpoint.load(tmp_path)
        assert_documented(str(refusal.value))


def test_every_output_path_refusal_is_documented(tmp_path, capsys):
    run_dir = tmp_path / "run"
    assert cli.main(["train", "--iterations", "3", "--out", str(run_dir), *SMALL]) == 0
    cases = tmp_path / "cases"
    cases.mkdir()
    for args, _, _ in output_cases(run_dir, cases):
        capsys.readouterr()
        cli.main([str(a) for a in args])
        assert_documented(capsys.readouterr().err)


def test_the_exit_code_table_matches_the_code_and_the_help():
    rows = dict(re.findall(r"^\| (\d+|128\+N) \| ([^|]+) \|", DOC, re.M))
    assert {int(k) for k in rows if k.isdigit()} == {0, runs.EXIT_DIVERGED, runs.EXIT_USAGE, runs.EXIT_NO_DISPLAY,
                                                      runs.EXIT_IO}
    assert "diverged" in rows[str(runs.EXIT_DIVERGED)] and "bad input" in rows[str(runs.EXIT_USAGE)]
    assert "display" in rows[str(runs.EXIT_NO_DISPLAY)] and "path" in rows[str(runs.EXIT_IO)]
    assert runs.exit_code_for(15) == 143 and "143 SIGTERM" in rows["128+N"] and "143 SIGTERM" in cli.EXIT_CODES_HELP
    for code in (runs.EXIT_DIVERGED, runs.EXIT_USAGE, runs.EXIT_NO_DISPLAY, runs.EXIT_IO):
        assert f"\n  {code}    " in cli.EXIT_CODES_HELP
