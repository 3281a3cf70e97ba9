"""A PC whose clock was set back: no letter is numbered under a date before the latest letter of any year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from sopgen import pipeline
from sopgen.cli import cli
from sopgen.register import Register
from tests.configs import CONFIRMED
from tests.members import member, write_members


def letters(sheet: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["letters", str(sheet), "--output", str(out), "--no-attachments",
                                      "--config", str(CONFIRMED), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize("extra", [[], ["--date", "2026-12-30"]], ids=["today", "--date"])
def test_a_clock_set_back_a_year_numbers_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 extra: list[str]) -> None:
    out = tmp_path / "out"
    monkeypatch.setattr(pipeline, "clock_today", lambda: date(2027, 1, 5))
    assert letters(write_members(tmp_path / "januari.xlsx", [member(1)]), out)[0] == 0
    monkeypatch.setattr(pipeline, "clock_today", lambda: date(2026, 12, 30))  # the battery of the clock
    code, text = letters(write_members(tmp_path / "desember.xlsx", [member(2)]), out, *extra)
    assert code == 2, text
    assert "TANGGAL_MUNDUR" in text and "30 Desember 2026" in text and "5 Januari 2027" in text
    assert "periksa tanggal dan jam komputer" in text and "Tidak ada nomor yang terpakai" in text
    with Register(out / "register.sqlite") as register:
        assert [b.year for b in register.batches()] == [2027]
        assert register.counter("serah_terima", 2026) == 0, "2026's counter was never touched"
    assert not (out / "2026").exists()
