"""Accuracy of the triage classifier (services/triage) on each evaluation set - not part of the test run.

    python bench/triage_accuracy.py                 # holdout, dev, dev2, set4 ... set10 (cross-validated), writers, test, set11
    python bench/triage_accuracy.py --misses        # also list what it got wrong
    python bench/triage_accuracy.py --sets test     # one set only
    python bench/triage_accuracy.py --record        # store the figures in the shipped model's metadata
    python bench/triage_accuracy.py --sets writers  # leave-one-writer-out only
    python bench/triage_accuracy.py --sets thresholds  # leave-one-writer-out at each threshold pair

Sets (see services/triage/eval/README.md):
- holdout: services/triage/corpus/holdout_realistic.csv, 161 texts by the corpus author; the model in
  use never trained on it.
- dev: services/triage/eval/dev.csv, 360 texts by an independent writer. The shipped model trains on
  it, so its figures here come from 5-fold cross-validation (5 models, each trained on what the
  shipped model trains on minus one fifth of dev, scored on that fifth). The safety net's patterns
  were written while reading dev, so its dev figures are optimistic.
- dev2: services/triage/eval/dev2.csv, 320 texts by a third independent writer; used like dev
  (read, tuned on, trained on). The dev sets are cross-validated together: fold k leaves out the
  k-th fifth of each of them (the sets asked for with --sets; the others stay in training).
- set4: services/triage/eval/set4.csv, 300 texts by a fourth independent writer; sealed while model
  20261207073306-2c6f65 was built and measured once on it, since then used like dev and dev2.
- test: services/triage/eval/test.csv, 400 texts by a second independent writer, held out: never
  read, never trained on; only its aggregate figures are printed.
- set5: services/triage/eval/set5.csv, 300 texts by a fifth independent writer; sealed while model
  20261207081057-bdbf42 was built and measured once on it, since then used like dev, dev2 and set4.
- set6: services/triage/eval/set6.csv, 300 texts by a sixth independent writer; sealed while model
  20261207101526-4b6ea8 was built and measured once on it, since then used like the other dev sets.
- set7: services/triage/eval/set7.csv, 300 texts by a seventh independent writer; sealed while model
  20261207110411-77678e was built and measured once on it, since then used like the other dev sets.
- set8: services/triage/eval/set8.csv, 300 texts by an eighth independent writer; sealed while round 6
  (model 20261207134805-b3528a) was built and measured once on it, since then used like the other dev sets.
- set9: services/triage/eval/set9.csv, 300 texts by a ninth independent writer; sealed while round 7
  was built and measured on it, since then used like the other dev sets.
- set10: services/triage/eval/set10.csv, 300 texts by a tenth independent writer; sealed while round 8
  was built and measured on it, since then used like the other dev sets.
- set11: services/triage/eval/set11.csv, 300 texts by an eleventh independent writer, SEALED while round 9
  was built: never read, trained or tuned on; like test, only its aggregate figures are printed.
- writers: leave-one-writer-out. Nine models, each trained like the shipped one but without one whole
  dev set (dev, dev2, set4, ... or set10) and scored on it: what a writer the model never read
  looks like, unlike the 5-fold CV whose folds share their writers with the training data. The safety
  net was still written while reading these sets, so their recall stays optimistic.

Per set: urgent recall on emergencies (emergency=1) with its 95% Wilson interval, the false-urgent
rate on routine texts (emergency=0 and urgent=0), main-category accuracy with its interval. "Flagged
urgent" = urgent, or "unsure about danger" (the API puts it on top for a person; the chat asks, and
"still urgent after chat answer no" is what stays flagged once the resident says nobody is in danger).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Sequence

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.triage.evaluate import Rate, Scores, evaluate  # noqa: E402
from services.triage.model import (  # noqa: E402
    DEV2_PATH, DEV_PATH, HOLDOUT_PATH, SET4_PATH, SET5_PATH, SET6_PATH, SET7_PATH, SET8_PATH, SET9_PATH, SET10_PATH, SET11_PATH, TEST_PATH, TriageModel, dev_examples, fit_bundle, load_model,
    read_eval_set, training_rows,
)

FOLDS = 5


def rate(r: Rate) -> str:
    lo, hi = r.interval
    return f"{r.k:4d}/{r.n:<4d} {r.value:6.1%}  [{lo:5.1%} - {hi:5.1%}]"


def table(title: str, s: Scores, misses: bool, show_texts: bool = True) -> None:
    """Print a set's figures; `show_texts` False (the held-out test set) prints no text at all."""
    print(f"\n== {title}  (n={s.n})")
    print(f"  {'urgent recall on emergencies':38} {rate(s.emergency_recall)}")
    print(f"  {'  of which the safety net said now':38} {rate(s.emergency_now)}")
    print(f"  {'urgent recall on all urgent texts':38} {rate(s.urgent_recall)}")
    print(f"  {'false urgent on routine texts':38} {rate(s.false_urgent)}")
    print(f"  {'  still urgent after chat answer no':38} {rate(s.false_urgent_if_safe)}")
    print(f"  {'main category accuracy':38} {rate(s.main)}")
    print(f"  {'sub category accuracy':38} {rate(s.sub)}")
    print(f"  {'proposals marked for review':38} {rate(s.review)}")
    print("  -- main category accuracy per main category")
    for main, r in sorted(s.per_main.items()):
        print(f"     {main:44} {r.k:4d}/{r.n:<4d} {r.value:6.1%}")
    if s.per_danger:
        print("  -- emergencies flagged per kind of danger")
        print("     " + ", ".join(f"{kind} {r.k}/{r.n}" for kind, r in sorted(s.per_danger.items())))
    if s.emergency_misses and show_texts:
        print("  -- emergencies NOT flagged:")
        for kind, text in s.emergency_misses:
            print(f"     ! [{kind}] {text}")
    if misses and show_texts:
        print("  -- routine texts flagged urgent:")
        for text, danger, words in s.false_alarms:
            print(f"     ~ [{danger} {', '.join(words)}] {text}")
        print("  -- main-category misses (expected -> proposed):")
        for text, want, got in s.misses:
            print(f"     {want:40} -> {got:40} | {text}")


