"""A result is rendered once when its sign task opens, numbered from the agency's register when it is signed, and
signed exactly as it was shown: the shown bytes are the signed file's first revision."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from engine.documents.demo_ca import DEMO_PIN
from engine.documents.previews import kept_preview, open_preview
from engine.documents.register import register_of, take_number
from engine.documents.signatures import load_trust_roots, verify_pdf
from engine.errors import InvalidData, NotAllowed
from engine.models import Agency, Dossier, IssuedDocument, OutgoingDocument, RegisterCounter, ReturnMethod
from tests.pdf_tools import pdf_pages, pdf_text

HOUSEHOLD = {
    "proposal": "result",
    "draft_summary": "Hồ sơ đủ điều kiện cấp đăng ký hộ kinh doanh",
    "result_registration_number": "46H8001234",
    "result_business_name": "Hộ kinh doanh Tạp hóa Minh Anh",
    "result_address": "25 Nguyễn Trãi, phường An Hòa",
    "result_business_lines": "Bán lẻ hàng tạp hóa (4711)",
    "result_capital_vnd": 150_000_000,
}


def _to_sign(desk, **applicant) -> str:
    code = desk.submit(procedure="household_business_registration", **applicant)
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    desk.complete(code, "review", "chuyenvienkt.anhoa", **HOUSEHOLD)
    desk.complete(code, "department_approval", "truongphongkt.anhoa", decision="approve")
    return code


def _opened(desk, code: str, by: str = "lanhdao.anhoa"):
    task = desk.task(code, "sign")
    return open_preview(desk.runtime, desk.runtime.unit_of_work(), task_id=task.id, actor_id=desk.user_id(by))


@contextmanager
def _dossier_updates(desk, updates: list[str]) -> Iterator[None]:
    """The UPDATE statements of dossiers sent in the block, into `updates`."""

    def seen(_conn, _cursor, statement, *_args) -> None:
        if statement.startswith("UPDATE dossiers "):
            updates.append(statement)

    event.listen(desk.runtime.engine, "before_cursor_execute", seen)
    try:
        yield
    finally:
        event.remove(desk.runtime.engine, "before_cursor_execute", seen)


def _signed(desk, code: str) -> bytes:
    with desk.runtime.unit_of_work() as uow:
        issued = uow.session.scalar(
            select(IssuedDocument)
            .join(IssuedDocument.file)
            .where(IssuedDocument.kind == "decision")
            .where(IssuedDocument.dossier_id == desk.dossier(code).id)
        )
        return desk.runtime.files.read(issued.file.sha256)


def test_the_leader_signs_the_very_bytes_shown_with_the_next_number_of_the_register(desk):
    code = _to_sign(desk, name="Nguyễn Thị Minh Anh", address="25 Nguyễn Trãi, phường An Hòa")
    preview = _opened(desk, code)
    assert _opened(desk, code) == preview  # opened again: the same rendering, not a new one
    shown = desk.runtime.files.read(preview.sha256)
    text = pdf_text(shown)
    assert "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH" in text and "Nguyễn Thị Minh Anh" in text
    assert "Hộ kinh doanh Tạp hóa Minh Anh" in text and "46H8001234" in text and "150.000.000 đồng" in text
    assert "trả trực tiếp tại Ủy ban nhân dân phường An Hòa" in text  # how the applicant receives it
    assert "Số:" not in text  # the number comes with the signature

    updates: list[str] = []
    with _dossier_updates(desk, updates):
        desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    assert len(updates) == 1  # what signing adds goes with the step's one write of the dossier
    signed = _signed(desk, code)
    assert signed[: preview.size] == shown and hashlib.sha256(signed[: preview.size]).hexdigest() == preview.sha256
    day = desk.clock.now().astimezone(desk.runtime.tz)
    dated = f"Thái An, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
    assert f"Số: 1/HKD-UBND {dated}" in pdf_pages(signed)[0]  # side by side, under the agency and the motto
    [report] = verify_pdf(signed, load_trust_roots(desk.runtime.settings.trust_roots), desk.clock.now())
    assert report.intact and report.trusted
    dossier = desk.dossier(code)
    assert dossier.result_summary == "Giấy chứng nhận đăng ký hộ kinh doanh số 1/HKD-UBND"
    with desk.runtime.unit_of_work() as uow:
        [line] = register_of(uow.session, dossier.resolving_agency_id, day.year)
        assert (line.reference, line.recipient) == ("1/HKD-UBND", "Nguyễn Thị Minh Anh")
        assert line.issued_document.file.sha256 == hashlib.sha256(signed).hexdigest()
        assert "Tên hộ kinh doanh: Hộ kinh doanh Tạp hóa Minh Anh" in line.summary


def test_numbers_follow_each_other_and_a_failed_signing_takes_none(desk):
    first, second = _to_sign(desk), _to_sign(desk)
    _opened(desk, first), _opened(desk, second)
    with pytest.raises(InvalidData, match="PIN"):
        desk.complete(second, "sign", "lanhdao.anhoa", decision="sign", pin="000000")
    desk.complete(second, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    desk.complete(first, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    with desk.runtime.unit_of_work() as uow:
        numbers = dict(uow.session.execute(select(OutgoingDocument.dossier_id, OutgoingDocument.number)).all())
        counter = uow.session.scalar(select(RegisterCounter.last_number))
    assert numbers == {desk.dossier(second).id: 1, desk.dossier(first).id: 2} and counter == 2


def test_each_agency_numbers_its_own_register(desk):
    anhoa = _to_sign(desk)
    tanlap = desk.submit(procedure="household_business_registration", unit="000.01.11.H99", by="motcua.tanlap")
    desk.complete(tanlap, "check_completeness", "motcua.tanlap", decision="complete")
    desk.complete(tanlap, "hand_over", "motcua.tanlap")
    desk.complete(tanlap, "review", "chuyenvienkt.tanlap", **HOUSEHOLD)
    desk.complete(tanlap, "department_approval", "truongphongkt.tanlap", decision="approve")
    desk.complete(anhoa, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    desk.complete(tanlap, "sign", "lanhdao.tanlap", decision="sign", pin=DEMO_PIN)
    with desk.runtime.unit_of_work() as uow:
        lines = uow.session.execute(select(Agency.code, OutgoingDocument.number).join(Agency)).all()
    assert sorted(lines) == [("000.01.10.H99", 1), ("000.01.11.H99", 1)]


def test_a_result_not_shown_is_not_signed(desk):
    code = _to_sign(desk)
    task = desk.task(code, "sign")
    from engine.dossiers.tasks import complete_task

    with pytest.raises(InvalidData, match="xem văn bản trước khi ký"):
        complete_task(
            desk.runtime,
            desk.runtime.unit_of_work(),
            task_id=task.id,
            actor_id=desk.user_id("lanhdao.anhoa"),
            data={"decision": "sign", "pin": DEMO_PIN},
            expected_version=desk.dossier(code).version,
        )


def test_a_result_changed_after_it_was_shown_is_refused_and_takes_no_number(desk):
    code = _to_sign(desk)
    preview = _opened(desk, code)
    stored = desk.runtime.files.path(preview.sha256)
    stored.chmod(0o600)
    stored.write_bytes(stored.read_bytes() + b"%% changed after it was shown\n")
    version = desk.dossier(code).version
    with pytest.raises(InvalidData, match="bị thay đổi sau khi hiển thị"):
        desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    with desk.runtime.unit_of_work() as uow:
        assert uow.session.scalar(select(OutgoingDocument.id)) is None
        assert uow.session.scalar(select(IssuedDocument.id)) is None
    assert desk.dossier(code).version == version and desk.task(code, "sign") is not None


def test_a_place_name_the_font_cannot_print_is_refused_clearly_and_takes_no_number(desk):
    code = _to_sign(desk)
    _opened(desk, code)
    with desk.runtime.unit_of_work() as uow:
        province = uow.session.scalar(select(Agency).where(Agency.parent_id.is_(None)))
        province.name = "Ủy ban nhân dân tỉnh Thái An 漢"  # after the preview: only the mark at signing meets it
        uow.commit()
    with pytest.raises(InvalidData, match="phông chữ của văn bản không có chữ «漢»"):
        desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    with desk.runtime.unit_of_work() as uow:
        assert uow.session.scalar(select(OutgoingDocument.id)) is None
        assert uow.session.scalar(select(RegisterCounter.last_number)) in (None, 0)
    assert desk.task(code, "sign") is not None


def test_only_who_may_sign_opens_the_preview(desk):
    code = _to_sign(desk)
    with pytest.raises(NotAllowed):
        _opened(desk, code, by="chuyenvienkt.anhoa")
    with desk.runtime.unit_of_work() as uow:
        assert kept_preview(uow.session, desk.task(code, "sign").id) is None


def test_the_decided_content_is_required_when_a_result_is_proposed(desk):
    code = desk.submit(procedure="household_business_registration")
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    task = desk.task(code, "review")
    from engine.dossiers.tasks import complete_task

    with pytest.raises(InvalidData) as refused:
        complete_task(
            desk.runtime,
            desk.runtime.unit_of_work(),
            task_id=task.id,
            actor_id=desk.user_id("chuyenvienkt.anhoa"),
            data={"proposal": "result", "draft_summary": "Đủ điều kiện"},
            expected_version=desk.dossier(code).version,
        )
    assert "Mã số hộ kinh doanh" in refused.value.errors["result_registration_number"]


def test_a_decision_says_what_is_decided_and_how_the_applicant_receives_it(desk):
    code = desk.submit(procedure="funeral_allowance", name="Phạm Văn Hùng", address="8 Lý Thường Kiệt, xã Tân Lập")
    with desk.runtime.unit_of_work() as uow:
        uow.session.scalar(select(Dossier).where(Dossier.code == code)).return_method = ReturnMethod.POST
        uow.commit()
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    desk.complete(
        code,
        "review",
        "chuyenvien.anhoa",
        proposal="result",
        draft_summary="Đủ điều kiện hỗ trợ chi phí mai táng",
        result_deceased_name="Phạm Văn Tư",
        result_date_of_death="2026-11-02",
        result_organiser="Phạm Văn Hùng (con)",
        result_amount_vnd=7_200_000,
    )
    desk.complete(code, "department_approval", "truongphong.anhoa", decision="approve")
    text = pdf_text(desk.runtime.files.read(_opened(desk, code).sha256))
    assert "QUYẾT ĐỊNH" in text and "Về việc hỗ trợ chi phí mai táng" in text
    assert "Điều 1. Giải quyết hỗ trợ chi phí mai táng" in text and "cho Phạm Văn Hùng" in text
    assert "Họ và tên đối tượng đã chết: Phạm Văn Tư" in text  # the subject, asked with the content
    assert "Ngày chết: 02/11/2026" in text and "7.200.000 đồng" in text
    assert "Điều 2. Kết quả được gửi qua dịch vụ bưu chính công ích đến địa chỉ: 8 Lý Thường Kiệt, xã Tân Lập" in text
    assert "CHỦ TỊCH" in text
    desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    assert "Số: 1/QĐ-UBND" in pdf_text(_signed(desk, code))


def test_concurrent_signings_never_share_or_skip_a_number(desk):
    """Numbers taken at once by many transactions, some of which roll back, are 1..n without a gap."""
    with desk.runtime.unit_of_work() as uow:
        agency_id = uow.session.scalar(select(Agency.id).where(Agency.code == "000.00.11.H99"))
    taken: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def sign(index: int) -> None:
        with desk.runtime.unit_of_work() as uow:
            agency = uow.session.get(Agency, agency_id)
            start.wait()
            number = take_number(uow.session, agency, 2026)
            if index % 4 == 3:
                return  # a step that fails: rolled back, its number goes back
            uow.commit()
            with lock:
                taken.append(number)

    threads = [threading.Thread(target=sign, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with desk.runtime.unit_of_work() as uow:
        last = uow.session.scalar(select(RegisterCounter.last_number).where(RegisterCounter.agency_id == agency_id))
    assert len(set(taken)) == 6 and last == 6 and sorted(taken) == list(range(1, 7))
