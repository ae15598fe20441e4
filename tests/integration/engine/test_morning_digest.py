"""Each leader's morning digest: what is due today and what is overdue in their unit, once a working day."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from engine.models import OutboxMessage
from engine.notices.digest import queue_morning_digests


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _received(desk, procedure: str, unit: str, clerk: str) -> str:
    code = desk.submit(procedure=procedure, unit=unit, by=clerk)
    desk.complete(code, "check_completeness", clerk, decision="complete")
    desk.complete(code, "hand_over", clerk)
    return code


def _digests(desk) -> dict[str, OutboxMessage]:
    with desk.runtime.unit_of_work() as uow:
        rows = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.dedup_key.like("digest:%")))
        return {row.recipient.partition("@")[0]: row for row in rows}


def test_leaders_hear_of_what_is_due_today_and_what_is_overdue_in_their_unit(desk):
    due_friday = _received(desk, "household_business_registration", "000.01.11.H99", "motcua.tanlap")
    overdue = _received(desk, "birth_registration", "000.01.10.H99", "motcua.anhoa")  # due Monday 17:00
    desk.clock.set(_at("2026-11-27T06:59+07:00"))  # Friday, before the digest time
    assert queue_morning_digests(desk.runtime) == 0
    desk.clock.set(_at("2026-11-27T07:00+07:00"))
    queued = queue_morning_digests(desk.runtime)
    digests = _digests(desk)
    assert queued == len(digests)
    assert set(digests) == {"lanhdao.tanlap", "truongphongkt.tanlap", "lanhdao.anhoa", "truongphong.anhoa"}
    commune = digests["lanhdao.tanlap"]
    assert commune.subject == "Hồ sơ ngày 27/11/2026: 1 đến hạn hôm nay, 0 quá hạn"
    assert f"- {due_friday} · Đăng ký thành lập hộ kinh doanh" in commune.body
    assert "hạn 09:00 27/11/2026" in commune.body and overdue not in commune.body
    assert f"http://127.0.0.1:5000/staff/dossiers/{due_friday}" in commune.body
    ward = digests["lanhdao.anhoa"]
    assert ward.subject == "Hồ sơ ngày 27/11/2026: 0 đến hạn hôm nay, 1 quá hạn"
    assert f"{overdue} · Thủ tục đăng ký khai sinh · Trần Thị Bình · quá hạn từ 17:00 23/11/2026" in ward.body
    assert ward.body.startswith("Kính gửi ")


def test_the_digest_is_queued_once_a_day_and_only_on_working_days(desk):
    _received(desk, "birth_registration", "000.01.10.H99", "motcua.anhoa")
    desk.clock.set(_at("2026-11-25T07:30+07:00"))
    first = queue_morning_digests(desk.runtime)
    assert first > 0
    desk.clock.set(_at("2026-11-25T16:00+07:00"))  # a restarted scheduler runs the job again
    assert queue_morning_digests(desk.runtime) == 0
    desk.clock.set(_at("2026-11-28T08:00+07:00"))  # Saturday
    assert queue_morning_digests(desk.runtime) == 0
    desk.clock.set(_at("2026-11-30T07:05+07:00"))  # Monday: a new day, a new digest
    assert queue_morning_digests(desk.runtime) == first
    with desk.runtime.unit_of_work() as uow:
        keys = uow.session.scalars(select(OutboxMessage.dedup_key).where(OutboxMessage.dedup_key.like("digest:%")))
        days = sorted({key.split(":")[1] for key in keys})
    assert days == ["2026-11-25", "2026-11-30"]
