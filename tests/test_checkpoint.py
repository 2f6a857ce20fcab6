"""Checkpoints round-trip exactly, save atomically and refuse what does not fit."""

import json

import pytest
import torch

from ganlab_gl.core import checkpoint
from ganlab_gl.core.checkpoint import CheckpointError
from ganlab_gl.core.settings import GanConfig, apply_overrides
from ganlab_gl.core.trainer import Trainer


def make(*overrides):
    return Trainer(apply_overrides(GanConfig(), ["train.d_optimizer=adam", "metrics.every=5", *overrides]))


def test_resumed_training_matches_uninterrupted_training(tmp_path):
    straight = make()
    straight.train(40)
    straight.flush_losses()
    first = make()
    first.train(20)
    checkpoint.save(first, tmp_path)
    resumed = checkpoint.load(tmp_path)
    assert resumed.iteration_count == 20 and len(resumed.history.losses) == 20
    resumed.train(20)
    resumed.flush_losses()
    assert (resumed.history.losses.array() == straight.history.losses.array()).all()
    for a, b in zip(resumed.discriminator.parameters(), straight.discriminator.parameters()):
        assert torch.equal(a, b)


def test_user_data_survives_without_the_original_file(tmp_path):
    points = tmp_path / "points.csv"
    points.write_text("0.2,0.2\n0.8,0.8\n0.5,0.1\n")
    t = make("data.name=file", f"data.file={points}")
    checkpoint.save(t, tmp_path / "run")
    points.unlink()
    loaded = checkpoint.load(tmp_path / "run")
    assert torch.equal(loaded.dataset.centers, t.dataset.centers) and torch.equal(loaded.real_atlas, t.real_atlas)


def test_save_is_atomic_and_leaves_no_temporaries(tmp_path, monkeypatch):
    t = make()
    checkpoint.save(t, tmp_path)
    before = (tmp_path / checkpoint.TENSORS_FILE).read_bytes()
    t.train(3)

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(checkpoint, "save_file", crash)
    with pytest.raises(OSError):
        checkpoint.save(t, tmp_path)
    assert (tmp_path / checkpoint.TENSORS_FILE).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [checkpoint.SIDECAR_FILE, checkpoint.TENSORS_FILE]


def test_refuses_tensors_that_do_not_match_the_config(tmp_path):
    checkpoint.save(make(), tmp_path)
    sidecar = tmp_path / checkpoint.SIDECAR_FILE
    tree = json.loads(sidecar.read_text())
    tree["config"]["generator"]["neurons"] = 9
    sidecar.write_text(json.dumps(tree))
    with pytest.raises(CheckpointError, match=r"tensor generator.0.bias has shape \(8,\), the config's generator "
                                              r"needs \(9,\)"):
        checkpoint.load(tmp_path)


def test_refuses_damaged_and_missing_files(tmp_path):
    with pytest.raises(CheckpointError, match="not a ganlab-gl run directory"):
        checkpoint.load(tmp_path)
    checkpoint.save(make(), tmp_path)
    (tmp_path / checkpoint.TENSORS_FILE).write_bytes(b"garbage")
    with pytest.raises(CheckpointError, match="not a readable safetensors file"):
        checkpoint.load(tmp_path)
    (tmp_path / checkpoint.SIDECAR_FILE).write_text("{")
    with pytest.raises(CheckpointError, match="damaged sidecar"):
        checkpoint.load(tmp_path)


def test_refuses_sidecars_with_missing_or_mismatched_optimizer_state(tmp_path):
    checkpoint.save(make(), tmp_path)
    sidecar = tmp_path / checkpoint.SIDECAR_FILE
    tree = json.loads(sidecar.read_text())
    tree["config"]["train"]["g_optimizer"] = "adam"  # but the stored G state is SGD's
    sidecar.write_text(json.dumps(tree))
    with pytest.raises(CheckpointError, match="g_optimizer holds SGD state but the config says adam"):
        checkpoint.load(tmp_path)
    del tree["optimizer_groups"]
    tree["config"]["train"]["g_optimizer"] = "sgd"
    sidecar.write_text(json.dumps(tree))
    with pytest.raises(CheckpointError, match="damaged checkpoint, missing or malformed 'optimizer_groups'"):
        checkpoint.load(tmp_path)


def test_revert_forgets_the_diverged_iterations():
    t = make()
    t.train(10)
    t.keep_good_state()
    t.train(5)
    t.flush_losses()
    assert t.revert_to_good_state()
    assert t.iteration_count == 10 and t.history.losses.column("iteration").max() == 10
    assert t.last_d_loss is None and t.last_g_loss is None
