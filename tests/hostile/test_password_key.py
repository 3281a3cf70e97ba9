"""The password key beside the register: another key is named as such (KUNCI_BERBEDA), never blamed on the
templates; a key others can read is set back to 0600 with a warning; the register keeps only a fingerprint."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

import pytest

from sopgen.passwords import KEY_FILE_NAME
from sopgen.register import Register
from tests.hostile.test_crash_and_concurrency import run_letters
from tests.members import member, write_members


def one_line(output: str) -> str:
    return " ".join(output.split())


def issued(tmp_path: Path) -> tuple[Path, Path, bytes]:
    out = tmp_path / "out"
    sheet = write_members(tmp_path / "a.xlsx", [member(1), member(2)])
    code, output = run_letters(sheet, out)
    assert code == 0, output
    return out, sheet, (out / KEY_FILE_NAME).read_bytes()


def slips(out: Path) -> list[Path]:
    """The Slips Kata Sandi: the only papers whose passwords need the key to be made again."""
    return sorted(out.glob("2026/*/slip_kata_sandi/*.docx"))


def test_another_key_is_named_when_a_slip_cannot_be_made_again(tmp_path: Path) -> None:
    out, sheet, key = issued(tmp_path)
    slip = slips(out)[0]
    original = slip.read_bytes()
    slip.unlink()
    [sp] = out.glob("2026/*/01_surat_perintah_*.docx")
    note = sorted(out.glob("2026/*/serah_terima/*.docx"))[0]
    sp.unlink()
    note.unlink()
    (out / KEY_FILE_NAME).write_bytes(secrets.token_bytes(32))  # another office's key, or a new one
    code, output = run_letters(sheet, out)
    text = one_line(output)
    assert code == 2, text
    assert "KUNCI_BERBEDA" in text and "bukan kunci yang dipakai untuk slip kata sandi di register ini" in text
    assert "templat" not in text, "the templates are not blamed"
    assert sp.exists() and note.exists(), "what the key does not touch (the note has no password) is made again"
    assert not slip.exists()
    (out / KEY_FILE_NAME).write_bytes(key)
    assert run_letters(sheet, out)[0] == 0
    assert slip.read_bytes() == original, "the right key makes it again byte for byte"


def test_another_key_numbers_nothing_until_restored_or_replaced_on_purpose(tmp_path: Path) -> None:
    out, _, key = issued(tmp_path)
    (out / KEY_FILE_NAME).write_bytes(secrets.token_bytes(32))
    code, output = run_letters(write_members(tmp_path / "b.xlsx", [member(3)]), out)
    text = one_line(output)
    assert code == 2 and "KUNCI_BERBEDA" in text and "--kunci-baru" in text, text
    with Register(out / "register.sqlite") as register:
        assert len(register.batches()) == 1 and register.counter("serah_terima", 2026) == 2
    code, output = run_letters(write_members(tmp_path / "b.xlsx", [member(3)]), out, "--kunci-baru")
    assert code == 0, output
    with Register(out / "register.sqlite") as register:
        first, second = register.batches()
        assert first.key_fingerprint != second.key_fingerprint
    data = (out / "register.sqlite").read_bytes()
    for k in (key, (out / KEY_FILE_NAME).read_bytes()):
        assert k not in data and k.hex().encode() not in data, "the register never holds a key"


def test_a_batch_taken_back_from_its_folder_keeps_the_key_fingerprint(tmp_path: Path) -> None:
    out, sheet, _ = issued(tmp_path)
    (out / "register.sqlite").unlink()  # lost: rebuilt from the folders' manifests
    slips(out)[0].unlink()
    (out / KEY_FILE_NAME).write_bytes(secrets.token_bytes(32))
    code, output = run_letters(sheet, out)
    assert code == 2 and "KUNCI_BERBEDA" in one_line(output), output


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; elsewhere the folder's access rules hold")
def test_a_key_others_can_read_is_made_private_again_with_a_warning(tmp_path: Path) -> None:
    out, sheet, key = issued(tmp_path)
    path = out / KEY_FILE_NAME
    path.chmod(0o644)  # copied back from a USB stick
    code, output = run_letters(sheet, out)
    text = one_line(output)
    assert code == 0, text
    assert "KUNCI_TERBUKA" in text and "izin 0644" in text and "0600" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.read_bytes() == key
    code, output = run_letters(sheet, out)
    assert "KUNCI_TERBUKA" not in output, "told once, when it was open"
