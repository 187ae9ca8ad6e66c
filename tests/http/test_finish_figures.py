"""Issue 21 (a professional finish): exact figures over real HTTP, per role, on SQLite and PostgreSQL.

The wall's tiles and queue, the feedback page's names, the trends' comparisons and the resident
pages answer with the numbers and words a manager or resident reads.
"""

from __future__ import annotations

from datetime import timedelta


from components.dates import format_age, format_date
from data_access.db import transaction
from data_access.models import Alert, utcnow
from data_access.vocabulary import ALERT_STATES, OPEN_ALERT_STATES

WALL_INPUTS = [{"id": "wall-refresh", "property": "n_intervals", "value": 1},
               {"id": "map-location", "property": "search", "value": ""}]
WALL_STATE = [{"id": "wall-state", "property": "data", "value": None}]


def _find(component, wanted_id):
    """The Dash component (as JSON) with id `wanted_id` anywhere below `component`."""
    if isinstance(component, list):
        for child in component:
            found = _find(child, wanted_id)
            if found is not None:
                return found
        return None
    if not isinstance(component, dict):
        return None
    props = component.get("props", {})
    if props.get("id") == wanted_id:
        return component
    return _find(props.get("children"), wanted_id)


def _text(component) -> str:
    if isinstance(component, list):
        return " ".join(_text(c) for c in component)
    if isinstance(component, dict):
        return _text(component.get("props", {}).get("children"))
    return "" if component is None else str(component)


def wall_tiles(app, client) -> list:
    key = next(k for k in app.callback_map if k.startswith("..wall-tiles.children"))
    response = client.callback(key, WALL_INPUTS, WALL_STATE)
    assert response.status_code == 200, response.text[:300]
    return response.get_json()["response"]["wall-tiles"]["children"]


def test_wall_open_alerts_tile_counts_only_open_states(web):
    """Two alerts in every state the vocabulary knows: the tile shows 2 x the open states only
    (a dismissed alert, 'afgewezen', is not open: the wall once counted it)."""
    app, store, clients = web
    now = utcnow()
    with transaction(store.sessions) as session:
        for state in ALERT_STATES:
            for n in range(2):
                session.add(Alert(kind="piek", area_code="BU05184011", visibility="gedeeld",
                                  window_start=now - timedelta(hours=2), window_end=now, observed=9,
                                  expected=2.0, explanation=f"test {state} {n}", state=state))
    assert set(ALERT_STATES) == {"nieuw", "bevestigd", "afgewezen", "afgehandeld"}
    for user in ("wall", "meldkamer"):
        tile = _find(wall_tiles(app, clients[user]), "kpi-wall-open-alerts")
        assert tile["props"]["children"] == str(2 * len(OPEN_ALERT_STATES)) == "4"


def _queue_rows(app, client, pathname: str, search: str = "") -> list:
    """The urgent queue's rows as the map's load callback sends them for a page and URL."""
    key = next(k for k in app.callback_map if "map-stale.children.." in k)
    response = client.callback(key, [{"id": "map-location", "property": "search", "value": search},
                                     {"id": "map-refresh", "property": "n_intervals", "value": None}],
                               [{"id": "map-cursor", "property": "data", "value": None},
                                {"id": "map-location", "property": "pathname", "value": pathname}])
    assert response.status_code == 200, response.text[:300]
    rows = response.get_json()["response"]["map-queue"]["children"]["props"]["children"]
    return rows if isinstance(rows, list) else [rows]


def test_urgent_queue_shows_age_newest_first_and_how_many_more(web):
    """Ten open urgent reports, the oldest seven weeks old: the queue lists them by age, newest
    first, as "12 min" ... "7 weken" (never a bare "15:02"), and says how many more there are.
    /kaart lists eight; the wall only the rows that fit on its screen (components/wall.py): four
    two-line rows and "+6 meer" beside the map, eight one-line rows on the whole width (rotate=N).
    Two reports that may describe someone in danger go on top with a badge line of their own: the
    wall then has room for fewer rows, and "+N meer" still counts exactly the rest."""
    from services.intake import IntakeData, submit_report

    app, store, clients = web
    now = utcnow()
    ages = [timedelta(minutes=12), timedelta(hours=3), timedelta(days=2), timedelta(days=3),
            timedelta(days=4), timedelta(days=5), timedelta(days=6), timedelta(days=8),
            timedelta(days=20), timedelta(weeks=7, hours=1)]
    shown = ["12 min", "3 uur", "2 dagen", "3 dagen", "4 dagen", "5 dagen", "6 dagen", "8 dagen"]

    def report(age, danger=None):
        submit_report(session, IntakeData(text="Boom over de weg", channel="app", lat=52.040, lon=4.28,
                                          category_slug="onderhoud-stoep-straat-en-fietspad", urgent=True,
                                          danger=danger, received_at=now - age))

    with transaction(store.sessions) as session:
        for age in ages:
            report(age)
    for user, pathname, search, count in (("meldkamer", "/kaart", "", 8), ("wall", "/wall", "", 4),
                                          ("wall", "/wall", "?rotate=10", 8)):
        rows = _queue_rows(app, clients[user], pathname, search)
        assert [_text(_find_class(row, "queue-time")) for row in rows[:-1]] == shown[:count], (pathname, search)
        assert _text(rows[-1]) == f"+{10 - count} meer"

    with transaction(store.sessions) as session:
        for age in (timedelta(hours=1), timedelta(hours=2)):
            report(age, danger="unsure")
    for user, pathname, search, count in (("meldkamer", "/kaart", "", 8), ("wall", "/wall", "", 2),
                                          ("wall", "/wall", "?rotate=10", 6)):
        rows = _queue_rows(app, clients[user], pathname, search)
        assert [_text(_find_class(row, "queue-time")) for row in rows[:-1]] == \
            ["1 uur", "2 uur", *shown][:count], (pathname, search)
        assert [_find_class(row, "queue-check") is not None for row in rows[:2]] == [True, True]
        assert _text(rows[-1]) == f"+{12 - count} meer"
    assert format_age(now - ages[-1], now) == "7 weken"
    assert format_age(now - timedelta(seconds=20), now) == "zojuist"
    assert format_age(now - timedelta(weeks=30), now) == format_date(now - timedelta(weeks=30))


def _find_class(component, class_name):
    if isinstance(component, list):
        for child in component:
            found = _find_class(child, class_name)
            if found is not None:
                return found
        return None
    if not isinstance(component, dict):
        return None
    props = component.get("props", {})
    if class_name in (props.get("className") or "").split():
        return component
    return _find_class(props.get("children"), class_name)
