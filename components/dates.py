"""The one way the dashboard writes a moment: "7 dec 2026 14:05", a day "7 dec 2026", a clock
time "14:05", always in Dutch local time. Date pickers show days the same way (DATE_PICKER_FORMAT,
with the Dutch date-fns locale from assets/)."""

from __future__ import annotations

from datetime import date, datetime

from dash import dcc

from data_access.time_buckets import LOCAL_TZ

DUTCH_MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
DATE_PICKER_FORMAT = "D MMM YYYY"       # moment-style tokens, as dcc.DatePicker* take them


def _local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ) if moment.tzinfo else moment


def format_date(day: date | datetime | None) -> str:
    """'7 dec 2026' (a datetime is first put in Dutch local time)."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = _local(day)
    return f"{day.day} {DUTCH_MONTHS[day.month - 1]} {day.year}"


def format_time(moment: datetime | None) -> str:
    """'14:05' in Dutch local time."""
    return _local(moment).strftime("%H:%M") if moment else ""


def format_datetime(moment: datetime | None) -> str:
    """'7 dec 2026 14:05' in Dutch local time."""
    return f"{format_date(moment)} {format_time(moment)}" if moment else ""


def format_age(moment: datetime, now: datetime) -> str:
    """How long ago, as a person says it: "zojuist", "12 min", "3 uur", "2 dagen", "7 weken"; from
    half a year on the day ("7 dec 2026")."""
    minutes = max(0, int((now - moment).total_seconds() // 60))
    if minutes < 1:
        return "zojuist"
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} uur"
    days = minutes // (24 * 60)
    if days < 14:
        return f"{days} dagen"
    if days < 26 * 7:
        return f"{days // 7} weken"
    return format_date(moment)


def date_range_picker(picker_id: str, start=None, end=None, **kwargs) -> dcc.DatePickerRange:
    """Every date range of the app: Dutch days and months (assets/date-fns-locale-nl.js), weeks
    from Monday, the dates written as everywhere else."""
    return dcc.DatePickerRange(id=picker_id, start_date=start, end_date=end, display_format=DATE_PICKER_FORMAT,
                               month_format="MMMM YYYY", first_day_of_week=1,
                               start_date_placeholder_text="van", end_date_placeholder_text="tot",
                               className="date-picker", **kwargs)


def date_picker(picker_id: str, day=None, **kwargs) -> dcc.DatePickerSingle:
    """Every single date of the app (see date_range_picker)."""
    return dcc.DatePickerSingle(id=picker_id, date=day, display_format=DATE_PICKER_FORMAT,
                                month_format="MMMM YYYY", first_day_of_week=1, placeholder="Kies een datum",
                                className="date-picker", **kwargs)


def sortable_datetime(moment: datetime | None) -> str:
    """'2026-12-07 14:05' in Dutch local time: a grid cell's value, which sorts as text; the grid
    shows it as format_datetime does through DATETIME_COLUMN."""
    return _local(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


# An AG Grid column of sortable_datetime values, shown as "7 dec 2026 14:05" (assets/dates-nl.js).
DATETIME_COLUMN = {"valueFormatter": {"function": "hnmDateTime(params.value)"}}
