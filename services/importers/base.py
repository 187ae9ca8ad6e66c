"""What every importer shares: one row -> one report, once; bad rows reported by line number."""

from __future__ import annotations

from collections import Counter
import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.bulk import insert_rows
from data_access.models import Area, Report, ReportEvent
from data_access.scoping import unscoped_select
from data_access.stage_times import stage_values
from data_access.vocabulary import CLOSED_STATUSES, LOCAL_TZ, STATUS_LABELS
from services.areas import AreaIndex
from services.intake import IntakeData, IntakeError, PreparedReport, area_codes_of, prepare_report, store_reports
from services.workflow import event_values

OUTSIDE_AREA_CHOICES = ("skip", "keep")
# Unknown source categories land here ("overig"); the reason goes on the report's timeline.
FALLBACK_SLUG = "overig-openbare-ruimte"
TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M",
                "%Y-%m-%d", "%d-%m-%Y")


class RowError(ValueError):
    """A row that cannot be imported; the message is Dutch, `line` its line in the file."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


@dataclass
class ImportRow:
    line: int
    data: IntakeData                  # source_ref set: "<source>:<id>"
    closed_at: datetime | None = None
    note: str = ""                    # e.g. why the category became "overig"
    status: str | None = None         # None: "afgehandeld" with a closed_at, else "gemeld"
    team: tuple[int, int] | None = None   # (organisation id, team id) that handled it; None: the category's


@dataclass
class ImportSummary:
    imported: int = 0
    skipped: Counter = field(default_factory=Counter)       # reason -> count
    errors: list[tuple[int, str]] = field(default_factory=list)   # (line, message)
    notes: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        out = [f"Geïmporteerd: {self.imported}"]
        out += [f"Overgeslagen ({reason}): {count}" for reason, count in sorted(self.skipped.items())]
        out += [f"Let op ({note}): {count}" for note, count in sorted(self.notes.items())]
        return out + error_lines(self.errors)


SHOWN_LINES = 5


def error_lines(errors: list[tuple[int, str]]) -> list[str]:
    """One line per distinct message: the same error on 80,000 rows is one line, not 80,000."""
    by_message: dict[str, list[int]] = {}
    for line, message in errors:
        by_message.setdefault(message, []).append(line)
    out = []
    for message, lines in by_message.items():
        if len(lines) == 1:
            out.append(f"Regel {lines[0]}: {message}")
            continue
        shown = ", ".join(str(n) for n in lines[:SHOWN_LINES])
        more = f" en {len(lines) - SHOWN_LINES} meer" if len(lines) > SHOWN_LINES else ""
        out.append(f"{len(lines)} regels ({shown}{more}): {message}")
    return out


def parse_time(value: str) -> datetime:
    """ISO 8601 (with or without zone) or a Dutch date; without zone it is Amsterdam time."""
    value = (value or "").strip()
    if not value:
        raise RowError("datum ontbreekt")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        for fmt in TIME_FORMATS:
            try:
                moment = datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
        else:
            raise RowError(f"onleesbare datum {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)


def optional_float(value: str | None, name: str) -> float | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise RowError(f"{name} is geen getal: {value!r}") from None


def required(row: dict, column: str) -> str:
    value = (row.get(column) or "").strip()
    if not value:
        raise RowError(f"{column} ontbreekt")
    return value


def coordinate_pair(row: dict, first: str, second: str) -> tuple[float | None, float | None]:
    """Both numbers or neither; one without the other is a bad row."""
    a, b = optional_float(row.get(first), first), optional_float(row.get(second), second)
    if (a is None) != (b is None):
        raise RowError(f"alleen {first} of alleen {second} ingevuld")
    return a, b


def read_csv(path: Path, required: set[str], make_row: Callable[[dict, int], ImportRow],
             delimiter: str | None = None, lower_headers: bool = False) -> Iterator[ImportRow | RowError]:
    """Each data row turned into an ImportRow, or the RowError that says why not (with its line)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        if delimiter is None:
            sample = handle.read(4096)
            handle.seek(0)
            delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.DictReader(handle, delimiter=delimiter)
        headers = [f.strip() for f in reader.fieldnames or ()]
        reader.fieldnames = [f.lower() for f in headers] if lower_headers else headers
        missing = required - set(reader.fieldnames)
        if missing:
            yield RowError(f"kolommen ontbreken: {', '.join(sorted(missing))}", 1)
            return
        for row in reader:
            try:
                yield make_row(row, reader.line_num)
            except RowError as error:
                error.line = reader.line_num
                yield error


