"""Pseudonymise Dutch free text: identifiers become placeholders before text leaves the staff.

    pseudonymise("mijn buurman Jan de Vries (06-12345678)") == "mijn buurman [NAAM] ([TELEFOON])"

Replaced: e-mail addresses [E-MAIL], IBAN [IBAN], BSN (only numbers that pass the 11-proef) [BSN],
Dutch phone numbers [TELEFOON], postcodes [POSTCODE], licence plates in all 14 sidecodes
[KENTEKEN], a street with a house number (and "huisnummer 12", "op nummer 12") [ADRES], and
person names [NAAM]. A street name without a number stays: it says where the problem is, not who.

Names are the hard part; the rules (no model, every decision explainable):
- after a title or relation word ("mevrouw", "dhr.", "buurman", "mijn zoon", "genaamd", "groet")
  the name that follows, also in lower case when it is a known first name or surname;
- initials with a surname ("J. de Vries", "A.B. Jansen");
- a known first name written with a capital, with what follows of the name ("Jan de Vries");
- a known surname ("Jansen", "van Dijk"), except surnames that are also words ("Bakker", "Bos"),
  which need a title, a first name or initials before them;
- a lower-case known first name followed by a known surname ("kees bakker", "jan de vries").
Street names of the region (its street list, docs/region.md) and words that end
like a street ("...straat", "...laan") are never taken for a name.

Recall and false replacements on a hand-written set: bench/pseudonymisation_recall.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from services.gazetteer import street_names

DATA = Path(__file__).resolve().parent / "data"
PLACEHOLDERS = ("[NAAM]", "[TELEFOON]", "[E-MAIL]", "[KENTEKEN]", "[ADRES]", "[POSTCODE]", "[BSN]", "[IBAN]")
KINDS = tuple(p.strip("[]") for p in PLACEHOLDERS)

# --- the fixed-form identifiers ----------------------------------------------------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
IBAN_NL = re.compile(r"\bNL ?\d{2} ?[A-Z]{4} ?\d{4} ?\d{4} ?\d{2}\b", re.IGNORECASE)
IBAN_ANY = re.compile(r"\b[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)\b")
BSN = re.compile(r"(?<![\d.,-])(?:\d{9}|\d{4}[. ]\d{2}[. ]\d{3}|\d{3}[. ]\d{3}[. ]\d{3})(?!\d|[.,]\d)")
_SEP = r"(?: ?[-.]? ?)"
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)31" + _SEP + r"(?:\(0\)" + _SEP + r")?|0)[1-9](?:" + _SEP + r"\d){8}(?!\d)"
    r"|\(0\d{1,3}\) ?\d(?:[ -]?\d){5,7}(?!\d)")
POSTCODE = re.compile(r"\b[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}\b|\b[1-9]\d{3}(?!sa|sd|ss)[a-z]{2}\b")
# Sidecodes 1-14 (L = letter, 9 = digit), see RDW "Kentekens": 1 LL-99-99 ... 14 999-LL-9.
SIDECODES = ("LL-99-99", "99-99-LL", "99-LL-99", "LL-99-LL", "LL-LL-99", "99-LL-LL", "99-LLL-9", "9-LLL-99",
             "LL-999-L", "L-999-LL", "LLL-99-L", "L-99-LLL", "9-LL-999", "999-LL-9")


def _plate_pattern(separator: str) -> str:
    def shape(code: str) -> str:
        return separator.join("".join("[A-Z]" if c == "L" else r"\d" for c in group) for group in code.split("-"))
    return r"(?<![\w-])(?:" + "|".join(shape(code) for code in SIDECODES) + r")(?![\w-])"


PLATE_DASHED = re.compile(_plate_pattern("-"), re.IGNORECASE)        # "ab-123-c" is a plate too
PLATE_PLAIN = re.compile(_plate_pattern("[ ]?"))                      # "AB123C", "AB 123 C": capitals only

HOUSE_NUMBER = r"\d{1,4}(?:-?[A-Za-z](?![\w]))?(?:[-/]\d{1,4})?(?!\d)"
STREET_SUFFIXES = ("straat", "laan", "weg", "plein", "kade", "gracht", "singel", "hof", "dreef", "pad", "park",
                   "steeg", "dijk", "markt", "plantsoen", "erf", "baan", "wal", "zijde", "boulevard", "promenade",
                   "pleintje", "straatje", "veld", "polder")
_SUFFIX = "(?:" + "|".join(STREET_SUFFIXES) + ")"
STREET_WORD = re.compile(r"\b[A-Z][a-zà-ÿ'-]*" + _SUFFIX + r"\b")
GENERIC_ADDRESS = re.compile(
    r"\b(?:(?:Laan|Burgemeester|Prins|Prinses|Koningin|Sint|Van|Johan|Jan|Pieter|Willem)"
    r"(?: (?:van|de|der|den|het|ter|ten))* )?[A-Z][a-zà-ÿ'-]*" + _SUFFIX + r" " + HOUSE_NUMBER
    + r"|\bLaan (?:van|der|de) [A-Z][a-zà-ÿ]+(?: [A-Z][a-zà-ÿ]+)? " + HOUSE_NUMBER)
NUMBER_ONLY_ADDRESS = re.compile(
    r"\b(?:huisnummer|(?:(?<=op )|(?<=van )|(?<=bij )|(?<=naast )|(?<=tegenover )|(?<=achter ))(?:nummer|nr\.?)) ?"
    + HOUSE_NUMBER, re.IGNORECASE)


def _iban_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "").upper()
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return len(compact) >= 15 and int(digits) % 97 == 1


def bsn_valid(candidate: str) -> bool:
    """The 11-proef of a burgerservicenummer (9 digits; dots or spaces allowed)."""
    digits = [int(c) for c in candidate if c.isdigit()]
    if len(digits) != 9 or not any(digits):
        return False
    return (sum(d * w for d, w in zip(digits, range(9, 1, -1))) - digits[8]) % 11 == 0


# --- names ------------------------------------------------------------------------------------

TITLES = {
    "mevrouw", "mevr", "mw", "meneer", "mijnheer", "mnr", "dhr", "heer", "buurman", "buurvrouw", "buurjongen",
    "buurmeisje", "familie", "fam", "juffrouw", "juf", "meester", "dokter", "dr", "zoon", "dochter", "vriend",
    "vriendin", "genaamd", "heet", "heten", "naam", "groet", "groeten", "groetjes", "gr", "mvg", "tante", "oom", "opa", "oma",
    "collega", "huisbaas", "verhuurder", "overbuurman", "overbuurvrouw", "benedenbuurman", "benedenbuurvrouw",
    "bovenbuurman", "bovenbuurvrouw", "man", "vrouw", "broer", "zus", "zoontje", "dochtertje", "neef", "nicht",
    "echtgenoot", "echtgenote", "partner", "vader", "moeder", "eigenaar", "bewoner", "bewoonster", "beheerder",
    "conciërge", "melder", "ondergetekende", "met",
}
SIGNATURES = {"groet", "groeten", "groetjes", "gr", "mvg"}
# a title that only counts before a capitalised name ("met Jan", not "met de fiets")
WEAK_TITLES = {"man", "vrouw", "met", "vader", "moeder", "partner", "eigenaar", "bewoner", "beheerder", "melder"}
PARTICLES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "la", "le", "el", "al", "von", "du", "da",
             "'t", "in", "op", "vande", "v.d."}
# Capitalised words that start sentences or name places and organisations, never a person here.
NOT_NAMES = {
    "de", "het", "een", "en", "ik", "hij", "zij", "ze", "we", "wij", "jij", "je", "u", "die", "dat", "dit", "er",
    "is", "op", "in", "bij", "met", "van", "voor", "naar", "om", "al", "ook", "maar", "want", "toen", "nu",
    "vandaag", "gisteren", "morgen", "vanavond", "vannacht", "vanochtend", "vanmorgen", "sinds", "al",
    "politie", "gemeente", "den", "haag", "wateringse", "veld", "wijkagent", "handhaving", "boa", "htm", "ret",
    "jumbo", "lidl", "aldi", "albert", "heijn", "kruidvat", "action", "hema", "ns", "ggd", "haaglanden",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "januari", "februari",
    "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december",
    "graag", "help", "hallo", "beste", "geachte", "dank", "bedankt", "alvast", "vriendelijke", "hartelijke",
    "nogmaals", "sorry", "waarom", "wanneer", "waar", "wat", "wie", "hoe", "kunt", "kan", "wil", "wilt", "zou",
    "heeft", "hebben", "was", "waren", "wordt", "worden", "gaat", "staat", "ligt", "zit", "zijn", "mijn",
    "onze", "ons", "hun", "haar", "zijn", "geen", "niet", "wel", "nog", "weer", "elke", "iedere", "alle",
    "iemand", "niemand", "daar", "hier", "deze", "dus", "ja", "nee", "oké", "ok", "pas", "bovendien",
    "tram", "bus", "auto", "fiets", "scooter", "brommer", "straat", "park", "school", "moskee", "kerk",
    "whatsapp", "facebook", "instagram", "buurtapp", "nextdoor", "marktplaats", "google",
}
TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['’-][^\W\d_]+)*\.?|'t\b")


@dataclass(frozen=True)
class NameLists:
    first: frozenset[str]            # may stand alone when capitalised
    first_context: frozenset[str]    # also words: only after a title or before a surname
    surnames: frozenset[str]         # may stand alone when capitalised
    surname_words: frozenset[str]    # also words: only after a title, first name or initials


def _read(name: str) -> tuple[set[str], set[str]]:
    plain, starred = set(), set()
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if line and not line.startswith("#"):
            (starred if line.endswith("*") else plain).add(line.rstrip("*"))
    return plain, starred


@lru_cache(maxsize=1)
def name_lists() -> NameLists:
    first, first_context = _read("first_names.txt")
    surnames, surname_words = _read("surnames.txt")
    return NameLists(frozenset(first), frozenset(first_context), frozenset(surnames), frozenset(surname_words))


@lru_cache(maxsize=4)
def _street_pattern(names: tuple[str, ...]) -> re.Pattern | None:
    """The region's street names (any case, a space or hyphen optional); None: it names none."""
    if not names:
        return None
    names = sorted(names, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n).replace(r"\ ", r"[ -]?").replace(r"\-", r"[ -]?")
                                          for n in names) + r")\b", re.IGNORECASE)


