"""Frames and iterations per second of the running lab window under Xvfb (llvmpipe here),
beside headless training of the same setup, in one run.

Starts a private Xvfb as large as the largest window, then for each window size and case:
trains headless (`Trainer.train(50)` in a fresh process, GAN Lab's default setup) for
`--headless-seconds`, then opens `ganlab-gl lab` (with --play where the case trains) with the status file switched
on, waits past start-up, and reads the window's true counters (frames drawn, the drawn
state's training iteration) and the CPU time of the lab's threads (/proc: the trainer's
thread apart from the window's own and llvmpipe's) at the start and end of `--seconds` of
wall time. The window's CPU a frame is the steadiest figure on a shared machine: frame
rates follow the CPU the host lends, CPU a frame follows the work a frame does. Rates are
counter differences over the span between the window's two writes, timed by the window
(it writes 20 times a second; a paused case trains nothing: its live / headless is 0).
Each case prints one markdown row as it finishes, with
live iterations/s as a fraction of the headless rate: the mean of one measured just before
the window and one just after (this VM's speed drifts by 10-20% within minutes). A lab that
exits or draws nothing within `--start-timeout` is reported as such, with the end of its
stderr, and the run moves on (it never waits forever). `--compare-with DIR` runs every
case for another checkout's package too (e.g. an older commit exported with `git archive`),
right after this one's, with its own headless figure. `--process-bound` adds, per window
size, what a trainer in its own process could reach at best: the window playing at one
iteration per frame (so it probes and draws a new picture every frame, as when it trains)
beside a headless training process (no weights cross between them), both measured over
the same span; that is the measurement behind training on a thread.

    python bench/window_fps.py [--seconds 15] [--sizes 1600x960 1280x800] [--cases default ...]
                               [--compare-with /tmp/old] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

CASES = {  # lab options
    "default": ["--play"],
    "msaa-off": ["--play", "--set", "display.msaa=0"],
    "manifold-256": ["--play", "--set", "probe.manifold_res=256"],
    "manifold-512-resting": ["--set", "probe.manifold_res=512"],
}
TRAINER_THREAD = "ganlab-trainer"  # the lab's training thread as the system names it (training_thread.py)
CASE_LABELS = {
    "default": "default settings (MSAA 4), training",
    "msaa-off": "default settings, MSAA off, training",
    "manifold-256": "manifold 256 x 256 (MSAA 4), training",
    "manifold-512-resting": "manifold 512 x 512 (MSAA 4), paused, view at rest",
}
WARM_UP_S = 3.0  # after the first frame: fonts baked, thumbnails made, the trainer warmed up

HEADLESS = """
import sys, time
from ganlab_gl.core.settings import GanConfig
from ganlab_gl.core.trainer import Trainer
trainer = Trainer(GanConfig())
trainer.train(200)
start, count = time.perf_counter(), trainer.iteration_count
while time.perf_counter() - start < float(sys.argv[1]):
    trainer.train(50)  # as `ganlab-gl train` and the lab's thread train: several iterations per call
