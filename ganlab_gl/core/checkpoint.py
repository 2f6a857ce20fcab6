"""Checkpoints: one safetensors file, written atomically, loaded only after every field is checked. No pickle.

`RUN_DIR/checkpoint.safetensors` holds every tensor (weights, optimizer moments, the
real data atlas, the dataset's components, the RNG state, the metric history) and, in
the safetensors header's metadata, a JSON sidecar: the format version, the config,
the trainer's counters, the dataset's description and the list of tensors. One file,
one rename (`atomic.write`): a failed or interrupted save leaves the previous
checkpoint whole, and weights can never sit beside another save's sidecar.

`load` trusts nothing in the file. It validates the config through the declared
settings, builds a fresh trainer for it, and checks every stored value against that
trainer's own `state_dict()`: each tensor's name, shape, dtype and finiteness, each
counter's type and range. Whatever the trainer's state holds is covered without special
code here: nested dicts of tensors are networks, dicts with `state`/`param_groups` are
optimizers, plain tensors and ints are stored as they are. Every refusal is one
`CheckpointError` line naming the file, the field and what was expected.
"""

from __future__ import annotations

import io
import json
import math
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_tensors

from . import atomic, datasets
from .losses import shown_d_loss
from .metrics import EVAL_COLUMNS, LOSS_COLUMNS
from .no_compiler import optimizer_step
from .presets import data_title
from .settings import LOSSES, GanConfig, SettingError, from_dict, to_dict
from .timeline import Layout
from .trainer import Trainer

CHECKPOINT_FILE = "checkpoint.safetensors"
LEGACY_SIDECAR_FILE = "checkpoint.json"  # format 1 kept its sidecar beside the tensors
FORMAT_VERSION = 6  # 3 added the timeline (its setting section, optionally its tensors); 4 train.lr_decay_end;
# 5 probe.shown_fakes; 6 history.losses holds D's loss as shown (losses.shown_d_loss)
READABLE_FORMATS = (2, 3, 4, 5, 6)
# Older formats stored D's loss in history.losses as its optimizer minimised it, twice what the lab shows now: it
# loads as shown_d_loss of it, so an old session's chart reads as a new one's.
SHOWN_D_LOSS_SINCE = 6
# The sections and keys an older file lacks, loaded at their defaults.
SETTINGS_SINCE = {3: ("timeline",), 4: ("train.lr_decay_end",), 5: ("probe.shown_fakes",)}
METADATA_KEY = "ganlab-gl"
MAX_ITERATION = 10**12  # ~30 years at 1000 iterations/s; anything above is damage
MAX_FILE_BYTES = 4 * 1024**3  # the largest config (16 x 1024 neurons, Adam, 1M atlas) needs under 1 GiB
MAX_HISTORY_ROWS = 10_000_000  # metrics.history's maximum
CURVES = ("line", "ring", "swissroll")
# safetensors' names of the dtypes a checkpoint holds, in the order its writer lays out their bytes (by this order,
# then by name), so that `Contents.write_to` writes the very file safetensors.torch.save makes
SAFETENSORS_DTYPES = {torch.int64: "I64", torch.float64: "F64", torch.float32: "F32", torch.int32: "I32",
                      torch.uint8: "U8"}
HISTORY_COLUMNS = {"history.losses": LOSS_COLUMNS, "history.evals": EVAL_COLUMNS}
TIMELINE_OPTIMIZERS = {"SGD": torch.optim.SGD, "Adam": torch.optim.Adam}  # the classes core.trainer builds


class CheckpointError(ValueError):
    """A checkpoint that cannot be saved or loaded; the message is one line naming the file and the field."""


