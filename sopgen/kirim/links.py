"""The links of the send page: a number in E.164, the message percent-encoded into the query.

`whatsapp://send` opens the WhatsApp application with the message typed, without a web request;
`https://wa.me/` opens WhatsApp's web address, so the text (the password too) passes WhatsApp's
web server. `sms:` follows RFC 5724 (`sms:+62...?body=`). The text is encoded with nothing left
unescaped (`&`, `#`, `+`, `%`, quotes, new lines), so a name or password can only ever be text.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ..config import WHATSAPP_LINKS

APP, WEB = WHATSAPP_LINKS  # "aplikasi", "wa.me"
_E164 = re.compile(r"\+[1-9]\d{6,14}")


def e164_digits(e164: str) -> str:
    """'+6281234567801' -> '6281234567801'; anything that is not an E.164 number is refused."""
    if not _E164.fullmatch(e164):
        raise ValueError(f"not an E.164 number: {e164!r}")
    return e164[1:]


def query_text(text: str) -> str:
    """The message as a URL query value: UTF-8, every reserved character percent-encoded."""
    return quote(text, safe="")


def whatsapp_link(e164: str, text: str, via: str = APP) -> str:
    digits = e164_digits(e164)
    if via == WEB:
        return f"https://wa.me/{digits}?text={query_text(text)}"
    return f"whatsapp://send?phone={digits}&text={query_text(text)}"


def sms_link(e164: str, text: str) -> str:
    e164_digits(e164)
    return f"sms:{e164}?body={query_text(text)}"


def tel_link(e164: str) -> str:
    e164_digits(e164)
    return f"tel:{e164}"
