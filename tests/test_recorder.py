"""Videos appear whole or not at all: a recording or an export streams into a temporary file beside its target
and takes the target's name only when it finishes; cut short, it is removed and the target left as it was."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ganlab_gl.app.capture import Capture
from ganlab_gl.app.recorder import Recorder, RecordingError
from ganlab_gl.app.state import AppState
from ganlab_gl.core import atomic
from ganlab_gl.render import animate

from test_errors_doc import assert_documented

SIZE = (64, 48)
OLD_VIDEO = b"an earlier recording, whole"


def picture(shade: int, size=SIZE) -> np.ndarray:
    return np.full((size[1], size[0], 4), shade, np.uint8)


def mp4_frame_count(path) -> tuple[tuple[int, int], int]:
    import imageio_ffmpeg
    reader = imageio_ffmpeg.read_frames(str(path))
    size = next(reader)["size"]
    return size, sum(1 for _ in reader)


def test_a_finished_recording_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "clip.mp4"
    target.write_bytes(OLD_VIDEO)
    recorder = Recorder(target, fps=10)
    for shade in (0, 80, 160, 240):
        recorder.add(picture(shade))
    assert target.read_bytes() == OLD_VIDEO  # the frames go beside it until the recording is finished
    recorder.close()
    assert mp4_frame_count(target) == (SIZE, 4)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["clip.mp4"]


def test_a_recording_cut_short_by_an_exception_leaves_the_previous_file_and_no_temporary(tmp_path):
    target = tmp_path / "clip.mp4"
    target.write_bytes(OLD_VIDEO)
    recorder = Recorder(target, fps=10)
    recorder.add(picture(0))
    recorder.add(picture(80))
    with pytest.raises(RecordingError, match=r"frame size changed from \(64, 48\) to \(32, 48\)"):
        recorder.add(picture(160, (32, 48)))
    recorder.discard()
    assert target.read_bytes() == OLD_VIDEO
    assert sorted(path.name for path in tmp_path.iterdir()) == ["clip.mp4"]


def test_a_recording_cut_short_where_there_was_no_file_leaves_none(tmp_path):
    target = tmp_path / "clip.mp4"
    recorder = Recorder(target, fps=10)
    recorder.add(picture(0))
    recorder.discard()
    assert list(tmp_path.iterdir()) == []


class ResizedWindow:
    """The canvas as Capture reads it: the user resizes the window after two frames."""

    def __init__(self):
        self.frames = 0
        self.panes = [None]  # one run

    def pixels(self) -> np.ndarray:
        self.frames += 1
        return picture(0) if self.frames <= 2 else picture(0, (32, 48))


def _record_frames(target: Path, frames: int) -> tuple[AppState, Capture]:
    """The lab's capture recording `frames` frames of a window whose size changes at its third frame."""
    state = AppState(recording_path=str(target))
    now = [0.0]
    capture = Capture(state, ResizedWindow(), runs=None, folder=target.parent, clock=lambda: now[0])
    capture.toggle_recording()
    for _ in range(frames):
        capture.after_frame()
        now[0] += 1 / 30
    return state, capture


def test_the_lab_discards_a_recording_that_fails_and_says_so_in_one_line(tmp_path):
    target = tmp_path / "recording.mp4"
    target.write_bytes(OLD_VIDEO)
    state, capture = _record_frames(target, 3)
    notice = state.notices[-1]
    assert capture.recorder is None and notice.level == "error" and "\n" not in notice.text
    assert notice.text.endswith(f"; recording stopped, {target} is left as it was"), notice.text
    assert_documented(notice.text)
    assert target.read_bytes() == OLD_VIDEO and sorted(path.name for path in tmp_path.iterdir()) == [target.name]


@pytest.mark.parametrize("name", ["rec.gif", "rec.txt", "/proc/rec.mp4", "/proc/frames"])
def test_a_recording_the_lab_cannot_make_is_refused_in_one_line_before_its_first_frame(tmp_path, name):
    """rec.gif became a folder of PNGs named rec.gif ("recorded 92 frames to rec.gif"); /proc/rec.mp4 reached the
    lab as "[Errno 32] Broken pipe" once ffmpeg had refused it."""
    target = tmp_path / name
    state = AppState(recording_path=str(target))
    capture = Capture(state, ResizedWindow(), runs=None, folder=tmp_path, clock=lambda: 0.0)
    capture.toggle_recording()
    notice = state.notices[-1]
    assert capture.recorder is None and notice.level == "error" and "\n" not in notice.text
    assert notice.text.startswith(f"record to {target}: ") and "Errno" not in notice.text, notice.text
    assert_documented(notice.text)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name, existing", [("frames.v2", False), ("run-0.5", False), ("old.gif", True)])
