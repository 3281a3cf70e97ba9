"""The register: numbers per kind and year, never skipped or reused, across processes."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from sopgen.errors import RegisterError
from sopgen.register import Register

DAY = date(2026, 11, 24)


def issue(reg: Register, kind: str, year: int, count: int, *, shared: bool = False, key: str = "") -> list[int]:
    with reg.writing():
        seqs = reg.allocate(kind, year, count, shared_counter=shared)
        batch = reg.add_batch(key=key or f"{kind}-{year}-{seqs[0]}", input_name="a.xlsx", data_hash=key or "h",
                              issued_on=DAY, year=year, folder=f"{year}/{kind}-{seqs[0]}")
        reg.add_documents([dict(batch_id=batch.id, kind=kind, year=year, seq=s, number=f"{s:03d}/{year}",
                                nip=None, file=f"f{s}", sha256="0", issued_on=DAY) for s in seqs])
    return seqs


def test_numbers_are_contiguous_per_kind_and_restart_each_year(tmp_path: Path) -> None:
    with Register(tmp_path / "r.sqlite") as reg:
        assert issue(reg, "surat_perintah", 2026, 1) == [1]
        assert issue(reg, "serah_terima", 2026, 3) == [1, 2, 3]
        assert issue(reg, "serah_terima", 2026, 2) == [4, 5]
        assert issue(reg, "serah_terima", 2027, 1) == [1]
        assert reg.check_numbering() == []


def test_shared_counter_numbers_every_kind_in_one_sequence(tmp_path: Path) -> None:
    with Register(tmp_path / "r.sqlite") as reg:
        assert issue(reg, "surat_perintah", 2026, 1, shared=True) == [1]
        assert issue(reg, "serah_terima", 2026, 2, shared=True) == [2, 3]


def test_switching_the_counter_mid_year_is_refused_before_any_number_is_taken(tmp_path: Path) -> None:
    with Register(tmp_path / "r.sqlite") as reg:
        issue(reg, "serah_terima", 2026, 2)
        with pytest.raises(RegisterError, match="pencacah") as refused:
            issue(reg, "serah_terima", 2026, 1, shared=True)
        assert refused.value.code == "PENCACAH_BERUBAH" and "per_jenis" in refused.value.message
        assert issue(reg, "serah_terima", 2027, 1, shared=True) == [1], "a new year may start a new counter"
        assert issue(reg, "serah_terima", 2026, 1) == [3]
        assert reg.check_numbering() == []


def test_a_failed_batch_leaves_no_gap(tmp_path: Path) -> None:
    with Register(tmp_path / "r.sqlite") as reg:
        issue(reg, "serah_terima", 2026, 2)
        with pytest.raises(RuntimeError), reg.writing():
            reg.allocate("serah_terima", 2026, 5, shared_counter=False)
            raise RuntimeError("crash while rendering")
        assert issue(reg, "serah_terima", 2026, 1) == [3]
        assert reg.check_numbering() == []


def test_a_number_can_never_be_stored_twice(tmp_path: Path) -> None:
    with Register(tmp_path / "r.sqlite") as reg:
        issue(reg, "serah_terima", 2026, 1)
        with pytest.raises(RegisterError, match="ganda"), reg.writing():
            batch = reg.add_batch(key="x", input_name="b", data_hash="x", issued_on=DAY, year=2026, folder="x")
            reg.add_documents([dict(batch_id=batch.id, kind="serah_terima", year=2026, seq=1, number="001",
                                    nip=None, file="g", sha256="0", issued_on=DAY)])


def test_check_numbering_finds_a_gap(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    with Register(path) as reg:
        issue(reg, "serah_terima", 2026, 3)
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM documents WHERE seq = 2")
    with Register(path) as reg:
        assert reg.check_numbering() == ["serah_terima 2026: nomor urut terlewat [2]"]


def test_lookups_and_supersede(tmp_path: Path) -> None:
    with Register(tmp_path / "r.sqlite") as reg:
        with reg.writing():
            [seq] = reg.allocate("surat_perintah", 2026, 1, shared_counter=False)
            batch = reg.add_batch(key="2026-001", input_name="a.xlsx", data_hash="abc", issued_on=DAY,
                                  year=2026, folder="2026/001_a")
            doc = reg.add_document(batch_id=batch.id, kind="surat_perintah", year=2026, seq=seq,
                                   number="800/001/2026", nip="198001012005011001", file="f", sha256="0",
                                   issued_on=DAY)
        assert reg.batch_by_hash("abc") == batch
        assert reg.batch("2026-001") == reg.batch("800/001/2026") == reg.batch("001_a") == batch
        assert reg.latest_batch() == batch
        assert reg.active_documents_for("198001012005011001") == [doc]
        with reg.writing():
            reg.supersede([doc.id], batch.id)
        assert reg.active_documents_for("198001012005011001") == []


def test_a_file_that_is_not_a_register_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    path.write_bytes(b"this is the clerk's own file, not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(RegisterError, match="bukan register"):
        Register(path)
    assert path.read_bytes() == before


def test_an_unwritable_place_is_a_register_error_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "output"
    blocker.write_text("a file where the output folder should be")  # even root cannot write here
    with pytest.raises(RegisterError, match="output"):
        Register(blocker / "register.sqlite")


def _allocate_many(path: str, rounds: int) -> list[int]:
    got = []
    with Register(Path(path)) as reg:
        for _ in range(rounds):
            with reg.writing():
                got += reg.allocate("serah_terima", 2026, 3, shared_counter=False)
    return got


def test_four_processes_get_distinct_contiguous_numbers(tmp_path: Path) -> None:
    path = str(tmp_path / "r.sqlite")
    Register(Path(path)).close()
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.starmap(_allocate_many, [(path, 25)] * 4)
    numbers = sorted(n for r in results for n in r)
    assert numbers == list(range(1, 301))


def _open_new_and_allocate(path: str) -> str:
    try:
        with Register(Path(path)) as reg, reg.writing():
            reg.allocate("serah_terima", 2026, 1, shared_counter=False)
        return "ok"
    except RegisterError as exc:
        return exc.message


def test_runs_that_create_the_register_at_the_same_moment_all_succeed(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    for attempt in range(25):  # the race (switching a new file to WAL) needs a few tries to show
        path = str(tmp_path / f"r{attempt}.sqlite")
        with ctx.Pool(3) as pool:
            assert pool.map(_open_new_and_allocate, [path] * 3) == ["ok"] * 3
        with Register(Path(path)) as reg:
            assert reg.counter("serah_terima", 2026) == 3
