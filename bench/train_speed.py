"""Training speed of GAN Lab's default setup on the CPU: iterations per second.

Cases: 1 and 2 torch threads; without probes, and with a full probe (heatmap, manifold,
fakes, gradients at the default probe sizes) every N iterations, as the lab would do
once per frame. Each case runs `--iterations` iterations `--repeats` times after a
warm-up; we report the median and the spread. Prints a markdown table.

    python bench/train_speed.py [--iterations 2000] [--repeats 5] [--probe-every 10 50]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import date

import torch

from ganlab_gl.core.probes import Prober
from ganlab_gl.core.settings import GanConfig, apply_overrides
from ganlab_gl.core.trainer import Trainer


def measure(threads: int, probe_every: int | None, iterations: int, repeats: int) -> list[float]:
    trainer = Trainer(apply_overrides(GanConfig(), [f"run.threads={threads}", "run.device=cpu"]))
    prober = Prober(trainer)
    rates = []
    for repeat in range(repeats + 1):  # the first run warms up allocators and caches
        start = time.perf_counter()
        for i in range(iterations):
            trainer.iteration()
            if probe_every and i % probe_every == 0:
                prober.snapshot()
        trainer.flush_losses()
        if repeat:
            rates.append(iterations / (time.perf_counter() - start))
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
    args = parser.parse_args()
    print(f"{date.today()} · {_cpu_name()} · {os.cpu_count()} cores · torch {torch.__version__} · "
          f"load average {os.getloadavg()[0]:.2f} at start")
    print("\n| threads | probes | median it/s | min–max it/s |\n|---|---|---|---|")
    for threads in (1, 2):
        for probe_every in [None, *args.probe_every]:
            rates = measure(threads, probe_every, args.iterations, args.repeats)
            label = "none" if probe_every is None else f"every {probe_every}"
            print(f"| {threads} | {label} | {statistics.median(rates):.0f} | {min(rates):.0f}–{max(rates):.0f} |",
                  flush=True)


if __name__ == "__main__":
    main()
