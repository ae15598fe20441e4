"""Catalog data in the reader's language: the English value where one is given, else the Vietnamese one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

VIETNAMESE = "vi"
ENGLISH = "en"
LANGUAGES = (VIETNAMESE, ENGLISH)


def localized(item: Any, field: str = "name", language: str = VIETNAMESE) -> Any:
    """`item`'s `field` in `language`: in English its `<field>_en` when it has one, else the Vietnamese value,
    `<field>` or `<field>_vi`. Works alike on models, dataclasses and dicts of the catalog's shape."""
    if language == ENGLISH and (english := _value(item, f"{field}_en")):
        return english
    vietnamese = _value(item, field)
    return vietnamese if vietnamese is not None else _value(item, f"{field}_vi") or ""


def _value(item: Any, key: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(key)
    return getattr(item, key, None)
