"""'My dossiers': an applicant follows their own dossiers (status, step, due moment, what is asked of them),
and never anybody else's, whatever code they try."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.dossiers.tasks import complete_task
from engine.models import Dossier, ProcedureDocument, TaskRow, TaskState, User
from tests.e2e.conftest import sign_in
from tests.e2e.portal import submit_online

pytestmark = pytest.mark.usefixtures("demo")


def _user_id(rt, username):
    with rt.unit_of_work() as uow:
        return uow.session.scalar(select(User.id).where(User.username == username))


def _check(app, code, **data):
    """The ward's clerk completes the reception check of the dossier with this form."""
    rt = app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        task_id, version = uow.session.execute(
            select(TaskRow.id, Dossier.version)
            .join(Dossier, TaskRow.dossier_id == Dossier.id)
            .where(Dossier.code == code, TaskRow.state == TaskState.OPEN)
        ).one()
        document_id = uow.session.scalar(
            select(ProcedureDocument.id).where(ProcedureDocument.name.startswith("Giấy chứng sinh"))
        )
    if data["decision"] == "incomplete":
        data["missing_documents"] = [document_id]
    actor = _user_id(rt, "motcua.anhoa")
    complete_task(rt, rt.unit_of_work(), task_id=task_id, actor_id=actor, expected_version=version, data=data)


def test_an_applicant_sees_status_step_due_moment_and_what_is_asked(app, client):
    first = submit_online(app, "nguyenvanan")
    second = submit_online(app, "nguyenvanan", "marriage_registration")
    _check(app, first, decision="incomplete", supplement_note="Bản chụp bị mờ")
    sign_in(client, "nguyenvanan")

    page = client.get("/my/dossiers").get_data(as_text=True)
    assert page.index(second) < page.index(first)  # newest first
    assert "Cần bổ sung giấy tờ" in page and "Bạn cần bổ sung giấy tờ." in page
    assert f'href="/my/dossiers/{first}/supplement"' in page
    assert "Mới gửi, chờ tiếp nhận" in page and "Bộ phận một cửa đang kiểm tra hồ sơ" in page

    one = client.get(f"/my/dossiers/{first}").get_data(as_text=True)
    assert "Thủ tục đăng ký khai sinh" in one and "Ủy ban nhân dân phường An Hòa" in one
    assert "Giấy chứng sinh" in one and "Bản chụp bị mờ" in one  # the request, in full
    assert f"Hồ sơ {first} cần bổ sung giấy tờ" in one and f"Hồ sơ {first} đã được gửi" in one  # portal notices
    assert "046090001234" in one and "0912345678" in one  # their own data, shown to them


def test_the_due_moment_shows_once_the_dossier_is_received(app, client):
    code = submit_online(app, "nguyenvanan")
    _check(app, code, decision="complete")
    sign_in(client, "nguyenvanan")
    page = client.get(f"/my/dossiers/{code}").get_data(as_text=True)
    assert "Đã tiếp nhận" in page and "17:00 23/11/2026" in page
    assert "Bạn không cần làm gì thêm lúc này." in page


def test_guessing_codes_shows_nothing_of_other_peoples_dossiers(app, client, dossier):
    theirs = submit_online(app, "anphat", "certified_copy")
    mine = submit_online(app, "nguyenvanan")
    sign_in(client, "nguyenvanan")
    listed = client.get("/my/dossiers").get_data(as_text=True)
    assert mine in listed and theirs not in listed and dossier not in listed
    for code in (theirs, dossier, "000.01.10.H99-261123-0009", "../admin"):
        response = client.get(f"/my/dossiers/{code}")
        assert response.status_code == 404
        assert "An Phát" not in response.get_data(as_text=True)
    assert client.get(f"/my/dossiers/{mine}").status_code == 200


def test_my_dossiers_are_for_applicants_signed_in(client):
    assert client.get("/my/dossiers").status_code == 302
    sign_in(client, "motcua.anhoa")
    assert client.get("/my/dossiers").status_code == 403
