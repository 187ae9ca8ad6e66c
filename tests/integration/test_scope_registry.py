"""The scope registry (data_access/scoping.py) with real SQL on both backends: one rule for every
model that holds report content. A wijkagent sees the assigned wijken only, of every model; a
wijkagent without wijken sees nothing of them; the gemeente never a police-only row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from auth.principal import Principal
from data_access.db import transaction
from data_access.models import (
    Alert, Area, FeedPost, Incident, IncidentProposal, Organisation, Report, ReportEvent, ReportPhoto, utcnow,
)
from data_access.scoping import SCOPE_RULES, scoped_select
from services.intake import IntakeData, submit_report

HOME, ELSEWHERE = "WK051840", "WK099901"
HOME_BUURT, ELSEWHERE_BUURT = "BU05184012", "BU09990101"


def principal(org: str, org_id: int, role: str, areas=()) -> Principal:
    return Principal(user_id=0, username=role, display_name=role, organisation=org, organisation_id=org_id,
                     roles=frozenset({role}), area_codes=frozenset(areas))


@pytest.fixture
def rows(store):
    """One row of every registered model in the wijkagent's wijk and one in another wijk, each
    police-only where the model has a visibility."""
    now = utcnow()
    with transaction(store.sessions) as session:
        session.add_all([Area(code=ELSEWHERE, kind="wijk", name="Elders", parent_code="SDESCAMP"),
                         Area(code=ELSEWHERE_BUURT, kind="buurt", name="Elders-Noord", parent_code=ELSEWHERE)])
        politie = session.scalar(select(Organisation).where(Organisation.code == "politie"))
        for wijk, buurt, tag in ((HOME, HOME_BUURT, "thuis"), (ELSEWHERE, ELSEWHERE_BUURT, "elders")):
            report = submit_report(session, IntakeData(text=f"Inbraak {tag} bij de buren", channel="app",
                                                       lat=52.045, lon=4.288, category_slug="inbraak"))
            report.wijk_code, report.buurt_code = wijk, buurt
            other = submit_report(session, IntakeData(text=f"Inbraak {tag} ernaast", channel="app",
                                                      lat=52.045, lon=4.288, category_slug="inbraak"))
            other.wijk_code, other.buurt_code = wijk, buurt
            incident = Incident(title=f"Incident {tag}", organisation_id=politie.id, visibility="politie",
                                buurt_code=buurt, status="open")
            session.add(incident)
            session.flush()
            session.add_all([
                Alert(kind="piek", area_code=buurt, visibility="politie", window_start=now - timedelta(hours=1),
                      window_end=now, observed=5, expected=0.1, explanation=f"Piek {tag}", created_at=now),
                IncidentProposal(report_id=report.id, candidate_report_id=other.id, organisation_id=politie.id,
                                 visibility="politie", score=0.9, reasons=tag),
                ReportPhoto(report_id=report.id, content_type="image/png", data=b"x", width=1, height=1),
                FeedPost(source="buurtapp", source_ref=f"buurtapp:{tag}", raw_text=f"Post {tag}",
                         posted_at=now, wijk_code=wijk)])
        return politie.id, session.scalar(select(Organisation.id).where(Organisation.code == "gemeente"))


def counts(store, who: Principal) -> dict[str, int]:
    with store.sessions() as session:
        return {model.__name__: session.scalar(select(func.count()).select_from(
            scoped_select(who, model).subquery())) for model in SCOPE_RULES}


def test_every_model_is_registered():
    assert set(SCOPE_RULES) == {Report, Incident, Alert, IncidentProposal, ReportEvent, ReportPhoto, FeedPost}


def test_a_wijkagent_sees_the_assigned_wijken_of_every_model(store, rows):
    politie, _ = rows
    everything = counts(store, principal("politie", politie, "meldkamer"))
    home = counts(store, principal("politie", politie, "wijkagent", {HOME}))
    for model, n in everything.items():
        assert n > 0, model
        assert 0 < home[model] < n, (model, home[model], n)     # its own wijk, not the other


def test_a_wijkagent_without_wijken_sees_nothing(store, rows):
    politie, _ = rows
    assert set(counts(store, principal("politie", politie, "wijkagent")).values()) == {0}


def test_the_gemeente_sees_no_police_only_row(store, rows):
    _, gemeente = rows
    seen = counts(store, principal("gemeente", gemeente, "gemeente"))
    assert {model: n for model, n in seen.items() if model != "FeedPost"} == dict.fromkeys(
        [m.__name__ for m in SCOPE_RULES if m is not FeedPost], 0)
    assert seen["FeedPost"] == 2          # public posts: no visibility of their own
