"""Digital signatures on an applicant's declaration: intact, whole file, trusted authority, valid at the moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from engine.documents.signatures import Verdict, load_trust_roots, verify_pdf, verify_signed_pdf
from engine.errors import InvalidData
from tests import sample_files

AT = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def authority():
    return sample_files.authority(AT, "Trần Thị Bình")


@pytest.fixture
def roots(authority, tmp_path):
    authority.install(tmp_path)
    return load_trust_roots(tmp_path / "signature-roots")


def _refusal(content, roots, at=AT) -> str:
    with pytest.raises(InvalidData) as refused:
        verify_signed_pdf(content, roots, at, "signed", "Tờ khai")
    return refused.value.errors["signed"]


def test_a_signature_from_a_trusted_authority_names_the_signer(authority, roots):
    assert verify_signed_pdf(authority.sign(sample_files.pdf()), roots, AT, "signed", "Tờ khai") == "Trần Thị Bình"


def test_no_trust_roots_folder_means_nothing_is_trusted(authority, tmp_path):
    assert load_trust_roots(tmp_path / "missing") == []
    assert "không do tổ chức được công nhận cấp" in _refusal(authority.sign(sample_files.pdf()), [])


def test_content_added_after_signing_is_refused(authority, roots):
    signed = authority.sign(sample_files.pdf())
    assert "thêm nội dung sau khi ký" in _refusal(signed + b"\n% appended\n", roots)


def test_a_certificate_outside_its_validity_is_refused(authority, roots):
    assert "không do tổ chức được công nhận cấp" in _refusal(
        authority.sign(sample_files.pdf()), roots, AT + timedelta(days=400)
    )


def test_garbage_and_unsigned_files_are_refused(roots):
    assert "không đọc được tệp PDF" in _refusal(b"%PDF-1.7 nothing", roots)
    assert "chưa có chữ ký số" in _refusal(sample_files.pdf(), roots)


def test_trust_roots_are_read_from_a_bundle_file_or_a_folder_of_pem_and_der_files(tmp_path):
    first, second = (sample_files.authority(AT, name) for name in ("Một", "Hai"))
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(first.root_pem + second.root_pem)
    assert len(load_trust_roots(bundle)) == 2
    folder = tmp_path / "roots"
    folder.mkdir()
    (folder / "a.pem").write_bytes(first.root_pem + b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
    (folder / "b.der").write_bytes(load_trust_roots(bundle)[1].dump())
    assert [r.serial_number for r in load_trust_roots(folder)] == [r.serial_number for r in load_trust_roots(bundle)]


def test_each_signature_gets_one_verdict_with_its_reason(authority, roots):
    signed = authority.sign(sample_files.pdf())
    [valid] = verify_pdf(signed, roots, AT)
    assert (valid.verdict, valid.signer_name) == (Verdict.VALID, "Trần Thị Bình")
    [untrusted] = verify_pdf(signed, [], AT)
    assert untrusted.verdict is Verdict.UNTRUSTED and "không do tổ chức được công nhận cấp" in untrusted.reason
    [appended] = verify_pdf(signed + b"\n% appended\n", roots, AT)
    assert appended.verdict is Verdict.MODIFIED and "thêm nội dung" in appended.reason
    changed = signed[:12] + bytes([signed[12] ^ 1]) + signed[13:]  # a byte of the header's comment: signed too
    assert [report.verdict for report in verify_pdf(changed, roots, AT)] == [Verdict.MODIFIED]
