"""Uploaded files (tệp tải lên): PDF, JPEG or PNG, told by their content and their name alike, opened safely and
refused with the reason when they could harm whoever opens them. Every upload path checks here, before writing."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from sqlalchemy.orm import Session

from engine.errors import N_, InvalidData, Phrase
from engine.storage import FileStore
from engine.stored_files import keep_bytes
from engine.text import nfc
from engine.uploads.images import image_problem
from engine.uploads.pdfs import pdf_problem

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)

# media type -> (leading bytes, file name extensions that may carry it)
KINDS = {
    "application/pdf": (b"%PDF-", {".pdf"}),
    "image/png": (b"\x89PNG\r\n\x1a\n", {".png"}),
    "image/jpeg": (b"\xff\xd8\xff", {".jpg", ".jpeg"}),
}

EMPTY = N_("{label}: chưa chọn tệp hoặc tệp rỗng.")
TOO_LARGE = N_("{label}: tệp «{name}» lớn hơn {mb} MB.")
NOT_ACCEPTED = N_("{label}: tệp «{name}» không phải PDF, JPEG hoặc PNG hợp lệ.")
NAME_MISMATCH = N_("{label}: nội dung tệp «{name}» là {kind}, không khớp với tên tệp.")
REFUSED = N_("{label}: tệp «{name}» {problem}")


@dataclass(frozen=True)
class Upload:
    """One file as it arrived: the name the sender's device gave it, its bytes, and the procedure's document it
    stands for (when it stands for one)."""

    filename: str
    content: bytes
    document_id: int | None = None


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content: bytes
    media_type: str
    document_id: int | None = None


def check_upload(upload: Upload, field: str, label: str, max_bytes: int = MAX_UPLOAD_BYTES) -> CheckedFile:
    """The file with its media type read from its content; refused (`InvalidData` under `field`, naming the file)
    when empty, too large, of another type than its name says, broken, an image too large to open, or a PDF with
    content that runs by itself."""
    name = safe_filename(upload.filename)
    if not upload.content:
        raise InvalidData({field: Phrase.of(EMPTY, label=label)})
    if len(upload.content) > max_bytes:
        raise InvalidData({field: Phrase.of(TOO_LARGE, label=label, name=name, mb=max_bytes // (1024 * 1024))})
    media_type = next((kind for kind, (magic, _ext) in KINDS.items() if upload.content.startswith(magic)), None)
    if media_type is None:
        raise InvalidData({field: Phrase.of(NOT_ACCEPTED, label=label, name=name)})
    if PurePath(name).suffix.lower() not in KINDS[media_type][1]:
        kind = media_type.split("/")[1].upper()
        raise InvalidData({field: Phrase.of(NAME_MISMATCH, label=label, name=name, kind=kind)})
    if media_type == "application/pdf":
        problem = pdf_problem(upload.content)
    else:
        problem = image_problem(upload.content, media_type)
    if problem is not None:
        raise InvalidData({field: Phrase.of(REFUSED, label=label, name=name, problem=problem)})
    return CheckedFile(name, upload.content, media_type, upload.document_id)


def safe_filename(filename: str) -> str:
    """The file's own name without any folder or control character, in NFC, as shown and offered on download."""
    base = PurePath(filename.replace("\\", "/")).name
    name = "".join(c for c in nfc(base) if unicodedata.category(c) not in {"Cc", "Cf", "Zl", "Zp"}).strip()
    return name[:255] or "tep"


def keep(files: FileStore, session: Session, checked: CheckedFile, at: datetime) -> str:
    """Store the bytes by content hash (once) and make sure their stored-file row exists; returns the hash."""
    return keep_bytes(session, files, checked.content, checked.media_type, at)
