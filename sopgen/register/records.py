"""The register's rows as the plain records the other stages read."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class BatchRecord:
    id: int
    key: str
    input_name: str
    data_hash: str
    issued_on: date
    year: int
    folder: str
    created_at: str
    key_fingerprint: str | None = None  # of the password key its notes were made with; None: not known
    parent_id: int | None = None  # a reissue: the batch whose Surat Perintah its notes stand under


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    batch_id: int
    kind: str
    year: int
    seq: int
    number: str
    nip: str | None
    nama: str | None
    file: str
    sha256: str
    issued_on: date
    superseded_by: int | None
    scope: str = ""  # the counter the number came from: the kind, or "bersama"


@dataclass(frozen=True)
class StepRecord:
    nip: str
    batch_id: int
    step: int
    done_on: date
    by: str
    note: str


@dataclass(frozen=True)
class SignatoryRecord:
    """Who signed a batch's documents in a role (kepala_ukpbj, kepala_lpse, admin_agency), as issued."""

    role: str
    jabatan: str
    nama: str
    nip: str
    pangkat: str


def batch_of(r: sqlite3.Row) -> BatchRecord:
    keys = r.keys()
    fingerprint = r["key_fingerprint"] if "key_fingerprint" in keys else None  # not in schema 1
    parent = r["parent_id"] if "parent_id" in keys else None  # not before schema 3
    return BatchRecord(r["id"], r["key"], r["input_name"], r["data_hash"],
                       date.fromisoformat(r["issued_on"]), r["year"], r["folder"], r["created_at"],
                       fingerprint, parent)


def document_of(r: sqlite3.Row) -> DocumentRecord:
    return DocumentRecord(r["id"], r["batch_id"], r["kind"], r["year"], r["seq"], r["number"],
                          r["nip"], r["nama"], r["file"], r["sha256"],
                          date.fromisoformat(r["issued_on"]), r["superseded_by"], r["scope"])
