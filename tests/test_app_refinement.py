"""Progressive resolution (app/refinement.py): coarse while the view moves, doubling to the asked
resolution once it rests, saying which is on screen; a resting, paused view costs no probe."""

import torch

from ganlab_gl.app.actions import Action
from ganlab_gl.app.controller import Controller
from ganlab_gl.app.refinement import (MOVING_HEATMAP, MOVING_MANIFOLD, SETTLE_S, BandBudget, Refinement, Resolution,
                                      fixed_band)
from ganlab_gl.core.probes import Prober
from ganlab_gl.app.state import AppState


FRAME_S = 1 / 30


def test_coarse_while_moving_then_doubling_to_the_asked_resolution_once_the_view_rests():
    refinement = Refinement()
    rested = SETTLE_S + FRAME_S
    shown = [refinement.next(2048, 512, moving=False, now=time) for time in (0.0, SETTLE_S / 2)]
    shown += [refinement.next(2048, 512, moving=False, now=rested + k * FRAME_S) for k in range(7)]
    assert [(r.manifold, r.heatmap) for r in shown] == [(MOVING_MANIFOLD, MOVING_HEATMAP)] * 2 + [
        (128, 256), (256, 512), (512, 512), (1024, 512), (2048, 512), (2048, 512), (2048, 512)]
    assert [r.refining for r in shown] == [True] * 6 + [False] * 3
    moved = refinement.next(2048, 512, moving=True, now=1.0)
    assert (moved.manifold, moved.heatmap) == (MOVING_MANIFOLD, MOVING_HEATMAP)
    lowered = refinement.next(16, 32, moving=False, now=1.0)  # asked below the coarse resolution: shown as asked
    assert (lowered.manifold, lowered.heatmap) == (16, 32) and not lowered.refining


def test_the_pauses_between_wheel_notches_stay_coarse():
    """A person zooms in notches about a quarter of a second apart. The refinement began in each pause, and its
    512² and 1024² steps (0.5 to 4 s a frame on llvmpipe) held the next notch back: 0.7 to 4.5 s from the wheel to
    the view moving, in the window at 2048². The view must rest SETTLE_S before the resolution rises."""
    refinement = Refinement()
    notches = [refinement.next(2048, 2048, moving=frame % 8 == 0, now=frame * FRAME_S) for frame in range(40)]
    assert {(r.manifold, r.heatmap) for r in notches} == {(MOVING_MANIFOLD, MOVING_HEATMAP)}
    last_notch = 39 // 8 * 8 * FRAME_S
    resting = refinement.next(2048, 2048, moving=False, now=last_notch + SETTLE_S)
    assert (resting.manifold, resting.heatmap) == (128, 256)


def test_the_resolution_on_screen_is_said():
    assert Resolution(128, 64, 2048, 64).describe() == "manifold 128² of 2048², heatmap 64², refining"
    assert Resolution(32, 64, 32, 64).describe() == "manifold 32², heatmap 64²"
    # shorter words for a short toolbar keep "refining" and what it refines to ("refining: manifold 256², heatmap
    # 64²" left the 1024² asked unsaid)
    assert Resolution(128, 64, 2048, 64).wordings() == (
        "manifold 128² of 2048², heatmap 64², refining", "refining: manifold 128² of 2048²",
        "refining 128² of 2048²", "refining")
    assert Resolution(64, 64, 512, 512, playing=True).wordings()[1:] == (
        "full when paused: manifold 64² of 512², heatmap 64² of 512²",
        "full when paused 64² of 512², 64² of 512²", "full when paused")


