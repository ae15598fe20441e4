"""Q&A through the web: ask on the public page, the editor routes, the agency answers, the editor publishes."""

from __future__ import annotations

import io
import re

from tests import sample_files
from tests.e2e.conftest import csrf_token, sign_in

ASK = {
    "name": "Nguyễn Văn Hỏi",
    "email": "hoi@example.vn",
    "topic": "ho_tich",
    "title": "Đăng ký khai sinh quá hạn",
    "body": "Con tôi sinh đã 3 tháng, tôi đăng ký khai sinh ở đâu và cần giấy tờ gì?",
}


def _ask(client, **fields):
    token = csrf_token(client, "/questions/ask")
    return client.post("/questions/ask", data={"csrf_token": token, **ASK, **fields})


def _complete(client, code, **form):
    page = client.get(f"/staff/questions/{code}").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    token = csrf_token(client, f"/staff/questions/{code}")
    return client.post(f"/staff/questions/{code}", data={"csrf_token": token, "version": version, **form})


def _sign_out(client):
    client.post("/logout", data={"csrf_token": csrf_token(client, "/staff/questions")})


def test_ask_route_answer_publish_then_search_without_accents(client, demo):
    asked = _ask(client)
    assert asked.status_code == 303
    code = re.search(r"code=(HD-[A-Z0-9]{4}-[A-Z0-9]{4})", asked.headers["Location"]).group(1)
    tracking = client.get(f"/questions/track?code={code}").get_data(as_text=True)
    assert "Chờ ban biên tập phân loại" in tracking

    sign_in(client, "bientap")
    assert code in client.get("/staff/questions").get_data(as_text=True)
    routed = _complete(client, code, decision="accept", agency="000.00.31.H99", topic="ho_tich")
    assert routed.status_code == 303
    _sign_out(client)

    sign_in(client, "chuyenvien.stp")
    assert code in client.get("/staff/questions").get_data(as_text=True)
    answered = _complete(client, code, kind="answer", answer="Ông/bà nộp tờ khai tại UBND xã nơi cư trú.")
    assert answered.status_code == 303
    _sign_out(client)

    sign_in(client, "bientap")
    published = _complete(
        client,
        code,
        decision="publish",
        public_title="Đăng ký khai sinh quá hạn",
        public_question="Con tôi sinh đã 3 tháng, đăng ký khai sinh ở đâu?",
        public_answer="Nộp tờ khai tại UBND xã nơi cư trú.",
    )
    assert published.status_code == 303
    listing = client.get("/questions?q=khai+sinh+qua+han").get_data(as_text=True)
    assert "Đăng ký khai sinh quá hạn" in listing
    assert "Nguyễn Văn Hỏi" not in listing
    assert "Đăng ký khai sinh quá hạn" not in client.get("/questions?topic=dat_dai").get_data(as_text=True)
    assert "Đã trả lời và công khai" in client.get(f"/questions/track?code={code}").get_data(as_text=True)


def test_bad_input_is_refused_by_field_without_a_write(client, demo):
    refused = _ask(client, email="", phone="", body="ngắn")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "nhập ít nhất một cách liên hệ" in page and "Nội dung câu hỏi" in page


def test_an_attachment_is_checked_by_its_content(client, demo):
    fake = _ask(client, attachment=(io.BytesIO(b"MZ\x90\x00 not a pdf"), "cau-hoi.pdf"))
    assert fake.status_code == 400 and "«cau-hoi.pdf» không phải PDF, JPEG hoặc PNG" in fake.get_data(as_text=True)
    pdf = _ask(client, attachment=(io.BytesIO(sample_files.pdf("Ảnh chụp thông báo")), "thong-bao.pdf"))
    assert pdf.status_code == 303


def test_asking_is_rate_limited(client, demo):
    statuses = [_ask(client).status_code for _ in range(6)]
    assert statuses == [303] * 5 + [429]


def test_an_unknown_tracking_code_is_a_404(client, demo):
    assert client.get("/questions/track?code=HD-AAAA-AAAA").status_code == 404


def test_the_report_is_for_supervisors_and_editors(client, demo):
    _ask(client)
    sign_in(client, "chuyenvien.stp")
    assert client.get("/staff/questions/report").status_code == 403
    _sign_out(client)
    sign_in(client, "giamsat")
    page = client.get("/staff/questions/report?from=2026-11-01&to=2026-11-30")
    assert page.status_code == 200 and "Ban biên tập (chưa chuyển cơ quan)" in page.get_data(as_text=True)


def test_a_question_task_is_not_a_dossier_task(client, demo):
    _ask(client)
    sign_in(client, "bientap")
    page = client.get("/staff/questions").get_data(as_text=True)
    code = re.search(r"/staff/questions/(HD-[A-Z0-9]{4}-[A-Z0-9]{4})", page).group(1)
    assert code not in client.get("/staff/tasks").get_data(as_text=True)
    with client.application.extensions["motcua"].unit_of_work() as uow:
        from sqlalchemy import select

        from engine.models import TaskRow

        task_id = uow.session.scalar(select(TaskRow.id).where(TaskRow.dossier_id.is_(None)))
    assert client.get(f"/staff/tasks/{task_id}").status_code == 404
    token = csrf_token(client, "/staff/questions")
    assert client.post(f"/staff/tasks/{task_id}/claim", data={"csrf_token": token}).status_code == 404


def test_applicants_and_other_agencies_cannot_open_a_question(client, demo):
    _ask(client)
    sign_in(client, "bientap")
    code = re.search(
        r"/staff/questions/(HD-[A-Z0-9-]{9})", client.get("/staff/questions").get_data(as_text=True)
    ).group(1)
    _sign_out(client)
    sign_in(client, "chuyenvien.stc")
    assert client.get(f"/staff/questions/{code}").status_code == 404  # as a missing one: codes cannot be probed
    _sign_out(client)
    sign_in(client, "nguyenvanan")
    assert client.get(f"/staff/questions/{code}").status_code == 403  # the staff side, to an applicant


def test_a_signed_in_applicant_starts_from_their_account(client, demo):
    sign_in(client, "nguyenvanan")
    page = client.get("/questions/ask").get_data(as_text=True)
    assert re.search(r'id="name" name="name" value="[^"]+"', page)
    assert 'id="title" name="title" value=""' in page


def test_the_editor_opens_a_closed_question_by_its_code(client, demo):
    code = re.search(r"code=(HD-[A-Z0-9-]+)", _ask(client).headers["Location"]).group(1)
    sign_in(client, "bientap")
    _complete(client, code, decision="out_of_scope", reply="Câu hỏi không thuộc phạm vi trả lời.")
    assert f"/staff/questions/{code}" not in client.get("/staff/questions").get_data(as_text=True)
    opened = client.get(f"/staff/questions?code={code.lower()}", follow_redirects=True).get_data(as_text=True)
    assert "Không thuộc phạm vi trả lời" in opened and "Câu hỏi không thuộc phạm vi trả lời." in opened


def test_a_refused_question_step_reads_in_english(client, demo):
    asked = _ask(client)
    code = re.search(r"code=(HD-[A-Z0-9]{4}-[A-Z0-9]{4})", asked.headers["Location"]).group(1)
    sign_in(client, "bientap")
    client.get("/lang/en")
    token = csrf_token(client, f"/staff/questions/{code}")
    route = {"decision": "accept", "agency": "000.00.31.H99", "topic": "ho_tich"}
    stale = client.post(f"/staff/questions/{code}", data={"csrf_token": token, "version": "99", **route})
    assert f"Question {code} was just updated by someone else." in stale.get_data(as_text=True)
