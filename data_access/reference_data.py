"""Seed the reference data every store needs: organisations, teams, categories, areas.

Names of organisations and teams, the organisations' kinds and the sharing rules come from the
region (data_access/region.py) and follow it when it changes; everything else is idempotent: running it again adds what is missing and changes
nothing that exists (areas loaded later, e.g. the official CBS polygons, stay as they are).
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Area, Category, CategorySharing, Organisation, Team
from data_access.region import Region, load_region
from data_access.taxonomy_file import load_taxonomy_file


def seed_reference_data(session: Session, region: Region | None = None) -> None:
    region = region or load_region()
    orgs = _seed_organisations(session, region)
    teams = _seed_teams(session, orgs, region)
    _seed_categories(session, orgs, teams)
    _seed_sharing(session, orgs, region)
    _seed_areas(session, region)
    session.flush()


def _seed_organisations(session: Session, region: Region) -> dict[str, Organisation]:
    existing = {o.code: o for o in session.scalars(select(Organisation))}
    for code, name in region.organisations.items():
        if code not in existing:
            existing[code] = Organisation(code=code, name=name)
            session.add(existing[code])
        org = existing[code]
        org.name, org.kind = name, region.kinds[code]
        org.sees_every_category = region.sharing.sees_every_category(code)
    # an organisation the region file no longer names sees nothing and gets no reports handed over
    for code, org in existing.items():
        if code not in region.organisations:
            org.sees_every_category = False
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


def _seed_sharing(session: Session, orgs: dict[str, Organisation], region: Region) -> None:
    """The region's rules as rows (organisation x category); they follow the file at every start
    (updated in place: workers starting together find the rows and insert nothing twice)."""
    session.flush()
    categories = list(session.scalars(select(Category)))
    subs_of: dict[int, list[Category]] = {}
    for category in categories:
        if category.parent_id is not None:
            subs_of.setdefault(category.parent_id, []).append(category)
    existing = {(r.organisation_id, r.category_id): r for r in session.scalars(select(CategorySharing))}
    for code, org in orgs.items():
        named = code in region.organisations         # an organisation the file no longer names: nothing
        for category in categories:
            rule = region.sharing.rule(category.slug)
            flags = {"handles": named and code in rule.handled_by,
                     "sees": named and code in rule.visible_to
                     and all(code in region.sharing.rule(s.slug).visible_to for s in subs_of.get(category.id, [])),
                     "personal_data": named and code in rule.personal_data_to}
            row = existing.get((org.id, category.id))
            if row is None:
                session.add(CategorySharing(organisation_id=org.id, category_id=category.id, **flags))
            else:
                for name, value in flags.items():
                    setattr(row, name, value)


def _seed_areas(session: Session, region: Region) -> None:
    existing = set(session.scalars(select(Area.code)))
    for feature in region.areas:
        if feature.code in existing:
            continue
        session.add(Area(code=feature.code, kind=feature.kind, name=feature.name,
                         parent_code=feature.parent_code, geometry=json.dumps(feature.geometry.__geo_interface__),
                         approximate=region.areas_approximate, source=region.areas_source))
