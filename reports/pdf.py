"""PDF rendering with WeasyPrint: A4 pages in a serif font with full Vietnamese coverage, embedded as subsets.

Templates live in reports/templates and are plain Jinja (no Flask): the core renders the same PDF
from the web, the scheduler or the CLI.
"""

from __future__ import annotations

import io
import threading
from functools import cache
from importlib.resources import files
from typing import Any

import pypdfium2 as pdfium
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, select_autoescape
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

TEMPLATES = Environment(
    # The catalog's result templates are data beside the forms: `results/<name>.html`.
    loader=ChoiceLoader(
        [PackageLoader("reports", "templates"), PrefixLoader({"results": PackageLoader("forms", "results")})]
    ),
    autoescape=select_autoescape(default_for_string=True, default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@cache
def _print_css() -> CSS:
    return CSS(string=files("reports").joinpath("templates/print.css").read_text(encoding="utf-8"))


_THREAD = threading.local()


def _font_config() -> FontConfiguration:
    """The thread's font configuration, made once: making one cost a small page a third of its time. One per thread,
    as Pango's font map is not shared between threads; our templates add no @font-face."""
    fonts = getattr(_THREAD, "fonts", None)
    if fonts is None:
        fonts = _THREAD.fonts = FontConfiguration()
    return fonts


def render_pdf(html: str) -> bytes:
    """The PDF of an HTML document, laid out with the shared print stylesheet."""
    document = HTML(string=html, base_url=str(files("reports")))
    return document.write_pdf(stylesheets=[_print_css()], font_config=_font_config())


def render_template_pdf(template: str, **context: Any) -> bytes:
    """Render a template of reports/templates to HTML, then to PDF."""
    return render_pdf(TEMPLATES.get_template(template).render(**context))


def page_count(pdf: bytes) -> int:
    return len(pdfium.PdfDocument(pdf))


PAGE_IMAGE_MAX_SIDE = 2000  # pixels: a page that claims to be metres wide is drawn no larger than an A4 one is


def page_image(pdf: bytes, index: int, *, scale: float = 1.5) -> bytes | None:
    """One page of a PDF drawn as a PNG (PDFium), for browsers that show no PDF inside a page; None past its pages."""
    document = pdfium.PdfDocument(pdf)
    if not 0 <= index < len(document):
        return None
    page = document[index]
    scale = min(scale, PAGE_IMAGE_MAX_SIDE / max(*page.get_size(), 1))
    output = io.BytesIO()
    page.render(scale=scale).to_pil().save(output, "PNG", optimize=True)
    return output.getvalue()
