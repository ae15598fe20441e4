"""In the browser: the applicant sees their store, then chooses a stored document in a new dossier's form instead of
uploading it again; the draft says it came from the store."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import select

from engine.models import ApplicantDocument, DocumentOrigin, Dossier, DossierFile
from tests import sample_files
from tests.browser.conftest import Shots, fill_declaration, sign_in
from tests.e2e.portal import DECLARATIONS, desk, online_dossier, required_documents


def test_an_applicant_chooses_a_stored_document_in_the_new_dossier_form(page: Page, shots: Shots, app, demo) -> None:
    first = online_dossier(app)
    desk(app).complete(first, "check_completeness", "motcua.anhoa", decision="complete")
    with app.extensions["motcua"].unit_of_work() as uow:
        stored = uow.session.scalar(
            select(ApplicantDocument).where(ApplicantDocument.origin == DocumentOrigin.SUBMITTED)
        )

    sign_in(page, "nguyenvanan")
    page.get_by_role("link", name="Kho dữ liệu của tôi").first.click()
    expect(page.locator("h1")).to_have_text("Kho dữ liệu của tôi")
    expect(page.get_by_text(f"Đã nộp trong hồ sơ {first}")).to_be_visible()
    shots(page, "my-documents")

    page.goto("/my/dossiers/new/1.001193")
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    page.select_option("#receiving_unit", "000.01.10.H99")
    fill_declaration(page, DECLARATIONS["birth_registration"])
    choice = page.get_by_label("Hoặc dùng giấy tờ trong kho dữ liệu của tôi")
    expect(choice).to_have_count(1)  # offered for the one document the store holds
    choice.select_option(str(stored.id))
    documents = required_documents(app, "birth_registration")
    chosen = next(d for d in documents if d.key == stored.key)
    for document in documents:
        if document.id != chosen.id:
            page.set_input_files(
                f"#document_{document.id}",
                {"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": sample_files.pdf(document.name)},
            )
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu hồ sơ nháp.")).to_be_visible()
    expect(page.get_by_text(f"Dùng từ kho dữ liệu: {stored.filename}")).to_be_visible()
    shots(page, "draft-with-a-stored-document")

    page.get_by_role("button", name="Nộp hồ sơ").click()
    code = page.locator("#dossier-code").inner_text().strip()
    with app.extensions["motcua"].unit_of_work() as uow:
        reused = uow.session.scalar(
            select(DossierFile).join(Dossier).where(Dossier.code == code, DossierFile.document_id == chosen.id)
        )
        assert (reused.store_document_id, reused.sha256) == (stored.id, stored.sha256)
