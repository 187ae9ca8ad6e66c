"""Vroegsignalering: spikes, hotspots and repeat locations as alerts that explain themselves.

Each detector compares what was observed with what a place's own history makes expected and
raises an alert only when a Poisson test says the difference is very unlikely by chance AND the
count is large enough for an operator to act on (few false alarms on a wall screen).

- piek: reports per buurt x main category in the last 1, 3 or 24 hours against the buurt's rate
  over the previous 28 days, shaped by weekday and hour (from the wijk's history of that category).
- herhaling: the same spot (~25 m) reported again and again in 28 days, against the density of the
  surrounding 250 m.
- hotspot: the last 7 days within ~150 m against the 49 days before.

Alerts are computed per visibility level: a shared ("gedeeld") alert counts only shared reports, a
police-only alert only police-only reports, so a gemeente user never sees a count that includes
police-only reports. Detection is incremental (`on_report_submitted`: only the report's own series
and surroundings, via indexed range queries) and scheduled (`run_detection`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import click
from scipy.stats import poisson
from sqlalchemy import Integer, and_, cast, func, select
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.alert_queries import METRES_PER_DEG_LAT, METRES_PER_DEG_LON, get_alert, near
from data_access.db import transaction
from data_access.models import Alert, Area, Category, Report, utcnow
from services.incident_grouping import propose_for
from services.workflow import WorkflowError

log = logging.getLogger(__name__)

SPIKE_WINDOWS = (1, 3, 24)                       # hours
SPIKE_MIN_COUNT = {1: 4, 3: 5, 24: 7}            # fewer reports than this never make a spike
HISTORY_DAYS = 28
ALPHA = 1e-5                                     # Poisson tail probability for an alert
FLOOR_RATE_PER_HOUR = 1 / (HISTORY_DAYS * 24)    # a series without history: one per 4 weeks
MIN_HISTORY_DAYS = 7                             # never estimate a rate from less than a week
SEASON_PSEUDO = 2.0                              # smoothing of the weekday/hour profile

REPEAT_RADIUS_M, REPEAT_CONTEXT_M, REPEAT_DAYS, REPEAT_MIN_COUNT = 25, 250, 28, 5
HOTSPOT_RADIUS_M, HOTSPOT_DAYS, HOTSPOT_BASE_DAYS, HOTSPOT_MIN_COUNT = 150, 7, 49, 6
HOTSPOT_FLOOR_EXPECTED = 0.5
OPEN_STATES = ("nieuw", "bevestigd")
STATES = ("nieuw", "bevestigd", "afgewezen", "afgehandeld")
KIND_LABELS = {"piek": "Piek", "hotspot": "Hotspot", "herhaling": "Herhaalde locatie"}


@dataclass(frozen=True)
class Series:
    """Reports of one buurt (or spot) x main category x visibility level."""
    main_category_id: int
    visibility: str
    buurt_code: str | None = None


def dutch_decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def surprise(observed: int, expected: float) -> float:
    """P(X >= observed) for X ~ Poisson(expected)."""
    return float(poisson.sf(observed - 1, max(expected, 1e-9)))


def is_alarming(observed: int, expected: float, min_count: int) -> bool:
    return observed >= min_count and surprise(observed, expected) < ALPHA


# --- entry points -------------------------------------------------------------------------

def on_report_submitted(session: Session, report: Report) -> list[Alert]:
    """Cheap incremental detection for one new report: its own series and surroundings, and a
    grouping proposal. Time is the report's own received_at (so replays behave like live)."""
    now = report.received_at
    alerts = []
    if report.buurt_code:
        alert = check_spike(session, Series(report.main_category_id, report.visibility,
                                            report.buurt_code), now)
        alerts.append(alert)
    if report.lat is not None and report.lon is not None:
        alerts.append(check_repeat(session, report, now))
        alerts.append(check_hotspot(session, report, now))
    propose_for(session, report)
    session.flush()
    return [a for a in alerts if a is not None]


