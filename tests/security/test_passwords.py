"""Passwords: at least 12 characters and not guessable (zxcvbn with Dutch words and the user's own
name), with Dutch messages wherever a password is set; the demo's own password meets the rule."""

from __future__ import annotations

import re
import stat

import pytest
from sqlalchemy import func, select

from auth.passwords import password_problem
from auth.users import DEMO_ACCOUNTS, DEMO_PASSWORD_FILE, UserError, create_user, hash_password
from data_access.db import transaction
from data_access.models import User, UserSession
from tests.conftest import DEMO_PASSWORD, RoleClient

STRONG = "Zeven-groene-kikkers-zingen"


@pytest.mark.parametrize("password, message", [
    ("demo", "minstens 12 tekens"),
    ("Kort-wachtw", "minstens 12 tekens"),
    ("wachtwoord123456", "te makkelijk te raden"),
    ("Politiebureau1!", "te makkelijk te raden"),
    ("Gemeente2026!!", "te makkelijk te raden"),
    ("DenHaag2026!!!", "te makkelijk te raden"),
    ("Rotterdam12345", "te makkelijk te raden"),
    ("Welkom01012024", "te makkelijk te raden"),
    ("123456789012", "te makkelijk te raden"),
    ("JanDeVries-1977-x", "eigen naam"),
    ("vriesje@melden.nl-9", "eigen naam"),
])
def test_weak_passwords_are_refused_in_dutch(password, message):
    assert message in (password_problem(password, "jdevries", "Jan de Vries", "j.devries@melden.nl") or "")


@pytest.mark.parametrize("password", [STRONG, "k7pq-m3xz-8rta", "Paars-konijn-leest-38-kranten"])
def test_strong_passwords_pass(password):
    assert password_problem(password, "jdevries", "Jan de Vries", "gemeente") is None


def _cli(app, *args):
    with app.server.app_context():
        return app.server.test_cli_runner().invoke(args=list(args))


def test_users_create_refuses_a_weak_password_and_writes_nothing(web):
    app, store, _ = web
    with store.session() as session:
        before = session.scalar(select(func.count()).select_from(User))
    for weak, message in (("geheim123", "minstens 12 tekens"), ("wachtwoord2026", "te makkelijk te raden"),
                          ("AgentBakker-2026", "eigen naam")):
        result = _cli(app, "users", "create", "agent.bakker", "--org", "politie", "--role", "wijkagent",
                      "--password", weak)
        assert result.exit_code != 0 and message in result.output
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(User)) == before
    assert _cli(app, "users", "create", "agent.bakker", "--org", "politie", "--role", "wijkagent",
                "--password", STRONG).exit_code == 0


def test_users_password_refuses_a_weak_one_and_keeps_the_sessions(web):
    app, store, _ = web
    with transaction(store.sessions) as session:
        create_user(session, "m.jansen", STRONG, "gemeente", ["manager"], display_name="Marieke Jansen")
    client = RoleClient.__new__(RoleClient)
    client.client = app.server.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.client.get("/login").text).group(1)
    client.client.post("/login", data={"username": "m.jansen", "password": STRONG, "csrf_token": token})
    result = _cli(app, "users", "password", "m.jansen", "--password", "Marieke-Jansen-1")
    assert result.exit_code != 0 and "eigen naam" in result.output
    assert client.client.get("/werklast").status_code == 200
    with pytest.raises(UserError, match="minstens 12 tekens"):
        create_user(store.session(), "x.kort", "kort", "gemeente", ["manager"])


def test_the_demo_password_is_made_per_instance_meets_the_rule_and_replaces_an_old_one(web, tmp_path):
    from app import create_app
    from services.cli import bootstrap_demo
    from services.intake import IntakeData, submit_report
    from settings import Settings

    _, store, _ = web
    with transaction(store.sessions) as session:          # an older demo store: password "demo"
        session.scalar(select(User).where(User.username == "beheerder")).password_hash = hash_password("demo")
        submit_report(session, IntakeData(text="Losse stoeptegel", channel="app", lat=52.047, lon=4.29,
                                          category_slug="grofvuil"))    # not empty: no scenario is made
    settings = Settings(mode="demo", database_url=store.url, instance_dir=tmp_path, demo_live=False)
    app = create_app(settings)
    bootstrap_demo(app.server, app.server.config["HNM_SETTINGS"], live=False)
    path = tmp_path / DEMO_PASSWORD_FILE
    password = path.read_text().strip()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert password != DEMO_PASSWORD and password_problem(password, *DEMO_ACCOUNTS) is None
    client = app.server.test_client()
    for username, attempt, status in (("beheerder", "demo", 401), ("beheerder", password, 302),
                                      ("wijkagent", password, 302)):
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
        answer = client.post("/login", data={"username": username, "password": attempt, "csrf_token": token})
        assert answer.status_code == status, username
    bootstrap_demo(app.server, app.server.config["HNM_SETTINGS"], live=False)     # a restart
    assert path.read_text().strip() == password
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(UserSession)) >= 2
