"""The lab's frame without a window: an EGL context, the real ImGui renderer, a stand-in host.

Covers what the Xvfb tests cannot reach cheaply: settings changed in the middle of a
frame (after ImGui recorded the canvas image) must not free a texture that frame draws.
"""

import math
import time

import numpy as np
import pytest
import torch
from imgui_bundle import imgui, implot
from lab_headless import draw_frame as frame
from lab_headless import headless_lab
from test_app_overview import overlap
from test_app_sessions import WRITE_FAULTS

import ganlab_gl.app.lab as lab_module
from ganlab_gl.app.actions import Action
from ganlab_gl.app.keys import handle_key
from ganlab_gl.app.step_glide import GLIDE_S
from ganlab_gl.app.view_settings import LECTURE_SHOWS
from ganlab_gl.core.presets import PRESETS
from ganlab_gl.render.layer_table import CANVAS_LAYERS, LAYERS_BY_NAME

SIZE = (960, 640)
# A file's write held until the test lets it go: the longest a starved test may take to get there (a 5 s hold ran
# out under load, and the file was there before the test looked for its absence)
HELD_AT_MOST_S = 60.0


def settle(lab, renderer, target) -> None:
    """Frames until the canvas rests: nothing new to show, the multisampled picture drawn."""
    pane, msaa = lab.widget.panes[0], lab.state.view.display.msaa
    for _ in range(30):
        frame(lab, renderer, target)
        if not pane.new_in_a_row and pane.drawn[1][-1] is pane.target and pane.target.key[1] == msaa:
            return
    raise AssertionError("the canvas never came to rest")


@pytest.fixture
def lab(gl_ctx, tmp_path):
    with headless_lab(gl_ctx, SIZE, screenshot_dir=tmp_path) as made:
        yield made


def test_msaa_changed_mid_frame_waits_for_the_next_frame(lab):
    lab, renderer, target = lab
    settle(lab, renderer, target)
    before = lab.widget.target
    frame(lab, renderer, target, between=lambda: setattr(lab.state.view.display, "msaa", 0))
    assert lab.widget.target is before  # this frame's draw data still showed the old texture
    frame(lab, renderer, target)
    assert lab.widget.target is not before and lab.widget.target.samples == 0


def test_the_bridge_follows_the_device_the_snapshot_lives_on(lab):
    """The bridge was made for the first run's device; a restart with another run.device (here: a bridge left
    on a device the run is not on) must reach GL by the path for the new one."""
    lab, renderer, target = lab
    lab.bridge.follow("meta")
    frame(lab, renderer, target)
    assert lab.bridge.device == lab.frame.snapshot.real.device == torch.device("cpu")


def shoot(lab, renderer, target, size, frames=100, requested=True):
    """F12 at `size` (`requested`: F12 was pressed already), then frames until its file is written; the PNG's
    pixels."""
    from PIL import Image
    written = len(lab.capture.screenshots)
    if requested:
        lab.state.request(Action.SCREENSHOT, size)
    for _ in range(frames):
        frame(lab, renderer, target)
        if len(lab.capture.screenshots) > written:
            return np.asarray(Image.open(lab.capture.screenshots[-1]))
        time.sleep(0.01)  # the PNG's thread
    raise AssertionError(f"no screenshot after {frames} frames: {lab.state.notices[-1].text}")


def test_screenshot_re_renders_at_the_asked_size_and_frees_its_target(lab, tmp_path):
    lab, renderer, target = lab
    frame(lab, renderer, target)
    assert shoot(lab, renderer, target, (320, 200)).shape == (200, 320, 4)
    assert lab.widget.canvas._offscreen is None  # a large screenshot target is not kept
    assert lab.state.notices[-1].text.startswith("saved a 320x200 screenshot to ")


def test_a_large_screenshot_is_drawn_a_tile_a_frame_and_written_on_a_thread_while_the_window_draws_on(
        lab, monkeypatch):
    """8192x8192 held the window 20 s on a loaded llvmpipe, a third of it the PNG, the rest drawing it whole: it is
    drawn in tiles, one a frame, and its PNG encoded on a thread of its own; a notice says how far it is until the
    file is written. Tiles of 128 stand in for TILE_PX here; drawn in tiles, it is the picture drawn whole."""
    import threading
    from PIL import Image
    from ganlab_gl.app import capture
    from ganlab_gl.app.panels.help import current_notices
    lab, renderer, target = lab
    settle(lab, renderer, target)
    whole = shoot(lab, renderer, target, (320, 200))
    encoded_on = []
    save_png = capture.save_png
    monkeypatch.setattr(capture, "save_png", lambda *args: (encoded_on.append(threading.current_thread()),
                                                            save_png(*args))[1])
    monkeypatch.setattr(capture, "TILE_PX", 128)  # 3 x 2 tiles
    lab.state.request(Action.SCREENSHOT, (320, 200))
    frame(lab, renderer, target)
    said = []
    for _ in range(6):
        frame(lab, renderer, target)
        said.append([n.text for n in current_notices(lab.state, now=math.inf)][-1])  # lasting, however long
    assert said == [f"screenshot 320x200: drawn {k} of 6 parts" for k in range(1, 6)] + [
        "screenshot 320x200: writing the PNG file"]
    lab.capture.close()  # the PNG written, and said
    tiled = np.asarray(Image.open(lab.capture.screenshots[-1]))
    assert encoded_on and threading.current_thread() not in encoded_on
    assert lab.state.notices[-1].text.startswith("saved a 320x200 screenshot to ")
    assert not any(n.lasting for n in lab.state.notices)
    difference = np.abs(tiled.astype(int) - whole.astype(int))
    assert difference.mean() < 0.05 and (difference.max(axis=2) > 16).mean() < 0.001


def test_every_tile_of_a_screenshot_shows_the_canvas_as_it_was_at_f12(lab, monkeypatch):
    """A screenshot is drawn a tile a frame, and its tiles were drawn with the canvas's layers as they were then: a
    layer key or a legend click while it was drawn left a picture of two looks. Every tile is as the canvas was at
    F12 now, and the window shows the switch at once."""
    from ganlab_gl.app import capture
    lab, renderer, target = lab
    settle(lab, renderer, target)
    whole = shoot(lab, renderer, target, (320, 200))  # one tile
    monkeypatch.setattr(capture, "TILE_PX", 128)  # 3 x 2 tiles
    lab.state.request(Action.SCREENSHOT, (320, 200))
    frame(lab, renderer, target)  # the request taken
    frame(lab, renderer, target)  # its first tile drawn
    assert lab.state.notices[-1].text == "screenshot 320x200: drawn 1 of 6 parts"
    handle_key(lab.state, LAYERS_BY_NAME["heatmap"].key)  # D's heatmap off
    lab.state.edit("fake.radius_px", 2 * lab.state.view.get("fake.radius_px"))
    tiled = shoot(lab, renderer, target, None, requested=False)
    assert not lab.widget.canvas["heatmap"].visible and lab.status()["layers"]["heatmap"] is False
    difference = np.abs(tiled.astype(int) - whole.astype(int))
    assert difference.mean() < 0.05 and (difference.max(axis=2) > 16).mean() < 0.001


def test_a_screenshot_in_a_steps_glide_shows_the_fakes_and_arrows_where_the_screen_does(lab):
    """F12 while a step's fakes and arrows glide saved them at the step's new places, not where the window drew
    them: the screenshot's picture has them on their way, at the glide the canvas drew last."""
    lab, renderer, target = lab
    settle(lab, renderer, target)
    before = lab.frame.snapshot
    while lab.frame.snapshot is before or not lab.step_glide.clock.started_at:
        lab.state.request(Action.STEP)
        frame(lab, renderer, target)
    after = lab.frame.snapshot
    lab.step_glide.clock.started_at = time.monotonic() - GLIDE_S / 2
    frame(lab, renderer, target)
    glide = lab.widget.canvas["fake"].glide
    assert 0.0 < glide < 1.0
    lab.state.request(Action.SCREENSHOT, (320, 200))
    frame(lab, renderer, target)  # the request taken
    shot = lab.capture._making[0].runs[0][2]
    assert torch.allclose(shot.fake, torch.lerp(before.fake, after.fake, glide))
    assert torch.allclose(shot.fake_gradient, torch.lerp(before.fake_gradient, after.fake_gradient, glide))
    assert not torch.allclose(shot.fake, after.fake)


def test_closing_the_lab_drops_the_screenshots_still_being_drawn_at_once_and_says_so(lab, monkeypatch, tmp_path,
                                                                                      capsys):
    """Closing drew every tile still to draw first, while the closing window held still: 8192x8192 some half a
    minute on llvmpipe. A screenshot being drawn, and one waiting its turn, are dropped now, nothing of them on disk,
    and the notices and the terminal say so."""
    from ganlab_gl.app import capture
    from ganlab_gl.render.canvas import Canvas
    lab, renderer, target = lab
    frame(lab, renderer, target)
    monkeypatch.setattr(capture, "TILE_PX", 128)  # 3 x 2 tiles each
    lab.state.request(Action.SCREENSHOT, (320, 200))
    lab.state.request(Action.SCREENSHOT, (200, 320))
    for _ in range(3):
        frame(lab, renderer, target)  # the requests taken, two tiles of the first drawn
    monkeypatch.setattr(Canvas, "render_offscreen", lambda *args, **kwargs: pytest.fail("a tile drawn on closing"))
    lab.capture.close()
    assert not list(tmp_path.glob("*ganlab*")) and not lab.capture.screenshots
    said = ["screenshot 320x200 not saved: the lab closed with 2 of its 6 parts drawn",
            "screenshot 200x320 not saved: the lab closed with 0 of its 6 parts drawn"]
    assert [n.text for n in lab.state.notices][-2:] == said and not any(n.lasting for n in lab.state.notices)
    assert capsys.readouterr().out.splitlines()[-2:] == [f"ganlab-gl: {text}" for text in said]


