"""The app state and controller, without any window: settings, steps, play, safety, data, sessions."""

import json
import math
import re
import time

import numpy as np
import pytest
import torch

from ganlab_gl.app.controller import Controller
from ganlab_gl.core.presets import update_ratio
from ganlab_gl.app.actions import Action, key_of
from ganlab_gl.app.state import AppState
from ganlab_gl.core import datasets
from ganlab_gl.core.presets import PRESETS
from ganlab_gl.core.trainer import Trainer
from test_errors_doc import assert_documented


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def make(clock=None):
    state = AppState()
    return state, Controller(state, clock or FakeClock())


def playing_in_slow_motion():
    """(clock, state, controller) one frame into slow motion's play, before its first phase."""
    clock = FakeClock()
    state, controller = make(clock)
    state.request(Action.SLOW_MOTION)
    state.request(Action.PLAY_PAUSE)
    controller.frame()
    return clock, state, controller


def params(module):
    return [p.detach().clone() for p in module.parameters()]


def same(a, b):
    return all(torch.equal(x, y) for x, y in zip(a, b))


def test_an_untrained_run_restarts_at_once_with_a_structural_edit():
    """At iteration 0 there is nothing to lose: the edit applies as GAN Lab applies it, with no question."""
    state, controller = make()
    state.edit("generator.neurons", 12)
    controller.frame()
    assert controller.trainer.generator[0].out_features == 12 and not state.pending_restart
    assert controller.trainer.iteration_count == 0 and not state.question


def test_the_lab_opens_without_a_device_notice_over_the_canvas_but_a_fall_back_to_the_cpu_is_warned(monkeypatch):
    """"Training on the CPU (1 thread; no CUDA GPU found)" stood 5 s over the lower quarter of the canvas on the
    lab's first frame, covering the samples: the toolbar's speed read-out names the device (the note in its
    tooltip). run.device=cuda that found no CUDA GPU still says so at opening, as a warning."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    state, controller = make()
    assert not any(notice.text.startswith("Training on") for notice in state.notices), state.notices
    assert controller.frame().device == "CPU"
    controller.close()
    state = AppState()
    state.config.run.device = "cuda"
    controller = Controller(state)
    try:
        assert [(n.text, n.level) for n in state.notices] == [
            ("Training on the CPU (1 thread): run.device=cuda, but no CUDA GPU was found", "warning")]
    finally:
        controller.close()


@pytest.mark.skipif(torch.cuda.is_available(), reason="the fall back to the CPU needs a machine without CUDA")
def test_a_device_picked_that_is_missing_says_where_the_run_trains():
    """run.device = cuda without a GPU restarted on the CPU saying only "run.device changed"."""
    state, controller = make()
    controller.frame()
    state.notices.clear()
    state.edit("run.device", "cuda")
    controller.frame()
    assert controller.trainer.device.type == "cpu"
    assert [n.text for n in state.notices] == ["restarted the run: run.device auto → CUDA",
                                               "Training on the CPU (1 thread): run.device=cuda, but no CUDA GPU was "
                                               "found"]
    state.notices.clear()
    state.edit("generator.neurons", 9)  # the device as it was: nothing more to say
    controller.frame()
    assert [n.text for n in state.notices] == ["restarted the run: G's neurons per layer 8 → 9"]


def test_a_refused_restart_keeps_the_edits_waiting(tmp_path):
    """Restart now with a data file path that does not exist said so, and dropped the typed path and the pick of
    "file": the editor showed the running dataset again, to be picked and typed anew."""
    state, controller = make()
    controller.frame()
    state.edit("data.name", "file")
    state.edit("data.file", str(tmp_path / "missing.csv"))
    state.request(Action.CONFIRM_RESTART)
    controller.frame()
    assert state.notices[-1].level == "error" and state.notices[-1].text == f"{tmp_path / 'missing.csv'}: no such file"
    assert state.pending_restart == {"data.name": "file", "data.file": str(tmp_path / "missing.csv")}
    assert controller.trainer.config.data.name == "gaussians" == state.config.data.name
    (tmp_path / "missing.csv").write_text("0.1,0.2\n0.3,0.4\n0.5,0.1\n")  # fixed: Restart now takes it
    state.request(Action.CONFIRM_RESTART)
    controller.frame()
    assert controller.trainer.config.data.name == "file" and not state.pending_restart


def test_an_untrained_run_waits_for_a_widget_let_go_and_for_a_data_file_to_be_whole(tmp_path):
    """A value typed or dragged restarts once, when let go; a data file's name and path, edited apart, wait for
    Restart now together (the name alone cannot build a run)."""
    state, controller = make()
    first_run = controller.trainer.run_id
    state.edit("generator.neurons", 10)
    controller.frame(editing=True)  # still typing
    assert controller.trainer.run_id == first_run and state.pending_restart == {"generator.neurons": 10}
    state.edit("generator.neurons", 102)
    controller.frame()  # let go
    assert controller.trainer.generator[0].out_features == 102 and not state.pending_restart
    points = tmp_path / "points.csv"
    points.write_text("0.1,0.2\n0.3,0.4\n0.5,0.1\n0.7,0.9\n")
    state.edit("data.name", "file")
    controller.frame()
    assert state.pending_restart == {"data.name": "file"} and controller.trainer.config.data.name == "gaussians"
    state.edit("data.file", str(points))
    controller.frame()
    assert controller.trainer.config.data.name == "gaussians"
    state.request(Action.CONFIRM_RESTART)
    controller.frame()
    assert controller.trainer.config.data.name == "file" and not state.pending_restart


def test_live_edit_applies_now_and_structural_edit_waits_for_confirmation():
    state, controller = make()
    state.request(Action.STEP)  # progress to lose: a restart waits to be confirmed
    controller.frame()
    optimizer = controller.trainer.d_optimizer
    state.edit("train.d_lr", 0.03)
    state.edit("generator.neurons", 12)
    controller.frame()
    assert optimizer.param_groups[0]["lr"] == 0.03 and controller.trainer.d_optimizer is optimizer
    assert controller.trainer.generator[0].out_features == 8 and state.pending_restart == {"generator.neurons": 12}
    assert state.shown_config().generator.neurons == 12
    state.request(Action.CONFIRM_RESTART)
    controller.frame()
    state.answer(True)  # over the step's unsaved progress
    controller.frame()
    assert controller.trainer.generator[0].out_features == 12 and not state.pending_restart
    assert "restarted the run: G's neurons per layer 8 → 12" in state.notices[-1].text


def test_step_semantics():
    state, controller = make()
    state.request(Action.STEP)
    controller.frame()
    assert controller.trainer.iteration_count == 1
    g, d = params(controller.trainer.generator), params(controller.trainer.discriminator)
    state.request(Action.STEP_D)
    controller.frame()
    assert same(params(controller.trainer.generator), g) and not same(params(controller.trainer.discriminator), d)
    d = params(controller.trainer.discriminator)
    state.request(Action.STEP_G)
    controller.frame()
    assert not same(params(controller.trainer.generator), g) and same(params(controller.trainer.discriminator), d)
    assert controller.trainer.iteration_count == 3 and not state.playing


def test_the_frame_names_the_manual_step_that_made_the_shown_iteration_until_something_else_moves_it():
    """Step D, Step G and Step left the text under the graph on "Play (Space) starts training": the frame now says
    which step made the iteration shown, and stops saying it once a phase step or play moves on."""
    state, controller = make()
    assert controller.frame().stepped is None
    for action, step in ((Action.STEP_D, "d_step"), (Action.STEP_G, "g_step"), (Action.STEP, "iteration")):
        state.request(action)
        assert controller.frame().stepped == step
    assert controller.frame().stepped == "iteration"  # a frame more: nothing moved
    state.request(Action.STEP_PHASE)
    assert controller.frame().stepped is None
    state.request(Action.STEP_G)
    controller.frame()
    state.request(Action.PLAY_PAUSE)
    assert controller.frame().stepped is None


def test_phase_stepping_walks_d_then_g_and_exposes_the_phase_tensors():
    state, controller = make()
    seen, updates = [], []
    for _ in range(11):  # GAN Lab default: 2 D updates + 1 G update, D's phases walked once = 10, then the next
        state.request(Action.STEP_PHASE)
        controller.frame()
        seen.append((controller.phase.network, controller.phase.name))
        updates.append(controller.phase.updates)
    assert updates[:10] == [2] * 5 + [1] * 5  # how many updates each network's walk makes
    assert seen[:5] == [("D", n) for n in ("fakes", "predictions", "loss", "gradients", "update")]
    assert seen[5:10] == [("G", n) for n in ("fakes", "predictions", "loss", "gradients", "update")]
    assert seen[10] == ("D", "fakes") and controller.trainer.iteration_count == 1
    assert controller.phase.updates == 2
    assert controller.phase.tensors["fake"].shape == (150, 2)


def test_phase_stepping_shows_the_loss_phases_loss_then_from_the_update_phase_the_last_updates():
    """The overview's loss readout during a walk: "-" before any loss exists, then the loss phase's value through
    the gradients (D's as GAN Lab shows it, half the sum its optimizer minimises); from the update phase, which
    made D's second update too, that update's loss, the one the chart records."""
    state, controller = make()
    shown = []
    for _ in range(10):  # GAN Lab default: 2 D updates + 1 G update, D's phases walked once
        state.request(Action.STEP_PHASE)
        frame = controller.frame()
        shown.append((controller.phase.network, controller.phase.name, frame.loss("D"), frame.loss("G")))
        if controller.phase.name == "loss":
            minimised = float(controller.phase.tensors["loss"])
            assert frame.loss(controller.phase.network) == (minimised / 2 if controller.phase.network == "D"
                                                            else minimised)
    first_d, g_loss = shown[2][2], shown[7][3]
    second_d = frame.losses["d_loss"][-1]  # as the chart records it, the walk done
    assert first_d != second_d
    expected_d = [math.nan, math.nan, first_d, first_d, second_d] + [second_d] * 5  # D's walk, then G's
    assert [d for _, _, d, _ in shown] == pytest.approx(expected_d, nan_ok=True)
    assert [g for _, _, _, g in shown] == pytest.approx([math.nan] * 7 + [g_loss] * 3, nan_ok=True)
    controller.close()


def test_through_a_phase_walk_the_frame_counts_the_iteration_walked():
    """GAN Lab counts an iteration as it starts: its counter read 000,001 through iteration 1's phases. Ours read the
    trainer's count, the iteration before (0,008,003 while walking 8,004's phases), and jumped as the walk ended; the
    trainer's count, which the charts and the timeline read, stays as it was."""
    state, controller = make()
    step(state, controller, 2)
    counted = []
    for _ in range(11):  # iteration 3's 10 phases (D's 2 updates walked once, G's 1), then iteration 4's first
        state.request(Action.STEP_PHASE)
        frame = controller.frame()
        counted.append((frame.iteration, frame.counted_iteration))
    assert counted == [(2, 3)] * 9 + [(3, 3), (3, 4)]  # the last phase shown, the iteration is counted
    state.request(Action.STEP)  # iteration 4 finished first, then 5
    frame = controller.frame()
    assert (frame.iteration, frame.counted_iteration, frame.phase) == (5, 5, None)
    controller.close()


def test_the_walks_last_phase_counts_and_keeps_the_iteration_walked():
    """Its last phase (the generator's update) shown, the iteration walked is done: it was counted and kept only at
    the next step, so the timeline bar and the loss chart lacked it, and a rewind then said it "finished the
    iteration in progress first" when no phase of it was left to see."""
    state, controller = make()
    for _ in range(10):  # GAN Lab default: 2 D updates + 1 G update, D's phases walked once
        state.request(Action.STEP_PHASE)
        frame = controller.frame()
    assert (controller.phase.network, controller.phase.name, controller.phase.last) == ("G", "update", True)
    assert frame.iteration == frame.counted_iteration == 1 and frame.timeline.present == 1
    assert list(frame.losses["iteration"]) == [1]
    state.request(Action.SCRUB, -1)
    assert controller.frame().timeline.shown == 0
    assert not any("finished the iteration" in notice.text for notice in state.notices), state.notices
    controller.close()


def test_slow_motion_counts_the_iteration_it_walks_paused_and_after():
    clock, state, controller = playing_in_slow_motion()
    for _ in range(3):
        clock.now += 1.1
        frame = controller.frame()
        assert (frame.iteration, frame.counted_iteration) == (0, 1)
    state.request(Action.PLAY_PAUSE)  # paused part-way: the walk and its count hold
    frame = controller.frame()
    assert (frame.iteration, frame.counted_iteration) == (0, 1)
    state.request(Action.SLOW_MOTION)  # off: the iteration walked is finished
    frame = controller.frame()
    assert (frame.iteration, frame.counted_iteration, frame.phase) == (1, 1, None)
    controller.close()


def test_play_at_full_speed_finishes_a_half_walked_iteration_first():
    """Play after a phase step trained whole iterations past the walk while its first phase stayed on screen, under
    the graph and in the counter, until the next phase step went on with the stale walk. It says so, as a step and a
    rewind do."""
    state, controller = make()
    state.request(Action.STEP_PHASE)
    controller.frame()
    state.request(Action.PLAY_PAUSE)
    controller.frame()
    assert controller.phase is None and controller.walk is None
    assert any(notice.text == "finished the iteration in progress first (iteration 1), then plays at full speed"
               for notice in state.notices)
    state.request(Action.PLAY_PAUSE)
    frame = controller.frame()
    assert frame.phase is None and frame.counted_iteration == frame.iteration >= 1
    controller.close()


@pytest.mark.parametrize("action, argument", [(Action.RESET, None), (Action.PICK_EXPERIMENT, "ring8-vanilla")])
def test_a_question_over_unsaved_progress_pauses_the_run_it_names(action, argument):
    state, controller = make()
    state.view.playback.max_iterations_per_frame = 5
    state.request(Action.PLAY_PAUSE)
    play_frames(state, controller, 3)
    state.request(action, argument)
    play_frames(state, controller, 3)
    iteration = controller.trainer.iteration_count
    assert state.question is not None and not state.playing
    assert f"run on Two Gaussians at iteration {iteration:,} is not saved" in state.question.text
    state.answer(False)
    play_frames(state, controller, 2)
    assert controller.trainer.iteration_count == iteration and not state.playing  # "no" leaves it paused
    controller.close()


def test_slow_motion_holds_each_phase():
    clock, state, controller = playing_in_slow_motion()
    assert controller.phase is None
    clock.now += 0.5
    controller.frame()
    assert controller.phase is None  # held for phase_seconds = 1
    clock.now += 0.6
    controller.frame()
    assert (controller.phase.network, controller.phase.name) == ("D", "fakes")
    clock.now += 1.1
    controller.frame()
    assert controller.phase.name == "predictions"


def test_slow_motion_turned_on_while_paused_says_how_to_start_it():
    """S while paused only ticked the checkbox: nothing moved and nothing said why."""
    state, controller = make()
    state.request(Action.SLOW_MOTION)
    controller.frame()
    assert state.slow_motion and "Space plays each phase" in state.notices[-1].text
    state.notices.clear()
    state.request(Action.SLOW_MOTION)
    state.request(Action.PLAY_PAUSE)
    state.request(Action.SLOW_MOTION)  # while playing the walk is seen: nothing to say
    controller.frame()
    assert not state.notices
    controller.close()


