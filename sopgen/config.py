"""Load and check the office's TOML config: identity, signatories, Dasar, numbering, accounts."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import ConfigError

DEFAULT_CONFIG = Path("templates/config.toml")
DOCUMENT_KINDS: tuple[str, ...] = ("surat_perintah", "lembar_disposisi", "serah_terima")
SIGNATORIES: tuple[str, ...] = ("kepala_ukpbj", "kepala_lpse", "admin_agency")


@dataclass(frozen=True)
class Signatory:
    jabatan: str
    nama: str
    nip: str
    pangkat: str

    @property
    def nip_display(self) -> str:
        n = self.nip
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}" if len(n) == 18 else n


@dataclass(frozen=True)
class NumberFormat:
    format: str
    kode: str
    unit: str

    def render(self, urut: int, tahun: int) -> str:
        return self.format.format(kode=self.kode, unit=self.unit, urut=urut, tahun=tahun)


@dataclass(frozen=True)
class Config:
    path: Path
    kantor: dict[str, Any]
    penandatangan: dict[str, Signatory]
    surat: dict[str, Any]
    numbering: dict[str, NumberFormat]
    shared_counter: bool
    user_id_format: str
    password_length: int
    password_alphabet: str
    manual_password: bool
    check_attachments: bool
    attachments_folder: Path
    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    step_deadlines: dict[int, int] = field(default_factory=dict)  # step -> working days after the previous

    @property
    def templates_dir(self) -> Path:
        return self.path.parent

    def user_id(self, nip: str) -> str:
        return self.user_id_format.format(nip=nip)


def load_config(path: Path | str | None = None) -> Config:
    """Read the config; every missing or wrong key is a ConfigError naming the key."""
    path = Path(path) if path else DEFAULT_CONFIG
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"Berkas konfigurasi {path} tidak ditemukan. Jalankan sopgen dari folder proyek "
            "atau sebutkan berkasnya dengan --config."
        ) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Berkas konfigurasi {path} tidak dapat dibaca: {exc}") from None
    return _parse(path, raw)


def _parse(path: Path, raw: dict[str, Any]) -> Config:
    def need(section: dict[str, Any], key: str, where: str, kind: type = str) -> Any:
        if key not in section:
            raise ConfigError(f"Konfigurasi {path}: kunci '{where}.{key}' belum diisi.")
        value = section[key]
        if not isinstance(value, kind):
            raise ConfigError(
                f"Konfigurasi {path}: '{where}.{key}' harus berupa {kind.__name__}."
            )
        return value

    kantor = need(raw, "kantor", "", dict)
    for key in ("pemerintah", "alamat", "kota"):
        need(kantor, key, "kantor")
    signers_raw = need(raw, "penandatangan", "", dict)
    signers = {}
    for role in SIGNATORIES:
        s = need(signers_raw, role, "penandatangan", dict)
        where = f"penandatangan.{role}"
        signers[role] = Signatory(
            jabatan=need(s, "jabatan", where),
            nama=need(s, "nama", where),
            nip=need(s, "nip", where),
            pangkat=need(s, "pangkat", where),
        )
    surat = need(raw, "surat", "", dict)
    need(surat, "dasar", "surat", list)
    if str(surat.get("tanggal_serah_terima", "kosong")) not in ("kosong", "surat"):
        raise ConfigError(
            f"Konfigurasi {path}: 'surat.tanggal_serah_terima' harus \"kosong\" (hari dan tanggal ditulis "
            "tangan saat serah terima) atau \"surat\" (tanggal Surat Perintah)."
        )
    numbering_raw = need(raw, "penomoran", "", dict)
    counter = numbering_raw.get("pencacah", "per_jenis")
    if counter not in ("per_jenis", "bersama"):
        raise ConfigError(
            f"Konfigurasi {path}: 'penomoran.pencacah' harus \"per_jenis\" atau \"bersama\"."
        )
    numbering = {}
    for kind in DOCUMENT_KINDS:
        n = need(numbering_raw, kind, "penomoran", dict)
        where = f"penomoran.{kind}"
        fmt = NumberFormat(need(n, "format", where), need(n, "kode", where), need(n, "unit", where))
        try:
            fmt.render(1, 2000)
        except (KeyError, ValueError, IndexError) as exc:
            raise ConfigError(
                f"Konfigurasi {path}: format nomor '{where}.format' tidak valid ({exc}). "
                "Gunakan {kode}, {urut:03d}, {unit} dan {tahun}."
            ) from None
        numbering[kind] = fmt
    akun = raw.get("akun", {})
    alphabet = str(akun.get("alfabet_kata_sandi", "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"))
    length = int(akun.get("panjang_kata_sandi", 12))
    if length < 8 or len(set(alphabet)) < 20:
        raise ConfigError(
            f"Konfigurasi {path}: kata sandi terlalu lemah (panjang minimal 8, alfabet minimal 20 karakter)."
        )
    lampiran = raw.get("lampiran", {})
    days_off = raw.get("hari_kerja", {}).get("libur_tambahan", [])
    try:
        extra = frozenset(d if isinstance(d, date) else date.fromisoformat(str(d)) for d in days_off)
    except ValueError as exc:
        raise ConfigError(
            f"Konfigurasi {path}: 'hari_kerja.libur_tambahan' berisi tanggal yang tidak valid ({exc}). "
            "Tulis tanggal sebagai YYYY-MM-DD."
        ) from None
    try:
        deadlines = {int(k): int(v) for k, v in raw.get("hari_kerja", {}).get("batas_langkah", {}).items()}
    except (TypeError, ValueError):
        raise ConfigError(
            f"Konfigurasi {path}: 'hari_kerja.batas_langkah' harus berisi pasangan langkah = jumlah hari "
            'kerja, misalnya { "2" = 1 }.'
        ) from None
    return Config(
        path=path,
        kantor=kantor,
        penandatangan=signers,
        surat=surat,
        numbering=numbering,
        shared_counter=counter == "bersama",
        user_id_format=str(akun.get("user_id", "{nip}")),
        password_length=length,
        password_alphabet=alphabet,
        manual_password=bool(akun.get("kata_sandi_manual", False)),
        check_attachments=bool(lampiran.get("periksa", True)),
        attachments_folder=Path(lampiran.get("folder", "input/lampiran")),
        extra_days_off=extra,
        step_deadlines=deadlines,
    )
