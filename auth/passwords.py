"""The password rule, with Dutch messages: at least 12 characters, and not guessable — zxcvbn
(pinned) with Dutch words that guessers try first (auth/password_words_nl.txt: 'wachtwoord',
'politie', 'gemeente', city names...) and the user's own name, organisation and e-mail address."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 200
MIN_SCORE = 4          # zxcvbn: 4 = more than 10^10 guesses


@lru_cache(maxsize=1)
def dutch_words() -> tuple[str, ...]:
    lines = (Path(__file__).with_name("password_words_nl.txt").read_text(encoding="utf-8").splitlines())
    return tuple(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _personal_words(personal: tuple[str, ...]) -> list[str]:
    """The user's own words: whole values and their parts ('a.de.vries@politie.nl' -> 'vries', ...)."""
    words = []
    for value in personal:
        value = (value or "").strip().lower()
        if value:
            words.append(value)
            words += [part for part in re.split(r"[^a-z0-9]+", value) if len(part) >= 3]
    return words


def password_problem(password: str, *personal: str) -> str | None:
    """Why this password may not be used (Dutch, for the person choosing it), or None when fine.
    `personal`: the user's name, username, organisation, e-mail address."""
    if len(password) < MIN_LENGTH:
        return f"Kies een wachtwoord van minstens {MIN_LENGTH} tekens."
    if len(password) > MAX_LENGTH:
        return f"Kies een wachtwoord van hoogstens {MAX_LENGTH} tekens."
    own = _personal_words(personal)
    lowered = password.lower()
    if any(len(word) >= 4 and word in lowered for word in own):
        return "Gebruik niet uw eigen naam, gebruikersnaam of e-mailadres in uw wachtwoord."
    if zxcvbn(password, user_inputs=[*own, *dutch_words()])["score"] < MIN_SCORE:
        return ("Dit wachtwoord is te makkelijk te raden (een bekend woord, plaatsnaam, datum of reeks). "
                "Kies bijvoorbeeld vier losse woorden die niet bij elkaar horen, of laat een wachtwoordmanager "
                "er een maken.")
    return None
