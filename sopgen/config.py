"""Load and check the office's TOML config: identity, signatories, Dasar, numbering and its retention,
accounts, page."""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from functools import partial
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .letterhead import HALAMAN_KEYS, PageSetup, lambang_path, page_setup

DEFAULT_CONFIG = Path("templates/config.toml")
DOCUMENT_KINDS: tuple[str, ...] = ("surat_perintah", "lembar_disposisi", "serah_terima")
SIGNATORIES: tuple[str, ...] = ("kepala_ukpbj", "kepala_lpse", "admin_agency")
DEFAULT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = (8, 64)  # shorter is easy to guess; longer is surely a typo
MIN_ALPHABET = 20
# Characters a clerk can read off paper and type into SPSE: no space, nothing outside ASCII.
PASSWORD_CHARACTERS = frozenset(string.ascii_letters + string.digits + string.punctuation)
# How the send page opens WhatsApp: the application itself, or WhatsApp's web address.
WHATSAPP_LINKS: tuple[str, ...] = ("aplikasi", "wa.me")
SAMPLE_NIPS = ("199001012020121001", "198512312010012002")  # two NIPs to try the user ID rule on
DEADLINE_STEPS = (2, 3, 4)  # step 1 is the Surat Perintah itself: it follows no earlier step
# The shipped config marks every value an office must fill in with this word; no letter is numbered
# while one is left (a letter signed by an example official would use up a real number).
EXAMPLE_WORD = re.compile(r"\bCONTOH\b", re.IGNORECASE)
DEFAULT_NUMBER_FORMAT = "{kode}/{urut:03d}/{unit}/{tahun}"

# What each expected TOML type is called to a clerk: (what it is, an example); {key} is the full key,
# {name} its last part as written under its table.
EXPECTED: dict[type, tuple[str, str]] = {
    str: ("teks dalam tanda kutip", '{name} = "..."'),
    int: ("bilangan bulat tanpa tanda kutip", "{name} = 12"),
    float: ("bilangan tanpa tanda kutip (titik sebagai tanda desimal)", "{name} = 2.5"),
    bool: ("true atau false tanpa tanda kutip", "{name} = true"),
    dict: ("tabel [{key}]", "judul [{key}] di barisnya sendiri, lalu kunci-kuncinya di bawahnya"),
    list: ("daftar dalam kurung siku", '{name} = ["...", "..."]'),
}
# What a value found in the file is called.
FOUND: tuple[tuple[type, str], ...] = (
    (bool, "true/false"), (str, "teks"), (int, "bilangan"), (float, "bilangan"), (dict, "tabel"),
    (list, "daftar"), (datetime, "tanggal dan jam"), (date, "tanggal"), (time, "jam"),
)
# tomllib's English reasons -> plain Indonesian, first match wins.
TOML_REASONS: tuple[tuple[str, str], ...] = (
    ("unterminated string", "tanda kutip pembuka tidak ditutup"),
    ("illegal character '\\n'", "tanda kutip penutup tidak ada di akhir baris"),
    ("illegal character", "ada karakter yang tidak boleh dipakai di sini"),
    ("invalid initial character for a key", "nama kunci tidak sah: pakai huruf, angka, _ atau -"),
    ("unescaped '\\'", "garis miring terbalik \\ di dalam tanda kutip ganda; tulis \\\\ atau pakai tanda "
     "kutip tunggal, misalnya folder = 'D:\\lampiran'"),
    ("expected '=' after a key", "tanda = tidak ada sesudah nama kunci; teks harus di dalam tanda kutip"),
    ("cannot declare", "judul tabel yang sama ditulis dua kali"),
    ("cannot overwrite a value", "kunci yang sama ditulis dua kali"),
    ("at the end of a table declaration", "kurung siku penutup ] pada judul tabel tidak ada"),
    ("after a statement", "ada tulisan lain sesudah nilai; teks harus di dalam tanda kutip dan tanggal "
     "ditulis YYYY-MM-DD"),
    ("unclosed inline table", "kurung kurawal { tidak ditutup"),
    ("unclosed array", "kurung siku [ tidak ditutup"),
    ("invalid value", "nilai tidak sah: teks harus di dalam tanda kutip, bilangan dan true/false tanpa "
     "tanda kutip"),
)
TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


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
class Retention:
    """A classification code of the office's klasifikasi arsip with its retention schedule (JRA)."""

    kode: str
    uraian: str
    aktif: str
    inaktif: str
    nasib_akhir: str

    def to_dict(self) -> dict[str, str]:
        return {"kode": self.kode, "uraian": self.uraian, "retensi_aktif": self.aktif,
                "retensi_inaktif": self.inaktif, "nasib_akhir": self.nasib_akhir}


