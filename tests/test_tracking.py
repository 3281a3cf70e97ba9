"""Following each request through the SOP's steps; the Buku Agenda export."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from tests.members import member, write_members
from tests.test_cli import letters, run


def issued(tmp_path: Path, count: int = 2) -> Path:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(i) for i in range(1, count + 1)])
    assert letters(tmp_path, sheet)[0] == 0  # issued on Tuesday 2026-11-24
    return tmp_path / "out"


def status(out: Path, day: str) -> list[dict]:
    code, text = run("status", "--json", "--output", str(out), "--date", day)
    assert code == 0, text
    return json.loads(text)


def test_step_two_is_due_one_working_day_after_the_surat_perintah(tmp_path: Path) -> None:
    out = issued(tmp_path)
    [first, _] = status(out, "2026-11-25")
    assert first["langkah_selesai"] == 1 and first["langkah_berikutnya"] == 2
    assert first["batas_waktu"] == "2026-11-25"
    assert first["terlambat_hari_kerja"] == 0
    # Friday 27th is two working days late; over the weekend it stays two, Monday makes three.
    assert status(out, "2026-11-27")[0]["terlambat_hari_kerja"] == 2
    assert status(out, "2026-11-29")[0]["terlambat_hari_kerja"] == 2
    assert status(out, "2026-11-30")[0]["terlambat_hari_kerja"] == 3


def test_a_public_holiday_is_not_a_working_day(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1)])
    code, _ = run("letters", str(sheet), "--output", str(tmp_path / "out"), "--date", "2026-12-24",
                  "--no-attachments")
    assert code == 0
    # Thursday 24 December (cuti bersama in the config), Friday 25 Christmas, then the weekend.
    [row] = status(tmp_path / "out", "2026-12-29")
    assert row["batas_waktu"] == "2026-12-28"
    assert row["terlambat_hari_kerja"] == 1


def test_catat_records_steps_and_finished_requests_leave_the_list(tmp_path: Path) -> None:
    out = issued(tmp_path)
    nip = "198001012005011001"
    for step in ("2", "3", "4"):
        code, text = run("catat", step, nip, "--tanggal", "2026-11-25", "--output", str(out))
        assert code == 0, text
    remaining = status(out, "2026-11-26")
    assert [r["nip"] for r in remaining] == ["198001012005011002"]
    code, text = run("catat", "3", "199999999999999999", "--output", str(out))
    assert code == 1 and "tidak ada di register" in text


def test_status_sheet_filled_in_by_the_clerk_is_read_back(tmp_path: Path) -> None:
    out = issued(tmp_path)
    sheet = tmp_path / "status.xlsx"
    code, _ = run("status", "--xlsx", str(sheet), "--output", str(out), "--date", "2026-11-25")
    assert code == 0
    wb = load_workbook(sheet)
    ws = wb.active
    ws["J2"], ws["K2"], ws["L2"] = 2, "2026-11-25", "Kepala LPSE"
    wb.save(sheet)
    code, text = run("catat", "--dari", str(sheet), "--output", str(out))
    assert code == 0, text
    assert status(out, "2026-11-25")[0]["langkah_selesai"] == 2


def test_agenda_export_carries_every_number_as_text(tmp_path: Path) -> None:
    # In a CSV the clerk's cell is plain text, even when it starts with '='.
    sheet = write_members(tmp_path / "usulan.csv", [member(1, nama="=HYPERLINK(\"x\")"), member(2)])
    assert letters(tmp_path, sheet)[0] == 0
    target = tmp_path / "agenda.xlsx"
    code, text = run("agenda", "--tahun", "2026", "--xlsx", str(target), "--output", str(tmp_path / "out"))
    assert code == 0, text
    ws = load_workbook(target).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("No.", "Nomor Surat", "Tanggal", "Jenis")
    numbers = {r[1] for r in rows[1:]}
    assert {"800.1.11.1/001/405.08/2026", "001/DISP/LPSE/2026", "000.1.5/001/LPSE/2026",
            "000.1.5/002/LPSE/2026"} == numbers
    injected = next(c for c in ws["E"] if c.value == '=HYPERLINK("x")')
    assert injected.data_type == "s", "a name that looks like a formula stays text"
    assert ws.auto_filter.ref
