"""Lecture mode's strip: the iteration and the phase in large type over the canvas."""

from __future__ import annotations

from imgui_bundle import imgui

from ganlab_gl.app.lab_frame import LabFrame


def draw_lecture_strip(frame: LabFrame, playing: bool) -> None:
    imgui.set_next_window_pos((16, 16))
    imgui.set_next_window_bg_alpha(0.8)
    imgui.begin("##lecture", None, imgui.WindowFlags_.no_decoration | imgui.WindowFlags_.always_auto_resize)
    imgui.text(f"Iteration {frame.iteration:,}   {'playing' if playing else 'paused'}")
    if frame.phase is not None:
        imgui.text_wrapped(f"{frame.phase.network} · {frame.phase.name}: {frame.phase.explanation}")
    imgui.end()
