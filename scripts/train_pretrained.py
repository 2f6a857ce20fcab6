"""Train the pre-trained models shipped in assets/pretrained/ (GAN Lab's "use pre-trained model").

One run per GAN Lab preset with that preset's training config (core/presets.py: the
configs of GAN Lab's own pre-trained models), seeded, saved as a ganlab-gl checkpoint.
Re-run after changing the model or the checkpoint format:

    .venv/bin/python scripts/train_pretrained.py [--iterations 8000]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ganlab_gl.core import checkpoint
from ganlab_gl.core.presets import GANLAB_PRESETS, with_preset
from ganlab_gl.core.settings import GanConfig, apply_overrides
from ganlab_gl.core.trainer import Trainer

OUT = Path(__file__).resolve().parent.parent / "assets" / "pretrained"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=8000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3],
                        help="train each preset with every seed and ship the one with the lowest final JS")
    args = parser.parse_args()
    for name in GANLAB_PRESETS:
        runs = []
        for seed in args.seeds:
            config = apply_overrides(with_preset(GanConfig(), name),
                                     [f"run.seed={seed}", "run.device=cpu", "metrics.history=2000"])
            trainer = Trainer(config)
            trainer.train(args.iterations)
            trainer.flush_losses()
            recent_js = trainer.history.evals.column("js")[-10:].mean()  # the last 100 iterations, not one draw
            runs.append((recent_js, seed, trainer))
            print(f"{name} seed {seed}: JS {recent_js:.3f}", flush=True)
        js, seed, best = min(runs, key=lambda run: run[0])
        checkpoint.save(best, OUT / name)
        print(f"{name}: shipping seed {seed} (JS {js:.3f}) -> {OUT / name}")


if __name__ == "__main__":
    main()
