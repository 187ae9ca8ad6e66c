"""The explicit Dutch safety net: danger to people that is happening now or about to happen.

The statistical model may miss a rare phrasing; these patterns may not. They are written for how
people type under stress: informal, misspelt (a misspelt danger word within one letter of the
lexicon below is read as that word), without punctuation, in capitals.

`assess(text)` reads a text and answers with a level:
- ``now``: someone is in danger now or about to be (the 112 criterion: danger to life or health,
  or a serious crime in progress): the report is urgent and the chat advises to call 112;
- ``unsure``: the text mentions people at risk, but not clearly now (a past-tense word next to a
  lasting danger, a possible injury, "ik weet niet of het schoten waren"): the chat asks ONE
  question ("Is er nu iemand in gevaar?"); the API intakes flag the report for a person to check
  first, at the top of the urgent queue;
- ``none``: nothing here endangers a person.

A match is dropped when it is negated ("geen gewonden", "niemand raakte gewond", "er is niet
geschoten"), when it is over ("de brand is al uit", "is geblust") and, for an event that is over
when it is told in the past ("gisteren was er een vechtpartij", "vorige week ingebroken"),
lowered to ``none``; lasting dangers (a missing child, a threat, someone who wants to end
their life) stay at least ``unsure`` whatever the tense.

`check(text)` keeps the older interface: the rules that make the text urgent now.
Every rule is tested in tests/unit/test_triage_safety.py.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import OSA

NOW, UNSURE, NONE = "now", "unsure", "none"
LEVELS = (NONE, UNSURE, NOW)

# a few SMS spellings, mapped back so both the patterns and the model see one form
_SMS = {"'t": "het", "zyn": "zijn", "zn": "zijn", "mn": "mijn", "m'n": "mijn", "z'n": "zijn", "nie": "niet", "egt": "echt",
        "ff": "even", "n": "een", "t": "het", "iemnd": "iemand", "wrdt": "wordt", "gwn": "gewoon",
        "poli": "politie", "dr": "er", "snachts": "'s nachts", "savonds": "'s avonds", "kk": "heel",
        "ik'm": "ik", "mss": "misschien", "idd": "inderdaad", "nu!": "nu", "plz": "alsjeblieft",
        "pls": "alsjeblieft", "heur": "haar", "haor": "haar", "aub": "alsjeblieft", "asap": "nu", "ws": "waarschijnlijk",
        "iemant": "iemand", "iemad": "iemand", "emand": "iemand", "nuu": "nu", "hulpp": "hulp",
        "kom": "kom", "ambu": "ambulance", "zie": "zie", "zn'": "zijn", "wrd": "wordt",
        "word": "wordt", "gwnd": "gewond", "gewont": "gewond", "gewonde": "gewonde",
        "polietie": "politie", "pilitie": "politie", "politi": "politie", "plitie": "politie"}

# Danger words long enough to be recognised when misspelt by one letter (insert, drop, swap or
# change). Short words (mes, bom, vuur) are matched only as written: one letter off is another word.
LEXICON = (
    "ambulance bewusteloos brandweer brandlucht ontvoerd ontvoering ontvoeren ontvoert verdrinkt "
    "verdrinken verdronken mishandeld mishandelt mishandeling zelfmoord pistool vuurwapen "
    "neergestoken neergeschoten doodgestoken steekpartij schietpartij vechtpartij gevochten "
    "vechten gewonden gewonde zwaargewond reanimeren reanimatie hartaanval hartstilstand "
    "inbrekers inbreker ingebroken aangereden overreden gegijzeld gijzeling verkracht "
    "aanranding bedreigd bedreigt bedreiging machete explosie ontploffing gaslucht koolmonoxide "
    "aanspreekbaar onaanspreekbaar ademhaling vermist vermiste epileptische overdosis "
    "flauwgevallen bloedend bloeden overvallen overval beroofd beroving geschoten schoten "
    "gestoken wurgen gewurgd springen geslagen geschopt gewond gewonden bloedt bedreigde gedreigd "
    "mishandelde bekneld bedolven kofferbak achterbak gekidnapt"
).split()
# Ordinary words one letter away from a danger word: never "corrected" into one. The list holds
# every such word that occurs 3+ times in the corpus and the hold-out (a test checks this) plus a
# few more from everyday Dutch.
_NOT_TYPOS = frozenset(
    "overal overvol gestolen gevonden geworden bloemen broeden geschept gewone gewoon gewonnen "
    "geschoven schotel schotten springt sprongen slaap slapen vechter vechters branden bladen "
    "overvaren oververhit inbreken inbraak geboden gebonden geborgen bloesem geschaard gestoten "
    "gesloten gestopt gezonden verdwijnt ontvoerder scholen overleden geslapen rechten bloeit bloeiend "
    "gewend beloofd sprinten".split())


def _fix_typo(word: str) -> str:
    if len(word) < 6 or word in _NOT_TYPOS or word.isdigit():
        return word
    return _typo_table().get(word) or _closest(word)


@lru_cache(maxsize=1)
def _typo_table() -> dict[str, str]:
    return {w: w for w in LEXICON}


@lru_cache(maxsize=4096)
def _closest(word: str) -> str:
    for known in LEXICON:
        if abs(len(known) - len(word)) <= 1 and OSA.distance(word, known, score_cutoff=1) <= 1:
            return known
    return word


def normalise(text: str) -> str:
    """Lower case, accents removed, letters repeated 3+ times reduced to 2, common SMS
    spellings written out, misspelt danger words corrected, single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)
    text = re.sub(r"[^\w!?.,'-]+", " ", text)
    text = re.sub(r"([!?.,])(?=\w)", r"\1 ", text)      # "brand!!kom snel" -> "brand!! kom snel"
    words = []
    for word in text.split():
        bare = word.strip("!?.,'-")
        if word in _SMS:            # "'t", "m'n": the whole word, quotes included
            words.append(_SMS[word])
            continue
        fixed = _SMS.get(bare) or _fix_typo(bare)
        words.append(word.replace(bare, fixed, 1) if bare and fixed != bare else word)
    return " ".join(words)


# --------------------------------------------------------------------------------- vocabulary
# words for "a person"; used to keep "aangereden kat" or "de gemeente reageert niet" out
_PERSON = (r"(iemand|persoon|personen|mensen|man|mannen|vrouw|vrouwen|meneer|mevrouw|jongen|jongens|meisje|"
           r"meid|kind|kinderen|kindje|kids|baby|peuter|kleuter|fietser|fietsers|voetganger|voetgangers|"
           r"scooterrijder|bejaarde|bejaarden|oudere|ouderen|buurman|buurvrouw|buren|opa|oma|moeder|vader|"
           r"zoon|zoontje|dochter|dochtertje|hij|zij|ze|scholier|scholieren|vriend|vriendin|jochie|"
           r"bouwvakker|werkman|arbeider|postbode|bezorger|jogger|wandelaar|motorrijder|automobilist|"
           r"bestuurder|passagier|zwemmer|leerling|tiener|kerel|gozer|vent|dame|gast|"
           r"ik|mij|me|wij|ons|mijn (vrouw|man|zoon|dochter|kind|moeder|vader|broer|zus|vriend|vriendin))")
_NOW = (r"(nu|op dit moment|momenteel|op heterdaad|zojuist|net|bezig|nog steeds|nog bezig|nog binnen|"
        r"zijn binnen|is binnen|zitten binnen|aan de gang|gebeurt het|kom snel|snel komen|help)")
# markers that what is told is over or happened earlier
_PAST = re.compile(
    r"\b(gisteren|gister|gisteravond|gistermiddag|gisternacht|eergisteren|vorige (week|maand|keer|zomer|winter)|"
    r"juster|justerjun|ferline (wike|moanne|jier)|"
    r"vorig (jaar|weekend)|afgelopen (week|weekend|nacht|maand|zaterdag|zondag|vrijdag|maandag|dinsdag|"
    r"woensdag|donderdag|jaar|dagen|weken|tijd)|(een paar|paar|twee|drie|enkele|\d+) (dagen|weken|maanden|"
    r"jaar) (geleden|terug)|vanochtend|vanmorgen|vannacht|vanmiddag|van de week|laatst|toen|destijds|weken geleden|"
    r"dagen geleden|maanden geleden|vorige|al weken|al maanden|al jaren|"
    r"al (een|twee|drie|vier|vijf|\d+) (dag|dagen|week|weken|maand|maanden|jaar)|"
    r"(elke|iedere) (dag|week|avond|nacht|ochtend|morgen|middag|zaterdag|zondag|vrijdag|keer)|steeds weer|regelmatig|vaak|soms|yesterday|last (week|night|month|year|"
    r"weekend)|(days|weeks|months|years) ago)\b")
# markers that date a single event that is over (not a habit or a lasting situation like "al maanden")
_DATED = re.compile(
    r"\b(gisteren|gister|gisteravond|gistermiddag|gisternacht|eergisteren|vorige (week|maand|keer|zomer|winter)|"
    r"juster|justerjun|ferline (wike|moanne|jier)|"
    r"vorig (jaar|weekend)|(een paar|paar|twee|drie|enkele|\d+) (dagen|weken|maanden|jaar) (geleden|terug)|"
    r"weken geleden|dagen geleden|maanden geleden|toen|destijds|yesterday|last (week|night|month|year|weekend)|"
    r"(days|weeks|months|years) ago)\b")
_PRESENT = re.compile(
    r"\b(nu|nu nog|op dit moment|momenteel|nog steeds|nog bezig|nog aan de gang|net|zojuist|zonet|"
    r"help|kom snel|kom nu|kom gau|snel komen|snel!|schiet op|gebeurt nu|op heterdaad|dit moment|"
    r"ze zijn er nog|hij is er nog|nog binnen|nog daar|nog hier|ligt nog|staat nog|"
    r"(komt|komen) (zo|straks|elk moment|zometeen) (weer )?(terug|langs)|"
    r"(ik|we|wij) (hoor|horen|zie|zien)|(hoor|zie|ruik) ik|(horen|zien|ruiken) (we|wij)|"
    r"terwijl (ik|we|wij) (dit |het )?(typ|type|typen|schrijf|schrijven|bel|bellen|app)|"
    r"sinds|al (een|twee|drie|\d+) (uur|kwartier))\b|!!")
# what was dangerous is over (the fire is out, everybody is fine)
_OVER = re.compile(
    r"\b((al|allang|al lang) (uit|gedoofd|geblust|weg|voorbij|over|opgelost|afgehandeld)|is (uit|gedoofd|geblust)|"
    r"zijn geblust|was (snel )?(uit|geblust|gedoofd)|(brandweer|politie|ambulance) (is|was|heeft) "
    r"(al )?(geweest|gekomen|er geweest)|iedereen is (ok|oke|okay|in orde|veilig|ongedeerd)|"
    r"niemand (is |raakte |werd |was )?(gewond|geraakt|in gevaar)|er zijn geen gewonden|geen gewonden|"
    r"niemand in (gevaar|nood)|geen (levens)?gevaar|(ik ben|we zijn|wij zijn|ben) (nu |weer |inmiddels )?veilig|"
    r"(er is )?(nog )?(niks|niets) (ernstigs )?gebeurd|geen spoed|niet dringend|geen haast|loopt goed af|"
    r"liep goed af|met de schrik vrij|is (nu |inmiddels )?(gelukkig )?(weer )?rustig|"
    r"(nu|inmiddels) (gelukkig |weer |alweer )+rustig|(nu|inmiddels) is het (allemaal |gelukkig |weer |alweer )*rustig|"
    r"(alles|het|de brand|het vuur) (is |was )?(weer |al |gelukkig |helemaal )*onder controle(?! ?\?)|"
    r"geen brand|zwartgeblakerd\w*|verkoold\w*|brandresten|afgebrand|na de brand|(nu )?is er (niks|niets) (meer )?aan de hand|"
    r"(er is )?(nu )?(niks|niets) (meer )?aan de hand|nu is er (niks|niets))")
# a staged, practised or controlled event in the danger word's own sentence: a drill, a film, a
# controlled burn ("de brandweer is aan het oefenen", "een gespeelde overval", "gecontroleerde brand");
# read like "it is over" there. "geen oefening" is the opposite
_STAGED = re.compile(
    r"\b((?<!geen )(brand)?oefening(en)?|(aan het|zijn|is) (\w+ )?oefenen|gecontroleerde (brand|verbranding)|"
    r"(in|voor) (de|een) (korte )?film|filmopname\w*|scenes? (op ?)?(nemen|opnemen)|gespeelde?|toneelstuk|"
    r"(film|serie|videoclip|clip) (\w+ ){0,3}(opgenomen|opnemen|gedraaid|draaien)|filmploeg|filmset|"
    r"openluchtbioscoop|(het|dit|dat) (is|was|bleek) (gewoon |maar |vast |zeker )?(een )?(film|filmopname|opname|serie|reclame|videoclip)\b|"
    r"(film|tv|televisie)(ploeg|crew|opnames?)\b)\b")
# the text says the danger word was a joke, a mistake or a figure of speech ("bleek een metaaldetector",
# "gaslucht? nee hoor", "ze zijn gewoon aan het dollen"): like "it is over", read in the whole text
_DEBUNK = re.compile(
    r"\b(bleek (het |dat |er )?(een|maar|gewoon|te gaan om|niks|niets|later)|(was|is) (maar |gewoon )?(een )?"
    r"(grap|grapje|geintje)|grapje|haha\w*|hihi\w*|aan het (dollen|geinen|stoeien)|(gewoon |maar )?(aan het )?dollen|"
    r"geen paniek|nee hoor|valt (wel )?mee|loos alarm|vals alarm|figuurlijk|spreekwoordelijk|"
    r"(dacht|dachten) (eerst |even |nog |in eerste instantie )+(\w+ ){0,5}maar (het|dat|ze|die) (is|was|zijn|waren|bleek|bleken) "
    r"(\w+ )?(gewoon|maar|alleen|toch maar)|"
    r"just (kidding|joking)|false alarm)\b")
