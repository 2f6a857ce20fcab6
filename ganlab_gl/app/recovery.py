"""The interrupted saves an earlier lab left, named at the next start until opened or dismissed.

A stop signal saves a lab's unsaved progress to `<output>/interrupted/` (`interrupted-2/`... where labs stopped
together: outputs.claim_folder) and says so on a terminal that may be gone by then. The next lab on that output
folder finds each such folder not opened or dismissed since (`unseen_saves`), says what it holds in one notice
(`startup_notice`) and lists it in the files panel, to open (the load path, with its question where the run on screen
is unsaved) or to dismiss. Either marks it seen (`mark_seen`): a file beside its session, `SEEN_FILE`, naming the
files it saw; nothing is moved or deleted, so `ganlab-gl FOLDER` opens it still. A later interrupted save into the
same folder changes those files, and is named afresh.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from ganlab_gl import runs
from ganlab_gl.core import atomic, checkpoint

from .actions import Action, key_of
from .outputs import INTERRUPTED_NAME

SEEN_FILE = ".ganlab-seen.json"  # {"seen": "opened" | "dismissed", "files": the folder's files as then seen}
CLAIMED_NAMES = 99  # interrupted/, interrupted-2/ ... interrupted-99/: every name claim_folder gives
NOTICE_TOPIC = "interrupted saves"  # the start's notice, taken down once one is opened or dismissed
WHEN_FORMAT = "%Y-%m-%d %H:%M"  # as crash_log names a crash's time


@dataclass(frozen=True)
class InterruptedSave:
    folder: Path  # absolute
    title: str | None  # "Ring at iteration 1,234": the run its checkpoint holds; None where none can be read
    saved_at: float  # the checkpoint's time of change (the folder's where it has none), seconds since the epoch
    files: tuple[tuple[str, int, int], ...]  # what it holds (name, size, time of change): what marking it saw

    @property
    def when(self) -> str:
        return time.strftime(WHEN_FORMAT, time.localtime(self.saved_at))

    @property
    def problem(self) -> str:
        """Why it cannot be opened, in a few words ("" where it can)."""
        if self.title is not None:
            return ""
        if not any(name == checkpoint.CHECKPOINT_FILE for name, _, _ in self.files):
            return f"no {checkpoint.CHECKPOINT_FILE}: the save stopped before the run was written"
        return f"its {checkpoint.CHECKPOINT_FILE} cannot be read"

    def described(self) -> str:
        """'Ring at iteration 1,234, saved 2026-12-05 06:14', or why it cannot be opened."""
        if self.title is None:
            return f"{self.folder.name}, which cannot be opened ({self.problem})"
        return f"{self.title}, saved {self.when}"


def unseen_saves(output_folder: Path) -> tuple[InterruptedSave, ...]:
    """The interrupted saves in `output_folder` not opened or dismissed since they were written: those that can be
    opened first (a save cut short later than one whole pushed it below the files panel's fold), each newest first.
    A folder that cannot be listed is passed over: nothing of it is touched."""
    found = []
    for number in range(1, CLAIMED_NAMES + 1):
        folder = output_folder / (INTERRUPTED_NAME if number == 1 else f"{INTERRUPTED_NAME}-{number}")
        try:
            if not folder.is_dir():
                continue
            files = _files(folder)
            if _seen(folder) == files:
                continue
            stamp = folder / checkpoint.CHECKPOINT_FILE
            saved_at = (stamp if stamp.is_file() else folder).stat().st_mtime
        except OSError:
            continue
        found.append(InterruptedSave(folder.resolve(), checkpoint.describe(folder), saved_at, files))
    return tuple(sorted(found, key=lambda save: (save.title is None, -save.saved_at)))


def mark_seen(save: InterruptedSave, how: str) -> str | None:
    """Mark `save` seen (`how`: "opened" or "dismissed"), so the next start names it no more; None, or why it could
    not be marked, in one line (it is named again then, and nothing is lost)."""
    try:
        atomic.write_text(save.folder / SEEN_FILE, json.dumps({"seen": how, "files": save.files}))
    except OSError as error:
        return (f"could not mark {save.folder} as {how} ({runs.write_reason(error)}); the next start names it "
                "again")
    return None


def startup_notice(saves: tuple[InterruptedSave, ...]) -> str:
    """One notice for the saves `unseen_saves` found: what the first holds (the newest that can be opened) and when,
    and where to open or dismiss it; "" for none."""
    if not saves:
        return ""
    newest = saves[0]
    if len(saves) == 1 and newest.title is None:
        return (f"{newest.folder}: an interrupted save that cannot be opened ({newest.problem}), left as it is. The "
                "Files section lists it: Dismiss sets it aside")
    opens = key_of(Action.OPEN_INTERRUPTED)
    if len(saves) == 1:
        return (f"a lab stopped with unsaved work saved it to {newest.folder}: {newest.described()}. The Files "
                f"section lists it: Open ({opens}) opens it, Dismiss sets it aside")
    return (f"labs stopped with unsaved work saved it to {len(saves)} folders in {newest.folder.parent}, the newest "
            f"{newest.described()}. The Files section lists them: Open opens one ({opens} the newest), Dismiss sets "
            "one aside")


def _files(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """The folder's own files by name, size and time of change, the mark left out: a new save changes them."""
    listed = [(path.name, path.stat()) for path in folder.iterdir() if path.is_file() and path.name != SEEN_FILE]
    return tuple(sorted((name, stat.st_size, stat.st_mtime_ns) for name, stat in listed))


def _seen(folder: Path) -> tuple | None:
    """The files the mark saw, or None where there is no mark or it cannot be read (named again: nothing lost)."""
    try:
        files = json.loads((folder / SEEN_FILE).read_text(encoding="utf-8"))["files"]
        return tuple(tuple(entry) for entry in files)
    except (OSError, ValueError, KeyError, TypeError):
        return None
