"""The send page as one self-contained HTML file: no external script, font or image, and a Content
Security Policy that lets only its own style and script (by their sha256) run.

Every value is escaped for where it goes: jinja2's autoescape for HTML text and attributes (always
double-quoted), `links.query_text` for a link's query, before the link itself is escaped as an
attribute. The page never records anything: it builds the `sopgen catat 4` command the clerk runs.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..config import Config
from ..idtext import tanggal
from ..render import jinja_environment
from . import links
from .members import Recipient
from .message import Message

HERE = Path(__file__).resolve().parent
_PLAIN_WORD = re.compile(r"[\w./:\\=-]+")


@dataclass(frozen=True)
class PageRow:
    recipient: Recipient
    messages: list[Message]  # empty for a fixed line: the slip is handed over in person
    step4_on: date | None  # when step 4 was recorded for this batch, if it was


@dataclass(frozen=True)
class PageFacts:
    batch: str  # the batch key, 2026-001
    surat_perintah: str
    issued_on: date
    catat_options: tuple[str, ...] = ()  # --output/--register/--config as the clerk gave them
    remove_command: str = ""


def shell_command(words: list[str]) -> str:
    """A command line to copy into a terminal: a word with spaces or quotes is double-quoted."""
    return " ".join(w if _PLAIN_WORD.fullmatch(w) else '"' + w.replace('"', '\\"') + '"' for w in words)


def render_page(config: Config, facts: PageFacts, rows: list[PageRow]) -> bytes:
    """The page's bytes: the same facts always give the same bytes (no clock, no randomness)."""
    style = (HERE / "halaman.css").read_text(encoding="utf-8")
    script = (HERE / "halaman.js").read_text(encoding="utf-8")
    source = (HERE / "halaman.html").read_text(encoding="utf-8")
    from markupsafe import Markup

    open_nips = [r.recipient.nip for r in rows if r.step4_on is None]
    start = shell_command(["sopgen", "catat", "4"])
    end = (" " + shell_command(list(facts.catat_options))) if facts.catat_options else ""
    context = {
        "style": Markup(style), "style_hash": _csp_hash(style),
        "script": Markup(script), "script_hash": _csp_hash(script),
        "kantor": str(config.kantor.get("nama_lpse", "LPSE")),
        "batch": facts.batch, "surat_perintah": facts.surat_perintah, "tanggal": tanggal(facts.issued_on),
        "web": config.send.whatsapp == links.WEB, "manual": config.manual_password,
        "separate": config.send.separate,
        "rows": [_row(config, i, row) for i, row in enumerate(rows, start=1)],
        "belum": bool(open_nips), "awal": start, "akhir": end,
        "semua": start + " " + " ".join(open_nips) + end,
        "hapus": facts.remove_command,
    }
    env = jinja_environment()
    env.trim_blocks = env.lstrip_blocks = True  # a line holding only a block tag leaves no blank line
    html = env.from_string(source).render(context)
    return html.encode("utf-8")


def _row(config: Config, no: int, row: PageRow) -> dict[str, Any]:
    r = row.recipient
    return {
        "no": no, "nip": r.nip, "nama": r.nama, "nip_label": r.nip_label, "nip_display": r.nip_display,
        "telepon": r.telepon, "tel": links.tel_link(r.telepon_e164), "seluler": bool(row.messages),
        "pesan": [{"kind": m.kind, "label": m.label, "text": m.text,
                   "wa": links.whatsapp_link(r.telepon_e164, m.text, config.send.whatsapp),
                   "sms": links.sms_link(r.telepon_e164, m.text)} for m in row.messages],
        "langkah4": tanggal(row.step4_on) if row.step4_on else "",
    }


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
