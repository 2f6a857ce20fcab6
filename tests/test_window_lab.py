"""The lab in a real window under Xvfb, driven by xdotool like a user at the keyboard.

One lab process serves the whole module (it takes seconds to start); each test leaves
training paused, so the next starts from a still picture.
"""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ganlab_gl.render.canvas import BACKGROUND_RGBA
from xvfb import AppProcess, screenshot, xdo, xvfb  # noqa: F401  (fixtures)

APP = Path(__file__).resolve().parent / "window_lab_app.py"
TITLE = "ganlab-gl window test"
BACKGROUND = np.array(BACKGROUND_RGBA[:3]) * 255

pytestmark = pytest.mark.window


@pytest.fixture(scope="module")
def lab(xvfb, xdo, tmp_path_factory):
    folder = tmp_path_factory.mktemp("lab")
    app = AppProcess.start(APP, xvfb, folder / "status.json", TITLE, "--set", "run.seed=0")
    window = xdo.find_window(TITLE, timeout=60)
    app.wait_for(lambda s: s.get("app") is not None and s["frame"] > 2, timeout=60)
    yield app, window, folder
    app.stop()


@pytest.fixture(autouse=True)
def fresh_input(lab, xdo):
    """Each test starts from released buttons and keys, the pointer off the canvas and ImGui's input
    queue drained: a test's quick taps must not trickle into the next test's drag or wheel."""
    app, window, _ = lab
    xdo.run("mouseup", "1", "keyup", "shift", "ctrl")
    xdo.move(window, 4, 4)
    app.wait_for(lambda s: s["imgui"]["input_events_queued"] == 0 and not any(s["imgui"]["mouse_down"]),
                 timeout=30)
    app.wait_frames(2)


def keys(lab, xdo, *names):
    """Tap keys (if any), then return the app's status a few frames later."""
    app, window, _ = lab
    if names:
        xdo.key(window, *names)
    return app.wait_frames(4)["app"]


def canvas_rows(status, inset=3):
    """The window rows (top, bottom) of the canvas `inset` px in from its edges, less those of the notices that
    stand on its lower or upper edge (whichever hides fewer samples) where the status says any did."""
    _, y, _, h = (int(round(v)) for v in status["canvas_box"])
    top, bottom = y + inset, y + h - inset
    if status["notices_box"] is not None:
        notices_top, notices_height = status["notices_box"][1], status["notices_box"][3]
        if notices_top > y + h / 2:
            bottom = min(bottom, int(notices_top))
        else:
            top = max(top, int(np.ceil(notices_top + notices_height)))
    return top, bottom


def canvas_region(image, status, inset=3):
    """The canvas's pixels in a screenshot, `inset` px in from its edges, off the notices (canvas_rows)."""
    x, _, w, _ = (int(round(v)) for v in status["canvas_box"])
    top, bottom = canvas_rows(status, inset)
    return image[top:bottom, x + inset:x + w - inset].astype(float)


def test_space_starts_training_and_stops_it(lab, xdo):
    app = lab[0]
    before = app.wait_frames(2)["app"]["iteration"]
    keys(lab, xdo, "space")
    running = app.wait_for(lambda s: s["app"]["iteration"] > before + 20)["app"]
    assert running["playing"]
    stopped = keys(lab, xdo, "space")
    assert not stopped["playing"]
    assert app.wait_frames(5)["app"]["iteration"] == stopped["iteration"]


def test_n_advances_exactly_one_iteration(lab, xdo):
    before = keys(lab, xdo)["iteration"]
    assert keys(lab, xdo, "n")["iteration"] == before + 1
    assert keys(lab, xdo, "Right")["iteration"] == before + 2


def keys_until(lab, xdo, name, condition):
    """Tap a key, wait until the window has handed it to the lab as a shortcut (the status's own count: a loaded
    machine can take seconds to deliver a tap), then return the first status where `condition` holds; fails saying
    which of the two never came. Never taps again: a tap that came late stepped twice (D's weights changed during
    the G check)."""
    app, window, _ = lab
    handed = app.wait_frames(1)["keys"]["shortcuts"]
    xdo.key(window, name)
    try:
        app.wait_for(lambda status: status["keys"]["shortcuts"] > handed, timeout=30)
    except AssertionError as error:
        raise AssertionError(f"the {name} tap never became a shortcut: {error}") from None
    return app.wait_for(lambda status: condition(status["app"]))["app"]