def test_closing_the_lab_finishes_a_screenshot_whose_file_is_being_written(lab, monkeypatch, tmp_path):
    """A screenshot drawn whole and being written when the lab closes is written whole (the interpreter's exit
    would wait for it anyway), so no part-written file is left."""
    import threading
    from PIL import Image
    from ganlab_gl.app import capture
    lab, renderer, target = lab
    frame(lab, renderer, target)
    disk_free = threading.Event()
    save_png = capture.save_png
    monkeypatch.setattr(capture, "save_png",
                        lambda *args: (disk_free.wait(timeout=HELD_AT_MOST_S), save_png(*args))[1])
    monkeypatch.setattr(capture, "TILE_PX", 128)
    lab.state.request(Action.SCREENSHOT, (320, 200))
    for _ in range(7):
        frame(lab, renderer, target)
    assert lab.state.notices[-1].text == "screenshot 320x200: writing the PNG file"
    threading.Timer(0.3, disk_free.set).start()
    lab.capture.close()
    assert [Image.open(path).size for path in lab.capture.screenshots] == [(320, 200)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ganlab-0001.png"]  # no temporary left
    assert lab.state.notices[-1].text.startswith("saved a 320x200 screenshot to ")


def screenshot_written_when_let(lab, renderer, target, monkeypatch):
    """A 320x200 screenshot drawn, its PNG written once the event returned is set; and the host's close requests,
    appended to the list returned."""
    import threading
    from ganlab_gl.app import capture
    frame(lab, renderer, target)
    disk_free = threading.Event()
    save_png = capture.save_png
    monkeypatch.setattr(capture, "save_png",
                        lambda *args: (disk_free.wait(timeout=HELD_AT_MOST_S), save_png(*args))[1])
    closes = []
    monkeypatch.setattr(lab.host, "request_close", lambda: closes.append(lab.host))
    lab.state.request(Action.SCREENSHOT, (320, 200))
    for _ in range(2):
        frame(lab, renderer, target)
    return disk_free, closes


def frames_until_it_closes(lab, renderer, target, closes, frames=100):
    """Frames while the lab waits for a file to close (`closes`: its host's close requests, appended to)."""
    for _ in range(frames):
        frame(lab, renderer, target)
        if closes:
            return
        time.sleep(0.01)  # the file's thread
    raise AssertionError(f"the lab never asked to close: {lab.state.notices[-1].text}")


def test_closing_while_a_screenshot_is_written_says_so_and_draws_on_until_the_file_is_there(lab, monkeypatch, tmp_path,
                                                                                              capsys):
    """Closing while an 8192x8192 screenshot's PNG was written held the window some 7 s with no word. The window
    now draws on, the run paused, a notice and the terminal saying why it has not closed yet; once the file is
    written it closes, the file whole."""
    from PIL import Image
    lab, renderer, target = lab
    disk_free, closes = screenshot_written_when_let(lab, renderer, target, monkeypatch)
    assert lab.state.notices[-1].text == "screenshot 320x200: writing the PNG file"
    lab.state.playing = True
    assert not lab.on_close()  # the close button, which returns at once: the PNG is still held (asserted below)
    said = "closing once the 320x200 screenshot is written"
    assert lab.state.notices[-1].text == said and lab.state.notices[-1].lasting and not lab.state.playing
    assert capsys.readouterr().out.splitlines()[-1] == f"ganlab-gl: {said}"
    for _ in range(3):
        frame(lab, renderer, target)  # the window draws on, not yet closing, a few frames a second (WAITING_FPS)
        assert lab.host.waiting_only
    assert not closes and not lab.on_close() and not lab.capture.screenshots
    disk_free.set()
    frames_until_it_closes(lab, renderer, target, closes)
    assert lab.on_close()
    assert [Image.open(path).size for path in lab.capture.screenshots] == [(320, 200)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ganlab-0001.png"]


def test_iterations_trained_while_closing_waits_for_a_file_are_asked_about_before_the_window_closes(lab, monkeypatch):
    """Closing waits for a screenshot's PNG with the window drawing on, so the run can be stepped meanwhile: the quit
    agreed to before (nothing unsaved then) let those iterations go unasked once the file was written."""
    lab, renderer, target = lab
    disk_free, closes = screenshot_written_when_let(lab, renderer, target, monkeypatch)
    assert not lab.on_close() and lab.state.question is None  # an untrained run: nothing to ask, the file waited for
    for _ in range(3):
        lab.state.request(Action.STEP)
    frame(lab, renderer, target)
    assert lab.controller.trainer.iteration_count == 3
    disk_free.set()
    frames_until_it_closes(lab, renderer, target, closes)
    assert not lab.on_close()
    assert lab.state.question.title == "Quit?"
    assert "run on Two Gaussians at iteration 3 is not saved" in lab.state.question.text
    assert not any(notice.text.startswith("closing once") for notice in lab.state.notices)


@pytest.mark.parametrize("disk", ["free", "full"])
def test_save_and_quit_draws_on_while_the_session_is_written_then_closes(lab, monkeypatch, tmp_path, disk):
    """"Save and quit" held the closing window until the session was written (a full timeline's 64 MB: a second on a
    loaded VM). The window now draws on, saying so, and closes once the session is written; a save that fails asks
    again, and the window stays."""
    import threading
    from test_app_sessions import _write_held_until
    from ganlab_gl.core import checkpoint
    lab, renderer, target = lab
    if disk == "full":
        def full_disk(stored, run_dir):
            raise OSError(28, "No space left on device")
        monkeypatch.setattr(checkpoint, "write", full_disk)
    lab.state.session_path = str(tmp_path / "session")
    closes = []
    monkeypatch.setattr(lab.host, "request_close", lambda: closes.append(lab.host))
    for _ in range(3):
        lab.state.request(Action.STEP)
    frame(lab, renderer, target)
    gate = threading.Event()
    _write_held_until(gate, [], monkeypatch)
    assert not lab.on_close()  # unsaved progress: asked
    lab.state.answer(False, save_first=True)  # "Save and quit"
    frame(lab, renderer, target)  # the save starts, and the quit asks the window to close
    assert closes
    assert not lab.on_close()  # at once: the session is still held (nothing closes until the gate opens, below)
    assert lab.state.notices[-1].text == "closing once the session is written"
    closes.clear()
    for _ in range(3):
        frame(lab, renderer, target)
    assert not closes and lab.state.question is None
    gate.set()
    frames_until_it_closes(lab, renderer, target, closes)
    if disk == "full":
        assert not lab.on_close() and lab.state.question.title == "Quit?"
        assert not any(n.text.startswith("closing once") for n in lab.state.notices)
        return
    assert lab.on_close()
    assert checkpoint.describe(tmp_path / "session") == "Two Gaussians at iteration 3"


def test_a_screenshot_grows_its_dots_with_its_size_as_the_screen_shows_them(lab):
    """F12 drew the dots at their size on the screen: a screenshot three times the canvas had dots a third as large
    against the picture. Grown with it (View.enlarged), a dot covers about 3² times the pixels."""
    lab, renderer, target = lab
    for name in CANVAS_LAYERS:
        lab.state.edit(f"{name}.visible", name == "real")  # the real samples alone, on the plain background
    settle(lab, renderer, target)
    width, height = lab.widget.view().viewport_px

    def covered(pixels):
        """The pixels the dots cover, an edge's by how much of it they cover: their colour's distance from the
        background's, summed, in a whole dot's distances (a dot a few pixels wide is mostly edge)."""
        distance = np.abs(pixels[..., :3].astype(float) - pixels[0, 0, :3]).sum(axis=2)
        return distance.sum() / distance.max()

    on_screen = covered(shoot(lab, renderer, target, (width, height)))
    three_times = covered(shoot(lab, renderer, target, (3 * width, 3 * height)))
    assert on_screen > 100 and three_times / on_screen == pytest.approx(9, rel=0.1)


def test_a_screenshot_too_large_for_the_gpu_says_so_and_names_its_size(lab, monkeypatch):
    """16384x16384 on llvmpipe said only 'screenshot failed: the framebuffer is not complete
    (INCOMPLETE_ATTACHMENT)'."""
    import moderngl
    from ganlab_gl.render import canvas as canvas_module
    lab, renderer, target = lab
    frame(lab, renderer, target)

    def refuse(*args):
        raise moderngl.Error("the framebuffer is not complete (INCOMPLETE_ATTACHMENT)")
    monkeypatch.setattr(canvas_module, "OffscreenTarget", refuse)
    lab.state.request(Action.SCREENSHOT, "16384x16384")
    frame(lab, renderer, target)  # asked
    frame(lab, renderer, target)  # its first tile refused
    assert lab.state.notices[-1].text == ("screenshot 16384x16384 failed: the GPU could not draw it (the framebuffer "
                                          "is not complete (INCOMPLETE_ATTACHMENT)); try a smaller size")
    assert not lab.capture.screenshots and lab.widget.canvas._offscreen is None
    assert not any(n.lasting for n in lab.state.notices)


def test_a_screenshot_too_large_for_the_memory_says_so_in_one_line(lab, monkeypatch):
    from ganlab_gl.app import capture

    def no_room(shape, dtype):
        raise MemoryError
    monkeypatch.setattr(capture.np, "empty", no_room)
    lab, renderer, target = lab
    frame(lab, renderer, target)
    lab.state.request(Action.SCREENSHOT, "16384x16384")
    frame(lab, renderer, target)
    assert lab.state.notices[-1].text == ("screenshot 16384x16384 failed: not enough memory for its pixels; try a "
                                          "smaller size")
    assert not any(n.lasting for n in lab.state.notices)


@pytest.mark.parametrize("number, words, advice", WRITE_FAULTS)
def test_a_screenshot_whose_png_cannot_be_written_says_why_and_advises_by_the_fault(lab, monkeypatch, number, words,
                                                                                  advice):
    """It said 'screenshot failed: [Errno 28] No space left on device: ...' whatever the fault, with no way out."""
    from ganlab_gl.app import capture
    from test_errors_doc import assert_documented

    def refused(pixels, path):
        raise OSError(number, words, str(path) + ".tmp")
    monkeypatch.setattr(capture, "save_png", refused)
    lab, renderer, target = lab
    frame(lab, renderer, target)
    lab.state.request(Action.SCREENSHOT, (320, 200))
    for _ in range(50):
        frame(lab, renderer, target)
        if lab.state.notices[-1].level == "error":
            break
        time.sleep(0.01)  # the PNG's thread
    assert lab.state.notices[-1].text == f"screenshot 320x200 failed: {words}{advice}"
    assert_documented(lab.state.notices[-1].text)
    assert not lab.capture.screenshots and not any(n.lasting for n in lab.state.notices)


def test_recording_plays_back_at_the_speed_it_was_seen(lab, tmp_path):
    """A 30 fps clip: a frame shown for 1/10 s fills three of its frames, one shown for 1/100 s none."""
    lab, renderer, target = lab
    now = [100.0]
    lab.capture.clock = lambda: now[0]
    lab.state.recording_path = str(tmp_path / "frames")
    lab.state.request(Action.TOGGLE_RECORDING)
    for seconds in (0.0, 0.1, 0.01):
        now[0] += seconds
        frame(lab, renderer, target)  # serves the request (the first frame), then records
    lab.state.request(Action.TOGGLE_RECORDING)
    frame(lab, renderer, target)
    assert len(list((tmp_path / "frames").glob("frame-*.png"))) == 4  # 0.11 s seen: 4 frames of 1/30 s


def test_drawing_mode_says_what_the_stroke_is_not_the_old_models_colours(lab, monkeypatch):
    """While drawing, the legend showed D's colour scale and the manifold's densities, and the hover read D from
    the old model, none of which the blank canvas shows."""
    import ganlab_gl.app.lab as lab_module
    lab, renderer, target = lab
    legends, tips = [], []
    for name in ("draw_heatmap_legend", "draw_density_legend", "draw_drawing_legend"):
        monkeypatch.setattr(lab_module, name, lambda *args, name=name, **_: legends.append((name, args)))
    monkeypatch.setattr(imgui, "set_tooltip", tips.append)
    lab.state.request(Action.START_DRAWING)
    frame(lab, renderer, target)
    lab.state.drawn_points = [(0.5, 0.5), (0.6, 0.5)]
    box = lab.widget.box
    imgui.get_io().add_mouse_pos_event(box[0] + box[2] / 2, box[1] + box[3] / 2)
    legends.clear()
    for _ in range(2):
        frame(lab, renderer, target)
    assert {name for name, _ in legends} == {"draw_drawing_legend"} and legends[-1][1] == (2,)
    assert tips and tips[-1].startswith("x ") and "D " not in tips[-1]


def test_drawing_mode_shows_the_samples_the_brush_sprays_and_follows_its_spread(lab, monkeypatch):
    """While drawing, the canvas showed the stroke's own points, a thin line, and the brush's spread showed only once
    the run trained on it (GAN Lab draws a stroke as wide as its spread); a new spread redraws the spray."""
    from ganlab_gl.core import datasets
    lab, renderer, target = lab
    real = lab.widget.panes[0].canvas["real"]
    shown = []
    accept = real.accept
    monkeypatch.setattr(real, "accept", lambda snapshot: (shown.append(snapshot.real), accept(snapshot))[1])
    lab.state.request(Action.START_DRAWING)
    frame(lab, renderer, target)
    lab.state.drawn_points = [(0.2 + 0.6 * t / 20, 0.5) for t in range(21)]
    stroke = torch.tensor(lab.state.drawn_points)
    for spread in (0.02, 0.05):
        lab.state.brush_spread = spread
        shown.clear()
        for _ in range(4):  # past the frames that settle the new stroke: the second spread alone redraws it
            frame(lab, renderer, target)
        assert shown and torch.equal(shown[-1], datasets.spray(stroke, spread))
        assert 0.5 * spread < float((shown[-1] - stroke).std()) < 2 * spread


def test_the_reset_view_buttons_tooltip_names_the_key_the_action_table_binds(lab, monkeypatch):
    """Its tooltip spelled "0: reset the view" by hand: the key rebound (here), it follows."""
    from dataclasses import replace

    from ganlab_gl.app.actions import ACTION_ROWS
    monkeypatch.setitem(ACTION_ROWS, Action.RESET_VIEW, replace(ACTION_ROWS[Action.RESET_VIEW], keys={"ctrl+0": None}))
    tips = []
    monkeypatch.setattr(imgui, "set_tooltip", tips.append)
    lab, renderer, target = lab
    lab.state.request(Action.ZOOM_IN)
    frame(lab, renderer, target)
    frame(lab, renderer, target)
    x, y, width, height = lab.widget.reset_view_box
    imgui.get_io().add_mouse_pos_event(x + width / 2, y + height / 2)
    frame(lab, renderer, target)
    tips.clear()
    frame(lab, renderer, target)
    # the one tooltip of the frame: ImGui shows the last set, and the canvas's reading beneath came after it
    assert tips == ["Ctrl+0: reset the view (the zoom or pan let go)"]


def test_a_zoomed_canvas_offers_a_reset_view_button_that_resets_it(lab):
    """Only the 0 key reset a zoom or pan; the canvas said nothing of it, and a zoom 1,000x in shows an empty-looking
    plain. While the view is the user's, a button in the canvas's lower right corner resets it; a click on it does
    not also pan or draw, and the canvas with the automatic view shows none."""
    lab, renderer, target = lab
    io = imgui.get_io()
    frame(lab, renderer, target)
    assert lab.widget.reset_view_box is None
    lab.state.request(Action.ZOOM_IN)
    frame(lab, renderer, target)
    frame(lab, renderer, target)
    x, y, width, height = lab.widget.reset_view_box
    canvas = lab.widget.box
    assert canvas[0] + canvas[2] / 2 < x and x + width <= canvas[0] + canvas[2]  # in the lower right corner
    assert canvas[1] + canvas[3] / 2 < y and y + height <= canvas[1] + canvas[3]
    zoomed = lab.state.view_rect
    io.add_mouse_pos_event(x + width / 2, y + height / 2)
    frame(lab, renderer, target)
    assert lab.state.view_rect == zoomed
    io.add_mouse_button_event(0, True)
    frame(lab, renderer, target)
    io.add_mouse_pos_event(x + width / 2 - 20, y + height / 2 - 20)  # a drag begun on the button pans nothing
    frame(lab, renderer, target)
    frame(lab, renderer, target)
    assert lab.state.view_rect == zoomed
    io.add_mouse_pos_event(x + width / 2, y + height / 2)
    frame(lab, renderer, target)
    io.add_mouse_button_event(0, False)
    frame(lab, renderer, target)
    frame(lab, renderer, target)
    assert lab.state.view_rect is None and lab.widget.reset_view_box is None


def test_a_drawing_s_canvas_offers_no_reset_view_button_and_escape_brings_it_back(lab):
    """A zoom before 8 kept its Reset view button over the drawing's canvas, which shows the drawing's square
    whatever the zoom (kept for Escape), so it reset nothing to be seen."""
    lab, renderer, target = lab
    lab.state.request(Action.ZOOM_IN)
    for request in (None, Action.START_DRAWING, Action.LEAVE_DRAWING):
        if request is not None:
            lab.state.request(request)
        frame(lab, renderer, target)
        frame(lab, renderer, target)
        assert (lab.widget.reset_view_box is None) == (request == Action.START_DRAWING), request


def test_a_stroke_keeps_to_the_canvas_and_ends_where_it_is_let_go(lab):
    """A stroke dragged past the canvas's edge kept points the canvas never showed (the view zoomed out to them
    after Enter), and let go there, the next click drew a line from that place to the click."""
    lab, renderer, target = lab
    io = imgui.get_io()
    lab.state.request(Action.START_DRAWING)
    frame(lab, renderer, target)
    x, y, width, height = lab.widget.box
    inside = (x + 0.3 * width, y + 0.5 * height)

    def drag(points):  # pressed where the pointer arrives, in one frame, as a quick hand (or xdotool) does
        io.add_mouse_pos_event(*points[0])
        io.add_mouse_button_event(0, True)
        for point in points:
            io.add_mouse_pos_event(*point)
            frame(lab, renderer, target)
        io.add_mouse_button_event(0, False)
        frame(lab, renderer, target)

    drag([inside, (x + 0.9 * width, y + 0.5 * height), (x + 1.4 * width, y + 0.5 * height)])
    view = lab.controller.view_rect
    drawn = np.array(lab.state.drawn_points)
    assert len(drawn) > 10
    assert np.all((drawn[:, 0] >= view[0]) & (drawn[:, 0] <= view[2])), (drawn[:, 0].max(), view)
    count = len(drawn)
    drag([(x + 0.3 * width, y + 0.8 * height)])  # a click: one point where it was pressed
    assert len(lab.state.drawn_points) == count + 1
    for left in (count, 0):  # Ctrl+Z: the click, then the stroke
        lab.state.request(Action.UNDO)
        frame(lab, renderer, target)
        assert len(lab.state.drawn_points) == left


def test_an_undo_in_mid_stroke_takes_back_what_it_drew_and_the_rest_is_a_stroke_of_its_own(lab):
    """Ctrl+Z while dragging took back the stroke so far, and the points the drag went on to draw joined the stroke
    before it: the next Ctrl+Z took both away."""
    lab, renderer, target = lab
    io = imgui.get_io()
    lab.state.request(Action.START_DRAWING)
    frame(lab, renderer, target)
    x, y, width, height = lab.widget.box
    io.add_mouse_pos_event(x + 0.2 * width, y + 0.3 * height)  # a first stroke, a click
    io.add_mouse_button_event(0, True)
    frame(lab, renderer, target)
    io.add_mouse_button_event(0, False)
    frame(lab, renderer, target)
    first = list(lab.state.drawn_points)
    io.add_mouse_pos_event(x + 0.2 * width, y + 0.6 * height)
    io.add_mouse_button_event(0, True)
    for along in (0.4, 0.6):
        io.add_mouse_pos_event(x + along * width, y + 0.6 * height)
        frame(lab, renderer, target)
    lab.state.request(Action.UNDO)  # while the button is held
    frame(lab, renderer, target)
    assert lab.state.drawn_points == first
    io.add_mouse_pos_event(x + 0.8 * width, y + 0.6 * height)
    frame(lab, renderer, target)
    io.add_mouse_button_event(0, False)
    frame(lab, renderer, target)
    assert len(lab.state.drawn_points) > len(first)
    lab.state.request(Action.UNDO)
    frame(lab, renderer, target)
    assert lab.state.drawn_points == first


def test_a_tap_on_the_canvas_pans_nothing_and_a_drag_pans_by_its_travel(lab):
    """A click just after the pointer jumped onto the canvas (a tap on a touch screen, xdotool's move-and-click)
    panned the view by the jump: the data went off screen."""
    lab, renderer, target = lab
    io = imgui.get_io()
    io.add_mouse_pos_event(5, 5)  # off the canvas
    frame(lab, renderer, target)
    view = lab.controller.view_rect
    x, y, width, height = lab.widget.box
    io.add_mouse_pos_event(x + width / 2, y + height / 2)  # the jump and the press in one frame
    io.add_mouse_button_event(0, True)
    frame(lab, renderer, target)
    io.add_mouse_button_event(0, False)
    frame(lab, renderer, target)
    assert lab.controller.view_rect == view
    io.add_mouse_button_event(0, True)
    frame(lab, renderer, target)
    io.add_mouse_pos_event(x + width / 2 + 40, y + height / 2)  # a drag of 40 px to the right
    frame(lab, renderer, target)
    io.add_mouse_button_event(0, False)
    frame(lab, renderer, target)
    moved = lab.controller.view_rect
    across = (view[2] - view[0]) * 40 / width
    assert moved[0] == pytest.approx(view[0] - across, rel=0.05) and moved[1] == pytest.approx(view[1])


def test_a_click_on_the_timeline_curve_from_afar_shows_its_iteration(lab):
    """A pointer that jumped onto the curve and pressed in the same frame (a quick move-and-click, a tap) was
    lost: ImPlot's own hover lags a frame behind such a jump."""
    lab, renderer, target = lab
    io, seen, draw_curve = imgui.get_io(), {}, lab.timeline_bar._draw_curve

    def recording_curve(state, shown):
        draw_curve(state, shown)
        seen["curve"] = (imgui.get_item_rect_min(), imgui.get_item_rect_max())  # the plot: the last item

    lab.timeline_bar._draw_curve = recording_curve
    for _ in range(40):
        lab.state.request(Action.STEP)
    x, y, width, height = lab.widget.box
    io.add_mouse_pos_event(x + width / 2, y + height / 2)  # on the canvas first
    for _ in range(2):
        frame(lab, renderer, target)
    low, high = seen["curve"]
    io.add_mouse_pos_event(low.x + 0.25 * (high.x - low.x), (low.y + high.y) / 2)
    io.add_mouse_button_event(0, True)  # in the frame of the jump
    frame(lab, renderer, target)
    io.add_mouse_button_event(0, False)
    for _ in range(2):
        frame(lab, renderer, target)
    assert lab.frame.timeline.shown is not None and 5 <= lab.frame.timeline.shown <= 15, lab.frame.timeline


@pytest.mark.parametrize("hidden, gone", [("heatmap", "draw_heatmap_legend"), ("manifold", "draw_density_legend")])
def test_a_hidden_layer_takes_its_legend_with_it(lab, monkeypatch, hidden, gone):
    import ganlab_gl.app.lab as lab_module
    lab, renderer, target = lab
    drawn = []
    for name in ("draw_heatmap_legend", "draw_density_legend"):
        monkeypatch.setattr(lab_module, name, lambda *args, name=name, **options: drawn.append(name))
    frame(lab, renderer, target)
    assert gone in drawn
    lab.state.edit(f"{hidden}.visible", False)
    drawn.clear()
    frame(lab, renderer, target)
    assert drawn and gone not in drawn


def test_the_legend_keeps_hidden_layers_as_switches_that_show_them_again(lab, monkeypatch):
    """The legend is GAN Lab's layer switches: the dots' entries say which sample layers are shown, a hidden
    background or manifold is named where its legend stood, and a switch's click goes through the lab's toggle."""
    import ganlab_gl.app.lab as lab_module
    lab, renderer, target = lab
    seen = {}
    monkeypatch.setattr(lab_module, "draw_sample_legend",
                        lambda **shown: seen.update(samples={k: v for k, v in shown.items()
                                                             if k not in ("toggle", "titled")},
                                                    toggle=shown["toggle"]))
    monkeypatch.setattr(lab_module, "draw_hidden_layers", lambda hidden, toggle: seen.update(hidden=list(hidden)))
    frame(lab, renderer, target)
    assert seen["samples"] == {"real": True, "fake": True, "gradients": True} and seen.get("hidden", []) == []
    for layer in ("heatmap", "fake"):
        lab.state.edit(f"{layer}.visible", False)
    seen.clear()
    frame(lab, renderer, target)
    assert seen["samples"] == {"real": True, "fake": False, "gradients": True} and seen["hidden"] == ["heatmap"]
    seen["toggle"]("heatmap")
    frame(lab, renderer, target)
    assert lab.state.view.heatmap.visible


def test_drawing_mode_blanks_the_models_layers(lab):
    """As GAN Lab: while you draw, the canvas shows the stroke, not the old model's heatmap or manifold."""
    lab, renderer, target = lab
    frame(lab, renderer, target)
    assert lab.widget.canvas["heatmap"].visible and lab.widget.canvas["manifold"].visible
    lab.state.request(Action.START_DRAWING)
    for _ in range(2):
        frame(lab, renderer, target)
    assert [name for name, layer in lab.widget.canvas.layers.items() if layer.visible] == ["real"]
    lab.state.request(Action.LEAVE_DRAWING)
    for _ in range(2):
        frame(lab, renderer, target)
    assert lab.widget.canvas["heatmap"].visible


def _other_value(setting):
    """A valid value of `setting` unlike its default."""
    if setting.type is bool:
        return not setting.default
    return setting.default * 2 if setting.high is None or setting.default * 2 <= setting.high else setting.low


def test_every_layer_option_of_the_table_reaches_its_layer(lab):
    lab, renderer, target = lab
    view = lab.state.view
    wanted = {}
    for name in CANVAS_LAYERS:
        for option in ("visible", *LAYERS_BY_NAME[name].options):
            key = f"{name}.{option}"
            wanted[key] = _other_value(view.settings()[key])
            lab.state.edit(key, wanted[key])
    frame(lab, renderer, target)
    for key, value in wanted.items():
        name, option = key.split(".")
        assert getattr(lab.widget.canvas[name], option) == value, key


def test_layer_keys_reach_the_canvas_layers_and_the_status(lab):
    lab, renderer, target = lab
    for name in CANVAS_LAYERS:
        shown = lab.widget.canvas[name].visible
        handle_key(lab.state, LAYERS_BY_NAME[name].key)
        frame(lab, renderer, target)  # the key's request is served at the start of this frame
        assert lab.widget.canvas[name].visible is (not shown), name
        assert lab.status()["layers"][name] is (not shown), name


def test_a_resting_canvas_is_not_drawn_again_until_something_it_shows_changes(lab):
    lab, renderer, target = lab
    draws = []
    original = lab.widget.canvas.draw
    lab.widget.canvas.draw = lambda *args: (draws.append(1), original(*args))
    for _ in range(3):
        frame(lab, renderer, target)
    resting = len(draws)
    frame(lab, renderer, target)
    assert len(draws) == resting  # paused, nothing moved: the target still holds the picture
    lab.state.edit("heatmap.visible", False)
    frame(lab, renderer, target)
    assert len(draws) == resting + 1 and not lab.widget.canvas["heatmap"].visible
    lab.state.request(Action.STEP)
    frame(lab, renderer, target)
    frame(lab, renderer, target)
    assert len(draws) >= resting + 2  # a new snapshot (and the view gliding after it)
    lab.state.request(Action.ZOOM_IN)
    frame(lab, renderer, target)
    frame(lab, renderer, target)
    moved = len(draws)
    lab.state.request(Action.ZOOM_IN)
    frame(lab, renderer, target)
    assert len(draws) == moved + 1  # a new view


def test_a_frame_uploads_everything_before_it_draws_and_waits_without_the_gil(lab, monkeypatch):
    """llvmpipe makes a buffer or texture write wait, inside moderngl with the GIL held, for every draw queued
    before it, and a compute dispatch too; so a frame's uploads (canvas and overview pictures, the manifolds' cell
    measures) all come before its first draw, and its waits for the rasteriser go through wait_releasing_gil,
    before the resolve (docs/BENCHMARKS.md)."""
    import ganlab_gl.app.lab as lab_module
    import ganlab_gl.render.layers.manifold as manifold_module
    from ganlab_gl.render.canvas import Canvas, OffscreenTarget
    lab, renderer, target = lab
    frame(lab, renderer, target)
    events = []
    for name in ("upload", "draw"):
        original = getattr(Canvas, name)
        monkeypatch.setattr(Canvas, name,
                            lambda self, *args, _o=original, _n=name: (events.append(_n), _o(self, *args)))
    original_resolve = OffscreenTarget.resolve
    monkeypatch.setattr(OffscreenTarget, "resolve", lambda self: (events.append("resolve"), original_resolve(self)))
    original_wait = lab_module.wait_releasing_gil
    monkeypatch.setattr(lab_module, "wait_releasing_gil", lambda ctx: (events.append("wait"), original_wait(ctx)))
    original_dispatch = manifold_module.dispatch_releasing_gil
    monkeypatch.setattr(manifold_module, "dispatch_releasing_gil",
                        lambda *args: (events.append("dispatch"), original_dispatch(*args)))
    lab.state.request(Action.STEP)
    frame(lab, renderer, target)  # the step's snapshot: the canvas and the overview pictures redraw
    on_frame = lab.on_frame
    monkeypatch.setattr(lab, "on_frame", lambda *args: (events.clear(), on_frame(*args)))
    lab.thumbnails.current._last_drawn = None
    lab.state.request(Action.STEP)
    frame(lab, renderer, target)
    drawn = [k for k, event in enumerate(events) if event == "draw"]
    assert events.count("upload") >= 2 and len(drawn) >= 2  # the canvas and the overview pictures
    assert max(k for k, event in enumerate(events) if event == "upload") < min(drawn)
    dispatched = [k for k, event in enumerate(events) if event == "dispatch"]  # the manifolds' cells, measured
    assert len(dispatched) >= 2 and max(dispatched) < min(drawn)  # on upload: a dispatch after a draw waits for it
    resolves = [k for k, event in enumerate(events) if event == "resolve"]
    assert max(drawn) < resolves[0] and events[resolves[0] - 1] == "wait" and events[resolves[-1] + 1] == "wait"


def test_on_llvmpipe_the_overlay_waits_without_the_gil_before_each_app_texture(lab, monkeypatch):
    """A draw sampling an app texture the scene has not sampled yet rasterises queued overlay inside moderngl (GIL
    held): the renderer waits through finish_releasing_gil before each app texture's first draw instead, and the
    fifteen pictures (eight overview stages, seven presets) are two textures, so two waits, not fifteen."""
    import moderngl
    from imgui_bundle import imgui

    import ganlab_gl.app.imgui_renderer as renderer_module
    lab, renderer, target = lab
    if "llvmpipe" not in lab.ctx.info["GL_RENDERER"]:
        pytest.skip("the waits are for llvmpipe only")
    frame(lab, renderer, target)
    events = []
    monkeypatch.setattr(renderer_module, "finish_releasing_gil", lambda: events.append("wait"))
    use = moderngl.Texture.use
    monkeypatch.setattr(moderngl.Texture, "use",
                        lambda texture, *args: (events.append(texture.glo), use(texture, *args)))
    imgui.new_frame()
    lab.on_gui()
    imgui.render()
    target.use()
    renderer.render(imgui.get_draw_data())
    pictures = [k for k, event in enumerate(events) if event != "wait" and not renderer._textures[event].owned]  # binds
    sheets = {lab.thumbnails.current.sheet.texture.glo, lab._preview_sheet.texture.glo}
    assert {events[k] for k in pictures} == sheets  # the overview's and the presets' pictures, a texture each
    assert len(pictures) > len(sheets)  # bound again after ImGui's own draws in between
    first_binds = [k for k in pictures if events[k] not in {events[j] for j in pictures if j < k}]
    assert all(events[k - 1] == "wait" for k in first_binds)  # each texture's first bind right after a wait
    assert events.count("wait") == len(sheets)


def test_the_tiled_panels_leave_their_backgrounds_to_the_frames_clear(lab, gl_ctx):
    """On a software rasteriser every blended pixel costs: the overlay once filled the screen one and a half
    times, the panels' backgrounds included. They are now the frame's clear (backdrop_rgb), so the overlay
    fills well under a screen, and an empty stretch of a panel still shows the style's background."""
    from imgui_bundle import imgui

    from ganlab_gl.app.imgui_renderer import backdrop_rgb
    lab, renderer, target = lab
    lab.state.playing = True
    for _ in range(3):
        frame(lab, renderer, target)
    fill = gl_ctx.query(samples=True)
    target.use()
    with fill:
        renderer.render(imgui.get_draw_data())
    assert fill.samples < 0.7 * SIZE[0] * SIZE[1]
    pixels = np.frombuffer(target.read(components=3), np.uint8).reshape(SIZE[1], SIZE[0], 3)  # bottom row first
    assert pixels[SIZE[1] // 2, 3].tolist() == [round(255 * c) for c in backdrop_rgb()]  # the left panel's padding


def test_a_software_rasteriser_multisamples_only_the_resting_canvas(lab, gl_ctx):
    """Multisampling doubles the canvas's cost on llvmpipe (where the overview's pictures redraw at 5 Hz): a
    picture that changes every frame (training, a zoom) is drawn single-sampled; once nothing new comes it is drawn
    once more, multisampled, and kept; a single change is drawn once, multisampled. A GPU multisamples every
    picture."""
    from ganlab_gl.app.lab import THUMBNAIL_INTERVAL_S
    lab, renderer, target = lab
    multisampled = min(lab.state.view.display.msaa, gl_ctx.max_samples)
    software = "llvmpipe" in gl_ctx.info["GL_RENDERER"]
    assert lab.widget.multisample_at_rest_only == software
    assert lab.thumbnails.min_interval_s == THUMBNAIL_INTERVAL_S["software" if software else "gpu"]  # 5 Hz there
    lab.widget.multisample_at_rest_only = True
    settle(lab, renderer, target)

    def move(frames: int) -> None:  # a new picture every frame (a step would also make the view glide for seconds)
        for k in range(frames):
            lab.state.edit("heatmap.smooth", k % 2 == 0)
            frame(lab, renderer, target)

    move(4)
    assert lab.widget.target.samples == 0
    draws = []
    original = lab.widget.canvas.draw
    lab.widget.canvas.draw = lambda *args: (draws.append(args[1]), original(*args))
    settle(lab, renderer, target)
    assert lab.widget.target.samples == multisampled and draws[-1] is lab.widget.target.framebuffer
    settled = len(draws)
    frame(lab, renderer, target)
    assert len(draws) == settled and lab.widget.target.samples == multisampled  # kept, not drawn again
    move(1)  # one change from rest (a step, a click, a toggle): drawn once, multisampled at once
    frame(lab, renderer, target)
    frame(lab, renderer, target)
    assert draws[settled:] == [lab.widget.target.framebuffer] and lab.widget.target.samples == multisampled
    lab.widget.multisample_at_rest_only = False
    move(3)
    assert lab.widget.target.samples == multisampled


def test_the_refinements_last_step_is_drawn_multisampled_once(lab):
    """The refinement brings a new picture every frame, so its steps are drawn single-sampled on llvmpipe; its last
    one, the asked resolution, drawn single-sampled was drawn again multisampled the next frame: at 2048² a second
    draw of 4M cells (10 s under load, the most expensive frame of the refinement). The last step is the resting
    picture: drawn once, multisampled."""
    from ganlab_gl.app.refinement import SETTLE_S
    lab, renderer, target = lab
    lab.widget.multisample_at_rest_only = True
    lab.widget.bands = lab.controller.probe_band = None  # each step in a frame (test_app_banded_draw.py: bands)
    lab.state.config.probe.manifold_res = lab.state.config.probe.heatmap_res = 512
    now = [time.perf_counter()]  # the lab drew its first frame on this clock
    lab.controller.clock = lambda: now[0]
    draws = []
    original = lab.widget.canvas.draw
    lab.widget.canvas.draw = lambda *args: (draws.append((lab.frame.resolution.manifold, args[1])), original(*args))
    lab.state.request(Action.ZOOM_IN)
    frame(lab, renderer, target)
    now[0] += SETTLE_S
    for _ in range(8):
        frame(lab, renderer, target)
        now[0] += 1 / 30
    multisampled, _ = lab.widget.panes[0].targets[lab.state.view.display.msaa]
    assert [resolution for resolution, _ in draws] == [64, 128, 256, 512]  # each step once
    assert draws[-1][1] is multisampled.framebuffer


def test_the_canvas_picture_is_copied_into_the_window_with_the_pixels_a_draw_gives(lab, monkeypatch):
    """The canvas's texture is opaque and shown pixel for pixel, so the renderer copies it (imgui_renderer.py);
    the window's pixels are those of drawing it as a textured quad, resting and while the picture moves."""
    import ganlab_gl.app.imgui_renderer as renderer_module
    lab, renderer, target = lab
    copies = []
    real_copy = renderer_module.copy_pixels
    monkeypatch.setattr(renderer_module, "copy_pixels", lambda *args: (copies.append(args), real_copy(*args)))
    real_rect = renderer._copied_rect  # kept for its inputs: the draw below is forced past the kept answer
    for moving in (False, True):
        if moving:
            lab.state.playing = True
            for _ in range(3):
                frame(lab, renderer, target)
            lab.state.playing = False  # the next frame shows the last trained state, drawn then copied
        else:
            settle(lab, renderer, target)
        pictures = []
        for copy in (True, False):
            monkeypatch.setattr(renderer, "_copied_rect", real_rect if copy else lambda *args: None)
            copies.clear()
            target.use()
            lab.ctx.clear(0.0, 0.0, 0.0)
            renderer.render(imgui.get_draw_data())
            pictures.append(np.frombuffer(target.read(components=4), np.uint8).copy())
            assert len(copies) == (1 if copy else 0)
        np.testing.assert_array_equal(*pictures)


@pytest.mark.parametrize("scale", [1.0, 1.75])
@pytest.mark.parametrize("runs", [1, 2])
def test_every_pane_lies_on_whole_pixels_and_is_copied_at_any_framebuffer_scale(gl_ctx, monkeypatch, scale, runs):
    """On a fractional HiDPI scale too (ImGui keeps windows on whole points, which are not whole pixels there), each
    pane's picture is as many pixels as it shows, so the renderer copies it."""
    import ganlab_gl.app.imgui_renderer as renderer_module
    copies = []
    real_copy = renderer_module.copy_pixels
    monkeypatch.setattr(renderer_module, "copy_pixels", lambda *args: (copies.append(args), real_copy(*args)))
    with headless_lab(gl_ctx, (960, 640), framebuffer_scale=scale) as (lab, renderer, target):
        if runs > 1:
            lab.state.request(Action.COMPARE_ADD, "train.d_lr=0.05")
        for _ in range(3):
            copies.clear()
            frame(lab, renderer, target)
        assert len(lab.widget.panes) == runs and len(copies) == runs
        for pane in lab.widget.panes:
            x, y, width, height = (value * scale for value in pane.box)
            assert all(abs(value - round(value)) < 1e-6 for value in (x, y, width, height))
            assert pane.target.size == (round(width), round(height))


def test_hovering_a_dot_names_it_and_says_which_way_a_fake_needs_to_move(lab, monkeypatch):
    """GAN Lab's "This sample needs to move upper right to decrease generator's loss" in the canvas tooltip."""
    lab, renderer, target = lab
    settle(lab, renderer, target)
    widget = lab.widget
    pane, view = widget.panes[0], widget.view(0)
    snapshot = pane.drawn[0]
    reach = (widget.panes[0].canvas["fake"].radius_px + widget.panes[0].canvas["fake"].halo_px) * view.pixel_scale
    everything = torch.cat([snapshot.real, snapshot.fake]).numpy()
    screen = view.world_to_screen(everything)
    fakes = screen[len(snapshot.real):]
    index = len(fakes) - 1  # the dot drawn last is on top of any it overlaps: the one the pointer names
    gradient = snapshot.fake_gradient[index].tolist()
    words = ("right", "upper right", "up", "upper left", "left", "lower left", "down", "lower right")
    expected = words[round(math.degrees(math.atan2(gradient[1], gradient[0])) / 45) % 8]
    tips: list[str] = []
    monkeypatch.setattr(imgui, "set_tooltip", tips.append)

    def hover(point_px):
        scale = widget.framebuffer_scale()
        box = pane.box
        imgui.get_io().add_mouse_pos_event(box[0] + point_px[0] / scale, box[1] + point_px[1] / scale)
        tips.clear()
        for _ in range(2):
            frame(lab, renderer, target)
        return tips[-1]

    assert f"a fake sample: it needs to move {expected} to lower G's loss" in hover(fakes[index])
    empty = np.array([2.0, 2.0])
    while (np.hypot(*(screen - empty).T) < 3 * reach + 2).any():
        empty = empty + np.array([3.0, 1.0])  # walk off the dots
    assert "sample" not in hover(empty) and "D " in hover(empty)


def test_an_edit_waiting_for_a_restart_keeps_to_the_panels_foot_and_moves_nothing(lab, monkeypatch):
    """Its row and buttons sit at the foot of the graph's column, above the timeline bar and clear of the notices
    (under the canvas); the settings under the pointer stay where they were (the row once appeared above them)."""
    import ganlab_gl.app.lab as lab_module
    lab, renderer, target = lab
    seen, notices_left = {}, []
    draw = lab_module.draw_notices
    monkeypatch.setattr(lab_module, "draw_notices",
                        lambda *args, **kwargs: (notices_left.append(kwargs.get("left")), draw(*args, **kwargs)))
    header, button = imgui.collapsing_header, imgui.button

    def recording_header(label, flags=0):
        if label == "All settings":
            seen["settings_y"] = imgui.get_cursor_screen_pos().y
        return header(label, flags)

    def recording_button(label, *args):
        pressed = button(label, *args)
        if label == "Restart now":
            seen["restart_bottom"] = imgui.get_item_rect_max().y
            seen["panel_bottom"] = imgui.get_window_pos().y + imgui.get_window_size().y
        return pressed

    monkeypatch.setattr(imgui, "collapsing_header", recording_header)
    monkeypatch.setattr(imgui, "button", recording_button)
    lab.state.request(Action.STEP)  # progress to lose: the edit waits for "Restart now"
    for _ in range(2):
        frame(lab, renderer, target)
    before = seen["settings_y"]
    lab.state.edit("generator.hidden_layers", 3)
    lab.state.notify("a notice", "info")
    for _ in range(2):
        frame(lab, renderer, target)
    assert seen["settings_y"] == before
    assert notices_left[-1] >= lab.widget.box[0]  # in the canvas's column, right of the graph's
    assert seen["restart_bottom"] <= seen["panel_bottom"] <= lab.host.window_size[1] - 3 * imgui.get_frame_height()


def test_the_settings_hold_still_when_the_restart_row_goes_while_scrolled_to_their_end(lab, monkeypatch):
    """Scrolled to the end of the settings while an edit waited, Discard (or Restart now) moved every setting
    down by the row's height: ImGui clamped the scroll to the taller column."""
    import ganlab_gl.app.lab as lab_module
    lab, renderer, target = lab
    seen, header, editor = {}, imgui.collapsing_header, lab_module.draw_settings_editor

    def open_header(label, flags=0):
        if label == "All settings":
            imgui.set_next_item_open(True)
        return header(label, flags)

    def recording_editor(state):
        editor(state)
        seen["end_y"] = imgui.get_cursor_screen_pos().y
        seen["scrollable"] = imgui.get_scroll_max_y()
        if seen.get("to_the_end"):
            imgui.set_scroll_here_y(1.0)
        if seen.get("to_the_top"):
            imgui.set_scroll_y(0.0)

    monkeypatch.setattr(imgui, "collapsing_header", open_header)
    monkeypatch.setattr(lab_module, "draw_settings_editor", recording_editor)
    lab.state.request(Action.STEP)  # progress to lose: the edit waits for "Restart now"
    frame(lab, renderer, target)
    lab.state.edit("generator.hidden_layers", 3)
    seen["to_the_end"] = True
    for _ in range(4):
        frame(lab, renderer, target)
    seen["to_the_end"] = False
    assert lab.state.pending_restart and seen["scrollable"] > 0
    at_the_end = seen["end_y"]
    lab.state.request(Action.DISCARD_RESTART)
    for _ in range(4):
        frame(lab, renderer, target)
        assert not lab.state.pending_restart
        assert seen["end_y"] == at_the_end
    seen["to_the_top"] = True
    for _ in range(3):
        frame(lab, renderer, target)
    assert lab._footer_slack == 0  # the blank room goes once the view leaves it
    def folded_header(label, flags=0):
        if label == "All settings":
            imgui.set_next_item_open(False)
        return header(label, flags)

    monkeypatch.setattr(imgui, "collapsing_header", folded_header)  # the settings folded: nothing scrolls
    lab.state.edit("generator.hidden_layers", 3)
    frame(lab, renderer, target)
    lab.state.request(Action.DISCARD_RESTART)
    for _ in range(3):
        frame(lab, renderer, target)
    assert lab._footer_slack == 0  # no room left over where nothing could be clamped


def test_lecture_mode_says_its_notices_in_the_status_line_over_nothing(lab, monkeypatch):
    """A notice box at the foot of the screen hid the lecture's loss chart axis for its seconds."""
    import ganlab_gl.app.lab as lab_module
    lab, renderer, target = lab
    from ganlab_gl.app.panels import lecture
    boxes, coloured, notice_rows = [], [], lecture.notice_rows
    monkeypatch.setattr(lab_module, "draw_notices", lambda *args, **kwargs: boxes.append(args))
    monkeypatch.setattr(lecture, "notice_rows", lambda *args: (coloured.extend(
        text for row in notice_rows(*args) or [] for text, _ in row), notice_rows(*args))[1])
    lab.state.view.display.lecture_mode = True
    lab.state.notify("saved the session to /tmp/somewhere")
    for _ in range(2):
        frame(lab, renderer, target)
    assert not boxes and "saved the session to /tmp/somewhere" in coloured
    lab.state.view.display.lecture_mode = False
    frame(lab, renderer, target)
    assert boxes  # the desk keeps its box


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800), (1920, 1080)])
@pytest.mark.parametrize("shows", LECTURE_SHOWS)
def test_lecture_modes_notices_stand_within_the_status_strip(gl_ctx, monkeypatch, size, shows):
    """A preset pick's notice and the run it kept ("Ctrl+Z brings back ...") took three lines beside the status at
    1280x800, the two under it hanging over the top of the graph and the canvas for their seconds. They stand within
    the status strip, in rows of a smaller type where one row of lecture type does not hold them, in brief where
    those do not (Notice.brief), every word shown."""
    from ganlab_gl.app.panels import lecture
    flowed, notice_rows = [], lecture.notice_rows
    monkeypatch.setattr(lecture, "notice_rows", lambda *args: (flowed.append(notice_rows(*args)), flowed[-1])[1])
    with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):
        lab.state.view.display.lecture_mode = True
        lab.state.view.display.lecture_shows = shows
        lab.state.request(Action.STEP)
        frame(lab, renderer, target)
        lab.state.request(Action.PICK_DATASET, "ring8")
        for _ in range(3):
            flowed.clear()
            frame(lab, renderer, target)
        strip = _window("##lecture-status")
        x, y, width, height = lab.notices_box
        assert strip.pos.y <= y and y + height <= _bottom(strip), (lab.notices_box, strip.pos, strip.size)
        assert x + width <= strip.pos.x + strip.size.x
        assert strip.scroll_max.y == 0
        picked, kept = list(lab.state.notices)[-2:]
    assert kept.text.startswith("Ctrl+Z brings back the run on Two Gaussians")
    shown = " ".join("".join(text for text, _ in row) for row in next(rows for rows in flowed[::-1] if rows))
    shown = shown.replace("   ", " ")
    assert shown in (f"{picked.text} {kept.text}", f"{picked.brief} {kept.brief}")


