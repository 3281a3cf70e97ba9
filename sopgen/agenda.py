"""The register exported as the office's Buku Agenda: one row per issued document."""

from __future__ import annotations

import json
from pathlib import Path

from .archive import MANIFEST
from .config import Config
from .ledger import KIND_NAMES, Ledger
from .register import BatchRecord, DocumentRecord, Register
from .spreadsheet import write_table

KIND_LABELS = {
    "surat_perintah": "Surat Perintah",
    "lembar_disposisi": "Lembar Disposisi",
    "serah_terima": "Berita Acara Serah Terima Akun SPSE",
}
HEADERS = ["No.", "Nomor Surat", "Tanggal", "Jenis", "Kepada / Untuk", "Perihal", "Penanda Tangan",
           "Kode Klasifikasi", "Retensi Aktif", "Retensi Inaktif", "Nasib Akhir", "Batch", "Berkas", "Status"]
# Characters per column, chosen for print: long text wraps, so the table fits landscape A4 at ~75%.
WIDTHS = [5, 26, 11, 18, 24, 24, 24, 11, 16, 10, 10, 16, 36, 16]
PERIHAL = {
    "surat_perintah": "Penambahan akun SPSE bagi Pokja Pemilihan",
    "lembar_disposisi": "Disposisi penambahan akun SPSE",
    "serah_terima": "Serah terima akun (User ID) SPSE",
}


class Classification:
    """Each document's classification code and retention, as its batch's manifest recorded them when
    it was issued; the config's for a batch whose manifest is gone or older than the codes in it."""

    def __init__(self, output_dir: Path, config: Config) -> None:
        self.output_dir, self.config = output_dir, config
        self._manifests: dict[int, dict] = {}

    def of(self, batch: BatchRecord, d: DocumentRecord) -> list[str]:
        """[kode, aktif, inaktif, nasib akhir]"""
        manifest = self._manifest(batch)
        file = d.file.removeprefix(f"{batch.folder}/")
        kode = next((str(m.get("klasifikasi", "")) for m in manifest.get("documents", [])
                     if isinstance(m, dict) and m.get("file") == file), "")
        retention = manifest.get("klasifikasi", {}).get(kode) if kode else None
        if not isinstance(retention, dict):
            fallback = self.config.retention_of(d.kind) if d.kind in self.config.numbering else None
            if fallback is None:
                return [kode, "", "", ""]
            kode, retention = kode or fallback.kode, fallback.to_dict()
        return [kode, *(str(retention.get(k, "")) for k in ("retensi_aktif", "retensi_inaktif", "nasib_akhir"))]

    def _manifest(self, batch: BatchRecord) -> dict:
        if batch.id not in self._manifests:
            try:
                loaded = json.loads((self.output_dir / batch.folder / MANIFEST).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                loaded = {}
            self._manifests[batch.id] = loaded if isinstance(loaded, dict) else {}
        return self._manifests[batch.id]


def export_agenda(register: Register, target: Path, year: int | None, recipients: dict[str, str],
                  office: str = "", classification: Classification | None = None) -> int:
    """Write the Buku Agenda and return how many documents it lists; with none (no letters that year)
    nothing is written, so an earlier agenda at `target` is never replaced by an empty one.
    `recipients` names who each kind goes to (from the config's signatories); `office` (the UKPBJ's
    name) goes in the title line above the table; `classification` gives each row its code and JRA."""
    ledger = Ledger(register)
    replaces = {new.id: old for old_id, new in ledger.replacements().items()
                if (old := ledger.document(old_id)) is not None}
    rows = []
    for n, d in enumerate(register.all_documents(year), start=1):
        to = d.nama if d.kind == "serah_terima" and d.nama else recipients.get(d.kind, "")
        batch = ledger.batches[d.batch_id]
        codes = classification.of(batch, d) if classification else ["", "", "", ""]
        perihal = PERIHAL.get(d.kind, "")
        if d.id in replaces:
            perihal += f", pengganti {KIND_NAMES.get(d.kind, d.kind)} {replaces[d.id].number}"
        rows.append([n, d.number, d.issued_on, KIND_LABELS.get(d.kind, d.kind), to, perihal, ledger.signed(d), *codes,
                     batch.folder, d.file, ledger.state(d)])
    if rows:
        name = f"Buku Agenda {year}" if year else "Buku Agenda"
        heading = name.upper() + (f" — {office}" if office else "")
        write_table(target, name, HEADERS, rows, widths=WIDTHS, heading=heading, export_kind="agenda")
    return len(rows)


def years(register: Register) -> list[int]:
    """The years that have letters in the register."""
    return sorted({b.year for b in register.batches()})
