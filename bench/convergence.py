"""How reliably each GAN Lab preset converges with its own training config, over many seeds.

For every preset: `--seeds` runs of `--iterations` iterations, one process per seed on
all cores, each with one torch thread. At each checkpoint iteration we score 450 fakes
(GAN Lab shows 450) by their energy distance to 20,000 points drawn from the preset's
formulas (two independent real samples of 450 score at most about 0.002; a run counts
as converged at or below 0.005) and read the run's JS divergence. Every 10 iterations we
look at D on a 30 x 30 grid over the data view (GAN Lab's heatmap grid): D is *flat* when
the std of its output there is below 0.01; each seed's longest flat stretch, and the
longest after iteration 1000, are reported. D's spread on that grid at each checkpoint (its
std and mean |D - 1/2|: how vivid the heatmap is) gets a second table; for presets of
separated modes (disjoint) a third counts the modes each seed covers (a tenth of the fakes
or more within 3 std of a mode's centre). Prints markdown tables and writes a PNG plot
(median and interquartile band of the score against iteration) and the
raw results.

    python bench/convergence.py [--presets gaussians ring] [--seeds 32] [--iterations 3000]
                                [--set train.g_lr=0.1 ...] [--out docs/figures]

Beside ours (`--implementation ours ganlab page`): GAN Lab's training loop run headless on
tfjs-core 0.12 (`ganlab`), and GAN Lab's published page driven in headless Chromium (`page`;
minutes per run). Both need node and `npm install` in scripts/ganlab_reference; the page needs
the page itself, e.g. `git clone -b gh-pages https://github.com/poloclub/ganlab SITE` and
`GANLAB_SITE=SITE` (CHROMIUM names the browser, /usr/bin/chromium by default).
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
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # torch is imported in each worker, after it sets its thread count
    import torch

CONVERGED = 0.005  # energy distance at or below which a run has converged
FLAT_STD = 0.01  # std of D's output over the heatmap grid below which D is flat
FLAT_CHECK_EVERY = 10
SHOWN_FAKES = 450
REFERENCE_POINTS = 20000
MODE_SHARE = 0.1  # a mode is covered when at least this share of the fakes lies within 3 std of its centre


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


def train_ours(preset: str, seed: int, iterations: int, checkpoints: tuple[int, ...],
               overrides: tuple[str, ...]) -> tuple[dict[int, "torch.Tensor"], list[float], list[float]]:
    """Our Trainer: the fakes at each checkpoint, and D's output std and mean |D - 1/2| over the heatmap grid
    every 10 iterations."""
    import torch

    from ganlab_gl.core import noise
    from ganlab_gl.core.presets import with_preset
    from ganlab_gl.core.settings import GanConfig, apply_overrides
    from ganlab_gl.core.trainer import Trainer, TrainingDiverged

    config = apply_overrides(with_preset(GanConfig(), preset), [f"run.seed={seed}", "run.device=cpu",
                                                                "metrics.every=100000", *overrides])
    trainer = Trainer(config)
    shown_noise = noise.sample(SHOWN_FAKES, config.noise.dim, config.noise.kind,
                               torch.Generator().manual_seed(20_000 + seed))
    grid = heatmap_grid(trainer.data_rect)
    fakes, d_std, d_away = {}, [], []
    for iteration in range(1, iterations + 1):
        try:
            trainer.iteration()
        except TrainingDiverged:
            break
        with torch.no_grad():
            if iteration % FLAT_CHECK_EVERY == 0:
                d = trainer.loss.display(trainer.discriminator(grid))
                d_std.append(float(d.std(unbiased=False)))
                d_away.append(float((d - 0.5).abs().mean()))
            if iteration in checkpoints:
                fakes[iteration] = trainer.generator(shown_noise)
    return fakes, d_std, d_away


def ganlab_config(preset: str) -> dict:
    """The preset's training config in the names of GAN Lab's pretrained JSON."""
    from ganlab_gl.core.presets import PRESETS

    training = PRESETS[preset].training
    return {"selectedNoiseType": "2D Gaussian" if training["noise.kind"] == "gaussian" else "2D Uniform",
            "noiseSize": training["noise.dim"], "numGeneratorLayers": training["generator.hidden_layers"] - 1,
            "numDiscriminatorLayers": training["discriminator.hidden_layers"] - 1,
            "numGeneratorNeurons": training["generator.neurons"],
            "numDiscriminatorNeurons": training["discriminator.neurons"], "dLearningRate": training["train.d_lr"],
            "gLearningRate": training["train.g_lr"], "kDSteps": training["train.d_steps"],
            "kGSteps": training["train.g_steps"]}


def run_reference(script: str, job: dict) -> dict:
    """Runs scripts/ganlab_reference/SCRIPT on JOB (as a JSON file) and returns the JSON it prints."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json") as handle:
        json.dump(job, handle)
        handle.flush()
        done = subprocess.run(["node", str(Path(__file__).resolve().parent.parent / "scripts" / "ganlab_reference" /
                                            script), handle.name], capture_output=True, text=True)
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode
        raise RuntimeError(f"{script} failed: {said}")
    result, _ = json.JSONDecoder().raw_decode(done.stdout)
    return result


