"""The lab: the composition root that wires one frame of GAN Lab from state to pixels.

Per frame (window.py calls on_gui, then on_frame): the controller serves the queued
actions through the one dispatcher, trains, and returns the frame's read model; the
panels draw from the state and that read model and queue actions or edit settings; the
canvas widget shows the canvas's texture and takes the pointer; then on_frame draws the
canvas, the overview's thumbnails and any recording. The window side of the action
table is served by `WindowActions` (view toggles, fullscreen, help, quit) and `Capture`.
"""

from __future__ import annotations

import math
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import moderngl
import numpy as np
from imgui_bundle import imgui

from ganlab_gl.core.presets import PRESETS
from ganlab_gl.core.snapshot import Rect, Snapshot
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.gl import wait_releasing_gil, waits_inside_calls
from ganlab_gl.render.layer_table import CANVAS_LAYERS
from ganlab_gl.render.view import View

from .actions import WINDOW, Action, Dispatcher, key_of
from .canvas_picture import own_scales, pane_captions
from .canvas_widget import CanvasWidget
from .capture import Capture
from .comparison import TAGS
from .controller import Controller, pretrained_dir
from .imgui_input import KeyPress, widget_is_held
from .keys import handle_key, key_chord, navigates_a_panel
from .layout import (LECTURE_SHOWS_GRAPH, Box, DeskLayouts, Layout, fixed_panel, lecture_layout,
                     lecture_text_scale)
from .panels.data import PREVIEW_PX
from .panels.compare import ComparePanel
from .panels.help import (NOTICE_MARGIN, current_notices, draw_help, draw_notices, draw_question, help_key,
                          notices_extent, resume_notices, start_notice_clocks)
from .panels.lecture import (draw_lecture_chart, draw_lecture_status, draw_lecture_text, lecture_text_height,
                             sentence_type)
from .panels.legend import (LegendFit, draw_density_legend, draw_drawing_legend, draw_explanations,
                            draw_heatmap_legend, draw_hidden_layers, draw_sample_legend, explanations_type,
                            layers_to_explain)
from .panels.metrics import MetricsPanel
from .panels.overview import OverviewPanel
from .panels.settings import draw_pending_restart, draw_settings_editor, pending_restart_height
from .panels.side import SideArrangement, draw_side_panel
from .panels.timeline import TimelineBar, rewound_statuses, timeline_rows
from .panels.toolbar import FrameStats, draw_items, measure_toolbar
from .previews import render_previews
from .refinement import Resolution
from .state import AppState, Notice
from .status import lab_status
from .step_glide import StepGlide, arrow_look
from .thumbnails import ResizingThumbnails
from .view_settings import pace_words
from .window import WindowHost
from .window_actions import WindowActions

THUMBNAIL_PX = 96
# The overview's pictures redraw at most this often (a changed morph at once). Eight small renders and their
# Python cost a software rasteriser's frame ~12 ms and take Python's GIL from the trainer's thread: 5 Hz there.
THUMBNAIL_INTERVAL_S = {"gpu": 0.1, "software": 0.2}


NOTICES_AT_LEAST = 300.0  # px the notices wrap at, at least, wherever they stand
# Notices whose box, wrapped, would stand taller than this share of the canvas fold to a line each (the pointer over
# them unfolds them; not while F6 has the keyboard): at 1280x800, UI scale 2, a preset pick's two wrapped notices hid
# 255 px of a 344 px canvas.
NOTICES_FOLD_SHARE = 0.3


# The panels F6 gives the keyboard to, in this order where shown, and how its notice names them.
KEYBOARD_PANELS = {"Model overview graph": "the graph and its settings", "Data and metrics": "data and metrics",
                   "##timeline": "the timeline bar", "##toolbar": "the toolbar", "##lecture-graph": "the graph"}
# The topic of the notice saying where the keyboard went: the next one replaces it (F6 walking the panels stacked
# five of them over the canvas, the samples under them hidden).
KEYBOARD_NOTICE = "keyboard"