# "nu" in a request about what should follow ("kan er nu eindelijk een boei komen") says nothing
# about danger now
_REQUEST_NOW = re.compile(r"\b(kan|kunnen|moet|moeten|gaat|wordt) (er |de gemeente |jullie |iemand )?nu "
                          r"(eindelijk|eens|echt|dan|ook|eindelijk eens)\b|\bnu eindelijk\b|\ben nu\?|\bwat nu\b")
# "er is nog steeds geen hek": a complaint about what is still missing, not a danger that lasts
_STILL_MISSING = re.compile(r"\bnog (steeds|altijd) geen\b")
_NEGATORS = frozenset("geen niet niemand nooit niks zonder nergens noch gjin nimmen".split())
# a negation before these does not reach past them ("kan niet overeind en bloedt aan haar hoofd")
_BUT = frozenset("maar but behalve alleen en and".split())


# --------------------------------------------------------------------------------- rules
@dataclass(frozen=True)
class SafetyRule:
    name: str
    danger_class: str      # what kind of danger (see DANGER_LABELS)
    sub_slug: str          # the police sub category this situation belongs to
    life: bool             # a current match is a danger to people now (112); False: urgent only
    pattern: re.Pattern
    unless: re.Pattern | None = None
    lasting: bool = False  # a state that stays dangerous when told in the past (missing, threat)
    level: str = NOW       # NOW; UNSURE: people may be at risk; IF_PRESENT: NOW only when the
                           # text says it happens now, UNSURE otherwise
    unless_in_sentence: bool = True   # False: 'unless' excuses only where it overlaps the match
    present_tense: bool = False       # the pattern only matches present-tense verbs ("staat in brand"):
                                      # a past-tense word elsewhere in the sentence does not lower it
    habit_is_nuisance: bool = False   # told as a habit ("elke zondag veel rook") with nothing said to
                                      # happen now, it is a nuisance: a fire does not come back weekly


IF_PRESENT = "now-if-present"
DANGER_LABELS = {
    "brand": "brand of rook", "gas": "gas of explosie", "wapen": "wapen", "geweld": "geweld",
    "huiselijk-geweld": "huiselijk geweld", "bedreiging": "bedreiging", "ontvoering": "ontvoering",
    "letsel": "gewonde", "medisch": "medisch noodgeval", "water": "persoon in het water",
    "verkeer": "voertuig dat mensen in gevaar brengt", "suicide": "zelfdoding", "vermissing": "vermissing",
    "kind-alleen": "kind in gevaar", "misdrijf-nu": "misdrijf op heterdaad", "hulp": "roept om hulp",
    "verkeersgevaar": "gevaarlijk rijgedrag", "verward": "verward en in gevaar", "overval": "overval",
    "instorting": "iets dreigt op mensen te vallen",
}
_ANIMAL = (r"(katten|kat|katers|poes|honden|hond|meeuwen|meeuw|ganzen|gans|duiven|duif|vogels|vogel|eenden|"
           r"eend|zwanen|kraaien|ratten|rat|egel|konijn|konijnen|vos|ree|dier|dieren|wespen|wesp|bijen|paard)")
# a person, without pronouns ("ons huis lijkt dood" is about a tree)
_SOMEONE = (r"(iemand|persoon|man|vrouw|meneer|mevrouw|jongen|meisje|kind|kindje|baby|peuter|kleuter|"
            r"bouwvakker|werkman|arbeider|postbode|bezorger|jogger|wandelaar|motorrijder|zwemmer|kerel|"
            r"fietser|voetganger|bejaarde|oudere|buurman|buurvrouw|opa|oma|lichaam|jochie)")
# the smell gas is given so that people notice it, named without the word gas ("rotte-eierenlucht")
_GAS_SMELL = (r"(rot(te|ten)?[ -]?ei(j|e)?e?r(en|e)?[ -]?(lucht|luchtje|geur|stank)?|(lucht|geur|stank|luchtje) van rot(te|ten)? "
              r"ei(j|e)?e?r(en|e)?|zwavel ?-?(lucht|geur|stank)|gas ?-?(lucht|geur|stank|luchtje)|gaslugt|gaslucht)")
# things heavy enough to pin a person down when they fall
_HEAVY = (r"(steiger|steigerdelen|steigerbuizen|buizen|buis|boom|tak|muur|puin|stenen|balk|balken|auto|wagen|"
          r"vrachtwagen|container|kast|hek|stellage|betonblok|paal|lading|pallet|pallets|dak|plafond|brokstukken|"
          r"kraan|gevel|schutting|trap|platen|ijzer)")
_SOMEONE_ANY = r"(" + _SOMEONE + r"\w*|iemand|hij|ze|zij|werklui|mensen)"
_WATER = r"(het water|de sloot|de vijver|de gracht|de vaart|de plas|de singel|het kanaal|de haven|de rivier)"
# someone who can be taken or robbed: a person, a relative, a worker in or at a vehicle
_VICTIM = (r"(" + _SOMEONE + r"\w*|iemand|hem|haar|mij|me|ons|hun|mensen|kinderen|jongens|meiden|een (\w+ )?(man|vrouw|"
           r"jongen|meisje|meid|kind|gast|gozer|jongeman|dame)|die (man|vrouw|jongen|meid|meisje|gast|gozer|vent|"
           r"bestuurder|chauffeur)|(mijn|zijn|haar|onze|hun|de) (\w+ )?(neef|neefje|nicht|nichtje|broer|broertje|zus|zusje|"
           r"zoon|zoontje|dochter|dochtertje|kind|kindje|vriend|vriendin|moeder|vader|oom|tante|opa|oma|man|vrouw|"
           r"buurjongen|buurmeisje|collega|klasgenoot|kleinzoon|kleindochter|bestuurder|chauffeur|bezorger|"
           r"pakketbezorger|koerier|taxichauffeur|eigenaar|caissiere|kassiere|medewerker|fietser|scooterrijder)|"
           r"((een|de|die) )?\w*(bezorger|koerier|chauffeur|bestuurder|rijder)s?)")
# a vehicle someone can be forced into or pulled out of; the boot of a car in its spellings
_BOOT = r"(koff?er ?ba(k|ck|g)|achter ?ba(k|ck)|laadruimte|trunk)"
_CAR = (r"(" + _BOOT + r"|auto|busje|bus|bussie|bestelbus|bestelbusje|bestelwagen|wagen|personenauto|suv|"
        r"audi|bmw|mercedes|golf|vrachtwagen|truck|taxi|cabine|scooter|brommer|motor|fiets|bakfiets)")
_FORCED_IN = (r"(gepropt|geduwd|gedouwd|gestopt|gegooid|gesmeten|gesleurd|gesleurt|getrokken|getrokke|gesleept|"
              r"gedwongen|getild|gedragen|geperst|geslingerd|geramd|gesjord|meegesleurd|meegetrokken)")
# A smell of rotten eggs near these is the sewer or waste, not a gas leak.
_SEWER_OR_WASTE = (r"\b(riool|riolering|put|putten|putje|afvoer|sloot|vijver|gracht|slootwater|compost|kliko|"
                   r"container|vuilnis|afval|mest|zuivering)\w*")

# what comes off a building or a tree, and the places where people walk, sit or play
_DEBRIS = (r"(stenen|steen|dakpannen|dakpan|brokken|brokstukken|glas|glasscherven|ruiten|ruit|takken|tak|puin|"
           r"gevelstenen|stukken|platen|steigerdelen|voegwerk|betonbrokken)")
_WHERE_PEOPLE_ARE = (r"(de |het |een )?(stoep|straat|weg|fietspad|terras|speelplaats|speeltuin|schoolplein|trottoir|"
                     r"mensen|voorbijgangers|fietsers|kinderen|wandelaars|de mensen|het publiek)")
# smoke and a smell of burning that come from something burning on purpose
_SMOKE_SOURCES = (r"\b(bbq\w*|barbecue\w*|vuurkorf|kampvuur|open haard|houtkachel|kachel|stookt|stoken|stook|"
                  r"houtstook|pizzeria|houtoven|bakkerij|restaurant|grill|rookworst|sigaret\w*|joint|wiet|"
                  r"shisha|waterpijp|rookt (een|de|zijn|haar))\b")
# a home nobody lives in now (empty, for sale, of someone who died or moved into care)
_EMPTY_HOME = r"((het|de|een) (lege|leegstaande) (huis|woning|pand|flat|boerderij)|(huis|woning) (van|bij) (\w+ ){0,2}(overleden|verhuisde|opgenomen) \w+)"

