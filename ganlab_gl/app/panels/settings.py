"""The model and training editor, generated from the declared settings lists.

Each setting's type and range pick its widget (checkbox, combo, slider, log slider,
number or text field); GAN Lab's tighter UI limits (`ui_high`) bound the sliders while
typed values may go up to the config maximum. Live settings apply at once; structural
ones wait in the state's pending restart until the user confirms it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from imgui_bundle import imgui

from ganlab_gl.app.actions import Action
from ganlab_gl.app.panels import flow
from ganlab_gl.app.panels.overview_graph import tip_text
from ganlab_gl.app.state import AppState, refused_words
from ganlab_gl.app.view_settings import LAYER_SECTIONS
from ganlab_gl.core.device import picks_the_cpu
from ganlab_gl.core.settings import GanConfig, Setting, SettingError, SettingsTree

# Sections shown in the editor, in GAN Lab's order; `run` and `metrics` sit under "more".
TRAINING_SECTIONS = ("data", "noise", "generator", "discriminator", "train")
MORE_SECTIONS = ("probe", "metrics", "run")
RESTART_COLOR = (0.93, 0.55, 0.15, 1.0)
PENDING_FRAME_PX = 2.0  # the frame around an edit that waits for Restart now


WIDGET_SHARE = 0.65  # of a panel's width, a labelled widget's (ImGui's default), its label to the right
LABEL_NEEDS_AT_LEAST = 0.6  # a label goes above its widget where beside it the widget would get less of its share

FLOAT_FORMAT = "%g"  # six digits: beta2's 0.99999 whole ("%.3g" read "1", and a drag rounds to what it shows),
# float32's noise hidden (0.1 stays "0.1"); a learning rate's log drag keeps to 4 (1e-06 .. 10 in steps that read)
DRAG_PIXELS = 300  # a drag across this many pixels sweeps a number's whole range (or decade span, logarithmic)
INT_DRAG_SPEED = 0.1  # small integers: one step per 10 pixels
CLICK_WOBBLE_PX = 8  # a click's pointer may wander this far before a number drags (ImGui's 3 px: a click on
# "lr 0.1" that moved 4 px made it 0.113, silently, where the student meant to type)


def steady_drag(widget: Callable[..., tuple[bool, Any]], *args: Any) -> tuple[bool, Any]:
    """A drag field (imgui.drag_float, drag_int) that starts dragging only past CLICK_WOBBLE_PX; a click short of
    it becomes a text field. ImGui drags past half its io.mouse_drag_threshold, read as the widget is drawn."""
    io = imgui.get_io()
    usual, io.mouse_drag_threshold = io.mouse_drag_threshold, 2 * CLICK_WOBBLE_PX
    try:
        return widget(*args)
    finally:
        io.mouse_drag_threshold = usual


def setting_widget(setting: Setting, value: Any, label: str | None = None, value_format: str | None = None,
                   list_arrow: bool = True) -> tuple[bool, Any]:
    """Draw the widget for one setting; returns (changed, new value), a typed number as its text (see
    `typed_number`). Numbers are drag fields: a drag changes them, a click makes them a text field (the
    window sets io.config_drag_click_to_input_text), so a typed value never lands on a shortcut; the drag
    stops at GAN Lab's UI limit (`ui_high`), a typed value may go up to the setting's own; a number with a list
    (Setting.steps) opens it (`listed_number`). `label`: ImGui's (default: the setting's label); `value_format`: how
    a number or a choice's title reads ("%d layers", "%s loss"); `list_arrow`: False where a listed number's field
    has room for its words only, not for its list's arrow."""
    label = label or f"{setting.shown_label}##{setting.key}"
    if setting.type is bool:
        return imgui.checkbox(label, value)
    if setting.choices is not None:
        names = [choice_reading(setting, choice, value_format) for choice in setting.choices]
        changed, index = imgui.combo(label, setting.choices.index(value), names)
        return changed, setting.choices[index]
    if setting.type is str:
        return imgui.input_text(label, value)
    if setting.steps is not None:
        return listed_number(setting, value, label, value_format, list_arrow)
    widget_id = imgui.get_id(label)
    return typed_number(widget_id, *_number_widget(setting, value, label, value_format))