def run_detection(session: Session, now: datetime) -> list[Alert]:
    """Scheduled pass over the series and places that had reports in the last 24 hours."""
    since = now - timedelta(hours=24)
    active = session.execute(
        select(Report.buurt_code, Report.main_category_id, Report.visibility)
        .where(Report.received_at >= since, Report.received_at <= now,
               Report.buurt_code.is_not(None))
        .group_by(Report.buurt_code, Report.main_category_id, Report.visibility)).all()
    alerts = [check_spike(session, Series(cat, vis, buurt), now) for buurt, cat, vis in active]
    # One representative report per ~100 m cell and series for the place-based detectors.
    cell_lat = cast(Report.lat * 1000, Integer)
    cell_lon = cast(Report.lon * 700, Integer)
    representatives = session.scalars(
        select(func.max(Report.id)).where(Report.received_at >= since, Report.received_at <= now,
                                          Report.lat.is_not(None))
        .group_by(cell_lat, cell_lon, Report.main_category_id, Report.visibility)).all()
    for report in session.scalars(select(Report).where(Report.id.in_(representatives))):
        alerts.append(check_repeat(session, report, now))
        alerts.append(check_hotspot(session, report, now))
    session.flush()
    return [a for a in alerts if a is not None]


# --- spikes -------------------------------------------------------------------------------

def _weekday_hour(session: Session):
    """(weekday with Sunday=0, hour) of received_at in SQL, on SQLite and PostgreSQL."""
    if session.get_bind().dialect.name == "sqlite":
        return (cast(func.strftime("%w", Report.received_at), Integer),
                cast(func.strftime("%H", Report.received_at), Integer))
    return (cast(func.extract("dow", Report.received_at), Integer),
            cast(func.extract("hour", Report.received_at), Integer))


def season_profile(session: Session, series: Series, wijk_code: str | None,
                   history_start: datetime, history_end: datetime) -> tuple[list[float], list[float]]:
    """Relative weekday (Sunday=0) and hour factors (mean 1) of the category in the wijk."""
    weekday, hour = _weekday_hour(session)
    conditions = [Report.main_category_id == series.main_category_id,
                  Report.visibility == series.visibility,
                  Report.received_at >= history_start, Report.received_at < history_end]
    if wijk_code:
        conditions.append(Report.wijk_code == wijk_code)
    rows = session.execute(select(weekday, hour, func.count()).where(*conditions)
                           .group_by(weekday, hour)).all()
    days, hours = [0.0] * 7, [0.0] * 24
    for d, h, n in rows:
        days[int(d)] += n
        hours[int(h)] += n
    total = sum(days)
    day_factor = [(c + SEASON_PSEUDO) / (total + 7 * SEASON_PSEUDO) * 7 for c in days]
    hour_factor = [(c + SEASON_PSEUDO) / (total + 24 * SEASON_PSEUDO) * 24 for c in hours]
    return day_factor, hour_factor


def expected_count(rate_per_hour: float, day_factor: list[float], hour_factor: list[float],
                   start: datetime, hours: int) -> float:
    total = 0.0
    for i in range(hours):
        at = start + timedelta(hours=i)
        total += day_factor[(at.weekday() + 1) % 7] * hour_factor[at.hour]
    return rate_per_hour * total


def check_spike(session: Session, series: Series, now: datetime) -> Alert | None:
    """Test the 1/3/24-hour windows of one buurt x category x visibility series."""
    history_end = now - timedelta(hours=max(SPIKE_WINDOWS))
    history_start = history_end - timedelta(days=HISTORY_DAYS)
    in_series = and_(Report.buurt_code == series.buurt_code,
                     Report.main_category_id == series.main_category_id,
                     Report.visibility == series.visibility)
    windows = {w: func.count().filter(Report.received_at > now - timedelta(hours=w)) for w in SPIKE_WINDOWS}
    row = session.execute(select(
        *windows.values(),
        func.count().filter(Report.received_at < history_end),
        func.min(Report.received_at),
        func.avg(Report.lat).filter(Report.received_at > now - timedelta(hours=24)),
        func.avg(Report.lon).filter(Report.received_at > now - timedelta(hours=24)),
        func.max(Report.wijk_code),
    ).where(in_series, Report.received_at >= history_start, Report.received_at <= now)).one()
    observed = dict(zip(SPIKE_WINDOWS, row[:len(SPIKE_WINDOWS)]))
    history_count, first, lat, lon, wijk = row[len(SPIKE_WINDOWS):]
    if not any(observed[w] >= SPIKE_MIN_COUNT[w] for w in SPIKE_WINDOWS):
        return None                                            # the common, cheap way out
    rate = max(history_count / _history_hours(first, history_start, history_end), FLOOR_RATE_PER_HOUR)
    day_factor, hour_factor = season_profile(session, series, wijk, history_start, history_end)
    best = None
    for w in SPIKE_WINDOWS:
        start = now - timedelta(hours=w)
        expected = expected_count(rate, day_factor, hour_factor, start, w)
        if is_alarming(observed[w], expected, SPIKE_MIN_COUNT[w]):
            p = surprise(observed[w], expected)
            if best is None or p < best[0]:
                best = (p, w, observed[w], expected)
    if best is None:
        return None
    _, w, count, expected = best
    sentence = (f"{count} meldingen {_category_name(session, series.main_category_id)} in "
                f"{_area_name(session, series.buurt_code)} in de afgelopen "
                f"{'uur' if w == 1 else f'{w} uur'}, verwacht {dutch_decimal(expected)}.")
    return _raise(session, "piek", series, now - timedelta(hours=w), now, count, expected,
                  sentence, lat, lon, same_place=None)


