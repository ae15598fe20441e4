"""Settings come from MOTCUA_* variables; without them, safe defaults on one machine."""

from __future__ import annotations

from engine.settings import Settings


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
        }
    )
    assert settings.database_url.startswith("postgresql")
    assert settings.secret_key == "k"
    assert settings.office_hours == "mon-fri 07:00-11:30 13:30-17:00"
    assert (settings.smtp.port, settings.smtp.starttls) == (587, True)