@dataclass(frozen=True)
class NumberFormat:
    format: str
    kode: str
    unit: str

    def render(self, urut: int, tahun: int) -> str:
        return self.format.format(kode=self.kode, unit=self.unit, urut=urut, tahun=tahun)


@dataclass(frozen=True)
class SendSettings:
    """The `[kirim]` table: how `sopgen kirim`'s page sends the account to a member's phone."""

    whatsapp: str = "aplikasi"  # "aplikasi": whatsapp://send (no web request); "wa.me": https://wa.me/
    separate: bool = False  # user ID and password in two messages (two buttons)
    template: str = "pesan_akun.txt"  # the message template, in the templates folder


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
    templates_folder: Path = Path(".")  # relative to the config's folder (or absolute)
    examples: tuple[str, ...] = ()  # keys whose value still holds the word CONTOH
    send: SendSettings = field(default_factory=SendSettings)
    page: PageSetup = field(default_factory=PageSetup)
    retention: dict[str, Retention] = field(default_factory=dict)  # classification code -> its JRA
    text: str = ""  # the file as read: a batch keeps it, so its letters can be made again as issued

    @property
    def templates_dir(self) -> Path:
        return self.path.parent / self.templates_folder

    @property
    def lambang_path(self) -> Path | None:
        """The lambang daerah's file (relative to the config's folder), or None for a text kop."""
        return lambang_path(self.path, self.kantor)

    def retention_of(self, kind: str) -> Retention:
        return self.retention[self.numbering[kind].kode]

    def user_id(self, nip: str) -> str:
        return self.user_id_format.format(nip=nip)


def load_config(path: Path | str | None = None) -> Config:
    """Read the config; every missing or wrong key is a ConfigError naming the key."""
    path = Path(path) if path else DEFAULT_CONFIG
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"Berkas konfigurasi {path} tidak ditemukan. Jalankan sopgen dari folder proyek "
            "atau sebutkan berkasnya dengan --config."
        ) from None
    except IsADirectoryError:
        raise ConfigError(
            f"{path} adalah folder, bukan berkas konfigurasi. Sebutkan berkasnya, misalnya "
            "--config templates/config.toml."
        ) from None
    except PermissionError:
        raise ConfigError(
            f"Berkas konfigurasi {path} tidak boleh dibaca (izin ditolak). Minta izin baca atau salin "
            "berkas itu ke folder Anda."
        ) from None
    except OSError:
        raise ConfigError(
            f"Berkas konfigurasi {path} tidak dapat dibaca. Periksa bahwa berkas itu ada dan dapat dibuka."
        ) from None
    try:
        text = data.decode("utf-8-sig")  # Notepad's "UTF-8 with BOM" too
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"Berkas konfigurasi {path} bukan teks UTF-8 (baris {line} memuat karakter yang tidak "
            "dikenal). Simpan ulang berkas itu dengan encoding UTF-8 (di Notepad: Simpan Sebagai, "
            "Encoding: UTF-8)."
        ) from None
    return config_from_text(text, path)


