"""Questions handed on by another system (hỏi đáp từ Cổng Dịch vụ công quốc gia): into the editors' inbox."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_smorest import Blueprint

from engine.api_clients.scopes import Operation
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
