"""Corrections after issuance, as an office meets them: a member's data changed since the note (warned
field by field), one note reissued under the original Surat Perintah (--reissue-nip), a whole sheet
reissued (--reissue), and replaced documents that are never printed again as if valid."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from sopgen.cli import cli
from sopgen.register import Register
from tests.configs import CONFIRMED
from tests.members import member, write_members
from tests.test_archive import needs_libreoffice
from tests.test_cli import DATE, docx_text

NIP_1 = "198001012005011001"
OLD_NOTE = "000.3.5/001/BA/405.08/2026"
SP = "000.3.5/001/405.08/2026"


def cli_run(*args: str, config: Path | None = CONFIRMED) -> tuple[int, str]:
    """The command as a clerk types it, on a terminal wide enough that no message wraps in the report's
    table; the output with its line breaks undone."""
    result = CliRunner().invoke(cli, [*args, *(["--config", str(config)] if config else [])],
                                env={"COLUMNS": "1000"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, " ".join(result.output.split())


def letters(tmp_path: Path, members: list[dict], *extra: str, when: str = DATE, name: str = "usulan.xlsx",
            config: Path = CONFIRMED) -> tuple[int, str]:
    sheet = write_members(tmp_path / name, members)
    return cli_run("letters", str(sheet), "--output", str(tmp_path / "out"), "--date", when, "--no-attachments",
                   *extra, config=config)


def register_rows(tmp_path: Path) -> list[tuple]:
    with sqlite3.connect(tmp_path / "out" / "register.sqlite") as db:
        rows = db.execute("SELECT kind, seq, number, nip, superseded_by FROM documents ORDER BY id").fetchall()
    db.close()
    return rows


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def three() -> list[dict]:
    return [member(1), member(2), member(3)]


def changed_phone() -> list[dict]:
    return [member(1, telepon="0813-9999-0001"), member(2), member(3)]


# --- DATA_BERUBAH --------------------------------------------------------------------------------

def test_a_changed_phone_is_warned_with_its_old_and_new_value_and_nothing_is_issued(tmp_path: Path) -> None:
    assert letters(tmp_path, three())[0] == 0
    before = register_rows(tmp_path)
    code, text = letters(tmp_path, changed_phone(), when="2026-11-25")
    assert code == 0, text
    assert "DATA_BERUBAH" in text and "No. Telepon dari 0812-3456-0001 menjadi 0813-9999-0001" in text
    assert f"Berita Acara {OLD_NOTE} tanggal 24 November 2026" in text
    assert f"--reissue-nip {NIP_1}" in text
    assert "Pegawai Contoh 1 (NIP 19800101 200501 1 001) sudah menerima akun" not in text, "not the silent line"
    assert "Pegawai Contoh 2 (NIP 19800101 200501 1 002) sudah menerima akun" in text
    assert register_rows(tmp_path) == before, "a warning issues nothing"


def test_letters_json_holds_the_warning_and_then_what_was_replaced(tmp_path: Path) -> None:
    assert letters(tmp_path, three())[0] == 0
    sheet = write_members(tmp_path / "usulan.xlsx", changed_phone())
    args = ["letters", str(sheet), "--output", str(tmp_path / "out"), "--date", "2026-11-25", "--no-attachments",
            "--json", "--config", str(CONFIRMED)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["status"] == "tidak_ada_yang_baru" and report["documents"] == []
    [warning] = report["problems"]
    assert warning["code"] == "DATA_BERUBAH" and (warning["row"], warning["column"]) == (5, "C")
    assert "No. Telepon dari 0812-3456-0001 menjadi 0813-9999-0001" in warning["message"]
    result = CliRunner().invoke(cli, [*args, "--reissue-nip", NIP_1])
    report = json.loads(result.stdout)
    assert report["status"] == "diterbitkan_ulang" and report["batch"] == "2026-001-pengganti-1"
    assert report["replaced"] == [{"kind": "serah_terima", "nip": NIP_1, "nama": "Pegawai Contoh 1",
                                   "old": OLD_NOTE, "new": "000.3.5/004/BA/405.08/2026"}]
    assert [d["number"] for d in report["documents"]] == ["000.3.5/004/BA/405.08/2026"]


def test_validate_warns_too_on_the_members_nip_cell_reading_the_register_only(tmp_path: Path) -> None:
    assert letters(tmp_path, three())[0] == 0
    register = tmp_path / "out" / "register.sqlite"
    before = sha(register)
    sheet = write_members(tmp_path / "baru.xlsx", [member(1, email="budi.baru@ponorogo.go.id",
                                                          jabatan="Kepala Seksi Pengadaan"), member(2)])
    code, text = cli_run("validate", str(sheet), "--json", "--output", str(tmp_path / "out"), "--no-attachments",
                         "--date", "2026-11-25")
    assert code == 0
    report = json.loads(text)
    [warning] = [p for p in report["problems"] if p["code"] == "DATA_BERUBAH"]
    assert (warning["row"], warning["column"], warning["header"], warning["severity"]) == (5, "C", "NIP", "warning")
    assert "Email dari pegawai1@ponorogo.go.id menjadi budi.baru@ponorogo.go.id" in warning["message"]
    assert "Jabatan dari Analis Pengadaan Barang/Jasa menjadi Kepala Seksi Pengadaan" in warning["message"]
    assert sha(register) == before
    assert not (tmp_path / "out" / "register.sqlite-wal").exists()


@pytest.mark.parametrize("field, new, label", [
    ("nama", "Pegawai Contoh Satu, S.E.", "Nama"),
    ("alamat_instansi", "Jl. Gajah Mada No. 1, Ponorogo", "Alamat Instansi"),
    ("pangkat_golongan", "Penata, III/c", "Pangkat/Golongan"),
    ("no_sertifikat_pbj", "L3.000001.2025", "Nomor Sertifikat PBJ"),
    ("no_sk_pokja", "188.45/999/405.08/2026", "Nomor SK Pokja"),
])
def test_every_field_of_the_note_is_compared(tmp_path: Path, field: str, new: str, label: str) -> None:
    assert letters(tmp_path, [member(1)])[0] == 0
    old = member(1)[field]
    code, text = letters(tmp_path, [member(1, **{field: new})], when="2026-11-25")
    assert code == 0 and "DATA_BERUBAH" in text
    assert f"{label} dari {old} menjadi {new}" in text


def test_the_same_phone_typed_otherwise_is_no_change(tmp_path: Path) -> None:
    assert letters(tmp_path, [member(1)])[0] == 0
    code, text = letters(tmp_path, [member(1, telepon="+62 812 3456 0001")], when="2026-11-25")
    assert code == 0 and "DATA_BERUBAH" not in text


# --- --reissue-nip -------------------------------------------------------------------------------

def test_reissue_nip_issues_one_note_naming_the_old_number_under_the_original_surat_perintah(tmp_path: Path) -> None:
    assert letters(tmp_path, three())[0] == 0
    code, text = letters(tmp_path, changed_phone(), "--reissue-nip", "19800101 200501 1 001", when="2026-11-25")
    assert code == 0, text
    assert f"Berita Acara {OLD_NOTE} (24 November 2026) -> 000.3.5/004/BA/405.08/2026" in text
    assert "No. Telepon dari 0812-3456-0001 menjadi 0813-9999-0001" in text
    assert "tidak ada Surat Perintah atau Lembar Disposisi baru" in text
    assert "DATA_BERUBAH" not in text, "the warning is what this run answers"
    rows = register_rows(tmp_path)
    assert [r[0] for r in rows].count("surat_perintah") == 1 and [r[0] for r in rows].count("lembar_disposisi") == 1
    assert [r for r in rows if r[0] == "serah_terima" and r[3] == NIP_1 and r[4] is None] == [
        ("serah_terima", 4, "000.3.5/004/BA/405.08/2026", NIP_1, None)]
    [note] = (tmp_path / "out" / "2026" / "001_usulan_pengganti_1" / "serah_terima").glob("*.docx")
    words = " ".join(docx_text(note).split())
    assert "NOMOR : 000.3.5/004/BA/405.08/2026" in words
    assert f"menggantikan Berita Acara Serah Terima Nomor {OLD_NOTE} tanggal 24 November 2026" in words
    assert f"Surat Perintah Nomor {SP} tanggal 24 November 2026" in words, "the new note cites the original order"
    [slip] = (tmp_path / "out" / "2026" / "001_usulan_pengganti_1" / "slip_kata_sandi").glob("*.docx")
    assert f"menggantikan slip Berita Acara Nomor {OLD_NOTE}" in " ".join(docx_text(slip).split())
    assert slip.stat().st_mode & 0o777 == 0o600


def test_a_plain_rerun_after_a_reissue_issues_nothing_and_restores_every_deleted_file_exactly(tmp_path: Path) -> None:
    assert letters(tmp_path, three())[0] == 0
    assert letters(tmp_path, changed_phone(), "--reissue-nip", NIP_1, when="2026-11-25")[0] == 0
    out = tmp_path / "out"
    rows = register_rows(tmp_path)
    code, text = letters(tmp_path, changed_phone(), when="2026-11-25")
    assert code == 0 and "tidak ada nomor baru" in text and register_rows(tmp_path) == rows
    lost = [*out.glob("2026/001_usulan_pengganti_1/*/*.docx"), *out.glob("2026/001_usulan/0*.docx"),
            *out.glob("2026/001_usulan/*/001_*.docx"), *out.glob("2026/*/templat.zip")]
    originals = {p: p.read_bytes() for p in lost}
    assert len(originals) == 8  # the new note and slip, the order and disposition, the old note and slip, two zips
    for p in lost:
        p.unlink()
    code, text = letters(tmp_path, changed_phone(), when="2026-11-25")
    assert code == 0, text
    assert {p: p.read_bytes() for p in lost} == originals
    assert register_rows(tmp_path) == rows
    assert cli_run("verify", "--semua", "--output", str(out), config=None)[0] == 0


@pytest.mark.parametrize("nips, code", [
    (["199912312020121001"], "NIP_TIDAK_DI_LEMBAR"),
    ([NIP_1, "123"], "NIP_TIDAK_DI_LEMBAR"),
])
def test_a_nip_not_in_the_sheet_is_refused_with_nothing_numbered(tmp_path: Path, nips: list[str], code: str) -> None:
    assert letters(tmp_path, three())[0] == 0
    rows = register_rows(tmp_path)
    flags = [arg for nip in nips for arg in ("--reissue-nip", nip)]
    exit_code, text = letters(tmp_path, changed_phone(), *flags, when="2026-11-25")
    assert exit_code == 2 and code in text and "tidak ada nomor yang terpakai" in text
    assert nips[-1] in text and register_rows(tmp_path) == rows
    assert not list((tmp_path / "out" / "2026").glob("*pengganti*"))


def test_a_member_never_issued_or_new_members_in_the_sheet_are_refused(tmp_path: Path) -> None:
    assert letters(tmp_path, [member(1)])[0] == 0
    rows = register_rows(tmp_path)
    code, text = letters(tmp_path, [member(1), member(2)], "--reissue-nip", "198001012005011002", when="2026-11-25")
    assert code == 2 and "NIP_BELUM_DITERBITKAN" in text and "Pegawai Contoh 2" in text
    code, text = letters(tmp_path, [member(1), member(2)], "--reissue-nip", NIP_1, when="2026-11-25")
    assert code == 2 and "ANGGOTA_BARU_DI_LEMBAR" in text and "tanpa --reissue-nip" in text
    code, text = letters(tmp_path, [member(1)], "--reissue", "--reissue-nip", NIP_1, when="2026-11-25")
    assert code == 2 and "PILIHAN_BENTROK" in text
    assert register_rows(tmp_path) == rows


def test_the_reissued_member_is_sent_the_new_password_of_the_new_slip(tmp_path: Path) -> None:
    from tests.test_kirim import printed_passwords, read_page, whatsapp_parts

    assert letters(tmp_path, three())[0] == 0
    assert letters(tmp_path, changed_phone(), "--reissue-nip", NIP_1, when="2026-11-25")[0] == 0
    out = tmp_path / "out"
    code, text = cli_run("kirim", "2026-001-pengganti-1", "--output", str(out))
    assert code == 0, text
    [row] = read_page(page_of_batch(out, "001_usulan_pengganti_1").read_text()).rows
    phone, message = whatsapp_parts(row["wa"][0])
    assert phone == "6281399990001", "the phone the new note was issued with"
    assert printed_passwords(out)[NIP_1] in message
    assert cli_run("kirim", "2026-001", "--output", str(out))[0] == 0
    assert [r["nip"] for r in read_page(page_of_batch(out, "001_usulan").read_text()).rows] == [
        "198001012005011002", "198001012005011003"], "the replaced note's member left the first page"


def page_of_batch(out: Path, folder: str) -> Path:
    return out / "2026" / folder / "slip_kata_sandi" / "kirim.html"


# --- what shows the replacement ------------------------------------------------------------------

def test_verify_status_and_the_buku_agenda_show_the_replacement_and_who_signed(tmp_path: Path) -> None:
    assert letters(tmp_path, three())[0] == 0
    assert letters(tmp_path, changed_phone(), "--reissue-nip", NIP_1, when="2026-11-25")[0] == 0
    out = tmp_path / "out"
    code, text = cli_run("verify", "--semua", "--output", str(out), config=None)
    assert code == 0, text
    assert (f"DIGANTI 2026/001_usulan/serah_terima/001_{NIP_1}_Pegawai_Contoh_1.docx (Berita Acara {OLD_NOTE}, "
            "digantikan oleh 000.3.5/004/BA/405.08/2026, batch 2026-001-pengganti-1") in text
    code, text = cli_run("status", "--output", str(out), "--date", "2026-11-26")
    assert code == 0
    assert f"Surat Perintah {SP} (24 November 2026) oleh Drs. Nama Kepala UKPBJ, M.Si. (Kepala UKPBJ)" in text
    assert f"Menggantikan Berita Acara {OLD_NOTE} (Pegawai Contoh 1) -> 000.3.5/004/BA/405.08/2026" in text
    result = CliRunner().invoke(cli, ["status", "--json", "--output", str(out), "--date", "2026-11-26",
                                      "--config", str(CONFIRMED)])
    [mine] = [r for r in json.loads(result.stdout) if r["nip"] == NIP_1]
    assert mine["surat_perintah"] == SP and mine["serah_terima"] == "000.3.5/004/BA/405.08/2026"
    assert mine["menggantikan"] == OLD_NOTE and mine["batch"] == "2026/001_usulan_pengganti_1"
    assert mine["penandatangan"] == {"surat_perintah": "Drs. Nama Kepala UKPBJ, M.Si.",
                                     "serah_terima": "Nama Admin Agency, A.Md.",
                                     "mengetahui": "Nama Kepala LPSE, S.Kom."}
    code, text = cli_run("agenda", "--xlsx", str(tmp_path / "agenda.xlsx"), "--output", str(out))
    assert code == 0, text
    rows = list(load_workbook(tmp_path / "agenda.xlsx").active.iter_rows(values_only=True))
    header = rows[1]
    by_number = {r[header.index("Nomor Surat")]: r for r in rows[2:]}
    old, new = by_number[OLD_NOTE], by_number["000.3.5/004/BA/405.08/2026"]
    assert old[header.index("Status")] == "digantikan oleh 000.3.5/004/BA/405.08/2026"
    assert new[header.index("Status")] == "berlaku" and OLD_NOTE in new[header.index("Perihal")]
    assert by_number[SP][header.index("Penanda Tangan")] == "Drs. Nama Kepala UKPBJ, M.Si. (Kepala UKPBJ)"
    assert "mengetahui Nama Kepala LPSE, S.Kom." in new[header.index("Penanda Tangan")]


def test_a_whole_sheet_reissued_says_how_many_members_and_replaces_its_surat_perintah_too(tmp_path: Path) -> None:
    assert letters(tmp_path, three())[0] == 0
    code, text = letters(tmp_path, changed_phone(), "--reissue", when="2026-11-25")
    assert code == 0, text
    assert "seluruh lembar diterbitkan ulang, 3 anggota" in text
    assert f"Surat Perintah {SP} (24 November 2026) -> 000.3.5/002/405.08/2026" in text
    assert "Lembar Disposisi 000.3.5/001/DISP/405.08/2026 (24 November 2026) -> 000.3.5/002/DISP/405.08/2026" in text
    assert f"Berita Acara {OLD_NOTE} (24 November 2026) -> 000.3.5/004/BA/405.08/2026" in text
    code, text = cli_run("verify", "--semua", "--output", str(tmp_path / "out"), config=None)
    assert code == 0
    assert (f"DIGANTI 2026/001_usulan/01_surat_perintah_000.3.5-001-405.08-2026.docx (Surat Perintah {SP}, "
            "digantikan oleh 000.3.5/002/405.08/2026") in text
    [note] = (tmp_path / "out" / "2026" / "002_usulan" / "serah_terima").glob(f"004_{NIP_1}_*.docx")
    assert f"menggantikan Berita Acara Serah Terima Nomor {OLD_NOTE}" in " ".join(docx_text(note).split())


def test_part_of_a_batch_reissued_whole_keeps_its_surat_perintah_valid(tmp_path: Path) -> None:
    assert letters(tmp_path, three())[0] == 0
    assert letters(tmp_path, [member(1)], "--reissue", name="satu.xlsx", when="2026-11-25")[0] == 0
    with Register(tmp_path / "out" / "register.sqlite") as register:
        sp = next(d for d in register.documents(register.batch("2026-001").id) if d.kind == "surat_perintah")
    assert sp.superseded_by is None, "two of its members still stand under it"


# --- replaced documents are never printed again --------------------------------------------------

def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


@needs_libreoffice
def test_the_replaced_note_is_absent_from_the_next_print_file(tmp_path: Path) -> None:
    from tests.test_kirim import printed_passwords

    out = tmp_path / "out"
    assert letters(tmp_path, three())[0] == 0
    old_password = printed_passwords(out)[NIP_1]
    assert cli_run("pdf", "--output", str(out), config=None)[0] == 0
    first = out / "2026" / "001_usulan"
    assert f"NOMOR : {OLD_NOTE}" in pdf_text(first / "cetak_semua.pdf")
    assert letters(tmp_path, changed_phone(), "--reissue-nip", NIP_1, when="2026-11-25")[0] == 0
    code, text = cli_run("pdf", "--semua", "--output", str(out), config=None)
    assert code == 0, text
    assert "1 surat yang sudah digantikan tidak dicetak lagi" in text
    printed = pdf_text(first / "cetak_semua.pdf")
    assert f"NOMOR : {OLD_NOTE}" not in printed and "NOMOR : 000.3.5/002/BA/405.08/2026" in printed
    assert SP in printed, "the order itself stays valid"
    assert old_password not in pdf_text(first / "cetak_slip.pdf")
    reissued = out / "2026" / "001_usulan_pengganti_1"
    assert "NOMOR : 000.3.5/004/BA/405.08/2026" in pdf_text(reissued / "cetak_semua.pdf")
    assert printed_passwords(out)[NIP_1] in pdf_text(reissued / "cetak_slip.pdf")
    assert cli_run("pdf", "--semua", "--output", str(out), config=None)[1] == "Semua batch sudah mempunyai PDF."
    assert cli_run("verify", "--semua", "--output", str(out), config=None)[0] == 0


@needs_libreoffice
def test_a_batch_replaced_whole_keeps_no_print_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert letters(tmp_path, three())[0] == 0
    assert cli_run("pdf", "--output", str(out), config=None)[0] == 0
    assert letters(tmp_path, changed_phone(), "--reissue", "--pdf", when="2026-11-25")[0] == 0
    first = out / "2026" / "001_usulan"
    assert not (first / "cetak_semua.pdf").exists() and not (first / "cetak_slip.pdf").exists()
    assert re.search(r"NOMOR : 000\.3\.5/002/405\.08/2026", pdf_text(out / "2026" / "002_usulan" / "cetak_semua.pdf"))
    assert cli_run("verify", "--semua", "--output", str(out), config=None)[0] == 0


# --- mutasi: what a batch was issued under --------------------------------------------------------

def config_after_mutasi(tmp_path: Path, templates: Path | None = None) -> Path:
    """The office's config after the Kepala UKPBJ changed (and, optionally, with its own templates)."""
    text = CONFIRMED.read_text(encoding="utf-8").replace("Drs. Nama Kepala UKPBJ, M.Si.", "Dr. Kepala Baru, M.M.")
    if templates is not None:
        text = re.sub(r"(?m)^folder = '.*'$", f"folder = '{templates}'", text)
    target = tmp_path / "mutasi" / "config.toml"
    target.parent.mkdir(exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def edited_templates(tmp_path: Path) -> Path:
    """A copy of the templates with the Surat Perintah's and the Berita Acara's wording changed."""
    import shutil
    import zipfile

    folder = tmp_path / "templat_baru"
    shutil.copytree(CONFIRMED.parent.parent.parent / "templates", folder)
    for kind, old, new in (("surat_perintah", b"MEMERINTAHKAN", b"MEMERINTAHKAN KEPADA"),
                           ("serah_terima", b"Demikian berita acara", b"Demikianlah berita acara")):
        path = folder / f"{kind}.docx"
        with zipfile.ZipFile(path) as z:
            parts = {i.filename: z.read(i.filename) for i in z.infolist()}
        assert old in parts["word/document.xml"]
        parts["word/document.xml"] = parts["word/document.xml"].replace(old, new)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                z.writestr(name, data)
    return folder


@pytest.mark.parametrize("signatory, template", [(True, False), (False, True)], ids=["mutasi", "templat"])
def test_a_deleted_surat_perintah_is_made_again_exactly_after_a_mutasi_or_an_edited_template(
        tmp_path: Path, signatory: bool, template: bool) -> None:
    out = tmp_path / "out"
    assert letters(tmp_path, three())[0] == 0
    [sp] = (out / "2026" / "001_usulan").glob("01_*.docx")
    original = sp.read_bytes()
    sp.unlink()
    after = config_after_mutasi(tmp_path, edited_templates(tmp_path) if template else None)
    if not signatory:
        text = after.read_text(encoding="utf-8").replace("Dr. Kepala Baru, M.M.", "Drs. Nama Kepala UKPBJ, M.Si.")
        after.write_text(text, encoding="utf-8")
    code, text = letters(tmp_path, three(), config=after)
    assert code == 0 and "Dibuat ulang (sama persis)" in text, text
    assert sp.read_bytes() == original


def test_every_document_of_a_batch_is_made_again_after_a_mutasi_and_an_edited_template(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert letters(tmp_path, three())[0] == 0
    folder = out / "2026" / "001_usulan"
    kept = [*folder.glob("0*.docx"), *folder.glob("serah_terima/*.docx"), *folder.glob("slip_kata_sandi/*.docx")]
    originals = {p: p.read_bytes() for p in kept}
    for p in kept:
        p.unlink()
    after = config_after_mutasi(tmp_path, edited_templates(tmp_path))
    code, text = letters(tmp_path, three(), config=after)
    assert code == 0, text
    assert "Tidak dapat dibuat ulang" not in text
    assert {p: p.read_bytes() for p in kept} == originals
    assert "Drs. Nama Kepala UKPBJ, M.Si." in docx_text(next(folder.glob("01_*.docx")))
    assert cli_run("verify", "--output", str(out), config=None)[0] == 0
    code, text = letters(tmp_path, [member(4)], name="baru.xlsx", config=after)  # a new batch: the new Kepala
    assert code == 0, text
    new_sp = next((out / "2026" / "002_baru").glob("01_*.docx"))
    assert "Dr. Kepala Baru, M.M." in docx_text(new_sp) and "MEMERINTAHKAN KEPADA" in docx_text(new_sp)
    code, text = cli_run("status", "--output", str(out), "--date", "2026-11-25", config=after)
    assert "Batch 2026-001: Surat Perintah 000.3.5/001/405.08/2026 (24 November 2026) oleh Drs. Nama Kepala" in text
    assert "Batch 2026-002: Surat Perintah 000.3.5/002/405.08/2026 (24 November 2026) oleh Dr. Kepala Baru" in text


def test_a_changed_lambang_leaves_the_issued_letters_as_they_were(tmp_path: Path) -> None:
    from tests.images import png

    office = tmp_path / "kantor"
    office.mkdir()
    config = office / "config.toml"
    config.write_text(CONFIRMED.read_text(encoding="utf-8"), encoding="utf-8")
    (office / "lambang_daerah.png").write_bytes(png(40, 50, lambda x, y: (0, 120, 0)))
    assert letters(tmp_path, three(), config=config)[0] == 0
    [sp] = (tmp_path / "out" / "2026" / "001_usulan").glob("01_*.docx")
    original = sp.read_bytes()
    (office / "lambang_daerah.png").write_bytes(png(60, 60, lambda x, y: (200, 0, 0)))
    sp.unlink()
    code, text = letters(tmp_path, three(), config=config)
    assert code == 0 and sp.read_bytes() == original, text


def test_a_batch_issued_before_snapshots_is_made_again_only_while_the_templates_still_give_its_bytes(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert letters(tmp_path, three())[0] == 0
    with sqlite3.connect(out / "register.sqlite") as db:  # as a batch of an older sopgen: no snapshot
        db.execute("DELETE FROM snapshots")
    db.close()
    [sp] = (out / "2026" / "001_usulan").glob("01_*.docx")
    original = sp.read_bytes()
    sp.unlink()
    code, text = letters(tmp_path, three())
    assert code == 0 and sp.read_bytes() == original, text
    sp.unlink()
    code, text = letters(tmp_path, three(), config=config_after_mutasi(tmp_path))
    assert code == 2 and "Tidak dapat dibuat ulang" in text and sp.name in text and "cadangan" in text
    assert not sp.exists()
