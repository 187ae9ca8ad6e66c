"""Evaluation helpers shared by bench/triage_accuracy.py and the `triage-train` command."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from .model import TriageModel, taxonomy


@dataclass
class Scores:
    n: int = 0
    main_correct: int = 0
    sub_correct: int = 0
    per_main: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # main -> [right, total]
    per_sub: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    tp: int = 0
    fp: int = 0
    fn: int = 0
    needs_review: int = 0
    misses: list = field(default_factory=list)  # (text, expected sub, proposed sub)
    urgent_misses: list = field(default_factory=list)

    @property
    def main_accuracy(self) -> float:
        return self.main_correct / self.n if self.n else 0.0

    @property
    def sub_accuracy(self) -> float:
        return self.sub_correct / self.n if self.n else 0.0

    @property
    def urgent_recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def urgent_precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0


def evaluate(model: TriageModel, rows: Sequence[tuple[str, str, bool]]) -> Scores:
    tax = taxonomy()
    s = Scores()
    for text, sub, urgent in rows:
        p = model.classify(text)
        main = tax[sub]["main"]
        s.n += 1
        ok_main = p.main_slug == main
        s.main_correct += ok_main
        s.sub_correct += p.sub_slug == sub
        s.per_main[main][0] += ok_main
        s.per_main[main][1] += 1
        s.per_sub[sub][0] += p.sub_slug == sub
        s.per_sub[sub][1] += 1
        s.needs_review += p.needs_review
        if urgent and p.urgent:
            s.tp += 1
        elif urgent:
            s.fn += 1
            s.urgent_misses.append(text)
        elif p.urgent:
            s.fp += 1
        if not ok_main:
            s.misses.append((text, sub, p.sub_slug))
    return s
