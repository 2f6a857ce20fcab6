"""The lab's timeline export: the shown range of iterations as a video, exactly as `ganlab-gl animate` makes it.

Exporting saves the run (with its timeline) to a temporary folder and runs `ganlab-gl
animate` on it in a child process, so the lab keeps drawing and training while the video
is made, and the file is what the command line would write for the same run, range, view
and layers. The lab's state is saved beside the run, as a session's is, so the video's dots and
arrows take the lab's view settings (their sizes, colours by prediction, the manifold's outlines).
The run (and its compared runs) is taken on the window's thread (checkpoint.contents) and written in a thread of its own
(outputs.BackgroundWrite, as Ctrl+S saves a session: a full timeline is 64 MB, a second's freeze where the window
wrote it), and the child
starts at the first frame after. The child's progress bar is read for the toolbar; its last line of output is
the notice when it ends (the path written, or why nothing was).

Before it starts, the Export dialog says what it will write: the frames (and, where the timeline
kept the range sparse, why so few: `thinned_range`), the video's length and the file's size in
each format, measured by encoding the range's first two frames and its last two as the export
encodes them (`SizeEstimate`): a GIF is some six times an MP4 of
the same frames. Both ends, as a frame's bytes follow its picture: a run's first iterations
are its plainest (the fakes in one small blob), and a range from iteration 0 measured from its
first two frames alone read 0.66 of the real GIF (301 frames at 640x360), from its last two
alone 1.31 of it (61 frames).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from ganlab_gl import runs
from ganlab_gl.core import atomic, checkpoint
from ganlab_gl.core.snapshot import Rect
from ganlab_gl.core.trainer import TrainingDiverged
from ganlab_gl.core.wording import counted, ordinal
from ganlab_gl.render import animate

from .actions import Action, key_of
from .outputs import STATE_FILE, BackgroundWrite

VIDEO_SIZE = "1280x720"  # `ganlab-gl animate`'s own default
VIDEO_SIZES = ("1920x1080", VIDEO_SIZE, "854x480", "640x360")  # the Export dialog's choices
VIDEO_FPS = 30  # `ganlab-gl animate`'s own default, which the export keeps
FORMATS = (".mp4", ".gif")
# Past this the Export dialog points a GIF to the MP4 or a smaller size: most sites take images of 10-20 MB at most,
# and a GIF of this size is slow to open.
GIF_LARGE_BYTES = 20 * 10**6
# A GIF's frames each have their own palette and whole picture, and vary more with it than an MP4's: measured from
# both ends of ranges 0..60, 0..300 and 300..600 (640x360) the GIF came out 0.97-1.25 times the measure, the MP4
# 0.95-1.04 (1.11 at 1280x720, 0..300), so a GIF's size is said as a range up to this much over the measure.
SIZE_SPREAD = {".mp4": 1.0, ".gif": 1.3}
# The size estimate's frames probe at most this many cells a side (CanvasPicture.past), fewer than the export's own
# (canvas_picture.pane_cells): at the lab's largest probe, 2048², its four frames held the window 35 s at 1280x720
# on the 2-core VM (67-84 s with a compared run), 12 s capped to the frame's 1280 cells; at this many, 0.7-0.9 s,
# as at the default probe, and the files measured came within 1.6% of those from frames probed as the export's
# (0..300 at 1280x720; 0.8% over 300..600 at 1920x1080).
ESTIMATE_CELLS = 128
PROGRESS = re.compile(r"(\d+)/(\d+)")
CLOSE_TIMEOUT_S = 10.0  # for the child to clean up after Ctrl-C's signal before it is killed


@dataclass(frozen=True)
class ExportRequest:
    out: Path
    first: int
    last: int
    view: Rect
    layers: tuple[str, ...]
    size: str = VIDEO_SIZE
    state_json: str = ""  # the lab's state (AppState.to_json), saved beside the run for its view settings


def animate_command(run_dir: Path, request: ExportRequest) -> list[str]:
    x0, y0, x1, y1 = request.view
    return [sys.executable, "-m", "ganlab_gl", "animate", str(run_dir), "--out", str(request.out),
            f"--from={request.first}", f"--to={request.last}", f"--view={x0!r},{y0!r},{x1!r},{y1!r}",
            "--layers", ",".join(request.layers), "--size", request.size,
            "--progress", "bar"]  # its every frame, read from the pipe for the toolbar (lines say each tenth)


def _exported(request: ExportRequest) -> str:
    return f"exported iterations {request.first:,} to {request.last:,} to {request.out.resolve()}"


def parse_video_size(text: str) -> tuple[int, int]:
    width, height = (int(side) for side in text.split("x"))
    return width, height


def probed_fewer(probes: Sequence[tuple[str, object]], size: str) -> str:
    """Where a video at `size` of the runs of `probes`, each (tag, its ProbeConfig), the main run first, probes a run
    at fewer cells than the lab does, as CanvasPicture.past caps them, what the Export dialog and the export's notice
    say of it: 'the heatmap and manifold at 1,280 cells a side, not the lab's 2,048: as many as the 1280x720 video
    shows'; of several runs, every run's where they are probed alike, else each capped one's by its tag (the main
    run's alone was named, beside a compared run probed at other cells); '' where none is capped."""
    from .canvas_picture import pane_cells, picture_panes  # not above: its canvas widget imports state.py, which
    cells = pane_cells(picture_panes(parse_video_size(size), len(probes)))  # imports this
    capped = {tag: {name: res for name, res in (("heatmap", probe.heatmap_res), ("manifold", probe.manifold_res))
                    if res > cells} for tag, probe in probes}
    said = [(tag, " and ".join(layers), " and ".join(f"{res:,}" for res in dict.fromkeys(layers.values())))
            for tag, layers in capped.items() if layers]  # (tag, 'heatmap and manifold', '2,048 and 900')
    if not said:
        return ""
    video = f"the {size} video" if len(probes) == 1 else f"a pane of the {size} video"
    if len({tuple(layers.items()) for layers in capped.values()}) == 1:  # one run, or runs probed alike
        _, layers, lab = said[0]
        whose = "the" if len(probes) == 1 else "every run's"
        return f"{whose} {layers} at {cells:,} cells a side, not the lab's {lab}: as many as {video} shows"
    (tag, layers, lab), *others = said
    return "; ".join([f"{tag}'s {layers} at {cells:,} cells a side, not the lab's {lab}",
                      *(f"{tag}'s {layers}, not {lab}" for tag, layers, lab in others)]) + f": as many as {video} shows"


