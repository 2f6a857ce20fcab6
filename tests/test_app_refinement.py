"""Progressive resolution (app/refinement.py): coarse while the view moves, doubling to the asked
resolution once it rests, saying which is on screen; a resting, paused view costs no probe."""

import torch

from ganlab_gl.app.actions import Action
from ganlab_gl.app.controller import Controller
from ganlab_gl.app.refinement import MOVING_HEATMAP, MOVING_MANIFOLD, Refinement, Resolution
from ganlab_gl.app.state import AppState


def test_coarse_while_moving_then_doubling_to_the_asked_resolution():
    refinement = Refinement()
    shown = [refinement.next(2048, 512, moving=False) for _ in range(7)]
    assert [(r.manifold, r.heatmap) for r in shown] == [
        (MOVING_MANIFOLD, MOVING_HEATMAP), (128, 256), (256, 512), (512, 512), (1024, 512), (2048, 512), (2048, 512)]
    assert [r.refining for r in shown] == [True] * 5 + [False] * 2
    moved = refinement.next(2048, 512, moving=True)
    assert (moved.manifold, moved.heatmap) == (MOVING_MANIFOLD, MOVING_HEATMAP)
    lowered = refinement.next(16, 32, moving=False)  # asked below the coarse resolution: shown as asked
    assert (lowered.manifold, lowered.heatmap) == (16, 32) and not lowered.refining


def test_the_resolution_on_screen_is_said():
    assert Resolution(128, 64, 2048, 64).describe() == "manifold 128² of 2048², heatmap 64², refining"
    assert Resolution(32, 64, 32, 64).describe() == "manifold 32², heatmap 64²"


def controller_with(manifold: int, heatmap: int) -> tuple[AppState, Controller]:
    state = AppState()
    state.config.probe.manifold_res, state.config.probe.heatmap_res = manifold, heatmap
    return state, Controller(state)


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
