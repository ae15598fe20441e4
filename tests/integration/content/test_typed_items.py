"""Schedules, budget, prices, investment, procurement and statistics items: their own fields checked one by one,
kept with the item, searchable without accents, and due as their type says."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from engine.content.drafts import ItemDraft
from engine.content.queries import published_items
from engine.errors import InvalidData
from engine.models import ContentItem, ContentType
from tests.integration.content.conftest import Board

SCHEDULE = {
    "week": "2026-W49",
    "entries": [
        {
            "day": "2026-12-02",
            "time": "08:00",
            "leader": "Giám đốc Sở Đỗ Văn Hùng",
            "leader_en": "Director Đỗ Văn Hùng",
            "content": "Họp giao ban công tác hộ tịch",
            "place": "Phòng họp Sở Tư pháp",
        }
    ],
}
TYPED = {
    ContentType.SCHEDULE: (SCHEDULE, "giao ban ho tich"),
    ContentType.BUDGET: ({"fiscal_year": "2027", "period": "Cả năm", "document_kind": "estimate"}, "ca nam"),
    ContentType.PRICES: (
        {
            "item": "Nước sạch sinh hoạt",
            "unit": "m³",
            "price": "9.800",
            "effective_on": "2027-01-01",
            "deciding_document": "Quyết định 21/2026/QĐ-UBND",
        },
        "nuoc sach",
    ),
    ContentType.INVESTMENT: (
        {
            "name": "Đường ven biển Thái An",
            "investor": "Ban Quản lý dự án giao thông",
            "location": "Tân Lập",
            "total_investment": 2_450_000_000_000,
            "funding_source": "Ngân sách tỉnh",
            "timeline": "2026–2029",
            "status": "in_progress",
            "decision_number": "1234/QĐ-UBND",
        },
        "duong ven bien",
    ),
    ContentType.PROCUREMENT: (
        {
            "package": "Mua sắm máy tính cho bộ phận một cửa",
            "procuring_entity": "Văn phòng UBND tỉnh",
            "method": "open_bidding",
            "value_estimate": "2.160.000.000",
            "closes_at": "2026-12-20T09:00",
        },
        "may tinh mot cua",
    ),
    ContentType.STATISTICS: ({"period": "Tháng 11/2026", "domain": "Kinh tế – xã hội"}, "kinh te xa hoi"),
}


def _draft(content_type: ContentType, fields: dict) -> ItemDraft:
    return ItemDraft(
        content_type=content_type.value,
        title=f"Thông tin {content_type.value} của tỉnh",
        event_on="" if content_type is ContentType.SCHEDULE else "2026-11-27",
        fields=fields,
    )


@pytest.mark.parametrize("content_type", list(TYPED))
def test_a_typed_item_keeps_its_fields_and_is_found_without_accents(board: Board, content_type: ContentType):
    fields, words = TYPED[content_type]
    code = board.submit(_draft(content_type, fields), by="ctv.stp")
    board.publish(code)
    item = board.item(code)
    amounts = ("price", "value_estimate")  # typed with thousands separators, kept as whole đồng
    assert item.fields == {k: int(v.replace(".", "")) if k in amounts else v for k, v in fields.items()}
    with board.runtime.unit_of_work() as uow:
        found = published_items(uow.session, content_type, search=words).items
        assert [i.code for i in found] == [code]
        assert published_items(uow.session, content_type, search="khong co tu nay").items == []


def test_each_broken_field_gets_its_own_message_and_nothing_is_written(board: Board):
    broken = {
        "package": "",
        "procuring_entity": "Văn phòng UBND tỉnh",
        "method": "lottery",
        "value_estimate": "hai tỷ",
        "closes_at": "2026-12-20",
    }
    with pytest.raises(InvalidData) as refused:
        board.submit(_draft(ContentType.PROCUREMENT, broken), by="ctv.stp")
    assert refused.value.errors == {
        "f-package": "Tên gói thầu: bắt buộc nhập, tối đa 255 ký tự.",
        "f-method": "Hình thức lựa chọn nhà thầu: chọn một giá trị trong danh sách.",
        "f-value_estimate": "Giá gói thầu (đồng): số tiền (đồng) không hợp lệ.",
        "f-closes_at": "Thời điểm đóng thầu: ngày giờ không hợp lệ.",
    }
    with board.runtime.unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(ContentItem)) == 0


def test_a_schedule_line_outside_its_week_and_a_bad_time_are_named_by_line(board: Board):
    entries = [SCHEDULE["entries"][0], {**SCHEDULE["entries"][0], "day": "2026-12-09", "time": "8h"}]
    with pytest.raises(InvalidData) as refused:
        board.submit(_draft(ContentType.SCHEDULE, {**SCHEDULE, "entries": entries}), by="ctv.stp")
    assert refused.value.errors == {
        "f-entries-1-time": "Giờ: giờ không hợp lệ (giờ:phút).",
        "f-entries-1-day": "Ngày: phải thuộc tuần đã chọn.",
    }
    with pytest.raises(InvalidData) as empty:
        board.submit(_draft(ContentType.SCHEDULE, {"week": "2026-W49", "entries": []}), by="ctv.stp")
    assert empty.value.errors == {"f-entries": "Lịch trong tuần: cần từ 1 đến 60 dòng."}
    with pytest.raises(InvalidData) as no_such_week:  # 2026 has 53 ISO weeks, 2027 has 52
        board.submit(_draft(ContentType.SCHEDULE, {**SCHEDULE, "week": "2027-W53"}), by="ctv.stp")
    assert no_such_week.value.errors == {"f-week": "Tuần: tuần không hợp lệ."}


def test_a_schedule_is_due_when_its_week_begins_and_the_others_five_working_days_after_signing(board: Board):
    schedule = board.submit(_draft(ContentType.SCHEDULE, SCHEDULE), by="ctv.stp")
    budget = board.submit(_draft(ContentType.BUDGET, TYPED[ContentType.BUDGET][0]), by="ctv.stp")
    assert board.item(schedule).due_at == datetime.fromisoformat("2026-11-30T00:00+07:00")
    assert board.item(budget).due_at == datetime.fromisoformat("2026-12-04T17:00+07:00")  # signed Friday 27/11
