"""Configuration is validated at start; production refuses a default or missing secret."""

import pytest

from settings import SettingsError, load_settings


def test_defaults_are_demo_on_embedded_sqlite():
    s = load_settings({})
    assert s.mode == "demo" and s.port == 8050 and s.host == "127.0.0.1"
    assert s.effective_database_url.startswith("sqlite:///") and s.effective_database_url.endswith("hnm.sqlite3")


@pytest.mark.parametrize("secret", ["", "kort"])
def test_production_refuses_default_or_weak_secret(secret):
    with pytest.raises(SettingsError, match="HNM_SECRET_KEY"):
        load_settings({"HNM_MODE": "production", "HNM_SECRET_KEY": secret, "HNM_DATABASE_URL": "postgresql://u@h/db"})


def test_production_with_own_secret_starts():
    s = load_settings({"HNM_MODE": "production", "HNM_SECRET_KEY": "x" * 40,
                       "HNM_DATABASE_URL": "postgresql://u@h/db"})
    assert s.database_url == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize("env, message", [
    ({"HNM_PORT": "tachtig"}, "HNM_PORT"),
    ({"HNM_PORT": "70000"}, "HNM_PORT"),
    ({"HNM_MODE": "feest"}, "HNM_MODE"),
    ({"HNM_DEMO_LIVE": "misschien"}, "HNM_DEMO_LIVE"),
    ({"HNM_DATABASE_URL": "mysql://x"}, "HNM_DATABASE_URL"),
])
def test_bad_values_get_a_clear_message(env, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(env)


def test_create_app_refuses_production_default_secret(tmp_path):
    from app import create_app
    from settings import Settings

    with pytest.raises(SettingsError):
        create_app(Settings(mode="production", database_url=f"sqlite:///{tmp_path}/x.db"))


def test_api_limits_come_from_settings_and_are_validated():
    s = load_settings({"HNM_API_WRITE_LIMIT": "5 per second"})
    assert s.api_write_limit == "5 per second" and s.api_read_limit == "600 per minute"
    with pytest.raises(SettingsError, match="HNM_API_WRITE_LIMIT"):
        load_settings({"HNM_API_WRITE_LIMIT": "heel veel"})
