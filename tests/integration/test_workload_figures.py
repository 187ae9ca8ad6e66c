"""Every Timeline and Workload figure against an independent count in Python over a small KNOWN
data set (including reports around both 2026 DST switches), on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from auth.users import ensure_demo_accounts, principal_for
from components.filter_url import analysis_filters
from data_access.db import transaction
from data_access.models import Category, Organisation, Team, User
from data_access.time_buckets import BUCKETS, LOCAL_TZ, truncate_local
from data_access.timeline_queries import (
    counts_over_time, find_incident_id, find_report_id, hour_weekday_counts, timeline_events,
)
from data_access.vocabulary import CHANNELS
from data_access.workload_queries import (
    AGE_CLASSES, LEVELS, METRICS, age_distribution, daily_flow, drill_down, open_condition, stage_medians,
    workload_groups,
)
from services.intake import IntakeData, submit_report
from services.map_filters import load_options
from services.workflow import change_status
from tests.integration.test_stage_times import assert_within_a_bucket

UTC = timezone.utc
NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
SHARED = ("onderhoud-stoep-straat-en-fietspad", "veeg-zwerfvuil", "parkeeroverlast")
POLICE = "inbraak"
POINTS = ((52.035, 4.27), (52.047, 4.29))
PATHS = {                       # status steps after the report (hours after the previous step)
    "open": [],
    "picked": [("in_behandeling", 2)],
    "closed": [("in_behandeling", 3), ("afgehandeld", 20)],
    "planned": [("in_behandeling", 1), ("ingepland", 5), ("afgehandeld", 60)],
    "cancelled": [("geannuleerd", 1)],
    "reopened": [("in_behandeling", 1), ("afgehandeld", 4), ("heropend", 10)],
}
DST_MOMENTS = [datetime(2026, 3, 28, 23, 30, tzinfo=UTC), datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
               datetime(2026, 3, 29, 1, 30, tzinfo=UTC), datetime(2026, 3, 29, 2, 5, tzinfo=UTC),
               datetime(2026, 10, 24, 22, 30, tzinfo=UTC), datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
               datetime(2026, 10, 25, 1, 30, tzinfo=UTC), datetime(2026, 10, 25, 23, 10, tzinfo=UTC)]


@dataclass
class Known:
    id: int
    reference: str
    received: datetime
    main: str
    org: int
    team: int | None
    urgent: bool
    channel: str
    visibility: str
    buurt: str | None
    due: datetime | None
    status: str = "gemeld"
    closed: datetime | None = None
    steps: list = field(default_factory=list)       # (status, at)


@pytest.fixture(scope="module")
def data(module_store):
    rng = random.Random(7)
    spread = [datetime(2026, 3, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(0, 350 * 24 * 60))
              for _ in range(50)]
    switch_days = {date(2026, 3, 29), date(2026, 10, 25)}      # only the DST_MOMENTS fall on these
    moments = DST_MOMENTS + [m for m in spread if m.astimezone(LOCAL_TZ).date() not in switch_days] + [
        NOW - timedelta(hours=h) for h in (1, 20, 30, 80, 170, 900)]
    known: list[Known] = []
    with transaction(module_store.sessions) as session:
        ensure_demo_accounts(session)
        users = {u.username: principal_for(u) for u in session.scalars(select(User))}
        mains = dict(session.execute(select(Category.id, Category.name)).all())
        for i, received in enumerate(moments):
            slug = POLICE if i % 4 == 3 else SHARED[i % 3]
            lat, lon = POINTS[i % 2]
            report = submit_report(session, IntakeData(
                text=f"Testmelding {i}", channel=sorted(CHANNELS)[i % 5], lat=lat, lon=lon,
                category_slug=slug, urgent=(i % 5 == 0), received_at=received))
            item = Known(report.id, report.reference, received, mains[report.main_category_id],
                         report.organisation_id, report.team_id, report.urgent, report.channel,
                         report.visibility, report.buurt_code, report.due_at)
            actor = users["meldkamer" if slug == POLICE else "gemeente"]
            at = received
            for status, hours in PATHS[list(PATHS)[i % len(PATHS)]]:
                at = at + timedelta(hours=hours)
                if at >= NOW:
                    break
                session.flush()
                report = change_status(session, actor, report.id, report.version, status, at=at)
                item.steps.append((status, at))
                item.status, item.closed = status, report.closed_at
            if i % 7 == 2:
                report.assignee_id = actor.user_id
            known.append(item)
    with module_store.session() as session:
        assignees = {r.id: r.assignee_id for r in session.scalars(select(Report_))}
    for item in known:
        item.assignee = assignees[item.id]
    return module_store, known, users


from data_access.models import Report as Report_  # noqa: E402


def _filters(session, **params):
    return analysis_filters(params, load_options(session), NOW)[1]


def _visible(known, principal):
    return [k for k in known if principal.is_police or k.visibility == "gedeeld"]


def _local(moment):
    return moment.astimezone(LOCAL_TZ).replace(tzinfo=None)


def _is_open(k):
    return k.status not in ("afgehandeld", "geannuleerd")


def _metric(k, metric, f):
    in_period = f.start <= k.received < f.end
    if metric == "instroom":
        return in_period
    if metric == "uitstroom":
        return not _is_open(k) and f.start <= k.closed < f.end
    if not _is_open(k):
        return False
    late = k.due is not None and k.due < NOW
    three = late and (NOW - k.received) > 3 * (k.due - k.received)
    return {"open": True, "op_tijd": not late, "te_laat": late and not three, "drie_x": three}[metric]


PERIOD = {"window": "custom", "from": "2026-03-01", "to": "2026-11-02"}
USERS = ("meldkamer", "gemeente", "manager-gemeente", "manager-politie")


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("bucket", BUCKETS)
@pytest.mark.parametrize("stack", ("categorie", "urgentie", "kanaal"))
def test_counts_over_time_equal_python(data, username, bucket, stack):
    store, known, users = data
    principal = users[username]
    with store.session() as session:
        f = _filters(session, **PERIOD)
        got = Counter({(p, key): n for p, key, n in counts_over_time(session, principal, f, bucket, stack)})
    key = {"categorie": lambda k: k.main, "urgentie": lambda k: "ja" if k.urgent else "nee",
           "kanaal": lambda k: k.channel}[stack]
    expected = Counter((truncate_local(_local(k.received), bucket).strftime("%Y-%m-%d %H:%M:%S"), key(k))
                       for k in _visible(known, principal) if f.start <= k.received < f.end)
    assert got == expected


@pytest.mark.parametrize(("day", "expected"), [
    # 29 March: 01:30 UTC is 03:30 CEST (02:xx local does not exist)
    ("2026-03-29", {"2026-03-29 00:00:00": 1, "2026-03-29 01:00:00": 1, "2026-03-29 03:00:00": 1,
                    "2026-03-29 04:00:00": 1}),
    # 25 October: 00:30 UTC (CEST) and 01:30 UTC (CET) are both 02:30 local; 23:10 UTC is the 26th
    ("2026-10-25", {"2026-10-25 00:00:00": 1, "2026-10-25 02:00:00": 2}),
])
def test_dst_days_by_local_hour(data, day, expected):
    store, _, users = data
    with store.session() as session:
        f = _filters(session, window="custom", **{"from": day, "to": day})
        rows = counts_over_time(session, users["meldkamer"], f, "hour", "urgentie")
    got = Counter()
    for period, _, n in rows:
        got[period] += n
    assert dict(got) == expected
    assert f.end - f.start == timedelta(hours=23 if day.endswith("03-29") else 25)


@pytest.mark.parametrize("username", USERS)
def test_heatmap_equals_python(data, username):
    store, known, users = data
    with store.session() as session:
        f = _filters(session, **PERIOD)
        got = hour_weekday_counts(session, users[username], f)
    expected = Counter((_local(k.received).weekday(), _local(k.received).hour)
                       for k in _visible(known, users[username]) if f.start <= k.received < f.end)
    assert got == dict(expected)


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("params", [PERIOD, {}, {"window": "7d", "urgent": "nee"}])
def test_workload_groups_and_drill_downs_equal_python(data, username, level, params):
    store, known, users = data
    principal = users[username]
    visible = _visible(known, principal)
    urgent = {"ja": True, "nee": False}.get(params.get("urgent"))
    with store.session() as session:
        f = _filters(session, **params)
        groups = workload_groups(session, principal, f, NOW, level)
        for group in groups:
            members = [k for k in visible if (urgent is None or k.urgent == urgent)
                       and _group_key(k, level) == group.key]
            for metric in METRICS:
                expected = {k.id for k in members if _metric(k, metric, f)}
                assert group.counts[metric] == len(expected), (group.key, metric)
                listed = {r["id"] for r in drill_down(session, principal, f, NOW, metric, level, group.key)}
                assert listed == expected, (group.key, metric)
            open_members = [k.received for k in members if _is_open(k)]
            assert group.oldest_open == (min(open_members) if open_members else None)
        for metric in METRICS:
            expected = {k.id for k in visible if (urgent is None or k.urgent == urgent) and _metric(k, metric, f)}
            assert sum(g.counts[metric] for g in groups) == len(expected)
            assert {r["id"] for r in drill_down(session, principal, f, NOW, metric)} == expected


def _group_key(k, level):
    ids = {"organisatie": (k.org,), "team": (k.org, k.team), "persoon": (k.org, k.team, k.assignee)}[level]
    return ":".join("-" if v is None else str(v) for v in ids)


def _backlog(visible, moment):
    return sum(k.received < moment and (_is_open(k) or k.closed >= moment) for k in visible)


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("level", LEVELS)
def test_backlog_of_a_period_that_ended_long_ago(data, username, level):
    """The backlog is anchored at the period's end: reports received and closed since then, and
    those still open, must not shift the trend of an earlier period."""
    store, known, users = data
    principal = users[username]
    visible = _visible(known, principal)
    with store.session() as session:
        f = _filters(session, window="custom", **{"from": "2026-04-01", "to": "2026-07-31"})
        flow = daily_flow(session, principal, f, workload_groups(session, principal, f, NOW, level))
    assert (flow[0][0].date(), flow[-1][0].date()) == (date(2026, 4, 1), date(2026, 7, 31))
    assert any(not _is_open(k) and k.received < f.end <= k.closed for k in known)     # a case that spans the end
    for day, _, _, backlog in flow:
        end = datetime.combine(day.date() + timedelta(days=1), datetime.min.time(), LOCAL_TZ).astimezone(UTC)
        assert backlog == _backlog(visible, end), day


@pytest.mark.parametrize("username", USERS)
def test_daily_flow_age_and_medians_equal_python(data, username):
    store, known, users = data
    principal = users[username]
    visible = _visible(known, principal)
    with store.session() as session:
        f = _filters(session, **PERIOD)
        flow = daily_flow(session, principal, f, workload_groups(session, principal, f, NOW, "organisatie"))
        ages = age_distribution(session, principal, f, NOW)
        medians = stage_medians(session, principal, f)
    for day, inflow, outflow, backlog in flow:
        end = datetime.combine(day.date() + timedelta(days=1), datetime.min.time(), LOCAL_TZ).astimezone(UTC)
        assert inflow == sum(f.start <= k.received < f.end and _local(k.received).date() == day.date()
                             for k in visible)
        assert outflow == sum(not _is_open(k) and f.start <= k.closed < f.end
                              and _local(k.closed).date() == day.date() for k in visible)
        assert backlog == _backlog(visible, min(end, f.end))
    assert [d.date() for d, *_ in flow][0] == date(2026, 3, 1) and len(flow) == 247
    for name, low, high in AGE_CLASSES:
        expected = sum(_is_open(k) and low <= NOW - k.received and (high is None or NOW - k.received < high)
                       for k in visible)
        assert dict(ages)[name] == expected, name

    def first(k, status):
        return next((at for s, at in k.steps if s == status), None)
    stages = {("gemeld", "in_behandeling"): lambda k: (k.received, first(k, "in_behandeling")),
              ("in_behandeling", "afgehandeld"): lambda k: (first(k, "in_behandeling"), first(k, "afgehandeld")),
              ("gemeld", "afgehandeld"): lambda k: (k.received, first(k, "afgehandeld"))}
    durations = []
    for a, b, hours, n in medians:
        pairs = [stages[(a, b)](k) for k in visible if f.start <= k.received < f.end]
        durations.append(sorted((end - start).total_seconds() for start, end in pairs if start and end and end >= start))
        assert n == len(durations[-1]) > 0
    # whole days from the histograms of report_stage_durations: within half a bucket of the exact median
    assert_within_a_bucket(medians, durations, username)


def test_gemeente_never_counts_police_only_reports(data):
    store, known, users = data
    police_ids = {k.id for k in known if k.visibility == "politie"}
    assert police_ids
    for username in ("gemeente", "manager-gemeente", "handhaving"):
        principal = users[username]
        with store.session() as session:
            f = _filters(session, **PERIOD)
            for metric in METRICS:
                assert not police_ids & {r["id"] for r in drill_down(session, principal, f, NOW, metric)}
            police = next(k for k in known if k.visibility == "politie")
            assert find_report_id(session, principal, police.reference) is None
            assert timeline_events(session, principal, report_id=police.id) == []


def test_report_timeline_events_in_order(data):
    store, known, users = data
    item = next(k for k in known if len(k.steps) >= 3)
    with store.session() as session:
        report_id = find_report_id(session, users["meldkamer"], item.reference.lower())
        events = timeline_events(session, users["meldkamer"], report_id=report_id)
        assert find_incident_id(session, users["meldkamer"], "INC-999999") is None
    assert report_id == item.id
    assert [e.kind for e in events][:1] == ["ontvangen"]
    statuses = [(e.to_value, e.at) for e in events if e.kind == "status"]
    assert statuses == item.steps
    assert [e.at for e in events] == sorted(e.at for e in events)


def test_bad_filters_get_dutch_messages_and_defaults(data):
    store, _, _ = data
    with store.session() as session:
        f = _filters(session, main="bestaat-niet", buurt="'; drop table")
        assert f.conditions == () and len(f.errors) == 2
        assert f.end == NOW and f.start == NOW - timedelta(days=30)      # the analysis default
        f = _filters(session, window="custom", **{"from": "2026-13-01", "to": "2026-11-01"})
        assert f.errors and f.end - f.start == timedelta(hours=24)       # the map's fallback


def test_organisation_filter(data):
    store, known, users = data
    with store.session() as session:
        f = _filters(session, org="gemeente", **PERIOD)
        gemeente_id = session.scalar(select(Organisation.id).where(Organisation.code == "gemeente"))
        assert session.scalar(select(Team.id).limit(1)) is not None
        rows = counts_over_time(session, users["meldkamer"], f, "month", "kanaal")
    assert sum(n for *_, n in rows) == sum(k.org == gemeente_id and f.start <= k.received < f.end for k in known)


def test_three_times_late_moment_is_generated_and_follows_due_at(store):
    """late3x_at (written by the database) is due + 2 x term, also after the term changes, and
    decides exactly when an open report turns from te laat to 3x te laat."""
    received = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    with transaction(store.sessions) as session:
        report = submit_report(session, IntakeData(text="Losliggende stoeptegel", channel="app",
                                                   lat=52.035, lon=4.27, category_slug=SHARED[0],
                                                   received_at=received))
        report_id, term = report.id, report.due_at - received
    with transaction(store.sessions) as session:
        report = session.get(Report_, report_id)
        assert abs(report.late3x_at - (received + 3 * term)) < timedelta(milliseconds=2)
        report.due_at = received + timedelta(hours=10)
    with transaction(store.sessions) as session:
        late3x = session.get(Report_, report_id).late3x_at
        assert abs(late3x - (received + timedelta(hours=30))) < timedelta(milliseconds=2)
    with store.session() as session:
        def counted(metric, now):
            return session.scalar(select(Report_.id).where(Report_.id == report_id, open_condition(metric, now)))
        just_before, just_after = received + timedelta(hours=29, minutes=59), received + timedelta(hours=30, seconds=1)
        assert counted("te_laat", just_before) == report_id and counted("drie_x", just_before) is None
        assert counted("drie_x", just_after) == report_id and counted("te_laat", just_after) is None
