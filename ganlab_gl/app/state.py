"""The one application-state object: every setting, view flag and request of the lab.

Widgets and keys write here and nowhere else; the controller reads it each frame and
moves the trainer and the view. Training settings are the core's `GanConfig`; view
settings are declared below with the same `setting(...)` mechanism, so the settings
panel, saving and loading walk both lists the same way.
"""

from __future__ import annotations

import json
import math
import time
from collections import deque
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from ganlab_gl.core import atomic
from ganlab_gl.core.settings import GanConfig, SettingError, SettingsTree, from_dict, setting, to_dict
from ganlab_gl.core.snapshot import Rect


DATA_SUFFIXES = (".csv", ".npy", ".txt")
MAX_DRAWN_POINTS = 1_000_000  # datasets.MAX_USER_POINTS: a session's drawing is refused above it


@dataclass
class LayersView:
    heatmap: bool = setting(True, "discriminator heatmap (H)", live=True)
    manifold: bool = setting(True, "generator manifold (M)", live=True)
    real: bool = setting(True, "real samples (P)", live=True)
    fake: bool = setting(True, "fake samples (F)", live=True)
    gradients: bool = setting(True, "generator gradients on fakes (A)", live=True)
    contour: bool = setting(False, "real-density contour (C)", live=True)
    smooth_heatmap: bool = setting(True, "bilinear heatmap; off shows crisp cells", live=True)
    manifold_outlines: bool = setting(False, "draw manifold cell outlines", live=True)
    show_folds: bool = setting(False, "tint folded manifold cells", live=True)
    color_by_d: bool = setting(False, "colour samples by D's prediction", live=True)
    gradient_length: float = setting(0.15, "arrow length per unit gradient (GAN Lab: 0.15)", live=True,
                                     low=0.0, high=10.0)


@dataclass
class DisplayView:
    point_size: float = setting(3.5, "sample disc radius in screen pixels (before DPI)", live=True, low=0.5, high=20.0)
    ui_scale: float = setting(1.0, "size of the panels and text", live=True, low=0.5, high=3.0)
    msaa: int = setting(4, "canvas multisampling (0 = off: about 20% more frames/s on a software renderer)",
                        live=True, low=0, high=8)
    lecture_mode: bool = setting(False, "projector mode: large type, thick points, high contrast (L)", live=True)
    panels: bool = setting(True, "show the panels (Tab)", live=True)


@dataclass
class PlaybackView:
    phase_seconds: float = setting(1.0, "slow motion: seconds each phase is held", live=True, low=0.1, high=10.0)
    max_iterations_per_frame: int = setting(200, "speed cap: iterations per frame", live=True, low=1, high=10000)
    frame_budget_ms: float = setting(12.0, "training time per frame; keeps the window smooth", live=True,
                                     low=1.0, high=100.0)
    good_state_every: int = setting(300, "iterations between in-memory copies to revert to after a NaN",
                                    live=True, low=10, high=100000)


@dataclass
class ViewConfig(SettingsTree):
    layers: LayersView = field(default_factory=LayersView)
    display: DisplayView = field(default_factory=DisplayView)
    playback: PlaybackView = field(default_factory=PlaybackView)


class Action(Enum):
    """Everything a button or key can ask for; queued in AppState.requests."""
    PLAY_PAUSE = "play/pause"
    STEP = "one iteration"
    STEP_D = "one D update"
    STEP_G = "one G update"
    STEP_PHASE = "one phase"
    SLOW_MOTION = "slow motion on/off"
    RESET = "reset the run"
    REVERT = "revert to the last good state"
    RESET_VIEW = "reset the view"
    ZOOM_IN = "zoom in"
    ZOOM_OUT = "zoom out"
    PAN_LEFT = "pan left"
    PAN_RIGHT = "pan right"
    PAN_UP = "pan up"
    PAN_DOWN = "pan down"
    SAVE = "save session"
    LOAD = "load session"
    SCREENSHOT = "screenshot"
    TOGGLE_RECORDING = "record frames on/off"
    CONFIRM_RESTART = "apply structural edits (restarts)"
    DISCARD_RESTART = "discard structural edits"
    FINISH_DRAWING = "train on the drawing"
    IMPORT_FILE = "import data file"
    TOGGLE_FULLSCREEN = "fullscreen"
    TOGGLE_HELP = "help"
    ESCAPE = "leave fullscreen / close dialogs"
    QUIT = "quit"


@dataclass
class Notice:
    text: str
    level: str = "info"  # info | warning | error
    created: float = field(default_factory=time.monotonic)


@dataclass
class Request:
    action: Action
    argument: object = None  # e.g. a file path for IMPORT_FILE / LOAD, a size for SCREENSHOT


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
    brush_spread: float = 0.02  # the drawing's blur; becomes data.brush_spread when the drawing is used
    use_pretrained: bool = False
    fullscreen: bool = False
    help_open: bool = False
    session_path: str = "session"
    import_path: str = ""
    screenshot_size: str = ""  # "WxH"; empty: the canvas's own size
    recording_path: str = "recording.mp4"  # .mp4, or a folder for a PNG sequence
    requests: deque[Request] = field(default_factory=deque)
    notices: deque[Notice] = field(default_factory=lambda: deque(maxlen=8))

    def request(self, action: Action, argument: object = None) -> None:
        self.requests.append(Request(action, argument))

    def notify(self, text: str, level: str = "info") -> None:
        self.notices.append(Notice(text, level))

    def edit(self, key: str, value: object) -> None:
        """A widget changed a training setting: live ones apply now, structural ones wait for confirmation."""
        setting = GanConfig.settings()[key]
        value = setting.validate(value)
        if setting.live:
            self.config.set(key, value)
        elif value == self.config.get(key):
            self.pending_restart.pop(key, None)
        else:
            self.pending_restart[key] = value

    def shown_config(self) -> GanConfig:
        """What the settings panel shows: the running config with the pending structural edits."""
        shown = self.config.copy()
        for key, value in self.pending_restart.items():
            shown.set(key, value)
        return shown

    def drop_files(self, paths: list[Path]) -> None:
        """Files dropped on the window: a data file imports, a session folder loads."""
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
        else:
            self.notify(f"{path}: drop a .csv or .npy file of points, or a session folder", "warning")

    # -- saving and loading the state (the checkpoint itself is the controller's job) -----
    def to_json(self) -> str:
        return json.dumps({"config": to_dict(self.config), "view": to_dict(self.view),
                           "view_rect": self.view_rect, "drawn_points": self.drawn_points,
                           "slow_motion": self.slow_motion}, indent=1)

    def load_json(self, text: str, source: str) -> None:
        """Replace settings and view flags from `to_json` output; refuses bad files whole."""
        try:
            tree = json.loads(text)
            config = from_dict(tree["config"], GanConfig(), source)
            view = from_dict(tree["view"], ViewConfig(), source)
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
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise SettingError(f"{source}: not a ganlab-gl session state ({error})") from None
        self.config, self.view = config, view
        self.pending_restart.clear()
        self.view_rect = None if rect is None else tuple(rect)
        self.drawn_points = [(float(x), float(y)) for x, y in points]
        self.slow_motion = slow_motion

    def save_file(self, path: Path) -> None:
        atomic.write_text(path, self.to_json())


def _finite_numbers(value: object, count: int) -> bool:
    """A JSON list of `count` finite numbers (booleans are not numbers here)."""
    return (isinstance(value, list) and len(value) == count
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value))
