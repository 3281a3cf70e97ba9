"""Reissuing named members (`letters FILE --reissue-nip NIP`): for each, a new Berita Acara and Slip Kata
Sandi that state the number and date of the note they replace, under the Surat Perintah the member was
issued under. The membership of that order did not change, so no new Surat Perintah or disposition.

The new notes of one Surat Perintah form a batch of their own (`<key>-pengganti-<n>`, a folder beside
the original's), written whole and recorded in the same transaction as the replacement, like any batch.
"""

from __future__ import annotations

from datetime import date

from ..changes import field_changes
from ..errors import SopgenError
from ..filenames import printable, safe_name
from ..issued import members_of_notes
from ..model import Member, Validation
from ..passwords import key_fingerprint
from ..register import BatchRecord, DocumentRecord, Register
from .context import SERAH_TERIMA, BatchContext, Job, Replaced
from .folder import write_batch_folder
from .issue import password_key_for, slip_jobs
from .outcome import REISSUED, Earlier, Outcome, Run, Settings
from .record import record_batch, replace_notes

SUFFIX = "pengganti"


class ReissueRefused(SopgenError):
    """`--reissue-nip` names a member the sheet does not hold or who has no note to replace, or the sheet
    holds members never issued (exit 2)."""

    code = "TERBIT_ULANG_DITOLAK"


def reissue_members(run: Run, register: Register) -> Outcome:
    """A new note and slip for each member named by --reissue-nip, one batch per Surat Perintah."""
    path, validation, today, settings = run.path, run.validation, run.today, run.settings
    notes = register.active_documents_by_nip(SERAH_TERIMA)
    chosen = _chosen(settings.reissue_nips, validation, notes)
    run.refuse_backdating(register, today)
    password_key = password_key_for(settings, register)
    fingerprint = key_fingerprint(password_key) if password_key else None
    named = {m.nip for m in chosen}
    others = [Earlier(m, notes[m.nip]) for m in validation.members if m.nip not in named]
    outcome = Outcome(path, validation, REISSUED, earlier=others)
    printed = members_of_notes(settings.output_dir, register, [notes[m.nip] for m in chosen], settings.config,
                               settings.sheet_name, lenient=True)
    for m in chosen:
        old = printed.get(notes[m.nip].id)
        if old is not None and (changes := field_changes(old, m)):
            outcome.changed_data[m.nip] = "; ".join(c.describe() for c in changes)
    groups: dict[int, list[Member]] = {}
    roots: dict[int, BatchRecord] = {}
    for m in chosen:
        batch = register.batch_by_id(notes[m.nip].batch_id)
        assert batch is not None
        root = register.root_of(batch)
        roots[root.id] = root
        groups.setdefault(root.id, []).append(m)
    for root_id, members in sorted(groups.items()):
        batch = _reissue_under(roots[root_id], members, notes, run, register, password_key, fingerprint, outcome)
        outcome.reissues.append(batch)
        outcome.documents += register.documents(batch.id)
    outcome.batch = outcome.reissues[0]
    outcome.folder = settings.output_dir / outcome.batch.folder
    return outcome


