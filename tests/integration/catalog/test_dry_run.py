"""The dry run takes dossiers (or questions) along every path of a diagram through the real services, on a throwaway
database: the shipped diagrams, diagrams of other modelers and a generated one pass; a diagram that leaves a dossier
or a question unfinished, or stops at a gateway, is refused at the element where it happens."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.catalog.diagrams import generate
from engine.catalog.dry_run import dry_run
from engine.catalog.step_tables import read_table
from engine.workflow.elements import decode
from workflows import DIAGRAMS_DIR

OTHER_MODELERS = Path(__file__).resolve().parents[2] / "diagrams"
ONE_STOP = decode((DIAGRAMS_DIR / "one_stop.bpmn").read_bytes())


@pytest.mark.parametrize(
    "path",
    [
        DIAGRAMS_DIR / "one_stop.bpmn",
        DIAGRAMS_DIR / "lien_thong.bpmn",
        DIAGRAMS_DIR / "question.bpmn",
        OTHER_MODELERS / "camunda_birth_registration.bpmn",
        OTHER_MODELERS / "spiff_household_business.bpmn",
    ],
    ids=lambda path: path.stem,
)
def test_a_diagram_that_runs_passes(path):
    assert dry_run(path.stem, decode(path.read_bytes())) == []


def test_a_diagram_generated_from_a_step_table_passes():
    steps = read_table(DIAGRAMS_DIR / "tables" / "cham_dut_cham_soc_thay_the_tre_em.csv")
    assert dry_run("cham_dut_cham_soc", generate("cham_dut_cham_soc", "Chấm dứt chăm sóc thay thế", steps)) == []


def test_a_diagram_that_never_returns_the_result_is_refused():
    unfinished = ONE_STOP.replace('<spiffworkflow:property name="behaviour" value="result_returned" />', "")
    (problem,) = dry_run("one_stop", unfinished)
    assert problem.text() == (
        "Đường chạy thử «Kiểm tra tính đầy đủ, hợp lệ: complete → Chuyển hồ sơ cho phòng chuyên môn → Thẩm định hồ sơ: "
        "result → Lãnh đạo phòng duyệt: approve → Ký quyết định: sign → Trả kết quả» đi hết sơ đồ mà hồ sơ vẫn ở "
        "trạng thái resolved: thiếu một phần tử mang hành vi kết thúc hồ sơ (result_returned, refused_at_reception, "
        "refused_after_review, dossier_stopped, dossier_withdrawn)."
    )


def test_a_choice_no_way_out_of_a_gateway_takes_is_refused_at_the_gateway():
    no_way = (
        ONE_STOP.replace(
            '<bpmn:exclusiveGateway id="completeness_checked" name="Kết quả kiểm tra?" default="flow_complete">',
            '<bpmn:exclusiveGateway id="completeness_checked" name="Kết quả kiểm tra?">',
        )
        .replace(
            '<bpmn:sequenceFlow id="flow_complete" name="Đầy đủ, hợp lệ" sourceRef="completeness_checked" '
            'targetRef="dossier_received" />',
            '<bpmn:sequenceFlow id="flow_complete" name="Đầy đủ, hợp lệ" sourceRef="completeness_checked" '
            'targetRef="dossier_received"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'
            'check_completeness["decision"] == "complete"</bpmn:conditionExpression></bpmn:sequenceFlow>',
        )
        .replace(
            'check_completeness["decision"] == "ineligible"', 'check_completeness["decision"] == "incomplete" and False'
        )
    )
    problems = dry_run("one_stop", no_way)
    assert [(p.element, p.name) for p in problems] == [("completeness_checked", "Kết quả kiểm tra?")]
    assert (
        problems[0]
        .text()
        .startswith("Đường chạy thử «Kiểm tra tính đầy đủ, hợp lệ: ineligible» dừng vì SpiffWorkflow báo lỗi:")
    )


def test_a_question_diagram_that_never_closes_a_sent_answer_is_refused():
    question = decode((DIAGRAMS_DIR / "question.bpmn").read_bytes())
    (problem,) = dry_run(
        "question", question.replace('<spiffworkflow:property name="behaviour" value="answer_sent" />', "")
    )
    assert problem.text() == (
        "Đường chạy thử «Phân loại, chuyển câu hỏi: accept → Trả lời câu hỏi: answer → Duyệt câu trả lời: send» đi hết "
        "sơ đồ mà câu hỏi vẫn ở trạng thái in_review: thiếu một phần tử mang hành vi kết thúc câu hỏi (answer_sent, "
        "answer_published, question_refused, question_out_of_scope)."
    )
