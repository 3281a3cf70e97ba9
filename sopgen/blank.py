"""The blank input workbook a clerk fills in: the nine columns, dropdowns, text-formatted IDs."""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import datetime
from pathlib import Path

from .errors import OutputError, SopgenError
from .model import FIELD_LABELS, FIELDS
from .rules.pangkat import PANGKAT_CHOICES

FIXED_TIME = datetime(2026, 1, 1)
TITLE = "DAFTAR USULAN ANGGOTA POKJA PEMILIHAN UNTUK PEMBUATAN AKUN SPSE"
HEADER_ROW = 3
ROWS = 200
WIDTHS = {
    "nama": 32, "nip": 24, "alamat_instansi": 40, "telepon": 18, "email": 30,
    "pangkat_golongan": 32, "jabatan": 32, "no_sertifikat_pbj": 28, "no_sk_pokja": 32,
}
TEXT_FIELDS = ("nip", "telepon", "no_sertifikat_pbj", "no_sk_pokja")
INSTRUCTIONS = [
    "PETUNJUK PENGISIAN",
    "",
    "1. Isi satu baris untuk setiap anggota Pokja Pemilihan pada lembar 'Data'. Jangan ubah judul kolom.",
    "2. NIP: 18 angka, boleh dengan spasi (19750315 200501 1 002). Kolom ini berformat Teks; "
    "jangan ubah menjadi Angka karena Excel memotong angka lebih dari 15 digit.",
    "3. No. Telepon: nomor HP aktif (0812-3456-7801). User ID dan kata sandi SPSE dikirim ke nomor ini.",
    "4. Pangkat/Golongan: pilih dari daftar (mis. 'Penata Muda Tingkat I, III/b'); PPPK tulis golongannya (mis. 'IX').",
    "5. Email: alamat email aktif milik anggota sendiri.",
    "6. Nomor Sertifikat PBJ dan Nomor SK Pokja: tulis persis seperti pada dokumen.",
    "7. Simpan salinan sertifikat PBJ dan SK Pokja (PDF/JPG/PNG) di folder input/lampiran dengan nama "
    "yang memuat NIP dan kata 'sertifikat' atau 'sk', misalnya 197503152005011002_sertifikat.pdf.",
    "8. Simpan berkas ini di folder input/ lalu jalankan 'make validate' untuk memeriksa, "
    "kemudian 'make letters' untuk membuat surat.",
]


class BlankFormInUse(SopgenError):
    """The target of 'sopgen template' already holds a clerk's data (exit 2)."""

    code = "FORMULIR_BERISI_DATA"


def blank_form_bytes() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    data = wb.active
    data.title = "Data"
    data["A1"] = TITLE
    data["A1"].font = Font(bold=True, size=13)
    data.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(FIELDS) + 1)
    thin = Side(style="thin")
    headers = ["No", *(FIELD_LABELS[f] for f in FIELDS)]
    for col, text in enumerate(headers, start=1):
        cell = data.cell(HEADER_ROW, col, text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    data.column_dimensions["A"].width = 5
    for i, field in enumerate(FIELDS, start=2):
        letter = get_column_letter(i)
        data.column_dimensions[letter].width = WIDTHS[field]
        if field in TEXT_FIELDS:
            for row in range(HEADER_ROW + 1, HEADER_ROW + 1 + ROWS):
                data.cell(row, i).number_format = "@"
    data.freeze_panes = data.cell(HEADER_ROW + 1, 2)

    choices = wb.create_sheet("Pilihan")
    for row, text in enumerate(PANGKAT_CHOICES, start=1):
        choices.cell(row, 1, text)
    choices.sheet_state = "hidden"
    pangkat_col = get_column_letter(2 + FIELDS.index("pangkat_golongan"))
    dv = DataValidation(
        type="list", formula1=f"=Pilihan!$A$1:$A${len(PANGKAT_CHOICES)}", allow_blank=True,
        showErrorMessage=False, promptTitle="Pangkat/Golongan",
        prompt="Pilih dari daftar; PPPK boleh menulis golongannya sendiri (mis. IX).",
    )
    dv.showInputMessage = True
    dv.add(f"{pangkat_col}{HEADER_ROW + 1}:{pangkat_col}{HEADER_ROW + ROWS}")
    data.add_data_validation(dv)

    guide = wb.create_sheet("Petunjuk")
    for row, text in enumerate(INSTRUCTIONS, start=1):
        guide.cell(row, 1, text)
    guide["A1"].font = Font(bold=True)
    guide.column_dimensions["A"].width = 120
    wb.properties.created = wb.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def write_blank_form(target: Path) -> bool:
    """Write the blank form to `target`; False when the same form is already there. A file that
    holds anything a clerk typed below the header is never overwritten (BlankFormInUse)."""
    data = blank_form_bytes()
    if target.exists():
        if target.read_bytes() == data:
            return False
        if _has_entries(target):
            raise BlankFormInUse(
                f"{target} sudah berisi data anggota, jadi tidak ditimpa dengan formulir kosong. "
                "Pindahkan berkas itu ke folder input/ (atau beri nama lain), lalu jalankan lagi."
            )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"Formulir kosong tidak dapat ditulis ke {target}: {exc.strerror}.") from None
    return True


def _has_entries(path: Path) -> bool:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
    except Exception:  # not a workbook we can read: a clerk's file, keep it
        return True
    try:
        sheet = wb["Data"] if "Data" in wb.sheetnames else wb.worksheets[0]
        rows = sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
        return any(v not in (None, "") for row in rows for v in row)
    finally:
        wb.close()


def _fixed_zip_times(data: bytes) -> bytes:
    """The same bytes on every run, so the form kept in git does not change when it is rebuilt."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving here
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", content)
            target.writestr(fixed, content)
    return out.getvalue()
