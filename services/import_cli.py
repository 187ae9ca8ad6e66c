"""`flask --app app api-keys create|revoke|list` and `flask --app app import signalen|denhaag|csv FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from data_access.db import transaction
from data_access.area_files import AreaFileError, is_geojson
from services.api_keys import ApiKeyError, create_key, list_keys, revoke_key
from services.importers import denhaag, generic_csv, signalen_csv
from services.areas import load_cbs_geojson
from services.importers.base import OUTSIDE_AREA_CHOICES, run_import


def _sessions():
    return current_app.extensions["hnm_sessions"]


def _key_action(action, name: str):
    try:
        with transaction(_sessions()) as session:
            return action(session, name)
    except ApiKeyError as error:
        raise click.ClickException(str(error)) from None


def api_keys_group() -> click.Group:
    group = click.Group("api-keys", help="API-sleutels voor Open311-apps, de JSON-intake en feeds.")

    @group.command("create")
    @click.argument("name")
    @with_appcontext
    def create(name):
        """Maak een sleutel; die wordt maar één keer getoond."""
        _, plain = _key_action(create_key, name)
        click.echo(f"API-sleutel voor {name} (bewaar hem nu, hij wordt niet opnieuw getoond):\n{plain}")

    @group.command("revoke")
    @click.argument("name")
    @with_appcontext
    def revoke(name):
        """Trek een sleutel in; apps met deze sleutel krijgen daarna 403."""
        _key_action(revoke_key, name)
        click.echo(f"Sleutel {name} ingetrokken.")

    @group.command("list")
    @with_appcontext
    def list_():
        with transaction(_sessions()) as session:
            for key in list_keys(session):
                state = "actief" if key.active else f"ingetrokken {key.revoked_at:%Y-%m-%d}"
                click.echo(f"{key.name:30} {key.prefix}…  {key.created_at:%Y-%m-%d}  {state}")

    return group


def import_command() -> click.Command:
    @click.command("import")
    @click.argument("kind", type=click.Choice(["signalen", "denhaag", "csv"]))
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="Koppelbestand (JSON of YAML) voor 'csv'.")
    @click.option("--areas", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="Laad eerst de gebieden van die plaats: GeoJSON met vlakken (WGS84 of RD New) "
                       "of een Signalen areas.json.")
    @click.option("--outside-area", type=click.Choice(OUTSIDE_AREA_CHOICES), default="skip", show_default=True,
                  help="Punten buiten het werkgebied overslaan of bewaren.")
    @click.option("--dry-run", is_flag=True, help="Alles controleren, niets opslaan.")
    @with_appcontext
    def import_(kind, path, mapping, areas, outside_area, dry_run):
        """Importeer meldingen uit een exportbestand; een tweede keer importeert niets dubbel.
        Het koppelbestand van 'csv' staat beschreven in docs/import.md."""
        if kind == "csv" and mapping is None:
            raise click.UsageError("Voor 'csv' is --mapping verplicht (zie docs/import.md).")
        try:
            mapping_data = generic_csv.load_mapping(mapping) if kind == "csv" else None
        except generic_csv.MappingError as error:
            raise click.ClickException(str(error)) from None
        session = _sessions()()
        try:
            if areas:
                click.echo(f"{_load_areas(session, areas)} gebieden geladen uit {areas.name}.")
            if kind == "csv":
                generic_csv.check_areas(session, path, mapping_data)
            rows = {"signalen": lambda: signalen_csv.read_rows(session, path),
                    "denhaag": lambda: denhaag.read_rows(session, path),
                    "csv": lambda: generic_csv.read_rows(session, path, mapping_data)}[kind]()
            with tqdm(desc="Importeren", unit=" rijen", total=_data_lines(path)) as bar:
                summary = run_import(session, rows, outside_area=outside_area, progress=bar.update)
            session.rollback() if dry_run else session.commit()
        except (generic_csv.MappingError, AreaFileError) as error:
            session.rollback()
            raise click.ClickException(str(error)) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        click.echo(("Proefimport, niets opgeslagen.\n" if dry_run else "") + "\n".join(summary.lines()))

    return import_


def _load_areas(session, path: Path) -> int:
    """A GeoJSON file of polygons (CBS or code/name properties), else a Signalen areas.json."""
    if is_geojson(path):
        counts = load_cbs_geojson(session, path)
        return sum(n for kind, n in counts.items() if kind != "meldingen")
    return signalen_csv.load_areas(session, path, source=str(path.name))


def _data_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return max(sum(1 for _ in handle) - 1, 0)
