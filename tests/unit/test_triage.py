"""Triage classifier: safety net, accuracy on the realistic hold-out, API, CLI, retraining."""
from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from services.triage import TriageProposal, classify, load_model, train_model
from services.triage.cli import triage_cli_commands, triage_command
from services.triage.evaluate import evaluate
from services.triage.model import HOLDOUT_PATH, read_corpus, taxonomy
from services.triage.safety import check

# (text, life_threatening expected)
OBVIOUSLY_URGENT = [
    ("er wordt ingebroken bij de buren, ze zijn nu binnen!", True),
    ("INBREKERS BIJ DE BUREN ZE ZIJN NOG BINNEN", True),
    ("twee mannen proberen de achterdeur van nummer 12 open te breken", True),
    ("er wordt gevochten voor de snackbar", True),
    ("vechtpartij op het plein, iemand ligt op de grond", True),
    ("mijn buurman slaat zijn vrouw, ik hoor haar gillen", True),
    ("een man bedreigt mensen met een mes bij de tramhalte", True),
    ("ik hoorde net schoten in de straat", True),
    ("er werd geschoten bij de flat", True),
    ("iemand loopt met een pistool over straat", True),
    ("brand in de flat, heel veel rook in het trappenhuis", True),
    ("de container staat in de fik", True),
    ("er staat een auto in brand op de parkeerplaats", True),
    ("ik ruik gas in het portiek", True),
    ("een man ligt bewusteloos op de stoep", True),
    ("HELP mijn buurman ligt bewusteloooos in de tuin", True),
    ("er ligt een man in de sloot die niet beweegt", True),
    ("kind in het water gevallen bij de vijver!!", True),
    ("iemand is door het ijs gezakt", True),
    ("er verdrinkt iemand in de vaart", True),
    ("een vrouw staat op de brug en dreigt te springen", True),
    ("mijn buurvrouw ligt op de grond en reageert niet", True),
    ("oude man gevallen op straat en kan niet meer opstaan", True),
    ("iemand wil een eind aan zyn leven maken", True),
    ("een fietser is aangereden op de kruising", True),
    ("er is een overval op de supermarkt", True),
    ("er wordt op dit moment een scooter gestolen", True),
    ("peuter loopt alleen langs het water", True),
    ("er zit een baby alleen in een hete auto", True),
    ("huiselijk geweld bij de bovenburen, ik hoor klappen", True),
]

NOT_LIFE_THREATENING = [
    "lantaarnpaal kapot",
    "de lantaarnpaal brandt niet meer",
    "de straatlamp brandt overdag",
    "het schiet niet op met de wegwerkzaamheden",
    "brandnetels en onkruid op de stoep",
    "mijn fiets is gestolen uit het rek",
    "er is vannacht ingebroken in mijn schuur",
    "de katten vechten elke nacht in de tuin",
    "banden van mijn auto lek gestoken",
    "aangereden kat op de weg",
    "de vuilnisbak bij de bushalte puilt uit",
    "hondenpoep op het speelveld",
    "jongeren springen van de brug in de vijver",
    "ik heb gemeld maar de gemeente reageert niet op mijn melding",
    "hij reageert niet op mijn berichten",
    "vuurwerk knallen de hele avond",
    "gras is niet gemaaid",
]


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.mark.parametrize("text,life", OBVIOUSLY_URGENT)
def test_obviously_urgent_is_urgent(model, text, life):
    p = classify(text, model=model)
    assert p.urgent, text
    assert p.life_threatening is life, text
    assert p.main_slug == "veiligheid-politie", (text, p.sub_slug)
    assert p.organisation == "politie"


@pytest.mark.parametrize("text", NOT_LIFE_THREATENING)
def test_clearly_non_urgent_not_life_threatening(model, text):
    assert check(text) == [], text
    assert not classify(text, model=model).life_threatening


