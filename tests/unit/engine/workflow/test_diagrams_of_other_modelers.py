"""Diagrams drawn the way other modelers write them (Camunda Modeler 7, SpiffArena, Signavio, a file saved in
UTF-16) pass the static checks, and what the engine needs is read from each modeler's own extensions; each broken
variant in tests/diagrams/broken/ is refused with the message that says what is wrong, at its element and line.

The diagrams are described in tests/diagrams/README.md; `motcua procedures check tests/diagrams` also dry-runs the
good ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.workflow.behaviours import behaviour_of, task_budget, task_form, task_role
from engine.workflow.definitions import DiagramInvalid, check
from engine.workflow.elements import decode

DIAGRAMS = Path(__file__).resolve().parents[3] / "diagrams"
BROKEN = DIAGRAMS / "broken"
GOOD = sorted(DIAGRAMS.glob("*.bpmn"))


def _refused(name: str) -> list[str]:
    """The located messages refusing tests/diagrams/broken/<name>.bpmn."""
    path = BROKEN / f"{name}.bpmn"
    with pytest.raises(DiagramInvalid) as refused:
        check(path.stem, decode(path.read_bytes()))
    return [p.located() for p in refused.value.problems]


def _read(name: str) -> dict[str, tuple[str, str, str, tuple[float, str] | None]]:
    """{user task name: (behaviour, role, form, working time)} as the engine keeps them on the parsed diagram."""
    path = DIAGRAMS / f"{name}.bpmn"
    process = check(path.stem, decode(path.read_bytes()))
    found = {}
    for spec in process.task_specs():
        element = process.diagram.elements.get(getattr(spec, "bpmn_id", None) or "")
        if element is not None and element.tag == "userTask":
            budget = task_budget(spec)
            facts = (behaviour_of(spec), task_role(spec).value, task_form(spec))
            found[element.name] = (*facts, (budget.amount, budget.unit.value) if budget else None)
    return found


def test_the_diagrams_of_other_modelers_are_all_there():
    assert [p.name for p in GOOD] == [
        "camunda_birth_registration.bpmn",
        "signavio_land_transfer.bpmn",
        "spiff_household_business.bpmn",
        "utf16_certified_copy.bpmn",
    ]


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_a_diagram_drawn_by_another_modeler_passes_the_static_checks(path):
    check(path.stem, decode(path.read_bytes()))


def test_camunda_candidate_groups_form_keys_and_due_dates_are_read():
    read = _read("camunda_birth_registration")
    # The lane «Công chức Tư pháp - Hộ tịch» names no role: the specialist comes from camunda:candidateGroups.
    assert read["Thẩm định, dự thảo giấy khai sinh"] == ("review", "specialist", "review", (4.0, "working_hours"))
    assert read["Ký giấy khai sinh"] == ("sign", "agency_leader", "sign", (2.0, "working_hours"))
    assert read["Duyệt yêu cầu bổ sung"] == ("approve_supplement", "agency_leader", "approve_supplement", None)
    assert read["Trả kết quả"] == ("return_result", "reception_clerk", "return_result", None)


def test_spiffworkflow_properties_and_english_lanes_are_read():
    read = _read("spiff_household_business")
    assert read["Thẩm định hồ sơ"] == ("review", "specialist", "review", (2.0, "working_days"))
    assert read["Trưởng phòng duyệt"] == (
        "department_approval",
        "department_leader",
        "department_approval",
        (4.0, "working_hours"),
    )
    assert read["Duyệt từ chối"] == ("approve_refusal", "agency_leader", "approve_refusal", None)


def test_spiffworkflow_pre_scripts_are_kept_on_their_tasks():
    path = DIAGRAMS / "spiff_household_business.bpmn"
    process = check(path.stem, decode(path.read_bytes()))
    scripts = {s.bpmn_name: s.prescript for s in process.task_specs() if getattr(s, "prescript", None)}
    assert scripts == {
        "Chuyển Phòng Tài chính - Kế hoạch": "han_chuyen_ho_so = format_datetime(handover_due)",
        "Trả kết quả": "ngay_hen_tra = format_date(due_at)",
    }


def test_signavio_metadata_gives_behaviour_role_and_working_time():
    read = _read("signavio_land_transfer")
    # The lane «Văn phòng đăng ký đất đai» names no role: the specialist comes from the `role` metadata entry.
    assert read["Thẩm định, dự thảo giấy chứng nhận"] == ("review", "specialist", "review", (5.0, "working_days"))
    assert read["Lãnh đạo phòng kiểm tra"] == (
        "department_approval",
        "department_leader",
        "department_approval",
        (1.0, "working_days"),
    )
    assert read["Ký giấy chứng nhận"] == ("sign", "agency_leader", "sign", (1.0, "working_days"))


def test_a_diagram_saved_in_utf16_is_read_with_its_vietnamese_names():
    assert (DIAGRAMS / "utf16_certified_copy.bpmn").read_bytes()[:2] == b"\xff\xfe"
    read = _read("utf16_certified_copy")
    assert read["Kiểm tra bản chính, bản sao"] == (
        "check_completeness",
        "reception_clerk",
        "check_completeness",
        (1.0, "working_hours"),
    )
    assert read["Đối chiếu bản sao với bản chính"][1] == "specialist"  # lane «Cán bộ chuyên môn»
    assert read["Ký chứng thực"][1] == "agency_leader"  # lane «Chủ tịch UBND»


def test_a_service_task_without_behaviour_is_refused():
    assert _refused("service_task_without_behaviour") == [
        "37: Activity_1w9z0fe «Gửi kết quả qua bưu chính»: Hệ thống không tự thực hiện được serviceTask: dùng "
        "bước người dùng (userTask), bước script (scriptTask) hoặc một sự kiện mang hành vi.",
    ]


def test_a_user_task_in_a_lane_that_is_no_role_is_refused_at_the_lane():
    assert _refused("lane_without_role") == [
        "14: Lane_1k7c2xt «Kế toán»: Làn «Kế toán» không ứng với vai trò nào: đặt tên làn như «Bộ phận một "
        "cửa», «Chuyên viên», «Lãnh đạo phòng», «Lãnh đạo Sở», hoặc ghi vai trò cho từng bước "
        "(candidateGroups hoặc thuộc tính role).",
    ]


def test_a_condition_reading_a_misspelt_form_name_is_refused():
    assert _refused("misspelt_form_name") == [
        "68: Flow_0v1ineg «Không đủ điều kiện»: Điều kiện đọc «chek_completeness», nhưng không có gì đặt giá "
        "trị này; có phải «check_completeness»?",
    ]


def test_a_condition_comparing_with_a_value_the_form_cannot_give_is_refused():
    assert _refused("impossible_value") == [
        '65: Flow_1x8t3bz «Dự thảo kết quả»: Điều kiện so sánh review["proposal"] với «reslt», nhưng trường '
        "này chỉ nhận result, supplement, refuse: điều kiện không bao giờ đúng.",
    ]


def test_a_parallel_gateway_joining_the_branches_of_an_exclusive_one_is_refused():
    assert _refused("parallel_join_of_exclusive_branches") == [
        "53: Gateway_0j2o1in: Cổng song song này chờ mọi luồng vào, nhưng các luồng vào ra từ những nhánh "
        "khác nhau của cổng «Hồ sơ hợp lệ?», nên chỉ một luồng đến và cổng chờ mãi: gộp các nhánh bằng một "
        "cổng loại trừ (exclusiveGateway).",
    ]


def test_an_unreachable_task_is_refused():
    assert _refused("unreachable_task") == [
        "39: Activity_1w9z0fe «Thẩm định hồ sơ»: Không có đường nào từ sự kiện bắt đầu đến phần tử này.",
    ]


def test_a_data_store_reference_is_refused():
    assert _refused("data_store_reference") == [
        "55: DataStoreReference_0x4d9mk «Cơ sở dữ liệu đất đai»: Kho dữ liệu (data store) không được hỗ trợ: "
        "dữ liệu của hồ sơ nằm trong hồ sơ và biểu mẫu các bước.",
    ]


def test_a_data_store_a_task_writes_to_is_refused_at_the_task_and_at_the_store():
    assert _refused("data_store_written_by_task") == [
        "39: Activity_1w9z0fe «Thẩm định hồ sơ»: Bước này đọc hoặc ghi kho dữ liệu «Cơ sở dữ liệu đất đai», "
        "điều không được hỗ trợ: bỏ liên kết với kho dữ liệu.",
        "58: DataStoreReference_0x4d9mk «Cơ sở dữ liệu đất đai»: Kho dữ liệu (data store) không được hỗ trợ: "
        "dữ liệu của hồ sơ nằm trong hồ sơ và biểu mẫu các bước.",
    ]


def test_behaviour_spelt_the_us_way_is_refused():
    assert _refused("behavior_us_spelling") == [
        "39: Activity_1w9z0fe «Thẩm định hồ sơ»: Thuộc tính «behavior» phải viết là «behaviour».",
    ]


def test_an_unknown_behaviour_is_refused_with_the_closest_one():
    assert _refused("unknown_behaviour") == [
        "39: Activity_1w9z0fe «Thẩm định hồ sơ»: Hành vi «reveiw» không có trong danh mục hành vi; có phải «review»?",
    ]


def test_signing_in_the_reception_lane_is_refused():
    assert _refused("sign_in_reception_lane") == [
        "38: Activity_1w9z0fe «Ký quyết định»: Hành vi «sign» do «Lãnh đạo phòng», «Lãnh đạo cơ quan» thực "
        "hiện, không phải «Bộ phận một cửa»: đặt bước vào làn của vai trò đó.",
    ]


def test_a_task_given_to_a_named_person_is_refused():
    assert _refused("camunda_assignee") == [
        "39: Activity_1w9z0fe «Thẩm định hồ sơ»: Giao bước cho người cụ thể («nguyenvanb») không được hỗ trợ: "
        "bước được giao cho một vai trò trong đơn vị; dùng làn hoặc candidateGroups thay cho assignee, "
        "candidateUsers.",
    ]


def test_the_editorial_board_lane_is_refused_in_a_dossier_diagram():
    assert _refused("qa_editor_lane") == [
        "14: Lane_0b7e3t1 «Ban biên tập»: Vai trò của làn «Ban biên tập» không xử lý hồ sơ: sơ đồ hồ sơ dùng "
        "các vai trò «Bộ phận một cửa», «Chuyên viên», «Lãnh đạo phòng», «Lãnh đạo cơ quan».",
    ]


def test_latin1_bytes_in_a_file_declared_utf8_are_refused_with_their_line():
    assert _refused("latin1_declared_utf8") == [
        "4: Tệp khai báo bảng mã UTF-8 nhưng dòng 4 không viết bằng bảng mã đó: lưu lại tệp bằng UTF-8.",
    ]


def test_two_flows_out_of_a_user_task_without_a_gateway_are_refused_at_the_task():
    assert _refused("two_flows_out_of_a_task") == [
        "22: Activity_0k3x9rd «Kiểm tra hồ sơ»: Phần tử userTask có nhiều luồng ra: chỉ cổng (gateway) mới rẽ "
        "nhánh; thêm một cổng sau phần tử này.",
    ]


def test_every_broken_diagram_is_tested():
    tested = {
        "behavior_us_spelling",
        "camunda_assignee",
        "data_store_reference",
        "data_store_written_by_task",
        "impossible_value",
        "lane_without_role",
        "latin1_declared_utf8",
        "misspelt_form_name",
        "parallel_join_of_exclusive_branches",
        "qa_editor_lane",
        "service_task_without_behaviour",
        "sign_in_reception_lane",
        "two_flows_out_of_a_task",
        "unknown_behaviour",
        "unreachable_task",
    }
    assert {p.stem for p in BROKEN.glob("*.bpmn")} == tested
