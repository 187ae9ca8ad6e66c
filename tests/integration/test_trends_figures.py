"""Management trend KPIs against an independent Python count over the known data set."""

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from auth.users import principal_for
from data_access.db import transaction
from data_access.models import User
from data_access.region import load_region
from data_access.trend_queries import (
    Period, compare, period_containing, previous, series_by_group, totals, trend_kpis, year_earlier,
)
from tests.integration.test_feedback_figures import (
    LOCAL, NOW, build_known_dataset, expected_facts, visible,
)


def test_periods_follow_the_local_calendar():
    week = period_containing("week", date(2026, 4, 8))
    assert (week.start, week.end) == (date(2026, 4, 6), date(2026, 4, 13))
    assert previous(week).start == date(2026, 3, 30)
    assert year_earlier(week).start == date(2025, 4, 7)
    assert year_earlier(week).start.isocalendar().week == week.start.isocalendar().week
    quarter = period_containing("quarter", date(2026, 5, 31))
    assert (quarter.start, quarter.end) == (date(2026, 4, 1), date(2026, 7, 1))
    assert previous(quarter).start == date(2026, 1, 1)
    month = period_containing("month", date(2026, 1, 15))
    assert previous(month) == Period("month", date(2025, 12, 1), date(2026, 1, 1))
    assert month.utc_range[0] == datetime(2025, 12, 31, 23, 0, tzinfo=timezone.utc)
    with pytest.raises(ValueError):
        period_containing("jaar", date(2026, 1, 1))


@pytest.fixture(scope="module")
def dataset(module_store):
    with transaction(module_store.sessions) as session:
        known = build_known_dataset(session, seed=11, count=70)
    with module_store.session() as session:
        principals = {name: principal_for(session.scalar(select(User).where(User.username == name)))
                      for name in ("manager-politie", "manager-gemeente")}
    return module_store, known, principals


def expected_kpis(known, organisation, period: Period, key=lambda item: "Totaal"):
    result = {}
    start, end = period.utc_range      # a running period (and its like parts) ends at `until`
    for item in known:
        if not (visible(item, organisation) and start <= item.received < end):
            continue
        entry = result.setdefault(key(item), {"reports": 0, "urgent": 0, "on_time": 0, "channels": {},
                                              "wanting": 0, "firsts": [], "answers": 0, "satisfied": 0})
        entry["reports"] += 1
        entry["urgent"] += item.urgent
        entry["on_time"] += bool(item.closed and item.closed <= item.due)
        entry["channels"][item.channel] = entry["channels"].get(item.channel, 0) + 1
        if item.wants:
            entry["wanting"] += 1
            first = expected_facts(item, NOW)["hours_first"]
            if first is not None:
                entry["firsts"].append(first)
            entry["answers"] += len(item.answers)
            entry["satisfied"] += sum(s for s, _ in item.answers)
    return result


def assert_kpis(actual, expected):
    assert actual.keys() == expected.keys()
    for label, want in expected.items():
        got = actual[label]
        assert (got.reports, got.urgent, got.on_time, got.channels, got.wanting_feedback,
                got.answers, got.satisfied) == (want["reports"], want["urgent"], want["on_time"],
                                                want["channels"], want["wanting"], want["answers"],
                                                want["satisfied"]), label
        firsts = want["firsts"]
        if firsts:
            assert got.avg_hours_first == pytest.approx(sum(firsts) / len(firsts), abs=1e-3)
        else:
            assert got.avg_hours_first is None


@pytest.mark.parametrize("kind,day", [("month", date(2026, 4, 20)), ("week", date(2026, 5, 4)),
                                      ("quarter", date(2026, 5, 1)), ("month", date(2025, 4, 20))])
@pytest.mark.parametrize("user", ["manager-politie", "manager-gemeente"])
def test_totals_match(dataset, kind, day, user):
    store, known, principals = dataset
    principal, period = principals[user], period_containing(kind, day)
    with store.session() as session:
        actual = trend_kpis(session, principal, period, NOW)
    expected = expected_kpis(known, principal.organisation, period)
    assert_kpis(actual, expected)
    assert expected["Totaal"]["reports"] > 0


@pytest.mark.parametrize("group", ["organisatie", "buurt"])
def test_groups_and_comparison_match(dataset, group):
    store, known, principals = dataset
    key = (lambda i: load_region().organisations[i.organisation]) if group == "organisatie" else (lambda i: i.buurt)
    for user in ("manager-politie", "manager-gemeente"):
        principal = principals[user]
        with store.session() as session:
            comparison = compare(session, principal, "month", date(2026, 5, 10), NOW, group)
        for index, period in enumerate((comparison.current, comparison.previous, comparison.year_earlier)):
            expected = expected_kpis(known, principal.organisation, period, key)
            actual = {label: figures[index] for label, figures in comparison.figures.items()
                      if figures[index].reports}
            assert_kpis(actual, expected)
        assert comparison.previous.start == date(2026, 4, 1)
        assert comparison.current.partial and comparison.previous.partial   # May is running at NOW: like with like
        assert comparison.year_earlier.start == date(2025, 5, 1)


@pytest.mark.parametrize("group", ["organisatie", "buurt"])
def test_totals_summed_from_groups_equal_the_total_query(dataset, group):
    store, known, principals = dataset
    with store.session() as session:
        grouped = compare(session, principals["manager-politie"], "month", date(2026, 5, 10), NOW, group)
        total = compare(session, principals["manager-politie"], "month", date(2026, 5, 10), NOW)
    for summed, direct in zip(totals(grouped), total.figures["Totaal"]):
        assert (summed.reports, summed.urgent, summed.on_time, summed.channels, summed.wanting_feedback,
                summed.answers, summed.satisfied) == (direct.reports, direct.urgent, direct.on_time,
                                                      direct.channels, direct.wanting_feedback,
                                                      direct.answers, direct.satisfied)
        assert summed.avg_hours_first == pytest.approx(direct.avg_hours_first, abs=1e-6)


def test_gemeente_manager_never_counts_police_only(dataset):
    store, known, principals = dataset
    period = period_containing("quarter", date(2026, 5, 1))
    with store.session() as session:
        police = trend_kpis(session, principals["manager-politie"], period, NOW)["Totaal"].reports
        gemeente = trend_kpis(session, principals["manager-gemeente"], period, NOW)["Totaal"].reports
    assert police - gemeente == sum(1 for i in known if i.visibility == "politie" and
                                    period.start <= i.received.astimezone(LOCAL).date() < period.end) > 0


def test_small_multiple_series_per_buurt(dataset):
    store, known, principals = dataset
    with store.session() as session:
        periods, series = series_by_group(session, principals["manager-gemeente"], "week", date(2026, 5, 19))
    assert len(periods) == 12 and periods[-1].start == date(2026, 5, 18)
    expected: dict[str, list[int]] = {}
    for item in known:
        day = item.received.astimezone(LOCAL).date()
        if item.visibility == "gedeeld" and periods[0].start <= day < periods[-1].end:
            index = next(i for i, p in enumerate(periods) if p.start <= day < p.end)
            expected.setdefault(item.buurt, [0] * 12)[index] += 1
    assert series == expected