def config_from_text(text: str, path: Path) -> Config:
    """The config a TOML text gives, as if read from `path` (a batch's copy of the office's config)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_message(path, text, str(exc))) from None
    return replace(_parse(path, raw), text=text)


def _toml_message(path: Path, text: str, error: str) -> str:
    lower = error.lower()
    reason = next((r for key, r in TOML_REASONS if key in lower), "susunannya tidak sesuai aturan TOML")
    where = TOML_WHERE.search(error)
    if where is None:  # tomllib found it only at the end of the file
        return (f"Berkas konfigurasi {path} tidak dapat dibaca: {reason} (terlihat di akhir berkas). "
                "Periksa tanda kutip, kurung dan kunci yang ditulis dua kali.")
    line, column = int(where[1]), int(where[2])
    lines = text.splitlines()
    shown = lines[line - 1].strip()[:80] if 0 < line <= len(lines) else ""
    return (f"Berkas konfigurasi {path} tidak dapat dibaca di baris {line}, kolom {column}: {reason}."
            + (f" Baris itu: {shown}" if shown else ""))


def _found(value: Any) -> str:
    return next((name for kind, name in FOUND if isinstance(value, kind)), "nilai lain")


def _is(value: Any, kind: type) -> bool:
    if kind in (int, float) and isinstance(value, bool):  # TOML true is no number, though Python says so
        return False
    if kind is float:
        return isinstance(value, (int, float))
    return isinstance(value, kind)


# The keys sopgen reads, per table: a misspelt one would otherwise be ignored and its default used.
# [kantor] and [penandatangan] stay open: templates may use more office fields and signatories.
KNOWN_KEYS: dict[str, frozenset[str]] = {
    "": frozenset({"kantor", "penandatangan", "surat", "penomoran", "akun", "lampiran", "hari_kerja",
                   "templat", "kirim", "halaman", "klasifikasi"}),
    "templat": frozenset({"folder"}),
    "halaman": HALAMAN_KEYS,
    "surat": frozenset({"dasar", "dasar_sk_pokja", "sifat_disposisi", "disposisi_terisi", "tembusan",
                        "tanggal_serah_terima", "tempat_serah_terima"}),
    "penomoran": frozenset({"pencacah", "kode", "unit", *DOCUMENT_KINDS}),
    **{f"penomoran.{kind}": frozenset({"format", "kode", "unit"}) for kind in DOCUMENT_KINDS},
    "akun": frozenset({"user_id", "panjang_kata_sandi", "alfabet_kata_sandi", "kata_sandi_manual"}),
    "lampiran": frozenset({"periksa", "folder"}),
    "hari_kerja": frozenset({"batas_langkah", "libur_tambahan"}),
    "kirim": frozenset({"whatsapp", "pesan_terpisah", "templat_pesan"}),
}


# Keys an older sopgen read and this one no longer does: the clerk is told why, not that it is a typo.
RETIRED_KEYS: dict[tuple[str, str], str] = {
    ("surat", "batas_daftar_langsung"): "anggota Pokja kini selalu didaftar di Lampiran Surat Perintah (Surat "
                                        "Perintah ditujukan kepada Kepala LPSE). Hapus baris itu.",
}
RETENTION_KEYS = frozenset({"uraian", "retensi_aktif", "retensi_inaktif", "nasib_akhir"})


def _refuse_unknown_keys(path: Path, raw: dict[str, Any]) -> None:
    import difflib

    for (where, key), why in RETIRED_KEYS.items():
        if key in (raw.get(where) or {}):
            raise ConfigError(f"Konfigurasi {path}: kunci '{key}' di [{where}] tidak dipakai lagi: {why}")
    for where, known in KNOWN_KEYS.items():
        section: Any = raw
        for part in where.split(".") if where else []:
            section = section.get(part) if isinstance(section, dict) else None
        if not isinstance(section, dict):
            continue
        for key in section:
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
                hint = (f" Mungkin maksudnya '{close[0]}'?" if close
                        else f" Kunci yang dikenal: {', '.join(sorted(known))}.")
                table = f"[{where}]" if where else "tingkat teratas"
                raise ConfigError(f"Konfigurasi {path}: kunci '{key}' di {table} tidak dikenal sopgen.{hint}")


@dataclass(frozen=True)
class _Reader:
    """Reads the config's values, each checked for its kind; a mistake names the key."""

    path: Path

    def wrong(self, key: str, what: str) -> ConfigError:
        return ConfigError(f"Konfigurasi {self.path}: '{key}' {what}")

    def need(self, section: dict[str, Any], key: str, where: str, kind: type = str, default: Any = ...) -> Any:
        full = f"{where}.{key}" if where else key
        if key not in section:
            if default is not ...:
                return default
            raise ConfigError(f"Konfigurasi {self.path}: kunci '{full}' belum diisi.")
        value = section[key]
        if not _is(value, kind):
            what, example = (text.format(key=full, name=key) for text in EXPECTED[kind])
            raise self.wrong(full, f"harus berupa {what} (bukan {_found(value)}), misalnya {example}.")
        return value


