"""Delivering national portal messages: an HTTP POST of the stored JSON with the session token, the portal's answer
read for its `error_code`. An unreachable portal or a 5xx answer is retried; a refusal is not."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import datetime

from engine.models import OutboxMessage
from engine.notices.delivery import DeliveryFailed
from engine.settings import NationalPortalSettings

TIMEOUT_SECONDS = 30


class NationalPortalSender:
    def __init__(self, portal: NationalPortalSettings) -> None:
        self.portal = portal

    def send(self, message: OutboxMessage, at: datetime) -> None:
        body = json.loads(message.body) | {"session": self.portal.token}
        request = urllib.request.Request(
            self.portal.url,
            data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                answer = json.loads(response.read().decode("utf-8") or "{}")
        except urllib.error.HTTPError as error:
            raise DeliveryFailed(f"national portal answered {error.code}", permanent=error.code < 500) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise DeliveryFailed(f"national portal unreachable: {error}") from error
        except ValueError as error:
            raise DeliveryFailed(f"national portal answered no JSON: {error}") from error
        if str(answer.get("error_code", "")) != "0":
            raise DeliveryFailed(
                f"national portal refused: error_code {answer.get('error_code')} {answer.get('message', '')}".strip(),
                permanent=True,
            )

    def close(self) -> None:
        """One request per message; nothing stays open."""
