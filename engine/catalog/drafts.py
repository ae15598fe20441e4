"""Procedures kept in the browser (quản lý thủ tục): the catalog's procedures with their versions in force and to
come, a procedure's catalog data edited as one open draft, and the draft published as the next version, now or from
a later day. Every save and publication is one transaction with its event (who, before, after, why)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from engine.audit import record_event
from engine.catalog.browse import COMMUNES
from engine.catalog.draft_form import DraftInvalid, EntryForm, entry_from, form_of
from engine.catalog.procedures import catalog_entry, entry_problems, entry_validator, publish
from engine.errors import N_, DomainError, NotAllowed, NotFound
from engine.models import (
    Agency,
    AgencyTier,
    Dossier,
    OnlineLevel,
    Procedure,
    ProcedureDraft,
    ProcedureStatus,
    ProcedureVersion,
    ProcessDefinition,
    Role,
    TaskRow,
    TaskState,
    User,
    WorkflowInstance,
)
from engine.people.permissions import may_edit_procedures_of, procedure_editor
from engine.runtime import Runtime
from engine.text import fold, nfc
from engine.uow import UnitOfWork
from engine.workflow.problems import Problem
from workflows import PROCEDURES_DIR

EDIT = N_("sửa thông tin thủ tục này")
LIST = N_("xem danh mục thủ tục để quản lý")
REASON_LENGTH = 500


class StaleDraft(DomainError):
    code = "stale_procedure_draft"
    message = N_("Bản nháp của thủ tục {code} vừa được người khác lưu hoặc công bố. Vui lòng tải lại trang.")


class NoDraft(DomainError):
    code = "no_procedure_draft"
    message = N_("Thủ tục {code} chưa có bản nháp để công bố.")


class NothingChanged(DomainError):
    code = "procedure_unchanged"
    message = N_("Bản nháp giống hệt phiên bản {version} đang có: không có gì thay đổi.")


class DraftOutdated(DomainError):
    code = "procedure_draft_outdated"
    message = N_(
        "Bản nháp được lập từ phiên bản {base}, nhưng thủ tục đã có phiên bản {newest}: hãy hủy bản nháp rồi lập lại."
    )


class EntryNotKept(DomainError):
    code = "procedure_entry_not_kept"
    message = N_("Phiên bản {version} của thủ tục {code} không giữ nội dung danh mục: hãy công bố lại từ tệp danh mục.")


@dataclass(frozen=True)
class VersionLine:
    number: int
    valid_from: date
    published_at: datetime | None
    state: str  # in_force, upcoming, superseded
    running: int  # dossiers not finished that started with it


@dataclass(frozen=True)
class ProcedureLine:
    code: str
    name: str
    name_en: str
    sector: str
    sector_en: str
    tier: AgencyTier
    agency: str  # handling agency's name; empty: every commune
    online_level: OnlineLevel
    current: VersionLine | None
    upcoming: VersionLine | None
    running: list[VersionLine]  # the versions with dossiers not finished
    draft: bool


@dataclass(frozen=True)
class ProcedureList:
    lines: list[ProcedureLine]
    agencies: list[tuple[str, str]]  # (key, name) of the agencies the actor may filter by; COMMUNES has no name


@dataclass(frozen=True)
class ProcedureDesk:
    """One procedure as its editor sees it: versions, the draft (or the newest version) in the form, the diagram."""

    code: str
    name: str
    versions: list[VersionLine]  # newest first
    in_force: ProcedureVersion | None
    newest: ProcedureVersion | None  # None: a new procedure, its first draft not published yet
    draft: ProcedureDraft | None
    changed: list[str]  # the entry's fields the draft changes, against the newest version
    form: EntryForm
    agencies: list[tuple[str, str]]  # (code, name) the actor may choose as handling agency; "" for the communes
    processes: dict[str, list[int]]  # deployed diagram versions by process key
    diagram: ProcessDefinition | None  # the diagram the version in force starts its dossiers on
    counts: dict[str, int]  # {element id: open tasks} of this procedure's dossiers on that diagram


def procedure_lines(session: Session, actor_id: int, on: date, search: str = "", agency: str = "") -> ProcedureList:
    """The procedures the actor keeps (all of them for an administrator), searched by code, name or sector without
    accents, filtered by handling agency (its code, or COMMUNES)."""
    actor = _keeper(session, actor_id)
    rows = session.execute(
        select(
            ProcedureVersion.procedure_id,
            ProcedureVersion.id,
            ProcedureVersion.version,
            ProcedureVersion.status,
            ProcedureVersion.valid_from,
            ProcedureVersion.published_at,
            ProcedureVersion.name_vi,
            ProcedureVersion.name_en,
            ProcedureVersion.sector,
            ProcedureVersion.sector_en,
            ProcedureVersion.implementing_level,
            ProcedureVersion.handling_agency_id,
            ProcedureVersion.online_level,
        ).order_by(ProcedureVersion.procedure_id, ProcedureVersion.version)
    ).all()
    running = _running(session)
    codes = dict(session.execute(select(Procedure.id, Procedure.code)).all())
    drafts = set(session.scalars(select(ProcedureDraft.procedure_id)))
    names = {a.id: (a.code, a.name) for a in session.scalars(select(Agency))}
    by_procedure: dict[int, list[Any]] = {}
    for row in rows:
        by_procedure.setdefault(row.procedure_id, []).append(row)
    words = fold(search).split()
    lines, agencies = [], set()
    for procedure_id, versions in by_procedure.items():
        newest = versions[-1]
        if not may_edit_procedures_of(actor, newest.handling_agency_id):
            continue
        key, name = names.get(newest.handling_agency_id, (COMMUNES, ""))
        agencies.add((key, name))
        text = fold(f"{codes[procedure_id]} {newest.name_vi} {newest.name_en} {newest.sector} {newest.sector_en}")
        if not all(word in text for word in words) or (agency and agency != key):
            continue
        states = _states(versions, on)
        lines.append(
            ProcedureLine(
                code=codes[procedure_id],
                name=newest.name_vi,
                name_en=newest.name_en,
                sector=newest.sector,
                sector_en=newest.sector_en,
                tier=newest.implementing_level,
                agency=name,
                online_level=newest.online_level,
                current=next(
                    (_line(v, s, running) for v, s in zip(versions, states, strict=True) if s == "in_force"), None
                ),
                upcoming=next(
                    (_line(v, s, running) for v, s in zip(versions, states, strict=True) if s == "upcoming"), None
                ),
                running=[_line(v, s, running) for v, s in zip(versions, states, strict=True) if running.get(v.id)],
                draft=procedure_id in drafts,
            )
        )
    for code, entry in session.execute(
        select(Procedure.code, ProcedureDraft.entry)
        .join(Procedure)
        .where(ProcedureDraft.procedure_id.not_in(list(by_procedure)))
    ):
        agency_id = _agency_id(session, entry)
        if not may_edit_procedures_of(actor, agency_id):
            continue
        key, name = names.get(agency_id, (COMMUNES, ""))
        agencies.add((key, name))
        new = _new_line(code, entry, name)
        text = fold(f"{code} {new.name} {new.name_en} {new.sector} {new.sector_en}")
        if all(word in text for word in words) and (not agency or agency == key):
            lines.append(new)
    lines.sort(key=lambda line: (fold(line.sector), fold(line.name)))
    return ProcedureList(lines, sorted(agencies, key=lambda pair: (pair[0] == COMMUNES, fold(pair[1]))))


def procedure_desk(session: Session, actor_id: int, code: str, on: date) -> ProcedureDesk:
    """Everything the editor of one procedure works with; NotAllowed for anyone who may not edit it."""
    procedure, newest, draft = _procedure(session, code)
    actor = procedure_editor(session, actor_id, _agency_of(session, newest, draft), EDIT)
    running = _running(session)
    states = _states(procedure.versions, on)
    in_force = next((v for v, s in zip(procedure.versions, states, strict=True) if s == "in_force"), None)
    diagram = _diagram_of(session, in_force)
    return ProcedureDesk(
        code=procedure.code,
        name=newest.name_vi if newest else draft.entry.get("name_vi", code),
        versions=[_line(v, s, running) for v, s in reversed(list(zip(procedure.versions, states, strict=True)))],
        in_force=in_force,
        newest=newest,
        draft=draft,
        changed=list(_changes(_entry_of(procedure, newest), draft.entry)[1]) if draft else [],
        form=form_of(draft.entry if draft else _entry_of(procedure, newest)),
        agencies=_choosable(session, actor),
        processes=_processes(session),
        diagram=diagram,
        counts=_open_on(session, procedure, diagram),
    )


def diagram_xml(session: Session, actor_id: int, code: str, on: date) -> str:
    """The diagram the version in force starts its dossiers on, for whoever may edit the procedure."""
    procedure, newest, draft = _procedure(session, code)
    procedure_editor(session, actor_id, _agency_of(session, newest, draft), EDIT)
    states = _states(procedure.versions, on)
    in_force = next((v for v, s in zip(procedure.versions, states, strict=True) if s == "in_force"), None)
    definition = _diagram_of(session, in_force)
    if definition is None:
        raise NotFound(what=N_("sơ đồ quy trình"))
    return definition.bpmn_xml


def save_draft(
    runtime: Runtime, uow: UnitOfWork, *, actor_id: int, code: str, form: EntryForm, reason: str, revision: int
) -> ProcedureDraft:
    """Keep the form as the procedure's draft; `revision` is the draft's the form was opened on (0: none)."""
    with uow:
        session = uow.session
        procedure, newest, draft = _procedure(session, code)
        actor = procedure_editor(session, actor_id, _agency_of(session, newest, draft), EDIT)
        if (draft.revision if draft else 0) != revision:
            raise StaleDraft(code=code)
        base = draft.entry if draft else _entry_of(procedure, newest)
        entry, problems = entry_from(base, form, entry_validator())
        problems |= _choices_problems(session, actor, entry)
        reason = _reason(reason, problems)
        if problems:
            raise DraftInvalid(problems)
        if newest is not None and entry == _entry_of(procedure, newest):
            raise NothingChanged(version=newest.version)
        at = runtime.clock.now()
        if draft is None:
            draft = ProcedureDraft(procedure_id=procedure.id, base_version=newest.version, revision=0)
            session.add(draft)
        draft.entry, draft.revision = entry, draft.revision + 1
        draft.saved_by_id, draft.saved_at, draft.reason = actor.id, at, reason
        before, after = _changes(base, entry)
        record_event(
            session, "procedure_draft_saved", at, actor=actor, result=code, reason=reason, before=before, after=after
        )
        _flush(session, code)
        uow.commit()
        return draft


def publish_draft(
    runtime: Runtime,
    uow: UnitOfWork,
    *,
    actor_id: int,
    code: str,
    valid_from: str | None,
    reason: str,
    revision: int,
) -> ProcedureVersion:
    """The draft becomes the procedure's next version, in force from `valid_from` (a date; None: today) and the
    version in force until then stays so; the draft is closed."""
    with uow:
        session = uow.session
        procedure, newest, draft = _procedure(session, code)
        actor = procedure_editor(session, actor_id, _agency_of(session, newest, draft), N_("công bố thủ tục này"))
        if draft is None:
            raise NoDraft(code=code)
        if draft.revision != revision:
            raise StaleDraft(code=code)
        at = runtime.clock.now()
        today = at.astimezone(runtime.tz).date()
        errors: dict[str, Problem] = {}
        start = _start(valid_from, today, errors)
        reason = _reason(reason, errors)
        if errors:
            raise DraftInvalid(errors)
        newest_number = newest.version if newest else 0
        if draft.base_version != newest_number:
            raise DraftOutdated(base=draft.base_version, newest=newest_number)
        data = {**draft.entry, "valid_from": start.isoformat()}
        problems = _choices_problems(session, actor, data)
        lines = entry_problems(entry_validator(), data)
        if lines:
            problems.setdefault("form", Problem("; ".join(lines)))
        if problems:
            raise DraftInvalid(problems)
        version = publish(session, catalog_entry(PROCEDURES_DIR / f"{procedure.slug}.json", data), at, tz=runtime.tz)
        if newest is not None and version.id == newest.id:
            raise NothingChanged(version=newest.version)
        before, after = _changes(_entry_of(procedure, newest), data)
        session.delete(draft)
        record_event(
            session,
            "procedure_published",
            at,
            actor=actor,
            result=f"{code} v{version.version}",
            reason=reason,
            before=before,
            after=after,
        )
        _flush(session, code)
        uow.commit()
        return version


def discard_draft(runtime: Runtime, uow: UnitOfWork, *, actor_id: int, code: str, reason: str, revision: int) -> None:
    """Close the draft without publishing it."""
    with uow:
        session = uow.session
        procedure, newest, draft = _procedure(session, code)
        actor = procedure_editor(session, actor_id, _agency_of(session, newest, draft), EDIT)
        if draft is None:
            raise NoDraft(code=code)
        if draft.revision != revision:
            raise StaleDraft(code=code)
        errors: dict[str, Problem] = {}
        reason = _reason(reason, errors)
        if errors:
            raise DraftInvalid(errors)
        before, _after = _changes(_entry_of(procedure, newest), draft.entry)
        session.delete(draft)
        record_event(
            session,
            "procedure_draft_discarded",
            runtime.clock.now(),
            actor=actor,
            result=code,
            reason=reason,
            before=before,
        )
        _flush(session, code)
        uow.commit()


def _flush(session: Session, code: str) -> None:
    """Write the draft: one saved, published or discarded by someone else meanwhile refuses this write."""
    try:
        session.flush()
    except (IntegrityError, StaleDataError):
        raise StaleDraft(code=code) from None


def _keeper(session: Session, actor_id: int) -> User:
    actor = session.get(User, actor_id)
    if (
        actor is None
        or not actor.is_active
        or not any(a.role in (Role.ADMIN, Role.PROCEDURE_MANAGER) for a in actor.roles)
    ):
        raise NotAllowed(action=LIST)
    return actor


def _procedure(session: Session, code: str) -> tuple[Procedure, ProcedureVersion | None, ProcedureDraft | None]:
    """The procedure, its newest version and its draft; a new procedure has a draft and no version yet."""
    procedure = session.scalar(select(Procedure).where(Procedure.code == code))
    draft = procedure and session.scalar(select(ProcedureDraft).where(ProcedureDraft.procedure_id == procedure.id))
    if procedure is None or not (procedure.versions or draft):
        raise NotFound(what=f"thủ tục {code}")
    return procedure, procedure.versions[-1] if procedure.versions else None, draft


def _agency_of(session: Session, newest: ProcedureVersion | None, draft: ProcedureDraft | None) -> int | None:
    """Whose procedure it is: the newest version's handling agency, or a new procedure's draft's."""
    return newest.handling_agency_id if newest else _agency_id(session, draft.entry)


