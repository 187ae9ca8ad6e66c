"""Hoe wij uw melding behandelen (/hoe-wij-werken): plain Dutch (B1) for residents."""

from __future__ import annotations

from dash import html

from services.area_followers import CONFIRM_DAYS

# How long personal data is kept, in the residents' words. Until the retention policy of the privacy
# module exists these terms are stated here; then take them from it (docs/privacy.md).
RETENTION = [
    ("Uw naam, e-mailadres en telefoonnummer, de tekst van uw melding en uw foto's",
     "Bij de gemeente tot 1 jaar nadat uw melding is afgehandeld (AVG en Archiefwet). Bij de politie "
     "volgens de Wet politiegegevens: ook in de regel 1 jaar, langer alleen als het nodig is voor een "
     "onderzoek."),
    ("De melding zelf, zonder uw gegevens",
     "Die blijft bestaan: het onderwerp, de buurt en de datum. Zo kloppen de cijfers over de buurt, "
     "maar niemand kan nog zien dat de melding van u kwam."),
    ("Uw e-mailadres als u een buurt volgt",
     f"Tot u zich afmeldt. Hebt u uw aanmelding niet bevestigd? Dan halen we het na {CONFIRM_DAYS} dagen weg."),
]

STEPS = [
    ("U meldt", "Via de app, de chat op deze website, een buurtapp of de telefoon."),
    ("De computer doet een voorstel", "Een computerprogramma leest uw tekst en stelt een onderwerp voor, "
     "en of het spoed is. In de chat ziet u dat voorstel. Onder 'Waarom?' staat op welke woorden het voorstel "
     "rust. Klopt het niet? Dan kiest u zelf iets anders."),
    ("Een medewerker beslist", "Een medewerker van de politie of de gemeente bekijkt elke melding. Die "
     "beslist over het onderwerp, de spoed en wie het oppakt. De computer beslist nooit alleen."),
    ("Iemand pakt het op", "De melding gaat naar het team dat het kan oplossen: bijvoorbeeld de wijkagent, "
     "handhaving of het onderhoud van de straat."),
    ("U hoort wat er gebeurt", "Als u dat wilt, krijgt u bericht: dat we uw melding hebben, hoe het gaat en "
     "wat we hebben gedaan. Met uw volglink kunt u het ook zelf zien."),
]


def _section(title: str, *children, section_id: str) -> html.Section:
    return html.Section([html.H2(title), *children], id=section_id, className="how-section")


def algorithm_summary(entry: dict | None) -> list:
    if not entry:
        return []
    registration = entry["registraties"][0]
    return [html.P(registration["Korte omschrijving"]),
            html.P(registration["Menselijke tussenkomst"]),
            html.P(["Versie van het programma: ", registration["Modelversie"], " (",
                    registration["Status"].lower(), ")."])]


def how_we_work(entry: dict | None) -> html.Div:
    return html.Div([
        html.H1("Hoe wij uw melding behandelen"),
        html.P("Politie en gemeente werken samen aan een veilige en prettige buurt. Hier leest u wat er "
               "met uw melding gebeurt, wie uw gegevens ziet en hoe lang we ze bewaren.", className="page-intro"),
        html.P(["Spoed of levensgevaar? Bel altijd ", html.A("112", href="tel:112"), "."],
               className="intake-notice"),
        _section("Wat gebeurt er met uw melding?",
                 html.Ol([html.Li([html.Strong(title), ": ", text]) for title, text in STEPS]),
                 section_id="how-steps"),
        _section("De computer stelt voor, een mens beslist",
                 html.P("Twijfelt de computer of er nu iemand in gevaar is? Dan vragen we het u in de chat. "
                        "Zo'n melding komt bovenaan bij een medewerker. Bij gevaar raden we u aan 112 te bellen."),
                 *algorithm_summary(entry),
                 html.P(["Alle gegevens over dit programma staan in de beschrijving voor het ",
                         html.A("Algoritmeregister", href="/api/v1/algoritmeregister", id="how-register-link"),
                         " van de overheid."]),
                 section_id="how-algorithm"),
        _section("Wie ziet uw gegevens?",
                 html.Ul([
                     html.Li("Uw naam, e-mailadres en telefoonnummer ziet alleen de organisatie die uw melding "
                             "behandelt. Elke keer dat een medewerker ze bekijkt, schrijven we dat op. Een "
                             "privacyfunctionaris controleert dat."),
                     html.Li("Sommige meldingen zijn alleen voor de politie, bijvoorbeeld over een misdrijf. De "
                             "gemeente ziet die niet."),
                     html.Li("Op openbare pagina's, zoals de buurtpagina, staan nooit namen, telefoonnummers, "
                             "e-mailadressen of huisnummers."),
                 ]), section_id="how-who"),
        _section("Hoe lang bewaren we uw gegevens?",
                 html.Dl([item for what, how in RETENTION for item in (html.Dt(what), html.Dd(how))],
                         className="how-retention"),
                 section_id="how-retention"),
        _section("Uw gegevens inzien of laten wissen",
                 html.P("U mag vragen welke gegevens wij over u hebben. U mag ook vragen om ze te wissen. "
                        "Neem daarvoor contact op met de privacyfunctionaris van de gemeente of van de politie. "
                        "Noem het nummer van uw melding (bijvoorbeeld HNM-0000123), of het e-mailadres of "
                        "telefoonnummer dat u gaf."),
                 html.P("U krijgt dan alles wat we over u hebben: als bestand en als overzicht dat u kunt "
                        "afdrukken. Laat u uw gegevens wissen? Dan halen we uw naam, contactgegevens, teksten "
                        "en foto's weg. De melding blijft zonder uw gegevens bestaan in de cijfers."),
                 html.P("Gegevens die alleen bij de politie liggen, vraagt u op bij de politie."),
                 section_id="how-rights"),
        html.P([html.A("Melding maken", href="/melden", className="primary-link")]),
    ], className="page resident-page how-page")
