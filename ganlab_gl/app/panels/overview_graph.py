"""The model overview graph as data: where each component sits, how arrows run, which
setting each control on the graph edits, what a phase lights up. No ImGui here, so all of
it is tested as plain values.

GAN Lab's model overview graph (demo/ganlab.html, #model-vis-div; Figure 1 of the paper):
noise -> generator -> fake samples; real samples; both -> discriminator -> predictions ->
losses, and the two backward paths from the losses through the gradients into the models'
weights. Its controls sit where GAN Lab puts them: hidden layers and neurons under each
model, optimizer and learning rate on each gradient path, updates per iteration at each
path's corner, the noise's type under the noise, the loss's under the losses, the real data's
contour toggle above the real samples. Coordinates are design units (y down) of an
`arrangement`; the panel scales them, text included, to its room. Small pictures are exactly
half the models' size so one texture size serves both (bilinear sampling at 1/2 averages 2 x 2
texels).

Highlighting follows ganlab.ts (iterateTraining in slow mode): during a D update the
whole D-update flow is lit, the generator is held fixed and dimmed, the D loss stays
lit; each phase lights the components it works on (highlightStep). Likewise for G.
"""

from __future__ import annotations

import functools
import math
import textwrap
from dataclasses import dataclass

from ganlab_gl.core.losses import LOSSES
from ganlab_gl.core.trainer import PHASES
from ganlab_gl.core.wording import counted

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # (x, y, width, height), design units

MODEL = 72.0  # generator and discriminator pictures
SMALL = MODEL / 2  # samples, predictions, noise, gradients
LABEL_SIZE = 11.0  # caption and control text height, design units, in GAN Lab's proportions (the least)
TIP_LINE_CHARS = 100  # a node's tooltip breaks its lines by here: ImGui never wraps one, and a longer line ran past a
# 1280 px window's edge
LABEL_AT_MOST = 24.0  # the largest captions an arrangement is laid out for: 30 px, UI scale 2's text, at 1920x1080
CONTROL_PAD = 2.0  # a control's padding around its text, each side
PATH_GAP = 5.0  # between a learning rate's box, as wide as the room allows (for its wordy form), and the loss's path
LEARNING_RATE = "learning rate %.3g"
# ...and where those do not fit: "lr 0.001" was the Adam presets' at 1920x1080, UI scale 2, and in lecture mode at
# 1280x800, where "learning rate 0.001" is two digits too long and "learning rate 0.1" fits
LEARNING_RATE_SHORTER = "rate %.3g"
OPTIMIZER = "Optimizer: %s"  # GAN Lab's words before its optimizer's menu
HIDDEN_LAYERS = ("%d hidden", "", "%d hidden layers", "%d hidden layer")  # a Control's formats: short, one, wordy ones
COLUMNS = {"noise": 0.0, "generator": 52.0, "samples": 148.0, "discriminator": 206.0, "predictions": 302.0,
           "losses": 356.0}
# Up to this label size the columns hold their places (GAN Lab's; larger, the generator's widest control, "100
# neurons", would reach the fake samples); over it each column moves right by its spread, in design units per
# design unit of label, as the text between them widens: the noise's type under the noise, the models' controls,
# the discriminator's caption, the D path's updates over its gradients (each gap the least with which every
# arrangement's words clear each other, tests/test_app_overview.py, and a quarter unit more).
COLUMNS_SPREAD_FROM = 15.5
COLUMN_SPREAD = {"noise": 0.0, "generator": 4.5, "samples": 10.5, "discriminator": 16.25, "predictions": 23.5,
                 "losses": 23.75}
PICTURE_TEXTS_AT_LEAST = 2.5  # a model's picture, in heights of the panels' text, that captions over
# COLUMNS_SPREAD_FROM leave it (label_for)
# The widest text of each, in ems of the label size (DejaVu Sans, hinted, 11 to 17 px: "Noise", "Gradients", "D loss",
# "Adam", "lr 0.000123", "10 updates", "100 neurons", "Gaussian", "non-saturating", "contour", "Predictions"; and
# GAN Lab's "Optimizer: Adam", which an optimizer's box holds where it has the room): a control or a caption's box is
# at least this wide.
TEXT_EMS = {"noise": 2.6, "gradients": 4.5, "loss": 2.8, "optimizer": 2.72, "lr": 5.4, "steps": 6.0, "model": 5.9,
            "noise_kind": 4.6, "loss_kind": 7.0, "contour": 3.9, "predictions": 5.1, "optimizer_wordy": 7.6}
