"""Demo portal content (engine/demo_content.json): items of every type in every state, each taken through the
editorial board's services; safe to rerun."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select

from engine.content.consultations import comment, moderate
from engine.content.drafts import ItemDraft, LegalFields
from engine.content.services import complete_content_task, submit_item, unpublish_item
from engine.models import ContentItem, TaskRow, TaskState, User
from engine.runtime import Runtime

DEMO_CONTENT = Path(__file__).parents[1] / "demo_content.json"


def load_demo_content(runtime: Runtime) -> int:
    """Submit the demo items not submitted yet (by title) and take each through its steps; returns how many."""
    added = 0
    today = runtime.clock.now().astimezone(runtime.tz).date()
    for spec in json.loads(DEMO_CONTENT.read_text(encoding="utf-8"))["items"]:
        with runtime.unit_of_work() as uow:
            if uow.session.scalar(select(exists().where(ContentItem.title == spec["draft"]["title"]))):
                continue
            author = uow.session.scalar(select(User.id).where(User.username == spec["by"]))
        day = (today - timedelta(days=spec.get("days_ago", 0))).isoformat()
        fields = spec["draft"]
        legal = LegalFields(**{"issued_on": day, **fields.pop("legal")}) if "legal" in fields else None
        fields["fields"] = _dated(fields.get("fields", {}), today)
        draft = replace(ItemDraft(**fields), legal=legal, event_on=day if legal is None else "")
        if "closes_in_days" in spec:
            closes_on = today + timedelta(days=spec["closes_in_days"])
            draft = replace(draft, event_on="", closes_on=closes_on.isoformat())
        code = submit_item(runtime, runtime.unit_of_work(), actor_id=author, draft=draft).code
        for task_name, username, form in spec.get("steps", []):
            _complete(runtime, code, task_name, username, form)
        for said in spec.get("comments", []):
            _comment(runtime, code, said)
        if spec.get("unpublish"):
            chief = _user_id(runtime, "truongban")
            unpublish_item(runtime, runtime.unit_of_work(), code=code, actor_id=chief, reason=spec["unpublish"])
        added += 1
    return added


def _dated(value: Any, today: date) -> Any:
    """Type fields with their days written from the day of loading: `this_week`, `today+N`, `monday+N` (of this
    week), optionally followed by a time (`today+20T09:00`)."""
    if isinstance(value, dict):
        return {key: _dated(v, today) for key, v in value.items()}
    if isinstance(value, list):
        return [_dated(v, today) for v in value]
    if value == "this_week":
        year, week, _ = today.isocalendar()
        return f"{year}-W{week:02d}"
    found = re.fullmatch(r"(today|monday)([+-]\d+)(T.*)?", value) if isinstance(value, str) else None
    if found is None:
        return value
    start = today if found[1] == "today" else today - timedelta(days=today.weekday())
    return (start + timedelta(days=int(found[2]))).isoformat() + (found[3] or "")


def _comment(runtime: Runtime, code: str, said: dict[str, Any]) -> None:
    """A comment on the demo consultation, published or rejected by the editor when the spec says so."""
    with runtime.unit_of_work() as uow:
        item_id = uow.session.scalar(select(ContentItem.id).where(ContentItem.code == code))
    fields = {k: said[k] for k in ("name", "contact", "body")}
    comment_id = comment(runtime, runtime.unit_of_work(), item_id=item_id, **fields)
    if "publish" in said:
        editor = _user_id(runtime, "bientapvien")
        moderate(runtime, runtime.unit_of_work(), comment_id=comment_id, actor_id=editor, publish=said["publish"])


def _user_id(runtime: Runtime, username: str) -> int:
    with runtime.unit_of_work() as uow:
        return uow.session.scalar(select(User.id).where(User.username == username))


def _complete(runtime: Runtime, code: str, task_name: str, username: str, form: dict[str, Any]) -> None:
    with runtime.unit_of_work() as uow:
        item = uow.session.scalar(select(ContentItem).where(ContentItem.code == code))
        task_id = uow.session.scalar(
            select(TaskRow.id).where(
                TaskRow.instance_id == item.instance_id, TaskRow.task_name == task_name, TaskRow.state == TaskState.OPEN
            )
        )
    complete_content_task(
        runtime,
        runtime.unit_of_work(),
        task_id=task_id,
        actor_id=_user_id(runtime, username),
        data={k: v for k, v in form.items() if v},
        expected_version=item.version,
    )
