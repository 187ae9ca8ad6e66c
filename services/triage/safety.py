"""Explicit Dutch keyword/pattern safety net for urgent and life-threatening reports.

The statistical model may miss a rare phrasing; these patterns may not. Every pattern is
tested in tests/unit/test_triage.py. A hit makes the proposal urgent; a hit on a pattern
with ``life=True`` also sets ``life_threatening`` (the intake then advises to call 112).

"Life-threatening" here follows the 112 criterion: danger to life or health (violence,
weapons, fire, gas, someone unconscious, drowning, suicidal) or a serious crime in progress
(burglary or robbery happening now).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class SafetyRule:
    name: str
    sub_slug: str  # the police sub category this situation belongs to
    life: bool
    pattern: re.Pattern
    unless: re.Pattern | None = None


# a few SMS spellings, mapped back so both the patterns and the model see one form
_SMS = {"zyn": "zijn", "zn": "zijn", "mn": "mijn", "m'n": "mijn", "z'n": "zijn", "nie": "niet", "egt": "echt",
        "ff": "even", "n": "een", "t": "het", "iemnd": "iemand", "wrdt": "wordt", "gwn": "gewoon",
        "poli": "politie", "dr": "er", "snachts": "'s nachts", "savonds": "'s avonds"}


def normalise(text: str) -> str:
    """Lower case, accents removed, letters repeated 3+ times reduced to 2, common SMS
    spellings written out, single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)
    text = re.sub(r"[^\w!?.,'-]+", " ", text)
    return " ".join(_SMS.get(w, w) for w in text.split())


_NOT = r"(?<!geen )(?<!niet )"
# words for "a person"; used to keep 'aangereden kat' or 'de gemeente reageert niet' out
_PERSON = (r"(iemand|persoon|man|vrouw|meneer|mevrouw|jongen|meisje|kind|kindje|baby|peuter|fietser|"
           r"voetganger|bejaarde|oudere|buurman|buurvrouw|opa|oma|moeder|vader|zoon|dochter|hij|zij|ze|"
           r"jongen|scholier|vriend|vriendin)")
_NOW = r"(nu|op dit moment|momenteel|op heterdaad|zojuist|net|bezig|nog binnen|zijn binnen|is binnen|zitten binnen)"

