"""Compare (issue 14): runs beside the main one, stepped together, in sessions; the controller without a window."""

import json

import pytest
from imgui_bundle import imgui
import torch

from ganlab_gl.app.actions import ACTION_ROWS, Action
from ganlab_gl.app.comparison import COMPARE_FILE, parse_overrides
from ganlab_gl.app.controller import Controller
from ganlab_gl.app.state import AppState
from ganlab_gl.core import checkpoint
from ganlab_gl.core.experiments import experiment_config, running_experiment, with_experiment
from ganlab_gl.core.settings import GanConfig, SettingError
from test_errors_doc import assert_documented


class FakeClock:
    now = 0.0

    def __call__(self):
        return self.now


def load_answering_yes(state, controller, folder) -> None:
    """Load the session in `folder`, answering yes if the lab asks first (to replace the run)."""
    state.request(Action.LOAD, folder)
    controller.frame()
    if state.question is not None:
        state.answer(True)
        controller.frame()


def comparing(*overrides, experiment=None):
    """A controller comparing the main run (`experiment`'s protocol where named) with one run per `overrides`
    text."""
    state = AppState()
    if experiment:
        state.config = with_experiment(state.config, experiment)
    state.view.playback.max_iterations_per_frame = 9
    state.view.playback.frame_budget_ms = 1  # several chunks per frame
    controller = Controller(state, FakeClock())
    for text in overrides:
        state.request(Action.COMPARE_ADD, text)
    controller.frame()
    assert len(controller.comparison) == len(overrides), [n.text for n in state.notices]
    return state, controller


def step(state, controller, count, action=Action.STEP):
    """`count` requests of `action`, served in one frame."""
    for _ in range(count):
        state.request(action)
    controller.frame()


def trainers(controller):
    return [controller.trainer, *(run.trainer for run in controller.comparison.runs)]


def iterations(controller):
    return [t.iteration_count for t in trainers(controller)]


def weights(trainer):
    return [p.detach().clone() for p in (*trainer.generator.parameters(), *trainer.discriminator.parameters())]


def same(a, b):
    return all(torch.equal(x, y) for x, y in zip(a, b, strict=True))


def play(state, controller, frames):
    for _ in range(frames):
        controller.frame()
        assert controller.training.wait_idle(timeout=120)


def test_overrides_parse_as_declared_and_bad_ones_are_one_line():
    assert parse_overrides("train.loss=wgan-gp, train.g_lr=0.01") == {"train.loss": "wgan-gp", "train.g_lr": 0.01}
    for text, named in (("train.los=hinge", "train.los"), ("train.g_lr=fast", "train.g_lr"),
                        ("train.g_lr=99", "maximum"), ("data.name=ring", "data.name"), ("loss", "section.key")):
        with pytest.raises(SettingError, match=named) as caught:
            parse_overrides(text)
        assert "\n" not in str(caught.value)


def test_runs_stay_at_the_same_iteration_through_play_steps_and_the_phase_walk():
    state, controller = comparing("train.loss=wgan-gp", "train.g_lr=0.01")
    state.request(Action.PLAY_PAUSE)
    play(state, controller, 3)
    state.request(Action.PLAY_PAUSE)
    controller.frame()
    assert iterations(controller) == [27] * 3
    for action in (Action.STEP, Action.STEP_D, Action.STEP_G):
        state.request(action)
    controller.frame()
    assert iterations(controller) == [30] * 3
    for _ in range(4):  # D's 2 updates walked as 5 phases: the walk is inside iteration 31
        state.request(Action.STEP_PHASE)
    controller.frame()
    assert iterations(controller) == [30] * 3
    for _ in range(7):  # the rest of its 10 phases (D's, then G's 1 update), then one phase into the next
        state.request(Action.STEP_PHASE)
    controller.frame()
    assert iterations(controller) == [31] * 3  # the walked iteration ended: the others took it whole
    state.request(Action.RESET)
    controller.frame()
    state.answer(True)  # unsaved progress: a reset asks first
    controller.frame()
    assert iterations(controller) == [0] * 3
    controller.close()


def test_a_run_with_the_main_settings_trains_the_main_runs_weights():
    state, controller = comparing("train.loss=log")  # the default: the same settings, so the same run
    state.request(Action.PLAY_PAUSE)
    play(state, controller, 2)
    state.request(Action.PLAY_PAUSE)
    step(state, controller, 3, Action.STEP_D)
    main, twin = trainers(controller)
    assert main.iteration_count == twin.iteration_count == 21
    assert same(weights(main), weights(twin))
    assert torch.equal(torch.as_tensor(main.history.losses.array()), torch.as_tensor(twin.history.losses.array()))
    controller.close()


def test_an_overridden_run_has_exactly_its_overrides_and_trains_differently():
    state, controller = comparing("train.loss=wgan-gp,train.g_lr=0.01")
    step(state, controller, 5)
    main, other = trainers(controller)
    assert sorted(main.config.changed_keys(other.config)) == ["train.g_lr", "train.loss"]
    assert (other.config.train.loss, other.config.train.g_lr) == ("wgan-gp", 0.01)
    assert not same(weights(main), weights(other))
    frame = controller.read_model()
    assert [(run.tag, run.label) for run in frame.comparison] == [
        ("A", "log loss, g_lr 0.03 (main)"), ("B", "WGAN-GP loss, g_lr 0.01")]
    controller.close()


def test_live_edits_reach_every_run_under_its_overrides_and_a_restart_rebuilds_them():
    state, controller = comparing("train.loss=hinge")
    state.edit("train.d_lr", 0.05)
    state.edit("train.loss", "lsgan")
    controller.frame()
    other = controller.comparison.runs[0].trainer
    assert (other.config.train.d_lr, other.config.train.loss) == (0.05, "hinge")  # the override stays on top
    state.request(Action.PICK_DATASET, "ring")
    controller.frame()
    other = controller.comparison.runs[0].trainer
    assert other.dataset is controller.trainer.dataset and other.config.data.name == "ring"
    assert other.config.train.loss == "hinge" and iterations(controller) == [0, 0]
    controller.close()