def reference_outputs(result: dict) -> tuple[dict[int, "torch.Tensor"], list[float], list[float]]:
    import torch

    fakes = {int(k): torch.tensor(v).view(-1, 2) for k, v in result["fakes"].items()}
    return fakes, result["dStd"], result["dAway"]


def train_ganlab(preset: str, seed: int, iterations: int, checkpoints: tuple[int, ...],
                 overrides: tuple[str, ...]) -> tuple[dict[int, "torch.Tensor"], list[float], list[float]]:
    """GAN Lab's loop, headless: scripts/ganlab_reference/simulate.js (its init, data, providers with the
    batches its visual refresh takes, model and SGD on tfjs-core 0.12); Math.random is unseeded there."""
    return reference_outputs(run_reference("simulate.js", {
        "shape": preset, "iterations": iterations, "checkpoints": list(checkpoints),
        "visualRefresh": "--no-visual-refresh" not in overrides, "config": ganlab_config(preset)}))


PAGE_CONFIG_NAMES = {"selectedNoiseType": "noise", "noiseSize": "noiseSize", "numGeneratorLayers": "gLayers",
                     "numDiscriminatorLayers": "dLayers", "numGeneratorNeurons": "gNeurons",
                     "numDiscriminatorNeurons": "dNeurons", "dLearningRate": "dLr", "gLearningRate": "gLr",
                     "kDSteps": "kD", "kGSteps": "kG"}


def train_page(preset: str, seed: int, iterations: int, checkpoints: tuple[int, ...],
               overrides: tuple[str, ...]) -> tuple[dict[int, "torch.Tensor"], list[float], list[float]]:
    """GAN Lab's published page in headless Chromium (scripts/ganlab_reference/page.js; GANLAB_SITE names
    the gh-pages checkout): untick pre-trained, play; its randomness is the browser's own."""
    result = run_reference("page.js", {"shape": preset, "iterations": iterations, "checkpoints": list(checkpoints)})
    expected = ganlab_config(preset)
    for ours, page in PAGE_CONFIG_NAMES.items():
        if result["config"][page] != expected[ours]:
            raise RuntimeError(f"GAN Lab's page trains {preset} with {ours} = {result['config'][page]!r}, "
                               f"the preset says {expected[ours]!r}")
    return reference_outputs(result)


IMPLEMENTATIONS = {"ours": train_ours, "ganlab": train_ganlab, "page": train_page}


def heatmap_grid(rect: tuple[float, float, float, float]) -> "torch.Tensor":
    """(900, 2) cell centres of GAN Lab's 30 x 30 heatmap over `rect`."""
    import torch

    x0, y0, x1, y1 = rect
    ticks = (torch.arange(30, dtype=torch.float32) + 0.5) / 30
    return torch.stack(torch.meshgrid(x0 + (x1 - x0) * ticks, y0 + (y1 - y0) * ticks, indexing="xy"), -1).view(-1, 2)


def modes_covered(fakes: "torch.Tensor", dataset) -> int:
    """How many of the dataset's modes hold at least MODE_SHARE of the fakes within 3 std of their centre, each
    fake counted at its nearest mode (the lab's "modes captured" counts a mode one stray fake touches)."""
    import torch

    distance, nearest = torch.cdist(fakes.float(), dataset.centers).min(dim=1)
    counts = torch.bincount(nearest[distance <= 3 * dataset.mode_std], minlength=len(dataset.centers))
    return int((counts >= MODE_SHARE * len(fakes)).sum())


