"""Terminal output of `sopgen letters`: progress, what was made and where, and what was skipped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.markup import escape

from .errors import SopgenError, from_os_error
from .filenames import printable
from .idtext import tanggal
from .ledger import KIND_NAMES
from .pipeline import ALREADY, INVALID, NEW, NOTHING_NEW, REISSUED, Outcome, Settings, issue_letters
from .report import print_report, sheet_read, update_annotated_copy
from .slips import SLIP_FOLDER

KIND_LABELS = {
    "surat_perintah": "Surat Perintah",
    "lembar_disposisi": "Lembar Disposisi",
    "serah_terima": "BA Serah Terima Akun",
}
STEP_SHORT = {2: "disposisi", 3: "akun dibuat", 4: "diserahkan"}
PROGRESS_FROM = 20  # documents; smaller batches finish before a bar would be read


def warning_line(code: str, message: str) -> str:
    return f"Peringatan [{code}]: {message}"


def warn_once_per_run(settings: Settings, console: Any) -> None:
    """What the letters of this run lack that the office should know once, not per sheet."""
    from .dress import LAMBANG_MISSING, lambang_warning

    missing = lambang_warning(settings.config)
    if missing is not None:
        console.print(f"[yellow]{escape(warning_line(LAMBANG_MISSING, missing))}[/yellow]", highlight=False)


def run_letters(files: list[Path], settings: Settings, console: Any = None, *, with_pdf: bool = False,
                reports: list[dict[str, Any]] | None = None) -> int:
    """Issue every file's batch and print the outcome; returns the exit code (0, 1 or 2). With `reports`,
    each file's outcome is also appended there as data (`letters --json`)."""
    from rich.console import Console

    console = console or Console()
    warn_once_per_run(settings, console)
    exit_code = 0
    for path in files:
        try:
            outcome = _issue_with_progress(path, settings, console)
            exit_code = max(exit_code, show_outcome(outcome, settings, console))
        except (SopgenError, OSError) as exc:
            error = from_os_error(exc) if isinstance(exc, OSError) else exc
            console.print(f"[red]Kesalahan [{error.code}][/red] {escape(printable(str(path)))}: "
                          f"{escape(error.message)}", highlight=False)
            exit_code = max(exit_code, error.exit_code)
            if reports is not None:
                reports.append({"file": printable(str(path)), "status": FAILED,
                                "error": {"code": error.code, "message": error.message}})
            continue
        if reports is not None:
            reports.append(outcome_to_dict(outcome))
        if with_pdf and outcome.batch is not None:
            exit_code = max(exit_code, _make_pdfs(outcome, settings, console))
    return exit_code


FAILED = "gagal"  # letters --json: the file could not be issued (its error says why)


def outcome_to_dict(outcome: Outcome) -> dict[str, Any]:
    """`letters --json` for one file: the sheet's report as `validate --json` gives it (DATA_BERUBAH
    among its problems), then what the run did with it."""
    import json

    from .report import to_json

    data: dict[str, Any] = json.loads(to_json(outcome.validation))
    issued = outcome.status in (NEW, REISSUED)
    data.update(
        status=outcome.status,
        batch=outcome.batch.key if outcome.batch else None,
        folder=str(outcome.folder) if outcome.folder else None,
        documents=[{"kind": d.kind, "number": d.number, "nip": d.nip, "nama": d.nama, "file": d.file}
                   for d in outcome.documents] if issued else [],
        replaced=[{"kind": r.old.kind, "nip": r.old.nip, "nama": r.old.nama, "old": r.old.number,
                   "new": r.new.number} for r in outcome.replaced],
        restored=list(outcome.restored), changed=list(outcome.changed), unrestorable=dict(outcome.unrestorable),
    )
    return data


