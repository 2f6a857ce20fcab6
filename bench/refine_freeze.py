"""How long the lab's window holds still while it refines the picture to 2048²: the longest frame, in the real window.

Opens the lab (tests/window_lab_app.py of a checkout) on an X display with the manifold and heatmap asked at
--res, waits for the start-up's refinement to finish, then zooms in (the + key) and follows the refinement that
comes once the view rests, from the status file the window writes (app/status.py: its frame counter and clock,
at most 20 times a second, each at a frame's start). A frame of 50 ms or more is always followed by a write, so
two writes one frame apart give that frame's length exactly, and two writes several frames apart the last one's
length less at most 50 ms (the others began within 50 ms of the first write): the longest frame is the longest such
gap. The median frame takes each frame of a gap of several as their mean. Repeats --zooms
times (in, out, in, ...), then each --then: a key (r: Reset, a new run; Home, Left, Right: the timeline's first kept
iteration, a kept iteration back or forward), `resize` (the window 160 px narrower, then back) or `train:SECONDS`
(Space, training that long, Space: a timeline to rewind through, and the refinement once paused). A picture counts as
refined once the status says its resolution is the asked one and nothing is probed or drawn over frames any more; a
rewind also says when the main pane's picture first shows the iteration asked (the status's `shown_iteration`).
Run it with --checkout pointing to another checkout to compare.

    Xvfb :64 -screen 0 1920x1080x24 &
    python bench/refine_freeze.py --display :64 [--checkout /path/to/other] [--res 2048] [--zooms 2]
        [--compare train.loss=lsgan] [--then r --then resize]
    python bench/refine_freeze.py --display :64 --res 1024 --zooms 0 --compare train.loss=lsgan \
        --then train:6 --then Home --then Right --then Left
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from xvfb import Xdo  # noqa: E402

from ganlab_gl.app.status import STATUS_FILE_ENV, read_status  # noqa: E402
from ganlab_gl.app.window import STATUS_INTERVAL_S  # noqa: E402

TITLE = "ganlab-gl refine freeze"


def follow(status_path: Path, until, timeout: float) -> list[dict]:
    """Every distinct status written until `until(status)` holds (polled every 5 ms)."""
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = read_status(status_path)
        if status is not None and (not seen or status["frame"] != seen[-1]["frame"]):
            seen.append(status)
            if until(status):
                return seen
        time.sleep(0.005)
    raise SystemExit(f"timed out after {timeout} s; last status: {seen[-1]['app']['resolution'] if seen else None}")


def refined(status: dict) -> bool:
    """The asked resolution on screen, and no picture on its way over frames (a status without `refining`, an older
    checkout's, says the resolution alone: there a rewound picture of the asked resolution counts at once)."""
    app = status.get("app")
    return app is not None and "of" not in app["resolution"] and not app.get("refining", False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--display", default=os.environ.get("DISPLAY", ":0"))
    parser.add_argument("--checkout", type=Path, default=REPO, help="the checkout whose lab runs")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--res", type=int, default=2048, help="probe.manifold_res and probe.heatmap_res")
    parser.add_argument("--zooms", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=240.0)
    parser.add_argument("--verbose", type=int, default=0, help="also list this many longest frames")
    parser.add_argument("--compare", action="append", default=[],
                        help="a compared run's overrides, e.g. train.loss=lsgan (repeatable)")
    parser.add_argument("--then", action="append", default=[],
                        help="after the zooms, a key (r: Reset, Home, Left, Right), 'resize' or 'train:SECONDS', "
                        "followed the same way (repeatable)")
    args = parser.parse_args()
    xdo = Xdo(args.display)
    with tempfile.TemporaryDirectory() as folder, open(Path(folder) / "app.log", "w") as log:
        status_path = Path(folder) / "status.json"
        env = {**os.environ, "DISPLAY": args.display, STATUS_FILE_ENV: str(status_path),
               "PYTHONPATH": str(args.checkout)}
        app = subprocess.Popen(
            [sys.executable, str(args.checkout / "tests" / "window_lab_app.py"), "--title", TITLE, "--size", args.size,
             "--set", f"probe.manifold_res={args.res}", "--set", f"probe.heatmap_res={args.res}",
             *(argument for overrides in args.compare for argument in ("--compare", overrides))],
            env=env, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
        try:
            try:
                window = xdo.find_window(TITLE)
            except TimeoutError:
                raise SystemExit((Path(folder) / "app.log").read_text()) from None
            follow(status_path, lambda s: refined(s) and s["frame"] > 5, args.timeout)
            time.sleep(1.0)
            commit = subprocess.run(["git", "-C", str(args.checkout), "rev-parse", "--short", "HEAD"],
                                    capture_output=True, text=True).stdout.strip()
            print(f"{args.checkout} ({commit}), {args.size}, manifold and heatmap {args.res}², "
                  f"compared runs {args.compare or 'none'}, {platform.node()}, "
                  f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, load {os.getloadavg()[0]:.1f}")
            width, height = map(int, args.size.split("x"))
            events = ["plus" if zoom % 2 == 0 else "minus" for zoom in range(args.zooms)] + args.then
            for index, event in enumerate(events):
                if event.startswith("train:"):  # played untimed; the pause, and the refinement it starts, timed
                    xdo.key(window, "space")
                    time.sleep(float(event.split(":", 1)[1]))
                before = read_status(status_path)  # a frame of seconds after the key is timed from its start
                start = time.monotonic()
                if event == "resize":
                    width += -160 if events[:index].count("resize") % 2 == 0 else 160
                    xdo.run("windowsize", window, str(width), str(height))
                elif event.startswith("train:"):
                    xdo.key(window, "space")
                else:
                    xdo.key(window, event)
                # refined a second on: a resized window names its last picture, stretched, until it starts again
                seen = follow(status_path, lambda s: s["clock"] > start + 1.0 and refined(s), args.timeout)
                seen = [before, *seen] if seen[0]["frame"] != before["frame"] else seen
                # a gap of several frames: each but its last began within 50 ms of the gap's start
                gaps = [(b["clock"] - a["clock"] - (0.0 if b["frame"] == a["frame"] + 1 else STATUS_INTERVAL_S),
                         a["app"]["resolution"]) for a, b in zip(seen, seen[1:])]
                longest, during = max(gaps)
                frames = seen[-1]["frame"] - seen[0]["frame"]
                lengths = [(b["clock"] - a["clock"]) / (b["frame"] - a["frame"]) for a, b in zip(seen, seen[1:])
                           for _ in range(b["frame"] - a["frame"])]
                # a rewind: when the main pane's picture first shows the iteration the frame names
                moved = [s for s in seen[1:] if s["app"]["iteration"] != before["app"]["iteration"]]
                shown_at = next((s["clock"] - start for s in moved
                                 if s["app"].get("shown_iteration") == s["app"]["iteration"]), None)
                on_screen = ("" if not moved or event.startswith("train:") or shown_at is None
                             else f"its iteration on screen {shown_at:.2f} s after the key, ")
                print(f"  {event}: {on_screen}refined {seen[-1]['clock'] - start:.1f} s after the key, "
                      f"{frames} frames; median frame {1000 * statistics.median(lengths):.0f} ms; "
                      f"longest frame {1000 * longest:.0f} ms (showing '{during}'); "
                      f"frames over 100 ms: {sum(gap > 0.1 for gap, _ in gaps)}, "
                      f"over 200 ms: {sum(gap > 0.2 for gap, _ in gaps)}")
                if args.verbose:
                    for gap, shown in sorted(gaps, reverse=True)[:args.verbose]:
                        print(f"    {1000 * gap:.0f} ms showing '{shown}'")
        finally:
            app.terminate()
            app.wait(timeout=20)


if __name__ == "__main__":
    main()
