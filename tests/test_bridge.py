"""The tensor -> GL buffer bridge: bytes arrive intact, buffers are reused, only dirty
tensors travel, errors name the buffer. The CUDA interop path runs under `gpu`."""

from __future__ import annotations

import logging

import numpy as np
import pytest
import torch

from ganlab_gl.core.snapshot import HeatmapProbe, Snapshot
from ganlab_gl.render import bridge as bridge_module
from ganlab_gl.render.bridge import Bridge, BridgeError, HostCopyPath, host_copy_reason
from ganlab_gl.render.canvas import Canvas

pytestmark = pytest.mark.gl


@pytest.mark.parametrize("dtype", [torch.float32, torch.int32, torch.uint32])
def test_copy_round_trip(copy_bridge, dtype):
    tensor = torch.arange(12).reshape(4, 3).to(dtype)
    target = copy_bridge.new_buffer("round-trip")
    copy_bridge.write(target, tensor)
    assert target.buffer.read(size=target.nbytes) == tensor.numpy().tobytes()
    assert (target.nbytes, target.shape, len(target)) == (48, (4, 3), 4)
    assert copy_bridge.bytes_uploaded == copy_bridge.host_bytes_copied == 48


def test_same_size_write_keeps_the_buffer(copy_bridge):
    target = copy_bridge.new_buffer("same")
    copy_bridge.write(target, torch.zeros(100, 2))
    buffer, glo, reallocations = target.buffer, target.buffer.glo, target.reallocations
    second = torch.randn(100, 2)
    copy_bridge.write(target, second)
    assert target.buffer is buffer and target.buffer.glo == glo
    assert target.reallocations == reallocations
    assert np.array_equal(np.frombuffer(target.buffer.read(), np.float32).reshape(100, 2), second.numpy())


def test_resize_reallocates_storage_under_the_same_name(copy_bridge):
    target = copy_bridge.new_buffer("resize")
    copy_bridge.write(target, torch.zeros(10))
    glo, reallocations = target.buffer.glo, target.reallocations
    bigger = torch.arange(25, dtype=torch.float32)
    copy_bridge.write(target, bigger)
    assert target.reallocations == reallocations + 1
    assert target.buffer.size == target.nbytes == 100
    assert target.buffer.glo == glo  # vertex arrays built on it stay valid
    assert target.buffer.read() == bigger.numpy().tobytes()


def test_empty_tensor_leaves_an_empty_buffer(copy_bridge):
    target = copy_bridge.new_buffer("empty")
    copy_bridge.write(target, torch.zeros(0, 2))
    assert (target.nbytes, len(target), copy_bridge.bytes_uploaded) == (0, 0, 0)


def test_bad_dtype_names_owner_dtype_and_shape(copy_bridge):
    target = copy_bridge.new_buffer("heatmap")
    with pytest.raises(BridgeError, match=r"buffer 'heatmap' got float64 tensor of shape \(3, 4\); expected float32"):
        copy_bridge.write(target, torch.zeros(3, 4, dtype=torch.float64))


def test_non_contiguous_is_refused(copy_bridge):
    target = copy_bridge.new_buffer("fake")
    with pytest.raises(BridgeError, match=r"buffer 'fake' got a non-contiguous tensor of shape \(2, 5\)"):
        copy_bridge.write(target, torch.zeros(5, 2).t())


def _snapshot(real: torch.Tensor, fake: torch.Tensor, heatmap: bool = True) -> Snapshot:
    return Snapshot(
        iteration=0,
        real=real,
        fake=fake,
        fake_gradient=torch.zeros_like(fake),
        heatmap=HeatmapProbe(torch.rand(8, 8), (0.0, 0.0, 1.0, 1.0), "probability") if heatmap else None,
    )


def test_only_dirty_tensors_are_uploaded(gl_ctx, copy_bridge):
    canvas = Canvas(gl_ctx, copy_bridge, ["heatmap", "real", "gradients", "fake"])
    real = torch.rand(30, 2)
    try:
        canvas.set_snapshot(_snapshot(real, torch.rand(20, 2)))
        canvas.upload()
        # real 30x2, fake 20x2 twice (samples and gradient bases), gradients 20x2, heatmap 8x8
        first = 4 * (60 + 40 + 40 + 40 + 64)
        assert copy_bridge.bytes_uploaded == first
        canvas.upload()  # nothing new: nothing moves
        assert copy_bridge.bytes_uploaded == first
        buffers = {name: dict(layer.buffers) for name, layer in canvas.layers.items()}

        # same real tensor, heatmap not probed: only the fakes and their gradients move
        canvas.set_snapshot(_snapshot(real, torch.rand(20, 2), heatmap=False))
        canvas.upload()
        second = first + 4 * (40 + 40 + 40)
        assert copy_bridge.bytes_uploaded == second
        assert {name: dict(layer.buffers) for name, layer in canvas.layers.items()} == buffers

        real.add_(0.1)  # modified in place: uploaded again
        canvas.set_snapshot(_snapshot(real, torch.rand(20, 2), heatmap=False))
        canvas.upload()
        assert copy_bridge.bytes_uploaded == second + 4 * (60 + 40 + 40 + 40)
        assert canvas["real"].buffers["points"].buffer.read() == real.numpy().tobytes()
    finally:
        canvas.release()


