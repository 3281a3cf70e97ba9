"""sopgen: letters and register for the SOP 'Permintaan Akun Pokja UKPBJ'.

The library API, usable without the CLI::

    import sopgen
    report = sopgen.validate_file("input/usulan.xlsx")          # a Validation: .ok, .problems
    settings = sopgen.Settings(config=sopgen.load_config(), output_dir=Path("output"),
                               register_path=Path("output/register.sqlite"))
    outcome = sopgen.issue_letters(Path("input/usulan.xlsx"), settings)  # .status, .documents

Names are imported on first use, so `sopgen --version` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_PUBLIC = {
    "load_config": "config",
    "Config": "config",
    "validate_file": "validate",
    "issue_letters": "pipeline",
    "Settings": "pipeline",
    "Outcome": "pipeline",
    "Register": "register",
    "Member": "model",
    "Problem": "model",
    "Validation": "model",
    "SopgenError": "errors",
}
__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'sopgen' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
