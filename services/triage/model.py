"""Triage classifier: training, loading and classifying one resident text.

Features: TF-IDF over word 1-2 grams plus char_wb 2-5 grams (robust to typos and SMS spelling).
Classifiers: one multinomial LogisticRegression over the sub categories (the main category is
the sum of its subs' probabilities) and one binary LogisticRegression for urgency. Urgency is
then combined with the explicit Dutch safety net in :mod:`services.triage.safety`.
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
from typing import Iterable, Sequence

import joblib
import numpy as np
import scipy.sparse as sparse
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from . import safety

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parents[1]
CATEGORIES_PATH = REPO_DIR / "data_access" / "reference" / "categories.json"
CORPUS_PATH = PACKAGE_DIR / "corpus" / "corpus.csv"
HOLDOUT_PATH = PACKAGE_DIR / "corpus" / "holdout_realistic.csv"
MODEL_DIR = PACKAGE_DIR / "model"
MODEL_ENV = "HNM_TRIAGE_MODEL"  # optional: path of a specific model file to use

OVERIG = "overig"          # the main category for what nobody can place
OVERIG_SUB = "overig-overig"
POLICE_MAIN = "veiligheid-politie"
# Below this main-category confidence the proposal becomes overig/overig + needs_review.
OVERIG_THRESHOLD = 0.20
# Below this main-category confidence the proposal keeps its category but needs_review is set.
REVIEW_THRESHOLD = 0.50
URGENT_THRESHOLD = 0.5
EXTRA_WEIGHT = 3.0  # operators' corrections weigh more than one synthetic row
MAX_TOP_TERMS = 5
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

    def to_dict(self) -> dict:
        d = asdict(self)
        d["top_terms"] = list(self.top_terms)
        return d


# --------------------------------------------------------------------------------- text
_DIGITS = re.compile(r"\d+")


def preprocess(text: str) -> str:
    """Normalised text the vectorisers see: lower case, no accents, numbers as 0."""
    return _DIGITS.sub("0", safety.normalise(text))


def _check_text(text: object) -> str:
    if not isinstance(text, str) or not text.strip():
        raise TriageError("Lege melding: vul een tekst in om de melding te kunnen indelen.")
    return text


# --------------------------------------------------------------------------------- corpus
def read_corpus(path: Path = CORPUS_PATH, split: str | None = None) -> list[tuple[str, str, bool]]:
    """Rows (text, sub_slug, urgent) of a labelled CSV; lines starting with '#' are comments."""
    rows = []
    with Path(path).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(line for line in fh if not line.startswith("#"))
        for r in reader:
            if split and r.get("split", "train") != split:
                continue
            rows.append((r["text"], r["sub_slug"], str(r["urgent"]).strip().lower() in ("1", "true", "ja", "yes")))
    return rows


# --------------------------------------------------------------------------------- training
def _vectoriser() -> FeatureUnion:
    return FeatureUnion([
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, max_features=25000,
                                 sublinear_tf=True, token_pattern=r"(?u)\b\w+\b", dtype=np.float32)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, max_features=40000,
                                 sublinear_tf=True, dtype=np.float32)),
    ])


def fit_bundle(rows: Sequence[tuple[str, str, bool]], weights: Sequence[float] | None = None) -> dict:
    """Fit vectoriser and both classifiers on (text, sub_slug, urgent) rows; return a plain dict."""
    tax = taxonomy()
    unknown = sorted({s for _, s, _ in rows if s not in tax})
    if unknown:
        raise TriageError(f"Onbekende subcategorie(ën): {', '.join(unknown)}")
    texts = [preprocess(t) for t, _, _ in rows]
    subs = np.array([s for _, s, _ in rows])
    urgent = np.array([bool(u) for _, _, u in rows])
    w = None if weights is None else np.asarray(weights, dtype=float)
    vec = _vectoriser()
    X = vec.fit_transform(texts)
    sub_clf = LogisticRegression(C=20.0, max_iter=300, tol=1e-3)
    sub_clf.fit(X, subs, sample_weight=w)
    urg_clf = LogisticRegression(C=10.0, max_iter=300, class_weight="balanced", tol=1e-3)
    urg_clf.fit(X, urgent, sample_weight=w)
    for clf in (sub_clf, urg_clf):  # smaller file, same predictions to ~1e-3
        clf.coef_ = clf.coef_.astype(np.float32)
    return {
        "vectoriser": vec,
        "sub_clf": sub_clf,
        "urgent_clf": urg_clf,
        "taxonomy": {s: tax[s] for s in tax},  # snapshot, used if categories.json changes
    }


def _version(rows: Sequence[tuple[str, str, bool]], when: datetime) -> str:
    digest = hashlib.sha256()
    for t, s, u in rows:
        digest.update(f"{t}\t{s}\t{int(bool(u))}\n".encode())
    return f"{when:%Y%m%d%H%M%S}-{digest.hexdigest()[:6]}"


def train_model(extra_examples: Iterable[tuple[str, str, bool]] = (), out_dir: str | Path | None = None,
                *, corpus: Sequence[tuple[str, str, bool]] | None = None) -> Path:
    """Retrain on the corpus plus extra (text, sub_slug, urgent) examples; write a new model file.

    Returns the path of ``triage-<version>.joblib`` (a ``.json`` metadata file is written next
    to it). ``out_dir`` defaults to the package's model directory. ``corpus`` replaces the
    shipped corpus rows (for quick tests only).
    """
    corpus = list(corpus) if corpus is not None else read_corpus()
    extra = []
    for item in extra_examples:
        text, sub, urg = item
        extra.append((_check_text(text), sub, bool(urg)))
    rows = corpus + extra
    weights = [1.0] * len(corpus) + [EXTRA_WEIGHT] * len(extra)
    started = time.perf_counter()
    bundle = fit_bundle(rows, weights)
    when = datetime.now(timezone.utc).replace(microsecond=0)
    version = _version(rows, when)
    meta = {
        "version": version,
        "trained_at": when.isoformat(),
        "corpus_rows": len(corpus),
        "extra_rows": len(extra),
        "sklearn_version": sklearn.__version__,
        "features": int(len(bundle["vectoriser"].transformer_list[0][1].vocabulary_)
                        + len(bundle["vectoriser"].transformer_list[1][1].vocabulary_)),
        "classes": len(bundle["sub_clf"].classes_),
        "train_seconds": round(time.perf_counter() - started, 1),
        "corpus": "services/triage/corpus/corpus.csv (synthetic, see corpus/README.md)",
    }
    bundle["meta"] = meta
    out = Path(out_dir) if out_dir is not None else MODEL_DIR
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"triage-{version}.joblib"
    joblib.dump(bundle, path, compress=("xz", 3))
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------------- model
class TriageModel:
    """A loaded model; ``classify(text)`` returns a :class:`TriageProposal`."""

    def __init__(self, bundle: dict, path: Path | None = None):
        self.path = path
        self.meta = bundle.get("meta", {})
        self.version = self.meta.get("version", "onbekend")
        self.vec: FeatureUnion = bundle["vectoriser"]
        self.sub_clf: LogisticRegression = bundle["sub_clf"]
        self.urg_clf: LogisticRegression = bundle["urgent_clf"]
        try:
            tax = taxonomy()
        except OSError:
            tax = bundle["taxonomy"]
        self.tax = {**bundle["taxonomy"], **tax}
        self.classes: list[str] = [str(c) for c in self.sub_clf.classes_]
        self.mains: list[str] = sorted({self.tax[s]["main"] for s in self.classes})
        m = np.zeros((len(self.classes), len(self.mains)), dtype=np.float64)
        for i, s in enumerate(self.classes):
            m[i, self.mains.index(self.tax[s]["main"])] = 1.0
        self.sub_to_main = m
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
        urgent_col = list(self.urg_clf.classes_).index(True)
        self._urgent_col = urgent_col

    # -- helpers
    def _top_terms(self, x, class_idx: int, norm_text: str) -> list[str]:
        coef = self.sub_clf.coef_[class_idx]
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

    def classify(self, text: str) -> TriageProposal:
        text = _check_text(text)
        norm = preprocess(text)
        x = self.features(norm)
        p_sub = self.sub_clf.predict_proba(x)[0]
        p_main = p_sub @ self.sub_to_main
        main_idx = int(np.argmax(p_main))
        main = self.mains[main_idx]
        main_conf = float(p_main[main_idx])
        in_main = np.where(self.sub_to_main[:, main_idx] > 0)[0]
        sub_idx = int(in_main[np.argmax(p_sub[in_main])])
        sub = self.classes[sub_idx]
        sub_conf = float(p_sub[sub_idx])
        known_words = int(x[:, : self.n_word].nnz)

        rules = safety.check(text)
        life = any(r.life for r in rules)
        p_urg = float(self.urg_clf.predict_proba(x)[0, self._urgent_col])
        urgent = p_urg >= URGENT_THRESHOLD or bool(rules)
        if rules:
            urgent_conf = max(p_urg, 0.99)
        else:
            urgent_conf = p_urg if urgent else 1.0 - p_urg

        needs_review = False
        if life and not (self.tax[sub]["urgent"] and main == POLICE_MAIN):
            # a life-threatening situation goes to the police emergency team, whatever the model said
            candidates = [r.sub_slug for r in rules if r.life and r.sub_slug in self.classes]
            best = max(candidates, key=lambda s: p_sub[self.classes.index(s)])
            sub_idx = self.classes.index(best)
            sub, main = best, self.tax[best]["main"]
            sub_conf = float(p_sub[sub_idx])
            main_conf = float(p_main[self.mains.index(main)])
            needs_review = True
        elif main_conf < OVERIG_THRESHOLD or known_words == 0:
            # too unsure: a person triages it; confidences stay those of the rejected best guess
            needs_review = True
            main, sub = OVERIG, OVERIG_SUB
        elif main_conf < REVIEW_THRESHOLD or main == OVERIG:
            needs_review = True

        info = self.tax[sub]
        return TriageProposal(
            main_slug=main,
            sub_slug=sub,
            organisation=info["organisation"],
            team=info["team"],
            confidence=round(sub_conf, 4),
            main_confidence=round(main_conf, 4),
            urgent=bool(urgent),
            urgent_confidence=round(float(urgent_conf), 4),
            life_threatening=bool(life),
            needs_review=needs_review,
            top_terms=self._top_terms(x, sub_idx, norm),
            model_version=self.version,
        )


def load_model(path: str | Path | None = None) -> TriageModel:
    """Load a specific model file, or (no path) the default one: $HNM_TRIAGE_MODEL or the newest
    ``triage-*.joblib`` in the package's model directory."""
    p = Path(path) if path is not None else default_model_path()
    if not p.is_file():
        raise FileNotFoundError(f"Triagemodel niet gevonden: {p}")
    return TriageModel(joblib.load(p), p)


def default_model_path() -> Path:
    env = os.environ.get(MODEL_ENV)
    if env:
        return Path(env)
    files = sorted(MODEL_DIR.glob("triage-*.joblib"))
    if not files:
        raise FileNotFoundError(f"Geen triagemodel in {MODEL_DIR}; train er een met `triage-train`.")
    return files[-1]


_lock = threading.Lock()
_active: TriageModel | None = None


def get_model() -> TriageModel:
    """The process-wide model, loaded once (thread-safe)."""
    global _active
    model = _active
    if model is None:
        with _lock:
            if _active is None:
                _active = load_model()
            model = _active
    return model


def set_model(model: TriageModel | str | Path | None) -> None:
    """Replace the process-wide model (a TriageModel, a path, or None to reload lazily)."""
    global _active
    if model is not None and not isinstance(model, TriageModel):
        model = load_model(model)
    with _lock:
        _active = model


def classify(text: str, model: TriageModel | None = None) -> TriageProposal:
    """Propose category, urgency and routing for one resident text.

    Raises :class:`TriageError` (a ``ValueError``) with a Dutch message for empty text.
    """
    _check_text(text)
    return (model or get_model()).classify(text)
