"""Issuing a new batch: number its documents inside the register's write transaction, write its folder
whole, then record it (the caller's transaction commits)."""

from __future__ import annotations

from ..config import Config
from ..filenames import safe_name
from ..model import Member
from ..passwords import different_key, key_fingerprint, load_or_create_key
from ..register import DocumentRecord, Register
from ..slips import SLIP, slip_file
from .context import LEMBAR_DISPOSISI, SERAH_TERIMA, SURAT_PERINTAH, BatchContext, Job, Replaced
from .folder import write_batch_folder
from .outcome import NEW, NOTHING_NEW, Earlier, Outcome, Run, Settings
from .record import record_batch, replace_notes


def issue_new(run: Run, register: Register) -> Outcome:
    """The sheet's members not issued yet (all of them with --reissue) in a new batch: a Surat Perintah,
    its Lembar Disposisi, and a Berita Acara and Slip Kata Sandi per member."""
    path, validation, today, settings = run.path, run.validation, run.today, run.settings
    config = settings.config
    earlier, members = split_already_issued(validation.members, register)
    superseded: list[DocumentRecord] = []
    if settings.reissue:
        superseded = [e.document for e in earlier]
        members, earlier = validation.members, []
    if not members:
        return Outcome(path, validation, NOTHING_NEW, earlier=earlier)
    year = today.year
    run.refuse_backdating(register, today)
    password_key = password_key_for(settings, register)
    fingerprint = key_fingerprint(password_key) if password_key else None
    plan = _plan(config, register, members, year)
    sp_number, sp_seq = plan[0].number, plan[0].seq
    key = f"{year}-{sp_seq:03d}"
    folder_rel = f"{year}/{safe_name(f'{sp_seq:03d}_{path.stem}', max_bytes=80)}"
    replaces = {d.nip: Replaced(d.number, d.issued_on) for d in superseded if d.nip}
    batch_ctx = BatchContext(config, members, key, sp_number, today, password_key, register.id, fingerprint,
                             replaces=replaces)
    final = settings.output_dir / folder_rel
    written = write_batch_folder(final, plan, slip_jobs(plan), batch_ctx, run)
    batch = record_batch(register, key=key, input_name=path.name, batch_hash=run.batch_hash, issued_on=today,
                         folder_rel=folder_rel, fingerprint=fingerprint, plan=plan, written=written, config=config)
    replaced = replace_notes(register, superseded, batch, own_surat_perintah=True)
    register.record_steps([m.nip for m in members], batch.id, 1, today,
                          config.penandatangan["kepala_ukpbj"].nama)
    return Outcome(path, validation, NEW, batch=batch, folder=final,
                   documents=register.documents(batch.id), earlier=earlier, replaced=replaced)


def password_key_for(settings: Settings, register: Register) -> bytes:
    """The key for new notes; made only for a register without letters (or when asked): a key lost
    with letters already issued must be restored from the backup, not silently replaced."""
    if settings.config.manual_password:
        return b""
    folder = settings.register_path.parent
    may_create = settings.new_key or register.latest_batch() is None
    key = load_or_create_key(folder, may_create=may_create)
    in_use = register.key_in_use()
    if in_use is not None and in_use.key_fingerprint != key_fingerprint(key) and not settings.new_key:
        raise different_key(folder, in_use.key)  # before any number is taken
    return key


def _plan(config: Config, register: Register, members: list[Member], year: int) -> list[Job]:
    """Number the batch's documents (inside the register's write transaction) and name their files."""
    def numbered(kind: str, count: int) -> list[tuple[int, str]]:
        seqs = register.allocate(kind, year, count, shared_counter=config.shared_counter)
        return [(seq, config.numbering[kind].render(seq, year)) for seq in seqs]

    [(sp_seq, sp_number)] = numbered(SURAT_PERINTAH, 1)
    [(ld_seq, ld_number)] = numbered(LEMBAR_DISPOSISI, 1)
    plan = [
        Job(SURAT_PERINTAH, sp_seq, sp_number, None, f"01_surat_perintah_{safe_name(sp_number)}.docx"),
        Job(LEMBAR_DISPOSISI, ld_seq, ld_number, None, f"02_lembar_disposisi_{safe_name(ld_number)}.docx"),
    ]
    for member, (seq, number) in zip(members, numbered(SERAH_TERIMA, len(members)), strict=True):
        name = safe_name(f"{seq:03d}_{member.nip}_{member.nama}", max_bytes=110)
        plan.append(Job(SERAH_TERIMA, seq, number, member, f"serah_terima/{name}.docx"))
    return plan


def slip_jobs(plan: list[Job]) -> list[Job]:
    """Each Berita Acara's Slip Kata Sandi: its member, number and file name, in the slip folder."""
    return [Job(SLIP, job.seq, job.number, job.member, slip_file(job.file)) for job in plan
            if job.kind == SERAH_TERIMA]


def split_already_issued(
    members: list[Member], register: Register
) -> tuple[list[Earlier], list[Member]]:
    earlier: list[Earlier] = []
    fresh: list[Member] = []
    issued = register.active_documents_by_nip(SERAH_TERIMA)
    for member in members:
        done = issued.get(member.nip)
        if done is not None:
            earlier.append(Earlier(member, done))
        else:
            fresh.append(member)
    return earlier, fresh
