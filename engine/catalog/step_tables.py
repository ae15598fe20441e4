"""A procedure's internal process (quy trình nội bộ) as a province publishes it: a table of steps, each with who does
it, the unit and its working time, read from CSV or XLSX; and what each step becomes on the one-stop pattern."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from openpyxl import load_workbook

from engine.errors import N_
from engine.models import Role
from engine.text import fold, nfc
from engine.workflow.lanes import role_named
from engine.workflow.problems import DiagramInvalid, Problem, Said
from sla.deadlines import Duration

COLUMNS = {  # a column's header, as tables write it (compared without accents or case; a longer header starting so)
    "step": ("step", "bước", "nội dung công việc", "nội dung", "công việc", "tên bước", "trình tự"),
    "role": ("role", "vai trò", "trách nhiệm", "người thực hiện", "phân công nhiệm vụ", "chủ thể thực hiện"),
    "unit": ("unit", "đơn vị", "đơn vị thực hiện", "cơ quan thực hiện"),
    "working_time": ("working_time", "thời gian", "thời gian thực hiện", "thời gian giải quyết", "thời hạn"),
    "behaviour": ("behaviour", "hành vi"),
}
NO_TIME = frozenset({"", "-", "không tính thời gian", "không tính", "0"})
LEADERS = frozenset({Role.DEPARTMENT_LEADER, Role.AGENCY_LEADER})
ROLES = frozenset({Role.RECEPTION_CLERK, Role.SPECIALIST, *LEADERS})
TABLE_BEHAVIOURS = ("check_completeness", "review", "department_approval", "sign", "return_result")
_NUMBERED = re.compile(r"^\s*(bước|buoc|b)\s*\d+[a-z]?\s*[:.)-]?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class TableStep:
    """One row of the table and what it becomes: its behaviour on the one-stop pattern ("" for a plain step)."""

    row: int
    name: str
    role: Role
    role_text: str
    unit: str
    time_text: str
    budget: Duration | None
    behaviour: str = ""


def read_table(path: Path) -> list[TableStep]:
    """The steps of a CSV (UTF-8) or XLSX table, each with its behaviour; DiagramInvalid lists every problem,
    each at its row."""
    try:
        rows = list(_xlsx_rows(path.read_bytes()) if path.suffix.lower() == ".xlsx" else _csv_rows(path.read_bytes()))
    except (OSError, ValueError, KeyError) as error:
        raise DiagramInvalid(path.stem, [Problem(N_("Không đọc được bảng: {error}"), {"error": str(error)})]) from error
    if not rows:
        raise DiagramInvalid(path.stem, [Problem(N_("Bảng không có dòng nào."))])
    columns, problems = _columns(rows[0])
    if problems:
        raise DiagramInvalid(path.stem, problems)
    steps = []
    for number, values in enumerate(rows[1:], start=2):
        cells = {name: (values[i] if i < len(values) else "").strip() for name, i in columns.items()}
        if not any(cells.values()):
            continue
        step, found = _step(number, cells, hours="giờ" in rows[0][columns.get("working_time", 0)].lower())
        problems += found
        if step is not None:
            steps.append(step)
    if not problems:
        steps, problems = _on_the_pattern(steps)
    if problems:
        raise DiagramInvalid(path.stem, problems)
    return steps


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError("bảng CSV phải lưu với bảng mã UTF-8") from error
    dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    yield from ([nfc(cell) for cell in row] for row in csv.reader(io.StringIO(text), dialect))


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    for values in sheet.iter_rows(values_only=True):
        yield ["" if v is None else nfc(f"{v:g}" if isinstance(v, float) else str(v)) for v in values]


def _columns(header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    """{column: its position}, from the header's words."""
    found: dict[str, int] = {}
    for position, title in enumerate(header):
        key = fold(title)
        for column, names in COLUMNS.items():
            if column not in found and any(key == fold(n) or key.startswith(fold(n) + " ") for n in names):
                found[column] = position
                break
    missing = [c for c in ("step", "role", "working_time") if c not in found]
    if missing:
        words = ", ".join(f"{c} ({COLUMNS[c][1]})" for c in missing)
        return found, [Problem(N_("Dòng tiêu đề thiếu cột {columns}."), {"columns": words}, line=1)]
    return found, []


