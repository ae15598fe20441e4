"""How one document is known across procedures (mã giấy tờ), so that the applicant's store offers what it holds.

The national catalog names a document in each procedure's own words and gives it no code; a catalog entry may name
its key (`key`), else the key is the name without accents, case and punctuation, so that the same words match."""

from __future__ import annotations

import re
from typing import Any

from engine.text import fold

_NOT_A_WORD = re.compile(r"[^a-z0-9]+")


def document_key(name: str) -> str:
    """'Giấy tờ tùy thân (hộ chiếu, ...)' -> 'giay_to_tuy_than_ho_chieu'."""
    return _NOT_A_WORD.sub("_", fold(name)).strip("_")


def entry_document_key(document: dict[str, Any]) -> str:
    """A catalog entry's required document: its own key, else its name's."""
    return document.get("key") or document_key(document["name"])


def result_key(result: dict[str, Any]) -> str:
    """The document a procedure issues, under the key other procedures ask for it by."""
    return result.get("key") or document_key(result["title"])


def result_title(result: dict[str, Any]) -> str:
    """The result's printed title (GIẤY KHAI SINH) as a list names it: Giấy khai sinh."""
    return result["title"].capitalize()