@pytest.mark.parametrize("shows", LECTURE_SHOWS)
def test_lecture_modes_sentences_are_in_the_texts_own_colour_the_desks_dim(lab, monkeypatch, shows):
    """GAN Lab's sentences in its small grey type were the least readable text on a projector: lecture mode draws
    them in the text's own colour, wherever it shows them (beside the chart, under the graph's text, under the
    canvas); the desk keeps GAN Lab's grey."""
    from ganlab_gl.app.panels import flow
    from ganlab_gl.app.panels.legend import EXPLANATIONS
    lab, renderer, target = lab
    sentences = {text for _, text in EXPLANATIONS}
    dimmed, plain = [], []
    draw_runs = flow.draw_runs

    def recording_runs(runs, own_colour):  # the sentences are drawn in coloured runs, the rest in `own_colour`
        dim = own_colour == imgui.get_color_u32(imgui.Col_.text_disabled)
        assert dim or own_colour == imgui.get_color_u32(imgui.Col_.text)
        (dimmed if dim else plain).append("".join(text for text, _ in runs))
        draw_runs(runs, own_colour)

    monkeypatch.setattr(flow, "draw_runs", recording_runs)
    lab.state.view.display.lecture_mode, lab.state.view.display.lecture_shows = True, shows
    for _ in range(2):
        frame(lab, renderer, target)
    assert not sentences & set(dimmed), shows
    assert sentences & set(plain) or shows == "canvas", shows  # the canvas alone leaves its legend no room for them
    lab.state.view.display.lecture_mode = False
    dimmed.clear()
    plain.clear()
    for _ in range(2):
        frame(lab, renderer, target)
    assert sentences & set(dimmed) and not sentences & set(plain)


def test_lecture_modes_drawing_hint_is_in_the_texts_own_colour_the_desks_dim(lab, monkeypatch):
    """Drawing your own data in lecture mode, the only words under the canvas saying how (drag to spray, Enter
    trains, Clear starts again) stood in the desk's faint grey, which fades on a projector; the desk keeps it."""
    from ganlab_gl.app.panels import legend
    from ganlab_gl.app.panels.legend import DRAWING_MEANING
    lab, renderer, target = lab
    dimmed = []
    wrapped = legend._wrapped
    monkeypatch.setattr(legend, "_wrapped", lambda text, disabled=True: (
        dimmed.append(text) if disabled else None, wrapped(text, disabled)))
    lab.state.drawing = True
    lab.state.view.display.lecture_mode, lab.state.view.display.lecture_shows = True, LECTURE_SHOWS[0]
    for _ in range(2):
        frame(lab, renderer, target)
    lecture = list(dimmed)
    lab.state.view.display.lecture_mode = False
    dimmed.clear()
    for _ in range(2):
        frame(lab, renderer, target)
    lab.state.drawing = False
    assert DRAWING_MEANING not in lecture and DRAWING_MEANING in dimmed, lecture


def test_enter_on_a_drawing_over_unsaved_progress_asks_and_waits_for_the_answer(lab):
    """The Enter that trains on a drawing asked to replace the trained run, and in the same frame the dialog read
    that press as its yes: the run was gone unasked."""
    from ganlab_gl.app.imgui_input import KeyPress
    lab, renderer, target = lab
    for _ in range(3):
        lab.state.request(Action.STEP)
    frame(lab, renderer, target)
    lab.state.drawing = True
    lab.state.drawn_points = [(0.2 + 0.6 * t / 20, 0.8) for t in range(21)]
    frame(lab, renderer, target)
    io = imgui.get_io()
    io.add_key_event(imgui.Key.enter, True)
    lab.on_key(KeyPress(imgui.Key.enter, "", False, False, False, False))
    frame(lab, renderer, target)
    io.add_key_event(imgui.Key.enter, False)
    for _ in range(3):
        frame(lab, renderer, target)
    assert lab.state.question is not None
    assert lab.controller.trainer.iteration_count == 3 and lab.controller.trainer.dataset.name != "drawing"


@pytest.mark.parametrize("ui_scale", [1.0, 2.0])
def test_lecture_mode_sizes_its_text_to_the_screen_whatever_the_desks_ui_scale(lab, ui_scale):
    """At UI scale 2 lecture mode doubled its screen-sized text again: a cut status line, a graph too small to read."""
    from ganlab_gl.app.layout import lecture_text_scale
    lab, renderer, target = lab
    lab.state.view.display.ui_scale = ui_scale
    lab.state.view.display.lecture_mode = True
    frame(lab, renderer, target)
    assert lab.host.ui_scale == pytest.approx(lecture_text_scale(lab.host.window_size))
    lab.state.view.display.lecture_mode = False
    frame(lab, renderer, target)
    assert lab.host.ui_scale == ui_scale


@pytest.mark.parametrize("shows", LECTURE_SHOWS[:2])  # the canvas alone leaves 960x640 no room for panels beside it
def test_in_lecture_mode_the_pointer_reaches_the_graph_the_text_and_the_legend(lab, monkeypatch, shows):
    """Lecture mode's margins beside the canvas are windows too, made before the graph, the text and the legend
    that lie in them, and ImGui puts a later tiled window under an earlier one: the pointer met a margin, and no
    tooltip of the graph showed, no value of it took a click, the chart read nothing out. Over each panel, that
    panel is the one hovered."""
    lab, renderer, target = lab
    boxes, fixed_panel = {}, lab_module.fixed_panel

    def recording(title, box, *args, **kwargs):
        boxes[title] = box
        return fixed_panel(title, box, *args, **kwargs)

    monkeypatch.setattr(lab_module, "fixed_panel", recording)
    lab.state.view.display.lecture_mode = True
    lab.state.view.display.lecture_shows = shows
    frame(lab, renderer, target)
    panels = [title for title in ("##lecture-graph", "##lecture-text", "##legend") if title in boxes]
    assert panels and any(title.startswith("##margin") for title in boxes), boxes
    for title in panels:
        x, y, width, height = boxes[title]
        imgui.get_io().add_mouse_pos_event(x + width / 2, y + height / 2)
        for _ in range(2):
            frame(lab, renderer, target)
        assert imgui.get_current_context().hovered_window.root_window.name == title  # or a child of it


def test_in_lecture_mode_the_hover_read_out_stands_in_the_canvas_corner_away_from_the_pointer(lab):
    """Lecture type is large: beside the pointer the read-out covered the dots it described."""
    import ctypes
    lab, renderer, target = lab
    lab.state.view.display.lecture_mode = True
    frame(lab, renderer, target)

    def tooltip_box(at):
        imgui.get_io().add_mouse_pos_event(*at)
        for _ in range(3):
            frame(lab, renderer, target)
        for draw_list in imgui.get_draw_data().cmd_lists:
            if draw_list._owner_name.startswith("##Tooltip"):
                raw = ctypes.string_at(draw_list.vtx_buffer.data_address(), draw_list.vtx_buffer.size() * 20)
                points = np.frombuffer(raw, np.float32).reshape(-1, 5)[:, :2]
                return points.min(axis=0), points.max(axis=0)
        raise AssertionError("no tooltip")

    x, y, width, height = lab.widget.box
    low, high = tooltip_box((x + 0.2 * width, y + 0.2 * height))  # upper left: the read-out goes lower right
    assert low[0] > x + width / 2 and low[1] > y + height / 2 and high[0] <= x + width + 1
    low, high = tooltip_box((x + 0.8 * width, y + 0.8 * height))  # lower right: upper left
    assert high[0] < x + width / 2 and high[1] < y + height / 2 and low[0] >= x - 1


def test_the_help_turns_its_pages_and_scrolls_from_the_keyboard(lab):
    """The help's Keys page was reached by the mouse only (Tab hid the panels behind it) and, taller than the
    window, scrolled by the wheel only; while the help is open, Tab and the arrows turn and scroll it."""
    from ganlab_gl.app.imgui_input import KeyPress
    from ganlab_gl.app.panels.help import help_title
    lab, renderer, target = lab

    def press(key, text=""):
        lab.on_key(KeyPress(key, text, False, False, False, False))
        for _ in range(2):  # a scroll asked in one frame is applied in the next
            frame(lab, renderer, target)

    def help_window():
        return imgui.internal.find_window_by_name(help_title())

    panels = lab.state.view.display.panels
    press(imgui.Key.f1)
    frame(lab, renderer, target)
    assert lab.state.help_open and lab.state.help_page == 0
    press(imgui.Key.tab)
    for _ in range(3):  # the window fits its new page
        frame(lab, renderer, target)
    assert lab.state.help_page == 1 and lab.state.view.display.panels == panels  # the help's Tab, not the panels'
    assert help_window().scroll_max.y > 0  # the Keys page is taller than a 960x640 window
    press(imgui.Key.end)
    assert help_window().scroll.y == help_window().scroll_max.y
    view = lab.controller.view_rect
    lab.on_key(KeyPress(imgui.Key.up_arrow, "", False, True, False, False))  # Shift+Up: the help's too
    for _ in range(2):
        frame(lab, renderer, target)
    assert 0 < help_window().scroll.y < help_window().scroll_max.y and lab.controller.view_rect == view
    press(imgui.Key.home)
    assert help_window().scroll.y == 0
    press(imgui.Key.left_arrow)
    frame(lab, renderer, target)
    assert lab.state.help_page == 0 and lab.controller.frame().timeline.shown is None  # Left turned, not rewound
    press(imgui.Key.escape)
    press(imgui.Key.tab)
    assert not lab.state.help_open and lab.state.view.display.panels != panels  # closed: Tab is the panels' again


def test_while_the_export_dialog_is_open_the_notices_stand_under_the_toolbar(lab, monkeypatch):
    """A refusal notice covered the Export dialog's first line (both stand by the timeline bar); an open settings
    combo (a popup too) leaves them where they are."""
    import ganlab_gl.app.lab as lab_module
    from ganlab_gl.app.panels.timeline import EXPORT_POPUP
    lab, renderer, target = lab
    tops = []
    monkeypatch.setattr(lab_module, "draw_notices", lambda *args, **kwargs: tops.append(kwargs.get("top")))
    frame(lab, renderer, target)
    assert tops[-1] is None
    draw_bar = lab.timeline_bar.draw

    def opening(popup):
        def draw(state, shown):
            if not imgui.is_popup_open(popup):
                imgui.open_popup(popup)  # as the Export... button does, or a click on a combo
            if popup == EXPORT_POPUP:
                draw_bar(state, shown)
            elif imgui.begin_popup(popup):
                imgui.text("a combo's list")
                imgui.end_popup()
        return draw

    for popup, under_the_toolbar in ((EXPORT_POPUP, True), ("##a combo", False)):
        monkeypatch.setattr(lab.timeline_bar, "draw", opening(popup))
        for _ in range(2):
            frame(lab, renderer, target)
        assert imgui.is_popup_open("", imgui.PopupFlags_.any_popup)
        assert (tops[-1] is not None and 0 < tops[-1] < SIZE[1] / 4) == under_the_toolbar, tops[-1]


def test_the_settings_under_the_graph_hold_still_as_the_phases_go_by(lab, monkeypatch):
    """Each phase's explanation is one or two lines: "All settings" and every field under it moved by a line from
    phase to phase, under the pointer of a student reaching for a setting in slow motion."""
    lab, renderer, target = lab
    tops, header = set(), imgui.collapsing_header

    def recording(label, *args):
        if label == "All settings":
            tops.add(imgui.get_cursor_screen_pos().y)
        return header(label, *args)

    monkeypatch.setattr(imgui, "collapsing_header", recording)
    frame(lab, renderer, target)
    for _ in range(10):  # D's phases (its two updates walked as one), then G's, each explained
        lab.state.request(Action.STEP_PHASE)
        frame(lab, renderer, target)
        assert lab.frame.phase is not None
    assert len(tops) == 1, tops