def test_a_folder_of_frames_may_have_a_dot_in_its_name(tmp_path, name, existing):
    target = tmp_path / name
    if existing:
        target.mkdir()
    recorder = Recorder(target)
    recorder.add(picture(0))
    recorder.close()
    assert [path.name for path in target.iterdir()] == ["frame-00001.png"]


def test_a_recording_stopped_before_its_first_frame_leaves_nothing(tmp_path):
    recorder = Recorder(tmp_path / "clip.mp4")
    recorder.close()
    assert list(tmp_path.iterdir()) == []


def test_stopping_a_recording_in_the_lab_keeps_it(tmp_path):
    target = tmp_path / "recording.mp4"
    state, capture = _record_frames(target, 2)
    capture.toggle_recording()
    assert state.notices[-1].text == f"recorded 2 frames to {target}"
    assert mp4_frame_count(target) == (SIZE, 2) and sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def frames_then_ctrl_c(count: int):
    """(iteration, image) pairs as render_helpers.scrubbed_frames gives them, then Ctrl-C."""
    for iteration in range(count):
        yield iteration, picture(40 * iteration)
    raise KeyboardInterrupt


@pytest.mark.parametrize("name", ["story.mp4", "story.gif"])
def test_an_export_interrupted_part_way_leaves_the_previous_file_and_no_temporary(tmp_path, name):
    out = tmp_path / name
    out.write_bytes(OLD_VIDEO)
    with pytest.raises(KeyboardInterrupt):
        animate.write_video(frames_then_ctrl_c(3), out, fps=10, size=SIZE)
    assert out.read_bytes() == OLD_VIDEO
    assert sorted(path.name for path in tmp_path.iterdir()) == [name]


def test_a_finished_gif_export_replaces_the_file(tmp_path):
    out = tmp_path / "story.gif"
    out.write_bytes(OLD_VIDEO)
    animate.write_video(((i, picture(40 * i)) for i in range(3)), out, fps=10, size=SIZE)
    with Image.open(out) as image:
        assert image.n_frames == 3 and image.size == SIZE
    assert sorted(path.name for path in tmp_path.iterdir()) == ["story.gif"]


def test_a_video_temporary_keeps_its_suffix_and_the_next_one_sweeps_a_killed_writers_leftover(tmp_path):
    """The encoder picks the format by the name; a lab killed mid-recording leaves one, the next one removes it."""
    target = tmp_path / "clip.mp4"
    killed = tmp_path / ".clip.mp4.0badc0de.tmp.mp4"
    killed.write_bytes(b"half a video")
    unrelated = tmp_path / ".other.mp4.0badc0de.tmp.mp4"
    unrelated.write_bytes(b"not ours")
    replacement = atomic.Replacement(target, keep_suffix=True)
    assert replacement.temporary.name.startswith(".clip.mp4.") and replacement.temporary.name.endswith(".tmp.mp4")
    assert not killed.exists() and unrelated.exists()


@pytest.mark.parametrize("emptied", ["", "   "])
def test_an_emptied_recording_path_records_to_the_default_file_never_the_working_folder(tmp_path, monkeypatch,
                                                                                         emptied):
    """A cleared 'record to' field recorded a folder of PNG frames into the lab's working folder. (One frame was said
    "recorded 1 frames".)"""
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    state = AppState(output_folder=tmp_path)
    state.recording_path = emptied
    now = [0.0]
    capture = Capture(state, ResizedWindow(), runs=None, folder=tmp_path, clock=lambda: now[0])
    capture.toggle_recording()
    capture.after_frame()
    capture.toggle_recording()
    assert list((tmp_path / "work").iterdir()) == []
    assert state.notices[-1].text == f"recorded 1 frame to {tmp_path / 'recording.mp4'}"
    assert mp4_frame_count(tmp_path / "recording.mp4") == (SIZE, 1)