def step(state, controller, iterations):
    """Manual steps (N), each served in a frame of its own."""
    for _ in range(iterations):
        state.request(Action.STEP)
        controller.frame()


def play_frames(state, controller, frames):
    """Frames of play, each followed by the trainer's thread using up its budget (the speed cap)."""
    for _ in range(frames):
        controller.frame()
        assert controller.training.wait_idle(timeout=120)


def test_play_trains_on_the_trainers_thread_up_to_the_cap_per_frame():
    clock = FakeClock()
    state, controller = make(clock)
    state.view.playback.max_iterations_per_frame = 7
    state.request(Action.PLAY_PAUSE)
    play_frames(state, controller, 1)
    assert controller.trainer.iteration_count == 7  # between frames, not within one
    clock.now += 1.0
    play_frames(state, controller, 1)
    assert controller.iterations_last_frame == 7 and controller.iterations_per_second == 7.0  # wall-time rate
    assert controller.trainer.iteration_count == 14
    state.request(Action.PLAY_PAUSE)
    controller.frame()
    assert controller.training.wait_idle(timeout=10) and controller.trainer.iteration_count == 14
    clock.now += 1.0
    controller.frame()
    assert controller.iterations_per_second == 7.0  # the second before the pause
    clock.now += 1.0
    controller.frame()
    assert controller.iterations_per_second == 0.0  # paused: nothing trained in the last second
    controller.close()


def test_live_training_gives_the_headless_weights():
    """Same seed, same weights: the thread's chunks are the headless iterations, in order."""
    state, controller = make()
    state.view.playback.max_iterations_per_frame = 37
    state.request(Action.PLAY_PAUSE)
    play_frames(state, controller, 5)
    state.request(Action.PLAY_PAUSE)
    controller.frame()
    live = controller.trainer
    headless = Trainer(state.config)
    headless.train(live.iteration_count)
    assert live.iteration_count == 5 * 37
    assert same(params(live.generator), params(headless.generator))
    assert same(params(live.discriminator), params(headless.discriminator))
    controller.close()


def test_a_frame_ends_the_threads_turn_after_the_iteration_in_progress(monkeypatch):
    """A long turn (10,000 iterations allowed) does not keep the frame waiting: the frame's hold interrupts it, and
    the run stays the headless one."""
    state, controller = make()
    state.view.playback.max_iterations_per_frame = 10000
    turns = []  # (iterations asked, iterations trained)
    train = controller.trainer.train
    monkeypatch.setattr(controller.trainer, "train", lambda count, interrupt=None: (
        trained := train(count, interrupt), turns.append((count, trained)))[0])
    state.request(Action.PLAY_PAUSE)
    deadline = time.monotonic() + 120
    while len(turns) < 20 and time.monotonic() < deadline:
        controller.frame()
    state.request(Action.PLAY_PAUSE)
    controller.frame()
    assert controller.training.wait_idle(timeout=60) and len(turns) >= 20
    assert any(1 <= trained < count for count, trained in turns)  # ended by a frame, not by its length
    with controller.training.hold(), controller.training.hold():
        pass
    assert not controller.training._interrupt.item()  # no hold left: a turn runs to its budget again
    headless = Trainer(state.config)
    headless.train(controller.trainer.iteration_count)
    assert same(params(controller.trainer.discriminator), params(headless.discriminator))
    controller.close()


def test_closing_stops_the_thread_after_the_iteration_in_progress():
    """Quitting while a turn of a whole frame's budget (10,000 iterations) trains does not wait for it."""
    state, controller = make()
    state.view.playback.max_iterations_per_frame = 10000
    state.request(Action.PLAY_PAUSE)
    controller.frame()
    controller.close()
    assert not controller.training._thread.is_alive()
    assert controller.trainer.iteration_count < 10000


def test_the_live_run_is_probed_after_the_hold_from_a_copy_of_the_frames_weights(monkeypatch):
    """The trainer's thread trains while the frame probes: the probe reads copies of the weights taken with the
    trainer held, so the picture is that of the frame's iteration however far the thread has trained since."""
    from ganlab_gl.core.probes import Prober
    state, controller = make()
    held_at_probe = []
    original = Prober.snapshot_in_bands
    monkeypatch.setattr(Prober, "snapshot_in_bands", lambda self, *a, **k: (
        held_at_probe.append(controller.training._held), original(self, *a, **k))[1])
    state.view.playback.max_iterations_per_frame = 5
    state.request(Action.PLAY_PAUSE)
    play_frames(state, controller, 3)
    assert held_at_probe and held_at_probe[-1] == 0  # probed with the trainer running
    state.request(Action.PLAY_PAUSE)
    frame = controller.frame()  # paused under the hold, then copied: the copy is where the trainer stopped
    assert controller.training.wait_idle(timeout=10)
    trainer, (copy, _) = controller.trainer, controller._live[1:]
    live = [*trainer.generator.parameters(), *trainer.discriminator.parameters()]
    assert frame.iteration == copy.iteration_count == trainer.iteration_count > 0
    assert same([*copy.generator.parameters(), *copy.discriminator.parameters()], live)
    expected = Prober(trainer).snapshot(view=frame.view_rect, heatmap_res=frame.resolution.heatmap,
                                        manifold_res=frame.resolution.manifold, overview_view=frame.data_view)
    for name in ("fake", "fake_gradient", "d_real"):
        assert torch.equal(getattr(frame.snapshot, name), getattr(expected, name))
    assert torch.equal(frame.snapshot.heatmap.values, expected.heatmap.values)
    controller.close()


def test_nan_pauses_says_so_and_revert_restores():
    state, controller = make()
    state.view.playback.good_state_every = 10
    state.view.playback.max_iterations_per_frame = 20
    state.request(Action.PLAY_PAUSE)
    play_frames(state, controller, 2)
    good = controller.trainer._good_state[0]["iteration"]
    with controller.training.hold(), torch.no_grad():
        next(controller.trainer.discriminator.parameters()).fill_(float("inf"))
    play_frames(state, controller, 1)  # the thread meets the NaN and stops
    controller.frame()  # the window hears of it
    assert not state.playing and controller.diverged
    assert "training paused:" in state.notices[-1].text and state.notices[-1].level == "error"
    state.request(Action.PLAY_PAUSE)
    controller.frame()
    assert not state.playing  # refuses to play on
    state.request(Action.REVERT)
    controller.frame()
    assert not controller.diverged and controller.trainer.parameters_finite()
    assert controller.trainer.iteration_count == good
    controller.close()


def diverge(state, controller):
    """Play into a NaN (an infinite weight), the window told of it."""
    state.view.playback.good_state_every = 10
    state.view.playback.max_iterations_per_frame = 20
    state.request(Action.PLAY_PAUSE)
    play_frames(state, controller, 2)
    with controller.training.hold(), torch.no_grad():
        next(controller.trainer.discriminator.parameters()).fill_(float("inf"))
    play_frames(state, controller, 1)
    controller.frame()
    assert controller.diverged


@pytest.mark.parametrize("leave", [Action.REVERT, Action.RESET])
def test_leaving_a_nan_takes_its_notices_down(leave):
    """Reverted (or reset), the run played on under "training paused: D loss became nan... Revert" in red and
    "training is paused on a NaN: revert first" for their 15 and 8 s: a class watched it train under both."""
    state, controller = make()
    diverge(state, controller)
    state.request(Action.PLAY_PAUSE)  # refused: "training is paused on a NaN"
    controller.frame()
    assert [notice.level for notice in state.notices if "NaN" in notice.text or "nan" in notice.text] == [
        "error", "warning"]
    state.request(leave)
    controller.frame()
    if state.question is not None:
        state.answer(True)  # a reset over the run's unsaved progress
        controller.frame()
    state.request(Action.PLAY_PAUSE)
    controller.frame()
    assert not controller.diverged and state.playing
    assert not [notice.text for notice in state.notices if "NaN" in notice.text or "nan" in notice.text]
    controller.close()


def test_a_revert_after_a_live_optimizer_switch_steps_on():
    state, controller = make()
    state.request(Action.STEP)
    controller.frame()  # the good state: SGD's
    state.config.train.d_optimizer = "adam"
    controller.frame()
    state.request(Action.STEP)
    controller.frame()
    state.request(Action.REVERT)
    controller.frame()
    reverted = controller.trainer.iteration_count
    state.request(Action.STEP)
    controller.frame()
    assert controller.trainer.iteration_count == reverted + 1
    assert isinstance(controller.trainer.d_optimizer, torch.optim.Adam)
    assert not any(notice.level == "error" for notice in state.notices)
    controller.close()


def test_an_internal_error_on_the_trainers_thread_pauses_with_a_notice_and_keeps_the_run(monkeypatch, capsys):
    """A bug met while playing must not close the window with the user's run in it: training pauses, a notice
    says so and how to keep the run, the traceback goes to stderr."""
    state, controller = make()
    state.view.playback.max_iterations_per_frame = 5
    state.request(Action.PLAY_PAUSE)
    play_frames(state, controller, 2)
    trained = controller.trainer.iteration_count
    monkeypatch.setattr(controller.trainer, "train", lambda *args, **kwargs: {}["betas"])
    play_frames(state, controller, 1)  # the thread meets the error
    controller.frame()  # the window hears of it
    assert not state.playing and controller.trainer.iteration_count == trained
    notice = state.notices[-1]
    assert notice.level == "error" and "internal error (KeyError: 'betas')" in notice.text and "Ctrl+S" in notice.text
    assert "KeyError" in capsys.readouterr().err
    monkeypatch.setattr(controller.trainer, "iteration", lambda: (_ for _ in ()).throw(
        RuntimeError("The following operation failed in the TorchScript interpreter.\n" + "  frame\n" * 8)))
    state.request(Action.STEP)  # a manual step meets it on the window's thread
    controller.frame()
    notice = state.notices[-1].text
    assert "internal error (RuntimeError: The following operation failed in the TorchScript interpreter.)" in notice
    assert "\n" not in notice
    monkeypatch.undo()
    state.request(Action.STEP)
    controller.frame()
    assert controller.trainer.iteration_count == trained + 1
    controller.close()


def test_dataset_change_restarts_with_a_notice():
    state, controller = make()
    state.config.data.name = "ring8"
    controller.frame()
    assert controller.trainer.dataset.name == "ring8" and "data.name" in state.notices[-1].text


def test_play_stops_where_the_schedule_brings_the_rates_to_zero_and_says_how_to_go_on():
    state, controller = make()
    state.view.playback.max_iterations_per_frame = 7
    state.edit("train.lr_decay_end", 10)
    state.request(Action.PLAY_PAUSE)
    play_frames(state, controller, 2)  # 7, then the 3 left (not 7)
    assert controller.trainer.iteration_count == 10 and state.playing
    controller.frame()
    assert not state.playing and "reached 0 at iteration 10" in state.notices[-1].text
    state.edit("train.lr_decay_end", 20)  # raised: play trains on
    state.request(Action.PLAY_PAUSE)
    play_frames(state, controller, 1)
    assert controller.trainer.iteration_count == 17 and state.playing
    controller.close()


def test_the_frame_carries_the_learning_rates_share_while_a_schedule_lowers_them():
    state, controller = make()
    assert controller.frame().lr_scale is None  # GAN Lab's presets keep their rates
    state.edit("train.lr_decay_end", 8)
    controller.frame()
    controller.trainer.train(6)
    assert controller.frame().lr_scale == pytest.approx(0.5)
    assert controller.frame().lr_decay_end == 8  # where the toolbar says the rates reach 0
    controller.close()


def trained_on_a_stroke(seed=23):
    """(state, controller, the first frame after Done) on a horizontal stroke of 21 points at y = 0.8, the run
    seeded `seed` (23: the lab's default)."""
    state, controller = make()
    state.config.set("run.seed", seed)
    state.drawing = True
    state.drawn_points = [(0.2 + 0.6 * t / 20, 0.8) for t in range(21)]
    state.request(Action.FINISH_DRAWING)
    return state, controller, controller.frame()


DRAWN_SQUARE = (0.0, 0.0, 1.0, 1.0)  # the canvas a drawing is drawn on


def inside(points, rect):
    """(N,) whether each of the (N, 2) `points` lies in `rect`."""
    x0, y0, x1, y1 = rect
    return (points[:, 0] >= x0) & (points[:, 0] <= x1) & (points[:, 1] >= y0) & (points[:, 1] <= y1)


def assert_shows_the_drawing_and_its_fakes(frame, controller):
    """`frame`'s view holds the square the drawing was drawn on and every fake of the main run and its compared
    runs (a drawing's view stayed on that square, the fresh fakes off it: a drawing on the canvas and no fakes)."""
    x0, y0, x1, y1 = frame.view_rect
    assert x0 <= 0.0 and y0 <= 0.0 and x1 >= 1.0 and y1 >= 1.0
    fakes = torch.cat([frame.snapshot.fake, *controller.comparison.fakes()]).numpy()
    assert not inside(fakes, DRAWN_SQUARE).all()  # the fresh fakes lie (partly) off the square: the view took them in
    assert inside(fakes, frame.view_rect).all()


def test_drawing_then_done_trains_on_points_near_the_stroke():
    state, controller, _ = trained_on_a_stroke()
    atlas = controller.trainer.real_atlas
    assert controller.trainer.dataset.name == "drawing" and not state.drawing
    assert state.notices[-1].text == "training a new GAN on your drawing (21 points)"
    assert float((atlas[:, 1] - 0.8).abs().max()) < 0.15 and float(atlas[:, 0].min()) > 0.05
    controller.close()


@pytest.mark.parametrize("seed", [23, 2, 3, 5, 7])
def test_the_first_frame_after_done_shows_the_drawing_and_the_fresh_fakes(seed):
    """After Done the view stayed on the square the drawing was drawn on while the fresh generator's fakes started
    off it, to one side (a notice said they would come in): the student watched the drawing and no fakes. The first
    frame's view now takes in both, as a preset's does, and nothing needs saying."""
    state, controller, done = trained_on_a_stroke(seed)
    assert done.iteration == 0 and done.dataset.name == "drawing"
    assert_shows_the_drawing_and_its_fakes(done, controller)
    assert state.notices[-1].text == "training a new GAN on your drawing (21 points)"
    controller.close()


def test_reset_on_a_drawings_run_shows_the_drawing_and_the_fresh_fakes():
    """Reset, back to iteration 0 with the fresh fakes where they started, shows them with the drawing as Done
    does."""
    state, controller, _ = trained_on_a_stroke()
    for _ in range(3):
        state.request(Action.STEP)
        controller.frame()
    state.request(Action.RESET)
    controller.frame()
    state.answer(True)  # over the steps' unsaved progress
    reset = controller.frame()
    assert reset.iteration == 0 and controller.trainer.dataset.name == "drawing"
    assert state.notices[-1].text.startswith("reset: the same run again, from seed 23")
    assert_shows_the_drawing_and_its_fakes(reset, controller)
    controller.close()