class Lab:
    def __init__(self, host: WindowHost, state: AppState | None = None, screenshot_dir: Path | None = None):
        """`screenshot_dir`: where F12 writes (default: the state's output folder)."""
        self.host = host
        self.ctx: moderngl.Context = host.ctx
        self.state = state or AppState()
        self.dispatcher = Dispatcher(self.state.notify)
        self.controller = Controller(self.state, dispatcher=self.dispatcher, gl_context=self.ctx)
        self.controller.find_interrupted_saves()  # an earlier lab's unsaved work, saved as it was stopped
        self.bridge = Bridge(self.ctx, self.controller.trainer.device)
        self.widget = CanvasWidget(self.ctx, self.bridge, host, self.state, self.controller.d_at)
        self.frame = self.controller.read_model()
        self.capture = Capture(self.state, self.widget, self._shown_runs, screenshot_dir or self.state.output_folder)
        self.dispatcher.register(WINDOW, {**WindowActions(self.state, host).handlers(), **self.capture.handlers()})
        rasteriser = "software" if waits_inside_calls(self.ctx) else "gpu"
        self.thumbnails = ResizingThumbnails(self.ctx, self.bridge, THUMBNAIL_PX, THUMBNAIL_INTERVAL_S[rasteriser])
        self._graph_view: Rect | None = None  # the data view the graph's pictures show (None: the run's data rect)
        self._preview_sheet = render_previews(self.ctx, self.bridge, PREVIEW_PX)
        sheet_ref = host.renderer.register_texture(self._preview_sheet.texture)
        self.previews = {name: (sheet_ref, *self._preview_sheet.uv(name)) for name in self._preview_sheet.names}
        self.pretrained_names = {name for name in PRESETS if pretrained_dir(name) is not None}
        self.overview = OverviewPanel()
        self.step_glide = StepGlide()  # a step's fakes and arrows glide to their places, as GAN Lab's
        self._glide_starts = False  # this frame's canvas glides from where it was drawn (on_gui to on_frame)
        self.metrics = MetricsPanel()
        self.compare = ComparePanel()
        self.side_arrangement = SideArrangement()
        self.legend_fit = LegendFit()
        self.timeline_bar = TimelineBar()
        self._desk_layouts = DeskLayouts()
        self._notices_over: Box | None = None  # the canvas, where the desk has a legend under it: the notices stand
        # on its lower edge
        self.notices_box: Box | None = None  # where the notices stood last frame (the status file says it)
        self._lecture_notices_box: Box | None = None  # where lecture mode's stood in its status strip
        # the canvas's corner they stood in last frame, (lower 0, upper 1) and (left 0, right 1); None: none shown
        self._notices_corner: tuple[int, int] | None = None
        self._toolbar_foot = 0.0  # where the toolbar ends: the notices stand there while the Export dialog is open
        self._restart_footer = 0.0  # the height the edits waiting for a restart took at the graph column's foot
        self._footer_slack = 0.0  # blank room under the settings where that row went, while scrolled into it
        # The graph column's height its graph and settings leave empty (the restart row's included, as measured
        # last), and the part of it the timeline bar takes this frame: what the row, if any, leaves.
        self._column_free = self._timeline_grown = 0.0
        self._footer = 0.0  # this frame's restart row's height (pending_restart_height)
        self._settings_open = False  # "All settings", as drawn last
        # the graph gives its room to an edit waiting for a restart where the settings were folded as its row came or
        # since, held while it stays: a click on their header moved it by the row's height (98 px at 1920x1080, UI
        # scale 2), opened, out of view under the row
        self._graph_yields = True
        self._unexplained: set[str] = set()  # GAN Lab's sentences the legend had no room for (legend.EXPLANATIONS)
        self._legend_short = 0.0  # px the legend lacked last frame for the line saying where their meaning is
        self._canvas_gives = 0.0  # px of the canvas's height the legend has for that line this frame
        self.frames_per_second = 0.0
        self._panels_shown: list[str] = []  # this frame's KEYBOARD_PANELS, in order
        self._keyboard_in: str | None = None  # the one of them F6 gave the keyboard to
        self._help_opened_at: float | None = None  # while the help is open: the notices' clocks stand still
        self._window_shown = False  # until the first frame: notices posted before it wait for it
        # Lab.on_close: the run's progress when the controller let the window close (nothing unsaved, or a yes); None:
        # not let. Steps taken while closing waits for a file are asked about again.
        self._quit_agreed_at: tuple | None = None
        self._closing: Notice | None = None  # while closing waits for files being written, what the window says

    @property
    def shown_resolution(self) -> Resolution:
        """The resolution on screen: the frame's, or the one before it while the canvas draws it over frames."""
        return self.widget.shown_resolution(self.frame.resolution, self.frame.snapshot)

    def _step_view(self) -> View:
        """The main canvas pane's view on the frame's data rectangle, its dots' pixel scale with it: a step's words
        measure on it."""
        canvas = self.widget.view()
        return View.fit(self.frame.view_rect, canvas.viewport_px, canvas.pixel_scale)

    @property
    def lecture(self) -> bool:
        return self.state.view.display.lecture_mode

    # -- the frame: GUI half ---------------------------------------------------------------
    def on_gui(self) -> None:
        self.capture.advance()  # a screenshot in the making: its next tile, or its file's end said
        if self._closing is not None and not self._being_written():
            self.host.request_close()  # the files it waited for are written: `on_close` goes on closing
        self.host.waiting_only = self._closing is not None  # its frames show the wait: few leave the CPU to the files
        if not self._window_shown:  # `lab --experiment`'s notice, posted before the window opened (seconds on a busy
            self._window_shown = True  # machine), expired unseen: those show for their whole time from here
            start_notice_clocks(self.state, time.monotonic())
        self.thumbnails.follow(self.overview.thumbnail_px)
        window = self.host.window_size
        # Lecture mode sizes its text to the screen (what its layout is made for); the UI scale is the desk's.
        self.host.ui_scale = lecture_text_scale(window) if self.lecture else self.state.view.display.ui_scale
        # a resized canvas pane draws its picture anew: coarse first, as a view that moves, where it was too large for
        # a frame (a 2048² manifold drawn at once held the window seconds, each frame of a resize)
        self.frame = self.controller.frame(moving=self.overview.morph(time.monotonic()) < 1.0 or self.widget.resized,
                                           editing=widget_is_held(), drawing=self.widget.drawing)
        self._glide_starts = self.step_glide.follow(  # on the frame's zoom, as the words say
            self.frame, self.state.playing and not self.state.slow_motion, self._step_view, time.monotonic(),
            arrow_look(self.state.view))
        if self.step_glide.change is not None:
            self.frame = replace(self.frame, step_change=self.step_glide.change)
        self._move_keyboard()  # among the last frame's panels
        self._notices_over, self._toolbar_foot = None, 0.0  # lecture mode and hidden panels: no legend or toolbar
        self._panels_shown = []  # hidden panels: none
        self.timeline_bar.exporting_dialog = False  # until the bar, if drawn, finds its dialog open
        if self.lecture:
            self._lecture_gui(window)
        else:
            self._desk_gui(window)
        draw_help(self.state, window)
        draw_question(self.state, window)
        self._hold_notices_under_the_help()
        self.notices_box = self._lecture_notices_box if self.lecture else None  # lecture mode's, in its status strip
        self.widget.folded_notices_box = None
        if self.lecture or self.state.help_open:  # lecture mode says the latest in its status line; the help fills
            return  # the window, and notices drawn over everything hid its lines: they wait till it shuts
        wrap, left, top, foot = max(window[0] / 3, NOTICES_AT_LEAST), NOTICE_MARGIN, None, None  # the window's foot
        folded = False
        if self.timeline_bar.exporting_dialog or self.state.question is not None:  # by the timeline bar, reaching
            # under the canvas, or the question in the window's middle (a notice on the canvas's foot hid its Cancel
            # button at 1280x800; notices stand over every window): notices up top
            top = self._toolbar_foot
        elif self._notices_over is not None:  # on the canvas: the settings being edited, the restart row, the
            # timeline bar and the legend's sentences under the canvas stay seen (notices stood over those sentences
            # after most actions, hiding what the student was reading), as does the Reset view button
            wrap = max(self._notices_over[2] - 2 * NOTICE_MARGIN, NOTICES_AT_LEAST)  # a narrow canvas's wraps grew
            extent = notices_extent(self.state, wrap)  # tall
            # whole while F6 has given a panel the keyboard: there may be no pointer to unfold them, and F6's own
            # notice says which keys work there
            folded = (extent is not None and extent[1] > NOTICES_FOLD_SHARE * self._notices_over[3]
                      and self.state.keyboard_panel is None)
            left, top, foot = self._clearest_corner(wrap, window[0], folded)
        self.notices_box = draw_notices(self.state, window, wrap, left=left, top=top, foot=foot, folded=folded)
        self.widget.folded_notices_box = self.notices_box if folded else None

    def _clearest_corner(self, wrap: float, window_width: float, folded: bool) -> tuple[float, float | None, float]:
        """draw_notices' (left, top, foot) in the canvas's corner where their box covers the fewest fakes, then
        real samples: a preset's or a drawing's fresh fakes start on the canvas's lower edge (Ring's and
        Disjoint's lower left), which the notice of the pick or the Enter, on that edge for 5 s, hid as they began
        to move. Once shown they stay unless a corner is clear of fakes (a drawing's arriving at its strokes);
        the top is left to a comparison's captions. `folded`: their box a line each (draw_notices)."""
        x, y, width, height = self._notices_over
        button = self.widget.reset_view_box
        foot = y + height if button is None else min(y + height, button[1])
        extent = notices_extent(self.state, wrap, folded=folded)
        if extent is None:
            self._notices_corner = None
            return NOTICE_MARGIN, None, foot  # none to draw
        left = min(x + NOTICE_MARGIN, window_width - wrap - NOTICE_MARGIN)
        lefts = (left, max(left, x + width - NOTICE_MARGIN - extent[0]))
        tops = (foot - NOTICE_MARGIN - extent[1], y + NOTICE_MARGIN)
        fakes, reals = self.widget.samples_on_screen(self.frame.snapshot)

        def covered(corner: tuple[int, int]) -> tuple[int, int]:
            left, top = lefts[corner[1]], tops[corner[0]]
            return tuple(int(np.count_nonzero((points[:, 0] >= left) & (points[:, 0] <= left + extent[0])
                                              & (points[:, 1] >= top) & (points[:, 1] <= top + extent[1])))
                         for points in (fakes, reals))

        # up top only where they end above the canvas's foot (a column of errors taller than the canvas reached down
        # over the legend, 1280x800 at UI scale 2)
        rows = 2 if not self.frame.comparison and tops[1] + extent[1] <= foot - NOTICE_MARGIN else 1
        corners = [(row, column) for row in range(rows) for column in range(2)]
        clearest = min(corners, key=covered)  # min keeps the first of equals: the lower left
        if self._notices_corner in corners:  # shown last frame, they move only off fakes to a corner with none, or
            # to a corner with no sample under it: chosen afresh each frame, they jumped from edge to edge as the
            # fakes under both moved
            held, best = covered(self._notices_corner), covered(clearest)
            if held == best or not (best[0] == 0 < held[0] or best == (0, 0)):
                clearest = self._notices_corner
        self._notices_corner = clearest
        row, column = self._notices_corner
        return lefts[column], (y if row else None), foot

    def _hold_notices_under_the_help(self) -> None:
        now = time.monotonic()
        if self.state.help_open and self._help_opened_at is None:
            self._help_opened_at = now
        elif not self.state.help_open and self._help_opened_at is not None:
            resume_notices(self.state, self._help_opened_at, now)
            self._help_opened_at = None

    def _desk_gui(self, window: tuple[float, float]) -> None:
        """GAN Lab's two views: the overview graph and the layered distributions, toolbar above, data right."""
        stats = FrameStats(self.frame.counted_iteration, self.frame.iterations_per_second, self.frames_per_second,
                           self.frame.device_note, self.frame.device, self.bridge.path_name, self.frame.diverged,
                           self.shown_resolution.wordings() if self.shown_resolution.refining else (),
                           (self.frame.exporting,) if self.frame.exporting else rewound_statuses(self.frame),
                           self.frame.lr_scale,
                           "" if self.capture.recorder is None else str(self.capture.recorder.target.resolve()),
                           lr_decay_end=self.frame.lr_decay_end,
                           rewound_from=self.frame.timeline.present if self.frame.timeline.rewound else None,
                           resolution_at_rest=self.shown_resolution.at_rest())
        toolbar = measure_toolbar(self.state, stats, window[0])  # once a frame, for the layout and the drawing

        def layout_for(timeline_grown: float) -> Layout:
            return self._desk_layouts(window, self.state.view.display.panels, self.host.ui_scale, toolbar.rows,
                                      timeline_rows, self._panes(), timeline_grown, self._legend_short)

        layout = layout_for(0.0)
        if layout.left is not None:  # the restart row's room comes from the timeline bar's growth the same frame
            self._footer = pending_restart_height(self.state, layout.left[2] - 2 * imgui.get_style().window_padding.x)
            self._timeline_grown = max(self._column_free - (self._footer or self._restart_footer), 0.0)
            layout = layout_for(self._timeline_grown)
        self._notices_over = None if layout.legend is None else layout.canvas
        self._toolbar_foot = 0.0 if layout.toolbar is None else layout.toolbar[1] + layout.toolbar[3]
        self._canvas_gives = layout.canvas_gives
        self.widget.draw_widget(layout.canvas, self.frame.view_rect, self._captions(),
                                self.frame.resolution.arrived)
        if layout.toolbar is None:
            return
        fixed_panel("##toolbar", layout.toolbar, lambda: draw_items(toolbar.items))
        # a column too short for the graph at its width and its explanation gives them its title bar's height
        # (1280x800 and 1920x1080, UI scale 2)
        fixed_panel("Model overview graph", layout.left, self._draw_left, titled=not self.overview.cramped)
        fixed_panel("##timeline", layout.timeline, lambda: self.timeline_bar.draw(self.state, self.frame))
        fixed_panel("##legend", layout.legend, self._draw_legend, scroll_bar=self.legend_fit.spent())
        # a crowded panel whose charts at their least do not fit under its title bar gives them its height (a
        # comparison's at 1920x1080, UI scale 2)
        fixed_panel("Data and metrics", layout.right, self._draw_right, titled=self.side_arrangement.titled)
        self._panels_shown = ["Model overview graph", "Data and metrics", "##timeline", "##toolbar"]

    def _lecture_gui(self, window: tuple[float, float]) -> None:
        """Fullscreen, no bars: the graph, the canvas, the phase's explanation and the loss chart (Tab cycles)."""
        display = self.state.view.display
        layout = lecture_layout(window, display.lecture_shows, self.host.ui_scale, self._panes())
        # A comparison's charts go under its panes where that leaves more room than the text does (two panes). The
        # canvas alone has its legend at its left and the text at its right, in a margin too narrow for a comparison's
        # D and G charts side by side (their run letters were cut): there a comparison shows its text alone.
        charts_under_panes = bool(self.frame.comparison) and None not in (layout.legend, layout.text) and (
            layout.legend[3] > layout.text[3])
        text_beside_the_canvas = layout.text is not None and layout.text[0] > layout.canvas[0]
        chart = not charts_under_panes and not (self.frame.comparison and text_beside_the_canvas)
        if layout.graph is not None:  # room under the graph for its tallest words, the chart, and the sentences
            # that the legend cannot hold (measured for every phase and situation: the box holds still)
            layout = lecture_layout(window, display.lecture_shows, self.host.ui_scale, self._panes(),
                                    lecture_text_height(layout.text[2], self._unexplained,
                                                        self.metrics.named_chart_px() if chart else 0.0,
                                                        bool(self.frame.comparison)))
        self._panels_shown = [] if layout.graph is None else ["##lecture-graph"]
        notices = current_notices(self.state)
        shown: list[Box | None] = []
        fixed_panel("##lecture-status", layout.status, lambda: shown.append(draw_lecture_status(
            self.frame, self.state.playing,
            pace_words(self.state.slow_motion, self.state.view.playback.max_iterations_per_frame),
            notices, (layout.status[1], layout.status[3]))))
        self._lecture_notices_box = shown[0] if shown else None
        self.widget.draw_widget(layout.canvas, self.frame.view_rect, self._captions(),
                                self.frame.resolution.arrived)
        _margins(window, layout.canvas, layout.status[3])
        if layout.legend is not None:
            fixed_panel("##legend", layout.legend, lambda: self._draw_lecture_legend(charts_under_panes),
                        scroll_bar=self.legend_fit.spent())
        if layout.graph is not None:
            fixed_panel("##lecture-graph", layout.graph, lambda: self.overview.draw(
                self.state, self.frame, self.thumbnails.current, self.host.renderer, time.monotonic(), explain=False))
        if layout.text is not None:  # with GAN Lab's sentences that the legend had no room for
            fixed_panel("##lecture-text", layout.text, lambda: draw_lecture_text(
                self.frame, self.metrics, self.state, chart=chart, sentences=self._unexplained))

    def _move_keyboard(self) -> None:
        """Where F6, Escape or a click moved the keyboard (state.keyboard_panel): ImGui's keyboard navigation on, in
        that panel, with its cursor shown; or off, the keys the lab's again (also where that panel went: lecture
        mode, the panels hidden). Called before the panels are drawn (the last frame's panels are the ones shown):
        ImGui puts its cursor on a window's first item only while that window is yet to be drawn in the frame."""
        state, shown = self.state, self._panels_shown
        back = (f"the keys are the lab's again ({key_of(Action.TOGGLE_HELP)} lists them)", "info")
        if state.keyboard_panel is not None and any(imgui.is_mouse_clicked(button) for button in range(3)):
            state.keyboard_panel, state.keyboard_moved = None, True  # the mouse took over
        panel = state.keyboard_panel  # past the panels shown (F6's turn done), or its panel gone (lecture mode's
        # graph is another, at the same place in the turn): the keys back
        if panel is not None and (panel >= len(shown)
                                  or (not state.keyboard_moved and shown[panel] != self._keyboard_in)):
            if state.keyboard_moved and not shown:  # F6 with none to give the keyboard to
                back = (f"no panel is shown to take the keyboard: {key_of(Action.CYCLE_PANELS)} shows them", "warning")
            state.keyboard_panel, state.keyboard_moved = None, True
        if not state.keyboard_moved:
            return
        state.keyboard_moved = False
        io = imgui.get_io()
        state.retire(KEYBOARD_NOTICE)
        if state.keyboard_panel is None:
            io.config_flags &= ~imgui.ConfigFlags_.nav_enable_keyboard
            imgui.set_window_focus(None)
            state.notify(*back, topic=KEYBOARD_NOTICE)
            return
        name = self._keyboard_in = shown[state.keyboard_panel]
        io.config_flags |= imgui.ConfigFlags_.nav_enable_keyboard
        imgui.set_window_focus(name)
        imgui.internal.nav_init_window(imgui.internal.find_window_by_name(name), True)  # its first item: Tab and
        imgui.set_nav_cursor_visible(True)  # Enter act at once (with no item, Tab did nothing), the cursor shows it
        # The arrows, Space and Enter are ImGui's own there, no action's. Space pressed the highlighted item where the
        # student, told nothing, expected play: the notice says so, and that play's key is back with the keys.
        state.notify(f"keyboard in {KEYBOARD_PANELS[name]}: arrows move, Space presses, Enter edits; "
                     f"{key_of(Action.ESCAPE)} gives the keys back ({key_of(Action.PLAY_PAUSE)} plays again)",
                     topic=KEYBOARD_NOTICE)

    def _panes(self) -> int:
        return max(len(self.frame.comparison), 1)

    def _shown_runs(self) -> list[tuple[str, str, Snapshot]]:
        """(tag, label, snapshot) of each pane the canvas shows, the main run first."""
        return ([(run.tag, run.label, run.snapshot) for run in self.frame.comparison]
                or [(TAGS[0], "", self.frame.snapshot)])

    def _captions(self) -> tuple[tuple[str, str], ...]:
        """Each compared run's letter and label, with its own scale where the legend does not read its colours."""
        return pane_captions([(run.tag, run.label, run.snapshot.heatmap) for run in self.frame.comparison])

    def _draw_left(self) -> None:
        """The graph and the settings, scrolling together above the edits that wait for a restart, which keep to
        the panel's foot: appearing there, they move nothing under the pointer. Going, they leave blank room
        under the settings for as long as the view reaches into it: ImGui would clamp a scroll to the bottom and
        move every setting down by the row's height. The frame the row goes, the settings keep their height while
        that room joins them, as ImGui clamps a scroll by the last frame's content."""
        footer = self._footer
        if not footer and self._restart_footer:
            self._footer_slack = self._restart_footer
        kept_height = footer or self._restart_footer
        self._restart_footer = footer
        if not (kept_height and self._settings_open):
            self._graph_yields = not self._settings_open
        if imgui.begin_child("##graph-and-settings", (0, -kept_height), imgui.ChildFlags_.nav_flattened,
                             imgui.WindowFlags_.no_background):
            self.overview.draw(self.state, self.frame, self.thumbnails.current, self.host.renderer, time.monotonic(),
                               under=imgui.get_frame_height_with_spacing(),  # the settings' header
                               lent=self._timeline_grown + kept_height,  # the graph holds still as they come and go
                               untitled=imgui.get_frame_height() if self.overview.cramped else 0.0,  # its title bar
                               # the folded settings' header kept in view over the row; opened as it came, the
                               # column scrolls anyway and the setting under the pointer holds still
                               yields=kept_height if self._graph_yields else 0.0)
            self._settings_open = imgui.collapsing_header("All settings")
            if self._settings_open:
                draw_settings_editor(self.state)
            if self._footer_slack:
                imgui.dummy((1.0, self._footer_slack))
                scroll_max_without = max(imgui.get_scroll_max_y() - self._footer_slack
                                         - imgui.get_style().item_spacing.y, 0.0)  # content that fits: 0
                room_seen = imgui.get_scroll_y() - scroll_max_without
                self._footer_slack = min(self._footer_slack, max(room_seen, 0.0))
            # The height left under the last item (negative: the settings scroll) goes to the timeline bar or comes
            # back from it; whole pixels, down, so the bar holds still. Not more of it while the column shows a
            # scrollbar: ImGui shows one for last frame's overflow, its width narrows the graph, and the room the
            # narrower graph left went to the bar; the next frame, scrollbar gone, the graph overflowed again, and
            # the column flickered between the two every frame (1280x800, after a click on an arrow of the graph).
            spare = imgui.get_window_height() - imgui.get_cursor_pos_y()
            free = max(math.floor(self._timeline_grown + kept_height + spare), 0.0)
            if free < self._column_free or not imgui.internal.get_current_window().scrollbar_y:
                self._column_free = free
        imgui.end_child()
        draw_pending_restart(self.state)

    def _draw_legend(self, explain: bool = True) -> None:
        """The canvas's legends, shortened where their box is short of room (legend.LegendFit), then (`explain`)
        GAN Lab's sentences for the layers drawn, in the room left; those left out are kept in `_unexplained`
        (lecture mode shows them under the phase's explanation)."""
        self._unexplained, self._legend_short = set(), 0.0
        if self.state.drawing:
            draw_drawing_legend(len(self.state.drawn_points), dim=not self.lecture)
            return
        view, fit = self.state.view, self.legend_fit
        heatmap = self.frame.snapshot.heatmap
        manifold = self.frame.snapshot.manifold
        own = sorted(own_scales([(run.tag, run.snapshot.heatmap) for run in self.frame.comparison]))
        fit.follow(imgui.get_window_width(), (view.gradients.visible, view.real.visible, view.fake.visible,
                                              view.heatmap.visible, view.manifold.visible, manifold is None,
                                              tuple(own), self.lecture))

        def toggle(layer: str) -> None:  # the legend's entries are GAN Lab's layer switches
            self.state.request(Action.TOGGLE_VIEW, f"{layer}.visible")

        draw_sample_legend(gradients=view.gradients.visible, real=view.real.visible, fake=view.fake.visible,
                           toggle=toggle, titled=not fit.makes("dots' title"))
        draw_hidden_layers([name for name, drawable in (("heatmap", True), ("manifold", manifold is not None))
                            if drawable and not getattr(view, name).visible], toggle)
        if view.heatmap.visible:  # a scale for colours the canvas shows
            draw_heatmap_legend(heatmap)
            if own and not fit.makes("bar's reader"):  # the bar reads the main run's colours only
                owners = " and ".join(f"{tag}'s" for tag in own)
                where = "scale is in its caption" if len(own) == 1 else "scales are in their captions"
                imgui.push_text_wrap_pos(0.0)
                imgui.text_disabled(f"The bar reads {self.frame.comparison[0].tag}'s colours; {owners} {where}.")
                imgui.pop_text_wrap_pos()
        if manifold is not None and view.manifold.visible and not self.lecture:  # lecture type: the two that matter
            draw_density_legend(self.widget.canvas["manifold"].legend, manifold.noise_dim == 1,
                                strip=fit.makes("density strip"))
        style = imgui.get_style()  # window coordinates: where the legend ends, and its box
        fit.measured(imgui.get_cursor_pos_y() - style.item_spacing.y,
                     imgui.get_window_height() - style.window_padding.y)
        explained = layers_to_explain({name for name in CANVAS_LAYERS if getattr(self.state.view, name).visible},
                                      self.state.drawing, heatmap, manifold)
        if not explain:
            self._unexplained = explained
        else:
            room = imgui.get_content_region_avail()
            if self.lecture:
                drawn = draw_explanations(explained, type_scale=sentence_type(explained, room.x, room.y), dim=False)
            else:  # grey in the text's type, as GAN Lab's; larger where their room holds them, then undimmed
                type_scale = explanations_type(room.x, room.y - self._canvas_gives, self.overview.caption_type)
                drawn = draw_explanations(explained, type_scale=type_scale, point_to_the_rest=True,
                                          pointer_room=self._canvas_gives, dim=type_scale == 1.0)
            self._unexplained, self._legend_short = drawn.left_out, drawn.pointer_short

    def _draw_lecture_legend(self, charts: bool) -> None:
        """The legend, then (`charts`) a comparison's charts in the room under its panes, which the sentences
        leave to them."""
        self._draw_legend(explain=not charts)
        if charts:
            draw_lecture_chart(self.frame, self.metrics)

    def _draw_right(self) -> None:
        draw_side_panel(self.state, self.frame, self.previews, self.pretrained_names, self.metrics,
                        self.capture.recorder is not None, self.compare, self.side_arrangement,
                        untitled=0.0 if self.side_arrangement.titled else imgui.get_frame_height())

    # -- the frame: drawing half -------------------------------------------------------------
    def on_frame(self, ctx: moderngl.Context, frame_time: float, window_size: tuple[int, int],
                 framebuffer_size: tuple[int, int]) -> None:
        self.frames_per_second = 0.9 * self.frames_per_second + 0.1 / max(frame_time, 1e-6)
        morph = self.overview.morph(time.monotonic())
        graph_shown = (self.state.view.display.lecture_shows == LECTURE_SHOWS_GRAPH if self.lecture
                       else self.state.view.display.panels)
        # On llvmpipe every GL wait of the frame is taken through wait_releasing_gil, where the trainer's thread
        # runs: a write waits for the draw calls queued before it, a resolve for the picture, a draw call for the
        # textures it reads, each inside moderngl with the GIL held. So: uploads, draws, one wait, resolves.
        wait_releasing_gil(ctx)
        self.bridge.follow(self.frame.snapshot.real.device)  # a restart may have moved the run to or from CUDA
        resolution, glide = self.frame.resolution, self.step_glide.value(time.monotonic())
        self.widget.upload([run.snapshot for run in self.frame.comparison] or [self.frame.snapshot], morph,
                           settled=resolution.playing or not resolution.refining,
                           glide=glide, glide_from_drawn=self._glide_starts)
        if not self.state.drawing:  # while drawing, the run behind the drawing as before it (dimmed): the canvas's
            # view is the drawing's unit square, where the graph showed a corner of ring8, its fakes and gradients blank
            self._graph_view = self.frame.data_view
        if self._glide_starts:  # the graph hidden too: shown in mid-glide, it goes on from the places it drew last
            self.thumbnails.current.glide_from_drawn()
        if graph_shown:  # the pictures glide with the canvas, every view of a step moving together as in GAN Lab
            self.thumbnails.current.upload(self.frame.snapshot, morph, self._graph_view,
                                           self.widget.glide_shown(self.frame.snapshot, glide))
        self.widget.draw(before=self.frame.probe_seconds)
        self.thumbnails.current.draw()
        wait_releasing_gil(ctx)
        self.widget.resolve()
        wait_releasing_gil(ctx)  # the overlay's draw calls then find the pictures they show finished
        self.capture.after_frame()

    # -- input from the window ---------------------------------------------------------------
    def on_key(self, press: KeyPress) -> None:
        if self.state.question is not None:  # the dialog's own Enter and Escape answer it
            return
        chord = key_chord(press)
        if chord is None or help_key(self.state, chord, press.repeat):
            return
        if chord == "escape" and self.timeline_bar.exporting_dialog:  # the Export dialog's own Escape closes it; the
            return  # lab's would also leave fullscreen, or take the keyboard back from a panel, under it
        if self.state.keyboard_panel is not None and navigates_a_panel(chord):
            return  # ImGui's keyboard navigation's, in the panel F6 gave the keyboard to
        handle_key(self.state, chord, press.repeat)

    def on_files_dropped(self, paths: list[Path]) -> None:
        self.state.drop_files(paths)

    def on_close(self) -> bool:
        """The window's close button, Ctrl+Q: unsaved progress is saved or let go only by the user's answer. A session
        or a screenshot being written is finished first while the window draws on (the run paused), a notice and the
        terminal saying so: an 8192x8192 screenshot's PNG held the closing window some 7 s without a word, a full
        timeline's session ("Save and quit") a second. A session save's end comes before the question, which
        depends on it."""
        saving = self.controller.saving
        if not saving and self._quit_agreed_at != self.controller.progress_mark:
            if not self.controller.may_quit():
                if self._closing is not None:  # the save it waited for failed, or the run moved on: asked again
                    self.state.withdraw(self._closing)
                    self._closing = None
                return False
            self._quit_agreed_at = self.controller.progress_mark
        waiting = self._being_written()
        if waiting:
            if self._closing is None:
                self.state.playing = False  # what is saved is what the window goes on showing
                text = f"closing once {' and '.join(waiting)} {'are' if len(waiting) > 1 else 'is'} written"
                self._closing = self.state.notify(text, lasting=True)
                print(f"ganlab-gl: {text}", flush=True)
            return False
        self.controller.close()
        self.capture.close()
        return True

    def on_stop(self, reason: str) -> None:
        """A stop signal (`kill`, a logout, a closed terminal, Ctrl-C in it; `reason` names it) closes the lab with no
        one to answer its question: unsaved progress is saved to <output folder>/interrupted/ (never the session
        folder, which may hold a session the user saved; interrupted-2/ where another lab stopping this moment holds
        it) and the terminal told where and how to open it, files being written are finished as on_close finishes
        them. Nothing unsaved: nothing written, and said."""
        said = self.controller.save_on_stop()
        self.controller.close()
        self.capture.close()
        for line in said or ["nothing unsaved, nothing written"]:
            print(f"ganlab-gl: {reason}: {line}", file=sys.stderr, flush=True)

    def _being_written(self) -> list[str]:
        """The files closing waits for: 'the session' while Ctrl+S writes it, 'the 8192x8192 screenshot' while its
        PNG is written."""
        return ((["the session"] if self.controller.saving else [])
                + [f"the {size} screenshot" for size in self.capture.writing()])

    def release(self) -> None:
        """Stop the trainer's thread and free every GL object the lab made (the window's context may
        live on, as in tests)."""
        self.controller.close()
        self.capture.close()
        self.host.renderer.unregister_texture(self._preview_sheet.texture)
        self._preview_sheet.release()
        self.thumbnails.release()
        self.widget.release()
        self.bridge.release()

    def status(self) -> dict[str, Any]:
        """What the window tests read (GANLAB_GL_STATUS_FILE)."""
        return lab_status(self)


def _margins(window: tuple[float, float], canvas: Box, top: float) -> None:
    """Lecture mode frames what the canvas leaves (the frame's clear gives it the theme's background): no black
    bars on a projector. The frames take no input: the graph, the text and the legend lie in them, and a margin
    made after them (another Tab's layout moved it, a window of a new name) lay on top, so no pointer reached
    them: no tooltip, no click on the graph's values, no chart read-out."""
    x, _, side, _ = canvas
    for box in ((0.0, top, x, window[1] - top), (x + side, top, window[0] - x - side, window[1] - top)):
        if box[2] >= 1:
            fixed_panel(f"##margin-{box[0]:.0f}", box, lambda: None, flags=imgui.WindowFlags_.no_inputs)
