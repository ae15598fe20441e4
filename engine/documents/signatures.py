"""PAdES signatures with pyHanko (chữ ký số): sign a PDF with a PKCS#12 and its PIN; verify signed PDFs, the
organisation's decisions and applicants' declarations alike, against one set of trusted authorities."""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from asn1crypto import cms, pem, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.attributes import CMSAttributeProvider, SigningCertificateV2Provider
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.general import as_signing_certificate_v2
from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from engine.errors import N_, InvalidData

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


class Verdict(StrEnum):
    """What a verifier says of one signature, in one word."""

    VALID = "valid"  # the signed bytes unchanged, nothing after them, from a trusted authority
    MODIFIED = "modified"  # the file changed after signing, or its signature is broken
    UNTRUSTED = "untrusted"  # intact, but the signer's certificate is not from a trusted authority (or not valid then)


@dataclass(frozen=True)
class SignatureReport:
    """One signature of a PDF as a verifier sees it."""

    signer: str  # the certificate's subject, in full
    signer_name: str  # its common name: the person who signed
    signed_at: datetime | None
    valid: bool  # the signature checks out over the bytes it signed
    whole_file: bool  # nothing was added to the file after signing
    trusted: bool  # the signer's certificate chains to a configured trust root, valid at the moment checked
    organisation: str = ""  # the certificate's organisation (O=)

    @property
    def intact(self) -> bool:
        return self.valid and self.whole_file

    @property
    def verdict(self) -> Verdict:
        if not self.intact:
            return Verdict.MODIFIED
        return Verdict.VALID if self.trusted else Verdict.UNTRUSTED

    @property
    def reason(self) -> str:
        """Why the verdict is what it is, in Vietnamese (marked for translation)."""
        if not self.valid:
            return N_("Nội dung tệp không còn khớp với chữ ký: tệp đã bị sửa sau khi ký, hoặc chữ ký số bị hỏng.")
        if not self.whole_file:
            return N_("Tệp đã được thêm nội dung sau khi ký; phần đã ký vẫn nguyên vẹn nhưng phần thêm không được ký.")
        if not self.trusted:
            return N_(
                "Chữ ký khớp nội dung, nhưng chứng thư số của người ký không do tổ chức được công nhận cấp "
                "hoặc không còn hiệu lực vào thời điểm kiểm tra."
            )
        return N_("Tệp không bị thay đổi sau khi ký; chứng thư số do tổ chức chứng thực tin cậy cấp.")


BROKEN = SignatureReport(signer="", signer_name="", signed_at=None, valid=False, whole_file=False, trusted=False)


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


# Threads kept for the process: starting one for every signature cost the sign step more than the hashing.
_LOOP_THREADS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="pyhanko")


def _isolated(coroutine: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> Any:
    """Run a pyHanko coroutine to its end: on a loop of its own in the caller's thread, or on a kept thread when the
    caller's thread already runs a loop (loops do not nest). Staying in the thread spares the sign step two thread
    wake-ups, which a busy machine stretched to milliseconds each."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _run_on_new_loop(coroutine(*args))
    return _LOOP_THREADS.submit(_run_on_new_loop, coroutine(*args)).result()


def _run_on_new_loop(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """asyncio.run without its SIGINT handler, which it would install and remove in the main thread at every call."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coroutine)
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()


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
    pdf: bytes | IncrementalPdfFileWriter,
    pkcs12_data: bytes,
    pin: str,
    *,
    at: datetime,
    signer_name: str,
    reason: str,
    location: str,
) -> bytes:
    """The PDF with one PAdES signature (B-B) made with the key of the PKCS#12 opened by `pin`; `pdf` may be a writer
    holding a change of its own (the register's mark), signed in the same revision."""
    try:
        signer = _signer(pkcs12_data, pin)
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
    writer = pdf if isinstance(pdf, IncrementalPdfFileWriter) else IncrementalPdfFileWriter(io.BytesIO(pdf))
    output = _isolated(_ClockedSigner(meta, signer, at).async_sign_pdf, writer, False, _room_for(signer))
    return output.getvalue()


@lru_cache(maxsize=64)
def _signer(pkcs12_data: bytes, pin: str) -> _KeptSigner:
    """The key and certificates of a PKCS#12, opened once per process for each file and PIN (opening one cost as much
    as the signature); a wrong PIN raises every time, as nothing is kept for it."""
    opened = signers.SimpleSigner.load_pkcs12_data(pkcs12_data, [], passphrase=pin.encode())
    return _KeptSigner(opened.signing_cert, opened.signing_key, opened.cert_registry)