def area_codes_by_name(session: Session) -> dict[str, str]:
    """Lower-cased area name or code -> code (wijken and buurten), for rows that name their area."""
    found = {}
    for name, code in session.execute(select(Area.name, Area.code)):
        found[name.lower()] = code
        found[code.lower()] = code
    return found


def _already_imported(session: Session, refs: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(refs), 500):
        chunk = refs[start:start + 500]
        found.update(session.scalars(unscoped_select(Report.source_ref).where(Report.source_ref.in_(chunk))))
    return found


def run_import(session: Session, rows: Iterable[ImportRow | RowError], *, outside_area: str = "skip",
               progress: Callable[[int], None] = lambda n: None, batch: int = 5000) -> ImportSummary:
    """Submit every new row; the caller commits (or rolls back for a dry run), so an import is all
    or nothing. Rows go through the intake's checks one by one and are written per `batch` with a
    few executemany statements (store_reports), not object by object (bench/import_bench.py)."""
    summary = ImportSummary()
    index, area_codes = AreaIndex.from_session(session), area_codes_of(session)
    seen: set[str] = set()
    pending: list[ImportRow] = []

    def flush_batch() -> None:
        done = _already_imported(session, [r.data.source_ref for r in pending])
        prepared = []
        for row in pending:
            if row.data.source_ref in done:
                summary.skipped["al geïmporteerd"] += 1
            else:
                item = _prepare(session, row, index, area_codes, outside_area, summary)
                if item is not None:
                    prepared.append((row, item))
        _store(session, prepared, summary)
        progress(len(pending))
        pending.clear()

    for row in rows:
        if isinstance(row, RowError):
            summary.errors.append((row.line, str(row)))
            progress(1)
            continue
        if row.data.source_ref in seen:
            summary.skipped["dubbel in bestand"] += 1
            progress(1)
            continue
        seen.add(row.data.source_ref)
        pending.append(row)
        if len(pending) >= batch:
            flush_batch()
    flush_batch()
    return summary


def _prepare(session: Session, row: ImportRow, index: AreaIndex, area_codes, outside_area: str,
             summary: ImportSummary) -> PreparedReport | None:
    """The row checked by the intake, with the team and status the source gives; None: refused."""
    data = row.data
    if data.lat is not None and index.locate(data.lat, data.lon) is None:
        if outside_area == "skip":
            summary.skipped["buiten het werkgebied"] += 1
            return None
        data.outside_area = True
    try:   # prepare_report checks everything before anything is written
        item = prepare_report(session, data, index=index, area_codes=area_codes)
    except IntakeError as error:
        summary.errors.append((row.line, "; ".join(f"{k}: {v}" for k, v in error.errors.items())))
        return None
    values = item.values
    if row.team is not None:
        values["organisation_id"], values["team_id"] = row.team
    status = row.status or ("afgehandeld" if row.closed_at is not None else "gemeld")
    if status != "gemeld":
        closed = status in CLOSED_STATUSES
        values["status"] = status
        values["closed_at"] = (row.closed_at or values["received_at"]) if closed else None
        values["updated_at"] = values["closed_at"] or values["received_at"]
    # the moment of the status event `_store` writes (every row of a batch has both columns: COPY)
    values.update(stage_values(status, values["closed_at"] or values["received_at"]))
    return item


def _store(session: Session, prepared: list[tuple[ImportRow, PreparedReport]], summary: ImportSummary) -> None:
    """Write a batch (reports, their roll-ups, first events), then the events of the source's notes
    and statuses, each as `record` would have written them."""
    # History, not news: no alerts while importing (run `flask --app app detect` afterwards).
    store_reports(session, [item for _, item in prepared], detect=False)
    events = []
    for row, item in prepared:
        values = item.values
        if row.note:
            events.append(_event(item, "import", None, None, row.note, values["received_at"]))
            for note in row.note.split("; "):
                summary.notes[note.split(":")[0]] += 1
        if values["status"] != "gemeld":
            detail = f"{STATUS_LABELS[values['status']]} volgens het bronbestand"
            if values["status"] in CLOSED_STATUSES and row.closed_at is None:
                detail += "; sluitdatum onbekend (de ontvangstdatum is gebruikt)"
                summary.notes["sluitdatum onbekend"] += 1
            events.append(_event(item, "status", "gemeld", values["status"], detail,
                                 values["closed_at"] or values["received_at"]))
        summary.imported += 1
    insert_rows(session.connection(), ReportEvent.__table__, events)


def _event(item: PreparedReport, kind: str, from_value, to_value, detail: str, at) -> dict:
    return {"report_id": item.id, **event_values(None, kind, from_value, to_value, detail, at,
                                                 visibility=item.values["visibility"])}
