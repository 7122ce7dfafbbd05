"""Figure 5: rebalancing a balanced 10-territory plan for an 11th rep, and for 10 -> 9.

    python -m benchmarks.territory.rebalance [--instances 5]

Ríos-Mercado-style instances (500 units). The balanced 10-territory plan is salesops' own.
Baseline in the same run: planning the new rep count from scratch (no current plan), its
territories given to the current reps they overlap most (optimal matching) — how much revenue
would change rep if ops simply re-planned.
Pass: <= 15% of revenue changes rep in both directions, all tolerances hold, contiguous.
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
from scipy.optimize import linear_sum_assignment

from benchmarks.territory.common import Timer, budget_line, feasible, load
from territory import metrics
from territory.optimizer import TerritoryOptimizer
from territory.plan import Plan
from territory.reps import Reps
from territory.synthetic import rios_mercado


def best_matched_moves(fresh: Plan, before: Plan) -> float:
    """Revenue share a fresh plan moves once its territories go to reps at best.

    A fresh plan's territory numbers mean nothing, so each is given to the current rep it
    shares most revenue with (an optimal assignment, among reps who stay), as ops would do.
    """
    revenue = fresh.units.measure("revenue")
    keep = np.zeros((fresh.k, before.k))
    np.add.at(keep, (fresh.assignment, before.assignment), revenue)
    staying = [i for i, rep in enumerate(before.reps.ids) if rep in set(fresh.reps.ids)]
    keep = keep[:, staying]  # a leaving rep gets no territory; a new rep starts with none
    rows, cols = linear_sum_assignment(-keep)
    return float(1.0 - keep[rows, cols].sum() / revenue.sum())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--instances", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    print(f"start: {load()}")
    all_ok = True
    warnings.simplefilter("ignore")
    for seed in range(args.instances):
        units = rios_mercado(500, seed)
        base = TerritoryOptimizer(units, Reps.numbered(10), time_limit=20, seed=0).solve()
        table = base.to_frame()
        current = dict(zip(table.unit_id, table.rep_id, strict=True))
        for k in (11, 9):
            opt = TerritoryOptimizer(
                units, Reps.numbered(k), current=current, time_limit=args.time_limit, seed=0
            )
            with Timer() as t:
                plan = opt.solve()
            before = opt.current_plan()
            changed = metrics.disruption(plan, before)
            scratch = TerritoryOptimizer(units, Reps.numbered(k), time_limit=20, seed=0).solve()
            scratch_changed = {"revenue": best_matched_moves(scratch, before)}
            ok = feasible(plan) and changed["revenue"] <= 0.15
            all_ok &= ok
            worst = max(metrics.max_deviation(plan).values())
            print(
                f"seed={seed} 10->{k}: {'ok ' if ok else 'FAIL'} revenue moved "
                f"{changed['revenue']:.1%}, units moved {changed['units']:.1%}, worst dev "
                f"{worst:.2%}, contiguous {metrics.is_contiguous(plan)}, {t.seconds:.1f} s, "
                f"{budget_line(plan)} "
                f"| baseline re-plan from scratch moves {scratch_changed['revenue']:.1%}"
            )
    print(f"{load()}")
    print(f"figure 5: {'PASS' if all_ok else 'FAIL'}")


if __name__ == "__main__":
    main()