_RULES_SPEC: list[dict] = [
    # ---- fire, smoke, gas, explosion
    dict(name="brand", cls="brand", sub="brand", unless_in_sentence=False, p=
         r"\b(brand|brandje|uitslaande brand|woningbrand|autobrand|containerbrand|bermbrand|binnenbrand|"
         r"buitenbrand|keukenbrand|schoorsteenbrand|in (de )?fik|fikkie|vlammen|vlammenzee|vlam in de pan|"
         r"steekvlam|vuur uit|staat in lichterlaaie|brandalarm gaat)\b",
         unless=r"\b(bbq|barbecue|vuurkorf|kampvuur|open haard|houtkachel|brandoefening|oefening)\b|"
                r"\b(terrasverwarmer|heater|fakkel|tuinfakkel|gaskachel|kaars|vuurschaal|olielamp|flambe|vuurspuwer|vuurshow)\w*\b.{0,60}\bvlammen\b"
                r"(?! (slaan|sloegen|komen|overal|uit|naar|tot|in de|op het))"),
    dict(name="rook", cls="brand", sub="brand", habit_is_nuisance=True, p=
         r"\b(rookontwikkeling|rookwolk|rookwolken|zwarte rook|dikke rook|veel rook|rook komt|"
         r"rook uit|komt rook|rookt heel|het rookt|rookmelder (gaat|piept|loeit) .{0,30}(rook|brandlucht|"
         r"niemand (doet|reageert)))\b",
         unless=_SMOKE_SOURCES),
    # a smell of burning may be a fire smouldering out of sight: not lowered as a habit like smoke
    dict(name="brandlucht", cls="brand", sub="brand", p=r"\bbrandlucht\b", unless=_SMOKE_SOURCES),
    dict(name="brandt", present_tense=True, cls="brand", sub="brand", p=
         r"\b(huis|woning|auto|schuur|container|flat|dak|keuken|scooter|schuurtje|garage|pand|boot|bus|"
         r"prullenbak|afvalbak|bosje|berm|bank|matras|balkon|caravan|busje|vrachtwagen|winkel|zolder)\w*"
         r"( (van|bij|naast|op) [\w ]{1,25}?)? (staat te |staat |is |in )?(in brand|brandt|branden|"
         r"in de fik|in vlammen|in lichterlaaie)\b",
         unless=r"\b(lamp|lampen|licht|lantaarn|lantaarnpaal|lantaarnpalen|straatlamp|straatlampen|"
                r"straatverlichting|verlichting|kaars|kaarsen|lichten)\b"),
    dict(name="gas", cls="gas", sub="brand", p=
         r"\b(gaslucht|gaslek|ruik(en)? (ik |we |het )?(naar )?gas|stinkt naar gas|ruikt naar gas|"
         r"koolmonoxide|co melder|co-melder|koolmonoxidemelder|ontploffing|explosie|ontploft|explosief|"
         r"(een|de) bom|bommelding|bomdreiging|gasleiding (\w+ ){0,3}(geraakt|lek|kapot|gebroken|stuk|beschadigd)|"
         r"(geraakt|lek|kapot|beschadigd) (\w+ ){0,2}gasleiding|gas (\w+ )?(blaast|spuit|ontsnapt|stroomt) )\b",
         unless=r"\b(vuurwerkbom|bommetje|bommetjes|knalbom|cobra|ontploft (hier )?van de|de bom (is )?(gebarsten|barst)|"
                r"(explosie|ontploffing) (van|aan) (\w+ )?(bloemen|kleur|kleuren|smaken|geuren|groen|onkruid|likes|"
                r"reacties|energie|emoties|bladeren|" + _ANIMAL + r")|"
                r"(telefoon|mail|inbox|app) ontploft)\b"),
    # gas told by its smell growing or where gas is handled, an explosion told by what it did
    dict(name="gaslucht-sterker", cls="gas", sub="brand", p=
         r"\b(" + _GAS_SMELL + r"\b.{0,80}\b(steeds sterker|sterker|steeds erger|erger|neemt toe|hangt overal|"
         r"in het hele (trappenhuis|portiek|gebouw|huis|blok)|binnen)|" + _GAS_SMELL + r" (\w+ ){0,6}(bij|in|uit|rond|"
         r"naast|achter) (de |het |een |onze |mijn )?(gasmeter|meterkast|verdeelstation|gasverdeelstation|"
         r"gasstation|gasleiding|gaskast|trappenhuis|portiek|kelder|keuken|woning|huis|flat|galerij)\w*|"
         r"(gasmeter|meterkast|gaskast|verdeelstation|gasleiding) (\w+ ){0,4}(sist|blaast|ruikt|stinkt))\b",
         unless=_SEWER_OR_WASTE),
    dict(name="gaslucht-indirect", cls="gas", sub="brand", level=UNSURE, p=r"\b" + _GAS_SMELL + r"\b",
         unless=_SEWER_OR_WASTE),
    dict(name="explosie-gevolgen", cls="gas", sub="brand", p=
         r"\b((knal|klap|dreun|explosie|ontploffing|ontploft)\b.{0,80}\b(gevel|voorgevel|pui|ramen|ruiten|"
         r"muur|dak|balkon|kozijnen|deur|woning|huis|pand)\w* (\w+ ){0,6}(op straat|eruit|uit de sponningen|"
         r"weggeslagen|weggeblazen|ingestort|ingezakt|naar beneden|eruit geblazen|eruit gevlogen|uit elkaar|"
         r"gesprongen|verwoest)|(pand|huis|woning|flat|gebouw|gevel|voorgevel|winkel|portiek) (\w+ ){0,3}(is |zijn )?"
         r"(ingestort|ingezakt|stort in|zakt in|in elkaar gezakt|in elkaar gestort|opgeblazen|weggevaagd)|"
         r"(halve |hele )?(voor)?gevel (\w+ ){0,5}(ligt|liggen|lag) (\w+ ){0,2}op (straat|de stoep|de weg))\b"),
    # round 9: a building or a tree coming down where people are: stones falling onto a pavement
    # where people walk, a balcony or a roof about to give way above people (into water: no one)
    dict(name="valt-op-mensen", cls="instorting", sub="persoon-in-nood", level=IF_PRESENT, p=
         r"\b((vallen|valt|vielen|viel|komen|komt|waaien|waait|vliegen|vliegt) (er )?(\w+ ){0,2}" + _DEBRIS +
         r"\b.{0,30}\b(op|naar beneden op|tussen) " + _WHERE_PEOPLE_ARE + r"|" + _DEBRIS + r" (\w+ ){0,2}(vallen|valt|vielen|"
         r"viel|komen|waaien|vliegen|regenen) (\w+ ){0,3}(op|naar beneden op|tussen) " + _WHERE_PEOPLE_ARE + r"|"
         r"(balkon|gevel|dak|plafond|steiger|muur|luifel|overkapping|reclamebord|boom|eik|beuk|populier|kastanje|plataan|wilg|tak|"
         r"kraan|tribune)\w* (\w+ ){0,8}"
         r"(dreigt (in te storten|te vallen|om te vallen|naar beneden te komen)|staat op (instorten|omvallen)|naar beneden "
         r"gezakt|hangt (\w+ )?los|buigt (\w+ ){0,2}door|doorbuigt|zakt (\w+ )?(in|door)|helt (\w+ )?over|kraakt)\b.{0,100}\b"
         r"(mensen|kinderen|gasten|klanten|voorbijgangers|bezoekers|publiek|training|les|leerlingen))\b"),
    # someone pinned under something heavy, or something heavy fallen onto someone
    dict(name="onder-iets", cls="letsel", sub="persoon-in-nood", p=
         r"\b(" + _SOMEONE_ANY + r" (ligt|liggen|zit|zitten|lag|lagen|raakte|raakt|is|zijn) (nog |er )?(vast |bekneld |klem )?"
         r"onder (de|het|een|die|dat|al dat|al die|zijn|haar) (\w+ ){0,2}" + _HEAVY + r"|"
         r"(ligt|liggen|lag|zit|zitten) (er |daar |nog )*(een |de |twee |die |mijn |onze )?(\w+ )?" + _SOMEONE + r"\w* "
         r"(nog )?(vast |bekneld |klem )?onder (de|het|een|die|dat|al dat|al die) (\w+ ){0,2}" + _HEAVY + r"|"
         r"bedolven|onder het puin|" + _HEAVY + r"\w* (is |zijn )?(omgevallen|omgewaaid|ingestort|neergestort|"
         r"naar beneden gekomen|gevallen|omgeslagen) (\w+ ){0,2}(op|bovenop) (een |de |twee |mijn |die )?(\w+ )?"
         + _SOMEONE + r")\b",
         unless=r"\b(sleutel\w*|repareren|repareert|slaapt|te slapen|schuilen|schuilt|" + _ANIMAL + r")\b"),
    # ---- violence and weapons
    dict(name="wapen", cls="wapen", sub="geweld-bedreiging", p=
         r"\b(mes|messen|steekwapen|machete|bijl|pistool|pistolen|vuurwapen|vuurwapens|geweer|"
         r"wapen|wapens|gun|honkbalknuppel|knuppel|blaffer|blaffers|proppenschieter|taser|kapmes|zakmes|"
         r"stiletto|vlindermes|boksbeugel|schietpartij|steekpartij|geschoten|schieten|schiet|"
         r"schoten|neergeschoten|neergestoken|doodgestoken|gestoken|steekt (hem|haar|iemand|mensen|"
         r"hem neer|haar neer)|stak (hem|haar|iemand)|getrokken mes)\b",
         unless=r"\b(mes en vork|botermes|broodmes|waterpistool|speelgoed ?(pistool|geweer|wapen|mes)|"
                r"nep ?(pistool|wapen|geweer)|schiet (niet |niks )?op|het schiet niet|schieten niet op|"
                r"(film|films|filmpje|foto|fotos|foto's|plaatjes|plaatje|kiekjes|beelden|video|clip|scene|scenes) "
                r"(\w+ ){0,2}(schieten|schiet|geschoten)|(schiet|schoot|schieten) (\w+ )?(vol|tekort|te kort|"
                r"te binnen|in de lach|in de stress|wortel)\b|"
                r"(schieten|schiet|geschoten|schoten) (met |ze |hij )?(vuurwerk|pijlen|rotjes|knallers)|"
                r"vuurwerk (af)?(schieten|geschoten|schiet)|" + _ANIMAL + r"\w*|wespennest|lek ?gestoken|"
                r"(band|banden) .{0,20}gestoken|(band|banden) lek|prikken|onkruid steken|"
                r"(schoten|schieten|schiet) .{0,20}(doel|goal|bal)|voetbal|paintball|airsoft|kastanjes|"
                r"(wapens|wapen|mes|messen) (verkopen|verkocht|inleveren|ingeleverd)|wapeninleveractie|"
                r"(mes|messen|zwaarden|wapens) .{0,30}(in de etalage|te koop)|verkoopt (messen|zwaarden|wapens)|"
                r"(is|was|lijkt|van) plastic|((lag|ligt|liggen|lagen) er|er (lag|ligt|liggen|lagen)) (nog )?(een |twee )?"
                r"(mes|messen|wapen|pistool)|"
                r"(mes|messen|wapen|pistool|vuurwapen) (\w+ ){0,2}gevonden|(vond|vonden) (\w+ ){0,3}(mes|messen|wapen|pistool))\b"),
    dict(name="geweld", cls="geweld", sub="geweld-bedreiging", p=
         r"\b(vechtpartij|vechtpartijen|vechten|vecht|vechtend|gevochten|knokpartij|knokken|klappen uitgedeeld|"
         r"mishandeld|mishandelt|mishandeling|mishandelen|in elkaar (geslagen|getrapt|geschopt|slaan|trappen)|"
         r"slaan (er )?op (hem|haar|iemand|elkaar)|op de grond (geslagen|geschopt|getrapt)|"
         r"aangevallen|aanvallen|valt( \w+){1,3} aan|overval|overvallen|overvalt|beroofd|beroving|berooft|"
         r"straatroof|gijzel\w*|verkracht\w*|aanranding|aangerand|wurgt|wurgen|gewurgd|"
         r"(gooien|gooit|gegooid|bekogelen|bekogeld) .{0,30}(stenen|steen|flessen|fles|tegels|"
         r"stoeptegels) .{0,30}(naar|op|tegen) " + _PERSON + r"|"
         r"(steen|stenen|fles|flessen) .{0,20}(tegen|op) (het |zijn |haar |mijn )?hoofd|"
         r"(geraakt|gewond) door (een )?(steen|stenen|fles|flessen))\b",
         unless=r"\b" + _ANIMAL + r"\b.{0,30}\b(vecht|vechten|gevochten|vechtend|aangevallen|aanvallen|"
                r"valt|vallen|viel)\b|mishandel\w* (een |de |het )?" + _ANIMAL + r"|" + _ANIMAL + r"\w* .{0,20}"
                r"mishandel|dierenmishandeling|"
                r"\b(vechtsport|kussengevecht|spelletje|vechten tegen de (klok|tijd|bierkaai))\b"),
    dict(name="slaan", cls="geweld", sub="geweld-bedreiging", p=
         r"\b(slaat|schopt|slaan|schoppen|trapt|trappen|duwt|stompt|stompen|mishandelt) "
         r"((zijn|haar|een|de|mijn|die|dat|hun|z'n|dr) )?"
         r"(vrouw|man|kind|kinderen|kindje|vriendin|vriend|moeder|vader|zoon|dochter|iemand|jongen|meisje|"
         r"hem|haar|mij|me|ons|buurvrouw|buurman|persoon|mensen|elkaar|vrouwtje|meneer|mevrouw|ouders|oma|opa)\b|"
         r"\b(slaat|schopt) (hij|ze|zij) (haar|hem|zijn|z'n|mijn|de|het|hun)\b|"
         r"\b(slaat|slaan|schopt|schoppen|trapt|trappen) (\w+ ){0,3}op (mensen|iemand|hem|haar|mij|me|ons|"
         r"voorbijgangers|reizigers|kinderen)\b|"
         r"\b(wordt|worden) (nu )?(hard )?(geslagen|geschopt|in elkaar geslagen|mishandeld)\b|"
         r"\b(gooit|gooien|smijt|smijten) (met )?(\w+ ){0,2}(stoelen|stoel|flessen|fles|messen|mes|stenen|borden|"
         r"glazen|spullen) (naar|tegen|op) (mijn \w+|zijn \w+|haar|hem|mij|me|ons|iemand|mensen|kinderen|"
         r"voorbijgangers)\b", present_tense=True,
         unless=r"\b(slaat|slaan) (de|een|het) (deur|deuren|bal)\b"),
    dict(name="huiselijk-geweld", cls="huiselijk-geweld", sub="geweld-bedreiging", p=
         r"\b(huiselijk geweld|hoor (haar|hem|de buren|ze|een vrouw|een kind|kinderen) (gillen|schreeuwen|"
         r"huilen) .{0,30}(klappen|slaan|help)|(klappen|gebonk|geklap)( \w+){0,4},? (en )?(gegil|geschreeuw|gehuil)|"
         r"(gegil|geschreeuw|gehuil)( \w+){0,4},? (en )?(klappen|gebonk|geklap|slaan)|gooit (met )?(spullen|meubels) naar "
         r"(haar|hem))\b"),
    dict(name="bedreiging-nu", cls="bedreiging", sub="geweld-bedreiging", lasting=True, p=
         r"\b((dreigt|dreigde|dreigden|heeft gedreigd) (hij |ze |zij )?(hem |haar |mij |me |ons )?(te )?(vermoorden|dood te maken|"
         r"neer te steken|te steken|af te maken|te schieten|neer te schieten)|gaat (hem|haar|me|mij|ons) (vermoorden|afmaken|"
         r"doodmaken|neersteken)|ik maak je dood|ik vermoord (je|jou|u)|(staat|staan) (al )?(voor|bij|aan) "
         r"(mijn|onze|de) (deur|voordeur) .{0,40}(schreeuwen|schreeuwt|bonkt|bonken|trappen|trapt|dreigt|"
         r"dreigen|mes|wil binnen|probeert binnen)|(bonkt|bonken|trapt|trappen|ramt|rammen|schopt) (op|tegen) "
         r"(mijn|onze|de) (deur|voordeur|ramen|raam)|probeert (mijn|onze|het) (huis|woning) binnen te komen)\b",
         unless=r"\b(graffiti|gespoten|gekalkt|gekrast|geklad|op de muur|op de gevel)\b"),
    dict(name="bedreiging", cls="bedreiging", sub="geweld-bedreiging", level=IF_PRESENT, p=
         r"\b(bedreigt|bedreigen|bedreigd|bedreiging|bedreigde|bedreigend|dreigt (hem |haar |mij |me |ons )?"
         r"(te )?(iets aan te doen|te slaan|in elkaar te slaan|pijn te doen))\b",
         unless=r"\b(bedreigde (diersoort|soort|soorten|dieren|vogels|planten)|met uitsterven bedreigd|"
                r"door (hondenpoep|afval|ratten|de bouw) bedreigd|via (whatsapp|de app|app|telefoon|sms|"
                r"instagram|snapchat|tiktok|facebook|social media|mail|e-mail|berichten|brieven)|online|"
                r"appjes|berichtjes)\b"),
    dict(name="ontvoering", cls="ontvoering", sub="geweld-bedreiging", p=
         r"\b(ontvoer\w*|gekidnapt|kidnap\w*|(sleurt|sleuren|trekt|trekken|duwt|duwen|sleepte|sleepten|"
         r"trok|trokken|sleurden|getrokken|gesleurd) (een |het |die |dat )?(meisje|vrouw|kind|jongen|man|"
         r"iemand|persoon|kindje|peuter|haar|hem) .{0,30}(auto|busje|bus|bestelbus|wagen|bestelwagen)|"
         r"(in|een) (auto|busje|bus|bestelbus) (gesleurd|getrokken|geduwd|gesleept)|"
         r"tegen (haar|zijn) wil (mee|in)|meegenomen tegen (haar|zijn) wil)\b"),
    # round 8: held against one's will, told by the person held ("ik word vastgehouden in een huis",
    # "ze houden me hier opgesloten"); lasting like a threat
    dict(name="vastgehouden", cls="ontvoering", sub="geweld-bedreiging", lasting=True, p=
         r"\b((ik|wij|we) (word|wordt|worden|ben|zijn) (\w+ ){0,2}(vastgehouden|gegijzeld|gevangen gehouden|"
         r"opgesloten door)|(hij|zij|ze|die man|die vrouw|die mannen) (houdt|houden) (mij|me|ons) (\w+ ){0,3}"
         r"(vast|gevangen|opgesloten)|tegen (mijn|onze) wil (\w+ ){0,3}(vastgehouden|opgesloten|vast)|"
         r"(i am|i'm|im|we are|we're) being held|held against (my|our) will)\b"),
    # taken away in a vehicle without the word: a person pushed or stuffed into a car, a van or its
    # boot (before or after the verb), someone knocking or calling from a boot, forced to get in
    dict(name="ontvoering-voertuig", cls="ontvoering", sub="geweld-bedreiging", lasting=True, p=
         r"\b(" + _VICTIM + r" (\w+ ){0,3}(in|de) (de |een |hun |die |zijn |zo'n |een soort )?(\w+ ){0,2}" + _CAR +
         r"( in)? (\w+ ){0,4}" + _FORCED_IN + r"|(proppen|propt|propte|propten|duwen|duwt|duwde|duwden|douwen|douwt|"
         r"stoppen|stopt|stopte|stopten|gooien|gooit|gooide|gooiden|smijten|smijt|smeet|sleuren|sleurt|sleurde|sleurden|"
         r"trekken|trekt|trok|trokken|tillen|tilt|tilde|dwingen|dwingt|dwong|slepen|sleept|sleepte|persen|perst) "
         + _VICTIM + r" (\w+ ){0,2}(in (de |een |hun |die |zijn )?(\w+ ){0,2}" + _CAR + r"|(de|een|hun|die) (\w+ ){0,2}"
         + _CAR + r" in)|(bonkt|bonken|gebonk|geklop|klopt|kloppen|roept|roepen|schreeuwt|gilt|hulpgeroep|"
         r"geschreeuw|gegil) (\w+ ){0,5}(vanuit|uit|in) (de|een|die) (\w+ )?" + _BOOT + r"|" + _VICTIM + r" (\w+ ){0,3}"
         r"(ligt|zit|liggen|zitten|opgesloten|vastgebonden|vastgetaped) (\w+ ){0,2}in (de|een|die) (\w+ )?" + _BOOT + r"|"
         r"(gedwongen|dwingen|dwingt|dwong|forceren) (\w+ ){0,3}(in te stappen|mee te (gaan|komen|rijden)))\b",
         unless=r"\b(" + _ANIMAL + r"\w*|boodschappen|koffer|koffers|tassen|spullen|fiets|fietsen|kinderwagen|"
                r"rolstoel|rollator|kerstboom|vuilniszak\w*|dozen|meubels|gordel|autostoeltje|kinderzitje)\b"),
    # ---- person in danger (injury, medical, water, suicide, missing)
    dict(name="bewusteloos", cls="medisch", sub="persoon-in-nood", p=
         r"\b(bewusteloos|bewusteloze|buiten bewustzijn|niet aanspreekbaar|onaanspreekbaar|roerloos|ademt niet|"
         r"geen ademhaling|ademt (heel )?(raar|moeilijk|zwaar)|krijgt geen (lucht|adem)|kan niet (meer )?ademen|"
         r"hartaanval|hartstilstand|hart ?massage|reanim\w*|epileptische aanval|epilepsie aanval|"
         r"stuip|stuipen|stikt|stikken|verstikt|beroerte|herseninfarct|overdosis|"
         r"zwaargewond|zwaar gewond|ernstig gewond|bloedt (heel |erg |hevig |enorm |als een rund )?|"
         r"bloedend|veel bloed|bloed (overal|uit (zijn|haar|het) )|onder het bloed|plas bloed|onwel|"
         r"bloed (\w+ )?(spuit|spuiten|gutst|gutsen|stroomt|stromen|pompt|blijft (stromen|komen))|"
         r"(spuit|gutst|stroomt|pompt) (\w+ ){0,2}bloed|"
         r"onwel geworden|flauwgevallen|flauw gevallen|valt flauw|in elkaar gezakt|ingestort op straat|"
         r"blauw aangelopen|gebroken (been|arm|nek)|hoofdwond|diepe snee|slagader|snee in (zijn|haar|z'n|de) "
         r"(nek|hals|keel|hoofd|pols|polsen))\b",
         unless=r"\b(stikt (\w+ )?(van|naar)|het stikt hier|" + _ANIMAL + r"\w*|bijna een hartaanval|"
                r"(schrok|schrik|schrokken) (me |mij |ons |zich )?(bijna )?een hartaanval|hartaanval (van|toen))\b"),
    dict(name="dood", cls="medisch", sub="persoon-in-nood", p=
         r"\b" + _SOMEONE + r"\b.{0,30}\b(lijkt dood|ligt dood|levenloos|lijkt niet te ademen)\b"),
    dict(name="gevallen", cls="letsel", sub="persoon-in-nood", p=
         r"\b(gevallen|op (de )?grond|onderuit gegaan|gestruikeld|van (de )?trap gevallen)\b.{0,40}"
         r"\b(kan niet (meer )?(op ?staan|overeind( komen)?|lopen|bewegen)|komt niet (meer )?overeind|"
         r"kan niet meer lopen|kan niet meer bewegen|bloedt|gewond)\b",
         unless=r"\b" + _ANIMAL + r"\b"),
    dict(name="beweegt-niet", present_tense=True, cls="letsel", sub="persoon-in-nood", p=
         r"\b" + _PERSON + r"\b.{0,60}\b(op (de )?grond en (reageert|beweegt) niet|beweegt niet|niet (meer )?"
         r"beweegt|ademt niet|niet (meer )?ademt|reageert niet( meer)?(?! op (mijn|onze|de|m'n|mn|deze|die|"
         r"onze|hun|haar|zijn) (melding|meldingen|bericht|berichten|mail|mails|brief|brieven|klacht|klachten|"
         r"telefoon|appjes|vraag|vragen|verzoek|verzoeken|aanbellen))|reageert nergens (meer )?op|"
         r"nergens (meer )?op reageert|niet (meer )?reageert(?! op)|(ligt|zit) (\w+ ){0,3}(te bloeden|bloedend)|"
         r"zegt (niks|niets) meer|(wordt|word) niet (meer )?wakker|niet (meer )?wakker (wordt|te krijgen)|"
         r"(krijg|krijgen) (hem|haar) niet (meer )?wakker|snurkend geluid|(been|arm|enkel|pols|nek) (ligt|staat|"
         r"zit|hangt) (heel |helemaal |echt )?(raar|scheef|verkeerd|in een rare hoek))\b",
         unless=r"\b(gemeente|woningbouw|verhuurder|instantie|aannemer|staedion|vestia|haag wonen)\b"),
    dict(name="letsel", cls="letsel", sub="persoon-in-nood", p=
         r"\b(" + _PERSON + r" (is |zijn |lijkt |raakte |werd |ligt )?(zwaar |ernstig |flink |erg )?"
         r"(gewond|gewonde|gewonden)|er zijn gewonden|gewonden|zwaargewonde|met letsel|"
         r"ambulance nodig|ambulance (sturen|komen|bellen)|stuur (een |de )?ambulance|bel (een |de )?ambulance)\b"),
    dict(name="water", cls="water", sub="persoon-in-nood", p=
         r"\b(verdrinkt|verdrinken|verdrinking|verdronken|te water (geraakt|gegaan)|in " + _WATER + r" "
         r"(gevallen|gesprongen|gereden|beland|geraakt)|door het ijs (gezakt|gevallen|gegaan)|door het ijs|"
         r"" + _SOMEONE + r" (ligt|drijft) in " + _WATER + r"|(ligt|drijft|spartelt|zwemt) (er |daar )?(een )?"
         + _SOMEONE + r" in " + _WATER + r"|drijft een (man|vrouw|persoon|kind|lichaam)|"
         r"kopje onder|kan niet zwemmen|spartelt in|auto te water|(kind|kindje|peuter|kleuter|baby|jongetje|meisje|"
         r"dreumes|zoontje|dochtertje) (is |zit |ligt )?in " + _WATER + r"\b.{0,80}\b(erachteraan|er achteraan|"
         r"niet zwemmen|help|kopje onder|spartelt|springt)|(kind|kinderen|kindje|peuter|kleuter) "
         r"(zit |zitten |staat |staan |loopt |lopen |speelt |spelen )?op het (dunne )?ijs|"
         r"op het dunne ijs)\b", unless_in_sentence=False,
         unless=r"\b(" + _ANIMAL + r"|fiets|fietsen|winkelwagen|winkelwagentje|afval|rommel|kliko|matras|"
                r"scooter|bootje|bord|hek) (is |zijn |ligt |liggen |drijft )?(in " + _WATER + r"|op het ijs)"),
    dict(name="suicide", cls="suicide", sub="persoon-in-nood", lasting=True, p=
         r"\b(zelfmoord|zelfdoding|suicide|suicid\w*|zichzelf (iets )?aan ?doen|zich iets aan(doen| te doen)|"
         r"eind aan (zijn |haar |mijn |z'n |het )?leven|(er )?een (eind|einde) aan (wil|gaat|zal|wilt) maken|"
         r"van het leven beroven|wil (niet meer leven|dood|"
         r"er niet meer zijn|er een eind aan maken|een einde aan maken)|dreigt te springen|wil springen|"
         r"(dreigt|wil|gaat) (van (de|het) (brug|dak|flat|balkon|galerij) )?(af )?(te )?springen|"
         r"(staat|zit|klimt) (op|over) (de )?(rand|reling|balustrade) van|pillen (ingenomen|geslikt)|"
         r"heeft (een )?(hoop |veel |alle )?pillen (ingenomen|geslikt)|polsen doorgesneden|"
         r"zich (op)?hangen|strop)\b"),
    dict(name="vermissing", cls="vermissing", sub="persoon-in-nood", lasting=True, p=
         r"\b((kind|kindje|peuter|kleuter|dochter|zoon|zoontje|dochtertje|jongetje|meisje|kleinzoon|"
         r"kleindochter|broertje|zusje|opa|oma|vader|moeder|bewoner) "
         r"(van \w+ (jaar )?)?(is |zijn |raakte |lijkt )?(vermist|kwijt|zoek|zoekgeraakt|weg ?gelopen|"
         r"niet thuisgekomen|niet meer thuis gekomen|nergens te vinden|niet (meer )?te vinden)|"
         r"(kan|kunnen) (mijn|ons|onze|het|de) (kind|kindje|zoon|dochter|zoontje|dochtertje|peuter|"
         r"moeder|vader|opa|oma) niet (meer )?vinden|vermist (kind|meisje|jongetje|jongen|persoon)|"
         r"vermiste (kind|meisje|jongetje|jongen|persoon|man|vrouw))\b"),
    dict(name="dwaalt", cls="vermissing", sub="persoon-in-nood", level=UNSURE, p=
         r"\b(dementerende|demente|verwarde|dementie) (man|vrouw|vader|moeder|opa|oma|bewoner|buurman|"
         r"buurvrouw|meneer|mevrouw) .{0,30}(weggelopen|vermist|kwijt|zoek|niet terug|dwaalt|dolend)\b"),
    dict(name="kind-alleen", present_tense=True, cls="kind-alleen", sub="persoon-in-nood", p=
         r"\b((kind|kindje|baby|peuter|hond|kleuter) (alleen |opgesloten )?in (een |de )?(hete |warme |"
         r"afgesloten |dichte )?auto|(kind|kindje|peuter|kleuter|kleine kinderen|baby) "
         r"(loopt |zwerft |kruipt |staat |zit )?(alleen |zonder ouders )(langs|bij|op|in|over) (het water|de weg|"
         r"de drukke weg|straat|de sloot|de rijbaan|de snelweg|de tramrails|het spoor|de kade|de rand)|"
         r"(kind|kindje|peuter|kleuter) (hangt|staat|zit|klimt) .{0,20}(uit het raam|op de reling|"
         r"over de reling|op de vensterbank|op het dak))\b"),
    dict(name="hulp", cls="hulp", sub="persoon-in-nood", p=
         r"\b(roept om hulp|roepen om hulp|schreeuwt om hulp|schreeuwen om hulp|gillen om hulp|gilt om hulp|"
         r"zwaait om hulp|om hulp (roept|roepen|schreeuwt|schreeuwen|gilt|gillen|zwaait)|hulpgeroep|help me|help mij|help ons|help!|help help|helpp|sos|(bel|bellen|"
         r"gebeld|belt) 112|112 (bellen|gebeld|gebelt)|stuur (de )?politie|politie nodig|kom (alsjeblieft )?"
         r"snel|kom nu|kom gauw|snel komen|het loopt uit de hand|levensgevaar)\b", present_tense=True,
         unless=r"\blevensgevaarlijk"),
    # ---- vehicles endangering people
    dict(name="aanrijding", cls="verkeer", sub="persoon-in-nood", p=
         r"\b(" + _PERSON + r" (is |werd |wordt |zijn |werden |ligt |zit )?(aangereden|geschept|overreden|omver gereden|"
         r"onder de auto|onder de tram|onder de bus)|aanrijding met (gewonden|letsel|een fietser|een "
         r"voetganger|een kind|een scooter)|" + _PERSON + r" ligt (gewond )?op de weg|zwaar ongeluk|"
         r"ernstig ongeluk|(auto|scooter|bus|wagen|busje) (rijdt|reed|scheurt|scheurde) (in )?op (mensen|"
         r"de mensen|kinderen|voetgangers|het terras)|(rijdt|reed) (bijna )?(kinderen|mensen|een kind|"
         r"voetgangers|iemand) (bijna )?(aan|omver|dood)|spookrijder|doorgereden na (een )?aanrijding)\b",
         unless=r"\b" + _ANIMAL + r" (is |werd )?(aangereden|overreden|geschept)\b"),
    dict(name="rijdt-stoep", cls="verkeer", sub="verkeer", level=IF_PRESENT, p=
         r"\b((rijdt|reed|rijden|reden|scheurt|scheurde|scheuren|racet|racen|crost|crossen) .{0,40}"
         r"(over de stoep|over het trottoir|over het schoolplein|over het plein|door de speeltuin|"
         r"door de winkelstraat|over het fietspad) .{0,40}(kinderen|kind|voetgangers|wandelaars|"
         r"kinderwagen|kinderwagens|ouderen|scholieren)|(rijdt|reed|rijden|reden|scheurt|scheurde|scheuren|"
         r"racet|racen|crossen|crost) .{0,50}tussen (de |het )?(kinderen|voetgangers|wandelaars|scholieren|"
         r"mensen|winkelend publiek|publiek|marktbezoekers)|(racen|racet|scheuren|scheurt|crossen|crost|"
         r"jakkeren|vlammen) .{0,80}\b(kinderen|kids|scholieren|voetgangers) (\w+ ){0,3}(steken|oversteken|"
         r"lopen|spelen)|(racen|racet|scheuren|scheurt|crossen|crost|jakkeren|vlammen) .{0,80}\b(steken|stak) "
         r"(\w+ ){0,2}(kinderen|kids|scholieren|voetgangers) over|(over de stoep|over het trottoir) .{0,40}(school|basisschool|kids)|"
         r"(bijna|net niet) (aangereden|geschept|overreden|omver gereden)|"
         r"(ramt|ramde|raakt|raakte|schept|schepte|rijdt|reed|knalt|knalde) (\w+ ){0,2}(bijna|haast|net niet) "
         r"(\w+ ){0,2}(kids|kinderen|kind|kindje|kinders|mensen|fietsers?|voetgangers?|scholieren|iemand|"
         r"een (\w+ )?(jongen|meisje|vrouw|man|oma|opa))|"
         r"kon (nog net|net) (opzij|wegspringen|aan de kant)|street rac(e|es|ing)|(almost|nearly) (hit|ran over|"
         r"run over|knocked over) (a |an |the )?(\w+ )?(cyclists?|kids?|child|children|pedestrians?|person|people|"
         r"someone|lady|woman|man))\b",
         unless=r"\b(bord|borden|paal|paaltje|hek|bloembak|bloembakken|plantenbak)\b.{0,20}"
                r"(omver gereden|aangereden)"),
    dict(name="spoor-obstakel", cls="verkeersgevaar", sub="verkeer", life=False, present_tense=True, p=
         r"\b((boom|tak|auto|fiets|kar|winkelwagen|obstakel|paal|hek|container|scooter|bouwhek|steen|stenen|"
         r"kliko|matras|iets) (\w+ ){0,3}(ligt |staat |hangt )?(over|op) (de |het )?(rails|spoor|spoorbaan|"
         r"spoorlijn|trambaan|tramrails|overweg)|trein (kan|komt) (\w+ )?(elk moment|zo|zometeen|eraan)|"
         r"(on|across) the (tracks|railway|rails))\b"),
    dict(name="dronken-bestuurder", cls="verkeersgevaar", sub="verkeer", life=False, p=
         r"\b(dronken (bestuurder|automobilist|chauffeur)|rijdt onder invloed|slingerende auto|"
         r"(bestuurder|automobilist) (is )?(straalbezopen|stomdronken|dronken))\b"),
    # ---- crime in progress
    dict(name="inbraak-nu", present_tense=True, cls="misdrijf-nu", sub="inbraak", p=
         r"\b((wordt|word|worden) (nu |net |op dit moment )?ingebroken|"
         r"(inbraak|overval|insluiping) (is )?(nu |net )?(bezig|gaande|aan de gang|in volle gang)|"
         r"(inbrekers?|dieven|insluipers?) (zijn |is |zit |zitten )?(nu |nog )?(binnen|bezig|in het huis|"
         r"in de tuin|op het dak)|"
         r"(inbrekers?|dieven|insluipers?)\b.{0,40}\b(zijn|is|zit|zitten) (nu |nog )?(binnen|bezig|in het huis)|"
         r"(breken|breekt|inbreken|inbreekt|ingebroken|openbreken|forceren|wrikken)\b.{0,40}\b" + _NOW + r"|"
         + _NOW + r"\b.{0,60}\b(inbreken|ingebroken|inbreker|inbrekers|breken in|breekt in|openbreken|"
         r"open breken|open te breken|forceren|open wrikken|koevoet)|"
         r"(proberen|probeert|probeerde) .{0,40}(open te breken|in te breken|te forceren|open te wrikken)|"
         r"(ramen|raam|deur|achterdeur) (wordt|worden|nu) (nu )?(ingetrapt|opengebroken|geforceerd))\b"),
    dict(name="verdacht-pakket", cls="gas", sub="verdachte-situatie", level=UNSURE, p=
         r"\b(verdacht|verdachte|vreemd|achtergelaten) (pakket|pakketje|koffer|tas|doos)\b"),
    dict(name="inbraak-mogelijk", cls="misdrijf-nu", sub="inbraak", level=IF_PRESENT, p=
         r"\b((gestommel|glasgerinkel|gerommel|zaklamp|zaklampen|gebonk) .{0,50}(op vakantie|niemand thuis|"
         r"zijn weg|leeg huis|" + _EMPTY_HOME + r"|staat leeg)|(op vakantie|met vakantie|niemand thuis|(zijn|is) weg|leeg huis|"
         + _EMPTY_HOME + r"|staat leeg)\b.{0,60}"
         r"\b(gestommel|glasgerinkel|gerommel|zaklamp|zaklampen|gebonk|licht (\w+ )?(aan en uit|gaat aan)|"
         r"(deur|achterdeur|voordeur|raam|schuifpui) (staat|is) (\w+ ){0,2}(op een kier|open|opengebroken))|(iemand|man|mannen|personen|jongens|twee|drie) (is |zijn |zit |"
         r"zitten |loopt |lopen |klimt |klimmen )?(op (het )?dak|in de tuin|binnen|over de schutting|over het hek|"
         r"door het raam) (bij|van) (de buren|nummer|het huis)|(iemand|een man|mannen|personen|jongens|twee|drie) "
         r"(\w+ ){0,4}(rondloopt|rondlopen|loopt rond|lopen rond|sluipt|sluipen|scharrelt|scharrelen) in " + _EMPTY_HOME + r"|"
         + _EMPTY_HOME + r"\b.{0,60}\b(loopt|lopen|sluipt|sluipen|scharrelt) (er )?(iemand|een man|mannen|mensen|personen|"
         r"jongens) (\w+ )?rond)\b"),
    dict(name="diefstal-nu", present_tense=True, cls="misdrijf-nu", sub="diefstal", p=
         r"\b((steelt|stelen|jatten|jat) (nu|op dit moment|net)|(nu|op dit moment) .{0,30}(te stelen|aan het "
         r"stelen|stelen)|(op dit moment|momenteel|op heterdaad)\b.{0,40}\b(gestolen|gejat|stelen|jatten)|"
         r"(wordt|worden) (nu|net|op dit moment) .{0,30}(gestolen|gejat)|"
         r"(zijn|is) (nu )?.{0,20}aan het (stelen|jatten|inbreken))\b"),
    # ---- medical signs people describe without the medical word
    dict(name="medisch-tekens", cls="medisch", sub="persoon-in-nood", present_tense=True, p=
         r"\b(mond (hangt|staat) scheef|gezicht hangt|(arm|been) doet het niet|kan (zijn|haar) (arm|been) "
         r"niet (meer )?bewegen|praat (opeens |ineens )?(heel )?(raar|onduidelijk|brabbel)|greep naar (zijn|haar|z'n) "
         r"borst|pijn op de borst|drukkende pijn|(ligt|zit|is) (te |aan het )?(schokken|trillen|stuiptrekken)|"
         r"schokt (helemaal|heel erg|nu)|ogen draaien weg|valt (steeds )?(bijna )?om|zakt (steeds )?(in elkaar|"
         r"weg)|wordt (helemaal )?blauw|lippen (zijn )?blauw|krijgt het benauwd|heel benauwd|erg benauwd|"
         r"hypo|suiker (is )?(te laag|heel laag)|heeft suiker en|allergische reactie|opgezwollen (keel|gezicht|"
         r"tong)|keel zit dicht|verslikt|weeen|bevalling|water is gebroken|knalrood en|oververhit|zonnesteek|"
         r"bewustzijn|wit poeder|poeder .{0,30}(jeuk|hoofdpijn|benauwd|misselijk)|koolmonoxide|"
         r"(krijgen|krijgt) (jeuk|hoofdpijn) en|gif|vergiftig\w*|giftig\w* (gas|damp|dampen|stof)|"
         r"in (de )?paniek en (benauwd|ademt)|iets in (\w+ ){0,2}(drankje|drinken|glas|bier|drank) (\w+ )?(gekregen|"
         r"gedaan|gestopt|gegooid)|gedrogeerd|(kan|kon) (niet meer|nauwelijks) (staan|lopen) en)\b",
         unless=r"\b(gif(t)? ?(spuit|spuiten|gespoten|bestrijding)|onkruid|ratten ?gif|rattengif|" + _ANIMAL + r"|"
                r"(beschoeiing|oever|kade|walkant|grond|tegels|bestrating|wegdek|berm|dijk|talud|fundering|paal)\w*"
                r"( (langs|bij|van|aan|in|op|naast|achter) (de |het |een )?\w+){0,4} zakt (steeds )?(verder )?weg)\b"),
    dict(name="vast", cls="letsel", sub="persoon-in-nood", p=
         r"\b((" + _SOMEONE + r"|kinderen|mensen|moeder|vader|zoon|dochter|hij|ze|zij) (\w+ ){0,2}(zit|zitten|zat|"
         r"raakt|raken|is|zijn) (\w+ ){0,2}(klem|bekneld|opgesloten|vast in)|bekneld|ingesloten|vast in de lift|"
         r"lift (zit|staat|is) vast .{0,40}(erin|met|mensen|iemand|moeder|vader|kind)|"
         r"(hij|ze|zij|iemand|kind) kan er niet (meer )?uit)\b",
         unless=r"\b(" + _ANIMAL + r"|fiets|fietsen|auto|wagen|kliko|container|deksel|deur|slot|sleutel|"
                r"verkeer|file|in de file|klep|put|boom|tak|bal|vlieger|drone|rolluik)\w* (zit |zitten |is |"
                r"raakt )?(\w+ )?(klem|vast|bekneld|opgesloten)\b|vastgelopen|vast ?gezet|vastgeroest|vast staan "
                r"in de file|zit vast in (het|de) (verkeer|file)"),
    dict(name="persoon-op-weg", cls="verkeer", sub="persoon-in-nood", present_tense=True, p=
         r"\b((" + _SOMEONE + r"|jongen|man|vrouw|kinderen|mensen) (loopt|lopen|staat|staan|zit|zitten|ligt|liggen|"
         r"fietst|kruipt|rent|rennen|dwaalt) (\w+ ){0,3}(midden )?op (de )?(snelweg|vluchtstrook|rijbaan|spoor|"
         r"trambaan|tramrails|spoorbaan|kruising|provinciale weg|ringweg|a4|a12|a13|a20|n\d+)|"
         r"(midden op de (weg|kruising|rijbaan)|loopt (steeds )?voor de auto'?s)|"
         r"(paard|paarden|koeien|koe|schapen|hert|herten) (\w+ ){0,2}(los )?op (de )?(weg|snelweg|n\d+|a\d+|rijbaan))\b"),
    dict(name="vallend", cls="letsel", sub="persoon-in-nood", p=
         r"\b((stukken|brokken|stenen|beton|tegels|glas|dakpannen|gevelstenen|ijzer|onderdelen) (\w+ ){0,3}"
         r"(vallen|valt|vielen|komen) (\w+ ){0,6}(op (de )?(stoep|straat|mensen|weg|terras|het plein)|naar "
         r"beneden)|steiger (\w+ ){0,3}(zwaait|waait|wiebelt|valt|staat op omvallen|hangt)|"
         r"(kraan|bouwkraan|steiger|gevel|balkon|boom|muur) (\w+ ){0,3}(dreigt|staat op) (in ?te ?storten|om ?te ?"
         r"vallen|omvallen|instorten)|stroomkabel|kabel (\w+ ){0,4}(bloot|los|hangt)|(draden|kabels) "
         r"(liggen|hangen) bloot|onder stroom|"
         r"(steiger\w*|dakpan\w*|dakplaten|platen|bouwhek\w*|hekken|onderdelen|planken|golfplaten|dakbedekking|"
         r"balkon|luifel|dakgoot|gevelbord|reclamebord|gevelplaten) "
         r"(\w+ ){0,2}(waaien|waait|vliegen|vliegt|komen|raken|hangen|hangt) (\w+ ){0,2}los\b.{0,60}\b(mensen|"
         r"kinderen|voetgangers|fietsers|iemand|publiek)|(mensen|kinderen|voetgangers) lopen (er )?(gewoon |nog )?onder|"
         r"lopen (er )?(gewoon |nog )?(mensen|kinderen|voetgangers) onder|(steiger|kraan|bouwkraan|gevel|muur|boom|"
         r"paal|mast|hek) (\w+ ){0,5}(helt|hangt|leunt|zakt) (\w+ ){0,3}(over|scheef) (\w+ ){0,6}(mensen|kinderen|"
         r"voetgangers|stoep|fietspad|speeltuin|school))\b"),
    dict(name="verward-gevaar", cls="verward", sub="verward-gedrag", present_tense=True, p=
         r"\b((verward|verwarde|psychotisch|psychose|doorgedraaid|in de war|naakt|helemaal gek|over de rooie|"
         r"stemmen|denkt dat (hij|ze|zij) kan vliegen|kan vliegen)\b.{0,80}\b(snelweg|vluchtstrook|spoor|"
         r"kruising|auto'?s|rijbaan|balkon|dak|mes|messen|keukenla|meubels|gooit|slaat|dreigt|klimt|vriest|"
         r"ijskoud|water|brug|weg)|(gooit|smijt) (\w+ ){0,3}(meubels|spullen|stoelen|flessen|borden|"
         r"stenen|fiets)\w* (\w+ ){0,3}(van|uit|over) (het|de) (balkon|raam|galerij|flat))\b",
         unless=r"\b(voelt zich|ben in de war over|in de war over|snap|snapt|begrijp)\b"),
    dict(name="overval-tekens", cls="overval", sub="geweld-bedreiging", present_tense=True, p=
         r"\b((met|heeft|hebben|zwaait|zwaaien) (\w+ )?(hamers?|bivakmuts\w*|koevoet|breekijzer|bijl)|"
         r"(richting|naar) de kassa|kluis (open|opendoet|te openen)|(klanten|mensen|personeel) (liggen|moeten) "
         r"op de grond|geef (je|jouw|me je) (pas|tas|geld|telefoon|fon|portemonnee)|willen (zijn|z'n|zn|haar|"
         r"mijn|me|m'n|mn) (jas|fon|telefoon|tas|geld|fiets|scooter|portemonnee|ketting)|"
         r"houden (\w+ ){0,3}vast in|(staan|staat) om (een|de|hem|haar|mij|me) (\w+ )?heen .{0,40}(duwen|slaan|"
         r"willen|schoppen)|overvallers?|gemaskerd\w*|bivakmuts\w*)\b"),
    # a robbery told without the word: someone pulled or pushed out of or off their vehicle, a bag or
    # phone snatched from a person, someone being robbed ("gerold") or forced to hand over or pin
    dict(name="overval-indirect", cls="overval", sub="geweld-bedreiging", p=
         r"\b(" + _VICTIM + r" (\w+ ){0,3}(wordt|worden|werd|werden|is|zijn|word) (\w+ ){0,3}(uit|van) (zijn|haar|de|het|"
         r"d'r|hun|een|die) (\w+ ){0,2}" + _CAR + r" (\w+ ){0,2}(getrokken|getrokke|gesleurd|gesleurt|geduwd|geduwt|"
         r"gegooid|gerukt|gesleept|geschopt|geslagen|gesmeten|getrapt|gehaald)|(trekken|trekt|trok|trokken|sleuren|sleurt|"
         r"sleurde|sleurden|rukken|rukt|duwen|duwt|duwden|gooien|gooit|schoppen|schopt|slaan|slaat|halen|haalt) "
         + _VICTIM + r" (\w+ ){0,2}(uit|van) (zijn|haar|de|het|d'r|hun|een|die) (\w+ ){0,2}" + _CAR + r"|"
         r"(rukken|rukt|trekken|trekt|grissen|grist|pakken|pakt|jatten|jat|roven|rooft|nemen|neemt|sleuren|sleurt) "
         r"(\w+ ){0,3}(zijn|haar|d'r|mijn|onze|hun|een vrouw (haar|d'r)|een man zijn) (\w+ )?(tas|tasje|handtas|telefoon|"
         r"mobiel|fon|portemonnee|ketting|horloge|sieraden|rugzak|scooter|fiets|sleutels|pinpas|pas|geld|jas|"
         r"autosleutels) (\w+ ){0,3}(af|uit (zijn|haar|d'r|mijn) (hand|handen))|(tas|tasje|handtas|telefoon|mobiel|"
         r"portemonnee|ketting|horloge|rugzak|pinpas|autosleutels) (\w+ ){0,4}(afgepakt|afgerukt|afgetroggeld|"
         r"uit (zijn|haar|d'r|mijn) (hand|handen) (gerukt|getrokken|gegrist)|van (zijn|haar|d'r|mijn) (arm|schouder|"
         r"fiets|stuur) (gerukt|getrokken|gegrist))|(wordt|worden|word) (nu |net |op dit moment |gewoon )?(beroofd|"
         r"overvallen|gerold|geript|klemgereden|afgeperst)|(rollen|rippen|beroven|overvallen) (nu |net )?"
         + _VICTIM + r"|(onder bedreiging|onder dwang|met een (mes|pistool|wapen)) (\w+ ){0,4}(pinnen|geld|pas|"
         r"pincode|telefoon|tas|kluis|kassa|afgeven|afpakken)|(dwingen|dwingt|gedwongen) (\w+ ){0,5}(te pinnen|"
         r"pincode|zijn pas|haar pas|geld (te )?(geven|halen|afgeven)))\b",
         unless=r"\b(" + _ANIMAL + r"\w*|takelwagen|takel|sleepwagen|handhaving|boa|boas|agenten|politie (heeft|haalt)|"
                r"uit (de|het) (water|gracht|sloot|vijver|kanaal)|juf|juffrouw|meester|leraar|lerares|docent|"
                r"mentor|concierge|school|klas|les)\b"),
    dict(name="inbraak-tekens", cls="misdrijf-nu", sub="inbraak", present_tense=True, p=
         r"\b((hoor|horen|hoorde|hoorden) (\w+ ){0,2}(glas|ruit|ruiten|raam|ramen) (breken|rinkelen|sneuvelen|"
         r"kapot|inslaan)|klimt (\w+ ){0,4}(naar binnen|door het raam|door de etalage|over het hek|over de schutting|"
         r"het balkon op)|(zie|zag) (net |nu )?(live )?iemand (\w+ ){0,4}(in|door) (mijn|mn|m'n|ons|onze|het) "
         r"(huis|woonkamer|keuken|slaapkamer|tuin|schuur|winkel)|(te )?(pielen|morrelen|rommelen|wrikken|"
         r"prutsen) (\w+ ){0,3}(aan|met|bij) (de|mijn|mn|m'n|onze|het) (\w*deur\w*|slot|raam|ramen|schuifpui)|"
         r"(koevoet|breekijzer)\b.{0,60}\b(\w*deur\w*|raam|ramen|slot|schuifpui|kozijn)|"
         r"(\w*deur\w*|raam|ramen|slot|schuifpui|kozijn)\b.{0,60}\b(koevoet|breekijzer)|"
         r"(zie|zag) (ik )?(nu |net )?(iemand|hem|een man|een vent|twee mannen|ze) (\w+ )?(nu |net )?(over (de|het) "
         r"(schutting|hek|muur)|door (het|een) raam|het balkon op) (\w+ ){0,6}(klimmen|klauteren|klimt)|"
         r"(hoor|horen|zie|zien) (\w+ ){0,3}(iemand|een man|een vreemde|voetstappen) (\w+ ){0,3}(door|in) "
         r"(mijn|mn|m'n|ons|onze|het) (huis|woonkamer|keuken|gang|hal|zolder|kamer)\b.{0,80}\b(alleen thuis|"
         r"verstopt|verstop|zit boven|deur (dicht|op slot)|bang)|(alleen thuis|verstopt)\b.{0,80}\b(hoor|horen) "
         r"(\w+ ){0,3}(iemand|een man|voetstappen) (\w+ ){0,3}(door|in) (mijn|mn|m'n|ons|onze|het) (huis|"
         r"woonkamer|keuken|gang|hal|zolder)|aan (de|mijn|mn|m'n|onze) (voordeur|deur|schuifpui|achterdeur|raam) (te |aan het )?"
         r"(pielen|morrelen|wrikken|prutsen|rommelen)|(alarm|inbraakalarm) (gaat|ging) (af|loeien)|"
         r"hek (is )?opengeknipt|zaklamp\w* in (de|het) (school|gymzaal|huis|pand|winkel|kantine)|"
         r"(inbrekers?|dieven) in (de|het|een) (school|huis|pand|winkel|woning|kantine|gymzaal))\b"),
    dict(name="ontvoering-tekens", cls="ontvoering", sub="geweld-bedreiging", present_tense=True, p=
         r"\b(lokt (\w+ ){0,2}(kinderen|kind|meisje|jongen|jongetje) (\w+ ){0,4}(snoep|busje|auto)|"
         r"ik ken (jou|je|u) niet|(trekt|sleept|sleurt|neemt|tilt|draagt) (een |het |dat )?(klein |kleine )?"
         r"(jongetje|meisje|kindje|kind|jongen) (mee|weg|de auto in|het busje in)|"
         r"(zonder (dat het mocht|toestemming|gezag)|geen gezag) .{0,80}(meegenomen|opgehaald|rijdt|weg)|"
         r"(meegenomen|opgehaald|gehaald) .{0,40}(zonder (dat het mocht|toestemming)|geen gezag|terwijl "
         r"(dat|het) niet mag|(mag|mocht) (niet|niet van de rechter))|"
         r"laat (haar|hem|me|mij|ons) niet (gaan|weg|naar buiten|erlangs|er langs)|(haar|hem|me|mij|ons) "
         r"niet (laat|laten|wil laten) (gaan|weg|naar buiten)|"
         r"(sleept|sleurt|trekt) (haar|hem) aan (haar|zijn|d'r|z'n) (haren|haar|haor))\b"),
    dict(name="geweld-tekens", cls="huiselijk-geweld", sub="geweld-bedreiging", present_tense=True, p=
         r"\b(kapot (aan het )?slaan|aan het (kapot )?slaan|probeert (de|mijn|onze) deur in te (trappen|slaan|"
         r"breken)|tegen (de|een) (kast|muur|deur|grond) (aan )?gegooid|durf niet te bellen|hij hoort alles|"
         r"zit (\w+ )?op slot (in|op) de (badkamer|wc|slaapkamer)|(op|in) de (badkamer|wc|slaapkamer) op slot|"
         r"(huilen|smeken|gillen) en (smeken|huilen|gillen)|smeekt|ze smeekt|hij smeekt|"
         r"(binnen|naar binnen) (is )?gekomen en (laat|houdt)|(lip|neus|hoofd|gezicht) (bloedt|bloed|open)|"
         r"(ga|gaat|gaan) (het )?voelen|(jou|je|me|mij|hem|haar) (\w+ )?(gaan|gaat|ga) pakken|"
         r"(gaan|gaat) (me|mij|hem|haar|ons) (kapot ?maken|afmaken|pakken|slopen)|"
         r"contactverbod|straatverbod|(briefjes?|berichten|brieven) (\w+ ){0,4}(dood|vermoord)|"
         r"lopen (al )?(\w+ )?achter (me|mij|ons|haar|hem) aan|(hond|honden) (\w+ ){0,4}(verscheuren|"
         r"aanvallen|bijten))\b"),
    dict(name="suicide-tekens", cls="suicide", sub="persoon-in-nood", lasting=True, p=
         r"\b(wil niet meer\b|niemand (gaat|zal) (hem|haar|me|mij) missen|afscheid (genomen|nemen|"
         r"gestuurd)|(foto|plaatje) van een (touw|strop)|dag allemaal|vaarwel|het is zo klaar|"
         r"(opgesloten|zit) in de (garage|auto) met de (auto|motor) aan|(over|op) (het|de) (hek|reling|"
         r"balustrade|rand) (van|bij) (het|de) (viaduct|brug|dak|flat|galerij|parkeergarage)|"
         r"(klimt|klom|staat|zit) (\w+ ){0,2}over het hek van|aan de rand van het dak|helemaal aan de rand|"
         r"(alle|veel|een hoop|al zijn|al haar) (pillen|medicijnen|slaappillen|tabletten) (\w+ ){0,2}(genomen|"
         r"geslikt|ingenomen|op)|sta bij het water\. sorry|ik wil dood|wil er niet meer zijn)\b"),
    dict(name="vermissing-tekens", cls="vermissing", sub="persoon-in-nood", lasting=True, p=
         r"\b((zoon|dochter|zoontje|dochtertje|kind|kindje|neefje|nichtje|broertje|zusje|peuter|kleuter|"
         r"tweeling|kinderen|jongetje|meisje|jongen) (\w+ ){0,6}(is |zijn )?(weggelopen|weg uit|niet thuisgekomen|"
         r"niet thuis gekomen|niet thuis|nog niet thuis|niet teruggekomen|niet terug|kwijtgeraakt|zoekgeraakt|"
         r"kwijt|zoek|vermist|lost|missing)|(loopt|lopen|staat|zit) (\w+ ){0,2}"
         r"alleen te huilen|nergens (de )?ouders|(kwijt|zoek) bij (de|het) (intocht|kermis|markt|strand|"
         r"festival|optocht|winkelcentrum)|(is|are|is) (lost|missing)|(lost|missing) (child|kid|son|daughter|"
         r"boy|girl)|(didn'?t|did not|hasn'?t|has not|never) (come|came|got|get) home|should have been (home|here|back)|"
         r"had (al )?(\w+ ){0,3}thuis moeten zijn|met dementie (\w+ ){0,6}(de deur uit|weggelopen|weg|kwijt)|weet niet waar (hij|ze|zij) woont)\b"),
    dict(name="water-tekens", cls="water", sub="persoon-in-nood", p=
         r"\b((in|van) (de|het) (vijver|sloot|gracht|vaart|kade|kant|rivier|meer|plas|water|haven|kanaal|"
         r"singel|steiger) (\w+ ){0,2}(gevallen|gevalle|gesprongen|gegleden|te water)|(het water|de gracht|de sloot|"
         r"de vaart|het kanaal|de vijver|de haven|de rivier) in (gereden|gerold|gefietst|gegleden)|(niet meer|nog niet) "
         r"(boven(komen|kome|gekomen)|te zien in het water)|meegesleurd door (de )?(stroming|stroom|golven)|"
         r"(weggedreven|afgedreven|drijft weg)|(boot|kano|sup|bootje|zeilboot) (\w+ )?(omgeslagen|gekapseisd|"
         r"zinkt|gezonken)|in het water zonder (zwemvest|zwemvesten)|(erdoor|er doorheen|door het ijs) "
         r"(gezakt|gezakt|gegaan|gevallen)|hangt aan de (rand|kant|kade)|kan zich niet (meer )?vasthouden|"
         r"(roept|schreeuwt) (om )?help (\w+ ){0,4}(water|rivier|sloot|vijver|gracht)|"
         r"(sprong|springt|sprongen|viel|valt|gleed|glijdt|reed|rijdt|fietste) (\w+ ){0,2}(het|de) (water|kanaal|sloot|"
         r"gracht|vijver|rivier|plas|haven|vaart|singel|zee) in\b.{0,80}\b((er ?achter ?aan|erachteraan)|(zie|zien|zag) "
         r"(ik |we |wij |je )?(hem|haar|ze|hen|niemand|de \w+|geen van (beiden|beide|allebei)) (\w+ ){0,4}(niet meer|"
         r"nergens( meer)?|meer)\b)|(in|van) (de|het) (water|kanaal|sloot|gracht|vijver|rivier|plas|haven|zee)\b.{0,60}"
         r"\b(zie|zien|zag) (ik |we |wij )?(hem|haar|ze|hen|niemand|geen van (beiden|beide)) (\w+ ){0,3}"
         r"(niet meer|nergens( meer)?|meer)\b|(fell|jumped|fallen) in(to)? the (water|canal|river|lake|pond|sea|"
         r"harbou?r)|(can'?t|cannot|doesn'?t) swim|going under|"
         r"(swimmer|someone|person|man|woman|kid|child|boy|girl) (\w+ ){0,2}(in trouble|struggling) (\w+ ){0,3}"
         r"(water|lake|sea|canal|river|pond|beach))\b"),
    dict(name="voertuig-tekens", cls="verkeer", sub="verkeer", present_tense=True, p=
         r"\b((dronken|bezopen|stomdronken|zat|onder invloed) (\w+ ){0,6}(stapt in|rijdt weg|achter het stuur|"
         r"gaat rijden|rijdt)|(slingert|zwalkt) (\w+ )?(van links naar rechts|over de weg|over de rijbaan)|"
         r"(kan|kon) (niet (eens )?meer|nauwelijks) (op (zijn|z'n|haar) benen )?(staan|lopen)\b.{0,60}\b(stapt (nu )?in|"
         r"achter het stuur|gaat rijden|wil (weg)?rijden|rijdt weg|start (nu )?(de|zijn|haar) (auto|motor|scooter))|"
         r"(raakte|raakt|schept|ramde|ramt) (net )?(bijna )?(een|de|het) (fietser|voetganger|kind|paaltje|"
         r"fietsers|voetgangers|geparkeerde)|rijdt gewoon door(?! (rood|door het rode|bij rood))|remmen (zijn |doen het )?(kapot|niet)|"
         r"(staat|stond|staan) (\w+ ){0,3}stil op (de|het) (spoorwegovergang|overweg|spoor)|bomen gaan dicht|"
         r"tegen (het|de) (verkeer|rijrichting) in\b.{0,40}\b(snelweg|ringweg|ring|rijksweg|provinciale weg|a\d+|"
         r"n\d+|(bijna )?frontaal)|(snelweg|ringweg|rijksweg|provinciale weg|a\d+|n\d+)\b.{0,40}\btegen (het|de) "
         r"(verkeer|rijrichting) in|"
         r"(rijdt|rijden|reed|stuur)\b.{0,100}\b(zo zat|stomdronken|straalbezopen|dronken|bezopen|onder invloed)\b|"
         r"(losgeslagen|losgeraakte|verloren) (\w+ ){0,2}(aanhanger|aanhangwagen|caravan|lading|paard|paarden|"
         r"koe|koeien)|(midden op|op) de (snelweg|a\d+|n\d+|ringweg|provinciale weg|rijbaan)\b.{0,60}\b(uitwijken|"
         r"uitwijkt|geen (licht|lichten|verlichting))|"
         r"(meegesleurd|meegesleept)|(raast|scheurt|racet) (\w+ ){0,4}(door de woonwijk|zonder licht|met (zeker )?"
         r"\d+)|(scheurt|rijdt|crost|racet) (\w+ )?(rondjes )?over het schoolplein|spookrijder|"
         r"tussen de deur (zit|bekneld|vast)|"
         r"(auto|vrachtwagen|bus|busje|wagen|truck|aanhanger|aanhangwagen|caravan|bestelbus|tram|hij|ie) (\w+ ){0,3}"
         r"(rolt|rolde|glijdt|te rollen|rollen) (\w+ ){0,4}(zonder (chauffeur|bestuurder|iemand erin)|de (helling|"
         r"dijk|heuvel|oprit|straat) af|richting (de |het )?(mensen|markt|kinderen|school|schoolplein|speeltuin|"
         r"terras|water|gracht))|(chauffeur|bestuurder) (ligt|hangt|zakt) (\w+ )?(over|op) (het|zijn|haar) stuur|"
         r"zonder (chauffeur|bestuurder) (\w+ ){0,3}(rolt|rijdt|de helling af))\b"),
    dict(name="val-van-hoogte", cls="letsel", sub="persoon-in-nood", unless_in_sentence=False, p=
         r"\b((\w+ )(is |zijn )?(van|uit|door) (de |het |een |zijn |haar |z'n )?(steiger|dak|ladder|balkon|"
         r"raam|trap|boom|stellage|hoogwerker|brug|viaduct|klimrek|glijbaan|muur|schutting|paard|dakrand|"
         r"galerij|flat|lift ?schacht|trapgat) (af )?(gevallen|gevalle|gestort|gedonderd|geflikkerd|gekukeld|"
         r"geknald|afgegleden|afgevallen|gesprongen)|(valt|viel|stortte|donderde|kukelde) (\w+ )?(van|uit) "
         r"(de|het|een|zijn|haar) (steiger|dak|ladder|balkon|raam|trap|boom|hoogwerker|galerij|flat)\b|"
         r"(fell|fallen) (off|from) (the|a) (scaffold\w*|roof|ladder|balcony|window|stairs)\b)",
         unless=r"\b(" + _ANIMAL + r"|dakpan\w*|pannen|tak|takken|stenen|steen|goot|dakgoot|bord|lamp|"
                r"bloempot\w*|spullen|fiets|bal|pot|glas|stukken|brokken|onderdelen|kozijn|bladeren|sneeuw|"
                r"ijs|vlag|antenne|schotel|kerstboom|kerstverlichting|plant|planten)\w* (is |zijn )?(van|uit|door)"),
    dict(name="hoogte", cls="letsel", sub="persoon-in-nood", present_tense=True, p=
         r"\b((klimt|klimmen|zit|zitten|hangt) (\w+ ){0,2}(in|op) (de |een )?(lantaarnpaal|mast|"
         r"hoogspanningsmast|zendmast|bouwkraan|kraan|steiger|reling)|denkt dat (hij|ze|zij|ie) kan vliegen|"
         r"roept dat (hij|ze|zij|ie) kan vliegen)\b"),
    dict(name="brand-tekens", cls="brand", sub="brand", present_tense=True, p=
         r"\b(heidebrand|natuurbrand|duinbrand|bosbrand|vat vlam|vatte vlam|vlam gevat|"
         r"(barbecue|bbq|vuurkorf|kaars|kaarsen|kachel|terrasverwarmer) (\w+ ){0,4}(omgevallen|omgegooid|valt om|viel om)|"
         r"(smeult|smeulen|smeulde) (nu )?(\w+ ){0,2}(zonnescherm|dak|gordijn|gordijnen|schuur|bank|matras|"
         r"balkon|tuinhek|schutting|heg)|"
         r"gasfles (\w+ ){0,8}(lekt|sist|lek|sissen)|(lekt|sist) (\w+ ){0,3}gas|pakketje met (draadjes|draden)|"
         r"(draadjes|draden) (\w+ ){0,3}(onder de auto|aan een pakket))\b"),
    # round 8: Frisian, the second official language; a few words for each kind of danger, read with
    # the same negation ("gjin", "nimmen") and tense ("juster", "ferline wike") as Dutch
    dict(name="frysk-brand", cls="brand", sub="brand", p=r"\b(yn ('?e|de) bran|bran (yn|by|op|oan))\b"),
    dict(name="frysk-water", cls="water", sub="persoon-in-nood", p=
         r"\b(ferdrinkt|ferdrinke|fersupt|fersupe|(yn|in) (it|'t|de|'e) (wetter|feart|mar|sleat|kanaal|haven) "
         r"(\w+ ){0,2}(fallen|sprongen|rekke|riden)|komt net (mear )?boppe)\b"),
    dict(name="frysk-letsel", cls="letsel", sub="persoon-in-nood", p=
         r"\b(bewusteleas|sykhel+et (hast |amper )?net|slim ferwune|ferwune|ferwunen|bloedet|hertoanfal)\b"),
    dict(name="frysk-ynbraak", cls="misdrijf-nu", sub="inbraak", p=
         r"\b(ynbrekker\w*|ynbraak|(brekke|brekt|brekken) (\w+ ){0,2}yn)\b"),
    dict(name="frysk-fermist", cls="vermissing", sub="persoon-in-nood", lasting=True, p=
         r"\b((myn|us|har|syn|ien|in) (lyts |lytse )?(bern|jonkje|famke|soan|dochter|pakesizzer) (\w+ ){0,2}(kwyt|fuort|"
         r"fermist|weirekke|net thus kommen))\b"),
    dict(name="frysk-geweld", cls="geweld", sub="geweld-bedreiging", p=
         r"\b(stekt|stutsen|sketten|sjit (op|nei)|driget (\w+ ){0,3}(dea|te stekken|te sjitten)|slacht (my|har|him|us)|"
         r"wurdt slein|untfierd|untfiere)\b"),
    dict(name="english", cls="hulp", sub="persoon-in-nood", p=
         r"\b(help(?= ?!)|help (me|us|please|now|him|her)\b(?! (find|with|to))|please help|need help|send help|"
         r"hurry|emergency|ambulance|police|bleeding|unconscious|not breathing|stabbed|knife|gun|"
         r"shot|shooting|drowning|threatening|threaten|kidnapped|fire|is lost|is missing|attack(ed|ing)?|"
         r"beating|fighting|robbery|break[- ]?in|overdose|heart attack|suicide|kill (me|him|her|himself|"
         r"herself|myself)|someone (is )?(inside|in) (the |our |my |their |his |her )?(\w+'?s? )?(house|home|flat|"
         r"apartment|shop|store|garage|shed)|breaking in(to)?|burglars?|intruders?|(pulled|dragged|forced|pushed|"
         r"grabbed|stuffed|shoved|thrown) (\w+ ){0,2}into (a|the|his|their|her) (car|van|vehicle|trunk|boot)|kidnap\w*|(pulled|dragged|yanked|thrown) (\w+ ){0,2}out of (a|the|his|her|their) (car|van|truck|cab|vehicle)|(being|getting|is being) (robbed|mugged)|mugging|(snatched|grabbed|ripped|yanked) (his|her|my|their) (bag|purse|phone|handbag)|(walking|standing|lying|"
         r"wandering|sitting|running) (\w+ )?on the (tram ?tracks|tracks|railway|rails|highway|motorway|road)|"
         r"(he|she|they|lady|man|woman|person|guy|someone|kid|child) (\w+ ){0,3}(is not responding|doesn'?t "
         r"respond|does not respond|not responding|unresponsive)|drunk driv\w*|smells? (of |like )?gas|gas leak|"
         r"(car|van|truck|scooter) .{0,30}(into|towards|through) (the )?(people|crowd|kids|children))\b",
         unless=r"\b(fire ?works?|police (did|never|didn't)|gun ?salute|(is|echt|zo|super|heel|gewoon) fire)\b"),
    # ---- people may be at risk (never certain on their own): the chat asks, the API flags
    dict(name="mogelijk-letsel", cls="letsel", sub="persoon-in-nood", level=UNSURE, p=
         r"\b(" + _PERSON + r" (is |was |zijn )?(gewond|bloedt|bloedde|gevallen|onwel)|"
         r"ligt (er |daar |hier )?(een )?(man|vrouw|iemand|persoon|jongen|meisje|kind|oude man|oude vrouw) "
         r"(\w+ ){0,2}(op straat|op de stoep|op de grond|in de struiken|in het gras|in de goot|op het fietspad)|"
         r"(man|vrouw|iemand|persoon|jongen|meisje|kind) ligt (al (een tijd|uren|lang) )?(daar |hier )?"
         r"(op straat|op de stoep|op de grond|in de struiken|in het gras|op een bankje|in de goot|"
         r"op het fietspad)|ambulance|ongeluk gebeurd|ongeluk met|aanrijding met)\b",
         unless=r"\b(blikschade|alleen (blik)?schade|slaapt|te slapen|ligt te slapen|zwerver|dakloze|"
                r"daklozen|aanrijding met (een )?(paaltje|lantaarnpaal|hek|vangrail|geparkeerde auto)|"
                r"ambulance(post|personeel|s)? .{0,20}(parkeert|staat|sirene|sirenes|herrie|lawaai))\b"),
    dict(name="mogelijk-geweld", cls="geweld", sub="geweld-bedreiging", level=UNSURE, p=
         r"\b(ruzie .{0,40}(klappen|geschreeuw|gegil|gillen|slaan|geweld|duwen|duwt)|(geschreeuw|gegil|"
         r"gillen|gilt|schreeuwt|schreeuwen) .{0,40}(klappen|gebonk|help|pijn|slaan|ruzie)|"
         r"agressief .{0,30}(tegen|naar) " + _PERSON + r"|" + _PERSON + r" (werd |is |wordt )?"
         r"(geduwd|geslagen|geschopt|getrapt|bespuugd)|klap gegeven|dreigde|dreigden|gedreigd|dreigend|"
         r"achtervolgd|achtervolgt|volgt (mij|ons|haar|hem)|volgen (mij|ons|haar|hem)|"
         r"(huilt|huilen|gilt|gillen|roept|roepen|schreeuwt|schreeuwen|smeekt) .{0,12}(niet doen|hou op|laat me los)|"
         r"(niet doen|hou op|laat me los)'?,? (\w+ ){0,3}(roept|roepen|gilt|gillen|schreeuwt|schreeuwen|smeekt)|"
         r"(klappen|gebonk|bonken|gestommel) .{0,50}(huilt|huilen|jankt))\b",
         unless=r"\b(vuurwerk|carbid|oud en nieuw|oudejaarsavond|knalpot|knalpotten|uitlaat|"
                r"deur(en)? (dicht)?klappen|klapperen|klappert|deuren slaan|" + _ANIMAL + r"|"
                r"(bouw|werkzaamheden|heipalen|machines|container|glasbak|band|banden)\w*)\b"),
    dict(name="mogelijk-brand", cls="brand", sub="brand", level=UNSURE, habit_is_nuisance=True, p=
         r"\b(rook|rookt|rooklucht|smeulen|smeult|smeulend|vuur|vonken|rookmelder|brandend|brandende)\b",
         unless=r"\b(sigaret\w*|joint\w*|wiet|hasj|shisha|waterpijp|barbecue\w*|bbq\w*|open haard|houtkachel|"
                r"kachel|vuurkorf|kampvuur|houtstook|stook|stoken|rokers|rokende|roken|rookoverlast|"
                r"rookvrij|vuurwerk|vuurtje|vuurtjes|vuurrood|vuurvast|vuurtoren|lamp|lampen|lantaarn|"
                r"lantaarnpaal|straatlamp|straatlampen|verlichting|licht|kaars|kaarsen|rookmelder (test|"
                r"batterij|ophangen)|batterij|stank|stinkt|bakkerij|restaurant|houtoven|oven|shoarma\w*|snackbar|"
                r"afzuiging|pizzeria|grill|zaak|rookworst|rookvlees|gerookt|oud en nieuw|oudjaar|verbrand|verbrandt|snoeiafval|"
                r"zwartgeblakerd\w*)\b"),
    dict(name="mogelijk-water", cls="water", sub="persoon-in-nood", level=UNSURE, p=
         r"\b((kind|kinderen|kindje|kindjes|peuter|peuters|kleuter|kleuters|jongetje|meisje|baby) "
         r"(speelt|spelen|zit|zitten|staat|staan|loopt|lopen|ligt|liggen|is|zijn|klimt|klimmen) .{0,20}"
         r"(in " + _WATER + r"|op het ijs|aan de waterkant|bij " + _WATER + r"|op de rand van " + _WATER + r")|"
         r"(mensen|iemand|jongeren|jongens) .{0,20}op het ijs .{0,30}(dun|scheur|kraakt|breekt|wak))\b"),
]

