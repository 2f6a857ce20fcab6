"""The model overview graph as data: where each component sits, how arrows run, which
setting each control on the graph edits, what a phase lights up. No ImGui here, so all of
it is tested as plain values.

GAN Lab's model overview graph (demo/ganlab.html, #model-vis-div; Figure 1 of the paper):
noise -> generator -> fake samples; real samples; both -> discriminator -> predictions ->
losses, and the two backward paths from the losses through the gradients into the models'
weights. Its controls sit where GAN Lab puts them: hidden layers and neurons under each
model, optimizer and learning rate on each gradient path, updates per iteration at each
path's corner, the noise's type under the noise, the loss's by the losses, the real data's
contour toggle above the real samples. Coordinates are design units (y down) at DESIGN_SIZE;
the panel scales them, text included, to its width. Small pictures are exactly half the
models' size so one texture size serves both (bilinear sampling at 1/2 averages 2 x 2 texels).

Highlighting follows ganlab.ts (iterateTraining in slow mode): during a D update the
whole D-update flow is lit, the generator is held fixed and dimmed, the D loss stays
lit; each phase lights the components it works on (highlightStep). Likewise for G.
"""

from __future__ import annotations

from dataclasses import dataclass

from ganlab_gl.core.trainer import PHASES

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # (x, y, width, height), design units

MODEL = 72.0  # generator and discriminator pictures
SMALL = MODEL / 2  # samples, predictions, noise, gradients
LOSS_SIZE = (48.0, 30.0)
LABEL_SIZE = 11.0  # caption and control text height, design units
ROW = 15.0  # a control's height: its text and padding
CONTROL_PAD = 2.0  # a control's padding around its text, each side
DESIGN_SIZE = (410.0, 240.0)

# Rows and columns of the layout.
MODEL_Y = 68.0  # tops of the models and the real row
REAL_Y, FAKE_Y = MODEL_Y, MODEL_Y + 48.0
D_PATH_Y = 30.0  # the discriminator's backward path, above the models
GRADIENT_Y = 190.0  # top of the generator's gradients picture, below the models
G_PATH_Y = GRADIENT_Y + SMALL / 2
COLUMNS = {"noise": 0.0, "generator": 52.0, "samples": 148.0, "discriminator": 206.0, "predictions": 302.0,
           "losses": 356.0}
MODEL_CONTROLS = 2 * ROW + 2.0  # hidden layers and neurons under a model


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
            return (x, y - LABEL_SIZE, w, h + LABEL_SIZE + self.controls_below)
        return (x, y, w, h + LABEL_SIZE + self.controls_below)


def _node(name: str, column: str, y: float, kind: str, label: str, tip: str, **options) -> Node:
    size = {"model": (MODEL, MODEL), "picture": (SMALL, SMALL), "loss": LOSS_SIZE}[kind]
    return Node(name, (COLUMNS[column], y, *size), kind, label, tip, **options)


NODES: dict[str, Node] = {n.name: n for n in (
    _node("noise", "noise", FAKE_Y, "picture", "Noise", "Random noise fed to the generator, drawn in noise space.",
          thumbnail="noise"),
    _node("generator", "generator", MODEL_Y, "model", "Generator",
          "G maps noise to samples: the sheet is the noise grid as G warps it.\n"
          "Hover: watch the noise grid move to where G sends it. Click: show/hide the manifold.",
          thumbnail="generator", label_above=True, toggles="manifold", controls_below=MODEL_CONTROLS),
    _node("real_samples", "samples", REAL_Y, "picture", "Real", "Samples of the real data. Click: show/hide them.",
          thumbnail="real_samples", label_above=True, toggles="real"),
    _node("fake_samples", "samples", FAKE_Y, "picture", "Fake", "The generator's samples. Click: show/hide them.",
          thumbnail="fake_samples", label_above=True, toggles="fake"),
    _node("discriminator", "discriminator", MODEL_Y, "model", "Discriminator",
          "D scores each point: green where it says real, purple where it says fake.\n"
          "Click: show/hide its heatmap.", thumbnail="discriminator", toggles="heatmap",
          controls_below=MODEL_CONTROLS),
    _node("real_predictions", "predictions", REAL_Y, "picture", "D(real)",
          "D's predictions on the real samples, coloured by its score.", thumbnail="real_predictions",
          label_above=True),
    _node("fake_predictions", "predictions", FAKE_Y, "picture", "D(fake)",
          "D's predictions on the fake samples, coloured by its score.", thumbnail="fake_predictions",
          label_above=True),
    _node("d_loss", "losses", REAL_Y + 6.0, "loss", "D loss",
          "The discriminator's loss, lowered by D's updates: the sum of its losses on the real and on the fake "
          "samples (GAN Lab shows half of it). With the log loss, where D cannot tell them apart it is about "
          "2 ln 2 = 1.39 while G's is about ln 2 = 0.69."),
    _node("g_loss", "losses", FAKE_Y + 6.0, "loss", "G loss", "The generator's loss, lowered by G's updates."),
    Node("d_gradients", (214.0, D_PATH_Y - 7.0, 56.0, 14.0), "label", "Gradients",
         "Gradients of D's loss with respect to D's weights."),
    _node("g_gradients", "samples", GRADIENT_Y, "picture", "Gradients",
          "Where G's loss pushes each fake sample. Click: show/hide the arrows.",
          thumbnail="generator_gradients", toggles="gradients"),
)}


