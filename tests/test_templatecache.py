"""Prepared templates kept between runs: used only when they are this very template, dressing and sopgen,
and only whole; never a reason for a document to differ from one made without the cache."""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from sopgen.cli import cli
from sopgen.config import load_config
from sopgen.documents import sample_members, serah_terima_context
from sopgen.dress import Dressing
from sopgen.lambang import LambangImage
from sopgen.passwords import KEY_FILE_NAME
from sopgen.render import Renderer
from tests.configs import CONFIRMED
from tests.images import shield
from tests.members import member, write_members

CONFIG = load_config(CONFIRMED)
WHEN = date(2026, 11, 24)
KIND = "serah_terima"
CLOSING = "Demikian berita acara ini dibuat"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SOPGEN_CACHE", str(folder))
    return folder


def context() -> dict[str, object]:
    m = sample_members(1)[0]
    return serah_terima_context(CONFIG, m, nomor="000.3.5/001/BA/405.08/2026", tanggal=WHEN, user_id=m.nip,
                                surat_perintah_nomor="000.3.5/001/405.08/2026", surat_perintah_tanggal=WHEN)


def render(templates: Path, dressing: Dressing | None = None) -> bytes:
    return Renderer(templates, dressing=dressing or Dressing(CONFIG.page)).render(KIND, context(), when=WHEN)


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "templat").glob("*.json"))


