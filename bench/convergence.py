"""How reliably each GAN Lab preset converges with its own training config, over many seeds.

For every preset: `--seeds` runs of `--iterations` iterations, one process per seed on
all cores, each with one torch thread. At each checkpoint iteration we score 450 fakes
(GAN Lab shows 450) by their energy distance to 20,000 points drawn from the preset's
formulas (two independent real samples of 450 score at most about 0.002; a run counts
as converged at or below 0.005) and read the run's JS divergence. Every 10 iterations we
look at D on a 30 x 30 grid over the data view (GAN Lab's heatmap grid): D is *flat* when
the std of its output there is below 0.01; each seed's longest flat stretch, and the
longest after iteration 1000, are reported. Prints a markdown table and writes a PNG plot
(median and interquartile band of the score against iteration) and the raw results.

    python bench/convergence.py [--presets gaussians ring] [--seeds 32] [--iterations 3000]
                                [--set train.g_lr=0.1 ...] [--out docs/figures]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import time
from datetime import date
from pathlib import Path

CONVERGED = 0.005  # energy distance at or below which a run has converged
FLAT_STD = 0.01  # std of D's output over the heatmap grid below which D is flat
FLAT_CHECK_EVERY = 10
SHOWN_FAKES = 450
REFERENCE_POINTS = 20000


_REFERENCES: dict = {}


def fixed_reference(preset: str):
    """20,000 points from the preset's formulas (one fixed draw) and their mean pair distance, once per process."""
    if preset not in _REFERENCES:
        import torch

        from ganlab_gl.core import datasets
        from ganlab_gl.core.metrics import mean_distance

        reference = datasets.preset(preset).sample(REFERENCE_POINTS, torch.Generator().manual_seed(10_000))
        _REFERENCES[preset] = reference, mean_distance(reference, reference)
    return _REFERENCES[preset]


def run_seed(job: tuple[str, int, int, tuple[int, ...], tuple[str, ...]]) -> dict:
    """One training run; imports here so each worker process sets its own thread count first."""
    preset, seed, iterations, checkpoints, overrides = job
    import torch

    torch.set_num_threads(1)
    from ganlab_gl.core import noise
    from ganlab_gl.core.metrics import energy_distance
    from ganlab_gl.core.presets import with_preset
    from ganlab_gl.core.settings import GanConfig, apply_overrides
    from ganlab_gl.core.trainer import Trainer, TrainingDiverged

    config = apply_overrides(with_preset(GanConfig(), preset), [f"run.seed={seed}", "run.device=cpu", *overrides])
    trainer = Trainer(config)
    reference, reference_spread = fixed_reference(preset)
    shown_noise = noise.sample(SHOWN_FAKES, config.noise.dim, config.noise.kind,
                               torch.Generator().manual_seed(20_000 + seed))
    x0, y0, x1, y1 = trainer.data_rect
    ticks = (torch.arange(30, dtype=torch.float32) + 0.5) / 30
    grid = torch.stack(torch.meshgrid(x0 + (x1 - x0) * ticks, y0 + (y1 - y0) * ticks, indexing="xy"), -1).view(-1, 2)
    scores, flat_runs, flat_since, diverged_at = {}, [], None, None
    for iteration in range(1, iterations + 1):
        try:
            trainer.iteration()
        except TrainingDiverged:
            diverged_at = iteration
            break
        if iteration % FLAT_CHECK_EVERY == 0:
            with torch.no_grad():
                flat = float(trainer.loss.display(trainer.discriminator(grid)).std()) < FLAT_STD
            if flat and flat_since is None:
                flat_since = iteration
            elif not flat and flat_since is not None:
                flat_runs.append((flat_since, iteration))
                flat_since = None
        if iteration in checkpoints:
            with torch.no_grad():
                fakes = trainer.generator(shown_noise)
            trainer.flush_losses()
            js = trainer.history.evals.column("js")
            scores[iteration] = {"energy": energy_distance(fakes, reference, reference_spread),
                                 "js": float(js[-1]) if len(js) else float("nan")}
    if flat_since is not None:
        flat_runs.append((flat_since, iterations + 1))
    longest = max((end - start for start, end in flat_runs), default=0)
    longest_late = max((end - max(start, 1000) for start, end in flat_runs if end > 1000), default=0)
    return {"preset": preset, "seed": seed, "scores": scores, "longest_flat": longest,
            "longest_flat_after_1000": longest_late, "flat_at_end": flat_since is not None,
            "diverged_at": diverged_at}


