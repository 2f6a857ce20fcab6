"""`ganlab-gl render` of a saved session draws the picture the lab's window shows of it (a figure of what was seen).

A session is saved early in its run (the fakes still outside the real data's rectangle) with a few view settings
changed; the headless lab loads it and takes an F12 screenshot at its canvas's own size, and `render` draws the same
session at that size. The two must be the same picture: the same view (the lab's automatic one, or the user's
zoom), the same layers, dots and arrows.
"""

import json
from contextlib import contextmanager

import numpy as np
import pytest
from lab_headless import draw_frame as frame
from lab_headless import headless_lab
from PIL import Image
from test_app_lab_headless import settle, shoot
from test_errors_doc import assert_documented

from ganlab_gl import cli
from ganlab_gl.app.controller import Controller
from ganlab_gl.app.outputs import STATE_FILE
from ganlab_gl.app.state import Action, AppState
from ganlab_gl.app.view_fit import MAX_ZOOM_IN, automatic_view, extent

WINDOW = (1100, 760)  # the canvas about 560 px: under 700, so the lab shrinks its dots and lines


def saved_session(folder, iterations=3, zoom=None, compare=(), **view):
    """A session saved after `iterations` steps, with the view settings `view` ('fake.radius_px': 5.0, ...); `zoom`:
    two wheel notches in about this point of the automatic view (its fractions across and up); `compare`: runs
    beside the main one, each a Compare text as `lab --compare` takes it."""
    state = AppState()
    for key, value in view.items():
        state.edit(key, value)
    controller = Controller(state, lambda: 0.0)
    for text in compare:
        state.request(Action.COMPARE_ADD, text)
        controller.frame()
    for _ in range(iterations):
        state.request(Action.STEP)
    if zoom is not None:
        x0, y0, x1, y1 = controller.frame().view_rect
        for _ in range(2):
            state.request(Action.ZOOM_IN, (x0 + zoom[0] * (x1 - x0), y0 + zoom[1] * (y1 - y0)))
    state.request(Action.SAVE, folder)
    controller.frame()
    controller.finish_save(wait=True)
    controller.close()
    return folder


def load_resting(lab, renderer, target, session):
    """The headless lab loads `session` and rests on it: refined to its last step, the notices the load posted (which
    stand on the canvas's lower edge until they fade, and which render and F12 never draw) gone."""
    lab.state.request(Action.LOAD, session)
    settle(lab, renderer, target)
    lab.state.notices.clear()
    settle(lab, renderer, target)  # the refinement's last step


def lab_screenshot(gl_ctx, session, tmp_path):
    """The lab's F12 of `session` at its canvas's own size."""
    state = AppState()
    with headless_lab(gl_ctx, WINDOW, state=state, screenshot_dir=tmp_path) as (lab, renderer, target):
        load_resting(lab, renderer, target, session)
        size = lab.widget.view().viewport_px
        return shoot(lab, renderer, target, size)


def automatic(session):
    """The automatic view the lab snaps to on loading `session`."""
    from ganlab_gl.core import checkpoint
    from ganlab_gl.core.probes import Prober
    trainer = checkpoint.load(session)
    snapshot = Prober(trainer).snapshot(heatmap_res=1, manifold_res=1, gradients=False)
    return automatic_view(trainer.dataset.name, trainer.data_rect, snapshot.real.numpy(), snapshot.fake.numpy(),
                          trainer.dataset.unit_square)


def cli_render(session, size, out, *extra):
    assert cli.main(["render", str(session), "--out", str(out), "--size", f"{size[0]}x{size[1]}", *extra]) == 0
    return np.asarray(Image.open(out))


def assert_same_picture(lab, rendered):
    assert lab.shape == rendered.shape
    differ = (np.abs(lab.astype(int) - rendered.astype(int)).max(axis=2) > 24).mean()
    assert differ < 0.002, f"{differ:.2%} of the pixels differ"