def test_restart_now_on_a_drawings_run_shows_the_drawing_and_the_fresh_fakes():
    """Restart now after a structural edit to a drawing's run trained past iteration 0 starts it afresh: its fakes
    in view with the drawing, as Done's."""
    state, controller, _ = trained_on_a_stroke()
    state.request(Action.STEP)
    controller.frame()
    state.edit("generator.neurons", 12)
    state.request(Action.CONFIRM_RESTART)
    controller.frame()
    state.answer(True)  # over the step's unsaved progress
    restarted = controller.frame()
    assert restarted.iteration == 0 and controller.trainer.generator[0].out_features == 12
    assert_shows_the_drawing_and_its_fakes(restarted, controller)
    controller.close()


def test_an_edit_restarting_a_drawings_untrained_run_shows_the_drawing_and_the_fresh_fakes():
    """At iteration 0 a structural edit restarts a drawing's run at once: its new fakes in view with the drawing;
    while drawing mode is on, the drawing's square, and both once it is left."""
    state, controller, _ = trained_on_a_stroke()
    layers = controller.trainer.config.generator.hidden_layers + 1
    state.edit("generator.hidden_layers", layers)
    edited = controller.frame()
    assert controller.trainer.config.generator.hidden_layers == layers and not state.pending_restart
    assert_shows_the_drawing_and_its_fakes(edited, controller)
    state.request(Action.START_DRAWING)
    controller.frame()
    state.edit("generator.neurons", 12)
    assert controller.frame().view_rect == DRAWN_SQUARE
    state.request(Action.LEAVE_DRAWING)
    left = controller.frame()
    assert not state.drawing and controller.trainer.generator[0].out_features == 12
    assert_shows_the_drawing_and_its_fakes(left, controller)
    controller.close()


def test_a_comparison_added_on_a_drawings_run_shows_the_drawing_and_every_runs_fresh_fakes():
    """Adding a run to compare starts every run afresh from the seed: the panes' one view holds each run's fakes
    with the drawing."""
    state, controller, _ = trained_on_a_stroke()
    state.request(Action.STEP)
    controller.frame()
    state.request(Action.COMPARE_ADD, "train.loss=hinge")
    controller.frame()
    state.answer(True)  # over the step's unsaved progress
    compared = controller.frame()
    assert compared.iteration == 0 and len(controller.comparison) == 1
    assert_shows_the_drawing_and_its_fakes(compared, controller)
    controller.close()


def test_a_drawings_session_saved_at_done_loads_showing_the_drawing_and_the_fresh_fakes(tmp_path):
    """A session saved at Done loads a drawing's run with its fresh fakes in view with the drawing, as Done showed
    them."""
    state, controller, _ = trained_on_a_stroke()
    state.request(Action.SAVE, tmp_path / "at_0")
    controller.frame()
    controller.finish_save(wait=True)
    controller.close()
    state, controller = make()
    state.request(Action.LOAD, tmp_path / "at_0")
    loaded = controller.frame()
    assert loaded.iteration == 0 and controller.trainer.dataset.name == "drawing"
    assert_shows_the_drawing_and_its_fakes(loaded, controller)
    controller.close()


def test_a_second_drawing_refused_stays_to_be_mended():
    """Over a run on a drawing, a drawing refused (the brush spread out of range) left drawing mode anyway, as if
    taken, and the strokes could only be drawn again."""
    state, controller, _ = trained_on_a_stroke()
    state.request(Action.START_DRAWING)
    controller.frame()
    state.drawn_points = [(0.5, 0.2 + 0.6 * t / 20) for t in range(21)]
    state.brush_spread = -0.5
    state.request(Action.FINISH_DRAWING)
    controller.frame()
    assert state.notices[-1].level == "error" and "data.brush_spread: -0.5 is below the minimum 0" in \
        state.notices[-1].text
    assert state.drawing and len(state.drawn_points) == 21 and state.config.data.brush_spread == 0.02
    controller.close()


def test_strokes_left_unfinished_wait_for_8_and_a_drawing_trained_on_starts_afresh():
    """Escape (pressed to leave a text field, or Cancel clicked) then 8 threw the strokes away unsaid; after Done,
    8 starts a new drawing, as GAN Lab's does."""
    state, controller = make()
    strokes = [(0.2 + 0.6 * t / 20, 0.8) for t in range(21)]
    state.request(Action.START_DRAWING)
    controller.frame()
    state.begin_stroke()
    state.drawn_points.extend(strokes)
    state.request(Action.LEAVE_DRAWING)
    controller.frame()
    assert not state.drawing and state.notices[-1].text == "left the drawing: its 21 points wait for 8"
    state.request(Action.START_DRAWING)
    controller.frame()
    assert state.drawing and state.drawn_points == strokes
    assert state.notices[-1].text == "drawing on from the 21 points left unfinished (Clear starts over)"
    state.request(Action.FINISH_DRAWING)
    controller.frame()
    state.request(Action.START_DRAWING)
    controller.frame()
    assert state.drawing and state.drawn_points == [] and controller.trainer.dataset.name == "drawing"
    state.request(Action.UNDO)  # the strokes trained on are not a stroke of this drawing
    controller.frame()
    assert state.drawn_points == [] and state.notices[-1].text == "nothing to undo in the drawing"
    controller.close()


def test_undo_takes_back_each_stroke_and_a_clear_and_says_when_there_is_none():
    """Clear threw the whole drawing away at one click, and a stroke gone wrong could only be cleared with the rest."""
    state, controller = make()
    state.request(Action.START_DRAWING)
    controller.frame()
    strokes = [[(0.2, 0.2), (0.3, 0.3)], [(0.5, 0.5)], [(0.7, 0.7), (0.8, 0.8)]]
    for stroke in strokes:
        state.begin_stroke()
        state.drawn_points.extend(stroke)
    state.clear_drawing()
    assert state.drawn_points == []
    for left in (3, 2, 1, 0):
        state.request(Action.UNDO)
        controller.frame()
        assert state.drawn_points == sum(strokes[:left], []), left
    state.notices.clear()
    state.request(Action.UNDO)
    controller.frame()
    assert state.drawn_points == [] and state.notices[-1].text == "nothing to undo in the drawing"
    state.begin_stroke()
    state.drawn_points.append((0.5, 0.5))
    state.load_json(state.to_json(), "state.json")  # a session's points: not a stroke to take back
    assert not state.undo_drawing() and state.drawn_points == [(0.5, 0.5)]
    state.request(Action.LEAVE_DRAWING)
    controller.frame()
    state.notices.clear()
    state.request(Action.UNDO)  # outside drawing mode: nothing to take back
    controller.frame()
    assert state.drawn_points == [(0.5, 0.5)] and not state.drawing
    controller.close()


def test_a_brush_spread_out_of_range_is_refused_in_one_line_and_loses_nothing():
    """The spread reaches the config by the drawing's Done: out of range it is refused as any edit, not trained."""
    state, controller = make()
    state.request(Action.STEP)
    controller.frame()
    state.drawing, state.brush_spread = True, -0.5
    state.drawn_points = [(0.2 + 0.6 * t / 20, 0.8) for t in range(21)]
    state.request(Action.FINISH_DRAWING)
    controller.frame()
    state.answer(True)  # the trained iteration: asked first
    controller.frame()
    assert controller.trainer.dataset.name == "gaussians" and controller.trainer.iteration_count == 1
    assert state.notices[-1].level == "error" and "data.brush_spread: -0.5 is below the minimum 0" in \
        state.notices[-1].text
    assert state.config.data.brush_spread >= 0


@pytest.mark.parametrize("action, argument", [
    (Action.PLAY_PAUSE, None), (Action.STEP, None), (Action.STEP_D, None), (Action.STEP_G, None),
    (Action.STEP_PHASE, None), (Action.FORWARD, None), (Action.PICK_DATASET, "ring"),
    (Action.COMPARE_ADD, "train.loss=hinge"), (Action.BRANCH, None)])
def test_what_trains_or_replaces_the_run_waits_while_drawing(action, argument):
    """Space in drawing mode trained the old run behind the blank canvas, and N, D, G still did; another dataset
    threw the drawing away without a word."""
    state, controller = make()
    state.request(Action.STEP)
    state.request(Action.START_DRAWING)
    controller.frame()
    state.drawn_points = [(0.3, 0.3), (0.7, 0.7)]
    before = [p.clone() for p in controller.trainer.generator.parameters()]
    state.request(action, argument)
    controller.frame()
    assert state.drawing and state.drawn_points == [(0.3, 0.3), (0.7, 0.7)] and not state.playing
    assert state.notices[-1].text == "finish the drawing first: Enter trains on it, Escape leaves it"
    assert controller.trainer.iteration_count == 1 and controller.trainer.dataset.name == "gaussians"
    assert all(torch.equal(a, b) for a, b in zip(before, controller.trainer.generator.parameters()))
    assert len(controller.comparison) == 0
    controller.close()


@pytest.mark.parametrize("action", [Action.ZOOM_IN, Action.ZOOM_OUT, Action.PAN_LEFT, Action.DRAG_VIEW,
                                    Action.RESET_VIEW])
def test_a_drawing_is_made_on_its_square_whatever_the_zoom_and_the_zoom_waits_for_escape(action):
    """A zoom before 8 stayed while drawing (and the wheel zoomed on): the stroke was drawn on the zoomed canvas and
    moved at Done, which lets the zoom go. The drawing's canvas is its square; a zoom or pan waits, saying so, and
    the zoom comes back with Escape."""
    from ganlab_gl.app.controller import DRAWING_RECT
    state, controller = make()
    controller.frame()
    state.request(Action.ZOOM_IN, (0.3, 0.3))
    zoomed = controller.frame().view_rect
    state.request(Action.START_DRAWING)
    assert controller.frame().view_rect == DRAWING_RECT
    state.request(action, (0.1, 0.1) if action == Action.DRAG_VIEW else (0.3, 0.3))
    assert controller.frame().view_rect == DRAWING_RECT and state.view_rect == zoomed
    assert state.notices[-1].text == "finish the drawing first: Enter trains on it, Escape leaves it"
    state.request(Action.LEAVE_DRAWING)
    assert controller.frame().view_rect == zoomed
    controller.close()


def test_bad_import_is_refused_and_loses_nothing(tmp_path):
    state, controller = make()
    state.request(Action.STEP)
    controller.frame()
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2\n3\n")
    state.request(Action.IMPORT_FILE, str(bad))
    controller.frame()
    assert state.notices[-1].level == "error" and "row 2 has 1 column;" in state.notices[-1].text
    assert controller.trainer.iteration_count == 1 and state.config.data.name == "gaussians"
    assert state.question is None  # a file that does not read is refused before anything is asked
    good = tmp_path / "good.csv"
    good.write_text("0.1,0.1\n0.9,0.9\n")
    state.request(Action.IMPORT_FILE, str(good))
    controller.frame()
    state.answer(True)  # over the step's unsaved progress
    controller.frame()
    assert controller.trainer.dataset.name == "file" and state.config.data.file == str(good)


def test_session_save_and_load_round_trip(tmp_path):
    state, controller = make()
    state.view.heatmap.visible = False
    state.request(Action.STEP)
    state.request(Action.SAVE, tmp_path / "s")
    controller.frame()
    weights = params(controller.trainer.generator)
    state.view.heatmap.visible = True
    state.request(Action.STEP)
    controller.frame()
    state.request(Action.LOAD, tmp_path / "s")
    controller.frame()
    assert controller.trainer.iteration_count == 2 and str(tmp_path / "s") in state.question.text  # unsaved: asks
    state.answer(True)
    controller.frame()
    assert controller.trainer.iteration_count == 1 and same(params(controller.trainer.generator), weights)
    assert state.view.heatmap.visible is False
    state.request(Action.LOAD, tmp_path / "nowhere")
    controller.frame()
    assert state.notices[-1].level == "error" and controller.trainer.iteration_count == 1


def test_zoom_pan_reset_and_probes_follow_the_view():
    state, controller = make()
    state.request(Action.ZOOM_IN)
    snap = controller.frame().snapshot
    x0, y0, x1, y1 = state.view_rect
    assert x1 - x0 == pytest.approx(1 / 1.25) and snap.heatmap.rect == state.view_rect
    state.request(Action.PAN_RIGHT)
    controller.frame()
    assert state.view_rect[0] == pytest.approx(x0 + 0.1 * (x1 - x0))
    state.request(Action.RESET_VIEW)
    frame = controller.frame()
    assert state.view_rect is None and frame.snapshot.heatmap.rect == frame.view_rect == frame.data_view


def _extent(rect) -> float:
    return max(rect[2] - rect[0], rect[3] - rect[1])


def test_zoom_stops_at_its_limits_and_says_so_and_the_data_never_leaves_the_screen():
    """The view had no limits: 140 wheel notches in (an extent of 4e-14) drew an empty canvas, float32 positions
    all one value, and 200 out (3.6e19) one pixel of data in a blocky heatmap; a pan could leave the data any
    distance behind. The view's extent stays within MAX_ZOOM_IN and MAX_ZOOM_OUT of the automatic view's, the
    pointer's point staying put, and a pan stops where the data's view would leave the screen."""
    from ganlab_gl.app.controller import MAX_ZOOM_IN, MAX_ZOOM_OUT
    state, controller = make()
    home = controller.frame().view_rect
    anchor = (home[0] + 0.3 * _extent(home), home[1] + 0.6 * _extent(home))
    for _ in range(200):
        state.request(Action.ZOOM_IN, anchor)
    controller.frame()
    view = state.view_rect
    assert _extent(view) == pytest.approx(_extent(home) / MAX_ZOOM_IN)
    fraction = ((anchor[0] - view[0]) / _extent(view), (anchor[1] - view[1]) / _extent(view))
    assert fraction == pytest.approx((0.3, 0.6))  # the point under the pointer stayed there
    assert "zoomed in as far as it goes" in state.notices[-1].text
    for _ in range(400):
        state.request(Action.ZOOM_OUT, anchor)
    controller.frame()
    assert _extent(state.view_rect) == pytest.approx(_extent(home) * MAX_ZOOM_OUT)
    assert "zoomed out as far as it goes" in state.notices[-1].text
    state.request(Action.RESET_VIEW)
    controller.frame()
    for _ in range(50):
        state.request(Action.DRAG_VIEW, (1.0, -1.0))  # the data dragged off to the lower left, far away
    controller.frame()
    view = state.view_rect
    assert view[0] == pytest.approx(home[2]) and view[3] == pytest.approx(home[1])  # touching the data's view


def test_a_window_request_without_a_window_is_dropped_with_a_notice():
    state, controller = make()
    state.request(Action.SCREENSHOT)
    state.request(Action.STEP)
    controller.frame()
    assert not state.requests and controller.trainer.iteration_count == 1
    assert any("nothing handles SCREENSHOT" in n.text for n in state.notices)


def test_state_json_round_trip_and_refusal():
    state = AppState()
    state.config.train.loss = "hinge"
    state.view.manifold.visible = False
    state.view_rect = (0.0, 0.1, 0.5, 0.6)
    other = AppState()
    other.load_json(state.to_json(), "x")
    assert other.config.train.loss == "hinge" and not other.view.manifold.visible and other.view_rect == state.view_rect
    from ganlab_gl.core.settings import SettingError
    # in a reader's words, not Python's ("('config')", "list indices must be integers or slices, not str")
    for text, said in [("{}", "no 'config' field"), ("[1, 2]", "a value of another kind where an object of named "
                                                                "fields belongs")]:
        with pytest.raises(SettingError) as refusal:
            other.load_json(text, "y.json")
        assert str(refusal.value) == f"y.json: not a ganlab-gl session state ({said})"
    assert other.config.train.loss == "hinge"