# -- saving -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Contents:
    """What a checkpoint stores, taken from the trainer at one moment, so that writing it needs the trainer no
    more: a full timeline is 64 MB, about a second to write, which the lab spends in a thread while the run
    trains on. Tensors on the CPU, contiguous, that nothing changes any more (`contents`)."""
    tensors: dict[str, torch.Tensor]
    metadata: dict[str, str]

    def refuse_non_finite(self, path: Path | str) -> None:
        """CheckpointError where weights hold NaN or Inf (the history's NaN means "no value")."""
        for name, tensor in self.tensors.items():
            if tensor.is_floating_point() and not name.startswith("history.") and not bool(tensor.isfinite().all()):
                raise CheckpointError(f"{path}: not saved: {name} holds NaN or Inf; revert or reset first")

    def write_to(self, handle: BinaryIO) -> None:
        """The safetensors file of these tensors, byte for byte the one safetensors.torch.save makes, with each
        tensor written straight from its memory: building the file's bytes first (as safetensors does) held
        Python's lock about 0.3 s for a full timeline, and with it the lab's window. A file's `write` lets go of
        the lock while the system copies the bytes."""
        names = sorted(self.tensors, key=lambda name: (list(SAFETENSORS_DTYPES).index(self.tensors[name].dtype),
                                                       name))
        header: dict[str, Any] = {"__metadata__": self.metadata} if self.metadata else {}
        offset = 0
        for name in names:
            tensor = self.tensors[name]
            header[name] = {"dtype": SAFETENSORS_DTYPES[tensor.dtype], "shape": list(tensor.shape),
                            "data_offsets": [offset, offset + tensor.nbytes]}
            offset += tensor.nbytes
        text = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        text += b" " * (-len(text) % 8)  # safetensors pads the header to 8 bytes with spaces
        handle.write(struct.pack("<Q", len(text)) + text)
        for name in names:
            values = self.tensors[name].reshape(-1).numpy()  # the tensor's own memory, no copy
            handle.write(values.astype(values.dtype.newbyteorder("<"), copy=False).data.cast("B"))


def save(trainer: Trainer, run_dir: str | Path) -> Path:
    """Write RUN_DIR/checkpoint.safetensors atomically; refuses weights holding NaN or Inf."""
    return write(contents(trainer), run_dir)


def write(stored: Contents, run_dir: str | Path) -> Path:
    """`save`'s second half, which any thread may run: RUN_DIR/checkpoint.safetensors, atomically."""
    run_dir = Path(run_dir)
    path = run_dir / CHECKPOINT_FILE
    stored.refuse_non_finite(path)
    run_dir.mkdir(parents=True, exist_ok=True)
    return atomic.write(path, stored.write_to)


def serialize(trainer: Trainer, path: Path | str = CHECKPOINT_FILE) -> bytes:
    """The checkpoint file's bytes (what `save` writes to `path`)."""
    stored, buffer = contents(trainer), io.BytesIO()
    stored.refuse_non_finite(path)
    stored.write_to(buffer)
    return buffer.getvalue()