def test_realistic_holdout_main_accuracy(model):
    rows = read_corpus(HOLDOUT_PATH)
    assert len(rows) >= 150
    scores = evaluate(model, rows)
    assert scores.main_accuracy >= 0.85, scores.misses
    # every hold-out text marked urgent that the safety net recognises must come out urgent
    urgent_hits = [t for t, _, u in rows if u and check(t)]
    assert all(classify(t, model=model).urgent for t in urgent_hits)


@pytest.mark.parametrize("text", ["asdkjh qwe zxcv", "blabla", "xyz", "hallo", "test"])
def test_gibberish_goes_to_overig_for_review(model, text):
    p = classify(text, model=model)
    assert (p.main_slug, p.sub_slug) == ("overig", "overig-overig")
    assert p.needs_review
    assert not p.urgent


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_raises_dutch_error(text):
    with pytest.raises(ValueError, match="Lege melding"):
        classify(text)


def test_proposal_shape_and_routing(model):
    p = classify("lantaarnpaal kapot", model=model)
    assert isinstance(p, TriageProposal)
    assert (p.main_slug, p.sub_slug) == ("wegen-verkeer-straatmeubilair", "straatverlichting-openbare-klok")
    info = taxonomy()[p.sub_slug]
    assert (p.organisation, p.team) == (info["organisation"], info["team"])
    assert 0.0 <= p.confidence <= p.main_confidence <= 1.0
    assert not p.urgent and not p.life_threatening and not p.needs_review
    assert "lantaarnpaal" in p.top_terms and len(p.top_terms) <= 5
    d = p.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["model_version"] == model.version
    with pytest.raises(Exception):
        p.urgent = True  # frozen


def test_default_classify_is_lazy_singleton():
    from services.triage import get_model

    assert classify("gat in het fietspad").main_slug == "wegen-verkeer-straatmeubilair"
    assert get_model() is get_model()


def test_cli_one_json_line_per_stdin_line():
    runner = CliRunner()
    result = runner.invoke(triage_command, [], input="lantaarnpaal kapot\n\ner wordt nu ingebroken bij de buren\nasdkjh\n")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 3
    parsed = [json.loads(line) for line in lines]
    assert parsed[0]["sub_slug"] == "straatverlichting-openbare-klok"
    assert parsed[1]["urgent"] is True and parsed[1]["sub_slug"] == "inbraak"
    assert parsed[2]["needs_review"] is True


def test_cli_arguments_and_commands_list():
    assert [c.name for c in triage_cli_commands] == ["triage", "triage-train", "triage-models"]
    result = CliRunner().invoke(triage_command, ["hondenpoep op de stoep", "ganzen poepen het grasveld onder"])
    assert result.exit_code == 0
    assert [json.loads(x)["main_slug"] for x in result.output.strip().splitlines()] == [
        "overlast-in-de-openbare-ruimte", "overlast-van-dieren"]


def test_train_model_with_extra_example_writes_loadable_model(tmp_path):
    text = "de zonnepanelen op het dak van de gymzaal klapperen bij wind"
    corpus = read_corpus()[::10]  # a tenth of the corpus keeps this test fast; the CLI trains on all of it
    path = train_model([(text, "overig-wegen-verkeer-straatmeubilair", False)], out_dir=tmp_path, corpus=corpus)
    assert path.exists() and path.name.startswith("triage-") and path.suffix == ".joblib"
    meta = json.loads(path.with_suffix(".json").read_text())
    assert meta["extra_rows"] == 1 and meta["corpus_rows"] == len(corpus) and meta["sklearn_version"]
    m = load_model(path)
    assert m.version == meta["version"]
    assert classify(text, model=m).sub_slug == "overig-wegen-verkeer-straatmeubilair"


def test_train_rejects_unknown_sub_slug(tmp_path):
    with pytest.raises(ValueError):
        train_model([("iets", "bestaat-niet", False)], out_dir=tmp_path, corpus=read_corpus()[:50])