RULES: list[SafetyRule] = [
    SafetyRule(spec["name"], spec["cls"], spec["sub"], spec.get("life", True), re.compile(spec["p"]),
               re.compile(spec["unless"]) if spec.get("unless") else None, spec.get("lasting", False),
               spec.get("level", NOW), spec.get("unless_in_sentence", True), spec.get("present_tense", False),
               spec.get("habit_is_nuisance", False))
    for spec in _RULES_SPEC
]


# Harmless readings of danger words: when one is there and nothing dangerous, the text says it is
# not about danger, and the statistical models need to be very sure to call it urgent anyway.
_INNOCENT = re.compile(
    r"\b((lamp|lampen|lantaarn|lantaarnpaal|lantaarnpalen|straatlamp|straatlampen|licht|lichten|verlichting|"
    r"lampje|kaars|kaarsen)\b.{0,40}\b(brandt|branden|brand)|brandnetel\w*|schiet (niet|niks) op|"
    r"vuurwerk|houtkachel|open haard|barbecue\w*|bbq\w*|oud en nieuw ?vuur|oudejaarsvuur|vreugdevuur|rookmelder .{0,30}batterij|uitgebrand\w*|"
    r"blikschade|niemand (is |raakte |werd )?gewond|geen gewonden|(al )?geblust|is al uit|"
    r"(gewonde|aangereden|dode|zieke) " + _ANIMAL + r"|" + _ANIMAL + r" (\w+ ){0,2}(is |lijkt )?(gewond|aangereden)|"
    r"(ga|gaat|lag|lig) (\w+ )?(dood|kapot|krom) van het lachen|bijna een hartaanval|killer ?\w*)\b|" + _DEBUNK.pattern)
