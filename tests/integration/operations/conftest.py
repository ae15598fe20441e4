"""Helpers for the operations tests: the demo province's people by login, counting rows."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engine.models import User


@pytest.fixture
def province(runtime, demo):
    return runtime


def user_id(runtime, username: str) -> int:
    with runtime.unit_of_work() as uow:
        return uow.session.scalar(select(User.id).where(User.username == username))


def count(runtime, model, *where) -> int:
    with runtime.unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(model).where(*where))