def quartiles(values: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[1], q[2]


def summarise(results: list[dict], checkpoints: tuple[int, ...]) -> list[str]:
    rows = ["| preset | iteration | seeds | energy distance median [IQR] | converged (<= 0.005) | JS median | "
            "longest D-flat stretch after 1000 (max over seeds) | seeds flat > 300 after 1000 |",
            "|---|---|---|---|---|---|---|---|"]
    for preset in dict.fromkeys(r["preset"] for r in results):
        runs = [r for r in results if r["preset"] == preset]
        for iteration in checkpoints:
            energy = [r["scores"].get(iteration, {}).get("energy", float("inf")) for r in runs]
            js = [r["scores"][iteration]["js"] for r in runs if iteration in r["scores"]]
            low, median, high = quartiles(energy)
            converged = sum(e <= CONVERGED for e in energy)
            late = [r["longest_flat_after_1000"] for r in runs]
            flat_cells = (f"{max(late)} | {sum(v > 300 for v in late)} of {len(runs)}"
                          if iteration == checkpoints[-1] else " | ")
            rows.append(f"| {preset} | {iteration} | {len(runs)} | {median:.4f} [{low:.4f}, {high:.4f}] | "
                        f"{converged} of {len(runs)} ({100 * converged / len(runs):.0f}%) | "
                        f"{statistics.median(js) if js else float('nan'):.3f} | {flat_cells} |")
    return rows


def plot(results: list[dict], checkpoints: tuple[int, ...], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    presets = list(dict.fromkeys(r["preset"] for r in results))
    figure, axes = plt.subplots(1, len(presets), figsize=(4 * len(presets), 3.4), squeeze=False, sharey=True)
    for axis, preset in zip(axes[0], presets):
        runs = [r for r in results if r["preset"] == preset]
        bands = [quartiles([r["scores"].get(i, {}).get("energy", float("inf")) for r in runs]) for i in checkpoints]
        axis.fill_between(checkpoints, [b[0] for b in bands], [b[2] for b in bands], alpha=0.3, label="IQR")
        axis.plot(checkpoints, [b[1] for b in bands], marker="o", label="median")
        axis.axhline(CONVERGED, color="grey", linestyle="--", linewidth=1, label="converged")
        axis.set_yscale("log")
        axis.set_title(f"{preset} ({len(runs)} seeds)")
        axis.set_xlabel("iteration")
    axes[0][0].set_ylabel("energy distance to the real data")
    axes[0][0].legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)


def main() -> None:
    from ganlab_gl.core.presets import GANLAB_PRESETS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", nargs="+", default=list(GANLAB_PRESETS))
    parser.add_argument("--seeds", type=int, default=32)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--iterations", type=int, default=3000)
    parser.add_argument("--checkpoints", type=int, nargs="+", default=[500, 1000, 2000, 3000])
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--out", type=Path, default=Path("docs/figures"))
    parser.add_argument("--name", default="convergence", help="file name stem of the plot and raw results")
    args = parser.parse_args()
    checkpoints = tuple(c for c in args.checkpoints if c <= args.iterations)
    jobs = [(preset, seed, args.iterations, checkpoints, tuple(args.overrides))
            for preset in args.presets for seed in range(args.first_seed, args.first_seed + args.seeds)]
    start = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
        results = pool.map(run_seed, jobs, chunksize=1)
    elapsed = time.perf_counter() - start
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.name}.json").write_text(json.dumps(results, indent=1))
    plot(results, checkpoints, args.out / f"{args.name}.png")
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {date.today()}, "
          f"{args.jobs} processes, {elapsed:.0f} s; settings: {' '.join(args.overrides) or 'each preset as GAN Lab'}")
    print("\n".join(summarise(results, checkpoints)))


if __name__ == "__main__":
    main()
