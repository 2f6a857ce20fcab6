"""Property tests: damaged checkpoints give a clean refusal or a faithful load, never an escaping exception.

Each example mutates a real checkpoint (byte flips, truncation, a sidecar field given
another type or value, a tensor given another dtype, shape or values), writes it, and
loads it. Allowed outcomes: a one-line `CheckpointError` naming the file, or a trainer
whose every stored tensor equals the file's and whose weights are finite. The file is
never changed by loading.
"""

import json
import math
import tempfile
from pathlib import Path

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ganlab_gl.core import checkpoint
from ganlab_gl.core.checkpoint import CheckpointError
from ganlab_gl.core.settings import GanConfig, apply_overrides
from ganlab_gl.core.trainer import Trainer

import checkpoint_files

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # long reprs of bytes
FUZZ = settings(max_examples=120, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def original():
    trainer = Trainer(apply_overrides(GanConfig(), ["train.d_optimizer=adam", "metrics.every=5",
                                                    "data.atlas_size=200"]))
    trainer.train(7)
    return checkpoint.serialize(trainer)


def load_outcome(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / checkpoint.CHECKPOINT_FILE
        path.write_bytes(data)
        try:
            trainer = checkpoint.load(folder)
        except CheckpointError as error:
            message = str(error)
            assert message.startswith(str(path)) or message.startswith(folder), message
            assert "\n" not in message
            return
        finally:
            assert path.read_bytes() == data  # loading never writes
        stored, _ = checkpoint_files.read(path)
        reloaded, _ = checkpoint_files.read_bytes(checkpoint.serialize(trainer))
        for name, tensor in stored.items():
            if name != "step_rng":
                assert torch.equal(reloaded[name], tensor) or (tensor.isnan() == reloaded[name].isnan()).all(), name
        assert trainer.parameters_finite()


@FUZZ
@given(data=st.data())
def test_flipped_bytes(original, data):
    damaged = bytearray(original)
    for _ in range(data.draw(st.integers(1, 8))):
        damaged[data.draw(st.integers(0, len(damaged) - 1))] ^= data.draw(st.integers(1, 255))
    load_outcome(bytes(damaged))


@FUZZ
@given(cut=st.integers(0, 10**9))
def test_truncated_files(original, cut):
    load_outcome(original[: cut % len(original)])


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers(-10**40, 10**40) | st.floats() | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                        max_size=3), max_leaves=6)


def _paths(tree, prefix=()):
    """Every key path in a JSON tree (dicts only)."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield prefix + (key,)
            yield from _paths(value, prefix + (key,))


@FUZZ
@given(data=st.data())
def test_sidecar_fields_of_other_types_and_values(original, data):
    tensors, sidecar = checkpoint_files.read_bytes(original)
    paths = sorted(_paths(sidecar))
    path = data.draw(st.sampled_from(paths))
    node = sidecar
    for key in path[:-1]:
        node = node[key]
    if data.draw(st.booleans()):
        node[path[-1]] = data.draw(JSON_VALUES)
    else:
        del node[path[-1]]
    load_outcome(checkpoint_files.to_bytes(tensors, sidecar, keep_manifest=True))


DTYPES = [torch.float32, torch.float64, torch.float16, torch.int64, torch.int32, torch.uint8, torch.bool]


@FUZZ
@given(data=st.data())
def test_tensors_of_other_dtypes_shapes_and_values(original, data):
    tensors, sidecar = checkpoint_files.read_bytes(original)
    name = data.draw(st.sampled_from(sorted(tensors)))
    tensor = tensors[name]
    change = data.draw(st.sampled_from(["dtype", "shape", "value", "drop", "add"]))
    if change == "dtype":
        tensors[name] = tensor.to(data.draw(st.sampled_from(DTYPES)))
    elif change == "shape":
        shape = data.draw(st.lists(st.integers(0, 9), min_size=0, max_size=3))
        tensors[name] = torch.zeros(shape, dtype=tensor.dtype)
    elif change == "value" and tensor.numel():
        flat = tensor.clone().reshape(-1)
        index = data.draw(st.integers(0, flat.numel() - 1))
        value = data.draw(st.sampled_from([math.nan, math.inf, -math.inf, -1.0, 1e30, 0.0, 255.0]))
        flat[index] = (value if tensor.is_floating_point()
                       else int(min(max(value if math.isfinite(value) else 0, 0), 255)))
        tensors[name] = flat.reshape(tensor.shape)
    elif change == "drop":
        del tensors[name]
    else:
        tensors[data.draw(st.sampled_from([name + ".x", "extra", "d_optimizer.state.99.exp_avg"]))] = tensor.clone()
    load_outcome(checkpoint_files.to_bytes(tensors, sidecar, keep_manifest=data.draw(st.booleans())))


def test_the_fuzzed_original_loads(original):
    load_outcome(original)  # the baseline every mutation starts from is itself valid
    assert json.loads(json.dumps(checkpoint_files.read_bytes(original)[1]))["format"] == checkpoint.FORMAT_VERSION
