"""What each batch was issued under, and for whom: the files its documents were rendered from (stored
once by content), its signatories, each handover note's member data as printed, and which document
replaced which. A register from before schema 3 has none of these tables and is read as it is."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from typing import TYPE_CHECKING, Any

from ..model import ISSUED_FIELDS, Member
from .records import BatchRecord, DocumentRecord, SignatoryRecord, batch_of, document_of

SERAH_TERIMA = "serah_terima"
SURAT_PERINTAH = "surat_perintah"


class IssuedUnder:
    """The register's schema-3 tables (a part of `Register`)."""

    if TYPE_CHECKING:
        def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]: ...
        def _execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor: ...
        def _execute_many(self, sql: str, rows: list[dict[str, Any]]) -> None: ...
        def supersede(self, document_ids: list[int], by_batch_id: int) -> None: ...

    _table_names: frozenset[str] | None = None

    def _has(self, table: str) -> bool:
        if self._table_names is None:
            self._table_names = frozenset(r[0] for r in self._query(
                "SELECT name FROM sqlite_master WHERE type = 'table'"))
        return table in self._table_names

    # --- the files a batch was rendered from -------------------------------------------------------

    def add_snapshot(self, batch_id: int, parts: dict[str, tuple[str, bytes]]) -> None:
        """`parts`: part ('config', 'lambang' or a template's kind) -> (its file name, its bytes)."""
        rows = []
        for part, (name, data) in sorted(parts.items()):
            digest = hashlib.sha256(data).hexdigest()
            self._execute("INSERT OR IGNORE INTO blobs (sha256, data) VALUES (?, ?)", (digest, data))
            rows.append({"batch_id": batch_id, "part": part, "name": name, "sha256": digest})
        self._execute_many("INSERT INTO snapshots (batch_id, part, name, sha256) VALUES "
                           "(:batch_id, :part, :name, :sha256)", rows)

    def snapshot_parts(self, batch_id: int) -> dict[str, tuple[str, str]]:
        """part -> (file name, sha256); empty for a batch issued before snapshots."""
        if not self._has("snapshots"):
            return {}
        rows = self._query("SELECT part, name, sha256 FROM snapshots WHERE batch_id = ?", (batch_id,))
        return {r["part"]: (r["name"], r["sha256"]) for r in rows}

    def blob(self, digest: str) -> bytes | None:
        rows = self._query("SELECT data FROM blobs WHERE sha256 = ?", (digest,)) if self._has("blobs") else []
        return bytes(rows[0][0]) if rows else None

    # --- signatories -------------------------------------------------------------------------------

    def add_signatories(self, batch_id: int, signatories: list[SignatoryRecord]) -> None:
        self._execute_many(
            "INSERT INTO signatories (batch_id, role, jabatan, nama, nip, pangkat) VALUES "
            "(:batch_id, :role, :jabatan, :nama, :nip, :pangkat)",
            [{"batch_id": batch_id, "role": s.role, "jabatan": s.jabatan, "nama": s.nama, "nip": s.nip,
              "pangkat": s.pangkat} for s in signatories])

    def signatories(self) -> dict[int, dict[str, SignatoryRecord]]:
        """batch id -> role -> who signed in that role (batches issued before this record: absent)."""
        found: dict[int, dict[str, SignatoryRecord]] = {}
        if not self._has("signatories"):
            return found
        for r in self._query("SELECT * FROM signatories ORDER BY batch_id, role"):
            found.setdefault(r["batch_id"], {})[r["role"]] = SignatoryRecord(
                r["role"], r["jabatan"], r["nama"], r["nip"], r["pangkat"])
        return found

    # --- the members as issued ---------------------------------------------------------------------

    def add_issued_members(self, batch_id: int, members: list[Member]) -> None:
        """Each member's data as printed on the batch's handover note (found by its NIP)."""
        notes = {r["nip"]: r["id"] for r in self._query(
            "SELECT id, nip FROM documents WHERE batch_id = ? AND kind = 'serah_terima'", (batch_id,))}
        columns = ", ".join(ISSUED_FIELDS)
        self._execute_many(
            f"INSERT INTO issued_members (document_id, {columns}) VALUES (:document_id, "
            + ", ".join(f":{f}" for f in ISSUED_FIELDS) + ")",
            [{"document_id": notes[m.nip], **m.issued()} for m in members if m.nip in notes])

    def issued_members(self, *, batch_id: int) -> dict[int, Member]:
        """Handover note id -> the member data it was issued with, for the batch's notes; notes issued
        before the register kept these are absent."""
        if not self._has("issued_members"):
            return {}
        rows = self._query("SELECT m.* FROM issued_members m JOIN documents d ON d.id = m.document_id "
                           "WHERE d.batch_id = ? ORDER BY d.seq", (batch_id,))
        return {r["document_id"]: Member.from_issued({f: r[f] for f in ISSUED_FIELDS}) for r in rows}

    # --- replacements and reissues -----------------------------------------------------------------

    def replacements(self) -> dict[int, DocumentRecord]:
        """Replaced document id -> the document that replaced it: the same kind (and member) in the
        batch that superseded it."""
        rows = self._query(
            "SELECT old.id AS replaced, new.* FROM documents old JOIN documents new "
            "ON new.batch_id = old.superseded_by AND new.kind = old.kind AND new.nip IS old.nip")
        return {r["replaced"]: document_of(r) for r in rows}

    def replaced_by(self, batch_id: int) -> list[DocumentRecord]:
        """The documents the batch replaced (its members' earlier notes; the letters of a batch it replaced
        whole), in number order."""
        return [document_of(r) for r in self._query(
            "SELECT * FROM documents WHERE superseded_by = ? ORDER BY issued_on, id", (batch_id,))]

    def notes_replaced_by(self, batch_id: int) -> dict[str, DocumentRecord]:
        """NIP -> the handover note that the batch's note for that member replaced."""
        return {d.nip: d for d in self.replaced_by(batch_id) if d.kind == SERAH_TERIMA and d.nip is not None}

    def batches_with_notes_for(self, nips: list[str]) -> set[int]:
        """The batches holding a document (valid or replaced) of any of these members."""
        found: set[int] = set()
        for start in range(0, len(nips), 500):  # SQLite's limit on parameters
            chunk = nips[start:start + 500]
            found |= {r[0] for r in self._query(
                f"SELECT DISTINCT batch_id FROM documents WHERE nip IN ({', '.join('?' * len(chunk))})",
                tuple(chunk))}
        return found

    def replace_notes(self, earlier: list[DocumentRecord], batch: BatchRecord, *, own_surat_perintah: bool) -> None:
        """Mark the members' earlier notes replaced by `batch`'s (inside writing()). A batch with its own
        Surat Perintah (a whole sheet reissued) also replaces the Surat Perintah and Lembar Disposisi of
        every earlier batch none of whose notes (nor its reissues' notes) remain valid: no member still
        stands under them."""
        if not earlier:
            return
        self.supersede([d.id for d in earlier], batch.id)
        if not own_surat_perintah:
            return
        roots = {root.id: root for d in earlier
                 if (b := self.batch_by_id(d.batch_id)) is not None for root in [self.root_of(b)]}
        for root in roots.values():
            family = [root.id, *(r.id for r in self.reissues_of(root.id))]
            marks = ", ".join("?" * len(family))
            left = self._query(f"SELECT 1 FROM documents WHERE batch_id IN ({marks}) AND kind = 'serah_terima' "
                               "AND superseded_by IS NULL LIMIT 1", tuple(family))
            if not left:
                self.supersede([r["id"] for r in self._query(
                    "SELECT id FROM documents WHERE batch_id = ? AND kind IN ('surat_perintah', 'lembar_disposisi')",
                    (root.id,))], batch.id)

    def carry_steps(self, batch: BatchRecord, replaced: list[DocumentRecord], sp_issued_on: date, by: str) -> None:
        """The SOP steps a member reissued under the same Surat Perintah keeps (inside writing()): step 1
        is that Surat Perintah, and its disposition (step 2) stays done; the account is updated (step 3)
        and handed over (step 4) again with the new note and slip."""
        disposed = {(r["nip"], r["batch_id"]): r for r in self._query("SELECT * FROM steps WHERE step = 2")}
        for d in replaced:
            if d.nip is None:
                continue
            self._execute("INSERT OR IGNORE INTO steps (nip, batch_id, step, done_on, by, note) VALUES "
                          "(?, ?, 1, ?, ?, '')", (d.nip, batch.id, sp_issued_on.isoformat(), by))
            step = disposed.get((d.nip, d.batch_id))
            if step is not None:
                self._execute("INSERT OR IGNORE INTO steps (nip, batch_id, step, done_on, by, note) VALUES "
                              "(?, ?, 2, ?, ?, ?)", (d.nip, batch.id, step["done_on"], step["by"], step["note"]))

    def batch_by_id(self, batch_id: int) -> BatchRecord | None:
        rows = self._query("SELECT * FROM batches WHERE id = ?", (batch_id,))
        return batch_of(rows[0]) if rows else None

    def reissues_of(self, batch_id: int) -> list[BatchRecord]:
        """The batches that reissued notes under this batch's Surat Perintah."""
        if "parent_id" not in {r[1] for r in self._query("PRAGMA table_info(batches)")}:
            return []
        return [batch_of(r) for r in self._query("SELECT * FROM batches WHERE parent_id = ? ORDER BY id",
                                                 (batch_id,))]

    def root_of(self, batch: BatchRecord) -> BatchRecord:
        """The batch whose Surat Perintah `batch`'s notes stand under (itself for a batch with its own)."""
        if batch.parent_id is None:
            return batch
        return self.batch_by_id(batch.parent_id) or batch

    def surat_perintah_of(self, batch: BatchRecord) -> DocumentRecord | None:
        """The Surat Perintah the batch's notes cite: its own, or its parent's for a reissue."""
        root = self.root_of(batch)
        rows = self._query("SELECT * FROM documents WHERE batch_id = ? AND kind = 'surat_perintah' LIMIT 1",
                           (root.id,))
        return document_of(rows[0]) if rows else None
