"""The scheduler's pull of questions asked on the national portal (LayDanhSachHoiDapGuiTuDVCQG), for a province
whose integration platform does not push them to `POST /api/national/questions`: each listed question goes through
the same receive path, once per HOIDAPID. A failed call or a refused item is logged and read again at the next run;
an item received before is recognised by its id, never asked twice. Shapes and sources: docs/national-portal.md."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from engine.errors import InvalidData
from engine.national_portal.questions import NationalQuestion, receive_question
from engine.national_portal.session import PortalCallFailed, portal_session, refusal
from engine.runtime import Runtime

log = logging.getLogger(__name__)

LIST_QUESTIONS = "LayDanhSachHoiDapGuiTuDVCQG"
LONGEST_ID = 40


@dataclass
class PulledQuestions:
    """What one pull did; `error` names why the list could not be read (the job run is then logged as failed)."""

    listed: int = 0
    received: int = 0
    known: int = 0  # received before, by a pull or a push
    skipped: list[str] = field(default_factory=list)  # ids of items withdrawn at the portal or not acceptable
    error: str = ""


def pull_national_questions(runtime: Runtime) -> PulledQuestions:
    """Read the portal's list of questions for this province and receive the new ones; nothing without a portal."""
    portal = runtime.settings.national_portal
    report = PulledQuestions()
    if not portal.url:
        return report
    try:
        answer = portal_session(portal).call({"service": LIST_QUESTIONS, "madonvi": portal.unit}, runtime.clock.now())
    except PortalCallFailed as failed:
        report.error = str(failed)
    else:
        report.error = f"national portal refused {LIST_QUESTIONS}: {refused}" if (refused := refusal(answer)) else ""
        items = answer.get("result") or []
        if not report.error and not isinstance(items, list):
            report.error = f"national portal answered {LIST_QUESTIONS} without a list"
    if report.error:
        log.warning("%s; the questions are read again at the next run", report.error)
        return report
    for item in items:
        _receive(runtime, item, report)
    return report


def _receive(runtime: Runtime, item: Any, report: PulledQuestions) -> None:
    report.listed += 1
    question = NationalQuestion.from_item(item) if isinstance(item, dict) else None
    if question is None or not _acceptable_id(question.national_id) or str(item.get("TRANGTHAI", "1")) == "0":
        report.skipped.append(question.national_id if question else "")
        return
    try:
        received = receive_question(runtime, runtime.unit_of_work(), question)
    except InvalidData as invalid:
        log.warning("national question %s not received: %s", question.national_id, invalid.errors)
        report.skipped.append(question.national_id)
        return
    if received.created:
        report.received += 1
    else:
        report.known += 1


def _acceptable_id(national_id: str) -> bool:
    """A positive whole number, as the portal numbers its questions (S1 skips `HOIDAPID <= 0`)."""
    return national_id.isdigit() and int(national_id) > 0 and len(national_id) <= LONGEST_ID
