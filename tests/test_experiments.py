"""Named research protocols: declared once, valid settings, reachable from the CLI."""

import pytest

from ganlab_gl import cli
from ganlab_gl.core.experiments import EXPERIMENTS, experiment_config, listing
from ganlab_gl.core.presets import PRESETS
from ganlab_gl.core.settings import GanConfig, SettingError


@pytest.mark.parametrize("name", list(EXPERIMENTS))
def test_every_experiment_is_a_valid_config_on_a_mixture_with_modes(name):
    config = experiment_config(name)
    assert config.data.name == name.split("-")[0] and config.data.name in PRESETS
    assert GanConfig().changed_keys(config)  # it really differs from the defaults
    assert EXPERIMENTS[name].iterations > 0 and EXPERIMENTS[name].protocol


def test_unknown_experiment_names_the_known_ones():
    with pytest.raises(SettingError, match="known experiments: ring8-vanilla"):
        experiment_config("ring9-vanilla")


def test_cli_lists_experiments_and_refuses_unknown_ones(capsys, tmp_path):
    assert cli.main(["experiments"]) == 0
    out = capsys.readouterr().out
    assert out == listing() + "\n" and all(name in out for name in EXPERIMENTS)
    assert cli.main(["train", "--experiment", "ring9", "--out", str(tmp_path / "run")]) == 2
    err = capsys.readouterr().err
    assert "unknown experiment 'ring9'" in err and "grid25-vanilla" in err and "Traceback" not in err
    assert not (tmp_path / "run").exists()


def test_cli_shows_what_one_experiment_sets_and_refuses_an_unknown_name(capsys):
    """A researcher sees what `train --experiment ring8-wgan-gp` trains with, not only its title."""
    assert cli.main(["experiments", "ring8-wgan-gp"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "ring8-wgan-gp: Ring of 8 Gaussians: WGAN-GP, 12000 iterations"
    settings = dict(line.strip().split(" = ") for line in lines if line.startswith("  "))
    config = experiment_config("ring8-wgan-gp")
    assert set(settings) == set(EXPERIMENTS["ring8-wgan-gp"].settings)
    assert all(text == str(config.get(key)) for key, text in settings.items())
    assert settings["train.loss"] == "wgan-gp" and settings["train.d_steps"] == "5"
    assert cli.main(["experiments", "ring8"]) == 2
    assert capsys.readouterr().err.strip() == ("ganlab-gl experiments: unknown experiment 'ring8'; known experiments: "
                                               + ", ".join(EXPERIMENTS))


def test_train_with_an_experiment_uses_its_settings_and_set_still_applies(tmp_path):
    from ganlab_gl.core import checkpoint

    out = tmp_path / "run"
    assert cli.main(["train", "--experiment", "ring8-wgan-gp", "--iterations", "3", "--quiet", "--out", str(out),
                     "--set", "train.g_lr=0.0005"]) == 0
    trained = checkpoint.load(out).config
    expected = experiment_config("ring8-wgan-gp")
    expected.train.g_lr = 0.0005
    assert trained.changed_keys(expected) == []


@pytest.mark.parametrize("extra, edited", [([], False), (["--set", "train.g_lr=0.01"], True)])
def test_lab_with_an_experiment_says_what_it_runs(monkeypatch, extra, edited):
    """`lab --experiment NAME` opened on the protocol's settings without a word of which protocol it was."""
    import ganlab_gl.app.lab as lab_module
    import ganlab_gl.app.window as window_module
    opened = {}
    monkeypatch.setattr(lab_module, "Lab", lambda host, state: opened.setdefault("state", state))
    monkeypatch.setattr(window_module, "run_window", lambda make, **_: make(None))
    assert cli.main(["lab", "--experiment", "grid25-hinge", *extra]) == 0
    said = [notice.text for notice in opened["state"].notices]
    assert len(said) == 1 and said[0].startswith("experiment grid25-hinge: Grid of 25 Gaussians: hinge loss (PacGAN")
    assert "20,000 iterations" in said[0] and ("--set or --config changes some of this" in said[0]) is edited


def test_with_experiment_sets_the_protocol_over_any_preset_and_keeps_the_rest():
    from ganlab_gl.core.experiments import running_experiment, with_experiment
    from ganlab_gl.core.presets import with_preset
    base = with_preset(GanConfig(), "swissroll")  # WGAN-GP's toy schedule: its gp_weight, d_steps must not stay
    base.probe.shown_samples, base.run.seed = 100, 7
    for name in EXPERIMENTS:
        config = with_experiment(base, name)
        assert set(experiment_config(name).changed_keys(config)) == {"run.seed", "probe.shown_samples"}
        assert running_experiment(config) == name
    assert running_experiment(GanConfig()) is None
    assert running_experiment(with_preset(GanConfig(), "ring8")) == "ring8-vanilla"  # the preset is its protocol
    edited = with_experiment(GanConfig(), "ring8-hinge")
    edited.train.g_lr = 0.01
    assert running_experiment(edited) is None


@pytest.mark.parametrize("kind", ["uniform", "gaussian", "normal"])
def test_an_experiments_summary_names_its_noise_once(monkeypatch, kind):
    """NOISE_NAMES came to say "noise" themselves, and the summary (the lab's notice and the experiment list's
    tooltip) still added it: "2-D standard normal noise, a bell curve around 0 noise"."""
    from ganlab_gl.core.experiments import summary
    from ganlab_gl.core.settings import NOISE_NAMES
    name = next(iter(EXPERIMENTS))
    monkeypatch.setitem(EXPERIMENTS[name].settings, "noise.kind", kind)
    noise = summary(name).split("; ")[0]
    assert noise == f"2-D {NOISE_NAMES[kind]}" and noise.count("noise") == 1, noise


def test_an_experiments_summary_names_its_choices_by_their_titles():
    """The summary said "(relu); wgan-gp loss; ...; Sgd lr" (the ids, one capitalised): it says them as the panels
    do."""
    from ganlab_gl.core.experiments import summary
    said = summary("ring8-wgan-gp").split("; ")
    assert said[1].endswith("(ReLU)") and said[2] == "WGAN-GP loss (gradient penalty 0.1)", said
    assert said[3].startswith("Adam lr "), said