@pytest.mark.parametrize("data_name", ["gaussians", "ring8"])
def test_the_charts_grow_into_the_right_panels_spare_height_and_give_it_back(gl_ctx, tmp_path, monkeypatch, data_name):
    """At 1920x1080 the right panel left a third of its height empty under three collapsed sections while the
    charts stayed nine lines tall; they take that room, fill the panel without making it scroll, and give the
    room back when a section opens under them, and some of their own where that keeps the panel from scrolling (not
    past a readable plot: where that would not, they keep their height and the panel scrolls)."""
    from imgui_bundle import implot
    from ganlab_gl.app.panels.metrics import PLOT_HEIGHT_LINES
    heights, begin_plot, header = {}, implot.begin_plot, imgui.collapsing_header
    opened = {}  # a section's label: open or not

    def recording_plot(title, size, flags=0):
        if not title.startswith("##"):  # the timeline's curve under the graph
            heights[title] = size.y
        return begin_plot(title, size, flags)

    def open_header(label, flags=0):
        if label in opened:
            imgui.set_next_item_open(opened[label])
        return header(label, flags)

    monkeypatch.setattr(implot, "begin_plot", recording_plot)
    monkeypatch.setattr(imgui, "collapsing_header", open_header)
    read = _recording_reading(monkeypatch)

    def panel():
        return imgui.internal.find_window_by_name("Data and metrics")

    with headless_lab(gl_ctx, (1920, 1080), screenshot_dir=tmp_path) as (lab, renderer, target):
        lab.state.edit("data.name", data_name)
        for _ in range(4):
            frame(lab, renderer, target)
        settled = dict(heights)
        frame(lab, renderer, target)
        assert heights == settled  # no chart moves by a pixel from frame to frame
        base = imgui.get_text_line_height_with_spacing() * PLOT_HEIGHT_LINES
        assert len(heights) == (3 if data_name == "ring8" else 2)
        assert all(height > base * 1.2 for height in heights.values()), (heights, base)
        assert panel().scroll_max.y == 0
        content_end = panel().dc.cursor_max_pos.y - panel().pos.y
        assert content_end > panel().size.y - 3 * imgui.get_text_line_height_with_spacing()  # filled
        grown = dict(heights)
        opened["Layers and view"] = True
        for _ in range(3):
            frame(lab, renderer, target)
        reading_share = (read[-1][1] - read[-1][0]) / len(heights) if read else 0.0  # each chart's of the reading
        assert all(base - 0.5 - reading_share <= height < grown[title] for title, height in heights.items()), heights
        assert panel().scroll_max.y == 0  # what room is left, shared
        opened.update(Compare=True, Files=True)
        for _ in range(3):
            frame(lab, renderer, target)
        assert all(height < grown[title] for title, height in heights.items()), heights
        # the charts shared what room the sections left, or, where at their least (a plot LEAST_PLOT_EMS tall,
        # readable) they would still overrun it (ring8's), they keep their height and the panel scrolls
        assert panel().scroll_max.y == 0 or all(height == base for height in heights.values()), (heights, base)
        opened.update(dict.fromkeys(opened, False))
        for _ in range(3):
            frame(lab, renderer, target)
        assert heights == pytest.approx(grown)


def tap_key(lab, renderer, target, key, text=""):
    """A key pressed and let go, the lab told of it as window.py tells it: after new_frame, unless a widget has the
    keyboard."""
    from ganlab_gl.app.imgui_input import KeyPress, widget_is_held
    from ganlab_gl.app.imgui_renderer import backdrop_rgb
    io = imgui.get_io()
    io.add_key_event(key, True)
    imgui.new_frame()
    if not widget_is_held():
        lab.on_key(KeyPress(key, text, False, False, False, False))
    lab.on_gui()
    imgui.render()
    target.use()
    lab.ctx.clear(*backdrop_rgb())
    lab.on_frame(lab.ctx, 1 / 30, target.size, target.size)
    renderer.render(imgui.get_draw_data())
    io.add_key_event(key, False)
    frame(lab, renderer, target)


def keyboard_window():
    """The window ImGui's keyboard navigation is in (its root's name), or None."""
    context = imgui.get_current_context()
    return None if context.nav_window is None else context.nav_window.root_window.name


def test_f6_gives_the_keyboard_to_the_settings_where_a_value_is_typed_and_escape_gives_it_back(lab):
    """A student with only a keyboard could not reach a setting: Tab hid the panels and nothing moved ImGui's
    focus. F6 gives the keyboard to a panel (its first item under ImGui's cursor), Tab moves to a value and edits it,
    Enter applies it; Escape gives the keys back to the lab; F6 again walks the panels, then back to the lab."""
    lab, renderer, target = lab
    io, context = imgui.get_io(), imgui.get_current_context()

    def tap(key, text=""):
        tap_key(lab, renderer, target, key, text)

    frame(lab, renderer, target)
    tap(imgui.Key.f6)
    assert lab.state.keyboard_panel == 0 and keyboard_window() == "Model overview graph"
    assert io.config_flags & imgui.ConfigFlags_.nav_enable_keyboard and context.nav_id != 0  # on its first item
    assert lab.state.notices[-1].text == ("keyboard in the graph and its settings: arrows move, Space presses, Enter "
                                          "edits; Escape gives the keys back (Space plays again)")
    before = lab.state.shown_config()
    tap(imgui.Key.tab)
    frame(lab, renderer, target)  # ImGui turns the number into a text field as it draws it
    assert io.want_text_input  # the next value, as a text field with its text selected
    io.add_input_character(ord("3"))
    frame(lab, renderer, target)
    tap(imgui.Key.enter)
    after = lab.state.shown_config()
    assert not io.want_text_input and [after.get(key) for key in before.changed_keys(after)] == [3]  # the graph's
    # next value, whichever its controls' order makes it
    tap(imgui.Key.space, " ")
    assert not lab.state.playing  # the panel's Space, not play
    frame(lab, renderer, target)
    tap(imgui.Key.escape)
    tap(imgui.Key.escape)  # the first let go of what Space took hold of (a number to drag), the second the panel
    assert lab.state.keyboard_panel is None and not io.config_flags & imgui.ConfigFlags_.nav_enable_keyboard
    assert lab.state.notices[-1].text == "the keys are the lab's again (F1 lists them)"
    tap(imgui.Key.space, " ")
    assert lab.state.playing
    tap(imgui.Key.space, " ")
    walked = []
    for _ in range(5):
        tap(imgui.Key.f6)
        walked.append(keyboard_window() if lab.state.keyboard_panel is not None else None)
    assert walked == ["Model overview graph", "Data and metrics", "##timeline", "##toolbar", None]
    tap(imgui.Key.tab)  # the lab's Tab again: the panels hidden
    tap(imgui.Key.f6)
    assert not lab.state.view.display.panels and lab.state.keyboard_panel is None
    assert lab.state.notices[-1].text == "no panel is shown to take the keyboard: Tab shows them"


def test_f6_walking_the_panels_leaves_one_notice_saying_where_the_keyboard_is(lab):
    """Each F6 posted its notice under the last: walking the four panels and back stacked five over the canvas,
    hiding the samples. Each says where the keyboard is now, so it replaces the one before."""
    lab, renderer, target = lab
    frame(lab, renderer, target)
    before = list(lab.state.notices)
    said = []
    for _ in range(5):
        tap_key(lab, renderer, target, imgui.Key.f6)
        said.append([notice.text for notice in lab.state.notices if notice not in before])
    keys = "arrows move, Space presses, Enter edits; Escape gives the keys back (Space plays again)"
    assert said == [[f"keyboard in the graph and its settings: {keys}"], [f"keyboard in data and metrics: {keys}"],
                    [f"keyboard in the timeline bar: {keys}"], [f"keyboard in the toolbar: {keys}"],
                    ["the keys are the lab's again (F1 lists them)"]]


def test_the_keys_given_back_name_the_help_key_the_action_table_binds(lab, monkeypatch):
    """'the keys are the lab's again (F1 lists them)' was spelled by hand: the help's key rebound (here), it follows."""
    from dataclasses import replace

    from ganlab_gl.app.actions import ACTION_ROWS
    monkeypatch.setitem(ACTION_ROWS, Action.TOGGLE_HELP, replace(ACTION_ROWS[Action.TOGGLE_HELP], keys={"f2": None}))
    lab, renderer, target = lab
    frame(lab, renderer, target)
    tap_key(lab, renderer, target, imgui.Key.f6)
    tap_key(lab, renderer, target, imgui.Key.escape)
    assert lab.state.keyboard_panel is None
    assert lab.state.notices[-1].text == "the keys are the lab's again (F2 lists them)"


def test_the_keyboard_given_to_a_panel_names_the_keys_the_action_table_binds_to_give_it_back_and_play(lab, monkeypatch):
    """'arrows move, Enter edits, Esc gives it back' was spelled by hand: Escape's action rebound (here), it follows,
    as does play's, which the keys given back bring back; the arrows, Space and Enter are ImGui's own in the panel,
    bound to no action (Space pressed the highlighted item where a student expected play, and no notice said so)."""
    from dataclasses import replace

    from ganlab_gl.app.actions import ACTION_ROWS
    monkeypatch.setitem(ACTION_ROWS, Action.ESCAPE, replace(ACTION_ROWS[Action.ESCAPE], keys={"ctrl+w": None}))
    monkeypatch.setitem(ACTION_ROWS, Action.PLAY_PAUSE, replace(ACTION_ROWS[Action.PLAY_PAUSE], keys={"p": None}))
    lab, renderer, target = lab
    frame(lab, renderer, target)
    tap_key(lab, renderer, target, imgui.Key.f6)
    assert lab.state.notices[-1].text == ("keyboard in the graph and its settings: arrows move, Space presses, Enter "
                                          "edits; Ctrl+W gives the keys back (P plays again)")


def test_the_notices_wait_while_the_help_is_open(lab, monkeypatch):
    """At UI scale 2 the help fills the window and a notice (drawn over everything) hid its lines: "Training on the
    CPU" over the keys' descriptions. While the help is open the notices are not drawn; closed, they are again."""
    import ganlab_gl.app.lab as lab_module
    lab, renderer, target = lab
    drawn = []
    monkeypatch.setattr(lab_module, "draw_notices", lambda *args, **kwargs: drawn.append(args[0].help_open))
    lab.state.notify("a notice")
    lab.state.help_open = True
    frame(lab, renderer, target)
    lab.state.help_open = False
    frame(lab, renderer, target)
    assert drawn == [False]


def test_a_notice_posted_before_or_under_the_help_is_shown_after_it_for_its_time(lab):
    """The notices waited under the help with their clocks running: an error read for a minute of help had expired
    unseen by the time the help closed. Their clocks stand still while it is open."""
    from ganlab_gl.app.panels.help import current_notices
    lab, renderer, target = lab
    lab.state.notices.clear()
    lab.state.notify("before the help", "error")
    lab.state.help_open = True
    frame(lab, renderer, target)
    lab.state.notify("under the help", "info")
    for notice in lab.state.notices:  # a minute passes while the help is read
        notice.created -= 60.0
    lab._help_opened_at -= 60.0
    lab.state.help_open = False
    frame(lab, renderer, target)
    shown = current_notices(lab.state)
    assert [n.text for n in shown] == ["before the help", "under the help"]
    assert time.monotonic() - shown[1].created < 30.0  # its clock stood still the minute the help was open


def test_a_panel_given_focus_stays_behind_the_help(lab):
    """A click on a panel with the help open brought the panel to the front: its widgets lay over the help's lines.
    The tiled panels keep their place under every overlay. (F6 closes the help: see below.)"""
    from ganlab_gl.app.panels.help import help_title
    lab, renderer, target = lab
    io, context = imgui.get_io(), imgui.get_current_context()
    lab.state.help_open = True
    for _ in range(3):
        frame(lab, renderer, target)
    helps = imgui.internal.find_window_by_name(help_title())
    panel = imgui.internal.find_window_by_name("Model overview graph")
    assert panel.pos.x < helps.pos.x < panel.pos.x + panel.size.x  # they overlap
    io.add_mouse_pos_event(panel.pos.x + 5, panel.pos.y + panel.size.y - 5)  # the panel, clear of the help
    io.add_mouse_button_event(0, True)
    frame(lab, renderer, target)
    io.add_mouse_button_event(0, False)
    for _ in range(2):
        frame(lab, renderer, target)
    assert context.nav_window is not None and context.nav_window.root_window.name == "Model overview graph"
    io.add_mouse_pos_event(helps.pos.x + 5, helps.pos.y + helps.size.y / 2)  # where both lie
    frame(lab, renderer, target)
    assert context.hovered_window.root_window.name == help_title()


@pytest.mark.parametrize("size, shows", [((1280, 800), "graph, canvas and chart"), ((1280, 800), "canvas and chart"),
                                         ((1920, 1080), "canvas and chart"), ((1024, 768), "canvas and chart"),
                                         ((1920, 1080), "graph, canvas and chart"),
                                         ((1024, 768), "graph, canvas and chart")])
def test_lecture_mode_keeps_gan_labs_sentences_for_the_canvas_in_view(gl_ctx, monkeypatch, size, shows):
    """In lecture type the legend under the canvas had room for none of GAN Lab's sentences beside the loss chart
    (canvas and chart) and for two of three at 1280x800 beside the graph, while the chart took every line left. The
    sentences the legend cannot hold go under the phase's explanation, the chart's plot keeping the lines that name
    its stalemate lines (MetricsPanel.named_chart_px)."""
    from imgui_bundle import implot
    from ganlab_gl.app.panels import legend, metrics
    from ganlab_gl.app.panels.metrics import NAMED_ALONE_LINES
    drawn = []
    wrapped = legend._wrapped
    monkeypatch.setattr(legend, "_wrapped", lambda text, disabled=True: (
        drawn.append((text, imgui.get_cursor_screen_pos().y, imgui.get_window_pos().y + imgui.get_window_size().y)),
        wrapped(text, disabled)))
    charts = []  # (the loss chart's plot's height, a line's) as the lecture's text panel draws it
    plot_line = metrics.plot_line
    monkeypatch.setattr(metrics, "plot_line", lambda *args, **kwargs: (
        implot.internal.get_current_plot().get_title() != "Losses" or charts.append(
            (implot.get_plot_size().y, imgui.get_text_line_height_with_spacing())), plot_line(*args, **kwargs))[1])
    with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):  # lecture type: the lab's font at scale
        for _ in range(20):
            lab.state.request(Action.STEP)
        lab.state.view.display.lecture_mode = True
        lab.state.view.display.lecture_shows = shows
        for _ in range(3):  # the lecture scale applies from the frame after the one that asked for it
            drawn.clear()
            frame(lab, renderer, target)
    sentences = [text for text, _, _ in drawn if text in dict(legend.EXPLANATIONS).values()]
    assert sentences == [text for layer, text in legend.EXPLANATIONS if layer in ("heatmap", "manifold", "gradients")]
    assert all(top < bottom for _, top, bottom in drawn)  # each starts inside its panel
    height, line = charts[-1]
    assert height >= NAMED_ALONE_LINES * line, (height, line)


@pytest.mark.parametrize("size, shows, share", [((1920, 1080), "canvas and chart", 1.0), ((1920, 1080), "canvas", 1.0),
                                                ((1280, 800), "canvas and chart", 1.0), ((1280, 800), "canvas", 1.0),
                                                ((1920, 1080), "graph, canvas and chart", 0.9),
                                                ((1280, 800), "graph, canvas and chart", 0.8)])
def test_lecture_mode_draws_gan_labs_sentences_in_full_lecture_type_where_they_fit(gl_ctx, monkeypatch, size, shows,
                                                                                   share):
    """GAN Lab's sentences for the canvas were drawn at 0.8 of lecture type wherever they stood, also where their
    panel had room for them whole: a lecturer's projector needs them as large as the room allows. They are drawn in
    full lecture type where all of them fit their room whole (showing the canvas and chart, or the canvas alone),
    else in 0.9 of it (beside the chart at 1920x1080, where the last sentence's spacing, which nothing follows, left
    them 2 px short), else 0.8 (under the canvas at 1280x800: there the graph keeps its height); each whole inside
    its panel."""
    from ganlab_gl.app.layout import LECTURE_TEXT_SHARE
    from ganlab_gl.app.panels import legend
    drawn = []
    wrapped = legend._wrapped
    monkeypatch.setattr(legend, "_wrapped", lambda text, disabled=True: (
        wrapped(text, disabled), drawn.append((text, imgui.get_font_size(), imgui.get_item_rect_max().y,
                                               imgui.get_window_pos().y + imgui.get_window_size().y))))
    with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):
        lab.state.view.display.lecture_shows = shows
        _stepped_into_lecture_mode(lab, renderer, target, drawn)
    sentences = [(text, font, bottom, panel) for text, font, bottom, panel in drawn
                 if text in dict(legend.EXPLANATIONS).values()]
    assert [text for text, *_ in sentences] == [text for layer, text in legend.EXPLANATIONS
                                                if layer in ("heatmap", "manifold", "gradients")]
    assert all(font == pytest.approx(share * LECTURE_TEXT_SHARE * size[1], abs=0.5) for _, font, _, _ in sentences), (
        sentences)
    assert all(bottom <= panel for _, _, bottom, panel in sentences), sentences


def test_f6_with_the_help_open_closes_it_so_the_keys_reach_one_place(lab):
    """F6 with the help open gave the keyboard to the graph under it: Down scrolled the help and moved the hidden
    panel's cursor too, and Enter opened a field no one could see to type into. F6 closes the help first."""
    from ganlab_gl.app.panels.help import help_title
    lab, renderer, target = lab
    frame(lab, renderer, target)
    tap_key(lab, renderer, target, imgui.Key.f1)
    assert lab.state.help_open and keyboard_window() == help_title()
    tap_key(lab, renderer, target, imgui.Key.f6)
    assert not lab.state.help_open and lab.state.keyboard_panel == 0
    assert keyboard_window() == "Model overview graph"


def test_the_keyboard_given_to_a_panel_comes_back_when_the_layout_hides_it(lab):
    """F6 then L (lecture mode) left the keyboard with the graph's place in the turn, which lecture mode gives to
    its own graph: ImGui's focus went to the lecture text, and Space, the arrows and Enter did nothing at all. A
    panel gone from the screen gives the keys back, as Tab hiding the panels does."""
    lab, renderer, target = lab
    frame(lab, renderer, target)
    tap_key(lab, renderer, target, imgui.Key.f6)
    assert lab.state.keyboard_panel == 0 and keyboard_window() == "Model overview graph"
    tap_key(lab, renderer, target, imgui.Key.l, "l")
    frame(lab, renderer, target)
    assert lab.lecture and lab.state.keyboard_panel is None
    assert not imgui.get_io().config_flags & imgui.ConfigFlags_.nav_enable_keyboard
    assert lab.state.notices[-1].text == "the keys are the lab's again (F1 lists them)"
    tap_key(lab, renderer, target, imgui.Key.space, " ")
    assert lab.state.playing


@pytest.mark.parametrize("size", [SIZE, (1280, 800)])
def test_the_notices_stand_off_a_question(gl_ctx, tmp_path, size):
    """The notices stand on the canvas's foot, drawn over every window: at 1280x800 the notice that F6's Escape left
    ("the keys are the lab's again") covered the Cancel button of the question a digit key then asked. While a
    question is open they stand under the toolbar, as they do beside the Export dialog."""
    from ganlab_gl.app.panels.help import QUESTION_ID
    with headless_lab(gl_ctx, size, screenshot_dir=tmp_path) as (lab, renderer, target):
        lab.controller.trainer.train(3)
        frame(lab, renderer, target)
        lab.state.notify("the keys are the lab's again (F1 lists them)")
        lab.state.ask("The run on Two Gaussians at iteration 3 is not saved (Ctrl+S saves it to "
                      f"{tmp_path}/session). Switch to Ring, a new run?", "Switch to Ring", Action.PICK_DATASET, "ring")
        for _ in range(2):
            frame(lab, renderer, target)
        question = imgui.internal.find_window_by_name(f"{lab.state.question.title}{QUESTION_ID}")
        asked = (question.pos.x, question.pos.y, question.size.x, question.size.y)
        up_top = lab.notices_box
        assert question.active and up_top is not None and not overlap(up_top, asked)
        lab.state.answer(False)
        frame(lab, renderer, target)
        assert lab.notices_box[1] > up_top[1]  # the question answered: on the canvas's foot again


@pytest.mark.parametrize("moves, answered_yes", [(0, True), (1, False)])
def test_enter_in_a_question_presses_the_button_the_keyboard_highlights(lab, moves, answered_yes):
    """With F6's keyboard navigation on, the question's buttons take the highlight: Right moved it to "Cancel (Esc)",
    yet Enter went ahead (the dialog's own Enter pressed "Reset (Enter)" beside ImGui's press of Cancel) and the
    trained run was replaced. Enter presses the highlighted button; with no highlight moved, the one that says
    Enter."""
    from ganlab_gl.app.actions import Action
    lab, renderer, target = lab
    lab.controller.trainer.train(20)
    frame(lab, renderer, target)
    tap_key(lab, renderer, target, imgui.Key.f6)
    lab.state.ask("Reset the run?", "Reset", Action.RESET)
    for _ in range(2):
        frame(lab, renderer, target)
    for _ in range(moves):
        tap_key(lab, renderer, target, imgui.Key.right_arrow)
    tap_key(lab, renderer, target, imgui.Key.enter)
    frame(lab, renderer, target)
    assert lab.state.question is None
    assert (lab.controller.trainer.iteration_count == 0) == answered_yes


def test_lecture_modes_canvas_alone_shows_no_loss_chart_beside_a_comparison(gl_ctx, monkeypatch):
    """Tab's "canvas" with four runs at 1280x800 put the D and G loss charts in the 262 px margin beside the panes,
    under the legend that margin had been given, their run letters cut ("A B |"): canvas alone shows no chart."""
    from imgui_bundle import implot
    from ganlab_gl.app.layout import lecture_layout
    from ganlab_gl.app.view_settings import LECTURE_SHOWS
    titles = []
    begin_plot = implot.begin_plot
    monkeypatch.setattr(implot, "begin_plot", lambda title, size, flags=0: (
        titles.append(title), begin_plot(title, size, flags))[1])
    with headless_lab(gl_ctx, (1280, 800), fonts=True) as (lab, renderer, target):
        for text in ("train.g_lr=0.01", "train.d_lr=0.01", "train.loss=lsgan"):
            lab.state.request(Action.COMPARE_ADD, text)
        lab.state.request(Action.STEP)
        lab.state.view.display.lecture_mode = True
        lab.state.view.display.lecture_shows = LECTURE_SHOWS[2]
        for _ in range(3):  # the lecture scale applies from the frame after the one that asked for it
            titles.clear()
            frame(lab, renderer, target)
        assert len(lab.frame.comparison) == 4
        assert lecture_layout((1280, 800), LECTURE_SHOWS[2], lab.host.ui_scale, 4).legend is not None  # room beside
    assert titles == []


@pytest.mark.parametrize("size, ui_scale, framebuffer_scale", [((1280, 800), 1.0, 1.0), ((1280, 800), 2.0, 1.0),
                                                                ((1280, 800), 1.0, 2.0), ((1920, 1080), 1.0, 1.0)])
