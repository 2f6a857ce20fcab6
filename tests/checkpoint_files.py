"""Read and rewrite checkpoint files field by field, to plant damage in tests."""

from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors.torch import load, save

from ganlab_gl.core import checkpoint


def read_bytes(data: bytes) -> tuple[dict[str, torch.Tensor], dict]:
    """(tensors, sidecar) of a checkpoint file's bytes."""
    header = json.loads(data[8:8 + int.from_bytes(data[:8], "little")])
    return load(data), json.loads(header["__metadata__"][checkpoint.METADATA_KEY])


def read(path: Path) -> tuple[dict[str, torch.Tensor], dict]:
    """(tensors, sidecar) of a checkpoint file or run directory."""
    path = path / checkpoint.CHECKPOINT_FILE if path.is_dir() else path
    return read_bytes(path.read_bytes())


def to_bytes(tensors: dict[str, torch.Tensor], sidecar: dict, *, keep_manifest: bool = False) -> bytes:
    """A checkpoint file's bytes; the sidecar's tensor list follows `tensors` unless `keep_manifest`."""
    if not keep_manifest:
        sidecar = {**sidecar, "tensors": sorted(tensors)}
    return save(tensors, metadata={checkpoint.METADATA_KEY: json.dumps(sidecar)})


def write(path: Path, tensors: dict[str, torch.Tensor], sidecar: dict, *, keep_manifest: bool = False) -> bytes:
    path = path / checkpoint.CHECKPOINT_FILE if path.is_dir() else path
    data = to_bytes(tensors, sidecar, keep_manifest=keep_manifest)
    path.write_bytes(data)
    return data


def drop_keys_since(sidecar: dict, older: int) -> None:
    """Removes from the sidecar's config the keys formats after `older` added (not whole sections), in place."""
    for version, added in checkpoint.SETTINGS_SINCE.items():
        for path in added:
            if version > older and "." in path:
                section, key = path.split(".")
                del sidecar["config"][section][key]
