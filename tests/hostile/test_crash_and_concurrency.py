"""Killed mid-batch, run four at once, disk full, output read-only: nothing lost, nothing duplicated."""

from __future__ import annotations

import errno
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from sopgen.cli import cli
from sopgen.register import Register
from tests.configs import CONFIRMED
from tests.members import member, write_members

REPO = Path(__file__).resolve().parents[2]
CONFIG = CONFIRMED
KILL_RUNS = 20
MEMBERS_PER_RUN = 200


def letters_cmd(sheet: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "sopgen", "letters", str(sheet), "--output", str(out), "--date",
            "2026-11-24", "--no-attachments", "--config", str(CONFIG)]


def assert_archive_is_whole(out: Path) -> None:
    with Register(out / "register.sqlite") as register:
        assert register.check_numbering() == []
        batches = register.batches()
        for batch in batches:
            from sopgen.archive import verify_batch

            check = verify_batch(out, register, batch)
            assert check.ok, (batch.folder, check.missing, check.changed)
    for docx in out.rglob("*.docx"):
        with zipfile.ZipFile(docx) as z:
            assert z.testzip() is None, docx
            etree.fromstring(z.read("word/document.xml"))  # whole, well-formed XML
    leftovers = [p for p in out.rglob("*") if p.name.startswith(".tmp-")]
    assert leftovers == []


def test_killed_at_random_moments_then_rerun_leaves_a_whole_archive(tmp_path: Path) -> None:
    rng = random.Random(20261124)
    out = tmp_path / "out"
    inputs = {}
    interrupted = 0
    for run in range(KILL_RUNS):
        first = run * MEMBERS_PER_RUN + 1
        sheet = write_members(tmp_path / f"usulan_{run:02d}.xlsx",
                              [member(i) for i in range(first, first + MEMBERS_PER_RUN)])
        inputs[sheet] = sheet.read_bytes()
        proc = subprocess.Popen(letters_cmd(sheet, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.75))
        interrupted += proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        rerun = subprocess.run(letters_cmd(sheet, out), capture_output=True, text=True, timeout=120)
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert interrupted >= KILL_RUNS // 2, "most kills must land while the run is still working"
    assert_archive_is_whole(out)
    with Register(out / "register.sqlite") as register:
        assert len(register.batches()) == KILL_RUNS
        notes = [d for b in register.batches() for d in register.documents(b.id) if d.kind == "serah_terima"]
        assert sorted(d.seq for d in notes) == list(range(1, KILL_RUNS * MEMBERS_PER_RUN + 1))
    for sheet, data in inputs.items():
        assert sheet.read_bytes() == data


def test_four_runs_at_once_share_one_register(tmp_path: Path) -> None:
    out = tmp_path / "out"
    sheets = [write_members(tmp_path / f"{n}.xlsx", [member(100 * n + i) for i in range(1, 31)])
              for n in range(4)]
    procs = [subprocess.Popen(letters_cmd(s, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for s in sheets]
    assert [p.wait(timeout=300) for p in procs] == [0, 0, 0, 0]
    assert_archive_is_whole(out)
    with Register(out / "register.sqlite") as register:
        docs = [d for b in register.batches() for d in register.documents(b.id)]
    assert sorted(d.seq for d in docs if d.kind == "surat_perintah") == [1, 2, 3, 4]
    assert sorted(d.seq for d in docs if d.kind == "serah_terima") == list(range(1, 121))


def run_letters(sheet: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["letters", str(sheet), "--output", str(out), "--date", "2026-11-24",
                                      "--no-attachments", "--config", str(CONFIG), *extra])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_disk_full_mid_batch_uses_no_number_and_leaves_nothing(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import sopgen.writer as writer

    out = tmp_path / "out"
    sheet = write_members(tmp_path / "usulan.xlsx", [member(i) for i in range(1, 6)])
    real = writer.write_file
    calls = {"n": 0}

    def fill_up(path: Path, data: bytes, **kwargs: object) -> str:
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(writer, "write_file", fill_up)
    code, output = run_letters(sheet, out)
    assert code == 2
    output = " ".join(output.split())  # rich wraps lines at the terminal's width
    assert "disk penuh" in output and "Tidak ada nomor surat yang terpakai" in output
    assert list(out.rglob("*.docx")) == []
    assert [p for p in out.rglob("*") if p.name.startswith(".tmp-")] == []
    monkeypatch.setattr(writer, "write_file", real)
    code, _ = run_letters(sheet, out)
    assert code == 0
    with Register(out / "register.sqlite") as register:
        assert [d.seq for d in register.documents(register.latest_batch().id)] == [1, 1, 1, 2, 3, 4, 5]


def test_output_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1)])
    blocked = tmp_path / "out"
    blocked.write_text("a file where the output folder should be")
    code, output = run_letters(sheet, blocked)
    assert code == 2
    unwrapped = output.replace("\n", "")  # the terminal wraps long paths
    assert "Kesalahan" in output and str(blocked) in unwrapped


