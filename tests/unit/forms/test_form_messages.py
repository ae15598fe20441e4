"""The forms' titles and choice labels are extracted for translation, once each; other JSON yields nothing."""

from __future__ import annotations

import io

from forms.messages import extract_form_texts
from forms.validation import FORMS_DIR


def _texts(raw: bytes) -> list[str]:
    return [message for _line, _function, message, _comments in extract_form_texts(io.BytesIO(raw), [], [], {})]


def test_titles_and_labels_of_a_form():
    texts = _texts((FORMS_DIR / "department_approval.json").read_bytes())
    assert texts == [
        "Lãnh đạo phòng duyệt dự thảo",
        "Ý kiến",
        "Đồng ý, trình ký",
        "Trả lại chuyên viên",
        "Lý do trả lại",
        "Ghi chú",
    ]


def test_json_that_is_not_a_form():
    assert _texts(b'{"agencies": []}') == []