def _agency_id(session: Session, entry: dict[str, Any]) -> int | None:
    code = entry.get("handling_agency")
    return session.scalar(select(Agency.id).where(Agency.code == code)) if code else None


def _new_line(code: str, entry: dict[str, Any], agency: str) -> ProcedureLine:
    """A new procedure in the list: what its first draft says, nothing in force yet."""
    return ProcedureLine(
        code=code,
        name=entry.get("name_vi", ""),
        name_en=entry.get("name_en", ""),
        sector=entry.get("sector", ""),
        sector_en=entry.get("sector_en", ""),
        tier=AgencyTier(entry.get("implementing_level", AgencyTier.COMMUNE)),
        agency=agency,
        online_level=OnlineLevel(entry.get("online_level", OnlineLevel.PARTIAL_ONLINE)),
        current=None,
        upcoming=None,
        running=[],
        draft=True,
    )


def first_entry(slug: str, day: date) -> dict[str, Any]:
    """What a new procedure's first draft starts from, under what the national record brings: the province's
    one-stop process and a decision as result, to be checked and adjusted in the desk before it is published (the
    day it is valid from is chosen then)."""
    return {
        "slug": slug,
        "valid_from": day.isoformat(),
        "online_level": OnlineLevel.LEVEL_2.value,  # at the counter until its online guide is written
        "supplement_mode": "pause",
        "process_key": "one_stop",
        "result_type": "Quyết định",
        "step_budgets": [],
        "result": {
            "kind": "decision",
            "title": "QUYẾT ĐỊNH",
            "symbol": "QĐ",
            "fields": [{"name": "content", "title": "Nội dung quyết định", "required": True}],
        },
    }