# The text itself says nothing is wrong now, or asks for what follows an event (a report to the
# police, cleaning up): like _INNOCENT, the statistical models then need to be very sure.
_NOT_NOW = re.compile(
    r"\b(niemand (is )?in gevaar|niet dringend|geen spoed|geen haast|(niks|niets) (meer )?aan de hand|"
    r"nu is er (niks|niets)|vraag voor later|(hoe|waar|wil|kan|moet) (\w+ ){0,3}aangifte|aangifte (doen|gedaan)|"
    r"laten vastleggen|wie ruimt (dat|het|dit|die) op|nothing (is )?(happening|going on) (right )?now|"
    r"no one (is )?(in danger|hurt)|not urgent)\b")


# Something that keeps happening ("elke avond", "al twee weken", "steeds") is a nuisance to deal with,
# not a person in danger now: when the patterns find no danger and nothing says "now", the statistical
# models need to be very sure (a danger the patterns do see keeps its level whatever the habits).
_RECURRING = re.compile(
    r"\b((elke|iedere) (dag|week|avond|nacht|ochtend|morgen|middag|keer|weekend|zaterdag|zondag|vrijdag|bui|winter|"
    r"zomer)|steeds weer|regelmatig|vaak|altijd|al (een|twee|drie|vier|vijf|\d+) (dagen|weken|"
    r"week|maanden|maand|jaar)|al (dagen|weken|maanden|jaren)|sinds (de zomer|weken|maanden|jaren)|"
    r"every (day|night|evening|morning|week)|for (weeks|months|years))\b")


