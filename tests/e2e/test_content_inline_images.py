"""Inline images of portal content through the web: uploaded from the editor with their description, checked as every
upload is (a renamed PDF or script, an oversized image, a missing description get a clear error in the reader's
language and write nothing), seen by staff before publication and by everyone only once a published item shows them."""

from __future__ import annotations

import io
import random
import re

import pytest
from PIL import Image
from sqlalchemy import func, select

from engine.models import StoredFile
from tests import sample_files
from tests.e2e.conftest import csrf_token, sign_in, sign_out
from tests.e2e.test_editorial_board_pages import _submit
from tests.integration.content.conftest import Board

ALT = "Toàn cảnh cầu Tân Lập"


def _upload(client, content: bytes, name: str, alt: str = ALT):
    token = csrf_token(client, "/staff/content/new")
    return client.post(
        "/staff/content/images",
        data={"csrf_token": token, "alt": alt, "image": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _stored(app) -> tuple[int, int]:
    """Stored-file rows and blobs in the file store."""
    rt = app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        rows = uow.session.scalar(select(func.count()).select_from(StoredFile))
    return rows, sum(1 for path in rt.files.root.rglob("*") if path.is_file())


def _noise_png(side: int) -> bytes:
    """A PNG that does not compress: its size in bytes grows with its side."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), random.Random(18).randbytes(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def test_an_image_is_private_until_a_published_item_shows_it(client, app, demo, clock):
    sign_in(client, "ctv.svhttdl")
    shown = _upload(client, sample_files.image(), "cau.png")
    unused = _upload(client, sample_files.image("JPEG", "teal"), "nhap.jpg", alt="Ảnh nháp")
    assert (shown.status_code, unused.status_code) == (201, 201)
    url, other = shown.get_json()["url"], unused.get_json()["url"]
    assert re.fullmatch(r"/content/images/[0-9a-f]{64}", url) and shown.get_json()["alt"] == ALT
    seen = client.get(url)
    assert seen.status_code == 200 and seen.mimetype == "image/png"
    assert seen.headers["Cache-Control"] == "private, no-store" and seen.headers["X-Content-Type-Options"] == "nosniff"

    body = f'<p>Cầu Tân Lập.</p><p><img src="{url}" alt="{ALT}" onerror="alert(1)"></p>'
    submitted = _submit(client, body=body)
    assert submitted.status_code == 303
    code = submitted.headers["Location"].rsplit("/", 1)[1]
    sign_out(client)
    assert client.get(url).status_code == 404  # submitted, not published

    board = Board(app.extensions["motcua"], clock)
    board.publish(code)
    item = board.item(code)
    assert f'<img src="{url}" alt="{ALT}">' in item.body
    public = client.get(url)
    assert public.status_code == 200 and public.headers["Cache-Control"].startswith("public")
    assert public.data == sample_files.image()
    assert client.get(other).status_code == 404  # uploaded, shown by no published item
    assert client.get("/content/images/%25").status_code == 404  # a pattern matches nothing
    assert f'alt="{ALT}"' in client.get(f"/content/{item.id}/{item.slug}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("content", "name", "alt", "vietnamese", "english"),
    [
        (sample_files.pdf(), "anh.png", ALT, "không khớp với tên tệp", "does not match"),
        (b"<script>alert(1)</script>", "anh.png", ALT, "không phải PDF, JPEG hoặc PNG hợp lệ", "not a valid PDF"),
        (sample_files.pdf(), "quyet-dinh.pdf", ALT, "không phải ảnh JPEG hoặc PNG", "is not a JPEG or PNG image"),
        (_noise_png(1400), "lon.png", ALT, "lớn hơn 5 MB", "larger than 5 MB"),
        (sample_files.image(), "cau.png", "  ", "Mô tả ảnh: bắt buộc nhập", "Image description: required"),
    ],
    ids=["renamed-pdf", "renamed-script", "pdf", "oversized", "no-description"],
)
def test_a_bad_image_is_refused_in_the_readers_language_and_nothing_is_written(
    client, app, demo, content, name, alt, vietnamese, english
):
    sign_in(client, "ctv.svhttdl")
    before = _stored(app)
    refused = _upload(client, content, name, alt)
    assert refused.status_code == 400 and vietnamese in " ".join(refused.get_json()["errors"].values())
    client.get("/lang/en")
    in_english = _upload(client, content, name, alt)
    assert in_english.status_code == 400 and english in " ".join(in_english.get_json()["errors"].values())
    assert _stored(app) == before


def test_an_image_without_its_description_is_refused_with_the_item(client, app, demo):
    sign_in(client, "ctv.svhttdl")
    url = _upload(client, sample_files.image(), "cau.png").get_json()["url"]
    refused = _submit(client, body=f'<p><img src="{url}"></p>')
    assert refused.status_code == 400
    assert "Mỗi ảnh trong nội dung phải có mô tả ảnh" in refused.get_data(as_text=True)


def test_an_applicant_cannot_upload(client, demo):
    token = csrf_token(client, "/login")
    anonymous = client.post("/staff/content/images", data={"csrf_token": token})
    assert anonymous.status_code in (302, 401)
