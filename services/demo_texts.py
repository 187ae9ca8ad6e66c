"""Phrase lists and distributions for the SYNTHETIC demo data of Wateringse Veld.

Nothing here describes real people or real events. The main roads are real streets of Wateringse
Veld; the smaller street names and spots are illustrative. Names, e-mail addresses and phone numbers
of reporters are obviously fake (e-mail at voorbeeld.nl, phone numbers 06-0000....).

Used by services.demo_scenario (history), services.live_demo (live mode) and
bench/generate_reports.py (bulk benchmark data), so all three speak the same language.
"""

from __future__ import annotations

# --- channels --------------------------------------------------------------------------------
# Every intake channel except "import"; app most common.
CHANNEL_WEIGHTS: dict[str, float] = {
    "app": 38, "chat": 19, "web": 15, "buurtapp": 10, "social": 8, "telefoon": 6, "open311": 4,
}

# --- time rhythm (local time, Europe/Amsterdam) ------------------------------------------------
HOUR_WEIGHTS = [1.2, 0.8, 0.5, 0.3, 0.3, 0.5, 1.0, 2.0, 3.0, 3.5, 3.8, 3.8,
                3.5, 3.6, 3.8, 4.0, 4.6, 5.0, 5.0, 5.2, 5.0, 4.4, 3.4, 2.2]
WEEKDAY_WEIGHTS = [1.0, 0.95, 0.95, 1.0, 1.1, 1.15, 0.95]   # Monday .. Sunday


def profile_factor(profile: str, hour: int, weekday: int) -> float:
    """How much more likely a category with this time profile is at this local hour and day."""
    weekend_evening = weekday in (4, 5) and (hour >= 18 or hour < 3) or weekday in (5, 6) and hour < 3
    if profile == "dag":
        return 1.4 if 7 <= hour <= 18 else (0.6 if hour <= 22 else 0.25)
    if profile == "avond":
        base = 2.2 if 18 <= hour <= 23 else (1.6 if hour <= 2 else 0.6)
        return base * (1.9 if weekend_evening else 1.0)
    if profile == "nacht":
        base = 2.5 if hour >= 22 or hour <= 4 else 0.5
        return base * (1.6 if weekend_evening else 1.0)
    return 1.0


