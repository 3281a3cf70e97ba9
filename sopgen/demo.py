"""`make demo`: the whole job on the bundled sample sheets, into output/contoh/ with its own register."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .config import Config
from .pipeline import Settings
from .report import print_report, write_annotated_copy
from .show import run_letters
from .validate import validate_file

SAMPLES = Path("templates/contoh")
GOOD = SAMPLES / "usulan_pokja_contoh.xlsx"
BROKEN = SAMPLES / "usulan_pokja_salah.xlsx"
ATTACHMENTS = SAMPLES / "lampiran"
OUTPUT = Path("output/contoh")


def run_demo(config: Config, when: date | None = None) -> int:
    from rich.console import Console
    from rich.rule import Rule

    console = Console()
    area = str(config.kantor.get("kode_area_telepon", "0352"))
    console.print(Rule("1. Lembar yang masih salah: inilah yang dilihat petugas"))
    broken = validate_file(BROKEN, today=when, attachments=ATTACHMENTS, area_code=area)
    print_report(broken, console, annotated=write_annotated_copy(broken, OUTPUT))
    console.print(Rule("2. Lembar yang benar: surat dibuat dan dicatat"))
    settings = Settings(config=config, output_dir=OUTPUT, register_path=OUTPUT / "register.sqlite",
                        when=when, attachments=ATTACHMENTS)
    code = run_letters([GOOD], settings, console)
    console.print(Rule("3. Dijalankan lagi: tidak ada nomor baru, berkas sama persis"))
    return max(code, run_letters([GOOD], settings, console))
