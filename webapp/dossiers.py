"""The staff dossier page: summary, history, official documents to issue and download, and files."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.dossiers.access import visible_dossier
from engine.dossiers.task_view import dossier_steps, history
from engine.errors import DomainError, NotFound
from engine.models import Agency, Dossier, DossierStatus, Role, User, WorkflowInstance
from engine.runtime import Runtime
from reports.documents import applicable, dossier_set
from reports.issuing import issue_document, issued_documents
from reports.register import register_pdf
from webapp.domain_errors import error_text
from webapp.downloads import UPLOADED_POLICY, system_pdf
from webapp.staff import staff_required

bp = Blueprint("dossiers", __name__, url_prefix="/staff")
STATUS_LABELS = {
    DossierStatus.NEW: _l("Mới đăng ký"),
    DossierStatus.RECEIVED: _l("Đã tiếp nhận"),
    DossierStatus.NOT_RECEIVED: _l("Không được tiếp nhận"),
    DossierStatus.PROCESSING: _l("Đang xử lý"),
    DossierStatus.SUPPLEMENT_REQUESTED: _l("Chờ bổ sung"),
    DossierStatus.FINANCIAL_OBLIGATION: _l("Chờ thực hiện nghĩa vụ tài chính"),
    DossierStatus.WITHDRAWN: _l("Đã rút"),
    DossierStatus.STOPPED: _l("Dừng xử lý"),
    DossierStatus.RESOLVED: _l("Đã có kết quả"),
    DossierStatus.RESULT_RETURNED: _l("Đã trả kết quả"),
}
REGISTER_ROLES = (Role.RECEPTION_CLERK, Role.AGENCY_LEADER)


def _runtime() -> Runtime:
    return current_app.extensions["motcua"]


def _dossier(session: Session, code: str) -> Dossier:
    try:
        return visible_dossier(session, code, session.get(User, current_user.id))
    except NotFound:
        abort(404)


@bp.route("/dossiers/<code>/diagram.bpmn")
@staff_required
def diagram(code: str) -> ResponseReturnValue:
    """The diagram the dossier runs on, the version it started with (or was moved to)."""
    with _runtime().unit_of_work() as uow:
        dossier = _dossier(uow.session, code)
        instance = uow.session.scalar(select(WorkflowInstance).where(WorkflowInstance.dossier_id == dossier.id))
        xml = instance.process_definition.bpmn_xml
    # an administrator's upload, read by the diagram viewer's script: never run as a page of this site
    headers = {"Cache-Control": "private, no-store", "Content-Security-Policy": UPLOADED_POLICY}
    return Response(xml, mimetype="application/xml", headers=headers)


@bp.route("/dossiers/<code>")
@staff_required
def dossier_page(code: str) -> ResponseReturnValue:
    rt = _runtime()
    with rt.unit_of_work() as uow:
        session = uow.session
        dossier = _dossier(session, code)
        steps = history(session, dossier)
        open_steps, done = dossier_steps(session, dossier)
        issued = issued_documents(session, dossier.id)
        latest = {}
        for document in issued:
            latest.setdefault(document.kind, document)
        return render_template(
            "staff/dossier.html",
            dossier=dossier,
            document_set=dossier_set(dossier, rt.tz),
            available=applicable(session, dossier, rt.tz),
            issued=issued,
            latest=latest,
            history=steps,
            open_steps=open_steps,
            current=[row.task_name for row in open_steps],
            done=done,
            files=list(dossier.files),
            status=STATUS_LABELS[dossier.status],
            tz=rt.tz,
        )


@bp.route("/dossiers/<code>/documents/<kind>", methods=["GET", "POST"])
@staff_required
def document(code: str, kind: str) -> ResponseReturnValue:
    """GET: the latest issue of this document; POST: issue it now (again), then download it."""
    rt = _runtime()
    if request.method == "POST":
        try:
            issue_document(rt, rt.unit_of_work(), dossier_code=code, kind=kind, actor_id=current_user.id)
        except NotFound:
            abort(404)
        except DomainError as error:
            flash(error_text(error), "error")
            return redirect(url_for("dossiers.dossier_page", code=code)), 303
        return redirect(url_for("dossiers.document", code=code, kind=kind)), 303
    with rt.unit_of_work() as uow:
        dossier = _dossier(uow.session, code)
        document = next((d for d in issued_documents(uow.session, dossier.id) if d.kind == kind), None)
        if document is None:
            abort(404)
        return system_pdf(rt.files.read(document.file.sha256), document.file.filename)


@bp.route("/register")
@staff_required
def register() -> ResponseReturnValue:
    """The tracking register (sổ theo dõi hồ sơ) of a receiving unit where the user works, for a period."""
    rt = _runtime()
    with rt.unit_of_work() as uow:
        session = uow.session
        user = session.get(User, current_user.id)
        units = {a.agency_id for a in user.roles if a.role in REGISTER_ROLES}
        agencies = list(
            session.scalars(select(Agency).where(Agency.id.in_(units), Agency.receives_dossiers).order_by(Agency.name))
        )
        today = rt.clock.now().astimezone(rt.tz).date()
        first, last = _day(request.args.get("from"), today.replace(day=1)), _day(request.args.get("to"), today)
        chosen = next((a for a in agencies if a.code == request.args.get("agency")), None)
        if "agency" in request.args:
            if chosen is None:
                abort(404)
            if first > last:
                flash(_("Từ ngày phải trước đến ngày."), "error")
            else:
                pdf = register_pdf(session, chosen, first, last, at=rt.clock.now(), tz=rt.tz)
                return system_pdf(pdf, f"so-theo-doi-{chosen.code}-{first:%Y%m%d}-{last:%Y%m%d}.pdf")
        return render_template("staff/register.html", agencies=agencies, first=first, last=last)


def _day(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return default
