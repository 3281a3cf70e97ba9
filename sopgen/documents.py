"""What goes on each document: the template context of the Surat Perintah, the Lembar Disposisi,
the Berita Acara Serah Terima Akun and the Slip Kata Sandi, as plain dicts of text."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .config import Config, Signatory
from .idtext import tanggal, tanggal_terbilang, tempat_tanggal, terbilang
from .letterhead import address_line, contact_lines
from .model import Member

SIFAT = ("Sangat Segera", "Segera", "Rahasia", "Biasa")
INSTRUKSI = (
    "Tanggapan dan saran",
    "Proses lebih lanjut",
    "Koordinasi/konfirmasikan",
    "Untuk diketahui",
    "Arsip",
)
INSTRUKSI_DIPILIH = "Proses lebih lanjut"
PERIHAL = "Penambahan Akun SPSE bagi Pokja Pemilihan"
# The handover (SOP step 4) happens after the account is made (step 3), days after the Surat
# Perintah: by default its day and date are left for the signers to write in words by hand, each
# blank as long as the longest word it takes in handwriting ("Minggu", "dua puluh tujuh",
# "September", "dua ribu dua puluh sembilan").
HANDOVER_DATE_BLANK = "{} tanggal {} bulan {} tahun {}".format(*("…" * n for n in (8, 13, 9, 16)))
DEFAULT_SK_DASAR = "Keputusan Kepala UKPBJ Nomor {nomor} tentang Penetapan Kelompok Kerja Pemilihan"
HAND_LINES = {"diteruskan_kepada": 3, "catatan": 4}  # ruled lines of the hand-filled Lembar Disposisi
NBSP = "\u00a0"
MAX_GLUED = 30  # characters a glued name tail may take: it must fit the narrowest name column
_DEGREES = re.compile(r",\s+(?=\S*\.)")  # ", S.T." : the comma before the first academic degree
_GOLONGAN = re.compile(r"(Tingkat|Golongan)\s+([^\s,]+)|,\s+")


def handover_dated(config: Config) -> bool:
    """True when the handover note carries the batch date in words instead of blanks."""
    return str(config.surat.get("tanggal_serah_terima", "kosong")) == "surat"


def disposition_filled(config: Config) -> bool:
    """True when the office wants the Lembar Disposisi pre-filled, not left for the Kepala LPSE's hand."""
    return bool(config.surat.get("disposisi_terisi", False))


def orang(n: int) -> str:
    """5 -> '5 (lima) orang'"""
    return f"{n} ({terbilang(n)}) orang"


def nama_utuh(nama: str) -> str:
    """A name whose degrees never wrap away from it: 'Wicaksono, S.T., M.T.' stays on one line. A tail
    too long for any column keeps only its first degree with the name (a word never breaks mid-way)."""
    found = _DEGREES.search(nama)
    if found is None:
        return nama
    head, tail = nama[:found.start()], nama[found.start():]
    last_word = head.rsplit(" ", 1)[-1]
    if len(last_word) + len(tail) <= MAX_GLUED:
        return head + tail.replace(" ", NBSP)
    first, _, rest = tail.lstrip(", ").partition(" ")
    return f"{head},{NBSP}{first}" + (f" {rest}" if rest else "")


def pangkat_utuh(pangkat_golongan: str) -> str:
    """'Penata Muda Tingkat I, III/b': 'Tingkat I' and the golongan never wrap away from the pangkat."""
    return _GOLONGAN.sub(lambda m: f"{m[1]}{NBSP}{m[2]}" if m[1] else f",{NBSP}", pangkat_golongan)


def kop(config: Config) -> dict[str, Any]:
    k = config.kantor
    aplikasi = str(k.get("aplikasi", "SPSE"))
    short = re.search(r"\(([^()]+)\)\s*$", aplikasi)
    return {
        "pemerintah": k["pemerintah"],
        "unit": list(k.get("unit", [])),
        "alamat": k["alamat"],
        "alamat_lengkap": address_line(k),
        "kontak": contact_lines(k),
        "telepon": k.get("telepon", ""),
        "faks": k.get("faks", ""),
        "kota": k["kota"],
        "nama_ukpbj": k.get("nama_ukpbj", "UKPBJ"),
        "nama_lpse": k.get("nama_lpse", "LPSE"),
        "aplikasi": aplikasi,
        "aplikasi_singkat": str(k.get("aplikasi_singkat", short[1] if short else aplikasi)),
        "alamat_spse": k.get("alamat_spse", ""),
    }


def signer(s: Signatory) -> dict[str, str]:
    return {"jabatan": s.jabatan, "nama": nama_utuh(s.nama), "nip": s.nip, "nip_label": "NIP",
            "nip_display": s.nip_display, "pangkat": pangkat_utuh(s.pangkat),
            "pangkat_golongan": pangkat_utuh(s.pangkat)}


