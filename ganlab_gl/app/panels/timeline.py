"""The timeline bar under the canvas: the run's kept iterations over its loss curve, a scrubber, Branch, Export.

Clicking or dragging on the curve rewinds the lab to that iteration (the latest one kept at
or before it): the canvas and the overview show the networks as they were there, re-probed
from the stored weights. Buttons (and keys: Home, [, ], End) move through the kept
iterations; Branch here continues the run from the shown one; Export writes a range of the
timeline as a video, as `ganlab-gl animate` does. Everything goes through queued actions.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from imgui_bundle import imgui, implot

from ganlab_gl.app.actions import Action, Refused, key_of, keys_of
from ganlab_gl.app.lab_frame import LabFrame
from ganlab_gl.app.outputs import EXPORT_NAME
from ganlab_gl.app.panels import flow
from ganlab_gl.app.panels.help import NOTICE_COLORS
from ganlab_gl.app.panels.metrics import (D_LOSS_RGB, G_LOSS_RGB, LOSS_NAMES, LOSS_SHORTER, Series,
                                          begin_framed_plot, end_framed_plot, iteration_ticks, mark_iteration,
                                          mark_references, plot_line, stalemate_marks)
from ganlab_gl.app.panels.settings import typed_number
from ganlab_gl.app.rewind import TimelineFacts
from ganlab_gl.app.state import AppState
from ganlab_gl.app.timeline_export import (FORMATS, GIF_LARGE_BYTES, VIDEO_FPS, VIDEO_SIZES, ExportSizes,
                                           parse_video_size, video_length)
from ganlab_gl.core.wording import counted, ordinal
from ganlab_gl.render.animate import GIF_MAX_BYTES, gif_bytes

# What the bar's curves are (by hovering it): unnamed, with no legend, the largest chart at 1280x800 left a student
# to guess; by whether faint stalemate lines are drawn (the loss trained has such values). The networks named in
# full, as the loss chart's legend names them where it fits: "D's loss" left a student to know which network D is.
CURVES = "Discriminator's loss (blue) and generator's loss (purple) at every kept iteration"
CURVES_SAY = {False: CURVES, True: f"{CURVES}; faint lines: where the losses sit at a tie, D unable to tell real "
                                   "from fake"}
# After the curves' names, each by a swatch of its colour, in the first of the loss chart's wordings that fits the
# buttons' row: "the losses: click to go back" named no curve, and the bar has no legend of its own. Before a second
# kept iteration the placeholder says it.
PRESENT_SAYS = " — click to go back"  # apart from the names: "■ G: click" read as G clicked
CURVE_NAMES = (LOSS_NAMES, *LOSS_SHORTER)
CURVE_RGBS = (D_LOSS_RGB, G_LOSS_RGB)
SWATCH_EMS = 0.8  # a curve's swatch, a square this many ems a side, as the charts' legends
# In the curve's place until a second iteration is kept (a new run, or a session saved with its timeline off): the
# pre-trained model shipped with one, and its curve was an empty chart with an axis of 0.67 to 0.75 and a lone
# "8000" that read as broken. It names the key too: a student at the keyboard read that only a click went back.
NOTHING_KEPT_YET = f"Play or a step fills this bar; click it (or press {key_of(Action.SCRUB, -1)}) later to go back"
EXPORT_POPUP = "Export the timeline"
BRANCH, EXPORT, STOP_EXPORT = "Branch here", "Export...", "Stop export"
CANCEL = "Cancel (Esc)"  # the Export dialog's, naming its key as the questions' Cancel does (help.question_buttons)
BRANCH_SHORT = "Branch"  # where a row holds Branch and Export together only so (its tooltip says from where)
STATUS_AT_LEAST = 6.0  # ems the buttons' row must leave for the bar's status (else it goes without)
TICK_LABELS_AT_LINES = 3.0  # a curve this tall, in lines of text, labels its axes' ticks (the x axis's take one,
# the plot keeps the rest): at 8 the bar at its design height at UI scale 2 (1920x1080) had none...
Y_TICK_LABELS_AT_LINES = 6.0  # ...and the y axis's labels, a line each, from this tall (at 3 they ran together)
# The curve's band of lowest to highest loss, and its line of their means, per this many pixel columns
# (metrics.plot_line): per column, the grown curve (300 px tall at 1600x960) cost the overlay 1.3 ms a frame more
TIMELINE_COLUMNS_A_STEP = 3.0
# y's room around the curves, a share of their range each side: fitted edge to edge, a loss at the lowest ran along
# the plot's frame and hid in it (D's, steady at 0.673, after three steps of the pre-trained model)
CURVE_MARGIN = 0.08
EXPORT_TEXT_EMS = 30.0  # the Export dialog's lines wrap at this many ems
FILE_FIELD = "file"  # the Export dialog's path field's label
ALL_KEPT = "All"  # the Export dialog's button for every kept iteration (what Ctrl+E exported, asked, where no range
# was picked)
FORMAT_NAMES = {".mp4": "MP4", ".gif": "GIF"}
MOVES = (("|<", Action.SHOW_ITERATION, "first",  # (label, action, argument, tip)
          f"the first kept iteration: {key_of(Action.SHOW_ITERATION, 'first')}"),
         ("<", Action.SCRUB, -1, f"one kept iteration back: {' or '.join(keys_of(Action.SCRUB, -1))}; ten back: "
          f"{key_of(Action.SCRUB, -10)}"),
         (">", Action.SCRUB, 1, f"one kept iteration forward: {key_of(Action.SCRUB, 1)} or, while rewound, "
          f"{key_of(Action.FORWARD)}; ten forward: {key_of(Action.SCRUB, 10)}"),
         (">|", Action.SHOW_ITERATION, "present", f"back to the present: {key_of(Action.SHOW_ITERATION, 'present')}; "
          "Play and the steps go there too"))
# Not ImPlot's no_inputs, which also leaves the plot never hovered (clicks and drags would miss): the axes below
# hold still instead.
PLOT_FLAGS = (implot.Flags_.no_menus | implot.Flags_.no_box_select | implot.Flags_.no_title | implot.Flags_.no_legend
              | implot.Flags_.no_mouse_text)


def timeline_caption(frame: LabFrame) -> str:
    """The curve's tooltip, for two kept iterations or more (fewer have no curve): 'iteration 1,234 of 5,000
    (rewound)' or '5,001 iterations kept, exact'."""
    t = frame.timeline
    if t.rewound:
        return f"iteration {t.shown:,} of {t.present:,}: rewound"
    exact = "exact" if t.spacing == 1 else f"the oldest every {ordinal(t.spacing)}"
    return f"{t.kept:,} iterations kept, {exact}"


