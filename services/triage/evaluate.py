"""Scores of a triage model on a labelled set: shared by bench/triage_accuracy.py, retraining's
promotion rule and the model page.

"Flagged urgent" is what the intake does with a proposal: urgent, or unsure about danger (the chat
asks, the API puts the report on top of the urgent queue for a person to check): both count.
`false_urgent_if_safe` is what stays of it in the chat once the resident answers "nobody is in
danger now" (the proposal's `urgent_if_safe`).
Emergencies are texts where a person is in danger now; routine texts are neither emergency nor
urgent. Every rate comes with a 95% Wilson interval.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .model import EvalRow, TriageModel, taxonomy
from .safety import NOW, UNSURE

Z95 = 1.959964


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95% Wilson score interval of k successes out of n (0..1); (0, 1) for n = 0."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class Rate:
    k: int = 0
    n: int = 0

    @property
    def value(self) -> float:
        return self.k / self.n if self.n else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.k, self.n)

    def add(self, hit: bool) -> None:
        self.k += bool(hit)
        self.n += 1

    def as_dict(self) -> dict:
        lo, hi = self.interval
        return {"k": self.k, "n": self.n, "value": round(self.value, 4), "ci95": [round(lo, 4), round(hi, 4)]}


@dataclass
class Scores:
    main: Rate = field(default_factory=Rate)                 # main category right
    sub: Rate = field(default_factory=Rate)
    emergency_recall: Rate = field(default_factory=Rate)     # emergencies flagged urgent
    emergency_now: Rate = field(default_factory=Rate)        # ... of which the safety net said "now" (112)
    urgent_recall: Rate = field(default_factory=Rate)        # every urgent text flagged urgent
    false_urgent: Rate = field(default_factory=Rate)         # routine texts flagged urgent
    false_urgent_if_safe: Rate = field(default_factory=Rate)  # ... still urgent after "nobody in danger now"
    review: Rate = field(default_factory=Rate)               # proposals marked for review
    per_main: dict = field(default_factory=lambda: defaultdict(Rate))
    per_danger: dict = field(default_factory=lambda: defaultdict(Rate))   # emergency recall per kind
    confusions: Counter = field(default_factory=Counter)    # (expected main, proposed main)
    misses: list = field(default_factory=list)               # (text, expected main, proposed main)
    emergency_misses: list = field(default_factory=list)     # (danger class, text)
    false_alarms: list = field(default_factory=list)         # (text, danger, danger words)

    @property
    def n(self) -> int:
        return self.main.n

    @property
    def main_accuracy(self) -> float:
        return self.main.value

    def summary(self) -> dict:
        return {"n": self.n, "main_accuracy": self.main.as_dict(), "sub_accuracy": self.sub.as_dict(),
                "emergency_recall": self.emergency_recall.as_dict(), "urgent_recall": self.urgent_recall.as_dict(),
                "false_urgent": self.false_urgent.as_dict(),
                "false_urgent_if_safe": self.false_urgent_if_safe.as_dict(), "needs_review": self.review.as_dict()}


def as_eval_rows(rows: Iterable) -> list[EvalRow]:
    """EvalRows from EvalRows or (text, sub_slug, urgent) tuples (emergency: urgent police text)."""
    tax = taxonomy()
    out = []
    for row in rows:
        if isinstance(row, EvalRow):
            out.append(row)
            continue
        text, sub, urgent = row[:3]
        main = tax[sub]["main"]
        out.append(EvalRow(text, main, sub, bool(urgent), bool(urgent) and main == "veiligheid-politie", "", ""))
    return out


def evaluate(model: TriageModel, rows: Sequence, into: Scores | None = None) -> Scores:
    """Score `model` on `rows`; `into` adds to earlier scores (the folds of a cross-validation)."""
    s = into if into is not None else Scores()
    for row in as_eval_rows(rows):
        p = model.classify(row.text)
        flagged = p.urgent or p.danger in (NOW, UNSURE)
        ok_main = p.main_slug == row.main_slug
        s.main.add(ok_main)
        s.sub.add(p.sub_slug == row.sub_slug)
        s.per_main[row.main_slug].add(ok_main)
        s.review.add(p.needs_review)
        if not ok_main:
            s.confusions[(row.main_slug, p.main_slug)] += 1
            s.misses.append((row.text, row.main_slug, p.main_slug))
        if row.urgent or row.emergency:
            s.urgent_recall.add(flagged)
        if row.emergency:
            s.emergency_recall.add(flagged)
            s.emergency_now.add(p.danger == NOW)
            s.per_danger[row.danger_class or "?"].add(flagged)
            if not flagged:
                s.emergency_misses.append((row.danger_class, row.text))
        elif not row.urgent:
            s.false_urgent.add(flagged)
            s.false_urgent_if_safe.add(p.urgent_if_safe)
            if flagged:
                s.false_alarms.append((row.text, p.danger, p.danger_words))
    return s