def test_read_only_output_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sopgen.writer as writer

    def read_only(*args: object, **kwargs: object) -> str:
        raise OSError(errno.EROFS, "Read-only file system")

    out = tmp_path / "out"
    monkeypatch.setattr(writer, "write_file", read_only)
    code, output = run_letters(write_members(tmp_path / "usulan.xlsx", [member(1)]), out)
    assert code == 2 and "hanya-baca" in " ".join(output.split())


def test_a_crash_between_rename_and_commit_is_recorded_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    sheet = write_members(tmp_path / "usulan.xlsx", [member(i) for i in range(1, 4)])

    def power_cut(self: Register, **kwargs: object) -> None:
        raise KeyboardInterrupt  # the folder is in place, the register never commits

    monkeypatch.setattr(Register, "add_batch", power_cut)
    code, _ = run_letters(sheet, out)
    assert code == 130
    assert len(list((out / "2026").iterdir())) == 1  # renamed into place, never registered
    monkeypatch.undo()
    other = write_members(tmp_path / "lain.xlsx", [member(i) for i in range(10, 12)])
    code, output = run_letters(other, out)
    assert code == 0, output
    assert "2026/001_usulan" in output and "belum tercatat" in " ".join(output.split())
    assert not (out / ".tidak-tercatat").exists()
    assert_archive_is_whole(out)
    with Register(out / "register.sqlite") as register:
        first, second = register.batches()
        assert [d.seq for d in register.documents(first.id)] == [1, 1, 1, 2, 3], "the folder's own numbers"
        assert [d.seq for d in register.documents(second.id)] == [2, 2, 4, 5], "never handed out twice"
        assert {s.nip for s in register.steps() if s.batch_id == first.id} == {
            "198001012005011001", "198001012005011002", "198001012005011003"}
    code, output = run_letters(sheet, out)
    assert code == 0 and "sudah diterbitkan" in output, "the crashed sheet is now known"


