"""Start-up budget: training, stepping and loading never import torch's compiler front end (torch._dynamo, as long
to import as torch itself; core/no_compiler.py). Run in a fresh interpreter, since any earlier test may have
imported it."""

import subprocess
import sys

SCRIPT = """
import sys, tempfile
from ganlab_gl.core import checkpoint
from ganlab_gl.core.probes import Prober
from ganlab_gl.core.settings import GanConfig, apply_overrides
from ganlab_gl.core.trainer import Trainer
trainer = Trainer(GanConfig())
trainer.keep_good_state()
trainer.train(60)
Prober(trainer).snapshot()
trainer.revert_to_good_state()
with tempfile.TemporaryDirectory() as folder:
    checkpoint.save(trainer, folder)
    checkpoint.load(folder)  # its optimizer moments' template took a step that imported it: 1.5-2 s of a lab's load
trainer.d_step()  # the phase walk's optimizer.step() imported it: the lab froze 4-8 s at its first D, G or '.' key
trainer.g_step()
list(trainer.walk())
Trainer(apply_overrides(GanConfig(), ["train.d_optimizer=adam", "train.g_optimizer=adam"])).train(2)
print("torch._dynamo" in sys.modules)
"""


def test_training_and_stepping_never_import_the_compiler():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
