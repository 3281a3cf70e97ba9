"""--register names a file sopgen did not make, an empty one, one from another schema, or one on a disk
that cannot be written: refused without a byte changed, rebuilt with a message, or read as it is."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sopgen.cli import cli
from sopgen.register import SCHEMA, SCHEMA_VERSION, Register
from tests.configs import CONFIRMED
from tests.hostile.test_crash_and_concurrency import run_letters
from tests.members import member, write_members

CONFIG = ["--config", str(CONFIRMED)]


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, " ".join(result.output.split())


def commands(register: Path, out: Path, tmp_path: Path) -> dict[str, list[str]]:
    """Every command that opens the register, with what it needs to get that far."""
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1)])
    reg = ["--register", str(register), "--output", str(out)]
    return {
        "status": ["status", *reg, *CONFIG],
        "status --xlsx": ["status", *reg, *CONFIG, "--xlsx", str(tmp_path / "status.xlsx")],
        "verify": ["verify", *reg],
        "verify --semua": ["verify", "--semua", *reg],
        "agenda": ["agenda", *reg, *CONFIG, "--xlsx", str(tmp_path / "agenda.xlsx")],
        "config": ["config", *reg, *CONFIG],
        "catat": ["catat", "2", "198001012005011001", *reg, *CONFIG],
        "pdf": ["pdf", *reg],
        "archive": ["archive", *reg],
        "letters": ["letters", str(sheet), *reg, *CONFIG, "--no-attachments", "--date", "2026-11-24"],
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def beside(path: Path) -> list[str]:
    """Journal files SQLite would leave beside a database it opened."""
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


def another_programs_database(path: Path, *, wal: bool) -> Path:
    db = sqlite3.connect(path)
    if wal:
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("CREATE TABLE pelanggan (id INTEGER PRIMARY KEY, nama TEXT)")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")  # a common name, not sopgen's
    db.execute("INSERT INTO meta VALUES ('version', '7')")
    db.execute("INSERT INTO pelanggan (nama) VALUES ('Toko Sumber Rejeki')")
    db.commit()
    db.close()
    return path


FOREIGN = {
    "sqlite": lambda p: another_programs_database(p, wal=False),
    "sqlite in WAL mode": lambda p: another_programs_database(p, wal=True),
    "spreadsheet": lambda p: (p.write_bytes(b"PK\x03\x04" + b"\x00" * 400), p)[1],
    "text": lambda p: (p.write_text("catatan pribadi petugas\n" * 50, encoding="utf-8"), p)[1],
}


@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_another_programs_file_is_refused_by_every_command_without_a_byte_changed(tmp_path: Path,
                                                                                  kind: str) -> None:
    register = FOREIGN[kind](tmp_path / "data.sqlite")
    before = sha256(register)
    out = tmp_path / "out"
    for name, args in commands(register, out, tmp_path).items():
        code, output = invoke(*args)
        assert code == 2, (name, output)
        assert "REGISTER_ASING" in output and "tidak mengubahnya" in output, name
        assert str(register) in output.replace(" ", ""), name  # rich may wrap a long path anywhere
        assert sha256(register) == before, name
        assert beside(register) == [], name
    assert not (tmp_path / "status.xlsx").exists() and not (tmp_path / "agenda.xlsx").exists()


def test_a_folder_named_as_the_register_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "register.sqlite"
    folder.mkdir()
    code, output = invoke("status", "--register", str(folder), *CONFIG)
    assert code == 2 and "REGISTER_ASING" in output


def schema_one_register(path: Path) -> Path:
    """A register as sopgen wrote it before the application id and the key fingerprint: one batch."""
    out = path.parent
    run_letters(write_members(out.parent / "lama.xlsx", [member(1), member(2)]), out)
    db = sqlite3.connect(path)
    db.execute("PRAGMA application_id = 0")
    drop_schema_three(db)
    db.execute("ALTER TABLE batches DROP COLUMN key_fingerprint")
    db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    assert "key_fingerprint" in SCHEMA  # the column schema 2 adds
    return path


def drop_schema_three(db: sqlite3.Connection) -> None:
    """What schema 3 adds, taken away: the register of a batch issued before it."""
    for table in ("snapshots", "blobs", "signatories", "issued_members"):
        db.execute(f"DROP TABLE {table}")
    db.execute("ALTER TABLE batches DROP COLUMN parent_id")


def test_a_register_from_before_the_mark_is_read_as_it_is_and_upgraded_by_letters(tmp_path: Path) -> None:
    out = tmp_path / "out"
    register = schema_one_register(out / "register.sqlite")
    before = sha256(register)
    for args in (["status", "--output", str(out), *CONFIG], ["verify", "--semua", "--output", str(out)],
                 ["config", "--output", str(out), *CONFIG]):
        code, output = invoke(*args)
        assert code in (0, 1) and "REGISTER" not in output, output
    assert sha256(register) == before, "reading never upgrades"
    code, output = run_letters(write_members(tmp_path / "baru.xlsx", [member(3)]), out)
    assert code == 0, output
    with Register(register) as reg:
        assert reg.check_numbering() == []
        assert [d.seq for d in reg.documents(reg.latest_batch().id) if d.kind == "serah_terima"] == [3]
    db = sqlite3.connect(register)
    assert db.execute("PRAGMA application_id").fetchone()[0] == 0x534F5047
    assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    db.close()


def test_a_register_of_schema_two_is_read_as_it_is_then_upgraded_and_its_members_reissued(tmp_path: Path) -> None:
    out = tmp_path / "out"
    register = out / "register.sqlite"
    run_letters(write_members(tmp_path / "lama.xlsx", [member(1), member(2)]), out)
    db = sqlite3.connect(register)
    drop_schema_three(db)
    db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    for manifest in out.glob("2026/*/manifest.json"):  # as an older sopgen wrote the folder
        (manifest.parent / "templat.zip").unlink()
        older = json.loads(manifest.read_text(encoding="utf-8"))
        del older["files"]["templat.zip"], older["templat"], older["penandatangan"], older["induk"]
        manifest.write_text(json.dumps(older), encoding="utf-8")
    before = sha256(register)
    agenda = tmp_path / "agenda.xlsx"
    for args in (["status", "--output", str(out), *CONFIG], ["verify", "--semua", "--output", str(out)],
                 ["agenda", "--xlsx", str(agenda), "--output", str(out), *CONFIG],
                 ["validate", str(tmp_path / "lama.xlsx"), "--no-attachments", "--output", str(out), *CONFIG]):
        code, output = invoke(*args)
        assert code == 0 and "REGISTER" not in output and "Traceback" not in output, output
    assert "tidak tercatat" in invoke("status", "--output", str(out), *CONFIG)[1], "no signatories recorded then"
    assert sha256(register) == before, "reading never upgrades"
    changed = write_members(tmp_path / "lama.xlsx", [member(1, email="baru@ponorogo.go.id"), member(2)])
    code, output = run_letters(changed, out)
    assert code == 0 and "DATA_BERUBAH" in output, "an older batch's notes are compared through its input copy"
    code, output = run_letters(changed, out, "--reissue-nip", "198001012005011001")
    assert code == 0, output
    with Register(register) as reg:
        assert reg.check_numbering() == []
        reissue = reg.batch("2026-001-pengganti-1")
        assert reissue is not None and reg.snapshot_parts(reissue.id)
    db = sqlite3.connect(register)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    db.close()


@pytest.mark.parametrize("version, code", [("99", "REGISTER_VERSI_BARU"), ("dua", "REGISTER_SKEMA_TIDAK_DIKENAL"),
                                           (None, "REGISTER_SKEMA_TIDAK_DIKENAL")])
def test_a_register_of_a_newer_or_unknown_schema_is_refused_untouched(tmp_path: Path, version: str | None,
                                                                      code: str) -> None:
    out = tmp_path / "out"
    run_letters(write_members(tmp_path / "a.xlsx", [member(1)]), out)
    register = out / "register.sqlite"
    db = sqlite3.connect(register)
    if version is None:
        db.execute("DELETE FROM meta WHERE key = 'schema_version'")
    else:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
    db.commit()
    db.close()
    before = sha256(register)
    for name, args in commands(register, out, tmp_path).items():
        exit_code, output = invoke(*args)
        assert exit_code == 2 and code in output and "tidak diubah" in output, (name, output)
        assert sha256(register) == before, name
    if version == "99":
        assert "sopgen yang lebih baru" in output and "Perbarui sopgen" in output


def test_an_empty_register_is_refused_by_readers_and_rebuilt_by_letters_with_what_it_lost(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_letters(write_members(tmp_path / "a.xlsx", [member(1), member(2)]), out)
    run_letters(write_members(tmp_path / "b.xlsx", [member(3)]), out)
    assert invoke("catat", "2", "198001012005011001", "--tanggal", "2026-11-24", "--output", str(out),
                  *CONFIG)[0] == 0
    register = out / "register.sqlite"
    register.write_bytes(b"")  # a copy that failed, a disk that lost it
    for args in (["status", "--output", str(out), *CONFIG], ["verify", "--output", str(out)],
                 ["catat", "3", "198001012005011001", "--output", str(out), *CONFIG]):
        code, output = invoke(*args)
        assert code == 2 and "REGISTER_KOSONG" in output and "0 byte" in output, output
        assert register.stat().st_size == 0, "only letters rebuilds it, and says so"
    code, output = run_letters(write_members(tmp_path / "c.xlsx", [member(4)]), out)
    assert code == 0, output
    text = " ".join(output.split())
    assert "REGISTER_DIBANGUN_ULANG" in text and "kosong (0 byte), jadi dibuat baru: 2 batch dicatat ulang" in text
    assert "tidak dapat dipulihkan dari folder: catatan langkah SOP 2 (disposisi), 3 (akun dibuat) dan 4" in text
    with Register(register) as reg:
        assert reg.check_numbering() == []
        assert len(reg.batches()) == 3
        assert [s.step for s in reg.steps() if s.nip == "198001012005011001"] == [1], "step 2 was lost"


def test_a_missing_register_is_rebuilt_with_a_message_and_a_first_run_has_none(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = run_letters(write_members(tmp_path / "a.xlsx", [member(1)]), out)
    assert code == 0 and "REGISTER_DIBANGUN_ULANG" not in output
    (out / "register.sqlite").unlink()
    code, output = run_letters(write_members(tmp_path / "b.xlsx", [member(2)]), out)
    text = " ".join(output.split())
    assert code == 0 and "tidak ada, jadi dibuat baru: 1 batch dicatat ulang" in text


# --- a backup on a disk that cannot be written ---------------------------------------------------------

def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): (sha256(p) if p.is_file() else "dir")
            for p in sorted(folder.rglob("*"))}


def read_only_runner(folder: Path) -> list[str] | None:
    """A command prefix that runs with `folder` truly read-only: a read-only bind mount in a private
    mount namespace (root ignores file modes), or, for another user, the modes themselves."""
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        return []
    if shutil.which("unshare") is None:
        return None
    prefix = ["unshare", "-rm", "sh", "-c", 'mount --bind -o ro "$0" "$0" && exec "$@"', str(folder)]
    probe = subprocess.run([*prefix, "sh", "-c", f'! touch "{folder}/.probe" 2>/dev/null'], capture_output=True)
    (folder / ".probe").unlink(missing_ok=True)
    return prefix if probe.returncode == 0 else None


def test_status_verify_agenda_and_config_read_a_backup_on_a_read_only_disk(tmp_path: Path) -> None:
    backup = tmp_path / "cadangan"
    run_letters(write_members(tmp_path / "a.xlsx", [member(1), member(2)]), backup)
    assert invoke("catat", "2", "198001012005011001", "--tanggal", "2026-11-24", "--output", str(backup),
                  *CONFIG)[0] == 0
    assert sorted(p.name for p in backup.iterdir() if p.name.startswith("register")) == ["register.sqlite"]
    prefix = read_only_runner(backup)
    if prefix is None:
        pytest.skip("no way to make a read-only folder here (root without user namespaces)")
    before = snapshot(backup)
    if prefix == []:
        for p in [backup, *backup.rglob("*")]:
            p.chmod(p.stat().st_mode & ~0o222)
    agenda = tmp_path / "agenda.xlsx"
    base = [sys.executable, "-m", "sopgen"]
    try:
        for args, expected in (
            (["status", "--output", str(backup), *CONFIG], "198001012005011002"),
            (["status", "--json", "--output", str(backup), *CONFIG], '"langkah_selesai": 2'),
            (["verify", "--semua", "--output", str(backup)], "utuh"),
            (["agenda", "--output", str(backup), *CONFIG, "--xlsx", str(agenda)], "ditulis ke"),
            (["config", "--output", str(backup), *CONFIG], "nomor berikutnya"),
        ):
            run = subprocess.run([*prefix, *base, *args], capture_output=True, text=True, timeout=120)
            assert run.returncode == 0, (args, run.stdout, run.stderr)
            assert expected in run.stdout and "Traceback" not in run.stderr, args
    finally:
        if prefix == []:
            for p in [backup, *backup.rglob("*")]:
                p.chmod(p.stat().st_mode | 0o200)
    assert agenda.exists()
    assert snapshot(backup) == before, "nothing written beside the backup, not even a journal"


def test_reading_commands_leave_the_register_and_its_folder_as_they_were(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_letters(write_members(tmp_path / "a.xlsx", [member(1)]), out)
    before = snapshot(out)
    for args in (["status", "--output", str(out), *CONFIG], ["verify", "--semua", "--output", str(out)],
                 ["agenda", "--output", str(out), *CONFIG, "--xlsx", str(tmp_path / "agenda.xlsx")],
                 ["config", "--output", str(out), *CONFIG], ["archive", "--output", str(out)]):
        code, output = invoke(*args)
        assert code == 0, output
        if args[0] == "archive":
            for made in out.glob("2026/*.zip"):
                made.unlink()  # the one file archive is there to write
        assert snapshot(out) == before, f"{args[0]} wrote beside the register"
