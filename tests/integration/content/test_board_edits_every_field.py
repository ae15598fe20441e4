"""After submission the board edits every field of an item's type and its files, checked as on submission: a bad
edit is refused field by field and writes nothing; each edit that changes something is kept as a version."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from engine.content.queries import published_items
from engine.errors import InvalidData
from engine.models import ContentEdit, ContentItem, ContentStatus, ContentType, LegalStatus
from engine.uploads import Upload
from tests import sample_files
from tests.integration.content.conftest import DECREE, Board
from tests.integration.content.test_typed_items import TYPED, _draft

PRICES = TYPED[ContentType.PRICES][0]


def _edits(board: Board, code: str) -> list[tuple[str, str]]:
    with board.runtime.unit_of_work() as uow:
        rows = uow.session.execute(
            select(ContentEdit.step, ContentEdit.snapshot)
            .join(ContentItem, ContentItem.id == ContentEdit.item_id)
            .where(ContentItem.code == code)
            .order_by(ContentEdit.id)
        )
        return [(step, snapshot["title"]) for step, snapshot in rows]


def test_the_editor_changes_a_typed_items_own_fields_and_the_chief_publishes_them(board: Board):
    draft = _draft(ContentType.PRICES, PRICES)
    code = board.submit(draft)
    edited = replace(draft, fields={**PRICES, "price": "10.500", "unit": "m3"}, source="Sở Tài chính")
    board.complete(code, "edit_content", "bientapvien", edited, decision="forward")
    item = board.item(code)
    assert (item.fields["price"], item.fields["unit"], item.source) == (10_500, "m3", "Sở Tài chính")
    assert item.status is ContentStatus.IN_APPROVAL
    board.complete(
        code, "approve_content", "truongban", replace(edited, title="Giá nước sạch sinh hoạt 2027"), decision="publish"
    )
    item = board.item(code)
    assert (item.status, item.title, item.slug) == (
        ContentStatus.PUBLISHED,
        "Giá nước sạch sinh hoạt 2027",
        "gia-nuoc-sach-sinh-hoat-2027",
    )
    with board.runtime.unit_of_work() as uow:
        assert [i.code for i in published_items(uow.session, search="gia nuoc sach sinh hoat 2027").items] == [code]
    assert [step for step, _ in _edits(board, code)] == ["submitted", "edit_content", "approve_content"]


def test_a_bad_edit_is_refused_by_field_with_the_decision_and_writes_nothing(board: Board):
    draft = _draft(ContentType.PRICES, PRICES)
    code = board.submit(draft)
    before = board.item(code)
    broken = replace(draft, title="Giá", fields={**PRICES, "price": "mười nghìn", "effective_on": "2027-13-01"})
    with pytest.raises(InvalidData) as refused:
        board.complete(code, "edit_content", "bientapvien", broken, decision="send_back")
    assert set(refused.value.errors) == {"title", "f-price", "f-effective_on", "reason"}
    after = board.item(code)
    assert (after.version, after.title, after.fields, after.status) == (
        before.version,
        before.title,
        before.fields,
        ContentStatus.SUBMITTED,
    )
    assert board.open_tasks(code) == ["edit_content"]
    assert [step for step, _ in _edits(board, code)] == ["submitted"]


def test_a_legal_documents_fields_and_files_are_edited_and_an_unchanged_step_keeps_no_version(board: Board):
    scan = Upload("quyet-dinh.pdf", sample_files.pdf())
    code = board.submit(replace(DECREE, files=[scan]))
    sha256 = board.item(code).files[0].sha256
    board.complete(code, "edit_content", "bientapvien", decision="send_back", reason="Sai ngày hiệu lực.")
    fixed = replace(
        DECREE,
        legal=replace(DECREE.legal, effective_on="2027-01-01", legal_status=LegalStatus.AMENDED.value, field="Tư pháp"),
        files=[Upload("phu-luc.png", sample_files.image())],
        kept_files=(sha256,),
    )
    board.complete(code, "fix_content", "ctv.svhttdl", fixed)
    item = board.item(code)
    assert (item.legal.effective_on.isoformat(), item.legal.legal_status, item.legal.field) == (
        "2027-01-01",
        LegalStatus.AMENDED,
        "Tư pháp",
    )
    assert [f.filename for f in item.files] == ["quyet-dinh.pdf", "phu-luc.png"]
    board.complete(code, "edit_content", "bientapvien", replace(fixed, files=[]), decision="forward")
    assert [f.filename for f in board.item(code).files] == ["quyet-dinh.pdf"]
    board.complete(code, "approve_content", "truongban", replace(fixed, files=[]), decision="publish")  # unchanged
    assert board.item(code).status is ContentStatus.PUBLISHED
    assert [step for step, _ in _edits(board, code)] == ["submitted", "fix_content", "edit_content"]


def test_files_are_checked_and_counted_with_those_kept(board: Board):
    code = board.submit(
        replace(
            DECREE, files=[Upload(f"{c}.png", sample_files.image(colour=c)) for c in ("red", "green", "blue", "navy")]
        )
    )
    kept = tuple(f.sha256 for f in board.item(code).files)
    too_many = replace(
        DECREE, kept_files=kept, files=[Upload("a.pdf", sample_files.pdf()), Upload("b.pdf", sample_files.pdf())]
    )
    fake = replace(DECREE, kept_files=kept, files=[Upload("virus.pdf", b"MZ not a pdf")])
    for draft in (too_many, fake):
        with pytest.raises(InvalidData) as refused:
            board.complete(code, "edit_content", "bientapvien", draft, decision="forward")
        assert "files" in refused.value.errors
    assert len(board.item(code).files) == 4
    with board.runtime.unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(ContentEdit)) == 1
