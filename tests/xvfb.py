"""Real-window test tier: a private Xvfb display, xdotool input, root screenshots, and
app processes that report their state through the status file (ganlab_gl/app/status.py).

Test modules import the fixtures they use (pytest finds fixtures by name in the module):

    from xvfb import xdo, xvfb  # noqa: F401  (fixtures)

    @pytest.mark.window
    def test_something(xvfb, xdo, tmp_path):
        app = AppProcess.start(SCRIPT, xvfb, tmp_path / "status.json", title="my test window")
        window = xdo.find_window(app.title)
        xdo.click(window, 40, 30)
        app.wait_for(lambda s: s["app"]["clicks"] == 1)
        image = screenshot(xvfb)

The fixtures skip, saying why, where Xvfb, xdotool or xwd is missing.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ganlab_gl.app.status import STATUS_FILE_ENV, read_status

SCREEN_SIZE = (1280, 800)
REPO_ROOT = Path(__file__).resolve().parent.parent
_TOOLS = {"Xvfb": "xvfb", "xdotool": "xdotool", "xwd": "x11-apps"}  # program -> Debian package


@dataclass
class Xvfb:
    display: str
    process: subprocess.Popen[bytes]

    @classmethod
    def start(cls, size: tuple[int, int] = SCREEN_SIZE, timeout: float = 10.0) -> Xvfb:
        """Xvfb on the first free display number: Xvfb picks it (skipping numbers whose lock
        file or sockets are taken) and writes it to -displayfd once it accepts connections."""
        read_end, write_end = os.pipe()
        process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"],
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write_end)
        try:
            number = _read_line(read_end, timeout)
        finally:
            os.close(read_end)  # only after the whole line: Xvfb exits if that write fails
        if not number:
            process.kill()
            raise RuntimeError(f"Xvfb did not report a display within {timeout} s (exit code {process.poll()})")
        return cls(f":{number}", process)

    def env(self) -> dict[str, str]:
        """This process's environment, pointed at this display."""
        return {**os.environ, "DISPLAY": self.display}

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class Xdo:
    """xdotool on one display. Coordinates are window-relative pixels; keys are X keysym
    names as xdotool takes them ("k", "ctrl+a", "Return", "Escape", "F11", "plus")."""

    def __init__(self, display: str):
        self.display = display

    def run(self, *args: str, timeout: float = 10.0) -> str:
        result = subprocess.run(
            ["xdotool", *args], env={**os.environ, "DISPLAY": self.display},
            capture_output=True, text=True, timeout=timeout,
        )
        if result.returncode != 0:
            raise RuntimeError(f"xdotool {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
        return result.stdout

    def find_window(self, title: str, timeout: float = 60.0) -> str:  # a loaded 2-core machine can take 20 s
        """The id of the visible window with exactly this title, waiting for it to appear."""
        deadline = time.monotonic() + timeout
        while True:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
                env={**os.environ, "DISPLAY": self.display}, capture_output=True, text=True, timeout=timeout,
            ).stdout.split()
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise TimeoutError(f"no visible window titled {title!r} on {self.display} after {timeout} s")
            time.sleep(0.1)

    def geometry(self, window: str) -> tuple[int, int, int, int]:
        """x, y (on the root window), width, height."""
        fields = dict(line.split("=", 1) for line in self.run("getwindowgeometry", "--shell", window).split())
        return int(fields["X"]), int(fields["Y"]), int(fields["WIDTH"]), int(fields["HEIGHT"])

    def move(self, window: str, x: int, y: int) -> None:
        self.run("mousemove", "--window", window, str(x), str(y))  # no --sync: it hangs when already there

    def click(self, window: str, x: int, y: int, button: int = 1, repeat: int = 1, delay_ms: int = 40) -> None:
        """Move there, then click `repeat` times `delay_ms` apart (quick clicks test that
        presses between two frames are not lost)."""
        self.run(  # no --sync: it would wait forever when the pointer is already at (x, y)
            "mousemove", "--window", window, str(x), str(y),
            "click", "--repeat", str(repeat), "--delay", str(delay_ms), str(button),
        )

    def drag(self, window: str, start: tuple[int, int], end: tuple[int, int], button: int = 1, steps: int = 8,
             pause_s: float = 0.03) -> None:
        """Press at start, move there in steps `pause_s` apart (apps see motion, not a jump), release at end.
        A slow app needs pauses of a frame or more to see each step."""
        path = [
            (round(start[0] + (end[0] - start[0]) * k / steps), round(start[1] + (end[1] - start[1]) * k / steps))
            for k in range(1, steps + 1)
        ]
        # No --sync on the first move: it waits for motion, and never returns when the pointer is already there.
        args = ["mousemove", "--window", window, str(start[0]), str(start[1]), "mousedown", str(button)]
        for x, y in path:
            args += ["sleep", str(pause_s), "mousemove", "--window", window, "--sync", str(x), str(y)]
        self.run(*args, "sleep", str(pause_s), "mouseup", str(button), timeout=10 + steps * pause_s)

    def key(self, window: str, *keys: str, delay_ms: int = 30) -> None:
        """Tap each key (press and release at once) in the focused window."""
        self.run("windowfocus", "--sync", window, "key", "--delay", str(delay_ms), *keys)

    def type_text(self, window: str, text: str, delay_ms: int = 30) -> None:
        self.run("windowfocus", "--sync", window, "type", "--delay", str(delay_ms), text)


