"""The public list of dossiers by day and agency (Khánh Hòa, 2019): received, resolved, waiting for supplementation
with what each must supplement; codes and procedures only, never who applied."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from engine.documents.demo_ca import DEMO_PIN
from engine.models import Agency, ProcedureDocument
from tests.integration.engine.conftest import Desk

PERSON = {
    "name": "Lương Thị Diễm Hằng",
    "id_number": "056190001234",
    "phone": "0905123456",
    "email": "diemhang@example.vn",
    "address": "Số 7 đường Hoa Lư, phường An Hòa",
}


def dossiers_of_the_day(desk: Desk) -> dict[str, str]:
    """One dossier waiting for a supplement, one received, one resolved, each by the same person."""
    waiting = desk.submit(**PERSON)
    with desk.runtime.unit_of_work() as uow:
        document = uow.session.scalar(
            select(ProcedureDocument)
            .where(ProcedureDocument.procedure_version_id == desk.dossier(waiting).procedure_version_id)
            .order_by(ProcedureDocument.position.desc())
            .limit(1)
        )
        missing = (document.id, document.name)
    desk.complete(
        waiting,
        "check_completeness",
        "motcua.anhoa",
        decision="incomplete",
        missing_documents=[missing[0]],
        supplement_note=f"Bà {PERSON['name']} nộp thêm giấy tờ",
    )
    received = desk.submit(**PERSON)
    desk.complete(received, "check_completeness", "motcua.anhoa", decision="complete")
    resolved = desk.submit(**PERSON)
    for task, who, form in [
        ("check_completeness", "motcua.anhoa", {"decision": "complete"}),
        ("hand_over", "motcua.anhoa", {}),
        (
            "review",
            "chuyenvien.anhoa",
            {"proposal": "result", "draft_summary": f"Cấp Giấy khai sinh cho {PERSON['name']}"},
        ),
        ("department_approval", "truongphong.anhoa", {"decision": "approve"}),
        ("sign", "lanhdao.anhoa", {"decision": "sign", "pin": DEMO_PIN}),
    ]:
        desk.complete(resolved, task, who, **form)
    return {"waiting": waiting, "received": received, "resolved": resolved, "missing": missing[1]}


def test_the_day_list_shows_codes_and_procedures_and_what_to_supplement_never_the_person(client, desk):
    found = dossiers_of_the_day(desk)
    day = desk.clock.now().astimezone(desk.runtime.tz).date().isoformat()

    received = client.get(f"/dossiers/daily?day={day}").get_data(as_text=True)
    waiting = client.get(f"/dossiers/daily?day={day}&section=supplement").get_data(as_text=True)
    assert found["received"] in received and found["waiting"] not in received
    assert found["waiting"] in waiting and found["missing"] in waiting
    assert "Thủ tục đăng ký khai sinh" in received

    resolved = client.get(f"/dossiers/daily?day={day}&section=resolved").get_data(as_text=True)
    assert found["resolved"] in resolved and found["received"] not in resolved
    pages = received + waiting + resolved
    for personal in (*PERSON.values(), "Lương", "Diễm Hằng", "056190", "0905"):
        assert personal not in pages


def test_the_agency_filter_and_the_day_narrow_the_list(client, desk):
    found = dossiers_of_the_day(desk)
    day = desk.clock.now().astimezone(desk.runtime.tz).date()
    with desk.runtime.unit_of_work() as uow:
        commune = uow.session.scalar(select(Agency.id).where(Agency.code == "000.01.10.H99"))
        centre = uow.session.scalar(select(Agency.id).where(Agency.code == "000.00.01.H99"))
    assert found["received"] in client.get(f"/dossiers/daily?day={day}&agency={commune}").get_data(as_text=True)
    assert found["received"] not in client.get(f"/dossiers/daily?day={day}&agency={centre}").get_data(as_text=True)
    yesterday = client.get(f"/dossiers/daily?day={day - timedelta(days=1)}").get_data(as_text=True)
    assert found["received"] not in yesterday and "Không có hồ sơ nào." in yesterday


def test_odd_queries_answer_the_default_list(client, demo):
    for query in ("day=2026-13-45", "agency=abc", "agency=99999999", "section=applicants", "page=-3", "page=x"):
        answer = client.get(f"/dossiers/daily?{query}")
        assert answer.status_code == 200, query
