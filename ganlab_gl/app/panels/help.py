"""The help overlay (F1 / ?): what each picture shows (GAN Lab's "What's happening in the
visualization?", a line each) and every key of the action table; and the notices corner."""

from __future__ import annotations

import time

from imgui_bundle import imgui

from ganlab_gl.app.actions import ACTIONS, Action, key_name, key_of, keys_of
from ganlab_gl.app.panels.flow import fitted, unbroken
from ganlab_gl.app.panels.legend import ARROW_MEANING, BACKGROUND_MEANING, MANIFOLD_MEANING
from ganlab_gl.app.state import AppState, Notice, Question

# (what, the canvas layers it explains, what it shows): every layer the canvas draws is explained here
# (tests/test_app_panels.py), in the order a student meets them.
GUIDE: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Dots", ("real", "fake"), "samples: real ones from the chosen distribution (green) and fakes, the "
     "generator's (G's) outputs for random noise (purple); as training goes on the fakes move onto the real ones, "
     "and a perfect GAN's two overlap"),
    ("Background", ("heatmap",), f"the discriminator's (D's) classification of every point: {BACKGROUND_MEANING} "
     "(a WGAN-GP or hinge critic: its score, greener more real); as the GAN nears its best it fades to near white "
     "(D = 0.5, the colour bar's middle, \u201ccan't tell\u201d): D can no longer tell real from fake"),
    ("Manifold", ("manifold",), f"{MANIFOLD_MEANING} (the noise grid, warped into data space)"),
    ("Arrows", ("gradients",), f"on the fakes: {ARROW_MEANING}; hover a dot to read its way"),
    (f"Contour ({key_of(Action.TOGGLE_VIEW, 'contour.visible')})", ("contour",),
     "lines of equal density of the real samples, GAN Lab's true-sample contour"),
    ("Overview graph", (), "the model: noise, generator, samples, discriminator, its predictions, both losses "
     f"and the gradients back; slow motion ({key_of(Action.SLOW_MOTION)}) lights each phase of an iteration in turn, "
     f"{key_of(Action.STEP_PHASE)} one phase at a time; its numbers are the model's settings, a click changes one "
     "(the Mouse page)"),
    ("Charts", (), "the losses, and how far apart the real and fake samples' histograms are (KL and JS "
     "divergence, in bits); hover a chart's names for what it measures and which way is good"),
    ("Timeline", (), "the losses over every kept iteration, under the graph: click or drag to look back, "
     "Branch here to train on from there"),
)
# What the mouse does, the help's Mouse page and docs/KEYS.md's mouse table: the help listed keys alone, and nothing
# in the window said that the graph's values (layers, neurons, learning rates, updates) are where the model is
# changed, nor that its pictures and the legend switch the canvas's layers (GAN Lab shows buttons beside each).
MOUSE_ROWS: tuple[tuple[str, str], ...] = (
    ("Click a value", "the graph's numbers (hidden layers, neurons, learning rates, updates) and the settings': "
     "type a value, Enter applies it, Esc cancels; a value that restarts the run says so on hover and waits for "
     "Restart now under the graph. A learning rate (GAN Lab's 0.001 ... 1) and the toolbar's speed (1 a frame, "
     "GAN Lab's pace, ... 1000, full speed) open their list: pick one, or type another under it"),
    ("Drag a value", "sweep it (a learning rate or the speed: the field under its list)"),
    ("Click a value's arrows", "the up and down arrows left of the graph's hidden layers, neurons and updates: one "
     "more or one fewer, as a typed value; left of its learning rates: GAN Lab's next (0.001 ... 1); greyed at the "
     "end"),
    ("Click a picture in the graph", "show or hide its layer on the canvas: the samples, the discriminator's "
     "background, the generator's manifold, the gradients"),
    ("Hover the graph", "what each part is; over the generator, the noise grid warps into the manifold again"),
    ("Wheel, drag on the canvas", f"zoom about the pointer, pan; Reset view or {key_of(Action.RESET_VIEW)} returns"),
    ("Hover the canvas", "the coordinates and D's output there; on a fake dot, which way its gradient points"),
    ("Click the legend", "under the canvas: show or hide that layer"),
    ("Hover a chart", "each line's value at the iteration under the pointer; over its names, what it measures"),
    ("Click the timeline bar", "rewind the lab to that iteration (drag to scrub)"),
    ("Drop a file", "a .csv or .npy file: its points become the data; a session folder: load it"),
)
# the explanations and the keys' descriptions wrap at this many font sizes (60% of the window at most)
GUIDE_WIDTH_EM = 34

