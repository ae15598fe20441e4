"""Notices about a question to its asker (email, else SMS), the editors and the answering agency's leaders, queued in
the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.models import OutboxMessage, Question, Role, RoleAssignment, User
from engine.notices.compose import EMAIL, SMS, sms_number, sms_text
from engine.runtime import Runtime

# kind -> (subject, body); formatted with the question's code and title and the details of the step.
TEMPLATES = {
    "question_received": (
        "Câu hỏi {code} đã được tiếp nhận",
        "Câu hỏi «{title}» đã được gửi đến ban biên tập hỏi đáp. Mã tra cứu: {code}. "
        "Thời hạn trả lời: {due}. Tra cứu tại: {url}",
    ),
    "question_routed": (
        "Câu hỏi {code} đã được chuyển {agency}",
        "Câu hỏi «{title}» đã được chuyển {agency} trả lời. Thời hạn trả lời: {due}.",
    ),
    "question_assigned": (
        "Câu hỏi {code} cần trả lời",
        "Ban biên tập hỏi đáp chuyển câu hỏi «{title}» để {agency} trả lời trước {due}.",
    ),
    "question_refused": (
        "Câu hỏi {code} không được tiếp nhận theo hình thức hỏi đáp",
        "Câu hỏi «{title}» có nội dung khiếu nại, tố cáo nên không được trả lời theo hình thức hỏi đáp. {reply}",
    ),
    "question_out_of_scope": (
        "Câu hỏi {code} không thuộc phạm vi trả lời",
        "Câu hỏi «{title}» không thuộc phạm vi trả lời của các cơ quan trên cổng. {reply}",
    ),
    "interim_replied": (
        "Câu hỏi {code}: thông tin về quá trình xử lý",
        "{agency} đang xử lý câu hỏi «{title}». {reply} Ngày hẹn trả lời: {due}.",
    ),
    "answer_sent": (
        "Câu hỏi {code} đã có câu trả lời",
        "{agency} trả lời câu hỏi «{title}»:\n\n{answer}",
    ),
    "answer_published": (
        "Câu hỏi {code} đã có câu trả lời",
        "{agency} trả lời câu hỏi «{title}»:\n\n{answer}\n\n"
        "Câu hỏi và câu trả lời (đã ẩn thông tin cá nhân) được công khai tại: {url}",
    ),
    "question_due_soon": (
        "Câu hỏi {code} sắp đến hạn trả lời",
        "Câu hỏi «{title}» ({agency}) phải được trả lời trước {due}.",
    ),
    "question_overdue": (
        "Câu hỏi {code} đã quá hạn trả lời",
        "Câu hỏi «{title}» ({agency}) đã quá hạn trả lời từ {due}.",
    ),
}


def question_notice(
    question: Question, kind: str, recipient: str, at: datetime, **details: str
) -> OutboxMessage | None:
    """An email notice for one recipient (None without an address); unique per question step and recipient."""
    if not recipient:
        return None
    subject, body = _written(question, kind, details)
    return _message(question, kind, EMAIL, recipient, subject, body, at)


def asker_notice(question: Question, kind: str, at: datetime, track_url: str, **details: str) -> OutboxMessage | None:
    """The asker's notice: by email to their address, else by SMS to their phone (subject and tracking link)."""
    if question.asker_email:
        return question_notice(question, kind, question.asker_email, at, **details)
    if not question.asker_phone:
        return None
    subject, _body = _written(question, kind, details)
    return _message(question, kind, SMS, sms_number(question.asker_phone), subject, sms_text(subject, track_url), at)


def track_url(runtime: Runtime, question: Question) -> str:
    """The public page where the asker follows the question by its code."""
    return f"{runtime.settings.public_url}/questions/track?code={question.code}"


def _written(question: Question, kind: str, details: dict[str, str]) -> tuple[str, str]:
    subject, body = TEMPLATES[kind]
    agency = question.agency.name if question.agency else "Ban biên tập"
    values = {"code": question.code, "title": question.title, "agency": agency, **details}
    return subject.format(**values)[:255], body.format(**values)


def _message(
    question: Question, kind: str, channel: str, recipient: str, subject: str, body: str, at: datetime
) -> OutboxMessage:
    return OutboxMessage(
        dedup_key=f"{kind}:{question.code}:{question.version}:{recipient}"[:160],
        channel=channel,
        recipient=recipient,
        subject=subject,
        body=body,
        created_at=at,
        next_attempt_at=at,
    )


def staff_emails(session: Session, role: Role, agency_id: int | None = None) -> list[str]:
    """The addresses of active staff with this role (in this agency, when given)."""
    return sorted({user.email for user in staff_with(session, role, agency_id) if user.email})


def staff_with(session: Session, role: Role, agency_id: int | None = None) -> list[User]:
    """The active staff with this role (in this agency, when given), each once."""
    query = select(User).join(RoleAssignment).where(RoleAssignment.role == role, User.is_active)
    if agency_id is not None:
        query = query.where(RoleAssignment.agency_id == agency_id)
    return list(session.scalars(query.distinct().order_by(User.id)))
