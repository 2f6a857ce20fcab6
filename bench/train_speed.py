"""Training speed of GAN Lab's default setup on the CPU: iterations per second, old and new step.

Four ways to run the same iterations, side by side in one run:
  walk:     the phase walk run to the end, with its autograd graph (`Trainer.walk()`; this was
            `Trainer.iteration()` until the direct step, and it stays the teaching path);
  direct:   the same arithmetic with the backward written out, eager (core/direct_step.py;
            tests/test_direct_step.py shows the weights are the walk's);
  scripted: the direct step as TorchScript, one call per iteration (`Trainer.iteration()`);
  batched:  `Trainer.train(n)` now: the same script, n iterations per call, n the probe interval
            (or 50), as the lab's thread and `ganlab-gl train` call it (core/scripted_step.py;
            tests/test_scripted_step.py: the same weights and timeline rows again).
Cases: 1 and 2 torch threads; without probes, and with a full probe (heatmap, manifold,
fakes, gradients at the default probe sizes) every N iterations, as the lab would do
once per frame. Each case runs `--iterations` iterations `--repeats` times after a
warm-up, alternating the four so all see the same machine load; we report the medians,
the spread, and the medians of the per-repeat ratios direct / walk, scripted / direct and
batched / scripted (wall time, losses flushed inside the timed span). Prints a markdown table.

    python bench/train_speed.py [--iterations 2000] [--repeats 5] [--probe-every 10 50] [--threads 1 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import date

import torch

from ganlab_gl.core import direct_step
from ganlab_gl.core.probes import Prober
from ganlab_gl.core.settings import GanConfig, apply_overrides
from ganlab_gl.core.trainer import Trainer


def walk_iterations(trainer: Trainer, count: int) -> None:
    for _ in range(count):
        for _ in trainer.walk():
            pass


def one_at_a_time(step):
    return lambda trainer, count: [step(trainer) for _ in range(count)]


STEPS = {"walk": walk_iterations, "direct": one_at_a_time(lambda trainer: direct_step.for_trainer(trainer).iteration()),
         "scripted": one_at_a_time(Trainer.iteration), "batched": Trainer.train}


def rate(trainer: Trainer, prober: Prober, steps, probe_every: int | None, iterations: int) -> float:
    """`steps(trainer, n)` runs n iterations: blocks of the probe interval (or 50), a probe after each."""
    block = probe_every or 50
    start = time.perf_counter()
    for _ in range(iterations // block):
        steps(trainer, block)
        if probe_every:
            prober.snapshot()
    trainer.flush_losses()
    return iterations // block * block / (time.perf_counter() - start)


def measure(threads: int, probe_every: int | None, iterations: int, repeats: int) -> dict[str, list[float]]:
    """{step name: it/s per repeat}, the steps alternating within each repeat."""
    runs = {}
    for name in STEPS:
        trainer = Trainer(apply_overrides(GanConfig(), [f"run.threads={threads}", "run.device=cpu"]))
        runs[name] = (trainer, Prober(trainer))
    rates: dict[str, list[float]] = {name: [] for name in STEPS}
    for repeat in range(repeats + 1):  # the first run warms up allocators and caches
        for name, step in STEPS.items():
            trainer, prober = runs[name]
            measured = rate(trainer, prober, step, probe_every, iterations)
            if repeat:
                rates[name].append(measured)
    return rates


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            return next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.machine()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--probe-every", type=int, nargs="*", default=[10, 50])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(f"{date.today()} · {_cpu_name()} · {os.cpu_count()} cores · torch {torch.__version__} · "
          f"load average {os.getloadavg()[0]:.2f} at start")
    print("\n| threads | probes | walk median it/s | min–max | direct median it/s | min–max | scripted median it/s "
          "| min–max | batched median it/s | min–max | direct / walk | scripted / direct | batched / scripted |"
          "\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for threads in args.threads:
        for probe_every in [None, *args.probe_every]:
            rates = measure(threads, probe_every, args.iterations, args.repeats)
            label = "none" if probe_every is None else f"every {probe_every}"
            cells = [f"{statistics.median(r):.0f} | {min(r):.0f}–{max(r):.0f}" for r in rates.values()]
            ratios = [statistics.median(new / old for old, new in zip(rates[before], rates[after]))
                      for before, after in (("walk", "direct"), ("direct", "scripted"), ("scripted", "batched"))]
            print(f"| {threads} | {label} | {' | '.join(cells)} | {' | '.join(f'{r:.2f}x' for r in ratios)} |",
                  flush=True)


if __name__ == "__main__":
    main()
