"""`flask --app app worker` (the job runner of a production setup) and `flask --app app jobs ...`."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import select

from data_access.db import transaction
from data_access.models import JobState
from data_access.time_buckets import LOCAL_TZ


def announce_delivery(settings) -> str:
    """The start-up line that says where mail goes (SMTP, or only the log)."""
    if settings.smtp_url:
        from services.smtp_mail import parse_smtp_url

        target = parse_smtp_url(settings.smtp_url)
        return f"E-mail gaat via SMTP naar {target.host}:{target.port} (afzender {settings.mail_from})."
    return ("Geen HNM_SMTP_URL: e-mail aan melders, volgers en dienstdoenden wordt niet verstuurd, "
            "alleen in het log geschreven (demo).")


def worker_command() -> click.Command:
    @click.command("worker")
    def worker():
        """Voer de geplande taken uit (outbox, vroegsignalering, meldingen aan dienstdoenden, ...)
        tot SIGTERM of Ctrl-C. Meer workers tegelijk mag: één leidt, de andere staan klaar."""
        from services.jobs.runner import JobRunner

        click.echo(announce_delivery(current_app.config["HNM_SETTINGS"]))
        JobRunner(current_app._get_current_object()).run_forever()
    return worker


def jobs_group() -> click.Group:
    group = click.Group("jobs", help="De geplande taken: stand tonen of een taak nu één keer draaien.")

    @group.command("list")
    def list_jobs():
        """Per taak: laatste run, volgende run, fouten."""
        def local(moment):
            return moment.astimezone(LOCAL_TZ).strftime("%d-%m %H:%M:%S") if moment else "-"

        with transaction(current_app.extensions["hnm_sessions"]) as session:
            for state in session.scalars(select(JobState).order_by(JobState.name)):
                click.echo(f"{state.name:10} {state.last_status or 'nooit':12} laatst {local(state.last_finished_at)}  "
                           f"volgende {local(state.next_run_at)}  fouten {state.failures} op rij, "
                           f"{state.failures_total} totaal")

    @group.command("run")
    @click.argument("name")
    def run(name):
        """Draai taak NAME nu één keer (zoals de uitvoerder het doet, met claim en registratie)."""
        from services.jobs.registry import JOBS
        from services.jobs.runner import JobRunner

        if name not in {job.name for job in JOBS}:
            raise click.ClickException(f"Onbekende taak {name!r}; kies uit {', '.join(j.name for j in JOBS)}.")
        status = JobRunner(current_app._get_current_object()).run_now(name)
        if status is None:
            raise click.ClickException(f"Taak {name} draait al ergens anders.")
        click.echo(f"Taak {name}: {status}.")
        if status != "ok":
            raise SystemExit(1)
    return group
