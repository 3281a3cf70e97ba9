"""The verdicts remembered between runs: a rerun reports exactly what the first run reported, a damaged
cache is ignored and rebuilt, and the cache file holds verdicts only, never a member's number or email."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sopgen import usercache, verdicts
from sopgen.report import to_json
from sopgen.rules import email
from sopgen.validate import validate_file
from tests.members import member, write_members

TODAY = date(2026, 11, 24)
# Every kind of phone and email verdict: mobile, office line, office line with its extension, a lost
# leading zero, two numbers in a cell, invalid and too short numbers; valid, misspelt and bad domains.
MEMBERS = [
    member(1),
    member(2, telepon="(0352) 481737", email="budi@gmial.com"),
    member(3, telepon="0352-481737 ext. 429", email="sri@pu.go.id"),
    member(4, telepon=81234567804, email="Ani.Lestari@Yahoo.CO.ID"),
    member(5, telepon="0812-3456-0005 / 0813-5555-0005", email="x@gmail.c"),
    member(6, telepon="0999 1234567", email="y@ponorogo.go.di"),
    member(7, telepon="0812-34", email="z@-bad-.com"),
    member(8, telepon="021 5551234", email="dina@kemenkeu.go.id"),
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SOPGEN_CACHE", str(folder))
    _cold()
    yield folder
    _cold()


def _cold() -> None:
    """Nothing remembered in this process either."""
    verdicts.forget()
    email._domain_is_valid.cache_clear()


def _report(sheet: Path) -> str:
    return to_json(validate_file(sheet, today=TODAY))


def test_a_rerun_with_remembered_verdicts_reports_exactly_what_the_first_run_did(tmp_path: Path, cache: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", MEMBERS)
    cold = _report(sheet)
    assert (cache / verdicts.FILE_NAME).is_file()
    _cold()
    warm = _report(sheet)
    assert warm == cold
    codes = {p["code"] for p in json.loads(cold)["problems"]}
    assert {"TELEPON_BUKAN_SELULER", "TELEPON_NOL_HILANG", "TELEPON_LEBIH_DARI_SATU", "TELEPON_FORMAT",
            "TELEPON_TERLALU_PENDEK", "EMAIL_DOMAIN_MIRIP", "EMAIL_FORMAT"} <= codes


def read_cache(path: Path) -> Any:
    payload = usercache.read_entry(path, verdicts.MAGIC)
    assert payload is not None, "a whole entry, its checksum holding"
    return json.loads(payload)


def write_cache(path: Path, data: Any) -> None:
    usercache.write_entry(path, verdicts.MAGIC, json.dumps(data).encode("ascii"))


def test_the_cache_holds_verdicts_only_never_a_members_number_or_address(tmp_path: Path, cache: Path) -> None:
    _report(write_members(tmp_path / "usulan.xlsx", MEMBERS))
    text = (cache / verdicts.FILE_NAME).read_text(encoding="ascii")
    data = read_cache(cache / verdicts.FILE_NAME)
    assert set(data) == {"format", "versions", "shapes", "phones", "domains"}
    for m in MEMBERS:
        digits = "".join(ch for ch in str(m["telepon"]) if ch.isdigit())
        assert digits[-6:] not in text  # no number, not even its last digits
    assert "@" not in text  # domains only, no address
    assert all(type(code) is int for code in data["phones"].values())
    assert not any(ch.isdigit() for shape in data["shapes"] for ch in shape)
    assert set(data["domains"]) <= {str(m["email"]).split("@")[1].lower() for m in MEMBERS}


@pytest.mark.parametrize("damage", [
    b"\x00\xff not json at all",
    b"[1, 2, 3]",
    b'{"format": 1}',
    b"{" * 100_000,
    "wrong versions",
    "a verdict of the wrong form",
    "a number kept as a key",
    "a verdict past the shapes",
    "digits in a shape",
])
def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path: Path, cache: Path, damage: object) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", MEMBERS)
    cold = _report(sheet)
    path = cache / verdicts.FILE_NAME
    good = read_cache(path)
    if isinstance(damage, bytes):
        path.write_bytes(damage)
    else:
        data = json.loads(json.dumps(good))
        key = next(iter(data["phones"]))
        if damage == "wrong versions":
            data["versions"]["phonenumbers"] = "0.0.1"
            data["phones"] = dict.fromkeys(data["phones"], 0)  # lies that a newer library must not hear
        elif damage == "a verdict of the wrong form":
            data["phones"][key] = [True, "####-####-####"]
        elif damage == "a verdict past the shapes":
            data["phones"][key] = 1 + 2 * len(data["shapes"])
        elif damage == "a number kept as a key":
            data["phones"]["081234567801"] = 1
        else:
            data["shapes"][0] = "0812-####-####"
        write_cache(path, data)  # checksummed as sopgen writes it: only the form is wrong
    _cold()
    assert _report(sheet) == cold
    assert read_cache(path) == good


def test_no_cache_is_kept_when_it_is_switched_off_or_cannot_be_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", MEMBERS)
    monkeypatch.setenv("SOPGEN_CACHE", "off")
    off = _report(sheet)
    assert not cache.exists()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("SOPGEN_CACHE", str(blocker / "cache"))
    _cold()
    assert _report(sheet) == off
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    monkeypatch.setenv("SOPGEN_CACHE", str(cache))
    _cold()
    assert _report(sheet) == off
    assert (cache / verdicts.FILE_NAME).is_file()


def test_a_rerun_with_every_verdict_remembered_loads_neither_library(tmp_path: Path, cache: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(i) for i in range(1, 6)])
    script = ("import sys; from datetime import date; from sopgen.validate import validate_file; "
              f"v = validate_file({str(sheet)!r}, today=date(2026, 11, 24)); "
              "print(v.ok, 'phonenumbers' in sys.modules, 'email_validator' in sys.modules)")
    env = {**os.environ, "SOPGEN_CACHE": str(cache)}
    run = [sys.executable, "-c", script]
    first = subprocess.run(run, capture_output=True, text=True, env=env, check=True, cwd=Path.cwd())
    again = subprocess.run(run, capture_output=True, text=True, env=env, check=True, cwd=Path.cwd())
    assert first.stdout.split() == ["True", "True", "True"]
    assert again.stdout.split() == ["True", "False", "False"]
