"""The catalog imported from the national procedure database's export: drafts created or updated with a field by
field report, never a publication; a malformed record refused alone; a dry run writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.catalog.national_import import import_export
from engine.catalog.national_records import ExportUnreadable
from engine.errors import NotAllowed
from engine.models import Event, Procedure, ProcedureDraft, ProcedureVersion

EXPORT = Path(__file__).with_name("national_export.json")
BIRTH, COPY, COMPANY, MOBILE_MARRIAGE = "1.001193", "2.000815", "2.001583", "1.000593"


@pytest.fixture
def province(runtime, demo):
    return runtime


def _outcomes(report) -> dict[str, str]:
    return {line.code: line.outcome for line in report.lines}


def _written(runtime) -> tuple[int, int, int, int]:
    """Procedures, drafts, versions and import events in the database."""
    with runtime.unit_of_work() as uow:
        session = uow.session
        return (
            session.scalar(select(func.count()).select_from(Procedure)),
            session.scalar(select(func.count()).select_from(ProcedureDraft)),
            session.scalar(select(func.count()).select_from(ProcedureVersion)),
            session.scalar(select(func.count()).where(Event.action == "procedure_draft_imported")),
        )


def _draft(runtime, code: str) -> dict:
    with runtime.unit_of_work() as uow:
        return uow.session.scalar(select(ProcedureDraft.entry).join(Procedure).where(Procedure.code == code))


def test_first_import_drafts_every_good_record_and_refuses_the_malformed_one(province):
    before = _written(province)
    report = import_export(province, EXPORT, username="quantri")
    assert _outcomes(report) == {
        BIRTH: "updated",
        COPY: "updated",
        COMPANY: "updated",
        MOBILE_MARRIAGE: "created",
        "1.0011": "refused",
    }
    refused = report.lines[-1]
    assert refused.position == 5 and "CapThucHien" in str(refused.error)
    procedures, drafts, versions, events = _written(province)
    assert (procedures, drafts, versions, events) == (before[0] + 1, before[1] + 4, before[2], before[3] + 4)
    created = _draft(province, MOBILE_MARRIAGE)
    assert created["slug"] == "tthc_1_000593" and created["name_vi"] == "Thủ tục đăng ký kết hôn lưu động"
    company = _draft(province, COMPANY)
    assert company["process_key"] and company["step_budgets"], "what the province drew is kept"
    assert {fee["name"]: fee.get("channel") for fee in company["fees"]} == {
        "Lệ phí đăng ký doanh nghiệp": "counter",
        "Phí công bố nội dung đăng ký doanh nghiệp": None,
        "Lệ phí đăng ký doanh nghiệp qua mạng điện tử": "online",
    }
    birth = _draft(province, BIRTH)
    assert birth["documents"][0]["blank"] == "declaration_birth_registration", "the blank form stays linked"
    assert birth["sources"][0].endswith("ma_thu_tuc=187805")
    assert "http://molao.hadong.hanoi.gov.vn/print-multi.php?in-thutuc=20855" in birth["sources"]


def test_a_second_import_reports_exactly_the_fields_that_changed(province, tmp_path):
    import_export(province, EXPORT, username="quantri")
    assert _outcomes(import_export(province, EXPORT, username="quantri")) == {
        BIRTH: "unchanged",
        COPY: "unchanged",
        COMPANY: "unchanged",
        MOBILE_MARRIAGE: "unchanged",
        "1.0011": "refused",
    }
    content = json.loads(EXPORT.read_text(encoding="utf-8"))
    company = content["data"][2]
    company["CachThucThucHien"][0]["PhiLePhi"][0]["SoTien"] = 100000
    company["CachThucThucHien"][1]["ThoiGian"] = 2
    # decomposed Vietnamese, as some exports write it: stored as NFC, so no change
    content["data"][0]["TenTTHC"] = "Thủ tục đăng ký khai sinh".replace("ủ", "u\u0309")
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")

    report = import_export(province, changed, username="quantri")

    assert _outcomes(report)[BIRTH] == "unchanged"
    line = next(line for line in report.lines if line.code == COMPANY)
    assert line.outcome == "updated"
    assert [change.field for change in line.changes] == ["times", "fees"]
    times = line.changes[0]
    assert times.old == [{"amount": 3, "unit": "working_days"}]
    assert times.new == [
        {"amount": 3, "unit": "working_days"},
        {"amount": 2, "unit": "working_days", "channel": "online"},
    ]
    assert line.changes[1].new[0] == {"name": "Lệ phí đăng ký doanh nghiệp", "amount_vnd": 100000, "channel": "counter"}
    assert _draft(province, COMPANY)["fees"][0]["amount_vnd"] == 100000


def test_a_dry_run_reports_the_same_and_writes_nothing(province):
    before = _written(province)
    report = import_export(province, EXPORT, username="quantri", dry_run=True)
    assert _outcomes(report)[MOBILE_MARRIAGE] == "created" and report.count("updated") == 3
    assert _written(province) == before


def test_only_an_administrator_or_the_agencys_procedure_manager_imports(province):
    before = _written(province)
    report = import_export(province, EXPORT, username="motcua.anhoa")
    assert {line.outcome for line in report.lines} == {"refused"}
    assert all(isinstance(line.error, NotAllowed) for line in report.lines[:4])
    assert _written(province) == before


def test_a_file_that_is_not_an_export_is_refused_whole(province, tmp_path):
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"procedures": 3}', encoding="utf-8")
    with pytest.raises(ExportUnreadable):
        import_export(province, wrong, username="quantri")
