"""The model overview graph panel, drawn with an ImGui draw list into the current window.

Layout and highlighting come from `overview_graph`; this file only draws them, shows
the thumbnails inside the nodes, and handles the pointer: hovering a node explains it,
clicking a picture shows or hides its layer on the main canvas (GAN Lab's checkboxes on
the graph), and entering the generator plays GAN Lab's noise -> manifold morph, whose
value the lab also feeds to the main canvas's manifold layer.

Per frame, in this order:
    morph = overview.morph(now)                 # before drawing the canvases
    thumbnails.update(snapshot, morph, view_rect)
    ...                                         # inside the left panel's window:
    overview.draw(state, frame, thumbnails, renderer, now)   # frame: the controller's read model
`overview.thumbnail_px` then says what size the thumbnails should be rendered at;
when it drifts far from `thumbnails.size`, make new Thumbnails (the panel registers
the new textures and unregisters the old ones by itself).
"""

from __future__ import annotations

import functools
import math

import numpy as np
import torch
from imgui_bundle import imgui

from ganlab_gl.app.actions import NO_BREAK, Action, key_of
from ganlab_gl.app.lab_frame import LabFrame, StepChange
from ganlab_gl.app.panels import flow
from ganlab_gl.app.panels.overview_graph import (CONTROL_PAD, Arrangement, Control, Edge, Highlight, Node, arrangement,
                                                 control_beside, highlight, label_for, loss_bar_fraction, loss_reading,
                                                 loss_tip, node_opacity, not_trained, picture_px)
from ganlab_gl.app.panels.settings import choice_reading, edit_setting, item_tooltip, step_setting, unused_because
from ganlab_gl.app.state import AppState, ViewConfig
from ganlab_gl.app.step_glide import arrows_drawn
from ganlab_gl.app.theme import readable_on
from ganlab_gl.app.view_settings import PACES
from ganlab_gl.core.settings import GanConfig, SettingError, SettingsTree
from ganlab_gl.core.trainer import EXPLANATIONS, PHASES, UPDATES_TIMES, Phase
from ganlab_gl.core.wording import COMPASS, compass, counted
from ganlab_gl.app.thumbnails import Thumbnails
from ganlab_gl.render.layers.noise_view import MorphAnimation

RGB = tuple[float, float, float]

# GAN Lab's graph colours (demo/ganlab.html: #model-vis-svg path, .tooltip-for-d/g, #component-*)
EDGE_RGB: RGB = (175 / 255, 175 / 255, 175 / 255)
FLOW_RGB: dict[str, RGB] = {"D": (105 / 255, 158 / 255, 1.0), "G": (186 / 255, 99 / 255, 207 / 255)}
BANNER_RGB: dict[str, RGB] = {"D": (64 / 255, 128 / 255, 247 / 255), "G": (170 / 255, 79 / 255, 192 / 255)}
HELD_RGB: RGB = (179 / 255, 179 / 255, 179 / 255)
PICTURE_BORDER_RGB: RGB = (0.8, 0.8, 0.8)
DRAWING_DIM = 0.5  # the pictures' opacity while a drawing is made: GAN Lab lays black at 50% over all but the drawing
MODEL_BORDER_ALPHA = 0.6  # GAN Lab: 0.65 (D), 0.5 (G) until highlighted
MODEL_NETWORK = {"generator": "G", "discriminator": "D"}
LOSS_NETWORK = {"d_loss": "D", "g_loss": "G"}

LOSS_BAR_WINDOW = 500  # iterations of history the loss bars are measured against
MIN_LABEL_PX = 9.0
LOSS_INSET = 3.0  # design units between the arrowheads and a loss's text
MIN_WIDTH_PX = 60.0  # narrower than this, the graph is not drawn
DESK_GRAPH_AT_LEAST = 0.75  # of its height at the column's width: the least a desk column's graph shrinks to (its
# captions 3/4 of the text, the layout's least), to keep the settings' header in view
EXPLANATION_BOX_LINES_AT_LEAST = 2  # where that is not enough, the explanation scrolls in a box of whole lines, at
# least this many
LECTURE_FILL = 0.97  # of the lecture panel's height: room for the controls' frames under the graph's last row
STEP_LINE_SPACING = 1.0  # pixels between the lines of an update's steps, one list
OTHER_STEPS_ALPHA = 0.55  # the other network's steps, where both show: its banner colour, faded (GAN Lab's idle banner)
OTHER_STEPS_SHARE_AT_MOST = 0.5  # of the room the column has to spare (the loss chart's, under it) that the other
# network's steps may take: at 1280x800 they took the chart from 190 to 90 px
# Under the graph outside a phase's walk: what Space does now (GAN Lab's "click the play button" to start), what
# play shows, what a pause offers, and what a manual step just changed (GAN Lab's page says it in "Let training
# begin" and "Manual step-by-step execution"; its graph, as ours did, says nothing, and "Play (Space) starts
# training" stood there while it trained)
SPACE, S, N, PHASE = (key_of(action) for action in (Action.PLAY_PAUSE, Action.SLOW_MOTION, Action.STEP,
                                                     Action.STEP_PHASE))
D_OR_G = f"{key_of(Action.STEP_D)} or {key_of(Action.STEP_G)}"
PLAY, PAUSE = (f"{button}{NO_BREAK}({SPACE})" for button in ("Play", "Pause"))  # on one line: "(Space)" began one
SPACE_DOES = {"fresh": f"{PLAY} starts training", "trained": f"{PLAY} resumes training",
              "trained slowly": f"{PLAY} resumes in slow motion, one phase at a time",
              "pretrained": f"{PLAY} trains on top of it", "rewound": f"{PLAY} resumes from the present",
              "playing": f"{PAUSE} holds training"}
# By slow motion, off and on: how to follow an iteration's phases before training, and what S does while it plays
# Before a run's first play its pace is named too: at the toolbar's full speed (1000 it/frame) a preset's first
# seconds, which GAN Lab plays over minutes at an iteration a frame, were over before a student looked (Ring's fakes
# reached the ring in about a second, Line converged), and "watch the fakes move" had nothing left to watch.
HOW_TO_FOLLOW = {False: f"{S} turns on slow motion and {PHASE} steps one phase, each phase explained here. 1 in the "
                        f"toolbar's it/frame list is {PACES[1]}, to watch the fakes move as GAN Lab plays them.",
                 True: f"slow motion explains each phase here, and {PHASE} steps one."}
S_DOES = {False: f"{S} slows it down to one phase at a time.", True: f"{S} returns to full speed."}
PLAYING_HINT = ("Training: each iteration makes {updates}. Watch the fakes move the way their arrows point, toward "
                "the green regions, and {fade}. {s_does} " + SPACE_DOES["playing"] + ".")
# How the background shows a D that can no longer tell real from fake, by D's output (a critic has no 0.5), in
# words that point at the picture: "go white (D = 0.5)" asked for D's notation, and lecture mode wrapped it "(D" over
# "= 0.5)"; the colour bar's words held on one line, and no longer than they were (the column's room under the graph
# is its longest words')
FADES = {"probability": flow.unbroken("the background fade to white, the colour bar's \u201ccan't tell\u201d"),
         "critic": "the background's colours even out where the critic scores real and fake alike"}
MANUAL_STEPS = f"{N} trains one iteration, {D_OR_G} one network's update and {PHASE} one phase, each explained here."
# {resumes}: what Space does, by slow motion (paused in slow motion it said "resumes training", and a lecturer's
# class expected full speed)
PAUSED_HINT = "Paused at iteration {iteration:,}. {resumes}; {example}. " + MANUAL_STEPS
# {example}: which way one fake needs to move, named as GAN Lab names it beside its arrow ("This sample needs to move
# upper right to decrease generator's loss"): the read-out was on hover alone. The fake whose arrow is longest, which a
# student finds at a glance; where no arrow is drawn (hidden, or all zero), how to read one.
EXAMPLE_FAKE = "the fake with the longest arrow needs to move {way} to lower G's loss; hover a fake dot for its own way"
NO_EXAMPLE_FAKE = "hover a fake dot to read which way it needs to move"
PAUSED_RESUMES = {False: SPACE_DOES["trained"], True: SPACE_DOES["trained slowly"]}
# The shipped model just loaded: nothing was played to pause, and GAN Lab's checkbox says "Train on top of a
# pre-trained model or train from scratch" (it read "Paused at iteration 8,000. Play (Space) resumes training")
PRETRAINED_HINT = ("The pre-trained model as it ships, trained to iteration {iteration:,}. " + SPACE_DOES["pretrained"]
                   + "; untick Use pre-trained model for your own run. " + MANUAL_STEPS)
