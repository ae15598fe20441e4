"""Result documents (kết quả giải quyết): each procedure's result drawn with its catalog template
(`forms/results/<kind>.html`) from the dossier, the applicant's declaration and the decided content the specialist
filled in; the number and the date are left blank on the page the leader previews, and written in the same places at
signing (engine.documents.marks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from engine.documents.marks import Mark, MarkLine
from engine.models import AgencyTier, Dossier
from engine.settings import Settings
from engine.text import vnd
from forms.results import subject_of
from reports.documents import province_name, return_text
from reports.pdf import render_template_pdf

TEMPLATE_OF_KIND = {"decision": "decision"}  # every other kind is laid out as a certificate
OFFICE_OF_TIER = {
    AgencyTier.COMMUNE: "CHỦ TỊCH",
    AgencyTier.PROVINCIAL_AGENCY: "GIÁM ĐỐC",
    AgencyTier.PROVINCE: "CHỦ TỊCH",
}


@dataclass(frozen=True)
class Box:
    """A place on the first page, in millimetres from the top left corner of the page area (inside the margins)."""

    left: float
    top: float
    width: float
    height: float


PAGE_LEFT, PAGE_TOP = 30, 20  # millimetres: the left and top margins of print.css
MARK_SIZE = 13  # points, the size of print.css
SERIF = ("Liberation Serif", "Times New Roman", "DejaVu Serif", "serif")  # the families of print.css, in its order
NUMBER_BOX = Box(left=0, top=26, width=64, height=7)  # under the agency's name: "Số: 15/QĐ-STC"
DATE_BOX = Box(left=66, top=26, width=99, height=7)  # under the national motto: "Thái An, ngày ... tháng ... năm ..."


@dataclass(frozen=True)
class ResultDocuments:
    """The engine's result renderer (engine.documents.previews.ResultRenderer)."""

    tz: ZoneInfo

    @classmethod
    def of(cls, settings: Settings) -> ResultDocuments:
        return cls(ZoneInfo(settings.timezone))

    def preview(self, dossier: Dossier, at: datetime) -> bytes:
        result = dossier.procedure_version.result
        template = result.get("template") or TEMPLATE_OF_KIND.get(result.get("kind", ""), "certificate")
        return render_template_pdf(
            f"results/{template}.html",
            **self._common(dossier),
            result=result,
            title=result.get("title", "QUYẾT ĐỊNH"),
            **_about(dossier),
            return_text=return_text(dossier),
            office=_office(dossier),
            matter=matter_of(dossier.procedure_version.name_vi),
            received=dossier.received_at.astimezone(self.tz).strftime("%d/%m/%Y") if dossier.received_at else "",
        )

    def mark(self, dossier: Dossier, reference: str, at: datetime) -> Mark:
        day = at.astimezone(self.tz)
        date = f"{province_name(dossier.resolving_agency)}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
        return Mark(
            lines=(_line(f"Số: {reference}", NUMBER_BOX), _line(date, DATE_BOX, italic=True)),
            size=MARK_SIZE,
            families=SERIF,
        )

    def _common(self, dossier: Dossier) -> dict[str, Any]:
        issuer = dossier.resolving_agency
        return {
            "dossier": dossier,
            "version": dossier.procedure_version,
            "issuer": issuer,
            "place": province_name(issuer),
            "number_box": NUMBER_BOX,
            "date_box": DATE_BOX,
        }


def _line(text: str, box: Box, *, italic: bool = False) -> MarkLine:
    """`text` in `box` of the page area, as register_boxes.html places it on the preview."""
    return MarkLine(text, PAGE_LEFT + box.left, PAGE_TOP + box.top, box.width, box.height, italic)


def matter_of(procedure_name: str) -> str:
    """What a decision is about, from the procedure's name: "Thủ tục đăng ký khai tử" -> "đăng ký khai tử"."""
    name = procedure_name.removeprefix("Thủ tục ").removeprefix("thủ tục ")
    return name[:1].lower() + name[1:]


def decided_content(fields: list[dict[str, Any]], values: dict[str, Any]) -> list[tuple[str, str]]:
    """(title, printed value) of each result field the specialist filled in, in the catalog's order."""
    return [(f["title"], _printed(values[f["name"]], f.get("type", "text"))) for f in fields if f["name"] in values]


def _printed(value: Any, kind: str) -> str:
    if kind == "date" and isinstance(value, str):
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if kind == "money" and isinstance(value, int):
        return f"{vnd(value)} đồng"
    return str(value)


def _about(dossier: Dossier) -> dict[str, Any]:
    """The decided content, and the (label, name) of what the document is about when it is not the applicant and
    the decided content does not already name it (the specialist is always asked for it: `forms.results.asked`)."""
    result = dossier.procedure_version.result
    decided = decided_content(result.get("fields", []), dossier.result_draft)
    subject = subject_of(result, dossier.result_draft)
    named = subject is not None and subject[1] not in {printed for _title, printed in decided}
    return {"decided": decided, "subject": subject if named else None}


def _office(dossier: Dossier) -> str:
    """Who signs for the agency, as the signature block says it."""
    agency = dossier.resolving_agency
    return OFFICE_OF_TIER.get(agency.tier, "THỦ TRƯỞNG CƠ QUAN")
