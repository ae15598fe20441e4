"""Level 4 fees through the national payment platform (stand-in): the signed order, the signed result applied once,
a forged one refused and audited; the day's reconciliation from the command line; the finance officer's page lists
the difference it found and records its resolution."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from engine.models import Event, Payment, PaymentDifference, PaymentState
from engine.payments.national_platform import Transaction
from engine.settings import Settings
from tests.e2e.conftest import csrf_token, sign_in
from tests.e2e.portal import online_dossier
from webapp.cli import main

DAY = date(2026, 11, 23)
CALLBACK = "/payments/national-platform/callback"


@pytest.fixture
def settings(settings, payment_platform) -> Settings:
    return replace(settings, payment_platform=payment_platform.settings)


def _payment(app) -> Payment:
    with app.extensions["motcua"].unit_of_work() as uow:
        return uow.session.scalar(select(Payment))


def _count(app, model, *where) -> int:
    with app.extensions["motcua"].unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(model).where(*where))


def test_pay_through_the_platform_and_reconcile_the_day(app, client, demo, payment_platform, settings, monkeypatch):
    code = online_dossier(app, "company_registration_llc1")  # 100.000 đ online
    sign_in(client, "nguyenvanan")
    path = f"/my/dossiers/{code}/pay"
    sent = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert sent.status_code == 303 and urlsplit(sent.headers["Location"]).path.startswith("/paygov/pay/")
    order = payment_platform.orders[0]
    assert (order["SoTien"], order["ThongTinBienLai"]["MaHoSo"], order["ThoiGianGD"]) == (
        "100000",
        code,
        "20261123090000",
    )
    assert order["return_url"].endswith(path) and payment_platform.problems == []

    paid = Transaction(order["MaThamChieu"], "PG0001", 100_000, True, datetime(2026, 11, 23, 2, 5, tzinfo=UTC))
    forged = client.post(CALLBACK, json=payment_platform.result(paid, SoTien="1000"))
    assert forged.status_code == 400 and forged.get_json()["MaLoi"] == "99"
    assert _payment(app).state is PaymentState.PENDING
    refused = _count(app, Event, Event.action == "payment_callback_refused", Event.result == "bad_signature")
    assert refused == 1
    assert client.post(CALLBACK, data="not json").status_code == 400

    applied = client.post(CALLBACK, json=payment_platform.result(paid))
    answer = applied.get_json()
    assert applied.status_code == 200 and answer["MaLoi"] == "00" and answer["MaThamChieu"] == paid.reference
    assert _payment(app).state is PaymentState.PAID and _payment(app).gateway_reference == "PG0001"
    replay = client.post(CALLBACK, json=payment_platform.result(paid))
    assert replay.status_code == 200 and replay.get_json()["MaLoi"] == "00"
    assert _count(app, Event, Event.action == "payment_received") == 1

    monkeypatch.setenv("MOTCUA_INSTANCE_DIR", str(settings.instance_dir))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MOTCUA_PAYMENT_PLATFORM_URL", payment_platform.url)
    monkeypatch.setenv("MOTCUA_PAYMENT_PLATFORM_PARTNER", payment_platform.partner)
    monkeypatch.setenv("MOTCUA_PAYMENT_PLATFORM_KEY", payment_platform.key)
    runner = CliRunner()
    payment_platform.days[DAY] = [paid]
    clean = runner.invoke(main, ["payments", "reconcile", "--day", "2026-11-23"])
    assert clean.exit_code == 0, clean.output
    assert "1 transactions at the platform, 1 recorded here, 0 differences" in clean.output
    payment_platform.days[DAY] = [paid, Transaction("TT-UNKNOWN", "PG0002", 30_000, True, paid.at)]
    found = runner.invoke(main, ["payments", "reconcile", "--day", "2026-11-23"])
    assert found.exit_code == 0 and "1 differences (1 new)" in found.output
    assert runner.invoke(main, ["payments", "reconcile", "--day", "23/11/2026"]).exit_code == 2
    payment_platform.failing = 1
    down = runner.invoke(main, ["payments", "reconcile", "--day", "2026-11-23"])
    assert down.exit_code == 1 and "503" in down.output

    assert client.get("/staff/payments/reconciliation/").status_code == 403  # an applicant
    client.post("/logout", data={"csrf_token": csrf_token(client, "/my/drafts")})
    sign_in(client, "motcua.ttpv")  # a clerk, not a finance officer
    assert client.get("/staff/payments/reconciliation/").status_code == 404
    client.post("/logout", data={"csrf_token": csrf_token(client, "/staff/tasks")})
    sign_in(client, "ketoan.ttpv")
    page = html.unescape(client.get("/staff/payments/reconciliation/").get_data(as_text=True))
    assert "Cổng thanh toán đã thu, hệ thống chưa ghi nhận" in page and "TT-UNKNOWN" in page
    with app.extensions["motcua"].unit_of_work() as uow:
        difference = uow.session.scalar(select(PaymentDifference.id))
    resolve = f"/staff/payments/reconciliation/{difference}/resolve"
    short = client.post(
        resolve, data={"csrf_token": csrf_token(client, "/staff/payments/reconciliation/"), "note": "x"}
    )
    assert short.status_code == 400 and "Ghi chú xử lý: bắt buộc nhập" in short.get_data(as_text=True)
    note = "Giao dịch thử của ngân hàng, đã đối chiếu sao kê"
    done = client.post(
        resolve, data={"csrf_token": csrf_token(client, "/staff/payments/reconciliation/"), "note": note}
    )
    assert done.status_code == 303
    page = client.get("/staff/payments/reconciliation/").get_data(as_text=True)
    assert "Không có chênh lệch nào cần xử lý." in page and note in page
    assert _count(app, Event, Event.action == "payment_difference_resolved") == 1


def test_an_unreachable_platform_leaves_the_order_pending_and_says_so(app, client, demo, payment_platform):
    code = online_dossier(app, "company_registration_llc1")
    sign_in(client, "nguyenvanan")
    path = f"/my/dossiers/{code}/pay"
    payment_platform.failing = 1
    sent = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert sent.status_code == 303 and urlsplit(sent.headers["Location"]).path == path
    assert "Nền tảng thanh toán quốc gia chưa phản hồi" in client.get(path).get_data(as_text=True)
    assert _payment(app).state is PaymentState.PENDING
