"""The role matrix over real HTTP: every page route and callback per role, on both backends.

Asserts 401/403/200 and that no police-only report or reporter contact reaches a gemeente,
manager or wall user, whatever they ask for.
"""

import pytest
from sqlalchemy import select

from data_access.db import transaction
from tests.conftest import DEMO_PASSWORD, RoleClient
from data_access.models import AuditLog, Report
from services.intake import IntakeData, submit_report

PAGES = {
    "/": {"meldkamer", "wijkagent", "handhaving", "gemeente", "manager-politie", "manager-gemeente", "beheerder", "wall",
          "privacy-politie", "privacy-gemeente"},
    "/kaart": {"meldkamer", "wijkagent", "handhaving", "gemeente", "manager-politie", "manager-gemeente"},
    "/tijdlijn": {"meldkamer", "wijkagent", "handhaving", "gemeente", "manager-politie", "manager-gemeente"},
    "/werklast": {"meldkamer", "wijkagent", "handhaving", "gemeente", "manager-politie", "manager-gemeente"},
    "/terugkoppeling": {"meldkamer", "wijkagent", "handhaving", "gemeente", "manager-politie", "manager-gemeente"},
    "/signalen": {"meldkamer", "wijkagent", "handhaving", "gemeente", "manager-politie", "manager-gemeente"},
    "/feed-beoordeling": {"meldkamer", "wijkagent", "handhaving", "gemeente"},
    "/trends": {"manager-politie", "manager-gemeente"},
    "/wall": {"meldkamer", "manager-politie", "manager-gemeente", "wall"},
    "/beheer": {"beheerder"},
    "/triagemodel": {"manager-politie", "manager-gemeente", "beheerder"},
    "/privacy": {"privacy-politie", "privacy-gemeente"},
    "/audit": {"privacy-politie", "privacy-gemeente", "beheerder"},
}
USERS = ("meldkamer", "wijkagent", "handhaving", "gemeente", "manager-politie", "manager-gemeente",
         "beheerder", "wall", "privacy-politie", "privacy-gemeente")
HOME = "home-tiles.children"
HOME_INPUT = [{"id": "home-refresh", "property": "n_intervals", "value": 1}]
SECRET = "Inbraak bij Jansen op nummer 12, dader nog binnen"


@pytest.fixture(scope="module")
def seeded(web):
    """One police-only and one shared report (with contact details) in the store."""
    app, store, clients = web
    with transaction(store.sessions) as session:
        police = submit_report(session, IntakeData(text=SECRET, channel="app", lat=52.047, lon=4.29,
                                                   category_slug="inbraak", contact_name="P. Geheim",
                                                   contact_email="p.geheim@voorbeeld.nl"))
        shared = submit_report(session, IntakeData(text="Losse stoeptegel", channel="web", lat=52.035,
                                                   lon=4.27, category_slug="onderhoud-stoep-straat-en-fietspad",
                                                   contact_email="melder@voorbeeld.nl"))
    return app, store, clients, police.id, shared.id


@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_routes_per_role(web, path):
    _, _, clients = web
    anonymous = clients[None].get(path)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    for user in USERS:
        status = clients[user].get(path).status_code
        assert status == (200 if user in PAGES[path] else 403), (user, path, status)


def test_unknown_page_is_a_dash_404_for_users_and_login_for_anonymous(web):
    _, _, clients = web
    assert clients[None].get("/bestaat-niet").status_code == 302
    assert clients["meldkamer"].get("/bestaat-niet").status_code == 200   # Dash renders the 404 page


def test_callback_anonymous_is_401_json(web):
    _, _, clients = web
    response = clients[None].callback(HOME, HOME_INPUT)
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthenticated"


def test_callback_without_csrf_header_is_refused(web):
    _, _, clients = web
    client = clients["meldkamer"].client
    body = {"output": HOME, "outputs": {"id": "home-tiles", "property": "children"},
            "inputs": HOME_INPUT, "changedPropIds": []}
    assert client.post("/_dash-update-component", json=body).status_code == 403
    assert client.post("/_dash-update-component", json=body,
                       headers={"X-CSRFToken": "vervalst"}).status_code == 403


def test_unregistered_callback_is_refused(web):
    _, _, clients = web
    for output in ("bestaat-niet.children", "x_pages_content.children"):
        assert clients["meldkamer"].callback(output, HOME_INPUT).status_code == 403


@pytest.mark.parametrize("user", USERS)
def test_home_callback_per_role(seeded, user):
    _, _, clients, *_ = seeded
    response = clients[user].callback(HOME, HOME_INPUT)
    if user in ("beheerder", "privacy-politie", "privacy-gemeente"):     # no report figures
        assert response.status_code == 403
        return
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert SECRET not in text and "voorbeeld.nl" not in text     # tiles carry counts only


@pytest.mark.parametrize("user", USERS)
def test_admin_callback_only_for_beheerder(seeded, user):
    _, _, clients, *_ = seeded
    response = clients[user].callback(
        "..admin-message.children...admin-users.rowData..",
        [{"id": "admin-toggle", "property": "n_clicks", "value": 1}],
        state=[{"id": "admin-users", "property": "selectedRows", "value": [{"gebruiker": "beheerder", "actief": "ja"}]},
               {"id": "admin-users", "property": "rowData", "value": []}])
    assert response.status_code == (200 if user == "beheerder" else 403)