# --- categories: weight, time profile, chance of urgency ---------------------------------------
# slug -> (weight, profile, urgent share). Categories not listed are not generated.
CATEGORY_MIX: dict[str, tuple[float, str, float]] = {
    # afval
    "veeg-zwerfvuil": (55, "dag", 0), "grofvuil": (65, "dag", 0), "huisafval": (42, "dag", 0),
    "container-is-vol": (50, "dag", 0), "prullenbak-is-vol": (28, "dag", 0),
    "container-is-kapot": (14, "dag", 0), "container-voor-plastic-afval-is-vol": (22, "dag", 0),
    "puin-sloopafval": (9, "dag", 0), "asbest-accu": (3, "dag", 0.3),
    # wegen, verkeer, straatmeubilair
    "onderhoud-stoep-straat-en-fietspad": (45, "dag", 0),
    "straatverlichting-openbare-klok": (42, "avond", 0),
    "verkeersbord-verkeersafzetting": (9, "dag", 0), "put-riolering-verstopt": (11, "dag", 0.2),
    "speelplaats": (11, "dag", 0), "straatmeubilair": (9, "dag", 0), "fietsrek-nietje": (5, "dag", 0),
    "verkeerslicht": (5, "gelijk", 0.4), "gladheid": (3, "dag", 0.5),
    "verkeersoverlast-verkeerssituaties": (18, "dag", 0),
    # overlast in de openbare ruimte
    "parkeeroverlast": (50, "gelijk", 0), "fietswrak": (13, "dag", 0),
    "auto-scooter-bromfietswrak": (10, "dag", 0), "graffiti-wildplak": (16, "dag", 0),
    "hondenpoep": (30, "dag", 0), "hinderlijk-geplaatst-object": (7, "dag", 0),
    "deelfiets": (9, "dag", 0), "stank-geluidsoverlast": (13, "avond", 0),
    "bouw-sloopoverlast": (9, "dag", 0), "lozing-dumping-bodemverontreiniging": (7, "dag", 0),
    # groen en water
    "boom": (17, "dag", 0), "maaien-snoeien": (13, "dag", 0), "onkruid": (7, "dag", 0),
    "drijfvuil": (9, "dag", 0), "oever-kade-steiger": (4, "dag", 0),
    # dieren
    "ratten": (11, "gelijk", 0), "ganzen": (5, "dag", 0), "meeuwen": (7, "dag", 0),
    "wespen": (5, "dag", 0), "dode-dieren": (5, "dag", 0),
    # personen en groepen (gemeente)
    "jongerenoverlast": (30, "avond", 0), "overige-overlast-door-personen": (11, "avond", 0),
    "drank-en-drugsoverlast": (11, "avond", 0), "wildplassen-poepen-overgeven": (5, "nacht", 0),
    "daklozen-bedelen": (3, "dag", 0), "vuurwerkoverlast": (9, "avond", 0),
    "overlast-door-afsteken-vuurwerk": (7, "avond", 0),
    # bedrijven en horeca
    "geluidsoverlast-muziek": (24, "nacht", 0), "geluidsoverlast-installaties": (6, "gelijk", 0),
    "stankoverlast": (5, "gelijk", 0), "overlast-terrassen": (4, "avond", 0),
    # water
    "overlast-op-het-water-vaargedrag": (3, "dag", 0), "personen-op-het-water": (2, "avond", 0),
    "overig-openbare-ruimte": (9, "gelijk", 0),
    # politie
    "geweld-bedreiging": (24, "avond", 1.0), "inbraak": (22, "nacht", 0.85),
    "diefstal": (32, "gelijk", 0), "persoon-in-nood": (12, "gelijk", 1.0), "brand": (10, "gelijk", 1.0),
    "verdachte-situatie": (46, "nacht", 0.7), "drugsoverlast": (19, "avond", 0.15),
    "verward-gedrag": (14, "gelijk", 0.6), "jeugdoverlast": (34, "avond", 0.15),
    "verkeer": (22, "dag", 0.25), "vandalisme": (23, "avond", 0.1),
}

NEUTER_STREET_ENDINGS = ("pad", "plein", "park")     # "het Zonneplein", not "de Zonneplein"

# --- places ------------------------------------------------------------------------------------
# buurt code -> streets (main roads are real; side streets illustrative)
STREETS: dict[str, list[str]] = {
    "BU05184011": ["Erasmusweg", "Dedemsvaartweg", "Laan van Wateringse Veld", "Lozerlaan",
                   "Erasmusplein", "Veldzichtlaan", "Korenbloemstraat"],
    "BU05184012": ["Laan van Wateringse Veld", "Hoge Veld-plein", "Dedemsvaartweg",
                   "Hogeveldsingel", "Akkerwindestraat", "Oeverwallaan"],
    "BU05184013": ["Lozerlaan", "Wateringseweg", "Zonneveldpad", "Zonneplein", "Zonnebloemlaan",
                   "Laan van Wateringse Veld"],
    "BU05184014": ["Laan van Wateringse Veld", "Lageveldweg", "Tuinbouwlaan", "Kasstraat",
                   "Wateringseweg", "Drieveldenpad"],
    "BU05184015": ["Wateringseweg", "Parkweg Oosteinde", "Oosteindsepad", "Vijverlaan",
                   "Erasmusweg", "Singelpark"],
}
# buurt code -> relative share of the reports (Hoge Veld has the shops, Zonne Veld the youth)
BUURT_WEIGHTS: dict[str, float] = {
    "BU05184011": 1.0, "BU05184012": 1.35, "BU05184013": 1.15, "BU05184014": 1.0, "BU05184015": 0.8,
}
SPOTS = ["bij de speeltuin", "bij de bushalte", "bij de tramhalte", "bij het winkelcentrum",
         "naast de ondergrondse containers", "bij de basisschool", "op het fietspad", "bij de sporthal",
         "achter de flat", "bij het water", "op het parkeerterrein", "bij de supermarkt",
         "in het park", "bij de brug", "op de hoek", "bij het trapveldje"]

