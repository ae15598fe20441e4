"""Gunicorn's preforked worker processes serving an app already built (Linux and other Unix systems)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from engine.runtime import Runtime


class Preforked(BaseApplication):
    """Threaded workers (keep-alive connections, slow clients), forked after the app was built; each worker drops the
    database connections it inherited and opens its own."""

    def __init__(self, app: Flask, runtime: Runtime, **options: Any) -> None:
        self.app, self.runtime = app, runtime
        self.options = {
            "worker_class": "gthread",
            "preload_app": True,
            "post_fork": self._forked,
            "control_socket_disable": True,  # several servers may run on one machine
            **options,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.app

    def _forked(self, _server: object, _worker: object) -> None:
        # The pool's connections belong to the parent: forget them without closing them under it.
        self.runtime.engine.dispose(close=False)