def _make_pdfs(outcome: Outcome, settings: Settings, console: Any) -> int:
    """The PDFs and print files of the run's batch (or reissues), and of every batch whose documents it
    replaced: their print files are made again without the replaced ones."""
    from .archive import make_pdfs
    from .register import Register

    ids = [b.id for b in outcome.reissues] or ([outcome.batch.id] if outcome.batch else [])
    ids = list(dict.fromkeys([*ids, *(r.old.batch_id for r in outcome.replaced)]))
    code = 0
    with Register(settings.register_path, read_only=True) as register:
        for batch_id in ids:
            batch = register.batch_by_id(batch_id)
            assert batch is not None
            try:
                made = make_pdfs(settings.output_dir, register, batch)
            except SopgenError as exc:
                console.print(f"[red]Kesalahan [{exc.code}][/red] PDF: {escape(exc.message)}", highlight=False)
                code = max(code, exc.exit_code)
                continue
            prefix = f"Batch {batch.folder}: " if len(ids) > 1 else ""
            console.print(escape(prefix + made.summary()), highlight=False)
    return code


def print_status(found: list[Any], console: Any = None, *, every: bool = False,
                 signed: tuple[str, ...] | list[str] = ()) -> None:
    """The requests (open ones, or `every` one) as a table that stays readable at 80 columns: only
    the name wraps. A step passed over without being recorded is the next step, marked as such. Then
    `signed`: each batch's letters with who signed them and what they replaced (ledger.signed_lines)."""
    from rich.console import Console
    from rich.padding import Padding
    from rich.table import Table

    console = console or Console()
    if not found:
        console.print("Belum ada permintaan akun di register." if every
                      else "Tidak ada permintaan akun yang masih terbuka.")
        return
    title = "Semua permintaan akun Pokja" if every else "Permintaan akun Pokja yang masih berjalan"
    table = Table(title=title, show_lines=True)
    table.add_column("Nama / NIP", min_width=18)  # the NIP (18 digits) on its own line, never cut
    table.add_column("Selesai", no_wrap=True)
    table.add_column("Berikutnya", no_wrap=True)
    table.add_column("Batas", no_wrap=True)
    table.add_column("Telat", no_wrap=True)
    for r in found:
        late = f"[red]{r.late_days} hari[/red]" if r.late_days else "-"
        table.add_row(f"{escape(r.nama)}\n[dim]{r.nip}[/dim]", f"{r.done_step}: {r.done_on:%d-%m-%Y}", _next_cell(r),
                      f"{r.due:%d-%m-%Y}" if r.due else "-", late)
    console.print(table, highlight=False)
    open_ = [r for r in found if r.next_step is not None]
    counts = f"{len(open_)} permintaan terbuka, {sum(1 for r in open_ if r.late_days)} terlambat"
    if every:
        counts += f", {len(found) - len(open_)} selesai"
    console.print(f"{counts} (telat = hari kerja lewat batas waktu).", highlight=False)
    gaps = sum(1 for r in open_ if r.next_is_gap)
    if gaps:
        console.print(f"[yellow]{gaps} permintaan punya langkah yang terlewat (belum dicatat padahal langkah "
                      "sesudahnya sudah): catat langkah itu dengan 'sopgen catat'.[/yellow]", highlight=False)
    if signed:
        console.print("Surat, penanda tangan dan penggantinya:")
        for line in signed:
            indent = 4 if line.startswith("  ") else 2
            console.print(Padding(escape(line.strip()), (0, 0, 0, indent)), highlight=False)


def _next_cell(r: Any) -> str:
    if r.next_step is None:
        return "selesai"
    text = f"{r.next_step}: {STEP_SHORT.get(r.next_step, '')}"
    return f"{text}\n[yellow](belum dicatat)[/yellow]" if r.next_is_gap else text


def _issue_with_progress(path: Path, settings: Settings, console: Any) -> Outcome:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("Membuat surat"), BarColumn(), MofNCompleteColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("surat", total=None, visible=False)

        def advance(done: int, total: int) -> None:
            if total >= PROGRESS_FROM:
                bar.update(task, completed=done, total=total, visible=True)

        return issue_letters(path, settings, progress=advance)


