"""Deployed process definitions: BPMN files as numbered versions, parsed once per version and cached."""

from __future__ import annotations

import hashlib
import threading
from datetime import datetime
from pathlib import Path

from lxml.etree import XMLSyntaxError
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import DomainError
from engine.models import ProcessDefinition, User
from engine.workflow.checks import process_problems
from engine.workflow.serializer import ParsedProcess
from engine.workflow.timers import use_injected_clock
from forms.validation import form_names
from workflows import DIAGRAMS_DIR


class DiagramInvalid(DomainError):
    code = "diagram_invalid"
    message = "Sơ đồ quy trình {process_key} không hợp lệ: {problems}"


class UnknownProcess(DomainError):
    code = "unknown_process"
    message = "Chưa triển khai quy trình {process_key}."


def parse(process_key: str, bpmn_xml: str) -> ParsedProcess:
    """Parse one process of a BPMN document; its timers read the injected clock."""
    try:
        parser = SpiffBpmnParser()
        parser.add_bpmn_str(bpmn_xml.encode(), filename=f"{process_key}.bpmn")
        spec = parser.get_spec(process_key)
        subprocess_specs = parser.get_subprocess_specs(process_key)
    except (ValidationException, XMLSyntaxError, ValueError) as error:
        raise DiagramInvalid(process_key=process_key, problems=str(error)) from error
    use_injected_clock(spec, *subprocess_specs.values())
    return ParsedProcess(spec, subprocess_specs)


def check(process_key: str, bpmn_xml: str) -> ParsedProcess:
    """The parsed process, or DiagramInvalid listing every problem found."""
    process = parse(process_key, bpmn_xml)
    problems = process_problems(process, form_names())
    if problems:
        raise DiagramInvalid(process_key=process_key, problems="; ".join(problems))
    return process


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
    return [deploy(session, path.stem, path.read_text(encoding="utf-8"), at) for path in shipped_diagrams()]


def newest(session: Session, process_key: str, *, required: bool = True) -> ProcessDefinition | None:
    """The version new dossiers start with."""
    definition = session.scalar(
        select(ProcessDefinition)
        .where(ProcessDefinition.process_key == process_key)
        .order_by(ProcessDefinition.version.desc())
        .limit(1)
    )
    if definition is None and required:
        raise UnknownProcess(process_key=process_key)
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