def test_bad_requests_are_one_line_and_change_nothing():
    state, controller = comparing("train.loss=hinge", "train.g_lr=0.01", "train.d_lr=0.01")
    state.request(Action.STEP)
    controller.frame()
    before = [(run.overrides, run.trainer) for run in controller.comparison.runs]
    for action, argument, named in ((Action.COMPARE_ADD, "train.loss=lsgan", "at most 4 runs"),
                                    (Action.COMPARE_ADD, "train.nope=1", "train.nope"),
                                    (Action.COMPARE_ADD, "display.ui_scale=2", "is a view setting"),
                                    (Action.COMPARE_REMOVE, 7, "no run 7")):
        state.request(action, argument)
        controller.frame()
        notice = state.notices[-1]
        assert notice.level == "error" and named in notice.text and "\n" not in notice.text
        if notice.text.startswith("compare:"):  # the settings' own messages are documented with them
            assert_documented(notice.text)
        assert [(run.overrides, run.trainer) for run in controller.comparison.runs] == before
        assert iterations(controller) == [1] * 4
    state.request(Action.COMPARE_REMOVE, 2)
    controller.frame()
    assert [run.overrides for run in controller.comparison.runs] == [{"train.loss": "hinge"}, {"train.d_lr": 0.01}]
    state.request(Action.COMPARE_CLEAR)
    controller.frame()
    assert len(controller.comparison) == 0 and controller.read_model().comparison == ()
    controller.close()


def test_a_second_run_of_the_same_changes_is_refused_before_anything_restarts():
    """It asked "Replace the run?", restarted every run and added a twin of B without a word."""
    state, controller = comparing("train.loss=wgan-gp")
    step(state, controller, 3)
    state.request(Action.COMPARE_ADD, " train.loss = wgan-gp ")
    controller.frame()
    notice = state.notices[-1]
    assert notice.level == "error" and notice.text == "compare: B already runs WGAN-GP loss"
    assert_documented(notice.text)
    assert state.question is None and iterations(controller) == [3, 3] and len(controller.comparison) == 1
    controller.close()


def test_adding_a_run_over_unsaved_progress_asks_then_starts_every_run_from_0():
    state, controller = comparing()
    step(state, controller, 3)
    state.request(Action.COMPARE_ADD, "train.loss=hinge")
    controller.frame()
    assert state.question is not None and len(controller.comparison) == 0 and iterations(controller) == [3]
    state.answer(True)
    controller.frame()
    assert len(controller.comparison) == 1 and iterations(controller) == [0, 0]
    controller.close()


def test_starting_a_comparison_names_run_b_and_ctrl_z_brings_back_the_run_as_it_was():
    """V (with the folded Compare field's train.loss=wgan-gp) asked "Replace the run?" without naming what B would be,
    then restarted the run from iteration 0 for good. The question names B; the run as it was is kept, as a preset
    pick keeps the run it replaces: Ctrl+Z brings it back bit for bit, alone, and a second Ctrl+Z the comparison."""
    state, controller = comparing()
    state.compare_text = "train.loss=wgan-gp"
    step(state, controller, 6)
    before = (weights(controller.trainer), controller.trainer.timeline.iterations.copy())
    state.request(Action.COMPARE_ADD)  # V: the field's text
    controller.frame()
    assert state.question.text.startswith("The run on Two Gaussians at iteration 6 is not saved (Ctrl+S saves it to ")
    assert state.question.text.endswith(". Compare with B: WGAN-GP loss, every run restarting from iteration 0 "
                                        "(Ctrl+Z brings this one back)?")
    state.answer(True)
    controller.frame()
    assert iterations(controller) == [0, 0]
    assert [notice.text for notice in state.notices][-2:] == [
        "comparing 2 runs from iteration 0: B has WGAN-GP loss",
        "Ctrl+Z brings back the run on Two Gaussians at iteration 6 (it is not saved)"]
    step(state, controller, 3)
    compared = [weights(t) for t in trainers(controller)]
    state.request(Action.UNDO)
    controller.frame()
    assert iterations(controller) == [6] and not controller.comparison
    assert same(weights(controller.trainer), before[0])
    assert (controller.trainer.timeline.iterations == before[1]).all()
    assert state.notices[-1].text == ("brought back the run on Two Gaussians at iteration 6, paused; Ctrl+Z goes back "
                                      "to the run on Two Gaussians at iteration 3, compared with B (WGAN-GP loss)")
    state.request(Action.UNDO)
    controller.frame()
    assert iterations(controller) == [3, 3] and controller.comparison.runs[0].label == "WGAN-GP loss"
    assert all(same(a, weights(t)) for a, t in zip(compared, trainers(controller), strict=True))
    controller.close()


def test_a_run_added_to_a_comparison_is_named_and_ctrl_z_brings_back_the_runs_before_it():
    state, controller = comparing("train.loss=hinge")
    step(state, controller, 4)
    before = [weights(t) for t in trainers(controller)]
    state.request(Action.COMPARE_ADD, "train.g_lr=0.01")
    controller.frame()
    assert state.question.text.endswith(". Compare with C: g_lr 0.01, every run restarting from iteration 0 (Ctrl+Z "
                                        "brings this one back)?")
    state.answer(True)
    controller.frame()
    assert iterations(controller) == [0, 0, 0]
    assert state.notices[-1].text == ("Ctrl+Z brings back the run on Two Gaussians at iteration 4, compared with B "
                                      "(hinge loss) (it is not saved)")
    state.request(Action.UNDO)
    controller.frame()
    assert iterations(controller) == [4, 4] and [run.label for run in controller.comparison.runs] == ["hinge loss"]
    assert all(same(a, weights(t)) for a, t in zip(before, trainers(controller), strict=True))
    controller.close()


