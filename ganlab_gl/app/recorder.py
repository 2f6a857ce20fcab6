"""Screenshots and recordings of the canvas: PNG files, PNG sequences, or MP4.

MP4 goes through imageio-ffmpeg, which ships its own ffmpeg binary, so nothing needs
installing on the system. Frames arrive as (h, w, 3|4) uint8 arrays, top row first.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from ganlab_gl.core import atomic


class RecordingError(RuntimeError):
    """Cannot record where asked; the message says why."""


def save_png(pixels: np.ndarray, path: Path) -> Path:
    """Written atomically, like every file the app writes: a failed save leaves no half picture."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return atomic.write(path, lambda handle: Image.fromarray(pixels).save(handle, format="PNG"))


def numbered(folder: Path, stem: str, suffix: str) -> Path:
    """folder/stem-0001.suffix, the first number not yet taken."""
    index = 1
    while (path := folder / f"{stem}-{index:04d}{suffix}").exists():
        index += 1
    return path


class Recorder:
    """Collects frames into `target`: a .mp4 file, or a folder that receives frame-00001.png, ... (an existing
    one, or a name without a suffix of letters); any other name (rec.gif, rec.txt) is refused.

    An MP4 streams into a temporary file beside `target` (core/atomic.py): `close` renames the finished video
    onto `target`, `discard` removes it, so a recording that fails or is cut short leaves `target` as it was.
    PNG frames are each written whole as they come, and stay.
    """

    def __init__(self, target: Path, fps: float = 30.0):
        self.target = target
        self.fps = fps
        self.frames = 0
        self._writer = None
        self._size: tuple[int, int] | None = None
        self._video: atomic.Replacement | None = None
        video = target.suffix.lower() == ".mp4" and not target.is_dir()
        if not video and target.suffix[1:].isalpha() and not target.is_dir():  # rec.gif made a folder of PNGs
            raise RecordingError(f"record to {target}: a recording is an .mp4 file, or a folder (a name without a "
                                 "suffix) of PNG frames; export the timeline (Export...) for a GIF")
        if video:
            try:
                import imageio_ffmpeg  # noqa: F401 - checked here so the user hears at once
            except ImportError:
                raise RecordingError("MP4 needs imageio-ffmpeg (pip install imageio-ffmpeg); "
                                     "or record to a folder of PNGs") from None
        folder = target.parent if video else target
        try:  # written here first: a place that takes no file failed later, in ffmpeg as a broken pipe
            folder.mkdir(parents=True, exist_ok=True)
            if video:
                self._video = atomic.Replacement(target, keep_suffix=True)  # the suffix tells ffmpeg the format
                self._video.temporary.touch()  # ffmpeg writes over it
            else:
                probe = folder / ".ganlab-gl-write-test"
                probe.touch()
                probe.unlink()
        except OSError as error:
            raise RecordingError(f"record to {target}: cannot write in {folder} ({error.strerror or error})") from None

    @property
    def is_video(self) -> bool:
        return self._video is not None

    def add(self, pixels: np.ndarray) -> None:
        rgb = np.ascontiguousarray(pixels[..., :3])
        height, width = rgb.shape[:2]
        if self._size is not None and self._size != (width, height):
            raise RecordingError(f"recording: frame size changed from {self._size} to {(width, height)}; "
                                 "keep the window size while recording")
        self._size = (width, height)
        if self._video is not None:
            if self._writer is None:
                import imageio_ffmpeg
                # Even sizes: yuv420p (what players expect) needs them.
                self._writer = imageio_ffmpeg.write_frames(str(self._video.temporary),
                                                           (width - width % 2, height - height % 2),
                                                           fps=self.fps, quality=8, macro_block_size=1)
                self._writer.send(None)
            self._writer.send(np.ascontiguousarray(rgb[: height - height % 2, : width - width % 2]))
        else:
            save_png(rgb, self.target / f"frame-{self.frames + 1:05d}.png")
        self.frames += 1

    def close(self) -> None:
        """The recording is finished: ffmpeg completes the video, which then replaces `target`."""
        self._end(finished=True)

    def discard(self) -> None:
        """The recording failed or was cut short: the video begun is removed, `target` stays as it was."""
        self._end(finished=False)

    def _end(self, finished: bool) -> None:
        writer, self._writer = self._writer, None
        if writer is None:  # no frame came, so no video was begun
            if self._video is not None:
                self._video.discard()
            return
        try:
            writer.close()
        except BaseException:
            self._video.discard()
            raise
        if finished:
            self._video.commit()
        else:
            self._video.discard()