def rebuilt_register_note(outcome: Outcome, settings: Settings) -> str | None:
    """What a run that found the register missing or empty rebuilt (the batch folders, from their
    manifests) and what no folder holds (the SOP steps recorded later); None for a first run."""
    from .registerfile import EMPTY

    made_from = outcome.register_made_from
    if made_from is None or (made_from != EMPTY and not outcome.adopted):
        return None
    what = "kosong (0 byte)" if made_from == EMPTY else "tidak ada"
    if outcome.adopted:
        rebuilt = (f"{len(outcome.adopted)} batch dicatat ulang dari manifest.json di foldernya, masing-masing "
                   "dengan nomor suratnya sendiri dan langkah 1 (Surat Perintah)")
    else:
        rebuilt = f"tidak ada folder batch di {settings.output_dir} yang dapat dicatat ulang"
    return (f"Register {settings.register_path} {what}, jadi dibuat baru: {rebuilt}. "
            "Yang tidak dapat dipulihkan dari folder: catatan langkah SOP 2 (disposisi), 3 (akun dibuat) dan "
            "4 (diserahkan) yang pernah dicatat dengan 'sopgen catat'; lihat 'sopgen status' dan catat lagi "
            "langkah-langkah itu. Bila ada cadangan register yang lebih baru, pulihkan cadangan itu.")


def show_outcome(outcome: Outcome, settings: Settings, console: Any) -> int:
    v = outcome.validation
    if outcome.key_warning:
        console.print(f"[yellow]Peringatan [KUNCI_TERBUKA]:[/yellow] {escape(outcome.key_warning)}", highlight=False)
    rebuilt = rebuilt_register_note(outcome, settings)
    if rebuilt:
        console.print(f"[yellow]Catatan [REGISTER_DIBANGUN_ULANG]:[/yellow] {escape(rebuilt)}", highlight=False)
    for adopted in outcome.adopted:
        console.print(
            f"[yellow]Catatan:[/yellow] folder {escape(adopted.folder)} berisi surat yang belum tercatat di register "
            "(proses sebelumnya terhenti, atau register dipulihkan dari cadangan lama); kini dicatat dengan "
            "nomornya sendiri, jadi nomor itu tidak dipakai lagi.", highlight=False,
        )
        for name in adopted.damaged:
            console.print(
                f"  [yellow]Hilang atau berubah sejak diterbitkan:[/yellow] {escape(f'{adopted.folder}/{name}')} "
                "(pulihkan dari cadangan; 'sopgen verify' memeriksa seluruh batch)", highlight=False,
            )
    annotated = _update_report(outcome, settings, console)
    if outcome.status != INVALID and not v.warnings:  # else the report shown below names the sheet
        console.print(f"Dibaca: {escape(sheet_read(v))}", highlight=False)
    if outcome.status == INVALID:
        print_report(v, console, annotated=annotated)
        console.print("[red]Tidak ada surat yang dibuat untuk berkas ini.[/red]")
        return 1
    if v.warnings:
        print_report(v, console, annotated=annotated)
    for e in outcome.earlier if outcome.status != REISSUED else []:  # a reissue names what it replaced
        if e.member.nip in outcome.changed_members:  # its DATA_BERUBAH warning above says more
            continue
        action = ("diterbitkan ulang" if settings.reissue else
                  "tidak diterbitkan lagi (pakai --reissue-nip untuk menerbitkan ulang berita acaranya)")
        console.print(
            f"[yellow]Peringatan:[/yellow] {escape(e.member.nama)} ({e.member.nip_label} {e.member.nip_display}) sudah "
            f"menerima akun dengan surat {escape(e.document.number)} tanggal "
            f"{tanggal(e.document.issued_on)}; {action}.", highlight=False,
        )
    code = 0
    if outcome.status == NOTHING_NEW:
        console.print(f"{escape(str(outcome.file))}: semua anggota sudah pernah diterbitkan; tidak ada surat baru.",
                      highlight=False)
    elif outcome.status == ALREADY:
        batch = outcome.batch
        assert batch is not None
        console.print(
            f"{escape(str(outcome.file))}: data ini sudah diterbitkan pada {tanggal(batch.issued_on)} "
            f"(batch {batch.key}, folder {escape(str(outcome.folder))}); tidak ada nomor baru.", highlight=False,
        )
    elif outcome.status == REISSUED:
        _reissued(outcome, settings, console)
    else:
        assert outcome.status == NEW
        if settings.reissue:
            _whole_sheet_reissued(outcome, console)
        _documents_table(outcome, console)
    return max(code, _restoration(outcome, console))