def rewound_statuses(frame: LabFrame) -> tuple[str, ...]:
    """For the toolbar and lecture mode's status line, each picking the longest that fits: that the lab is rewound,
    in shorter words each, all with the key back to the present (1280 wide, "... iteration 3,477 (..." had lost
    it), said as a key that returns there ("rewound (End)" read as a state, the end); () unless rewound."""
    t = frame.timeline
    key = key_of(Action.SHOW_ITERATION, "present")
    return (f"rewound: {key} returns to the present, {t.present:,}", f"rewound: {key} returns to {t.present:,}",
            f"rewound: {key} returns") if t.rewound else ()


def iteration_field(state: AppState, label: str, value: int, first: int, present: int) -> int:
    """The Export dialog's `label` field for a kept iteration from `first` to `present`: its +/- buttons step within
    them; a typed value is read as typed once let go, and one that is no whole number (2.5, 'end') or lies outside
    is refused in one line naming it, `value` kept (ImGui read 2.5 as 2 and moved 99999 to the present, silently)."""
    changed, typed = typed_number(imgui.get_id(label), *imgui.input_int(label, value))
    if not changed:
        return value
    if not isinstance(typed, str):
        return int(np.clip(typed, first, present))
    try:
        number = int(typed.strip())
    except ValueError:
        state.notify(f"export: {label} '{typed}' is not an iteration number; it stays {value:,}", "error")
        return value
    if not first <= number <= present:
        state.notify(f"export: {label} {number:,} lies outside the kept iterations, {first:,} to {present:,}; "
                     f"it stays {value:,}", "error")
        return value
    return number


