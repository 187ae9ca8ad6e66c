"""Triage classifier: training, loading and classifying one resident text.

Features: TF-IDF over word 1-2 grams plus char_wb 2-5 grams (robust to typos, SMS spelling and
Dutch word forms; a Dutch stemmer on top measured no better, see docs/triage.md).
Classifiers, all linear:
- main category: a LinearSVC whose scores are calibrated into probabilities (CalibratedClassifierCV,
  sigmoid): a proposal below REVIEW_THRESHOLD says so and goes to review;
- sub category: one LinearSVC per main category, over that main's subs;
- urgency ("needs action now", e.g. asbestos) and emergency ("a person in danger now"): two
  LogisticRegressions. The emergency probability is one of the two sources of the "unsure" state;
  the explicit Dutch safety net in :mod:`services.triage.safety` is the other and the only source
  of "now" (the 112 stop): a statistical guess never decides an emergency on its own.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

import joblib
import numpy as np
import scipy.sparse as sparse
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from . import safety

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parents[1]
CATEGORIES_PATH = REPO_DIR / "data_access" / "reference" / "categories.json"
CORPUS_PATH = PACKAGE_DIR / "corpus" / "corpus.csv"
HOLDOUT_PATH = PACKAGE_DIR / "corpus" / "holdout_realistic.csv"
HARD_NEGATIVES_PATH = PACKAGE_DIR / "corpus" / "hard_negatives.csv"
DEV_PATH = PACKAGE_DIR / "eval" / "dev.csv"
DEV2_PATH = PACKAGE_DIR / "eval" / "dev2.csv"
SET4_PATH = PACKAGE_DIR / "eval" / "set4.csv"
SET5_PATH = PACKAGE_DIR / "eval" / "set5.csv"
SET6_PATH = PACKAGE_DIR / "eval" / "set6.csv"
SET7_PATH = PACKAGE_DIR / "eval" / "set7.csv"
SET8_PATH = PACKAGE_DIR / "eval" / "set8.csv"
SET9_PATH = PACKAGE_DIR / "eval" / "set9.csv"
SET10_PATH = PACKAGE_DIR / "eval" / "set10.csv"
# the independent writers' sets the model reads and learns from
DEV_PATHS = (DEV_PATH, DEV2_PATH, SET4_PATH, SET5_PATH, SET6_PATH, SET7_PATH, SET8_PATH, SET9_PATH, SET10_PATH)
TEST_PATH = PACKAGE_DIR / "eval" / "test.csv"
SET11_PATH = PACKAGE_DIR / "eval" / "set11.csv"   # sealed: never read, trained or tuned on (eval/README.md)
SHIPPED_DIR = PACKAGE_DIR / "model"      # the model(s) in git; trained ones go to the registry
MODEL_ENV = "HNM_TRIAGE_MODEL"           # optional: path of a specific model file to use
FORMAT = 2

OVERIG = "overig"          # the main category for what nobody can place
OVERIG_SUB = "overig-overig"
POLICE_MAIN = "veiligheid-politie"
EXTRA_WEIGHT = 3.0  # operators' corrections weigh more than one synthetic row
DEV_WEIGHT = 3.0    # so do the independent writers' dev texts (DEV_PATHS; eval/README.md)
MAX_TOP_TERMS = 5
# Decision thresholds, chosen on the dev set's out-of-fold predictions (docs/triage.md); stored
# in each model file so that a retrained model keeps the ones it was validated with.
THRESHOLDS = {
    "overig": 0.20,      # main-category confidence below this: overig/overig, a person triages
    "review": 0.50,      # below this: the category stays, the proposal is marked for review
    "urgent": 0.50,      # urgency probability from which a report is urgent
    "urgent_calmed": 0.99,   # ... when the text itself says the danger is over ("brand is al uit")
    "emergency": 0.45,   # emergency probability from which the resident is asked "Is er nu iemand in gevaar?"
                         # (both lowered from 0.60 in round 8, chosen leaving writers out: docs/triage.md)
    "police_calmed": 0.60,   # below this, a police category whose danger words the text itself calms
                             # ("geen brand hoor", "bleek een grap", "elke avond") gives way to the best other one
}
STOPWORDS = frozenset(
    "de het een en of is zijn er in op bij van voor naar met al ook nog niet wel dat die dit deze "
    "ik je jij u we wij ze zij hij mijn onze ons hun haar hem te om aan uit over door tot als dan "
    "maar want wordt worden was waren heeft hebben heb kan kunnen moet moeten wil graag hallo hoi "
    "beste dag goedemiddag goedemorgen goedenavond melding melden the a s t n 0 00 000 straat weg".split()
)


class TriageError(ValueError):
    """Input the classifier cannot work with (message in Dutch)."""


# --------------------------------------------------------------------------------- taxonomy
@lru_cache(maxsize=1)
def taxonomy() -> dict[str, dict]:
    """sub slug -> {main, organisation, team, urgent, name} from categories.json."""
    data = json.loads(CATEGORIES_PATH.read_text(encoding="utf-8"))
    return {
        s["slug"]: {k: s[k] for k in ("main", "organisation", "team", "urgent", "name")}
        for s in data["sub_categories"]
    }


# --------------------------------------------------------------------------------- proposal
@dataclass(frozen=True)
class TriageProposal:
    main_slug: str
    sub_slug: str
    organisation: str
    team: str
    confidence: float
    main_confidence: float
    urgent: bool
    urgent_confidence: float
    life_threatening: bool
    needs_review: bool
    top_terms: list[str] = field(default_factory=list)
    model_version: str = ""
    danger: str = safety.NONE          # "now" (112), "unsure" (ask / check first) or "none"
    danger_class: str | None = None    # which kind of danger (safety.DANGER_LABELS)
    danger_words: list[str] = field(default_factory=list)   # the words that made the safety net fire
    urgent_if_safe: bool = False       # the urgency when the resident answers "nobody is in danger now"
    review_reason: str = ""            # why a person must look at the proposal (Dutch, for the operator)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["top_terms"] = list(self.top_terms)
        d["danger_words"] = list(self.danger_words)
        return d


# --------------------------------------------------------------------------------- text
_DIGITS = re.compile(r"\d+")


def preprocess(text: str) -> str:
    """Normalised text the vectorisers see: lower case, no accents, numbers as 0."""
    return _DIGITS.sub("0", safety.normalise(text))


def check_text(text: object) -> str:
    if not isinstance(text, str) or not text.strip():
        raise TriageError("Lege melding: vul een tekst in om de melding te kunnen indelen.")
    return text


# --------------------------------------------------------------------------------- data
class Example(NamedTuple):
    """One labelled text. `emergency` None: derived (urgent and a police category)."""
    text: str
    sub_slug: str
    urgent: bool
    emergency: bool | None = None


def _flag(value) -> bool:
    return str(value).strip().lower() in ("1", "true", "ja", "yes", "spoed")


def read_corpus(path: Path = CORPUS_PATH, split: str | None = None) -> list[tuple[str, str, bool]]:
    """Rows (text, sub_slug, urgent) of a labelled CSV; lines starting with '#' are comments."""
    rows = []
    with Path(path).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(line for line in fh if not line.startswith("#"))
        for r in reader:
            if split and r.get("split", "train") != split:
                continue
            rows.append((r["text"], r["sub_slug"], _flag(r["urgent"])))
    return rows


class EvalRow(NamedTuple):
    text: str
    main_slug: str
    sub_slug: str
    urgent: bool
    emergency: bool
    danger_class: str
    style: str


def read_eval_set(path: Path) -> list[EvalRow]:
    """An evaluation CSV (text, main_slug, sub_slug, urgent[, emergency, danger_class, style]);
    without an emergency column an urgent police text counts as an emergency."""
    tax = taxonomy()
    with Path(path).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(line for line in fh if not line.startswith("#"))
        rows = []
        for r in reader:
            main = r.get("main_slug") or tax[r["sub_slug"]]["main"]
            urgent = _flag(r["urgent"])
            emergency = _flag(r["emergency"]) if r.get("emergency") not in (None, "") else (
                urgent and main == POLICE_MAIN)
            rows.append(EvalRow(r["text"], main, r["sub_slug"], urgent, emergency,
                                r.get("danger_class") or "", r.get("style") or ""))
    return rows


def dev_examples(paths: Sequence[Path] = DEV_PATHS) -> list[Example]:
    """The labelled texts of the independent writers' development sets (all of them by default)."""
    return [Example(r.text, r.sub_slug, r.urgent, r.emergency) for path in paths for r in read_eval_set(path)]


