"""SOP step 4: `sopgen kirim` writes the page that sends each member's user ID and password to their phone."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from docx import Document

from sopgen import tracking
from sopgen.config import load_config
from sopgen.errors import TemplateError
from sopgen.kirim import links
from sopgen.kirim.members import Recipient
from sopgen.kirim.message import MessageFacts, MessageTemplate
from sopgen.kirim.page import PageFacts, PageRow, render_page
from tests.configs import CONFIRMED, confirmed_text
from tests.members import member, write_members
from tests.test_cli import letters, run

HOSTILE = '<script>alert("x")</script> "&amp; \'Ma\'ruf\' <marquee>'
FACTS = MessageFacts(nama="Dra. Sri Wahyuningsih", nip="198001012005011010", user_id="198001012005011010",
                     kata_sandi="Ab3d&Ef#7h+Jk%9m")


@pytest.fixture(autouse=True)
def monday_30_november(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tracking, "today", lambda: date(2026, 11, 30))


# --- reading a page back -----------------------------------------------------------------------

class PageReader(HTMLParser):
    """The page as a browser's parser sees it: rows, their links, copy texts and cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[dict] = []
        self.scripts = 0
        self.tags: list[str] = []
        self._text_of: str | None = None
        self.command = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "script":
            self.scripts += 1
        if tag == "tr" and a.get("data-nip"):
            self.rows.append({"nip": a["data-nip"], "nama": "", "telepon": "", "tel": "", "wa": [], "sms": [],
                              "salin": [], "text": "", "checkbox": False})
        if not self.rows:
            if tag == "pre" and a.get("id") == "perintah":
                self._text_of = "command"
            return
        row = self.rows[-1]
        classes = (a.get("class") or "").split()
        if tag == "span" and "nama" in classes:
            self._text_of = "nama"
        elif tag == "a" and "telepon" in classes:
            row["tel"] = a["href"]
            self._text_of = "telepon"
        elif tag == "a" and "wa" in classes:
            row["wa"].append(a["href"])
        elif tag == "a" and "sms" in classes:
            row["sms"].append(a["href"])
        elif tag == "button" and "salin" in classes:
            row["salin"].append(a["data-pesan"])
        elif tag == "input" and "terkirim" in classes:
            row["checkbox"] = True
        elif tag == "pre" and a.get("id") == "perintah":
            self._text_of = "command"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("span", "a", "pre"):
            self._text_of = None

    def handle_data(self, data: str) -> None:
        if self._text_of == "command":
            self.command += data
        elif self._text_of and self.rows:
            self.rows[-1][self._text_of] += data
        if self.rows and self._text_of != "command":
            self.rows[-1]["text"] += data


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    return reader


def whatsapp_parts(href: str) -> tuple[str, str]:
    """(phone digits, decoded text) of a whatsapp://send or https://wa.me link."""
    parts = urlsplit(href)
    query = parse_qs(parts.query, keep_blank_values=True)
    if parts.scheme == "whatsapp":
        assert parts.netloc == "send"
        return query["phone"][0], query["text"][0]
    assert parts.scheme == "https" and parts.netloc == "wa.me"
    return parts.path.lstrip("/"), query["text"][0]


def sms_parts(href: str) -> tuple[str, str]:
    assert href.startswith("sms:")
    number, _, query = href[4:].partition("?")
    return number, parse_qs(query)["body"][0]


def printed_passwords(out: Path) -> dict[str, str]:
    """NIP -> the password printed on that member's paper (the Slip Kata Sandi of the handover note)."""
    with sqlite3.connect(out / "register.sqlite") as db:
        notes = db.execute("SELECT nip, file FROM documents WHERE kind = 'serah_terima' "
                           "AND superseded_by IS NULL").fetchall()
    found = {}
    for nip, file in notes:
        slip = (out / file).parent.parent / "slip_kata_sandi" / Path(file).name
        for table in Document(str(slip)).tables:
            for row in table.rows:
                if row.cells[0].text.strip() == "Kata sandi sementara":
                    found[nip] = row.cells[1].text.strip()
    return found


def page_of(out: Path) -> Path:
    [page] = out.glob("2026/*/slip_kata_sandi/kirim.html")
    return page