def check_labels(rows, name: str) -> None:
    """Consistency of the held-out set's labels, checked without reading a text."""
    from services.triage.model import taxonomy

    tax = taxonomy()
    problems = {
        "sub category unknown": sum(r.sub_slug not in tax for r in rows),
        "main does not hold the sub": sum(r.sub_slug in tax and tax[r.sub_slug]["main"] != r.main_slug for r in rows),
        "emergency but not urgent": sum(r.emergency and not r.urgent for r in rows),
        "emergency without a kind of danger": sum(r.emergency and not r.danger_class for r in rows),
        "kind of danger without emergency": sum(bool(r.danger_class) and not r.emergency for r in rows),
    }
    print(f"{name}: {len(rows)} rows; label checks: " + ", ".join(f"{k}: {v}" for k, v in problems.items()))


DEV_SETS = {"dev": DEV_PATH, "dev2": DEV2_PATH, "set4": SET4_PATH, "set5": SET5_PATH, "set6": SET6_PATH, "set7": SET7_PATH, "set8": SET8_PATH,
            "set9": SET9_PATH, "set10": SET10_PATH}   # the sets the shipped model also trains on


def cross_validated(names: Sequence[str]) -> dict[str, Scores]:
    """FOLDS models, fold k trained on the shipped model's training rows minus the k-th fifth of
    every dev set in `names` (the other dev sets entirely), each set scored on its k-th fifth."""
    rows = {n: read_eval_set(DEV_SETS[n]) for n in names}
    examples = {n: dev_examples([DEV_SETS[n]]) for n in names}
    others = dev_examples([p for n, p in DEV_SETS.items() if n not in names])
    scores = {n: Scores() for n in names}
    for fold in range(FOLDS):
        train = [e for n in names for i, e in enumerate(examples[n]) if i % FOLDS != fold]
        bundle = fit_bundle(*training_rows(dev=others + train)[:2])
        bundle["meta"] = {"version": f"fold-{fold}"}
        model = TriageModel(bundle)
        for n in names:
            evaluate(model, [r for i, r in enumerate(rows[n]) if i % FOLDS == fold], into=scores[n])
        print(f"  fold {fold + 1}/{FOLDS} done", flush=True)
    return scores


def _left_out_models(names: Sequence[str]):
    """Per dev set in `names`: a model trained on the shipped model's training rows without that
    set, and the set's rows."""
    for name in names:
        others = dev_examples([p for n, p in DEV_SETS.items() if n != name])
        bundle = fit_bundle(*training_rows(dev=others)[:2])
        bundle["meta"] = {"version": f"without-{name}"}
        yield name, TriageModel(bundle), read_eval_set(DEV_SETS[name])
        print(f"  without {name} done", flush=True)


def left_out_writers(names: Sequence[str]) -> dict[str, Scores]:
    """One model per dev set in `names`, scored on the set it never read; "together" adds them up."""
    scores = {}
    together = Scores()
    for name, model, rows in _left_out_models(names):
        scores[name] = evaluate(model, rows)
        evaluate(model, rows, into=together)
    scores["together"] = together
    return scores