def _entry_of(procedure: Procedure, version: ProcedureVersion | None) -> dict[str, Any]:
    """The entry a version keeps; nothing for a new procedure."""
    if version is None:
        return {}
    if not version.entry:
        raise EntryNotKept(code=procedure.code, version=version.version)
    return version.entry


def _states(versions: list[Any], on: date) -> list[str]:
    """Each version's state on `on`: the newest published one already valid is in force; a published one valid
    later than it is upcoming; the rest are superseded."""
    published = [v for v in versions if v.status is ProcedureStatus.PUBLISHED]
    valid = [v for v in published if v.valid_from <= on]
    in_force = valid[-1] if valid else None
    later = [v for v in published if v.valid_from > on and (in_force is None or v.version > in_force.version)]
    upcoming = later[-1] if later else None
    return ["in_force" if v is in_force else "upcoming" if v is upcoming else "superseded" for v in versions]


def _line(version: Any, state: str, running: dict[int, int]) -> VersionLine:
    return VersionLine(version.version, version.valid_from, version.published_at, state, running.get(version.id, 0))


def _running(session: Session) -> dict[int, int]:
    """{procedure version id: its dossiers whose workflow has not finished}."""
    return dict(
        session.execute(
            select(Dossier.procedure_version_id, func.count())
            .join(WorkflowInstance, WorkflowInstance.dossier_id == Dossier.id)
            .where(WorkflowInstance.completed.is_(False))
            .group_by(Dossier.procedure_version_id)
        ).all()
    )


