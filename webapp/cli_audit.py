"""`motcua audit`: seal the event log into its hash chain, and verify the chain."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from engine.operations.audit_chain import UNSEALED_AFTER, Break, ChainCheck, seal_events, verify_chain
from webapp import runtime

WHAT_BROKE = {
    Break.CHANGED: "event {id} was changed after it was sealed (its content no longer gives the sealed hash)",
    Break.MISSING: "event {id} was sealed and is now missing (deleted)",
    Break.RELINKED: "the seal of event {id} does not follow the seal before it: a seal or an event before it was "
    "removed, or a seal rewritten",
    Break.UNSEALED: "event {id} has no seal although later events do: inserted afterwards, or its seal removed",
}


@click.group()
def audit() -> None:
    """The audit trail's hash chain (niêm phong nhật ký)."""


@audit.command("seal")
@with_appcontext
def audit_seal() -> None:
    """Seal every settled event not sealed yet (the scheduler does this each minute); safe to rerun."""
    done = seal_events(runtime(current_app))
    click.echo(f"{done.sealed} events sealed; head: event {done.head_event_id} {done.head_hash}")


@audit.command("verify")
@click.option(
    "--unsealed-after",
    type=click.IntRange(min=1),
    default=int(UNSEALED_AFTER.total_seconds() // 60),
    show_default=True,
    help="minutes after which an unsealed event is reported",
)
@with_appcontext
def audit_verify(unsealed_after: int) -> None:
    """Recompute the chain from the first event and name the first broken link; exit 1 if one is broken or events
    stay unsealed too long. Compare the head printed with one kept outside the database."""
    check = verify_chain(runtime(current_app), unsealed_after=timedelta(minutes=unsealed_after))
    click.echo(_summary(check))
    if check.broken:
        click.echo(f"BROKEN: {WHAT_BROKE[check.broken.kind].format(id=check.broken.event_id)}", err=True)
        if check.broken.expected:
            click.echo(f"  expected {check.broken.expected}\n  found    {check.broken.found}", err=True)
    elif check.overdue:
        click.echo(
            f"UNSEALED: {check.overdue} events older than {unsealed_after} minutes, the first event "
            f"{check.oldest_overdue_id}: is the scheduler running? (`motcua audit seal` seals them now)",
            err=True,
        )
    if not check.intact:
        raise SystemExit(1)


def _summary(check: ChainCheck) -> str:
    return (
        f"{check.checked} links checked; head: event {check.head_event_id} {check.head_hash}; "
        f"{check.unsealed} events not sealed yet"
    )
