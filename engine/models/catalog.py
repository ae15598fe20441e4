"""The procedure catalog (danh mục thủ tục hành chính): norms per published version, apart from dossiers."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.errors import N_
from engine.models.base import Base, text_enum
from engine.models.dossiers import Channel, ReturnMethod
from engine.models.organisation import Agency, AgencyTier
from engine.models.people import User
from sla.deadlines import Duration, TimeUnit


class ProcedureStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class OnlineLevel(StrEnum):
    """Online service level: the older levels 2-4 and the newer full or partial online service."""

    LEVEL_2 = "level_2"
    LEVEL_3 = "level_3"
    LEVEL_4 = "level_4"
    FULL_ONLINE = "full_online"  # toàn trình
    PARTIAL_ONLINE = "partial_online"  # một phần


class SupplementMode(StrEnum):
    """What waiting for a supplement does to the clock: pause it, or restart it on resubmission."""

    PAUSE = "pause"
    RESTART = "restart"


class DocumentKind(StrEnum):
    """How a document is provided (hình thức): bản chính, bản sao, bản sao có chứng thực, xuất trình."""

    ORIGINAL = "original"
    COPY = "copy"
    CERTIFIED_COPY = "certified_copy"
    PRESENT = "present"  # shown at the counter, not kept

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    DocumentKind.ORIGINAL: N_("Bản chính"),
    DocumentKind.COPY: N_("Bản sao"),
    DocumentKind.CERTIFIED_COPY: N_("Bản sao có chứng thực"),
    DocumentKind.PRESENT: N_("Xuất trình bản chính"),
}


class Procedure(Base):
    """A procedure's stable identity: its national code (e.g. 1.001193)."""

    __tablename__ = "procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)

    versions: Mapped[list[ProcedureVersion]] = relationship(
        back_populates="procedure", order_by="ProcedureVersion.version"
    )


class ProcedureDraft(Base):
    """The one open draft of a procedure's next version (bản dự thảo): a whole catalog entry, until it is published."""

    __tablename__ = "procedure_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id", ondelete="CASCADE"), unique=True)
    entry: Mapped[dict[str, Any]]  # in the catalog file's shape
    base_version: Mapped[int]  # the version it was drafted from: a version published since makes it outdated
    revision: Mapped[int] = mapped_column(default=1)  # a save names the revision it edited: a stale one is refused
    saved_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)

    procedure: Mapped[Procedure] = relationship()
    saved_by: Mapped[User] = relationship(lazy="joined")

    # Every write names the revision it read: a concurrent one is refused, never merged.
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": revision, "version_id_generator": False}


