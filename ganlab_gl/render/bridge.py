"""The one place tensors move into GL buffers.

Two paths with one interface: `CudaInteropBridge` copies device-to-device into a GL
buffer that CUDA has registered (no host bytes at all), `CopyBridge` goes through host
memory (one copy for CUDA tensors, none extra for CPU tensors). `make_bridge` picks
the interop path only when the tensors live on CUDA and the GL context runs on an
NVIDIA driver; everything else (llvmpipe, CPU training) gets the copy path.

A buffer keeps its GL name for its whole life: a write of the same byte size updates
it in place, a new size re-specifies its storage (glBufferData through `orphan`), so
vertex arrays built on it stay valid either way.
"""

from __future__ import annotations

import logging

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


class Bridge:
    path_name = "abstract"

    def __init__(self, ctx: moderngl.Context):
        self.ctx = ctx
        self.bytes_uploaded = 0  # bytes written into GL buffers, either path
        self.host_bytes_copied = 0  # of those, bytes that passed through host memory
        self._buffers: list[TensorBuffer] = []

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
        self._write(target, tensor.detach(), nbytes)
        self.bytes_uploaded += nbytes

    def _write(self, target: TensorBuffer, tensor: torch.Tensor, nbytes: int) -> None:
        raise NotImplementedError

    def release_buffer(self, target: TensorBuffer) -> None:
        if target in self._buffers:
            self._buffers.remove(target)
            target.buffer.release()

    def release(self) -> None:
        for target in list(self._buffers):
            self.release_buffer(target)


class CopyBridge(Bridge):
    path_name = "host copy"

    def _write(self, target: TensorBuffer, tensor: torch.Tensor, nbytes: int) -> None:
        host = tensor.cpu().numpy()  # CUDA: the one device->host copy; CPU: a view
        target._resize(nbytes)
        target.buffer.write(host)
        self.host_bytes_copied += nbytes


class CudaInteropBridge(CopyBridge):
    """CUDA-GL interop through cuda-python's runtime bindings. Each GL buffer is
    registered once (again only after a resize, which re-specifies its storage), then
    every write maps it on torch's current stream, copies device-to-device, unmaps.
    Mapping and unmapping on the stream that produced the tensor orders the copy after
    the training work and the GL draw after the copy, without a host sync. The odd CPU
    tensor (dataset previews, a stroke being drawn) takes the host copy instead."""

    path_name = "cuda-gl interop"

    def __init__(self, ctx: moderngl.Context, device: torch.device):
        super().__init__(ctx)
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
            self._unregister(target)
            target._resize(nbytes)
        if id(target) not in self._resources:
            flags = self._rt.cudaGraphicsRegisterFlags.cudaGraphicsRegisterFlagsWriteDiscard
            self._resources[id(target)] = self._call(
                target, "cudaGraphicsGLRegisterBuffer", self._rt.cudaGraphicsGLRegisterBuffer(target.buffer.glo, flags)
            )
        return self._resources[id(target)]

    def _write(self, target: TensorBuffer, tensor: torch.Tensor, nbytes: int) -> None:
        if tensor.device.type != "cuda":
            if target.buffer.size != nbytes:
                self._unregister(target)  # the copy path may re-specify the storage
            super()._write(target, tensor, nbytes)
            return
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

    def _unregister(self, target: TensorBuffer) -> None:
        resource = self._resources.pop(id(target), None)
        if resource is not None:
            self._call(target, "cudaGraphicsUnregisterResource", self._rt.cudaGraphicsUnregisterResource(resource))

    def release_buffer(self, target: TensorBuffer) -> None:
        self._unregister(target)
        super().release_buffer(target)


def make_bridge(ctx: moderngl.Context, device: torch.device | str) -> Bridge:
    """The interop bridge when it can work here, else the copy bridge; logs which and why."""
    device = torch.device(device)
    vendor = ctx.info.get("GL_VENDOR", "?")
    if device.type != "cuda":
        reason = f"tensors live on {device}"
    elif "NVIDIA" not in vendor.upper():
        reason = f"GL runs on {vendor!r}, not the NVIDIA driver"
    else:
        try:
            bridge = CudaInteropBridge(ctx, device)
        except ImportError as exc:
            reason = f"cuda-python is not importable ({exc})"
        except InteropUnavailable as exc:
            reason = str(exc)
        except Exception as exc:  # a driver/binding mismatch: drawing must go on
            reason = f"interop setup failed: {exc!r}"
        else:
            log.info("render bridge: cuda-gl interop (tensors on %s, GL vendor %r)", device, vendor)
            return bridge
    log.info("render bridge: host copy (%s)", reason)
    return CopyBridge(ctx)


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
