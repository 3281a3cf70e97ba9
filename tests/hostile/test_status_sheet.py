"""The status sheet as a clerk really returns it: any content in any cell is a message naming the cell
(catat --dari, exit 1, nothing recorded), and exports never overwrite work (status/agenda --xlsx)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from datetime import date, datetime, time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from sopgen.cli import cli
from tests.configs import CONFIRMED
from tests.conftest import replace_cells
from tests.hostile.test_crash_and_concurrency import run_letters
from tests.members import member, write_members

NIP_1 = "198001012005011001"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--config", str(CONFIRMED)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args[0]} crashed: {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output
    return result.exit_code, " ".join(result.output.split())


def issued(tmp_path: Path, count: int = 2) -> Path:
    out = tmp_path / "out"
    code, output = run_letters(write_members(tmp_path / "usulan.xlsx", [member(i) for i in range(1, count + 1)]), out)
    assert code == 0, output
    return out


def export(out: Path, target: Path) -> tuple[int, str]:
    return run("status", "--xlsx", str(target), "--output", str(out), "--date", "2026-11-25")


def fill(sheet: Path, cells: dict[str, object]) -> Path:
    wb = load_workbook(sheet)
    for ref, value in cells.items():
        wb.active[ref] = value
    wb.save(sheet)
    return sheet


def steps_recorded(out: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(out / "register.sqlite") as db:
        return db.execute("SELECT nip, step FROM steps WHERE step > 1 ORDER BY nip, step").fetchall()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An issued batch and a pristine status sheet of it (row 3 is the first member)."""
    root = tmp_path_factory.mktemp("status")
    out = issued(root)
    sheet = root / "status.xlsx"
    assert export(out, sheet)[0] == 0
    return out, sheet


def read_back(batch: tuple[Path, Path], tmp_path: Path, cells: dict[str, object]) -> tuple[int, str]:
    out, pristine = batch
    sheet = fill(Path(shutil.copy(pristine, tmp_path / "diisi.xlsx")), cells)
    before = steps_recorded(out)
    code, text = run("catat", "--dari", str(sheet), "--output", str(out))
    if code != 0:
        assert steps_recorded(out) == before, "a refused sheet records nothing"
    return code, text


BAD_CELLS = [
    ({"J3": "²"}, "sel J3 (Langkah selesai (isi 2/3/4))", "'²' bukan langkah"),
    ({"J3": "3²"}, "sel J3", "'3²' bukan langkah"),
    ({"J3": "9" * 5000}, "sel J3", "(5000 karakter)"),
    ({"J3": 3.5}, "sel J3", "'3.5' bukan langkah"),
    ({"J3": True}, "sel J3", "bukan langkah"),
    ({"J3": -2}, "sel J3", "'-2' bukan langkah"),
    ({"J3": 2, "K3": "kemarin"}, "sel K3 (Tanggal selesai (YYYY-MM-DD))", "'kemarin' bukan tanggal"),
    ({"J3": 2, "K3": "2026-11-31"}, "sel K3", "'2026-11-31' bukan tanggal"),
    ({"J3": 2, "K3": "²⁰²⁶-¹¹-²⁵"}, "sel K3", "bukan tanggal"),
    ({"J3": 2, "K3": 46351}, "sel K3", "'46351' bukan tanggal"),
    ({"J3": 2, "K3": time(10, 30)}, "sel K3", "'10:30:00' bukan tanggal"),
    ({"J3": 2, "K3": "x" * 30_000}, "sel K3", "(30000 karakter)"),  # Excel's cells hold up to 32,767
    ({"J3": 2, "K3": date(2027, 1, 5)}, "sel K3", "belum tiba"),
    ({"J3": 2, "L3": 12345}, "sel L3 (Oleh)", "'12345' bukan nama petugas"),
    ({"J3": 2, "L3": "Kepala " * 100}, "sel L3", "bukan nama petugas"),
    ({"J3": 2, "A3": 198001012005011001}, "sel A3 (NIP)", "NIP tersimpan sebagai angka"),
    ({"J3": 2, "A3": "x" * 20_000}, "sel A3", "(20000 karakter)"),
    ({"K3": "2026-11-25"}, "sel J3", "tanggal diisi tetapi langkah kosong"),
]


@pytest.mark.parametrize("cells, where, why", BAD_CELLS, ids=[str(i) for i in range(len(BAD_CELLS))])
def test_any_bad_cell_is_a_message_naming_the_cell(batch: tuple[Path, Path], tmp_path: Path,
                                                   cells: dict[str, object], where: str, why: str) -> None:
    code, text = read_back(batch, tmp_path, cells)
    assert code == 1, text
    assert f"diisi.xlsx {where}" in text and why in text, text
    assert "Tidak ada langkah yang dicatat" in text
    assert len(text) < 3000, "a huge cell is quoted cut short"


def test_error_values_and_formulas_without_a_value_are_named(batch: tuple[Path, Path], tmp_path: Path) -> None:
    out, pristine = batch
    sheet = fill(Path(shutil.copy(pristine, tmp_path / "diisi.xlsx")), {"J3": 2, "K3": "x", "J4": 3, "K4": "x"})
    replace_cells(sheet, {"K3": '<c r="K3" t="e"><v>#DIV/0!</v></c>', "J4": '<c r="J4"><f>1/0</f></c>'})
    code, text = run("catat", "--dari", str(sheet), "--output", str(out))
    assert code == 1, text
    assert "sel K3" in text and "'#DIV/0!' bukan tanggal" in text
    assert "sel J4" in text and "tanggal diisi tetapi langkah kosong" in text


