"""Distribution geometry and user-data validation."""

import io
import math

import numpy as np
import pytest
import torch

from ganlab_gl.core import datasets
from ganlab_gl.core.datasets import DataError

from test_errors_doc import assert_documented


def draw(name, count=20000, seed=0):
    return datasets.preset(name).sample(count, torch.Generator().manual_seed(seed)).double()


def test_ring8_modes_sit_at_2pi_k_over_8_on_the_unit_circle():
    ring = datasets.preset("ring8")
    angles = torch.atan2(ring.centers[:, 1], ring.centers[:, 0]) % (2 * math.pi)
    expected = torch.tensor([2 * math.pi * k / 8 for k in range(8)])
    assert torch.allclose(angles, expected, atol=1e-6)  # linspace(0, 2pi, 8) would put two modes together
    assert torch.allclose(ring.centers.norm(dim=1), torch.ones(8), atol=1e-6)
    points = draw("ring8")
    assert abs(float(points.norm(dim=1).mean()) - 1) < 1e-3
    nearest = torch.cdist(points.float(), ring.centers).min(dim=1).values
    assert abs(float(nearest.square().mean() / 2) ** 0.5 - 0.01) < 1e-3  # per-axis std 0.01


def test_grid25_centres_and_spread():
    grid = datasets.preset("grid25")
    assert sorted({float(v) for v in grid.centers.flatten()}) == [-4, -2, 0, 2, 4]
    assert grid.centers.shape == (25, 2)
    points = draw("grid25")
    offsets = points - torch.round(points / 2) * 2
    assert torch.allclose(offsets.std(dim=0), torch.full((2,), 0.05, dtype=torch.float64), atol=3e-3)


def test_ganlab_gaussians_moments():
    points = draw("gaussians", 100000)
    assert torch.allclose(points.mean(dim=0), torch.tensor([0.5, 0.55], dtype=torch.float64), atol=5e-3)
    left = points[points[:, 0] < 0.5 - 0.0]
    assert 0.4 < len(left) / len(points) < 0.6


def test_ganlab_line_ring_disjoint_and_swissroll_shapes():
    line = draw("line")
    assert line[:, 0].min() > 0.0 and line[:, 0].max() < 0.85  # x = 0.8 - 0.75 u
    assert torch.allclose(line[:, 1] - 0.6, (0.8 - line[:, 0]) * 0.4, atol=0.06)  # slope 0.3 / -0.75
    ring = draw("ring")
    radius = (((ring[:, 0] - 0.5) / 0.3) ** 2 + ((ring[:, 1] - 0.45) / 0.25) ** 2).sqrt()
    assert abs(float(radius.median()) - 1) < 0.02
    disjoint = datasets.preset("disjoint")
    assert disjoint.is_mixture_of_modes and disjoint.mode_std == pytest.approx(0.025)
    roll = draw("swissroll")
    assert float(roll.norm(dim=1).max()) < 2.2 and float(roll.norm(dim=1).min()) < 0.8


def test_same_seed_same_points():
    assert torch.equal(draw("ring8", 100, seed=3), draw("ring8", 100, seed=3))
    assert not torch.equal(draw("ring8", 100, seed=3), draw("ring8", 100, seed=4))


def test_drawing_points_spread_by_the_brush():
    drawing = datasets.from_points(np.array([[0.2, 0.2], [0.8, 0.8]]), spread=0.02)
    points = drawing.sample(10000, torch.Generator().manual_seed(0))
    nearest = torch.cdist(points, drawing.centers).min(dim=1).values
    assert float(nearest.max()) < 0.02 * 6 and drawing.unit_square


def test_a_drawings_spray_moves_each_point_by_its_spread_and_keeps_earlier_points_as_the_stroke_grows():
    """What the canvas shows while drawing: one sample of each drawn point's Gaussian (from_points), whose offsets
    depend on the point's index alone, past a chunk of seeds too, so the stroke's dots do not jump as it grows."""
    stroke = torch.rand(datasets.SPRAY_CHUNK + 500, 2, generator=torch.Generator().manual_seed(1))
    sprayed = datasets.spray(stroke, 0.02)
    offsets = (sprayed - stroke) / 0.02
    assert abs(float(offsets.mean())) < 0.05 and abs(float(offsets.std()) - 1.0) < 0.05
    for count in (1, 7, datasets.SPRAY_CHUNK, datasets.SPRAY_CHUNK + 1):
        assert torch.equal(datasets.spray(stroke[:count], 0.02), sprayed[:count])
    assert torch.equal(datasets.spray(stroke, 0.0), stroke)
    assert datasets.spray(stroke[:0], 0.02).shape == (0, 2)