def test_a_nan_in_a_compared_run_pauses_all_names_the_run_and_revert_brings_all_back():
    state, controller = comparing("train.g_lr=0.01")
    state.view.playback.good_state_every = 10
    state.request(Action.PLAY_PAUSE)
    play(state, controller, 3)
    with controller.training.hold(), torch.no_grad():
        next(controller.comparison.runs[0].trainer.discriminator.parameters()).fill_(float("inf"))
    play(state, controller, 1)
    controller.frame()
    assert not state.playing and controller.diverged
    assert "run B (g_lr 0.01)" in state.notices[-1].text and state.notices[-1].level == "error"
    assert_documented(state.notices[-1].text)
    state.request(Action.REVERT)
    controller.frame()
    assert not controller.diverged and all(t.parameters_finite() for t in trainers(controller))
    assert len(set(iterations(controller))) == 1
    controller.close()


def test_a_session_saves_and_loads_the_comparison(tmp_path):
    state, controller = comparing("train.loss=wgan-gp", "train.g_lr=0.01")
    for _ in range(4):
        state.request(Action.STEP)
    state.request(Action.SAVE, tmp_path / "s")
    controller.frame()
    controller.finish_save(wait=True)
    saved = [weights(t) for t in trainers(controller)]
    assert json.loads((tmp_path / "s" / COMPARE_FILE).read_text())["runs"][1] == {
        "folder": "compare-2", "overrides": {"train.g_lr": 0.01}}
    state.request(Action.COMPARE_CLEAR)
    state.request(Action.STEP)
    controller.frame()
    state.request(Action.LOAD, tmp_path / "s")
    controller.frame()
    state.answer(True)
    controller.frame()
    assert iterations(controller) == [4] * 3
    assert [run.overrides for run in controller.comparison.runs] == [{"train.loss": "wgan-gp"}, {"train.g_lr": 0.01}]
    assert all(same(a, weights(t)) for a, t in zip(saved, trainers(controller), strict=True))
    state.request(Action.STEP)
    controller.frame()
    assert iterations(controller) == [5] * 3  # stepped together after the load
    controller.close()


def damage(directory, edit):
    path = directory / COMPARE_FILE
    tree = json.loads(path.read_text())
    edit(tree)
    path.write_text(json.dumps(tree))


@pytest.mark.parametrize("case", ["bad override", "data override", "missing checkpoint", "other run", "not json",
                                  "experiment on other data", "no folder", "overrides a number"])
def test_a_damaged_comparison_is_refused_in_one_line_and_the_running_session_stays(tmp_path, case):
    state, controller = comparing("train.loss=hinge")
    state.request(Action.STEP)
    state.request(Action.SAVE, tmp_path / "s")
    controller.frame()
    controller.finish_save(wait=True)
    directory = tmp_path / "s"
    if case == "bad override":
        damage(directory, lambda tree: tree["runs"][0]["overrides"].update({"train.g_lr": -1}))
    elif case == "data override":
        damage(directory, lambda tree: tree["runs"][0]["overrides"].update({"data.name": "ring"}))
    elif case == "missing checkpoint":
        (directory / "compare-1" / checkpoint.CHECKPOINT_FILE).unlink()
    elif case == "other run":
        damage(directory, lambda tree: tree["runs"][0].update(overrides={"train.loss": "lsgan"}))
    elif case == "experiment on other data":
        damage(directory, lambda tree: tree["runs"][0].update(overrides={"experiment": "grid25-hinge"}))
    elif case == "no folder":  # it said "not a ganlab-gl comparison ('folder')"
        damage(directory, lambda tree: tree["runs"][0].pop("folder"))
    elif case == "overrides a number":  # "('int' object is not iterable)"
        damage(directory, lambda tree: tree["runs"][0].update(overrides=3))
    else:
        (directory / COMPARE_FILE).write_text("{runs: [")
    state.request(Action.COMPARE_CLEAR)
    state.request(Action.COMPARE_ADD, "train.g_lr=0.01")
    controller.frame()
    running = [run.trainer for run in controller.comparison.runs]
    state.request(Action.LOAD, directory)
    controller.frame()
    notice = state.notices[-1]
    assert notice.level == "error" and "\n" not in notice.text, notice.text
    assert_documented(notice.text)
    assert notice.text == {"no folder": f"{directory / COMPARE_FILE}: not a ganlab-gl comparison (no 'folder' field)",
                           "overrides a number": f"{directory / COMPARE_FILE}: not a ganlab-gl comparison (a value of "
                           "another kind where an object of named fields belongs)"}.get(case, notice.text)
    assert [run.trainer for run in controller.comparison.runs] == running
    assert controller.comparison.runs[0].overrides == {"train.g_lr": 0.01}
    controller.close()


def test_pre_trained_weights_wait_until_the_comparison_is_cleared():
    state, controller = comparing("train.loss=hinge")
    state.request(Action.USE_PRETRAINED, True)
    controller.frame()
    assert controller.pretrained is None and "clear the comparison first" in state.notices[-1].text
    controller.close()


def test_the_read_model_lists_each_run_with_its_own_snapshot_and_history():
    state, controller = comparing("train.loss=wgan-gp")
    step(state, controller, 3)
    frame = controller.read_model()
    main, other = frame.comparison
    assert main.snapshot is frame.snapshot and main.losses is frame.losses
    assert other.snapshot is not frame.snapshot and len(other.losses) == 3
    assert not torch.equal(main.snapshot.heatmap.values, other.snapshot.heatmap.values)
    assert other.snapshot.heatmap.rect == main.snapshot.heatmap.rect  # one shared view
    assert GanConfig().train.loss == "log"
    controller.close()


# -- the command line: each --compare is one run's overrides ---------------------------------------------------

