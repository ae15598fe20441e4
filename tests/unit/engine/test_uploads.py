"""Uploaded files are told by their content and their name, opened to be sure, and refused when they could harm."""

from __future__ import annotations

import io
import zlib

import pytest
from PIL import Image
from pyhanko.pdf_utils import filters, generic
from pyhanko.pdf_utils.generic import pdf_name

from engine.errors import InvalidData
from engine.uploads import MAX_UPLOAD_BYTES, Upload, check_upload, inflate, pdfs, safe_filename
from tests import hostile_files, sample_files


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
        ("anh.png", sample_files.image("PNG")[:40], "là ảnh bị hỏng hoặc tải lên chưa hết"),  # cut short
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


def _refusal(name: str, content: bytes) -> str:
    with pytest.raises(InvalidData) as refused:
        check_upload(Upload(name, content), "file-3", "Tờ khai")
    return refused.value.errors["file-3"]


def _jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((width, height), 60).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("width", "height", "size"), [(30000, 30000, ""), (9000, 9000, " (9000×9000 điểm ảnh)"), (25000, 10, " (25000×10")]
)
def test_an_image_too_large_to_open_is_refused_by_its_header_alone(width, height, size):
    message = _refusal("anh.png", hostile_files.png_bomb(width, height))
    assert message.startswith(f"Tờ khai: tệp «anh.png» là ảnh quá lớn{size}")
    assert "tối đa 40 triệu điểm ảnh" in message


def test_a_cut_jpeg_is_refused_and_a_whole_one_accepted():
    whole = _jpeg(640, 480)
    assert check_upload(Upload("anh.jpg", whole), "f", "Ảnh").media_type == "image/jpeg"
    assert "là ảnh bị hỏng hoặc tải lên chưa hết" in _refusal("anh.jpg", whole[: len(whole) // 2])


@pytest.mark.parametrize(
    ("name", "content"),
    [("anh.jpg", hostile_files.EXE), ("setup.exe", hostile_files.EXE), ("anh.jpg", b"\xff\xd8\xff")],
)
def test_a_program_renamed_as_a_photo_is_refused(name, content):
    assert _refusal(name, content).endswith(f"tệp «{name}» không phải PDF, JPEG hoặc PNG hợp lệ.")


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "in a compressed object stream"])
def test_a_pdf_that_runs_javascript_when_opened_is_refused_naming_what_was_found(compressed):
    content = hostile_files.pdf_with_javascript(compressed=compressed)
    assert (b"/JavaScript" in content) is not compressed  # hidden from a search of the bytes when compressed
    message = _refusal("to-khai.pdf", content)
    assert message.startswith("Tờ khai: tệp «to-khai.pdf» chứa nội dung tự chạy (")
    assert "JavaScript" in message and "/OpenAction" in message


@pytest.mark.parametrize(
    ("action", "named"),
    [
        ({"/S": pdf_name("/Launch"), "/F": generic.TextStringObject("cmd.exe")}, "/Launch"),
        ({"/S": pdf_name("/SubmitForm"), "/F": generic.TextStringObject("http://x.example")}, "/SubmitForm"),
        ({"/S": pdf_name("/GoTo"), "/D": generic.ArrayObject(), "/AA": generic.DictionaryObject()}, "/AA"),
        ({"/S": pdf_name("/GoTo"), "/D": generic.ArrayObject(), "/XFA": generic.ArrayObject()}, "/XFA"),
        ({"/Type": pdf_name("/EmbeddedFile"), "/EF": generic.DictionaryObject()}, "/EmbeddedFile"),
        (
            {"/S": pdf_name("/GoTo"), "/D": generic.ArrayObject(), "/RichMediaContent": generic.DictionaryObject()},
            "/Rich",
        ),
    ],
)
def test_other_active_content_is_refused_wherever_it_is_packed(action, named):
    for compressed in (False, True):
        assert named in _refusal("don.pdf", hostile_files.pdf_with_action(action, compressed=compressed))


def test_a_key_spelled_with_hex_escapes_is_read_as_a_viewer_reads_it():
    plain = hostile_files.pdf_with_javascript()
    escaped = plain.replace(b"/S /JavaScript\n/JS (", b"/S /GoTo     \n/J#53(")  # same length: offsets hold
    assert escaped != plain and len(escaped) == len(plain)
    assert "JavaScript" in _refusal("don.pdf", escaped)


def test_a_pdf_that_opens_at_its_first_page_is_accepted():
    checked = check_upload(Upload("don.pdf", hostile_files.pdf_opening_at_first_page()), "f", "Đơn")
    assert checked.media_type == "application/pdf"


def test_file_names_lose_folders_and_control_characters():
    assert safe_filename("C:\\tmp\\giấy\r\nkhai\x00 sinh.pdf") == "giấykhai sinh.pdf"
    assert safe_filename("../../\u202eexe.pdf") == "exe.pdf"
    assert safe_filename("\x07") == "tep"


def test_a_pdf_whose_compressed_streams_unpack_past_the_budget_is_refused(monkeypatch):
    content = hostile_files.pdf_opening_at_first_page()  # its cross-reference stream is compressed
    assert check_upload(Upload("don.pdf", content), "f", "Đơn")
    monkeypatch.setattr(pdfs, "MAX_INFLATED_BYTES", 40)
    assert "có dữ liệu nén giải ra quá lớn" in _refusal("don.pdf", content)


def test_inflating_is_bounded_for_every_reader_of_pdfs_in_the_process():
    assert filters.decompress is inflate.bounded_decompress
    assert inflate.bounded_decompress(zlib.compress(b"to khai" * 100)) == b"to khai" * 100
    with pytest.raises(inflate.InflatesTooMuch):
        inflate.bounded_decompress(zlib.compress(b"\0" * (inflate.MAX_STREAM_BYTES + 1)))
    with pytest.raises(zlib.error):
        inflate.bounded_decompress(zlib.compress(b"to khai" * 100)[:-6])
    with inflate.budget(1000), pytest.raises(inflate.InflatesTooMuch):
        inflate.bounded_decompress(zlib.compress(b"\0" * 600))
        inflate.bounded_decompress(zlib.compress(b"\0" * 600))
