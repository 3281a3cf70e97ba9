"""Files are written on a thread while the next ones render: a failing disk still stops the batch whole."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import sopgen.pipeline.folder  # noqa: F401 - bound to the real write_file before the test swaps it
import sopgen.writer
from tests.members import member, write_members
from tests.test_cli import issued, letters


@pytest.mark.parametrize("members", [3, 250])  # one process; every core (a worker's disk filling up)
def test_a_disk_that_fills_up_midway_numbers_nothing_and_leaves_no_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, members: int) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(i) for i in range(1, members + 1)])
    real_write = sopgen.writer.write_file
    written: list[Path] = []

    def filling_up(path: Path, data: bytes, **kwargs: bool) -> str:
        if len(written) >= 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        written.append(path)
        return real_write(path, data, **kwargs)

    monkeypatch.setattr(sopgen.writer, "write_file", filling_up)
    code, output = letters(tmp_path, sheet)
    assert code != 0
    assert "Surat tidak dapat ditulis" in output and "Tidak ada nomor surat yang terpakai" in output
    out = tmp_path / "out"
    assert not list(out.glob("2026/*")), "neither the batch folder nor its temporary folder is left"
    assert not (out / "register.sqlite").exists() or issued(tmp_path) == []
    monkeypatch.setattr(sopgen.writer, "write_file", real_write)
    code, output = letters(tmp_path, sheet)
    assert code == 0, output
    assert [seq for kind, seq, _, _ in issued(tmp_path) if kind == "surat_perintah"] == [1]
