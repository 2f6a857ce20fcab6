"""The data picker: the preset registry's datasets with previews, the research experiments, drawing, import, the
pre-trained model."""

from __future__ import annotations

import math

from imgui_bundle import imgui

from ganlab_gl.app.actions import Action, key_of
from ganlab_gl.app.lab_frame import LabFrame
from ganlab_gl.app.panels import flow
from ganlab_gl.app.panels.overview_graph import tip_text
from ganlab_gl.app.panels.settings import DRAG_PIXELS, fit_label, read_value, steady_drag, typed_number
from ganlab_gl.app.state import AppState, refused_words
from ganlab_gl.core.experiments import EXPERIMENTS, running_experiment, summary
from ganlab_gl.core.presets import PRESETS, Preset, data_title
from ganlab_gl.core.settings import GanConfig, SettingError

PREVIEW_PX = 56
PREVIEW_AT_LEAST = 30  # px: the presets' pictures shrink to this to take fewer rows (preview_grid): GAN Lab's are
# about 30 px, each shape still clear; at 1280x800 all seven to a row, where the two rows of 40 px left a mixture's
# charts, at their least readable, overrunning the panel (it scrolled, Layers and view and Files below the fold)
DONE = f"Done ({key_of(Action.FINISH_DRAWING)})"
# It keeps the strokes for the next 8: "Cancel" read as throwing them away. Its key in the tooltip: "Leave (Escape)"
# took a row of its own under Done at 1280x800.
LEAVE = "Leave"
DRAW = f"Draw your own ({key_of(Action.START_DRAWING)})"
IMPORT_HINTS = ("data file (.csv, .npy)", "data file")  # the empty field's hint; the short one where the long is cut
BRUSH_SPREAD = GanConfig.settings()["data.brush_spread"]  # the drawing's brush spread becomes it


def draw_data_panel(state: AppState, frame: LabFrame, previews: dict[str, tuple],
                    pretrained_available: set[str]) -> None:
    """`previews` maps preset names to (ImGui texture ref, uv0, uv1): where their samples' picture is in a sheet."""
    draw_presets(state, frame, previews, pretrained_available)
    draw_data_options(state, frame, pretrained_available)


def draw_presets(state: AppState, frame: LabFrame, previews: dict[str, tuple], pretrained_available: set[str]) -> None:
    """The presets' pictures, a click picks one (draw_data_panel's `previews`), and under them a row: what the run
    trains on where no picture says it, else GAN Lab's pre-trained checkbox (_pretrained_first), as GAN Lab puts
    it under its pictures: among the other data controls, a crowded panel folded it under More data (Disjoint at
    1280x800, whose mode chart crowds the panel). The row is always there, the box greyed where this data ships no
    model, so that what follows holds still: an import's line pushed the Import button down a row, a second click
    on it landing on "Draw your own" (and a preset that ships a model had them a row lower than one that does not);
    in a short panel (side.py), where a greyed box went under More data, the Metrics header and the charts stood a
    row higher on Ring of 8 than on Two Gaussians at 1280x800, and jumped as the user switched presets."""
    current = state.config.data.name
    style = imgui.get_style()  # the grid as though a scrollbar showed, whether it does or not: a grid for the width
    # a scrollbar left took a row more, which kept the scrollbar
    side, padding, spacing = preview_grid(imgui.get_window_width() - 2 * style.window_padding.x - style.scrollbar_size)
    imgui.push_style_var(imgui.StyleVar_.frame_padding, padding)
    imgui.push_style_var(imgui.StyleVar_.item_spacing, (spacing, style.item_spacing.y))
    for index, preset in enumerate(PRESETS.values()):
        if index:
            flow.place(side + 2 * padding[0])  # as many to a row as the panel holds
        selected = preset.name == current and not state.drawing
        if selected:
            imgui.push_style_color(imgui.Col_.button, (0.48, 0.2, 0.58, 1.0))
        sheet, uv0, uv1 = previews[preset.name]
        if imgui.image_button(f"##{preset.name}", sheet, (side, side), uv0, uv1):
            state.request(Action.PICK_DATASET, preset.name)
        if selected:
            imgui.pop_style_color()
        if imgui.is_item_hovered():
            imgui.set_tooltip(preset_tip(preset))
    imgui.pop_style_var(2)
    _draw_users_data(frame, state)
    if _pretrained_first(state, frame):
        _draw_pretrained(state, frame, pretrained_available)


