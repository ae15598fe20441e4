"""The sign step numbers the result shown, signs it with the leader's own certificate and attaches it in one step."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from sqlalchemy import select

from engine.documents.certificates import upload_certificate
from engine.documents.demo_ca import DEMO_PIN, CertificateAuthority
from engine.documents.signatures import load_trust_roots, verify_pdf
from engine.errors import InvalidData
from engine.models import DossierFile, Event, FilePurpose, IssuedDocument, WorkflowInstance
from tests.pdf_tools import pdf_text


def _to_sign(desk) -> str:
    code = desk.submit()
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    desk.complete(code, "review", "chuyenvien.anhoa", proposal="result", draft_summary="Cấp Giấy khai sinh bản chính")
    desk.complete(code, "department_approval", "truongphong.anhoa", decision="approve")
    return code


def _signed_pdf(desk, code) -> bytes:
    with desk.runtime.unit_of_work() as uow:
        issued = uow.session.scalar(select(IssuedDocument).where(IssuedDocument.kind == "decision"))
        assert issued.file.purpose is FilePurpose.RESULT and issued.file.dossier.code == code
        return desk.runtime.files.read(issued.file.sha256)


def _verify(desk, pdf: bytes):
    roots = load_trust_roots(desk.runtime.settings.trust_roots)
    return verify_pdf(pdf, roots, desk.clock.now())


def test_the_signed_decision_is_attached_intact_and_trusted(desk):
    code = _to_sign(desk)
    desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    pdf = _signed_pdf(desk, code)
    text = pdf_text(pdf)
    assert "GIẤY KHAI SINH" in text and "Cấp cho: Trần Thị Bình" in text and "Số: 1/KS-UBND" in text
    [report] = _verify(desk, pdf)
    assert "Lê Công Thành" in report.signer
    assert report.signed_at == desk.clock.now()
    assert report.intact and report.trusted


def test_the_pin_is_kept_nowhere(desk):
    code = _to_sign(desk)
    desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    with desk.runtime.unit_of_work() as uow:
        events = uow.session.scalars(select(Event.after).where(Event.dossier_code == code))
        states = uow.session.scalars(select(WorkflowInstance.state))
        assert not any(after and "pin" in after for after in events)
        assert not any(DEMO_PIN in state for state in states)


def test_a_wrong_pin_is_refused_and_nothing_is_written(desk):
    code = _to_sign(desk)
    version = desk.dossier(code).version
    with pytest.raises(InvalidData, match="PIN"):
        desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin="000000")
    assert desk.dossier(code).version == version
    assert [t.task_name for t in desk.open_tasks(code)] == ["sign"]
    with desk.runtime.unit_of_work() as uow:
        assert uow.session.scalar(select(DossierFile.id)) is None
        assert uow.session.scalar(select(IssuedDocument.id)) is None


def test_signing_needs_the_pin(desk):
    code = _to_sign(desk)
    with pytest.raises(InvalidData) as refused:
        desk.complete(code, "sign", "lanhdao.anhoa", decision="sign")
    assert "pin" in refused.value.errors


def test_a_change_after_signing_shows(desk):
    code = _to_sign(desk)
    desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    writer = IncrementalPdfFileWriter(io.BytesIO(_signed_pdf(desk, code)))
    writer.root["/Lang"] = generic.TextStringObject("en")
    writer.update_root()
    changed = io.BytesIO()
    writer.write(changed)
    [report] = _verify(desk, changed.getvalue())
    assert not report.intact and report.trusted


def test_a_certificate_from_another_authority_is_not_trusted(desk):
    stranger = CertificateAuthority.create("Tổ chức chứng thực lạ", desk.clock.now() - timedelta(days=2))
    p12 = stranger.issue_pkcs12("Lê Công Thành", "Giả mạo", "999999", desk.clock.now())
    upload_certificate(
        desk.runtime,
        desk.runtime.unit_of_work(),
        actor_id=desk.user_id("quantri"),
        username="lanhdao.anhoa",
        pkcs12_data=p12,
        pin="999999",
    )
    code = _to_sign(desk)
    desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin="999999")
    [report] = _verify(desk, _signed_pdf(desk, code))
    assert report.intact and not report.trusted


def test_a_damaged_signature_is_reported_broken_not_an_error(desk):
    code = _to_sign(desk)
    desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    pdf = bytearray(_signed_pdf(desk, code))
    at = pdf.index(b"/Contents <") + len(b"/Contents <") + 1200
    pdf[at] = ord("1") if pdf[at] == ord("0") else ord("0")
    [report] = _verify(desk, bytes(pdf))
    assert not report.intact and not report.trusted
