"""Finding each member's scanned copies (sertifikat PBJ, SK Pokja) in the attachments folder."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sopgen.attachments import AttachmentIndex
from sopgen.cli import cli
from sopgen.problems import make_problem
from tests.configs import CONFIRMED
from tests.members import member, write_copies, write_members

REPO = Path(__file__).resolve().parents[1]
CONFIG = CONFIRMED
NIP = "198001012005011001"
PDF = b"%PDF-1.4\n% contoh\n%%EOF\n"


def test_one_copy_per_keyword_is_found(tmp_path: Path) -> None:
    (tmp_path / f"{NIP}_sertifikat.pdf").write_bytes(PDF)
    (tmp_path / f"{NIP}_sk.pdf").write_bytes(PDF)
    index = AttachmentIndex(tmp_path)
    check = index.check(NIP, "salinan_sertifikat_pbj")
    assert (check.path, check.findings) == (tmp_path / f"{NIP}_sertifikat.pdf", ())
    assert index.check(NIP, "salinan_sk_pokja").path == tmp_path / f"{NIP}_sk.pdf"


def test_an_old_scan_beside_a_rescan_is_an_error_naming_both_files(tmp_path: Path) -> None:
    (tmp_path / f"{NIP}_sertifikat.pdf").write_bytes(PDF)
    (tmp_path / f"{NIP}_sertifikat_baru.pdf").write_bytes(PDF)
    check = AttachmentIndex(tmp_path).check(NIP, "salinan_sertifikat_pbj")
    assert check.path is None
    assert [f.code for f in check.findings] == ["LAMPIRAN_GANDA"]
    problem = make_problem(check.findings[0], field="salinan_sertifikat_pbj", value=NIP)
    assert problem.severity == "error"
    assert f"{NIP}_sertifikat.pdf, {NIP}_sertifikat_baru.pdf" in problem.message
    assert "2 berkas" in problem.message and "Pindahkan berkas lama" in problem.message


def test_pages_scanned_to_separate_files_are_an_error_too(tmp_path: Path) -> None:
    for page in (1, 2):
        (tmp_path / f"{NIP}_sk_hal{page}.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    check = AttachmentIndex(tmp_path).check(NIP, "salinan_sk_pokja")
    assert [f.code for f in check.findings] == ["LAMPIRAN_GANDA"]
    assert "gabungkan menjadi satu PDF" in make_problem(check.findings[0]).message


def test_a_file_of_another_kind_beside_the_scan_is_no_duplicate(tmp_path: Path) -> None:
    (tmp_path / f"{NIP}_sertifikat.pdf").write_bytes(PDF)
    (tmp_path / f"{NIP}_sertifikat.docx").write_bytes(b"PK\x03\x04")
    check = AttachmentIndex(tmp_path).check(NIP, "salinan_sertifikat_pbj")
    assert (check.path, check.findings) == (tmp_path / f"{NIP}_sertifikat.pdf", ())


def test_a_duplicate_copy_is_an_error_on_the_members_row_of_the_report(tmp_path: Path) -> None:
    members = [member(1), member(2)]
    sheet = write_members(tmp_path / "usulan.xlsx", members)
    lampiran = write_copies(tmp_path / "lampiran", members)
    (lampiran / f"{NIP}_sertifikat_baru.pdf").write_bytes(PDF)
    result = CliRunner().invoke(cli, ["validate", str(sheet), "--json", "--attachments", str(lampiran),
                                      "--output", str(tmp_path / "out"), "--config", str(CONFIG)])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert [(p["row"], p["field"], p["code"]) for p in report["problems"]] == [
        (5, "salinan_sertifikat_pbj", "LAMPIRAN_GANDA")]
    assert report["valid_rows"] == [6]


def test_a_missing_copy_names_the_members_nip_cell_and_the_file_expected(tmp_path: Path) -> None:
    inbox = tmp_path / "input"
    sheet = write_members(inbox / "usulan.xlsx", [member(1)])
    (inbox / "lampiran").mkdir()
    (inbox / "lampiran" / f"{NIP}_sk.pdf").write_bytes(PDF)
    result = CliRunner().invoke(cli, ["validate", str(sheet), "--json", "--attachments", str(inbox / "lampiran"),
                                      "--output", str(tmp_path / "out"), "--config", str(CONFIG)])
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["row"], problem["column"], problem["header"], problem["field"], problem["code"]) == (
        5, "C", "NIP", "salinan_sertifikat_pbj", "LAMPIRAN_TIDAK_ADA")
    assert problem["message"].startswith(f"Salinan sertifikat PBJ untuk NIP {NIP} (sel C5) tidak ditemukan")
    assert f"dengan nama {NIP}_sertifikat.pdf" in problem["message"]


def test_a_copy_given_as_a_link_or_under_an_unreadable_name_is_refused(tmp_path: Path) -> None:
    import os

    elsewhere = tmp_path / "lain" / "scan.pdf"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(PDF)
    folder = tmp_path / "lampiran"
    folder.mkdir()
    (folder / f"{NIP}_sertifikat.pdf").symlink_to(elsewhere)
    (folder / os.fsdecode(f"{NIP}_sk_\xe9.pdf".encode("latin-1"))).write_bytes(PDF)
    index = AttachmentIndex(folder)
    link = index.check(NIP, "salinan_sertifikat_pbj")
    assert (link.path, [f.code for f in link.findings]) == (None, ["LAMPIRAN_BUKAN_BERKAS_BIASA"])
    named = index.check(NIP, "salinan_sk_pokja")
    assert (named.path, [f.code for f in named.findings]) == (None, ["LAMPIRAN_NAMA_TIDAK_TERBACA"])
    message = make_problem(named.findings[0], row=5, column="C").message
    assert f"'{NIP}_sk_\ufffd.pdf'" in message and f"menjadi {NIP}_sk.pdf" in message and ", sel C5)" in message
    message.encode("utf-8")  # printable: no surrogate left