def _history_hours(first: datetime | None, start: datetime, end: datetime) -> float:
    """Hours of history actually covered: a young store (or series) has less than the full
    period, and dividing by the full period would make every early week look like a spike."""
    begin = max(start, first) if first is not None else start
    return max((end - begin).total_seconds() / 3600, MIN_HISTORY_DAYS * 24)


# --- places: repeat locations and hotspots --------------------------------------------------

def check_repeat(session: Session, report: Report, now: datetime) -> Alert | None:
    """The same spot (~25 m) reported again and again, against the surrounding 250 m."""
    since = now - timedelta(days=REPEAT_DAYS)
    same = and_(Report.main_category_id == report.main_category_id,
                Report.visibility == report.visibility,
                Report.received_at >= since, Report.received_at <= now)
    spot, context, first = session.execute(select(
        func.count().filter(near(report.lat, report.lon, REPEAT_RADIUS_M)),
        func.count(),
        func.min(Report.received_at).filter(near(report.lat, report.lon, REPEAT_RADIUS_M)),
    ).where(same, near(report.lat, report.lon, REPEAT_CONTEXT_M))).one()
    expected = max((context - spot) * (REPEAT_RADIUS_M / REPEAT_CONTEXT_M) ** 2, 0.05)
    if not is_alarming(spot, expected, REPEAT_MIN_COUNT):
        return None
    place = report.address or _area_name(session, report.buurt_code)
    sentence = (f"{spot} meldingen {_category_name(session, report.main_category_id)} op dezelfde "
                f"plek ({place}) in de afgelopen {REPEAT_DAYS} dagen, verwacht {dutch_decimal(expected)}.")
    series = Series(report.main_category_id, report.visibility, report.buurt_code)
    return _raise(session, "herhaling", series, first or since, now, spot, expected, sentence,
                  report.lat, report.lon, same_place=2 * REPEAT_RADIUS_M)


def check_hotspot(session: Session, report: Report, now: datetime) -> Alert | None:
    """Unusually many reports within ~150 m in the last 7 days, against the 49 days before."""
    recent_start = now - timedelta(days=HOTSPOT_DAYS)
    base_start = recent_start - timedelta(days=HOTSPOT_BASE_DAYS)
    recent, base, first, lat, lon = session.execute(select(
        func.count().filter(Report.received_at >= recent_start),
        func.count().filter(Report.received_at < recent_start),
        func.min(Report.received_at),
        func.avg(Report.lat).filter(Report.received_at >= recent_start),
        func.avg(Report.lon).filter(Report.received_at >= recent_start),
    ).where(Report.main_category_id == report.main_category_id,
            Report.visibility == report.visibility, Report.received_at >= base_start,
            Report.received_at <= now, near(report.lat, report.lon, HOTSPOT_RADIUS_M))).one()
    base_hours = _history_hours(first, base_start, recent_start)
    expected = max(base * HOTSPOT_DAYS * 24 / base_hours, HOTSPOT_FLOOR_EXPECTED)
    if not is_alarming(recent, expected, HOTSPOT_MIN_COUNT):
        return None
    sentence = (f"{recent} meldingen {_category_name(session, report.main_category_id)} binnen "
                f"{HOTSPOT_RADIUS_M} meter in {_area_name(session, report.buurt_code)} in de "
                f"afgelopen {HOTSPOT_DAYS} dagen, verwacht {dutch_decimal(expected)}.")
    series = Series(report.main_category_id, report.visibility, report.buurt_code)
    return _raise(session, "hotspot", series, recent_start, now, recent, expected, sentence,
                  lat, lon, same_place=2 * HOTSPOT_RADIUS_M)


