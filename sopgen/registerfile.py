"""What a file named as the register is, found without changing a byte of it: sopgen's own register
(this schema or an older one), a missing or empty file, or another program's file.

sopgen marks its registers with an SQLite application id in the file header. Registers made before
that mark carry a `meta` table with `schema_version` and `register_id` beside sopgen's own tables.
Anything else is never opened for writing: SQLite would add tables and a journal to it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .errors import RegisterError

APPLICATION_ID = 0x534F5047  # "SOPG", in the header of every register sopgen makes
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100
OWN_TABLES = {"meta", "counters", "batches", "documents", "steps"}

MISSING, EMPTY, OURS, FOREIGN = "tidak_ada", "kosong", "milik_sopgen", "asing"


class ForeignRegister(RegisterError):
    """The file named as the register is not one sopgen made; it is left exactly as it is (exit 2)."""

    code = "REGISTER_ASING"


@dataclass(frozen=True)
class RegisterFile:
    path: Path
    kind: str  # MISSING, EMPTY, OURS or FOREIGN
    what: str = ""  # for a foreign file: what it looks like, told to the clerk


def inspect(path: Path, *, timeout: float = 60.0) -> RegisterFile:
    """Look at the file the way that cannot change it: its header first, then, for a database
    without sopgen's mark, its tables, read through a connection that writes nothing."""
    try:
        with path.open("rb") as fh:
            header = fh.read(HEADER_BYTES)
    except FileNotFoundError:
        return RegisterFile(path, MISSING)
    except IsADirectoryError:
        return RegisterFile(path, FOREIGN, "sebuah folder, bukan berkas")
    except OSError as exc:
        raise RegisterError(
            f"Register {path} tidak dapat dibaca ({exc.strerror}). Periksa izin berkas itu, atau pilih "
            "register lain dengan --register."
        ) from None
    if not header:
        return RegisterFile(path, EMPTY)
    if not header.startswith(SQLITE_MAGIC) or len(header) < HEADER_BYTES:
        return RegisterFile(path, FOREIGN, "bukan basis data SQLite")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id == APPLICATION_ID:
        return RegisterFile(path, OURS)
    if application_id != 0:
        return RegisterFile(path, FOREIGN, f"basis data SQLite program lain (application id {application_id:#x})")
    tables = _tables(path, wal=header[18] == 2, timeout=timeout)
    if _older_register(path, tables, wal=header[18] == 2, timeout=timeout):
        return RegisterFile(path, OURS)
    shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
    return RegisterFile(path, FOREIGN, f"basis data SQLite program lain (tabel: {shown})" if tables
                        else "basis data SQLite kosong yang tidak dibuat sopgen")


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """A URI that opens the file without ever writing it; `immutable` also takes no lock and makes
    no journal files (for a file on a read-only disk, or one that may not be ours)."""
    mode = "immutable=1" if immutable else "mode=ro"
    return f"file:{quote(str(path.resolve()))}?{mode}"


def _tables(path: Path, *, wal: bool, timeout: float) -> set[str]:
    # A database in WAL mode opened even read-only gets -wal and -shm files beside it: look at
    # another program's file through an immutable connection, which creates nothing.
    try:
        return _query_tables(read_only_uri(path, immutable=wal), timeout)
    except sqlite3.DatabaseError:
        return set()


def _older_register(path: Path, tables: set[str], *, wal: bool, timeout: float) -> bool:
    """A register from before the application id: sopgen's tables and the meta keys it always wrote.
    Its tables may still sit in the journal of a run that stopped before folding it in, which only a
    (read-only) connection that reads the journal sees."""
    if OWN_TABLES <= tables:
        return _has_own_meta(read_only_uri(path, immutable=wal), timeout)
    journal = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    if wal and all(p.exists() for p in journal):
        try:
            return OWN_TABLES <= _query_tables(read_only_uri(path), timeout) and _has_own_meta(
                read_only_uri(path), timeout)
        except sqlite3.DatabaseError:
            return False
    return False


def _query_tables(uri: str, timeout: float) -> set[str]:
    db = sqlite3.connect(uri, uri=True, timeout=timeout)
    try:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        db.close()


def _has_own_meta(uri: str, timeout: float) -> bool:
    try:
        db = sqlite3.connect(uri, uri=True, timeout=timeout)
        try:
            keys = {r[0] for r in db.execute("SELECT key FROM meta")}
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return False
    return {"schema_version", "register_id"} <= keys


def refuse_foreign(found: RegisterFile) -> ForeignRegister:
    return ForeignRegister(
        f"Berkas {found.path} bukan register sopgen: {found.what}. sopgen tidak mengubahnya sedikit pun. "
        "Sebutkan register sopgen dengan --register (bawaan: register.sqlite di folder output), atau "
        "biarkan --register kosong."
    )