# --------------------------------------------------------------------------------- assessment
@dataclass(frozen=True)
class Hit:
    rule: SafetyRule
    level: str            # NOW or UNSURE after negation and tense
    words: str            # the text that matched (normalised)


@dataclass(frozen=True)
class Assessment:
    level: str                              # NOW, UNSURE or NONE
    hits: tuple[Hit, ...] = field(default_factory=tuple)
    calmed: tuple[str, ...] = ()            # rules that matched but the text says: not now, over, none

    @property
    def rules(self) -> list[SafetyRule]:
        """The rules that make the text urgent now (the older `check` answer)."""
        return [h.rule for h in self.hits if h.level == NOW]

    @property
    def life(self) -> bool:
        return any(h.rule.life for h in self.hits if h.level == NOW)

    @property
    def danger(self) -> str:
        """NOW only for danger to life (112); an urgent-only rule that holds now (a drunk driver)
        and anything unsure is UNSURE: a person checks it first."""
        return NOW if self.life else UNSURE if self.level != NONE else NONE

    @property
    def danger_class(self) -> str | None:
        best = [h for h in self.hits if h.level == self.level]
        return best[0].rule.danger_class if best else None

    @property
    def words(self) -> list[str]:
        return [h.words for h in self.hits if h.level == self.level]


