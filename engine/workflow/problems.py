"""What is wrong with a diagram, said where it is: the file, the element's id and name, the line."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from engine.errors import N_, DomainError


@dataclass(frozen=True)
class Problem:
    """One problem; `message` is a Vietnamese template (marked with N_) formatted with `details`."""

    message: str
    details: Mapping[str, Any] = field(default_factory=dict)
    element: str = ""
    name: str = ""
    line: int | None = None
    file: str = ""

    def text(self, translate: Callable[[str], str] = lambda text: text) -> str:
        """The message alone, in the language `translate` gives (Vietnamese by default)."""
        return translate(self.message).format(**{k: _said(v, translate) for k, v in self.details.items()})

    def located(self, translate: Callable[[str], str] = lambda text: text) -> str:
        """`file:line: element «name»: message`, leaving out what is unknown."""
        where = ":".join(str(part) for part in (self.file, self.line) if part)
        element = f"{self.element} «{self.name}»" if self.name else self.element
        return ": ".join(part for part in (where, element, self.text(translate)) if part)

    def in_file(self, file: str) -> Problem:
        return replace(self, file=self.file or file)


class Said(str):
    """A fixed phrase passed as a detail, translated with the message (marked with N_ where it is written)."""


def _said(value: Any, translate: Callable[[str], str]) -> Any:
    return translate(value) if isinstance(value, Said) else value


class DiagramInvalid(DomainError):
    """A diagram the engine could not run as drawn; `problems` says every reason found, each where it is."""

    code = "diagram_invalid"
    message = N_("Sơ đồ quy trình {process_key} không hợp lệ: {problems}")

    def __init__(self, process_key: str, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(process_key=process_key, problems="; ".join(p.located() for p in problems))
