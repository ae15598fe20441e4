"""Small builders of rows the integration tests need (the demo loader builds the rest)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog.procedures import current_version
from engine.demo import load_demo_data
from engine.models import Agency, Channel, Dossier, DossierStatus


def demo_dossier(session: Session, at: datetime, code: str = "000.01.10.H99-261123-0001") -> Dossier:
    """A freshly submitted birth registration at the An Hòa ward, on top of the demo data."""
    load_demo_data(session, at)
    ward = session.scalar(select(Agency).where(Agency.code == "000.01.10.H99"))
    dossier = Dossier(
        code=code,
        procedure_version=current_version(session, "birth_registration", at.date()),
        rule_set="nd118-2025",
        channel=Channel.COUNTER,
        status=DossierStatus.NEW,
        receiving_unit=ward,
        resolving_agency=ward,
        applicant_name="Trần Thị Bình",
        submitted_at=at,
        updated_at=at,
    )
    session.add(dossier)
    session.flush()
    return dossier
