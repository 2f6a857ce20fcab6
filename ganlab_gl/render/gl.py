"""OpenGL plumbing: the headless context and programs built from the files in `shaders/`.

Shader files may pull in shared code with `#include "file.glsl"` (on a line of its own,
after `#version`). We splice includes ourselves because core GLSL has no include, and
mark each spliced file with `#line 1 <k>` so compiler messages can be traced back: a
build error lists which source number is which file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import moderngl

from ganlab_gl.resources import shader_source

GL_VERSION_REQUIRED = 430  # compute shaders and SSBOs

_INCLUDE = re.compile(r'^\s*#include\s+"([^"]+)"\s*$', re.MULTILINE)


class ShaderBuildError(RuntimeError):
    pass


def create_headless_context(require: int = GL_VERSION_REQUIRED) -> moderngl.Context:
    """An offscreen GL context through EGL (works without a display or window)."""
    try:
        return moderngl.create_standalone_context(backend="egl", require=require)
    except Exception as exc:  # moderngl/glcontext raise plain Exceptions here
        raise RuntimeError(f"cannot create a headless EGL context with GL >= {require / 100:.1f}: {exc}") from exc


def load_shader(name: str) -> tuple[str, list[str]]:
    """Source of shader file `name` with includes spliced in, and the file behind each
    GLSL source-string number (index 0 is `name` itself)."""
    files = [name]

    def splice(file_name: str, number: int, stack: tuple[str, ...]) -> str:
        text = shader_source(file_name)

        def replace(match: re.Match[str]) -> str:
            included = match.group(1)
            if included in stack:
                raise ShaderBuildError(f"shader {file_name!r}: include cycle through {included!r}")
            files.append(included)
            body = splice(included, len(files) - 1, (*stack, included))
            # line after the #include: its own number within `file_name`
            resume = text.count("\n", 0, match.end()) + 2
            return f"#line 1 {len(files) - 1}\n{body}\n#line {resume} {number}"

        return _INCLUDE.sub(replace, text)

    return splice(name, 0, (name,)), files


def build_program(
    ctx: moderngl.Context, vertex: str, fragment: str | None = None, geometry: str | None = None
) -> moderngl.Program:
    """A program from shader files, named by their file names in `shaders/`."""
    stages = {"vertex_shader": vertex, "fragment_shader": fragment, "geometry_shader": geometry}
    sources: dict[str, str] = {}
    legends: list[str] = []
    for stage, file_name in stages.items():
        if file_name is None:
            continue
        sources[stage], files = load_shader(file_name)
        legends.append(f"{stage} {file_name!r}" + _legend(files))
    try:
        return ctx.program(**sources)
    except Exception as exc:
        raise ShaderBuildError(f"building program from {'; '.join(legends)} failed:\n{exc}") from exc


def build_compute(ctx: moderngl.Context, name: str) -> moderngl.ComputeShader:
    source, files = load_shader(name)
    try:
        return ctx.compute_shader(source)
    except Exception as exc:
        raise ShaderBuildError(f"building compute shader {name!r}{_legend(files)} failed:\n{exc}") from exc


def set_uniforms(program: moderngl.Program | moderngl.ComputeShader, values: Mapping[str, Any]) -> None:
    """Set the uniforms the program has; the GLSL compiler drops unused ones, so a
    missing name is not an error."""
    for name, value in values.items():
        if name in program:
            program[name].value = value


def _legend(files: list[str]) -> str:
    if len(files) == 1:
        return ""
    return " (source numbers: " + ", ".join(f"{k}={f}" for k, f in enumerate(files)) + ")"
