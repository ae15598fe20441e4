"""A diagram is refused before deployment when a lane, a form, a timer, a script or a path is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.workflow.definitions import DiagramInvalid, check

DIAGRAM = (Path(__file__).parent / "timer_and_script.bpmn").read_text(encoding="utf-8")
SCRIPT = "handover_due = add_working_hours(received_at, 4)\nlabel = format_datetime(handover_due)"


def _check(xml: str) -> None:
    check("timer_and_script", xml)


def test_the_sample_diagram_passes():
    _check(DIAGRAM)


@pytest.mark.parametrize(
    ("script", "problem"),
    [
        ("import os\nhandover_due = now()", "imports are not allowed"),
        ("handover_due = ().__class__.__subclasses__()", "__subclasses__"),
    ],
)
def test_a_script_that_escapes_the_sandbox_is_refused(script, problem):
    with pytest.raises(DiagramInvalid, match=problem):
        _check(DIAGRAM.replace(SCRIPT, script))


def test_a_lane_that_is_not_a_role_is_refused():
    with pytest.raises(DiagramInvalid, match="lane 'clerks' is not one of the roles"):
        _check(DIAGRAM.replace('name="reception_clerk"', 'name="clerks"'))


def test_a_user_task_without_a_form_is_refused():
    xml = DIAGRAM.replace('id="hand_over"', 'id="hand_over_v2"').replace('"hand_over"', '"hand_over_v2"')
    with pytest.raises(DiagramInvalid, match=r"no form forms/hand_over_v2\.json"):
        _check(xml)


def test_a_timer_reading_the_real_clock_is_refused():
    xml = DIAGRAM.replace(
        '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">handover_due</bpmn:timeDate>',
        '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">"PT4H"</bpmn:timeDuration>',
    )
    with pytest.raises(DiagramInvalid, match="only timeDate timers"):
        _check(xml)


def test_a_path_that_never_ends_is_refused():
    xml = DIAGRAM.replace(
        '<bpmn:sequenceFlow id="f5" sourceRef="late" targetRef="late_end"/>',
        '<bpmn:sequenceFlow id="f5" sourceRef="late" targetRef="late"/>',
    )
    xml = xml.replace('<bpmn:endEvent id="late_end"><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>', "")
    with pytest.raises(DiagramInvalid, match="no path from here reaches an end"):
        _check(xml)


def test_xml_that_does_not_parse_is_refused_in_plain_words():
    with pytest.raises(DiagramInvalid, match="không hợp lệ"):
        _check("<bpmn:definitions")


@pytest.mark.parametrize(
    ("expression", "problem"),
    [
        ("handover_due + 1", "does not evaluate: TypeError"),
        ("add_working_days(handover_due)", "does not evaluate: TypeError"),
        ('"tomorrow"', "does not evaluate"),
        ('"2026-11-23T17:00:00"', "not an ISO moment with its UTC offset"),
        ("handover_due.__class__", "__class__"),
    ],
)
def test_a_timer_that_does_not_give_a_moment_is_refused(expression, problem):
    xml = DIAGRAM.replace(
        '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">handover_due</bpmn:timeDate>',
        f'<bpmn:timeDate xsi:type="bpmn:tFormalExpression">{expression.replace(chr(34), "&quot;")}</bpmn:timeDate>',
    )
    with pytest.raises(DiagramInvalid, match=problem):
        _check(xml)


def test_a_timer_computed_with_the_calendar_passes():
    _check(
        DIAGRAM.replace(
            '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">handover_due</bpmn:timeDate>',
            '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">add_working_hours(received_at, 4)</bpmn:timeDate>',
        )
    )
