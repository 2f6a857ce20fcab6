"""The lab's automatic view: both distributions from the first frame, GAN Lab's unit square while they
fit in it, a glide (never a jump) while the fakes move, only wider within a run until the fakes are home,
a snap to a new run's own view."""

import numpy as np
import pytest

from ganlab_gl.app.actions import Action
from ganlab_gl.app.controller import Controller
from ganlab_gl.app.state import AppState
from ganlab_gl.app.view_fit import (FOLLOW_SECONDS, MARGIN, AutomaticTarget, AutoView, automatic_target, covering_rect,
                                    home_view)
from ganlab_gl.core.presets import PRESETS, with_preset

UNIT = (0.0, 0.0, 1.0, 1.0)


def _inside(points: np.ndarray, rect) -> np.ndarray:
    x0, y0, x1, y1 = rect
    return (points[:, 0] >= x0) & (points[:, 0] <= x1) & (points[:, 1] >= y0) & (points[:, 1] <= y1)


def test_fakes_inside_the_unit_square_keep_gan_labs_view():
    fakes = np.random.default_rng(0).uniform(0.2, 0.8, (200, 2))
    assert covering_rect(UNIT, fakes, unit_square=True) == UNIT


def test_fakes_outside_widen_the_view_with_a_margin_on_their_side_only():
    fakes = np.random.default_rng(0).uniform(-1.0, -0.5, (200, 2))
    x0, y0, x1, y1 = covering_rect(UNIT, fakes, unit_square=True)
    assert 1.0 <= x1 < 1.01 and 1.0 <= y1 < 1.01  # the real data's side holds (but for squaring the view)
    assert x0 < fakes[:, 0].min() - MARGIN * 1.5 * 0.9 and y0 < fakes[:, 1].min() - MARGIN * 1.5 * 0.9


def test_the_view_is_square_like_the_canvas_and_the_overview_pictures():
    fakes = np.random.default_rng(0).uniform((-0.6, 0.2), (-0.3, 0.8), (200, 2))  # out to the left only
    x0, y0, x1, y1 = covering_rect(UNIT, fakes, unit_square=True)
    assert x1 - x0 == pytest.approx(y1 - y0) and x0 < fakes[:, 0].min()


def test_a_stray_fake_and_nan_do_not_widen_the_view():
    fakes = np.random.default_rng(0).uniform(0.2, 0.8, (1000, 2))
    fakes[0] = (50.0, 50.0)
    fakes[1] = (np.nan, 0.5)
    assert covering_rect(UNIT, fakes, unit_square=True) == UNIT


def test_the_last_fake_of_a_tail_keeps_room_to_the_canvas_edge():
    """Two Gaussians at iteration 4,894 (lecture mode at 1920x1080, the desk alike): the fakes' tail ran down to 0.02
    above the unit square's foot, its last fake past the percentiles, the one before inside them, so the view stayed
    GAN Lab's square and the last fake sat on the canvas's bottom edge, its arrow and the manifold's tip cut off.
    The view holds the fakes as it holds the real data, MARGIN / 2 of it in at least; a fake flung far is still a
    stray."""
    rng = np.random.default_rng(0)
    real = np.concatenate([rng.normal((0.3, 0.7), 0.05, (225, 2)), rng.normal((0.7, 0.4), 0.05, (225, 2))])
    fakes = np.concatenate([real[:447] + rng.normal(0.0, 0.01, (447, 2)), [(0.75, 0.12), (0.76, 0.07), (0.77, 0.02)]])
    assert covering_rect(UNIT, real, unit_square=True) == UNIT
    view, widen_only = automatic_target("gaussians", UNIT, real, fakes, unit_square=True)
    room = MARGIN / 2 * (view[2] - view[0])
    assert widen_only and view[1] <= fakes[:, 1].min() - room, view
    assert view[3] >= 1.0 and view[2] - view[0] == pytest.approx(view[3] - view[1])  # the real data's side holds
    strayed = np.concatenate([fakes[:447], [(50.0, 50.0), (0.5, -40.0)]])
    assert automatic_target("gaussians", UNIT, real, strayed, unit_square=True) == (UNIT, False)


def test_the_shipped_gaussians_models_first_frame_holds_its_fakes_with_room():
    """The lab's first frame (the shipped model, GAN Lab's opening): its lowest fake lay 0.019 of the view above the
    canvas's foot, now MARGIN / 2 or more."""
    state = AppState()
    controller = Controller(state)
    state.request(Action.USE_PRETRAINED, True)
    frame = controller.frame()
    assert frame.pretrained == "gaussians"
    fakes, view = frame.snapshot.fake.numpy(), frame.view_rect
    room = MARGIN / 2 * (view[2] - view[0])
    assert (fakes.min(axis=0) >= np.array(view[:2]) + room).all(), (fakes.min(axis=0), view)
    assert (fakes.max(axis=0) <= np.array(view[2:]) - room).all(), (fakes.max(axis=0), view)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_the_first_frame_shows_both_distributions(preset):
    """GAN Lab's unit square leaves a fresh generator's samples out; the lab's first view holds them."""
    state = AppState()
    state.config = with_preset(state.config, preset)
    frame = Controller(state).read_model()
    for points in (frame.snapshot.real.numpy(), frame.snapshot.fake.numpy()):
        assert _inside(points, frame.view_rect).mean() >= 0.98, preset


