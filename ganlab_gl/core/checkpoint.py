"""Checkpoints: safetensors for tensors, a JSON sidecar for everything else. No pickle.

A run directory holds `checkpoint.safetensors` (weights, optimizer moments, the real
data atlas, user data points, RNG state) and `checkpoint.json` (config, iteration,
optimizer hyperparameters, metric history). Both are written to a temporary name and
renamed, so a crash mid-save never leaves a half-written checkpoint.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from . import datasets
from .settings import SettingError, from_dict, to_dict
from .trainer import Trainer

TENSORS_FILE = "checkpoint.safetensors"
SIDECAR_FILE = "checkpoint.json"
FORMAT_VERSION = 1


class CheckpointError(ValueError):
    """A checkpoint that cannot be loaded; the message says why."""


def _atomic_write(path: Path, write: Any) -> None:
    """write(temp_path) then rename over `path` (atomic on POSIX within one directory)."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        write(temp)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _flatten_optimizer(prefix: str, state: dict, tensors: dict[str, torch.Tensor]) -> list[dict]:
    """Optimizer moments into `tensors`; returns param_groups (hyperparameters) for the sidecar."""
    for index, entries in state["state"].items():
        for key, value in entries.items():
            tensors[f"{prefix}.state.{index}.{key}"] = torch.as_tensor(value).detach().cpu().contiguous()
    return state["param_groups"]


def _unflatten_optimizer(prefix: str, groups: list[dict], tensors: dict[str, torch.Tensor]) -> dict:
    state: dict[int, dict[str, torch.Tensor]] = {}
    for name, value in tensors.items():
        if name.startswith(prefix + ".state."):
            index, key = name[len(prefix) + 7:].split(".", 1)
            state.setdefault(int(index), {})[key] = value
    return {"state": state, "param_groups": groups}


def save(trainer: Trainer, run_dir: str | Path) -> Path:
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    trainer.flush_losses()
    state = trainer.state_dict()
    tensors: dict[str, torch.Tensor] = {}
    for net in ("generator", "discriminator"):
        for name, value in state[net].items():
            tensors[f"{net}.{name}"] = value.detach().cpu().contiguous()
    groups = {opt: _flatten_optimizer(opt, state[opt], tensors) for opt in ("d_optimizer", "g_optimizer")}
    tensors["rng.step"] = state["step_rng"].cpu()
    tensors["data.atlas"] = trainer.real_atlas.cpu().contiguous()
    dataset = trainer.dataset
    for field in ("centers", "stds", "weights"):
        tensors[f"data.{field}"] = getattr(dataset, field).contiguous()
    sidecar = {
        "format": FORMAT_VERSION,
        "config": to_dict(trainer.config),
        "iteration": state["iteration"],
        "real_cursor": state["real_cursor"],
        "noise_cursor": state["noise_cursor"],
        "rng_device": trainer.device.type,
        "optimizer_groups": groups,
        "dataset": {"name": dataset.name, "curve": dataset.curve, "unit_square": dataset.unit_square,
                    "modes": dataset.is_mixture_of_modes},
        "history": trainer.history.to_dict(),
    }
    _atomic_write(run_dir / TENSORS_FILE, lambda temp: save_file(tensors, temp))
    _atomic_write(run_dir / SIDECAR_FILE, lambda temp: Path(temp).write_text(json.dumps(sidecar, indent=1)))
    return run_dir


def load(run_dir: str | Path, device: str | None = None) -> Trainer:
    """Rebuild a trainer from a run directory; refuses mismatched or damaged files with a reason."""
    run_dir = Path(run_dir)
    sidecar_path, tensors_path = run_dir / SIDECAR_FILE, run_dir / TENSORS_FILE
    for path in (sidecar_path, tensors_path):
        if not path.is_file():
            raise CheckpointError(f"{run_dir}: no {path.name} (not a ganlab-gl run directory?)")
    try:
        sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
        config = from_dict(sidecar["config"], source=str(sidecar_path))
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as error:
        raise CheckpointError(f"{sidecar_path}: damaged sidecar ({error})") from None
    except SettingError as error:
        raise CheckpointError(str(error)) from None
    if device is not None:
        config.run.device = device
    try:
        tensors = load_file(str(tensors_path))
    except (SafetensorError, OSError) as error:
        raise CheckpointError(f"{tensors_path}: not a readable safetensors file ({error})") from None
    info = sidecar.get("dataset", {})
    try:
        dataset = datasets.Dataset(info["name"], tensors["data.centers"], tensors["data.stds"],
                                   tensors["data.weights"], info["modes"], info["curve"], info["unit_square"])
    except KeyError as error:
        raise CheckpointError(f"{run_dir}: checkpoint lacks dataset entry {error}") from None
    trainer = Trainer(config, dataset=dataset)
    _check_shapes(trainer, tensors, tensors_path)
    try:
        groups = sidecar["optimizer_groups"]
        for name in ("d_optimizer", "g_optimizer"):
            # Adam's groups carry betas and SGD's do not; other keys vary between torch versions.
            adam_stored = "betas" in groups[name][0]
            if adam_stored != ("betas" in getattr(trainer, name).param_groups[0]):
                raise CheckpointError(f"{sidecar_path}: {name} holds {'Adam' if adam_stored else 'SGD'} state but "
                                      f"the config says {getattr(config.train, name)}")
        state = {
            "generator": {k[10:]: v for k, v in tensors.items() if k.startswith("generator.")},
            "discriminator": {k[14:]: v for k, v in tensors.items() if k.startswith("discriminator.")},
            "d_optimizer": _unflatten_optimizer("d_optimizer", groups["d_optimizer"], tensors),
            "g_optimizer": _unflatten_optimizer("g_optimizer", groups["g_optimizer"], tensors),
            # A generator's state only fits a generator on the same kind of device.
            "step_rng": (tensors["rng.step"] if sidecar.get("rng_device") == trainer.device.type
                         else trainer.step_rng.get_state()),
            "iteration": sidecar["iteration"],
            "real_cursor": sidecar["real_cursor"],
            "noise_cursor": sidecar.get("noise_cursor", 0),
        }
        trainer.load_state_dict(state)
    except CheckpointError:
        raise
    except (KeyError, IndexError, TypeError) as error:
        raise CheckpointError(f"{run_dir}: damaged checkpoint, missing or malformed {error}") from None
    except (ValueError, RuntimeError) as error:
        raise CheckpointError(f"{tensors_path}: optimizer state does not fit the config ({error})") from None
    trainer.real_atlas = tensors["data.atlas"].to(trainer.device)
    trainer.history.load_dict(sidecar.get("history", {}))
    return trainer


def _check_shapes(trainer: Trainer, tensors: dict[str, torch.Tensor], source: Path) -> None:
    for net in ("generator", "discriminator"):
        expected = {f"{net}.{k}": v.shape for k, v in getattr(trainer, net).state_dict().items()}
        stored = {k: v.shape for k, v in tensors.items() if k.startswith(net + ".")}
        for name in sorted(set(expected) | set(stored)):
            if name not in stored:
                raise CheckpointError(f"{source}: missing tensor {name} that the config's {net} needs")
            if name not in expected:
                raise CheckpointError(f"{source}: tensor {name} has no place in the config's {net}")
            if tuple(stored[name]) != tuple(expected[name]):
                raise CheckpointError(f"{source}: tensor {name} has shape {tuple(stored[name])}, "
                                      f"the config's {net} needs {tuple(expected[name])}")
