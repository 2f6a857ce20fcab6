"""The declared settings list drives parsing, validation, overrides and TOML."""

from pathlib import Path

import pytest

from ganlab_gl.app.state import ViewConfig
from ganlab_gl.core.experiments import experiment_config
from ganlab_gl.core.presets import with_preset
from ganlab_gl.core.settings import (SETTINGS, SETTINGS_BY_KEY, GanConfig, SettingError, apply_overrides,
                                     dump_toml, given_config, load_toml, settings_table_markdown)

DOCS = Path(__file__).resolve().parent.parent / "docs" / "SETTINGS.md"


def test_every_setting_is_declared_once_with_help_and_a_valid_default():
    keys = [s.key for s in SETTINGS]
    assert len(keys) == len(set(keys))
    for s in SETTINGS:
        assert s.help and s.validate(s.default) == s.default, s.key


def test_defaults_are_ganlab_gaussians_preset_config():
    """GAN Lab opens on gaussians and trains it with pretrained_gaussians.json's config, so do we."""
    c = GanConfig()
    assert (c.data.name, c.noise.dim, c.noise.kind, c.noise.atlas_size) == ("gaussians", 2, "gaussian", 12000)
    assert (c.train.loss, c.train.batch_size, c.train.d_optimizer, c.train.g_optimizer) == ("log", 150, "sgd", "sgd")
    assert (c.train.d_lr, c.train.g_lr, c.train.d_steps, c.train.g_steps) == (0.1, 0.03, 2, 1)
    assert (c.generator.hidden_layers, c.generator.neurons, c.discriminator.hidden_layers,
            c.discriminator.neurons) == (2, 8, 2, 8)


def test_overrides_parse_types_and_reject_bad_values_with_one_line():
    c = apply_overrides(GanConfig(), ["data.name=ring8", "train.d_lr=0.003", "train.d_steps=3"])
    assert (c.data.name, c.train.d_lr, c.train.d_steps) == ("ring8", 0.003, 3)
    cases = {
        "train.d_lr=fast": r"train.d_lr: 'fast' is not a number \(1e-06 \.\. 10\)",
        "run.cuda_graph=maybe": "run.cuda_graph: 'maybe' is not true or false",
        "train.d_steps=11": "above the maximum",
        "data.name=moons": "not one of",
        "train.nope=1": "unknown setting",
        "train.d_lr": "expected section.key=value",
        "train.d_lr=nan": "not a finite number",
    }
    for assignment, reason in cases.items():
        with pytest.raises(SettingError, match=reason) as info:
            apply_overrides(GanConfig(), [assignment])
        assert "\n" not in str(info.value)


@pytest.mark.parametrize("assignment, refusal", [
    ("train.lr=0.01", "unknown setting 'train.lr'; did you mean train.g_lr or train.d_lr? (see ganlab-gl settings "
     "for the list)"),
    ("tarin.loss=hinge",
     "unknown setting 'tarin.loss'; did you mean train.loss? (see ganlab-gl settings for the list)"),
    ("foo.bar=1", "unknown setting 'foo.bar' (see ganlab-gl settings for the list)"),
])
def test_a_misspelt_setting_names_the_one_meant(assignment, refusal):
    with pytest.raises(SettingError) as info:
        apply_overrides(GanConfig(), [assignment])
    assert str(info.value) == refusal


@pytest.mark.parametrize("key, text, refusal", [
    ("train.d_lr", "1e-99", "train.d_lr: 1e-99 is below the minimum 1e-06"),
    ("train.d_lr", " -1 ", "train.d_lr: -1 is below the minimum 1e-06"),  # not -1.0: what was typed
    ("train.g_lr", "inf", "train.g_lr: inf is not a finite number"),
    ("train.batch_size", "99999999999", "train.batch_size: 99999999999 is above the maximum 65536"),
    ("data.name", "moons", "data.name: 'moons' is not one of " + ", ".join(GanConfig.settings()["data.name"].choices)),
    ("run.seed", "2147483648", "run.seed: 2147483648 is above the maximum 2147483647"),  # not 2.14748e+09
    ("metrics.samples", "99", "metrics.samples: 99 is below the minimum 100"),
])
def test_a_parsed_value_is_refused_in_the_words_it_was_typed(key, text, refusal):
    with pytest.raises(SettingError) as info:
        GanConfig.settings()[key].parse(text)
    assert str(info.value) == refusal