def test_a_register_restored_from_an_older_backup_never_hands_out_a_number_twice(tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "out"
    assert run_letters(write_members(tmp_path / "a.xlsx", [member(1)]), out)[0] == 0
    backup = tmp_path / "register-lama.sqlite"
    shutil.copy(out / "register.sqlite", backup)
    assert run_letters(write_members(tmp_path / "b.xlsx", [member(2), member(3)]), out)[0] == 0
    (out / "register.sqlite").unlink()
    for wal in out.glob("register.sqlite-*"):
        wal.unlink()
    shutil.copy(backup, out / "register.sqlite")  # the office restores yesterday's backup
    code, output = run_letters(write_members(tmp_path / "c.xlsx", [member(4)]), out)
    assert code == 0, output
    assert_archive_is_whole(out)
    with Register(out / "register.sqlite") as register:
        notes = sorted((d.seq, d.nip) for b in register.batches() for d in register.documents(b.id)
                       if d.kind == "serah_terima")
    assert [seq for seq, _ in notes] == [1, 2, 3, 4]
    assert notes[-1][1] == "198001012005011004"


def test_a_folder_the_register_cannot_take_back_stops_the_run_before_numbering(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_letters(write_members(tmp_path / "a.xlsx", [member(1)]), out)[0] == 0
    stray = out / "2026" / "005_salinan"
    stray.mkdir()
    (stray / "surat.docx").write_bytes(b"not ours")
    code, output = run_letters(write_members(tmp_path / "b.xlsx", [member(2)]), out)
    assert code == 2
    text = " ".join(output.split())
    assert "FOLDER_TIDAK_TERCATAT" in text and "2026/005_salinan" in text and ".tidak-tercatat" in text
    assert stray.is_dir(), "nothing is moved or deleted"
    with Register(out / "register.sqlite") as register:
        assert len(register.batches()) == 1


# --- a batch big enough for every core, stopped by each signal --------------------------------------

PARALLEL_MEMBERS = 420  # with the Surat Perintah and the disposition: above writer.PARALLEL_FROM
RUN_MARK = "SOPGEN_TEST_RUN"  # inherited by every process of a run, so /proc finds its workers


def processes_of(mark: str) -> list[int]:
    """Living processes (zombies are dead) whose environment carries the run's mark."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state not in ("Z", "X") and f"{RUN_MARK}={mark}".encode() in environ:
            found.append(int(entry.name))
    return found


def wait_for(condition: object, limit: float = 60.0) -> bool:
    """Poll until `condition()` holds (a generous limit, never a measure of speed)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return bool(condition())  # type: ignore[operator]


def lock_is_free(out: Path) -> bool:
    import fcntl
    import os

    fd = os.open(out / ".sopgen.lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def stop_while_rendering(sheet: Path, out: Path, sig: int, *, whole_group: bool, delay: float,
                         errors: Path) -> subprocess.Popen[bytes]:
    """Start `letters`, send `sig` once its forked workers render, and wait until the run and every
    process it started are gone (those still alive after a generous wait are killed and named)."""
    import os
    import uuid

    mark = uuid.uuid4().hex
    with errors.open("wb") as sink:
        proc = subprocess.Popen(letters_cmd(sheet, out), stdout=subprocess.DEVNULL, stderr=sink,
                                env={**os.environ, RUN_MARK: mark}, start_new_session=True)
    # The run itself plus at least one forked worker.
    assert wait_for(lambda: len(processes_of(mark)) >= 2 or proc.poll() is not None)
    assert proc.poll() is None, "the batch must still be rendering on the parallel path"
    time.sleep(delay)
    os.killpg(proc.pid, sig) if whole_group else proc.send_signal(sig)
    try:
        proc.wait(timeout=120)
        survivors = [] if wait_for(lambda: processes_of(mark) == []) else processes_of(mark)
    finally:
        for pid in processes_of(mark):  # never leave a failed run's workers behind
            os.kill(pid, signal.SIGKILL)
    assert survivors == [], "processes of the stopped run are still alive"
    return proc


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find the run's processes")
@pytest.mark.parametrize("signame, whole_group", [
    ("SIGKILL", False), ("SIGTERM", False), ("SIGHUP", True), ("SIGINT", True),
])
def test_a_parallel_batch_stopped_by_a_signal_leaves_no_process_lock_or_temporary_folder(
    tmp_path: Path, signame: str, whole_group: bool
) -> None:
    """SIGKILL or SIGTERM to the run, SIGHUP (terminal closed) or SIGINT (Ctrl-C) to its whole process
    group, while the forked workers render: none of the run's processes survives, the output lock is
    free at once, and the next run completes with numbers 1..N and no temporary folder left."""
    from sopgen.writer import PARALLEL_FROM

    assert PARALLEL_MEMBERS + 2 >= PARALLEL_FROM
    sig = getattr(signal, signame)
    rng = random.Random(signame)
    out = tmp_path / "out"
    rounds = 2
    for run in range(rounds):
        first = run * PARALLEL_MEMBERS + 1
        sheet = write_members(tmp_path / f"besar_{run}.xlsx",
                              [member(i) for i in range(first, first + PARALLEL_MEMBERS)])
        errors = tmp_path / f"stderr_{run}.txt"
        proc = stop_while_rendering(sheet, out, sig, whole_group=whole_group, delay=rng.uniform(0, 0.15),
                                    errors=errors)
        assert lock_is_free(out), "the output lock outlived the run"
        message = errors.read_text(encoding="utf-8")
        assert "Traceback" not in message, message
        if sig != signal.SIGKILL and proc.returncode != 0:
            assert proc.returncode == 130, message
            assert "Dihentikan. Tidak ada surat yang setengah jadi tercatat." in message
            assert [p for p in out.rglob("*") if p.name.startswith(".tmp-")] == [], "its own clean-up"
        rerun = subprocess.run(letters_cmd(sheet, out), capture_output=True, text=True, timeout=100)
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert_archive_is_whole(out)  # numbers 1..N (check_numbering), every batch whole, no .tmp- left
    with Register(out / "register.sqlite") as register:
        assert len(register.batches()) == rounds
        notes = [d for b in register.batches() for d in register.documents(b.id) if d.kind == "serah_terima"]
        assert sorted(d.seq for d in notes) == list(range(1, rounds * PARALLEL_MEMBERS + 1))


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find the run's processes")
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice to make PDFs")
@pytest.mark.parametrize("signame", ["SIGKILL", "SIGTERM"])
def test_a_pdf_run_stopped_while_libreoffice_converts_leaves_no_process_or_copy_of_a_note(
    tmp_path: Path, signame: str
) -> None:
    """LibreOffice runs in a process group of its own, which a guard kills when the run dies; its
    scratch folder (PDFs of the handover notes) goes with it, and the next run makes every PDF."""
    import os
    import uuid

    out = tmp_path / "out"
    assert run_letters(write_members(tmp_path / "a.xlsx", [member(i) for i in range(1, 31)]), out)[0] == 0
    scratch_root = tmp_path / "tmp"
    scratch_root.mkdir()
    mark = uuid.uuid4().hex
    env = {**os.environ, RUN_MARK: mark, "TMPDIR": str(scratch_root)}
    pdf_cmd = [sys.executable, "-m", "sopgen", "pdf", "--output", str(out)]
    errors = tmp_path / "stderr.txt"
    with errors.open("wb") as sink:
        proc = subprocess.Popen(pdf_cmd, stdout=subprocess.DEVNULL, stderr=sink, env=env)
    try:
        assert wait_for(lambda: any("soffice.bin" in _command_of(pid) for pid in processes_of(mark))
                        or proc.poll() is not None, limit=120)
        assert proc.poll() is None, "LibreOffice must still be converting"
        proc.send_signal(getattr(signal, signame))
        proc.wait(timeout=120)
        survivors = [] if wait_for(lambda: processes_of(mark) == []) else processes_of(mark)
    finally:
        for pid in processes_of(mark):
            os.kill(pid, signal.SIGKILL)
    assert survivors == [], "LibreOffice outlived the run"
    assert list(scratch_root.iterdir()) == [], "no scratch copy of a note is left"
    assert "Traceback" not in errors.read_text(encoding="utf-8")
    if signame == "SIGTERM":
        assert proc.returncode == 130
    rerun = subprocess.run(pdf_cmd, capture_output=True, text=True, timeout=600,
                           env={**os.environ, "TMPDIR": str(scratch_root)})
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert [p for p in out.rglob("*") if ".tmp" in p.name] == []
    assert subprocess.run([sys.executable, "-m", "sopgen", "verify", "--output", str(out)]).returncode == 0


def _command_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""