def run_seed(job: tuple[str, str, int, int, tuple[int, ...], tuple[str, ...]]) -> dict:
    """One training run, scored; imports here so each worker process sets its own thread count first."""
    implementation, preset, seed, iterations, checkpoints, overrides = job
    import torch

    torch.set_num_threads(1)
    from ganlab_gl.core import datasets, metrics

    fakes, d_std, d_away = IMPLEMENTATIONS[implementation](preset, seed, iterations, checkpoints, overrides)
    reference, reference_spread = fixed_reference(preset)
    rect = (0.0, 0.0, 1.0, 1.0) if datasets.preset(preset).unit_square else datasets.data_rect(reference)
    real_histogram = metrics.histogram(reference, rect, 30)
    scores = {iteration: {"energy": metrics.energy_distance(f, reference, reference_spread),
                          "js": metrics.js_divergence(real_histogram, metrics.histogram(f, rect, 30))}
              for iteration, f in fakes.items()}
    if datasets.preset(preset).is_mixture_of_modes:
        for iteration, f in fakes.items():
            scores[iteration]["modes_covered"] = modes_covered(f, datasets.preset(preset))
    flat_runs, flat_since = [], None
    for index, std in enumerate(d_std):
        iteration = (index + 1) * FLAT_CHECK_EVERY
        if std < FLAT_STD and flat_since is None:
            flat_since = iteration
        elif std >= FLAT_STD and flat_since is not None:
            flat_runs.append((flat_since, iteration))
            flat_since = None
    if flat_since is not None:
        flat_runs.append((flat_since, iterations + 1))
    longest = max((end - start for start, end in flat_runs), default=0)
    longest_late = max((end - max(start, 1000) for start, end in flat_runs if end > 1000), default=0)
    spread = {iteration: {"std": d_std[index], "away": d_away[index]} for iteration in checkpoints
              if 0 <= (index := iteration // FLAT_CHECK_EVERY - 1) < len(d_std)}
    return {"implementation": implementation, "preset": preset, "seed": seed, "scores": scores, "d_spread": spread,
            "longest_flat": longest, "longest_flat_after_1000": longest_late, "flat_at_end": flat_since is not None,
            "diverged_at": None if len(fakes) == len(checkpoints) else "before the last checkpoint"}


IMPLEMENTATION_NAMES = {"ours": "ganlab-gl", "ganlab": "GAN Lab's loop", "page": "GAN Lab's page"}


def run_label(result: dict) -> str:
    return f"{result['preset']} ({IMPLEMENTATION_NAMES[result['implementation']]})"


def quartiles(values: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[1], q[2]


def summarise(results: list[dict], checkpoints: tuple[int, ...]) -> list[str]:
    rows = ["| run | iteration | seeds | energy distance median [IQR] | converged (<= 0.005) | JS median | "
            "longest D-flat stretch after 1000 (max over seeds) | seeds flat > 300 after 1000 |",
            "|---|---|---|---|---|---|---|---|"]
    for label in dict.fromkeys(map(run_label, results)):
        runs = [r for r in results if run_label(r) == label]
        for iteration in checkpoints:
            energy = [r["scores"].get(iteration, {}).get("energy", float("inf")) for r in runs]
            js = [r["scores"][iteration]["js"] for r in runs if iteration in r["scores"]]
            low, median, high = quartiles(energy)
            converged = sum(e <= CONVERGED for e in energy)
            late = [r["longest_flat_after_1000"] for r in runs]
            flat_cells = (f"{max(late)} | {sum(v > 300 for v in late)} of {len(runs)}"
                          if iteration == checkpoints[-1] else " | ")
            rows.append(f"| {label} | {iteration} | {len(runs)} | {median:.4f} [{low:.4f}, {high:.4f}] | "
                        f"{converged} of {len(runs)} ({100 * converged / len(runs):.0f}%) | "
                        f"{statistics.median(js) if js else float('nan'):.3f} | {flat_cells} |")
    return rows


def summarise_spread(results: list[dict], checkpoints: tuple[int, ...]) -> list[str]:
    """D's spread on the 30 x 30 grid at each checkpoint (the last multiple of 10 at or before it): how far the
    heatmap is from the grey of D = 1/2."""
    rows = ["| run | iteration | seeds | D std median [IQR] | mean abs(D - 1/2) median [IQR] |",
            "|---|---|---|---|---|"]
    for label in dict.fromkeys(map(run_label, results)):
        runs = [r for r in results if run_label(r) == label]
        for iteration in checkpoints:
            spreads = [r["d_spread"][iteration] for r in runs if iteration in r["d_spread"]]
            if len(spreads) < 2:
                continue
            cells = []
            for measure in ("std", "away"):
                low, median, high = quartiles([s[measure] for s in spreads])
                cells.append(f"{median:.3f} [{low:.3f}, {high:.3f}]")
            rows.append(f"| {label} | {iteration} | {len(spreads)} | {' | '.join(cells)} |")
    return rows


def summarise_modes(results: list[dict], checkpoints: tuple[int, ...]) -> list[str]:
    """For presets of separated modes: how many modes each seed's fakes cover at each checkpoint (modes_covered)."""
    from ganlab_gl.core import datasets

    rows = ["| run | iteration | seeds | modes covered, mean | seeds covering 0, 1, 2, ... of the modes |",
            "|---|---|---|---|---|"]
    for label in dict.fromkeys(map(run_label, results)):
        runs = [r for r in results if run_label(r) == label]
        modes = len(datasets.preset(runs[0]["preset"]).centers)
        for iteration in checkpoints:
            covered = [r["scores"][iteration]["modes_covered"] for r in runs
                       if "modes_covered" in r["scores"].get(iteration, {})]
            if covered:
                seeds = ", ".join(str(covered.count(k)) for k in range(modes + 1))
                rows.append(f"| {label} | {iteration} | {len(covered)} | {statistics.mean(covered):.2f} | {seeds} |")
    return rows


def plot(results: list[dict], checkpoints: tuple[int, ...], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = list(dict.fromkeys(map(run_label, results)))
    figure, axes = plt.subplots(1, len(labels), figsize=(4 * len(labels), 3.4), squeeze=False, sharey=True)
    for axis, label in zip(axes[0], labels):
        runs = [r for r in results if run_label(r) == label]
        bands = [quartiles([r["scores"].get(i, {}).get("energy", float("inf")) for r in runs]) for i in checkpoints]
        axis.fill_between(checkpoints, [b[0] for b in bands], [b[2] for b in bands], alpha=0.3, label="IQR")
        axis.plot(checkpoints, [b[1] for b in bands], marker="o", label="median")
        axis.axhline(CONVERGED, color="grey", linestyle="--", linewidth=1, label="converged")
        axis.set_yscale("log")
        axis.set_title(f"{label} ({len(runs)} runs)")
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
    parser.add_argument("--implementation", choices=tuple(IMPLEMENTATIONS), nargs="+", default=["ours"],
                        help="ours; GAN Lab's own loop run headless on tfjs-core 0.12 (ganlab); GAN Lab's "
                        "published page in headless Chromium (page: GANLAB_SITE=its gh-pages checkout, chromium). "
                        "Both need node and `npm install` in scripts/ganlab_reference")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help="a setting for our runs; for GAN Lab's, only --no-visual-refresh (its loop without "
                        "the batches its pictures take)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--out", type=Path, default=Path("docs/figures"))
    parser.add_argument("--name", default="convergence", help="file name stem of the plot and raw results")
    args = parser.parse_args()
    checkpoints = tuple(c for c in args.checkpoints if c <= args.iterations)
    jobs = [(implementation, preset, seed, args.iterations, checkpoints, tuple(args.overrides))
            for preset in args.presets for implementation in args.implementation
            for seed in range(args.first_seed, args.first_seed + args.seeds)]
    start = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
        for result in pool.imap(run_seed, jobs):  # the raw results are rewritten as each run ends
            results.append(result)
            (args.out / f"{args.name}.json").write_text(json.dumps(results, indent=1))
    elapsed = time.perf_counter() - start
    plot(results, checkpoints, args.out / f"{args.name}.png")
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {date.today()}, "
          f"{args.jobs} processes, {elapsed:.0f} s; settings: {' '.join(args.overrides) or 'each preset as GAN Lab'}")
    print("\n".join(summarise(results, checkpoints)))
    print()
    print("\n".join(summarise_spread(results, checkpoints)))
    if len(modes := summarise_modes(results, checkpoints)) > 2:
        print()
        print("\n".join(modes))


if __name__ == "__main__":
    main()