def opening_range(last_exported: tuple[int, int] | None, t: TimelineFacts) -> tuple[int, int]:
    """The Export dialog's range as it opens (Export... and Ctrl+E alike): the one exported last
    (`state.timeline_range`, which Ctrl+E once exported again unasked) where it is still kept, else the first kept
    iteration to the shown one."""
    fallback = (t.first, t.shown if t.rewound else t.present)
    first, last = last_exported or fallback
    first, last = max(first, t.first), min(last, t.present)  # an earlier run's may lie beyond
    return (first, last) if first <= last else fallback


def export_summary(sizes: ExportSizes | None, out: Path) -> list[tuple[str, str]]:
    """The Export dialog's lines under its fields, (text, notice level): what the export writes, before it starts
    (its frames, the video's length, the file's size measured in each format), and what to mind (a thinned range's
    few frames, a huge GIF, a file replaced, a name that picks no format)."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        return [(f"{out.name or 'the file'}: end the name in .mp4 or .gif, the format (or pick one above)", "error")]
    if sizes is None:
        return [("counting the frames...", "info")]
    # 512 iterations exported as 9 frames, unexplained, surprised a researcher: a thinned range says so, and why
    frames = counted(sizes.frames, "frame") + (f" for {counted(sizes.last - sizes.first + 1, 'iteration')}"
                                               if sizes.thinned else "")
    if not sizes.frames:  # a range inside a thinned stretch: the child refused it, after the run was saved for it
        return [(f"{frames}: {sizes.thinned or 'no iteration kept'}", "error")]
    lines = [(f"{frames}: {video_length(sizes.frames)} of video at {VIDEO_FPS} fps", "info")]
    if sizes.thinned:
        lines.append((sizes.thinned, "warning"))
    if sizes.probed:  # a 2048² probe drawn at the lab's size took hours for 401 frames, unsaid
        lines.append((f"drawn with {sizes.probed}", "info"))
    if suffix == ".gif" and gif_bytes(sizes.frames, parse_video_size(sizes.size)) > GIF_MAX_BYTES:
        lines.append((f"too many frames for a GIF at {sizes.size}: they need more than {GIF_MAX_BYTES // 2**30} GiB "
                      "in memory; an MP4, a smaller size or a shorter range", "error"))
    elif sizes.measured is None:
        lines.append(("measuring the file's size from the first and last frames...", "info"))
    elif sizes.measured:
        other = next(name for name in FORMATS if name != suffix)
        lines.append((f"{sizes.words(suffix)} ({FORMAT_NAMES[other]}: {sizes.words(other)}), measured from the "
                      "first and last frames", "info"))
        if gif_too_large(sizes, suffix):
            lines.append(("a GIF this large is slow to open and over most sites' limits; an MP4 holds the same "
                          "frames in a fraction, or pick a smaller size or a shorter range", "warning"))
    if out.is_file():
        lines.append((f"{out.name} exists: the export replaces it (asked first)", "warning"))
    return lines


CUT_MARK = "..."  # over a text field's start where it gives way


def mark_cut_start() -> None:
    """CUT_MARK over the start of the last item, a text field ImGui elides at its left: elide_left only cuts the
    text there, and a cut path ("ents/.../videos/training.mp4") read as whole. On the field's colour made opaque (it
    is translucent over the dialog's), hiding the glyphs it stands on."""
    low, high = imgui.get_item_rect_min(), imgui.get_item_rect_max()
    pad = imgui.get_style().frame_padding
    field = imgui.get_style_color_vec4(imgui.Col_.frame_bg_hovered if imgui.is_item_hovered() else imgui.Col_.frame_bg)
    under = imgui.get_style_color_vec4(imgui.Col_.popup_bg)
    opaque = tuple(top * field.w + bottom * (1 - field.w) for top, bottom in
                   ((field.x, under.x), (field.y, under.y), (field.z, under.z)))
    right = low.x + pad.x + imgui.calc_text_size(CUT_MARK + " ").x
    draw_list = imgui.get_window_draw_list()
    draw_list.add_rect_filled(imgui.ImVec2(low.x + 1, low.y + 1), imgui.ImVec2(right, high.y - 1),
                              imgui.get_color_u32((*opaque, 1.0)))
    draw_list.add_text(imgui.ImVec2(low.x + pad.x, low.y + pad.y), imgui.get_color_u32(imgui.Col_.text), CUT_MARK)


