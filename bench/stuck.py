"""Whether the words under the graph tell the truth about a stuck run (Snapshot.stuck), over presets and seeds.

Stalls: every preset trained with its own config, seeds `--seeds`, `ITERATIONS` each, its snapshot probed as the
lab probes it (150 fakes with their arrows) every `--every` iterations. At each check we read what the lab reads: how
many fakes sit where D's units are silent (`Snapshot.flat_fakes`) and whether the lab calls the run stuck
(`Snapshot.stuck`: every one of them). For each run in which D fell silent at nine fakes in ten or more, the first
such check (what a rule on a share would read), the first called stuck, how many checks from then on were, and the
longest stretch: a stall is called stuck at check after check, a moment once.

Saturation: GAN Lab's four presets with D's learning rate too high (`--rates`), checked every iteration: how often
D's output is saturated (exactly 0 or 1) at every shown fake, every arrow zero with it, how long that lasts, and
whether the lab calls it stuck.

    python bench/stuck.py [--presets line ...] [--seeds 0 1 ...] [--every 25] [--rates 1 0.3] [--saturation-seeds 4]

Runs on one CPU core, one torch thread, in about 8 minutes; prints markdown tables (docs/TRAINING.md keeps them).
"""

from __future__ import annotations

import argparse
import platform
import time
from datetime import date

import torch

from ganlab_gl.core.presets import GANLAB_PRESETS, PRESETS, with_preset
from ganlab_gl.core.probes import Prober
from ganlab_gl.core.settings import GanConfig, apply_overrides
from ganlab_gl.core.snapshot import Snapshot
from ganlab_gl.core.trainer import Trainer

# Each preset's length: GAN Lab's four to 10,000 iterations (Ring's three D updates an iteration to 5,000), the
# research setups (Adam on 64-wide layers, WGAN-GP's five critic updates) as far as one core's minutes allow
ITERATIONS = {"line": 10_000, "gaussians": 10_000, "ring": 5_000, "disjoint": 10_000, "ring8": 1_500,
              "grid25": 1_500, "swissroll": 300}
SATURATION_ITERATIONS = 300


def trainer_for(preset: str, seed: int, overrides: tuple[str, ...] = ()) -> Trainer:
    return Trainer(apply_overrides(with_preset(GanConfig(), preset), [f"run.seed={seed}", "run.device=cpu",
                                                                      "metrics.every=100000", *overrides]))


def probed(prober: Prober) -> Snapshot:
    return prober.snapshot(heatmap_res=2, manifold_res=2)  # the pictures' grids play no part here


def stall_run(preset: str, seed: int, every: int) -> dict:
    """One run's checks: the share of fakes where D is silent, and whether the lab calls the run stuck."""
    trainer = trainer_for(preset, seed)
    prober, iterations, shares, stuck = Prober(trainer), [], [], []
    for iteration in range(every, ITERATIONS[preset] + 1, every):
        trainer.train(every)
        snapshot = probed(prober)
        iterations.append(iteration)
        shares.append(snapshot.flat_fakes / snapshot.fake.shape[0])
        stuck.append(snapshot.stuck == "d_flat")
    return {"preset": preset, "seed": seed, "iterations": iterations, "shares": shares, "stuck": stuck}


def longest_stretch(flags: list[bool]) -> int:
    """The most consecutive True flags."""
    longest = current = 0
    for flag in flags:
        current = current + 1 if flag else 0
        longest = max(longest, current)
    return longest


def first(run: dict, flags: list[bool]) -> str:
    found = [iteration for iteration, flag in zip(run["iterations"], flags) if flag]
    return f"{found[0]:,}" if found else "never"