def draw_data_options(state: AppState, frame: LabFrame, pretrained_available: set[str]) -> None:
    """What the run trains on besides a preset: drawing, an experiment, a file, and the pre-trained checkbox of a
    comparison's preset, which does not stand under the presets' pictures (_pretrained_first). The user's data has
    none: no model is for it, and its greyed box, under Import in a short panel, took the charts a row and moved
    Import up one after an import. While drawing, the drawing's controls alone, as GAN Lab's drawing is a dialog
    over its page: the others wait for it (greyed, they pushed Done below the fold of a short panel, 1280x800 at UI
    scale 2)."""
    _draw_drawing_controls(state)
    if state.drawing:
        return
    _draw_experiments(state)
    _draw_import(state)
    if frame.comparison and frame.dataset.name not in USERS_DATA:
        _draw_pretrained(state, frame, pretrained_available)


def _pretrained_first(state: AppState, frame: LabFrame) -> bool:
    """Whether the pre-trained checkbox stands under the presets' pictures (draw_presets): where the run trains on a
    preset (the user's data has its line there, _draw_users_data), and no comparison, which the shipped weights
    cannot join, or drawing, whose controls come alone, is on. Elsewhere it waits among the other data controls."""
    return not state.drawing and frame.dataset.name not in USERS_DATA and not frame.comparison


