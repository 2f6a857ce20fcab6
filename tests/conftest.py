"""Shared fixtures. GL tests draw into a headless EGL context (Mesa llvmpipe on a
machine without a GPU) and skip, saying why, where EGL cannot give GL 4.3."""

from __future__ import annotations

import os

import pytest

from ganlab_gl.app.crash_log import STATE_ENV
from ganlab_gl.app.outputs import OUTPUT_ENV
from ganlab_gl.render.bridge import Bridge


@pytest.fixture(scope="session", autouse=True)
def output_folder(tmp_path_factory):
    """Sessions, screenshots and recordings of every test, and of the lab processes window tests start, go
    to a throwaway folder, never the user's ~/ganlab-gl."""
    folder = tmp_path_factory.mktemp("output")
    previous = os.environ.get(OUTPUT_ENV)
    os.environ[OUTPUT_ENV] = str(folder)
    yield folder
    if previous is None:
        del os.environ[OUTPUT_ENV]
    else:
        os.environ[OUTPUT_ENV] = previous


@pytest.fixture(scope="session", autouse=True)
def crash_log_folder(tmp_path_factory):
    """The crash logs of the lab processes tests start (app/crash_log.py) go to a throwaway folder too."""
    folder = tmp_path_factory.mktemp("state")
    previous = os.environ.get(STATE_ENV)
    os.environ[STATE_ENV] = str(folder)
    yield folder
    if previous is None:
        del os.environ[STATE_ENV]
    else:
        os.environ[STATE_ENV] = previous


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