# The models' controls hold a one-digit count in full words, "5 hidden layers" (HIDDEN_LAYERS_EMS), where the labels
# are at most HIDDEN_LAYERS_LABEL_AT_MOST (1280x800's graph); larger, D's, beside its arrows, would reach the fake
# samples and "5 hidden" it is. "2 layers" read as two linear layers, or as GAN Lab's "2 hidden layer(s)", which is
# our 3.
HIDDEN_LAYERS_EMS, HIDDEN_LAYERS_LABEL_AT_MOST = 7.0, 11.5
# GAN Lab's up/down arrows left of each count (its layers', neurons' and updates' add and remove buttons): a column
# this many ems of the label wide, one arrow over the other, each half the row; a plain box read as text, not as a
# setting, until hovered
SPINNER_EMS = 0.7


def tip_text(text: str) -> str:
    """`text` for a tooltip: each of its lines broken between words by TIP_LINE_CHARS (ImGui never wraps one)."""
    return "\n".join(textwrap.fill(line, TIP_LINE_CHARS) for line in text.split("\n"))


def stalemate_words(loss: str) -> str:
    """Where `loss`'s D and G losses sit at a tie (a stalemate), D unable to tell real from fake (GanLoss.balanced):
    what the loss nodes' tooltips and the loss chart's legend say, beside the chart's faint lines at those values.
    They said 2 ln 2 = 1.39 for D whatever the loss, where GAN Lab's log loss, its real term weighted by 0.95, shows
    0.68; why D's sits under G's there is said too (the chart's "D stalemate 0.68" under "G stalemate 0.69" asked
    it)."""
    d, g = LOSSES[loss].balanced
    alike = ("the critic scores real and fake alike" if LOSSES[loss].d_output == "critic"
             else "D cannot tell real from fake (D = 0.5 everywhere)")
    tie = f"At a tie (the game's stalemate, or equilibrium), where {alike},"  # the faint lines' "D at a tie 0.68"
    if LOSSES[loss].stalemate_shared:
        return f"{tie} D's and G's losses are both {d:.2f}."
    if d is not None and g is not None:
        weight = LOSSES[loss].real_weight
        weighted = f" (D's is the lower as GAN Lab weighs its loss on real samples by {weight})" if weight < 1 else ""
        return f"{tie} D's loss is {d:.2f} and G's {g:.2f}{weighted}."
    if d is not None:
        return f"{tie} D's loss is {d:.2f}; G's, minus the critic's score, has no one value there."
    return ("No one value marks a tie (the game's stalemate): G's loss is minus the critic's score, any value, and "
            "D's adds a gradient penalty that depends on the critic's slope.")


def loss_reading(value: float) -> str:
    """A value as the graph's loss nodes and the charts' read-out show it: GAN Lab's three decimals, fewer as it
    grows, and a power of ten from 1,000 (a diverging G loss read "33820.785" and ran past the column's edge); "-"
    before any."""
    if math.isnan(value):
        return "-"
    if abs(value) >= 1000:
        return f"{value:.1e}"
    return f"{value:.{3 if abs(value) < 10 else 2 if abs(value) < 100 else 1}f}"


def loss_tip(node: Node, loss: str) -> str:
    """A loss node's tooltip: what it is, and where it sits in a stalemate with `loss` (stalemate_words)."""
    return tip_text(f"{node.tip} {stalemate_words(loss)}")


@dataclass(frozen=True)
class Node:
    name: str
    box: Box
    kind: str  # "model" | "picture" | "loss" | "label"
    label: str
    tip: str
    thumbnail: str | None = None  # the Thumbnails stage drawn inside
    label_above: bool = False  # where no arrow runs through the caption
    toggles: str | None = None  # the main canvas's layer (layer table name) that a click shows or hides
    controls_below: float = 0.0  # design height of the controls under the box (and its caption)
    caption: float = LABEL_SIZE  # the caption's height

    @property
    def centre(self) -> Point:
        x, y, w, h = self.box
        return (x + w / 2, y + h / 2)

    @property
    def footprint(self) -> Box:
        """The box with its caption band and controls, what must not overlap another node."""
        x, y, w, h = self.box
        if self.kind in ("loss", "label"):
            return self.box  # text sits inside
        if self.label_above:
            return (x, y - self.caption, w, h + self.caption + self.controls_below)
        return (x, y, w, h + self.caption + self.controls_below)


