"""Derive HNM's category taxonomy from Signalen's taxonomy plus HNM's police categories.

Run from the repository root with the shared reference data beside it:

    python scripts/derive_taxonomy.py ../shared/data/signalen/signals_taxonomy_flat.json

It writes data_access/reference/categories.json, which the app seeds into the store. The
municipal part keeps Signalen's source and MPL-2.0 licence line; routing to HNM's teams is ours.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data_access" / "reference" / "categories.json"

# Signalen departments -> HNM gemeente team. THOR/VTH are enforcement (handhaving), GGD handles
# animals, Waternet the water; everything else goes to Stadsbeheer.
DEPARTMENT_TEAM = {"THO": "handhaving", "VTH": "handhaving", "GGD": "dieren", "WAT": "water",
                   "OMG": "handhaving"}

# Signalen sub categories that are urgent by default (a person or traffic in immediate danger).
URGENT_SUBS = {"gladheid", "verkeerslicht", "put-riolering-verstopt", "asbest-accu",
               "overlast-op-het-water-gezonken-boot"}

# Public free text: categories where a report's text is about public space and not about people.
PRIVATE_MAINS = {"overlast-van-en-door-personen-of-groepen", "overlast-bedrijven-en-horeca"}

POLICE_MAIN = {"slug": "veiligheid-politie", "name": "Veiligheid en criminaliteit (politie)"}

# (slug, name, urgent, visibility, handling hours, handling text)
POLICE_SUBS = [
    ("geweld-bedreiging", "Geweld of bedreiging", True, "politie", 1,
     "De politie komt zo snel mogelijk. Is er direct gevaar? Bel 112."),
    ("inbraak", "Inbraak", True, "politie", 1,
     "De politie komt zo snel mogelijk. Is de inbreker er nog? Bel 112."),
    ("persoon-in-nood", "Persoon in nood", True, "gedeeld", 1,
     "Hulp is onderweg. Is er direct levensgevaar? Bel 112."),
    ("brand", "Brand", True, "gedeeld", 1, "Bel bij brand altijd direct 112."),
    ("diefstal", "Diefstal", False, "politie", 72,
     "De politie neemt uw melding in behandeling. Voor aangifte kunt u ook online terecht."),
    ("verdachte-situatie", "Verdachte situatie", False, "gedeeld", 24,
     "De politie bekijkt uw melding en stuurt zo nodig een eenheid."),
    ("drugsoverlast", "Drugsoverlast", False, "gedeeld", 72,
     "De wijkagent en de gemeente bekijken samen wat er nodig is."),
    ("verward-gedrag", "Verward gedrag", False, "gedeeld", 24,
     "De politie en de zorgpartners bekijken wat er nodig is."),
    ("jeugdoverlast", "Jeugdoverlast", False, "gedeeld", 72,
     "De wijkagent en de jongerenwerkers bekijken samen wat er nodig is."),
    ("verkeer", "Verkeer en gevaarlijk rijgedrag", False, "gedeeld", 120,
     "De politie neemt uw melding mee in de verkeerscontroles in uw wijk."),
    ("vandalisme", "Vandalisme", False, "gedeeld", 72,
     "De politie en de gemeente nemen uw melding in behandeling."),
]
POLICE_TEAM = {"geweld-bedreiging": "noodhulp", "inbraak": "noodhulp", "persoon-in-nood": "noodhulp",
               "brand": "noodhulp"}


def derive(signalen: dict) -> dict:
    mains = [{"slug": m["slug"], "name": m["name"], "organisation": "gemeente"}
             for m in signalen["main_categories"]]
    mains.append({**POLICE_MAIN, "organisation": "politie"})
    subs = []
    for s in signalen["sub_categories"]:
        if not s["is_active"]:
            continue
        team = next((DEPARTMENT_TEAM[d] for d in s["departments"] if d in DEPARTMENT_TEAM),
                    "stadsbeheer")
        days = s["slo_n_days"]
        # Signalen's main "overig" has a sub "overig"; slugs are unique here, so the sub gets a suffix.
        slug = s["sub_slug"] if s["sub_slug"] != s["main_slug"] else f"{s['sub_slug']}-overig"
        subs.append({
            "slug": slug, "name": s["sub_name"], "main": s["main_slug"],
            "organisation": "gemeente", "team": team,
            "urgent": s["sub_slug"] in URGENT_SUBS, "visibility": "gedeeld",
            "handling_days": days, "calendar_days": bool(s["slo_calendar_days"]),
            "handling_hours": None,
            "handling_text": s["handling_message"],
            "public_text": s["main_slug"] not in PRIVATE_MAINS,
            "source": "signalen",
        })
    for slug, name, urgent, visibility, hours, text in POLICE_SUBS:
        subs.append({
            "slug": slug, "name": name, "main": POLICE_MAIN["slug"],
            "organisation": "politie", "team": POLICE_TEAM.get(slug, "wijkteam"),
            "urgent": urgent, "visibility": visibility,
            "handling_days": None, "calendar_days": True, "handling_hours": hours,
            "handling_text": text, "public_text": False, "source": "hnm",
        })
    return {
        "source": "Municipal categories derived from " + signalen["source"]
                  + ". Police categories and routing to HNM teams: HNM Dashboard.",
        "licence": "Signalen-derived parts: MPL-2.0 (github.com/Amsterdam/signals/blob/main/LICENSE)",
        "main_categories": mains,
        "sub_categories": subs,
    }


def main(path: str) -> None:
    data = derive(json.loads(Path(path).read_text(encoding="utf-8")))
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(data['main_categories'])} hoofdcategorieën, {len(data['sub_categories'])} "
          f"subcategorieën -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/signalen/signals_taxonomy_flat.json")
