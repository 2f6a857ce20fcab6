"""Pictures too large for a frame (refinement.py, canvas_widget.py): probed and drawn a band a frame, the picture
before them shown and named meanwhile, the finished one the very picture drawn at once, a move dropping them."""

import itertools
import time
from contextlib import contextmanager
from dataclasses import replace

import numpy as np
import pytest
from imgui_bundle import imgui
from lab_headless import draw_frame as frame
from lab_headless import headless_lab

from ganlab_gl.app.actions import Action
from ganlab_gl.app.refinement import SETTLE_S, BandBudget, fixed_band, fixed_bands
from ganlab_gl.render.layer import DRAWN, MEASURED, UPLOADED, WORKS
from ganlab_gl.app.state import AppState
from ganlab_gl.app.status import lab_status
from ganlab_gl.render.canvas import BACKGROUND_RGBA

SIZE = (960, 640)
ASKED = 256  # 65,536 cells: 16 bands of 4,096


class Clock:
    """The controller's clock, on from the one the lab started on: a frame's time a frame, the view at rest from the
    second frame."""

    def __init__(self) -> None:
        self.now, self.ticks = time.perf_counter(), 0

    def __call__(self) -> float:
        return self.now

    def tick(self) -> None:
        self.now += SETTLE_S if self.ticks == 0 else 1 / 30
        self.ticks += 1


@contextmanager
def lab_asking(gl_ctx, draw_band: int | None, probe_band: int | None):
    """(lab, renderer, target) asking ASKED² of both, with these bands (None: at once)."""
    state = AppState()
    state.config.probe.manifold_res = state.config.probe.heatmap_res = ASKED
    with headless_lab(gl_ctx, SIZE, state) as made:
        lab = made[0]
        lab.widget.multisample_at_rest_only = True  # as on llvmpipe, also where the tests run on a GPU
        lab.widget.bands = None if draw_band is None else fixed_bands(draw_band)
        lab.controller.probe_band = None if probe_band is None else fixed_band(probe_band)
        lab.controller.clock = Clock()
        yield made


def step(made) -> None:
    frame(*made)
    made[0].controller.clock.tick()


def shown_cells(lab) -> tuple[int, int]:
    """What the picture on screen holds, by the snapshot it was drawn from."""
    snapshot = lab.widget.panes[0].drawn[0]
    return snapshot.manifold.cells_per_side, snapshot.heatmap.values.shape[0]


def rest(made, frames: int = 200) -> list[tuple[int, int]]:
    """Frames until the asked picture is on screen; the cells on screen after each."""
    lab = made[0]
    shown = []
    for _ in range(frames):
        step(made)
        shown.append(shown_cells(lab))
        said = lab.shown_resolution
        assert (said.manifold, said.heatmap) == shown[-1]  # the label names the picture on screen
        assert lab_status(lab)["resolution"] == said.describe()
        if shown[-1] == (ASKED, ASKED) and not lab.widget.drawing:
            return shown
    raise AssertionError(f"not refined in {frames} frames: {shown[-5:]}")


def test_a_picture_drawn_a_band_a_frame_is_the_one_drawn_at_once(gl_ctx):
    """A 2048² manifold was one frame of 2.5 s on llvmpipe. Probed, uploaded, measured and drawn a band a frame, one
    kind of work a frame, the refinement keeps the picture before on screen until the finished one replaces it,
    pixel for pixel the picture drawn in one go."""
    with lab_asking(gl_ctx, None, None) as whole:
        assert rest(whole)[-1] == (ASKED, ASKED)
        for _ in range(3):
            step(whole)
        expected = whole[0].widget.pixels()
    with lab_asking(gl_ctx, 4096, 8192) as banded:
        lab = banded[0]
        frames = []  # (work, units) of each frame's band
        for work, budget in lab.widget.bands.items():
            budget.took = lambda units, work=work, took=budget.took: (frames.append((work, units)), took(units))
        shown = rest(banded)
        assert len(shown) > 2 * 16  # the 256² step alone: 16 bands of cells, probed in 16 bands of points
        assert shown == sorted(shown)  # never back to a coarser picture
        bands = {work: [units for done, units in frames if done == work] for work in WORKS}
        assert max(bands[UPLOADED]) <= 1 << 16 and max(bands[MEASURED]) <= max(bands[DRAWN]) <= 4096 + 2
        # 256²'s 1.6 MB (its grid's output, noise and masses, its heatmap) in 64 KiB parts, its cells in 16 bands
        assert len(bands[UPLOADED]) > 25 and len(bands[MEASURED]) >= 16 + 4 and len(bands[DRAWN]) >= 16 + 4
        for _ in range(3):
            step(banded)
        assert np.array_equal(lab.widget.pixels(), expected)
        lab.state.request(Action.STEP)  # a new picture at the asked resolution: probed and drawn over frames
        step(banded)
        drawing_frames = 0
        while lab.widget.drawing or lab.controller.probing:
            assert np.array_equal(lab.widget.pixels(), expected)  # shown until the new one is done
            drawing_frames += lab.widget.drawing
            step(banded)
        assert drawing_frames >= 16 and not np.array_equal(lab.widget.pixels(), expected)