@dataclass(frozen=True)
class Control:
    """A setting edited on the graph, as GAN Lab's graph does."""
    key: str  # the training setting, or a view setting (a layer's toggle)
    box: Box  # design units; its height is the arrangement's row
    format: str  # how the value reads ("%d neurons"); "" for a choice; a toggle's label
    format_one: str = ""  # how a count of one reads, where not as `format` does ("%d neuron")
    # GAN Lab's fuller words ("Learning rate: 0.1"), shown where the value in them fits the box: "lr" left a student
    # one more abbreviation to guess
    wordy: str = ""
    wordy_one: str = ""  # a count of one in the fuller words ("%d hidden layer")
    spinner: float = 0.0  # the up/down arrows' width at the box's left (a count's, a rate's; 0: none), its field right
    wordy_shorter: str = ""  # fuller words still, shorter, where `wordy`'s do not fit ("rate %.3g")

    @property
    def field(self) -> Box:
        """Where the value's own field sits: the box right of its arrows."""
        x, y, w, h = self.box
        return (x + self.spinner, y, w - self.spinner, h)

    @property
    def arrows(self) -> tuple[Box, Box]:
        """The up arrow's box (one more) over the down arrow's (one fewer)."""
        x, y, _, h = self.box
        return (x, y, self.spinner, h / 2), (x, y + h / 2, self.spinner, h / 2)

    @property
    def wordings(self) -> tuple[str, ...]:
        """Its fuller words, longest first: GAN Lab's, then the shorter ones."""
        return tuple(words for words in (self.wordy, self.wordy_shorter) if words)

    def format_for(self, value: object, wording: str = "") -> str:
        """How `value` reads: "1 update", "2 updates"; in `wording`, where that is one of its `wordings` (a count of
        one in GAN Lab's as `wordy_one`)."""
        if wording and wording == self.wordy and value == 1 and self.wordy_one:
            return self.wordy_one
        if wording in self.wordings:
            return wording
        return self.format_one if value == 1 and self.format_one else self.format


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    points: tuple[Point, ...]  # a polyline; the arrowhead is at the last point
    flows: frozenset[str]  # the networks ("D", "G") whose update runs along it

    @property
    def name(self) -> str:
        return f"{self.source}->{self.target}"


def _edge(source: str, target: str, flows: str, *points: Point) -> Edge:
    return Edge(source, target, points, frozenset(flows))


@dataclass(frozen=True)
class Arrangement:
    """The graph laid out for captions and controls `label` design units tall: GAN Lab's proportions at
    LABEL_SIZE; larger text widens the controls and the boxes it sits in and moves the rows and paths apart, so
    in a narrow panel the captions can be as large as the panels' text while the pictures keep their places; over
    COLUMNS_SPREAD_FROM it moves the columns apart too (COLUMN_SPREAD)."""
    label: float
    size: tuple[float, float]  # (width, height), design units
    row: float  # a control's height: its text and padding
    nodes: dict[str, Node]
    controls: tuple[Control, ...]
    edges: dict[str, Edge]


