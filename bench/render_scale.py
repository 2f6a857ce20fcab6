"""How a frame's cost grows with the manifold M, the heatmap N and the sample count F.

One knob at a time from the lab's defaults (M = 32, N = 64, F = 450 fakes and 450 reals,
at 1280x800, 4x MSAA), each frame split as in bench/render_speed.py (probe, upload, draw
as wall time to glFinish), median of `--repeats` frames after a warm-up. Prints a markdown
table and writes a log-log PNG plot (needs matplotlib: the `bench` extra).

    PYTHONPATH=. .venv/bin/python bench/render_scale.py [--out docs/figures/render-scale.png]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_speed import time_cell  # noqa: E402

from ganlab_gl.core.probes import Prober  # noqa: E402
from ganlab_gl.core.settings import GanConfig, apply_overrides  # noqa: E402
from ganlab_gl.core.trainer import Trainer  # noqa: E402
from ganlab_gl.render.gl import create_headless_context  # noqa: E402

BASE = {"manifold": 32, "heatmap": 64, "fakes": 450}
SWEEPS = {
    "manifold": [32, 64, 128, 256, 512, 1024, 2048],
    "heatmap": [64, 128, 256, 512, 1024, 2048],
    "fakes": [450, 4_500, 45_000, 450_000],
}
AXIS_LABELS = {"manifold": "manifold M (M x M cells)", "heatmap": "heatmap N (N x N cells)",
               "fakes": "samples F (fakes, and as many reals)"}
PARTS = ("probe", "upload", "draw_wall")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("docs/figures/render-scale.png"))
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    ctx = create_headless_context()
    prober = Prober(Trainer(apply_overrides(GanConfig(), ["run.device=cpu"])))
    print(f"{date.today()} · {ctx.info['GL_RENDERER']} · {args.size}, 4x MSAA · {os.cpu_count()} cores · "
          f"load average {os.getloadavg()[0]:.2f} at start · median of {args.repeats} frames\n")
    print("| knob | value | probe ms | upload ms | draw ms | frame ms | frames/s |\n"
          "|---|---:|---:|---:|---:|---:|---:|")
    results: dict[str, list[tuple[int, dict]]] = {knob: [] for knob in SWEEPS}
    for knob, values in SWEEPS.items():
        for value in values:
            cell = {**BASE, knob: value}
            r = time_cell(ctx, prober, size, cell["manifold"], cell["heatmap"], cell["fakes"], args.repeats,
                          deadline=time.perf_counter() + 600)
            results[knob].append((value, r))
            frame = sum(r[part] for part in PARTS)
            print(f"| {knob} | {value:,} | {r['probe'] * 1e3:.1f} | {r['upload'] * 1e3:.1f} | "
                  f"{r['draw_wall'] * 1e3:.1f} | {frame * 1e3:.1f} | {1 / frame:.1f} |", flush=True)
    plot(results, args.out, f"{ctx.info['GL_RENDERER'].split('(')[0].strip()}, {args.size}, {date.today()}")
    print(f"\nplot: {args.out}")


def plot(results: dict[str, list[tuple[int, dict]]], out: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, len(results), figsize=(13, 4), sharey=True)
    for axis, (knob, rows) in zip(axes, results.items()):
        values = [value for value, _ in rows]
        for part, label in (("probe", "probe (torch)"), ("upload", "upload"), ("draw_wall", "draw (GL)")):
            axis.plot(values, [r[part] * 1e3 for _, r in rows], marker="o", label=label)
        axis.plot(values, [sum(r[p] for p in PARTS) * 1e3 for _, r in rows], marker="s", color="black",
                  label="frame")
        for budget, text in ((1000 / 30, "30 fps"), (1000 / 20, "20 fps")):
            axis.axhline(budget, color="grey", linestyle=":", linewidth=1)
            axis.text(values[0], budget * 1.05, text, color="grey", fontsize=8)
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel(AXIS_LABELS[knob])
        axis.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("ms per frame (median)")
    axes[0].legend(fontsize=8)
    figure.suptitle(f"Frame cost, one knob at a time from M = {BASE['manifold']}, N = {BASE['heatmap']}, "
                    f"F = {BASE['fakes']} ({title})", fontsize=10)
    figure.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=110)


if __name__ == "__main__":
    main()
