"""The timeline: every iteration's whole state kept, restored exactly, thinned under its cap."""

import copy
import re

import numpy as np
import pytest
import torch

from ganlab_gl.core import checkpoint
from ganlab_gl.core.probes import Prober
from ganlab_gl.core.settings import GanConfig, apply_overrides
from ganlab_gl.core.timeline import META_BYTES, PastRun, branch
from ganlab_gl.core.trainer import Trainer

# Adam (moments and step counts) and fresh noise for every batch (the training RNG moves every update)
ADAM_FRESH_NOISE = ("train.d_optimizer=adam", "train.g_optimizer=adam", "noise.atlas_size=0", "train.batch_size=32")


def trainer(*overrides):
    return Trainer(apply_overrides(GanConfig(), list(overrides)))


def assert_states_equal(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for key in a:
        if isinstance(a[key], dict) and "state" in a[key]:  # an optimizer
            assert a[key]["state"].keys() == b[key]["state"].keys(), key
            for index in a[key]["state"]:
                for name, value in a[key]["state"][index].items():
                    assert torch.equal(value, b[key]["state"][index][name]), (key, index, name)
            assert a[key]["param_groups"] == b[key]["param_groups"]
        elif isinstance(a[key], dict):
            assert all(torch.equal(a[key][n], b[key][n]) for n in a[key]), key
        elif isinstance(a[key], torch.Tensor):
            assert torch.equal(a[key], b[key]), key
        else:
            assert a[key] == b[key], key


@pytest.mark.parametrize("overrides", [(), ADAM_FRESH_NOISE])
def test_every_iteration_is_kept_and_restores_the_whole_state_exactly(overrides):
    t = trainer(*overrides)
    live = {0: copy.deepcopy(t.state_dict())}
    for _ in range(12):
        t.iteration()
        live[t.iteration_count] = copy.deepcopy(t.state_dict())
    assert list(t.timeline.iterations) == list(range(13))
    for iteration, state in live.items():
        assert_states_equal(t.timeline.state_dict_at(t.timeline.index_at(iteration), t), state)


def test_the_training_rng_is_stored_once_while_it_does_not_move():
    still, moving = trainer(), trainer(*ADAM_FRESH_NOISE)
    for t in (still, moving):
        t.train(10)
    assert len(still.timeline._rng_states) == 1 and len(moving.timeline._rng_states) == 11


def test_phase_walks_and_single_network_steps_are_kept_too():
    t = trainer()
    for _ in t.walk():
        pass
    t.d_step()
    t.g_step()
    assert list(t.timeline.iterations) == [0, 1, 2, 3]


def test_past_run_probes_what_was_probed_live():
    t = trainer("train.loss=log")
    shown = {}
    for _ in range(8):
        t.iteration()
        if t.iteration_count in (3, 8):
            shown[t.iteration_count] = Prober(t).snapshot()
    t.apply(apply_overrides(t.config, ["train.loss=hinge"]))  # the heatmap's units change from here on
    t.train(4)
    past = PastRun(t)
    for iteration, live in shown.items():
        past.show(t.timeline.index_at(iteration))
        replay = Prober(past).snapshot()
        assert replay.iteration == iteration and replay.d_kind == live.d_kind == "probability"
        for name in ("real", "fake", "d_real", "d_fake", "fake_gradient"):
            assert torch.equal(getattr(replay, name), getattr(live, name)), name
        assert torch.equal(replay.heatmap.values, live.heatmap.values)
        assert torch.equal(replay.manifold.vertices, live.manifold.vertices)


@pytest.mark.parametrize("overrides", [(), ADAM_FRESH_NOISE])
def test_branching_at_k_and_training_n_equals_resuming_a_checkpoint_saved_at_k(tmp_path, overrides):
    k, n = 7, 9
    original = trainer(*overrides)
    original.train(k)
    checkpoint.save(original, tmp_path)
    original.train(6)  # a future that the branch discards

    branch(original, original.timeline.index_at(k))
    resumed = checkpoint.load(tmp_path)
    for t in (original, resumed):
        t.train(n)
        t.flush_losses()
    assert original.iteration_count == resumed.iteration_count == k + n
    assert_states_equal(original.state_dict(), resumed.state_dict())
    assert np.array_equal(original.history.losses.array(), resumed.history.losses.array())
    assert list(original.timeline.iterations) == list(range(k + n + 1))


def test_branching_uses_the_current_settings():
    t = trainer("train.d_optimizer=adam")
    t.train(6)
    t.apply(apply_overrides(t.config, ["train.d_lr=0.0001"]))
    branch(t, t.timeline.index_at(2))
    assert t.iteration_count == 2 and t.d_optimizer.param_groups[0]["lr"] == 0.0001
    assert t.d_optimizer.state_dict()["state"]  # Adam's moments came back with the weights


def test_a_switched_optimizer_starts_fresh_moments_when_branching_back():
    t = trainer()
    t.train(3)
    t.apply(apply_overrides(t.config, ["train.d_optimizer=adam"]))
    t.train(3)
    branch(t, t.timeline.index_at(5))
    assert t.d_optimizer.state_dict()["state"]  # recorded with Adam: its moments
    branch(t, t.timeline.index_at(2))
    assert t.d_optimizer.state_dict()["state"] == {}  # recorded with SGD: nothing that fits Adam


def test_reverting_rewrites_the_history_after_the_good_state():
    t = trainer()
    t.train(4)
    t.keep_good_state()
    t.train(5)
    t.revert_to_good_state()
    assert list(t.timeline.iterations) == [0, 1, 2, 3, 4]
    t.train(2)
    assert list(t.timeline.iterations) == list(range(7))


def test_a_restart_starts_a_new_timeline_and_a_cap_of_zero_turns_it_off():
    t = trainer()
    t.train(5)
    t.apply(apply_overrides(t.config, ["generator.neurons=5"]))
    assert list(t.timeline.iterations) == [0]
    t.apply(apply_overrides(t.config, ["timeline.memory_mb=0"]))
    t.train(3)
    assert len(t.timeline) == 0 and t.timeline.nbytes == 0 and "off" in t.timeline.note


def test_under_the_cap_the_oldest_half_is_thinned_and_the_recent_history_stays_exact():
    t = trainer("timeline.memory_mb=1")  # 1 MB: about 1,100 rows of 903 bytes
    t.train(2)
    for _ in range(3000):  # recording alone (the weights stay put): thinning is the timeline's own business
        t.iteration_count += 1
        t.timeline.record(t)
    timeline = t.timeline
    kept = timeline.iterations
    assert timeline.nbytes <= 2**20 and timeline.thinnings > 0
    assert kept[0] == 0 and kept[-1] == 3002
    gaps = np.diff(kept)
    assert (gaps[len(gaps) // 2:] == 1).all()  # the recent half: every iteration
    assert gaps[0] > 1 and (np.diff(gaps) <= 0).all()  # sparser the further back, never the other way
    assert_states_equal(timeline.state_dict_at(len(timeline) - 1, t), t.state_dict())


def test_a_long_run_keeps_rows_in_every_stretch_of_it():
    """The timeline bar is linear in iterations: a run 25 times longer than the cap's rows keeps its start too."""
    t = trainer("timeline.memory_mb=1")  # about 1,100 rows
    t.train(1)
    for _ in range(30_000):
        t.iteration_count += 1
        t.timeline.record(t)
    kept = t.timeline.iterations
    assert np.histogram(kept, bins=20, range=(0, t.iteration_count))[0].min() >= 10
    assert t.timeline.widest_gap == np.diff(kept).max() < 8 * 30_000 / len(kept)


def test_a_long_run_thinned_many_times_saves_and_loads(tmp_path):
    """A run thinned more often than a small bound once allowed (64 times) must still load: thinnings only count."""
    t = trainer("timeline.memory_mb=1")
    t.train(1)
    while t.timeline.thinnings <= 70:
        t.iteration_count += 1
        t.timeline.record(t)
    checkpoint.save(t, tmp_path)
    loaded = checkpoint.load(tmp_path)
    assert loaded.timeline.thinnings == t.timeline.thinnings
    assert list(loaded.timeline.iterations) == list(t.timeline.iterations)


def test_thinning_within_a_bound_below_a_megabyte_keeps_the_start_and_the_present_and_loads(tmp_path):
    """A shipped model keeps its past in 200 KB (scripts/train_pretrained.py), below the cap's whole megabytes:
    thinned by the same rule as a run under its cap, it fits, keeps iteration 0 and the present, and saves and loads."""
    t = trainer()
    for _ in range(1500):
        t.iteration_count += 1
        t.timeline.record(t)
    t.timeline.thin_within(200 * 2**10)
    kept = t.timeline.iterations
    width = sum(p.numel() for network in (t.generator, t.discriminator) for p in network.parameters())  # SGD's row
    assert len(kept) * (4 * width + META_BYTES) <= 200 * 2**10 and len(kept) > 150
    assert kept[0] == 0 and kept[-1] == 1500 and t.timeline.thinnings > 0
    checkpoint.save(t, tmp_path)
    assert list(checkpoint.load(tmp_path).timeline.iterations) == list(kept)

def test_lowering_the_cap_thins_at_once_and_a_cap_too_small_for_the_networks_says_so():
    t = trainer()
    for _ in range(1500):
        t.iteration_count += 1
        t.timeline.record(t)
    t.apply(apply_overrides(t.config, ["timeline.memory_mb=1"]))
    assert t.timeline.nbytes <= 2**20 and t.timeline.iterations[-1] == 1500
    wide = trainer("generator.neurons=1024", "discriminator.neurons=1024", "generator.hidden_layers=8",
                   "timeline.memory_mb=1")
    assert len(wide.timeline) == 0 and "raise it" in wide.timeline.note


def test_format_2_checkpoints_load_with_the_timeline_at_its_default(tmp_path):
    from tests import checkpoint_files
    t = trainer("timeline.memory_mb=8")
    t.train(3)
    checkpoint.save(t, tmp_path)
    tensors, sidecar = checkpoint_files.read(tmp_path)
    sidecar["format"] = 2  # as format 2 wrote it: no timeline section, no timeline tensors, no later keys
    del sidecar["timeline"]
    checkpoint_files.drop_keys_since(sidecar, 2)
    tensors = {name: tensor for name, tensor in tensors.items() if not name.startswith("timeline.")}
    with_section = copy.deepcopy(sidecar)
    del sidecar["config"]["timeline"]
    checkpoint_files.write(tmp_path, tensors, sidecar)
    assert checkpoint.load(tmp_path).config.timeline.memory_mb == GanConfig().timeline.memory_mb
    checkpoint_files.write(tmp_path, tensors, with_section)
    with pytest.raises(checkpoint.CheckpointError, match="config.timeline: expected no such setting in format 2"):
        checkpoint.load(tmp_path)


@pytest.mark.parametrize("overrides", [(), ADAM_FRESH_NOISE])
def test_a_checkpoint_keeps_the_timeline_and_a_loaded_run_scrubs_and_branches_as_before(tmp_path, overrides):
    t = trainer("timeline.memory_mb=1", *overrides)
    t.train(5)
    t.apply(apply_overrides(t.config, ["train.d_optimizer=sgd"]))  # a second row layout
    t.train(4)
    checkpoint.save(t, tmp_path)
    loaded = checkpoint.load(tmp_path)
    assert list(loaded.timeline.iterations) == list(t.timeline.iterations) == list(range(10))
    for index in range(len(t.timeline)):
        assert_states_equal(loaded.timeline.state_dict_at(index, loaded), t.timeline.state_dict_at(index, t))
    loaded.train(2)  # recording goes on after a load: the new rows join the stored ones
    checkpoint.save(loaded, tmp_path)
    assert list(checkpoint.load(tmp_path).timeline.iterations) == list(range(12))


def test_a_damaged_timeline_is_refused_in_one_line(tmp_path):
    from tests import checkpoint_files
    t = trainer()
    t.train(4)
    checkpoint.save(t, tmp_path)
    tensors, sidecar = checkpoint_files.read(tmp_path)
    damages = {
        "timeline.rows: expected finite values": lambda: tensors["timeline.rows"].__setitem__((1, 3), float("nan")),
        "timeline.iterations: expected increasing iterations ending at 4":
            lambda: tensors.__setitem__("timeline.iterations", tensors["timeline.iterations"].flip(0)),
        "timeline.cursors: expected rows within the atlases":
            lambda: tensors["timeline.cursors"].__setitem__((0, 0), 10**6),
        "timeline.loss: expected indices 0..5": lambda: tensors["timeline.loss"].__setitem__(0, 9),
        "timeline.layouts[0].slots: expected this config's weights":
            lambda: sidecar["timeline"]["layouts"][0]["slots"].pop(),
        "timeline.rows: expected shape (N, 219)":
            lambda: tensors.__setitem__("timeline.rows", tensors["timeline.rows"][:, :200].contiguous()),
    }
    original = copy.deepcopy((tensors, sidecar))
    for reason, damage in damages.items():
        tensors, sidecar = copy.deepcopy(original)
        damage()
        checkpoint_files.write(tmp_path, tensors, sidecar)
        with pytest.raises(checkpoint.CheckpointError, match=re.escape(reason)):
            checkpoint.load(tmp_path)


def test_a_checkpoint_takes_the_rows_as_they_are_and_they_stay_as_they_were_while_the_run_goes_on():
    """A save copied the timeline's rows (57 MB at the default cap) on the lab's window's thread, some 50 ms. It takes
    them as they are now: new rows go below them, and a thinning or a revert moves the timeline to a copy before it
    changes a row, so the file written later is the run as it was at the save."""
    import io
    t = trainer("timeline.memory_mb=1")  # about 1,100 rows

    def record_until_thinned() -> None:
        thinnings = t.timeline.thinnings
        while t.timeline.thinnings == thinnings:
            t.iteration_count += 1
            with torch.no_grad():  # a row unlike the others, as training makes it
                next(t.generator.parameters()).fill_(t.iteration_count)
            t.timeline.record(t)

    t.train(2)
    record_until_thinned()  # the rows at their full size: thinned in place from now on
    expected = checkpoint.serialize(t)
    stored = checkpoint.contents(t)
    rows = stored.tensors["timeline.rows"]
    assert rows.untyped_storage().data_ptr() == t.timeline._rows.untyped_storage().data_ptr()  # not copied
    record_until_thinned()
    t.iteration_count = 500  # a revert: the rows from 500 on go
    t.timeline.record(t)
    written = io.BytesIO()
    stored.write_to(written)
    assert written.getvalue() == expected
    del stored, rows  # written: the rows are thinned in place again (the first one after a save copied them)
    checkpoint.serialize(t)
    rows_now = t.timeline._rows.untyped_storage().data_ptr()
    record_until_thinned()
    assert t.timeline._rows.untyped_storage().data_ptr() == rows_now
