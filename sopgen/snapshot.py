"""What a batch was issued under: the office's config (its text), the four templates and the lambang
(their bytes), and the signatories the config named.

A batch keeps them in its folder (`templat.zip`, archived with it: one file, so no copy of a template
is taken for a letter) and in the register (each file once, by its sha256), so a document deleted later
is made again exactly as it was issued, whatever the office changed since: a new Kepala after a mutasi,
a new kop, an edited template.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import SIGNATORIES, Config, config_from_text
from .docxzip import FIXED_ZIP_TIME
from .errors import ConfigError, SopgenError
from .register import Register, SignatoryRecord

if TYPE_CHECKING:
    from .render import Renderer

ZIP = "templat.zip"  # inside the batch folder
CONFIG = "config"
LAMBANG = "lambang"
TEMPLATE_KINDS: tuple[str, ...] = ("surat_perintah", "lembar_disposisi", "serah_terima", "slip_kata_sandi")
CONFIG_NAME = "config.toml"
LAMBANG_SUFFIX = {"png": "png", "jpeg": "jpg"}


@dataclass(frozen=True)
class Snapshot:
    """part ('config', 'lambang', or a template's kind) -> (its file name in `templat/`, its bytes)."""

    parts: dict[str, tuple[str, bytes]]

    def files(self) -> dict[str, bytes]:
        """The copy in the batch folder: 'templat.zip' -> its bytes, the same for the same parts (stored,
        not compressed: no zlib version can change them)."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
            for name, data in sorted(self.parts.values()):
                info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
                info.external_attr = 0o644 << 16
                info.create_system = 0
                z.writestr(info, data)
        return {ZIP: out.getvalue()}

    def listing(self) -> dict[str, str]:
        """For the manifest: part -> its file's name inside `templat.zip`."""
        return {part: name for part, (name, _) in sorted(self.parts.items())}


def take(config: Config, renderer: Renderer) -> Snapshot | None:
    """The files the batch's documents are about to be rendered from (read through `renderer`, so
    they are the very bytes it renders with). None when the config's text does not describe the config
    in use (one changed in memory by a script): a snapshot must never claim what was not used."""
    if not config.text or not _describes(config):
        return None
    parts = {CONFIG: (CONFIG_NAME, config.text.encode("utf-8"))}
    for kind in TEMPLATE_KINDS:
        parts[kind] = (f"{kind}.docx", renderer.source(kind))
    lambang = renderer.dressing.lambang if renderer.dressing is not None else None
    if lambang is not None:
        parts[LAMBANG] = (f"lambang_daerah.{LAMBANG_SUFFIX.get(lambang.extension, lambang.extension)}", lambang.data)
    return Snapshot(parts)


def _describes(config: Config) -> bool:
    try:
        return replace(config_from_text(config.text, config.path), text=config.text) == config
    except ConfigError:
        return False


def signatories_of(config: Config) -> list[SignatoryRecord]:
    return [SignatoryRecord(role, s.jabatan, s.nama, s.nip, s.pangkat)
            for role in SIGNATORIES if (s := config.penandatangan.get(role)) is not None]


def record(register: Register, batch_id: int, snapshot: Snapshot | None, config: Config) -> None:
    """The batch's snapshot and signatories in the register (inside writing())."""
    if snapshot is not None:
        register.add_snapshot(batch_id, snapshot.parts)
    register.add_signatories(batch_id, signatories_of(config))


def load(register: Register, batch_id: int) -> Snapshot | None:
    """The batch's snapshot from the register; None for a batch issued before snapshots."""
    parts: dict[str, tuple[str, bytes]] = {}
    for part, (name, digest) in register.snapshot_parts(batch_id).items():
        data = register.blob(digest)
        if data is None or hashlib.sha256(data).hexdigest() != digest:
            return None
        parts[part] = (name, data)
    return Snapshot(parts) if CONFIG in parts else None


def from_folder(folder: Path, manifest: dict[str, Any]) -> Snapshot | None:
    """The snapshot a batch folder's `templat.zip` holds, when it is there with the sha256 its manifest
    recorded (a folder the register lost); None otherwise."""
    listing = manifest.get("templat")
    if not isinstance(listing, dict) or CONFIG not in listing:
        return None
    try:
        data = (folder / ZIP).read_bytes()
        if hashlib.sha256(data).hexdigest() != manifest.get("files", {}).get(ZIP):
            return None
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return Snapshot({str(part): (str(name), z.read(str(name))) for part, name in listing.items()})
    except (OSError, KeyError, zipfile.BadZipFile):
        return None


def issued_config(register: Register, batch_id: int) -> Config | None:
    """The config a batch was issued with (its user ID and password rules were printed on its slips);
    None for a batch from before snapshots, or one this sopgen cannot read."""
    found = load(register, batch_id)
    if found is None:
        return None
    name, text = found.parts[CONFIG]
    try:
        return config_from_text(text.decode("utf-8"), Path(name))
    except (ConfigError, UnicodeDecodeError):
        return None


class SnapshotUnusable(SopgenError):
    """A batch's snapshot cannot be read by this sopgen (its config no longer loads) (exit 2)."""

    code = "SALINAN_TEMPLAT_RUSAK"


def renderer_of(snapshot: Snapshot, where: Path) -> tuple[Config, Renderer]:
    """The config and renderer the batch was issued with; `where` (its `templat.zip`) names them in
    messages."""
    from .dress import Dressing
    from .lambang import lambang_of
    from .render import Renderer

    name, text = snapshot.parts[CONFIG]
    try:
        config = config_from_text(text.decode("utf-8"), where / name)
    except (ConfigError, UnicodeDecodeError) as exc:
        why = exc.message if isinstance(exc, SopgenError) else "bukan teks UTF-8"
        raise SnapshotUnusable(f"salinan konfigurasi batch ini ({where / name}) tidak dapat dibaca lagi: "
                               f"{why}") from None
    lambang = None
    if LAMBANG in snapshot.parts:
        lambang_name, data = snapshot.parts[LAMBANG]
        lambang = lambang_of(where / lambang_name, data)
    sources = {kind: data for kind, (_, data) in snapshot.parts.items() if kind in TEMPLATE_KINDS}
    return config, Renderer(where, dressing=Dressing(config.page, lambang), sources=sources)