def listed_number(setting: Setting, value: Any, label: str, value_format: str | None = None,
                  arrow: bool = True) -> tuple[bool, Any]:
    """A number with a list of sensible values (Setting.steps: GAN Lab's drop-down of learning rates, the toolbar's
    paces): a click opens the list, the value's own entry marked where it is one, each with what it means; under
    it today's field, focused so that a value typed at once goes in (any in range, read as typed: `typed_number`),
    or dragged. `arrow`: the list's arrow beside the value (where there is room for it)."""
    value_format = value_format or ("%d" if setting.type is int else FLOAT_FORMAT)
    flags = imgui.ComboFlags_.height_largest | (0 if arrow else imgui.ComboFlags_.no_arrow_button)  # no scrolling
    if not imgui.begin_combo(label, value_format % value, flags):
        return False, value
    changed, listed = False, setting.listed(value)
    listed_format = value_format[value_format.index("%"):]  # the words before the number left to the field over
    for step, title in zip(setting.steps, setting.step_titles):  # the list ("lr 0.001", seven times, read noisy)
        reading = listed_format % step + (f" ({title})" if title else "")
        if imgui.selectable(f"{reading}##{step}", step == listed)[0]:
            changed, value = True, setting.type(step)
    imgui.text_disabled(f"or type one ({setting.describe_range()})")
    if imgui.is_window_appearing():
        imgui.set_keyboard_focus_here()
    imgui.set_next_item_width(imgui.get_content_region_avail().x)
    typed_changed, typed = typed_number(imgui.get_id(TYPED_FIELD),
                                        *_number_widget(setting, value, TYPED_FIELD, value_format))
    if typed_changed:
        changed, value = True, typed
        if isinstance(typed, str):  # typed and let go (a click outside the list lets go before it closes)
            imgui.close_current_popup()
    imgui.end_combo()
    return changed, value


TYPED_FIELD = "##typed"  # a list's field for any other value (one list is open at a time)


def choice_reading(setting: Setting, choice: str, value_format: str | None = None) -> str:
    """How a choice's combo shows `choice`: its title ("SGD" for sgd), in `value_format` where given."""
    title = setting.reads(choice)
    return value_format % title if value_format else title


def _number_widget(setting: Setting, value: Any, label: str, value_format: str | None) -> tuple[bool, Any]:
    if setting.type is int:
        high = setting.ui_high if setting.ui_high is not None else setting.high
        if setting.log_scale:
            return steady_drag(imgui.drag_int, label, value, (high - setting.low) / DRAG_PIXELS, int(setting.low),
                               int(high), value_format or "%d", imgui.SliderFlags_.logarithmic)
        if high is not None and setting.low is not None and high - setting.low <= 100:
            return steady_drag(imgui.drag_int, label, value, INT_DRAG_SPEED, int(setting.low), int(high),
                               value_format or "%d")
        return imgui.input_int(label, value)
    if setting.log_scale:
        return steady_drag(imgui.drag_float, label, value, (setting.high - setting.low) / DRAG_PIXELS,
                           setting.low, setting.high, value_format or "%.4g", imgui.SliderFlags_.logarithmic)
    if setting.low is not None and setting.high is not None and setting.high - setting.low <= 10:
        return steady_drag(imgui.drag_float, label, value, (setting.high - setting.low) / DRAG_PIXELS,
                           setting.low, setting.high, value_format or FLOAT_FORMAT)
    return imgui.input_float(label, value, 0.0, 0.0, value_format or FLOAT_FORMAT)


_typing: dict[int, tuple[str, str]] = {}  # the number field typed into: its ImGui id -> (text it showed, text now)


def typed_number(widget_id: int, changed: bool, value: Any) -> tuple[bool, Any]:
    """After a number widget: while it is typed into, no change; once let go (Enter, Tab, a click elsewhere),
    the text as typed, for the setting to parse (Setting.parse). ImGui parsed it itself, silently and in
    float32 or int32: a typed 1e-99 became 0.0 and was refused as "0.0", 2.5 became 2 layers, 'abc' and 1e9
    batch size 1. Escape (which puts back the text it showed) or an unchanged text changes nothing."""
    text_state = imgui.internal.get_input_text_state(widget_id)  # None once another field is typed into
    if imgui.internal.is_item_active_as_input_text():
        shown = _typing[widget_id][0] if widget_id in _typing else text_state.get_text()
        _typing[widget_id] = (shown, text_state.get_text())
        return False, value
    if widget_id not in _typing:
        return changed, value
    shown, text = _typing.pop(widget_id)
    if text_state is not None:
        text = text_state.get_text()  # Enter's frame may have typed more; Escape put back what it showed
    if not imgui.is_item_deactivated():  # left while typed (its panel closed): ImGui dropped the text
        return changed, value
    return (False, value) if text == shown else (True, text)


def read_value(setting: Setting, value: Any) -> Any:
    """A widget's value for `setting`, validated (SettingError): a typed number's text parsed as typed; a dragged
    float as its field shows it, FLOAT_FORMAT's six digits (ImGui drags in float32: 0.03 was kept, saved and said
    as 0.029999999329447746)."""
    if isinstance(value, str) and setting.type in (int, float):
        return setting.parse(value)
    if setting.type is float and isinstance(value, float):
        value = float(FLOAT_FORMAT % value)
    return setting.validate(value)


