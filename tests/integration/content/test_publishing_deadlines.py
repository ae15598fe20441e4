"""Publishing deadlines in working time: flagged once by the scheduler when missed, counted per agency."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from engine.content.deadlines import flag_content_deadlines
from reports.content import contribution_report
from tests.integration.content.conftest import DECREE, NEWS, Board


def at(text: str) -> datetime:
    return datetime.fromisoformat(f"{text}+07:00")


def test_news_is_due_two_working_days_after_the_event_skipping_the_culture_day(board: Board):
    code = board.submit(replace(NEWS, event_on="2026-11-23"))  # Tuesday 24/11 is a day off (Ngày Văn hóa Việt Nam)
    assert board.item(code).due_at == at("2026-11-26T17:00")


def test_a_legal_document_is_due_five_working_days_after_signing(board: Board):
    code = board.submit(DECREE, by="ctv.stp")  # signed Friday 20/11
    assert board.item(code).due_at == at("2026-11-30T17:00")


def test_a_late_item_is_flagged_once_and_counted_for_its_agency(board: Board):
    late = board.submit()
    on_time = board.submit(replace(NEWS, title="Hội thi văn nghệ quần chúng", event_on="2026-11-23"))
    board.publish(on_time)
    assert flag_content_deadlines(board.runtime) == {"late": []}
    board.clock.set(at("2026-11-26T17:01"))
    assert flag_content_deadlines(board.runtime) == {"late": [late]}
    assert flag_content_deadlines(board.runtime) == {"late": []}
    assert board.item(late).late_flagged_at == at("2026-11-26T17:01")

    with board.runtime.unit_of_work() as uow:
        start = at("2026-11-01T00:00")
        lines = {
            line.agency_code: line
            for line in contribution_report(uow.session, start, start + timedelta(days=30), board.clock.now())
        }
    culture = lines["000.00.17.H99"]
    assert (culture.submitted, culture.published_on_time, culture.waiting_late, culture.flagged_late) == (2, 1, 1, 1)
    justice = lines["000.00.31.H99"]  # has a contributor, sent nothing: shown with zeros
    assert justice.submitted == 0
