"""The main canvas as an ImGui widget: its offscreen target, the pointer on it, and its drawing.

The canvas draws into an offscreen texture that ImGui shows in the middle of the window,
so the canvas takes mouse input like any widget: the wheel zooms about the pointer, a
drag pans (or draws, in drawing mode), hovering reads D's output there and names the dot
under the pointer (a fake: which way it needs to move to lower G's loss, as GAN Lab's hover says). The target is
sized in `draw_widget` (the GUI half of the frame), before ImGui records the image, so a
size or MSAA change never frees a texture that this frame's draw data still shows.
While the view is the user's (a zoom or pan), a Reset view button in its lower right corner returns to the
automatic view, as the 0 key does. A comparison splits the widget into square panes (layout.pane_boxes), one canvas and
target per run, all over the one data rectangle: a zoom or drag on any pane moves them all,
and each pane's caption names its run and the settings it differs in.

On a software rasteriser multisampling doubles the canvas's cost (docs/BENCHMARKS.md), so
there the `display.msaa` samples go to the resting picture only: a pane whose last two
uploads both brought something new (training, a zoom, a drag) draws into a second,
single-sampled target; once an upload brings nothing new, the next frame draws the picture
once more, multisampled, and keeps it. A single change (a step, a click, a toggle) is drawn
multisampled at once, and so is the refinement's last step (refinement.py), the picture that
rests: at 2048² a second draw of it was the refinement's most expensive frame. Discs and arrows
anti-alias themselves in their shaders; a moving picture loses only the multisampled edges. A GPU
multisamples every picture.

A picture of more manifold cells than a frame's band (`bands`, on a software rasteriser, where a 2048² manifold
took 2.5 s to draw: refinement.BandBudget, each band sized to a time from the previous band's time per unit, and
stopped where its steps so far say the next would overrun it, after the time the frame's probe took) is
uploaded, measured and drawn over several frames, a band of one kind of work a frame (`Canvas.upload_steps`,
`Canvas.draw_steps`), multisampled into a target of its own, which replaces the shown one once finished: meanwhile the
pane shows the picture before it (`shown_resolution` says which), and a picture of anything else drops the unfinished
one. A pane of a new size (the window resized, the panels toggled) whose last picture is too large for a frame shows
it stretched over the pane until a picture of its size is drawn, and says so (`resized`): the lab starts again from
the coarse resolution, as when the view moves (drawn at once, a 2048² picture held the window seconds, each frame of a
resize). A pane with no picture before draws its picture at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Callable

import moderngl
import numpy as np
import torch
from imgui_bundle import imgui

from ganlab_gl.core import datasets
from ganlab_gl.core.snapshot import Rect, Snapshot
from ganlab_gl.core.wording import compass
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.canvas import Canvas, OffscreenTarget
from ganlab_gl.render.gl import wait_releasing_gil, waits_inside_calls
from ganlab_gl.render.layer import DRAWN, UPLOADED, Step
from ganlab_gl.render.view import LECTURE_POINT_SCALE, View, point_shrink

from .actions import ACTION_ROWS, Action, key_of
from .layout import FIXED_WINDOW_FLAGS, Box, pane_boxes
from .panels import flow
from .refinement import BandBudget, Resolution, band_budgets
from .state import AppState
from .theme import RUN_RGB

DRAW_SPACING_PX = 3.0  # a new drawn point every few pixels of brush travel
WIDGET_FLAGS = FIXED_WINDOW_FLAGS | imgui.WindowFlags_.no_decoration | imgui.WindowFlags_.no_scroll_with_mouse
CAPTION_LINES_AT_MOST = 2  # beyond (or beyond CAPTION_SHARE of a large pane), a caption's lines are cut with "...":
CAPTION_SHARE = 0.2  # it must never hide its pane
CAPTION_BACKGROUND = (1.0, 1.0, 1.0, 1.0)  # opaque: the heatmap under a caption would tint half its words
CAPTION_TEXT = (0.0, 0.0, 0.0, 1.0)


def d_reading(value: float, kind: str) -> str:
    """The hover's line for D's output under the pointer, with which way its scale is real, as the colour bar says
    ("D 0.537" alone said nothing a student could read); short: lecture mode's large read-out stays in a corner."""
    if kind == "probability":
        return f"D {value:.3f} (1 = real)"
    return f"critic {value:.3f} (higher: real)"


def place_reading(world: tuple[float, float], world_per_px: tuple[float, float]) -> str:
    """The hover's line for the data point under the pointer, with as many decimals as tell neighbouring pixels
    apart (the view's data units per pixel), at least 3: zoomed 1,000 times in, 3 decimals read the same number
    over the whole canvas."""
    digits = [max(3, math.ceil(-math.log10(step) - 1e-9)) for step in world_per_px]
    return f"x {world[0]:.{digits[0]}f}  y {world[1]:.{digits[1]}f}"


