"""MOTCUA_ENV says production unless told otherwise; in production only the public URL's host name is trusted."""

from __future__ import annotations

import pytest

from engine.settings import Settings


def _settings(tmp_path, **env: str) -> Settings:
    return Settings.from_env({"MOTCUA_INSTANCE_DIR": str(tmp_path), **env})


def test_an_installation_is_production_unless_it_says_demo_or_development(tmp_path):
    assert _settings(tmp_path).is_production
    assert not _settings(tmp_path, MOTCUA_ENV="demo").is_production
    assert not _settings(tmp_path, MOTCUA_ENV="development").is_production


def test_an_unknown_environment_stops_start_up(tmp_path):
    with pytest.raises(ValueError, match="MOTCUA_ENV 'prod': write one of production, demo, development"):
        _settings(tmp_path, MOTCUA_ENV="prod")


def test_production_trusts_the_public_url_host_only(tmp_path):
    settings = _settings(tmp_path, MOTCUA_PUBLIC_URL="https://dichvucong.thaian.gov.vn:8443/motcua")
    assert settings.allowed_hosts == ("dichvucong.thaian.gov.vn",)


def test_listed_trusted_hosts_replace_the_default(tmp_path):
    settings = _settings(tmp_path, MOTCUA_TRUSTED_HOSTS="dichvucong.thaian.gov.vn, 10.0.0.5 .thaian.gov.vn")
    assert settings.allowed_hosts == ("dichvucong.thaian.gov.vn", "10.0.0.5", ".thaian.gov.vn")


def test_a_demo_machine_answers_to_any_host_name(tmp_path):
    assert _settings(tmp_path, MOTCUA_ENV="demo").allowed_hosts == ()
