"""The one application-state object: every setting, view flag and request of the lab.

Widgets, keys and thumbnails change it in two ways only: they queue actions
(`request`), which the action handlers serve (actions.py: the controller on the trainer
side, the lab on the window side), or they edit a setting (`edit`), the one validated
path: view settings and live training settings apply at once, those that restart the run
wait in `pending_restart` until CONFIRM_RESTART. Text fields and the drawing's stroke
are the widgets' own. Training settings are the core's `GanConfig`; view settings are
declared with the same `setting(...)` mechanism (view_settings.py, each layer's from the layer table), so
the settings panel, saving and loading walk both lists the same way.
"""

from __future__ import annotations

import json
import math
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from ganlab_gl.core.checkpoint import CHECKPOINT_FILE
from ganlab_gl.core.settings import DATA_SUFFIXES, GanConfig, Setting, SettingError, from_dict, to_dict
from ganlab_gl.core.snapshot import Rect

from .actions import Action, Request
from .outputs import EXPORT_NAME, OUTPUT_ENV, RECORDING_NAME, SESSION_NAME, STATE_FILE, output_folder, user_path
from .timeline_export import VIDEO_SIZE
from .view_settings import ViewConfig


MAX_DRAWN_POINTS = 1_000_000  # datasets.MAX_USER_POINTS: a session's drawing is refused above it
# the files fields' own names under the output folder, where an empty field saves
OUTPUT_NAMES = {"session_path": SESSION_NAME, "recording_path": RECORDING_NAME, "export_path": EXPORT_NAME}
JSON_FAULTS = (json.JSONDecodeError, KeyError, TypeError, ValueError)  # what reading a hand-edited JSON file raises
UNKNOWN_NAMED = 5  # a newer version's view settings that a loaded state.json's notice names, at most
COMPARE_EXAMPLE = "train.loss=wgan-gp"  # the Compare section's field at the start: a run one change away


@dataclass
class Notice:
    text: str
    level: str = "info"  # info | warning | error
    created: float = field(default_factory=time.monotonic)
    lasting: bool = False  # shown until withdrawn (AppState.withdraw): work in progress, a file being written
    topic: str = ""  # what it describes, where a later action takes it down as overtaken (AppState.retire)
    brief: str = ""  # the words where the whole has no room in readable type (lecture mode's status strip); "": text


@dataclass(frozen=True)
class Question:
    """An action that would discard unsaved work, waiting for a yes (AppState.answer)."""
    text: str  # names what is lost and what replaces it
    yes: str  # the button that goes ahead ("Load session")
    request: Request
    save_first: str | None = None  # a button that saves the session, then asks for the request again
    title: str = "Replace the run?"


