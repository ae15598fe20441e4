"""Digital signatures on uploaded PDFs (chữ ký số), verified with pyHanko against the configured trust roots."""

from __future__ import annotations

import io
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from engine.errors import InvalidData


def trust_roots(folder: Path) -> list[x509.Certificate]:
    """The certificates (PEM or DER) of the signature authorities trusted here: one file each in `folder`."""
    roots = []
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        data = path.read_bytes()
        if pem.detect(data):
            _kind, _headers, data = pem.unarmor(data)
        roots.append(x509.Certificate.load(data))
    return roots


def verify_signed_pdf(content: bytes, roots: Iterable[x509.Certificate], at: datetime, field: str, label: str) -> str:
    """The signer's name when the PDF carries an intact signature over the whole file, from a certificate of a
    trusted authority valid at `at`; otherwise InvalidData saying what is wrong, in Vietnamese."""
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # a damaged upload may break the parser in any way: refused, never a 500
        raise InvalidData({field: f"{label}: không đọc được tệp PDF."}) from None
    if not signatures:
        raise InvalidData({field: f"{label}: tệp PDF chưa có chữ ký số."})
    context = ValidationContext(trust_roots=list(roots), allow_fetching=False, moment=at)
    signature = signatures[-1]
    try:
        # pyHanko runs an event loop of its own: a worker thread keeps it apart from any loop the caller runs.
        with ThreadPoolExecutor(max_workers=1) as worker:
            status = worker.submit(validate_pdf_signature, signature, context).result()
    except SignatureValidationError as error:
        raise InvalidData({field: f"{label}: không kiểm tra được chữ ký số ({error})."}) from None
    except Exception:  # a damaged upload may break the parser in any way: refused, never a 500
        raise InvalidData({field: f"{label}: chữ ký số không hợp lệ hoặc tệp đã bị sửa sau khi ký."}) from None
    if not (status.intact and status.valid):
        raise InvalidData({field: f"{label}: chữ ký số không hợp lệ hoặc tệp đã bị sửa sau khi ký."})
    if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
        raise InvalidData({field: f"{label}: tệp đã được thêm nội dung sau khi ký."})
    if not status.trusted:
        raise InvalidData({field: f"{label}: chứng thư số của người ký không do tổ chức được công nhận cấp."})
    return status.signing_cert.subject.native.get("common_name", "")
