"""Slowing down password guessing (chống dò mật khẩu) without letting anyone lock the real user out.

Wrong sign-ins are counted per (login, client address) and per address, whether the login exists or not. Past a few
free failures each one makes the next attempt wait twice as long, up to a ceiling; until that moment attempts are
refused unread. A guesser elsewhere slows only themselves: the account's owner signs in from their own address.
The counts live in the rate limiter's storage (memory, or Redis shared by every web process), the moments come from
the injected clock, and a day without failures forgets them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from engine.text import nfc

FORGET_AFTER = timedelta(days=1)


class Counters(Protocol):
    """The part of a `limits` storage (memory://, redis://, memcached://) the throttle uses."""

    def incr(self, key: str, expiry: int, amount: int = 1) -> int: ...

    def get(self, key: str) -> int: ...

    def clear(self, key: str) -> None: ...


@dataclass(frozen=True)
class Backoff:
    """How long failures make the next attempt wait: nothing for the first `free`, then doubling up to `longest`."""

    free: int
    first: timedelta
    longest: timedelta

    def wait(self, failures: int) -> timedelta:
        if failures < self.free:
            return timedelta(0)
        doublings = min(failures - self.free, 32)  # the ceiling is reached long before; no huge powers
        return min(self.first * 2**doublings, self.longest)


PER_LOGIN = Backoff(free=3, first=timedelta(seconds=2), longest=timedelta(minutes=15))
PER_ADDRESS = Backoff(free=20, first=timedelta(seconds=2), longest=timedelta(minutes=15))


def login_key(login: str) -> str:
    """The login as it is looked up (NFC, trimmed, any case), so that 'An' and ' an' count as one."""
    return nfc(login.strip()).lower()


class SignInThrottle:
    """Failure counts and the next allowed moment per (login, address) and per address."""

    def __init__(self, counters: Counters, prefix: str = "motcua-sign-in") -> None:
        self.counters = counters
        self.prefix = prefix

    def next_allowed(self, login: str, address: str, now: datetime) -> datetime | None:
        """The moment before which an attempt is refused, when that is still to come; else None."""
        latest = max(
            self._next(self._subject("pair", login, address), PER_LOGIN, now),
            self._next(self._subject("address", address), PER_ADDRESS, now),
        )
        return latest if latest > now else None

    def failed(self, login: str, address: str, now: datetime) -> None:
        """Count a wrong sign-in for the pair and for the address."""
        for subject in (self._subject("pair", login, address), self._subject("address", address)):
            if self._last_failure(subject, now) is None:
                self.counters.clear(f"{subject}:n")
            self.counters.incr(f"{subject}:n", _seconds(FORGET_AFTER))
            self.counters.clear(f"{subject}:at")
            self.counters.incr(f"{subject}:at", _seconds(FORGET_AFTER), amount=int(now.timestamp()))

    def succeeded(self, login: str, address: str) -> None:
        """The right password clears the pair's count; the address keeps its count of other logins' failures."""
        subject = self._subject("pair", login, address)
        self.counters.clear(f"{subject}:n")
        self.counters.clear(f"{subject}:at")

    def _next(self, subject: str, backoff: Backoff, now: datetime) -> datetime:
        last = self._last_failure(subject, now)
        if last is None:
            return now
        return last + backoff.wait(self.counters.get(f"{subject}:n"))

    def _last_failure(self, subject: str, now: datetime) -> datetime | None:
        """The last failure's moment, unless there is none or it is old enough to be forgotten."""
        stamp = self.counters.get(f"{subject}:at")
        last = datetime.fromtimestamp(stamp, UTC) if stamp else None
        return last if last is not None and now - last < FORGET_AFTER else None

    def _subject(self, kind: str, *parts: str) -> str:
        # hashed: a login of any length or character makes a short key of a fixed alphabet
        digest = hashlib.sha256("\0".join(login_key(part) for part in parts).encode("utf-8", "surrogatepass"))
        return f"{self.prefix}:{kind}:{digest.hexdigest()[:32]}"


def _seconds(span: timedelta) -> int:
    return int(span.total_seconds())