def screenshot(display: Xvfb | str) -> np.ndarray:
    """The whole screen as an (height, width, 3) uint8 RGB array, top row first."""
    name = display.display if isinstance(display, Xvfb) else display
    data = subprocess.run(
        ["xwd", "-root", "-silent", "-display", name], capture_output=True, check=True, timeout=20
    ).stdout
    return parse_xwd(data)


def window_pixels(image: np.ndarray, geometry: tuple[int, int, int, int]) -> np.ndarray:
    """The part of a screenshot covered by a window (geometry as from Xdo.geometry)."""
    x, y, width, height = geometry
    return image[y : y + height, x : x + width]


def parse_xwd(data: bytes) -> np.ndarray:
    """RGB pixels of an XWD file (xwd's output) in TrueColor ZPixmap format, 24 or 32 bits
    per pixel, either byte order: what X servers at depth 24 give."""
    (header_size, _version, pixmap_format, _depth, width, height, _xoffset, byte_order, _unit, _bit_order,
     _pad, bits_per_pixel, bytes_per_line, _visual_class, red_mask, green_mask, blue_mask, _bits_per_rgb,
     _colormap_entries, colour_count) = struct.unpack(">20I", data[:80])
    if pixmap_format != 2 or bits_per_pixel not in (24, 32):
        raise ValueError(f"unsupported XWD image: format {pixmap_format}, {bits_per_pixel} bits per pixel")
    offset = header_size + 12 * colour_count  # colour entries follow the header (and its window name)
    bytes_per_pixel = bits_per_pixel // 8
    rows = np.frombuffer(data, np.uint8, count=height * bytes_per_line, offset=offset).reshape(height, bytes_per_line)
    pixel_bytes = rows[:, : width * bytes_per_pixel].reshape(height, width, bytes_per_pixel).astype(np.uint32)
    order = range(bytes_per_pixel) if byte_order == 1 else reversed(range(bytes_per_pixel))  # 1: MSB first
    values = np.zeros((height, width), np.uint32)
    for index in order:
        values = (values << 8) | pixel_bytes[:, :, index]
    channels = [(values & mask) >> _shift(mask) for mask in (red_mask, green_mask, blue_mask)]
    return np.stack(channels, axis=-1).astype(np.uint8)


def _read_line(fd: int, timeout: float) -> str:
    """Up to a newline (or end of file, or the timeout), without the newline."""
    deadline = time.monotonic() + timeout
    data = b""
    while not data.endswith(b"\n"):
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(fd, 64) if ready else b""
        if not chunk:
            break
        data += chunk
    return data.decode().strip()


def _shift(mask: int) -> int:
    return (mask & -mask).bit_length() - 1


@dataclass
class AppProcess:
    """A Python script that opens a window on an Xvfb display and writes the status file."""

    process: subprocess.Popen[str]
    status_path: Path
    title: str

    @classmethod
    def start(cls, script: Path, xvfb: Xvfb, status_path: Path, title: str, *args: str) -> AppProcess:
        env = {**xvfb.env(), STATUS_FILE_ENV: str(status_path), "PYTHONPATH": str(REPO_ROOT)}
        process = subprocess.Popen(
            [sys.executable, str(script), "--title", title, *args],
            env=env, cwd=status_path.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        return cls(process, status_path, title)

    def status(self) -> dict[str, Any] | None:
        return read_status(self.status_path)

    def wait_for(self, condition: Callable[[dict[str, Any]], bool], timeout: float = 15.0) -> dict[str, Any]:
        """The first status for which condition holds; fails with the last status seen."""
        deadline = time.monotonic() + timeout
        status = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = self.process.stdout.read() if self.process.stdout else ""
                raise AssertionError(f"app exited with {self.process.returncode} while waiting:\n{output}")
            status = self.status()
            if status is not None and condition(status):
                return status
            time.sleep(0.02)
        raise AssertionError(f"condition not met within {timeout} s; last status: {status}")

    def wait_frames(self, count: int = 3) -> dict[str, Any]:
        """A status written `count` frames after now: events sent before have been handled. The window writes its
        status 20 times a second, so the first one counted from is one written after now (its own clock)."""
        now = time.monotonic()
        start = self.wait_for(lambda status: status["clock"] >= now)["frame"]
        return self.wait_for(lambda status: status["frame"] >= start + count)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="session")
def xvfb() -> Iterator[Xvfb]:
    missing = [f"{program} (package {package})" for program, package in _TOOLS.items() if shutil.which(program) is None]
    if missing:
        pytest.skip(f"window tests need {', '.join(missing)}")
    server = Xvfb.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def xdo(xvfb: Xvfb) -> Xdo:
    return Xdo(xvfb.display)
