"""`motcua payments`: the daily reconciliation (đối soát) with the national payment platform, run by hand."""

from __future__ import annotations

from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from engine.payments.reconciliation import reconcile_day
from webapp import runtime


@click.group("payments")
def payments() -> None:
    """Payments: reconcile a day with the national payment platform."""


@payments.command("reconcile")
@click.option("--day", "day", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="YYYY-MM-DD")
@with_appcontext
def reconcile(day: datetime) -> None:
    """Compare the platform's transactions of the day with the payments recorded here; store the differences."""
    found = reconcile_day(runtime(current_app), day.date())
    if found.error:
        raise click.ClickException(found.error)
    click.echo(
        f"{found.day.isoformat()}: {found.gateway_transactions} transactions at the platform, "
        f"{found.recorded_payments} recorded here, {found.differences} differences ({found.new_differences} new)"
    )
