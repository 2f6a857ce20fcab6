"""The one place tensors move into GL buffers.

One `Bridge` owns the GL buffers; how a write reaches them is its path, which follows the
device the tensors live on (`follow`: a restart can move the run between CUDA and the CPU).
`CudaInteropPath` copies device-to-device into a GL buffer that CUDA has registered (no host
bytes at all), `HostCopyPath` goes through host memory (one copy for CUDA tensors, none extra
for CPU tensors). `host_copy_reason` decides from the device and the GL vendor alone; interop
is taken only when it says nothing against it and cuda-python then finds the GPU behind GL.

A buffer keeps its GL name for its whole life: a write of the same byte size updates
it in place, a new size re-specifies its storage (glBufferData through `orphan`), so
vertex arrays built on it stay valid either way, and so does a change of path.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import moderngl
import torch

log = logging.getLogger("ganlab_gl.render")

ACCEPTED_DTYPES = (torch.float32, torch.int32, torch.uint32)
_MIN_GL_BYTES = 4  # GL buffers cannot be empty; an empty tensor leaves nbytes = 0


class BridgeError(ValueError):
    pass


class InteropUnavailable(RuntimeError):
    pass


class TensorBuffer:
    """One GL buffer fed from tensors. `nbytes` and `shape` describe the last write;
    `buffer.size` equals `nbytes` except after an empty write (GL buffers cannot be
    empty, so the old storage stays)."""

    def __init__(self, ctx: moderngl.Context, owner: str):
        self.owner = owner
        self.buffer = ctx.buffer(reserve=_MIN_GL_BYTES, dynamic=True)
        self.nbytes = 0
        self.shape: tuple[int, ...] = (0,)
        self.reallocations = 0  # storage re-specifications (size changes), for tests and stats

    def __len__(self) -> int:
        """Rows written (the leading dimension of the last tensor)."""
        return self.shape[0] if self.shape else 1

    def _resize(self, nbytes: int) -> None:
        if self.buffer.size != nbytes:
            self.buffer.orphan(nbytes)
            self.reallocations += 1


class HostCopyPath:
    name = "host copy"

    def write(self, target: TensorBuffer, tensor: torch.Tensor, nbytes: int) -> int:
        """Writes `tensor` into `target`; returns the bytes that passed through host memory."""
        host = tensor.cpu().numpy()  # CUDA: the one device->host copy; CPU: a view
        target._resize(nbytes)
        target.buffer.write(host)
        return nbytes

    def forget(self, target: TensorBuffer) -> None:
        """`target` is released, or the bridge leaves this path: let go of what is held for it."""


class CudaInteropPath(HostCopyPath):
    """CUDA-GL interop through cuda-python's runtime bindings. Each GL buffer is
    registered once (again only after a resize, which re-specifies its storage), then
    every write maps it on torch's current stream, copies device-to-device, unmaps.
    Mapping and unmapping on the stream that produced the tensor orders the copy after
    the training work and the GL draw after the copy, without a host sync. The odd CPU
    tensor (dataset previews, a stroke being drawn) takes the host copy instead."""

    name = "cuda-gl interop"

    def __init__(self, device: torch.device):
        from cuda.bindings import runtime as cudart

        self._rt = cudart
        self.device = device
        self._resources: dict[int, object] = {}  # id(TensorBuffer) -> cudaGraphicsResource_t
        self._check_same_gpu()

    def _check_same_gpu(self) -> None:
        """Interop maps GL memory into the CUDA device that drives the GL context; tensors
        on another GPU would need a peer copy, so refuse and let the copy path run."""
        err, count, gl_devices = self._rt.cudaGLGetDevices(1, self._rt.cudaGLDeviceList.cudaGLDeviceListAll)
        if err != self._rt.cudaError_t.cudaSuccess or count == 0:
            raise InteropUnavailable(f"cudaGLGetDevices found no CUDA device behind this GL context ({err!r})")
        index = self.device.index if self.device.index is not None else torch.cuda.current_device()
        if index not in list(gl_devices)[:count]:
            raise InteropUnavailable(f"GL runs on CUDA device {list(gl_devices)[:count]}, tensors on cuda:{index}")

    def _call(self, target: TensorBuffer, what: str, result: tuple):
        err, *values = result
        if err != self._rt.cudaError_t.cudaSuccess:
            raise RuntimeError(f"bridge: buffer {target.owner!r}: {what} failed with {err!r}")
        return values[0] if len(values) == 1 else values

    def _resource(self, target: TensorBuffer, nbytes: int):
        if target.buffer.size != nbytes:
            self.forget(target)
            target._resize(nbytes)
        if id(target) not in self._resources:
            flags = self._rt.cudaGraphicsRegisterFlags.cudaGraphicsRegisterFlagsWriteDiscard
            self._resources[id(target)] = self._call(
                target, "cudaGraphicsGLRegisterBuffer", self._rt.cudaGraphicsGLRegisterBuffer(target.buffer.glo, flags)
            )
        return self._resources[id(target)]

    def write(self, target: TensorBuffer, tensor: torch.Tensor, nbytes: int) -> int:
        if tensor.device.type != "cuda":
            if target.buffer.size != nbytes:
                self.forget(target)  # the copy path may re-specify the storage
            return super().write(target, tensor, nbytes)
        rt = self._rt
        resource = self._resource(target, nbytes)
        stream = torch.cuda.current_stream(tensor.device).cuda_stream
        self._call(target, "cudaGraphicsMapResources", rt.cudaGraphicsMapResources(1, resource, stream))
        try:
            pointer, mapped = self._call(
                target, "cudaGraphicsResourceGetMappedPointer", rt.cudaGraphicsResourceGetMappedPointer(resource)
            )
            if mapped < nbytes:
                raise RuntimeError(f"bridge: buffer {target.owner!r}: mapped {mapped} bytes, need {nbytes}")
            kind = rt.cudaMemcpyKind.cudaMemcpyDeviceToDevice
            self._call(target, "cudaMemcpyAsync", rt.cudaMemcpyAsync(pointer, tensor.data_ptr(), nbytes, kind, stream))
        finally:
            self._call(target, "cudaGraphicsUnmapResources", rt.cudaGraphicsUnmapResources(1, resource, stream))
        return 0

    def forget(self, target: TensorBuffer) -> None:
        resource = self._resources.pop(id(target), None)
        if resource is not None:
            self._call(target, "cudaGraphicsUnregisterResource", self._rt.cudaGraphicsUnregisterResource(resource))


def host_copy_reason(device: torch.device, gl_vendor: str) -> str | None:
    """Why tensors on `device` must reach a GL context of `gl_vendor` through host memory; None where
    interop may serve them (cuda-python and the GPU behind the GL context have the last word)."""
    if device.type != "cuda":
        return f"tensors live on {device}"
    if "NVIDIA" not in gl_vendor.upper():
        return f"GL runs on {gl_vendor!r}, not the NVIDIA driver"
    return None


def path_for(device: torch.device, gl_vendor: str) -> HostCopyPath:
    """The interop path when it can work here, else the host copy; logs which and why, at debug level: every
    `render` and `animate` said it to the user; the lab's toolbar tooltip names the path."""
    reason = host_copy_reason(device, gl_vendor)
    if reason is None:
        try:
            path = CudaInteropPath(device)
        except ImportError as exc:
            reason = f"cuda-python is not importable ({exc})"
        except InteropUnavailable as exc:
            reason = str(exc)
        except Exception as exc:  # a driver/binding mismatch: drawing must go on
            reason = f"interop setup failed: {exc!r}"
        else:
            log.debug("render bridge: cuda-gl interop (tensors on %s, GL vendor %r)", device, gl_vendor)
            return path
    log.debug("render bridge: host copy (%s)", reason)
    return HostCopyPath()


