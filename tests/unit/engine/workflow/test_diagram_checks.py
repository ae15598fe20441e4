"""A diagram is refused before deployment when a lane, a form, a timer, a script or a path is wrong; each problem
is said at its element, with its line, in Vietnamese."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.workflow.definitions import DiagramInvalid, check

DIAGRAM = (Path(__file__).parent / "timer_and_script.bpmn").read_text(encoding="utf-8")
SCRIPT = "handover_due = add_working_hours(received_at, 4)\nlabel = format_datetime(handover_due)"
TIMER = '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">handover_due</bpmn:timeDate>'


def _problems(xml: str) -> list[str]:
    with pytest.raises(DiagramInvalid) as refused:
        check("timer_and_script", xml)
    return [p.located() for p in refused.value.problems]


def test_the_sample_diagram_passes():
    check("timer_and_script", DIAGRAM)


@pytest.mark.parametrize(
    ("script", "problem"),
    [
        ("import os\nhandover_due = now()", "imports are not allowed"),
        ("handover_due = ().__class__.__subclasses__()", "__subclasses__"),
    ],
)
def test_a_script_that_escapes_the_sandbox_is_refused(script, problem):
    (found,) = _problems(DIAGRAM.replace(SCRIPT, script))
    assert found.startswith("27: compute: Script không được phép chạy: ") and problem in found


def test_a_lane_that_is_not_a_role_is_refused_once_at_the_lane():
    assert _problems(DIAGRAM.replace('name="reception_clerk"', 'name="Văn thư"')) == [
        "11: lane_reception «Văn thư»: Làn «Văn thư» không ứng với vai trò nào: đặt tên làn như «Bộ phận một cửa», "
        "«Chuyên viên», «Lãnh đạo phòng», «Lãnh đạo Sở», hoặc ghi vai trò cho từng bước (candidateGroups hoặc "
        "thuộc tính role)."
    ]


def test_a_vietnamese_lane_name_is_a_role():
    check("timer_and_script", DIAGRAM.replace('name="reception_clerk"', 'name="BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"'))


def test_a_user_task_whose_form_is_missing_is_refused():
    xml = DIAGRAM.replace('value="hand_over"/>', 'value="hand_over"/><spiffworkflow:property name="form" value="x"/>')
    assert _problems(xml) == ["32: hand_over: Không có biểu mẫu forms/x.json cho bước này."]


def test_a_timer_reading_the_real_clock_is_refused():
    (found,) = _problems(
        DIAGRAM.replace(TIMER, '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">"PT4H"</bpmn:timeDuration>')
    )
    assert found.startswith("36: deadline: Hẹn giờ chỉ dùng mốc thời gian (timeDate)")


def test_a_path_that_never_ends_is_refused():
    xml = DIAGRAM.replace(
        '<bpmn:sequenceFlow id="f5" sourceRef="late" targetRef="late_end"/>',
        '<bpmn:sequenceFlow id="f5" sourceRef="late" targetRef="late"/>',
    )
    xml = xml.replace('<bpmn:endEvent id="late_end"><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>', "")
    assert _problems(xml) == [
        "40: late: Từ đây không có đường nào đến một sự kiện kết thúc: quy trình sẽ quay vòng mãi."
    ]


def test_xml_that_does_not_parse_is_refused_with_its_line():
    assert _problems("<bpmn:definitions") == [
        "1: XML không hợp lệ: Namespace prefix bpmn on definitions is not defined, line 1, column 18"
    ]


@pytest.mark.parametrize(
    ("expression", "problem"),
    [
        ("handover_due + 1", "không tính được: TypeError"),
        ("add_working_days(handover_due)", "không tính được: TypeError"),
        ('"tomorrow"', "không tính được"),
        ('"2026-11-23T17:00:00"', "không phải một thời điểm ISO có múi giờ"),
        ("handover_due.__class__", "__class__"),
    ],
)
def test_a_timer_that_does_not_give_a_moment_is_refused(expression, problem):
    escaped = expression.replace('"', "&quot;")
    xml = DIAGRAM.replace(TIMER, f'<bpmn:timeDate xsi:type="bpmn:tFormalExpression">{escaped}</bpmn:timeDate>')
    (found,) = _problems(xml)
    assert found.startswith("36: deadline: Hẹn giờ") and problem in found


def test_a_timer_computed_with_the_calendar_passes():
    check(
        "timer_and_script",
        DIAGRAM.replace(
            TIMER, '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">add_working_hours(received_at, 4)</bpmn:timeDate>'
        ),
    )


def test_a_timer_reading_a_name_nothing_sets_is_refused_with_the_closest_one():
    xml = DIAGRAM.replace(TIMER, '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">handover_at</bpmn:timeDate>')
    assert _problems(xml) == [
        "36: deadline: Hẹn giờ đọc «handover_at», nhưng không có gì đặt giá trị này; có phải «handover_due»?"
    ]


def test_a_name_unlike_any_other_gets_the_places_names_come_from():
    xml = DIAGRAM.replace(TIMER, '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">xyz</bpmn:timeDate>')
    assert _problems(xml) == [
        "36: deadline: Hẹn giờ đọc «xyz», nhưng không có gì đặt giá trị này: dùng mã hoặc hành vi của một bước người "
        "dùng (dữ liệu biểu mẫu của bước đó), một tên hệ thống đặt (docs/procedures.md) hoặc một tên do script gán."
    ]
