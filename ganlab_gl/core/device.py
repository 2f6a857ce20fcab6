"""Pick the training device and say which one is in use, and why."""

from __future__ import annotations

import torch


def resolve(choice: str, threads: int = 1) -> tuple[torch.device, str]:
    """`choice` is auto | cpu | cuda. Returns the device and a one-line note for the user."""
    torch.set_num_threads(threads)
    cuda = torch.cuda.is_available()
    if choice == "cuda" and not cuda:
        return torch.device("cpu"), "CUDA requested but not available; training on the CPU instead"
    if choice == "cuda" or (choice == "auto" and cuda):
        return torch.device("cuda"), f"training on CUDA ({torch.cuda.get_device_name()})"
    if choice == "auto":
        return torch.device("cpu"), f"no CUDA device found; training on the CPU ({threads} thread(s))"
    if choice == "cpu":
        return torch.device("cpu"), f"training on the CPU ({threads} thread(s))"
    raise ValueError(f"run.device: unknown choice {choice!r}")
