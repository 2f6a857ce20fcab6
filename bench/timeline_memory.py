"""The timeline's memory over a long run: it must stay under `timeline.memory_mb`.

Records N iterations into a trainer's timeline and reports, every N/20, the bytes the
timeline holds (allocated rows, per-row fields, RNG states), the process's resident
memory, the rows kept and the oldest spacing. By default the weights are trained for
the first 1,000 iterations and then recorded as they stand (the counter advances): the
timeline's memory depends on row sizes and counts, not on the values, and a million
trained iterations would take an hour on a 2-core VM. `--train-all` trains every one.

    .venv/bin/python bench/timeline_memory.py --iterations 1000000 --memory-mb 64
    .venv/bin/python bench/timeline_memory.py --set train.d_optimizer=adam --set noise.atlas_size=0
"""

from __future__ import annotations

import argparse
import resource
import time

from ganlab_gl.core.settings import GanConfig, apply_overrides
from ganlab_gl.core.trainer import Trainer


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=1_000_000)
    parser.add_argument("--memory-mb", type=int, default=64)
    parser.add_argument("--set", action="append", default=[], dest="overrides")
    parser.add_argument("--train-all", action="store_true")
    args = parser.parse_args()
    trainer = Trainer(apply_overrides(GanConfig(), [f"timeline.memory_mb={args.memory_mb}", *args.overrides]))
    cap = args.memory_mb * 2**20
    trained = args.iterations if args.train_all else min(1000, args.iterations)
    trainer.train(trained)
    start_rss, start = resident_mb(), time.perf_counter()
    peak = trainer.timeline.nbytes
    report_every = max(1, args.iterations // 20)
    print("iteration | timeline MB | cap MB | resident MB (+ since start) | rows kept | oldest gap | recent exact")
    for _ in range(args.iterations - trained):
        trainer.iteration_count += 1
        trainer.timeline.record(trainer)
        timeline = trainer.timeline
        peak = max(peak, timeline.nbytes)
        if trainer.iteration_count % report_every == 0:
            kept = timeline.iterations
            gaps = kept[1:] - kept[:-1]
            exact = len(kept) - 1 - (gaps > 1).nonzero()[0].max() if (gaps > 1).any() else len(kept)
            rss = resident_mb()
            print(f"{trainer.iteration_count:,} | {timeline.nbytes / 2**20:.2f} | {args.memory_mb} | "
                  f"{rss:.0f} (+{rss - start_rss:.0f}) | {len(kept):,} | {gaps[0] if len(gaps) else 0:,} | {exact:,}",
                  flush=True)
            assert timeline.nbytes <= cap, "over the cap"
    seconds = time.perf_counter() - start
    print(f"peak timeline bytes {peak:,} of a cap of {cap:,}; {(args.iterations - trained) / seconds:,.0f} "
          f"records/s; thinnings {trainer.timeline.thinnings}")
    assert peak <= cap


if __name__ == "__main__":
    main()
