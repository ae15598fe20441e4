"""The `motcua` command: database set-up, demo data, the web app and the scheduler."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from engine.catalog.organisation import load_organisation, read_organisation
from engine.content.demo import load_demo_content
from engine.db import upgrade
from engine.demo import DEMO_PASSWORD, load_demo_data
from engine.demo_history import WEEKS, load_demo_history
from engine.documents.demo_ca import DEMO_PIN
from engine.documents.signatures import load_trust_roots, verify_pdf
from engine.dossiers.migration import migrate_running
from engine.errors import DomainError, InvalidData, NotFound
from engine.logs import configure_logging
from engine.models import BackupStatus
from engine.operations.backups import back_up
from engine.operations.lease import Lease
from engine.operations.snapshot import BackupError, restore_backup
from engine.people.staff import first_administrator
from engine.questions.demo import load_demo_questions
from engine.questions.topics import seed_topics
from engine.runtime import Runtime
from engine.workflow import definitions
from engine.workflow.definitions import shipped_diagrams
from sla.scheduler import build_scheduler, run_until_stopped
from webapp import create_app, runtime
from webapp.cli_api_keys import api_keys
from webapp.cli_audit import audit
from webapp.cli_payments import payments
from webapp.cli_procedures import procedures
from webapp.cli_storage import storage
from webapp.serving import serve_app


def _runtime() -> Runtime:
    return runtime(current_app)


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False, add_version_option=False)
def main() -> None:
    """Một Cửa: one-stop dossier processing."""


main.add_command(procedures)
main.add_command(audit)
main.add_command(storage)
main.add_command(api_keys)
main.add_command(payments)


@main.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema and add the shipped question topics (safe to rerun)."""
    rt = _runtime()
    upgrade(rt.settings.database_url)
    with rt.unit_of_work() as uow:
        added = seed_topics(uow.session)
        uow.commit()
    if added:
        click.echo(f"{added} question topics added")
    click.echo(f"Database is up to date: {rt.engine.url.render_as_string(hide_password=True)}")


@main.command("demo-data")
@click.option(
    "--history-weeks",
    default=WEEKS,
    show_default=True,
    type=click.IntRange(0, 52),
    help="weeks of dossiers received before today, moved through their steps (0: none)",
)
@with_appcontext
def demo_data(history_weeks: int) -> None:
    """Load the demo province, its users, the procedure catalog and, once, the dossiers of its last weeks (safe to
    rerun: the demo's running dossiers move to a shipped diagram that changed since)."""
    rt = _runtime()
    with rt.unit_of_work() as uow:
        logins = load_demo_data(uow.session, rt.clock.now(), certificates=rt.settings)
        newest = {path.stem: definitions.newest(uow.session, path.stem).version for path in shipped_diagrams()}
        uow.commit()
    for key, version in newest.items():
        migrate_running(rt, process_key=key, to_version=version)
    load_demo_questions(rt)
    load_demo_content(rt)
    lived = load_demo_history(rt, rt.clock.now(), history_weeks) if history_weeks else 0
    if lived:
        click.echo(f"{lived} demo dossiers received over the last {history_weeks} weeks, each moved through its steps")
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    width = max(len(login.username) for login in logins)
    for login in logins:
        click.echo(f"  {login.username:<{width}}  {login.role:<24} {login.unit}")
    click.echo(f"Leaders sign with the demo certificates (PIN {DEMO_PIN}); trusted root: {rt.settings.trust_roots}")


