"""The optional attachment of a question: checked as every upload is (`engine.uploads`), at most 5 MB."""

from __future__ import annotations

from engine.errors import N_
from engine.uploads import CheckedFile, Upload, check_upload

FIELD = "attachment"
MAX_BYTES = 5 * 1024 * 1024


def check_attachment(upload: Upload) -> CheckedFile:
    """The attachment checked; a file that is not a clean PDF, JPEG or PNG is refused (`InvalidData`)."""
    return check_upload(upload, FIELD, N_("Tệp đính kèm"), max_bytes=MAX_BYTES)
