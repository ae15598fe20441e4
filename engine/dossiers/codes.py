"""Dossier codes in the format of Circular 01/2018/TT-VPCP Art. 19: unit code - YYMMDD - daily counter."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from engine.db import upsert
from engine.errors import DomainError
from engine.models import DossierCodeCounter

DAILY_LIMIT = 9999


class DailyCounterExhausted(DomainError):
    code = "dossier_code_exhausted"
    message = "Đơn vị đã dùng hết {limit} mã hồ sơ của ngày {day}."


def issue_dossier_code(session: Session, unit_code: str, moment: datetime, tz: ZoneInfo) -> str:
    """The next code for this unit and local day, taken atomically so that no two processes share one."""
    day = moment.astimezone(tz).strftime("%y%m%d")
    counter = upsert(session)(DossierCodeCounter).values(unit_code=unit_code, day=day, last_value=1)
    counter = counter.on_conflict_do_update(
        index_elements=["unit_code", "day"],
        set_={"last_value": DossierCodeCounter.last_value + 1},
    ).returning(DossierCodeCounter.last_value)
    value = session.execute(counter).scalar_one()
    if value > DAILY_LIMIT:
        raise DailyCounterExhausted(limit=DAILY_LIMIT, day=day)
    return f"{unit_code}-{day}-{value:04d}"
