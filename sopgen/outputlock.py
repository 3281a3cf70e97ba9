"""One run at a time writes an output folder, whatever register it was given (the register's own
lock covers only runs that share that register): a lock on `output/.sopgen.lock`.

The lock belongs to the run's own process: the operating system drops it when that process ends,
however it ends, and forked workers close their inherited copy of the descriptor (`lifetime`), so
a killed run never leaves the folder locked.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import lifetime
from .errors import OutputError, os_reason

LOCK_FILE = ".sopgen.lock"
LOCK_TIMEOUT = 120.0
POLL = 0.1


@contextmanager
def output_lock(output_dir: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the output folder's lock while the block runs; wait up to `timeout` for another run."""
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(output_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(
            f"Surat tidak dapat ditulis ke {output_dir}: {os_reason(exc)}. Tidak ada nomor surat yang "
            "terpakai; kosongkan ruang disk atau pilih folder lain dengan --output, lalu jalankan lagi."
        ) from None
    try:
        with lifetime.kept_from_workers(fd):
            deadline = time.monotonic() + timeout
            while not _try_lock(fd):
                if time.monotonic() > deadline:
                    raise OutputError(
                        f"Folder {output_dir} sedang dipakai sopgen lain terlalu lama. Tunggu sampai "
                        "selesai, lalu jalankan lagi. Tidak ada nomor yang terpakai."
                    )
                time.sleep(POLL)
            yield
    finally:
        os.close(fd)  # closing releases the lock


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: a byte-range lock, dropped with the process
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
