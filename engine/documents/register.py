"""The register of outgoing documents (sổ theo dõi văn bản đi): each agency numbers what its leaders sign, from 1
every year, one number per document, taken in the signing step's own transaction so that a step that fails gives
its number back and two signings never share one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.db import upsert
from engine.models import Agency, OutgoingDocument, RegisterCounter, User


@dataclass(frozen=True)
class Entry:
    """What is registered: the document's type symbol (QĐ, GCN), its title and what it says, for whom."""

    type_symbol: str
    title: str
    summary: str
    recipient: str


def agency_symbol(agency: Agency) -> str:
    """The agency's part of a ký hiệu: its own symbol, else the initials of its name (Sở Tư pháp: STP)."""
    if agency.symbol:
        return agency.symbol
    return "".join(word[0] for word in agency.name.split() if word[0].isalpha()).upper()


def take_number(session: Session, agency: Agency, year: int) -> int:
    """The agency's next number of the year, taken atomically (the counter row stays locked until commit)."""
    statement = (
        upsert(session)(RegisterCounter)
        .values(agency_id=agency.id, year=year, last_number=1)
        .on_conflict_do_update(
            index_elements=["agency_id", "year"], set_={"last_number": RegisterCounter.last_number + 1}
        )
        .returning(RegisterCounter.last_number)
    )
    return session.execute(statement).scalar_one()


def register(
    session: Session, agency: Agency, entry: Entry, *, signer: User, at: datetime, tz: ZoneInfo, dossier_id: int
) -> OutgoingDocument:
    """Number a signed document and write it in the agency's register (the line is written by the session's next
    flush; its number is taken at once)."""
    year = at.astimezone(tz).year
    line = OutgoingDocument(
        agency_id=agency.id,
        year=year,
        number=take_number(session, agency, year),
        symbol=f"{entry.type_symbol}-{agency_symbol(agency)}",
        title=entry.title,
        summary=entry.summary,
        recipient=entry.recipient,
        dossier_id=dossier_id,
        signed_at=at,
        signer_id=signer.id,
    )
    session.add(line)
    return line


def register_of(session: Session, agency_id: int, year: int) -> list[OutgoingDocument]:
    """An agency's register for a year, in number order."""
    return list(
        session.scalars(
            select(OutgoingDocument)
            .where(OutgoingDocument.agency_id == agency_id, OutgoingDocument.year == year)
            .order_by(OutgoingDocument.number)
        )
    )
