"""Everything the clerk reads from the command line is Indonesian, click's own words included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ENGLISH = ("Usage:", "Options:", "Commands:", "Show this", "No such", "Invalid value", "requires an",
           "Missing", "is not a valid", "[default:", "[required]", "Error:", "Traceback")


def sopgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sopgen", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


@pytest.mark.parametrize(("args", "words"), [
    (["letters", "--date", "24-11-2026"], ["--date", "TAHUN-BULAN-TANGGAL"]),
    (["letters", "--pdff"], ["'--pdff' tidak dikenal", "--pdf"]),
    (["status", "--xlsx"], ["--xlsx harus diikuti nilainya"]),
    (["kirimkan"], ["Perintah 'kirimkan' tidak dikenal", "letters", "kirim"]),
    (["catat", "dua"], ["STEP", "'dua' bukan bilangan bulat"]),
    (["agenda"], ["--xlsx wajib diisi"]),
])
def test_usage_mistakes_are_told_in_indonesian_with_exit_2(tmp_path: Path, args: list[str],
                                                           words: list[str]) -> None:
    proc = sopgen(*args, cwd=tmp_path)
    text = proc.stdout + proc.stderr
    assert proc.returncode == 2, text
    assert "Perintah tidak dapat dijalankan" in text and "--help" in text
    for word in words:
        assert word in text, text
    assert not [e for e in ENGLISH if e in text], text


@pytest.mark.parametrize("command", [[], ["letters"], ["validate"], ["agenda"], ["status"]])
def test_help_is_indonesian(tmp_path: Path, command: list[str]) -> None:
    proc = sopgen(*command, "--help", cwd=tmp_path)
    assert proc.returncode == 0
    assert "Cara pakai: sopgen" in proc.stdout and "Tampilkan bantuan ini lalu keluar." in proc.stdout
    assert not [e for e in ENGLISH if e in proc.stdout], proc.stdout


def test_an_unwritable_target_is_a_plain_message(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sopgen.cli import cli

    blocked = tmp_path / "berkas"
    blocked.write_text("a file where a folder should be")
    result = CliRunner().invoke(cli, ["template", str(blocked / "formulir.xlsx")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "tidak dapat ditulis" in result.output


def test_a_file_problem_no_stage_foresaw_is_still_a_plain_message(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from click.testing import CliRunner

    import sopgen.blank
    from sopgen.cli import cli

    def denied(target: Path) -> bool:
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    monkeypatch.setattr(sopgen.blank, "write_blank_form", denied)
    result = CliRunner().invoke(cli, ["template", str(tmp_path / "formulir.xlsx")])
    assert result.exit_code == 2, result.output
    assert "tidak ada izin" in result.output and "formulir.xlsx" in result.output
    assert not isinstance(result.exception, PermissionError)
