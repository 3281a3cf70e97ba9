"""The command line: argument parsing and printing only; each command calls the library."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__, clickid
from .errors import RegisterError, SopgenError, UnreadableInput, from_os_error
from .filenames import printable

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_INPUT = Path("input")
DEFAULT_OUTPUT = Path("output")
BLANK_FORM = Path("templates/formulir_pokja.xlsx")


def friendly_errors(func: F) -> F:
    """Every expected failure becomes a one-line Indonesian message and its exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SopgenError as exc:
            click.echo(f"Kesalahan [{exc.code}]: {exc.message}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            error = from_os_error(exc)
            click.echo(f"Kesalahan [{error.code}]: {error.message}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM/SIGHUP (lifetime.stop_on_signals)
            say_stopped("Dihentikan. Tidak ada surat yang setengah jadi tercatat.")
            sys.exit(STOPPED)

    return wrapper  # type: ignore[return-value]


STOPPED = 130  # the exit code of a run stopped by Ctrl-C, SIGTERM or SIGHUP


def say_stopped(message: str) -> None:
    """Tell why the run ended; after SIGHUP the terminal may be gone, and that is no new error."""
    with suppress(OSError, ValueError):
        click.echo(message, err=True)


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"'{value}' bukan tanggal. Tulis sebagai TAHUN-BULAN-TANGGAL, misalnya 2026-11-24."
        ) from None


def config_option(func: F) -> F:
    return click.option(
        "--config", "config_path", type=click.Path(path_type=Path), default=None,
        help="Berkas konfigurasi kantor (bawaan: templates/config.toml).",
    )(func)


def attachment_options(func: F) -> F:
    func = click.option(
        "--no-attachments", is_flag=True,
        help="Jangan periksa salinan sertifikat PBJ dan SK Pokja.",
    )(func)
    return click.option(
        "--attachments", type=click.Path(path_type=Path), default=None,
        help="Folder salinan sertifikat PBJ dan SK Pokja (bawaan: input/lampiran).",
    )(func)


def output_options(func: F) -> F:
    func = click.option(
        "--register", "register_path", type=click.Path(path_type=Path), default=None,
        help="Register SQLite (bawaan: OUTPUT/register.sqlite).",
    )(func)
    return click.option(
        "--output", "output_dir", type=click.Path(path_type=Path), default=DEFAULT_OUTPUT,
        show_default=True, help="Folder hasil.",
    )(func)


def attachments_folder(config: Any, attachments: Path | None, no_attachments: bool) -> Path | None:
    if no_attachments or (attachments is None and not config.check_attachments):
        return None
    return attachments or config.attachments_folder


def input_files(files: tuple[Path, ...]) -> list[Path]:
    if files:
        return list(files)
    from .sheets import find_input_files

    found = find_input_files(DEFAULT_INPUT) if DEFAULT_INPUT.is_dir() else []
    if not found:
        raise UnreadableInput(
            f"Tidak ada lembar data di folder {DEFAULT_INPUT}/. Taruh berkas .xlsx, .xls, .ods "
            "atau .csv di sana, atau sebutkan nama berkasnya."
        )
    return found


@click.group(cls=clickid.Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sopgen", help="Tampilkan versi lalu keluar.")
def cli() -> None:
    """sopgen: surat dan register untuk SOP Permintaan Akun Pokja UKPBJ.

    Alur: taruh lembar data di input/, jalankan `sopgen validate`, perbaiki, lalu `sopgen letters`.
    """


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Cetak hasil sebagai JSON.")
@click.option("--sheet", "sheet_name", default=None, help="Nama lembar (sheet) yang dibaca.")
@attachment_options
@click.option("--output", "output_dir", type=click.Path(path_type=Path), default=DEFAULT_OUTPUT,
              show_default=True, help="Folder untuk salinan lembar bertanda.")
@click.option("--date", "when", callback=parse_date, default=None,
              help="Tanggal pemeriksaan (YYYY-MM-DD), bawaan hari ini.")
@click.option("--register", "register_path", type=click.Path(path_type=Path), default=None,
              help="Register yang dibandingkan (bawaan: OUTPUT/register.sqlite, bila ada; hanya dibaca).")
@config_option
@friendly_errors
def validate(
    files: tuple[Path, ...], as_json: bool, sheet_name: str | None, attachments: Path | None,
    no_attachments: bool, output_dir: Path, when: date | None, register_path: Path | None,
    config_path: Path | None,
) -> None:
    """Periksa lembar data anggota Pokja tanpa membuat surat.

    Keluar dengan 0 bila tidak ada kesalahan, 1 bila ada kesalahan data, 2 bila berkas tak terbaca
    atau salinan bertanda tidak dapat disimpan. Salinan bertanda di OUTPUT/laporan/ selalu sesuai
    dengan pemeriksaan terakhir: bila lembar sudah tidak bermasalah, salinan lamanya dihapus. Bila
    register sudah ada, anggota yang sudah menerima akun dengan data lain diperingatkan (DATA_BERUBAH).

    Contoh: sopgen validate input/usulan_pokja.xlsx
    """
    from .config import load_config
    from .errors import OutputError, UnreadableInput
    from .report import print_report, to_json, unreadable_to_json, update_annotated_copy
    from .validate import validate_file

    config = load_config(config_path)
    folder = attachments_folder(config, attachments, no_attachments)
    outputs: list[str] = []
    exit_code = 0
    compare = _issued_data_check(output_dir, register_path, config, sheet_name, quiet=as_json)
    for path in input_files(files):
        try:
            v = validate_file(path, today=when, sheet_name=sheet_name, attachments=folder,
                              area_code=str(config.kantor.get("kode_area_telepon", "0352")))
            compare(v)
        except UnreadableInput as exc:  # one bad file must not keep the others from being checked
            exit_code = max(exit_code, exc.exit_code)
            if as_json:
                outputs.append(unreadable_to_json(path, exc))
            else:
                shown = printable(str(path))  # a name that is not UTF-8 is shown, never crashes the output
                named = exc.message if printable(path.name) in exc.message else f"{shown}: {exc.message}"
                click.echo(f"Kesalahan [{exc.code}]: {named}", err=True)
            continue
        exit_code = max(exit_code, 0 if v.ok else 1)
        copies, failure = None, ""
        try:
            copies = update_annotated_copy(v, output_dir, sheet_name)
        except OutputError as exc:  # the report itself is still shown, and the next files checked
            exit_code = max(exit_code, exc.exit_code)
            failure = f"Kesalahan [{exc.code}]: {path}: {exc.message}"
        annotated = copies.path if copies else None
        if as_json:
            outputs.append(to_json(v, annotated=str(annotated) if annotated else None))
        else:
            print_report(v, annotated=annotated)
        for note in copies.notes() if copies else []:
            click.echo(note, err=as_json)  # with --json, stdout holds only the JSON
        if failure:
            click.echo(failure, err=True)
    if as_json:
        click.echo(outputs[0] if len(outputs) == 1 else "[\n" + ",\n".join(outputs) + "\n]")
    sys.exit(exit_code)


def _issued_data_check(output_dir: Path, register_path: Path | None, config: Any, sheet_name: str | None, *,
                       quiet: bool) -> Callable[[Any], None]:
    """What compares a sheet's members with their notes as issued (DATA_BERUBAH), reading the register
    only; a register that is not there yet compares nothing, one that cannot be read is told once."""
    path = register_path or output_dir / "register.sqlite"
    told: list[str] = []

    def compare(v: Any) -> None:
        if not path.exists() or not v.members:
            return
        from .changes import add_warnings, changed_members  # the register's code only where there is one
        from .register import Register

        try:
            with Register(path, read_only=True, create=False) as register:
                add_warnings(v, changed_members(v, register, output_dir, config, sheet_name), sheet_name)
        except SopgenError as exc:
            if not told:
                told.append(exc.code)
                click.echo(f"Peringatan [{exc.code}]: data anggota tidak dibandingkan dengan register: {exc.message}",
                           err=quiet)

    return compare


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@output_options
@click.option("--date", "when", callback=parse_date, default=None,
              help="Tanggal surat (YYYY-MM-DD), bawaan hari ini.")
@click.option("--sheet", "sheet_name", default=None, help="Nama lembar (sheet) yang dibaca.")
@attachment_options
@click.option("--pdf", "with_pdf", is_flag=True,
              help="Buat juga salinan PDF dan satu berkas cetak per batch (perlu LibreOffice).")
@click.option("--reissue", is_flag=True,
              help="Terbitkan ulang seluruh lembar: Surat Perintah, Lembar Disposisi dan berita acara baru untuk "
                   "setiap anggota (nomor baru; surat lama ditandai digantikan).")
@click.option("--reissue-nip", "reissue_nips", multiple=True, metavar="NIP",
              help="Terbitkan ulang hanya berita acara (dan slip) anggota ini, di bawah Surat Perintah aslinya; "
                   "berita acara baru menyebut nomor yang digantikannya. Boleh diulang.")
@click.option("--json", "as_json", is_flag=True,
              help="Cetak hasil setiap lembar sebagai JSON (laporan pemeriksaannya, surat yang dibuat dan yang "
                   "digantikan); keterangan lain ke stderr.")
@click.option("--kunci-baru", "new_key", is_flag=True,
              help="Buat kunci kata sandi baru bila kunci lama hilang dan tidak ada cadangannya "
                   "(slip kata sandi lama tidak dapat dibuat ulang lagi).")
@config_option
@friendly_errors
def letters(
    files: tuple[Path, ...], output_dir: Path, register_path: Path | None, when: date | None,
    sheet_name: str | None, attachments: Path | None, no_attachments: bool, with_pdf: bool,
    reissue: bool, reissue_nips: tuple[str, ...], as_json: bool, new_key: bool, config_path: Path | None,
) -> None:
    """Buat Surat Perintah, Lembar Disposisi dan berita acara serah terima akun, lalu catat di register.

    Tanpa FILE: semua lembar data di input/. Keluar dengan 0 bila selesai (juga bila tidak ada
    yang baru), 1 bila data tidak valid (tidak ada surat dibuat), 2 bila berkas tidak dapat dipakai.

    \b
    Contoh: sopgen letters input/usulan_pokja.xlsx --date 2026-11-24
    Data anggota yang sudah diterbitkan berubah (DATA_BERUBAH): berita acara pengganti
            sopgen letters input/usulan_pokja.xlsx --reissue-nip 197503152005011002
    """
    from .config import load_config, refuse_examples
    from .dress import dressing_for
    from .pipeline import Settings
    from .show import run_letters

    if reissue and reissue_nips:
        raise SopgenError("Pilih salah satu: --reissue (seluruh lembar, dengan Surat Perintah baru) atau --reissue-nip "
                          "NIP (hanya anggota itu, di bawah Surat Perintah aslinya), tidak keduanya.",
                          code="PILIHAN_BENTROK")
    config = load_config(config_path)
    refuse_examples(config)  # once, before any sheet is read
    dressing_for(config)  # a lambang file that is no image stops here, before any number is taken
    files_given = input_files(files)
    if reissue_nips and len(files_given) != 1:
        raise SopgenError(f"--reissue-nip berlaku untuk satu lembar data; sebutkan berkasnya ({len(files_given)} "
                          "lembar ditemukan), misalnya 'sopgen letters input/usulan.xlsx --reissue-nip NIP'.",
                          code="PILIHAN_BENTROK")
    settings = Settings(
        config=config, output_dir=output_dir,
        register_path=register_path or output_dir / "register.sqlite", when=when,
        sheet_name=sheet_name, attachments=attachments_folder(config, attachments, no_attachments),
        reissue=reissue, reissue_nips=reissue_nips, new_key=new_key,
    )
    if not as_json:
        sys.exit(run_letters(files_given, settings, with_pdf=with_pdf))
    import json

    from rich.console import Console

    reports: list[dict[str, Any]] = []
    code = run_letters(files_given, settings, Console(stderr=True), with_pdf=with_pdf, reports=reports)
    click.echo(json.dumps(reports[0] if len(reports) == 1 else reports, ensure_ascii=False, indent=2))
    sys.exit(code)


def _show_config(output_dir: Path, register_path: Path | None, config_path: Path | None) -> None:
    from .config import load_config
    from .identity import counters_of, office_identity, this_year
    from .show import warning_line

    config = load_config(config_path)
    year = this_year()
    identity = office_identity(config, counters_of(register_path or output_dir / "register.sqlite", year), year)
    click.echo(f"Identitas kantor pada surat, dari {identity.config_path}. Periksa setiap baris:")
    for title, lines in identity.sections:
        click.echo(f"\n{title}:")
        for line in lines:
            click.echo(f"  {line}")
    click.echo("")
    for warning in identity.warnings:  # the letters are still made: shown, but no reason to stop
        click.echo(warning_line(warning.code, warning.message))
    if identity.ok:
        click.echo("Tidak ada masalah: konfigurasi siap dipakai untuk surat asli.")
        return
    click.echo(f"Masalah yang tersisa ({len(identity.problems)}):")
    for p in identity.problems:
        click.echo(f"  - [{p.code}] {p.message}")
    sys.exit(1)


@cli.command("config")
@output_options
@config_option
@friendly_errors
def config_command(output_dir: Path, register_path: Path | None, config_path: Path | None) -> None:
    """Tampilkan identitas kantor yang akan tercetak pada surat (kop, penanda tangan, penomoran) dan
    masalah konfigurasi yang tersisa. Jalankan ini sebelum surat asli pertama.

    Keluar dengan 0 bila konfigurasi siap, 1 bila masih ada masalah (misalnya nilai CONTOH).

    Contoh: sopgen config
    """
    _show_config(output_dir, register_path, config_path)


@cli.command("check-config")
@output_options
@config_option
@friendly_errors
def check_config_command(output_dir: Path, register_path: Path | None, config_path: Path | None) -> None:
    """Sama dengan 'sopgen config'.

    Contoh: sopgen check-config
    """
    _show_config(output_dir, register_path, config_path)


@cli.command("check-templates")
@config_option
@friendly_errors
def check_templates_command(config_path: Path | None) -> None:
    """Periksa bahwa setiap templat Word dan templat pesan dapat diisi (variabel dikenal, sintaks benar).

    Contoh: sopgen check-templates
    """
    from .config import load_config
    from .documents import sample_contexts
    from .dress import LAMBANG_MISSING, dressing_for, lambang_warning
    from .kirim import check_message_template
    from .render import check_templates
    from .show import warning_line

    config = load_config(config_path)
    dressing = dressing_for(config)  # a lambang file that is no image stops here, naming the file
    if (missing := lambang_warning(config)) is not None:
        click.echo(warning_line(LAMBANG_MISSING, missing))
    check_templates(config.templates_dir, sample_contexts(config), dressing=dressing)
    reissued = sample_contexts(config, reissued=True)  # a note and slip that replace an earlier note
    check_templates(config.templates_dir, {kind: reissued[kind] for kind in ("serah_terima", "slip_kata_sandi")},
                    dressing=dressing)
    check_message_template(config)
    click.echo(f"Semua templat di {config.templates_dir}/ dapat diisi (juga templat pesan "
               f"{config.send.template}).")


@cli.command()
@click.argument("target", type=click.Path(path_type=Path), default=BLANK_FORM)
@friendly_errors
def template(target: Path) -> None:
    """Tulis formulir kosong (xlsx) untuk data anggota Pokja Pemilihan.

    Contoh: sopgen template input/usulan_pokja.xlsx
    """
    from .blank import write_blank_form

    if target.suffix.lower() != ".xlsx":
        raise SopgenError(f"Formulir kosong ditulis sebagai .xlsx; beri nama berakhiran .xlsx, bukan '{target.name}'.",
                          code="BUKAN_XLSX")
    if target.exists() and target.resolve() != BLANK_FORM.resolve():  # only the shipped form is rebuilt
        raise SopgenError(f"{target} sudah ada; pilih nama lain agar isinya tidak tertimpa.", code="BERKAS_SUDAH_ADA")
    if write_blank_form(target):
        click.echo(f"Formulir kosong ditulis ke {target}")
    else:
        click.echo(f"Formulir kosong di {target} sudah yang terbaru.")


@cli.command()
@click.option("--date", "when", callback=parse_date, default=None,
              help="Tanggal surat contoh (YYYY-MM-DD), bawaan hari ini.")
@config_option
@friendly_errors
def demo(when: date | None, config_path: Path | None) -> None:
    """Jalankan seluruh pekerjaan pada lembar contoh ke output/contoh/ (register sendiri).

    Contoh: sopgen demo
    """
    from .config import load_config
    from .demo import run_demo

    sys.exit(run_demo(load_config(config_path), when))


def open_register(output_dir: Path, register_path: Path | None, *, read_only: bool = True) -> Any:
    """The register for a command that reads it (never written: a backup on a read-only disk
    works) or that records steps (`read_only=False`); a missing or empty one is not made here."""
    from .register import Register

    path = register_path or output_dir / "register.sqlite"
    if not path.exists():
        raise RegisterError(
            f"Register {path} belum ada: belum ada surat yang dibuat di {output_dir}/. Jalankan "
            "'sopgen letters' dulu, atau sebutkan register lain dengan --register.", code="REGISTER_TIDAK_ADA"
        )
    return Register(path, read_only=read_only, create=False)


@cli.command()
@click.argument("batch", required=False)
@click.option("--semua", "every", is_flag=True, help="Semua batch yang PDF-nya belum lengkap.")
@output_options
@friendly_errors
def pdf(batch: str | None, every: bool, output_dir: Path, register_path: Path | None) -> None:
    """Buat PDF setiap surat dalam satu batch dan satu berkas cetak (cetak_semua.pdf).

    BATCH: nama folder batch atau nomor Surat Perintahnya; bawaan batch terakhir.

    Contoh: sopgen pdf 000.3.5/001/405.08/2026
    """
    from .archive import find_batch, lacks_pdfs, make_pdfs, zip_path

    with open_register(output_dir, register_path) as register:
        if every:
            targets = [b for b in register.batches() if lacks_pdfs(output_dir, register, b)]
        else:
            targets = [find_batch(register, batch)]
        failed = 0
        for found in targets:
            try:
                made = make_pdfs(output_dir, register, found)
            except SopgenError as exc:
                if not every:
                    raise
                click.echo(f"Kesalahan [{exc.code}]: batch {found.folder}: {exc.message}", err=True)
                failed = max(failed, exc.exit_code)  # the other batches still get theirs
                continue
            click.echo(f"Batch {found.folder}: {made.summary()}")
            if zip_path(output_dir / found.folder).exists():
                click.echo(f"  Zip arsip batch ini dibuat sebelum PDF ini; buat ulang dengan "
                           f"'sopgen archive {found.key}'.")
    if not targets:
        click.echo("Semua batch sudah mempunyai PDF.")
    sys.exit(failed)


@cli.command()
@click.argument("batch", required=False)
@output_options
@friendly_errors
def archive(batch: str | None, output_dir: Path, register_path: Path | None) -> None:
    """Kemas satu batch (surat, PDF, lembar data, salinan lampiran, manifest) menjadi satu zip.

    Contoh: sopgen archive 2026/001_usulan_pokja
    """
    from .archive import ArchiveError, find_batch, lacks_pdfs, make_zip, verify_batch

    with open_register(output_dir, register_path) as register:
        found = find_batch(register, batch)
        check = verify_batch(output_dir, register, found)
        if check.damaged_manifest is not None:
            raise check.damaged_manifest
        if not check.ok:
            raise ArchiveError(
                f"Batch {found.folder} tidak utuh (hilang: {len(check.missing)}, berubah: "
                f"{len(check.changed)}); jalankan 'sopgen verify' untuk rinciannya. Zip tidak dibuat."
            )
        target = make_zip(output_dir, found)
        without_pdf = lacks_pdfs(output_dir, register, found)
    click.echo(f"Arsip batch {found.folder}: {target}")
    if without_pdf:
        click.echo(f"Peringatan: PDF batch ini belum lengkap, jadi zip ini tanpa (semua) PDF. Bila arsip "
                   f"perlu PDF, jalankan 'sopgen pdf {found.key}' lalu 'sopgen archive {found.key}' lagi.")


@cli.command()
@click.argument("batch", required=False)
@click.option("--semua", "every", is_flag=True, help="Periksa semua batch di register.")
@output_options
@friendly_errors
def verify(batch: str | None, every: bool, output_dir: Path, register_path: Path | None) -> None:
    """Periksa setiap berkas batch terhadap manifest dan register (sha256).

    Keluar dengan 0 bila utuh, 1 bila ada berkas yang hilang atau berubah.

    Contoh: sopgen verify --semua
    """
    from .archive import KIND_NAMES, MANIFEST, find_batch, verify_batch
    from .kirim import remove_command

    code = 0
    with open_register(output_dir, register_path) as register:
        targets = register.batches() if every else [find_batch(register, batch)]
        keys = {b.id: b.key for b in register.batches()}
        for found in targets:
            check = verify_batch(output_dir, register, found)
            if check.damaged_manifest is not None:
                click.echo(f"RUSAK    {found.folder}/{MANIFEST}: {check.damaged_manifest.reason}")
            for rel in check.missing:
                click.echo(f"HILANG   {rel}")
            for rel in check.changed:
                click.echo(f"BERUBAH  {rel}")
            for rel in check.unlisted:
                click.echo(f"TAMBAHAN {rel} (tidak tercatat di manifest)")
            for old, new in check.replaced:
                by = keys.get(new.batch_id, "")
                click.echo(f"DIGANTI  {old.file} ({KIND_NAMES.get(old.kind, old.kind)} {old.number}, digantikan oleh "
                           f"{new.number}, batch {by}: tidak berlaku lagi dan tidak dicetak)")
            for rel in check.pages:
                remove = remove_command(found.key, _register_options(output_dir, register_path))
                click.echo(f"HALAMAN  {rel} (halaman kirim: memuat kata sandi, bukan bagian arsip; hapus sesudah "
                           f"terkirim dengan '{remove}')")
            state = "utuh" if check.ok else "TIDAK UTUH"
            click.echo(f"Batch {found.folder}: {check.checked} berkas diperiksa, {state}.")
            if check.damaged_manifest is not None:
                click.echo(f"  {MANIFEST} (daftar sha256 setiap berkas) rusak, jadi hanya surat yang tercatat di "
                           "register yang diperiksa: pulihkan manifest dari cadangan atau dari zip arsip batch ini, "
                           "atau hapus lalu jalankan 'make letters' lagi dengan lembar data yang sama untuk "
                           "membuatnya ulang dari register.")
            if check.missing or check.changed:
                click.echo(
                    "  Surat (.docx) yang hilang dibuat ulang persis dengan 'make letters' pada lembar data "
                    f"yang sama; PDF yang hilang dengan 'sopgen pdf {found.key}'. Berkas yang BERUBAH: "
                    "kembalikan dari cadangan, atau hapus lalu buat ulang dengan cara yang sama."
                )
            code = max(code, 0 if check.ok else 1)
    sys.exit(code)


@cli.command()
@click.argument("batch", required=False)
@click.option("--hapus", "remove", is_flag=True,
              help="Hapus halaman kirim batch ini (sesudah semua terkirim dan langkah 4 dicatat).")
@click.option("--semua", "every", is_flag=True, help="Dengan --hapus: hapus halaman kirim semua batch.")
@click.option("--sheet", "sheet_name", default=None,
              help="Nama lembar (sheet) yang dipakai saat surat batch ini dibuat, bila bukan lembar pertama.")
@output_options
@config_option
@friendly_errors
def kirim(batch: str | None, remove: bool, every: bool, sheet_name: str | None, output_dir: Path,
          register_path: Path | None, config_path: Path | None) -> None:
    """Langkah 4: buat halaman kirim.html untuk mengirim user ID dan kata sandi ke HP anggota.

    Halaman itu (di folder slip_kata_sandi/ batch, di samping slip) berisi, untuk setiap anggota, tombol WhatsApp dengan
    pesan yang sudah diketik, tautan SMS dan tombol salin; nomor kantor (bukan HP) mendapat "serahkan
    slip secara langsung". sopgen tidak mengirim dan tidak mencatat apa pun: catat dengan perintah
    'sopgen catat 4 ...' yang disiapkan halaman itu. Halaman memuat kata sandi: hapus sesudah dipakai.

    BATCH: nama folder batch, kuncinya (2026-001) atau nomor Surat Perintahnya; bawaan batch terakhir.

    \b
    Contoh: sopgen kirim 2026-001
    Sesudah semua terkirim dan dicatat:
            sopgen kirim --hapus 2026-001
    """
    from .archive import find_batch
    from .config import load_config
    from .kirim import remove_send_page, send_pages_left, write_send_page
    from .show import print_send_page

    where = _register_options(output_dir, register_path)
    if every and not remove:
        raise SopgenError("--semua hanya dipakai bersama --hapus (menghapus halaman kirim semua batch).")
    with open_register(output_dir, register_path) as register:
        if remove:
            targets = [b for b, _ in send_pages_left(output_dir, register)] if every else [find_batch(register, batch)]
            for found in targets:
                removed = remove_send_page(output_dir, found)
                click.echo(f"Halaman kirim batch {found.key} dihapus: {removed}" if removed
                           else f"Batch {found.key} tidak mempunyai halaman kirim; tidak ada yang dihapus.")
            if not targets:
                click.echo("Tidak ada halaman kirim yang tersisa.")
            return
        config = load_config(config_path)
        options = (*where, *(("--config", str(config_path)) if config_path else ()))
        page = write_send_page(output_dir, register, register_path or output_dir / "register.sqlite",
                               find_batch(register, batch), config, sheet_name=sheet_name, catat_options=options,
                               remove_options=where)
    print_send_page(page, config)


def _register_options(output_dir: Path, register_path: Path | None) -> tuple[str, ...]:
    """--output and --register as the clerk gave them, for the commands a page or message names."""
    options: tuple[str, ...] = ()
    if output_dir != DEFAULT_OUTPUT:
        options += ("--output", str(output_dir))
    if register_path is not None:
        options += ("--register", str(register_path))
    return options


@cli.command()
@click.argument("step", type=int, required=False)
@click.argument("nips", nargs=-1)
@click.option("--tanggal", "when", callback=parse_date, default=None,
              help="Tanggal langkah selesai (YYYY-MM-DD), bawaan hari ini; tidak boleh sesudah hari ini.")
@click.option("--oleh", "by", default=None, help="Siapa yang melaksanakan (bawaan: pejabat dari konfigurasi).")
@click.option("--catatan", "note", default="", help="Catatan singkat.")
@click.option("--dari", "from_sheet", type=click.Path(path_type=Path), default=None,
              help="Baca langkah yang diisi petugas di lembar status (dari 'sopgen status --xlsx').")
@click.option("--ganti", "replace", is_flag=True,
              help="Ganti tanggal (dan petugas) langkah yang sudah tercatat; yang lama disebutkan.")
@output_options
@config_option
@friendly_errors
def catat(step: int | None, nips: tuple[str, ...], when: date | None, by: str | None, note: str,
          from_sheet: Path | None, replace: bool, output_dir: Path, register_path: Path | None,
          config_path: Path | None) -> None:
    """Catat langkah SOP 2 (disposisi), 3 (akun SPSE dibuat) atau 4 (user ID dan kata sandi diserahkan).

    Tanggal tidak boleh sesudah hari ini, sebelum tanggal Surat Perintah (langkah 1), sebelum langkah
    sebelumnya yang tercatat, atau sesudah langkah berikutnya yang tercatat. Langkah yang sudah
    tercatat dengan tanggal lain ditolak (tanggal dan petugas lamanya disebutkan); pakai --ganti untuk
    menggantinya. Bila satu NIP atau satu baris bermasalah, semua masalah ditampilkan dan tidak ada
    yang dicatat (keluar dengan 1).

    \b
    Contoh: sopgen catat 3 197503152005011002 198001012005011001 --tanggal 2026-11-25
    Mengganti tanggal yang keliru:
            sopgen catat 3 197503152005011002 --tanggal 2026-11-26 --ganti
    Dari lembar status yang sudah diisi:
            sopgen catat --dari output/status.xlsx
    """
    from dataclasses import replace as with_defaults

    from .config import load_config
    from .statussheet import read_status_sheet
    from .tracking import StepEntry, record, today

    config = load_config(config_path)
    if from_sheet is not None:
        if step is not None or nips:
            raise SopgenError("Sebutkan langkah dan NIP, atau --dari BERKAS, tidak keduanya.")
        entries, problems = read_status_sheet(from_sheet)
        entries = [with_defaults(e, when=e.when or when, by=e.by or by, note=note) for e in entries]
    elif step is None or not nips:
        raise SopgenError("Sebutkan langkah (2, 3 atau 4) dan minimal satu NIP, atau --dari BERKAS.")
    else:
        entries, problems = [StepEntry(step, nip, when, by, note) for nip in dict.fromkeys(nips)], []
    with open_register(output_dir, register_path, read_only=False) as register:
        done = record(register, config, entries, today=today(), replace=replace, source=from_sheet,
                      problems=problems)
    for line in done.details(every_unchanged=from_sheet is None):
        click.echo(line)
    if from_sheet is not None and not entries:
        click.echo(f"Tidak ada baris di {from_sheet} yang kolom 'Langkah selesai'-nya diisi; tidak ada yang dicatat.")
        return
    if from_sheet is not None:
        click.echo(f"{from_sheet}, {len(entries)} baris terisi: {done.summary()}")
    else:
        click.echo(f"Langkah {step} untuk {len(entries)} NIP: {done.summary()}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Cetak sebagai JSON.")
@click.option("--semua", "include_done", is_flag=True, help="Tampilkan juga yang sudah selesai.")
@click.option("--xlsx", "xlsx", type=click.Path(path_type=Path), default=None,
              help="Tulis juga lembar status yang dapat diisi lalu dibaca 'sopgen catat --dari'.")
@click.option("--date", "when", callback=parse_date, default=None, help="Hitung keterlambatan per tanggal ini.")
@output_options
@config_option
@friendly_errors
def status(as_json: bool, include_done: bool, xlsx: Path | None, when: date | None, output_dir: Path,
           register_path: Path | None, config_path: Path | None) -> None:
    """Tampilkan setiap permintaan akun yang belum selesai: langkahnya, batas waktu dan keterlambatannya.

    Permintaan baru selesai bila keempat langkah tercatat; langkah yang terlewat (belum dicatat
    padahal langkah sesudahnya sudah) menjadi langkah berikutnya.

    Contoh: sopgen status --xlsx output/status.xlsx
    """
    import json

    from .config import load_config
    from .exports import check_replaceable
    from .kirim import send_pages_left
    from .ledger import signed_lines
    from .show import print_send_pages_left
    from .statussheet import export_status, unread_steps
    from .tracking import requests

    config = load_config(config_path)
    with open_register(output_dir, register_path) as register:
        found = requests(register, config, when or date.today(), include_done=include_done)
        pages = send_pages_left(output_dir, register)
        signed = signed_lines(register, [r.batch_key for r in found])
        if xlsx is not None:  # never over the clerk's work: another file, or steps not yet read back
            check_replaceable(xlsx, "status", unread=lambda path: unread_steps(path, register))
    if xlsx is not None:
        export_status(xlsx, found, office=str(config.kantor.get("nama_ukpbj", "")), as_of=when or date.today())
    if as_json:  # stdout holds only the JSON; the pages left are told on stderr
        click.echo(json.dumps([r.to_dict() for r in found], ensure_ascii=False, indent=2))
        print_send_pages_left(pages, _register_options(output_dir, register_path), err=True)
        return
    from .show import print_status

    print_status(found, every=include_done, signed=signed)
    print_send_pages_left(pages, _register_options(output_dir, register_path))
    if xlsx is not None:
        click.echo(f"Lembar status ditulis ke {xlsx}")


@cli.command()
@click.option("--tahun", "year", type=int, default=None, help="Hanya surat tahun ini.")
@click.option("--xlsx", "target", type=click.Path(path_type=Path), required=True, help="Berkas .xlsx tujuan.")
@output_options
@config_option
@friendly_errors
def agenda(year: int | None, target: Path, output_dir: Path, register_path: Path | None,
           config_path: Path | None) -> None:
    """Ekspor register sebagai Buku Agenda (satu baris per surat) ke .xlsx.

    Bila register tidak memuat surat tahun itu, tidak ada berkas yang ditulis (berkas lama dengan
    nama yang sama tidak tertimpa) dan tahun-tahun yang ada disebutkan.

    Contoh: sopgen agenda --tahun 2026 --xlsx output/buku_agenda_2026.xlsx
    """
    from .agenda import Classification, export_agenda, years
    from .config import load_config
    from .exports import check_replaceable

    config = load_config(config_path)
    recipients = {
        "surat_perintah": "Anggota Pokja Pemilihan (daftar dalam surat)",
        "lembar_disposisi": config.penandatangan["admin_agency"].jabatan,
    }
    with open_register(output_dir, register_path) as register:
        check_replaceable(target, "agenda")
        count = export_agenda(register, target, year, recipients, str(config.kantor.get("nama_ukpbj", "")),
                              Classification(output_dir, config))
        present = years(register)
    if count:
        click.echo(f"Buku Agenda{f' {year}' if year else ''} ({count} surat) ditulis ke {target}")
        return
    which = f"tahun {year}" if year else "apa pun"
    known = (f" Tahun yang ada: {', '.join(map(str, present))}; pilih salah satu dengan --tahun."
             if present else "")
    click.echo(f"Register tidak memuat surat {which}: Buku Agenda kosong, {target} tidak ditulis.{known}")


def main() -> None:
    """Run the CLI; click's own usage errors are told in Indonesian too. SIGTERM and SIGHUP stop a
    run as Ctrl-C does."""
    from .lifetime import stop_on_signals

    stop_on_signals()
    for stream in (sys.stdout, sys.stderr):  # the last guard: an unprintable name never ends a run
        if callable(reconfigure := getattr(stream, "reconfigure", None)):
            reconfigure(errors="replace")
    try:
        code = cli.main(prog_name="sopgen", standalone_mode=False)
    except click.exceptions.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "sopgen"
        message = clickid.usage_error_message(exc, cli.commands)
        click.echo(f"Perintah tidak dapat dijalankan: {message}", err=True)
        click.echo(f"Lihat cara pakainya dengan '{command} --help'.", err=True)
        sys.exit(2)
    except (click.exceptions.Abort, KeyboardInterrupt):
        say_stopped("Dihentikan.")
        sys.exit(STOPPED)
    sys.exit(code if isinstance(code, int) else 0)