@pytest.mark.parametrize("text", ["x,y\n0.1,0.2\n0.3,0.4\n\n0.5,0.6\n",
                                  "# drawn by hand\nx,y\n0.1,0.2\n0.3,0.4\n  # a pause\n0.5,0.6\n"])
def test_csv_with_a_header_and_comments_loads(tmp_path, text):
    path = tmp_path / "points.csv"
    path.write_text(text)
    assert np.array_equal(datasets.load_points(path), [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])


def test_npy_loads(tmp_path):
    path = tmp_path / "points.npy"
    np.save(path, np.arange(8, dtype=np.float32).reshape(4, 2))
    assert datasets.load_points(path).shape == (4, 2)


@pytest.mark.parametrize("content, reason", [
    ("0.1,0.2\n0.3\n", "row 2 has 1 column; expected 2"),
    ("0.1;0.2\n0.3;0.4\n", "row 1 has 1 column; expected 2, separated by a comma, with a point for decimals"),
    ("0.1 0.2\n0.3 0.4\n", "row 1 has 1 column; expected 2, separated by a comma, with a point for decimals"),
    ("0,5;0,25\n0,3;0,4\n", "row 1 has 3 columns; expected 2, separated by a comma, with a point for decimals"),
    ("0.1,0.2\n0.3,abc\n", "row 2, column 2 is 'abc', not a number"),
    ("0.1,0.2\n0.3,nan\n", "row 2, column 2 is nan, not a finite number"),
    ("0.1,0.2,0.3\n", "row 1 has 3 columns; expected 2\n"),  # no hint: its first cell counts no rows
    # pandas' DataFrame.to_csv writes its row index first, with a header (",x,y") or without ("0,…", "1,…")
    (",x,y\n0,0.1,0.2\n1,0.3,0.4\n", "row 1 has 3 columns; expected 2; the first looks like pandas' row index: "
                                     "write the file with to_csv(..., index=False)"),
    ("0,0.1,0.2\n1,0.3,0.4\n", "row 1 has 3 columns; expected 2; the first looks like pandas' row index"),
    ("0.1,0.2\n", "needs at least 2 points, got 1"),
    ("0.1,0.2O\n0.3,0.4\n0.5,0.6\n", "row 1, column 2 is '0.2O', not a number"),  # a typo, not a header
    ('"1,5",2\n0.3,0.4\n0.5,0.6\n', "row 1, column 1 is '1,5', not a number"),
    ("0.1,0.2\n0.3,1e308\n", "row 2, column 2 is 1e+308, beyond ±1e+06 (training runs in float32)"),
])
def test_bad_csv_refused_with_row_and_column(tmp_path, content, reason):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(DataError) as info:
        datasets.load_points(path)
    message = str(info.value)
    assert reason in message + "\n" and str(path) in message and "\n" not in message


def _npy_bytes() -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.zeros((4, 2)))
    return buffer.getvalue()


