"""Build the bundled sample sheets and attachments in templates/contoh/ (run by hand; output is committed).

The good sheet looks like a real clerk's: title rows, headers in the clerk's own words, spaced NIPs,
one phone number typed as a number. The broken sheet carries the mistakes clerks really make.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from pypdf import PdfWriter

ROOT = Path(__file__).resolve().parents[2] / "templates" / "contoh"
HEADERS = ["No", "Nama Lengkap", "NIP", "Alamat Kantor", "No. HP", "E-mail", "Pangkat/Gol",
           "Jabatan", "No. Sertifikat PBJ", "Nomor SK Pokja"]
ALAMAT = "Jl. Aloon-aloon Utara No. 9, Ponorogo"
SK = "188.45/412/405.08/2026"
GOOD = [
    ["Bambang Sutrisno, S.T., M.T.", "19780412 200312 1 004", "0812-3456-7801", "bambang.s@ponorogo.go.id",
     "Penata Tingkat I, III/d", "Kepala Seksi Pembangunan Jalan", "L3.000123.2019"],
    ["Sri Wahyuningsih, S.E.", "19850723 201001 2 015", 85736412290, "sri.wahyu@ponorogo.go.id",
     "Penata (III/c)", "Analis Pengadaan Barang/Jasa", "L2.004567.2021"],
    ["Ahmad Ma'ruf Hidayat, S.Kom.", "19900115 201503 1 002", "+62 813-3012-4455", "ahmad.maruf@ponorogo.go.id",
     "III/b", "Pengelola Pengadaan Barang/Jasa Ahli Pertama", "L1.007890.2022"],
    ["Dwi Retno Anggraeni, S.H.", "19880305 201101 2 008", "0857 4321 9876", "Dwi.Retno@Ponorogo.go.id",
     "Penata Muda Tk. I", "Kasubag Hukum Pengadaan", "L2.003344.2020"],
    ["Ir. Suharto Wibisono", "19700830 199703 1 003", "0821-4000-1212", "suharto.w@ponorogo.go.id",
     "Pembina, IV/a", "Kepala Bidang Cipta Karya & Tata Ruang", "L3.000777.2018"],
]
BROKEN = [
    ["Bambang Sutrisno, S.T., M.T.", 197804122003121004, "0812-3456-7801", "bambang.s@ponorogo.go.id",
     "Penata Tingkat I, III/d", "Kepala Seksi Pembangunan Jalan", "L3.000123.2019"],
    ["Sri Wahyuningsih, S.E.", "19850723 201001 2 01", "0857-3641-2290", "sri.wahyu@ponorogo,go.id",
     "Penata (III/c)", "Analis Pengadaan Barang/Jasa", "L2.004567.2021"],
    ["Ahmad Ma'ruf Hidayat, S.Kom.", "19900115 201503 1 002", "0813-3012", "ahmad.maruf@ponorogo.go.id",
     "Pembina, III/b", "Pengelola Pengadaan Barang/Jasa Ahli Pertama", "L1.007890.2022"],
    ["Dwi Retno Anggraeni, S.H.", "19880305 201101 2 008", "0857 4321 9876", "dwi.retno@ponorogo.go.id",
     "Penata Muda Tk. I", "-", "L2.003344.2020"],
    ["Ir. Suharto Wibisono", "19900115 201503 1 002", "0821-4000-1212", "suharto.w@ponorogo.go.id",
     "Pembina, IV/a", "Kepala Bidang Cipta Karya & Tata Ruang", ""],
]


def write_sheet(path: Path, members: list[list[object]]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Usulan Pokja"
    ws["A1"] = "DAFTAR USULAN ANGGOTA POKJA PEMILIHAN"
    ws["A2"] = "UKPBJ KABUPATEN PONOROGO TAHUN 2026"
    ws.merge_cells("A1:J1")
    ws.merge_cells("A2:J2")
    ws["A1"].font = ws["A2"].font = Font(bold=True)
    for col, text in enumerate(HEADERS, start=1):
        ws.cell(4, col, text).font = Font(bold=True)
    for i, (nama, nip, hp, email, pangkat, jabatan, sertifikat) in enumerate(members, start=1):
        ws.append([i, nama, nip, ALAMAT, hp, email, pangkat, jabatan, sertifikat, SK])
    for letter, width in zip("ABCDEFGHIJ", (5, 32, 24, 36, 18, 30, 26, 40, 20, 26), strict=True):
        ws.column_dimensions[letter].width = width
    wb.save(path)


def write_attachments(folder: Path, members: list[list[object]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for member in members:
        nip = str(member[1]).replace(" ", "")
        for keyword in ("sertifikat", "sk"):
            writer = PdfWriter()
            writer.add_blank_page(width=595, height=842)
            writer.add_metadata({"/Title": f"Salinan {keyword} {nip}", "/Producer": "sopgen contoh"})
            with (folder / f"{nip}_{keyword}.pdf").open("wb") as fh:
                writer.write(fh)


if __name__ == "__main__":
    ROOT.mkdir(parents=True, exist_ok=True)
    write_sheet(ROOT / "usulan_pokja_contoh.xlsx", GOOD)
    write_sheet(ROOT / "usulan_pokja_salah.xlsx", BROKEN)
    write_attachments(ROOT / "lampiran", GOOD)
    print(f"samples written to {ROOT}")
