"""`ganlab-gl render` says what it is doing while it works (a 2048² session drew for a minute in silence and looked
hung), says nothing more for a quick render, and draws the same picture, byte for byte, as drawing it at once."""

import io
import types

import pytest
from PIL import Image

from ganlab_gl import cli, progress
from ganlab_gl.app.canvas_picture import CanvasPicture
from ganlab_gl.app.outputs import STATE_FILE
from ganlab_gl.app.state import AppState, saved_view
from ganlab_gl.core import checkpoint
from ganlab_gl.core.probes import Prober
from ganlab_gl.render import canvas as canvas_module

VIEW = (0.2, 0.2, 0.8, 0.8)  # the manifold, 0.3 to 0.7 after 20 iterations, large in it
SIZE = (120, 100)


class Ticking:
    """A clock that moves `tick` seconds each time it is read."""

    def __init__(self, tick: float):
        self.tick, self.now = tick, 0.0

    def __call__(self) -> float:
        self.now += self.tick
        return self.now


def said(clock, steps) -> list[str]:
    """The lines a Progress on `clock` says for `steps`: ("step", words) or ("done", share), then its took()."""
    stream = io.StringIO()
    reporter = progress.Progress("render", stream, clock)
    for kind, value in steps:
        getattr(reporter, kind)(value)
    return stream.getvalue().splitlines() + [reporter.took()]


def test_a_quick_command_says_nothing_more():
    assert said(Ticking(0.1), [("step", "probing"), ("done", 0.5), ("done", 1.0), ("step", "drawing"),
                               ("done", 1.0)]) == [""]  # 0.7 s in all


def test_seconds_before_the_steps_are_not_a_long_step():
    """Importing torch and making a GL context take every render a second or two, on a loaded VM more: a 400x400
    picture's steps, each a few hundredths of a second, said "probing", "drawing", "writing" and "in 2.6 s"."""
    clock = iter([0.0, 3.0, 3.1, 3.2, 3.3, 3.4, 3.5, 3.6]).__next__
    assert said(clock, [("step", "probing"), ("done", 1.0), ("step", "drawing"), ("done", 0.5), ("done", 1.0),
                        ("step", "writing")]) == [""]


def test_a_slow_command_says_each_step_and_its_share_at_most_every_second():
    steps = [("step", "probing"), *(("done", share / 4) for share in range(1, 5)),
             ("step", "drawing"), *(("done", share / 8) for share in range(1, 9))]
    assert said(Ticking(0.6), steps) == [
        "ganlab-gl render: probing: 50%",  # 1.2 s into the step: the first line, with the step's words
        "ganlab-gl render: probing: 100%",  # 1.2 s after the last line (75% came 0.6 s after it)
        "ganlab-gl render: drawing",  # a step starts after one was said: said at once
        "ganlab-gl render: drawing: 25%",
        "ganlab-gl render: drawing: 50%",
        "ganlab-gl render: drawing: 75%",
        "ganlab-gl render: drawing: 100%",
        " in 9.0 s"]


def test_a_long_write_says_the_megabytes_written_as_a_share_is_said():
    """PIL's PNG encoder says nothing while it writes, and a 4096 px PNG wrote for seconds after "writing big.png"
    with no share: the bytes written so far are said instead, at most every second."""
    steps = [("step", "writing big.png"), *(("written", megabytes * 4_000_000) for megabytes in range(1, 5))]
    assert said(Ticking(0.6), steps) == [
        "ganlab-gl render: writing big.png: 8.0 MB",  # 1.2 s into the step
        "ganlab-gl render: writing big.png: 16.0 MB",  # 1.2 s after the last line (12 MB came 0.6 s after it)
        " in 3.6 s"]


def test_counted_writes_tell_the_bytes_so_far_and_write_them_all():
    """What `render` hands PIL: the PNG the very bytes PIL writes to the file itself, each write's total told."""
    image = Image.new("RGBA", (300, 200), (20, 120, 60, 255))
    plain, counted, totals = io.BytesIO(), io.BytesIO(), []
    image.save(plain, format="PNG")
    image.save(progress.CountedWrites(counted, totals.append), format="PNG")
    assert counted.getvalue() == plain.getvalue()
    assert len(totals) > 1 and totals == sorted(totals) and totals[-1] == len(plain.getvalue())


def _session(tmp_path):
    """A run trained a little, saved as a session with the manifold's outlines shown (as many steps as its fill) and
    the fakes and their arrows, which lie over it, hidden."""
    folder = tmp_path / "session"
    assert cli.main(["train", "--iterations", "20", "--quiet", "--out", str(folder), "--set", "data.name=ring",
                     "--set", "probe.heatmap_res=40", "--set", "probe.manifold_res=24"]) == 0
    state = AppState(output_folder=folder)
    state.config = checkpoint.load(folder).config
    for key, value in (("manifold.outlines", True), ("fake.visible", False), ("gradients.visible", False)):
        state.view.set(key, value)
    (folder / STATE_FILE).write_text(state.to_json())
    return folder


