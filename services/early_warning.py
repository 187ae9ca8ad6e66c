"""Vroegsignalering: spikes, hotspots and repeat locations as alerts that explain themselves.

Each detector compares what was observed with what a place's own history makes expected and
raises an alert only when a Poisson test says the difference is very unlikely by chance AND the
count is large enough for an operator to act on (few false alarms on a wall screen).

- piek: reports per buurt x main category, and per wijk x channel (a sudden burst through one
  channel, e.g. an abused or broken one), in the last 1, 3 or 24 hours against the series' rate
  over the previous 28 days, shaped by weekday and hour (from the wijk's history of that category
  or channel). A channel burst must also raise the channel's share of the wijk's reports (an
  event that makes everyone report more raises every channel, and has its own category alert).
- herhaling: the same spot (~25 m) reported again and again in 28 days, against the density of the
  surrounding 250 m.
- hotspot: the last 7 days within ~150 m against the 49 days before, and the same within ~350 m
  (a concentration spread over a few streets) with its own minimum count; each box also in the
  report's part of the day (nights, evenings, days) against that part's share of the category,
  counting clock hours with a report (one event reported by many is one observation); failing
  those, a scan of circles up to 300 m around the recent reports nearby (`hotspot_scan`).

Alerts are computed per audience: the gemeente sees shared ("gedeeld") reports only, the police
sees shared and police-only reports. A shared alert counts shared reports only; a police alert
counts both and is raised only when police-only reports are part of it, which makes it police-only
itself, so a gemeente user never sees a count that includes police-only reports (and the police
does not get a second copy of a purely shared alert). Detection is incremental
(`on_report_submitted`: only the report's own series and surroundings, via indexed range queries)
and scheduled (`run_detection`). A series' 28-day history (its rate and weekday/hour profile)
changes slowly: it is computed at most once an hour per series and store, and kept in a bounded
cache for two hours.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache, lru_cache
from math import hypot

import click
from cachelib import SimpleCache
from scipy.special import gammainc, gammaincinv, pdtrc
from scipy.stats import binom
import numpy as np
from sqlalchemy import ColumnElement, Integer, and_, cast, func, select
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.alert_queries import (
    METRES_PER_DEG_LAT, METRES_PER_DEG_LON, POLICE, SHARED, get_alert, seen_by,
)
from data_access import detection_backlog
from data_access.db import transaction
from data_access.models import Alert, Area, Category, Report, utcnow
from data_access.time_buckets import LOCAL_TZ
from data_access.scoping import unscoped_select
from data_access.vocabulary import ALERT_STATES, OPEN_ALERT_STATES
from services.incident_grouping import propose_for
from services.nearby_reports import EPOCH, NearbyReports, area_of, micros, read_nearby
from services.workflow import WorkflowError

log = logging.getLogger(__name__)

SPIKE_WINDOWS = (1, 3, 24)                       # hours
SPIKE_MIN_COUNT = {1: 4, 3: 5, 24: 7}            # fewer reports than this never make a spike
CHANNEL_MIN_COUNT = {1: 10, 3: 15, 24: 40}       # a wijk x channel series is much busier
CHANNEL_SHARE_ALPHA = 1e-3                       # ...and its share of the wijk's reports must jump
HISTORY_DAYS = 28
ALPHA = 1e-5                                     # Poisson tail probability for a place alert
# ...and per spike window: the hour may alert a little more readily (four reports in an hour
# where 0.2 are expected must be seen within that hour), the day less readily (it is tested again
# at every report for a whole day; its false alerts were the most common in the quality bench).
SPIKE_ALPHA = {1: 1e-4, 3: 1e-5, 24: 1e-6}
FLOOR_RATE_PER_HOUR = 1 / (HISTORY_DAYS * 24)    # a series without history: one per 4 weeks
MIN_HISTORY_DAYS = 7                             # never estimate a rate from less than a week
SEASON_PSEUDO = 2.0                              # smoothing of the weekday/hour profile

REPEAT_RADIUS_M, REPEAT_CONTEXT_M, REPEAT_DAYS, REPEAT_MIN_COUNT = 25, 250, 28, 5
HOTSPOT_RADIUS_M, HOTSPOT_DAYS, HOTSPOT_BASE_DAYS, HOTSPOT_MIN_COUNT = 150, 7, 49, 6
HOTSPOT_FLOOR_EXPECTED = 0.5
HOTSPOT_WIDE_RADIUS_M, HOTSPOT_WIDE_MIN_COUNT = 350, 9
# The scan's circles (up to 300 m) and the p-value its best circle must beat (set on the quality
# bench's scenarios and event-free weeks: see bench/README.md, issue 7).
HOTSPOT_SCAN_RADIUS_M, HOTSPOT_SCAN_ALPHA = 300, 1e-6
HOTSPOT_SCAN_PER_HOUR = 2            # the scan counts at most two reports per clock hour
PARTS_OF_DAY = {"'s nachts (23-7 uur)": range(23, 31), "'s avonds (18-23 uur)": range(18, 23),
                "overdag (7-18 uur)": range(7, 18)}          # local hours (23-31: 23-7 the next day)
HISTORY_CACHE = SimpleCache(threshold=50_000, default_timeout=2 * 3600)
CHANNEL_PHRASES = {"app": "de app", "chat": "de chat", "web": "de website", "social": "sociale media",
                   "buurtapp": "de buurtapp", "telefoon": "de telefoon", "open311": "de Open311-app",
                   "import": "een import"}


def audiences(visibility: str) -> tuple[str, ...]:
    """The audiences that see a report: a shared one everybody, a police-only one the police."""
    return (SHARED, POLICE) if visibility == SHARED else (POLICE,)


@dataclass(frozen=True)
class Series:
    """What one audience sees of a buurt x main category, or of a wijk x channel."""
    audience: str
    area_code: str | None
    main_category_id: int | None = None
    channel: str | None = None

    def members(self) -> ColumnElement[bool]:
        if self.channel is not None:
            return and_(seen_by(self.audience), Report.wijk_code == self.area_code,
                        Report.channel == self.channel)
        return and_(seen_by(self.audience), Report.buurt_code == self.area_code,
                    Report.main_category_id == self.main_category_id)

    def profile_members(self, wijk_code: str | None) -> ColumnElement[bool]:
        """The wider series whose weekday/hour rhythm shapes the expectation."""
        if self.channel is not None:
            return self.members()
        conditions = [seen_by(self.audience), Report.main_category_id == self.main_category_id]
        if wijk_code:
            conditions.append(Report.wijk_code == wijk_code)
        return and_(*conditions)

    @property
    def min_count(self) -> dict[int, int]:
        return CHANNEL_MIN_COUNT if self.channel is not None else SPIKE_MIN_COUNT


def dutch_decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def surprise(observed: int, expected: float) -> float:
    """P(X >= observed) for X ~ Poisson(expected): what scipy.stats.poisson.sf(observed - 1)
    computes, without its argument checks (a tenth of the time; a flood tests thousands)."""
    return 1.0 if observed <= 0 else float(pdtrc(observed - 1, max(expected, 1e-9)))


def is_alarming(observed: int, expected: float, min_count: int) -> bool:
    return observed >= min_count and surprise(observed, expected) < ALPHA


# --- entry points -------------------------------------------------------------------------

def on_report_submitted(session: Session, report: Report) -> list[Alert]:
    """Cheap incremental detection for one new report: its own series and surroundings, for
    every audience that sees it, and a grouping proposal. Time is the report's own received_at
    (so replays behave like live)."""
    now = report.received_at
    alerts = []
    for audience in audiences(report.visibility):
        if report.buurt_code:
            alerts.append(check_spike(session, Series(audience, report.buurt_code,
                                                      main_category_id=report.main_category_id), now))
        if report.wijk_code:
            alerts.append(check_spike(session, Series(audience, report.wijk_code,
                                                      channel=report.channel), now))
    if report.lat is not None and report.lon is not None:
        alerts += check_places(session, [(report, now)])
    propose_for(session, report)
    session.flush()
    return [a for a in alerts if a is not None]


def run_detection(session: Session, now: datetime) -> list[Alert]:
    """Scheduled pass over the series and places that had reports in the last 24 hours."""
    since = now - timedelta(hours=24)
    recent = and_(Report.received_at >= since, Report.received_at <= now)
    series: set[Series] = set()
    for buurt, category, visibility in session.execute(
            unscoped_select(Report.buurt_code, Report.main_category_id, Report.visibility)
            .where(recent, Report.buurt_code.is_not(None)).distinct()):
        series.update(Series(a, buurt, main_category_id=category) for a in audiences(visibility))
    for wijk, channel, visibility in session.execute(
            unscoped_select(Report.wijk_code, Report.channel, Report.visibility)
            .where(recent, Report.wijk_code.is_not(None)).distinct()):
        series.update(Series(a, wijk, channel=channel) for a in audiences(visibility))
    alerts = [check_spike(session, s, now) for s in sorted(series, key=repr)]
    # One representative report per ~100 m cell and category for the place-based detectors.
    cell_lat = cast(Report.lat * 1000, Integer)
    cell_lon = cast(Report.lon * 700, Integer)
    representatives = session.scalars(
        unscoped_select(func.max(Report.id)).where(recent, Report.lat.is_not(None))
        .group_by(cell_lat, cell_lon, Report.main_category_id, Report.visibility)).all()
    places = session.scalars(unscoped_select(Report).where(Report.id.in_(representatives)).order_by(Report.id))
    alerts += check_places(session, [(report, now) for report in places])
    session.flush()
    return [a for a in alerts if a is not None]


def on_reports_submitted(session: Session, reports: list[Report],
                         checkpoint: Callable[[], None] = lambda: None) -> list[Alert]:
    """Incremental detection for a batch of new reports (the detection queue's): each spike series
    they belong to is tested once, at its newest report's time; the place detectors once per ~100 m
    cell x main category x visibility, around the cell's newest report (as `run_detection` does).
    For a single report this is `on_report_submitted` without the grouping proposal, which the
    caller makes for the whole batch (incident_grouping.propose_for_all). `checkpoint` runs after
    each series and each place (the queue commits there on SQLite, whose one write lock a batch
    would otherwise hold from its first alert to its end)."""
    newest: dict[Series, datetime] = {}
    cells: dict[tuple, Report] = {}
    for report in reports:
        for audience in audiences(report.visibility):
            series = []
            if report.buurt_code:
                series.append(Series(audience, report.buurt_code, main_category_id=report.main_category_id))
            if report.wijk_code:
                series.append(Series(audience, report.wijk_code, channel=report.channel))
            for s in series:
                newest[s] = max(newest.get(s, report.received_at), report.received_at)
        if report.lat is not None and report.lon is not None:
            cell = (int(report.lat * 1000), int(report.lon * 700), report.main_category_id, report.visibility)
            known = cells.get(cell)
            if known is None or (known.received_at, known.id) < (report.received_at, report.id):
                cells[cell] = report
    alerts = []
    for s, now in sorted(newest.items(), key=lambda item: repr(item[0])):
        alerts.append(check_spike(session, s, now))
        checkpoint()
    alerts += check_places(session, [(report, report.received_at) for report in cells.values()], checkpoint)
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


def cached(session: Session, key: tuple, compute):
    """compute() once per store (engine URL: every test store and copy has its own) and key; the
    keys hold the whole hour their history ends at, so an entry is reused for an hour at most."""
    full_key = repr((_store_name(session.get_bind().url), *key))
    value = HISTORY_CACHE.get(full_key)
    if value is None:
        value = compute()
        HISTORY_CACHE.set(full_key, value)
    return value


@lru_cache(maxsize=64)
def _store_name(url) -> str:
    """The engine URL as text (rendered once: a flood's batch looks its histories up thousands of times)."""
    return url.render_as_string(hide_password=True)


def series_history(session: Session, series: Series, wijk_code: str | None, history_start: datetime,
                   history_end: datetime) -> tuple[int, datetime | None, list[float], list[float]]:
    """(reports, first report, weekday factors, hour factors) of a series' history."""
    count, first = session.execute(unscoped_select(func.count(), func.min(Report.received_at)).where(
        series.members(), Report.received_at >= history_start, Report.received_at < history_end)).one()
    return (count, first, *season_profile(session, series, wijk_code, history_start, history_end))


def season_profile(session: Session, series: Series, wijk_code: str | None,
                   history_start: datetime, history_end: datetime) -> tuple[list[float], list[float]]:
    """Relative weekday (Sunday=0) and hour factors (mean 1) of the category (or channel) in the wijk."""
    weekday, hour = _weekday_hour(session)
    rows = session.execute(select(weekday, hour, func.count()).where(
        series.profile_members(wijk_code), Report.received_at >= history_start,
        Report.received_at < history_end).group_by(weekday, hour)).all()
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
    """Test the 1/3/24-hour windows of one series. A police window counts only when it holds
    police-only reports (otherwise the shared alert already says it). The windows are counted
    first (a day of one series: a short index range); the history only when a window could alarm."""
    day_start = now - timedelta(hours=max(SPIKE_WINDOWS))
    history_end = day_start.replace(minute=0, second=0, microsecond=0)
    history_start = history_end - timedelta(days=HISTORY_DAYS)
    recent = {w: Report.received_at > now - timedelta(hours=w) for w in SPIKE_WINDOWS}
    row = session.execute(unscoped_select(
        *(func.count().filter(recent[w]) for w in SPIKE_WINDOWS),
        *(func.count().filter(recent[w], Report.visibility == POLICE) for w in SPIKE_WINDOWS),
        func.avg(Report.lat), func.avg(Report.lon), func.max(Report.wijk_code),
    ).where(series.members(), Report.received_at > day_start, Report.received_at <= now)).one()
    n = len(SPIKE_WINDOWS)
    observed = dict(zip(SPIKE_WINDOWS, row[:n]))
    police_only = dict(zip(SPIKE_WINDOWS, row[n:2 * n]))
    lat, lon, wijk = row[2 * n:]
    candidates = [w for w in SPIKE_WINDOWS if observed[w] >= series.min_count[w]
                  and (series.audience == SHARED or police_only[w] > 0)]
    if not candidates:
        return None                                            # the common, cheap way out
    history_count, first, day_factor, hour_factor = cached(
        session, ("history", series, wijk, history_end),
        lambda: series_history(session, series, wijk, history_start, history_end))
    rate = max(history_count / _history_hours(first, history_start, history_end), FLOOR_RATE_PER_HOUR)
    best = None
    for w in candidates:
        expected = expected_count(rate, day_factor, hour_factor, now - timedelta(hours=w), w)
        p = surprise(observed[w], expected)
        if p < SPIKE_ALPHA[w] and (best is None or p < best[0]):
            best = (p, w, observed[w], expected)
    if best is None:
        return None
    _, w, count, expected = best
    if series.channel is not None and not _channel_stands_out(
            session, series, now, w, count, history_count, history_start, history_end):
        return None
    what = (f"via {CHANNEL_PHRASES.get(series.channel, series.channel)}" if series.channel is not None
            else _category_name(session, series.main_category_id))
    period = "het afgelopen uur" if w == 1 else f"de afgelopen {w} uur"
    sentence = (f"{count} meldingen {what} in {_area_name(session, series.area_code)} in {period}, "
                f"verwacht {dutch_decimal(expected)}.")
    return _raise(session, "piek", series, now - timedelta(hours=w), now, count, expected,
                  sentence, lat, lon, same_place=None)


def _channel_stands_out(session: Session, series: Series, now: datetime, hours: int, observed: int,
                        history_count: int, history_start: datetime, history_end: datetime) -> bool:
    """A channel burst is only news when the channel's share of the wijk's reports jumps too:
    when one event makes the whole wijk report more, every channel rises with it and the event's
    own (category) alert says what happens. Binomial test of the window's share against the
    channel's share over the history."""
    in_wijk = and_(seen_by(series.audience), Report.wijk_code == series.area_code)
    total = session.scalar(select(func.count()).where(
        in_wijk, Report.received_at > now - timedelta(hours=hours), Report.received_at <= now))
    total_history = cached(session, ("wijk", series.audience, series.area_code, history_end),
                           lambda: session.scalar(select(func.count()).where(
                               in_wijk, Report.received_at >= history_start,
                               Report.received_at < history_end)))
    share = (history_count + 1) / (total_history + 2)
    return float(binom.sf(observed - 1, total, share)) < CHANNEL_SHARE_ALPHA


def _history_hours(first: datetime | None, start: datetime, end: datetime) -> float:
    """Hours of history actually covered: a young store (or series) has less than the full
    period, and dividing by the full period would make every early week look like a spike."""
    begin = max(start, first) if first is not None else start
    return max((end - begin).total_seconds() / 3600, MIN_HISTORY_DAYS * 24)


# --- places: repeat locations and hotspots --------------------------------------------------

def check_places(session: Session, places: list[tuple[Report, datetime]],
                 checkpoint: Callable[[], None] = lambda: None) -> list[Alert | None]:
    """Repeat location and hotspot around each (located report, time), for every audience that
    sees the report. The reports around them are read once per main category and ~2 km area
    (`nearby_reports`: the category's last 56 days within the scan's 600 m of every place), not
    once per place and detector: in a flood every place's reads counted the whole flood again."""
    places = [(report, now) for report, now in places if report.main_category_id is not None]
    nearby = read_nearby(session, places, 2 * HOTSPOT_SCAN_RADIUS_M,
                         timedelta(days=HOTSPOT_DAYS + HOTSPOT_BASE_DAYS))
    alerts = []
    for report, now in places:
        around = nearby[area_of(report)]
        for audience, figures in place_figures(around, report, now).items():
            alerts.append(check_repeat(session, report, audience, now, figures))
            alerts.append(check_hotspot(session, report, audience, now, figures, around))
        checkpoint()
    return alerts


def place_figures(around: NearbyReports, report: Report, now: datetime) -> dict[str, dict]:
    """Every audience's repeat-location and hotspot figures around a report, per audience that
    sees it: the main category's last 56 days within ~350 m (the repeat location's 28 days and
    250 m lie inside)."""
    lat, lon = report.lat, report.lon
    repeat_start = micros(now - timedelta(days=REPEAT_DAYS))
    recent_start = micros(now - timedelta(days=HOTSPOT_DAYS))
    figures: dict[str, dict] = {}
    for audience in audiences(report.visibility):
        rows = around.box(lat, lon, HOTSPOT_WIDE_RADIUS_M,
                          now - timedelta(days=HOTSPOT_DAYS + HOTSPOT_BASE_DAYS), now, audience)
        us, police = around.us[rows], around.police[rows]
        repeat_period = us >= repeat_start
        spot = repeat_period & around.within(rows, lat, lon, REPEAT_RADIUS_M)
        mine = {"spot": int(spot.sum()), "spot police": int((spot & police).sum()),
                "spot first": around.first(rows[spot]),
                "context": int((repeat_period & around.within(rows, lat, lon, REPEAT_CONTEXT_M)).sum()),
                "surroundings first": around.first(rows)}
        for radius in (HOTSPOT_RADIUS_M, HOTSPOT_WIDE_RADIUS_M):
            box = around.within(rows, lat, lon, radius)
            recent = box & (us >= recent_start)
            mine |= {(radius, "recent"): int(recent.sum()), (radius, "police"): int((recent & police).sum()),
                     (radius, "base"): int((box & (us < recent_start)).sum()),
                     (radius, "lat"): _mean(around.lat[rows[recent]]),
                     (radius, "lon"): _mean(around.lon[rows[recent]])}
        figures[audience] = mine
    return figures


def _mean(values: np.ndarray) -> float | None:
    """SQL's avg: None for no values."""
    return float(values.mean()) if len(values) else None


def check_repeat(session: Session, report: Report, audience: str, now: datetime,
                 figures: dict) -> Alert | None:
    """The same spot (~25 m) reported again and again, against the surrounding 250 m."""
    spot, context = figures["spot"], figures["context"]
    if audience == POLICE and not figures["spot police"]:
        return None                                  # the shared alert already says it
    expected = max((context - spot) * (REPEAT_RADIUS_M / REPEAT_CONTEXT_M) ** 2, 0.05)
    if not is_alarming(spot, expected, REPEAT_MIN_COUNT):
        return None
    place = report.address or _area_name(session, report.buurt_code)
    sentence = (f"{spot} meldingen {_category_name(session, report.main_category_id)} op dezelfde "
                f"plek ({place}) in de afgelopen {REPEAT_DAYS} dagen, verwacht {dutch_decimal(expected)}.")
    series = Series(audience, report.buurt_code, main_category_id=report.main_category_id)
    start = figures["spot first"] or now - timedelta(days=REPEAT_DAYS)
    return _raise(session, "herhaling", series, start, now, spot, expected, sentence,
                  report.lat, report.lon, same_place=2 * REPEAT_RADIUS_M)


def check_hotspot(session: Session, report: Report, audience: str, now: datetime,
                  figures: dict, around: NearbyReports) -> Alert | None:
    """Unusually many reports within ~150 m in the last 7 days, or in the same part of the day
    (night, evening, day) in the last 7 days, against the 49 days before; failing that, within
    ~350 m with a higher minimum count (a concentration over a few streets, which the small box
    around one of its reports does not hold). See `hotspot_test`. Failing both, a scan of
    circles around the recent reports nearby (`hotspot_scan`).
    The baselines cover the time since the first report in the 350 m surroundings (in a young
    store, less than the 49 days): a small box's own first report comes late by chance when the
    box is sparse, and dividing by the shorter time made its expected count too high."""
    recent_start = now - timedelta(days=HOTSPOT_DAYS)
    base_start = recent_start - timedelta(days=HOTSPOT_BASE_DAYS)
    base_hours = _history_hours(figures["surroundings first"], base_start, recent_start)
    found = _box_hotspot(session, around, report, audience, now, figures, base_hours)
    if found is None and figures[HOTSPOT_WIDE_RADIUS_M, "recent"] >= HOTSPOT_MIN_COUNT and (
            audience == SHARED or figures[HOTSPOT_WIDE_RADIUS_M, "police"]):
        found = hotspot_scan(session, around, report, audience, now, base_hours)
    if found is None:
        return None
    observed, count, expected, part, radius, lat, lon, per_hour = found
    spread = "" if observed == count else f" in {observed} verschillende uren" if per_hour == 1 else \
        f" (geteld {observed}: hoogstens {per_hour} per uur)"
    when = f"in de afgelopen {HOTSPOT_DAYS} dagen" if part is None else f"{part} in de afgelopen {HOTSPOT_DAYS} dagen"
    sentence = (f"{count} meldingen {_category_name(session, report.main_category_id)}{spread} binnen "
                f"{radius} meter in {_area_name(session, report.buurt_code)} {when}, "
                f"verwacht {dutch_decimal(expected)}.")
    series = Series(audience, report.buurt_code, main_category_id=report.main_category_id)
    return _raise(session, "hotspot", series, recent_start, now, count, expected, sentence,
                  lat, lon, same_place=2 * HOTSPOT_RADIUS_M)


def _box_hotspot(session: Session, around: NearbyReports, report: Report, audience: str, now: datetime,
                 figures: dict, base_hours: float) -> tuple | None:
    """The first of the 150 m and 350 m boxes around the report that alarms, as (hours, reports,
    expected, part of the day or None, radius, lat, lon, 1: one counted per clock hour)."""
    for radius, min_count in ((HOTSPOT_RADIUS_M, HOTSPOT_MIN_COUNT), (HOTSPOT_WIDE_RADIUS_M, HOTSPOT_WIDE_MIN_COUNT)):
        if figures[radius, "recent"] < min_count or (audience == POLICE and not figures[radius, "police"]):
            continue                                 # (police: the shared alert already says it)
        expected = max(figures[radius, "base"] * HOTSPOT_DAYS * 24 / base_hours, HOTSPOT_FLOOR_EXPECTED)
        found = hotspot_test(session, around, report, audience, now, radius, min_count, expected)
        if found is not None:
            return (*found, radius, figures[radius, "lat"], figures[radius, "lon"], 1)
    return None


def hotspot_scan(session: Session, around: NearbyReports, report: Report, audience: str,
                 now: datetime, base_hours: float) -> tuple | None:
    """The most surprising circle that holds the new report, as (counted, reports, expected, part
    of the day or None, radius, lat, lon, HOTSPOT_SCAN_PER_HOUR), or None when no circle beats
    HOTSPOT_SCAN_ALPHA.
    A prospective space-time scan in the spirit of Kulldorff's: circles centred on each recent
    report (last 7 days, same main category) within HOTSPOT_SCAN_RADIUS_M of the new one, with
    every radius up to that which reaches another recent report and holds the new one. Each
    circle with HOTSPOT_MIN_COUNT reports counted (police: one of them police-only) is tested in the whole
    7 days and in the part of the day of `now` (as a box is, `hotspot_test`) against its own
    49-day baseline: the base period's reports in that circle, at least HOTSPOT_FLOOR_EXPECTED
    for a 150 m circle (more for a wider one, in proportion to its area). It counts at most
    HOTSPOT_SCAN_PER_HOUR reports per clock hour: one event reported by many within the hour
    counts two, where two break-ins minutes apart in different streets are not lost as the
    boxes' one-per-hour count loses them (a capped count never exceeds the Poisson count, so each
    circle's p-value stays conservative under the Poisson model). HOTSPOT_SCAN_ALPHA is one
    threshold for the best of many circles (not a per-circle level): set on the quality bench's
    demo, generated and event-free weeks, where it spends the false-alarm budget up to about one
    per wijk per week.
    It finds a concentration spread unevenly over a few streets that no box around its newest
    report holds. It counts the category's last 56 days within twice the radius (`around`); the
    caller runs it only where the 350 m around the report holds HOTSPOT_MIN_COUNT recent
    reports."""
    recent_start = now - timedelta(days=HOTSPOT_DAYS)
    rows = around.box(report.lat, report.lon, 2 * HOTSPOT_SCAN_RADIUS_M,
                      recent_start - timedelta(days=HOTSPOT_BASE_DAYS), now, audience)
    # In the order of the covering index (category, received_at, visibility, lat, lon), as a read
    # per place returned them: of circles equally surprising, the first centre found is reported.
    rows = rows[np.lexsort((around.lon[rows], around.lat[rows], around.police[rows], around.us[rows]))]
    is_recent = around.us[rows] >= micros(recent_start)
    recent_rows = rows[is_recent]
    if len(np.unique(around.hour[recent_rows])) * HOTSPOT_SCAN_PER_HOUR < HOTSPOT_MIN_COUNT:
        return None       # no circle can count enough (a flood within an hour or two): skip them all
    part = part_of_day(now)
    recent = [(_metres(lat, lon), hour, in_part, police) for lat, lon, hour, in_part, police in zip(
        around.lat[recent_rows].tolist(), around.lon[recent_rows].tolist(), around.hour[recent_rows].tolist(),
        _in_part(around.hour[recent_rows], part).tolist(), around.police[recent_rows].tolist())]
    share = _part_share(session, report, audience, now, part)
    base = [_metres(lat, lon) for lat, lon in zip(around.lat[rows[~is_recent]].tolist(),
                                                  around.lon[rows[~is_recent]].tolist())]
    here = _metres(report.lat, report.lon)
    best = None
    for centre, *_ in recent:
        reach = hypot(centre[0] - here[0], centre[1] - here[1])
        if reach > HOTSPOT_SCAN_RADIUS_M:
            continue
        members = sorted((hypot(y - centre[0], x - centre[1]), hour, in_part, police)
                         for (y, x), hour, in_part, police in recent)
        base_distances = sorted(hypot(y - centre[0], x - centre[1]) for y, x in base)
        views = {None: [{}, 0, 0, False], part: [{}, 0, 0, False]}   # per hour, observed, reports, police-only
        for k, (distance, hour, in_part, police) in enumerate(members):
            for label in (None, part) if in_part else (None,):
                view = views[label]
                view[1] += view[0].get(hour, 0) < HOTSPOT_SCAN_PER_HOUR
                view[0][hour] = view[0].get(hour, 0) + 1
                view[2] += 1
                view[3] |= police
            if distance < reach or distance > HOTSPOT_SCAN_RADIUS_M or (
                    k + 1 < len(members) and members[k + 1][0] == distance):
                continue                             # not a circle that holds the report (yet)
            floor = HOTSPOT_FLOOR_EXPECTED * max(distance / HOTSPOT_RADIUS_M, 1) ** 2
            expected = max(bisect_right(base_distances, distance) * HOTSPOT_DAYS * 24 / base_hours, floor)
            for label, (_, observed, count, police_seen) in views.items():
                mean = expected if label is None else expected * share
                if observed < HOTSPOT_MIN_COUNT or (audience == POLICE and not police_seen) or \
                        mean >= _scan_limit(observed):
                    continue
                p = float(gammainc(observed, mean))           # P(X >= observed), X ~ Poisson(mean)
                if best is None or p < best[0]:
                    best = (p, observed, count, mean, label, _round_up(distance),
                            centre[0] / METRES_PER_DEG_LAT, centre[1] / METRES_PER_DEG_LON, HOTSPOT_SCAN_PER_HOUR)
    return None if best is None else best[1:]


@cache
def _scan_limit(observed: int) -> float:
    """The expected count below which `observed` beats HOTSPOT_SCAN_ALPHA."""
    return float(gammaincinv(observed, HOTSPOT_SCAN_ALPHA))


def _metres(lat: float, lon: float) -> tuple[float, float]:
    return lat * METRES_PER_DEG_LAT, lon * METRES_PER_DEG_LON


def _round_up(metres: float) -> int:
    return int(-(-metres // 10) * 10)


def hotspot_test(session: Session, around: NearbyReports, report: Report, audience: str, now: datetime,
                 radius: int, min_count: int, expected: float) -> tuple[int, int, float, str | None] | None:
    """(hours, reports, expected, part of the day or None) of the most surprising of two counts
    in a box with at least `min_count` reports in the last 7 days, or None when neither alarms:
    - the whole 7 days against `expected` (the box's rate; HOTSPOT_FLOOR_EXPECTED at least);
    - the part of the day of `now` (nights, evenings or days) in those 7 days against `expected`
      times that part's share of the category's reports in the wijk (its hour profile, as for
      spikes): break-ins night after night stand out against a night's few reports, where the
      whole week's count is diluted by the busy days.
    Each is tested at ALPHA / 2 (Bonferroni). What is tested is the number of distinct clock
    hours with a report, not the number of reports: one event that many residents report within
    the hour (a car fire) is one observation, not many independent ones. Under the Poisson model
    of the baseline the hours never outnumber the reports, so this keeps the false-alarm rate.
    The caller tests a box only when its 7-day count reaches `min_count`."""
    rows = around.box(report.lat, report.lon, radius, now - timedelta(days=HOTSPOT_DAYS), now, audience)
    part = part_of_day(now)
    share = _part_share(session, report, audience, now, part)
    best = None
    for members, mean, label in ((rows, expected, None),
                                 (rows[_in_part(around.hour[rows], part)], expected * share, part)):
        if len(members) < min_count or (audience == POLICE and not around.police[members].any()):
            continue
        hours = len(np.unique(around.hour[members]))
        p = surprise(hours, mean)
        if p < ALPHA / 2 and (best is None or p < best[0]):
            best = (p, hours, len(members), mean, label)
    return None if best is None else best[1:]


def part_of_day(at: datetime) -> str:
    return _part_of_hour(at.astimezone(LOCAL_TZ).hour)


def _in_part(hours: np.ndarray, part: str) -> np.ndarray:
    """Which of these UTC clock hours (hours since 1970) fall in the part of the day (mask)."""
    inside = [hour for hour in np.unique(hours).tolist() if _part_of_utc_hour(hour) == part]
    return np.isin(hours, inside)


@lru_cache(maxsize=100_000)
def _part_of_utc_hour(hour: int) -> str:
    """The part of the day of a UTC clock hour (hours since 1970; memoised: a flood's batch asks
    for the same hours of the last 8 weeks thousands of times)."""
    return part_of_day(EPOCH + timedelta(hours=hour))


@lru_cache(maxsize=48)
def _part_of_hour(local_hour: int) -> str:
    return next(label for label, hours in PARTS_OF_DAY.items() if local_hour in hours or local_hour + 24 in hours)


def _part_share(session: Session, report: Report, audience: str, now: datetime, part: str) -> float:
    """The share of a part of the day in the category's reports in the wijk over the 28 days
    before yesterday (the spike detector's cached hour profile, in UTC hours)."""
    series = Series(audience, report.buurt_code, main_category_id=report.main_category_id)
    history_end = (now - timedelta(hours=max(SPIKE_WINDOWS))).replace(minute=0, second=0, microsecond=0)
    history_start = history_end - timedelta(days=HISTORY_DAYS)
    *_, hour_factor = cached(session, ("history", series, report.wijk_code, history_end),
                             lambda: series_history(session, series, report.wijk_code, history_start, history_end))
    offset = now.astimezone(LOCAL_TZ).utcoffset() // timedelta(hours=1)
    return sum(factor for hour, factor in enumerate(hour_factor) if _part_of_hour((hour + offset) % 24) == part) / 24


# --- storing alerts -----------------------------------------------------------------------

def _raise(session: Session, kind: str, series: Series, start: datetime, end: datetime,
           observed: int, expected: float, sentence: str, lat, lon,
           same_place: float | None) -> Alert | None:
    """Create the alert, or update the series' alert whose window reaches into this one (one
    continuing burst is one alert, with its newest count and sentence; a burst after a quiet
    stretch is a new alert). A series an operator dismissed ('afgewezen') or closed stays quiet
    while its window continues."""
    query = unscoped_select(Alert).where(Alert.kind == kind, Alert.visibility == series.audience,
                                _same(Alert.main_category_id, series.main_category_id),
                                _same(Alert.channel, series.channel), Alert.window_end >= start)
    if same_place is None:
        query = query.where(Alert.area_code == series.area_code)
    elif lat is not None:
        dlat, dlon = same_place / METRES_PER_DEG_LAT, same_place / METRES_PER_DEG_LON
        query = query.where(Alert.lat.between(lat - dlat, lat + dlat),
                            Alert.lon.between(lon - dlon, lon + dlon))
    existing = session.scalars(query.order_by(Alert.window_end.desc()).limit(1)).first()
    if existing is not None:
        if existing.state in OPEN_ALERT_STATES:
            existing.window_start, existing.window_end = min(existing.window_start, start), end
            existing.observed, existing.expected, existing.explanation = observed, round(expected, 3), sentence
        return None
    organisation_id = session.scalar(select(Category.organisation_id)
                                     .where(Category.id == series.main_category_id))
    alert = Alert(kind=kind, area_code=series.area_code, main_category_id=series.main_category_id,
                  channel=series.channel, organisation_id=organisation_id, visibility=series.audience,
                  window_start=start, window_end=end, observed=observed, expected=round(expected, 3),
                  explanation=sentence, state="nieuw", created_at=end, lat=lat, lon=lon)
    session.add(alert)
    return alert


def _same(column, value) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


def _category_name(session: Session, category_id: int) -> str:
    name = _looked_up(session, Category.name, Category.id, category_id) or "onbekend"
    return f"'{name.lower()}'"


def _area_name(session: Session, code: str | None) -> str:
    if not code:
        return "onbekend gebied"
    return _looked_up(session, Area.name, Area.code, code) or code


def _looked_up(session: Session, column, key_column, key):
    """`column` of the row whose `key_column` is `key`, read once per transaction: during a flood
    a batch updates the same alerts for place after place, each with a sentence naming them."""
    transaction = session.get_transaction()
    known = session.info.get("early warning names")
    if known is None or known[0] is not transaction:
        known = session.info["early warning names"] = (transaction, {})
    name = (str(column), key)                     # (attributes compare as SQL expressions)
    if name not in known[1]:
        known[1][name] = session.scalar(select(column).where(key_column == key))
    return known[1][name]


def change_alert_state(session: Session, principal: Principal, alert_id: int, state: str) -> Alert:
    """An operator confirms, dismisses or closes an alert it may see (handling roles only)."""
    if state not in ALERT_STATES:
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
    (inside a savepoint, so a failed detection leaves no half-written alert, and the report's row
    in the detection backlog for the "detect" job to catch up)."""
    try:
        with session.begin_nested():
            on_report_submitted(session, report)
            detection_backlog.remove(session, [report.id])
    except Exception:
        log.exception("Vroegsignalering mislukt voor melding %s; de taak 'detect' haalt haar in", report.id)


def detect_command() -> click.Command:
    @click.command("detect")
    def detect():
        """Eén ronde vroegsignalering over de meldingen van het afgelopen etmaal."""
        from flask import current_app

        with transaction(current_app.extensions["hnm_sessions"]) as session:
            alerts = run_detection(session, utcnow())
        click.echo(f"{len(alerts)} nieuwe signalen.")
    return detect
