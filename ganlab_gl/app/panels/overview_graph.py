"""The model overview graph as data: where each component sits, how arrows run, what a
phase lights up. No ImGui here, so all of it is tested as plain values.

GAN Lab's left panel (demo/ganlab.html, #model-vis-div) laid out compactly for a
narrow side panel: noise -> generator -> fake samples; real samples; both ->
discriminator -> predictions -> losses, and the two backward paths from the losses
through the gradients into the models' weights. Coordinates are design units (y down)
at DESIGN_SIZE; the panel scales them to its width. Small pictures are exactly half the
models' size so one texture size serves both (bilinear sampling at 1/2 averages 2 x 2
texels, no mipmaps needed).

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
LOSS_SIZE = (42.0, 30.0)
LABEL_SIZE = 11.0  # caption text height, design units
DESIGN_SIZE = (362.0, 186.0)

# Rows and columns of the layout.
REAL_Y, FAKE_Y = 30.0, 78.0  # tops of the real and fake rows
MODEL_Y = 30.0
GRADIENT_Y = 134.0
COLUMNS = {"noise": 0.0, "generator": 50.0, "samples": 136.0, "discriminator": 186.0, "predictions": 272.0,
           "losses": 320.0}


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

    @property
    def centre(self) -> Point:
        x, y, w, h = self.box
        return (x + w / 2, y + h / 2)

    @property
    def footprint(self) -> Box:
        """The box with its caption band, what must not overlap another node."""
        x, y, w, h = self.box
        if self.kind in ("loss", "label"):
            return self.box  # text sits inside
        return (x, y - LABEL_SIZE, w, h + LABEL_SIZE) if self.label_above else (x, y, w, h + LABEL_SIZE)


def _node(name: str, column: str, y: float, kind: str, label: str, tip: str, **options) -> Node:
    size = {"model": (MODEL, MODEL), "picture": (SMALL, SMALL), "loss": LOSS_SIZE, "label": (52.0, 14.0)}[kind]
    return Node(name, (COLUMNS[column], y, *size), kind, label, tip, **options)


NODES: dict[str, Node] = {n.name: n for n in (
    _node("noise", "noise", FAKE_Y, "picture", "Noise", "Random noise fed to the generator, drawn in noise space.",
          thumbnail="noise"),
    _node("generator", "generator", MODEL_Y, "model", "Generator",
          "G maps noise to samples: the sheet is the noise grid as G warps it.\n"
          "Hover: watch the noise grid move to where G sends it. Click: show/hide the manifold.",
          thumbnail="generator", label_above=True, toggles="manifold"),
    _node("real_samples", "samples", REAL_Y, "picture", "real", "Samples of the real data. Click: show/hide them.",
          thumbnail="real_samples", label_above=True, toggles="real"),
    _node("fake_samples", "samples", FAKE_Y, "picture", "fake", "The generator's samples. Click: show/hide them.",
          thumbnail="fake_samples", label_above=True, toggles="fake"),
    _node("discriminator", "discriminator", MODEL_Y, "model", "Discriminator",
          "D scores each point: green where it says real, purple where it says fake.\n"
          "Click: show/hide its heatmap.", thumbnail="discriminator", toggles="heatmap"),
    _node("real_predictions", "predictions", REAL_Y, "picture", "D(real)",
          "D's predictions on the real samples, coloured by its score.", thumbnail="real_predictions",
          label_above=True),
    _node("fake_predictions", "predictions", FAKE_Y, "picture", "D(fake)",
          "D's predictions on the fake samples, coloured by its score.", thumbnail="fake_predictions",
          label_above=True),
    _node("d_loss", "losses", 36.0, "loss", "D loss", "The discriminator's loss, lowered by D's updates."),
    _node("g_loss", "losses", 84.0, "loss", "G loss", "The generator's loss, lowered by G's updates."),
    Node("d_gradients", (196.0, 0.0, 52.0, 14.0), "label", "Gradients",
         "Gradients of D's loss with respect to D's weights."),
    _node("g_gradients", "samples", GRADIENT_Y, "picture", "Gradients",
          "Where G's loss pushes each fake sample. Click: show/hide the arrows.",
          thumbnail="generator_gradients", toggles="gradients"),
)}


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


_BACKWARD_X = COLUMNS["losses"] + LOSS_SIZE[0] / 2  # the backward paths leave the losses' middles
EDGES: dict[str, Edge] = {e.name: e for e in (
    _edge("noise", "generator", "DG", (36, 96), (50, 96)),
    _edge("generator", "fake_samples", "DG", (122, 96), (136, 96)),
    _edge("real_samples", "discriminator", "D", (172, 48), (186, 48)),
    _edge("fake_samples", "discriminator", "DG", (172, 96), (186, 96)),
    _edge("discriminator", "real_predictions", "D", (258, 48), (272, 48)),
    _edge("discriminator", "fake_predictions", "DG", (258, 96), (272, 96)),
    _edge("real_predictions", "d_loss", "D", (308, 48), (320, 48)),
    _edge("fake_predictions", "d_loss", "D", (308, 88), (314, 88), (314, 60), (320, 60)),
    _edge("fake_predictions", "g_loss", "G", (308, 104), (320, 104)),
    _edge("d_loss", "d_gradients", "D", (_BACKWARD_X, 36), (_BACKWARD_X, 7), (248, 7)),
    _edge("d_gradients", "discriminator", "D", (222, 14), (222, 30)),
    _edge("g_loss", "g_gradients", "G", (_BACKWARD_X, 114), (_BACKWARD_X, 152), (172, 152)),
    _edge("g_gradients", "generator", "G", (136, 152), (86, 152), (86, 102)),
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

    @property
    def step(self) -> str:
        """"D update, phase 2/5: predictions"."""
        return f"{NETWORK_NAMES[self.network]} update, phase {PHASES.index(self.phase) + 1}/{len(PHASES)}: {self.phase}"


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
