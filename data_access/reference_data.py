"""Seed the reference data every store needs: organisations, teams, categories, areas.

Names of organisations and teams come from the region (data_access/region.py) and follow it when
it changes; everything else is idempotent: running it again adds what is missing and changes
nothing that exists (areas loaded later, e.g. the official CBS polygons, stay as they are).
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Area, Category, Organisation, Team
from data_access.region import Region, load_region

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


def load_taxonomy_file() -> dict:
    return json.loads((REFERENCE_DIR / "categories.json").read_text(encoding="utf-8"))


def seed_reference_data(session: Session, region: Region | None = None) -> None:
    region = region or load_region()
    orgs = _seed_organisations(session, region)
    teams = _seed_teams(session, orgs, region)
    _seed_categories(session, orgs, teams)
    _seed_areas(session, region)
    session.flush()


def _seed_organisations(session: Session, region: Region) -> dict[str, Organisation]:
    existing = {o.code: o for o in session.scalars(select(Organisation))}
    for code, name in region.organisations.items():
        if code not in existing:
            existing[code] = Organisation(code=code, name=name)
            session.add(existing[code])
        elif existing[code].name != name:
            existing[code].name = name
    session.flush()
    return existing


def _seed_teams(session: Session, orgs: dict[str, Organisation], region: Region) -> dict[tuple[str, str], Team]:
    existing = {(t.organisation.code, t.code): t for t in session.scalars(select(Team))}
    for org_code, teams in region.teams.items():
        for code, name in teams.items():
            if (org_code, code) not in existing:
                team = Team(organisation=orgs[org_code], code=code, name=name)
                existing[(org_code, code)] = team
                session.add(team)
            elif existing[(org_code, code)].name != name:
                existing[(org_code, code)].name = name
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


def _seed_areas(session: Session, region: Region) -> None:
    existing = set(session.scalars(select(Area.code)))
    for feature in region.areas:
        if feature.code in existing:
            continue
        session.add(Area(code=feature.code, kind=feature.kind, name=feature.name,
                         parent_code=feature.parent_code, geometry=json.dumps(feature.geometry.__geo_interface__),
                         approximate=region.areas_approximate, source=region.areas_source))
