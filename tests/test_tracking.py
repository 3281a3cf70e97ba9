"""Following each request through the SOP's steps; the Buku Agenda export."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sopgen import tracking
from tests.members import member, write_members
from tests.test_cli import letters, run

NIP_1, NIP_2 = "198001012005011001", "198001012005011002"
ADMIN = "Nama Admin Agency, A.Md."  # the config's Admin Agency, who records steps 3 and 4


@pytest.fixture(autouse=True)
def monday_30_november(monkeypatch: pytest.MonkeyPatch) -> None:
    """'Today' for `catat` is Monday 30 November 2026, whatever the machine's clock says."""
    monkeypatch.setattr(tracking, "today", lambda: date(2026, 11, 30))


def issued(tmp_path: Path, count: int = 2) -> Path:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(i) for i in range(1, count + 1)])
    assert letters(tmp_path, sheet)[0] == 0  # issued on Tuesday 2026-11-24
    return tmp_path / "out"


def status(out: Path, day: str) -> list[dict]:
    code, text = run("status", "--json", "--output", str(out), "--date", day)
    assert code == 0, text
    return json.loads(text)


def recorded(out: Path) -> list[tuple[str, int, str, str]]:
    """Steps 2 to 4 in the register: (nip, step, date, by)."""
    with sqlite3.connect(out / "register.sqlite") as db:
        return db.execute("SELECT nip, step, done_on, by FROM steps WHERE step > 1 ORDER BY nip, step").fetchall()


def catat(out: Path, *args: str) -> tuple[int, str]:
    return run("catat", *args, "--output", str(out))


def status_sheet(tmp_path: Path, out: Path, filled: dict[str, object]) -> Path:
    """The status sheet as `sopgen status --xlsx` writes it, with the clerk's cells filled in."""
    sheet = tmp_path / "status.xlsx"
    code, text = run("status", "--xlsx", str(sheet), "--output", str(out), "--date", "2026-11-25")
    assert code == 0, text
    wb = load_workbook(sheet)
    for cell, value in filled.items():
        wb.active[cell] = value
    wb.save(sheet)
    return sheet


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


def test_a_public_holiday_is_not_a_working_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sopgen import pipeline

    monkeypatch.setattr(pipeline, "clock_today", lambda: date(2026, 12, 24))
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
    ws["J3"], ws["K3"], ws["L3"] = 2, "2026-11-25", "Kepala LPSE"  # row 1 the title, row 2 the header
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
    assert rows[0][0] == "BUKU AGENDA 2026 — UKPBJ Kabupaten Ponorogo"
    assert rows[1][:4] == ("No.", "Nomor Surat", "Tanggal", "Jenis")
    numbers = {r[1] for r in rows[2:]}
    assert {"000.3.5/001/405.08/2026", "000.3.5/001/DISP/405.08/2026", "000.3.5/001/BA/405.08/2026",
            "000.3.5/002/BA/405.08/2026"} == numbers
    injected = next(c for c in ws["E"] if c.value == '=HYPERLINK("x")')
    assert injected.data_type == "s", "a name that looks like a formula stays text"
    assert ws.auto_filter.ref


def test_the_buku_agenda_records_each_letters_classification_and_retention_as_issued(tmp_path: Path) -> None:
    import json

    assert letters(tmp_path, write_members(tmp_path / "usulan.xlsx", [member(1)]))[0] == 0
    [manifest] = (tmp_path / "out" / "2026").glob("*/manifest.json")
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    assert {d["klasifikasi"] for d in recorded["documents"]} == {"000.3.5"}
    assert recorded["klasifikasi"]["000.3.5"] == {
        "kode": "000.3.5", "uraian": "Pengolahan Sistem Informasi Pengadaan",
        "retensi_aktif": "2 tahun setelah data diperbarui", "retensi_inaktif": "3 tahun", "nasib_akhir": "Permanen"}
    recorded["klasifikasi"]["000.3.5"]["retensi_inaktif"] = "5 tahun"  # the JRA in force when it was issued
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    target = tmp_path / "agenda.xlsx"
    code, text = run("agenda", "--tahun", "2026", "--xlsx", str(target), "--output", str(tmp_path / "out"))
    assert code == 0, text
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    header = rows[1]
    columns = [header.index(name) for name in ("Kode Klasifikasi", "Retensi Aktif", "Retensi Inaktif",
                                               "Nasib Akhir")]
    for row in rows[2:]:
        assert [row[c] for c in columns] == ["000.3.5", "2 tahun setelah data diperbarui", "5 tahun", "Permanen"]


