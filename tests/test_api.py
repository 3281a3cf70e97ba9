"""The library works without the CLI: the names a script imports from `sopgen`."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import sopgen
from tests.configs import CONFIRMED
from tests.members import member, write_members

REPO = Path(__file__).resolve().parents[1]


def test_validate_and_issue_through_the_library(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1), member(2, email="salah@")])
    report = sopgen.validate_file(sheet, today=date(2026, 11, 24))
    assert not report.ok
    assert [(p.row, p.field, p.code) for p in report.problems] == [(6, "email", "EMAIL_FORMAT")]

    good = write_members(tmp_path / "baik.xlsx", [member(1), member(2)])
    settings = sopgen.Settings(config=sopgen.load_config(CONFIRMED),
                               output_dir=tmp_path / "out", register_path=tmp_path / "out" / "r.sqlite",
                               when=date(2026, 11, 24))
    outcome = sopgen.issue_letters(good, settings)
    assert outcome.status == "baru"
    assert [d.kind for d in outcome.documents] == ["surat_perintah", "lembar_disposisi",
                                                    "serah_terima", "serah_terima"]
    with sopgen.Register(settings.register_path) as register:
        assert register.check_numbering() == []


def test_unknown_names_are_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        sopgen.no_such_thing  # noqa: B018


def test_importing_sopgen_loads_no_heavy_library() -> None:
    code = ("import sys, sopgen; heavy = {'pandas', 'docxtpl', 'rich', 'openpyxl'} & set(sys.modules); "
            "print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"
