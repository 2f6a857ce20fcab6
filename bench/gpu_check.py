"""The CUDA path checked in one run: tests, NVIDIA EGL, interop, 4K render, training, lab frame.

Run by `scripts/gpu_check` (which first installs the carried wheels and GL loaders on a
bare GPU machine); see docs/GPU_CHECK.md. Each check runs in its own Python process with
a time limit (a crash or hang in one, say in the GL driver, leaves the others running),
writes one JSON result, and appends its output to the full log. The summary table is
printed last. Without CUDA (here: CPU torch, Mesa llvmpipe) every check still runs the
code it can, at reduced sizes, and the rows that need the GPU say "skipped: no CUDA".

    python bench/gpu_check.py [--out DIR] [--budget-s 420]          # all checks
    python bench/gpu_check.py --step render --out DIR               # one check (what the driver runs)

Files written to --out (default $OUT, else /tmp/gpu_check), at most 8:
  gpu_check.log (every check's output), results.json, table.md, pytest-gpu.log,
  render-egl.png, lab-frame.png (and scripts/gpu_check adds setup output to gpu_check.log).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

# The targets of issue 15.
TARGET_RENDER_FPS = 120.0  # 3840x2160, manifold 1024^2, heatmap 1024^2, 1M fakes, offscreen
TARGET_TRAIN_ITS = 5000.0  # CUDA training while the lab renders at 60 frames/s
TARGET_LAB_FPS = 60.0
FULL_RENDER = {"size": (3840, 2160), "manifold": 1024, "heatmap": 1024, "fakes": 1_000_000, "repeats": 10}
REDUCED_RENDER = {"size": (640, 400), "manifold": 32, "heatmap": 64, "fakes": 2_000, "repeats": 2}

# step name -> (time cap in seconds, what it checks)
STEPS = {
    "env": (60, "machine, driver, torch, packages"),
    "tests": (180, "pytest -m gpu"),
    "egl": (60, "headless render through EGL, vendor checked"),
    "interop": (90, "interop round trip, host bytes per frame"),
    "render": (150, "render bench 4K, M=1024, N=1024, 1M fakes"),
    "train": (120, "CUDA training it/s, eager and graph"),
    "lab": (120, "lab frame offscreen while training"),
}


def count_host_bytes_by_owner(bridge) -> dict[str, int]:
    """Wrap bridge.write so the returned dict counts, per owning layer, the bytes that crossed the host."""
    host_owners: dict[str, int] = {}
    plain_write = bridge.write

    def write(buffer, tensor):
        if tensor.device.type != "cuda" or bridge.path_name != "cuda-gl interop":
            host_owners[buffer.owner] = host_owners.get(buffer.owner, 0) + tensor.numel() * tensor.element_size()
        plain_write(buffer, tensor)

    bridge.write = write
    return host_owners


def cuda_ok() -> bool:
    import torch
    return torch.cuda.is_available()


def device_name() -> str:
    return "cuda" if cuda_ok() else "cpu"


def no_cuda(what: str = "") -> str:
    return "skipped: no CUDA" + (f" ({what})" if what else "")


# -- the checks, each returns a dict: status (PASS / FAIL / skipped: ... / ERROR), figure, target, details ------------

def step_env(out: Path) -> dict:
    import torch
    info = {"python": platform.python_version(), "torch": torch.__version__,
            "cuda_available": torch.cuda.is_available(), "torch_cuda": torch.version.cuda}
    if torch.cuda.is_available():
        props = torch.cuda.get_device_properties(0)
        info.update(gpu=props.name, memory_gib=round(props.total_memory / 2**30, 1), sms=props.multi_processor_count)
    try:
        smi = subprocess.run(["nvidia-smi", "--query-gpu=name,driver_version,clocks.sm,clocks.mem,temperature.gpu",
                              "--format=csv,noheader"], capture_output=True, text=True, timeout=20)
        info["nvidia_smi"] = smi.stdout.strip() or smi.stderr.strip()
    except (OSError, subprocess.TimeoutExpired) as exc:
        info["nvidia_smi"] = f"unavailable ({exc.__class__.__name__})"
    from importlib import metadata
    for package in ("moderngl", "glcontext", "moderngl-window", "imgui-bundle", "pyglet", "pyglm", "numpy", "pillow",
                    "cuda-bindings", "cuda-python", "safetensors", "pytest"):
        try:
            info[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            info[package] = "missing"
    try:
        from cuda.bindings import runtime  # noqa: F401
        info["cuda.bindings.runtime"] = "imports"
    except ImportError as exc:
        info["cuda.bindings.runtime"] = f"ImportError: {exc}"
    print(json.dumps(info, indent=1))
    missing = [p for p in ("moderngl", "glcontext", "imgui-bundle") if info[p] == "missing"]
    figure = f"{info.get('gpu', 'no GPU')}; torch {info['torch']}; py {info['python']}"
    if missing:
        return {"status": "FAIL", "figure": figure, "detail": f"missing: {', '.join(missing)}", **info}
    return {"status": "PASS", "figure": figure, **info}


def step_tests(out: Path) -> dict:
    log_path = out / "pytest-gpu.log"
    cmd = [sys.executable, "-m", "pytest", "-m", "gpu", "-rA", "-p", "no:cacheprovider", "tests"]
    with open(log_path, "w") as log_file:
        proc = subprocess.run(cmd, cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT, timeout=STEPS["tests"][0] - 10)
    text = log_path.read_text(errors="replace")
    print(text[-4000:])
    summary = next((line.strip("= ") for line in reversed(text.splitlines()) if " in " in line and "=" in line), "?")
    import re
    counts = {k: int(n) for n, k in re.findall(r"(\d+) (passed|failed|skipped|errors?|deselected)", summary)}
    passed, failed = counts.get("passed", 0), counts.get("failed", 0) + counts.get("error", 0) + counts.get("errors", 0)
    if failed or proc.returncode not in (0, 5):
        status = "FAIL"
    elif not cuda_ok():
        status = no_cuda(f"{counts.get('skipped', 0)} skipped")
    else:
        status = "PASS" if passed and not counts.get("skipped") else "FAIL (some skipped on CUDA)"
    return {"status": status, "figure": summary, "returncode": proc.returncode, **counts}


def _trainer(*overrides: str):
    from ganlab_gl.core.settings import GanConfig, apply_overrides
    from ganlab_gl.core.trainer import Trainer
    return Trainer(apply_overrides(GanConfig(), [f"run.device={device_name()}", *overrides]))


def step_egl(out: Path) -> dict:
    from ganlab_gl.core.probes import Prober
    from ganlab_gl.render.gl import create_headless_context
    from ganlab_gl.render.headless import render_png
    from PIL import Image
    import numpy as np

    ctx = create_headless_context()
    info = {key: ctx.info.get(key) for key in ("GL_VENDOR", "GL_RENDERER", "GL_VERSION")}
    print(info)
    trainer = _trainer()
    trainer.train(200)
    snapshot = Prober(trainer).snapshot(heatmap_res=256, manifold_res=64, count=2000)
    path = render_png(snapshot, out / "render-egl.png", size=(1920, 1080), ctx=ctx)
    image = np.asarray(Image.open(path))
    distinct = len(np.unique(image.reshape(-1, 4), axis=0))
    figure = f"{info['GL_VENDOR']} / {info['GL_RENDERER']}; 1920x1080 PNG, {distinct} colours"
    rendered = image.shape == (1080, 1920, 4) and distinct > 50
    nvidia = "NVIDIA" in str(info["GL_VENDOR"]).upper()
    if not rendered:
        status = "FAIL"
    elif nvidia:
        status = "PASS"
    else:
        status = "skipped: no NVIDIA EGL (rendered on " + str(info["GL_RENDERER"]) + ")"
    return {"status": status, "figure": figure, "target": "vendor NVIDIA", **info}


def step_interop(out: Path) -> dict:
    import torch
    from ganlab_gl.core.probes import Prober
    from ganlab_gl.render.bridge import Bridge
    from ganlab_gl.render.canvas import Canvas
    from ganlab_gl.render.gl import create_headless_context
    from ganlab_gl.render.view import View

    ctx = create_headless_context()
    trainer = _trainer()
    prober = Prober(trainer)
    bridge = Bridge(ctx, trainer.device)
    host_owners = count_host_bytes_by_owner(bridge)
    canvas = Canvas(ctx, bridge)
    size = (1280, 800)
    target = ctx.framebuffer([ctx.renderbuffer(size, 4, samples=min(4, ctx.max_samples))])
    view = View.fit(trainer.data_rect, size)
    frames, per_frame_host, per_frame_total = 30, [], []
    try:
        for frame in range(frames + 1):
            trainer.train(10)
            snapshot = prober.snapshot(heatmap_res=128, manifold_res=64, count=5000)
            before_host, before_total = bridge.host_bytes_copied, bridge.bytes_uploaded
            if frame == 1:
                host_owners.clear()  # frame 0 uploads the fixed sets (real samples, noise grid) once
            canvas.set_snapshot(snapshot)
            canvas.upload()
            canvas.draw(view, target)
            ctx.finish()
            if frame:
                per_frame_host.append(bridge.host_bytes_copied - before_host)
                per_frame_total.append(bridge.bytes_uploaded - before_total)
        # round trip: the bytes GL holds are the tensor's bytes
        fake_layer = next(layer for layer in canvas.layers.values() if type(layer).__name__ == "FakeSamplesLayer")
        fakes = fake_layer.buffers["points"]  # found by class: the layer names are being renamed
        held = fakes.buffer.read(size=fakes.nbytes)
        round_trip = held == snapshot.fake.detach().cpu().contiguous().numpy().tobytes()
    finally:
        canvas.release()
        bridge.release()
    host = statistics.median(per_frame_host)
    total = statistics.median(per_frame_total)
    figure = (f"{bridge.path_name}: {host:,.0f} host bytes/frame of {total:,.0f} uploaded; round trip "
              f"{'exact' if round_trip else 'MISMATCH'}")
    print(figure, "host copies by buffer after frame 0:", host_owners)
    detail = {"path": bridge.path_name, "host_bytes_per_frame": host, "bytes_per_frame": total,
              "round_trip_exact": round_trip, "host_copies_by_buffer": host_owners}
    if not round_trip:
        status = "FAIL"
    elif not cuda_ok():
        status = no_cuda("copy path exercised")
    elif bridge.path_name != "cuda-gl interop":
        status = "FAIL (fell back to the host copy)"
    else:
        status = "PASS" if max(per_frame_host) == 0 else "FAIL"
    return {"status": status, "figure": figure, "target": "0 host bytes/frame", **detail}


def step_render(out: Path) -> dict:
    import render_speed
    from ganlab_gl.core.probes import Prober
    from ganlab_gl.render.gl import create_headless_context

    cell = FULL_RENDER if cuda_ok() else REDUCED_RENDER
    ctx = create_headless_context()
    prober = Prober(_trainer("noise.dim=2"))
    started = time.perf_counter()
    r = render_speed.time_cell(ctx, prober, cell["size"], cell["manifold"], cell["heatmap"], cell["fakes"],
                               cell["repeats"], started + 120)
    w, h = cell["size"]
    label = f"{w}x{h} M={cell['manifold']} N={cell['heatmap']} {cell['fakes']:,} fakes"
    figure = (f"{r['fps']:.1f} frames/s ({label}): probe {r['probe'] * 1e3:.2f} + upload {r['upload'] * 1e3:.2f} + "
              f"draw {r['draw_wall'] * 1e3:.2f} ms (GPU {r['draw_gpu'] * 1e3:.2f}); "
              f"draw alone {1 / r['draw_wall']:.0f}/s")
    print(ctx.info["GL_RENDERER"], figure, r)
    if not cuda_ok():
        status = no_cuda("ran reduced: " + label)
    else:
        status = "PASS" if r["fps"] >= TARGET_RENDER_FPS else "FAIL"
    return {"status": status, "figure": figure, "target": f">= {TARGET_RENDER_FPS:.0f} frames/s", "cell": label,
            "renderer": ctx.info["GL_RENDERER"], **r}


def _rate(trainer, iterations: int, repeats: int) -> list[float]:
    import torch
    rates = []
    for repeat in range(repeats + 1):
        if trainer.device.type == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        trainer.train(iterations)
        trainer.flush_losses()
        if trainer.device.type == "cuda":
            torch.cuda.synchronize()
        if repeat:  # the first round warms up (and captures the graph)
            rates.append(iterations / (time.perf_counter() - start))
    return rates


def step_train(out: Path) -> dict:
    from ganlab_gl.core.cuda_graph import graph_state
    iterations, repeats = (3000, 3) if cuda_ok() else (300, 2)
    eager = _rate(_trainer(), iterations, repeats)
    graphed_trainer = _trainer("run.cuda_graph=true")
    graphed = _rate(graphed_trainer, iterations, repeats)
    step = graph_state(graphed_trainer)
    graph_note = step.note or f"{step.captures} capture(s), {step.replays} replays"
    e, g = statistics.median(eager), statistics.median(graphed)
    figure = f"eager {e:,.0f} it/s, graph {g:,.0f} it/s ({graph_note})"
    print(figure, {"eager": eager, "graph": graphed})
    if not cuda_ok():
        fell_back = step.note == "tensors live on cpu" and step.captures == 0
        status = no_cuda("graph fell back cleanly" if fell_back else "graph did NOT fall back cleanly")
        if not fell_back:
            status = "FAIL: " + status
    elif step.note is not None or step.captures == 0:
        status = "FAIL (graph fell back)"
    else:
        status = "PASS" if g > e else "FAIL (graph not faster)"
    return {"status": status, "figure": figure, "target": "graph faster than eager", "eager_its": e, "graph_its": g,
            "graph_note": graph_note, "device": device_name()}


def step_lab(out: Path) -> dict:
    import numpy as np
    import torch
    from dataclasses import dataclass
    from imgui_bundle import imgui, implot
    from PIL import Image

    from ganlab_gl.app.fonts import new_frame
    from ganlab_gl.app.imgui_renderer import ImGuiRenderer
    from ganlab_gl.app.lab import Lab
    from ganlab_gl.app.state import AppState
    from ganlab_gl.core.settings import apply_overrides
    from ganlab_gl.render.gl import create_headless_context

    size = (1600, 960)
    ctx = create_headless_context()

    @dataclass
    class Host:  # the parts of window.WindowHost the lab uses (as tests/test_app_lab_headless.py)
        ctx: object
        renderer: object
        window_size: tuple = size
        framebuffer_size: tuple = size
        content_scale: float = 1.0
        ui_scale: float = 1.0
        fullscreen: bool = False

        def request_close(self) -> None:
            pass

    imgui.create_context()
    implot.create_context()
    io = imgui.get_io()
    io.set_ini_filename(None)
    io.display_size = size
    renderer = ImGuiRenderer(ctx)
    target = ctx.simple_framebuffer(size)
    state = AppState()
    state.config = apply_overrides(state.config, [f"run.device={device_name()}", "run.cuda_graph=true"])
    state.playing = True
    lab = Lab(Host(ctx, renderer), state, screenshot_dir=out)
    bridge = lab.bridge
    host_owners = count_host_bytes_by_owner(bridge)

    def frame(dt: float) -> None:
        io.delta_time = max(dt, 1e-4)
        new_frame()
        lab.on_gui()
        imgui.render()
        target.use()
        lab.on_frame(ctx, io.delta_time, size, size)
        target.use()
        renderer.render(imgui.get_draw_data())
        ctx.finish()

    def run(seconds: float, pace_hz: float | None) -> dict:
        frames, last = 0, time.perf_counter()
        its0, host0, start = lab.controller.trainer.iteration_count, bridge.host_bytes_copied, time.perf_counter()
        while time.perf_counter() - start < seconds:
            frame_start = time.perf_counter()
            frame(frame_start - last)
            last = frame_start
            frames += 1
            if pace_hz:
                wait = frame_start + 1 / pace_hz - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
        elapsed = time.perf_counter() - start
        its = lab.controller.trainer.iteration_count - its0
        return {"fps": frames / elapsed, "its": its / elapsed, "frames": frames,
                "host_bytes_per_frame": (bridge.host_bytes_copied - host0) / max(frames, 1)}

    try:
        seconds = 8.0 if cuda_ok() else 4.0
        for _ in range(10 if cuda_ok() else 2):  # warm-up: fonts, thumbnails, the graph capture
            frame(1 / 60)
        host_owners.clear()
        paced = run(seconds, 60.0)
        free = run(seconds / 2, None)
        pixels = np.frombuffer(target.read(components=4), np.uint8).reshape(size[1], size[0], 4)[::-1]
        Image.fromarray(pixels, "RGBA").save(out / "lab-frame.png")
        trainer = lab.controller.trainer
        graph = trainer.__dict__.get("_graph_step")
        graph_note = "never used" if graph is None else (graph.note or f"{graph.captures} capture(s)")
        device, path = str(trainer.device), bridge.path_name
        cuda_tensors = trainer.device.type == "cuda" and lab.snapshot.fake.is_cuda
    finally:
        lab.release()
        renderer.release()
        target.release()
        implot.destroy_context()
        imgui.destroy_context()
    figure = (f"paced 60 Hz: {paced['fps']:.1f} frames/s, {paced['its']:,.0f} it/s; unpaced: {free['fps']:.1f} "
              f"frames/s, {free['its']:,.0f} it/s; {path}, {paced['host_bytes_per_frame']:,.0f} host B/frame; "
              f"training on {device}, graph: {graph_note}")
    print(figure, "host copies by buffer while timed:", host_owners)
    if not cuda_ok():
        status = no_cuda("lab frame ran on the CPU")
    else:
        ok = (paced["fps"] >= TARGET_LAB_FPS * 0.97 and paced["its"] >= TARGET_TRAIN_ITS and cuda_tensors
              and paced["host_bytes_per_frame"] == 0)
        status = "PASS" if ok else "FAIL"
    return {"status": status, "figure": figure, "target": f">= {TARGET_TRAIN_ITS:,.0f} it/s at 60 frames/s, 0 host B",
            "paced": paced, "unpaced": free, "graph": graph_note, "bridge": path, "device": device,
            "host_copies_by_buffer": host_owners}


# -- the driver ------------------------------------------------------------------------------------------------------

def run_step(name: str, out: Path) -> None:
    """Child process: run one check, write its JSON result."""
    result_path = out / f".{name}.json"
    try:
        result = globals()[f"step_{name}"](out)
    except Exception as exc:
        traceback.print_exc()
        result = {"status": "ERROR", "figure": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}
    result_path.write_text(json.dumps(result, default=str))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.environ.get("OUT") or "/tmp/gpu_check")
    parser.add_argument("--step", choices=list(STEPS), help="run one check in this process")
    parser.add_argument("--only", nargs="*", choices=list(STEPS), help="run these checks only")
    parser.add_argument("--budget-s", type=float, default=420.0, help="all checks together end within this")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.step:
        run_step(args.step, out)
        return 0

    started = time.perf_counter()
    results: dict[str, dict] = {}
    log_path = out / "gpu_check.log"
    for name in args.only or list(STEPS):
        cap, what = STEPS[name]
        remaining = args.budget_s - (time.perf_counter() - started)
        if remaining < 15:
            results[name] = {"status": "skipped: time budget", "figure": ""}
            continue
        limit = min(cap, remaining)
        step_started = time.perf_counter()
        print(f"[gpu_check] {name}: {what} (limit {limit:.0f} s)", flush=True)
        with open(log_path, "a") as log_file:
            log_file.write(f"\n===== {name}: {what} =====\n")
            log_file.flush()
            try:
                subprocess.run([sys.executable, "-u", __file__, "--step", name, "--out", str(out)], cwd=REPO,
                               stdout=log_file, stderr=subprocess.STDOUT, timeout=limit)
                result_file = out / f".{name}.json"
                results[name] = (json.loads(result_file.read_text()) if result_file.exists()
                                 else {"status": "ERROR", "figure": "the check died without a result (see log)"})
            except subprocess.TimeoutExpired:
                results[name] = {"status": "ERROR", "figure": f"timed out after {limit:.0f} s"}
        (out / f".{name}.json").unlink(missing_ok=True)
        results[name]["seconds"] = round(time.perf_counter() - step_started, 1)
        print(f"[gpu_check] {name}: {results[name]['status']} ({results[name]['seconds']} s)", flush=True)

    (out / "results.json").write_text(json.dumps(results, indent=1, default=str))
    lines = ["| check | status | figure | target | s |", "|---|---|---|---|---:|"]
    for name, r in results.items():
        figure = str(r.get("figure", "")).replace("|", "/")
        lines.append(f"| {name} | {r['status']} | {figure} | {r.get('target', '')} | {r.get('seconds', '')} |")
    table = "\n".join(lines)
    (out / "table.md").write_text(table + "\n")
    with open(log_path, "a") as log_file:
        log_file.write("\n" + table + "\n")
    print(f"\n[gpu_check] full logs in {out}; {time.perf_counter() - started:.0f} s\n")
    print(table)
    failed = [n for n, r in results.items() if r["status"].startswith(("FAIL", "ERROR"))]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
