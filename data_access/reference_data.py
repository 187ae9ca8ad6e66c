"""Seed the reference data every store needs: organisations, teams, categories, areas.

Idempotent: running it again adds what is missing and changes nothing that exists.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Area, Category, Organisation, Team

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"

ORGANISATIONS = {"politie": "Politie Den Haag", "gemeente": "Gemeente Den Haag"}
TEAMS = {
    "politie": {"meldkamer": "Meldkamer", "noodhulp": "Noodhulp", "wijkteam": "Wijkteam Wateringse Veld"},
    "gemeente": {"stadsbeheer": "Stadsbeheer", "handhaving": "Handhaving (BOA)",
                 "dieren": "Dierenwelzijn en GGD", "water": "Water en kades",
                 "regie": "Regie openbare ruimte"},
}


def load_taxonomy_file() -> dict:
    return json.loads((REFERENCE_DIR / "categories.json").read_text(encoding="utf-8"))


def load_area_file() -> dict:
    return json.loads((REFERENCE_DIR / "wateringse_veld.geojson").read_text(encoding="utf-8"))


def seed_reference_data(session: Session) -> None:
    orgs = _seed_organisations(session)
    teams = _seed_teams(session, orgs)
    _seed_categories(session, orgs, teams)
    _seed_areas(session)
    session.flush()


def _seed_organisations(session: Session) -> dict[str, Organisation]:
    existing = {o.code: o for o in session.scalars(select(Organisation))}
    for code, name in ORGANISATIONS.items():
        if code not in existing:
            existing[code] = Organisation(code=code, name=name)
            session.add(existing[code])
    session.flush()
    return existing


def _seed_teams(session: Session, orgs: dict[str, Organisation]) -> dict[tuple[str, str], Team]:
    existing = {(t.organisation.code, t.code): t for t in session.scalars(select(Team))}
    for org_code, teams in TEAMS.items():
        for code, name in teams.items():
            if (org_code, code) not in existing:
                team = Team(organisation=orgs[org_code], code=code, name=name)
                existing[(org_code, code)] = team
                session.add(team)
    session.flush()
    return existing


def _seed_categories(session, orgs, teams) -> None:
    taxonomy = load_taxonomy_file()
    existing = {c.slug: c for c in session.scalars(select(Category))}
    for main in taxonomy["main_categories"]:
        if main["slug"] not in existing:
            existing[main["slug"]] = Category(
                slug=main["slug"], name=main["name"],
                organisation_id=orgs[main["organisation"]].id, source="hnm")
            session.add(existing[main["slug"]])
    session.flush()
    for sub in taxonomy["sub_categories"]:
        if sub["slug"] in existing:
            continue
        session.add(Category(
            slug=sub["slug"], name=sub["name"], parent_id=existing[sub["main"]].id,
            organisation_id=orgs[sub["organisation"]].id,
            team_id=teams[(sub["organisation"], sub["team"])].id,
            default_urgent=sub["urgent"], default_visibility=sub["visibility"],
            handling_days=sub["handling_days"], calendar_days=sub["calendar_days"],
            handling_hours=sub["handling_hours"], handling_text=sub["handling_text"],
            public_text=sub["public_text"], source=sub["source"]))


def _seed_areas(session: Session) -> None:
    collection = load_area_file()
    existing = set(session.scalars(select(Area.code)))
    for feature in collection["features"]:
        props = feature["properties"]
        if props["code"] in existing:
            continue
        session.add(Area(code=props["code"], kind=props["kind"], name=props["name"],
                         parent_code=props["parent_code"],
                         geometry=json.dumps(feature["geometry"]), approximate=True,
                         source=collection["source"]))
