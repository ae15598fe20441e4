"""An online applicant hears of every step by email and in the portal, in the language of their account."""

from __future__ import annotations

from sqlalchemy import select, update

from engine.documents.demo_ca import DEMO_PIN
from engine.dossiers.requests import supplement
from engine.models import Channel, OutboxMessage, ProcedureDocument, User
from engine.uploads import Upload
from tests import sample_files


def _messages(desk, code, channel):
    with desk.runtime.unit_of_work() as uow:
        return list(
            uow.session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.channel == channel, OutboxMessage.dedup_key.contains(code))
                .order_by(OutboxMessage.id)
            )
        )


def _online(desk, language="vi"):
    with desk.runtime.unit_of_work() as uow:
        uow.session.execute(update(User).where(User.username == "nguyenvanan").values(language=language))
        uow.commit()
    return desk.submit(by="nguyenvanan", channel=Channel.ONLINE)


def test_each_step_reaches_the_applicants_inbox_and_the_portal_in_english(desk):
    code = _online(desk, "en")
    with desk.runtime.unit_of_work() as uow:
        document = uow.session.scalars(
            select(ProcedureDocument)
            .where(ProcedureDocument.procedure_version_id == desk.dossier(code).procedure_version_id)
            .order_by(ProcedureDocument.position)
        ).all()[1]
    desk.complete(
        code,
        "check_completeness",
        "motcua.anhoa",
        decision="incomplete",
        missing_documents=[document.id],
        supplement_note="Giấy chứng sinh bị mờ",
    )
    supplement(
        desk.runtime,
        desk.runtime.unit_of_work(),
        dossier_code=code,
        actor_id=desk.user_id("nguyenvanan"),
        expected_version=desk.dossier(code).version,
        files={document.id: Upload("giay-chung-sinh.pdf", sample_files.pdf("Giấy chứng sinh"))},
    )
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    desk.complete(code, "review", "chuyenvien.anhoa", proposal="result", draft_summary="Cấp Giấy khai sinh")
    desk.complete(code, "department_approval", "truongphong.anhoa", decision="approve")
    desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)

    mails = _messages(desk, code, "email")
    assert {m.recipient for m in mails} == {"nguyenvanan@example.vn"}
    assert [m.subject for m in mails] == [
        f"Dossier {code} has been sent",
        f"Dossier {code}: papers are missing",
        f"Dossier {code} is received; result due 17:00 on 23/11/2026",
        f"The result of dossier {code} is ready",
    ]
    assert "has been sent to An Hoa Ward People's Committee." in mails[0].body
    missing = mails[1].body
    assert document.name in missing and "Giấy chứng sinh bị mờ" in missing and "Birth registration" in missing
    received = mails[2].body  # what to bring and what it costs (Kon Tum rules Art. 14.3)
    assert "please bring to show: Passport or citizen identity card of the person registering." in received
    assert "Fees: Fee for timely birth registration: free; Fee for late birth registration: 8,000 VND" in received
    assert "Please bring your dossier receipt" in mails[3].body
    assert all(m.body.endswith(f"http://127.0.0.1:5000/my/dossiers/{code}") for m in mails)
    assert all(m.sent_at is None for m in mails)  # the scheduler delivers them

    portal = _messages(desk, code, "portal")
    assert [(m.subject, m.body) for m in portal] == [(m.subject, m.body) for m in mails]
    assert {m.recipient for m in portal} == {f"user:{desk.user_id('nguyenvanan')}"}
    assert all(m.sent_at == m.created_at for m in portal)


def test_a_counter_dossier_is_told_in_vietnamese_with_the_public_lookup_link(desk):
    code = desk.submit()
    desk.complete(
        code, "check_completeness", "motcua.anhoa", decision="ineligible", refusal_reason="Không thuộc thẩm quyền"
    )
    mails = _messages(desk, code, "email")
    assert [m.subject for m in mails] == [f"Hồ sơ {code} đã được gửi", f"Hồ sơ {code} không được giải quyết"]
    assert "Lý do: Không thuộc thẩm quyền" in mails[1].body
    assert mails[1].body.endswith(f"http://127.0.0.1:5000/lookup?code={code}")
    assert _messages(desk, code, "portal") == []


def test_the_received_notice_says_what_to_show_and_what_it_costs(desk):
    code = desk.submit(procedure="marriage_registration")
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    received = _messages(desk, code, "email")[-1].body
    assert "xin mang theo để xuất trình: Giấy tờ tùy thân của hai bên nam, nữ" in received
    assert "Phí, lệ phí: Lệ phí đăng ký kết hôn: miễn." in received


def test_an_applicant_who_left_only_a_phone_number_is_told_by_sms(desk):
    code = desk.submit(email="", phone="0912 345 678")
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    assert _messages(desk, code, "email") == []
    texts = [(m.recipient, m.body) for m in _messages(desk, code, "sms")]
    assert texts == [
        ("0912345678", f"Ho so {code} da duoc gui. Chi tiet: http://127.0.0.1:5000/lookup?code={code}"),
        (
            "0912345678",
            f"Ho so {code} da duoc tiep nhan, hen tra ket qua 17:00 ngay 23/11/2026. "
            f"Chi tiet: http://127.0.0.1:5000/lookup?code={code}",
        ),
    ]
    assert all(body.isascii() for _to, body in texts)
