"""Notices to applicants and staff, queued in the outbox within the step that causes them.

An applicant's notice goes out by email when the dossier has an address, else by SMS when it has a phone
number (the subject and the link, without diacritics), and into the portal (channel `portal`, delivered as
it is written) when the dossier belongs to an account; it is written in the account's language. Staff
notices are in Vietnamese.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from functools import cache
from string import Formatter
from typing import Any

from engine.catalog.fees import fee_lines
from engine.languages import LANGUAGES, localized
from engine.models import Agency, Dossier, OutboxMessage, OutboxState, ReturnMethod, User
from engine.text import unaccented, vnd

EMAIL, PORTAL, SMS = "email", "portal", "sms"

# kind -> language -> (subject, body); formatted with the dossier's code, procedure and link and the step's details.
TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "dossier_submitted": {
        "vi": (
            "Hồ sơ {code} đã được gửi",
            "Hồ sơ {code} ({procedure}) đã được gửi đến {unit}. Cán bộ một cửa sẽ kiểm tra hồ sơ và báo lại "
            "cho ông/bà: hồ sơ được tiếp nhận kèm ngày hẹn trả kết quả, hoặc cần bổ sung giấy tờ.",
        ),
        "en": (
            "Dossier {code} has been sent",
            "Dossier {code} ({procedure}) has been sent to {unit}. The reception desk will check it and tell you "
            "whether it is received, with the date your result will be ready, or whether papers are missing.",
        ),
    },
    "dossier_received": {
        "vi": (
            "Hồ sơ {code} đã được tiếp nhận, hẹn trả kết quả {due}",
            "Hồ sơ {code} ({procedure}) đã được tiếp nhận lúc {received}. Ngày hẹn trả kết quả: {due}. Khi nhận "
            "kết quả, xin mang theo để xuất trình: {bring}. Phí, lệ phí: {fees}.",
        ),
        "en": (
            "Dossier {code} is received; result due {due}",
            "Dossier {code} ({procedure}) was received at {received}. Your result is due at {due}. When you collect "
            "it, please bring to show: {bring}. Fees: {fees}.",
        ),
    },
    "due_conditioned": {
        "vi": (
            "Hồ sơ {code}: ngày hẹn trả kết quả mới {due}",
            "Hồ sơ {code} ({procedure}) thuộc trường hợp: {condition}. Thời hạn giải quyết theo quy định cho trường "
            "hợp này là {duration}; ngày hẹn trả kết quả mới: {due}.",
        ),
        "en": (
            "Dossier {code}: the result is now due {due}",
            "Dossier {code} ({procedure}) falls under this case: {condition}. The time set for it is {duration}; "
            "your result is now due at {due}.",
        ),
    },
    "due_moved": {
        "vi": (
            "Hồ sơ {code}: ngày hẹn trả kết quả mới {due}",
            "Ngày {day} được ghi là ngày nghỉ ({reason}), sau khi hồ sơ {code} ({procedure}) được hẹn trả kết quả. "
            "Thời gian giải quyết không tính ngày nghỉ nên ngày hẹn trả kết quả mới là: {due}.",
        ),
        "en": (
            "Dossier {code}: the result is now due {due}",
            "{day} has been declared a day off ({reason}) after dossier {code} ({procedure}) was given its date. "
            "Days off do not count in the processing time, so your result is now due at {due}.",
        ),
    },
    "supplement_requested": {
        "vi": (
            "Hồ sơ {code} cần bổ sung giấy tờ",
            "Hồ sơ {code} ({procedure}) còn thiếu hoặc chưa đúng các giấy tờ sau: {missing}. Ghi chú của cán bộ: "
            "{note}. Ông/bà vui lòng bổ sung trực tuyến hoặc tại nơi đã nộp hồ sơ. Thời gian chờ bổ sung không "
            "tính vào thời hạn giải quyết.",
        ),
        "en": (
            "Dossier {code}: papers are missing",
            "Dossier {code} ({procedure}) lacks these papers, or they need correcting: {missing}. Note from the "
            "officer: {note}. Please add them online or where you submitted the dossier. The time you take "
            "does not count against the processing time.",
        ),
    },
    "dossier_refused": {
        "vi": (
            "Hồ sơ {code} không được giải quyết",
            "Hồ sơ {code} ({procedure}) không được giải quyết. Lý do: {reason}",
        ),
        "en": (
            "Dossier {code} cannot be granted",
            "Dossier {code} ({procedure}) cannot be granted. Reason: {reason}",
        ),
    },
    "result_ready": {
        "vi": ("Hồ sơ {code} đã có kết quả", "Hồ sơ {code} ({procedure}) đã có kết quả. {collect}"),
        "en": (
            "The result of dossier {code} is ready",
            "The result of dossier {code} ({procedure}) is ready. {collect}",
        ),
    },
    "apology_sent": {
        "vi": (
            "Xin lỗi về việc chậm trả kết quả hồ sơ {code}",
            "Hồ sơ {code} ({procedure}) chưa thể trả đúng hẹn. Lý do: {reason}. Ngày hẹn mới: {due}. "
            "Chúng tôi xin lỗi ông/bà vì sự chậm trễ này.",
        ),
        "en": (
            "We are sorry: dossier {code} will be late",
            "Dossier {code} ({procedure}) cannot be finished on the promised date. Reason: {reason}. "
            "New date: {due}. We apologise for the delay.",
        ),
    },
    "dossier_stopped": {
        "vi": ("Hồ sơ {code} đã dừng xử lý", "Hồ sơ {code} ({procedure}) đã dừng xử lý. Lý do: {reason}"),
        "en": (
            "Handling of dossier {code} has stopped",
            "Handling of dossier {code} ({procedure}) has stopped. Reason: {reason}",
        ),
    },
    "dossier_withdrawn": {
        "vi": ("Hồ sơ {code} đã được rút", "Hồ sơ {code} ({procedure}) đã được rút theo yêu cầu của ông/bà."),
        "en": ("Dossier {code} is withdrawn", "Dossier {code} ({procedure}) is withdrawn, as you asked."),
    },
    "copies_by_post": {
        "vi": (
            "Hồ sơ {code}: gửi bản sao có chứng thực qua bưu chính",
            "Hồ sơ {code} ({procedure}) được nộp không kèm tờ khai ký số. Vui lòng gửi bản sao có chứng thực "
            "các giấy tờ qua dịch vụ bưu chính, ghi rõ mã hồ sơ {code} ngoài phong bì.",
        ),
        "en": (
            "Dossier {code}: post the certified copies",
            "Dossier {code} ({procedure}) was sent without a digitally signed declaration. Please post certified "
            "copies of the papers, with the dossier code {code} written on the envelope.",
        ),
    },
    "payment_received": {
        "vi": (
            "Hồ sơ {code}: đã nhận thanh toán",
            "Đã nhận {amount} đồng phí, lệ phí của hồ sơ {code} ({procedure}). Số biên lai: {reference}.",
        ),
        "en": (
            "Dossier {code}: payment received",
            "We received {amount} VND in fees for dossier {code} ({procedure}). Receipt number: {reference}.",
        ),
    },
    "payment_refunded": {
        "vi": (
            "Hồ sơ {code}: hoàn trả phí, lệ phí",
            "Khoản {amount} đồng đã nộp cho hồ sơ {code} ({procedure}) được hoàn trả. Lý do: {reason}",
        ),
        "en": (
            "Dossier {code}: fees refunded",
            "The {amount} VND paid for dossier {code} ({procedure}) is refunded. Reason: {reason}",
        ),
    },
    "handover_late": {
        "vi": (
            "Hồ sơ {code} chuyển muộn",
            "Hồ sơ {code} ({procedure}) chưa được chuyển đến cơ quan giải quyết "
            "trong nửa ngày làm việc kể từ khi tiếp nhận.",
        ),
    },
}

COLLECT = {
    ReturnMethod.ONLINE: {
        "vi": "Ông/bà tải kết quả trên Cổng dịch vụ công, mục «Hồ sơ của tôi».",
        "en": "Download it from the portal, under “My dossiers”.",
    },
    ReturnMethod.POST: {
        "vi": "Kết quả sẽ được gửi qua bưu điện đến địa chỉ ông/bà đã đăng ký.",
        "en": "It will be sent by post to the address you gave.",
    },
    ReturnMethod.COUNTER: {
        "vi": "Mời ông/bà mang giấy tiếp nhận hồ sơ và giấy tờ tùy thân đến nơi đã nộp hồ sơ để nhận kết quả.",
        "en": "Please bring your dossier receipt and an identity paper to where you submitted the dossier.",
    },
}

ACCOUNT_TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "email_verification": {
        "vi": (
            "Xác thực email tài khoản Một Cửa",
            "Chào {name},\n\nVui lòng mở liên kết sau để xác thực email và kích hoạt tài khoản:\n{link}\n\n"
            "Liên kết có hiệu lực đến {expires}. Nếu ông/bà không đăng ký tài khoản, hãy bỏ qua thư này.",
        ),
        "en": (
            "Confirm the email of your Một Cửa account",
            "Hello {name},\n\nPlease open this link to confirm your email and activate your account:\n{link}\n\n"
            "The link works until {expires}. If you did not register, ignore this message.",
        ),
    },
    "account_exists": {
        "vi": (
            "Email của ông/bà đã có tài khoản Một Cửa",
            "Chào {name},\n\nCó người vừa đăng ký tài khoản mới bằng email này, nhưng email này đã có tài khoản. "
            "Nếu đó là ông/bà và quên mật khẩu, hãy đặt lại mật khẩu tại:\n{link}\n\n"
            "Nếu không phải ông/bà, hãy bỏ qua thư này; tài khoản của ông/bà không thay đổi.",
        ),
        "en": (
            "Your email already has a Một Cửa account",
            "Hello {name},\n\nSomeone just tried to register a new account with this email, which already has one. "
            "If that was you and you forgot your password, reset it here:\n{link}\n\n"
            "If it was not you, ignore this message; your account is unchanged.",
        ),
    },
    "password_reset": {
        "vi": (
            "Đặt lại mật khẩu tài khoản Một Cửa",
            "Chào {name},\n\nMở liên kết sau để đặt mật khẩu mới:\n{link}\n\nLiên kết dùng được một lần, "
            "đến {expires}. Nếu ông/bà không yêu cầu đặt lại mật khẩu, hãy bỏ qua thư này.",
        ),
        "en": (
            "Reset the password of your Một Cửa account",
            "Hello {name},\n\nOpen this link to choose a new password:\n{link}\n\nThe link works once, until "
            "{expires}. If you did not ask for this, ignore this message.",
        ),
    },
}

_MOMENT_FORMATS = {"vi": "%H:%M ngày %d/%m/%Y", "en": "%H:%M on %d/%m/%Y"}
_FOOTER = {"vi": "\n\nXem hồ sơ: {link}", "en": "\n\nSee the dossier: {link}"}
_SMS = {"vi": "{subject}. Chi tiết: {link}", "en": "{subject}. Details: {link}"}


def sms_number(phone: str) -> str:
    """The phone number as the SMS gateway takes it: digits, with the leading + of an international number."""
    digits = "".join(c for c in phone if c.isdigit())
    return f"+{digits}" if phone.strip().startswith("+") else digits


def sms_text(subject: str, link: str, language: str = "vi") -> str:
    """An SMS: the notice's subject and where to read more, without diacritics (one or two plain segments)."""
    return unaccented(_SMS[language].format(subject=subject, link=link))