@functools.lru_cache(maxsize=32)
def arrangement(label: float = LABEL_SIZE) -> Arrangement:
    """The graph with captions `label` design units tall (LABEL_SIZE to LABEL_AT_MOST)."""
    if not LABEL_SIZE <= label <= LABEL_AT_MOST:
        raise ValueError(f"overview: label size {label} outside {LABEL_SIZE}..{LABEL_AT_MOST} design units")
    spread = max(0.0, label - COLUMNS_SPREAD_FROM)
    columns = {name: x + COLUMN_SPREAD[name] * spread for name, x in COLUMNS.items()}
    row = label + 2 * CONTROL_PAD
    model_controls = 2 * row + 2.0  # hidden layers and neurons under a model
    lr_w = max(64.0, TEXT_EMS["lr"] * label + 2 * CONTROL_PAD)
    spinner = SPINNER_EMS * label
    steps_w = max(80.0, TEXT_EMS["steps"] * label + 2 * CONTROL_PAD + spinner)
    model_control_w = max(MODEL, max(HIDDEN_LAYERS_EMS * min(label, HIDDEN_LAYERS_LABEL_AT_MOST),
                                     TEXT_EMS["model"] * label) + 2 * CONTROL_PAD) + spinner
    loss_w = max(48.0, TEXT_EMS["loss"] * label + 5.0)
    loss_h = max(30.0, 2 * label + 8.0)  # its bar, its name and its value
    gradients_w, gradients_h = max(56.0, TEXT_EMS["gradients"] * label + 4.0), label + 3.0
    noise_kind_w = max(84.0, TEXT_EMS["noise_kind"] * label + 2 * CONTROL_PAD + row)  # a combo: its text, its arrow
    loss_kind_w = max(96.0, TEXT_EMS["loss_kind"] * label + 2 * CONTROL_PAD + row)

    # Down the graph: the D path's updates control, the path, its optimizer and rate, the models with the real and
    # fake rows through them, the models' controls, then the G path with its controls above and below it.
    d_path_y = 9.0 + row + 6.0
    d_loop_y = d_path_y + max(10.0, gradients_h / 2 + 3.0)
    real_y = d_loop_y + row + label + 2.0  # the real predictions' caption clears the D path's rate
    rows_apart = max(48.0, SMALL + label + 1.0)  # the fake picture's caption clears the real picture
    fake_y = real_y + rows_apart
    real_row, fake_row = real_y + SMALL / 2, fake_y + SMALL / 2  # the rows' arrows run through their middles
    model_y = max(d_loop_y + row + 13.0, fake_row + 3.0 - MODEL)  # under the D path; both rows through its sides
    d_bottom = model_y + MODEL + label + model_controls  # the discriminator's caption and controls
    g_path_y = d_bottom + 10.0 + row
    gradient_y = g_path_y - SMALL / 2
    height = max(g_path_y + 4.0 + row, gradient_y + SMALL + label) + 3.0

    # Across: the columns as GAN Lab has them, apart by their spread for larger words; the losses move right where
    # the D path's rate needs the room, and the G path enters the generator right of the noise type under the noise.
    g_middle, d_middle = columns["generator"] + MODEL / 2, columns["discriminator"] + MODEL / 2
    d_lr_x = d_middle + 4.0  # the D path's optimizer left of its arrow into D, its rate right of it
    backward_x = max(columns["losses"] + loss_w / 2, d_lr_x + lr_w + 10.0)
    # G's controls start right of the noise's dimensions, reaching right toward the samples' column as they widen (the
    # hidden layers, beside the fake samples, start left of there where they would reach them),
    # and D's end where D does, reaching left toward it (centred, the hidden layers' full words pushed the noise's
    # controls down and left the loss type no room under the G loss)
    g_controls_left, d_controls_right = columns["generator"] - 2.0, columns["discriminator"] + MODEL
    # GAN Lab's caption of the predictions' column ("Prediction of Samples") under it, and its pictures' "Real" and
    # "Fake" over them: "D(real)" and "D(fake)" were notation a first-time student may not read (their tooltips keep
    # it). Under the G loss where it would reach that.
    predictions_w, predictions_middle = TEXT_EMS["predictions"] * label + 2.0, columns["predictions"] + SMALL / 2
    predictions_y = fake_y + SMALL + 1.0
    if predictions_middle + predictions_w / 2 > columns["losses"] - 2.0:
        predictions_y = fake_y + 6.0 + loss_h + 1.0
    # The loss type under the G loss (and the predictions' caption), right of D's controls, where it fits (GAN Lab's
    # proportions), else a row of its own under the G path's updates: widening the graph for it would shrink every
    # caption.
    if backward_x - 4.0 - loss_kind_w >= d_controls_right + 2.0:
        loss_kind_y = max(fake_y + 6.0 + loss_h + 5.0, predictions_y + label + 1.0)
    else:
        loss_kind_y = g_path_y + 4.0 + row + 2.0
        height = max(height, loss_kind_y + row + 3.0)
    x = dict(columns, losses=backward_x - loss_w / 2, noise=max(0.0, (TEXT_EMS["noise"] * label - SMALL) / 2))
    g_entry_x = max(g_middle, x["noise"] + noise_kind_w + 4.0)
    width = x["losses"] + loss_w + 6.0

    def node(name: str, column: str, y: float, kind: str, label_text: str, tip: str, **options) -> Node:
        size = {"model": (MODEL, MODEL), "picture": (SMALL, SMALL), "loss": (loss_w, loss_h)}[kind]
        return Node(name, (x[column], y, *size), kind, label_text, tip, caption=label, **options)

    nodes = {n.name: n for n in (
        node("noise", "noise", fake_y, "picture", "Noise", "Random noise fed to the generator, drawn in noise space.",
             thumbnail="noise"),
        node("generator", "generator", model_y, "model", "Generator",
             "G maps noise to samples: the sheet is the noise grid as G warps it.\n"
             "Hover: watch the noise grid move to where G sends it. Click: show/hide the manifold.",
             thumbnail="generator", label_above=True, toggles="manifold", controls_below=model_controls),
        node("real_samples", "samples", real_y, "picture", "Real", "Samples of the real data. Click: show/hide them.",
             thumbnail="real_samples", label_above=True, toggles="real"),
        node("fake_samples", "samples", fake_y, "picture", "Fake", "The generator's samples. Click: show/hide them.",
             thumbnail="fake_samples", label_above=True, toggles="fake"),
        node("discriminator", "discriminator", model_y, "model", "Discriminator",
             "D scores each point: green where it says real, purple where it says fake.\n"
             "Click: show/hide its heatmap.", thumbnail="discriminator", toggles="heatmap",
             controls_below=model_controls),
        node("real_predictions", "predictions", real_y, "picture", "Real",
             tip_text("Real: D's prediction on each real sample, D(real), coloured by its score: green where D takes "
                      "it for real (right), purple where for fake."), thumbnail="real_predictions", label_above=True),
        node("fake_predictions", "predictions", fake_y, "picture", "Fake",
             tip_text("Fake: D's prediction on each of the generator's samples, D(fake), coloured by its score: "
                      "purple where D spots it as fake (right), green where G fools it."),
             thumbnail="fake_predictions", label_above=True),
        Node("predictions", (predictions_middle - predictions_w / 2, predictions_y, predictions_w, label), "label",
             "Predictions",
             tip_text("Prediction of samples, in GAN Lab's words: D's score for each sample, how real D takes it to "
                      "be (with the log loss, the probability that it is real: 1 real, 0 fake), coloured as the "
                      "canvas's background: green where D says real, purple where it says fake. Real: its scores of "
                      "the real samples, D(real); Fake: of the generator's fakes, D(fake)."), caption=label),
        node("d_loss", "losses", real_y + 6.0, "loss", "D loss",
             "The discriminator's loss, lowered by D's updates: the mean of its losses on the real and on the fake\n"
             "samples, as GAN Lab shows it."),
        node("g_loss", "losses", fake_y + 6.0, "loss", "G loss",
             "The generator's loss, lowered by G's updates: low when D takes its fakes for real."),
        Node("d_gradients", (d_middle - gradients_w / 2, d_path_y - gradients_h / 2, gradients_w, gradients_h),
             "label", "Gradients", "Gradients of D's loss with respect to D's weights.", caption=label),
        node("g_gradients", "samples", gradient_y, "picture", "Gradients",
             "Where G's loss pushes each fake sample. Click: show/hide the arrows.",
             thumbnail="generator_gradients", toggles="gradients"),
    )}

    def under(model: str, index: int, left: float = -math.inf, right: float = math.inf) -> Box:
        """A model's `index`th control, centred under the model and its caption, between `left` and `right`."""
        mx, my, mw, mh = nodes[model].box
        caption = 0.0 if nodes[model].label_above else label
        start = min(max(mx + (mw - model_control_w) / 2, left), right - model_control_w)
        return (start, my + mh + caption + 2.0 + index * row, model_control_w, row)

    steps_x = backward_x - 4.0 + spinner - steps_w  # its field's right end by the path's corner (the row above or
    # under the corner, clear of the path, holds the arrows' width more)
    # Each optimizer where its network's gradients enter the network, in a box that holds GAN Lab's "Optimizer: Adam"
    # where the room under the G path, left of the gradients picture's caption, allows (both as wide): G's under its
    # path, so that its learning rate has the whole row over the path for its wordy form; D's left of the arrow into
    # D, its learning rate right of it
    g_optimizer_right = x["samples"] + SMALL / 2 - TEXT_EMS["gradients"] * label / 2 - 4.0
    optimizer_w = max(52.0, TEXT_EMS["optimizer"] * label + 4 * CONTROL_PAD + label,  # and the combo's arrow button
                      min(TEXT_EMS["optimizer_wordy"] * label + 4 * CONTROL_PAD + label,
                          g_optimizer_right - x["noise"]))
    g_lr_x = x["samples"] + SMALL + 4.0
    d_optimizer_x = d_middle - 4.0 - optimizer_w
    contour_w = max(64.0, TEXT_EMS["contour"] * label + row + 0.4 * label)  # the box, its inner spacing, its label
    contour_right = min(x["samples"] + SMALL / 2 + contour_w / 2, nodes["d_gradients"].box[0] - 4.0)
    noise_x, noise_y = x["noise"], fake_y + SMALL + label + 2.0  # under the noise's caption
    g_layers_x, g_layers_y, _, _ = under("generator", 0, left=g_controls_left, right=x["samples"] - 2.0)
    controls = (  # each shows its setting's help on hover
        # GAN Lab's true-distribution contour toggle, over the real samples, in the D path's updates' row (a click
        # on the real samples shows or hides them)
        Control("contour.visible", (contour_right - contour_w, d_path_y - row - 6.0, contour_w, row), "contour"),
        # GAN Lab's noise type ("2D Gaussian") under the noise: its dimensions, then its kind
        Control("noise.dim", (noise_x, noise_y, min(x["generator"] - 4.0, g_layers_x - 2.0) - noise_x, row), "%dD"),
        Control("noise.kind", (noise_x, noise_y + row, noise_kind_w, row), ""),
        # G's two rows in line: where the hidden layers start left of centre, clear of the fake samples, so do the
        # neurons under them (lecture mode's one row stood out of line with the other)
        Control("generator.hidden_layers", (g_layers_x, g_layers_y, model_control_w, row), *HIDDEN_LAYERS,
                spinner=spinner),
        Control("generator.neurons", (g_layers_x, g_layers_y + row, model_control_w, row), "%d neurons",
                "%d neuron", spinner=spinner),
        Control("discriminator.hidden_layers", under("discriminator", 0, right=d_controls_right), *HIDDEN_LAYERS,
                spinner=spinner),
        Control("discriminator.neurons", under("discriminator", 1, right=d_controls_right), "%d neurons", "%d neuron",
                spinner=spinner),
        Control("train.d_optimizer", (d_optimizer_x, d_loop_y, optimizer_w, row), "", wordy=OPTIMIZER),
        Control("train.d_lr", (d_lr_x, d_loop_y, backward_x - PATH_GAP - d_lr_x, row), "lr %.3g",
                wordy=LEARNING_RATE, spinner=spinner, wordy_shorter=LEARNING_RATE_SHORTER),
        Control("train.d_steps", (steps_x, d_path_y - row - 6.0, steps_w, row), "%d updates", "%d update",
                spinner=spinner),
        Control("train.g_optimizer", (g_optimizer_right - optimizer_w, g_path_y + 4.0, optimizer_w, row), "",
                wordy=OPTIMIZER),
        Control("train.g_lr", (g_lr_x, g_path_y - row - 3.0, backward_x - PATH_GAP - g_lr_x, row), "lr %.3g",
                wordy=LEARNING_RATE, spinner=spinner, wordy_shorter=LEARNING_RATE_SHORTER),
        Control("train.g_steps", (steps_x, g_path_y + 4.0, steps_w, row), "%d updates", "%d update", spinner=spinner),
        # GAN Lab's loss type sits between its losses; ours are too close for "non-saturating", so under them, left
        # of the G path (loss_kind_y); in GAN Lab's words, "log loss", where they fit ("log" alone, by the metrics'
        # "log scale", read as a scale)
        Control("train.loss", (backward_x - 4.0 - loss_kind_w, loss_kind_y, loss_kind_w, row), "", wordy="%s loss"),
    )

    g_bottom = model_y + MODEL + model_controls  # the generator's footprint ends under its controls
    gradients_right = nodes["d_gradients"].box[0] + gradients_w
    edges = {e.name: e for e in (
        _edge("noise", "generator", "DG", (x["noise"] + SMALL, fake_row), (x["generator"], fake_row)),
        _edge("generator", "fake_samples", "DG", (x["generator"] + MODEL, fake_row), (x["samples"], fake_row)),
        _edge("real_samples", "discriminator", "D", (x["samples"] + SMALL, real_row), (x["discriminator"], real_row)),
        _edge("fake_samples", "discriminator", "DG", (x["samples"] + SMALL, fake_row), (x["discriminator"], fake_row)),
        _edge("discriminator", "real_predictions", "D", (x["discriminator"] + MODEL, real_row),
              (x["predictions"], real_row)),
        _edge("discriminator", "fake_predictions", "DG", (x["discriminator"] + MODEL, fake_row),
              (x["predictions"], fake_row)),
        _edge("real_predictions", "d_loss", "D", (x["predictions"] + SMALL, real_row), (x["losses"], real_row)),
        _edge("fake_predictions", "d_loss", "D", (x["predictions"] + SMALL, fake_row - 10),
              (x["losses"] - 8, fake_row - 10), (x["losses"] - 8, real_row + 10), (x["losses"], real_row + 10)),
        _edge("fake_predictions", "g_loss", "G", (x["predictions"] + SMALL, fake_row + 6), (x["losses"], fake_row + 6)),
        _edge("d_loss", "d_gradients", "D", (backward_x, real_y + 6.0), (backward_x, d_path_y),
              (gradients_right, d_path_y)),
        _edge("d_gradients", "discriminator", "D", (d_middle, d_path_y + gradients_h / 2), (d_middle, model_y)),
        _edge("g_loss", "g_gradients", "G", (backward_x, fake_y + 6.0 + loss_h), (backward_x, g_path_y),
              (x["samples"] + SMALL, g_path_y)),
        _edge("g_gradients", "generator", "G", (x["samples"], g_path_y), (g_entry_x, g_path_y),
              (g_entry_x, g_bottom)),
    )}
    return Arrangement(label, (width, height), row, nodes, controls, edges)


