"""The registries are the choice lists: settings' choices, keys, the CLI and the layer table agree,
and the CLI's help and settings list answer without importing torch."""

import subprocess
import sys
import time

from ganlab_gl.core import settings
from ganlab_gl.core.presets import PRESETS
from ganlab_gl.render.layer_table import CANVAS_LAYERS, LAYERS


def test_setting_choices_equal_the_registries():
    from ganlab_gl.core import datasets
    from ganlab_gl.core.losses import LOSSES
    from ganlab_gl.core.models import ACTIVATION_MODULES
    assert settings.DATASETS == (*PRESETS, "drawing", "file")
    assert set(datasets.PRESETS) == set(PRESETS)  # every preset has its formula
    assert settings.LOSSES == tuple(LOSSES)
    assert settings.ACTIVATIONS == tuple(ACTIVATION_MODULES)
    for kind in settings.OPTIMIZERS:  # each optimizer choice builds
        from ganlab_gl.core.trainer import _optimizer
        import torch
        _optimizer(kind, [torch.nn.Parameter(torch.zeros(1))], 0.1, (0.9, 0.999))


def test_layer_table_names_keys_and_classes_agree():
    from ganlab_gl.render.canvas import LAYER_CLASSES, LAYER_ORDER
    assert [name for name, _ in LAYER_ORDER] == [row.name for row in LAYERS]
    assert all(LAYER_CLASSES[row.name].name == row.name for row in LAYERS if row.name != "noise")
    keys = [row.key for row in LAYERS if row.in_lab]
    assert len(set(keys)) == len(keys) == len(CANVAS_LAYERS)


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_help_and_settings_do_not_import_torch_or_numpy():
    code = ("import sys; from ganlab_gl import cli\n"
            "for argv in (['--help'], ['render', '--help'], ['settings'], ['settings', 'display.msaa'],\n"
            "             ['settings', 'msa']):\n"
            "    try: cli.main(argv)\n"
            "    except SystemExit: pass\n"
            "print(sorted(m for m in ('torch', 'numpy', 'moderngl', 'imgui_bundle') if m in sys.modules))")
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
    text = " ".join(result.stdout.split())  # argparse wraps its help lines
    assert ", ".join(CANVAS_LAYERS) in text and ", ".join(PRESETS) in text
    assert "| `display.msaa` |" in result.stdout and "display.msaa: canvas multisampling" in result.stdout


def test_help_answers_quickly():
    """0.3 s on a quiet machine (docs/BENCHMARKS.md); here the best of three under whatever load the tests make."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        assert _python("from ganlab_gl import cli; cli.main(['settings'])").returncode == 0
        times.append(time.perf_counter() - start)
    assert min(times) < 1.0, times
