"""Administrative commands and session hygiene, through the real app."""

import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from sqlalchemy import select

from tests.conftest import DEMO_PASSWORD
from data_access.models import User


def run(app, *args, input=None):
    """Like `flask --app app ...`, which runs every command inside an application context."""
    with app.server.app_context():
        return app.server.test_cli_runner().invoke(args=list(args), input=input)


def test_users_create_disable_enable(web):
    app, store, _ = web
    result = run(app, "users", "create", "Agent.Bakker", "--org", "politie", "--role", "wijkagent",
                 "--area", "WK051840", "--password", "Zeven-groene-kikkers-zingen")
    assert result.exit_code == 0, result.output
    with store.session() as s:
        user = s.scalar(select(User).where(User.username == "agent.bakker"))
        assert [r.role for r in user.roles] == ["wijkagent"] and [a.area_code for a in user.areas] == ["WK051840"]
        assert user.password_hash.startswith("$argon2")
    assert run(app, "users", "disable", "agent.bakker").exit_code == 0
    with store.session() as s:
        assert s.scalar(select(User.active).where(User.username == "agent.bakker")) is False
    listing = run(app, "users", "list").output
    assert re.search(r"agent\.bakker\s+politie\s+wijkagent\s+uit", listing)


def test_users_create_refuses_bad_input_and_writes_nothing(web):
    app, store, _ = web
    with store.session() as s:
        before = len(s.scalars(select(User.id)).all())
    for args, message in ((["--org", "politie", "--role", "wijkagent"], "bestaat al"),
                          (["--org", "gemeente", "--role", "gemeente", "--team", "onbekend"], "Onbekend team")):
        name = "meldkamer" if message == "bestaat al" else "nieuw"
        result = run(app, "users", "create", name, *args, "--password", "Zeven-groene-kikkers-zingen")
        assert result.exit_code != 0 and message in result.output
    result = run(app, "users", "create", "x", "--org", "politie", "--role", "koning", "--password", "a")
    assert result.exit_code != 0
    with store.session() as s:
        assert len(s.scalars(select(User.id)).all()) == before


def test_session_cookie_is_httponly_lax_and_expires(web):
    app, _, _ = web
    client = app.server.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"username": "gemeente", "password": DEMO_PASSWORD, "csrf_token": token})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
    minutes = (expires - datetime.now(timezone.utc)).total_seconds() / 60
    assert 470 < minutes <= 480          # HNM_SESSION_MINUTES default: 8 hours


def test_logout_ends_the_session(web):
    app, _, _ = web
    client = app.server.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": "gemeente", "password": DEMO_PASSWORD, "csrf_token": token})
    assert client.get("/werklast").status_code == 200
    client.get("/logout")
    assert client.get("/werklast").status_code == 302


def test_outbox_command_delivers_feedback_and_follower_notifications(web):
    from data_access.models import FeedbackMessage, NeighbourhoodNotification
    from data_access.db import transaction
    from services.intake import IntakeData, submit_report

    app, store, _ = web
    with transaction(store.sessions) as s:
        report = submit_report(s, IntakeData(text="Kapotte lantaarn", channel="app", lat=52.047, lon=4.29,
                                             category_slug="straatverlichting-openbare-klok",
                                             contact_email="melder@voorbeeld.nl", wants_feedback=True))
        s.add(FeedbackMessage(report_id=report.id, kind="ontvangstbevestiging", body="Dank u wel."))
    result = run(app, "outbox")
    assert result.exit_code == 0, result.output
    assert re.search(r"Terugkoppeling: [1-9]\d* verzonden", result.output)
    assert "Buurtberichten en bevestigingen aan volgers" in result.output
    with store.session() as s:
        assert s.scalar(select(FeedbackMessage.state).where(FeedbackMessage.report_id == report.id)) == "verzonden"
        assert NeighbourhoodNotification.__tablename__ == "neighbourhood_notifications"


def test_revoke_tracking_link(web):
    from data_access.db import transaction
    from services.intake import IntakeData, submit_report
    from services.tracking import issue_token, report_for_token

    app, store, _ = web
    with transaction(store.sessions) as s:
        report = submit_report(s, IntakeData(text="Overlast", channel="chat", lat=52.047, lon=4.29,
                                             category_slug="grofvuil", contact_email="m@voorbeeld.nl"))
        token = issue_token(s, report)
        reference = report.reference
    assert run(app, "revoke-tracking", reference.lower()).exit_code == 0
    with store.session() as s:
        assert report_for_token(s, token) is None
    result = run(app, "revoke-tracking", "HNM-9999999")
    assert result.exit_code != 0 and "bestaat niet" in result.output
