"""Administrative commands: `flask --app app users|demo|load-cbs|db ...`, and the demo start-up."""

from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from auth.principal import ROLES
from auth.users import (DEMO_PASSWORD_FILE, UserError, create_user, ensure_demo_accounts, make_demo_password,
                        set_active, set_password)
from data_access.audit import audit
from data_access.db import transaction
from data_access.models import Report, User, utcnow
from data_access.scoping import unscoped_select
from services.areas import load_cbs_geojson
from services.region_context import REGION
from settings import Settings, instance_secret


def register_commands(server: Flask, sessions: sessionmaker[Session], settings: Settings) -> None:
    users = click.Group("users", help="Gebruikers aanmaken, uitzetten en tonen.")

    @users.command("create")
    @click.argument("username")
    @click.option("--org", "organisation", required=True,
                  help="politie, gemeente of de code van een partner uit het regiobestand")
    @click.option("--role", "roles", multiple=True, type=click.Choice(ROLES), required=True)
    @click.option("--area", "areas", multiple=True, help="CBS-wijkcode, bijv. WK051840 (wijkagent)")
    @click.option("--team", default=None)
    @click.option("--name", "display_name", default=None)
    @click.option("--password", default=None, help="Laat weg om erom gevraagd te worden.")
    def create(username, organisation, roles, areas, team, display_name, password):
        password = password or getpass.getpass("Wachtwoord: ")
        try:
            with transaction(sessions) as session:
                create_user(session, username, password, organisation, list(roles), list(areas),
                            team, display_name)
        except UserError as err:
            raise click.ClickException(str(err)) from None
        click.echo(f"Gebruiker {username} aangemaakt.")

    def _set_active(username: str, active: bool) -> None:
        try:
            with transaction(sessions) as session:
                user = set_active(session, username, active)
                audit(session, None, "user_enable" if active else "user_disable", "user", user.id,
                      f"{user.username} via de opdrachtregel door {getpass.getuser()}")
        except UserError as err:
            raise click.ClickException(str(err)) from None
        click.echo(f"Gebruiker {username} {'aangezet' if active else 'uitgezet'}.")

    @users.command("disable")
    @click.argument("username")
    def disable(username):
        _set_active(username, False)

    @users.command("enable")
    @click.argument("username")
    def enable(username):
        _set_active(username, True)

    @users.command("password")
    @click.argument("username")
    @click.option("--password", default=None, help="Laat weg om erom gevraagd te worden.")
    def new_password(username, password):
        """Geef een nieuw wachtwoord; de gebruiker wordt overal uitgelogd."""
        password = password or getpass.getpass("Nieuw wachtwoord: ")
        try:
            with transaction(sessions) as session:
                user = set_password(session, username, password)
                audit(session, None, "user_password", "user", user.id,
                      f"{user.username} via de opdrachtregel door {getpass.getuser()}")
        except UserError as err:
            raise click.ClickException(str(err)) from None
        click.echo(f"Nieuw wachtwoord voor {username} ingesteld; alle sessies van {username} zijn beëindigd.")

    @users.command("list")
    def list_users():
        with transaction(sessions) as session:
            for user in session.scalars(select(User).order_by(User.username)):
                roles = ",".join(r.role for r in user.roles)
                click.echo(f"{user.username:20} {user.organisation.code:9} {roles:25} "
                           f"{'actief' if user.active else 'uit'}")

    @server.cli.command("load-cbs")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--gemeente", default=None,
                  help="Alleen deze gemeentecode (standaard: areas.cbs_gemeente uit het regiobestand)")
    def load_cbs(path, gemeente):
        """Laad de officiële CBS wijk- en buurtkaart (GeoJSON) in plaats van de benaderde vlakken."""
        gemeente = gemeente or server.extensions[REGION].cbs_gemeente
        try:
            with transaction(sessions) as session:
                counts = load_cbs_geojson(session, path, gemeente)
        except (ValueError, KeyError) as err:
            raise click.ClickException(f"Kan {path} niet laden: {err}") from None
        click.echo(f"{counts['wijk']} wijken, {counts['buurt']} buurten geladen; "
                   f"{counts['meldingen']} meldingen opnieuw ingedeeld.")

    @server.cli.command("revoke-tracking")
    @click.argument("reference")
    def revoke_tracking(reference):
        """Trek de volglink van een melding in (bijv. HNM-0000123); de melder ziet dan niets meer."""
        from services.tracking import revoke_token

        with transaction(sessions) as session:
            report_id = session.scalar(unscoped_select(Report.id).where(Report.reference == reference.strip().upper()))
            if report_id is None:
                raise click.ClickException(f"Melding {reference} bestaat niet.")
            revoke_token(session, report_id)
        click.echo(f"De volglink van {reference.upper()} werkt niet meer.")

    @server.cli.command("rebuild-rollups")
    def rebuild_rollups():
        """Reken de roll-up-tabellen van de analysepagina's opnieuw uit de meldingen (na bulkwerk)."""
        from data_access.rollup_store import rebuild_in

        with transaction(sessions) as session:
            rebuild_in(session)
        click.echo("Roll-ups opnieuw berekend uit de meldingen.")

    demo = click.Group("demo", help="De synthetische demo-omgeving.")

    @demo.command("reset")
    @click.option("--seed", default=settings.demo_seed, show_default=True)
    def reset(seed):
        """Wis alle meldingen en maak het synthetische demoscenario opnieuw."""
        from services.demo_scenario import reset_demo

        with transaction(sessions) as session:
            summary = reset_demo(session, utcnow(), seed)
        click.echo(f"Demoscenario opnieuw gemaakt: {summary.reports} synthetische meldingen.")

    server.cli.add_command(users)
    server.cli.add_command(demo)
    for command in feature_commands():
        server.cli.add_command(command)


