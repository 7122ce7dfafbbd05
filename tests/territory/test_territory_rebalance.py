"""Rebalancing moves less than re-planning, keeps every band, and repeats for a seed."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from territory import metrics
from territory.optimizer import TerritoryOptimizer
from territory.reps import Reps


def _fresh_plan_moves(fresh, before) -> float:
    """Revenue share a fresh plan moves with its territories given to reps at best."""
    revenue = fresh.units.measure("revenue")
    keep = np.zeros((fresh.k, before.k))  # revenue a fresh territory shares with a rep
    np.add.at(keep, (fresh.assignment, before.assignment), revenue)
    staying = [i for i, rep in enumerate(before.reps.ids) if rep in set(fresh.reps.ids)]
    keep = keep[:, staying]  # a leaving rep gets no territory; a new rep starts with none
    rows, cols = linear_sum_assignment(-keep)
    return 1.0 - keep[rows, cols].sum() / revenue.sum()


@pytest.mark.slow
def test_rep_leaving_moves_less_than_a_fresh_plan_and_repeats(small_instance):
    base = TerritoryOptimizer(
        small_instance, Reps.numbered(5), time_limit=20, seed=0, starts=1
    ).solve()
    current = dict(zip(base.to_frame().unit_id, base.to_frame().rep_id, strict=True))
    plans = []
    for _ in range(2):
        opt = TerritoryOptimizer(
            small_instance, Reps.numbered(4), current=current, time_limit=15, seed=0
        )
        plans.append(opt.solve())
    plan, before = plans[0], opt.current_plan()
    for measure, dev in metrics.max_deviation(plan).items():
        assert dev <= 0.05 + 1e-9, (measure, dev)
    assert metrics.is_contiguous(plan)
    fresh = TerritoryOptimizer(small_instance, Reps.numbered(4), time_limit=15, seed=0).solve()
    moved = metrics.disruption(plan, before)["revenue"]
    assert moved < _fresh_plan_moves(fresh, before)
    assert np.array_equal(plans[0].assignment, plans[1].assignment)
