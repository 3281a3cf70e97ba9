"""The send page in a real browser: headless Chromium opens `kirim.html` from disk, offline, and every
link it built is read back and checked against the register, the sheet and the printed note."""

from __future__ import annotations

import base64
import io
import os
import sqlite3
from pathlib import Path

import phonenumbers
import pytest

from tests.browser import SKIP_REASON, Browser, dump_dom, find_chromium
from tests.configs import CONFIRMED
from tests.members import member
from tests.test_kirim import (
    issue,
    kirim,
    page_of,
    printed_passwords,
    read_page,
    run,
    sms_parts,
    whatsapp_parts,
)

pytestmark = pytest.mark.skipif(find_chromium() is None, reason=SKIP_REASON)
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="the DevTools pipe is passed as fds 3 and 4 (POSIX)")

HOSTILE = 'Ma\'ruf "&amp; <script>window.__pwned = 1</script><marquee>'
MEMBERS = [
    member(1, nama="Bambang Sutrisno, S.T., M.T.", telepon="0812-3456-7801"),
    member(2, nama=HOSTILE, telepon="+62 813-3012-4455"),
    member(3, nama="Ir. Suharto Wibisono", telepon="(0352) 481737"),
    member(4, nama="Đặng Thị Ñuñez, S.E.", telepon="0857 4321 9876"),
]


def e164(telepon: str) -> str:
    """The number as E.164, worked out here with phonenumbers from what the clerk typed."""
    return phonenumbers.format_number(phonenumbers.parse(telepon, "ID"), phonenumbers.PhoneNumberFormat.E164)


def registered(out: Path) -> dict[str, str]:
    with sqlite3.connect(out / "register.sqlite") as db:
        return dict(db.execute("SELECT nip, nama FROM documents WHERE kind = 'serah_terima'").fetchall())


def test_every_link_chromium_built_carries_the_members_number_and_the_printed_password(tmp_path: Path) -> None:
    out = issue(tmp_path, MEMBERS)
    assert kirim(out)[0] == 0
    dom = dump_dom(page_of(out))
    page = read_page(dom)
    names = registered(out)
    passwords = printed_passwords(out)
    assert [r["nip"] for r in page.rows] == list(names) == list(passwords)
    assert page.scripts == 1 and "marquee" not in page.tags
    assert page.command.strip() == "Belum ada anggota yang dicentang."  # the page's own script ran
    for outside in ("<link", "<img", "<iframe", " src=", "url(", "@import"):  # nothing loads from elsewhere
        assert outside not in dom, outside
    for row, sent in zip(page.rows, MEMBERS, strict=True):
        nip = row["nip"]
        assert row["nama"] == names[nip] == sent["nama"]
        number = e164(sent["telepon"])
        assert row["tel"] == f"tel:{number}"
        if sent["telepon"].startswith("(0352)"):
            assert row["wa"] == row["sms"] == row["salin"] == []
            assert "serahkan slip secara langsung" in row["text"] and row["telepon"] == "(0352) 481737"
            continue
        assert "".join(filter(str.isdigit, row["telepon"])) == "0" + number[3:]  # shown as dialled at home
        [wa], [sms], [copied] = row["wa"], row["sms"], row["salin"]
        phone, text = whatsapp_parts(wa)
        assert phone == number.lstrip("+") and sms_parts(sms) == (number, text) and copied == text
        assert text.startswith(f"Yth. {sent['nama']},")
        assert f"User ID: {nip}" in text and f"Kata sandi sementara: {passwords[nip]}" in text
        assert "https://spse.inaproc.id/ponorogokab" in text
        assert sum(p in text for p in passwords.values()) == 1  # no one else's password


def click(browser: Browser, nip: str, what: str) -> None:
    """Click an element of a member's row, as the clerk would (links stay on the page)."""
    browser.evaluate(f"document.querySelector('tr[data-nip=\"{nip}\"] {what}').click()")


@POSIX_ONLY
def test_clicking_and_ticking_in_chromium_build_the_catat_command_that_records_step_4(tmp_path: Path) -> None:
    out = issue(tmp_path, MEMBERS)
    assert kirim(out)[0] == 0
    passwords = printed_passwords(out)
    nips = list(passwords)
    with Browser(page_of(out)) as browser:
        browser.grant_clipboard()
        assert browser.evaluate("document.documentElement.scrollWidth") <= 1366  # no sideways scrolling
        assert float(browser.evaluate("getComputedStyle(document.body).fontSize").rstrip("px")) >= 14
        assert browser.evaluate("typeof window.__pwned") == "undefined"
        click(browser, nips[0], "button.salin")
        copied = browser.evaluate("new Promise(r => setTimeout(() => r(navigator.clipboard.readText()), 300))")
        assert f"Kata sandi sementara: {passwords[nips[0]]}" in copied
        browser.evaluate("document.addEventListener('click', e => e.target.closest('a') && e.preventDefault())")
        click(browser, nips[3], "a.wa")
        click(browser, nips[2], "input.terkirim")
        command = browser.evaluate("document.getElementById('perintah').textContent")
        options = f"--output {out} --config {CONFIRMED}"
        assert command == f"sopgen catat 4 {nips[0]} {nips[2]} {nips[3]} {options}"
        click(browser, nips[2], "input.terkirim")
        command = browser.evaluate("document.getElementById('perintah').textContent")
        assert command == f"sopgen catat 4 {nips[0]} {nips[3]} {options}"
        browser.evaluate("document.getElementById('salin-perintah').click()")
        pasted = browser.evaluate("new Promise(r => setTimeout(() => r(navigator.clipboard.readText()), 300))")
        assert pasted == command
    for step in ("2", "3"):
        assert run("catat", step, *nips, "--tanggal", "2026-11-25", "--output", str(out))[0] == 0
    code, text = run(*pasted.split()[1:-2])  # as the clerk pastes it (run() adds the --config)
    assert code == 0, text
    assert kirim(out)[0] == 0
    rows = {r["nip"]: r for r in read_page(dump_dom(page_of(out))).rows}
    assert [n for n in nips if "Tercatat" in rows[n]["text"]] == [nips[0], nips[3]]


@POSIX_ONLY
def test_the_printed_page_is_a_checklist_without_any_password(tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = issue(tmp_path, MEMBERS)
    assert kirim(out)[0] == 0
    passwords = printed_passwords(out)
    with Browser(page_of(out)) as browser:
        pdf = base64.b64decode(browser.call("Page.printToPDF", paperWidth=8.27, paperHeight=11.69)["data"])
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "Bambang Sutrisno" in flat and "serahkan slip secara langsung" in flat and "Catat langkah 4" in flat
    assert not any(p in text.replace("\n", "") for p in passwords.values())
    assert "WhatsApp" not in flat.replace("server web WhatsApp", "")  # the buttons are not printed
