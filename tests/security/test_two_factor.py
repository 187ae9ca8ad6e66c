"""Two-step login (TOTP): set-up with a QR code and 10 recovery codes shown once, the code after
the password, a code and a recovery code work once, wrong codes are throttled; a beheerder (or
staff of an organisation in HNM_2FA_REQUIRED_ORGS) without the set-up reaches nothing else.
Over HTTP, on SQLite and PostgreSQL, with pyotp making the codes."""

from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import select

from app import create_app
from auth.users import create_user
from data_access.db import transaction
from data_access.models import RecoveryCode, User
from settings import Settings
from tests.conftest import DEMO_PASSWORD



@pytest.fixture(scope="module")
def enforced(web, tmp_path_factory):
    """An app on the module's store that enforces the two-step login (as production does) and
    requires it of all gemeente staff."""
    _, store, _ = web
    return create_app(Settings(mode="test", database_url=store.url, secret_key="z" * 40, demo_live=False,
                               instance_dir=tmp_path_factory.mktemp("2fa"), two_factor_enforced=True,
                               two_factor_orgs="gemeente")), store


def _new_user(store, name: str, org: str, roles: list[str]) -> str:
    with transaction(store.sessions) as session:
        create_user(session, name, DEMO_PASSWORD, org, roles, display_name=name)
    return name


def _token(client, path="/login") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def _password(client, username: str):
    return client.post("/login", data={"username": username, "password": DEMO_PASSWORD,
                                       "csrf_token": _token(client), "next": "/beheer"})


def _code(client, code: str):
    return client.post("/login/code", data={"code": code, "csrf_token": _token(client, "/login/code")})


def _admin_callback(client):
    """The beheer page's callback, with no user chosen (changes nothing)."""
    body = {"output": "..admin-message.children...admin-users.rowData..",
            "outputs": [{"id": "admin-message", "property": "children"}, {"id": "admin-users", "property": "rowData"}],
            "inputs": [{"id": "admin-toggle", "property": "n_clicks", "value": 1}],
            "state": [{"id": "admin-users", "property": "selectedRows", "value": []},
                      {"id": "admin-users", "property": "rowData", "value": []}],
            "changedPropIds": ["admin-toggle.n_clicks"]}
    return client.post("/_dash-update-component", json=body,
                       headers={"X-CSRFToken": client.get_cookie("_csrf_token").value})


def _enrol(client) -> tuple[str, list[str]]:
    page = client.get("/2fa/inrichten")
    assert page.status_code == 200 and 'src="data:image/svg+xml' in page.text
    secret = re.search(r'id="two-step-secret">([A-Z2-7 ]+)<', page.text).group(1).replace(" ", "")
    wrong = client.post("/2fa/inrichten", data={"code": "000000", "csrf_token": client.get_cookie("_csrf_token").value})
    assert wrong.status_code == 400 and "klopt niet" in wrong.text
    done = client.post("/2fa/inrichten", data={"code": pyotp.TOTP(secret).now(),
                                               "csrf_token": client.get_cookie("_csrf_token").value})
    assert done.status_code == 200 and "één keer" in done.text
    codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", done.text)
    return secret, codes


def test_a_beheerder_without_the_set_up_reaches_only_the_set_up(enforced):
    app, store = enforced
    name = _new_user(store, "beheer.nieuw", "politie", ["beheerder"])
    client = app.server.test_client()
    assert _password(client, name).status_code == 302
    for path in ("/", "/beheer", "/triagemodel", "/export/meldingen.csv"):
        answer = client.get(path)
        assert answer.status_code == 302 and answer.headers["Location"].endswith("/2fa/inrichten"), path
    refused = _admin_callback(client)
    assert refused.status_code == 403 and refused.json["error"] == "two_step_required"
    assert "Voor uw account is inloggen met een tweede stap verplicht" in client.get("/2fa/inrichten").text
    _enrol(client)
    assert client.get("/beheer").status_code == 200
    assert _admin_callback(client).status_code == 200