def unused_because(config: SettingsTree, key: str) -> str | None:
    """Why a training setting has no effect with the config's other choices (None: it has one)."""
    if not isinstance(config, GanConfig):
        return None
    train, data = config.train, config.data
    if key in ("train.beta1", "train.beta2") and "adam" not in (train.d_optimizer, train.g_optimizer):
        return "used by Adam only; both optimizers are SGD"
    if key == "train.gp_weight" and train.loss != "wgan-gp":
        return f"used by the {config.settings()['train.loss'].reads('wgan-gp')} loss only"
    if key == "data.brush_spread" and data.name not in ("drawing", "file"):  # both blur their points by it
        return "used by a drawn or imported dataset only"
    if key == "data.file" and data.name != "file":
        return "used by an imported file only"
    if key == "run.cuda_graph" and picks_the_cpu(config.run.device):
        return "used on CUDA only; this run trains on the CPU"
    if key == "probe.manifold_res" and config.noise.dim > 2:
        return "the manifold is drawn for 1- or 2-D noise only"
    network, _, name = key.partition(".")
    if network in ("generator", "discriminator") and name in ("neurons", "activation") and (
            config.get(f"{network}.hidden_layers") == 0):
        return "no hidden layers: the network is one linear map"
    return None


Box = tuple[float, float, float, float]  # (x, y, width, height) in window pixels


def item_tooltip(text: str, off: Box | None = None) -> None:
    """`text` as the last item's tooltip (shown where it is hovered). Where F6's keyboard cursor is on the item, not
    the pointer, ImGui stands it just under the item: `off` (the overview graph's box) stands it under that box
    instead, or over it where the window has no room for it under the box and has over it, so it covers none of it
    (it hid the graph's pictures)."""
    if off is not None and not imgui.is_item_hovered(imgui.HoveredFlags_.no_nav_override
                                                     | imgui.HoveredFlags_.allow_when_disabled):
        x, y, _, height = off
        tall = imgui.calc_text_size(text).y + 2 * imgui.get_style().window_padding.y
        over = y + height + tall > imgui.get_io().display_size.y and y >= tall
        imgui.set_next_window_pos((x, y if over else y + height), imgui.Cond_.always, (0.0, 1.0 if over else 0.0))
    imgui.set_tooltip(text)


def edit_setting(state: AppState, tree: SettingsTree, setting: Setting, apply: Any, label: str | None = None,
                 value_format: str | None = None, list_arrow: bool = True, tip_off: Box | None = None) -> None:
    """One setting's widget: greyed where the other choices make it moot, restart-coloured where a change
    restarts the run, its help on hover (a keyboard's, off `tip_off`: item_tooltip); a change goes to
    `apply(key, value)`, validated. `label`, `value_format`, `list_arrow`: as `setting_widget` takes them."""
    unused = unused_because(tree, setting.key)
    shown = tree.get(setting.key)
    reading = choice_reading(setting, shown, value_format) if setting.choices is not None else ""
    cut = bool(reading) and imgui.calc_text_size(reading).x > (  # a choice's field clips its reading
        imgui.calc_item_width() - imgui.get_frame_height() - 2 * imgui.get_style().frame_padding.x)
    imgui.begin_disabled(unused is not None)
    if not setting.live:
        imgui.push_style_color(imgui.Col_.text, RESTART_COLOR)
    changed, value = setting_widget(setting, shown, label, value_format, list_arrow)
    if not setting.live:
        imgui.pop_style_color()
    imgui.end_disabled()
    waiting = setting.key in state.pending_restart
    if waiting:  # framed: a value that waits for Restart now never reads as the running one (the graph shows it too)
        imgui.get_window_draw_list().add_rect(imgui.get_item_rect_min(), imgui.get_item_rect_max(),
                                              imgui.get_color_u32(RESTART_COLOR), thickness=PENDING_FRAME_PX)
    if imgui.is_item_hovered(imgui.HoveredFlags_.allow_when_disabled):
        # its help broken into lines as the graph's tooltips are (ImGui never wraps one: the noise's help ran past a
        # 1280 px window's edge)
        item_tooltip(tip_text((f"{reading}: " if cut else "") + setting.help)
                     + ("" if setting.label is None else f"\n({setting.key})")  # the name --set takes
                     + ("" if setting.live else "\n(restarts the run)")
                     + ("\n(waiting: Restart now applies it)" if waiting else "")
                     + ("" if unused is None else f"\n({unused})"), tip_off)
    if changed:
        apply_edit(state, setting, apply, value)


def apply_edit(state: AppState, setting: Setting, apply: Any, value: Any) -> None:
    """`value`, as a widget gave it, to `apply(key, value)` once validated; a refused one becomes its one-line
    notice."""
    try:
        apply(setting.key, read_value(setting, value))
    except SettingError as error:
        state.notify(refused_words(setting, error), "error")


