"""Shared fixtures. GL tests draw into a headless EGL context (Mesa llvmpipe on a
machine without a GPU) and skip, saying why, where EGL cannot give GL 4.3."""

from __future__ import annotations

import pytest

from ganlab_gl.app.crash_log import STATE_ENV
from ganlab_gl.app.outputs import OUTPUT_ENV
from ganlab_gl.render.bridge import Bridge


@pytest.fixture(scope="session", autouse=True)
def output_folder(tmp_path_factory):
    """Sessions, screenshots and recordings of every test, and of the lab processes window tests start, go
    to a throwaway folder, never the user's ~/ganlab-gl; their crash logs (app/crash_log.py) to another."""
    with pytest.MonkeyPatch.context() as session:
        folder = tmp_path_factory.mktemp("output")
        session.setenv(OUTPUT_ENV, str(folder))
        session.setenv(STATE_ENV, str(tmp_path_factory.mktemp("state")))
        yield folder


@pytest.fixture(autouse=True)
def crash_trace_left_to_pytest(monkeypatch):
    """A lab opened in the test's own process (cli.main(["lab", ...]) with its window faked) leaves faulthandler to
    pytest: crash_log would send the trace of a later test's crash to a file instead of the test run's output."""
    from ganlab_gl.app import crash_log
    monkeypatch.setattr(crash_log, "keep_crash_trace", lambda folder: None)


def pytest_collection_modifyitems(items):
    """A test that takes the headless context is a GL test by that alone (`-m gl` / `-m "not gl"` select it):
    marked here from its fixtures, so none is left out for want of a decorator."""
    for item in items:
        if "shared_gl_ctx" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gl)


@pytest.fixture(scope="session")
def shared_gl_ctx():
    from ganlab_gl.render.gl import create_headless_context

    try:
        ctx = create_headless_context()
    except RuntimeError as exc:
        pytest.skip(f"no headless OpenGL here: {exc}")
    yield ctx
    ctx.release()


@pytest.fixture
def gl_ctx(shared_gl_ctx):
    """The one headless context, handed back to the next test with the framebuffer binding this test found:
    a test that draws into a framebuffer of its own and releases it must not leave the next test bound to it."""
    previous = shared_gl_ctx.fbo
    yield shared_gl_ctx
    shared_gl_ctx.fbo = previous


@pytest.fixture
def copy_bridge(gl_ctx):
    """A fresh host-copy bridge per test, so its byte counters start at zero."""
    bridge = Bridge(gl_ctx, "cpu")
    yield bridge
    bridge.release()
