"""A diagram's scripts and conditions are bounded: what can be seen is refused at the check, at the element, in
Vietnamese; what only shows at run time stops the step quickly with ScriptStopped, never a hang."""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime
from html import escape
from pathlib import Path

import pytest
from SpiffWorkflow.util.task import TaskState

from engine.workflow import instances
from engine.workflow.definitions import DiagramInvalid, check
from engine.workflow.script_budget import BudgetExceeded
from engine.workflow.scripting import DossierScriptEngine, RestrictedEnvironment, ScriptStopped
from sla.calendar import WorkingCalendar
from sla.clock import ManualClock

DIAGRAM = (Path(__file__).parent / "script_and_gateway.bpmn").read_text(encoding="utf-8")
SCRIPT = "<bpmn:script>count = 3</bpmn:script>"
CONDITION = "count &gt; 100"
QUICK = 2.0  # seconds: the budget stops each case long before this

# Each case as a script statement and as a condition; the condition reads `count`, set by the script.
STATIC = {
    "while": ("while True: pass", None, "không dùng vòng lặp while"),
    "power": ("x = 10**10**8", "10**10**8 > count", "«10**10**8» tạo ra số quá lớn (giới hạn 10.000)"),
    "text": ("x = 'a'*10**9", "len('a'*10**9) > count", "«'a'*10**9» tạo ra chuỗi quá dài (giới hạn 1.000.000)"),
    "list": ("x = [0]*10**9", "len([0]*10**9) > count", "«[0]*10**9» tạo ra danh sách hoặc range quá dài"),
    "range": ("x = sum(range(10**12))", "sum(range(10**12)) > count", "«range(10**12)» tạo ra danh sách hoặc range"),
    "lambda": (
        "f = lambda n: f(n + 1)\nx = f(count)",
        "(lambda f: f(f))(lambda f: f(f)) > count",
        "lambda gọi «f» (chính nó hoặc một hàm được truyền vào): không dùng đệ quy",
    ),
    "nesting": ("x = [1 for a in 'ab' for b in 'ab' for c in 'ab']", None, "vòng lặp lồng nhau quá 2 tầng"),
    "try": ("try:\n    x = 1\nexcept Exception:\n    x = 2", None, "không dùng try"),
    "def": ("def f():\n    return 1", None, "không định nghĩa hàm hay lớp (def f)"),
    "format": ("x = f'{count:>999999999}'", "f'{count:>{count}}' > ''", "định dạng «>"),
}
# Passes the check; goes over the budget once it runs, on values computed at run time.
RUNTIME = {
    "time": (
        "size = 10000\nx = 0\nfor a in range(size):\n    for b in range(size):\n        x = x + a",
        "sum(a * b for a in range(count * 3000) for b in range(count * 3000)) > 0",
        "chạy quá số dòng lệnh cho phép (200.000)",
    ),
    "power": ("size = 10 ** 8\nx = 10 ** size", "10 ** (count * 10 ** 8) > 0", "tạo ra số quá lớn (10.000)"),
    "text": ("size = 10 ** 9\nx = 'a' * size", "len('a' * count * 10 ** 9) > 0", "tạo ra chuỗi quá dài (1.000.000)"),
    "list": ("size = 10 ** 9\nx = [0] * size", "len([0] * (count * 10 ** 9)) > 0", "danh sách hoặc range quá dài"),
    "range": ("size = 10 ** 12\nx = sum(range(size))", "sum(range(count * 10 ** 12)) > 0", "danh sách hoặc range"),
    "lambda": (
        "f = [0]\nf[0] = lambda n: f[0](n + 1)\nx = f[0](1)",
        "(lambda f: f.append(lambda n: f[0](n + 1)) or f[0](count))([]) > 0",
        "gọi lồng nhau quá sâu (50)",
    ),
    "doubling": ("x = 'ab'\nfor a in range(40):\n    x = f'{x}{x}'", None, "tạo ra chuỗi quá dài"),
}


def _problems(xml: str) -> list[str]:
    with pytest.raises(DiagramInvalid) as refused:
        check("script_and_gateway", xml)
    return [p.located() for p in refused.value.problems]


def _with_script(script: str) -> str:
    return DIAGRAM.replace(SCRIPT, f"<bpmn:script>count = 3\n{escape(script, quote=False)}</bpmn:script>")


