"""Migration 0018 keeps every document, fee and time of the versions published before it, with their English."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from engine.db import alembic_config, upgrade

pytestmark = pytest.mark.usefixtures("demo")
COUNTS = {
    "documents": "select count(*), count(nullif(name_en, '')) from procedure_documents",
    "fees": "select count(*), count(nullif(name_en, '')), count(nullif(note_en, '')) from procedure_fees",
    "conditions": "select count(*), count(nullif(condition_en, '')) from procedure_times where condition <> ''",
}


def _counts(runtime) -> dict[str, tuple[int, ...]]:
    with runtime.engine.connect() as connection:
        counts = {name: tuple(connection.execute(text(sql)).one()) for name, sql in COUNTS.items()}
    runtime.engine.dispose()
    return counts


def test_upgrading_to_0018_copies_the_english_of_published_versions(runtime, db_url):
    before = _counts(runtime)
    assert before["documents"][0] > 100 and before["documents"][0] == before["documents"][1]
    command.downgrade(alembic_config(db_url), "0017")
    upgrade(db_url)
    assert _counts(runtime) == before
