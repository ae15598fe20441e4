"""A province's internal process table (quy trình nội bộ) becomes a diagram on the one-stop pattern: read from CSV
or XLSX, each step in its role's lane with its own working time, laid out for modelers, and checked."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import Workbook

from engine.catalog.diagram_layout import BPMNDI
from engine.catalog.diagrams import generate
from engine.catalog.step_tables import read_table
from engine.models import Role
from engine.workflow.behaviours import behaviour_of, task_budget, task_form, task_role
from engine.workflow.definitions import DiagramInvalid, check
from engine.workflow.elements import BPMN, FLOW_NODES
from sla.deadlines import Duration, TimeUnit
from workflows import DIAGRAMS_DIR

EXAMPLE = DIAGRAMS_DIR / "tables" / "cham_dut_cham_soc_thay_the_tre_em.csv"
HEADER = ["step", "role", "unit", "working_time"]


def _table(folder: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    path = folder / "quy_trinh.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    return path


def _refused(path: Path) -> list[str]:
    with pytest.raises(DiagramInvalid) as refused:
        read_table(path)
    return [p.located() for p in refused.value.problems]


def test_the_published_table_gets_a_behaviour_a_role_and_a_time_for_each_step():
    steps = read_table(EXAMPLE)
    assert [(s.behaviour, s.role, s.budget) for s in steps] == [
        ("check_completeness", Role.RECEPTION_CLERK, Duration(4, TimeUnit.WORKING_HOURS)),
        ("", Role.DEPARTMENT_LEADER, Duration(4, TimeUnit.WORKING_HOURS)),  # Phân công thụ lý: a plain step
        ("review", Role.SPECIALIST, Duration(2, TimeUnit.WORKING_DAYS)),
        ("department_approval", Role.DEPARTMENT_LEADER, Duration(4, TimeUnit.WORKING_HOURS)),
        ("sign", Role.AGENCY_LEADER, Duration(1, TimeUnit.WORKING_DAYS)),
        ("", Role.SPECIALIST, Duration(4, TimeUnit.WORKING_HOURS)),  # Vào sổ, đóng dấu
        ("return_result", Role.RECEPTION_CLERK, None),  # Không tính thời gian
    ]
    assert steps[1].name == "Phân công thụ lý hồ sơ"  # "Bước 2: " is the table's numbering, not the name


def test_the_generated_diagram_passes_the_check_and_keeps_each_steps_role_form_and_time():
    steps = read_table(EXAMPLE)
    process = check("cham_dut_cham_soc", generate("cham_dut_cham_soc", "Chấm dứt việc chăm sóc thay thế", steps))
    tasks = {t.bpmn_name: t for t in process.task_specs() if t.manual}
    assigning = tasks["Phân công thụ lý hồ sơ"]
    assert (behaviour_of(assigning), task_role(assigning), task_form(assigning)) == (
        "",
        Role.DEPARTMENT_LEADER,
        "complete_step",
    )
    assert task_budget(assigning) == Duration(4, TimeUnit.WORKING_HOURS)
    review = tasks["Thụ lý giải quyết; Trình lãnh đạo Phòng duyệt"]
    assert (behaviour_of(review), task_budget(review)) == ("review", Duration(2, TimeUnit.WORKING_DAYS))
    assert "Trách nhiệm: Công chức Phòng Văn hóa - Xã hội xã, phường." in review.documentation
    assert {behaviour_of(t) for t in process.task_specs()} >= {
        "check_completeness",
        "hand_over",
        "handover_deadline",
        "supplement_requested",
        "refused_at_reception",
        "approve_supplement",
        "approve_refusal",
        "refused_after_review",
        "department_approval",
        "sign",
        "decision_signed",
        "return_result",
        "result_returned",
        "apology_requested",
        "approve_apology",
        "apology_approved",
        "stop_requested",
        "dossier_stopped",
        "withdrawal_requested",
        "dossier_withdrawn",
    }


def test_every_element_and_flow_has_its_place_in_the_layout():
    xml = generate("cham_dut_cham_soc", "Chấm dứt việc chăm sóc thay thế", read_table(EXAMPLE))
    root = etree.fromstring(xml.encode())
    nodes = {e.get("id") for e in root.iter() if etree.QName(e).localname in FLOW_NODES}
    flows = {e.get("id") for e in root.iter(f"{{{BPMN}}}sequenceFlow")}
    lanes = [e.get("name") for e in root.iter(f"{{{BPMN}}}lane")]
    shapes = {e.get("bpmnElement") for e in root.iter(f"{{{BPMNDI}}}BPMNShape")}
    edges = {e.get("bpmnElement") for e in root.iter(f"{{{BPMNDI}}}BPMNEdge")}
    assert lanes == ["Bộ phận một cửa", "Chuyên viên", "Lãnh đạo phòng", "Lãnh đạo cơ quan"]
    assert nodes <= shapes and edges == flows
    assert all(len(edge) >= 2 for edge in root.iter(f"{{{BPMNDI}}}BPMNEdge"))


def test_a_step_keeps_its_id_when_a_row_is_added_before_it(tmp_path):
    rows = [row for row in csv.reader(EXAMPLE.open(encoding="utf-8"))][1:]
    before = generate("p", "p", read_table(_table(tmp_path, rows)))
    rows.insert(3, ["Bước 3a: Xác minh thông tin", "Chuyên viên", "UBND xã", "0,5 ngày"])
    after = generate("p", "p", read_table(_table(tmp_path, rows)))
    assert 'id="step_vao_so_van_ban_dong_dau_chuyen_ket_qua_c"' in before
    assert 'id="step_vao_so_van_ban_dong_dau_chuyen_ket_qua_c"' in after
    assert 'id="step_xac_minh_thong_tin"' in after


def test_an_xlsx_table_with_vietnamese_headers_reads_the_same(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Nội dung công việc", "Trách nhiệm thực hiện", "Đơn vị", "Thời gian thực hiện (ngày)"])
    rows = [row for row in csv.reader(EXAMPLE.open(encoding="utf-8"))][1:]
    for number, (step, role, unit, time) in enumerate(rows, start=1):
        spoken = time.replace(" ngày làm việc", "").replace(",", ".")
        sheet.append([number, step, role, unit, float(spoken) if spoken[0].isdigit() else time])
    path = tmp_path / "quy_trinh.xlsx"
    book.save(path)
    assert [(s.behaviour, s.budget) for s in read_table(path)] == [(s.behaviour, s.budget) for s in read_table(EXAMPLE)]


def test_every_problem_of_a_table_is_said_at_its_row(tmp_path):
    path = _table(
        tmp_path,
        [
            ["Tiếp nhận hồ sơ", "Bộ phận một cửa", "UBND xã", "0,5 ngày"],
            ["Xác minh", "Cán bộ Công an xã", "Công an xã", "1 ngày"],
            ["Thẩm định", "Chuyên viên", "UBND xã", "hai ngày"],
            ["Ký", "Lãnh đạo UBND xã", "UBND xã", "1 ngày"],
            ["Trả kết quả", "Bộ phận một cửa", "UBND xã", "Không tính thời gian"],
        ],
    )
    assert _refused(path) == [
        "3: «Cán bộ Công an xã» không ứng với vai trò nào của quy trình một cửa; ghi một vai trò như "
        "«Bộ phận một cửa», «Chuyên viên», «Lãnh đạo phòng», «Lãnh đạo Sở» (workflows/lanes.json).",
        "4: Thời gian «hai ngày» không đọc được; viết như 0,5 ngày, 04 giờ, 02 ngày làm việc.",
    ]


def test_a_table_must_start_and_end_at_reception_and_have_a_review_and_a_signature(tmp_path):
    path = _table(
        tmp_path,
        [
            ["Thẩm định", "Chuyên viên", "UBND xã", "1 ngày"],
            ["Duyệt", "Lãnh đạo phòng", "UBND xã", "1 ngày"],
            ["Trả kết quả", "Bộ phận một cửa", "UBND xã", ""],
        ],
    )
    assert _refused(path) == [
        "2: Bước tiếp nhận hồ sơ do Bộ phận một cửa làm, không phải «Chuyên viên».",
        "Bảng không có bước nào của chuyên viên: cần một bước thẩm định hồ sơ.",
    ]


def test_a_table_without_the_columns_it_needs_is_refused(tmp_path):
    path = _table(tmp_path, [["Tiếp nhận", "0,5 ngày"]], header=["Nội dung công việc", "Thời gian"])
    assert _refused(path) == ["1: Dòng tiêu đề thiếu cột role (vai trò)."]


def test_a_csv_not_saved_in_utf8_is_refused(tmp_path):
    path = tmp_path / "quy_trinh.csv"
    path.write_bytes(b"step,role,unit,working_time\nTi\xeap nh\xe2n,M\xf4t c\xfaa,UBND,1 ng\xe0y\n")  # Latin-1
    assert _refused(path) == ["Không đọc được bảng: bảng CSV phải lưu với bảng mã UTF-8"]


def test_the_shipped_diagram_is_what_its_table_generates():
    key = EXAMPLE.stem
    shipped = (DIAGRAMS_DIR / f"{key}.bpmn").read_text(encoding="utf-8")
    assert generate(key, "Chấm dứt việc chăm sóc thay thế cho trẻ em", read_table(EXAMPLE)) == shipped


def test_a_behaviour_column_names_a_steps_behaviour_where_the_rules_would_not(tmp_path):
    rows = [
        ["Tiếp nhận hồ sơ", "Bộ phận một cửa", "UBND xã", "0,5 ngày", ""],
        ["Thẩm định", "Chuyên viên", "UBND xã", "1 ngày", ""],
        ["Trình ký", "Chuyên viên", "UBND xã", "0,5 ngày", ""],
        ["Phê duyệt", "Lãnh đạo phòng", "UBND xã", "0,5 ngày", "sign"],
        ["Ký ban hành", "Lãnh đạo UBND xã", "UBND xã", "0,5 ngày", "contribute"],
        ["Trả kết quả", "Bộ phận một cửa", "UBND xã", ""],
    ]
    path = _table(tmp_path, rows, header=[*HEADER, "behaviour"])
    assert _refused(path) == [
        "6: Hành vi «contribute» không dùng được trong bảng; dùng check_completeness, review, department_approval, "
        "sign, return_result hoặc để trống."
    ]
    rows[4][4] = ""
    assert [s.behaviour for s in read_table(_table(tmp_path, rows, header=[*HEADER, "behaviour"]))] == [
        "check_completeness",
        "review",
        "",
        "sign",  # the table's word, where the rules would have had the agency leader sign
        "",
        "return_result",
    ]