def _diagram_of(session: Session, version: ProcedureVersion | None) -> ProcessDefinition | None:
    """The diagram new dossiers of the version start on: its pinned version, else the newest deployed."""
    if version is None:
        return None
    found = select(ProcessDefinition).where(ProcessDefinition.process_key == version.process_key)
    if version.process_version is not None:
        found = found.where(ProcessDefinition.version == version.process_version)
    return session.scalar(found.order_by(ProcessDefinition.version.desc()).limit(1))


def _open_on(session: Session, procedure: Procedure, definition: ProcessDefinition | None) -> dict[str, int]:
    """{element id: open tasks} of this procedure's dossiers (of any version) on the diagram."""
    if definition is None:
        return {}
    counts = session.execute(
        select(TaskRow.task_name, func.count())
        .join(WorkflowInstance, WorkflowInstance.id == TaskRow.instance_id)
        .join(Dossier, Dossier.id == TaskRow.dossier_id)
        .join(ProcedureVersion, ProcedureVersion.id == Dossier.procedure_version_id)
        .where(
            WorkflowInstance.process_definition_id == definition.id,
            ProcedureVersion.procedure_id == procedure.id,
            TaskRow.state == TaskState.OPEN,
        )
        .group_by(TaskRow.task_name)
    )
    return dict(counts.all())