def _chosen(nips: tuple[str, ...], validation: Validation, notes: dict[str, DocumentRecord]) -> list[Member]:
    """The sheet's members named by --reissue-nip, in the sheet's order; every NIP that cannot be
    reissued is named at once, with its reason."""
    in_sheet = {m.nip: m for m in validation.members}
    wanted = list(dict.fromkeys("".join(ch for ch in nip if ch.isdigit()) or nip.strip() for nip in nips))
    sheet = printable(str(validation.file))
    problems: list[tuple[str, str]] = []
    for nip in wanted:
        if nip not in in_sheet:
            problems.append(("NIP_TIDAK_DI_LEMBAR", f"NIP {nip} tidak ada di {sheet} (di antara anggota yang datanya "
                                                    "benar). Periksa NIP-nya: yang diterbitkan ulang diambil dari "
                                                    "lembar ini, dengan datanya yang terbaru."))
        elif nip not in notes:
            problems.append(("NIP_BELUM_DITERBITKAN", f"{in_sheet[nip].nama} (NIP {nip}) belum pernah menerima akun, "
                                                      "jadi tidak ada berita acara yang diganti; terbitkan dengan "
                                                      f"'sopgen letters {sheet}' tanpa --reissue-nip."))
    fresh = [m for m in validation.members if m.nip not in notes and m.nip not in wanted]
    if fresh:
        shown = ", ".join(f"{m.nama} (NIP {m.nip})" for m in fresh[:3]) + (" dan lainnya" if len(fresh) > 3 else "")
        problems.append(("ANGGOTA_BARU_DI_LEMBAR", f"{sheet} juga memuat {len(fresh)} anggota yang belum pernah "
                                                   f"menerima akun ({shown}): terbitkan dulu dengan 'sopgen letters "
                                                   f"{sheet}' tanpa --reissue-nip (Surat Perintah baru), lalu "
                                                   "jalankan --reissue-nip lagi."))
    if problems:
        lines = "\n".join(f"  - [{code}] {text}" for code, text in problems)
        raise ReissueRefused(f"Tidak ada yang diterbitkan ulang dan tidak ada nomor yang terpakai:\n{lines}",
                             code=problems[0][0])
    return [m for m in validation.members if m.nip in wanted]


def _reissue_under(root: BatchRecord, members: list[Member], notes: dict[str, DocumentRecord], run: Run,
                   register: Register, password_key: bytes, fingerprint: str | None, outcome: Outcome) -> BatchRecord:
    """One batch of new notes for members who stand under `root`'s Surat Perintah."""
    today, settings = run.today, run.settings
    config = settings.config
    sp = register.surat_perintah_of(root)
    assert sp is not None
    key, folder_rel = _name(root, register, settings, today)
    seqs = register.allocate(SERAH_TERIMA, today.year, len(members), shared_counter=config.shared_counter)
    plan = []
    for member, seq in zip(members, seqs, strict=True):
        name = safe_name(f"{seq:03d}_{member.nip}_{member.nama}", max_bytes=110)
        plan.append(Job(SERAH_TERIMA, seq, config.numbering[SERAH_TERIMA].render(seq, today.year), member,
                        f"serah_terima/{name}.docx"))
    replaced = [notes[m.nip] for m in members]
    ctx = BatchContext(config, members, key, sp.number, today, password_key, register.id, fingerprint,
                       sp_issued_on=sp.issued_on, parent_key=root.key,
                       replaces={d.nip: Replaced(d.number, d.issued_on) for d in replaced if d.nip})
    final = settings.output_dir / folder_rel
    written = write_batch_folder(final, plan, slip_jobs(plan), ctx, run)
    batch = record_batch(register, key=key, input_name=run.path.name, batch_hash=run.batch_hash, issued_on=today,
                         folder_rel=folder_rel, fingerprint=fingerprint, plan=plan, written=written, config=config,
                         parent_id=root.id)
    outcome.replaced += replace_notes(register, replaced, batch, own_surat_perintah=False)
    register.carry_steps(batch, replaced, sp.issued_on, config.penandatangan["kepala_ukpbj"].nama)
    return batch


def _name(root: BatchRecord, register: Register, settings: Settings, today: date) -> tuple[str, str]:
    """The reissue's key and folder: '2026-001-pengganti-1' in '2026/001_usulan_pengganti_1', beside its
    original (in the reissue's own year, named with the original's year when that differs)."""
    original = root.folder.rsplit("/", 1)[-1]
    if root.year != today.year:
        original = f"{root.year}_{original}"
    n = len(register.reissues_of(root.id)) + 1
    while True:
        key = f"{root.key}-{SUFFIX}-{n}"
        folder_rel = f"{today.year}/{safe_name(f'{original}_{SUFFIX}_{n}', max_bytes=100)}"
        taken = register.batch_by_key(key) is not None or register.batch(folder_rel) is not None
        if not taken and not (settings.output_dir / folder_rel).exists():
            return key, folder_rel
        n += 1
