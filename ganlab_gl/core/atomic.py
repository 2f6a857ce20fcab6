"""Atomic file writes: readers see the old file or the new one, never a mix.

Every file ganlab-gl writes (checkpoints, metrics, configs, session state, samples,
pictures) goes through `write`: the content goes to a temporary name beside the
target, is flushed to disk, and is renamed over the target. A full disk, a kill or a
crash mid-write leaves the previous file whole and the temporary removed (a SIGKILL
can leave a `.NAME.*.tmp` file behind, never a damaged NAME, and the next write of NAME
removes it). New files get the
mode `open()` would give (0666 less the umask), like every other file the user makes.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import BinaryIO, Callable


def write(path: str | os.PathLike[str], fill: Callable[[BinaryIO], object]) -> Path:
    """fill(handle) writes the content; then fsync and rename over `path`."""
    path = Path(path)
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):  # from a writer killed mid-write (SIGKILL, OOM)
        leftover.unlink(missing_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_directory(path.parent)
    return path


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    return write(path, lambda handle: handle.write(data))


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable; some file systems cannot sync a directory, which is fine."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