def _signatories(r: _Reader, raw: dict[str, Any]) -> dict[str, Signatory]:
    signers_raw = r.need(raw, "penandatangan", "", dict)
    signers = {}
    for role in SIGNATORIES:
        s = r.need(signers_raw, role, "penandatangan", dict)
        where = f"penandatangan.{role}"
        signers[role] = Signatory(
            jabatan=r.need(s, "jabatan", where),
            nama=r.need(s, "nama", where),
            nip=_signatory_nip(r, r.need(s, "nip", where), f"{where}.nip"),
            pangkat=r.need(s, "pangkat", where),
        )
    return signers


def _signatory_nip(r: _Reader, nip: str, key: str) -> str:
    """A signer's NIP as 18 digits (typed grouped or not); an example value is left as it is."""
    if EXAMPLE_WORD.search(nip):
        return nip
    digits = "".join(nip.split())
    if not (digits.isdigit() and len(digits) == 18):
        raise r.wrong(key, f"harus NIP 18 digit (boleh ditulis berkelompok, misalnya \"19700101 199503 1 001\"), "
                      f"bukan \"{nip}\".")
    return digits


def _letters(r: _Reader, raw: dict[str, Any]) -> dict[str, Any]:
    surat = r.need(raw, "surat", "", dict)
    r.need(surat, "dasar", "surat", list)
    if str(surat.get("tanggal_serah_terima", "kosong")) not in ("kosong", "surat"):
        raise r.wrong("surat.tanggal_serah_terima", 'harus "kosong" (hari dan tanggal ditulis tangan saat '
                      'serah terima) atau "surat" (tanggal Surat Perintah).')
    r.need(surat, "disposisi_terisi", "surat", bool, False)
    r.need(surat, "tempat_serah_terima", "surat", str, "")
    r.need(surat, "tembusan", "surat", list, [])
    decree = r.need(surat, "dasar_sk_pokja", "surat", str, "{nomor}")
    _check_pattern(r.path, "surat.dasar_sk_pokja", "{nomor} (nomor SK Pokja dari lembar data)",
                   lambda n: decree.format(nomor=n), ("1/2026", "2/2026"),
                   "harus memuat {nomor}, agar setiap SK Pokja disebut dengan nomornya.")
    return dict(surat)


def _numbering(r: _Reader, raw: dict[str, Any]) -> tuple[bool, dict[str, NumberFormat]]:
    """Whether all kinds share one counter, and each kind's number format. The classification code
    and the unit code are set once under [penomoran] (a kind's own table may override them)."""
    numbering_raw = r.need(raw, "penomoran", "", dict)
    counter = numbering_raw.get("pencacah", "per_jenis")
    if counter not in ("per_jenis", "bersama"):
        raise r.wrong("penomoran.pencacah", 'harus "per_jenis" atau "bersama".')
    shared_kode = r.need(numbering_raw, "kode", "penomoran", str, None)
    shared_unit = r.need(numbering_raw, "unit", "penomoran", str, None)
    numbering = {}
    for kind in DOCUMENT_KINDS:
        n = r.need(numbering_raw, kind, "penomoran", dict, {})
        where = f"penomoran.{kind}"
        kode = r.need(n, "kode", where, str, shared_kode)
        unit = r.need(n, "unit", where, str, shared_unit)
        if kode is None or unit is None:
            missing = "kode" if kode is None else "unit"
            raise ConfigError(f"Konfigurasi {r.path}: kunci 'penomoran.{missing}' belum diisi (atau "
                              f"'{where}.{missing}').")
        fmt = NumberFormat(r.need(n, "format", where, str, DEFAULT_NUMBER_FORMAT), kode, unit)
        _check_pattern(r.path, f"{where}.format", "{kode}, {urut:03d}, {unit} dan {tahun}",
                       partial(fmt.render, tahun=2000), (1, 2),
                       "harus memuat {urut}, agar setiap surat mendapat nomor sendiri.")
        numbering[kind] = fmt
    if counter == "per_jenis":
        _refuse_twin_numbers(r, numbering)
    return counter == "bersama", numbering


