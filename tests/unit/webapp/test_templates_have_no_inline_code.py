"""The content security policy allows only the app's own script and style files: no template may carry inline
script, an inline style or an event-handler attribute, which the browser would refuse. A JSON-LD data block
(schema.org metadata of a portal item) is no script: the browser never runs it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[3] / "webapp" / "templates"
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL),
    "event-handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL),
    "javascript: address": re.compile(r"javascript:", re.IGNORECASE),
}


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_no_inline_code(template: Path):
    text = template.read_text(encoding="utf-8")
    found = [f"{kind}: {match.group(0)[:80]!r}" for kind, pattern in INLINE.items() for match in pattern.finditer(text)]
    assert found == []


@pytest.mark.parametrize(
    "markup", ["<script>alert(1)</script>", '<p style="color: red">', '<button type="button"\n onclick="go()">']
)
def test_the_check_sees_inline_code(markup: str):
    assert any(pattern.search(markup) for pattern in INLINE.values())


@pytest.mark.parametrize("markup", ['<script type="application/ld+json">{}</script>'])
def test_a_json_ld_data_block_is_no_script(markup: str):
    assert not any(pattern.search(markup) for pattern in INLINE.values())