def test_the_dots_take_no_more_of_the_canvas_than_gan_labs_do(gl_ctx, size, ui_scale, framebuffer_scale):
    """GAN Lab draws its 600 dots 2 px wide on a 400 px plot; ours were 3.5 px (and a 1 px halo) on whatever the
    canvas got: on 1280x800's 416 px canvas, and UI scale 2's 344 px, they buried the heatmap and the manifold. A
    canvas smaller than 700 px (GAN Lab's share at our 3.5 px) shrinks the dots in proportion; a larger one keeps
    the set size."""
    from ganlab_gl.app.state import AppState
    state = AppState()
    state.view.display.ui_scale = ui_scale
    with headless_lab(gl_ctx, size, state=state, framebuffer_scale=framebuffer_scale, fonts=True) as made:
        lab, renderer, target = made
        settle(lab, renderer, target)
        view, fake = lab.widget.view(0), lab.widget.canvas["fake"]
        radius_px = fake.radius_px * view.pixel_scale
        side_px = min(view.viewport_px)
        assert radius_px / side_px <= 2 / 400 * 1.01 + 1e-9
        if side_px >= 700 * framebuffer_scale:
            assert radius_px == pytest.approx(fake.radius_px * framebuffer_scale)


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800), (1920, 1080)])
def test_the_timeline_bar_grows_into_the_room_under_the_graph_and_gives_it_back(gl_ctx, tmp_path, monkeypatch,
                                                                                 size):
    """At 1024x768 the graph, bound by its column's width, left about 230 px empty between "All settings" and the
    timeline bar (330 px at 1920x1080). The bar's curve takes that room (at 1920x1080, UI scale 1, half of what the
    phase's steps leave: they take the other half in a larger type), the settings' header stays in view, and
    opening the settings gives the room back to them."""
    from ganlab_gl.app.layout import desk_layout
    from ganlab_gl.app.panels.timeline import timeline_rows
    header, opened, bottoms = imgui.collapsing_header, {"All settings": False}, {}

    def recording(label, flags=0):
        if label in opened:
            imgui.set_next_item_open(opened[label])
        shown = header(label, flags)
        if label == "All settings":
            bottoms[label] = imgui.get_item_rect_max().y
        return shown

    monkeypatch.setattr(imgui, "collapsing_header", recording)
    with headless_lab(gl_ctx, size, screenshot_dir=tmp_path, fonts=True) as (lab, renderer, target):
        for _ in range(4):
            frame(lab, renderer, target)
        timeline, left = (imgui.internal.find_window_by_name(name) for name in ("##timeline", "Model overview graph"))
        designed = desk_layout(size, True, 1.0, 1, timeline_rows).timeline
        top = timeline.pos.y
        assert left.pos.y + left.size.y <= top + 0.5  # nothing overlaps
        assert top - bottoms["All settings"] <= 2 * imgui.get_frame_height(), (top, bottoms)  # no room left empty
        # at 1920x1080 half of it: a phase's steps take the rest in a larger type (overview.SPARE_SHARE)
        assert timeline.size.y > designed[3] + 50
        frame(lab, renderer, target)
        assert timeline.pos.y == top  # it holds still
        opened["All settings"] = True
        for _ in range(3):
            frame(lab, renderer, target)
        assert timeline.pos.y == pytest.approx(designed[1])  # the settings take the room back
        opened["All settings"] = False
        for _ in range(3):
            frame(lab, renderer, target)
        assert timeline.pos.y == top


def _column_layout(lab) -> tuple:
    """What the graph's column shows: its height, whether it has a scrollbar, the graph's pictures' side, and where
    the timeline bar under it starts."""
    column = _window("##graph-and-settings")
    return column.size.y, column.scrollbar_y, lab.overview.thumbnail_px, _window("##timeline").pos.y


def test_the_graphs_column_settles_after_a_frame_that_measured_more_room(gl_ctx):
    """At 1280x800 a click on G's layers' arrow drew the graph 3 px smaller for a frame; the timeline bar grew into
    the 9 px it left, the graph overflowed the column, ImGui gave the column a scrollbar whose width narrowed the
    graph, which left the 9 px again: the column flickered between two layouts every frame for good. A measure
    taken while the scrollbar narrows the graph no longer grows the bar: the column settles where it was."""
    with headless_lab(gl_ctx, (1280, 800), fonts=True) as (lab, renderer, target):
        for _ in range(4):
            frame(lab, renderer, target)
        settled = _column_layout(lab)
        assert not settled[1]
        lab._column_free += 9  # as that frame measured
        for _ in range(3):
            frame(lab, renderer, target)
        for _ in range(6):
            frame(lab, renderer, target)
            assert _column_layout(lab) == settled


def test_at_ui_scale_2_on_1920x1080_the_graph_takes_its_columns_title_bar(gl_ctx, monkeypatch):
    """At 1920x1080, UI scale 2, the graph, bound by its column's height (the explanation holds the room of the six
    lines playing shows), was drawn 85% as tall as its column's width allows, under the column's title bar. A column
    too short for the graph at its width gives it the title bar's height, as at 1280x800; the settings' header stays
    in view and the graph holds still from frame to frame."""
    from ganlab_gl.app.fonts import BASE_FONT_SIZE
    from ganlab_gl.app.panels import overview
    from ganlab_gl.app.panels.overview_graph import arrangement, label_for
    drawn, header, bottoms = [], imgui.collapsing_header, {}

    class Recording(overview._Graph):
        def __init__(self, draw_list, origin, scale, design):
            drawn.append((origin.x, origin.y, design.size[0] * scale, design.size[1] * scale))
            super().__init__(draw_list, origin, scale, design)

    def recording(label, flags=0):
        shown = header(label, flags)
        if label == "All settings":
            bottoms[label] = imgui.get_item_rect_max().y
        return shown

    monkeypatch.setattr(overview, "_Graph", Recording)
    monkeypatch.setattr(imgui, "collapsing_header", recording)
    with headless_lab(gl_ctx, (1920, 1080), fonts=True) as (lab, renderer, target):
        lab.state.view.display.ui_scale = 2.0
        for _ in range(4):
            frame(lab, renderer, target)
        column = _window("##graph-and-settings")  # the graph's room in its column, unscrolled
        design = arrangement(label_for(column.size.x, BASE_FONT_SIZE * 2.0))  # as the panel's text
        assert drawn[-1][3] >= 0.9 * column.size.x * design.size[1] / design.size[0]  # of the height its width allows
        assert column.scroll_max.y == 0 and bottoms["All settings"] <= _bottom(column)
        held = drawn[-1]
        for _ in range(2):
            frame(lab, renderer, target)
            assert drawn[-1] == held


def test_at_ui_scale_2_on_1920x1080_the_legend_says_where_the_sentences_it_leaves_out_are(gl_ctx, monkeypatch):
    """At 1920x1080, UI scale 2, the legend under the canvas had room for the first of GAN Lab's three sentences and
    17 px short of a line for the one saying where the others' meaning is: the manifold's and the lines' went
    missing without a word. The canvas gives the legend that line's height (3% of its side), the legend's lines keep
    their width, and nothing moves from frame to frame."""
    from ganlab_gl.app.panels import legend
    said, wrapped = [], legend._wrapped
    monkeypatch.setattr(legend, "_wrapped", lambda text, disabled=True: (said.append(text), wrapped(text, disabled)))
    with headless_lab(gl_ctx, (1920, 1080), fonts=True) as (lab, renderer, target):
        lab.state.view.display.ui_scale = 2.0
        for _ in range(4):
            frame(lab, renderer, target)
        canvas, panel = lab.widget.box, imgui.internal.find_window_by_name("##legend")
        said.clear()
        frame(lab, renderer, target)
        assert said[-2:] == [legend.EXPLANATIONS[0][1], "Hover the legend for what it means."]
        assert panel.scroll_max.y == 0 and lab.widget.box == canvas
        assert 0.97 * panel.size.x <= canvas[2] < panel.size.x  # centred over the legend, as wide as it was


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_lecture_modes_canvas_alone_explains_the_phase_and_charts_the_losses_right_of_it(gl_ctx, monkeypatch, size):
    """Tab's "canvas" put the legend and GAN Lab's sentences in the margin left of the canvas and left the margin at
    its right, as wide, empty: the phase's explanation and the loss chart stand there."""
    from imgui_bundle import implot
    from ganlab_gl.app.panels import lecture
    from ganlab_gl.app.view_settings import LECTURE_SHOWS
    charts, explained = [], []
    begin_plot, explain = implot.begin_plot, lecture.draw_explanation
    monkeypatch.setattr(implot, "begin_plot", lambda title, size, flags=0: (
        charts.append((title, imgui.get_cursor_screen_pos().x)), begin_plot(title, size, flags))[1])
    monkeypatch.setattr(lecture, "draw_explanation", lambda *args, **kwargs: (
        explained.append(imgui.get_cursor_screen_pos().x), explain(*args, **kwargs)))
    with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):
        lab.state.request(Action.STEP)
        lab.state.view.display.lecture_mode = True
        lab.state.view.display.lecture_shows = LECTURE_SHOWS[2]
        for _ in range(3):  # the lecture scale applies from the frame after the one that asked for it
            charts.clear(), explained.clear()
            frame(lab, renderer, target)
        right = lab.widget.box[0] + lab.widget.box[2]
    assert explained and explained[-1] > right
    assert [title for title, _ in charts] == ["Losses"] and charts[0][1] > right


def test_a_notice_posted_before_the_window_opened_shows_from_its_first_frame(gl_ctx, monkeypatch):
    """`lab --experiment NAME` says what the run is before the window opens; on a busy machine the window took
    longer than the notice's 5 s to open, and the notice had expired unseen."""
    from ganlab_gl.app.panels.help import NOTICE_SECONDS, current_notices
    from ganlab_gl.app.state import AppState
    state = AppState()
    state.notify("experiment ring8-wgan-gp: ...")
    state.notices[-1].created -= 2 * NOTICE_SECONDS["info"]  # as if the window took that long to open
    with headless_lab(gl_ctx, SIZE, state=state) as made:
        frame(*made)
        assert "experiment ring8-wgan-gp: ..." in [n.text for n in current_notices(state)]


def _window(name: str):
    """The ImGui window of that name, a child's too (named after its parent's path)."""
    return next(window for window in imgui.get_current_context().windows
                if window.name == name or window.name.split("/")[-1].startswith(name + "_"))


def _recording_headers(monkeypatch) -> dict[str, tuple[float, float]]:
    """Each collapsing header's (top, bottom) on the screen, as drawn last, by its identity (a name cut to fit shows
    less)."""
    headers, header = {}, imgui.collapsing_header

    def recording(label, flags=0):
        shown = header(label, flags)
        headers[label.partition("###")[2] or label] = (imgui.get_item_rect_min().y, imgui.get_item_rect_max().y)
        return shown

    monkeypatch.setattr(imgui, "collapsing_header", recording)
    return headers


def _recording_plots(monkeypatch) -> dict[str, tuple[float, float]]:
    """Each ImPlot chart's (top, height) on the screen, as asked for last; by the chart, whichever title it shows
    (after "###")."""
    plots, begin_plot = {}, implot.begin_plot
    monkeypatch.setattr(implot, "begin_plot", lambda title, size, flags=0: (
        plots.__setitem__(title.rpartition("###")[2], (imgui.get_cursor_screen_pos().y, size.y)),
        begin_plot(title, size, flags))[1])
    return plots


def _recording_reading(monkeypatch) -> list[tuple[float, float]]:
    """The coverage reading's (top, bottom) on the screen, each frame it is drawn."""
    from ganlab_gl.app.panels import metrics
    read, wrapped = [], imgui.text_wrapped

    def recording(text, *rest):
        wrapped(text, *rest)
        if text == reading.last:
            read.append((imgui.get_item_rect_min().y, imgui.get_item_rect_max().y))

    def reading(*args):
        reading.last = coverage_reading(*args)
        return reading.last

    coverage_reading, reading.last = metrics.coverage_reading, None
    monkeypatch.setattr(metrics, "coverage_reading", reading)
    monkeypatch.setattr(imgui, "text_wrapped", recording)
    return read


def _bottom(window) -> float:
    return window.pos.y + window.size.y


def trained_at_ui_scale_2(lab, renderer, target) -> None:
    """The lab at UI scale 2 after 20 iterations, drawn until its layout has settled."""
    lab.state.view.display.ui_scale = 2.0
    for _ in range(20):
        lab.state.request(Action.STEP)
    for _ in range(6):
        frame(lab, renderer, target)


@pytest.mark.parametrize("window", [(1920, 1080), (1280, 800)])
def test_at_ui_scale_2_the_graphs_words_follow_the_text_where_its_column_has_the_room(gl_ctx, window):
    """At 1920x1080, UI scale 2, the graph's words were 25 px beside 30 px text, the graph bound by its column's
    height with a sixth of its width unused: its columns move apart for words as large as the text, its models'
    pictures at least PICTURE_TEXTS_AT_LEAST text heights (118 px before, 91 now). At 1280x800 the words would have
    gained 3 px for a quarter of the pictures (76 px to 58): the graph stays as it was."""
    from ganlab_gl.app.fonts import BASE_FONT_SIZE
    from ganlab_gl.app.panels.overview_graph import COLUMNS_SPREAD_FROM, MODEL, PICTURE_TEXTS_AT_LEAST
    with headless_lab(gl_ctx, window, fonts=True) as (lab, renderer, target):
        trained_at_ui_scale_2(lab, renderer, target)
        graph, picture_px = lab.overview.graph, lab.overview.thumbnail_px  # the model pictures' side as drawn
    text_px, caption_px = 2.0 * BASE_FONT_SIZE, graph.label * picture_px / MODEL
    if window == (1920, 1080):
        assert 0.95 * text_px <= caption_px <= text_px + 0.5 and picture_px >= PICTURE_TEXTS_AT_LEAST * text_px, \
            (caption_px, picture_px)
    else:
        assert graph.label == COLUMNS_SPREAD_FROM and picture_px == 76, (graph.label, picture_px)


def test_at_ui_scale_2_on_a_projectors_1920x1080_nothing_essential_scrolls(gl_ctx, monkeypatch):
    """The graph's column scrolled (its settings' header below the fold), the timeline bar under it was a strip with
    no tick labels, and the right panel scrolled with its divergence chart cut off. Now neither scrolls, every
    section's header is in view, and the timeline's curve labels its ticks."""
    from ganlab_gl.app.panels.side import SIDE_SECTIONS
    headers, plots = _recording_headers(monkeypatch), _recording_plots(monkeypatch)
    timeline_x_flags, setup_axes = [], implot.setup_axes
    monkeypatch.setattr(implot, "setup_axes", lambda x, y, x_flags=0, y_flags=0: (
        imgui.get_current_context().current_window.name.startswith("##timeline") and timeline_x_flags.append(x_flags),
        setup_axes(x, y, x_flags, y_flags))[1])
    with headless_lab(gl_ctx, (1920, 1080), fonts=True) as (lab, renderer, target):
        trained_at_ui_scale_2(lab, renderer, target)
        column, right = _window("##graph-and-settings"), _window("Data and metrics")
        assert column.scroll_max.y == 0 and right.scroll_max.y == 0
        assert headers["All settings"][1] <= _bottom(column)
        assert all(headers[label][1] <= _bottom(right) for label in SIDE_SECTIONS)
        assert all(plots[title][0] + plots[title][1] <= _bottom(right)
                   for title in ("Losses", "Divergence (gap from real, bits)"))
        assert timeline_x_flags and not timeline_x_flags[-1] & implot.AxisFlags_.no_tick_labels


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_at_ui_scale_2_an_edit_waiting_for_a_restart_keeps_the_settings_header_in_view(gl_ctx, monkeypatch, size):
    """At 1920x1080, UI scale 2, G's layers' arrow on a run with steps put "Restart now" at the column's foot while
    the graph kept the room the row took: the column scrolled (a second scrollbar beside the explanation's), the
    explanation cut mid-line and "All settings" out of view; the panel scrolled too, by the row's 1 px unmeasured.
    The graph gives the row its height where the column has no empty room for it, and takes it back when the edit
    is discarded; nothing moves from frame to frame."""
    headers = _recording_headers(monkeypatch)
    with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):
        trained_at_ui_scale_2(lab, renderer, target)
        panel, column = _window("Model overview graph"), _window("##graph-and-settings")
        before = _column_layout(lab)
        lab.state.edit("generator.hidden_layers", 3)
        for _ in range(3):
            frame(lab, renderer, target)
        waiting = _column_layout(lab)
        for _ in range(3):
            frame(lab, renderer, target)
            assert lab.state.pending_restart and column.scroll_max.y == 0
            assert panel.scroll_max.y == 0  # the row measured 1 px short: its separator is 2 px at UI scale 2
            assert headers["All settings"][1] <= _bottom(column)
            assert _column_layout(lab) == waiting
        lab.state.request(Action.DISCARD_RESTART)
        for _ in range(4):
            frame(lab, renderer, target)
        assert not lab.state.pending_restart and _column_layout(lab) == before


def test_at_ui_scale_2_with_the_settings_open_an_edit_waiting_for_a_restart_moves_no_setting(gl_ctx, monkeypatch):
    """Open, the settings scroll in the column anyway: the graph keeps its room as the restart row comes, so the
    setting just clicked stays under the pointer."""
    header = imgui.collapsing_header

    def opened(label, flags=0):
        if label == "All settings":
            imgui.set_next_item_open(True)
        return header(label, flags)

    monkeypatch.setattr(imgui, "collapsing_header", opened)
    headers = _recording_headers(monkeypatch)
    with headless_lab(gl_ctx, (1920, 1080), fonts=True) as (lab, renderer, target):
        trained_at_ui_scale_2(lab, renderer, target)
        before = headers["All settings"]
        lab.state.edit("generator.hidden_layers", 3)
        for _ in range(3):
            frame(lab, renderer, target)
        assert lab.state.pending_restart and headers["All settings"] == before


@pytest.mark.parametrize("open_first", [False, True])
def test_at_ui_scale_2_a_click_on_the_settings_header_while_a_restart_waits_leaves_it_under_the_pointer(
        gl_ctx, monkeypatch, open_first):
    """At 1920x1080, UI scale 2, with an edit waiting for a restart, opening "All settings" moved its header 98 px
    down, out of view under the row (the graph took back the row's height), and folding it moved it back up. Once
    the settings are folded while the row waits (as it came, or since: the header comes into view), the graph yields
    to the row until it goes, and the header holds still."""
    header, opening = imgui.collapsing_header, [open_first]

    def opened(label, flags=0):
        if label == "All settings":
            imgui.set_next_item_open(opening[-1])
        return header(label, flags)

    monkeypatch.setattr(imgui, "collapsing_header", opened)
    headers = _recording_headers(monkeypatch)
    with headless_lab(gl_ctx, (1920, 1080), fonts=True) as (lab, renderer, target):
        trained_at_ui_scale_2(lab, renderer, target)
        lab.state.edit("generator.hidden_layers", 3)
        for _ in range(3):
            frame(lab, renderer, target)
        opening.append(False)
        for _ in range(3):
            frame(lab, renderer, target)
        clicked, column = headers["All settings"], _window("##graph-and-settings")
        assert clicked[1] <= _bottom(column)
        for shown in (True, False):
            opening.append(shown)
            for _ in range(3):
                frame(lab, renderer, target)
                assert lab.state.pending_restart and headers["All settings"] == clicked, shown


def test_at_1024x768_ui_scale_2_the_presets_and_the_loss_chart_come_first(gl_ctx, monkeypatch):
    """A 512x384 screen: the data section alone filled the right panel, the loss chart below the fold. The presets
    and the whole loss chart now show before it scrolls, the Compare section and the other data controls after the
    charts."""
    from ganlab_gl.app.panels.side import MORE_DATA, SIDE_SECTIONS
    headers, plots = _recording_headers(monkeypatch), _recording_plots(monkeypatch)
    with headless_lab(gl_ctx, (1024, 768), fonts=True) as (lab, renderer, target):
        trained_at_ui_scale_2(lab, renderer, target)
        right = _window("Data and metrics")
        assert right.scroll.y == 0
        top, height = plots["Losses"]
        assert right.pos.y < top and top + height <= _bottom(right), (plots["Losses"], _bottom(right))
        order = sorted((label for label in headers if label != "All settings"), key=lambda label: headers[label][0])
        assert order == ["Data", "Metrics", "Compare", MORE_DATA, *SIDE_SECTIONS[3:]]


def _stepped_into_lecture_mode(lab, renderer, target, *records, steps: int = 20) -> None:
    """`steps` iterations, then lecture mode, whose scale applies from the frame after the one that asked for it: three
    frames, `records` (what monkeypatched drawing calls collect) emptied before each, so they hold the last's."""
    for _ in range(steps):
        lab.state.request(Action.STEP)
    lab.state.view.display.lecture_mode = True
    for _ in range(3):
        for record in records:
            record.clear()
        frame(lab, renderer, target)


def test_lecture_mode_at_1920x1080_has_gan_labs_sentences_beside_the_chart_and_the_graph_large(gl_ctx, monkeypatch):
    """GAN Lab's sentences for the canvas, over the loss chart, took the graph down to 0.7 of its height (a sixth of
    its box empty either side of it). They stand beside the chart, the graph keeps 0.85 of its height at least (the
    text box holds the desk's four lines on what playing shows, the longest words lecture mode says), and the
    chart's ticks are spaced for its own width (they were for the whole box's, and their labels ran together)."""
    from ganlab_gl.app.layout import lecture_layout
    from ganlab_gl.app.panels import legend, metrics
    from ganlab_gl.app.view_settings import LECTURE_SHOWS
    drawn, wrapped = [], legend._wrapped
    monkeypatch.setattr(legend, "_wrapped", lambda text, disabled=True: (
        drawn.append((text, imgui.get_cursor_screen_pos().x)), wrapped(text, disabled)))
    ticked, setup_iteration_axis = [], metrics.setup_iteration_axis
    monkeypatch.setattr(metrics, "setup_iteration_axis", lambda x, plot_px, start=None: (
        ticked.append((plot_px, imgui.get_window_pos().x + imgui.get_window_size().x)),
        setup_iteration_axis(x, plot_px, start))[1])
    plots = _recording_plots(monkeypatch)
    with headless_lab(gl_ctx, (1920, 1080), fonts=True) as (lab, renderer, target):
        _stepped_into_lecture_mode(lab, renderer, target, drawn, ticked)
        graph = _window("##lecture-graph")
        designed = lecture_layout((1920, 1080), LECTURE_SHOWS[0], lab.host.ui_scale).graph  # the graph alone
        chart_left = imgui.internal.find_window_by_name("##lecture-text").pos.x
    sentences = [(text, x) for text, x in drawn if text in dict(legend.EXPLANATIONS).values()]
    assert len(sentences) == 3
    assert graph.size.y >= 0.85 * designed[3], (graph.size.y, designed)
    assert "Losses" in plots
    plot_px, box_right = ticked[-1]
    assert plot_px <= 0.5 * (box_right - chart_left)  # the chart's own width, beside the sentences


@pytest.mark.parametrize("size, shows, named", [
    ((1920, 1080), LECTURE_SHOWS[0], True), ((1280, 800), LECTURE_SHOWS[0], True),
    ((1920, 1080), LECTURE_SHOWS[1], True), ((1280, 800), LECTURE_SHOWS[1], True),
    ((1280, 800), LECTURE_SHOWS[2], False)])
def test_lecture_modes_loss_chart_names_its_stalemate_lines_where_they_fit(gl_ctx, monkeypatch, size, shows, named):
    """The lecture's loss chart named its stalemate lines nowhere at 1920x1080 (beside GAN Lab's sentences, a plot
    364 px wide for "D stalemate 0.68" 225 px long in lecture type; showing the canvas and chart, a column 424 px
    wide) nor at 1280x800 beside the graph (a plot 3.5 lines tall, under the 4 that names need), where the desk's
    chart names them ("D stalemate 0.68", "G stalemate 0.69"). Each is named in lecture type, inside the plot,
    clear of the other; beside the canvas alone at 1280x800, a plot 184 px wide, the lines stay, unnamed."""
    from ganlab_gl.app.layout import LECTURE_TEXT_SHARE
    from ganlab_gl.app.panels.metrics import stalemate_marks
    lines, names = [], []
    plot_inf_lines, plot_text = implot.plot_inf_lines, implot.plot_text
    monkeypatch.setattr(implot, "plot_inf_lines", lambda label, values, spec=None: (
        lines.append(float(values[0])) if spec is not None and spec.flags & implot.InfLinesFlags_.horizontal else None,
        plot_inf_lines(label, values, spec))[1])

    def recording_text(text, x, y, offset=None, *rest):
        centre, text_size = implot.plot_to_pixels(x, y) + offset, imgui.calc_text_size(text)
        plot_pos, plot_size = implot.get_plot_pos(), implot.get_plot_size()
        names.append((text, (centre.x - text_size.x / 2, centre.y - text_size.y / 2, centre.x + text_size.x / 2,
                             centre.y + text_size.y / 2), (plot_pos.x, plot_pos.y, plot_pos.x + plot_size.x,
                                                          plot_pos.y + plot_size.y), imgui.get_font_size()))
        return plot_text(text, x, y, offset, *rest)

    monkeypatch.setattr(implot, "plot_text", recording_text)
    with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):
        lab.state.view.display.lecture_shows = shows
        # a run whose last iterations (NAME_CLEAR_OF_ITERATIONS) lie clear of the names at the plot's left end
        _stepped_into_lecture_mode(lab, renderer, target, lines, names, steps=150)
    assert sorted(lines) == sorted(mark.value for mark in stalemate_marks("log"))
    if not named:
        assert names == []
        return
    assert sorted(text for text, *_ in names) in (["D at a tie 0.68", "G at a tie 0.69"],
                                                  ["D loss at a tie 0.68", "G loss at a tie 0.69"]), names
    for _, (left, top, right, bottom), (plot_left, plot_top, plot_right, plot_bottom), font in names:
        assert plot_left <= left and right <= plot_right + 1 and plot_top <= top and bottom <= plot_bottom + 1
        assert font == pytest.approx(LECTURE_TEXT_SHARE * size[1], abs=0.5)
    (_, first, _, _), (_, second, _, _) = names
    assert first[3] <= second[1] or second[3] <= first[1]  # one above the other, clear of it