# --- resident texts per category ----------------------------------------------------------------
# Placeholders: {straat} {plek} {tijd} {aantal}
TEXTS: dict[str, list[str]] = {
    "veeg-zwerfvuil": ["Veel zwerfvuil {plek} aan de {straat}.", "Overal blikjes en zakjes {plek}, {straat}.",
                       "Het ligt hier vol met afval na het weekend, {straat} {plek}."],
    "grofvuil": ["Er staat grofvuil op de stoep aan de {straat}: een bank en een matras.",
                 "Iemand heeft een oude kast {plek} aan de {straat} gezet.",
                 "Grofvuil naast de container {plek}, {straat}. Staat er al {aantal} dagen."],
    "huisafval": ["Vuilniszakken naast de container aan de {straat}.",
                  "Zakken huisvuil opengescheurd door meeuwen {plek}, {straat}.",
                  "Afval naast de ondergrondse container, {straat}. Het stinkt."],
    "container-is-vol": ["Container aan de {straat} zit propvol.", "De restafvalcontainer {plek} is vol, {straat}.",
                         "Container {plek} aan de {straat} is al {aantal} dagen vol."],
    "prullenbak-is-vol": ["Prullenbak {plek} aan de {straat} puilt uit.", "Afvalbak {plek} is vol, {straat}."],
    "container-is-kapot": ["De klep van de container aan de {straat} is kapot.",
                           "Container {plek} gaat niet meer open, {straat}."],
    "container-voor-plastic-afval-is-vol": ["Plasticcontainer aan de {straat} is vol.",
                                            "PMD-container {plek} zit vol, {straat}."],
    "puin-sloopafval": ["Bouwpuin gedumpt {plek} aan de {straat}.", "Hoop tegels en puin op de stoep, {straat}."],
    "asbest-accu": ["Golfplaten die op asbest lijken {plek}, {straat}.", "Oude accu gedumpt {plek} aan de {straat}."],
    "onderhoud-stoep-straat-en-fietspad": ["Losliggende stoeptegels aan de {straat}, gevaarlijk voor ouderen.",
                                           "Gat in het fietspad {plek}, {straat}.",
                                           "Boomwortels drukken de stoep omhoog aan de {straat}."],
    "straatverlichting-openbare-klok": ["Lantaarnpaal {plek} aan de {straat} doet het niet.",
                                        "Al {aantal} lantaarns uit aan de {straat}, erg donker 's avonds.",
                                        "Straatlamp knippert de hele nacht, {straat}."],
    "verkeersbord-verkeersafzetting": ["Verkeersbord omgereden aan de {straat}.",
                                       "Afzetting ligt al dagen op de weg {plek}, {straat}."],
    "put-riolering-verstopt": ["Putdeksel ligt los op de {straat}.", "Straat staat onder water na de regen, {straat}.",
                               "Riool verstopt {plek}, {straat}, het water loopt niet weg."],
    "speelplaats": ["Glijbaan in de speeltuin aan de {straat} is kapot.", "Schommel {plek} hangt scheef, {straat}.",
                    "Glas in de zandbak van de speeltuin, {straat}."],
    "straatmeubilair": ["Bankje {plek} aan de {straat} is vernield.", "Paaltje omver gereden aan de {straat}."],
    "fietsrek-nietje": ["Fietsenrek {plek} is los, {straat}.", "Fietsnietje omgebogen aan de {straat}."],
    "verkeerslicht": ["Verkeerslicht op de kruising {straat} staat op knipperen.",
                      "Stoplicht voor voetgangers aan de {straat} springt niet op groen."],
    "gladheid": ["Fietspad spiegelglad aan de {straat}, er is al iemand gevallen.",
                 "Er is niet gestrooid op de {straat}."],
    "verkeersoverlast-verkeerssituaties": ["Auto's rijden veel te hard over de {straat}.",
                                           "Gevaarlijke situatie voor schoolkinderen {plek}, {straat}.",
                                           "Vrachtwagens rijden door de woonstraat, {straat}."],
    "parkeeroverlast": ["Auto staat op de stoep {plek} aan de {straat}.",
                        "Busje blokkeert de uitrit aan de {straat}.",
                        "Er wordt steeds dubbel geparkeerd {plek}, {straat}.",
                        "Auto op de invalidenparkeerplaats zonder kaart, {straat}."],
    "fietswrak": ["Fietswrak zonder wielen {plek} aan de {straat}.", "Verroeste fiets staat al maanden bij het rek, {straat}."],
    "auto-scooter-bromfietswrak": ["Scooter zonder kenteken staat al weken {plek}, {straat}.",
                                   "Autowrak met lekke banden aan de {straat}."],
    "graffiti-wildplak": ["Graffiti op de geluidswal aan de {straat}.", "Bekladding {plek}, {straat}.",
                          "Overal posters geplakt op de elektriciteitskast, {straat}."],
    "hondenpoep": ["Veel hondenpoep op het grasveld {plek}, {straat}.",
                   "De hele stoep ligt vol hondenpoep, {straat}."],
    "hinderlijk-geplaatst-object": ["Container van een verbouwing staat al weken op straat, {straat}.",
                                    "Aanhanger blokkeert de stoep aan de {straat}."],
    "deelfiets": ["Deelfietsen liggen midden op de stoep {plek}, {straat}.", "Deelscooter in de sloot, {straat}."],
    "stank-geluidsoverlast": ["Harde bonken en boren tot laat in de avond, {straat}.",
                              "Sterke brandlucht {plek} aan de {straat}."],
    "bouw-sloopoverlast": ["Bouwverkeer al om zes uur 's ochtends, {straat}.", "Veel stof van de bouwplaats aan de {straat}."],
    "lozing-dumping-bodemverontreiniging": ["Iemand loost olie in de sloot {plek}, {straat}.",
                                            "Vaten gedumpt in de berm langs de {straat}."],
    "boom": ["Grote tak hangt los boven het fietspad, {straat}.", "Boom staat scheef na de wind, {straat}.",
             "Dode boom {plek} aan de {straat}."],
    "maaien-snoeien": ["Struiken zo hoog dat je het verkeer niet ziet, {straat}.", "Gras is al weken niet gemaaid {plek}, {straat}."],
    "onkruid": ["Onkruid tussen de tegels, {straat}.", "Stoep overwoekerd met onkruid aan de {straat}."],
    "drijfvuil": ["Veel drijfvuil in de vijver {plek}, {straat}.", "Plastic en flessen in het water langs de {straat}."],
    "oever-kade-steiger": ["Beschoeiing ingezakt langs de {straat}.", "Steiger {plek} heeft losse planken, {straat}."],
    "ratten": ["Ratten gezien {plek} aan de {straat}.", "Veel ratten bij de containers, {straat}.",
               "Rattenholen in de berm aan de {straat}."],
    "ganzen": ["Ganzen op het fietspad {plek}, {straat}, veel poep.", "Agressieve ganzen bij de vijver, {straat}."],
    "meeuwen": ["Meeuwen scheuren vuilniszakken open, {straat}.", "Meeuwen nestelen op het dak, veel lawaai, {straat}."],
    "wespen": ["Wespennest in de boom {plek}, {straat}.", "Wespennest bij de ingang van de school, {straat}."],
    "dode-dieren": ["Dode vos in de berm van de {straat}.", "Dode eend in het water {plek}, {straat}."],
    "jongerenoverlast": ["Groep jongeren maakt veel lawaai {plek}, {straat}.",
                        "Jongeren hangen {plek} en laten afval achter, {straat}.",
                        "Elke avond een groep jongeren met scooters {plek}, {straat}."],
    "overige-overlast-door-personen": ["Man schreeuwt al een uur op straat, {straat}.",
                                       "Buren maken ruzie op straat, {straat}."],
    "drank-en-drugsoverlast": ["Mensen drinken {plek} en laten flessen achter, {straat}.",
                               "Lachgasflessen op straat {plek}, {straat}."],
    "wildplassen-poepen-overgeven": ["Er wordt steeds geplast {plek}, {straat}.", "Iemand heeft overgegeven bij de ingang, {straat}."],
    "daklozen-bedelen": ["Iemand slaapt al dagen {plek}, {straat}; hij lijkt hulp nodig te hebben."],
    "vuurwerkoverlast": ["Harde knallen {plek}, {straat}, al {aantal} keer vanavond.",
                         "Vuurwerk afgestoken bij de flat, {straat}."],
    "overlast-door-afsteken-vuurwerk": ["Jongeren gooien vuurwerk naar voorbijgangers {plek}, {straat}.",
                                        "Cobra's afgestoken {plek}, {straat}, de ruiten trillen."],
    "geluidsoverlast-muziek": ["Keiharde muziek uit een woning aan de {straat}, het is {tijd}.",
                               "Feest met harde bassen {plek}, {straat}.",
                               "Muziek uit een auto met open ramen, {straat}."],
    "geluidsoverlast-installaties": ["Warmtepomp van de buren bromt dag en nacht, {straat}.",
                                     "Piepende installatie op het dak van de supermarkt, {straat}."],
    "stankoverlast": ["Sterke stanklucht uit de afzuiging, {straat}.", "Rioollucht {plek}, {straat}."],
    "overlast-terrassen": ["Terras staat tot op de rijbaan, {straat}.", "Lawaai van het terras na sluitingstijd, {straat}."],
    "overlast-op-het-water-vaargedrag": ["Bootje vaart veel te hard door de vijver, {straat}."],
    "personen-op-het-water": ["Kinderen op het ijs terwijl het nog niet houdt, {straat}.",
                              "Jongeren zwemmen in de vijver {plek}, {straat}."],
    "overig-openbare-ruimte": ["Ik weet niet waar dit hoort, maar {plek} aan de {straat} is het al weken een rommeltje.",
               "Vraag over de {straat}: wie gaat over het hek {plek}?"],
    "geweld-bedreiging": ["Twee mannen vechten {plek}, {straat}!", "Iemand wordt bedreigd met een mes {plek}, {straat}.",
                          "Vechtpartij bij de ingang van de supermarkt, {straat}."],
    "inbraak": ["Ik hoor glas breken bij de buren aan de {straat}, ze zijn op vakantie.",
                "Er wordt ingebroken in een auto {plek}, {straat}.",
                "Inbraak in de berging van onze flat, {straat}."],
    "diefstal": ["Mijn fiets is gestolen {plek} aan de {straat}.", "Pakketje van de stoep gestolen, {straat}.",
                 "Tas gerold in de tram bij de halte {straat}."],
    "persoon-in-nood": ["Oudere man gevallen {plek} aan de {straat}, komt niet overeind.",
                        "Iemand ligt bewusteloos {plek}, {straat}."],
    "brand": ["Rook uit een container {plek}, {straat}.", "Brandende scooter {plek} aan de {straat}."],
    "verdachte-situatie": ["Twee personen lopen langs de voordeuren en voelen aan de klinken, {straat}.",
                           "Onbekende man kijkt bij auto's naar binnen {plek}, {straat}.",
                           "Auto rijdt al een uur rondjes door de wijk, {straat}.",
                           "Iemand met een zaklamp in de tuinen achter de {straat}."],
    "drugsoverlast": ["Er wordt gedeald {plek} aan de {straat}.", "Steeds auto's die kort stoppen en weer wegrijden, {straat}.",
                      "Sterke wietlucht uit een woning aan de {straat}."],
    "verward-gedrag": ["Verwarde vrouw loopt op de rijbaan, {straat}.", "Man praat hard in zichzelf en valt mensen lastig {plek}, {straat}."],
    "jeugdoverlast": ["Groep jongeren intimideert voorbijgangers {plek}, {straat}.",
                      "Jongeren gooien met stenen naar de bus, {straat}.",
                      "Hangjongeren {plek} aan de {straat}, bewoners durven er niet langs."],
    "verkeer": ["Scooters racen over het fietspad, {straat}.", "Auto reed door rood en bijna tegen een fietser, {straat}.",
                "Straatrace op de {straat} rond {tijd}."],
    "vandalisme": ["Bushokje vernield {plek}, {straat}.", "Ruiten van geparkeerde auto's ingeslagen, {straat}.",
                   "Spiegels van auto's afgetrapt aan de {straat}."],
}
OPENERS = ["", "", "", "Goedemiddag, ", "Hallo, ", "Melding: ", "Graag aandacht voor het volgende. "]
CLOSERS = ["", "", "", " Graag actie.", " Dit is niet de eerste keer.", " Kunnen jullie even kijken?",
           " Alvast bedankt.", " Het wordt steeds erger.", " Zie ook mijn eerdere melding."]