def test_a_whole_number_settings_range_reads_whole():
    assert GanConfig.settings()["run.seed"].describe_range() == "0 .. 2147483647"  # it read "0 .. 2.14748e+09"
    assert GanConfig.settings()["metrics.samples"].describe_range() == "100 .. 1000000"
    assert GanConfig.settings()["train.d_lr"].describe_range() == "1e-06 .. 10"


CHOICE_IDS = {"data.name": ("line", "gaussians", "ring", "disjoint", "ring8", "grid25", "swissroll", "drawing",
                             "file"),
              "noise.kind": ("uniform", "gaussian", "normal"), "generator.activation": ("relu", "tanh", "leaky_relu"),
              "discriminator.activation": ("relu", "tanh", "leaky_relu"),
              "generator.output": ("auto", "tanh", "linear"),
              "train.loss": ("log", "minimax", "nonsaturating", "lsgan", "wgan-gp", "hinge"),
              "train.d_optimizer": ("sgd", "adam"), "train.g_optimizer": ("sgd", "adam"),
              "run.device": ("auto", "cpu", "cuda"),
              "display.lecture_shows": ("graph, canvas and chart", "canvas and chart", "canvas")}


def test_every_choice_reads_in_its_title_and_is_typed_and_saved_as_its_id(tmp_path):
    """The panels and sentences showed each choice's id ("sgd", "leaky_relu"); each is declared with a title
    beside it ("SGD", "leaky ReLU"), one for every choice, while what is typed (--set), refused and saved (TOML)
    stays the id."""
    declared = {**GanConfig.settings(), **ViewConfig.settings()}
    choosing = {key: s for key, s in declared.items() if s.choices is not None}
    assert {key: s.choices for key, s in choosing.items()} == CHOICE_IDS
    for key, s in choosing.items():
        assert len(s.choice_titles) == len(s.choices) == len(set(s.choice_titles)), key
        assert all(title.strip() == title != "" for title in s.choice_titles), key
        assert [s.reads(choice) for choice in s.choices] == list(s.choice_titles), key
    reads = {key: [declared[key].reads(choice) for choice in declared[key].choices]
             for key in ("train.d_optimizer", "train.loss", "generator.activation", "noise.kind", "run.device")}
    assert reads == {"train.d_optimizer": ["SGD", "Adam"],
                     "train.loss": ["log", "minimax", "non-saturating", "least squares", "WGAN-GP", "hinge"],
                     "generator.activation": ["ReLU", "tanh", "leaky ReLU"],
                     "noise.kind": ["uniform", "Gaussian", "normal"], "run.device": ["auto", "CPU", "CUDA"]}
    assert declared["data.name"].reads("ring8") == "Ring of 8"  # the presets' own titles (presets.data_title)
    config = apply_overrides(GanConfig(), ["train.d_optimizer=adam", "train.loss=lsgan",
                                           "generator.activation=leaky_relu", "run.device=cpu"])
    assert config.reads("train.d_optimizer") == "Adam" and config.reads("train.d_lr") == "0.1"
    path = tmp_path / "choices.toml"
    path.write_text(dump_toml(config))
    saved = path.read_text()
    assert 'd_optimizer = "adam"' in saved and 'loss = "lsgan"' in saved and 'activation = "leaky_relu"' in saved
    assert load_toml(path) == config
    with pytest.raises(SettingError, match=r"^train.d_optimizer: 'Adam' is not one of sgd, adam$"):
        apply_overrides(GanConfig(), ["train.d_optimizer=Adam"])
    assert declared["train.loss"].describe_range() == "log | minimax | nonsaturating | lsgan | wgan-gp | hinge"


def test_overrides_leave_the_original_untouched():
    base = GanConfig()
    apply_overrides(base, ["train.loss=hinge"])
    assert base.train.loss == "log"