def test_lecture_mode_at_1920x1080_gives_four_runs_loss_charts_the_text_boxs_width(gl_ctx, monkeypatch):
    """Four runs at 1920x1080 in lecture mode: GAN Lab's sentences stood beside the D and G loss charts, whose two
    y axes each (log loss, squared error, critic score) then left their plots no width, the axes' labels piled on
    one another. A comparison's charts take the box's width; the sentences go above them. Each chart is named, on
    its y axis or, where that has no room, in its corner (the names were hidden: nothing said which was D's)."""
    from ganlab_gl.app.panels import legend, metrics
    named, setup_axes, plot_text = [], implot.setup_axes, implot.plot_text
    monkeypatch.setattr(implot, "setup_axes", lambda x_label, y_label, *rest: (
        named.append(y_label), setup_axes(x_label, y_label, *rest))[1])
    monkeypatch.setattr(implot, "plot_text", lambda text, *rest: (named.append(text), plot_text(text, *rest))[1])
    drawn, wrapped = [], legend._wrapped
    monkeypatch.setattr(legend, "_wrapped", lambda text, disabled=True: (
        drawn.append((text, imgui.get_cursor_screen_pos().x)), wrapped(text, disabled)))
    plot_widths, end_framed_plot = {}, metrics.end_framed_plot
    monkeypatch.setattr(metrics, "end_framed_plot", lambda: (plot_widths.__setitem__(
        implot.internal.get_current_plot().get_title(), implot.internal.get_current_plot().plot_rect.get_width()),
        end_framed_plot())[1])
    with headless_lab(gl_ctx, (1920, 1080), fonts=True) as (lab, renderer, target):
        for text in ("train.loss=nonsaturating", "train.loss=lsgan", "train.loss=hinge"):
            lab.state.request(Action.COMPARE_ADD, text)
        _stepped_into_lecture_mode(lab, renderer, target, drawn, plot_widths, named)
        assert len(lab.frame.comparison) == 4
        text_box = _window("##lecture-text")
        box_left, box_width, em = text_box.pos.x, text_box.size.x, imgui.get_font_size()
    sentences = [x for text, x in drawn if text in dict(legend.EXPLANATIONS).values()]
    assert sentences and all(x < box_left + 2 * em for x in sentences)  # above the charts, at the box's left
    charts = [width for title, width in plot_widths.items() if "loss" in title.lower()]
    assert len(charts) == 2 and all(width >= 0.2 * box_width for width in charts), (plot_widths, box_width)
    assert all(any(text.startswith(title) for text in named) for title in ("D loss", "G loss")), named


def _recording_legends(monkeypatch) -> dict[str, tuple[float, float, float, float]]:
    """Each metrics chart's (frame's left, right, its legend's left, right) on the screen, as drawn last."""
    from ganlab_gl.app.panels import metrics
    legends, end_framed_plot = {}, metrics.end_framed_plot

    def recording():
        plot = implot.internal.get_current_plot()
        frame_rect, legend = plot.frame_rect, plot.items.legend.rect
        legends[plot.get_title()] = (frame_rect.min.x, frame_rect.max.x, legend.min.x, legend.max.x)
        end_framed_plot()

    monkeypatch.setattr(metrics, "end_framed_plot", recording)
    return legends


@pytest.mark.parametrize("size, log", [((1024, 768), False), ((1024, 768), True), ((1280, 800), True)])
def test_at_ui_scale_2_each_charts_legend_row_fits_it_and_a_log_axis_says_what_it_hides(gl_ctx, monkeypatch, size,
                                                                                        log):
    """At 1024x768 the loss chart's legend row was cut to "D loss ■G"; at 1280x800, a critic's losses on the log
    scale, to "D loss (≤ 0 hidd", the G loss's entry lost. Each row fits its chart, and the values at or below 0
    the log axis hides are said, in the row where it has room, else in the plot."""
    from ganlab_gl.app.panels import metrics
    legends, noted, plot_text = _recording_legends(monkeypatch), [], implot.plot_text
    monkeypatch.setattr(implot, "plot_text", lambda text, x, y, *rest: (noted.append(text),
                                                                        plot_text(text, x, y, *rest))[1])
    labels, plot_line = [], metrics.plot_line
    monkeypatch.setattr(metrics, "plot_line", lambda line, *rest, **options: (labels.append(line.label),
                                                                               plot_line(line, *rest, **options))[1])
    with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):
        lab.state.edit("train.loss", "wgan-gp")
        lab.metrics.log_scale = log
        trained_at_ui_scale_2(lab, renderer, target)
        assert (lab.frame.losses["d_loss"] <= 0).any()
    for title in ("Losses", "Divergence (gap from real, bits)"):
        left, right, legend_left, legend_right = legends[title]
        assert left <= legend_left and legend_right <= right, (title, legends[title])
    assert not log or any(label.endswith(metrics.HIDDEN_ON_LOG) for label in labels) or any(
        text.startswith(metrics.HIDDEN_IN_PLOT[-1]) for text in noted), (labels[-6:], noted[-3:])


@pytest.mark.parametrize("size, ui_scale, names", [
    ((1280, 800), 1.0, ["Discriminator's loss", "Generator's loss", "KL divergence", "JS divergence"]),
    ((1920, 1080), 2.0, ["D loss", "G loss", "KL", "JS"])])
def test_the_side_panels_charts_name_their_lines_in_full_where_the_row_holds_them(gl_ctx, monkeypatch, size, ui_scale,
                                                                                  names):
    """The side panel's loss chart said "D loss" and "G loss" at every size: the full names were kept for a row
    with room for the rewound mark's name too. At 1280x800 (and wider), UI scale 1, its row holds GAN Lab's names
    whole; at UI scale 2 none of the lab's sizes does, and both charts name their lines short. Each legend stays
    inside its chart."""
    from ganlab_gl.app.panels import metrics
    legends = _recording_legends(monkeypatch)
    labels, plot_line = [], metrics.plot_line
    monkeypatch.setattr(metrics, "plot_line", lambda line, *rest, **options: (labels.append(line.label),
                                                                               plot_line(line, *rest, **options))[1])
    with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):
        lab.state.view.display.ui_scale = ui_scale
        for _ in range(20):
            lab.state.request(Action.STEP)
        for _ in range(6):
            frame(lab, renderer, target)
    assert labels[-4:] == names
    for title in ("Losses", "Divergence (gap from real, bits)"):
        left, right, legend_left, legend_right = legends[title]
        assert left <= legend_left and legend_right <= right, (title, legends[title])


@pytest.mark.parametrize("size, ui_scale, data_name, compared", [
    ((1920, 1080), 2.0, "ring8", None), ((1920, 1080), 2.0, "gaussians", "train.loss=wgan-gp"),
    ((1280, 800), 1.0, "gaussians", "train.loss=wgan-gp")])
def test_a_crowded_right_panel_shows_every_chart(gl_ctx, monkeypatch, size, ui_scale, data_name, compared):
    """A mixture's three charts and their coverage reading, or a comparison's charts with their legends and the
    Compare section, made the right panel scroll with every chart at its full height, the last one or two below
    the fold (1920x1080 at UI scale 2; a comparison at 1280x800 too). The panel shows the presets, then the charts
    sharing the rest of its height, all of them and the reading in view, as far as their plots stay readable (at
    1920x1080, UI scale 2, they overrun it by a few lines: the panel scrolls as one, the loss chart in view); the
    other data controls and the sections come after them."""
    from ganlab_gl.app.fonts import BASE_FONT_SIZE
    from ganlab_gl.app.panels import metrics
    from ganlab_gl.app.panels.side import MORE_DATA
    headers, plots = _recording_headers(monkeypatch), _recording_plots(monkeypatch)
    read = _recording_reading(monkeypatch)
    with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):
        lab.state.edit("data.name", data_name)
        if compared:
            lab.state.request(Action.COMPARE_ADD, compared)
        frame(lab, renderer, target)
        lab.state.view.display.ui_scale = ui_scale
        for _ in range(20):
            lab.state.request(Action.STEP)
        for _ in range(6):
            frame(lab, renderer, target)
        right = _window("Data and metrics")
        charts = [title for title in plots if not title.startswith("##")]
        assert right.scroll.y == 0 and len(charts) == 3, charts
        assert all(right.pos.y < plots[title][0] for title in charts), plots
        assert plots[charts[0]][0] + plots[charts[0]][1] <= _bottom(right), (plots, _bottom(right))
        # at their least, readable (LEAST_PLOT_EMS), the charts overran it at 1920x1080, UI scale 2: it scrolls as one
        overrun = right.scroll_max.y > 0
        assert overrun or all(plots[title][0] + plots[title][1] <= _bottom(right) for title in charts), plots
        assert overrun or not read or read[-1][1] <= _bottom(right)
        assert headers["Metrics"][0] < headers[MORE_DATA][0]  # the data controls after the charts
        assert all(plots[title][1] >= metrics.LEAST_PLOT_EMS * BASE_FONT_SIZE * ui_scale for title in charts)
    assert read or compared


@pytest.mark.parametrize("size, ui_scale", [((1280, 800), 1.0), ((1920, 1080), 2.0)])
def test_the_pretrained_checkbox_stays_under_the_presets_of_a_crowded_panel(gl_ctx, monkeypatch, size, ui_scale):
    """GAN Lab's "Use pre-trained model" stands under its distributions' pictures. Ours stood last among the data
    controls, which a crowded panel folds under More data: picking Disjoint at 1280x800 (its mode chart crowds the
    panel) hid the checkbox of a preset that ships a model. It is drawn under the pictures, in view."""
    from ganlab_gl.app.panels import flow
    from ganlab_gl.app.panels.side import MORE_DATA
    headers, boxes, checkbox = _recording_headers(monkeypatch), {}, flow.checkbox_fitted

    def recording(wordings, value):
        answer = checkbox(wordings, value)
        boxes[wordings[0]] = (imgui.get_item_rect_min().y, imgui.get_item_rect_max().y)
        return answer

    monkeypatch.setattr(flow, "checkbox_fitted", recording)
    with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):
        lab.state.view.display.ui_scale = ui_scale
        lab.state.request(Action.PICK_DATASET, "disjoint")
        for _ in range(6):
            frame(lab, renderer, target)
        assert MORE_DATA in headers  # the panel is crowded: the other data controls are folded after the charts
        top, bottom = boxes["Use pre-trained model"]
        assert headers["Data"][1] < top and bottom <= headers["Metrics"][0] <= _bottom(_window("Data and metrics"))


@pytest.mark.parametrize("data_name, shipped", [("disjoint", True), ("ring8", False)])
def test_a_mixtures_crowded_panel_keeps_its_title_and_its_controls_where_two_gaussians_has_them(gl_ctx, monkeypatch,
                                                                                               data_name, shipped):
    """At 1280x800 a mixture's mode chart crowds the right panel, which gave up its title bar: picking Disjoint
    moved the presets and "Use pre-trained model" 21 px up from where Two Gaussians has them, and a click aimed at
    the checkbox folded the charts. Under its title the panel overran by 13 px at iteration 0, where the coverage
    reading ("No evaluation yet ...") took three lines, and fitted from the first evaluation (two): it keeps its
    title at every iteration and frame, the reading its two lines, and the charts their height."""
    from ganlab_gl.app.panels import flow
    headers, plots = _recording_headers(monkeypatch), _recording_plots(monkeypatch)
    boxes, checkbox = {}, flow.checkbox_fitted
    monkeypatch.setattr(flow, "checkbox_fitted", lambda wordings, value: (
        checkbox(wordings, value), boxes.__setitem__(wordings[0], imgui.get_item_rect_min().y))[0])
    with headless_lab(gl_ctx, (1280, 800), fonts=True) as (lab, renderer, target):
        for _ in range(4):
            frame(lab, renderer, target)
        assert lab.state.config.data.name == "gaussians"
        gaussians = headers["Data"], boxes["Use pre-trained model"]
        lab.state.request(Action.PICK_DATASET, data_name)
        seen = []
        for steps in (0, 50, 50):  # before the first evaluation, at it, after it
            for _ in range(steps):
                lab.state.request(Action.STEP)
            for _ in range(4):
                boxes.clear()
                frame(lab, renderer, target)
                seen.append((lab.frame.iteration, headers["Data"], boxes["Use pre-trained model"] if shipped
                             else gaussians[1], headers["Compare"], plots["Losses"]))  # ring8's is under More data
        assert lab.side_arrangement.crowded and [iteration for iteration, *_ in seen[::4]] == [0, 50, 100]
        assert {where[1:3] for where in seen} == {gaussians}, seen  # where Two Gaussians has them, every frame
        # the charts and the headers under them hold still, once arranged for the mixture (two frames)
        assert len({where[3:] for where in seen[2:]}) == 1, seen


@pytest.mark.parametrize("ui_scale", [1.0, 2.0])
def test_the_side_panels_rows_hold_still_from_preset_to_preset(gl_ctx, monkeypatch, ui_scale):
    """At 1280x800 the right panel of Ring of 8 and Grid of 25, which ship no model, dropped the greyed "Use
    pre-trained model" row from under the pictures, and their mode chart crowded the panel, which folded the other
    data controls under More data: their Metrics header stood two rows above Two Gaussians', and the panel's rows
    jumped as the user switched presets. Every preset keeps the box's row (greyed where it ships no model) and the
    panel of every preset is arranged as a mixture's: the headers and the box hold still."""
    from ganlab_gl.app.panels import flow
    headers, boxes, checkbox = _recording_headers(monkeypatch), {}, flow.checkbox_fitted
    monkeypatch.setattr(flow, "checkbox_fitted", lambda wordings, value: (
        checkbox(wordings, value), boxes.__setitem__("box", imgui.get_item_rect_min().y))[0])
    seen = {}
    with headless_lab(gl_ctx, (1280, 800), fonts=True) as (lab, renderer, target):
        lab.state.view.display.ui_scale = ui_scale
        for name in PRESETS:
            lab.state.request(Action.PICK_DATASET, name)
            for _ in range(6):
                boxes.clear()
                frame(lab, renderer, target)
            seen[name] = headers["Data"], boxes.get("box"), headers["Metrics"]
    assert len(set(seen.values())) == 1, seen


def test_the_data_controls_hold_still_from_preset_to_preset_and_after_an_import(gl_ctx, monkeypatch, tmp_path):
    """After an import the line "Training on FILE" under the presets' pictures pushed the Import button down a row: a
    second click on it landed on "Draw your own (8)" and began drawing mode (and a preset that ships a model, its
    checkbox under the pictures, had them a row lower than one that does not). The row under the pictures is
    always there: the pre-trained checkbox, greyed where the data has no model, or the user's data's line."""
    data = tmp_path / "points.csv"
    data.write_text("\n".join(f"{0.1 * k:.1f},{0.05 * k * k:.2f}" for k in range(20)))
    buttons, button = {}, imgui.button
    monkeypatch.setattr(imgui, "button", lambda label, *rest: (
        button(label, *rest), buttons.__setitem__(label.split(" (")[0], imgui.get_item_rect_min().y))[0])
    seen = {}
    with headless_lab(gl_ctx, (1280, 800), fonts=True) as (lab, renderer, target):
        for picked in ("gaussians", "swissroll", str(data)):
            lab.state.request(*((Action.PICK_DATASET, picked) if picked in PRESETS else (Action.IMPORT_FILE, picked)))
            for _ in range(4):
                buttons.clear()
                frame(lab, renderer, target)
            seen[lab.frame.dataset.name] = buttons["Draw your own"], buttons["Import"]
    assert list(seen) == ["gaussians", "swissroll", "file"] and len(set(seen.values())) == 1, seen


def test_at_ui_scale_2_the_data_controls_hold_still_after_an_import(gl_ctx, monkeypatch, tmp_path):
    """At 1280x800, UI scale 2, "Use pre-trained model" wrapped to two lines under the pictures, and the one line
    "Training on points.csv" that takes its place after an import was shorter: the Metrics header, the charts and
    More data, with Import in it, moved up 24 px. The box's label takes one line, in shorter words where GAN Lab's
    do not fit ("Pre-trained model"), and everything under it holds still."""
    from ganlab_gl.app.panels.side import MORE_DATA
    data = tmp_path / "points.csv"
    data.write_text("\n".join(f"{0.1 * k:.1f},{0.05 * k * k:.2f}" for k in range(20)))
    headers, seen = _recording_headers(monkeypatch), {}
    with headless_lab(gl_ctx, (1280, 800), fonts=True) as (lab, renderer, target):
        lab.state.view.display.ui_scale = 2.0
        for picked in ("gaussians", str(data)):
            lab.state.request(*((Action.PICK_DATASET, picked) if picked in PRESETS else (Action.IMPORT_FILE, picked)))
            for _ in range(6):
                frame(lab, renderer, target)
            seen[lab.frame.dataset.name] = headers["Metrics"], headers[MORE_DATA]
    assert list(seen) == ["gaussians", "file"] and len(set(seen.values())) == 1, seen


def compared_at_ui_scale_2(lab, renderer, target, data_name: str = "gaussians", compared: str | None = None) -> None:
    """The lab on `data_name`, beside a run of the `compared` overrides where given, trained_at_ui_scale_2."""
    lab.state.edit("data.name", data_name)
    if compared:
        lab.state.request(Action.COMPARE_ADD, compared)
    frame(lab, renderer, target)
    trained_at_ui_scale_2(lab, renderer, target)


@pytest.mark.parametrize("size, ui_scale, compared", [((1024, 768), 2.0, None), ((1280, 800), 2.0, None),
                                                      ((1920, 1080), 2.0, "train.loss=wgan-gp"),
                                                      ((1024, 768), 2.0, "train.loss=wgan-gp"),
                                                      ((2560, 1440), 3.0, "train.loss=wgan-gp")])
def test_at_large_ui_scales_the_legend_under_the_canvas_fits_its_box(gl_ctx, monkeypatch, size, ui_scale, compared):
    """The legend under the canvas scrolled: by 41 px at 1024x768, by 186 px under a comparison's panes at
    1920x1080, and under the narrow column of two panes at 2560x1440, UI scale 3, after all its economies (the
    density labels cut), where 1024x768, UI scale 2, broke "manifold density:" mid-word. It fits, every key still
    there (the dots', the colour bar, the manifold's densities), its titles whole on their lines, giving up the
    least of its lines that makes it fit, and holds still."""
    from ganlab_gl.app.panels import legend as legend_module
    drawn, titles = [], {}
    for name in ("draw_sample_legend", "draw_heatmap_legend", "draw_density_legend"):
        monkeypatch.setattr(lab_module, name, lambda *args, name=name, draw=getattr(lab_module, name), **options: (
            drawn.append(name), draw(*args, **options))[1])
    wrapped = legend_module._wrapped
    monkeypatch.setattr(legend_module, "_wrapped", lambda text, **options: (
        wrapped(text, **options), titles.__setitem__(text, imgui.get_item_rect_size().y / imgui.get_text_line_height())
    )[0])
    with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):
        compared_at_ui_scale_2(lab, renderer, target, compared=compared)
        lab.state.view.display.ui_scale = ui_scale
        for _ in range(6):
            frame(lab, renderer, target)
        economies = lab.legend_fit.economies
        drawn.clear()
        frame(lab, renderer, target)
        legend = _window("##legend")
        assert legend.scroll_max.y == 0, (legend.scroll_max.y, lab.legend_fit)
        assert set(drawn) == {"draw_sample_legend", "draw_heatmap_legend", "draw_density_legend"}
        assert lab.legend_fit.economies == economies
        fewer = lab.legend_fit.heights.get(economies - 1)
        assert economies == 0 or fewer > legend.size.y - imgui.get_style().window_padding.y, lab.legend_fit
        assert titles[legend_module.DENSITY_TITLE] < 1.5, titles  # one line


