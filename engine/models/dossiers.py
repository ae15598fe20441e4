"""Dossiers (hồ sơ): code, parties, channel, moments, status, pauses and files."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import Double, ForeignKey, Index, String, Text, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from engine.models.base import Base, IntEnumType, text_enum
from sla.deadlines import Timeliness

if TYPE_CHECKING:
    from engine.models.catalog import ProcedureDocument, ProcedureVersion
    from engine.models.organisation import Agency, Department
    from engine.models.people import User
    from engine.models.store import ApplicantDocument


class Channel(StrEnum):
    ONLINE = "online"
    COUNTER = "counter"


class DossierStatus(IntEnum):
    """The national public-service portal's dossier status codes."""

    NEW = 1  # Mới đăng ký
    RECEIVED = 2  # Được tiếp nhận
    NOT_RECEIVED = 3  # Không được tiếp nhận
    PROCESSING = 4  # Đang xử lý
    SUPPLEMENT_REQUESTED = 5  # Yêu cầu bổ sung giấy tờ
    FINANCIAL_OBLIGATION = 6  # Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWN = 7  # Công dân yêu cầu rút hồ sơ
    STOPPED = 8  # Dừng xử lý
    RESOLVED = 9  # Đã xử lý xong
    RESULT_RETURNED = 10  # Đã trả kết quả


RUNNING = (
    DossierStatus.RECEIVED,
    DossierStatus.PROCESSING,
    DossierStatus.SUPPLEMENT_REQUESTED,
    DossierStatus.FINANCIAL_OBLIGATION,
)
"""Statuses whose due moment is still ahead of the agency: the clock runs (or is paused)."""

RESOLVED = (DossierStatus.RESOLVED, DossierStatus.RESULT_RETURNED)


