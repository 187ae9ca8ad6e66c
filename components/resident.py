"""Layout pieces of the residents' pages: chat bubbles, the 112 stop, receipt, status, buurt view."""

from __future__ import annotations

from datetime import datetime

import dash_leaflet as dl
from dash import dcc, html, no_update
from dash_extensions.javascript import Namespace

from components.dates import DUTCH_MONTHS
from data_access.vocabulary import CLOSED_STATUSES, LOCAL_TZ
from services.privacy.pseudonymise import pseudonymise

STATUS_PLAIN = {
    "gemeld": "We hebben uw melding ontvangen.",
    "in_behandeling": "We zijn met uw melding bezig.",
    "ingepland": "Het werk is ingepland.",
    "reactie_gevraagd": "We hebben u een vraag gesteld.",
    "doorgezet": "We hebben uw melding doorgestuurd naar wie het kan oplossen.",
    "afgehandeld": "Uw melding is afgehandeld.",
    "geannuleerd": "Uw melding is gestopt.",
    "heropend": "We kijken opnieuw naar uw melding.",
}


def local_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(LOCAL_TZ)
    return f"{local.day} {DUTCH_MONTHS[local.month - 1]} {local.year} om {local:%H:%M}"


def bubble(children, who: str = "hnm", **kwargs) -> html.Div:
    return html.Div(children, className=f"chat-bubble chat-{who}", **kwargs)


def advice_112(text: str) -> html.Div:
    return html.Div([html.H2("Bel nu 112"), html.P(text),
                     html.A("Bel 112", href="tel:112", className="call-112")],
                    className="advice-112", role="alert", id="advice-112")


def proposal_text(category_name: str, words=()) -> list:
    """The proposed subject, and behind "Waarom?" the words of the resident's text it rests on."""
    why = (f"De computer koos dit onderwerp door deze woorden uit uw tekst: {', '.join(words)}."
           if words else "De computer vond geen duidelijke woorden; daarom is dit een gok.")
    return [html.P(f"Het gaat volgens ons over: {category_name}. Klopt dat niet? Kies hieronder iets anders."),
            html.Details([html.Summary("Waarom?"),
                          html.P([why, " Een medewerker kijkt altijd mee en beslist."], id="intake-why-text")],
                         id="intake-why", className="intake-why")]


def safety_question(question: str) -> list:
    """The one plain question when the text may describe someone in danger."""
    return [html.P(question, className="safety-question-text"),
            html.Div([html.Button("Ja", id="intake-danger-yes", n_clicks=0, className="danger-yes"),
                      html.Button("Nee", id="intake-danger-no", n_clicks=0, className="secondary")],
                     className="safety-answers")]


def receipt(reference: str, token: str, advice: str | None) -> html.Div:
    link = f"/volg/{token}"
    return html.Div([
        advice_112(advice) if advice else None,
        html.H2("Bedankt, uw melding is verstuurd"),
        html.P(["Uw meldingsnummer is ", html.Strong(reference, id="receipt-reference"), "."]),
        html.P("Met deze link ziet u wat er met uw melding gebeurt. Bewaar de link goed: "
               "iedereen met de link kan uw melding volgen."),
        html.A("Volg uw melding", href=link, id="receipt-link", className="button-link"),
        html.P(html.A("Nog een melding maken", href="/melden", id="intake-again")),
    ], className="receipt", role="status")


def not_found() -> html.Div:
    return html.Div([html.H1("Niet gevonden"),
                     html.P("Deze link werkt niet (meer). Controleer of u de hele link hebt gebruikt."),
                     html.A("Een nieuwe melding maken", href="/melden")], className="resident-card")