def label_for(width_px: float, text_px: float, height_px: float = math.inf) -> float:
    """The label size (design units, in half units: a few arrangements serve every size) at which a graph drawn in
    `width_px` by `height_px` shows its captions largest but no larger than `text_px`, the panels' text (a graph
    whose GAN Lab proportions give larger captions keeps them). Labels over COLUMNS_SPREAD_FROM, which move the
    columns apart, only where the height still bounds the graph (they take width it left unused) and its models'
    pictures stay PICTURE_TEXTS_AT_LEAST text heights: at 1920x1080, UI scale 2, 25 px captions became 30 and the
    pictures 118 px to 91; at 1280x800 the captions would have gained 3 px for a quarter of the pictures (76 px to
    58)."""
    labels = [LABEL_SIZE + step / 2 for step in range(int(2 * (LABEL_AT_MOST - LABEL_SIZE)) + 1)]

    def scales(label: float) -> tuple[float, float]:
        width, height = arrangement(label).size
        return width_px / width, height_px / height

    def caption_px(label: float) -> float:
        return label * min(scales(label))

    def roomy(label: float) -> bool:
        by_width, by_height = scales(label)
        return label <= COLUMNS_SPREAD_FROM or (by_height <= by_width
                                               and MODEL * by_height >= PICTURE_TEXTS_AT_LEAST * text_px)

    fitting = [label for label in labels if roomy(label) and caption_px(label) <= text_px]
    return max(fitting, key=caption_px, default=LABEL_SIZE)