def _emergency(example: Example, tax: dict) -> bool:
    if example.emergency is not None:
        return bool(example.emergency)
    return bool(example.urgent) and tax[example.sub_slug]["main"] == POLICE_MAIN


# --------------------------------------------------------------------------------- training
def _vectoriser() -> FeatureUnion:
    return FeatureUnion([
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, max_features=25000,
                                 sublinear_tf=True, token_pattern=r"(?u)\b\w+\b", dtype=np.float32)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, max_features=40000,
                                 sublinear_tf=True, dtype=np.float32)),
    ])


def _small(clf) -> None:
    """float32 weights: half the file, the same predictions to ~1e-6."""
    clf.coef_ = clf.coef_.astype(np.float32)


def fit_bundle(rows: Sequence, weights: Sequence[float] | None = None,
               thresholds: dict | None = None) -> dict:
    """Fit vectoriser and classifiers on (text, sub_slug, urgent[, emergency]) rows; a plain dict."""
    tax = taxonomy()
    rows = [Example(*row) for row in rows]
    unknown = sorted({r.sub_slug for r in rows if r.sub_slug not in tax})
    if unknown:
        raise TriageError(f"Onbekende subcategorie(ën): {', '.join(unknown)}")
    texts = [preprocess(r.text) for r in rows]
    subs = np.array([r.sub_slug for r in rows])
    mains = np.array([tax[s]["main"] for s in subs])
    urgent = np.array([bool(r.urgent) for r in rows])
    emergency = np.array([_emergency(r, tax) for r in rows])
    w = np.ones(len(rows)) if weights is None else np.asarray(weights, dtype=float)
    vec = _vectoriser()
    X = vec.fit_transform(texts)

    main_clf = CalibratedClassifierCV(LinearSVC(C=0.5, random_state=0), method="sigmoid", cv=3,
                                      ensemble=False)
    main_clf.fit(X, mains, sample_weight=w)
    _small(main_clf.calibrated_classifiers_[0].estimator)
    sub_clfs = {}
    for main in sorted(set(mains)):
        rows_in = np.where(mains == main)[0]
        if len(set(subs[rows_in])) < 2:
            sub_clfs[main] = str(subs[rows_in][0])     # one sub: nothing to choose
            continue
        clf = LinearSVC(C=0.5, random_state=0).fit(X[rows_in], subs[rows_in], sample_weight=w[rows_in])
        _small(clf)
        sub_clfs[main] = clf
    urg_clf = LogisticRegression(C=10.0, max_iter=400, class_weight="balanced", tol=1e-3)
    urg_clf.fit(X, urgent, sample_weight=w)
    emg_clf = LogisticRegression(C=10.0, max_iter=400, class_weight="balanced", tol=1e-3)
    emg_clf.fit(X, emergency, sample_weight=w)
    for clf in (urg_clf, emg_clf):
        _small(clf)
    return {
        "format": FORMAT,
        "vectoriser": vec,
        "main_clf": main_clf,
        "sub_clfs": sub_clfs,
        "urgent_clf": urg_clf,
        "emergency_clf": emg_clf,
        "thresholds": dict(thresholds or THRESHOLDS),
        "taxonomy": {s: tax[s] for s in tax},  # snapshot, used if categories.json changes
    }


