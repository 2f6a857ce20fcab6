"""Screenshots of the whole lab window under Xvfb, for docs/screenshots and for looking at layouts.

    .venv/bin/python scripts/lab_screenshots.py OUT.png --size 1920x1080 [--view display.ui_scale=2]
        [--set data.name=ring8] [--compare train.loss=wgan-gp] [--keys space --wait 3 --keys space] [--fullscreen]
        [--hover 745,260] [--click 1040,600] [--drag 600,200,800,300] [--pretrained]

Starts a private Xvfb screen of the window's size, opens the lab (tests/window_lab_app.py: untrained, seeded;
`--pretrained` on the shipped model, as `ganlab-gl` opens and a student first sees it),
taps the given keys in order (`--wait S` pauses between them, `--hover X,Y` moves the pointer
to a window position, `--click X,Y` clicks there: a button, a dialog's field), and saves the
screen; the pointer leaves the window first unless the last step hovers or clicks (a tooltip,
a dialog's hovered button in the picture); `--drag X1,Y1,X2,Y2` presses, moves and lets go (a stroke
in drawing mode).
Needs Xvfb, xdotool and xwd (scripts/test installs them).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from xvfb import AppProcess, Xdo, Xvfb, screenshot  # noqa: E402


class Step(argparse.Action):
    """--keys and --wait keep their order: a small script of what to do before the shot."""

    def __call__(self, parser, namespace, values, option_string=None):
        namespace.steps.append((self.dest, values))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--set", action="append", default=[], help="a training setting (section.key=value)")
    parser.add_argument("--view", action="append", default=[], help="a view setting (display.ui_scale=2)")
    parser.add_argument("--compare", action="append", default=[], help="a compared run's overrides")
    parser.add_argument("--fullscreen", action="store_true")
    parser.add_argument("--pretrained", action="store_true",
                        help="open on the shipped pre-trained model, as `ganlab-gl` opens (else untrained)")
    parser.add_argument("--keys", nargs="+", action=Step, help="X key names to tap, e.g. space period")
    parser.add_argument("--wait", type=float, action=Step, help="seconds to wait")
    parser.add_argument("--hover", type=lambda text: tuple(int(v) for v in text.split(",")), action=Step,
                        help="move the pointer to X,Y (window pixels)")
    parser.add_argument("--click", type=lambda text: tuple(int(v) for v in text.split(",")), action=Step,
                        help="click at X,Y (window pixels): a button, a dialog's field")
    parser.add_argument("--drag", type=lambda text: tuple(int(v) for v in text.split(",")), action=Step,
                        help="press at X1,Y1, move to X2,Y2 and let go (window pixels): a stroke in drawing mode")
    parser.set_defaults(steps=[])
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    server = Xvfb.start((width, height))
    xdo = Xdo(server.display)
    title = "ganlab-gl screenshot"
    with tempfile.TemporaryDirectory() as folder:
        extra = [a for option in ("set", "view", "compare") for k in getattr(args, option) for a in (f"--{option}", k)]
        app = AppProcess.start(REPO / "tests" / "window_lab_app.py", server, Path(folder) / "status.json", title,
                               "--size", args.size, *extra, *(["--fullscreen"] if args.fullscreen else []),
                               *(["--pretrained"] if args.pretrained else []))
        try:
            xdo.find_window(title)
            app.wait_for(lambda s: s.get("app") is not None and s["frame"] > 5, timeout=90)
            window = xdo.find_window(title)  # again: going fullscreen may have made a new X window
            for kind, value in args.steps:
                if kind == "keys":
                    xdo.key(window, *value)
                    app.wait_frames(3)
                    window = xdo.find_window(title)  # L (lecture mode) goes fullscreen: maybe a new X window
                elif kind == "hover":
                    xdo.move(window, *value)
                    app.wait_frames(3)
                elif kind == "click":
                    xdo.click(window, *value)
                    app.wait_frames(3)
                elif kind == "drag":
                    xdo.drag(window, value[:2], value[2:], steps=24, pause_s=0.05)  # a frame or more per step
                    app.wait_frames(3)
                else:
                    time.sleep(value)
            if not args.steps or args.steps[-1][0] not in ("hover", "click"):
                xdo.move(window, width - 2, height - 2)  # no hover tooltips in the picture
            app.wait_frames(6)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            Image.fromarray(screenshot(server)).save(args.out, optimize=True)
        finally:
            app.stop()
            server.stop()
    print(args.out)


if __name__ == "__main__":
    main()
