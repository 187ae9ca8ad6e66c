"""`flask --app app privacy export|erase REF-OR-ADDRESS [--org politie|gemeente]`: a resident's
request answered from the command line (services.privacy.rights does the work).

Both join the `privacy` group of services/privacy/cli.py (beside `retention`).
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from auth.principal import Principal
from auth.users import sharing_of
from data_access.db import transaction
from data_access.models import Organisation
from services.privacy.rights import RequestError, erase_resident, export_data, find_resident, parse_lookup, audit

ORG_OPTION = click.option("--org", "organisation", default=None,
                          help="Als de privacyfunctionaris van deze organisatie (politie, gemeente of een partner "
                               "uit het regiobestand; gemeente en partners: geen politiegegevens). "
                               "Zonder: de hele opslag.")


def _officer(session, organisation: str | None) -> Principal | None:
    """The CLI acts as the organisation's privacy officer (same scope as on /privacy)."""
    if organisation is None:
        return None
    org = session.scalar(select(Organisation).where(Organisation.code == organisation))
    if org is None:
        raise click.ClickException(f"Onbekende organisatie: {organisation}.")
    return Principal(user_id=None, username=f"cli-privacy-{organisation}", display_name="Commandoregel",
                     organisation=organisation, organisation_id=org.id, roles=frozenset({"privacy"}),
                     **sharing_of(session, org))


def _find(session, query: str, organisation: str | None):
    try:
        lookup = parse_lookup(query)
    except RequestError as err:
        raise click.ClickException(str(err)) from None
    principal = _officer(session, organisation)
    return principal, find_resident(session, principal, lookup)


def export_command() -> click.Command:
    @click.command("export")
    @with_appcontext
    @click.argument("query")
    @ORG_OPTION
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Schrijf de JSON naar dit bestand (anders naar het scherm).")
    def export(query, organisation, out):
        """Alles wat over één bewoner is opgeslagen, als JSON (referentie, e-mailadres of telefoonnummer)."""
        with transaction(current_app.extensions["hnm_sessions"]) as session:
            principal, findings = _find(session, query, organisation)
            data = json.dumps(export_data(findings), ensure_ascii=False, indent=2)
            audit(session, principal, "privacy_export", findings, extra="json (commandoregel)", source="cli")
        if out is None:
            click.echo(data)
        else:
            out.write_text(data, encoding="utf-8")
            click.echo(f"{findings.summary()}; geschreven naar {out}.", err=True)
    return export


def erase_command() -> click.Command:
    @click.command("erase")
    @with_appcontext
    @click.argument("query")
    @ORG_OPTION
    @click.option("--yes", is_flag=True, help="Niet om bevestiging vragen.")
    def erase(query, organisation, yes):
        """Wis de persoonsgegevens van één bewoner; de meldingen blijven anoniem bestaan."""
        with transaction(current_app.extensions["hnm_sessions"]) as session:
            principal, findings = _find(session, query, organisation)
            if findings.empty:
                raise click.ClickException("Niets gevonden voor dit verzoek.")
            click.echo(f"Gevonden: {findings.summary()}.")
            if not yes and not click.confirm("Deze gegevens nu wissen? Dit kan niet ongedaan worden", default=False):
                raise click.ClickException("Niets gewist.")
            erasure = erase_resident(session, principal, findings, actor="cli", source="cli")
        click.echo(f"Gewist: {erasure.sentence()}")
    return erase
