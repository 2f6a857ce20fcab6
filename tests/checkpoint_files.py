"""Read and rewrite checkpoint files field by field, to plant damage in tests."""

from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors.torch import load, save

from ganlab_gl.core import checkpoint


def read(path: Path) -> tuple[dict[str, torch.Tensor], dict]:
    """(tensors, sidecar) of a checkpoint file or run directory."""
    path = path / checkpoint.CHECKPOINT_FILE if path.is_dir() else path
    data = path.read_bytes()
    header = json.loads(data[8:8 + int.from_bytes(data[:8], "little")])
    return load(data), json.loads(header["__metadata__"][checkpoint.METADATA_KEY])


def write(path: Path, tensors: dict[str, torch.Tensor], sidecar: dict, *, keep_manifest: bool = False) -> bytes:
    """Write a checkpoint as given; the sidecar's tensor list follows `tensors` unless `keep_manifest`."""
    path = path / checkpoint.CHECKPOINT_FILE if path.is_dir() else path
    if not keep_manifest:
        sidecar = {**sidecar, "tensors": sorted(tensors)}
    data = save(tensors, metadata={checkpoint.METADATA_KEY: json.dumps(sidecar)})
    path.write_bytes(data)
    return data