REWOUND_HINT = ("Rewound to iteration {iteration:,}, the lab as it was then. " + f"{key_of(Action.SCRUB, -1)} and "
                f"{key_of(Action.FORWARD)} walk the kept iterations; {key_of(Action.BRANCH)} branches the run from "
                f"here with the current settings. {SPACE_DOES['rewound']}.")
# Drawing your own data, where play, the steps and hovering a fake are refused or have nothing to show (it read
# "Paused at iteration 1,719. Play (Space) resumes training; hover a fake dot...", and Space said "finish the drawing
# first"): the run behind the drawing, and the keys that end it
# (a run not trained yet has no iteration to wait at: "the run at iteration 0 waits" read oddly)
DRAWING_HINT = ("Drawing your own data: {waiting}. "
                f"{key_of(Action.FINISH_DRAWING)} trains a new GAN on the drawing; "
                f"{key_of(Action.ESCAPE)} leaves it, back to this run.")
DRAWING_WAITS = {True: "the run at iteration {iteration:,} waits behind the drawing, and so do play and the steps",
                 False: "play and the steps wait behind the drawing"}  # by whether the run has trained
# Paused on a NaN, where play and the steps are refused (it read "Play (Space) resumes training; N trains...")
DIVERGED_HINT = ("Training stopped at iteration {iteration:,}: the weights are no longer numbers (NaN), so play and "
                 f"the steps wait. {key_of(Action.REVERT)} reverts to the last good state; or lower the learning "
                 f"rates and {key_of(Action.RESET)} resets the run.")
# A run whose units fell silent, by Snapshot.stuck: play went on with the fakes frozen and the losses flat
# near the charts' "at a tie" lines (D silenced), or the fakes one dot (G silenced), the words saying "Watch the fakes
# move the way their arrows point", and nothing said why; GAN Lab's page, its heatmap blank or its fakes one dot, says
# nothing either
STUCK_HINTS = {
    "d_flat": ("Stuck at iteration {iteration:,}: every fake's arrow is zero. D's units fell silent at the fakes, so G "
               "learns little, however calm the losses look."),
    "g_point": ("Collapsed at iteration {iteration:,}: G puts every fake at one point, whatever its noise. Its units "
                "fell silent: it can never spread them again."),
}
# Chance silences them too: about one run in five of Two Gaussians at GAN Lab's own settings, on GAN Lab's page as
# here (docs/TRAINING.md), and a reset of the same seed trains the same run again
STUCK_CAUSE = (" Units fall silent by chance (D's in one Two Gaussians run in five), more at a rate too high: "
               f"lower the rates or change the seed (All settings), then {key_of(Action.RESET)} resets.")
# Each ends naming the keys that step on from it, as the iteration's and a pause's words do (a D step's words
# said what changed and stopped: the student read the toolbar for what came next); short, as lecture mode's text
# box holds the longest of the SITUATIONS and the graph gives it that room
STEPPED_HINTS = {  # by the trainer's step that made the iteration shown (LabFrame.stepped); `stepped_words` fills them
    "d_step": ("Step D: one discriminator update. D scored a batch of real and fake samples, and its optimizer moved "
               "D's weights to lower its loss: {d_changed} over the background{arrows_with_d}; the fakes "
               f"stayed put (G held fixed). Next: {key_of(Action.STEP_G)} moves the fakes; {N} steps both."),
    "g_step": ("Step G: one generator update. D, held fixed, scored fresh fakes, and the gradients of G's loss moved "
               "G's weights: the fakes moved{fakes_moved}, each {fakes_way}, and the manifold "
               f"with them; the background stayed. Next: {key_of(Action.STEP_D)} updates on the moved fakes; {N} "
               "steps both."),
    "iteration": ("Step: one iteration ({updates}): {d_changed}, then the fakes {fakes_went}{arrows_hidden}. "
                  + D_OR_G + " steps one network alone; " + PHASE + " walks through one phase at a time."),
}
# What the step's words say of the arrows, by whether any showed past its fake's dot (StepChange.arrows_seen: None,
# none drawn, says them as the canvas would draw them): at a fresh run's first iteration no arrow cleared its dot,
# and "the arrows with it", "the way its arrow pointed" pointed at nothing a student saw. No longer than the words
# for arrows that show: the room under the graph (SITUATIONS) holds as many lines as before
ARROW_WORDS = {
    True: {"arrows_with_d": ", and the arrows with it", "fakes_way": "roughly the way its arrow pointed",
           "arrows_hidden": ""},
    False: {"arrows_with_d": "; no arrow shows yet", "fakes_way": "up D's slope (no arrow seen yet)",
            "arrows_hidden": "; no arrow shows yet"},
}
D_OUTPUT_WORDS = {"probability": "D's output", "critic": "the critic's score"}
D_CHANGE_SAID_FROM = 1e-4  # a smaller change of D's output is said as "less than" this
# The longest numbers a step's words may say (a tiny or a critic's large change, a diverging G's jump): their room
_LONGEST_CHANGES = tuple(StepChange(fakes_px, d_output, seen) for fakes_px in (0.0, 999_999.0)
                         for d_output in (0.0, 5e-5, 1.5e-4, 1.5e5) for seen in ARROW_WORDS)


def stepped_words(step: str, updates: str, change: StepChange | None, kind: str) -> str:
    """What the manual `step` changed, with how much where the lab measured it (`change`, step_glide.py): at the
    pre-trained model's 8,000th iteration a G step moves the fakes a pixel or two and a D step changes D's output by
    thousandths, so "the background colours shifted" was not what a student saw; and whether the arrows show."""
    arrows = ARROW_WORDS[change is None or change.arrows_seen is not False]
    return STEPPED_HINTS[step].format(updates=updates, **_measured_words(change, kind), **arrows)


def _measured_words(change: StepChange | None, kind: str) -> dict[str, str]:
    """A step's or an update phase's measured change in words: {d_changed} ("D's output changed by at most
    0.0064"), {fakes_moved} (" (at most 5 px at this zoom)"), {fakes_went} ("moved (at most 5 px at this zoom)",
    "stayed put"), each as much as the lab measured (None: nothing)."""
    d_changed = f"{D_OUTPUT_WORDS[kind]} changed"
    if change is not None and change.d_output == 0.0:  # D not trained (d_steps 0): "changed by less than 0.0001"
        d_changed = f"{D_OUTPUT_WORDS[kind]} did not change"  # said a change where every cell read the same
    elif change is not None and change.d_output is not None:
        d_changed += (f" by less than {D_CHANGE_SAID_FROM:g}" if change.d_output < D_CHANGE_SAID_FROM
                      else f" by at most {change.d_output:.2g}")
    fakes_moved = ""
    if change is not None:
        fakes_moved = (" (less than a pixel at this zoom)" if change.fakes_px < 0.5
                       else f" (at most {change.fakes_px:,.0f} px at this zoom)")
    # {fakes_went}: G not trained (g_steps 0), an iteration's fakes stood where they were (0 px measured), where the
    # words said they "moved (less than a pixel at this zoom)"
    fakes_went = "stayed put" if change is not None and change.fakes_px == 0.0 else f"moved{fakes_moved}"
    return {"d_changed": d_changed, "fakes_moved": fakes_moved, "fakes_went": fakes_went}


