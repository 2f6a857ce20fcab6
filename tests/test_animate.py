"""The timeline drawn: a scrubbed iteration looks exactly as it did live; `ganlab-gl animate` writes it as video."""

import os
import re
import signal
import subprocess
import sys
import time

import numpy as np
import torch
import pytest
from PIL import Image

from ganlab_gl.cli import main
from ganlab_gl.core import checkpoint
from ganlab_gl.core.probes import Prober
from ganlab_gl.core.settings import GanConfig, apply_overrides
from ganlab_gl.core.trainer import Trainer
from ganlab_gl.render import animate
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.canvas import Canvas
from ganlab_gl.render.layer_table import DEFAULT_SHOWN
from ganlab_gl.render.view import View
from render_helpers import scrubbed_frames
from test_errors_doc import assert_documented

SIZE = (96, 72)


@pytest.mark.parametrize("overrides", [(), ("train.loss=wgan-gp", "train.d_optimizer=adam")])
def test_scrubbing_to_k_shows_the_pixels_shown_live_at_k(gl_ctx, overrides):
    t = Trainer(apply_overrides(GanConfig(), ["train.batch_size=32", *overrides]))
    view = View.fit(t.data_rect, SIZE)
    canvas = Canvas(gl_ctx, Bridge(gl_ctx, t.device), DEFAULT_SHOWN)
    prober = Prober(t)
    live = {}
    for _ in range(12):
        t.iteration()
        if t.iteration_count in (1, 6, 12):
            live[t.iteration_count] = canvas.render_offscreen(prober.snapshot(view=view.rect), SIZE, view=view)
    t.apply(apply_overrides(t.config, ["train.loss=hinge"]))  # what is drawn later must not leak into the past
    t.train(3)
    canvas.release()
    rows = [t.timeline.index_at(k) for k in live]
    scrubbed = dict(scrubbed_frames(t, rows, SIZE, DEFAULT_SHOWN, view, gl_ctx))
    assert scrubbed.keys() == live.keys()
    for k, pixels in live.items():
        assert np.array_equal(scrubbed[k], pixels), k
    assert not np.array_equal(scrubbed[1], scrubbed[12])  # training changed the picture: the comparison can fail


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("run")
    t = Trainer(apply_overrides(GanConfig(), ["train.batch_size=32"]))
    t.train(20)
    checkpoint.save(t, directory)
    return directory


def test_animate_writes_one_frame_per_kept_iteration_in_range(gl_ctx, run_dir, tmp_path):
    gif, mp4 = tmp_path / "story.gif", tmp_path / "out" / "story.mp4"
    assert main(["animate", str(run_dir), "--out", str(gif), "--size", "64x48", "--from", "5", "--to", "12",
                 "--quiet"]) == 0
    with Image.open(gif) as image:
        assert image.n_frames == 8 and image.size == (64, 48)
    assert main(["animate", str(run_dir), "--out", str(mp4), "--size", "64x48", "--fps", "10", "--quiet"]) == 0
    import imageio_ffmpeg
    reader = imageio_ffmpeg.read_frames(str(mp4))
    meta = next(reader)
    assert meta["size"] == (64, 48) and sum(1 for _ in reader) == 21
    assert sorted(p.name for p in mp4.parent.iterdir()) == ["story.mp4"]  # no temporary file left behind


def test_an_mp4_of_odd_size_is_drawn_at_the_even_size_it_is_and_says_so(gl_ctx, run_dir, tmp_path, capsys):
    """yuv420p needs even sides: --size 65x49 was drawn at 65x49, cropped to 64x48 (the view's edge cut off) and
    reported as 65x49. It is drawn at 64x48 and the last line says why."""
    mp4 = tmp_path / "odd.mp4"
    assert main(["animate", str(run_dir), "--out", str(mp4), "--size", "65x49", "--to", "3", "--quiet"]) == 0
    import imageio_ffmpeg
    assert next(imageio_ffmpeg.read_frames(str(mp4)))["size"] == (64, 48)
    said = capsys.readouterr().err.strip().splitlines()[-1]
    assert "(64x48: an MP4 needs even sides, " in said, said


def test_animate_to_a_log_says_a_line_per_tenth_and_nothing_of_the_bridge(gl_ctx, run_dir, tmp_path, capsys):
    """`animate 2> log` wrote tqdm's redraws into one line, and "render bridge: host copy (tensors live on cpu)" before
    them: where stderr is no terminal, a line per tenth of the frames, and the bridge's path in the log's debug level
    alone. The lab's export asks for the bar (--progress bar), whose every frame its toolbar reads."""
    gif = tmp_path / "story.gif"
    assert main(["animate", str(run_dir), "--out", str(gif), "--size", "64x48", "--to", "9"]) == 0
    said = capsys.readouterr().err.splitlines()
    assert [re.sub(r" in \d+\.\d s ", " in … s ", line) for line in said] == [
        *(f"ganlab-gl animate: {tenth}0%: {tenth} of 10 frames in … s (iteration={tenth - 1})"
          for tenth in range(1, 11)),
        f"animated 10 kept iterations (0..9) of {run_dir} to {gif} (64x48, 30 fps)"]
    assert main(["animate", str(run_dir), "--out", str(gif), "--size", "64x48", "--to", "1", "--progress", "bar"]) == 0
    bar = capsys.readouterr().err
    assert "2/2" in bar and "\r" in bar and "ganlab-gl animate: " not in bar, bar