def test_dropped_files_import_data_or_load_sessions(tmp_path):
    state, controller = make()
    points = tmp_path / "points.csv"
    points.write_text("0.1,0.2\n0.3,0.4\n0.5,0.5\n")
    state.drop_files([points])
    controller.frame()
    assert controller.trainer.dataset.name == "file" and state.import_path == str(points)
    state.request(Action.SAVE, tmp_path / "session")
    controller.frame()
    controller.finish_save(wait=True)
    state.drop_files([tmp_path / "session"])
    assert state.requests[-1].action == Action.LOAD
    state.drop_files([tmp_path / "picture.png"])
    assert "drop a .csv or .npy file" in state.notices[-1].text
    for own in ("state.json", "checkpoint.safetensors"):  # dragged out of the session's folder: it loads
        state.requests.clear()
        state.drop_files([tmp_path / "session" / own])
        assert [(r.action, r.argument) for r in state.requests] == [(Action.LOAD, tmp_path / "session")]


def test_pretrained_toggle_loads_the_shipped_model_with_the_presets_config_and_off_restores():
    state, controller = make()
    state.edit("probe.heatmap_res", 40)  # a view-side probe setting: the model must not change it
    state.edit("run.seed", 7)
    state.request(Action.CONFIRM_RESTART)
    for _ in range(3):
        state.request(Action.STEP)
    controller.frame()
    own_trainer, own_config = controller.trainer, state.config.copy()
    state.notices.clear()
    state.request(Action.USE_PRETRAINED, True)
    frame = controller.frame()
    assert controller.trainer.iteration_count > 1000 and frame.pretrained == "gaussians"  # scripts/train_pretrained.py
    assert len(state.notices) == 1 and "trains with GAN Lab's settings" in state.notices[-1].text
    assert state.config.probe.heatmap_res == 40 and controller.trainer.config == state.config
    for key, value in PRESETS["gaussians"].training.items():
        assert state.config.get(key) == value, key
    state.request(Action.USE_PRETRAINED, False)
    frame = controller.frame()
    assert controller.trainer is own_trainer and state.config == own_config and frame.pretrained is None
    assert frame.iteration == 3
    state.request(Action.PICK_DATASET, "ring8")
    controller.frame()
    state.answer(True)  # 3 unsaved iterations: the switch asked first
    state.request(Action.USE_PRETRAINED, True)  # nothing ships for the research mixtures
    controller.frame()
    assert controller.pretrained is None and "no pre-trained model" in state.notices[-1].text


def test_u_without_a_nan_asks_before_dropping_the_iterations_since_the_good_state():
    """U undoes a NaN; pressed on a healthy run it silently dropped the iterations since the last good state."""
    state, controller = make()
    for _ in range(3):
        state.request(Action.STEP)
    controller.frame()
    good = controller.trainer.good_iteration
    assert good is not None and good < 3
    state.request(Action.REVERT)
    controller.frame()
    assert controller.trainer.iteration_count == 3 and state.question.title == "Revert?"
    assert f"iteration {good:,}, dropping the {3 - good:,} iterations after it" in state.question.text
    state.answer(True)
    controller.frame()
    assert controller.trainer.iteration_count == good and state.notices[-1].text == f"reverted to iteration {good:,}"
    controller.close()


def test_turning_the_pretrained_model_off_asks_before_dropping_steps_taken_on_it():
    state, controller = make()
    state.request(Action.USE_PRETRAINED, True)
    controller.frame()
    loaded = controller.trainer.iteration_count
    for _ in range(3):
        state.request(Action.STEP)
    controller.frame()
    state.request(Action.USE_PRETRAINED, False)
    controller.frame()
    assert controller.pretrained == "gaussians" and controller.trainer.iteration_count == loaded + 3
    assert "Go back to your own run on Two Gaussians at iteration 0?" in state.question.text
    state.answer(True)
    controller.frame()
    assert controller.pretrained is None and controller.trainer.iteration_count == 0
    controller.close()


def test_a_reset_over_the_pretrained_model_goes_back_to_it_as_it_ships():
    """GAN Lab's Reset reloads the shipped model while its box is ticked; ours went to iteration 0, untrained, and
    silently unticked the box. It asks in those words, then the model is as it shipped: its weights, iteration,
    histories and training config (a live edit undone), the box ticked, the run it set aside kept for unticking."""
    state, controller = make()
    step(state, controller, 2)
    state.request(Action.USE_PRETRAINED, True)
    shipped = controller.frame()
    weights = params(controller.trainer.generator) + params(controller.trainer.discriminator)
    step(state, controller, 3)
    state.edit("train.g_lr", 0.5)
    state.request(Action.RESET)
    controller.frame()
    assert state.question.text.endswith("Reset it to the pre-trained model as it ships?")
    assert state.question.yes == "Reset" and controller.trainer.iteration_count == shipped.iteration + 3
    state.answer(True)
    frame = controller.frame()
    assert frame.iteration == shipped.iteration > 1000 and frame.pretrained == "gaussians"
    assert frame.pretrained_as_shipped  # the text under the graph offers to train on top of it
    assert same(weights, params(controller.trainer.generator) + params(controller.trainer.discriminator))
    for history in ("losses", "evals"):  # its charts as they shipped
        assert np.array_equal(getattr(frame, history).rows, getattr(shipped, history).rows, equal_nan=True), history
    shipped_lr = PRESETS["gaussians"].training["train.g_lr"]
    assert state.config.train.g_lr == shipped_lr == controller.trainer.config.train.g_lr
    assert state.notices[-1].text == f"reset: the pre-trained model as it ships, at iteration {shipped.iteration:,}"
    state.request(Action.USE_PRETRAINED, False)
    assert controller.frame().iteration == 2  # the run it set aside
    controller.close()


def test_a_step_of_one_network_on_the_pretrained_model_keeps_the_others_last_loss_shown():
    """A student's first D on the pre-trained model left the graph's G loss reading "-" (the history's row of a D
    step holds no G loss, and a loaded trainer holds no last one), where GAN Lab's buttons keep the last; rewound
    to that row it reads the same. A network the settings do not train still has none."""
    state, controller = make()
    state.request(Action.USE_PRETRAINED, True)
    shipped = controller.frame()
    assert all(math.isfinite(shipped.loss(network)) for network in "DG")
    state.request(Action.STEP_D)
    after_d = controller.frame()
    assert after_d.iteration == shipped.iteration + 1 and after_d.loss("D") != shipped.loss("D")
    assert after_d.loss("G") == shipped.loss("G")  # the last G loss, not "-"
    state.request(Action.STEP_G)
    after_g = controller.frame()
    state.request(Action.SHOW_ITERATION, after_d.iteration)
    rewound = controller.frame()
    assert rewound.timeline.rewound and dict(rewound.shown_losses) == dict(after_d.shown_losses)
    state.request(Action.SHOW_ITERATION, "present")
    controller.frame()
    state.edit("train.g_steps", 0)
    state.request(Action.STEP)
    untrained_g = controller.frame()
    assert untrained_g.iteration == after_g.iteration + 1 and after_g.loss("G") > 0
    assert math.isfinite(untrained_g.loss("D")) and math.isnan(untrained_g.loss("G"))
    controller.close()


@pytest.mark.parametrize("pretrained", [False, True])
def test_a_reset_with_edits_waiting_is_a_new_run_from_the_seed_taking_them(pretrained):
    """The shipped weights cannot take an edit that restarts the run (GAN Lab's box unticks on one), so a reset
    with one waiting is a new run from the seed, as without the pre-trained model."""
    state, controller = make()
    if pretrained:
        state.request(Action.USE_PRETRAINED, True)
    step(state, controller, 4)
    state.edit("generator.neurons", 16)
    state.request(Action.RESET)
    controller.frame()
    assert state.question.text.endswith(
        "Reset it to a new run from the seed, taking the waiting edits (G's neurons per layer 8 → 16)?")
    state.answer(True)
    controller.frame()
    frame = controller.frame()
    assert frame.iteration == 0 and frame.pretrained is None and controller.trainer.config.generator.neurons == 16
    seed = controller.trainer.config.run.seed  # the shipped model's own where it was loaded
    assert f"reset: new run from seed {seed}, taking the waiting edits" in [notice.text for notice in state.notices]
    controller.close()


def test_a_reset_of_a_run_of_its_own_is_a_new_run_from_the_seed():
    state, controller = make()
    first = params(controller.trainer.generator)
    step(state, controller, 4)
    state.request(Action.RESET)
    controller.frame()
    assert state.question.text.endswith("Reset it to a new run from the seed?")
    state.answer(True)
    frame = controller.frame()
    assert frame.iteration == 0 and frame.pretrained is None and same(first, params(controller.trainer.generator))
    # GAN Lab's Reset draws new weights; ours gives the same run again, and says so and what trains another
    assert state.notices[-1].text == ("reset: the same run again, from seed 23 (another seed, under All settings, "
                                      "trains another)")
    controller.close()


@pytest.mark.parametrize("d_steps, g_steps, said", [(1, 1, "1 D update per G update"),
                                                     (3, 2, "3 D updates per 2 G updates")])
def test_a_presets_notice_says_how_many_updates_each_network_takes(d_steps, g_steps, said):
    assert update_ratio(d_steps, g_steps) == said


def test_picking_a_preset_brings_its_training_config_in_one_notice_and_keeps_view_settings():
    state, controller = make()
    state.edit("train.g_lr", 0.5)
    state.edit("probe.shown_samples", 100)
    state.edit("heatmap.smooth", False)
    controller.frame()
    state.notices.clear()
    state.request(Action.PICK_DATASET, "line")
    controller.frame()
    assert len(state.notices) == 1
    # one line pointing to the graph, which shows each setting: three lines listing them, on the canvas's lower edge
    # for 5 s, hid the fresh fakes as they began to move (the command line lists them: preset_notice)
    assert state.notices[-1].text == "Line: trains with GAN Lab's settings (see the graph)"
    for key, value in PRESETS["line"].training.items():
        assert controller.trainer.config.get(key) == value, key
    assert state.config.probe.shown_samples == 100 and not state.view.heatmap.smooth
    state.request(Action.PICK_DATASET, "nonsense")
    controller.frame()
    assert state.notices[-1].level == "error" and controller.trainer.dataset.name == "line"


def test_preset_notices_tell_gan_labs_gaussian_noise_from_the_standard_normal_in_words():
    """"Gaussian" (GAN Lab's, on the unit square) and "Normal" (N(0, 1)) read alike though they differ; said as
    "N(0.5, 0.25²) on [0,1]" the difference was a statistician's: the notice says it in words, as GAN Lab would."""
    from ganlab_gl.core.presets import preset_notice
    from ganlab_gl.core.presets import PRESETS
    assert "2-D Gaussian noise, a bell curve around 0.5 kept between 0 and 1;" in preset_notice("gaussians")
    assert "2-D standard normal noise, a bell curve around 0;" in preset_notice("ring8")
    assert "2-D uniform noise, spread evenly between 0 and 1;" in preset_notice("line")
    for name in PRESETS:
        assert not any(jargon in preset_notice(name) for jargon in ("N(", "²", "[0,1]")), preset_notice(name)


def test_picking_the_running_preset_again_starts_a_new_run_of_its_config():
    """"A new run": the run is at iteration 0 at once, with the preset's config back; Ctrl+Z brings the edited run
    back, its edit with it."""
    state, controller = make()
    step(state, controller, 6)
    state.edit("train.g_lr", 0.5)
    controller.frame()
    state.request(Action.PICK_DATASET, "gaussians")
    controller.frame()
    assert state.question is None and controller.trainer.iteration_count == 0
    assert controller.trainer.dataset.name == "gaussians"
    preset_rate = PRESETS["gaussians"].training["train.g_lr"]
    assert controller.trainer.config.train.g_lr == preset_rate == state.config.train.g_lr
    state.request(Action.UNDO)
    controller.frame()
    assert controller.trainer.iteration_count == 6 and controller.trainer.config.train.g_lr == state.config.train.g_lr
    assert state.config.train.g_lr == 0.5
    controller.close()


def _run_facts(controller):
    """What a run brought back must hold as it was: its weights, optimizer moments, iteration, losses, timeline."""
    trainer = controller.trainer
    return (params(trainer.generator) + params(trainer.discriminator),
            [value.clone() for state in trainer.d_optimizer.state.values() for value in state.values()
             if torch.is_tensor(value)],
            trainer.iteration_count, trainer.history.losses.array().copy(), len(trainer.timeline),
            trainer.dataset.name)


def _same_facts(a, b):
    return (same(a[0], b[0]) and same(a[1], b[1]) and a[2:3] == b[2:3] and np.array_equal(a[3], b[3], equal_nan=True)
            and a[4:] == b[4:])


def test_a_preset_picked_over_unsaved_progress_switches_at_once_and_ctrl_z_toggles_the_runs():
    """Picking a preset asked "Replace the run?" once the run had trained a step; GAN Lab's students click through
    the presets freely. It switches at once, keeping the run it replaced, whole, for Ctrl+Z, which brings it back
    bit for bit, paused, keeping the run it replaces in its turn: a second Ctrl+Z goes back. Training on from the
    run brought back is training on from where it was."""
    state, controller = make()
    step(state, controller, 7)
    state.request(Action.ZOOM_IN)
    controller.frame()
    gaussians, zoomed = _run_facts(controller), state.view_rect
    state.request(Action.PICK_DATASET, "ring8")
    controller.frame()
    assert state.question is None and controller.trainer.dataset.name == "ring8"
    assert controller.trainer.iteration_count == 0 and state.config.data.name == "ring8"
    assert [notice.text for notice in state.notices][-2:] == [  # what the new run is, then the way back
        "Ring of 8: trains with the settings of experiment ring8-vanilla (PacGAN's protocol, scaled) (see the graph)",
        "Ctrl+Z brings back the run on Two Gaussians at iteration 7 (it is not saved)"]
    step(state, controller, 3)
    ring8 = _run_facts(controller)
    state.playing = True
    state.request(Action.UNDO)
    controller.frame()
    assert _same_facts(_run_facts(controller), gaussians) and not state.playing
    assert state.config.data.name == "gaussians" and state.view_rect == zoomed is not None
    assert state.notices[-1].text == ("brought back the run on Two Gaussians at iteration 7, paused; Ctrl+Z goes back "
                                      "to the run on Ring of 8 at iteration 3")
    frame = controller.frame()
    assert frame.iteration == 7 and frame.dataset.name == "gaussians" and len(frame.losses["iteration"]) == 7
    state.request(Action.UNDO)
    controller.frame()
    assert _same_facts(_run_facts(controller), ring8) and state.config.data.name == "ring8"
    state.request(Action.UNDO)
    controller.frame()
    step(state, controller, 2)
    twin_state, twin = make()
    step(twin_state, twin, 9)
    assert same(params(controller.trainer.generator), params(twin.trainer.generator))
    controller.close()
    twin.close()