def preview_grid(width: float) -> tuple[float, tuple[float, float], float]:
    """(picture side, frame padding (x, y), spacing) of the presets' pictures in a panel `width` wide: PREVIEW_PX
    in ImGui's padding and spacing, as many to a row as fit; where closer and smaller (down to PREVIEW_AT_LEAST)
    they take fewer rows, so (a row fewer at 1920x1080, UI scale 2, where the right panel scrolled)."""
    style = imgui.get_style()
    padding, spacing = (style.frame_padding.x, style.frame_padding.y), style.item_spacing.x
    count = len(PRESETS)

    def rows(per_row: int) -> int:
        return -(-count // max(per_row, 1))

    usual_rows = rows(int((width + spacing) // (PREVIEW_PX + 2 * padding[0] + spacing)))
    close_padding, close_spacing = style.frame_padding.y, style.item_inner_spacing.x
    for per_row in range(count, 0, -1):
        side = min((width - per_row * 2 * close_padding - (per_row - 1) * close_spacing) / per_row, PREVIEW_PX)
        if side >= PREVIEW_AT_LEAST:
            if rows(per_row) < usual_rows:
                return math.floor(side), (close_padding, close_padding), close_spacing
            break
    return PREVIEW_PX, padding, spacing


USERS_DATA = ("drawing", "file")  # the data no preset's picture shows, and no shipped model is for


def _draw_users_data(frame: LabFrame, state: AppState) -> None:
    """What the run trains on where no thumbnail says it: a drawing or a file (GAN Lab shows the drawing), on one
    line under the pictures, in the pre-trained checkbox's row and as tall. Among the other data controls it wrapped
    a long file's name to two lines, which crowded the panel at 1920x1080, UI scale 2, so that the line just
    imported was folded away under More data."""
    data = frame.dataset
    if state.drawing or data.name not in USERS_DATA:
        return
    title, count = data_title(data.name, data.file), f" ({data.user_points:,} points)"
    room = imgui.get_content_region_avail().x
    line = f"Training on {title}{count}"
    if flow.text_width(line) > room:  # the name whole before the words around it
        line = flow.fitted(title, room - flow.text_width(count)) + count
    imgui.align_text_to_frame_padding()
    imgui.text(line)
    if data.name == "file":
        imgui.set_item_tooltip(data.file)


EXPERIMENT = "Experiment"
# What the list says while no experiment runs: its name beside it rarely fits, and "no experiment" under GAN Lab's
# data pictures read as jargon to a first-time student: these are published setups, for research
NO_EXPERIMENT = "research setups"


def _draw_experiments(state: AppState) -> None:
    """The research protocols (`ganlab-gl experiments`), one pick each: the list shows the one the run's settings
    are (none once a setting of it is edited) by its short title ("ring8-vanilla", its name, was jargon to a student
    who pressed 5), the open list by their titles, each entry's tooltip what it trains with."""
    running = running_experiment(state.config)
    style = imgui.get_style()
    arrow = imgui.get_frame_height() + 2 * style.frame_padding.x
    widest = max(flow.text_width(NO_EXPERIMENT), *(flow.text_width(e.short_title) for e in EXPERIMENTS.values())
                 ) + arrow  # the longest short title and the arrow
    # No row of its own where the drawing button leaves room for it (the right panel's height is budgeted: at
    # 1920x1080 a row more made it scroll), and never a row for its name above it (at 1024x768, UI scale 2, the
    # data panel alone then outgrew the window and its scrollbar cut the drawing button): the name goes beside
    # it where it fits, else the list's own words (NO_EXPERIMENT, the running one's title) say what it is.
    flow.place(widest)
    room = imgui.get_content_region_avail().x
    named = room - flow.text_width(EXPERIMENT) - style.item_inner_spacing.x >= widest
    width = min(widest, room)
    imgui.set_next_item_width(width)
    shown = flow.fitted(EXPERIMENTS[running].short_title if running else NO_EXPERIMENT, width - arrow)
    if imgui.begin_combo(EXPERIMENT if named else f"##{EXPERIMENT}", shown):
        for name, experiment in EXPERIMENTS.items():
            if imgui.selectable(f"{experiment.title}##{name}", name == running)[0]:
                state.request(Action.PICK_EXPERIMENT, name)
            if imgui.is_item_hovered():
                imgui.set_tooltip(experiment_tip(name))
        imgui.end_combo()
    if imgui.is_item_hovered():
        imgui.set_tooltip(experiment_tip(running) if running else
                          "a published 2-D mixture protocol: a pick starts a new run with its settings\n"
                          "(docs/TRAINING.md: what each is and the numbers measured over seeds)")


def experiment_tip(name: str, pick: str = "a pick starts a new run") -> str:
    """An experiment's tooltip, in the words of the notice that starting it posts, a line each broken as the
    settings' are (tip_text: ring8-hinge's ran to 109 characters), what a `pick` does, and where its measured
    numbers are."""
    experiment = EXPERIMENTS[name]
    return tip_text("\n".join([f"{name}: {experiment.title}", experiment.protocol, *summary(name).split("; "),
                               f"{pick}; measured over seeds: docs/TRAINING.md"]))


def preset_tip(preset: Preset) -> str:
    """A thumbnail's tooltip: the data's name and key, what a click does, whose settings it brings, and how the run
    it replaces comes back (nothing is asked: Controller._pick_dataset)."""
    return (f"{preset.title} (key {key_of(Action.PICK_DATASET, preset.name)}): a click trains a new GAN on it\nwith "
            f"the settings of {preset.source}\n({key_of(Action.UNDO)} brings back the run it replaces)")


def _draw_pretrained(state: AppState, frame: LabFrame, available: set[str]) -> None:
    """GAN Lab's checkbox, greyed where this data has no pre-trained model; its tooltip, over the box or the label,
    says what it does (GAN Lab's "Train on top of a pre-trained model or train from scratch"), or why it is grey."""
    current = state.config.data.name
    usable = current in available
    imgui.begin_disabled(not usable)
    changed, use = flow.checkbox_fitted(PRETRAINED_WORDINGS, frame.pretrained == current)
    imgui.end_disabled()
    if changed and usable:
        state.request(Action.USE_PRETRAINED, use)
    if imgui.is_item_hovered(imgui.HoveredFlags_.allow_when_disabled):
        titles = [preset.title for preset in PRESETS.values() if preset.name in available]
        imgui.set_tooltip(PRETRAINED_MEANING if usable else
                          f"no pre-trained model for this data: there is one for {', '.join(titles)}")


PRETRAINED_WORDINGS = ("Use pre-trained model", "Pre-trained model", "Pre-trained")  # GAN Lab's, then shorter
# where the row does not hold it: on one line, as tall as the user's data's line that takes its place
PRETRAINED_MEANING = ("start from a GAN already trained on this data with GAN Lab's config,\n"  # two short lines: a
                      "and train on from there; untick to train from scratch")  # tooltip does not wrap


def _draw_drawing_controls(state: AppState) -> None:
    if not state.drawing:
        if imgui.button(flow.with_key_if_it_fits(DRAW)):
            state.request(Action.START_DRAWING)
        imgui.set_item_tooltip(f"draw the real samples yourself on the canvas (key {key_of(Action.START_DRAWING)}), "
                               f"then {key_of(Action.FINISH_DRAWING)} trains on them")
        return
    # No line of its own saying how to draw: the legend under the canvas says it, and counts the samples (here it
    # took three lines of a short panel, 1024x768 at UI scale 2, and Done went below the fold)
    label = fit_label("brush spread")
    changed, spread = typed_number(imgui.get_id(label), *steady_drag(imgui.drag_float, label, state.brush_spread,
                                                                     0.1 / DRAG_PIXELS, 0.0, 0.1, "%.3f"))
    if changed:  # only then: ImGui hands back float32, so 0.02 came back as 0.0199999996, a "changed" setting
        try:  # typed, as typed and up to the setting's maximum (the drag stops at 0.1); a nan refused now, not at Enter
            state.brush_spread = read_value(BRUSH_SPREAD, spread if isinstance(spread, str) else round(spread, 4))
        except SettingError as error:
            state.notify(f"{refused_words(BRUSH_SPREAD, error)}; the brush keeps {state.brush_spread:g}", "error")
    if imgui.button("Clear"):
        state.clear_drawing()
    imgui.set_item_tooltip(f"start over ({key_of(Action.UNDO)} brings the drawing back)")
    flow.place(flow.button_width("Undo"))
    imgui.begin_disabled(not state.drawing_undo)
    if imgui.button("Undo"):
        state.request(Action.UNDO)
    imgui.end_disabled()
    if imgui.is_item_hovered(imgui.HoveredFlags_.allow_when_disabled):
        imgui.set_tooltip(f"take back the last stroke or Clear ({key_of(Action.UNDO)})")
    flow.place(flow.button_width(DONE))
    imgui.begin_disabled(len(state.drawn_points) < 2)
    if imgui.button(DONE):
        state.request(Action.FINISH_DRAWING)
    imgui.end_disabled()
    if imgui.is_item_hovered(imgui.HoveredFlags_.allow_when_disabled):
        imgui.set_tooltip("train on the drawing (at least 2 points)")
    flow.place(flow.button_width(LEAVE))
    if imgui.button(LEAVE):
        state.request(Action.LEAVE_DRAWING)
    imgui.set_item_tooltip(f"{key_of(Action.ESCAPE)}: leave drawing mode; the strokes wait for "
                           f"{key_of(Action.START_DRAWING)}, which draws on from them")


def _draw_import(state: AppState) -> None:
    """The data-file field and Import. As the run's data changes, the field follows it: the file it trains on, or
    empty (a research setup after an import trained on Ring of 8 beside the CSV's path); typing in it waits."""
    data = state.config.data
    running = data.file if data.name == "file" else ""
    if running != state.import_followed:
        state.import_path = state.import_followed = running
    row = imgui.get_content_region_avail().x
    beside = row - flow.button_width("Import") - imgui.get_style().item_spacing.x
    padding = 2 * imgui.get_style().frame_padding.x  # a field's text stands inside its padding, as a button's
    field_fits = beside >= flow.text_width(IMPORT_HINTS[0]) + padding  # else the field takes the row, Import under it
    width = beside if field_fits else row
    hint = next((hint for hint in IMPORT_HINTS if flow.text_width(hint) + padding <= width), IMPORT_HINTS[-1])
    imgui.set_next_item_width(width)
    entered, state.import_path = imgui.input_text_with_hint("##import", hint, state.import_path,
                                                            imgui.InputTextFlags_.enter_returns_true)
    if imgui.is_item_hovered():
        imgui.set_tooltip("path of an N x 2 .csv or .npy file (or drop one on the window); Enter imports it")
    if field_fits:
        imgui.same_line()
    imgui.begin_disabled(not state.import_path.strip())
    if (imgui.button("Import") or entered) and state.import_path.strip():
        state.request(Action.IMPORT_FILE, state.import_path.strip())
    imgui.end_disabled()
