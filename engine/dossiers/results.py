"""The applicant's side of the result: how to receive it (counter, post, online) and the rating afterwards."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from engine.audit import record_event
from engine.dossiers.applicant_view import own_dossier
from engine.errors import N_, InvalidData, StepNotAvailable
from engine.models import INDICATORS, DossierStatus, Rating, ReturnMethod, Satisfaction, User
from engine.runtime import Runtime
from engine.text import nfc
from engine.uow import UnitOfWork

AT_THE_AGENCY_ONLY = N_(
    "Hình thức nhận kết quả: thủ tục này là dịch vụ công trực tuyến một phần, kết quả được trả tại nơi tiếp nhận hồ sơ."
)
RESULT_READY = {DossierStatus.RESOLVED, DossierStatus.RESULT_RETURNED}
OPEN_FOR_CHOICE = {
    DossierStatus.NEW,
    DossierStatus.RECEIVED,
    DossierStatus.PROCESSING,
    DossierStatus.SUPPLEMENT_REQUESTED,
    DossierStatus.FINANCIAL_OBLIGATION,
    DossierStatus.RESOLVED,
}


def choose_return_method(runtime: Runtime, uow: UnitOfWork, *, dossier_code: str, actor_id: int, method: str) -> None:
    """The applicant says how the result should reach them, until it has been handed over."""
    with uow:
        session = uow.session
        dossier = own_dossier(session, dossier_code, actor_id, "chọn hình thức nhận kết quả của hồ sơ này")
        if method not in ReturnMethod.__members__.values():
            raise InvalidData({"return_method": "Hình thức nhận kết quả: giá trị không hợp lệ."})
        if ReturnMethod(method) not in dossier.procedure_version.return_methods:
            raise InvalidData({"return_method": AT_THE_AGENCY_ONLY})
        if dossier.status not in OPEN_FOR_CHOICE:
            raise StepNotAvailable(dossier_code=dossier_code, action="đổi hình thức nhận kết quả")
        before = {"return_method": dossier.return_method.value}
        dossier.return_method = ReturnMethod(method)
        record_event(
            session,
            "return_method_chosen",
            runtime.clock.now(),
            actor=session.get(User, actor_id),
            dossier=dossier,
            before=before,
            after={"return_method": method},
        )
        uow.commit()


def rate(runtime: Runtime, uow: UnitOfWork, *, dossier_code: str, actor_id: int, answers: dict[str, Any]) -> None:
    """The official evaluation of the handling, once per dossier, by its applicant, after the result."""
    with uow:
        session = uow.session
        dossier = own_dossier(session, dossier_code, actor_id, "đánh giá hồ sơ này")
        if dossier.status not in RESULT_READY:
            raise StepNotAvailable(dossier_code=dossier_code, action="đánh giá (chưa có kết quả)")
        if session.scalar(select(Rating.id).where(Rating.dossier_id == dossier.id)) is not None:
            raise StepNotAvailable(dossier_code=dossier_code, action="đánh giá lần nữa (đã đánh giá)")
        scores, errors = {}, {}
        for name in INDICATORS:
            value = str(answers.get(name, "")).strip()
            if value not in {"0", "1", "2"}:
                errors[name] = "Chỉ số: chọn một mức 0, 1 hoặc 2."
            else:
                scores[name] = int(value)
        for name in ("ease", "overall"):
            if answers.get(name) not in Satisfaction.__members__.values():
                errors[name] = "Mức độ hài lòng: chọn một câu trả lời."
        comment = nfc(str(answers.get("comment", "")).strip())
        if len(comment) > 2000:
            errors["comment"] = "Ý kiến khác: tối đa 2000 ký tự."
        if errors:
            raise InvalidData(errors)
        at = runtime.clock.now()
        session.add(
            Rating(
                dossier_id=dossier.id,
                applicant_id=actor_id,
                ease=Satisfaction(answers["ease"]),
                overall=Satisfaction(answers["overall"]),
                comment=comment,
                created_at=at,
                **scores,
            )
        )
        record_event(session, "dossier_rated", at, actor=session.get(User, actor_id), dossier=dossier, after=scores)
        try:
            uow.commit()
        except IntegrityError:  # the same applicant rating twice at the same moment
            raise StepNotAvailable(dossier_code=dossier_code, action="đánh giá lần nữa (đã đánh giá)") from None