def thinned_range(iterations: np.ndarray, first: int, last: int) -> str:
    """Where the timeline kept fewer of first..last than every iteration (core/thinning.py: a long run keeps its
    older iterations sparse), why the range gives fewer frames than iterations, as the Export dialog says it, and
    of the recent stretch kept whole where that gives more: 'the timeline kept every 64th iteration of this range
    (older iterations thin out to fit timeline.memory_mb); every iteration from 1,320 on is kept: a range there
    gives a frame each' (512 iterations exported as 9 frames, unexplained, surprised a researcher). '' where it kept
    them all. `iterations`: the kept ones, increasing, from first or before."""
    frames = int(((iterations >= first) & (iterations <= last)).sum())
    if frames == last - first + 1 or not len(iterations):
        return ""
    # the spacing around the range too: its kept neighbours bound a range with one frame or none
    around = iterations[max(int(np.searchsorted(iterations, first, side="right")) - 1, 0):
                        int(np.searchsorted(iterations, last, side="left")) + 1]
    gaps = np.diff(around) if len(around) > 1 else np.array([last - first + 1])
    widest = int(gaps.max())
    every = f"every {ordinal(widest)}" if gaps.min() == widest else f"as few as every {ordinal(widest)}"
    said = f"the timeline kept {every} iteration of this range (older iterations thin out to fit timeline.memory_mb)"
    apart = np.flatnonzero(np.diff(iterations) > 1)
    whole_from = int(iterations[apart[-1] + 1]) if len(apart) else int(iterations[0])  # the recent stretch kept whole
    if int(iterations[-1]) - whole_from + 1 > frames:
        said += f"; every iteration from {whole_from:,} on is kept: a range there gives a frame each"
    return said


def video_length(frames: int) -> str:
    """'about 35 min' of video that `frames` frames make at VIDEO_FPS."""
    return _about(frames / VIDEO_FPS)


def time_left(made: int, frames: int, seconds: float) -> str:
    """'about 3 min left' at the rate of the `made` frames of `frames` so far, in `seconds`."""
    return _about((frames - made) * seconds / max(made, 1))


