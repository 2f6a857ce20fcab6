"""The toolbar: GAN Lab's play/reset/step buttons, slow motion, the iteration counter, speed."""

from __future__ import annotations

from dataclasses import dataclass

from imgui_bundle import imgui

from ganlab_gl.app.actions import Action
from ganlab_gl.app.panels.settings import DRAG_PIXELS
from ganlab_gl.app.state import AppState

BUTTONS = (
    (Action.RESET, "Reset", "R"),
    (Action.STEP, "Step", "N / Right"),
    (Action.STEP_D, "Step D", "D"),
    (Action.STEP_G, "Step G", "G"),
    (Action.STEP_PHASE, "Phase", "."),
)


@dataclass
class FrameStats:
    iteration: int
    iterations_per_second: float
    frames_per_second: float
    device_note: str  # where training runs
    bridge_path: str  # how tensors reach GL: "cuda-gl interop" or "host copy"
    diverged: bool


def draw_toolbar(state: AppState, stats: FrameStats) -> None:
    if imgui.button("Pause" if state.playing else "Play", (70, 0)):
        state.request(Action.PLAY_PAUSE)
    _tooltip("Space")
    for action, label, key in BUTTONS:
        imgui.same_line()
        if imgui.button(label):
            state.request(action)
        _tooltip(key)
    imgui.same_line()
    changed, slow = imgui.checkbox("Slow motion", state.slow_motion)
    if changed and slow != state.slow_motion:
        state.request(Action.SLOW_MOTION)
    _tooltip("S: each phase of the iteration is held, and the overview graph shows which")
    imgui.same_line()
    imgui.text(f"Iteration {stats.iteration:09,d}")
    imgui.same_line()
    imgui.set_next_item_width(120)
    changed, speed = imgui.drag_int("##speed", state.view.playback.max_iterations_per_frame, 1000 / DRAG_PIXELS,
                                    1, 1000, "%d it/frame", imgui.SliderFlags_.logarithmic)
    if changed:
        state.edit("playback.max_iterations_per_frame", speed)
    _tooltip("speed cap: iterations per frame")
    imgui.same_line()
    imgui.text_disabled(f"{stats.iterations_per_second:,.0f} it/s  {stats.frames_per_second:.0f} fps")
    _tooltip(f"{stats.device_note}\ntensors reach OpenGL by {stats.bridge_path}")
    if stats.diverged:
        imgui.same_line()
        if imgui.button("Revert to last good state"):
            state.request(Action.REVERT)


def _tooltip(text: str) -> None:
    if imgui.is_item_hovered():
        imgui.set_tooltip(text)
