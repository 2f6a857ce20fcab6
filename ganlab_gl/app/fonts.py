"""The UI font and the UI's size: base size × ui_scale × content scale.

ImGui 1.92 bakes glyphs on demand at whatever size is asked for, so the font is loaded
once and scaling is a matter of style values: `font_size_base` (the size at scale 1),
`font_scale_main` (the user's UI scale) and `font_scale_dpi` (the display's content
scale); ImGui multiplies them. Paddings, spacings and roundings do not follow fonts:
they are scaled by `Style.scale_all_sizes`, which rounds, so a scale change rebuilds the
style from ImGui's defaults (then the app's theme) rather than rescaling a scaled one,
as ImGui's own notes on DPI advise.
"""

from __future__ import annotations

from collections.abc import Callable

from imgui_bundle import imgui

from ganlab_gl.resources import asset_path

UI_FONT = "fonts/DejaVuSans.ttf"
BASE_FONT_SIZE = 15.0  # px at scale 1


class UiFonts:
    """Loads the bundled font as ImGui's default and keeps the style at the current scale.

    theme: sets the app's colours and sizes on a fresh default style, at scale 1; run
    again after every scale change, before scaling.
    """

    def __init__(self, base_size: float = BASE_FONT_SIZE, theme: Callable[[imgui.Style], None] | None = None):
        self.base_size = base_size
        self._theme = theme
        io = imgui.get_io()
        self.font = io.fonts.add_font_from_file_ttf(str(asset_path(UI_FONT)), base_size)
        io.font_default = self.font
        self._applied: tuple[float, float] | None = None

    @property
    def scale(self) -> float:
        """Total scale in effect (ui_scale × content_scale); 1.0 before the first `apply_scale`."""
        if self._applied is None:
            return 1.0
        return self._applied[0] * self._applied[1]

    def apply_scale(self, ui_scale: float, content_scale: float) -> bool:
        """Set the style for this scale; True if anything changed. Call between frames."""
        if ui_scale <= 0 or content_scale <= 0:
            raise ValueError(f"scales must be positive, got ui_scale={ui_scale}, content_scale={content_scale}")
        if self._applied == (ui_scale, content_scale):
            return False
        imgui.get_current_context().style = imgui.Style()
        style = imgui.get_style()
        if self._theme is not None:
            self._theme(style)
        style.scale_all_sizes(ui_scale * content_scale)
        style.font_size_base = self.base_size
        style.font_scale_main = ui_scale
        style.font_scale_dpi = content_scale
        self._applied = (ui_scale, content_scale)
        return True
