"""`flask --app app privacy ...`: the privacy commands (issue 17). `retention` lives here; the
residents' rights commands (export, erase) join the same group."""

from __future__ import annotations

from datetime import datetime, time

import click
from flask import current_app
from flask.cli import AppGroup

from data_access.db import transaction
from data_access.models import utcnow
from data_access.time_buckets import LOCAL_TZ

# AppGroup: each command runs inside the app context (also under test_cli_runner)
privacy = AppGroup("privacy", help="Privacy: bewaartermijnen toepassen (en rechten van bewoners).")


def _as_of(value: str | None) -> datetime:
    if not value:
        return utcnow()
    try:
        day = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("geef een datum als 2027-03-01 (of 2027-03-01T03:00)") from None
    if day.tzinfo is None:
        day = (day if value.count(":") else datetime.combine(day.date(), time(23, 59, 59))).replace(tzinfo=LOCAL_TZ)
    return day


@privacy.command("retention")
@click.option("--dry-run", is_flag=True, help="Alleen tellen wat er zou gebeuren; niets wijzigen.")
@click.option("--as-of", "as_of", default=None, help="Peildatum (JJJJ-MM-DD) in plaats van nu.")
def retention(dry_run, as_of):
    """Pas de bewaartermijnen toe: contactgegevens, foto's en volglinks wissen, vrije tekst
    pseudonimiseren. De meldingen blijven als anonieme gegevens, dus alle cijfers blijven gelijk."""
    from services.privacy.policy import load_policy
    from services.privacy.retention import Retention, summary_lines

    moment = _as_of(as_of)
    policy = load_policy(current_app.config["HNM_SETTINGS"].privacy_policy)
    with transaction(current_app.extensions["hnm_sessions"]) as session:
        counts = Retention(session, moment, policy, dry_run=dry_run).run()
    click.echo(f"{'Proefrun' if dry_run else 'Bewaartermijnen toegepast'} per "
               f"{moment.astimezone(LOCAL_TZ):%d-%m-%Y %H:%M} ({policy.source}):")
    for line in summary_lines(counts, dry_run):
        click.echo(f"  {line}")


# the residents' rights commands (services/privacy/rights_cli.py) join this group
from services.privacy.rights_cli import erase_command, export_command  # noqa: E402

privacy.add_command(export_command())
privacy.add_command(erase_command())
