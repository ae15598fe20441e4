"""Deploying a new version of a diagram never changes dossiers already running on the old one."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from engine.catalog.procedures import UnknownProcessVersion, publish, read_catalog
from engine.documents.demo_ca import DEMO_PIN
from engine.models import ProcessDefinition, WorkflowInstance
from engine.workflow.definitions import deploy, newest
from workflows import DIAGRAMS_DIR


def _definition_of(desk, code) -> ProcessDefinition:
    with desk.runtime.unit_of_work() as uow:
        dossier = desk.dossier(code)
        instance = uow.session.scalar(select(WorkflowInstance).where(WorkflowInstance.dossier_id == dossier.id))
        return instance.process_definition


def _finish(desk, code):
    desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    desk.complete(code, "hand_over", "motcua.anhoa")
    desk.complete(code, "review", "chuyenvien.anhoa", proposal="result", draft_summary="Dự thảo giấy khai sinh")
    desk.complete(code, "department_approval", "truongphong.anhoa", decision="approve")
    desk.complete(code, "sign", "lanhdao.anhoa", decision="sign", pin=DEMO_PIN)
    desk.complete(code, "return_result", "motcua.anhoa", return_method="online")
    assert desk.open_tasks(code) == []


def test_v1_and_v2_dossiers_each_finish_on_their_own_version(desk):
    old = desk.submit()
    xml = (DIAGRAMS_DIR / "one_stop.bpmn").read_text(encoding="utf-8")
    renamed = xml + "\n<!-- version 2: same flow, another deployment -->\n"
    with desk.runtime.unit_of_work() as uow:
        v2 = deploy(uow.session, "one_stop", renamed, desk.clock.now())
        again = deploy(uow.session, "one_stop", renamed, desk.clock.now())
        assert (v2.version, again.id) == (2, v2.id)
        assert newest(uow.session, "one_stop").id == v2.id
        uow.commit()
    new = desk.submit()
    assert (_definition_of(desk, old).version, _definition_of(desk, new).version) == (1, 2)
    _finish(desk, old)
    _finish(desk, new)


def test_a_catalog_entry_may_pin_the_diagram_version_its_dossiers_start_with(desk):
    xml = (DIAGRAMS_DIR / "one_stop.bpmn").read_text(encoding="utf-8")
    entry = next(e for e in read_catalog() if e.data["slug"] == "birth_registration")
    with desk.runtime.unit_of_work() as uow:
        deploy(uow.session, "one_stop", xml + "\n<!-- version 2 -->\n", desk.clock.now())
        pinned = dict(entry.data, process_version=1)
        publish(uow.session, dataclasses.replace(entry, data=pinned, sha256="1" * 64), desk.clock.now())
        uow.commit()
    assert _definition_of(desk, desk.submit()).version == 1
    missing = dict(entry.data, process_version=9)
    with desk.runtime.unit_of_work() as uow, pytest.raises(UnknownProcessVersion, match="phiên bản 9"):
        publish(uow.session, dataclasses.replace(entry, data=missing, sha256="2" * 64), desk.clock.now())
