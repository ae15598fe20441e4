"""After submission: the supplementation request answered with files, the result chosen and downloaded, the rating."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.models import Dossier, DossierStatus, FilePurpose, Rating, Satisfaction
from tests import sample_files
from tests.e2e.conftest import csrf_token, sign_in
from tests.e2e.portal import add_result_file, desk, file_field, online_dossier, required_documents, resolve

ANSWERS = {name: "2" for name in ("total_time", "unit_time", "contacts", "bodies", "one_stop", "published")} | {
    "conduct": "2",
    "feedback": "1",
    "online_progress": "2",
    "ease": "very_satisfied",
    "overall": "satisfied",
    "comment": "Nhanh, gọn",
}


@pytest.fixture
def code(app, demo) -> str:
    return online_dossier(app)


@pytest.fixture
def applicant(client, code):
    sign_in(client, "nguyenvanan")
    return client


def _dossier(app, code) -> Dossier:
    with app.extensions["motcua"].unit_of_work() as uow:
        dossier = uow.session.scalar(select(Dossier).where(Dossier.code == code))
        [f.stored for f in dossier.files]  # loaded before the session closes
        return dossier


def _ask_for(app, code, document):
    desk(app).complete(
        code,
        "check_completeness",
        "motcua.anhoa",
        decision="incomplete",
        missing_documents=[document.id],
        supplement_note="Ảnh giấy chứng sinh bị mờ, không đọc được số",
    )


def test_the_request_names_what_is_missing_and_why_and_the_answer_returns_the_dossier(app, applicant, code):
    document = required_documents(app, "birth_registration")[1]
    _ask_for(app, code, document)
    path = f"/my/dossiers/{code}/supplement"
    page = applicant.get(path).get_data(as_text=True)
    assert document.name.split(";")[0] in page and "Ảnh giấy chứng sinh bị mờ" in page

    field = f"document_{document.id}"
    version = str(_dossier(app, code).version)
    empty = applicant.post(path, data={"csrf_token": csrf_token(applicant, path), "version": version})
    assert empty.status_code == 400 and "chưa tải lên" in empty.get_data(as_text=True)
    wrong = applicant.post(
        path,
        data={"csrf_token": csrf_token(applicant, path), "version": version, field: file_field(b"abc", "a.png")},
        content_type="multipart/form-data",
    )
    assert wrong.status_code == 400 and "không phải PDF, JPEG hoặc PNG" in wrong.get_data(as_text=True)
    assert _dossier(app, code).status is DossierStatus.SUPPLEMENT_REQUESTED

    clear = sample_files.image("JPEG", "white")
    sent = applicant.post(
        path,
        data={
            "csrf_token": csrf_token(applicant, path),
            "version": version,
            field: file_field(clear, "chung-sinh.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert sent.status_code == 303
    dossier = _dossier(app, code)
    assert dossier.status is DossierStatus.NEW
    supplements = [f for f in dossier.files if f.purpose is FilePurpose.SUPPLEMENT]
    assert [(f.filename, f.document_id, f.stored.media_type) for f in supplements] == [
        ("chung-sinh.jpg", document.id, "image/jpeg")
    ]
    assert [t.task_name for t in desk(app).open_tasks(code)] == ["check_completeness"]
    assert "không có yêu cầu bổ sung" in applicant.get(path).get_data(as_text=True)


def test_a_stale_supplement_form_is_refused(app, applicant, code):
    document = required_documents(app, "birth_registration")[1]
    _ask_for(app, code, document)
    path = f"/my/dossiers/{code}/supplement"
    data = {"csrf_token": csrf_token(applicant, path), "version": "1"}
    data[f"document_{document.id}"] = file_field(sample_files.pdf(), "a.pdf")
    assert applicant.post(path, data=data, content_type="multipart/form-data").status_code == 409


def test_the_result_is_chosen_downloaded_by_the_owner_only_and_rated_once(app, client, code):
    sign_in(client, "nguyenvanan")
    result_page = f"/my/dossiers/{code}/result"
    assert "đang được giải quyết" in client.get(result_page).get_data(as_text=True)
    chosen = client.post(result_page, data={"csrf_token": csrf_token(client, result_page), "method": "counter"})
    assert chosen.status_code == 303 and _dossier(app, code).return_method.value == "counter"
    by_post = client.post(result_page, data={"csrf_token": csrf_token(client, result_page), "method": "post"})
    assert by_post.status_code == 400 and "trả tại nơi tiếp nhận hồ sơ" in by_post.get_data(
        as_text=True
    )  # partly online
    bad = client.post(result_page, data={"csrf_token": csrf_token(client, result_page), "method": "pigeon"})
    assert bad.status_code == 400

    rating_page = f"/my/dossiers/{code}/rating"
    early = client.post(rating_page, data={"csrf_token": csrf_token(client, rating_page)} | ANSWERS)
    assert early.status_code == 409

    resolve(app, code)
    signed = sample_files.pdf("Giấy khai sinh")
    file_id = add_result_file(app, code, signed)
    page = client.get(result_page).get_data(as_text=True)
    assert "giay-khai-sinh.pdf" in page and "Đánh giá việc giải quyết hồ sơ" in page
    download = client.get(f"{result_page}/{file_id}")
    assert download.status_code == 200 and download.data == signed
    assert download.mimetype == "application/pdf" and "attachment" in download.headers["Content-Disposition"]
    submitted_file = _dossier(app, code).files[0].id
    assert client.get(f"{result_page}/{submitted_file}").status_code == 404  # not a result file

    partial = client.post(rating_page, data={"csrf_token": csrf_token(client, rating_page), "total_time": "3"})
    assert partial.status_code == 400 and "Chỉ số: chọn một mức 0, 1 hoặc 2." in partial.get_data(as_text=True)
    assert client.post(rating_page, data={"csrf_token": csrf_token(client, rating_page)} | ANSWERS).status_code == 303
    assert "17/18" in client.get(rating_page).get_data(as_text=True)
    again = client.post(rating_page, data={"csrf_token": csrf_token(client, rating_page)} | ANSWERS)
    assert again.status_code == 409
    with app.extensions["motcua"].unit_of_work() as uow:
        rating = uow.session.scalar(select(Rating))
        assert (rating.feedback, rating.ease, rating.overall) == (
            1,
            Satisfaction.VERY_SATISFIED,
            Satisfaction.SATISFIED,
        )
        assert rating.comment == "Nhanh, gọn"

    client.post("/logout", data={"csrf_token": csrf_token(client, result_page)})
    sign_in(client, "anphat")
    for path in (result_page, f"{result_page}/{file_id}", rating_page, f"/my/dossiers/{code}/supplement"):
        assert client.get(path).status_code == 404, path  # someone else's dossier answers as a missing one
    client.post("/logout", data={"csrf_token": csrf_token(client, "/my/drafts")})
    sign_in(client, "motcua.anhoa")
    assert client.get(f"{result_page}/{file_id}").status_code == 403


def test_an_unknown_dossier_is_not_found(applicant):
    assert applicant.get("/my/dossiers/000.00.00.H99-000000-0000/result").status_code == 404
    assert applicant.get("/my/dossiers/000.00.00.H99-000000-0000/submitted").status_code == 404
