"""The window tests' app (window_lab_app.py), which scripts/lab_screenshots.py starts, opened under Xvfb as the
command opens the lab."""

from pathlib import Path

import pytest

from xvfb import AppProcess, xdo, xvfb  # noqa: F401  (fixtures)

APP = Path(__file__).resolve().parent / "window_lab_app.py"

pytestmark = pytest.mark.window


def test_the_test_app_opens_on_the_pretrained_model_as_the_command_does(xvfb, xdo, tmp_path):
    """`ganlab-gl` opens on the shipped model; the window tests' app (and scripts/lab_screenshots.py, which starts it)
    opened untrained only, so no screenshot showed what a student sees first. --pretrained opens as cli.py does."""
    title = "ganlab-gl pretrained window test"
    app = AppProcess.start(APP, xvfb, tmp_path / "status.json", title, "--pretrained")
    try:
        xdo.find_window(title, timeout=60)
        status = app.wait_for(lambda s: s.get("app") is not None and s["frame"] > 2, timeout=60)["app"]
        assert status["iteration"] > 1000 and not status["playing"], status  # scripts/train_pretrained.py
    finally:
        app.stop()