@pytest.mark.parametrize("data_name, compared", [("ring8", None), ("gaussians", "train.loss=wgan-gp")])
def test_a_crowded_right_panel_shows_the_compare_section_after_the_charts(gl_ctx, monkeypatch, data_name, compared):
    """At 1920x1080, UI scale 2, the Compare section came after "More data", below the fold: a comparison's runs
    and the field to add one could not be seen without scrolling. It follows the charts, its header in view; a
    comparison's panel, which has no room for the charts and the runs' field together, folds the Compare section
    and the ones under it, every header in view, the charts' legends naming the runs by their letters (the panes'
    captions name them in their colours; a click on the Compare header shows its runs and field:
    test_app_layout.py); every chart above it. The charts at their least, readable (LEAST_PLOT_EMS), now
    overrun it by a few lines: the headers under them are reached by the panel's one scroll. The comparison's
    divergence chart's title fits over its plot (it touched the chart's edge): shorter where the whole one does
    not."""
    from ganlab_gl.app.panels import metrics
    from ganlab_gl.app.panels.side import MORE_DATA, SIDE_SECTIONS
    headers, plots = _recording_headers(monkeypatch), _recording_plots(monkeypatch)
    titles, end_framed_plot = {}, metrics.end_framed_plot

    def recording_titles():
        plot = implot.internal.get_current_plot()
        shown, _, identity = plot.get_title().partition("###")
        titles[identity or shown] = (shown, imgui.calc_text_size(shown).x, plot.plot_rect.max.x - plot.plot_rect.min.x)
        end_framed_plot()

    monkeypatch.setattr(metrics, "end_framed_plot", recording_titles)
    with headless_lab(gl_ctx, (1920, 1080), fonts=True) as (lab, renderer, target):
        lab.state.edit("metrics.every", 2)  # the divergence chart's y axis labelled, as a trained run's
        compared_at_ui_scale_2(lab, renderer, target, data_name, compared)
        right = _window("Data and metrics")
        reach = _bottom(right) + right.scroll_max.y  # the charts at their least overrun it: it scrolls as one
        assert right.scroll.y == 0 and headers["Compare"][1] <= reach, (headers["Compare"], reach)
        charts = [title for title in plots if not title.startswith("##")]
        assert all(plots[title][0] + plots[title][1] <= headers["Compare"][0] for title in charts), plots
        if compared:
            assert all(headers[label][1] <= reach for label in (*SIDE_SECTIONS, MORE_DATA)), headers
            _, title_px, plot_px = titles[metrics.JS_TITLES[0]]
            assert title_px <= plot_px, titles


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)])
def test_at_ui_scale_2_on_a_small_screen_the_graphs_column_holds_still_its_explanation_scrolls(gl_ctx, monkeypatch,
                                                                                              size):
    """The graph's column scrolled (325 px at 1024x768), the explanation under the graph cut mid-line at its foot
    or out of view, and the settings' header below the fold. The column does not scroll: it gives its title bar's
    height, the graph and the header stay in view, and the explanation scrolls in a box of two lines or more
    between them."""
    from ganlab_gl.app.panels.overview import EXPLANATION_BOX_LINES_AT_LEAST
    headers = _recording_headers(monkeypatch)
    with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):
        trained_at_ui_scale_2(lab, renderer, target)
        column = _window("##graph-and-settings")
        assert column.scroll_max.y == 0 and headers["All settings"][1] <= _bottom(column)
        box = _window("##explanation")
        assert box.size.y >= EXPLANATION_BOX_LINES_AT_LEAST * imgui.get_text_line_height()
        assert column.pos.y < box.pos.y and _bottom(box) <= headers["All settings"][0]
        assert _window("Model overview graph").flags & imgui.WindowFlags_.no_title_bar


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)])
def test_at_ui_scale_2_on_a_small_screen_each_phase_is_explained_whole_in_its_box(gl_ctx, monkeypatch, size):
    """In the box of two lines under the graph (1280x800, UI scale 2) a phase's step, "Discriminator update 1 of 2,
    phase 1/5:", took both lines and its explanation was out of view, to be scrolled to. Every phase of an
    iteration, D's two updates walked as one and G's, shows its step and its explanation whole in the box (in brief
    where GAN Lab's words do not fit), the box and the graph holding still."""
    from ganlab_gl.app.panels.overview import BRIEF_EXPLANATIONS, phase_explanation
    from ganlab_gl.core.trainer import EXPLANATIONS, PHASES
    seen = []
    with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):
        trained_at_ui_scale_2(lab, renderer, target)
        for _ in range(2 * len(PHASES)):
            lab.state.request(Action.STEP_PHASE)
            for _ in range(2):
                frame(lab, renderer, target)
            phase = lab.frame.phase
            box = _window(f"##explanation-{phase.network}{phase.name}")
            seen.append((box.scroll_max.y, box.size.y, box.pos.y))
        assert (phase.network, phase.name) == ("G", "update")
        # hovering the box says the whole, in lines as wide as the box (on one, it ran past the window's edge)
        tips, set_tooltip = [], imgui.set_tooltip
        monkeypatch.setattr(imgui, "set_tooltip", lambda text: (tips.append(text), set_tooltip(text))[1])
        imgui.get_io().add_mouse_pos_event(box.pos.x + box.size.x / 2, box.pos.y + box.size.y / 2)
        for _ in range(2):
            frame(lab, renderer, target)
        lines = tips[-1].split("\n")
        said = phase_explanation(phase, lab.frame.step_change, lab.frame.snapshot.d_kind)  # measured: "at most 7 px"
        assert " ".join(lines).endswith(said) and "px at this zoom" in said, lines
        assert max(imgui.calc_text_size(line).x for line in lines) <= box.size.x, lines
    assert {scrolled for scrolled, *_ in seen} == {0.0} and len({tuple(where) for _, *where in seen}) == 1, seen
    assert set(BRIEF_EXPLANATIONS) == set(EXPLANATIONS)


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)])
def test_at_ui_scale_2_on_a_small_screen_the_words_outside_a_phase_fit_their_box(gl_ctx, monkeypatch, size):
    """Before the first play and paused, the words under the graph ("Paused at iteration 2,245. Play (Space)
    resumes training; hover a fake dot to ...") scrolled in the box of two lines under the graph (1280x800, UI
    scale 2). They show in brief there (BRIEF_SITUATIONS), nothing scrolling, the whole on hovering the box; every
    situation's brief words, at their longest, fit the box."""
    from ganlab_gl.app.panels.overview import BRIEF_RESUMES, BRIEF_SITUATIONS, situation_words
    shown, tips = [], []
    text_disabled, set_tooltip = imgui.text_disabled, imgui.set_tooltip
    monkeypatch.setattr(imgui, "text_disabled", lambda text: (
        "##explanation" in imgui.internal.get_current_window().name and shown.append(text), text_disabled(text))[1])
    monkeypatch.setattr(imgui, "set_tooltip", lambda text: (tips.append(text), set_tooltip(text))[1])
    seen = {}
    with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):
        lab.state.view.display.ui_scale = 2.0
        for situation in ("fresh", "paused"):
            if situation == "paused":
                lab.state.request(Action.PLAY_PAUSE)
                while lab.frame.iteration == 0:
                    frame(lab, renderer, target)
                lab.state.request(Action.PLAY_PAUSE)
            for _ in range(6):
                frame(lab, renderer, target)
            box = _window("##explanation")
            seen[situation] = (shown[-1], box.scroll_max.y)
        words = situation_words(lab.frame, False, False, lab.state.config.train, False)[0]
        imgui.get_io().add_mouse_pos_event(box.pos.x + box.size.x / 2, box.pos.y + box.size.y / 2)
        for _ in range(2):
            frame(lab, renderer, target)
        lines = tips[-1].split("\n") if tips else []
        widths = [imgui.calc_text_size(line).x for line in lines]
        briefs = [brief for words in BRIEF_SITUATIONS.values()
                  for brief in (words.values() if isinstance(words, dict) else [words])]
        longest = [brief.format(iteration=10**9, resumes=resumes) for brief in briefs
                   for resumes in BRIEF_RESUMES.values()]
        heights = {brief: imgui.calc_text_size(brief, False, box.size.x).y for brief in longest}
    iteration = lab.frame.iteration
    assert seen == {"fresh": (BRIEF_SITUATIONS["fresh"][False], 0.0),
                    "paused": (f"Paused at {iteration:,}. {BRIEF_RESUMES[False]}; N steps one.", 0.0)}, seen
    assert " ".join(lines) == words and max(widths) <= box.size.x, lines  # the whole on hovering, as wide as the box
    assert max(heights.values()) <= box.size.y, heights


def test_the_toolbar_is_measured_once_a_frame_and_drawn_as_measured(lab, monkeypatch):
    """Its items were measured three times a frame (twice for the layout's rows, once to draw them); the ones drawn
    are the ones the layout made room for."""
    from ganlab_gl.app.panels import toolbar
    lab, renderer, target = lab
    measured, drawn = [], []
    items_of = toolbar.toolbar_items
    monkeypatch.setattr(toolbar, "toolbar_items", lambda *args: measured.append(items_of(*args)) or measured[-1])
    draw_items = lab_module.draw_items
    monkeypatch.setattr(lab_module, "draw_items", lambda items: (drawn.append(items), draw_items(items)))
    for _ in range(2):
        frame(lab, renderer, target)
    assert len(measured) == 2 and drawn == measured


def test_the_toolbars_counter_reads_the_iteration_a_phase_walk_walks(lab, monkeypatch):
    """GAN Lab counts an iteration as it starts; our counter read the one before through a walk's phases (0,008,003
    while walking 8,004's) and jumped as the walk ended."""
    from ganlab_gl.app.panels import toolbar
    lab, renderer, target = lab
    counted = []
    counter = toolbar._counter
    monkeypatch.setattr(toolbar, "_counter", lambda iteration, *rewound: (counted.append(f"{iteration:09,d}"),
                                                                           counter(iteration, *rewound))[1])
    lab.state.request(Action.STEP)
    frame(lab, renderer, target)
    for _ in range(3):
        lab.state.request(Action.STEP_PHASE)
        frame(lab, renderer, target)
    lab.state.request(Action.STEP)  # iteration 2 finished first, then 3
    frame(lab, renderer, target)
    assert counted == ["0,000,001", "0,000,002", "0,000,002", "0,000,002", "0,000,003"]


def _shown_in_pictures(lab, stages) -> dict[str, int]:
    """Per overview picture in `stages`: its pixels unlike its background (its commonest colour)."""
    sheet = lab.thumbnails.current.sheet
    pixels = np.frombuffer(sheet.texture.read(), np.uint8).reshape(sheet.texture.height, sheet.texture.width, 4)
    shown = {}
    for stage in stages:
        (x, y), (w, h) = sheet.origin(stage), sheet.size
        picture = pixels[y:y + h, x:x + w, :3].reshape(-1, 3).astype(int)
        colours, counts = np.unique(picture, axis=0, return_counts=True)
        shown[stage] = int((np.abs(picture - colours[counts.argmax()]).max(axis=1) > 8).sum())
    return shown


def test_drawing_mode_dims_every_picture_of_the_graph_on_the_run_behind_it(gl_ctx, tmp_path, monkeypatch):
    """While drawing, the graph's pictures showed the drawing's unit square: ring8's Real and D(real) kept a corner
    of the run, its Generator, Fake, D(fake) and Gradients went blank. Each picture shows the run behind the drawing
    as a whole, dimmed, as GAN Lab's page is while one draws."""
    from ganlab_gl.app.panels import overview
    from ganlab_gl.app.state import AppState
    stages = ("generator", "real_samples", "fake_samples", "real_predictions", "fake_predictions",
              "generator_gradients")
    state = AppState()
    state.config.set("data.name", "ring8")
    dimmed = []
    picture = overview._Graph.picture
    monkeypatch.setattr(overview._Graph, "picture", lambda graph, *args, **kwargs: (
        dimmed.append(kwargs.get("dimmed", False)), picture(graph, *args, **kwargs))[1])
    def frames(count: int) -> None:
        for _ in range(count):
            lab.thumbnails.current._last_drawn = None  # drawn every frame, whatever the machine's interval
            dimmed.clear()
            frame(lab, renderer, target)

    with headless_lab(gl_ctx, SIZE, state, screenshot_dir=tmp_path) as (lab, renderer, target):
        frames(3)
        before = _shown_in_pictures(lab, stages), lab.frame.data_view
        lab.state.request(Action.START_DRAWING)
        frames(3)
        drawing = _shown_in_pictures(lab, stages), lab.frame.data_view
        assert dimmed and all(dimmed), dimmed
        assert drawing[0] == before[0] and min(before[0].values()) > 0, list(before[0].items())  # the same pictures
        assert drawing[1] != before[1]  # while the canvas shows the drawing's square
        lab.state.request(Action.LEAVE_DRAWING)
        dimmed.clear()
        frame(lab, renderer, target)
        assert dimmed and not any(dimmed)


def test_at_ui_scale_2_the_legend_says_where_the_sentences_it_has_no_room_for_are(gl_ctx, monkeypatch):
    """At UI scale 2 GAN Lab's sentences went missing under the legend without a word; where a line is left, it says
    the legend's entries explain them (at 1600x960 none fits whole; at 1920x1080 the first takes the room)."""
    from ganlab_gl.app.panels import legend
    from ganlab_gl.app.state import AppState
    said, wrapped = [], legend._wrapped
    monkeypatch.setattr(legend, "_wrapped", lambda text, disabled=True: (said.append(text), wrapped(text, disabled)))
    state = AppState()
    state.view.display.ui_scale = 2.0
    with headless_lab(gl_ctx, (1600, 960), state=state, fonts=True) as (lab, renderer, target):
        for _ in range(3):
            frame(lab, renderer, target)
        assert lab._unexplained == {"heatmap", "manifold", "gradients"}
        assert "Hover the legend for what it means." in said


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
@pytest.mark.parametrize("ui_scale", [1.0, 2.0])
def test_the_notices_never_hide_the_legends_sentences_nor_the_reset_view_button(gl_ctx, monkeypatch, size, ui_scale):
    """After most actions a column of notices stood over GAN Lab's sentences under the canvas ("Background colours:
    the discriminator's classification..."), hiding what the student was reading. They stand on the canvas's lower
    edge (faint under the pointer), clear of the legend's panel and its sentences, above the Reset view button
    where a zoom shows it."""
    from ganlab_gl.app.state import AppState
    boxes, sentences = [], []
    draw, explain = lab_module.draw_notices, lab_module.draw_explanations
    monkeypatch.setattr(lab_module, "draw_notices", lambda *args, **kwargs: boxes.append(draw(*args, **kwargs)))

    def recording_explain(*args, **kwargs):
        top = imgui.get_cursor_screen_pos().y
        left_out = explain(*args, **kwargs)
        sentences.append((imgui.get_window_pos().x, top, imgui.get_window_width(),
                          imgui.get_cursor_screen_pos().y - top))
        return left_out

    monkeypatch.setattr(lab_module, "draw_explanations", recording_explain)
    state = AppState()
    state.view.display.ui_scale = ui_scale
    with headless_lab(gl_ctx, size, state=state, fonts=True) as (lab, renderer, target):
        for text, level in (("D's learning rate (train.d_lr): 'abc' is not a number (1e-06 .. 10)", "error"),
                            ("back to the present, iteration 3", "info"),
                            ("G's neurons per layer (generator.neurons): -1 is below the minimum 1", "error")):
            lab.state.notify(text, level)
        for zoomed in (False, True):
            if zoomed:
                lab.state.request(Action.ZOOM_IN)
            for _ in range(3):
                frame(lab, renderer, target)
            legend = imgui.internal.find_window_by_name("##legend")
            panel = (legend.pos.x, legend.pos.y, legend.size.x, legend.size.y)
            # 1280x800 at UI scale 2 leaves the legend no room for the sentences: its panel is what stays clear there
            assert sentences[-1][3] > imgui.get_font_size() or size == (1280, 800) and ui_scale == 2
            for hidden in (panel, sentences[-1], *([lab.widget.reset_view_box] if zoomed else [])):
                assert boxes[-1] is not None and not overlap(boxes[-1], hidden), (boxes[-1], hidden)


def _rows(buffer) -> np.ndarray:
    """A (P, 2) float32 GL buffer's rows."""
    return np.frombuffer(buffer.buffer.read(), dtype=np.float32).reshape(-1, 2)


@pytest.mark.parametrize("step", [Action.STEP_G, Action.STEP_D, Action.STEP, Action.STEP_PHASE])
def test_a_step_glides_the_fakes_and_their_arrows_from_where_they_were_drawn(lab, step):
    """GAN Lab's step transition: the canvas draws the fakes (G, an iteration) and their arrows (D too) from their
    places before the step, as the glide's clock starts, to their new ones."""
    lab, renderer, target = lab
    settle(lab, renderer, target)
    before = lab.frame.snapshot
    fakes, arrows = lab.widget.canvas["fake"], lab.widget.canvas["gradients"]
    steps = 0
    while lab.frame.snapshot is before or not lab.step_glide.clock.started_at:  # a phase moves nothing until an update
        assert steps < 20, "no step moved the fakes or their arrows"
        lab.state.request(step)
        frame(lab, renderer, target)
        steps += 1
    after = lab.frame.snapshot
    assert np.array_equal(_rows(fakes.buffers["points"]), after.fake.numpy())
    assert np.array_equal(_rows(fakes.buffers["points_start"]), before.fake.numpy())
    assert np.array_equal(_rows(arrows.buffers["gradients_start"]), before.fake_gradient.numpy())
    assert not (torch.equal(before.fake, after.fake) and torch.equal(before.fake_gradient, after.fake_gradient))


def _fakes_picture(thumbnails) -> np.ndarray:
    """The overview's Fake samples picture, as its sheet holds it."""
    size, sheet = thumbnails.size[0], thumbnails.sheet
    pixels = np.frombuffer(sheet.texture.read(), dtype=np.uint8).reshape(size, sheet.texture.width, 4)
    x0 = sheet.origin("fake_samples")[0]
    return pixels[:, x0:x0 + size].copy()


def test_the_graphs_pictures_glide_with_the_canvas_redrawn_each_frame_until_its_end(lab):
    """GAN Lab moves every view of a step together: the overview's fakes and arrows glide from the places the
    pictures drew them to the step's, at the canvas's glide each frame (however seldom a new snapshot redraws them),
    and rest at their end."""
    lab, renderer, target = lab
    settle(lab, renderer, target)
    thumbnails = lab.thumbnails.current
    thumbnails.min_interval_s = 0.0
    frame(lab, renderer, target)  # the pictures draw the settled snapshot
    thumbnails.min_interval_s = math.inf  # from here only a changed glide (or morph) redraws them
    before, canvas = lab.frame.snapshot, lab.widget.canvas
    fakes, arrows = thumbnails.canvas["fake"], thumbnails.canvas["gradients"]
    assert np.array_equal(_rows(fakes.buffers["points"]), before.fake.numpy())
    drawn = []
    upload = thumbnails.upload
    thumbnails.upload = lambda *args: drawn.append(upload(*args)) or drawn[-1]
    pictures = [_fakes_picture(thumbnails)]
    while lab.frame.snapshot is before or not lab.step_glide.clock.started_at:
        assert len(drawn) < 20, "no step moved the fakes or their arrows"
        lab.state.request(Action.STEP)
        frame(lab, renderer, target)
    after = lab.frame.snapshot
    assert np.array_equal(_rows(fakes.buffers["points_start"]), before.fake.numpy())  # the canvas's start and end
    assert np.array_equal(_rows(fakes.buffers["points"]), after.fake.numpy())
    assert np.array_equal(_rows(arrows.buffers["gradients_start"]), before.fake_gradient.numpy())
    lab.step_glide.clock.started_at = time.monotonic() - GLIDE_S / 2
    frame(lab, renderer, target)
    assert drawn[-1] and 0.0 < fakes.glide < 1.0 and fakes.glide == arrows.glide == canvas["fake"].glide
    pictures.append(_fakes_picture(thumbnails))
    lab.step_glide.clock.started_at = time.monotonic() - 2 * GLIDE_S
    for _ in range(3):
        frame(lab, renderer, target)
    assert drawn[-3:] == [True, False, False] and fakes.glide == arrows.glide == canvas["fake"].glide == 1.0
    pictures.append(_fakes_picture(thumbnails))
    assert not np.array_equal(pictures[1], pictures[0]) and not np.array_equal(pictures[1], pictures[2])
    assert lab.thumbnails.current is thumbnails


def test_play_shows_each_picture_at_once_without_a_glide(lab):
    """At full speed the fakes move every frame: no glide, and one under way stops."""
    lab, renderer, target = lab
    frame(lab, renderer, target)
    lab.state.request(Action.STEP_G)
    frame(lab, renderer, target)
    assert lab.step_glide.clock.started_at is not None
    started = []
    follow = lab.step_glide.follow
    lab.step_glide.follow = lambda *args: started.append(follow(*args)) or started[-1]
    lab.state.request(Action.PLAY_PAUSE)
    shown = {id(lab.frame.snapshot)}
    while len(shown) < 4:
        frame(lab, renderer, target)
        shown.add(id(lab.frame.snapshot))
    assert not any(started) and lab.step_glide.clock.started_at is None
    for canvas in (lab.widget.canvas, lab.thumbnails.current.canvas):  # the graph's pictures too
        assert canvas["fake"].glide == 1.0 and canvas["gradients"].glide == 1.0


def test_slow_motions_updates_glide_as_a_step_does(lab):
    """Slow motion walks an iteration a phase at a time while it plays: its updates glide the fakes and arrows."""
    lab, renderer, target = lab
    frame(lab, renderer, target)
    now = [time.perf_counter()]
    lab.controller.clock = lambda: now[0]
    lab.state.request(Action.SLOW_MOTION)
    lab.state.request(Action.PLAY_PAUSE)
    before = lab.frame.snapshot
    for _ in range(40):  # a phase a frame: an iteration's updates are among its first dozen phases
        now[0] += lab.state.view.playback.phase_seconds
        frame(lab, renderer, target)
        if lab.step_glide.clock.started_at is not None:
            break
    assert lab.state.playing and lab.state.slow_motion and lab.frame.phase is not None
    assert lab.step_glide.clock.started_at is not None and lab.frame.snapshot is not before


def test_escape_closes_the_export_dialog_and_nothing_under_it_unless_a_field_is_edited(lab, monkeypatch):
    """Escape did not close the Export dialog (its Cancel named no key), while the lab's keys acted under it: in
    fullscreen, Escape left fullscreen with the dialog still open. Escape closes it as it cancels a question, and its
    Cancel says so; Escape in a field being edited undoes the edit (ImGui's) and leaves the dialog open."""
    from ganlab_gl.app.panels.timeline import CANCEL, EXPORT
    from ganlab_gl.app import timeline_export
    monkeypatch.setattr(timeline_export, "measure_encoding", lambda pairs, size: {})  # the dialog's sizes: not here
    lab, renderer, target = lab
    lab.state.fullscreen = True
    buttons, button = [], imgui.button
    clicks = set()
    monkeypatch.setattr(imgui, "button", lambda label, *args: buttons.append(label) or label in clicks
                        or button(label, *args))

    def open_the_dialog():
        clicks.add(EXPORT)
        frame(lab, renderer, target)
        clicks.clear()
        frame(lab, renderer, target)
        assert lab.timeline_bar.exporting_dialog  # drawn open this frame

    frame(lab, renderer, target)
    open_the_dialog()
    assert CANCEL == "Cancel (Esc)" and CANCEL in buttons
    active = imgui.is_any_item_active
    monkeypatch.setattr(imgui, "is_any_item_active", lambda: True)  # a field being edited
    tap_key(lab, renderer, target, imgui.Key.escape)
    assert lab.timeline_bar.exporting_dialog and lab.state.fullscreen
    monkeypatch.setattr(imgui, "is_any_item_active", active)
    tap_key(lab, renderer, target, imgui.Key.escape)
    assert not lab.timeline_bar.exporting_dialog and lab.state.fullscreen  # the dialog closed, nothing else
    tap_key(lab, renderer, target, imgui.Key.escape)  # the lab's Escape again
    assert not lab.state.fullscreen


def test_ctrl_e_opens_the_export_dialog_with_its_range_format_and_size_and_all_kept_is_one_click(lab, monkeypatch):
    """Ctrl+E asked "Export everything?" and exported with no format, size or range to pick: it opens the timeline
    bar's Export... dialog, hidden panels shown for it, on the range exported last; the dialog's All picks every kept
    iteration (what Ctrl+E exported without a range), and its Export exports that range."""
    from ganlab_gl.app.actions import Request
    from ganlab_gl.app.panels.timeline import ALL_KEPT, CANCEL
    from ganlab_gl.app import timeline_export
    monkeypatch.setattr(timeline_export, "measure_encoding", lambda pairs, size: {})  # the dialog's sizes: not here
    lab, renderer, target = lab
    shown, clicks = [], set()
    button, small_button, radio_button, begin_combo = imgui.button, imgui.small_button, imgui.radio_button, \
        imgui.begin_combo
    monkeypatch.setattr(imgui, "button", lambda label, *args: shown.append(label) or label in clicks
                        or button(label, *args))
    monkeypatch.setattr(imgui, "small_button", lambda label: shown.append(label) or label in clicks
                        or small_button(label))
    monkeypatch.setattr(imgui, "radio_button", lambda label, *args: shown.append(label) or radio_button(label, *args))
    monkeypatch.setattr(imgui, "begin_combo", lambda label, *args: shown.append(label) or begin_combo(label, *args))
    for _ in range(30):
        lab.state.request(Action.STEP)
    lab.state.timeline_range = (5, 15)
    lab.state.edit("display.panels", False)
    frame(lab, renderer, target)
    assert handle_key(lab.state, "ctrl+e")
    frame(lab, renderer, target)
    frame(lab, renderer, target)  # a popup opened is drawn from the next frame
    assert lab.timeline_bar.exporting_dialog and lab.state.view.display.panels
    assert {"MP4", "GIF", "size", ALL_KEPT, "Export", CANCEL} <= set(shown)  # format, size, range, Export, Cancel
    assert lab.timeline_bar._export_range == (5, 15)  # the range exported last
    clicks.add(ALL_KEPT)
    frame(lab, renderer, target)
    clicks.clear()
    assert lab.timeline_bar._export_range == (0, 30)
    clicks.add("Export")
    frame(lab, renderer, target)
    clicks.clear()
    assert lab.state.timeline_range == (0, 30)
    assert Request(Action.EXPORT_TIMELINE, lab.state.export_path) in lab.state.requests
    lab.state.requests.clear()  # not exported here: test_app_timeline.py exports


