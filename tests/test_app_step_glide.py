"""A step's glide and words (app/step_glide.py), without GL: which frames start a glide, what a step changed."""

from types import SimpleNamespace

import pytest
import torch

from ganlab_gl.app.state import ViewConfig
from ganlab_gl.app.step_glide import (GLIDE_S, ArrowLook, StepGlide, arrow_look, longest_arrow_px,
                                     measured)
from ganlab_gl.core.snapshot import HeatmapProbe, Snapshot
from ganlab_gl.render.view import View

VIEW = View((0.0, 0.0, 2.0, 1.0), (400, 100))  # 200 px per unit across, 100 up
REAL = torch.zeros(3, 2)


def _snapshot(fakes, d=0.5, rect=(0.0, 0.0, 1.0, 1.0), gradient=1.0):
    fake = torch.tensor(fakes, dtype=torch.float32)
    return Snapshot(0, REAL, fake, fake_gradient=torch.tensor([[gradient, 0.0]]).expand_as(fake),
                    heatmap=HeatmapProbe(torch.full((4, 4), d), rect, "probability"))


def _frame(snapshot, iteration, stepped="g_step", phase=None, run=(1, 1), rewound=False):
    return SimpleNamespace(snapshot=snapshot, iteration=iteration, stepped=stepped, phase=phase, run=run,
                           timeline=SimpleNamespace(rewound=rewound))


def test_a_step_says_how_far_the_fakes_moved_on_the_canvas_and_how_much_d_changed():
    change = measured(_snapshot([[0.0, 0.0], [1.0, 1.0]]), _snapshot([[0.01, 0.0], [1.0, 1.03]], d=0.504), VIEW)
    assert change.fakes_px == pytest.approx(3.0)  # 0.03 up at 100 px a unit beats 0.01 across at 200
    assert change.d_output == pytest.approx(0.004, abs=1e-6)
    moved_view = measured(_snapshot([[0.0, 0.0]]), _snapshot([[0.0, 0.0]], rect=(0.0, 0.0, 2.0, 2.0)), VIEW)
    assert moved_view.d_output is None  # another grid: its cells are not the same places


def test_a_step_that_moves_the_fakes_starts_a_glide_that_eases_to_its_end():
    glide = StepGlide()
    glide.follow(_frame(_snapshot([[0.0, 0.0]]), 10, stepped=None), False, lambda: VIEW, now=0.0)
    assert glide.follow(_frame(_snapshot([[0.1, 0.0]]), 11), False, lambda: VIEW, now=5.0)
    assert glide.value(5.0) == 0.0 and 0.0 < glide.value(5.0 + GLIDE_S / 4) < 0.5 < glide.value(5.0 + GLIDE_S * 3 / 4)
    assert glide.value(5.0 + GLIDE_S) == 1.0
    assert glide.change.fakes_px == pytest.approx(20.0)


@pytest.mark.parametrize("why", ["playing", "not a step", "another run", "rewound", "back from a rewind"])
def test_only_a_step_of_the_same_run_glides(why):
    """Play, another run, a rewound lab and the step that leaves it for the present show their pictures at once (that
    step's fakes glided from the rewound iteration's places), and none says the last step's numbers as its own; so
    does a picture no step made (a revert to the last good state, U, right after a step: the fakes glided on from the
    step's places to the reverted ones)."""
    glide = StepGlide()
    glide.follow(_frame(_snapshot([[0.5, 0.5]]), 8), False, lambda: VIEW, now=0.0)
    assert glide.follow(_frame(_snapshot([[0.5, 0.6]]), 9), False, lambda: VIEW, now=0.0)  # a step, said
    glide.follow(_frame(_snapshot([[0.0, 0.0]]), 10, rewound=why == "back from a rewind"), False, lambda: VIEW, now=0.0)
    after = _frame(_snapshot([[0.1, 0.0]]), 11, stepped=None if why == "not a step" else "g_step",
                   run=(2, 1) if why == "another run" else (1, 1), rewound=why == "rewound")
    assert not glide.follow(after, why == "playing", lambda: VIEW, now=0.5)
    assert glide.value(0.5) == 1.0  # the step before glides no more
    assert glide.change is None  # not the last step's, as if this one had moved the fakes as far


def test_the_same_steps_picture_probed_again_keeps_its_glide_and_its_words():
    glide = StepGlide()
    glide.follow(_frame(_snapshot([[0.0, 0.0]]), 10), False, lambda: VIEW, now=0.0)
    glide.follow(_frame(_snapshot([[0.1, 0.0]], d=0.6), 11), False, lambda: VIEW, now=1.0)
    change = glide.change
    assert not glide.follow(_frame(_snapshot([[0.1, 0.0]], d=0.6), 11), False, lambda: VIEW, now=1.5)  # refined, say
    assert glide.change == change and glide.clock.started_at == 1.0
    # a step moving nothing
    assert not glide.follow(_frame(_snapshot([[0.1, 0.0]], d=0.6), 12), False, lambda: VIEW, now=2.0)
    assert glide.change.fakes_px == 0.0 and glide.change.d_output == 0.0


def test_a_step_in_mid_glide_goes_on_at_speed_so_a_held_key_shows_the_fakes_moving():
    """N held steps every key repeat: each glide eased in anew from where the fakes stood kept them all but still
    (0.0001 of the way a frame) until the key was let go."""
    glide, frame_s = StepGlide(), 1 / 30
    glide.follow(_frame(_snapshot([[0.0, 0.0]]), 10), False, lambda: VIEW, now=0.0)
    glide.follow(_frame(_snapshot([[0.1, 0.0]]), 11), False, lambda: VIEW, now=1.0)
    assert glide.value(1.0 + frame_s) < 0.001  # a step alone starts slowly, as GAN Lab's transition does
    glide.follow(_frame(_snapshot([[0.2, 0.0]]), 12), False, lambda: VIEW, now=1.0 + frame_s)
    assert glide.value(1.0 + 2 * frame_s) > 0.05
    assert glide.value(1.0 + frame_s + GLIDE_S) == 1.0


