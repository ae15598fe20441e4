"""Reception hours: the administrator sets an agency's hours on its page; the procedure page, the applicant's
dossier page and the counter show them, and a dossier sent outside them says when the counter opens next."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from engine.models import Event
from tests.e2e.conftest import csrf_token, sign_in, sign_out
from tests.e2e.portal import online_dossier

pytestmark = pytest.mark.usefixtures("demo")
WARD = "/admin/agencies/000.01.10.H99"
SATURDAY_MORNING = "mon-fri 07:30-11:30 13:00-17:00; sat 07:30-11:30"
SHOWN = "Thứ Hai – Thứ Sáu: 07:30–11:30, 13:00–17:00; Thứ Bảy: 07:30–11:30"


def _save(client, **fields):
    values = {"address": "Số 1 Lê Lợi, phường An Hòa", "phone": "0236 3822 111", "reception_hours": "", **fields}
    return client.post(WARD, data={"csrf_token": csrf_token(client, WARD), **values})


def test_an_administrator_sets_saturday_hours_and_the_procedure_page_shows_them(client):
    sign_in(client, "quantri")
    listed = client.get("/admin/agencies").get_data(as_text=True)
    assert 'href="/admin/agencies"' in client.get("/admin/users").get_data(as_text=True)  # in the admin menu
    assert "Ủy ban nhân dân xã Tân Lập" in listed and SHOWN in listed  # the demo commune opens on Saturday
    assert listed.index("Ủy ban nhân dân tỉnh Thái An") < listed.index("Sở Tư pháp")  # the root first
    saved = _save(client, reception_hours=SATURDAY_MORNING)
    assert saved.status_code == 303
    assert "Đã lưu thông tin cơ quan." in client.get(saved.headers["Location"]).get_data(as_text=True)
    sign_out(client)
    page = client.get("/procedures/1.001193").get_data(as_text=True)
    ward = re.search(r"<li>Ủy ban nhân dân phường An Hòa.*?</li>", page, re.S).group(0)
    assert "Số 1 Lê Lợi, phường An Hòa" in ward and "0236 3822 111" in ward and SHOWN in ward


def test_a_bad_text_is_named_next_to_the_field_and_nothing_is_saved(client, app):
    sign_in(client, "quantri")
    refused = _save(client, reception_hours="mon-fri 07:30-11:30; sa 07:30-11:30")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "«sa» không phải ngày trong tuần" in page and 'value="mon-fri 07:30-11:30; sa 07:30-11:30"' in page
    again = client.get(WARD).get_data(as_text=True)
    assert "Số 1 Lê Lợi" not in again  # the good address was not kept either
    with app.extensions["motcua"].unit_of_work() as uow:
        assert uow.session.scalar(select(Event.id).where(Event.action == "agency_updated")) is None


def test_only_administrators_reach_the_agency_pages(client):
    assert client.get("/admin/agencies").status_code == 302  # to the sign-in page
    sign_in(client, "motcua.anhoa")
    assert client.get("/admin/agencies").status_code == 403
    assert client.get(WARD).status_code == 403
    assert client.post(WARD, data={"csrf_token": csrf_token(client, "/staff/counter")}).status_code == 403


def test_a_dossier_sent_outside_reception_hours_says_when_the_counter_opens(client, app, clock):
    sign_in(client, "quantri")
    assert _save(client, reception_hours=SATURDAY_MORNING).status_code == 303
    sign_out(client)
    sign_in(client, "nguyenvanan")
    clock.set(datetime.fromisoformat("2026-12-04T18:00+07:00"))  # Friday evening: the ward opens Saturday
    code = online_dossier(app)
    page = client.get(f"/my/dossiers/{code}/submitted").get_data(as_text=True)
    assert "Hồ sơ sẽ được kiểm tra từ 07:30 thứ Bảy 05/12/2026." in page
    assert SHOWN in client.get(f"/my/dossiers/{code}").get_data(as_text=True)  # beside the receiving unit
    clock.set(datetime.fromisoformat("2026-12-05T14:00+07:00"))  # Saturday afternoon: on Monday
    later = online_dossier(app)
    page = client.get(f"/my/dossiers/{later}/submitted").get_data(as_text=True)
    assert "Hồ sơ sẽ được kiểm tra từ 07:30 thứ Hai 07/12/2026." in page
    clock.set(datetime.fromisoformat("2026-12-07T09:00+07:00"))  # within the hours: nothing to say
    within = online_dossier(app)
    assert 'id="reception-opens"' not in client.get(f"/my/dossiers/{within}/submitted").get_data(as_text=True)


def test_the_counter_shows_todays_hours_and_that_deadlines_wait_for_monday(client, clock):
    clock.set(datetime.fromisoformat("2026-12-05T09:00+07:00"))  # a Saturday at xã Tân Lập
    sign_in(client, "motcua.tanlap")
    page = client.get("/staff/counter").get_data(as_text=True)
    assert "Giờ tiếp nhận hôm nay: 07:30–11:30." in page and "tính thời hạn từ ngày làm việc tiếp theo" in page
    sign_out(client)
    sign_in(client, "motcua.anhoa")
    assert "Hôm nay đơn vị không tiếp nhận hồ sơ." in client.get("/staff/counter").get_data(as_text=True)
