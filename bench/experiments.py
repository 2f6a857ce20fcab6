"""The research protocols (`ganlab-gl experiments`) measured over seeds, as PacGAN's Table 1 reports them.

Each experiment trains its protocol's iterations once per seed (one process per seed on
all cores, one torch thread each); then 2,500 fakes (PacGAN's sample count) are scored:
modes captured, the share of high-quality samples (within 3 std of a mode) and the
reverse KL of the mode histogram, as in VEEGAN and PacGAN. Prints mean and sd per
experiment as a markdown table, and writes the raw results.

    python bench/experiments.py [--experiments ring8-vanilla grid25-vanilla] [--seeds 5] [--first-seed 0]
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

SCORED_FAKES = 2500


def run_seed(job: tuple[str, int, int | None]) -> dict:
    name, seed, iterations = job
    import torch

    torch.set_num_threads(1)
    from ganlab_gl.core import metrics, noise
    from ganlab_gl.core.experiments import EXPERIMENTS, experiment_config
    from ganlab_gl.core.trainer import Trainer, TrainingDiverged

    config = experiment_config(name)
    config.run.seed, config.run.device, config.metrics.every = seed, "cpu", 1000
    trainer = Trainer(config)
    iterations = iterations or EXPERIMENTS[name].iterations
    start = time.perf_counter()
    diverged = None
    try:
        trainer.train(iterations)
    except TrainingDiverged as error:
        diverged = str(error)
    seconds = time.perf_counter() - start
    z = noise.sample(SCORED_FAKES, config.noise.dim, config.noise.kind, torch.Generator().manual_seed(30_000 + seed))
    with torch.no_grad():
        fakes = trainer.generator(z)
    coverage = metrics.mode_coverage(fakes, trainer.dataset.centers, trainer.dataset.mode_std)
    return {"experiment": name, "seed": seed, "iterations": iterations, "seconds": seconds, "diverged": diverged,
            "modes": coverage.modes_captured, "high_quality": coverage.high_quality_fraction,
            "reverse_kl": coverage.reverse_kl, "total_modes": int(trainer.dataset.centers.shape[0])}


def mean_sd(values: list[float]) -> str:
    finite = [v for v in values if v == v and abs(v) != float("inf")]
    if len(finite) < len(values):
        return f"{statistics.mean(finite):.2f} ± {statistics.stdev(finite):.2f} (+{len(values) - len(finite)} inf)" \
            if len(finite) > 1 else "inf"
    return f"{statistics.mean(values):.2f} ± {statistics.stdev(values):.2f}" if len(values) > 1 else f"{values[0]:.2f}"


def main() -> None:
    from ganlab_gl.core.experiments import EXPERIMENTS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiments", nargs="+", default=list(EXPERIMENTS))
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--first-seed", type=int, default=0, help="seeds first-seed .. first-seed + seeds - 1")
    parser.add_argument("--iterations", type=int, help="override every protocol's length (pilots only)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--out", type=Path, default=Path("docs/figures/experiments.json"))
    args = parser.parse_args()
    cost = {name: EXPERIMENTS[name].iterations * (1 + EXPERIMENTS[name].settings.get("train.d_steps", 1))
            for name in args.experiments}
    jobs = [(name, seed, args.iterations) for name in sorted(args.experiments, key=cost.get)
            for seed in range(args.first_seed, args.first_seed + args.seeds)]
    start = time.perf_counter()
    results = []
    with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
        for result in pool.imap_unordered(run_seed, jobs):  # cheap protocols first, each run shown as it ends
            results.append(result)
            print(json.dumps(result), flush=True)
    results.sort(key=lambda r: (args.experiments.index(r["experiment"]), r["seed"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1))
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {date.today()}, "
          f"{args.jobs} processes, {time.perf_counter() - start:.0f} s")
    print("| experiment | iterations | seeds | modes (mean ± sd) | high-quality % | reverse KL | per seed (modes) |")
    print("|---|---|---|---|---|---|---|")
    for name in args.experiments:
        runs = [r for r in results if r["experiment"] == name]
        print(f"| {name} | {runs[0]['iterations']} | {len(runs)} | {mean_sd([r['modes'] for r in runs])} of "
              f"{runs[0]['total_modes']} | {mean_sd([100 * r['high_quality'] for r in runs])} | "
              f"{mean_sd([r['reverse_kl'] for r in runs])} | {', '.join(str(r['modes']) for r in runs)} |")


if __name__ == "__main__":
    main()
