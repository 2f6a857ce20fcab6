"""OpenGL plumbing: the headless context and programs built from the files in `shaders/`.

Shader files may pull in shared code with `#include "file.glsl"` (on a line of its own,
after `#version`). We splice includes ourselves because core GLSL has no include, and
mark each spliced file with `#line 1 <k>` so compiler messages can be traced back: a
build error lists which source number is which file.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
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


_gil_free_gl: ctypes.CDLL | None = None


def _gl_through_ctypes() -> ctypes.CDLL:
    """libGL's entry points called through ctypes, which lets other Python threads run during the call."""
    global _gil_free_gl
    if _gil_free_gl is None:
        # the library glcontext gives moderngl (it honours GLCONTEXT_LINUX_LIBGL too), so both reach one context
        library = ctypes.CDLL(os.environ.get("GLCONTEXT_LINUX_LIBGL") or ctypes.util.find_library("GL") or "libGL.so.1")
        library.glUseProgram.argtypes = [ctypes.c_uint]
        library.glDispatchCompute.argtypes = [ctypes.c_uint] * 3
        library.glBindFramebuffer.argtypes = [ctypes.c_uint] * 2
        library.glBlitFramebuffer.argtypes = [ctypes.c_int] * 8 + [ctypes.c_uint] * 2
        _gil_free_gl = library
    return _gil_free_gl


def finish_releasing_gil() -> None:
    """glFinish through ctypes, which lets other Python threads run while the driver works.

    moderngl holds Python's GIL in every call, and a software rasteriser (llvmpipe) makes the
    calling thread wait inside some of them (an MSAA resolve, a compute barrier, a write to a
    buffer or texture, a draw sampling one texture too many) until its worker threads are done.
    Called just before such a wait, this takes the wait where the lab's trainer thread can run
    meanwhile (docs/BENCHMARKS.md); the moderngl call that follows then finds the work finished."""
    _gl_through_ctypes().glFinish()


SOFTWARE_RASTERISERS = ("llvmpipe", "softpipe", "SwiftShader", "Microsoft Basic Render Driver",
                        "Apple Software Renderer")  # GL_RENDERER names of CPU rasterisers


def waits_inside_calls(ctx: moderngl.Context) -> bool:
    """Whether this GL makes the calling thread wait for queued rendering inside moderngl calls (a write, a
    resolve, a draw): a software rasteriser does, its worker threads being the GPU; a GPU driver queues them."""
    return any(name in ctx.info["GL_RENDERER"] for name in SOFTWARE_RASTERISERS)


def wait_releasing_gil(ctx: moderngl.Context) -> None:
    """Where `waits_inside_calls`, wait for the queued rendering now, through `finish_releasing_gil`, so that
    the moderngl call that follows finds it done; elsewhere nothing (a GPU would only lose its queue)."""
    if waits_inside_calls(ctx):
        finish_releasing_gil()


def dispatch_releasing_gil(compute: moderngl.ComputeShader, groups_x: int, groups_y: int = 1,
                           groups_z: int = 1) -> None:
    """`compute.run(groups_x, groups_y, groups_z)`, through ctypes where `waits_inside_calls`: llvmpipe runs a
    dispatch to its end in the calling thread (first rasterising what the buffers it reads wait for). Uniforms
    and storage bindings are set through moderngl as usual; moderngl binds its program on every call, so none
    is left assumed."""
    if not waits_inside_calls(compute.ctx):
        compute.run(groups_x, groups_y, groups_z)
        return
    library = _gl_through_ctypes()
    library.glUseProgram(compute.glo)
    library.glDispatchCompute(groups_x, groups_y, groups_z)


MAX_WORK_GROUPS = 65535  # GL's least GL_MAX_COMPUTE_WORK_GROUP_COUNT in each dimension (llvmpipe's too)


def covering_groups(invocations: int, local_size: int) -> tuple[int, int]:
    """(x, y) work groups of `local_size` invocations that cover `invocations` flat indices, at most
    MAX_WORK_GROUPS in x: a 2048² manifold's 65,536 groups in x were refused (GL_INVALID_VALUE) and its cells
    went unmeasured. The shader's flat index: gl_GlobalInvocationID.y * gl_NumWorkGroups.x * gl_WorkGroupSize.x
    + gl_GlobalInvocationID.x, and it returns past `invocations`."""
    groups = max(-(-invocations // local_size), 1)
    rows = -(-groups // MAX_WORK_GROUPS)
    return -(-groups // rows), rows


_READ_FRAMEBUFFER, _DRAW_FRAMEBUFFER, _FRAMEBUFFER = 0x8CA8, 0x8CA9, 0x8D40
_COLOR_BUFFER_BIT, _NEAREST = 0x4000, 0x2600


def copy_pixels(source: moderngl.Framebuffer, target: moderngl.Framebuffer, source_origin: tuple[int, int],
                target_rect: tuple[int, int, int, int]) -> None:
    """Copy `source`'s pixels from `source_origin` (x, y) into `target_rect` (x0, y0, x1, y1), GL coordinates,
    one to one, through glBlitFramebuffer (moderngl copies whole framebuffers only); the scissor test applies.
    `target` is the framebuffer moderngl has bound, and stays bound."""
    library = _gl_through_ctypes()
    x0, y0, x1, y1 = target_rect
    sx, sy = source_origin
    library.glBindFramebuffer(_READ_FRAMEBUFFER, source.glo)
    library.glBindFramebuffer(_DRAW_FRAMEBUFFER, target.glo)
    library.glBlitFramebuffer(sx, sy, sx + x1 - x0, sy + y1 - y0, x0, y0, x1, y1, _COLOR_BUFFER_BIT, _NEAREST)
    library.glBindFramebuffer(_FRAMEBUFFER, target.glo)


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
