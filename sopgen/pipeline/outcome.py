"""What a run is asked to do (`Settings`) and what it did (`Outcome`), for the CLI and for scripts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..config import Config
from ..model import Member, Validation
from ..recovery import Adopted
from ..register import BatchRecord, DocumentRecord

# Outcome statuses (stable keys for scripts).
NEW = "baru"
ALREADY = "sudah_ada"
INVALID = "tidak_valid"
NOTHING_NEW = "tidak_ada_yang_baru"


@dataclass(frozen=True)
class Settings:
    config: Config
    output_dir: Path
    register_path: Path
    when: date | None = None
    sheet_name: str | None = None
    attachments: Path | None = None  # None: the copies are not checked
    reissue: bool = False
    new_key: bool = False  # make a new password key although the register already holds notes
    allow_examples: bool = False  # the demo's letters may carry the config's CONTOH values


@dataclass
class Earlier:
    """A member of this sheet who already received an account in an earlier batch."""

    member: Member
    document: DocumentRecord


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


Progress = Callable[[int, int], None]
