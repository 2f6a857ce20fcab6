"""Drive the lab with random but seeded input for a while, to catch a native crash with every thread's stack.

    .venv/bin/python scripts/lab_stress.py --minutes 10 --seed 1 --out stress/ [--compare train.loss=wgan-gp]
        [--set data.name=ring8] [--display :64] [--gdb] [--malloc-check] [--weight 5=0 ...] [--hang-seconds 30]
        [DATA_FILE]

Opens the lab (`python -m ganlab_gl lab`) with PYTHONFAULTHANDLER=1 on a private Xvfb screen (or the display
given), then taps keys from docs/KEYS.md's table (play, steps, phases, rewinding through the timeline, branch,
presets, layers, slow motion, reset, lecture mode, Tab, zoom and pan, help, screenshots), holds repeating keys,
clicks and drags on the timeline bar, turns the wheel over the canvas and resizes the window, each step drawn from
a seeded generator and written to `out/steps-SEED.log` as it is sent. A lab that exits is started again with the
next seed; its exit code and the tail of its output (faulthandler's Python stacks, and with --gdb every thread's
native stack) go to `out/crash-SEED.log`. One lab at a time, playing from its start. Needs Xvfb and xdotool (gdb
for --gdb, under which the lab takes a minute or more to open, and for a hang's stacks).
--malloc-check runs the lab on glibc's checked allocator (a heap overrun or double free aborts at the next malloc or
free of that block); --weight KEY=0 leaves a key out (the preset keys 1-7 and R: an imported DATA_FILE, or a session
folder given as one, stays on screen).
A lab whose frames stop (its status file, rewritten 20 times a second, unchanged for --hang-seconds, or never written
a minute longer after its window opened) is taken as hung: gdb attaches to it and every thread's native stack, with
locals, goes to `out/hang-SEED.log` (its Python stacks, which faulthandler prints on the SIGABRT that ends it, to
`out/lab-SEED.log`); the next seed follows. An LD_PRELOAD of the caller's is kept, --malloc-check's added to it.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from xvfb import Xdo, Xvfb  # noqa: E402

TITLE = r"GAN Lab \(ganlab-gl\)"  # a regular expression (xdotool search)
# (xdotool key, weight): play and the timeline's keys weigh most: the crash this was written to hunt was reported
# around the copies of the networks that the frame probes (core/timeline.PastRun), live and rewound
KEYS = [("space", 8), ("n", 4), ("Right", 5), ("Left", 8), ("bracketleft", 5), ("bracketright", 5),
        ("shift+bracketleft", 3), ("shift+bracketright", 3), ("Home", 4), ("End", 4), ("b", 3), ("Return", 2),
        ("Escape", 2), ("d", 2), ("g", 2), ("period", 3), ("s", 2), ("r", 1), ("u", 1),
        *((str(digit), 1) for digit in range(1, 8)),
        ("h", 1), ("c", 1), ("m", 1), ("p", 1), ("a", 1), ("f", 1), ("Tab", 1), ("l", 1), ("0", 1), ("plus", 1),
        ("minus", 1), ("shift+Left", 1), ("Up", 1), ("F1", 1), ("F12", 1)]
HELD = ["n", "Left", "Right", "period", "bracketleft", "bracketright", "plus", "minus"]
SIZES = [(1280, 800), (1024, 768), (1600, 960), (900, 700), (1920, 1080)]
FIRST_FRAME_S = 60.0  # a window open this long with no frame drawn yet is late, plus --hang-seconds is hung


# glibc's checked allocator (from 2.34 MALLOC_CHECK_ works only with its debug library preloaded): a write past a
# block or a double free aborts at that block's next free or realloc, not at some later unrelated one; and
# MALLOC_PERTURB_ fills freed and new blocks with a pattern, so what reads freed memory reads garbage at once
MALLOC_DEBUG = {"LD_PRELOAD": "libc_malloc_debug.so.0", "MALLOC_CHECK_": "3", "MALLOC_PERTURB_": "165"}


def start_lab(display: str, output: Path, log_path: Path, size: tuple[int, int], extra: list[str], gdb: bool,
              malloc_check: bool = False):
    """The lab, writing its status file (`status_path(output)`) every frame."""
    env = {**os.environ, "DISPLAY": display, "PYTHONFAULTHANDLER": "1", "GANLAB_GL_OUTPUT": str(output),
           "GANLAB_GL_STATUS_FILE": str(status_path(output)), "PYTHONPATH": str(REPO)}
    if malloc_check:  # beside what the caller preloads (scripts/llvmpipe_fence_race.c, say)
        preload = " ".join(filter(None, (env.get("LD_PRELOAD"), MALLOC_DEBUG["LD_PRELOAD"])))
        env.update(MALLOC_DEBUG, LD_PRELOAD=preload)
    command = [sys.executable, "-m", "ganlab_gl", "lab", "--size", f"{size[0]}x{size[1]}", *extra]
    if gdb:  # a native fault stops there and every thread's native stack is printed
        command = ["gdb", "-q", "-batch", "-iex", "set debuginfod enabled off",
                   "-ex", "handle SIGPIPE SIGUSR1 SIGUSR2 nostop noprint", "-ex", "run",
                   "-ex", "thread apply all bt 40", "--args", *command]
    log = log_path.open("w")
    process = subprocess.Popen(command, env=env, cwd=output, stdout=log, stderr=subprocess.STDOUT)
    return process, log


def status_path(output: Path) -> Path:
    return output / "status.json"


def frames_stalled(status: Path, seconds: float, opened: float, now: float | None = None) -> bool:
    """Whether the lab's frames have stopped: its status file not rewritten for `seconds`, or not yet written
    FIRST_FRAME_S + `seconds` after its window opened at `opened` (wall clock; a first frame takes a while: fonts, the
    first training step)."""
    try:
        written = status.stat().st_mtime
    except FileNotFoundError:
        written = opened + FIRST_FRAME_S
    return (time.time() if now is None else now) - written > seconds


def lab_pid(process: subprocess.Popen, gdb: bool) -> int:
    """The lab's own process: under --gdb, gdb's child."""
    if not gdb:
        return process.pid
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    return int(children[0]) if children else process.pid


def native_stacks(pid: int, path: Path, timeout: float = 300.0) -> str:
    """Every thread's native stack with its locals, gdb attached to `pid` for the moment, written to `path`; returns
    gdb's output (or why there is none). Mesa's frames name functions only where its debug symbols are installed."""
    command = ["gdb", "-q", "-batch", "-p", str(pid), "-iex", "set debuginfod enabled off",
               "-ex", "info threads", "-ex", "thread apply all bt full"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        text = result.stdout + result.stderr
    except (OSError, subprocess.TimeoutExpired) as error:
        text = f"gdb gave no stacks: {error}\n"
    path.write_text(text)
    return text


def find_window(xdo: Xdo, process: subprocess.Popen, timeout: float) -> str | None:
    """The lab's window; None if the lab has ended (it is told as an exit)."""
    try:
        return xdo.find_window(TITLE, timeout=timeout)
    except TimeoutError:
        if process.poll() is None:
            raise
        return None


