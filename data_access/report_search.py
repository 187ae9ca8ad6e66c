"""Finding a report: by reference (HNM-0001234), by street and house number, or by words of its
text, always within the principal's report scope (a gemeente user never finds a police-only report,
a wijkagent only the assigned wijken).

The words are looked up in the store's full-text index (migration 0018_finishui_search):
PostgreSQL's `dutch` text search (stemming: "lantaarnpalen" finds "lantaarnpaal") over a stored
tsvector with a GIN index, SQLite's FTS5 with diacritics folded. Every word must occur, a word of
four letters or more also as the start of a longer one ("lantaarn" finds "lantaarnpaal": Dutch
glues words together).
A street with a house number looks in the address only. Newest reports first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, bindparam, column, func, literal_column, select, table, text
from sqlalchemy.orm import Session

from auth.principal import Principal
from data_access.models import Area, Category, Report
from data_access.scoping import report_scope

REFERENCE = re.compile(r"^\s*HNM[-\s]?(\d{1,10})\s*$", re.IGNORECASE)
WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_WORDS = 8
MIN_QUERY = 2
RECENT_REPORTS = 20_000     # PostgreSQL's first look (see _postgresql_matches)


@dataclass(frozen=True)
class SearchHit:
    report_id: int
    reference: str
    received_at: datetime
    category: str
    address: str | None
    buurt: str | None
    status: str
    organisation_id: int        # with category_id: whether the searcher reads the address as written
    category_id: int


def words_of(query: str) -> list[str]:
    """The query's words, lower case, at most MAX_WORDS (letters and digits only: safe in a match)."""
    return [word.lower() for word in WORD.findall(query or "")][:MAX_WORDS]


def _hits(principal: Principal) -> Select:
    return (select(Report.id, Report.reference, Report.received_at, Category.name, Report.address,
                   Area.name, Report.status, Report.organisation_id, Report.category_id)
            .join(Category, Category.id == Report.category_id)
            .outerjoin(Area, Area.code == Report.buurt_code)
            .where(report_scope(principal)))


def _prefix(word: str) -> bool:
    """A number is a house number or a date: whole; a word of four letters or more also as the
    start of a longer word (shorter ones would match half the dictionary)."""
    return len(word) >= 4 and not word.isdigit()


def _sqlite_matches(query: Select, words: list[str], address_only: bool, limit: int) -> Select:
    """The FTS5 table drives the join in descending rowid (= report id) order, so LIMIT stops
    after the first hits in scope instead of collecting every match of a common word."""
    terms = " AND ".join(f'"{word}"' + ("*" if _prefix(word) else "") for word in words)
    index = table("report_search", column("rowid"))
    return (query.join(index, index.c.rowid == Report.id)
            .where(literal_column("report_search").op("MATCH")(
                bindparam("search_query", ("address : " if address_only else "") + f"({terms})")))
            .order_by(index.c.rowid.desc()).limit(limit))


def _postgresql_matches(session: Session, query: Select, words: list[str], address_only: bool,
                        limit: int) -> list:
    """Two looks, each fast where the other is slow: the newest RECENT_REPORTS reports first,
    walking back along the primary key and testing each one's vector (a common word is found
    within a few hundred rows), and only when that gives too few hits all matches through the GIN
    index (a rare word: few rows to sort). One query would let the planner walk back through all
    reports for a word that occurs nowhere. A street with a house number (a few hundred reports,
    seldom among the newest) goes to the index at once.

    The first look tests with ts_match_vq, the function behind @@ (the same test), because the
    planner cannot use the GIN index for a function call: for several words it guesses far too few
    matches (the words are not independent, prefixes are guessed), took the index, and fetched every
    match in the whole table to keep the newest ten (15,000 rows, 120-400 ms at 1M reports for
    "lantaarnpaal doet")."""
    weight = "A" if address_only else ""
    terms = " & ".join(f"{word}:{'*' if _prefix(word) else ''}{weight}" for word in words)
    tsquery = text("to_tsquery('dutch', :search_query)").bindparams(search_query=terms)
    vector = literal_column("reports.search_vector")
    rows = []
    if not address_only:
        newest = select(func.max(Report.id)).scalar_subquery()
        rows = session.execute(query.where(func.ts_match_vq(vector, tsquery), Report.id > newest - RECENT_REPORTS)
                               .order_by(Report.id.desc()).limit(limit)).all()
    if len(rows) < limit:      # "id + 0": no walk along the primary key, the GIN index instead
        rows = session.execute(query.where(vector.op("@@")(tsquery))
                               .order_by((Report.id + 0).desc()).limit(limit)).all()
    return rows


def search_reports(session: Session, principal: Principal, query: str, limit: int = 10) -> list[SearchHit]:
    """Reports in the principal's scope that match `query`, newest first."""
    query = (query or "").strip()
    if len(query) < MIN_QUERY:
        return []
    reference = REFERENCE.match(query)
    if reference:
        number = f"HNM-{int(reference.group(1)):07d}"
        rows = session.execute(_hits(principal).where(Report.reference == number)).all()
        return [SearchHit(*row) for row in rows]
    words = words_of(query)
    if not words:
        return []
    # "Erasmusweg 12": a street and a number are looked up in the address, not in every text
    address_only = len(words) > 1 and words[-1].isdigit() and not any(w.isdigit() for w in words[:-1])
    if session.get_bind().dialect.name == "postgresql":
        rows = _postgresql_matches(session, _hits(principal), words, address_only, limit)
    else:
        rows = session.execute(_sqlite_matches(_hits(principal), words, address_only, limit)).all()
    return [SearchHit(*row) for row in rows]
