"""A lived-in demo (hồ sơ mẫu): a few hundred dossiers received over the thirteen weeks before today, each taken
through the real services on a clock that walks forward, to the state its story gives it: returned early, on time
or late (some rated), awaiting return, refused at reception or after review, waiting for supplementation,
supplemented, apologised, stopped, withdrawn, handed over late, overdue, in progress.

Every task is worked by the first demo officer who may work it, with the answer its story gives for its behaviour
and sample values (`forms.samples`) for the rest, as a dry run does. Loaded once: an event marks it.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from engine.audit import record_event
from engine.documents.demo_ca import DEMO_PIN
from engine.documents.previews import open_preview
from engine.dossiers import requests
from engine.dossiers.results import rate
from engine.dossiers.sla_states import refresh_sla_states
from engine.dossiers.submission import Applicant, submit
from engine.dossiers.task_forms import task_form
from engine.dossiers.tasks import complete_task
from engine.dossiers.timers import fire_due_timers
from engine.errors import DomainError
from engine.models import (
    INDICATORS,
    Channel,
    Dossier,
    Event,
    ReturnMethod,
    Role,
    RoleAssignment,
    TaskRow,
    TaskState,
    User,
)
from engine.people.permissions import may_work
from engine.runtime import Runtime
from forms.samples import sample
from sla.clock import ManualClock

LOADED = "demo_history_loaded"
WEEKS = 13
PER_DAY = (2, 4)  # dossiers received on a working day, fewest to most
RECENT = timedelta(days=14)  # a story that leaves a dossier half-way is told of dossiers received this recently
HOURS = timedelta(hours=2)  # the pace's unit before a dossier has a due moment (received online, not checked yet)
SEED = 2026
ONLINE_APPLICANT = "nguyenvanan"
# (procedure, receiving unit, weight): commune procedures at the two wards, provincial ones at the province's centre
PROCEDURES = (
    ("birth_registration", "000.01.10.H99", 5),
    ("household_business_registration", "000.01.11.H99", 3),
    ("funeral_allowance", "000.01.10.H99", 1),
    ("first_land_certificate", "000.01.11.H99", 1),
    ("company_registration_llc1", "000.00.01.H99", 3),
    ("driving_licence_exchange", "000.00.01.H99", 2),
    ("building_permit", "000.00.01.H99", 1),
    ("land_transfer_registration", "000.00.01.H99", 1),
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Văn", "Thị", "Minh", "Thanh", "Quốc", "Ngọc", "Đức", "Thu", "Hữu", "Kim")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hùng", "Khoa", "Lan", "Long", "Mai", "Nam", "Oanh", "Phúc")
STREETS = ("Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Quang Trung", "Lý Thường Kiệt", "Phan Chu Trinh")
ANSWERS: dict[str, dict[str, Any]] = {  # what each behaviour answers unless the story says otherwise
    "check_completeness": {"decision": "complete"},
    "review": {"proposal": "result", "draft_summary": "Hồ sơ đủ điều kiện, đề nghị giải quyết"},
    "department_approval": {"decision": "approve"},
    "sign": {"decision": "sign", "pin": DEMO_PIN},
}


@dataclass(frozen=True)
class Story:
    """What happens to one dossier: the answers that differ from ANSWERS, how many tasks are worked (None: to the
    end), the share of its processing time between two steps (the handover comes `handover` after the check), a
    request made before the given step, and whether it is told only of recent dossiers."""

    name: str
    weight: int
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    steps: int | None = None
    pace: float = 0.15
    handover: timedelta = timedelta(hours=1)
    request: tuple[int, str] | None = None
    online: bool = False
    rated: bool = False
    recent: bool = False


STORIES = (
    Story("returned", 30),
    Story("returned_rated", 8, online=True, rated=True),
    Story("returned_late", 6, pace=0.3),
    Story("awaiting_return", 4, steps=5, recent=True),
    Story("refused_at_reception", 3, answers={"check_completeness": {"decision": "ineligible"}}, steps=1),
    Story("refused_after_review", 3, answers={"review": {"proposal": "refuse"}}),
    Story("waiting_for_supplement", 3, answers={"review": {"proposal": "supplement"}}, steps=4, recent=True),
    Story("supplemented", 3, answers={"review": {"proposal": "supplement"}}, steps=4, request=(4, "supplement")),
    Story("apologised", 3, pace=0.2, request=(2, "apology")),
    Story("stopped", 2, request=(2, "stop")),
    Story("withdrawn", 2, online=True, request=(0, "withdraw")),
    Story("late_handover", 3, steps=3, handover=timedelta(hours=6), recent=True),
    Story("overdue", 2, steps=2),
    Story("in_progress", 6, steps=3, recent=True),
)


def load_demo_history(runtime: Runtime, now: datetime, weeks: int = WEEKS) -> int:
    """Receive and move the demo's dossiers of the last `weeks` weeks up to `now`, once; returns how many."""
    with runtime.unit_of_work() as uow:
        if uow.session.scalar(select(exists().where(Event.action == LOADED))):
            return 0
    clock = ManualClock(now - timedelta(weeks=weeks))
    history = Runtime.start(runtime.settings, clock, render_result=runtime.render_result)
    try:
        count = _History(history, clock, now).run()
    finally:
        history.close()
    with runtime.unit_of_work() as uow:
        record_event(uow.session, LOADED, now, result="system", after={"dossiers": count})
        uow.commit()
    return count


