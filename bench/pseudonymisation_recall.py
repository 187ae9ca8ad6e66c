"""Recall of the pseudonymiser (services/privacy/pseudonymise.py) - not part of the test run.

    python bench/pseudonymisation_recall.py            # our rules
    python bench/pseudonymisation_recall.py --misses   # also list what was missed or replaced wrongly
    python bench/pseudonymisation_recall.py --deduce   # also the `deduce` library, when installed

The sets: tests/fixtures/privacy/pseudonymisation_set.csv (120 texts, the rules were tuned on it)
and pseudonymisation_holdout.csv (40 texts written afterwards, never used to change a rule: the
honest figure), hand-written report texts in which every planted identifier is marked as
{KIND:value}, e.g. "mijn buurman {NAAM:Jan de Vries}"; texts without a mark hold no identifier. Per identifier type it prints the recall (planted identifiers
whose every character was replaced, and replaced by the right placeholder), then the
false-replacement rate: texts without identifiers in which anything was replaced, and replaced
stretches that touch no planted identifier in all texts.

deduce (Dutch clinical de-identification) has no placeholder for plates, postcodes or IBAN; for it
the table counts an identifier as found when any of its annotations covers it.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.privacy.pseudonymise import KINDS, find_identifiers  # noqa: E402

SET = ROOT / "tests" / "fixtures" / "privacy" / "pseudonymisation_set.csv"
# Written after the rules were done and never used to change them: the honest figure.
HOLDOUT = ROOT / "tests" / "fixtures" / "privacy" / "pseudonymisation_holdout.csv"
MARK = re.compile(r"\{(" + "|".join(re.escape(k) for k in KINDS) + r"):([^}]*)\}")


@dataclass(frozen=True)
class Planted:
    start: int
    end: int
    kind: str
    value: str


@dataclass(frozen=True)
class Sample:
    id: str
    text: str
    planted: tuple[Planted, ...]


def load_set(path: Path = SET) -> list[Sample]:
    samples = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text, planted, last = "", [], 0
            for match in MARK.finditer(row["text"]):
                text += row["text"][last:match.start()]
                planted.append(Planted(len(text), len(text) + len(match.group(2)), match.group(1), match.group(2)))
                text += match.group(2)
                last = match.end()
            text += row["text"][last:]
            samples.append(Sample(row["id"], text, tuple(planted)))
    return samples


@dataclass
class Scores:
    found: Counter
    right_kind: Counter
    total: Counter
    clean_texts: int = 0
    clean_touched: int = 0
    stray_spans: int = 0
    all_spans: int = 0
    seconds: float = 0.0

    def recall(self, kind: str | None = None, strict: bool = True) -> float:
        hits = self.right_kind if strict else self.found
        n = sum(self.total.values()) if kind is None else self.total[kind]
        got = sum(hits.values()) if kind is None else hits[kind]
        return got / n if n else float("nan")


def evaluate(samples: list[Sample], detect, misses: list | None = None) -> Scores:
    """`detect(text)` -> [(start, end, kind)] as services.privacy.pseudonymise.find_identifiers."""
    scores = Scores(Counter(), Counter(), Counter())
    started = time.perf_counter()
    for sample in samples:
        spans = detect(sample.text)
        for planted in sample.planted:
            scores.total[planted.kind] += 1
            cover = [s for s in spans if s[0] <= planted.start and s[1] >= planted.end]
            if cover:
                scores.found[planted.kind] += 1
                if any(kind == planted.kind for _, _, kind in cover):
                    scores.right_kind[planted.kind] += 1
            elif misses is not None:
                misses.append(f"gemist {planted.kind:9} {planted.value!r} in {sample.id}: {sample.text}")
        stray = [s for s in spans if not any(s[0] < p.end and p.start < s[1] for p in sample.planted)]
        scores.stray_spans += len(stray)
        scores.all_spans += len(spans)
        if not sample.planted:
            scores.clean_texts += 1
            scores.clean_touched += bool(spans)
        if misses is not None:
            misses.extend(f"onterecht {kind:9} {sample.text[s:e]!r} in {sample.id}" for s, e, kind in stray)
    scores.seconds = time.perf_counter() - started
    return scores


def deduce_detector():
    from deduce import Deduce

    model = Deduce()
    names = {"persoon": "NAAM", "patient": "NAAM", "telefoonnummer": "TELEFOON", "emailadres": "E-MAIL",
             "bsn": "BSN", "locatie": "ADRES"}

    def detect(text: str):
        document = model.deidentify(text)
        return [(a.start_char, a.end_char, names.get(a.tag.lower().split("-")[0], a.tag.upper()))
                for a in document.annotations]
    return detect


def table(label: str, scores: Scores, samples: list[Sample]) -> str:
    lines = [f"\n{label}: {len(samples)} teksten, {sum(scores.total.values())} identificerende gegevens, "
             f"{scores.seconds / len(samples) * 1000:.2f} ms per tekst",
             f"{'soort':10} {'aantal':>6} {'gevonden':>9} {'juiste soort':>13}"]
    for kind in KINDS:
        if scores.total[kind]:
            lines.append(f"{kind:10} {scores.total[kind]:6d} {scores.recall(kind, strict=False):9.1%} "
                         f"{scores.recall(kind):13.1%}")
    lines.append(f"{'alles':10} {sum(scores.total.values()):6d} {scores.recall(strict=False):9.1%} "
                 f"{scores.recall():13.1%}")
    lines.append(f"teksten zonder gegevens waarin toch iets is vervangen: {scores.clean_touched} van "
                 f"{scores.clean_texts} ({scores.clean_touched / max(scores.clean_texts, 1):.1%})")
    lines.append(f"vervangingen die geen geplant gegeven raken: {scores.stray_spans} van {scores.all_spans} "
                 f"({scores.stray_spans / max(scores.all_spans, 1):.1%})")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--deduce", action="store_true")
    args = parser.parse_args()
    detectors = [("HNM-regels", find_identifiers)]
    if args.deduce:
        started = time.perf_counter()
        detectors.append(("deduce", deduce_detector()))
        print(f"deduce laden: {time.perf_counter() - started:.1f} s")
    for set_name, path in (("afstemset", SET), ("controleset", HOLDOUT)):
        samples = load_set(path)
        for label, detect in detectors:
            misses: list[str] = []
            print(table(f"{label}, {set_name} ({path.name})", evaluate(samples, detect, misses), samples))
            if args.misses:
                print("\n".join(misses) or "geen missers")


if __name__ == "__main__":
    main()