def test_a_refined_resolution_not_the_default_stays_said_in_the_speeds_tooltip(monkeypatch):
    """Once refining ended, nothing said a researcher's 1024² manifold was on screen: the speed read-out's tooltip
    says the cells on screen where they are not the defaults (32², 64²), and nothing more at the defaults."""
    from imgui_bundle import imgui
    from imgui_headless import draw_frame, imgui_context
    from ganlab_gl.app.panels.toolbar import FrameStats, draw_toolbar
    assert Resolution(1024, 64, 1024, 64).at_rest() == "manifold 1024², heatmap 64²"
    assert [Resolution(32, 64, 32, 64).at_rest(), Resolution(256, 64, 1024, 64).at_rest()] == ["", ""]
    tips = []
    monkeypatch.setattr(imgui, "set_tooltip", tips.append)
    monkeypatch.setattr(imgui, "is_item_hovered", lambda *args: True)
    for at_rest in ("manifold 1024², heatmap 64²", ""):
        stats = FrameStats(10, 900.0, 30.0, "training on the CPU", "CPU", "host copy", diverged=False, resolution=(),
                           resolution_at_rest=at_rest)
        with imgui_context((1280, 300)):
            draw_frame(lambda: draw_toolbar(AppState(), stats), (1280, 300))
    pace = [tip for tip in tips if tip.startswith("training on the CPU")]
    assert pace == ["training on the CPU\ntensors reach OpenGL by host copy\nthe canvas shows manifold 1024², "
                    "heatmap 64² cells (probe.manifold_res, probe.heatmap_res)",
                    "training on the CPU\ntensors reach OpenGL by host copy"], pace