class _KeptSigner(signers.SimpleSigner):
    """A SimpleSigner whose CMS parts that are the same in each of its signatures are kept as DER-parsed values.

    asn1crypto re-encodes a value built in Python at each read of its contents, and every level of a nested value
    reads its children twice: the signing-certificate attribute (five levels down in the signed attributes, ten in
    the signature container) was encoded some 600 times per signature, most of the signing's time. Parsed values
    keep their encoding, so the attribute is built once and the signer's info is reparsed before it is nested."""

    def _signed_attr_providers(self, *args: Any, **kwargs: Any) -> Any:
        for provider in super()._signed_attr_providers(*args, **kwargs):
            yield self._certificate_reference if isinstance(provider, SigningCertificateV2Provider) else provider

    @cached_property
    def _certificate_reference(self) -> CMSAttributeProvider:
        return _ParsedSigningCertificate(self.signing_cert)

    async def signed_attrs(self, *args: Any, **kwargs: Any) -> cms.CMSAttributes:
        return cms.CMSAttributes.load((await super().signed_attrs(*args, **kwargs)).dump())

    def signer_info(self, *args: Any, **kwargs: Any) -> cms.SignerInfo:
        return cms.SignerInfo.load(super().signer_info(*args, **kwargs).dump())


class _ParsedSigningCertificate(SigningCertificateV2Provider):
    """The signing-certificate-v2 attribute (ESS, RFC 5035) of one certificate, built once and kept parsed."""

    def __init__(self, certificate: asn1_x509.Certificate) -> None:
        super().__init__(certificate)
        self.value = tsp.SigningCertificateV2.load(as_signing_certificate_v2(certificate).dump())

    async def build_attr_value(self, dry_run: bool = False) -> tsp.SigningCertificateV2:
        return self.value


def _room_for(signer: _KeptSigner) -> int:
    """Hex digits reserved for the signature container: its certificates, the signature and its attributes, with
    room to spare; pyHanko would otherwise make a dummy signature first to measure it."""
    certificates = sum(len(certificate.dump()) for certificate in [signer.signing_cert, *signer.cert_registry])
    return 2 * (certificates + signer.signing_cert.public_key.bit_size // 8 + 4096)


def load_trust_roots(path: Path) -> list[asn1_x509.Certificate]:
    """The certificates in `path`: a PEM or DER file, or a folder of them (none when it does not exist yet)."""
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path] if path.is_file() else []
    roots = []
    for file in files:
        data = file.read_bytes()
        if not pem.detect(data):
            roots.append(asn1_x509.Certificate.load(data))
            continue
        for kind, _headers, der in pem.unarmor(data, multiple=True):
            if kind == "CERTIFICATE":
                roots.append(asn1_x509.Certificate.load(der))
    return roots


def verify_pdf(pdf: bytes, trust_roots: list[asn1_x509.Certificate], at: datetime) -> list[SignatureReport]:
    """Every signature of the PDF, checked at `at` against `trust_roots`; a file that is no PDF is refused."""
    try:
        embedded = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except Exception as error:  # a damaged upload may break the parser in any way: refused, never a 500
        raise InvalidData({"file": "Tệp không phải PDF đọc được."}) from error
    reports = []
    for signature in embedded:
        try:
            context = ValidationContext(trust_roots=trust_roots, allow_fetching=False, moment=at)
            status = _isolated(async_validate_pdf_signature, signature, context)
        except Exception:  # a signature container too damaged to read says nothing but "broken"
            reports.append(BROKEN)
            continue
        claimed = status.signer_reported_dt
        subject = status.signing_cert.subject
        reports.append(
            SignatureReport(
                signer=subject.human_friendly,
                signer_name=subject.native.get("common_name", ""),
                organisation=subject.native.get("organization_name", ""),
                signed_at=claimed.astimezone(UTC) if claimed else None,
                valid=bool(status.intact and status.valid),
                whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                trusted=bool(status.trusted),
            )
        )
    return reports


def verify_signed_pdf(content: bytes, roots: list[asn1_x509.Certificate], at: datetime, field: str, label: str) -> str:
    """The signer's name when the PDF's last signature is intact, over the whole file, from a certificate of a
    trusted authority valid at `at`; otherwise InvalidData on `field` saying what is wrong, in Vietnamese."""
    try:
        reports = verify_pdf(content, roots, at)
    except InvalidData:
        raise InvalidData({field: f"{label}: không đọc được tệp PDF."}) from None
    if not reports:
        raise InvalidData({field: f"{label}: tệp PDF chưa có chữ ký số."})
    report = reports[-1]
    if report.verdict is not Verdict.VALID:
        raise InvalidData({field: f"{label}: {report.reason}"})
    return report.signer_name
