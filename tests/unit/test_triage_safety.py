"""The explicit safety net: every kind of danger to people now, misspelt and informal writing,
negation, tense, the 'unsure' level. Texts written for these tests (not from an evaluation set)."""
from __future__ import annotations

import collections
import re
import unicodedata

import pytest

from services.triage.model import HOLDOUT_PATH, read_corpus
from services.triage.safety import LEXICON, NONE, NOW, UNSURE, _NOT_TYPOS, assess, check, normalise

# (text, expected danger class): a person is in danger now
DANGER_NOW = [
    ("de keuken van de bovenburen staat in brand!!", "brand"),
    ("dikke zwarte rook komt onder de deur van nr 4 vandaan", "brand"),
    ("ik ruik gas in het hele portiek", "gas"),
    ("een man zwaait met een mes bij de tramhalte", "wapen"),
    ("er wordt geschoten op het plein", "wapen"),
    ("twee gasten slaan een jongen in elkaar bij de snackbar", "geweld"),
    ("mijn buurman slaat zijn vrouw ik hoor haar gillen", "geweld"),
    ("hij staat voor mijn deur te schreeuwen en bonkt op de deur", "bedreiging"),
    ("ze sleuren een meisje een busje in bij de school", "ontvoering"),
    ("mijn opa is onwel geworden en reageert niet", "medisch"),
    ("vrouw ligt te schokken op de grond bij de bushalte", "medisch"),
    ("mn moeder praat opeens raar en haar mond hangt scheef", "medisch"),
    ("kind in de vijver gevallen!!", "water"),
    ("iemand is door het ijs gezakt bij de singel", "water"),
    ("mijn vriend appt dat hij er een eind aan wil maken", "suicide"),
    ("een jongen staat op de rand van het dak van de flat", "suicide"),
    ("mijn zoontje van 4 is kwijt in het winkelcentrum", "vermissing"),
    ("mijn dochter van 15 is sinds gisteren niet thuisgekomen", "vermissing"),
    ("peuter loopt alleen langs de drukke weg", "kind-alleen"),
    ("een fietser is aangereden en ligt op de weg", "verkeer"),
    ("er wordt nu ingebroken bij de buren, ze zijn binnen", "misdrijf-nu"),
    ("mannen met bivakmutsen rennen de juwelier in", "overval"),
    ("our daughter is missing at the market, please help", "hulp"),
    # wider classes: weapon slang, falls from a height, vehicles rolling away, people gone under
    # water, leaking gas bottles, English burglary and abduction, an injury that outlasts the fight
    ("die gozer heeft een blaffer en loopt ermee over het plein", "wapen"),
    ("postbode is van de ladder gevallen en beweegt niet", "letsel"),
    ("de vrachtwagen rolt zonder chauffeur de dijk af", "verkeer"),
    ("jongen viel de gracht in, ik zie hem niet meer", "water"),
    ("er spartelt een jongen in de vaart", "water"),
    ("oude vrouw bij de bushalte die om hulp roept", "hulp"),
    ("de gasfles naast de caravan van de buren lekt en je hoort het sissen", "brand"),
    ("someone is inside the house next door with a flashlight", "hulp"),
    ("a girl got pulled into a van near the school", "hulp"),
    ("de vechtpartij is al voorbij maar de man ligt nog steeds te bloeden", "letsel"),
    # round 3: a hedge before "maar" does not negate what follows, a hit gas pipe, glass breaking
    # at night, a barbecue fallen over, something leaning over people, English water and missing
    ("zal wel niks zijn maar de bouwkraan helt over naar het schoolplein waar kinderen spelen", "letsel"),
    ("aannemer heeft de gasleiding geraakt in de Dorpsstraat, het sist enorm", "gas"),
    ("ik hoor glas breken in het kantoor naast ons en er is niemand", "misdrijf-nu"),
    ("de vuurkorf van de buren is omgevallen en het gras brandt richting de schuur", "brand"),
    ("a kid is struggling in the water near the pier", "water"),
    ("my son didn't come home after football, he is 8", "vermissing"),
    # round 4: a child in the water with someone going after it, something hanging loose over people,
    # banging and screaming in a list; "geen oefening" is no drill
    ("peuter in de gracht bij de brug, zijn vader springt erachteraan", "water"),
    ("de luifel hangt half los boven de ingang en er staan mensen onder", "letsel"),
    ("gebonk tegen de muur, geschreeuw, de buurvrouw huilt", "huiselijk-geweld"),
    ("dit is geen oefening, er komt veel rook uit de school", "brand"),
    # round 5: a burglary told without the word "breaking in" (named as going on, a torch or an open
    # door where the people are away, a crowbar at a door, climbing over a fence, footsteps through
    # my home while I hide); a vehicle endangering people told indirectly (the wrong way on a main
    # road, drunk said after the driving, a driver slumped over the wheel, stalled on the crossing,
    # something loose on a dark road, over the pavement by a school); a negation ends at a comma
    ("overval gaande bij de juwelier op de hoek", "misdrijf-nu"),
    ("de familie van 14 is weg deze week en nu brandt er een zaklamp in hun keuken", "misdrijf-nu"),
    ("niemand thuis bij de overburen maar hun voordeur staat nu wagenwijd open", "misdrijf-nu"),
    ("twee mannen staan met een breekijzer bij het raam van de garage", "misdrijf-nu"),
    ("ik zag net een man over het hek van de achtertuin van nummer 3 klimmen", "misdrijf-nu"),
    ("ik hoor voetstappen in ons huis terwijl ik alleen thuis ben, ik zit op zolder", "misdrijf-nu"),
    ("een bestelbus komt ons tegemoet tegen de rijrichting in op de provinciale weg", "verkeer"),
    ("de vrachtwagenchauffeur rijdt weg van de parkeerplaats en hij is stomdronken", "verkeer"),
    ("de bestuurder zakt over het stuur en de bus staat nog in de versnelling", "verkeer"),
    ("busje staat nu al minuten stil op de overweg en de bellen gaan", "verkeer"),
    ("er staan losgeslagen koeien op de ringweg", "verkeer"),
    ("volgens mij heeft iemand iets in haar glas gedaan, ze is helemaal van de wereld", "medisch"),
    ("die vent kan nauwelijks lopen en start nu zijn auto", "verkeer"),
    ("een meisje is met haar fiets de sloot in gereden en komt er niet uit", "water"),
    ("mijn oom smijt flessen naar mijn tante in de keuken", "geweld"),
    ("de vader heeft het kind opgehaald terwijl het niet mag van de rechter, hij rijdt naar de grens", "ontvoering"),
    # round 6: gas told by its smell (rotten eggs, sulphur) growing or where gas is handled, an
    # explosion told by what it did to a building, someone pinned under something heavy
    ("het stinkt hier naar rotte eieren en het wordt steeds erger in het trappenhuis", "gas"),
    ("zwavellucht bij de gasmeter in de meterkast", "gas"),
    ("rotte eijeren geur in de keuken, mijn moeder is duizelig", "gas"),
    ("de gaskast op de hoek sist en het ruikt raar", "gas"),
    ("harde klap in de flat en nu zijn de ramen van de derde verdieping eruit geblazen", "gas"),
    ("na een dreun is het huis van de buren ingestort", "gas"),
    ("de voorgevel van de bakkerij ligt half op de stoep", "gas"),
    ("de boom is omgewaaid op een fietser", "letsel"),
    ("mijn buurman zit klem onder zijn aanhanger", "letsel"),
    ("er ligt iemand onder de omgevallen schutting bij het speelveld", "letsel"),
    ("twee werklui bedolven bij de sloop aan de Dorpsstraat", "letsel"),
    # an injury told in the past with its consequence now, someone who cannot be woken
    ("opa viel gisteravond van de trap en zijn arm staat helemaal scheef", "letsel"),
    ("die vrouw op de bank in het park wordt niet meer wakker", "letsel"),
    ("mijn broer zegt niks meer sinds hij met zijn hoofd tegen de stoeprand viel", "letsel"),
    # round 7: an abduction told without the word (a person pushed or stuffed into a car, a van or
    # its boot, before or after the verb, any spelling of the boot; knocking from a boot; forced to
    # get in), a robbery told without the word (someone pulled out of or off their vehicle, a bag
    # snatched from a person, "gerold", forced to pin)
    ("twee kerels duwen een meisje de auto in bij het station", "ontvoering"),
    ("ze proppen mn broertje in een bestelbus achter de sporthal", "ontvoering"),
    ("mijn zus is net in de koferbak van een grijze golf geduwd", "ontvoering"),
    ("er bonkt iemand vanuit de kofferbak van die auto op de parkeerplaats", "ontvoering"),
    ("ze dwingen de jongen om in te stappen, nu rijden ze weg", "ontvoering"),
    ("de taxichauffeur wordt uit zijn auto gesleurd door twee mannen", "overval"),
    ("ze trekken een scooterrijder van zijn scooter en rijden ermee weg", "overval"),
    ("drie jongens rukken een oude vrouw haar tas af bij de pinautomaat", "overval"),
    ("mijn vriend wordt nu gerold door 4 gasten achter de supermarkt", "overval"),
    ("ze dwingen hem bij de automaat te pinnen", "overval"),
    ("they dragged the driver out of his van and are hitting him", "hulp"),
    # round 8: held against one's will, told by the person held; a vehicle that almost hits a child
    ("help ik word hier vastgehouden door twee mannen, ik kan niet praten", "ontvoering"),
    ("ze houden me opgesloten in de kelder van een huis, ik weet niet waar", "ontvoering"),
    ("i'm being held in a flat near the station, please come", "ontvoering"),
    ("die auto ramt net bijna een kind bij het zebrapad, hij staat nu om de hoek", "verkeer"),
    ("een scooter scheurt door de straat en schept bijna kinderen, hij komt zo weer terug", "verkeer"),
    # round 8: a negation ends at "en" ("kan niet overeind en bloedt")
    ("opa komt niet overeind en bloedt uit zijn hoofd", "medisch"),
    # round 8: Frisian
    ("it hûs fan myn buorman stiet yn 'e brân, help!", "brand"),
    ("der leit in man bewusteleas op strjitte", "letsel"),
    ("hy sykhellet net mear, kom gau", "letsel"),
    ("in jonkje is yn it wetter fallen en komt net boppe", "water"),
    ("der is in ynbrekker yn it hûs fan myn buorfrou", "misdrijf-nu"),
    ("ús pakesizzer is net thús kommen fan skoalle, wy kinne him nergens fine", "vermissing"),
    ("hy driget my dea te stekken", "geweld"),
    # round 9: "terwijl ik dit typ" and "zie ik" say it happens now, even after a complaint of weeks
    ("de stoep ligt al weken open, maar terwijl ik dit typ zie ik rook uit de meterkast van de buren komen", "brand"),
    ("er hangt brandlucht in het trappenhuis, al maanden af en toe, nu heel sterk", "brand"),
    # round 9: heavy bleeding told by how the blood comes out
    ("een jongen heeft zich aan een glasplaat opengehaald, het bloed gutst uit zijn been", "medisch"),
    ("bij de bushalte stroomt er bloed uit de arm van een vrouw, ze is tegen de ruit gevallen", "medisch"),
]
# informal, misspelt, shouted
MISSPELT_NOW = [
    "HELP ER LIGT IEMAND BEWUSTELOOSS OP STRAAT",
    "iemnd word gestoken bij de supermarkt",
    "brnad in de schuur kom snel",
    "er is een vechtpartyj en iemand bloedt heel erg",
    "kiind in t water gevalle",
    "rotte-eierelucht in het portiek en het wordt sterker",
    "er zit een man bekneldt onder de steigr",
]
NOT_DANGEROUS = [
    "lantaarnpaal kapot",
    "de lantaarnpaal brandt niet meer",
    "de straatlamp brandt overdag",
    "het schiet niet op met de wegwerkzaamheden",
    "brandnetels en onkruid op de stoep",
    "mijn fiets is gestolen uit het rek",
    "de katten vechten elke nacht in de tuin",
    "banden van mijn auto lek gestoken",
    "aangereden kat op de weg",
    "ik heb gemeld maar de gemeente reageert niet op mijn melding",
    "vuurwerk knallen de hele avond",
    "mijn zoontje is door een wesp gestoken, er zit een nest onder de dakgoot",
    "een winkelwagentje ligt in de sloot",
    "de grote boom voor ons huis lijkt dood",
    "de pizzeria stookt hout en de rook komt ons huis in",
    "vorige week is er ingebroken in de schuur",
    "de dakpannen zijn van het dak gevallen door de storm",
    "op het viaduct staat al jaren 'ik maak je dood' gekalkt",
    "een speelgoedgeweer van plastic ligt in de zandbak",
    "a homeless man sleeps in the park, can someone help him find shelter",
    # figures of speech, found objects, injured animals (round 3)
    "de bom is gebarsten bij ons in de flat: de lift is alweer kapot",
    "wat een explosie van kleuren in het plantsoen, alleen de prullenbak is vol",
    "ik schrok me bijna een hartaanval van de knal van de vuilniswagen",
    "er lag een mes in de bosjes bij het speelveld, ik heb het bij de balie afgegeven",
    # slang and idioms (round 4)
    "die nieuwe burgertent is echt fire, alleen de rij staat over de stoep",
    "een explosie aan duiven op het plein, alles zit onder de poep",
    # the wrong way in a one-way street is a complaint, not a danger (round 5)
    "elke ochtend rijden er ouders tegen het verkeer in door onze eenrichtingsstraat",
    # round 6: ordinary words one letter from a danger word, sewer smells, ground that subsides
    "de kinderen van beide scholen steken hier over zonder zebrapad",
    "mijn buurman is vorige maand overleden, wie haalt zijn kliko op",
    "de blauwe regen bloeit prachtig maar hangt over het fietspad",
    "rotte eieren lucht uit het riool bij de bushalte",
    "de beschoeiing langs de vijver zakt weg",
    "mijn buurman ligt onder zijn auto te sleutelen met de radio keihard",
    # round 7: a vehicle's boot with things or animals in it, a bike pulled out of the water, a phone
    # taken in at school; everyone running a red light; flames a heater or torch is meant to have
    "ik heb de boodschappen in de kofferbak gestopt maar de klep gaat niet meer dicht",
    "de hond van de buren zit de hele dag in de achterbak van hun auto",
    "de fietsen zijn uit de gracht getrokken en liggen nu op de kade",
    "de juf heeft zijn telefoon afgepakt omdat hij in de les zat te gamen",
    "iedereen rijdt gewoon door rood bij het zebrapad, zet er een camera neer",
    "de fakkels bij het restaurant hebben enorme vlammen, mag dat zo dicht bij de bomen?",
    # round 8: shooting a film or photos, idioms with "schieten"; a barbecue in any inflection
    "we willen zaterdag foto's schieten in het park voor een bruiloft, mag dat met een drone?",
    "ik schoot in de lach toen ik de nieuwe bankjes zag, die zijn al kapot",
    "de buren staan elk weekend te barbecueen en de rook komt onze slaapkamer in",
    "bij de sluis brokkelt de kademuur af, er vallen stenen in het water",     # round 9: nobody below
    # round 9: smoke as a habit is a nuisance; a fire show; a film said outright
    "mag dat eigenlijk, elke vrijdag een vuurkorf in de tuin? Zoveel rook dat we de ramen dicht doen",
    "bij de kermis doet een vuurspuwer een act met vlammen van een meter, best indrukwekkend",
    "er wordt geschoten bij het stadhuis, maar het is een film: overal camera's en de straat is afgezet",
]
# negated, over, or in the past: not now
NOT_NOW = [
    "geen gewonden, alleen blikschade bij de kruising",
    "er is niet geschoten hoor, het was vuurwerk afsteken",
    "de brand in de container is al uit",
    "de brand is geblust, iedereen is ok",
    "gisteren was er een vechtpartij voor het cafe",
    "niemand raakte gewond bij het ongeluk",
    "mijn buurvrouw is gisteren bedreigd door haar ex, nu is het rustig",
    "als er ooit brand uitbreekt kan niemand de trap af, die staat vol fietsen",
    "mijn zus werd vorige maand bedreigd op straat en wil aangifte doen. nu is er niets aan de hand",
    "de container is zwartgeblakerd, gisteren stond hij in brand, nu staat hij er nog",
    # a joke or a mistake, said so in the text; a supposition; safe again; a past event with a request
    "mijn buurjongen riep 'een pistool!' maar het bleek een föhn te zijn, wel ligt er veel afval",
    "rook? nee hoor, dat is de stoom van de wasserette",
    "zet er een hek omheen voordat er echt een kind verdrinkt",
    "hij heeft me gisteren bedreigd maar ik ben nu veilig thuis, hoe doe ik aangifte?",
    "vorig jaar is hier een fietser aangereden, kan er nu eindelijk een zebrapad komen?",
    "ze zijn gewoon aan het dollen met een nepgeweer in het park, maar ze laten wel rommel achter",
    # round 4: a drill, a film; a supposition; a dated event whose "nu" is about something else;
    # "nog steeds geen" is a complaint
    "de brandweer houdt een oefening bij de school, er komt veel rook uit het gebouw",
    "voor een film wordt er zaterdag een gespeelde overval opgenomen bij de bank",
    "in geval van nood kan de ambulance er niet door, want de paaltjes staan vast",
    "gisteren is hier een man bewusteloos geslagen, de ambulance is toen gekomen. nu ligt er nog glas, wie ruimt het op?",
    "vorige maand is er iemand verdronken in de plas en er hangt nog steeds geen reddingsboei",
    # round 7: an accident told in the past and "nu gelukkig rustig"; "ik dacht eerst ... maar het
    # is gewoon ..."; a film being shot
    "afgelopen zomer was hier een zwaar ongeluk, nu weer rustig, maar de heg is veel te hoog voor het zicht",
    "ik dacht eerst aan een vechtpartij maar het zijn gewoon jongens die aan het stoeien zijn, wel veel afval",
    "er wordt een serie opgenomen op het plein met nep-politieauto's en een pistool, hoe lang duurt dat nog?",
    # round 8: the remains of a fire are its aftermath, whatever "nu" says about them
    "vorige maand was er brand in de garage, nu staan de verkoolde balken nog in de tuin",
    # Frisian: "gjin" negates, "juster" dates
    "der binne gjin ferwûnen, allinnich skea oan de auto",
    "juster wie der in brân yn 'e skuorre, no leit der noch in soad rommel",
    # round 9: "allang voorbij", "nu is het allemaal rustig", "alles onder controle"
    "vorige week is er op het plein gevochten, dat is allang voorbij, maar de bank is nog steeds kapot",
    "er was vanmiddag ruzie met klappen bij de ingang, nu is het allemaal weer rustig, maar de deur hangt scheef",
    "vlammen uit de frituurpan bij de snackbar, alles onder controle hoor, maar de afzuiging is kapot",
]
# people may be at risk, but it is not clear that it happens now
UNSURE_TEXTS = [
    "de hond laat niet los, de jongen bloedt aan zijn arm",     # a negation ends at a comma (round 5)
    "scooter rijdt over het trottoir bij de ingang van de school",     # round 5: is it happening now?
    "ik ruik een zwavelgeur bij de speeltuin",     # round 6: a gas smell told indirectly: ask
    "gestommel boven en de buurvrouw huilt, al een tijdje",      # round 6: violence heard at home
    "de buurjongen gilt 'laat me los' in het trappenhuis",
    "ik weet niet of er iemand gewond is",
    "ik hoorde knallen, geen idee of het vuurwerk of schoten waren",
    "er ligt een man op de stoep bij het bankje",
    "scooters rijden over de stoep tussen de kinderen bij de school",
    "een scooter scheurt over de markt tussen het winkelend publiek door",
    "street race in our street, they nearly hit a kid on a bike",
    "gisteravond is mijn neef in een busje geduwd, zijn telefoon staat uit",   # round 7: taken, lasting
    "een scooter raakte bijna een oma op de stoep bij de markt",     # round 8: is it happening now?
    # round 9: something coming down where people are
    "de dakgoot van de school hangt los en er vallen dakpannen op het schoolplein tussen de kinderen",
    "die oude eik helt steeds verder over en kraakt, er zitten mensen op het bankje eronder",
    # round 9: someone walking around inside a home nobody lives in now
    "er sluipt een man rond in het leegstaande huis op de hoek, met een zaklamp",
    "in het huis van mijn overleden vader brandt licht en er loopt iemand rond",
]