def test_an_organisation_can_require_it_of_all_its_staff(enforced):
    app, store = enforced
    politie = _new_user(store, "manager.politie2", "politie", ["manager"])
    gemeente = _new_user(store, "manager.gemeente2", "gemeente", ["manager"])
    free, bound = app.server.test_client(), app.server.test_client()
    _password(free, politie), _password(bound, gemeente)
    assert free.get("/werklast").status_code == 200
    assert bound.get("/werklast").headers["Location"].endswith("/2fa/inrichten")


def test_the_login_asks_the_code_after_the_password_and_a_code_works_once(enforced):
    app, store = enforced
    name = _new_user(store, "beheer.totp", "politie", ["beheerder"])
    client = app.server.test_client()
    _password(client, name)
    secret, codes = _enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    with store.session() as session:
        user = session.scalar(select(User).where(User.username == name))
        assert user.totp_secret and secret not in user.totp_secret            # stored encrypted
        assert not any(c in row.code_hash for row in session.scalars(select(RecoveryCode)) for c in codes)
    client.get("/logout")

    answer = _password(client, name)
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/login/code")
    assert client.get("/beheer").status_code == 302 and _admin_callback(client).status_code == 401   # not in yet
    wrong = _code(client, "123456" if pyotp.TOTP(secret).now() != "123456" else "654321")
    assert wrong.status_code == 401 and "Deze code klopt niet" in wrong.text
    code = pyotp.TOTP(secret).now()
    answer = _code(client, code)
    assert answer.status_code == 302 and answer.headers["Location"] == "/beheer"
    assert client.get("/beheer").status_code == 200 and _admin_callback(client).status_code == 200
    client.get("/logout")

    _password(client, name)
    assert _code(client, code).status_code == 401              # the same code again: refused (replay)


def test_a_recovery_code_works_once(enforced):
    app, store = enforced
    name = _new_user(store, "beheer.herstel", "politie", ["beheerder"])
    client = app.server.test_client()
    _password(client, name)
    _secret, codes = _enrol(client)
    client.get("/logout")
    _password(client, name)
    assert _code(client, codes[3].upper()).status_code == 302
    assert client.get("/beheer").status_code == 200
    client.get("/logout")
    _password(client, name)
    assert _code(client, codes[3]).status_code == 401
    assert _code(client, codes[4]).status_code == 302


def test_guessing_codes_is_throttled_per_account(enforced):
    app, store = enforced
    name = _new_user(store, "beheer.gokken", "politie", ["beheerder"])
    client = app.server.test_client()
    _password(client, name)
    secret, _codes = _enrol(client)
    client.get("/logout")
    _password(client, name)
    now = pyotp.TOTP(secret).now()
    wrong = [c for c in ("111111", "222222", "333333", "444444", "555555", "666666") if c != now][:5]
    statuses = [_code(client, c).status_code for c in wrong]
    assert statuses == [401, 401, 401, 401, 429]
    blocked = _code(client, pyotp.TOTP(secret).now())
    assert blocked.status_code == 429 and "Probeer het opnieuw om" in blocked.text


def test_demo_and_test_mode_do_not_enforce_it_and_production_refuses_to_turn_it_off(web):
    from settings import SettingsError, load_settings

    _, _, clients = web
    assert clients["beheerder"].get("/beheer").status_code == 200           # test mode: not enforced
    production = {"HNM_MODE": "production", "HNM_SECRET_KEY": "x" * 40, "HNM_DATABASE_URL": "postgresql://u@h/db"}
    assert load_settings(production).two_factor_enforced is True
    assert load_settings({}).two_factor_enforced is False
    with pytest.raises(SettingsError, match="HNM_2FA_ENFORCED"):
        load_settings({**production, "HNM_2FA_ENFORCED": "false"})