@dataclass
class _Token:
    start: int
    end: int
    text: str

    @property
    def word(self) -> str:
        return self.text.rstrip(".").lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def initial(self) -> bool:
        bare = self.text.replace(".", "")
        return self.text.endswith(".") and bare.isalpha() and bare.isupper() and len(bare) <= 4


class _Names:
    """Finds person names among the tokens that no earlier rule claimed."""

    def __init__(self, text: str, taken: list[tuple[int, int]]):
        self.lists = name_lists()
        self.tokens = [_Token(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
        self.free = [not any(s < t.end and t.start < e for s, e in taken) for t in self.tokens]
        self.text = text

    def _ok(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and self.free[i] and self._adjacent(i)

    def _adjacent(self, i: int) -> bool:
        """Only whitespace between token i-1 and i (a name does not run over a comma or bracket)."""
        if i == 0:
            return True
        gap = self.text[self.tokens[i - 1].end:self.tokens[i].start]
        return gap.strip() == "" and "\n" not in gap

    def _signature(self, i: int) -> bool:
        """"Met vriendelijke groet, Ria Dekker": a comma or colon may stand between greeting and name."""
        if i + 1 >= len(self.tokens) or not self.free[i + 1]:
            return False
        gap = self.text[self.tokens[i].end:self.tokens[i + 1].start]
        return gap.strip() in {",", ":", "-"} and self.tokens[i + 1].capitalised

    def _capital_name(self, i: int) -> bool:
        t = self.tokens[i]
        return (t.capitalised and t.word not in NOT_NAMES and not STREET_WORD.fullmatch(t.text.rstrip("."))
                and not t.text.rstrip(".").isupper())

    def _known(self, word: str) -> bool:
        lists = self.lists
        return word in lists.first or word in lists.first_context or word in lists.surnames or word in lists.surname_words

    def _surname_at(self, i: int, words_too: bool) -> int:
        """End index of a known surname (with particles) starting at token i, or i."""
        lists = self.lists
        for length in (4, 3, 2, 1):
            idx = range(i, i + length)
            if idx[-1] >= len(self.tokens) or not all(self.free[k] for k in idx) \
                    or not all(self._adjacent(k) for k in idx[1:]):
                continue
            phrase = " ".join(self.tokens[k].word for k in idx)
            if phrase in lists.surnames or (words_too and phrase in lists.surname_words):
                return i + length
        return i

    def _rest(self, i: int, lower_ok: bool) -> int:
        """Extend a name from token i: more first names, particles + surname, capitalised surname."""
        j = i
        while j < len(self.tokens) and self.free[j] and (j == i or self._adjacent(j)):
            t = self.tokens[j]
            end = self._surname_at(j, words_too=True)
            if end > j and (t.capitalised or lower_ok or t.word in PARTICLES):
                j = end
                continue
            if t.word in PARTICLES and not t.initial:
                k = j
                while self._ok(k) and self.tokens[k].word in PARTICLES:
                    k += 1
                if self._ok(k) and (self._capital_name(k) or (lower_ok and self._known(self.tokens[k].word))):
                    j = k + 1
                    continue
                break
            if t.initial or self._capital_name(j) or (lower_ok and self._known(t.word)):
                j += 1
                continue
            break
        return j

    def spans(self) -> list[tuple[int, int]]:
        found, i, tokens, lists = [], 0, self.tokens, self.lists
        while i < len(tokens):
            t, end = tokens[i], i
            if not self.free[i]:
                i += 1
                continue
            if t.word in TITLES and not t.initial:
                nxt = i + 1
                if t.word == "heer" and not (i > 0 and tokens[i - 1].word == "de"):
                    nxt = i
                elif self._ok(nxt) or (t.word in SIGNATURES and self._signature(i)):
                    weak = t.word in WEAK_TITLES
                    first = tokens[nxt]
                    if not weak or self._capital_name(nxt) or first.initial:
                        end = self._rest(nxt, lower_ok=not weak)
                        # a lone lower-case word after a title must be a known name
                        if end == nxt + 1 and not first.capitalised and not self._known(first.word):
                            end = nxt
                        if end > nxt:
                            found.append((tokens[nxt].start, self._end(end - 1)))
                            i = end
                            continue
            elif len(t.text) == 2 and t.text[1] == "." and t.text[0].islower() \
                    and self._surname_at(i + 1, words_too=True) > i + 1 and self._adjacent(i + 1):
                end = self._surname_at(i + 1, words_too=True)         # "j. de vries"
                found.append((t.start, self._end(end - 1)))
                i = end
                continue
            elif t.initial and t.capitalised:
                end = self._rest(i + 1, lower_ok=True)
                if end > i + 1 and not tokens[end - 1].initial:
                    found.append((t.start, self._end(end - 1)))
                    i = end
                    continue
            elif t.capitalised and t.word in lists.first and self._capital_name(i):
                end = self._rest(i + 1, lower_ok=False)
                found.append((t.start, self._end(end - 1 if end > i + 1 else i)))
                i = max(end, i + 1)
                continue
            elif t.capitalised and t.word in lists.first_context and self._surname_at(i + 1, True) > i + 1:
                end = self._surname_at(i + 1, words_too=True)
                found.append((t.start, self._end(end - 1)))
                i = end
                continue
            elif t.word in lists.first and not t.capitalised:
                end = self._surname_at(i + 1, words_too=True)
                if end > i + 1:
                    found.append((t.start, self._end(end - 1)))
                    i = end
                    continue
            else:
                end = self._surname_at(i, words_too=False)
                if end > i and (tokens[end - 1].capitalised):
                    found.append((t.start, self._end(end - 1)))
                    i = end
                    continue
            i += 1
        return found

    def _end(self, k: int) -> int:
        """End offset of token k; a sentence's full stop after a name stays in the text."""
        t = self.tokens[k]
        return t.end if t.initial or not t.text.endswith(".") else t.end - 1


# --- putting it together ----------------------------------------------------------------------

def find_identifiers(text: str, streets: tuple[str, ...] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every identifier in `text`, not overlapping, in text order; `streets`:
    the region's street names (default: those of the region served)."""
    spans: list[tuple[int, int, str]] = []

    def add(start: int, end: int, kind: str) -> None:
        if not any(s < end and start < e for s, e, _ in spans):
            spans.append((start, end, kind))

    for match in re.finditer(r"\[(?:" + "|".join(re.escape(k) for k in KINDS) + r")\]", text):
        add(match.start(), match.end(), "")                       # already a placeholder
    for match in EMAIL.finditer(text):
        add(match.start(), match.end(), "E-MAIL")
    for pattern in (IBAN_NL, IBAN_ANY):
        for match in pattern.finditer(text):
            if pattern is IBAN_NL or _iban_valid(match.group()):
                add(match.start(), match.end(), "IBAN")
    for match in BSN.finditer(text):
        if bsn_valid(match.group()):
            add(match.start(), match.end(), "BSN")
    for match in PHONE.finditer(text):
        add(match.start(), match.end(), "TELEFOON")
    for match in POSTCODE.finditer(text):
        add(match.start(), match.end(), "POSTCODE")
    for pattern in (PLATE_DASHED, PLATE_PLAIN):
        for match in pattern.finditer(text):
            add(match.start(), match.end(), "KENTEKEN")
    region = _street_pattern(street_names() if streets is None else streets)
    for match in region.finditer(text) if region else ():
        number = re.match(r" ?" + HOUSE_NUMBER, text[match.end():])
        add(match.start(), match.end() + (number.end() if number else 0), "ADRES" if number else "")
    for pattern in (GENERIC_ADDRESS, NUMBER_ONLY_ADDRESS):
        for match in pattern.finditer(text):
            add(match.start(), match.end(), "ADRES")
    for match in STREET_WORD.finditer(text):
        add(match.start(), match.end(), "")                        # a street name alone stays
    for start, end in _Names(text, [(s, e) for s, e, _ in spans]).spans():
        add(start, end, "NAAM")
    return sorted((s, e, k) for s, e, k in spans if k)


def pseudonymise(text: str | None) -> str:
    """`text` with every identifier replaced by its placeholder; None becomes "" ."""
    return _pseudonymised(text, street_names()) if text else ""


@lru_cache(maxsize=2048)          # public lists ask for the same texts again (Open311: up to 1000 a page)
def _pseudonymised(text: str, streets: tuple[str, ...]) -> str:
    parts, last = [], 0
    for start, end, kind in find_identifiers(text, streets):
        parts.append(text[last:start])
        parts.append(f"[{kind}]")
        last = end
    parts.append(text[last:])
    return "".join(parts)


def incident_title(text: str | None, limit: int = 120) -> str:
    """An incident's title from its first report's text: pseudonymised (the incident is seen by
    every organisation it is shared with), cut at a word boundary."""
    title = pseudonymise((text or "").strip()) or "Incident"
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(",;:")


def street_only(address: str | None) -> str | None:
    """"Akkerwindestraat 12, Den Haag" -> "Akkerwindestraat": the street stays, the house goes."""
    match = re.match(r"[^\d,]+", (address or "").strip())
    return match.group(0).strip() if match and match.group(0).strip() else None
