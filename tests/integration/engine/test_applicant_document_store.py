"""The applicant's document store: a received online dossier's files and a returned result enter it, and a second
dossier takes a stored document instead of asking for it again (Decree 118/2025 Art. 4.2a)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from engine.catalog.procedures import current_version
from engine.documents.demo_ca import DEMO_PIN
from engine.dossiers import drafts
from engine.errors import InvalidData
from engine.models import (
    ApplicantDocument,
    DocumentKind,
    DocumentOrigin,
    Dossier,
    DossierFile,
    FilePurpose,
    ProcedureDocument,
)
from engine.store.filing import add_months
from engine.store.shelf import my_documents, offers, set_hidden
from engine.uploads import Upload
from tests import sample_files
from tests.e2e.portal import DECLARATIONS

APPLICANT = "nguyenvanan"
UNIT = "000.01.10.H99"


def _draft(desk, procedure: str, login: str = APPLICANT) -> tuple[int, dict[str, int]]:
    """A new draft and its documents' ids by key."""
    runtime = desk.runtime
    draft_id = drafts.start_draft(runtime, runtime.unit_of_work(), procedure=procedure, actor_id=desk.user_id(login))
    with runtime.unit_of_work() as uow:
        documents = drafts.own_draft(uow.session, draft_id, desk.user_id(login)).procedure_version.documents
        return draft_id, {d.key: d.id for d in documents}


def _fill(desk, draft_id: int, procedure: str, login: str = APPLICANT, **choices) -> None:
    runtime = desk.runtime
    drafts.update_draft(
        runtime,
        runtime.unit_of_work(),
        draft_id=draft_id,
        actor_id=desk.user_id(login),
        receiving_unit=UNIT,
        return_method="counter",
        declaration=DECLARATIONS[procedure],
        **choices,
    )


def _uploads(desk, draft_id: int, skip: set[int] = frozenset()) -> dict[int, Upload]:
    with desk.runtime.unit_of_work() as uow:
        version = uow.session.get(drafts.Draft, draft_id).procedure_version
        return {
            d.id: Upload(f"giay-to-{d.position}.pdf", sample_files.pdf(d.name))
            for d in version.documents
            if d.required and d.kept and d.id not in skip
        }


def _submit(desk, draft_id: int, login: str = APPLICANT) -> str:
    runtime = desk.runtime
    return drafts.submit_draft(
        runtime, runtime.unit_of_work(), draft_id=draft_id, actor_id=desk.user_id(login)
    ).dossier_code


def _store(desk, login: str = APPLICANT) -> list[ApplicantDocument]:
    with desk.runtime.unit_of_work() as uow:
        return my_documents(uow.session, desk.user_id(login))


def _returned_birth_registration(desk) -> str:
    draft_id, _ = _draft(desk, "birth_registration")
    _fill(desk, draft_id, "birth_registration", files=_uploads(desk, draft_id))
    code = _submit(desk, draft_id)
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    desk.complete(code, "review", "chuyenvien.anhoa", proposal="result", draft_summary="Cấp Giấy khai sinh bản chính")
    desk.complete(code, "department_approval", "truongphong.anhoa", decision="approve")
    desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    desk.complete(code, "return_result", "motcua.anhoa", return_method="counter", receiver_name="Nguyễn Văn An")
    return code


def test_received_files_and_the_returned_result_enter_the_store(desk):
    draft_id, _ = _draft(desk, "birth_registration")
    _fill(desk, draft_id, "birth_registration", files=_uploads(desk, draft_id))
    code = _submit(desk, draft_id)
    assert _store(desk) == []
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    (certificate,) = _store(desk)  # the declaration is filled anew for each dossier: not kept
    assert (certificate.origin, certificate.dossier_code, certificate.issued_on) == (
        DocumentOrigin.SUBMITTED,
        code,
        None,
    )
    assert certificate.title.startswith("Giấy chứng sinh")

    code = _returned_birth_registration(desk)
    result = next(d for d in _store(desk) if d.origin is DocumentOrigin.RESULT)
    dossier = desk.dossier(code)
    assert (result.key, result.title, result.dossier_code) == ("giay_khai_sinh", "Giấy khai sinh", code)
    assert result.issuing_agency_id == dossier.resolving_agency_id
    assert result.issued_on == dossier.resolved_at.astimezone(desk.runtime.tz).date()
    with desk.runtime.unit_of_work() as uow:
        signed = uow.session.scalar(
            select(DossierFile).where(DossierFile.dossier_id == dossier.id, DossierFile.purpose == FilePurpose.RESULT)
        )
        assert result.sha256 == signed.sha256
    assert len([d for d in _store(desk) if d.origin is DocumentOrigin.SUBMITTED]) == 1  # the same scan, kept once