def test_a_second_pick_over_unsaved_progress_says_the_run_kept_before_is_let_go():
    """One run is kept for Ctrl+Z: a pick over unsaved progress while another is kept keeps the newer, and says the
    older goes (a lecturer going through two presets lost the first run without a word)."""
    state, controller = make()
    step(state, controller, 4)
    state.request(Action.PICK_DATASET, "ring")
    controller.frame()
    step(state, controller, 2)
    state.request(Action.PICK_DATASET, "line")
    controller.frame()
    assert state.notices[-1].text == ("Ctrl+Z brings back the run on Ring at iteration 2 (it is not saved); the run "
                                      "on Two Gaussians at iteration 4, kept before it, is not kept")
    controller.close()


def test_a_pick_while_playing_plays_on_on_the_new_run():
    """The question paused the run; with none asked, play goes on as over a run with nothing unsaved."""
    state, controller = make()
    state.view.playback.max_iterations_per_frame = 5
    state.request(Action.PLAY_PAUSE)
    play_frames(state, controller, 2)
    state.request(Action.PICK_DATASET, "ring")
    play_frames(state, controller, 2)
    assert state.playing and controller.trainer.dataset.name == "ring" and controller.trainer.iteration_count > 0
    controller.close()


def test_a_pick_over_nothing_unsaved_keeps_nothing_and_a_run_kept_before_stays():
    """Nothing unsaved (untrained, or saved), nothing kept: Ctrl+Z says once what it does, as before. A run kept
    by an earlier pick stays kept while presets are clicked through on untrained runs, and the notice says so."""
    state, controller = make()
    state.request(Action.PICK_DATASET, "ring")
    state.request(Action.UNDO)
    controller.frame()
    assert controller.trainer.dataset.name == "ring"
    assert state.notices[-1].text == "Ctrl+Z undoes a drawing's last stroke: 8 (Draw your own) starts one"
    step(state, controller, 2)
    state.request(Action.PICK_DATASET, "line")
    controller.frame()
    state.request(Action.PICK_DATASET, "disjoint")
    controller.frame()
    assert state.notices[-1].text == "Ctrl+Z still brings back the run on Ring at iteration 2 (it is not saved)"
    state.request(Action.UNDO)
    controller.frame()
    assert (controller.trainer.dataset.name, controller.trainer.iteration_count) == ("ring", 2)
    assert state.notices[-1].text == ("brought back the run on Ring at iteration 2, paused (the run it replaced held "
                                      "nothing unsaved)")
    state.request(Action.UNDO)  # nothing kept now
    controller.frame()
    assert (controller.trainer.dataset.name, controller.trainer.iteration_count) == ("ring", 2)
    controller.close()


def test_a_saved_run_picked_over_is_not_kept(tmp_path):
    state, controller = make()
    step(state, controller, 2)
    state.request(Action.SAVE, tmp_path / "s")
    controller.frame()
    controller.finish_save(wait=True)
    state.request(Action.PICK_DATASET, "ring")
    state.request(Action.UNDO)
    controller.frame()
    assert (controller.trainer.dataset.name, controller.trainer.iteration_count) == ("ring", 0)
    assert controller.may_quit()
    controller.close()


def test_a_run_brought_back_saves_to_its_own_session_again(tmp_path, monkeypatch):
    """Saved, trained on, kept by a pick and brought back: Ctrl+S replaces the session it was saved to, as before the
    pick, rather than stepping aside to session-2 as from another run."""
    monkeypatch.setenv("GANLAB_GL_OUTPUT", str(tmp_path))
    state, controller = make()
    step(state, controller, 2)
    state.request(Action.SAVE)
    controller.frame()
    controller.finish_save(wait=True)
    step(state, controller, 1)
    state.request(Action.PICK_DATASET, "ring")
    state.request(Action.UNDO)
    controller.frame()
    assert controller.trainer.iteration_count == 3
    directory, replaced = controller.save_target()
    assert directory.resolve() == (tmp_path / "session").resolve() and replaced is None
    controller.close()


def test_a_refused_pick_leaves_the_run_on_screen_and_the_run_kept_before(monkeypatch):
    """A pick whose data cannot be built is refused in a notice: the run on screen stays, whole, and Ctrl+Z still
    brings back the run an earlier pick kept."""
    state, controller = make()
    step(state, controller, 2)
    state.request(Action.PICK_DATASET, "line")
    controller.frame()
    step(state, controller, 3)
    line = _run_facts(controller)
    built = datasets.build

    def build(name, *args):
        if name == "ring":
            raise datasets.DataError("ring: cannot be built here")
        return built(name, *args)
    monkeypatch.setattr(datasets, "build", build)
    state.request(Action.PICK_DATASET, "ring")
    controller.frame()
    assert _same_facts(_run_facts(controller), line) and state.notices[-1].text == "ring: cannot be built here"
    state.request(Action.UNDO)
    controller.frame()
    assert (controller.trainer.dataset.name, controller.trainer.iteration_count) == ("gaussians", 2)
    controller.close()


def test_ctrl_z_after_a_branch_brings_back_the_run_as_it_was_and_the_branch_in_its_turn():
    """Branch here dropped the later iterations for good, asked once: Ctrl+Z then said only "Ctrl+Z undoes a
    drawing's last stroke". The run as it was before the branch is kept, as a preset pick keeps the run it replaces:
    Ctrl+Z brings back its present, timeline and losses bit for bit, and it trains on from there as if never
    branched; a second Ctrl+Z goes back to the branch."""
    state, controller = make()
    step(state, controller, 12)
    before, kept_iterations = _run_facts(controller), controller.trainer.timeline.iterations.copy()
    state.request(Action.SHOW_ITERATION, 5)
    state.request(Action.BRANCH)
    controller.frame()
    assert state.question.text.endswith("Branch at iteration 5, dropping the 7 iterations after it (Ctrl+Z brings "
                                        "them back)?")
    state.answer(True)
    controller.frame()
    assert controller.trainer.iteration_count == 5 and list(controller.trainer.timeline.iterations) == [*range(6)]
    assert [notice.text for notice in state.notices][-2:] == [
        "branched at iteration 5 with the current settings (7 later iterations dropped); play continues from here",
        "Ctrl+Z brings back the run on Two Gaussians at iteration 12 (it is not saved)"]
    step(state, controller, 3)  # the branch's own future
    branched = _run_facts(controller)
    state.request(Action.UNDO)
    controller.frame()
    assert _same_facts(_run_facts(controller), before) and not state.playing
    assert np.array_equal(controller.trainer.timeline.iterations, kept_iterations)
    assert state.notices[-1].text == ("brought back the run on Two Gaussians at iteration 12, paused; Ctrl+Z goes "
                                      "back to the run on Two Gaussians at iteration 8")
    assert not any(notice.text.startswith("Ctrl+Z brings back") for notice in state.notices)  # overtaken: taken down
    step(state, controller, 2)
    twin_state, twin = make()
    step(twin_state, twin, 14)
    assert same(params(controller.trainer.generator) + params(controller.trainer.discriminator),
                params(twin.trainer.generator) + params(twin.trainer.discriminator))
    state.request(Action.UNDO)
    controller.frame()
    assert _same_facts(_run_facts(controller), branched)
    controller.close()
    twin.close()


def test_ctrl_z_in_drawing_mode_takes_back_a_stroke_not_the_run_kept():
    state, controller = make()
    step(state, controller, 2)
    state.request(Action.PICK_DATASET, "ring")
    state.request(Action.START_DRAWING)
    controller.frame()
    state.begin_stroke()
    state.drawn_points.extend([(0.2, 0.2), (0.3, 0.3)])
    state.request(Action.UNDO)
    controller.frame()
    assert state.drawing and state.drawn_points == [] and controller.trainer.dataset.name == "ring"
    state.request(Action.LEAVE_DRAWING)
    state.request(Action.UNDO)
    controller.frame()
    assert (controller.trainer.dataset.name, controller.trainer.iteration_count) == ("gaussians", 2)
    controller.close()


def test_quitting_names_the_run_ctrl_z_would_bring_back():
    """The run a pick kept is lost on quitting: the question names it, and how to save it."""
    state, controller = make()
    step(state, controller, 2)
    state.request(Action.PICK_DATASET, "ring")
    controller.frame()
    assert not controller.may_quit()
    assert state.question.text == ("The run on Two Gaussians at iteration 2, which Ctrl+Z brings back, is not saved "
                                   "(Ctrl+Z, then Ctrl+S saves it). Quit anyway?")
    assert state.question.save_first is None  # "Save and quit" would save the run on screen, not this one
    state.answer(False)
    step(state, controller, 1)
    assert not controller.may_quit()
    assert state.question.text.startswith("The run on Ring at iteration 1 is not saved, nor is the run on Two "
                                          "Gaussians at iteration 2, which Ctrl+Z brings back. Save it to ")
    controller.close()


def test_a_pick_over_the_pretrained_model_keeps_it_and_the_run_it_set_aside(tmp_path, monkeypatch):
    """The run a pick keeps is the pre-trained model, stepped on, and the user's own run it set aside: Ctrl+Z brings
    both back, and unticking then goes back to the user's own run."""
    state, controller = _own_ring_run_of_3_steps(tmp_path, monkeypatch)
    state.request(Action.USE_PRETRAINED, True)
    state.request(Action.STEP)
    controller.frame()
    shipped = controller.trainer.iteration_count
    state.request(Action.PICK_DATASET, "line")
    controller.frame()
    assert state.question is None and controller.pretrained is None and controller.trainer.dataset.name == "line"
    assert state.notices[-1].text.endswith(f"back the run on Ring at iteration {shipped:,} and your own run on Ring at "
                                           "iteration 3, set aside by the pre-trained model (it is not saved)")
    state.request(Action.UNDO)
    controller.frame()
    assert controller.pretrained == "ring" and controller.trainer.iteration_count == shipped
    state.request(Action.USE_PRETRAINED, False)
    controller.frame()
    assert state.question is not None  # the step on the shipped model is the user's: asked, as before the pick
    state.answer(True)
    controller.frame()
    assert controller.pretrained is None and controller.trainer.iteration_count == 3
    controller.close()


def test_a_branch_over_the_pretrained_model_keeps_it_for_ctrl_z_and_leaves_the_run_it_set_aside(tmp_path,
                                                                                              monkeypatch):
    """A branch rewrites the pre-trained run only: the user's own run it set aside stays where it is, so it neither
    makes the branch keep a copy (the shipped model untouched, nothing of the run on screen is lost) nor is named in
    the way back; unticking after Ctrl+Z still goes back to it."""
    state, controller = _own_ring_run_of_3_steps(tmp_path, monkeypatch)
    state.request(Action.USE_PRETRAINED, True)
    controller.frame()
    state.request(Action.SCRUB, -1)
    state.request(Action.BRANCH)
    controller.frame()
    assert state.question is None and state.notices[-1].text.startswith("branched at iteration ")  # nothing kept
    step(state, controller, 2)
    stepped = controller.trainer.iteration_count
    state.request(Action.SCRUB, -1)
    state.request(Action.BRANCH)
    controller.frame()
    state.answer(True)
    controller.frame()
    assert state.notices[-1].text == f"Ctrl+Z brings back the run on Ring at iteration {stepped:,} (it is not saved)"
    state.request(Action.UNDO)
    controller.frame()
    assert controller.pretrained == "ring" and controller.trainer.iteration_count == stepped
    state.request(Action.USE_PRETRAINED, False)
    controller.frame()
    state.answer(True)
    controller.frame()
    assert controller.pretrained is None and controller.trainer.iteration_count == 3
    controller.close()


@pytest.mark.parametrize("picked", ["ring", "gaussians"])
def test_a_pick_keeps_the_comparison_with_the_run(picked):
    """The compared runs come back with the main run, untouched by the new run's restart (the running preset
    picked again restarts none: its new run resets them)."""
    state, controller = make()
    state.request(Action.COMPARE_ADD, "train.loss=hinge")
    controller.frame()
    step(state, controller, 3)
    compared = params(controller.comparison.runs[0].trainer.generator)
    state.request(Action.PICK_DATASET, picked)
    controller.frame()
    assert controller.comparison.runs[0].trainer.iteration_count == 0
    assert controller.comparison.runs[0].trainer.dataset is controller.trainer.dataset
    state.request(Action.UNDO)
    controller.frame()
    run = controller.comparison.runs[0]
    assert run.trainer.iteration_count == 3 and same(params(run.trainer.generator), compared)
    assert run.trainer.dataset.name == controller.trainer.dataset.name == "gaussians" and run.label == "hinge loss"
    controller.close()


@pytest.mark.parametrize("playing", [False, True])
def test_restart_now_over_unsaved_progress_asks_first_naming_the_values(playing):
    """The question named the setting, not what it becomes; a run that played before it was asked stood paused
    after the yes (the question pauses only while it is asked)."""
    state, controller = make()
    step(state, controller, 4)
    state.edit("generator.neurons", 16)
    state.playing = playing
    state.request(Action.CONFIRM_RESTART)
    controller.frame()
    assert "Restart it with G's neurons per layer 8 → 16, a new run?" in state.question.text and not state.playing
    assert controller.trainer.iteration_count == 4 and controller.trainer.config.generator.neurons == 8
    state.answer(True)
    controller.frame()
    assert controller.trainer.config.generator.neurons == 16 and state.playing == playing
    controller.close()


def test_a_reset_says_it_takes_the_waiting_edits():
    state, controller = make()
    step(state, controller, 4)
    state.edit("generator.neurons", 16)
    state.request(Action.RESET)
    controller.frame()
    assert "taking the waiting edits (G's neurons per layer 8 → 16)" in state.question.text
    state.answer(True)
    controller.frame()
    controller.frame()
    assert controller.trainer.iteration_count == 0 and controller.trainer.config.generator.neurons == 16
    controller.close()


def test_the_editor_path_picks_a_preset_the_same_way():
    state, controller = make()
    state.edit("data.name", "ring")
    state.edit("generator.neurons", 20)  # the user's own edit goes on top of the preset's config
    controller.frame()  # an untrained run: no "Restart now" to wait for
    config = controller.trainer.config
    assert config.data.name == "ring" and config.train.d_steps == PRESETS["ring"].training["train.d_steps"]
    assert config.generator.neurons == 20 and state.notices[-1].text.startswith("Ring: trains with GAN Lab's settings")


def test_reimporting_an_edited_or_broken_file_is_noticed(tmp_path):
    state, controller = make()
    data = tmp_path / "points.csv"
    data.write_text("0.1,0.1\n0.2,0.2\n")
    state.request(Action.IMPORT_FILE, str(data))
    controller.frame()
    first = controller.trainer.dataset.centers.clone()
    data.write_text("0.8,0.8\n0.9,0.9\n0.7,0.7\n")
    state.request(Action.IMPORT_FILE, str(data))
    controller.frame()
    assert controller.trainer.dataset.centers.shape == (3, 2)
    assert not torch.equal(first, controller.trainer.dataset.centers)
    assert state.notices[-1].text == f"imported 3 points from {data}"
    data.write_text("0.8,0.8\nnan,0.9\n")
    state.request(Action.IMPORT_FILE, str(data))
    controller.frame()
    assert state.notices[-1].level == "error" and "row 2, column 1" in state.notices[-1].text
    assert controller.trainer.dataset.centers.shape == (3, 2)


