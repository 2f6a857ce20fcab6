"""A native crash's trace kept in a file, and said at the lab's next start.

faulthandler writes every thread's Python stack when the process dies of a fatal signal (a segfault, an abort),
which is how a crash inside the GL driver or torch can be told apart from one of ours (docs/LAB.md, Reliability).
It wrote to stderr, so a lab started from a launcher, or whose terminal was closed, vanished with no trace (twice in
reviews). Each lab writes it to a file of its own, `crash-<pid>.log` in the user's state folder
(`$XDG_STATE_HOME/ganlab-gl`, else `~/.local/state/ganlab-gl`: logs, not outputs, so the outputs folder is not made
by merely opening the lab). A clean exit removes the file, empty; the next lab to start finds a non-empty one left
by a process that is gone, and says where it is, once (renamed `crashed-<pid>.log`, kept for the report).
"""

from __future__ import annotations

import atexit
import faulthandler
import os
import time
from pathlib import Path
from typing import TextIO

STATE_ENV = "XDG_STATE_HOME"
LIVE_LOG = "crash-{pid}.log"  # written by a running lab; empty unless it crashed
KEPT_LOG = "crashed-{pid}.log"  # a crashed lab's trace, once said


def crash_folder() -> Path:
    """Where the labs' crash logs go: the XDG state folder's ganlab-gl (created on first use)."""
    return Path(os.environ.get(STATE_ENV) or "~/.local/state").expanduser() / "ganlab-gl"


def earlier_crashes(folder: Path) -> list[str]:
    """One line for each lab that crashed since the last start (a non-empty log whose process is gone), its log
    renamed so that it is said once; the empty log of a lab killed outright (SIGKILL leaves no trace) removed."""
    said = []
    for log in sorted(folder.glob(LIVE_LOG.format(pid="*"))):
        pid = log.stem.removeprefix("crash-")
        if not pid.isdigit() or _alive(int(pid)):
            continue  # another lab running now, or not ours
        try:
            if log.stat().st_size == 0:
                log.unlink()
                continue
            kept = log.with_name(KEPT_LOG.format(pid=pid))
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(log.stat().st_mtime))
            log.rename(kept)
        except OSError:  # another lab starting took it first, or the folder is read-only: nothing to say twice
            continue
        said.append(f"the lab closed unexpectedly on {when} (a native crash); what every thread was doing is in "
                    f"{kept}: please report it with what you were doing")
    return said


def keep_crash_trace(folder: Path) -> None:
    """faulthandler on, into this process's log in `folder` (stderr where the folder cannot be written). The log
    stays open, held by the exit handler that closes it at a clean exit and removes it, empty. Where faulthandler is
    on already (PYTHONFAULTHANDLER, `-X faulthandler`: bench/window_fps.py and scripts/lab_stress.py read a crashed
    lab's stderr), the trace stays on stderr, where whoever turned it on reads it."""
    if faulthandler.is_enabled():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        log = open(folder / LIVE_LOG.format(pid=os.getpid()), "w", encoding="utf-8")
    except OSError:
        faulthandler.enable()
        return
    faulthandler.enable(file=log, all_threads=True)
    atexit.register(_close_cleanly, log)


def _close_cleanly(log: TextIO) -> None:
    faulthandler.disable()
    log.close()
    try:
        if os.path.getsize(log.name) == 0:
            os.unlink(log.name)
    except OSError:
        pass  # gone already; a later start removes what is left


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