def sample_under(points: torch.Tensor | None, view: View, local_px: tuple[float, float], reach_px: float) -> int | None:
    """The index of the sample drawn last (on top) among `points` (N, 2, data space) within `reach_px` framebuffer
    pixels of `local_px` on `view`, else None."""
    if points is None or len(points) == 0:
        return None
    screen = view.world_to_screen(points.detach().cpu().numpy())
    hits = np.flatnonzero(np.hypot(screen[:, 0] - local_px[0], screen[:, 1] - local_px[1]) <= reach_px)
    return int(hits[-1]) if len(hits) else None


@dataclass
class BandedDraw:
    """A picture drawn over several frames into a target of its own (CanvasWidget.draw)."""
    snapshot: Snapshot
    shows: tuple  # what else it shows, as Pane.drawn says it
    target: tuple[OffscreenTarget, imgui.ImTextureRef]  # a pane's spare, swapped in for the shown one once drawn
    steps: list[Step]  # still to do, in order


class Pane:
    """One run's canvas and the offscreen target it draws into; the widget's panes share the view."""

    def __init__(self, ctx: moderngl.Context, bridge: Bridge):
        self.canvas = Canvas(ctx, bridge)
        self.targets: dict[int, tuple[OffscreenTarget, imgui.ImTextureRef]] = {}  # by sample count, this frame's size
        self.target: OffscreenTarget | None = None  # the one this frame draws and shows
        self.texture_ref = None
        self.new_in_a_row = 0  # uploads in a row that brought something new to show (more than another target)
        self.box: Box = (0, 0, 1, 1)
        self.drawn: tuple[Snapshot, tuple] | None = None  # (snapshot, what else it showed, ending with its target)
        self.pending: View | None = None  # uploaded, to be drawn with this view (CanvasWidget.upload)
        self.resolved = True  # False from a draw until the texture ImGui shows has that picture
        self.banded: BandedDraw | None = None  # a picture being drawn over several frames
        self.spare: tuple[OffscreenTarget, imgui.ImTextureRef] | None = None  # where the next one is drawn
        # the last picture of another size, and its snapshot: shown stretched until a picture of this size is drawn
        self.stale: tuple[OffscreenTarget, imgui.ImTextureRef, Snapshot] | None = None

    @property
    def last_drawn(self) -> tuple[OffscreenTarget, imgui.ImTextureRef] | None:
        """The target holding the picture drawn last, where the pane still has it (a new size or sample count frees
        its targets)."""
        if self.drawn is None:
            return None
        return next((pair for pair in self.targets.values() if pair[0] is self.drawn[1][-1]), None)

    @property
    def shown(self) -> tuple[OffscreenTarget, imgui.ImTextureRef] | None:
        """The target holding the picture drawn last, while a banded draw is under way (its texture is shown)."""
        return None if self.banded is None else self.last_drawn


def dress(canvas: Canvas, settings, drawing: bool, morph: float, glide: float = 1.0) -> None:
    """Set a canvas's layers and their options from view `settings`; in drawing mode only the stroke shows (as in
    GAN Lab: none of the old model's layers); the generator's manifold at the overview's `morph`; the fakes and their
    arrows at a step's `glide` (step_glide.py)."""
    canvas.configure(settings)
    for name, layer in canvas.layers.items():
        layer.glide = glide
        if drawing:
            layer.visible = name == "real"
    canvas["manifold"].morph = morph


def _inside(box: Box | None, point: tuple[float, float]) -> bool:
    """Whether `point` lies in `box` (x, y, width, height), edges included; never in None."""
    return box is not None and box[0] <= point[0] <= box[0] + box[2] and box[1] <= point[1] <= box[1] + box[3]


def _tooltip_away_from(pointer: tuple[float, float], box: Box) -> None:
    """The next tooltip in the corner of `box` farthest from the pointer: lecture type is large, and beside the
    pointer the read-out covered the very dots it describes."""
    x, y, width, height = box
    right, low = pointer[0] < x + width / 2, pointer[1] < y + height / 2
    imgui.set_next_window_pos((x + width if right else x, y + height if low else y), imgui.Cond_.always,
                              (1.0 if right else 0.0, 1.0 if low else 0.0))


def caption_text(label: str, wrap: float, lines: int = CAPTION_LINES_AT_MOST) -> str:
    """`label` as a pane's caption shows it `wrap` pixels wide: wrapped where `lines` lines hold it, else each of
    its first lines (the settings, the scale) cut to one line with "..."."""
    if imgui.calc_text_size(label, wrap_width=wrap).y <= lines * imgui.get_text_line_height() + 1:
        return label
    return "\n".join(flow.fitted(line, wrap) for line in label.split("\n")[:lines])


