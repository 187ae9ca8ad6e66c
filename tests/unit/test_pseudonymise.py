"""Pseudonymising Dutch free text (services/privacy/pseudonymise.py): each identifier type, the
rules for names, street names that stay, and recall on the hand-written set of report texts."""

import importlib.util
import sys

import pytest

from services.privacy.pseudonymise import SIDECODES, bsn_valid, pseudonymise
from settings import ROOT


def test_the_issue_example():
    assert pseudonymise("mijn buurman Jan de Vries (06-12345678)") == "mijn buurman [NAAM] ([TELEFOON])"


@pytest.mark.parametrize("text, expected", [
    ("mail piet.jansen+hnm@example.nl graag", "mail [E-MAIL] graag"),
    ("bel 0612345678", "bel [TELEFOON]"),
    ("bel +31 6 1234 5678 of 070-3456789", "bel [TELEFOON] of [TELEFOON]"),
    ("bel (070) 345 67 89", "bel [TELEFOON]"),
    ("postcode 2548 BT en 2548av", "postcode [POSTCODE] en [POSTCODE]"),
    ("bsn 111222333.", "bsn [BSN]."),
    ("bsn 1112.22.333", "bsn [BSN]"),
    ("iban NL91 ABNA 0417 1643 00 en DE89370400440532013000", "iban [IBAN] en [IBAN]"),
    ("auto ab-123-c", "auto [KENTEKEN]"),
    ("auto AB123C", "auto [KENTEKEN]"),
    ("bij Akkerwindestraat 14a", "bij [ADRES]"),
    ("bij laan van wateringse veld 12", "bij [ADRES]"),
    ("bij Kerkstraat 5-7", "bij [ADRES]"),
    ("de heg van huisnummer 12 en de schuur op nummer 40", "de heg van [ADRES] en de schuur op [ADRES]"),
])
def test_each_kind_of_identifier(text, expected):
    assert pseudonymise(text) == expected


@pytest.mark.parametrize("code", SIDECODES)
def test_every_sidecode_of_dutch_plates(code):
    letters, digits = iter("GHJKLNPRSTXZ"), iter("3456789123")
    plate = "".join(next(letters) if c == "L" else next(digits) if c == "9" else c for c in code)
    assert pseudonymise(f"kenteken {plate} staat hier") == "kenteken [KENTEKEN] staat hier"
    # without dashes sidecode 2 (1234GH) cannot be told from a postcode: it is replaced as one
    kind = "POSTCODE" if code == "99-99-LL" else "KENTEKEN"
    assert pseudonymise(f"kenteken {plate.replace('-', '')} staat hier") == f"kenteken [{kind}] staat hier"


def test_bsn_needs_the_eleven_test():
    assert bsn_valid("111222333") and bsn_valid("944117715")
    assert not bsn_valid("111222334") and not bsn_valid("000000000")
    assert pseudonymise("ordernummer 123456789") == "ordernummer 123456789"


@pytest.mark.parametrize("text, expected", [
    ("mevrouw Jansen belt", "mevrouw [NAAM] belt"),
    ("J. de Vries en A.B. Kuipers", "[NAAM] en [NAAM]"),
    ("j. de vries zei het", "[NAAM] zei het"),
    ("mijn buurman kees bakker", "mijn buurman [NAAM]"),
    ("mijn buurvrouw anja de boer belde", "mijn buurvrouw [NAAM] belde"),
    ("De heer Van der Berg klaagt", "De heer [NAAM] klaagt"),
    ("de familie El Amrani", "de familie [NAAM]"),
    ("Met vriendelijke groet, Ria Dekker", "Met vriendelijke groet, [NAAM]"),
    ("Meneer Bakker is boos", "Meneer [NAAM] is boos"),
    ("Jan en Piet", "[NAAM] en [NAAM]"),
])
def test_names(text, expected):
    assert pseudonymise(text) == expected


@pytest.mark.parametrize("text", [
    "De bakker op de hoek zet zijn bord op de stoep.",
    "Wil je de afvalbak legen op de Erasmusweg?",
    "Het bos achter de sportvelden wordt een dumpplaats.",
    "Kapotte verkeerslichten bij de Laan van Wateringse Veld ter hoogte van de Lozerlaan.",
    "Lantaarnpaal nummer 23 bij het Hoge Veld-plein is kapot, sinds 1 maart 2024.",
    "Om 23:45 uur drie knallen, 12 auto's op de groenstrook.",
])
def test_texts_without_identifiers_stay_as_they_are(text):
    assert pseudonymise(text) == text


def test_idempotent_and_empty():
    once = pseudonymise("buurman Jan de Vries, 06-12345678, Kasstraat 19")
    assert once == "buurman [NAAM], [TELEFOON], [ADRES]"
    assert pseudonymise(once) == once
    assert pseudonymise("") == "" and pseudonymise(None) == ""


def _bench():
    spec = importlib.util.spec_from_file_location("bench_pseudonymisation", ROOT / "bench" / "pseudonymisation_recall.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module          # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_recall_on_the_hand_written_set():
    bench = _bench()
    samples = bench.load_set()
    assert len([s for s in samples if s.planted]) >= 80
    from services.privacy.pseudonymise import find_identifiers

    scores = bench.evaluate(samples, find_identifiers)
    for kind in scores.total:
        assert scores.recall(kind) >= 0.95, kind
    assert scores.clean_touched == 0
    assert scores.stray_spans <= 2
