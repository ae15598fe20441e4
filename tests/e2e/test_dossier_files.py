"""Dossier files: previewed and downloaded by who may see the dossier; anyone else gets 404, even guessing ids."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from engine.models import DossierFile
from tests.e2e.conftest import receive_at_counter, sign_in, sign_out
from tests.scans import pdf_scan, png_scan

pytestmark = pytest.mark.usefixtures("demo")


@pytest.fixture
def files(app, client) -> list[int]:
    """A company registration received at the provincial centre with a PDF and a PNG; the clerk signs out."""
    sign_in(client, "motcua.ttpv")
    scans = {0: (pdf_scan("Giay de nghi"), "giay-de-nghi.pdf"), 1: (png_scan(), "dieu-le.png")}
    assert receive_at_counter(client, "company_registration_llc1", "Công ty TNHH Hải Đăng", scans).status_code == 303
    sign_out(client)
    with app.extensions["motcua"].unit_of_work() as uow:
        return list(uow.session.scalars(select(DossierFile.id).order_by(DossierFile.id)))


def test_the_receiving_clerk_previews_and_downloads(client, files):
    sign_in(client, "motcua.ttpv")
    pdf, png = files
    shown = client.get(f"/files/{pdf}")
    assert shown.status_code == 200 and shown.mimetype == "application/pdf"
    assert shown.data == pdf_scan("Giay de nghi") and shown.headers["Content-Disposition"].startswith("attachment")
    assert shown.headers["X-Content-Type-Options"] == "nosniff"
    downloaded = client.get(f"/files/{png}?download=1")
    assert downloaded.mimetype == "image/png"
    assert (
        downloaded.headers["Content-Disposition"].startswith("attachment")
        and "dieu-le.png" in downloaded.headers["Content-Disposition"]
    )


def test_the_task_page_previews_images_and_pdfs_inline(client, files):
    sign_in(client, "motcua.ttpv")
    inbox = client.get("/staff/tasks").get_data(as_text=True)
    task = re.search(r"/staff/tasks/(\d+)", inbox).group(1)
    page = client.get(f"/staff/tasks/{task}").get_data(as_text=True)
    assert f'<img class="preview" src="/files/{files[1]}"' in page
    assert f'<iframe src="/files/{files[0]}/preview"' in page
    assert f'href="/files/{files[0]}?download=1"' in page


@pytest.mark.parametrize(
    "login",
    ["motcua.anhoa", "motcua.tanlap", "chuyenvien.snnmt", "lanhdao.stp", "bientap", "quantri", "nguyenvanan", "anphat"],
)
def test_people_of_other_units_and_applicants_get_nothing(client, files, login):
    sign_in(client, login)
    for file_id in [*files, max(files) + 1, 0]:
        assert client.get(f"/files/{file_id}").status_code == 404
        assert client.get(f"/files/{file_id}?download=1").status_code == 404


def test_the_resolving_agency_and_the_supervisor_may_see_them(client, files):
    for login in ("chuyenvien.stc", "lanhdao.stc", "giamsat"):
        sign_in(client, login)
        assert client.get(f"/files/{files[0]}").status_code == 200, login
        sign_out(client)


def test_signed_out_visitors_are_sent_to_sign_in(client, files):
    response = client.get(f"/files/{files[0]}")
    assert response.status_code == 302 and "/login" in response.location
