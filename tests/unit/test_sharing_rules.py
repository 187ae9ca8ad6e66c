"""The region file's partner network (issue 19): N organisations and sharing rules per category,
checked at load with Dutch messages; Wateringse Veld's defaults are the behaviour of before."""

from __future__ import annotations

from pathlib import Path

import pytest

from data_access.region import RegionError, load_region
from data_access.sharing import DEFAULT_RULE

LINDENDAL = Path(__file__).resolve().parent.parent / "fixtures" / "region" / "lindendal.yaml"
AREAS = LINDENDAL.parent / "lindendal_buurten.geojson"
ORGS = """organisations:
  politie: {name: P}
  gemeente: {name: G}
  woningcorporatie: {name: W, kind: partner, teams: {beheer: Beheer}}
"""


def _load(tmp_path, text: str):
    path = tmp_path / "regio.yaml"
    path.write_text(f"name: X\nareas: {{file: {AREAS}}}\n" + text, encoding="utf-8")
    return load_region(path)


def test_without_rules_politie_and_gemeente_keep_todays_sharing_and_a_partner_sees_nothing(tmp_path):
    for region in (load_region(), _load(tmp_path, ORGS)):
        assert set(region.sharing.by_category.values()) == {DEFAULT_RULE}
        assert region.sharing.sees_every_category("politie") and region.sharing.sees_every_category("gemeente")
    assert region.kinds == {"politie": "politie", "gemeente": "gemeente", "woningcorporatie": "partner"}
    assert not region.sharing.sees_every_category("woningcorporatie")


def test_a_main_category_rule_reaches_its_subs_and_a_sub_overrides_it():
    sharing = load_region(LINDENDAL).sharing
    youth, neighbour = sharing.rule("jongerenoverlast"), sharing.rule("overige-overlast-door-personen")
    assert youth.handled_by == ("gemeente", "politie", "woningcorporatie")
    assert youth.visible_to == ("politie", "gemeente", "woningcorporatie")     # politie sees every report
    assert youth.personal_data_to == () and neighbour.personal_data_to == ("woningcorporatie",)
    assert neighbour.handled_by == youth.handled_by
    assert sharing.rule("overig-afval").visible_to == ("politie", "gemeente", "woningcorporatie")
    assert sharing.rule("grofvuil") == DEFAULT_RULE
    assert not sharing.sees_every_category("woningcorporatie") and sharing.sees_every_category("gemeente")


@pytest.mark.parametrize("text, message", [
    (ORGS + "sharing: {afval: {visible_to: [brandweer]}}\n", "onbekende organisatie: brandweer"),
    (ORGS + "sharing: {zwerfkatten: {visible_to: [gemeente]}}\n", "onbekende categorie: zwerfkatten"),
    (ORGS + "sharing: {afval: {zien: [gemeente]}}\n", "kent zien niet"),
    (ORGS + "sharing: {afval: {visible_to: gemeente}}\n", "moet een lijst van organisaties zijn"),
    # police-only by default: never a partner, not even by its main category
    (ORGS + "sharing: {inbraak: {visible_to: [gemeente, woningcorporatie]}}\n",
     "inbraak: deze categorie is alleen voor de politie; woningcorporatie mag haar niet"),
    (ORGS + "sharing: {veiligheid-politie: {handled_by: [politie, woningcorporatie], "
            "visible_to: [woningcorporatie]}}\n", "alleen voor de politie; woningcorporatie"),
    (ORGS + "sharing: {afval: {handled_by: [gemeente, woningcorporatie]}}\n",
     "woningcorporatie staat in handled_by maar niet in visible_to"),
    (ORGS + "sharing: {afval: {personal_data_to: [woningcorporatie]}}\n",
     "woningcorporatie staat in personal_data_to maar niet in visible_to"),
    (ORGS + "sharing: {afval: {handled_by: [politie]}}\n", "gemeente moet in handled_by staan"),
    ("organisations: {politie: {name: P}, gemeente: {name: G}, Brand Weer: {name: B}}\n", "organisatiecode"),
    ("organisations: {politie: {name: P}, gemeente: {name: G}, brandweer: {name: B, kind: politie}}\n",
     "organisations.brandweer.kind moet partner zijn"),
    ("organisations: {politie: {name: P}, gemeente: {name: G}, brandweer: {name: B}}\n",
     "organisations.brandweer.teams: noem minstens één team"),
    ("organisations: {politie: {name: P}, woningcorporatie: {name: W, teams: {a: A}}}\n",
     "'organisations' moet precies politie en gemeente"),
])
def test_a_bad_rule_stops_the_start_and_says_what_is_wrong(tmp_path, text, message):
    with pytest.raises(RegionError, match=message):
        _load(tmp_path, text)
