"""Every action of the lab, declared once: its owner, its keys and its help; and the one dispatcher.

Buttons, keys, thumbnails and dropped files queue `Request(action, argument)` in
`AppState.requests`; each frame the `Dispatcher` hands every request to the one handler
registered for its action. The controller registers the trainer side (training, data,
sessions, the data view), the lab the window side (layers and panels, capture, fullscreen,
help, quit); registering an action twice, or from the wrong side, is an error, and a
request whose action has no handler is dropped with an error notice instead of
circulating. A key binds to an action and the argument the key passes (a dataset key
passes its preset's name), so the key handler, the help overlay and docs/KEYS.md read
this one table. Dataset keys come from the preset registry, layer keys from the layer table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from string import Formatter

from ganlab_gl.core.presets import PRESETS
from ganlab_gl.render.layer_table import LAYERS

TRAINER = "trainer"  # served by the controller
WINDOW = "window"  # served by the lab and its window-side modules
# USE_PRETRAINED's argument where the lab opens on the shipped model (the command line): on, and unsaid, for the graph
# column's paragraph says it and a notice over the canvas would cover the samples a student looks at first
OPENING_ON_IT = "opening on it"


class Action(Enum):
    PLAY_PAUSE = "play_pause"
    STEP = "step"
    FORWARD = "forward"
    STEP_D = "step_d"
    STEP_G = "step_g"
    STEP_PHASE = "step_phase"
    SLOW_MOTION = "slow_motion"
    PACE = "pace"  # the speed cap a pace up or down (playback.max_iterations_per_frame)
    RESET = "reset"
    REVERT = "revert"
    CONFIRM_RESTART = "confirm_restart"
    DISCARD_RESTART = "discard_restart"
    PICK_DATASET = "pick_dataset"
    PICK_EXPERIMENT = "pick_experiment"
    USE_PRETRAINED = "use_pretrained"
    START_DRAWING = "start_drawing"
    LEAVE_DRAWING = "leave_drawing"
    FINISH_DRAWING = "finish_drawing"
    UNDO = "undo"
    IMPORT_FILE = "import_file"
    COMPARE_ADD = "compare_add"
    COMPARE_REMOVE = "compare_remove"
    COMPARE_CLEAR = "compare_clear"
    SAVE = "save"
    LOAD = "load"
    DISMISS_INTERRUPTED = "dismiss_interrupted"
    OPEN_INTERRUPTED = "open_interrupted"
    RESET_VIEW = "reset_view"
    ZOOM_IN = "zoom_in"
    ZOOM_OUT = "zoom_out"
    PAN_LEFT = "pan_left"
    PAN_RIGHT = "pan_right"
    PAN_UP = "pan_up"
    PAN_DOWN = "pan_down"
    DRAG_VIEW = "drag_view"
    SHOW_ITERATION = "show_iteration"
    SCRUB = "scrub"
    BRANCH = "branch"
    OPEN_EXPORT = "open_export"
    EXPORT_TIMELINE = "export_timeline"
    STOP_EXPORT = "stop_export"
    MEASURE_EXPORT = "measure_export"
    TOGGLE_VIEW = "toggle_view"
    CYCLE_PANELS = "cycle_panels"
    LECTURE = "lecture"
    TOGGLE_FULLSCREEN = "toggle_fullscreen"
    TOGGLE_HELP = "toggle_help"
    KEYBOARD_TO_PANELS = "keyboard_to_panels"
    ESCAPE = "escape"
    SCREENSHOT = "screenshot"
    TOGGLE_RECORDING = "toggle_recording"
    QUIT = "quit"


@dataclass(frozen=True)
class ActionRow:
    action: Action
    owner: str  # TRAINER or WINDOW
    help: str  # "{}" stands for the argument a key passes, "{FINISH_DRAWING}" for the key bound to that action
    keys: dict[str, object] = field(default_factory=dict)  # key chord -> the argument it passes (None: none)
    repeats: bool = False  # held down, its keys act again at the keyboard's repeat rate (a step, not a toggle)
    repeats_in_drawing_only: bool = False  # outside drawing mode it is a toggle (Ctrl+Z: held, the run it brings back
    # and the one that replaced it took turns at the repeat rate)

    def repeats_now(self, drawing: bool) -> bool:
        """Whether a held key's repeats act now, in drawing mode or not."""
        return self.repeats and (drawing or not self.repeats_in_drawing_only)

    def describe(self, argument: object = None) -> str:
        return Formatter().vformat(self.help, (ARGUMENT_TITLES.get(argument, argument),), BoundKeyNames())


