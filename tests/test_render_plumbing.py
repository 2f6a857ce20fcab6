"""View transforms (pure numpy) and shader building from files (includes, errors)."""

from __future__ import annotations

import numpy as np
import pytest

import ganlab_gl.render.gl as gl
from ganlab_gl.render.view import View


def test_fit_keeps_aspect_and_contains_the_rect():
    view = View.fit((0.0, 0.0, 1.0, 1.0), (200, 100), margin=0.1)
    x0, y0, x1, y1 = view.rect
    assert (x1 - x0) / (y1 - y0) == pytest.approx(2.0)
    assert x0 <= -0.1 and y0 == pytest.approx(-0.1) and y1 == pytest.approx(1.1) and x1 >= 1.1
    assert np.allclose(view.world_per_px[0], view.world_per_px[1])


def test_world_screen_round_trip_and_orientation():
    view = View((0.0, 0.0, 2.0, 1.0), (200, 100))
    assert np.allclose(view.world_to_screen([[0.0, 1.0], [2.0, 0.0]]), [[0, 0], [200, 100]])  # top-left, bottom-right
    points = np.random.default_rng(0).uniform(-1, 3, (10, 2))
    assert np.allclose(view.screen_to_world(view.world_to_screen(points)), points)


@pytest.fixture
def fake_shader_files(monkeypatch):
    files = {
        "t.vert": '#version 430\n#include "lib.glsl"\nvoid main() { gl_Position = vec4(f(1.0)); }\n',
        "t.frag": "#version 430\nout vec4 c;\nvoid main() { c = vec4(1.0) + undefined_name; }\n",
        "lib.glsl": "float f(float x) {\n    return x;\n}\n",
        "loop.glsl": '#include "loop.glsl"\n',
    }
    monkeypatch.setattr(gl, "shader_source", lambda name: files[name])
    return files


def test_includes_are_spliced_with_line_markers(fake_shader_files):
    source, files = gl.load_shader("t.vert")
    assert files == ["t.vert", "lib.glsl"]
    assert "#line 1 1\nfloat f(float x)" in source and "#line 3 0\nvoid main()" in source


def test_include_cycle_is_an_error(fake_shader_files):
    with pytest.raises(gl.ShaderBuildError, match="include cycle"):
        gl.load_shader("loop.glsl")


def test_compile_error_names_the_files(gl_ctx, fake_shader_files):
    with pytest.raises(gl.ShaderBuildError) as error:
        gl.build_program(gl_ctx, vertex="t.vert", fragment="t.frag")
    message = str(error.value)
    assert "fragment_shader 't.frag'" in message and "vertex_shader 't.vert'" in message
    assert "1=lib.glsl" in message and "undefined_name" in message


@pytest.mark.parametrize("renderer, waits", [
    ("llvmpipe (LLVM 15.0.6, 256 bits)", True), ("softpipe", True), ("ANGLE (Google, SwiftShader Device)", True),
    ("NVIDIA H200/PCIe/SSE2", False), ("AMD Radeon Graphics (radeonsi, gfx1103, LLVM 17.0.6)", False),
])
def test_gl_waits_are_taken_without_the_gil_only_where_gl_waits_inside_calls(monkeypatch, renderer, waits):
    """A software rasteriser waits inside moderngl calls (GIL held), so the lab waits first through ctypes; a GPU
    queues the work, and a wait there would only drain its queue."""
    from types import SimpleNamespace
    finishes = []
    monkeypatch.setattr(gl, "finish_releasing_gil", lambda: finishes.append(1))
    ctx = SimpleNamespace(info={"GL_RENDERER": renderer})
    gl.wait_releasing_gil(ctx)
    assert gl.waits_inside_calls(ctx) is waits and finishes == ([1] if waits else [])


def test_a_single_sampled_target_is_drawn_straight_into_its_texture(gl_ctx):
    """Nothing to resolve (a copy of the whole picture saved), and what is drawn is what the texture holds."""
    from ganlab_gl.render.canvas import OffscreenTarget
    single, multi = OffscreenTarget(gl_ctx, (8, 4), 0), OffscreenTarget(gl_ctx, (8, 4), 4)
    try:
        assert single.framebuffer is single.resolved and multi.framebuffer is not multi.resolved
        for target in (single, multi):
            target.framebuffer.clear(0.2, 0.4, 0.6, 1.0)
            target.resolve()
            assert target.read()[2, 5].tolist() == [51, 102, 153, 255]
    finally:
        single.release()
        multi.release()


def test_a_test_taking_the_headless_context_is_marked_gl_without_a_decorator(request, gl_ctx):
    assert request.node.get_closest_marker("gl") is not None  # tests/conftest.py marks it from its fixtures
