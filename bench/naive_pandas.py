"""The naive pandas way (read the table into pandas, then filter and group) at any store size.

Up to `--pandas-rows` reports (default 2,000,000) the benches read the whole table, as the naive
way would. On a bigger store that takes minutes and gigabytes per run, so they read every k-th
report instead (`id % k = 0`, spread evenly over time, so every filter keeps its share), time that,
and multiply by k: reading and grouping grow linearly with the rows. Both the measured and the
extrapolated figure are printed.
"""

from __future__ import annotations

import statistics
import time

DEFAULT_ROWS = 2_000_000


def add_argument(parser) -> None:
    parser.add_argument("--pandas-rows", type=int, default=DEFAULT_ROWS,
                        help="larger stores: read every k-th report and extrapolate x k")


def step_for(total: int, rows: int) -> int:
    """1 (the whole table) or the k in `id % k = 0` that reads about `rows` reports."""
    return 1 if total <= rows else -(-total // rows)


def sampled(query, id_column, step: int):
    return query if step == 1 else query.where(id_column % step == 0)


def timed_ms(run, repeat: int) -> float:
    """Median ms of `run()` over `repeat` runs (no warm-up: the naive way has nothing to warm)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def report_line(what: str, sql_ms: float, pandas_ms: float, step: int) -> str:
    """The side-by-side line: SQL median, pandas median (extrapolated x step) and the factor."""
    full = pandas_ms * step
    how = "hele tabel" if step == 1 else f"elke {step}e melding gelezen: {pandas_ms:,.0f} ms x {step} ="
    return (f"{what}\n  SQL callbacks median {sql_ms:8.1f} ms   pandas median ({how}) {full:,.0f} ms   "
            f"factor {full / sql_ms:,.1f}x")