def _documents_and_fees(dossier: Dossier, language: str) -> dict[str, str]:
    """What the applicant shows when collecting the result (the papers only shown, xuất trình) and the fees of the
    dossier's channel, in the applicant's language where the catalog has it (Kon Tum rules Art. 14.3)."""
    version = dossier.procedure_version
    shown = [localized(document, "name", language) for document in version.documents if not document.kept]
    fees = [
        f"{localized(fee, 'name', language)}: {_amount(fee.amount_vnd, language)}"
        for fee in fee_lines(version, dossier.channel)
        if fee.amount_vnd is not None
    ]
    none = "none" if language == "en" else "không có"
    return {"bring": "; ".join(shown) or none, "fees": "; ".join(fees) or none}


@cache
def _names_documents_or_fees(template: str) -> bool:
    """Whether the template writes out the papers to bring or the fees (reading them loads the catalog's lists)."""
    return any(name in ("bring", "fees") for _text, name, _spec, _conversion in Formatter().parse(template))


def _amount(amount: int, language: str) -> str:
    if language == "en":
        return "free" if amount == 0 else f"{amount:,} VND"
    return "miễn" if amount == 0 else f"{vnd(amount)} đồng"


def formatted(details: dict[str, Any], language: str) -> dict[str, str]:
    """Moments (already in local time) written the way the language writes them, agencies by their name in it."""
    return {key: _written(value, language) for key, value in details.items()}


