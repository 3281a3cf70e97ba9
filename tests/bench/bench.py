"""`make bench`: what sopgen costs against what it cannot avoid, measured side by side in one run.

Builds valid synthetic sheets, runs the real `sopgen letters` (and `sopgen validate`) on each into a
temporary output and register, with the office's lambang on the kop, and prints per size:
- letters: median wall seconds of the whole process, ms per member, peak RSS of the largest process;
- the limit of a durable batch: the handover template's bytes written to N files (N members) in the
  same file system, then one `sync` (what sopgen itself must do), and the bare writes without the
  sync; `x limit` is letters against writes + sync; `x files` against the same for as many files as
  the batch itself writes (2N + 2: each member's note and slip, the Surat Perintah, the disposition);
- for a clerk's batch (the smallest size): the start-up of a Python that imports nothing of sopgen's
  (`python -c pass`) plus that one sync, and letters against it (`x start`), with the prepared-template
  cache cold (a fresh cache folder) and warm;
- validate: its wall seconds, and for the smallest size against `sopgen --version`;
- the naive docxtpl loop (DocxTemplate(path), render, save per document, the handover note and the
  password slip of each member), timed on up to NAIVE_SAMPLE members and scaled (it is linear).
Every process is started after a `sync`, so none pays for the dirty pages of the one before, and with
Python's compiled modules kept (PYTHONDONTWRITEBYTECODE unset), as on a clerk's PC.
Usage: .venv/bin/python tests/bench/bench.py [--sizes 30,1000,2000,10000] [--runs 3]
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
from tests.configs import confirmed_text  # noqa: E402 - the office's config once filled in
from tests.images import shield  # noqa: E402

SOPGEN = [sys.executable, "-m", "sopgen"]
NAIVE_SAMPLE = 200
DAY = date(2026, 11, 24)
HANDOVER = REPO / "templates" / "serah_terima.docx"

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


def write_office_config(folder: Path) -> Path:
    """The confirmed config with a lambang daerah beside it, as an office's letters have one."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lambang_daerah.png").write_bytes(shield())
    config = folder / "config.toml"
    config.write_text(confirmed_text(), encoding="utf-8")
    return config


def run_measured(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of the largest process of the command's tree, after a sync."""
    os.sync()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return wall, usage.ru_maxrss / 1024


def median_of(runs: int, cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    return statistics.median(run_measured(cmd, cwd, env)[0] for _ in range(runs))


def durable_limit(n: int, folder: Path) -> tuple[float, float]:
    """Seconds to write the handover template's bytes to n files, and to that plus one sync."""
    data = HANDOVER.read_bytes()
    target = folder / "limit"
    target.mkdir()
    os.sync()
    start = time.perf_counter()
    for i in range(n):
        fd = os.open(target / f"{i:06d}.docx", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
    writes = time.perf_counter() - start
    os.sync()
    durable = time.perf_counter() - start
    shutil.rmtree(target)
    return writes, durable


def naive_docxtpl_seconds_per_member(n: int, config_path: Path) -> float:
    from docxtpl import DocxTemplate

    from sopgen.config import load_config
    from sopgen.documents import serah_terima_context, slip_kata_sandi_context
    from sopgen.render import jinja_environment
    from sopgen.validate import validate_file

    config = load_config(config_path)
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


def letters_cmd(sheet: Path, out: Path, config: Path) -> list[str]:
    return [*SOPGEN, "letters", str(sheet), "--output", str(out), "--date", DAY.isoformat(), "--no-attachments",
            "--config", str(config)]


def measure_letters(sheet: Path, folder: Path, config: Path, env: dict[str, str], runs: int,
                    *, cold_cache: bool = False) -> tuple[float, float]:
    """Median wall seconds and the largest peak RSS of `runs` letters runs, each into a fresh output;
    `cold_cache`: each with a fresh (empty) prepared-template cache."""
    walls, peaks = [], []
    for run in range(runs):
        out = folder / f"out{run}"
        run_env = {**env, "SOPGEN_CACHE": str(folder / f"cache-cold-{run}")} if cold_cache else env
        wall, peak = run_measured(letters_cmd(sheet, out, config), REPO, run_env)
        walls.append(wall)
        peaks.append(peak)
        shutil.rmtree(out)
        shutil.rmtree(folder / f"cache-cold-{run}", ignore_errors=True)
    return statistics.median(walls), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="30,1000,2000,10000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    with tempfile.TemporaryDirectory(prefix="sopgen-bench-") as tmp:
        work = Path(tmp)
        config = write_office_config(work / "kantor")
        # As on a clerk's PC: Python keeps its compiled modules (some sandboxes switch that off), and the
        # prepared-template cache in a folder of the benchmark's own; one run first fills both.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["SOPGEN_CACHE"] = str(work / "cache")
        run_measured([*SOPGEN, "check-templates", "--config", str(config)], REPO, env)
        print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        bare = median_of(5, [sys.executable, "-c", "pass"], REPO, env)
        version = median_of(5, [*SOPGEN, "--version"], REPO, env)
        print(f"start-up: python -c pass {bare:.3f} s, sopgen --version {version:.3f} s")
        header = (f"{'members':>8} {'letters s':>10} {'ms/member':>10} {'peak MB':>8} {'writes s':>9} "
                  f"{'+sync s':>8} {'x limit':>8} {'x files':>8} {'validate s':>11} {'naive s':>8} {'x naive':>8}")
        print(header)
        print("-" * len(header))
        results: dict[int, float] = {}
        for n in sizes:
            folder = work / f"n{n}"
            folder.mkdir()
            sheet = write_sheet(folder / f"usulan_{n}.xlsx", n)
            wall, peak = measure_letters(sheet, folder, config, env, args.runs)
            writes, durable = durable_limit(n, folder)
            _, durable_files = durable_limit(2 * n + 2, folder)
            validate = median_of(args.runs, [*SOPGEN, "validate", str(sheet), "--no-attachments", "--config",
                                             str(config), "--date", DAY.isoformat(), "--output",
                                             str(folder / "laporan")], REPO, env)
            naive = naive_docxtpl_seconds_per_member(n, config) * n
            results[n] = wall
            print(f"{n:>8} {wall:>10.2f} {wall / n * 1000:>10.2f} {peak:>8.0f} {writes:>9.2f} {durable:>8.2f} "
                  f"{wall / durable:>8.1f} {wall / durable_files:>8.1f} {validate:>11.2f} {naive:>8.1f} "
                  f"{wall / naive:>8.3f}", flush=True)
            if n == sizes[0]:
                cold, _ = measure_letters(sheet, folder, config, env, args.runs, cold_cache=True)
                start = bare + (durable - writes)
                print(f"{'':>8} clerk's batch: python -c pass + one sync {start:.3f} s; letters with the "
                      f"template cache warm {wall:.2f} s (x{wall / start:.1f}), cold {cold:.2f} s "
                      f"(x{cold / start:.1f}); validate x{validate / version:.1f} sopgen --version", flush=True)
        ordered = sorted(results)
        for small, big in zip(ordered, ordered[1:], strict=False):
            print(f"growth {small} -> {big} members ({big / small:.0f}x): time x{results[big] / results[small]:.1f}")


if __name__ == "__main__":
    main()
