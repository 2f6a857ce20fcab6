"""The ImGui renderer and UI fonts in a headless GL context: ImGui 1.92's texture
protocol (create, update, destroy), app textures both ways up, scissor rectangles,
framebuffer scale, several draw lists in one upload, and DPI-aware style scaling."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import SimpleNamespace

import moderngl
import numpy as np
import pytest
from imgui_bundle import imgui

from ganlab_gl.app.fonts import BASE_FONT_SIZE, UiFonts
from ganlab_gl.app.imgui_renderer import ImGuiRenderer

DISPLAY_SIZE = (320, 240)
RED, BLUE, GREEN = (255, 0, 0), (0, 0, 255), (0, 255, 0)


class Ui:
    """An ImGui context with our font and renderer, drawing into an offscreen framebuffer."""

    def __init__(self, ctx: moderngl.Context, framebuffer_scale: float = 1.0):
        self.ctx = ctx
        imgui.create_context()
        io = imgui.get_io()
        io.set_ini_filename(None)
        io.display_size = DISPLAY_SIZE
        io.display_framebuffer_scale = (framebuffer_scale, framebuffer_scale)
        self.fonts = UiFonts()
        self.fonts.apply_scale(1.0, 1.0)
        self.renderer = ImGuiRenderer(ctx)
        self.size = (round(DISPLAY_SIZE[0] * framebuffer_scale), round(DISPLAY_SIZE[1] * framebuffer_scale))
        self.framebuffer = ctx.simple_framebuffer(self.size)

    def frame(self, build: Callable[[], None]) -> np.ndarray:
        """Run one ImGui frame; the pixels drawn, (height, width, 3), top row first."""
        imgui.get_io().delta_time = 1 / 60
        imgui.new_frame()
        build()
        imgui.render()
        self.framebuffer.use()
        self.ctx.clear(0.0, 0.0, 0.0)
        self.renderer.render(imgui.get_draw_data())
        data = self.framebuffer.read(components=3)
        return np.frombuffer(data, np.uint8).reshape(self.size[1], self.size[0], 3)[::-1]

    def close(self) -> None:
        self.renderer.release()
        self.framebuffer.release()
        imgui.destroy_context()


@pytest.fixture
def ui(gl_ctx: moderngl.Context) -> Iterator[Ui]:
    ui = Ui(gl_ctx)
    yield ui
    ui.close()


def _window(title: str, pos: tuple[float, float], size: tuple[float, float], body: Callable[[], None]) -> None:
    imgui.set_next_window_pos(pos)
    imgui.set_next_window_size(size)
    imgui.begin(title, flags=imgui.WindowFlags_.no_decoration)
    body()
    imgui.end()


def _filled_rect(top_left: tuple[float, float], bottom_right: tuple[float, float], rgb: tuple[int, int, int]) -> None:
    imgui.get_foreground_draw_list().add_rect_filled(top_left, bottom_right, imgui.IM_COL32(*rgb, 255))


def test_font_atlas_is_created_through_the_texture_protocol_and_text_shows(ui: Ui) -> None:
    pixels = ui.frame(lambda: _window("text", (0, 0), (200, 60), lambda: imgui.text("GAN Lab")))
    assert ui.renderer.textures_created == 1
    assert ui.renderer.textures_alive == 1
    text = pixels[0:30, 0:100].min(axis=-1)
    assert (text > 200).sum() > 30  # white glyph pixels of ImGui's dark style


def test_new_glyph_sizes_are_uploaded_and_a_grown_atlas_replaces_the_old(ui: Ui) -> None:
    def many_sizes() -> None:
        for size in range(10, 90, 4):
            imgui.push_font(None, size)
            imgui.text("The quick brown fox jumps over the lazy dog 0123456789")
            imgui.pop_font()

    ui.frame(lambda: imgui.text("GAN Lab"))  # the atlas exists before new glyphs are needed
    for _ in range(4):  # a replaced texture is destroyed once ImGui has not used it for a frame
        ui.frame(lambda: _window("sizes", (0, 0), DISPLAY_SIZE, many_sizes))
    assert ui.renderer.texture_updates >= 1
    assert ui.renderer.textures_created >= 2
    assert ui.renderer.textures_destroyed >= 1
    assert ui.renderer.textures_alive == ui.renderer.textures_created - ui.renderer.textures_destroyed
    alive, destroyed = ui.renderer.textures_alive, ui.renderer.textures_destroyed
    ui.renderer.release()
    assert ui.renderer.textures_destroyed == destroyed + alive
    assert all(texture.tex_id == 0 for texture in imgui.get_platform_io().textures)


@pytest.mark.parametrize("bottom_up, top_colour", [(True, BLUE), (False, RED)])
def test_app_texture_shows_upright_either_way_its_rows_are_stored(
    ui: Ui, bottom_up: bool, top_colour: tuple[int, int, int]
) -> None:
    # first row red, second blue: a render target stores its bottom row first, so as a
    # rendered image the top is blue; as an uploaded image (top row first) it is red
    texture = ui.ctx.texture((1, 2), 3, data=bytes(RED + BLUE))
    texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
    ref = ui.renderer.register_texture(texture, bottom_up=bottom_up)
    pixels = ui.frame(lambda: imgui.get_foreground_draw_list().add_image(ref, (100, 100), (140, 180)))
    assert tuple(pixels[110, 120]) == top_colour
    assert tuple(pixels[170, 120]) == (BLUE if top_colour == RED else RED)
    ui.renderer.unregister_texture(texture)
    texture.release()


def _noise_picture(ctx: moderngl.Context, size: tuple[int, int]) -> moderngl.Texture:
    """An opaque picture of random pixels: any shift, flip or blur of it shows."""
    pixels = np.random.default_rng(size[0]).integers(0, 256, (size[1], size[0], 4), dtype=np.uint8)
    pixels[..., 3] = 255
    return ctx.texture(size, 4, data=pixels.tobytes())


@pytest.mark.parametrize("show", ["whole", "clipped", "scaled", "tinted", "part", "between pixels"])
def test_an_opaque_picture_is_copied_where_shown_pixel_for_pixel_and_drawn_otherwise(ui: Ui, monkeypatch,
                                                                                     show: str) -> None:
    """Copied or drawn, the same pixels; copied only where a draw would have shown each texel as it is."""
    import ganlab_gl.app.imgui_renderer as renderer_module
    texture = _noise_picture(ui.ctx, (96, 64))
    texture.filter = (moderngl.NEAREST, moderngl.NEAREST)  # the drawn reference shows texels, not blends
    corner = (30.5, 40) if show == "between pixels" else (30, 40)
    end = {"scaled": (30 + 192, 40 + 128)}.get(show, (corner[0] + 96, 40 + 64))
    uv1 = (0.5, 1.0) if show == "part" else (1.0, 1.0)
    colour = imgui.IM_COL32(255, 255, 255, 128) if show == "tinted" else imgui.IM_COL32(255, 255, 255, 255)

    def body() -> None:
        draw_list = imgui.get_foreground_draw_list()
        if show == "clipped":
            draw_list.push_clip_rect((50, 50), (100, 90))
        draw_list.add_image(ref, corner, end, (0, 0), uv1, colour)
        if show == "clipped":
            draw_list.pop_clip_rect()

    copies = []
    real_copy = renderer_module.copy_pixels
    monkeypatch.setattr(renderer_module, "copy_pixels", lambda *args: (copies.append(args), real_copy(*args)))
    ref = ui.renderer.register_texture(texture, opaque=True)
    copied = ui.frame(body).copy()
    ui.renderer.unregister_texture(texture)
    ref = ui.renderer.register_texture(texture)  # not opaque: always drawn
    drawn = ui.frame(body).copy()
    ui.renderer.unregister_texture(texture)
    texture.release()
    assert len(copies) == (1 if show in ("whole", "clipped") else 0)
    np.testing.assert_array_equal(copied, drawn)
    assert copied.any()


def test_the_copy_kept_from_frame_to_frame_follows_the_picture(ui: Ui, monkeypatch) -> None:
    """Where a picture is copied is kept from one frame to the next for the same command: moved, scaled, tinted, or
    another texture's size, it is decided afresh (copied where shown pixel for pixel, drawn otherwise)."""
    import ganlab_gl.app.imgui_renderer as renderer_module
    small, large = _noise_picture(ui.ctx, (96, 64)), _noise_picture(ui.ctx, (128, 96))
    shows = [(small, (30, 40), (126, 104), 255), (small, (30, 40), (126, 104), 255), (small, (60, 40), (156, 104), 255),
             (small, (60, 40), (252, 168), 255), (small, (60, 40), (156, 104), 128), (large, (60, 40), (156, 104), 255),
             (large, (60, 40), (188, 136), 255), (small, (30, 40), (126, 104), 255)]
    copies = []
    real_copy = renderer_module.copy_pixels
    monkeypatch.setattr(renderer_module, "copy_pixels", lambda *args: (copies.append(args[3]), real_copy(*args)))
    for texture, corner, end, alpha in shows:
        copies.clear()
        ref = ui.renderer.register_texture(texture, opaque=True)
        ui.frame(lambda: imgui.get_foreground_draw_list().add_image(ref, corner, end, (0, 0), (1, 1),
                                                                    imgui.IM_COL32(255, 255, 255, alpha)))
        ui.renderer.unregister_texture(texture)
        whole = (end[0] - corner[0], end[1] - corner[1]) == texture.size and alpha == 255
        top = DISPLAY_SIZE[1] - corner[1]
        assert copies == ([(corner[0], top - texture.size[1], corner[0] + texture.size[0], top)] if whole else [])
    small.release()
    large.release()


