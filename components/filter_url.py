"""The report filters of the analysis pages, kept in the URL query string and validated on the server.

Query keys: venster (24u, 7d, 30d, 90d, 1j) or van/tot (YYYY-MM-DD, local dates), categorie (main
category slug), organisatie (politie, gemeente), urgentie (spoed, geen-spoed), kanaal, buurt.
The URL is browser input: unknown values are dropped with a Dutch message, never used in a query.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import parse_qsl, urlencode

from dash import dcc, html

from data_access.time_buckets import LOCAL_TZ
from data_access.timeline_queries import DEFAULT_WINDOW, FilterChoices, ReportFilters

WINDOWS = {"24u": ("Afgelopen 24 uur", timedelta(days=1)), "7d": ("Afgelopen 7 dagen", timedelta(days=7)),
           "30d": ("Afgelopen 30 dagen", timedelta(days=30)), "90d": ("Afgelopen 90 dagen", timedelta(days=90)),
           "1j": ("Afgelopen jaar", timedelta(days=365))}
URGENCY = {"spoed": "Spoed", "geen-spoed": "Geen spoed"}
MAX_RANGE = timedelta(days=5 * 366)
KEYS = ("venster", "van", "tot", "categorie", "organisatie", "urgentie", "kanaal", "buurt")


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), LOCAL_TZ).astimezone(timezone.utc)


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _custom_range(params: dict[str, str], now: datetime,
                  errors: list[str]) -> tuple[datetime, datetime] | None:
    """(start, end) in UTC for van/tot local dates, or None (with a message when they are wrong)."""
    if not (params.get("van") or params.get("tot")):
        return None
    first, last = _parse_day(params.get("van")), _parse_day(params.get("tot"))
    if (params.get("van") and first is None) or (params.get("tot") and last is None):
        errors.append("Een datum is ongeldig (gebruik JJJJ-MM-DD); de standaardperiode wordt getoond.")
        return None
    last = last or now.astimezone(LOCAL_TZ).date()
    first = first or (last - timedelta(days=29))
    start, end = _local_midnight(first), _local_midnight(last + timedelta(days=1))
    if first > last:
        errors.append("De begindatum ligt na de einddatum; de standaardperiode wordt getoond.")
        return None
    if end - start > MAX_RANGE:
        errors.append("Kies een periode van hoogstens vijf jaar; de standaardperiode wordt getoond.")
        return None
    return start, end


def parse_search(search: str | None) -> dict[str, str]:
    """'?venster=7d&buurt=...' -> {key: value}, only the known keys, the last value of each."""
    return {k: v for k, v in parse_qsl((search or "").lstrip("?")) if k in KEYS and v}


def parse_filters(params: dict[str, str], choices: FilterChoices, now: datetime) -> ReportFilters:
    errors: list[str] = []

    def pick(key: str, allowed, label: str) -> str | None:
        value = params.get(key)
        if value and value not in allowed:
            errors.append(f"Onbekende {label} '{value[:40]}' genegeerd.")
            return None
        return value or None

    window = pick("venster", WINDOWS, "periode")
    custom = _custom_range(params, now, errors)
    if custom is not None:
        (start, end), window = custom, None
    else:
        window = window or DEFAULT_WINDOW
        start, end = now - WINDOWS[window][1], now
    urgency = pick("urgentie", URGENCY, "urgentie")
    return ReportFilters(
        start=start, end=end, window=window,
        category=pick("categorie", choices.categories, "categorie"),
        organisation=pick("organisatie", choices.organisations, "organisatie"),
        urgent=None if urgency is None else urgency == "spoed",
        channel=pick("kanaal", choices.channels, "kanaal"),
        buurt=pick("buurt", choices.buurten, "buurt"),
        errors=tuple(errors))


def search_for(values: dict[str, str | None]) -> str:
    """The query string for the chosen filter values (empty values left out)."""
    query = urlencode([(k, values[k]) for k in KEYS if values.get(k)])
    return f"?{query}" if query else ""


def control_values(filters: ReportFilters) -> dict[str, str | None]:
    """What the filter bar shows for parsed filters."""
    custom = filters.window is None
    return {
        "venster": "eigen" if custom else filters.window,
        "van": filters.first_local_day.isoformat() if custom else None,
        "tot": filters.last_local_day.isoformat() if custom else None,
        "categorie": filters.category, "organisatie": filters.organisation,
        "urgentie": None if filters.urgent is None else ("spoed" if filters.urgent else "geen-spoed"),
        "kanaal": filters.channel, "buurt": filters.buurt,
    }


def _options(labels: dict[str, str]) -> list[dict]:
    return [{"label": label, "value": code} for code, label in labels.items()]


def filter_bar(prefix: str, choices: FilterChoices, filters: ReportFilters) -> html.Div:
    """Dropdowns and a date range; ids are f"{prefix}-f-{key}" in the order of KEYS."""
    values = control_values(filters)
    window_options = _options({k: v[0] for k, v in WINDOWS.items()}) + [
        {"label": "Eigen periode", "value": "eigen"}]

    def dropdown(key: str, label: str, options: list[dict], clearable=True) -> html.Label:
        return html.Label([html.Span(label), dcc.Dropdown(
            id=f"{prefix}-f-{key}", options=options, value=values[key], clearable=clearable,
            placeholder="Alle")], className="filter-field")

    return html.Div([
        dropdown("venster", "Periode", window_options, clearable=False),
        html.Label([html.Span("Van - tot"), dcc.DatePickerRange(
            id=f"{prefix}-f-range", start_date=values["van"], end_date=values["tot"],
            display_format="D-M-YYYY", first_day_of_week=1, start_date_placeholder_text="van",
            end_date_placeholder_text="tot")], className="filter-field"),
        dropdown("categorie", "Categorie", _options(choices.categories)),
        dropdown("organisatie", "Organisatie", _options(choices.organisations)),
        dropdown("urgentie", "Urgentie", _options(URGENCY)),
        dropdown("kanaal", "Kanaal", _options(choices.channels)),
        dropdown("buurt", "Buurt", _options(choices.buurten)),
    ], className="filter-bar", role="search", **{"aria-label": "Filters"})


def filter_inputs(prefix: str) -> list[tuple[str, str]]:
    """(component id, property) of the filter bar's controls, for callback Inputs."""
    return [(f"{prefix}-f-venster", "value"), (f"{prefix}-f-range", "start_date"),
            (f"{prefix}-f-range", "end_date")] + [
        (f"{prefix}-f-{key}", "value") for key in KEYS[3:]]


def search_from_controls(window, first, last, *rest) -> str:
    """The query string for the filter bar's current values (custom range only with 'eigen')."""
    values = dict(zip(KEYS[3:], rest))
    if window == "eigen":
        values.update(van=(first or "")[:10], tot=(last or "")[:10])
    else:
        values["venster"] = window
    return search_for(values)
