"""Batch folders the register does not know: taken back with their own numbers, or the run stops."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sopgen.register import Register
from tests.hostile.test_crash_and_concurrency import assert_archive_is_whole, run_letters
from tests.members import member, write_members


def crash_before_commit(tmp_path: Path, out: Path, name: str, members: list[dict], *extra: str,
                        monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run letters until its folder is in place, then stop before the register commits."""
    from click.testing import CliRunner

    from sopgen.cli import cli
    from tests.hostile.test_crash_and_concurrency import CONFIG

    def power_cut(self: Register, **kwargs: object) -> None:
        raise KeyboardInterrupt

    sheet = write_members(tmp_path / name, members)
    with monkeypatch.context() as m:
        m.setattr(Register, "add_batch", power_cut)
        result = CliRunner().invoke(cli, ["letters", str(sheet), "--output", str(out), "--date", "2026-11-24",
                                          "--no-attachments", "--config", str(CONFIG), *extra])
    assert result.exit_code == 130, result.output
    return sheet


def numbers(out: Path, kind: str = "serah_terima") -> list[tuple[int, str | None]]:
    with Register(out / "register.sqlite") as register:
        return sorted((d.seq, d.nip) for b in register.batches() for d in register.documents(b.id)
                      if d.kind == kind)


def test_a_letter_edited_in_an_unregistered_folder_keeps_its_number(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    run_letters(write_members(tmp_path / "a.xlsx", [member(1)]), out)
    crash_before_commit(tmp_path, out, "b.xlsx", [member(2), member(3)], monkeypatch=monkeypatch)
    [note] = sorted((out / "2026").glob("002_b/serah_terima/*.docx"))[:1]
    note.write_bytes(note.read_bytes() + b"x")  # Word saved it again
    code, output = run_letters(write_members(tmp_path / "c.xlsx", [member(4)]), out)
    assert code == 0, output
    text = " ".join(output.split())
    assert "2026/002_b" in text and "Hilang atau berubah" in text and note.name in text
    assert [seq for seq, _ in numbers(out)] == [1, 2, 3, 4], "002_b's numbers are never handed out again"


def test_a_reissue_taken_back_replaces_the_earlier_notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    sheet = write_members(tmp_path / "a.xlsx", [member(1)])
    run_letters(sheet, out)
    crash_before_commit(tmp_path, out, "a.xlsx", [member(1)], "--reissue", monkeypatch=monkeypatch)
    assert run_letters(write_members(tmp_path / "b.xlsx", [member(2)]), out)[0] == 0
    with Register(out / "register.sqlite") as register:
        active = register.active_documents_for("198001012005011001", "serah_terima")
    assert [d.seq for d in active] == [2], "only the reissued note is active"


def test_a_reissue_of_one_member_cut_off_before_its_commit_is_taken_back_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    run_letters(write_members(tmp_path / "a.xlsx", [member(1), member(2)]), out)
    changed = [member(1, telepon="0813-9999-0001"), member(2)]
    crash_before_commit(tmp_path, out, "a.xlsx", changed, "--reissue-nip", "198001012005011001",
                        monkeypatch=monkeypatch)
    [folder] = (out / "2026").glob("001_a_pengganti_1")
    with Register(out / "register.sqlite") as register:
        assert [b.folder for b in register.batches()] == ["2026/001_a"], "nothing of the reissue was recorded"
    code, output = run_letters(write_members(tmp_path / "b.xlsx", [member(3)]), out)
    assert code == 0, output
    assert "2026/001_a_pengganti_1" in " ".join(output.split())
    with Register(out / "register.sqlite") as register:
        reissue = register.batch("2026-001-pengganti-1")
        assert reissue is not None and reissue.parent_id == register.batch("2026-001").id
        [note] = register.active_documents_for("198001012005011001", "serah_terima")
        assert note.batch_id == reissue.id and note.seq == 3, "its number is never handed out again"
        assert register.check_numbering() == []
        assert register.snapshot_parts(reissue.id), "what it was issued under comes back with it"
    (folder / "serah_terima" / Path(note.file).name).unlink()
    code, output = run_letters(write_members(tmp_path / "a.xlsx", changed), out)
    assert code == 0 and "Dibuat ulang (sama persis)" in output, output
    assert invoke_verify(out) == 0


def test_a_reissue_folder_whose_surat_perintah_is_gone_is_refused_clearly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_letters(write_members(tmp_path / "a.xlsx", [member(1)]), out)
    changed = write_members(tmp_path / "a.xlsx", [member(1, telepon="0813-9999-0001")])
    assert run_letters(changed, out, "--reissue-nip", "198001012005011001")[0] == 0
    shutil.rmtree(out / "2026" / "001_a")
    (out / "register.sqlite").unlink()  # lost, with no backup: rebuilt from the folders that are left
    code, output = run_letters(write_members(tmp_path / "b.xlsx", [member(2)]), out)
    text = " ".join(output.split())
    assert code == 2 and "FOLDER_TIDAK_TERCATAT" in text and "2026/001_a_pengganti_1" in text
    assert "batch 2026-001" in text and "Tidak ada nomor yang terpakai" in text
    assert (out / "2026" / "001_a_pengganti_1" / "manifest.json").exists(), "nothing is moved or deleted"


def invoke_verify(out: Path) -> int:
    from click.testing import CliRunner

    from sopgen.cli import cli

    return CliRunner().invoke(cli, ["verify", "--semua", "--output", str(out)]).exit_code


def test_an_archive_zip_without_its_folder_stops_the_run(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sopgen.cli import cli

    out = tmp_path / "out"
    run_letters(write_members(tmp_path / "a.xlsx", [member(1)]), out)
    backup = tmp_path / "register.sqlite"
    shutil.copy(out / "register.sqlite", backup)
    run_letters(write_members(tmp_path / "b.xlsx", [member(2)]), out)
    assert CliRunner().invoke(cli, ["archive", "--output", str(out)]).exit_code == 0
    shutil.rmtree(out / "2026" / "002_b")
    shutil.copy(backup, out / "register.sqlite")
    code, output = run_letters(write_members(tmp_path / "c.xlsx", [member(3)]), out)
    assert code == 2
    text = " ".join(output.split())
    assert "FOLDER_TIDAK_TERCATAT" in text and "Ekstrak 002_b.zip" in text
    assert [seq for seq, _ in numbers(out)] == [1]


def test_a_folder_made_by_another_register_is_not_taken_over(tmp_path: Path) -> None:
    out, other = tmp_path / "out", tmp_path / "lain"
    run_letters(write_members(tmp_path / "a.xlsx", [member(1)]), out)
    run_letters(write_members(tmp_path / "b.xlsx", [member(2)]), other)  # a register with its own batch
    (out / "register.sqlite").unlink()
    shutil.copy(other / "register.sqlite", out / "register.sqlite")
    code, output = run_letters(write_members(tmp_path / "c.xlsx", [member(3)]), out)
    assert code == 2
    assert "register lain" in " ".join(output.split())


def test_a_lost_register_is_rebuilt_from_the_batch_folders(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_letters(write_members(tmp_path / "a.xlsx", [member(1), member(2)]), out)
    (out / "register.sqlite").unlink()  # lost, and no backup
    code, output = run_letters(write_members(tmp_path / "b.xlsx", [member(3)]), out)
    assert code == 0, output
    assert [seq for seq, _ in numbers(out)] == [1, 2, 3]


def test_a_copied_batch_folder_is_refused_as_a_copy(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_letters(write_members(tmp_path / "a.xlsx", [member(1)]), out)
    shutil.copytree(out / "2026" / "001_a", out / "2026" / "001_a - Copy")
    code, output = run_letters(write_members(tmp_path / "b.xlsx", [member(2)]), out)
    assert code == 2
    text = " ".join(output.split())
    assert "sudah tercatat untuk batch lain" in text and ".tidak-tercatat" in text


def test_a_live_runs_temporary_folder_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_letters(write_members(tmp_path / "a.xlsx", [member(1)]), out)
    other = subprocess.Popen(["sleep", "30"])
    try:
        live = out / "2026" / f".tmp-002_x-{other.pid}"
        live.mkdir()
        dead = out / "2026" / ".tmp-003_y-999999999"
        dead.mkdir()
        assert run_letters(write_members(tmp_path / "b.xlsx", [member(2)]), out)[0] == 0
        assert live.is_dir(), "another sopgen may be writing it"
        assert not dead.exists()
    finally:
        other.kill()
        other.wait()


def test_the_register_file_alone_is_the_whole_register_after_a_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_letters(write_members(tmp_path / "a.xlsx", [member(1)]), out)
    wal = out / "register.sqlite-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    backup = tmp_path / "only.sqlite"
    shutil.copy(out / "register.sqlite", backup)
    with Register(backup) as register:
        assert len(register.batches()) == 1
    assert_archive_is_whole(out)


def test_runs_with_different_registers_on_one_output_take_turns(tmp_path: Path) -> None:
    import fcntl
    import os
    import time

    from tests.hostile.test_crash_and_concurrency import letters_cmd

    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / ".sopgen.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another sopgen, with another register, is writing here
    sheet = write_members(tmp_path / "a.xlsx", [member(1)])
    cmd = [*letters_cmd(sheet, out), "--register", str(tmp_path / "lain.sqlite")]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(3)
        assert proc.poll() is None and not list(out.rglob("*.docx")), "it waits its turn"
    finally:
        os.close(fd)
    assert proc.wait(timeout=120) == 0
    assert len(list(out.rglob("*.docx"))) == 4  # Surat Perintah, Lembar Disposisi, the note and its slip


def test_archiving_a_batch_whose_sheet_name_has_a_dot_leaves_later_runs_alone(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sopgen.cli import cli

    out = tmp_path / "out"
    run_letters(write_members(tmp_path / "usulan 24.11.2026.xlsx", [member(1)]), out)
    assert CliRunner().invoke(cli, ["archive", "--output", str(out)]).exit_code == 0
    assert [p.name for p in (out / "2026").glob("*.zip")] == ["001_usulan_24.11.2026.zip"]
    code, output = run_letters(write_members(tmp_path / "b.xlsx", [member(2)]), out)
    assert code == 0, output


def test_a_manifest_without_its_letters_is_refused_not_recorded(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    out = tmp_path / "out"
    run_letters(write_members(tmp_path / "a.xlsx", [member(1)]), out)
    crash_before_commit(tmp_path, out, "b.xlsx", [member(2)], monkeypatch=monkeypatch)
    manifest = out / "2026" / "002_b" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["documents"] = []
    manifest.write_text(json.dumps(data), encoding="utf-8")
    code, output = run_letters(write_members(tmp_path / "c.xlsx", [member(3)]), out)
    assert code == 2
    text = " ".join(output.split())
    assert "FOLDER_TIDAK_TERCATAT" in text and "satu Surat Perintah" in text
    with Register(out / "register.sqlite") as register:
        assert len(register.batches()) == 1


def test_a_half_written_copy_left_by_a_killed_restore_is_swept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    sheet = write_members(tmp_path / "a.xlsx", [member(1)])
    run_letters(sheet, out)
    notes = out / "2026" / "001_a" / "serah_terima"
    dead = notes / ".001_x.docx.tmp-999999999"  # a killed run's half copy of a note
    dead.write_bytes(b"half a note")
    assert run_letters(sheet, out)[0] == 0
    assert not dead.exists()


def test_closing_the_register_never_waits_for_another_runs_write(tmp_path: Path) -> None:
    import time

    out = tmp_path / "out"
    run_letters(write_members(tmp_path / "a.xlsx", [member(1)]), out)
    with Register(out / "register.sqlite") as writer, writer.writing():
        started = time.monotonic()
        Register(out / "register.sqlite").close()  # e.g. 'sopgen status' while letters are made
        assert time.monotonic() - started < 5
