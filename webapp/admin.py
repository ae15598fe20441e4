"""The administrator's area (quản trị): staff accounts and their roles, and the working calendar's overrides."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from engine.errors import DomainError, InvalidData, NotAllowed, NotFound
from engine.models import Agency, Role, RoleAssignment, User, UserKind
from engine.operations import calendar_overrides
from engine.people import staff
from engine.runtime import Runtime
from engine.text import fold
from sla.calendar import FIRST_YEAR, LAST_YEAR
from sla.handover import HandoverRule
from sla.office_hours import OfficeHours
from webapp.domain_errors import error_text, field_errors
from webapp.hours import hours_text
from webapp.labels import ROLE_LABELS
from webapp.numbers import int_field

bp = Blueprint("admin", __name__, url_prefix="/admin")
HANDOVER_WORDS = {
    HandoverRule.HALF_DAY: _l(
        "chuyển cho phòng chuyên môn trong nửa ngày làm việc (4 giờ làm việc) kể từ khi tiếp nhận"
    ),
    HandoverRule.SAME_DAY: _l(
        "chuyển ngay trong ngày tiếp nhận; hồ sơ tiếp nhận sau 15 giờ chuyển chậm nhất hết buổi sáng ngày làm việc "
        "tiếp theo (Nghị định 118/2025/NĐ-CP, Điều 18)"
    ),
}
LISTED = 200  # staff shown at once; the search narrows the list


def admin_required(view: Callable[..., ResponseReturnValue]) -> Callable[..., ResponseReturnValue]:
    """Signed in with the administrator role; anyone else gets 403 (the services check it again on every write)."""

    @wraps(view)
    @login_required
    def guarded(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if not any(role == Role.ADMIN.value for role, _unit in current_user.roles):
            return render_template("admin/forbidden.html"), 403
        return view(*args, **kwargs)

    return guarded


def runtime() -> Runtime:
    return current_app.extensions["motcua"]


def refused(write: Callable[[], object]) -> dict[str, str]:
    """Run a service call: the errors it gave, per field and translated; empty when it went through."""
    try:
        write()
    except InvalidData as invalid:
        return field_errors(invalid.errors)
    except NotAllowed:
        abort(403)
    except NotFound:
        abort(404)
    except DomainError as error:
        return {"form": error_text(error)}
    return {}


def done(message: str, back: str) -> ResponseReturnValue:
    flash(message, "info")
    return redirect(back), 303


@bp.route("/")
@admin_required
def index() -> ResponseReturnValue:
    return redirect(url_for("admin.users"))


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users() -> ResponseReturnValue:
    """Staff, searched by name, login or email; a new account is created here."""
    rt = runtime()
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        form = request.form
        errors = refused(
            lambda: staff.create_staff(
                rt,
                rt.unit_of_work(),
                actor_id=current_user.id,
                username=form.get("username", ""),
                full_name=form.get("full_name", ""),
                email=form.get("email", ""),
                phone=form.get("phone", ""),
                password=form.get("password", ""),
            )
        )
        if not errors:
            created = url_for("admin.users", q=form.get("username", "").strip().lower())
            return done(_("Đã tạo tài khoản cán bộ. Hãy giao vai trò cho tài khoản."), created)
        status = 400
    query = request.args.get("q", "").strip()
    with rt.unit_of_work() as uow:
        found = select(User).where(User.kind == UserKind.STAFF).options(selectinload(User.roles))
        if query:
            words = f"%{query.lower()}%"
            by_login = or_(func.lower(User.username).like(words), func.lower(User.email).like(words))
            found = found.where(or_(by_login, User.id.in_(_named(uow.session, query))))
        people = list(uow.session.scalars(found.order_by(User.full_name).limit(LISTED + 1)))
        return render_template(
            "admin/users.html", people=people[:LISTED], more=len(people) > LISTED, query=query, errors=errors
        ), status


def _named(session: Session, query: str) -> list[int]:
    """Staff whose name matches the search without regard to diacritics."""
    wanted = fold(query)
    rows = session.execute(select(User.id, User.full_name).where(User.kind == UserKind.STAFF))
    return [user_id for user_id, name in rows if wanted in fold(name)]


@bp.route("/users/<int:user_id>")
@admin_required
def user(user_id: int) -> ResponseReturnValue:
    return _user_page(user_id, {}, 200)


def _user_page(user_id: int, errors: dict[str, str], status: int) -> ResponseReturnValue:
    rt = runtime()
    with rt.unit_of_work() as uow:
        person = uow.session.get(User, user_id)
        if person is None or person.kind is not UserKind.STAFF:
            abort(404)
        agencies = list(
            uow.session.scalars(select(Agency).options(selectinload(Agency.departments)).order_by(Agency.code))
        )
        return render_template(
            "admin/user.html", person=person, agencies=agencies, roles=ROLE_LABELS, errors=errors
        ), status


def _on_user(user_id: int, write: Callable[[], object], message: str) -> ResponseReturnValue:
    errors = refused(write)
    if errors:
        return _user_page(user_id, errors, 400)
    return done(message, url_for("admin.user", user_id=user_id))


@bp.route("/users/<int:user_id>/roles", methods=["POST"])
@admin_required
def grant(user_id: int) -> ResponseReturnValue:
    rt, form = runtime(), request.form
    return _on_user(
        user_id,
        lambda: staff.grant_role(
            rt,
            rt.unit_of_work(),
            actor_id=current_user.id,
            user_id=user_id,
            role=form.get("role", ""),
            agency=form.get("agency", ""),
            department=form.get("department", ""),
        ),
        _("Đã giao vai trò."),
    )


@bp.route("/users/<int:user_id>/roles/<int:assignment_id>/revoke", methods=["POST"])
@admin_required
def revoke(user_id: int, assignment_id: int) -> ResponseReturnValue:
    rt = runtime()
    with rt.unit_of_work() as uow:
        assignment = uow.session.get(RoleAssignment, assignment_id)
        if assignment is None or assignment.user_id != user_id:
            abort(404)
    return _on_user(
        user_id,
        lambda: staff.revoke_role(rt, rt.unit_of_work(), actor_id=current_user.id, assignment_id=assignment_id),
        _("Đã bỏ vai trò."),
    )


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@admin_required
def active(user_id: int) -> ResponseReturnValue:
    rt, wanted = runtime(), request.form.get("active") == "1"
    return _on_user(
        user_id,
        lambda: staff.set_active(rt, rt.unit_of_work(), actor_id=current_user.id, user_id=user_id, active=wanted),
        _("Đã mở lại tài khoản.") if wanted else _("Đã khóa tài khoản; mọi phiên đăng nhập của tài khoản đã kết thúc."),
    )


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@admin_required
def password(user_id: int) -> ResponseReturnValue:
    rt = runtime()
    return _on_user(
        user_id,
        lambda: staff.reset_password(
            rt, rt.unit_of_work(), actor_id=current_user.id, user_id=user_id, password=request.form.get("password", "")
        ),
        _("Đã đặt mật khẩu mới; các phiên đăng nhập cũ của tài khoản đã kết thúc."),
    )


@bp.route("/calendar", methods=["GET", "POST"])
@admin_required
def calendar() -> ResponseReturnValue:
    """The year's holidays, make-up days and overrides; an override is added here. A day off that would move open
    deadlines is shown with what it moves and recorded once the administrator confirms."""
    rt = runtime()
    errors: dict[str, str] = {}
    status, moves = 200, None
    year = int_field(request.args, "year", None, low=FIRST_YEAR, high=LAST_YEAR)
    if year is None and request.args.get("year"):
        abort(404)  # a year the calendar does not hold
    year = year or rt.clock.now().astimezone(rt.tz).year
    if request.method == "POST":
        form = request.form
        given = {"day": form.get("day", ""), "working": form.get("working") == "1", "note": form.get("note", "")}
        answer: list[Any] = []
        if form.get("confirmed") != "1":
            errors = refused(
                lambda: answer.append(
                    calendar_overrides.day_off_moves(rt, rt.unit_of_work(), actor_id=current_user.id, **given)
                )
            )
            moves = answer[0] if answer and any(vars(answer[0]).values()) else None
        if not errors and moves is None:
            errors = refused(
                lambda: answer.append(
                    calendar_overrides.add_calendar_day(rt, rt.unit_of_work(), actor_id=current_user.id, **given)
                )
            )
        if not errors and moves is None:
            moved = answer[-1].moves
            message = _("Đã ghi điều chỉnh lịch làm việc.")
            if moved.dossiers or moved.questions:
                message += " " + _(
                    "Đã lùi hạn của %(dossiers)s hồ sơ và %(questions)s câu hỏi; người nộp được báo ngày hẹn mới.",
                    dossiers=moved.dossiers,
                    questions=moved.questions,
                )
            return done(message, url_for("admin.calendar", year=year))
        status = 400 if errors else 200
    shown = calendar_overrides.calendar_year(rt, rt.unit_of_work(), year)
    today = rt.clock.now().astimezone(rt.tz).date()
    return render_template(
        "admin/calendar.html",
        shown=shown,
        year=year,
        today=today,
        errors=errors,
        moves=moves,
        asked_day=calendar_overrides.parse_day(request.form.get("day", "")),
        tz=rt.tz,
        office_hours=hours_text(OfficeHours.parse(rt.settings.office_hours)),
        handover_rules=[(None, rt.settings.handover_rules.first), *rt.settings.handover_rules.later],
        handover_words=HANDOVER_WORDS,
    ), status


@bp.route("/calendar/<int:year>/confirm", methods=["POST"])
@admin_required
def confirm_year(year: int) -> ResponseReturnValue:
    """The year's estimated holidays checked against the government's announcement."""
    rt = runtime()
    errors = refused(
        lambda: calendar_overrides.confirm_year(
            rt, rt.unit_of_work(), actor_id=current_user.id, year=year, note=request.form.get("confirm_note", "")
        )
    )
    for message in errors.values():
        flash(message, "error")
    if errors:
        return redirect(url_for("admin.calendar", year=year)), 303
    return done(_("Đã xác nhận lịch nghỉ năm %(year)s.", year=year), url_for("admin.calendar", year=year))


@bp.route("/calendar/<int:override_id>/remove", methods=["POST"])
@admin_required
def remove_day(override_id: int) -> ResponseReturnValue:
    rt = runtime()
    year = int_field(request.form, "year", None, low=FIRST_YEAR, high=LAST_YEAR)
    errors = refused(
        lambda: calendar_overrides.remove_calendar_day(
            rt, rt.unit_of_work(), actor_id=current_user.id, override_id=override_id
        )
    )
    for message in errors.values():
        flash(message, "error")
    if errors:
        return redirect(url_for("admin.calendar", year=year)), 303
    return done(_("Đã xóa điều chỉnh lịch làm việc."), url_for("admin.calendar", year=year))
