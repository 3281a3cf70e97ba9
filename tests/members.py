"""Sample Pokja members and a builder for the sheets the pipeline tests feed to the CLI."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HEADERS = ["No", "Nama Pejabat", "NIP", "Alamat Instansi", "No. Telepon", "Email",
           "Pangkat/Golongan", "Jabatan", "Nomor Sertifikat PBJ", "Nomor SK"]


def member(i: int, **changes: Any) -> dict[str, Any]:
    """A valid member; `i` (1 to 9,999) makes NIP, phone and email unique."""
    born = date(1980, 1, 1) + timedelta(days=(i - 1) // 999)
    data: dict[str, Any] = {
        "nama": f"Pegawai Contoh {i}",
        "nip": f"{born:%Y%m%d} 200501 1 {(i - 1) % 999 + 1:03d}",
        "alamat_instansi": "Jl. Aloon-aloon Utara No. 9, Ponorogo",
        "telepon": f"0812-3456-{i:04d}",
        "email": f"pegawai{i}@ponorogo.go.id",
        "pangkat_golongan": "Penata Muda Tingkat I, III/b",
        "jabatan": "Analis Pengadaan Barang/Jasa",
        "no_sertifikat_pbj": f"L2.{i:06d}.2021",
        "no_sk_pokja": "188.45/412/405.08/2026",
    }
    data.update(changes)
    return data


FIELD_ORDER = ["nama", "nip", "alamat_instansi", "telepon", "email", "pangkat_golongan", "jabatan",
               "no_sertifikat_pbj", "no_sk_pokja"]


def rows_of(members: list[dict[str, Any]]) -> list[list[Any]]:
    return [[i, *(m[f] for f in FIELD_ORDER)] for i, m in enumerate(members, start=1)]


def write_members(path: Path, members: list[dict[str, Any]], *, title: bool = True) -> Path:
    """An .xlsx (or .csv by suffix) with two title rows, a blank row, the header and the members."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows: list[list[Any]] = []
    if title:
        rows += [["DAFTAR USULAN POKJA PEMILIHAN"], ["TAHUN 2026"], []]
    rows += [HEADERS, *rows_of(members)]
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)
        return path
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_copies(folder: Path, members: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for m in members:
        nip = str(m["nip"]).replace(" ", "")
        for keyword in ("sertifikat", "sk"):
            (folder / f"{nip}_{keyword}.pdf").write_bytes(b"%PDF-1.4\n% contoh\n%%EOF\n")
    return folder
