"""Editorial report (báo cáo cung cấp tin): per contributing agency and period, items submitted, published on time
and late, waiting on time and past their deadline; an agency that contributed nothing shows with zeros."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from engine.content.deadlines import UNPUBLISHED
from engine.models import Agency, ContentItem, Role, RoleAssignment


@dataclass(frozen=True)
class ContributionCounts:
    agency_code: str
    agency_name: str
    submitted: int
    published_on_time: int
    published_late: int
    waiting_on_time: int
    waiting_late: int
    flagged_late: int  # flagged by the scheduler when its deadline passed unpublished


def contribution_report(session: Session, start: datetime, end: datetime, now: datetime) -> list[ContributionCounts]:
    """Items submitted in [start, end) by each agency that has contributors or submitted, as they stand at `now`."""
    published = ContentItem.first_published_at.is_not(None)
    in_time = or_(ContentItem.due_at.is_(None), ContentItem.first_published_at <= ContentItem.due_at)
    waiting = ContentItem.status.in_(UNPUBLISHED)
    overdue = and_(ContentItem.due_at.is_not(None), ContentItem.due_at < now)

    def count(condition: object) -> object:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    contributing = select(RoleAssignment.agency_id).where(RoleAssignment.role == Role.CONTENT_CONTRIBUTOR)
    in_period = and_(
        ContentItem.agency_id == Agency.id, ContentItem.submitted_at >= start, ContentItem.submitted_at < end
    )
    rows = session.execute(
        select(
            Agency.code,
            Agency.name,
            func.count(ContentItem.id),
            count(and_(published, in_time)),
            count(and_(published, ~in_time)),
            count(and_(waiting, ~overdue)),
            count(and_(waiting, overdue)),
            count(ContentItem.late_flagged_at.is_not(None)),
        )
        .outerjoin(ContentItem, in_period)
        .where(or_(Agency.id.in_(contributing), ContentItem.id.is_not(None)))
        .group_by(Agency.code, Agency.name)
        .order_by(Agency.name)
    ).all()
    return [ContributionCounts(*row) for row in rows]


def totals(lines: list[ContributionCounts]) -> ContributionCounts:
    """The sum of every line, for the report's last row."""
    counted = list(ContributionCounts.__dataclass_fields__)[2:]
    return ContributionCounts("", "", *(sum(getattr(line, name) for line in lines) for name in counted))
