"""Each official form, issued from a dossier's own data, stored with it, and readable as text in the PDF."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from engine.catalog.procedures import current_version
from engine.dossiers.requests import request_apology, request_stop
from engine.errors import StepNotAvailable
from engine.models import Agency, Channel, Dossier, IssuedDocument
from engine.uploads import Upload
from reports.documents import set_in_force
from reports.issuing import issue_document
from reports.register import register_pdf
from tests import sample_files
from tests.pdf_tools import pdf_info, pdf_pages, pdf_text

NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def _issue(desk, code: str, kind: str, by: str = "motcua.anhoa") -> str:
    text = pdf_text(_issued(desk, code, kind, by))
    assert all(phrase in text for phrase in NATIONAL) and code in text
    return text


def _issued(desk, code: str, kind: str, by: str = "motcua.anhoa") -> bytes:
    issued_id = issue_document(
        desk.runtime, desk.runtime.unit_of_work(), dossier_code=code, kind=kind, actor_id=desk.user_id(by)
    )
    with desk.runtime.unit_of_work() as uow:
        issued = uow.session.get(IssuedDocument, issued_id)
        assert issued.kind == kind and issued.document_set == "tt03-2025"
        pdf = desk.runtime.files.read(issued.file.sha256)
    assert "A4" in pdf_info(pdf)
    return pdf


def _received(desk) -> str:
    code = desk.submit(address="12 Lê Lợi, phường An Hòa", phone="0912345678")
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    return code


def test_the_receipt_and_appointment(desk):
    text = _issue(desk, _received(desk), "receipt")
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "ỦY BAN NHÂN DÂN PHƯỜNG AN HÒA" in text and "Trần Thị Bình" in text and "0912345678" in text
    assert "09 giờ 00 phút, ngày 23/11/2026" in text and "17 giờ 00 phút, ngày 23/11/2026" in text
    assert "Thái An, ngày 23 tháng 11 năm 2026" in text and "Đặng Thị Mai" in text


def test_the_receipt_lists_what_was_received_as_it_was_received(desk):
    """Field by field: the documents really received with their kind, the fees, how the result comes back, the
    header's names unbroken, the signature block on the page of its text."""
    documents = _document_ids(desk)
    code = desk.submit(
        address="12 Lê Lợi, phường An Hòa",
        phone="0912345678",
        files=[
            Upload("to-khai.pdf", sample_files.pdf("Tờ khai"), documents[0]),
            Upload("giay-chung-sinh.pdf", sample_files.pdf("Giấy chứng sinh"), documents[1]),
            Upload("giay-chung-sinh-trang-2.pdf", sample_files.pdf("Trang 2"), documents[1]),
        ],
    )
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    pdf = _issued(desk, code, "receipt")
    text, pages = pdf_text(pdf), pdf_pages(pdf)
    lines = [line for page in pages for line in page]
    assert "1 Tờ khai đăng ký khai sinh Bản chính: 1 1" in lines
    assert "2 Giấy chứng sinh; nếu không có thì văn bản của người làm Bản chính: 1 2" in lines  # two files
    assert "kỹ thuật hỗ trợ sinh sản" not in text and "Hộ chiếu" not in text  # not received, only shown
    assert "6. Đăng ký nhận kết quả tại: Ủy ban nhân dân phường An Hòa." in text
    assert "Phí, lệ phí: Lệ phí đăng ký khai sinh đúng hạn: 0 đồng; Lệ phí đăng ký khai sinh quá hạn: 8.000" in text
    assert "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert "TỈNH THÁI AN Độc lập - Tự do - Hạnh phúc" in lines  # the province's name on one line, never "THÁI / AN"
    signing_page = next(page for page in pages if any("NGƯỜI TIẾP NHẬN HỒ SƠ" in line for line in page))
    assert signing_page[0].startswith("Phí, lệ phí") or signing_page is pages[0]  # never alone on a page


def _document_ids(desk) -> list[int]:
    with desk.runtime.unit_of_work() as uow:
        version = current_version(uow.session, "birth_registration", desk.clock.now().date())
        return [document.id for document in version.documents]


