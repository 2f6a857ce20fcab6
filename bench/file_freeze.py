"""How long the lab's window holds still while it writes a file: the longest frame during Ctrl+S or F12.

Builds the real lab headless (EGL; the real ImGui renderer, a stand-in window host), runs frames
paused for a baseline, then asks for the file and runs frames until the notice says it is written,
timing each frame (the GUI half, the drawing half and a glFinish), also by what the latest notice said
("screenshot NxN: drawn N of N parts", "... writing the PNG file"). `save`: a session whose timeline
is filled to its cap (timeline.memory_mb, 64 MB by default); `screenshot`: F12 at --screenshot WxH;
`thinning`: `save`, then the next thinning of the timeline once the file is written (the trainer's thread's time;
before 2026-12-04 every thinning after a save copied the rows). Run it on an older checkout with PYTHONPATH pointing
there to compare.

    python bench/file_freeze.py save
    python bench/file_freeze.py thinning
    python bench/file_freeze.py screenshot --screenshot 8192x8192 [--compare train.loss=wgan-gp]
"""

from __future__ import annotations

import argparse
import collections
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import moderngl
from imgui_bundle import imgui

import ganlab_gl
from ganlab_gl.app.actions import Action
from ganlab_gl.app.fonts import new_frame
from ganlab_gl.app.imgui_renderer import backdrop_rgb
from ganlab_gl.app.state import AppState

sys.path.insert(0, str(Path(ganlab_gl.__file__).resolve().parent.parent / "tests"))
from lab_headless import headless_lab  # noqa: E402

WRITTEN = {"save": "saved the session to ", "thinning": "saved the session to ", "screenshot": "saved a "}


def fill_timeline(trainer, thinned: bool = False) -> None:
    """Rows until the next would pass the cap (`thinned`: until the first thinning, the rows at their full size):
    the timeline as a long run leaves it (the counter advances, the weights are recorded as they stand, as
    bench/timeline_memory.py does)."""
    timeline = trainer.timeline
    while timeline.nbytes < 0.97 * timeline.cap_bytes or (thinned and not timeline.thinnings):
        trainer.iteration_count += 1
        timeline.record(trainer)


def time_thinning(trainer) -> str:
    """The next thinning: rows recorded until one thins the timeline, that record timed."""
    timeline = trainer.timeline
    thinnings = timeline.thinnings
    while timeline.thinnings == thinnings:  # (the rows may grow to the cap first: another allocation)
        trainer.iteration_count += 1
        rows, start = timeline._rows.untyped_storage().data_ptr(), time.perf_counter()
        timeline.record(trainer)
        took = time.perf_counter() - start
    copied = timeline._rows.untyped_storage().data_ptr() != rows
    return f"the next thinning: {1000 * took:.0f} ms, the rows {'copied' if copied else 'thinned in place'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=sorted(WRITTEN))
    parser.add_argument("--size", default="1280x800", help="the window")
    parser.add_argument("--screenshot", default="8192x8192")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--compare", action="append", default=[], help="a compared run's overrides (its pane is in "
                        "the screenshot)")
    args = parser.parse_args()
    ctx = moderngl.create_standalone_context(backend="egl")
    size = tuple(int(v) for v in args.size.split("x"))
    with tempfile.TemporaryDirectory() as folder:
        state = AppState(output_folder=Path(folder))
        for overrides in args.compare:
            state.request(Action.COMPARE_ADD, overrides)
        with headless_lab(ctx, size, state, screenshot_dir=Path(folder)) as (lab, renderer, target):
            def frame() -> float:
                start = time.perf_counter()
                new_frame()
                lab.on_gui()
                imgui.render()
                target.use()
                ctx.clear(*backdrop_rgb())
                lab.on_frame(ctx, 1 / 30, size, size)
                target.use()
                renderer.render(imgui.get_draw_data())
                ctx.finish()
                return time.perf_counter() - start

            if args.what != "screenshot":
                trainer = lab.controller.trainer
                with lab.controller.training.hold():
                    fill_timeline(trainer, thinned=args.what == "thinning")
                print(f"timeline {trainer.timeline.nbytes / 2**20:.1f} MB, iteration {trainer.iteration_count:,}")
            before = [frame() for _ in range(10)][3:]  # the baseline, once the first frames' set-up is done
            lab.state.request(*((Action.SAVE,) if args.what != "screenshot" else (Action.SCREENSHOT, args.screenshot)))
            doing = collections.defaultdict(list)  # the frames by what the latest notice said then, numbers aside
            during, start = [], time.perf_counter()
            while not any(n.text.startswith(WRITTEN[args.what]) for n in lab.state.notices):
                during.append(frame())
                doing[re.sub(r"\d+", "N", lab.state.notices[-1].text)].append(during[-1])  # by what is said
                if time.perf_counter() - start > args.timeout:
                    raise SystemExit("not written within the timeout")
            for said, times in doing.items():
                print(f"  while '{said}': {len(times)} frames, the longest {1000 * max(times):.0f} ms")
            print(f"{args.what}: written after {len(during)} frames, {time.perf_counter() - start:.2f} s; "
                  f"frames before: median {1000 * statistics.median(before):.0f} ms; "
                  f"longest frame while writing: {1000 * max(during):.0f} ms")
            if args.what == "thinning":
                with lab.controller.training.hold():
                    print(time_thinning(lab.controller.trainer))


if __name__ == "__main__":
    main()
