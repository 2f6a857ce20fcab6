"""The canvas's layers, declared once, bottom to top.

Each row is a layer's one name (the canvas's, `render --layers`, its view-settings
section, the status file), the lab key that shows or hides it, and its view options as
declared settings. An option is named as the layer attribute it sets, so the lab applies
`<layer>.<option>` with `setattr(canvas[layer], option, value)` and nothing is renamed
on the way; `<layer>.visible` is every row's first setting. The canvas (render/canvas.py)
pairs each name with its class; the lab's keys, the overview graph's toggles, the view
settings, the CLI and docs/SETTINGS.md read this table. No torch and no GL here, so
`ganlab-gl --help` can list the layers without importing either.

GAN Lab stacks D's heatmap, then real samples, G's gradients, fake samples; the real
data's contour lies right over the heatmap and the manifold over that, under the samples.
"""

from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass
from typing import Any

from ganlab_gl.core.settings import setting


@dataclass(frozen=True)
class Option:
    default: Any
    help: str
    limits: dict[str, float] = field(default_factory=dict)  # low, high
    label: str | None = None  # the settings panel's name for it (Setting.label)


@dataclass(frozen=True)
class LayerRow:
    name: str
    title: str
    key: str | None  # the lab's show/hide key; None: not on the main canvas (the noise view is the overview's)
    visible: bool  # shown by default
    options: dict[str, Option] = field(default_factory=dict)  # layer attribute -> its view setting

    @property
    def in_lab(self) -> bool:
        return self.key is not None


_SAMPLES = {
    "radius_px": Option(3.5, "disc radius in screen pixels (before DPI; a canvas under 700 px shrinks it in "
                        "proportion)", {"low": 0.5, "high": 20.0}, "disc radius (px)"),
    "color_by_prediction": Option(False, "colour the discs by D's prediction", label="colour by D's prediction"),
}
# The length, in plot sides, that gradient arrows ease toward (tanh) and never reach, and the share of it up to which
# an arrow keeps GAN Lab's straight length. GAN Lab's own pre-trained models draw 9 in 10 of their arrows under 0.25
# plot sides and none over 0.32 (the 4 presets' weights under its rule; docs/COMPARED.md), so up to 0.2 they are drawn
# as it draws them and up to 0.32 within 12%. Past that its rule runs off the canvas (ring8's arrows 0.4 to 1.3 plot
# sides from 1,000 iterations on, grid25's to 5): those stay under 0.3. Eased toward a tenth of the plot, as they
# were, Line's and Disjoint's shipped models drew their median and longest arrows 0.09 to 0.1 plot sides long where
# GAN Lab's rule draws 0.145 to 0.49, the median arrow 40% short.
LONGEST_ARROW = 0.3
STRAIGHT_SHARE = 2 / 3

LAYERS: tuple[LayerRow, ...] = (
    LayerRow("heatmap", "discriminator heatmap", "h", True,
             {"smooth": Option(True, "bilinear between cell centres; off shows crisp cells")}),
    LayerRow("contour", "real-density contour", "c", False),
    LayerRow("manifold", "generator manifold", "m", True,
             {"outlines": Option(False, "draw the manifold's cell outlines"),
              "show_folds": Option(False, "tint the cells where G folds the noise over", label="show folds")}),
    LayerRow("real", "real samples", "p", True, dict(_SAMPLES)),
    LayerRow("gradients", "generator gradients on the fakes", "a", True,
             {"length_scale": Option(0.15, "arrow length in plot sides per unit gradient of D along plot sides "
                                     "(GAN Lab: 0.15)", {"low": 0.0, "high": 10.0}, "arrow length"),
              "longest": Option(LONGEST_ARROW, "the length in plot sides that long arrows ease toward and never "
                                "reach, those under 2/3 of it drawn at GAN Lab's length (100: GAN Lab's straight rule)",
                                {"low": 0.05, "high": 100.0},
                                "longest arrow")}),
    LayerRow("fake", "fake samples", "f", True, dict(_SAMPLES)),
    LayerRow("noise", "the noise grid in noise space (overview only)", None, True),
    LayerRow("noise_samples", "the noise samples in noise space (overview only)", None, True),
)
LAYERS_BY_NAME: dict[str, LayerRow] = {row.name: row for row in LAYERS}
CANVAS_LAYERS: tuple[str, ...] = tuple(row.name for row in LAYERS if row.in_lab)  # the data view's layers, in order
DEFAULT_SHOWN: tuple[str, ...] = tuple(name for name in CANVAS_LAYERS if LAYERS_BY_NAME[name].visible)


def view_section(row: LayerRow) -> type:
    """The view-settings section of one layer: `visible`, then its options."""
    key = f" ({row.key.upper()})" if row.key else ""
    fields = [("visible", bool, setting(row.visible, f"show the {row.title}{key}", live=True))]
    fields += [(name, type(option.default), setting(option.default, option.help, live=True, label=option.label,
                                                                   **option.limits))
               for name, option in row.options.items()]
    return make_dataclass(f"{row.name.capitalize()}LayerView", fields)


def parse_layer_list(text: str) -> list[str]:
    """`render --layers heatmap,real`: names from the table, in canvas order; ValueError names the unknown ones."""
    asked = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in asked if name not in CANVAS_LAYERS]
    if not asked:
        raise ValueError(f"no layer named; choose from {', '.join(CANVAS_LAYERS)}")
    if unknown:
        verb = "is not a layer" if len(unknown) == 1 else "are not layers"
        raise ValueError(f"{', '.join(unknown)} {verb}; choose from {', '.join(CANVAS_LAYERS)}")
    return [name for name in CANVAS_LAYERS if name in asked]
