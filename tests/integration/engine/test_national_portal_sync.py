"""Each dossier's creation and every step reach the national portal stand-in in its shapes, in order, through the
outbox: a failing portal is retried with backoff and never blocks a clerk's step; a failure waits for an
administrator, who sends it again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.documents.demo_ca import DEMO_PIN
from engine.models import DossierStatus, OutboxState
from engine.notices.outbox import MAX_ATTEMPTS, deliver_outbox, retry_message
from engine.settings import Settings
from tests.national_portal import UNIT, connected_settings, national_messages


@pytest.fixture
def settings(tmp_path, db_url, portal) -> Settings:
    return connected_settings(tmp_path, db_url, portal)


def _deliver_until_quiet(desk) -> None:
    """Delivery runs as the scheduler runs it, a dossier's messages one after another."""
    for _ in range(30):
        report = deliver_outbox(desk.runtime)
        if not report.sent:
            return


def test_a_dossiers_whole_life_reaches_the_portal_in_order(desk, portal):
    code = desk.submit()
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    desk.complete(code, "review", "chuyenvien.anhoa", proposal="result", draft_summary="Cấp Giấy khai sinh bản chính")
    desk.complete(code, "department_approval", "truongphong.anhoa", decision="approve")
    desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    desk.complete(code, "return_result", "motcua.anhoa", return_method="counter", receiver_name="Trần Thị Bình")
    _deliver_until_quiet(desk)

    assert portal.problems == []
    sent = [(r["service"], r["isUpdating"], r["data"][0]) for r in portal.received]
    syncs = [(updating, item["TrangThaiHoSo"]) for service, updating, item in sent if service == "DongBoHoSoMC"]
    assert syncs == [("false", "1"), ("true", "2"), ("true", "4"), ("true", "9"), ("true", "10")]
    progress = [item["TrangThai"] for service, _, item in sent if service == "CapNhatTienDoHoSoMC"]
    assert progress == ["1", "2", "4", "4", "4", "9", "10"]  # one per step: submission and six tasks
    assert all(item["MaHoSo"] == code for _, _, item in sent)
    first, received = sent[0][2], sent[2][2]
    assert first["MaTTHC"] == "1.001193" and first["ChuHoSo"] == "Trần Thị Bình" and first["NgayTiepNhan"] == ""
    assert received["NgayTiepNhan"] == "20261123090000" and received["NgayHenTra"] == "20261123170000"
    officers = [item["NguoiXuLy"] for service, _, item in sent if service == "CapNhatTienDoHoSoMC"]
    assert officers[1] and officers[4] != officers[1]  # the clerk, then the leader who approved
    assert all(r["madonvi"] == UNIT for r in portal.received)
    assert {m.state for m in national_messages(desk.runtime)} == {OutboxState.SENT}


def test_a_failing_portal_never_blocks_a_step_and_is_retried_with_backoff(desk, portal, clock):
    portal.failing = 100
    code = desk.submit()
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")  # the step goes through
    deliver_outbox(desk.runtime)
    first, *others = national_messages(desk.runtime)
    assert [m.attempts for m in others] == [0, 0, 0]  # only the oldest was tried: the others wait their turn
    assert first.attempts == 1 and first.next_attempt_at == clock.now() + timedelta(minutes=1)
    assert "503" in first.last_error
    portal.failing = 0
    clock.advance(timedelta(minutes=1))
    _deliver_until_quiet(desk)
    services = [
        (r["service"], r["data"][0]["TrangThai" if "TrangThai" in r["data"][0] else "TrangThaiHoSo"])
        for r in portal.received
    ]
    assert services == [
        ("DongBoHoSoMC", "1"),
        ("CapNhatTienDoHoSoMC", "1"),
        ("DongBoHoSoMC", "2"),
        ("CapNhatTienDoHoSoMC", "2"),
    ]


def test_a_message_that_fails_for_good_waits_for_an_administrator(desk, portal, clock):
    portal.failing = MAX_ATTEMPTS
    code = desk.submit()
    for _ in range(MAX_ATTEMPTS):
        deliver_outbox(desk.runtime)
        clock.advance(timedelta(hours=6))
    failed, *waiting = national_messages(desk.runtime)
    assert failed.state is OutboxState.FAILED and all(m.state is OutboxState.PENDING for m in waiting)
    assert portal.received == []
    retry_message(desk.runtime, desk.runtime.unit_of_work(), actor_id=desk.user_id("quantri"), message_id=failed.id)
    _deliver_until_quiet(desk)
    assert [r["service"] for r in portal.received] == ["DongBoHoSoMC", "CapNhatTienDoHoSoMC"]
    assert portal.received[0]["data"][0]["MaHoSo"] == code


def test_an_unreachable_portal_never_blocks_a_step_and_is_retried(desk, portal, clock):
    portal.server.shutdown()
    portal.server.server_close()  # nothing listens at the portal's address any more
    code = desk.submit()
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    assert desk.dossier(code).status is DossierStatus.RECEIVED  # the clerk's step went through
    deliver_outbox(desk.runtime)
    first, *others = national_messages(desk.runtime)
    assert first.state is OutboxState.PENDING and "unreachable" in first.last_error
    assert first.next_attempt_at == clock.now() + timedelta(minutes=1) and {m.attempts for m in others} == {0}
