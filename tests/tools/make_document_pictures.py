"""The README's pictures of the documents: templates/contoh/gambar/*.png (run by hand; committed).

Issues the demo's sample sheet (templates/contoh/usulan_pokja_contoh.xlsx) in a temporary project
folder under the shipped config as an office fills it in, with a placeholder lambang (sopgen ships
no emblem), prints every document through LibreOffice and photographs the pages with pdftoppm.
Run: .venv/bin/python tests/tools/make_document_pictures.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from click.testing import CliRunner  # noqa: E402

from sopgen.cli import cli  # noqa: E402
from tests.configs import SHIPPED, write_confirmed_config  # noqa: E402
from tests.images import write_lambang  # noqa: E402

TARGET = REPO / "templates" / "contoh" / "gambar"
SAMPLE = REPO / "templates" / "contoh" / "usulan_pokja_contoh.xlsx"
DPI = "60"
# picture -> (document's file pattern in the batch folder, page)
PICTURES = {
    "surat_perintah_1.png": ("01_*.pdf", 1),
    "surat_perintah_2.png": ("01_*.pdf", 2),
    "surat_perintah_lampiran.png": ("01_*.pdf", 3),
    "lembar_disposisi.png": ("02_*.pdf", 1),
    "berita_acara.png": ("serah_terima/*.pdf", 1),
    "slip_kata_sandi.png": ("slip_kata_sandi/*.pdf", 1),
}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="sopgen-picture-") as scratch:
        os.chdir(scratch)  # a project folder: templates/config.toml and output/ where the clerk has them
        write_lambang(Path("templates/lambang_daerah.png"))
        write_confirmed_config(Path("templates/config.toml"), SHIPPED.read_text(encoding="utf-8"))
        result = CliRunner().invoke(cli, ["letters", str(SAMPLE), "--date", "2026-11-24", "--no-attachments",
                                          "--pdf"])
        if result.exit_code != 0:
            raise SystemExit(result.output)
        [folder] = Path("output/2026").iterdir()
        TARGET.mkdir(parents=True, exist_ok=True)
        for picture, (pattern, page) in PICTURES.items():
            pdf = sorted(folder.glob(pattern))[0]
            stem = Path(scratch) / "page"
            subprocess.run(["pdftoppm", "-png", "-r", DPI, "-f", str(page), "-l", str(page), "-singlefile",
                            str(pdf), str(stem)], check=True)
            shutil.copyfile(stem.with_suffix(".png"), TARGET / picture)
            print(f"written {TARGET / picture}")
        os.chdir(REPO)


if __name__ == "__main__":
    main()