class ProcedureVersion(Base):
    """One version of a procedure's norms; a dossier keeps the version it started with."""

    __tablename__ = "procedure_versions"
    __table_args__ = (UniqueConstraint("procedure_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), index=True)
    version: Mapped[int]
    status: Mapped[ProcedureStatus] = mapped_column(text_enum(ProcedureStatus))
    valid_from: Mapped[date]
    published_at: Mapped[datetime | None]
    content_sha256: Mapped[str] = mapped_column(String(64))
    name_vi: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text, default="")
    sector: Mapped[str] = mapped_column(String(255), index=True)
    sector_en: Mapped[str] = mapped_column(String(255), default="")
    implementing_level: Mapped[AgencyTier] = mapped_column(text_enum(AgencyTier))
    handling_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    handling_body: Mapped[str] = mapped_column(Text)
    department_code: Mapped[str] = mapped_column(String(32), default="")
    online_level: Mapped[OnlineLevel] = mapped_column(text_enum(OnlineLevel))
    same_day_cutoff: Mapped[time | None]
    supplement_mode: Mapped[SupplementMode] = mapped_column(text_enum(SupplementMode))
    process_key: Mapped[str] = mapped_column(String(80))
    process_version: Mapped[int | None]  # the diagram version its dossiers start with; None: the newest deployed
    result_type: Mapped[str] = mapped_column(Text)
    step_budgets: Mapped[list[Any]] = mapped_column(default=list)
    contributors: Mapped[list[Any]] = mapped_column(default=list)
    legal_basis: Mapped[list[Any]] = mapped_column(default=list)
    sources: Mapped[list[Any]] = mapped_column(default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    english: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the English version, for foreigners
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the document it issues: kind, title, symbol, fields
    guide: Mapped[list[Any]] = mapped_column(default=list)  # how to use the online service, step by step
    provenance: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {field: C, S or D}
    entry: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the catalog entry it was published from, whole

    procedure: Mapped[Procedure] = relationship(back_populates="versions", lazy="joined")
    handling_agency: Mapped[Agency | None] = relationship()
    times: Mapped[list[ProcedureTime]] = relationship(
        back_populates="procedure_version", cascade="all, delete-orphan", order_by="ProcedureTime.id"
    )
    documents: Mapped[list[ProcedureDocument]] = relationship(
        back_populates="procedure_version", cascade="all, delete-orphan", order_by="ProcedureDocument.position"
    )
    fees: Mapped[list[ProcedureFee]] = relationship(
        back_populates="procedure_version", cascade="all, delete-orphan", order_by="ProcedureFee.id"
    )

    @property
    def handler(self) -> str:
        """Who resolves its dossiers, as the public reads it: the handling agency, else the handling body."""
        return self.handling_agency.name if self.handling_agency else self.handling_body

    @property
    def handler_en(self) -> str:
        return self.handling_body_en or (self.handling_agency.name_en if self.handling_agency else "")

    @property
    def handling_body_en(self) -> str:
        return self.english.get("handling_body", "")

    @property
    def result_type_en(self) -> str:
        return self.english.get("result_type", "")

    @property
    def legal_basis_en(self) -> list[str]:
        return self.english.get("legal_basis", [])

    @property
    def return_methods(self) -> tuple[ReturnMethod, ...]:
        """How its results may go back: at the agency only, for a service not wholly online (level 2-3, một phần:
        the applicant brings or shows papers there); as the applicant chooses for a full online one (level 4,
        toàn trình)."""
        if self.online_level in (OnlineLevel.LEVEL_4, OnlineLevel.FULL_ONLINE):
            return tuple(ReturnMethod)
        return (ReturnMethod.COUNTER,)

    def processing_time(self, channel: Channel) -> Duration:
        """The statutory time for a channel: its own row if it has one, else the general one."""
        by_channel = {t.channel: t for t in self.times if t.condition == ""}
        row = by_channel.get(channel) or by_channel[None]
        return row.duration


class ProcedureTime(Base):
    """A statutory processing time, general or for one channel, or under a stated condition."""

    __tablename__ = "procedure_times"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_version_id: Mapped[int] = mapped_column(
        ForeignKey("procedure_versions.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[Channel | None] = mapped_column(text_enum(Channel))
    amount: Mapped[float] = mapped_column(Numeric(6, 2, asdecimal=False))
    unit: Mapped[TimeUnit] = mapped_column(text_enum(TimeUnit))
    condition: Mapped[str] = mapped_column(Text, default="")
    condition_en: Mapped[str] = mapped_column(Text, default="")

    procedure_version: Mapped[ProcedureVersion] = relationship(back_populates="times")

    @property
    def duration(self) -> Duration:
        return Duration(self.amount, self.unit)


class ProcedureDocument(Base):
    """A document the applicant must provide (thành phần hồ sơ), with its form where there is one."""

    __tablename__ = "procedure_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_version_id: Mapped[int] = mapped_column(
        ForeignKey("procedure_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text, default="")  # the same document across procedures (document_keys)
    name_en: Mapped[str] = mapped_column(Text, default="")
    form: Mapped[str] = mapped_column(String(255), default="")
    form_en: Mapped[str] = mapped_column(String(255), default="")
    kind: Mapped[DocumentKind | None] = mapped_column(text_enum(DocumentKind))  # None: the sources do not say
    count: Mapped[int] = mapped_column(default=1)
    blank: Mapped[str] = mapped_column(String(80), default="")  # the form definition offered as a blank to download
    required: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str] = mapped_column(Text, default="")
    note_en: Mapped[str] = mapped_column(Text, default="")

    procedure_version: Mapped[ProcedureVersion] = relationship(back_populates="documents")

    @property
    def provided(self) -> str:
        """How it is provided, as a receipt prints it: "Bản chính: 1", "Xuất trình bản chính"; empty when unknown."""
        if self.kind is None:
            return ""
        return self.kind.label if self.kind is DocumentKind.PRESENT else f"{self.kind.label}: {self.count}"

    @property
    def kept(self) -> bool:
        """Whether the dossier keeps it: everything but what is only shown (xuất trình)."""
        return self.kind is not DocumentKind.PRESENT

    @property
    def storable(self) -> bool:
        """Whether the applicant's store keeps and offers it: a paper they hold, not a form filled for this dossier."""
        return self.kept and not self.form and not self.blank


class ProcedureFee(Base):
    """A fee or charge (phí, lệ phí); the amount may differ by channel or be set elsewhere (None)."""

    __tablename__ = "procedure_fees"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_version_id: Mapped[int] = mapped_column(
        ForeignKey("procedure_versions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text, default="")
    amount_vnd: Mapped[int | None]
    channel: Mapped[Channel | None] = mapped_column(text_enum(Channel))
    note: Mapped[str] = mapped_column(Text, default="")
    note_en: Mapped[str] = mapped_column(Text, default="")

    procedure_version: Mapped[ProcedureVersion] = relationship(back_populates="fees")