def _step(row: int, cells: dict[str, str], *, hours: bool) -> tuple[TableStep | None, list[Problem]]:
    problems = []
    name = _NUMBERED.sub("", cells["step"]).strip()
    if not name:
        problems.append(Problem(N_("Dòng này thiếu tên bước."), {}, line=row))
    role = role_named(cells["role"])
    if role is None or role not in ROLES:
        problems.append(
            Problem(
                N_(
                    "«{role}» không ứng với vai trò nào của quy trình một cửa; ghi một vai trò như "
                    "«Bộ phận một cửa», «Chuyên viên», «Lãnh đạo phòng», «Lãnh đạo Sở» (workflows/lanes.json)."
                ),
                {"role": cells["role"]},
                line=row,
            )
        )
    time_text = cells["working_time"]
    budget = None
    if fold(time_text) not in {fold(t) for t in NO_TIME}:
        written = f"{time_text} giờ" if hours and _is_number(time_text) else time_text
        written = f"{written} ngày" if _is_number(written) else written
        try:
            budget = Duration.parse_working(written)
        except ValueError:
            problems.append(
                Problem(
                    N_("Thời gian «{text}» không đọc được; viết như 0,5 ngày, 04 giờ, 02 ngày làm việc."),
                    {"text": time_text},
                    line=row,
                )
            )
    behaviour = cells.get("behaviour", "")
    if behaviour and behaviour not in TABLE_BEHAVIOURS:
        problems.append(
            Problem(
                N_("Hành vi «{behaviour}» không dùng được trong bảng; dùng {behaviours} hoặc để trống."),
                {"behaviour": behaviour, "behaviours": ", ".join(TABLE_BEHAVIOURS)},
                line=row,
            )
        )
    if problems:
        return None, problems
    return TableStep(row, name, role, cells["role"], cells.get("unit", ""), time_text, budget, behaviour), []


def _is_number(text: str) -> bool:
    return re.fullmatch(r"\d+(?:[.,]\d+)?", text.strip()) is not None


def _on_the_pattern(steps: list[TableStep]) -> tuple[list[TableStep], list[Problem]]:
    """Each step's behaviour on the one-stop pattern, unless the table names it: the first step is the reception
    check, the last the return of the result, the first specialist's step the review, the last leader's the
    signature, the leaders' steps between them approvals with send-back; the others are plain steps."""
    if len(steps) < 3:
        return steps, [Problem(N_("Bảng cần ít nhất ba bước: tiếp nhận, giải quyết, trả kết quả."))]
    problems = []
    for step, what in ((steps[0], N_("tiếp nhận hồ sơ")), (steps[-1], N_("trả kết quả"))):
        if step.role is not Role.RECEPTION_CLERK:
            problems.append(
                Problem(
                    N_("Bước {what} do Bộ phận một cửa làm, không phải «{role}»."),
                    {"what": Said(what), "role": step.role_text},
                    line=step.row,
                )
            )
    middle = list(range(1, len(steps) - 1))
    review = next((i for i in middle if steps[i].behaviour == "review"), None)
    review = review if review is not None else next((i for i in middle if steps[i].role is Role.SPECIALIST), None)
    if review is None:
        problems.append(Problem(N_("Bảng không có bước nào của chuyên viên: cần một bước thẩm định hồ sơ.")))
        return steps, problems
    leaders = [i for i in middle if i > review and steps[i].role in LEADERS]
    sign = next((i for i in middle if steps[i].behaviour == "sign"), None)
    sign = (
        sign if sign is not None else max(leaders, key=lambda i: (steps[i].role is Role.AGENCY_LEADER, i), default=None)
    )
    if sign is None:
        problems.append(
            Problem(N_("Bảng không có bước nào của lãnh đạo sau bước thẩm định: cần một bước lãnh đạo ký kết quả."))
        )
        return steps, problems
    fixed = {0: "check_completeness", len(steps) - 1: "return_result", review: "review", sign: "sign"}
    planned = []
    for i, step in enumerate(steps):
        approval = "department_approval" if review < i < sign and step.role in LEADERS else ""
        planned.append(replace(step, behaviour=step.behaviour or fixed.get(i, approval)))
    return planned, problems
