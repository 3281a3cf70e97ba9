"""`make bench`: how sopgen's cost grows with the batch, against docxtpl and against copying files.

Builds valid synthetic sheets (30, 1,000 and 10,000 members), runs the real `sopgen letters` on
each into a temporary output and register several times, and prints a table: members, median
wall seconds, ms per member, peak RSS of the largest process, and two ratios measured in the same
run: against the naive docxtpl loop (DocxTemplate(path), render, save per member, on the project's
handover note and password slip templates with the same data: each member has both) and against
copying those two templates' bytes N times. The naive loop is timed on up to NAIVE_SAMPLE members and
scaled linearly (it is linear: independent documents per member); the copy limit is measured in full.
Usage: .venv/bin/python tests/bench/bench.py [--sizes 30,1000,10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from tests.configs import CONFIRMED as CONFIG  # noqa: E402 - the office's config once filled in
from tests.configs import write_confirmed_config  # noqa: E402

SOPGEN = [sys.executable, "-m", "sopgen"]
NAIVE_SAMPLE = 200
DAY = date(2026, 11, 24)

FIRST = ["Ahmad", "Budi", "Sri", "Dwi", "Eko", "Siti", "Agus", "Rina", "Joko", "Wahyu", "Nur", "Dian",
         "Hendra", "Yuni", "Bambang", "Ratna", "Teguh", "Lestari", "Fajar", "Indah"]
LAST = ["Santoso", "Wahyuningsih", "Hidayat", "Prasetyo", "Lestari", "Saputra", "Rahmawati",
        "Nugroho", "Kurniawan", "Susanti", "Setiawan", "Anggraeni", "Wibisono", "Maulana"]
TITLES = ["S.T.", "S.E.", "S.Kom.", "S.H.", "S.Sos.", "M.T.", "M.Si.", "A.Md."]


def synthetic_members(n: int, seed: int = 7) -> list[list[object]]:
    from sopgen.rules.pangkat import PANGKAT_CHOICES

    rng = random.Random(seed)
    rows = []
    for i in range(n):
        born = date(rng.randint(1965, 1995), rng.randint(1, 12), rng.randint(1, 28))
        tmt_year = min(born.year + rng.randint(21, 30), 2025)
        nip = f"{born:%Y%m%d}{tmt_year}{rng.randint(1, 12):02d}{rng.randint(1, 2)}{i % 999 + 1:03d}"
        nama = f"{rng.choice(FIRST)} {rng.choice(LAST)}, {rng.choice(TITLES)}"
        rows.append([i + 1, nama, nip, "Jl. Aloon-aloon Utara No. 9, Ponorogo", f"0812{i:08d}",
                     f"pegawai{i}@ponorogo.go.id", rng.choice(PANGKAT_CHOICES[8:14]),
                     "Pengelola Pengadaan Barang/Jasa Ahli Pertama", f"L2.{i:06d}.2021",
                     "188.45/412/405.08/2026"])
    return rows


def write_sheet(path: Path, n: int) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Usulan")
    ws.append(["DAFTAR USULAN POKJA PEMILIHAN"])
    ws.append([])
    ws.append(["No", "Nama", "NIP", "Alamat Instansi", "No. HP", "Email", "Pangkat/Golongan", "Jabatan",
               "Nomor Sertifikat PBJ", "Nomor SK"])
    for row in synthetic_members(n):
        ws.append(row)
    wb.save(path)
    return path


def run_measured(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of the largest process of the command's tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return wall, usage.ru_maxrss / 1024


def naive_docxtpl_seconds_per_member(n: int) -> float:
    from docxtpl import DocxTemplate

    from sopgen.config import load_config
    from sopgen.documents import serah_terima_context, slip_kata_sandi_context
    from sopgen.render import jinja_environment
    from sopgen.validate import validate_file

    config = load_config(CONFIG)
    with tempfile.TemporaryDirectory() as tmp:
        sheet = write_sheet(Path(tmp) / "naive.xlsx", min(n, NAIVE_SAMPLE))
        members = validate_file(sheet, today=DAY).members
        start = time.perf_counter()
        for i, m in enumerate(members):  # each member's two documents: the handover note and the slip
            contexts = {
                "serah_terima": serah_terima_context(config, m, nomor=f"{i}", tanggal=DAY, user_id=m.nip,
                                                     surat_perintah_nomor="1", surat_perintah_tanggal=DAY),
                "slip_kata_sandi": slip_kata_sandi_context(config, m, serah_terima_nomor=f"{i}", tanggal=DAY,
                                                           user_id=m.nip, kata_sandi="Ab3dEf7hJk9m"),
            }
            for kind, context in contexts.items():
                doc = DocxTemplate(str(config.templates_dir / f"{kind}.docx"))
                doc.render(context, jinja_env=jinja_environment(), autoescape=True)
                doc.save(Path(tmp) / f"{i}_{kind}.docx")
        return (time.perf_counter() - start) / len(members)


def copy_limit_seconds(n: int, folder: Path) -> float:
    templates = [REPO / "templates" / f"{kind}.docx" for kind in ("serah_terima", "slip_kata_sandi")]
    target = folder / "copies"
    target.mkdir()
    start = time.perf_counter()
    for i in range(n):
        for template in templates:
            shutil.copyfile(template, target / f"{i}_{template.name}")
    elapsed = time.perf_counter() - start
    shutil.rmtree(target)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="30,1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    write_confirmed_config()
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    startup = statistics.median(run_measured([*SOPGEN, "--version"], REPO)[0] for _ in range(5))
    print(f"start-up (sopgen --version): {startup:.3f} s")
    header = (f"{'members':>8} {'letters s':>10} {'ms/member':>10} {'peak MB':>8} {'validate s':>11} "
              f"{'naive s':>9} {'x naive':>8} {'copy s':>8} {'x copy':>7}")
    print(header)
    print("-" * len(header))
    results = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            sheet = write_sheet(folder / f"usulan_{n}.xlsx", n)
            walls, peaks = [], []
            for run in range(args.runs):
                out = folder / f"out{run}"
                wall, peak = run_measured([*SOPGEN, "letters", str(sheet), "--output", str(out),
                                           "--date", DAY.isoformat(), "--no-attachments",
                                           "--config", str(CONFIG)], REPO)
                walls.append(wall)
                peaks.append(peak)
                shutil.rmtree(out)
            validate = statistics.median(
                run_measured([*SOPGEN, "validate", str(sheet), "--no-attachments", "--config", str(CONFIG),
                              "--date", DAY.isoformat(), "--output", str(folder / "laporan")], REPO)[0]
                for _ in range(args.runs))
            naive = naive_docxtpl_seconds_per_member(n) * n
            copy = copy_limit_seconds(n, folder)
            wall = statistics.median(walls)
            results[n] = wall
            print(f"{n:>8} {wall:>10.2f} {wall / n * 1000:>10.2f} {max(peaks):>8.0f} {validate:>11.2f} "
                  f"{naive:>9.1f} {wall / naive:>8.3f} {copy:>8.2f} {wall / copy:>7.1f}", flush=True)
    ordered = sorted(results)
    for small, big in zip(ordered, ordered[1:], strict=False):
        factor = big / small
        print(f"growth {small} -> {big} members ({factor:.0f}x): time x{results[big] / results[small]:.1f}")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
