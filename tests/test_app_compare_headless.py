"""Compare in the lab's frame, headless (EGL): each pane draws its own run, captions, the overlaid charts."""

import itertools
import time

import numpy as np
import pytest
from test_app_lab_headless import frame, lab  # noqa: F401 (the fixture)

from ganlab_gl.app.actions import Action


def comparing(lab, overrides, steps=30):
    lab, renderer, target = lab
    lab.state.request(Action.COMPARE_ADD, overrides)
    frame(lab, renderer, target)
    for _ in range(steps):
        lab.state.request(Action.STEP)
    for _ in range(3):  # the steps, then the view settles on both runs' samples
        frame(lab, renderer, target)
    return lab


def pane_pixels(lab):
    return [lab.widget.pixels(index)[..., :3].astype(int) for index in range(len(lab.widget.panes))]


def test_each_pane_shows_its_own_run(lab):
    lab = comparing(lab, "train.loss=wgan-gp")
    assert len(lab.widget.panes) == 2 and [run.tag for run in lab.frame.comparison] == ["A", "B"]
    main, other = pane_pixels(lab)
    assert main.shape == other.shape
    assert (np.abs(main - other).max(axis=2) > 40).mean() > 0.05  # D's surface differs under another loss
    (ax, ay, aw, ah), (bx, by, bw, bh) = (pane.box for pane in lab.widget.panes)
    assert aw == ah == bw == bh and (bx >= ax + aw or by >= ay + ah)  # two squares, side by side or stacked


def test_a_run_with_the_main_settings_draws_the_main_pane(lab):
    lab = comparing(lab, "train.loss=log")
    main, twin = pane_pixels(lab)
    assert np.array_equal(main, twin)


def test_four_runs_get_four_equal_panes_and_clearing_frees_them(lab):
    lab_, renderer, target = lab
    for text in ("train.loss=wgan-gp", "train.loss=hinge", "train.g_lr=0.003"):
        lab_.state.request(Action.COMPARE_ADD, text)
    frame(lab_, renderer, target)
    frame(lab_, renderer, target)
    boxes = [pane.box for pane in lab_.widget.panes]
    assert len(boxes) == 4 and all(box[2] == box[3] == boxes[0][2] for box in boxes)
    assert all(abs(a[0] - b[0]) >= a[2] or abs(a[1] - b[1]) >= a[3] for a, b in itertools.combinations(boxes, 2))
    assert [pane.target.size for pane in lab_.widget.panes] == [lab_.widget.target.size] * 4
    lab_.state.request(Action.COMPARE_CLEAR)
    frame(lab_, renderer, target)
    frame(lab_, renderer, target)
    assert len(lab_.widget.panes) == 1 and lab_.frame.comparison == ()


def test_a_pane_the_legend_does_not_read_right_says_its_own_scale(lab):
    """One legend under the panes reads D's probability; a critic pane's caption gives the critic's ends, and a
    pane with the legend's own scale adds nothing."""
    _, renderer, target = lab
    lab[0].state.request(Action.COMPARE_ADD, "train.loss=wgan-gp")
    lab = comparing(lab, "train.g_lr=0.01")
    captions = dict(lab._captions())
    critic = next(run for run in lab.frame.comparison if run.tag == "B").snapshot.heatmap
    centre, ends = float(critic.centre), 2 * float(critic.display_scale)
    assert captions["B"] == f"WGAN-GP loss\ncolours: critic {centre:.3g} ± {ends:.3g}"
    assert captions["A"] == "log loss, g_lr 0.03 (main)" and captions["C"] == "g_lr 0.01"


def test_the_pointer_on_a_cut_caption_shows_it_whole(lab, monkeypatch):
    """Three runs at 1024x768, UI scale 2 cut the captions to "mai…", "loss… colo…", and the pointer on one read
    the canvas's x and y."""
    from imgui_bundle import imgui
    _, renderer, target = lab
    tips = []
    monkeypatch.setattr(imgui, "set_tooltip", tips.append)
    shown = comparing(lab, "train.loss=wgan-gp,train.g_lr=0.01,train.d_lr=0.01,train.g_steps=2", steps=3)
    x, y, width, _ = shown.widget.panes[1].box
    for at, expected in (((x + 4, y + 4), "B WGAN-GP loss, g_lr 0.01, d_lr 0.01, g_steps 2"),  # the caption's letter
                         ((x + width / 2, y + width * 0.8), "x ")):  # the picture
        imgui.get_io().add_mouse_pos_event(*at)
        for _ in range(2):
            frame(shown, renderer, target)
        assert tips and tips[-1].startswith(expected), tips[-1:]


@pytest.mark.parametrize("overrides, said", [
    ("train.loss=wgan-gp", "The bar reads A's colours; B's scale is in its caption."),  # was "B: in its caption"
    ("train.g_lr=0.01", None)])
def test_the_colour_bar_says_whose_colours_it_reads(lab, monkeypatch, overrides, said):
    """Beside a critic's pane the one bar still read "fake 0 · D = 0.5 · 1 real", the main run's scale."""
    from imgui_bundle import imgui
    texts = []
    text_disabled = imgui.text_disabled
    monkeypatch.setattr(imgui, "text_disabled", lambda text: (texts.append(text), text_disabled(text)))
    comparing(lab, overrides, steps=2)
    assert (said in texts) if said else not any(text.startswith("The bar reads") for text in texts)


def settled_panes(lab, renderer, target):
    """Every pane's pixels once the lab rests (the resolution refined, nothing new to draw)."""
    for _ in range(60):
        frame(lab, renderer, target)
        if not lab.frame.resolution.refining and not any(pane.new_in_a_row for pane in lab.widget.panes):
            return pane_pixels(lab)
        time.sleep(0.05)
    raise AssertionError("the panes never came to rest")


def test_a_run_at_its_end_holds_its_pane_and_its_caption_says_done(lab):
    """A compared run whose rates reached 0 sooner went on at rate 0 beside the main run, with nothing said: it
    stops at its end, its pane holds its picture and its caption says "done at", while the main pane trains on."""
    lab_, renderer, target = lab
    lab_.state.view.display.msaa = 0
    lab_.state.view_rect = (-0.25, -0.25, 1.25, 1.25)  # one view for every frame: the panes change only by training
    comparing(lab, "train.lr_decay_end=5", steps=5)
    captions = dict(lab_._captions())
    assert captions["B"] == "done at 5 · lr_decay_end 5" and captions["A"] == "lr_decay_end 0 (main)"
    main, held = settled_panes(lab_, renderer, target)
    for _ in range(15):
        lab_.state.request(Action.STEP)
    now_main, now_held = settled_panes(lab_, renderer, target)
    assert [run.iteration for run in lab_.frame.comparison] == [20, 5]
    assert np.array_equal(now_held, held) and not np.array_equal(now_main, main)
