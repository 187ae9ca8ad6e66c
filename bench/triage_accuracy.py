"""Accuracy of the triage classifier (services/triage) - not part of the test run.

    python bench/triage_accuracy.py            # both evaluations, per main and per sub category
    python bench/triage_accuracy.py --misses   # also list the texts it got wrong

(a) Template hold-out: a model is trained here on the corpus rows whose *fragment* is in the
    train split and evaluated on the rows generated from held-out fragments (whole fragments are
    held out, so no phrase of the test rows was seen in training).
(b) Realistic hold-out: the shipped model (trained on the whole corpus) on the hand-written
    services/triage/corpus/holdout_realistic.csv, which is never used for training.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.triage.evaluate import Scores, evaluate  # noqa: E402
from services.triage.model import (  # noqa: E402
    HOLDOUT_PATH, TriageModel, default_model_path, fit_bundle, load_model, read_corpus, taxonomy,
)


def table(title: str, s: Scores, per_sub: bool) -> None:
    print(f"\n== {title}  (n={s.n})")
    print(f"{'':44} {'right':>5} {'total':>5} {'acc':>6}")
    print(f"{'MAIN category, overall':44} {s.main_correct:5d} {s.n:5d} {s.main_accuracy:6.1%}")
    print(f"{'SUB category, overall':44} {s.sub_correct:5d} {s.n:5d} {s.sub_accuracy:6.1%}")
    print(f"{'urgent recall':44} {s.tp:5d} {s.tp + s.fn:5d} {s.urgent_recall:6.1%}")
    print(f"{'urgent precision':44} {s.tp:5d} {s.tp + s.fp:5d} {s.urgent_precision:6.1%}")
    print(f"{'flagged needs_review':44} {s.needs_review:5d} {s.n:5d} {s.needs_review / max(s.n, 1):6.1%}")
    print("-- per main category")
    for main, (right, total) in sorted(s.per_main.items()):
        print(f"  {main:42} {right:5d} {total:5d} {right / total:6.1%}")
    if per_sub:
        print("-- per sub category")
        tax = taxonomy()
        for sub, (right, total) in sorted(s.per_sub.items(), key=lambda kv: (tax[kv[0]]["main"], kv[0])):
            print(f"  {sub[:42]:42} {right:5d} {total:5d} {right / total:6.1%}")
    if s.urgent_misses:
        print("-- urgent reports NOT flagged urgent:")
        for t in s.urgent_misses:
            print(f"   ! {t}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", action="store_true", help="list misclassified texts")
    ap.add_argument("--no-subs", action="store_true", help="skip the per-sub-category rows")
    args = ap.parse_args()

    train_rows = read_corpus(split="train")
    test_rows = read_corpus(split="test")
    realistic = read_corpus(HOLDOUT_PATH)
    print(f"corpus: {len(train_rows)} train rows, {len(test_rows)} rows from held-out fragments; "
          f"realistic hold-out: {len(realistic)} texts")

    t0 = time.perf_counter()
    split_model = TriageModel(fit_bundle(train_rows), None)
    print(f"split model trained in {time.perf_counter() - t0:.1f} s")
    a = evaluate(split_model, test_rows)
    table("(a) held-out TEMPLATE FRAGMENTS, model trained on train fragments only", a, not args.no_subs)
    a2 = evaluate(split_model, realistic)
    table("(b0) realistic hold-out, same train-fragments-only model", a2, False)

    path = default_model_path()
    shipped = load_model(path)
    b = evaluate(shipped, realistic)
    table(f"(b) realistic hold-out, SHIPPED model {path.name}", b, not args.no_subs)

    times = []
    texts = [t for t, _, _ in realistic]
    for t in texts * 3:
        s0 = time.perf_counter()
        shipped.classify(t)
        times.append((time.perf_counter() - s0) * 1000)
    times.sort()
    print(f"\nclassify() latency over {len(times)} calls: median {statistics.median(times):.2f} ms, "
          f"p95 {times[int(len(times) * 0.95)]:.2f} ms, max {times[-1]:.2f} ms")
    print(f"model file: {path.stat().st_size / 1e6:.1f} MB ({path.name})")

    if args.misses:
        for title, s in (("(a) template hold-out", a), ("(b) realistic hold-out", b)):
            print(f"\n-- main-category misses {title}:")
            for text, want, got in s.misses:
                print(f"   want {want:32} got {got:32} | {text}")


if __name__ == "__main__":
    main()
