"""Reruns put back what was lost, exactly, or say why they cannot: never a silent substitute."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.members import member, write_copies, write_members
from tests.test_cli import DATE, issued, run, run_plain

KEY = ".kunci-kata-sandi"


def issue(tmp_path: Path, name: str, members: list[dict], *extra: str) -> tuple[int, str]:
    sheet = write_members(tmp_path / name, members)
    lampiran = write_copies(tmp_path / "lampiran", members)
    return run("letters", str(sheet), "--output", str(tmp_path / "out"), "--date", DATE,
               "--attachments", str(lampiran), *extra)


def batch_folder(tmp_path: Path) -> Path:
    [folder] = [p for p in (tmp_path / "out" / "2026").iterdir() if p.is_dir()]
    return folder


def test_a_lost_password_key_stops_new_letters_until_restored_or_replaced_on_purpose(tmp_path: Path) -> None:
    assert issue(tmp_path, "a.xlsx", [member(1)])[0] == 0
    key = tmp_path / "out" / KEY
    backup = key.read_bytes()
    key.unlink()
    before = issued(tmp_path)
    code, out = issue(tmp_path, "b.xlsx", [member(2)])
    assert code == 2
    assert "KUNCI_HILANG" in out and "cadangan" in out and "--kunci-baru" in out
    assert issued(tmp_path) == before, "no number is taken"
    assert not key.exists(), "the lost key is not silently replaced"
    key.write_bytes(backup)
    assert issue(tmp_path, "b.xlsx", [member(2)])[0] == 0
    key.unlink()
    code, out = issue(tmp_path, "c.xlsx", [member(3)], "--kunci-baru")
    assert code == 0, out
    assert len(key.read_bytes()) == 32 and key.read_bytes() != backup


def test_a_slip_lost_with_its_key_is_named_as_not_restorable_while_its_note_comes_back(tmp_path: Path) -> None:
    members = [member(1), member(2)]
    issue(tmp_path, "a.xlsx", members)
    folder = batch_folder(tmp_path)
    note = sorted((folder / "serah_terima").glob("*.docx"))[0]
    slip = folder / "slip_kata_sandi" / note.name
    sp = next(folder.glob("01_*.docx"))
    originals = {p: p.read_bytes() for p in (note, sp)}
    for lost in (note, slip, sp, tmp_path / "out" / KEY):
        lost.unlink()
    code, out = issue(tmp_path, "a.xlsx", members)
    assert code == 2
    assert "Tidak dapat dibuat ulang" in out and slip.name in out and "cadangan" in out
    assert {p: p.read_bytes() for p in (note, sp)} == originals, "the note holds no password: it comes back"
    assert not slip.exists() and not (tmp_path / "out" / KEY).exists()


def test_a_deleted_slip_is_made_again_byte_for_byte(tmp_path: Path) -> None:
    issue(tmp_path, "a.xlsx", [member(1), member(2)])
    folder = batch_folder(tmp_path)
    slip = sorted((folder / "slip_kata_sandi").glob("*.docx"))[1]
    original = slip.read_bytes()
    slip.unlink()
    code, out = issue(tmp_path, "a.xlsx", [member(1), member(2)])
    assert code == 0, out
    assert "Dibuat ulang" in out and slip.name in " ".join(out.split())
    assert slip.read_bytes() == original and slip.stat().st_mode & 0o777 == 0o600
    code, out = run_plain("verify", "--output", str(tmp_path / "out"))
    assert code == 0 and "utuh" in out, out


def test_a_deleted_batch_folder_is_rebuilt_until_it_verifies_and_archives(tmp_path: Path) -> None:
    members = [member(1), member(2)]
    issue(tmp_path, "usulan.xlsx", members)
    folder = batch_folder(tmp_path)
    originals = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*")
                 if p.is_file() and p.name != "manifest.json"}
    shutil.rmtree(folder)
    code, out = run("letters", str(tmp_path / "usulan.xlsx"), "--output", str(tmp_path / "out"),
                    "--date", DATE, "--attachments", str(tmp_path / "lampiran"))  # the same file again
    assert code == 0, out
    assert "manifest.json" in out
    rebuilt = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*")
               if p.is_file() and p.name != "manifest.json"}
    assert rebuilt == originals
    code, out = run_plain("verify", "--output", str(tmp_path / "out"))
    assert code == 0 and "utuh" in out, out
    code, out = run_plain("archive", "--output", str(tmp_path / "out"))
    assert code == 0, out


def test_a_deleted_input_copy_is_put_back_only_with_the_recorded_bytes(tmp_path: Path) -> None:
    members = [member(1)]
    issue(tmp_path, "usulan.xlsx", members)
    folder = batch_folder(tmp_path)
    copy = folder / "masukan" / "usulan.xlsx"
    original = copy.read_bytes()
    copy.unlink()
    code, out = run("letters", str(tmp_path / "usulan.xlsx"), "--output", str(tmp_path / "out"),
                    "--date", DATE, "--attachments", str(tmp_path / "lampiran"))
    assert code == 0, out
    assert copy.read_bytes() == original
    copy.unlink()
    resaved = write_members(tmp_path / "usulan.xlsx", members, title=False)  # same data, other bytes
    code, out = run("letters", str(resaved), "--output", str(tmp_path / "out"), "--date", DATE,
                    "--attachments", str(tmp_path / "lampiran"))
    assert code == 0 and "sudah diterbitkan" in out
    assert not copy.exists(), "other bytes than the manifest's are not passed off as the original"
    code, out = run_plain("verify", "--output", str(tmp_path / "out"))
    assert code == 1 and "HILANG" in out and "masukan/usulan.xlsx" in out


def test_a_sheet_saved_again_while_letters_run_is_not_archived_as_validated(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sopgen import pipeline

    sheet = write_members(tmp_path / "usulan.xlsx", [member(1)])
    real = pipeline.validate_file

    def validate_then_clerk_saves(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        write_members(sheet, [member(1), member(2)])  # Excel saves a changed sheet meanwhile
        return result

    monkeypatch.setattr(pipeline, "validate_file", validate_then_clerk_saves)
    code, out = run("letters", str(sheet), "--output", str(tmp_path / "out"), "--date", DATE,
                    "--no-attachments")
    assert code == 2
    assert "berubah selagi sopgen bekerja" in " ".join(out.split())
    assert issued(tmp_path) == []
    assert not list((tmp_path / "out").rglob("*.docx"))


def test_letters_removes_the_marked_copy_once_the_sheet_is_fixed(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1, email="salah@")])
    code, _ = run("letters", str(sheet), "--output", str(tmp_path / "out"), "--date", DATE, "--no-attachments")
    assert code == 1
    [copy] = (tmp_path / "out" / "laporan").glob("*.xlsx")
    write_members(sheet, [member(1)])
    code, out = run("letters", str(sheet), "--output", str(tmp_path / "out"), "--date", DATE, "--no-attachments")
    assert code == 0, out
    assert not copy.exists(), "no report left showing errors that are gone"