def reset_run(lab, xdo) -> dict:
    """A fresh run from the seed (R, and Enter where unsaved progress makes the lab ask first)."""
    status = keys_until(lab, xdo, "r", lambda s: s["question"] or s["iteration"] == 0)
    if status["question"]:
        status = keys_until(lab, xdo, "Return", lambda s: s["question"] is None and s["iteration"] == 0)
    return status


def test_d_changes_the_discriminator_only(lab, xdo):
    # From the seed: after a while of play the fixture's seed 0 can be one of GAN Lab's flat-D stalls, where a
    # D step's gradient is exactly zero (D = 1/2 on every real and fake) and nothing moves.
    before = reset_run(lab, xdo)
    after = keys_until(lab, xdo, "d", lambda s: s["d_weights_sum"] != before["d_weights_sum"])
    assert after["g_weights_sum"] == before["g_weights_sum"]
    g_after = keys_until(lab, xdo, "g", lambda s: s["g_weights_sum"] != after["g_weights_sum"])
    assert g_after["d_weights_sum"] == after["d_weights_sum"]


def test_h_hides_the_heatmap(lab, xdo, xvfb):
    xdo.move(lab[1], 2, 2)
    # A fresh run from the seed (the same picture whatever ran before); the run has unsaved
    # iterations, so the lab asks first and Enter says yes.
    assert "is not saved" in keys(lab, xdo, "r")["question"]
    assert keys(lab, xdo, "Return")["iteration"] == 0
    status = keys(lab, xdo, *["d"] * 40, "p", "f", "m", "a")  # a surer D; only the heatmap left on
    heatmap_only = canvas_region(screenshot(xvfb), status)
    hidden_status = keys(lab, xdo, "h")
    nothing = canvas_region(screenshot(xvfb), hidden_status)
    assert not hidden_status["layers"]["heatmap"]
    assert np.abs(heatmap_only - BACKGROUND).max() > 15  # D's colours, away from the plot's grey
    assert np.abs(nothing - BACKGROUND).max() <= 2  # every layer off: pure background
    restored = keys(lab, xdo, "h", "p", "f", "m", "a")
    assert all(restored["layers"][name] for name in ("heatmap", "real", "fake", "manifold", "gradients"))


def test_a_click_and_a_drag_on_the_timeline_bar_rewind_the_lab(lab, xdo):
    """The bar at the foot of the graph's column: a click on its curve shows an earlier iteration, a drag further
    right a later one, End the present again."""
    app, window, _ = lab
    present = keys(lab, xdo)["trainer_iteration"] + 30
    xdo.key(window, *["n"] * 30)
    app.wait_for(lambda s: s["app"]["iteration"] == present)  # every step taken
    x = keys(lab, xdo)["canvas_box"][0]  # the graph's column ends where the canvas begins
    curve_y = xdo.geometry(window)[3] - 24  # inside the curve, the bar's last item, at the window's foot
    start, end = (int(0.2 * x), curve_y), (int(0.7 * x), curve_y)
    xdo.move(window, *start)  # hover first, as a hand would, until the lab has seen the pointer there
    app.wait_for(lambda s: s["imgui"]["mouse_pos"] == list(map(float, start)))
    xdo.click(window, *start)
    early = app.wait_for(lambda s: s["app"]["iteration"] < present)["app"]["iteration"]
    xdo.drag(window, start, end, steps=8, pause_s=0.12)
    later = app.wait_for(lambda s: s["app"]["iteration"] > early)["app"]
    assert later["iteration"] < present and later["trainer_iteration"] == present  # looking back, not training
    app.wait_for(lambda s: not any(s["imgui"]["mouse_down"]))  # the drag has ended: no scrub after End
    xdo.key(window, "End")
    app.wait_for(lambda s: s["app"]["iteration"] == present)


