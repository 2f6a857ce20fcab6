"""The lab window's view settings, declared as core/settings.py declares the training ones, and the groups of
every setting a user can set.

The view settings are one section per layer of the layer table (`heatmap.visible`, `manifold.show_folds`, ...),
then the window's own (`display`, `playback`). `SETTING_GROUPS` pairs each declared tree (training, view) with how
it is set; `ganlab-gl settings` and docs/SETTINGS.md print them from here. Standard library only (with the core's
settings and the layer table), so `ganlab-gl settings` answers without importing torch.
"""

from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass

from ganlab_gl.app.actions import Action, key_of
from ganlab_gl.core.settings import (GOOD_STATE_EVERY, GanConfig, Setting, SettingsTree, setting,
                                     settings_table_markdown)
from ganlab_gl.render.layer_table import LAYERS, view_section

# The toolbar's speed cap's list: GAN Lab's pace to watch a run unfold, the lab's full speed, and two between
PACES = {1: "GAN Lab's pace", 10: "", 100: "", 1000: "full speed"}


def pace_words(slow_motion: bool, cap: int) -> str:
    """How play goes, in a few words: slow motion, full speed (a cap of PACES' last or more), else the cap a frame
    ("1 a frame, GAN Lab's pace"): lecture mode's status said "full speed" at every cap."""
    if slow_motion:
        return "slow motion"
    fastest = max(PACES)
    if cap >= fastest:
        return PACES[fastest]
    return f"{cap:,} a frame" + (f", {PACES[cap]}" if PACES.get(cap) else "")


LECTURE_SHOWS = ("graph, canvas and chart", "canvas and chart", "canvas")  # what Tab cycles in lecture mode


@dataclass
class DisplayView:
    ui_scale: float = setting(1.0, "size of the panels and text (lecture mode sizes its text to the screen)",
                              live=True, label="UI scale", low=0.5, high=3.0)
    msaa: int = setting(4, "canvas multisampling (a software renderer multisamples only the resting picture)",
                        live=True, label="multisampling", low=0, high=8)
    lecture_mode: bool = setting(
        False, f"projector mode: large type, thick points, high contrast ({key_of(Action.LECTURE)})", live=True,
        label="lecture mode")
    panels: bool = setting(True, f"show the panels ({key_of(Action.CYCLE_PANELS)})", live=True)
    lecture_shows: str = setting(LECTURE_SHOWS[0], f"what lecture mode shows ({key_of(Action.CYCLE_PANELS)} cycles)",
                                 live=True, label="lecture shows", choices=LECTURE_SHOWS)


@dataclass
class PlaybackView:
    phase_seconds: float = setting(1.0, "slow motion: seconds each phase is held", live=True,
                                   label="seconds per phase", low=0.1, high=10.0)
    max_iterations_per_frame: int = setting(1000, "speed cap: iterations per frame; 1 is GAN Lab's pace (one a "
                                            "frame, to watch a run unfold), 1000 full speed (the training's own "
                                            "speed sets the pace)",
                                            live=True,
                                            label="iterations per frame at most", low=1, high=10000, ui_high=1000,
                                            log_scale=True, steps=PACES)
    frame_budget_ms: float = setting(4.0, "while runs are compared, training per turn of the trainer's thread (a "
                                     "frame waits at most about this long; alone, about one iteration)",
                                     live=True, label="training per turn (ms)", low=1.0, high=100.0)
    good_state_every: int = setting(GOOD_STATE_EVERY, "iterations between in-memory copies to revert to after a NaN",
                                    live=True, label="revert point every", low=10, high=100000)


LAYER_SECTIONS = {row.name: view_section(row) for row in LAYERS if row.in_lab}
ViewConfig = make_dataclass("ViewConfig", [
    *((name, section, field(default_factory=section)) for name, section in LAYER_SECTIONS.items()),
    ("display", DisplayView, field(default_factory=DisplayView)),
    ("playback", PlaybackView, field(default_factory=PlaybackView)),
], bases=(SettingsTree,))


@dataclass(frozen=True)
class SettingGroup:
    name: str  # "Training"
    tree: type[SettingsTree]  # the declarations
    where: str  # after the tree's class name in the heading: what it belongs to ("" for nothing)
    how: str  # how a user sets them, and when they apply (a paragraph)
    commands: str  # the commands whose --set takes them

    @property
    def heading(self) -> str:
        return f"## {self.name} (`{self.tree.__name__}`{', ' + self.where if self.where else ''})"

    def markdown(self, settings: list[Setting] | None = None) -> str:
        """Its heading, how it is set and its table (of `settings`, default: all of them)."""
        shown = list(self.tree.settings().values()) if settings is None else settings
        return "\n".join([self.heading, "", self.how, "", settings_table_markdown(shown), ""])


SETTING_GROUPS = (
    SettingGroup("Training", GanConfig, "", "Give them in a TOML file (`[section]` tables) with `--config`, or one at "
                 "a time with `--set section.key=value` (`train`, `lab`); naming a preset in `data.name` starts from "
                 "that preset's training config (as picking it in the lab does), and the settings given go over it. "
                 "*live* settings change a running trainer in place; the others restart the run (the lab applies them "
                 "at once to a run that has not trained, and asks first otherwise).", "train, lab"),
    SettingGroup("View", ViewConfig, "the lab window", "Give them with `ganlab-gl lab --set section.key=value` "
                 "(`--set display.msaa=0`) or in the lab's settings panel. Saved with a session (`state.json`); every "
                 "one applies at once. A session from a newer version loads without the view settings this one does "
                 "not know, naming them in a notice.", "lab"),
)
