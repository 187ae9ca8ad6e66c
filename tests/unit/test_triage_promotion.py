"""The learning loop's rules: when a candidate model is promoted, when it is refused, and rollback."""
from __future__ import annotations

import json

import pytest

from services.triage import registry
from services.triage.model import SHIPPED_DIR, TriageError
from services.triage.retrain import Comparison, decide


def scores(main=(90, 100), urgent=(20, 20), false_urgent=(5, 100)) -> dict:
    def rate(k, n):
        return {"k": k, "n": n, "value": k / n if n else 0.0, "ci95": [0, 1]}
    return {"n": main[1], "main_accuracy": rate(*main), "urgent_recall": rate(*urgent),
            "false_urgent": rate(*false_urgent)}


def comparison(fixed=None, recent=None) -> Comparison:
    return Comparison(fixed or scores(), recent or scores(main=(40, 50), urgent=(5, 5), false_urgent=(1, 40)))


def test_better_main_category_with_equal_urgent_recall_is_promoted():
    decision = decide(comparison(), comparison(fixed=scores(main=(93, 100))))
    assert decision.promote and "hoofdcategorie beter" in decision.reason


def test_lower_urgent_recall_on_the_fixed_set_is_refused_however_good_otherwise():
    decision = decide(comparison(), comparison(fixed=scores(main=(99, 100), urgent=(19, 20), false_urgent=(0, 100))))
    assert not decision.promote and "spoed-recall daalt op de vaste evaluatieset" in decision.reason


def test_lower_urgent_recall_on_recent_corrections_is_refused():
    candidate = comparison(fixed=scores(main=(95, 100)), recent=scores(main=(45, 50), urgent=(4, 5)))
    decision = decide(comparison(), candidate)
    assert not decision.promote and "recente correcties" in decision.reason


def test_not_better_is_refused_and_a_tie_needs_fewer_false_alarms():
    assert not decide(comparison(), comparison()).promote
    assert not decide(comparison(), comparison(fixed=scores(main=(89, 100)))).promote
    fewer_alarms = decide(comparison(), comparison(fixed=scores(false_urgent=(2, 100))))
    assert fewer_alarms.promote and "minder onterecht spoed" in fewer_alarms.reason


def test_accuracy_counts_both_sets_together():
    """One more right on the recent corrections outweighs nothing lost on the fixed set."""
    candidate = comparison(recent=scores(main=(41, 50), urgent=(5, 5), false_urgent=(1, 40)))
    assert decide(comparison(), candidate).promote


# --------------------------------------------------------------------------------- registry
def _fake_model(folder, version: str, trained_at: str) -> None:
    """A registry entry: the model file's content does not matter to promote/rollback/list."""
    (folder / f"triage-{version}.joblib").write_bytes(b"not loaded here")
    (folder / f"triage-{version}.json").write_text(json.dumps(
        {"version": version, "trained_at": trained_at, "corpus_rows": 10, "dev_rows": 0, "extra_rows": 3,
         "thresholds": {"review": 0.5}, "evaluation": {"vaste_evaluatieset": scores()}}))


@pytest.fixture
def registry_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(registry.DIR_ENV, str(tmp_path))
    _fake_model(tmp_path, "29990101000000-aaaaaa", "2999-01-01T00:00:00+00:00")
    _fake_model(tmp_path, "29990201000000-bbbbbb", "2999-02-01T00:00:00+00:00")
    return tmp_path


def test_without_a_promotion_the_newest_shipped_model_is_in_use(registry_dir):
    shipped = sorted(SHIPPED_DIR.glob("triage-*.joblib"))[-1]
    assert registry.active_path() == shipped
    infos = registry.list_models()
    assert [i.active for i in infos].count(True) == 1 and next(i for i in infos if i.active).shipped


def test_promote_and_rollback_walk_the_history(registry_dir):
    shipped = registry.active_version()
    registry.promote("29990101000000-aaaaaa")
    registry.promote("29990201000000-bbbbbb")
    assert registry.active_version() == "29990201000000-bbbbbb"
    entry = json.loads(registry.register_path(registry.find("29990201000000-bbbbbb")).read_text())
    assert entry["registraties"][0]["Status"] == "In gebruik"
    assert entry["registraties"][0]["Modelversie"] == "29990201000000-bbbbbb"

    assert registry.rollback().stem == "triage-29990101000000-aaaaaa"
    retired = json.loads(registry.register_path(registry.find("29990201000000-bbbbbb")).read_text())
    assert retired["registraties"][0]["Status"] == "Buiten gebruik"
    assert registry.rollback().stem == f"triage-{shipped}"
    with pytest.raises(TriageError, match="geen eerder model"):
        registry.rollback()


def test_promote_refuses_unknown_and_current_versions(registry_dir):
    with pytest.raises(TriageError, match="bestaat niet"):
        registry.promote("19000101000000-000000")
    registry.promote("29990101000000-aaaaaa")
    with pytest.raises(TriageError, match="al in gebruik"):
        registry.promote("29990101000000-aaaaaa")


def test_register_entry_comes_from_the_models_metadata(registry_dir):
    entry = registry.register_entry(registry.find("29990101000000-aaaaaa"))
    assert entry["standaard"].startswith("Algoritmeregister Publicatiestandaard")
    first = entry["registraties"][0]
    for field in ("Naam", "Korte omschrijving", "Organisatie", "Status", "Doel en impact", "Menselijke tussenkomst",
                  "Gegevens", "Technische werking", "Gemeten nauwkeurigheid", "Modelversie"):
        assert first[field], field
    assert first["Gemeten nauwkeurigheid"]["vaste_evaluatieset"]["main_accuracy"]["value"] == 0.9
    assert "3 door medewerkers gecorrigeerde meldingen" in first["Gegevens"]
    assert {r["Organisatie"].split(" ")[0] for r in entry["registraties"]} == {"Gemeente", "Politie"}


def test_the_shipped_model_has_its_register_entry_and_scores():
    shipped = sorted(SHIPPED_DIR.glob("triage-*.joblib"))[-1]
    entry = json.loads(registry.register_path(shipped).read_text(encoding="utf-8"))
    meta = json.loads(shipped.with_suffix(".json").read_text(encoding="utf-8"))
    assert entry["registraties"][0]["Modelversie"] == meta["version"]
    assert shipped.stat().st_size < 8_000_000      # small enough for git


def test_thresholds_are_described_in_dutch_with_their_exact_percentages():
    from services.triage.registry import threshold_text

    text = threshold_text({"emergency": 0.45, "urgent": 0.5, "overig": 0.2, "urgent_calmed": 0.99})
    assert text == ("spoed vanaf 50%, spoed als de tekst zegt dat het voorbij is vanaf 99%, "
                    "vraag 'Is er nu iemand in gevaar?' vanaf 45%, categorie 'overig' onder 20%")
