"""Word templates to deterministic DOCX bytes, with docxtpl's semantics in a sandboxed jinja2.

Autoescape and StrictUndefined: `&`, `<` and quotes in a clerk's data print exactly, a cell that
looks like a template is printed, never run, and a template that names an unknown variable fails
with the template's name, the variable and a suggestion before any document is made.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .docxzip import deterministic_docx
from .errors import TemplateError

if TYPE_CHECKING:
    from .config import Config
    from .dress import Dressing

def jinja_environment(*, text: bool = False) -> Any:
    """The sandbox every template renders in. `text` is for a plain-text template (the send page's
    message): nothing is escaped there, as its result is escaped later for the place it goes (HTML
    text, an attribute, a link's query), and a line holding only a block tag leaves no blank line."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=not text, undefined=StrictUndefined, trim_blocks=text,
                                lstrip_blocks=text)


class Renderer:
    """Renders each template through its prepared fast path, or plain docxtpl where that is needed.

    With a `dressing` (the office's page, font and lambang, sopgen/dress.py) each template is dressed
    once, before either path sees it. `fast=False` forces plain docxtpl (for comparisons and benchmarks).
    `sources` gives templates' bytes instead of their files (a batch's copies of the templates it was
    issued with, sopgen/snapshot.py); `templates_dir` then only names them in messages.
    """

    def __init__(self, templates_dir: Path, *, dressing: Dressing | None = None, fast: bool = True,
                 sources: dict[str, bytes] | None = None) -> None:
        self.templates_dir = Path(templates_dir)
        self.dressing = dressing
        self.fast = fast
        self._sources: dict[str, bytes] = dict(sources or {})
        self._dressed: dict[str, bytes] = {}
        self._prepared: dict[str, Any] = {}
        self._env = jinja_environment()

    def template_path(self, kind: str) -> Path:
        return self.templates_dir / f"{kind}.docx"

    def source(self, kind: str) -> bytes:
        if kind not in self._sources:
            path = self.template_path(kind)
            try:
                self._sources[kind] = path.read_bytes()
            except OSError:
                raise TemplateError(
                    f"Templat {path} tidak ditemukan. Kembalikan berkas templatnya ke folder "
                    f"{self.templates_dir}/ (salinan aslinya ada di repositori sopgen)."
                ) from None
        return self._sources[kind]

    def dressed(self, kind: str) -> bytes:
        """The template as both render paths see it: dressed in the office's page and lambang."""
        if kind not in self._dressed:
            source = self.source(kind)
            if self.dressing is None:
                self._dressed[kind] = source
            else:
                from .dress import dress

                try:
                    self._dressed[kind] = dress(source, self.dressing)
                except Exception as exc:  # noqa: BLE001 - a broken template, told as on the render paths
                    raise template_error(self.template_path(kind), exc) from None
        return self._dressed[kind]

    def prepared(self, kind: str) -> Any:
        """The template's fast path, or None where it needs docxtpl itself."""
        if kind not in self._prepared:
            try:
                self._prepared[kind] = self._prepare(kind) if self.fast else None
            except TemplateError:
                raise
            except Exception as exc:  # a broken template: the same message as on the docxtpl path
                raise template_error(self.template_path(kind), exc) from None
        return self._prepared[kind]

    def _prepare(self, kind: str) -> Any:
        """From the cache when this very template was prepared before with this dressing; else
        prepared now (docxtpl's clean-up) and kept for the next run."""
        from . import templatecache
        from .fastdocx import NotCovered, PreparedTemplate, prepare

        entry_key = templatecache.key(self.source(kind), self.dressing)
        entry = templatecache.load(entry_key)
        if entry is not None:
            self._dressed.setdefault(kind, entry.dressed)
            return PreparedTemplate(entry.prepared, entry.dressed, self._env)
        dressed = self.dressed(kind)
        try:
            prepared = prepare(dressed)
        except NotCovered:
            return None
        template = PreparedTemplate(prepared, dressed, self._env)  # compiles: a broken one is never kept
        templatecache.store(entry_key, dressed, prepared)
        return template

    def render(self, kind: str, context: dict[str, Any], *, when: date) -> bytes:
        """A complete .docx: the same context and date always give the same bytes."""
        from .fastdocx import NotCovered

        prepared = self.prepared(kind)
        if prepared is not None:
            try:
                return bytes(prepared.render(context, when))
            except NotCovered:
                pass
            except Exception as exc:  # noqa: BLE001 - jinja errors become one clear message
                raise template_error(self.template_path(kind), exc, context) from None
        return self.render_with_docxtpl(kind, context, when=when)

    def render_with_docxtpl(self, kind: str, context: dict[str, Any], *, when: date) -> bytes:
        """Plain docxtpl, then the deterministic zip."""
        from docxtpl import DocxTemplate

        path = self.template_path(kind)
        try:
            template = DocxTemplate(io.BytesIO(self.dressed(kind)))
            template.render(context, jinja_env=self._env, autoescape=True)
            out = io.BytesIO()
            template.save(out)
        except TemplateError:
            raise
        except Exception as exc:  # jinja2, docxtpl, zip and XML errors become one clear message
            raise template_error(path, exc, context) from None
        return deterministic_docx(out.getvalue(), when)