@dataclass(frozen=True)
class Control:
    """A setting edited on the graph, as GAN Lab's graph does."""
    key: str  # the training setting, or a view setting (a layer's toggle)
    box: Box  # design units; its height is ROW
    format: str  # how the value reads ("%d layers"); "" for a choice; a toggle's label


def _under(model: str, row: int) -> Box:
    x, y, w, h = NODES[model].box
    caption = 0.0 if NODES[model].label_above else LABEL_SIZE
    return (x, y + h + caption + 2.0 + row * ROW, w, ROW)


def _under_noise(row: int, width: float) -> Box:
    """GAN Lab's noise type ("2D Gaussian") under the noise: its dimensions, then its kind, which reaches past the
    generator's column under the generator's controls (nothing stands there left of its backward path)."""
    x, y, w, h = NODES["noise"].footprint
    return (x, y + h + 2.0 + row * ROW, width, ROW)


_D_LOOP_X = 250.0  # inside the discriminator's backward path, under its label
CONTROLS: tuple[Control, ...] = (  # each shows its setting's help on hover
    # GAN Lab's true-distribution contour toggle, above the real samples (a click on them shows or hides them)
    Control("contour.visible", (COLUMNS["samples"] - 6.0, REAL_Y - LABEL_SIZE - ROW - 2.0, 64.0, ROW), "contour"),
    Control("noise.dim", _under_noise(0, COLUMNS["generator"] - 4.0), "%dD"),
    Control("noise.kind", _under_noise(1, 84.0), ""),
    Control("generator.hidden_layers", _under("generator", 0), "%d layers"),
    Control("generator.neurons", _under("generator", 1), "%d neurons"),
    Control("discriminator.hidden_layers", _under("discriminator", 0), "%d layers"),
    Control("discriminator.neurons", _under("discriminator", 1), "%d neurons"),
    Control("train.d_optimizer", (_D_LOOP_X, D_PATH_Y + 10.0, 52.0, ROW), ""),
    Control("train.d_lr", (_D_LOOP_X + 56.0, D_PATH_Y + 10.0, 64.0, ROW), "lr %.3g"),
    Control("train.d_steps", (296.0, D_PATH_Y - ROW - 6.0, 80.0, ROW), "%d update(s)"),
    Control("train.g_optimizer", (200.0, G_PATH_Y - ROW - 3.0, 52.0, ROW), ""),
    Control("train.g_lr", (256.0, G_PATH_Y - ROW - 3.0, 64.0, ROW), "lr %.3g"),
    Control("train.g_steps", (296.0, G_PATH_Y + 4.0, 80.0, ROW), "%d update(s)"),
    # GAN Lab's loss type sits between its losses; ours are too close for "nonsaturating", so under the G loss's
    # row, left of its backward path
    Control("train.loss", (282.0, FAKE_Y + 6.0 + LOSS_SIZE[1] + 5.0, 96.0, ROW), ""),
)


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