def _written(value: Any, language: str) -> str:
    if isinstance(value, datetime):
        return value.strftime(_MOMENT_FORMATS[language])
    if isinstance(value, Agency):
        return localized(value, "name", language)
    return str(value)


def queue_notice(dossier: Dossier, kind: str, recipient: str, at: datetime, **details: Any) -> OutboxMessage | None:
    """A Vietnamese email notice for one recipient (None without an address); unique per step and recipient."""
    if not recipient:
        return None
    subject, body = TEMPLATES[kind]["vi"]
    values = {"code": dossier.code, "procedure": dossier.procedure_version.name_vi, **formatted(details, "vi")}
    return _message(dossier, kind, EMAIL, recipient, subject.format(**values), body.format(**values), at)


def applicant_notices(dossier: Dossier, kind: str, at: datetime, base_url: str, **details: Any) -> list[OutboxMessage]:
    """The applicant's notice of this step: by email to the dossier's address (else by SMS to its phone), and in the
    portal if an account owns it.

    `details` may hold local moments (datetime) and agencies, written out in the applicant's language.
    """
    if not (dossier.applicant_email or dossier.applicant_phone or dossier.applicant_id is not None):
        return []  # nobody to tell: a counter dossier without contact
    language = dossier.applicant.language if dossier.applicant and dossier.applicant.language in LANGUAGES else "vi"
    if dossier.applicant_id is not None:
        link = f"{base_url}/my/dossiers/{dossier.code}"
    else:
        link = f"{base_url}/lookup?code={dossier.code}"
    subject, body = TEMPLATES[kind][language]
    values = {
        "code": dossier.code,
        "procedure": localized(dossier.procedure_version, "name", language),
        "collect": COLLECT[dossier.return_method][language],
        **(_documents_and_fees(dossier, language) if _names_documents_or_fees(subject + body) else {}),
        **formatted(details, language),
    }
    subject, body = subject.format(**values), body.format(**values) + _FOOTER[language].format(link=link)
    messages = []
    if dossier.applicant_email:
        messages.append(_message(dossier, kind, EMAIL, dossier.applicant_email, subject, body, at))
    elif dossier.applicant_phone:
        sms = sms_text(subject, link, language)
        messages.append(_message(dossier, kind, SMS, sms_number(dossier.applicant_phone), subject, sms, at))
    if dossier.applicant_id is not None:
        portal = _message(dossier, kind, PORTAL, f"user:{dossier.applicant_id}", subject, body, at)
        portal.sent_at, portal.state = at, OutboxState.SENT  # the portal shows it as soon as the step commits
        messages.append(portal)
    return messages


def _message(
    dossier: Dossier, kind: str, channel: str, recipient: str, subject: str, body: str, at: datetime
) -> OutboxMessage:
    return OutboxMessage(
        dedup_key=f"{kind}:{dossier.code}:{dossier.version}:{recipient}",
        channel=channel,
        recipient=recipient,
        subject=subject,
        body=body,
        dossier_id=dossier.id,
        created_at=at,
        next_attempt_at=at,
    )


def account_mail(user: User, kind: str, at: datetime, link: str, expires: datetime | None = None) -> OutboxMessage:
    """An email about the account itself (verification, password reset), in the account's language."""
    language = user.language if user.language in LANGUAGES else "vi"
    subject, body = ACCOUNT_TEMPLATES[kind][language]
    values = {"name": user.full_name, "link": link, **formatted({"expires": expires} if expires else {}, language)}
    return OutboxMessage(
        dedup_key=f"{kind}:{user.id}:{secrets.token_hex(8)}",
        channel=EMAIL,
        recipient=user.email or "",
        subject=subject.format(**values),
        body=body.format(**values),
        created_at=at,
        next_attempt_at=at,
    )
