"""Regenerate tests/fixtures/ganlab_parity_<preset>.npz: GAN Lab's own arithmetic, as reference.

For each GAN Lab preset, with that preset's training config and seed 0, our Trainer
builds the initial weights and the noise and real atlases; scripts/ganlab_reference/
train.js runs GAN Lab's model, losses, SGD and input providers on TensorFlow.js's CPU
backend (tfjs-core 0.12, the version GAN Lab builds with) from exactly those inputs, and
the weights after every D and G update are kept. tests/test_ganlab_parity.py replays
the same iterations with our Trainer and compares, so pytest needs no Node. Needs node
and npm (the reference's one package comes from the npm registry):

    .venv/bin/python scripts/ganlab_parity.py [--iterations 50]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
from pathlib import Path

import numpy as np
import torch

from ganlab_gl.core.presets import GANLAB_PRESETS, with_preset
from ganlab_gl.core.settings import GanConfig
from ganlab_gl.core.trainer import Trainer

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "scripts" / "ganlab_reference"
FIXTURES = ROOT / "tests" / "fixtures"
SEED = 0


def parity_trainer(preset: str) -> Trainer:
    """The trainer both sides start from (the test builds the same one)."""
    config = with_preset(GanConfig(), preset)
    config.run.seed, config.run.device = SEED, "cpu"
    return Trainer(config)


def inputs_digest(trainer: Trainer) -> str:
    """sha256 of the initial weights and both atlases: the fixture holds only this, not the inputs."""
    digest = hashlib.sha256()
    for tensor in [*trainer.generator.state_dict().values(), *trainer.discriminator.state_dict().values(),
                   trainer.noise_atlas, trainer.real_atlas]:
        digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()


def ganlab_variables(network: torch.nn.Sequential) -> list[dict]:
    """GAN Lab's variable list for one network: W as [in, out], then b, layer by layer."""
    variables = []
    for layer in network:
        if isinstance(layer, torch.nn.Linear):
            variables.append({"shape": list(layer.weight.T.shape), "values": layer.weight.T.flatten().tolist()})
            variables.append({"shape": list(layer.bias.shape), "values": layer.bias.tolist()})
    return variables


def run_reference(trainer: Trainer, iterations: int) -> dict:
    c = trainer.config
    job = {
        "config": {"noiseSize": c.noise.dim, "batchSize": c.train.batch_size, "kDSteps": c.train.d_steps,
                   "kGSteps": c.train.g_steps, "dLearningRate": c.train.d_lr, "gLearningRate": c.train.g_lr},
        "iterations": iterations,
        "generator": ganlab_variables(trainer.generator),
        "discriminator": ganlab_variables(trainer.discriminator),
        "noiseAtlas": trainer.noise_atlas.flatten().tolist(), "noiseRows": trainer.noise_atlas.shape[0],
        "realAtlas": trainer.real_atlas.flatten().tolist(), "realRows": trainer.real_atlas.shape[0],
    }
    done = subprocess.run(["node", str(REFERENCE / "train.js")], input=json.dumps(job), capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=50)
    args = parser.parse_args()
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund"], cwd=REFERENCE, check=True)
    FIXTURES.mkdir(exist_ok=True)
    for preset in GANLAB_PRESETS:
        trainer = parity_trainer(preset)
        result = run_reference(trainer, args.iterations)
        fixture = {"inputs_sha256": np.array(inputs_digest(trainer)), "iterations": np.array(args.iterations),
                   "tfjs_version": np.array(result["tfjsVersion"])}
        for network in ("D", "G"):
            updates = [u for u in result["updates"] if u["network"] == network]
            fixture[f"{network}_losses"] = np.array([u["loss"] for u in updates], dtype=np.float32)
            fixture[f"{network}_weights"] = np.array([np.concatenate(u["weights"]) for u in updates], dtype=np.float32)
        path = FIXTURES / f"ganlab_parity_{preset}.npz"
        np.savez_compressed(path, **fixture)
        print(f"{preset}: {len(result['updates'])} updates from tfjs-core {result['tfjsVersion']} -> {path}")


if __name__ == "__main__":
    main()