_RULES_SPEC: list[tuple[str, str, bool, str]] = [
    # ---- fire, smoke, gas, explosion
    ("brand", "brand", True,
     _NOT + r"\b(brand|brandje|uitslaande brand|woningbrand|autobrand|containerbrand|bermbrand|binnenbrand|"
     r"buitenbrand|in (de )?fik|fikkie|vlammen|vlam in de pan|steekvlam|brandlucht|rookontwikkeling|rookwolk|"
     r"zwarte rook|veel rook|rook komt|rook uit)\b"),
    ("brandt", "brand", True,
     r"\b(huis|woning|auto|schuur|container|flat|dak|keuken|scooter|schuurtje|garage|pand|boot|bus|"
     r"prullenbak|afvalbak|bosje|berm)\w* (staat te |staat |is )?(in brand|brandt|brand)\b"),
    ("gas", "brand", True,
     r"\b(gaslucht|gaslek|ruik(en)? (ik |we )?gas|stinkt naar gas|koolmonoxide|co melder|ontploffing|"
     r"explosie|ontploft|explosief|bom)\b"),
    # ---- violence and weapons
    ("wapen", "geweld-bedreiging", True,
     _NOT + r"\b(mes|messen|steekwapen|machete|bijl|pistool|vuurwapen|vuurwapens|geweer|wapen|wapens|"
     r"honkbalknuppel|knuppel|schietpartij|steekpartij|geschoten|schieten|schoten|neergeschoten|"
     r"neergestoken|doodgestoken|gestoken met)\b"),
    ("geweld", "geweld-bedreiging", True,
     _NOT + r"\b(vechtpartij|vechten|vecht|vechtend|gevochten|knokpartij|knokken|mishandeld|mishandelt|mishandeling|"
     r"mishandelen|in elkaar (geslagen|getrapt|geschopt|slaan|trappen)|slaan (er )?op (hem|haar|iemand)|"
     r"huiselijk geweld|aangevallen|overval|overvallen|beroofd|beroving|gijzel\w*|ontvoer\w*|verkracht\w*|"
     r"aanranding|wurgt|wurgen|gewurgd|dreigt (hem |haar |mij |ons )?(te )?(vermoorden|dood te maken|neer te steken)|"
     r"gaat (hem|haar|me|mij|ons) vermoorden)\b"),
    ("slaan", "geweld-bedreiging", True,
     r"\b(slaat|schopt|slaan|schoppen|sloeg|schopte|steekt|stak) ((zijn|haar|een|de|mijn|die|dat|hun) )?"
     r"(vrouw|man|kind|kinderen|vriendin|vriend|moeder|vader|zoon|dochter|iemand|jongen|meisje|hem|haar|"
     r"buurvrouw|buurman|persoon|mensen|elkaar|vrouwtje|meneer|mevrouw)\b|"
     r"\b(slaat|schopt|sloeg|schopte) (hij|ze|zij) (haar|hem|zijn|z'n|mijn|de|het|hun)\b"),
    # ---- person in danger
    ("bewusteloos", "persoon-in-nood", True,
     _NOT + r"\b(bewuste?n?lo+s+|buiten bewustzijn|niet aanspreekbaar|onaanspreekbaar|roerloos|ademt niet|"
     r"geen ademhaling|hartaanval|hartstilstand|reanim\w*|epileptische aanval|stikt|stikken|"
     r"zwaargewond|zwaar gewond|bloedt (heel |erg |hevig |enorm )?|bloedend|veel bloed|onwel|"
     r"in elkaar gezakt|ingestort op straat)\b"),
    ("gevallen", "persoon-in-nood", True,
     r"\b(gevallen|op (de )?grond|onderuit gegaan)\b.{0,40}\b(kan niet (meer )?(op ?staan|overeind( komen)?)|"
     r"komt niet (meer )?overeind|kan niet meer lopen)\b"),
    ("beweegt-niet", "persoon-in-nood", True,
     r"\b" + _PERSON + r"\b.{0,60}\b(op (de )?grond en (reageert|beweegt) niet|beweegt niet|niet (meer )?beweegt|ademt niet|niet (meer )?ademt|"
     r"reageert niet( meer)?(?! op (mijn|onze|de|m'n|mn) (melding|meldingen|bericht|berichten|mail|mails|brief|klacht|telefoon|appjes))|"
     r"reageert nergens (meer )?op|nergens (meer )?op reageert|niet (meer )?reageert|"
     r"ligt te bloeden|ligt bloedend)\b"),
    ("water", "persoon-in-nood", True,
     r"\b(verdrinkt|verdrinken|verdrinking|verdronken|te water geraakt|in het water gevallen|in de sloot gevallen|"
     r"in de vijver gevallen|in de gracht gevallen|door het ijs (gezakt|gezakt|gevallen)|door het ijs|"
     r"ligt in het water|drijft in het water|in het water gesprongen|kopje onder)\b"),
    ("suicide", "persoon-in-nood", True,
     r"\b(zelfmoord|suicide|suicid\w*|zichzelf (iets )?aan ?doen|zich iets aan(doen| te doen)|"
     r"eind aan (zijn |haar |mijn )?leven|van het leven beroven|dreigt te springen|wil springen|"
     r"(dreigt|wil|gaat) (van (de|het) (brug|dak|flat|balkon) )?(af )?(te )?springen)\b"),
    ("aanrijding", "persoon-in-nood", True,
     _NOT + r"\b(" + _PERSON + r" (is )?(aangereden|geschept|overreden)|aanrijding met (gewonden|letsel)|"
     r"er zijn gewonden|gewonden|ligt (gewond )?op de weg|zwaar ongeluk|ernstig ongeluk)\b"),
    ("kind", "persoon-in-nood", True,
     r"\b((kind|kindje|baby|peuter|hond) (alleen |opgesloten )?in (een |de )?(hete |warme |afgesloten )?auto|"
     r"(kind|kindje|peuter|dochter|zoon|zoontje|dochtertje) (is )?(vermist|kwijt|zoek|weg ?gelopen)|"
     r"(kind|kindje|peuter) (loopt |zwerft )?alleen (langs|bij|op|in) (het water|de weg|straat|de sloot))\b"),
    ("hulp", "persoon-in-nood", True,
     r"\b(roept om hulp|schreeuwt om hulp|gillen om hulp|zwaait om hulp|hulpgeroep|help me|help mij|ambulance|112)\b"),
    # ---- crime in progress
    ("inbraak-nu", "inbraak", True,
     r"\b((wordt|word|worden) (nu |net |op dit moment )?ingebroken|"
     r"(inbrekers?|dieven|insluipers?) (zijn |is |zit |zitten )?(nu |nog )?(binnen|bezig|in het huis|in de tuin|op het dak)|"
     r"(inbrekers?|dieven|insluipers?)\b.{0,40}\b(zijn|is|zit|zitten) (nu |nog )?(binnen|bezig|in het huis)|"
     r"(breken|breekt|inbreken|inbreekt|ingebroken)\b.{0,40}\b" + _NOW + r"|"
     + _NOW + r"\b.{0,40}\b(inbreken|ingebroken|inbreker|inbrekers|breken in|breekt in)|"
     r"(proberen|probeert|probeerde) .{0,40}(open te breken|in te breken|te forceren|open te wrikken)|"
     r"(ramen|raam|deur|achterdeur) (wordt |worden )?(nu )?(ingetrapt|opengebroken|geforceerd))\b"),
    ("diefstal-nu", "diefstal", True,
     r"\b((steelt|stelen|jatten|jat) (nu|op dit moment|net)|(nu|op dit moment) .{0,30}(te stelen|aan het stelen|stelen)|"
     r"(op dit moment|momenteel|op heterdaad)\b.{0,40}\b(gestolen|gejat|stelen|jatten)|"
     r"(wordt|worden) (nu|net|op dit moment) .{0,30}(gestolen|gejat)|"
     r"(zijn|is) (nu )?.{0,20}aan het (stelen|jatten|inbreken))\b"),
    ("dronken-bestuurder", "verkeer", False,
     r"\b(dronken (bestuurder|automobilist|chauffeur)|rijdt onder invloed|slingerende auto|spookrijder)\b"),
]

# a rule does not fire when its 'unless' pattern matches (animals fighting, a game, ...)
_UNLESS = {
    "geweld": r"\b(katten|kat|katers|honden|hond|meeuwen|ganzen|duiven|vogels|eenden|zwanen)\b.{0,20}"
              r"\b(vecht|vechten|gevochten|vechtend)\b|\b(vechtsport|kussengevecht|spelletje)\b",
    "wapen": r"\b(mes en vork|botermes|waterpistool|speelgoed ?(pistool|geweer|wapen)|nep ?(pistool|wapen))\b",
}
RULES: list[SafetyRule] = [
    SafetyRule(n, s, life, re.compile(p), re.compile(_UNLESS[n]) if n in _UNLESS else None)
    for n, s, life, p in _RULES_SPEC
]


def check(text: str) -> list[SafetyRule]:
    """Return the safety rules that match *text* (empty list when none)."""
    norm = normalise(text)
    return [rule for rule in RULES
            if rule.pattern.search(norm) and not (rule.unless and rule.unless.search(norm))]