def feature_commands() -> list[click.Command]:
    """Commands of feature modules, imported here so that importing this module stays cheap."""
    from services.early_warning import detect_command
    from services.import_cli import api_keys_group, import_command
    from services.outbox import outbox_command
    from services.jobs.cli import jobs_group, worker_command
    from services.privacy.cli import privacy
    from services.triage.cli import triage_cli_commands

    return [outbox_command(), api_keys_group(), import_command(), detect_command(), *triage_cli_commands,
            worker_command(), jobs_group(), privacy]


def bootstrap_demo(server: Flask, settings: Settings, live: bool) -> None:
    """Demo mode: demo accounts, the synthetic scenario on an empty store, and live arrivals."""
    from services.demo_scenario import generate_demo
    from services.live_demo import LiveDemo

    sessions = server.extensions["hnm_sessions"]
    password = instance_secret(settings.instance_dir, DEMO_PASSWORD_FILE, make_demo_password)
    with transaction(sessions) as session:
        accounts = ensure_demo_accounts(session, password)
        empty = not session.scalar(select(func.count()).select_from(Report))
    if empty:
        click.echo("Synthetisch demoscenario maken (eenmalig, even geduld)...")
        with transaction(sessions) as session, click.progressbar(
                length=100, label="  meldingen", show_percent=True) as bar:
            def progress(done: int, total: int) -> None:
                bar.update(int(100 * done / total) - bar.pos)

            summary = generate_demo(session, utcnow(), settings.demo_seed, progress=progress)
        click.echo(f"  {summary.reports} synthetische meldingen aangemaakt.")
    click.echo(f"\nDemo-accounts (wachtwoord voor allemaal: {password}; "
               f"het staat ook in {settings.instance_dir / DEMO_PASSWORD_FILE}):")
    for username, organisation, roles in accounts:
        click.echo(f"  {username:18} {organisation:9} {roles}")
    if not settings.two_factor_enforced:
        click.echo("Twee-stapsverificatie is in de demo niet verplicht (HNM_2FA_ENFORCED=false); in productie "
                   "moet elke beheerder die instellen. Proberen kan op /2fa/inrichten.")
    click.echo("Alle gegevens in deze demo zijn synthetisch.\n")
    if live:
        LiveDemo(sessions, interval=settings.demo_live_interval, seed=settings.demo_seed).start()
