"""The inbox shows each person the open tasks of their roles and units, coloured by SLA state, searchable."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from engine.dossiers.inbox import InboxFilter, TaskSla, my_work
from engine.dossiers.timers import fire_due_timers
from engine.models import User


def _inbox(desk, username: str, **where) -> object:
    with desk.runtime.unit_of_work() as uow:
        user = uow.session.scalar(select(User).where(User.username == username))
        return my_work(uow.session, user, desk.clock.now(), desk.runtime.calendar(uow.session), InboxFilter(**where))


def test_each_clerk_sees_only_their_units_tasks(desk):
    ward = desk.submit(name="Nguyễn Thị Hoa")
    commune = desk.submit(unit="000.01.11.H99", by="motcua.tanlap", name="Lê Văn Đức")
    assert [r.dossier_code for r in _inbox(desk, "motcua.anhoa").rows] == [ward]
    assert [r.dossier_code for r in _inbox(desk, "motcua.tanlap").rows] == [commune]
    assert _inbox(desk, "chuyenvien.anhoa").rows == []
    assert _inbox(desk, "nguyenvanan").rows == []


def test_search_ignores_accents_and_finds_codes(desk):
    code = desk.submit(name="Nguyễn Văn Ánh")
    desk.submit(name="Trần Thị Bình")
    assert [r.applicant for r in _inbox(desk, "motcua.anhoa", search="nguyen van anh").rows] == ["Nguyễn Văn Ánh"]
    assert [r.dossier_code for r in _inbox(desk, "motcua.anhoa", search=code.lower()).rows] == [code]
    assert _inbox(desk, "motcua.anhoa", search="le van").rows == []


def test_states_are_counted_and_filtered(desk):
    late = desk.submit(name="Phạm Văn Long")
    desk.complete(late, "check_completeness", "motcua.anhoa", decision="complete")  # hand-over due 14:30
    desk.submit(name="Võ Thị Sáu")
    desk.clock.set(datetime.fromisoformat("2026-11-23T14:31+07:00"))
    fire_due_timers(desk.runtime)
    page = _inbox(desk, "motcua.anhoa")
    assert page.counts == {TaskSla.LATE_HANDOVER: 1, TaskSla.OVERDUE: 1}  # the check had one working hour
    assert page.total == 2
    late_only = _inbox(desk, "motcua.anhoa", sla=TaskSla.LATE_HANDOVER)
    assert [r.dossier_code for r in late_only.rows] == [late]
    assert late_only.total == 1
    assert _inbox(desk, "motcua.anhoa", sla=TaskSla.DUE_SOON).total == 0


def test_a_leader_sees_the_departments_open_tasks(desk):
    code = desk.submit(procedure="company_registration_llc1", unit="000.00.01.H99", by="motcua.ttpv")
    desk.complete(code, "check_completeness", "motcua.ttpv", decision="complete")
    desk.complete(code, "hand_over", "motcua.ttpv")
    assert [r.task_name for r in _inbox(desk, "truongphong.stc").rows] == ["review"]
    assert [r.task_name for r in _inbox(desk, "chuyenvien.stc").rows] == ["review"]
    assert _inbox(desk, "truongphong.snnmt").rows == []