def _digest(rows: Sequence) -> str:
    digest = hashlib.sha256()
    for row in rows:
        text, sub, urgent, *rest = row
        digest.update(f"{text}\t{sub}\t{int(bool(urgent))}\t{rest[0] if rest else ''}\n".encode())
    return digest.hexdigest()[:6]


def _now() -> datetime:
    """The training time; SOURCE_DATE_EPOCH (reproducible builds) fixes it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.replace(microsecond=0)


IMPORT_WEIGHT = 1.0  # imported history: real texts, but final categories of another system's taxonomy


def _checked(rows: Iterable) -> list[Example]:
    out = []
    for item in rows:
        example = Example(*item)
        out.append(example._replace(text=check_text(example.text), urgent=bool(example.urgent)))
    return out


def training_rows(extra: Iterable = (), *, imported: Iterable = (), corpus: Sequence | None = None,
                  dev: Sequence | None = None) -> tuple[list, list[float], dict]:
    """The rows a model learns from, their weights and what they are made of (for the metadata):
    the synthetic corpus with its hand-written hard negatives, the dev sets, operators' corrections
    (`extra`) and imported history."""
    corpus = list(corpus) if corpus is not None else read_corpus()
    dev = list(dev) if dev is not None else dev_examples()
    hard = read_corpus(HARD_NEGATIVES_PATH)
    extra_rows, imported_rows = _checked(extra), _checked(imported)
    rows = list(corpus) + hard + list(dev) + extra_rows + imported_rows
    weights = ([1.0] * len(corpus) + [DEV_WEIGHT] * (len(hard) + len(dev)) + [EXTRA_WEIGHT] * len(extra_rows)
               + [IMPORT_WEIGHT] * len(imported_rows))
    return rows, weights, {"corpus_rows": len(corpus), "hard_negative_rows": len(hard), "dev_rows": len(dev),
                           "extra_rows": len(extra_rows), "imported_rows": len(imported_rows)}


def train_model(extra_examples: Iterable = (), out_dir: str | Path | None = None,
                *, imported: Iterable = (), corpus: Sequence | None = None, dev: Sequence | None = None,
                evaluation: dict | None = None) -> Path:
    """Train on the corpus, the dev sets, extra (text, sub_slug, urgent) examples (operators'
    corrections) and imported history; write a new
    model file ``triage-<version>.joblib`` with its metadata (``.json``) and its Algoritmeregister
    entry next to it. ``out_dir`` defaults to the registry (services.triage.registry).
    ``corpus``/``dev`` replace the shipped rows (for quick tests only); ``evaluation`` is stored
    in the metadata as measured (retrain.py passes the scores it compared)."""
    from .registry import model_dir, write_register_entry

    rows, weights, counts = training_rows(extra_examples, imported=imported, corpus=corpus, dev=dev)
    started = time.perf_counter()
    bundle = fit_bundle(rows, weights)
    when = _now()
    version = f"{when:%Y%m%d%H%M%S}-{_digest(rows)}"
    word, char = (part for _, part in bundle["vectoriser"].transformer_list)
    meta = {
        "version": version,
        "format": FORMAT,
        "trained_at": when.isoformat(),
        **counts,
        "sklearn_version": sklearn.__version__,
        "features": int(len(word.vocabulary_) + len(char.vocabulary_)),
        "classes": len(taxonomy()),
        "thresholds": bundle["thresholds"],
        "train_seconds": round(time.perf_counter() - started, 1),
        "corpus": "services/triage/corpus/corpus.csv (synthetic, see corpus/README.md) + services/triage/eval/"
                  + " + ".join(path.name for path in DEV_PATHS)
                  + f" (synthetic, {len(DEV_PATHS)} independent writers, see eval/README.md)",
        "evaluation": evaluation or {},
    }
    bundle["meta"] = meta
    out = Path(out_dir) if out_dir is not None else model_dir()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"triage-{version}.joblib"
    joblib.dump(bundle, path, compress=("xz", 6))
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_register_entry(path, shipped_too=True)
    return path


# --------------------------------------------------------------------------------- model
class TriageModel:
    """A loaded model; ``classify(text)`` returns a :class:`TriageProposal`."""

    def __init__(self, bundle: dict, path: Path | None = None):
        if bundle.get("format") != FORMAT:
            raise TriageError("Dit triagemodel heeft een oude opbouw; train een nieuw model met `triage-train`.")
        self.path = path
        self.meta = bundle.get("meta", {})
        self.version = self.meta.get("version", "onbekend")
        self.vec: FeatureUnion = bundle["vectoriser"]
        self.main_clf: CalibratedClassifierCV = bundle["main_clf"]
        self.sub_clfs: dict = bundle["sub_clfs"]
        self.urg_clf: LogisticRegression = bundle["urgent_clf"]
        self.emg_clf: LogisticRegression = bundle["emergency_clf"]
        self.thresholds = {**THRESHOLDS, **bundle.get("thresholds", {})}
        try:
            tax = taxonomy()
        except OSError:
            tax = bundle["taxonomy"]
        self.tax = {**bundle["taxonomy"], **tax}
        self.mains: list[str] = [str(c) for c in self.main_clf.classes_]
        calibrated = self.main_clf.calibrated_classifiers_[0]
        self._main_svc = calibrated.estimator
        if len(self.mains) < 3:
            raise TriageError("Het triagemodel kent te weinig hoofdcategorieën.")
        # the sigmoid calibration of each class, as arrays: one vector operation per proposal
        self._sigmoid_a = np.array([c.a_ for c in calibrated.calibrators], dtype=np.float64)
        self._sigmoid_b = np.array([c.b_ for c in calibrated.calibrators], dtype=np.float64)
        word_vec = self.vec.transformer_list[0][1]
        char_vec = self.vec.transformer_list[1][1]
        if self.vec.transformer_weights:
            raise ValueError("Het triagemodel weegt zijn onderdelen; dat wordt niet ondersteund.")
        self._parts = (word_vec, char_vec)
        self.n_word = len(word_vec.vocabulary_)
        names = [None] * self.n_word
        for term, idx in word_vec.vocabulary_.items():
            names[idx] = term
        cnames = [None] * len(char_vec.vocabulary_)
        for term, idx in char_vec.vocabulary_.items():
            cnames[idx] = term
        self.feature_names = names + cnames
        self._urgent_col = list(self.urg_clf.classes_).index(True)
        self._emergency_col = list(self.emg_clf.classes_).index(True)

    # -- helpers
    def _top_terms(self, x, main_idx: int, norm_text: str) -> list[str]:
        """The words of the text that pushed it most towards its main category."""
        coef = self._main_svc.coef_[main_idx]
        contrib = x.data * coef[x.indices]
        tokens = [t for t in dict.fromkeys(re.findall(r"\w+", norm_text))
                  if t not in STOPWORDS and not t.isdigit() and len(t) > 1]
        if not tokens:
            return []
        padded = [f" {t} " for t in tokens]
        score = dict.fromkeys(tokens, 0.0)
        for idx, c in zip(x.indices, contrib):
            if c <= 0:
                continue
            name = self.feature_names[idx]
            if idx < self.n_word:
                parts = [p for p in name.split() if p in score]
            else:
                parts = [t for t, p in zip(tokens, padded) if name in p]
            for p in parts:
                score[p] += c / len(parts)
        ranked = sorted((s, t) for t, s in score.items() if s > 0)
        return [t for s, t in reversed(ranked)][:MAX_TOP_TERMS]

    def features(self, norm_text: str):
        """The union's features of one text: its two vectorisers side by side, without the
        FeatureUnion's per-call job dispatch and input checks (a third of a classification)."""
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            return sparse.hstack([part.transform([norm_text]) for part in self._parts], format="csr")

    @staticmethod
    def _scores(clf, x) -> np.ndarray:
        """A linear model's decision scores for one row: one sparse dot product, no input checks."""
        return np.asarray(x @ clf.coef_.T).ravel() + clf.intercept_

    def _positive(self, clf, x, column: int) -> float:
        """A binary LogisticRegression's probability of classes_[column]."""
        p = 1.0 / (1.0 + np.exp(-float(self._scores(clf, x)[0])))
        return p if column == 1 else 1.0 - p

    def main_probabilities(self, x) -> np.ndarray:
        """CalibratedClassifierCV.predict_proba of one row, computed directly (sklearn's per-class
        checks cost more than the arithmetic; tests/unit/test_triage.py checks that both agree)."""
        scores = self._scores(self._main_svc, x)
        p = 1.0 / (1.0 + np.exp(self._sigmoid_a * scores + self._sigmoid_b))
        total = p.sum()
        return p / total if total > 0 else np.full(len(p), 1.0 / len(p))

    def _sub_for(self, main: str, x) -> str:
        clf = self.sub_clfs[main]
        if isinstance(clf, str):
            return clf
        scores = self._scores(clf, x)
        return str(clf.classes_[int(np.argmax(scores))] if len(clf.classes_) > 2 else clf.classes_[int(scores[0] > 0)])

    def _main_index(self, p_main: np.ndarray, check: safety.Assessment) -> int:
        """The most probable main category; a police category the text pulls towards only with
        danger words it calms itself (negated, over, a joke, a recurring nuisance) and that the model
        is not sure of gives way to the best other category."""
        best = int(np.argmax(p_main))
        if (self.mains[best] != POLICE_MAIN or check.level != safety.NONE or not check.calmed
                or p_main[best] >= self.thresholds["police_calmed"]):
            return best
        others = p_main.copy()
        others[best] = -1.0
        return int(np.argmax(others))

    def probabilities(self, text: str) -> tuple[np.ndarray, float, float]:
        """(main-category probabilities, urgency probability, emergency probability) of a text."""
        x = self.features(preprocess(check_text(text)))
        return (self.main_clf.predict_proba(x)[0], float(self.urg_clf.predict_proba(x)[0, self._urgent_col]),
                float(self.emg_clf.predict_proba(x)[0, self._emergency_col]))

    def classify(self, text: str) -> TriageProposal:
        # sklearn's per-call input checks are a third of a proposal's time; the features are ours
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            return self._classify(check_text(text))

    def _classify(self, text: str) -> TriageProposal:
        norm = preprocess(text)
        x = self.features(norm)
        t = self.thresholds
        p_main = self.main_probabilities(x)
        check = safety.assess(text)
        main_idx = self._main_index(p_main, check)
        main, main_conf = self.mains[main_idx], float(p_main[main_idx])
        sub = self._sub_for(main, x)
        known_words = int(x[:, : self.n_word].nnz)

        p_urg = self._positive(self.urg_clf, x, self._urgent_col)
        p_emg = self._positive(self.emg_clf, x, self._emergency_col)
        life = check.life
        urgent_rule = bool(check.rules)          # a rule that holds now (life or urgent only)
        calmed = check.level == safety.NONE and bool(check.calmed)
        urgent_if_safe = urgent_rule or p_urg >= (t["urgent_calmed"] if calmed else t["urgent"])
        danger = check.danger       # the net: NOW only for danger to life, UNSURE for the rest
        if danger == safety.NONE and p_emg >= t["emergency"] and not calmed:
            danger = safety.UNSURE  # the model thinks someone may be in danger: ask, never assume
        urgent = urgent_if_safe or danger != safety.NONE
        urgent_conf = 0.99 if (urgent_rule or danger != safety.NONE) else (p_urg if urgent else 1.0 - p_urg)

        reasons = []
        if life and not (self.tax[sub]["urgent"] and main == POLICE_MAIN):
            # a life-threatening situation goes to the police emergency team, whatever the model said
            best = next((h.rule.sub_slug for h in check.hits if h.rule.life and h.level == safety.NOW
                         and h.rule.sub_slug in self.tax and self.tax[h.rule.sub_slug]["main"] == POLICE_MAIN),
                        "persoon-in-nood")
            sub, main = best, POLICE_MAIN
            main_conf = float(p_main[self.mains.index(main)]) if main in self.mains else 0.0
            reasons.append("doorgestuurd naar de politie: mogelijk levensgevaar")
        elif main_conf < t["overig"] or known_words == 0:
            # too unsure: a person triages it; confidences stay those of the rejected best guess
            reasons.append(f"categorie zeer onzeker ({main_conf:.0%}): een medewerker deelt hem in")
            main, sub = OVERIG, OVERIG_SUB
        elif main_conf < t["review"]:
            reasons.append(f"categorie onzeker ({main_conf:.0%}): controleer de categorie")
        elif main == OVERIG:
            reasons.append("categorie overig: een medewerker deelt hem in")
        if danger == safety.UNSURE:
            reasons.append("mogelijk iemand in gevaar: controleer eerst of het nu gebeurt")

        info = self.tax[sub]
        return TriageProposal(
            main_slug=main,
            sub_slug=sub,
            organisation=info["organisation"],
            team=info["team"],
            confidence=round(main_conf, 4),
            main_confidence=round(main_conf, 4),
            urgent=bool(urgent),
            urgent_confidence=round(float(urgent_conf), 4),
            life_threatening=bool(life),
            needs_review=bool(reasons),
            top_terms=self._top_terms(x, main_idx, norm),
            model_version=self.version,
            danger=danger,
            danger_class=check.danger_class if check.level != safety.NONE else (
                "onbekend" if danger == safety.UNSURE else None),
            danger_words=check.words,
            urgent_if_safe=bool(urgent_if_safe),
            review_reason="; ".join(reasons),
        )