def test_render_of_a_session_is_the_lab_s_picture(gl_ctx, tmp_path, capsys):
    """The CLI drew the samples at the layer's own 2 px (the lab: radius_px 3.5, shrunk under 700 px), over the
    real data's rectangle (the lab: its automatic view, taking in the fakes), with every default layer shown. It
    says what it drew naming the data as the lab does ("rendered gaussians" was the setting's id)."""
    session = saved_session(tmp_path / "session", **{"real.radius_px": 5.0, "gradients.visible": False,
                                                     "contour.visible": True})
    lab = lab_screenshot(gl_ctx, session, tmp_path)
    capsys.readouterr()
    rendered = cli_render(session, lab.shape[1::-1], tmp_path / "render.png")
    assert f"rendered Two Gaussians at iteration 3 to {tmp_path / 'render.png'} (" in capsys.readouterr().err
    Image.fromarray(np.concatenate([lab, rendered], axis=1)).save(tmp_path / "side-by-side.png")
    assert_same_picture(lab, rendered)


def test_render_of_a_zoomed_session_is_the_lab_s_zoomed_picture(gl_ctx, tmp_path):
    session = saved_session(tmp_path / "session", zoom=(0.2, 0.3))
    assert json.loads((session / STATE_FILE).read_text())["view_rect"] is not None
    lab = lab_screenshot(gl_ctx, session, tmp_path)
    assert_same_picture(lab, cli_render(session, lab.shape[1::-1], tmp_path / "render.png"))


@pytest.mark.gl
def test_a_saved_zoom_past_the_lab_s_limits_renders_within_them_and_says_so(tmp_path, capsys):
    """The lab loads a hand-edited view of 1e-14 within its zoom limits; `render` takes it the same way."""
    session = saved_session(tmp_path / "session")
    tree = json.loads((session / STATE_FILE).read_text())
    tree["view_rect"] = [0.3, 0.4, 0.3 + 1e-14, 0.4 + 1e-14]
    (session / STATE_FILE).write_text(json.dumps(tree))
    cli_render(session, (64, 64), tmp_path / "render.png")
    error = capsys.readouterr().err
    assert f"ganlab-gl render: {session / STATE_FILE}: view_rect [0.3, 0.4, " in error and "showing [" in error
    assert_documented(error.splitlines()[0])
    shown = [float(v) for v in error.partition("showing [")[2].partition("]")[0].split(",")]
    assert extent(shown) == pytest.approx(extent(automatic(session)) / MAX_ZOOM_IN, rel=1e-5)  # said to 9 digits


def test_animate_takes_the_session_s_view_settings_and_a_view_that_holds_every_frame(gl_ctx, tmp_path, monkeypatch):
    """animate showed the real data's rectangle (an early run's fakes cut off) with the layer's own dot size and
    every default layer. Its view now holds each frame's automatic view, and the frames are drawn with the
    session's view settings: its last frame is the session's present drawn with them, at that view."""
    from ganlab_gl.app.canvas_picture import CanvasPicture
    from ganlab_gl.core import checkpoint
    from ganlab_gl.render import animate
    session = saved_session(tmp_path / "session", iterations=12, **{"fake.radius_px": 6.0, "gradients.visible": False})
    drawn = {}
    draw = CanvasPicture.draw

    def seen(picture, runs):
        drawn["view"] = picture.view
        return draw(picture, runs)

    monkeypatch.setattr(CanvasPicture, "draw", seen)
    monkeypatch.setattr(animate, "write_video", lambda frames, *args, **kwargs: drawn.update(frames))
    assert cli.main(["animate", str(session), "--out", str(tmp_path / "a.mp4"), "--size", "200x200", "--quiet",
                     "--no-caption"]) == 0
    view = drawn["view"].rect
    trainer = checkpoint.load(session)
    for real, fake in animate.frame_samples([trainer], range(len(trainer.timeline.iterations))):
        frame_view = automatic_view(trainer.dataset.name, trainer.data_rect, real, fake, trainer.dataset.unit_square)
        slack = 1e-9 * extent(view)  # squaring rounds
        assert view[0] - slack <= frame_view[0] and view[1] - slack <= frame_view[1] \
            and view[2] + slack >= frame_view[2] and view[3] + slack >= frame_view[3], (view, frame_view)
    from ganlab_gl.app.state import saved_view
    from ganlab_gl.core.probes import Prober
    from ganlab_gl.render.headless import render_png
    from ganlab_gl.render.layer_table import CANVAS_LAYERS
    snapshot = Prober(trainer).snapshot(view=view)
    render_png(snapshot, tmp_path / "expected.png", (200, 200), CANVAS_LAYERS, view=drawn["view"], ctx=gl_ctx,
               settings=saved_view(session).settings)
    assert_same_picture(drawn[12], np.asarray(Image.open(tmp_path / "expected.png")))