def control_beside(controls: tuple[Control, ...], key: str, direction: str) -> str | None:
    """The control an arrow key (`direction`: left, right, up, down) moves the keyboard's cursor to from `key`'s:
    left and right walk the controls in reading order (top to bottom, each row left to right), up and down go to
    the nearest one above or below that overlaps it across (in its column); None past the ends. GAN Lab's controls
    sit in staggered rows, where ImGui's own choice by position found nothing right of G's hidden layers and went
    down from them to D's."""
    here = next(control for control in controls if control.key == key)
    if direction in ("left", "right"):
        reading = sorted(controls, key=lambda control: (control.box[1], control.box[0]))
        at = reading.index(here) + (1 if direction == "right" else -1)
        return reading[at].key if 0 <= at < len(reading) else None
    x, y, width, _ = here.box
    below = direction == "down"
    column = [control for control in controls if control.box[0] < x + width and x < control.box[0] + control.box[2]
              and (control.box[1] > y if below else control.box[1] < y)]
    if not column:
        return None
    centre = x + width / 2
    return min(column, key=lambda control: (abs(control.box[1] - y),
                                            abs(control.box[0] + control.box[2] / 2 - centre))).key


GAN_LAB = arrangement()  # GAN Lab's proportions: what the layout sizes the graph's column by
DESIGN_SIZE = GAN_LAB.size
NODES, CONTROLS, EDGES = GAN_LAB.nodes, GAN_LAB.controls, GAN_LAB.edges  # the names and kinds every arrangement shares
ROW = GAN_LAB.row

