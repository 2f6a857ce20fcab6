"""What part of the data plane a canvas shows, and on how many pixels.

Screen coordinates are framebuffer pixels with (0, 0) at the top-left corner and y
down; world (data) coordinates have y up. `pixel_scale` is the HiDPI factor: sizes
given in logical pixels (a sample's radius, a line's width) are multiplied by it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ganlab_gl.core.snapshot import Rect

# A canvas at least this many logical pixels across draws dots, arrows and lines at their set sizes; a smaller one
# shrinks them in proportion: GAN Lab's 2 px dots on its 400 px plot are our 3.5 px on 700. Drawn at the set size,
# the 600 dots buried the heatmap and the manifold of 1280x800's 416 px canvas (344 px at UI scale 2).
FULL_POINT_SIZE_SIDE = 700.0
SMALLEST_POINT_SHRINK = 0.3  # a compared run's small pane keeps dots of about a pixel, as GAN Lab's thumbnails
LECTURE_POINT_SCALE = 2.0  # lecture mode's dots, arrows and lines, for a projector: twice the desk's


def point_shrink(side: float) -> float:
    """What a canvas `side` logical pixels across (its shorter side) shrinks its dots, arrows and lines by."""
    return min(max(side / FULL_POINT_SIZE_SIDE, SMALLEST_POINT_SHRINK), 1.0)


@dataclass(frozen=True)
class View:
    rect: Rect  # (x0, y0, x1, y1) world rectangle mapped onto the whole viewport
    viewport_px: tuple[int, int]  # (width, height) in framebuffer pixels
    pixel_scale: float = 1.0

    @classmethod
    def fit(cls, rect: Rect, viewport_px: tuple[int, int], pixel_scale: float = 1.0, margin: float = 0.0) -> View:
        """The smallest view centred on `rect` (grown by `margin` of its size on each
        side) whose world aspect matches the viewport, so circles stay round."""
        x0, y0, x1, y1 = rect
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        half_w = (x1 - x0) * (0.5 + margin)
        half_h = (y1 - y0) * (0.5 + margin)
        width, height = viewport_px
        aspect = width / height
        if half_w / half_h < aspect:
            half_w = half_h * aspect
        else:
            half_h = half_w / aspect
        return cls((cx - half_w, cy - half_h, cx + half_w, cy + half_h), viewport_px, pixel_scale)

    @classmethod
    def of_canvas(cls, rect: Rect, viewport_px: tuple[int, int], pixel_scale: float = 1.0,
                  lecture: bool = False) -> View:
        """`rect` fitted to a canvas of `viewport_px` pixels, its dots and lines as the lab's canvas of that size
        draws them (`pixel_scale` pixels a logical pixel, shrunk under FULL_POINT_SIZE_SIDE, and in `lecture` mode
        grown by LECTURE_POINT_SCALE): `render` and `animate` draw the picture the lab's window shows, only at the
        asked size."""
        points = LECTURE_POINT_SCALE if lecture else 1.0
        return cls.fit(rect, viewport_px, pixel_scale * points * point_shrink(min(viewport_px) / pixel_scale))

    def enlarged(self, viewport_px: tuple[int, int]) -> View:
        """This view's picture on `viewport_px` pixels (a screenshot), fitted to them as `fit` fits, with its sizes
        in pixels (a dot's radius, a line's width, an outline) grown as much as its data: it looks as this view
        does, only sharper, as `render --pixel-scale` makes a figure for its size."""
        fitted = View.fit(self.rect, viewport_px)
        grown = float(self.world_per_px[0] / fitted.world_per_px[0])
        return View(fitted.rect, fitted.viewport_px, self.pixel_scale * grown)

    def part(self, left: int, top: int, viewport_px: tuple[int, int]) -> View:
        """The part of this view `viewport_px` pixels large whose top-left pixel is (left, top): drawn on its own it
        is those pixels of this view's picture (a large screenshot, drawn in tiles)."""
        x0, _, _, y1 = self.rect
        sx, sy = self.world_per_px
        width, height = viewport_px
        return View((x0 + left * sx, y1 - (top + height) * sy, x0 + (left + width) * sx, y1 - top * sy),
                    viewport_px, self.pixel_scale)

    @property
    def world_per_px(self) -> np.ndarray:
        x0, y0, x1, y1 = self.rect
        return np.array([(x1 - x0) / self.viewport_px[0], (y1 - y0) / self.viewport_px[1]])

    def world_to_screen(self, points: np.ndarray) -> np.ndarray:
        """(..., 2) world points -> (..., 2) pixel coordinates (continuous: pixel k spans [k, k+1))."""
        points = np.asarray(points, dtype=np.float64)
        x0, y0, _, y1 = self.rect
        sx, sy = self.world_per_px
        return np.stack([(points[..., 0] - x0) / sx, (y1 - points[..., 1]) / sy], axis=-1)

    def screen_to_world(self, pixels: np.ndarray) -> np.ndarray:
        pixels = np.asarray(pixels, dtype=np.float64)
        x0, _, _, y1 = self.rect
        sx, sy = self.world_per_px
        return np.stack([x0 + pixels[..., 0] * sx, y1 - pixels[..., 1] * sy], axis=-1)

    def uniforms(self) -> dict[str, tuple[float, ...] | float]:
        """Values for the uniforms declared in `shaders/view.glsl`."""
        return {
            "u_view_rect": tuple(float(v) for v in self.rect),
            "u_viewport_px": (float(self.viewport_px[0]), float(self.viewport_px[1])),
            "u_pixel_scale": float(self.pixel_scale),
        }
