"""Questions handed on by another system (hỏi đáp từ Cổng Dịch vụ công quốc gia): into the editors' inbox."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_smorest import Blueprint

from engine.api_clients.scopes import Operation
from engine.national_portal.questions import NationalQuestion, receive_question
from engine.questions.services import Asker, ask
from webapp.api import schemas
from webapp.api.guard import answer, client, guard

bp = guard(Blueprint("api_questions", __name__, url_prefix="/api", description="Hỏi đáp"))


@bp.route("/questions", methods=["POST"])
@bp.arguments(schemas.SubmittedQuestion)
@bp.response(201, schemas.AskedQuestion)
def submit(body: dict[str, Any]) -> Any:
    """A question asked elsewhere, received as the public form receives one; the editors classify it."""
    client().require(Operation.QUESTIONS_SUBMIT)
    rt = current_app.extensions["motcua"]
    asker = Asker(body["name"], body["email"], body["phone"], body["address"])
    asked = ask(
        rt,
        rt.unit_of_work(),
        asker=asker,
        title=body["title"],
        body=body["body"],
        topic=body["topic"],
        agency=body["agency"],
    )
    return answer(schemas.AskedQuestion(), asked, 201)


@bp.route("/national/questions", methods=["POST"])
@bp.arguments(schemas.NationalQuestion)
@bp.response(201, schemas.AskedQuestion)
@bp.alt_response(200, schema=schemas.AskedQuestion, description="this national id was received before")
def national(body: dict[str, Any]) -> Any:
    """A question asked on the national portal, in the portal's shape: received once per HOIDAPID into the editors'
    inbox, marked as national; its answer goes back to the portal when sent or published."""
    client().require(Operation.QUESTIONS_SUBMIT)
    rt = current_app.extensions["motcua"]
    received = receive_question(rt, rt.unit_of_work(), NationalQuestion.from_item(body))
    return answer(schemas.AskedQuestion(), received.asked, 201 if received.created else 200)