def test_a_canvas_starts_from_the_view_settings_defaults(gl_ctx, copy_bridge):
    """The samples layer's own 2 px, where the lab's view setting says 3.5 (render's dots were smaller)."""
    from ganlab_gl.render.canvas import Canvas
    from ganlab_gl.render.layer_table import LAYERS
    canvas = Canvas(gl_ctx, copy_bridge)
    try:
        for row in LAYERS:
            for option, declared in row.options.items():
                assert getattr(canvas[row.name], option) == declared.default, (row.name, option)
    finally:
        canvas.release()


@contextmanager
def exported_folder(state, tmp_path, compare=()):
    """The folder the lab's Export saves for its `animate` child after 3 steps of `state`'s lab, beside runs of
    `compare`, while the lab is open (closing, it deletes the folder); the child is not started."""
    controller = Controller(state, lambda: 0.0)
    try:
        for text in compare:
            state.request(Action.COMPARE_ADD, text)
            controller.frame()
        for _ in range(3):
            state.request(Action.STEP)
        state.request(Action.EXPORT_TIMELINE, str(tmp_path / "story.gif"))
        controller.frame()
        export = controller.export
        assert export.running
        export._saver.wait()
        yield export._folder
    finally:
        controller.close()


def test_the_export_hands_animate_the_lab_s_view_settings(tmp_path):
    """The Export ran `animate` on the run alone: its video's dots and arrows took the layer table's defaults
    whatever the lab showed. The lab's state now lies beside the run it saves for the child, as a session's does."""
    state = AppState()
    state.edit("fake.radius_px", 6.0)
    state.edit("manifold.outlines", True)
    state.edit("display.lecture_mode", True)
    with exported_folder(state, tmp_path) as folder:
        saved = json.loads((folder / STATE_FILE).read_text())["view"]
    assert saved["fake"]["radius_px"] == 6.0 and saved["manifold"]["outlines"] is True
    assert saved["display"]["lecture_mode"] is True  # animate draws lecture mode's thick points from it


@pytest.mark.gl
def test_the_export_hands_animate_the_lab_s_compared_runs(tmp_path, monkeypatch):
    """The Export saved the main run alone: its video showed one run where the window showed two. The compared runs
    now lie beside it as in a session, and animate draws their panes."""
    from ganlab_gl.render import animate
    written = {}
    monkeypatch.setattr(animate, "write_video", lambda frames, *args, **kwargs: written.update(frames))
    with exported_folder(AppState(), tmp_path, compare=["train.loss=hinge"]) as folder:
        assert json.loads((folder / "compare.json").read_text())["runs"][0]["overrides"] == {"train.loss": "hinge"}
        assert cli.main(["animate", str(folder), "--out", str(tmp_path / "a.gif"), "--size", "200x120",
                         "--quiet"]) == 0
    assert sorted(written) == [0, 1, 2, 3]
    assert_captioned(written[3], (200, 120), "AB")


