"""`ganlab-gl lab` itself (the command, not the window tests' app) under Xvfb, stopped by a signal as `kill`, a
logout or a closed terminal stop it: the progress no save wrote is saved to the output folder's interrupted/ first.
The window tests' app (window_lab_app.py) runs the window without the command's stop signals: SIGTERM ends it at once,
as the harness's stop wants."""

import re
import signal
import subprocess
import sys

import pytest

from ganlab_gl.app.outputs import INTERRUPTED_NAME, OUTPUT_ENV
from ganlab_gl.app.status import STATUS_FILE_ENV
from ganlab_gl.core import checkpoint
from xvfb import REPO_ROOT, AppProcess, xvfb  # noqa: F401  (fixtures)

pytestmark = pytest.mark.window


def test_sigterm_saves_the_trained_run_and_exits_143(xvfb, tmp_path):
    """SIGTERM ended the lab at once, exit 143, 617 unsaved iterations lost. Now the lab stops at its next frame,
    saves the run to <output>/interrupted/, names the folder and how to open it on stderr, and exits 143; the folder
    loads back at the iteration the line names, which training had reached."""
    output = tmp_path / "output"
    env = {**xvfb.env(), STATUS_FILE_ENV: str(tmp_path / "status.json"), OUTPUT_ENV: str(output),
           "PYTHONPATH": str(REPO_ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "ganlab_gl", "lab", "--untrained", "--play", "--size",
                                "1024x768", "--set", "run.seed=0"], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    app = AppProcess(process, tmp_path / "status.json", "GAN Lab (ganlab-gl)")
    try:
        reached = app.wait_for(lambda s: s.get("app") is not None and s["app"]["trainer_iteration"] >= 30,
                               timeout=90)["app"]["trainer_iteration"]
        process.send_signal(signal.SIGTERM)
        output_text, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    folder = (output / INTERRUPTED_NAME).resolve()
    said = re.search(r"ganlab-gl: SIGTERM: saved the run on Two Gaussians at iteration ([\d,]+) to (.+) \(ganlab-gl "
                     r"(.+) opens it\)", output_text)
    assert process.returncode == 128 + signal.SIGTERM, output_text
    assert said is not None and said[2] == said[3] == str(folder), output_text
    iteration = int(said[1].replace(",", ""))
    assert iteration >= reached
    assert checkpoint.load(folder).iteration_count == iteration