def _with_condition(condition: str) -> str:
    return DIAGRAM.replace(CONDITION, escape(condition, quote=False))


def test_the_sample_diagram_passes_and_runs():
    check("script_and_gateway", DIAGRAM)
    assert _run(DIAGRAM).data["count"] == 3


@pytest.mark.parametrize("case", STATIC)
def test_what_can_be_seen_is_refused_in_a_script_task(case):
    script, _condition, message = STATIC[case]
    (found,) = _problems(_with_script(script))
    assert found.startswith("23: compute «Tính số lượng»: Script, dòng ") and message in found, found


@pytest.mark.parametrize("case", [case for case, (_s, condition, _m) in STATIC.items() if condition])
def test_what_can_be_seen_is_refused_in_a_gateway_condition(case):
    _script, condition, message = STATIC[case]
    (found,) = _problems(_with_condition(condition))
    assert found.startswith("39: f_many «Nhiều»: Điều kiện, dòng 1: ") and message in found, found


def _run(xml: str):
    class Definition:  # stands in for a deployed row; its hash keys the cache of parsed diagrams
        id, process_key, sha256, bpmn_xml = 1, "script_and_gateway", hashlib.sha256(xml.encode()).hexdigest(), xml

    engine = DossierScriptEngine(ManualClock(datetime(2026, 11, 23, 3, tzinfo=UTC)), WorkingCalendar())
    workflow = instances.start(Definition(), {}, engine)
    return workflow.get_tasks(state=TaskState.READY, manual=True)[0]


def _stopped(xml: str) -> ScriptStopped:
    check("script_and_gateway", xml)  # the check cannot see it
    started = time.perf_counter()
    with pytest.raises(ScriptStopped) as stopped:
        _run(xml)
    assert time.perf_counter() - started < QUICK
    return stopped.value


@pytest.mark.parametrize("case", RUNTIME)
def test_what_shows_at_run_time_stops_a_script_task_quickly(case):
    script, _condition, message = RUNTIME[case]
    stopped = _stopped(_with_script(script))
    assert (stopped.problem.element, stopped.problem.name) == ("compute", "Tính số lượng")
    assert str(stopped).startswith("Bước compute «Tính số lượng» dừng vì Script «count = 3 ") and message in str(
        stopped
    )
    assert str(stopped).endswith("Sơ đồ quy trình script_and_gateway cần sửa, đề nghị báo quản trị hệ thống.")


@pytest.mark.parametrize("case", [case for case, (_s, condition, _m) in RUNTIME.items() if condition])
def test_what_shows_at_run_time_stops_a_gateway_condition_quickly(case):
    _script, condition, message = RUNTIME[case]
    stopped = _stopped(_with_condition(condition))
    assert (stopped.problem.element, stopped.problem.name) == ("route", "Nhiều không?")
    assert str(stopped).startswith("Bước route «Nhiều không?» dừng vì Biểu thức «") and message in str(stopped)


@pytest.mark.parametrize(
    "script",
    [
        "x = 'ab'.ljust(size)",
        "x = 'a' * 2000\nx = x.replace('a', x)",
        "x = ''.join(['a' * 900000] * 2)",
        "x = ''.join('a' * 900000 for a in range(2))",
        "x = sum([[0] * 90000] * 2, [])",
        "x = str(['a' * 900000] * 2)",
        "x = '%*d' % (size, 1)",
        "x = [1] * 1000\nfor a in range(10):\n    x.extend(x)",
        "x = [1] * 1000\nfor a in range(10):\n    x = [*x, *x]",
        "x = 1\nfor a in range(20):\n    x = x * x + 2",
        "x = round(5, -size)",
        "x = 1 << size",
    ],
)
def test_a_value_too_large_is_refused_before_it_is_built(script):
    with pytest.raises(BudgetExceeded):
        RestrictedEnvironment({}).execute(script, {"size": 10**9})


def test_scripts_within_the_budget_keep_working():
    data = {"items": [{"fee": 10}, {"fee": 20}]}
    script = "total = 0\nfor item in items:\n    total += item['fee']\nnames = [str(i['fee']) for i in items]"
    RestrictedEnvironment({}).execute(script, data)
    assert (data["total"], data["names"]) == (30, ["10", "20"])
    assert RestrictedEnvironment({}).evaluate("f'{total:>6}' + 'đ' * 2", data) == "    30đđ"