class FrameClock:
    """A controller's clock that moves on a frame at each reading past the settling pause."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += SETTLE_S + FRAME_S
        return self.now


def controller_with(manifold: int, heatmap: int, probe_band: int | None = None) -> tuple[AppState, Controller]:
    """`probe_band`: grid points probed a frame (None: each probe in its frame)."""
    state = AppState()
    state.config.probe.manifold_res, state.config.probe.heatmap_res = manifold, heatmap
    controller = Controller(state, clock=FrameClock())
    controller.probe_band = None if probe_band is None else fixed_band(probe_band)
    return state, controller


def cells(frame) -> tuple[int, int]:
    snapshot = frame.snapshot
    return snapshot.manifold.vertices.shape[0] - 1, snapshot.heatmap.values.shape[0]


def test_the_controller_probes_coarse_while_the_view_moves_and_refines_at_rest():
    state, controller = controller_with(512, 256)
    seen = [cells(controller.frame()) for _ in range(5)]
    assert seen == [(64, 128), (128, 256), (256, 256), (512, 256), (512, 256)]
    state.request(Action.ZOOM_IN)
    zoomed = controller.frame()
    assert cells(zoomed) == (64, 128) and zoomed.resolution.describe() == (
        "manifold 64² of 512², heatmap 128² of 256², refining")
    assert cells(controller.frame()) == (128, 256)  # the view rests again
    assert cells(controller.frame(moving=True)) == (64, 128)  # the overview's morph plays
    controller.close()


def test_the_controller_stays_coarse_between_wheel_notches_and_refines_once_the_view_rests():
    state = AppState()
    state.config.probe.manifold_res = state.config.probe.heatmap_res = 2048
    now = [0.0]
    controller = Controller(state, clock=lambda: now[0])
    for frame in range(24):  # a notch every quarter of a second, 30 frames a second
        if frame % 8 == 0:
            state.request(Action.ZOOM_IN)
        now[0] = frame * FRAME_S
        assert cells(controller.frame()) == (MOVING_MANIFOLD, MOVING_HEATMAP), frame
    now[0] += SETTLE_S
    assert cells(controller.frame()) == (128, 256)
    controller.close()


def test_playing_probes_coarse_and_a_pause_refines():
    """512² probed and drawn anew every playing frame held the window at 2-3 frames/s on llvmpipe: training plays
    at the moving resolution, says so, and pausing refines; slow motion (for looking) keeps the asked one."""
    state, controller = controller_with(512, 512)
    state.view.playback.max_iterations_per_frame = 2
    state.playing = True
    playing = [controller.frame() for _ in range(3)][-1]
    assert cells(playing) == (MOVING_MANIFOLD, MOVING_HEATMAP)
    assert playing.resolution.describe() == "manifold 64² of 512², heatmap 128² of 512², full when paused"
    state.playing = False
    assert [cells(controller.frame()) for _ in range(3)] == [(128, 256), (256, 512), (512, 512)]
    state.playing = state.slow_motion = True
    assert cells(controller.frame()) == (512, 512)
    controller.close()


def test_a_layer_shown_hidden_or_restyled_probes_coarse_at_once_and_below_the_coarse_resolution_nothing():
    """At 2048² a layer hidden showed the picture before it for seconds while the new one was drawn in bands: a change
    of the canvas's layer settings starts coarse, as a move of the view, then goes back to the snapshot probed at the
    asked resolution before it, not probed again (the steps between it and the coarse one probed and drawn too took
    the full picture 12-14 s against 6-9). At the default resolution, below the coarse one, it costs no probe: the
    snapshot stays."""
    state, controller = controller_with(512, 256)
    asked = [controller.frame() for _ in range(4)][-1]
    assert cells(asked) == (512, 256)
    for key, value in (("heatmap.visible", False), ("manifold.show_folds", True), ("fake.radius_px", 6.0)):
        state.edit(key, value)
        assert cells(controller.frame()) == (MOVING_MANIFOLD, MOVING_HEATMAP), key
        refined = controller.frame()
        assert refined.snapshot is asked.snapshot and not refined.resolution.refining, key
        assert refined.resolution.arrived  # the picture that will rest: drawn in full (the canvas's bands)
    state.request(Action.STEP)  # another iteration: its own snapshot is the one kept, the one before it dropped
    stepped = controller.frame()
    assert cells(stepped) == (512, 256) and stepped.snapshot.iteration == 1
    state.edit("heatmap.visible", True)
    assert cells(controller.frame()) == (MOVING_MANIFOLD, MOVING_HEATMAP)
    assert controller.frame().snapshot is stepped.snapshot
    controller.close()
    state, controller = controller_with(32, 64)
    controller.frame()
    rested = controller.frame()
    state.edit("heatmap.visible", False)
    assert controller.frame().snapshot is rested.snapshot and not rested.resolution.refining
    controller.close()


def test_a_resting_paused_view_reuses_its_snapshot_until_something_it_shows_changes():
    state, controller = controller_with(64, 64)
    first = controller.frame().snapshot
    assert controller.frame().snapshot is first
    state.request(Action.STEP)
    stepped = controller.frame().snapshot
    assert stepped is not first and stepped.iteration == 1
    with controller.training.hold(), torch.no_grad():  # weights changed in place, iteration the same
        next(controller.trainer.generator.parameters()).add_(0.5)
    assert controller.frame().snapshot is not stepped
    state.edit("train.loss", "hinge")
    assert controller.frame().snapshot.d_kind == "critic"
    controller.close()


def test_a_probe_larger_than_a_band_goes_on_over_frames_giving_the_coarser_snapshot_meanwhile():
    """A 2048² probe took 0.4 s of one frame on a CPU: a band a frame, the resolution held and said as the snapshot
    given holds it until the finished probe, the very one probed at once, replaces it."""
    state, controller = controller_with(256, 256, probe_band=25_000)
    frames = [controller.frame() for _ in range(30)]
    shown = [cells(frame) for frame in frames]
    # The coarse one in a frame, then 256² + 129² points in 4 frames and 256² + 257² in 6 (25,000 points or a little
    # more a frame), each snapshot given in its last
    assert shown == [(64, 128)] * (1 + 3) + [(128, 256)] * 5 + [(256, 256)] * 21
    for frame in frames:  # the label says what the snapshot holds, never the resolution still being probed
        assert (frame.resolution.manifold, frame.resolution.heatmap) == cells(frame)
    arrived = frames[shown.index((256, 256))]
    assert not arrived.resolution.refining
    whole = Prober(controller.trainer).snapshot(view=controller.view_rect, heatmap_res=256, manifold_res=256)
    assert torch.equal(arrived.snapshot.heatmap.values, whole.heatmap.values)
    assert torch.equal(arrived.snapshot.manifold.vertices, whole.manifold.vertices)
    controller.close()


def test_a_move_of_the_view_drops_the_unfinished_probe_at_once():
    state, controller = controller_with(256, 256, probe_band=25_000)
    for _ in range(6):  # 128² given in the fifth, 256² probed from the sixth
        controller.frame()
    assert controller.probing
    state.request(Action.ZOOM_IN)
    zoomed = controller.frame()
    assert cells(zoomed) == (MOVING_MANIFOLD, MOVING_HEATMAP) and zoomed.view_rect == state.view_rect
    assert not controller.probing  # the coarse probe fits a frame: nothing of the old one goes on
    assert cells(controller.frame()) == (64, 128)  # at rest again: from the coarse resolution up, 128² being probed
    assert (controller.refinement.shown.manifold, controller.refinement.shown.heatmap) == (128, 256)
    controller.close()


def test_a_new_run_is_never_shown_with_the_last_runs_snapshot_while_its_probe_goes_on():
    """The snapshot given while a larger probe goes on over frames is the same run's, coarser: a new run (another
    data set) shown with the last run's picture had its view snapped to the last run's samples."""
    state, controller = controller_with(256, 256, probe_band=25_000)
    for _ in range(12):  # 256² arrived
        controller.frame()
    state.edit("data.name", "ring")
    frame = controller.frame()
    fresh = Prober(controller.trainer).snapshot(view=frame.view_rect, heatmap_res=MOVING_HEATMAP,
                                                manifold_res=MOVING_MANIFOLD)
    assert torch.equal(frame.snapshot.real, fresh.real)  # the new run's samples
    controller.close()


def test_a_band_is_sized_to_its_time_from_the_previous_bands_time_per_cell():
    """A 2048² manifold's outer rows, large cells far out, took 180-280 ms a band of 65,536 cells on a loaded
    llvmpipe against 45-90 ms in the middle: each band is sized from the previous one's time per cell."""
    now = [0.0]
    budget = BandBudget(0.06, least=4096, most=1 << 18, first=16384, growth=2.0, clock=lambda: now[0])

    def band(seconds_per_cell: float) -> int:
        cells = budget.units
        budget.start()
        now[0] += cells * seconds_per_cell
        budget.took(cells)
        return cells

    assert band(0.24 / 16384) == 16384  # 4 times the time asked: a quarter as many cells next
    assert band(0.24 / 16384) == 4096
    assert budget.units == 4096  # never below `least`: a band of it goes on even where it takes longer
    assert [band(0.06 / 65536) for _ in range(4)] == [4096, 8192, 16384, 32768]  # growing at most twice a band
    assert budget.units == 65536
    band(0.001 / 65536), band(0.001 / 65536)
    assert budget.units == 1 << 18  # at most `most`
    budget.start()
    now[0] += 1.0
    budget.took(100)  # a picture's last few cells (and its other layers): no measure of a cell's time
    assert budget.units == 1 << 18
    budget.units = 65536
    budget.start()
    now[0] += 0.06 * 8192 / 65536
    budget.took(8192)  # the end of a picture, at the time a cell the band was sized for: the next as large
    assert budget.units == 65536
    fixed = fixed_band(4096)
    fixed.start()
    fixed.took(4096)
    assert fixed.units == 4096


