"""Nothing outlives a run: a stop signal ends it like Ctrl-C, and its workers and the programs it
starts die with it.

A forked worker inherits every open descriptor of its parent, the output lock's among them (a
`flock` belongs to the open file, so a worker left alive would hold it for good), and would go on
writing after its parent was killed. So each worker closes the descriptors its parent marked as its
own, asks the kernel to kill it when the parent dies (Linux), and watches its parent itself
elsewhere.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import subprocess

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_INTERVAL = 0.2  # seconds between a worker's looks at its parent where the kernel cannot tell it

# Signals that stop a run the way Ctrl-C does (SIGHUP: the terminal window was closed).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")
                     if hasattr(signal, name))

_parent_only: set[int] = set()  # descriptors a forked worker must not keep


class Stopped(KeyboardInterrupt):
    """The run was asked to stop (Ctrl-C, SIGTERM, SIGHUP): unwound like Ctrl-C."""


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP stop the run like Ctrl-C: every `finally` runs, the register rolls back.
    Once stopping, further signals are ignored, so the clean-up and its message are not cut short."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in STOP_SIGNALS:
        with contextlib.suppress(OSError, ValueError):
            signal.signal(signum, _stop)


def _stop(signum: int, frame: FrameType | None) -> None:
    for other in STOP_SIGNALS:
        with contextlib.suppress(OSError, ValueError):
            signal.signal(other, signal.SIG_IGN)
    raise Stopped(signum)


@contextlib.contextmanager
def kept_from_workers(fd: int) -> Iterator[int]:
    """Mark a descriptor as the parent's alone while the block runs: forked workers close it."""
    _parent_only.add(fd)
    try:
        yield fd
    finally:
        _parent_only.discard(fd)


def worker_initializer() -> tuple[Callable[..., None], tuple[Any, ...]]:
    """The initializer (and its arguments) a process pool gives each forked worker."""
    return _start_worker, (os.getpid(), tuple(sorted(_parent_only)))


def _start_worker(parent: int, inherited: tuple[int, ...]) -> None:
    # The parent decides when to stop and ends its workers itself: a Ctrl-C or a closed terminal
    # reaches the whole process group, and a worker dying first would only muddle the parent's exit.
    for signum in STOP_SIGNALS:
        with contextlib.suppress(OSError, ValueError):
            signal.signal(signum, signal.SIG_IGN)
    for fd in inherited:
        with contextlib.suppress(OSError):
            os.close(fd)
    die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="sopgen-parent-watch").start()


def die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies (Linux); elsewhere a no-op."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the watchdog still ends the worker


def _watch_parent(parent: int) -> None:
    """Where the kernel cannot kill a worker with its parent: end it once the parent is gone (its
    parent id then changes to the process that adopted it)."""
    stop = threading.Event()
    while not stop.wait(WATCH_INTERVAL):
        if os.getppid() != parent:
            os._exit(1)


def stop_workers(pool: Any) -> None:
    """End a process pool's workers now (not after the queued work), and wait until they are gone.
    The pool's manager thread is let finish (it marks the queued work broken once the workers are
    dead) before anything is cancelled, so no thread of the pool dies with a traceback."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    kill = getattr(pool, "kill_workers", None)  # Python 3.14
    if callable(kill):
        with contextlib.suppress(Exception):
            kill()
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join()
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        with contextlib.suppress(Exception):
            manager.join(timeout=MANAGER_WAIT)
    with contextlib.suppress(Exception):
        pool.shutdown(wait=False, cancel_futures=True)


MANAGER_WAIT = 5.0  # seconds; it ends as soon as it sees its workers dead


GUARD_INTERVAL = 0.2  # seconds between the guard's looks at the run


def run_bound(cmd: list[str], *, timeout: float, env: dict[str, str], scratch: Path) -> tuple[int, str]:
    """Run another program (LibreOffice) so that it ends with this run, and return its exit code and
    error output. It gets a process group of its own, which is killed whole when the run stops
    (Ctrl-C, a timeout: subprocess would end only the first process, not the one it started) or
    dies: a small forked guard watches the run and then also removes `scratch`, which holds copies
    of the password slips. Where there is no fork (Windows) the program ends with the run's own
    clean-up only."""
    import subprocess  # here, not at the top: every command starts by importing this module

    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=hasattr(os, "setsid"))
    guard = _start_guard(proc.pid, scratch)
    try:
        _, errors = proc.communicate(timeout=timeout)
        return proc.returncode, errors or ""
    finally:
        _end_group(proc)
        if guard:
            with contextlib.suppress(OSError):
                os.kill(guard, signal.SIGKILL)
                os.waitpid(guard, 0)


def _end_group(proc: subprocess.Popen[str]) -> None:
    if hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)  # the group outlives its first process
    with contextlib.suppress(OSError):
        proc.kill()
    with contextlib.suppress(Exception):
        proc.wait()


def _start_guard(group: int, scratch: Path) -> int:
    if not hasattr(os, "fork") or not hasattr(os, "killpg"):
        return 0
    import shutil  # before the fork: the guard only loops

    parent = os.getpid()
    guard = os.fork()
    if guard:
        return guard
    try:  # the guard: nothing of the run's but its own loop
        for signum in STOP_SIGNALS:
            with contextlib.suppress(OSError, ValueError):
                signal.signal(signum, signal.SIG_IGN)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.closerange(3, _max_fd())
        while os.getppid() == parent:
            time.sleep(GUARD_INTERVAL)
        with contextlib.suppress(OSError):
            os.killpg(group, signal.SIGKILL)
        shutil.rmtree(scratch, ignore_errors=True)
    finally:
        os._exit(0)


def _max_fd() -> int:
    try:
        return int(os.sysconf("SC_OPEN_MAX"))
    except (AttributeError, ValueError, OSError):
        return 1024
