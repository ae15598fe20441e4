"""Uploaded files are told by their content, not their name, and opened to be sure."""

from __future__ import annotations

import pytest

from engine.errors import InvalidData
from engine.uploads import MAX_UPLOAD_BYTES, Upload, check_upload
from tests import sample_files


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("to-khai.pdf", sample_files.pdf(), "application/pdf"),
        ("anh.PNG", sample_files.image("PNG"), "image/png"),
        ("anh.jpeg", sample_files.image("JPEG"), "image/jpeg"),
        ("anh.jpg", sample_files.image("JPEG"), "image/jpeg"),
    ],
)
def test_accepted_files_keep_their_type_and_a_clean_name(name, content, media_type):
    checked = check_upload(Upload(f"C:\\Ảnh\\{name}", content), "f", "Giấy tờ")
    assert (checked.filename, checked.media_type, checked.content) == (name, media_type, content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("giay.pdf", sample_files.image("PNG"), "là PNG, không khớp với tên tệp"),
        ("anh.png", sample_files.pdf(), "là PDF, không khớp với tên tệp"),
        ("anh.png", b"plain text\n", "không phải PDF, JPEG hoặc PNG hợp lệ"),
        ("anh.png", sample_files.image("PNG")[:40], "không phải PDF, JPEG hoặc PNG hợp lệ"),  # cut short
        ("giay.pdf", b"%PDF-1.7\nnot really a pdf", "không phải PDF, JPEG hoặc PNG hợp lệ"),
        ("anh.gif", b"GIF89a" + b"\0" * 20, "không phải PDF, JPEG hoặc PNG hợp lệ"),
        ("giay.pdf", b"", "tệp rỗng"),
        ("giay.pdf", b"%PDF-" + b"0" * MAX_UPLOAD_BYTES, "lớn hơn 10 MB"),
    ],
)
def test_refused_files_say_why_in_vietnamese(name, content, message):
    with pytest.raises(InvalidData) as refused:
        check_upload(Upload(name, content), "document_7", "Giấy chứng sinh")
    assert message in refused.value.errors["document_7"]
    assert refused.value.errors["document_7"].startswith("Giấy chứng sinh: ")
