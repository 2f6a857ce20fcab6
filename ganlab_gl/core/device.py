"""Pick the training device and say which one is in use, and why."""

from __future__ import annotations

import os

import torch

from .wording import counted


def resolve(choice: str, threads: int = 1) -> tuple[torch.device, str]:
    """`choice` is auto | cpu | cuda. Returns the device and a one-line note for the user, in words a student reads
    at a glance (the tooltip of the lab's speed read-out, and a notice where `fell_back`)."""
    torch.set_num_threads(threads)
    cuda = torch.cuda.is_available()
    cores = counted(threads, "thread")
    if choice == "cuda" and not cuda:
        return torch.device("cpu"), f"Training on the CPU ({cores}): run.device=cuda, but no CUDA GPU was found"
    if choice == "cuda" or (choice == "auto" and cuda):
        return torch.device("cuda"), f"Training on the GPU ({torch.cuda.get_device_name()})"
    if choice == "auto":
        return torch.device("cpu"), f"Training on the CPU ({cores}; no CUDA GPU found)"
    if choice == "cpu":
        return torch.device("cpu"), f"Training on the CPU ({cores}, as run.device=cpu asks)"
    raise ValueError(f"run.device: unknown choice {choice!r}")


def fell_back(choice: str, device: torch.device) -> bool:
    """Whether `device` is not the one `choice` asked for: run.device=cuda without a CUDA GPU trains on the CPU."""
    return choice == "cuda" and device.type != "cuda"


def processor(device: torch.device) -> str:
    """"GPU" or "CPU": where a run trains, as the lab's speed read-out names it."""
    return "GPU" if device.type == "cuda" else "CPU"


def picks_the_cpu(choice: str) -> bool:
    """Whether `resolve(choice)` trains on the CPU: asked to, or no CUDA GPU is found."""
    return choice == "cpu" or not torch.cuda.is_available()


def memory_mb(choice: str) -> tuple[str, int | None]:
    """Whose memory the device `resolve(choice)` trains on has, and how many MB; None where the system does not
    say (no sysconf)."""
    if not picks_the_cpu(choice):
        return "the GPU's", torch.cuda.get_device_properties(torch.cuda.current_device()).total_memory >> 20
    try:
        return "this machine's", os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") >> 20
    except (AttributeError, ValueError, OSError):
        return "this machine's", None
