"""The sanitiser keeps every construct of the editor's toolbar (as Quill writes it) and drops scripts, event
attributes, javascript: links and images from anywhere but the portal's own store."""

from __future__ import annotations

import pytest

from engine.content.images import ALT_MISSING, check_alternative_texts
from engine.content.rich_text import images, sanitised
from engine.errors import InvalidData

OWN = "/content/images/" + "ab" * 32

# What Quill 2's getSemanticHTML writes for each toolbar button, and what stays of it.
TOOLBAR = [
    ("<h2>Chương trình</h2>", "<h2>Chương trình</h2>"),
    ("<h3>Buổi sáng</h3>", "<h3>Buổi sáng</h3>"),
    ("<p><strong>đậm</strong> <em>nghiêng</em> <u>gạch chân</u></p>", None),
    ("<ol><li>một</li><li>hai</li></ol>", None),
    ("<ul><li>một</li><li>hai</li></ul>", None),
    (
        '<p><a href="https://thaian.gov.vn/lich" rel="noopener noreferrer" target="_blank">lịch</a></p>',
        '<p><a href="https://thaian.gov.vn/lich" rel="noopener noreferrer">lịch</a></p>',
    ),
    (f'<p><img src="{OWN}" alt="Cổng nhà văn hóa"></p>', None),
    (
        '<table><tbody><tr><td data-row="row-1">Giờ</td><td data-row="row-1">Việc</td></tr></tbody></table>',
        "<table><tbody><tr><td>Giờ</td><td>Việc</td></tr></tbody></table>",
    ),
    ("<p>dòng một<br>dòng hai</p>", None),
    (f'<figure><img src="{OWN}" alt="Cổng nhà văn hóa"><figcaption>Ảnh: Bùi Văn Khoa</figcaption></figure>', None),
    (
        f'<figure contenteditable="false"><img src="{OWN}" alt="Cổng"><figcaption>Ảnh</figcaption></figure>',
        f'<figure><img src="{OWN}" alt="Cổng"><figcaption>Ảnh</figcaption></figure>',
    ),
]


@pytest.mark.parametrize(("written", "kept"), TOOLBAR)
def test_each_toolbar_construct_survives(written, kept):
    assert sanitised(written) == (kept or written)


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("<p>a</p><script>alert(1)</script>", "<p>a</p>"),
        (f'<img src="{OWN}" alt="x" onerror="alert(1)">', f'<img src="{OWN}" alt="x">'),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<img src="https://tracker.example/p.gif" alt="x">', '<img alt="x">'),
        ('<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">', '<img alt="x">'),
        ('<p style="color:red" class="ql-align-center">a</p>', "<p>a</p>"),
    ],
)
def test_scripts_events_javascript_links_and_foreign_images_go(written, kept):
    assert sanitised(written) == kept


def test_an_own_image_needs_its_description():
    assert images(sanitised(f'<img src="{OWN}" alt="  Cổng   chính ">')) == [("ab" * 32, "Cổng chính")]
    assert images(sanitised(f'<figure><img src="{OWN}" alt="Cổng"><figcaption>Ảnh</figcaption></figure>')) == [
        ("ab" * 32, "Cổng")
    ]
    check_alternative_texts(sanitised(f'<img src="{OWN}" alt="Cổng">'))
    with pytest.raises(InvalidData) as refused:
        check_alternative_texts(sanitised(f'<p><img src="{OWN}"></p>'), "summary")
    assert refused.value.errors == {"summary": ALT_MISSING}