def test_a_step_too_large_for_a_frame_shows_its_fakes_at_their_places_without_a_glide(gl_ctx):
    """A step's glide draws the canvas again each frame (step_glide.py), which drops a picture being drawn a band a
    frame: it would never be finished while the fakes glide, so there they go to their places at once, and so do
    the graph's pictures, which glide with the canvas."""
    with lab_asking(gl_ctx, 4096, None) as banded:
        lab = banded[0]
        rest(banded)
        glides = itertools.cycle([0.5, 0.9])  # a glide under way: another value each frame
        lab.step_glide.value = lambda now: next(glides)
        lab.state.request(Action.STEP_G)
        step(banded)
        stepped = lab.frame.snapshot
        for _ in range(200):
            if lab.widget.panes[0].drawn[0] is stepped and not lab.widget.drawing:
                break
            step(banded)
        assert lab.widget.panes[0].drawn[0] is stepped and not lab.widget.drawing
        assert lab.widget.canvas["fake"].glide == lab.thumbnails.current.canvas["fake"].glide == 1.0  # the graph's too


def test_a_move_of_the_view_drops_the_unfinished_picture_at_once(gl_ctx):
    with lab_asking(gl_ctx, 4096, None) as banded:
        lab = banded[0]
        while not lab.widget.drawing:
            step(banded)
        coarser = shown_cells(lab)
        assert lab.shown_resolution.describe().startswith(f"manifold {coarser[0]}² of {ASKED}²")
        lab.state.request(Action.ZOOM_IN)
        step(banded)
        assert not lab.widget.drawing and lab.widget.panes[0].banded is None
        assert shown_cells(lab) == (64, 128) and lab.widget.panes[0].drawn[0] is lab.frame.snapshot
        assert lab.shown_resolution.describe() == f"manifold 64² of {ASKED}², heatmap 128² of {ASKED}², refining"


def background_share(lab) -> float:
    """The share of the shown picture's pixels that are the canvas's bare background: none where the heatmap shows."""
    return float((lab.widget.pixels()[..., :3] == round(BACKGROUND_RGBA[0] * 255)).all(axis=-1).mean())


def hide_the_heatmap_by_key(made) -> None:
    """H, a click on the legend or on the graph's picture: a request, taken in the next frame's controller."""
    made[0].state.request(Action.TOGGLE_VIEW, "heatmap.visible")
    step(made)


def hide_the_heatmap_in_the_panel(made) -> None:
    """The settings panel's checkbox: an edit in the GUI half, after the frame's probe."""
    frame(*made, between=lambda: made[0].state.edit("heatmap.visible", False))
    made[0].controller.clock.tick()


@pytest.mark.parametrize("hide, frames", [(hide_the_heatmap_by_key, 1), (hide_the_heatmap_in_the_panel, 2)])
def test_hiding_a_layer_reaches_the_canvas_in_a_frame_or_two_then_refines(gl_ctx, hide, frames):
    """At 2048² on llvmpipe the legend said "hidden: background (H)" 2.5 s and more before the canvas hid it: the
    picture of the layers left was drawn a band a frame, the one before on screen meanwhile. A change of the layers
    (H, C, M, P, A, F, the legend, the graph's pictures, the settings panel) is drawn coarse at once, as a move of the
    view, said "refining", and refines in bands."""
    with lab_asking(gl_ctx, 4096, None) as made:
        lab = made[0]
        rest(made)
        assert background_share(lab) == 0.0
        hide(made)
        hidden = [background_share(lab) > 0.2]  # after each frame from the toggle's: the heatmap off the screen
        for _ in range(2):
            step(made)
            hidden.append(background_share(lab) > 0.2)
        assert hidden == [False] * (frames - 1) + [True] * (3 - frames + 1)
        assert shown_cells(lab) == (64, 128) and lab.shown_resolution.describe() == (
            f"manifold 64² of {ASKED}², heatmap 128² of {ASKED}², refining")
        assert rest(made)[-1] == (ASKED, ASKED) and background_share(lab) > 0.2