@dataclass
class AppState:
    config: GanConfig = field(default_factory=GanConfig)  # what the trainer runs (live edits land here)
    pending_restart: dict[str, object] = field(default_factory=dict)  # structural edits awaiting "restart?"
    view: ViewConfig = field(default_factory=ViewConfig)
    playing: bool = False
    slow_motion: bool = False
    view_rect: Rect | None = None  # None: fit the data
    drawing: bool = False  # drawing mode: canvas clicks add points instead of panning
    drawn_points: list[tuple[float, float]] = field(default_factory=list)
    # What each stroke and Clear changed, for Undo: (the points list before it, its length then); a stroke appends to
    # the list, a Clear puts a new one in its place
    drawing_undo: list[tuple[list[tuple[float, float]], int]] = field(default_factory=list)
    brush_spread: float = 0.02  # the drawing's blur; becomes data.brush_spread when the drawing is used
    fullscreen: bool = False
    help_open: bool = False
    help_page: int = 0  # the help's page on screen (its tab)
    help_turn: int = 0  # pages the help turns at its next frame (its keys: help.HELP_KEYS)
    help_scroll: float = 0.0  # window heights the help scrolls at its next frame
    keyboard_panel: int | None = None  # the panel F6 gave the keyboard to (its place in the lab's turn); None: none
    keyboard_moved: bool = False  # F6, Escape or a click moved the keyboard: the lab applies it at its next frame
    output_folder: Path = field(default_factory=output_folder)  # outputs.py: sessions, screenshots, recordings
    session_path: str = ""  # empty: <output_folder>/session (OUTPUT_NAMES)
    import_path: str = ""
    compare_text: str = COMPARE_EXAMPLE  # the Compare section's field: the changes its Add button and key add
    import_followed: str = ""  # the run's data file when the data-file field last followed it (data.py); "" if none
    screenshot_size: str = ""  # "WxH"; empty: the canvas's own size
    recording_path: str = ""  # .mp4, or a folder (no suffix) for a PNG sequence; empty: <output_folder>/recording.mp4
    export_path: str = ""  # the timeline's video (.mp4 or .gif); empty: <output_folder>/training.mp4
    export_size: str = VIDEO_SIZE  # its frames' size, one of timeline_export.VIDEO_SIZES (the Export dialog)
    timeline_range: tuple[int, int] | None = None  # the iterations the timeline bar shows (exported); None: all
    export_dialog_wanted: bool = False  # Ctrl+E: the timeline bar opens its Export dialog at its next draw
    requests: deque[Request] = field(default_factory=deque)
    notices: deque[Notice] = field(default_factory=lambda: deque(maxlen=8))
    question: Question | None = None  # asked by the controller, answered by the lab's dialog
    _agreed: Request | None = None  # the request the last yes let through, once
    _after_save: Request | None = None  # "Save and quit": what the user agreed to once that save succeeds
    _told_output: bool = False  # the first write of the session printed where outputs go

    def __post_init__(self) -> None:
        for field_name in OUTPUT_NAMES:
            self._filled(field_name)

    def output_path(self, field_name: str, given: object = None) -> Path:
        """The path `given` (a request's) or else a files field (OUTPUT_NAMES) names, as user_path reads it; an emptied
        or blank field is its default again, shown in it (a cleared session folder was the lab's working folder: Save
        wrote there, unasked)."""
        return user_path(given if given else self._filled(field_name))

    def _filled(self, field_name: str) -> str:
        if not getattr(self, field_name).strip():
            setattr(self, field_name, str(self.output_folder / OUTPUT_NAMES[field_name]))
        return getattr(self, field_name)

    def begin_stroke(self) -> None:
        """A stroke starts: Undo takes the points back to these."""
        self.drawing_undo.append((self.drawn_points, len(self.drawn_points)))

    def clear_drawing(self) -> None:
        """Clear, which Undo takes back (one click threw a whole drawing away)."""
        if self.drawn_points:
            self.drawing_undo.append((self.drawn_points, len(self.drawn_points)))
            self.drawn_points = []

    def undo_drawing(self) -> bool:
        """The points as they were before the last stroke or Clear; False where there is none to undo."""
        if not self.drawing_undo:
            return False
        self.drawn_points, length = self.drawing_undo.pop()
        del self.drawn_points[length:]
        return True

    def request(self, action: Action, argument: object = None) -> None:
        self.requests.append(Request(action, argument))

    def notify(self, text: str, level: str = "info", lasting: bool = False, topic: str = "",
               brief: str = "") -> Notice:
        """Post a notice. The same one again straight after (a held key's repeats, a step button clicked at its
        limit) renews the one shown, its time counted afresh: one notice per burst, not a column of copies.
        `lasting`: shown until `withdraw` (its text may be changed meanwhile, to say how far the work is).
        `topic`: what it describes, for `retire`; `brief`: Notice.brief."""
        if self.notices and (self.notices[-1].text, self.notices[-1].level) == (text, level):
            self.notices[-1].created = time.monotonic()
            self.notices[-1].lasting |= lasting
            return self.notices[-1]
        if len(self.notices) == self.notices.maxlen:  # the oldest that is not work in progress makes room: eight
            # quick notices during a long screenshot pushed its progress out for good
            oldest = next((index for index, shown in enumerate(self.notices) if not shown.lasting), 0)
            del self.notices[oldest]
        self.notices.append(Notice(text, level, lasting=lasting, topic=topic, brief=brief))
        return self.notices[-1]

    def retire(self, topic: str) -> None:
        """Take down the notices of `topic`: what they describe has been overtaken (a step's, by the next step)."""
        kept = [notice for notice in self.notices if notice.topic != topic]
        self.notices.clear()
        self.notices.extend(kept)

    def withdraw(self, notice: Notice) -> None:
        """Take a lasting notice down: the work it named is done (what came of it is a notice of its own)."""
        for index, shown in enumerate(self.notices):
            if shown is notice:  # itself: another notice may say the same
                del self.notices[index]
                return

    def wrote(self, text: str) -> None:
        """A notice that names a file just written (its full path); the session's first is also printed with
        the output folder, so the files can be found once the window is closed."""
        self.notify(text)
        if not self._told_output:
            self._told_output = True
            print(f"ganlab-gl: {text}\nganlab-gl: sessions, screenshots and recordings go to {self.output_folder} "
                  f"(set {OUTPUT_ENV} to change it)", flush=True)

    def ask(self, text: str, yes: str, action: Action, argument: object = None, *, save_first: str | None = None,
            title: str = Question.title) -> None:
        """Hold `action` until the user answers: a yes queues it again, agreed; `save_first` names a third
        button, which saves the session and then queues the action unagreed (it asks again if the save failed)."""
        self.question = Question(text, yes, Request(action, argument), save_first, title)

    def answer(self, yes: bool, save_first: bool = False) -> None:
        question, self.question = self.question, None
        if question is None:
            return
        if save_first and question.save_first is not None:
            self.requests.extend((Request(Action.SAVE), question.request))
            self._agreed = Request(Action.SAVE)  # the question named the folder, and any run it replaces there
            self._after_save = question.request
        elif yes:
            self._agreed = question.request
            self.requests.append(question.request)

    def saved(self, ok: bool) -> None:
        """A save ended: after "Save and quit" a success lets the quit through agreed (the question said all it
        stops: an export too); a failure leaves it unagreed, to ask again."""
        if self._agreed == Request(Action.SAVE):
            self._agreed = None  # "Save and quit"'s yes to the save, used or not
        if ok and self._after_save is not None:
            self._agreed = self._after_save
        self._after_save = None

    def agreed(self, action: Action, argument: object = None) -> bool:
        """Whether the user said yes to exactly this request (once: the yes is used up)."""
        if self._agreed != Request(action, argument):
            return False
        self._agreed = None
        return True

    def edit(self, key: str, value: object) -> None:
        """A widget or key changed a setting: view and live ones apply now, those that restart the run
        wait for CONFIRM_RESTART. SettingError for an unknown key or a bad value."""
        if key in ViewConfig.settings():
            self.view.set(key, value)
            return
        self.config._split(key)  # refuses an unknown key
        setting = GanConfig.settings()[key]
        value = setting.validate(value)
        if setting.live:
            self.config.set(key, value)
        elif value == self.config.get(key):
            self.pending_restart.pop(key, None)
        else:
            self.pending_restart[key] = value

    def value(self, key: str) -> object:
        """Setting `key`'s value, a view setting's or a training one's (what `edit` sets)."""
        return self.view.get(key) if key in ViewConfig.settings() else self.config.get(key)

    def waiting_edits(self) -> str:
        """"G's neurons per layer 8 → 16, ...": the edits waiting for a restart, from what runs to what they set."""
        return ", ".join(edit_words(key, self.config.get(key), value) for key, value in self.pending_restart.items())

    def shown_config(self) -> GanConfig:
        """What the settings panel shows, to read: the running config itself, or a copy with the pending
        structural edits (a copy per frame, while any wait)."""
        if not self.pending_restart:
            return self.config
        shown = self.config.copy()
        for key, value in self.pending_restart.items():
            shown.set(key, value)
        return shown

    def drop_files(self, paths: list[Path]) -> None:
        """Files dropped on the window: a data file imports, a session folder, or a file of one, loads."""
        if not paths:
            return
        path = paths[0]  # a dataset is one file
        if len(paths) > 1:
            self.notify(f"{len(paths)} files dropped; using {path.name}", "warning")
        if path.is_dir():
            self.request(Action.LOAD, path)
        elif path.suffix.lower() in DATA_SUFFIXES:
            self.import_path = str(path)
            self.request(Action.IMPORT_FILE, str(path))
        elif (path.parent / CHECKPOINT_FILE).is_file():  # its checkpoint or state.json, dragged out of its folder
            self.request(Action.LOAD, path.parent)
        else:
            self.notify(f"{path}: drop a .csv or .npy file of points, or a session folder", "warning")

    # -- saving and loading the state (the checkpoint itself is the controller's job) -----
    def to_json(self) -> str:
        return json.dumps({"config": to_dict(self.config), "view": to_dict(self.view),
                           "view_rect": self.view_rect, "drawn_points": self.drawn_points,
                           "slow_motion": self.slow_motion}, indent=1)

    def load_json(self, text: str, source: str) -> None:
        """Replace settings and view flags from `to_json` output; refuses bad files whole, but for view settings
        this version does not know (a newer one's): the known ones are taken, those left out named in a notice."""
        unknown: list[str] = []
        try:
            tree = json.loads(text)
            config = from_dict(tree["config"], GanConfig(), source)
            view = from_dict(tree["view"], ViewConfig(), source, unknown)
            rect = tree.get("view_rect")
            points = tree.get("drawn_points", [])
            slow_motion = tree.get("slow_motion", False)
            if rect is not None and not (_finite_numbers(rect, 4) and rect[0] < rect[2] and rect[1] < rect[3]):
                raise SettingError(f"{source}: view_rect: expected [x0, y0, x1, y1], finite, x0 < x1 and y0 < y1, "
                                   f"got {str(rect)[:60]}")
            if not (isinstance(points, list) and len(points) <= MAX_DRAWN_POINTS
                    and all(_finite_numbers(point, 2) for point in points)):
                raise SettingError(f"{source}: drawn_points: expected a list of up to {MAX_DRAWN_POINTS} [x, y] "
                                   "pairs of finite numbers")
            if not isinstance(slow_motion, bool):
                raise SettingError(f"{source}: slow_motion: expected true or false, got {str(slow_motion)[:60]}")
        except SettingError:
            raise  # it names the file and the setting already
        except JSON_FAULTS as error:
            raise SettingError(f"{source}: not a ganlab-gl session state ({json_fault(error)})") from None
        self.config, self.view = config, view
        self.pending_restart.clear()
        self.view_rect = None if rect is None else tuple(rect)
        self.drawn_points = [(float(x), float(y)) for x, y in points]
        self.drawing_undo.clear()
        self.slow_motion = slow_motion
        if unknown:
            named = ", ".join(repr(key[:40]) for key in unknown[:UNKNOWN_NAMED])
            more = f" and {len(unknown) - UNKNOWN_NAMED} more" if len(unknown) > UNKNOWN_NAMED else ""
            self.notify(f"{source}: left out view settings this version does not know (a newer one's?): "
                        f"{named}{more}", "warning")


