"""The administrator's pages: a new clerk's account and role, locking, the working calendar; nobody else gets in."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import csrf_token, sign_in, sign_out

pytestmark = pytest.mark.usefixtures("demo")
NEW_CLERK = {
    "username": "motcua.moi",
    "full_name": "Phan Thị Mới",
    "email": "moi@thaian.example.vn",
    "phone": "",
    "password": "mat-khau-moi-2026",
}


def _post(client, page: str, path: str, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data})


def _new_clerk(client) -> str:
    """Create the account and give it the reception role at the An Hòa ward; the path of its page."""
    created = _post(client, "/admin/users", "/admin/users", **NEW_CLERK)
    assert created.status_code == 303
    listed = client.get(created.headers["Location"]).get_data(as_text=True)
    page = re.search(r'href="(/admin/users/\d+)">Phan Thị Mới', listed).group(1)
    granted = _post(client, page, f"{page}/roles", role="reception_clerk", agency="000.01.10.H99", department="")
    assert granted.status_code == 303
    return page


def test_an_administrator_opens_an_account_that_then_works_the_counter(client):
    sign_in(client, "quantri")
    assert "/admin/users" in client.get("/staff/tasks").get_data(as_text=True)  # the navigation leads there
    page = _new_clerk(client)
    shown = client.get(page).get_data(as_text=True)
    assert "Cán bộ một cửa" in shown and "Ủy ban nhân dân phường An Hòa" in shown
    sign_out(client)
    sign_in(client, "motcua.moi", NEW_CLERK["password"])
    assert client.get("/staff/counter").status_code == 200


def test_mistakes_are_said_next_to_their_fields_and_nothing_is_created(client):
    sign_in(client, "quantri")
    refused = _post(client, "/admin/users", "/admin/users", **{**NEW_CLERK, "username": "A", "password": "ngan"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Tên đăng nhập: 3 đến 60 ký tự" in page and "ít nhất 10 ký tự" in page
    assert "Phan Thị Mới" in page  # what was typed stays in the form
    assert "motcua.moi" not in client.get("/admin/users?q=moi").get_data(as_text=True)


def test_a_locked_clerk_is_signed_out_and_cannot_sign_in_again(client, app):
    sign_in(client, "quantri")
    page = _new_clerk(client)
    other = app.test_client()
    sign_in(other, "motcua.moi", NEW_CLERK["password"])
    assert other.get("/staff/tasks").status_code == 200
    assert _post(client, page, f"{page}/active", active="0").status_code == 303
    assert "Đã khóa" in client.get(page).get_data(as_text=True)
    assert other.get("/staff/tasks").status_code == 302  # the open session ended
    assert sign_in(other, "motcua.moi", NEW_CLERK["password"]).status_code != 302  # no way back in


def test_the_calendar_page_shows_tet_and_records_a_day_off(client):
    sign_in(client, "quantri")
    year = client.get("/admin/calendar?year=2027").get_data(as_text=True)
    assert "06/02/2027" in year and "Tết Nguyên Đán" in year
    assert "Thứ Hai – Thứ Sáu: 07:30–11:30, 13:00–17:00" in year  # the statutory hours deadlines count in
    assert "Mọi hồ sơ: chuyển cho phòng chuyên môn trong nửa ngày làm việc" in year  # the demo's handover rule
    added = _post(
        client, "/admin/calendar", "/admin/calendar?year=2026", day="2026-12-31", working="0", note="Nghỉ cuối năm"
    )
    assert added.status_code == 303
    assert "Nghỉ cuối năm" in client.get("/admin/calendar?year=2026").get_data(as_text=True)
    again = _post(client, "/admin/calendar", "/admin/calendar", day="2026-12-31", working="0", note="Nghỉ")
    assert again.status_code == 400 and "ngày này đã có điều chỉnh" in again.get_data(as_text=True)


def test_a_day_off_shows_what_it_moves_before_it_is_recorded(client, desk):
    code = desk.submit(procedure="birth_residence_health_insurance_under_6")
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")  # due Friday 27/11 09:00
    sign_in(client, "quantri")
    asked = _post(client, "/admin/calendar", "/admin/calendar", day="2026-11-26", working="0", note="Bão số 15")
    page = asked.get_data(as_text=True)
    assert (
        asked.status_code == 200 and "Ghi ngày 26/11/2026 là ngày nghỉ sẽ lùi hạn của 1 hồ sơ đang giải quyết" in page
    )
    assert "chưa chuyển phòng chuyên môn" not in page  # its handover was due on Monday, before the day off
    assert "Bão số 15" not in client.get("/admin/calendar?year=2026").get_data(as_text=True)  # nothing written yet
    confirmed = _post(
        client, "/admin/calendar", "/admin/calendar", day="2026-11-26", working="0", note="Bão số 15", confirmed="1"
    )
    assert confirmed.status_code == 303
    shown = client.get(confirmed.headers["Location"]).get_data(as_text=True)
    assert "Đã lùi hạn của 1 hồ sơ" in shown and "Bão số 15" in shown
    assert desk.dossier(code).due_at.astimezone(desk.runtime.tz).strftime("%d/%m %H:%M") == "30/11 09:00"


def test_a_year_the_government_had_not_announced_is_estimated_until_confirmed(client):
    sign_in(client, "quantri")
    assert "ước tính" not in client.get("/admin/calendar?year=2026").get_data(as_text=True)
    estimated = client.get("/admin/calendar?year=2027").get_data(as_text=True)
    assert "Lịch nghỉ năm 2027 là ước tính." in estimated and estimated.count(">ước tính<") >= 10
    empty = _post(client, "/admin/calendar?year=2027", "/admin/calendar/2027/confirm", confirm_note=" ")
    assert "Căn cứ: bắt buộc nhập" in client.get(empty.headers["Location"]).get_data(as_text=True)
    confirmed = _post(
        client, "/admin/calendar?year=2027", "/admin/calendar/2027/confirm", confirm_note="Thông báo 1234/TB-BNV"
    )
    page = client.get(confirmed.headers["Location"]).get_data(as_text=True)
    assert "Lịch nghỉ năm 2027 đã được xác nhận ngày 23/11/2026 theo: Thông báo 1234/TB-BNV" in page
    assert ">ước tính<" not in page
    assert client.get("/admin/calendar?year=99999999999999999999").status_code == 404
    again = _post(client, "/admin/calendar?year=2027", "/admin/calendar/2027/confirm", confirm_note="Lần nữa")
    assert "Năm này đã được xác nhận." in client.get(again.headers["Location"]).get_data(as_text=True)


def test_the_pages_read_in_english(client):
    sign_in(client, "quantri")
    client.get("/lang/en")
    page = client.get("/admin/calendar").get_data(as_text=True)
    assert "Working calendar" in page and "Record an override" in page
    refused = _post(client, "/admin/calendar", "/admin/calendar", day="someday", working="0", note="")
    assert "Day: type it as day/month/year" in refused.get_data(as_text=True)


@pytest.mark.parametrize("login", ["motcua.anhoa", "lanhdao.anhoa", "nguyenvanan"])
def test_everyone_else_is_refused(client, login):
    sign_in(client, login)
    for path in ("/admin/users", "/admin/calendar", "/admin/certificates"):
        assert client.get(path).status_code == 403, path