def test_a_resized_pane_shows_its_last_picture_until_it_starts_again_coarse(gl_ctx):
    """A banded draw shows the picture before it meanwhile; a window resized (or panels toggled) frees the pane's
    targets of the old size, and with them that picture: the pane showed a black square until the last band, and
    then drew the asked picture at once, 2.5 s at 2048² on llvmpipe (a frame of seconds at each step of a resize).
    The last picture stays on screen, stretched, until the picture starts again from the coarse resolution, as
    when the view moves, and refines in bands; nothing is drawn at once but what fits a band."""
    with lab_asking(gl_ctx, 4096, None) as made:
        lab, renderer, _ = made
        rest(made)
        before = lab.widget.pixels()
        manifold = lab.widget.canvas["manifold"]
        draw_part, filled = manifold._draw_part, []

        def counted_draw_part(view, part, first_row=0, end_row=0):
            filled.append((end_row - first_row) * manifold._cells_per_side)
            draw_part(view, part, first_row, end_row)
        manifold._draw_part = counted_draw_part
        resized = (900, 600)
        imgui.get_io().display_size = resized
        lab.host.window_size = lab.host.framebuffer_size = resized
        target = gl_ctx.simple_framebuffer(resized)
        resized_made = (lab, renderer, target)
        try:
            step(resized_made)
            pane = lab.widget.panes[0]
            assert lab.widget.resized and pane.texture_ref is pane.stale[1]  # the last picture, stretched
            assert np.array_equal(lab.widget.pixels(), before)
            step(resized_made)  # the controller's coarse picture, drawn at once: shown from the next frame
            assert not lab.widget.resized and shown_cells(lab) == (64, 128)
            assert np.array_equal(lab.widget.pixels(), before) and lab.shown_resolution.describe().startswith(
                f"manifold {ASKED}², heatmap {ASKED}²")
            step(resized_made)
            assert lab.widget.panes[0].stale is None and lab.widget.pixels().shape[:2] != before.shape[:2]
            assert lab.widget.pixels()[..., :3].any() and lab.shown_resolution.describe().startswith(
                f"manifold 64² of {ASKED}²")
            rest(resized_made)
        finally:
            target.release()
        assert max(filled) <= 4096  # cells a frame: the resize's pictures all in bands
        assert shown_cells(lab) == (ASKED, ASKED)


def smooth_cost(row: int, rows: int) -> float:
    """Seconds a row of `rows` cells takes: mid-grid 1/16 s a row of 256 cells, the outer rows 4 times."""
    return rows / 4096 * (1 + 3 * abs(2 * (row + 0.5) / rows - 1) ** 2)


