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

import ctypes
from collections.abc import Callable

from imgui_bundle import imgui

from ganlab_gl.resources import asset_path

UI_FONT = "fonts/DejaVuSans.ttf"
BASE_FONT_SIZE = 15.0  # px at scale 1

# ImGui's FreeType loader (imgui_freetype.cpp, 1.92-1.93) keeps, per font source, the size it last activated by the
# address of that size's ImFontBaked (`BakedLastActivated`, after an FT_Face pointer and two 32-bit flags). When the
# atlas runs out of room it drops sizes unused for two frames, and the next NewFrame compacts its pool of sizes: the
# size after the last activated one moves to its address, and its next new glyph was rasterised at the other size
# (the counter's "0,000,₄₃0", a large "76" in the graph's "0.976" at 1024x768, UI scale 2). Forgetting that address
# after each NewFrame makes the next glyph activate its own size, as a size seen first does.
_LAST_ACTIVATED_OFFSET = 16
_FT_FACE_FAMILY_NAME_OFFSET = 40  # FT_FaceRec: five FT_Long, then family_name
_capsule_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_capsule_pointer.restype, _capsule_pointer.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]


def new_frame() -> None:
    """imgui.new_frame(), then each FreeType font source's last activated size forgotten (above)."""
    imgui.new_frame()
    fonts = imgui.get_io().fonts
    if not fonts.font_loader_name.startswith("FreeType"):
        return
    for source in fonts.sources:
        loader_data = _freetype_source_data(source)
        if loader_data is not None:
            ctypes.c_void_p.from_address(loader_data + _LAST_ACTIVATED_OFFSET).value = None


def _freetype_source_data(source: imgui.ImFontConfig) -> int | None:
    """The address of the FreeType loader's data for `source`, where its first field is an FT_Face of the font's
    index with a family name (the layout the reset relies on), else None: a loader laid out otherwise is left
    alone."""
    address = _capsule_pointer(source.font_loader_data, b"nb_handle")
    if not address:
        return None
    face = ctypes.c_void_p.from_address(address).value
    if not face:
        return None
    num_faces, face_index = (ctypes.c_long * 2).from_address(face)
    family = ctypes.c_char_p.from_address(face + _FT_FACE_FAMILY_NAME_OFFSET).value
    return address if num_faces >= 1 and face_index == source.font_no and family else None


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
