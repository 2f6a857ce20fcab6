"""A run's stored timeline as a video: one frame per kept iteration, drawn headless.

`ganlab-gl animate` and (later) the lab's timeline export call `animate`. Each frame
re-probes the networks of one timeline row (`core.timeline.PastRun`) exactly as the lab
probes the live run, and draws it with the same canvas as `ganlab-gl render`; nothing is
interpolated, so a thinned stretch of history plays faster. MP4 goes through
imageio-ffmpeg, streamed frame by frame; GIF through Pillow, which needs every frame in
memory (palette images, one byte a pixel), so GIFs are bounded by `GIF_MAX_BYTES`. The
file appears whole or not at all: it is written beside the target and renamed (core/atomic.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ganlab_gl.core import atomic
from ganlab_gl.core.probes import Prober
from ganlab_gl.core.timeline import PastRun
from ganlab_gl.resources import asset_path

GIF_MAX_BYTES = 2 * 1024**3  # palette frames held for Pillow; past this, MP4
CAPTION_FONT = "fonts/DejaVuSans.ttf"  # the lab's own UI font
CAPTION_HEIGHT = 1 / 24  # of the frame's height: readable on a projected slide, small beside the picture
CAPTION_MIN_PX = 10  # a thumbnail-sized video still gets legible digits
CAPTION_BACKDROP = (0, 0, 0, 150)  # dark and translucent: white text reads over D's greens and purples alike


def frames_in_range(trainer, first: int, last: int) -> list[int]:
    """Timeline rows whose iteration lies in first..last, in order."""
    iterations = trainer.timeline.iterations
    return [int(i) for i in np.flatnonzero((iterations >= first) & (iterations <= last))]


def past_snapshots(trainers: Sequence, rows: Sequence[int], cells_at_most: int | None = None, **probe):
    """(iteration, snapshots) for each of the first trainer's timeline rows: every trainer's (a comparison's runs,
    the main one first) at its latest kept iteration at or before that row's, as the lab's rewound panes show them,
    probed as the lab probes the live run, with `probe` (Prober.snapshot's options); each run's heatmap and manifold
    at its own resolution, or at `cells_at_most` cells a side where that is fewer. A compared run keeping no
    timeline (its rows past its share of the cap) is shown at its present, as the lab's rewound pane shows it."""
    pasts = [PastRun(trainer) for trainer in trainers]
    probers = [Prober(past) for past in pasts]
    resolutions = [probe_resolution(trainer.config.probe, cells_at_most) for trainer in trainers]
    for row in rows:
        pasts[0].show(row)
        iteration = pasts[0].iteration_count
        for trainer, past in zip(trainers[1:], pasts[1:]):
            if len(trainer.timeline):
                past.show(trainer.timeline.index_at(iteration))
        yield iteration, [prober.snapshot(**{**resolution, **probe})
                          for prober, resolution in zip(probers, resolutions)]


def probe_resolution(probe, cells_at_most: int | None) -> dict[str, int]:
    """Prober.snapshot's heatmap_res and manifold_res for a run probed by `probe` (its ProbeConfig) at most at
    `cells_at_most` cells a side (None: {}, the run's own)."""
    if cells_at_most is None:
        return {}
    return {"heatmap_res": min(probe.heatmap_res, cells_at_most),
            "manifold_res": min(probe.manifold_res, cells_at_most)}


def frame_samples(trainers: Sequence, rows: Sequence[int]):
    """(real, fake) of each timeline row: the samples its frame shows ((N, 2) arrays; the fakes of every run of a
    comparison, the main one's first), to fit the view to."""
    for _, snapshots in past_snapshots(trainers, rows, heatmap_res=1, manifold_res=1, gradients=False):  # cheaply
        yield (snapshots[0].real.cpu().numpy(),
               np.concatenate([snapshot.fake.cpu().numpy() for snapshot in snapshots]))


def captioned(frames, size: tuple[int, int], low: bool = False):
    """`frames` ((iteration, (h, w, 4) uint8 image) pairs) each with "iteration N" in its top-left corner, as the
    lab's toolbar says it: a video on a slide shows how far training had gone without the lab beside it. `low`: in
    its bottom-left corner instead (a comparison's panes have their captions along their top edges)."""
    font = ImageFont.truetype(str(asset_path(CAPTION_FONT)), max(CAPTION_MIN_PX, round(size[1] * CAPTION_HEIGHT)))
    pad = max(2, font.size // 3)
    for iteration, image in frames:
        picture = Image.fromarray(image)
        layer = Image.new("RGBA", picture.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        text = f"iteration {iteration:,}"
        corner = (2 * pad, picture.size[1] - 2 * pad if low else 2 * pad)
        left, top, right, bottom = draw.textbbox(corner, text, font=font, anchor="ld" if low else "la")
        draw.rounded_rectangle((left - pad, top - pad, right + pad, bottom + pad), radius=pad, fill=CAPTION_BACKDROP)
        draw.text(corner, text, font=font, fill=(255, 255, 255, 255), anchor="ld" if low else "la")
        yield iteration, np.asarray(Image.alpha_composite(picture.convert("RGBA"), layer))


def write_video(frames, out: Path, fps: float, size: tuple[int, int],
                progress: Callable[[int], None] = lambda iteration: None) -> Path:
    """Write `frames` ((iteration, image) pairs) to out (.mp4 or .gif) through a temporary file and a rename."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic.Replacement(out, keep_suffix=True) as temporary:
        if out.suffix.lower() == ".mp4":
            _write_mp4(frames, temporary, fps, size, progress)
        else:
            _write_gif(frames, temporary, fps, progress)
    return out


def gif_bytes(frame_count: int, size: tuple[int, int]) -> int:
    return frame_count * size[0] * size[1]


def video_size(size: tuple[int, int], path: Path) -> tuple[int, int]:
    """The size a video at `path` is written at: an MP4's yuv420p (what players expect) needs even sides, so an
    odd side loses its last pixel (the frames drawn at this size, not cropped after: nothing of the view is cut)."""
    if path.suffix.lower() != ".mp4":
        return size
    return size[0] - size[0] % 2, size[1] - size[1] % 2


def _write_mp4(frames, path: Path, fps: float, size: tuple[int, int], progress) -> None:
    import imageio_ffmpeg
    width, height = video_size(size, path)
    writer = imageio_ffmpeg.write_frames(str(path), (width, height), fps=fps, quality=8, macro_block_size=1)
    writer.send(None)
    try:
        for iteration, image in frames:
            writer.send(np.ascontiguousarray(image[:height, :width, :3]))
            progress(iteration)
    finally:
        writer.close()


def _write_gif(frames, path: Path, fps: float, progress) -> None:
    pictures = []
    for iteration, image in frames:
        pictures.append(Image.fromarray(np.ascontiguousarray(image[..., :3])).quantize(256))
        progress(iteration)
    pictures[0].save(path, format="GIF", save_all=True, append_images=pictures[1:],
                     duration=round(1000 / fps), loop=0)
