"""The agency leader signs on the task page with the certificate's PIN; the signed result lands on the dossier page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.documents.demo_ca import DEMO_PIN
from engine.dossiers.tasks import complete_task
from engine.models import Dossier, TaskRow, TaskState, User
from tests.e2e.conftest import csrf_token, sign_in
from tests.pdf_tools import pdf_text

pytestmark = pytest.mark.usefixtures("demo")

BEFORE_SIGNING = [
    ("check_completeness", "motcua.anhoa", {"decision": "complete"}),
    ("hand_over", "motcua.anhoa", {}),
    (
        "review",
        "chuyenvien.anhoa",
        {
            "proposal": "result",
            "draft_summary": "Đủ điều kiện đăng ký khai sinh",
            "result_child_name": "Lê Minh Khôi",
            "result_child_date_of_birth": "2026-10-20",
            "result_place_of_birth": "Bệnh viện Đa khoa tỉnh Thái An",
            "result_personal_id": "046226001234",
        },
    ),
    ("department_approval", "truongphong.anhoa", {"decision": "approve"}),
]


def _open_task(session, code: str, name: str) -> TaskRow:
    return session.scalar(
        select(TaskRow)
        .join(Dossier, TaskRow.dossier_id == Dossier.id)
        .where(Dossier.code == code, TaskRow.task_name == name, TaskRow.state == TaskState.OPEN)
    )


@pytest.fixture
def sign_task(app, dossier) -> int:
    rt = app.extensions["motcua"]
    for name, login, form in BEFORE_SIGNING:
        with rt.unit_of_work() as uow:
            task = _open_task(uow.session, dossier, name)
            actor = uow.session.scalar(select(User.id).where(User.username == login))
            version = uow.session.scalar(select(Dossier.version).where(Dossier.code == dossier))
        complete_task(rt, rt.unit_of_work(), task_id=task.id, actor_id=actor, data=form, expected_version=version)
    with rt.unit_of_work() as uow:
        return _open_task(uow.session, dossier, "sign").id


def _post(client, task_id: int, pin: str):
    page = client.get(f"/staff/tasks/{task_id}").get_data(as_text=True)
    assert 'type="password"' in page  # the PIN is typed in a password field, never echoed
    version = page.split('name="version" value="')[1].split('"')[0]
    token = csrf_token(client, f"/staff/tasks/{task_id}")
    return client.post(
        f"/staff/tasks/{task_id}", data={"csrf_token": token, "version": version, "decision": "sign", "pin": pin}
    )


def test_a_wrong_pin_is_said_next_to_the_field_and_a_right_one_signs(client, dossier, sign_task):
    sign_in(client, "lanhdao.anhoa")
    wrong = _post(client, sign_task, "000000")
    assert wrong.status_code == 400 and "Mã PIN" in wrong.get_data(as_text=True)
    assert "000000" not in wrong.get_data(as_text=True)
    assert _post(client, sign_task, DEMO_PIN).status_code == 303
    page = client.get(f"/staff/dossiers/{dossier}").get_data(as_text=True)
    assert "Kết quả đã ký số" in page
    link = page.split('href="/files/')[1].split('"')[0]
    pdf = client.get(f"/files/{link}")
    text = pdf_text(pdf.data)
    assert pdf.mimetype == "application/pdf" and "GIẤY KHAI SINH" in text and "Lê Minh Khôi" in text
    assert "Số: 1/KS-UBND" in text


def test_a_specialist_cannot_sign(client, sign_task):
    sign_in(client, "chuyenvien.anhoa")
    assert client.get(f"/staff/tasks/{sign_task}").status_code == 404