def test_unknown_texture_id_is_refused_by_name(ui: Ui) -> None:
    texture = ui.ctx.texture((1, 1), 3, data=bytes(RED))
    ref = ui.renderer.register_texture(texture)
    ui.renderer.unregister_texture(texture)
    with pytest.raises(LookupError, match="register_texture"):
        ui.frame(lambda: imgui.get_foreground_draw_list().add_image(ref, (0, 0), (10, 10)))
    texture.release()


def test_unregistering_a_released_texture_leaves_the_texture_that_took_its_gl_name(ui: Ui) -> None:
    """A GL that reuses names (NVIDIA's; Mesa's with force_gl_names_reuse=true) hands a released texture's name to
    the next texture made, and a released moderngl texture keeps its `glo`. An app texture released while still
    registered (the overview's old thumbnail sheet, retired while the panels were hidden) and unregistered later
    took the registration of the texture holding its name by then (the canvas's picture): the next frame showing
    that picture stopped the lab ('ImGui drew with texture id N, which is neither ImGui's nor registered')."""
    picture = ui.ctx.texture((8, 8), 4, data=bytes([0, 0, 255, 255]) * 64)
    ref = ui.renderer.register_texture(picture, opaque=True)
    released_before = SimpleNamespace(glo=picture.glo)  # a released texture whose GL name the picture was given
    ui.renderer.unregister_texture(released_before)
    pixels = ui.frame(lambda: imgui.get_foreground_draw_list().add_image(ref, (0, 0), (8, 8)))
    ui.renderer.unregister_texture(picture)
    picture.release()
    assert tuple(pixels[0, 0]) == BLUE  # the picture shows, still registered


