"""Sharing rules of the partner network (issue 19): per category, which organisations handle its
reports, which may see them and which may see the reporter's personal data.

The region file's `sharing` section names main categories (their sub categories follow) or sub
categories (an override); a field it leaves out comes from the main category, then from the
default. The default is what politie and gemeente always had: both handle and see every shared
report, and only the organisation handling a report sees its personal data. A partner sees
nothing that no rule gives it.

These rules decide shared reports only. A police-only report (`visibility = 'politie'`) stays for
the police, whatever a rule says, and a category that is police-only by default cannot be given to
a partner at all. docs/region.md and docs/security-data.md describe the rules."""

from __future__ import annotations

from dataclasses import dataclass

POLICE, MUNICIPALITY, PARTNER = "politie", "gemeente", "partner"
KINDS = (POLICE, MUNICIPALITY, PARTNER)
FIELDS = ("handled_by", "visible_to", "personal_data_to")
FIELD_LABELS = {"handled_by": "behandelen", "visible_to": "zien de melding",
                "personal_data_to": "zien persoonsgegevens"}


class SharingError(ValueError):
    """A sharing rule the app refuses to start with; the message is Dutch."""


@dataclass(frozen=True)
class CategoryRule:
    handled_by: tuple[str, ...]          # organisations a report of the category may be handed to
    visible_to: tuple[str, ...]          # organisations that see its shared reports (politie always)
    personal_data_to: tuple[str, ...]    # besides the handling organisation: contact details, text as written


DEFAULT_RULE = CategoryRule(handled_by=(POLICE, MUNICIPALITY), visible_to=(POLICE, MUNICIPALITY), personal_data_to=())


@dataclass(frozen=True)
class SharingRules:
    by_category: dict[str, CategoryRule]     # every category slug, main and sub, with its rule in force
    declared: tuple[str, ...]                # the slugs the region file names (in its order)

    def rule(self, slug: str) -> CategoryRule:
        return self.by_category.get(slug, DEFAULT_RULE)

    def sees_every_category(self, organisation: str) -> bool:
        return organisation == POLICE or all(organisation in r.visible_to for r in self.by_category.values())


def _organisations(value, where: str, field: str, known: dict[str, str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SharingError(f"Regiobestand: sharing.{where}.{field} moet een lijst van organisaties zijn")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise SharingError(f"Regiobestand: sharing.{where}.{field} noemt een onbekende organisatie: "
                           f"{', '.join(unknown)} (bekend: {', '.join(known)})")
    return tuple(dict.fromkeys(value))


def _declared_rule(raw, where: str, base: CategoryRule, known: dict[str, str]) -> CategoryRule:
    if not isinstance(raw, dict):
        raise SharingError(f"Regiobestand: sharing.{where} moet {', '.join(FIELDS)} noemen")
    extra = set(raw) - set(FIELDS)
    if extra:
        raise SharingError(f"Regiobestand: sharing.{where} kent {', '.join(sorted(extra))} niet "
                           f"(wel: {', '.join(FIELDS)})")
    values = {f: _organisations(raw[f], where, f, known) if f in raw else getattr(base, f) for f in FIELDS}
    # the police sees every report anyway; saying so keeps the rule honest on /beheer
    values["visible_to"] = tuple(dict.fromkeys((POLICE, *values["visible_to"])))
    return CategoryRule(**values)


def _check(slug: str, rule: CategoryRule, category: dict, kinds: dict[str, str]) -> None:
    owner = category["organisation"]
    if owner not in rule.handled_by:
        raise SharingError(f"Regiobestand: sharing voor {slug}: {owner} moet in handled_by staan "
                           "(nieuwe meldingen van deze categorie komen daar binnen)")
    for field, wider in (("handled_by", "visible_to"), ("personal_data_to", "visible_to")):
        missing = [o for o in getattr(rule, field) if o not in getattr(rule, wider)]
        if missing:
            raise SharingError(f"Regiobestand: sharing voor {slug}: {', '.join(missing)} staat in {field} "
                               f"maar niet in {wider}")
    if category.get("visibility") == POLICE:
        partners = sorted({o for f in FIELDS for o in getattr(rule, f) if kinds[o] == PARTNER})
        if partners:
            raise SharingError(f"Regiobestand: sharing voor {slug}: deze categorie is alleen voor de politie; "
                               f"{', '.join(partners)} mag haar niet behandelen of zien")


def parse_sharing(raw, kinds: dict[str, str], taxonomy: dict) -> SharingRules:
    """The rules in force for every category of `taxonomy`; `kinds` is organisation code -> kind.
    SharingError (Dutch) says what is wrong."""
    raw = raw or {}
    if not isinstance(raw, dict):
        raise SharingError("Regiobestand: 'sharing' moet per categorie handled_by, visible_to en "
                           "personal_data_to noemen")
    mains = {m["slug"]: {**m, "visibility": None} for m in taxonomy["main_categories"]}
    subs = {s["slug"]: s for s in taxonomy["sub_categories"]}
    unknown = [slug for slug in raw if slug not in mains and slug not in subs]
    if unknown:
        raise SharingError(f"Regiobestand: sharing noemt een onbekende categorie: {', '.join(map(str, unknown))}")
    by_category = {}
    for slug, main in mains.items():
        rule = _declared_rule(raw[slug], slug, DEFAULT_RULE, kinds) if slug in raw else DEFAULT_RULE
        _check(slug, rule, main, kinds)
        by_category[slug] = rule
    for slug, sub in subs.items():
        rule = by_category[sub["main"]]
        if slug in raw:
            rule = _declared_rule(raw[slug], slug, rule, kinds)
        _check(slug, rule, sub, kinds)
        by_category[slug] = rule
    return SharingRules(by_category=by_category, declared=tuple(raw))