def _lab_without_display(*args):
    import os
    import subprocess
    import sys
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY" and k != "WAYLAND_DISPLAY"}
    return subprocess.run([sys.executable, "-m", "ganlab_gl.cli", "lab", *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.mark.parametrize("args, reason", [
    (["--compare", "train.loss=nope"], "--compare 'train.loss=nope': train.loss: 'nope' is not one of"),
    (["--compare", "train.g_lr"], "is not section.key=value"),
    (["--compare", "data.name=ring"], "data.name cannot differ"),
    (["--compare", "a.b=1"], "unknown setting 'a.b'"),
    (["--compare", "run.threads=2"], "run.threads cannot differ"),
    (["--compare", "timeline.memory_mb=0"], "timeline.memory_mb cannot differ"),
    (["--load", "somewhere", "--compare", "train.loss=hinge"], "cannot follow --load"),
    ([arg for _ in range(4) for arg in ("--compare", "train.g_lr=0.01")], "at most 3 runs beside the main one"),
    (["--compare", "train.loss=hinge", "--compare", "train.loss = hinge"],
     "--compare 'train.loss = hinge': the same changes as --compare 'train.loss=hinge'"),
    (["--compare", "experiment=ring9"],
     "--compare 'experiment=ring9': unknown experiment 'ring9'; known experiments: "),
    (["--experiment", "ring8-vanilla", "--compare", "experiment=grid25-hinge"],
     "--compare 'experiment=grid25-hinge': experiment grid25-hinge trains on Grid of 25, the main run on Ring of 8; "
     "compared runs share the main run's data"),
    (["--experiment", "ring8-vanilla", "--compare", "experiment=ring8-hinge",
      "--compare", "run.seed=23,experiment=ring8-hinge"],
     "--compare 'run.seed=23,experiment=ring8-hinge': the same changes as --compare 'experiment=ring8-hinge'"),
])
def test_a_bad_compare_option_is_one_line_and_exit_code_2(args, reason):
    result = _lab_without_display(*args)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and reason in lines[0], result.stderr
    assert "compare: " not in lines[0].partition("--compare")[2]  # the option names itself once
    assert_documented(lines[0])


def test_compare_options_queue_one_run_each_before_the_window_opens():
    from ganlab_gl.cli import _queue_comparison
    state = AppState()
    _queue_comparison(state, ["train.loss=wgan-gp", "train.g_lr=0.01,train.d_lr=0.01"])
    assert [(r.action, r.argument) for r in state.requests] == [
        (Action.COMPARE_ADD, "train.loss=wgan-gp"), (Action.COMPARE_ADD, "train.g_lr=0.01,train.d_lr=0.01")]
    controller = Controller(state, FakeClock())
    controller.frame()
    assert [run.overrides for run in controller.comparison.runs] == [
        {"train.loss": "wgan-gp"}, {"train.g_lr": 0.01, "train.d_lr": 0.01}]
    controller.close()
    assert _lab_without_display("--compare", "train.loss=wgan-gp").returncode == 3  # parsed; no display here


@pytest.mark.parametrize("compare", [[], ["train.loss=wgan-gp"], ["train.loss=wgan-gp", "train.loss=hinge"]])
def test_play_on_the_command_line_plays_with_the_compared_runs(monkeypatch, compare):
    """`lab --compare ... --play` opened paused: the queued runs started afresh, paused, after --play."""
    import ganlab_gl.app.lab as lab_module
    import ganlab_gl.app.window as window_module
    from ganlab_gl import cli
    opened = {}
    monkeypatch.setattr(lab_module, "Lab", lambda host, state: opened.setdefault("state", state))
    monkeypatch.setattr(window_module, "run_window", lambda make, **_: make(None))
    assert cli.main(["lab", "--play", *[arg for runs in compare for arg in ("--compare", runs)]]) == 0
    state = opened["state"]
    controller = Controller(state, FakeClock())
    try:
        controller.frame()
        assert state.playing and len(controller.comparison.runs) == len(compare)
    finally:
        controller.close()


def test_no_run_is_lettered_as_a_network():
    """A fourth run lettered D gave "D loss hinge" in the D loss chart's legend: the discriminator's, to a student."""
    from ganlab_gl.app.comparison import MAX_RUNS, TAGS
    assert len(TAGS) == MAX_RUNS and not set(TAGS) & {"D", "G"}


def test_the_panes_take_the_grid_that_makes_them_largest():
    from ganlab_gl.app.layout import LEGEND_HEIGHT, MARGIN, PANE_GAP, compute_layout, pane_boxes, pane_grid
    assert pane_grid(4, 446, 590) == (2, 2, 220)  # 6 px between panes
    assert pane_grid(2, 440, 596) == (1, 2, 295)  # a tall area: one above the other
    assert pane_grid(2, 1066, 870) == (2, 1, 530)  # a wide one: side by side
    assert pane_grid(1, 300, 200) == (1, 1, 200)
    for window in ((1280, 800), (1920, 1080)):
        single = compute_layout(window, True, 1.0).canvas
        four = compute_layout(window, True, 1.0, panes=4)
        panes = pane_boxes(four.canvas, 4)
        assert len({box[0] for box in panes}) == len({box[1] for box in panes}) == 2  # 2 x 2
        # Four panes take width from the graph (down to its floor, a third of the window) until the height
        # bounds them: larger than in the one canvas's square (at 1280x800 255 px against 205).
        assert panes[0][2] > (single[2] - PANE_GAP) / 2 + 20
        assert four.left[2] >= window[0] / 3 - 1e-6
        tallest = window[1] - four.toolbar[3] - LEGEND_HEIGHT - 2 * MARGIN  # the panes' height bound
        assert four.left[2] <= window[0] / 3 + 1 or four.canvas[3] == pytest.approx(tallest), (four, tallest)
        assert panes[1][0] - panes[0][0] == pytest.approx(panes[0][2] + PANE_GAP)
        assert panes[2][1] - panes[0][1] == pytest.approx(panes[0][2] + PANE_GAP)
        assert four.legend[1] == four.canvas[1] + four.canvas[3]  # the legend under the panes


def test_rewinding_shows_every_run_at_the_shown_iteration_and_branch_branches_them_all():
    state, controller = comparing("train.loss=hinge")
    step(state, controller, 10)
    at_10 = [weights(t) for t in trainers(controller)]  # branched at 4 and stepped to 10 again: the same weights
    state.request(Action.SHOW_ITERATION, 4)
    controller.frame()
    frame = controller.read_model()
    assert [run.iteration for run in frame.comparison] == [4, 4] and iterations(controller) == [10, 10]
    compared_pane = frame.comparison[1].snapshot
    state.request(Action.BRANCH)
    controller.frame()
    state.answer(True)  # 6 unsaved iterations dropped: asked first
    controller.frame()
    assert iterations(controller) == [4, 4]
    frame = controller.read_model()
    assert torch.equal(frame.comparison[1].snapshot.heatmap.values, compared_pane.heatmap.values)  # as shown rewound
    step(state, controller, 6)
    assert iterations(controller) == [10, 10]
    assert all(same(a, weights(t)) for a, t in zip(at_10, trainers(controller), strict=True))  # the same future
    controller.close()


def test_a_d_step_is_a_d_step_in_every_run():
    state, controller = comparing("train.loss=hinge")
    other = controller.comparison.runs[0].trainer
    generator = [p.detach().clone() for p in other.generator.parameters()]
    discriminator = [p.detach().clone() for p in other.discriminator.parameters()]
    state.request(Action.STEP_D)
    controller.frame()
    assert iterations(controller) == [1, 1]
    assert same(generator, list(other.generator.parameters())) and not same(discriminator, list(
        other.discriminator.parameters()))
    state.request(Action.STEP_G)
    controller.frame()
    assert not same(generator, list(other.generator.parameters()))
    controller.close()


# -- found by a review: hover while rewound, shared run settings, part-way saves, a bool index ------------------

def test_hovering_a_compared_pane_while_rewound_reads_that_runs_past():
    from ganlab_gl.core.probes import Prober
    from ganlab_gl.core.trainer import Trainer
    state, controller = comparing("train.loss=wgan-gp")
    step(state, controller, 10)
    point = (0.3, 0.6)
    present = controller.d_at(point, 1)
    state.request(Action.SHOW_ITERATION, 0)
    controller.frame()
    fresh = Prober(Trainer(controller.comparison.runs[0].trainer.config))  # run B at iteration 0
    assert controller.d_at(point, 1) == float(fresh.d_values(torch.tensor([point]))) != present
    controller.close()


def test_a_run_may_change_its_seed_but_not_the_shared_run_settings():
    assert parse_overrides("run.seed=5") == {"run.seed": 5}
    for text in ("run.threads=2", "run.device=cpu", "timeline.memory_mb=0"):
        with pytest.raises(SettingError, match="cannot differ"):
            parse_overrides(text)


def test_a_session_whose_save_stopped_part_way_loads_the_main_run_alone_and_says_so(tmp_path):
    state, controller = comparing("train.loss=hinge")
    state.request(Action.STEP)
    state.request(Action.SAVE, tmp_path / "s")
    controller.frame()
    controller.finish_save(wait=True)
    state.request(Action.STEP)
    controller.frame()
    checkpoint.save(controller.trainer, tmp_path / "s")  # the main checkpoint written, then the save stopped
    state.request(Action.COMPARE_CLEAR)
    controller.frame()
    load_answering_yes(state, controller, tmp_path / "s")
    assert controller.trainer.iteration_count == 2 and len(controller.comparison) == 0
    warning = state.notices[-1]
    assert warning.level == "warning" and "loaded the main run alone" in warning.text and "\n" not in warning.text
    assert_documented(warning.text)
    controller.close()


def test_the_timeline_cap_covers_every_run_held_together(tmp_path):
    """timeline.memory_mb is the memory the user gives the timeline, and check_cap holds it to the device's: three
    runs compared keep a third each, not the whole each; every way runs come, go, restart or load shares it again."""
    state, controller = comparing("train.loss=hinge", "train.g_lr=0.01")

    def caps_mb():
        return [t.timeline.cap_bytes / 2**20 for t in trainers(controller)]

    assert caps_mb() == pytest.approx([64 / 3] * 3)
    state.edit("timeline.memory_mb", 30)  # live
    controller.frame()
    assert caps_mb() == [10] * 3
    state.request(Action.RESET)
    controller.frame()
    assert caps_mb() == [10] * 3
    state.request(Action.PICK_DATASET, "ring")  # a restart
    controller.frame()
    assert caps_mb() == [10] * 3
    step(state, controller, 3)
    state.request(Action.SAVE, tmp_path / "s")
    state.request(Action.COMPARE_REMOVE, 1)
    controller.frame()
    assert caps_mb() == [15] * 2
    state.request(Action.COMPARE_CLEAR)
    controller.frame()
    assert caps_mb() == [30]
    state.request(Action.LOAD, tmp_path / "s")
    controller.frame()
    assert caps_mb() == [10] * 3
    controller.close()


def test_a_run_kept_for_ctrl_z_shares_the_timeline_cap_with_the_runs_on_screen():
    """A run kept for Ctrl+Z (a preset picked over unsaved progress) held its timelines whole beside the new run's:
    the timelines took up to twice timeline.memory_mb. Every timeline the lab holds shares it, the kept run's
    thinned to its share, whichever run is on screen."""
    state, controller = comparing("train.loss=hinge")
    state.edit("timeline.memory_mb", 1)
    state.view.playback.max_iterations_per_frame = 1000
    state.playing = True
    play(state, controller, 2)  # 2,000 iterations a run, a row 876 bytes: each timeline fills its half

    def held():
        kept = controller._kept
        return trainers(controller) + ([kept.trainer, *(run.trainer for run in kept.compared)] if kept else [])

    assert len(held()) == 2 and sum(t.timeline.nbytes for t in held()) > 0.9 * 2**20
    state.playing = False
    state.request(Action.PICK_DATASET, "ring")  # kept for Ctrl+Z, with its comparison
    controller.frame()
    state.playing = True
    play(state, controller, 2)
    state.playing = False
    for _ in range(2):  # Ctrl+Z brings it back, keeping the run on Ring in its turn
        assert len(held()) == 4 and len({id(t) for t in held()}) == 4, held()
        assert [t.timeline.cap_bytes for t in held()] == [2**20 // 4] * 4
        assert sum(t.timeline.nbytes for t in held()) <= 2**20
        assert all(len(t.timeline) >= 100 for t in held())  # thinned, not emptied
        state.request(Action.UNDO)
        controller.frame()
    controller.close()


def test_a_run_the_pretrained_model_set_aside_shares_the_timeline_cap_and_gets_it_back():
    """The run the pre-trained model sets aside keeps its timeline within the cap beside the shipped model's; back
    on screen, the shipped model let go, it has the whole cap again."""
    state = AppState()
    controller = Controller(state, FakeClock())
    step(state, controller, 3)
    state.request(Action.USE_PRETRAINED, True)
    controller.frame()
    own = controller._before_pretrained[0]
    assert controller.trainer is not own and controller.trainer.timeline.cap_bytes == own.timeline.cap_bytes == 2**25
    state.request(Action.USE_PRETRAINED, False)
    controller.frame()
    assert controller.trainer is own and own.timeline.cap_bytes == 2**26  # 64 MB, the whole cap
    controller.close()


def test_removing_run_true_is_refused():
    state, controller = comparing("train.loss=hinge")
    state.request(Action.COMPARE_REMOVE, True)
    controller.frame()
    assert len(controller.comparison) == 1 and state.notices[-1].level == "error"
    controller.close()


def test_a_run_keeps_its_letter_and_colour_when_another_is_removed():
    state, controller = comparing("train.loss=hinge", "train.loss=lsgan")
    state.request(Action.COMPARE_REMOVE, 1)  # B
    frame = controller.frame()
    assert [(run.tag, run.label) for run in frame.comparison] == [("A", "log loss (main)"), ("C", "least squares loss")]
    state.request(Action.COMPARE_ADD, "train.g_lr=0.01")
    frame = controller.frame()
    if state.question is not None:
        state.answer(True)
        frame = controller.frame()
    assert [run.tag for run in frame.comparison] == ["A", "B", "C"] and frame.comparison[1].label == "g_lr 0.01"
    controller.close()


def test_a_caption_too_long_for_its_pane_keeps_to_two_lines_each_cut():
    """A small pane (UI scale 2 on a small screen) once showed its caption one word a line, over the whole pane."""
    from imgui_headless import draw_frame, imgui_context

    from ganlab_gl.app.canvas_widget import caption_text
    seen = {}

    def body():
        line = imgui.get_text_line_height()
        seen["short"] = caption_text("loss wgan-gp\ncolours: critic ±2.7", 400.0)
        seen["long"] = caption_text("loss wgan-gp, d_optimizer adam, g_optimizer adam\ncolours: critic ±2.7", 90.0)
        seen["widths"] = [imgui.calc_text_size(text).x for text in seen["long"].split("\n")]
        seen["line"] = line

    with imgui_context((800, 600)):
        draw_frame(body, (800, 600))
    assert seen["short"] == "loss wgan-gp\ncolours: critic ±2.7"  # two lines that fit: whole
    first, second = seen["long"].split("\n")
    assert first.startswith("loss") and first.endswith("...") and second.startswith("colo") and second.endswith("...")
    assert max(seen["widths"]) <= 90.0


def test_the_run_fields_tooltip_breaks_its_lines_before_a_window_edge(monkeypatch):
    """Hovering the field that adds a run showed one 147-character line, cut at a 1280 px window's edge before it
    said that adding a run starts every run again; its lines are as short as the graph's (TIP_LINE_CHARS)."""
    import lab_frames
    from imgui_headless import draw_frame, imgui_context
    from ganlab_gl.app.panels.compare import ComparePanel
    from ganlab_gl.app.panels.overview_graph import TIP_LINE_CHARS
    tips = []
    monkeypatch.setattr(imgui, "set_tooltip", tips.append)
    monkeypatch.setattr(imgui, "is_item_hovered", lambda *flags: True)
    frame, panel, state = lab_frames.ring8_frame(2), ComparePanel(), AppState()
    with imgui_context((400, 300)):
        draw_frame(lambda: panel.draw(state, frame), (400, 300))
    assert tips and "starts every run again" in tips[-1]
    assert max(map(len, tips[-1].split("\n"))) <= TIP_LINE_CHARS, tips[-1]


# -- a whole experiment compared --------------------------------------------------------------------------------

def test_a_run_may_name_a_whole_experiment_so_two_published_protocols_run_side_by_side():
    """`lab --experiment ring8-vanilla --compare train.loss=wgan-gp` kept the vanilla protocol's networks, Adam and
    rates: not the ring8-wgan-gp experiment. `experiment=NAME` runs that protocol, every setting of it."""
    assert parse_overrides("experiment=ring8-wgan-gp") == {"experiment": "ring8-wgan-gp"}
    state, controller = comparing("experiment=ring8-wgan-gp", "experiment=ring8-hinge,run.seed=5",
                                  experiment="ring8-vanilla")
    step(state, controller, 2)
    main, protocol, reseeded = trainers(controller)
    assert running_experiment(main.config) == "ring8-vanilla"
    assert not protocol.config.changed_keys(experiment_config("ring8-wgan-gp"))
    assert reseeded.config.changed_keys(experiment_config("ring8-hinge")) == ["run.seed"]
    assert protocol.dataset is main.dataset is reseeded.dataset and iterations(controller) == [2, 2, 2]
    assert [(run.tag, run.label) for run in controller.read_model().comparison] == [
        ("A", "experiment ring8-vanilla, seed 23 (main)"), ("B", "experiment ring8-wgan-gp"),
        ("C", "experiment ring8-hinge, seed 5")]
    state.edit("train.g_lr", 0.0005)  # the main run's own edit: a protocol keeps its rates
    controller.frame()
    assert protocol.config.train.g_lr == experiment_config("ring8-wgan-gp").train.g_lr
    assert controller.read_model().comparison[0].label == "no experiment, seed 23 (main)"
    controller.close()


@pytest.mark.parametrize("text, said", [
    ("experiment=grid25-wgan-gp", "compare: experiment grid25-wgan-gp trains on Grid of 25, the main run on Ring of 8; "
                                  "compared runs share the main run's data"),
    ("experiment=ring9", "unknown experiment 'ring9'; known experiments: ring8-vanilla"),
    ("experiment=ring8-hinge,experiment=ring8-wgan-gp", "compare: experiment given twice; a run takes one value each"),
])
def test_an_experiment_on_other_data_or_unknown_is_refused_in_one_line(text, said):
    state, controller = comparing("experiment=ring8-hinge", experiment="ring8-vanilla")
    step(state, controller, 1)
    state.request(Action.COMPARE_ADD, text)
    controller.frame()
    notice = state.notices[-1]
    assert notice.level == "error" and notice.text.startswith(said) and "\n" not in notice.text, notice.text
    assert_documented(notice.text)
    assert state.question is None and iterations(controller) == [1, 1]
    assert [run.overrides for run in controller.comparison.runs] == [{"experiment": "ring8-hinge"}]
    controller.close()


def test_a_compared_experiment_stops_when_the_main_run_leaves_its_data():
    state, controller = comparing("experiment=ring8-wgan-gp", "train.loss=hinge", experiment="ring8-vanilla")
    state.request(Action.PICK_EXPERIMENT, "ring8-hinge")  # the same data: the protocol stays beside it
    controller.frame()
    assert [run.overrides for run in controller.comparison.runs] == [{"experiment": "ring8-wgan-gp"},
                                                                     {"train.loss": "hinge"}]
    state.request(Action.PICK_EXPERIMENT, "grid25-vanilla")
    controller.frame()
    assert [run.overrides for run in controller.comparison.runs] == [{"train.loss": "hinge"}]
    told = [n for n in state.notices if n.text.startswith("stopped comparing with experiment ring8-wgan-gp")]
    assert told and told[0].text == ("stopped comparing with experiment ring8-wgan-gp: it trains on Ring of 8, the "
                                     "main run now on Grid of 25") and told[0].level == "warning"
    assert_documented(told[0].text)
    assert controller.comparison.runs[0].trainer.dataset is controller.trainer.dataset
    controller.close()


def test_a_session_saves_and_loads_a_compared_experiment(tmp_path):
    state, controller = comparing("experiment=ring8-wgan-gp", experiment="ring8-vanilla")
    step(state, controller, 2)
    state.request(Action.SAVE, tmp_path / "s")
    state.request(Action.COMPARE_CLEAR)
    controller.frame()
    load_answering_yes(state, controller, tmp_path / "s")
    assert [run.overrides for run in controller.comparison.runs] == [{"experiment": "ring8-wgan-gp"}]
    assert iterations(controller) == [2, 2]
    assert not controller.comparison.runs[0].trainer.config.changed_keys(experiment_config("ring8-wgan-gp"))
    controller.close()


def test_the_compare_section_lists_the_experiments_on_the_main_runs_data_and_a_pick_adds_one(monkeypatch):
    """The data panel's experiment list starts a protocol; the Compare section's adds one beside the main run,
    through the same request as typed text."""
    import lab_frames
    from imgui_headless import draw_frame, imgui_context
    from ganlab_gl.app.panels.compare import ComparePanel
    state = AppState()
    state.config = with_experiment(state.config, "grid25-vanilla")
    previews, listed = [], []
    monkeypatch.setattr(imgui, "begin_combo", lambda label, preview, *args: (previews.append(preview), True)[1])
    monkeypatch.setattr(imgui, "end_combo", lambda: None)
    monkeypatch.setattr(imgui, "selectable", lambda name, selected, *args: (
        listed.append(name), (name == "grid25-wgan-gp", selected))[1])
    with imgui_context((400, 600)):
        draw_frame(lambda: ComparePanel().draw(state, lab_frames.ring8_frame(1)), (400, 600))
    assert previews == ["add an experiment"] and listed == ["grid25-vanilla", "grid25-wgan-gp", "grid25-hinge"]
    assert [(r.action, r.argument) for r in state.requests] == [(Action.COMPARE_ADD, "experiment=grid25-wgan-gp")]


def test_the_readmes_compare_examples_train_what_their_captions_say():
    """The README's `lab --experiment ring8-vanilla --compare train.loss=wgan-gp` read as the WGAN-GP protocol
    beside the vanilla one; it ran the vanilla protocol with WGAN-GP's loss. Its examples now name both."""
    import re
    from pathlib import Path

    from ganlab_gl import cli
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    examples = re.findall(r"ganlab-gl (lab [^#\n]*--compare[^#\n]*)\n\s*# ([^\n]*)", readme)
    assert len(examples) == 2, examples
    trained = []
    for command, caption in examples:
        args = cli._build_parser().parse_args(command.split())
        state = AppState(config=cli._resolve_config(args))
        cli._queue_comparison(state, args.compare)
        controller = Controller(state, FakeClock())
        controller.frame()
        main = controller.trainer.config
        trained.append((caption, running_experiment(main), [
            running_experiment(run.trainer.config) or main.changed_keys(run.trainer.config)
            for run in controller.comparison.runs]))
        controller.close()
    assert [(experiment, runs) for _, experiment, runs in trained] == [
        ("ring8-vanilla", ["ring8-wgan-gp", "ring8-hinge"]), ("ring8-vanilla", [["train.loss"]])]
    assert "vanilla, WGAN-GP and hinge protocols" in trained[0][0] and "only the loss" in trained[1][0]


def test_lab_help_says_a_run_may_name_an_experiment(capsys):
    from ganlab_gl import cli
    with pytest.raises(SystemExit):
        cli.main(["lab", "--help"])
    assert "experiment=NAME" in " ".join(capsys.readouterr().out.split())


def test_a_run_whose_schedule_ends_first_stops_there_done_while_the_main_run_trains_on(tmp_path):
    """`--experiment ring8-vanilla --compare experiment=ring8-wgan-gp`: the WGAN-GP protocol's rates reach 0 at
    12,000, the vanilla one's at 20,000, and the shorter run trained on at rate 0 with nothing said. It stops at its
    end (its counter and weights held), its label says so, one notice tells it, and the main run trains on.
    (Ends shortened to a few iterations through train.lr_decay_end, which is what a protocol's length sets.)"""
    state, controller = comparing("train.lr_decay_end=12", "train.g_lr=0.01")
    state.request(Action.PLAY_PAUSE)
    play(state, controller, 3)
    assert iterations(controller) == [27, 12, 27] and state.playing
    told = [n.text for n in state.notices if "is done" in n.text]
    assert told == ["run B (lr_decay_end 12) is done: its learning rates reached 0 at iteration 12, so it stops "
                    "there while the main run trains on"]
    held = weights(controller.comparison.runs[0].trainer)
    state.request(Action.PLAY_PAUSE)
    controller.frame()
    for action in (Action.STEP, Action.STEP_D, Action.STEP_G):  # a manual step moves it no further either
        state.request(action)
    controller.frame()
    assert iterations(controller) == [30, 12, 30] and same(held, weights(controller.comparison.runs[0].trainer))
    assert [run.label for run in controller.read_model().comparison] == [
        "lr_decay_end 0, g_lr 0.03 (main)", "done at 12 · lr_decay_end 12", "g_lr 0.01"]
    state.request(Action.SHOW_ITERATION, 8)  # rewound before its end: not done there
    controller.frame()
    assert [(run.iteration, run.label) for run in controller.read_model().comparison][1] == (8, "lr_decay_end 12")
    state.request(Action.SAVE, tmp_path / "s")  # a session holds it at its end, and loads so
    controller.frame()
    controller.finish_save(wait=True)
    load_answering_yes(state, controller, tmp_path / "s")
    assert iterations(controller) == [30, 12, 30] and len([n for n in state.notices if "is done" in n.text]) == 1
    state.request(Action.SHOW_ITERATION, 8)
    state.request(Action.BRANCH)  # going back before its end brings it back, and on to its end again
    controller.frame()
    state.answer(True)
    controller.frame()
    assert iterations(controller) == [8, 8, 8]
    step(state, controller, 6)
    assert iterations(controller) == [14, 12, 14] and same(held, weights(controller.comparison.runs[0].trainer))
    controller.close()


def test_where_the_main_run_ends_first_play_stops_and_says_which_runs_are_done():
    """The main run's end stops play for all, as for a run alone; its notice says which runs are done, and a run
    ending with it is told there alone."""
    state = AppState()
    state.config.train.lr_decay_end = 10
    state.view.playback.max_iterations_per_frame = 4
    state.view.playback.frame_budget_ms = 1
    controller = Controller(state, FakeClock())
    for text in ("train.lr_decay_end=20", "train.lr_decay_end=6", "train.g_lr=0.01"):
        state.request(Action.COMPARE_ADD, text)
    controller.frame()
    state.request(Action.PLAY_PAUSE)
    play(state, controller, 5)
    controller.frame()
    assert not state.playing and iterations(controller) == [10, 10, 6, 10]
    said = state.notices[-1].text
    assert said.startswith("the learning rates reached 0 at iteration 10 (train.lr_decay_end), so training stopped")
    assert said.endswith("Runs done: A, C (at 6), E (at 10); not done: B (lr_decay_end 20, at 10 of its 20), as a "
                         "compared run trains no further than A.")
    assert [run.label for run in controller.read_model().comparison] == [
        "done at 10 · lr_decay_end 10, g_lr 0.03 (main)", "lr_decay_end 20", "done at 6 · lr_decay_end 6",
        "done at 10 · g_lr 0.01"]
    assert [n.text.split(" is done")[0] for n in state.notices if n.text.startswith("run ")] == [
        "run C (lr_decay_end 6)"]  # C ended while A trained on; E, with A
    controller.close()


def test_a_run_with_no_end_is_named_not_done_where_the_main_run_ends():
    state = AppState()
    state.config.train.lr_decay_end = 4
    controller = Controller(state, FakeClock())
    state.request(Action.COMPARE_ADD, "train.lr_decay_end=0")
    controller.frame()
    state.request(Action.PLAY_PAUSE)
    play(state, controller, 2)
    controller.frame()
    assert not state.playing and iterations(controller) == [4, 4]
    assert state.notices[-1].text.endswith("Runs done: A; not done: B (lr_decay_end 0, at 4 with its rates held), as "
                                           "a compared run trains no further than A.")
    controller.close()


def test_v_adds_the_run_the_compare_field_holds_and_says_why_where_none_can_be_added():
    """Adding a run had no key: only the Compare section's button. V adds the field's run (its text, as the button
    sends it, kept in the state), listed in the help's keys; where none can be added (four runs, a drawing
    unfinished) it is refused in one notice, as the section says it in place of the field, and nothing changes."""
    from ganlab_gl.app.keys import handle_key
    from ganlab_gl.app.panels.help import key_rows
    assert ("V", ACTION_ROWS[Action.COMPARE_ADD].describe()) in key_rows()
    state, controller = comparing()
    for text in (None, "train.loss=hinge", "train.g_lr=0.01"):  # None: the field as the lab opens, wgan-gp
        if text is not None:
            state.compare_text = text
        assert handle_key(state, "v")
        controller.frame()
    assert [run.overrides for run in controller.comparison.runs] == [
        {"train.loss": "wgan-gp"}, {"train.loss": "hinge"}, {"train.g_lr": 0.01}]
    step(state, controller, 2)
    state.compare_text = "train.d_lr=0.01"
    assert handle_key(state, "v")
    controller.frame()
    notice = state.notices[-1]
    assert (notice.level, notice.text) == ("error", "compare: at most 4 runs side by side; remove one first")
    assert len(controller.comparison) == 3 and iterations(controller) == [2] * 4
    state.request(Action.COMPARE_CLEAR)
    state.request(Action.START_DRAWING)
    controller.frame()
    assert handle_key(state, "v")
    controller.frame()
    assert state.notices[-1].text.startswith("finish the drawing first") and len(controller.comparison) == 0
    controller.close()
