"""The learning loop: retrain on corpus + dev set + operators' corrections (+ imported history),
compare the candidate with the model in use, promote only when it is not worse.

    from services.triage.retrain import retrain_and_maybe_promote
    result = retrain_and_maybe_promote(sessionmaker)      # a job runner calls this, e.g. weekly

The comparison uses two sets neither model learned from:
- the fixed evaluation set: services/triage/corpus/holdout_realistic.csv (never trained on);
- the recent corrections: reports a person corrected in the last `recent_days` days. The
  candidate is trained only on corrections *before* that window, so it is judged on texts it
  never saw, exactly like the model in use. (They join its training data at the next run.)

Promotion rule (`decide`): the candidate is promoted when
1. its urgent recall is not lower than the current model's on the fixed set, and not lower on the
   recent corrections: an emergency is never traded for anything else; and
2. it is better overall: a higher main-category accuracy on the two sets together; a tie counts
   as better only with fewer routine texts flagged urgent.
Otherwise the candidate is removed and the decision is logged. Every promoted model stays in the
registry for `flask --app app triage-models rollback`.
"""
from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from sqlalchemy.orm import Session

from . import registry
from .evaluate import Scores, evaluate
from .model import EvalRow, HOLDOUT_PATH, load_model, read_eval_set, set_model, taxonomy, train_model

log = logging.getLogger(__name__)
RECENT_DAYS = 30
DECISIONS_FILE = "decisions.jsonl"


@dataclass(frozen=True)
class Comparison:
    """One model's scores on the fixed set and on the recent corrections."""
    fixed: dict
    recent: dict

    @classmethod
    def of(cls, fixed: Scores, recent: Scores) -> "Comparison":
        return cls(fixed.summary(), recent.summary())

    def rate(self, part: str, name: str) -> float:
        return getattr(self, part)[name]["value"]

    def count(self, part: str, name: str) -> tuple[int, int]:
        figures = getattr(self, part)[name]
        return figures["k"], figures["n"]

    @property
    def main_right(self) -> tuple[int, int]:
        (k1, n1), (k2, n2) = self.count("fixed", "main_accuracy"), self.count("recent", "main_accuracy")
        return k1 + k2, n1 + n2

    @property
    def false_urgent(self) -> int:
        return self.count("fixed", "false_urgent")[0] + self.count("recent", "false_urgent")[0]


@dataclass(frozen=True)
class Decision:
    promote: bool
    reason: str


def decide(current: Comparison, candidate: Comparison) -> Decision:
    """The promotion rule (see the module's docstring)."""
    for part, label in (("fixed", "de vaste evaluatieset"), ("recent", "de recente correcties")):
        now, new = current.rate(part, "urgent_recall"), candidate.rate(part, "urgent_recall")
        if new < now:
            return Decision(False, f"spoed-recall daalt op {label}: {now:.1%} -> {new:.1%}")
    (right_now, n_now), (right_new, n_new) = current.main_right, candidate.main_right
    accuracy_now = right_now / n_now if n_now else 0.0
    accuracy_new = right_new / n_new if n_new else 0.0
    if accuracy_new > accuracy_now:
        return Decision(True, f"hoofdcategorie beter: {accuracy_now:.1%} -> {accuracy_new:.1%}, spoed-recall gelijk of beter")
    if accuracy_new == accuracy_now and candidate.false_urgent < current.false_urgent:
        return Decision(True, f"even nauwkeurig, minder onterecht spoed: {current.false_urgent} -> {candidate.false_urgent}")
    return Decision(False, f"niet beter: hoofdcategorie {accuracy_now:.1%} -> {accuracy_new:.1%}")


@dataclass
class RetrainResult:
    candidate_version: str
    current_version: str
    promoted: bool
    reason: str
    current: Comparison
    candidate: Comparison
    trained_on: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _rows(labelled) -> list[EvalRow]:
    tax = taxonomy()
    return [EvalRow(item.text, tax[item.sub_slug]["main"], item.sub_slug, item.urgent, item.emergency, "", "")
            for item in labelled if item.sub_slug in tax]