def test_zoomed_in_after_a_step_its_words_say_the_pixels_the_fakes_moved_at_the_new_zoom():
    """"at this zoom": the step's picture probed again for a zoomed view; D's change stays the one measured."""
    glide = StepGlide()
    glide.follow(_frame(_snapshot([[0.0, 0.0]]), 10), False, lambda: VIEW, now=0.0)
    glide.follow(_frame(_snapshot([[0.1, 0.0]], d=0.504), 11), False, lambda: VIEW, now=1.0)
    assert glide.change.fakes_px == pytest.approx(20.0)
    zoomed = View((0.0, 0.0, 1.0, 0.5), VIEW.viewport_px)
    assert not glide.follow(_frame(_snapshot([[0.1, 0.0]], rect=(0.0, 0.0, 1.0, 0.5)), 11), False, lambda: zoomed,
                            now=1.5)
    assert glide.change.fakes_px == pytest.approx(40.0) and glide.change.d_output == pytest.approx(0.004, abs=1e-6)


LOOK = ArrowLook(length_scale=0.15, longest=0.3, shows_from_px=4.5)  # 3.5 px dot, its halo; no head, for short


def test_the_longest_arrow_is_measured_as_the_canvas_draws_it():
    """GAN Lab's 0.15 data units per unit gradient on the unit square, straight up to 0.2, eased under 0.3."""
    fakes = [[0.0, 0.0], [0.5, 0.5]]
    short = Snapshot(0, REAL, torch.tensor(fakes), fake_gradient=torch.tensor([[0.1, 0.0], [0.0, 0.2]]))
    assert longest_arrow_px(short, VIEW, LOOK) == pytest.approx(3.0)  # 0.015 across at 200 px a unit beats 0.03 up
    huge = Snapshot(0, REAL, torch.tensor(fakes), fake_gradient=torch.tensor([[1e6, 0.0], [float("nan"), 0.0]]))
    assert longest_arrow_px(huge, VIEW, LOOK) == pytest.approx(0.3 * 200, rel=1e-6)  # eased, never past 0.3


def test_a_step_says_whether_an_arrow_showed_past_its_dot():
    """A fresh run's first steps: every arrow under its fake's dot, drawn over it. An arrow long enough before or
    after the step showed; the canvas's dots grown (a larger pixel scale) hide more; arrows not drawn: not said."""
    hidden, shows = _snapshot([[0.0, 0.0]], gradient=0.1), _snapshot([[0.0, 0.0]], gradient=1.0)  # 3 px, 30 px
    assert measured(hidden, hidden, VIEW, LOOK).arrows_seen is False
    assert measured(shows, hidden, VIEW, LOOK).arrows_seen is True
    assert measured(hidden, shows, VIEW, LOOK).arrows_seen is True
    fine_dots = View(VIEW.rect, VIEW.viewport_px, pixel_scale=0.5)  # the dot's 4.5 logical px are 2.25 of its own
    assert measured(hidden, hidden, fine_dots, LOOK).arrows_seen is True
    assert measured(hidden, hidden, VIEW, None).arrows_seen is None


def test_an_arrow_shows_once_its_head_clears_its_fakes_dot():
    """The lab's defaults: a 3.5 px dot, its 1 px halo, a 6 px head; at a fresh run's first iteration the longest
    arrow at 1280x800 (its canvas's dots at 0.59 of their size) was a 5.8 px stub no student saw."""
    look = arrow_look(ViewConfig())
    assert look == ArrowLook(0.15, 0.3, 10.5)
    small_canvas = View(VIEW.rect, VIEW.viewport_px, pixel_scale=0.59)
    stub, arrow = _snapshot([[0.0, 0.0]], gradient=0.19), _snapshot([[0.0, 0.0]], gradient=0.47)  # 5.7 px, 14 px
    assert measured(stub, stub, small_canvas, look).arrows_seen is False
    assert measured(stub, arrow, small_canvas, look).arrows_seen is True
    hidden = ViewConfig()
    hidden.gradients.visible = False
    assert arrow_look(hidden) is None


def test_a_phase_whose_picture_is_still_being_probed_says_no_other_phases_numbers():
    """Slow motion's D update phase shows on the frame it is walked, its picture probed a frame or more later (a
    CPU's probe in bands): its words said the gradients phase's change, nothing, then; now no numbers until its own,
    measured from the picture before the update."""
    glide, gradients, update = StepGlide(), SimpleNamespace(name="gradients"), SimpleNamespace(name="update")
    before = _snapshot([[0.0, 0.0]], d=0.5)
    glide.follow(_frame(before, 0, stepped=None, phase=SimpleNamespace(name="loss")), False, lambda: VIEW, now=0.0)
    glide.follow(_frame(_snapshot([[0.0, 0.0]], d=0.5), 0, stepped=None, phase=gradients), False, lambda: VIEW,
                 now=1.0)
    assert glide.change.d_output == 0.0
    pending = glide._last[0]
    glide.follow(_frame(pending, 0, stepped=None, phase=update), False, lambda: VIEW, now=2.0)
    assert glide.change is None
    glide.follow(_frame(_snapshot([[0.0, 0.0]], d=0.52), 0, stepped=None, phase=update), False, lambda: VIEW, now=2.1)
    assert glide.change.d_output == pytest.approx(0.02, abs=1e-6)
