"""/audit over real HTTP on both backends: a real contact view and photo view land in the audit log
with their page, the page lists them per user and period for the privacy officer (own
organisation) and beheerder, and flags a planted heavy viewer against the colleagues' median."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from auth.users import create_user
from data_access.db import transaction
from data_access.models import AuditLog, Report, User, utcnow
from data_access.time_buckets import LOCAL_TZ
from tests.privacy_plant import plant_resident

AUDIT = "..audit-entries.rowData...audit-heavy.rowData...audit-message.children.."


@pytest.fixture(scope="module")
def planted(web):
    app, store, clients = web
    p = plant_resident(store)
    now = utcnow()
    with transaction(store.sessions) as session:
        users = {name: create_user(session, name, "geheim1", "politie", ["meldkamer"], team="meldkamer")
                 for name in ("zwaar", "collega1", "collega2", "collega3")}
        for name, views in (("zwaar", 14), ("collega1", 2), ("collega2", 3), ("collega3", 1)):
            for n in range(views):
                session.add(AuditLog(user_id=users[name].id, username=name, action="view_contact",
                                     object_type="report", object_id=str(p.police_id), source="/kaart",
                                     at=now - timedelta(hours=1 + n)))
        session.add(AuditLog(user_id=users["zwaar"].id, username="zwaar", action="view_contact",
                             object_type="report", object_id=str(p.police_id), source="/kaart",
                             at=now - timedelta(days=60)))       # outside the period
    return app, store, clients, p


def post_with_page(client, output, inputs, state, page):
    """A callback as the renderer sends it from `page` (the Referer names the page)."""
    parts = [x for x in output.strip(".").split("...") if x]
    outputs = [{"id": x.rsplit(".", 1)[0], "property": x.rsplit(".", 1)[1]} for x in parts]
    body = {"output": output, "outputs": outputs[0] if len(outputs) == 1 else outputs, "inputs": inputs,
            "state": state, "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"]}
    headers = {"X-CSRFToken": client.client.get_cookie("_csrf_token").value,
               "Referer": f"http://localhost{page}?filter=x"}
    return client.client.post("/_dash-update-component", json=body, headers=headers)


def audit(client, days=7, user=None):
    today = utcnow().astimezone(LOCAL_TZ).date()
    return client.callback(AUDIT, [
        {"id": "audit-period", "property": "start_date", "value": (today - timedelta(days=days)).isoformat()},
        {"id": "audit-period", "property": "end_date", "value": today.isoformat()},
        {"id": "audit-user", "property": "value", "value": user}])


def test_contact_and_photo_views_are_audited_with_their_page(planted):
    _, store, clients, p = planted
    with store.session() as session:
        report = session.get(Report, p.police_id)
        loaded = {"id": report.id, "version": report.version}
    response = post_with_page(clients["meldkamer"], "report-panel-contact.children",
                              [{"id": "report-panel-contact-button", "property": "n_clicks", "value": 1}],
                              [{"id": "report-panel-loaded", "property": "data", "value": loaded}], "/kaart")
    assert response.status_code == 200 and "Zwaluwina Tremelo" in response.get_data(as_text=True)
    photo = clients["gemeente"].client.get(f"/foto/{p.photo_id}", headers={"Referer": "http://localhost/kaart"})
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    with store.session() as session:
        rows = session.execute(select(AuditLog.username, AuditLog.action, AuditLog.source)
                               .where(AuditLog.action.in_(("view_contact", "view_photo")),
                                      AuditLog.username.in_(("meldkamer", "gemeente")))).all()
    assert set(rows) == {("meldkamer", "view_contact", "/kaart"), ("gemeente", "view_photo", "/kaart")}


def test_audit_page_refused_to_staff_roles(planted):
    _, _, clients, _ = planted
    for user in ("meldkamer", "wijkagent", "handhaving", "gemeente", "manager-politie", "manager-gemeente", "wall"):
        assert clients[user].get("/audit").status_code == 403, user
        assert audit(clients[user]).status_code == 403, user


def test_police_officer_sees_views_and_the_flagged_heavy_viewer(planted):
    _, _, clients, p = planted
    assert clients["privacy-politie"].get("/audit").status_code == 200
    answer = audit(clients["privacy-politie"]).get_json()["response"]
    entries, heavy = answer["audit-entries"]["rowData"], answer["audit-heavy"]["rowData"]
    zwaar = [e for e in entries if e["gebruiker"] == "zwaar"]
    assert len(zwaar) == 14                      # the view of 60 days ago is outside the period
    assert zwaar[0]["object"] == f"melding {p.police_ref}" and zwaar[0]["pagina"] == "/kaart"
    assert zwaar[0]["wat"] == "Contactgegevens bekeken" and zwaar[0]["rol"] == "Meldkamer"
    flags = {row["gebruiker"]: row["opvallend"] for row in heavy}
    assert flags["zwaar"] == "ja" and flags["collega1"] == flags["collega2"] == "nee"
    assert {row["gebruiker"] for row in entries} >= {"meldkamer", "zwaar", "collega1"}
    assert "gemeente" not in {row["gebruiker"] for row in entries}      # own organisation only
    assert "1 opvallend" in answer["audit-message"]["children"]


def test_filter_per_user_and_scope_per_organisation(planted):
    app, store, clients, p = planted
    with store.session() as session:
        ids = dict(session.execute(select(User.username, User.id)).all())
    answer = audit(clients["privacy-politie"], user=ids["collega2"]).get_json()["response"]
    assert {e["gebruiker"] for e in answer["audit-entries"]["rowData"]} == {"collega2"}
    assert [r["gebruiker"] for r in answer["audit-heavy"]["rowData"]] == ["collega2"]
    refused = audit(clients["privacy-gemeente"], user=ids["zwaar"]).get_json()["response"]
    assert refused["audit-entries"]["rowData"] == [] and "buiten" in refused["audit-message"]["children"]
    gemeente = audit(clients["privacy-gemeente"]).get_json()["response"]
    names = {e["gebruiker"] for e in gemeente["audit-entries"]["rowData"]}
    assert "gemeente" in names and not names & {"zwaar", "meldkamer"}
    assert p.police_ref not in str(gemeente)
    beheerder = audit(clients["beheerder"]).get_json()["response"]
    objects = {e["object"] for e in beheerder["audit-entries"]["rowData"] if e["gebruiker"] == "zwaar"}
    assert objects == {"melding (alleen politie)"}          # a gemeente user is not told the reference
    bad = clients["beheerder"].callback(AUDIT, [
        {"id": "audit-period", "property": "start_date", "value": "2026-13-01"},
        {"id": "audit-period", "property": "end_date", "value": "2026-12-01"},
        {"id": "audit-user", "property": "value", "value": None}]).get_json()["response"]
    assert "geldige" in bad["audit-message"]["children"]