# (emergency, urgency) thresholds tried by --sets thresholds; round 8 chose 0.45 / 0.5 (docs/triage.md)
THRESHOLD_GRID = ((0.6, 0.6), (0.5, 0.6), (0.45, 0.6), (0.4, 0.6), (0.35, 0.6), (0.5, 0.5), (0.45, 0.5),
                  (0.45, 0.45), (0.4, 0.45), (0.4, 0.4), (0.35, 0.4), (0.3, 0.35))


def threshold_grid(names: Sequence[str]) -> dict[tuple[float, float], Scores]:
    """The dev sets left out in turn, each model scored at every (emergency, urgency) threshold pair:
    how many emergencies a lower threshold finds and how many routine texts it flags on the way."""
    scores = {pair: Scores() for pair in THRESHOLD_GRID}
    for _, model, rows in _left_out_models(names):
        for (emergency, urgency), into in scores.items():
            model.thresholds = {**model.thresholds, "emergency": emergency, "urgent": urgency}
            evaluate(model, rows, into=into)
    return scores


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", action="store_true", help="list what was missed or flagged wrongly")
    ap.add_argument("--sets", default="holdout,dev,dev2,set4,set5,set6,set7,set8,set9,set10,writers,test,set11",
                    help="comma-separated: holdout,dev,dev2,set4,set5,set6,set7,set8,set9,set10,writers,test,set11"
                         " (and thresholds, not in the default run)")
    ap.add_argument("--record", action="store_true", help="store the figures in the model's metadata")
    args = ap.parse_args()
    wanted = args.sets.split(",")

    model = load_model()
    print(f"model in use: {model.path.name} ({model.path.stat().st_size / 1e6:.1f} MB)")
    recorded = {}
    if "holdout" in wanted:
        s = evaluate(model, read_eval_set(HOLDOUT_PATH))
        table("holdout_realistic.csv (corpus author; never trained on)", s, args.misses)
        recorded["holdout"] = s.summary()
    labels = {"dev": "independent writer 1", "dev2": "independent writer 3", "set4": "independent writer 4",
              "set5": "independent writer 5",
              "set6": "independent writer 6", "set7": "independent writer 7", "set8": "independent writer 8",
              "set9": "independent writer 9", "set10": "independent writer 10"}
    folded = cross_validated([n for n in DEV_SETS if n in wanted]) if any(n in wanted for n in DEV_SETS) else {}
    for name, s in folded.items():
        table(f"{name}.csv ({labels[name]}; {FOLDS}-fold cross-validated; safety net tuned on it)", s, args.misses)
        recorded[f"{name}_kruisvalidatie"] = s.summary()
    if "writers" in wanted:
        for name, s in left_out_writers(list(DEV_SETS)).items():
            title = (f"{name}.csv left out of training (a writer the model never read)" if name != "together"
                     else f"the {len(DEV_SETS)} dev sets, each left out in turn")
            table(title, s, args.misses and name != "together")
            recorded[f"{name}_schrijver_weggelaten"] = s.summary()
    if "thresholds" in wanted:
        print("\n== the dev sets left out in turn, per (emergency, urgency) threshold pair")
        for (emergency, urgency), s in threshold_grid(list(DEV_SETS)).items():
            print(f"  {emergency:.2f} / {urgency:.2f}: emergencies flagged {rate(s.emergency_recall)}, "
                  f"routine flagged {rate(s.false_urgent)} (after \"nee\" {s.false_urgent_if_safe.k})")
    sealed = {"test": (TEST_PATH, "second independent writer; HELD OUT: never read, trained or tuned on"),
              "set11": (SET11_PATH, "eleventh independent writer; SEALED: never read, trained or tuned on")}
    for name, (path, what) in sealed.items():
        if name in wanted:
            rows = read_eval_set(path)
            check_labels(rows, path.name)
            s = evaluate(model, rows)
            table(f"{path.name} ({what})", s, args.misses, show_texts=False)
            recorded[name] = s.summary()

    times = []
    texts = [r.text for r in read_eval_set(HOLDOUT_PATH)]
    for text in texts * 2:
        start = time.perf_counter()
        model.classify(text)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"\nclassify() latency over {len(times)} calls: median {statistics.median(times):.2f} ms, "
          f"p95 {times[int(len(times) * 0.95)]:.2f} ms")
    if args.record:
        from services.triage.registry import record_evaluation

        record_evaluation(model.path, recorded)
        print(f"figures stored in {model.path.with_suffix('.json').name} and its Algoritmeregister entry")


if __name__ == "__main__":
    main()
