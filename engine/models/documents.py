"""Official documents issued for a dossier, and the leaders' signing certificates (chứng thư số)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.models.base import Base
from engine.models.dossiers import DossierFile
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