def _refuse_twin_numbers(r: _Reader, numbering: dict[str, NumberFormat]) -> None:
    """With a counter per kind, two kinds written alike would give two letters the same number."""
    seen: dict[str, str] = {}
    for kind, fmt in numbering.items():
        sample = fmt.render(1, 2000)
        if sample in seen:
            raise ConfigError(
                f"Konfigurasi {r.path}: nomor {seen[sample].replace('_', ' ')} dan {kind.replace('_', ' ')} "
                f"ditulis sama (misalnya keduanya {sample}), padahal pencacahnya sendiri-sendiri: dua surat "
                "akan bernomor sama. Beri salah satu format penanda jenis (misalnya \"{kode}/{urut:03d}/BA/"
                "{unit}/{tahun}\") atau pakai satu pencacah untuk semua: pencacah = \"bersama\".",
                code="NOMOR_KEMBAR")
        seen[sample] = kind


def _retention(r: _Reader, raw: dict[str, Any], numbering: dict[str, NumberFormat]) -> dict[str, Retention]:
    """[klasifikasi."<kode>"]: the retention schedule of every classification code the letters use."""
    tables = r.need(raw, "klasifikasi", "", dict, {})
    retention = {}
    for kode, entry in tables.items():
        where = f'klasifikasi."{kode}"'
        if not isinstance(entry, dict):
            raise r.wrong(where, f'harus berupa tabel [{where}] dengan uraian, retensi_aktif, retensi_inaktif '
                          "dan nasib_akhir.")
        for key in entry:
            if key not in RETENTION_KEYS:
                raise r.wrong(f"{where}.{key}", f"tidak dikenal sopgen. Kunci yang dikenal: "
                              f"{', '.join(sorted(RETENTION_KEYS))}.")
        values = [r.need(entry, key, where) for key in ("uraian", "retensi_aktif", "retensi_inaktif",
                                                         "nasib_akhir")]
        retention[str(kode)] = Retention(str(kode), *values)
    for kind, fmt in numbering.items():
        if fmt.kode not in retention:
            raise ConfigError(
                f"Konfigurasi {r.path}: kode klasifikasi {fmt.kode} (nomor {kind.replace('_', ' ')}) belum "
                f'mempunyai jadwal retensi. Tambahkan tabel [klasifikasi."{fmt.kode}"] dengan uraian, '
                "retensi_aktif, retensi_inaktif dan nasib_akhir dari JRA kantor Anda (tanyakan arsiparis).",
                code="RETENSI_TIDAK_ADA")
    return retention


def _account(r: _Reader, raw: dict[str, Any]) -> tuple[str, int, str, bool]:
    """The user-ID rule, the password length and alphabet, and whether passwords are written by hand."""
    akun = r.need(raw, "akun", "", dict, {})
    user_id_format = r.need(akun, "user_id", "akun", str, "{nip}")
    _check_pattern(r.path, "akun.user_id", "{nip} (NIP 18 digit)", lambda nip: user_id_format.format(nip=nip),
                   SAMPLE_NIPS, "harus memuat {nip} utuh, agar setiap anggota mendapat user ID sendiri.")
    length = r.need(akun, "panjang_kata_sandi", "akun", int, 12)
    if not PASSWORD_LENGTH[0] <= length <= PASSWORD_LENGTH[1]:
        raise r.wrong("akun.panjang_kata_sandi", f"harus antara {PASSWORD_LENGTH[0]} dan {PASSWORD_LENGTH[1]} "
                      f"karakter, bukan {length}: kata sandi yang lebih pendek mudah ditebak.")
    alphabet = r.need(akun, "alfabet_kata_sandi", "akun", str, DEFAULT_ALPHABET)
    _check_alphabet(r.path, alphabet)
    manual = r.need(akun, "kata_sandi_manual", "akun", bool, False)
    return user_id_format, length, alphabet, manual


