"""A real HTTP server in a thread that answers JSON POSTs, for the stand-ins of national systems."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# (path, headers, body) -> (HTTP status, JSON answer)
Answer = Callable[[str, Mapping[str, str], bytes], tuple[int, dict[str, Any]]]


def json_server(answer: Answer) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """A server on a free local port, not started yet, and the thread that serves it."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status, reply = answer(self.path, self.headers, body)
            payload = json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            """Quiet: the test reads what was received."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    return server, threading.Thread(target=server.serve_forever, daemon=True)
