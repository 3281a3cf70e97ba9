"""What a run is asked to do (`Settings`) and what it did (`Outcome`), for the CLI and for scripts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..config import Config
from ..model import Member, Validation
from ..recovery import Adopted
from ..register import BatchRecord, DocumentRecord, Register

# Outcome statuses (stable keys for scripts).
NEW = "baru"
ALREADY = "sudah_ada"
INVALID = "tidak_valid"
NOTHING_NEW = "tidak_ada_yang_baru"
REISSUED = "diterbitkan_ulang"


@dataclass(frozen=True)
class Settings:
    config: Config
    output_dir: Path
    register_path: Path
    when: date | None = None
    sheet_name: str | None = None
    attachments: Path | None = None  # None: the copies are not checked
    reissue: bool = False
    reissue_nips: tuple[str, ...] = ()  # reissue only these members' notes, under their Surat Perintah
    new_key: bool = False  # make a new password key although the register already holds notes
    allow_examples: bool = False  # the demo's letters may carry the config's CONTOH values


@dataclass
class Earlier:
    """A member of this sheet who already received an account in an earlier batch."""

    member: Member
    document: DocumentRecord


@dataclass(frozen=True)
class Replacement:
    """An issued document and the one that replaced it (a member's note, or a whole batch's letters)."""

    old: DocumentRecord
    new: DocumentRecord


@dataclass
class Outcome:
    file: Path
    validation: Validation
    status: str
    batch: BatchRecord | None = None
    folder: Path | None = None
    documents: list[DocumentRecord] = field(default_factory=list)
    earlier: list[Earlier] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unrestorable: dict[str, str] = field(default_factory=dict)  # file -> why it cannot be made again
    adopted: list[Adopted] = field(default_factory=list)  # batch folders found issued but unregistered
    register_made_from: str | None = None  # the register was made by this run: it was missing or empty
    key_warning: str | None = None  # the password key was readable by others
    replaced: list[Replacement] = field(default_factory=list)  # what this run's documents replace
    reissues: list[BatchRecord] = field(default_factory=list)  # batches of notes reissued under an earlier SP
    changed_data: dict[str, str] = field(default_factory=dict)  # NIP -> how a reissued member's data changed
    changed_members: set[str] = field(default_factory=set)  # NIPs warned DATA_BERUBAH

    @property
    def new_batches(self) -> list[BatchRecord]:
        """The batches this run issued (none for a rerun)."""
        if self.status == REISSUED:
            return list(self.reissues)
        return [self.batch] if self.status == NEW and self.batch is not None else []


Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Run:
    """One valid sheet being issued: what every job of the pipeline needs to know about it."""

    path: Path
    validation: Validation
    batch_hash: str  # the sheet's data (pipeline.data_hash)
    today: date  # the letters' date
    settings: Settings
    source_sha: str  # the sheet's bytes as validated: its archived copy must have them
    refuse_backdating: Callable[[Register, date], None]
    progress: Progress | None = None