def step(xdo: Xdo, window: str, rng: random.Random, keys: list[tuple[str, float]]) -> str:
    """One random input, its key drawn from `keys` (xdotool key, weight); returns what it was, for the log."""
    _, _, width, height = xdo.geometry(window)
    roll = rng.random()
    if roll < 0.70:
        names, weights = zip(*keys)
        key = rng.choices(names, weights)[0]
        xdo.key(window, key)
        return f"key {key}"
    if roll < 0.78:
        key, seconds = rng.choice(HELD), rng.uniform(0.2, 1.5)
        xdo.run("windowfocus", "--sync", window, "keydown", key, "sleep", f"{seconds:.2f}", "keyup", key)
        return f"hold {key} {seconds:.2f}s"
    if roll < 0.88:  # the timeline bar sits at the foot of the left column
        bar = (rng.randrange(10, max(11, width // 3)), rng.randrange(max(0, height - 90), height - 5))
        if rng.random() < 0.5:
            xdo.click(window, *bar)
            return f"click {bar}"
        end = (rng.randrange(10, max(11, width // 3)), bar[1])
        xdo.drag(window, bar, end, steps=6)
        return f"drag {bar} -> {end}"
    if roll < 0.95:
        point = (rng.randrange(width // 3, 2 * width // 3), rng.randrange(60, height - 60))
        button = rng.choice((4, 5))
        xdo.click(window, *point, button=button, repeat=rng.randint(1, 4))
        return f"wheel {button} at {point}"
    size = rng.choice(SIZES)
    xdo.run("windowsize", window, str(size[0]), str(size[1]))
    return f"resize {size}"


def weighted_keys(parser: argparse.ArgumentParser, changes: list[str]) -> list[tuple[str, float]]:
    """KEYS with each KEY=WEIGHT of `changes` applied (a key not in KEYS joins them); a malformed one is refused."""
    weights = dict(KEYS)
    for change in changes:
        key, _, weight = change.partition("=")
        try:
            weights[key] = float(weight)
        except ValueError:
            parser.error(f"--weight {change!r}: expected KEY=WEIGHT, a number, e.g. 5=0")
        if weights[key] < 0:
            parser.error(f"--weight {change!r}: a weight is 0 or more")
    kept = [(key, weight) for key, weight in weights.items() if weight > 0]
    if not kept:
        parser.error("--weight left no key to press")
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("stress"))
    parser.add_argument("--display", help="an X display already running (default: a private Xvfb)")
    parser.add_argument("--pause", type=float, default=0.4, help="longest pause between two inputs, seconds")
    parser.add_argument("--set", action="append", default=[], help="a setting for the lab (section.key=value)")
    parser.add_argument("--compare", action="append", default=[], help="a compared run's overrides")
    parser.add_argument("--gdb", action="store_true", help="run the lab under gdb: a fault prints native stacks too")
    parser.add_argument("--malloc-check", action="store_true",
                        help="glibc's checked allocator in the lab (MALLOC_DEBUG): a corrupted heap aborts sooner")
    parser.add_argument("--weight", action="append", default=[], metavar="KEY=WEIGHT",
                        help="a key's weight in the draw (0 leaves it out), e.g. 5=0 to keep an imported data set")
    parser.add_argument("--hang-seconds", type=float, default=30.0,
                        help="frames stopped this long is a hang: gdb takes every thread's stack (0: never)")
    parser.add_argument("data_file", nargs="?", help="the lab opens on this .csv or .npy (its DATA_FILE)")
    args = parser.parse_args()
    keys = weighted_keys(parser, args.weight)
    args.out.mkdir(parents=True, exist_ok=True)
    server = None if args.display else Xvfb.start((1920, 1080))
    display = args.display or server.display
    xdo = Xdo(display)
    extra = ["--play", *([args.data_file] if args.data_file else []),
             *(a for value in args.set for a in ("--set", value)),
             *(a for value in args.compare for a in ("--compare", value))]
    deadline, seed, crashes, hangs = time.monotonic() + 60 * args.minutes, args.seed, 0, 0
    try:
        while time.monotonic() < deadline:
            rng = random.Random(seed)
            with tempfile.TemporaryDirectory() as output:
                log_path = args.out / f"lab-{seed}.log"
                process, log = start_lab(display, Path(output), log_path, rng.choice(SIZES), extra, args.gdb,
                                           args.malloc_check)
                steps = (args.out / f"steps-{seed}.log").open("w")
                count, hung = 0, False
                try:
                    window = find_window(xdo, process, timeout=240 if args.gdb else 60)
                    started, opened = time.monotonic(), time.time()
                    while window is not None and time.monotonic() < deadline and process.poll() is None:
                        try:
                            done = step(xdo, window, rng, keys)
                        except (RuntimeError, subprocess.TimeoutExpired) as error:
                            # lecture mode and fullscreen open the window anew, under another id
                            done = f"failed: {str(error).splitlines()[0]}"
                            window = find_window(xdo, process, timeout=30)
                        count += 1
                        steps.write(f"{time.monotonic() - started:8.2f} {done}\n")
                        steps.flush()
                        time.sleep(rng.uniform(0.0, args.pause))
                        if args.hang_seconds > 0 and frames_stalled(status_path(Path(output)), args.hang_seconds,
                                                                      opened):
                            hung = True
                            pid = lab_pid(process, args.gdb)
                            native_stacks(pid, args.out / f"hang-{seed}.log")
                            os.kill(pid, signal.SIGABRT)  # faulthandler prints the Python stacks as it ends
                            try:
                                process.wait(timeout=30)
                            except subprocess.TimeoutExpired:
                                pass  # ended below
                            break
                finally:
                    steps.close()
                    code = process.poll()
                    if code is None:
                        process.terminate()
                        try:
                            process.wait(timeout=10)
                        except subprocess.TimeoutExpired:
                            process.kill()
                            process.wait()
                    log.close()
                if hung:
                    hangs += 1
                    print(f"seed {seed}: the lab hung after {count} steps: {args.out}/hang-{seed}.log")
                elif code is not None:
                    crashes += 1
                    tail = log_path.read_text()[-20000:]
                    (args.out / f"crash-{seed}.log").write_text(f"exit code {code} after {count} steps\n{tail}")
                    print(f"seed {seed}: the lab exited ({code}) after {count} steps: {args.out}/crash-{seed}.log")
                else:
                    print(f"seed {seed}: {count} steps, no exit")
            seed += 1
    finally:
        if server is not None:
            server.stop()
    print(f"{crashes} exit(s), {hangs} hang(s)")


if __name__ == "__main__":
    main()
