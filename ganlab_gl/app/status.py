"""A JSON status file the running app rewrites every frame, for tests that drive the real
window from outside (xdotool under Xvfb) and need to see what the app saw.

Off unless the environment variable GANLAB_GL_STATUS_FILE names the file. Each write
goes to a temporary file that then replaces the status file, so a reader never sees a
half-written one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

STATUS_FILE_ENV = "GANLAB_GL_STATUS_FILE"


class StatusFile:
    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self._scratch = self.path.with_name(self.path.name + ".writing")

    @classmethod
    def from_environment(cls) -> StatusFile | None:
        path = os.environ.get(STATUS_FILE_ENV)
        return cls(path) if path else None

    def write(self, status: Mapping[str, Any]) -> None:
        self._scratch.write_text(json.dumps(status), encoding="utf-8")
        os.replace(self._scratch, self.path)


def read_status(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The last status written, or None before the first write."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