trainer.flush_losses()
print((trainer.iteration_count - count) / (time.perf_counter() - start))
"""


class XvfbServer:
    """A private Xvfb on the first free display (Xvfb picks it and reports it on -displayfd)."""

    def __init__(self, size: tuple[int, int], timeout: float = 20.0):
        self.size, self.timeout = size, timeout

    def __enter__(self) -> str:
        read_end, write_end = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{self.size[0]}x{self.size[1]}x24",
             "-nolisten", "tcp"], pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_end)
        number = b""
        deadline = time.monotonic() + self.timeout
        try:
            while not number.endswith(b"\n"):
                ready, _, _ = select.select([read_end], [], [], max(0.0, deadline - time.monotonic()))
                chunk = os.read(read_end, 16) if ready else b""
                if not chunk:
                    self.process.kill()
                    raise RuntimeError(f"Xvfb reported no display within {self.timeout} s")
                number += chunk
        finally:
            os.close(read_end)
        return f":{number.decode().strip()}"

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


ROOT = Path(__file__).resolve().parent.parent


def package_env(package_root: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(package_root)}


def headless_rate(seconds: float, package_root: Path) -> float:
    # cwd: `python -c` puts the working directory first on sys.path, ahead of PYTHONPATH
    result = subprocess.run([sys.executable, "-c", HEADLESS, str(seconds)], capture_output=True, text=True,
                            check=True, env=package_env(package_root), cwd=package_root)
    return float(result.stdout.strip())


def read_status(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None


def measure_window(display: str, size: str, extra: list[str], seconds: float, start_timeout: float,
                   package_root: Path) -> dict:
    """{'fps', 'its', 'first_frame_s', 'trainer_cores', 'window_ms_per_frame'} from the window's counters and the
    lab's CPU time (the last two None where not measurable), or {'error': why}."""
    with tempfile.TemporaryDirectory() as folder:
        status_path = Path(folder) / "status.json"
        # faulthandler: a crash prints where each thread was (the row shows the end of it)
        env = {**package_env(package_root), "DISPLAY": display, "GANLAB_GL_STATUS_FILE": str(status_path),
               "PYTHONFAULTHANDLER": "1"}
        launched = time.monotonic()
        app = subprocess.Popen([sys.executable, "-m", "ganlab_gl.cli", "lab", "--size", size, *extra],
                               env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            while read_status(status_path) is None:
                if app.poll() is not None:
                    tail = app.stderr.read().decode(errors="replace").strip().splitlines()[-3:]
                    return {"error": f"the lab exited ({app.returncode}): {' / '.join(tail)}"}
                if time.monotonic() - launched > start_timeout:
                    return {"error": f"no frame within {start_timeout:.0f} s"}
                time.sleep(0.05)
            first_frame_s = time.monotonic() - launched
            time.sleep(WARM_UP_S)
            start, start_time, start_cpu = read_status(status_path), time.monotonic(), cpu_seconds(app.pid)
            time.sleep(seconds)
            end, end_time, end_cpu = read_status(status_path), time.monotonic(), cpu_seconds(app.pid)
            if app.poll() is not None:
                said = app.stderr.read().decode(errors="replace").strip()
                print(f"the lab exited ({app.returncode}) while measured; its stderr:\n{said}", file=sys.stderr)
                return {"error": f"the lab exited ({app.returncode}) while measured (its stderr: on this script's)"}
        finally:
            app.kill()
            app.wait()
    span, frames = _span(start, end, end_time - start_time), end["frame"] - start["frame"]
    # None where a checkout predates the trainer's thread name, or its threads changed between the readings
    trainer = (end_cpu["trainer"] - start_cpu["trainer"]
               if start_cpu["tids"] and start_cpu["tids"] == end_cpu["tids"] else None)
    window = None if trainer is None or frames <= 0 else end_cpu["process"] - start_cpu["process"] - trainer
    return {"fps": frames / span, "its": (end["app"]["iteration"] - start["app"]["iteration"]) / span,
            "first_frame_s": first_frame_s,
            "trainer_cores": None if trainer is None else trainer / (end_time - start_time),
            "window_ms_per_frame": None if window is None else 1000 * window / frames}


def cpu_seconds(pid: int) -> dict:
    """{'process': CPU seconds process `pid` has used (ended threads included), 'trainer': its training threads'
    and 'tids' their ids (None and none without them)}, from /proc (Linux). The window's CPU is the rest: its own
    thread's and llvmpipe's rasterisers'."""
    ticks = os.sysconf("SC_CLK_TCK")

    def used(stat_path: Path) -> tuple[str, float]:
        text = stat_path.read_text()
        fields = text[text.rindex(")") + 2 :].split()  # after the name, which may hold spaces and parentheses
        return text[text.index("(") + 1 : text.rindex(")")], (int(fields[11]) + int(fields[12])) / ticks

    found: dict = {"process": used(Path(f"/proc/{pid}/stat"))[1], "trainer": None, "tids": set()}
    for stat_path in Path(f"/proc/{pid}/task").glob("*/stat"):
        try:
            name, seconds = used(stat_path)
        except OSError:  # the thread ended between the listing and the read
            continue
        if name == TRAINER_THREAD:  # the thread and those it started (torch's workers inherit its name)
            found["trainer"] = (found["trainer"] or 0.0) + seconds
            found["tids"].add(stat_path.parent.name)
    return found


def measure_beside_process(display: str, size: str, seconds: float, start_timeout: float,
                           package_root: Path) -> dict:
    """The window (one iteration per frame) and a headless training process side by side: {'fps', 'its'}."""
    with tempfile.TemporaryDirectory() as folder:
        status_path = Path(folder) / "status.json"
        # faulthandler: a crash prints where each thread was (the row shows the end of it)
        env = {**package_env(package_root), "DISPLAY": display, "GANLAB_GL_STATUS_FILE": str(status_path),
               "PYTHONFAULTHANDLER": "1"}
        launched = time.monotonic()
        app = subprocess.Popen([sys.executable, "-m", "ganlab_gl.cli", "lab", "--size", size, "--play", "--set",
                                "playback.max_iterations_per_frame=1"], env=env, cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while read_status(status_path) is None:
                if app.poll() is not None or time.monotonic() - launched > start_timeout:
                    return {"error": "the lab did not start"}
                time.sleep(0.05)
            time.sleep(WARM_UP_S)
            trainer = subprocess.Popen([sys.executable, "-c", HEADLESS, str(seconds)], stdout=subprocess.PIPE,
                                       text=True, env=package_env(package_root), cwd=package_root)
            time.sleep(1.0)  # the trainer's own warm-up (its 200 untimed iterations)
            start, start_time = read_status(status_path), time.monotonic()
            its = float(trainer.communicate()[0])
            end, end_time = read_status(status_path), time.monotonic()
        finally:
            app.kill()
            app.wait()
    return {"fps": (end["frame"] - start["frame"]) / _span(start, end, end_time - start_time), "its": its}


def _span(start: dict, end: dict, read_apart: float) -> float:
    """Seconds between two status writes by the window's own clock; a checkout older than that clock (whose
    window wrote every frame): the time between the two reads."""
    return end["clock"] - start["clock"] if "clock" in start else read_apart


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--headless-seconds", type=float, default=8)
    parser.add_argument("--sizes", nargs="+", default=["1600x960", "1280x800"])
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    parser.add_argument("--start-timeout", type=float, default=120)
    parser.add_argument("--compare-with", type=Path, help="another checkout (its ganlab_gl/ is imported from there)")
    parser.add_argument("--process-bound", action="store_true", help="also: the window beside a training process")
    parser.add_argument("--repeats", type=int, default=1,
                        help="runs of everything, alternating the checkouts in each; then the medians")
    args = parser.parse_args()
    roots = {"this": ROOT, **({str(args.compare_with): args.compare_with.resolve()} if args.compare_with else {})}
    sizes = [tuple(int(v) for v in size.split("x")) for size in args.sizes]
    screen = (max(w for w, _ in sizes), max(h for _, h in sizes))
    with XvfbServer(screen) as display:
        print(f"{date.today()} · Xvfb {screen[0]}x{screen[1]} · {os.cpu_count()} cores · load average "
              f"{os.getloadavg()[0]:.2f} at start · counters over {args.seconds:.0f} s after a {WARM_UP_S:.0f} s "
              "warm-up")
        print("\n| checkout | window | case | frames/s | live it/s | headless it/s (before and after) "
              "| live / headless | start to first frame s | trainer's CPU, cores | window's CPU a frame, ms |"
              "\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
        runs: dict[tuple[str, str, str], list[dict]] = {}
        for _ in range(args.repeats):
            for size in args.sizes:
                run_sizes(display, size, args, roots, runs)
        if args.repeats > 1:
            print_medians(runs)


def run_sizes(display: str, size: str, args: argparse.Namespace, roots: dict[str, Path],
              runs: dict[tuple[str, str, str], list[dict]]) -> None:
    """Every case at one window size for every checkout, a row each as it finishes; kept in `runs`."""
    for case in args.cases:
        for name, root in roots.items():
            before = headless_rate(args.headless_seconds, root)
            result = measure_window(display, size, CASES[case], args.seconds, args.start_timeout, root)
            headless = (before + headless_rate(args.headless_seconds, root)) / 2
            row = f"| {name} | {size} | {CASE_LABELS[case]} |"
            if "error" in result:
                print(f"{row} {result['error']} | | {headless:.0f} | | | | |", flush=True)
                continue
            result.update(headless=headless, ratio=result["its"] / headless)
            runs.setdefault((name, size, case), []).append(result)
            cpu = "".join(" |" if result[key] is None else f" {result[key]:{form}} |"
                          for key, form in (("trainer_cores", ".2f"), ("window_ms_per_frame", ".1f")))
            print(f"{row} {result['fps']:.1f} | {result['its']:.0f} | {headless:.0f} | "
                  f"{result['ratio']:.2f} | {result['first_frame_s']:.1f} |{cpu}", flush=True)
    if args.process_bound:
        headless = headless_rate(args.headless_seconds, ROOT)
        result = measure_beside_process(display, size, args.seconds, args.start_timeout, ROOT)
        row = (f"| this, trainer in a process beside the window (bound) | {size} | default settings (MSAA 4), "
               "1 it/frame in the window |")
        if "error" in result:
            print(f"{row} {result['error']} | | {headless:.0f} | | | | |", flush=True)
        else:
            print(f"{row} {result['fps']:.1f} | {result['its']:.0f} | {headless:.0f} | "
                  f"{result['its'] / headless:.2f} | | | |", flush=True)


MEDIAN_COLUMNS = (("fps", ".1f"), ("its", ".0f"), ("headless", ".0f"), ("ratio", ".2f"), ("trainer_cores", ".2f"),
                  ("window_ms_per_frame", ".1f"))


def print_medians(runs: dict[tuple[str, str, str], list[dict]]) -> None:
    """Each checkout, size and case: the median of its runs, the runs in brackets."""
    print("\nMedians (runs in brackets):\n\n| checkout | window | case | frames/s | live it/s | headless it/s "
          "| live / headless | trainer's CPU, cores | window's CPU a frame, ms |\n"
          "|---|---|---|---:|---:|---:|---:|---:|---:|")
    for (name, size, case), results in runs.items():
        cells = []
        for key, form in MEDIAN_COLUMNS:
            values = [result[key] for result in results if result[key] is not None]
            cells.append(f"{statistics.median(values):{form}} ({', '.join(f'{v:{form}}' for v in values)})"
                         if values else "")
        print(f"| {name} | {size} | {CASE_LABELS[case]} | {' | '.join(cells)} |", flush=True)


if __name__ == "__main__":
    main()
