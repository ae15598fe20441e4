"""A procedure Sở Tư pháp resolves, published on top of the demo catalog (which ships none of its own)."""

from __future__ import annotations

import copy
from datetime import datetime

from sqlalchemy.orm import Session

from engine.catalog.procedures import catalog_entry, publish, read_catalog
from workflows import PROCEDURES_DIR

JUSTICE = "000.00.31.H99"  # Sở Tư pháp of the demo province
CODE = "2.999031"


def justice_procedure(session: Session, at: datetime) -> str:
    """Its national code; the entry is the certified copy's, handled by the province's department of justice."""
    data = copy.deepcopy(next(e.data for e in read_catalog() if e.data["slug"] == "certified_copy"))
    data |= {
        "slug": "justice_certified_copy",
        "code": CODE,
        "name_vi": "Chứng thực bản sao tại Sở Tư pháp",
        "implementing_level": "provincial_agency",
        "handling_agency": JUSTICE,
        "handling_body": "Sở Tư pháp",
    }
    publish(session, catalog_entry(PROCEDURES_DIR / "justice_certified_copy.json", data), at)
    return CODE