def _drawn_at_once(session, trained: int) -> bytes:
    """The PNG `render` wrote before it said its progress: trained in one call, probed and drawn at once."""
    trainer = checkpoint.load(session)
    trainer.train(trained)
    from ganlab_gl.render.gl import create_headless_context
    ctx = create_headless_context()
    picture = CanvasPicture(ctx, trainer.device, SIZE, VIEW, saved_view(session).settings, 1.0)
    try:
        image = picture.draw([("A", "", Prober(trainer).snapshot(view=picture.rect))])
    finally:
        picture.release()
        ctx.release()
    written = io.BytesIO()
    Image.fromarray(image, "RGBA").save(written, format="PNG")
    return written.getvalue()


def _render(session, out, clock, *extra) -> list[str]:
    return ["render", str(session), "--out", str(out), "--size", f"{SIZE[0]}x{SIZE[1]}",
            "--view", ",".join(map(str, VIEW)), *extra]


@pytest.mark.gl
def test_a_slow_render_says_its_steps_and_draws_the_same_picture(tmp_path, monkeypatch, capsys):
    """On a clock that moves 0.4 s a look, with the probe and the draw cut in small bands: each step said, shares
    rising, the total at the end; the PNG the very bytes of one that trains in one call, probes and draws at once."""
    session = _session(tmp_path)
    monkeypatch.setattr(cli, "PROBE_BAND", 128)
    monkeypatch.setattr(canvas_module, "REPORTED_CELLS", 4 * 24)  # 4 rows a step: 6 of the fill, 6 of outlines
    monkeypatch.setattr(progress, "time", types.SimpleNamespace(monotonic=Ticking(0.4)))
    capsys.readouterr()
    out = tmp_path / "slow.png"
    assert cli.main(_render(session, out, None, "--train", "100")) == 0
    lines = capsys.readouterr().err.splitlines()
    steps = {"training 100 iterations": [], "probing the heatmap 40x40 and the manifold 24x24": [],
             f"drawing the picture {SIZE[0]}x{SIZE[1]}": []}
    for line in lines:
        words, _, share = line.removeprefix("ganlab-gl render: ").rpartition(": ")
        if words in steps:
            steps[words].append(int(share.removesuffix("%")))
    assert all(len(shares) >= 3 and shares == sorted(shares) and shares[-1] <= 100
               for shares in steps.values()), lines
    assert f"ganlab-gl render: writing {out}" in lines
    written = [float(line.rpartition(": ")[2].removesuffix(" MB")) for line in lines
               if line.startswith(f"ganlab-gl render: writing {out}: ")]  # the PNG's megabytes as it wrote them
    assert written and written == sorted(written) and written[-1] <= out.stat().st_size / 1e6 + 0.05, lines
    assert lines[-1].startswith(f"rendered Ring at iteration 120 to {out} (") and lines[-1].endswith(" s"), lines
    assert out.read_bytes() == _drawn_at_once(session, 100)


@pytest.mark.gl
def test_a_quick_render_says_what_it_always_said(tmp_path, monkeypatch, capsys):
    session = _session(tmp_path)
    monkeypatch.setattr(progress, "time", types.SimpleNamespace(monotonic=lambda: 0.0))  # no time passes
    capsys.readouterr()
    out = tmp_path / "quick.png"
    assert cli.main(_render(session, out, None)) == 0
    lines = capsys.readouterr().err.splitlines()
    assert not [line for line in lines if line.startswith("ganlab-gl render:")], lines
    assert lines[-1].startswith(f"rendered Ring at iteration 20 to {out} (") and lines[-1].endswith(")"), lines
    assert out.read_bytes() == _drawn_at_once(session, 0)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_count_in_a_log_says_a_line_per_tenth_and_on_a_terminal_draws_the_bar():
    """`animate` and `train` piped to a file wrote tqdm's thousands of redraws, each ended by a carriage return,
    into one line: where stderr is no terminal they say a line as each tenth of the count is passed."""
    log, seconds = io.StringIO(), [0.0]
    counting = progress.Counting("animate", 40, "frame", progress.shown_by_default(log), log, lambda: seconds[0])
    for iteration in range(0, 40, 2):
        seconds[0] += 0.5  # a frame each half second
        counting.advance(1, iteration=iteration)
    counting.advance(20, iteration=99)  # five tenths at once: one line
    counting.close()
    assert log.getvalue().splitlines() == [
        "ganlab-gl animate: 10%: 4 of 40 frames in 2.0 s (iteration=6)",
        "ganlab-gl animate: 20%: 8 of 40 frames in 4.0 s (iteration=14)",
        "ganlab-gl animate: 30%: 12 of 40 frames in 6.0 s (iteration=22)",
        "ganlab-gl animate: 40%: 16 of 40 frames in 8.0 s (iteration=30)",
        "ganlab-gl animate: 50%: 20 of 40 frames in 10.0 s (iteration=38)",
        "ganlab-gl animate: 100%: 40 of 40 frames in 10.0 s (iteration=99)"]
    terminal = Terminal()
    counting = progress.Counting("train", 1, "iteration", progress.shown_by_default(terminal), terminal)
    counting.advance(1, D="0.693")
    counting.close()
    assert "\r" in terminal.getvalue() and "1/1" in terminal.getvalue() and "D=0.693" in terminal.getvalue()
    quiet = io.StringIO()
    counting = progress.Counting("train", 1, "iteration", None, quiet)
    counting.advance(1, D="0.693")
    counting.close()
    assert quiet.getvalue() == ""
