"""Exports under /export/...: CSV (streamed) and Excel of the lists and aggregates of the
Terugkoppeling and Trends pages, and the printable evaluation report of a period.

Every route checks login and role itself (the global guard only requires a login here), builds
the Principal on the server, applies the role's scope in SQL, never exports contact details or
report text, and writes the export to the audit log.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, send_file

from auth.current import current_principal
from auth.guard import is_allowed
from auth.principal import ANALYSIS_ROLES, MANAGER_ROLES
from data_access.feedback_queries import GROUPS, STATES, feedback_figures, feedback_queue_query
from data_access.audit import audit
from data_access.models import utcnow
from data_access.request_session import db_session
from data_access.time_buckets import LOCAL_TZ
from data_access.trend_queries import (
    Period, compare, local_midnight, period_with_data, report_list_query, series_by_group, trend_kpis,
)
from data_access.vocabulary import CHANNELS, STATUS_LABELS
from services.exports import bar_svg, csv_stream, parse_period, parse_trend_choice, xlsx_file
from services.feedback_templates import KINDS
from services.region_context import current_region

blueprint = Blueprint("exports", __name__, url_prefix="/export", template_folder="templates")
FORMATS = {"csv", "xlsx"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_WEEKS = 8
STREAM_BATCH = 1000


def _principal(roles):
    """The server-built principal, or an abort: 401 anonymous, 403 a role without access."""
    principal = current_principal()
    if principal is None:
        abort(401)
    if not is_allowed(roles, principal):
        abort(403)
    return principal


def _audit(principal, name: str, fmt: str) -> None:
    session = db_session()
    audit(session, principal, "export", name, detail=f"{fmt} {request.query_string.decode()[:300]}",
          source=request.path)
    session.commit()


def _period_from_args(principal=None) -> tuple[date, date]:
    """?van=&tot= (local dates); without them the last DEFAULT_WEEKS, for `principal` those up to
    its newest report (a period that holds data)."""
    today = utcnow().astimezone(LOCAL_TZ).date()
    first, last = (period_with_data(db_session(), principal, today, DEFAULT_WEEKS) if principal is not None
                   else (today - timedelta(weeks=DEFAULT_WEEKS), today))
    return parse_period(request.args.get("van", first.isoformat()), request.args.get("tot", last.isoformat()))


def _streamed_rows(query, transform):
    """Rows of `query` from a session of its own, fetched in batches (server-side cursor on
    PostgreSQL): an export never holds all rows in memory."""
    factory = current_app.extensions["hnm_sessions"]

    def rows():
        session = factory()
        try:
            for row in session.execute(query.execution_options(yield_per=STREAM_BATCH)):
                yield transform(row)
        finally:
            session.close()
    return rows()


def _send(name: str, fmt: str, header: list[str], rows) -> Response:
    if fmt == "csv":
        response = Response(csv_stream(header, rows), mimetype="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return send_file(xlsx_file(header, rows, name), mimetype=XLSX_TYPE, as_attachment=True,
                     download_name=f"{name}.xlsx")


def _bad_request(err: ValueError):
    """A Dutch page for a person following a link, JSON for a client that asks for JSON."""
    if request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json":
        return jsonify(error="invalid", message=str(err)), 400
    return render_template("error.html", title="Deze export kan zo niet", message=str(err)), 400


REPORT_HEADER = ["referentie", "ontvangen", "kanaal", "hoofdcategorie", "categorie", "spoed", "buurt",
                 "organisatie", "team", "status", "afhandeltermijn", "afgesloten", "op tijd afgehandeld"]


def _report_row(row):
    on_time = None if row.closed_at is None or row.due_at is None else row.closed_at <= row.due_at
    return (row.reference, row.received_at, CHANNELS.get(row.channel, row.channel), row.main_category,
            row.category, row.urgent, row.buurt, row.organisation, row.team,
            STATUS_LABELS.get(row.status, row.status), row.due_at, row.closed_at, on_time)


@blueprint.get("/meldingen.<fmt>")
def reports(fmt):
    if fmt not in FORMATS:
        abort(404)
    principal = _principal(ANALYSIS_ROLES)
    try:
        first, last = _period_from_args()
    except ValueError as err:
        return _bad_request(err)
    query = report_list_query(principal, local_midnight(first), local_midnight(last + timedelta(days=1)))
    _audit(principal, "meldingen", fmt)
    return _send(f"meldingen-{first}-{last}", fmt, REPORT_HEADER, _streamed_rows(query, _report_row))


FEEDBACK_HEADER = ["groep", "willen terugkoppeling", *STATES.values(), "te laat", "geinformeerd",
                   "ontvangst op tijd", "gem. uren tot eerste bericht", "gem. uren tot afloopbericht",
                   "antwoorden tevredenheid", "tevreden"]


@blueprint.get("/terugkoppeling.<fmt>")
def feedback(fmt):
    if fmt not in FORMATS:
        abort(404)
    principal = _principal(ANALYSIS_ROLES)
    group = request.args.get("per", "organisatie")
    try:
        first, last = _period_from_args()
        if group not in GROUPS:
            raise ValueError("Kies een indeling: " + ", ".join(GROUPS) + ".")
    except ValueError as err:
        return _bad_request(err)
    figures = feedback_figures(db_session(), principal, local_midnight(first),
                               local_midnight(last + timedelta(days=1)), utcnow(), group)
    rows = [(f.label, f.wanting, *f.states.values(), f.overdue, f.informed, f.receipt_on_time,
             None if f.avg_hours_first is None else round(f.avg_hours_first, 1),
             None if f.avg_hours_closing is None else round(f.avg_hours_closing, 1), f.answers, f.satisfied)
            for f in figures]
    _audit(principal, "terugkoppeling", fmt)
    return _send(f"terugkoppeling-{first}-{last}", fmt, FEEDBACK_HEADER, rows)


QUEUE_HEADER = ["referentie", "spoed", "status", "categorie", "buurt", "nog te sturen", "uren tot uiterlijk",
                "mislukte verzendingen"]


@blueprint.get("/terugkoppeling-wachtrij.<fmt>")
def feedback_queue(fmt):
    if fmt not in FORMATS:
        abort(404)
    principal = _principal(ANALYSIS_ROLES)
    query = feedback_queue_query(db_session(), principal, utcnow())
    _audit(principal, "terugkoppeling-wachtrij", fmt)
    return _send("terugkoppeling-wachtrij", fmt, QUEUE_HEADER, _streamed_rows(query, lambda r: (
        r.reference, r.urgent, STATUS_LABELS.get(r.status, r.status), r.category, r.buurt, KINDS[r.owed],
        round(float(r.hours_left), 1), r.failed)))


TREND_HEADER = ["groep", "periode", "van", "tot en met", "meldingen", "spoed", "op tijd afgehandeld",
                "willen terugkoppeling", "gem. uren tot eerste bericht", "antwoorden tevredenheid", "tevreden"]


@blueprint.get("/trends.<fmt>")
def trends(fmt):
    if fmt not in FORMATS:
        abort(404)
    principal = _principal(MANAGER_ROLES)
    try:
        kind, day, group = parse_trend_choice(request.args.get("periode", "month"),
                                              request.args.get("datum", utcnow().astimezone(LOCAL_TZ).date()),
                                              request.args.get("per", "organisatie"))
    except ValueError as err:
        return _bad_request(err)
    comparison = compare(db_session(), principal, kind, day, utcnow(), group)
    periods = (("huidige periode", comparison.current), ("vorige periode", comparison.previous),
               ("jaar eerder", comparison.year_earlier))
    # a running period and its like parts end where they were cut (today), not at the calendar's end
    rows = [(label, name, period.start, (period.utc_range[1] - timedelta(microseconds=1)).astimezone(LOCAL_TZ).date(),
             k.reports, k.urgent, k.on_time,
             k.wanting_feedback, None if k.avg_hours_first is None else round(k.avg_hours_first, 1),
             k.answers, k.satisfied)
            for label, figures in comparison.figures.items() for (name, period), k in zip(periods, figures)]
    _audit(principal, "trends", fmt)
    return _send(f"trends-{kind}-{day}", fmt, TREND_HEADER, rows)


@blueprint.get("/evaluatie")
def evaluation():
    """Printable evaluation report of a period (print to PDF from the browser)."""
    principal = _principal(MANAGER_ROLES)
    try:
        first, last = _period_from_args(principal)
    except ValueError as err:
        return _bad_request(err)
    session, now = db_session(), utcnow()
    period = Period("periode", first, last + timedelta(days=1))
    start, end = period.utc_range
    total = trend_kpis(session, principal, period, now).get("Totaal")
    by_org = trend_kpis(session, principal, period, now, "organisatie")
    by_buurt = dict(sorted(trend_kpis(session, principal, period, now, "buurt").items(),
                           key=lambda item: -item[1].reports))
    feedback_total = feedback_figures(session, principal, start, end, now)
    weeks, series = series_by_group(session, principal, "week", last, "organisatie")
    weeks_in = [i for i, w in enumerate(weeks) if w.end > first]
    week_values = [sum(values[i] for values in series.values()) for i in weeks_in]
    channels = sorted((total.channels if total else {}).items(), key=lambda item: -item[1])
    _audit(principal, "evaluatie", "html")
    return render_template(
        "evaluation.html", first=first, last=last, total=total, by_org=by_org, by_buurt=by_buurt,
        feedback=feedback_total[0] if feedback_total else None, organisation=principal.organisation,
        week_chart=bar_svg([f"wk {weeks[i].start.isocalendar().week}" for i in weeks_in], week_values,
                           "Meldingen per week"),
        channel_chart=bar_svg([CHANNELS.get(c, c) for c, _ in channels], [n for _, n in channels],
                              "Meldingen per kanaal"),
        made=now.astimezone(LOCAL_TZ), region=current_region().name)
