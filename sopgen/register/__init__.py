"""The register (berkas kearsipan): batches, letter numbers, documents and SOP steps, in SQLite.

Numbers are allocated inside `writing()`, one `BEGIN IMMEDIATE` transaction that also records the
batch and its documents: a rolled-back batch leaves the counters untouched, so numbers are never
skipped, and a UNIQUE constraint means they can never be stored twice. Nothing is ever deleted.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .. import registerfile
from ..errors import RegisterError
from .issued import IssuedUnder
from .messages import absent, translated, unknown_schema
from .records import BatchRecord, DocumentRecord, SignatoryRecord, StepRecord
from .records import batch_of as _batch
from .records import document_of as _document
from .schema import MIGRATIONS, SCHEMA, SCHEMA_VERSION, SHARED_SCOPE, STEPS, statements

__all__ = ["SCHEMA", "SCHEMA_VERSION", "SHARED_SCOPE", "STEPS", "BatchRecord", "DocumentRecord", "Register",
           "SignatoryRecord", "StepRecord"]

class Register(IssuedUnder):
    """One SQLite file; open it, read it, and write to it only inside `writing()`."""

    def __init__(self, path: Path, *, timeout: float = 60.0, read_only: bool = False, create: bool = True) -> None:
        """Open sopgen's register at `path`: another program's file is refused untouched; a missing
        or empty file becomes a new register when `create` (`made_from` says which it was). A
        `read_only` register never writes a byte, so one on a read-only disk (a backup) can be read."""
        self.path = Path(path)
        self.timeout = timeout
        self.read_only = read_only
        self._scope_of: dict[tuple[str, int], str] = {}  # counters allocated by this connection
        found = registerfile.inspect(self.path, timeout=timeout)
        if found.kind == registerfile.FOREIGN:
            raise registerfile.refuse_foreign(found)
        self.made_from = None if found.kind == registerfile.OURS else found.kind
        if self.made_from is not None and (read_only or not create):
            raise absent(self.path, found.kind)
        self._db = self._open_read_only() if read_only else self._open()

    def _connect(self, target: str, *, uri: bool = False) -> sqlite3.Connection:
        db = sqlite3.connect(target, timeout=self.timeout, isolation_level=None, uri=uri)
        db.row_factory = sqlite3.Row
        db.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        return db

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = self._connect(str(self.path))
            db.execute("PRAGMA foreign_keys = ON")
            self._retry_while_locked(lambda: self._prepare(db))
            return db
        except sqlite3.DatabaseError as exc:
            raise translated(self.path, exc) from None
        except OSError as exc:
            raise RegisterError(
                f"Register {self.path} tidak dapat dibuat: {exc.strerror}. Pastikan folder itu "
                "ada dan dapat ditulisi, atau pilih tempat lain dengan --register."
            ) from None

    def _open_read_only(self) -> sqlite3.Connection:
        """A connection that never writes. Where the register can be written, an ordinary one held
        to reading (`query_only`): it leaves no journal files behind when it closes, as a read-only
        one would. On a read-only disk a read-only one, or, where SQLite cannot even make the
        shared-memory file a WAL register is read through, an immutable one: nobody can be writing
        a register there meanwhile."""
        attempts = [(str(self.path), False), (registerfile.read_only_uri(self.path), True),
                    (registerfile.read_only_uri(self.path, immutable=True), True)]
        try:
            for n, (target, uri) in enumerate(attempts, start=1):
                db = self._connect(target, uri=uri)
                try:
                    db.execute("PRAGMA query_only = ON")
                    version = self._schema_version(db)
                except sqlite3.OperationalError as exc:
                    db.close()
                    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
                    if n == len(attempts) or code not in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY):
                        raise
                    continue
                if version is None:
                    db.close()
                    raise unknown_schema(self.path, "tanpa tabel register")
                return db
            raise AssertionError("unreachable: the last attempt returns or raises")
        except sqlite3.DatabaseError as exc:
            raise translated(self.path, exc) from None

    def _prepare(self, db: sqlite3.Connection) -> None:
        # The schema (and the application id in the header) first: a new register is made in
        # rollback-journal mode, so its mark is in the file itself before it switches to WAL.
        self._ensure_schema(db)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")

    def _retry_while_locked(self, step: Callable[[], None]) -> None:
        """Two runs opening a new register at once: switching it to WAL can report 'locked' at once,
        without waiting (SQLite's deadlock avoidance), so wait and try again, up to the timeout."""
        deadline = time.monotonic() + self.timeout
        pause = 0.01
        while True:
            try:
                step()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc).lower() or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)

    def _schema_version(self, db: sqlite3.Connection) -> int | None:
        """The register's schema version; None for a file without any table yet. A newer or an
        unknown schema is refused: sopgen would misread it, or write what the other version cannot read."""
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return None
        if "meta" not in tables:
            raise unknown_schema(self.path, "tanpa tabel meta")
        row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        text = str(row[0]).strip() if row else ""
        if not text.isascii() or not text.isdigit():
            raise unknown_schema(self.path, f"versi skema {text!r}" if text else "tanpa versi skema")
        version = int(text)
        if version > SCHEMA_VERSION:
            raise RegisterError(
                f"Register {self.path} dibuat oleh sopgen yang lebih baru (skema {version}; sopgen ini "
                f"memakai skema {SCHEMA_VERSION}). Perbarui sopgen sebelum memakai register ini; "
                "register itu tidak diubah.", code="REGISTER_VERSI_BARU")
        return version

    def _ensure_schema(self, db: sqlite3.Connection) -> None:
        """Make a new register, or bring an older one up to this schema, in one transaction."""
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
        if self._schema_version(db) == SCHEMA_VERSION and application_id == registerfile.APPLICATION_ID:
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            version = self._schema_version(db)  # again under the lock: another run may just have made it
            if version is None:
                for statement in statements(SCHEMA):
                    db.execute(statement)
                # Who made a batch folder: a backup of this register keeps its id, another register has its own.
                db.execute("INSERT INTO meta VALUES ('register_id', ?)", (uuid.uuid4().hex,))
            else:
                for step in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in MIGRATIONS.get(step, []):
                        db.execute(statement)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            db.execute(f"PRAGMA application_id = {registerfile.APPLICATION_ID}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    @property
    def id(self) -> str:
        """The register's identity, written into every batch's manifest."""
        return str(self._query("SELECT value FROM meta WHERE key='register_id'")[0][0])

    def close(self) -> None:
        # Fold the WAL into the file, so a backup of register.sqlite alone is the whole register; never
        # wait for it: while another run writes, its own close does the folding.
        if not self.read_only:
            with suppress(sqlite3.Error):
                self._db.execute("PRAGMA busy_timeout = 0")
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._db.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One writer at a time across processes; commit on success, roll back on any exception."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise translated(self.path, exc) from None
        try:
            yield
        except BaseException:
            self._rollback()
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._rollback()
            raise translated(self.path, exc) from None

    def _rollback(self) -> None:
        """Roll back if SQLite has not already (it does by itself on a full disk or an I/O error),
        so the error being raised is the real one, not 'no transaction is active'."""
        if self._db.in_transaction:
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise translated(self.path, exc) from None

    def _execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        if not self._db.in_transaction:
            raise RuntimeError("register writes belong inside Register.writing()")
        try:
            return self._db.execute(sql, params)
        except sqlite3.DatabaseError as exc:
            raise translated(self.path, exc) from None

    # --- batches ---------------------------------------------------------------------------------

    def batch_by_key(self, key: str) -> BatchRecord | None:
        rows = self._query("SELECT * FROM batches WHERE key = ?", (key,))
        return _batch(rows[0]) if rows else None

    def batch_by_hash(self, data_hash: str) -> BatchRecord | None:
        rows = self._query("SELECT * FROM batches WHERE data_hash = ? ORDER BY id DESC LIMIT 1",
                           (data_hash,))
        return _batch(rows[0]) if rows else None

    def batch(self, key_or_number: str) -> BatchRecord | None:
        rows = self._query(
            "SELECT * FROM batches WHERE key = ? OR folder = ? OR folder LIKE ? OR id IN "
            "(SELECT batch_id FROM documents WHERE kind = 'surat_perintah' AND number = ?) "
            "ORDER BY id DESC LIMIT 1",
            (key_or_number, key_or_number, f"%/{key_or_number}", key_or_number),
        )
        return _batch(rows[0]) if rows else None

    def latest_batch(self) -> BatchRecord | None:
        rows = self._query("SELECT * FROM batches ORDER BY id DESC LIMIT 1")
        return _batch(rows[0]) if rows else None

    def key_in_use(self) -> BatchRecord | None:
        """The newest batch whose password key is known (by its fingerprint): new notes use that key."""
        if "key_fingerprint" not in {r[1] for r in self._query("PRAGMA table_info(batches)")}:
            return None  # schema 1, read as it is
        rows = self._query("SELECT * FROM batches WHERE key_fingerprint IS NOT NULL ORDER BY id DESC LIMIT 1")
        return _batch(rows[0]) if rows else None

    def batches(self) -> list[BatchRecord]:
        return [_batch(r) for r in self._query("SELECT * FROM batches ORDER BY id")]

    def add_batch(self, *, key: str, input_name: str, data_hash: str, issued_on: date, year: int,
                  folder: str, key_fingerprint: str | None = None, parent_id: int | None = None) -> BatchRecord:
        """`parent_id`: for a reissue, the batch whose Surat Perintah its notes stand under."""
        created = datetime.now(UTC).isoformat(timespec="seconds")
        cur = self._execute(
            "INSERT INTO batches (key, input_name, data_hash, issued_on, year, folder, created_at, "
            "key_fingerprint, parent_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (key, input_name, data_hash, issued_on.isoformat(), year, folder, created, key_fingerprint, parent_id),
        )
        return _batch(self._query("SELECT * FROM batches WHERE id = ?", (cur.lastrowid,))[0])

    # --- numbers and documents -------------------------------------------------------------------

    def allocate(self, kind: str, year: int, count: int, *, shared_counter: bool) -> list[int]:
        """The next `count` sequence numbers of the kind's counter for the year (inside writing())."""
        scope = SHARED_SCOPE if shared_counter else kind
        row = self._execute("SELECT last FROM counters WHERE scope = ? AND year = ?",
                            (scope, year)).fetchone()
        if row is None:
            self._refuse_counter_switch(kind, year, scope)
        last = row[0] if row else 0
        self._execute(
            "INSERT INTO counters (scope, year, last) VALUES (?, ?, ?) "
            "ON CONFLICT (scope, year) DO UPDATE SET last = excluded.last",
            (scope, year, last + count),
        )
        self._scope_of[(kind, year)] = scope
        return list(range(last + 1, last + count + 1))

    def counter(self, scope: str, year: int) -> int:
        """The last number the counter gave out in the year (0 before the first)."""
        rows = self._query("SELECT last FROM counters WHERE scope = ? AND year = ?", (scope, year))
        return int(rows[0][0]) if rows else 0

    def advance_counter(self, scope: str, year: int, last: int) -> None:
        """Record numbers found already issued (inside writing()); a counter never goes back."""
        self._execute(
            "INSERT INTO counters (scope, year, last) VALUES (?, ?, ?) ON CONFLICT (scope, year) "
            "DO UPDATE SET last = MAX(last, excluded.last)", (scope, year, last))

    def _refuse_counter_switch(self, kind: str, year: int, scope: str) -> None:
        """A counter started mid-year would number from 001 again what another counter already used."""
        other = self._execute(
            "SELECT scope FROM documents WHERE year = ? AND kind = ? AND scope != ? LIMIT 1",
            (year, kind, scope)).fetchone()
        if other is not None:
            old = "bersama" if other[0] == SHARED_SCOPE else "per_jenis"
            raise RegisterError(
                f"Pencacah nomor surat (penomoran.pencacah di konfigurasi) diubah di tengah tahun {year}: "
                f"surat {kind.replace('_', ' ')} tahun ini sudah bernomor dengan pencacah '{old}'. "
                f"Kembalikan pencacah ke '{old}' sampai akhir tahun; pencacah baru dapat dipakai mulai "
                f"1 Januari {year + 1}. Tidak ada nomor yang terpakai.",
                code="PENCACAH_BERUBAH",
            )

    def add_documents(self, rows: list[dict[str, Any]]) -> None:
        """Record many documents at once (dicts with the keyword arguments of add_document)."""
        self._execute_many(
            "INSERT INTO documents (batch_id, kind, scope, year, seq, number, nip, nama, file, "
            "sha256, issued_on) VALUES (:batch_id, :kind, :scope, :year, :seq, :number, :nip, "
            ":nama, :file, :sha256, :issued_on)",
            [
                {**r, "scope": r.get("scope") or self._scope_of.get((r["kind"], r["year"]), r["kind"]),
                 "nama": r.get("nama"), "issued_on": r["issued_on"].isoformat()}
                for r in rows
            ],
        )

    def add_document(self, **row: Any) -> DocumentRecord:
        self.add_documents([row])
        found = self._query(
            "SELECT * FROM documents WHERE batch_id = ? AND kind = ? AND seq = ?",
            (row["batch_id"], row["kind"], row["seq"]),
        )
        return _document(found[0])

    def _execute_many(self, sql: str, rows: list[dict[str, Any]]) -> None:
        if not self._db.in_transaction:
            raise RuntimeError("register writes belong inside Register.writing()")
        try:
            self._db.executemany(sql, rows)
        except sqlite3.IntegrityError as exc:
            raise RegisterError(
                f"Nomor surat ganda ditolak oleh register {self.path} ({exc}). Tidak ada yang "
                "dicatat; laporkan kejadian ini kepada pengelola sopgen."
            ) from None
        except sqlite3.DatabaseError as exc:
            raise translated(self.path, exc) from None

    def documents(self, batch_id: int) -> list[DocumentRecord]:
        return [_document(r) for r in self._query(
            "SELECT * FROM documents WHERE batch_id = ? ORDER BY id", (batch_id,))]

    def all_documents(self, year: int | None = None) -> list[DocumentRecord]:
        if year is None:
            rows = self._query("SELECT * FROM documents ORDER BY issued_on, id")
        else:
            rows = self._query("SELECT * FROM documents WHERE year = ? ORDER BY issued_on, id", (year,))
        return [_document(r) for r in rows]

    def latest_document(self, year: int | None = None) -> DocumentRecord | None:
        """The document with the latest date (of the year, or of any year; the newest of that day)."""
        where, params = ("WHERE year = ? ", (year,)) if year is not None else ("", ())
        rows = self._query(f"SELECT * FROM documents {where}ORDER BY issued_on DESC, id DESC LIMIT 1", params)
        return _document(rows[0]) if rows else None

    def active_documents_for(self, nip: str, kind: str | None = None) -> list[DocumentRecord]:
        sql = "SELECT * FROM documents WHERE nip = ? AND superseded_by IS NULL"
        params: tuple[Any, ...] = (nip,)
        if kind is not None:
            sql += " AND kind = ?"
            params += (kind,)
        return [_document(r) for r in self._query(sql + " ORDER BY id", params)]

    def active_documents_by_nip(self, kind: str) -> dict[str, DocumentRecord]:
        """The newest active document of a kind for every NIP (one query for a whole batch)."""
        rows = self._query(
            "SELECT * FROM documents WHERE kind = ? AND nip IS NOT NULL AND superseded_by IS NULL "
            "ORDER BY id", (kind,))
        return {r["nip"]: _document(r) for r in rows}

    def supersede(self, document_ids: list[int], by_batch_id: int) -> None:
        self._execute_many(
            "UPDATE documents SET superseded_by = :batch WHERE id = :id AND superseded_by IS NULL",
            [{"batch": by_batch_id, "id": i} for i in document_ids],
        )

    # --- SOP steps -------------------------------------------------------------------------------

    def record_step(self, nip: str, batch_id: int, step: int, done_on: date, by: str,
                    note: str = "", *, replace: bool = False) -> None:
        """Record a step once; an already recorded step changes only when `replace` is asked for."""
        values = (nip, batch_id, step, done_on.isoformat(), by, note)
        if replace:
            self._execute(
                "INSERT INTO steps (nip, batch_id, step, done_on, by, note) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (nip, batch_id, step) DO UPDATE SET done_on = excluded.done_on, "
                "by = excluded.by, note = excluded.note", values)
            return
        if not self._db.in_transaction:
            raise RuntimeError("register writes belong inside Register.writing()")
        try:
            self._db.execute("INSERT INTO steps (nip, batch_id, step, done_on, by, note) "
                             "VALUES (?, ?, ?, ?, ?, ?)", values)
        except sqlite3.IntegrityError:
            raise RegisterError(
                f"Langkah {step} NIP {nip} sudah tercatat di register {self.path}; tidak ditimpa."
            ) from None
        except sqlite3.DatabaseError as exc:
            raise translated(self.path, exc) from None

    def record_steps(self, nips: list[str], batch_id: int, step: int, done_on: date, by: str) -> None:
        """The same step for many members at once (step 1 of a whole batch)."""
        self._execute_many(
            "INSERT INTO steps (nip, batch_id, step, done_on, by, note) VALUES "
            "(:nip, :batch_id, :step, :done_on, :by, '') ON CONFLICT (nip, batch_id, step) DO UPDATE "
            "SET done_on = excluded.done_on, by = excluded.by",
            [{"nip": n, "batch_id": batch_id, "step": step, "done_on": done_on.isoformat(), "by": by}
             for n in nips],
        )

    def steps(self, nip: str | None = None) -> list[StepRecord]:
        if nip is None:
            rows = self._query("SELECT * FROM steps ORDER BY batch_id, nip, step")
        else:
            rows = self._query("SELECT * FROM steps WHERE nip = ? ORDER BY batch_id, step", (nip,))
        return [StepRecord(r["nip"], r["batch_id"], r["step"], date.fromisoformat(r["done_on"]),
                           r["by"], r["note"]) for r in rows]

    # --- invariants ------------------------------------------------------------------------------

    def check_numbering(self) -> list[str]:
        """Per counter and year the numbers are 1..N, none twice, none missing, N = the counter."""
        problems: list[str] = []
        counters = {(r["scope"], r["year"]): r["last"] for r in self._query("SELECT * FROM counters")}
        seen: dict[tuple[str, int], list[int]] = {}
        for r in self._query("SELECT scope, year, seq FROM documents ORDER BY scope, year, seq"):
            seen.setdefault((r["scope"], r["year"]), []).append(r["seq"])
        for key in sorted(set(counters) | set(seen)):
            seqs = seen.get(key, [])
            last = counters.get(key, 0)
            scope, year = key
            dupes = sorted(s for s, n in Counter(seqs).items() if n > 1)
            missing = sorted(set(range(1, last + 1)) - set(seqs))
            beyond = sorted(s for s in set(seqs) if s > last)
            if dupes:
                problems.append(f"{scope} {year}: nomor urut ganda {dupes}")
            if missing:
                problems.append(f"{scope} {year}: nomor urut terlewat {missing}")
            if beyond:
                problems.append(f"{scope} {year}: nomor urut {beyond} melebihi pencacah ({last})")
        return problems