NOTICE_SECONDS = {"info": 5.0, "warning": 8.0, "error": 15.0}
NOTICE_COLORS = {"info": (0.85, 0.85, 0.85, 1.0), "warning": (1.0, 0.75, 0.3, 1.0), "error": (1.0, 0.45, 0.45, 1.0)}


HELP_KEYS = {  # while the help is open these keys are its own: (pages to turn, window heights to scroll); in the
    "tab": (1, 0.0), "left": (-1, 0.0), "right": (1, 0.0),  # order its rows (HELP_KEY_ROWS) name them
    "up": (0, -0.1), "down": (0, 0.1), "pageup": (0, -0.9), "pagedown": (0, 0.9), "home": (0, -1e3), "end": (0, 1e3),
}
REPEATS = "; repeats while held"  # the end of a key's row where its action repeats while the key is held down


def help_title() -> str:
    """The help window's title, naming the key that closes it (the action table's) and the first that turns its page
    (HELP_KEYS): it spelled "F1" and "Tab" by hand, and a rebound key went unnamed."""
    turns = next(chord for chord, (turn, _) in HELP_KEYS.items() if turn > 0)
    return f"Help ({key_of(Action.TOGGLE_HELP)} closes, {key_name(turns)} turns the page)"


def help_key(state: AppState, chord: str, repeat: bool = False) -> bool:
    """A key pressed while the help is open: True where it was the help's (HELP_KEYS), turning or scrolling it;
    held down it scrolls on, and turns the page once."""
    chord = chord.removeprefix("shift+")  # Shift+Up panned the canvas behind the help while Up scrolled it
    if not state.help_open or chord not in HELP_KEYS:
        return False
    turn, scroll = HELP_KEYS[chord]
    if repeat and turn:
        return True
    state.help_turn += turn
    state.help_scroll += scroll
    return True


def draw_help(state: AppState, window_size: tuple[float, float]) -> None:
    if not state.help_open:
        return
    imgui.set_next_window_pos((window_size[0] / 2, window_size[1] / 2), imgui.Cond_.always, (0.5, 0.5))
    imgui.set_next_window_size_constraints((0, 0), (window_size[0] * 0.95, window_size[1] * 0.95))
    opened, state.help_open = imgui.begin(help_title(), True,
                                          imgui.WindowFlags_.always_auto_resize | imgui.WindowFlags_.no_collapse)
    if opened and imgui.begin_tab_bar("help"):
        wrap = min(imgui.get_font_size() * GUIDE_WIDTH_EM, window_size[0] * 0.6)  # a narrow window: narrower
        pages = (("What you see", [(what, shows) for what, _, shows in GUIDE]), ("Keys", [*key_rows(), *HELP_KEY_ROWS]),
                 ("Mouse", list(MOUSE_ROWS)))
        select = 0 if imgui.is_window_appearing() else None  # opened again: on "What you see"
        if state.help_turn:
            select, state.help_turn = (state.help_page + state.help_turn) % len(pages), 0
        for index, (title, rows) in enumerate(pages):
            selected = imgui.TabItemFlags_.set_selected if index == select else imgui.TabItemFlags_.none
            if imgui.begin_tab_item(title, None, selected)[0]:
                state.help_page = index
                _table(title, rows, wrap)
                imgui.end_tab_item()
        imgui.end_tab_bar()
    if state.help_scroll:
        imgui.set_scroll_y(min(max(imgui.get_scroll_y() + state.help_scroll * imgui.get_window_height(), 0.0),
                               imgui.get_scroll_max_y()))
        state.help_scroll = 0.0
    imgui.end()


def _table(name: str, rows: list[tuple[str, str]], wrap: float) -> None:
    """Two columns: a name, and what it is, wrapped `wrap` pixels wide; padded at its outer edges too (the row
    colour reached the text's ends)."""
    flags = imgui.TableFlags_.row_bg | imgui.TableFlags_.sizing_fixed_fit | imgui.TableFlags_.pad_outer_x
    if not imgui.begin_table(name, 2, flags):
        return
    imgui.table_setup_column("name")
    imgui.table_setup_column("what", imgui.TableColumnFlags_.width_fixed, wrap)
    for left, right in rows:
        imgui.table_next_row()
        imgui.table_next_column()
        imgui.text(left)
        imgui.table_next_column()
        imgui.text_wrapped(unbroken(right))
    imgui.end_table()