def contents(trainer: Trainer) -> Contents:
    """The tensors as they are now plus the JSON sidecar in the header's metadata; the trainer may change after."""
    trainer.flush_losses()
    tensors: dict[str, torch.Tensor] = {}
    counters: dict[str, int | float] = {}
    for key, value in trainer.state_dict().items():
        if _is_optimizer_state(value):
            for index, entries in value["state"].items():
                for name, moment in entries.items():
                    if moment is not None:
                        tensors[f"{key}.state.{index}.{name}"] = torch.as_tensor(moment)
        elif isinstance(value, dict):
            tensors.update({f"{key}.{name}": tensor for name, tensor in value.items()})
        elif isinstance(value, torch.Tensor):
            tensors[key] = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            counters[key] = value
        else:
            raise TypeError(f"Trainer.state_dict()[{key!r}]: cannot store a {type(value).__name__}")
    tensors["data.atlas"] = trainer.real_atlas
    for field in ("centers", "stds", "weights"):
        tensors[f"data.{field}"] = getattr(trainer.dataset, field)
    # Copies: the weights and moments are the trainer's own, which training overwrites in place. The history's rows
    # are new arrays, and the timeline's are left as they are once exported (Timeline.export): a full timeline's
    # 57 MB copy held the lab's window some 50 ms.
    tensors = {name: tensor.detach().to("cpu", copy=True).contiguous() for name, tensor in tensors.items()}
    for name, buffer in (("history.losses", trainer.history.losses), ("history.evals", trainer.history.evals)):
        rows = buffer.array()
        tensors[name] = torch.from_numpy(np.where(np.isfinite(rows), rows, np.nan))  # NaN: no value
    timeline_tensors, timeline_description = trainer.timeline.export()
    tensors.update({name: tensor.to("cpu").contiguous() for name, tensor in timeline_tensors.items()})
    unstorable = sorted({str(tensor.dtype) for tensor in tensors.values()} - set(map(str, SAFETENSORS_DTYPES)))
    if unstorable:
        raise TypeError(f"checkpoint: cannot store tensors of {', '.join(unstorable)}")
    dataset = trainer.dataset
    sidecar = {
        "format": FORMAT_VERSION,
        "config": to_dict(trainer.config),
        "counters": counters,
        "rng_device": trainer.device.type,  # a generator's state only fits a generator on the same kind of device
        "dataset": {"name": dataset.name, "curve": dataset.curve, "unit_square": dataset.unit_square,
                    "modes": dataset.is_mixture_of_modes},
        "tensors": sorted(tensors),
    }
    if timeline_description:
        sidecar["timeline"] = timeline_description
    return Contents(tensors, {METADATA_KEY: json.dumps(sidecar)})


def _is_optimizer_state(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"state", "param_groups"}


def _formats_text(conjunction: str) -> str:
    """READABLE_FORMATS as words: "2, 3, 4, 5 or 6"."""
    *first, last = map(str, READABLE_FORMATS)
    return f"{', '.join(first)} {conjunction} {last}" if first else last


# -- loading ------------------------------------------------------------------------------
def checked_run_dir(run_dir: str | Path) -> Path:
    """RUN_DIR's checkpoint file, refused in one line where there is none (a folder's absence, a format 1 run);
    what the file holds is `load`'s to check."""
    run_dir = Path(run_dir)
    path = run_dir / CHECKPOINT_FILE
    if run_dir.is_file():  # the session's own file, or any other (a recording): only the first has a folder to give
        if (run_dir.parent / CHECKPOINT_FILE).is_file():
            raise CheckpointError(f"{run_dir}: a file; give the folder that holds it")
        raise CheckpointError(f"{run_dir}: a file, not a ganlab-gl run directory")
    if not run_dir.is_dir():
        raise CheckpointError(f"{run_dir}: no such folder")
    if not path.is_file():
        if (run_dir / LEGACY_SIDECAR_FILE).is_file():
            raise CheckpointError(f"{run_dir}: a format 1 checkpoint (two files); this version reads formats "
                                  f"{_formats_text('and')} only: train it again")
        raise CheckpointError(f"{run_dir}: no {CHECKPOINT_FILE} (not a ganlab-gl run directory?)")
    return path


def load(run_dir: str | Path, device: str | None = None) -> Trainer:
    """A trainer rebuilt from RUN_DIR; anything damaged, absurd or mismatched is refused with one line."""
    path = checked_run_dir(run_dir)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CheckpointError(f"{path}: {path.stat().st_size} bytes; a checkpoint is at most {MAX_FILE_BYTES}")
        data = path.read_bytes()
    except OSError as error:
        raise CheckpointError(f"{path}: cannot read ({error.strerror or error})") from None
    return _Loader(path, data).trainer(device)


