"""PAdES signatures with pyHanko: sign a PDF with a PKCS#12 and its PIN, and verify a signed PDF."""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from engine.errors import InvalidData

# pyHanko logs every untrusted chain and every later revision with a traceback; the report says it plainly.
logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class CertificateInfo:
    """What a PKCS#12 holds, read with its password: the signer's certificate and its fingerprint."""

    subject: str
    issuer: str
    serial: str
    sha256: str
    not_before: datetime
    not_after: datetime


@dataclass(frozen=True)
class SignatureReport:
    """One signature of a PDF as a verifier sees it."""

    signer: str
    signed_at: datetime | None
    intact: bool  # the signed bytes are unchanged and nothing was added after signing
    trusted: bool  # the signer's certificate chains to a configured trust root


def read_pkcs12(data: bytes, pin: str) -> CertificateInfo:
    """The certificate inside a PKCS#12; a wrong password or a broken file is refused with a clear message."""
    try:
        key, certificate, _chain = pkcs12.load_key_and_certificates(data, pin.encode())
    except ValueError as error:
        raise InvalidData({"pin": "Mã PIN / mật khẩu chứng thư số không đúng, hoặc tệp không phải PKCS#12."}) from error
    if certificate is None or key is None:
        raise InvalidData({"pkcs12": "Tệp PKCS#12 không chứa khóa bí mật và chứng thư số."})
    return CertificateInfo(
        subject=certificate.subject.rfc4514_string(),
        issuer=certificate.issuer.rfc4514_string(),
        serial=format(certificate.serial_number, "x"),
        sha256=hashlib.sha256(certificate.public_bytes(Encoding.DER)).hexdigest(),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
    )


def _isolated(coroutine: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> Any:
    """Run a pyHanko coroutine on a loop in a thread of its own: the caller's thread may have a loop running."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine(*args)).result()


class _ClockedSigner(signers.PdfSigner):
    """A PdfSigner whose signing time is the injected clock's moment, not the machine's."""

    def __init__(self, meta: signers.PdfSignatureMetadata, signer: signers.Signer, at: datetime) -> None:
        super().__init__(meta, signer=signer)
        self.at = at

    def init_signing_session(self, pdf_out: IncrementalPdfFileWriter, existing_fields_only: bool = False) -> Any:
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self.at
        return session


def sign_pdf(
    pdf: bytes, pkcs12_data: bytes, pin: str, *, at: datetime, signer_name: str, reason: str, location: str
) -> bytes:
    """The PDF with one PAdES signature (B-B) made with the key of the PKCS#12 opened by `pin`."""
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(pkcs12_data, [], passphrase=pin.encode())
    except ValueError as error:
        raise InvalidData({"pin": "Mã PIN / mật khẩu chữ ký số không đúng."}) from error
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKyLanhDao",
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        name=signer_name,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    output = _isolated(_ClockedSigner(meta, signer, at).async_sign_pdf, writer)
    return output.getvalue()


def load_trust_roots(path: Path) -> list[asn1_x509.Certificate]:
    """The certificates of a PEM file (none when the file does not exist yet)."""
    if not path.is_file():
        return []
    return [asn1_x509.Certificate.load(der) for _type, _headers, der in pem.unarmor(path.read_bytes(), multiple=True)]


def verify_pdf(pdf: bytes, trust_roots: list[asn1_x509.Certificate], at: datetime) -> list[SignatureReport]:
    """Every signature of the PDF, checked at `at` against `trust_roots`; a file that is no PDF is refused."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, IndexError) as error:
        raise InvalidData({"file": "Tệp không phải PDF đọc được."}) from error
    reports = []
    for signature in embedded:
        try:
            context = ValidationContext(trust_roots=trust_roots, moment=at)
            status = _isolated(async_validate_pdf_signature, signature, context)
        except ValueError:  # a signature container too damaged to read says nothing but "broken"
            reports.append(SignatureReport(signer="", signed_at=None, intact=False, trusted=False))
            continue
        claimed = status.signer_reported_dt
        reports.append(
            SignatureReport(
                signer=status.signing_cert.subject.human_friendly,
                signed_at=claimed.astimezone(UTC) if claimed else None,
                intact=status.intact and status.valid and status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                trusted=bool(status.trusted),
            )
        )
    return reports
