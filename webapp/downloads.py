"""Stored files sent to the browser. What people uploaded always leaves as an attachment that the browser may neither
sniff nor run as a page (nosniff, a sandboxing policy); only documents the system drew itself are shown inline."""

from __future__ import annotations

from io import BytesIO

from flask import Response, send_file

from engine.uploads import safe_filename

UPLOADED_POLICY = "sandbox; default-src 'none'"


def uploaded_file(content: bytes, media_type: str, filename: str) -> Response:
    """A file someone uploaded (a scan, a question's attachment): downloaded under its own name, never shown inline,
    so that a file that slipped past the checks still cannot run inside this site's origin."""
    response = _sent(content, media_type, filename, attachment=True)
    response.headers["Content-Security-Policy"] = UPLOADED_POLICY
    return response


def system_pdf(content: bytes, filename: str, *, inline: bool = True) -> Response:
    """A PDF the system drew itself (receipt, notice, signed result): shown in the browser's own viewer unless asked
    for as a download. Never for an uploaded file: those go through `uploaded_file`."""
    return _sent(content, "application/pdf", filename, attachment=not inline)


def _sent(content: bytes, media_type: str, filename: str, *, attachment: bool) -> Response:
    # send_file writes a Vietnamese name as RFC 5987 `filename*` with an ASCII `filename` beside it
    response = send_file(
        BytesIO(content),
        mimetype=media_type,
        as_attachment=attachment,
        download_name=safe_filename(filename),
        etag=False,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
