"""Rendering: the text a reader sees, exact special characters, same bytes twice, clear template errors."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from sopgen.config import load_config
from sopgen.documents import (
    sample_contexts,
    sample_members,
    serah_terima_context,
    slip_kata_sandi_context,
    surat_perintah_context,
)
from sopgen.errors import TemplateError
from sopgen.render import Renderer, check_templates
from tests.configs import CONFIRMED

CONFIG = load_config(CONFIRMED)
WHEN = date(2026, 11, 24)


def text_of(data: bytes) -> str:
    """The text a reader sees, a non-breaking space read as a space (names keep their degrees with them)."""
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
            parts += [c.text for cell in row.cells for nested in cell.tables for r in nested.rows
                      for c in r.cells]
    return "\n".join(parts).replace("\u00a0", " ").replace("\u200b", "")


def render(kind: str, context: dict) -> bytes:
    return Renderer(CONFIG.templates_dir).render(kind, context, when=WHEN)


@pytest.mark.parametrize("count", [1, 3, 12])
def test_surat_perintah_lists_every_member_in_its_lampiran(count: int) -> None:
    members = sample_members(count)
    text = text_of(render("surat_perintah", surat_perintah_context(CONFIG, members, "800/001/2026", WHEN)))
    assert "SURAT PERINTAH" in text and "NOMOR : 800/001/2026" in text
    assert "24 November 2026" in text and "MEMERINTAHKAN" in text
    for m in members:
        assert m.nama in text and m.nip_display in text
    assert "LAMPIRAN" in text and "DAFTAR ANGGOTA POKJA PEMILIHAN" in text
    assert "Peraturan Presiden Nomor 16 Tahun 2018" in text


def test_special_characters_print_exactly_and_cells_are_never_run_as_templates() -> None:
    [m] = sample_members(1)
    from dataclasses import replace

    m = replace(m, nama='PT "Maju" & <Sejahtera> Ma\'ruf Đặng Ñuñez', jabatan="{{ 7*7 }} {% if 1 %}x{% endif %}")
    ctx = serah_terima_context(CONFIG, m, nomor="1/2026", tanggal=WHEN, user_id="u",
                               surat_perintah_nomor="800/1", surat_perintah_tanggal=WHEN)
    text = text_of(render("serah_terima", ctx))
    assert 'PT "Maju" & <Sejahtera> Ma\'ruf Đặng Ñuñez' in text
    assert "{{ 7*7 }} {% if 1 %}x{% endif %}" in text
    assert f"Pada hari ini {'…' * 8} tanggal {'…' * 13} bulan" in text, "the handover is dated by hand"
    slip = slip_kata_sandi_context(CONFIG, m, serah_terima_nomor="1/2026", tanggal=WHEN, user_id="u",
                                   kata_sandi="Ab3&<x>'\"")
    assert "Ab3&<x>'\"" in text_of(render("slip_kata_sandi", slip))


def test_handover_note_can_carry_the_letter_date_in_words() -> None:
    config = replace(CONFIG, surat={**CONFIG.surat, "tanggal_serah_terima": "surat"})
    [m] = sample_members(1)
    ctx = serah_terima_context(config, m, nomor="1", tanggal=WHEN, user_id="u",
                               surat_perintah_nomor="1", surat_perintah_tanggal=WHEN)
    text = text_of(render("serah_terima", ctx))
    assert "Pada hari ini Selasa tanggal dua puluh empat bulan November tahun dua ribu dua puluh enam" in text


def test_same_context_and_date_give_identical_bytes() -> None:
    ctx = sample_contexts(CONFIG)["lembar_disposisi"]
    assert render("lembar_disposisi", ctx) == render("lembar_disposisi", ctx)
    other_day = Renderer(CONFIG.templates_dir).render("lembar_disposisi", ctx, when=date(2026, 11, 25))
    assert other_day != render("lembar_disposisi", ctx)


def _template_with(tmp_path: Path, text: str) -> Path:
    doc = Document()
    doc.add_paragraph(text)
    doc.save(tmp_path / "surat_perintah.docx")
    return tmp_path


def test_unknown_variable_names_the_template_the_variable_and_a_suggestion(tmp_path: Path) -> None:
    folder = _template_with(tmp_path, "Nomor {{ nmoor }}")
    with pytest.raises(TemplateError) as err:
        check_templates(folder, {"surat_perintah": {"nomor": "1"}})
    assert "nmoor" in err.value.message and "surat_perintah.docx" in err.value.message
    assert "nomor" in err.value.message


def test_a_template_reaching_into_python_is_refused(tmp_path: Path) -> None:
    folder = _template_with(tmp_path, "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError, match="surat_perintah.docx"):
        check_templates(folder, {"surat_perintah": {}})


def test_missing_and_broken_templates(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="tidak ditemukan"):
        check_templates(tmp_path, {"surat_perintah": {}})
    (tmp_path / "surat_perintah.docx").write_bytes(b"not a docx")
    with pytest.raises(TemplateError, match="surat_perintah.docx"):
        check_templates(tmp_path, {"surat_perintah": {}})


def test_shipped_templates_render_with_the_sample_data() -> None:
    check_templates(CONFIG.templates_dir, sample_contexts(CONFIG))


def test_a_slip_with_the_password_written_by_hand_has_a_line_to_write_it_on() -> None:
    config = replace(CONFIG, manual_password=True)
    [m] = sample_members(1)
    ctx = slip_kata_sandi_context(config, m, serah_terima_nomor="1", tanggal=WHEN, user_id="u",
                                  kata_sandi="Secret123abc")
    data = render("slip_kata_sandi", ctx)
    assert "Secret123abc" not in text_of(data)
    [row] = [r for t in Document(io.BytesIO(data)).tables for r in t.rows
             if r.cells[0].text == "Kata sandi sementara"]
    tab = row.cells[1]._tc.find(".//" + qn("w:tabs") + "/" + qn("w:tab"))
    assert tab is not None and tab.get(qn("w:leader")) == "dot", "a dotted line runs to the end of the cell"
    assert row.cells[1]._tc.find(".//" + qn("w:r") + "/" + qn("w:tab")) is not None


def test_a_pppk_member_is_written_with_ni_pppk_and_pppk_golongan() -> None:
    [m] = sample_members(1)
    m = replace(m, nip="198501012022131001", pangkat="", golongan="IX")
    ctx = serah_terima_context(CONFIG, m, nomor="1", tanggal=WHEN, user_id=m.nip,
                               surat_perintah_nomor="1", surat_perintah_tanggal=WHEN)
    text = text_of(render("serah_terima", ctx))
    assert "NI PPPK. 19850101 2022 13 1 001" in text  # under the signature
    assert "NI PPPK\t: 19850101 2022 13 1 001" in text  # PIHAK KEDUA's identity
    assert "Pangkat/Gol.\t: PPPK Golongan IX" in text
    assert "NIP\t: 19850101" not in text
    sp = text_of(render("surat_perintah", surat_perintah_context(CONFIG, [m], "800/001/2026", WHEN)))
    assert "19850101 2022 13 1 001" in sp and "PPPK Golongan IX" in sp and "NIP / NI PPPK" in sp