def abrupt_cost(row: int, rows: int) -> float:
    """A zoom's: the first rows off screen (clipped, 1/4 of mid-grid's time), then rows on it, 4 times mid-grid's."""
    return rows / 4096 * (0.25 if row < rows // 2 else 4.0)


@pytest.mark.gl
@pytest.mark.parametrize("row_cost, probe_share, step_rows, at_most", [
    (smooth_cost, 0.0, 4, 1.25), (abrupt_cost, 0.0, 4, 1.25),
    (smooth_cost, 0.75, 1, 0.5),  # the probe's band took 3/4 of the frame's: the canvas's the rest, and a step over
])
def test_each_band_is_sized_to_a_frames_time_where_outer_cells_cost_more(gl_ctx, row_cost, probe_share, step_rows,
                                                                         at_most):
    """With Gaussian noise a 2048² manifold's outer rows, large cells far out, took 180-280 ms a band of 65,536
    cells on a loaded llvmpipe against 45-90 ms mid-grid, and after a zoom a band sized on rows off screen (clipped,
    cheap) met rows on it: 61,440 cells in 242 ms, four frames' time. Drawn on a clock where a cell's time grows
    towards the grid's edges, or jumps 16 times half-way, each frame's band keeps near the time asked (a band
    stops where its own rows' time so far says the next step would overrun it), and the picture is still the one
    drawn at once. A frame's probe band and canvas band share one band's time: the frame where the probe ended and
    the upload began took both (48 ms and 114 ms)."""
    with lab_asking(gl_ctx, None, None) as whole:
        rest(whole)
        for _ in range(3):
            step(whole)
        expected = whole[0].widget.pixels()
    now, asked = [0.0], 1.0
    with lab_asking(gl_ctx, None, None) as banded:
        lab = banded[0]  # bands of 4 to 256 rows of 256², 4 the first (the first picture, 64², in bands too)
        lab.widget.bands = fixed_bands(ASKED * ASKED, 1 << 30)  # uploaded and measured at once
        lab.widget.bands[DRAWN] = BandBudget(asked, least=ASKED * step_rows, most=ASKED * ASKED,
                                             first=ASKED * step_rows, clock=lambda: now[0])
        read_frame = lab.controller.frame
        lab.controller.frame = lambda **kwargs: replace(read_frame(**kwargs), probe_seconds=probe_share * asked)
        manifold = lab.widget.canvas["manifold"]
        draw_part = manifold._draw_part

        def timed_draw_part(view, part, first_row=0, end_row=0):
            m = manifold._cells_per_side
            for row in range(first_row, end_row):
                now[0] += row_cost(row, m)
            draw_part(view, part, first_row, end_row)
        manifold._draw_part = timed_draw_part
        took = []  # by the frames drawing the asked picture
        for _ in range(600):
            before, drawing = now[0], lab.widget.panes[0].banded
            step(banded)
            if drawing is not None and drawing.snapshot.manifold.cells_per_side == ASKED:
                took.append(now[0] - before)
            if lab.widget.panes[0].drawn is not None and shown_cells(lab) == (ASKED, ASKED) and not lab.widget.drawing:
                break
        else:
            raise AssertionError(f"not refined in 600 frames: {shown_cells(lab)} on screen")
        for _ in range(3):
            step(banded)
        assert np.array_equal(lab.widget.pixels(), expected)
        assert max(took) < at_most * asked  # fixed bands of 16 rows take 1 s mid-grid, up to 4 s at the edges
        banded_frames = [seconds for seconds in took if seconds > 0]
        room = (1 - probe_share) * asked
        assert sum(seconds > 0.5 * room for seconds in banded_frames) > 0.75 * len(banded_frames)


def test_a_comparison_recorded_while_its_panes_are_resized_stops_the_recording_with_a_message(gl_ctx, tmp_path):
    """A resized pane shows its last picture, of the old size, until one of the new size is drawn; a comparison's
    recording put that picture into the new pane's box and raised numpy's broadcast error out of the frame, where a
    change of size ends the recording saying so."""
    with lab_asking(gl_ctx, 4096, None) as made:
        lab, renderer, _ = made
        lab.state.request(Action.COMPARE_ADD, "train.d_lr=0.05")
        for _ in range(400):  # refined past a band's cells (64² = 4,096), which a resize shows stretched meanwhile
            step(made)
            if all(pane.drawn[0].manifold.cells_per_side > 64 for pane in lab.widget.panes):
                break
        assert all(pane.drawn[0].manifold.cells_per_side > 64 for pane in lab.widget.panes)
        lab.state.recording_path = str(tmp_path / "frames")
        lab.state.request(Action.TOGGLE_RECORDING)
        step(made)
        assert lab.capture.recorder is not None
        resized = (900, 600)
        imgui.get_io().display_size = resized
        lab.host.window_size = lab.host.framebuffer_size = resized
        target = gl_ctx.simple_framebuffer(resized)
        try:
            step((lab, renderer, target))
            assert any(pane.stale is not None for pane in lab.widget.panes)
        finally:
            target.release()
        assert lab.capture.recorder is None
        said = lab.state.notices[-1]
        assert said.level == "error" and said.text.startswith("recording: the panes changed size (")
        assert "keep the window size while recording; recording stopped, " in said.text  # the frames due: the clock's
        assert said.text.endswith(f" kept in {tmp_path / 'frames'}")
