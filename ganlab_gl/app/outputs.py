"""Where the lab writes: one folder for sessions (Ctrl+S), screenshots (F12), recordings (Ctrl+R), exports (Ctrl+E).

`$GANLAB_GL_OUTPUT` when set, else `~/ganlab-gl`. The first time a session writes there the lab
prints the full path (and shows it in a notice, as every save does), so the files can be found
after the window is closed. Paths typed in the files panel still go where they say.

What the lab writes while it runs is taken on the window's thread (copied, or as it is where nothing changes it
after: a timeline's rows) and written on a thread of its own (`BackgroundWrite`): a session with a full timeline
is 64 MB (1.2 s where the window wrote it), an 8192x8192 screenshot's PNG some 7 s.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlparse

from .actions import Refused

OUTPUT_ENV = "GANLAB_GL_OUTPUT"
DEFAULT_FOLDER = "~/ganlab-gl"
SESSION_NAME = "session"  # Ctrl+S saves <folder>/session/
# A stop signal saves unsaved work to <folder>/interrupted/ (Controller.save_on_stop, claim_folder): never the session
# folder, where a session the user saved may be, and one folder however often, each interrupted save replacing the last
INTERRUPTED_NAME = "interrupted"
_CLAIMS: list[int] = []  # claim_folder's locks, open until the process exits
RECORDING_NAME = "recording.mp4"  # Ctrl+R records <folder>/recording.mp4
EXPORT_NAME = "training.mp4"  # Ctrl+E exports the timeline to <folder>/training.mp4
STATE_FILE = "state.json"  # a session's settings and view beside its checkpoint (AppState.to_json)


def user_path(text: object) -> Path:
    """A path typed in the lab (a field, a drop, the command line): `~` is the home folder, as a shell reads it
    (the lab once made a folder named `~` in the working directory); a pasted one without what a file manager or
    a terminal wraps it in, matching quotes or a file:// address ("no such file" named the quotes). actions.Refused
    where `~user` names no user."""
    text = str(text).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1].strip()
    if text.startswith("file://"):
        text = unquote(urlparse(text).path)
    try:
        return Path(text).expanduser()
    except RuntimeError:  # pathlib's "Could not determine home directory"
        raise Refused(f"{text}: no such user's home folder") from None


def output_folder() -> Path:
    """The folder the lab's outputs go to, absolute."""
    return Path(os.environ.get(OUTPUT_ENV) or DEFAULT_FOLDER).expanduser().resolve()


def claim_folder(folder: Path, name: str) -> Path:
    """`folder/name`, or `name-2`, `name-3`... where another process holds it this moment, each claim held until the
    process exits: labs stopped together (a logout hangs up every one) each save whole to a folder of their own,
    where their files mixed in one; labs stopped one at a time replace the last one's. A folder that cannot be made
    is left to the save to report."""
    try:
        import fcntl
        folder.mkdir(parents=True, exist_ok=True)
    except (ImportError, OSError):  # no flock (Windows) or no folder: the one name
        return folder / name
    for number in range(1, 100):
        claimed = name if number == 1 else f"{name}-{number}"
        try:
            lock = os.open(folder / f".{claimed}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:  # a folder that cannot be written: the save says so
            return folder / name
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(lock)
            continue
        _CLAIMS.append(lock)
        return folder / claimed
    return folder / name


class BackgroundWrite:
    """`write()` run on a thread of its own while the window draws on. It must need nothing that changes: what it
    writes is taken on the window's thread first (checkpoint.contents, a screenshot's pixels), and it should hold
    Python's lock only briefly, as the window waits for it (a file's write and torch's copies let go of it). The
    window's thread asks `done` each frame and then reads `result` or `error`: a fault of the thread is said there,
    as a notice (a thread's own exception would be lost). Not a daemon thread: the interpreter's exit waits for the
    file."""

    def __init__(self, write: Callable[[], object], name: str):
        self.result: object = None
        self.error: Exception | None = None
        self._thread = threading.Thread(target=self._run, args=(write,), name=name)
        self._thread.start()

    def _run(self, write: Callable[[], object]) -> None:
        try:
            self.result = write()
        except Exception as error:  # noqa: BLE001 - whatever it was (a full disk, weights gone NaN), it is said
            self.error = error

    def done(self) -> bool:
        return not self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Until the file is written (the lab closing, a load of the folder being written); whether it is."""
        self._thread.join(timeout)
        return self.done()
