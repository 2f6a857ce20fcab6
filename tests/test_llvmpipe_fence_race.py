"""scripts/llvmpipe_fence_race.c, the LD_PRELOAD shim that showed llvmpipe's fence use-after-free (docs/LAB.md):
a condition variable destroyed while a thread named llvmpipe-N waits to broadcast on it is reported, with both
threads' stacks; one destroyed while another thread broadcasts is not."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "scripts" / "llvmpipe_fence_race.c"

# a thread named THREAD_NAME broadcasts on a condition variable that the main thread destroys 0.1 s later
RACE = """
import ctypes, sys, threading, time
libc = ctypes.CDLL(None)
libc.pthread_self.restype = ctypes.c_ulong
cond = ctypes.create_string_buffer(64)
libc.pthread_cond_init(cond, None)
def broadcast():
    libc.pthread_setname_np(ctypes.c_ulong(libc.pthread_self()), sys.argv[1].encode())
    libc.pthread_cond_broadcast(cond)
thread = threading.Thread(target=broadcast)
thread.start()
time.sleep(0.1)
libc.pthread_cond_destroy(cond)
thread.join()
"""


@pytest.fixture(scope="module")
def shim(tmp_path_factory) -> Path:
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    library = tmp_path_factory.mktemp("shim") / "llvmpipe_fence_race.so"
    subprocess.run(["gcc", "-O1", "-shared", "-fPIC", "-o", str(library), str(SOURCE), "-ldl", "-pthread"],
                   check=True)
    return library


def _race(shim: Path, thread_name: str) -> str:
    env = {**os.environ, "LD_PRELOAD": str(shim), "LP_RACE_DELAY_US": "400000", "LP_RACE_SKIP": "1"}
    result = subprocess.run([sys.executable, "-c", RACE, thread_name], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_a_cond_destroyed_while_an_llvmpipe_thread_waits_to_broadcast_is_reported(shim):
    said = _race(shim, "llvmpipe-0")
    assert "destroys a cond that an llvmpipe thread is about to broadcast on (thread python" in said
    assert "broadcast on destroyed cond" in said and "(1 of 1 delayed)" in said
    assert "(thread llvmpipe-0)" in said


def test_another_threads_broadcast_is_neither_delayed_nor_reported(shim):
    assert "[fence race]" not in _race(shim, "worker-0")
