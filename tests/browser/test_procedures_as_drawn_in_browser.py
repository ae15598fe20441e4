"""A province's own procedures in the browser: drawn in Camunda Modeler's style (its own ids, Vietnamese lanes), in
SpiffArena's, and generated from a step table; each desk opens its step by the diagram's own name, completes it,
and the dossier ends with its result returned; the history names every step as the diagram does."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from engine.catalog.procedures import publish, read_catalog
from engine.documents.demo_ca import DEMO_PIN
from engine.dossiers.submission import Applicant, submit
from engine.models import Channel, Dossier, DossierStatus, RoleAssignment, TaskRow, TaskState, User
from engine.people.permissions import may_work
from engine.workflow.definitions import deploy
from engine.workflow.elements import decode
from tests.browser.conftest import Shots, sign_in

DIAGRAMS = Path(__file__).resolve().parents[1] / "diagrams"
PROCEDURES = {  # the procedure run, the catalog entry it copies (None: the shipped entry), its diagram
    "camunda": ("camunda_birth_registration", "birth_registration", DIAGRAMS / "camunda_birth_registration.bpmn"),
    "spiff": (
        "spiff_household_business",
        "household_business_registration",
        DIAGRAMS / "spiff_household_business.bpmn",
    ),
    "generated": ("child_alternative_care_termination", None, None),
}


def _procedure(runtime, slug: str, copied: str | None, diagram: Path | None) -> None:
    """Deploy the diagram and publish a catalog entry that uses it (a copy of a shipped one, for the test)."""
    if copied is None:
        return
    with runtime.unit_of_work() as uow:
        deploy(uow.session, diagram.stem, decode(diagram.read_bytes()), runtime.clock.now())
        entry = next(e for e in read_catalog() if e.data["slug"] == copied)
        data = dict(entry.data, slug=slug, code=f"9.{abs(hash(slug)) % 10**6:06d}", process_key=diagram.stem)
        publish(uow.session, dataclasses.replace(entry, data=data, sha256=slug), runtime.clock.now())
        uow.commit()


def _open_task(runtime, code: str) -> tuple[int, str, str] | None:
    """(task id, its title, a demo login who may work it) of the dossier's first open task."""
    with runtime.unit_of_work() as uow:
        task = uow.session.scalar(
            sa.select(TaskRow)
            .join(Dossier, TaskRow.dossier_id == Dossier.id)
            .where(Dossier.code == code, TaskRow.state == TaskState.OPEN)
            .order_by(TaskRow.id)
        )
        if task is None:
            return None
        people = uow.session.scalars(
            sa.select(User)
            .join(RoleAssignment)
            .where(RoleAssignment.agency_id == task.agency_id)
            .order_by(User.username)
        )
        worker = next(user for user in people if may_work(user, task))
        return task.id, task.title, worker.username


def _done(runtime, code: str) -> list[str]:
    with runtime.unit_of_work() as uow:
        return list(
            uow.session.scalars(
                sa.select(TaskRow.task_name)
                .join(Dossier, TaskRow.dossier_id == Dossier.id)
                .where(Dossier.code == code, TaskRow.state == TaskState.DONE)
            )
        )


def _complete(page: Page) -> None:
    """The forward choice of every question of the form, every shown field filled (the result's content too), the
    PIN where one is asked."""
    for group in page.locator("fieldset:has(input[type=radio])").all():
        group.locator("input[type=radio]").first.check()
    filled = {"input[type=date]": "2026-11-20", "input[inputmode=numeric]": "1", "textarea": "Nội dung đã xem xét"}
    filled["input[type=text]:not([inputmode])"] = "Nội dung đã xem xét"
    for selector, value in filled.items():
        for field in page.locator(f"form.task-form {selector}:visible").all():
            if not field.input_value():
                field.fill(value)
    pin = page.locator("input[name=pin]")
    if pin.count() and pin.is_visible():
        pin.fill(DEMO_PIN)
    page.get_by_role("button", name="Hoàn thành bước").click()
    page.wait_for_load_state()
    expect(page.locator(".flash-info")).to_contain_text("Đã hoàn thành bước")


def _diagram_shows_where_it_is(page: Page, shots: Shots, runtime, code: str) -> None:
    """The dossier's page draws its diagram (bpmn.io opens it without a warning), the open step marked."""
    with runtime.unit_of_work() as uow:
        current = uow.session.scalar(
            sa.select(TaskRow.task_name).join(Dossier, TaskRow.dossier_id == Dossier.id).where(Dossier.code == code)
        )
    sign_in(page, "motcua.anhoa")
    page.goto(f"/staff/dossiers/{code}")
    diagram = page.locator("[data-diagram]")
    expect(diagram).to_have_attribute("data-state", "ready")
    expect(diagram).to_have_attribute("data-warnings", "0")
    expect(diagram.locator(f'.djs-element.current[data-element-id="{current}"]')).to_have_count(1)
    shots(page, "diagram")


@pytest.mark.parametrize("drawn", PROCEDURES)
def test_each_desk_works_its_step_as_the_diagram_names_it(page: Page, shots: Shots, app, demo, drawn) -> None:
    runtime = app.extensions["motcua"]
    slug, copied, diagram = PROCEDURES[drawn]
    _procedure(runtime, slug, copied, diagram)
    with runtime.unit_of_work() as uow:
        clerk = uow.session.scalar(sa.select(User.id).where(User.username == "motcua.anhoa"))
    code = submit(
        runtime,
        runtime.unit_of_work(),
        procedure=slug,
        receiving_unit="000.01.10.H99",
        channel=Channel.COUNTER,
        actor_id=clerk,
        applicant=Applicant("Lê Thị Hoa", phone="0912345678"),
    ).dossier_code
    titles, signed_in = [], ""
    _diagram_shows_where_it_is(page, shots, runtime, code)
    signed_in = "motcua.anhoa"
    while (task := _open_task(runtime, code)) is not None:
        task_id, title, login = task
        if login != signed_in:
            if signed_in:
                page.get_by_role("button", name="Đăng xuất").click()
            sign_in(page, login)
            signed_in = login
        page.goto(f"/staff/tasks/{task_id}")
        expect(page.locator("h1")).to_have_text(title)
        shots(page, f"{len(titles):02d}-{login}")
        _complete(page)
        titles.append(title)
        assert len(titles) < 20, titles
    with runtime.unit_of_work() as uow:
        status = uow.session.scalar(sa.select(Dossier.status).where(Dossier.code == code))
    assert status is DossierStatus.RESULT_RETURNED
    page.goto(f"/staff/dossiers/{code}")
    diagram = page.locator("[data-diagram]")
    expect(diagram).to_have_attribute("data-state", "ready")
    expect(diagram.locator(".djs-element.done")).to_have_count(len(set(_done(runtime, code))))
    expect(diagram.locator(".djs-element.current")).to_have_count(0)
    history = page.locator("table.history")
    for title in titles:
        expect(history).to_contain_text(title)
    expect(history).not_to_contain_text("Activity_")
    shots(page, "history")
