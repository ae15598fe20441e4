"""The administrator's operations page: job runs with failures first, notices to send again (audited), backups, disk
space and incidents recorded with what was done; nobody else opens it or posts to it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from engine.models import BackupRecord, BackupStatus, Event, Incident, OutboxMessage, OutboxState
from engine.operations.lease import Lease
from sla.scheduler import run_leased
from tests.e2e.conftest import csrf_token, sign_in

pytestmark = pytest.mark.usefixtures("demo")
PAGE = "/admin/operations"


def _post(client, path: str, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, PAGE), **data})


def _failed_notice(rt) -> int:
    now = rt.clock.now()
    with rt.unit_of_work() as uow:
        message = OutboxMessage(
            dedup_key="received-1",
            channel="email",
            recipient="binh@example.vn",
            subject="Hồ sơ HS-1 đã được tiếp nhận",
            body="...",
            created_at=now - timedelta(hours=2),
            attempts=8,
            next_attempt_at=now,
            last_error="550 5.1.1 mailbox unavailable",
            state=OutboxState.FAILED,
        )
        uow.session.add(message)
        uow.commit()
        return message.id


def test_the_page_shows_runs_failures_first_notices_backups_and_disks(client, app, clock):
    rt = app.extensions["motcua"]
    lease = Lease(rt, holder="sched-1")
    run_leased(lease, lambda _rt: ["HS-1", "HS-2"], rt, "fire_due_timers")
    with pytest.raises(OSError):
        run_leased(lease, lambda _rt: (_ for _ in ()).throw(OSError("SMTP down")), rt, "deliver_outbox")
    _failed_notice(rt)
    with rt.unit_of_work() as uow:
        at = clock.now() - timedelta(hours=5)
        uow.session.add(
            BackupRecord(
                started_at=at,
                finished_at=at,
                trigger="scheduled",
                status=BackupStatus.FAILED,
                database="sqlite",
                error="no space left on device",
            )
        )
        uow.commit()
    sign_in(client, "quantri")
    page = client.get(PAGE).get_data(as_text=True)
    assert 'href="/admin/operations" aria-current="page"' in page
    assert "Bộ lập lịch đang chạy trên sched-1" in page
    failures = page.index("Lần chạy lỗi gần đây")
    assert failures < page.index("Lần chạy gần đây") and "OSError: SMTP down" in page[failures:]
    assert "fire_due_timers" not in page and "Chạy các mốc thời gian của quy trình" in page and "count: 2" in page
    assert "550 5.1.1 mailbox unavailable" in page and "Gửi lại" in page
    assert "Chưa có bản sao lưu thành công nào." in page and "no space left on device" in page
    assert "Tệp hồ sơ" in page and " GB" in page


def test_a_failed_notice_is_sent_again_from_the_page_and_logged(client, app):
    rt = app.extensions["motcua"]
    message_id = _failed_notice(rt)
    sign_in(client, "quantri")
    answer = _post(client, f"{PAGE}/notices/{message_id}/retry")
    assert answer.status_code == 303
    assert "Thông báo sẽ được gửi lại" in client.get(answer.headers["Location"]).get_data(as_text=True)
    again = _post(client, f"{PAGE}/notices/{message_id}/retry")  # pending now: it may be asked again, harmlessly
    assert again.status_code == 303
    assert _post(client, f"{PAGE}/notices/999999/retry").status_code == 404
    with rt.unit_of_work() as uow:
        assert uow.session.get(OutboxMessage, message_id).state is OutboxState.PENDING
        assert uow.session.scalar(select(func.count()).where(Event.action == "notice_retried")) == 2


def test_an_incident_is_recorded_listed_and_closed(client, app):
    sign_in(client, "quantri")
    recorded = _post(
        client,
        f"{PAGE}/incidents",
        occurred_at="2026-11-23T08:10",
        summary="Máy chủ thư không nhận kết nối",
        impact="Thông báo tiếp nhận hồ sơ gửi chậm 40 phút.",
        actions="Khởi động lại dịch vụ thư.",
        closed_at="",
    )
    assert recorded.status_code == 303
    page = client.get(PAGE).get_data(as_text=True)
    assert "Máy chủ thư không nhận kết nối" in page and 'class="error">đang xử lý' in page
    incident_id = re.search(r"/admin/operations/incidents/(\d+)/close", page).group(1)
    closed = _post(
        client,
        f"{PAGE}/incidents/{incident_id}/close",
        closed_at="2026-11-23T08:50",
        actions="Đổi sang máy chủ dự phòng.",
    )
    assert closed.status_code == 303
    page = client.get(PAGE).get_data(as_text=True)
    assert "Đổi sang máy chủ dự phòng." in page and 'class="error">đang xử lý' not in page


def test_a_bad_incident_is_refused_beside_its_fields_and_nothing_is_written(client, app):
    sign_in(client, "quantri")
    refused = _post(
        client,
        f"{PAGE}/incidents",
        occurred_at="31/02/2026 25:00",
        summary="Mất điện",
        impact="",
        actions="x" * 100_000,
        closed_at="",
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Thời điểm xảy ra: nhập ngày giờ" in page and "Ảnh hưởng: bắt buộc nhập" in page
    assert "Biện pháp đã thực hiện: bắt buộc nhập, tối đa 4000 ký tự." in page
    assert 'value="Mất điện"' in page  # what was typed stays
    with app.extensions["motcua"].unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Incident)) == 0
        assert uow.session.scalar(select(func.count()).where(Event.action == "incident_recorded")) == 0


def test_the_page_opens_in_english(client):
    sign_in(client, "quantri")
    client.get("/lang/en")
    answer = client.get(PAGE)
    assert answer.status_code == 200


@pytest.mark.parametrize("login", ["motcua.anhoa", "lanhdao.anhoa", "nguyenvanan"])
def test_everyone_else_is_refused(client, app, login):
    message_id = _failed_notice(app.extensions["motcua"])
    sign_in(client, login)
    assert client.get(PAGE).status_code == 403
    token = csrf_token(client, "/procedures")
    assert client.post(f"{PAGE}/notices/{message_id}/retry", data={"csrf_token": token}).status_code == 403
    assert client.post(f"{PAGE}/incidents", data={"csrf_token": token, "summary": "x"}).status_code == 403
    with app.extensions["motcua"].unit_of_work() as uow:
        assert uow.session.get(OutboxMessage, message_id).state is OutboxState.FAILED


def test_a_visitor_is_sent_to_sign_in(client):
    answer = client.get(PAGE)
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
