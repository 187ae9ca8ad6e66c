"""Beheer: the region configuration (data_access/region.py), read-only."""

from __future__ import annotations

import html as html_text
import re

from dash import html

from components.kpi import format_number
from data_access.region import Region
from data_access.sharing import FIELD_LABELS, FIELDS, CategoryRule
from data_access.taxonomy_file import load_taxonomy_file


PLURALS = {"buurt": "buurten", "wijk": "wijken", "stadsdeel": "stadsdelen"}


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{format_number(n)} {kind if n == 1 else PLURALS.get(kind, kind)}"
                     for kind, n in sorted(counts.items()))


def _row(label: str, value) -> html.Tr:
    return html.Tr([html.Th(label, scope="row"), html.Td(value)])


def _rule_text(rule: CategoryRule, region: Region) -> str:
    def names(codes):
        return ", ".join(region.organisations[c] for c in codes) or "alleen de behandelende organisatie"
    return " · ".join(f"{FIELD_LABELS[f]}: {names(getattr(rule, f))}" for f in FIELDS)


def sharing_table(region: Region) -> html.Table:
    """The sharing rules in force: one row per main category, and one per sub category whose rule
    differs from its main category's (police-only reports stay for the police whatever they say)."""
    taxonomy = load_taxonomy_file()
    rows = []
    for main in taxonomy["main_categories"]:
        rule = region.sharing.rule(main["slug"])
        rows.append(html.Tr([html.Th(main["name"], scope="row"), html.Td(_rule_text(rule, region))]))
        for sub in taxonomy["sub_categories"]:
            own = region.sharing.rule(sub["slug"])
            if sub["main"] == main["slug"] and own != rule:
                rows.append(html.Tr([html.Th(f"› {sub['name']}", scope="row", className="sub-category"),
                                     html.Td(_rule_text(own, region))]))
    return html.Table([html.Thead(html.Tr([html.Th("Categorie", scope="col"), html.Th("Deelregel", scope="col")])),
                       html.Tbody(rows)], className="simple-table", id="admin-sharing")


def attribution_as_text(attribution: str) -> str:
    """The tiles' attribution is HTML for Leaflet ("&copy; <a ...>Kadaster</a>"); a table cell shows it as text."""
    return html_text.unescape(re.sub(r"<[^>]+>", "", attribution))


def region_section(region: Region, tile_url: str, tile_attribution: str, stored_areas: dict[str, int]) -> html.Section:
    """What the app serves: names, teams, areas, map view, tiles and evaluation periods."""
    kinds = {}
    for feature in region.areas:
        kinds[feature.kind] = kinds.get(feature.kind, 0) + 1
    in_file, in_store = _counted(kinds), _counted(stored_areas)
    organisations = html.Ul([html.Li([html.Strong(region.organisations[code]),
                                      f" ({code}, {region.kinds[code]}): ",
                                      ", ".join(sorted(region.teams[code].values()))])
                             for code in region.organisations])
    periods = html.Ul([html.Li(p.label) for p in region.periods]) if region.periods else "geen"
    lat, lon = region.center
    return html.Section([
        html.H2("Regio"),
        html.P(["Deze instellingen komen uit het regiobestand (HNM_REGION) en zijn hier alleen te lezen. "
                "Wijzigen: pas het bestand aan en start de app opnieuw."], className="page-note"),
        html.Table(html.Tbody([
            _row("Gebied", region.name),
            _row("Regiobestand", str(region.path)),
            _row("Organisaties en teams", organisations),
            _row("Gebiedenbestand", f"{region.areas_file.name}: {in_file}"
                 + (" (benaderd)" if region.areas_approximate else "")),
            _row("Bron van de gebieden", region.areas_source),
            _row("Gebieden in de database", in_store or "geen"),
            _row("Stratenlijst", f"{region.streets_file.name}: {format_number(len(region.streets))} straten "
                 f"({region.streets_source})" if region.streets_file else
                 "geen: adressen worden niet op hun straat geplaatst (alleen een punt op de kaart)"),
            _row("Kaart opent op", f"{lat:.4f} N, {lon:.4f} O, zoom {region.zoom} (midden van de buurten)"),
            _row("Achtergrondkaart", tile_url),
            _row("Bronvermelding kaart", attribution_as_text(tile_attribution)),
            _row("Evaluatieperiodes", periods),
        ]), className="simple-table", id="admin-region"),
        html.H3("Deelregels per categorie"),
        html.P("Wie een gedeelde melding mag behandelen (overdragen), zien, en de persoonsgegevens mag zien "
               "(contactgegevens van de melder, tekst zonder pseudoniemen) naast de organisatie die hem "
               "behandelt. Een melding alleen voor de politie blijft altijd alleen voor de politie.",
               className="page-note"),
        sharing_table(region),
    ], className="admin-region")