def test_importing_over_unsaved_progress_asks_first(tmp_path):
    state, controller = make()
    data = tmp_path / "points.csv"
    data.write_text("0.1,0.1\n0.2,0.2\n0.3,0.4\n")
    step(state, controller, 3)
    state.request(Action.IMPORT_FILE, str(data))
    controller.frame()
    assert f"Import {data}, a new run?" in state.question.text and controller.trainer.dataset.name == "gaussians"
    state.answer(True)
    controller.frame()
    assert controller.trainer.dataset.name == "file" and controller.trainer.iteration_count == 0
    step(state, controller, 2)
    state.request(Action.IMPORT_FILE, str(data))
    controller.frame()
    data.write_text("0.1,oops\n")  # broken while the question is open: the yes meets a refusal...
    state.answer(True)
    controller.frame()
    assert "not a number" in state.notices[-1].text
    data.write_text("0.1,0.1\n0.2,0.2\n")
    state.request(Action.IMPORT_FILE, str(data))  # ...and is not kept to let a later import through unasked
    controller.frame()
    assert state.question is not None and controller.trainer.iteration_count == 2
    controller.close()


def test_an_imported_file_is_read_once_and_its_points_stay_with_the_run(tmp_path, monkeypatch):
    """The run trains on the points as imported: a later spread change spreads those, though the file is gone."""
    state, controller = make()
    data = tmp_path / "points.csv"
    data.write_text("0.1,0.1\n0.2,0.2\n0.3,0.4\n")
    reads = []
    monkeypatch.setattr(datasets, "load_points",
                        lambda path, read=datasets.load_points: reads.append(path) or read(path))
    state.request(Action.IMPORT_FILE, str(data))
    controller.frame()
    assert reads == [str(data)] and controller.trainer.dataset.centers.shape == (3, 2)
    data.unlink()
    state.edit("data.brush_spread", 0.05)
    state.request(Action.CONFIRM_RESTART)
    controller.frame()
    assert controller.trainer.config.data.brush_spread == 0.05 and controller.trainer.dataset.centers.shape == (3, 2)
    assert not any(notice.level == "error" for notice in state.notices), state.notices
    other = tmp_path / "other.csv"  # another file named in the settings is read, not the running points reused
    other.write_text("0.5,0.5\n0.6,0.6\n0.7,0.7\n0.8,0.8\n")
    state.edit("data.file", str(other))
    state.request(Action.CONFIRM_RESTART)
    controller.frame()
    assert controller.trainer.config.data.file == str(other) and controller.trainer.dataset.centers.shape == (4, 2)
    controller.close()


def test_the_read_model_names_columns_and_follows_a_swapped_trainer(tmp_path):
    state, controller = make()
    state.edit("metrics.every", 2)
    for _ in range(4):
        state.request(Action.STEP)
    frame = controller.frame()
    assert list(frame.losses["iteration"]) == [1, 2, 3, 4] and list(frame.evals["iteration"]) == [2, 4]
    history = controller.trainer.history
    assert list(frame.losses["g_loss"]) == list(history.losses.column("g_loss"))
    assert list(frame.evals["js"]) == list(history.evals.column("js"))
    trainer = controller.trainer
    # the overview's D loss reads as the chart's, GAN Lab's: half the sum D's optimizer minimised (shown_d_loss)
    assert frame.loss("D") == frame.losses["d_loss"][-1] == float(trainer.last_d_loss) / 2
    assert frame.loss("G") == frame.losses["g_loss"][-1] == float(trainer.last_g_loss)
    assert frame.dataset.name == "gaussians" and not frame.dataset.mixture_of_modes
    with pytest.raises(KeyError, match="no column 'jsd'"):
        frame.evals["jsd"]
    with pytest.raises(ValueError):
        frame.losses.rows[0, 0] = 5.0  # read-only: panels cannot write the history
    state.request(Action.SAVE, tmp_path / "s")
    state.request(Action.STEP)
    controller.frame()
    state.request(Action.LOAD, tmp_path / "s")
    controller.frame()
    state.answer(True)  # an unsaved step: the load asked first
    loaded = controller.frame()
    assert loaded.run != frame.run and loaded.iteration == 4 and loaded.run[1] == frame.run[1]  # same run_id


def test_recorder_writes_png_sequences_and_mp4(tmp_path):
    import numpy as np
    from ganlab_gl.app.recorder import Recorder, RecordingError
    frames = [np.full((31, 40, 4), value, dtype=np.uint8) for value in (0, 128, 255)]
    sequence = Recorder(tmp_path / "frames")
    for frame in frames:
        sequence.add(frame)
    assert sorted(p.name for p in (tmp_path / "frames").iterdir()) == [f"frame-0000{i}.png" for i in (1, 2, 3)]
    with pytest.raises(RecordingError, match="frame size changed"):
        sequence.add(np.zeros((10, 10, 4), dtype=np.uint8))
    movie = Recorder(tmp_path / "movie.mp4")
    for frame in frames:
        movie.add(frame)
    movie.close()
    assert movie.frames == 3 and (tmp_path / "movie.mp4").stat().st_size > 500


def test_live_edits_survive_a_pending_restart_and_a_preset_pick_keeps_the_pending_edits():
    state, controller = make()
    state.request(Action.STEP)
    controller.frame()
    state.edit("generator.neurons", 12)
    state.edit("train.d_lr", 0.5)
    controller.frame()
    assert state.shown_config().train.d_lr == 0.5 and state.shown_config().generator.neurons == 12
    state.request(Action.PICK_DATASET, "ring")  # a dataset key while the restart waits: it restarts now
    controller.frame()
    state.answer(True)  # over the step's unsaved progress
    controller.frame()
    config = controller.trainer.config
    assert config.data.name == "ring" and config.train.d_lr == PRESETS["ring"].training["train.d_lr"]
    assert controller.trainer.generator[0].out_features == 12 and not state.pending_restart
    state.edit("generator.neurons", 8)
    state.edit("generator.neurons", 12)  # back to the running value: nothing pending
    assert not state.pending_restart


def test_a_nan_from_a_manual_step_pauses_at_once_and_save_refuses_it(tmp_path):
    state, controller = make()
    with torch.no_grad():
        next(controller.trainer.generator.parameters()).fill_(float("nan"))
    state.request(Action.STEP)
    controller.frame()
    assert controller.diverged and "training paused" in state.notices[-1].text
    state.request(Action.SAVE, tmp_path / "s")
    controller.frame()
    assert not (tmp_path / "s" / "checkpoint.safetensors").exists()
    assert state.notices[-1].text == "not saved: the weights hold NaN or Inf; revert (U) or reset (R) first"


def test_notices_name_the_keys_the_action_table_binds(tmp_path, monkeypatch):
    """Notices spelled their keys by hand ("revert (U)", "(Ctrl+R stops)"): a key bound elsewhere in the action
    table would have been misnamed. Rebound here, each notice follows the table."""
    from dataclasses import replace

    from ganlab_gl.app.actions import ACTION_ROWS
    for action, chord in ((Action.REVERT, "ctrl+z"), (Action.RESET, "ctrl+n"), (Action.SAVE, "f2"),
                          (Action.TOGGLE_RECORDING, "f9"), (Action.FINISH_DRAWING, "ctrl+enter"),
                          (Action.ESCAPE, "ctrl+w")):
        monkeypatch.setitem(ACTION_ROWS, action, replace(ACTION_ROWS[action], keys={chord: None}))
    state, controller = make()
    with torch.no_grad():
        next(controller.trainer.generator.parameters()).fill_(float("nan"))
    state.request(Action.STEP)
    controller.frame()
    state.request(Action.SAVE, tmp_path / "s")
    controller.frame()
    assert state.notices[-1].text == "not saved: the weights hold NaN or Inf; revert (Ctrl+Z) or reset (Ctrl+N) first"
    controller._on_training_bug(KeyError("betas"))
    assert "save it (F2) or revert (Ctrl+Z)" in state.notices[-1].text
    state.request(Action.START_DRAWING)
    state.request(Action.START_DRAWING)
    state.request(Action.PICK_DATASET, "ring")
    controller.frame()
    assert [n.text for n in list(state.notices)[-2:]] == [
        "drawing already: Ctrl+Enter trains on it, Ctrl+W leaves it, Clear starts over",
        "finish the drawing first: Ctrl+Enter trains on it, Ctrl+W leaves it"]
    controller.close()


def test_the_zoom_revert_and_rewound_edit_notices_name_the_keys_the_action_table_binds(monkeypatch):
    """They spelled "0 resets the view", "U undoes a NaN", "rewind (Left ...)" and "where B branches" by hand: rebound
    here, each notice follows the table."""
    from dataclasses import replace

    from ganlab_gl.app.actions import ACTION_ROWS
    for action, keys in ((Action.RESET_VIEW, {"ctrl+0": None}), (Action.REVERT, {"ctrl+z": None}),
                         (Action.SCRUB, {"ctrl+left": -1}), (Action.BRANCH, {"ctrl+b": None})):
        monkeypatch.setitem(ACTION_ROWS, action, replace(ACTION_ROWS[action], keys=keys))
    state, controller = make()
    state.request(Action.REVERT)
    controller.frame()
    assert state.notices[-1].text == ("no good state kept yet: Ctrl+Z undoes a NaN by going back to the last one; to "
                                      "look back, rewind (Ctrl+Left or the timeline bar)")
    for _ in range(200):
        state.request(Action.ZOOM_IN)
    controller.frame()
    assert state.notices[-1].text.endswith("x the data's view (Ctrl+0 resets the view)")
    step(state, controller, 3)
    state.request(Action.SHOW_ITERATION, 1)
    controller.frame()
    state.edit("train.g_lr", 0.01)
    controller.frame()
    assert state.notices[-1].text.endswith("(the present run's; the view stays at 1, where Ctrl+B branches with them)")
    controller.close()


def test_a_live_edit_says_what_changed_once_the_widget_is_let_go():
    """Rates, optimizers, the loss applied silently: a switch to lsgan dropped both loss curves unexplained. The
    notice names the setting as a student knows it: "train.d_lr" read as code."""
    state, controller = make()
    step(state, controller, 3)
    state.notices.clear()
    for value in (0.2, 0.05):  # a drag: two values, one notice from the first to the last
        state.edit("train.d_lr", value)
        controller.frame(editing=True)
        assert controller.trainer.config.train.d_lr == value and not state.notices  # applied at once, told later
    state.edit("train.loss", "lsgan")
    controller.frame()
    assert [n.text for n in state.notices] == [  # the loss by its title, as the graph shows it
        "from iteration 3: D's learning rate 0.1 → 0.05, loss type log → least squares"]
    controller.frame()
    assert len(state.notices) == 1
    state.request(Action.SHOW_ITERATION, 1)
    controller.frame()
    state.edit("train.g_lr", 0.01)
    controller.frame()
    assert state.notices[-1].text == ("from iteration 3: G's learning rate 0.03 → 0.01 (the present run's; the view "
                                      "stays at 1, where B branches with them)")
    controller.close()


def test_phase_stepping_with_nothing_to_step_says_so():
    state, controller = make()
    state.config.train.d_steps = 0
    state.config.train.g_steps = 0
    state.request(Action.STEP_PHASE)
    controller.frame()
    assert controller.phase is None and "nothing to step through" in state.notices[-1].text


def test_brush_spread_waits_for_the_drawing():
    state, controller = make()
    state.request(Action.STEP)
    controller.frame()
    state.drawing, state.brush_spread = True, 0.05
    controller.frame()
    assert controller.trainer.iteration_count == 1  # no restart while drawing
    state.drawn_points = [(0.3, 0.3), (0.7, 0.7)]
    state.request(Action.FINISH_DRAWING)
    controller.frame()
    assert "Train on the drawing, a new run?" in state.question.text and state.drawing  # the step is unsaved
    state.answer(True)
    controller.frame()
    assert controller.trainer.config.data.brush_spread == 0.05 and not state.drawing
    controller.close()


@pytest.mark.parametrize("follow", [Action.PLAY_PAUSE, Action.STEP_PHASE, Action.SLOW_MOTION])
def test_slow_motions_hint_goes_once_followed_or_left(follow):
    """S while paused says "Space plays each phase..., Period steps one"; Space, Period (or S again) did what it said,
    yet it stood 5 s over the canvas as the walk played (in lecture mode at 1280x800, over a pane's caption)."""
    state, controller = make()
    state.request(Action.SLOW_MOTION)
    controller.frame()
    assert "Space plays each phase" in state.notices[-1].text
    state.request(follow)
    controller.frame()
    assert not [notice.text for notice in state.notices if "plays each phase" in notice.text]
    controller.close()


def test_the_drawing_hint_goes_as_drawing_starts():
    """Enter outside drawing mode says "8 (Draw your own) starts one"; 8 did, and the hint stood over the empty
    drawing canvas."""
    state, controller = make()
    state.request(Action.FINISH_DRAWING)
    state.request(Action.UNDO)
    controller.frame()
    assert sum(notice.text.endswith("starts one") for notice in state.notices) == 2
    state.request(Action.START_DRAWING)
    controller.frame()
    assert state.drawing and not [notice.text for notice in state.notices if notice.text.endswith("starts one")]
    controller.close()


def test_enter_and_ctrl_z_outside_drawing_mode_say_once_what_they_are_for():
    """Drawing mode's Enter and Ctrl+Z did nothing to see outside it: each says, once a session, what it does and
    how drawing starts, named by the action table's keys; pressed again (by reflex), nothing more."""
    state, controller = make()
    for _ in range(3):
        state.request(Action.FINISH_DRAWING)
        state.request(Action.UNDO)
        controller.frame()
    assert [notice.text for notice in state.notices][-2:] == [
        "Enter trains on a drawing: 8 (Draw your own) starts one",
        "Ctrl+Z undoes a drawing's last stroke: 8 (Draw your own) starts one"]
    assert sum(notice.text.endswith("starts one") for notice in state.notices) == 2 and not state.drawing
    assert state.question is None and controller.trainer.dataset.name == "gaussians"
    controller.close()


@pytest.mark.parametrize("points", [[], [(0.3, 0.3)]])
def test_an_empty_drawing_is_refused_before_anything_is_asked(points):
    """Enter with no points said "needs at least 2 points, got 0" and not how to add them."""
    state, controller = make()
    state.request(Action.STEP)
    controller.frame()
    state.drawing, state.drawn_points = True, list(points)
    state.request(Action.FINISH_DRAWING)
    controller.frame()
    assert state.question is None and state.notices[-1].text == (
        f"drawing: needs at least 2 points, got {len(points)}; drag on the canvas to draw them")
    assert state.drawing and controller.trainer.iteration_count == 1  # the drawing and the run as they were
    controller.close()


def test_reset_keeps_revert_points_coming():
    state, controller = make()
    state.view.playback.good_state_every = 10
    step(state, controller, 25)
    state.request(Action.RESET)
    controller.frame()
    state.answer(True)  # 25 unsaved iterations: the reset asked first
    controller.frame()
    step(state, controller, 10)
    assert controller.trainer._good_state[0]["iteration"] == 10  # the reset's start (0), then every 10; not at 30


