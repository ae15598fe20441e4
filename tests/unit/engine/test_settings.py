"""Settings come from MOTCUA_* variables; without them, safe defaults on one machine."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from engine.settings import Settings
from sla.due_soon import LAST_WORKING_DAY, DueSoonRule
from sla.handover import HandoverRule


def test_defaults_keep_everything_in_the_instance_folder(tmp_path):
    settings = Settings.from_env({"MOTCUA_INSTANCE_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'motcua.sqlite3'}"
    assert settings.storage_dir == tmp_path / "files"
    assert settings.timezone == "Asia/Ho_Chi_Minh"
    assert settings.office_hours == "mon-fri 07:30-11:30 13:00-17:00"


def test_the_generated_secret_key_survives_a_restart_and_is_private(tmp_path):
    first = Settings.from_env({"MOTCUA_INSTANCE_DIR": str(tmp_path)})
    second = Settings.from_env({"MOTCUA_INSTANCE_DIR": str(tmp_path)})
    assert first.secret_key == second.secret_key and len(first.secret_key) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_every_setting_can_be_given(tmp_path):
    settings = Settings.from_env(
        {
            "MOTCUA_INSTANCE_DIR": str(tmp_path),
            "MOTCUA_DATABASE_URL": "postgresql+psycopg://motcua@db/motcua",
            "MOTCUA_SECRET_KEY": "k",
            "MOTCUA_OFFICE_HOURS": "mon-fri 07:00-11:30 13:30-17:00",
            "MOTCUA_SMTP_PORT": "587",
            "MOTCUA_SMTP_STARTTLS": "true",
            "MOTCUA_SMS_SPOOL": "/var/spool/motcua/sms.jsonl",
            "MOTCUA_SLA_DUE_SOON": "20%",
            "MOTCUA_DIGEST_TIME": "06:45",
            "MOTCUA_BACKUP_DIR": "/srv/backups",
            "MOTCUA_BACKUP_EVERY_DAYS": "1",
            "MOTCUA_BACKUP_KEEP": "14",
        }
    )
    assert settings.database_url.startswith("postgresql")
    assert settings.secret_key == "k"
    assert settings.office_hours == "mon-fri 07:00-11:30 13:30-17:00"
    assert (settings.smtp.port, settings.smtp.starttls) == (587, True)
    assert settings.sms_spool == "/var/spool/motcua/sms.jsonl"
    assert settings.sla_due_soon == DueSoonRule(lead=None, share=0.2)
    assert settings.digest_time == time(6, 45)
    assert settings.backup_dir == Path("/srv/backups")
    assert (settings.backup.every_days, settings.backup.keep) == (1, 14)


def test_scheduler_defaults(tmp_path):
    settings = Settings.from_env({"MOTCUA_INSTANCE_DIR": str(tmp_path)})
    assert settings.sla_due_soon == LAST_WORKING_DAY and settings.digest_time == time(7, 0)
    assert settings.backup_dir == tmp_path / "backups"
    assert (settings.backup.every_days, settings.backup.keep, settings.sms_spool) == (7, 8, "")


def test_a_malformed_due_soon_rule_stops_start_up(tmp_path):
    with pytest.raises(ValueError, match="due-soon rule"):
        Settings.from_env({"MOTCUA_INSTANCE_DIR": str(tmp_path), "MOTCUA_SLA_DUE_SOON": "soon"})


def test_the_handover_rules_come_from_the_environment(tmp_path):
    settings = Settings.from_env(
        {"MOTCUA_INSTANCE_DIR": str(tmp_path), "MOTCUA_HANDOVER_RULES": "half_day; 2026-01-01 same_day"}
    )
    assert settings.handover_rules.in_force(date(2026, 1, 1)) is HandoverRule.SAME_DAY
    assert Settings.from_env({"MOTCUA_INSTANCE_DIR": str(tmp_path)}).handover_rules.first is HandoverRule.HALF_DAY
