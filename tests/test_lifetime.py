"""A run's workers never outlive it and never keep its output lock, on every system."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.test_crash_and_concurrency import lock_is_free, wait_for

REPO = Path(__file__).resolve().parents[1]
posix_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers exist only where fork does")


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


WORKER_SCRIPT = """
import os, sys, time
from pathlib import Path
from sopgen import lifetime
from sopgen.outputlock import output_lock

if sys.argv[1] == "no-prctl":
    lifetime.die_with_parent = lambda: None  # as on a system where the kernel cannot do it
with output_lock(Path(sys.argv[2])):
    initializer, args = lifetime.worker_initializer()
    ready, started = os.pipe()
    pid = os.fork()
    if pid == 0:
        initializer(*args)
        os.write(started, b"x")
        time.sleep(120)
        os._exit(0)
    os.read(ready, 1)  # as a pool's worker: started before the run goes on
    print(pid, flush=True)
    if sys.argv[3] == "release":
        pass  # leave the lock's block while the worker lives
    else:
        time.sleep(120)
print("released", flush=True)
time.sleep(120)
"""


def start(mode: str, out: Path, then: str) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen([sys.executable, "-c", WORKER_SCRIPT, mode, str(out), then], cwd=REPO,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    return proc, int(proc.stdout.readline())


@posix_only
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to see whether a process lives")
@pytest.mark.parametrize("mode", ["prctl", "no-prctl"])
def test_a_worker_dies_with_its_parent(tmp_path: Path, mode: str) -> None:
    """With the kernel's parent-death signal (Linux) and without it (the watchdog elsewhere)."""
    proc, worker = start(mode, tmp_path, "hold")
    try:
        proc.kill()
        proc.wait()
        assert wait_for(lambda: not alive(worker)), "the worker outlived its parent"
        assert lock_is_free(tmp_path)
    finally:
        if alive(worker):
            os.kill(worker, signal.SIGKILL)


@posix_only
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to see whether a process lives")
def test_a_living_worker_does_not_hold_the_output_lock(tmp_path: Path) -> None:
    """The lock is the run's alone: once the run lets it go, a worker still running keeps nothing."""
    proc, worker = start("prctl", tmp_path, "release")
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "released"
        assert alive(worker)
        assert lock_is_free(tmp_path), "a forked worker kept the output lock"
    finally:
        proc.kill()
        proc.wait()
        if alive(worker):
            os.kill(worker, signal.SIGKILL)
