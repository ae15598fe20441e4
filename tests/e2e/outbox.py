"""Reading the outbox in journeys: the mails queued for an address, and the link a mail carries."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select

from engine.models import OutboxMessage


def mails_to(app: Flask, address: str) -> list[OutboxMessage]:
    with app.extensions["motcua"].unit_of_work() as uow:
        return list(
            uow.session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.recipient == address, OutboxMessage.channel == "email")
                .order_by(OutboxMessage.id)
            )
        )


def link_in(message: OutboxMessage) -> str:
    """The path (and query) of the site's link in a mail, to follow with the test client."""
    url = re.search(r"https?://\S+", message.body).group(0)
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
