"""Inline images nobody shows are removed some days after upload, each with an audit line; an image any version
shows (published or not, current or old, a revision in progress) stays, and so do bytes another row holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from click.testing import CliRunner
from sqlalchemy import select, update

from engine.content.image_cleanup import remove_unused_images
from engine.content.images import upload_image
from engine.content.services import revise_item
from engine.models import ContentImage, Event, StoredFile
from engine.uploads import Upload
from tests import sample_files
from tests.integration.content.conftest import NEWS, Board
from webapp.cli import main


def _upload(board: Board, colour: str) -> str:
    image = Upload(f"{colour}.png", sample_files.image(colour=colour))
    actor = board.user_id("ctv.svhttdl")
    return upload_image(board.runtime, board.runtime.unit_of_work(), actor_id=actor, upload=image, alt=colour).url


def _stored(board: Board) -> set[str]:
    with board.runtime.unit_of_work() as uow:
        return set(uow.session.scalars(select(StoredFile.sha256)))


def _img(url: str) -> str:
    return f'<p><img src="{url}" alt="Ảnh"></p>'


def test_only_images_no_version_shows_are_removed_after_the_grace_days(board: Board):
    published, edited_out, revised, never, attached = (
        _upload(board, c) for c in ("red", "green", "blue", "yellow", "purple")
    )
    code = board.submit(replace(NEWS, body=_img(published) + _img(edited_out)))
    board.complete(code, "edit_content", "bientapvien", replace(NEWS, body=_img(published)), decision="forward")
    board.complete(code, "approve_content", "truongban", decision="publish")
    revise_item(
        board.runtime,
        board.runtime.unit_of_work(),
        code=code,
        actor_id=board.user_id("ctv.svhttdl"),
        draft=replace(NEWS, body=_img(revised)),
        expected_version=board.item(code).version,
    )
    purple = Upload("purple.png", sample_files.image(colour="purple"))
    board.submit(replace(NEWS, title="Tin bài có tệp đính kèm trùng ảnh", files=[purple]))
    board.clock.advance(timedelta(days=6))
    young = _upload(board, "orange")
    assert remove_unused_images(board.runtime) == {"removed": []}  # nothing is 7 days old yet

    board.clock.advance(timedelta(days=1, minutes=1))
    never_sha256 = never.rsplit("/", 1)[1]
    assert remove_unused_images(board.runtime) == {"removed": [never_sha256]}
    stored = _stored(board)
    assert never_sha256 not in stored and not board.runtime.files.exists(never_sha256)
    for kept in (published, edited_out, revised, attached, young):
        assert kept.rsplit("/", 1)[1] in stored
    with board.runtime.unit_of_work() as uow:
        events = list(uow.session.scalars(select(Event).where(Event.action == "content_image_removed")))
        assert sorted((e.after["content_image"], e.result) for e in events) == sorted(
            [(never_sha256, "removed"), (attached.rsplit("/", 1)[1], "bytes_kept_for_other_rows")]
        )
        images = set(uow.session.scalars(select(ContentImage.sha256)))
    assert attached.rsplit("/", 1)[1] not in images  # off the images' record, its bytes kept for the attachment
    assert remove_unused_images(board.runtime) == {"removed": []}


def test_the_command_removes_them_once(board: Board, settings, monkeypatch):
    monkeypatch.setenv("MOTCUA_INSTANCE_DIR", str(settings.instance_dir))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", settings.database_url)
    sha256 = _upload(board, "grey").rsplit("/", 1)[1]
    with board.runtime.unit_of_work() as uow:  # the command runs on the real clock
        uow.session.execute(update(ContentImage).values(uploaded_at=datetime.fromisoformat("2020-01-01T00:00+07:00")))
        uow.commit()
    done = CliRunner().invoke(main, ["storage", "remove-unused-images"], catch_exceptions=False)
    assert done.exit_code == 0 and f"removed: {sha256}" in done.output and "Removed 1 unused images." in done.output
    assert sha256 not in _stored(board)
