"""Members already issued whose data in the sheet now differ from their note as printed: each changed
field named with its old and its new value (DATA_BERUBAH, a warning on the member's NIP cell), so a
corrected phone or a new jabatan is never passed over as "sudah menerima akun"."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .filenames import printable
from .idtext import tanggal
from .issued import members_of_notes
from .model import FIELD_LABELS, FIELDS, WARNING, Finding, Member, Problem, Validation
from .problems import ProblemKind, define_kinds, make_problem
from .register import DocumentRecord, Register

SERAH_TERIMA = "serah_terima"
KINDS = define_kinds({
    "DATA_BERUBAH": ProblemKind(
        WARNING,
        "{nama} sudah menerima akun dengan Berita Acara {nomor} tanggal {tanggal}, tetapi datanya di lembar ini "
        "berbeda dari yang tercetak: {changes}. Bila data baru ini benar, terbitkan berita acara pengganti dengan "
        "'{command}'; bila tidak, kembalikan datanya di lembar ini.",
    ),
})


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str

    def describe(self) -> str:
        return f"{FIELD_LABELS[self.field]} dari {self.old} menjadi {self.new}"


@dataclass(frozen=True)
class Changed:
    """A member of the sheet whose valid note was issued with other data."""

    member: Member
    note: DocumentRecord
    changes: list[FieldChange]

    def describe(self) -> str:
        return "; ".join(c.describe() for c in self.changes)


def field_changes(issued: Member, now: Member) -> list[FieldChange]:
    """The nine fields as printed against the sheet's, in the SOP's order (the phone compared as the
    number it dials, so a re-typed '0812 3456 7801' is no change)."""
    before, after = issued.data(), now.data()
    found = [FieldChange(f, before[f], after[f]) for f in FIELDS if before[f] != after[f]]
    if issued.telepon_e164 == now.telepon_e164:
        found = [c for c in found if c.field != "telepon"]
    return found


def changed_members(validation: Validation, register: Register, output_dir: Path, config: Config,
                    sheet_name: str | None = None) -> list[Changed]:
    """Every member of the sheet holding a valid note whose printed data differ from the sheet's."""
    notes = register.active_documents_by_nip(SERAH_TERIMA)
    mine = [(m, notes[m.nip]) for m in validation.members if m.nip in notes]
    if not mine:
        return []
    issued = members_of_notes(output_dir, register, [d for _, d in mine], config, sheet_name, lenient=True)
    found = []
    for member, note in mine:
        printed = issued.get(note.id)
        changes = field_changes(printed, member) if printed is not None else []
        if changes:
            found.append(Changed(member, note, changes))
    return found


def problems(validation: Validation, changed: list[Changed], sheet_name: str | None = None) -> list[Problem]:
    """One DATA_BERUBAH per member, on the member's NIP cell, with the command that reissues the note."""
    column = validation.columns.get("nip")
    found = []
    for c in changed:
        sheet = _quoted(printable(str(validation.file))) + (f" --sheet {_quoted(sheet_name)}" if sheet_name else "")
        command = f"sopgen letters {sheet} --reissue-nip {c.member.nip}"
        finding = Finding("DATA_BERUBAH", {"nama": c.member.nama, "nomor": c.note.number,
                                           "tanggal": tanggal(c.note.issued_on), "changes": c.describe(),
                                           "command": command})
        found.append(make_problem(finding, field="nip", row=c.member.row, column=column.letter if column else None,
                                  header=column.header if column else None, value=c.member.nip))
    return found


def add_warnings(validation: Validation, changed: list[Changed], sheet_name: str | None = None) -> None:
    """The warnings into the validation's problems, in reading order."""
    if changed:
        validation.problems = sorted([*validation.problems, *problems(validation, changed, sheet_name)],
                                     key=lambda p: (p.row or 0, len(p.column or ""), p.column or ""))


def _quoted(text: str) -> str:
    return f'"{text}"' if any(ch.isspace() for ch in text) else text
