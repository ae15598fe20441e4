"""Supplementation: asked once and completely, the dossier waits with its clock stopped, then comes back."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from engine.catalog.procedures import publish, read_catalog
from engine.dossiers.requests import supplement
from engine.errors import InvalidData, StepNotAvailable
from engine.models import DossierStatus, OutboxMessage, ProcedureDocument


def _document_ids(desk, code) -> list[int]:
    with desk.runtime.unit_of_work() as uow:
        version_id = desk.dossier(code).procedure_version_id
        return list(
            uow.session.scalars(
                select(ProcedureDocument.id)
                .where(ProcedureDocument.procedure_version_id == version_id)
                .order_by(ProcedureDocument.position)
            )
        )


def _supplement(desk, code, by="motcua.anhoa"):
    return supplement(
        desk.runtime,
        desk.runtime.unit_of_work(),
        dossier_code=code,
        actor_id=desk.user_id(by),
        expected_version=desk.dossier(code).version,
        note="Đã nộp bổ sung",
    )


@pytest.mark.parametrize("rounds", [1, 2])
def test_reception_asks_for_what_is_missing_then_checks_again(desk, rounds):
    code = desk.submit()
    missing = _document_ids(desk, code)[1:2]
    for _ in range(rounds):
        reached = desk.complete(
            code,
            "check_completeness",
            "motcua.anhoa",
            decision="incomplete",
            missing_documents=missing,
            supplement_note="Thiếu giấy chứng sinh",
        ).reached
        assert "supplement_requested" in reached
        assert desk.dossier(code).status is DossierStatus.SUPPLEMENT_REQUESTED
        assert desk.open_tasks(code) == []
        _supplement(desk, code)
        assert [t.task_name for t in desk.open_tasks(code)] == ["check_completeness"]
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    assert desk.dossier(code).status is DossierStatus.RECEIVED
    with desk.runtime.unit_of_work() as uow:
        bodies = [m.body for m in uow.session.scalars(select(OutboxMessage)) if "cần bổ sung" in m.subject]
    assert len(bodies) == rounds and "Giấy chứng sinh" in bodies[0]


def test_missing_documents_come_from_the_procedure_and_the_note_is_required(desk):
    code = desk.submit()
    with pytest.raises(InvalidData) as refused:
        desk.complete(
            code,
            "check_completeness",
            "motcua.anhoa",
            decision="incomplete",
            missing_documents=[999999],
            supplement_note="Thiếu",
        )
    assert "missing_documents" in refused.value.errors
    with pytest.raises(InvalidData) as refused:
        desk.complete(
            code,
            "check_completeness",
            "motcua.anhoa",
            decision="incomplete",
            missing_documents=_document_ids(desk, code)[:1],
        )
    assert "supplement_note" in refused.value.errors
    assert desk.dossier(code).status is DossierStatus.NEW  # nothing was written


def test_a_supplement_nobody_asked_for_is_refused(desk):
    code = desk.submit()
    with pytest.raises(StepNotAvailable):
        _supplement(desk, code)


def _to_review(desk, code):
    desk.complete(code, "check_completeness", "motcua.tanlap", decision="complete")
    desk.complete(code, "hand_over", "motcua.tanlap")


def _ask_supplement_after_review(desk, code):
    desk.complete(
        code,
        "review",
        "chuyenvienkt.tanlap",
        proposal="supplement",
        supplement_note="Thiếu biên bản họp",
        missing_documents=_document_ids(desk, code)[2:3],
    )
    return desk.complete(code, "approve_supplement", "truongphongkt.tanlap", decision="approve").reached


def test_after_review_the_clock_pauses_and_the_due_moment_moves_by_the_wait(desk):
    # Household business registration at the commune: 3 working days, supplement pauses the clock.
    code = desk.submit(procedure="household_business_registration", unit="000.01.11.H99", by="motcua.tanlap")
    _to_review(desk, code)
    due = desk.dossier(code).due_at
    assert due == datetime.fromisoformat("2026-11-27T09:00+07:00")  # 24/11 is Ngày Văn hóa Việt Nam
    assert "supplement_requested_after_review" in _ask_supplement_after_review(desk, code)
    dossier = desk.dossier(code)
    assert dossier.status is DossierStatus.SUPPLEMENT_REQUESTED and dossier.pauses[0].ended_at is None
    desk.clock.advance(timedelta(days=3))  # Thursday 09:00: two working days waited (24th is a holiday)
    _supplement(desk, code, by="motcua.tanlap")
    dossier = desk.dossier(code)
    assert dossier.status is DossierStatus.PROCESSING
    assert dossier.due_at == datetime.fromisoformat("2026-12-01T09:00+07:00")
    assert [t.task_name for t in desk.open_tasks(code)] == ["review"]


def test_a_supplement_asked_once_the_dossier_is_overdue_moves_no_deadline(desk):
    """The one pause rule: a pause begun after the due moment gives no time back, as `due_with_pauses` counts."""
    code = desk.submit(procedure="household_business_registration", unit="000.01.11.H99", by="motcua.tanlap")
    _to_review(desk, code)
    due = desk.dossier(code).due_at
    desk.clock.set(datetime.fromisoformat("2026-11-30T09:00+07:00"))  # Monday: overdue since Friday 09:00
    _ask_supplement_after_review(desk, code)
    desk.clock.advance(timedelta(days=2))
    _supplement(desk, code, by="motcua.tanlap")
    assert desk.dossier(code).due_at == due


def test_a_rejected_supplement_proposal_goes_back_to_the_specialist(desk):
    code = desk.submit(procedure="household_business_registration", unit="000.01.11.H99", by="motcua.tanlap")
    _to_review(desk, code)
    desk.complete(
        code,
        "review",
        "chuyenvienkt.tanlap",
        proposal="supplement",
        supplement_note="Thiếu biên bản",
        missing_documents=_document_ids(desk, code)[2:3],
    )
    desk.complete(code, "approve_supplement", "truongphongkt.tanlap", decision="reject", reason="Không cần thiết")
    assert [t.task_name for t in desk.open_tasks(code)] == ["review"]
    assert desk.dossier(code).status is DossierStatus.PROCESSING


def test_where_the_procedure_says_restart_the_full_time_counts_again_from_the_supplement(desk):
    entry = next(e for e in read_catalog() if e.data["slug"] == "household_business_registration")
    restart = dataclasses.replace(entry, data=dict(entry.data, supplement_mode="restart"), sha256="2" * 64)
    with desk.runtime.unit_of_work() as uow:
        publish(uow.session, restart, desk.clock.now())
        uow.commit()
    code = desk.submit(procedure="household_business_registration", unit="000.01.11.H99", by="motcua.tanlap")
    _to_review(desk, code)
    _ask_supplement_after_review(desk, code)
    desk.clock.set(datetime.fromisoformat("2026-11-26T14:00+07:00"))
    _supplement(desk, code, by="motcua.tanlap")
    # three working days from Thursday 14:00: Friday, Monday, Tuesday 14:00
    assert desk.dossier(code).due_at == datetime.fromisoformat("2026-12-01T14:00+07:00")