def stall_table(runs: list[dict], every: int) -> list[str]:
    """A row for each run in which D fell silent at nine fakes in ten or more at some check, and one for the rest of
    each preset's runs (their highest share)."""
    rows = ["| preset | seed | first check silent at 9 in 10 fakes or more | first called stuck | checks called stuck "
            "from then on | longest stretch called stuck (iterations) |", "|---|---|---|---|---|---|"]
    for preset in dict.fromkeys(run["preset"] for run in runs):
        mine = [run for run in runs if run["preset"] == preset]
        near = [run for run in mine if max(run["shares"]) >= 0.9]
        for run in near:
            after = run["stuck"][run["stuck"].index(True):] if any(run["stuck"]) else []
            rows.append(f"| {preset} | {run['seed']} | {first(run, [share >= 0.9 for share in run['shares']])} | "
                        f"{first(run, run['stuck'])} | {sum(after)} of {len(after)} | "
                        f"{longest_stretch(run['stuck']) * every:,} |")
        rest = [run for run in mine if run not in near]
        if rest:
            highest = max(share for run in rest for share in run["shares"])
            others = f"the other {len(rest)}" if near else f"all {len(rest)}"
            rows.append(f"| {preset} | {others} | highest share {highest:.3f} | never | | |")
    return rows


def saturation_run(preset: str, seed: int, rate: str) -> dict:
    """Every iteration of one run at D learning rate `rate`: is D saturated at every shown fake (every arrow zero),
    and is the lab's word for it "stuck"."""
    trainer = trainer_for(preset, seed, (f"train.d_lr={rate}",))
    prober, saturated, called, longest, stretch = Prober(trainer), 0, 0, 0, 0
    for _ in range(SATURATION_ITERATIONS):
        trainer.train(1)
        snapshot = probed(prober)
        now = not bool(snapshot.fake_gradient.any()) and bool(((snapshot.d_fake == 0) | (snapshot.d_fake == 1)).all())
        saturated += now
        called += now and snapshot.stuck is not None
        stretch = stretch + 1 if now else 0
        longest = max(longest, stretch)
    flat_end = snapshot.flat_fakes == snapshot.fake.shape[0]
    return {"preset": preset, "rate": rate, "saturated": saturated, "longest": longest, "called": called,
            "flat_end": flat_end}


def saturation_table(runs: list[dict], seeds: int) -> list[str]:
    rows = [f"| preset | D lr | seeds | iterations saturated at every fake (of {SATURATION_ITERATIONS} each) | "
            "longest stretch | of them called stuck | runs silent at every fake at the end |",
            "|---|---|---|---|---|---|---|"]
    for preset, rate in dict.fromkeys((run["preset"], run["rate"]) for run in runs):
        mine = [run for run in runs if (run["preset"], run["rate"]) == (preset, rate)]
        rows.append(f"| {preset} | {rate} | {seeds} | {sum(run['saturated'] for run in mine)} | "
                    f"{max(run['longest'] for run in mine)} | {sum(run['called'] for run in mine)} | "
                    f"{sum(run['flat_end'] for run in mine)} of {len(mine)} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--presets", nargs="+", default=list(PRESETS), choices=list(PRESETS))
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4, 23])
    parser.add_argument("--every", type=int, default=25, help="iterations between checks")
    parser.add_argument("--rates", nargs="*", default=["1", "0.3"], help="D learning rates too high (none: skip)")
    parser.add_argument("--saturation-seeds", type=int, default=4)
    args = parser.parse_args()
    torch.set_num_threads(1)
    started = time.perf_counter()
    runs = [stall_run(preset, seed, args.every) for preset in args.presets for seed in args.seeds]
    print(f"Stalls, checked every {args.every} iterations ({date.today()}, {platform.machine()}):\n")
    print("\n".join(stall_table(runs, args.every)))
    if args.rates:
        saturation = [saturation_run(preset, seed, rate) for preset in GANLAB_PRESETS for rate in args.rates
                      for seed in range(args.saturation_seeds)]
        print(f"\nSaturation, checked every iteration, seeds 0-{args.saturation_seeds - 1}:\n")
        print("\n".join(saturation_table(saturation, args.saturation_seeds)))
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