def document_xml(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read("word/document.xml").decode("utf-8")


def copy_of_templates(tmp_path: Path) -> Path:
    target = tmp_path / "templates"
    shutil.copytree(CONFIG.templates_dir, target)
    return target


def reword(template: Path, old: str, new: str) -> None:
    """The office edits its template in Word: one sentence changed, everything else as it was."""
    with zipfile.ZipFile(template) as z:
        parts = {info: z.read(info.filename) for info in z.infolist()}
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts.items():
            if info.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            z.writestr(info, data)


def test_a_cached_template_gives_the_same_bytes_as_a_fresh_one_and_as_no_cache(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = render(CONFIG.templates_dir)
    assert len(entries(cache)) == 1
    warm = render(CONFIG.templates_dir)
    monkeypatch.setenv("SOPGEN_CACHE", "")
    assert cold == warm == render(CONFIG.templates_dir)
    assert len(entries(cache)) == 1


def test_a_changed_template_is_prepared_again(cache: Path, tmp_path: Path) -> None:
    templates = copy_of_templates(tmp_path)
    assert CLOSING in document_xml(render(templates))
    reword(templates / f"{KIND}.docx", CLOSING, "Berita acara ini dibuat")
    changed = document_xml(render(templates))
    assert CLOSING not in changed and "Berita acara ini dibuat" in changed
    assert len(entries(cache)) == 2


def test_a_changed_lambang_or_page_is_a_template_prepared_again(cache: Path) -> None:
    plain = render(CONFIG.templates_dir)
    with_lambang = render(CONFIG.templates_dir, Dressing(CONFIG.page, LambangImage(
        Path("lambang.png"), shield(), "png", 170, 200)))
    other = render(CONFIG.templates_dir, Dressing(CONFIG.page, LambangImage(
        Path("lambang.png"), shield(120, 140), "png", 120, 140)))
    assert len({plain, with_lambang, other}) == 3
    assert len(entries(cache)) == 3
    with zipfile.ZipFile(io.BytesIO(other)) as z:
        images = [n for n in z.namelist() if n.startswith("word/media/")]
        assert [hashlib.sha256(z.read(n)).digest() for n in images] == [hashlib.sha256(shield(120, 140)).digest()]


@pytest.mark.parametrize("damage", ["cut short", "a byte changed", "not ours", "empty", "wrong form"])
def test_a_damaged_cache_entry_is_not_used_and_is_made_again(cache: Path, damage: str) -> None:
    expected = render(CONFIG.templates_dir)
    [entry] = entries(cache)
    data = entry.read_bytes()
    header, digest, payload = data.split(b"\n", 2)
    if damage == "cut short":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "a byte changed":  # the text a letter is made from, altered: its checksum no longer holds
        entry.write_bytes(data.replace(b"Demikian", b"Dimikian", 1))
    elif damage == "not ours":
        entry.write_bytes(b"PK\x03\x04" + data)
    elif damage == "empty":
        entry.write_bytes(b"")
    else:  # a whole, checksummed entry of the wrong shape (another tool's, an older sopgen's)
        import json

        raw = json.loads(payload)
        raw["body"] = 42
        payload = json.dumps(raw).encode()
        entry.write_bytes(header + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    assert render(CONFIG.templates_dir) == expected
    assert entry.read_bytes() == data  # made again whole
    assert render(CONFIG.templates_dir) == expected


def test_an_unwritable_cache_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("SOPGEN_CACHE", str(blocker / "cache"))
    first = render(CONFIG.templates_dir)
    assert render(CONFIG.templates_dir) == first
    assert blocker.read_text() == "a file where the cache folder would be"


def test_a_batch_is_the_same_with_a_cold_cache_a_warm_one_and_none(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(i) for i in range(3)])

    def batch(name: str, cache: str) -> dict[str, bytes]:
        monkeypatch.setenv("SOPGEN_CACHE", cache)
        out = tmp_path / name
        if name != "cold":  # the same password key, so the slips' passwords are the same too
            out.mkdir()
            shutil.copy2(tmp_path / "cold" / KEY_FILE_NAME, out / KEY_FILE_NAME)
        result = CliRunner().invoke(cli, ["letters", str(sheet), "--output", str(out), "--date", "2026-11-24",
                                          "--no-attachments", "--config", str(CONFIRMED)])
        assert result.exit_code == 0, result.output
        return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.docx"))}

    cold = batch("cold", str(tmp_path / "cache"))
    assert entries(tmp_path / "cache")
    warm = batch("warm", str(tmp_path / "cache"))
    assert len(cold) == 8 and cold == warm == batch("none", "")


def test_a_warm_cache_renders_the_lambang_kop_without_docxtpl_or_a_parse(cache: Path) -> None:
    """The fast path stays fast with the office's lambang: no docxtpl, python-docx or lxml per letter."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from sopgen.config import load_config\n"
        "from sopgen.documents import sample_members, serah_terima_context\n"
        "from sopgen.dress import Dressing\n"
        "from sopgen.lambang import LambangImage\n"
        "from sopgen.render import Renderer\n"
        "from tests.images import shield\n"
        f"config = load_config({str(CONFIRMED)!r})\n"
        "m, when = sample_members(1)[0], date(2026, 11, 24)\n"
        "ctx = serah_terima_context(config, m, nomor='1', tanggal=when, user_id=m.nip, surat_perintah_nomor='2',\n"
        "                           surat_perintah_tanggal=when)\n"
        "dressing = Dressing(config.page, LambangImage(Path('lambang.png'), shield(), 'png', 170, 200))\n"
        "renderer = Renderer(config.templates_dir, dressing=dressing)\n"
        "sys.stdout.buffer.write(renderer.render('serah_terima', ctx, when=when))\n"
        "loaded = sorted(m for m in ('docxtpl', 'docx', 'lxml.etree') if m in sys.modules)\n"
        "sys.stderr.write(','.join(loaded))\n"
    )
    env_run = [sys.executable, "-c", script]
    repo = Path(__file__).resolve().parents[1]
    cold = subprocess.run(env_run, capture_output=True, cwd=repo, check=True)
    warm = subprocess.run(env_run, capture_output=True, cwd=repo, check=True)
    assert cold.stdout == warm.stdout
    assert "docxtpl" in cold.stderr.decode()  # prepared by docxtpl itself the first time
    assert warm.stderr.decode() == ""


def test_without_a_home_folder_a_run_does_without_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """A service account or a bare container has no HOME: the letters are the same, nothing is kept."""
    from sopgen import usercache

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    for name in ("SOPGEN_CACHE", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    if usercache.sys.platform != "win32":
        assert usercache.cache_folder() is None
    monkeypatch.setenv("SOPGEN_CACHE", "off")
    expected = render(CONFIG.templates_dir)
    monkeypatch.delenv("SOPGEN_CACHE")
    assert render(CONFIG.templates_dir) == expected
