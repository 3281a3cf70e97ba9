"""The password key: made once (0600), kept, and never half-written."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from sopgen.errors import OutputError
from sopgen.passwords import KEY_BYTES, KEY_FILE_NAME, derive_password, load_or_create_key

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"


def test_key_is_made_once_private_and_reused(tmp_path: Path) -> None:
    key = load_or_create_key(tmp_path)
    path = tmp_path / KEY_FILE_NAME
    assert len(key) == KEY_BYTES
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(tmp_path) == key
    assert sorted(p.name for p in tmp_path.iterdir()) == [KEY_FILE_NAME], "no temporary file left"


def test_an_empty_key_left_by_a_crash_is_replaced_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE_NAME).write_bytes(b"")
    (tmp_path / f"{KEY_FILE_NAME}.tmp-99999").write_bytes(b"half")
    key = load_or_create_key(tmp_path)
    assert len(key) == KEY_BYTES
    assert (tmp_path / KEY_FILE_NAME).read_bytes() == key
    assert sorted(p.name for p in tmp_path.iterdir()) == [KEY_FILE_NAME]


def test_a_damaged_key_is_refused_never_replaced(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE_NAME).write_bytes(b"x" * 7)
    with pytest.raises(OutputError, match="cadangan"):
        load_or_create_key(tmp_path)
    assert (tmp_path / KEY_FILE_NAME).read_bytes() == b"x" * 7


def test_passwords_are_reproducible_per_batch_and_nip_and_use_the_alphabet() -> None:
    key = b"k" * KEY_BYTES
    first = derive_password(key, "2026-001", "197503152005011002", ALPHABET, 12)
    assert first == derive_password(key, "2026-001", "197503152005011002", ALPHABET, 12)
    assert first != derive_password(key, "2026-002", "197503152005011002", ALPHABET, 12)
    assert len(first) == 12 and set(first) <= set(ALPHABET)