def test_the_view_glides_towards_a_new_target_and_snaps_for_a_new_run():
    view = AutoView()
    assert view.follow(UNIT, run=1, now=0.0)  # first: snap
    target = (-1.0, -1.0, 1.0, 1.0)
    assert not view.follow(target, run=1, now=FOLLOW_SECONDS)
    assert view.rect[0] == pytest.approx(-(1 - np.exp(-1)))  # one time constant: 63% of the way, no jump
    assert view.follow(UNIT, run=2, now=FOLLOW_SECONDS * 1.01) and view.rect == UNIT


def test_zoom_overrides_the_automatic_view_and_reset_view_returns_to_it():
    state = AppState()
    controller = Controller(state)
    automatic = controller.frame().view_rect
    state.request(Action.ZOOM_IN)
    zoomed = controller.frame()
    assert zoomed.view_rect != automatic and zoomed.data_view == pytest.approx(automatic, abs=0.05)
    state.request(Action.RESET_VIEW)
    assert controller.frame().view_rect == pytest.approx(automatic, abs=0.05)


def test_the_glide_lands_on_its_target_so_a_resting_view_stops_changing():
    view = AutoView()
    view.follow(UNIT, "run", 0.0)
    target = (-0.5, -0.5, 1.5, 1.5)
    rects = [view.follow(target, "run", t) and None or view.rect for t in np.arange(0.1, 30.0, 0.1)]
    assert rects[-1] == target and rects[-2] == target  # arrived, and holds still


def test_within_a_run_the_view_only_widens_until_the_fakes_are_home():
    """The real data keeps its place on the screen while the fakes wander: a narrower target does not zoom in,
    a wider one widens, and once the fakes are inside the real samples' own view (whose strays reach past the
    unit square) it returns there; each is reached by gliding (landed here after 30 s)."""
    rng = np.random.default_rng(0)
    real = np.concatenate([rng.normal((0.3, 0.7), 0.1, (225, 2)), rng.normal((0.7, 0.4), (0.05, 0.2), (225, 2))])
    home = covering_rect(UNIT, real, unit_square=True)
    assert home != UNIT  # the strays widen it: "home" is not the data rectangle itself

    def follow(centre, spread, now, run="run"):
        fakes = rng.normal(centre, spread, (150, 2))
        target, widen_only = automatic_target("gaussians", UNIT, real, fakes, unit_square=True)
        return view.follow(target, run, now, widen_only)

    view = AutoView()
    follow((-1.0, -1.0), 0.2, 0.0)
    wide = view.rect
    assert not follow((-0.4, -0.4), 0.1, 30.0) and view.rect == wide
    follow((1.8, 1.8), 0.1, 60.0)
    x0, y0, x1, y1 = view.rect
    assert x0 <= wide[0] + 1e-12 and y0 <= wide[1] + 1e-12 and x1 > 1.8 and y1 > 1.8  # both, squared (a rounding)
    follow((0.5, 0.55), 0.1, 90.0)  # the fakes among the real data
    assert view.rect == home
    follow((-0.4, -0.4), 0.1, 120.0)
    assert home[0] > view.rect[0] > wide[0]  # widening starts again from home
    assert follow((-1.0, -1.0), 0.2, 121.0, run="other run")  # a new run snaps


def test_a_widened_view_narrows_once_what_it_must_hold_is_under_half_of_it():
    """Fakes flung far early widen the view; a few left just outside the real data's own view (not home) held it that
    wide for the rest of the run, Ring's samples 2.5 times smaller. Once what it must hold is under NARROWS_BELOW of
    it across, it glides there; what is wider than that holds still, as before."""
    rng = np.random.default_rng(1)
    real = rng.normal((0.5, 0.5), 0.1, (450, 2))
    home = covering_rect(UNIT, real, unit_square=True)
    view = AutoView()

    def follow(fakes, now):
        target, widen_only = automatic_target("ring", UNIT, real, fakes, unit_square=True)
        assert widen_only  # the fakes are not home
        view.follow(target, "run", now, widen_only)
        return target

    follow(rng.normal((-3.0, -3.0), 0.3, (150, 2)), 0.0)
    flung = view.rect
    near = np.concatenate([rng.normal((0.5, 0.5), 0.1, (140, 2)), rng.normal((1.4, 1.4), 0.02, (10, 2))])
    target = follow(near, 60.0)
    assert max(target[2] - target[0], target[3] - target[1]) < 0.5 * max(flung[2] - flung[0], flung[3] - flung[1])
    assert view.rect == target and view.rect != home  # narrowed to hold the real data and the fakes left outside
    assert target[0] > flung[0] + 1.0


