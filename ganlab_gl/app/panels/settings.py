"""The model and training editor, generated from the declared settings lists.

Each setting's type and range pick its widget (checkbox, combo, slider, log slider,
number or text field); GAN Lab's tighter UI limits (`ui_high`) bound the sliders while
typed values may go up to the config maximum. Live settings apply at once; structural
ones wait in the state's pending restart until the user confirms it.
"""

from __future__ import annotations

from typing import Any

from imgui_bundle import imgui

from ganlab_gl.app.actions import Action
from ganlab_gl.app.state import LAYER_SECTIONS, AppState
from ganlab_gl.core.settings import GanConfig, Setting, SettingError, SettingsTree

# Sections shown in the editor, in GAN Lab's order; `run` and `metrics` sit under "more".
TRAINING_SECTIONS = ("data", "noise", "generator", "discriminator", "train")
MORE_SECTIONS = ("probe", "metrics", "run")
RESTART_COLOR = (0.93, 0.55, 0.15, 1.0)


def setting_widget(setting: Setting, value: Any) -> tuple[bool, Any]:
    """Draw the widget for one setting; returns (changed, new value)."""
    label = f"{setting.key.split('.', 1)[1]}##{setting.key}"
    if setting.type is bool:
        return imgui.checkbox(label, value)
    if setting.choices is not None:
        changed, index = imgui.combo(label, setting.choices.index(value), list(setting.choices))
        return changed, setting.choices[index]
    if setting.type is int:
        high = setting.ui_high if setting.ui_high is not None else setting.high
        if high is not None and setting.low is not None and high - setting.low <= 100:
            return imgui.slider_int(label, value, int(setting.low), int(high))
        return imgui.input_int(label, value)
    if setting.type is float:
        if setting.log_scale:
            return imgui.slider_float(label, value, setting.low, setting.high, "%.4g",
                                      imgui.SliderFlags_.logarithmic)
        if setting.low is not None and setting.high is not None and setting.high - setting.low <= 10:
            return imgui.slider_float(label, value, setting.low, setting.high, "%.3g")
        return imgui.input_float(label, value, 0.0, 0.0, "%.4g")
    changed, text = imgui.input_text(label, value)
    return changed, text


def edit_tree(tree: SettingsTree, sections: tuple[str, ...], apply: Any, state: AppState) -> None:
    """One collapsing header per section; `apply(key, value)` receives each edit."""
    for section in sections:
        if not imgui.collapsing_header(section.capitalize(), imgui.TreeNodeFlags_.default_open
                                       if section in ("train",) else 0):
            continue
        for setting in (s for s in tree.settings().values() if s.key.startswith(section + ".")):
            if not setting.live:
                imgui.push_style_color(imgui.Col_.text, RESTART_COLOR)
            changed, value = setting_widget(setting, tree.get(setting.key))
            if not setting.live:
                imgui.pop_style_color()
            if imgui.is_item_hovered():
                imgui.set_tooltip(setting.help + ("" if setting.live else "\n(restarts the run)"))
            if changed:
                try:
                    apply(setting.key, setting.validate(value))
                except SettingError as error:
                    state.notify(str(error), "error")


def draw_settings_editor(state: AppState) -> None:
    shown: GanConfig = state.shown_config()
    if state.pending_restart:
        imgui.text_colored(RESTART_COLOR, f"Restart to apply: {', '.join(state.pending_restart)}")
        if imgui.button("Restart now"):
            state.request(Action.CONFIRM_RESTART)
        imgui.same_line()
        if imgui.button("Discard"):
            state.request(Action.DISCARD_RESTART)
        imgui.separator()
    edit_tree(shown, TRAINING_SECTIONS, state.edit, state)
    if imgui.tree_node("More settings"):
        edit_tree(shown, MORE_SECTIONS, state.edit, state)
        imgui.tree_pop()


def draw_view_editor(state: AppState) -> None:
    edit_tree(state.view, (*LAYER_SECTIONS, "display", "playback"), state.edit, state)
