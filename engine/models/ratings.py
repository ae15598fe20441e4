"""The applicant's evaluation of how a dossier was handled (đánh giá mức độ hài lòng), one per dossier."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.models.base import Base, text_enum

INDICATORS = (
    "total_time",  # tổng thời gian giải quyết so với thời gian quy định
    "unit_time",  # thời gian của từng cơ quan, đơn vị so với phần được giao
    "contacts",  # số lần phải liên hệ để hoàn thiện hồ sơ
    "bodies",  # số cơ quan, đơn vị phải liên hệ
    "one_stop",  # tiếp nhận, trả kết quả qua bộ phận một cửa
    "published",  # thủ tục được công khai
    "conduct",  # thái độ của cán bộ, công chức
    "feedback",  # tiếp thu, giải trình ý kiến phản ánh, kiến nghị
    "online_progress",  # tiến độ và chất lượng dịch vụ công trực tuyến
)


class Satisfaction(StrEnum):
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    NOT_SATISFIED = "not_satisfied"


class Rating(Base):
    """The nine indicators scored 0, 1 or 2, the two satisfaction answers and an optional comment."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), unique=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    total_time: Mapped[int]
    unit_time: Mapped[int]
    contacts: Mapped[int]
    bodies: Mapped[int]
    one_stop: Mapped[int]
    published: Mapped[int]
    conduct: Mapped[int]
    feedback: Mapped[int]
    online_progress: Mapped[int]
    ease: Mapped[Satisfaction] = mapped_column(text_enum(Satisfaction))
    overall: Mapped[Satisfaction] = mapped_column(text_enum(Satisfaction))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]

    @property
    def score(self) -> int:
        """The sum of the nine indicators (0-18)."""
        return sum(getattr(self, name) for name in INDICATORS)