def test_the_lab_zooms_no_finer_than_render_and_the_export_draw():
    """Data far from the origin (a file's, around 1000): the zoom stopped at 1000x the automatic view, sides of
    1e-3 that `animate --view` refuses (under FINEST_SIDE of the coordinates, one float32 value across), so the
    Export of what the window showed failed. The lab now stops where the command line still draws."""
    from ganlab_gl import cli
    from ganlab_gl.app.controller import zoom_rect
    from ganlab_gl.app.view_fit import within_limits, zoom_within_limits
    home = (1000.0, 1000.0, 1001.0, 1001.0)
    zoomed = zoom_rect(home, zoom_within_limits(home, 1e9, home))
    panned = within_limits((zoomed[0] + 0.4, zoomed[1] - 0.4, zoomed[2] + 0.4, zoomed[3] - 0.4), home)
    for rect in (zoomed, panned, within_limits((1000.5, 1000.5, 1000.5 + 1e-9, 1000.5 + 1e-9), home)):
        assert cli._view_rect(",".join(map(repr, rect))) == rect


def test_the_automatic_target_kept_from_frame_to_frame_is_the_one_made_afresh():
    """The controller asks every frame; the kept answer is reused only for the samples it was made from: paused
    (the same samples), training (new fakes), a new run (new real samples), another rect or square, samples changed
    in place."""
    rng = np.random.default_rng(0)
    real, fakes = rng.uniform(0.2, 0.4, (100, 2)), rng.uniform(-0.5, 0.5, (100, 2))
    wide = (0.0, 0.0, 1.0, 0.5)  # not square: GAN Lab's unit square shows it as it is, else it is squared
    home = fakes * 0.1 + 0.3
    asked = [("ring", UNIT, real, fakes, True), ("ring", UNIT, real, fakes.copy(), True),  # paused: a copy
             ("ring", UNIT, real, home, True),  # the fakes moved (home)
             ("ring", UNIT, real - 2.0, home, True),  # a new run's data
             ("ring", wide, real, home, True), ("ring", wide, real, home, False),
             ("drawing", wide, real, home, False)]  # a drawing's home is its data rectangle, not the real samples'
    kept = AutomaticTarget()
    answers = []
    for data_name, data_rect, real_samples, fake_samples, unit_square in asked:
        answers.append(kept(data_name, data_rect, real_samples, fake_samples, unit_square))
        assert answers[-1] == automatic_target(data_name, data_rect, real_samples, fake_samples, unit_square)
    assert answers[1] is answers[0]  # kept, not made again
    assert all(before != after for before, after in zip(answers[1:], answers[2:]))  # each change changes it
    fakes_in_place, real_in_place = home.copy(), real.copy()
    for fake_samples, real_samples, changed in ((fakes_in_place, real, fakes_in_place),
                                                (home, real_in_place, real_in_place)):
        assert kept("ring", UNIT, real_samples, fake_samples, True) == automatic_target("ring", UNIT, real, home, True)
        changed -= 0.5
        assert kept("ring", UNIT, real_samples, fake_samples, True) == automatic_target(
            "ring", UNIT, real_samples, fake_samples, True) != automatic_target("ring", UNIT, real, home, True)


def test_a_view_within_the_limits_is_kept_to_the_last_bit_and_loads_without_a_note():
    """A session saved from the lab (ring8, zoomed in, 2026-12-04) rendered with 'view_rect [..., -1.1220870128436082,
    ...] lies past the lab's zoom limits ...; showing [..., -1.12208701, ...] instead': the view, rebuilt from its
    centre and half sides, came back a rounding off (-1.122087012843608) and was taken for one moved into the
    limits. A view within them comes back as it is, with no note; one past them is still moved, and said."""
    from ganlab_gl.app.view_fit import limited_view
    home = (-1.2, -1.2, 1.2, 1.2)
    saved = (-1.0935023513065767, -1.1220870128436082, 1.4614609803248984, 1.432876318787867)
    assert limited_view(saved, home, "state.json") == (saved, None)
    far_out = (-1e4, -1e4, 1e4, 1e4)
    moved, note = limited_view(far_out, home, "state.json")
    assert moved != far_out and note is not None and "lies past the lab's zoom limits" in note


