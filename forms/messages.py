"""Babel extractor for the forms' Vietnamese texts (titles and choice labels), so pages can show them translated.

babel.cfg names it in its `[extractors]` section and maps `*.json` to it (JSON without `properties` yields nothing).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any


def extract_form_texts(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """(line, function, message, comments) for the form's title, each field's title and each choice label."""
    schema = json.loads(fileobj.read().decode("utf-8"))
    if "properties" not in schema:
        return
    texts = [schema.get("title", "")]
    for field in schema["properties"].values():
        texts += [field.get("title", ""), *field.get("enumLabels", [])]
    for text in dict.fromkeys(texts):
        if text:
            yield 1, "_", text, []