def _about(seconds: float) -> str:
    for unit, size in (("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"about {seconds / size:.0f} {unit}"
    return f"about {max(seconds, 1):.0f} s"


def file_size(size: int, most: int | None = None) -> str:
    """'about 66 MB' (two significant digits: it is an estimate); up to `most`: 'about 25 to 31 MB'."""
    low = _in_units(size)
    if most is None or _in_units(most) == low:
        return f"about {' '.join(low)}"
    high = _in_units(most)
    return f"about {low[0]} to {' '.join(high)}" if high[1] == low[1] else f"about {' '.join(low)} to {' '.join(high)}"


def _in_units(size: int) -> tuple[str, str]:
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            return f"{float(f'{size / scale:.2g}'):g}", unit
    return str(size), "bytes"


@dataclass(frozen=True)
class EncodedSize:
    """A video's bytes as measured: the first frame with the file's own overhead, and each frame after it; the
    file may come out up to `spread` times that (SIZE_SPREAD)."""
    first: int
    each: int
    spread: float = 1.0

    def of(self, frames: int) -> int:
        return self.first + max(frames - 1, 0) * self.each

    def most(self, frames: int) -> int:
        """The largest the file may come out."""
        return round(self.of(frames) * self.spread)

    def words(self, frames: int) -> str:
        """'about 2.4 MB', or where the format's size spreads, 'about 25 to 31 MB'."""
        return file_size(self.of(frames), self.most(frames))


def measure_encoding(pairs: list[list[np.ndarray]], size: tuple[int, int]) -> dict[str, EncodedSize]:
    """Encode the first image of each of `pairs` (consecutive frames), then both, in each format as the export
    encodes them: a later frame costs the difference (an MP4's first frame is a whole picture, the next ones what
    changed), the mean over the pairs; the first pair's first frame carries the file's own overhead."""
    measured = {}
    with tempfile.TemporaryDirectory(prefix="ganlab-gl-estimate-") as folder:
        for suffix in FORMATS:
            ones, differences = [], []
            for images in pairs:
                one, two = (animate.write_video(enumerate(images[:count]), Path(folder) / f"{count}{suffix}",
                                                VIDEO_FPS, size).stat().st_size for count in (1, 2))
                ones.append(one)
                differences.append(max(two - one, 0))
            measured[suffix] = EncodedSize(ones[0], round(sum(differences) / len(differences)), SIZE_SPREAD[suffix])
    return measured


@dataclass(frozen=True)
class ExportSizes:
    """What the Export dialog says of the range first..last at `size`: its `frames`, and the file's size per format
    measured from its first two and last two (None while the encoding runs; empty where nothing could be measured: no GL
    context, no room for the trial files)."""
    first: int
    last: int
    size: str
    frames: int
    measured: dict[str, EncodedSize] | None
    probed: str = ""  # where the video probes fewer cells than the lab: probed_fewer's words
    thinned: str = ""  # where the timeline kept fewer of the range than every iteration: thinned_range's words

    def bytes(self, suffix: str) -> int | None:
        """The file's estimated bytes in format `suffix` ('.gif'), if measured."""
        encoded = (self.measured or {}).get(suffix)
        return None if encoded is None else encoded.of(self.frames)

    def most_bytes(self, suffix: str) -> int | None:
        """The largest the file in format `suffix` may come out (its spread), if measured."""
        encoded = (self.measured or {}).get(suffix)
        return None if encoded is None else encoded.most(self.frames)

    def words(self, suffix: str) -> str:
        """The file's estimated size in format `suffix`, as the dialog says it (measured: see `bytes`)."""
        return self.measured[suffix].words(self.frames)


class SizeEstimate:
    """Measures the export's file sizes: the range's first two and last two frames drawn on the lab's GL context
    (four frames probed at most at ESTIMATE_CELLS: 1 s at 1280x720 on a loaded llvmpipe, once per range and size),
    encoded in a thread (ffmpeg and Pillow, about a second)."""

    def __init__(self, ctx=None):
        self.ctx = ctx  # moderngl.Context; None: no estimate (a controller without a window)
        self.sizes: ExportSizes | None = None
        self._lock = threading.Lock()  # the encoder's result and a new range's count both replace `sizes`
        self._encoder: threading.Thread | None = None

    def measure(self, runs: list[tuple[str, str, object]], first: int, last: int, size: str, view: Rect,
                settings) -> None:
        """Count the main run's range first..last and measure its file sizes at `size`, unless that range and size
        are the ones measured already; drawn as the export draws it (canvas_picture.CanvasPicture): each run of
        `runs`, (tag, label, trainer), the main run first, in its captioned pane, with the view settings `settings`
        (the lab's)."""
        trainer = runs[0][2]
        rows, wanted = animate.frames_in_range(trainer, first, last), (first, last, size)
        with self._lock:
            known = self.sizes is not None and (self.sizes.first, self.sizes.last, self.sizes.size) == wanted
            measured = self.sizes.measured if known else ({} if self.ctx is None or not rows else None)
            self.sizes = ExportSizes(first, last, size, len(rows), measured,
                                     probed_fewer([(tag, run.config.probe) for tag, _, run in runs], size),
                                     thinned_range(trainer.timeline.iterations, first, last))
        if known or measured is not None:
            return
        pixels = parse_video_size(size)
        ends = rows[:2] + rows[-2:] if len(rows) >= 4 else rows[:2]
        from .canvas_picture import CanvasPicture  # not above: its canvas widget imports state.py, which imports this
        picture = CanvasPicture(self.ctx, trainer.device, pixels, view, settings, 1.0, len(runs))  # animate's scale
        try:  # as the export writes them
            frames = picture.past(runs, ends, ESTIMATE_CELLS)
            images = [image for _, image in animate.captioned(frames, pixels, low=len(runs) > 1)]
        finally:
            picture.release()
        pairs = [images[:2], images[2:]] if len(images) == 4 else [images]

        def encode() -> None:
            try:
                encoded = measure_encoding(pairs, pixels)
            except OSError:  # no room in the temporary folder: the dialog goes without its estimate
                encoded = {}
            with self._lock:
                if (self.sizes.first, self.sizes.last, self.sizes.size) == wanted:  # not another range or size since
                    self.sizes = dataclasses.replace(self.sizes, measured=encoded)

        self._encoder = threading.Thread(target=encode, daemon=True)
        self._encoder.start()

    def wait(self) -> None:
        """Until the measuring in progress ends (tests)."""
        if self._encoder is not None:
            self._encoder.join()


class TimelineExport:
    """At most one export at a time; `poll` once per frame reports its end through `notify`."""

    def __init__(self, notify: Callable[[str, str], None], ctx=None, clock: Callable[[], float] = time.monotonic):
        """`ctx`: the lab's GL context, where the Export dialog's size estimate draws its frames (None: none)."""
        self.notify, self.clock = notify, clock
        self.estimate = SizeEstimate(ctx)
        self._child: subprocess.Popen | None = None
        self._request: ExportRequest | None = None  # from the start, while the run is saved for the child too
        self._saver: BackgroundWrite | None = None  # writes the run to `_folder` before the child starts
        self._folder: Path | None = None
        self._output: list[str] = []  # the child's stderr, as lines and progress-bar updates
        self._reader: threading.Thread | None = None
        # (clock(), frames made) at the child's first frame: the time left follows from the rate since. Not from
        # the start: the child's start (Python, torch, the run's load, a GL context) counted as frames' time, and
        # 15 of 1,886 frames said "about 27 min left" of what took 6.
        self._first_frame: tuple[float, int] | None = None

    @property
    def running(self) -> bool:
        return self._request is not None

    def progress(self) -> str:
        """'exporting 1,234 of 5,000 frames, about 3 min left, to out.mp4', for the toolbar and the timeline bar
        (empty when idle); the numbers first, so a line cut to its room keeps the time left."""
        if self._request is None:
            return ""
        if self._saver is not None:
            return f"exporting to {self._request.out.name}: saving the run..."
        made = self._frames_made()
        return f"exporting {made}, to {self._request.out.name}" if made else f"exporting to {self._request.out.name}"

    def quit_note(self) -> str:
        """What quitting would lose: 'Quitting stops the export to /x/out.mp4 (12 of 400 frames, about 3 min
        left) and writes nothing.' (empty when idle)."""
        self.poll()  # an export that has just ended stops nothing: it is reported
        if self._request is None:
            return ""
        made = self._frames_made()
        return f"Quitting stops the export to {self._request.out}{f' ({made})' if made else ''} and writes nothing."

    def _frames_made(self) -> str:
        """'1,234 of 5,000 frames, about 3 min left' from the child's progress bar ('' before its first)."""
        done = next((match for line in reversed(self._output[-3:]) for match in PROGRESS.findall(line)), None)
        if not done:
            return ""
        made, frames = int(done[0]), int(done[1])
        if made >= frames:  # a GIF is written whole after its last frame (seconds; it said "about 1 s left")
            return f"{made:,} of {counted(frames, 'frame')}, writing the file"
        if self._first_frame is None or made <= self._first_frame[1]:
            return f"{made:,} of {counted(frames, 'frame')}"
        since, made_then = self._first_frame
        left = time_left(made - made_then, frames - made_then, self.clock() - since)
        return f"{made:,} of {counted(frames, 'frame')}, {left} left"

    def busy(self) -> bool:
        """Whether an export runs, which refuses another (it says so)."""
        if self.running:
            self.notify(f"already exporting to {self._request.out}; wait for it to end, or stop it: "
                        f"{key_of(Action.STOP_EXPORT)} or the timeline bar's Stop export", "warning")
        return self.running

    def start(self, trainer, request: ExportRequest, comparison=None) -> None:
        """Copy the run and start writing it to a temporary folder; `poll` starts the child once it is written.
        `comparison`: the lab's compared runs (comparison.Comparison), saved beside the run as a session's are, so
        the video shows each run's pane as the window does. A refusal is one notice."""
        if self.busy():
            return
        try:
            stored = checkpoint.contents(trainer)
            compared = comparison.contents() if comparison else []
            folder = Path(tempfile.mkdtemp(prefix="ganlab-gl-export-"))
        except (OSError, TrainingDiverged) as error:  # no temporary folder; a loss gone NaN since the last check
            self.notify(f"could not export to {request.out}: {error}", "error")
            return
        self._request, self._folder = request, folder
        self._output, self._first_frame = [], None
        def save() -> None:
            checkpoint.write(stored, folder)
            if compared:
                comparison.write(folder, compared)
            if request.state_json:  # else the layer table's defaults
                atomic.write_text(folder / STATE_FILE, request.state_json)

        self._saver = BackgroundWrite(save, "ganlab-export-save")
        panes = comparison.panes(trainer) if comparison else [("", "", trainer)]
        probed = probed_fewer([(tag, run.config.probe) for tag, _, run in panes], request.size)
        self.notify(f"exporting iterations {request.first:,} to {request.last:,} to {request.out}"
                    f"{f'; {probed}' if probed else ''}")

    def _start_child(self) -> None:
        """The run is written: start `animate` on it (or say why it cannot start, and end the export)."""
        self._saver.wait()
        error, self._saver = self._saver.error, None  # a full disk, weights gone NaN since the last check: said
        if error is None:
            try:
                self._child = subprocess.Popen(animate_command(self._folder, self._request), stdin=subprocess.DEVNULL,
                                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            except OSError as refused:
                error = refused
        if error is not None:
            self.notify(f"could not export to {self._request.out}: {runs.write_failure(error)}", "error")
            self._finish()
            return
        self._reader = threading.Thread(target=self._read, args=(self._child,), daemon=True)
        self._reader.start()

    def _read(self, child: subprocess.Popen) -> None:
        for chunk in child.stderr:  # tqdm ends its updates with \r: split those too
            for part in chunk.replace("\r", "\n").splitlines():
                if not part.strip():
                    continue
                made = PROGRESS.search(part)
                if self._first_frame is None and made and int(made[1]) > 0:
                    self._first_frame = (self.clock(), int(made[1]))
                self._output.append(part)

    def poll(self) -> None:
        if self._saver is not None and self._saver.done():
            self._start_child()
        if self._child is None or self._child.poll() is None:
            return
        self._reader.join(timeout=5)
        last = self._output[-1].strip() if self._output else ""
        if self._child.returncode == 0:
            self.notify(_exported(self._request))
        else:
            self.notify(last.removeprefix("ganlab-gl animate: ") or f"export to {self._request.out} failed "
                        f"(exit {self._child.returncode})", "error")
        self._finish()

    def wait(self, timeout: float | None = None) -> None:
        """Until the export ends, then report it (tests, closing the lab)."""
        if self._saver is not None:
            self._saver.wait(timeout)
            self.poll()
        if self._child is not None:
            self._child.wait(timeout)
            self.poll()

    def stop(self) -> None:
        """Stop the export in progress at the user's word, writing nothing, and say so."""
        if self._request is None:
            self.notify("no export to stop", "warning")
            return
        self.poll()  # it may have ended since the frame's poll: then that is what is said
        if self._request is None:
            return
        child, request = self._child, self._request
        self.close()
        if child is not None and child.returncode == 0:  # it finished in the moment before the signal
            self.notify(_exported(request))
        else:
            self.notify(f"stopped exporting to {request.out}; nothing was written")

    def close(self) -> None:
        """Stop an export in progress (the lab closes). Ctrl-C's signal, so the child's own clean-up runs
        (animate writes beside the target and removes that file): nothing half-written remains. While the run
        is being saved for it, that ends first (a second at most), so its folder goes whole."""
        if self._saver is not None:
            self._saver.wait()
        if self._child is not None:
            self._child.send_signal(signal.SIGINT)
            try:
                self._child.wait(timeout=CLOSE_TIMEOUT_S)
            except subprocess.TimeoutExpired:  # ffmpeg finishing its file can outlast the wait on a busy machine
                self._child.kill()
                self._child.wait()
            atomic.remove_leftovers(self._request.out, keep_suffix=True)  # in case the child had no time to
        if self._request is not None:
            self._finish()

    def _finish(self) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)
        self._child, self._request, self._folder, self._saver = None, None, None, None
