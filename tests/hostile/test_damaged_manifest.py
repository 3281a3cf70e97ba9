"""A batch folder's manifest.json of any shape: verify names it damaged (exit 1); letters, pdf and archive
refuse with a code (exit 2); a folder the register does not know is refused; never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sopgen.cli import cli
from tests.configs import CONFIRMED
from tests.members import member, write_members

DATE = ["--date", "2026-11-24"]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats()
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args[0]} crashed: {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output
    return result.exit_code, " ".join(result.output.split())


class Batch:
    """One issued batch; each example replaces its manifest and puts the original back."""

    def __init__(self, root: Path) -> None:
        self.out = root / "out"
        self.sheet = write_members(root / "usulan.xlsx", [member(1), member(2)])
        code, output = self.letters()
        assert code == 0, output
        [self.folder] = (self.out / "2026").iterdir()
        self.path = self.folder / "manifest.json"
        self.original = self.path.read_bytes()
        self.manifest = json.loads(self.original)

    def letters(self) -> tuple[int, str]:
        return invoke("letters", str(self.sheet), "--output", str(self.out), "--config", str(CONFIRMED),
                      "--no-attachments", *DATE)

    def put(self, data: bytes) -> None:
        self.path.write_bytes(data)

    def restore(self) -> None:
        self.path.write_bytes(self.original)
        for stray in self.folder.parent.glob("*.zip"):
            stray.unlink()


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    return Batch(tmp_path_factory.mktemp("manifest"))


def mutated(original: dict[str, Any], data: st.DataObject) -> object:
    """The real manifest with one key (at the top, in a document, or in 'files') replaced or removed."""
    manifest = json.loads(json.dumps(original))
    where = data.draw(st.sampled_from(["top", "document", "files"]))
    target: Any = manifest
    if where == "document":
        target = manifest["documents"][data.draw(st.integers(0, len(manifest["documents"]) - 1))]
    elif where == "files":
        target = manifest["files"]
    key = data.draw(st.sampled_from(sorted(target)))
    if data.draw(st.booleans()):
        del target[key]
    else:
        target[key] = data.draw(JSON)
    return manifest


ANY_MANIFEST = st.one_of(JSON.map(lambda v: json.dumps(v).encode()), st.binary(max_size=64),
                         st.just(b"{}"), st.just(b"null"), st.just(b"[]"), st.just(b"[" * 100_000))


def check_every_command(batch: Batch, data: bytes) -> None:
    batch.put(data)
    try:
        shape_ok = _believable(data, batch)
        code, output = invoke("verify", "--output", str(batch.out))
        assert code in (0, 1), output
        if not shape_ok:
            assert code == 1 and "RUSAK" in output and "manifest.json" in output, output
        code, output = invoke("archive", "--output", str(batch.out))
        assert code in (0, 2), output
        if not shape_ok:
            assert code == 2 and "MANIFEST_RUSAK" in output and "manifest.json" in output, output
        code, output = batch.letters()
        assert code in (0, 2), output
        if not shape_ok:
            assert code == 2 and "MANIFEST_RUSAK" in output, output
    finally:
        batch.restore()


def _believable(data: bytes, batch: Batch) -> bool:
    """Whether the manifest still has the shape sopgen writes, judged here on its own: every value of
    the type the real manifest has at that key, file names inside the folder, digests of 64 hex."""
    try:
        manifest = json.loads(data)
    except (ValueError, RecursionError):
        return False
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        return False
    if not all(_inside(name) and _digest(sha) for name, sha in manifest["files"].items()):
        return False
    original = batch.manifest
    top = [k for k in original if k in manifest and k not in ("files", "documents", *STRUCTURED)]
    if not all(_like(k, manifest[k], original[k]) for k in top):
        return False
    if not all(judge(manifest[k]) for k, judge in STRUCTURED.items() if k in manifest):
        return False
    documents = manifest.get("documents", [])
    if not isinstance(documents, list) or not all(isinstance(d, dict) for d in documents):
        return False
    example = original["documents"][-1]
    return all(_texts(d[k]) if k == "anggota" else _like(k, d[k], example[k])
               for d in documents for k in example if k in d)


def _like(key: str, value: object, real: object) -> bool:
    if value is None:
        # none for the Surat Perintah; no key: manual passwords; no parent: a batch with its own Surat Perintah
        return key in ("nip", "nama", "key_fingerprint", "induk")
    if isinstance(real, bool) or isinstance(value, bool):
        return False
    if isinstance(real, int):
        return isinstance(value, int) and value >= 0
    if isinstance(real, str) and len(real) == 64 and all(c in "0123456789abcdef" for c in real):
        return _digest(value)
    if isinstance(real, str) and real.count("-") == 2 and real[:4].isdigit():  # the issue date
        import datetime

        try:
            datetime.date.fromisoformat(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
        return True
    return isinstance(value, str)


def _slip_files(value: object) -> bool:
    return isinstance(value, dict) and all(_inside(n) and _digest(sha) for n, sha in value.items())


def _slips(value: object) -> bool:
    """The Slip Kata Sandi of each note: its file inside the folder, its other facts text (or null)."""
    return isinstance(value, list) and all(
        isinstance(s, dict) and isinstance(s.get("file"), str) and _inside(s["file"])
        and all(v is None or isinstance(v, str) for k, v in s.items() if k in ("nip", "nama", "serah_terima"))
        and (s.get("serah_terima") is not None if "serah_terima" in s else True) for s in value)


def _retention(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(e, dict) and all(isinstance(v, str) for v in e.values()) for e in value.values())


def _texts(value: object) -> bool:
    """A member's data as printed: names to texts."""
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def _snapshot(value: object) -> bool:
    """The files of templat.zip: part to a file name."""
    return isinstance(value, dict) and all(isinstance(v, str) and _inside(v) for v in value.values())


