"""The header search through real /_dash-update-component requests, per role and kind of query.

    .venv/bin/python bench/search_bench.py --url sqlite:///bench/data/hnm_1m.sqlite3
    .venv/bin/python bench/search_bench.py --url postgresql://postgres@127.0.0.1:5432/hnm_bench

Expects a store made by bench/generate_reports.py (realistic texts from services/demo_texts.py and
addresses "<straat> <nummer>, Den Haag"). Adds the demo accounts when missing and otherwise only
reads; nothing is cached. Prints median and p95 (ms) of the callback over HTTP, the median of the
query alone (SQL ms), and the number of hits per role and query.
Target: p95 <= 150 ms at 1M reports.
"""

from __future__ import annotations

import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from auth.users import ensure_demo_accounts, principal_for  # noqa: E402
from bench.feedback_trends_bench import open_app  # noqa: E402
from bench import naive_pandas  # noqa: E402
from bench.map_bench import p95, parse_args, timed  # noqa: E402
from bench.naive_pandas import sampled  # noqa: E402
from data_access.db import make_session_factory, transaction  # noqa: E402
from components.search import MAX_SHOWN  # noqa: E402
from data_access.models import Report, User  # noqa: E402
from data_access.report_search import search_reports  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from conftest import DEMO_PASSWORD, RoleClient  # noqa: E402  (the same login and callback protocol as the tests)

SEARCH = "hnm-search-results.children"
HIT = re.compile(r'"children":\s*"(HNM-\d{7,})",\s*"className":\s*"search-ref"')


def queries(reference: str, street: str) -> list[tuple[str, str]]:
    return [("referentie", reference), ("straat + huisnummer", f"{street} 12"), ("straat", street),
            ("een gewoon woord", "grofvuil"), ("een zeldzaam woord", "glijbaan"),
            ("twee woorden", "lantaarnpaal doet"), ("begin van een woord", "lantaarn"),
            ("drie woorden", "container klep kapot"), ("niets gevonden", "zwembadrooster"),
            ("heel gewoon woord", "bij"), ("gewoon en zeldzaam", "bij glijbaan")]


def pandas_way(engine, query: str, police: bool, step: int = 1) -> list[str]:
    """The slow way: the texts and addresses (of every step-th report) into pandas, then every
    word as a substring, newest first."""
    frame = pd.read_sql(sampled(select(Report.reference, Report.received_at, Report.text, Report.address,
                                       Report.visibility), Report.id, step), engine)
    if not police:
        frame = frame[frame["visibility"] == "gedeeld"]
    haystack = (frame["text"] + " " + frame["address"].fillna("")).str.lower()
    found = frame[haystack.str.contains(query.lower().split()[0], regex=False)]
    for word in query.lower().split()[1:]:
        found = found[haystack[found.index].str.contains(word, regex=False)]
    return found.sort_values("received_at", ascending=False)["reference"].head(MAX_SHOWN).tolist()


def search(client, query: str):
    return client.callback(SEARCH, [{"id": "hnm-search", "property": "value", "value": query},
                                    {"id": "hnm-search-go", "property": "n_clicks", "value": 1}],
                           state=[{"id": "hnm-search", "property": "value", "value": query}])


def main() -> None:
    args = parse_args(__doc__.splitlines()[0])
    url, repeat = args.url, args.repeat
    app, engine = open_app(url)
    with transaction(make_session_factory(engine)) as session:
        total = session.scalar(select(func.count()).select_from(Report))
        middle = session.scalar(select(Report.reference).where(Report.id == (total or 0) // 2))
        address = session.scalar(select(Report.address).where(Report.address.is_not(None)).limit(1)) or ""
        ensure_demo_accounts(session, DEMO_PASSWORD)
    if not total:
        sys.exit("De store is leeg: maak eerst data met bench/generate_reports.py")
    street = address.split(",")[0].rsplit(" ", 1)[0]
    print(f"store: {url.split('@')[-1]}  reports: {total:,}  repeat: {repeat}")
    print(f"{'rol':<16} {'zoekvraag':<22} {'tekst':<26} {'median ms':>9} {'p95 ms':>8} {'SQL ms':>7} {'hits':>5}")
    worst = 0.0
    sessions = make_session_factory(engine)
    for user in ("meldkamer", "gemeente", "wijkagent"):
        client = RoleClient(app, user)
        with sessions() as session:
            principal = principal_for(session.scalar(select(User).where(User.username == user)))
        for label, query in queries(middle, street):
            times, response = timed(lambda: search(client, query), repeat)
            assert response.status_code == 200, (user, query, response.status_code)
            worst = max(worst, p95(times))
            hits = len(HIT.findall(response.get_data(as_text=True)))
            with sessions() as session:     # the query alone, without HTTP and Dash
                sql, _ = timed(lambda: search_reports(session, principal, query, MAX_SHOWN), repeat)
            print(f"{user:<16} {label:<22} {query[:26]:<26} {statistics.median(times):9.1f} {p95(times):8.1f} "
                  f"{statistics.median(sql):7.1f} {hits:5}")
    print(f"\nslowest p95: {worst:.1f} ms (target 150 ms)")
    client = RoleClient(app, "meldkamer")
    sql_ms = statistics.median(timed(lambda: search(client, "grofvuil"), repeat)[0])
    step = naive_pandas.step_for(total, args.pandas_rows)
    pandas_ms = naive_pandas.timed_ms(lambda: pandas_way(engine, "grofvuil", police=True, step=step),
                                      args.pandas_repeat)
    print("\n" + naive_pandas.report_line("side by side, meldkamer, 'grofvuil' vs. pandas: teksten inlezen + "
                                         "substring zoeken", sql_ms, pandas_ms, step))


if __name__ == "__main__":
    main()
