"""A busy clerk's inbox page under load: a real `motcua web` server process, and HTTP clients in threads.

The server is started as an operator starts it (with `--workers` as many as the cores when the command offers it);
the clients sign in once, then ask for the inbox page over keep-alive connections for a fixed time.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from engine.demo import DEMO_PASSWORD

INBOX = "/staff/tasks"
MOTCUA = Path(sys.executable).parent / "motcua"


@dataclass(frozen=True)
class Load:
    """What `clients` clients got in `seconds`: requests answered per second and the latency quantiles."""

    clients: int
    requests: int
    seconds: float
    median_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


class Client:
    """One keep-alive HTTP connection with its cookies."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies = dict(cookies or {})

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if form is not None:
            body, headers["Content-Type"] = urlencode(form), "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
        return response.status, text

    def sign_in(self, login: str) -> None:
        status, page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        if status != 200 or token is None:
            raise RuntimeError(f"the sign-in page answered {status} without a CSRF token")
        form = {"login": login, "password": DEMO_PASSWORD, "csrf_token": token.group(1)}
        status, _page = self.request("POST", "/login", form)
        if status != 302:
            raise RuntimeError(f"signing in as {login} answered {status}")

    def close(self) -> None:
        self.connection.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@cache
def _offers_workers() -> bool:
    help_text = subprocess.run([str(MOTCUA), "web", "--help"], capture_output=True, text=True, check=False).stdout
    return "--workers" in help_text


def _web_command(port: int) -> list[str]:
    command = [str(MOTCUA), "web", "--host", "127.0.0.1", "--port", str(port)]
    return [*command, "--workers", str(os.cpu_count() or 1)] if _offers_workers() else command


@contextmanager
def web_server(database_url: str, instance_dir: Path) -> Iterator[int]:
    """A `motcua web` process serving the database at `database_url`; its port once it answers."""
    port = _free_port()
    environment = {
        **os.environ,
        "MOTCUA_DATABASE_URL": database_url,
        "MOTCUA_INSTANCE_DIR": str(instance_dir),
        "MOTCUA_SECRET_KEY": "bench-secret",
        "MOTCUA_ENV": "development",
    }
    server = subprocess.Popen(_web_command(port), env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"motcua web stopped: {server.stderr.read().decode()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("motcua web did not answer within a minute") from None
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def load(port: int, cookies: dict[str, str], clients: int, seconds: float) -> Load:
    """`clients` clients asking for the inbox page, each as soon as it got its last answer, for `seconds`."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    failures: list[str] = []
    start = threading.Barrier(clients + 1)

    def work(mine: list[float]) -> None:
        client = Client(port, cookies)
        try:
            start.wait()
            end = time.perf_counter() + seconds
            while (asked := time.perf_counter()) < end:
                status, _page = client.request("GET", INBOX)
                if status != 200:
                    failures.append(f"{INBOX} answered {status}")
                    return
                mine.append(time.perf_counter() - asked)
        finally:
            client.close()

    threads = [threading.Thread(target=work, args=(mine,)) for mine in latencies]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise RuntimeError(failures[0])
    every = sorted(seconds * 1000 for mine in latencies for seconds in mine)
    p99 = statistics.quantiles(every, n=100, method="inclusive")[98] if len(every) > 1 else every[-1]
    return Load(clients, len(every), elapsed, statistics.median(every), p99)


def inbox_under_load(database_url: str, instance_dir: Path, login: str, seconds: float) -> tuple[Load, Load]:
    """The inbox page of `login` with one client, then with eight, on one server process (after a warm-up)."""
    with web_server(database_url, instance_dir) as port:
        first = Client(port)
        try:
            first.sign_in(login)
            for _ in range(5):
                first.request("GET", INBOX)
        finally:
            first.close()
        return load(port, first.cookies, 1, seconds), load(port, first.cookies, 8, seconds)
