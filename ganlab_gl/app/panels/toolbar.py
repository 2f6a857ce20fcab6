"""The toolbar: GAN Lab's play/reset/step buttons, slow motion, the iteration counter, speed.

Its items wrap onto another row where the window is narrow for the UI scale (`measure_toolbar`
says how many rows before it is drawn, so the layout can make room). The passing notes at its end
(an export's progress, the rewound iteration, the resolution while refining) fit the room left on
the row rather than wrap: in shorter words where they have them (the rewound note's keep its key), else cut with
"...". Their room is kept while there are none: they come and go, and a row that came with them would move the whole
lab by a row. Where the last row has too little room left they are not shown at all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from imgui_bundle import imgui

from ganlab_gl.app.actions import ACTION_ROWS, Action, key_of, keys_of
from ganlab_gl.app.panels import flow
from ganlab_gl.app.panels.settings import edit_setting
from ganlab_gl.app.state import AppState, ViewConfig
from ganlab_gl.app.theme import SHOWN_ITERATION_RGBA

BUTTONS = (
    (Action.RESET, "Reset", key_of(Action.RESET)),
    (Action.STEP, "Step", f"{key_of(Action.STEP)}; {key_of(Action.FORWARD)} at the present"),
    (Action.STEP_D, "Step D", key_of(Action.STEP_D)),
    (Action.STEP_G, "Step G", key_of(Action.STEP_G)),
    (Action.STEP_PHASE, "Phase", key_of(Action.STEP_PHASE)),
)
COUNTER_SCALE = 1.45  # the iteration count this much larger than the toolbar's text, as GAN Lab's epoch counter
RECORDING, RECORDING_RGBA = "● REC", (1.0, 0.35, 0.35, 1.0)  # while Ctrl+R records: red, as recorders show it
SPEED = "playback.max_iterations_per_frame"
# The speed cap's field (a click lists the paces, view_settings.PACES), in shorter words each, and whether its list's
# arrow shows: the first that keeps the toolbar to its fewest rows (the arrow wrapped it at 1920x1080 and 1024x768,
# UI scale 2); at the last, the words kept, the list still a click away
SPEED_WORDINGS = (("%d it/frame", True), ("%d/frame", True), ("%d it/frame", False))
# The speed's read-out keeps this one's room: a toolbar that wrapped as the frame rate gained a digit moved the lab.
PACE_WIDEST = "99,999 it/s (GPU)  999 fps"
NOTE_AT_LEAST = "exporting to..."  # the passing notes' room, kept while there are none; none where less is left


@dataclass
class FrameStats:
    iteration: int
    iterations_per_second: float
    frames_per_second: float
    device_note: str  # where training runs, and why
    device: str  # "CPU" or "GPU": named in the speed's read-out
    bridge_path: str  # how tensors reach GL: "cuda-gl interop" or "host copy"
    diverged: bool
    resolution: tuple[str, ...]  # while refining, the manifold and heatmap on screen (Resolution.wordings()); else ()
    # rewound to an earlier iteration, or exporting the timeline: says so, in shorter words each (the row's room picks
    # the longest that fits); else ()
    timeline: tuple[str, ...] = ()
    lr_scale: float | None = None  # the learning rates' share of their settings under train.lr_decay_end; None: none
    recording: str = ""  # the file a recording (Ctrl+R) goes to while it runs; else ""
    lr_decay_end: int = 0  # train.lr_decay_end: where the rates reach 0 and play stops (0: never)
    # while rewound, the run's own iteration (the counter then shows the rewound one, in the timeline mark's colour:
    # in white it read as the run's count gone back, a reset); None at the present
    rewound_from: int | None = None
    # refined, the cells on screen where they are not the defaults (Resolution.at_rest), in the speed's tooltip: once
    # the passing note of the refining ended nothing said a researcher's 1024² manifold was on screen; else ""
    resolution_at_rest: str = ""


@dataclass(frozen=True)
class Item:
    width: float  # as ImGui draws it with the current font and style
    draw: Callable[[], None]


def toolbar_items(state: AppState, stats: FrameStats, available: float) -> list[Item]:
    """The toolbar's widgets in order, each with its width (measured in the frame's font), in a toolbar whose
    items have `available` pixels a row."""
    def button(label: str, action: Action, key: str, width: float = 0.0, tip: str = "") -> Item:
        """`tip`: its tooltip after the key, by default the action table's words (the key alone, "D", left a
        student guessing what the button does)."""
        def draw() -> None:
            if imgui.button(label, (width, 0)):
                state.request(action)
            _tooltip(f"{key}: {tip or ACTION_ROWS[action].describe()}")
        return Item(width or flow.button_width(label), draw)

    def text(line: str, tooltip: str) -> Item:
        def draw() -> None:
            imgui.text_disabled(line)
            _tooltip(tooltip)
        return Item(flow.text_width(line), draw)

    # the device named where a researcher reads the speed, not in a notice over the canvas's first frame; "(CPU)",
    # as "on the CPU" took a row more at 1024x768 and 1920x1080, UI scale 2
    pace_line = (f"{pace_reading(state, stats.iterations_per_second)} ({stats.device})  "
                 f"{stats.frames_per_second:.0f} fps")
    pace_tooltip = f"{stats.device_note}\ntensors reach OpenGL by {stats.bridge_path}" + (
        f"\nthe canvas shows {stats.resolution_at_rest} cells (probe.manifold_res, probe.heatmap_res)"
        if stats.resolution_at_rest else "")

    def pace() -> None:
        """The speed's read-out, or, while a recording runs in a toolbar whose last row has no room for the
        recording mark (`mark_has_room`, decided below), the mark in its place, its tooltip saying both."""
        if stats.recording and not mark_has_room:
            _recording_mark(stats.recording, f"{pace_line}: {pace_tooltip}\n").draw()
        else:
            imgui.text_disabled(pace_line)
            _tooltip(pace_tooltip)

    def slow_motion() -> None:
        changed, slow = imgui.checkbox("Slow motion", state.slow_motion)
        if changed and slow != state.slow_motion:
            state.request(Action.SLOW_MOTION)
        _tooltip(f"{key_of(Action.SLOW_MOTION)}: each phase of the iteration is held, and the overview graph shows "
                 "which")

    def speed(speed_format: str, arrow: bool) -> Item:
        """The speed cap's field, as wide as its widest value (typed, it may go beyond the drag's 1000 to the
        setting's maximum; refused in one line) and its list's arrow where it has one."""
        width = flow.button_width(speed_format % ViewConfig.settings()[SPEED].high) + arrow * imgui.get_frame_height()

        def draw() -> None:
            imgui.set_next_item_width(width)
            edit_setting(state, state.view, ViewConfig.settings()[SPEED], state.edit, "##speed", speed_format,
                         list_arrow=arrow)
        return Item(width, draw)

    pace_item = Item(max(flow.text_width(pace_line), flow.text_width(PACE_WIDEST)), pace)
    first = [button("Pause" if state.playing else "Play", Action.PLAY_PAUSE, key_of(Action.PLAY_PAUSE),
                    max(flow.button_width("Pause"), flow.button_width("Play"))),  # holds still as it flips
             *(button(label, action, key) for action, label, key in BUTTONS),
             Item(flow.checkbox_width("Slow motion"), slow_motion),
             _counter(stats.iteration, stats.rewound_from)]
    last = [pace_item, button("Help", Action.TOGGLE_HELP, " or ".join(keys_of(Action.TOGGLE_HELP)),
                              tip="what each picture shows, and every key")]
    spacing = imgui.get_style().item_spacing.x
    worded = [[*first, speed(*wording), *last] for wording in SPEED_WORDINGS]
    fewest = flow.rows([item.width for item in worded[-1]], available, spacing)
    items = next(row for row in worded if flow.rows([item.width for item in row], available, spacing) == fewest)
    if stats.lr_scale is not None:  # the longest wording the row's room holds, else said in the speed's tooltip: at
        # 1920x1080, UI scale 2, it took a row of its own, whose height the right panel lost (its charts scrolled)
        wordings, rates_tooltip = rates_reading(stats.lr_scale, stats.lr_decay_end)
        room = flow.room_after([item.width for item in items], available, spacing)
        # less the room the timeline's note needs in its fewest words and the recording mark's kept room before it:
        # the rates' longest took it, and at 1280x800 the rewound note was cut to "rewound: End ret...", its key's
        # words lost
        noted = (flow.text_width(stats.timeline[-1]) + flow.text_width(RECORDING) + 2 * spacing if stats.timeline
                 else 0.0)
        fitting = flow.first_fitting(wordings, room - noted)
        if fitting:
            items.append(text(fitting, rates_tooltip))
        else:
            pace_tooltip = f"{pace_tooltip}\n{wordings[0]}: {rates_tooltip}"
    if stats.diverged:
        items.append(button("Revert to last good state", Action.REVERT, key_of(Action.REVERT)))
    # The recording mark's room is kept on the last row where it has room there; a row of its own would stand empty
    # while nothing records (2560x1440 at UI scale 3): there the mark takes the speed's read-out's place.
    mark = _recording_mark(stats.recording)
    mark_has_room = flow.room_after([item.width for item in items], available, spacing) >= mark.width
    if mark_has_room:
        items.append(mark)
    # the timeline's first: cut with "..." where the row is short, the refining resolution's passes in seconds
    # (a rewind starts coarse: while it refined, the rewound note after it lost its key back to the present)
    notes = [(wordings, why) for wordings, why in (
        (stats.timeline, f"the timeline bar under the canvas: {key_of(Action.SHOW_ITERATION, 'present')} or Play "
         f"goes back to the present, Stop export ({key_of(Action.STOP_EXPORT)}) ends an export"),
        (stats.resolution, "cells per side on screen: coarse while the view moves, refined to the settings' once "
         "it rests")) if any(wordings)]
    room = flow.room_after([item.width for item in items], available, spacing)
    if room >= flow.text_width(NOTE_AT_LEAST):  # else a row of its own would stand empty most of the time: the
        items.append(_passing_note(notes, room))  # timeline bar's mark and Stop export still say what goes on
    elif notes and not state.playing and not stats.recording:  # paused, the read-out says "0 it/s": the notes take
        at = items.index(pace_item)  # its place (1024x768, UI scale 1: refining went unsaid), and the room left at
        widths = [item.width for item in items]  # the row's end where that is its row
        last_row = flow.rows(widths[:at + 1], available, spacing) == flow.rows(widths, available, spacing)
        items[at] = _passing_note(notes, pace_item.width + max(0.0, room) * last_row, at_least=pace_item.width)
    return items


def pace_reading(state: AppState, iterations_per_second: float) -> str:
    """How fast training goes: the iterations a second, or playing in slow motion, where an iteration takes seconds
    and the rate read "0 it/s" as if nothing trained, how long each phase is held."""
    if state.playing and state.slow_motion:
        return f"{state.view.playback.phase_seconds:g} s a phase"
    return f"{iterations_per_second:,.0f} it/s"


def rates_reading(scale: float, end: int) -> tuple[tuple[str, ...], str]:
    """The schedule's read-out, in shorter words each, and its tooltip: the rates' share now, and the iteration where
    they reach 0 and play stops, the protocol's length ("rates ×1.00" alone left a 20,000-iteration run's end unsaid
    where it had room for it), in words ("lr ×1.00 → 0 at 20,000" was a researcher's shorthand); the share is said
    once they fall (×1.00 says nothing)."""
    share = f"×{scale:.2f}"
    falling = "fall to 0" if scale >= 1.0 else f"{share}, falling to 0"
    return ((f"learning rates {falling} by {end:,}", f"rates {falling} by {end:,}", f"rates {share}", share),
            f"train.lr_decay_end = {end:,}: the learning rates hold until iteration {end // 2:,}, then fall linearly "
            f"to 0 at {end:,},\nwhere play stops (the research protocols' schedule and length; raise it to train on)")


def _passing_note(notes: list[tuple[tuple[str, ...], str]], room: float, at_least: float | None = None) -> Item:
    """The passing notes (their wordings, longest first, and what they mean) as one line in `room`: each note's
    longest wording that fits, the shortest cut with "..." where none does (the longest of each in the tooltip).
    At least NOTE_AT_LEAST's room is kept while there are none, as the recording mark's; `at_least`: the room of the
    read-out they stand in for, kept so that nothing after it moves."""
    lines = ["  ".join(wordings[min(shorter, len(wordings) - 1)] for wordings, _ in notes)
             for shorter in range(max((len(wordings) for wordings, _ in notes), default=1))]
    if len(notes) > 1:  # the first alone in its fewest words before it is cut: the rewound note lost its key's
        lines.append(notes[0][0][-1])  # words to the refining resolution's, which passes in seconds
    width = max(flow.text_width(NOTE_AT_LEAST) if at_least is None else at_least, min(room, flow.text_width(lines[0])))
    shown = flow.first_fitting(lines, width) or flow.fitted(lines[-1], width)

    def draw() -> None:
        if not notes:
            imgui.dummy((width, imgui.get_text_line_height()))
            return
        imgui.text_disabled(shown)
        _tooltip("\n".join(f"{wordings[0]}: {why}" for wordings, why in notes))
    return Item(width, draw)


def _recording_mark(target: str, said_before: str = "") -> Item:
    """A red mark while a recording runs, after the buttons. Its room is kept while none does: a recording
    that made the toolbar wrap would move the canvas, and the recorder ends on a new frame size. `said_before`: its
    tooltip's first lines (what the item it stands in for says)."""
    width = flow.text_width(RECORDING)

    def draw() -> None:
        if not target:
            imgui.dummy((width, imgui.get_text_line_height()))
            return
        imgui.text_colored(RECORDING_RGBA, RECORDING)
        _tooltip(f"{said_before}recording the canvas to {target} ({key_of(Action.TOGGLE_RECORDING)} stops)")
    return Item(width, draw)


COUNTER_SAYS = "GAN Lab's epoch: one iteration is the discriminator's updates, then the generator's"


def _counter(iteration: int, rewound_from: int | None = None) -> Item:
    """"Iteration" and the count in large digits, read from across a room; drawn over the row's frame height
    (it reaches a few pixels into the spacing around the row), so a toolbar row keeps its height. `rewound_from`:
    the run's iteration while the lab shows an earlier one, the count then in the timeline's mark colour."""
    label, number = "Iteration ", f"{iteration:09,d}"
    imgui.push_font(None, imgui.get_style().font_size_base * COUNTER_SCALE)
    font, size, number_size = imgui.get_font(), imgui.get_font_size(), imgui.calc_text_size(number)
    imgui.pop_font()

    def draw() -> None:
        imgui.text(label)
        imgui.same_line(0.0, 0.0)
        x, y = imgui.get_cursor_screen_pos()
        top = y + (imgui.get_frame_height() - number_size.y) / 2
        colour = imgui.get_color_u32(imgui.Col_.text if rewound_from is None else SHOWN_ITERATION_RGBA)
        imgui.get_window_draw_list().add_text(font, size, (x, top), colour, number)
        imgui.dummy((number_size.x, imgui.get_frame_height()))
        _tooltip(COUNTER_SAYS if rewound_from is None else
                 f"rewound: the lab shows iteration {iteration:,} as it was; the run is at {rewound_from:,} "
                 f"({key_of(Action.SHOW_ITERATION, 'present')} or Play goes back to it)\n{COUNTER_SAYS}")
    return Item(flow.text_width(label) + number_size.x, draw)


class Toolbar(NamedTuple):
    """A frame's toolbar: its items, measured once for the layout's rows and for drawing them, and those rows."""
    items: list[Item]
    rows: int


def measure_toolbar(state: AppState, stats: FrameStats, width: float) -> Toolbar:
    """The toolbar in a window `width` wide (its padding included)."""
    style = imgui.get_style()
    available = width - 2 * style.window_padding.x
    items = toolbar_items(state, stats, available)
    return Toolbar(items, flow.rows([item.width for item in items], available, style.item_spacing.x))


def draw_toolbar(state: AppState, stats: FrameStats) -> None:
    """The toolbar in the current window, measured for it."""
    draw_items(toolbar_items(state, stats, imgui.get_content_region_avail().x))


def draw_items(items: list[Item]) -> None:
    for index, item in enumerate(items):
        if index:
            flow.place(item.width)
        item.draw()


def _tooltip(text: str) -> None:
    if imgui.is_item_hovered():
        imgui.set_tooltip(text)