def step_setting(state: AppState, tree: SettingsTree, setting: Setting, apply: Any, by: int) -> None:
    """A count one step up (`by` 1) or down (-1) from the value `tree` shows, GAN Lab's add and remove buttons, or a
    learning rate to GAN Lab's next listed one (Setting.stepped), through the one edit path: a count that restarts
    the run waits for Restart now as a typed one does; past the setting's limit or list it is refused in one line."""
    try:
        stepped = setting.stepped(tree.get(setting.key), by)
    except SettingError as error:
        state.notify(refused_words(setting, error), "error")
        return
    apply_edit(state, setting, apply, stepped)


def fit_label(label: str, widget_share: float = WIDGET_SHARE) -> str:
    """Before a labelled widget: its width, so that its label fits to its right; where the panel is too
    narrow for both on one line, the label goes above a full-width widget (its words wrapping, spaces for
    underscores). Returns the label to give the widget."""
    shown = label.split("##", 1)[0]
    available = imgui.get_content_region_avail().x
    label_width = imgui.calc_text_size(shown).x + imgui.get_style().item_inner_spacing.x
    if label_width <= available * (1 - LABEL_NEEDS_AT_LEAST * widget_share):
        imgui.set_next_item_width(min(available * widget_share, available - label_width))
        return label
    imgui.push_text_wrap_pos(0.0)  # a long name wraps at its words (ImGui breaks lines at spaces only)
    imgui.text(shown.replace("_", " "))
    imgui.pop_text_wrap_pos()
    imgui.set_next_item_width(available)
    return f"##{label}"


def edit_tree(tree: SettingsTree, sections: tuple[str, ...], apply: Any, state: AppState,
              first: dict[str, str] | None = None) -> None:
    """One collapsing header per section; `apply(key, value)` receives each edit. `first`: a training setting drawn
    at the top of a section too (section -> key), edited through the state."""
    for section in sections:
        if not imgui.collapsing_header(section.capitalize(), imgui.TreeNodeFlags_.default_open
                                       if section in ("train",) else 0):
            continue
        if first and section in first:
            setting = GanConfig.settings()[first[section]]
            label = fit_label(f"{setting.shown_label}##{setting.key}")
            edit_setting(state, state.config, setting, state.edit, label)
        for setting in (s for s in tree.settings().values() if s.key.startswith(section + ".")):
            label = f"{setting.shown_label}##{setting.key}"
            if setting.type is bool and flow.checkbox_width(label) <= imgui.get_content_region_avail().x:
                edit_setting(state, tree, setting, apply, label)
            else:
                edit_setting(state, tree, setting, apply, fit_label(label))


def _restart_text(state: AppState) -> str:
    return f"Restart to apply: {state.waiting_edits()}"


def pending_restart_height(state: AppState, width: float | None = None) -> float:
    """The room `draw_pending_restart` takes `width` wide (by default the current window's; 0 when nothing waits),
    so that a panel can keep it at its foot: a row appearing above the settings moved the widget under the pointer."""
    if not state.pending_restart:
        return 0.0
    style = imgui.get_style()
    wrap = imgui.get_content_region_avail().x if width is None else width
    text = imgui.calc_text_size(_restart_text(state), wrap_width=wrap)
    # separator (scaled with the UI: 2 px at UI scale 2, where 1 px over made the column scroll), text, buttons;
    # spacing before each
    return 3 * style.item_spacing.y + style.separator_size + text.y + imgui.get_frame_height()


def draw_pending_restart(state: AppState) -> None:
    """The edits that wait for a restart, and the buttons that apply or discard them."""
    if not state.pending_restart:
        return
    imgui.separator()
    imgui.push_text_wrap_pos(0.0)
    imgui.text_colored(RESTART_COLOR, _restart_text(state))
    imgui.pop_text_wrap_pos()
    if imgui.button("Restart now"):
        state.request(Action.CONFIRM_RESTART)
    imgui.same_line()
    if imgui.button("Discard"):
        state.request(Action.DISCARD_RESTART)


def draw_settings_editor(state: AppState) -> None:
    shown: GanConfig = state.shown_config()
    edit_tree(shown, TRAINING_SECTIONS, state.edit, state)
    if imgui.tree_node("More settings"):
        edit_tree(shown, MORE_SECTIONS, state.edit, state)
        imgui.tree_pop()


LAYER_RESOLUTIONS = {"heatmap": "probe.heatmap_res", "manifold": "probe.manifold_res"}  # a probe setting, found
# under All settings -> Probe, drawn with its layer's view too: looked for there, it was not found


def draw_view_editor(state: AppState) -> None:
    edit_tree(state.view, (*LAYER_SECTIONS, "display", "playback"), state.edit, state, first=LAYER_RESOLUTIONS)