def issue(tmp_path: Path, members: list[dict], *extra: str) -> Path:
    sheet = write_members(tmp_path / "usulan.xlsx", members)
    code, text = letters(tmp_path, sheet, *extra)
    assert code == 0, text
    return tmp_path / "out"


def kirim(out: Path, *args: str, config: Path = CONFIRMED) -> tuple[int, str]:
    from click.testing import CliRunner

    from sopgen.cli import cli

    result = CliRunner().invoke(cli, ["kirim", *args, "--output", str(out), "--config", str(config)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def run_with(config: Path, *args: str) -> tuple[int, str]:
    return run_plain(*args, "--config", str(config))


def run_plain(*args: str) -> tuple[int, str]:
    """A command that takes no --config (verify, archive, pdf)."""
    from click.testing import CliRunner

    from sopgen.cli import cli

    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def config_with(tmp_path: Path, **lines: str) -> Path:
    """The confirmed config with some `key = value` lines changed (each key is unique in the file)."""
    text = confirmed_text()
    for key, line in lines.items():
        text, count = re.subn(rf"(?m)^{key} = .*$", line, text)
        assert count == 1, key
    target = tmp_path / "config.toml"
    target.write_text(text, encoding="utf-8")
    return target


# --- the message -------------------------------------------------------------------------------

def test_one_message_greets_the_member_and_carries_spse_user_id_password_and_the_change_instruction() -> None:
    config = load_config(CONFIRMED)
    [message] = MessageTemplate(config).messages(FACTS)
    text = message.text
    assert text.startswith("Yth. Dra. Sri Wahyuningsih,")
    assert "https://spse.inaproc.id/ponorogokab" in text
    assert "User ID: 198001012005011010" in text and "Kata sandi sementara: Ab3d&Ef#7h+Jk%9m" in text
    assert "Gantilah kata sandi sementara itu saat pertama kali masuk" in text
    assert text.rstrip().endswith("LPSE Kabupaten Ponorogo")
    assert "\n\n\n" not in text and "{" not in text


def test_two_messages_put_the_user_id_and_the_password_apart() -> None:
    config = load_config(CONFIRMED)
    first, second = MessageTemplate(replace(config, send=replace(config.send, separate=True))).messages(FACTS)
    assert FACTS.user_id in first.text and FACTS.kata_sandi not in first.text
    assert FACTS.kata_sandi in second.text and FACTS.user_id not in second.text
    assert "pesan berikutnya" in first.text and (first.label, second.label) == ("User ID", "Kata sandi")


def test_with_the_password_written_by_hand_only_the_user_id_is_sent_and_the_slip_is_named() -> None:
    config = replace(load_config(CONFIRMED), manual_password=True)
    [message] = MessageTemplate(config).messages(replace(FACTS, kata_sandi=None))
    assert FACTS.user_id in message.text and "slip" in message.text
    assert "Kata sandi sementara:" not in message.text


def refusal(tmp_path: Path, source: str, *, separate: bool = False) -> str:
    """What a clerk is told when the message template in `source` is used."""
    (tmp_path / "pesan_akun.txt").write_text(source, encoding="utf-8")
    config = load_config(CONFIRMED)
    config = replace(config, templates_folder=tmp_path, send=replace(config.send, separate=separate))
    with pytest.raises(TemplateError) as caught:
        MessageTemplate(config).messages(FACTS)
    return caught.value.message


def test_a_template_that_puts_the_user_id_in_the_password_message_is_refused(tmp_path: Path) -> None:
    source = '{% if pesan == "user_id" %}{{ user_id }}{% else %}{{ user_id }} {{ kata_sandi }}{% endif %}'
    assert "'user_id' tidak tersedia di pesan kata sandi" in refusal(tmp_path, source, separate=True)


def test_a_template_that_lost_the_password_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    assert "tidak memuat kata sandi" in refusal(tmp_path, "Yth. {{ nama }}, user ID {{ user_id }}.")


def test_a_misspelt_variable_in_the_message_template_names_the_likely_one(tmp_path: Path) -> None:
    message = refusal(tmp_path, "{{ nma }} {{ user_id }} {{ kata_sandi }}")
    assert "'nma'" in message and "Mungkin maksudnya 'nama'" in message


def test_a_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    assert "tidak diizinkan" in refusal(tmp_path, "{{ nama.__class__.__mro__ }} {{ user_id }} {{ kata_sandi }}")


def test_a_name_that_looks_like_a_template_is_sent_as_written() -> None:
    config = load_config(CONFIRMED)
    [message] = MessageTemplate(config).messages(replace(FACTS, nama="{{ 7*7 }} {% raw %}"))
    assert message.text.startswith("Yth. {{ 7*7 }} {% raw %},")


def test_check_templates_also_renders_the_message_template_in_every_mode(tmp_path: Path) -> None:
    (tmp_path / "pesan_akun.txt").write_text("Yth. {{ nama }} {{ user_id }} {{ kata_sandi }}", encoding="utf-8")
    config = config_with(tmp_path, templat_pesan=f"templat_pesan = '{tmp_path / 'pesan_akun.txt'}'")
    code, text = run_with(config, "check-templates")
    assert code == 2 and "'kata_sandi' tidak tersedia di pesan user ID" in text
    code, text = run_with(CONFIRMED, "check-templates")
    assert code == 0 and "pesan_akun.txt" in text


# --- the links ---------------------------------------------------------------------------------

TEXT = "Yth. Ma'ruf & \"Rekan\" <Tim> Đặng,\n\nKata sandi: a+b&c#d%e/f?g=h"


def test_the_whatsapp_link_opens_the_application_with_the_e164_number_and_the_whole_text() -> None:
    href = links.whatsapp_link("+6281234567801", TEXT)
    assert href.startswith("whatsapp://send?phone=6281234567801&text=")
    assert whatsapp_parts(href) == ("6281234567801", TEXT)
    assert " " not in href and "\n" not in href and "+" not in href.split("text=")[1]


def test_the_wa_me_link_and_the_sms_link_carry_the_same_number_and_text() -> None:
    assert whatsapp_parts(links.whatsapp_link("+6281234567801", TEXT, links.WEB)) == ("6281234567801", TEXT)
    assert links.whatsapp_link("+6281234567801", "x", links.WEB) == "https://wa.me/6281234567801?text=x"
    assert sms_parts(links.sms_link("+6281234567801", TEXT)) == ("+6281234567801", TEXT)
    assert links.tel_link("+62352481737") == "tel:+62352481737"


@pytest.mark.parametrize("number", ["081234567801", "+62 812-3456-7801", "+62812&text=x", "", "+0812345678"])
def test_a_number_that_is_not_e164_gets_no_link(number: str) -> None:
    with pytest.raises(ValueError):
        links.whatsapp_link(number, "x")


# --- escaping on the page ----------------------------------------------------------------------

def hostile_page(config_changes: dict | None = None) -> str:
    config = replace(load_config(CONFIRMED), **(config_changes or {}))
    who = Recipient(nip="198001012005011010", nama=HOSTILE, nip_label="NIP", nip_display="19800101 200501 1 010",
                    telepon="0812-3456-7801", telepon_e164="+6281234567801", seluler=True)
    office = Recipient(nip="198001012005011011", nama='"&lt;', nip_label="NIP", nip_display="19800101 200501 1 011",
                       telepon="(0352) 481737", telepon_e164="+62352481737", seluler=False)
    facts = replace(FACTS, nama=HOSTILE, kata_sandi='Q"<&>\'x')
    rows = [PageRow(who, MessageTemplate(config).messages(facts), None), PageRow(office, [], None)]
    page = PageFacts(batch="2026-001", surat_perintah="800/001/2026", issued_on=date(2026, 11, 24),
                     catat_options=("--output", "D:\\data sopgen\\out"), remove_command="sopgen kirim --hapus 2026-001")
    return render_page(config, page, rows).decode("utf-8")


def test_a_hostile_name_and_password_stay_text_in_cells_attributes_and_links() -> None:
    html = hostile_page()
    page = read_page(html)
    assert page.scripts == 1 and "marquee" not in page.tags  # the page's own script; the name's tags are text
    hostile, office = page.rows
    assert hostile["nama"] == HOSTILE and office["nama"] == '"&lt;'
    [copied] = hostile["salin"]
    assert copied.startswith(f"Yth. {HOSTILE},") and "Q\"<&>'x" in copied
    assert whatsapp_parts(hostile["wa"][0]) == ("6281234567801", copied)
    assert sms_parts(hostile["sms"][0]) == ("+6281234567801", copied)
    assert "<script>alert" not in html and 'Q"<' not in html


def test_a_fixed_line_gets_no_send_button_but_the_slip_in_person() -> None:
    page = read_page(hostile_page())
    office = page.rows[1]
    assert office["wa"] == office["sms"] == office["salin"] == []
    assert "serahkan slip secara langsung" in office["text"] and office["tel"] == "tel:+62352481737"
    assert office["telepon"] == "(0352) 481737" and office["checkbox"]


def test_the_page_is_self_contained_and_lets_only_its_own_style_and_script_run() -> None:
    html = hostile_page()
    assert "default-src 'none'" in html and "'unsafe-inline'" not in html
    for outside in ("src=", "@import", "url(", "<link", "http://", "<img", "<iframe"):
        assert outside not in html, outside


def test_a_path_with_spaces_is_quoted_in_the_commands() -> None:
    page = read_page(hostile_page())
    nips = "198001012005011010 198001012005011011"
    assert page.command.strip() == f'sopgen catat 4 {nips} --output "D:\\data sopgen\\out"'


# --- the command -------------------------------------------------------------------------------

def test_kirim_writes_one_private_page_beside_the_slips_and_never_prints_a_password(tmp_path: Path) -> None:
    out = issue(tmp_path, [member(1), member(2), member(3, telepon="(0352) 481737")])
    code, text = kirim(out)
    assert code == 0, text
    page = page_of(out)
    assert page.parent.name == "slip_kata_sandi" and page.stat().st_mode & 0o777 == 0o600
    assert str(page) in text.replace("\n", "") and "sopgen kirim --hapus 2026-001" in text.replace("\n", " ")
    assert "3 anggota: 2 lewat WhatsApp/SMS, 1 serahkan slip secara langsung" in " ".join(text.split())
    passwords = printed_passwords(out)
    assert len(passwords) == 3
    assert not any(p in text for p in passwords.values())
    rows = read_page(page.read_text(encoding="utf-8")).rows
    assert [r["nip"] for r in rows] == sorted(passwords)
    for row, m in zip(rows, [member(1), member(2)], strict=False):
        phone, message = whatsapp_parts(row["wa"][0])
        assert phone == "62" + m["telepon"].replace("-", "")[1:]
        assert f"User ID: {row['nip']}" in message and f"Kata sandi sementara: {passwords[row['nip']]}" in message
        assert message.startswith(f"Yth. {m['nama']},")


def test_the_page_is_made_again_byte_identically_and_records_nothing(tmp_path: Path) -> None:
    out = issue(tmp_path, [member(1), member(2)])
    register = (out / "register.sqlite").read_bytes()
    assert kirim(out)[0] == 0
    first = page_of(out).read_bytes()
    page_of(out).chmod(0o644)
    assert kirim(out, "2026-001")[0] == 0
    assert page_of(out).read_bytes() == first and page_of(out).stat().st_mode & 0o777 == 0o600
    assert (out / "register.sqlite").read_bytes() == register


def test_a_recorded_handover_is_shown_and_the_command_names_only_the_others(tmp_path: Path) -> None:
    out = issue(tmp_path, [member(1), member(2), member(3)])
    for step in ("2", "3"):
        assert run("catat", step, *[f"19800101200501100{i}" for i in (1, 2, 3)], "--tanggal", "2026-11-25",
                   "--output", str(out))[0] == 0
    assert run("catat", "4", "198001012005011002", "--tanggal", "2026-11-26", "--output", str(out))[0] == 0
    assert kirim(out)[0] == 0
    page = read_page(page_of(out).read_text(encoding="utf-8"))
    second = page.rows[1]
    assert "Tercatat 26 November 2026" in second["text"] and not second["checkbox"]
    assert all(r["checkbox"] for r in (page.rows[0], page.rows[2]))
    command = page.command.strip()
    assert command == f"sopgen catat 4 198001012005011001 198001012005011003 --output {out} --config {CONFIRMED}"
    code, text = run(*command.split()[1:-2])  # the clerk runs it as shown (run() adds --config)
    assert code == 0, text
    assert kirim(out)[0] == 0
    done = page_of(out).read_text(encoding="utf-8")
    assert 'id="perintah"' not in done and "sudah tercatat untuk semua anggota" in done


def test_the_archive_zip_and_verify_leave_the_page_out_and_status_names_it_until_removed(tmp_path: Path) -> None:
    out = issue(tmp_path, [member(1), member(2)])
    assert kirim(out)[0] == 0
    code, text = run_plain("verify", "--output", str(out))
    assert code == 0 and "utuh" in text and "HALAMAN" in text and "TAMBAHAN" not in text
    assert f"sopgen kirim --hapus 2026-001 --output {out}" in " ".join(text.split())
    assert run_plain("archive", "--output", str(out))[0] == 0
    [archived] = out.glob("2026/*.zip")
    with zipfile.ZipFile(archived) as z:
        assert not [n for n in z.namelist() if n.endswith("kirim.html")]
        assert any(n.endswith("manifest.json") for n in z.namelist())
    manifest = (page_of(out).parents[1] / "manifest.json").read_text(encoding="utf-8")
    assert "kirim.html" not in manifest
    code, text = run("status", "--output", str(out), "--date", "2026-11-30")
    flat = " ".join(text.split())
    assert code == 0 and str(page_of(out)) in flat and "sopgen kirim --hapus 2026-001 --output" in flat
    code, text = kirim(out, "--hapus")
    assert code == 0 and "dihapus" in text and not list(out.rglob("kirim.html"))
    code, text = run("status", "--output", str(out), "--date", "2026-11-30")
    assert "kirim.html" not in text
    assert "tidak mempunyai halaman kirim" in kirim(out, "--hapus", "2026-001")[1]


def test_the_page_lies_beside_the_slips_and_one_an_older_sopgen_left_beside_the_notes_is_still_named_and_removed(
        tmp_path: Path) -> None:
    out = issue(tmp_path, [member(1)])
    assert kirim(out)[0] == 0
    page = page_of(out)
    assert page.parent.name == "slip_kata_sandi" and page.stat().st_mode & 0o777 == 0o600
    assert not list(out.glob("2026/*/serah_terima/kirim.html"))
    old = page.parents[1] / "serah_terima" / "kirim.html"
    page.rename(old)  # where the page was written before it moved beside the slips
    code, text = run("status", "--output", str(out), "--date", "2026-11-30")
    assert code == 0 and str(old) in " ".join(text.split())
    code, text = run_plain("verify", "--output", str(out))
    assert code == 0 and "HALAMAN" in text and "TAMBAHAN" not in text
    code, text = kirim(out, "--hapus")
    assert code == 0 and "dihapus" in text and not list(out.rglob("kirim.html"))


def test_status_json_stays_json_and_names_the_page_on_stderr(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    out = issue(tmp_path, [member(1)])
    assert kirim(out)[0] == 0
    proc = subprocess.run([sys.executable, "-m", "sopgen", "status", "--json", "--output", str(out),
                           "--config", str(CONFIRMED)], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0 and len(json.loads(proc.stdout)) == 1
    assert "kirim.html" in proc.stderr and "kirim.html" not in proc.stdout


def test_hapus_semua_removes_every_page_left(tmp_path: Path) -> None:
    out = issue(tmp_path, [member(1)])
    second = write_members(tmp_path / "usulan2.xlsx", [member(2)])
    assert letters(tmp_path, second)[0] == 0
    assert kirim(out, "2026-001")[0] == 0 and kirim(out, "2026-002")[0] == 0
    assert len(list(out.rglob("kirim.html"))) == 2
    code, text = kirim(out, "--hapus", "--semua")
    assert code == 0 and text.count("dihapus") == 2 and not list(out.rglob("kirim.html"))


def test_separate_messages_give_two_buttons_and_wa_me_is_said_to_pass_the_web_server(tmp_path: Path) -> None:
    out = issue(tmp_path, [member(1)])
    config = config_with(tmp_path, whatsapp='whatsapp = "wa.me"', pesan_terpisah="pesan_terpisah = true")
    code, text = kirim(out, config=config)
    assert code == 0 and "server web WhatsApp" in " ".join(text.split())
    html = page_of(out).read_text(encoding="utf-8")
    [row] = read_page(html).rows
    password = printed_passwords(out)[row["nip"]]
    (phone1, first), (phone2, second) = (whatsapp_parts(h) for h in row["wa"])
    assert row["wa"][0].startswith("https://wa.me/6281234560001?text=") and phone1 == phone2 == "6281234560001"
    assert row["nip"] in first and password not in first
    assert password in second and row["nip"] not in second
    assert len(row["sms"]) == len(row["salin"]) == 2
    assert "melewati server web WhatsApp" in html and 'rel="noreferrer"' in html


def test_with_the_password_written_by_hand_the_page_sends_the_user_id_only(tmp_path: Path) -> None:
    config = config_with(tmp_path, kata_sandi_manual="kata_sandi_manual = true")
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1)])
    code, text = run_with(config, "letters", str(sheet), "--output", str(tmp_path / "out"), "--date", "2026-11-24",
                          "--no-attachments")
    assert code == 0, text
    out = tmp_path / "out"
    assert not (out / ".kunci-kata-sandi").exists()
    assert kirim(out, config=config)[0] == 0
    html = page_of(out).read_text(encoding="utf-8")
    [row] = read_page(html).rows
    [link] = row["wa"]
    _, message = whatsapp_parts(link)
    assert "User ID: 198001012005011001" in message and "slip" in message
    assert "Kata sandi sementara:" not in message and "kata_sandi_manual = true" in html


def test_a_password_rule_changed_since_issuing_sends_the_printed_password_by_the_batchs_own_rule(
        tmp_path: Path) -> None:
    out = issue(tmp_path, [member(1)])
    config = config_with(tmp_path, panjang_kata_sandi="panjang_kata_sandi = 14")
    code, text = kirim(out, config=config)
    assert code == 0, text
    [row] = read_page(page_of(out).read_text(encoding="utf-8")).rows
    assert printed_passwords(out)["198001012005011001"] in whatsapp_parts(row["wa"][0])[1]


def test_a_password_rule_changed_since_an_older_batch_is_refused_instead_of_sending_another_password(
        tmp_path: Path) -> None:
    out = issue(tmp_path, [member(1)])
    with sqlite3.connect(out / "register.sqlite") as db:
        db.execute("DELETE FROM snapshots")  # a batch issued before the register kept its config
    db.close()
    config = config_with(tmp_path, panjang_kata_sandi="panjang_kata_sandi = 14")
    code, text = kirim(out, config=config)
    assert code == 2 and "KATA_SANDI_BERBEDA" in text and "panjang_kata_sandi" in text
    assert not list(out.rglob("kirim.html"))


def test_a_replaced_password_key_is_refused_too(tmp_path: Path) -> None:
    out = issue(tmp_path, [member(1)])
    (out / ".kunci-kata-sandi").write_bytes(b"\x01" * 32)
    code, text = kirim(out)
    assert code == 2 and "KUNCI_BERBEDA" in text and not list(out.rglob("kirim.html")), "named as another key"


def test_the_phones_come_from_the_register_as_issued_not_from_the_input_copy(tmp_path: Path) -> None:
    out = issue(tmp_path, [member(1), member(2, telepon="0813-1111-2222")])
    [copy] = out.glob("2026/*/masukan/*")
    copy.unlink()
    code, text = kirim(out)
    assert code == 0, text
    rows = read_page(page_of(out).read_text(encoding="utf-8")).rows
    assert "6281311112222" in rows[1]["wa"][0] and "0813-1111-2222" in rows[1]["text"]


def test_a_batch_from_before_the_register_kept_member_data_reads_its_input_copy_or_says_it_is_lost(
        tmp_path: Path) -> None:
    out = issue(tmp_path, [member(1)])
    with sqlite3.connect(out / "register.sqlite") as db:
        db.execute("DELETE FROM issued_members")  # as a batch issued before schema 3 is
    db.close()
    assert kirim(out)[0] == 0
    assert "6281234560001" in read_page(page_of(out).read_text(encoding="utf-8")).rows[0]["wa"][0]
    page_of(out).unlink()
    [copy] = out.glob("2026/*/masukan/*")
    copy.unlink()
    code, text = kirim(out)
    assert code == 2 and "DATA_ANGGOTA_TIDAK_ADA" in text and "make letters" in text
    assert not list(out.rglob("kirim.html"))


def test_members_reissued_in_a_later_batch_leave_the_earlier_page(tmp_path: Path) -> None:
    out = issue(tmp_path, [member(1), member(2)])
    again = write_members(tmp_path / "ulang.xlsx", [member(2)])
    assert letters(tmp_path, again, "--reissue")[0] == 0
    assert kirim(out, "2026-001")[0] == 0
    [only] = read_page(next(out.glob("2026/001_*/slip_kata_sandi/kirim.html")).read_text(encoding="utf-8")).rows
    assert only["nip"] == "198001012005011001"
    assert kirim(out)[0] == 0  # the newest batch by default
    [reissued] = read_page(next(out.glob("2026/002_*/slip_kata_sandi/kirim.html")).read_text(encoding="utf-8")).rows
    assert reissued["nip"] == "198001012005011002"
    passwords = printed_passwords(out)
    assert passwords["198001012005011002"] in whatsapp_parts(reissued["wa"][0])[1]


def test_an_unknown_batch_is_told_with_the_batches_there_are(tmp_path: Path) -> None:
    out = issue(tmp_path, [member(1)])
    code, text = kirim(out, "2026-099")
    assert code == 2 and "BATCH_TIDAK_ADA" in text and "2026/001_usulan" in text


@pytest.mark.parametrize(("key", "line", "message"), [
    ("whatsapp", 'whatsap = "aplikasi"', "Mungkin maksudnya 'whatsapp'"),
    ("whatsapp", 'whatsapp = "web"', '"wa.me"'),
    ("pesan_terpisah", 'pesan_terpisah = "ya"', "true atau false"),
    ("templat_pesan", 'templat_pesan = " "', "masih kosong"),
])
def test_a_wrong_kirim_setting_is_refused_naming_the_key(tmp_path: Path, key: str, line: str, message: str) -> None:
    code, output = run_with(config_with(tmp_path, **{key: line}), "check-templates")
    assert code == 2 and message in output and "kirim" in output


def test_a_batch_from_another_sheet_needs_no_sheet_but_an_older_one_is_read_with_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from tests.members import HEADERS, rows_of

    workbook = Workbook()
    workbook.active.title = "Lama"
    for row in [HEADERS, *rows_of([member(7), member(8)])]:
        workbook.active.append(row)
    newer = workbook.create_sheet("Baru")
    for row in [HEADERS, *rows_of([member(1), member(2)])]:
        newer.append(row)
    workbook.save(tmp_path / "usulan.xlsx")
    assert letters(tmp_path, tmp_path / "usulan.xlsx", "--sheet", "Baru")[0] == 0
    out = tmp_path / "out"
    assert kirim(out)[0] == 0  # the register holds each member as issued: no sheet to choose
    assert [r["nip"] for r in read_page(page_of(out).read_text(encoding="utf-8")).rows] == [
        "198001012005011001", "198001012005011002"]
    page_of(out).unlink()
    with sqlite3.connect(out / "register.sqlite") as db:
        db.execute("DELETE FROM issued_members")  # a batch from before: its input copy is read back
    db.close()
    code, text = kirim(out)
    assert code == 2 and "--sheet" in text and "'Lama' dan 'Baru'" in text  # LEMBAR_GANDA, read back
    assert kirim(out, "--sheet", "Baru")[0] == 0
    assert [r["nip"] for r in read_page(page_of(out).read_text(encoding="utf-8")).rows] == [
        "198001012005011001", "198001012005011002"]
