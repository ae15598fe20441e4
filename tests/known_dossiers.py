"""A hand-built set of dossiers whose report numbers are worked out by hand below (October 2026).

Moments are Hà Nội local time; office hours 07:30-11:30 and 13:00-17:00, Monday to Friday; October 2026 has
no public holiday. Unless said otherwise a dossier is a birth registration resolved by the An Hòa ward.

| code | received | channel | what happens | in October |
| A01 | Mon 28/09 08:00 | counter | due Mon 05/10 17:00, granted Fri 02/10 10:00 | carried over, early, 34 h = 4.25 d |
| A02 | Mon 05/10 08:00 | counter | due Fri 09/10 17:00, granted Fri 09/10 15:00 | new, on time, 37.5 h = 4.6875 d |
| A03 | Mon 12/10 08:00 | online | due Wed 14/10 17:00, granted Fri 16/10 09:00 | new, late, 33 h = 4.125 d |
| A04 | Mon 19/10 08:00 | online | due Fri 30/10 17:00, refused Tue 20/10 08:00 | new, early, refused, 8 h = 1 d |
| A05 | Mon 05/10 08:00 | counter | paused Tue 06/10 07:30 - Thu 08/10 07:30, due Tue 13/10 17:00, |  |
|     |                 |         | granted Tue 13/10 11:30 | new, on time, 51.5 - 16 h = 4.4375 d |
| A06 | Mon 26/10 08:00 | online | paused from Tue 27/10 09:00, still waiting | new, waiting |
| A07 | Thu 01/10 08:00 | counter | due Thu 15/10 17:00, late handover, still open | new, overdue, late handover |
| A08 | Wed 28/10 08:00 | counter | due Tue 10/11 17:00, granted Thu 05/11 | new, in progress on time |
| A09 | Tue 06/10 08:00 | online | withdrawn Wed 07/10 10:00 | new, withdrawn |
| A10 | Tue 01/09 08:00 | counter | due Wed 30/09 17:00, granted Fri 25/09 10:00 | not counted (ended before) |
| A11 | Mon 02/11 08:00 | counter | still open | not counted (received after) |
| A12 | submitted Sat 10/10 | online | refused at reception, never received | not counted |
| A13 | Wed 07/10 08:00 | counter | certified copy at Sở Tư pháp, due Thu 08/10 17:00, |  |
|     |                 |         | granted Thu 08/10 16:00 | new, on time, 14.5 h = 1.8125 d |
| A14 | Mon 21/09 08:00 | counter | paused Tue 22/09 08:00 - Mon 05/10 08:00, |  |
|     |                 |         | due Tue 20/10 17:00, still open | carried over, overdue |
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog.procedures import current_version
from engine.demo import load_demo_data
from engine.dossiers.resolution import store_facts
from engine.models import Agency, Channel, Dossier, DossierPause, DossierStatus, Outcome
from engine.runtime import Runtime
from sla.calendar import WorkingCalendar

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
AN_HOA, JUSTICE = "000.01.10.H99", "000.00.31.H99"
# The working days of each dossier resolved in October, by code.
OCTOBER_DAYS = {"A01": 4.25, "A02": 4.6875, "A03": 4.125, "A04": 1.0, "A05": 4.4375, "A13": 1.8125}


def at(text: str) -> datetime:
    """A Hà Nội moment written as '2026-10-05 08:00'."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=HANOI)


def load_known_dossiers(runtime: Runtime) -> None:
    """Build the dossiers in the runtime's database and commit them."""
    with runtime.unit_of_work() as uow:
        build_known_dossiers(uow.session, runtime.clock.now())
        uow.commit()


