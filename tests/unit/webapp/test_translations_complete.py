"""Every piece of UI text has its English version, and the catalogs are up to date with the code."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import webapp

WEBAPP = Path(webapp.__file__).parent
METHODS = [("**.py", "python"), ("**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def _messages_in_code() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(WEBAPP, METHODS, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("locale", ["en"])
def test_every_message_is_translated(locale):
    with (WEBAPP / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    translated = {m.id for m in catalog if m.id and m.string}
    missing = _messages_in_code() - translated
    assert not missing, f"run `make messages` and translate: {sorted(missing)}"