class Bridge:
    def __init__(self, ctx: moderngl.Context, device: torch.device | str):
        """`device`: where the tensors written will live (`follow` moves it)."""
        self.ctx = ctx
        self.bytes_uploaded = 0  # bytes written into GL buffers, either path
        self.host_bytes_copied = 0  # of those, bytes that passed through host memory
        self._buffers: list[TensorBuffer] = []
        self.device = _indexed(torch.device(device))
        self._path = path_for(self.device, ctx.info.get("GL_VENDOR", "?"))

    @property
    def path_name(self) -> str:
        return self._path.name

    def follow(self, device: torch.device | str) -> None:
        """Tensors live on `device` from now on: where it is another device than so far, the path is chosen
        again for it (the buffers stay; interop lets go of its registrations)."""
        device = _indexed(torch.device(device))
        if device == self.device:
            return
        path = path_for(device, self.ctx.info.get("GL_VENDOR", "?"))
        for target in self._buffers:
            self._path.forget(target)
        self._path, self.device = path, device

    def new_buffer(self, owner: str) -> TensorBuffer:
        target = TensorBuffer(self.ctx, owner)
        self._buffers.append(target)
        return target

    def write(self, target: TensorBuffer, tensor: torch.Tensor) -> None:
        _check(target, tensor)
        nbytes = tensor.numel() * tensor.element_size()
        target.shape = tuple(tensor.shape)
        target.nbytes = nbytes
        if nbytes == 0:
            return
        self.host_bytes_copied += self._path.write(target, tensor.detach(), nbytes)
        self.bytes_uploaded += nbytes

    def write_steps(self, target: TensorBuffer, tensor: torch.Tensor, part_bytes: int | None
                    ) -> list[tuple[int, Callable[[], None]]]:
        """`write` as (bytes, call) steps of at most `part_bytes` each, in order (None, or the interop path's
        device-to-device copy: one): the first re-specifies the storage, each writes its part from the one host copy,
        so that a write too slow for a frame (82 MB of a 2048² picture: 0.1 to 0.3 s on a loaded 2-core machine,
        mostly fresh pages) is spread over several. Done in order, the same bytes as `write`."""
        _check(target, tensor)
        nbytes = tensor.numel() * tensor.element_size()
        parts = 1 if part_bytes is None or isinstance(self._path, CudaInteropPath) else max(-(-nbytes // part_bytes), 1)
        if parts == 1:
            return [(nbytes, lambda: self.write(target, tensor))]
        size = -(-nbytes // parts)
        host: list[memoryview] = []

        def part(offset: int) -> Callable[[], None]:
            def call() -> None:
                if offset == 0:
                    host.append(memoryview(tensor.detach().cpu().numpy()).cast("B"))  # CUDA: the one copy
                    target.shape, target.nbytes = tuple(tensor.shape), nbytes
                    target._resize(nbytes)
                    self.host_bytes_copied += nbytes
                    self.bytes_uploaded += nbytes
                target.buffer.write(host[0][offset:offset + size], offset=offset)
            return call
        return [(min(size, nbytes - offset), part(offset)) for offset in range(0, nbytes, size)]

    def release_buffer(self, target: TensorBuffer) -> None:
        if target in self._buffers:
            self._path.forget(target)
            self._buffers.remove(target)
            target.buffer.release()

    def release(self) -> None:
        for target in list(self._buffers):
            self.release_buffer(target)


def _indexed(device: torch.device) -> torch.device:
    """`cuda` as the `cuda:N` its tensors report, so following a snapshot's device after a bridge made for the
    trainer's is no change; left as it is without a GPU."""
    if device.type == "cuda" and device.index is None and torch.cuda.is_available():
        return torch.device("cuda", torch.cuda.current_device())
    return device


def _check(target: TensorBuffer, tensor: torch.Tensor) -> None:
    if tensor.dtype not in ACCEPTED_DTYPES:
        raise BridgeError(
            f"bridge: buffer {target.owner!r} got {str(tensor.dtype).removeprefix('torch.')} tensor of shape "
            f"{tuple(tensor.shape)}; expected float32, int32 or uint32"
        )
    if not tensor.is_contiguous():
        raise BridgeError(
            f"bridge: buffer {target.owner!r} got a non-contiguous tensor of shape {tuple(tensor.shape)} "
            f"(strides {tensor.stride()}); call .contiguous() where it is produced"
        )
