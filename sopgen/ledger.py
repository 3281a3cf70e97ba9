"""Who signed each letter and which letter replaced which, as `status` and the Buku Agenda show them."""

from __future__ import annotations

from .register import BatchRecord, DocumentRecord, Register, SignatoryRecord

# The signatories of each kind of document, by their role in the config: the Surat Perintah is the Kepala
# UKPBJ's, the disposition the Kepala LPSE's; a Berita Acara is handed over by the Admin Agency (PIHAK
# PERTAMA), the member signing as PIHAK KEDUA, and known (Mengetahui) by the Kepala LPSE.
SIGNERS = {"surat_perintah": ("kepala_ukpbj",), "lembar_disposisi": ("kepala_lpse",),
           "serah_terima": ("admin_agency", "kepala_lpse")}
ROLE_NAMES = {"kepala_ukpbj": "Kepala UKPBJ", "kepala_lpse": "Kepala LPSE", "admin_agency": "Admin Agency"}
UNKNOWN = "penanda tangannya tidak tercatat (diterbitkan sebelum sopgen mencatatnya)"


class Ledger:
    """The register's signatories and replacements, read once."""

    def __init__(self, register: Register) -> None:
        self.batches = {b.id: b for b in register.batches()}
        self._signatories = register.signatories()
        self._replacements = register.replacements()
        self._register = register
        self._documents: dict[int, DocumentRecord] | None = None

    def signers(self, d: DocumentRecord) -> list[SignatoryRecord]:
        """Who signed the document, as its batch recorded (none for a batch from before that record)."""
        roles = self._signatories.get(d.batch_id, {})
        return [roles[role] for role in SIGNERS.get(d.kind, ()) if role in roles]

    def signed(self, d: DocumentRecord) -> str:
        """'Drs. Nama, M.Si. (Kepala UKPBJ)'; a Berita Acara's 'Nama (Admin Agency); mengetahui Nama (Kepala
        LPSE)'; the full jabatan is on the letter itself. '' when its batch recorded none."""
        found = self.signers(d)
        if not found:
            return ""
        parts = [f"{s.nama} ({ROLE_NAMES.get(s.role, s.jabatan)})" for s in found]
        return parts[0] + "".join(f"; mengetahui {p}" for p in parts[1:])

    def signer_name(self, d: DocumentRecord | None) -> str | None:
        found = self.signers(d) if d is not None else []
        return found[0].nama if found else None

    def replacements(self) -> dict[int, DocumentRecord]:
        """Replaced document id -> the document that replaced it."""
        return dict(self._replacements)

    def document(self, document_id: int) -> DocumentRecord | None:
        if self._documents is None:
            self._documents = {d.id: d for d in self._register.all_documents()}
        return self._documents.get(document_id)

    def replaced_by(self, d: DocumentRecord) -> DocumentRecord | None:
        return self._replacements.get(d.id)

    def state(self, d: DocumentRecord) -> str:
        """'berlaku', or 'digantikan oleh <number>' (by a document the register knows)."""
        new = self.replaced_by(d)
        if new is not None:
            return f"digantikan oleh {new.number}"
        return "digantikan" if d.superseded_by is not None else "berlaku"

    def replaced_of(self, batch: BatchRecord) -> list[DocumentRecord]:
        """The documents `batch` replaced: its members' earlier notes, an earlier batch's letters."""
        return self._register.replaced_by(batch.id)

    def surat_perintah_of(self, batch: BatchRecord) -> DocumentRecord | None:
        return self._register.surat_perintah_of(batch)


KIND_NAMES = {"surat_perintah": "Surat Perintah", "lembar_disposisi": "Lembar Disposisi",
              "serah_terima": "Berita Acara"}


def signed_lines(register: Register, batch_keys: list[str]) -> list[str]:
    """For `status`: per batch (by key, in order), its letters with who signed them, and what it replaced
    (old number -> new number)."""
    from .idtext import tanggal

    ledger = Ledger(register)
    by_key = {b.key: b for b in ledger.batches.values()}
    lines: list[str] = []
    for key in dict.fromkeys(batch_keys):
        batch = by_key.get(key)
        if batch is None:
            continue
        docs = register.documents(batch.id)
        note = next((d for d in docs if d.kind == "serah_terima"), None)
        sp = ledger.surat_perintah_of(batch)
        def by(d: DocumentRecord) -> str:
            return f"oleh {ledger.signed(d)}" if ledger.signers(d) else UNKNOWN

        notes = f"berita acara {by(note)}" if note else ""
        if batch.parent_id is None and sp is not None:
            head = f"Surat Perintah {sp.number} ({tanggal(sp.issued_on)}) {by(sp)}; {notes}"
        else:
            under = f" di bawah Surat Perintah {sp.number}" if sp else ""
            head = f"berita acara pengganti ({tanggal(batch.issued_on)}){under}, {notes}"
        lines.append(f"Batch {batch.key}: {head}.")
        for old in ledger.replaced_of(batch):
            new = ledger.replaced_by(old)
            who = f" ({old.nama})" if old.nama else ""
            lines.append(f"  Menggantikan {KIND_NAMES.get(old.kind, old.kind)} {old.number}{who}"
                         + (f" -> {new.number}" if new else "") + ".")
    return lines
