"""The office's first real run: no letter is numbered while the config still holds example values,
and `sopgen config` shows the identity the letters will carry for the clerk to confirm."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from sopgen.cli import cli
from sopgen.config import load_config
from tests.configs import CONFIRMED, SHIPPED, write_confirmed_config
from tests.members import member, write_members

REPO = Path(__file__).resolve().parents[1]
DATE = "2026-11-24"
EXAMPLE_KEYS = ["penandatangan.kepala_ukpbj.nama", "penandatangan.kepala_ukpbj.nip",
                "penandatangan.kepala_lpse.nama", "penandatangan.admin_agency.nama",
                "penomoran.unit", "kantor.kode_pos", "kantor.laman", "kantor.pos_el", "surat.dasar_sk_pokja"]


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_letters_with_the_shipped_example_config_number_nothing_and_list_every_key(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1), member(2)])
    out = tmp_path / "out"
    code, text = invoke("letters", str(sheet), "--output", str(out), "--date", DATE, "--no-attachments",
                        "--config", str(SHIPPED))
    assert code == 2
    assert "KONFIGURASI_CONTOH" in text and "masih memuat nilai CONTOH" in text
    assert "belum ada surat yang diberi nomor" in text and "sopgen config" in text
    for key in EXAMPLE_KEYS:
        assert f"  - {key}\n" in text
    assert not (out / "register.sqlite").exists()
    assert not list(out.rglob("*.docx"))


def test_the_refusal_leaves_an_existing_register_byte_identical(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1)])
    out = tmp_path / "out"
    code, _ = invoke("letters", str(sheet), "--output", str(out), "--date", DATE, "--no-attachments",
                     "--config", str(CONFIRMED))
    assert code == 0
    before = sha(out / "register.sqlite")
    other = write_members(tmp_path / "usulan2.xlsx", [member(2)])
    code, text = invoke("letters", str(other), "--output", str(out), "--date", DATE, "--no-attachments",
                        "--config", str(SHIPPED))
    assert code == 2 and "KONFIGURASI_CONTOH" in text
    assert sha(out / "register.sqlite") == before


def test_a_confirmed_config_issues_letters_signed_by_its_officials(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1)])
    code, text = invoke("letters", str(sheet), "--output", str(tmp_path / "out"), "--date", DATE,
                        "--no-attachments", "--config", str(CONFIRMED))
    assert code == 0, text
    assert "405.08/2026" in text and "CONTOH" not in text


def test_an_example_in_a_list_or_a_lower_case_word_is_found_too(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace(
        'tembusan = ["', 'tembusan = ["contoh Inspektur", "', 1)
    path = write_confirmed_config(tmp_path / "config.toml", text)
    assert load_config(path).examples == ("surat.tembusan",)


def test_sopgen_config_shows_the_identity_and_exits_1_while_examples_remain(tmp_path: Path) -> None:
    code, text = invoke("config", "--output", str(tmp_path / "out"), "--config", str(SHIPPED))
    assert code == 1
    assert "PEMERINTAH KABUPATEN PONOROGO" in text and "Penanda tangan:" in text
    assert "[KONFIGURASI_CONTOH]" in text
    assert "      penandatangan.kepala_ukpbj.nama\n" in text
    assert not (tmp_path / "out").exists()  # looking at the config writes nothing


def test_sopgen_config_shows_the_next_number_of_each_document(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, text = invoke("check-config", "--output", str(out), "--config", str(CONFIRMED))
    assert code == 0 and "Tidak ada masalah" in text
    assert "Surat Perintah: nomor berikutnya 000.3.5/001/405.08/" in text
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1), member(2)])
    invoke("letters", str(sheet), "--output", str(out), "--no-attachments", "--config", str(CONFIRMED))
    code, text = invoke("config", "--output", str(out), "--config", str(CONFIRMED))
    assert code == 0
    assert "Surat Perintah: nomor berikutnya 000.3.5/002/405.08/" in text
    assert "Berita Acara Serah Terima: nomor berikutnya 000.3.5/003/BA/405.08/" in text
    assert "Drs. Nama Kepala UKPBJ, M.Si." in text and "NIP. 19700101 199503 1 001" in text


def test_a_signatory_nip_that_is_not_18_digits_is_refused_at_load(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace('nip = "CONTOH 19700101 199503 1 001"',
                                                      'nip = "CONTOH 19700101 199503 1 00"', 1)
    code, out = invoke("config", "--config", str(write_confirmed_config(tmp_path / "c.toml", text)))
    assert code == 2
    assert "'penandatangan.kepala_ukpbj.nip' harus NIP 18 digit" in out


def test_make_demo_works_on_the_sample_config_and_a_second_run_says_it_was_issued_before(tmp_path: Path) -> None:
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    demo = [sys.executable, "-m", "sopgen", "demo", "--date", DATE]
    env_cwd = {"cwd": tmp_path, "capture_output": True, "text": True}
    first = subprocess.run(demo, **env_cwd)  # type: ignore[call-overload]
    assert first.returncode == 0, first.stdout + first.stderr
    assert "surat dibuat dan dicatat" in first.stdout and "sudah diterbitkan oleh demo" not in first.stdout
    second = subprocess.run(demo, **env_cwd)  # type: ignore[call-overload]
    assert second.returncode == 0, second.stdout + second.stderr
    assert "sudah diterbitkan oleh demo sebelumnya" in second.stdout
    assert "surat dibuat dan dicatat" not in second.stdout
    assert (tmp_path / "output" / "contoh" / "register.sqlite").exists()
    assert not (tmp_path / "output" / "register.sqlite").exists()  # the real register is untouched
