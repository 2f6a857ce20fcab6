"""docs/ERRORS.md stays true both ways: every message the tests provoke matches one of its rows, every row still
stands for a message the code can give, and its exit codes are ours."""

import ast
import contextlib
import copy
import io
import os
import re
import signal
from pathlib import Path

import pytest

import ganlab_gl
from ganlab_gl import cli, runs
from ganlab_gl.core import checkpoint
from ganlab_gl.core.checkpoint import CheckpointError
from ganlab_gl.core.trainer import Trainer

import checkpoint_files
from test_checkpoint import DAMAGE, make
from test_run_safety import SMALL, output_cases

DOC = (Path(__file__).resolve().parent.parent / "docs" / "ERRORS.md").read_text()
SOURCES = Path(ganlab_gl.__file__).resolve().parent

# What a row leaves open: `…`, and the capitalised names the page writes for a setting's key and type, a config
# section, a command, a count and a size (its introduction says so).
VARYING = re.compile(r"…|\b(?:KEY|TYPE|SECTION|COMMAND|N|WxH)\b")
# Messages are composed ("PATH: FIELD: expected WHAT, got VALUE") and their limits computed from constants, so a
# row is looked for in the sources piece by piece, cut where it varies, at those joints and at each number.
PIECE_BOUNDARY = re.compile(rf"{VARYING.pattern}|: |\bexpected |, got\b|\b\d+\b")


def documented_rows() -> list[tuple[str, re.Pattern]]:
    """(the row's text, a pattern for the messages it stands for), one pair per backticked text of a first cell."""
    rows = []
    for line in DOC.splitlines():
        if line.startswith("| `") or line.startswith("| any"):
            first_cell = line.split(" | ")[0]
            for text in re.findall(r"`([^`]+)`", first_cell):
                rows.append((text, re.compile(".*".join(re.escape(part) for part in VARYING.split(text)))))
    return rows


ROWS = documented_rows()
PATTERNS = [pattern for _, pattern in ROWS]


def without_command(message: str) -> str:
    """What the lab would show: the message without its leading `ganlab-gl COMMAND: `."""
    return re.sub(r"^ganlab-gl \w+: ", "", message.strip())


def assert_documented(message):
    message = without_command(message)
    assert any(p.fullmatch(message) for p in PATTERNS), f"not in docs/ERRORS.md: {message}"


