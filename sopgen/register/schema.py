"""The register's tables, and what each schema version adds to the one before."""

from __future__ import annotations

SCHEMA_VERSION = 3
SHARED_SCOPE = "bersama"
STEPS = {
    1: "Surat Perintah diterbitkan (Kepala UKPBJ)",
    2: "Disposisi ke Admin Agency (Kepala LPSE)",
    3: "Akun SPSE dibuat (Admin Agency)",
    4: "User ID dan kata sandi diserahkan kepada anggota Pokja",
}

# What a batch was issued under (schema 3): every file its documents were rendered from (the config's
# text, each template, the lambang), stored once by content; the signatories of its documents; and
# each handover note's member data as printed. A reissue batch stands under another batch's Surat
# Perintah (`parent_id`).
ISSUED_UNDER = """
CREATE TABLE IF NOT EXISTS blobs (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (
    batch_id INTEGER NOT NULL REFERENCES batches (id),
    part TEXT NOT NULL,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES blobs (sha256),
    PRIMARY KEY (batch_id, part)
);
CREATE TABLE IF NOT EXISTS signatories (
    batch_id INTEGER NOT NULL REFERENCES batches (id),
    role TEXT NOT NULL,
    jabatan TEXT NOT NULL,
    nama TEXT NOT NULL,
    nip TEXT NOT NULL,
    pangkat TEXT NOT NULL,
    PRIMARY KEY (batch_id, role)
);
CREATE TABLE IF NOT EXISTS issued_members (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id),
    nama TEXT NOT NULL,
    nip TEXT NOT NULL,
    alamat_instansi TEXT NOT NULL,
    telepon TEXT NOT NULL,
    telepon_e164 TEXT NOT NULL,
    email TEXT NOT NULL,
    pangkat TEXT NOT NULL,
    golongan TEXT NOT NULL,
    jabatan TEXT NOT NULL,
    no_sertifikat_pbj TEXT NOT NULL,
    no_sk_pokja TEXT NOT NULL
);
"""

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counters (
    scope TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL,
    PRIMARY KEY (scope, year)
);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    input_name TEXT NOT NULL,
    data_hash TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    year INTEGER NOT NULL,
    folder TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    key_fingerprint TEXT,
    parent_id INTEGER REFERENCES batches (id)
);
CREATE INDEX IF NOT EXISTS batches_hash ON batches (data_hash);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES batches (id),
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL,
    nip TEXT,
    nama TEXT,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    superseded_by INTEGER REFERENCES batches (id),
    UNIQUE (scope, year, seq)
);
CREATE INDEX IF NOT EXISTS documents_nip ON documents (nip, kind);
CREATE INDEX IF NOT EXISTS documents_batch ON documents (batch_id);
CREATE TABLE IF NOT EXISTS steps (
    nip TEXT NOT NULL,
    batch_id INTEGER NOT NULL REFERENCES batches (id),
    step INTEGER NOT NULL CHECK (step BETWEEN 1 AND 4),
    done_on TEXT NOT NULL,
    by TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (nip, batch_id, step)
);
""" + ISSUED_UNDER


def statements(script: str) -> list[str]:
    return [s for s in script.split(";") if s.strip()]


# What each schema version adds to the one before (an older register is brought up to date in one
# transaction when a command that writes opens it). 2: the password key's fingerprint per batch.
# 3: what each batch was issued under, and reissues under another batch's Surat Perintah.
MIGRATIONS = {
    2: ["ALTER TABLE batches ADD COLUMN key_fingerprint TEXT"],
    3: ["ALTER TABLE batches ADD COLUMN parent_id INTEGER REFERENCES batches (id)", *statements(ISSUED_UNDER)],
}
