"""`motcua procedures check`: every problem of every diagram file and of the catalog, each where it is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from engine.catalog.dry_run import dry_run
from engine.catalog.procedures import CatalogInvalid, read_catalog
from engine.errors import N_
from engine.workflow import elements
from engine.workflow.definitions import check, shipped_diagrams
from engine.workflow.problems import DiagramInvalid, Problem
from workflows import PROCEDURES_DIR


@dataclass
class Report:
    """What was checked and what is wrong; `problems` carry their file."""

    diagrams: list[Path] = field(default_factory=list)
    procedures: list[tuple[str, str]] = field(default_factory=list)  # (code, slug) of each catalog entry checked
    problems: list[Problem] = field(default_factory=list)


def diagram_files(paths: Iterable[Path]) -> list[Path]:
    """The BPMN files named, and those under the folders named, in order; the shipped ones when none is named."""
    found: list[Path] = []
    for path in paths:
        found += sorted(path.rglob("*.bpmn")) if path.is_dir() else [path]
    return found or shipped_diagrams()


def check_files(paths: Iterable[Path], *, dry: bool, catalog: bool) -> Report:
    """Check each diagram (statically, then, with `dry`, by a dry run when it passed) and, with `catalog`, the
    shipped catalog and the diagrams its entries name."""
    report = Report(diagram_files(paths))
    for path in report.diagrams:
        report.problems += [p.in_file(str(path)) for p in check_diagram(path, dry=dry)]
    if catalog:
        report.problems += _catalog_problems(report)
    return report


def check_diagram(path: Path, *, dry: bool) -> list[Problem]:
    """The problems of one diagram file; the process key is its file name."""
    try:
        text = elements.decode(path.read_bytes())
        check(path.stem, text)
    except OSError as error:
        return [Problem(N_("Không đọc được tệp: {error}"), {"error": error.strerror or str(error)})]
    except DiagramInvalid as invalid:
        return invalid.problems
    return dry_run(path.stem, text) if dry else []


def _catalog_problems(report: Report) -> list[Problem]:
    try:
        entries = read_catalog()
    except CatalogInvalid as invalid:
        return [Problem(invalid.message, invalid.details, file=str(PROCEDURES_DIR))]
    report.procedures = [(entry.data["code"], entry.data["slug"]) for entry in entries]
    keys = {path.stem for path in report.diagrams} | {path.stem for path in shipped_diagrams()}
    return [
        Problem(
            N_("Thủ tục {slug} dùng quy trình {process_key}, nhưng không có sơ đồ {process_key}.bpmn."),
            {"slug": entry.data["slug"], "process_key": entry.data["process_key"]},
            file=str(entry.path),
        )
        for entry in entries
        if entry.data["process_key"] not in keys
    ]