def test_drawing_a_stroke_then_done_trains_on_points_near_it(lab, xdo):
    app, window, _ = lab
    box = keys(lab, xdo, "8")["canvas_box"]
    assert app.wait_frames(2)["app"]["drawing"]
    x, y, w, h = box
    start = (int(x + 0.2 * w), int(y + 0.3 * h))  # y = 0.7 in data units (unit-square view)
    end = (int(x + 0.8 * w), int(y + 0.3 * h))
    xdo.move(window, start[0] - 6, start[1])  # hover first, as a hand would
    app.wait_frames(2)
    xdo.drag(window, start, end, steps=15, pause_s=0.12)  # a frame or more per step on llvmpipe
    drawn = app.wait_frames(3)["app"]["drawn_points"]
    assert drawn >= 10
    status = keys(lab, xdo, "Return")
    if status["question"]:  # unsaved progress from the tests before: the lab asks first, Enter says yes
        keys_until(lab, xdo, "Return", lambda s: s["question"] is None)
    status = app.wait_for(lambda s: s["app"]["dataset"] == "drawing")["app"]
    mean_x, mean_y = status["real_atlas_mean"]
    std_x, std_y = status["real_atlas_std"]
    assert abs(mean_y - 0.7) < 0.03 and abs(mean_x - 0.5) < 0.05
    assert std_y < 0.05 and std_x > 0.12  # a horizontal band along the stroke
    assert not status["drawing"]
    keys(lab, xdo, "2")  # back to the default data
    app.wait_for(lambda s: s["app"]["dataset"] == "gaussians")


def test_f12_writes_a_png_matching_the_window(lab, xdo, xvfb):
    app, window, folder = lab
    xdo.move(window, 2, 2)  # no hover read-out over the canvas
    status = keys(lab, xdo, "F12")
    status = app.wait_for(lambda s: len(s["app"]["screenshots"]) == 1)["app"]
    png = np.asarray(Image.open(folder / status["screenshots"][0]).convert("RGB")).astype(float)
    window = canvas_region(screenshot(xvfb), status, inset=0)  # the notice that names the file: not the canvas's
    top, bottom = canvas_rows(status, inset=0)
    png = png[top - int(round(status["canvas_box"][1])):bottom - int(round(status["canvas_box"][1]))]
    assert png.shape == window.shape and len(window) > 0.5 * status["canvas_box"][3]
    difference = np.abs(png - window)
    assert difference.mean() < 2.0 and np.percentile(difference, 99) < 24  # a flipped or stale image: > 10


def test_tab_hides_the_panels_and_the_canvas_grows(lab, xdo):
    before = keys(lab, xdo)["canvas_box"]
    hidden = keys(lab, xdo, "Tab")
    assert not hidden["panels"] and hidden["canvas_box"][2] > before[2]
    assert keys(lab, xdo, "Tab")["panels"]


def test_help_overlay_opens_and_escape_closes_it(lab, xdo):
    assert keys(lab, xdo, "F1")["help_open"]
    assert not keys(lab, xdo, "Escape")["help_open"]


def test_wheel_zooms_about_the_pointer_and_dragging_pans(lab, xdo):
    app, window, _ = lab
    status = keys(lab, xdo, "0")  # the fitted view
    x, y, w, h = status["canvas_box"]
    x0, y0, x1, y1 = status["view_rect"]
    pointer = (int(x + 0.25 * w), int(y + 0.25 * h))  # world (0.25, 0.75) on the unit square
    xdo.move(window, pointer[0] - 5, pointer[1])  # hover first, as a hand would
    app.wait_frames(2)
    xdo.click(window, *pointer, button=4)  # wheel up
    zoomed = app.wait_frames(4)["app"]["view_rect"]
    assert zoomed[2] - zoomed[0] < (x1 - x0) * 0.95  # narrower: zoomed in
    fixed = (0.25 * (x1 - x0) + x0, 0.75 * (y1 - y0) + y0)
    assert abs(zoomed[0] + 0.25 * (zoomed[2] - zoomed[0]) - fixed[0]) < 0.01  # the point under the pointer stays
    xdo.drag(window, pointer, (pointer[0] + 100, pointer[1]), steps=10, pause_s=0.1)
    panned = app.wait_frames(4)["app"]["view_rect"]
    assert panned[0] < zoomed[0] - 0.05 and abs(panned[1] - zoomed[1]) < 0.01  # dragging right shows what was left
    restored = keys(lab, xdo, "0")
    assert restored["view_rect"] == [x0, y0, x1, y1]


def test_keys_work_after_clicking_a_panel(lab, xdo):
    app, window, _ = lab
    before = keys(lab, xdo)
    x, y, w, h = before["canvas_box"]
    height = xdo.geometry(window)[3]
    xdo.click(window, int(x / 2), height - 40)  # empty space low in the left panel: it takes focus
    after = keys(lab, xdo, "n")
    assert after["iteration"] == before["iteration"] + 1


def test_period_steps_through_the_phases(lab, xdo):
    before = keys(lab, xdo)
    first = keys(lab, xdo, "period")
    assert first["phase"] == ["D", "fakes"]
    assert keys(lab, xdo, "period")["phase"] == ["D", "predictions"]
    finished = keys(lab, xdo, "n")  # a whole step finishes the walked iteration first, then steps
    assert finished["phase"] is None and finished["iteration"] == before["iteration"] + 2


