"""How much a thread of small torch ops loses beside a busy Python thread, eager against TorchScript.

The lab's trainer runs on a thread beside the window's Python (docs/LAB.md). Every small
eager torch op hands Python's GIL back and forth, so the window's Python slows training;
a TorchScript function runs its ops without the GIL. This times one loop of small
`addmm`/`relu` ops (the shapes of GAN Lab's networks at batch 150) alone and beside a
thread that only runs Python, eager and scripted, median of `--repeats`.

    PYTHONPATH=. .venv/bin/python bench/gil_share.py [--ops 20000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import threading
import time
from datetime import date

import torch


@torch.jit.script
def scripted_ops(x: torch.Tensor, weight: torch.Tensor, count: int) -> torch.Tensor:
    for _ in range(count):
        x = torch.relu(torch.addmm(x, x, weight)) * 0.5
    return x


def eager_ops(x: torch.Tensor, weight: torch.Tensor, count: int) -> torch.Tensor:
    for _ in range(count):
        x = torch.relu(torch.addmm(x, x, weight)) * 0.5
    return x


def busy_python(stop: threading.Event) -> None:
    while not stop.is_set():
        sum(range(100))


def seconds(run, beside_python: bool) -> float:
    stop = threading.Event()
    other = threading.Thread(target=busy_python, args=(stop,)) if beside_python else None
    if other:
        other.start()
    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    stop.set()
    if other:
        other.join()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    x, weight = torch.randn(150, 8), torch.randn(8, 8) * 0.1
    print(f"{date.today()} · {platform.node()} · {os.cpu_count()} cores · torch {torch.__version__} · "
          f"{args.ops:,} ops, median of {args.repeats}\n")
    print("| ops | alone s | beside a Python thread s | slowed by |\n|---|---:|---:|---:|")
    for name, ops in (("eager", eager_ops), ("TorchScript", scripted_ops)):
        ops(x, weight, 100)  # warm up (the script's first calls profile and optimise)
        ops(x, weight, 100)
        alone = statistics.median(seconds(lambda: ops(x, weight, args.ops), False) for _ in range(args.repeats))
        beside = statistics.median(seconds(lambda: ops(x, weight, args.ops), True) for _ in range(args.repeats))
        print(f"| {name} | {alone:.2f} | {beside:.2f} | {beside / alone:.2f}x |", flush=True)


if __name__ == "__main__":
    main()