def key_rows() -> list[tuple[str, str]]:
    """(keys, what they do) for each bound action; keys passing the same argument share a row, and
    chords printed alike are named once; a key that repeats while held says so in its row (one row listing them
    all read "N, Right, D, G, ., +, =, -, ...")."""
    return [(" / ".join(dict.fromkeys(keys_of(row.action, argument))), row.describe(argument)
             + (REPEATS if row.repeats else "") + (" in drawing mode" if row.repeats_in_drawing_only else ""))
            for row in ACTIONS for argument in dict.fromkeys(row.keys.values())]


# The help's own keys in its Keys page and docs/KEYS.md, from HELP_KEYS: a row for each (pages turned, heights
# scrolled), either way (one row of all six scrolling keys made the key column 45% of the help at UI scale 2).
HELP_KEY_MOVES = {(1, 0.0): "turn its page", (0, 0.1): "scroll it", (0, 0.9): "scroll it a page",
                  (0, 1e3): "to its top or its end"}
HELP_KEY_ROWS = [(" / ".join(key_name(chord) for chord, (turn, scroll) in HELP_KEYS.items()
                             if (abs(turn), abs(scroll)) == move), f"while the help is open: {what}")
                 for move, what in HELP_KEY_MOVES.items()]


NOTICE_BACKGROUND = (0.08, 0.08, 0.1, 0.92)  # dark under either theme: the notice colours are light
NOTICE_UNDER_POINTER = 0.12  # their opacity with the pointer over them: what lies under shows (a setting)
NOTICE_MARGIN = 12.0  # px between the notices and the window's (or their column's) edge


def current_notices(state: AppState, now: float | None = None) -> list[Notice]:
    """The notices still shown, oldest first: each for its level's NOTICE_SECONDS, a lasting one until withdrawn."""
    now = time.monotonic() if now is None else now
    return [n for n in state.notices if n.lasting or now - n.created < NOTICE_SECONDS[n.level]]


def resume_notices(state: AppState, stopped_at: float, now: float) -> None:
    """The notices' clocks as if `stopped_at` to `now` (the help open over them) had not passed: one posted before
    shows for what it had left, one posted meanwhile for its whole time (they expired unseen under the help)."""
    for notice in state.notices:
        notice.created = notice.created + (now - stopped_at) if notice.created < stopped_at else now


def start_notice_clocks(state: AppState, now: float) -> None:
    """The notices posted so far show for their whole time from `now` (the window's first frame)."""
    for notice in state.notices:
        notice.created = max(notice.created, now)


def _measure_notices(shown: list[Notice], max_width: float,
                     folded: bool = False) -> tuple[float, float, list[str], list, tuple[float, float]]:
    """(padding, wrap width, each notice's text as drawn, its size, the box's (width, height)) of `shown` wrapped
    to `max_width`, in the current font; `folded`, each notice on one line, cut with "..." (flow.fitted)."""
    size = imgui.get_font_size()
    pad = size / 2
    wrap = max(max_width - 2 * pad, size * 8)
    texts = [fitted(" ".join(n.text.split()), wrap) if folded else n.text for n in shown]
    sizes = [imgui.calc_text_size(text, False, wrap) for text in texts]
    return pad, wrap, texts, sizes, (max(s.x for s in sizes) + 2 * pad,
                                     sum(s.y for s in sizes) + pad * (len(sizes) + 1))


def notices_extent(state: AppState, max_width: float, now: float | None = None,
                   folded: bool = False) -> tuple[float, float] | None:
    """The (width, height) of the box draw_notices would cover at `max_width` (`folded` or not), None where none is
    shown: for the lab to pick their place first."""
    shown = current_notices(state, now)
    return _measure_notices(shown, max_width, folded)[4] if shown else None


