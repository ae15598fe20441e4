"""Which fields of a task's form belong to which answer: read from the schema's if/then rules."""

from __future__ import annotations

from typing import Any


def shown_when(schema: dict[str, Any]) -> dict[str, tuple[str, list[str]]]:
    """{field: (choice field, values)}: a field the schema requires only for some values of a choice.

    Pages hide such a field until one of its values is chosen; fields required always, or never, stay shown.
    """
    rules = [schema, *schema.get("allOf", [])]
    shown: dict[str, tuple[str, list[str]]] = {}
    for rule in rules:
        condition = rule.get("if", {}).get("properties", {})
        if len(condition) != 1 or "then" not in rule:
            continue
        ((choice, constraint),) = condition.items()
        if "const" not in constraint:
            continue
        for field in rule["then"].get("required", []):
            values = shown.get(field, (choice, []))[1]
            shown[field] = (choice, [*values, constraint["const"]])
    return shown
