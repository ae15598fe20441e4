"""Legal documents are found by number, type, issuer, field, dates and words without accents, once published."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from engine.content.queries import LegalFilter, legal_basis_links, legal_choices, legal_documents
from tests.integration.content.conftest import DECREE, Board


def found(board: Board, **where) -> list[str]:
    with board.runtime.unit_of_work() as uow:
        return [item.code for item in legal_documents(uow.session, LegalFilter(**where)).items]


def test_a_published_document_is_found_by_each_field(board: Board):
    code = board.submit(DECREE, by="ctv.stp")
    assert found(board, number="15/2026") == []  # not published yet
    board.publish(code)
    assert found(board, number="15/2026/qd-ubnd") == [code]
    assert found(board, words="dang ky ho tich truc tuyen") == [code]
    assert found(board, document_type="Quyết định", issuer="Ủy ban nhân dân tỉnh Thái An", field="Hộ tịch") == [code]
    assert found(board, issued_from=date(2026, 11, 20), issued_to=date(2026, 11, 20)) == [code]
    assert found(board, issued_from=date(2026, 11, 21)) == []
    assert found(board, words="khai sinh") == []
    with board.runtime.unit_of_work() as uow:
        assert legal_choices(uow.session).document_types == ["Quyết định"]


def test_a_procedures_legal_basis_links_to_the_published_document(board: Board):
    decree = replace(DECREE, legal=replace(DECREE.legal, number="123/2015/NĐ-CP", document_type="Nghị định"))
    board.publish(board.submit(decree, by="ctv.stp"))
    lines = ["Luật Hộ tịch số 60/2014/QH13", "Nghị định số 123/2015/NĐ-CP"]
    with board.runtime.unit_of_work() as uow:
        links = legal_basis_links(uow.session, lines)
    assert list(links) == ["Nghị định số 123/2015/NĐ-CP"]