# ganlab.ts highlightStep calls, one per phase; the D "fakes" phase also draws the real
# batch (our trainer does both there), so real samples light with it.
_PHASE_NODES: dict[tuple[str, str], frozenset[str]] = {
    ("D", "fakes"): frozenset({"noise", "generator", "fake_samples", "real_samples"}),
    ("D", "predictions"): frozenset({"real_samples", "fake_samples", "discriminator", "real_predictions",
                                     "fake_predictions", "predictions"}),
    ("D", "loss"): frozenset({"d_loss"}),
    ("D", "gradients"): frozenset({"d_gradients"}),
    ("D", "update"): frozenset({"discriminator"}),
    ("G", "fakes"): frozenset({"noise", "generator", "fake_samples"}),
    ("G", "predictions"): frozenset({"fake_samples", "discriminator", "fake_predictions", "predictions"}),
    ("G", "loss"): frozenset({"g_loss"}),
    ("G", "gradients"): frozenset({"g_gradients"}),
    ("G", "update"): frozenset({"generator"}),
}
NETWORK_NAMES = {"D": "Discriminator", "G": "Generator"}
# GAN Lab's numbered steps of each update, shown over (D) and under (G) its graph in slow motion (demo/ganlab.html,
# #tooltips): the whole sequence, so a student sees where the iteration is and what comes next
STEP_TITLES: dict[tuple[str, str], str] = {
    ("D", "fakes"): "Generator derives samples from noise",
    ("D", "predictions"): "Discriminator classifies samples",
    ("D", "loss"): "Computes discriminator loss",
    ("D", "gradients"): "Computes discriminator gradients",
    ("D", "update"): "Updates discriminator based on gradients",
    ("G", "fakes"): "Generator derives samples from noise",
    ("G", "predictions"): "Discriminator classifies fake samples only",
    ("G", "loss"): "Computes generator loss",
    ("G", "gradients"): "Computes generator gradients",
    ("G", "update"): "Updates generator based on gradients",
}


