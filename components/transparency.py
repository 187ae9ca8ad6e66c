"""Hoe wij uw melding behandelen (/hoe-wij-werken): plain Dutch (B1) for residents."""

from __future__ import annotations

from datetime import timedelta

from dash import html

from services.area_followers import CONFIRM_DAYS
from services.privacy.policy import Policy

def term_text(term: timedelta) -> str:
    """A retention term in plain words: "1 jaar", "6 maanden", "45 dagen"."""
    days = term.days
    if days % 365 == 0:
        return f"{days // 365} jaar"
    if days % 30 == 0:
        return f"{days // 30} maanden" if days > 30 else "1 maand"
    return f"{days} dagen"


def retention_terms(policy: Policy) -> list[tuple[str, str]]:
    """How long personal data is kept, in the residents' words, from the retention policy
    (services/privacy/retention.yaml or HNM_PRIVACY_POLICY)."""
    gemeente, politie = policy.rules("gemeente"), policy.rules("politie")

    def both(data_class: str) -> str:
        return (f"Gemeente: {term_text(gemeente.terms[data_class])} nadat uw melding is afgehandeld. "
                f"Politie: {term_text(politie.terms[data_class])} nadat uw melding is afgehandeld.")

    return [
        ("Uw naam, e-mailadres en telefoonnummer", both("contact")),
        ("Uw foto's", both("photos")),
        ("Uw volglink", both("tracking") + " Daarna werkt de link niet meer."),
        ("De tekst van uw melding en het huisnummer",
         both("text") + " Daarna halen we namen, telefoonnummers, e-mailadressen en huisnummers uit de tekst."),
        ("De melding zelf, zonder uw gegevens",
         "Die blijft bestaan: het onderwerp, de buurt en de datum. Zo kloppen de cijfers over de buurt, "
         "maar niemand kan nog zien dat de melding van u kwam."),
        ("Uw e-mailadres als u een buurt volgt",
         f"Tot u zich afmeldt, en hoogstens {term_text(policy.general['followers'])} na uw aanmelding. Hebt u "
         f"uw aanmelding niet bevestigd? Dan halen we het na {CONFIRM_DAYS} dagen weg."),
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


def how_we_work(entry: dict | None, policy: Policy) -> html.Div:
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
                 html.P("Voor de gemeente gelden de AVG en de Archiefwet, voor de politie de Wet "
                        "politiegegevens. Wij bewaren uw gegevens niet langer dan nodig:"),
                 html.Dl([item for what, how in retention_terms(policy) for item in (html.Dt(what), html.Dd(how))],
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