@pytest.mark.parametrize("text,kind", DANGER_NOW)
def test_every_kind_of_danger_now_is_caught(text, kind):
    result = assess(text)
    assert result.level == NOW, (text, result)
    assert kind in {h.rule.danger_class for h in result.hits}, (text, [h.rule.name for h in result.hits])
    assert check(text)


@pytest.mark.parametrize("text", MISSPELT_NOW)
def test_misspelt_and_shouted_danger_is_caught(text):
    assert assess(text).level == NOW, (text, normalise(text))


@pytest.mark.parametrize("text", NOT_DANGEROUS)
def test_harmless_uses_of_danger_words_are_not_danger(text):
    assert assess(text).level == NONE, (text, assess(text).hits)


@pytest.mark.parametrize("text", NOT_NOW)
def test_negated_over_or_past_danger_is_not_now(text):
    result = assess(text)
    assert result.level != NOW, (text, result.hits)
    assert result.calmed, text        # the text itself says why: the models must be sure to overrule it


@pytest.mark.parametrize("text", UNSURE_TEXTS)
def test_possible_danger_is_unsure(text):
    result = assess(text)
    assert result.level == UNSURE, (text, result.hits)
    assert result.danger == UNSURE and not result.life


def test_recurring_nuisance_without_danger_words_calms_the_models():
    """'Elke avond', 'al twee weken': a nuisance to deal with; the models must be very sure to call it
    urgent. A present-tense marker keeps them free ("al een kwartier en steeds harde bonken")."""
    assert "terugkerend" in assess("elke avond hangen er jongens bij de bankjes met harde muziek").calmed
    assert "terugkerend" not in assess("al een kwartier steeds harde bonken en gehuil boven ons").calmed
    assert "onschuldig" in assess("heb een gewonde egel in de tuin gevonden, wie haalt hem op?").calmed


