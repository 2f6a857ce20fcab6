"""The lab's colours: ImGui's dark style for the desk, a high-contrast light one for projectors.

Projectors wash out dark greys and thin lines; lecture mode uses black text on white
panels with visible borders (fonts.UiFonts re-runs the theme whenever the scale
changes, and lecture mode changes the scale, so the switch needs nothing more).
"""

from __future__ import annotations

from typing import Callable

from imgui_bundle import imgui, implot

from ganlab_gl.app.state import AppState

BLACK = (0.0, 0.0, 0.0, 1.0)
WHITE = (1.0, 1.0, 1.0, 1.0)
GANLAB_PURPLE = (0.48, 0.2, 0.58, 1.0)  # #7b3294, GAN Lab's fake/manifold colour
LECTURE_SECONDARY_TEXT = (0.3, 0.3, 0.3, 1.0)  # quieter than black, yet about 8:1 on white (ImGui's light grey: 2.8:1)
SHOWN_ITERATION_RGBA = (0.95, 0.75, 0.1, 1.0)  # the rewound iteration's line on the charts: apart from every series
# Each compared run's letter and colour: its pane's caption, its row in the Compare section and its chart lines
# (matplotlib's tab10 without green and purple, which stand for real and fake samples). No D (nor G): beside
# "D loss" a fourth run's "D loss hinge" read as the discriminator's.
RUN_RGB = dict(zip("ABCE", ((0.12, 0.47, 0.71), (1.0, 0.5, 0.05), (0.84, 0.15, 0.16), (0.55, 0.34, 0.29))))


READABLE_CONTRAST = 4.5  # WCAG's floor for text on its background


def contrast_ratio(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """WCAG's contrast ratio of two sRGB colours (their first three channels, 0-1)."""
    def luminance(rgb: tuple[float, ...]) -> float:
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(rgb: tuple[float, float, float], background: tuple[float, ...]) -> tuple[float, float, float]:
    """`rgb` as text on `background`: itself where it reads at READABLE_CONTRAST, else darkened (on a light
    background) or lightened (on a dark one) just enough, keeping its hue. GAN Lab's D blue, the phase heading in
    lecture mode, read at 3.7:1 on white, faint on a projector."""
    toward = 0.0 if contrast_ratio(background, (0.0, 0.0, 0.0)) > contrast_ratio(background, (1.0, 1.0, 1.0)) else 1.0
    shade = rgb
    for step in range(21):
        shade = tuple(c + (toward - c) * step / 20 for c in rgb)
        if contrast_ratio(shade, background) >= READABLE_CONTRAST:
            break
    return shade


def desk_theme(style: imgui.Style) -> None:
    imgui.style_colors_dark(style)
    # ImGui's 0.58 grey reads at 4.48:1 on its panels; WCAG's floor is 4.5
    style.set_color_(imgui.Col_.text_disabled, (0.6, 0.6, 0.6, 1.0))
    style.set_color_(imgui.Col_.check_mark, (0.75, 0.55, 0.9, 1.0))
    _opaque_popups(style)
    _quiet_chart_axes((1.0, 1.0, 1.0))


def _opaque_popups(style: imgui.Style) -> None:
    """A combo's list and the other popups hide what lies under them: at ImGui's 94% the graph's hint showed through
    the loss list ('resumes training' between 'log' and 'minimax')."""
    colour = style.color_(imgui.Col_.popup_bg)
    style.set_color_(imgui.Col_.popup_bg, (colour.x, colour.y, colour.z, 1.0))


def _quiet_chart_axes(shade: tuple[float, float, float]) -> None:
    """A chart's axis under the pointer (where a drag pans it) is tinted, not filled with the button colour: the
    bright block covered the tick labels it sits on."""
    for colour, alpha in ((implot.Col_.axis_bg_hovered, 0.06), (implot.Col_.axis_bg_active, 0.12)):
        implot.get_style().set_color_(colour, (*shade, alpha))


def lecture_theme(style: imgui.Style) -> None:
    imgui.style_colors_light(style)
    style.set_color_(imgui.Col_.text, BLACK)
    style.set_color_(imgui.Col_.text_disabled, LECTURE_SECONDARY_TEXT)  # the legend's sentences and scale
    style.set_color_(imgui.Col_.window_bg, WHITE)
    style.set_color_(imgui.Col_.border, BLACK)
    style.set_color_(imgui.Col_.button, (0.85, 0.8, 0.9, 1.0))
    style.set_color_(imgui.Col_.check_mark, GANLAB_PURPLE)
    _opaque_popups(style)
    style.window_border_size = 2.0
    style.frame_border_size = 1.0
    _quiet_chart_axes((0.0, 0.0, 0.0))


def theme_for(state: AppState) -> Callable[[imgui.Style], None]:
    """A theme that follows the state's lecture-mode flag each time it is applied."""
    return lambda style: (lecture_theme if state.view.display.lecture_mode else desk_theme)(style)