def _attachments(r: _Reader, raw: dict[str, Any]) -> tuple[bool, Path]:
    lampiran = r.need(raw, "lampiran", "", dict, {})
    check_attachments = r.need(lampiran, "periksa", "lampiran", bool, True)
    folder = r.need(lampiran, "folder", "lampiran", str, "input/lampiran")
    if not folder.strip():
        raise r.wrong("lampiran.folder", 'masih kosong. Tulis folder salinan lampiran, misalnya "input/lampiran".')
    return check_attachments, Path(folder)


def _working_days(r: _Reader, raw: dict[str, Any]) -> tuple[frozenset[date], dict[int, int]]:
    """The office's extra days off, and the working days each SOP step may take."""
    hari_kerja = r.need(raw, "hari_kerja", "", dict, {})
    days_off = r.need(hari_kerja, "libur_tambahan", "hari_kerja", list, [])
    try:
        extra = frozenset(d if isinstance(d, date) else date.fromisoformat(str(d)) for d in days_off)
    except ValueError:
        raise r.wrong("hari_kerja.libur_tambahan",
                      "berisi tanggal yang tidak valid. Tulis tanggal sebagai YYYY-MM-DD.") from None
    deadlines = {}
    for step, days in r.need(hari_kerja, "batas_langkah", "hari_kerja", dict, {}).items():
        if not (str(step).strip() in {str(s) for s in DEADLINE_STEPS} and _is(days, int) and days >= 0):
            raise r.wrong("hari_kerja.batas_langkah",
                          'harus berisi pasangan langkah = jumlah hari kerja, misalnya { "2" = 1 }: langkah 2, '
                          "3 atau 4, hari kerja bilangan bulat 0 atau lebih.")
        deadlines[int(step)] = days
    return extra, deadlines


def _templates_folder(r: _Reader, raw: dict[str, Any]) -> Path:
    """Where the Word templates are: beside the config unless [templat] folder says otherwise."""
    templat = r.need(raw, "templat", "", dict, {})
    folder = r.need(templat, "folder", "templat", str, ".")
    if not folder.strip():
        raise r.wrong("templat.folder", 'masih kosong. Tulis folder templat Word, misalnya "." (folder '
                      "berkas konfigurasi ini).")
    return Path(folder)


def _send(r: _Reader, raw: dict[str, Any]) -> SendSettings:
    """How the send page links to WhatsApp, whether user ID and password go apart, and its template."""
    kirim = r.need(raw, "kirim", "", dict, {})
    whatsapp = r.need(kirim, "whatsapp", "kirim", str, "aplikasi")
    if whatsapp not in WHATSAPP_LINKS:
        raise r.wrong("kirim.whatsapp", 'harus "aplikasi" (membuka aplikasi WhatsApp di komputer ini) atau '
                      f'"wa.me" (lewat situs WhatsApp), bukan "{whatsapp}".')
    separate = r.need(kirim, "pesan_terpisah", "kirim", bool, False)
    template = r.need(kirim, "templat_pesan", "kirim", str, "pesan_akun.txt")
    if not template.strip():
        raise r.wrong("kirim.templat_pesan", 'masih kosong. Tulis nama berkas templat pesan di folder templat, '
                      'misalnya "pesan_akun.txt".')
    return SendSettings(whatsapp=whatsapp, separate=separate, template=template)


def example_keys(raw: Any, where: str = "") -> list[str]:
    """Every key whose value (or an item of its list) still holds the word CONTOH, in file order."""
    found: list[str] = []
    if isinstance(raw, dict):
        for key, value in raw.items():
            found += example_keys(value, f"{where}.{key}" if where else str(key))
    elif isinstance(raw, list):
        if any(example_keys(item) for item in raw):
            found.append(where)
    elif isinstance(raw, str) and EXAMPLE_WORD.search(raw):
        found.append(where)
    return found


