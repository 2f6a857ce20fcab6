"""Frame time of the data view: probing the trainer, uploading, drawing, offscreen.

Each cell renders one canvas (all data-space layers, 4x MSAA, resolved, no readback)
at one resolution with a manifold of M x M cells, an N x N heatmap and F fake and F
real samples with gradients, probed from an untrained default model (2-D noise).
A frame is split into
  probe:  Prober.snapshot (D over the grid and the samples, G over the noise grid and
          the display noise, G's gradients), synchronised where tensors are on CUDA;
  upload: set_snapshot + upload (the fixed real samples cross the bridge only once);
  draw:   every layer's draw plus the MSAA resolve, timed as wall time to glFinish and
          with a GL timer query (GPU time) where the driver has one.
Numbers are medians over --repeats frames after one warm-up frame (fewer where the
time budget runs out mid-cell; the table says how many).

Cells run cheapest first; once --budget-s is spent the rest are listed as skipped,
so a software rasteriser (llvmpipe) gives a partial table instead of running for
hours. Output: a markdown table on stdout.

    PYTHONPATH=. .venv/bin/python bench/render_speed.py [--quick] [--budget-s 180]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

import moderngl
import torch

from ganlab_gl.core.probes import Prober
from ganlab_gl.core.settings import GanConfig, apply_overrides
from ganlab_gl.core.trainer import Trainer
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.canvas import Canvas
from ganlab_gl.render.gl import create_headless_context
from ganlab_gl.render.view import View

FULL = {
    "resolution": [(1280, 800), (3840, 2160)],
    "manifold": [64, 128, 256, 512, 1024],
    "heatmap": [128, 512],
    "fakes": [1_000, 100_000, 1_000_000],
}
QUICK = {"resolution": [(1280, 800)], "manifold": [64, 256], "heatmap": [128], "fakes": [1_000, 100_000]}
SAMPLES = 4
TIMER_LIMIT_S = (2**32 - 1) * 1e-9  # moderngl reads timer queries as 32-bit nanoseconds: they saturate here


def time_cell(
    ctx: moderngl.Context, prober: Prober, size, m: int, n: int, fakes: int, repeats: int, deadline: float
) -> dict:
    """Times `repeats` frames after a warm-up one, fewer (at least one) where they would
    run past `deadline` (a perf_counter time)."""
    device = prober.trainer.device
    bridge = Bridge(ctx, device)
    canvas = Canvas(ctx, bridge)
    target = ctx.framebuffer([ctx.renderbuffer(size, 4, samples=min(SAMPLES, ctx.max_samples))])
    resolved = ctx.framebuffer([ctx.renderbuffer(size, 4)])
    view = View.fit(prober.trainer.data_rect, size)
    query = ctx.query(time=True)
    probes, uploads, draws_wall, draws_gpu = [], [], [], []
    try:
        frame = 0
        while frame <= repeats:
            ctx.finish()
            start = time.perf_counter()
            snapshot = prober.snapshot(heatmap_res=n, manifold_res=m, count=fakes)
            if device.type == "cuda":
                torch.cuda.synchronize(device)
            probed = time.perf_counter()
            canvas.set_snapshot(snapshot)
            canvas.upload()
            ctx.finish()
            uploaded = time.perf_counter()
            with query:
                canvas.draw(view, target)
                ctx.copy_framebuffer(resolved, target)
            ctx.finish()
            drawn = time.perf_counter()
            if frame:  # the first frame builds vertex arrays, display sets, the contour grid
                probes.append(probed - start)
                uploads.append(uploaded - probed)
                draws_wall.append(drawn - uploaded)
                draws_gpu.append(query.elapsed * 1e-9)
                if drawn + (drawn - start) > deadline:
                    break
            frame += 1
    finally:
        canvas.release()
        bridge.release()
        for framebuffer in (target, resolved):
            framebuffer.color_attachments[0].release()
            framebuffer.release()
    probe, upload, draw_wall, draw_gpu = (statistics.median(x) for x in (probes, uploads, draws_wall, draws_gpu))
    return {
        "probe": probe,
        "upload": upload,
        "draw_wall": draw_wall,
        "draw_gpu": draw_gpu,
        "fps": 1.0 / (probe + upload + draw_wall),
        "frames": len(uploads),
    }


def cost(cell) -> float:
    (w, h), m, n, fakes = cell
    return w * h * 4 + m * m * 40 + n * n + fakes * 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small sweep at 1280x800")
    parser.add_argument("--repeats", type=int, default=5, help="timed frames per cell (median)")
    parser.add_argument("--budget-s", type=float, default=180.0, help="stop starting new cells after this long")
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"), help="the trainer's device")
    args = parser.parse_args()

    sweep = QUICK if args.quick else FULL
    cells = sorted(itertools.product(*sweep.values()), key=cost)
    ctx = create_headless_context()
    prober = Prober(Trainer(apply_overrides(GanConfig(), [f"run.device={args.device}", "noise.dim=2"])))
    device = prober.trainer.device
    bridge_path = Bridge(ctx, device).path_name
    print(
        f"GL: {ctx.info['GL_RENDERER']}; tensors on {device}; bridge: {bridge_path}; {SAMPLES}x MSAA; "
        f"median of {args.repeats} frames; draw (GPU) from GL timer queries\n"
    )
    columns = ["resolution", "manifold M", "heatmap N", "fakes", "probe ms", "upload ms"]
    columns += ["draw ms (wall)", "draw ms (GPU)", "frames/s", "timed"]
    print("| " + " | ".join(columns) + " |")
    print("|---" + "|---:" * (len(columns) - 1) + "|")
    started = time.perf_counter()
    for cell in cells:
        (w, h), m, n, fakes = cell
        label = f"| {w}x{h} | {m} | {n} | {fakes:,} |"
        if time.perf_counter() - started > args.budget_s:
            print(f"{label} skipped (time budget) | | | | | |", flush=True)
            continue
        r = time_cell(ctx, prober, (w, h), m, n, fakes, args.repeats, started + args.budget_s)
        gpu = (
            f"{r['draw_gpu'] * 1e3:.2f}"
            if r["draw_gpu"] < TIMER_LIMIT_S
            else f">{TIMER_LIMIT_S * 1e3:.0f} (timer limit)"
        )
        print(
            f"{label} {r['probe'] * 1e3:.2f} | {r['upload'] * 1e3:.2f} | {r['draw_wall'] * 1e3:.2f} | {gpu} | "
            f"{r['fps']:.1f} | {r['frames']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
