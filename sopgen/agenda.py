"""The register exported as the office's Buku Agenda: one row per issued document."""

from __future__ import annotations

from pathlib import Path

from .register import Register
from .spreadsheet import write_table

KIND_LABELS = {
    "surat_perintah": "Surat Perintah",
    "lembar_disposisi": "Lembar Disposisi",
    "serah_terima": "Berita Acara Serah Terima Akun SPSE",
}
HEADERS = ["No.", "Nomor Surat", "Tanggal", "Jenis", "Kepada / Untuk", "Perihal", "Batch", "Berkas",
           "Status"]
# Characters per column, chosen for print: long text wraps, so the table fits landscape A4 at ~80%.
WIDTHS = [5, 26, 11, 20, 28, 28, 18, 40, 10]
PERIHAL = {
    "surat_perintah": "Penambahan akun SPSE bagi Pokja Pemilihan",
    "lembar_disposisi": "Disposisi penambahan akun SPSE",
    "serah_terima": "Serah terima User ID dan kata sandi SPSE",
}


def export_agenda(register: Register, target: Path, year: int | None, recipients: dict[str, str],
                  office: str = "") -> int:
    """Write the Buku Agenda and return how many documents it lists; with none (no letters that year)
    nothing is written, so an earlier agenda at `target` is never replaced by an empty one.
    `recipients` names who each kind goes to (from the config's signatories); `office` (the UKPBJ's
    name) goes in the title line above the table."""
    batches = {b.id: b for b in register.batches()}
    rows = []
    for n, d in enumerate(register.all_documents(year), start=1):
        to = d.nama if d.kind == "serah_terima" and d.nama else recipients.get(d.kind, "")
        status = "digantikan" if d.superseded_by is not None else "berlaku"
        rows.append([n, d.number, d.issued_on, KIND_LABELS.get(d.kind, d.kind), to,
                     PERIHAL.get(d.kind, ""), batches[d.batch_id].folder, d.file, status])
    if rows:
        name = f"Buku Agenda {year}" if year else "Buku Agenda"
        heading = name.upper() + (f" — {office}" if office else "")
        write_table(target, name, HEADERS, rows, widths=WIDTHS, heading=heading, export_kind="agenda")
    return len(rows)


def years(register: Register) -> list[int]:
    """The years that have letters in the register."""
    return sorted({b.year for b in register.batches()})
