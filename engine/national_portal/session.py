"""The national portal's session (phiên kết nối Cổng DVC quốc gia), obtained as OpenCPS obtains it for DVCQG: a POST
of the province's `username` and `password` to the adapter's auth endpoint, with the `dstcode` header, answered
`{"error_code": 0, "session": ...}`; every later call carries the token as `session` in its JSON body.

The token is kept in this process's memory until it expires (`session_minutes`) or the portal answers a call
"unauthorised" (HTTP 401); then the session logs in again, once, and repeats the call. The token and the password
are never logged, stored or put into an error message.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any

from engine.settings import NationalPortalSettings

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 30


class PortalCallFailed(Exception):
    """A call that did not get the portal's answer; `permanent` when sending it again as it is cannot help."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class _Unauthorised(Exception):
    """The portal does not take the session any more."""


class PortalSession:
    """One login to the portal, shared by every call this process makes with the same settings."""

    def __init__(self, portal: NationalPortalSettings) -> None:
        self.portal = portal
        self._token = ""
        self._expires_at: datetime | None = None
        self._lock = threading.Lock()

    def call(self, body: dict[str, Any], at: datetime) -> dict[str, Any]:
        """The portal's JSON answer to one request sent with the session, whatever its `error_code`."""
        token = self._token_at(at)
        try:
            return _post(self.portal.url, body | {"session": token}, self.portal.dstcode)
        except _Unauthorised:
            log.warning("national portal: the session was refused; logging in again")
            self._forget(token)
        try:
            return _post(self.portal.url, body | {"session": self._token_at(at)}, self.portal.dstcode)
        except _Unauthorised:
            raise PortalCallFailed("national portal answered 401 to a fresh session") from None

    def _token_at(self, at: datetime) -> str:
        with self._lock:
            if not self._token or self._expires_at is None or at >= self._expires_at:
                self._token = self._login()
                self._expires_at = at + timedelta(minutes=self.portal.session_minutes)
            return self._token

    def _forget(self, token: str) -> None:
        """Drop the refused token, unless another call has already replaced it."""
        with self._lock:
            if self._token == token:
                self._token, self._expires_at = "", None

    def _login(self) -> str:
        portal = self.portal
        if not portal.login_url:
            raise PortalCallFailed("national portal login not configured (MOTCUA_NATIONAL_PORTAL_LOGIN_URL)")
        try:
            answer = _post(portal.login_url, {"username": portal.username, "password": portal.password}, portal.dstcode)
        except _Unauthorised:
            answer = {"error_code": 401}
        session = answer.get("session")
        if refusal(answer) or not isinstance(session, str) or not session:
            raise PortalCallFailed(
                f"national portal login refused for {portal.username}: {refusal(answer) or 'no session'}"
            )
        log.info("national portal: logged in as %s", portal.username)
        return session


def refusal(answer: dict[str, Any]) -> str:
    """Why the portal refused a call ('' when it took it): its `error_code` other than 0, with its message."""
    if str(answer.get("error_code", "")) == "0":
        return ""
    return f"error_code {answer.get('error_code')} {answer.get('message', '')}".strip()


_sessions: dict[NationalPortalSettings, PortalSession] = {}
_sessions_lock = threading.Lock()


def portal_session(portal: NationalPortalSettings) -> PortalSession:
    """The process's session for these settings, so that a token outlives the delivery run that obtained it."""
    with _sessions_lock:
        return _sessions.setdefault(portal, PortalSession(portal))


def _post(url: str, body: dict[str, Any], dstcode: str) -> dict[str, Any]:
    headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
    if dstcode:
        headers["dstcode"] = dstcode
    request = urllib.request.Request(
        url, data=json.dumps(body, ensure_ascii=False).encode("utf-8"), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            answer = json.loads(response.read().decode("utf-8") or "{}")
    except urllib.error.HTTPError as error:
        if error.code == 401:
            raise _Unauthorised from None
        raise PortalCallFailed(f"national portal answered {error.code}", permanent=error.code < 500) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise PortalCallFailed(f"national portal unreachable: {error}") from None
    except ValueError as error:
        raise PortalCallFailed(f"national portal answered no JSON: {error}") from None
    if not isinstance(answer, dict):
        raise PortalCallFailed("national portal answered JSON that is not an object")
    return answer
