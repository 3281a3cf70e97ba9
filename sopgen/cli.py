"""The command line: argument parsing and printing only; each command calls the library."""

from __future__ import annotations

import click

from . import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sopgen")
def cli() -> None:
    """sopgen: surat dan register untuk SOP Permintaan Akun Pokja UKPBJ."""


def main() -> None:
    cli()
