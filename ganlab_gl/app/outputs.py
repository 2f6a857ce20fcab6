"""Where the lab writes: one folder for sessions (Ctrl+S), screenshots (F12), recordings (Ctrl+R), exports (Ctrl+E).

`$GANLAB_GL_OUTPUT` when set, else `~/ganlab-gl`. The first time a session writes there the lab
prints the full path (and shows it in a notice, as every save does), so the files can be found
after the window is closed. Paths typed in the files panel still go where they say.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from .actions import Refused

OUTPUT_ENV = "GANLAB_GL_OUTPUT"
DEFAULT_FOLDER = "~/ganlab-gl"
SESSION_NAME = "session"  # Ctrl+S saves <folder>/session/
RECORDING_NAME = "recording.mp4"  # Ctrl+R records <folder>/recording.mp4
EXPORT_NAME = "training.mp4"  # Ctrl+E exports the timeline to <folder>/training.mp4


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
