"""A deployed diagram whose gateway condition goes over its budget only at run time: the step that reaches it stops
quickly with ScriptStopped at the gateway, and its transaction writes nothing; the dry run says so at the gateway."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from engine.catalog.dry_run import dry_run
from engine.models import Event
from engine.workflow.definitions import check, deploy
from engine.workflow.elements import decode
from engine.workflow.scripting import ScriptStopped
from workflows import DIAGRAMS_DIR

INELIGIBLE = 'check_completeness["decision"] == "ineligible"'
# Passes the check (the sizes come from task data), then loops 10^8 times when the dossier is checked complete.
OVER_BUDGET = decode((DIAGRAMS_DIR / "one_stop.bpmn").read_bytes()).replace(
    INELIGIBLE,
    f"{INELIGIBLE} or sum(a for a in range(len(check_completeness) * 10000) for b in range(10000)) &lt; 0",
)


def _written(desk, code: str) -> tuple:
    dossier = desk.dossier(code)
    with desk.runtime.unit_of_work() as uow:
        events = uow.session.scalar(select(func.count()).select_from(Event).where(Event.dossier_code == code))
    return dossier.version, dossier.status, events, [(t.task_name, t.state) for t in desk.open_tasks(code)]


def test_the_step_stops_quickly_and_writes_nothing(desk):
    check("one_stop", OVER_BUDGET)
    with desk.runtime.unit_of_work() as uow:
        deploy(uow.session, "one_stop", OVER_BUDGET, desk.clock.now())
        uow.commit()
    code = desk.submit()
    before = _written(desk, code)

    started = time.perf_counter()
    with pytest.raises(ScriptStopped) as stopped:
        desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    assert time.perf_counter() - started < 3

    assert (stopped.value.problem.element, stopped.value.problem.name) == ("completeness_checked", "Kết quả kiểm tra?")
    assert "chạy quá số dòng lệnh cho phép (200.000)" in str(stopped.value)
    assert _written(desk, code) == before
    assert desk.complete(
        code, "check_completeness", "motcua.anhoa", decision="ineligible", refusal_reason="Không thuộc thẩm quyền"
    )


def test_the_dry_run_says_it_at_the_gateway():
    problems = dry_run("one_stop", OVER_BUDGET)
    assert {(p.element, p.name) for p in problems} == {("completeness_checked", "Kết quả kiểm tra?")}
    assert "chạy quá số dòng lệnh cho phép (200.000)" in problems[0].text()


# Passes the check, then divides by zero when the dossier is checked complete (the data makes the divisor).
FAILING = decode((DIAGRAMS_DIR / "one_stop.bpmn").read_bytes()).replace(
    INELIGIBLE, f"{INELIGIBLE} or 1 / (len(check_completeness) - len(check_completeness)) &lt; 0"
)


def test_a_script_that_fails_as_it_runs_stops_the_step_with_words_not_a_500(desk):
    check("one_stop", FAILING)
    with desk.runtime.unit_of_work() as uow:
        deploy(uow.session, "one_stop", FAILING, desk.clock.now())
        uow.commit()
    code = desk.submit()
    before = _written(desk, code)
    with pytest.raises(ScriptStopped) as stopped:
        desk.complete(code, "check_completeness", "motcua.anhoa", decision="complete")
    assert stopped.value.problem.element == "completeness_checked"
    assert "gặp lỗi khi chạy (ZeroDivisionError: division by zero)" in str(stopped.value)
    assert _written(desk, code) == before
