"""`motcua storage`: the file store of dossier files."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from engine.content.image_cleanup import remove_unused_images
from engine.operations.storage_collection import SAFETY_MARGIN, collect_storage
from webapp import runtime


@click.group()
def storage() -> None:
    """The file store: dossier files and portal images kept by content hash."""


@storage.command("collect")
@click.option("--dry-run", is_flag=True, help="list what would be removed and remove nothing")
@click.option(
    "--min-age-hours",
    type=click.IntRange(min=1),
    default=int(SAFETY_MARGIN.total_seconds() // 3600),
    show_default=True,
    help="leave files younger than this: a step may still be writing their rows",
)
@with_appcontext
def collect(dry_run: bool, min_age_hours: int) -> None:
    """Remove stored files that no row names (written by a step killed before it committed) and temporary files of
    writes cut short, once older than the safety margin; run it with --dry-run first."""
    done = collect_storage(runtime(current_app), min_age=timedelta(hours=min_age_hours), dry_run=dry_run)
    for label, found in (("no row:", done.orphans), ("temporary:", done.temporaries)):
        for path, size in found:
            click.echo(f"{label:<11} {path} ({size:,} bytes)")
    count = len(done.orphans) + len(done.temporaries)
    verb = "Would remove" if dry_run else "Removed"
    click.echo(f"{verb} {count} files ({done.size:,} bytes) older than {min_age_hours} hours.")


@storage.command("remove-unused-images")
@with_appcontext
def remove_images() -> None:
    """Remove the editor's inline images uploaded more than MOTCUA_CONTENT_IMAGE_DAYS days ago (default 7) that no
    item version shows (the scheduler does this each night); each removal is an audit event."""
    done = remove_unused_images(runtime(current_app))
    for sha256 in done["removed"]:
        click.echo(f"removed: {sha256}")
    click.echo(f"Removed {len(done['removed'])} unused images.")