def json_fault(error: Exception) -> str:
    """A JSON file's fault (one of JSON_FAULTS) as its reader would say it: the field missing, a value of another
    kind, where Python said "('folder')" or "list indices must be integers or slices, not str"."""
    if isinstance(error, KeyError):
        return f"no {error.args[0]!r} field"
    if isinstance(error, TypeError):
        return "a value of another kind where an object of named fields belongs"
    return str(error)


@dataclass(frozen=True)
class SavedView:
    """What a saved session showed: its view settings, its zoom or pan (None: the automatic view), and the notes
    reading them gave (view settings a newer version wrote, left out)."""
    settings: ViewConfig
    rect: Rect | None
    notes: list[str]


def saved_view(directory: Path) -> SavedView | None:
    """The view a session folder's state.json holds, for `render` and `animate` to draw it as the lab showed it;
    None where there is none (a `train` run). SettingError, naming the file, where it cannot be read."""
    path = Path(directory) / STATE_FILE
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SettingError(f"{path}: cannot read it ({error})") from None
    state = AppState(output_folder=Path(directory))  # paths of its own, none of them written
    state.load_json(text, str(path))
    return SavedView(state.view, state.view_rect, [notice.text for notice in state.notices])


# The settings a student edits on the overview graph (and the drawing's brush), named as its captions and GAN Lab's
# labels name them: a notice or a question that said "train.d_lr 0.1 → 0.5" read as code (other settings keep their
# keys)
SETTING_WORDS = {
    "train.loss": "loss type", "train.batch_size": "batch size",
    "train.d_lr": "D's learning rate", "train.g_lr": "G's learning rate",
    "train.d_optimizer": "D's optimizer", "train.g_optimizer": "G's optimizer",
    "train.d_steps": "D's updates per iteration", "train.g_steps": "G's updates per iteration",
    "generator.hidden_layers": "G's hidden layers", "generator.neurons": "G's neurons per layer",
    "discriminator.hidden_layers": "D's hidden layers", "discriminator.neurons": "D's neurons per layer",
    "noise.dim": "noise dimensions", "noise.kind": "noise type", "data.brush_spread": "brush spread",
}


