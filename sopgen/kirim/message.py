"""The message a member receives: the office's plain-text template (`templates/pesan_akun.txt`),
rendered in the same sandboxed jinja2 with StrictUndefined as the Word templates.

One message carries the user ID and the password; with `[kirim] pesan_terpisah` the user ID and the
password go in two messages, and the second is given neither the user ID nor the NIP, so a template
cannot put both in one message. With `kata_sandi_manual` only the user ID is sent.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from ..config import Config
from ..errors import TemplateError
from ..render import jinja_environment

ONE = "satu"  # user ID and password in one message
USER_ID = "user_id"  # the first of two messages, or the only one when the password is on paper
PASSWORD = "kata_sandi"  # the second of two messages
LABELS = {ONE: "Pesan", USER_ID: "User ID", PASSWORD: "Kata sandi"}
DESCRIBED = {ONE: "pesan berisi user ID dan kata sandi", USER_ID: "pesan user ID",
             PASSWORD: "pesan kata sandi (tanpa user ID dan NIP)"}
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Message:
    kind: str  # ONE, USER_ID or PASSWORD
    text: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]


@dataclass(frozen=True)
class MessageFacts:
    """What one member's messages are made of."""

    nama: str
    nip: str
    user_id: str
    kata_sandi: str | None  # None: on the slip only (kata_sandi_manual)


def kinds(config: Config) -> tuple[str, ...]:
    """Which messages each member gets."""
    if config.manual_password:
        return (USER_ID,)
    return (USER_ID, PASSWORD) if config.send.separate else (ONE,)


class MessageTemplate:
    """The office's message template, compiled once for a whole batch."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.path = config.templates_dir / config.send.template
        try:
            source = self.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            raise TemplateError(
                f"Templat pesan {self.path} tidak ditemukan atau bukan teks UTF-8. Kembalikan berkas itu "
                f"(salinan aslinya ada di folder templates/ sopgen), atau sebutkan berkas lain di "
                "[kirim] templat_pesan."
            ) from None
        try:
            self._template = jinja_environment(text=True).from_string(source)
        except Exception as exc:  # jinja2's syntax errors become one clear message
            raise self._error(exc, {}, ONE) from None

    def messages(self, facts: MessageFacts) -> list[Message]:
        return [self.render(kind, facts) for kind in kinds(self.config)]

    def render(self, kind: str, facts: MessageFacts) -> Message:
        context = message_context(self.config, kind, facts)
        try:
            text = self._template.render(context)
        except Exception as exc:  # noqa: BLE001 - jinja errors become one clear message
            raise self._error(exc, context, kind) from None
        text = _BLANK_LINES.sub("\n\n", "\n".join(line.rstrip() for line in text.splitlines())).strip()
        self._refuse_incomplete(kind, text, facts)
        return Message(kind, text)

    def _refuse_incomplete(self, kind: str, text: str, facts: MessageFacts) -> None:
        """A template edited so that a message lost its user ID or password would send nothing usable."""
        user_id: tuple[str, str, str | None] = ("user ID", "user_id", facts.user_id)
        password: tuple[str, str, str | None] = ("kata sandi", "kata_sandi", facts.kata_sandi)
        needed = {ONE: [user_id, password], USER_ID: [user_id], PASSWORD: [password]}[kind]
        for what, variable, value in needed:
            if value and value not in text:
                raise TemplateError(
                    f"Templat pesan {self.path}: {DESCRIBED[kind]} tidak memuat {what} "
                    f"({{{{ {variable} }}}}). Tambahkan kembali, lalu jalankan 'make check-templates'."
                )

    def _error(self, exc: Exception, context: dict[str, Any], kind: str) -> TemplateError:
        from jinja2 import TemplateSyntaxError, UndefinedError
        from jinja2.exceptions import SecurityError

        if isinstance(exc, UndefinedError):
            found = re.search(r"'([^']+)' is undefined", str(exc))
            name = found.group(1) if found else str(exc)
            close = difflib.get_close_matches(name, sorted(context), n=1, cutoff=0.6)
            hint = f" Mungkin maksudnya '{close[0]}'?" if close and name not in ("user_id", "nip", "kata_sandi") else ""
            return TemplateError(
                f"Templat pesan {self.path}: variabel '{name}' tidak tersedia di {DESCRIBED[kind]}.{hint} "
                f"Yang tersedia di sana: {', '.join(sorted(context))}. Perbaiki templatnya, lalu jalankan "
                "'make check-templates'."
            )
        if isinstance(exc, SecurityError):
            return TemplateError(f"Templat pesan {self.path} mencoba mengakses bagian dalam Python; ini tidak "
                                 "diizinkan. Hapus tag itu dari templat.")
        if isinstance(exc, TemplateSyntaxError):
            return TemplateError(f"Tag di templat pesan {self.path} salah tulis (baris {exc.lineno}: "
                                 f"{exc.message}). Periksa pasangan {{{{ }}}} dan {{% %}}.")
        return TemplateError(f"Templat pesan {self.path} tidak dapat diisi ({type(exc).__name__}: {exc}).")


def message_context(config: Config, kind: str, facts: MessageFacts) -> dict[str, Any]:
    """The variables of one message; a message that must not carry a value is not given it."""
    k = config.kantor
    context: dict[str, Any] = {
        "pesan": kind,
        "nama": facts.nama,
        "kata_sandi_manual": config.manual_password,
        "aplikasi": k.get("aplikasi", "SPSE"),
        "alamat_spse": k.get("alamat_spse", ""),
        "nama_lpse": k.get("nama_lpse", "LPSE"),
        "nama_ukpbj": k.get("nama_ukpbj", "UKPBJ"),
    }
    if kind in (ONE, USER_ID):
        context.update(nip=facts.nip, user_id=facts.user_id)
    if kind in (ONE, PASSWORD) and facts.kata_sandi is not None:
        context["kata_sandi"] = facts.kata_sandi
    return context


def check_message_template(config: Config) -> None:
    """Render the message template in every mode an office can choose, with sample data."""
    from dataclasses import replace

    facts = MessageFacts(nama="Dra. Sri Wahyuningsih & Rekan <Tim>", nip="198001012005011010",
                         user_id=config.user_id("198001012005011010"), kata_sandi="Ab3dEf7hJk9m")
    for manual, separate in ((False, False), (False, True), (True, False)):
        variant = replace(config, manual_password=manual, send=replace(config.send, separate=separate))
        MessageTemplate(variant).messages(facts if not manual else replace(facts, kata_sandi=None))
