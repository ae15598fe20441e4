"""Task page actions as the diagram allows: send back, supplementation and refusal proposals, apology, stop."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import at_review, csrf_token, form_page, sign_in


def _task_path(desk, code: str, name: str) -> str:
    return f"/staff/tasks/{desk.task(code, name).id}"


@pytest.fixture
def review(client, desk) -> tuple[str, str, str, dict[str, str]]:
    """A dossier at review, its task page as the specialist sees it: (code, path, page, form fields)."""
    code = at_review(desk)
    sign_in(client, "chuyenvien.stc")
    path = _task_path(desk, code, "review")
    return code, path, *form_page(client, path)


def test_the_review_page_shows_the_clock_the_history_in_words_and_the_requests(review):
    _code, _path, page, _fields = review
    assert "Thời gian còn lại" in page and "Thời gian tạm dừng" in page and "0 giờ 0 phút" in page
    assert "Tiếp nhận hồ sơ, hẹn ngày trả kết quả" in page and "Hoàn thành bước: Kiểm tra tính đầy đủ, hợp lệ" in page
    assert "Đúng hạn" in page and "task_completed" not in page
    assert "Xin lỗi người nộp và hẹn lại ngày trả kết quả" in page and "Đề nghị dừng xử lý hồ sơ" in page


def test_a_late_task_reads_late_in_the_history(client, desk, clock):
    from datetime import timedelta

    code = desk.submit(procedure="company_registration_llc1", unit="000.00.01.H99", by="motcua.ttpv")
    clock.advance(timedelta(days=3))
    desk.complete(code, "check_completeness", "motcua.ttpv", decision="complete")
    sign_in(client, "motcua.ttpv")
    page, _fields = form_page(client, _task_path(desk, code, "hand_over"))
    assert "Trễ hạn" in page


def test_a_proposal_to_supplement_chooses_documents_from_the_procedure(client, desk, review):
    code, path, page, fields = review
    assert "Giấy đề nghị đăng ký doanh nghiệp" in page
    response = client.post(path, data={**fields, "proposal": "supplement"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "Giấy tờ cần bổ sung: bắt buộc nhập." in body
    document = page.split('name="missing_documents" value="')[1].split('"')[0]
    response = client.post(
        path,
        data={**fields, "proposal": "supplement", "missing_documents": [document], "supplement_note": "Thiếu điều lệ"},
    )
    assert response.status_code == 303
    assert desk.task(code, "approve_supplement")


def test_a_refusal_needs_its_reason(client, desk, review):
    code, path, _page, fields = review
    response = client.post(path, data={**fields, "proposal": "refuse"})
    assert response.status_code == 400 and "Lý do từ chối: bắt buộc nhập." in response.get_data(as_text=True)
    assert (
        client.post(path, data={**fields, "proposal": "refuse", "refusal_reason": "Ngành nghề cấm"}).status_code == 303
    )
    assert desk.task(code, "approve_refusal")


def test_the_department_leader_sends_back_with_a_reason(client, desk):
    code = at_review(desk)
    desk.complete(code, "review", "chuyenvien.stc", proposal="result", draft_summary="Cấp giấy chứng nhận")
    sign_in(client, "truongphong.stc")
    path = _task_path(desk, code, "department_approval")
    _page, fields = form_page(client, path)
    response = client.post(path, data={**fields, "decision": "send_back"})
    assert response.status_code == 400 and "Lý do trả lại: bắt buộc nhập." in response.get_data(as_text=True)
    assert client.post(path, data={**fields, "decision": "send_back", "reason": "Sửa tên công ty"}).status_code == 303
    sign_in(client, "chuyenvien.stc")
    review, _fields = form_page(client, _task_path(desk, code, "review"))
    banner = review.index("Hồ sơ bị trả lại từ bước «Lãnh đạo phòng duyệt»")
    assert banner < review.index("Lý do: Sửa tên công ty") < review.index('<section class="card">')  # atop the page


def test_an_apology_asks_for_a_working_day_and_a_reason(client, desk, review):
    code, path, _page, fields = review
    saturday = client.post(f"{path}/apology", data={**fields, "new_due": "2026-12-05", "reason": "Chờ xác minh"})
    assert saturday.status_code == 400 and "Ngày hẹn mới: chọn một ngày làm việc." in saturday.get_data(as_text=True)
    no_reason = client.post(f"{path}/apology", data={**fields, "new_due": "2026-12-10"})
    assert no_reason.status_code == 400 and "Lý do: bắt buộc nhập." in no_reason.get_data(as_text=True)
    done = client.post(f"{path}/apology", data={**fields, "new_due": "2026-12-10", "reason": "Chờ xác minh"})
    assert done.status_code == 303
    assert desk.task(code, "approve_apology")


def test_a_stop_request_goes_to_the_agency_leader(client, desk, review):
    code, path, _page, fields = review
    assert client.post(f"{path}/stop", data={**fields, "reason": ""}).status_code == 400
    assert client.post(f"{path}/stop", data={**fields, "reason": "Người nộp đã chết"}).status_code == 303
    assert desk.task(code, "approve_stop")


def test_a_stale_request_is_a_conflict(client, desk, review):
    _code, path, _page, fields = review
    response = client.post(f"{path}/stop", data={**fields, "version": "1", "reason": "Người nộp đã chết"})
    assert response.status_code == 409 and "vừa được người khác cập nhật" in response.get_data(as_text=True)


@pytest.mark.parametrize("login", ["motcua.ttpv", "truongphong.snnmt"])
def test_requests_are_not_offered_to_reception_or_other_agencies(client, desk, login):
    code = at_review(desk)
    desk.complete(code, "review", "chuyenvien.stc", proposal="result", draft_summary="Cấp giấy chứng nhận")
    sign_in(client, login)
    path = _task_path(desk, code, "department_approval")
    fields = {"csrf_token": csrf_token(client, "/"), "version": str(desk.dossier(code).version)}
    assert client.get(path).status_code == 404  # another unit's task answers as a missing one
    assert client.post(f"{path}/stop", data={**fields, "reason": "Người nộp đã chết"}).status_code == 404
    assert client.post(f"{path}/apology", data={**fields, "new_due": "2026-12-10", "reason": "Chậm"}).status_code == 404
    assert [t.task_name for t in desk.open_tasks(code)] == ["department_approval"]
