"""The timeline bar under the canvas: the run's kept iterations over its loss curve, a scrubber, Branch, Export.

Clicking or dragging on the curve rewinds the lab to that iteration (the latest one kept at
or before it): the canvas and the overview show the networks as they were there, re-probed
from the stored weights. Buttons (and keys: Home, [, ], End) move through the kept
iterations; Branch here continues the run from the shown one; Export writes a range of the
timeline as a video, as `ganlab-gl animate` does. Everything goes through queued actions.
"""

from __future__ import annotations

import numpy as np
from imgui_bundle import imgui, implot

from ganlab_gl.app.actions import Action
from ganlab_gl.app.lab_frame import LabFrame
from ganlab_gl.app.panels import flow
from ganlab_gl.app.panels.metrics import D_LOSS_RGB, G_LOSS_RGB, mark_iteration, plot_line
from ganlab_gl.app.state import AppState

EXPORT_POPUP = "Export the timeline"
BRANCH, EXPORT, STOP_EXPORT = "Branch here", "Export...", "Stop export"
STATUS_AT_LEAST = 6.0  # ems the buttons' row must leave for the bar's status (else it goes without)
MOVES = (("|<", Action.SHOW_ITERATION, "first", "the first kept iteration (Home)"),  # (label, action, argument, tip)
         ("<", Action.SCRUB, -1, "one kept iteration back (Left or [; Shift+[: 10)"),
         (">", Action.SCRUB, 1, "one kept iteration forward (] or, while rewound, Right; Shift+]: 10)"),
         (">|", Action.SHOW_ITERATION, "present", "back to the present (End; Play and the steps go there too)"))
# Not ImPlot's no_inputs, which also leaves the plot never hovered (clicks and drags would miss): the axes below
# hold still instead.
PLOT_FLAGS = (implot.Flags_.no_menus | implot.Flags_.no_box_select | implot.Flags_.no_title | implot.Flags_.no_legend
              | implot.Flags_.no_mouse_text)


def timeline_caption(frame: LabFrame) -> str:
    """'iteration 1,234 of 5,000 (rewound)' or '5,001 iterations kept, exact'."""
    t = frame.timeline
    if t.note:
        return t.note
    if t.rewound:
        return f"iteration {t.shown:,} of {t.present:,}: rewound"
    exact = "exact" if t.spacing == 1 else f"the oldest every {t.spacing:,}th"
    return f"{t.kept:,} iterations kept, {exact}"


def rewound_status(frame: LabFrame) -> str:
    """For the toolbar and lecture mode's status line: '' unless rewound."""
    t = frame.timeline
    return f"rewound: the present is iteration {t.present:,} (End)" if t.rewound else ""


def timeline_rows(width: float) -> int:
    """The rows the bar's buttons need in a panel `width` wide (its padding included)."""
    style = imgui.get_style()
    widths = [flow.button_width(label) for label, *_ in MOVES] + [
        flow.button_width(BRANCH), max(flow.button_width(EXPORT), flow.button_width(STOP_EXPORT))]
    return flow.rows(widths, width - 2 * style.window_padding.x, style.item_spacing.x)


