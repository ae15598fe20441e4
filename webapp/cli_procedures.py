"""`motcua procedures`: check diagrams and the catalog, deploy and publish them, move running dossiers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale, gettext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.catalog.check import check_files, diagram_files
from engine.catalog.diagrams import generate
from engine.catalog.national_import import ImportLine, ImportReport, import_export
from engine.catalog.procedures import publish, read_catalog
from engine.catalog.step_tables import read_table
from engine.dossiers.migration import migrate_running
from engine.errors import DomainError
from engine.models import ProcessDefinition, WorkflowInstance
from engine.runtime import Runtime
from engine.workflow import elements
from engine.workflow.definitions import check, deploy, newest
from engine.workflow.problems import DiagramInvalid, Problem
from webapp import runtime
from webapp.domain_errors import error_text
from webapp.i18n import LOCALES

PATHS = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
LANGUAGE = click.option(
    "--language", type=click.Choice(LOCALES), default=LOCALES[0], show_default=True, help="language of the messages"
)


def _runtime() -> Runtime:
    return runtime(current_app)


def _echo_problems(problems: list[Problem], language: str) -> None:
    with force_locale(language):
        for problem in problems:
            click.echo(problem.located(gettext), err=True)


@click.group()
def procedures() -> None:
    """Procedures: their diagrams (BPMN) and catalog entries."""


@procedures.command("check")
@PATHS
@click.option("--static", is_flag=True, help="only the static checks, no dry run")
@LANGUAGE
@with_appcontext
def procedures_check(paths: tuple[Path, ...], static: bool, language: str) -> None:
    """Check diagrams (files or folders; default: the shipped diagrams and the catalog): every problem of every
    diagram, with its file, element and line; then a dry run of every path on a throwaway database."""
    report = check_files(paths, dry=not static, catalog=not paths)
    _echo_problems(report.problems, language)
    failed = {p.file for p in report.problems}
    for path in report.diagrams:
        if str(path) not in failed:
            click.echo(f"ok  {path}")
    for code, slug in report.procedures:
        click.echo(f"ok  {code}  {slug}")
    click.echo(
        f"{len(report.diagrams)} diagrams, {len(report.procedures)} procedures checked: "
        f"{len(report.problems)} problems."
    )
    if report.problems:
        raise SystemExit(1)


@procedures.command("deploy")
@PATHS
@click.option("--dry-run", is_flag=True, help="say what would become a new version, deploy nothing")
@LANGUAGE
@with_appcontext
def procedures_deploy(paths: tuple[Path, ...], dry_run: bool, language: str) -> None:
    """Deploy diagrams (default: the shipped ones): a changed diagram becomes a new version, running dossiers keep
    theirs. Each diagram is checked first; none is deployed if one is refused."""
    rt = _runtime()
    try:
        with rt.unit_of_work() as uow:
            for path in diagram_files(paths):
                before = newest(uow.session, path.stem, required=False)
                definition = deploy(uow.session, path.stem, elements.decode(path.read_bytes()), rt.clock.now())
                if definition is before:
                    click.echo(f"{definition.process_key}: unchanged, version {definition.version}")
                else:
                    verb = "would become" if dry_run else "deployed as"
                    click.echo(f"{definition.process_key}: {verb} version {definition.version}")
            if not dry_run:
                uow.commit()
            for key, version in sorted(_behind(uow.session).items()):
                click.echo(
                    f"{key}: running dossiers are on older versions; `motcua procedures migrate {key} --to {version}`"
                )
    except DiagramInvalid as invalid:
        _echo_problems([p.in_file(str(path)) for p in invalid.problems], language)
        raise SystemExit(1) from invalid


def _behind(session: Session) -> dict[str, int]:
    """{process key: its newest version} for the processes some running workflow is still on an older version of."""
    newest_of = {
        key: version
        for key, version in session.execute(
            select(ProcessDefinition.process_key, func.max(ProcessDefinition.version)).group_by(
                ProcessDefinition.process_key
            )
        )
    }
    running = session.execute(
        select(ProcessDefinition.process_key, ProcessDefinition.version)
        .join(WorkflowInstance, WorkflowInstance.process_definition_id == ProcessDefinition.id)
        .where(WorkflowInstance.completed.is_(False))
        .distinct()
    )
    return {key: newest_of[key] for key, version in running if version < newest_of[key]}


@procedures.command("publish")
@with_appcontext
def procedures_publish() -> None:
    """Publish the catalog (workflows/procedures): a changed procedure becomes a new version; its agencies must be
    in the organisation already."""
    rt = _runtime()
    try:
        with rt.unit_of_work() as uow:
            published = [publish(uow.session, entry, rt.clock.now(), tz=rt.tz) for entry in read_catalog()]
            uow.commit()
            lines = [f"{v.procedure.code}  {v.procedure.slug}  version {v.version}" for v in published]
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    click.echo("\n".join(lines))


@procedures.command("migrate")
@click.argument("process_key")
@click.option("--to", "to_version", type=int, required=True, help="the deployed version to move to")
@click.option("--dry-run", is_flag=True, help="say which dossiers would move and which cannot, move none")
@LANGUAGE
@with_appcontext
def procedures_migrate(process_key: str, to_version: int, dry_run: bool, language: str) -> None:
    """Move the running dossiers of a process to another deployed version (SpiffWorkflow's diff and migration):
    one transaction and one event per dossier; those whose current step the version lacks stay, listed with why."""
    try:
        migration = migrate_running(_runtime(), process_key=process_key, to_version=to_version, dry_run=dry_run)
    except DomainError as error:
        with force_locale(language):
            raise click.ClickException(error_text(error)) from error
    verb = "would move" if dry_run else "moved"
    for code, version in migration.moved:
        click.echo(f"{code}: {verb} from version {version} to {to_version}")
    with force_locale(language):
        for left in migration.left:
            reason = gettext(left.reason).format(**left.details)
            click.echo(f"{left.code}: stays on version {left.from_version}: {reason}", err=True)
    click.echo(f"{len(migration.moved)} {verb}, {len(migration.left)} left where they are.")


@procedures.command("generate")
@click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="the diagram to write")
@click.option("--name", default="", help="the procedure's name on the diagram (default: the table's file name)")
@LANGUAGE
@with_appcontext
def procedures_generate(table: Path, output: Path | None, name: str, language: str) -> None:
    """Write the BPMN diagram of a step table (quy trình nội bộ, CSV or XLSX: step, role, unit, working time) on the
    one-stop pattern, with its layout; the process key is the output's file name. The diagram is checked."""
    output = output or table.with_suffix(".bpmn")
    try:
        xml = generate(output.stem, name or table.stem.replace("_", " "), read_table(table))
        check(output.stem, xml)
    except DiagramInvalid as invalid:
        _echo_problems([p.in_file(str(table)) for p in invalid.problems], language)
        raise SystemExit(1) from invalid
    try:
        output.write_text(xml, encoding="utf-8")
    except OSError as error:
        raise click.ClickException(f"{output}: {error.strerror}") from error
    click.echo(f"{output}: written, checked")


@procedures.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--by", "username", required=True, help="the administrator or procedure manager importing")
@click.option("--dry-run", is_flag=True, help="report what would change, write nothing")
@click.option("--json", "as_json", is_flag=True, help="the report as JSON")
@LANGUAGE
@with_appcontext
def procedures_import(file: Path, username: str, dry_run: bool, as_json: bool, language: str) -> None:
    """Import procedures from the national procedure database's JSON export: each record becomes a draft of a new
    procedure, or a draft over the procedure with its code; nothing is published. Reports created, updated (field
    by field), unchanged and refused records; a refused record leaves nothing behind and stops no other."""
    try:
        report = import_export(_runtime(), file, username=username, dry_run=dry_run)
    except DomainError as error:
        with force_locale(language):
            raise click.ClickException(error_text(error)) from error
    with force_locale(language):
        lines = [_import_line(line) for line in report.lines]
    if as_json:
        counts = {outcome: report.count(outcome) for outcome in ("created", "updated", "unchanged", "refused")}
        click.echo(json.dumps({"dry_run": dry_run, "counts": counts, "records": lines}, ensure_ascii=False, indent=1))
    else:
        _echo_import(report, lines, dry_run)
    if report.count("refused"):
        raise SystemExit(1)


def _import_line(line: ImportLine) -> dict[str, Any]:
    found: dict[str, Any] = {"position": line.position, "code": line.code, "outcome": line.outcome}
    if line.changes:
        found["changes"] = [{"field": c.field, "old": c.old, "new": c.new} for c in line.changes]
    if line.error is not None:
        found["reason"] = error_text(line.error)
    return found


def _echo_import(report: ImportReport, lines: list[dict[str, Any]], dry_run: bool) -> None:
    for line in lines:
        label = f"#{line['position']} {line['code'] or '?'}: {line['outcome']}"
        click.echo(f"{label}: {line['reason']}" if "reason" in line else label, err="reason" in line)
        for change in line.get("changes", []):
            old, new = (json.dumps(change[k], ensure_ascii=False) for k in ("old", "new"))
            click.echo(f"    {change['field']}: {old} -> {new}")
    counts = ", ".join(f"{report.count(o)} {o}" for o in ("created", "updated", "unchanged", "refused"))
    click.echo(f"{counts}{' (dry run: nothing written)' if dry_run else ''}.")