@pytest.mark.parametrize("arguments, code, message", [
    (["--from", "30"], 2, "--from 30 --to 20: no kept iteration there;"),
    (["--from", "9", "--to", "3"], 2, "--from 9 --to 3: needs from <= to"),
    (["--fps", "0"], 2, "--fps must be 1..240"),
    (["--out", "story.avi"], 2, "use a .mp4 or .gif file name"),
])
def test_animate_refuses_bad_ranges_and_names_in_one_line(run_dir, tmp_path, capsys, arguments, code, message):
    out = ["--out", str(tmp_path / "story.mp4")] if "--out" not in arguments else []
    assert main(["animate", str(run_dir), *out, *arguments]) == code
    error = capsys.readouterr().err.strip()
    assert message in error and error.startswith("ganlab-gl animate: ") and "\n" not in error


def test_each_frame_says_its_iteration_in_its_top_left_corner_and_nowhere_else():
    size = (320, 240)
    grey = np.full((size[1], size[0], 4), 128, np.uint8)
    (_, first), (_, later) = animate.captioned([(7, grey), (1200, grey)], size)
    changed = np.argwhere((first[..., :3] != grey[..., :3]).any(axis=-1))  # (k, 2): row, column
    (top, left), (bottom, right) = changed.min(axis=0), changed.max(axis=0)
    assert top < 10 and left < 10 and bottom < size[1] // 6 and right < size[0] // 2  # a corner, not the picture
    box = first[top:bottom + 1, left:right + 1, :3].astype(int)
    assert (box.min(axis=-1) >= 240).any() and (box.max(axis=-1) <= 90).any()  # white text on a dark backdrop
    assert not np.array_equal(first, later)  # the number is drawn: another iteration reads otherwise
    assert first.shape == grey.shape


def test_a_compared_run_keeping_no_timeline_is_drawn_at_its_present_as_the_lab_shows_it():
    """A compared run whose timeline is off (its rows past its share of timeline.memory_mb) has nothing to go back
    to: the lab's rewound pane shows its present, and so does an animation of the session (it raised IndexError,
    "the timeline is empty", a traceback from `animate` and from the lab's Export)."""
    main_run = Trainer(apply_overrides(GanConfig(), ["train.batch_size=32"]))
    compared = Trainer(apply_overrides(GanConfig(), ["train.batch_size=32", "timeline.memory_mb=0"]))
    main_run.train(6)
    compared.train(6)
    rows = [main_run.timeline.index_at(k) for k in (2, 6)]
    shown = list(animate.past_snapshots([main_run, compared], rows, heatmap_res=8, manifold_res=4))
    present = Prober(compared).snapshot(heatmap_res=8, manifold_res=4)
    assert [iteration for iteration, _ in shown] == [2, 6]
    for _, (_, snapshot) in shown:
        assert torch.equal(snapshot.fake, present.fake)


def _probed(snapshot) -> tuple[int, int]:
    """(heatmap, manifold) cells a side of `snapshot`."""
    return snapshot.heatmap.values.shape[0], snapshot.manifold.cell_mass.shape[0]


def test_a_video_probes_at_most_the_cells_a_pane_shows_each_run_at_its_own_where_fewer(gl_ctx, monkeypatch):
    """An export probed every frame at the lab's probe.heatmap_res and manifold_res: at 2048² a 1280x720 frame took
    some 8 s on llvmpipe (6 s of it the manifold), and 401 frames said "about 4 h left". A video's pane shows no more
    cells than its pixels (its longer side), nor a cheaper estimate's (`cells`) more than asked."""
    from ganlab_gl.app.canvas_picture import CanvasPicture, pane_cells, picture_panes
    from ganlab_gl.app.state import AppState
    main_run = Trainer(apply_overrides(GanConfig(), ["train.batch_size=32", "probe.heatmap_res=2048",
                                                     "probe.manifold_res=40"]))
    compared = Trainer(apply_overrides(main_run.config, ["probe.heatmap_res=12", "probe.manifold_res=2048"]))
    for run in (main_run, compared):
        run.train(2)
    runs = [("A", "", main_run), ("B", "", compared)]
    for panes, cells, probed in ((1, None, [(96, 40)]), (1, 16, [(16, 16)]), (2, None, [(45, 40), (12, 45)])):
        picture = CanvasPicture(gl_ctx, main_run.device, SIZE, (-1.0, -1.0, 1.0, 1.0), AppState().view, 1.0, panes)
        drawn = []
        monkeypatch.setattr(picture, "draw", lambda shown: drawn.append([_probed(s) for *_, s in shown]))
        list(picture.past(runs[:panes], [0, 2], cells))
        picture.release()
        assert drawn == [probed] * 2, (panes, cells)
    assert pane_cells(picture_panes(SIZE, 2)) == 45  # two square panes side by side in 96x72


