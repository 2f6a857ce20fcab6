"""The window side of the action table that needs no GL: view toggles, lecture mode,
fullscreen, help, escape and quit. Capture (screenshots, recording) is capture.py's."""

from __future__ import annotations

from .actions import Action, Handler, key_of
from .state import AppState
from .view_settings import LECTURE_SHOWS, PACES, pace_words

PANELS_NOTICE = "panels"  # the notice saying the panels are hidden: taken down as Tab shows them again
PACE_NOTICE = "pace"  # the notice naming the pace: the next press's replaces it
SPEED = "playback.max_iterations_per_frame"


class WindowActions:
    def __init__(self, state: AppState, host):
        """`host`: the window (window.WindowHost or a stand-in): `fullscreen`, `request_close()`."""
        self.state = state
        self.host = host
        self.set_fullscreen(state.fullscreen)  # asked for on the command line; the window opens windowed first
        # Whether the desk was fullscreen when lecture mode began: leaving it goes back to that (it left a desk
        # that F11 had made fullscreen in a window). Started in lecture mode (--lecture), the desk is a window.
        self.desk_fullscreen = state.fullscreen and not state.view.display.lecture_mode

    def handlers(self) -> dict[Action, Handler]:
        return {
            Action.TOGGLE_VIEW: self.toggle_view,
            Action.CYCLE_PANELS: lambda _: self.cycle_panels(),
            Action.PACE: self.pace,
            Action.LECTURE: lambda _: self.lecture(),
            Action.TOGGLE_FULLSCREEN: lambda _: self.set_fullscreen(not self.state.fullscreen),
            Action.TOGGLE_HELP: lambda _: setattr(self.state, "help_open", not self.state.help_open),
            Action.KEYBOARD_TO_PANELS: lambda _: self.keyboard_to_the_next_panel(),
            Action.ESCAPE: lambda _: self.escape(),
            Action.QUIT: lambda _: self.host.request_close(),
        }

    def toggle_view(self, key: str) -> None:
        """Flip a boolean view setting through the state's one edit path."""
        self.state.edit(key, not self.state.view.get(key))

    def cycle_panels(self) -> None:
        """Tab: at the desk, panels on or off; in lecture mode, the next of what it can show. Hiding them says so and
        how they come back: a student pressing Tab to move to the next field (as elsewhere) saw every panel and
        button vanish without a word, the canvas alone left."""
        display = self.state.view.display
        if display.lecture_mode:
            shows = LECTURE_SHOWS[(LECTURE_SHOWS.index(display.lecture_shows) + 1) % len(LECTURE_SHOWS)]
            self.state.edit("display.lecture_shows", shows)
            return
        self.state.edit("display.panels", not display.panels)
        self.state.retire(PANELS_NOTICE)
        if not self.state.view.display.panels:
            self.state.notify(f"panels hidden: {key_of(Action.CYCLE_PANELS)} shows them again "
                              f"({key_of(Action.KEYBOARD_TO_PANELS)} moves the keyboard into them)",
                              topic=PANELS_NOTICE)

    def pace(self, way: str) -> None:
        """< and >: the speed cap to the next of the toolbar's paces down ("slower") or up ("faster"), said in a
        notice. A lecturer had no key for it, and in lecture mode no toolbar: a run played at full speed (a preset
        converges in under a second) or in slow motion (a second a phase), nothing between, without leaving it."""
        cap = self.state.view.playback.max_iterations_per_frame
        paces = sorted(PACES)
        beyond = [pace for pace in paces if pace < cap][-1:] if way == "slower" else [p for p in paces if p > cap][:1]
        if beyond:
            self.state.edit(SPEED, beyond[0])
        self.state.retire(PACE_NOTICE)
        words = pace_words(False, self.state.view.playback.max_iterations_per_frame)
        self.state.notify(f"speed: {words}" if beyond else f"speed: already {words}",
                          "info" if beyond else "warning", topic=PACE_NOTICE)

    def lecture(self) -> None:
        lecture = not self.state.view.display.lecture_mode
        if lecture:
            self.desk_fullscreen = self.state.fullscreen
        self.state.edit("display.lecture_mode", lecture)
        self.set_fullscreen(lecture or self.desk_fullscreen)

    def set_fullscreen(self, on: bool) -> None:
        self.state.fullscreen = on
        self.host.fullscreen = on

    def keyboard_to_the_next_panel(self) -> None:
        """F6: the keyboard to the next panel in the lab's turn. The help closes: it covers the panels, and under it
        the help's own keys moved the hidden panel's cursor too, and Enter opened a field no one could see."""
        self.state.help_open = False
        self.give_keyboard(0 if self.state.keyboard_panel is None else self.state.keyboard_panel + 1)

    def give_keyboard(self, panel: int | None) -> None:
        """The keyboard to the lab's `panel`-th panel (the lab knows which are shown), or (None) to the lab's keys."""
        self.state.keyboard_panel, self.state.keyboard_moved = panel, True

    def escape(self) -> None:
        if self.state.help_open:
            self.state.help_open = False
        elif self.state.keyboard_panel is not None:
            self.give_keyboard(None)
        elif self.state.drawing:
            self.state.request(Action.LEAVE_DRAWING)
        elif self.state.fullscreen:
            self.set_fullscreen(False)
            self.state.edit("display.lecture_mode", False)
