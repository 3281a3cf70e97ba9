"""click in Indonesian: help headings, the help option, and click's own usage errors.

click writes its help and usage errors in English; the clerks read only Indonesian, so the few
strings they can meet are translated here, at the edge, and the commands stay plain click.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import click

HELP_TEXT = "Tampilkan bantuan ini lalu keluar."
SECTIONS = {"Options": "Pilihan", "Commands": "Perintah", "Arguments": "Argumen"}
# click's built-in messages a clerk can provoke, as (pattern, Indonesian replacement).
MESSAGES = [
    (r"\[default: (.*?)\]", r"[bawaan: \1]"),
    (r"\[required\]", "[wajib]"),
    (r"'(.*)' is not a valid integer(?: range)?\.", r"'\1' bukan bilangan bulat."),
    (r"'(.*)' is not a valid float(?: range)?\.", r"'\1' bukan angka."),
    (r"'(.*)' is not one of (.*)\.", r"'\1' bukan salah satu dari \2."),
    (r"(?:File|Directory|Path) '(.*)' does not exist\.", r"'\1' tidak ada."),
]


def indonesian(text: str) -> str:
    for pattern, replacement in MESSAGES:
        text = re.sub(pattern, replacement, text)
    return text


class Formatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix if prefix is not None else "Cara pakai: ")

    def section(self, name: str) -> Any:
        return super().section(SECTIONS.get(name, name))

    def write_dl(self, rows: Iterable[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().write_dl([(term, indonesian(text)) for term, text in rows], *args, **kwargs)


class Context(click.Context):
    formatter_class = Formatter


def _indonesian_help_option(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = HELP_TEXT
    return option


class Command(click.Command):
    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[PILIHAN]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _indonesian_help_option(super().get_help_option(ctx))


class Group(click.Group):
    context_class = Context
    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[PILIHAN]")
        kwargs.setdefault("subcommand_metavar", "PERINTAH [ISIAN]...")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _indonesian_help_option(super().get_help_option(ctx))


def usage_error_message(exc: click.UsageError, commands: Iterable[str]) -> str:
    """click's usage error as one Indonesian sentence that says what to change."""
    if isinstance(exc, click.NoSuchOption):
        text = f"Pilihan '{exc.option_name}' tidak dikenal."
        if exc.possibilities:
            text += " Mungkin maksudnya " + " atau ".join(sorted(exc.possibilities)) + "?"
        return text
    if isinstance(exc, click.BadOptionUsage) and "requires an argument" in exc.message:
        return f"Pilihan {exc.option_name} harus diikuti nilainya."
    if isinstance(exc, click.MissingParameter):
        return f"{_hint(exc)} wajib diisi."
    if isinstance(exc, click.BadParameter):
        return f"Nilai {_hint(exc)} tidak dapat dipakai: {indonesian(exc.message)}"
    unknown = re.match(r"No such command '(.*)'\.", exc.message)
    if unknown:
        return (f"Perintah '{unknown.group(1)}' tidak dikenal. Perintah yang ada: "
                f"{', '.join(sorted(commands))}.")
    extra = re.match(r"Got unexpected extra arguments? \((.*)\)", exc.message)
    if extra:
        return f"Isian berlebih yang tidak dikenal: {extra.group(1)}."
    return indonesian(exc.format_message())


def _hint(exc: click.BadParameter) -> str:
    if exc.param_hint:
        hint = exc.param_hint
        return " / ".join(hint) if isinstance(hint, (list, tuple)) else str(hint)
    if isinstance(exc.param, click.Option):
        return " / ".join(exc.param.opts)
    if exc.param is not None:
        return str(exc.param.name).upper()
    return "isian"