# An update phase's words where the lab measured what it changed (the walk's snapshots before and after it, as a
# manual step's, step_glide.py): "the background colours ... shift" and "the fakes drift toward the green regions"
# stood over a canvas that did not visibly change at a fresh run's first iterations. No longer than the phases' own
# words at their longest: the room under the graph holds them all (explanation_room)
MEASURED_UPDATES = {
    "D": "The optimizer moved D's weights{times}: {d_changed} over the background.",
    "G": "The optimizer moved G's weights{times}: the fakes moved{fakes_moved} up D's slope.",
}


def phase_explanation(phase: Phase, change: StepChange | None, kind: str) -> str:
    """What the phase does (Phase.explanation); an update phase's with what it changed on the canvas, where the lab
    measured it (`change`, LabFrame.step_change; `kind`: the snapshot's d_kind)."""
    if phase.name != PHASES[-1] or change is None:
        return phase.explanation
    times = UPDATES_TIMES.format(updates=phase.updates) if phase.updates > 1 else ""
    return MEASURED_UPDATES[phase.network].format(times=times, **_measured_words(change, kind))


def _u32(rgb: RGB, alpha: float = 1.0) -> int:
    return imgui.get_color_u32(imgui.ImVec4(*rgb, alpha))


class OverviewPanel:
    def __init__(self) -> None:
        self.animation = MorphAnimation()
        self._generator_hovered = False
        self._sheet: tuple[object, imgui.ImTextureRef] | None = None  # (the thumbnails' sheet texture, its ref)
        self.thumbnail_px = 0  # the model pictures' size on screen, framebuffer pixels, as last drawn
        self.graph = arrangement()  # as last drawn: its captions as large as the panels' text where the width allows
        self.cramped = False  # the desk column, titled, would draw the graph smaller than its width allows (lab.py
        # hides the title)
        self.caption_type = 1.0  # the graph's captions' type as last drawn, a share of the text's (flow.larger_type)

    def morph(self, now: float) -> float:
        """The noise -> manifold morph to draw this frame (1 when no animation plays)."""
        return self.animation.value(now)

    def draw(self, state: AppState, frame: LabFrame, thumbnails: Thumbnails, renderer, now: float,
             explain: bool = True, under: float = 0.0, lent: float = 0.0, untitled: float = 0.0,
             yields: float = 0.0) -> None:
        """`renderer`: the ImGui renderer (`register_texture`, `unregister_texture`); `explain`: the phase's
        explanation under the graph (lecture mode shows it in its own box); `under`: px the column keeps in view
        under the explanation (the settings' header); `lent`: px of the column's height lent to what stands under
        it (the timeline bar's growth), which the graph may have back; `untitled`: px of the column's title bar,
        hidden (`cramped` is measured with it, so it holds from frame to frame); `yields`: px of `lent` the graph
        gives back where, drawn with them, it would leave less than that empty under its explanation (the edits
        waiting for a restart at the column's foot: at 1920x1080, UI scale 2, the column scrolled, the settings'
        header out of view). Both measured at this frame's room, so the choice holds from frame to frame."""
        avail = imgui.get_content_region_avail()
        if avail.x < MIN_WIDTH_PX:
            return
        phase = frame.phase
        lit = highlight(phase.network, phase.name) if phase is not None else None
        # The captions follow the panels' text where the graph's width holds them; alone in its panel (lecture mode)
        # the whole graph fits its height too, and on the desk with its explanation and what stands under it.
        steps, box = 1, 0.0
        if explain:
            self.cramped = self._desk_fill(avail.x, avail.y + lent - untitled, under)[0] < math.inf
            fill, steps, box, left = self._desk_fill(avail.x, avail.y + lent, under)
            if left < yields:
                fill, steps, box, left = self._desk_fill(avail.x, avail.y + lent - yields, under)
            else:
                left -= yields  # what the explanation's larger type may take: the yielded px stay empty
        else:
            fill = LECTURE_FILL * avail.y
        self.graph = design = arrangement(label_for(avail.x, imgui.get_font_size(), fill))
        scale = min(avail.x / design.size[0], fill / design.size[1])
        width = design.size[0] * scale
        self.thumbnail_px = picture_px(scale * imgui.get_io().display_framebuffer_scale.x)
        origin = imgui.get_cursor_screen_pos()  # bound by the height (text under it took some): centred
        origin = imgui.ImVec2(origin.x + (avail.x - width) / 2, origin.y)
        graph = _Graph(imgui.get_window_draw_list(), origin, scale, design)
        losses = {name: frame.loss(network) for name, network in LOSS_NETWORK.items()}
        loss_scale = _recent_loss_scale(frame, list(losses.values()))
        graph.push_label_font()
        for edge in design.edges.values():
            graph.edge(edge, lit)
        for node in design.nodes.values():
            opacity = node_opacity(node.name, lit)
            if node.thumbnail is not None:
                graph.picture(node, self._sheet_ref(thumbnails, renderer), thumbnails.sheet.uv(node.thumbnail),
                              opacity, lit,
                              shown=None if node.toggles is None else bool(state.view.get(f"{node.toggles}.visible")),
                              dimmed=state.drawing)
            elif node.kind == "loss":
                value = losses[node.name]
                graph.loss(node, LOSS_NETWORK[node.name], value, loss_bar_fraction(value, loss_scale), opacity, lit)
            else:
                graph.caption(node, opacity, lit, inside=True)
        _controls(state, graph)
        imgui.pop_font()
        self._interact(state, graph, now, frame.loss_name)
        imgui.set_cursor_screen_pos(origin)
        imgui.dummy(imgui.ImVec2(width, design.size[1] * scale))
        self.caption_type = caption = max(design.label * scale, MIN_LABEL_PX) / imgui.get_font_size()
        if explain:
            train = state.shown_config().train
            arrows = arrows_drawn(state.view)
            # both wordings from one reading of the frame (a pause's example reads the arrows back: once a frame)
            (words, brief), dim = situation_texts(frame, state.playing, state.slow_motion, train, state.drawing, arrows)
            if box:  # a box per phase, each read from its start
                imgui.begin_child("##explanation" + (f"-{phase.network}{phase.name}" if phase else ""), (0.0, box), 0,
                                  imgui.WindowFlags_.no_background)
            width, font = round(imgui.get_content_region_avail().x), imgui.get_font_size()
            phase_type = 1.0 if box else explanation_type(
                width, font, steps, caption, explanation_room(width, font, SITUATIONS, steps) + SPARE_SHARE * left)
            idle_type = 1.0 if box else situation_type(width, font, steps, caption, phase_type)
            explanation = "" if phase is None else phase_explanation(phase, frame.step_change, frame.snapshot.d_kind)
            draw_explanation(phase, words, idle_disabled=dim, hold_room=not box,  # none is taller than a phase's
                             plan=(train.d_steps, train.g_steps), steps=steps, box=box, idle_brief=brief,  # five steps
                             idle_type=idle_type, phase_type=phase_type, explanation=explanation)
            if box:
                imgui.end_child()

    @staticmethod
    def _desk_fill(width: float, height: float, under: float) -> tuple[float, int, float, float]:
        """(the graph's height at most, how many networks' steps a phase shows (2, 1 or 0), the explanation's box
        or 0: none, the height left empty) in a desk column `width` x `height`: the graph as its width gives it,
        with the explanation's room and `under` (at 1920x1080, UI scale 2, the settings' header ended below the
        fold, the column scrolling); the other network's steps where they take at most OTHER_STEPS_SHARE_AT_MOST of
        the room to spare; short of room the update's steps go (the phase's step on one line, as lecture mode says
        it), then the graph shrinks, where down to DESK_GRAPH_AT_LEAST is enough; where it is not (1024x768 and
        1280x800, UI scale 2: the column scrolled, the explanation cut mid-line at its foot or out of view) the
        explanation scrolls in a box of the whole lines the rest holds, the graph giving it
        EXPLANATION_BOX_LINES_AT_LEAST lines where it has fewer (the column hides its title bar first, lab.py: with
        it, the graph gave a third of its height at 1280x800)."""
        font, spacing = imgui.get_font_size(), imgui.get_style().item_spacing.y
        design = arrangement(label_for(width, font))
        natural = width * design.size[1] / design.size[0]
        def spare(steps: int) -> float:
            return height - natural - spacing - explanation_room(round(width), font, SITUATIONS, steps) - under

        steps = 1 if spare(1) >= 0 else 0
        if steps and spare(1) - spare(2) <= OTHER_STEPS_SHARE_AT_MOST * spare(1):
            steps = 2
        room = height - spacing - explanation_room(round(width), font, SITUATIONS, steps) - under
        if room >= natural:
            return math.inf, steps, 0.0, room - natural
        if room >= DESK_GRAPH_AT_LEAST * natural:
            return room, steps, 0.0, 0.0
        line = imgui.get_text_line_height()  # a wrapped line's; whole lines, the graph taking the rest of a line
        lines = math.floor((height - DESK_GRAPH_AT_LEAST * natural - 2 * spacing - under) / line)  # the box, the
        box = max(lines, EXPLANATION_BOX_LINES_AT_LEAST) * line  # spacing under it
        return height - box - 2 * spacing - under, steps, box, 0.0

    def _interact(self, state: AppState, graph: _Graph, now: float, loss: str) -> None:
        """Hovering a node explains it (a loss node with `loss`'s stalemate), clicking a picture toggles its layer,
        entering the generator plays the morph."""
        generator_hovered = False
        for node in graph.design.nodes.values():
            p0, p1 = graph.corners(node.box)
            imgui.set_cursor_screen_pos(p0)
            clicked = imgui.invisible_button(f"##overview-{node.name}", imgui.ImVec2(p1.x - p0.x, p1.y - p0.y))
            if imgui.is_item_hovered():
                item_tooltip(loss_tip(node, loss) if node.kind == "loss" else node.tip, graph.box)
                generator_hovered |= node.name == "generator"
            if clicked and node.toggles is not None:
                state.request(Action.TOGGLE_VIEW, f"{node.toggles}.visible")
        if generator_hovered and not self._generator_hovered:
            self.animation.start(now)  # GAN Lab replays on every mouseenter
        self._generator_hovered = generator_hovered

    def _sheet_ref(self, thumbnails: Thumbnails, renderer) -> imgui.ImTextureRef:
        texture = thumbnails.sheet.texture
        if self._sheet is None or self._sheet[0] is not texture:  # new Thumbnails (resized): register its sheet
            if self._sheet is not None:
                renderer.unregister_texture(self._sheet[0])
            self._sheet = (texture, renderer.register_texture(texture))
        return self._sheet[1]


