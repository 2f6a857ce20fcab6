"""The preset registry: GAN Lab's four training configs, picked whole, nothing else touched."""

import json
import subprocess
import sys

import pytest

from ganlab_gl.core import presets
from ganlab_gl.core.settings import DATASETS, SETTINGS, GanConfig, SettingError

# GAN Lab's demo/pretrained_models/pretrained_<name>.json "config" blocks, verbatim.
GANLAB_JSON_CONFIGS = {
    "gaussians": {"selectedNoiseType": "2D Gaussian", "noiseSize": 2, "numGeneratorLayers": 1,
                  "numDiscriminatorLayers": 1, "numGeneratorNeurons": 8, "numDiscriminatorNeurons": 8,
                  "dLearningRate": 0.1, "gLearningRate": 0.03, "dOptimizerType": "SGD", "gOptimizerType": "SGD",
                  "lossType": "Log loss", "kDSteps": 2, "kGSteps": 1},
    "ring": {"selectedNoiseType": "2D Uniform", "noiseSize": 2, "numGeneratorLayers": 1, "numDiscriminatorLayers": 2,
             "numGeneratorNeurons": 10, "numDiscriminatorNeurons": 9, "dLearningRate": 0.1, "gLearningRate": 0.03,
             "dOptimizerType": "SGD", "gOptimizerType": "SGD", "lossType": "Log loss", "kDSteps": 3, "kGSteps": 1},
    "line": {"selectedNoiseType": "2D Uniform", "noiseSize": 2, "numGeneratorLayers": 1, "numDiscriminatorLayers": 1,
             "numGeneratorNeurons": 5, "numDiscriminatorNeurons": 6, "dLearningRate": 0.03, "gLearningRate": 0.01,
             "dOptimizerType": "SGD", "gOptimizerType": "SGD", "lossType": "Log loss", "kDSteps": 2, "kGSteps": 1},
    "disjoint": {"selectedNoiseType": "2D Gaussian", "noiseSize": 2, "numGeneratorLayers": 2,
                 "numDiscriminatorLayers": 2, "numGeneratorNeurons": 10, "numDiscriminatorNeurons": 11,
                 "dLearningRate": 0.1, "gLearningRate": 0.03, "dOptimizerType": "SGD", "gOptimizerType": "SGD",
                 "lossType": "Log loss", "kDSteps": 1, "kGSteps": 1},
}


@pytest.mark.parametrize("name", sorted(GANLAB_JSON_CONFIGS))
def test_each_ganlab_preset_trains_with_its_pretrained_json_config(name):
    j = GANLAB_JSON_CONFIGS[name]
    c = presets.with_preset(GanConfig(), name)
    assert c.data.name == name
    assert (c.noise.dim, c.noise.kind) == (j["noiseSize"], "gaussian" if "Gaussian" in j["selectedNoiseType"]
                                          else "uniform")
    # GAN Lab's "N hidden layers" network has N + 1 hidden layers (its first layer is always there).
    assert (c.generator.hidden_layers, c.generator.neurons) == (j["numGeneratorLayers"] + 1, j["numGeneratorNeurons"])
    assert (c.discriminator.hidden_layers, c.discriminator.neurons) == (j["numDiscriminatorLayers"] + 1,
                                                                        j["numDiscriminatorNeurons"])
    assert (c.train.d_lr, c.train.g_lr, c.train.d_steps, c.train.g_steps) == (
        j["dLearningRate"], j["gLearningRate"], j["kDSteps"], j["kGSteps"])
    assert (c.train.d_optimizer, c.train.g_optimizer, c.train.loss, c.train.batch_size) == ("sgd", "sgd", "log", 150)


def test_picking_a_preset_changes_training_keys_only():
    base = GanConfig()
    base.probe.heatmap_res, base.metrics.every, base.run.seed = 128, 7, 42
    for name in presets.PRESETS:
        picked = presets.with_preset(base, name)
        changed = set(base.changed_keys(picked))
        assert changed <= set(presets.training_keys()) | {"data.name"}, name
        assert (picked.probe.heatmap_res, picked.metrics.every, picked.run.seed) == (128, 7, 42)
    assert base.data.name == "gaussians"  # the input is left alone