def status_view(report, messages) -> html.Div:
    due = (html.P(f"We verwachten uw melding af te handelen vóór {local_time(report.due_at)}.")
           if report.due_at and report.status not in CLOSED_STATUSES else None)
    sent = [html.Li([html.Span(local_time(m.sent_at or m.created_at), className="message-time"),
                     html.P(m.body)]) for m in messages]
    return html.Div([
        html.P(["Melding ", html.Strong(report.reference), " · ontvangen ",
                local_time(report.received_at)]),
        html.H2(STATUS_PLAIN.get(report.status, report.status), id="track-status"),
        due,
        # what was reported: the resident's own words (this page opens only with their private link)
        html.H3("Wat u meldde"),
        html.Dl([html.Dt("Onderwerp"), html.Dd(report.category.name, id="track-category"),
                 html.Dt("Uw beschrijving"), html.Dd(report.text, id="track-text", className="track-text")],
                className="track-details"),
        html.H3("Berichten aan u"),
        html.Ul(sent, className="message-list") if sent else html.P("Nog geen berichten."),
    ], className="resident-card")


def counts_table(caption: str, rows: list[tuple[str, int]], empty: str) -> html.Table | html.P:
    if not rows:
        return html.P(empty)
    return html.Table([html.Caption(caption),
                       html.Thead(html.Tr([html.Th("Onderwerp", scope="col"), html.Th("Aantal", scope="col")])),
                       html.Tbody([html.Tr([html.Td(name), html.Td(f"{count:n}")]) for name, count in rows])],
                      className="count-table")


# How many reports a grid cell holds, in four steps from light to dark (ColorBrewer "Blues",
# readable for colour-blind people): (lowest count, colour, legend text).
CELL_STEPS = ((1, "#c6dbef", "1 melding"), (2, "#6baed6", "2 tot 4"), (5, "#2171b5", "5 tot 9"),
              (10, "#08306b", "10 of meer"))


def cell_colour(count: int) -> str:
    return [colour for lowest, colour, _ in CELL_STEPS if count >= lowest][-1]


def cells_legend() -> html.Div:
    return html.Div([html.Span("Meldingen per vlak: ", className="legend-title")] + [
        html.Span([html.Span(className="legend-swatch", style={"background": colour}), text],
                  className="legend-item") for _, colour, text in CELL_STEPS],
        className="cells-legend", id="buurt-map-legend")


def cells_viewport(cells):
    """The map shows all cells (the whole buurt or wijk with reports), not a fixed spot."""
    if not cells:
        return no_update
    return {"bounds": [[min(c.south for c in cells), min(c.west for c in cells)],
                       [max(c.north for c in cells), max(c.east for c in cells)]], "transition": "fitBounds"}