def taps_until(lab, xdo, names, condition):
    """Tap keys, then the first status where `condition` holds (see keys_until)."""
    app, window, _ = lab
    xdo.key(window, *names)
    return app.wait_for(lambda status: condition(status["app"]))["app"]


def test_brackets_rewind_and_end_comes_back_to_the_present(lab, xdo):
    start = keys(lab, xdo)["trainer_iteration"]
    present = taps_until(lab, xdo, ["n"] * 25, lambda s: s["trainer_iteration"] == start + 25)["iteration"]
    keys_until(lab, xdo, "bracketleft", lambda s: s["iteration"] == present - 1)
    rewound = keys_until(lab, xdo, "bracketleft", lambda s: s["iteration"] != present - 1)
    assert rewound["iteration"] == present - 2 and rewound["trainer_iteration"] == present
    assert keys_until(lab, xdo, "Home", lambda s: s["iteration"] != present - 2)["iteration"] == 0
    back = keys_until(lab, xdo, "End", lambda s: s["iteration"] != 0)
    assert back["iteration"] == back["trainer_iteration"] == present
    once = keys_until(lab, xdo, "shift+bracketleft", lambda s: s["iteration"] == present - 10)
    twice = keys_until(lab, xdo, "shift+bracketleft", lambda s: s["iteration"] != once["iteration"])
    assert twice["iteration"] == present - 20  # Shift+[ again: its second press is not taken for autorepeat


def test_less_than_pressed_again_slows_play_again(lab, xdo):
    """< is Shift+, and X's keymap lists it first on the ISO key beside Shift: let go of Shift first (as xdotool
    does), pyglet kept '<' held and took the next press for autorepeat, so < twice slowed play once."""
    def speed(status):
        return next((text for text in reversed(status["notices"]) if text.startswith("speed:")), None)
    said = ["speed: 100 a frame", "speed: 10 a frame", "speed: 100 a frame", "speed: full speed"]
    before = None
    for chord in ("shift+comma", "shift+comma", "shift+period", "shift+period"):
        before = speed(keys_until(lab, xdo, chord, lambda s, last=before: speed(s) not in (None, last)))
        assert before == said.pop(0), chord


def test_letting_go_of_shift_while_left_is_held_turns_panning_into_rewinding(lab, xdo):
    """Shift+Left held pans; let go of Shift, Left still held, and its repeats rewind. X reports Shift's release
    with Shift held (its state before the event): the repeats went on panning as Shift+Left."""
    app, window, _ = lab
    start = keys(lab, xdo)["trainer_iteration"]
    present = taps_until(lab, xdo, ["n"] * 25, lambda s: s["trainer_iteration"] == start + 25)["iteration"]
    xdo.run("windowfocus", "--sync", window, "keydown", "shift", "keydown", "Left")
    try:
        app.wait_frames(10)
        assert app.wait_frames(2)["app"]["iteration"] == present  # Shift+Left pans, its repeats too
        xdo.run("keyup", "shift")
        rewound = app.wait_for(lambda status: status["app"]["iteration"] <= present - 3, timeout=20)["app"]
    finally:
        xdo.run("keyup", "Left", "keyup", "shift")
    assert rewound["trainer_iteration"] == present
    keys(lab, xdo, "End")


def test_a_storm_of_keys_leaves_the_lab_running(lab, xdo):
    """Every bound key (but quit), in a seeded random order, quickly: nothing may crash.
    Runs last: it leaves the lab in whatever state the storm reached."""
    import random
    app, window, _ = lab
    names = ["space", "n", "Right", "d", "g", "period", "s", "r", "u", "1", "2", "3", "4", "5", "6", "7", "8",
             "Return", "h", "m", "p", "f", "a", "c", "Tab", "plus", "minus", "0", "Left", "Up", "Down", "shift+Right",
             "ctrl+s", "ctrl+o", "F12", "F1", "Escape", "l", "bracketleft", "bracketright", "Home", "End", "b"]
    storm = random.Random(0).choices(names, k=60)
    xdo.key(window, *storm, delay_ms=15)
    app.wait_frames(10)  # frames keep coming: the loop survived
    assert app.process.poll() is None
    assert xdo.find_window(TITLE)  # fullscreen switches recreate the X window; it is still there