def test_lasting_danger_stays_unsure_in_the_past():
    """A missing child or a threat does not end because it was told in the past tense."""
    assert assess("mijn zoontje is gisteren kwijtgeraakt en nog steeds niet terug").level != NONE
    assert assess("vorige week dreigde hij me dood te maken").level == UNSURE


def test_urgent_only_rule_is_checked_first_without_112():
    """A rule that makes a text urgent without danger to life still puts a person on it first."""
    for text in ("volgens mij een dronken automobilist hier in de straat",
                 "er ligt een boom over het spoor bij de overweg"):
        result = assess(text)
        assert result.rules and not result.life and result.danger == UNSURE, (text, result)


def test_no_common_word_is_corrected_into_a_danger_word():
    """Misspelling repair only touches rare words: every word used 3+ times in the corpus and the
    hold-out reads as itself (or is itself a danger word)."""
    counts = collections.Counter()
    for text, _, _ in read_corpus() + read_corpus(HOLDOUT_PATH):
        text = unicodedata.normalize("NFKD", text.lower())
        counts.update(re.findall(r"[a-z]+", text))
    changed = {word: normalise(word) for word, n in counts.items() if n >= 3 and len(word) >= 6}
    wrong = {w: to for w, to in changed.items() if to != w and to in LEXICON and w not in _NOT_TYPOS}
    assert not wrong, wrong


def test_the_words_it_was_based_on_are_reported():
    result = assess("er staat een auto in brand op de parkeerplaats")
    assert result.words and "brand" in result.words[0]
