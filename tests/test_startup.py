"""Start-up budget: training GAN Lab's default setup, saving and loading it never import torch's compiler front
end (torch._dynamo, as long to import as torch itself; core/trainer.py's _skip_compiler_import). Run in a fresh
interpreter, since any earlier test may have imported it."""

import subprocess
import sys

SCRIPT = """
import sys, tempfile
from ganlab_gl.core import checkpoint
from ganlab_gl.core.probes import Prober
from ganlab_gl.core.settings import GanConfig
from ganlab_gl.core.trainer import Trainer
trainer = Trainer(GanConfig())
trainer.keep_good_state()
trainer.train(60)
Prober(trainer).snapshot()
trainer.revert_to_good_state()
with tempfile.TemporaryDirectory() as folder:
    checkpoint.save(trainer, folder)
    checkpoint.load(folder)  # its optimizer moments' template took a step that imported it: 1.5-2 s of a lab's load
print("torch._dynamo" in sys.modules)
"""


def test_training_the_default_setup_does_not_import_the_compiler():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
