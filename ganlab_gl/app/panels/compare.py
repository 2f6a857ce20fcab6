"""The Compare section of the right panel: the runs side by side, and adding, removing or clearing them.

A run is the main settings with a few changed, typed as `section.key=value[,key=value]`
(the same text as `ganlab-gl lab --compare`); the controller validates it through the
declared settings and refuses a bad one in one notice, keeping the text here to fix. The
experiment list beside it adds a research protocol on the main run's data whole, as the
text `experiment=NAME` does (the data panel's list starts one as the main run).
"""

from __future__ import annotations

from imgui_bundle import imgui

from ganlab_gl.app.actions import Action, key_of
from ganlab_gl.app.comparison import EXPERIMENT, MAX_RUNS
from ganlab_gl.app.lab_frame import LabFrame
from ganlab_gl.app.panels import flow
from ganlab_gl.app.panels.data import experiment_tip
from ganlab_gl.app.panels.overview_graph import tip_text
from ganlab_gl.app.state import AppState
from ganlab_gl.app.theme import RUN_RGB
from ganlab_gl.core.experiments import EXPERIMENTS
from ganlab_gl.core.presets import data_title

ADD = "Add run"
CLEAR = "Clear all"
HINT = ("Each run trains the main settings with the changes you type, from the same seed and data; all step "
        "together and share the view.")
FULL = f"{MAX_RUNS} runs side by side, the most: remove one to add another."
ADD_EXPERIMENT = "add an experiment"


class ComparePanel:
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
            entered, state.compare_text = imgui.input_text("##compare-overrides", state.compare_text,
                                                           imgui.InputTextFlags_.enter_returns_true)
            if imgui.is_item_hovered():
                imgui.set_tooltip("section.key=value[,key=value], e.g. train.loss=wgan-gp or train.g_lr=0.01 "
                                  f"(docs/SETTINGS.md).\nAdding a run ({ADD}, Enter here or "
                                  f"{key_of(Action.COMPARE_ADD)} elsewhere) starts every run again from iteration 0.")
            if imgui.button(ADD) or entered:
                state.request(Action.COMPARE_ADD, state.compare_text)
            _draw_experiments(state)
        else:  # where the field was: why it went
            imgui.push_text_wrap_pos(0.0)
            imgui.text_disabled(FULL)
            imgui.pop_text_wrap_pos()
        if runs:
            if adding:
                flow.place(flow.button_width(CLEAR))
            if imgui.button(CLEAR):
                state.request(Action.COMPARE_CLEAR)


def _draw_experiments(state: AppState) -> None:
    """The research protocols on the main run's data (compared runs share it), each pick a run of that protocol
    whole; none listed where the main run's data has none."""
    data = state.config.data.name
    here = [name for name, experiment in EXPERIMENTS.items() if experiment.settings["data.name"] == data]
    if not here:
        return
    flow.place(flow.text_width(ADD_EXPERIMENT) + imgui.get_frame_height() + 2 * imgui.get_style().frame_padding.x)
    imgui.set_next_item_width(-1)
    if imgui.begin_combo("##compare-experiment", ADD_EXPERIMENT):
        for name in here:
            if imgui.selectable(name, False)[0]:
                state.request(Action.COMPARE_ADD, f"{EXPERIMENT}={name}")
            if imgui.is_item_hovered():
                imgui.set_tooltip(experiment_tip(name, "a pick adds a run of it beside the main run, every run "
                                                       "from iteration 0"))
        imgui.end_combo()
    if imgui.is_item_hovered():
        imgui.set_tooltip(tip_text(f"a published protocol on {data_title(data)}, beside the main run: all its "
                                   "settings, not only the loss (experiment=NAME in the field above)"))
