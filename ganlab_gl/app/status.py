"""A JSON status file the running app rewrites 20 times a second, for tests that drive the real
window from outside (xdotool under Xvfb) and need to see what the app saw.

Off unless the environment variable GANLAB_GL_STATUS_FILE names the file. Each write
goes to a temporary file that then replaces the status file, so a reader never sees a
half-written one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

STATUS_FILE_ENV = "GANLAB_GL_STATUS_FILE"


class StatusFile:
    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self._scratch = self.path.with_name(self.path.name + ".writing")

    @classmethod
    def from_environment(cls) -> StatusFile | None:
        path = os.environ.get(STATUS_FILE_ENV)
        return cls(path) if path else None

    def write(self, status: Mapping[str, Any]) -> None:
        self._scratch.write_text(json.dumps(status), encoding="utf-8")
        os.replace(self._scratch, self.path)


def read_status(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The last status written, or None before the first write."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def lab_status(lab) -> dict[str, Any]:
    """What the window tests read of a running `Lab`: the state, the read model and the weights."""
    frame, state, trainer = lab.frame, lab.state, lab.controller.trainer
    with lab.controller.training.hold():  # the weights between two chunks of the trainer's thread
        weights = {name: float(sum(p.detach().double().sum() for p in network.parameters()))
                   for name, network in (("d", trainer.discriminator), ("g", trainer.generator))}
        trainer_iteration = trainer.iteration_count  # where training is now; "iteration" is the drawn state's
    return {
        "iteration": frame.iteration,
        "trainer_iteration": trainer_iteration,
        "playing": state.playing,
        "slow_motion": state.slow_motion,
        "phase": None if frame.phase is None else [frame.phase.network, frame.phase.name],
        "d_weights_sum": weights["d"],
        "g_weights_sum": weights["g"],
        "dataset": frame.dataset.name,
        "real_atlas_mean": [float(v) for v in trainer.real_atlas.mean(dim=0)],
        "real_atlas_std": [float(v) for v in trainer.real_atlas.std(dim=0)],
        "layers": {name: layer.visible for name, layer in lab.widget.canvas.layers.items()},
        "panels": state.view.display.panels,
        "lecture": state.view.display.lecture_mode,
        "help_open": state.help_open,
        "keyboard_panel": state.keyboard_panel,
        "question": None if state.question is None else state.question.text,
        "drawing": state.drawing,
        "drawn_points": len(state.drawn_points),
        "canvas_box": list(lab.widget.box),
        "view_rect": list(frame.view_rect),
        "screenshots": lab.capture.screenshots,
        "notices": [notice.text for notice in state.notices],
        "notices_box": None if lab.notices_box is None else list(lab.notices_box),  # on the canvas, its clearest corner
        "diverged": frame.diverged,
        "bridge": lab.bridge.path_name,
        "fps": lab.frames_per_second,
        "iterations_per_second": frame.iterations_per_second,
        "resolution": lab.shown_resolution.describe(),  # what the canvas shows
        "refining": lab.controller.probing or lab.widget.drawing,  # a picture on its way over frames
        "shown_iteration": lab.widget.shown_snapshot(frame.snapshot).iteration,  # the main pane's picture's
    }