def _controls(state: AppState, graph: _Graph) -> None:
    """GAN Lab's controls on the graph, in the graph's type and scale; edits go through the one edit path."""
    shown = state.shown_config()
    pad_y = max((graph.design.row * graph.scale - imgui.get_font_size()) / 2, 0.0)
    imgui.push_style_var(imgui.StyleVar_.frame_padding, imgui.ImVec2(CONTROL_PAD * graph.scale, pad_y))
    wordings = fitting_wordings(graph.design.controls, shown, graph.scale)
    arrowed_to = _arrowed_to(graph.design.controls)
    for control in graph.design.controls:
        x, y, width, _ = control.field
        imgui.set_cursor_screen_pos(graph.point((x, y)))
        imgui.set_next_item_width(width * graph.scale)
        if control.key in ViewConfig.settings():  # a layer's toggle, its format its label
            edit_setting(state, state.view, ViewConfig.settings()[control.key], state.edit, _control_label(control),
                         tip_off=graph.box)
        else:
            wording, list_arrow = wordings.get(control.wordy, ("", True))
            edit_setting(state, shown, GanConfig.settings()[control.key], state.edit, _control_label(control),
                         control.format_for(shown.get(control.key), wording) or None, list_arrow=list_arrow,
                         tip_off=graph.box)
        if control.key == arrowed_to:  # the arrow key's move ends here, whatever ImGui's scoring found
            imgui.internal.nav_move_request_resolve_with_last_item(imgui.get_current_context().nav_move_result_local)
        if control.spinner:
            _step_arrows(state, shown, control, graph, wordings.get(control.wordy, ("", True))[0])
    imgui.pop_style_var()


_NAV_DIRECTIONS = {imgui.Dir.left: "left", imgui.Dir.right: "right", imgui.Dir.up: "up", imgui.Dir.down: "down"}
# ImGui's moves that are no arrow key's: Tab (in the order drawn), PgUp and PgDn, Home and End
_NOT_AN_ARROW = (imgui.internal.NavMoveFlags_.is_tabbing | imgui.internal.NavMoveFlags_.is_page_move
                 | imgui.internal.NavMoveFlags_.scroll_to_edge_y)


def _control_label(control: Control) -> str:
    """The graph's widget of `control`, as `_controls` names it (its ImGui id)."""
    toggle = control.key in ViewConfig.settings()  # a layer's toggle, its format its label
    return f"{control.format if toggle else ''}##graph-{control.key}"


def _arrowed_to(controls: tuple[Control, ...]) -> str | None:
    """The control an arrow key pressed this frame moves ImGui's keyboard cursor to from one of the graph's controls
    (control_beside, where F6 gave this panel the keyboard), or None: ImGui's own move by position (from elsewhere,
    past the graph's controls, Tab)."""
    context = imgui.get_current_context()
    direction = _NAV_DIRECTIONS.get(context.nav_move_dir)
    if (not context.nav_move_submitted or direction is None or context.nav_window is None
            or context.nav_move_flags & _NOT_AN_ARROW
            or context.nav_window.name != imgui.internal.get_current_window().name):
        return None
    here = next((control.key for control in controls if imgui.get_id(_control_label(control)) == context.nav_id), None)
    return None if here is None else control_beside(controls, here, direction)


def _step_arrows(state: AppState, shown: SettingsTree, control: Control, graph: _Graph, wording: str) -> None:
    """GAN Lab's up and down arrows left of a count (its add and remove buttons) or a learning rate (its list's next),
    one step each through the one edit path (step_setting); greyed where the count is moot, as its field is, and
    each where its step would pass the setting's limit or GAN Lab's list (its tooltip offered "-1 updates", its
    click an error); on hover, what the value becomes, or the limit."""
    setting = GanConfig.settings()[control.key]
    value = shown.get(control.key)
    moot = unused_because(shown, control.key) is not None
    draw_list = imgui.get_window_draw_list()
    words_of = ("Higher", "Lower") if setting.steps else ("One more", "One fewer")
    for box, by, words in zip(control.arrows, (1, -1), words_of):
        try:
            stepped = setting.stepped(value, by)
            beyond = "" if setting.low <= stepped <= setting.high else (
                f"none, {control.format_for(value, wording) % value} is the {'most' if by > 0 else 'fewest'}")
        except SettingError as error:  # past the end of GAN Lab's list of learning rates
            stepped, beyond = value, error.detail
        x, y, width, height = box
        imgui.set_cursor_screen_pos(graph.point((x, y)))
        imgui.begin_disabled(moot or bool(beyond))
        if imgui.invisible_button(f"##{words}-{control.key}", imgui.ImVec2(width * graph.scale, height * graph.scale)):
            step_setting(state, shown, setting, state.edit, by)
        hovered = imgui.is_item_hovered()
        # coloured as a combo's arrow button, a thin gap between the two: they read as buttons, the field as a value
        background = (imgui.Col_.button_active if imgui.is_item_active() else
                      imgui.Col_.button_hovered if hovered else imgui.Col_.button)
        top_left, bottom_right = imgui.get_item_rect_min(), imgui.get_item_rect_max()
        draw_list.add_rect_filled(imgui.ImVec2(top_left.x, top_left.y + 0.5), imgui.ImVec2(bottom_right.x - 1.0,
                                  bottom_right.y - 0.5), imgui.get_color_u32(background))
        centre_x, middle_y = (top_left.x + bottom_right.x) / 2, (top_left.y + bottom_right.y) / 2
        half = min(bottom_right.x - top_left.x, bottom_right.y - top_left.y) * 0.35
        tip, base = middle_y - by * half * 0.6, middle_y + by * half * 0.6  # the arrow points the way it steps
        draw_list.add_triangle_filled(imgui.ImVec2(centre_x, tip), imgui.ImVec2(centre_x - half, base),
                                      imgui.ImVec2(centre_x + half, base), imgui.get_color_u32(imgui.Col_.text))
        imgui.end_disabled()
        if not moot and imgui.is_item_hovered(imgui.HoveredFlags_.allow_when_disabled):
            becomes = control.format_for(stepped, wording) % stepped + ("" if setting.live else " (restarts the run)")
            item_tooltip(f"{words}: {beyond or becomes}", graph.box)


