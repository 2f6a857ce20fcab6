"""The lab as the window tests start it: a fixed size, a title to find it by, seeded settings."""

import argparse
from pathlib import Path

from ganlab_gl.app.actions import OPENING_ON_IT, Action
from ganlab_gl.app.lab import Lab
from ganlab_gl.app.state import AppState, ViewConfig
from ganlab_gl.app.theme import theme_for
from ganlab_gl.app.window import run_window
from ganlab_gl.core.settings import apply_overrides, given_config

parser = argparse.ArgumentParser()
parser.add_argument("--title", required=True)
parser.add_argument("--size", default="1280x800")
parser.add_argument("--set", action="append", default=[], dest="overrides")
parser.add_argument("--view", action="append", default=[], help="a view setting, e.g. display.ui_scale=2")
parser.add_argument("--fullscreen", action="store_true")
parser.add_argument("--pretrained", action="store_true",
                    help="open on the shipped pre-trained model, as `ganlab-gl` opens without training settings")
parser.add_argument("--compare", action="append", default=[],
                    help="a compared run's overrides, e.g. train.loss=wgan-gp")
args = parser.parse_args()
# a preset named in --set brings its training config, as `ganlab-gl lab --set data.name=...` does
state = AppState(config=given_config(None, args.overrides), view=apply_overrides(ViewConfig(), args.view),
                 fullscreen=args.fullscreen)
for overrides in args.compare:
    state.request(Action.COMPARE_ADD, overrides)
if args.pretrained:
    state.request(Action.USE_PRETRAINED, OPENING_ON_IT)  # as cli.py asks for it
width, height = (int(v) for v in args.size.split("x"))
run_window(lambda host: Lab(host, state, screenshot_dir=Path("screenshots")), size=(width, height),
           title=args.title, max_fps=30, theme=theme_for(state))