def test_features_equal_the_feature_union_on_every_hold_out_text(model):
    """classify reads the two vectorisers directly (faster); the features must be the union's."""
    from services.triage.model import preprocess

    with open(HOLDOUT_PATH, encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(line for line in handle if not line.startswith("#"))]
    assert len(texts) > 50
    for text in texts + [text for text, _ in OBVIOUSLY_URGENT]:
        norm = preprocess(text)
        direct, union = model.features(norm), model.vec.transform([norm])
        assert direct.shape == union.shape and abs(direct - union).max() == 0


def test_direct_arithmetic_equals_sklearns_predictions(model):
    """classify computes the calibrated main probabilities, the sub choice and the urgency
    probabilities itself (faster); they must be sklearn's."""
    import numpy as np

    from services.triage.model import preprocess

    for text, _, _ in read_corpus(HOLDOUT_PATH):
        x = model.features(preprocess(text))
        assert np.allclose(model.main_probabilities(x), model.main_clf.predict_proba(x)[0], atol=1e-9)
        main = model.mains[int(np.argmax(model.main_probabilities(x)))]
        sub_clf = model.sub_clfs[main]
        if not isinstance(sub_clf, str):
            assert model._sub_for(main, x) == sub_clf.predict(x)[0]
        for clf, column in ((model.urg_clf, model._urgent_col), (model.emg_clf, model._emergency_col)):
            assert abs(model._positive(clf, x, column) - clf.predict_proba(x)[0, column]) < 1e-6


def test_proposal_explains_danger_and_review(model):
    unsure = classify("er ligt een man op de stoep bij de bushalte, al een tijd", model=model)
    assert unsure.danger == "unsure" and unsure.urgent and unsure.needs_review
    assert "mogelijk iemand in gevaar" in unsure.review_reason
    now = classify("help mijn buurman ligt bewusteloos in de tuin", model=model)
    assert now.danger == "now" and now.life_threatening and now.danger_words
    calm = classify("de lantaarnpaal bij ons brandt al een week niet", model=model)
    assert calm.danger == "none" and not calm.urgent


def test_police_category_reached_only_through_calmed_danger_words_gives_way(model):
    """A text that itself says its danger word is harmless ('geen paniek', a joke, every evening) and
    that the model sends to the police with under 60% gets the best other category; with a danger
    the safety net sees, or with a sure model, the police category stays."""
    import numpy as np

    from services.triage.model import POLICE_MAIN
    from services.triage.safety import assess

    police, other = model.mains.index(POLICE_MAIN), model.mains.index("overlast-bedrijven-en-horeca")
    p = np.full(len(model.mains), 0.02)
    p[police], p[other] = 0.45, 0.30
    calmed = assess("geen paniek, die knallen zijn de schietvereniging, elke zaterdag om 8 uur al")
    assert calmed.level == "none" and calmed.calmed
    assert model._main_index(p, calmed) == other
    danger = assess("er wordt geschoten bij de schietvereniging, iemand ligt op de grond")
    assert danger.level == "now" and model._main_index(p, danger) == police
    sure = p.copy()
    sure[police] = 0.75
    assert model._main_index(sure, calmed) == police
    assert model._main_index(p, assess("mijn fiets is gestolen bij het station")) == police


def test_bench_scores_what_stays_urgent_after_the_chat_answer_no(model):
    """An 'unsure' routine text counts as flagged (the API puts it on top) but not as still urgent
    once the resident answered that nobody is in danger (urgent_if_safe)."""
    import dataclasses

    text = "er ligt een man op de stoep bij de bushalte, al een tijd"
    proposal = classify(text, model=model)
    assert proposal.danger == "unsure"

    class Fixed:
        def __init__(self, urgent_if_safe):
            self.proposal = dataclasses.replace(proposal, urgent_if_safe=urgent_if_safe)

        def classify(self, _text):
            return self.proposal

    for urgent_if_safe in (False, True):
        s = evaluate(Fixed(urgent_if_safe), [(text, "overig-overig", False)])
        assert s.false_urgent.k == 1 and s.false_urgent_if_safe.k == int(urgent_if_safe)
        assert s.summary()["false_urgent_if_safe"]["n"] == 1