class BoundKeyNames:
    """An action's name -> the key bound to it (key_of), read when a help is described: a help naming another
    action's key ("then Enter") names the key the table binds now."""

    def __getitem__(self, action_name: str) -> str:
        if action_name not in Action.__members__:
            raise ValueError(f"actions: a help names {{{action_name}}}, which is no action")
        return key_of(Action[action_name])


# How the help names a key's argument: a setting key, a preset (by its title, as its thumbnail's tooltip), an
# iteration to show, kept iterations to go through.
ARGUMENT_TITLES = {**{f"{row.name}.visible": row.title for row in LAYERS},
                   **{preset.name: preset.title for preset in PRESETS.values()},
                   "first": "the first kept iteration", "present": "the present, leaving the rewound view",
                   -1: "one kept iteration back (rewind)", 1: "one kept iteration forward, at the last the present",
                   -10: "ten kept iterations back", 10: "ten kept iterations forward",
                   "slower": "play slower: the speed's next pace down (1000, 100, 10, 1 iteration a frame)",
                   "faster": "play faster: the speed's next pace up, to full speed"}


def _keys(*chords: str) -> dict[str, object]:
    return dict.fromkeys(chords)


ACTIONS: tuple[ActionRow, ...] = (
    ActionRow(Action.PLAY_PAUSE, TRAINER, "play / pause", _keys("space")),
    ActionRow(Action.STEP, TRAINER, "one iteration", _keys("n"), repeats=True),
    # Left and Right walk time, as a student stepping expects: Left one kept iteration back (SCRUB), Right forward.
    ActionRow(Action.FORWARD, TRAINER, "one iteration forward: the next kept one while rewound, else one trained",
              _keys("right"), repeats=True),
    ActionRow(Action.STEP_D, TRAINER, "one discriminator update", _keys("d"), repeats=True),
    ActionRow(Action.STEP_G, TRAINER, "one generator update", _keys("g"), repeats=True),
    ActionRow(Action.STEP_PHASE, TRAINER, "one phase of the iteration", _keys("period"), repeats=True),
    ActionRow(Action.SLOW_MOTION, TRAINER, "slow motion on / off", _keys("s")),
    ActionRow(Action.PACE, WINDOW, "{}", {"less": "slower", "greater": "faster"}),
    ActionRow(Action.RESET, TRAINER, "reset the run", _keys("r")),
    ActionRow(Action.REVERT, TRAINER, "undo a NaN: revert to the last good state", _keys("u")),
    ActionRow(Action.CONFIRM_RESTART, TRAINER, "apply the edits that restart the run"),
    ActionRow(Action.DISCARD_RESTART, TRAINER, "discard the edits that would restart the run"),
    ActionRow(Action.PICK_DATASET, TRAINER, "dataset: {} (with its own settings)",
              {preset.key: preset.name for preset in PRESETS.values()}),
    ActionRow(Action.PICK_EXPERIMENT, TRAINER, "start a research protocol (the data panel's experiment list; "
              "`ganlab-gl experiments` lists them)"),
    ActionRow(Action.USE_PRETRAINED, TRAINER, "use the pre-trained model on / off"),
    ActionRow(Action.START_DRAWING, TRAINER, "draw your own data (then {FINISH_DRAWING})", _keys("8")),
    ActionRow(Action.LEAVE_DRAWING, TRAINER, "leave drawing mode"),
    ActionRow(Action.FINISH_DRAWING, TRAINER, "train on the drawing", _keys("enter")),
    ActionRow(Action.UNDO, TRAINER, "undo: the drawing's last stroke or Clear; outside drawing mode, bring back the "
              "run a preset pick, a branch or a comparison replaced", _keys("ctrl+z"), repeats=True,
              repeats_in_drawing_only=True),
    ActionRow(Action.IMPORT_FILE, TRAINER, "import a data file"),
    ActionRow(Action.COMPARE_ADD, TRAINER, "compare: add a run of the main settings with the changes typed in the "
              "Compare section (train.loss=wgan-gp); all runs start together from iteration 0", _keys("v")),
    ActionRow(Action.COMPARE_REMOVE, TRAINER, "compare: remove a run"),
    ActionRow(Action.COMPARE_CLEAR, TRAINER, "compare: back to the main run alone"),
    ActionRow(Action.SAVE, TRAINER, "save session", _keys("ctrl+s")),
    ActionRow(Action.LOAD, TRAINER, "load session", _keys("ctrl+o")),
    ActionRow(Action.DISMISS_INTERRUPTED, TRAINER, "set aside an interrupted save an earlier lab left, unopened "
              "(the Files section's Dismiss): kept where it is, named at the start no more"),
    ActionRow(Action.OPEN_INTERRUPTED, TRAINER, "open the newest interrupted save an earlier lab left (the Files "
              "section's first Open): loaded as Load does, asking first where the run on screen is unsaved",
              _keys("ctrl+shift+o")),
    ActionRow(Action.RESET_VIEW, TRAINER, "reset the view", _keys("0")),
    ActionRow(Action.ZOOM_IN, TRAINER, "zoom in", _keys("plus", "equal"), repeats=True),
    ActionRow(Action.ZOOM_OUT, TRAINER, "zoom out", _keys("minus"), repeats=True),
    # Left and Right walk time, so panning sideways needs shift; shift works on all four.
    ActionRow(Action.PAN_LEFT, TRAINER, "pan left", _keys("shift+left"), repeats=True),
    ActionRow(Action.PAN_RIGHT, TRAINER, "pan right", _keys("shift+right"), repeats=True),
    ActionRow(Action.PAN_UP, TRAINER, "pan up", _keys("up", "shift+up"), repeats=True),
    ActionRow(Action.PAN_DOWN, TRAINER, "pan down", _keys("down", "shift+down"), repeats=True),
    ActionRow(Action.DRAG_VIEW, TRAINER, "move the view by (dx, dy) fractions of its size (a drag on the canvas)"),
    ActionRow(Action.SHOW_ITERATION, TRAINER, "show {}",
              {"home": "first", "end": "present"}),
    ActionRow(Action.SCRUB, TRAINER, "{}",
              {"left": -1, "bracketleft": -1, "bracketright": 1, "shift+bracketleft": -10, "shift+bracketright": 10},
              repeats=True),
    ActionRow(Action.BRANCH, TRAINER, "branch here: continue the run from the shown iteration", _keys("b")),
    ActionRow(Action.OPEN_EXPORT, TRAINER, "export kept iterations as an MP4 or GIF (the timeline bar's Export... "
              "dialog)", _keys("ctrl+e")),
    ActionRow(Action.EXPORT_TIMELINE, TRAINER, "export the range the Export dialog picked as a video"),
    ActionRow(Action.STOP_EXPORT, TRAINER, "stop the export in progress, writing nothing (the timeline bar's button)",
              _keys("ctrl+shift+e")),
    ActionRow(Action.MEASURE_EXPORT, TRAINER, "measure the export's file size from its first and last frames (the "
              "Export dialog)"),
    ActionRow(Action.TOGGLE_VIEW, WINDOW, "show / hide the {}", {
        **{row.key: f"{row.name}.visible" for row in LAYERS if row.in_lab}}),
    ActionRow(Action.CYCLE_PANELS, WINDOW, "show / hide the panels (lecture mode: cycle what is shown)",
              _keys("tab")),
    ActionRow(Action.LECTURE, WINDOW, "lecture mode (fullscreen, large type)", _keys("l")),
    ActionRow(Action.TOGGLE_FULLSCREEN, WINDOW, "fullscreen", _keys("f11")),
    ActionRow(Action.TOGGLE_HELP, WINDOW, "help: what each picture shows, and these keys", _keys("f1", "question")),
    ActionRow(Action.KEYBOARD_TO_PANELS, WINDOW, "keyboard to the panels' settings and buttons (again: the next "
              "panel, then back to these keys); arrows, Tab, Space and Enter work there", _keys("f6")),
    ActionRow(Action.ESCAPE, WINDOW, "leave drawing, fullscreen or lecture mode, close the help or the Export dialog "
              "(alone), take the keyboard back from the panels", _keys("escape")),
    ActionRow(Action.SCREENSHOT, WINDOW, "screenshot (PNG)", _keys("f12")),
    ActionRow(Action.TOGGLE_RECORDING, WINDOW, "record frames on / off", _keys("ctrl+r")),
    ActionRow(Action.QUIT, WINDOW, "quit", _keys("ctrl+q")),
)
ACTION_ROWS: dict[Action, ActionRow] = {row.action: row for row in ACTIONS}
assert len(ACTION_ROWS) == len(ACTIONS) == len(Action), "actions: each action is declared exactly once"