# --- catat: dates that cannot be true, steps already recorded ---------------------------------


def test_a_step_dated_before_the_surat_perintah_is_refused_and_nothing_is_recorded(tmp_path: Path) -> None:
    out = issued(tmp_path)  # Surat Perintah dated 24 November
    code, text = catat(out, "3", NIP_1, NIP_2, "--tanggal", "2026-11-20")
    assert code == 1, text
    assert f"NIP {NIP_1}: tanggal 20 November 2026 untuk langkah 3 lebih awal daripada Surat Perintah " \
           "(langkah 1) tanggal 24 November 2026" in text
    assert f"NIP {NIP_2}: tanggal 20 November 2026" in text
    assert "Tidak ada langkah yang dicatat" in text
    assert recorded(out) == []


def test_one_bad_nip_means_no_nip_of_the_call_is_recorded(tmp_path: Path) -> None:
    out = issued(tmp_path)
    assert catat(out, "2", NIP_1, "--tanggal", "2026-11-26")[0] == 0
    # 25 November is fine for NIP_2 but before NIP_1's disposisi of the 26th.
    code, text = catat(out, "3", NIP_1, NIP_2, "--tanggal", "2026-11-25")
    assert code == 1, text
    assert f"NIP {NIP_1}: tanggal 25 November 2026 untuk langkah 3 lebih awal daripada langkah 2 yang " \
           "tercatat tanggal 26 November 2026" in text
    assert NIP_2 not in text
    assert recorded(out) == [(NIP_1, 2, "2026-11-26", "Nama Kepala LPSE, S.Kom.")]


def test_a_step_cannot_be_dated_after_a_later_recorded_step(tmp_path: Path) -> None:
    out = issued(tmp_path)
    assert catat(out, "4", NIP_1, "--tanggal", "2026-11-26")[0] == 0
    code, text = catat(out, "3", NIP_1, "--tanggal", "2026-11-27")
    assert code == 1, text
    assert "lebih lambat daripada langkah 4 yang sudah tercatat tanggal 26 November 2026" in text
    assert [r[1] for r in recorded(out)] == [4]


def test_a_date_after_today_is_refused_once_for_all_nips(tmp_path: Path) -> None:
    out = issued(tmp_path)
    code, text = catat(out, "2", NIP_1, NIP_2, "--tanggal", "2026-12-01")
    assert code == 1, text
    assert text.count("tanggal 1 Desember 2026 belum tiba (hari ini 30 November 2026)") == 1
    assert recorded(out) == []


def test_a_recorded_step_is_not_overwritten_without_ganti(tmp_path: Path) -> None:
    out = issued(tmp_path)
    assert catat(out, "3", NIP_1, "--tanggal", "2026-11-25")[0] == 0
    code, text = catat(out, "3", NIP_1, "--tanggal", "2026-11-26")
    assert code == 1, text
    assert (f"NIP {NIP_1}: langkah 3 sudah tercatat tanggal 25 November 2026 oleh {ADMIN}; tanggal "
            "26 November 2026 tidak dicatat. Bila tanggal lama keliru, jalankan lagi dengan --ganti.") in text
    assert recorded(out) == [(NIP_1, 3, "2026-11-25", ADMIN)]


