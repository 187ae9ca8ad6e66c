"""Export writers: CSV streamed row by row, Excel in openpyxl's write-only mode, and small inline
SVG bar charts for the printable evaluation report. They know nothing about access: the routes in
api/exports.py decide what rows come in (always in the role's scope, never contact details)."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from html import escape

from openpyxl import Workbook

from data_access.time_buckets import LOCAL_TZ, MAX_PERIOD_DAYS, MAX_PERIOD_TEXT
from data_access.trend_queries import PERIODS, TREND_GROUPS

CHUNK_ROWS = 500
SVG_COLOUR = "#0072B2"


# A spreadsheet reads a cell that begins with one of these as a formula (CSV/formula injection):
# such a text gets a leading apostrophe, as OWASP advises, so it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value):
    """A value as it goes into a file: local times, 'ja'/'nee', numbers as numbers, texts that a
    spreadsheet would run as a formula neutralised. Every export writes its cells through here."""
    if isinstance(value, datetime):
        return value.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, str):
        return neutralised(value)
    return "" if value is None else value


def csv_cell(value):
    """A value as Dutch Excel reads it from a ';'-separated file: a decimal comma ("2,4")."""
    value = cell(value)
    return str(value).replace(".", ",") if isinstance(value, float) else value


def csv_stream(header: list[str], rows: Iterable) -> Iterator[str]:
    """CSV text in chunks of CHUNK_ROWS rows (';'-separated, decimal commas, with BOM for Dutch Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    buffer.write("\ufeff")
    writer.writerow([cell(h) for h in header])
    for count, row in enumerate(rows, 1):
        writer.writerow([csv_cell(v) for v in row])
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_file(header: list[str], rows: Iterable, title: str):
    """An .xlsx workbook in a temporary file (write-only: rows go to disk, not into memory)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([cell(h) for h in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    target = tempfile.TemporaryFile()
    workbook.save(target)
    target.seek(0)
    return target


def bar_svg(labels: list[str], values: list[float], title: str, width: int = 640, height: int = 220) -> str:
    """A bar chart as inline SVG (prints sharp, needs no script)."""
    top = max(values, default=0) or 1
    left, bottom, plot_h = 40, 40, height - 70
    step = (width - left - 10) / max(len(values), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" class="eval-chart">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#5b6470"/>',
             f'<text x="{left - 6}" y="{height - bottom - plot_h + 4}" text-anchor="end" font-size="11">'
             f'{escape(str(round(top)))}</text>']
    for index, (label, value) in enumerate(zip(labels, values)):
        bar_h = plot_h * value / top
        x = left + index * step + step * 0.15
        y = height - bottom - bar_h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{bar_h:.1f}" '
                     f'fill="{SVG_COLOUR}"><title>{escape(label)}: {escape(str(value))}</title></rect>')
        parts.append(f'<text x="{x + step * 0.35:.1f}" y="{y - 3:.1f}" text-anchor="middle" '
                     f'font-size="10">{escape(str(value))}</text>')
        parts.append(f'<text x="{x + step * 0.35:.1f}" y="{height - bottom + 14}" text-anchor="middle" '
                     f'font-size="10">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def parse_period(start, end) -> tuple[date, date]:
    """Local dates (end inclusive) from browser or URL input; ValueError with a Dutch message."""
    try:
        first, last = date.fromisoformat(str(start)[:10]), date.fromisoformat(str(end)[:10])
    except ValueError:
        raise ValueError("Kies een geldige begin- en einddatum (jjjj-mm-dd).") from None
    if last < first:
        raise ValueError("De einddatum ligt vóór de begindatum.")
    if (last - first).days >= MAX_PERIOD_DAYS:
        raise ValueError(f"Kies een periode van hoogstens {MAX_PERIOD_TEXT}.")
    return first, last


def parse_trend_choice(kind, day, group) -> tuple[str, date, str]:
    """Period kind, a local date inside the period and the grouping; ValueError in Dutch."""
    if kind not in PERIODS or group not in TREND_GROUPS:
        raise ValueError("Kies een periode en een indeling uit de lijst.")
    try:
        return kind, date.fromisoformat(str(day)[:10]), group
    except ValueError:
        raise ValueError("Kies een geldige datum.") from None
