"""Notices to applicants and staff, queued in the outbox within the step that causes them."""

from __future__ import annotations

from datetime import datetime

from engine.models import Dossier, OutboxMessage

# kind -> (subject, body); formatted with the dossier's code and procedure and the details of the step.
TEMPLATES = {
    "dossier_submitted": (
        "Hồ sơ {code} đã được gửi",
        "Hồ sơ {code} ({procedure}) đã được gửi đến {unit} và đang chờ kiểm tra.",
    ),
    "dossier_received": (
        "Hồ sơ {code} đã được tiếp nhận",
        "Hồ sơ {code} ({procedure}) đã được tiếp nhận lúc {received}. Ngày hẹn trả kết quả: {due}.",
    ),
    "supplement_requested": (
        "Hồ sơ {code} cần bổ sung",
        "Hồ sơ {code} ({procedure}) cần bổ sung, hoàn thiện các giấy tờ sau: {missing}. Ghi chú: {note}",
    ),
    "dossier_refused": (
        "Hồ sơ {code} không được giải quyết",
        "Hồ sơ {code} ({procedure}) bị từ chối. Lý do: {reason}",
    ),
    "result_ready": (
        "Hồ sơ {code} đã có kết quả",
        "Hồ sơ {code} ({procedure}) đã có kết quả. Mời ông/bà nhận kết quả theo hình thức đã chọn.",
    ),
    "apology_sent": (
        "Xin lỗi về việc chậm trả kết quả hồ sơ {code}",
        "Hồ sơ {code} ({procedure}) chưa thể trả đúng hẹn. Lý do: {reason}. Ngày hẹn mới: {due}. "
        "Chúng tôi xin lỗi ông/bà vì sự chậm trễ này.",
    ),
    "dossier_stopped": (
        "Hồ sơ {code} đã dừng xử lý",
        "Hồ sơ {code} ({procedure}) đã dừng xử lý. Lý do: {reason}",
    ),
    "dossier_withdrawn": (
        "Hồ sơ {code} đã được rút",
        "Hồ sơ {code} ({procedure}) đã được rút theo yêu cầu của ông/bà.",
    ),
    "copies_by_post": (
        "Hồ sơ {code}: gửi bản sao có chứng thực qua bưu chính",
        "Hồ sơ {code} ({procedure}) được nộp không kèm tờ khai ký số. Vui lòng gửi bản sao có chứng thực "
        "các giấy tờ qua dịch vụ bưu chính, ghi rõ mã hồ sơ {code} ngoài phong bì.",
    ),
    "payment_received": (
        "Hồ sơ {code}: đã nhận thanh toán",
        "Đã nhận {amount} đồng phí, lệ phí của hồ sơ {code} ({procedure}). Số biên lai: {reference}.",
    ),
    "payment_refunded": (
        "Hồ sơ {code}: hoàn trả phí, lệ phí",
        "Khoản {amount} đồng đã nộp cho hồ sơ {code} ({procedure}) được hoàn trả. Lý do: {reason}",
    ),
    "handover_late": (
        "Hồ sơ {code} chuyển muộn",
        "Hồ sơ {code} ({procedure}) chưa được chuyển đến cơ quan giải quyết "
        "trong nửa ngày làm việc kể từ khi tiếp nhận.",
    ),
}


def queue_notice(dossier: Dossier, kind: str, recipient: str, at: datetime, **details: str) -> OutboxMessage | None:
    """An email notice for one recipient (None without an address); unique per dossier step and recipient."""
    if not recipient:
        return None
    subject, body = TEMPLATES[kind]
    values = {"code": dossier.code, "procedure": dossier.procedure_version.name_vi, **details}
    return OutboxMessage(
        dedup_key=f"{kind}:{dossier.code}:{dossier.version}:{recipient}",
        channel="email",
        recipient=recipient,
        subject=subject.format(**values),
        body=body.format(**values),
        dossier_id=dossier.id,
        created_at=at,
        next_attempt_at=at,
    )