def test_compared_runs_are_probed_a_band_a_frame_as_the_main_run():
    """Compared runs were probed in one go: comparing at 2048² held a frame about 0.4 s a run on a CPU. They go on
    over frames after the main run, the frame's points shared, their snapshots the very ones probed at once, and
    the resolution held until the last is done."""
    state, controller = controller_with(256, 256, probe_band=25_000)
    state.request(Action.COMPARE_ADD, "train.loss=lsgan")
    frames = [controller.frame() for _ in range(40)]
    assert len(controller.comparison) == 1
    main = [cells(frame) for frame in frames]
    compared = [cells(frame.comparison[1]) for frame in frames]
    assert main[-1] == compared[-1] == (256, 256)
    # the compared run's 256² + 257² points after the main run's (25,000 points a frame for both, the compared
    # run's from the rest of the main run's last frame on), its snapshot given in its last frame
    assert compared.index((256, 256)) >= main.index((256, 256)) + 4
    for main_cells, compared_cells in zip(main, compared):  # the next step waits for the compared run
        assert compared_cells[0] in (main_cells[0], main_cells[0] // 2)
    run = controller.comparison.runs[0]
    whole = Prober(run.trainer).snapshot(view=controller.view_rect, heatmap_res=256, manifold_res=256)
    assert torch.equal(frames[-1].comparison[1].snapshot.heatmap.values, whole.heatmap.values)
    assert torch.equal(frames[-1].comparison[1].snapshot.manifold.vertices, whole.manifold.vertices)
    assert not controller.probing
    controller.close()


def test_a_compared_runs_unfinished_probe_does_not_hold_the_resolution_while_drawing():
    """Drawing mode probes no compared run: one whose probe was under way must not hold the main run's resolution."""
    state, controller = controller_with(256, 256, probe_band=25_000)
    state.request(Action.COMPARE_ADD, "train.loss=lsgan")
    for _ in range(60):
        controller.frame()
        if controller.comparison.probing:
            break
    assert controller.comparison.probing
    state.request(Action.START_DRAWING)
    shown = [cells(controller.frame()) for _ in range(30)]
    assert state.drawing and shown[-1] == (256, 256)
    controller.close()


def test_a_new_run_starts_from_the_coarse_resolution():
    """A new run (Reset, another data set) has no picture to show while its asked one is probed over frames: its
    first probe was the asked one in one frame (0.4 s at 2048² on a CPU, then drawn at once, seconds on llvmpipe).
    It starts coarse, as the lab does, and refines again once the view rests."""
    state, controller = controller_with(256, 256, probe_band=25_000)
    for _ in range(12):
        controller.frame()
    assert cells(controller.frame()) == (256, 256)
    state.request(Action.RESET)
    reset = controller.frame()
    assert reset.run != (0, 0) and cells(reset) == (MOVING_MANIFOLD, MOVING_HEATMAP)
    assert [cells(controller.frame()) for _ in range(14)][-1] == (256, 256)
    controller.close()


def test_a_run_compared_anew_starts_from_the_coarse_resolution():
    """A run added to the comparison has no snapshot to show while its asked one is probed over frames: it was
    probed at once at the resolution the main run had reached (0.4 s at 2048² on a CPU), and its new pane drawn at
    once (seconds on llvmpipe). Comparing restarts the main run with it: both start coarse, as a new run does."""
    state, controller = controller_with(256, 256, probe_band=25_000)
    for _ in range(12):
        controller.frame()
    assert cells(controller.frame()) == (256, 256)
    state.request(Action.COMPARE_ADD, "train.loss=lsgan")
    added = controller.frame()
    assert len(added.comparison) == 2 and cells(added.comparison[1]) == cells(added) == (MOVING_MANIFOLD,
                                                                                         MOVING_HEATMAP)
    assert [cells(controller.frame().comparison[1]) for _ in range(30)][-1] == (256, 256)
    controller.close()


def test_a_probe_band_is_sized_to_its_time(monkeypatch):
    """A fixed 262,144 points a frame took 40 to 120 ms with the machine's load: the controller's bands are sized as
    the canvas's are, from the previous band's time per point, here on a clock on which a point takes 1 µs, so that
    a band of the 512² probe takes about the 20 ms asked, never much more."""
    state, controller = controller_with(512, 512)
    now = [0.0]
    budget = controller.probe_band = BandBudget(0.02, least=1024, most=1 << 20, first=1024, clock=lambda: now[0])
    for name in ("d_values", "generate"):  # the live run's copy's prober's too
        def timed(prober, points, probe=getattr(Prober, name)):
            now[0] += 1e-6 * len(points)
            return probe(prober, points)
        monkeypatch.setattr(Prober, name, timed)
    took, budget_took = [], budget.took
    budget.took = lambda units: (took.append((units, now[0] - budget._started)), budget_took(units))
    for _ in range(200):
        if cells(controller.frame()) == (512, 512):
            break
    assert cells(controller.frame()) == (512, 512)
    banded = [seconds for units, seconds in took[1:] if units >= 1024]  # the first probe: at once, nothing before
    assert len(banded) > 40 and max(banded) < 0.03  # 2 x 512² points, 20,000 a band
    assert sum(seconds > 0.015 for seconds in banded) > 0.75 * len(banded)
    controller.close()


def compared_and_stepped(overrides: str, steps: int) -> tuple[AppState, Controller]:
    """A 256² controller probing 25,000 points a frame, comparing a run of `overrides`, `steps` iterations on and
    refined."""
    state, controller = controller_with(256, 256, probe_band=25_000)
    state.request(Action.COMPARE_ADD, overrides)
    controller.frame()
    for _ in range(steps):
        state.request(Action.STEP)
    refined_frames(controller)
    return state, controller


def refined_frames(controller, most: int = 80) -> list:
    """Frames until nothing is probed over frames any more and the asked resolution is reached."""
    frames = []
    for _ in range(most):
        frames.append(controller.frame())
        if not controller.probing and not frames[-1].resolution.refining:
            return frames
    raise AssertionError(f"not refined in {most} frames: {frames[-1].resolution.describe()}")


def test_a_rewind_shows_coarse_at_once_then_refines_in_bands_to_the_values_of_one_pass():
    """Each step of the timeline probed the past at the asked resolution (the first from the present in one go), and
    the picture of the iteration left stayed up while it was probed and drawn: 2.5-11.5 s a step at 1024², a run
    compared, on 2 cores (docs/BENCHMARKS.md). A rewound iteration, as a new run, shows coarse at once in every pane,
    then refines a band a frame once it rests, to the very snapshot probed in one pass; back to the present too."""
    state, controller = compared_and_stepped("train.loss=lsgan", 6)
    state.request(Action.SHOW_ITERATION, 3)
    frames = refined_frames(controller)
    assert [cells(run) for run in frames[0].comparison] == [(MOVING_MANIFOLD, MOVING_HEATMAP)] * 2
    assert len(frames) > 8  # 2 x (256² + 257²) points after the coarse ones, 25,000 a frame
    for frame in frames:
        assert [(run.iteration, run.snapshot.iteration) for run in frame.comparison] == [(3, 3)] * 2
    for run, (past, prober) in zip(frames[-1].comparison, (controller.rewind.prober(controller.trainer),
                                                           *(each.rewind.prober(each.trainer)
                                                             for each in controller.comparison.runs))):
        assert past.iteration_count == 3
        whole = prober.snapshot(view=controller.view_rect, heatmap_res=256, manifold_res=256)
        assert cells(run) == (256, 256)
        assert torch.equal(run.snapshot.heatmap.values, whole.heatmap.values)
        assert torch.equal(run.snapshot.manifold.vertices, whole.manifold.vertices)
    state.request(Action.SHOW_ITERATION, None)  # the present: coarse at once too
    present = controller.frame()
    assert [(run.iteration, cells(run)) for run in present.comparison] == [(6, (MOVING_MANIFOLD, MOVING_HEATMAP))] * 2
    controller.close()


def test_scrubbing_drops_the_unfinished_refinement_and_every_caption_changes_with_its_picture():
    """Scrubbing through the timeline queues no work: each new iteration drops the bands of the last one's. A pane
    whose coarse probe takes a second frame (the frame's points shared, the main run's first) shows the iteration
    before meanwhile, and its caption says that one: it said the iteration asked ('done at 4' over the picture of
    iteration 3)."""
    state, controller = compared_and_stepped("train.lr_decay_end=4", 8)
    state.request(Action.SHOW_ITERATION, 1)
    controller.frame()
    for _ in range(4):  # into the 128² step's bands
        controller.frame()
    assert controller.probing
    seen = []
    for shown in (2, 3, 4, 5):  # a key a frame
        state.request(Action.SCRUB, 1)
        frame = controller.frame()
        seen.append([(run.snapshot.iteration, run.label) for run in frame.comparison])
        assert controller._banded.probing is None  # the main run's coarse probe done in its frame, nothing left
        assert frame.comparison[0].snapshot.iteration == shown and cells(frame) == (MOVING_MANIFOLD, MOVING_HEATMAP)
        for run in frame.comparison:
            assert run.iteration == run.snapshot.iteration
        compared = controller.comparison.runs[0]
        assert compared.banded.probing is None or compared.banded.probing[0][0][2] == min(shown, 4)  # the last asked
    assert seen[1][1][0] < 3  # B still shows an earlier iteration while A shows 3, and says so
    for (_, main_label), (iteration, label) in seen:
        assert main_label == "lr_decay_end 0 (main)" and label == ("done at 4 · " if iteration >= 4 else "") + (
            "lr_decay_end 4")
    frames = refined_frames(controller)
    assert [(run.iteration, run.label) for run in frames[-1].comparison] == [
        (5, "lr_decay_end 0 (main)"), (4, "done at 4 · lr_decay_end 4")]
    controller.close()