def cells_collection(cells) -> dict:
    """Grid cells as GeoJSON rectangles (no report points), coloured by how many reports they hold."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"count": c.count, "fill": cell_colour(c.count),
                                           "tooltip": f"{c.count} {'melding' if c.count == 1 else 'meldingen'}"},
         "geometry": {"type": "Polygon", "coordinates": [[[c.west, c.south], [c.east, c.south],
                                                          [c.east, c.north], [c.west, c.north],
                                                          [c.west, c.south]]]}} for c in cells]}


def coarse_map(map_id: str, tile_url: str, attribution: str, center: list[float], zoom: int) -> dl.MapContainer:
    return dl.MapContainer([dl.TileLayer(url=tile_url, attribution=attribution, maxZoom=18),
                            dl.GeoJSON(id=f"{map_id}-cells", data=cells_collection([]),
                                       style=Namespace("dashExtensions", "hnmResident")("cellStyle"))],
                           center=center, zoom=zoom, id=map_id, className="resident-map")


def messages_list(rows, kinds: dict[str, str]) -> html.Div:
    if not rows:
        return html.P("Er zijn nu geen buurtberichten.")
    return html.Ul([html.Li([html.Span(kinds.get(m.kind, m.kind), className=f"message-kind kind-{m.kind}"),
                             html.H3(pseudonymise(m.title)), html.P(pseudonymise(m.body)),
                             html.P(f"{sender} · {local_time(m.starts_at)}", className="message-time"),
                             html.A("Reageer op deze oproep", href=f"/melden?oproep={m.id}",
                                    className="button-link", id=f"oproep-{m.id}")
                             if m.kind == "oproep" and m.incident_id else None],
                            className="buurtbericht") for m, sender in rows], className="buurtberichten")


def mail_link_page(title: str, question: str, button: str, prefix: str, token: str) -> html.Main:
    """A page that a link in a mail opens (no login): the question and one button that does it (a
    mail scanner that opens every link does nothing), a status line, and the link's token for the
    callback. Ids: <prefix>-submit, <prefix>-status and <prefix>-token."""
    return html.Main([
        html.H1(title),
        html.Div([html.P(question),
                  html.Button(button, id=f"{prefix}-submit", n_clicks=0, className="primary"),
                  html.P(id=f"{prefix}-status", role="status")], className="resident-card"),
        dcc.Store(id=f"{prefix}-token", data=token),
    ], className="page resident-page")


def field(label: str, control, hint: str | None = None) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control.id), html.P(hint, className="hint") if hint else None,
                     control], className="field")


def pin_map(tile_url: str, attribution: str, center: list[float], zoom: int) -> dl.MapContainer:
    return dl.MapContainer([dl.TileLayer(url=tile_url, attribution=attribution, maxZoom=19),
                            dl.LayerGroup(id="intake-pin")],
                           center=center, zoom=zoom + 1, id="intake-map", className="resident-map")


def photo_upload(upload_id: str) -> html.Div:
    """A photo picker (JPG or PNG, up to 5 MB) with its status line; the server checks it again."""
    return html.Div([
        dcc.Upload(html.Span(["Foto kiezen ", html.Span("(JPG of PNG, maximaal 5 MB)", className="hint")]),
                   id=upload_id, accept="image/jpeg,image/png", max_size=5 * 1024 * 1024, multiple=False,
                   className="photo-upload", className_reject="photo-upload-rejected"),
        html.P(id=f"{upload_id}-message", role="status"),
    ], className="field")


MAX_SHARED_PROBLEMS = 3          # a phone screen: the figures stay in reach


def shared_problems_list(problems) -> html.Div:
    """Open shared problems with an "Ik zie dit ook" button (category, street, time; nothing personal):
    the first MAX_SHARED_PROBLEMS, and a line when there are more."""
    if not problems:
        return html.P("Er staan nu geen gedeelde meldingen open in deze buurt.")
    shown = problems[:MAX_SHARED_PROBLEMS]
    items = html.Ul([html.Li([html.H3(p.category), html.P(f"{p.street} · gemeld {local_time(p.at)}"),
                              html.P(f"{p.seen_too} {'buurtbewoner ziet' if p.seen_too == 1 else 'buurtbewoners zien'}"
                                     " dit ook", className="seen-count") if p.seen_too else None,
                              html.Button("Ik zie dit ook", id={"type": "seen-too", "target": p.target}, n_clicks=0,
                                          className="secondary")], className="shared-problem")
                     for p in shown], className="shared-problems")
    note = html.P("Er staan nog meer meldingen open in deze buurt.", className="shared-more") \
        if len(problems) > len(shown) else None
    return html.Div([items, note])


def reach_table(messages, reach: dict[int, dict], kinds: dict[str, str]) -> html.Table | html.P:
    """Staff view of the buurtberichten: reach (followers, page views) and answers; counts only."""
    if not messages:
        return html.P("Uw organisatie heeft nog geen buurtberichten geplaatst.")
    head = ["Geplaatst", "Soort", "Titel", "Volgers bericht", "Paginabezoeken", "Reacties"]
    return html.Table([html.Caption("Bereik en reacties per buurtbericht"),
                       html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
                       html.Tbody([html.Tr([html.Td(local_time(m.starts_at)), html.Td(kinds.get(m.kind, m.kind)),
                                            html.Td(m.title), html.Td(f"{reach[m.id]['notified']:n}"),
                                            html.Td(f"{reach[m.id]['views']:n}"),
                                            html.Td(f"{reach[m.id]['answers']:n}")]) for m in messages])],
                      className="count-table", id="nb-reach-table")