@pytest.mark.parametrize("action, argument", [(Action.RESET, None), (Action.PICK_EXPERIMENT, "ring8-vanilla")])
def test_a_trained_unsaved_run_is_replaced_only_after_a_yes(tmp_path, action, argument):
    state, controller = make()
    state.request(Action.RESET)  # iteration 0: nothing to lose, no question
    controller.frame()
    assert state.question is None
    state.request(Action.STEP)
    controller.frame()
    running = (controller.trainer.run_id, controller.trainer.iteration_count)
    state.request(action, argument)
    controller.frame()
    assert state.question is not None and "at iteration 1 is not saved" in state.question.text
    assert (controller.trainer.run_id, controller.trainer.iteration_count) == running
    state.answer(False)
    controller.frame()
    assert (controller.trainer.run_id, controller.trainer.iteration_count) == running
    state.request(action, argument)
    controller.frame()
    state.answer(True)
    controller.frame()
    assert controller.trainer.iteration_count == 0 and state.question is None
    state.request(Action.STEP)
    state.request(action, argument)  # the yes was used up: a new trained run asks again
    controller.frame()
    assert state.question is not None
    state.answer(False)
    state.request(Action.SAVE, tmp_path / "s")
    state.request(action, argument)  # saved: nothing to lose, nothing asked
    controller.frame()
    assert state.question is None


@pytest.mark.parametrize("key", ["probe.shown_samples", "probe.shown_fakes"])
def test_a_paused_lab_shows_a_new_sample_count_at_once(key):
    """Paused and at rest, nothing is probed again, except when what the probe shows changes: the counts too."""
    state, controller = make()
    for _ in range(3):
        before = controller.frame().snapshot
    state.edit(key, 40)
    after = controller.frame().snapshot
    shown = after.real if key == "probe.shown_samples" else after.fake
    assert len(shown) == 40 and after is not before


@pytest.mark.parametrize("drawing", [False, True])
def test_restart_now_plays_on_only_after_the_question_it_asked(tmp_path, monkeypatch, drawing):
    """A cancelled question left its "the run played" behind: a later Restart now, asking nothing, started a
    paused run playing, behind a drawing too, where Space could no longer stop it."""
    monkeypatch.setenv("GANLAB_GL_OUTPUT", str(tmp_path))
    state, controller = make()
    state.request(Action.STEP)
    controller.frame()
    state.playing = True
    state.request(Action.RESET)  # over unsaved progress: asked, paused meanwhile
    controller.frame()
    assert state.question is not None and not state.playing and controller._paused_to_ask
    state.answer(False)
    state.request(Action.SAVE)  # nothing unsaved now: the next Restart now asks nothing
    if drawing:
        state.request(Action.START_DRAWING)
    controller.frame()
    state.edit("generator.neurons", 6)
    state.request(Action.CONFIRM_RESTART)
    controller.frame()
    assert controller.trainer.config.generator.neurons == 6 and state.question is None
    assert not state.playing
    controller.close()


def test_restart_now_plays_on_after_the_yes_to_its_question_but_not_behind_a_drawing():
    state, controller = make()
    state.request(Action.STEP)
    controller.frame()
    state.playing = True
    state.edit("generator.neurons", 6)
    state.request(Action.CONFIRM_RESTART)
    controller.frame()
    assert state.question is not None and not state.playing
    state.answer(True)
    controller.frame()
    assert controller.trainer.config.generator.neurons == 6 and state.playing
    controller.close()


def test_eight_again_while_drawing_keeps_the_strokes():
    state, controller = make()
    state.request(Action.START_DRAWING)
    controller.frame()
    state.drawn_points = [(0.3, 0.3), (0.7, 0.7)]
    state.request(Action.START_DRAWING)
    controller.frame()
    assert state.drawing and state.drawn_points == [(0.3, 0.3), (0.7, 0.7)]
    assert "Clear starts over" in state.notices[-1].text
    controller.close()


def test_right_while_rewound_steps_through_kept_iterations_while_drawing():
    """Right only shows the next kept iteration there, training nothing: as Left, it is not refused."""
    state, controller = make()
    for _ in range(5):
        state.request(Action.STEP)
    controller.frame()
    state.request(Action.SHOW_ITERATION, 2)
    state.request(Action.START_DRAWING)
    controller.frame()
    shown = controller.read_model().timeline.shown
    state.request(Action.FORWARD)
    controller.frame()
    assert controller.read_model().timeline.shown > shown and controller.trainer.iteration_count == 5
    controller.close()


@pytest.mark.parametrize("action, words", [(Action.STEP, "one more"), (Action.STEP_D, "one discriminator update"),
                                           (Action.STEP_G, "one generator update")])
def test_a_step_in_the_middle_of_a_phase_walk_says_it_finished_the_iteration_first(action, words):
    """After a few phase steps (.), N, D or G finished the walked iteration unseen and then stepped: the counter
    went up by two and the phase went out, with nothing saying why."""
    state, controller = make()
    for _ in range(3):
        state.request(Action.STEP_PHASE)
        controller.frame()
    state.request(action)
    controller.frame()
    assert controller.trainer.iteration_count == 2 and controller.phase is None
    assert state.notices[-1].text == f"finished the iteration in progress first (iteration 1), then {words}"


def test_a_revert_in_the_middle_of_a_phase_walk_says_it_left_the_walk():
    """U after a few phase steps (.) on a healthy run went back to the last good state and the walked phase went out
    with only "reverted to iteration 1" said; it says the walk was left too. With no walk under way, only the
    revert is said."""
    state, controller = make()
    for _ in range(3):
        state.request(Action.STEP_PHASE)
        controller.frame()
    assert controller.walk is not None and not controller.diverged
    state.request(Action.REVERT)
    controller.frame()
    assert controller.walk is None and controller.phase is None and state.question is None
    assert state.notices[-1].text == "reverted to iteration 0, leaving the iteration being walked phase by phase"
    state.request(Action.REVERT)
    controller.frame()
    assert state.notices[-1].text == "reverted to iteration 0"
    controller.close()


def test_the_revert_question_in_the_middle_of_a_phase_walk_says_the_walk_goes_too():
    """U's question over unsaved iterations named only those dropped, the walked iteration's loss said after the
    answer alone: a student learns before answering that the phase walk is left too."""
    state, controller = make()
    for _ in range(3):
        state.request(Action.STEP)
    controller.frame()
    good = controller.trainer.good_iteration
    state.request(Action.STEP_PHASE)
    controller.frame()
    state.request(Action.STEP_PHASE)
    controller.frame()
    assert controller.walk is not None and controller.trainer.iteration_count == 3 and good < 3
    state.request(Action.REVERT)
    controller.frame()
    assert state.question.title == "Revert?" and state.question.text.endswith(
        f"Revert to the last good state, iteration {good:,}, dropping the {3 - good:,} iterations after it and "
        "leaving the iteration being walked phase by phase?")
    state.answer(True)
    controller.frame()
    assert controller.walk is None and controller.trainer.iteration_count == good
    assert state.notices[-1].text == (f"reverted to iteration {good:,}, leaving the iteration being walked phase by "
                                      "phase")
    controller.close()


@pytest.mark.parametrize("action", [Action.STEP_G, Action.STEP, Action.STEP_PHASE])
def test_the_next_step_takes_down_the_last_steps_notice(action):
    """Walked phases, D said "finished the iteration in progress first (iteration 1), then one discriminator
    update"; G after it stepped G, and that notice stayed up seconds more beside the graph's words for the G step.
    The next step (one iteration, a network, a phase) replaces it; other notices stay."""
    state, controller = make()
    for _ in range(3):
        state.request(Action.STEP_PHASE)
        controller.frame()
    state.request(Action.STEP_D)
    controller.frame()
    state.notify("a notice of something else")
    state.request(action)
    controller.frame()
    assert [notice.text for notice in state.notices if "finished the iteration" in notice.text] == []
    assert any(notice.text == "a notice of something else" for notice in state.notices)
    controller.close()


def test_a_timeline_cap_beyond_the_machines_memory_is_refused(monkeypatch):
    """timeline.memory_mb took up to 65536 MB whatever the machine held, and the timeline grows to its cap (wide
    networks with Adam fill gigabytes in minutes). A cap above the training device's memory is refused, naming
    both; the cap in force stays."""
    from ganlab_gl.core import device
    monkeypatch.setattr(device, "memory_mb", lambda choice: ("this machine's", 1024))
    state, controller = make()
    state.edit("timeline.memory_mb", 2048)
    controller.frame()
    assert state.config.timeline.memory_mb == 64 and controller.trainer.timeline.cap_bytes == 64 * 2**20
    assert (state.notices[-1].level, state.notices[-1].text) == (
        "error", "timeline.memory_mb: 2048 is above this machine's memory, 1,024 MB")
    state.edit("timeline.memory_mb", 1024)
    controller.frame()
    assert controller.trainer.timeline.cap_bytes == 1024 * 2**20
    controller.close()


def test_an_imported_file_far_from_the_unit_square_is_told_at_import_and_at_start(tmp_path):
    """Longitude and latitude trained without the generator ever reaching them, and nothing said why."""
    data = tmp_path / "geo.csv"
    data.write_text("lon,lat\n-126,32\n-76.5,45.5\n-100,40\n")
    state, controller = make()
    controller.frame()
    state.request(Action.IMPORT_FILE, str(data))
    controller.frame()
    note = (f"{data}: the points reach 126 (x -126..-76.5, y 32..45.5); GAN Lab's networks and rates are made for "
            "data near the unit square, so training may crawl: rescale the data to about 0..1")
    assert [(n.text, n.level) for n in list(state.notices)[-2:]] == [(f"imported 3 points from {data}", "info"),
                                                                    (note, "warning")]
    frame = controller.frame()  # the data panel names it: "Training on geo.csv (3 points)"
    assert (frame.dataset.name, frame.dataset.file, frame.dataset.user_points) == ("file", str(data), 3)
    step(state, controller, 2)
    state.edit("train.g_lr", 0.05)  # a live edit keeps the dataset: nothing more to say about it
    controller.frame()
    assert [n.text for n in state.notices].count(note) == 1
    controller.close()
    state = AppState()
    state.config.set("data.name", "file")
    state.config.set("data.file", str(data))
    controller = Controller(state, FakeClock())  # ganlab-gl lab --set data.name=file --set data.file=...
    assert (note, "warning") in [(n.text, n.level) for n in state.notices]
    controller.close()


def test_a_state_json_setting_refusal_names_the_file_once():
    """'S/state.json: not a ganlab-gl session state (S/state.json: unknown setting ...)' named the file twice and
    called a setting of another version no session state."""
    from ganlab_gl.core.settings import SettingError
    tree = json.loads(AppState().to_json())
    tree["config"]["train"]["sharpness"] = 2
    with pytest.raises(SettingError) as info:
        AppState().load_json(json.dumps(tree), "S/state.json")
    assert str(info.value) == "S/state.json: unknown setting 'train.sharpness' (see ganlab-gl settings for the list)"


def test_a_newer_versions_view_settings_are_left_out_with_one_notice_and_the_session_loads(tmp_path):
    """A state.json saved by a newer ganlab-gl, with a view setting (or a whole view section) this one does not
    know, refused the whole session; what it knows is taken, and one notice names what was left out."""
    state, controller = make()
    state.view.heatmap.visible = False
    state.request(Action.STEP)
    state.request(Action.SAVE, tmp_path / "s")
    controller.frame()
    controller.finish_save(wait=True)
    path = tmp_path / "s" / "state.json"
    tree = json.loads(path.read_text())
    tree["view"]["heatmap"]["sharpness"] = 2
    tree["view"]["minimap"] = {"visible": True}
    path.write_text(json.dumps(tree))
    state.view.heatmap.visible = True
    state.request(Action.LOAD, tmp_path / "s")
    controller.frame()
    assert state.question is None and controller.trainer.iteration_count == 1
    assert state.view.heatmap.visible is False  # the known view settings are the saved ones
    left_out = [n for n in state.notices if "does not know" in n.text]
    assert [(n.text, n.level) for n in left_out] == [
        (f"{path}: left out view settings this version does not know (a newer one's?): 'heatmap.sharpness', "
         "'minimap'", "warning")]
    assert state.notices[-1].text.startswith("loaded ")
    assert_documented(left_out[0].text)
    controller.close()


@pytest.mark.parametrize("pasted", ['"{}"', "'{}'", "file://{}"])
def test_a_pasted_path_imports_without_its_quotes_or_file_address(tmp_path, pasted):
    """A path copied from a file manager or a terminal comes quoted or as a file:// address; the import said "no
    such file" and named the quotes."""
    from urllib.parse import quote
    data = tmp_path / "my data.csv"
    data.write_text("0.1,0.1\n0.9,0.9\n0.5,0.2\n")
    state, controller = make()
    state.request(Action.IMPORT_FILE, pasted.format(quote(str(data)) if pasted.startswith("file") else data))
    controller.frame()
    assert controller.trainer.dataset.name == "file" and state.config.data.file == str(data), state.notices
    controller.close()


def test_picking_an_experiment_starts_its_protocol_says_what_it_is_and_a_preset_brings_gan_labs_back():
    """The six research protocols were selectable only with `lab --experiment` at launch, and nothing in the window
    said what ran: the data panel's list starts one, in one notice naming the paper, the networks, the optimizer,
    the batch, the updates and the length; picking a GAN Lab preset after it gives GAN Lab's config back."""
    from ganlab_gl.core.experiments import experiment_config
    state, controller = make()
    state.edit("probe.shown_samples", 100)
    state.edit("run.seed", 7)
    controller.frame()
    state.notices.clear()
    state.request(Action.PICK_EXPERIMENT, "grid25-wgan-gp")
    controller.frame()
    assert len(state.notices) == 1, [n.text for n in state.notices]
    said = state.notices[-1].text
    for words in ("experiment grid25-wgan-gp: Grid of 25 Gaussians: WGAN-GP", "PacGAN (Lin et al. 2018)",
                  "G 4 x 64, D 3 x 64", "Adam lr 0.001 (betas 0.5, 0.9), batch 256", "5 critic updates per G update",
                  "12,000 iterations"):
        assert words in said, (words, said)
    expected = experiment_config("grid25-wgan-gp")
    assert [key for key in expected.changed_keys(controller.trainer.config)
            if not key.startswith(("probe.", "run."))] == []
    assert state.config.probe.shown_samples == 100 and state.config.run.seed == 7  # the view and the seed stay
    state.notices.clear()
    state.request(Action.PICK_DATASET, "gaussians")
    controller.frame()
    assert [n.text for n in state.notices] == ["Two Gaussians: trains with GAN Lab's settings (see the graph)"]
    gan_lab = AppState().config
    assert [key for key in gan_lab.changed_keys(controller.trainer.config)
            if not key.startswith(("probe.", "run."))] == []
    controller.close()


def test_an_experiment_that_differs_in_live_settings_alone_still_starts_a_new_run():
    """ring8-vanilla to ring8-hinge changes the loss and beta2 alone, which a run takes in place: the protocol
    trains from iteration 0, so the pick starts afresh (after asking, over unsaved progress)."""
    state, controller = make()
    state.request(Action.PICK_EXPERIMENT, "ring8-vanilla")
    controller.frame()
    step(state, controller, 3)
    state.request(Action.PICK_EXPERIMENT, "ring8-hinge")
    controller.frame()
    assert "Start experiment ring8-hinge, a new run?" in state.question.text
    state.answer(True)
    controller.frame()
    assert controller.trainer.iteration_count == 0 and controller.trainer.config.train.loss == "hinge"
    state.request(Action.PICK_EXPERIMENT, "ring9-vanilla")
    controller.frame()
    assert state.notices[-1].level == "error" and "known experiments: ring8-vanilla" in state.notices[-1].text
    controller.close()


