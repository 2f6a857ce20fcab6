"""Training without torch's compiler front end: torch._dynamo (with inductor and sympy some 800 modules, as long to
import as torch itself), which torch's optimizers import only to mark themselves as never compiled. Nothing here
compiles, so training never needs it:

- `Optimizer.add_param_group`, `state_dict`, `load_state_dict` and `zero_grad` sit in `torch._disable_dynamo`,
  whose first call imports it. Importing this module gives each its cached 'disabled' form, itself, up front: the
  import was half of the lab's start-up (docs/BENCHMARKS.md).
- `optimizer.step()`'s wrapper imports it in every call: `optimizer_step` runs the step unwrapped (a load's
  template of the optimizers' moments, and every training step). A process's first step paid the import: the
  lab's first D, G or `.` key (the phase walk) and Adam's first iteration froze the window for 3.7-8.5 s on two
  busy cores, so a student's key seemed lost, and a second tap stepped twice.

If torch renames what is skipped, the import simply comes back (tests/test_startup.py notices).
"""

from __future__ import annotations

import inspect

import torch


def _mark_uncompiled() -> None:
    for name in ("add_param_group", "state_dict", "load_state_dict", "zero_grad"):
        method = getattr(torch.optim.Optimizer, name).__dict__.get("__wrapped__")
        if method is not None and not hasattr(method, "__dynamo_disable"):
            method.__dynamo_disable = method


_mark_uncompiled()


def optimizer_step(optimizer: torch.optim.Optimizer) -> None:
    """`optimizer.step()` without torch's wrappers, the same arithmetic: autograd off, as the wrapper turns it off
    for an optimizer that is not `differentiable` (none of ours is); the wrapper's graph breaks matter only to a
    compiler, and its step hooks are none of ours."""
    with torch.no_grad():
        inspect.unwrap(type(optimizer).step)(optimizer)
