"""The Compare section of the right panel: the runs side by side, and adding, removing or clearing them.

A run is the main settings with a few changed, typed as `section.key=value[,key=value]`
(the same text as `ganlab-gl lab --compare`); the controller validates it through the
declared settings and refuses a bad one in one notice, keeping the text here to fix.
"""

from __future__ import annotations

from imgui_bundle import imgui

from ganlab_gl.app.actions import Action
from ganlab_gl.app.comparison import MAX_RUNS
from ganlab_gl.app.lab_frame import LabFrame
from ganlab_gl.app.panels import flow
from ganlab_gl.app.state import AppState
from ganlab_gl.app.theme import RUN_RGB

ADD = "Add run"
CLEAR = "Clear all"
HINT = ("Each run trains the main settings with the changes you type, from the same seed and data; all step "
        "together and share the view.")
EXAMPLE = "train.loss=wgan-gp"
FULL = f"{MAX_RUNS} runs side by side, the most: remove one to add another."


class ComparePanel:
    def __init__(self) -> None:
        self.text = EXAMPLE  # the widget's own until Add sends it

    def draw(self, state: AppState, frame: LabFrame) -> None:
        runs = frame.comparison
        if not runs:
            imgui.push_text_wrap_pos(0.0)
            imgui.text_disabled(HINT)
            imgui.pop_text_wrap_pos()
        for index, run in enumerate(runs):
            imgui.color_button(f"##run-{run.tag}", imgui.ImVec4(*RUN_RGB[run.tag], 1.0),
                               imgui.ColorEditFlags_.no_tooltip)
            imgui.same_line()
            imgui.push_text_wrap_pos(0.0)  # a long list of changed settings wraps at the panel's edge
            imgui.text(f"{run.tag}  {run.label}")
            imgui.pop_text_wrap_pos()
            if index:
                flow.place(flow.button_width("Remove"))
                if imgui.small_button(f"Remove##{run.tag}"):
                    state.request(Action.COMPARE_REMOVE, index)
        adding = len(runs) < MAX_RUNS
        if adding:
            imgui.set_next_item_width(-1)
            entered, self.text = imgui.input_text("##compare-overrides", self.text,
                                                  imgui.InputTextFlags_.enter_returns_true)
            if imgui.is_item_hovered():
                imgui.set_tooltip("section.key=value[,key=value], e.g. train.loss=wgan-gp or train.g_lr=0.01 "
                                  "(docs/SETTINGS.md).\nAdding a run starts every run again from iteration 0.")
            if imgui.button(ADD) or entered:
                state.request(Action.COMPARE_ADD, self.text)
        else:  # where the field was: why it went
            imgui.push_text_wrap_pos(0.0)
            imgui.text_disabled(FULL)
            imgui.pop_text_wrap_pos()
        if runs:
            if adding:
                flow.place(flow.button_width(CLEAR))
            if imgui.button(CLEAR):
                state.request(Action.COMPARE_CLEAR)
