"""The wheel carries shaders/ and assets/ inside the package, found via importlib.resources."""

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import pathlib, ganlab_gl, ganlab_gl.resources as r
print(pathlib.Path(ganlab_gl.__file__).resolve())
print(r.shaders_dir().resolve())
print(r.asset_path('fonts/DejaVuSans.ttf').stat().st_size)
print(sorted(p.name for p in r.shaders_dir().iterdir() if p.suffix in ('.vert', '.frag', '.comp', '.glsl'))[:3])
from ganlab_gl.render.gl import create_headless_context
from ganlab_gl.render.bridge import Bridge
from ganlab_gl.render.canvas import Canvas, LAYER_ORDER
ctx = create_headless_context()
canvas = Canvas(ctx, Bridge(ctx, "cpu"), [name for name, _ in LAYER_ORDER])  # compiles every shader
print(len(canvas.layers))
"""


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(work), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(work.glob("ganlab_gl-*.whl"))
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # Reuse this test venv's packages (torch and friends) without reinstalling them.
    Path(site, "reuse_test_venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-compile", "--quiet", "--target", site,
                    str(wheel)], check=True, capture_output=True, timeout=300)
    return python, Path(site)


def test_installed_wheel_finds_its_shaders_and_assets(installed_wheel, tmp_path):
    python, site = installed_wheel
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([str(python), "-c", PROBE], capture_output=True, text=True, cwd=tmp_path, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    package_file, shaders, font_size, shader_names, layers_built = result.stdout.splitlines()
    assert Path(package_file).is_relative_to(site.resolve())  # the wheel's copy, not the source tree
    assert Path(shaders).is_relative_to(site.resolve() / "ganlab_gl")
    assert int(font_size) > 100_000
    assert shader_names != "[]"
    from ganlab_gl.render.canvas import LAYER_ORDER

    assert int(layers_built) == len(LAYER_ORDER) > 0  # every layer's shaders compiled from the wheel's copy


def test_installed_console_script_runs(installed_wheel, tmp_path):
    python, _ = installed_wheel
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([str(python), "-m", "ganlab_gl.cli", "settings"], capture_output=True, text=True,
                            cwd=tmp_path, env=env, timeout=120)
    assert result.returncode == 0 and "data.name" in result.stdout