def _restoration(outcome: Outcome, console: Any) -> int:
    """What the run made again of the sheet's earlier batches, and what it could not: 2 for the latter."""
    for f in outcome.restored:
        console.print(f"  Dibuat ulang (sama persis): {escape(f)}", highlight=False)
    for f in outcome.changed:
        console.print(
            f"  [yellow]Berkas berbeda dari yang tercatat, tidak ditimpa:[/yellow] {escape(f)} (bila "
            "perubahan itu tidak disengaja, hapus berkas itu lalu jalankan lagi: surat aslinya dibuat "
            "ulang persis)", highlight=False,
        )
    for f, why in outcome.unrestorable.items():
        console.print(f"  [red]Tidak dapat dibuat ulang:[/red] {escape(f)}: {escape(why)}", highlight=False)
    return 2 if outcome.unrestorable else 0


def _whole_sheet_reissued(outcome: Outcome, console: Any) -> None:
    members = len(outcome.validation.members)
    replaced = sum(1 for r in outcome.replaced if r.old.kind == "serah_terima")
    console.print(f"[yellow]--reissue: seluruh lembar diterbitkan ulang, {members} anggota[/yellow] (Surat "
                  f"Perintah, Lembar Disposisi dan {members} berita acara baru; {replaced} di antaranya menggantikan "
                  "berita acara yang sudah diterbitkan).", highlight=False)
    _replaced_lines(outcome, console)


def _replaced_lines(outcome: Outcome, console: Any) -> None:
    """Old number -> new number, for every document this run replaced (no longer valid, never printed)."""
    if not outcome.replaced:
        return
    members = {m.nip: m for m in outcome.validation.members}
    console.print("Digantikan (nomor lama -> nomor baru; yang lama tidak berlaku lagi):", highlight=False)
    for r in outcome.replaced:
        label = KIND_NAMES.get(r.old.kind, r.old.kind)
        who = ""
        if r.old.nip:
            m = members.get(r.old.nip)
            who = (f"{m.nama} ({m.nip_label} {m.nip_display}): " if m else f"{r.old.nama} (NIP {r.old.nip}): ")
        change = outcome.changed_data.get(r.old.nip or "")
        console.print(f"  {escape(who)}{label} {escape(r.old.number)} ({tanggal(r.old.issued_on)}) -> "
                      f"{escape(r.new.number)}" + (f" [dim]({escape(change)})[/dim]" if change else ""),
                      highlight=False)


def _reissued(outcome: Outcome, settings: Settings, console: Any) -> None:
    notes = [d for d in outcome.documents if d.kind == "serah_terima"]
    first = outcome.reissues[0]
    console.print(
        f"{escape(str(outcome.file))}: {len(notes)} berita acara diterbitkan ulang pada {tanggal(first.issued_on)}, "
        "di bawah Surat Perintah aslinya (tidak ada Surat Perintah atau Lembar Disposisi baru).", highlight=False)
    _replaced_lines(outcome, console)
    for batch in outcome.reissues:
        folder = settings.output_dir / batch.folder
        console.print(
            f"[green]Tersimpan di {escape(str(folder))}/[/green] (batch {escape(batch.key)}): berita acara baru di "
            f"serah_terima/, Slip Kata Sandi baru di {SLIP_FOLDER}/ (kata sandi sementara baru: pasang pada akun "
            f"SPSE saat datanya diperbarui, lalu kirim dengan 'sopgen kirim {escape(batch.key)}').", highlight=False)
    console.print("Berita acara dan slip lama tidak dicetak lagi: 'make pdf' membuat ulang berkas cetak tanpa "
                  "keduanya.", highlight=False)


