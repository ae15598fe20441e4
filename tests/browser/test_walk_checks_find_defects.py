"""Each check of the walk finds the defect it is for on a small page that has it, and nothing on the same page
without it: a check that cannot fail would let the walk pass whatever the pages show."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.keyboard import Keyboard
from tests.browser.walk import PHONE_WIDTH, axe_violations, check, english_on_vietnamese, raw_keys, too_wide

GOOD = """<main><h1>Hồ sơ 000.01.10.H99-261123-0001</h1>
<p>Nhận thanh toán phí, lệ phí. Tệp giay_to_1.pdf, thư gửi tran_binh@example.vn.</p>
<p lang="en">This field is required.</p>
<label for="name">Họ và tên</label><input id="name" name="full_name">
<p><code>one_stop</code></p></main>"""


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 844}, bypass_csp=True)
    yield context.new_page()
    context.close()


def _page(page: Page, body: str, lang: str = "vi") -> Page:
    page.set_content(
        f'<!doctype html><html lang="{lang}"><head><title>Một Cửa</title></head><body>{body}</body></html>'
    )
    return page


def test_a_good_page_passes_every_check(phone: Page) -> None:
    assert check(_page(phone, GOOD)) == []


@pytest.mark.parametrize(
    ("text", "key"),
    [("Lịch sử: payment_received", "payment_received"), ("Bước task_completed (review -> sign)", "task_completed")],
)
def test_a_snake_case_key_in_the_text_is_found(phone: Page, text: str, key: str) -> None:
    found = raw_keys(_page(phone, f"<main><h1>Hồ sơ</h1><p>{text}</p></main>"))
    assert [f.check for f in found] == ["raw key"] and key in found[0].offender and "main > p" in found[0].offender


@pytest.mark.parametrize("key", ["refused", "overdue", "reception_clerk", "check_completeness"])
def test_a_bare_state_role_or_step_key_is_found(phone: Page, key: str) -> None:
    found = raw_keys(_page(phone, f"<main><h1>Hồ sơ</h1><table><tr><td>{key}</td></tr></table></main>"))
    assert [f.check for f in found] == ["raw key"] and repr(key) in found[0].offender


def test_a_key_in_a_labelling_attribute_is_found(phone: Page) -> None:
    found = raw_keys(_page(phone, '<main><h1>Hồ sơ</h1><input aria-label="due_at"></main>'))
    assert "[aria-label]" in found[0].offender


@pytest.mark.parametrize(
    "english",
    ["This field is required.", "Not Found", "Please log in to access this page.", "Dossier received, result date set"],
)
def test_english_on_a_vietnamese_page_is_found(phone: Page, english: str) -> None:
    page = _page(phone, f"<main><h1>Tra cứu hồ sơ</h1><span>{english}</span></main>")
    assert [f.check for f in check(page)] == ["English on a Vietnamese page"]
    assert english_on_vietnamese(_page(phone, f"<main><h1>Lookup</h1><span>{english}</span></main>", "en")) == []


def test_a_page_wider_than_the_phone_is_found_with_what_sticks_out(phone: Page) -> None:
    found = too_wide(_page(phone, '<main><h1>Báo cáo</h1><p id="wide" style="width:640px">Tổng</p></main>'))
    assert [f.check for f in found] == ["wider than the phone"]
    assert "p#wide" in found[0].offender and found[0].offender.startswith("6")


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ('<main><h1>Đăng nhập</h1><input name="login"></main>', "label"),
        ('<main><h1>Hồ sơ</h1><img src="data:image/png;base64,iVBORw0KGgo="></main>', "image-alt"),
        ('<main><h1>Hồ sơ</h1><a href="/x"></a></main>', "link-name"),
        ('<main><h1>Hồ sơ</h1><p style="color:#bbb;background:#fff">Hạn giải quyết</p></main>', "color-contrast"),
    ],
)
def test_axe_finds_serious_and_critical_violations(phone: Page, body: str, rule: str) -> None:
    found = axe_violations(_page(phone, body))
    assert [f.check.split()[-1] for f in found] == [rule]
    assert found[0].check.split()[1] in ("serious", "critical")


def test_a_page_without_language_is_found(phone: Page) -> None:
    phone.set_content("<!doctype html><html><head><title>Một Cửa</title></head><body><main><h1>Hồ sơ</h1></main>")
    assert [f.check for f in axe_violations(phone)] == ["axe serious html-has-lang"]


def test_a_focus_nobody_can_see_is_found(phone: Page) -> None:
    body = '<main><h1>Đăng nhập</h1><a href="#a">Thủ tục</a> <input aria-label="Tên đăng nhập"></main>'
    Keyboard(_page(phone, body)).to(phone.locator("input"))
    with pytest.raises(AssertionError, match="is not visible"):
        Keyboard(_page(phone, "<style>a:focus { outline: none }</style>" + body)).to(phone.locator("input"))


def test_a_page_in_another_language_than_chosen_is_found(phone: Page) -> None:
    assert check(_page(phone, GOOD), axe=False, language="vi") == []
    assert [f.check for f in check(_page(phone, GOOD), axe=False, language="en")] == ["page language"]


def test_english_in_the_page_title_is_found(phone: Page) -> None:
    phone.set_content('<html lang="vi"><head><title>Not Found</title></head><body><main><h1>Hồ sơ</h1></main>')
    assert [f.offender for f in english_on_vietnamese(phone)] == ["'Not Found' in title"]
