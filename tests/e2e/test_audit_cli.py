"""`motcua audit seal` and `motcua audit verify` on an instance: an intact chain exits 0, a tampered one names the
event and exits 1."""

from __future__ import annotations

from click.testing import CliRunner

from tests.integration.audit.conftest import append_events, tamper
from webapp.cli import main


def test_verify_passes_after_sealing_and_names_a_tampered_event(settings, runtime, clock, monkeypatch):
    monkeypatch.setenv("MOTCUA_INSTANCE_DIR", str(settings.instance_dir))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", settings.database_url)
    runner = CliRunner()
    ids = append_events(runtime, clock.now(), 3)
    sealed = runner.invoke(main, ["audit", "seal"])
    assert sealed.exit_code == 0 and f"3 events sealed; head: event {ids[-1]} " in sealed.output
    intact = runner.invoke(main, ["audit", "verify"])
    assert intact.exit_code == 0 and "3 links checked" in intact.output
    tamper(runtime, "UPDATE events SET actor_name = 'người khác' WHERE id = :id", id=ids[1])
    broken = runner.invoke(main, ["audit", "verify"])
    assert broken.exit_code == 1
    assert f"BROKEN: event {ids[1]} was changed after it was sealed" in broken.output
    assert "1 links checked" in broken.output