class CanvasWidget:
    def __init__(self, ctx: moderngl.Context, bridge: Bridge, host, state: AppState,
                 d_at: Callable[[tuple[float, float]], float]):
        """`host`: the window (`renderer`, sizes, `content_scale`); `d_at(point, run)`: D's shown output at a data
        point in run `run` (0: the main run)."""
        self.ctx, self.bridge, self.host, self.state, self.d_at = ctx, bridge, host, state, d_at
        self.panes = [Pane(ctx, bridge)]  # the main run's first; one per run of a comparison
        self.view_rect: Rect = (0.0, 0.0, 1.0, 1.0)  # the data rectangle, as this frame's read model says
        self.multisample_at_rest_only = waits_inside_calls(ctx)  # a software rasteriser (module docstring)
        self._last_drawn_px: tuple[float, float] | None = None
        self._stroke_undo_depth = 0  # state.drawing_undo's length once the stroke under way began (_stroke)
        self._captions: list[tuple[Box, str]] = []  # each pane's caption as drawn (x, y, w, h) and its whole text
        self.reset_view_box: Box | None = None  # the Reset view button as drawn, while the view is the user's
        self._reset_view_hovered = False  # the pointer is on it: its tooltip shows, not the canvas's reading
        # folded notices as the lab drew them last frame (they unfold under the pointer, opaque, over the reading's
        # tooltip): the pointer in them reads them, not the canvas
        self.folded_notices_box: Box | None = None
        # each kind of work's band a frame (render/layer.WORKS; None: a picture at once)
        self.bands: dict[str, BandBudget] | None = band_budgets() if self.multisample_at_rest_only else None
        self.resized = False  # a pane's size changed in the last draw_widget: its picture is drawn anew

    @property
    def canvas(self) -> Canvas:
        """The main run's canvas (screenshots, legends, the status file)."""
        return self.panes[0].canvas

    @property
    def target(self) -> OffscreenTarget | None:
        """What the window shows of the main run; fixed per frame in draw_widget."""
        return self.panes[0].target

    @property
    def box(self) -> Box:
        return self.panes[0].box

    @property
    def drawing(self) -> bool:
        """Whether a pane's picture is still being drawn over several frames."""
        return any(pane.banded is not None for pane in self.panes)

    def shown_snapshot(self, snapshot: Snapshot) -> Snapshot:
        """The snapshot whose picture the main pane shows once this frame is drawn, the frame's being `snapshot`: the
        one before it while `snapshot` is drawn over several frames (or a resized pane's, stretched)."""
        pane = self.panes[0]
        if pane.stale is not None:
            return pane.stale[2]
        if pane.drawn is None or pane.drawn[0] is snapshot or (pane.banded is None and self._fits_a_frame(snapshot)):
            return snapshot
        return pane.drawn[0]

    def shown_resolution(self, resolution: Resolution, snapshot: Snapshot) -> Resolution:
        """`resolution`, the frame's `snapshot`'s, as the main pane shows it: the picture before it (its cells),
        while `snapshot` is drawn over several frames."""
        shown = self.shown_snapshot(snapshot)
        if shown is snapshot:
            return resolution
        return replace(resolution, heatmap=shown.heatmap.values.shape[0],
                       manifold=resolution.manifold if shown.manifold is None else shown.manifold.cells_per_side)

    def glide_shown(self, snapshot: Snapshot, glide: float) -> float:
        """The step's `glide` as a picture of `snapshot` shows it: 1 (its places at once) where the picture is drawn
        over several frames, which a glide's redraw each frame would never let finish."""
        return glide if self._fits_a_frame(snapshot) else 1.0

    def samples_on_screen(self, snapshot: Snapshot) -> tuple[np.ndarray, np.ndarray]:
        """(fakes, reals): window positions (N, 2) of the samples the panes show once this frame is drawn, the
        main pane's frame being `snapshot`: what a notice over the canvas must not hide."""
        scale, fakes, reals = self.framebuffer_scale(), [np.zeros((0, 2))], [np.zeros((0, 2))]
        for index, pane in enumerate(self.panes):
            drawn = self.shown_snapshot(snapshot) if index == 0 else None if pane.drawn is None else pane.drawn[0]
            if drawn is None:
                continue
            for points, into in ((drawn.fake, fakes), (drawn.real, reals)):
                if points is not None and len(points):
                    into.append(self.view(index).world_to_screen(points.detach().cpu().numpy()) / scale
                                + np.array(pane.box[:2]))
        return np.concatenate(fakes), np.concatenate(reals)

    def _fits_a_frame(self, snapshot: Snapshot) -> bool:
        manifold = snapshot.manifold
        cells = 0 if manifold is None or manifold.noise_dim != 2 else manifold.cells_per_side ** 2
        return self.bands is None or cells <= self.bands[DRAWN].units

    def framebuffer_scale(self) -> float:
        window, framebuffer = self.host.window_size, self.host.framebuffer_size
        return framebuffer[0] / max(window[0], 1)

    def view(self, pane: int = 0) -> View:
        """The data rectangle on a pane's framebuffer pixels."""
        _, _, width, height = self.panes[pane].box
        scale = self.framebuffer_scale()
        size = (max(round(width * scale), 1), max(round(height * scale), 1))  # boxes lie on whole pixels
        lecture = LECTURE_POINT_SCALE if self.state.view.display.lecture_mode else 1.0
        shrink = point_shrink(min(width, height) / self.host.content_scale)  # a small pane's dots and lines
        return View.fit(self.view_rect, size, scale * self.host.content_scale * lecture * shrink)

    # -- the GUI half of the frame ---------------------------------------------------------
    def draw_widget(self, box: Box, view_rect: Rect, captions: tuple[tuple[str, str], ...] = (),
                    resting: bool = False) -> None:
        """`captions`: (tag, label) of each run of a comparison, the main run first; () shows the main run alone.
        `resting`: this frame's picture is the one that will rest (the refinement arrived), drawn multisampled."""
        self.view_rect = view_rect
        self.resized = False
        self._follow_panes(max(len(captions), 1))
        scale = self.framebuffer_scale()
        box = on_whole_pixels(box, 1.0)  # whole points, where ImGui keeps a window
        x, y, width, height = box
        imgui.set_next_window_pos((x, y))
        imgui.set_next_window_size((width, height))
        imgui.push_style_var(imgui.StyleVar_.window_padding, (0, 0))
        imgui.push_style_var(imgui.StyleVar_.window_border_size, 0)
        imgui.begin("##canvas", None, WIDGET_FLAGS)
        imgui.pop_style_var(2)
        for index, (pane, pane_box) in enumerate(zip(self.panes, pane_boxes(box, len(self.panes)))):
            pane.box = pane_box = on_whole_pixels(pane_box, scale)
            self._prepare_target(pane, self.view(index).viewport_px, resting)
            imgui.set_cursor_screen_pos(pane_box[:2])
            imgui.image(pane.texture_ref, pane_box[2:])  # the renderer flips bottom-up textures
        self._captions = [(self._caption(self.panes[index].box, RUN_RGB[caption[0]], *caption), " ".join(caption))
                          for index, caption in enumerate(captions)]
        # Before the canvas's own input: the first item under the pointer takes it, so a click on the button
        # neither pans nor draws.
        zoomed = self.state.view_rect is not None and not self.state.drawing  # a drawing's canvas is its square
        self.reset_view_box = self._reset_view_button(box) if zoomed else None
        # An invisible button over the pictures makes the canvas one interactive item, so
        # a drag keeps it active (ImGui would otherwise treat it as a window drag).
        imgui.set_cursor_pos((0, 0))
        imgui.invisible_button("##canvas_input", (width, height))
        if imgui.is_item_hovered() or imgui.is_item_active():
            self._mouse(dragging=imgui.is_item_active())
        if not imgui.is_item_active():  # a stroke let go off the canvas ends too (the next press drew a line from it)
            self._last_drawn_px = None
        imgui.end()

    def _reset_view_button(self, box: Box) -> Box:
        """The button back to the automatic view, in the canvas's lower right corner; returns the box it covers."""
        label, padding = "Reset view", imgui.get_style().frame_padding
        width = imgui.calc_text_size(label).x + 2 * padding.x
        height = imgui.get_frame_height()
        x, y = box[0] + box[2] - width - padding.x, box[1] + box[3] - height - padding.x
        imgui.set_cursor_screen_pos((x, y))
        style = imgui.get_style()
        under = style.color_(imgui.Col_.window_bg)
        for part in (imgui.Col_.button, imgui.Col_.button_hovered, imgui.Col_.button_active):
            # as the toolbar's buttons look over the panels, but opaque: translucent, it was light on a light canvas
            colour = style.color_(part)
            imgui.push_style_color(part, (*(colour[k] * colour.w + under[k] * (1 - colour.w) for k in range(3)), 1.0))
        clicked = imgui.button(label, (width, height))
        imgui.pop_style_color(3)
        if clicked:
            self.state.request(Action.RESET_VIEW)
        self._reset_view_hovered = imgui.is_item_hovered()
        if self._reset_view_hovered:
            imgui.set_tooltip(f"{key_of(Action.RESET_VIEW)}: {ACTION_ROWS[Action.RESET_VIEW].describe()} (the zoom or "
                              "pan let go)")
        return x, y, width, height

    def _follow_panes(self, count: int) -> None:
        """One pane per run: new canvases for new runs; those of removed runs freed (their textures were shown
        by the previous frame, whose overlay is drawn)."""
        while len(self.panes) < count:
            self.panes.append(Pane(self.ctx, self.bridge))
        while len(self.panes) > count:
            self._release_pane(self.panes.pop())

    @staticmethod
    def _caption(box: Box, rgb: tuple[float, float, float], tag: str, label: str) -> Box:
        """The run's letter on its colour, then what it differs in, wrapped to the pane's width so a long list of
        changed settings stays whole where two lines hold it (each line cut to one where they do not); over the
        pane's top edge. Returns the box it covers (its whole text is the pointer's tooltip there)."""
        draw = imgui.get_window_draw_list()
        x, y, width, _ = box
        pad = imgui.get_style().frame_padding
        tag_width = imgui.calc_text_size(tag).x + 2 * pad.x
        wrap = max(width - tag_width - 2 * pad.x, 1.0)
        label = caption_text(label, wrap, max(CAPTION_LINES_AT_MOST,
                                              int(CAPTION_SHARE * box[3] / imgui.get_text_line_height())))
        extent = imgui.calc_text_size(label, wrap_width=wrap)
        bottom = y + extent.y + 2 * pad.y
        draw.push_clip_rect((x, y), (x + width, y + box[3]), True)
        draw.add_rect_filled((x, y), (x + tag_width + extent.x + 2 * pad.x, bottom),
                             imgui.get_color_u32(CAPTION_BACKGROUND))
        draw.add_rect_filled((x, y), (x + tag_width, bottom), imgui.get_color_u32((*rgb, 1.0)))
        draw.add_text((x + pad.x, y + pad.y), imgui.get_color_u32((1.0, 1.0, 1.0, 1.0)), tag)
        draw.add_text(imgui.get_font(), imgui.get_font_size(), (x + tag_width + pad.x, y + pad.y),
                      imgui.get_color_u32(CAPTION_TEXT), label, wrap)
        draw.pop_clip_rect()
        return x, y, min(tag_width + extent.x + 2 * pad.x, width), bottom - y

    def _pane_at(self, position: tuple[float, float]) -> int:
        """The pane under a window position (the nearest one in the gaps between panes)."""
        centres = [(bx + bw / 2, by + bh / 2) for bx, by, bw, bh in (pane.box for pane in self.panes)]
        return int(np.argmin([np.hypot(position[0] - cx, position[1] - cy) for cx, cy in centres]))

    def _mouse(self, dragging: bool) -> None:
        io = imgui.get_io()
        pane = self._pane_at((io.mouse_pos.x, io.mouse_pos.y))
        box = self.panes[pane].box
        view = self.view(pane)
        scale = self.framebuffer_scale()
        local = ((io.mouse_pos.x - box[0]) * scale, (io.mouse_pos.y - box[1]) * scale)
        world = tuple(float(v) for v in view.screen_to_world(np.array(local)))
        if io.mouse_wheel:
            action = Action.ZOOM_IN if io.mouse_wheel > 0 else Action.ZOOM_OUT
            for _ in range(int(abs(io.mouse_wheel)) or 1):
                self.state.request(action, world)
        # not in the frame of the press: a tap (or a click just after the pointer jumped) panned by the jump
        moved = (io.mouse_delta.x or io.mouse_delta.y) and not imgui.is_mouse_clicked(imgui.MouseButton_.left)
        if self.state.drawing:
            self._stroke(local, view, dragging)
        elif dragging and moved:
            width_px, height_px = view.viewport_px  # the data follows the pointer
            self.state.request(Action.DRAG_VIEW, (-io.mouse_delta.x * scale / width_px,
                                                  io.mouse_delta.y * scale / height_px))
        pointer = (io.mouse_pos.x, io.mouse_pos.y)
        if self.reset_view_box is not None and self._reset_view_hovered or _inside(self.folded_notices_box, pointer):
            return
        where = place_reading(world, tuple(view.world_per_px))
        if self.state.view.display.lecture_mode:
            _tooltip_away_from(pointer, box)
        caption = next((text for caption_box, text in self._captions if _inside(caption_box, pointer)), None)
        if caption is not None:  # a caption a narrow pane cuts ("loss… colo…"), whole
            imgui.set_tooltip(caption)
            return
        if self.state.drawing:  # the canvas shows the stroke alone: no D to read
            imgui.set_tooltip(where)
            return
        drawn = self.panes[pane].drawn
        kind = drawn[0].d_kind if drawn is not None else "probability"
        imgui.set_tooltip(f"{where}\n{d_reading(self.d_at(world, pane), kind)}{self._sample_note(pane, view, local)}")

    def _sample_note(self, pane: int, view: View, local: tuple[float, float]) -> str:
        """GAN Lab's hover on a dot: which sample is under the pointer, and for a fake the way it needs to move
        to lower G's loss, its arrow's way ("This sample needs to move upper right to decrease generator's loss";
        a G step moves it through G's weights, not straight along it); "" over no dot."""
        drawn = self.panes[pane].drawn
        if drawn is None:
            return ""
        snapshot, layers, views = drawn[0], self.panes[pane].canvas, self.state.view
        for name, points, shown in (("fake", snapshot.fake, views.fake.visible),
                                    ("real", snapshot.real, views.real.visible)):  # fakes are drawn on top
            layer = layers[name]
            reach = (layer.radius_px + layer.halo_px) * view.pixel_scale + 1.0
            index = sample_under(points, view, local, reach) if shown else None
            if index is None:
                continue
            if name == "real":
                return "\na real sample"
            gradient = snapshot.fake_gradient
            if gradient is None or not bool(torch.isfinite(gradient[index]).all()) or not gradient[index].any():
                return "\na fake sample"
            return f"\na fake sample: it needs to move {compass(gradient[index].tolist())} to lower G's loss"
        return ""

    def _stroke(self, local: tuple[float, float], view: View, dragging: bool) -> None:
        """Drawn points every DRAW_SPACING_PX along the pointer's path, from where the press began:
        a quick stroke spans several pixels per frame and must not come out as a dotted line."""
        if not dragging:
            self._last_drawn_px = None
            return
        if self._last_drawn_px is None:
            since_press = imgui.get_mouse_drag_delta(imgui.MouseButton_.left, 0.0)
            scale = self.framebuffer_scale()
            pressed = (local[0] - since_press.x * scale, local[1] - since_press.y * scale)
            self._begin_stroke()
            self.state.drawn_points.append(tuple(float(v) for v in view.screen_to_world(np.array(pressed))))
            self._last_drawn_px = pressed
        elif len(self.state.drawing_undo) < self._stroke_undo_depth:  # Ctrl+Z took back the stroke so far: what the
            # drag draws on is a stroke of its own (it joined the one before, and the next Ctrl+Z took both)
            self._begin_stroke()
        last = np.array(self._last_drawn_px)
        travel = np.array(local) - last
        steps = int(np.hypot(*travel) // DRAW_SPACING_PX)
        width_px, height_px = view.viewport_px
        for k in range(1, steps + 1):
            point = last + travel * (k * DRAW_SPACING_PX / np.hypot(*travel))
            if 0 <= point[0] <= width_px and 0 <= point[1] <= height_px:  # as GAN Lab: only what the canvas shows
                self.state.drawn_points.append(tuple(float(v) for v in view.screen_to_world(point)))
        if steps:
            self._last_drawn_px = tuple(last + travel * (steps * DRAW_SPACING_PX / np.hypot(*travel)))

    def _begin_stroke(self) -> None:
        self.state.begin_stroke()
        self._stroke_undo_depth = len(self.state.drawing_undo)

    def _prepare_target(self, pane: Pane, size: tuple[int, int], resting: bool) -> None:
        """A pane's offscreen target for this frame: the multisampled one, or on a software rasteriser while the
        picture moves (and is not `resting`) the single-sampled one; targets of another size or sample count are
        freed."""
        msaa = self.state.view.display.msaa if self.state.view.display.msaa > 1 else 0  # 1 sample is none
        kept = {0, msaa} if self.multisample_at_rest_only else {msaa}
        if resting:  # drawn as a single change is: multisampled, and not drawn again while nothing new comes
            pane.new_in_a_row = 0
        samples = 0 if self.multisample_at_rest_only and pane.new_in_a_row >= 2 else msaa
        shown, last = pane.shown, pane.last_drawn
        for key in [key for key, (target, _) in pane.targets.items() if target.key != (tuple(size), key)
                    or key not in kept]:
            if last is not None and pane.targets[key] is last and not self._fits_a_frame(pane.drawn[0]):
                self._release_stale(pane)  # shown stretched meanwhile: a black pane before, or a frame of seconds
                pane.stale = (*pane.targets.pop(key), pane.drawn[0])
                self.resized |= last[0].size != tuple(size)
            else:
                self._release_target(pane, key)
        if pane.spare is not None and pane.spare[0].key != (tuple(size), msaa):
            self._release_spare(pane)
        if pane.stale is not None and pane.last_drawn is not None:  # a picture of this size, drawn last frame
            self._release_stale(pane)
        if samples not in pane.targets:
            pane.targets[samples] = self._new_target(size, samples)
        pane.target, pane.texture_ref = pane.targets[samples]
        if shown is not None and shown[0] in [target for target, _ in pane.targets.values()]:
            pane.texture_ref = shown[1]  # the picture before the one being drawn
        if pane.stale is not None:
            pane.texture_ref = pane.stale[1]

    # -- the drawing half -----------------------------------------------------------------
    def canvas_as_shown(self) -> Canvas:
        """A canvas of its own dressed as the main run's is now: its layers, their options, drawing mode, the morph.
        A screenshot draws its tiles over several frames with it, whatever the layer switches do meanwhile."""
        canvas = Canvas(self.ctx, self.bridge)
        dress(canvas, self.state.view, self.state.drawing, self.canvas["manifold"].morph)
        return canvas

    def with_drawing(self, snapshot: Snapshot) -> Snapshot:
        """In drawing mode the canvas shows the stroke so far as the real samples it sprays (the brush's spread)."""
        if not self.state.drawing:
            return snapshot
        points = torch.tensor(self.state.drawn_points, dtype=torch.float32).reshape(-1, 2)
        return replace(snapshot, real=datasets.spray(points, self.state.brush_spread), d_real=None)

    def as_drawn(self, pane: int, snapshot: Snapshot) -> Snapshot:
        """`snapshot` as pane `pane` draws it now: the drawing's stroke (`with_drawing`), and in a step's glide its
        fakes and their arrows on their way, where the screen shows them (F12 in mid-glide saved the new places)."""
        layers = self.panes[pane].canvas.layers
        fake, gradient = snapshot.fake, snapshot.fake_gradient
        return replace(self.with_drawing(snapshot), fake=layers["fake"].as_drawn("points", fake),
                       fake_gradient=None if gradient is None else layers["gradients"].as_drawn("gradients", gradient))

    def _new_target(self, size: tuple[int, int], samples: int) -> tuple[OffscreenTarget, imgui.ImTextureRef]:
        target = OffscreenTarget(self.ctx, size, samples)
        return target, self.host.renderer.register_texture(target.texture, opaque=True)

    def upload(self, snapshots: list[Snapshot], morph: float, settled: bool = True, glide: float = 1.0,
               glide_from_drawn: bool = False) -> None:
        """Upload each pane's snapshot (the main run's first) where something the pane shows changed (the same
        snapshot object, view, target, morph, drawing and view settings leave its target holding this picture:
        on a software rasteriser a resting, paused canvas was about half of each frame). Then `draw` draws them
        into the targets that draw_widget fixed (ImGui's draw data already refers to them) and `resolve` makes
        them showable. The frame uploads before it draws anything: llvmpipe makes a buffer or texture write wait
        for every draw call queued before it, inside moderngl with the GIL held. `settled`: the picture is the
        asked resolution's (not a refinement's step), so once nothing new comes it is drawn multisampled. `glide`: how
        far a step's fakes and arrows have glided (step_glide.py), from where they were drawn when `glide_from_drawn`
        (at the step)."""
        settings = self.state.view.fingerprint()
        if glide_from_drawn:
            for pane in self.panes:
                pane.canvas.glide_from_drawn()
        for index, (pane, snapshot) in enumerate(zip(self.panes, snapshots, strict=True)):
            view = self.view(index)
            glides = self.glide_shown(snapshot, glide)
            shows = (view.rect, view.viewport_px, view.pixel_scale, morph, glides, self.state.drawing,
                     len(self.state.drawn_points), self.state.brush_spread, settings, pane.target)
            banded = pane.banded
            if banded is not None and (banded.snapshot is not snapshot or banded.shows[:-1] != shows[:-1]):
                pane.banded = banded = None  # something else to show: the unfinished picture is dropped at once
            if banded is not None:
                continue  # `draw` draws its next band
            new = pane.drawn is None or pane.drawn[0] is not snapshot or pane.drawn[1][:-1] != shows[:-1]
            pane.new_in_a_row = pane.new_in_a_row + 1 if new else 0 if settled else pane.new_in_a_row
            if not new and pane.drawn[1][-1] is pane.target:
                continue
            fitted = View.fit(view.rect, pane.target.size, view.pixel_scale)
            if self._fits_a_frame(snapshot) or pane.last_drawn is None and pane.stale is None:  # none meanwhile
                self._upload_to(pane, snapshot, morph, glides)
                pane.drawn, pane.pending = (snapshot, shows), fitted
                continue
            msaa = self.state.view.display.msaa if self.state.view.display.msaa > 1 else 0
            if pane.spare is None:
                pane.spare = self._new_target(pane.target.size, msaa)
            spare = pane.spare
            banded = pane.banded = BandedDraw(snapshot, (*shows[:-1], spare[0]), spare, [])

            parts = {work: budget.least for work, budget in self.bands.items()}  # the steps each band is made of

            def upload(pane=pane, snapshot=snapshot, banded=banded, fitted=fitted, parts=parts) -> None:
                def plan() -> None:
                    banded.steps[:0] = pane.canvas.draw_steps(fitted, banded.target[0].framebuffer, parts=parts)
                self._accept(pane, snapshot, morph, glides)  # then its upload in parts (82 MB at 2048²), draw planned
                banded.steps[:0] = [*pane.canvas.upload_steps(parts[UPLOADED]), Step(UPLOADED, 0, plan)]
            banded.steps.append(Step(UPLOADED, 0, upload))

    def _upload_to(self, pane: Pane, snapshot: Snapshot, morph: float, glide: float) -> None:
        """`snapshot` into the pane's canvas, shown as the view settings say."""
        self._accept(pane, snapshot, morph, glide)
        pane.canvas.upload()

    def _accept(self, pane: Pane, snapshot: Snapshot, morph: float, glide: float) -> None:
        dress(pane.canvas, self.state.view, self.state.drawing, morph, glide)
        pane.canvas.set_snapshot(self.with_drawing(snapshot))

    def draw(self, before: float = 0.0) -> None:
        """Draw the panes `upload` prepared, and the next band of those drawn over several frames: their steps in
        turn, all of the first one's kind of work, while that kind's band allows (its size, and its time at the rate
        of its steps so far, each waited for), timed from the work queued before them done to theirs done, which
        sizes its next band; a finished picture replaces the shown one (from the next frame). `before`: seconds of the
        frame's band the controller's probe took (one band's time a frame for both: none of the canvas's where the
        probe took all of it)."""
        for pane in self.panes:
            if pane.pending is not None:
                pane.canvas.draw(pane.pending, pane.target.framebuffer)
                pane.pending, pane.resolved = None, False
        if not self.drawing:
            return
        work, done = None, 0
        wait_releasing_gil(self.ctx)
        for pane in self.panes:
            banded = pane.banded
            while banded is not None and banded.steps and work in (None, banded.steps[0].work) and (
                    before < self.bands[banded.steps[0].work].seconds if done == 0
                    else done + banded.steps[0].units <= self.bands[work].units
                    and not self.bands[work].overruns(done, banded.steps[0].units, before)):
                step = banded.steps.pop(0)
                if work is None:
                    work = step.work
                    self.bands[work].start()
                step.call()
                done += step.units
                wait_releasing_gil(self.ctx)  # the step's time, for `overruns`
            if banded is not None and not banded.steps:
                samples = banded.target[0].key[1]  # the shown target of its kind becomes the next spare
                pane.spare = pane.targets.get(samples)
                pane.targets[samples] = banded.target
                pane.drawn, pane.banded = (banded.snapshot, banded.shows), None
                pane.target, pane.resolved, pane.new_in_a_row = banded.target[0], False, 0
        wait_releasing_gil(self.ctx)
        if work is not None:
            self.bands[work].took(done)

    def resolve(self) -> None:
        """Resolve the panes `draw` drew into the textures ImGui shows. llvmpipe rasterises queued draw calls
        only when something waits for them, and a resolve waits inside moderngl with the GIL held: so the
        caller queues every picture first and waits once through `wait_releasing_gil` while the trainer's
        thread runs."""
        for pane in self.panes:
            if not pane.resolved:
                pane.target.resolve()
                pane.resolved = True

    def pixel_boxes(self) -> list[Box]:
        """Each pane's box (x, y, side, side) in framebuffer pixels from the top-left corner of the panes' bounding
        box: where a picture of the whole canvas (a screenshot, a recording) has it."""
        scale = self.framebuffer_scale()
        boxes = [tuple(round(v * scale) for v in pane.box) for pane in self.panes]
        left, top = min(box[0] for box in boxes), min(box[1] for box in boxes)
        return [(x - left, y - top, width, height) for x, y, width, height in boxes]

    def shown_size(self) -> tuple[int, int]:
        """The framebuffer pixels the panes cover together: a screenshot's size where none is asked (one run: its
        canvas's)."""
        if len(self.panes) == 1:
            return self.view().viewport_px
        boxes = self.pixel_boxes()
        return max(x + width for x, _, width, _ in boxes), max(y + height for _, y, _, height in boxes)

    def text_scale(self) -> float:
        """The framebuffer pixels a logical pixel of the captions' type takes (fonts.py: ui_scale x content scale)."""
        return self.host.ui_scale * self.host.content_scale * self.framebuffer_scale()

    def pixels(self, pane: int = 0) -> np.ndarray:
        """What a pane shows now (the main run's), (h, w, 4) uint8, top row first: while a picture is drawn over
        several frames, the one before it (a resized pane's: of its old size)."""
        shown = self.panes[pane].stale or self.panes[pane].shown
        return (shown[0] if shown is not None else self.panes[pane].target).read()

    def _release_target(self, pane: Pane, samples: int) -> None:
        target, _ = pane.targets.pop(samples)
        self.host.renderer.unregister_texture(target.texture)
        target.release()
        if target is pane.target:
            pane.target = pane.texture_ref = None

    def _release_stale(self, pane: Pane) -> None:
        if pane.stale is not None:
            self.host.renderer.unregister_texture(pane.stale[0].texture)
            pane.stale[0].release()
            pane.stale = None

    def _release_spare(self, pane: Pane) -> None:
        """The spare target, and any banded draw into it."""
        target, _ = pane.spare
        pane.spare = pane.banded = None
        self.host.renderer.unregister_texture(target.texture)
        target.release()

    def _release_pane(self, pane: Pane) -> None:
        for samples in list(pane.targets):
            self._release_target(pane, samples)
        if pane.spare is not None:
            self._release_spare(pane)
        self._release_stale(pane)
        pane.canvas.release()

    def release(self) -> None:
        for pane in self.panes:
            self._release_pane(pane)


def on_whole_pixels(box: Box, scale: float) -> Box:
    """`box` on whole framebuffer pixels (`scale` of them per point), so a pane's picture, sized in whole pixels,
    is shown pixel for pixel: not resampled, and copied rather than drawn (imgui_renderer). Its size is rounded
    down (equal panes stay equal squares) and its corner to the nearest pixel that keeps its far edges inside."""
    x, y, width, height = box
    across, down = max(math.floor(width * scale + 1e-6), 1), max(math.floor(height * scale + 1e-6), 1)
    left = min(round(x * scale), math.floor((x + width) * scale + 1e-6) - across)
    top = min(round(y * scale), math.floor((y + height) * scale + 1e-6) - down)
    return left / scale, top / scale, across / scale, down / scale