def test_escape_closes_the_export_dialogs_open_size_list_first(lab, monkeypatch):
    """Escape with the Export dialog's size list open closed the whole dialog: it closes the list, and the next
    Escape the dialog, as ImGui's keyboard navigation closes the innermost popup."""
    from ganlab_gl.app.panels.timeline import EXPORT
    from ganlab_gl.app import timeline_export
    monkeypatch.setattr(timeline_export, "measure_encoding", lambda pairs, size: {})  # the dialog's sizes: not here
    lab, renderer, target = lab
    clicks, combos, button, begin_combo = set(), [], imgui.button, imgui.begin_combo
    monkeypatch.setattr(imgui, "button", lambda label, *args: label in clicks or button(label, *args))

    def combo(label, preview, *args):
        shown = begin_combo(label, preview, *args)
        if label == "size":
            combos.append((shown, imgui.get_item_rect_min(), imgui.get_item_rect_max()))
        return shown
    monkeypatch.setattr(imgui, "begin_combo", combo)
    frame(lab, renderer, target)
    clicks.add(EXPORT)
    frame(lab, renderer, target)
    clicks.clear()
    frame(lab, renderer, target)
    _, low, high = combos[-1]
    io = imgui.get_io()
    io.add_mouse_pos_event((low.x + high.x) / 2, (low.y + high.y) / 2)
    frame(lab, renderer, target)
    for down in (True, False):
        io.add_mouse_button_event(0, down)
        frame(lab, renderer, target)
    frame(lab, renderer, target)
    assert lab.timeline_bar.exporting_dialog and combos[-1][0]  # the size list open
    tap_key(lab, renderer, target, imgui.Key.escape)
    frame(lab, renderer, target)
    assert lab.timeline_bar.exporting_dialog and not combos[-1][0]  # the list closed, the dialog open
    tap_key(lab, renderer, target, imgui.Key.escape)
    frame(lab, renderer, target)
    assert not lab.timeline_bar.exporting_dialog


def test_the_arrows_walk_the_graphs_controls_in_reading_order_and_down_their_columns(lab, monkeypatch):
    """With F6's keyboard in the graph, Right from G's "2 hidden layers" went nowhere and Down jumped to D's: ImGui
    moves by position, and GAN Lab's controls sit in staggered rows. The arrows now go where control_beside says
    in the graph as drawn: down from the real data's contour toggle to G's hidden layers, right to D's, down their
    column, left and right in reading order, up their column."""
    import ganlab_gl.app.panels.overview as overview
    from ganlab_gl.app.panels.overview_graph import control_beside
    drawn: dict[int, str] = {}
    edit = overview.edit_setting

    def recording(state, tree, setting, apply, label=None, *args, **kwargs):
        edit(state, tree, setting, apply, label, *args, **kwargs)
        drawn[imgui.get_item_id()] = setting.key
    monkeypatch.setattr(overview, "edit_setting", recording)
    lab, renderer, target = lab
    frame(lab, renderer, target)
    tap_key(lab, renderer, target, imgui.Key.f6)
    context = imgui.get_current_context()
    keys = ("down", "down", "right", "down", "left", "right", "up", "right")
    walked = [drawn.get(context.nav_id)]
    for key in keys:
        tap_key(lab, renderer, target, getattr(imgui.Key, f"{key}_arrow"))
        walked.append(drawn.get(context.nav_id))
    controls = lab.overview.graph.controls
    expected = ["contour.visible"]
    for key in keys:
        expected.append(control_beside(controls, expected[-1], key))
    assert walked == expected
    assert walked[2:5] == ["generator.hidden_layers", "discriminator.hidden_layers", "discriminator.neurons"]
    assert lab.state.keyboard_panel == 0 and not imgui.get_io().want_text_input  # moved, nothing opened


def test_a_keyboard_cursors_tooltip_stands_off_the_graphs_pictures(lab, monkeypatch):
    """With F6's keyboard on one of the graph's controls, ImGui stood its tooltip just under the control, over the
    graph's pictures (G's hidden layers': over the noise, the fakes and D): it stands under the whole graph."""
    import ganlab_gl.app.panels.overview as overview
    graphs = []
    controls = overview._controls
    monkeypatch.setattr(overview, "_controls", lambda state, graph: (graphs.append(graph.box), controls(state, graph)))
    lab, renderer, target = lab
    frame(lab, renderer, target)
    for key in (imgui.Key.f6, imgui.Key.down_arrow, imgui.Key.down_arrow):  # the contour toggle, G's hidden layers
        tap_key(lab, renderer, target, key)
    frame(lab, renderer, target)
    tooltip = imgui.internal.find_window_by_name("##Tooltip_00")
    assert tooltip is not None and tooltip.active
    x, y, width, height = graphs[-1]
    assert tooltip.pos.x == pytest.approx(x, abs=1) and tooltip.pos.y == pytest.approx(y + height, abs=1)


def _window_positions(lab, points) -> np.ndarray:
    """Where data-space `points` stand in the window, on the main pane's view."""
    pane, scale = lab.widget.panes[0], lab.widget.framebuffer_scale()
    return lab.widget.view(0).world_to_screen(points.detach().cpu().numpy()) / scale + np.array(pane.box[:2])


@pytest.mark.parametrize("size, ui_scale", [((1280, 800), 1.0), ((1920, 1080), 2.0)])
@pytest.mark.parametrize("picked", ["ring", "disjoint", "drawing"])
def test_the_notices_of_a_pick_or_a_drawings_enter_stand_off_the_fresh_fakes(gl_ctx, tmp_path, size, ui_scale,
                                                                            picked):
    """For 5 s after picking Ring or Disjoint (over a trained run: "Ctrl+Z brings back ..." too)
    or a drawing's Enter, the notices stood on the canvas's lower edge, over the fresh generator's fakes just as the
    student should watch them start to move, or over a drawing's lower strokes, where its fakes arrive. They stand in
    the canvas's corner with the fewest fakes under them, then real samples."""
    from ganlab_gl.app.panels.help import start_notice_clocks
    from ganlab_gl.app.state import AppState
    state = AppState()
    state.view.display.ui_scale = ui_scale
    with headless_lab(gl_ctx, size, state=state, screenshot_dir=tmp_path, fonts=True) as (lab, renderer, target):
        lab.controller.trainer.train(30)
        frame(lab, renderer, target)
        if picked == "drawing":
            state.request(Action.START_DRAWING)
            frame(lab, renderer, target)
            strokes = np.random.default_rng(0).uniform((0.1, 0.06), (0.9, 0.14), (60, 2))  # along the square's foot
            state.drawn_points = [tuple(point) for point in strokes]
            state.request(Action.FINISH_DRAWING)
            frame(lab, renderer, target)
            state.answer(True)  # the trained run is not saved: asked first
        else:
            state.request(Action.PICK_DATASET, picked)
        now = [time.monotonic()]
        lab.controller.clock = lambda: now[0]  # the view's glide: seconds of it in a frame
        # the first frames; a drawing's, then those where its fakes reach its strokes (in seconds of play)
        for trained in (0, 0, 0, *((3000, 0, 0) if picked == "drawing" else ())):
            lab.controller.trainer.train(trained)
            start_notice_clocks(state, time.monotonic())  # shown for their 5 s still, however long that took
            now[0] += 2.0
            frame(lab, renderer, target)
            assert lab.controller.trainer.config.data.name == picked and lab.notices_box is not None
            x, y, width, height = lab.notices_box
            snapshot = lab.frame.snapshot
            for points in (snapshot.fake, snapshot.real) if picked == "drawing" else (snapshot.fake,):
                at = _window_positions(lab, points)
                under = (at[:, 0] >= x) & (at[:, 0] <= x + width) & (at[:, 1] >= y) & (at[:, 1] <= y + height)
                assert not under.any(), f"{under.sum()} of {len(at)} samples under the notices {lab.notices_box}"


@pytest.mark.parametrize("size, ui_scale, folded", [((1280, 800), 2.0, True), ((1920, 1080), 1.0, False)])
def test_a_small_canvas_folds_the_notices_to_a_line_each(gl_ctx, tmp_path, size, ui_scale, folded):
    """At 1280x800, UI scale 2, a preset pick's two notices over a trained run, wrapped, stood 255 px tall on a
    344 px canvas, hiding most of Ring's samples wherever they stood: past lab.NOTICES_FOLD_SHARE of the canvas
    they fold to a line each (the pointer over them unfolds them, and the canvas's reading gives way); at 1920x1080
    they stand whole, as they do on any canvas while F6 has given a panel the keyboard (F6's notice says how it
    works there, and there may be no pointer to unfold it)."""
    from ganlab_gl.app.state import AppState
    state = AppState()
    state.view.display.ui_scale = ui_scale
    with headless_lab(gl_ctx, size, state=state, screenshot_dir=tmp_path, fonts=True) as (lab, renderer, target):
        lab.controller.trainer.train(30)
        frame(lab, renderer, target)
        state.request(Action.PICK_DATASET, "ring")
        for _ in range(2):
            frame(lab, renderer, target)
        assert len(lab_module.current_notices(state)) == 2
        canvas_height = lab.widget.box[3]
        assert lab.notices_box[3] <= canvas_height / 3  # 255 px of 344 before
        assert (lab.widget.folded_notices_box == lab.notices_box) if folded else lab.widget.folded_notices_box is None
        tips = []
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(imgui, "set_tooltip", tips.append)
            x, y, width, height = lab.notices_box
            imgui.get_io().add_mouse_pos_event(x + width / 2, y + height / 2)
            for _ in range(2):
                frame(lab, renderer, target)
        assert lab.notices_box[3] > height if folded else lab.notices_box[3] == height  # unfolded under the pointer
        assert not tips if folded else tips[-1].startswith("x ")  # the canvas's reading gives way to them, opaque
        imgui.get_io().add_mouse_pos_event(-1e4, -1e4)
        tap_key(lab, renderer, target, imgui.Key.f6)  # a keyboard's user may have no pointer to unfold them
        frame(lab, renderer, target)
        assert lab.state.keyboard_panel == 0 and lab.widget.folded_notices_box is None
        assert lab_module.current_notices(state)[-1].text.startswith("keyboard in the graph")


def test_the_notices_move_only_to_a_corner_clear_of_samples_once_shown(lab, monkeypatch):
    """Chosen afresh each frame, the notices would jump between the canvas's edges as the fakes moving under both
    changed which had fewer. Once shown they stay, until a corner has no fake under it (and they some), or no
    sample."""
    lab, renderer, target = lab
    frame(lab, renderer, target)
    x, y, width, height = lab.widget.box
    across = np.linspace(x, x + width, 40)

    def band(row: float, count: int) -> np.ndarray:  # samples along the canvas's edge, `row` px in from its top
        return np.stack([across[:count], np.full(count, y + row)], axis=1)

    samples = [np.zeros((0, 2)), np.zeros((0, 2))]
    monkeypatch.setattr(lab.widget, "samples_on_screen", lambda snapshot: tuple(samples))
    lab.state.notify("a notice as wide as the canvas: " + "words " * 30)
    frame(lab, renderer, target)
    lower = lab.notices_box
    assert lower[1] > y + height / 2  # nothing under any corner: the lower edge, where they stood before
    samples[0] = np.concatenate([band(height - 20, 30), band(20, 10)])  # fewer fakes up top, yet some
    frame(lab, renderer, target)
    assert lab.notices_box == lower
    samples[0] = band(height - 20, 30)  # the top clear
    frame(lab, renderer, target)
    assert lab.notices_box[1] < y + height / 2
    samples[0], samples[1] = band(20, 30), band(height - 20, 5)  # the fakes come up: the real samples below hide less
    frame(lab, renderer, target)
    assert lab.notices_box == lower
    samples[0], samples[1] = band(height - 20, 30), band(20, 5)  # nowhere clear of samples, the top of fakes
    frame(lab, renderer, target)
    assert lab.notices_box[1] < y + height / 2
    samples[0] = np.concatenate([band(height - 20, 30), band(20, 1)])  # a fake up top: none clear of fakes
    frame(lab, renderer, target)
    assert lab.notices_box[1] < y + height / 2
    samples[0], samples[1] = np.zeros((0, 2)), np.zeros((0, 2))  # all clear: where they stand is as good
    frame(lab, renderer, target)
    assert lab.notices_box[1] < y + height / 2


@pytest.mark.parametrize("size, preset", [((1280, 800), "ring"), ((1920, 1080), "ring"), ((1920, 1080), "ring8")])
def test_the_loss_charts_stalemate_lines_are_named_when_a_spike_stretches_it_to_5(gl_ctx, monkeypatch, size, preset):
    """Ring's and Ring of 8's losses spike to about 5, and the loss chart spans 0 to 5 with its stalemate lines by its
    foot. Ring of 8's (the nonsaturating loss's one line for both losses) went unnamed at 1280x800: "D, G stalemate
    0.69" was 130 px, a pixel over half the plot; "D, G at a tie 0.69" fits. Every stalemate line is named,
    inside the plot, at 1280x800 and at 1920x1080, Ring's two one over the other. (At 1280x800 Ring of 8's plot
    is 68 px, as Disjoint's, since its panel keeps the greyed pre-trained row every preset has: under the 4 lines
    that name them.)"""
    from dataclasses import replace

    from ganlab_gl.app.controller import Controller
    from ganlab_gl.app.lab_frame import Columns
    from ganlab_gl.app.panels.metrics import stalemate_marks
    from ganlab_gl.app.state import AppState
    from ganlab_gl.core.settings import given_config
    iterations = np.arange(1.0, 8001.0)
    rng = np.random.default_rng(0)
    d_loss, g_loss = 0.68 + 0.03 * rng.standard_normal(8000), 0.72 + 0.05 * rng.standard_normal(8000)
    g_loss[3800:3900] = np.linspace(0.7, 4.6, 100)
    losses = Columns(("iteration", "d_loss", "g_loss"), np.stack([iterations, d_loss, g_loss], axis=1))
    lab_frame = Controller.frame
    monkeypatch.setattr(Controller, "frame", lambda self, *args, **kwargs: replace(
        lab_frame(self, *args, **kwargs), losses=losses))
    lines, names = [], []
    plot_inf_lines, plot_text = implot.plot_inf_lines, implot.plot_text

    def recording_lines(label, values, spec=None):
        if spec is not None and spec.flags & implot.InfLinesFlags_.horizontal:
            lines.append((float(values[0]), implot.get_plot_limits().y.max))
        return plot_inf_lines(label, values, spec)

    def recording_text(text, x, y, offset=None, *rest):
        if implot.internal.get_current_plot().get_title() != "Losses":  # the empty charts' notes
            return plot_text(text, x, y, offset, *rest)
        centre, text_size = implot.plot_to_pixels(x, y) + offset, imgui.calc_text_size(text)
        plot_pos, plot_size = implot.get_plot_pos(), implot.get_plot_size()
        inside = (plot_pos.y <= centre.y - text_size.y / 2 and centre.y + text_size.y / 2 <= plot_pos.y + plot_size.y
                  and centre.x + text_size.x / 2 <= plot_pos.x + plot_size.x + 1)
        names.append((text, centre.y, inside))
        return plot_text(text, x, y, offset, *rest)

    monkeypatch.setattr(implot, "plot_inf_lines", recording_lines)
    monkeypatch.setattr(implot, "plot_text", recording_text)
    state = AppState(config=given_config(None, [f"data.name={preset}"]))
    with headless_lab(gl_ctx, size, state=state, fonts=True) as (lab, renderer, target):
        for _ in range(6):  # the charts settle into the panel's room (MetricsPanel.take_spare_height)
            lines.clear(), names.clear()
            frame(lab, renderer, target)
        marks = stalemate_marks(lab.frame.loss_name)
    assert sorted(value for value, _ in lines) == sorted(mark.value for mark in marks)
    assert all(4.5 < top < 5.5 for _, top in lines)  # the chart spans 0 to 5
    # each line by one of its names, saying whose loss sits there ("D, G at a tie 0.69" fits Ring of 8's 1280x800
    # chart in the plain words; the value alone, its last resort, is for narrower rooms)
    texts = [text for text, *_ in names]
    for mark in marks:
        drawn = [text for text in texts if text in mark.names]
        assert len(drawn) == 1 and drawn[0].startswith(("D", "G")), (mark.names, texts)
    assert len(texts) == len(marks)
    assert all(inside for *_, inside in names), names
    assert len({round(centre) for _, centre, _ in names}) == len(names)  # one over the other


def test_the_words_under_the_graph_read_in_a_larger_type_where_the_column_has_room(gl_ctx, monkeypatch):
    """At 1920x1080, UI scale 1, the words under the graph outside a phase (what to do before the first play, what to
    watch while playing, what a pause offers) were 15 px grey lines under captions of 20, with some 200 px of the
    column empty under them. Where the column's room holds the longest of them in a larger type, no larger than the
    graph's captions, they are drawn in it and in the text's colour, the same size on every frame of a played run
    and paused after it; at 1280x800, where the captions are the text's size, they are as they were."""
    from ganlab_gl.app.fonts import BASE_FONT_SIZE
    from ganlab_gl.app.panels import overview
    drawn, idle = [], []
    draw_explanation = overview.draw_explanation

    def explaining(phase, words, *args, **kwargs):
        idle[:] = [words]
        draw_explanation(phase, words, *args, **kwargs)

    def recording(draw, dim):
        return lambda text, *rest: (text in idle and drawn[-1].append((imgui.get_font_size(), dim, text)),
                                    draw(text, *rest))

    monkeypatch.setattr(overview, "draw_explanation", explaining)
    monkeypatch.setattr(imgui, "text", recording(imgui.text, False))
    monkeypatch.setattr(imgui, "text_disabled", recording(imgui.text_disabled, True))
    types = {}
    for size in ((1280, 800), (1920, 1080)):
        with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):
            drawn.clear()
            for playing in (False, True, True, True, True, True, True, False, False):
                lab.state.playing = playing
                drawn.append([])
                frame(lab, renderer, target)
            assert lab.frame.iteration > 0  # the run played
        types[size] = [said for said in drawn[1:] if said]  # the first frame sets the lab's fonts
    assert len(types[(1920, 1080)]) == len(types[(1280, 800)]) == 8, types
    assert {said[0][:2] for said in types[(1280, 800)]} == {(BASE_FONT_SIZE, True)}, types
    assert len({said[0][:2] for said in types[(1920, 1080)]}) == 1, types
    font, dim, _ = types[(1920, 1080)][0][0]
    assert font >= 1.2 * BASE_FONT_SIZE and not dim, types
    said = [words for frame_said in types[(1920, 1080)] for _, _, words in frame_said]
    assert {words.partition(" ")[0] for words in said} == {"Training:", "Paused"}, said


@pytest.mark.parametrize("size, ui_scale, larger", [((1280, 800), 1.0, False), ((1920, 1080), 1.0, True),
                                                     ((1920, 1080), 2.0, False)])
def test_a_phases_steps_read_in_a_larger_type_where_the_column_has_room(gl_ctx, monkeypatch, size, ui_scale, larger):
    """At 1920x1080, UI scale 1, a phase's numbered steps and its explanation (Period, slow motion) were 15 px lines,
    the smallest text on screen, under the graph's captions of 20, while the words outside a phase grew. Where the
    column's room holds the tallest phase's in a larger type, no larger than the graph's captions, every phase is
    drawn in it, one type from phase to phase, the column unscrolled and its settings' header in view; at 1280x800
    and at UI scale 2, where there is no room or the captions are the text's size, they are as they were."""
    from ganlab_gl.app.fonts import BASE_FONT_SIZE
    from ganlab_gl.app.panels import overview
    drawn, in_phase = [], []
    draw_explanation, text_wrapped = overview.draw_explanation, imgui.text_wrapped
    headers = _recording_headers(monkeypatch)

    def explaining(phase, *args, **kwargs):
        in_phase[:] = [phase is not None]
        draw_explanation(phase, *args, **kwargs)
        in_phase[:] = [False]

    monkeypatch.setattr(overview, "draw_explanation", explaining)
    monkeypatch.setattr(imgui, "text_wrapped", lambda text, *rest: (
        in_phase and in_phase[0] and drawn[-1].append(imgui.get_font_size()), text_wrapped(text, *rest))[1])
    with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):
        lab.state.view.display.ui_scale = ui_scale
        for _ in range(3):
            frame(lab, renderer, target)
        for _ in range(10):  # an iteration's ten phases, D's and G's
            lab.state.request(Action.STEP_PHASE)
            drawn.append([])
            frame(lab, renderer, target)
            column = _window("##graph-and-settings")
            assert column.scroll_max.y == 0 and headers["All settings"][1] <= _bottom(column), (column.scroll_max.y,)
        caption = lab.overview.caption_type * BASE_FONT_SIZE * ui_scale
    types = {font for said in drawn for font in said}
    assert all(drawn) and len(types) == 1, drawn  # every phase said, in one type
    font = types.pop()
    if larger:
        assert 1.2 * BASE_FONT_SIZE <= font <= caption + 0.5, (font, caption)
    else:
        assert font == BASE_FONT_SIZE * ui_scale, font


def test_the_sentences_under_the_canvas_read_in_a_larger_type_where_the_legend_has_room(gl_ctx, monkeypatch):
    """At 1920x1080, UI scale 1, GAN Lab's sentences under the canvas ("Background colours: ...", "Manifold: ...",
    "Lines from fake samples: ...") were 15 px grey lines over some 150 px of the legend's box left empty. Where the
    room holds them all in a larger type, no larger than the graph's captions (as the words under the graph), they
    are drawn in it and in the text's colour, the same size on every frame of a played run and paused after it; at
    1280x800, where the captions are the text's size, they are as they were."""
    from ganlab_gl.app.fonts import BASE_FONT_SIZE
    from ganlab_gl.app.panels import legend
    sentences = {text for _, text in legend.EXPLANATIONS}
    drawn = []
    wrapped = legend._wrapped  # the legend's one way to draw a sentence (its key words in colour)
    monkeypatch.setattr(legend, "_wrapped", lambda text, disabled=True: (
        text in sentences and drawn[-1].append((imgui.get_font_size(), disabled, text)), wrapped(text, disabled)))
    types = {}
    for size in ((1280, 800), (1920, 1080)):
        with headless_lab(gl_ctx, size, fonts=True) as (lab, renderer, target):
            drawn.clear()
            for playing in (False, True, True, True, True, True, False, False):
                lab.state.playing = playing
                drawn.append([])
                frame(lab, renderer, target)
            assert lab.frame.iteration > 0  # the run played
        types[size] = drawn[1:]  # the first frame sets the lab's fonts
    assert all(len(said) == 3 for frames in types.values() for said in frames), types  # all three, every frame
    assert {(font, dim) for said in types[(1280, 800)] for font, dim, _ in said} == {(BASE_FONT_SIZE, True)}, types
    larger = {(font, dim) for said in types[(1920, 1080)] for font, dim, _ in said}
    assert len(larger) == 1, types  # one type, held from frame to frame
    font, dim = larger.pop()
    assert font >= 1.2 * BASE_FONT_SIZE and not dim, types