class SlaState(StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def final_sla_state(
    status: DossierStatus, due_at: datetime | None, resolved_at: datetime | None, current: SlaState | None
) -> SlaState | None:
    """The SLA state of a dossier that no longer runs: a resolved one is on time or overdue by when it was resolved
    (at the due moment itself it is on time); a withdrawn or stopped one keeps the state it had."""
    if status in RESOLVED and due_at is not None and resolved_at is not None:
        return SlaState.OVERDUE if resolved_at > due_at else SlaState.ON_TIME
    return current


class Outcome(StrEnum):
    """How the handling ended, beside the portal status: granted, refused, withdrawn or stopped."""

    GRANTED = "granted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"


STILL_COUNTED = datetime(9999, 12, 31, tzinfo=UTC)
"""The `counted_until` of a dossier that has not ended: after every period, so that one range of the report index
holds the dossiers a period counts (an open one as NULL would need a second scan)."""

ENDING_OUTCOMES = (Outcome.WITHDRAWN, Outcome.STOPPED)
"""The outcomes that end a dossier without resolving it; it never changes again, so its last update is when it ended."""


def counted_until_of(resolved_at: datetime | None, outcome: Outcome | str | None, updated_at: datetime) -> datetime:
    """The moment a dossier stops counting in reports: when it was resolved, or withdrawn or stopped (the earlier if
    both), else STILL_COUNTED."""
    ended = [resolved_at] if resolved_at is not None else []
    if outcome is not None and Outcome(outcome) in ENDING_OUTCOMES:
        ended.append(updated_at)
    return min(ended, default=STILL_COUNTED)


class ReturnMethod(StrEnum):
    COUNTER = "counter"
    POST = "post"
    ONLINE = "online"


class FilePurpose(StrEnum):
    SUBMITTED = "submitted"
    SUPPLEMENT = "supplement"
    RESULT = "result"
    ISSUED_DOCUMENT = "issued_document"


REPORT_COLUMNS = (
    "counted_until",
    "resolving_agency_id",
    "working_days",
    "received_at",
    "resolved_at",
    "outcome",
    "updated_at",
    "due_at",
    "timeliness",
    "channel",
    "late_handover",
    "handover_due_at",
    "department_id",
    "procedure_version_id",
)


class Dossier(Base):
    """One application for one procedure; every step writes `version` + 1 where the row still has the version it read
    (optimistic locking: the ORM compares it in the UPDATE and refuses a row another step changed)."""

    __tablename__ = "dossiers"
    __table_args__ = (
        Index("ix_dossiers_resolving_agency_status", "resolving_agency_id", "status"),
        Index("ix_dossiers_sla_state_due_at", "sla_state", "due_at"),
        # Every column a report reads, first the moment a dossier stops counting: a period's report reads the range
        # of this narrow index still counted at the period's start, never the wide rows nor the dossiers ended before.
        Index("ix_dossiers_report", *REPORT_COLUMNS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    version: Mapped[int] = mapped_column(default=1)
    procedure_version_id: Mapped[int] = mapped_column(ForeignKey("procedure_versions.id"), index=True)
    rule_set: Mapped[str] = mapped_column(String(40))
    channel: Mapped[Channel] = mapped_column(text_enum(Channel))
    status: Mapped[DossierStatus] = mapped_column(IntEnumType(DossierStatus), index=True)
    receiving_unit_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    resolving_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    applicant_name: Mapped[str] = mapped_column(String(255))
    applicant_name_folded: Mapped[str] = mapped_column(String(255), index=True, default="")
    applicant_id_number: Mapped[str] = mapped_column(String(20), default="")
    applicant_phone: Mapped[str] = mapped_column(String(32), default="")
    applicant_email: Mapped[str] = mapped_column(String(255), default="")
    applicant_address: Mapped[str] = mapped_column(String(255), default="")
    submitted_at: Mapped[datetime]
    received_at: Mapped[datetime | None] = mapped_column(index=True)
    due_at: Mapped[datetime | None]
    handover_due_at: Mapped[datetime | None]
    handed_over_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    returned_at: Mapped[datetime | None]
    late_handover: Mapped[bool] = mapped_column(default=False)
    apology_count: Mapped[int] = mapped_column(default=0)
    outcome: Mapped[Outcome | None] = mapped_column(text_enum(Outcome))
    updated_at: Mapped[datetime]
    sla_state: Mapped[SlaState | None] = mapped_column(text_enum(SlaState))
    first_overdue_at: Mapped[datetime | None]
    # Stored when the dossier is resolved (engine.dossiers.resolution), so reports are grouped SQL.
    working_days: Mapped[float | None] = mapped_column(Double)  # working time used, in working days, pauses left out
    timeliness: Mapped[Timeliness | None] = mapped_column(text_enum(Timeliness))
    # When the dossier ended (resolved, withdrawn or stopped), STILL_COUNTED while it runs: reports count it in the
    # periods that end after its receipt and begin before this moment. Kept by `keep_counted_until` on every write.
    counted_until: Mapped[datetime | None] = mapped_column(default=STILL_COUNTED)
    # The next moment the SLA pass must look at this dossier (its state may change by the clock alone); None when
    # only a step can change it. Kept by `_mark_for_sla_pass` on every step, by the pass on every dossier it sees.
    sla_check_at: Mapped[datetime | None] = mapped_column(index=True)
    return_method: Mapped[ReturnMethod] = mapped_column(text_enum(ReturnMethod), default=ReturnMethod.COUNTER)
    result_summary: Mapped[str] = mapped_column(Text, default="")
    result_draft: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the decided content the specialist proposed

    procedure_version: Mapped[ProcedureVersion] = relationship()
    receiving_unit: Mapped[Agency] = relationship(foreign_keys=[receiving_unit_id])
    resolving_agency: Mapped[Agency] = relationship(foreign_keys=[resolving_agency_id])
    department: Mapped[Department | None] = relationship()
    applicant: Mapped[User | None] = relationship()
    pauses: Mapped[list[DossierPause]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="DossierPause.started_at"
    )
    files: Mapped[list[DossierFile]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="DossierFile.id"
    )

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version, "version_id_generator": False}

    def __repr__(self) -> str:
        return f"<Dossier {self.code} {self.status.name}>"


class DossierPause(Base):
    """An interval during which the dossier's clock stood still (waiting for the applicant)."""

    __tablename__ = "dossier_pauses"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(Text)

    dossier: Mapped[Dossier] = relationship(back_populates="pauses")


class DossierCodeCounter(Base):
    """The last daily counter issued per unit and day; incremented atomically by the database."""

    __tablename__ = "dossier_code_counters"

    unit_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[str] = mapped_column(String(6), primary_key=True)
    last_value: Mapped[int]


class StoredFile(Base):
    """File content, addressed by its SHA-256; the bytes live in the file store, not the database."""

    __tablename__ = "stored_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    media_type: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]


class DossierFile(Base):
    """A file attached to a dossier: a required document, a supplement, a result or an issued document."""

    __tablename__ = "dossier_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("procedure_documents.id"))
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"))
    filename: Mapped[str] = mapped_column(String(255))
    purpose: Mapped[FilePurpose] = mapped_column(text_enum(FilePurpose))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime]
    store_document_id: Mapped[int | None] = mapped_column(ForeignKey("applicant_documents.id"))  # from the store

    dossier: Mapped[Dossier] = relationship(back_populates="files")
    document: Mapped[ProcedureDocument | None] = relationship()
    stored: Mapped[StoredFile] = relationship(lazy="joined")
    store_document: Mapped[ApplicantDocument | None] = relationship(lazy="joined")


SLA_CHECK_NOW = datetime(1970, 1, 1, tzinfo=UTC)
"""The next-change moment of a dossier a step changed: before any clock, so the next SLA pass takes it first."""

SLA_INPUTS = (
    "status",
    "procedure_version_id",  # a share of its processing time may be the due-soon lead
    "due_at",
    "handover_due_at",
    "handed_over_at",
    "resolved_at",
    "late_handover",
)
"""The columns the SLA state, the first overdue moment and the late-handover flag follow from (with the pauses)."""


@event.listens_for(Session, "before_flush")
def _mark_before_flush(session: Session, _context: object, _instances: object) -> None:
    keep_counted_until(session)
    mark_for_sla_pass(session)


def keep_counted_until(session: Session) -> None:
    """The `counted_until` of every new dossier, and of every one whose resolution, outcome or last update changed
    (the step that ends it). Every flush does this; a step that writes its dossier itself does it first."""
    for row in (*session.new, *session.dirty):
        if isinstance(row, Dossier) and _changed(row, ("resolved_at", "outcome", "updated_at")):
            row.counted_until = counted_until_of(row.resolved_at, row.outcome, row.updated_at)


def mark_for_sla_pass(session: Session) -> None:
    """Whatever step moves a deadline, a status or a pause (receiving, supplementing, handing over, an apology, a day
    off recorded late), a running dossier is due for the next SLA pass; one without deadlines never is. The step that
    ends a dossier (resolving, returning, withdrawing, stopping) settles its SLA columns itself, so that no pass ever
    looks at a finished dossier. Every flush does this; a step that writes its dossier itself
    (`engine.uow.write_changes`) does it first."""
    for row in (*session.new, *session.dirty):
        if isinstance(row, DossierPause):
            with session.no_autoflush:
                dossier = row.dossier
        elif isinstance(row, Dossier) and _changed(row, SLA_INPUTS):
            dossier = row
        else:
            continue
        if dossier is None or (dossier.due_at or dossier.handover_due_at) is None:
            continue
        if dossier.status in RUNNING:
            dossier.sla_check_at = SLA_CHECK_NOW
        else:
            _settle(dossier)


def _settle(dossier: Dossier) -> None:
    """The SLA columns of a dossier that no longer runs, as the pass would write them, and no next-change moment."""
    dossier.sla_state = final_sla_state(dossier.status, dossier.due_at, dossier.resolved_at, dossier.sla_state)
    if dossier.sla_state == SlaState.OVERDUE and dossier.first_overdue_at is None:
        dossier.first_overdue_at = dossier.due_at
    handed_over, handover_due = dossier.handed_over_at, dossier.handover_due_at
    if handed_over is not None and handover_due is not None and handed_over > handover_due:
        dossier.late_handover = True
    dossier.sla_check_at = None


def _changed(dossier: Dossier, names: tuple[str, ...]) -> bool:
    """Whether the dossier is new or any of these columns changed since it was read."""
    state = inspect(dossier)
    return state.pending or any(state.attrs[name].history.has_changes() for name in names)