def test_bridge_picks_copy_off_nvidia(gl_ctx, caplog):
    with caplog.at_level(logging.DEBUG, logger="ganlab_gl.render"):
        cpu = Bridge(gl_ctx, "cpu")
        cuda = Bridge(gl_ctx, torch.device("cuda"))
    assert cpu.path_name == "host copy"
    if "NVIDIA" not in gl_ctx.info["GL_VENDOR"].upper():
        assert cuda.path_name == "host copy"
    lines = [r.getMessage() for r in caplog.records if r.name == "ganlab_gl.render"]
    assert len(lines) == 2 and "tensors live on cpu" in lines[0]
    if "NVIDIA" not in gl_ctx.info["GL_VENDOR"].upper():
        assert "not the NVIDIA driver" in lines[1]


def test_the_path_is_a_choice_of_the_device_and_the_gl_vendor():
    assert host_copy_reason(torch.device("cpu"), "NVIDIA Corporation") == "tensors live on cpu"
    assert host_copy_reason(torch.device("cuda", 0), "Mesa") == "GL runs on 'Mesa', not the NVIDIA driver"
    assert host_copy_reason(torch.device("cuda", 0), "NVIDIA Corporation") is None  # interop, if cuda-python can


class RecordingPath(HostCopyPath):
    def __init__(self, device):
        self.device, self.forgotten = device, []

    def forget(self, target):
        self.forgotten.append(target.owner)


def test_a_device_change_chooses_the_path_again_and_keeps_the_buffers(gl_ctx, monkeypatch):
    """A restart that moves the run between the CPU and CUDA: the bridge made for the first device must not
    serve the second (interop for tensors now on the CPU, or the host copy for tensors now on the GPU)."""
    paths = []
    monkeypatch.setattr(bridge_module, "path_for", lambda device, vendor: paths.append(RecordingPath(device))
                        or paths[-1])
    bridge = Bridge(gl_ctx, "cpu")
    try:
        target = bridge.new_buffer("fake")
        bridge.write(target, torch.ones(4, 2))
        glo = target.buffer.glo
        bridge.follow(torch.device("cpu"))  # the same device: the same path
        assert [path.device.type for path in paths] == ["cpu"]
        bridge.follow("cuda")
        assert [path.device.type for path in paths] == ["cpu", "cuda"]
        assert paths[0].forgotten == ["fake"]  # the path left lets go of what it held for each buffer
        assert bridge._path is paths[1] and bridge.device.type == "cuda"
        bridge.write(target, torch.zeros(4, 2))  # the same GL buffer, written through the new path
        assert target.buffer.glo == glo and target.buffer.read() == torch.zeros(4, 2).numpy().tobytes()
    finally:
        bridge.release()
    assert paths[1].forgotten == ["fake"]


@pytest.mark.gpu
def test_cuda_interop_round_trip(gl_ctx, caplog):
    caplog.set_level(logging.DEBUG, "ganlab_gl.render")  # why the bridge fell back, where it does
    if not torch.cuda.is_available():
        pytest.skip("CUDA is not available")
    pytest.importorskip("cuda.bindings.runtime", reason="cuda-python is not installed")
    if "NVIDIA" not in gl_ctx.info["GL_VENDOR"].upper():
        pytest.skip(f"the EGL context runs on {gl_ctx.info['GL_VENDOR']!r}, not the NVIDIA driver")
    bridge = Bridge(gl_ctx, torch.device("cuda"))
    assert bridge.path_name == "cuda-gl interop", f"the bridge fell back: {caplog.text}"
    try:
        target = bridge.new_buffer("interop")
        first = torch.randn(1000, 2, device="cuda")
        bridge.write(target, first)
        gl_ctx.finish()
        assert target.buffer.read() == first.cpu().numpy().tobytes()
        glo, reallocations = target.buffer.glo, target.reallocations

        second = torch.randn(1000, 2, device="cuda")
        bridge.write(target, second)  # same size: same registration, same storage
        assert (target.buffer.glo, target.reallocations) == (glo, reallocations)
        assert target.buffer.read() == second.cpu().numpy().tobytes()

        third = torch.arange(3000, dtype=torch.int32, device="cuda")
        bridge.write(target, third)  # resize: re-registered
        assert target.reallocations == reallocations + 1
        assert target.buffer.read() == third.cpu().numpy().tobytes()
        assert bridge.host_bytes_copied == 0
        assert bridge.bytes_uploaded == 8000 + 8000 + 12000
    finally:
        bridge.release()


def test_a_write_in_parts_writes_what_one_write_does(copy_bridge):
    """A 2048² picture's 82 MB took 0.1 to 0.3 s to upload in one frame on a loaded machine: a write cut in parts,
    done a few a frame, ends with the very bytes, shape and counts of one write."""
    tensor = torch.randn(1001, 2)  # 8,008 bytes: parts of at most 3,000, the last shorter
    whole, parted = copy_bridge.new_buffer("whole"), copy_bridge.new_buffer("parted")
    copy_bridge.write(whole, torch.zeros(5))
    copy_bridge.write(parted, torch.zeros(5))
    copy_bridge.write(whole, tensor)
    steps = copy_bridge.write_steps(parted, tensor, 3000)
    assert [units for units, _ in steps] == [2670, 2670, 2668]  # even parts
    for _, call in steps:
        call()
    assert parted.buffer.read() == whole.buffer.read() == tensor.numpy().tobytes()
    assert (parted.nbytes, parted.shape, parted.reallocations) == (whole.nbytes, whole.shape, whole.reallocations)
    assert copy_bridge.bytes_uploaded == copy_bridge.host_bytes_copied == 2 * (20 + 8008)
    assert len(copy_bridge.write_steps(parted, tensor, None)) == 1
