"""The procedures of the catalog in the administrator's area (quản lý thủ tục): the list with the versions in force
and to come, a procedure's catalog data edited as a draft and published now or from a later day. Administrators keep
every procedure; a procedure manager those its agency resolves."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine.catalog.draft_form import LISTS, MAX_ROWS, DraftInvalid, EntryForm
from engine.catalog.drafts import (
    StaleDraft,
    diagram_xml,
    discard_draft,
    procedure_desk,
    procedure_lines,
    publish_draft,
    save_draft,
)
from engine.errors import DomainError, NotAllowed, NotFound
from engine.models import DocumentKind, Role
from engine.text import parse_int
from webapp.admin import done, runtime
from webapp.domain_errors import error_text
from webapp.numbers import int_field

bp = Blueprint("admin_procedures", __name__, url_prefix="/admin/procedures")
KEEPERS = (Role.ADMIN.value, Role.PROCEDURE_MANAGER.value)
ROW = re.compile(r"(times|fees|documents)-([0-9]{1,3})-(\w{1,20})")


def keeper_required(view: Callable[..., ResponseReturnValue]) -> Callable[..., ResponseReturnValue]:
    """Signed in as an administrator or a procedure manager; anyone else gets 403 (the services check each
    procedure's agency again)."""

    @wraps(view)
    @login_required
    def guarded(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if not any(role in KEEPERS for role, _unit in current_user.roles):
            return _forbidden()
        return view(*args, **kwargs)

    return guarded


@bp.route("/")
@keeper_required
def index() -> ResponseReturnValue:
    """The procedures the signed-in person keeps, searched without accents and filtered by handling agency."""
    rt = runtime()
    search, agency = request.args.get("q", "")[:120].strip(), request.args.get("agency", "")[:32]
    with rt.unit_of_work() as uow:
        try:
            listed = procedure_lines(uow.session, current_user.id, _today(), search, agency)
        except NotAllowed:
            return _forbidden()
    return render_template("admin/procedures.html", listed=listed, search=search, agency=agency)


@bp.route("/<code>")
@keeper_required
def procedure(code: str) -> ResponseReturnValue:
    return _page(code)


@bp.route("/<code>/draft", methods=["POST"])
@keeper_required
def draft(code: str) -> ResponseReturnValue:
    """Keep the form as the procedure's draft: every problem is said next to its field and nothing is kept."""
    rt, form = runtime(), _posted()
    refusal = _refusal(
        code,
        "draft",
        form,
        lambda: save_draft(
            rt,
            rt.unit_of_work(),
            actor_id=current_user.id,
            code=code,
            form=form,
            reason=request.form.get("reason", ""),
            revision=_revision(),
        ),
    )
    return refusal or _back(code, _("Đã lưu bản nháp. Bản nháp chưa áp dụng cho đến khi được công bố."))


@bp.route("/<code>/publish", methods=["POST"])
@keeper_required
def publish(code: str) -> ResponseReturnValue:
    """The draft becomes the next version, now or from the chosen day."""
    rt = runtime()
    later = request.form.get("when") == "later"
    published: list[Any] = []
    refusal = _refusal(
        code,
        "publish",
        None,
        lambda: published.append(
            publish_draft(
                rt,
                rt.unit_of_work(),
                actor_id=current_user.id,
                code=code,
                valid_from=request.form.get("valid_from", "") if later else None,
                reason=request.form.get("reason", ""),
                revision=_revision(),
            )
        ),
    )
    if refusal:
        return refusal
    version = published[0]
    day = version.valid_from.strftime("%d/%m/%Y")
    return _back(
        code, _("Đã công bố phiên bản %(version)s, áp dụng từ ngày %(day)s.", version=version.version, day=day)
    )


@bp.route("/<code>/discard", methods=["POST"])
@keeper_required
def discard(code: str) -> ResponseReturnValue:
    rt = runtime()
    refusal = _refusal(
        code,
        "discard",
        None,
        lambda: discard_draft(
            rt,
            rt.unit_of_work(),
            actor_id=current_user.id,
            code=code,
            reason=request.form.get("reason", ""),
            revision=_revision(),
        ),
    )
    return refusal or _back(code, _("Đã hủy bản nháp."))


@bp.route("/<code>/diagram.bpmn")
@keeper_required
def diagram(code: str) -> ResponseReturnValue:
    """The diagram of the version in force, for the page's viewer."""
    with runtime().unit_of_work() as uow:
        try:
            xml = diagram_xml(uow.session, current_user.id, code, _today())
        except NotAllowed:
            abort(403)
        except NotFound:
            abort(404)
    return Response(xml, mimetype="application/xml", headers={"Cache-Control": "private, no-store"})


def _refusal(code: str, action: str, form: EntryForm | None, write: Callable[[], object]) -> ResponseReturnValue | None:
    """Run one service call: None when it went through, else the page again with what was typed and each problem
    at its field."""
    try:
        write()
    except NotAllowed:
        return _forbidden()
    except NotFound:
        abort(404)
    except DraftInvalid as invalid:
        errors = {field: problem.text(_) for field, problem in invalid.problems.items()}
        return _page(code, form, errors, action, 400)
    except StaleDraft as stale:
        return _page(code, form, {"form": error_text(stale)}, action, 409)
    except DomainError as error:
        return _page(code, form, {"form": error_text(error)}, action, 400)
    return None


def _back(code: str, message: str) -> ResponseReturnValue:
    return done(message, url_for("admin_procedures.procedure", code=code))


def _page(
    code: str, form: EntryForm | None = None, errors: dict[str, str] | None = None, action: str = "", status: int = 200
) -> ResponseReturnValue:
    rt = runtime()
    with rt.unit_of_work() as uow:
        try:
            desk = procedure_desk(uow.session, current_user.id, code, _today())
        except NotAllowed:
            return _forbidden()
        except NotFound:
            abort(404)
        except DomainError as error:
            flash(error_text(error), "error")
            return redirect(url_for("admin_procedures.index")), 303
        is_admin = any(role == Role.ADMIN.value for role, _unit in current_user.roles)
        shown: dict[str, dict[str, str]] = {"draft": {}, "publish": {}, "discard": {}}
        if action:
            shown[action] = errors or {}
        if action == "publish":  # a draft that no longer passes is said at its fields too
            shown["draft"] = {k: v for k, v in shown["publish"].items() if k not in ("form", "reason", "valid_from")}
        return render_template(
            "admin/procedure.html",
            desk=desk,
            form=form or desk.form,
            shown=shown,
            action=action,
            kinds=list(DocumentKind),
            is_admin=is_admin,
            tz=rt.tz,
        ), status


def _posted() -> EntryForm:
    """The editing form as posted: each table's rows in the order of their numbers."""
    rows: dict[str, dict[int, dict[str, str]]] = {name: {} for name in LISTS}
    for key, value in request.form.items():
        found = ROW.fullmatch(key)
        number = parse_int(found[2], high=MAX_ROWS - 1) if found else None
        if number is not None:
            rows[found[1]].setdefault(number, {"row": str(number)})[found[3]] = value
    table = {name: [rows[name][number] for number in sorted(rows[name])] for name in LISTS}
    return EntryForm(
        times=table["times"],
        fees=table["fees"],
        documents=table["documents"],
        legal_basis=request.form.get("legal_basis", ""),
        result_type=request.form.get("result_type", ""),
        result_valid_months=request.form.get("result_valid_months", ""),
        name_en=request.form.get("name_en", ""),
        sector_en=request.form.get("sector_en", ""),
        handling_agency=request.form.get("handling_agency", ""),
        process_key=request.form.get("process_key", ""),
        process_version=request.form.get("process_version", ""),
    )


def _revision() -> int:
    return int_field(request.form, "revision", 0)


def _today() -> Any:
    rt = runtime()
    return rt.clock.now().astimezone(rt.tz).date()


def _forbidden() -> ResponseReturnValue:
    return render_template("admin/forbidden.html", message=_("Bạn không có quyền quản lý thủ tục này.")), 403
