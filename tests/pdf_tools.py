"""Read PDFs the way a person's viewer would, with poppler's command-line tools."""

from __future__ import annotations

import subprocess
import tempfile


def _run(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        output = [file.name, "-"] if tool == "pdftotext" else [file.name]
        return subprocess.run([tool, *args, *output], capture_output=True, text=True, check=True).stdout


def pdf_text(pdf: bytes) -> str:
    """The text of every page, with runs of whitespace (line breaks included) folded to one space."""
    return " ".join(_run("pdftotext", pdf, "-enc", "UTF-8").split()) if pdf else ""


def pdf_pages(pdf: bytes) -> list[list[str]]:
    """Each page's lines as laid out (pdftotext -layout), each line's runs of spaces folded to one."""
    pages = _run("pdftotext", pdf, "-enc", "UTF-8", "-layout").split("\f")
    return [[" ".join(line.split()) for line in page.splitlines() if line.strip()] for page in pages if page.strip()]


def pdf_info(pdf: bytes) -> str:
    return _run("pdfinfo", pdf)


def pdf_fonts(pdf: bytes) -> list[str]:
    """One line per font: name, type, encoding, embedded, subset, unicode, object id."""
    return _run("pdffonts", pdf).splitlines()[2:]