def test_toml_round_trip_and_errors(tmp_path):
    config = apply_overrides(GanConfig(), ["data.name=file", "data.file=a \"quoted\" path.csv", "train.beta1=0.5"])
    path = tmp_path / "c.toml"
    path.write_text(dump_toml(config))
    assert load_toml(path) == config
    path.write_text("[train]\nd_lr = 'x'\n")
    with pytest.raises(SettingError, match=r"train.d_lr: expected a number \(1e-06 \.\. 10\), got 'x'"):
        load_toml(path)
    path.write_text("[train\n")
    with pytest.raises(SettingError, match="not valid TOML"):
        load_toml(path)


def test_changed_keys_and_live_flags():
    a = GanConfig()
    b = apply_overrides(a, ["train.g_lr=0.01", "generator.neurons=16"])
    assert a.changed_keys(b) == ["generator.neurons", "train.g_lr"]
    assert SETTINGS_BY_KEY["train.g_lr"].live and not SETTINGS_BY_KEY["generator.neurons"].live


def _another_value(setting):
    """A valid value of `setting` other than its default."""
    if setting.choices is not None:
        return next(choice for choice in setting.choices if choice != setting.default)
    if setting.type is bool:
        return not setting.default
    if setting.type is str:
        return setting.default + "x"
    candidates = [setting.default + 1, setting.default - 1]
    if setting.low is not None and setting.high is not None:
        candidates += [setting.low, setting.high]
    return next(setting.type(value) for value in candidates if value != setting.default
                and (setting.low is None or value >= setting.low) and (setting.high is None or value <= setting.high))


def test_a_copy_is_equal_and_independent_and_the_fingerprint_sees_every_setting():
    from ganlab_gl.app.state import AppState
    for tree in (GanConfig(), AppState().view):
        for key, setting in tree.settings().items():
            copy = tree.copy()
            assert copy.fingerprint() == tree.fingerprint() and not copy.changed_keys(tree)
            copy.set(key, _another_value(setting))
            assert tree.get(key) == setting.default, key  # the original untouched
            assert copy.fingerprint() != tree.fingerprint(), key


def test_reference_pages_are_generated_from_the_declarations():
    import importlib.util
    spec = importlib.util.spec_from_file_location("update_docs", DOCS.parent.parent / "scripts" / "update_docs.py")
    update_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(update_docs)
    stale = "is stale: run scripts/update_docs.py"
    assert (DOCS.parent / "SETTINGS.md").read_text() == update_docs.settings_page(), "docs/SETTINGS.md " + stale
    assert (DOCS.parent / "KEYS.md").read_text() == update_docs.keys_page(), "docs/KEYS.md " + stale
    assert settings_table_markdown() in update_docs.settings_page()


def test_the_keys_pages_sentences_name_the_keys_the_action_table_binds(monkeypatch):
    """docs/KEYS.md's sentences spelled their keys by hand ("Ctrl+S saves", "B (*Branch here*)", "Esc (or a click)
    gives the keys back"): rebound here, each follows the table; keys no action owns (Enter in a field) stay."""
    import importlib.util
    from dataclasses import replace

    from ganlab_gl.app.actions import ACTION_ROWS, Action
    for action, keys in ((Action.SAVE, {"f2": None}), (Action.BRANCH, {"ctrl+b": None}),
                         (Action.ESCAPE, {"ctrl+w": None}), (Action.SCRUB, {"comma": -1, "ctrl+comma": -10,
                                                                            "ctrl+slash": 10, "slash": 1})):
        monkeypatch.setitem(ACTION_ROWS, action, replace(ACTION_ROWS[action], keys=keys))
    spec = importlib.util.spec_from_file_location("update_docs", DOCS.parent.parent / "scripts" / "update_docs.py")
    update_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(update_docs)
    page = update_docs.keys_page()
    for sentence in ("F2 saves the session", "; Ctrl+B (*Branch here*) continues", "Ctrl+W (or a click) gives the keys",
                     "(or Home, Comma and Slash, Ctrl+Comma and Ctrl+Slash for ten)", "press Enter to apply"):
        assert sentence in page, sentence


