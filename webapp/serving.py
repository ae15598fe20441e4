"""Serving the web app: one process with threads (waitress), or preforked processes with gunicorn on Linux.

Workers are forked from the process that built the app, so they share its loaded code; each drops the database
connections it inherited and opens its own. Nothing else is shared: sessions are signed cookies, and a workflow kept in
one worker's memory is used only while its dossier's version is the one in the database.
"""

from __future__ import annotations

import click
from flask import Flask
from waitress import serve

from engine.runtime import Runtime

THREADS = 8
"""Threads per process: a step waits on the database most of its time."""


def serve_app(app: Flask, runtime: Runtime, host: str, port: int, workers: int = 1) -> None:
    """Serve until stopped (Ctrl-C, SIGTERM); with more than one worker, as gunicorn's preforked processes."""
    click.echo(f"Một Cửa is serving on http://{host}:{port} with {workers} worker process(es)")
    if workers == 1:
        serve(app, host=host, port=port, threads=THREADS)
        return
    try:
        from webapp.preforked import Preforked
    except ImportError as error:  # gunicorn is not installed where it does not run (Windows)
        raise click.ClickException("--workers needs gunicorn, which runs on Linux and other Unix systems") from error
    Preforked(app, runtime, bind=f"{host}:{port}", workers=workers, threads=THREADS).run()