def test_an_experiment_that_reaches_its_end_says_so_and_where_its_numbers_are(monkeypatch):
    """At 20,000 iterations a protocol's play stopped with a word about the learning rates alone: the notice names
    the experiment as done and says where its modes, high-quality share and reverse KL are. (Its length shortened
    to 10, the run still taken for the experiment: 20,000 iterations would take minutes here.)"""
    import ganlab_gl.app.controller as controller_module
    state, controller = make()
    state.view.playback.max_iterations_per_frame = 7
    state.edit("train.lr_decay_end", 10)
    state.request(Action.PLAY_PAUSE)
    play_frames(state, controller, 2)
    monkeypatch.setattr(controller_module, "running_experiment", lambda config: "ring8-hinge")
    controller.frame()
    said = state.notices[-1].text
    assert not state.playing and said.startswith("experiment ring8-hinge is done: the learning rates reached 0 at "
                                                 "iteration 10")
    assert "under the mode coverage chart" in said and "docs/TRAINING.md" in said
    controller.close()


def test_a_lasting_notice_stays_when_more_notices_come_than_the_lab_keeps():
    """The notices are kept eight at a time: eight quick ones during a long screenshot or save pushed out its
    progress notice, which then never showed again. The oldest notice that is not work in progress makes room."""
    state = AppState()
    progress = state.notify("drawing the screenshot: 1 of 64 parts", lasting=True)
    for number in range(20):
        state.notify(f"notice {number}")
    assert any(shown is progress for shown in state.notices) and len(state.notices) == 8
    assert [shown.text for shown in state.notices][1:] == [f"notice {number}" for number in range(13, 20)]
    state.withdraw(progress)
    assert all(shown is not progress for shown in state.notices)


def test_an_untouched_pretrained_model_goes_without_asking_unless_the_run_it_set_aside_was_unsaved(tmp_path,
                                                                                                   monkeypatch):
    """Ticking the pre-trained model and then picking another preset, drawing or quitting asked 'The gaussians
    run at iteration 8,000 is not saved': the shipped model, which the tick loads again, as if it were the user's
    progress. Untouched, it is not; the run it set aside with unsaved steps still is (named as that run: Ctrl+S, as
    the question said, saved the shipped model and the user's own run was lost), and steps on it are."""
    monkeypatch.setenv("GANLAB_GL_OUTPUT", str(tmp_path))
    state, controller = make()
    state.request(Action.USE_PRETRAINED, True)
    controller.frame()
    assert controller.may_quit() and state.question is None
    state.request(Action.PICK_DATASET, "ring")
    controller.frame()
    assert state.question is None and controller.trainer.dataset.name == "ring"
    for _ in range(3):
        state.request(Action.STEP)
    state.request(Action.USE_PRETRAINED, True)
    controller.frame()
    assert controller.pretrained == "ring"
    state.request(Action.PICK_EXPERIMENT, "ring8-vanilla")  # a preset pick asks nothing: Ctrl+Z brings it back
    controller.frame()
    # 3 steps set aside, which Ctrl+S would not save: the question names them, not the shipped model
    assert state.question.text.startswith("Your own run on Ring at iteration 3, set aside by the pre-trained model, is "
                                          "not saved (untick Use pre-trained model") and controller.pretrained
    state.answer(False)
    assert not controller.may_quit() and state.question.text.startswith("Your own run on Ring at iteration 3")
    assert state.question.save_first is None  # "Save and quit" would have saved the shipped model
    state.answer(False)
    state.request(Action.USE_PRETRAINED, False)
    controller.frame()
    assert controller.trainer.iteration_count == 3
    state.request(Action.SAVE)
    controller.frame()
    controller.finish_save(wait=True)
    state.request(Action.USE_PRETRAINED, True)
    controller.frame()
    assert controller.may_quit()  # the run set aside is saved now
    state.request(Action.STEP)  # a step on the shipped model is the user's
    controller.frame()
    assert not controller.may_quit() and "is not saved" in state.question.text
    controller.close()


def _own_ring_run_of_3_steps(tmp_path, monkeypatch):
    """(state, controller) of an unsaved ring run at iteration 3, saving to `tmp_path`."""
    monkeypatch.setenv("GANLAB_GL_OUTPUT", str(tmp_path))
    state, controller = make()
    state.request(Action.PICK_DATASET, "ring")
    controller.frame()
    for _ in range(3):
        state.request(Action.STEP)
    return state, controller


def test_asking_for_the_pretrained_model_already_loaded_keeps_the_run_it_set_aside(tmp_path, monkeypatch):
    """USE_PRETRAINED with on=True over the shipped model already loaded loaded it again, setting aside the shipped
    model in place of the user's own run, which unticking then could not bring back."""
    state, controller = _own_ring_run_of_3_steps(tmp_path, monkeypatch)
    for _ in range(2):
        state.request(Action.USE_PRETRAINED, True)
        controller.frame()
    assert controller.pretrained == "ring"
    state.request(Action.USE_PRETRAINED, False)
    controller.frame()
    assert controller.pretrained is None and controller.trainer.iteration_count == 3
    controller.close()


def test_steps_on_the_pretrained_model_over_an_unsaved_own_run_ask_about_both(tmp_path, monkeypatch):
    """The user's own run with unsaved steps, set aside by the pre-trained model, and steps then taken on that model:
    starting an experiment (as picking another preset did) or quitting loses both, but the question named only the
    pre-trained run ('The ring run at iteration 8,001 is not saved'), so a user who saved it as told still lost their
    own run."""
    state, controller = _own_ring_run_of_3_steps(tmp_path, monkeypatch)
    state.request(Action.USE_PRETRAINED, True)
    state.request(Action.STEP)
    controller.frame()
    shipped = controller.trainer.iteration_count
    state.request(Action.PICK_EXPERIMENT, "ring8-vanilla")
    controller.frame()
    asked = state.question.text
    assert asked.startswith(f"The run on Ring at iteration {shipped:,} is not saved ({key_of(Action.SAVE)} saves it "
                            "to ")
    assert "nor is your own run on Ring at iteration 3, set aside by the pre-trained model" in asked
    state.answer(False)
    assert not controller.may_quit()
    asked = state.question.text
    assert "nor is your own run on Ring at iteration 3" in asked and "Save the pre-trained one to " in asked
    assert state.question.save_first == "Save and quit"  # it saves the run on screen, which the question names
    state.answer(False)
    for action in (Action.REVERT, Action.USE_PRETRAINED, Action.RESET):  # these leave the run set aside as it is
        state.request(action, False if action is Action.USE_PRETRAINED else None)
        controller.frame()
        asked = state.question.text
        assert asked.startswith(f"The run on Ring at iteration {shipped:,} is not saved") and "nor is" not in asked, \
            action
        state.answer(False)
    controller.close()


def test_a_reset_of_the_untouched_pretrained_model_over_an_unsaved_own_run_asks_nothing_and_keeps_it(tmp_path,
                                                                                                    monkeypatch):
    """It asked whether to drop the user's own run set aside, which a reset to the shipped model keeps."""
    state, controller = _own_ring_run_of_3_steps(tmp_path, monkeypatch)
    state.request(Action.USE_PRETRAINED, True)
    state.request(Action.RESET)
    controller.frame()
    assert state.question is None and controller.pretrained == "ring"
    state.request(Action.USE_PRETRAINED, False)
    controller.frame()
    assert state.question is None and controller.trainer.iteration_count == 3
    controller.close()


def test_a_saved_pretrained_run_still_asks_about_the_unsaved_own_run_it_set_aside(tmp_path, monkeypatch):
    """Steps on the pre-trained model over an unsaved own run, the pre-trained run then saved as the question told:
    starting an experiment (as picking another preset did) or quitting asked nothing (the run on screen was saved),
    and the user's own run was lost. Unticking keeps the run set aside: it asks nothing."""
    state, controller = _own_ring_run_of_3_steps(tmp_path, monkeypatch)
    state.request(Action.USE_PRETRAINED, True)
    state.request(Action.STEP)
    state.request(Action.SAVE)
    controller.frame()
    controller.finish_save(wait=True)
    state.request(Action.PICK_EXPERIMENT, "ring8-vanilla")
    controller.frame()
    assert controller.trainer.dataset.name == "ring" and state.question.text.startswith(
        "Your own run on Ring at iteration 3, set aside by the pre-trained model, is not saved (untick Use pre-trained")
    state.answer(False)
    assert not controller.may_quit() and state.question.text.startswith("Your own run on Ring at iteration 3")
    assert state.question.save_first is None  # "Save and quit" would save the pre-trained run again
    state.answer(False)
    state.request(Action.USE_PRETRAINED, False)
    controller.frame()
    assert state.question is None and controller.pretrained is None and controller.trainer.iteration_count == 3
    controller.close()


def test_every_sentence_naming_a_dataset_names_it_by_its_title(tmp_path):
    """The lab named data by its setting id ("Switch to ring8", "The gaussians run at iteration 1", "ring8: ...")
    where its thumbnails' tooltips named it "Ring of 8": a person sees the titles, the ids are for --set. Every
    preset is picked over an unsaved run, its pre-trained model asked for, then a drawing and a file replace the
    run: each question and notice names the data by its title, and no preset's id stands alone in one."""
    from ganlab_gl.core.presets import data_title
    state, controller = make()
    said = []

    def frame_said():
        controller.frame()
        said.extend(notice.text for notice in state.notices)
        state.notices.clear()
        if state.question is not None:
            said.append(state.question.text)
            state.answer(True)
            controller.frame()

    for name in PRESETS:
        step(state, controller, 1)
        state.request(Action.PICK_DATASET, name)
        frame_said()
        state.request(Action.USE_PRETRAINED, True)
        frame_said()
        state.request(Action.USE_PRETRAINED, False)
        frame_said()
    step(state, controller, 1)
    state.drawing, state.drawn_points = True, [(0.2 + 0.03 * t, 0.8) for t in range(21)]
    state.request(Action.FINISH_DRAWING)
    frame_said()
    step(state, controller, 1)
    data = tmp_path / "points.csv"
    data.write_text("0.1,0.1\n0.2,0.2\n0.3,0.4\n")
    state.request(Action.IMPORT_FILE, str(data))
    frame_said()
    step(state, controller, 1)
    assert not controller.may_quit()
    said.append(state.question.text)
    controller.close()
    text = "\n".join(said)
    for name in [*PRESETS, "drawing"]:  # a pick keeps the run it replaces for Ctrl+Z; a drawing asks first
        assert (f"run on {data_title(name)} at iteration 1 is not saved" in text
                or f"back the run on {data_title(name)} at iteration 1 (it is not saved)" in text), name
    assert "The run on points.csv at iteration 1 is not saved" in text
    assert all(f"{preset.title}: " in text for preset in PRESETS.values())  # each pick's notice
    assert "no pre-trained model ships for Swiss roll" in text
    for name in PRESETS:  # an experiment's id (ring8-vanilla) is typed as it is, and may name its data's
        assert not re.search(rf"(?<![\w.=-]){name}(?![\w-])", text), (name, text)


def test_a_stall_is_called_one_only_once_it_lasts():
    """The words under the graph said "Stuck" over a healthy Disjoint run (seed 2) whose D was silent at every fake
    for 25 iterations (bench/stuck.py): a stall is now called one where the live run's snapshots have shown it for
    STALL_LASTS iterations, and no longer after a new run, a step back or a change of kind."""
    from ganlab_gl.app.controller import STALL_LASTS, StallWatch
    watch, run = StallWatch(), (1, 1)
    assert watch.seen(run, 10, "d_flat") is None
    assert watch.seen(run, 10 + STALL_LASTS - 1, "d_flat") is None
    assert watch.seen(run, 10 + STALL_LASTS, "d_flat") == "d_flat"
    assert watch.seen(run, 10 + STALL_LASTS + 1, "g_point") is None  # another stall starts its own count
    assert watch.seen(run, 500, None) is None and watch.seen(run, 500, "d_flat") is None  # a break starts again
    assert watch.seen((2, 1), 500 + STALL_LASTS, "d_flat") is None  # another run
    assert watch.seen((2, 1), 400, "d_flat") is None  # a step back (a branch, a revert)
    assert watch.seen((2, 1), 400 + STALL_LASTS, "d_flat") == "d_flat"


def test_the_lab_calls_a_silenced_d_stuck_once_it_has_stayed_silent():
    """D's weights all zero: its output is flat everywhere, every fake's arrow zero, and no update can wake it. The
    frame calls it stuck once it has lasted STALL_LASTS iterations, not at the first silent snapshot."""
    from ganlab_gl.app.controller import STALL_LASTS
    state, controller = make()
    with torch.no_grad():
        for p in controller.trainer.discriminator.parameters():
            p.zero_()
    frames = []
    for steps in (1, STALL_LASTS - 2, 2):
        for _ in range(steps):
            state.request(Action.STEP)
        frames.append(controller.frame())
    assert [f.snapshot.stuck for f in frames] == ["d_flat"] * 3
    assert [f.iteration for f in frames] == [1, STALL_LASTS - 1, STALL_LASTS + 1]
    assert [f.stalled for f in frames] == [None, None, "d_flat"]
    state.request(Action.SCRUB, -1)  # a look back, and the present again: still stuck, and called so at once
    assert controller.frame().stalled is None and controller.rewind.iteration is not None
    state.request(Action.SHOW_ITERATION, "present")
    back = controller.frame()
    assert controller.rewind.iteration is None and back.iteration == STALL_LASTS + 1 and back.stalled == "d_flat"
    controller.close()


def test_a_rate_edited_mid_walk_says_the_walks_next_update_takes_it():
    """Slow motion at iteration 1's D gradients phase: the edit said "from iteration 0" while the counter read 1.
    The rate changes in place, so the walk's next update, D's own at phase 5, already moves D at the new rate."""
    state, controller = make()
    state.config.train.d_steps = 1  # phase 5 makes one update: its step is the rate times phase 4's gradients
    for _ in range(4):  # D's fakes, predictions, loss, gradients
        state.request(Action.STEP_PHASE)
        controller.frame()
    assert (controller.phase.network, controller.phase.name) == ("D", "gradients")
    before = params(controller.trainer.discriminator)
    gradients = [g.detach().clone() for g in controller.phase.tensors.values()]
    state.notices.clear()
    state.edit("train.d_lr", 0.3)
    frame = controller.frame()
    assert frame.counted_iteration == 1
    assert state.notices[-1].text == ("from the next update on (iteration 1 is being walked): D's learning rate "
                                      "0.1 → 0.3")
    state.request(Action.STEP_PHASE)
    controller.frame()
    assert controller.phase.name == "update"
    moved = [old - new for old, new in zip(before, params(controller.trainer.discriminator))]
    assert all(torch.allclose(step, 0.3 * g, atol=1e-7) for step, g in zip(moved, gradients))
    controller.close()
