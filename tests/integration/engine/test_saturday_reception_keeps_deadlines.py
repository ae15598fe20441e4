"""A commune whose counter opens on Saturday morning receives dossiers then, but their deadlines count in the
working calendar: from Monday's opening, as for any dossier received on a day off."""

from __future__ import annotations

from datetime import datetime

from engine.catalog.agencies import agency_by_code, next_reception

COMMUNE = "000.01.11.H99"  # xã Tân Lập: mon-fri 07:30-11:30 13:00-17:00; sat 07:30-11:30 in the demo


def test_a_saturday_morning_counter_dossier_counts_from_monday(desk):
    saturday_morning = datetime.fromisoformat("2026-12-05T09:00+07:00")
    desk.clock.set(saturday_morning)
    with desk.runtime.unit_of_work() as uow:
        commune = agency_by_code(uow.session, COMMUNE)
        assert next_reception(desk.runtime, uow.session, commune, saturday_morning) == saturday_morning  # open
    code = desk.submit(unit=COMMUNE, by="motcua.tanlap")
    desk.complete(code, "check_completeness", "motcua.tanlap", decision="complete")
    dossier = desk.dossier(code)
    assert dossier.received_at == saturday_morning
    # birth registration: within the working day, counted from Monday 7/12 07:30, so by its closing
    assert dossier.due_at == datetime.fromisoformat("2026-12-07T17:00+07:00")
    # handed over within half a working day of Monday's opening, not of Saturday 09:00
    assert dossier.handover_due_at == datetime.fromisoformat("2026-12-07T11:30+07:00")
