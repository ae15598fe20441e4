"""Whole numbers in paths, query strings and forms, all read by `engine.text.parse_int` within the database's range.

A number a person types that is not one (Unicode digits, 31 digits, text) is the default, or a 404 in a path,
never an overflow in a query.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

from engine.text import MAX_INT, parse_int

Default = TypeVar("Default")


def int_field(
    values: Mapping[str, Any], name: str, default: Default, *, low: int = 0, high: int = MAX_INT
) -> int | Default:
    """The named query string or form value read by `parse_int`, or `default` when it is missing or no such number."""
    number = parse_int(values.get(name), low=low, high=high)
    return default if number is None else number


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in routes: ASCII digits within the database's range; anything else matches no route (404)."""

    regex = r"[0-9]{1,18}"

    def __init__(
        self, map: Map, fixed_digits: int = 0, min: int | None = 0, max: int | None = MAX_INT, signed: bool = False
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def init_app(app: Flask) -> None:
    """Install the bounded converter as `int`; call before any blueprint is registered."""
    app.url_map.converters["int"] = BoundedIntConverter
