"""The budget of one evaluation of a diagram's script, condition or timer: how many lines it may run, how deep it
may call, how large what it builds may be. Exceeding it stops the evaluation (and so the step) instead of hanging
or bloating the worker."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from engine.errors import N_

MAX_LINES = 200_000  # lines run, loop iterations included: a data-shaping script needs a few hundred
MAX_DEPTH = 50  # nested calls of the script's own lambdas
MAX_ITEMS = 100_000  # elements of a list, tuple or range
MAX_CHARS = 1_000_000  # characters of a string (bytes of a bytes)
MAX_INT_BITS = 10_000  # about 3,000 decimal digits
SCRIPT_FILE = "<string>"  # the file name RestrictedPython compiles with, the one SpiffWorkflow reports lines of

LINES = N_("chạy quá số dòng lệnh cho phép")
DEPTH = N_("gọi lồng nhau quá sâu")
ITEMS = N_("tạo ra danh sách hoặc range quá dài")
CHARS = N_("tạo ra chuỗi quá dài")
DIGITS = N_("tạo ra số quá lớn")


class BudgetExceeded(BaseException):
    """The evaluation went over its budget. A BaseException, so that nothing on the way (the script, SpiffWorkflow's
    `except Exception`) swallows it; `reason` is a fixed Vietnamese phrase, `limit` the bound it crossed."""

    def __init__(self, reason: str, limit: int) -> None:
        self.reason = reason
        self.limit = limit
        super().__init__(f"{reason} ({written(limit)})")


def written(number: int) -> str:
    """A limit as Vietnamese write it: 200.000."""
    return f"{number:,}".replace(",", ".")


def check_items(count: int) -> None:
    if count > MAX_ITEMS:
        raise BudgetExceeded(ITEMS, MAX_ITEMS)


def check_chars(count: int) -> None:
    if count > MAX_CHARS:
        raise BudgetExceeded(CHARS, MAX_CHARS)


def check_bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise BudgetExceeded(DIGITS, MAX_INT_BITS)


@contextmanager
def line_budget() -> Iterator[None]:
    """Count the lines the script's own code runs (not our helpers'), in this thread only, while the block runs."""
    lines = depth = 0

    def local(frame: FrameType, event: str, _arg: Any) -> Any:
        nonlocal lines, depth
        if event == "line":
            lines += 1
            if lines > MAX_LINES:
                raise BudgetExceeded(LINES, MAX_LINES)
        elif event == "return":
            depth -= 1
        return local

    def calls(frame: FrameType, event: str, _arg: Any) -> Any:
        nonlocal depth
        if frame.f_code.co_filename != SCRIPT_FILE:
            return None
        depth += 1
        if depth > MAX_DEPTH:
            raise BudgetExceeded(DEPTH, MAX_DEPTH)
        return local

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        yield
    finally:
        sys.settrace(previous)