def test_ganti_replaces_a_recorded_step_and_names_the_old_date_and_who(tmp_path: Path) -> None:
    out = issued(tmp_path)
    assert catat(out, "3", NIP_1, "--tanggal", "2026-11-25")[0] == 0
    code, text = catat(out, "3", NIP_1, "--tanggal", "2026-11-26", "--oleh", "Budi", "--ganti")
    assert code == 0, text
    assert (f"NIP {NIP_1}: langkah 3 tanggal 25 November 2026 (oleh {ADMIN}) diganti menjadi "
            "26 November 2026 (oleh Budi).") in text
    assert "1 diganti" in text
    assert recorded(out) == [(NIP_1, 3, "2026-11-26", "Budi")]
    # --ganti does not lift the date checks.
    code, text = catat(out, "3", NIP_1, "--tanggal", "2026-11-20", "--ganti")
    assert code == 1 and "lebih awal daripada Surat Perintah" in text
    assert recorded(out) == [(NIP_1, 3, "2026-11-26", "Budi")]


def test_the_same_step_and_date_again_changes_nothing_and_says_so(tmp_path: Path) -> None:
    out = issued(tmp_path)
    assert catat(out, "2", NIP_1, "--tanggal", "2026-11-25")[0] == 0
    code, text = catat(out, "2", NIP_1, NIP_2, "--tanggal", "2026-11-25")
    assert code == 0, text
    assert f"NIP {NIP_1}: langkah 2 sudah tercatat tanggal 25 November 2026" in text
    assert "Langkah 2 untuk 2 NIP: 1 baru dicatat, 1 sudah tercatat dengan tanggal yang sama (tidak diubah)." in text
    assert [r[:3] for r in recorded(out)] == [(NIP_1, 2, "2026-11-25"), (NIP_2, 2, "2026-11-25")]


def test_a_step_out_of_order_is_recorded_with_a_warning(tmp_path: Path) -> None:
    out = issued(tmp_path)
    code, text = catat(out, "4", NIP_1, "--tanggal", "2026-11-25")
    assert code == 0, text
    assert (f"Peringatan: NIP {NIP_1}: langkah 2, 3 belum dicatat; langkah 4 tetap dicatat, tetapi permintaan "
            "ini belum selesai sampai langkah 2, 3 juga dicatat, misalnya "
            f"'sopgen catat 2 {NIP_1} --tanggal YYYY-MM-DD'.") in text
    assert [r[1] for r in recorded(out)] == [4]


def test_a_handover_recorded_before_the_account_was_created_leaves_the_request_open(tmp_path: Path) -> None:
    out = issued(tmp_path)
    assert catat(out, "2", NIP_1, "--tanggal", "2026-11-25")[0] == 0
    code, text = catat(out, "4", NIP_1, "--tanggal", "2026-11-26")
    assert code == 0, text
    assert "langkah 3 belum dicatat; langkah 4 tetap dicatat, tetapi permintaan ini belum selesai" in text
    [first, _] = status(out, "2026-11-27")
    assert first["nip"] == NIP_1
    assert first["langkah_selesai"] == 4
    assert first["langkah_berikutnya"] == 3
    assert first["keterangan_berikutnya"] == ("Akun SPSE dibuat (Admin Agency); belum dicatat "
                                              "(langkah 4 sudah tercatat)")
    assert first["langkah_belum_dicatat"] == [3]
    code, text = run("status", "--semua", "--output", str(out), "--date", "2026-11-27")
    assert code == 0, text
    assert "3: akun dibuat" in text and "(belum dicatat)" in text
    assert "selesai │" not in text
    assert "2 permintaan terbuka, 1 terlambat, 0 selesai" in text
    # Recording the missing step finishes the request.
    assert catat(out, "3", NIP_1, "--tanggal", "2026-11-26")[0] == 0
    assert [r["nip"] for r in status(out, "2026-11-27")] == [NIP_2]


