"""Every form of Circular 03/2025/TT-VPCP (Appendix I, Mẫu số 01-07), issued for a dossier built through the real
services, carries its prescribed fields with the dossier's own values, read field by field from the PDF's text."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from engine.catalog.procedures import current_version
from engine.dossiers.requests import request_apology, request_stop
from engine.models import Agency, Channel, IssuedDocument, User
from engine.uploads import Upload
from reports.issuing import issue_document
from reports.pdf import page_count
from reports.register import register_pdf
from tests import sample_files
from tests.pdf_tools import pdf_pages, pdf_text

WARD_HEADER = ["ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH THÁI AN Độc lập - Tự do - Hạnh phúc"]


def _issue(desk, code: str, kind: str, by: str) -> bytes:
    issued_id = issue_document(
        desk.runtime, desk.runtime.unit_of_work(), dossier_code=code, kind=kind, actor_id=desk.user_id(by)
    )
    with desk.runtime.unit_of_work() as uow:
        return desk.runtime.files.read(uow.session.get(IssuedDocument, issued_id).file.sha256)


def _lines(pdf: bytes) -> list[str]:
    return [line for page in pdf_pages(pdf) for line in page]


def _page_of(pages: list[list[str]], phrase: str) -> int:
    return next(index for index, page in enumerate(pages) if any(phrase in line for line in page))


def _signed_on_the_page_of(pdf: bytes, last_text: str, signature: str) -> None:
    """The signature block is on the page of the text it signs, never alone on the next."""
    pages = pdf_pages(pdf)
    assert _page_of(pages, signature) == _page_of(pages, last_text)


def _header(lines: list[str], form: str, place_date: str, title: str, code: str) -> None:
    assert lines[0] == f"Mẫu số {form} — Thông tư số 03/2025/TT-VPCP"
    assert lines[1:3] == WARD_HEADER  # the province above the motto's two lines, side by side
    assert place_date in lines
    assert title in lines and f"Mã hồ sơ: {code}" in lines


def _name(desk, username: str) -> str:
    with desk.runtime.unit_of_work() as uow:
        return uow.session.scalar(select(User.full_name).where(User.username == username))


def _document_ids(desk) -> list[int]:
    with desk.runtime.unit_of_work() as uow:
        version = current_version(uow.session, "birth_registration", desk.clock.now().date())
        return [document.id for document in version.documents]


def _receive(desk, **applicant) -> str:
    code = desk.submit(**applicant)
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    return code


def test_mau_01_receipt(desk):
    _receive(desk)  # the ward's first entry of the year: ours is the second
    documents = _document_ids(desk)
    code = _receive(
        desk,
        id_number="001099012345",
        address="12 Lê Lợi, phường An Hòa",
        phone="0912345678",
        files=[
            Upload("to-khai.pdf", sample_files.pdf("Tờ khai"), documents[0]),
            Upload("giay-chung-sinh.pdf", sample_files.pdf("Giấy chứng sinh"), documents[1]),
            Upload("giay-chung-sinh-2.pdf", sample_files.pdf("Trang 2"), documents[1]),
        ],
    )
    desk.clock.advance(timedelta(days=1))  # printed again the next day: the date line is the day of issue
    pdf = _issue(desk, code, "receipt", by="chuyenvien.anhoa")
    lines = _lines(pdf)
    _header(lines, "01", "Thái An, ngày 24 tháng 11 năm 2026", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", code)
    assert "Bộ phận tiếp nhận và trả kết quả Ủy ban nhân dân phường An Hòa tiếp nhận hồ sơ của:" in pdf_text(pdf)
    # Each label with its value on one line: the label column is as wide as its longest label.
    for line in (
        "Ông/Bà/Tổ chức: Trần Thị Bình",
        "Số định danh / CCCD / MST: 001099012345",
        "Địa chỉ: 12 Lê Lợi, phường An Hòa",
        "Số điện thoại: 0912345678; thư điện tử: binh@example.vn",
        "Nội dung yêu cầu giải quyết: Thủ tục đăng ký khai sinh",
        "1 Tờ khai đăng ký khai sinh Bản chính: 1 1",
        "2. Số lượng hồ sơ: 01 (bộ). Hình thức nộp: trực tiếp.",
        "4. Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 23/11/2026.",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 23/11/2026.",
        "6. Đăng ký nhận kết quả tại: Ủy ban nhân dân phường An Hòa.",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 2026, Số thứ tự: 2.",
        "NGƯỜI NỘP HỒ SƠ NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Trần Thị Bình Đặng Thị Mai",  # the clerk who received it, whoever prints it again
    ):
        assert line in lines, line
    assert "2 Giấy chứng sinh; nếu không có thì văn bản của người làm Bản chính: 1 2" in lines  # two files
    assert any(line.startswith("3. Thời gian giải quyết hồ sơ theo quy định là: ") for line in lines)
    text = pdf_text(pdf)
    assert "7. Phí, lệ phí: Lệ phí đăng ký khai sinh đúng hạn: 0 đồng; Lệ phí đăng ký khai sinh quá hạn: 8.000" in text
    assert "Ghi chú: - Giấy tiếp nhận hồ sơ và hẹn trả kết quả lập thành 02 liên" in text
    assert f"lookup? code={code}" in text or f"lookup?code={code}" in text
    _signed_on_the_page_of(pdf, "Vào Sổ theo dõi hồ sơ", "NGƯỜI TIẾP NHẬN HỒ SƠ")
    assert page_count(pdf) == 1  # header to footnotes on one A4 page


def test_mau_02_supplementation_request(desk):
    code = desk.submit(address="12 Lê Lợi, phường An Hòa", phone="0912345678")
    documents = _document_ids(desk)
    desk.clock.advance(timedelta(minutes=20))
    desk.complete(
        code,
        "check_completeness",
        "motcua.anhoa",
        decision="incomplete",
        missing_documents=[documents[0], documents[1]],
        supplement_note="Tờ khai thiếu chữ ký; giấy chứng sinh là bản chụp mờ",
    )
    pdf = _issue(desk, code, "supplement_request", by="chuyenvien.anhoa")
    lines, text = _lines(pdf), pdf_text(pdf)
    _header(lines, "02", "Thái An, ngày 23 tháng 11 năm 2026", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", code)
    assert "Ông/Bà/Tổ chức: Trần Thị Bình" in lines and "Địa chỉ: 12 Lê Lợi, phường An Hòa" in lines
    assert "Nội dung yêu cầu giải quyết: Thủ tục đăng ký khai sinh" in lines
    assert "1 Tờ khai đăng ký khai sinh" in lines and "2 Giấy chứng sinh; nếu không có thì văn bản" in text
    assert "Lý do: Tờ khai thiếu chữ ký; giấy chứng sinh là bản chụp mờ" in lines
    assert "Thời gian yêu cầu: 09 giờ 20 phút, ngày 23/11/2026." in lines
    mai = _name(desk, "motcua.anhoa")
    assert f"liên hệ với {mai}, Ủy ban nhân dân phường An Hòa" in text
    assert "NGƯỜI HƯỚNG DẪN" in lines and mai in lines  # the clerk who asked, not who printed it
    assert "NGƯỜI NỘP HỒ SƠ" not in text and _name(desk, "chuyenvien.anhoa") not in text
    _signed_on_the_page_of(pdf, "Lý do:", "NGƯỜI HƯỚNG DẪN")


def test_mau_03_refusal(desk):
    code = desk.submit(address="7 Hai Bà Trưng, phường An Hòa")
    desk.clock.advance(timedelta(minutes=45))
    reason = "Người yêu cầu không thuộc diện đăng ký tại phường"
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="ineligible", refusal_reason=reason)
    pdf = _issue(desk, code, "refusal", by="chuyenvien.anhoa")
    lines, text = _lines(pdf), pdf_text(pdf)
    _header(lines, "03", "Thái An, ngày 23 tháng 11 năm 2026", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", code)
    assert "Ông/Bà/Tổ chức: Trần Thị Bình" in lines and "Địa chỉ: 7 Hai Bà Trưng, phường An Hòa" in lines
    assert "từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau: " + reason in text
    assert "Thời gian từ chối: 09 giờ 45 phút, ngày 23/11/2026." in lines
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in lines and _name(desk, "motcua.anhoa") in lines
    assert "NGƯỜI NỘP HỒ SƠ" not in text
    _signed_on_the_page_of(pdf, "Xin thông báo", "NGƯỜI TIẾP NHẬN HỒ SƠ")


def _company(desk) -> str:
    code = desk.submit(procedure="company_registration_llc1", unit="000.00.01.H99", by="anphat", channel=Channel.ONLINE)
    desk.complete(code, "check_completeness", "motcua.ttpv", decision="complete")
    desk.complete(code, "hand_over", "motcua.ttpv")
    return code


def _local(moment: datetime, desk) -> str:
    local = moment.astimezone(desk.runtime.tz)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def test_mau_04_apology_and_request_to_extend(desk):
    code = _company(desk)
    before = desk.dossier(code)
    request_apology(
        desk.runtime,
        desk.runtime.unit_of_work(),
        dossier_code=code,
        actor_id=desk.user_id("chuyenvien.stc"),
        expected_version=before.version,
        reason="Chờ xác minh của cơ quan thuế",
        new_due=datetime.fromisoformat("2026-12-02T17:00+07:00"),
    )
    desk.complete(code, "approve_apology", "lanhdao.stc", decision="approve")
    pdf = _issue(desk, code, "apology", by="motcua.ttpv")
    lines, text = _lines(pdf), pdf_text(pdf)
    assert lines[0] == "Mẫu số 04 — Thông tư số 03/2025/TT-VPCP" and "SỞ TÀI CHÍNH" in lines
    assert "Thái An, ngày 23 tháng 11 năm 2026" in lines
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in lines
    assert f"Kính gửi: {before.applicant_name} ({before.applicant_address})" in text
    assert "Ngày 23/11/2026, Trung tâm Phục vụ hành chính công tỉnh tiếp nhận hồ sơ" in text
    assert f"(mã hồ sơ {code}), thời gian nhận hồ sơ {_local(before.received_at, desk)}" in text
    old_due = _local(before.due_at, desk)
    assert old_due != "17 giờ 00 phút, ngày 02/12/2026"
    assert f"theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả là {old_due}" in text
    assert "Lý do: Chờ xác minh của cơ quan thuế" in lines
    assert "đề nghị gia hạn thời gian giải quyết hồ sơ, trả kết quả vào 17 giờ 00 phút, ngày 02/12/2026" in text
    assert "THỦ TRƯỞNG CƠ QUAN" in text and "Nơi nhận:" in text
    leader = _name(desk, "lanhdao.stc")
    assert leader in text and _name(desk, "motcua.ttpv") not in text  # the leader who approved it signs
    _signed_on_the_page_of(pdf, "Kính mong nhận được", "THỦ TRƯỞNG CƠ QUAN")


def test_mau_05_stop_notice(desk):
    code = _company(desk)
    desk.clock.advance(timedelta(hours=1))
    request_stop(
        desk.runtime,
        desk.runtime.unit_of_work(),
        dossier_code=code,
        actor_id=desk.user_id("chuyenvien.stc"),
        expected_version=desk.dossier(code).version,
        reason="Doanh nghiệp đề nghị tạm dừng",
    )
    desk.complete(code, "approve_stop", "lanhdao.stc", decision="approve")
    stopped = desk.clock.now()
    pdf = _issue(desk, code, "stop_notice", by="motcua.ttpv")
    lines, text = _lines(pdf), pdf_text(pdf)
    assert lines[0] == "Mẫu số 05 — Thông tư số 03/2025/TT-VPCP" and "SỞ TÀI CHÍNH" in lines
    assert "Thái An, ngày 23 tháng 11 năm 2026" in lines and "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in lines
    assert f"Kính gửi: {desk.dossier(code).applicant_name}" in text
    assert f"thông báo dừng giải quyết hồ sơ kể từ {_local(stopped, desk)} với lý do như sau: " in text
    assert "Doanh nghiệp đề nghị tạm dừng" in lines
    assert "có thể liên hệ Trung tâm Phục vụ hành chính công tỉnh" in text
    assert _name(desk, "lanhdao.stc") in text and "THỦ TRƯỞNG CƠ QUAN" in text
    _signed_on_the_page_of(pdf, "có thể liên hệ", "THỦ TRƯỞNG CƠ QUAN")


def test_mau_06_control_sheet(desk):
    code = _receive(desk, address="12 Lê Lợi, phường An Hòa", phone="0912345678")
    desk.clock.advance(timedelta(hours=6))  # Monday 15:00: after the handover deadline
    desk.complete(code, "hand_over", "motcua.anhoa")
    desk.clock.advance(timedelta(hours=1))
    desk.complete(code, "review", "chuyenvien.anhoa", proposal="result", draft_summary="Cấp Giấy khai sinh")
    pdf = _issue(desk, code, "control_sheet", by="motcua.anhoa")
    lines, text = _lines(pdf), pdf_text(pdf)
    _header(lines, "06", "Thái An, ngày 23 tháng 11 năm 2026", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", code)
    assert "Kèm theo hồ sơ của: Trần Thị Bình" in lines
    assert "Địa chỉ, điện thoại: 12 Lê Lợi, phường An Hòa, 0912345678" in lines
    assert "Cơ quan phối hợp giải quyết hồ sơ: Không" in lines
    assert "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 23/11/2026" in lines
    clerk, specialist = _name(desk, "motcua.anhoa"), _name(desk, "chuyenvien.anhoa")
    department = "Ủy ban nhân dân phường An Hòa — Phòng Văn hóa - Xã hội"
    # The reception desk hands over late to the department, whose specialist received it and handed it on in time.
    assert (
        "1. Giao: Ủy ban nhân dân phường An Hòa — Bộ phận Một cửa 2. Nhận: " + department + " 15 giờ 00 phút, "
        f"ngày 23/11/2026 Người giao: {clerk} Người nhận: {specialist} Quá hạn"
    ) in text
    assert f"1. Giao: {department} 2. Nhận:" in text
    assert f"16 giờ 00 phút, ngày 23/11/2026 Người giao: {specialist}" in text
    assert "Đang giải quyết tại:" in text
    assert "Ghi chú: - Trường hợp hồ sơ được chuyển qua dịch vụ bưu chính" in text


def test_mau_07_register(desk):
    first = _receive(desk, address="12 Lê Lợi", phone="0912345678")
    desk.clock.advance(timedelta(days=1))
    second = _receive(desk)
    with desk.runtime.unit_of_work() as uow:
        ward = uow.session.scalar(select(Agency).where(Agency.code == "000.01.10.H99"))
        # The period starts after the first: the second keeps its number in the year's book.
        pdf = register_pdf(
            uow.session, ward, date(2026, 11, 24), date(2026, 11, 30), at=desk.clock.now(), tz=desk.runtime.tz
        )
    text = pdf_text(pdf)
    assert "Mẫu số 07 — Thông tư số 03/2025/TT-VPCP" in text and "SỔ THEO DÕI HỒ SƠ" in text
    assert "Quyển số: 2026. Từ ngày 24/11/2026 đến ngày 30/11/2026" in text
    for header in ("Số lượng hồ sơ (bộ)", "Cơ quan chủ trì giải quyết", "Chuyển hồ sơ đến cơ quan giải quyết"):
        assert header in text
    assert first not in text
    row = next(line for line in _lines(pdf) if second in line)  # the first line of the dossier's row
    assert row.startswith(f"2 {second} Thủ tục 01 Trần Thị Ủy ban nhân 09 giờ 00 phút,")
    assert "Ủy ban nhân dân phường An Hòa 09 giờ 00 phút, ngày 24/11/2026" in text  # resolving agency, received
