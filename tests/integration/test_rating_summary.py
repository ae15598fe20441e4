"""Ratings feed the reports: averages per indicator and satisfaction counts, by agency and period."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from engine.models import INDICATORS, Agency, Dossier, Rating, Satisfaction, User
from reports.ratings import rating_summary
from tests.integration.factories import demo_dossier


def test_ratings_are_averaged_and_counted(runtime, clock):
    at = clock.now()
    with runtime.unit_of_work() as uow:
        session = uow.session
        first = demo_dossier(session, at)
        second = Dossier(
            **{c: getattr(first, c) for c in ("procedure_version_id", "rule_set", "channel", "status")},
            code="000.01.10.H99-261123-0002",
            receiving_unit_id=first.receiving_unit_id,
            resolving_agency_id=first.resolving_agency_id,
            applicant_name="Lê Văn Cường",
            submitted_at=at,
            updated_at=at,
        )
        session.add(second)
        session.flush()
        applicant = session.scalar(select(User.id).where(User.username == "nguyenvanan"))
        scores = [dict.fromkeys(INDICATORS, 2), dict.fromkeys(INDICATORS, 1) | {"conduct": 0}]
        answers = [
            (Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED),
            (Satisfaction.SATISFIED, Satisfaction.NOT_SATISFIED),
        ]
        for dossier, score, (ease, overall), day in zip((first, second), scores, answers, (0, 2), strict=True):
            session.add(
                Rating(
                    dossier_id=dossier.id,
                    applicant_id=applicant,
                    ease=ease,
                    overall=overall,
                    created_at=at + timedelta(days=day),
                    **score,
                )
            )
        uow.commit()
        ward = first.resolving_agency_id
        other = session.scalar(select(Agency.id).where(Agency.id != ward))

    with runtime.unit_of_work() as uow:
        summary = rating_summary(uow.session, agency_id=ward)
        assert summary.count == 2
        assert summary.indicators["total_time"] == 1.5 and summary.indicators["conduct"] == 1.0
        assert summary.average_score == 13.0  # (18 + 8) / 2: eight indicators at 1, conduct at 0
        assert summary.ease[Satisfaction.SATISFIED] == 1 and summary.overall[Satisfaction.NOT_SATISFIED] == 1
        assert summary.satisfied_share == 0.5
        assert rating_summary(uow.session, since=at + timedelta(days=1)).count == 1
        assert rating_summary(uow.session, until=at + timedelta(days=1)).count == 1
        empty = rating_summary(uow.session, agency_id=other)
        assert empty.count == 0 and empty.satisfied_share == 0.0 and empty.average_score == 0.0