def wrapped_item_tooltip(text: str) -> None:
    """The last item's tooltip, its lines wrapped at EXPORT_TEXT_EMS, as the Export dialog's: a long path's, on one
    line, ran past the window's edge at 1280x800, UI scale 2 (its file name cut, what the tooltip was for)."""
    if imgui.begin_item_tooltip():
        imgui.push_text_wrap_pos(EXPORT_TEXT_EMS * imgui.get_font_size())
        imgui.text(text)
        imgui.pop_text_wrap_pos()
        imgui.end_tooltip()


def gif_too_large(sizes: ExportSizes | None, suffix: str) -> bool:
    """Whether the dialog points a GIF to the MP4: measured past GIF_LARGE_BYTES at the top of its spread ("about
    16 to 21 MB" warns), or past what Pillow can hold."""
    return suffix == ".gif" and sizes is not None and (
        (sizes.most_bytes(suffix) or 0) > GIF_LARGE_BYTES
        or gif_bytes(sizes.frames, parse_video_size(sizes.size)) > GIF_MAX_BYTES)


def export_width() -> float:
    """Export's button's, or Stop export's that takes its place: the rows are counted for the wider."""
    return max(flow.button_width(EXPORT), flow.button_width(STOP_EXPORT))


def branch_label(available: float) -> str:
    """'Branch here' where a row `available` wide holds it with Export, else 'Branch': the two keep to one row (at
    1024x768, UI scale 2 Export went onto a line of its own)."""
    fits = flow.button_width(BRANCH) + imgui.get_style().item_spacing.x + export_width() <= available
    return BRANCH if fits else f"{BRANCH_SHORT}##{BRANCH}"


def timeline_rows(width: float) -> int:
    """The rows the bar's buttons need in a panel `width` wide (its padding included)."""
    style = imgui.get_style()
    available = width - 2 * style.window_padding.x
    widths = [flow.button_width(label) for label, *_ in MOVES] + [
        flow.button_width(branch_label(available)) + style.item_spacing.x + export_width()]  # one row, together
    return flow.rows(widths, available, style.item_spacing.x)


def curves_named_width(names: tuple[str, str]) -> float:
    """The px draw_curves_named takes after the last button, its spacing before it included."""
    style = imgui.get_style()
    entries = sum(SWATCH_EMS * imgui.get_font_size() + style.item_inner_spacing.x + flow.text_width(name)
                  for name in names)
    return len(names) * style.item_spacing.x + entries + flow.text_width(PRESENT_SAYS)


def draw_curves_named(names: tuple[str, str]) -> None:
    """After the last button: each curve's name by a swatch of its colour, then PRESENT_SAYS."""
    side, line = SWATCH_EMS * imgui.get_font_size(), imgui.get_frame_height()  # the buttons' row's
    for name, rgb in zip(names, CURVE_RGBS):
        imgui.same_line()
        corner = imgui.get_cursor_screen_pos()
        top = corner.y + (line - side) / 2
        imgui.get_window_draw_list().add_rect_filled((corner.x, top), (corner.x + side, top + side),
                                                     imgui.get_color_u32((*rgb, 1.0)))
        imgui.dummy((side, line))
        imgui.same_line(0.0, imgui.get_style().item_inner_spacing.x)
        imgui.text_disabled(name)
    imgui.same_line(0.0, 0.0)
    imgui.text_disabled(PRESENT_SAYS)