_DOUBT = re.compile(r"\b(weet (ik )?niet (zeker )?of|geen idee of|niet zeker of|twijfel of|of het)\s*$")
# "als er ooit brand komt", "wat moet ik doen als ik rook ruik": the danger is a supposition
_HYPOTHETICAL = re.compile(
    r"\b(als er( ooit| eens| nou| een keer| dan)?|(bij|in) (een|geval van) (nood|noodgeval|calamiteit)|in case of( an)? emergency|voordat( er)?|voor er|stel dat|voor het geval|mocht er|wat (moet|moeten|doe|doen|kan) "
    r"(ik|we|je|u)( eigenlijk| dan)?( doen)? als|what (should|do|can) (i|we) do (if|when))( \w+){0,3} ?$")
HYPOTHETICAL = "hypothetical"
_FIREWORK_DOUBT = re.compile(r"\b(vuurwerk|knalvuurwerk|carbid|of het schoten|weet niet wat het was)\b")


def _negation(norm: str, start: int) -> str | None:
    """NONE for a negated match ("geen gewonden", "niet geschoten"), UNSURE for a doubted one
    ("ik weet niet of er iemand gewond is"), HYPOTHETICAL for a supposed one ("als er ooit brand
    komt"), else None."""
    if _HYPOTHETICAL.search(norm[max(0, start - 80):start]):
        return HYPOTHETICAL
    window = norm[max(0, start - 40):start]
    if _DOUBT.search(" ".join(window.split()[-5:])) or _DOUBT.search(" ".join(window.split()[-4:-1])):
        return UNSURE
    before = window.split()[-3:]
    for i, w in enumerate(before):
        if w.strip("!?.,") in _BUT or w.endswith((",", ".", "!", "?")):
            before = before[i + 1:]     # "krijgt hem niet los, het kind bloedt": not negated
    return NONE if any(w.strip("!?.,") in _NEGATORS for w in before) else None