def test_the_settings_that_watch_the_run_are_the_live_ones_no_preset_trains_with():
    """What goes over a run opened as saved (`lab --load S --set ...`, the shipped model): a live setting added that
    trains, and that no preset sets, would be taken for one that only watches; this list says it changed."""
    watching = [s.key for s in SETTINGS if presets.watches_the_run(s.key)]
    assert watching == ["probe.shown_samples", "probe.shown_fakes", "probe.heatmap_res", "probe.manifold_res",
                        "metrics.every", "metrics.grid", "metrics.samples", "metrics.history", "run.cuda_graph",
                        "timeline.memory_mb"]
    assert not presets.watches_the_run("train.g_lr") and not presets.watches_the_run("display.msaa")


def test_a_preset_trains_alike_whichever_preset_was_picked_before_it():
    """ring8's protocol (fresh noise, a 100k atlas, falling rates) must not follow the lab onto GAN Lab's presets."""
    for before in presets.PRESETS:
        for name in presets.PRESETS:
            via = presets.with_preset(presets.with_preset(GanConfig(), before), name)
            assert via.changed_keys(presets.with_preset(GanConfig(), name)) == [], (before, name)


def test_the_registry_is_the_choice_list_with_unique_keys():
    assert set(presets.PRESETS) <= set(DATASETS)
    keys = [p.key for p in presets.PRESETS.values()]
    assert len(keys) == len(set(keys))
    assert presets.GANLAB_PRESETS[:4] == ("line", "gaussians", "ring", "disjoint")
    with pytest.raises(SettingError, match="unknown preset"):
        presets.with_preset(GanConfig(), "moons")


def test_defaults_equal_the_default_preset():
    assert GanConfig().changed_keys(presets.with_preset(GanConfig(), presets.DEFAULT_PRESET)) == []


def test_presets_import_without_torch():
    code = "import sys, ganlab_gl.core.presets; print(json.dumps('torch' in sys.modules))"
    out = subprocess.run([sys.executable, "-c", "import json; " + code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) is False


@pytest.mark.parametrize("name", list(presets.PRESETS))
def test_a_picks_notice_says_what_it_brings_in_a_students_words(name):
    """Picking a preset said "Two Gaussians: GAN Lab's training config (see the graph)": a student read "training
    config" as jargon. It says the data trains with GAN Lab's settings (or the protocol's it follows)."""
    notice = presets.preset_notice(name, graph_beside=True)
    assert notice.startswith(f"{presets.PRESETS[name].title}: trains with ") and "config" not in notice, notice
    assert ("GAN Lab's settings" in notice) == (name in presets.GANLAB_PRESETS), notice


def test_the_notice_names_whose_config_and_what_was_given_over_it():
    config = presets.with_preset(GanConfig(), "ring")
    assert presets.given_over_preset(config) == []
    config.train.g_lr, config.train.d_steps, config.run.seed, config.probe.heatmap_res = 0.01, 2, 5, 128
    assert presets.given_over_preset(config) == ["train.d_steps=2", "train.g_lr=0.01"]  # training keys only
    assert presets.preset_notice("ring", presets.given_over_preset(config)) == (
        "Ring: trains with GAN Lab's settings (2-D uniform noise, spread evenly between 0 and 1; G lr 0.03; 3 D "
        "updates per G update), with train.d_steps=2, train.g_lr=0.01 given over it")
    assert presets.preset_notice("ring8").startswith("Ring of 8: trains with the settings of experiment ring8-vanilla "
                                                     "(PacGAN's protocol, scaled) (2-D standard normal noise")
    config.data.name = "file"
    assert presets.given_over_preset(config) == []  # no preset to be over
