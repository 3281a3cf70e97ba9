"""The plain data that flows through the pipeline: read -> validate -> number -> render -> record."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# The nine data fields of the SOP, in the SOP's order, then the two attached copies.
FIELDS: tuple[str, ...] = (
    "nama",
    "nip",
    "alamat_instansi",
    "telepon",
    "email",
    "pangkat_golongan",
    "jabatan",
    "no_sertifikat_pbj",
    "no_sk_pokja",
)
ATTACHMENT_FIELDS: tuple[str, ...] = ("salinan_sertifikat_pbj", "salinan_sk_pokja")
# A member's data as the register keeps it for each handover note: the nine fields as printed (the
# pangkat and golongan apart, so a PPPK stays a PPPK) and the phone in E.164 the send page dials.
ISSUED_FIELDS: tuple[str, ...] = (
    "nama", "nip", "alamat_instansi", "telepon", "telepon_e164", "email", "pangkat", "golongan", "jabatan",
    "no_sertifikat_pbj", "no_sk_pokja",
)

# How each field is named to a clerk (Indonesian), in reports and messages.
FIELD_LABELS: dict[str, str] = {
    "nama": "Nama",
    "nip": "NIP",
    "alamat_instansi": "Alamat Instansi",
    "telepon": "No. Telepon",
    "email": "Email",
    "pangkat_golongan": "Pangkat/Golongan",
    "jabatan": "Jabatan",
    "no_sertifikat_pbj": "Nomor Sertifikat PBJ",
    "no_sk_pokja": "Nomor SK Pokja",
    "salinan_sertifikat_pbj": "Salinan Sertifikat PBJ",
    "salinan_sk_pokja": "Salinan SK Pokja",
}

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell as the clerk typed it, with the position Excel shows for it."""

    row: int  # 1-based row number as Excel shows it
    column: str  # column letter as Excel shows it ("A", "AB")
    header: str  # the clerk's own header text for this column
    value: Any  # typed value: str, int, float, bool, datetime/date/time, or None


@dataclass(frozen=True, slots=True)
class RawRow:
    """A non-blank data row of the sheet: field key -> cell (only mapped columns)."""

    row: int
    cells: dict[str, Cell]


@dataclass(frozen=True, slots=True)
class Column:
    field: str
    letter: str
    header: str


@dataclass
class Sheet:
    """What the reader found in one spreadsheet file."""

    file: Path
    sheet: str  # sheet name ("" for CSV)
    header_row: int  # Excel row number of the header
    columns: dict[str, Column]  # field key -> where it is
    rows: list[RawRow]
    problems: list[Problem] = field(default_factory=list)  # sheet-level (missing column, ...)


@dataclass(frozen=True)
class Finding:
    """What a pure rule says about one value, before it is placed in a sheet."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error) or worth knowing (warning) about a cell, row or sheet."""

    severity: str  # ERROR or WARNING
    code: str  # stable code, e.g. NIP_PANJANG
    message: str  # Indonesian, says how to fix it
    field: str | None = None
    row: int | None = None
    column: str | None = None
    header: str | None = None
    value: Any = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if data["value"] is not None and not isinstance(data["value"], (str, int, float, bool)):
            data["value"] = str(data["value"])
        return {
            key: data[key]
            for key in ("row", "column", "header", "field", "severity", "code", "message", "value")
        }


@dataclass(frozen=True)
class Member:
    """A valid, normalised Pokja Pemilihan member, ready for the documents."""

    row: int
    nama: str
    nip: str  # 18 digits, no spaces
    alamat_instansi: str
    telepon: str  # as shown in documents, e.g. 0812-3456-7801
    telepon_e164: str  # +6281234567801
    email: str  # lower-cased
    pangkat: str  # "Penata Muda Tingkat I" ("" for PPPK)
    golongan: str  # "III/b" or PPPK "IX"
    jabatan: str
    no_sertifikat_pbj: str
    no_sk_pokja: str
    salinan_sertifikat_pbj: Path | None = None
    salinan_sk_pokja: Path | None = None

    @property
    def is_pppk(self) -> bool:
        """A PPPK employee has a golongan (I-XVII) but no pangkat, and an NI PPPK for a NIP."""
        return not self.pangkat

    @property
    def nip_label(self) -> str:
        return "NI PPPK" if self.is_pppk else "NIP"

    @property
    def nip_display(self) -> str:
        """The number grouped as it is written in letters: NIP 19750315 200501 1 002 (birth, TMT,
        gender, sequence); NI PPPK 19850101 2022 13 1 001 (birth, year, agreements, gender, sequence)."""
        n = self.nip
        if self.is_pppk:
            return f"{n[:8]} {n[8:12]} {n[12:14]} {n[14]} {n[15:]}"
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"

    @property
    def pangkat_golongan(self) -> str:
        return f"{self.pangkat}, {self.golongan}" if self.pangkat else f"PPPK Golongan {self.golongan}"

    def issued(self) -> dict[str, str]:
        """The data the register keeps with the member's handover note (ISSUED_FIELDS)."""
        return {f: getattr(self, f) for f in ISSUED_FIELDS}

    @classmethod
    def from_issued(cls, data: dict[str, str]) -> Member:
        """The member as a handover note was issued to them (no sheet row, no attached copies)."""
        d = {f: str(data[f]) for f in ISSUED_FIELDS}
        return cls(0, d["nama"], d["nip"], d["alamat_instansi"], d["telepon"], d["telepon_e164"], d["email"],
                   d["pangkat"], d["golongan"], d["jabatan"], d["no_sertifikat_pbj"], d["no_sk_pokja"])

    def data(self) -> dict[str, str]:
        """The nine fields as they are written in documents and hashed for the register."""
        return {
            "nama": self.nama,
            "nip": self.nip,
            "alamat_instansi": self.alamat_instansi,
            "telepon": self.telepon,
            "email": self.email,
            "pangkat_golongan": self.pangkat_golongan,
            "jabatan": self.jabatan,
            "no_sertifikat_pbj": self.no_sertifikat_pbj,
            "no_sk_pokja": self.no_sk_pokja,
        }


@dataclass
class Validation:
    """The outcome of validating one sheet: every problem, and the members that are valid."""

    file: Path
    sheet: str
    rows: int  # number of non-blank data rows
    problems: list[Problem]
    members: list[Member]
    header_row: int = 0  # Excel row of the header (0: none found)
    columns: dict[str, Column] = field(default_factory=dict)  # field key -> where it is in the sheet

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def valid_rows(self) -> list[int]:
        return [m.row for m in self.members]

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "sheet": self.sheet,
            "rows": self.rows,
            "valid_rows": self.valid_rows,
            "problems": [p.to_dict() for p in self.problems],
        }


class FormulaError(str):
    """An Excel error value in a cell (#REF!, #N/A, #VALUE!, ...), kept apart from typed text."""
