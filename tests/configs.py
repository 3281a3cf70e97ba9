"""The office config the tests issue letters with: the shipped one as an office fills it in.

The shipped `templates/config.toml` marks every value an office must fill in with the word CONTOH,
and `sopgen letters` numbers nothing while one is left. The tests take that file, drop the markers
(each example value then reads as a real one) and point `[templat] folder` at the repository's
templates, so they run the config a clerk would have after the first setup step.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "templates" / "config.toml"
GENERATED = REPO / "tests" / ".generated"
CONFIRMED = GENERATED / "config.toml"
_MARKER = re.compile(r'(?<=")CONTOH\s+')  # 'nama = "CONTOH Drs. ..."' -> 'nama = "Drs. ..."'


def confirmed_text(text: str | None = None) -> str:
    """A config text with its CONTOH markers filled in and the repository's templates."""
    text = SHIPPED.read_text(encoding="utf-8") if text is None else text
    filled = _MARKER.sub("", text)
    return filled + f"\n[templat]\nfolder = '{REPO / 'templates'}'\n"


def write_confirmed_config(target: Path = CONFIRMED, text: str | None = None) -> Path:
    """Write the confirmed config (atomically: pytest-xdist's workers all write it at start)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    tmp.write_text(confirmed_text(text), encoding="utf-8")
    os.replace(tmp, target)
    return target