def member_row(m: Member, no: int) -> dict[str, Any]:
    return {
        "no": no,
        "nama": nama_utuh(m.nama),
        "nip": m.nip,
        "nip_label": m.nip_label,
        "nip_display": m.nip_display,
        "alamat_instansi": m.alamat_instansi,
        "telepon": m.telepon,
        "email": m.email,
        "pangkat_golongan": pangkat_utuh(m.pangkat_golongan),
        "pangkat": m.pangkat,
        "golongan": m.golongan,
        "jabatan": m.jabatan,
        "no_sertifikat_pbj": m.no_sertifikat_pbj,
        "no_sk_pokja": m.no_sk_pokja,
    }


def _dated(config: Config, nomor: str, when: date) -> dict[str, Any]:
    return {
        "kantor": kop(config),
        "nomor": nomor,
        "tanggal": tanggal(when),
        "tempat_tanggal": tempat_tanggal(config.kantor["kota"], when),
        "tahun": when.year,
    }


def dasar(config: Config, members: list[Member]) -> list[str]:
    """The config's legal bases, then each distinct SK Pokja of the sheet once, punctuated as a list."""
    form = str(config.surat.get("dasar_sk_pokja", DEFAULT_SK_DASAR))
    decrees = [form.format(nomor=n) for n in dict.fromkeys(m.no_sk_pokja for m in members if m.no_sk_pokja)]
    items = [str(item).rstrip(" ;.,") for item in [*config.surat["dasar"], *decrees]]
    return [item + (";" if i < len(items) - 1 else ".") for i, item in enumerate(items)]


def surat_perintah_context(config: Config, members: list[Member], nomor: str, when: date) -> dict[str, Any]:
    k = kop(config)
    lpse = config.penandatangan["kepala_lpse"]
    admin = config.penandatangan["admin_agency"]
    ukpbj = config.penandatangan["kepala_ukpbj"]
    return {
        **_dated(config, nomor, when),
        "perihal": PERIHAL,
        "dasar": dasar(config, members),
        "kepada": signer(lpse),
        "anggota": [member_row(m, i) for i, m in enumerate(members, start=1)],
        "jumlah": len(members),
        "jumlah_orang": orang(len(members)),
        "untuk": [
            f"menambahkan akun {k['aplikasi_singkat']} bagi {orang(len(members))} anggota Pokja Pemilihan "
            "sebagaimana tercantum dalam Lampiran Surat Perintah ini, sesuai Surat Keputusan pengangkatannya;",
            f"menugaskan {admin.jabatan} membuat akun tersebut, lalu menyerahkan User ID kepada setiap anggota "
            "dengan Berita Acara Serah Terima dan kata sandi sementaranya dalam Slip Kata Sandi tertutup, hanya "
            "kepada anggota yang bersangkutan;",
            f"melaporkan pelaksanaan Surat Perintah ini kepada {ukpbj.jabatan};",
            "melaksanakan perintah ini dengan penuh tanggung jawab.",
        ],
        "penandatangan": signer(ukpbj),
        # The addressee acts on the order: he is never also sent a copy.
        "tembusan": [t for t in config.surat.get("tembusan", []) if str(t).strip().lower() != lpse.jabatan.lower()],
    }


def lembar_disposisi_context(
    config: Config, *, nomor_agenda: str, surat_perintah_nomor: str,
    surat_perintah_tanggal: date, diterima: date, jumlah: int,
) -> dict[str, Any]:
    """The incoming letter's data; the disposition itself is left for the Kepala LPSE's hand unless
    the office has it pre-filled ([surat] disposisi_terisi = true)."""
    sifat = str(config.surat.get("sifat_disposisi", "Segera"))
    filled = disposition_filled(config)
    note = (f"Mohon segera ditambahkan akun SPSE bagi {orang(jumlah)} anggota Pokja Pemilihan sesuai Surat "
            f"Perintah Nomor {surat_perintah_nomor}, lalu User ID diserahkan dengan berita acara dan kata sandi "
            "sementara dalam slip tertutup kepada masing-masing anggota.")
    forwarded = config.penandatangan["admin_agency"].jabatan
    return {
        **_dated(config, nomor_agenda, diterima),
        "surat": {
            "dari": config.penandatangan["kepala_ukpbj"].jabatan,
            "nomor": surat_perintah_nomor,
            "tanggal": tanggal(surat_perintah_tanggal),
        },
        "diterima_tanggal": tanggal(diterima) if filled else "",
        "tanggal_disposisi": tanggal(diterima) if filled else "",
        "nomor_agenda": nomor_agenda,
        "sifat": sifat,
        "sifat_pilihan": [{"teks": s, "dipilih": s == sifat} for s in SIFAT],
        "perihal": f"Penambahan Akun SPSE bagi {orang(jumlah)} anggota Pokja Pemilihan",
        "diteruskan_kepada": _lines([forwarded] if filled else [], HAND_LINES["diteruskan_kepada"]),
        "instruksi": [{"teks": t, "dipilih": filled and t == INSTRUKSI_DIPILIH} for t in INSTRUKSI],
        "catatan": _lines([note] if filled else [], HAND_LINES["catatan"] - (2 if filled else 0)),
        "penandatangan": signer(config.penandatangan["kepala_lpse"]),
    }


