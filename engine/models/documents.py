"""Official documents issued for a dossier, the leaders' signing certificates (chứng thư số), the register of
outgoing documents (sổ văn bản đi) and the result previews that leaders sign."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.models.base import Base
from engine.models.dossiers import Dossier, DossierFile
from engine.models.people import User


class IssuedDocument(Base):
    """One issue of an official document (a form of the circular, or the signed decision) of a dossier."""

    __tablename__ = "issued_documents"
    __table_args__ = (Index("ix_issued_documents_dossier_kind", "dossier_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    document_set: Mapped[str] = mapped_column(String(40))
    file_id: Mapped[int] = mapped_column(ForeignKey("dossier_files.id", ondelete="CASCADE"))
    issued_at: Mapped[datetime]
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("signing_certificates.id"))

    file: Mapped[DossierFile] = relationship(lazy="joined")
    issued_by: Mapped[User | None] = relationship()


class SigningCertificate(Base):
    """A leader's PKCS#12 exactly as uploaded (it stays locked by its own password); the PIN is never kept."""

    __tablename__ = "signing_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    pkcs12: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    subject: Mapped[str] = mapped_column(String(500))
    issuer: Mapped[str] = mapped_column(String(500))
    serial: Mapped[str] = mapped_column(String(80))
    sha256: Mapped[str] = mapped_column(String(64))
    not_before: Mapped[datetime]
    not_after: Mapped[datetime]
    active: Mapped[bool] = mapped_column(default=True)
    uploaded_at: Mapped[datetime]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class RegisterCounter(Base):
    """The last number an agency's register of outgoing documents (sổ văn bản đi) gave in a year."""

    __tablename__ = "register_counters"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


class OutgoingDocument(Base):
    """One line of an agency's register of outgoing documents: number and symbol, what it is, who signed it, when."""

    __tablename__ = "outgoing_documents"
    __table_args__ = (UniqueConstraint("agency_id", "year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    year: Mapped[int]
    number: Mapped[int]
    symbol: Mapped[str] = mapped_column(String(40))  # the part after the number: QĐ-STC
    title: Mapped[str] = mapped_column(String(255))
    summary: Mapped[str] = mapped_column(Text)  # trích yếu: what it decides, for whom
    recipient: Mapped[str] = mapped_column(String(255))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id", ondelete="SET NULL"), index=True)
    issued_document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_documents.id", ondelete="SET NULL"))
    signed_at: Mapped[datetime]
    signer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    signer: Mapped[User] = relationship()
    dossier: Mapped[Dossier | None] = relationship()
    issued_document: Mapped[IssuedDocument | None] = relationship()

    @property
    def reference(self) -> str:
        """Số/ký hiệu as printed: 15/QĐ-STC."""
        return f"{self.number}/{self.symbol}"


class ResultPreview(Base):
    """The unsigned result document as rendered when its sign task opened; signing signs exactly these bytes."""

    __tablename__ = "result_previews"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"))
    size: Mapped[int]
    rendered_at: Mapped[datetime]