def test_the_supplementation_request_names_what_is_missing(desk):
    code = desk.submit()
    with desk.runtime.unit_of_work() as uow:
        first = uow.session.scalar(select(Dossier).where(Dossier.code == code)).procedure_version.documents[0]
        first_id, first_name = first.id, first.name
    desk.complete(
        code,
        "check_completeness",
        "motcua.anhoa",
        decision="incomplete",
        missing_documents=[first_id],
        supplement_note="Tờ khai thiếu chữ ký của người yêu cầu",
    )
    text = _issue(desk, code, "supplement_request")
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert first_name in text and "Tờ khai thiếu chữ ký của người yêu cầu" in text


def test_the_refusal_gives_the_reason(desk):
    code = desk.submit()
    reason = "Người yêu cầu không thuộc diện đăng ký tại phường"
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="ineligible", refusal_reason=reason)
    text = _issue(desk, code, "refusal")
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and reason in text


def _company(desk) -> str:
    code = desk.submit(procedure="company_registration_llc1", unit="000.00.01.H99", by="anphat", channel=Channel.ONLINE)
    desk.complete(code, "check_completeness", "motcua.ttpv", decision="complete")
    desk.complete(code, "hand_over", "motcua.ttpv")
    return code


def test_the_apology_asks_to_extend_under_circular_03(desk):
    code = _company(desk)
    request_apology(
        desk.runtime,
        desk.runtime.unit_of_work(),
        dossier_code=code,
        actor_id=desk.user_id("chuyenvien.stc"),
        expected_version=desk.dossier(code).version,
        reason="Chờ xác minh của cơ quan thuế",
        new_due=datetime.fromisoformat("2026-12-02T17:00+07:00"),
    )
    desk.complete(code, "approve_apology", "lanhdao.stc", decision="approve")
    text = _issue(desk, code, "apology", by="lanhdao.stc")
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text and "SỞ TÀI CHÍNH" in text
    assert "Chờ xác minh của cơ quan thuế" in text and "17 giờ 00 phút, ngày 02/12/2026" in text


def test_the_stop_notice(desk):
    code = _company(desk)
    request_stop(
        desk.runtime,
        desk.runtime.unit_of_work(),
        dossier_code=code,
        actor_id=desk.user_id("chuyenvien.stc"),
        expected_version=desk.dossier(code).version,
        reason="Doanh nghiệp đề nghị tạm dừng",
    )
    desk.complete(code, "approve_stop", "lanhdao.stc", decision="approve")
    text = _issue(desk, code, "stop_notice", by="lanhdao.stc")
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text and "Doanh nghiệp đề nghị tạm dừng" in text


def test_the_control_sheet_lists_each_handover_with_its_verdict(desk):
    code = _received(desk)
    desk.clock.advance(timedelta(hours=6))  # Monday 15:00: after the 14:30 handover deadline
    desk.complete(code, "hand_over", "motcua.anhoa")
    text = _issue(desk, code, "control_sheet")
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Người giao: Đặng Thị Mai" in text and "Quá hạn" in text and "Đúng hạn" in text
    assert "Phòng Văn hóa - Xã hội" in text


def test_a_form_the_dossier_has_not_reached_is_refused(desk):
    code = desk.submit()
    with pytest.raises(StepNotAvailable):
        _issue(desk, code, "receipt")


def test_the_register_of_a_unit_for_a_period(desk):
    first, second = _received(desk), _received(desk)
    with desk.runtime.unit_of_work() as uow:
        ward = uow.session.scalar(select(Agency).where(Agency.code == "000.01.10.H99"))
        pdf = register_pdf(
            uow.session, ward, date(2026, 11, 1), date(2026, 11, 30), at=desk.clock.now(), tz=desk.runtime.tz
        )
    text = pdf_text(pdf)
    assert "SỔ THEO DÕI HỒ SƠ" in text and first in text and second in text and "Mẫu số 07" in text


def test_a_dossier_keeps_the_forms_of_the_day_it_was_received():
    assert set_in_force(date(2025, 6, 30)).key == "tt01-2018"
    assert set_in_force(date(2025, 7, 1)).key == "tt03-2025"
    old = set_in_force(date(2024, 1, 2))
    assert old.spec("apology").title == "Phiếu xin lỗi và hẹn lại ngày trả kết quả" and old.spec("stop_notice") is None