@pytest.mark.parametrize("command", ["render", "animate"])
def test_a_damaged_session_state_is_refused_in_one_line_before_anything_loads(tmp_path, capsys, monkeypatch,
                                                                                command):
    from ganlab_gl.core import checkpoint
    session = saved_session(tmp_path / "session")
    (session / STATE_FILE).write_text('{"config": {}')
    loaded = []
    monkeypatch.setattr(checkpoint, "load", lambda *args, **kwargs: loaded.append(args))
    capsys.readouterr()
    out = tmp_path / f"x.{'png' if command == 'render' else 'mp4'}"
    assert cli.main([command, str(session), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"ganlab-gl {command}: {session / STATE_FILE}: not a ganlab-gl session state") \
        and error.count("\n") == 1 and not loaded and not out.exists(), error
    assert_documented(error)


def lab_panes(gl_ctx, session, tmp_path, window=WINDOW):
    """The lab's window showing `session` with its font and theme: (its pixels over the panes' grid, each pane's box
    in that crop, x y side)."""
    state = AppState()
    with headless_lab(gl_ctx, window, state=state, screenshot_dir=tmp_path, fonts=True) as (lab, renderer, target):
        load_resting(lab, renderer, target, session)
        assert len(lab.frame.comparison) == len(lab.widget.panes) > 1
        pixels = np.frombuffer(target.read(components=4), np.uint8).reshape(window[1], window[0], 4)[::-1]
        boxes = [tuple(round(v) for v in pane.box) for pane in lab.widget.panes]
    x0, y0 = min(box[0] for box in boxes), min(box[1] for box in boxes)
    x1, y1 = max(box[0] + box[2] for box in boxes), max(box[1] + box[3] for box in boxes)
    return pixels[y0:y1, x0:x1], [(x - x0, y - y0, side) for x, y, side, _ in boxes]


def caption_bands(shape, boxes, lines):
    """A mask of the top `lines` text lines of each pane, where the captions lie (ImGui and Pillow lay type out a
    pixel apart)."""
    from ganlab_gl.app.canvas_picture import FRAME_PADDING
    from ganlab_gl.app.fonts import BASE_FONT_SIZE
    mask = np.zeros(shape[:2], bool)
    for x, y, side in boxes:
        mask[y:y + round(lines * BASE_FONT_SIZE + 2 * FRAME_PADDING[1]) + 1, x:x + side] = True
    return mask


def assert_captioned(image, size, tags):
    """Each pane's caption starts with its run's letter on its colour, in the panes' grid as the lab lays it out."""
    from ganlab_gl.app.canvas_widget import on_whole_pixels
    from ganlab_gl.app.layout import pane_boxes
    from ganlab_gl.app.theme import RUN_RGB
    for box, tag in zip(pane_boxes((0, 0, *size), len(tags)), tags, strict=True):
        x, y, _, _ = (int(v) for v in on_whole_pixels(box, 1.0))
        assert np.abs(image[y + 1, x + 1, :3].astype(int) - [round(255 * c) for c in RUN_RGB[tag]]).max() <= 2, tag


def test_render_of_a_compared_session_draws_every_run_s_pane_as_the_lab_does(gl_ctx, tmp_path, capsys):
    """render drew the main run alone, fitted to the whole image: the compared runs a session holds were dropped
    without a word. Now each run has its pane, laid out, drawn and captioned as the lab's window shows them."""
    session = saved_session(tmp_path / "session", iterations=30, compare=["train.loss=wgan-gp"],
                            **{"real.radius_px": 5.0})
    lab, boxes = lab_panes(gl_ctx, session, tmp_path)
    capsys.readouterr()
    rendered = cli_render(session, lab.shape[1::-1], tmp_path / "render.png")
    assert " beside compared run B (WGAN-GP loss) to " in capsys.readouterr().err
    Image.fromarray(np.concatenate([lab, rendered], axis=0)).save(tmp_path / "lab-over-render.png")
    assert lab.shape == rendered.shape
    outside = ~caption_bands(lab.shape, boxes, lines=2)  # B's caption: its loss and its critic's scale
    differ = (np.abs(lab[..., :3].astype(int) - rendered[..., :3].astype(int)).max(axis=2) > 24)
    assert differ[outside].mean() < 0.002, f"{differ[outside].mean():.2%} of the pixels differ"
    assert differ[~outside].mean() < 0.1, f"{differ[~outside].mean():.2%} of the captions' pixels differ"
    assert_captioned(rendered, lab.shape[1::-1], "AB")


def test_animate_of_a_compared_session_draws_every_run_at_each_frame_s_iteration(gl_ctx, tmp_path, monkeypatch):
    """animate drew the main run alone, as render did. Each frame is now the session's panes as `render` draws them
    at that iteration (its last: the present's), its "iteration N" in the lower left corner, off the panes' captions
    (the Export dialog runs animate on the lab's run saved with its comparison)."""
    from ganlab_gl.render import animate
    session = saved_session(tmp_path / "session", iterations=6, compare=["train.loss=hinge", "train.g_lr=0.003"])
    written = {}
    monkeypatch.setattr(animate, "write_video", lambda frames, *args, **kwargs: written.update(frames))
    view = "--view=-1,-1,2,2"  # one view for both: the automatic one holds every frame's fakes
    assert cli.main(["animate", str(session), "--out", str(tmp_path / "a.mp4"), "--size", "320x240", "--quiet",
                     view]) == 0
    assert sorted(written) == list(range(7))
    rendered = cli_render(session, (320, 240), tmp_path / "render.png", view)
    iteration_line = 40  # rows: "iteration 6" on its backdrop, a 24th of the height at least 10 px, and margins
    assert_same_picture(written[6][:-iteration_line], rendered[:-iteration_line])
    assert not np.array_equal(written[6][-iteration_line:], rendered[-iteration_line:])
    assert_captioned(written[0], (320, 240), "ABC")
    assert not np.array_equal(written[0], written[6])


@pytest.mark.gl
def test_a_comparison_a_save_left_part_way_is_said_and_the_main_run_drawn(tmp_path, capsys):
    """The lab loads such a session's main run alone and says so; render draws that, and says so too."""
    session = saved_session(tmp_path / "session", compare=["train.loss=hinge"])
    behind = saved_session(tmp_path / "behind", iterations=2, compare=["train.loss=hinge"])
    (session / "compare-1").rename(tmp_path / "whole")
    (behind / "compare-1").rename(session / "compare-1")
    capsys.readouterr()
    rendered = cli_render(session, (200, 120), tmp_path / "render.png")
    said = capsys.readouterr().err.splitlines()
    assert said[0] == (f"ganlab-gl render: {session / 'compare-1'} is at iteration 2, the main run at 3: a save "
                       "stopped part-way; drawing the main run alone"), said
    assert_documented(said[0])
    assert "beside" not in said[-1] and (rendered[..., :3].max(axis=2) > 60).all()  # one canvas: no dark backdrop


def test_render_of_a_lecture_session_has_the_lab_s_thick_points(gl_ctx, tmp_path, capsys):
    """Lecture mode doubles the window's dots, arrows and lines for a projector; render drew a lecture session with
    the desk's. Now it draws the lab's picture of it, and says so."""
    session = saved_session(tmp_path / "session", **{"display.lecture_mode": True, "contour.visible": True})
    lab = lab_screenshot(gl_ctx, session, tmp_path)
    capsys.readouterr()
    rendered = cli_render(session, lab.shape[1::-1], tmp_path / "render.png")
    assert ", lecture mode's thick points)" in capsys.readouterr().err
    Image.fromarray(np.concatenate([lab, rendered], axis=1)).save(tmp_path / "side-by-side.png")
    assert_same_picture(lab, rendered)


def compared_lab(gl_ctx, session, tmp_path, doing, framebuffer_scale=1.0):
    """`doing(lab, renderer, target)`'s result in the headless lab (its font and theme) resting on `session`, a
    comparison; `framebuffer_scale`: a HiDPI screen's pixels a point."""
    state = AppState()
    with headless_lab(gl_ctx, WINDOW, state=state, screenshot_dir=tmp_path, fonts=True,
                      framebuffer_scale=framebuffer_scale) as (lab, renderer, target):
        load_resting(lab, renderer, target, session)
        assert len(lab.frame.comparison) == len(lab.widget.panes) > 1
        return doing(lab, renderer, target)


def test_f12_of_a_comparison_is_render_s_picture_of_it_every_pane_captioned(gl_ctx, tmp_path):
    """F12 drew the main run's pane alone where the window showed two panes, and `render` of the same session drew
    both with their captions. F12 now draws what the canvas shows as render draws it: every pane, captioned, at the
    panes' own size where none is asked."""
    session = saved_session(tmp_path / "session", iterations=30, compare=["train.loss=wgan-gp"],
                            **{"real.radius_px": 5.0})
    window, boxes = lab_panes(gl_ctx, session, tmp_path)
    shot = compared_lab(gl_ctx, session, tmp_path, lambda lab, renderer, target: shoot(lab, renderer, target, None))
    Image.fromarray(shot).save(tmp_path / "f12.png")
    assert shot.shape == window.shape  # the panes' bounding box, at the window's pixels
    rendered = cli_render(session, shot.shape[1::-1], tmp_path / "render.png")
    assert_same_picture(shot, rendered)  # captions and all: both are drawn by canvas_picture
    assert_captioned(shot, shot.shape[1::-1], "AB")


def test_f12_of_a_comparison_on_a_hidpi_screen_is_the_window_s_panes(gl_ctx, tmp_path):
    """On a screen of 2 pixels a point the panes are 12 pixels apart, their captions' type twice as large: F12 at the
    panes' own size is the window's picture of them (laid out 6 pixels apart, its panes were 3 pixels larger)."""
    session = saved_session(tmp_path / "session", iterations=30, compare=["train.loss=wgan-gp"])

    def window_and_f12(lab, renderer, target):
        width, height = target.size
        pixels = np.frombuffer(target.read(components=4), np.uint8).reshape(height, width, 4)[::-1]
        boxes = [tuple(round(2 * v) for v in pane.box) for pane in lab.widget.panes]
        x0, y0 = min(box[0] for box in boxes), min(box[1] for box in boxes)
        x1, y1 = max(box[0] + box[2] for box in boxes), max(box[1] + box[3] for box in boxes)
        return (pixels[y0:y1, x0:x1], [(x - x0, y - y0, side) for x, y, side, _ in boxes],
                shoot(lab, renderer, target, None))

    window, boxes, shot = compared_lab(gl_ctx, session, tmp_path, window_and_f12, framebuffer_scale=2.0)
    assert shot.shape == window.shape
    outside = ~caption_bands(window.shape, boxes, lines=5)  # two lines of twice the type, and their padding
    differ = (np.abs(window[..., :3].astype(int) - shot[..., :3].astype(int)).max(axis=2) > 24)
    assert differ[outside].mean() < 0.002, f"{differ[outside].mean():.2%} of the pixels differ"
    assert differ[~outside].mean() < 0.1, f"{differ[~outside].mean():.2%} of the captions' pixels differ"


def test_f12_of_a_comparison_at_an_asked_size_lays_its_panes_out_as_render_does_a_part_a_frame(gl_ctx, tmp_path,
                                                                                               monkeypatch):
    """Its panes laid out in the asked size as `render` lays them out (each the window's picture enlarged, as one
    run's screenshot is), drawn a part a frame, the window's backdrop too: 8192x8192 of it filled at once held the
    window 3 s on a loaded VM. In parts it is the picture drawn whole."""
    from ganlab_gl.app import canvas_picture, capture
    session = saved_session(tmp_path / "session", iterations=30, compare=["train.loss=hinge", "train.g_lr=0.003"])
    filled, fill = [], canvas_picture.fill_backdrop
    monkeypatch.setattr(canvas_picture, "fill_backdrop", lambda image, lecture: (filled.append(image.shape[0]),
                                                                                 fill(image, lecture)))

    def whole_then_in_parts(lab, renderer, target):
        whole = shoot(lab, renderer, target, (900, 400))
        monkeypatch.setattr(capture, "TILE_PX", 128)
        return whole, shoot(lab, renderer, target, (900, 400))

    whole, in_parts = compared_lab(gl_ctx, session, tmp_path, whole_then_in_parts)
    assert whole.shape == (400, 900, 4) and filled == [400, 128, 128, 128, 16]
    assert_captioned(whole, (900, 400), "ABC")
    assert_same_picture(in_parts, whole)


def test_a_recording_of_a_comparison_holds_every_pane_with_its_caption_as_the_window_shows_them(gl_ctx, tmp_path):
    """Ctrl+R recorded the main run's pane alone. Each frame is now the panes as the window shows them, on its
    backdrop, captioned as render captions them."""
    session = saved_session(tmp_path / "session", iterations=30, compare=["train.loss=wgan-gp"])
    window, boxes = lab_panes(gl_ctx, session, tmp_path)
    frames = tmp_path / "frames"

    def record(lab, renderer, target):
        lab.state.recording_path = str(frames)
        lab.state.request(Action.TOGGLE_RECORDING)
        for _ in range(3):
            frame(lab, renderer, target)
        lab.state.request(Action.TOGGLE_RECORDING)
        frame(lab, renderer, target)

    compared_lab(gl_ctx, session, tmp_path, record)
    recorded = np.asarray(Image.open(frames / "frame-00001.png"))
    assert recorded.shape[:2] == window.shape[:2]
    outside = ~caption_bands(window.shape, boxes, lines=2)
    differ = (np.abs(window[..., :3].astype(int) - recorded.astype(int)).max(axis=2) > 24)
    assert differ[outside].mean() < 0.002, f"{differ[outside].mean():.2%} of the pixels differ"
    assert differ[~outside].mean() < 0.1, f"{differ[~outside].mean():.2%} of the captions' pixels differ"
    assert_captioned(recorded, recorded.shape[1::-1], "AB")
