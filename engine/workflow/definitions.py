"""Deployed process definitions: BPMN files as numbered versions, parsed once per version and cached."""

from __future__ import annotations

import hashlib
import re
import threading
from datetime import datetime
from functools import cache
from pathlib import Path

from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from engine.errors import N_, NotFound
from engine.models import ProcessDefinition, User
from engine.workflow import elements
from engine.workflow.behaviours import annotate, subject_of
from engine.workflow.checks import process_problems
from engine.workflow.problems import DiagramInvalid, Problem
from engine.workflow.serializer import ParsedProcess
from engine.workflow.timers import use_injected_clock
from workflows import DIAGRAMS_DIR


class UnknownProcess(NotFound):
    """No deployed diagram has this key (and version): a missing thing, answered as any other (404)."""

    code = "unknown_process"
    message = N_("Chưa triển khai quy trình {process_key}.")


def parse(process_key: str, bpmn_xml: str) -> ParsedProcess:
    """Parse the diagram's executable process; what its elements name (behaviour, role, form, time) is kept on the
    task specs, and its timers read the injected clock. DiagramInvalid says where SpiffWorkflow stopped."""
    diagram = _read(process_key, bpmn_xml)
    return _parse(process_key, diagram, _executable_process(process_key, diagram))


def check(process_key: str, bpmn_xml: str) -> ParsedProcess:
    """The parsed process, or DiagramInvalid listing every problem: the static checks read the diagram as drawn,
    so that they are said even where SpiffWorkflow stops at its first refusal."""
    diagram = _read(process_key, bpmn_xml)
    process_id = _executable_process(process_key, diagram)
    problems = process_problems(diagram, process_id, subject_of(process_key))
    try:
        process = _parse(process_key, diagram, process_id)
    except DiagramInvalid as refused:
        said = {problem.element for problem in problems}
        problems += [problem for problem in refused.problems if problem.element not in said]
        raise DiagramInvalid(process_key, sorted(problems, key=lambda p: p.line or 0)) from refused
    if problems:
        raise DiagramInvalid(process_key, problems)
    return process


def _read(process_key: str, bpmn_xml: str) -> elements.Diagram:
    try:
        return elements.read(bpmn_xml)
    except DiagramInvalid as invalid:
        raise DiagramInvalid(process_key, invalid.problems) from invalid


def _parse(process_key: str, diagram: elements.Diagram, process_id: str) -> ParsedProcess:
    parser = SpiffBpmnParser()
    try:
        parser.add_bpmn_xml(diagram.root, filename=f"{process_key}.bpmn")
        process = ParsedProcess(
            parser.get_spec(process_id),
            parser.get_subprocess_specs(process_id, require_call_activity_specs=False),
            diagram,
        )
    except ValidationException as error:
        raise DiagramInvalid(process_key, [parser_problem(error, diagram)]) from error
    annotate(process.task_specs(), diagram.elements)
    use_injected_clock(process.task_specs())
    return process


def _executable_process(process_key: str, diagram: elements.Diagram) -> str:
    """The process to run: the one whose id is the process key, else the only executable one."""
    executable = [p.id for p in diagram.processes if p.executable]
    if process_key in executable:
        return process_key
    if len(executable) == 1:
        return executable[0]
    if not executable:
        first = diagram.processes[0] if diagram.processes else None
        problem = Problem(
            N_('Tệp không có quy trình nào chạy được: đặt isExecutable="true" cho quy trình (bpmn:process) cần chạy.'),
            element=first.id if first else "",
            name=first.name if first else "",
            line=first.line if first else None,
        )
    else:
        problem = Problem(
            N_("Tệp có nhiều quy trình chạy được ({ids}): đặt tên tệp theo mã của quy trình cần chạy."),
            {"ids": ", ".join(executable)},
        )
    raise DiagramInvalid(process_key, [problem])


def parser_problem(error: ValidationException, diagram: elements.Diagram) -> Problem:
    """SpiffWorkflow's refusal, with the element's id, name and line, and its words made whole."""
    text = _ELEMENT_REPR.sub(lambda m: f"<{m[1]}>", error.args[0] if error.args else str(error))
    element = diagram.elements.get(error.id)
    line = error.line_number or (element.line if element else None) or _line_of(diagram, error.id)
    tag = (error.tag or "").removeprefix("bpmn:") or (element.tag if element else "")
    for english, vietnamese in _SPIFF_MESSAGES.items():
        if text.startswith(english):
            return Problem(vietnamese, {"tag": tag}, error.id, error.name, line)
    return Problem(
        N_("SpiffWorkflow không đọc được phần tử {tag}: {error}"),
        {"tag": tag, "error": text},
        error.id,
        error.name,
        line,
    )


