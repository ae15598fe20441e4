"""The project's web form: Flask-WTF's, with WTForms' own messages said in Vietnamese on Vietnamese pages (WTForms
ships no Vietnamese); English pages keep WTForms' English."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_wtf import FlaskForm

VIETNAMESE = {
    "This field is required.": "Bắt buộc nhập.",
    "Field must be at least %(min)d character long.": "Ít nhất %(min)d ký tự.",
    "Field must be at least %(min)d characters long.": "Ít nhất %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Tối đa %(max)d ký tự.",
    "Field cannot be longer than %(max)d characters.": "Tối đa %(max)d ký tự.",
    "Field must be exactly %(max)d character long.": "Phải có đúng %(max)d ký tự.",
    "Field must be exactly %(max)d characters long.": "Phải có đúng %(max)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.": "Từ %(min)d đến %(max)d ký tự.",
    "Field must be equal to %(other_name)s.": "Phải giống ô %(other_name)s.",
    "Invalid email address.": "Địa chỉ email không hợp lệ.",
    "Invalid input.": "Giá trị không hợp lệ.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "'%(value)s' is not a valid choice for this field.": "«%(value)s» không phải một lựa chọn của ô này.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
}


class _Messages:
    """WTForms' translations interface: its English messages, in Vietnamese when the page is."""

    def gettext(self, string: str) -> str:
        return VIETNAMESE.get(string, string) if _vietnamese() else string

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def _vietnamese() -> bool:
    locale = get_locale()
    return locale is None or locale.language == "vi"


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form: Any) -> _Messages:
            return _Messages()