def test_admin_toggle_follows_store_not_browser(seeded):
    app, store, clients, *_ = seeded
    toggle = lambda claimed: clients["beheerder"].callback(   # noqa: E731
        "..admin-message.children...admin-users.rowData..",
        [{"id": "admin-toggle", "property": "n_clicks", "value": 1}],
        state=[{"id": "admin-users", "property": "selectedRows", "value": [{"gebruiker": "gemeente", "actief": claimed}]},
               {"id": "admin-users", "property": "rowData", "value": []}])
    assert "uitgezet" in toggle("nee").get_data(as_text=True)      # the browser lies: it is active
    assert clients["gemeente"].callback(HOME, HOME_INPUT).status_code == 401   # session no longer valid
    assert "aangezet" in toggle("ja").get_data(as_text=True)
    assert clients["gemeente"].callback(HOME, HOME_INPUT).status_code == 401   # enabling revives no session
    clients["gemeente"] = RoleClient(app, "gemeente")                         # a new login works again
    with store.session() as s:
        assert s.scalar(select(AuditLog.action).where(AuditLog.action == "user_disable").limit(1))


def test_counts_respect_visibility(seeded):
    """Police users count the police-only report; gemeente users never do."""
    app, store, clients, police_id, shared_id = seeded
    totals = {}
    for user in ("meldkamer", "gemeente", "manager-gemeente", "manager-politie"):
        page = clients[user].get("/").get_data(as_text=True)
        assert SECRET not in page
        response = clients[user].callback(HOME, HOME_INPUT).get_json()
        tiles = response["response"]["home-tiles"]["children"]
        totals[user] = {t["props"]["children"][0]["props"]["id"]: t["props"]["children"][0]["props"]["children"]
                        for t in tiles}["kpi-total"]
    with store.session() as s:
        everything = len(s.scalars(select(Report.id)).all())
        shared = len(s.scalars(select(Report.id).where(Report.visibility == "gedeeld")).all())
    assert totals["meldkamer"] == totals["manager-politie"] == str(everything)
    assert totals["gemeente"] == totals["manager-gemeente"] == str(shared)
    assert everything > shared


def test_login_rejects_wrong_password_in_dutch(web):
    app, _, _ = web
    client = app.server.test_client()
    import re
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"username": "meldkamer", "password": "fout", "csrf_token": token})
    assert response.status_code == 401 and "onjuist wachtwoord" in response.text
    response = client.post("/login", data={"username": "meldkamer", "password": DEMO_PASSWORD, "csrf_token": "x"})
    assert response.status_code == 400


def test_login_next_never_leaves_the_site(web):
    app, _, _ = web
    client = app.server.test_client()
    import re
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"username": "meldkamer", "password": DEMO_PASSWORD, "csrf_token": token,
                                           "next": "https://kwaad.example/"})
    assert response.headers["Location"] == "/"


def test_no_traceback_reaches_the_browser(web):
    app, _, clients = web
    response = clients["meldkamer"].client.post("/_dash-update-component", data="{kapot",
                                                 content_type="application/json",
                                                 headers={"X-CSRFToken": clients["meldkamer"].client.get_cookie("_csrf_token").value})
    assert response.status_code in (400, 403, 500)
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_query_parameter_cannot_pose_as_the_principal(web):
    _, _, clients = web
    response = clients["gemeente"].callback(
        ".._pages_content.children..._pages_store.data..",
        [{"id": "_pages_location", "property": "pathname", "value": "/"},
         {"id": "_pages_location", "property": "search", "value": "?principal=meldkamer"}],
        outputs=[{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}])
    assert response.status_code == 200
    assert "Overzicht" in response.get_data(as_text=True)


def test_callbacks_take_a_photo_sized_body_but_not_more(web):
    _, _, clients = web
    client = clients["meldkamer"].client
    headers = {"X-CSRFToken": client.get_cookie("_csrf_token").value}

    def post(size):
        body = {"output": HOME, "outputs": {"id": "home-tiles", "property": "children"},
                "inputs": HOME_INPUT, "changedPropIds": [], "padding": "x" * size}
        return client.post("/_dash-update-component", json=body, headers=headers).status_code

    assert post(3 * 1024 * 1024) == 200           # a photo-sized callback body is fine
    assert post(9 * 1024 * 1024) == 413
    assert client.post("/login", data={"x": "y" * (3 * 1024 * 1024)}).status_code == 413


def test_a_wijkagent_reads_alerts_and_incidents_of_the_assigned_wijken_only(web):
    """The scope registry's area rule holds for every model, not just reports (issue 16)."""
    from datetime import timedelta

    from data_access.models import Alert, Area, utcnow

    _, store, clients = web
    now = utcnow()
    with transaction(store.sessions) as session:
        if session.scalar(select(Area.id).where(Area.code == "WK099902")) is None:
            session.add_all([Area(code="WK099902", kind="wijk", name="Verweg", parent_code="SDESCAMP"),
                             Area(code="BU09990201", kind="buurt", name="Verweg-Zuid", parent_code="WK099902")])
        session.add_all([Alert(kind="piek", area_code=code, visibility="gedeeld", window_start=now - timedelta(hours=1),
                               window_end=now, observed=6, expected=0.2, explanation=text, created_at=now)
                         for code, text in (("BU09990201", "Piek in Verweg-Zuid"),
                                            ("BU05184012", "Piek in de eigen wijk"))])
    alerts = "alerts-list.children"
    inputs = [{"id": "alerts-state-filter", "property": "value", "value": ["nieuw", "bevestigd"]},
              {"id": "alerts-version", "property": "data", "value": 0},
              {"id": "alerts-refresh", "property": "n_intervals", "value": 1}]
    for user, sees_elsewhere in (("meldkamer", True), ("gemeente", True), ("wijkagent", False)):
        text = clients[user].callback(alerts, inputs).get_data(as_text=True)
        assert "Piek in de eigen wijk" in text, user
        assert ("Piek in Verweg-Zuid" in text) is sees_elsewhere, user