def build_known_dossiers(session: Session, now: datetime) -> None:
    """The demo province and the dossiers of the table above."""
    load_demo_data(session, now)
    units = {a.code: a for a in session.scalars(select(Agency))}
    calendar = WorkingCalendar()
    versions = {slug: current_version(session, slug, now.date()) for slug in ("birth_registration", "certified_copy")}

    def add(code: str, received: str | None, channel: Channel, status: DossierStatus, **moments: object) -> Dossier:
        unit = units[str(moments.pop("unit", AN_HOA))]
        pauses = moments.pop("pauses", ())
        dossier = Dossier(
            code=f"000.01.10.H99-26{code}",
            procedure_version=versions[str(moments.pop("procedure", "birth_registration"))],
            rule_set="nd118-2025",
            channel=channel,
            status=status,
            receiving_unit=unit,
            resolving_agency=unit,
            applicant_name=f"Người nộp {code}",
            submitted_at=at(received or str(moments.pop("submitted"))),
            received_at=at(received) if received else None,
            updated_at=at(str(moments.pop("updated", received or "2026-10-10 08:00"))),
            **{name: at(value) if name.endswith("_at") else value for name, value in moments.items()},
        )
        dossier.pauses = [
            DossierPause(started_at=at(start), ended_at=at(end) if end else None, reason="Bổ sung giấy tờ")
            for start, end in pauses
        ]
        store_facts(dossier, calendar)  # as the step that resolves a dossier stores them
        session.add(dossier)
        return dossier

    done, open_ = DossierStatus.RESULT_RETURNED, DossierStatus.PROCESSING
    granted, refused = Outcome.GRANTED, Outcome.REFUSED
    add(
        "A01",
        "2026-09-28 08:00",
        Channel.COUNTER,
        done,
        due_at="2026-10-05 17:00",
        resolved_at="2026-10-02 10:00",
        outcome=granted,
    )
    add(
        "A02",
        "2026-10-05 08:00",
        Channel.COUNTER,
        done,
        due_at="2026-10-09 17:00",
        resolved_at="2026-10-09 15:00",
        outcome=granted,
    )
    add(
        "A03",
        "2026-10-12 08:00",
        Channel.ONLINE,
        done,
        due_at="2026-10-14 17:00",
        resolved_at="2026-10-16 09:00",
        outcome=granted,
    )
    add(
        "A04",
        "2026-10-19 08:00",
        Channel.ONLINE,
        DossierStatus.RESOLVED,
        due_at="2026-10-30 17:00",
        resolved_at="2026-10-20 08:00",
        outcome=refused,
    )
    add(
        "A05",
        "2026-10-05 08:00",
        Channel.COUNTER,
        done,
        due_at="2026-10-13 17:00",
        resolved_at="2026-10-13 11:30",
        outcome=granted,
        pauses=[("2026-10-06 07:30", "2026-10-08 07:30")],
    )
    add(
        "A06",
        "2026-10-26 08:00",
        Channel.ONLINE,
        DossierStatus.SUPPLEMENT_REQUESTED,
        due_at="2026-11-06 17:00",
        pauses=[("2026-10-27 09:00", None)],
    )
    add(
        "A07",
        "2026-10-01 08:00",
        Channel.COUNTER,
        open_,
        due_at="2026-10-15 17:00",
        handover_due_at="2026-10-01 12:00",
        late_handover=True,
    )
    add(
        "A08",
        "2026-10-28 08:00",
        Channel.COUNTER,
        done,
        due_at="2026-11-10 17:00",
        resolved_at="2026-11-05 10:00",
        outcome=granted,
    )
    add(
        "A09",
        "2026-10-06 08:00",
        Channel.ONLINE,
        DossierStatus.WITHDRAWN,
        due_at="2026-10-20 17:00",
        outcome=Outcome.WITHDRAWN,
        updated="2026-10-07 10:00",
    )
    add(
        "A10",
        "2026-09-01 08:00",
        Channel.COUNTER,
        done,
        due_at="2026-09-30 17:00",
        resolved_at="2026-09-25 10:00",
        outcome=granted,
    )
    add("A11", "2026-11-02 08:00", Channel.COUNTER, open_, due_at="2026-11-20 17:00")
    add(
        "A12",
        None,
        Channel.ONLINE,
        DossierStatus.NOT_RECEIVED,
        submitted="2026-10-10 08:00",
        resolved_at="2026-10-12 09:00",
        outcome=refused,
    )
    add(
        "A13",
        "2026-10-07 08:00",
        Channel.COUNTER,
        done,
        due_at="2026-10-08 17:00",
        resolved_at="2026-10-08 16:00",
        outcome=granted,
        unit=JUSTICE,
        procedure="certified_copy",
    )
    add(
        "A14",
        "2026-09-21 08:00",
        Channel.COUNTER,
        open_,
        due_at="2026-10-20 17:00",
        pauses=[("2026-09-22 08:00", "2026-10-05 08:00")],
    )
    session.flush()
