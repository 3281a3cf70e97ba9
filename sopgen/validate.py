"""Apply the field rules to every row of a sheet, collect every problem, return the valid members."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from .attachments import COPIES, AttachmentIndex, missing_folder
from .model import (
    ERROR,
    WARNING,
    Cell,
    Finding,
    Member,
    Problem,
    RawRow,
    Sheet,
    Validation,
)
from .problems import ProblemKind, define_kinds, make_problem
from .rules import RuleResult
from .rules.email import parse_email
from .rules.nip import parse_nip
from .rules.pangkat import parse_pangkat_golongan
from .rules.phone import parse_telepon
from .rules.text import parse_required_text, strip_invisible, visible

KINDS = define_kinds(
    {
        "NIP_GANDA": ProblemKind(
            ERROR,
            "NIP {value} sudah dipakai di baris {first_row}. Satu orang cukup ditulis sekali; "
            "hapus baris ganda atau perbaiki NIP-nya.",
        ),
        "EMAIL_GANDA": ProblemKind(
            WARNING,
            "Email {value} juga dipakai di baris {first_row}. Setiap akun SPSE sebaiknya memakai "
            "email sendiri; periksa kembali.",
        ),
        "TELEPON_BUKAN_SELULER": ProblemKind(
            WARNING,
            "Nomor {value} adalah telepon kantor, bukan nomor HP. User ID dan kata sandi dikirim ke "
            "nomor ini; bila mungkin isi nomor HP anggota.",
        ),
    }
)

TEXT_FIELDS = ("nama", "alamat_instansi", "jabatan", "no_sertifikat_pbj", "no_sk_pokja")
TEXT_RULES = tuple((field, partial(parse_required_text, field=field)) for field in TEXT_FIELDS)
# Fields holding an identifier: an invisible character in one is removed and named (a warning).
ID_FIELDS = frozenset({"nip", "telepon", "email", "no_sertifikat_pbj", "no_sk_pokja"})


@dataclass(frozen=True)
class Options:
    today: date
    area_code: str = "0352"
    attachments: AttachmentIndex | None = None  # None: the copies are not checked


def validate_sheet(sheet: Sheet, options: Options) -> Validation:
    """Every problem of every row in one pass; a row with no error becomes a Member."""
    problems: list[Problem] = list(sheet.problems)
    if options.attachments is not None and (no_folder := missing_folder(options.attachments)):
        problems.append(make_problem(no_folder))
    members: list[Member] = []
    blocked = any(p.severity == ERROR and p.row is None for p in problems)
    first_row_of_nip: dict[str, int] = {}
    first_row_of_email: dict[str, int] = {}
    for raw in sheet.rows:
        row_problems, values, member = _validate_row(raw, options)
        row_problems += _duplicates(raw, values, first_row_of_nip, first_row_of_email)
        problems += row_problems
        if member is not None and not any(p.severity == ERROR for p in row_problems):
            members.append(member)
    if blocked:
        members = []
    problems.sort(key=_reading_order)
    return Validation(
        file=sheet.file, sheet=sheet.sheet, rows=len(sheet.rows), problems=problems, members=members,
        header_row=sheet.header_row, columns=dict(sheet.columns),
    )


def _validate_row(
    raw: RawRow, options: Options
) -> tuple[list[Problem], dict[str, Any], Member | None]:
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def apply(field: str, rule: Callable[[Any], RuleResult]) -> None:
        cell = raw.cells.get(field)
        if cell is None:  # the whole column is missing: reported once for the sheet
            values[field] = None
            return
        value, invisible = strip_invisible(cell.value) if field in ID_FIELDS else (cell.value, None)
        if invisible is not None:
            problems.append(make_problem(invisible, field=field, cell=cell, value=visible(cell.value)))
        result = rule(value)
        if result.findings:
            problems.extend(_place(result.findings, field, cell, None if invisible is None else value))
        values[field] = result.value

    for field, text_rule in TEXT_RULES:
        apply(field, text_rule)
    apply("pangkat_golongan", parse_pangkat_golongan)
    pangkat = values.get("pangkat_golongan")
    # A pangkat cell with its own error cannot say whether the NIP is an NI PPPK: that one error
    # is enough, the NIP is not blamed for what only the golongan could settle.
    apply("nip", lambda v: parse_nip(v, today=options.today, golongan=pangkat.golongan if pangkat else None,
                                     golongan_unknown=pangkat is None))
    apply("telepon", lambda v: parse_telepon(v, area_code=options.area_code))
    apply("email", parse_email)

    telepon = values.get("telepon")
    if telepon is not None and not telepon.mobile:
        problems.append(
            make_problem(Finding("TELEPON_BUKAN_SELULER"), field="telepon", cell=raw.cells["telepon"],
                         value=telepon.display)
        )
    copies: dict[str, Path | None] = {}
    nip = values.get("nip")
    if options.attachments is not None and nip:
        nip_cell = raw.cells["nip"]
        for field in COPIES:
            check = options.attachments.check(nip, field)
            copies[field] = check.path
            for finding in check.findings:
                # Placed on the member's NIP cell, under the clerk's own NIP header: the copy is
                # found by that NIP, and the sheet has no column for the copies.
                problems.append(
                    make_problem(finding, field=field, row=raw.row, column=nip_cell.column,
                                 header=nip_cell.header, value=nip)
                )
    if any(values.get(f) is None for f in values) or any(p.severity == ERROR for p in problems):
        return problems, values, None
    pg = values["pangkat_golongan"]
    return problems, values, Member(
        row=raw.row,
        nama=values["nama"],
        nip=values["nip"],
        alamat_instansi=values["alamat_instansi"],
        telepon=values["telepon"].display,
        telepon_e164=values["telepon"].e164,
        email=values["email"],
        pangkat=pg.pangkat,
        golongan=pg.golongan,
        jabatan=values["jabatan"],
        no_sertifikat_pbj=values["no_sertifikat_pbj"],
        no_sk_pokja=values["no_sk_pokja"],
        salinan_sertifikat_pbj=copies.get("salinan_sertifikat_pbj"),
        salinan_sk_pokja=copies.get("salinan_sk_pokja"),
    )


def _reading_order(p: Problem) -> tuple[int, int, str]:
    """Sheet-level problems first, then top to bottom and left to right, as the clerk reads."""
    column = p.column or ""
    return (p.row or 0, len(column), column)


def _place(findings: tuple[Finding, ...], field: str, cell: Cell, value: Any = None) -> list[Problem]:
    """The rule's findings on the cell; `value` is the cell as the rule read it, when it differs."""
    return [make_problem(f, field=field, cell=cell, value=value) for f in findings]


def _duplicates(
    raw: RawRow, values: dict[str, Any], nips: dict[str, int], emails: dict[str, int]
) -> list[Problem]:
    """The same NIP twice is an error; the same email twice is worth a warning."""
    found: list[Problem] = []
    for field, code, seen in (("nip", "NIP_GANDA", nips), ("email", "EMAIL_GANDA", emails)):
        value = values.get(field)
        if not value:
            continue
        first = seen.setdefault(value, raw.row)
        if first != raw.row:
            found.append(
                make_problem(Finding(code, {"first_row": first}), field=field,
                             cell=raw.cells[field], value=value)
            )
    return found


def validate_file(
    path: Path | str,
    *,
    today: date | None = None,
    sheet_name: str | None = None,
    attachments: Path | None = None,
    area_code: str = "0352",
) -> Validation:
    """Read and validate one spreadsheet; `attachments=None` skips the check of the copies."""
    from . import verdicts
    from .sheets import read_sheet

    sheet = read_sheet(Path(path), sheet_name)
    index = AttachmentIndex(attachments) if attachments is not None else None
    verdicts.load()
    validation = validate_sheet(sheet, Options(today=today or date.today(), area_code=area_code,
                                               attachments=index))
    verdicts.save()
    return validation