def key_table(rows: tuple[ActionRow, ...]) -> dict[str, tuple[Action, object]]:
    """Key chord -> (action, argument); a key bound twice is refused, naming both actions."""
    table: dict[str, tuple[Action, object]] = {}
    for row in rows:
        for chord, argument in row.keys.items():
            if chord in table:
                raise ValueError(f"actions: key {chord!r} is bound to {table[chord][0].name} and {row.action.name}")
            table[chord] = (row.action, argument)
    return table


KEYS: dict[str, tuple[Action, object]] = key_table(ACTIONS)

# How the lab names a key, in the help's table and in its sentences alike. A punctuation key alone is named in words
# with its mark, held on one line: a bare "." read as the sentence's own ("N trains one iteration, D or G one
# network's update, . one phase"), and "(.)" began a line under "Period"; after a modifier the mark alone ("Shift+[")
# reads as a key.
NO_BREAK = "\u00a0"  # a space ImGui's wrapping does not break at (DejaVu Sans draws it blank)
KEY_MARKS = {"period": ".", "plus": "+", "equal": "=", "minus": "-", "question": "?", "bracketleft": "[",
             "bracketright": "]", "less": "<", "greater": ">"}
KEY_WORDS = {"period": "Period", "plus": "Plus", "equal": "Equals", "minus": "Minus", "question": "Question mark",
             "bracketleft": "Left bracket", "bracketright": "Right bracket", "pageup": "PgUp", "pagedown": "PgDn",
             "less": "Less than", "greater": "Greater than"}