def test_animate_probes_at_the_heatmap_and_manifold_resolutions_asked(gl_ctx, run_dir, tmp_path, monkeypatch, capsys):
    """A session saved at probe 2048² animated at 2.6 s a frame (640x360 on a CPU: a 234-frame video took ten
    minutes) with no way to ask for less: render had --heatmap-res and --manifold-res, animate had neither."""
    from ganlab_gl.app.canvas_picture import CanvasPicture
    drawn = []
    monkeypatch.setattr(CanvasPicture, "draw", lambda self, shown: (
        drawn.append([_probed(s) for *_, s in shown]), np.zeros((48, 64, 4), np.uint8))[1])
    gif = tmp_path / "story.gif"
    assert main(["animate", str(run_dir), "--out", str(gif), "--size", "64x48", "--to", "2", "--quiet",
                 "--heatmap-res", "5", "--manifold-res", "3"]) == 0
    assert drawn and all(frame == [(5, 3)] for frame in drawn)
    drawn.clear()
    assert main(["animate", str(run_dir), "--out", str(gif), "--size", "64x48", "--to", "2", "--quiet",
                 "--manifold-res", "500"]) == 0  # no more cells than the frame's pixels, as without it
    assert drawn and all(frame == [(GanConfig().probe.heatmap_res, 64)] for frame in drawn)
    capsys.readouterr()
    assert main(["animate", str(run_dir), "--out", str(gif), "--manifold-res", "4096"]) == 2
    assert capsys.readouterr().err == "ganlab-gl animate: --manifold-res must be 1..2048, got 4096\n"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_ends_animate_between_frames_removing_its_unfinished_video(gl_ctx, tmp_path, signum):
    """A plain `kill` (SIGTERM) or SIGHUP ended `animate` at once, leaving its hidden temporary (.story.mp4.….tmp.mp4)
    beside --out; any stop signal now ends it after the frame it is on, that temporary removed, in one line and
    with the signal's exit code (as `train` and the lab, through runs.StopSignals)."""
    run = tmp_path / "run"
    trainer = Trainer(apply_overrides(GanConfig(), ["train.batch_size=32"]))
    trainer.train(300)
    checkpoint.save(trainer, run)
    out = tmp_path / "story.mp4"
    animating = subprocess.Popen([sys.executable, "-m", "ganlab_gl.cli", "animate", str(run), "--out", str(out),
                                  "--size", "320x240", "--heatmap-res", "256", "--quiet"],
                                 stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".story.mp4.*.tmp.mp4")):  # it has begun writing
        assert animating.poll() is None and time.monotonic() < deadline, animating.stderr.read()
        time.sleep(0.02)
    animating.send_signal(signum)
    _, said = animating.communicate(timeout=60)
    assert animating.returncode == 128 + signum, said
    assert sorted(path.name for path in tmp_path.iterdir()) == ["run"]
    assert re.fullmatch(rf"ganlab-gl animate: {signum.name} after [1-9]\d* of 301 frames; stopped, nothing written "
                        rf"to {re.escape(str(out))}", said.splitlines()[-1]), said
    assert_documented(said.splitlines()[-1])


def test_a_stop_signal_after_the_last_frame_finishes_the_video_and_says_so(run_dir, tmp_path, monkeypatch, capfd):
    """A signal that came after the last frame's check (while the encoder wrote its last frames, or the GIF was
    saved) was noted and then ignored: `animate` said it had animated and exited 0. It now finishes the video it
    had all the frames of, says the signal came, and exits with its code; a second signal there says the video
    is being finished, not removed; no temporary is left."""
    write_gif = animate._write_gif

    def signalled_while_saving(*args):
        write_gif(*args)
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(animate, "_write_gif", signalled_while_saving)
    gif = tmp_path / "story.gif"
    assert main(["animate", str(run_dir), "--out", str(gif), "--size", "64x48", "--to", "2", "--quiet"]) == 143
    assert sorted(path.name for path in tmp_path.iterdir()) == ["story.gif"]
    assert Image.open(gif).n_frames == 3
    said = capfd.readouterr().err.splitlines()
    assert said[0] == "ganlab-gl: SIGTERM while stopping; finishing the video (all its frames are drawn)"
    assert re.fullmatch(rf"SIGTERM after the last frame; finished the video: animated 3 kept iterations \(0\.\.2\) "
                        rf"of {re.escape(str(run_dir))} to {re.escape(str(gif))} \(64x48, 30 fps\)", said[-1]), said
    assert_documented(said[0])
    assert_documented(said[-1])
