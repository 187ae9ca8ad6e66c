"""Signalen-style CSV export (columns address, category, category_slug, created_at, id, lat, lng,
subcategory, subcategory_slug, wijk), e.g. Assen's public Signalen data; and that city's wijken.

Signalen sub categories mostly share our slugs; the others are mapped below, anything unknown
becomes "overig" with the reason on the report's timeline.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from shapely.geometry import box, mapping
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Area, Category
from services.importers.base import (
    FALLBACK_SLUG, ImportRow, RowError, area_codes_by_name, coordinate_pair, parse_time, read_csv,
    required,
)
from services.intake import IntakeData

SOURCE = "signalen"
COLUMNS = {"id", "created_at", "lat", "lng", "category_slug", "subcategory_slug", "subcategory", "address", "wijk"}
# Signalen sub categories (as used by e.g. Assen) that our taxonomy names differently.
SLUG_MAP = {
    "overig-overlast-openbare-ruimte": "overig-openbare-ruimte", "dumping": "grofvuil",
    "straatverlichting": "straatverlichting-openbare-klok",
    "overig-wegen-verkeer-en-straatmeubilair": "overig-wegen-verkeer-straatmeubilair",
    "onveilige-verkeerssituatie": "verkeersoverlast-verkeerssituaties", "paal": "straatmeubilair",
    "gladheidsbestrijding": "gladheid", "wateroverlast": "put-riolering-verstopt",
    "veeg-en-zwerfvuil": "veeg-zwerfvuil", "onderhoud-straat-fietspad-en-stoep": "onderhoud-stoep-straat-en-fietspad",
    "hond": "overig-dieren", "overig-openbaar-groen-en-water": "overig-groen-en-water",
    "reclame": "graffiti-wildplak", "speelvoorziening": "speelplaats", "maaien": "maaien-snoeien",
    "verkeersbord": "verkeersbord-verkeersafzetting", "overig-overlast-dier": "overig-dieren",
    "kinderboerderij": "overig-dieren", "bank": "straatmeubilair", "exoten": "onkruid",
    "scooter": "auto-scooter-bromfietswrak", "overig-riolering": "put-riolering-verstopt",
    "riool": "put-riolering-verstopt", "bewegwijzering": "verkeersbord-verkeersafzetting",
    "wegmarkering": "omleiding-belijning-verkeer", "snoeien": "maaien-snoeien",
    "luchtkwaliteit": "stank-geluidsoverlast", "plaagdier": "overig-dieren",
    "beplanting": "overig-groen-en-water", "sloot": "overig-groen-en-water", "minicontainer": "huisafval",
    "container": "container-is-vol", "gevaarlijk-afval": "asbest-accu", "mankement-put": "put-riolering-verstopt",
    "eikenprocessierups": "overig-dieren", "bushalte": "straatmeubilair",
    "overig-civiele-constructie": "overig-wegen-verkeer-straatmeubilair", "bladkorf": "overig-groen-en-water",
    "dood-dier": "dode-dieren", "graffiti": "graffiti-wildplak",
}


def our_slug(signalen_slug: str, known: set[str]) -> tuple[str, str]:
    """(our sub category slug, a note when it had to become "overig")."""
    slug = SLUG_MAP.get(signalen_slug, signalen_slug)
    if slug in known:
        return slug, ""
    return FALLBACK_SLUG, f"categorie onbekend: {signalen_slug!r} ingedeeld als overig (openbare ruimte)"


def known_slugs(session: Session) -> set[str]:
    return set(session.scalars(select(Category.slug).where(Category.parent_id.is_not(None))))


def read_rows(session: Session, path: Path) -> Iterator[ImportRow | RowError]:
    known, areas = known_slugs(session), area_codes_by_name(session)
    return read_csv(path, COLUMNS, lambda row, line: _row(row, line, known, areas))


def _row(row: dict, line: int, known: set[str], areas: dict[str, str]) -> ImportRow:
    source_id = required(row, "id")
    lat, lon = coordinate_pair(row, "lat", "lng")
    wijk = (row.get("wijk") or "").strip()
    slug, note = our_slug((row.get("subcategory_slug") or "").strip(), known)
    address = (row.get("address") or "").strip() or None
    text = ", ".join(p for p in ((row.get("subcategory") or "").strip(), address) if p)
    return ImportRow(line, IntakeData(
        text=text or "Melding uit import", channel="import", lat=lat, lon=lon, address=address,
        category_slug=slug, urgent=False, received_at=parse_time(row.get("created_at")),
        source_ref=f"{SOURCE}:{source_id}", area_code=areas.get(wijk.lower())), note=note)


def load_areas(session: Session, path: Path, source: str) -> int:
    """Load a city's wijken from a Signalen areas.json (name, code, bbox) as approximate areas."""
    items = json.loads(Path(path).read_text(encoding="utf-8"))
    existing = set(session.scalars(select(Area.code)))
    # 'district' entries carry the short names the reports use; they come first.
    items = sorted(items, key=lambda a: (a.get("type") or {}).get("code") != "district")
    added = 0
    for item in items:
        code, bbox = item.get("code"), item.get("bbox")
        if not code or code in existing or not bbox or len(bbox) != 4:
            continue
        session.add(Area(code=code, kind="wijk", name=item["name"], parent_code=None,
                         geometry=json.dumps(mapping(box(*bbox))), approximate=True,
                         source=f"{source} (omsluitende rechthoek, benaderd)"))
        existing.add(code)
        added += 1
    session.flush()
    return added