@dataclass(frozen=True)
class Highlight:
    network: str  # whose update runs: "D" or "G"
    phase: str
    nodes: frozenset[str]  # what this phase works on
    edges: frozenset[str]  # the network's whole update flow
    loss: str  # the loss node this update lowers; lit for the whole update
    held: str  # the model held fixed during this update, dimmed

    def title(self, updates: int = 1, brief: bool = False) -> str:
        """"Discriminator update", or "3 discriminator updates" (`updates`: the network's updates this iteration,
        walked as one); "D update", "3 D updates" `brief`; at 0 (the other network's faded steps, where the
        settings train one alone), "G not trained (0 updates)"."""
        if updates == 0:
            return f"{not_trained(self.network)} (0 updates)"
        name = self.network if brief else NETWORK_NAMES[self.network]
        return f"{name} update" if updates == 1 else counted(updates, f"{name if brief else name.lower()} update")

    def step(self, updates: int = 1, brief: bool = False) -> str:
        """"3 discriminator updates, phase 2/5: predictions" ("3 D updates, ..." `brief`)."""
        return f"{self.title(updates, brief)}, phase {PHASES.index(self.phase) + 1}/{len(PHASES)}: {self.phase}"

    def steps(self) -> list[tuple[str, bool]]:
        """GAN Lab's numbered steps of this update ("3  Computes discriminator loss"), each with whether it is
        the current one."""
        return [(f"{number}  {STEP_TITLES[(self.network, phase)]}", phase == self.phase)
                for number, phase in enumerate(PHASES, 1)]


def not_trained(network: str) -> str:
    """What a network set to 0 updates an iteration (train.d_steps or g_steps 0) reads as wherever its updates are
    counted: "G not trained" (it read "0 generator updates", a count, not a network left as it is)."""
    return f"{network} not trained"


def highlight(network: str, phase: str) -> Highlight:
    if (network, phase) not in _PHASE_NODES:
        raise ValueError(f"overview: no phase {phase!r} for network {network!r}")
    edges = frozenset(name for name, edge in EDGES.items() if network in edge.flows)
    loss, held = ("d_loss", "generator") if network == "D" else ("g_loss", "discriminator")
    return Highlight(network, phase, _PHASE_NODES[(network, phase)], edges, loss, held)


def picture_px(unit_px: float) -> int:
    """Side of a model picture, in pixels, when the graph is drawn `unit_px` pixels a design unit (an arrangement
    of larger captions is wider in design units than DESIGN_SIZE): the size to render thumbnails at (small pictures
    show them at half)."""
    return max(16, round(MODEL * unit_px))


def node_opacity(name: str, lit: Highlight | None) -> float:
    """GAN Lab's .any-highlighted opacities: lit components full, models 0.7, the rest
    (and the model held fixed) 0.4; everything full when no phase is shown."""
    if lit is None or name in lit.nodes or name == lit.loss:
        return 1.0
    if NODES[name].kind == "model" and name != lit.held:
        return 0.7
    return 0.4


def loss_bar_fraction(value: float, recent_abs_max: float) -> float:
    """Length of a loss bar in [0, 1]: |loss| against the largest |loss| of the recent
    history (both networks), so the D and G bars compare and any loss scale fits."""
    if not recent_abs_max > 0 or value != value:
        return 0.0
    return min(abs(value) / recent_abs_max, 1.0)