def test_a_zoom_goes_with_the_data_it_was_into_and_stays_for_a_restart_on_the_same_data():
    """Zoomed into one of ring8's modes, a lecturer picked line (1): the canvas stayed on ring8's corner, a sliver of
    background with a Reset view button, line's data off screen. Other data (a preset, a drawing, a file) takes the
    automatic view; a restart on the same data (a network's size, a seed) keeps the zoom a researcher set."""
    state = AppState()
    controller = Controller(state)
    state.request(Action.PICK_DATASET, "ring8")
    controller.frame()
    zoomed = (0.6, 0.6, 0.8, 0.8)
    state.view_rect = zoomed
    state.edit("generator.neurons", 12)  # at iteration 0 it restarts at once
    state.edit("run.seed", 5)
    controller.frame()
    assert controller.trainer.config.generator.neurons == 12 and controller.frame().view_rect == zoomed
    state.request(Action.PICK_DATASET, "line")
    controller.frame()
    frame = controller.frame()
    assert state.view_rect is None and frame.view_rect != zoomed and frame.view_rect[2] - frame.view_rect[0] > 0.9
    controller.close()


def test_a_drawing_takes_in_its_fresh_fakes_at_done_and_comes_back_to_where_it_was_drawn(tmp_path):
    """A drawing's run kept the square it was drawn on whatever its fakes did (as GAN Lab's never moves), and the
    fresh generator's fakes started off it, left of the drawing: the student watched a drawing and no fakes. The view
    at Done now takes in both, as a preset's does (the frame, a loaded session and `render` alike), and once the fakes
    are in it glides back to the square the drawing was drawn on and stays."""
    from ganlab_gl import cli
    from ganlab_gl.app.controller import DRAWING_RECT
    from ganlab_gl.core import checkpoint
    now = [0.0]
    state = AppState()
    controller = Controller(state, lambda: now[0])
    controller.frame()
    state.request(Action.START_DRAWING)
    assert controller.frame().view_rect == DRAWING_RECT
    state.drawn_points = [(0.2 + 0.6 * t / 20, 0.7) for t in range(21)] + [(0.8, 0.7 - 0.5 * t / 20)
                                                                           for t in range(21)]
    state.request(Action.FINISH_DRAWING)
    done = controller.frame()
    fakes = done.snapshot.fake.numpy()
    assert done.dataset.name == "drawing" and not _inside(fakes, DRAWING_RECT).any()  # all off the square
    assert _inside(fakes, done.view_rect).all()
    assert done.view_rect[0] < fakes[:, 0].min() and done.view_rect[2] == 1.0  # the square's right side kept
    state.request(Action.SAVE, tmp_path / "session")  # as it was at Done
    controller.frame()
    controller.finish_save(wait=True)
    views = []
    for _ in range(30):
        now[0] += FOLLOW_SECONDS
        state.request(Action.STEP)
        views.append(controller.frame().view_rect)
    assert views[-5:] == [DRAWING_RECT] * 5  # home, and holding still
    controller.close()
    loaded = Controller(AppState(), lambda: 0.0)
    loaded.state.request(Action.LOAD, tmp_path / "session")
    assert loaded.frame().view_rect == done.view_rect
    saved_state = tmp_path / "session" / "state.json"
    saved_state.write_text(saved_state.read_text().replace('"view_rect": null', '"view_rect": [3, 3, 4, 4]'))
    loaded.state.request(Action.LOAD, tmp_path / "session")
    x0, y0, _, _ = loaded.frame().view_rect
    assert (x0, y0) == done.view_rect[2:]  # a pan as far off as the lab's: touching the automatic view's corner
    trainer = checkpoint.load(tmp_path / "session")
    assert cli._lab_picture(None, None, "session", trainer, None, None,
                            lambda: [(done.snapshot.real.numpy(), fakes)])[0] == done.view_rect
    loaded.close()


def test_a_drawings_home_is_the_square_it_was_drawn_on_whatever_its_brush_sprays():
    """Drawn to the canvas's edges, the brush sprays real samples past them; a preset's samples there widen its own
    view, but a drawing's view comes home to the square it was drawn on, where the student drew it."""
    rng = np.random.default_rng(0)
    real = np.clip(rng.uniform(0.0, 1.0, (500, 2)) + rng.normal(0.0, 0.05, (500, 2)), -0.1, 1.1)
    fakes_home = rng.uniform(0.3, 0.7, (150, 2))
    assert home_view("drawing", UNIT, real, True) == UNIT != home_view("ring", UNIT, real, True)
    assert automatic_target("drawing", UNIT, real, fakes_home, True) == (UNIT, False)
    target, widen_only = automatic_target("drawing", UNIT, real, fakes_home - 1.0, True)  # off the square: taken in
    assert widen_only and target[0] < -0.7 and target[2] >= 1.0
