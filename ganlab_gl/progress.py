"""What a long headless command is doing, said on stderr as it works (`render`: a 2048² session drew for a minute
with nothing said, and looked hung).

A step that goes on past QUIET_FOR seconds says so with its share done ("ganlab-gl render: probing the heatmap
2048x2048 and the manifold 2048x2048: 35%"), then at most every EVERY seconds; from then on each step says its words
as it starts ("ganlab-gl render: drawing the picture 1600x1600"), and the command's last line gains its time in all
(`took`). A command with no step that long says only what it always said: importing torch and making a GL context
take a second or two of every command, which no step waits for. Lines, not a bar redrawn in place: stderr is often a
log. Torch-free.

A counted command (`train`'s iterations, `animate`'s frames) draws tqdm's bar on a terminal, and says a line as each
tenth of its count is passed where stderr is a file or a pipe (`Counting`): tqdm redraws its bar with a carriage
return, and the thousands of redraws of a long run ran into one line of a log.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import BinaryIO, TextIO

from .core.wording import counted

QUIET_FOR = 1.0  # seconds a step works before it says anything: a quick command says what it always said
EVERY = 1.0  # seconds between two lines at least


class Progress:
    """`command`'s steps (`step`) and their shares done (`done`), said on `stream` (None: stderr) by `clock`'s
    seconds (None: time.monotonic)."""

    def __init__(self, command: str, stream: TextIO | None = None, clock: Callable[[], float] | None = None):
        self.prefix = f"ganlab-gl {command}: "
        self.stream = stream
        self.clock = clock or time.monotonic
        self.started = self.step_started = self.clock()
        self.words = ""
        self._said_at: float | None = None  # when the last line was said; None: none yet

    def step(self, words: str) -> None:
        """A step starts ("probing the heatmap 2048x2048"): said at once once a step has been said."""
        self.words, self.step_started = words, self.clock()
        if self._said_at is not None:
            self._say(words, self.step_started)

    def done(self, share: float) -> None:
        """`share` (0 to 1) of the step is done: said once the step has gone on QUIET_FOR seconds, EVERY seconds
        after the last line at least."""
        self._report(lambda: f"{min(max(share, 0.0), 1.0):.0%}")

    def written(self, count: int) -> None:
        """`count` bytes of a file whose size is known only at its end (a compressed PNG) are written: said as
        done's share is ("writing big.png: 14.2 MB"; a 4096 px PNG wrote for seconds in silence)."""
        self._report(lambda: f"{count / 1e6:.1f} MB")

    def _report(self, reading: Callable[[], str]) -> None:
        """The step's words and its `reading` said once it has gone on QUIET_FOR seconds, EVERY seconds after the
        last line at least."""
        now = self.clock()
        if now - self.step_started >= QUIET_FOR and (self._said_at is None or now - self._said_at >= EVERY):
            self._say(f"{self.words}: {reading()}", now)

    def took(self) -> str:
        """" in 58.2 s", the time since the start, for the command's last line; "" where nothing was said."""
        return "" if self._said_at is None else f" in {self.clock() - self.started:.1f} s"

    def _say(self, text: str, now: float) -> None:
        print(self.prefix + text, file=self.stream or sys.stderr, flush=True)
        self._said_at = now


SHOWN = ("bar", "lines")  # how a counted command shows its count (its --progress); --quiet shows none


class Counting:
    """`total` things (`unit`: "iteration") of `command` counted as they are done (`advance`), and said as `shown`
    says: "bar" (tqdm's, its rate in `bar_unit`s a second: "it/s"; None: `unit`), "lines" (one as each tenth is
    passed) or None (nothing). `stream` None: stderr; `clock`'s seconds (None: time.monotonic) time the lines."""

    def __init__(self, command: str, total: int, unit: str, shown: str | None, stream: TextIO | None = None,
                 clock: Callable[[], float] | None = None, bar_unit: str | None = None):
        self.prefix, self.total, self.unit, self.shown = f"ganlab-gl {command}: ", total, unit, shown
        self.stream = stream or sys.stderr
        self.clock = clock or time.monotonic
        self.started, self.count, self._tenths_said = self.clock(), 0, 0
        self._bar = None
        if shown == "bar":
            from tqdm import tqdm
            self._bar = tqdm(total=total, unit=bar_unit or unit, file=self.stream, dynamic_ncols=True)

    def advance(self, count: int, **readings: object) -> None:
        """`count` more done; `readings` (D="0.693") said beside the count, as tqdm's postfix."""
        self.count += count
        if self._bar is not None:
            self._bar.update(count)
            self._bar.set_postfix(**readings)
        tenths = self.count * 10 // max(self.total, 1)
        if self.shown == "lines" and tenths > self._tenths_said:
            said = ", ".join(f"{name}={value}" for name, value in readings.items())
            print(f"{self.prefix}{min(tenths, 10) * 10}%: {self.count:,} of {counted(self.total, self.unit)} in "
                  f"{self.clock() - self.started:.1f} s{f' ({said})' if said else ''}", file=self.stream, flush=True)
            self._tenths_said = tenths

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def shown_by_default(stream: TextIO | None = None) -> str:
    """"bar" where `stream` (None: stderr) is a terminal, else "lines"."""
    isatty = getattr(stream or sys.stderr, "isatty", None)
    return "bar" if isatty is not None and isatty() else "lines"


class CountedWrites:
    """A binary file whose writes tell `on_count` the bytes written so far (Progress.written), for a writer that
    takes a file and says nothing while it writes (PIL's PNG encoder)."""

    def __init__(self, handle: BinaryIO, on_count: Callable[[int], None]):
        self.handle, self.on_count, self.count = handle, on_count, 0

    def write(self, data: bytes) -> int:
        written = self.handle.write(data)
        self.count += len(data)
        self.on_count(self.count)
        return written
