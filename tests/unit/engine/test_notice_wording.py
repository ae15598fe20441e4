"""Every applicant notice reads whole in both languages, with its moments written the language's way."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from engine.models import Dossier, ProcedureVersion, ReturnMethod, User
from engine.notices.compose import ACCOUNT_TEMPLATES, TEMPLATES, account_mail, applicant_notices

AT = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
DETAILS = {
    "unit": "Ủy ban nhân dân phường An Hòa",
    "received": datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    "due": datetime(2026, 11, 24, 16, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    "missing": "Giấy chứng sinh",
    "note": "Bản chụp bị mờ",
    "reason": "Không thuộc thẩm quyền",
    "amount": "100.000",
    "reference": "BL-2611-0001",
    "condition": "Trường hợp phải xác minh",
    "duration": "5 ngày làm việc",
    "day": "26/11/2026",
}
APPLICANT_KINDS = sorted(kind for kind, words in TEMPLATES.items() if "en" in words)


def _dossier(language: str, *, account: bool = True, email: str = "an@example.vn") -> Dossier:
    applicant = User(id=5, full_name="Nguyễn Văn An", language=language) if account else None
    return Dossier(
        id=1,
        code="000.01.10.H99-261123-0001",
        version=3,
        applicant_id=5 if account else None,
        applicant=applicant,
        applicant_email=email,
        return_method=ReturnMethod.ONLINE,
        procedure_version=ProcedureVersion(name_vi="Thủ tục đăng ký khai sinh", name_en="Birth registration"),
    )


@pytest.mark.parametrize("kind", APPLICANT_KINDS)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_notice_formats_in_both_languages(kind, language):
    mail, portal = applicant_notices(_dossier(language), kind, AT, "https://dichvucong.example.vn", **DETAILS)
    assert (mail.channel, mail.recipient, portal.channel, portal.recipient) == (
        "email",
        "an@example.vn",
        "portal",
        "user:5",
    )
    assert "{" not in mail.subject + mail.body
    assert mail.body.endswith("https://dichvucong.example.vn/my/dossiers/000.01.10.H99-261123-0001")
    assert ("Birth registration" if language == "en" else "Thủ tục đăng ký khai sinh") in mail.body


def test_moments_are_written_as_each_language_writes_them():
    vi = applicant_notices(_dossier("vi"), "dossier_received", AT, "", **DETAILS)[0]
    en = applicant_notices(_dossier("en"), "dossier_received", AT, "", **DETAILS)[0]
    assert "16:30 ngày 24/11/2026" in vi.subject and "16:30 on 24/11/2026" in en.subject


def test_without_an_account_or_an_address_fewer_notices_go_out():
    assert [m.channel for m in applicant_notices(_dossier("vi", account=False), "result_ready", AT, "")] == ["email"]
    assert [m.channel for m in applicant_notices(_dossier("vi", email=""), "result_ready", AT, "")] == ["portal"]
    assert applicant_notices(_dossier("vi", account=False, email=""), "result_ready", AT, "") == []


@pytest.mark.parametrize("kind", sorted(ACCOUNT_TEMPLATES))
@pytest.mark.parametrize("language", ["vi", "en"])
def test_account_mails_carry_their_link(kind, language):
    user = User(id=5, full_name="Nguyễn Văn An", email="an@example.vn", language=language)
    mail = account_mail(user, kind, AT, "https://x.example/account/t", DETAILS["due"])
    assert mail.recipient == "an@example.vn" and "https://x.example/account/t" in mail.body
    assert "Nguyễn Văn An" in mail.body and "{" not in mail.body
