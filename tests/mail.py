"""A real SMTP server (aiosmtpd) on a free local port, collecting what it is sent; replies can be scripted."""

from __future__ import annotations

import socket
from collections import deque
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


class Mailbox:
    """The server's handler: accepts mail into `messages`, or answers with the next scripted reply."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.replies: deque[str] = deque()  # e.g. "451 4.3.0 Try again later", used one per message
        self.refused: set[str] = set()  # recipients answered 550

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        if address in self.refused:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.replies:
            return self.replies.popleft()
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


class _AnyPortController(Controller):
    """Listens on a port the kernel picks (port 0), then learns which: no other process can take it in between."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpServer:
    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.controller = _AnyPortController(self.mailbox, hostname="127.0.0.1", port=0)

    @property
    def port(self) -> int:
        """The port it listens on, once started."""
        return self.controller.port

    @property
    def messages(self) -> list[EmailMessage]:
        return self.mailbox.messages

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
