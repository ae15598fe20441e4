"""Uploaded images opened safely: the size read from the header before any pixel is decoded, then decoded whole
(JPEG at an eighth of its size, PNG chunk by chunk) so that a cut or damaged file is told apart from a good one."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from engine.errors import N_, Phrase

MAX_PIXELS = 40_000_000  # an A4 page scanned at 600 dpi is 35 million pixels
MAX_SIDE = 20_000

UNREADABLE = N_("không phải PDF, JPEG hoặc PNG hợp lệ.")
TOO_LARGE = N_(
    "là ảnh quá lớn{size}: ảnh được nhận tối đa {most} triệu điểm ảnh, mỗi chiều tối đa {side} điểm ảnh; "
    "hãy quét lại ở độ phân giải 200–300 dpi."
)
DAMAGED = N_("là ảnh bị hỏng hoặc tải lên chưa hết; hãy chọn lại tệp.")


def image_problem(content: bytes, media_type: str) -> str | None:
    """Why this PNG or JPEG is refused (in Vietnamese), or None when it opens whole at a sane size."""
    try:
        with Image.open(io.BytesIO(content), formats=[_FORMATS[media_type]]) as image:
            width, height = image.size
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                return _too_large(f" ({width}×{height} điểm ảnh)")
            if media_type == "image/png":
                image.verify()  # every chunk present with its checksum, without decoding the pixels
            else:
                image.draft("RGB", (max(width // 8, 1), max(height // 8, 1)))
                image.load()
                if not _ends_after_last_scan(content):
                    return DAMAGED
    except Image.DecompressionBombError:  # PIL's own limit, far above ours, refuses before reading the size out
        return _too_large("")
    except UnidentifiedImageError:
        return UNREADABLE
    except (OSError, SyntaxError, ValueError, EOFError):
        return DAMAGED
    return None


_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}


def _ends_after_last_scan(jpeg: bytes) -> bool:
    """The end-of-image marker follows the last scan: the file was not cut. PIL cannot tell once WeasyPrint has set
    its process-wide LOAD_TRUNCATED_IMAGES; the markers cannot occur inside compressed data (0xFF is escaped)."""
    return jpeg.rfind(b"\xff\xd9") > jpeg.rfind(b"\xff\xda")


def _too_large(size: str) -> str:
    return Phrase.of(TOO_LARGE, size=size, most=MAX_PIXELS // 1_000_000, side=MAX_SIDE)