def test_a_missing_earlier_step_recorded_later_still_warns_about_the_one_left(tmp_path: Path) -> None:
    out = issued(tmp_path)
    assert catat(out, "4", NIP_1, "--tanggal", "2026-11-26")[0] == 0
    code, text = catat(out, "2", NIP_1, "--tanggal", "2026-11-25")
    assert code == 0, text
    assert f"Peringatan: NIP {NIP_1}: langkah 3 belum dicatat; langkah 2 tetap dicatat" in text
    assert status(out, "2026-11-27")[0]["langkah_berikutnya"] == 3


def test_a_missing_disposisi_is_due_one_working_day_after_the_surat_perintah(tmp_path: Path) -> None:
    out = issued(tmp_path)
    assert catat(out, "3", NIP_1, "--tanggal", "2026-11-25")[0] == 0
    [first, _] = status(out, "2026-11-27")
    assert first["langkah_berikutnya"] == 2
    assert first["batas_waktu"] == "2026-11-25"
    assert first["terlambat_hari_kerja"] == 2


def test_status_semua_is_titled_for_every_request_and_counts_open_and_finished_apart(tmp_path: Path) -> None:
    out = issued(tmp_path, count=3)
    for step in ("2", "3", "4"):
        assert catat(out, step, NIP_1, "--tanggal", "2026-11-25")[0] == 0
    code, text = run("status", "--semua", "--output", str(out), "--date", "2026-11-27")
    assert code == 0, text
    assert "Semua permintaan akun Pokja" in text
    assert "masih berjalan" not in text
    assert "2 permintaan terbuka, 2 terlambat, 1 selesai" in text
    code, text = run("status", "--output", str(out), "--date", "2026-11-27")
    assert code == 0, text
    assert "Permintaan akun Pokja yang masih berjalan" in text
    assert "2 permintaan terbuka, 2 terlambat (telat" in text
    assert NIP_1 not in text


def test_the_register_never_overwrites_a_step_unless_asked(tmp_path: Path) -> None:
    from sopgen.errors import RegisterError
    from sopgen.register import Register

    out = issued(tmp_path)
    with Register(out / "register.sqlite") as register:
        batch_id = register.latest_batch().id  # type: ignore[union-attr]
        with register.writing():
            register.record_step(NIP_1, batch_id, 3, date(2026, 11, 25), "Ani")
        with pytest.raises(RegisterError, match="sudah tercatat"), register.writing():
            register.record_step(NIP_1, batch_id, 3, date(2026, 11, 26), "Budi")
        with register.writing():
            register.record_step(NIP_1, batch_id, 3, date(2026, 11, 26), "Budi", replace=True)
    assert recorded(out) == [(NIP_1, 3, "2026-11-26", "Budi")]


# --- catat --dari: the clerk's status sheet ------------------------------------------------------


def test_every_bad_row_of_the_status_sheet_is_reported_and_nothing_is_recorded(tmp_path: Path) -> None:
    out = issued(tmp_path, count=4)
    sheet = status_sheet(tmp_path, out, {      # row 1 is the title, row 2 the header
        "J3": 5,                                   # no such step
        "J4": 2, "K4": "besok",                    # not a date
        "J5": 3, "K5": "2026-11-20",               # before the Surat Perintah
        "J6": 2, "K6": "2026-11-25",               # fine, but the sheet as a whole is refused
        "A7": "199999999999999999", "J7": 2,       # a row the clerk added with an unknown NIP
        "K8": "2026-11-25",                        # a date without a step
    })
    code, text = run("catat", "--dari", str(sheet), "--output", str(out))
    assert code == 1, text
    assert f"Tidak ada langkah yang dicatat (5 masalah di {sheet})" in text
    for where in ("sel J3 (Langkah selesai (isi 2/3/4))", "sel K4 (Tanggal selesai (YYYY-MM-DD))",
                  "sel K5", "sel A7 (NIP)", "sel J8"):
        assert f"{sheet} {where}" in text, where
    assert "'5' bukan langkah yang dapat dicatat" in text
    assert "'besok' bukan tanggal" in text
    assert "lebih awal daripada Surat Perintah (langkah 1) tanggal 24 November 2026" in text
    assert "199999999999999999: tidak ada di register" in text
    assert "tanggal diisi tetapi langkah kosong" in text
    assert "baris 6" not in text and not any(f"sel {column}6 " in text for column in "AJKL")
    assert recorded(out) == []


