"""Multi-agency (liên thông): the lead agency reviews, two agencies give their part in parallel, the lead integrates."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from sqlalchemy import select

from engine.catalog.procedures import publish, read_catalog
from engine.documents.demo_ca import DEMO_PIN
from engine.dossiers.tasks import complete_task
from engine.errors import NotAllowed
from engine.models import Agency, DossierStatus

CONTRIBUTORS = [
    {"agency": "000.00.11.H99", "department": "DKKD", "amount": 2, "unit": "working_days"},
    {"agency": "000.00.50.H99", "department": "PV06", "amount": 1, "unit": "working_days"},
]


def _multi_agency_land_transfer(desk) -> None:
    """The land-right change, run as liên thông with the finance department and the police (a test setting)."""
    entry = next(e for e in read_catalog() if e.data["slug"] == "land_transfer_registration")
    data = dict(entry.data, process_key="lien_thong", contributors=CONTRIBUTORS)
    with desk.runtime.unit_of_work() as uow:
        publish(uow.session, dataclasses.replace(entry, data=data, sha256="1" * 64), desk.clock.now())
        uow.commit()


def test_two_agencies_contribute_in_their_own_inboxes_then_the_lead_integrates(desk):
    _multi_agency_land_transfer(desk)
    code = desk.submit(procedure="land_transfer_registration", unit="000.00.01.H99", by="motcua.ttpv")
    desk.complete(code, "check_completeness", "motcua.ttpv", decision="complete")
    desk.complete(code, "hand_over", "motcua.ttpv")
    desk.complete(code, "review", "chuyenvien.snnmt", proposal="result", draft_summary="Đủ điều kiện đăng ký biến động")

    contributions = [t for t in desk.open_tasks(code) if t.task_name == "contribute"]
    with desk.runtime.unit_of_work() as uow:
        codes = {t.id: uow.session.get(Agency, t.agency_id).code for t in contributions}
    assert sorted(codes.values()) == ["000.00.11.H99", "000.00.50.H99"]
    due = {codes[t.id]: t.due_at for t in contributions}
    assert due["000.00.11.H99"] == datetime.fromisoformat("2026-11-26T09:00+07:00")  # two days, 24/11 a holiday
    assert due["000.00.50.H99"] == datetime.fromisoformat("2026-11-25T09:00+07:00")

    desk.complete(code, "contribute", "chuyenvien.cat", opinion="agree", comment="Không có tranh chấp, án tích")
    assert [t.task_name for t in desk.open_tasks(code)] == ["contribute"]  # the other agency is still asked
    desk.complete(code, "contribute", "chuyenvien.stc", opinion="agree", comment="Đã hoàn thành nghĩa vụ tài chính")
    assert [t.task_name for t in desk.open_tasks(code)] == ["integrate"]
    desk.complete(code, "integrate", "chuyenvien.snnmt", summary="Tổng hợp ý kiến: các cơ quan đồng ý")
    desk.complete(code, "department_approval", "truongphong.snnmt", decision="approve")
    desk.complete(code, "sign", "lanhdao.snnmt", decision="sign", pin=DEMO_PIN)
    desk.complete(code, "return_result", "motcua.ttpv", return_method="post", tracking_number="EV123456789VN")
    assert desk.dossier(code).status is DossierStatus.RESULT_RETURNED


def test_a_contributor_cannot_answer_for_another_agency(desk):
    _multi_agency_land_transfer(desk)
    code = desk.submit(procedure="land_transfer_registration", unit="000.00.01.H99", by="motcua.ttpv")
    desk.complete(code, "check_completeness", "motcua.ttpv", decision="complete")
    desk.complete(code, "hand_over", "motcua.ttpv")
    desk.complete(code, "review", "chuyenvien.snnmt", proposal="result", draft_summary="Đủ điều kiện")
    with desk.runtime.unit_of_work() as uow:
        police = uow.session.scalar(select(Agency.id).where(Agency.code == "000.00.50.H99"))
    police_task = next(t for t in desk.open_tasks(code) if t.agency_id == police)
    with pytest.raises(NotAllowed):
        complete_task(
            desk.runtime,
            desk.runtime.unit_of_work(),
            task_id=police_task.id,
            actor_id=desk.user_id("chuyenvien.stc"),
            data={"opinion": "agree", "comment": "Đồng ý hết"},
            expected_version=desk.dossier(code).version,
        )


def test_the_joint_registration_of_a_child_under_six_runs_on_the_multi_agency_diagram(desk):
    """The shipped liên thông procedure: birth registered at the ward, residence by the police, the health insurance
    card by social security, each in its own inbox, then one certificate."""
    code = desk.submit(procedure="birth_residence_health_insurance_under_6")
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    desk.complete(code, "review", "chuyenvien.anhoa", proposal="result", draft_summary="Đủ điều kiện khai sinh")
    contributions = [t for t in desk.open_tasks(code) if t.task_name == "contribute"]
    with desk.runtime.unit_of_work() as uow:
        asked = sorted(uow.session.get(Agency, t.agency_id).code for t in contributions)
    assert asked == ["000.00.50.H99", "000.00.60.H99"]
    desk.complete(code, "contribute", "chuyenvien.cat", opinion="agree", comment="Đã đăng ký thường trú")
    desk.complete(code, "contribute", "chuyenvien.bhxh", opinion="agree", comment="Đã cấp thẻ bảo hiểm y tế")
    desk.complete(code, "integrate", "chuyenvien.anhoa", summary="Các cơ quan đã hoàn thành phần việc")
    desk.complete(code, "department_approval", "truongphong.anhoa", decision="approve")
    desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    assert desk.dossier(code).status is DossierStatus.RESOLVED
