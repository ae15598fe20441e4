"""The clerk records a fee paid by bank transfer or at the post office: the slip's number is required and recorded
once per method, the amount must be the dossier's fee, the day may not be in the future; every refusal says why and
writes nothing. The applicant and the dossier's history see the payment."""

from __future__ import annotations

import html

from sqlalchemy import func, select

from engine.models import Event, Payment, PaymentMethod
from tests.e2e.conftest import csrf_token, sign_in, sign_out
from tests.e2e.portal import online_dossier

TODAY = "2026-11-23"  # the test clock's day


def _count(app, model, *where) -> int:
    with app.extensions["motcua"].unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(model).where(*where))


def _record(client, path, **fields):
    data = {"csrf_token": csrf_token(client, path), "method": "bank_transfer", "paid_on": TODAY, **fields}
    return client.post(path, data=data)


def test_a_bank_transfer_needs_a_new_number_the_fee_and_a_past_day(app, client, demo):
    code = online_dossier(app, "birth_registration")  # lệ phí 8.000 đ (late registration) or none
    sign_in(client, "motcua.anhoa")
    path = f"/staff/dossiers/{code}/payments"

    missing = _record(client, path, amount="8000", receipt_number=" ")
    assert missing.status_code == 400 and "Số biên lai, số giao dịch: bắt buộc nhập." in missing.get_data(as_text=True)
    wrong = _record(client, path, amount="9000", receipt_number="FT2611230001")
    assert wrong.status_code == 400
    assert "Số tiền: 9.000 đồng không khớp phí, lệ phí của hồ sơ (8.000, 16.000 đồng)." in wrong.get_data(as_text=True)
    future = _record(client, path, amount="8000", receipt_number="FT2611230001", paid_on="2026-11-24")
    assert future.status_code == 400 and "Ngày nộp: không được sau ngày hôm nay." in future.get_data(as_text=True)
    unreadable = _record(client, path, amount="8000", receipt_number="FT2611230001", paid_on="23/13/2026")
    assert unreadable.status_code == 400 and "Ngày nộp: bắt buộc" in unreadable.get_data(as_text=True)
    unknown = _record(client, path, amount="8000", receipt_number="FT2611230001", method="bitcoin")
    assert unknown.status_code == 400 and "Hình thức nộp" in unknown.get_data(as_text=True)
    assert _count(app, Payment) == 0 and _count(app, Event, Event.action == "payment_received") == 0

    done = _record(client, path, amount="8.000", receipt_number="FT2611230001")
    assert done.status_code == 303
    page = client.get(path).get_data(as_text=True)
    assert "Chuyển khoản" in page and "Số FT2611230001, ngày 23/11/2026" in page

    again = _record(client, path, amount="8000", receipt_number="FT2611230001")
    assert again.status_code == 400
    assert "FT2611230001 đã được ghi nhận cho hình thức nộp này" in again.get_data(as_text=True)
    assert _count(app, Payment) == 1
    post = _record(client, path, amount="8000", receipt_number="FT2611230001", method="post_office")
    assert post.status_code == 303  # the same number at another channel is another slip
    with app.extensions["motcua"].unit_of_work() as uow:
        methods = [(p.method, p.receipt_number) for p in uow.session.scalars(select(Payment).order_by(Payment.id))]
    assert methods == [(PaymentMethod.BANK_TRANSFER, "FT2611230001"), (PaymentMethod.POST_OFFICE, "FT2611230001")]

    history = client.get(f"/staff/dossiers/{code}").get_data(as_text=True)
    assert "Nhận thanh toán phí, lệ phí" in history
    sign_out(client)
    sign_in(client, "nguyenvanan")
    mine = client.get(f"/my/dossiers/{code}/pay").get_data(as_text=True)
    assert "Chuyển khoản số FT2611230001, ngày 23/11/2026" in mine
    assert "Nộp qua bưu điện số FT2611230001" in mine


def test_the_refusals_read_in_english(app, client, demo):
    code = online_dossier(app, "birth_registration")
    sign_in(client, "motcua.anhoa")
    client.get("/lang/en")
    path = f"/staff/dossiers/{code}/payments"
    missing = _record(client, path, amount="9000", receipt_number="", method="post_office")
    page = html.unescape(missing.get_data(as_text=True))
    assert missing.status_code == 400
    assert "Receipt or transaction number: required." in page
    assert "Amount: 9.000 đồng does not match the dossier's fee (8.000, 16.000 đồng)." in page