def draw_notices(state: AppState, window_size: tuple[float, float], max_width: float,
                 now: float | None = None, left: float = NOTICE_MARGIN, top: float | None = None,
                 foot: float | None = None, folded: bool = False) -> tuple[float, float, float, float] | None:
    """Recent messages standing on `foot` (default: the window's foot; the lab's: the canvas's lower edge, off the
    settings being edited and the legend's sentences), from `left`, wrapped to `max_width`; errors linger longest.
    Drawn on ImGui's foreground layer, over every panel, so a click on a panel never hides them; the pointer over
    them makes them faint, so what lies under them shows. `top` puts them that far down the window instead: under
    the toolbar, off a dialog they answer (the Export dialog by the timeline bar), or the canvas's upper edge where
    fewer samples lie there (Lab._clearest_corner). `folded` (a small canvas, where two wrapped notices hid three
    quarters of it) draws each on one line, cut with an ellipsis; the pointer over them unfolds them whole, from
    the same edge, as a tooltip. Returns the box they cover (x, y, width, height), None where none is shown."""
    shown = current_notices(state, now)
    if not shown:
        return None
    pad, wrap, texts, sizes, (width, height) = _measure_notices(shown, max_width, folded)
    anchor = window_size[1] if foot is None else foot
    top_at = (lambda tall: anchor - NOTICE_MARGIN - tall) if top is None else (lambda tall: top + NOTICE_MARGIN)
    mouse = imgui.get_io().mouse_pos
    hovered = left <= mouse.x <= left + width and top_at(height) <= mouse.y <= top_at(height) + height
    opacity = NOTICE_UNDER_POINTER if hovered and not folded else 1.0
    if hovered and folded:
        pad, wrap, texts, sizes, (width, height) = _measure_notices(shown, max_width)
    top = top_at(height)
    draw_list = imgui.get_foreground_draw_list()
    font, size = imgui.get_font(), imgui.get_font_size()

    def colour(rgba: tuple[float, float, float, float]) -> int:
        return imgui.get_color_u32((*rgba[:3], rgba[3] * opacity))

    draw_list.add_rect_filled(imgui.ImVec2(left, top), imgui.ImVec2(left + width, top + height),
                              colour(NOTICE_BACKGROUND), pad / 2)
    y = top + pad
    for notice, text, text_size in zip(shown, texts, sizes):
        draw_list.add_text(font, size, imgui.ImVec2(left + pad, y), colour(NOTICE_COLORS[notice.level]), text, wrap)
        y += text_size.y + pad
    return left, top, width, height


QUESTION_ID = "###question"  # the dialog's ImGui identity; its title is the question's own


def question_buttons(question: Question) -> list[str]:
    """The dialog's buttons, left to right, each naming the key that answers with it: a keyboard has no other way
    to learn that Enter goes ahead (or saves first) and Escape cancels."""
    ahead = [question.yes] if question.save_first is None else [question.save_first, question.yes]
    return [f"{ahead[0]} (Enter)", *ahead[1:], "Cancel (Esc)"]


def draw_question(state: AppState, window_size: tuple[float, float]) -> None:
    """The question that holds an action which would discard unsaved work, as a modal dialog naming
    the run and the path: its button goes ahead, Cancel (or Escape) keeps the run; Enter picks the
    button that saves first where there is one (quitting), else the one that goes ahead; while F6's keyboard
    navigation is on, ImGui's Enter presses the highlighted button instead (it starts on that one). Keys answer from
    the dialog's second frame on: the Enter that asked (train on a drawing) must not also answer."""
    question = state.question
    if question is None:
        return
    title = question.title + QUESTION_ID
    opening = not imgui.is_popup_open(title)
    if opening:
        imgui.open_popup(title)
    imgui.set_next_window_pos((window_size[0] / 2, window_size[1] / 2), imgui.Cond_.always, (0.5, 0.5))
    if not imgui.begin_popup_modal(title, None, imgui.WindowFlags_.always_auto_resize)[0]:
        return
    imgui.push_text_wrap_pos(min(imgui.get_font_size() * 32, window_size[0] * 0.8))
    imgui.text(question.text)
    imgui.pop_text_wrap_pos()
    navigating = imgui.get_io().config_flags & imgui.ConfigFlags_.nav_enable_keyboard  # with Cancel highlighted,
    enter = not opening and not navigating and imgui.is_key_pressed(imgui.Key.enter, False)  # Enter went ahead too
    save_first = False
    labels = question_buttons(question)
    if question.save_first is not None:
        save_first = imgui.button(labels.pop(0)) or enter
        imgui.same_line()
    yes = imgui.button(labels.pop(0)) or (enter and question.save_first is None)
    imgui.same_line()
    no = imgui.button(labels.pop(0)) or (not opening and imgui.is_key_pressed(imgui.Key.escape, False))
    if yes or no or save_first:
        state.answer(yes, save_first)
        imgui.close_current_popup()
    imgui.end_popup()