def _lines(filled: list[str], count: int) -> list[str]:
    return [*filled, *[""] * (count - len(filled))]


def replaced(nomor: str | None, tanggal: date | None) -> dict[str, str] | None:
    """What a reissued note or slip says it replaces: the earlier Berita Acara's number and date."""
    if nomor is None or tanggal is None:
        return None
    return {"nomor": nomor, "tanggal": _tanggal(tanggal)}


def serah_terima_context(
    config: Config, member: Member, *, nomor: str, tanggal: date, user_id: str,
    surat_perintah_nomor: str, surat_perintah_tanggal: date, menggantikan: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The archived Berita Acara: the account handed over, never its password (that is the slip's).
    `menggantikan`: the earlier note this one replaces (`replaced`), stated on it; None for a first note."""
    k = kop(config)
    return {
        "menggantikan": menggantikan,
        **_dated(config, nomor, tanggal),
        "tanggal_terbilang": (tanggal_terbilang(tanggal) if handover_dated(config)
                              else HANDOVER_DATE_BLANK),
        "tempat": str(config.surat.get("tempat_serah_terima", f"Kantor {k['nama_lpse']}")),
        "anggota": member_row(member, 1),
        "user_id": user_id,
        "pihak_pertama": signer(config.penandatangan["admin_agency"]),
        "mengetahui": signer(config.penandatangan["kepala_lpse"]),
        "surat_perintah": {"nomor": surat_perintah_nomor,
                           "tanggal": _tanggal(surat_perintah_tanggal)},
        "alamat_spse": k["alamat_spse"],
        "aplikasi": k["aplikasi"],
    }


def slip_kata_sandi_context(
    config: Config, member: Member, *, serah_terima_nomor: str, tanggal: date, user_id: str, kata_sandi: str,
    menggantikan: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The member's own slip: name, NIP, user ID, the temporary password (or a line to write it on);
    `menggantikan` names the earlier note whose slip (and password) this one replaces."""
    return {
        "menggantikan": menggantikan,
        **_dated(config, serah_terima_nomor, tanggal),
        "anggota": member_row(member, 1),
        "user_id": user_id,
        "kata_sandi": "" if config.manual_password else kata_sandi,
        "serah_terima": {"nomor": serah_terima_nomor},
    }


_tanggal = tanggal  # serah_terima_context's keyword argument shadows the function


def sample_members(count: int) -> list[Member]:
    """Realistic members for checking templates: special characters, long names, PPPK."""
    names = ["Ma'ruf Hidayat, S.Kom.", "Dra. Sri Wahyuningsih & Rekan <Tim>", 'Ir. "Bambang" Sutrisno',
             "Đặng Thị Ñuñez, S.E., M.Ak.", "Ahmad Zainuddin Abdurrahman Wicaksono, S.T., M.T."]
    members = []
    for i in range(count):
        nip = f"1980010120050110{i % 90 + 10:02d}"
        members.append(Member(
            row=5 + i, nama=names[i % len(names)], nip=nip,
            alamat_instansi="Jl. Aloon-aloon Utara No. 9, Ponorogo",
            telepon=f"0812-3456-{7800 + i:04d}", telepon_e164=f"+62812345{67800 + i:05d}",
            email=f"pegawai{i}@ponorogo.go.id", pangkat="Penata Muda Tingkat I", golongan="III/b",
            jabatan="Pengelola Pengadaan Barang/Jasa Ahli Pertama",
            no_sertifikat_pbj=f"L2.{i:06d}.2021", no_sk_pokja="188.45/412/405.08/2026",
        ))
    return members


def sample_contexts(config: Config, members: int = 12, *, reissued: bool = False) -> dict[str, dict[str, Any]]:
    """One realistic context per document kind (used by check-templates and the tests); `reissued`: the
    note and slip replace an earlier note."""
    when = date(2026, 11, 24)
    people = sample_members(members)
    sp = config.numbering["surat_perintah"].render(1, when.year)
    ba = config.numbering["serah_terima"].render(1, when.year)
    earlier = replaced(config.numbering["serah_terima"].render(2, when.year), date(2026, 11, 2)) if reissued else None
    return {
        "surat_perintah": surat_perintah_context(config, people, sp, when),
        "lembar_disposisi": lembar_disposisi_context(
            config, nomor_agenda=config.numbering["lembar_disposisi"].render(1, when.year),
            surat_perintah_nomor=sp, surat_perintah_tanggal=when, diterima=when, jumlah=members,
        ),
        "serah_terima": serah_terima_context(
            config, people[0], nomor=ba, tanggal=when, user_id=config.user_id(people[0].nip),
            surat_perintah_nomor=sp, surat_perintah_tanggal=when, menggantikan=earlier,
        ),
        "slip_kata_sandi": slip_kata_sandi_context(
            config, people[0], serah_terima_nomor=ba, tanggal=when, user_id=config.user_id(people[0].nip),
            kata_sandi="Ab3dEf7hJk9m", menggantikan=earlier,
        ),
    }
