"""Helpers for the applicant portal's journeys: mails queued for an address and their links, online dossiers
made through the services, the clerks' steps driven through the services, and the sandbox gateway's callback
delivered through the app itself."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select

from engine.catalog.procedures import current_version
from engine.documents.demo_ca import DEMO_PIN
from engine.dossiers import drafts
from engine.dossiers.submission import submit
from engine.models import Channel, Dossier, DossierFile, FilePurpose, OutboxMessage, ProcedureDocument, StoredFile, User
from engine.uploads import Upload
from tests import sample_files
from tests.integration.engine.conftest import Desk

DECLARATIONS = {
    "birth_registration": {
        "child_name": "Nguyễn Minh Khôi",
        "child_sex": "male",
        "child_date_of_birth": "2026-11-10",
        "place_of_birth": "Bệnh viện Đa khoa tỉnh Thái An",
        "ethnicity": "Kinh",
        "nationality": "Việt Nam",
        "mother_name": "Trần Thị Hạnh",
        "father_name": "Nguyễn Văn An",
        "relationship": "father",
    },
    "company_registration_llc1": {
        "company_name": "Công ty TNHH Thái An Xanh",
        "head_office": "12 Lê Lợi, phường An Hòa, tỉnh Thái An",
        "business_lines": "Bán buôn nông sản",
        "charter_capital_vnd": "500000000",
        "owner_kind": "individual",
        "legal_representative": "Nguyễn Văn An",
        "representative_id_number": "046090001234",
    },
}
UNITS = {"birth_registration": "000.01.10.H99", "company_registration_llc1": "000.00.01.H99"}


def desk(app: Flask) -> Desk:
    runtime = app.extensions["motcua"]
    return Desk(runtime, runtime.clock)


def required_documents(app: Flask, procedure: str) -> list[ProcedureDocument]:
    """The documents an online applicant uploads for the procedure in force (those shown in person excluded)."""
    runtime = app.extensions["motcua"]
    with runtime.unit_of_work() as uow:
        version = drafts.version_in_force(runtime, uow.session, procedure)
        return [d for d in version.documents if d.required and d.kept]


def online_dossier(app: Flask, procedure: str = "birth_registration", login: str = "nguyenvanan", **extra) -> str:
    """A dossier submitted online through the services, one PDF per required document; returns its code."""
    runtime = app.extensions["motcua"]
    actor = desk(app).user_id(login)
    draft_id = drafts.start_draft(runtime, runtime.unit_of_work(), procedure=procedure, actor_id=actor)
    files = {
        d.id: Upload(f"giay-to-{d.position}.pdf", sample_files.pdf(d.name)) for d in required_documents(app, procedure)
    }
    with runtime.unit_of_work() as uow:
        methods = current_version(uow.session, procedure, runtime.clock.now().date()).return_methods
    drafts.update_draft(
        runtime,
        runtime.unit_of_work(),
        draft_id=draft_id,
        actor_id=actor,
        receiving_unit=UNITS[procedure],
        return_method=methods[-1].value,  # online where the service allows it, else at the agency
        declaration=DECLARATIONS[procedure],
        files=files,
        **extra,
    )
    return drafts.submit_draft(runtime, runtime.unit_of_work(), draft_id=draft_id, actor_id=actor).dossier_code


def deliver_through_app(app: Flask) -> None:
    """The sandbox gateway's server-to-server callback, posted through the WSGI app (no network in test-client runs)."""

    public_url = app.extensions["motcua"].settings.public_url

    def notify(url: str, fields: dict[str, str]) -> int:
        return app.test_client().post(url.removeprefix(public_url), data=fields).status_code

    app.config["SANDBOX_GATEWAY_NOTIFY"] = notify


def add_result_file(app: Flask, code: str, content: bytes, filename: str = "giay-khai-sinh.pdf") -> int:
    """A signed result PDF kept on the dossier, as the documents service leaves it; returns the file's id."""
    runtime = app.extensions["motcua"]
    with runtime.unit_of_work() as uow:
        session = uow.session
        sha256 = runtime.files.put(content)
        if session.get(StoredFile, sha256) is None:
            session.add(
                StoredFile(
                    sha256=sha256, size=len(content), media_type="application/pdf", created_at=runtime.clock.now()
                )
            )
        dossier = session.scalar(select(Dossier).where(Dossier.code == code))
        file = DossierFile(
            sha256=sha256, filename=filename, purpose=FilePurpose.RESULT, uploaded_at=runtime.clock.now()
        )
        dossier.files.append(file)
        session.flush()
        uow.commit()
        return file.id


def resolve(app: Flask, code: str, clerk: str = "motcua.anhoa", unit: str = "anhoa") -> None:
    """The clerks' steps from reception to the signed decision, driven through the services."""
    d = desk(app)
    d.complete(code, "check_completeness", clerk, decision="complete")
    d.complete(code, "hand_over", clerk)
    d.complete(code, "review", f"chuyenvien.{unit}", proposal="result", draft_summary="Cấp Giấy khai sinh bản chính")
    d.complete(code, "department_approval", f"truongphong.{unit}", decision="approve")
    d.complete(code, "sign", f"lanhdao.{unit}", decision="sign", pin=DEMO_PIN)


def file_field(content: bytes, name: str) -> tuple[io.BytesIO, str]:
    return io.BytesIO(content), name


def mails_to(app: Flask, address: str) -> list[OutboxMessage]:
    with app.extensions["motcua"].unit_of_work() as uow:
        return list(
            uow.session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.recipient == address, OutboxMessage.channel == "email")
                .order_by(OutboxMessage.id)
            )
        )


def link_in(message: OutboxMessage) -> str:
    """The path (and query) of the site's link in a mail, to follow with the test client."""
    url = re.search(r"https?://\S+", message.body).group(0)
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def submit_online(app: Flask, username: str, procedure: str = "birth_registration", unit: str = "000.01.10.H99") -> str:
    """A dossier the applicant submitted online (without files); returns its code."""
    rt = app.extensions["motcua"]
    with rt.unit_of_work() as uow:
        applicant = uow.session.scalar(select(User.id).where(User.username == username))
    return submit(
        rt, rt.unit_of_work(), procedure=procedure, receiving_unit=unit, channel=Channel.ONLINE, actor_id=applicant
    ).dossier_code
