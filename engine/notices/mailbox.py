"""The in-app mailbox of a demo or development installation: the notices it sent, as they were sent."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from engine.models import OutboxMessage, OutboxState

SHOWN = 200
CHANNELS = ("email", "sms")


def mailbox(session: Session, recipient: str = "") -> list[OutboxMessage]:
    """The newest sent mails and text messages, to a recipient containing `recipient` when given."""
    query = select(OutboxMessage).where(OutboxMessage.state == OutboxState.SENT, OutboxMessage.channel.in_(CHANNELS))
    if recipient.strip():
        words = recipient.strip().lower()
        query = query.where(or_(OutboxMessage.recipient.ilike(f"%{words}%"), OutboxMessage.subject.ilike(f"%{words}%")))
    return list(session.scalars(query.order_by(OutboxMessage.sent_at.desc(), OutboxMessage.id.desc()).limit(SHOWN)))
