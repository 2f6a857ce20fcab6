"""The frames of a refinement to 2048², headless and in-process: each zoom's longest frames, median frame, frames
and seconds until the asked picture is on screen.

Builds the real lab (tests/lab_headless.py: real ImGui renderer, a stand-in window host) at 1280x800 with
`probe.manifold_res` and `probe.heatmap_res` at --res, waits for the start-up's refinement, then zooms in and out
--zooms times and hides and shows the heatmap (H) --toggles times, each followed until nothing is probed or drawn over
frames and the asked resolution is on screen; "on screen": the frames until the picture shown has the view and the
layers asked (the first frame counted is the key's).
A frame here is the window's (lab_headless.draw_frame: the GUI half, Lab.on_frame, the overlay), then a glFinish.
Run it under `LP_NUM_THREADS=1` as the window runs, and alternate two checkouts (--checkout) for a side-by-side
figure; beside the real window's bench (refine_freeze.py) it leaves out Xvfb, the window's event loop and its
pacing, so its frames vary less from run to run.

    LP_NUM_THREADS=1 python bench/refine_frames.py [--checkout /path/to/other] [--res 2048] [--zooms 3] [--toggles 0]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--checkout", type=Path, default=Path(__file__).resolve().parent.parent)
parser.add_argument("--res", type=int, default=2048)
parser.add_argument("--zooms", type=int, default=3, help="pairs of a zoom in and a zoom out")
parser.add_argument("--toggles", type=int, default=0, help="pairs of the heatmap hidden and shown (H)")
args = parser.parse_args()
sys.path[:0] = [str(args.checkout / "tests"), str(args.checkout)]

import moderngl  # noqa: E402
from lab_headless import draw_frame, headless_lab  # noqa: E402

from ganlab_gl.app.actions import Action  # noqa: E402
from ganlab_gl.app.state import AppState  # noqa: E402
from ganlab_gl.core.settings import given_config  # noqa: E402


def main() -> None:
    ctx = moderngl.create_standalone_context(backend="egl")
    asked = f"of {args.res}²"
    state = AppState(config=given_config(None, [f"probe.manifold_res={args.res}", f"probe.heatmap_res={args.res}"]))
    print(f"{args.checkout}, 1280x800, {ctx.info['GL_RENDERER']}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    with headless_lab(ctx, (1280, 800), state=state) as (lab, renderer, target):
        def frame() -> float:
            start = time.perf_counter()
            draw_frame(lab, renderer, target)  # window.py's order: the GUI half, lab.on_frame, the overlay
            ctx.finish()
            return 1000 * (time.perf_counter() - start)

        def refined() -> bool:
            busy = lab.controller.probing or lab.widget.drawing
            return not busy and asked not in lab.shown_resolution.describe()

        for count in range(10_000):
            frame()
            if count >= 30 and refined():
                break

        def on_screen() -> bool:
            shows = lab.widget.panes[0].drawn[1]  # (view rect, ..., view settings' fingerprint, ..., target)
            return shows[0] == lab.widget.view().rect and state.view.fingerprint() in shows

        toggle = (Action.TOGGLE_VIEW, "heatmap.visible")
        for key, *value in [(Action.ZOOM_IN,), (Action.ZOOM_OUT,)] * args.zooms + [toggle, toggle] * args.toggles:
            state.request(key, *value)
            start, times, shown_after = time.perf_counter(), [], None
            while len(times) < 6 or not refined():
                times.append(frame())
                if shown_after is None and on_screen():
                    shown_after = (len(times), time.perf_counter() - start)
            longest = ", ".join(f"{ms:.0f}" for ms in sorted(times)[-3:][::-1])
            first = ", ".join(f"{ms:.0f}" for ms in times[:4])
            print(f"{key.value:11s} on screen {shown_after[1]:5.2f} s ({shown_after[0]} frames), refined "
                  f"{time.perf_counter() - start:5.1f} s, {len(times)} frames; first frames {first} ms; longest "
                  f"{longest} ms; median {statistics.median(times):.0f} ms", flush=True)


if __name__ == "__main__":
    main()