def test_reference_tables_keep_their_columns_and_name_each_key_once():
    import importlib.util
    import re
    spec = importlib.util.spec_from_file_location("update_docs", DOCS.parent.parent / "scripts" / "update_docs.py")
    update_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(update_docs)
    for page, columns in ((update_docs.settings_page(), 6), (update_docs.keys_page(), 2)):
        for row in (line for line in page.splitlines() if line.startswith("|")):
            assert len(re.split(r"(?<!\\)\|", row)) == columns + 2, row  # an unescaped | would add a column
    keys = update_docs.keys_page()
    key_cells = [line.split(" | ")[0] for line in keys.splitlines() if line.startswith("| ")]
    assert "Shift+Slash" not in keys and not any(" / " in cell for cell in key_cells)  # "? / Shift+Slash" read as two
    assert update_docs.alternatives("F1 / ?") == "F1, ?"
    assert "click a number to turn it into a text field" in keys and "press Enter to apply" in keys


def test_the_noise_help_says_each_kind_in_a_students_words_and_its_numbers_in_brackets():
    """noise.kind's help read "a Gaussian N(0.5, 0.25^2) truncated to [0,1]^d": a statistician's words, where the
    preset notice says "a bell curve around 0.5 kept between 0 and 1" (NOISE_NAMES). Each kind reads as the
    notice says it, its exact distribution in brackets after the words for a researcher; `ganlab-gl settings` and
    docs/SETTINGS.md print this help (test_reference_pages_are_generated_from_the_declarations)."""
    from ganlab_gl.core.settings import NOISE_NAMES
    help_text = SETTINGS_BY_KEY["noise.kind"].help
    for kind, name in NOISE_NAMES.items():
        words = name.partition(", ")[2]  # "a bell curve around 0.5 kept between 0 and 1"
        assert f"{kind}: {words} (" in help_text, kind
    for exact in ("N(0.5, 0.25²) truncated to [0, 1]^d", "N(0, 1) truncated at 2 std"):
        assert f"({exact}" in help_text
    assert f"| {help_text} |" in settings_table_markdown()


def test_the_learning_rates_help_says_what_a_rate_too_high_does_as_a_student_sees_it():
    """The rates' help promised overshoot and oscillation, where GAN Lab's highest rate, 1, for D silenced D's units
    within 50 iterations on each of GAN Lab's presets, the fakes frozen with no NaN (tests/test_probes.py), and G's
    rate too high left every fake at one point. The help the graph's rate controls show on hover, `ganlab-gl
    settings` and docs/SETTINGS.md say so, in the words under a stuck run's graph ("silencing a network's units")."""
    d_help, g_help = (SETTINGS_BY_KEY[key].help for key in ("train.d_lr", "train.g_lr"))
    assert "too high (GAN Lab's 1 on its presets) silences D's units, leaving the fakes no gradient" in d_help
    assert "too high can silence G's units, every fake at one point" in g_help
    assert all(f"| {text} |" in settings_table_markdown() for text in (d_help, g_help))


@pytest.mark.parametrize("tree", [GanConfig, ViewConfig])
def test_changed_keys_names_each_setting_changed_and_none_where_none_is(tree):
    """The lab asks every frame whether the edited settings differ from the running ones (a quick whole comparison
    first): each single change is named, and nothing else."""
    config = tree()
    assert config.changed_keys(config.copy()) == []
    for key, setting in tree.settings().items():
        changed = config.copy()
        value = setting.default
        other = (not value if isinstance(value, bool) else next(choice for choice in setting.choices if choice != value)
                 if setting.choices else value + "x" if isinstance(value, str) else
                 value - 1 if setting.high is not None and value + 1 > setting.high else value + 1)
        section, name = key.split(".")
        setattr(getattr(changed, section), name, other)
        assert config.changed_keys(changed) == [key] == changed.changed_keys(config)