# --- storing alerts -----------------------------------------------------------------------

def _raise(session: Session, kind: str, series: Series, start: datetime, end: datetime,
           observed: int, expected: float, sentence: str, lat, lon,
           same_place: float | None) -> Alert | None:
    """Create the alert, or update the series' recent one instead of repeating it; a series an
    operator dismissed ('afgewezen') stays quiet for the rest of that alert's window."""
    recent = end - (timedelta(hours=24) if kind == "piek" else timedelta(days=HOTSPOT_DAYS))
    query = select(Alert).where(Alert.kind == kind, Alert.main_category_id == series.main_category_id,
                                Alert.visibility == series.visibility, Alert.window_end >= recent)
    if same_place is None:
        query = query.where(Alert.area_code == series.buurt_code)
    elif lat is not None:
        dlat, dlon = same_place / METRES_PER_DEG_LAT, same_place / METRES_PER_DEG_LON
        query = query.where(Alert.lat.between(lat - dlat, lat + dlat),
                            Alert.lon.between(lon - dlon, lon + dlon))
    existing = session.scalars(query.order_by(Alert.window_end.desc()).limit(1)).first()
    if existing is not None:
        if existing.state in OPEN_STATES and observed >= existing.observed:
            existing.window_start, existing.window_end = min(existing.window_start, start), end
            existing.observed, existing.expected, existing.explanation = observed, expected, sentence
        return None
    organisation_id = session.scalar(select(Category.organisation_id)
                                     .where(Category.id == series.main_category_id))
    alert = Alert(kind=kind, area_code=series.buurt_code, main_category_id=series.main_category_id,
                  organisation_id=organisation_id, visibility=series.visibility,
                  window_start=start, window_end=end, observed=observed, expected=round(expected, 3),
                  explanation=sentence, state="nieuw", created_at=end, lat=lat, lon=lon)
    session.add(alert)
    return alert


def _category_name(session: Session, category_id: int) -> str:
    name = session.scalar(select(Category.name).where(Category.id == category_id)) or "onbekend"
    return f"'{name.lower()}'"


def _area_name(session: Session, code: str | None) -> str:
    if not code:
        return "onbekend gebied"
    return session.scalar(select(Area.name).where(Area.code == code)) or code


def change_alert_state(session: Session, principal: Principal, alert_id: int, state: str) -> Alert:
    """An operator confirms, dismisses or closes an alert it may see (handling roles only)."""
    if state not in STATES:
        raise WorkflowError(f"Onbekende status: {state!r}.")
    if not principal.handles_reports:
        raise WorkflowError("Alleen behandelaars kunnen de status van een signaal wijzigen.")
    alert = get_alert(session, principal, alert_id)
    if alert is None:
        raise WorkflowError("Signaal niet gevonden of geen toegang.")
    alert.state = state
    session.flush()
    return alert


def detect_safely(session: Session, report: Report) -> None:
    """Called by intake: detection must never lose a report, so errors are logged and swallowed
    (inside a savepoint, so a failed detection leaves no half-written alert)."""
    try:
        with session.begin_nested():
            on_report_submitted(session, report)
    except Exception:
        log.exception("Vroegsignalering mislukt voor melding %s", report.id)


def detect_command() -> click.Command:
    @click.command("detect")
    def detect():
        """Eén ronde vroegsignalering over de meldingen van het afgelopen etmaal."""
        from flask import current_app

        with transaction(current_app.extensions["hnm_sessions"]) as session:
            alerts = run_detection(session, utcnow())
        click.echo(f"{len(alerts)} nieuwe signalen.")
    return detect