@main.command("create-admin")
@click.argument("username")
@click.option("--full-name", required=True, help="the administrator's name, as staff will see it")
@click.option("--email", default="", help="optional; staff can also sign in with it")
@click.option("--agency", default="", help="code of the agency (default: the root of the agency tree)")
@click.password_option(help="at least 10 characters (asked twice when not given)")
@with_appcontext
def create_admin(username: str, full_name: str, email: str, agency: str, password: str) -> None:
    """Create an administrator: the first way in to a new installation; the rest is done at /admin."""
    rt = _runtime()
    try:
        user = first_administrator(
            rt, rt.unit_of_work(), username=username, full_name=full_name, email=email, password=password, agency=agency
        )
    except InvalidData as invalid:
        raise click.ClickException(" ".join(invalid.errors.values())) from invalid
    except NotFound as missing:
        raise click.ClickException(f"{missing}: load the organisation first (`motcua demo-data`)") from None
    click.echo(f"Administrator {user.username} created; sign in and open /admin.")


@main.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def verify(file: Path) -> None:
    """Check the signatures of a PDF: signer, signing time, intact or modified, trusted or not."""
    rt = _runtime()
    try:
        reports = verify_pdf(file.read_bytes(), load_trust_roots(rt.settings.trust_roots), rt.clock.now())
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    if not reports:
        raise click.ClickException(f"{file}: no signature")
    for report in reports:
        signed_at = report.signed_at.astimezone(rt.tz).isoformat() if report.signed_at else "unknown"
        click.echo(f"signer:     {report.signer or 'unreadable'}")
        click.echo(f"signed at:  {signed_at}")
        click.echo(f"integrity:  {'intact' if report.intact else 'MODIFIED after signing'}")
        click.echo(f"trust:      {'trusted' if report.trusted else 'NOT trusted'} (roots: {rt.settings.trust_roots})")
    if not all(r.intact and r.trusted for r in reports):
        raise SystemExit(1)


@main.group()
def organisation() -> None:
    """The agencies and departments of the province."""


@organisation.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def organisation_load(file: Path) -> None:
    """Load (or update) the agency tree and departments from a JSON file (engine/catalog/organisation.schema.json)."""
    rt = _runtime()
    try:
        data = read_organisation(file)
        with rt.unit_of_work() as uow:
            agencies = load_organisation(uow.session, data)
            uow.commit()
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{len(data['agencies'])} agencies loaded; {len(agencies)} in the organisation.")


@main.command("web")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Processes serving requests (gunicorn, Linux); 1 serves from this process with threads.",
)
@with_appcontext
def web(host: str, port: int, workers: int) -> None:
    """Serve the web app (production WSGI server)."""
    configure_logging()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    serve_app(app, _runtime(), host, port, workers)


@main.command("scheduler")
@with_appcontext
def scheduler() -> None:
    """Run the scheduler's jobs until stopped (only the process holding the lease runs them)."""
    configure_logging()
    lease = Lease(_runtime())
    run_until_stopped(build_scheduler(_runtime(), lease), lease)


@main.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@with_appcontext
def run(host: str, port: int) -> None:
    """Serve the web app and run the scheduler in one process (one machine)."""
    configure_logging()
    lease = Lease(_runtime())
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    run_until_stopped(build_scheduler(_runtime(), lease), lease, lambda: serve_app(app, _runtime(), host, port))


@main.command("backup")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup(folder: Path | None) -> None:
    """Write a consistent snapshot of the database and the stored files, with a manifest of hashes."""
    record = back_up(_runtime(), folder)
    if record.status != BackupStatus.OK:
        raise click.ClickException(f"Backup failed, nothing was kept (logged in the backup log): {record.error}")
    click.echo(f"Backup written: {record.path} ({record.file_count} files, {record.size_bytes:,} bytes)")


@main.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def restore(folder: Path) -> None:
    """Bring a backup back into a new installation (empty, or just set up by init-db), after checking the manifest's
    signature (MOTCUA_BACKUP_KEY, or the backup_key file of the instance that made it) and every part against it."""
    rt = _runtime()
    try:
        manifest = restore_backup(rt.engine, rt.files.root, folder, rt.settings.backup_key)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    upgrade(rt.settings.database_url)
    click.echo(f"Restored the backup of {manifest.created_at:%Y-%m-%d %H:%M} UTC ({manifest.file_count} files).")