def fitting_wordings(controls: tuple[Control, ...], shown: SettingsTree,
                     scale: float) -> dict[str, tuple[str, bool]]:
    """Per kind of fuller words (Control.wordy), (the wording its controls read in, whether a listed number's list
    arrow stands beside it): the first of their wordings (Control.wordings, longest first) in which every control of
    the kind reads its value within its box (drawn at `scale` px a design unit), with its padding (and a choice's
    arrow button, and a listed number's arrow where that fits too: the learning rates' at GAN Lab's proportions keep
    their words, the list still a click away), in the current font; kinds with none that fits are left out. All of a
    kind in one wording, so D's "learning rate 0.1" never stands over G's "lr 0.03", nor G's "2 hidden layers"
    beside D's "3 hidden"."""
    padding = 2 * imgui.get_style().frame_padding.x

    def fits(control: Control, wording: str, list_arrow: bool) -> bool:
        setting, value = GanConfig.settings()[control.key], shown.get(control.key)
        if setting.choices:  # a combo: its choice's title, beside its arrow
            text, button = choice_reading(setting, value, control.format_for(value, wording)), imgui.get_frame_height()
        else:  # a listed number (a learning rate) beside its list's arrow
            text = control.format_for(value, wording) % value
            button = imgui.get_frame_height() if setting.steps is not None and list_arrow else 0.0
        return imgui.calc_text_size(text).x + padding + button <= math.floor(control.field[2] * scale)  # ImGui
        # truncates an item's width: "Optimizer: SGD" fitted its box by 0.05 px, and the combo cut it by 0.07

    fitting = {}
    for kind, wordings in {control.wordy: control.wordings for control in controls if control.wordy}.items():
        kin = [control for control in controls if control.wordy == kind]
        fitting[kind] = next(((wording, arrow) for wording in wordings for arrow in (True, False)
                              if all(fits(control, wording, arrow) for control in kin)), None)
    return {kind: chosen for kind, chosen in fitting.items() if chosen is not None}


def _recent_loss_scale(frame: LabFrame, shown: list[float]) -> float:
    """The largest |loss| of the recent history and of the losses shown: a full loss bar."""
    recent = np.stack([frame.losses["d_loss"][-LOSS_BAR_WINDOW:], frame.losses["g_loss"][-LOSS_BAR_WINDOW:]])
    values = np.abs(np.concatenate([recent[np.isfinite(recent)], [v for v in shown if math.isfinite(v)]]))
    return float(values.max(initial=0.0))


def _updates(d_steps: int, g_steps: int) -> str:
    """"2 discriminator updates, then 1 generator update": an iteration's updates; a network with none is said
    not_trained ("2 discriminator updates, G not trained"), no longer than the most updates' words (SITUATIONS)."""
    if not d_steps and not g_steps:
        return f"no updates: {not_trained('D')}, {not_trained('G')}"
    if not g_steps:
        return f"{counted(d_steps, 'discriminator update')}, {not_trained('G')}"
    if not d_steps:
        return f"{counted(g_steps, 'generator update')}, {not_trained('D')}"
    return f"{counted(d_steps, 'discriminator update')}, then {counted(g_steps, 'generator update')}"


def example_fake(gradient: torch.Tensor | None) -> str:
    """PAUSED_HINT's example: the way the fake with the longest `gradient` (F, 2; None: no arrows drawn) points."""
    if gradient is None or gradient.numel() == 0:
        return NO_EXAMPLE_FAKE
    gradient = gradient.detach().float()
    lengths = torch.where(torch.isfinite(gradient).all(dim=1), torch.linalg.vector_norm(gradient, dim=1), 0.0)
    longest = int(torch.argmax(lengths))
    if not bool(lengths[longest] > 0):
        return NO_EXAMPLE_FAKE
    return EXAMPLE_FAKE.format(way=compass(gradient[longest].tolist()))


def situation_words(frame: LabFrame, playing: bool, slow_motion: bool, train, drawing: bool,
                    arrows: bool = True, brief: bool = False) -> tuple[str, bool]:
    """What the text under the graph says outside a phase's walk, and whether dimmed (a hint, not an explanation):
    while `drawing`, that play and the steps wait and what ends the drawing; what a NaN pause leaves to do, why the
    fakes stand still or stay one point where a network went silent, what the
    manual step that made the shown iteration changed, what to watch while playing, how to look closer when paused
    or go back from a rewound iteration, and before any training how to start (in slow motion, "S turns on slow
    motion" would turn it off). `train`: the training settings the graph shows; `arrows`: the canvas draws the
    fakes' arrows (a pause names one's way). `brief`: in BRIEF_SITUATIONS' words, for a box too short for the
    whole."""
    words, dim = situation_texts(frame, playing, slow_motion, train, drawing, arrows)
    return words[brief], dim


def situation_texts(frame: LabFrame, playing: bool, slow_motion: bool, train, drawing: bool,
                    arrows: bool) -> tuple[tuple[str, str], bool]:
    """situation_words' ((whole words, brief words), dimmed)."""
    updates = _updates(train.d_steps, train.g_steps)
    iteration = frame.iteration
    if drawing:
        waiting = DRAWING_WAITS[iteration > 0].format(iteration=iteration)
        return (DRAWING_HINT.format(waiting=waiting), BRIEF_SITUATIONS["drawing"]), True
    if frame.diverged:
        return (DIVERGED_HINT.format(iteration=iteration),
                BRIEF_SITUATIONS["diverged"].format(iteration=iteration)), False
    # a stall the lab has watched last (a fresh D silent at every fake, Line's at seed 5, wakes at its first
    # iteration); rewound: first how to come back
    if frame.stalled is not None and not frame.timeline.rewound:
        stuck = frame.stalled
        return (STUCK_HINTS[stuck].format(iteration=iteration) + STUCK_CAUSE,
                BRIEF_SITUATIONS[stuck].format(iteration=iteration)), False
    if frame.stepped is not None:
        return (stepped_words(frame.stepped, updates, frame.step_change, frame.snapshot.d_kind),
                _brief_step(frame.stepped, train.d_steps, train.g_steps)), False
    if playing:
        fade = FADES[frame.snapshot.d_kind]
        return (PLAYING_HINT.format(updates=updates, fade=fade, s_does=S_DOES[slow_motion]),
                BRIEF_SITUATIONS["playing"]), True
    if frame.timeline.rewound:
        return (REWOUND_HINT.format(iteration=iteration),
                BRIEF_SITUATIONS["rewound"].format(iteration=iteration)), True
    if frame.pretrained_as_shipped:
        return (PRETRAINED_HINT.format(iteration=iteration),
                BRIEF_SITUATIONS["pretrained"].format(iteration=iteration)), True
    if iteration > 0:
        example = example_fake(frame.snapshot.fake_gradient if arrows else None)
        return (PAUSED_HINT.format(iteration=iteration, resumes=PAUSED_RESUMES[slow_motion], example=example),
                BRIEF_SITUATIONS["paused"].format(iteration=iteration, resumes=BRIEF_RESUMES[slow_motion])), True
    return (f"{SPACE_DOES['fresh']}; {HOW_TO_FOLLOW[slow_motion]}", BRIEF_SITUATIONS["fresh"][slow_motion]), True