class _Loader:
    def __init__(self, path: Path, data: bytes):
        self.path = path
        metadata = _header_metadata(path, data)
        try:
            self.tensors = load_tensors(data)
        except (SafetensorError, ValueError, TypeError, RuntimeError) as error:
            raise CheckpointError(f"{path}: not a readable safetensors file ({_one_line(error)})") from None
        self.sidecar = self._sidecar(metadata)
        self.used: set[str] = set()

    def refuse(self, field: str, expected: str, got: Any = None, *, shown: str | None = None) -> CheckpointError:
        """`got` is shown as Python writes it ('300' versus 300); `shown` as it is."""
        detail = f", got {shown}" if shown is not None else "" if got is None else f", got {_short_repr(got)}"
        return CheckpointError(f"{self.path}: {field}: expected {expected}{detail}")

    # -- the sidecar ------------------------------------------------------------------------
    def _sidecar(self, metadata: dict) -> dict:
        if METADATA_KEY not in metadata:
            raise CheckpointError(f"{self.path}: no {METADATA_KEY} metadata in the header (not a ganlab-gl "
                                  "checkpoint?)")
        try:
            sidecar = json.loads(metadata[METADATA_KEY])
        except (json.JSONDecodeError, TypeError) as error:
            raise self.refuse(f"metadata {METADATA_KEY}", "JSON", shown=_one_line(error)) from None
        if not isinstance(sidecar, dict):
            raise self.refuse("metadata", "a JSON object", sidecar)
        version = sidecar.get("format")
        if type(version) is not int or version not in READABLE_FORMATS:
            raise CheckpointError(f"{self.path}: format {_short_repr(version)} is not one this version reads "
                                  f"(expected {_formats_text('or')}); it was written by another "
                                  "ganlab-gl")
        for key, kind, expected in (("config", dict, "a table of sections"), ("counters", dict, "an object"),
                                    ("dataset", dict, "an object"), ("tensors", list, "a list of tensor names"),
                                    ("rng_device", str, "cpu or cuda")):
            if not isinstance(sidecar.get(key), kind):
                raise self.refuse(key, expected, shown=_shown(sidecar, key))
        if sidecar["rng_device"] not in ("cpu", "cuda"):
            raise self.refuse("rng_device", "cpu or cuda", sidecar["rng_device"])
        if not all(isinstance(name, str) for name in sidecar["tensors"]):
            raise self.refuse("tensors", "a list of tensor names", sidecar["tensors"])
        if sorted(self.tensors) != sorted(sidecar["tensors"]):
            extra = sorted(set(self.tensors) ^ set(sidecar["tensors"]))[:1]
            raise self.refuse("tensors", "the tensors the header lists, exactly",
                              shown=f"a mismatch at {extra[0]}" if extra else "duplicate names")
        return sidecar

    def config(self, device: str | None) -> GanConfig:
        tree = dict(self.sidecar["config"])
        defaults = to_dict(GanConfig())
        for version, added in SETTINGS_SINCE.items():  # the migration: what older formats lack, at its default
            if self.sidecar["format"] < version:
                for path in added:
                    section, _, key = path.partition(".")
                    present = (section in tree if not key
                               else isinstance(tree.get(section), dict) and key in tree[section])
                    if present:
                        raise self.refuse(f"config.{path}", f"no such setting in format {self.sidecar['format']}")
                    if not key:
                        tree[section] = defaults[section]
                    elif isinstance(tree.get(section), dict):  # a missing section is damage, refused below
                        tree[section] = {**tree[section], key: defaults[section][key]}
        for key in GanConfig.settings():  # a missing section or key is damage, not a default
            section, name = key.split(".", 1)
            if not isinstance(tree.get(section), dict) or name not in tree[section]:
                raise self.refuse(f"config.{key}", "a value (every setting is stored)", shown="nothing")
        try:
            config = from_dict(tree, source=f"{self.path}: config")
        except SettingError as error:
            raise CheckpointError(str(error)) from None
        if device is not None:
            config.run.device = device
        return config

    # -- tensors ----------------------------------------------------------------------------
    def tensor(self, name: str, shape: tuple, dtype: torch.dtype = torch.float32, *, finite: bool = True,
               non_negative: bool = False) -> torch.Tensor:
        """The stored tensor `name`, checked: `shape` may hold None for a free dimension."""
        if name not in self.tensors:
            raise self.refuse(name, f"a stored tensor of shape {_shape_text(shape)}", shown="nothing")
        tensor = self.tensors[name]
        self.used.add(name)
        if tensor.dtype != dtype:
            raise self.refuse(name, _dtype_text(dtype), shown=_dtype_text(tensor.dtype))
        if tensor.dim() != len(shape) or any(want is not None and got != want
                                             for got, want in zip(tensor.shape, shape)):
            raise self.refuse(name, f"shape {_shape_text(shape)}", shown=_shape_text(tuple(tensor.shape)))
        if finite and tensor.is_floating_point() and not bool(tensor.isfinite().all()):
            raise self.refuse(name, "finite values", shown="NaN or Inf")
        if non_negative and bool((tensor < 0).any()):
            raise self.refuse(name, "values >= 0", float(tensor.min()))
        return tensor

    def dataset(self) -> datasets.Dataset:
        info = self.sidecar["dataset"]
        for key, check, expected in (("name", lambda v: isinstance(v, str) and 0 < len(v) <= 100, "a short name"),
                                     ("curve", lambda v: v is None or v in CURVES, f"null or {', '.join(CURVES)}"),
                                     ("unit_square", lambda v: isinstance(v, bool), "true or false"),
                                     ("modes", lambda v: isinstance(v, bool), "true or false")):
            if not check(info.get(key, ...)):
                raise self.refuse(f"dataset.{key}", expected, shown=_shown(info, key))
        centers = self.tensor("data.centers", (None, 2))
        count = centers.shape[0]
        if count > datasets.MAX_USER_POINTS or (count == 0 and (info["curve"] is None or info["modes"])):
            raise self.refuse("data.centers", f"1..{datasets.MAX_USER_POINTS} components", count)
        stds = self.tensor("data.stds", (count, 2), non_negative=True)
        weights = self.tensor("data.weights", (count,), non_negative=True)
        if count and not float(weights.sum()) > 0:
            raise self.refuse("data.weights", "a positive sum", float(weights.sum()))
        return datasets.Dataset(info["name"], centers, stds, weights, info["modes"], info["curve"],
                                info["unit_square"])

    def counter(self, key: str, template: int | float, trainer: Trainer) -> int | float:
        counters = self.sidecar["counters"]
        value = counters.get(key)
        if isinstance(template, float):
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
                raise self.refuse(f"counters.{key}", "a finite number", shown=_shown(counters, key))
            return float(value)
        high = MAX_ITERATION
        atlas_name = key.removesuffix("_cursor") + "_atlas"
        if key.endswith("_cursor") and hasattr(trainer, atlas_name):  # a batch source's row: within its atlas
            atlas = getattr(trainer, atlas_name)
            high = atlas.shape[0] if isinstance(atlas, torch.Tensor) else 0  # no atlas: the cursor stays at 0
        if type(value) is not int or not 0 <= value <= high:
            raise self.refuse(f"counters.{key}", f"an integer 0..{high}", shown=_shown(counters, key))
        return value

    def optimizer(self, key: str, optimizer: torch.optim.Optimizer) -> dict:
        """Moments checked against what one step of this optimizer keeps; hyperparameters come from the config."""
        expected = _moment_template(optimizer)
        prefix = f"{key}.state."
        stored = sorted(name for name in self.tensors if name.startswith(prefix))
        state: dict[int, dict[str, torch.Tensor]] = {}
        for name in stored:
            index_text, _, moment = name[len(prefix):].partition(".")
            index = int(index_text) if index_text.isdigit() else -1
            if moment not in expected.get(index, {}):
                raise self.refuse(name, f"no such tensor: {optimizer.__class__.__name__} keeps "
                                  f"{', '.join(sorted(expected.get(0, {}))) or 'no moments'}")
            shape, dtype = expected[index][moment]
            state.setdefault(index, {})[moment] = self.tensor(name, shape, dtype,
                                                              non_negative=moment.endswith("_sq") or moment == "step")
        complete = [index for index, entries in state.items() if len(entries) == len(expected[index])]
        if state and (len(complete) != len(state) or len(state) != len(expected)):
            raise self.refuse(prefix[:-1], f"every moment for all {len(expected)} parameters, or none",
                              shown=f"complete moments for {len(complete)}")
        steps = [entries["step"] for entries in state.values() if "step" in entries]
        if any(float(step) > MAX_ITERATION for step in steps):
            raise self.refuse(f"{key}.state.*.step", f"at most {MAX_ITERATION}", max(float(s) for s in steps))
        return {"state": state, "param_groups": optimizer.state_dict()["param_groups"]}

    def history(self, iteration: int) -> dict[str, np.ndarray]:
        rows = {}
        for name, columns in HISTORY_COLUMNS.items():
            table = self.tensor(name, (None, len(columns)), torch.float64, finite=False).numpy()
            if table.shape[0] > MAX_HISTORY_ROWS:
                raise self.refuse(name, f"at most {MAX_HISTORY_ROWS} rows", table.shape[0])
            steps = table[:, 0]
            if not (np.isfinite(steps).all() and (steps == np.round(steps)).all() and (steps >= 1).all()
                    and (steps <= iteration).all() and (np.diff(steps) > 0).all()):
                raise self.refuse(f"{name} iteration column", f"increasing whole numbers 1..{iteration}")
            if np.isinf(table[:, 1:]).any():
                raise self.refuse(name, "finite values or NaN (no value)", shown="Inf")
            rows[name] = table
        if self.sidecar["format"] < SHOWN_D_LOSS_SINCE:
            losses = rows["history.losses"].copy()  # the rows as read stay as the file holds them
            d_loss = LOSS_COLUMNS.index("d_loss")
            losses[:, d_loss] = shown_d_loss(losses[:, d_loss])
            rows["history.losses"] = losses
        return rows

    # -- the whole ---------------------------------------------------------------------------
    def trainer(self, device: str | None) -> Trainer:
        config = self.config(device)
        trainer = Trainer(config, dataset=self.dataset())
        state: dict[str, Any] = {}
        for key, template in trainer.state_dict().items():
            if _is_optimizer_state(template):
                state[key] = self.optimizer(key, getattr(trainer, key))
            elif isinstance(template, dict):
                state[key] = {name: self.tensor(f"{key}.{name}", tuple(value.shape), value.dtype)
                              for name, value in template.items()}
            elif isinstance(template, torch.Tensor):
                if key == "step_rng" and self.sidecar["rng_device"] != trainer.device.type:
                    self.used.add(key)
                    state[key] = template  # a CPU generator's state does not fit a CUDA one, and back
                else:
                    state[key] = self.tensor(key, tuple(template.shape), template.dtype)
            else:
                state[key] = self.counter(key, template, trainer)
        strangers = sorted(set(self.sidecar["counters"]) - set(state))
        if strangers:
            raise self.refuse(f"counters.{strangers[0]}", "no such counter: this trainer keeps "
                              + ", ".join(k for k in state if k in self.sidecar["counters"]))
        atlas = self.tensor("data.atlas", (config.data.atlas_size, 2))
        history = self.history(state.get("iteration", MAX_ITERATION))
        strays = sorted(name for name in set(self.tensors) - self.used if not name.startswith("timeline."))
        if strays:
            raise self.refuse(strays[0], "no such tensor: it has no place in this config's trainer")
        try:
            trainer.load_state_dict(state)
        except (RuntimeError, ValueError, TypeError, KeyError, IndexError) as error:
            raise CheckpointError(f"{self.path}: does not fit the config ({_one_line(error)})") from None
        trainer.real_atlas = atlas.to(trainer.device)
        trainer.history.losses.load(history["history.losses"])
        trainer.history.evals.load(history["history.evals"])
        self.timeline(trainer)
        unused = sorted(set(self.tensors) - self.used)
        if unused:
            raise self.refuse(unused[0], "no such tensor: it has no place in this config's trainer")
        return trainer

    def timeline(self, trainer: Trainer) -> None:
        """The stored timeline, checked row by row against this trainer; without one, the timeline starts
        at the loaded iteration."""
        trainer.timeline.clear()
        description = self.sidecar.get("timeline")
        if description is None or self.sidecar["format"] < 3:
            if description is not None:
                raise self.refuse("timeline", f"nothing in format {self.sidecar['format']}")
            trainer.timeline.record(trainer)
            return
        if not isinstance(description, dict) or not isinstance(description.get("layouts"), list) \
                or not 1 <= len(description["layouts"]) <= 255 \
                or type(description.get("thinnings")) is not int \
                or not 0 <= description["thinnings"] <= MAX_ITERATION:
            raise self.refuse("timeline", f"an object with 1..255 layouts and thinnings 0..{MAX_ITERATION}")
        layouts = [self._timeline_layout(position, layout, trainer)
                   for position, layout in enumerate(description["layouts"])]
        width = max(layout.width for layout in layouts)
        rows = self.tensor("timeline.rows", (None, width))
        n = rows.shape[0]
        iterations = self.tensor("timeline.iterations", (n,), torch.int64).numpy()
        if n == 0 or not ((iterations >= 0).all() and (np.diff(iterations) > 0).all()
                          and iterations[-1] == trainer.iteration_count):
            raise self.refuse("timeline.iterations", f"increasing iterations ending at {trainer.iteration_count}")
        cursors = self.tensor("timeline.cursors", (n, 2), torch.int64).numpy()
        atlas_rows = [trainer.real_atlas.shape[0], 0 if trainer.noise_atlas is None else trainer.noise_atlas.shape[0]]
        if (cursors < 0).any() or (cursors > np.array(atlas_rows)).any():
            raise self.refuse("timeline.cursors", f"rows within the atlases (0..{atlas_rows[0]}, 0..{atlas_rows[1]})")
        rng_states = self.tensor("timeline.rng_states", (None, None), torch.uint8)
        for name, dtype, count in (("timeline.rng_index", torch.int32, rng_states.shape[0]),
                                   ("timeline.loss", torch.uint8, len(LOSSES)),
                                   ("timeline.layout", torch.uint8, len(layouts))):
            values = self.tensor(name, (n,), dtype).numpy()
            if (values.astype(np.int64) >= count).any() or (values < 0).any():
                raise self.refuse(name, f"indices 0..{count - 1}")
        if (self.sidecar["rng_device"] != trainer.device.type
                or rng_states.shape[1] != trainer.step_rng.get_state().numel()):
            rng_states = trainer.step_rng.get_state().expand(rng_states.shape[0], -1)  # another kind of generator
        tensors = {name: self.tensors[name] for name in self.tensors if name.startswith("timeline.")}
        tensors["timeline.rng_states"] = rng_states
        trainer.timeline.restore(tensors, layouts, description["thinnings"])

    def _timeline_layout(self, position: int, stored: Any, trainer: Trainer) -> Layout:
        """A stored row layout: the trainer's weights, then the moments an optimizer of each stored kind keeps."""
        field = f"timeline.layouts[{position}]"
        kinds = stored.get("optimizers") if isinstance(stored, dict) else None
        if not (isinstance(kinds, list) and len(kinds) == 2 and all(k in TIMELINE_OPTIMIZERS for k in kinds)):
            raise self.refuse(f"{field}.optimizers", f"two of {', '.join(TIMELINE_OPTIMIZERS)}")
        expected = [(f"{key}.{name}", tuple(p.shape)) for key in ("generator", "discriminator")
                    for name, p in getattr(trainer, key).named_parameters()]
        complete = list(expected)
        for key, kind in zip(("d_optimizer", "g_optimizer"), kinds):
            params = [p for group in getattr(trainer, key).param_groups for p in group["params"]]
            template = _moment_template(TIMELINE_OPTIMIZERS[kind](params, lr=0.1))
            complete += [(f"{key}.state.{index}.{moment}", shape) for index, moments in sorted(template.items())
                         for moment, (shape, _) in moments.items()]
        try:
            slots = tuple((name, tuple(shape)) for name, shape in stored["slots"])
        except (TypeError, ValueError, KeyError):
            raise self.refuse(f"{field}.slots", "a list of [name, shape] pairs") from None
        networks = slots[:len(expected)]
        moments = set(slots[len(expected):])
        by_optimizer = {key: {slot for slot in complete if slot[0].startswith(key + ".")}
                        for key in ("d_optimizer", "g_optimizer")}
        if networks != tuple(expected) or len(moments) != len(slots) - len(expected) \
                or not all(moments & group in (set(), group) for group in by_optimizer.values()) \
                or not moments <= set(complete):
            raise self.refuse(f"{field}.slots", "this config's weights, then all or none of each optimizer's moments")
        return Layout(slots, tuple(kinds))  # moments in any order: the row is cut in the layout's own


