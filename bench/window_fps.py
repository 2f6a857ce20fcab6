"""Frames per second of the running lab window under Xvfb (Mesa llvmpipe here).

Starts a private Xvfb, opens `ganlab-gl lab --play` at the given window size with the
status file switched on, samples the window's frame counter once a second for
`--seconds`, and reports the median frames/s and training iterations/s, for the default
settings and for a 256 x 256 manifold. Prints a markdown table.

    python bench/window_fps.py [--seconds 20] [--size 1600x960]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

CASES = {
    "default settings (MSAA 4)": [],
    "manifold 256 x 256 (MSAA 4)": ["--set", "probe.manifold_res=256"],
    "default settings, MSAA off": ["--set", "display.msaa=0"],
    "manifold 256 x 256, MSAA off": ["--set", "probe.manifold_res=256", "--set", "display.msaa=0"],
}


def start_xvfb(size: str) -> tuple[subprocess.Popen, str]:
    read_end, write_end = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
                              pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    number = os.read(read_end, 16).decode().strip()
    os.close(read_end)
    return server, f":{number}"


def measure(display: str, size: str, extra: list[str], seconds: float) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        status_path = Path(folder) / "status.json"
        env = {**os.environ, "DISPLAY": display, "GANLAB_GL_STATUS_FILE": str(status_path)}
        app = subprocess.Popen([sys.executable, "-m", "ganlab_gl.cli", "lab", "--play", "--size", size, *extra],
                               env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while not status_path.exists():
                time.sleep(0.2)
            time.sleep(3)  # past start-up: fonts baked, thumbnails made
            samples, iteration_rates = [], []
            last = json.loads(status_path.read_text())
            last_time = time.monotonic()
            for _ in range(int(seconds)):
                time.sleep(1)
                now_status, now = json.loads(status_path.read_text()), time.monotonic()
                samples.append((now_status["frame"] - last["frame"]) / (now - last_time))
                iteration_rates.append((now_status["app"]["iteration"] - last["app"]["iteration"]) / (now - last_time))
                last, last_time = now_status, now
        finally:
            app.terminate()
            app.wait(timeout=10)
    return statistics.median(samples), statistics.median(iteration_rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--size", default="1600x960")
    args = parser.parse_args()
    server, display = start_xvfb(args.size)
    try:
        print(f"{date.today()} · window {args.size} under Xvfb · {os.cpu_count()} cores · load average "
              f"{os.getloadavg()[0]:.2f} at start")
        print("\n| case | median frames/s | median iterations/s |\n|---|---|---|")
        for name, extra in CASES.items():
            fps, its = measure(display, args.size, extra, args.seconds)
            print(f"| {name} | {fps:.1f} | {its:.0f} |", flush=True)
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