class _History:
    """The agenda of every story's next step, worked in the order of their moments."""

    def __init__(self, runtime: Runtime, clock: ManualClock, end: datetime) -> None:
        self.runtime, self.clock, self.end = runtime, clock, end
        self.random = random.Random(SEED)
        with runtime.unit_of_work() as uow:
            self.calendar = runtime.calendar(uow.session)
            self.users = list(
                uow.session.scalars(
                    select(User).options(selectinload(User.roles).selectinload(RoleAssignment.agency)).order_by(User.id)
                )
            )
            uow.session.expunge_all()
        self.ids = {user.username: user.id for user in self.users}

    def run(self) -> int:
        agenda: list[tuple[datetime, int, Iterator[datetime]]] = []
        for order, (moment, story, procedure, unit) in enumerate(self._receipts()):
            heapq.heappush(agenda, (moment, order, self._lived(story, procedure, unit)))
        count, day = len(agenda), None
        while agenda:
            moment, order, story = heapq.heappop(agenda)
            if moment > self.end:
                continue
            self.clock.set(moment)
            if day != moment.date():
                day = moment.date()
                fire_due_timers(self.runtime)  # late handovers are flagged as the scheduler would
            following = next(story, None)
            if following is not None:
                heapq.heappush(agenda, (max(following, moment), order, story))
        self.clock.set(self.end)
        fire_due_timers(self.runtime)
        refresh_sla_states(self.runtime)
        return count

    def _receipts(self) -> Iterator[tuple[datetime, Story, str, str]]:
        """Each working day's receipts at moments within office hours; the first recent ones tell each story left
        half-way once, so that every such state shows."""
        untold = [story for story in STORIES if story.recent]
        day = self.clock.now().astimezone(self.calendar.tz).date()
        while day < self.end.astimezone(self.calendar.tz).date():
            intervals = self.calendar.office_intervals(day)
            for _ in range(self.random.randint(*PER_DAY) if intervals else 0):
                start, stop = self.random.choice(intervals)
                moment = start + (stop - start) * self.random.random() * 0.9
                recent = moment >= self.end - RECENT
                told = [s for s in STORIES if recent or not s.recent]
                story = untold.pop(0) if recent and untold else self.random.choices(told, [s.weight for s in told])[0]
                procedure, unit, _ = self.random.choices(PROCEDURES, [p[2] for p in PROCEDURES])[0]
                yield moment.replace(second=0, microsecond=0), story, procedure, unit
            day += timedelta(days=1)

    def _lived(self, story: Story, procedure: str, unit: str) -> Iterator[datetime]:
        """The story of one dossier: yields the moment of its next step, acts when resumed."""
        code = self._submitted(story, procedure, unit)
        budget = None
        for index in range(story.steps if story.steps is not None else 20):
            if story.request is not None and story.request[0] == index:
                self._request(code, story.request[1])
            task = self._open_task(code)
            if task is None:
                break
            self._work(code, task, story)
            dossier = self._dossier(code)
            if budget is None and dossier.due_at is not None and dossier.received_at is not None:
                budget = self.calendar.working_time_between(dossier.received_at, dossier.due_at)
            pause = story.handover if task.behaviour == "check_completeness" else (budget or HOURS) * story.pace
            yield self.calendar.add_working_time(self.clock.now(), pause)
        if story.request is not None and story.request[0] >= (story.steps or 20):
            self._request(code, story.request[1])
        if story.rated and self._dossier(code).returned_at is not None:
            self._rate(code)

    def _submitted(self, story: Story, procedure: str, unit: str) -> str:
        if story.online:
            return submit(
                self.runtime,
                self.runtime.unit_of_work(),
                procedure=procedure,
                receiving_unit=unit,
                channel=Channel.ONLINE,
                actor_id=self.ids[ONLINE_APPLICANT],
                return_method=ReturnMethod.COUNTER,
            ).dossier_code
        clerk = next(
            u for u in self.users if any(r.role is Role.RECEPTION_CLERK and r.agency.code == unit for r in u.roles)
        )
        return submit(
            self.runtime,
            self.runtime.unit_of_work(),
            procedure=procedure,
            receiving_unit=unit,
            channel=Channel.COUNTER,
            actor_id=clerk.id,
            applicant=self._applicant(),
        ).dossier_code

    def _applicant(self) -> Applicant:
        pick = self.random.choice
        name = f"{pick(FAMILY)} {pick(MIDDLE)} {pick(GIVEN)}"
        phone = "09" + "".join(str(self.random.randint(0, 9)) for _ in range(8))
        address = f"{self.random.randint(1, 200)} {pick(STREETS)}, tỉnh Thái An"
        return Applicant(name, phone=phone, address=address)

    def _open_task(self, code: str) -> TaskRow | None:
        with self.runtime.unit_of_work() as uow:
            return uow.session.scalar(
                select(TaskRow)
                .join(Dossier, TaskRow.dossier_id == Dossier.id)
                .where(Dossier.code == code, TaskRow.state == TaskState.OPEN)
                .order_by(TaskRow.id)
                .limit(1)
            )

    def _dossier(self, code: str) -> Dossier:
        with self.runtime.unit_of_work() as uow:
            return uow.session.scalar(select(Dossier).where(Dossier.code == code))

    def _work(self, code: str, task: TaskRow, story: Story) -> None:
        """The task worked by its first possible officer, with the story's answer for its behaviour."""
        worker = next(user for user in self.users if may_work(user, task))
        with self.runtime.unit_of_work() as uow:
            dossier = uow.session.scalar(select(Dossier).where(Dossier.code == code))
            schema = task_form(task, dossier.procedure_version)
            chosen = {**ANSWERS.get(task.behaviour, {}), **story.answers.get(task.behaviour, {})}
            known = {
                "pin": DEMO_PIN,
                "missing_documents": [d.id for d in dossier.procedure_version.documents][:1],
                "return_method": dossier.return_method.value,
                "receiver_name": dossier.applicant_name,
            }
            answer = sample(schema, chosen, known, self.clock.now().date())
            version = dossier.version
        if task.behaviour == "sign":
            open_preview(self.runtime, self.runtime.unit_of_work(), task_id=task.id, actor_id=worker.id)
            version = self._dossier(code).version
        complete_task(
            self.runtime,
            self.runtime.unit_of_work(),
            task_id=task.id,
            actor_id=worker.id,
            data=answer,
            expected_version=version,
        )

    def _request(self, code: str, kind: str) -> None:
        """The request the story makes; one the dossier no longer allows (an apology too close to the due moment)
        is left out of its story."""
        with suppress(DomainError):
            self._requested(code, kind)

    def _requested(self, code: str, kind: str) -> None:
        dossier = self._dossier(code)
        common = {"dossier_code": code, "expected_version": dossier.version}
        uow = self.runtime.unit_of_work()
        if kind == "withdraw":
            requests.withdraw(self.runtime, uow, **common, actor_id=dossier.applicant_id, reason="Nộp nhầm thủ tục")
            return
        if kind == "supplement":
            clerk = self._holder(Role.RECEPTION_CLERK, dossier.receiving_unit_id)
            requests.supplement(self.runtime, uow, **common, actor_id=clerk, note="Đã nộp bổ sung tại quầy")
            return
        specialist = self._holder(Role.SPECIALIST, dossier.resolving_agency_id)
        if kind == "apology":
            new_due = self.calendar.add_working_days(dossier.due_at, 3)
            reason = "Cần xác minh thêm thông tin với cơ quan liên quan"
            requests.request_apology(self.runtime, uow, **common, actor_id=specialist, reason=reason, new_due=new_due)
        else:
            reason = "Người nộp đề nghị dừng để bổ sung quyền sử dụng đất"
            requests.request_stop(self.runtime, uow, **common, actor_id=specialist, reason=reason)

    def _holder(self, role: Role, agency_id: int) -> int:
        return next(u.id for u in self.users if any(r.role is role and r.agency_id == agency_id for r in u.roles))

    def _rate(self, code: str) -> None:
        answers: dict[str, Any] = {name: str(self.random.choice((1, 2, 2, 2))) for name in INDICATORS}
        answers |= {"ease": "satisfied", "overall": self.random.choice(("very_satisfied", "satisfied"))}
        rate(
            self.runtime,
            self.runtime.unit_of_work(),
            dossier_code=code,
            actor_id=self.ids[ONLINE_APPLICANT],
            answers=answers,
        )
