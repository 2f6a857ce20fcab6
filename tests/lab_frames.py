"""Read models of a run after some training, for the panel tests: ring8's (a mixture: every chart the side panel
has) alone, or compared with runs of the given overrides, or any preset's."""

from __future__ import annotations

from ganlab_gl.app.actions import Action
from ganlab_gl.app.controller import Controller
from ganlab_gl.app.lab_frame import LabFrame
from ganlab_gl.app.state import AppState
from ganlab_gl.core.presets import with_preset


def ring8_frame(steps: int, compare: tuple[str, ...] = ()) -> LabFrame:
    """The frame after `steps` iterations of ring8 (metrics every iteration), each of `compare` a compared run."""
    return preset_frame("ring8", steps, compare)


def preset_frame(preset: str, steps: int, compare: tuple[str, ...] = (), as_picked: bool = False) -> LabFrame:
    """The frame after `steps` iterations of `preset` (metrics every iteration), each of `compare` a compared run;
    `as_picked`: trained with the preset's own settings (its loss: Ring of 8's non-saturating), as picking it in the
    lab trains, else with the default ones."""
    state = AppState()
    state.config = with_preset(state.config, preset) if as_picked else state.config
    state.config.data.name = preset
    state.config.metrics.every = 1
    controller = Controller(state)
    try:
        for text in compare:
            state.request(Action.COMPARE_ADD, text)
        for _ in range(steps):
            state.request(Action.STEP)
        controller.frame()
        frame = controller.read_model()
    finally:
        controller.close()
    assert len(frame.comparison) == (len(compare) + 1 if compare else 0)
    return frame
