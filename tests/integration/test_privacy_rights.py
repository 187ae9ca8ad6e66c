"""Residents' rights on both backends: find, export and erase one resident's data, with the police
scope (everything) and the gemeente scope (shared reports only), and the CLI."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from auth.principal import Principal
from data_access.db import transaction
from data_access.models import (
    AreaFollower, AuditLog, FeedbackMessage, Organisation, Report, ReporterContact, ReportPhoto,
)
from services.privacy.rights import (
    ERASED, RequestError, erase_resident, export_data, find_resident, parse_lookup,
)
from tests.privacy_plant import (
    EMAIL, OTHER_EMAIL, PHONE, PLANTED, plant_resident, row_counts, text_hits,
)

KEPT_TABLES = ("reports", "report_events", "reporter_contacts", "feedback_messages", "satisfaction_answers",
               "report_rollups", "feedback_facts")


def officer(session, org: str) -> Principal:
    org_id = session.scalar(select(Organisation.id).where(Organisation.code == org))
    return Principal(user_id=None, username=f"privacy-{org}", display_name="Privacy", organisation=org,
                     organisation_id=org_id, roles=frozenset({"privacy"}))


@pytest.fixture
def planted(store):
    return store, plant_resident(store)


def _export(store, org, query):
    with store.session() as session:
        return export_data(find_resident(session, officer(session, org), parse_lookup(query)))


def test_lookup_is_checked_in_dutch():
    assert parse_lookup(" hnm-0000012 ").kind == "reference"
    assert parse_lookup("Z.Tremelo@Voorbeeld.NL").value == "z.tremelo@voorbeeld.nl"
    assert parse_lookup("+31 6 98765432").value == parse_lookup("06-98765432").value == "698765432"
    for bad in ("", "12345", "geen@adres", "Jansen"):
        with pytest.raises(RequestError):
            parse_lookup(bad)


def test_police_officer_finds_everything_by_email_phone_or_reference(planted):
    store, p = planted
    for query in (EMAIL, PHONE, p.police_ref, p.shared_ref):
        data = _export(store, "politie", query)
        assert sorted(r["referentie"] for r in data["meldingen"]) == sorted([p.police_ref, p.shared_ref]), query
    data = _export(store, "politie", EMAIL)
    police, shared = sorted(data["meldingen"], key=lambda r: r["referentie"] != p.police_ref)
    assert police["alleen_politie"] and police["contactgegevens"]["naam"] == "Zwaluwina Tremelo"
    assert any(item["toelichting"] and "kwartelkoning" in item["toelichting"] for item in police["tijdlijn"])
    assert len(shared["fotos"]) == 1 and shared["fotos"][0]["data_base64"]
    assert shared["contactgegevens"]["volglink_actief"] is True
    assert shared["berichten_aan_u"][0]["tekst"].startswith("Beste heer Tremelo")
    assert shared["tevredenheid"][0]["toelichting"].endswith("Tremelo")
    assert [f["e_mail"] for f in data["buurtabonnementen"]] == [EMAIL]
    json.dumps(data)                         # JSON-ready


def test_gemeente_officer_never_sees_police_only_data(planted):
    store, p = planted
    for query in (EMAIL, PHONE, p.shared_ref):
        data = _export(store, "gemeente", query)
        assert [r["referentie"] for r in data["meldingen"]] == [p.shared_ref]
        dumped = json.dumps(data)
        assert p.police_ref not in dumped and "kwartelkoning" not in dumped and "Inbraak" not in dumped
    data = _export(store, "gemeente", p.police_ref)       # not even that it exists
    assert data["meldingen"] == [] and data["buurtabonnementen"] == []


def test_other_roles_find_nothing(planted):
    store, p = planted
    with store.session() as session:
        org_id = session.scalar(select(Organisation.id).where(Organisation.code == "politie"))
        meldkamer = Principal(user_id=None, username="m", display_name="m", organisation="politie",
                              organisation_id=org_id, roles=frozenset({"meldkamer"}))
        assert find_resident(session, meldkamer, parse_lookup(p.police_ref)).reports == []


def test_erase_leaves_nothing_identifying_and_counts_unchanged(planted):
    store, p = planted
    assert {hit[2] for hit in text_hits(store)} == set(PLANTED)      # the search finds them first
    before = row_counts(store, KEPT_TABLES)
    with transaction(store.sessions) as session:
        erasure = erase_resident(session, officer(session, "politie"),
                                 find_resident(session, officer(session, "politie"), parse_lookup(EMAIL)))
    assert (erasure.reports, erasure.photos, erasure.followers, erasure.messages_cancelled) == (2, 1, 1, 1)
    assert text_hits(store) == []
    assert row_counts(store, KEPT_TABLES) == before
    with store.session() as session:
        assert session.scalar(select(ReportPhoto).where(ReportPhoto.id == p.photo_id)) is None
        reports = {r.reference: r for r in session.scalars(select(Report))}
        assert reports[p.police_ref].text == reports[p.shared_ref].text == ERASED
        assert reports[p.police_ref].address == "Erasmusweg" and reports[p.police_ref].buurt_code
        assert reports[p.other_ref].text == "Zwerfvuil bij de speeltuin"          # the neighbour keeps hers
        contact = session.scalar(select(ReporterContact).where(ReporterContact.report_id == p.shared_id))
        assert (contact.email, contact.phone, contact.tracking_token_hash, contact.wants_feedback) == (None, None, None, True)
        assert session.scalar(select(FeedbackMessage.state).where(FeedbackMessage.report_id == p.shared_id)) == "vervallen"
        assert [f.email for f in session.scalars(select(AreaFollower))] == [OTHER_EMAIL]
        entry = session.scalar(select(AuditLog).where(AuditLog.action == "privacy_erase"))
        assert "2 melding(en)" in entry.detail and EMAIL not in entry.detail
    assert _export(store, "politie", EMAIL)["meldingen"] == []


def test_gemeente_erasure_leaves_police_only_data(planted):
    store, p = planted
    with transaction(store.sessions) as session:
        gemeente = officer(session, "gemeente")
        erase_resident(session, gemeente, find_resident(session, gemeente, parse_lookup(EMAIL)))
    with store.session() as session:
        assert session.get(Report, p.shared_id).text == ERASED
        assert "kwartelkoning" in session.get(Report, p.police_id).text
        assert session.scalar(select(ReporterContact.email).where(ReporterContact.report_id == p.police_id)) == EMAIL


def test_cli_export_and_erase(store, tmp_path_factory, tmp_path):
    from tests.conftest import make_app

    app = make_app(store, tmp_path_factory)
    p = plant_resident(store)
    runner = app.server.test_cli_runner()
    out = tmp_path / "inzage.json"
    result = runner.invoke(args=["privacy", "export", EMAIL, "--org", "gemeente", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [r["referentie"] for r in data["meldingen"]] == [p.shared_ref]
    result = runner.invoke(args=["privacy", "export", p.police_ref, "--org", "politie"])
    assert result.exit_code == 0 and p.shared_ref in result.output
    result = runner.invoke(args=["privacy", "erase", "onzin"])
    assert result.exit_code != 0 and "referentie" in result.output
    result = runner.invoke(args=["privacy", "erase", EMAIL], input="n\n")
    assert result.exit_code != 0 and "Niets gewist" in result.output
    assert text_hits(store) != []
    result = runner.invoke(args=["privacy", "erase", EMAIL, "--yes"])
    assert result.exit_code == 0 and "2 melding(en) geanonimiseerd" in result.output, result.output
    assert text_hits(store) == []
    with store.session() as session:
        assert session.scalar(select(AuditLog.source).where(AuditLog.action == "privacy_erase")) == "cli"