def _parse(path: Path, raw: dict[str, Any]) -> Config:
    r = _Reader(path)
    kantor = r.need(raw, "kantor", "", dict)
    for key in ("pemerintah", "alamat", "kota"):
        r.need(kantor, key, "kantor")
    signers = _signatories(r, raw)
    surat = _letters(r, raw)
    shared_counter, numbering = _numbering(r, raw)
    user_id_format, length, alphabet, manual = _account(r, raw)
    check_attachments, folder = _attachments(r, raw)
    extra, deadlines = _working_days(r, raw)
    templates_folder = _templates_folder(r, raw)
    send = _send(r, raw)
    page = page_setup(r, raw)
    retention = _retention(r, raw, numbering)
    _refuse_unknown_keys(path, raw)  # last: a wrong value says more than the key beside it
    return Config(
        path=path,
        kantor=kantor,
        penandatangan=signers,
        surat=surat,
        numbering=numbering,
        shared_counter=shared_counter,
        user_id_format=user_id_format,
        password_length=length,
        password_alphabet=alphabet,
        manual_password=manual,
        check_attachments=check_attachments,
        attachments_folder=folder,
        extra_days_off=extra,
        step_deadlines=deadlines,
        templates_folder=templates_folder,
        examples=tuple(example_keys(raw)),
        send=send,
        page=page,
        retention=retention,
    )


def refuse_examples(config: Config) -> None:
    """No letter is numbered while the config still holds an example value: number 001 of the year
    would be used up for good by a letter signed by an example official."""
    if not config.examples:
        return
    keys = "\n".join(f"  - {key}" for key in config.examples)
    raise ConfigError(
        f"Konfigurasi {config.path} masih memuat nilai CONTOH, jadi belum ada surat yang diberi nomor "
        f"(register tidak diubah). Isi kunci berikut dengan data kantor Anda:\n{keys}\nLalu periksa "
        "hasilnya dengan 'sopgen config' dan jalankan lagi.",
        code="KONFIGURASI_CONTOH",
    )


def _check_pattern(path: Path, key: str, names: str, fill: Callable[[Any], str], samples: tuple[Any, ...],
                   distinct: str) -> None:
    """A {placeholder} pattern must fill in for every sample and give each sample its own result."""
    try:
        results = {fill(sample) for sample in samples}
    except KeyError as exc:
        raise ConfigError(
            f"Konfigurasi {path}: '{key}' memakai {{{exc.args[0]}}}, yang tidak dikenal. Yang tersedia: {names}."
        ) from None
    except (ValueError, IndexError, AttributeError, TypeError):
        raise ConfigError(
            f"Konfigurasi {path}: '{key}' tidak valid: periksa kurung kurawal {{ }}. Yang tersedia: {names}."
        ) from None
    if len(results) < len(samples):
        raise ConfigError(f"Konfigurasi {path}: '{key}' {distinct}")


def _check_alphabet(path: Path, alphabet: str) -> None:
    key = "akun.alfabet_kata_sandi"
    odd = sorted({c for c in alphabet if c not in PASSWORD_CHARACTERS})
    if odd:
        shown = ", ".join(repr(c) for c in odd[:5])
        raise ConfigError(
            f"Konfigurasi {path}: '{key}' memuat karakter yang sulit dibaca atau diketik ({shown}). "
            "Pakai hanya huruf, angka dan tanda baca, tanpa spasi."
        )
    twice = sorted({c for c in alphabet if alphabet.count(c) > 1})
    if twice:
        raise ConfigError(
            f"Konfigurasi {path}: '{key}' memuat karakter yang sama lebih dari sekali ({''.join(twice)}); "
            "tulis setiap karakter sekali saja, agar semua karakter sama mungkinnya."
        )
    if len(alphabet) < MIN_ALPHABET:
        raise ConfigError(
            f"Konfigurasi {path}: '{key}' hanya {len(alphabet)} karakter; perlu paling sedikit "
            f"{MIN_ALPHABET} karakter berbeda agar kata sandi tidak mudah ditebak."
        )