def test_a_second_dossier_reuses_a_stored_document(desk):
    first = _returned_birth_registration(desk)
    (certificate,) = [d for d in _store(desk) if d.origin is DocumentOrigin.SUBMITTED]
    draft_id, ids = _draft(desk, "birth_registration")
    wanted = ids[certificate.key]
    with desk.runtime.unit_of_work() as uow:
        version = uow.session.get(drafts.Draft, draft_id).procedure_version
        offered = offers(uow.session, desk.user_id(APPLICANT), version.documents, desk.clock.now().date())
    assert {document_id: [d.id for d in stored] for document_id, stored in offered.items()} == {
        wanted: [certificate.id]
    }

    uploads = _uploads(desk, draft_id, {wanted})
    _fill(desk, draft_id, "birth_registration", files=uploads, from_store={wanted: certificate.id})
    code = _submit(desk, draft_id)
    with desk.runtime.unit_of_work() as uow:
        dossier = uow.session.scalar(select(Dossier).where(Dossier.code == code))
        reused = next(f for f in dossier.files if f.document_id == wanted)
        assert (reused.store_document_id, reused.sha256) == (certificate.id, certificate.sha256)
        assert reused.store_document.dossier_code == first
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    assert len([d for d in _store(desk) if d.key == certificate.key]) == 1  # came from the store: not added again


def test_an_issued_result_is_offered_wherever_its_key_is_asked_for(desk):
    _returned_birth_registration(desk)
    (result,) = [d for d in _store(desk) if d.origin is DocumentOrigin.RESULT]
    asked = ProcedureDocument(id=-1, key="giay_khai_sinh", name="Bản sao Giấy khai sinh", kind=DocumentKind.COPY)
    with desk.runtime.unit_of_work() as uow:
        offered = offers(uow.session, result.owner_id, [asked], desk.clock.now().date())
        assert [d.id for d in offered[-1]] == [result.id]
        assert offers(uow.session, desk.user_id("anphat"), [asked], desk.clock.now().date()) == {}


@pytest.fixture
def stored(desk) -> ApplicantDocument:
    _returned_birth_registration(desk)
    return next(d for d in _store(desk) if d.origin is DocumentOrigin.SUBMITTED)


def _refused_choice(desk, stored: ApplicantDocument, stored_id: int | None = None, login: str = APPLICANT) -> str:
    draft_id, ids = _draft(desk, "birth_registration", login)
    with pytest.raises(InvalidData) as refused:
        _fill(desk, draft_id, "birth_registration", login, from_store={ids[stored.key]: stored_id or stored.id})
    return refused.value.errors[f"document_{ids[stored.key]}"]


def test_only_the_applicants_own_visible_and_valid_documents_are_accepted(desk, stored):
    assert "không còn dùng được từ kho dữ liệu" in _refused_choice(desk, stored, login="anphat")
    assert "không còn dùng được từ kho dữ liệu" in _refused_choice(desk, stored, 999_999)
    set_hidden(desk.runtime, desk.runtime.unit_of_work(), document_id=stored.id, actor_id=stored.owner_id, hidden=True)
    assert "không còn dùng được từ kho dữ liệu" in _refused_choice(desk, stored)
    with desk.runtime.unit_of_work() as uow:
        assert (
            offers(
                uow.session,
                stored.owner_id,
                uow.session.get(Dossier, stored.dossier_id).procedure_version.documents,
                desk.clock.now().date(),
            )
            == {}
        )
        row = uow.session.get(ApplicantDocument, stored.id)
        row.hidden_at, row.expires_on = None, desk.clock.now().date() - timedelta(days=1)
        uow.commit()
    assert "không còn dùng được từ kho dữ liệu" in _refused_choice(desk, stored)


def test_a_document_hidden_after_it_was_chosen_stops_the_submission(desk, stored):
    draft_id, ids = _draft(desk, "birth_registration")
    wanted = ids[stored.key]
    uploads = _uploads(desk, draft_id, {wanted})
    _fill(desk, draft_id, "birth_registration", files=uploads, from_store={wanted: stored.id})
    set_hidden(desk.runtime, desk.runtime.unit_of_work(), document_id=stored.id, actor_id=stored.owner_id, hidden=True)
    with pytest.raises(InvalidData) as refused:
        _submit(desk, draft_id)
    assert "không còn dùng được từ kho dữ liệu" in refused.value.errors[f"document_{wanted}"]
    with desk.runtime.unit_of_work() as uow:
        assert uow.session.get(drafts.Draft, draft_id) is not None  # nothing written: the draft is still there


def test_a_result_valid_for_some_months_is_offered_until_then(desk):
    with desk.runtime.unit_of_work() as uow:
        version = current_version(uow.session, "birth_registration", desk.runtime.today())
        version.result = {**version.result, "valid_months": 6}
        uow.commit()
    code = _returned_birth_registration(desk)
    (result,) = [d for d in _store(desk) if d.origin is DocumentOrigin.RESULT]
    issued = desk.dossier(code).resolved_at.astimezone(desk.runtime.tz).date()
    assert (result.issued_on, result.expires_on) == (issued, add_months(issued, 6))
    assert result.usable_on(result.expires_on) and not result.usable_on(result.expires_on + timedelta(days=1))


@pytest.mark.parametrize(
    ("issued", "months", "expires"),
    [("2026-08-31", 6, "2027-02-28"), ("2027-08-31", 6, "2028-02-29"), ("2026-11-23", 12, "2027-11-23")],
)
def test_months_are_counted_to_the_same_day_or_the_months_last(issued, months, expires):
    assert add_months(date.fromisoformat(issued), months) == date.fromisoformat(expires)
