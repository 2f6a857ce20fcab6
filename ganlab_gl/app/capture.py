"""Screenshots and recordings of the canvas: the window side of SCREENSHOT and TOGGLE_RECORDING.

A screenshot re-renders the view shown when F12 was pressed at the asked size (never an upscaled copy; none asked:
the panes' own size), every pane of a comparison with its caption, by the picture `render` draws
(canvas_picture.CanvasPicture; F12 took the main run's pane alone), looking as the screen does, only sharper: its
dots, lines, outlines and captions are grown with it (`View.enlarged`: a 4K screenshot of a small canvas had the
screen's tiny dots). The window never holds still for it: the
picture is drawn in tiles of TILE_PX, one a frame, on the GL thread (a comparison's backdrop in bands of TILE_PX
rows and its captions a step each: CanvasPicture.steps), all of them as the canvas showed at F12
(its snapshot, its fakes and arrows where a step's glide drew them, view, layers and their options, on a canvas of
its own: a legend click while it was drawn changed the later tiles), and its PNG is encoded and written on a
thread of its own (outputs.BackgroundWrite); a notice says how far it is until the file is written. 8192x8192 held
the window 20 s on a loaded llvmpipe, a third of it the PNG. Closing the lab drops a screenshot still being drawn,
saying so, and waits for one being written, the window drawing on and a notice saying why (Lab.on_close).
A recording adds the canvas's pixels after each frame is drawn (a comparison's panes on the window's backdrop,
captioned as `render` captions them), as many times as the wall clock says (a frame
that took 1/10 s fills three of a 30 fps clip, a fast frame may fill none), so the clip plays back at the speed
it was seen.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import moderngl
import numpy as np

from ganlab_gl import runs
from ganlab_gl.core.snapshot import Snapshot
from ganlab_gl.core.wording import counted

from .actions import Action, Handler, key_of
from .canvas_picture import CanvasPicture, CaptionType, fill_backdrop, pane_captions
from .canvas_widget import CanvasWidget
from .outputs import BackgroundWrite
from .recorder import Recorder, RecordingError, numbered, save_png
from .state import AppState, Notice

# A screenshot's tiles, each drawn in a frame of its own. On a loaded 2-core VM's llvmpipe (bench/file_freeze.py)
# 8192x8192 in tiles of 1024 made frames of up to 0.52 s, in tiles of 512 up to 0.27 s, in 31 s all told.
TILE_PX = 512


@dataclass
class Screenshot:
    """One screenshot in the making: drawn tile by tile into `pixels`, then written by `writing`."""
    picture: CanvasPicture  # the canvas as it showed at F12, released once the tiles are drawn
    runs: list[tuple[str, str, Snapshot]]  # each pane's (tag, label, snapshot) as the canvas showed them at F12
    pixels: np.ndarray  # (h, w, 4), top row first
    notice: Notice  # says how far it is, until the file is written
    tiles: list[Callable[[], None]] = field(init=False)  # the picture's steps still to take (CanvasPicture.steps)
    parts: int = field(init=False)  # steps in all
    writing: BackgroundWrite | None = None

    def __post_init__(self) -> None:
        self.tiles = self.picture.steps(self.pixels, self.runs, TILE_PX)
        self.parts = len(self.tiles)

    @property
    def name(self) -> str:
        return "x".join(map(str, self.picture.size))


class Capture:
    def __init__(self, state: AppState, widget: CanvasWidget, runs: Callable[[], list[tuple[str, str, Snapshot]]],
                 folder: Path, clock: Callable[[], float] = time.monotonic):
        """`runs`: the frame's (tag, label, snapshot) of each pane as the canvas shows it, the main run first;
        `folder`: where screenshots go."""
        self.state, self.widget, self.runs, self.folder, self.clock = state, widget, runs, folder, clock
        self.screenshots: list[str] = []  # the files written
        self._making: list[Screenshot] = []  # asked for, in turn: the first is drawn, then written
        self.recorder: Recorder | None = None
        self._recording_started = 0.0

    def handlers(self) -> dict[Action, Handler]:
        return {Action.SCREENSHOT: self.screenshot, Action.TOGGLE_RECORDING: lambda _: self.toggle_recording()}

    def screenshot(self, size: Any) -> None:
        """Start a screenshot of the canvas as it shows now, every pane of a comparison with its caption, as `render`
        draws them (canvas_picture.py); `advance`, each frame, makes it."""
        try:
            width, height = parse_size(size or self.state.screenshot_size) or self.widget.shown_size()
            runs = [(tag, label, self.widget.as_drawn(pane, snapshot))
                    for pane, (tag, label, snapshot) in enumerate(self.runs())]
            waiting = "after the one being made" if self._making else "drawing"
            pixels = np.empty((height, width, 4), np.uint8)  # before anything else: it may not fit
            widget = self.widget
            picture = CanvasPicture(widget.ctx, None, (width, height), widget.view_rect, self.state.view,
                                    widget.text_scale(), len(runs), widget.canvas_as_shown(), widget.view(),
                                    widget.framebuffer_scale())
            shot = Screenshot(picture, runs, pixels,
                              self.state.notify(f"screenshot {width}x{height}: {waiting}", lasting=True))
        except ValueError as error:
            self.state.notify(str(error), "error")
            return
        except MemoryError:
            self.state.notify(f"screenshot {width}x{height} failed: not enough memory for its pixels; try a "
                              "smaller size", "error")
            return
        self._making.append(shot)

    def advance(self) -> None:
        """The first screenshot in turn a step on (called before the frame, on the GL thread): its next tile drawn,
        or once all are, its PNG handed to a thread, or once written, said."""
        if not self._making:
            return
        shot = self._making[0]
        if shot.tiles:
            self._draw_tile(shot)
        elif shot.writing.done():
            self._making.pop(0)
            self.state.withdraw(shot.notice)
            if shot.writing.error is None:
                self.screenshots.append(str(shot.writing.result))
                self.state.wrote(f"saved a {shot.name} screenshot to {shot.writing.result.resolve()}")
            else:
                self.state.notify(f"screenshot {shot.name} failed: {runs.write_failure(shot.writing.error)}", "error")

    def _draw_tile(self, shot: Screenshot) -> None:
        try:
            shot.tiles.pop(0)()
        except moderngl.Error as error:  # a framebuffer past the GPU's memory or limits
            self._drop(shot)
            self.state.notify(f"screenshot {shot.name} failed: the GPU could not draw it ({error}); try a smaller "
                              "size", "error")
            return
        shot.notice.text = (f"screenshot {shot.name}: drawn {shot.parts - len(shot.tiles)} of "
                            f"{counted(shot.parts, 'part')}")
        if shot.tiles:
            return
        shot.picture.release()  # its canvas with its target: a screenshot's are not kept
        shot.notice.text = f"screenshot {shot.name}: writing the PNG file"
        path, pixels = numbered(self.folder, "ganlab", ".png"), shot.pixels
        shot.writing = BackgroundWrite(lambda: save_png(pixels, path), "ganlab-screenshot")

    def writing(self) -> list[str]:
        """The sizes ('8192x8192') of the screenshots drawn whole whose PNG is still being written."""
        return [shot.name for shot in self._making if shot.writing is not None and not shot.writing.done()]

    def _drop(self, shot: Screenshot) -> None:
        """A screenshot still being drawn ends unwritten (its notice down, its canvas released)."""
        self._making.remove(shot)
        shot.picture.release()
        self.state.withdraw(shot.notice)

    def toggle_recording(self) -> None:
        if self.recorder is not None:
            self.stop_recording()
            return
        try:
            self.recorder = Recorder(self.state.output_path("recording_path"))
        except (RecordingError, OSError) as error:
            self.state.notify(str(error), "error")
            return
        self._recording_started = self.clock()
        self.state.wrote(f"recording to {self.recorder.target.resolve()} ({key_of(Action.TOGGLE_RECORDING)} stops)")

    def after_frame(self) -> None:
        """The canvas is drawn: add it to the recording for as many of the clip's frames as have come due."""
        if self.recorder is None:
            return
        due = int((self.clock() - self._recording_started) * self.recorder.fps) + 1 - self.recorder.frames
        try:
            pixels = self.shown_pixels() if due > 0 else None
            for _ in range(due):
                self.recorder.add(pixels)
        except (RecordingError, OSError) as error:
            recorder, self.recorder = self.recorder, None
            recorder.discard()
            kept = (f"{recorder.target} is left as it was" if recorder.is_video
                    else f"{counted(recorder.frames, 'frame')} kept in {recorder.target}")
            self.state.notify(f"{_first_line(error)}; recording stopped, {kept}", "error")

    def shown_pixels(self) -> np.ndarray:
        """What the canvas shows now, (h, w, 4) uint8, top row first: a comparison's panes on the window's backdrop,
        each captioned as `render` captions it (canvas_picture.CaptionType), in the panes' bounding box."""
        widget = self.widget
        if len(widget.panes) == 1:
            return widget.pixels()
        width, height = widget.shown_size()
        image = np.empty((height, width, 4), np.uint8)
        fill_backdrop(image, self.state.view.display.lecture_mode)
        boxes = widget.pixel_boxes()
        for pane, (x, y, side, _) in enumerate(boxes):
            picture = widget.pixels(pane)
            if picture.shape[:2] != (side, side):  # a resized pane's last picture, of its old size, stretched on screen
                raise RecordingError(f"recording: the panes changed size ({picture.shape[0]} to {side} pixels); keep "
                                     "the window size while recording")
            image[y:y + side, x:x + side] = picture
        CaptionType(widget.text_scale()).draw(image, boxes, pane_captions(
            [(tag, label, snapshot.heatmap) for tag, label, snapshot in self.runs()]))
        return image

    def close(self) -> None:
        """The lab closes: a screenshot still being drawn is dropped, nothing of it written (drawing the rest held
        the closing window, 8192x8192 half a minute on llvmpipe), and said; one whose PNG is being written is
        finished, as a session being saved is, so that no file is left part-written. The recording takes its place
        at the recording path."""
        for shot in [shot for shot in self._making if shot.writing is None]:
            self._drop(shot)
            text = (f"screenshot {shot.name} not saved: the lab closed with {shot.parts - len(shot.tiles)} of its "
                    f"{counted(shot.parts, 'part')} drawn")
            self.state.notify(text, "warning")
            print(f"ganlab-gl: {text}", flush=True)
        for shot in list(self._making):
            print(f"ganlab-gl: writing the {shot.name} screenshot before closing", flush=True)
            shot.writing.wait()
            self.advance()
        self.stop_recording()

    def stop_recording(self) -> None:
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
        self.state.notify(f"recorded {counted(recorder.frames, 'frame')} to {recorder.target}")


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
