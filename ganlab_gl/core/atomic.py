"""Atomic file writes: readers see the old file or the new one, never a mix.

Every file ganlab-gl writes (checkpoints, metrics, configs, session state, samples,
pictures, videos) goes to a temporary name beside the target, is flushed to disk, and is
renamed over the target. A full disk, a kill or a crash mid-write leaves the previous
file whole and the temporary removed (a SIGKILL can leave a `.NAME.*.tmp` file behind,
never a damaged NAME, and the next write of NAME removes it). `write` fills the file
through a handle; `Replacement` hands out the temporary's name, for writers that open
the file themselves (ffmpeg, Pillow) and for files written over a while (a recording).
New files get the mode `open()` would give (0666 less the umask), like every other file
the user makes.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import BinaryIO, Callable


class Replacement:
    """`temporary`, a sibling of `path` to write; `commit` renames it over `path`, `discard` removes it.

    With keep_suffix the temporary ends in path's suffix too (`.clip.mp4.1a2b3c4d.tmp.mp4`), for writers that
    choose the format by the name. As a context manager it gives `temporary`, commits on a clean exit and
    discards on any exception, Ctrl-C included.
    """

    def __init__(self, path: str | os.PathLike[str], keep_suffix: bool = False):
        self.path = Path(path)
        remove_leftovers(self.path, keep_suffix)
        suffix = self.path.suffix if keep_suffix else ""
        self.temporary = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.tmp{suffix}")

    def commit(self) -> Path:
        """Flush the finished temporary to disk and rename it over `path`; if that fails, remove it."""
        try:
            _sync_file(self.temporary)
            os.replace(self.temporary, self.path)
        except BaseException:
            self.discard()
            raise
        _sync_directory(self.path.parent)
        return self.path

    def discard(self) -> None:
        self.temporary.unlink(missing_ok=True)

    def __enter__(self) -> Path:
        return self.temporary

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def remove_leftovers(path: str | os.PathLike[str], keep_suffix: bool = False) -> None:
    """Remove the temporaries of `path` that a writer killed mid-write left behind (a `Replacement`'s names)."""
    path = Path(path)
    for leftover in path.parent.glob(f".{path.name}.*.tmp{path.suffix if keep_suffix else ''}"):
        leftover.unlink(missing_ok=True)


def write(path: str | os.PathLike[str], fill: Callable[[BinaryIO], object]) -> Path:
    """fill(handle) writes the content; then fsync and rename over `path`."""
    with Replacement(path) as temporary, open(temporary, "xb") as handle:
        fill(handle)
    return Path(path)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    return write(path, lambda handle: handle.write(data))


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


def _sync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDWR)  # Windows cannot sync a read-only descriptor
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


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