def renderer_for(config: Config, *, fast: bool = True) -> Renderer:
    """The office's templates dressed in its page setup and lambang."""
    from .dress import dressing_for

    return Renderer(config.templates_dir, dressing=dressing_for(config), fast=fast)


def template_error(path: Path, exc: Exception, context: dict[str, Any] | None = None) -> TemplateError:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(exc, UndefinedError):
        name = _undefined_name(str(exc))
        hint = _suggest(name, context or {})
        return TemplateError(
            f"Variabel '{name}' tidak dikenal di {path}.{hint} Perbaiki templatnya di Word, lalu "
            "jalankan 'make check-templates'."
        )
    if isinstance(exc, SecurityError):
        return TemplateError(
            f"Templat {path} mencoba mengakses bagian dalam Python ({exc}); ini tidak diizinkan. "
            "Hapus tag itu dari templat."
        )
    if isinstance(exc, TemplateSyntaxError):
        return TemplateError(
            f"Tag templat di {path} salah tulis (baris XML {exc.lineno}: {exc.message}). Periksa "
            "pasangan {{ }} dan {% %} di Word, lalu jalankan 'make check-templates'."
        )
    if isinstance(exc, (zipfile.BadZipFile, KeyError)) or "xml" in type(exc).__name__.lower():
        return TemplateError(
            f"Templat {path} bukan dokumen Word (.docx) yang utuh. Simpan ulang dari Word sebagai .docx."
        )
    return TemplateError(
        f"Templat {path} tidak dapat diisi. Periksa tag yang baru diubah di Word, lalu jalankan "
        f"'make check-templates'. (Keterangan teknis untuk pengelola: {type(exc).__name__}: {exc})"
    )


def _undefined_name(message: str) -> str:
    attr = re.search(r"has no attribute '([^']+)'", message)
    if attr:
        return attr.group(1)
    found = re.search(r"'([^']+)' is undefined", message)
    return found.group(1) if found else message


def _suggest(name: str, context: dict[str, Any]) -> str:
    known: set[str] = set(context)
    for value in context.values():
        if isinstance(value, dict):
            known |= set(value)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            known |= set(value[0])
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f" Mungkin maksudnya '{close[0]}'?" if close else ""


def check_templates(templates_dir: Path, contexts: dict[str, dict[str, Any]], *,
                    dressing: Dressing | None = None) -> None:
    """Render every template with its sample context; all failures are reported together."""
    renderer = Renderer(templates_dir, dressing=dressing)
    failures = []
    for kind, context in contexts.items():
        try:
            renderer.render(kind, context, when=date(2026, 1, 1))
        except TemplateError as exc:
            failures.append(exc.message)
    if failures:
        raise TemplateError("\n".join(failures))