def _read_labels(sessions, include_imports: bool):
    from data_access.triage_queries import correction_examples, imported_examples

    def read(session: Session):
        corrections = correction_examples(session)
        imports = imported_examples(session) if include_imports else []
        return corrections, imports

    if isinstance(sessions, Session):
        return read(sessions)
    session = sessions()
    try:
        return read(session)
    finally:
        session.close()


def retrain_and_maybe_promote(sessions: Session | Callable[[], Session], *, now: datetime | None = None,
                              recent_days: int = RECENT_DAYS, include_imports: bool = True, extra=(),
                              fixed_set: list[EvalRow] | None = None, corpus=None, dev=None) -> RetrainResult:
    """Train a candidate, compare it with the model in use, promote it or throw it away.

    `sessions`: a sessionmaker (or one Session) of the store; only read, briefly, at the start.
    `extra`: more (text, sub_slug, urgent) examples to learn from (e.g. a CSV of corrections).
    `fixed_set`, `corpus`, `dev` replace the shipped data (tests); the candidate is written to
    the registry directory (services.triage.registry.model_dir)."""
    now = now or datetime.now(timezone.utc)
    extra = list(extra)
    since = now - timedelta(days=recent_days)
    corrections, imports = _read_labels(sessions, include_imports)
    older = [c for c in corrections if c.at < since]
    recent = [c for c in corrections if c.at >= since]
    current = load_model(registry.active_path())
    fixed = fixed_set if fixed_set is not None else read_eval_set(HOLDOUT_PATH)
    recent_rows = _rows(recent)

    path = train_model([(c.text, c.sub_slug, c.urgent, c.emergency) for c in older] + list(extra),
                       imported=[(c.text, c.sub_slug, c.urgent, c.emergency) for c in imports],
                       corpus=corpus, dev=dev)
    candidate = load_model(path)
    scores_now = Comparison.of(evaluate(current, fixed), evaluate(current, recent_rows))
    scores_new = Comparison.of(evaluate(candidate, fixed), evaluate(candidate, recent_rows))
    decision = decide(scores_now, scores_new)
    result = RetrainResult(candidate.version, current.version, decision.promote, decision.reason,
                           scores_now, scores_new, {"corrections": len(older) + len(extra), "imported": len(imports),
                                                    "recent_corrections_compared": len(recent_rows)})
    if decision.promote:
        registry.record_evaluation(path, {"vaste_evaluatieset": scores_new.fixed,
                                          "recente_correcties": scores_new.recent})
        registry.promote(candidate.version, reason=f"hertraind: {decision.reason}")
        set_model(None)         # this process loads the new model at its next proposal
    else:
        _discard(path)
    _log_decision(result, now)
    log.info("triage retraining: %s (%s)", "promoted" if decision.promote else "kept", decision.reason)
    return result


def scheduled_retraining(session: Session, now: datetime) -> dict:
    """The job runner's weekly entry (services/jobs/registry.py): retrain, maybe promote."""
    result = retrain_and_maybe_promote(session, now=now)
    return {"kandidaat": result.candidate_version, "gepromoveerd": result.promoted, "reden": result.reason}


def _discard(path: Path) -> None:
    for file in (path, path.with_suffix(".json"), registry.register_path(path)):
        file.unlink(missing_ok=True)


def _log_decision(result: RetrainResult, now: datetime) -> None:
    folder = registry.model_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / DECISIONS_FILE).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"at": now.isoformat(timespec="seconds"), **result.as_dict()},
                                ensure_ascii=False, default=str) + "\n")


def recent_decisions(limit: int = 10) -> list[dict]:
    """The last retraining decisions (newest first), for the model page."""
    path = registry.model_dir() / DECISIONS_FILE
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()[-limit:]
    return [json.loads(line) for line in reversed(lines) if line.strip()]