def _update_report(outcome: Outcome, settings: Settings, console: Any) -> Path | None:
    """The annotated copy as for 'validate': written when the sheet has problems, sopgen's own
    out-of-date copies removed when it has none. A report folder that cannot be written is told,
    but does not undo letters already issued."""
    try:
        copies = update_annotated_copy(outcome.validation, settings.output_dir, settings.sheet_name)
    except SopgenError as exc:
        console.print(f"[yellow]Peringatan [{exc.code}]:[/yellow] {escape(exc.message)}", highlight=False)
        return None
    for note in copies.notes():
        console.print(escape(note), highlight=False)
    return copies.path


def _documents_table(outcome: Outcome, console: Any) -> None:
    from rich.table import Table

    batch = outcome.batch
    assert batch is not None
    members = {m.nip: m.nama for m in outcome.validation.members}
    table = Table(title=f"Surat diterbitkan {tanggal(batch.issued_on)} — batch {batch.key}")
    table.add_column("Jenis")
    table.add_column("Nomor", no_wrap=True)
    table.add_column("Untuk")
    shown = outcome.documents if len(outcome.documents) <= 60 else outcome.documents[:60]
    count = sum(1 for d in outcome.documents if d.kind == "serah_terima")
    recipients = {"surat_perintah": f"{count} anggota Pokja Pemilihan",
                  "lembar_disposisi": "Admin Agency (disposisi Kepala LPSE)"}
    for d in shown:
        to = members.get(d.nip, "") if d.nip else recipients.get(d.kind, "")
        table.add_row(KIND_LABELS.get(d.kind, d.kind), escape(d.number), escape(to))
    console.print(table)
    if len(shown) < len(outcome.documents):
        console.print(f"... dan {len(outcome.documents) - len(shown)} surat lain.")
    console.print(f"[green]{len(outcome.documents)} surat tersimpan di {escape(str(outcome.folder))}/[/green] "
                  f"(berita acara serah terima di subfolder serah_terima/, ditandatangani kedua pihak lalu "
                  f"diarsipkan; Slip Kata Sandi setiap anggota di subfolder {SLIP_FOLDER}/: serahkan tertutup "
                  "hanya kepada anggota yang bersangkutan, tidak ikut arsip)", highlight=False)


def print_send_page(page: Any, config: Any, console: Any = None) -> None:
    """Where the send page is, what it holds, and the command that removes it (never a password)."""
    from rich.console import Console

    from .kirim.links import WEB

    console = console or Console()
    console.print(f"Halaman kirim batch {page.batch.key} ditulis: {escape(str(page.path))}", highlight=False)
    parts = [f"{page.by_message} lewat WhatsApp/SMS"]
    if page.in_person:
        parts.append(f"{page.in_person} serahkan slip secara langsung (bukan nomor HP)")
    console.print(f"  {page.members} anggota: {', '.join(parts)}; langkah 4 sudah tercatat untuk {page.recorded}.",
                  highlight=False)
    if config.manual_password:
        console.print("  Pesan hanya berisi user ID (kata_sandi_manual = true): kata sandi ada di slip.")
    if config.send.whatsapp == WEB:
        console.print("  [yellow]Tautan WhatsApp lewat wa.me: isi pesan, termasuk kata sandi, melewati server web "
                      "WhatsApp.[/yellow]", highlight=False)
    console.print(f"  Buka berkas itu di peramban (klik dua kali). Halaman ini memuat kata sandi: sesudah semua "
                  f"terkirim dan langkah 4 dicatat, hapus dengan '{escape(page.remove_command)}'.", highlight=False)


def print_send_pages_left(pages: list[tuple[Any, Path]], options: tuple[str, ...], *, err: bool = False) -> None:
    """`status` names every send page still lying around with its passwords, and how to remove it."""
    import click

    from .kirim import remove_command

    if not pages:
        return
    click.echo(f"Halaman kirim yang masih memuat kata sandi ({len(pages)}):", err=err)
    for batch, path in pages:
        click.echo(f"  {path}  (hapus sesudah terkirim: {remove_command(batch.key, options)})", err=err)
