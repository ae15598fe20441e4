"""Channels that carry outbox notices: email through SMTP, SMS through a gateway's spool file."""

from __future__ import annotations

import json
import os
import smtplib
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from typing import Protocol

from engine.models import OutboxMessage
from engine.settings import Settings, SmtpSettings

SMTP_TIMEOUT_SECONDS = 30


class DeliveryFailed(Exception):
    """The channel did not take the message; `permanent` ones are never retried."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class Sender(Protocol):
    """One channel: `send` hands a message over or raises DeliveryFailed; `close` ends a batch."""

    def send(self, message: OutboxMessage, at: datetime) -> None: ...

    def close(self) -> None: ...


class EmailSender:
    """Sends through the configured SMTP server, one connection per batch, reopened after a failure."""

    def __init__(self, smtp: SmtpSettings) -> None:
        self.smtp = smtp
        self._connection: smtplib.SMTP | None = None

    def send(self, message: OutboxMessage, at: datetime) -> None:
        mail = EmailMessage()
        mail["From"] = self.smtp.sender
        mail["To"] = message.recipient
        mail["Subject"] = message.subject
        mail["Date"] = format_datetime(at)
        domain = parseaddr(self.smtp.sender)[1].rpartition("@")[2] or None
        mail["Message-ID"] = make_msgid(f"outbox-{message.id}", domain=domain)
        mail.set_content(message.body)
        try:
            self._connect().send_message(mail)
        except smtplib.SMTPRecipientsRefused as error:  # the one recipient; the connection stays usable
            ((code, reply),) = error.recipients.values()
            raise DeliveryFailed(_reply(code, reply), permanent=code >= 500) from error
        except smtplib.SMTPResponseException as error:
            self.close()
            raise DeliveryFailed(_reply(error.smtp_code, error.smtp_error), permanent=error.smtp_code >= 500) from error
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise DeliveryFailed(f"mail server unreachable: {error}") from error

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.quit()
            except (OSError, smtplib.SMTPException):
                self._connection.close()
            self._connection = None

    def _connect(self) -> smtplib.SMTP:
        if self._connection is None:
            connection = smtplib.SMTP(self.smtp.host, self.smtp.port, timeout=SMTP_TIMEOUT_SECONDS)
            if self.smtp.starttls:
                connection.starttls()
            if self.smtp.username:
                connection.login(self.smtp.username, self.smtp.password)
            self._connection = connection
        return self._connection


class SmsSpoolSender:
    """Appends each SMS as one JSON line to a spool file that the operator's SMS gateway collects."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, message: OutboxMessage, at: datetime) -> None:
        line = json.dumps({"id": message.id, "to": message.recipient, "text": message.body, "at": at.isoformat()})
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as spool:
                spool.write(line + "\n")
                spool.flush()
                os.fsync(spool.fileno())
        except OSError as error:
            raise DeliveryFailed(f"SMS spool {self.path} not writable: {error}") from error

    def close(self) -> None:
        """Every line is on disk when `send` returns."""


class MailboxSender:
    """A demo's or a developer's mailbox: the message is taken as it is and marked sent; the outbox row is the mail,
    read at /admin/mailbox. Nothing leaves the machine."""

    def send(self, message: OutboxMessage, at: datetime) -> None:
        """The row already holds the recipient, subject and body as they would be sent."""

    def close(self) -> None:
        """Nothing to close."""


def configured_senders(settings: Settings) -> dict[str, Sender]:
    """The channels this installation delivers; messages of a channel not configured wait in the outbox. Outside
    production with no mail server configured, email and SMS go to the in-app mailbox. Messages for the national
    portal go to it wherever its address is configured."""
    from engine.national_portal.sender import NationalPortalSender  # it builds on DeliveryFailed, defined here

    portal = settings.national_portal
    national: dict[str, Sender] = {"national": NationalPortalSender(portal)} if portal.url else {}
    if settings.mailbox:
        return {"email": MailboxSender(), "sms": MailboxSender(), **national}
    senders: dict[str, Sender] = {"email": EmailSender(settings.smtp), **national}
    if settings.sms_spool:
        senders["sms"] = SmsSpoolSender(Path(settings.sms_spool))
    return senders


def _reply(code: int, text: bytes | str) -> str:
    """An SMTP reply as the mail server gave it, e.g. `550 5.1.1 mailbox unavailable`."""
    return f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"
