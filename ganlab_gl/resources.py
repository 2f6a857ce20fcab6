"""Find the files that ship beside the code: GLSL shaders and assets (fonts, pretrained).

In the repository they live in the top-level `shaders/` and `assets/` folders; the wheel
carries them inside the package (`ganlab_gl/shaders`, `ganlab_gl/assets`, see
pyproject.toml), where importlib.resources finds them. A source checkout has no copy
inside the package, so there we fall back to the repository folders.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parent.parent


def _folder(name: str) -> Path:
    packaged = resources.files("ganlab_gl").joinpath(name)
    if packaged.is_dir():
        return Path(str(packaged))
    return _REPO_ROOT / name


def shaders_dir() -> Path:
    return _folder("shaders")


def assets_dir() -> Path:
    return _folder("assets")


def shader_source(file_name: str) -> str:
    path = shaders_dir() / file_name
    if not path.is_file():
        raise FileNotFoundError(f"shader {file_name!r} not found in {shaders_dir()}")
    return path.read_text(encoding="utf-8")


def asset_path(relative: str) -> Path:
    path = assets_dir() / relative
    if not path.exists():
        raise FileNotFoundError(f"asset {relative!r} not found in {assets_dir()}")
    return path
