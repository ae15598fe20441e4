"""A request whose path, query string, form or file names carry a NUL character is refused (400) before any view:
nobody types one, and PostgreSQL text cannot hold it, so it would otherwise end as a database error."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Flask, abort, request


def init_app(app: Flask) -> None:
    app.before_request(_refuse_nul)


def _refuse_nul() -> None:
    if any("\x00" in text for text in _texts()):
        abort(400)


def _texts() -> Iterator[str]:
    yield request.path
    for source in (request.args, request.form):
        for name, values in source.lists():
            yield name
            yield from values
    for name, files in request.files.lists():
        yield name
        yield from (file.filename or "" for file in files)