# The words under the graph outside a phase in a box too short for the whole (1280x800 and 1024x768 at UI scale 2:
# two lines, the graph at its least), by situation, each in two lines there: the whole on hovering the box. Whole,
# they scrolled in it (a pause's cut at "hover a fake dot to", a fresh run's at "S turns on slow motion and Period
# (.) steps one").
BRIEF_SITUATIONS = {
    "fresh": {False: f"{SPACE_DOES['fresh']}; {S} turns on slow motion.", True: f"{SPACE_DOES['fresh']} slowly."},
    "paused": "Paused at {iteration:,}. {resumes}; " + f"{N} steps one.",
    "playing": f"Training: the fakes follow their arrows. {PAUSE} holds it.",
    "rewound": "Rewound to {iteration:,}. " + f"{SPACE_DOES['rewound']}.",
    "pretrained": "Pre-trained to {iteration:,}. " + f"{SPACE_DOES['pretrained']}.",
    "diverged": "Stopped at {iteration:,}: weights are NaN. " + f"{key_of(Action.REVERT)} reverts.",
    "d_flat": "Stuck at {iteration:,}: D fell silent at the fakes.",
    "g_point": "Collapsed at {iteration:,}: G puts every fake at one point.",
    "drawing": f"Drawing: {key_of(Action.FINISH_DRAWING)} trains on it, {key_of(Action.ESCAPE)} leaves it.",
    "d_step": "Step D: D's weights moved; the fakes stayed put.",
    "g_step": "Step G: G's weights moved, and the fakes with them.",
    # by which networks the settings train (d_steps, g_steps above 0): "then G's" said G moved where it is not trained
    "iteration": {(True, True): "Step: one iteration, D's updates, then G's.",
                  (True, False): "Step: one iteration, D's updates; G not trained.",
                  (False, True): "Step: one iteration, G's updates; D not trained.",
                  (False, False): "Step: one iteration; neither network trained."},
}
BRIEF_RESUMES = {False: f"{PLAY} resumes", True: f"{PLAY} resumes slowly"}  # by slow motion


def _brief_step(step: str, d_steps: int, g_steps: int) -> str:
    """BRIEF_SITUATIONS' words for the manual `step` that made the iteration shown, with the iteration's updates."""
    words = BRIEF_SITUATIONS[step]
    return words[d_steps > 0, g_steps > 0] if isinstance(words, dict) else words
# The texts under the graph outside a phase at their longest (the largest counts: each network's most updates an
# iteration may make, as the settings allow; a network with none, not_trained, reads shorter), whose room the graph's
# column holds
_MOST_UPDATES = _updates(*(int(GanConfig.settings()[key].high) for key in ("train.d_steps", "train.g_steps")))
SITUATIONS = (*(PLAYING_HINT.format(updates=_MOST_UPDATES, fade=fade, s_does=does)
                for fade in FADES.values() for does in S_DOES.values()),
              *(PAUSED_HINT.format(iteration=10**9, resumes=resumes, example=example)
                for resumes in PAUSED_RESUMES.values()
                for example in (NO_EXAMPLE_FAKE, *(EXAMPLE_FAKE.format(way=way) for way in COMPASS))),
              PRETRAINED_HINT.format(iteration=10**9),
              REWOUND_HINT.format(iteration=10**9),
              DIVERGED_HINT.format(iteration=10**9),
              *(hint.format(iteration=10**9) + STUCK_CAUSE for hint in STUCK_HINTS.values()),
              DRAWING_HINT.format(waiting=DRAWING_WAITS[True].format(iteration=10**9)),
              *(stepped_words(step, _MOST_UPDATES, change, kind) for step in STEPPED_HINTS
                for change in _LONGEST_CHANGES for kind in D_OUTPUT_WORDS),
              *(f"{SPACE_DOES['fresh']}; {follow}" for follow in HOW_TO_FOLLOW.values()))


def heading_rgb(network: str) -> RGB:
    """`network`'s explanation heading colour: GAN Lab's banner colour, as readable as text on the current style's
    panels (theme.readable_on: its D blue read 3.6:1 on the desk's grey, 3.7:1 on lecture mode's white)."""
    background = imgui.get_style_color_vec4(imgui.Col_.window_bg)
    return readable_on(BANNER_RGB[network], (background.x, background.y, background.z))


def draw_explanation(phase: Phase | None, idle: str, idle_disabled: bool = False, hold_room: bool = True,
                     steps: int = 1, plan: tuple[int, int] | None = None, box: float = 0.0,
                     idle_brief: str = "", idle_type: float = 1.0, phase_type: float = 1.0,
                     explanation: str = "") -> None:
    """The phase in words (`_explanation_lines`, with the iteration's `plan`: D's and G's updates, and `steps`:
    how many networks' numbered steps: 2, 1 or 0, _explanation_lines); before any
    phase, `idle`. With `hold_room`, in the height of the tallest of them and of the SITUATIONS at this width: what
    stands under it holds still as the phases and situations go by (the settings under the graph moved by a line
    from phase to phase, under the pointer). In a `box` px tall (a cramped column's), a phase in the words that fit
    it (_boxed_lines), the whole explanation its tooltip where they are brief; `idle` as `idle_brief` where it does
    not fit the box, its tooltip the whole. `idle_type`: `idle`'s type, a share of the text's (situation_type);
    above 1, in the text's colour, dimmed or not: there it is what the column says under the graph. `phase_type`: the
    phase's, likewise (explanation_type). `explanation`: the phase's words (phase_explanation; "":
    Phase.explanation)."""
    top, width = imgui.get_cursor_pos_y(), round(imgui.get_content_region_avail().x)
    room = explanation_room(width, imgui.get_font_size(), SITUATIONS, steps, phase_type)
    if phase is not None:
        explanation = explanation or phase.explanation
        imgui.push_font(None, imgui.get_style().font_size_base * phase_type)  # times the UI's scales, as all text
        colours = {"banner": imgui.ImVec4(*heading_rgb(phase.network), 1.0),
                   "dim": imgui.get_style_color_vec4(imgui.Col_.text_disabled),
                   "other": imgui.ImVec4(*heading_rgb(_other(phase.network)), OTHER_STEPS_ALPHA)}
        spacing = imgui.get_style().item_spacing.y
        lines, brief = (_boxed_lines(phase, width, box, explanation) if box and not steps else
                        (_explanation_lines(phase, steps, spacing, plan, width, explanation), False))
        if brief:
            _tip_whole([highlight(phase.network, phase.name).step(phase.updates), explanation], width)
        for text, tone, spacing in lines:
            imgui.push_style_var(imgui.StyleVar_.item_spacing, (imgui.get_style().item_spacing.x, spacing))
            if tone in colours:
                imgui.push_style_color(imgui.Col_.text, colours[tone])
            imgui.text_wrapped(text)
            if tone in colours:
                imgui.pop_style_color()
            imgui.pop_style_var()
        imgui.pop_font()
    else:
        if box and idle_brief and imgui.calc_text_size(idle, False, width).y > box:
            _tip_whole([idle], width)
            idle = idle_brief
        imgui.push_text_wrap_pos(0.0)  # wrap at the panel's edge
        imgui.push_font(None, imgui.get_style().font_size_base * idle_type)  # times the UI's scales, as all text
        (imgui.text_disabled if idle_disabled and idle_type == 1.0 else imgui.text)(idle)
        imgui.pop_font()
        imgui.pop_text_wrap_pos()
    if hold_room:
        short = top + room - imgui.get_cursor_pos_y()
        if short > 0:  # to the pixel, no spacing after it: words a spacing short of the room (a step's four lines
            # to a phase's title and three) left no room for a dummy and what stood under them a spacing higher
            imgui.push_style_var(imgui.StyleVar_.item_spacing, (imgui.get_style().item_spacing.x, 0.0))
            imgui.dummy((1.0, short))
            imgui.pop_style_var()


