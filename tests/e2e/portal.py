"""Portal journeys' helpers: an applicant's online dossier, the mails queued for an address, a mail's link."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select

from engine.models import Channel, OutboxMessage, User
from engine.services.submission import submit


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


def submit_online(app: Flask, username: str, procedure: str = "birth_registration", unit: str = "000.01.10.H99") -> str:
    """A dossier the applicant submitted online (without files); returns its code."""
    rt = app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        applicant = uow.session.scalar(select(User.id).where(User.username == username))
    return submit(
        rt, rt.unit_of_work(), procedure=procedure, receiving_unit=unit, channel=Channel.ONLINE, actor_id=applicant
    ).dossier_code