def run_title(dataset: str, iteration: int, file: str = "") -> str:
    """'Ring at iteration 10,147': how the lab names a run, saved or running, on data.name `dataset` (data.file
    `file`), by the data's title."""
    return f"{data_title(dataset, file)} at iteration {iteration:,}"


def describe(run_dir: str | Path) -> str | None:
    """'Ring at iteration 10,147': the run a folder holds, read from its checkpoint's header alone (the weights
    are not read); None where it holds none or it cannot be read."""
    path = Path(run_dir) / CHECKPOINT_FILE
    try:
        with path.open("rb") as file:
            head = file.read(8)
            (length,) = struct.unpack("<Q", head) if len(head) == 8 else (0,)
            sidecar = json.loads(_header_metadata(path, head + file.read(min(length, 2**24)))[METADATA_KEY])
        return run_title(sidecar["dataset"]["name"], int(sidecar["counters"]["iteration"]),
                         sidecar.get("config", {}).get("data", {}).get("file", ""))
    except (OSError, CheckpointError, KeyError, TypeError, ValueError):
        return None


def _header_metadata(path: Path, data: bytes) -> dict:
    """The header's __metadata__, read by hand: safetensors' loader does not return it for bytes."""
    if len(data) < 8:
        raise CheckpointError(f"{path}: not a readable safetensors file ({len(data)} bytes)")
    (length,) = struct.unpack("<Q", data[:8])
    try:
        if length > len(data) - 8:
            raise ValueError(f"header of {length} bytes in a file of {len(data)}")
        header = json.loads(data[8:8 + length].decode("utf-8"))
        metadata = header.get("__metadata__", {}) if isinstance(header, dict) else None
        if not isinstance(metadata, dict):
            raise ValueError("__metadata__ is not an object")
    except (ValueError, UnicodeDecodeError) as error:
        raise CheckpointError(f"{path}: not a readable safetensors file ({_one_line(error)})") from None
    return metadata


def _moment_template(optimizer: torch.optim.Optimizer) -> dict[int, dict[str, tuple[tuple, torch.dtype]]]:
    """{parameter index: {moment: (shape, dtype)}} as one step of a copy of `optimizer` leaves them."""
    params = [p.detach().clone().requires_grad_(True) for group in optimizer.param_groups for p in group["params"]]
    probe = type(optimizer)(params, **optimizer.defaults)
    for p in params:
        p.grad = torch.zeros_like(p)
    optimizer_step(probe)  # unwrapped: the wrapper's import of torch._dynamo was 1.5-2 s of a first load
    return {index: {name: (tuple(value.shape), value.dtype) for name, value in entries.items()
                    if isinstance(value, torch.Tensor)}
            for index, entries in probe.state_dict()["state"].items()}


def _shape_text(shape: tuple) -> str:
    return "(" + ", ".join("N" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _shown(tree: dict, key: str) -> str:
    return _short_repr(tree[key]) if key in tree else "nothing"


def _dtype_text(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:200]