class TimelineBar:
    def __init__(self) -> None:
        self._export_range = (0, 0)  # the popup's from and to, filled when it opens
        self._scrubbing = False  # a press began on the curve and is held: the drag scrubs, even off the curve
        self.exporting_dialog = False  # the Export... popup is open (the notices stand off it)
        self._dialog_size = (0.0, 0.0)  # the Export dialog's, the frame before: it is kept inside the window
        self._listing = False  # the Export dialog's size list was open the frame before: Escape closes it first
        self._dialog_top: float | None = None  # where its top edge stood when first shown, measured: it stays there

    def draw(self, state: AppState, frame: LabFrame) -> None:
        t = frame.timeline
        # Ctrl+E: as if Export... was clicked; where it showed the hidden panels, a frame on (a panel appearing takes
        # the focus, which closed the dialog opened before it)
        wanted = state.export_dialog_wanted and not imgui.is_window_appearing()
        state.export_dialog_wanted &= not wanted
        branch = branch_label(imgui.get_content_region_avail().x)
        export = STOP_EXPORT if frame.exporting else EXPORT  # Branch goes where the button drawn after it fits too
        for label, action, argument, tip in MOVES:
            if label != MOVES[0][0]:
                flow.place(flow.button_width(label))
            if imgui.button(label):
                state.request(action, argument)
            imgui.set_item_tooltip(tip)
        flow.place(flow.button_width(branch) + imgui.get_style().item_spacing.x + flow.button_width(export))
        imgui.begin_disabled(not t.rewound)
        if imgui.button(branch):
            state.request(Action.BRANCH)
        imgui.end_disabled()
        if imgui.is_item_hovered(imgui.HoveredFlags_.allow_when_disabled):
            imgui.set_tooltip(f"continue the run from the shown iteration with the current settings "
                              f"({key_of(Action.BRANCH)}); rewind first")
        if frame.exporting:  # one export at a time: its button stops it
            flow.place(flow.button_width(STOP_EXPORT))
            if imgui.button(STOP_EXPORT):
                state.request(Action.STOP_EXPORT)
            imgui.set_item_tooltip(f"{frame.exporting}\nstop it, writing nothing ({key_of(Action.STOP_EXPORT)})")
        else:
            flow.place(flow.button_width(EXPORT))
            if imgui.button(EXPORT) or wanted:
                self._export_range = opening_range(state.timeline_range, t)
                self._dialog_top = None
                imgui.open_popup(EXPORT_POPUP)
            imgui.set_item_tooltip(f"write kept iterations as an MP4 or GIF ({key_of(Action.OPEN_EXPORT)})")
            # Shown above its button (opened where the pointer was, at the window's foot, the estimate's lines
            # pushed its buttons off the screen), inside the window's edges; then its top stays put as its lines come
            # (anchored at its foot, it grew upward as GIF was picked: a click meant for "from" landed in "to").
            button, (width, height) = imgui.get_item_rect_min(), self._dialog_size
            display, padding = imgui.get_io().display_size, imgui.get_style().window_padding
            x = max(min(button.x, display.x - padding.x - width), 0.0)
            if self._dialog_top is None:
                imgui.set_next_window_pos((x, max(button.y, height)), imgui.Cond_.always, (0.0, 1.0))
            else:
                imgui.set_next_window_pos((x, max(min(self._dialog_top, display.y - height), 0.0)), imgui.Cond_.always)
            self._draw_export_popup(state, frame)
        self._draw_status(frame)
        if frame.timeline.kept > 1:
            self._draw_curve(state, frame)
        else:  # a reset under a held drag: no curve, nothing to scrub
            self._scrubbing = False
            self._draw_placeholder(frame.timeline.note or NOTHING_KEPT_YET)

    @staticmethod
    def _draw_status(frame: LabFrame) -> None:
        """Where the buttons' row has room: the export's progress, or the shown iteration of the present one, by
        the buttons that move them (a narrow toolbar, at UI scale 2, had no room for its note of them); at the
        present, once it has a curve, what the bar is, its curves named in their colours (the largest chart at
        1280x800, unnamed and with no legend, read to a first-time student as a second loss chart with nothing to
        click), whole or not at all."""
        t = frame.timeline
        status = frame.exporting or (f"{t.shown:,} of {t.present:,}" if t.rewound else "")  # short: it is by the bar
        right = imgui.get_cursor_screen_pos().x + imgui.get_content_region_avail().x  # the rows' right edge
        room = right - imgui.get_item_rect_max().x - imgui.get_style().item_spacing.x  # after the last button
        named = next((names for names in CURVE_NAMES if curves_named_width(names) <= room), None)
        if not status and t.kept > 1 and named is not None:
            draw_curves_named(named)
        elif status and room >= STATUS_AT_LEAST * imgui.get_font_size():
            imgui.same_line()
            imgui.text_disabled(flow.fitted(status, room))

    @staticmethod
    def _draw_placeholder(text: str) -> None:
        """`text` in the curve's frame, centred, wrapped within it: no axis, no numbers."""
        width, height = imgui.get_content_region_avail()
        if height < imgui.get_frame_height():
            return
        corner, pad = imgui.get_cursor_screen_pos(), imgui.get_style().frame_padding.x
        imgui.get_window_draw_list().add_rect_filled(corner, (corner.x + width, corner.y + height),
                                                     imgui.get_color_u32(imgui.Col_.frame_bg))
        wrap = max(width - 2 * pad, imgui.get_font_size())
        said = imgui.calc_text_size(text, False, wrap)
        imgui.set_cursor_screen_pos((corner.x + (width - said.x) / 2, corner.y + max(height - said.y, 0.0) / 2))
        imgui.push_text_wrap_pos(imgui.get_cursor_pos_x() + said.x + 1.0)  # the lines calc_text_size measured
        imgui.text_disabled(text)
        imgui.pop_text_wrap_pos()

    def _draw_curve(self, state: AppState, frame: LabFrame) -> None:
        """The losses over the kept span; a click or drag there shows that iteration."""
        width, height = imgui.get_content_region_avail()
        foot = imgui.get_cursor_screen_pos().y + height  # of the plot's frame, under the x axis's labels
        if height < imgui.get_frame_height():
            return
        implot.push_style_var(implot.StyleVar_.fit_padding, imgui.ImVec2(0.0, CURVE_MARGIN))
        try:
            if begin_framed_plot("##timeline", imgui.ImVec2(-1, height), PLOT_FLAGS):
                self._draw_plot(state, frame, width, foot, height)
        finally:
            implot.pop_style_var()

    def _draw_plot(self, state: AppState, frame: LabFrame, width: float, foot: float, height: float) -> None:
        """The curve's plot, begun: its axes, the losses, the stalemate and rewound marks, the scrubbing."""
        t = frame.timeline
        # Tick labels only where the curve is TICK_LABELS_AT_LINES tall and has points (no empty scale's 0, 0.1
        # ... 1): a shorter bar has no room for them, and its caption and the shown iteration's tag give the numbers.
        # x locked (its limits are set every frame anyway); y fits the curves every frame (a lock would stop that).
        lines = height / imgui.get_text_line_height_with_spacing() if len(frame.losses["iteration"]) else 0.0
        y_labelled = lines >= Y_TICK_LABELS_AT_LINES
        # Whole iterations, their labels apart, as the charts' (ImPlot's own ran to 0.5 steps); without the y axis's
        # labels, none past the frame's left end (a pre-trained model's "8000" was cut in half by the window's edge).
        ticks = iteration_ticks(t.first, t.present, width,
                                math.inf if y_labelled else implot.get_style().plot_padding.x)
        labelled = lines >= TICK_LABELS_AT_LINES and bool(ticks[0])
        implot.setup_axes("", "", implot.AxisFlags_.no_label | implot.AxisFlags_.lock
                          | (0 if labelled else implot.AxisFlags_.no_tick_labels),
                          implot.AxisFlags_.auto_fit | (implot.AxisFlags_.no_label | implot.AxisFlags_.no_tick_marks
                                                        if y_labelled else implot.AxisFlags_.no_decorations))
        implot.setup_axis_limits(implot.ImAxis_.x1, t.first, t.present, implot.Cond_.always)
        if labelled:
            implot.setup_axis_ticks(implot.ImAxis_.x1, *ticks)
        # The kept span's rows only: the loss history can reach back past it (the pre-trained model's, from 6,001,
        # beside a timeline from 8,000), and binned with those rows its last steps merged into one band, a flat
        # smear that ended a step or two short of the present.
        kept = frame.losses["iteration"] >= t.first
        for label, column, rgb in (("D loss", "d_loss", D_LOSS_RGB), ("G loss", "g_loss", G_LOSS_RGB)):
            plot_line(Series(column, label, frame.losses["iteration"][kept], frame.losses[column][kept], rgb),
                      columns_a_band_step=TIMELINE_COLUMNS_A_STEP)
        marks = stalemate_marks(frame.loss_name)
        mark_references(marks, named=False)  # as the loss chart's, its tooltip naming them
        if t.rewound:
            mark_iteration(t.shown)
        # The press makes the plot the active item, which would hide the window's hover from a plain check; and
        # the pointer over the plot's rectangle, not ImPlot's hover, which lags a frame behind a pointer that
        # jumped there (a quick move-and-click, a tap, was lost).
        # The x axis's labels, where shown, belong to the bar too: a click on them, the curve's foot, scrubs.
        corner, size = implot.get_plot_pos(), implot.get_plot_size()
        hovered = (imgui.is_window_hovered(imgui.HoveredFlags_.allow_when_blocked_by_active_item)
                   and imgui.is_mouse_hovering_rect(corner, (corner.x + size.x, max(corner.y + size.y, foot))))
        self._scrubbing = imgui.is_mouse_down(0) and (
            self._scrubbing or (hovered and imgui.is_mouse_clicked(0)))  # a drag from elsewhere passes over
        if hovered or self._scrubbing:
            # The kept iteration a click shows, not the pointer's: on a thinned timeline the tooltip promised 548
            # and the click showed 512, the kept one before it.
            pointed = int(np.clip(round(implot.get_plot_mouse_pos().x), t.first, t.present))
            iteration = t.kept_at(pointed)
            if hovered:
                kept_before = f", the kept one at or before {pointed:,}" if iteration != pointed else ""
                imgui.set_tooltip(f"{CURVES_SAY[bool(marks)]}\n{timeline_caption(frame)}\n"
                                  f"click or drag: show iteration {iteration:,}{kept_before}")
            if self._scrubbing and iteration != (t.shown if t.rewound else t.present):
                state.request(Action.SHOW_ITERATION, "present" if iteration >= t.present else iteration)
        end_framed_plot()

    def _draw_export_popup(self, state: AppState, frame: LabFrame) -> None:
        """The range, the format and size, the file; what that will write (measured); Export or Cancel (or Escape,
        which the lab's keys leave to it: Lab.on_key)."""
        self.exporting_dialog = imgui.begin_popup(EXPORT_POPUP)
        if not self.exporting_dialog:
            return
        # since the frame before: Escape in a field undoes its edit (ImGui's); in the size list, closes the list
        escape_closes = not imgui.is_any_item_active() and not self._listing
        t = frame.timeline
        imgui.text(f"kept iterations {t.first:,} to {t.present:,}")
        imgui.same_line()
        if imgui.small_button(ALL_KEPT):
            self._export_range = (t.first, t.present)
        imgui.set_item_tooltip(f"export every kept iteration, {t.first:,} to {t.present:,}")
        first, last = self._export_range
        self._export_range = (iteration_field(state, "from", first, t.first, t.present),
                              iteration_field(state, "to", last, t.first, t.present))
        try:  # an emptied field is the default file again, as the export reads it (it read the working folder)
            out = state.output_path("export_path")
        except Refused as error:  # '~nobody/x.mp4': said in the dialog, refused again if exported
            out = Path(state.export_path.strip())
            self._draw_lines([(str(error), "error")])
        for suffix, name in FORMAT_NAMES.items():  # the format is the file name's suffix: a click sets it (a folder
            if imgui.radio_button(name, out.suffix.lower() == suffix):  # gets the usual name in it, not a sibling)
                in_folder = out.is_dir() or not out.name
                state.export_path = str(out / Path(EXPORT_NAME).with_suffix(suffix) if in_folder
                                        else out.with_suffix(suffix))
            imgui.same_line()
        imgui.set_next_item_width(imgui.calc_text_size("1920x1080").x + imgui.get_frame_height()
                                  + 2 * imgui.get_style().frame_padding.x)
        self._listing = imgui.begin_combo("size", state.export_size)
        if self._listing:
            for size in VIDEO_SIZES:
                if imgui.selectable(size, size == state.export_size)[0]:
                    state.export_size = size
            if imgui.is_key_pressed(imgui.Key.escape, False):  # the list alone (ImGui's keyboard navigation, on
                imgui.close_current_popup()  # only where F6 gave a panel the keyboard, closes it itself)
            imgui.end_combo()
        # As wide as the lines under it, and where the path is wider still its start gives way, not its end (the
        # whole path in its tooltip): at the default width a researcher's "/home/.../ganlab-gl/training.m" hid the
        # name of the file to be written.
        field = (EXPORT_TEXT_EMS * imgui.get_font_size() - imgui.calc_text_size(FILE_FIELD).x
                 - imgui.get_style().item_inner_spacing.x)
        imgui.set_next_item_width(field)
        _, state.export_path = imgui.input_text(FILE_FIELD, state.export_path, imgui.InputTextFlags_.elide_left)
        if imgui.calc_text_size(state.export_path).x > field - 2 * imgui.get_style().frame_padding.x:
            if not imgui.is_item_active():  # being edited, it scrolls to the cursor
                mark_cut_start()
            wrapped_item_tooltip(state.export_path)
        wanted, sizes = (min(self._export_range), max(self._export_range), state.export_size), frame.export_sizes
        if sizes is None or (sizes.first, sizes.last, sizes.size) != wanted:
            sizes = None
            if not imgui.is_any_item_active():  # counted and measured once the fields are let go
                state.request(Action.MEASURE_EXPORT, wanted)
        lines = export_summary(sizes, out)
        self._draw_lines(lines)
        if gif_too_large(sizes, out.suffix.lower()) and imgui.button("Make it an MP4"):
            state.export_path = str(out.with_suffix(".mp4"))
        imgui.begin_disabled(any(level == "error" for _, level in lines))
        if imgui.button("Export"):
            state.timeline_range = wanted[:2]
            state.request(Action.EXPORT_TIMELINE, state.export_path)
            imgui.close_current_popup()
        imgui.end_disabled()
        imgui.same_line()
        if imgui.button(CANCEL) or (escape_closes and imgui.is_key_pressed(imgui.Key.escape, False)):
            imgui.close_current_popup()
        self._dialog_size = (imgui.get_window_width(), imgui.get_window_height())
        if self._dialog_top is None and not imgui.is_window_appearing():  # the first frame's is hidden, unmeasured
            self._dialog_top = imgui.get_window_pos().y
        imgui.end_popup()

    @staticmethod
    def _draw_lines(lines: list[tuple[str, str]]) -> None:
        imgui.push_text_wrap_pos(imgui.get_cursor_pos_x() + EXPORT_TEXT_EMS * imgui.get_font_size())
        for text, level in lines:
            imgui.push_style_color(imgui.Col_.text, NOTICE_COLORS[level])
            imgui.text_wrapped(text)
            imgui.pop_style_color()
        imgui.pop_text_wrap_pos()
