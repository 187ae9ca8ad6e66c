"""Staff on duty get e-mail about new urgent reports and alerts, each within their own scope,
once, without reporters' personal data or report text; each person sets only their own choice."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from data_access.db import transaction
from data_access.models import Alert, Organisation, StaffNotification, StaffNotificationSetting, User, utcnow
from services.intake import IntakeData, submit_report
from services.staff_notifications import deliver, queue_new

OUTPUT = "staff-notify-status.children"
SECRET_TEXT = "Buurman Jansen van nummer 12 slaat zijn hond"


class Recorder:
    def __init__(self):
        self.envelopes = []

    def deliver(self, envelope):
        self.envelopes.append(envelope)


def _save(client, email, options):
    return client.callback(OUTPUT, [{"id": "staff-notify-save", "property": "n_clicks", "value": 1}],
                           [{"id": "staff-notify-email", "property": "value", "value": email},
                            {"id": "staff-notify-options", "property": "value", "value": options}])


def _urgent(session, visibility, outside_our_wijk=False):
    report = submit_report(session, IntakeData(text=SECRET_TEXT, channel="app", lat=52.0455, lon=4.288,
                                               category_slug="veeg-zwerfvuil", contact_name="Piet Melder",
                                               contact_email="piet@melder.nl"))
    report.urgent, report.visibility = True, visibility
    if outside_our_wijk:
        report.wijk_code = report.buurt_code = None
    session.flush()
    return report.id


def test_settings_are_each_persons_own_and_checked(web):
    _app, store, clients = web
    assert _save(clients[None], "x@politie.nl", ["dienst"]).status_code == 401
    assert _save(clients["beheerder"], "x@politie.nl", ["dienst"]).status_code == 403
    assert _save(clients["manager-politie"], "x@politie.nl", ["dienst"]).status_code == 403
    assert "geldig e-mailadres" in _save(clients["meldkamer"], "geen-adres", ["dienst", "spoed"]).text
    assert "Opgeslagen. U krijgt e-mail over spoedmeldingen en signalen" in \
        _save(clients["meldkamer"], "meldkamer@politie.example", ["dienst", "spoed", "signalen"]).text
    assert "geen e-mail" in _save(clients["handhaving"], "boa@gemeente.example", ["spoed"]).text
    with store.session() as session:
        settings = {s.user_id: s for s in session.scalars(select(StaffNotificationSetting))}
        meldkamer = session.scalar(select(User.id).where(User.username == "meldkamer"))
        assert settings[meldkamer].email == "meldkamer@politie.example" and settings[meldkamer].on_duty
    page = clients["meldkamer"].callback(".._pages_content.children..._pages_store.data..",
                                         [{"id": "_pages_location", "property": "pathname", "value": "/instellingen"},
                                          {"id": "_pages_location", "property": "search", "value": ""}],
                                         outputs=[{"id": "_pages_content", "property": "children"},
                                                  {"id": "_pages_store", "property": "data"}])
    assert "meldkamer@politie.example" in page.text


def test_each_person_hears_only_of_what_they_may_see_once_and_without_personal_data(web):
    _app, store, clients = web
    for name in ("meldkamer", "wijkagent", "gemeente"):
        assert "Opgeslagen" in _save(clients[name], f"{name}@dienst.example", ["dienst", "spoed", "signalen"]).text
    with transaction(store.sessions) as session:
        police_here = _urgent(session, "politie")                        # in the wijkagent's wijk
        shared_elsewhere = _urgent(session, "gedeeld", outside_our_wijk=True)
        police = session.scalar(select(Organisation.id).where(Organisation.code == "politie"))
        now = utcnow()
        alert = Alert(kind="hotspot", area_code="BU05184011", organisation_id=police, visibility="politie",
                      window_start=now - timedelta(hours=1), window_end=now, observed=9, expected=1.2,
                      explanation="9 meldingen binnen 150 m in 7 dagen; verwacht 1,2.", created_at=now)
        session.add(alert)
        session.flush()
        alert_id = alert.id
        queue_new(session, utcnow())
    with transaction(store.sessions) as session:
        assert queue_new(session, utcnow()) == 0                         # nothing twice
        users = dict(session.execute(select(User.id, User.username)).all())
        got = {}
        for note in session.scalars(select(StaffNotification)):
            got.setdefault(users[note.user_id], set()).add((note.kind, note.object_id))
    assert got["meldkamer"] >= {("spoedmelding", police_here), ("spoedmelding", shared_elsewhere),
                                ("signaal", alert_id)}
    assert got["wijkagent"] >= {("spoedmelding", police_here), ("signaal", alert_id)}
    assert ("spoedmelding", shared_elsewhere) not in got["wijkagent"]
    assert ("spoedmelding", shared_elsewhere) in got["gemeente"]
    assert not {("spoedmelding", police_here), ("signaal", alert_id)} & got["gemeente"]
    recorder = Recorder()
    with transaction(store.sessions) as session:
        counts = deliver(session, utcnow(), {"email": recorder}, "https://hnm.example")
    assert counts["mislukt"] == 0 and counts["verzonden"] == len(recorder.envelopes) >= 6
    for envelope in recorder.envelopes:
        everything = json.dumps([envelope.subject, envelope.body, envelope.html], ensure_ascii=False)
        assert SECRET_TEXT not in everything and "Piet" not in everything and "piet@melder.nl" not in everything
        assert "https://hnm.example/instellingen" in envelope.body
    to_gemeente = [e for e in recorder.envelopes if e.address == "gemeente@dienst.example"]
    assert to_gemeente and not any("hotspot" in e.subject.lower() for e in to_gemeente)
    hotspot = next(e for e in recorder.envelopes if e.address == "meldkamer@dienst.example" and e.kind == "signaal")
    assert "9 meldingen binnen 150 m" in hotspot.body and hotspot.subject.startswith("Nieuw signaal")