def _line_of(diagram: elements.Diagram, element_id: str) -> int | None:
    found = diagram.root.xpath("//*[@id=$id]", id=element_id) if element_id else []
    return found[0].sourceline if found else None


_ELEMENT_REPR = re.compile(r"<Element \{[^}]*\}(\w+) at 0x[0-9a-f]+>")
_SPIFF_MESSAGES = {
    "Multiple outgoing flows are not supported for tasks of type": N_(
        "Phần tử {tag} có nhiều luồng ra: chỉ cổng (gateway) mới rẽ nhánh; thêm một cổng sau phần tử này."
    ),
    "A loopMaximum or loopCondition must be specified": N_(
        "Bước lặp cần số lần lặp tối đa (loopMaximum) hoặc điều kiện lặp (loopCondition)."
    ),
    "A multiinstance task must specify": N_(
        "Bước nhiều phiên bản cần đúng một trong hai: số phiên bản (loopCardinality) hoặc danh sách (loopDataInputRef)."
    ),
}


def deploy(
    session: Session, process_key: str, bpmn_xml: str, at: datetime, actor: User | None = None
) -> ProcessDefinition:
    """Deploy a checked diagram as the next version, unless the newest version has the same content."""
    check(process_key, bpmn_xml)
    sha256 = hashlib.sha256(bpmn_xml.encode()).hexdigest()
    latest = newest(session, process_key, required=False)
    if latest is not None and latest.sha256 == sha256:
        return latest
    definition = ProcessDefinition(
        process_key=process_key,
        version=latest.version + 1 if latest else 1,
        bpmn_xml=bpmn_xml,
        sha256=sha256,
        deployed_by_id=actor.id if actor else None,
        deployed_at=at,
    )
    session.add(definition)
    session.flush()
    return definition


def shipped_diagrams(directory: Path = DIAGRAMS_DIR) -> list[Path]:
    """The diagrams shipped in workflows/; the file name is the process key."""
    return sorted(directory.glob("*.bpmn"))


def deploy_shipped(session: Session, at: datetime) -> list[ProcessDefinition]:
    """Deploy every shipped diagram (a no-op for those already deployed unchanged)."""
    return [deploy(session, path.stem, elements.decode(path.read_bytes()), at) for path in shipped_diagrams()]


def newest(session: Session, process_key: str, *, required: bool = True) -> ProcessDefinition | None:
    """The version new dossiers start with."""
    definition = session.scalar(_newest(), {"process_key": process_key})
    if definition is None and required:
        raise UnknownProcess(process_key=process_key)
    return definition


@cache
def _newest() -> Select[tuple[ProcessDefinition]]:
    """Built once (building it cost a submission about as much as running it); its parameter is `process_key`."""
    return (
        select(ProcessDefinition)
        .where(ProcessDefinition.process_key == bindparam("process_key"))
        .order_by(ProcessDefinition.version.desc())
        .limit(1)
    )


def deployed(session: Session, process_key: str, version: int | None = None) -> ProcessDefinition:
    """A deployed version of the process: `version` when given (a catalog entry pins it), else the newest."""
    if version is None:
        return newest(session, process_key)
    definition = session.scalar(
        select(ProcessDefinition).where(
            ProcessDefinition.process_key == process_key, ProcessDefinition.version == version
        )
    )
    if definition is None:
        raise UnknownProcess(process_key=f"{process_key} v{version}")
    return definition


_parsed: dict[tuple[str, str], ParsedProcess] = {}
_parsed_lock = threading.Lock()


def parsed(definition: ProcessDefinition) -> ParsedProcess:
    """The parsed spec of a deployed version, parsed once per process (keyed by content, which never changes)."""
    key = (definition.process_key, definition.sha256)
    process = _parsed.get(key)
    if process is None:
        process = parse(definition.process_key, definition.bpmn_xml)
        with _parsed_lock:
            _parsed[key] = process
    return process
