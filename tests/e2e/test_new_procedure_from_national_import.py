"""A procedure new to the province, imported from the national database, is a first draft in the procedure desk:
listed, opened, edited and published as version 1 through the same pages as any other procedure."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from engine.models import Procedure, ProcedureDraft, ProcedureVersion
from tests.e2e.conftest import csrf_token, editor_fields, sign_in
from webapp.cli import main

EXPORT = Path(__file__).parents[1] / "integration" / "catalog" / "national_export.json"
NEW = "1.000593"  # Thủ tục đăng ký kết hôn lưu động: no version in the demo province
PAGE = f"/admin/procedures/{NEW}"


@pytest.fixture
def imported(settings, demo, monkeypatch) -> None:
    monkeypatch.setenv("MOTCUA_INSTANCE_DIR", str(settings.instance_dir))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(main, ["procedures", "import", str(EXPORT), "--by", "quantri"])
    assert f"{NEW}: created" in result.stdout


def _post(client, path: str, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, PAGE), **data})


def test_a_new_procedure_is_opened_edited_and_published_from_the_desk(app, client, imported):
    sign_in(client, "quantri")
    listed = client.get("/admin/procedures/?q=ket+hon+luu+dong").get_data(as_text=True)
    assert NEW in listed and "có bản nháp" in listed
    page = client.get(PAGE)
    assert page.status_code == 200 and "Thủ tục mới, chưa có phiên bản nào được công bố" in page.get_data(as_text=True)

    fields = editor_fields(page.get_data(as_text=True))
    saved = _post(client, f"{PAGE}/draft", **{**fields, "result_type": "Giấy chứng nhận kết hôn", "reason": "Rà soát"})
    assert saved.status_code == 303
    assert "Giấy chứng nhận kết hôn" in client.get(PAGE).get_data(as_text=True)

    published = _post(client, f"{PAGE}/publish", when="now", reason="Áp dụng tại tỉnh", revision="2")
    assert published.status_code == 303, published.get_data(as_text=True)
    assert "Đã công bố phiên bản 1" in client.get(PAGE).get_data(as_text=True)
    with app.extensions["motcua"].unit_of_work() as uow:
        procedure = uow.session.scalar(select(Procedure).where(Procedure.code == NEW))
        [version] = uow.session.scalars(select(ProcedureVersion).where(ProcedureVersion.procedure_id == procedure.id))
        assert version.version == 1 and version.entry["result_type"] == "Giấy chứng nhận kết hôn"
        assert uow.session.scalar(select(ProcedureDraft).where(ProcedureDraft.procedure_id == procedure.id)) is None
    assert client.get(f"/procedures/{NEW}").status_code == 200


def test_a_discarded_first_draft_leaves_nothing_to_open(client, imported):
    sign_in(client, "quantri")
    assert _post(client, f"{PAGE}/discard", reason="Không áp dụng tại tỉnh", revision="1").status_code == 303
    assert client.get(PAGE).status_code == 404
    assert NEW not in client.get("/admin/procedures/").get_data(as_text=True)


def test_a_procedure_manager_does_not_see_a_commune_procedures_first_draft(client, imported):
    sign_in(client, "quanly.stc")
    assert NEW not in client.get("/admin/procedures/").get_data(as_text=True)
    assert client.get(PAGE).status_code == 403