def _tip_whole(texts: list[str], width: float) -> None:
    """`texts`, the whole of what a box says in brief, as its tooltip while the pointer is over it, in lines as wide
    as the box (by characters, a phase's step and explanation on one line ran past a 1280 px window's edge at UI
    scale 2)."""
    if imgui.is_window_hovered():
        imgui.set_tooltip("\n".join(line for text in texts for line in flow.wrapped(text, width)))


def _title_in_iteration(phase: Phase, plan: tuple[int, int] | None, width: float) -> str:
    """"Iteration 8,004: 2 discriminator updates, then 1 generator update": the iteration walked, the updates'
    title and what follows it in the iteration (D's) or comes before it (G's), which GAN Lab shows as D's row of
    steps over its graph and G's under it; without the iteration (the toolbar's counter says it too), then the title
    alone, where longer than a line of `width` px (the room under the graph, measured with the titles alone, holds
    still). `plan`: D's and G's updates per iteration; None: the title alone."""
    title = highlight(phase.network, phase.name).title(phase.updates)
    if plan is None:
        return title
    d_steps, g_steps = plan
    if phase.network == "D":
        placed = f"{title}, then {counted(g_steps, 'generator update')}" if g_steps else f"{title}, {not_trained('G')}"
    else:
        placed = f"{title}, after {counted(d_steps, 'discriminator update')}" if d_steps else \
            f"{title}, {not_trained('D')}"
    named = f"Iteration {phase.iteration:,}: {placed[0].lower()}{placed[1:]}"
    return next((words for words in (named, placed) if imgui.calc_text_size(words).x <= width), title)


def _other(network: str) -> str:
    return "G" if network == "D" else "D"


# A phase's explanation in a box too short for it (1280x800 at UI scale 2: two lines, the graph at its least), a line
# each: the whole one is its tooltip. In the box, GAN Lab's step in the network's letter and the explanation went
# out of view, under the step's second line.
BRIEF_EXPLANATIONS = {
    ("D", "fakes"): "G makes fakes; reals are drawn too.",
    ("D", "predictions"): "D scores each: how likely real.",
    ("D", "loss"): "Low if reals score high, fakes low.",
    ("D", "gradients"): "How D's weights should change.",
    ("D", "update"): "D's weights move, and its output.",
    ("G", "fakes"): "G turns fresh noise into fakes.",
    ("G", "predictions"): "D, held fixed, scores the fakes.",
    ("G", "loss"): "Low when D takes fakes for real.",
    ("G", "gradients"): "Arrows: where each fake is pushed.",
    ("G", "update"): "G's weights move, and the fakes.",
}


def _boxed_lines(phase: Phase, width: float, room: float, explanation: str = ""
                 ) -> tuple[list[tuple[str, str, float]], bool]:
    """A phase's step and `explanation` (_explanation_lines, no numbered steps) in a box `room` px tall, whole lines,
    and `width` wide: in GAN Lab's words where they fit, else the step in the network's letter, else the explanation
    in brief too (BRIEF_EXPLANATIONS); with whether they are shortened. No spacing between them: a box of two lines
    holds two lines."""
    lit, explanation = highlight(phase.network, phase.name), explanation or phase.explanation
    forms = [(lit.step(phase.updates), explanation), (lit.step(phase.updates, brief=True), explanation),
             (lit.step(phase.updates, brief=True), BRIEF_EXPLANATIONS[(phase.network, phase.name)])]
    for step, words in forms:
        lines = [(step, "banner", 0.0), (words, "text", 0.0)]
        if _lines_height(lines, width) <= room:
            break
    return lines, words != explanation or step != forms[0][0]


def _lines_height(lines: list[tuple[str, str, float]], width: float) -> float:
    """The height of `lines` (text, tone, spacing under it) wrapped `width` px wide, spacing included."""
    return sum(imgui.calc_text_size(text, False, width).y + under for text, _, under in lines)


def _explanation_lines(phase: Phase, steps: int, spacing: float, plan: tuple[int, int] | None = None,
                       width: float = 0.0, explanation: str = "") -> list[tuple[str, str, float]]:
    """(text, tone, spacing under it) of a phase, tone "banner" (GAN Lab's tooltip colour for the network), "dim",
    "other" (the other network's colour, faded) or "text": with `steps` (1) the update's title and GAN Lab's five
    numbered steps, the current one lit, as one tight list (the graph's column keeps its height at 960x640, where a
    scroll bar would narrow the graph), and (2) the other network's update and steps too, faded, D's over G's as
    GAN Lab's banners stand over and under its graph; without (0), the step on one line (lecture type leaves the
    loss chart no room for six); then the `explanation` ("": Phase.explanation)."""
    lit, explanation = highlight(phase.network, phase.name), explanation or phase.explanation
    if not steps:
        return [(lit.step(phase.updates), "banner", spacing), (explanation, "text", spacing)]
    listed = [(text, "banner" if current else "dim", STEP_LINE_SPACING) for text, current in lit.steps()]
    listed[-1] = (*listed[-1][:2], spacing)
    update = [(_title_in_iteration(phase, plan, width), "banner", STEP_LINE_SPACING)] + listed
    if steps > 1:
        other = highlight(_other(phase.network), PHASES[0])
        other_updates = 1 if plan is None else dict(zip("DG", plan))[other.network]
        others = [(other.title(other_updates), "other", STEP_LINE_SPACING)] + [
            (text, "other", STEP_LINE_SPACING) for text, _ in other.steps()]
        others[-1] = (*others[-1][:2], spacing)
        update = update + others if phase.network == "D" else others + update
    return update + [(explanation, "text", spacing)]


# A network's most updates an iteration, its update phase's words at their longest ("10 discriminator updates")
_MOST_NETWORK_UPDATES = max(int(GanConfig.settings()[key].high) for key in ("train.d_steps", "train.g_steps"))


@functools.lru_cache(maxsize=64)
def explanation_room(width: int, font_size: float, idles: tuple[str, ...], steps: int,
                     phase_type: float = 1.0) -> float:
    """The height, spacing included, of the tallest explanation (or of the `idles`, the texts shown outside a
    phase) wrapped `width` wide in the current font, of `font_size` (a key: measured once per width and size), with
    `steps` networks' numbered steps (2, 1 or 0, _explanation_lines), the explanations in `phase_type` (a share of
    the text's type, explanation_type)."""
    spacing = imgui.get_style().item_spacing.y
    idles_px = max((_lines_height([(idle, "text", spacing)], width) for idle in idles), default=0.0)
    imgui.push_font(None, imgui.get_style().font_size_base * phase_type)
    phases = [Phase(network, name, updates=_MOST_NETWORK_UPDATES) for network, name in EXPLANATIONS]
    # the other network's faded title at its longest: at the most updates, or at none ("G not trained (0 updates)");
    # the lit one's, measured with no width, is its title alone, the longest it takes
    plans = ((_MOST_NETWORK_UPDATES, _MOST_NETWORK_UPDATES), (0, 0))
    phases_px = max(_lines_height(_explanation_lines(p, steps, spacing, plan, explanation=words), width)
                    for p in phases for plan in plans for words in _wordings(p))
    imgui.pop_font()
    return max(idles_px, phases_px)


def _wordings(phase: Phase) -> tuple[str, ...]:
    """Every explanation `phase` may show (phase_explanation), the measured ones at their longest numbers."""
    return (phase.explanation, *(phase_explanation(phase, change, kind) for change in _LONGEST_CHANGES
                                 for kind in D_OUTPUT_WORDS))


# The share of the room the column leaves under the graph and its explanation (lent to the timeline bar) that a
# phase's larger type may take (explanation_type): all of it left the bar 29 px of its 117 at 1920x1080, UI scale 1,
# and the words outside a phase over 200 px of empty room they keep for it
SPARE_SHARE = 0.5


