"""What the letters will carry, for the clerk to confirm before the first real run: the kop, the
signatories, the numbering with the next number of each document, and the config's problems left."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .config import DOCUMENT_KINDS, Config
from .letterhead import PageSetup, address_line, contact_lines
from .register import SHARED_SCOPE

KIND_LABELS = {
    "surat_perintah": "Surat Perintah",
    "lembar_disposisi": "Lembar Disposisi",
    "serah_terima": "Berita Acara Serah Terima",
}
ROLE_LABELS = {
    "kepala_ukpbj": "Kepala UKPBJ (menandatangani Surat Perintah)",
    "kepala_lpse": "Kepala LPSE (mendisposisi; mengetahui berita acara)",
    "admin_agency": "Admin Agency (menyerahkan akun; PIHAK PERTAMA berita acara)",
}


@dataclass(frozen=True)
class ConfigProblem:
    code: str
    message: str


@dataclass
class Identity:
    """The office as its letters will show it, section by section, and what is still to be done
    (`problems`: no letter until solved; `warnings`: the letters are made, with something missing)."""

    config_path: Path
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    problems: list[ConfigProblem] = field(default_factory=list)
    warnings: list[ConfigProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def office_identity(config: Config, counters: dict[tuple[str, int], int], year: int) -> Identity:
    """`counters` holds the last number of each (scope, year) already issued (empty for a new register)."""
    identity = Identity(config.path)
    k = config.kantor
    kop = [str(k["pemerintah"]), *map(str, k.get("unit", [])), address_line(k), *contact_lines(k)]
    identity.sections.append(("Kop surat", [*kop, _lambang_line(config, identity)]))
    identity.sections.append(("Halaman", _page_lines(config.page)))
    signers = []
    for role, signer in config.penandatangan.items():
        signers += [f"{ROLE_LABELS.get(role, role)}:", f"  {signer.jabatan}",
                    f"  {signer.nama}", f"  {signer.pangkat}", f"  NIP. {signer.nip_display}"]
    identity.sections.append(("Penanda tangan", signers))
    counter = "bersama untuk semua jenis" if config.shared_counter else "sendiri untuk setiap jenis"
    numbering = [f"Nomor urut {counter}, mulai dari 001 setiap tahun."]
    for kind in DOCUMENT_KINDS:
        scope = SHARED_SCOPE if config.shared_counter else kind
        following = config.numbering[kind].render(counters.get((scope, year), 0) + 1, year)
        numbering.append(f"{KIND_LABELS[kind]}: nomor berikutnya {following}")
    identity.sections.append((f"Penomoran tahun {year}", numbering))
    identity.sections.append(("Klasifikasi dan retensi arsip (JRA)", [
        f"{r.kode} {r.uraian}: aktif {r.aktif}, inaktif {r.inaktif}, {r.nasib_akhir.lower()}"
        for r in sorted({config.retention_of(kind) for kind in DOCUMENT_KINDS}, key=lambda r: r.kode)]))
    identity.sections.append(("Templat Word", [str(config.templates_dir)]))
    if config.examples:
        keys = "".join(f"\n      {key}" for key in config.examples)
        identity.problems.append(ConfigProblem(
            "KONFIGURASI_CONTOH",
            f"Nilai CONTOH belum diganti di {config.path}; selama masih ada, 'sopgen letters' tidak "
            f"memberi nomor pada surat apa pun. Isi kunci berikut dengan data kantor Anda:{keys}"))
    return identity


def _lambang_line(config: Config, identity: Identity) -> str:
    from .dress import LAMBANG_MISSING, lambang_warning
    from .lambang import read_lambang

    path = config.lambang_path
    if path is None:
        return "Lambang daerah: tidak dipakai (lambang = \"\"): kop tanpa lambang"
    missing = lambang_warning(config)
    if missing is not None:
        identity.warnings.append(ConfigProblem(LAMBANG_MISSING, missing))
        return f"Lambang daerah: {path} TIDAK ADA (kop dicetak tanpa lambang)"
    image = read_lambang(path)
    return (f"Lambang daerah: {path} ({image.width_px} × {image.height_px} piksel, tinggi "
            f"{config.page.lambang_height_cm:g} cm di kop)")


def _page_lines(page: PageSetup) -> list[str]:
    width, height = page.size_mm
    numbers = {"atas": "di tengah atas mulai halaman 2", "bawah": "di tengah bawah mulai halaman 2",
               "tidak": "tidak dicetak"}[page.page_numbers]
    return [f"Kertas {page.paper} ({width:g} × {height:g} mm)",
            f"Margin: kiri {page.left_cm:g} cm, kanan {page.right_cm:g} cm, atas {page.top_cm:g} cm, "
            f"bawah {page.bottom_cm:g} cm",
            f"Huruf {page.font} {page.font_size:g} pt, bahasa Indonesia (id-ID)",
            f"Nomor halaman {numbers}"]


def counters_of(register_path: Path, year: int) -> dict[tuple[str, int], int]:
    """The register's counters for the year, or none when there is no register yet."""
    if not register_path.exists():
        return {}
    from .register import Register

    with Register(register_path, read_only=True) as register:
        scopes = (*DOCUMENT_KINDS, SHARED_SCOPE)
        return {(scope, year): register.counter(scope, year) for scope in scopes}


def this_year() -> int:
    return date.today().year