def _choosable(session: Session, actor: User) -> list[tuple[str, str]]:
    """The handling agencies the actor may give a procedure: theirs, or any for an administrator ("" the communes)."""
    agencies = session.scalars(select(Agency).where(Agency.tier != AgencyTier.COMMUNE).order_by(Agency.code))
    chosen = [(a.code, a.name) for a in agencies if may_edit_procedures_of(actor, a.id)]
    return ([("", "")] if may_edit_procedures_of(actor, None) else []) + chosen


def _processes(session: Session) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for key, number in session.execute(
        select(ProcessDefinition.process_key, ProcessDefinition.version).order_by(
            ProcessDefinition.process_key, ProcessDefinition.version
        )
    ):
        found.setdefault(key, []).append(number)
    return found


def _choices_problems(session: Session, actor: User, entry: dict[str, Any]) -> dict[str, Problem]:
    """The handling agency must exist and be the actor's to give; the diagram (and its pinned version) deployed."""
    problems: dict[str, Problem] = {}
    code = entry.get("handling_agency")
    agency_id = session.scalar(select(Agency.id).where(Agency.code == code)) if code else None
    if code and agency_id is None:
        problems["handling_agency"] = Problem(N_("Chọn một cơ quan trong danh sách."))
    elif not may_edit_procedures_of(actor, agency_id):
        problems["handling_agency"] = Problem(N_("Chỉ chọn được cơ quan mà bạn quản lý thủ tục."))
    versions = _processes(session).get(entry.get("process_key", ""))
    if not versions:
        problems["process_key"] = Problem(N_("Chọn một quy trình đã triển khai."))
    elif entry.get("process_version") is not None and entry["process_version"] not in versions:
        problems["process_version"] = Problem(N_("Chọn một phiên bản đã triển khai của quy trình."))
    return problems


def _reason(reason: str, problems: dict[str, Problem]) -> str:
    reason = nfc(reason.strip())
    if not reason:
        problems["reason"] = Problem(N_("Lý do: bắt buộc nhập, để lưu vào nhật ký."))
    elif len(reason) > REASON_LENGTH:
        problems["reason"] = Problem(N_("Lý do: tối đa 500 ký tự."))
    return reason


def _start(text: str | None, today: date, problems: dict[str, Problem]) -> date:
    """The day the new version comes into force: today (None), or a later day, ISO or as people write it."""
    if text is None:
        return today
    text = text.strip()
    try:
        start = date.fromisoformat(text)
    except ValueError:
        try:
            start = datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError:
            problems["valid_from"] = Problem(N_("Ngày áp dụng: nhập ngày dạng dd/mm/yyyy."))
            return today
    if start < today:
        problems["valid_from"] = Problem(N_("Ngày áp dụng: từ hôm nay trở đi, không lùi về trước."))
    return start


def _changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The entry's top-level fields that differ, as they were and as they are."""
    keys = sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
    return {key: before.get(key) for key in keys}, {key: after.get(key) for key in keys}