CELL_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.sampled_from(["2", "３", "²", "4.0", "2026-11-25", "25-11-2026", "25/11/2026", "#N/A", "=1+1", " 3 "]),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
    st.times(),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(nip=CELL_VALUES, step=CELL_VALUES, when=CELL_VALUES, by=CELL_VALUES)
def test_random_cell_contents_are_recorded_or_named_never_a_crash(
    batch: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory, nip: object, step: object,
    when: object, by: object,
) -> None:
    code, text = read_back(batch, tmp_path_factory.mktemp("acak"),
                           {"A3": nip, "J3": step, "K3": when, "L3": by})
    assert code in (0, 1), text
    if code == 1:
        assert "Tidak ada langkah yang dicatat" in text and "diisi.xlsx sel" in text, text


# --- exports never overwrite work -------------------------------------------------------------------

def foreign_workbook(path: Path) -> Path:
    wb = Workbook()
    wb.active.append(["Anggaran 2027", 150_000_000])
    wb.save(path)
    return path


FOREIGN = {
    "another workbook": foreign_workbook,
    "a CSV named .xlsx": lambda p: (p.write_text("nip,nama\n1,Ani\n", encoding="utf-8"), p)[1],
    "a CSV": lambda p: (p.write_text("nip,nama\n1,Ani\n", encoding="utf-8"), p)[1],
}


@pytest.mark.parametrize("kind", sorted(FOREIGN))
@pytest.mark.parametrize("command", ["status", "agenda"])
def test_an_export_never_overwrites_a_file_sopgen_did_not_export(tmp_path: Path, kind: str, command: str) -> None:
    out = issued(tmp_path)
    target = FOREIGN[kind](tmp_path / ("laporan.csv" if kind == "a CSV" else "laporan.xlsx"))
    before = sha256(target)
    args = ["--xlsx", str(target), "--output", str(out)]
    code, text = run(command, *args) if command == "status" else run("agenda", "--tahun", "2026", *args)
    assert code == 2, text
    label = "lembar status" if command == "status" else "Buku Agenda"
    assert "EKSPOR_BUKAN_SOPGEN" in text and f"bukan {label} yang dibuat sopgen" in text, text
    assert str(target) in text.replace(" ", ""), "the file is named"
    assert str(target.with_name(target.stem + "_2" + target.suffix)) in text.replace(" ", ""), "another name"
    assert sha256(target) == before


def both_exports(tmp_path: Path) -> tuple[Path, Path, Path]:
    """An issued batch with its status sheet and its Buku Agenda, as sopgen wrote them."""
    out = issued(tmp_path)
    status = tmp_path / "status.xlsx"
    agenda = tmp_path / "agenda.xlsx"
    assert export(out, status)[0] == 0
    assert run("agenda", "--xlsx", str(agenda), "--output", str(out))[0] == 0
    return out, status, agenda


def test_one_kind_of_export_never_replaces_the_other(tmp_path: Path) -> None:
    out, status, agenda = both_exports(tmp_path)
    before = sha256(status), sha256(agenda)
    code, text = run("agenda", "--xlsx", str(status), "--output", str(out))
    assert code == 2 and "lembar status buatan sopgen, bukan Buku Agenda" in text, text
    code, text = export(out, agenda)
    assert code == 2 and "Buku Agenda buatan sopgen, bukan lembar status" in text, text
    assert (sha256(status), sha256(agenda)) == before


def test_a_status_sheet_with_steps_not_yet_read_back_is_not_overwritten(tmp_path: Path) -> None:
    out = issued(tmp_path)
    sheet = tmp_path / "status.xlsx"
    assert export(out, sheet)[0] == 0
    assert export(out, sheet)[0] == 0, "sopgen's own untouched export is replaced"
    fill(sheet, {"J3": 2, "K3": "2026-11-25", "J4": 3, "K4": "kemarin"})
    before = sha256(sheet)
    code, text = export(out, sheet)
    assert code == 2, text
    assert "STATUS_BELUM_DIBACA" in text and "belum dibaca kembali ke register (sel J3, K4)" in text, text
    assert f"'sopgen catat --dari {sheet}'" in text and "status_2.xlsx" in text
    assert sha256(sheet) == before
    fill(sheet, {"J4": None, "K4": None})
    assert run("catat", "--dari", str(sheet), "--output", str(out))[0] == 0
    code, text = export(out, sheet)
    assert code == 0, "read back: nothing is lost by writing it again"
    assert load_workbook(sheet).active["J3"].value is None


def test_an_export_edited_outside_its_fill_in_columns_is_not_overwritten(tmp_path: Path) -> None:
    out, status, agenda = both_exports(tmp_path)
    fill(status, {"M3": "telepon dulu sebelum diserahkan"})
    fill(agenda, {"I3": "dicabut"})
    for command, target in (("status", status), ("agenda", agenda)):
        before = sha256(target)
        code, text = export(out, target) if command == "status" else run("agenda", "--xlsx", str(target),
                                                                         "--output", str(out))
        assert code == 2 and "EKSPOR_DIUBAH" in text and "sudah diubah sesudah diekspor" in text, text
        assert sha256(target) == before


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice to save the export again")
def test_an_export_saved_again_by_an_office_program_is_still_sopgens_own(tmp_path: Path) -> None:
    out = issued(tmp_path)
    sheet = tmp_path / "status.xlsx"
    assert export(out, sheet)[0] == 0
    resaved = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profil').as_uri()}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(resaved), str(sheet)], capture_output=True, timeout=300,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    shutil.copy(resaved / "status.xlsx", sheet)
    code, text = export(out, sheet)
    assert code == 0, text
