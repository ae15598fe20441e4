"""Applicants' ratings summed up for the reports: averages of the nine indicators and the satisfaction shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.models import INDICATORS, Dossier, Rating, Satisfaction


@dataclass(frozen=True)
class RatingSummary:
    count: int
    indicators: dict[str, float]  # average score 0-2 of each indicator
    average_score: float  # average total, 0-18
    ease: dict[Satisfaction, int]
    overall: dict[Satisfaction, int]

    @property
    def satisfied_share(self) -> float:
        """Share of ratings whose overall answer is satisfied or very satisfied (0-1)."""
        pleased = self.overall[Satisfaction.VERY_SATISFIED] + self.overall[Satisfaction.SATISFIED]
        return pleased / self.count if self.count else 0.0


def rating_summary(
    session: Session, *, agency_id: int | None = None, since: datetime | None = None, until: datetime | None = None
) -> RatingSummary:
    """Ratings given in [since, until), for the dossiers an agency resolved (or all), in one pass each."""
    where = []
    if agency_id is not None:
        where.append(Dossier.resolving_agency_id == agency_id)
    if since is not None:
        where.append(Rating.created_at >= since)
    if until is not None:
        where.append(Rating.created_at < until)
    base = select(Rating).join(Dossier, Rating.dossier_id == Dossier.id).where(*where).subquery()
    columns = [func.avg(getattr(base.c, name)) for name in INDICATORS]
    count, *averages = session.execute(select(func.count(), *columns).select_from(base)).one()
    answers = {}
    for question in ("ease", "overall"):
        rows = session.execute(select(base.c[question], func.count()).group_by(base.c[question])).all()
        tally = {answer: 0 for answer in Satisfaction}
        tally.update({Satisfaction(value): n for value, n in rows})
        answers[question] = tally
    indicators = {name: round(float(value or 0), 2) for name, value in zip(INDICATORS, averages, strict=True)}
    return RatingSummary(count, indicators, round(sum(indicators.values()), 2), answers["ease"], answers["overall"])
