"""Where a lab frame's time goes on this machine's GL (EGL; llvmpipe here), headless, stage by stage.

Builds the real lab (real ImGui renderer, a stand-in window host) at each window size and,
paused and then playing, times each stage of the frame with a `glFinish` after it, so a
stage's figure includes its rasterising: the GUI half (controller frame, panels), the canvas,
the overview's thumbnails, the ImGui overlay. `--redraw-always` draws the canvas every frame
as before the resting-canvas skip (canvas_widget.py), for the side-by-side figure in one run.

    python bench/frame_cost.py [--sizes 1600x960 1280x800] [--frames 20]
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import moderngl  # noqa: E402
from imgui_bundle import imgui  # noqa: E402

from lab_headless import headless_lab  # noqa: E402

from ganlab_gl.app.fonts import new_frame  # noqa: E402
from ganlab_gl.app.imgui_renderer import backdrop_rgb  # noqa: E402

STAGES = ("gui", "canvas", "thumbnails", "overlay")


def measure(ctx: moderngl.Context, size: tuple[int, int], frames: int, redraw_always: bool) -> dict:
    spent = dict.fromkeys(STAGES, 0.0)
    with headless_lab(ctx, size) as (lab, renderer, target):
        def timed(stage, work):
            start = time.perf_counter()
            work()
            ctx.finish()
            spent[stage] += time.perf_counter() - start

        def frame():
            new_frame()
            timed("gui", lab.on_gui)
            imgui.render()
            target.use()
            morph = lab.overview.morph(time.monotonic())
            if redraw_always:
                for pane in lab.widget.panes:
                    pane.drawn = None
            timed("canvas", lambda: (lab.widget.upload([lab.frame.snapshot], morph), lab.widget.draw(), ctx.finish(),
                                     lab.widget.resolve()))
            timed("thumbnails", lambda: lab.thumbnails.current.update(lab.frame.snapshot, morph, lab.frame.data_view))
            target.use()
            timed("overlay", lambda: (ctx.clear(*backdrop_rgb()), renderer.render(imgui.get_draw_data())))

        results = {}
        for mode in ("paused", "playing"):
            lab.state.playing = mode == "playing"
            for _ in range(5):
                frame()
            spent.update(dict.fromkeys(STAGES, 0.0))
            start = time.perf_counter()
            for _ in range(frames):
                frame()
            results[mode] = {"fps": frames / (time.perf_counter() - start),
                             **{stage: 1000 * seconds / frames for stage, seconds in spent.items()}}
        lab.state.playing = False
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["1600x960", "1280x800"])
    parser.add_argument("--frames", type=int, default=20)
    args = parser.parse_args()
    ctx = moderngl.create_standalone_context(backend="egl")
    print(f"{date.today()}, {platform.node()}, {ctx.info['GL_RENDERER']}")
    print("| window | canvas | mode | frames/s | GUI half ms | canvas ms | thumbnails ms | overlay ms |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for text in args.sizes:
        size = tuple(int(v) for v in text.split("x"))
        for redraw_always in (True, False):
            label = "drawn every frame (before)" if redraw_always else "drawn when it changes"
            for mode, row in measure(ctx, size, args.frames, redraw_always).items():
                print(f"| {text} | {label} | {mode} | {row['fps']:.1f} | {row['gui']:.1f} | {row['canvas']:.1f} | "
                      f"{row['thumbnails']:.1f} | {row['overlay']:.1f} |", flush=True)


if __name__ == "__main__":
    main()