def load_model(path: str | Path | None = None) -> TriageModel:
    """Load a specific model file, or (no path) the default one (see default_model_path)."""
    p = Path(path) if path is not None else default_model_path()
    if not p.is_file():
        raise FileNotFoundError(f"Triagemodel niet gevonden: {p}")
    return TriageModel(joblib.load(p), p)


def default_model_path() -> Path:
    """$HNM_TRIAGE_MODEL, else the registry's active model, else the newest shipped one."""
    env = os.environ.get(MODEL_ENV)
    if env:
        return Path(env)
    from .registry import active_path

    return active_path()


_lock = threading.Lock()
_active: TriageModel | None = None
_pinned = False        # set_model() chose the model: no switching to the registry's active one
_checked_at = 0.0
RECHECK_SECONDS = 60   # how often a process looks whether another one promoted a model


def get_model() -> TriageModel:
    """The process-wide model, loaded once (thread-safe); at most once a minute the process checks
    whether the active model changed (a promotion or rollback in another process) and loads it."""
    global _active, _checked_at
    model = _active
    now = time.monotonic()
    if model is not None and (_pinned or now - _checked_at < RECHECK_SECONDS):
        return model
    with _lock:
        _checked_at = now
        if _active is None or (not _pinned and _active.path is not None and default_model_path() != _active.path):
            _active = load_model()
        return _active


def set_model(model: TriageModel | str | Path | None) -> None:
    """Replace the process-wide model (a TriageModel, a path, or None to reload lazily)."""
    global _active, _checked_at, _pinned
    if model is not None and not isinstance(model, TriageModel):
        model = load_model(model)
    with _lock:
        _active, _pinned = model, model is not None
        _checked_at = time.monotonic()


def classify(text: str, model: TriageModel | None = None) -> TriageProposal:
    """Propose category, urgency and routing for one resident text.

    Raises :class:`TriageError` (a ``ValueError``) with a Dutch message for empty text.
    """
    check_text(text)
    return (model or get_model()).classify(text)
