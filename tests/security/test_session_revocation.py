"""Sessions end on the server: after logout, disabling (web and CLI), a new password or the
absolute lifetime, a copy of the session cookie gets nothing — not a page, not a callback, not an
export. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from auth.users import create_user
from data_access.db import transaction
from data_access.models import UserSession, utcnow
from tests.conftest import DEMO_PASSWORD, RoleClient

HOME = "home-tiles.children"
HOME_INPUT = [{"id": "home-refresh", "property": "n_intervals", "value": 1}]
EXPORT = "/export/meldingen.csv?van=2025-01-01&tot=2026-06-30"
STRONG = "Paarse-olifant-fietst-7-keer"


def _copy(app, client: RoleClient) -> RoleClient:
    """A second browser holding a copy of both cookies of `client`."""
    copy = RoleClient(app, None)
    for name in ("session", "_csrf_token"):
        copy.client.set_cookie(name, client.client.get_cookie(name).value)
    return copy


def _alive(client: RoleClient) -> dict:
    return {"page": client.get("/werklast").status_code,
            "callback": client.callback(HOME, HOME_INPUT).status_code,
            "export": client.get(EXPORT).status_code}


DEAD = {"page": 302, "callback": 401, "export": 302}


@pytest.fixture
def colleague(web):
    """A fresh manager account (so that ending its sessions leaves the module's clients alone)."""
    app, store, _ = web
    name = f"collega{utcnow().timestamp():.0f}{id(object())}"[:40]
    with transaction(store.sessions) as session:
        create_user(session, name, DEMO_PASSWORD, "politie", ["manager"])
    return name


def test_a_copied_cookie_is_dead_after_logout(web):
    app, _, _ = web
    client = RoleClient(app, "manager-politie")
    copy = _copy(app, client)
    assert _alive(copy) == {"page": 200, "callback": 200, "export": 200}
    assert client.get("/logout").status_code == 302
    assert _alive(copy) == DEAD


def test_disabling_a_user_on_the_web_ends_their_sessions(web, colleague):
    app, _, clients = web
    victim = RoleClient(app, colleague)
    assert _alive(victim)["page"] == 200
    answer = clients["beheerder"].callback(
        "..admin-message.children...admin-users.rowData..",
        [{"id": "admin-toggle", "property": "n_clicks", "value": 1}],
        state=[{"id": "admin-users", "property": "selectedRows", "value": [{"gebruiker": colleague, "actief": "ja"}]},
               {"id": "admin-users", "property": "rowData", "value": []}])
    assert answer.status_code == 200 and "uitgezet" in answer.text
    assert _alive(victim) == DEAD


def _cli(app, *args):
    with app.server.app_context():
        return app.server.test_cli_runner().invoke(args=list(args))


def test_disabling_a_user_on_the_command_line_ends_their_sessions(web, colleague):
    app, store, _ = web
    victim = RoleClient(app, colleague)
    assert _alive(victim)["page"] == 200
    assert _cli(app, "users", "disable", colleague).exit_code == 0
    assert _alive(victim) == DEAD
    with store.session() as session:
        assert session.scalars(select(UserSession.id)).all()           # others' sessions stay


def test_a_new_password_ends_every_session_of_the_user(web, colleague):
    app, _, _ = web
    one, two = RoleClient(app, colleague), RoleClient(app, colleague)
    result = _cli(app, "users", "password", colleague, "--password", STRONG)
    assert result.exit_code == 0, result.output
    assert _alive(one) == DEAD and _alive(two) == DEAD


def test_a_session_ends_after_its_absolute_lifetime(web):
    app, store, _ = web
    client = RoleClient(app, "manager-politie")
    with store.session() as session:
        row = session.scalars(select(UserSession).order_by(UserSession.created_at.desc())).first()
        assert row.expires_at - row.created_at == timedelta(hours=12)        # HNM_SESSION_MAX_HOURS default
    assert _alive(client)["page"] == 200
    with transaction(store.sessions) as session:
        session.execute(update(UserSession).where(UserSession.id == row.id)
                        .values(expires_at=utcnow() - timedelta(seconds=1)))
    assert _alive(client) == DEAD


def test_the_store_holds_no_usable_session_token(web):
    app, store, _ = web
    client = RoleClient(app, "manager-politie")
    from flask.sessions import SecureCookieSessionInterface

    serializer = SecureCookieSessionInterface().get_signing_serializer(app.server)
    token = serializer.loads(client.client.get_cookie("session").value)["_user_id"]
    with store.session() as session:
        stored = set(session.scalars(select(UserSession.id)))
    assert token not in stored and len(token) >= 40