# --- fake reporters -----------------------------------------------------------------------------
FIRST_NAMES = ["Anna", "Bram", "Chaima", "Daan", "Emma", "Fatima", "Gijs", "Hatice", "Ilse", "Jesse",
               "Kevin", "Lotte", "Mohamed", "Noor", "Oscar", "Priya", "Ruben", "Sanne", "Tim", "Yasmina"]
FAKE_SURNAME = "Voorbeeld"          # every demo reporter is "<Voornaam> Voorbeeld": obviously fake
FAKE_DOMAIN = "voorbeeld.nl"

# --- staff notes and feedback texts -------------------------------------------------------------
CLOSING_NOTES: dict[str, list[str]] = {
    "afval": ["Het afval is opgehaald.", "De container is geleegd.", "Het grofvuil is opgehaald en de stoep is schoon."],
    "wegen-verkeer-straatmeubilair": ["De reparatie is uitgevoerd.", "De storing is verholpen.",
                                      "De situatie is bekeken en hersteld."],
    "overlast-in-de-openbare-ruimte": ["Een handhaver is ter plaatse geweest en heeft de eigenaar aangesproken.",
                                       "Het object is verwijderd.", "Er is een waarschuwing gegeven."],
    "openbaar-groen-en-water": ["De boom is gesnoeid.", "Het groen is bijgewerkt.", "Het water is schoongemaakt."],
    "overlast-van-dieren": ["De ongediertebestrijder is langs geweest.", "Het dier is opgehaald."],
    "overlast-van-en-door-personen-of-groepen": ["Handhavers zijn langs geweest; de groep is aangesproken.",
                                                 "Bij aankomst was er niemand meer ter plaatse."],
    "overlast-bedrijven-en-horeca": ["De ondernemer is aangesproken op de overlast.",
                                     "Er is gemeten; de geluidsnorm werd niet overschreden."],
    "overlast-op-het-water": ["Toezicht op het water is geïnformeerd en is langs geweest."],
    "overig": ["Uw vraag is beantwoord."],
    "veiligheid-politie": ["Een eenheid is ter plaatse geweest.", "De wijkagent heeft de situatie bekeken.",
                           "Er is proces-verbaal opgemaakt.", "Bij aankomst was er niets meer te zien."],
}
CANCEL_NOTES = ["Dubbele melding.", "De melder heeft de melding ingetrokken.", "Geen gemeentelijke taak."]
REOPEN_NOTES = ["De melder geeft aan dat het probleem niet is opgelost.", "Opnieuw gemeld op dezelfde plek."]
PLANNED_NOTES = ["Ingepland voor de wijkploeg.", "Ingepland bij de aannemer."]
QUESTION_NOTES = ["Melder gevraagd om een foto.", "Melder gevraagd om de precieze plek."]
FORWARD_NOTES = ["Doorgezet naar de juiste afdeling."]
MAIL_ERRORS = ["550 5.1.1 mailbox bestaat niet", "SMTP-time-out na 30 s", "452 mailbox vol"]
