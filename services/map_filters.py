"""Map filters kept in the URL query string: parse, validate against known values, write back.

The query string is browser input: every value is checked against the values the store knows;
unknown values are dropped with a Dutch notice, never passed on to a query.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import parse_qs, parse_qsl, urlencode

from sqlalchemy import or_, select

from data_access.map_queries import filter_option_rows
from data_access.models import Category, Organisation, Report
from data_access.vocabulary import CHANNELS, LOCAL_TZ, STATUS_LABELS
from data_access.time_buckets import MAX_PERIOD_DAYS, MAX_PERIOD_TEXT

WINDOWS = {"1h": ("Afgelopen uur", timedelta(hours=1)), "24h": ("Afgelopen 24 uur", timedelta(hours=24)),
           "7d": ("Afgelopen 7 dagen", timedelta(days=7)), "30d": ("Afgelopen 30 dagen", timedelta(days=30)),
           "custom": ("Eigen periode", None)}
DEFAULT_WINDOW = "24h"
HISTORY_DAYS = 30           # a page over a history that ended earlier opens on its last 30 days
URGENCY = {"ja": "Spoed", "nee": "Geen spoed"}
ROTATE_RANGE = (10, 3600)
NEUTER_WORDS = {"kanaal", "gebied"}     # het-woorden: "onbekend kanaal", not "onbekende kanaal"
LIST_KEYS = ("main", "sub", "status", "channel", "buurt")


@dataclass(frozen=True)
class FilterOptions:
    """The values a filter may take (code -> Dutch label), read from the store."""
    main: dict[str, str]
    sub: dict[str, str]
    organisations: dict[str, str]
    statuses: dict[str, str]
    channels: dict[str, str]
    buurten: dict[str, str]
    areas: dict[str, str]          # wijk and buurt codes for `area`


@dataclass(frozen=True)
class MapFilters:
    window: str = DEFAULT_WINDOW
    start: date | None = None      # custom window, local dates, inclusive
    end: date | None = None
    main: tuple[str, ...] = ()
    sub: tuple[str, ...] = ()
    org: str | None = None
    status: tuple[str, ...] = ()
    urgent: str | None = None      # ja | nee
    channel: tuple[str, ...] = ()
    buurt: tuple[str, ...] = ()
    area: str | None = None
    rotate: int | None = None      # wall screen: seconds between map and KPI view
    notices: tuple[str, ...] = field(default=(), compare=False)

    def time_range(self, now: datetime) -> tuple[datetime, datetime | None]:
        """(since, until) in UTC; `until` None means open-ended (live)."""
        if self.window == "custom" and self.start and self.end:
            since = datetime.combine(self.start, time.min, LOCAL_TZ).astimezone(timezone.utc)
            until = datetime.combine(self.end + timedelta(days=1), time.min, LOCAL_TZ).astimezone(timezone.utc)
            return since, until
        return now - WINDOWS[self.window][1], None

    def to_query(self) -> str:
        """The query string ('?...') that reproduces these filters."""
        pairs: list[tuple[str, str]] = []
        if self.window != DEFAULT_WINDOW:
            pairs.append(("window", self.window))
        if self.window == "custom" and self.start and self.end:
            pairs += [("from", self.start.isoformat()), ("to", self.end.isoformat())]
        for key in LIST_KEYS:
            if getattr(self, key):
                pairs.append((key, ",".join(getattr(self, key))))
        for key in ("org", "urgent", "area"):
            if getattr(self, key):
                pairs.append((key, getattr(self, key)))
        if self.rotate:
            pairs.append(("rotate", str(self.rotate)))
        return "?" + urlencode(pairs, safe=",") if pairs else ""


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _values(raw: dict[str, list[str]], key: str) -> list[str]:
    return [v.strip() for item in raw.get(key, []) for v in item.split(",") if v.strip()]


def parse_filters(search: str | dict | None, options: FilterOptions) -> MapFilters:
    """Validated filters from a query string (or Dash pages' kwargs); notices say what was ignored."""
    if isinstance(search, dict):
        raw = {k: [str(v)] for k, v in search.items() if v is not None}
    else:
        raw = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
    notices: list[str] = []

    def pick(key: str, allowed: dict[str, str], label: str) -> tuple[str, ...]:
        values = _values(raw, key)
        unknown = [v for v in values if v not in allowed]
        if unknown:
            adjective = "Onbekend" if label in NEUTER_WORDS else "Onbekende"
            notices.append(f"{adjective} {label} genegeerd: {', '.join(unknown[:3])}.")
        return tuple(dict.fromkeys(v for v in values if v in allowed))

    def single(key: str, allowed, label: str) -> str | None:
        values = pick(key, allowed, label)
        return values[0] if values else None

    window = single("window", WINDOWS, "periode") or DEFAULT_WINDOW
    start = end = None
    if window == "custom":
        start, end = (_date(v) for v in (_values(raw, "from")[:1] or [""]) + (_values(raw, "to")[:1] or [""]))
        if not start or not end or end < start or (end - start).days >= MAX_PERIOD_DAYS:
            notices.append("Eigen periode ongeldig (gebruik van en tot als JJJJ-MM-DD, "
                           f"hoogstens {MAX_PERIOD_TEXT}); de afgelopen 24 uur wordt getoond.")
            window, start, end = DEFAULT_WINDOW, None, None
    rotate = None
    if _values(raw, "rotate"):
        text = _values(raw, "rotate")[0]
        if text.isdigit() and ROTATE_RANGE[0] <= int(text) <= ROTATE_RANGE[1]:
            rotate = int(text)
        else:
            notices.append(f"Wisseltijd genegeerd: gebruik {ROTATE_RANGE[0]} tot {ROTATE_RANGE[1]} seconden.")
    return MapFilters(
        window=window, start=start, end=end,
        main=pick("main", options.main, "hoofdcategorie"), sub=pick("sub", options.sub, "subcategorie"),
        org=single("org", options.organisations, "organisatie"),
        status=pick("status", options.statuses, "status"),
        urgent=single("urgent", URGENCY, "urgentie"),
        channel=pick("channel", options.channels, "kanaal"),
        buurt=pick("buurt", options.buurten, "buurt"),
        area=single("area", options.areas, "gebied"), rotate=rotate, notices=tuple(notices))


def parse_with_history(search: str | dict | None, options: FilterOptions, now: datetime,
                       newest: datetime | None, default_window: str = DEFAULT_WINDOW) -> MapFilters:
    """parse_filters with `default_window` when the URL names no period; when nothing arrived in
    that window but earlier reports exist (`newest`: the newest in scope), the HISTORY_DAYS days up
    to the newest report instead, with a notice that says so."""
    raw = dict(search) if isinstance(search, dict) else dict(parse_qsl((search or "").lstrip("?")))
    notice = None
    if "window" not in raw and newest is not None and newest < now - WINDOWS[default_window][1]:
        last = newest.astimezone(LOCAL_TZ).date()
        raw.update({"window": "custom", "from": (last - timedelta(days=HISTORY_DAYS - 1)).isoformat(),
                    "to": last.isoformat()})
        notice = (f"{WINDOWS[default_window][0]}: geen meldingen. U ziet de {HISTORY_DAYS} dagen tot en met "
                  f"de laatste melding ({last:%d-%m-%Y}).")
    raw.setdefault("window", default_window)
    chosen = parse_filters(raw, options)
    return replace(chosen, notices=chosen.notices + (notice,)) if notice else chosen


def from_controls(window: str | None, start: str | None, end: str | None, selections: dict,
                  keep: MapFilters, options: FilterOptions) -> MapFilters:
    """Filters from the filter bar's values, validated the same way as the URL."""
    params: dict[str, str] = {"window": window or DEFAULT_WINDOW}
    if window == "custom" and start and end:
        params.update({"from": str(start)[:10], "to": str(end)[:10]})
    for key, value in selections.items():
        if value:
            params[key] = ",".join(value) if isinstance(value, (list, tuple)) else str(value)
    parsed = parse_filters(params, options)
    return replace(parsed, area=keep.area, rotate=keep.rotate)


def report_conditions(filters: MapFilters, now: datetime, timed: bool = True) -> list:
    """SQL conditions on Report for these filters (the security scope is added by the query);
    timed=False leaves out the time window (for counts of what is open now)."""
    conditions = []
    if timed:
        since, until = filters.time_range(now)
        conditions.append(Report.received_at >= since)
        if until is not None:
            conditions.append(Report.received_at < until)
    if filters.main:
        conditions.append(Report.main_category_id.in_(
            select(Category.id).where(Category.slug.in_(filters.main))))
    if filters.sub:
        conditions.append(Report.category_id.in_(select(Category.id).where(Category.slug.in_(filters.sub))))
    if filters.org:
        conditions.append(Report.organisation_id.in_(
            select(Organisation.id).where(Organisation.code == filters.org)))
    if filters.status:
        conditions.append(Report.status.in_(filters.status))
    if filters.urgent:
        conditions.append(Report.urgent.is_(filters.urgent == "ja"))
    if filters.channel:
        conditions.append(Report.channel.in_(filters.channel))
    if filters.buurt:
        conditions.append(Report.buurt_code.in_(filters.buurt))
    return conditions + area_conditions(filters)


def area_conditions(filters: MapFilters) -> list:
    """The `area` (buurt or wijk) a wall screen or shared view is fixed to."""
    if not filters.area:
        return []
    return [or_(Report.buurt_code == filters.area, Report.wijk_code == filters.area)]


def load_options(session) -> FilterOptions:
    """The filter values the store knows, with Dutch labels."""
    rows = filter_option_rows(session)
    return FilterOptions(main=rows["main"], sub=rows["sub"],
                         organisations=rows["organisations"],
                         statuses=dict(STATUS_LABELS), channels=dict(CHANNELS),
                         buurten=rows["buurten"], areas=rows["areas"])