def test_importing_the_same_status_sheet_twice_records_nothing_new(tmp_path: Path) -> None:
    out = issued(tmp_path)
    sheet = status_sheet(tmp_path, out, {"J3": 2, "K3": "2026-11-25", "L3": "Kepala LPSE",
                                         "J4": "3", "K4": "26-11-2026"})
    code, text = run("catat", "--dari", str(sheet), "--output", str(out))
    assert code == 0, text
    assert f"{sheet}, 2 baris terisi: 2 baru dicatat, 0 sudah tercatat dengan tanggal yang sama" in text
    first = recorded(out)
    assert first == [(NIP_1, 2, "2026-11-25", "Kepala LPSE"), (NIP_2, 3, "2026-11-26", ADMIN)]
    code, text = run("catat", "--dari", str(sheet), "--output", str(out))
    assert code == 0, text
    assert f"{sheet}, 2 baris terisi: 0 baru dicatat, 2 sudah tercatat dengan tanggal yang sama (tidak diubah)." \
        in text
    assert recorded(out) == first


def test_a_row_without_a_date_read_again_another_day_keeps_the_first_date(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = issued(tmp_path)
    sheet = status_sheet(tmp_path, out, {"J3": 2})
    monkeypatch.setattr(tracking, "today", lambda: date(2026, 11, 26))
    assert run("catat", "--dari", str(sheet), "--output", str(out))[0] == 0
    monkeypatch.setattr(tracking, "today", lambda: date(2026, 11, 30))
    code, text = run("catat", "--dari", str(sheet), "--output", str(out))
    assert code == 0, text
    assert f"NIP {NIP_1}: langkah 2 sudah tercatat tanggal 26 November 2026" in text
    assert "1 sudah tercatat dengan tanggal lain (tidak diubah)" in text
    assert [r[:3] for r in recorded(out)] == [(NIP_1, 2, "2026-11-26")]


# --- agenda and status output --------------------------------------------------------------------


def test_agenda_for_a_year_without_letters_says_so_and_writes_nothing(tmp_path: Path) -> None:
    out = issued(tmp_path)
    target = tmp_path / "agenda.xlsx"
    code, text = run("agenda", "--tahun", "2030", "--xlsx", str(target), "--output", str(out))
    assert code == 0, text
    assert "Register tidak memuat surat tahun 2030: Buku Agenda kosong" in text
    assert "Tahun yang ada: 2026" in text
    assert not target.exists()


def test_status_table_is_readable_at_80_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    long_name = "Dr. Ir. Raden Ajeng Kusumawardhani Setyaningsih, S.T., M.Sc."
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1, nama=long_name), member(2), member(3)])
    assert letters(tmp_path, sheet)[0] == 0
    out = tmp_path / "out"
    assert catat(out, "2", NIP_1, "--tanggal", "2026-11-25")[0] == 0
    assert catat(out, "3", NIP_1, "--tanggal", "2026-11-25")[0] == 0
    assert catat(out, "4", "198001012005011003", "--tanggal", "2026-11-25")[0] == 0  # 2 and 3 passed over
    monkeypatch.setenv("COLUMNS", "80")
    code, text = run("status", "--output", str(out), "--date", "2026-11-27")
    assert code == 0, text
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    for shown in ("Nama / NIP", "Selesai", "Berikutnya", "Batas", "Telat", NIP_1, NIP_2, "2: disposisi",
                  "4: diserahkan", "3: 25-11-2026", "4: 25-11-2026", "(belum dicatat)", "25-11-2026", "2 hari",
                  *long_name.split()):
        assert shown in text, shown
