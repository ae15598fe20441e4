"""Delivering national portal messages: the stored JSON posted with the portal session (`session.py`), the portal's
answer read for its `error_code`. An unreachable portal or a 5xx answer is retried; a refusal is not."""

from __future__ import annotations

import json
from datetime import datetime

from engine.models import OutboxMessage
from engine.national_portal.session import PortalCallFailed, portal_session, refusal
from engine.notices.delivery import DeliveryFailed
from engine.settings import NationalPortalSettings


class NationalPortalSender:
    def __init__(self, portal: NationalPortalSettings) -> None:
        self.session = portal_session(portal)

    def send(self, message: OutboxMessage, at: datetime) -> None:
        try:
            answer = self.session.call(json.loads(message.body), at)
        except PortalCallFailed as failed:
            raise DeliveryFailed(str(failed), permanent=failed.permanent) from None
        if refused := refusal(answer):
            raise DeliveryFailed(f"national portal refused: {refused}", permanent=True)

    def close(self) -> None:
        """One request per message; nothing stays open."""