def test_clip_rectangle_becomes_a_scissor(ui: Ui) -> None:
    def clipped() -> None:
        draw_list = imgui.get_foreground_draw_list()
        draw_list.push_clip_rect((50, 50), (100, 150))
        draw_list.add_rect_filled((50, 50), (150, 150), imgui.IM_COL32(*GREEN, 255))
        draw_list.pop_clip_rect()

    pixels = ui.frame(clipped)
    assert tuple(pixels[100, 75]) == GREEN
    assert tuple(pixels[100, 125]) == (0, 0, 0)
    assert tuple(pixels[40, 75]) == (0, 0, 0)


def test_framebuffer_scale_maps_display_coordinates_to_more_pixels(gl_ctx: moderngl.Context) -> None:
    ui = Ui(gl_ctx, framebuffer_scale=2.0)
    try:
        pixels = ui.frame(lambda: _filled_rect((10, 20), (30, 40), GREEN))
    finally:
        ui.close()
    coloured = np.argwhere((pixels == GREEN).all(axis=-1))
    assert coloured.min(axis=0).tolist() == [40, 20]  # rows, columns: display (10, 20) times 2
    assert coloured.max(axis=0).tolist() == [79, 59]


def test_each_window_draw_list_lands_where_it_was_drawn(ui: Ui) -> None:
    def two_windows() -> None:
        for title, x, colour in (("left", 0, RED), ("right", 160, BLUE)):
            def body(x: float = x, colour: tuple[int, int, int] = colour) -> None:
                imgui.get_window_draw_list().add_rect_filled((x + 20, 20), (x + 60, 60), imgui.IM_COL32(*colour, 255))
            _window(title, (x, 0), (160, 100), body)

    pixels = ui.frame(two_windows)
    assert imgui.get_draw_data().cmd_lists_count >= 2
    assert tuple(pixels[40, 40]) == RED
    assert tuple(pixels[40, 200]) == BLUE


def test_ui_scale_sets_font_and_style_sizes_without_drift(ui: Ui) -> None:
    def text_height() -> float:
        heights = []
        ui.frame(lambda: heights.append(imgui.calc_text_size("GAN").y))
        return heights[0]

    style = imgui.get_style()
    padding = (style.window_padding.x, style.window_padding.y)
    height = text_height()
    assert ui.fonts.apply_scale(1.5, 2.0)
    assert not ui.fonts.apply_scale(1.5, 2.0)
    assert ui.fonts.scale == 3.0
    assert imgui.get_style().window_padding.x == pytest.approx(3 * padding[0])
    assert text_height() == pytest.approx(3 * height, rel=0.1)
    assert imgui.get_style().font_size_base == BASE_FONT_SIZE
    ui.fonts.apply_scale(1.0, 1.0)
    assert (imgui.get_style().window_padding.x, imgui.get_style().window_padding.y) == padding
    assert text_height() == pytest.approx(height)


def test_theme_runs_on_the_fresh_style_before_scaling(ui: Ui) -> None:
    fonts = UiFonts(theme=lambda style: setattr(style, "frame_rounding", 3.0))
    fonts.apply_scale(2.0, 1.0)
    assert imgui.get_style().frame_rounding == pytest.approx(6.0)
