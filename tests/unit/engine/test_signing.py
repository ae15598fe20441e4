"""Signing and verifying PDFs with pyHanko, without a database: PIN, trust, and callers that run an event loop."""

from __future__ import annotations

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.general import as_signing_certificate_v2

from engine.documents.demo_ca import CertificateAuthority
from engine.documents.signatures import read_pkcs12, sign_pdf, verify_pdf
from engine.errors import InvalidData
from reports.pdf import render_pdf

AT = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def authority() -> CertificateAuthority:
    return CertificateAuthority.create("CA thử nghiệm", AT)


def _root(authority: CertificateAuthority) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(authority.certificate.public_bytes(Encoding.DER))


def _signed(authority: CertificateAuthority) -> bytes:
    p12 = authority.issue_pkcs12("Vũ Thị Mai", "Sở Tài chính", "2468", AT)
    pdf = render_pdf("<p>Quyết định cấp phép</p>")
    return sign_pdf(pdf, p12, "2468", at=AT, signer_name="Vũ Thị Mai", reason="Ký ban hành", location="Thái An")


def test_a_signature_reports_its_signer_and_time(authority):
    [report] = verify_pdf(_signed(authority), [_root(authority)], AT)
    assert "Vũ Thị Mai" in report.signer and report.signed_at == AT
    assert report.intact and report.trusted


def test_without_the_root_the_signature_is_intact_but_not_trusted(authority):
    [report] = verify_pdf(_signed(authority), [], AT)
    assert report.intact and not report.trusted


def test_a_wrong_pin_opens_nothing(authority):
    p12 = authority.issue_pkcs12("Vũ Thị Mai", "Sở Tài chính", "2468", AT)
    with pytest.raises(InvalidData, match="PIN"):
        sign_pdf(render_pdf("<p>x</p>"), p12, "1357", at=AT, signer_name="x", reason="x", location="x")
    with pytest.raises(InvalidData, match="PIN"):
        read_pkcs12(p12, "1357")
    assert "Vũ Thị Mai" in read_pkcs12(p12, "2468").subject


def test_a_pdf_without_signatures_has_no_report_and_junk_is_refused(authority):
    assert verify_pdf(render_pdf("<p>x</p>"), [_root(authority)], AT) == []
    with pytest.raises(InvalidData):
        verify_pdf(b"%PDF-1.7 not really", [], AT)


def test_signing_works_where_an_event_loop_is_already_running(authority):
    async def inside_a_loop() -> bool:
        [report] = verify_pdf(_signed(authority), [_root(authority)], AT)
        return report.intact

    with ThreadPoolExecutor(max_workers=1) as pool:  # its own thread: this one may already run a loop
        assert pool.submit(asyncio.run, inside_a_loop()).result()


def test_the_kept_signing_certificate_attribute_is_the_one_pyhanko_builds(authority):
    [embedded] = PdfFileReader(io.BytesIO(_signed(authority))).embedded_signatures
    attributes = {attribute["type"].native: attribute["values"] for attribute in embedded.signer_info["signed_attrs"]}
    assert sorted(attributes) == ["content_type", "message_digest", "signing_certificate_v2"]
    [reference] = attributes["signing_certificate_v2"]
    assert reference.dump() == as_signing_certificate_v2(embedded.signer_cert).dump()
