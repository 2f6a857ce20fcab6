"""Real data distributions: GAN Lab's presets, research mixtures, drawings and files.

GAN Lab's four presets use its own formulas in the unit square (poloclub/ganlab,
demo/ganlab_input_providers.ts). The mixtures follow the published protocols:
ring8 (Metz et al.'s unrolled-GAN ring at radius 1, std 0.01, angles 2*pi*k/8),
grid25 (5x5 Gaussians at {-4,-2,0,2,4}^2, std 0.05, as in VEEGAN/PacGAN) and the
swiss roll of Gulrajani et al.'s WGAN-GP toys (sklearn's roll, noise 0.25, / 7.5).
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from .settings import DATA_FILE_FORMATS

MAX_USER_POINTS = 1_000_000
CSV_OTHER_LINES = 10_000  # a CSV's room for a header, comments and blank lines beside its points
MAX_FILE_BYTES = 256 * 1024 * 1024
FAR_REACH = 10.0  # |x| or |y| beyond it: far from GAN Lab's unit square (grid25, the widest preset, reaches 4.05)
BLUR_SPANS = 4  # a spread above a quarter of the points' span blurs their shape away
SPRAY_CHUNK = 4096  # drawn points whose spray offsets one seed draws (spray): a longer stroke draws more chunks
MAX_COORDINATE = 1e6  # |x| and |y| of user data: float32 (what training runs in) keeps ~7 digits, the spread's too


class DataError(ValueError):
    """A refused data file or drawing; the message is one line naming the fault."""


@dataclass(frozen=True)
class Dataset:
    name: str
    centers: torch.Tensor  # (K, 2) component means
    stds: torch.Tensor  # (K, 2) per-axis std of each component
    weights: torch.Tensor  # (K,) mixing weights, sum 1
    is_mixture_of_modes: bool  # isotropic, separated modes: mode-coverage metrics apply
    curve: str | None = None  # "line" / "ring" / "swissroll": sampled along a curve instead
    unit_square: bool = False  # GAN Lab's presets and drawings live in, and are shown on, [0, 1]^2

    def sample(self, count: int, generator: torch.Generator) -> torch.Tensor:
        """Draw `count` points, (count, 2) float32 on the CPU."""
        if self.curve is not None:
            return _sample_curve(self.curve, count, generator)
        component = torch.multinomial(self.weights, count, replacement=True, generator=generator)  # (count,)
        noise = torch.randn(count, 2, generator=generator)  # (count, 2)
        return self.centers[component] + noise * self.stds[component]

    @property
    def mode_std(self) -> float:
        return float(self.stds.max())


def same_data(a: Dataset, b: Dataset) -> bool:
    """Whether two datasets are one distribution (a preset, a drawing, a file's points), whatever samples a seed
    drew from it: the lab's zoom stays on the one and goes with the other."""
    return a.name == b.name and a.centers.shape == b.centers.shape and bool(torch.equal(a.centers, b.centers))


def _mixture(name: str, centers: list[list[float]], stds: list[list[float]], weights: list[float],
             modes: bool, unit_square: bool = False) -> Dataset:
    w = torch.tensor(weights, dtype=torch.float64)
    return Dataset(name, torch.tensor(centers, dtype=torch.float32), torch.tensor(stds, dtype=torch.float32),
                   (w / w.sum()).float(), modes, unit_square=unit_square)


def _curve(name: str, unit_square: bool) -> Dataset:
    empty = torch.zeros(0, 2)
    return Dataset(name, empty, empty, torch.zeros(0), False, curve=name, unit_square=unit_square)


def _sample_curve(curve: str, count: int, generator: torch.Generator) -> torch.Tensor:
    u = torch.rand(count, generator=generator)  # (count,)
    noise = torch.randn(count, 2, generator=generator)  # (count, 2)
    if curve == "line":  # GAN Lab: a slanted segment, std 0.01
        return torch.stack([0.8 - 0.75 * u, 0.6 + 0.3 * u], dim=1) + 0.01 * noise
    if curve == "ring":  # GAN Lab: an ellipse around (0.5, 0.45), std 0.025
        angle = 2 * math.pi * u
        return torch.stack([0.5 + 0.3 * torch.cos(angle), 0.45 + 0.25 * torch.sin(angle)], dim=1) + 0.025 * noise
    if curve == "swissroll":
        t = 1.5 * math.pi * (1 + 2 * u)
        return (torch.stack([t * torch.cos(t), t * torch.sin(t)], dim=1) + 0.25 * noise) / 7.5
    raise ValueError(f"unknown curve {curve!r}")


def _ring8() -> Dataset:
    angles = [2 * math.pi * k / 8 for k in range(8)]
    return _mixture("ring8", [[math.cos(a), math.sin(a)] for a in angles], [[0.01, 0.01]] * 8, [1.0] * 8, True)


def _grid25() -> Dataset:
    centers = [[x, y] for x in (-4.0, -2.0, 0.0, 2.0, 4.0) for y in (-4.0, -2.0, 0.0, 2.0, 4.0)]
    return _mixture("grid25", centers, [[0.05, 0.05]] * 25, [1.0] * 25, True)


PRESETS = {
    "line": lambda: _curve("line", unit_square=True),
    # GAN Lab: two anisotropic clusters, equal weight.
    "gaussians": lambda: _mixture("gaussians", [[0.3, 0.7], [0.7, 0.4]], [[0.1, 0.1], [0.05, 0.2]], [0.5, 0.5],
                                  False, unit_square=True),
    "ring": lambda: _curve("ring", unit_square=True),
    # GAN Lab: three tight clusters; its thresholds give weights 0.333 / 0.333 / 0.334.
    "disjoint": lambda: _mixture("disjoint", [[0.35, 0.75], [0.75, 0.6], [0.45, 0.35]], [[0.025, 0.025]] * 3,
                                 [0.333, 0.333, 0.334], True, unit_square=True),
    "ring8": _ring8,
    "grid25": _grid25,
    "swissroll": lambda: _curve("swissroll", unit_square=False),
}


def preset(name: str) -> Dataset:
    if name not in PRESETS:
        raise DataError(f"unknown dataset {name!r}; choose one of {', '.join(PRESETS)}")
    return PRESETS[name]()


def from_points(points: np.ndarray | torch.Tensor, spread: float, name: str = "drawing",
                source: str = "drawing") -> Dataset:
    """User data (a drawing or a file): each point becomes a Gaussian of std `spread`."""
    array = validate_points(np.asarray(points, dtype=np.float64), source)
    centers = torch.from_numpy(array).float()
    count = centers.shape[0]
    inside_unit_square = bool(((array >= 0) & (array <= 1)).all())
    return Dataset(name, centers, torch.full((count, 2), float(spread)), torch.full((count,), 1.0 / count), False,
                   unit_square=inside_unit_square)


def spray(points: torch.Tensor, spread: float) -> torch.Tensor:
    """(N, 2) drawn points, each moved by one draw of the Gaussian it becomes (from_points): a sample of the data a
    drawing trains on, one a point, to show while drawing (a thin line of the stroke's own points hid the brush's
    spread until the run began). A point's offset depends on its index alone, so the stroke's earlier points stay put
    as it grows."""
    chunks = [torch.randn(SPRAY_CHUNK, 2, generator=torch.Generator().manual_seed(chunk))
              for chunk in range(-(-len(points) // SPRAY_CHUNK))]
    offsets = torch.cat(chunks)[: len(points)] if chunks else points.new_zeros(0, 2)
    return points + float(spread) * offsets


def fit_note(dataset: Dataset, source: str) -> str | None:
    """A word about user points GAN Lab's networks will not learn as they are: far from the unit square its data
    lies in (and its rates are made for), or blurred by a spread wider than their shape; None where they fit."""
    centers = dataset.centers.double()
    low, high = centers.min(dim=0).values, centers.max(dim=0).values
    reach = float(centers.abs().max())
    if reach > FAR_REACH:
        return (f"{source}: the points reach {reach:.4g} (x {float(low[0]):.4g}..{float(high[0]):.4g}, "
                f"y {float(low[1]):.4g}..{float(high[1]):.4g}); GAN Lab's networks and rates are made for data near "
                "the unit square, so training may crawl: rescale the data to about 0..1")
    span, spread = float((high - low).max()), dataset.mode_std
    if span == 0:
        return (f"{source}: all {len(centers):,} points are one point, ({float(low[0]):.4g}, {float(low[1]):.4g}): "
                f"the run learns one Gaussian of std {spread:g} (data.brush_spread) around it")
    if BLUR_SPANS * spread > span:
        return (f"{source}: the points span {span:.3g} and data.brush_spread blurs each by {spread:g}, which hides "
                "their shape: lower data.brush_spread or rescale the data")
    return None


def build(name: str, file: str = "", spread: float = 0.02, drawing: np.ndarray | None = None) -> Dataset:
    """The dataset a config names. `drawing`: the points of a drawing (the UI's), or of the file as the caller
    has read it (an import, or the running run's points when only the spread changes); a file not yet read is
    read from disk."""
    if name == "drawing":
        if drawing is None:
            raise DataError("data.name = drawing needs drawn points; draw some first")
        return from_points(drawing, spread)
    if name == "file":
        if not file:
            raise DataError("data.name = file needs data.file = a .csv or .npy path")
        return from_points(load_points(file) if drawing is None else drawing, spread, name="file", source=file)
    return preset(name)


def validate_points(array: np.ndarray, source: str, rows: np.ndarray | None = None) -> np.ndarray:
    """`array` if it can be trained on; a DataError naming the fault otherwise. `rows`: each point's line in its
    file (a CSV's header, comments and blank lines are lines too); without it a point's row is its index + 1."""
    if array.ndim != 2 or array.shape[1] != 2:
        transposed = "; transposed? save points.T" if array.ndim == 2 and array.shape[0] == 2 else ""
        raise DataError(f"{source}: expected N x 2 points, got shape {tuple(array.shape)}{transposed}")
    if array.shape[0] < 2:
        raise DataError(f"{source}: needs at least 2 points, got {array.shape[0]}")
    if array.shape[0] > MAX_USER_POINTS:
        raise DataError(f"{source}: {array.shape[0]:,} points; a data file holds at most {MAX_USER_POINTS:,}")
    bad = np.argwhere(~np.isfinite(array))
    if len(bad):
        row, column = bad[0]
        raise DataError(f"{source}: row {_row_name(row, rows)}, column {column + 1} is {float(array[row, column])}, "
                        "not a finite number")
    bad = np.argwhere(np.abs(array) > MAX_COORDINATE)
    if len(bad):
        row, column = bad[0]
        raise DataError(f"{source}: row {_row_name(row, rows)}, column {column + 1} is {float(array[row, column]):g}, "
                        f"beyond ±{MAX_COORDINATE:g} (training runs in float32); rescale the data")
    return array


def _row_name(row: int, rows: np.ndarray | None) -> int:
    return row + 1 if rows is None else int(rows[row])


def load_points(path: str | Path) -> np.ndarray:
    """Read an N x 2 CSV or .npy file; refuse anything else with a one-line reason. `~` is the home folder (a path
    typed in the lab, or in `--set data.file=~/points.csv`, where no shell expands it)."""
    try:
        path = Path(path).expanduser()
    except RuntimeError:  # pathlib's "Could not determine home directory": ~user of no such user
        raise DataError(f"{path}: no such user's home folder") from None
    if path.is_dir():
        raise DataError(f"{path}: a folder, not a .csv or .npy file")
    if not path.exists():
        raise DataError(f"{path}: no such file")
    if not path.is_file():
        raise DataError(f"{path}: not a regular file (a device or a pipe); give a .csv or .npy file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise DataError(f"{path}: {path.stat().st_size} bytes exceeds the {MAX_FILE_BYTES // 2**20} MiB limit")
    suffix = path.suffix.lower()
    if suffix not in DATA_FILE_FORMATS:
        raise DataError(f"{path}: unsupported file type {suffix or '(none)'!r}; use .csv or .npy")
    return {"csv": _read_csv, "npy": _read_npy_points}[DATA_FILE_FORMATS[suffix]](path)


def _read_npy_points(path: Path) -> np.ndarray:
    return validate_points(_read_npy(path), str(path)).astype(np.float64)  # its data read only once checked


def _read_npy(path: Path) -> np.ndarray:
    try:
        with path.open("rb") as handle:
            magic = handle.read(6)
    except OSError as error:
        raise DataError(f"{path}: not a readable .npy file ({error.strerror or error})") from None
    if magic.startswith(b"PK"):
        raise DataError(f"{path}: an .npz archive, not one .npy array; save the N x 2 array with numpy.save")
    if magic != b"\x93NUMPY":
        raise DataError(f"{path}: not a .npy file (no NumPy header); save the N x 2 array with numpy.save")
    try:  # mapped: the header's shape is checked before the data is read (10 million rows held the window 2 s)
        array = np.load(path, allow_pickle=False, mmap_mode="r")
    except (ValueError, EOFError) as error:
        if "Python objects" in str(error):  # numpy would unpickle them, which we never do
            raise DataError(f"{path}: not a plain numeric .npy array (it holds Python objects)") from None
        raise DataError(f"{path}: a damaged or cut-short .npy file ({error})") from None
    except OSError as error:
        raise DataError(f"{path}: not a readable .npy file ({error.strerror or error})") from None
    if not np.issubdtype(array.dtype, np.number) or np.iscomplexobj(array):
        raise DataError(f"{path}: array dtype {array.dtype} is not real numbers")
    return array


def _read_csv(path: Path) -> np.ndarray:
    """The points of a CSV file, validated. numpy reads a plain file (a header, comments above it); anything it
    refuses, or points that are not usable, are read again row by row, which names the file's line at fault."""
    if path.stat().st_size > 4 * (MAX_USER_POINTS + CSV_OTHER_LINES):  # a line is 4 bytes at least ("0,0\n")
        lines = _count_lines(path)  # counted in milliseconds; parsed, 3 million rows held the window for 3 s
        if lines > MAX_USER_POINTS + CSV_OTHER_LINES:
            raise DataError(f"{path}: {lines:,} lines; a data file holds at most {MAX_USER_POINTS:,} points")
    try:
        text = path.read_text(encoding="utf-8-sig")  # -sig: a spreadsheet's byte-order mark
    except UnicodeDecodeError:
        raise DataError(f"{path}: not a UTF-8 text file") from None
    except OSError as error:
        raise DataError(f"{path}: cannot read ({error.strerror or error})") from None
    plain = _read_plain_csv(text)
    if plain is not None and len(plain) > MAX_USER_POINTS:  # numpy stopped at the first point past the cap
        raise _too_many_points(path)
    if plain is not None:
        try:
            return validate_points(plain, str(path))
        except DataError:
            pass  # read row by row below, to name the line
    return _read_csv_rows(text, path)


def _read_plain_csv(text: str) -> np.ndarray | None:
    """numpy's reader, in C: a million rows in 0.4 s where the row-by-row reader takes 3.5 s. Only the lines
    above the first point may be comments or a header; None where it refuses anything. It stops at the first
    point past MAX_USER_POINTS: a file with more is refused as it stands, never read again row by row."""
    skipped = 0
    for line in itertools.islice(io.StringIO(text), CSV_OTHER_LINES):
        if line.strip() and not line.lstrip().startswith("#"):
            break
        skipped += 1
    else:
        return None
    cells = next(csv.reader([line]))  # as the row-by-row reader reads it: '"0.1","0.2"' is no header
    skipped += len(cells) == 2 and not any(_number(cell) is not None for cell in cells)  # a header
    try:
        with warnings.catch_warnings():  # "input contained no data": a header alone, refused as no points
            warnings.simplefilter("ignore", UserWarning)
            return np.loadtxt(io.StringIO(text), delimiter=",", comments=None, skiprows=skipped, ndmin=2,
                              dtype=np.float64, max_rows=MAX_USER_POINTS + 1)
    except ValueError:
        return None


def _read_csv_rows(text: str, path: Path) -> np.ndarray:
    rows: list[list[float]] = []
    line_numbers: list[int] = []
    seen = False  # a row that is neither blank nor a comment
    for line_number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        if not row or all(not cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue  # blank, or a comment (numpy.savetxt writes its header as one)
        if len(row) != 2:  # "0,5;0,25" (a decimal comma) splits in three, "0.5 0.25" stays one
            other = (any(";" in cell or "\t" in cell for cell in row)
                     or (len(row) == 1 and " " in row[0].strip()))
            hint = ", separated by a comma, with a point for decimals" if other else ""
            if not other and len(row) == 3 and row[0].strip() in ("", str(len(rows))):  # to_csv's ",x,y", "0,…"
                hint = "; the first looks like pandas' row index: write the file with to_csv(..., index=False)"
            raise DataError(f"{path}: row {line_number} has {len(row)} column{'s' * (len(row) != 1)}; "
                            f"expected 2{hint}")
        first_row, seen = not seen, True
        values = [_number(cell) for cell in row]
        if None in values:
            # Only the first row (after comments) may be a header, and only if no cell of it is a number:
            # "0.1,0.2O" is a typo to point at, not a header to skip.
            if first_row and values == [None, None]:
                continue
            column = values.index(None) + 1
            raise DataError(f"{path}: row {line_number}, column {column} is {row[column - 1]!r}, not a number")
        rows.append(values)
        line_numbers.append(line_number)
        if len(rows) > MAX_USER_POINTS:
            raise _too_many_points(path)
    return validate_points(np.array(rows, dtype=np.float64).reshape(-1, 2), str(path), np.array(line_numbers))


def _too_many_points(path: Path) -> DataError:
    return DataError(f"{path}: more than {MAX_USER_POINTS:,} points")


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError as error:
        raise DataError(f"{path}: cannot read ({error.strerror or error})") from None


def _number(cell: str) -> float | None:
    """A cell's number as numpy reads it: Python's float also reads "1_0" as 10."""
    try:
        return None if "_" in cell else float(cell)
    except ValueError:
        return None


def data_rect(points: torch.Tensor, margin: float = 0.1) -> tuple[float, float, float, float]:
    """A square view around the points (GAN Lab shows a square plot), with a margin."""
    low = points.min(dim=0).values.double()
    high = points.max(dim=0).values.double()
    center = (low + high) / 2
    half = float((high - low).max()) / 2 * (1 + 2 * margin) + 1e-6
    cx, cy = float(center[0]), float(center[1])
    return (cx - half, cy - half, cx + half, cy + half)
