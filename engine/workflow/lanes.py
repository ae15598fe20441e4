"""Which role a lane or a candidate group stands for, from the shipped dictionary `workflows/lanes.json`.

Names are compared without accents, case, spacing or punctuation: "Bộ phận một cửa", "BO PHAN MOT CUA" and
"bo-phan_mot cua" all stand for reception_clerk. A name that begins with a dictionary name stands for its role
("Lãnh đạo phòng Tư pháp" for department_leader), the longest such name deciding.
"""

from __future__ import annotations

import json
import re
from functools import cache

from engine.models import Role
from engine.text import fold
from workflows import LANES_FILE


def role_named(name: str) -> Role | None:
    """The role a lane or group name stands for, or None."""
    key = _key(name)
    if not key:
        return None
    dictionary = _dictionary()
    if key in dictionary:
        return dictionary[key]
    starts = [known for known in dictionary if key.startswith(known + " ")]
    return dictionary[max(starts, key=len)] if starts else None


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(name)).strip()


@cache
def _dictionary() -> dict[str, Role]:
    entries = json.loads(LANES_FILE.read_text(encoding="utf-8"))
    return {_key(name): Role(role) for role, names in entries.items() if not role.startswith("$") for name in names}