def _signatories(value: object) -> bool:
    return isinstance(value, dict) and all(_texts(v) for v in value.values())


# The manifest's keys whose values have a shape of their own: each judged by its own rule.
STRUCTURED = {"slip_files": _slip_files, "slips": _slips, "klasifikasi": _retention, "templat": _snapshot,
              "penandatangan": _signatories}


def _inside(name: str) -> bool:
    return bool(name) and not name.startswith("/") and "\\" not in name and ".." not in name.split("/") and \
        "" not in name.split("/") and "." not in name.split("/") and "\x00" not in name and ":" not in name


def _digest(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=ANY_MANIFEST)
def test_random_json_as_manifest_is_reported_by_every_command(batch: Batch, data: bytes) -> None:
    check_every_command(batch, data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_real_manifest_with_one_key_damaged_is_reported_by_every_command(batch: Batch,
                                                                             data: st.DataObject) -> None:
    check_every_command(batch, json.dumps(mutated(batch.manifest, data)).encode())


@pytest.mark.parametrize("content, why", [
    (b"{}", "daftar berkas ('files') tidak ada"),
    (b"null", "isinya null, bukan objek JSON"),
    (b"[1, 2]", "isinya daftar, bukan objek JSON"),
    (b'{"files": {"surat.docx": 7}}', "'files' memuat \"surat.docx\": 7"),
    (b'{"files": {"../../etc/passwd": "' + b"0" * 64 + b'"}}', "'files' memuat \"../../etc/passwd\""),
    (b"\xff\xfe not utf-8", "bukan JSON yang dapat dibaca"),
])
def test_each_damaged_shape_is_named_in_the_clerks_words(batch: Batch, content: bytes, why: str) -> None:
    batch.put(content)
    try:
        code, output = invoke("verify", "--output", str(batch.out))
        assert code == 1
        assert f"RUSAK {batch.folder.parent.name}/{batch.folder.name}/manifest.json: {why}" in output
        assert "TIDAK UTUH" in output
        code, output = invoke("pdf", "--output", str(batch.out))
        assert code == 2 and "MANIFEST_RUSAK" in output and why in output
    finally:
        batch.restore()


def test_a_manifest_deleted_is_rebuilt_from_the_register_by_letters(batch: Batch) -> None:
    batch.path.unlink()
    try:
        code, output = batch.letters()
        assert code == 0 and "manifest.json" in output
        assert invoke("verify", "--output", str(batch.out))[0] == 0
    finally:
        batch.restore()


@pytest.fixture(scope="module")
def lost(tmp_path_factory: pytest.TempPathFactory) -> tuple[Batch, Path]:
    """A batch and a pristine copy of its output folder, register and password key included."""
    batch = Batch(tmp_path_factory.mktemp("lost"))
    pristine = batch.out.with_name("pristine")
    shutil.copytree(batch.out, pristine)
    return batch, pristine


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_folder_the_register_lost_with_a_random_manifest_is_refused_or_recorded(
    lost: tuple[Batch, Path], data: st.DataObject
) -> None:
    batch, pristine = lost
    content = (data.draw(ANY_MANIFEST) if data.draw(st.booleans())
               else json.dumps(mutated(batch.manifest, data)).encode())
    batch.put(content)
    for journal in batch.out.glob("register.sqlite*"):
        journal.unlink()  # the register is lost: the folder is all there is
    try:
        code, output = batch.letters()
        assert code in (0, 2), output
        if code == 2:
            assert "FOLDER_TIDAK_TERCATAT" in output and "manifest.json" in output, output
        else:
            assert "REGISTER_DIBANGUN_ULANG" in output, output
    finally:
        shutil.rmtree(batch.out)
        shutil.copytree(pristine, batch.out)
