"""`make demo`: the whole job on the bundled sample sheets, into output/contoh/ with its own register."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .config import Config
from .pipeline import ALREADY, Settings, issue_letters
from .report import print_report, write_annotated_copy
from .show import show_outcome, warn_once_per_run
from .validate import validate_file

SAMPLES = Path("templates/contoh")
GOOD = SAMPLES / "usulan_pokja_contoh.xlsx"
BROKEN = SAMPLES / "usulan_pokja_salah.xlsx"
ATTACHMENTS = SAMPLES / "lampiran"
OUTPUT = Path("output/contoh")


def run_demo(config: Config, when: date | None = None) -> int:
    from rich.console import Console
    from rich.markup import escape
    from rich.rule import Rule

    console = Console()
    area = str(config.kantor.get("kode_area_telepon", "0352"))
    console.print(Rule("1. Lembar yang masih salah: inilah yang dilihat petugas"))
    broken = validate_file(BROKEN, today=when, attachments=ATTACHMENTS, area_code=area)
    print_report(broken, console, annotated=write_annotated_copy(broken, OUTPUT))
    settings = Settings(config=config, output_dir=OUTPUT, register_path=OUTPUT / "register.sqlite",
                        when=when, attachments=ATTACHMENTS, allow_examples=True)
    warn_once_per_run(settings, console)
    first = issue_letters(GOOD, settings)
    # A second 'make demo' finds the sample batch already issued by the first: its heading says so.
    console.print(Rule("2. Lembar yang benar: sudah diterbitkan oleh demo sebelumnya, tidak ada nomor baru"
                       if first.status == ALREADY else "2. Lembar yang benar: surat dibuat dan dicatat"))
    code = show_outcome(first, settings, console)
    console.print(Rule("3. Dijalankan lagi: tidak ada nomor baru, berkas sama persis"))
    code = max(code, show_outcome(issue_letters(GOOD, settings), settings, console))
    console.print(
        f"Surat contoh ini memakai nilai CONTOH dari {escape(str(config.path))} dan register sendiri "
        f"({OUTPUT}/register.sqlite); nomor surat asli tidak terpakai. Surat asli baru dapat dibuat "
        "setelah 'sopgen config' tidak lagi menunjukkan masalah.", highlight=False,
    )
    return code
