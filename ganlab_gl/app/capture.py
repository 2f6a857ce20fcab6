"""Screenshots and recordings of the canvas: the window side of SCREENSHOT and TOGGLE_RECORDING.

A screenshot re-renders the current view at the asked size (never an upscaled copy). A large
one holds the window still while it is drawn and saved (8192x8192: 9 s on llvmpipe), so it is
taken at the start of the next frame, with the frame before saying it is coming. A
recording adds the canvas's pixels after each frame is drawn, as many times as the wall
clock says (a frame that took 1/10 s fills three of a 30 fps clip, a fast frame may fill
none), so the clip plays back at the speed it was seen.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable

import moderngl

from ganlab_gl.core.snapshot import Snapshot
from ganlab_gl.render.view import View

from .actions import Action, Handler
from .canvas_widget import CanvasWidget
from .outputs import user_path
from .recorder import Recorder, RecordingError, numbered, save_png
from .state import AppState

# Past this a screenshot waits a frame with a notice: drawing and saving take about 0.3 s a million pixels on
# llvmpipe (a loaded 2-core VM: 1280x800 0.5 s, 3840x2160 2.5 s, 8192x8192 22 s, a third of it the PNG).
LARGE_SCREENSHOT_PIXELS = 4_000_000


class Capture:
    def __init__(self, state: AppState, widget: CanvasWidget, snapshot: Callable[[], Snapshot], folder: Path,
                 clock: Callable[[], float] = time.monotonic):
        """`snapshot`: the frame's snapshot as the canvas shows it; `folder`: where screenshots go."""
        self.state, self.widget, self.snapshot, self.folder, self.clock = state, widget, snapshot, folder, clock
        self.screenshots: list[str] = []
        self._waiting: list[tuple[int, int]] = []  # large screenshots said to be coming, taken the next frame
        self.recorder: Recorder | None = None
        self._recording_started = 0.0

    def handlers(self) -> dict[Action, Handler]:
        return {Action.SCREENSHOT: self.screenshot, Action.TOGGLE_RECORDING: lambda _: self.toggle_recording()}

    def screenshot(self, size: Any) -> None:
        try:
            width, height = parse_size(size or self.state.screenshot_size) or self.widget.view().viewport_px
        except ValueError as error:
            self.state.notify(str(error), "error")
            return
        if width * height > LARGE_SCREENSHOT_PIXELS:
            self._waiting.append((width, height))
            self.state.notify(f"Rendering the screenshot at {width}x{height}: the window holds still until it is "
                              "saved")
            return
        self._take(width, height)

    def take_waiting(self) -> None:
        """Take the large screenshots asked for in the last frame, which is on the screen saying so (called
        before the frame: the snapshot is the one that frame showed)."""
        waiting, self._waiting = self._waiting, []
        for width, height in waiting:
            self._take(width, height)

    def _take(self, width: int, height: int) -> None:
        shown = self.widget.view()
        view = View.fit(shown.rect, (width, height), shown.pixel_scale)
        canvas = self.widget.canvas
        try:
            pixels = canvas.render_offscreen(self.widget.with_drawing(self.snapshot()), (width, height), view=view)
            path = save_png(pixels, numbered(self.folder, "ganlab", ".png"))
        except moderngl.Error as error:  # a framebuffer past the GPU's memory or limits
            self.state.notify(f"screenshot {width}x{height} failed: the GPU could not make a picture that large "
                              f"({error}); try a smaller size", "error")
            return
        except OSError as error:
            self.state.notify(f"screenshot failed: {error}", "error")
            return
        finally:
            canvas.release_offscreen()  # a large screenshot's target is not kept
        self.screenshots.append(str(path))
        self.state.wrote(f"saved a {width}x{height} screenshot to {path.resolve()}")

    def toggle_recording(self) -> None:
        if self.recorder is not None:
            self.close()
            return
        try:
            self.recorder = Recorder(user_path(self.state.recording_path))
        except (RecordingError, OSError) as error:
            self.state.notify(str(error), "error")
            return
        self._recording_started = self.clock()
        self.state.wrote(f"recording to {user_path(self.state.recording_path).resolve()} (Ctrl+R stops)")

    def after_frame(self) -> None:
        """The canvas is drawn: add it to the recording for as many of the clip's frames as have come due."""
        if self.recorder is None:
            return
        due = int((self.clock() - self._recording_started) * self.recorder.fps) + 1 - self.recorder.frames
        try:
            pixels = self.widget.pixels() if due > 0 else None
            for _ in range(due):
                self.recorder.add(pixels)
        except (RecordingError, OSError) as error:
            recorder, self.recorder = self.recorder, None
            recorder.discard()
            kept = (f"{recorder.target} is left as it was" if recorder.is_video
                    else f"{recorder.frames} frames are in {recorder.target}")
            self.state.notify(f"{_first_line(error)}; recording stopped, {kept}", "error")

    def close(self) -> None:
        """The recording is finished (Ctrl+R, the lab closing): it takes its place at the recording path."""
        recorder, self.recorder = self.recorder, None
        if recorder is None:
            return
        try:
            recorder.close()
        except OSError as error:
            self.state.notify(f"could not finish the recording to {recorder.target} ({_first_line(error)}); "
                              "the file there is left as it was", "error")
            return
        self.state.notify(f"recorded {recorder.frames} frames to {recorder.target}")


def _first_line(error: Exception) -> str:
    """ffmpeg's errors run to many lines (its command, its output): the first says what went wrong."""
    return str(error).strip().partition("\n")[0]


def parse_size(text: Any) -> tuple[int, int] | None:
    """'3840x2160' or (w, h) -> (w, h); empty -> None (the canvas's own size)."""
    if isinstance(text, tuple):
        return text
    text = str(text).strip().lower()
    if not text:
        return None
    try:
        width, height = (int(part) for part in text.split("x"))
    except ValueError:
        raise ValueError(f"screenshot size {text!r}: use WxH, e.g. 3840x2160") from None
    if not (1 <= width <= 16384 and 1 <= height <= 16384):
        raise ValueError(f"screenshot size {text!r}: each side must be 1..16384")
    return width, height