def test_csv_from_a_spreadsheet_with_a_byte_order_mark_loads_every_point(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeff0.1,0.2\n0.3,0.4\n".encode())
    assert np.array_equal(datasets.load_points(path), [[0.1, 0.2], [0.3, 0.4]])


def test_bad_npy_and_other_files_refused(tmp_path):
    cases = {
        "shape.npy": (lambda p: np.save(p, np.zeros((5, 3))), "expected N x 2 points, got shape (5, 3)"),
        "objects.npy": (lambda p: np.save(p, np.array([{"a": 1}], dtype=object)), "it holds Python objects"),
        "text.npy": (lambda p: p.write_text("hello"), "not a .npy file (no NumPy header); save the N x 2 array"),
        "cut.npy": (lambda p: p.write_bytes(b"\x93NUMPY\x01"), "a damaged or cut-short .npy file"),
        "half.npy": (lambda p: p.write_bytes(_npy_bytes()[:-8]), "a damaged or cut-short .npy file"),
        "inf.npy": (lambda p: np.save(p, np.array([[0.0, 1.0], [np.inf, 2.0]])), "row 2, column 1 is inf"),
        "points.json": (lambda p: p.write_text("[]"), "unsupported file type '.json'"),
        "empty.npy": (lambda p: p.write_bytes(b""), "not a .npy file (no NumPy header)"),
        "archive.npy": (lambda p: np.savez(open(p, "wb"), a=np.zeros((3, 2))), "an .npz archive, not one .npy array"),
    }
    for name, (write, reason) in cases.items():
        path = tmp_path / name
        write(path)
        with pytest.raises(DataError, match=None) as info:
            datasets.load_points(path)
        assert reason in str(info.value), (name, str(info.value))
    with pytest.raises(DataError, match="no such file"):
        datasets.load_points(tmp_path / "missing.csv")
    with pytest.raises(DataError, match="a folder, not a .csv or .npy file"):
        datasets.load_points(tmp_path)


def test_a_csv_far_too_long_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    """3 million rows were parsed up to the cap before the refusal: the window stood still for 3 s."""
    monkeypatch.setattr(datasets, "MAX_USER_POINTS", 5)
    monkeypatch.setattr(datasets, "CSV_OTHER_LINES", 2)
    path = tmp_path / "long.csv"
    path.write_text("x,y\n# drawn\n" + "0.1,0.2\n" * 5)  # the cap's points, a header and a comment: read
    assert datasets.load_points(path).shape == (5, 2)
    path.write_text("0.1,0.2\n" * 8)
    monkeypatch.setattr(datasets.csv, "reader", lambda *args: pytest.fail("parsed"))
    with pytest.raises(DataError, match="long.csv: 8 lines; a data file holds at most 5 points"):
        datasets.load_points(path)


def test_a_csv_just_over_the_cap_is_read_once_and_refused_at_the_first_point_past_it(tmp_path, monkeypatch):
    """A million and one rows (too few lines to refuse unread) were parsed whole by numpy, then again row by row,
    before the refusal: 4-8 s of a frozen window. numpy stops at the first point past the cap, and that refuses."""
    monkeypatch.setattr(datasets, "MAX_USER_POINTS", 5)
    monkeypatch.setattr(datasets, "CSV_OTHER_LINES", 2)
    path = tmp_path / "long.csv"
    path.write_text("0.1,0.2\n" * 6 + "not,read\n")  # the line past the cap's point is never parsed
    monkeypatch.setattr(datasets, "_read_csv_rows", lambda *args: pytest.fail("read again row by row"))
    with pytest.raises(DataError, match="long.csv: more than 5 points"):
        datasets.load_points(path)


def test_size_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "MAX_USER_POINTS", 3)
    path = tmp_path / "big.npy"
    np.save(path, np.zeros((4, 2)))
    with pytest.raises(DataError) as refusal:
        datasets.load_points(path)
    assert str(refusal.value) == f"{path}: 4 points; a data file holds at most 3"
    assert_documented(str(refusal.value))


def test_a_npy_file_past_the_cap_is_refused_by_its_header_before_its_data_is_read(tmp_path):
    """10 million rows (80 MB here) were read whole into memory, holding the lab's window for seconds, only to be
    refused for their count, which the header names."""
    import tracemalloc
    path = tmp_path / "ten-million.npy"
    with path.open("wb") as handle:  # the header, then 80 MB of zeros the disk does not hold (a sparse file)
        np.lib.format.write_array_header_1_0(handle, {"descr": "<f4", "fortran_order": False,
                                                      "shape": (10_000_000, 2)})
        handle.truncate(handle.tell() + 10_000_000 * 2 * 4)
    tracemalloc.start()
    try:
        with pytest.raises(DataError) as refusal:
            datasets.load_points(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(refusal.value) == f"{path}: 10,000,000 points; a data file holds at most 1,000,000"
    assert peak < 2**20  # bytes held at most while refusing it: none of its 80 MB


def test_every_suffix_the_lab_and_the_cli_take_for_data_is_one_load_points_reads(tmp_path):
    """settings.DATA_FILE_FORMATS decides what the command line's first word and a dropped file open as data, and
    which of load_points's readers reads each: each suffix listed is read, one not listed is refused."""
    from ganlab_gl.core.settings import DATA_SUFFIXES
    points = np.array([[0.0, 0.5], [1.0, 1.5], [2.0, 0.25]])
    for suffix in DATA_SUFFIXES:
        path = tmp_path / f"points{suffix}"
        if suffix == ".npy":
            np.save(path, points)
        else:
            path.write_text("x,y\n" + "\n".join(f"{x},{y}" for x, y in points))
        assert np.array_equal(datasets.load_points(path), points), suffix
    other = tmp_path / "points.dat"
    other.write_text("x,y\n0,0\n1,1\n")
    with pytest.raises(datasets.DataError, match="unsupported file type '.dat'"):
        datasets.load_points(other)
