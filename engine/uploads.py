"""Uploaded files: PDF, JPEG or PNG, told by their content (never by their name), within a size limit."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from PIL import Image, UnidentifiedImageError
from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy.orm import Session

from engine.errors import InvalidData
from engine.models import StoredFile
from engine.storage import FileStore
from engine.text import nfc

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)

# media type -> (leading bytes, file name extensions that may carry it)
KINDS = {
    "application/pdf": (b"%PDF-", {".pdf"}),
    "image/png": (b"\x89PNG\r\n\x1a\n", {".png"}),
    "image/jpeg": (b"\xff\xd8\xff", {".jpg", ".jpeg"}),
}


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


def check_upload(upload: Upload, field: str, label: str) -> CheckedFile:
    """The file with its media type read from its content; refused when empty, too large, of another type, or
    when its name claims a type its content is not."""
    name = nfc(PurePath(upload.filename.replace("\\", "/")).name.strip())[:255]
    if not upload.content:
        raise InvalidData({field: f"{label}: chưa chọn tệp hoặc tệp rỗng."})
    if len(upload.content) > MAX_UPLOAD_BYTES:
        raise InvalidData({field: f"{label}: tệp «{name}» lớn hơn {MAX_UPLOAD_MB} MB."})
    media_type = sniff(upload.content)
    if media_type is None:
        raise InvalidData({field: f"{label}: tệp «{name}» không phải PDF, JPEG hoặc PNG hợp lệ."})
    extension = PurePath(name).suffix.lower()
    if extension not in KINDS[media_type][1]:
        raise InvalidData(
            {field: f"{label}: nội dung tệp «{name}» là {media_type.split('/')[1].upper()}, không khớp với tên tệp."}
        )
    return CheckedFile(name, upload.content, media_type)


def sniff(content: bytes) -> str | None:
    """The accepted media type the leading bytes announce, confirmed by actually opening the file; else None."""
    media_type = next((kind for kind, (magic, _ext) in KINDS.items() if content.startswith(magic)), None)
    if media_type == "application/pdf":
        return media_type if _opens_as_pdf(content) else None
    if media_type is not None:
        return media_type if _opens_as_image(content, media_type) else None
    return None


def _opens_as_pdf(content: bytes) -> bool:
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        return reader.root is not None and len(reader.root["/Pages"]) >= 0
    except Exception:  # a damaged upload may break the parser in any way: refused, never a 500
        return False


def _opens_as_image(content: bytes, media_type: str) -> bool:
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
            return Image.MIME.get(image.format or "") == media_type
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False


def keep(files: FileStore, session: Session, checked: CheckedFile, at: datetime) -> str:
    """Store the bytes by content hash (once) and make sure their stored-file row exists; returns the hash."""
    sha256 = files.put(checked.content)
    if session.get(StoredFile, sha256) is None:
        session.add(StoredFile(sha256=sha256, size=len(checked.content), media_type=checked.media_type, created_at=at))
        session.flush()
    return sha256