class TimelineBar:
    def __init__(self) -> None:
        self._export_range = (0, 0)  # the popup's from and to, filled when it opens
        self._scrubbing = False  # a press began on the curve and is held: the drag scrubs, even off the curve
        self.exporting_dialog = False  # the Export... popup is open (the notices stand off it)

    def draw(self, state: AppState, frame: LabFrame) -> None:
        t = frame.timeline
        for label, action, argument, tip in MOVES:
            if label != MOVES[0][0]:
                flow.place(flow.button_width(label))
            if imgui.button(label):
                state.request(action, argument)
            imgui.set_item_tooltip(tip)
        flow.place(flow.button_width(BRANCH))
        imgui.begin_disabled(not t.rewound)
        if imgui.button(BRANCH):
            state.request(Action.BRANCH)
        imgui.end_disabled()
        if imgui.is_item_hovered(imgui.HoveredFlags_.allow_when_disabled):
            imgui.set_tooltip("continue the run from the shown iteration with the current settings (B); rewind first")
        if frame.exporting:  # one export at a time: its button stops it
            flow.place(flow.button_width(STOP_EXPORT))
            if imgui.button(STOP_EXPORT):
                state.request(Action.STOP_EXPORT)
            imgui.set_item_tooltip(f"{frame.exporting}\nstop it, writing nothing")
        else:
            flow.place(flow.button_width(EXPORT))
            if imgui.button(EXPORT):
                self._export_range = (t.first, t.shown if t.rewound else t.present)
                imgui.open_popup(EXPORT_POPUP)
            imgui.set_item_tooltip("write kept iterations as an MP4 or GIF (Ctrl+E: the last range, or all after "
                                   "asking)")
            self._draw_export_popup(state, frame)
        self._draw_status(frame)
        self._draw_curve(state, frame)

    @staticmethod
    def _draw_status(frame: LabFrame) -> None:
        """Where the buttons' row has room: the export's progress, or the shown iteration of the present one, by
        the buttons that move them (a narrow toolbar, at UI scale 2, had no room for its note of them)."""
        t = frame.timeline
        status = frame.exporting or (f"{t.shown:,} of {t.present:,}" if t.rewound else "")  # short: it is by the bar
        right = imgui.get_cursor_screen_pos().x + imgui.get_content_region_avail().x  # the rows' right edge
        room = right - imgui.get_item_rect_max().x - imgui.get_style().item_spacing.x  # after the last button
        if status and room >= STATUS_AT_LEAST * imgui.get_font_size():
            imgui.same_line()
            imgui.text_disabled(flow.fitted(status, room))

    def _draw_curve(self, state: AppState, frame: LabFrame) -> None:
        """The losses over the kept span; a click or drag there shows that iteration."""
        t = frame.timeline
        height = imgui.get_content_region_avail().y
        if height < imgui.get_frame_height() or not implot.begin_plot("##timeline", imgui.ImVec2(-1, height),
                                                                        PLOT_FLAGS):
            return
        # No tick labels: the bar is short, and the caption and the shown iteration's tag give the numbers.
        # x locked (its limits are set every frame anyway); y fits the curves every frame (a lock would stop that)
        implot.setup_axes("", "", implot.AxisFlags_.no_label | implot.AxisFlags_.no_tick_labels | implot.AxisFlags_.lock,
                          implot.AxisFlags_.no_decorations | implot.AxisFlags_.auto_fit)
        implot.setup_axis_limits(implot.ImAxis_.x1, t.first, max(t.present, t.first + 1), implot.Cond_.always)
        losses = frame.losses
        for label, column, rgb in (("D loss", "d_loss", D_LOSS_RGB), ("G loss", "g_loss", G_LOSS_RGB)):
            plot_line(label, losses["iteration"], losses[column], rgb)
        if t.rewound:
            mark_iteration(t.shown)
        # The press makes the plot the active item, which would hide the window's hover from a plain check; and
        # the pointer over the plot's rectangle, not ImPlot's hover, which lags a frame behind a pointer that
        # jumped there (a quick move-and-click, a tap, was lost).
        corner, size = implot.get_plot_pos(), implot.get_plot_size()
        hovered = (t.kept and imgui.is_window_hovered(imgui.HoveredFlags_.allow_when_blocked_by_active_item)
                   and imgui.is_mouse_hovering_rect(corner, (corner.x + size.x, corner.y + size.y)))
        self._scrubbing = bool(t.kept) and imgui.is_mouse_down(0) and (
            self._scrubbing or (hovered and imgui.is_mouse_clicked(0)))  # a drag from elsewhere passes over
        if hovered or self._scrubbing:
            iteration = int(np.clip(round(implot.get_plot_mouse_pos().x), t.first, t.present))
            if hovered:
                imgui.set_tooltip(f"{timeline_caption(frame)}\nclick or drag: show iteration {iteration:,}")
            if self._scrubbing and iteration != (t.shown if t.rewound else t.present):
                state.request(Action.SHOW_ITERATION, "present" if iteration >= t.present else iteration)
        implot.end_plot()

    def _draw_export_popup(self, state: AppState, frame: LabFrame) -> None:
        self.exporting_dialog = imgui.begin_popup(EXPORT_POPUP)
        if not self.exporting_dialog:
            return
        t = frame.timeline
        imgui.text(f"kept iterations {t.first:,} to {t.present:,}")
        first, last = self._export_range
        _, first = imgui.input_int("from", first)
        _, last = imgui.input_int("to", last)
        self._export_range = (int(np.clip(first, t.first, t.present)), int(np.clip(last, t.first, t.present)))
        _, state.export_path = imgui.input_text("file (.mp4 or .gif)", state.export_path)
        if imgui.button("Export"):
            state.timeline_range = (min(self._export_range), max(self._export_range))
            state.request(Action.EXPORT_TIMELINE, state.export_path)
            imgui.close_current_popup()
        imgui.same_line()
        if imgui.button("Cancel"):
            imgui.close_current_popup()
        imgui.end_popup()