def key_name(chord: str) -> str:
    """'period' -> 'Period (.)', 'shift+bracketleft' -> 'Shift+[', 'ctrl+s' -> 'Ctrl+S', 'space' -> 'Space'."""
    if chord in KEY_MARKS:
        return f"{KEY_WORDS[chord]} ({KEY_MARKS[chord]})".replace(" ", NO_BREAK)
    return "+".join(KEY_MARKS.get(part) or KEY_WORDS.get(part) or (part.capitalize() if len(part) > 1 else part.upper())
                    for part in chord.split("+"))


def keys_of(action: Action, argument: object = None) -> list[str]:
    """The names (key_name) of the keys bound to `action` passing `argument`, in the table's order: what a sentence
    says to press, so it names the key that works; none bound is an error naming the action."""
    names = [key_name(chord) for chord, passed in ACTION_ROWS[action].keys.items() if passed == argument]
    if not names:
        raise ValueError(f"actions: no key is bound to {action.name} with argument {argument!r}")
    return names


def key_of(action: Action, argument: object = None) -> str:
    """The first key bound to `action` passing `argument`, named as sentences name it (keys_of)."""
    return keys_of(action, argument)[0]


@dataclass
class Request:
    action: Action
    argument: object = None  # a file path for IMPORT_FILE / LOAD, a size for SCREENSHOT, a preset name...


@dataclass(frozen=True)
class SessionOpening:
    """LOAD's argument where settings go over the session's own (`lab --load S --set probe.manifold_res=2048`):
    `settings` as (key, value) pairs, validated, of view settings and those that only watch the run."""
    folder: Path
    settings: tuple[tuple[str, object], ...] = ()


Handler = Callable[[object], None]  # receives the request's argument


class Refused(Exception):
    """A request refused in one line (a typed path that names no home folder): the dispatcher says so in an
    error notice, and the lab goes on as it was."""


class Dispatcher:
    """Action -> its one handler; `dispatch` serves a queue of requests in order."""

    def __init__(self, notify: Callable[[str, str], None]):
        self.notify = notify
        self.handlers: dict[Action, Handler] = {}

    def register(self, owner: str, handlers: dict[Action, Handler]) -> None:
        for action, handler in handlers.items():
            declared = ACTION_ROWS[action].owner
            if declared != owner:
                raise ValueError(f"actions: {action.name} belongs to the {declared} side, not the {owner} side")
            if action in self.handlers:
                raise ValueError(f"actions: {action.name} has a handler already")
            self.handlers[action] = handler

    def dispatch(self, requests) -> None:
        """Serve and remove the queued requests; those a handler queues meanwhile wait for the next frame."""
        for _ in range(len(requests)):
            request = requests.popleft()
            handler = self.handlers.get(request.action)
            if handler is None:
                self.notify(f"nothing handles {request.action.name} here", "error")
                continue
            try:
                handler(request.argument)
            except Refused as refusal:
                self.notify(str(refusal), "error")
