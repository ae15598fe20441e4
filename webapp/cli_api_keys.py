"""`motcua api-keys`: the keys of the systems that call the REST API, for administrators at the console."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from engine.api_clients.keys import DEFAULT_RATE_LIMIT, clients, create_client, revoke_client
from engine.api_clients.scopes import Operation
from engine.errors import DomainError, InvalidData
from engine.models import User
from webapp import runtime


@click.group("api-keys")
def api_keys() -> None:
    """API keys: create, list, revoke."""


def _admin_id(login: str) -> int:
    with runtime(current_app).unit_of_work() as uow:
        found = uow.session.scalar(select(User.id).where(User.username == login))
    if found is None:
        raise click.ClickException(f"no account {login!r}")
    return found


def _failed(error: DomainError) -> click.ClickException:
    detail = "; ".join(f"{k}: {v}" for k, v in error.errors.items()) if isinstance(error, InvalidData) else str(error)
    return click.ClickException(detail)


@api_keys.command("create")
@click.argument("name")
@click.option("--admin", "admin_login", required=True, help="the administrator's login who issues the key")
@click.option("--agency", "agencies", multiple=True, required=True, help="an agency code; repeat for several")
@click.option(
    "--operation",
    "operations",
    multiple=True,
    required=True,
    type=click.Choice([op.value for op in Operation]),
    help="an operation the client may use; repeat for several",
)
@click.option("--rate-limit", default=DEFAULT_RATE_LIMIT, show_default=True)
@with_appcontext
def create(
    name: str, admin_login: str, agencies: tuple[str, ...], operations: tuple[str, ...], rate_limit: str
) -> None:
    """Create a client and print its key, which is shown this once."""
    rt = runtime(current_app)
    try:
        issued = create_client(
            rt,
            rt.unit_of_work(),
            actor_id=_admin_id(admin_login),
            name=name,
            agencies=list(agencies),
            operations=list(operations),
            rate_limit=rate_limit,
        )
    except DomainError as error:
        raise _failed(error) from error
    click.echo(f"client {issued.client_id}: {issued.key}")


@api_keys.command("list")
@with_appcontext
def list_clients() -> None:
    """Every client with its scope and whether it is revoked; keys are never shown again."""
    with runtime(current_app).unit_of_work() as uow:
        for client in clients(uow.session):
            state = f"revoked {client.revoked_at:%Y-%m-%d %H:%M}Z" if client.revoked_at else "active"
            scope = f"{','.join(client.agencies)} {','.join(client.operations)} {client.rate_limit}"
            click.echo(f"{client.id}\tmc_{client.key_prefix}_…\t{client.name}\t{scope}\t{state}")


@api_keys.command("revoke")
@click.argument("client_id", type=int)
@click.option("--admin", "admin_login", required=True, help="the administrator's login who revokes the key")
@with_appcontext
def revoke(client_id: int, admin_login: str) -> None:
    """Revoke a client's key for good."""
    rt = runtime(current_app)
    try:
        revoke_client(rt, rt.unit_of_work(), actor_id=_admin_id(admin_login), client_id=client_id)
    except DomainError as error:
        raise _failed(error) from error
    click.echo(f"client {client_id}: revoked")
