"""Beheer: the job runner's jobs (last run, next run, failures) and the runners seen."""

from __future__ import annotations

from datetime import datetime

from dash import html

from data_access.time_buckets import LOCAL_TZ
from services.jobs.registry import JOBS

STATUS_LABELS = {"ok": "gelukt", "mislukt": "mislukt", "onderbroken": "onderbroken", None: "nog niet gedraaid"}


def _local(moment: datetime | None) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%d-%m-%Y %H:%M:%S") if moment else "-"


def _row(name: str, label: str, s) -> html.Tr:
    if s is None:                      # registered, never run yet
        return html.Tr([html.Td(label), html.Td("-"), html.Td(STATUS_LABELS[None], className="job-status job-nieuw"),
                        html.Td("zodra een uitvoerder leidt"), html.Td("0"), html.Td("0"), html.Td("-")], id=f"job-{name}")
    outcome = ("bezig sinds " + _local(s.running_since) if s.running_since else
               STATUS_LABELS.get(s.last_status, s.last_status)
               + (f" ({s.last_summary})" if s.last_status == "ok" and s.last_summary else ""))
    return html.Tr([
        html.Td(label), html.Td(_local(s.last_finished_at)),
        html.Td(outcome, className=f"job-status job-{s.last_status or 'nieuw'}"),
        html.Td(_local(s.next_run_at)), html.Td(str(s.failures)), html.Td(str(s.failures_total)),
        html.Td(f"{_local(s.last_failure_at)}: {s.last_error}" if s.last_error else "-"),
    ], id=f"job-{name}")


def jobs_section(states: list, runners: list) -> html.Section:
    by_name = {s.name: s for s in states}
    labels = {job.name: job.label for job in JOBS} | {name: name for name in by_name if name not in
                                                     {job.name for job in JOBS}}
    header = html.Tr([html.Th(h, scope="col") for h in
                      ("Taak", "Laatste run", "Uitkomst", "Volgende run", "Fouten op rij", "Fouten totaal",
                       "Laatste fout")])
    rows = [_row(name, label, by_name.get(name)) for name, label in labels.items()]
    seen = [html.Li(f"{r.id}: {'leidt' if r.leader else 'staat klaar'}, gezien {_local(r.seen_at)}")
            for r in runners] or [html.Li("Geen taakuitvoerder gezien: start `flask --app app worker`.")]
    return html.Section([
        html.H2("Geplande taken"),
        html.Table([html.Thead(header), html.Tbody(rows)], className="jobs-table", id="admin-jobs"),
        html.H3("Taakuitvoerders"),
        html.Ul(seen, id="admin-runners"),
    ], className="panel")
