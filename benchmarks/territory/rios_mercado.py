"""Figures 1 and 2: Ríos-Mercado & Fernández (2009) style instances.

    python -m benchmarks.territory.rios_mercado              # 20 x (500 units, 10 territories)
    python -m benchmarks.territory.rios_mercado --large      # 10,000 units, 160 territories

Units uniform in [0,1000]^2, Delaunay adjacency, measures uniform in [4,20], [15,400],
[15,100]; 5% tolerance on each measure. Baseline in the same run, per instance: the
capacitated k-means start (OR-Tools min-cost flow, no local search) — what balancing one
combined measure buys before the three-measure search.
Pass: every instance within 5% on all three measures and contiguous, in <= 10 s (<= 5 min).
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np

from benchmarks.territory.common import Timer, budget_line, feasible, figures, load
from territory import metrics
from territory.construct import fresh_start
from territory.optimizer import TerritoryOptimizer
from territory.plan import Plan
from territory.reps import Reps
from territory.synthetic import rios_mercado


def run(n: int, k: int, seed: int, limit: float) -> tuple[bool, float, dict, dict]:
    units = rios_mercado(n, seed)
    reps = Reps.numbered(k)
    # the solver's own limit sits below the figure's so that reading and scoring fit too
    opt = TerritoryOptimizer(units, reps, time_limit=limit * 0.8, seed=0)
    start = fresh_start(opt.problem(), opt.pinned, np.random.default_rng(0))
    base = figures(Plan(units, reps, start, opt.balance, opt.tolerance))
    with Timer() as t, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plan = opt.solve()
    figs = figures(plan)
    figs["polsby_popper"] = round(float(metrics.polsby_popper(plan).mean()), 3)
    figs["budget"] = budget_line(plan)
    return feasible(plan) and t.seconds <= limit, t.seconds, figs, base


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--large", action="store_true")
    parser.add_argument("--instances", type=int, default=20)
    args = parser.parse_args()
    print(f"start: {load()}")
    if args.large:
        cases, limit, name = [(10_000, 160, 0)], 300.0, "figure 2"
    else:
        cases = [(500, 10, s) for s in range(args.instances)]
        limit, name = 10.0, "figure 1"
    results = []
    for n, k, seed in cases:
        ok, seconds, figs, base = run(n, k, seed, limit)
        results.append((ok, seconds))
        print(
            f"n={n} K={k} seed={seed}: {'ok ' if ok else 'FAIL'} {seconds:6.2f} s  {figs}  "
            f"| baseline start worst dev {base['worst_dev']:.3f}, "
            f"pieces max {base['pieces_max']}"
        )
    times = [s for _, s in results]
    print(
        f"{sum(ok for ok, _ in results)}/{len(results)} feasible and contiguous within "
        f"{limit:.0f} s; time mean {np.mean(times):.2f} s, max {max(times):.2f} s; {load()}"
    )
    print(f"{name}: {'PASS' if all(ok for ok, _ in results) else 'FAIL'}")


if __name__ == "__main__":
    main()