def explanation_type(width: int, font_size: float, steps: int, caption: float, room: float) -> float:
    """The type of a phase's explanation (its numbered steps and GAN Lab's sentence) in a column `width` px wide,
    in the current font, of `font_size` (a key, as explanation_room's), with `steps` networks' numbered steps, where
    the graph leaves it `room` px: the largest, no larger than the graph's `caption` type, in which the tallest
    explanation fits that room (flow.larger_type), so the type holds still from phase to phase. At 1920x1080, UI
    scale 1, a phase's steps were 15 px lines, the smallest text on screen, under captions of 20, while the timeline
    bar under them took all the room the column had to spare (now SPARE_SHARE of it is theirs)."""
    return flow.larger_type(lambda share: explanation_room(width, font_size, (), steps, share), room, caption)


@functools.lru_cache(maxsize=16)
def situation_type(width: int, font_size: float, steps: int, caption: float, phase_type: float = 1.0) -> float:
    """The type of the words under the graph outside a phase (SITUATIONS) in a column `width` px wide, in the
    current font, of `font_size` (a key, as explanation_room's), whose room under the graph holds the tallest
    explanation with `steps` in `phase_type` (explanation_room, explanation_type): the largest, no larger than the
    graph's `caption` type, in which the longest of them fits that room (flow.larger_type)."""
    spacing = imgui.get_style().item_spacing.y

    def tallest_in(share: float) -> float:
        imgui.push_font(None, imgui.get_style().font_size_base * share)
        tallest = max(_lines_height([(idle, "text", spacing)], width) for idle in SITUATIONS)
        imgui.pop_font()
        return tallest

    return flow.larger_type(tallest_in, explanation_room(width, font_size, SITUATIONS, steps, phase_type), caption)


class _Graph:
    """Design units to screen pixels, and the primitives of the graph."""

    def __init__(self, draw_list: imgui.ImDrawList, origin: imgui.ImVec2, scale: float, design: Arrangement):
        self.draw_list = draw_list
        self.origin = origin
        self.scale = scale
        self.design = design
        text, background = (imgui.get_style_color_vec4(colour) for colour in (imgui.Col_.text, imgui.Col_.window_bg))
        self.text_rgb: RGB = (text.x, text.y, text.z)
        # a lit node's name in GAN Lab's flow colour, as readable as text (its light blue read 2.6:1 on lecture
        # mode's white)
        self.lit_label_rgb = {network: readable_on(rgb, (background.x, background.y, background.z))
                              for network, rgb in FLOW_RGB.items()}

    def point(self, p: tuple[float, float]) -> imgui.ImVec2:
        return imgui.ImVec2(self.origin.x + p[0] * self.scale, self.origin.y + p[1] * self.scale)

    @property
    def box(self) -> tuple[float, float, float, float]:
        """The whole graph's (x, y, width, height) in window pixels."""
        return (self.origin.x, self.origin.y, self.design.size[0] * self.scale, self.design.size[1] * self.scale)

    def corners(self, box: tuple[float, float, float, float]) -> tuple[imgui.ImVec2, imgui.ImVec2]:
        x, y, w, h = box
        return self.point((x, y)), self.point((x + w, y + h))

    def push_label_font(self) -> None:
        # push_font takes the size before ImGui's global scales (UI scale, DPI), which the
        # panel width, and so self.scale, already contains.
        global_scale = imgui.get_font_size() / imgui.get_style().font_size_base
        imgui.push_font(None, max(self.design.label * self.scale, MIN_LABEL_PX) / global_scale)

    def edge(self, edge: Edge, lit: Highlight | None) -> None:
        flowing = lit is not None and edge.name in lit.edges
        rgb = FLOW_RGB[lit.network] if flowing else EDGE_RGB
        alpha = 0.4 if lit is not None and not flowing else 1.0
        thickness = (2.5 if flowing else 1.2) * max(self.scale, 0.75)
        points = [self.point(p) for p in edge.points]
        colour = _u32(rgb, alpha)
        self.draw_list.add_polyline(points, colour, thickness, 0)
        self._arrowhead(points[-2], points[-1], colour, thickness)

    def _arrowhead(self, start: imgui.ImVec2, tip: imgui.ImVec2, colour: int, thickness: float) -> None:
        dx, dy = tip.x - start.x, tip.y - start.y
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        size = 2.0 * thickness + 2.0
        base = (tip.x - ux * size, tip.y - uy * size)
        left = imgui.ImVec2(base[0] - uy * size * 0.6, base[1] + ux * size * 0.6)
        right = imgui.ImVec2(base[0] + uy * size * 0.6, base[1] - ux * size * 0.6)
        self.draw_list.add_triangle_filled(tip, left, right, colour)

    def picture(self, node: Node, texture: imgui.ImTextureRef, uv: tuple, opacity: float, lit: Highlight | None,
                shown: bool | None, dimmed: bool = False) -> None:
        """`dimmed`: drawn over by the drawing being made (DRAWING_DIM), as GAN Lab's page is."""
        p0, p1 = self.corners(node.box)
        faded = 0.35 if shown is False else 1.0  # its layer is hidden on the canvas
        faded *= DRAWING_DIM if dimmed else 1.0
        self.draw_list.add_image(texture, p0, p1, *uv, col=_u32((1.0, 1.0, 1.0), opacity * faded))
        rgb, alpha, thickness = self._border(node, lit)
        self.draw_list.add_rect(p0, p1, _u32(rgb, alpha * opacity), rounding=2.0, thickness=thickness)
        if shown is not None:  # the layer toggle: a filled dot when the layer is on the canvas
            centre = imgui.ImVec2(p1.x - 4.0, p0.y + 4.0)
            dot = _u32(self.text_rgb, opacity)
            if shown:
                self.draw_list.add_circle_filled(centre, 2.5, dot)
            else:
                self.draw_list.add_circle(centre, 2.5, dot)
        self.caption(node, opacity, lit)

    def _border(self, node: Node, lit: Highlight | None) -> tuple[RGB, float, float]:
        """(colour, alpha, thickness): GAN Lab's borders, full colour when the phase uses the node."""
        network = MODEL_NETWORK.get(node.name)
        active = lit is not None and node.name in lit.nodes
        if network is None:
            return (FLOW_RGB[lit.network], 1.0, 2.0) if active else (PICTURE_BORDER_RGB, 1.0, 1.0)
        if lit is not None and lit.held == node.name:
            return HELD_RGB, 1.0, 3.0
        return FLOW_RGB[network], 1.0 if active else MODEL_BORDER_ALPHA, 3.0

    def caption(self, node: Node, opacity: float, lit: Highlight | None, inside: bool = False) -> None:
        x, y, w, h = node.box
        size = imgui.calc_text_size(node.label)
        centre_x = self.point((x + w / 2, 0)).x
        if inside:
            top = self.point((0, y + h / 2)).y - size.y / 2
        elif node.label_above:
            top = self.point((0, y)).y - size.y - 1.0
        else:
            top = self.point((0, y + h)).y + 1.0
        self.draw_list.add_text(imgui.ImVec2(centre_x - size.x / 2, top), self._label_colour(node, opacity, lit),
                                node.label)

    def _label_colour(self, node: Node, opacity: float, lit: Highlight | None) -> int:
        active = lit is not None and node.name in lit.nodes
        return _u32(self.lit_label_rgb[lit.network] if active else self.text_rgb, opacity)

    def loss(self, node: Node, network: str, value: float, fraction: float, opacity: float,
             lit: Highlight | None) -> None:
        """GAN Lab's loss component: a bar, the name, the value; inset from the arrowheads."""
        x, y, w, _ = node.box
        left, bar = self.point((x + LOSS_INSET, y)), self.point((x + LOSS_INSET + (w - LOSS_INSET) * fraction, y + 4))
        self.draw_list.add_rect_filled(left, bar, _u32(FLOW_RGB[network], opacity))
        label_top = imgui.ImVec2(left.x, self.point((x, y + 5)).y)
        self.draw_list.add_text(label_top, self._label_colour(node, opacity, lit), node.label)
        shown = loss_reading(value)
        value_top = imgui.ImVec2(left.x, label_top.y + imgui.calc_text_size(node.label).y)
        self.draw_list.add_text(value_top, _u32(self.text_rgb, opacity), shown)
