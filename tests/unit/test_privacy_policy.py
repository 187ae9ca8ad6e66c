"""Retention rules (services/privacy/policy.py): the shipped file, and wrong files refused in Dutch."""

from datetime import timedelta

import pytest
import yaml

from services.privacy.policy import SHIPPED, PolicyError, load_policy, parse_policy
from settings import SettingsError, load_settings


def test_shipped_rules_per_organisation_and_class():
    policy = load_policy()
    assert policy.rules("gemeente").regime == "AVG" and policy.rules("politie").regime == "Wpg"
    assert policy.term("gemeente", "contact") == timedelta(days=180)
    assert policy.term("politie", "contact") == timedelta(days=365)
    assert policy.rules("woningcorporatie") is policy.rules("default")       # a partner without rules
    assert "Archiefwet" in policy.rules("gemeente").legal_basis
    assert policy.general["audit_log"] == timedelta(days=1825)


def _shipped():
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("change, words", [
    (lambda d: d["organisations"]["gemeente"]["terms"].pop("photos"), "ontbreekt ['photos']"),
    (lambda d: d["organisations"]["politie"]["terms"].update(text=0), "tussen 1 en"),
    (lambda d: d["organisations"]["politie"]["terms"].update(text="een jaar"), "aantal dagen"),
    (lambda d: d["organisations"]["politie"].update(regime="GDPR"), "AVG of Wpg"),
    (lambda d: d["organisations"]["gemeente"].update(legal_basis=""), "grondslag"),
    (lambda d: d["organisations"].pop("default"), "default"),
    (lambda d: d["general"].pop("followers"), "general"),
])
def test_wrong_rules_are_refused(change, words):
    data = _shipped()
    change(data)
    with pytest.raises(PolicyError, match=words.replace("[", r"\[").replace("]", r"\]")):
        parse_policy(data, "regels.yaml")


def test_the_app_refuses_to_start_with_a_wrong_file(tmp_path):
    wrong = tmp_path / "regels.yaml"
    wrong.write_text("organisations: [", encoding="utf-8")
    with pytest.raises(SettingsError, match="HNM_PRIVACY_POLICY: .*geen geldige YAML"):
        load_settings({"HNM_MODE": "test", "HNM_PRIVACY_POLICY": str(wrong)})
    with pytest.raises(SettingsError, match="kan .* niet lezen"):
        load_settings({"HNM_MODE": "test", "HNM_PRIVACY_POLICY": str(tmp_path / "weg.yaml")})
    own = tmp_path / "eigen.yaml"
    data = _shipped()
    data["organisations"]["gemeente"]["terms"]["contact"] = 30
    own.write_text(yaml.safe_dump(data), encoding="utf-8")
    settings = load_settings({"HNM_MODE": "test", "HNM_PRIVACY_POLICY": str(own)})
    assert load_policy(settings.privacy_policy).term("gemeente", "contact") == timedelta(days=30)
