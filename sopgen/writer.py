"""Render a batch's documents into a folder: one process for a clerk's batch, every core for a big one.

Files are written without a flush each; one `os.sync()` makes the whole folder durable before the
pipeline renames it into place and commits the register.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from . import lifetime
from .errors import OutputError

PARALLEL_FROM = 400  # documents; below this, starting workers costs more than it saves
CHUNK = 250

Progress = Callable[[int, int], None]


class ContextSource(Protocol):
    def context(self, job: Any) -> dict[str, Any]: ...


def write_file(path: Path, data: bytes, *, private: bool = False, durable: bool = False,
               atomic: bool = False) -> str:
    """Write bytes (0600 for private files) and return their sha256. `atomic` writes beside the
    target and renames over it, so a crash never leaves half a file where a whole one belongs
    (needed outside a batch's temporary folder, which is itself renamed into place whole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    target = path.with_name(f".{path.name}.tmp-{os.getpid()}") if atomic else path
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if atomic:
            os.replace(target, path)
    finally:
        if atomic and target.exists():
            target.unlink()
    return hashlib.sha256(data).hexdigest()


TMP_PREFIX = ".tmp-"  # a batch folder being written: '.tmp-<folder>-<pid>'


def left_by_a_dead_run(name: str, separator: str = "-") -> bool:
    """A temporary name ends in the pid of the run that made it; only a dead run's is left over."""
    pid = name.rsplit(separator, 1)[-1]
    return pid.isdigit() and int(pid) != os.getpid() and not process_alive(int(pid))


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is not ours to signal
        return True
    return True


def remove_abandoned_temporaries(folder: Path) -> None:
    """The '.name.tmp-PID' files of atomic writes whose run was killed (a note's copy among them)."""
    for path in folder.rglob(".*.tmp-*"):
        if left_by_a_dead_run(path.name, ".tmp-"):
            path.unlink(missing_ok=True)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def make_durable(paths: Sequence[Path]) -> None:
    """Flush written files to disk: one sync where the system has it, else one fsync per file."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:  # Windows
        with path.open("rb+") as fh:
            os.fsync(fh.fileno())


# State a forked worker inherits from its parent: prepared templates are not pickled again.
_WORKER: dict[str, Any] = {}


class BackgroundWriter:
    """Writes and hashes files on a thread while the caller renders the next ones: the GIL is released
    while the system takes the bytes and while hashlib hashes them, so the disk's time and the CPU's
    overlap. At most QUEUED documents wait in memory; the first error is raised by `close`."""

    QUEUED = 32

    def __init__(self) -> None:
        import queue
        import threading

        self._queue: Any = queue.Queue(maxsize=self.QUEUED)
        self._done: list[tuple[str, str]] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="sopgen-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is None:  # after an error only drained, so `put` never blocks for ever
                file, path, data, private = item
                try:
                    self._done.append((file, write_file(path, data, private=private)))
                except BaseException as exc:  # noqa: BLE001 - handed to the rendering thread in close()
                    self._error = exc

    def put(self, file: str, path: Path, data: bytes, *, private: bool) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put((file, path, data, private))

    def close(self, *, raising: bool = True) -> list[tuple[str, str]]:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None and raising:
            raise self._error
        return self._done


def _render_chunk(bounds: tuple[int, int]) -> list[tuple[str, str]]:
    renderer, jobs, ctx, folder, when, private = (
        _WORKER["renderer"], _WORKER["jobs"], _WORKER["ctx"], _WORKER["folder"], _WORKER["when"],
        _WORKER["private"],
    )
    writer = BackgroundWriter()
    try:
        for job in jobs[bounds[0]:bounds[1]]:
            data = renderer.render(job.kind, ctx.context(job), when=when)
            writer.put(job.file, folder / job.file, data, private=job.kind in private)
    except BaseException:
        writer.close(raising=False)  # no thread left writing into a folder about to be removed
        raise
    return writer.close()  # every file handed over is whole, or the first write's error raised


def _render_on_every_core(chunks: list[tuple[int, int]], workers: int,
                          collect: Callable[[list[tuple[str, str]]], None]) -> None:
    """Forked workers render the chunks. However the run ends (an error, Ctrl-C, a stop signal),
    no worker is left behind writing into the folder or holding the output lock; a worker whose
    parent is killed outright dies with it (`lifetime`)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    initializer, initargs = lifetime.worker_initializer()
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=initializer, initargs=initargs)
    try:
        # submit, not map: map cancels its queued work the moment an exception leaves it, while the
        # pool's manager thread may be marking that work broken (InvalidStateError, printed as a
        # thread's traceback on Python 3.11); stop_workers lets the manager finish first.
        for future in [pool.submit(_render_chunk, bounds) for bounds in chunks]:
            collect(future.result())
    except BrokenProcessPool:
        lifetime.stop_workers(pool)
        raise OutputError(
            "Pembuatan surat terhenti: salah satu proses pembuat surat berhenti mendadak (memori komputer "
            "habis, atau proses itu dihentikan). Tidak ada nomor surat yang terpakai; tutup program lain, "
            "lalu jalankan lagi.", code="PROSES_TERHENTI") from None
    except BaseException:
        lifetime.stop_workers(pool)
        raise
    pool.shutdown(wait=True)


def can_fork() -> bool:
    import multiprocessing  # only for a batch big enough to share out: it costs a clerk's run its import

    return "fork" in multiprocessing.get_all_start_methods()


def render_documents(
    jobs: Sequence[Any], ctx: ContextSource, renderer: Any, folder: Path, *, when: Any,
    private: frozenset[str], progress: Progress | None = None,
) -> dict[str, str]:
    """Render and write every job; returns file -> sha256 in the order of `jobs`."""
    for kind in sorted({job.kind for job in jobs}):
        renderer.prepared(kind)  # prepare (and fail on a broken template) before any worker starts
    _WORKER.update(renderer=renderer, jobs=jobs, ctx=ctx, folder=folder, when=when, private=private)
    chunks = [(i, min(i + CHUNK, len(jobs))) for i in range(0, len(jobs), CHUNK)]
    digests: dict[str, str] = {}

    def collect(result: list[tuple[str, str]]) -> None:
        digests.update(result)
        if progress:
            progress(len(digests), len(jobs))

    try:
        workers = min(os.cpu_count() or 1, len(chunks))
        if len(jobs) >= PARALLEL_FROM and workers > 1 and can_fork():
            _render_on_every_core(chunks, workers, collect)
        else:
            for bounds in chunks:
                collect(_render_chunk(bounds))
    finally:
        _WORKER.clear()
    return {job.file: digests[job.file] for job in jobs}