def source_messages() -> list[str]:
    """Every string literal of ganlab_gl but docstrings, an f-string as its text with `…` for what it fills in:
    a repr as '…' (as the page writes it), a module's own constant as its value."""
    texts = []
    for source in SOURCES.rglob("*.py"):
        tree = ast.parse(source.read_text())
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        constants = {statement.targets[0].id: statement.value.value for statement in tree.body
                     if isinstance(statement, ast.Assign) and len(statement.targets) == 1
                     and isinstance(statement.targets[0], ast.Name) and isinstance(statement.value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                texts.append(node.value)
            elif isinstance(node, ast.JoinedStr):
                texts.append("".join(_filled_in(part, constants) for part in node.values))
    return texts


def _filled_in(part: ast.expr, constants: dict) -> str:
    if isinstance(part, ast.Constant):
        return str(part.value)
    if isinstance(part, ast.FormattedValue) and part.format_spec is None and part.conversion == -1 \
            and isinstance(part.value, ast.Name) and part.value.id in constants:
        return str(constants[part.value.id])
    return "'…'" if isinstance(part, ast.FormattedValue) and part.conversion == ord("r") else "…"


def stands_in(row: str, messages: list[str]) -> bool:
    """Whether each piece of the row's fixed text lies in one of `messages`."""
    pieces = (piece.strip() for piece in PIECE_BOUNDARY.split(row))
    return all(any(piece in message for message in messages) for piece in pieces if re.search(r"[A-Za-z]", piece))


@pytest.fixture(scope="module")
def checkpoint_refusals(tmp_path_factory):
    """The loader's message for each way test_checkpoint damages a checkpoint."""
    folder = tmp_path_factory.mktemp("damaged")
    trainer = make()
    trainer.train(6)
    checkpoint.save(trainer, folder)
    tensors, sidecar = checkpoint_files.read(folder)
    messages = []
    for edit, _ in DAMAGE.values():
        damaged_tensors, damaged_sidecar = dict(tensors), copy.deepcopy(sidecar)
        edit(damaged_tensors, damaged_sidecar)
        checkpoint_files.write(folder, damaged_tensors, damaged_sidecar)
        with pytest.raises(CheckpointError) as refusal:
            checkpoint.load(folder)
        messages.append(str(refusal.value))
    return messages


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("run")
    assert cli.main(["train", "--iterations", "3", "--out", str(folder), *SMALL]) == 0
    return folder


def command_stderr(args) -> str:
    with contextlib.redirect_stderr(io.StringIO()) as err:
        try:
            cli.main([str(a) for a in args])
        except SystemExit:  # argparse's refusals end the process
            pass
    return err.getvalue()


@pytest.fixture(scope="module")
def output_path_refusals(run_dir, tmp_path_factory):
    """The commands' one line for each output path test_run_safety refuses."""
    return [command_stderr(args) for args, _, _ in output_cases(run_dir, tmp_path_factory.mktemp("cases"))]


@pytest.fixture(scope="module")
def filled_in_refusals(run_dir, tmp_path_factory):
    """Messages whose fixed text the code fills in from variables (argparse's program name, the option a loop
    checks, the suffixes allowed, the signal's name), so the sources alone cannot vouch for their rows."""
    out = tmp_path_factory.mktemp("filled_in")
    messages = [command_stderr(["frobnicate"]), command_stderr(["trian"]), command_stderr([out]),
                command_stderr(["train", "--out", out, "--itrations", "5"]),
                command_stderr(["train", "--out", out, "--zzz"]), command_stderr(["settings", "trian"]),
                *(command_stderr(["render", run_dir, "--out", out / "picture.png", "--layers", layers])
                  for layers in ("heatmap,stars", "fakes,stars", ",")),
                command_stderr(["sample", run_dir, "--out", out / "fakes.txt"]),
                command_stderr(["render", run_dir, "--out", out / "picture.png", "--heatmap-res", "0"]),
                *(command_stderr(["train", "--out", out, "--iterations", "5", "--set", typed])  # what each type takes
                  for typed in ("train.d_lr=fast", "train.d_steps=2.5", "run.cuda_graph=maybe"))]
    train = Trainer.train

    def interrupted_after_the_first_call(trainer, iterations):
        train(trainer, iterations)
        if trainer.iteration_count == iterations:
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Trainer, "train", interrupted_after_the_first_call)
        stopped = command_stderr(["train", "--iterations", "50", "--out", out / "run", *SMALL]).splitlines()
    with pytest.raises(runs.UserError) as export_refusal:  # the lab's Export, checking its path as `animate` does
        runs.check_output_file(out / "story.avi", "export:", (".mp4", ".gif"))
    # the stop's line: before it the device trained on, after it where it saved
    return [*messages, stopped[-2], str(export_refusal.value)]


def test_every_checkpoint_refusal_is_documented(checkpoint_refusals):
    for message in checkpoint_refusals:
        assert_documented(message)


def test_every_output_path_refusal_is_documented(output_path_refusals):
    for message in output_path_refusals:
        assert_documented(message)


def test_every_filled_in_message_is_documented(filled_in_refusals):
    for message in filled_in_refusals:
        assert_documented(message)


def test_every_row_stands_for_a_message_the_code_still_gives(checkpoint_refusals, output_path_refusals,
                                                             filled_in_refusals):
    """A row is met by a message provoked here, or its text is in the sources; a row of a message reworded or
    removed is neither."""
    provoked = [without_command(message)
                for message in checkpoint_refusals + output_path_refusals + filled_in_refusals]
    messages = source_messages()
    stale = [row for row, pattern in ROWS
             if not any(pattern.fullmatch(message) for message in provoked) and not stands_in(row, messages)]
    assert not stale, f"docs/ERRORS.md rows that no message of ganlab_gl matches any more: {stale}"


def test_the_exit_code_table_matches_the_code_and_the_help():
    rows = dict(re.findall(r"^\| (\d+|128\+N) \| ([^|]+) \|", DOC, re.M))
    assert {int(k) for k in rows if k.isdigit()} == {0, runs.EXIT_DIVERGED, runs.EXIT_USAGE, runs.EXIT_NO_DISPLAY,
                                                      runs.EXIT_IO}
    assert "diverged" in rows[str(runs.EXIT_DIVERGED)] and "bad input" in rows[str(runs.EXIT_USAGE)]
    assert "display" in rows[str(runs.EXIT_NO_DISPLAY)] and "path" in rows[str(runs.EXIT_IO)]
    assert runs.exit_code_for(15) == 143 and "143 SIGTERM" in rows["128+N"] and "143 SIGTERM" in cli.EXIT_CODES_HELP
    for code in (runs.EXIT_DIVERGED, runs.EXIT_USAGE, runs.EXIT_NO_DISPLAY, runs.EXIT_IO):
        assert f"\n  {code}    " in cli.EXIT_CODES_HELP