def edit_words(key: str, old: object, new: object) -> str:
    """"D's learning rate 0.1 → 0.5", "D's optimizer SGD → Adam": a setting's edit as the lab's notices and
    questions say it."""
    return f"{SETTING_WORDS.get(key, key)} {shown_value(key, old)} → {shown_value(key, new)}"


def refused_words(setting: Setting, error: SettingError) -> str:
    """"D's learning rate (train.d_lr): 'abc' is not a number (1e-06 .. 10)": a value typed into a panel or the graph,
    refused, named first as the student sees it (the graph's words, else the panel's label), then by the key --set
    takes (the command line's refusals name the key alone: there it is what was typed)."""
    return f"{SETTING_WORDS.get(setting.key, setting.shown_label)} ({setting.key}): {error.detail}"


def shown_value(key: str, value: object) -> str:
    """Setting `key`'s value as the lab's notices write it: 0.1, not 0.1000000001 or 1e-01; a choice by its title;
    a switch on or off (not Python's True and False)."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:g}"
    setting = GanConfig.settings().get(key) or ViewConfig.settings().get(key)
    return str(value) if setting is None else setting.reads(value)


def _finite_numbers(value: object, count: int) -> bool:
    """A JSON list of `count` finite numbers (booleans are not numbers here)."""
    return (isinstance(value, list) and len(value) == count
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value))
