"""PDF rendering with WeasyPrint: A4 pages in a serif font with full Vietnamese coverage, embedded as subsets.

Templates live in reports/templates and are plain Jinja (no Flask): the core renders the same PDF
from the web, the scheduler or the CLI.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from weasyprint import CSS, HTML

TEMPLATES = Environment(
    loader=PackageLoader("reports", "templates"),
    autoescape=select_autoescape(default_for_string=True, default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@cache
def _print_css() -> CSS:
    return CSS(string=files("reports").joinpath("templates/print.css").read_text(encoding="utf-8"))


def render_pdf(html: str) -> bytes:
    """The PDF of an HTML document, laid out with the shared print stylesheet."""
    return HTML(string=html, base_url=str(files("reports"))).write_pdf(stylesheets=[_print_css()])


def render_template_pdf(template: str, **context: Any) -> bytes:
    """Render a template of reports/templates to HTML, then to PDF."""
    return render_pdf(TEMPLATES.get_template(template).render(**context))
