"""Two checkouts' playing labs side by side, their frames interleaved one by one: the frame's CPU for each.

On a shared machine the load swings more between runs a minute apart than the work a change saves,
so two alternated runs compare the machine's moods. Here each checkout's lab runs headless in a
process of its own (the real ImGui renderer and the window's font, as bench/frame_cost.py), and
the two draw their frames in turn (the order alternating), so whatever load there is falls on
both alike. Each lab first trains `--pretrain` iterations, then plays one iteration a frame, so
both show a history of the same length while measured. Per checkout: CPU ms of the main thread
in the GUI half (on_gui: the controller's frame and the panels), in the overlay (ImGuiRenderer
with its glFinish), and in the whole frame (medians), and the window's CPU a frame (every thread
but the trainer's, llvmpipe's rasterisers included, from /proc: Linux; the mean, as /proc counts
in 10 ms ticks).

    LP_NUM_THREADS=1 python bench/frame_pair.py /path/to/checkout /other/checkout [--size 1280x800]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

WARM_UP_FRAMES = 10

# Runs in each checkout's process (cwd outside both, so PYTHONPATH decides which ganlab_gl loads): a frame per
# line read, its figures written back.
WORKER = r'''
import os, sys, time
from pathlib import Path
import ganlab_gl
sys.path.insert(0, str(Path(ganlab_gl.__file__).resolve().parent.parent / "tests"))
import moderngl
from imgui_bundle import imgui
from lab_headless import headless_lab
from ganlab_gl.app.fonts import new_frame
from ganlab_gl.app.imgui_renderer import backdrop_rgb

size, pretrain = tuple(int(v) for v in sys.argv[1].split("x")), int(sys.argv[2])


def window_cpu() -> float:
    """CPU seconds of every thread but the trainer's."""
    total = 0.0
    for stat in Path("/proc/self/task").glob("*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if "ganlab-trainer" not in text[:text.rindex(")")]:
            fields = text[text.rindex(")") + 2:].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


ctx = moderngl.create_standalone_context(backend="egl")
with headless_lab(ctx, size, fonts=True) as (lab, renderer, target):
    lab.controller.trainer.train(pretrain)
    lab.state.view.playback.max_iterations_per_frame = 1
    lab.state.playing = True
    print(ganlab_gl.__file__, flush=True)
    for _ in sys.stdin:
        lab.host.fonts.apply_scale(lab.host.ui_scale, 1.0)
        window_start, start = window_cpu(), time.thread_time()
        new_frame()
        lab.on_gui()
        imgui.render()
        gui_end = time.thread_time()
        target.use()
        ctx.clear(*backdrop_rgb())
        lab.on_frame(ctx, 1 / 30, size, size)
        target.use()
        overlay_start = time.thread_time()
        renderer.render(imgui.get_draw_data())
        ctx.finish()
        end = time.thread_time()
        print(1000 * (gui_end - start), 1000 * (end - overlay_start), 1000 * (end - start),
              1000 * (window_cpu() - window_start), lab.frame.iteration, flush=True)
    lab.state.playing = False
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkouts", nargs=2, type=Path)
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--frames", type=int, default=150)
    parser.add_argument("--pretrain", type=int, default=8000)
    args = parser.parse_args()
    labs = {}
    for checkout in args.checkouts:
        labs[checkout] = subprocess.Popen(
            [sys.executable, "-c", WORKER, args.size, str(args.pretrain)], cwd="/",
            env={**os.environ, "PYTHONPATH": str(checkout.resolve())},
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    for checkout, lab in labs.items():
        loaded = lab.stdout.readline().strip()
        if not loaded.startswith(str(checkout.resolve())):
            raise SystemExit(f"{checkout}: its lab loaded {loaded or 'nothing'}")
    figures: dict[Path, list[list[float]]] = {checkout: [] for checkout in labs}
    for frame in range(WARM_UP_FRAMES + args.frames):
        for checkout in (args.checkouts if frame % 2 == 0 else args.checkouts[::-1]):
            labs[checkout].stdin.write("frame\n")
            labs[checkout].stdin.flush()
            values = [float(value) for value in labs[checkout].stdout.readline().split()]
            if frame >= WARM_UP_FRAMES:
                figures[checkout].append(values)
    for lab in labs.values():
        lab.stdin.close()
        lab.wait()
    print("| checkout | window | iteration | GUI half ms | overlay ms | main thread ms | window's CPU a frame, ms |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for checkout, rows in figures.items():
        gui, overlay, main_thread, window, iteration = zip(*rows)
        print(f"| {checkout} | {args.size} | {int(iteration[-1]):,} | {statistics.median(gui):.2f} | "
              f"{statistics.median(overlay):.2f} | {statistics.median(main_thread):.2f} | "
              f"{statistics.mean(window):.1f} |")


if __name__ == "__main__":
    main()
