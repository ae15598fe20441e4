"""Online submission (nộp trực tuyến): drafts, their files, and the declaration kept with a dossier."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.models.base import Base, text_enum
from engine.models.dossiers import ReturnMethod, StoredFile

if TYPE_CHECKING:
    from engine.models.catalog import ProcedureDocument, ProcedureVersion
    from engine.models.organisation import Agency
    from engine.models.store import ApplicantDocument


class Draft(Base):
    """A dossier being prepared by its applicant: declaration, receiving unit, files; not yet submitted."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    procedure_version_id: Mapped[int] = mapped_column(ForeignKey("procedure_versions.id"))
    receiving_unit_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    return_method: Mapped[ReturnMethod] = mapped_column(text_enum(ReturnMethod), default=ReturnMethod.COUNTER)
    declaration: Mapped[dict[str, Any]] = mapped_column(default=dict)
    signed_sha256: Mapped[str | None] = mapped_column(ForeignKey("stored_files.sha256"))
    signed_filename: Mapped[str] = mapped_column(String(255), default="")
    signer: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    procedure_version: Mapped[ProcedureVersion] = relationship()
    receiving_unit: Mapped[Agency | None] = relationship()
    files: Mapped[list[DraftFile]] = relationship(
        back_populates="draft", cascade="all, delete-orphan", order_by="DraftFile.id"
    )


class DraftFile(Base):
    """One uploaded file of a draft, for one required document (thành phần hồ sơ)."""

    __tablename__ = "draft_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("procedure_documents.id"))
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"))
    filename: Mapped[str] = mapped_column(String(255))
    uploaded_at: Mapped[datetime]
    store_document_id: Mapped[int | None] = mapped_column(ForeignKey("applicant_documents.id"))  # from the store

    draft: Mapped[Draft] = relationship(back_populates="files")
    document: Mapped[ProcedureDocument] = relationship()
    stored: Mapped[StoredFile] = relationship(lazy="joined")
    store_document: Mapped[ApplicantDocument | None] = relationship(lazy="joined")


class DossierDeclaration(Base):
    """The declaration (tờ khai) an online applicant filled in, and who signed it digitally, if anyone."""

    __tablename__ = "dossier_declarations"

    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), primary_key=True)
    form: Mapped[str] = mapped_column(String(80))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    signer: Mapped[str] = mapped_column(String(255), default="")
    signed_sha256: Mapped[str | None] = mapped_column(ForeignKey("stored_files.sha256"))
