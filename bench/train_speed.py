"""Training speed of GAN Lab's default setup on the CPU: iterations per second, old and new step.

Three ways to run the same iteration, side by side in one run:
  walk:     the phase walk run to the end, with its autograd graph (`Trainer.walk()`; this was
            `Trainer.iteration()` until the direct step, and it stays the teaching path);
  direct:   the same arithmetic with the backward written out, eager (core/direct_step.py;
            tests/test_direct_step.py shows the weights are the walk's);
  scripted: `Trainer.iteration()` now: the direct step as one TorchScript call per iteration
            (core/scripted_step.py; tests/test_scripted_step.py: the same weights again).
Cases: 1 and 2 torch threads; without probes, and with a full probe (heatmap, manifold,
fakes, gradients at the default probe sizes) every N iterations, as the lab would do
once per frame. Each case runs `--iterations` iterations `--repeats` times after a
warm-up, alternating the three so all see the same machine load; we report the medians,
the spread, and the medians of the per-repeat ratios direct / walk and scripted / direct
(wall time, losses flushed inside the timed span). Prints a markdown table.

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


def walk_iteration(trainer: Trainer) -> None:
    for _ in trainer.walk():
        pass


STEPS = {"walk": walk_iteration, "direct": lambda trainer: direct_step.for_trainer(trainer).iteration(),
         "scripted": Trainer.iteration}


def rate(trainer: Trainer, prober: Prober, step, probe_every: int | None, iterations: int) -> float:
    start = time.perf_counter()
    for i in range(iterations):
        step(trainer)
        if probe_every and i % probe_every == 0:
            prober.snapshot()
    trainer.flush_losses()
    return iterations / (time.perf_counter() - start)


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
          "| min–max | direct / walk | scripted / direct |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for threads in args.threads:
        for probe_every in [None, *args.probe_every]:
            rates = measure(threads, probe_every, args.iterations, args.repeats)
            label = "none" if probe_every is None else f"every {probe_every}"
            cells = [f"{statistics.median(r):.0f} | {min(r):.0f}–{max(r):.0f}" for r in rates.values()]
            ratios = [statistics.median(new / old for old, new in zip(rates[before], rates[after]))
                      for before, after in (("walk", "direct"), ("direct", "scripted"))]
            print(f"| {threads} | {label} | {' | '.join(cells)} | {ratios[0]:.2f}x | {ratios[1]:.2f}x |", flush=True)


if __name__ == "__main__":
    main()
