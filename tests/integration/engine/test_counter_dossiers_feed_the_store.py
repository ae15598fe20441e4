"""A counter dossier feeds the store of the verified account whose identity number the clerk entered, as an online
dossier feeds its applicant's: the files at reception, the granted result at return, nothing twice; never by name."""

from __future__ import annotations

from sqlalchemy import select

from engine.catalog.procedures import current_version
from engine.documents.demo_ca import DEMO_PIN
from engine.models import ApplicantDocument, DocumentOrigin, User
from engine.store.shelf import my_documents
from engine.uploads import Upload
from tests import sample_files

ID_NUMBER = "046090001234"  # nguyenvanan's, verified with the account


def _scans(desk) -> list[Upload]:
    """The kept required documents of birth registration, scanned by the clerk."""
    with desk.runtime.unit_of_work() as uow:
        version = current_version(uow.session, "birth_registration", desk.runtime.today())
        return [
            Upload(f"scan-{d.position}.pdf", sample_files.pdf(d.name), d.id)
            for d in version.documents
            if d.required and d.kept and d.storable
        ]


def _store(desk, login: str = "nguyenvanan") -> list[ApplicantDocument]:
    with desk.runtime.unit_of_work() as uow:
        return my_documents(uow.session, desk.user_id(login))


def _resolve_and_return(desk, code: str) -> None:
    desk.complete(code, "hand_over", "motcua.anhoa")
    desk.complete(code, "review", "chuyenvien.anhoa", proposal="result", draft_summary="Cấp Giấy khai sinh bản chính")
    desk.complete(code, "department_approval", "truongphong.anhoa", decision="approve")
    desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    desk.complete(code, "return_result", "motcua.anhoa", return_method="counter", receiver_name="Nguyễn Văn An")


def test_the_account_holders_counter_dossier_feeds_their_store_once(desk):
    scans = _scans(desk)
    code = desk.submit(files=scans, name="Nguyễn Văn An", id_number=" 046 090 001 234 ")
    assert _store(desk) == []  # nothing before reception
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    submitted = _store(desk)
    assert len(submitted) == len(scans) > 0
    assert {(d.origin, d.dossier_code) for d in submitted} == {(DocumentOrigin.SUBMITTED, code)}

    _resolve_and_return(desk, code)
    result = [d for d in _store(desk) if d.origin is DocumentOrigin.RESULT]
    assert [(d.key, d.dossier_code) for d in result] == [("giay_khai_sinh", code)]

    again = desk.submit(files=scans, name="Nguyễn Văn An", id_number=ID_NUMBER)
    desk.complete(again, "check_completeness", "motcua.anhoa", decision="complete")
    assert len(_store(desk)) == len(scans) + 1  # the same scans are kept once


def test_no_account_is_guessed_by_name_or_matched_unverified(desk):
    by_name = desk.submit(files=_scans(desk), name="Nguyễn Văn An", id_number="001190000001")
    desk.complete(by_name, "check_completeness", "motcua.anhoa", decision="complete")
    assert _store(desk) == []

    with desk.runtime.unit_of_work() as uow:
        uow.session.scalar(select(User).where(User.username == "nguyenvanan")).email_verified_at = None
        uow.commit()
    unverified = desk.submit(files=_scans(desk), name="Nguyễn Văn An", id_number=ID_NUMBER)
    desk.complete(unverified, "check_completeness", "motcua.anhoa", decision="complete")
    with desk.runtime.unit_of_work() as uow:
        assert uow.session.scalar(select(ApplicantDocument.id)) is None