def test_data_named_on_the_command_line_brings_its_presets_config_under_what_is_given(tmp_path):
    """`--set data.name=disjoint` trained disjoint with the gaussians preset's config, where picking disjoint in the
    lab loads disjoint's own: a lecturer's command and the window's button gave two experiments."""
    def preset(name):
        return with_preset(GanConfig(), name)

    assert given_config(None, ["data.name=disjoint"]).changed_keys(preset("disjoint")) == []
    assert given_config(None, ["data.name=ring8"]).changed_keys(preset("ring8")) == []
    # a setting given explicitly wins, even one equal to the declared default (ring's d_steps are 3)
    given = given_config(None, ["data.name=ring", "train.d_steps=2", "run.seed=5"])
    assert given.changed_keys(preset("ring")) == ["train.d_steps", "run.seed"] and given.train.d_steps == 2
    toml = tmp_path / "lecture.toml"
    toml.write_text('[data]\nname = "line"\n[train]\ng_lr = 0.02\n')
    from_file = given_config(toml, [])
    assert from_file.changed_keys(preset("line")) == ["train.g_lr"] and from_file.train.g_lr == 0.02
    assert given_config(toml, ["data.name=ring"]).changed_keys(preset("ring")) == ["train.g_lr"]  # --set's data wins
    assert given_config(None, []).changed_keys(preset("gaussians")) == []  # the first run: GAN Lab's first
    # data that is no preset keeps the declared defaults; a research protocol keeps its own settings
    assert given_config(None, ["data.name=file", "data.file=x.csv"]).changed_keys(GanConfig()) == ["data.name",
                                                                                                   "data.file"]
    protocol = experiment_config("ring8-hinge")
    assert given_config(None, ["data.name=grid25"], protocol).changed_keys(protocol) == ["data.name"]


def test_a_learning_rate_steps_through_gan_labs_list_and_a_count_by_one():
    """The graph's arrows: a learning rate to the next of GAN Lab's drop-down values (from one typed between two, the
    next listed that way), refused past its ends, where only a typed value goes on; a count one up or down."""
    rate, count = GanConfig.settings()["train.d_lr"], GanConfig.settings()["train.d_steps"]
    assert rate.steps == (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
    assert [rate.stepped(0.1, 1), rate.stepped(0.1, -1), rate.stepped(0.05, 1), rate.stepped(0.05, -1)] == [
        0.3, 0.03, 0.1, 0.03]
    assert (rate.stepped(5.0, -1), rate.stepped(1e-5, 1)) == (1.0, 0.001)
    for value, by in ((1.0, 1), (0.001, -1), (5.0, 1)):
        with pytest.raises(SettingError, match="train.d_lr: GAN Lab offers none"):
            rate.stepped(value, by)
    assert (count.stepped(2, 1), count.stepped(2, -1), count.steps) == (3, 1, None)


def test_a_list_is_declared_once_each_value_with_what_it_means():
    """A click on a learning rate or the toolbar's speed opens its list (app/panels/settings.listed_number), read from
    its declaration: the values, what each means, the one a value reads as (marked in the list; none for a value
    between two); the reference says them too."""
    speed, rate = ViewConfig.settings()["playback.max_iterations_per_frame"], GanConfig.settings()["train.g_lr"]
    assert (speed.steps, speed.step_titles) == ((1, 10, 100, 1000), ("GAN Lab's pace", "", "", "full speed"))
    assert speed.describe_listed() == "1 (GAN Lab's pace), 10, 100, 1000 (full speed)"
    assert rate.describe_listed() == "0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1" and rate.step_titles == ("",) * 7
    assert [rate.listed(value) for value in (0.03, 0.03004, 0.05, 2.0)] == [0.03, 0.03, None, None]
    assert (speed.listed(1000), speed.listed(999)) == (1000, None)
    # a count reads whole: a typed 1004, in three digits 1000, was marked "1000 (full speed)" and stepped down to 100
    assert (speed.listed(1004), speed.stepped(1004, -1)) == (None, 1000)
    assert GanConfig.settings()["train.beta1"].describe_listed() == ""


@pytest.mark.parametrize("value", [0.1003, 0.09996])
def test_a_learning_rate_that_reads_as_a_listed_one_steps_past_it(value):
    """A drag leaves 0.1003 or 0.09996, which the graph reads "lr 0.1" (three digits): the arrows step from 0.1, not to
    it (one click changed nothing on the screen)."""
    rate = GanConfig.settings()["train.g_lr"]
    assert (rate.stepped(value, 1), rate.stepped(value, -1)) == (0.3, 0.03)
    assert (rate.stepped(0.0301, -1), rate.stepped(0.2995, 1)) == (0.03, 0.3)  # read "0.0301", "0.299": not listed
    with pytest.raises(SettingError, match="none above 1 "):  # named as the graph reads it, not "0.9996"
        rate.stepped(1.0004, 1)
    with pytest.raises(SettingError, match="none above 1 "):
        rate.stepped(0.9996, 1)
