"""What a long headless command is doing, said on stderr as it works (`render`: a 2048² manifold took a minute on a
software rasteriser with nothing said, and looked hung).

A command that ends within QUIET_FOR seconds says nothing more than it did. Past them each step says its words as
it starts ("ganlab-gl render: drawing the picture 1600x1600"), its share done at most every EVERY seconds
("…: 35%"), and the command's last line gains its total time (`took`). Lines, not a bar redrawn in place: stderr
is often a log. Torch-free.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

QUIET_FOR = 1.0  # seconds a command works before it says anything: a quick one says what it always said
EVERY = 1.0  # seconds between two lines at least


class Progress:
    """`command`'s steps (`step`) and their shares done (`done`), said on `stream` (None: stderr) by `clock`'s
    seconds (None: time.monotonic) since it was made."""

    def __init__(self, command: str, stream: TextIO | None = None, clock: Callable[[], float] | None = None):
        self.prefix = f"ganlab-gl {command}: "
        self.stream = stream
        self.clock = clock or time.monotonic
        self.started = self.clock()
        self.words = ""
        self._said_at: float | None = None  # when the last line was said; None: none yet

    def step(self, words: str) -> None:
        """A step starts ("probing the heatmap 2048x2048"), said at once past QUIET_FOR."""
        self.words = words
        now = self.clock()
        if now - self.started >= QUIET_FOR:
            self._say(words, now)

    def done(self, share: float) -> None:
        """`share` (0 to 1) of the step is done: said past QUIET_FOR, EVERY seconds after the last line at least."""
        now = self.clock()
        if now - self.started >= QUIET_FOR and (self._said_at is None or now - self._said_at >= EVERY):
            self._say(f"{self.words}: {min(max(share, 0.0), 1.0):.0%}", now)

    def took(self) -> str:
        """" in 58.2 s", the time since the start, for the command's last line; "" within QUIET_FOR."""
        seconds = self.clock() - self.started
        return f" in {seconds:.1f} s" if seconds >= QUIET_FOR else ""

    def _say(self, text: str, now: float) -> None:
        print(self.prefix + text, file=self.stream or sys.stderr, flush=True)
        self._said_at = now
