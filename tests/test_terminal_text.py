"""What the clerk reads in the terminal is what is on disk: square brackets in a file name or a
member's name (browser downloads are named 'usulan[1].xlsx') are printed, never eaten as markup."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.configs import CONFIRMED
from tests.members import member, write_members


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sopgen", *args, "--config", str(CONFIRMED)],
                          capture_output=True, text=True, cwd=cwd, env={**os.environ, "COLUMNS": "200"})


def test_brackets_in_the_file_name_and_a_name_are_printed_as_they_are(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan [final].xlsx", [member(1, nama="Budi [Tim 2] Santoso, S.T."),
                                                             member(2)])
    args = ("letters", str(sheet), "--output", "out", "--date", "2026-11-24", "--no-attachments")
    first = run(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "out/2026/001_usulan_[final]/" in first.stdout
    assert "Budi [Tim 2] Santoso, S.T." in first.stdout
    again = run(*args, cwd=tmp_path)
    assert "usulan [final].xlsx: data ini sudah diterbitkan" in again.stdout
    assert "folder out/2026/001_usulan_[final])" in " ".join(again.stdout.split())  # wherever the line wraps
