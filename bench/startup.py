"""Start-up time of the lab: `ganlab-gl lab` to its first drawn frame, under Xvfb (llvmpipe here).

Starts a private Xvfb, launches the lab with the status file switched on and times from
the launch to the status file's first write, which the window makes right after drawing
its first frame (app/window.py), so the figure covers the interpreter, every import,
the window, fonts, shaders, the trainer and one full frame. Each run is a fresh process;
we report the median of `--runs`. `--compare-with DIR` also times another checkout's
package (e.g. an older commit exported with `git archive`), alternating with this one so
both see the same machine load. As a floor, `python -c "import torch"` is timed too.

    python bench/startup.py [--runs 5] [--size 1600x960] [--compare-with /tmp/old]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from window_fps import XvfbServer  # noqa: E402

START_TIMEOUT_S = 120


def time_to_first_frame(display: str, size: str, package_root: Path) -> float:
    """Seconds from launching the lab to its first drawn frame (raises if it never draws)."""
    with tempfile.TemporaryDirectory() as folder:
        status = Path(folder) / "status.json"
        env = {**os.environ, "DISPLAY": display, "GANLAB_GL_STATUS_FILE": str(status),
               "PYTHONPATH": str(package_root)}
        start = time.perf_counter()
        app = subprocess.Popen([sys.executable, "-m", "ganlab_gl.cli", "lab", "--size", size], env=env, cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            while not status.exists():
                if app.poll() is not None:
                    raise RuntimeError(f"the lab exited ({app.returncode}) before its first frame: "
                                       f"{app.stderr.read().decode(errors='replace').strip()[-400:]}")
                if time.perf_counter() - start > START_TIMEOUT_S:
                    raise RuntimeError(f"no frame within {START_TIMEOUT_S} s")
                time.sleep(0.01)
            return time.perf_counter() - start
        finally:
            app.kill()
            app.wait()


def time_import_torch() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import torch"], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="1600x960")
    parser.add_argument("--compare-with", type=Path, help="another checkout (its ganlab_gl/ is imported from there)")
    args = parser.parse_args()
    roots = {"this checkout": ROOT}
    if args.compare_with:
        roots[f"{args.compare_with}"] = args.compare_with.resolve()
    width, height = (int(v) for v in args.size.split("x"))
    with XvfbServer((width, height)) as display:
        print(f"{date.today()} · lab at {args.size} under Xvfb · {os.cpu_count()} cores · load average "
              f"{os.getloadavg()[0]:.2f} at start · median of {args.runs} fresh processes, alternating")
        times: dict[str, list[float]] = {name: [] for name in [*roots, "python -c 'import torch'"]}
        for _ in range(args.runs):
            for name, root in roots.items():
                times[name].append(time_to_first_frame(display, args.size, root))
            times["python -c 'import torch'"].append(time_import_torch())
        print("\n| what | median s | min–max s |\n|---|---:|---:|")
        for name, values in times.items():
            print(f"| {name} | {statistics.median(values):.2f} | {min(values):.2f}–{max(values):.2f} |")


if __name__ == "__main__":
    main()