def _clause(norm: str, start: int, end: int) -> str:
    """The sentence around a match: tense and 'it is over' are read there, not in the whole text."""
    left = max(norm.rfind(". ", 0, start), norm.rfind("? ", 0, start), norm.rfind("! ", 0, start))
    rights = [i for i in (norm.find(". ", end), norm.find("? ", end), norm.find("! ", end)) if i >= 0]
    return norm[left + 1 if left >= 0 else 0:min(rights) if rights else len(norm)]


def _excused(rule: SafetyRule, norm: str, match: re.Match, clause: str) -> bool:
    """An 'unless' match that overlaps this match (for a certain rule) or sits in its sentence
    (for a rule that is unsure anyway) excuses it: "de lamp brandt niet", "katten vechten"."""
    if rule.unless is None:
        return False
    if rule.unless_in_sentence:
        return bool(rule.unless.search(clause))
    return any(u.start() < match.end() and match.start() < u.end() for u in rule.unless.finditer(norm))


# a person's injury or illness outlasts the event that caused it ("de ruzie is al voorbij maar hij
# ligt nog steeds op de grond"): a present-tense word in its sentence beats "it is over"
_STATES = frozenset({"letsel", "medisch"})


def _present(text: str) -> bool:
    """A present-tense marker outside the phrases that say it is over ("nu is er niks aan de hand")."""
    return bool(_PRESENT.search(_STILL_MISSING.sub(" ", _REQUEST_NOW.sub(" ", _OVER.sub(" ", text)))))


def _level_of(rule: SafetyRule, norm: str, match: re.Match, clause: str) -> str:
    # a sentence that dates its event ("gisteren lag er een bewusteloze man") is over unless it says
    # "now" itself: a "nu" in another sentence ("nu liggen er nog handschoenen") is about something else
    present = _present(clause) or (_present(norm) and not _DATED.search(clause))
    still = rule.lasting or (rule.danger_class in _STATES and _present(clause))
    if (_OVER.search(clause) or _STAGED.search(clause) or _DEBUNK.search(norm)) and not (present and still):
        return UNSURE if rule.lasting else NONE
    if rule.habit_is_nuisance and _RECURRING.search(norm) and not _present(norm):
        return NONE
    past = bool(_PAST.search(clause)) and not present and not rule.present_tense
    if rule.level == UNSURE or (rule.level == IF_PRESENT and not present):
        return NONE if past and not rule.lasting else UNSURE
    if past:
        return UNSURE if rule.lasting else NONE
    if rule.danger_class == "wapen" and _FIREWORK_DOUBT.search(clause):
        return UNSURE       # "knallen, vuurwerk of schoten?"
    return NOW


def assess(text: str) -> Assessment:
    """How much danger to people *text* describes (see the module's docstring)."""
    norm = normalise(text)
    hits, calmed = [], []
    for rule in RULES:
        best, dismissed = None, False
        for match in rule.pattern.finditer(norm):
            clause = _clause(norm, match.start(), match.end())
            if _excused(rule, norm, match, clause):
                continue
            negation = _negation(norm, match.start())
            if negation == NONE or (negation == HYPOTHETICAL and not rule.lasting):
                dismissed = True
                continue
            level = _level_of(rule, norm, match, clause)
            dismissed = dismissed or level == NONE
            if negation in (UNSURE, HYPOTHETICAL) and level == NOW:
                level = UNSURE
            if level != NONE and (best is None or level == NOW):
                best = Hit(rule, level, match.group(0).strip())
                if level == NOW:
                    break
        if best is not None:
            hits.append(best)
        elif dismissed:
            calmed.append(rule.name)
    if _INNOCENT.search(norm):
        calmed.append("onschuldig")
    if _NOT_NOW.search(norm):
        calmed.append("niet-nu")
    if _RECURRING.search(norm) and not _present(norm):
        calmed.append("terugkerend")
    level = NOW if any(h.level == NOW for h in hits) else UNSURE if hits else NONE
    return Assessment(level, tuple(sorted(hits, key=lambda h: LEVELS.index(h.level), reverse=True)),
                      tuple(calmed))


def check(text: str) -> list[SafetyRule]:
    """The safety rules that make *text* urgent now (empty list when none)."""
    return assess(text).rules