_REAL_ROW, _FAKE_ROW = REAL_Y + SMALL / 2, FAKE_Y + SMALL / 2  # the rows' arrows run through their middles
_X = COLUMNS
_BACKWARD_X = COLUMNS["losses"] + LOSS_SIZE[0] / 2  # the backward paths leave the losses' middles
_G_MIDDLE = COLUMNS["generator"] + MODEL / 2
_D_MIDDLE = COLUMNS["discriminator"] + MODEL / 2
_G_BOTTOM = MODEL_Y + MODEL + MODEL_CONTROLS  # the generator's footprint ends under its controls
EDGES: dict[str, Edge] = {e.name: e for e in (
    _edge("noise", "generator", "DG", (_X["noise"] + SMALL, _FAKE_ROW), (_X["generator"], _FAKE_ROW)),
    _edge("generator", "fake_samples", "DG", (_X["generator"] + MODEL, _FAKE_ROW), (_X["samples"], _FAKE_ROW)),
    _edge("real_samples", "discriminator", "D", (_X["samples"] + SMALL, _REAL_ROW), (_X["discriminator"], _REAL_ROW)),
    _edge("fake_samples", "discriminator", "DG", (_X["samples"] + SMALL, _FAKE_ROW), (_X["discriminator"], _FAKE_ROW)),
    _edge("discriminator", "real_predictions", "D", (_X["discriminator"] + MODEL, _REAL_ROW),
          (_X["predictions"], _REAL_ROW)),
    _edge("discriminator", "fake_predictions", "DG", (_X["discriminator"] + MODEL, _FAKE_ROW),
          (_X["predictions"], _FAKE_ROW)),
    _edge("real_predictions", "d_loss", "D", (_X["predictions"] + SMALL, _REAL_ROW), (_X["losses"], _REAL_ROW)),
    _edge("fake_predictions", "d_loss", "D", (_X["predictions"] + SMALL, _FAKE_ROW - 10),
          (_X["losses"] - 8, _FAKE_ROW - 10), (_X["losses"] - 8, _REAL_ROW + 10), (_X["losses"], _REAL_ROW + 10)),
    _edge("fake_predictions", "g_loss", "G", (_X["predictions"] + SMALL, _FAKE_ROW + 6), (_X["losses"], _FAKE_ROW + 6)),
    _edge("d_loss", "d_gradients", "D", (_BACKWARD_X, REAL_Y + 6.0), (_BACKWARD_X, D_PATH_Y), (270.0, D_PATH_Y)),
    _edge("d_gradients", "discriminator", "D", (_D_MIDDLE, D_PATH_Y + 7.0), (_D_MIDDLE, MODEL_Y)),
    _edge("g_loss", "g_gradients", "G", (_BACKWARD_X, FAKE_Y + 6.0 + LOSS_SIZE[1]), (_BACKWARD_X, G_PATH_Y),
          (_X["samples"] + SMALL, G_PATH_Y)),
    _edge("g_gradients", "generator", "G", (_X["samples"], G_PATH_Y), (_G_MIDDLE, G_PATH_Y), (_G_MIDDLE, _G_BOTTOM)),
)}

# ganlab.ts highlightStep calls, one per phase; the D "fakes" phase also draws the real
# batch (our trainer does both there), so real samples light with it.
_PHASE_NODES: dict[tuple[str, str], frozenset[str]] = {
    ("D", "fakes"): frozenset({"noise", "generator", "fake_samples", "real_samples"}),
    ("D", "predictions"): frozenset({"real_samples", "fake_samples", "discriminator", "real_predictions",
                                     "fake_predictions"}),
    ("D", "loss"): frozenset({"d_loss"}),
    ("D", "gradients"): frozenset({"d_gradients"}),
    ("D", "update"): frozenset({"discriminator"}),
    ("G", "fakes"): frozenset({"noise", "generator", "fake_samples"}),
    ("G", "predictions"): frozenset({"fake_samples", "discriminator", "fake_predictions"}),
    ("G", "loss"): frozenset({"g_loss"}),
    ("G", "gradients"): frozenset({"g_gradients"}),
    ("G", "update"): frozenset({"generator"}),
}
NETWORK_NAMES = {"D": "Discriminator", "G": "Generator"}


@dataclass(frozen=True)
class Highlight:
    network: str  # whose update runs: "D" or "G"
    phase: str
    nodes: frozenset[str]  # what this phase works on
    edges: frozenset[str]  # the network's whole update flow
    loss: str  # the loss node this update lowers; lit for the whole update
    held: str  # the model held fixed during this update, dimmed

    def step(self, update: tuple[int, int] = (1, 1)) -> str:
        """"Discriminator update 2 of 2, phase 2/5: predictions" (`update`: which of how many; one says nothing)."""
        which = f" {update[0]} of {update[1]}" if update[1] > 1 else ""
        return (f"{NETWORK_NAMES[self.network]} update{which}, phase {PHASES.index(self.phase) + 1}/{len(PHASES)}: "
                f"{self.phase}")


def highlight(network: str, phase: str) -> Highlight:
    if (network, phase) not in _PHASE_NODES:
        raise ValueError(f"overview: no phase {phase!r} for network {network!r}")
    edges = frozenset(name for name, edge in EDGES.items() if network in edge.flows)
    loss, held = ("d_loss", "generator") if network == "D" else ("g_loss", "discriminator")
    return Highlight(network, phase, _PHASE_NODES[(network, phase)], edges, loss, held)


def picture_px(graph_width_px: float) -> int:
    """Side of a model picture, in pixels, when the graph is drawn `graph_width_px` wide:
    the size to render thumbnails at (small pictures show them at half)."""
    return max(16, round(MODEL * graph_width_px / DESIGN_SIZE[0]))


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
