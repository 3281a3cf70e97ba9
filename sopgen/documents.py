"""What goes on each document: the template context of the Surat Perintah, the Lembar Disposisi
and the Berita Acara Serah Terima Akun, as plain dicts of text."""

from __future__ import annotations

from datetime import date
from typing import Any

from .config import Config, Signatory
from .idtext import tanggal, tanggal_terbilang, tempat_tanggal, terbilang
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
# Perintah: by default its day and date are left for the signers to write by hand.
HANDOVER_DATE_BLANK = "…………… tanggal ……………… bulan …………… tahun ………………"


def handover_dated(config: Config) -> bool:
    """True when the handover note carries the batch date in words instead of blanks."""
    return str(config.surat.get("tanggal_serah_terima", "kosong")) == "surat"


def kop(config: Config) -> dict[str, Any]:
    k = config.kantor
    return {
        "pemerintah": k["pemerintah"],
        "unit": list(k.get("unit", [])),
        "alamat": k["alamat"],
        "telepon": k.get("telepon", ""),
        "faks": k.get("faks", ""),
        "kota": k["kota"],
        "nama_ukpbj": k.get("nama_ukpbj", "UKPBJ"),
        "nama_lpse": k.get("nama_lpse", "LPSE"),
        "aplikasi": k.get("aplikasi", "SPSE"),
        "alamat_spse": k.get("alamat_spse", ""),
    }


def signer(s: Signatory) -> dict[str, str]:
    return {"jabatan": s.jabatan, "nama": s.nama, "nip": s.nip, "nip_label": "NIP",
            "nip_display": s.nip_display, "pangkat": s.pangkat}


def member_row(m: Member, no: int) -> dict[str, Any]:
    return {
        "no": no,
        "nama": m.nama,
        "nip": m.nip,
        "nip_label": m.nip_label,
        "nip_display": m.nip_display,
        "alamat_instansi": m.alamat_instansi,
        "telepon": m.telepon,
        "email": m.email,
        "pangkat_golongan": m.pangkat_golongan,
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


def surat_perintah_context(config: Config, members: list[Member], nomor: str, when: date) -> dict[str, Any]:
    limit = int(config.surat.get("batas_daftar_langsung", 3))
    k = kop(config)
    return {
        **_dated(config, nomor, when),
        "perihal": PERIHAL,
        "dasar": list(config.surat["dasar"]),
        "anggota": [member_row(m, i) for i, m in enumerate(members, start=1)],
        "jumlah": len(members),
        "jumlah_terbilang": terbilang(len(members)),
        "daftar_langsung": len(members) <= limit,
        "untuk": [
            f"Didaftarkan sebagai pengguna {k['aplikasi']} dengan peran Pokja Pemilihan pada "
            f"{k['nama_lpse']}, dengan data sesuai Surat Keputusan pengangkatannya;",
            f"Menerima User ID dan kata sandi sementara dari Admin Agency {k['nama_lpse']} dan "
            "menggantinya saat masuk pertama kali;",
            "Menggunakan akun tersebut hanya untuk tugas Pokja Pemilihan dan menjaga kerahasiaannya;",
            "Melaksanakan perintah ini dengan penuh tanggung jawab.",
        ],
        "penandatangan": signer(config.penandatangan["kepala_ukpbj"]),
        "tembusan": list(config.surat.get("tembusan", [])),
    }


def lembar_disposisi_context(
    config: Config, *, nomor_agenda: str, surat_perintah_nomor: str,
    surat_perintah_tanggal: date, diterima: date, jumlah: int,
) -> dict[str, Any]:
    sifat = str(config.surat.get("sifat_disposisi", "Segera"))
    return {
        **_dated(config, nomor_agenda, diterima),
        "surat": {
            "dari": config.penandatangan["kepala_ukpbj"].jabatan,
            "nomor": surat_perintah_nomor,
            "tanggal": tanggal(surat_perintah_tanggal),
        },
        "diterima_tanggal": tanggal(diterima),
        "nomor_agenda": nomor_agenda,
        "sifat": sifat,
        "sifat_pilihan": [{"teks": s, "dipilih": s == sifat} for s in SIFAT],
        "perihal": f"{PERIHAL} ({jumlah} orang)",
        "diteruskan_kepada": config.penandatangan["admin_agency"].jabatan,
        "instruksi": [{"teks": t, "dipilih": t == INSTRUKSI_DIPILIH} for t in INSTRUKSI],
        "catatan": (
            f"Mohon segera ditambahkan akun SPSE bagi {jumlah} ({terbilang(jumlah)}) orang Pokja "
            f"Pemilihan sesuai Surat Perintah Nomor {surat_perintah_nomor}, lalu User ID dan kata "
            "sandi sementara diserahkan kepada masing-masing anggota."
        ),
        "penandatangan": signer(config.penandatangan["kepala_lpse"]),
    }


def serah_terima_context(
    config: Config, member: Member, *, nomor: str, tanggal: date, user_id: str, kata_sandi: str,
    surat_perintah_nomor: str, surat_perintah_tanggal: date,
) -> dict[str, Any]:
    return {
        **_dated(config, nomor, tanggal),
        "tanggal_terbilang": (tanggal_terbilang(tanggal) if handover_dated(config)
                              else HANDOVER_DATE_BLANK),
        "anggota": member_row(member, 1),
        "user_id": user_id,
        "kata_sandi": "" if config.manual_password else kata_sandi,
        "pihak_pertama": signer(config.penandatangan["admin_agency"]),
        "mengetahui": signer(config.penandatangan["kepala_lpse"]),
        "surat_perintah": {"nomor": surat_perintah_nomor,
                           "tanggal": _tanggal(surat_perintah_tanggal)},
        "alamat_spse": kop(config)["alamat_spse"],
        "aplikasi": kop(config)["aplikasi"],
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


def sample_contexts(config: Config, members: int = 12) -> dict[str, dict[str, Any]]:
    """One realistic context per document kind (used by check-templates and the tests)."""
    when = date(2026, 11, 24)
    people = sample_members(members)
    sp = config.numbering["surat_perintah"].render(1, when.year)
    return {
        "surat_perintah": surat_perintah_context(config, people, sp, when),
        "lembar_disposisi": lembar_disposisi_context(
            config, nomor_agenda=config.numbering["lembar_disposisi"].render(1, when.year),
            surat_perintah_nomor=sp, surat_perintah_tanggal=when, diterima=when, jumlah=members,
        ),
        "serah_terima": serah_terima_context(
            config, people[0], nomor=config.numbering["serah_terima"].render(1, when.year),
            tanggal=when, user_id=config.user_id(people[0].nip), kata_sandi="Ab3dEf7hJk9m",
            surat_perintah_nomor=sp, surat_perintah_tanggal=when,
        ),
    }
