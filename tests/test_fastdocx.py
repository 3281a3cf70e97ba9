"""The fast path gives docxtpl's document XML: on the project's templates and on docxtpl's own."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from sopgen.config import load_config
from sopgen.documents import (
    lembar_disposisi_context,
    sample_members,
    serah_terima_context,
    slip_kata_sandi_context,
    surat_perintah_context,
)
from sopgen.dress import Dressing
from sopgen.errors import TemplateError
from sopgen.lambang import LambangImage
from sopgen.render import Renderer
from tests.configs import CONFIRMED
from tests.images import shield

REPO = Path(__file__).resolve().parents[1]
CONFIG = load_config(CONFIRMED)
PEER = REPO.parent / "shared" / "peer" / "docxtpl-templates"
WHEN = date(2026, 11, 24)
HARD = 'PT "Maju" & <Sejahtera> Ma\'ruf Đặng Ñuñez {{ 7*7 }}'
# The templates as the office's letters use them: dressed in its page and a lambang on the kop.
DRESSING = Dressing(CONFIG.page, LambangImage(Path("lambang.png"), shield(), "png", 170, 200))
DRESSED = Renderer(CONFIG.templates_dir, dressing=DRESSING)


def parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {n: z.read(n) for n in z.namelist()
                if n == "word/document.xml" or n.startswith(("word/header", "word/footer"))}


def canonical(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def assert_same_xml(fast: bytes, plain: bytes) -> None:
    a, b = parts(fast), parts(plain)
    assert a.keys() == b.keys()
    assert a["word/document.xml"] == b["word/document.xml"]
    for name in a:
        assert canonical(a[name]) == canonical(b[name]), name


def project_contexts() -> list[tuple[str, dict[str, Any]]]:
    people = sample_members(40)
    people[0] = replace(people[0], nama=HARD, jabatan="Baris satu\nbaris dua\tdengan tab",
                        alamat_instansi="")
    cases = [
        ("surat_perintah", surat_perintah_context(CONFIG, people[:2], "800/001/2026", WHEN)),
        ("surat_perintah", surat_perintah_context(CONFIG, people, "800/002/2026", WHEN)),
        ("lembar_disposisi", lembar_disposisi_context(
            CONFIG, nomor_agenda="001", surat_perintah_nomor=HARD, surat_perintah_tanggal=WHEN,
            diterima=WHEN, jumlah=40)),
    ]
    cases.append(("serah_terima", serah_terima_context(
        CONFIG, people[0], nomor="000.3.5/001/BA/405.08/2026", tanggal=WHEN, user_id=people[0].nip,
        surat_perintah_nomor="000.3.5/001/405.08/2026", surat_perintah_tanggal=WHEN)))
    for password in ("Ab3&<x>'\"", ""):
        cases.append(("slip_kata_sandi", slip_kata_sandi_context(
            CONFIG, people[0], serah_terima_nomor="000.3.5/001/BA/405.08/2026", tanggal=WHEN,
            user_id=people[0].nip, kata_sandi=password)))
    return cases


@pytest.mark.parametrize(("kind", "context"), project_contexts(),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_project_templates_render_the_same_both_ways(kind: str, context: dict[str, Any]) -> None:
    prepared = DRESSED.prepared(kind)
    assert prepared is not None, "the project's own templates take the fast path"
    plain = Renderer(CONFIG.templates_dir, dressing=DRESSING, fast=False)
    # The prepared template itself, not Renderer.render, which would fall back to docxtpl quietly.
    assert_same_xml(prepared.render(context, WHEN), plain.render(kind, context, when=WHEN))


def test_fast_path_is_deterministic_and_opens_in_word_libraries() -> None:
    from docx import Document

    kind, context = project_contexts()[4]
    first = DRESSED.render(kind, context, when=WHEN)
    assert first == Renderer(CONFIG.templates_dir, dressing=DRESSING).render(kind, context, when=WHEN)
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert z.testzip() is None
    text = "\n".join(c.text for t in Document(io.BytesIO(first)).tables for r in t.rows for c in r.cells)
    assert HARD in text


# docxtpl's own test templates, with plain-data contexts in the spirit of its test scripts.
ITEMS = [{"desc": "Python & <Django>", "qty": 2, "price": "FREE"},
         {"desc": "Guido's \"book\"", "qty": 1, "price": "100,000,000.00"}]
PEER_CONTEXTS: dict[str, dict[str, Any]] = {
    "cellbg_tpl": {"alerts": [{"date": "2015-03-10", "desc": "Very critical", "type": "CRITICAL", "bg": "FF0000"},
                              {"date": "2015-03-11", "desc": "A & B", "type": "WARNING", "bg": "FFDD00"}]},
    "dynamic_table_tpl": {"col_labels": ["fruit", "vegetable", "stone"],
                          "tbl_contents": [{"label": "yellow", "cols": ["banana", "capsicum", "pyrite"]},
                                           {"label": "red <hot>", "cols": ["apple", "tomato", "cinnabar"]}]},
    "nested_for_tpl": {"dishes": [{"name": "Pizza", "ingredients": ["bread", "tomato"]},
                                  {"name": "Apple & pie", "ingredients": ["flour", "apples"]}],
                       "authors": [{"name": "Saint-Exupery", "books": [{"title": "L'aviateur"}]}]},
    "order_tpl": {"customer_name": "Eric", "items": ITEMS, "in_europe": True, "is_paid": False,
                  "company_name": "The World & Wide company", "total_price": "100,000,000.00"},
    "vertical_merge_tpl": {"items": ITEMS, "total_price": "100", "category": "Book"},
    "get_undeclared_variables": {
        "name": "John Doe", "age": 25, "email": "john@example.com", "is_student": True,
        "has_degree": True, "degree_field": "Computer Science", "skills": ["Python", "Django"],
        "projects": [{"name": "Project A", "year": 2023, "description": "A <great> project"}],
        "company_name": "Test Corp", "page_number": 1, "generation_date": "2024-01-15",
        "author": "Test Author"},
    "merge_paragraph_tpl": {"living_in_town": True},
    "footnotes_tpl": {"a_jinja_variable": "footnote & <value>"},
    "module_execute_tpl": {"json_dict_var": {"a": 1}, "json_array_var": [1, 2], "json_string_var": "s",
                           "json_int_var": 1, "json_float_var": 1.5, "json_true_var": True,
                           "json_false_var": False, "json_none_var": None},
    "escape_tpl": {"myvar": '"less than" < must be escaped', "myescvar": "escaped with |e : < ",
                   "nlnp": "multiple\nlines\nstring\aand some\aparagraphs", "mylisting": "the\nlisting <>&",
                   "page_break": "\f", "new_listing": "\nA new listing\nHere is a \t tab\a\nNew paragraph\a",
                   "some_html": "HTTP/1.1 200 OK\n<html>\n\t<head></head>\n</html>"},
    "word2016_tpl": {"test_space": "          ", "test_space_r": "  spaces  ", "test_tabs": "\t\ttabs",
                     "test_tabs_r": "\ttab"},
}
NOT_PLAIN = {"custom_jinja_filters_tpl", "embedded_dummy", "embedded_dummy2", "embedded_embedded_docx_tpl",
             "embedded_main_tpl", "embedded_static_docx", "header_footer_image_tpl",
             "header_footer_inline_image_tpl", "header_footer_tpl", "header_footer_tpl_utf8",
             "inline_image_tpl", "merge_docx_master_tpl", "merge_docx_subdoc", "replace_picture_tpl",
             "richtext_and_if_tpl", "richtext_eastAsia_tpl", "richtext_paragraph_tpl", "richtext_tpl",
             "subdoc_tpl", "template_error_tpl", "escape_tpl_auto"}
PEER_TEMPLATES = sorted(p.stem for p in PEER.glob("*.docx")) if PEER.is_dir() else []
needs_peer = pytest.mark.skipif(not PEER.is_dir(), reason=f"peer corpus not present at {PEER}")


def peer_context(stem: str) -> dict[str, Any]:
    from docxtpl import DocxTemplate

    context = dict(PEER_CONTEXTS.get(stem, {}))
    for name in DocxTemplate(str(PEER / f"{stem}.docx")).get_undeclared_template_variables():
        context.setdefault(name, f"{name}: A & B <c> \"q\" 'x'")
    return context


@needs_peer
@pytest.mark.parametrize("stem", [s for s in PEER_TEMPLATES if s not in NOT_PLAIN] or ["none"])
def test_docxtpl_test_templates_render_the_same_both_ways(stem: str) -> None:
    context = peer_context(stem)
    prepared = Renderer(PEER).prepared(stem)
    fast = prepared.render(context, WHEN) if prepared is not None else Renderer(PEER).render(stem, context, when=WHEN)
    plain = Renderer(PEER, fast=False).render(stem, context, when=WHEN)
    assert_same_xml(fast, plain)


@needs_peer
def test_most_docxtpl_test_templates_take_the_fast_path() -> None:
    plain = [s for s in PEER_TEMPLATES if s not in NOT_PLAIN]
    fast = [s for s in plain if Renderer(PEER).prepared(s) is not None]
    assert len(fast) >= len(plain) - 2, sorted(set(plain) - set(fast))


@needs_peer
def test_the_broken_docxtpl_template_fails_with_its_name() -> None:
    with pytest.raises(TemplateError, match="template_error_tpl.docx"):
        Renderer(PEER).render("template_error_tpl", {}, when=WHEN)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def table_xml(grid: int, rows: list[list[int]], nested: bool = False) -> str:
    """A body with one table: `grid` columns, each row its cells' spans."""
    def cell(span: int) -> str:
        props = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span != 1 else ""
        inner = table_xml(1, [[1]])[len(f'<w:body xmlns:w="{W_NS}">'):-len("</w:body>")] if nested else ""
        return f"<w:tc>{props}<w:p/>{inner}</w:tc>"

    cols = "".join('<w:gridCol w:w="1000"/>' for _ in range(grid))
    body = "".join("<w:tr>" + "".join(cell(s) for s in row) + "</w:tr>" for row in rows)
    return f'<w:body xmlns:w="{W_NS}"><w:tbl><w:tblGrid>{cols}</w:tblGrid>{body}</w:tbl></w:body>'


@pytest.mark.parametrize(("grid", "rows", "nested"), [
    (3, [[1, 1, 1], [1, 1, 1]], False), (3, [[1, 2], [3]], False), (3, [[1, 1]], False),
    (2, [[1, 1, 1]], False), (3, [], False), (4, [[2, 2], [1, 1]], False), (2, [[1, 1]], True),
    (1, [[1], [1, 1]], True), (3, [[1, 1, 1, 1]], False), (2, [[3]], False)])
def test_the_table_check_agrees_with_docxtpl_fix_tables(grid: int, rows: list[list[int]], nested: bool) -> None:
    """The fast path skips docxtpl's table fix exactly where that fix would change nothing."""
    from docxtpl import DocxTemplate

    from sopgen.fastdocx import tables_fit_their_grids

    xml = table_xml(grid, rows, nested)
    unchanged = etree.tostring(DocxTemplate.fix_tables(None, xml)) == etree.tostring(etree.fromstring(xml))
    assert tables_fit_their_grids(etree.fromstring(xml)) == unchanged
