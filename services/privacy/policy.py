"""Retention rules per organisation and data class (issue 17), from a YAML file.

The shipped file (services/privacy/retention.yaml) holds the pilot's terms; HNM_PRIVACY_POLICY
points at another file, checked at start (a wrong file stops the start with a Dutch message).
Reports follow the rules of their handling organisation (gemeente: AVG and Archiefwet; politie:
Wet politiegegevens); an organisation without rules of its own gets `default`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

import yaml

SHIPPED = Path(__file__).resolve().parent / "retention.yaml"
# data classes that hang off a report, with their Dutch label
REPORT_CLASSES = {"contact": "contactgegevens van melders", "tracking": "volglinks",
                  "photos": "foto's", "text": "vrije teksten en adressen"}
GENERAL_CLASSES = {"followers": "e-mailadressen van buurtvolgers", "feed_posts": "berichten uit buurtapps en sociale media",
                   "audit_log": "regels in het auditlog"}
LABELS = {**REPORT_CLASSES, **GENERAL_CLASSES}
REGIMES = {"AVG", "Wpg"}
MAX_DAYS = 20 * 365


class PolicyError(ValueError):
    """A retention file the app refuses to work with (Dutch message)."""


@dataclass(frozen=True)
class OrganisationRules:
    regime: str
    legal_basis: str
    terms: dict[str, timedelta]


@dataclass(frozen=True)
class Policy:
    organisations: dict[str, OrganisationRules]
    general: dict[str, timedelta]
    source: str

    def rules(self, organisation_code: str) -> OrganisationRules:
        return self.organisations.get(organisation_code) or self.organisations["default"]

    def term(self, organisation_code: str, data_class: str) -> timedelta:
        return self.rules(organisation_code).terms[data_class]


def _days(value, where: str) -> timedelta:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS:
        raise PolicyError(f"{where}: geef een aantal dagen tussen 1 en {MAX_DAYS}, niet {value!r}")
    return timedelta(days=value)


def parse_policy(data, source: str) -> Policy:
    if not isinstance(data, dict) or not isinstance(data.get("organisations"), dict):
        raise PolicyError(f"{source}: 'organisations' ontbreekt")
    if "default" not in data["organisations"]:
        raise PolicyError(f"{source}: 'organisations' mist 'default' (regels voor andere organisaties)")
    organisations = {}
    for code, rules in data["organisations"].items():
        where = f"{source}: organisations.{code}"
        if not isinstance(rules, dict):
            raise PolicyError(f"{where}: verwacht regime, legal_basis en terms")
        if rules.get("regime") not in REGIMES:
            raise PolicyError(f"{where}.regime moet AVG of Wpg zijn")
        if not str(rules.get("legal_basis") or "").strip():
            raise PolicyError(f"{where}.legal_basis ontbreekt: noem de grondslag")
        terms = rules.get("terms") or {}
        unknown = set(terms) - set(REPORT_CLASSES)
        missing = set(REPORT_CLASSES) - set(terms)
        if unknown or missing:
            raise PolicyError(f"{where}.terms: onbekend {sorted(unknown)}, ontbreekt {sorted(missing)}")
        organisations[str(code)] = OrganisationRules(
            rules["regime"], " ".join(str(rules["legal_basis"]).split()),
            {name: _days(terms[name], f"{where}.terms.{name}") for name in REPORT_CLASSES})
    general = data.get("general") or {}
    if set(general) != set(GENERAL_CLASSES):
        raise PolicyError(f"{source}: 'general' moet precies {', '.join(GENERAL_CLASSES)} hebben")
    return Policy(organisations, {name: _days(general[name], f"{source}: general.{name}") for name in GENERAL_CLASSES},
                  source)


@lru_cache(maxsize=4)
def load_policy(path: str = "") -> Policy:
    """The rules from `path` (HNM_PRIVACY_POLICY) or the shipped file; PolicyError when wrong."""
    file = Path(path) if path else SHIPPED
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise PolicyError(f"Bewaartermijnen: kan {file} niet lezen ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise PolicyError(f"Bewaartermijnen: {file} is geen geldige YAML ({error.__class__.__name__})") from None
    return parse_policy(data, str(file))
