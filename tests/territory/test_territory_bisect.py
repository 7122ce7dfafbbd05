"""Recursive bisection on small instances: balanced contiguous splits, pins, determinism."""

from __future__ import annotations

import time

import numpy as np
import pytest

from territory import metrics
from territory.bisect import SPLIT_TOLERANCE, Bisection, use_bisection
from territory.optimizer import TerritoryOptimizer
from territory.plan import Plan
from territory.reps import Reps
from territory.synthetic import rios_mercado


@pytest.fixture(scope="module")
def instance():  # noqa: ANN201
    return rios_mercado(1200, seed=3)


def bisection(units, k, *, locks=None, seed=0, reps=None):  # noqa: ANN001, ANN201
    opt = TerritoryOptimizer(units, reps or Reps.numbered(k), locks=locks, seed=seed)
    return opt, Bisection(opt.problem(), opt.pinned, seed, time.monotonic() + 60)


def test_one_split_is_contiguous_and_balanced_on_every_measure(instance):
    opt, bis = bisection(instance, 5)
    (ua, ra), (ub, rb) = bis.split(np.arange(len(instance)), np.arange(5), time.monotonic() + 60)
    assert len(ra) == 2 and len(rb) == 3
    assert sorted(np.concatenate([ua, ub]).tolist()) == list(range(len(instance)))
    side = np.zeros(len(instance), dtype=np.int64)
    side[ub] = 1
    plan = Plan(instance, Reps.numbered(2), side, opt.balance, opt.tolerance)
    assert metrics.is_contiguous(plan)
    w = opt.problem().w
    share_a = w[ua].sum(axis=0)  # f = 2/5; deviation relative to the smaller side (A)
    assert np.all(np.abs(share_a - 0.4) / 0.4 <= SPLIT_TOLERANCE + 1e-9), share_a


def test_bisection_plan_is_balanced_and_contiguous(instance):
    opt, bis = bisection(instance, 6)
    plan = Plan(instance, opt.reps, bis.run(), opt.balance, opt.tolerance)
    assert metrics.is_contiguous(plan)
    # log2(6) levels of splits within SPLIT_TOLERANCE each: far inside the 5% band
    assert max(metrics.max_deviation(plan).values()) <= 3 * SPLIT_TOLERANCE + 1e-9


def test_locked_units_fall_on_their_reps_side_of_every_split(instance):
    # units at opposite corners locked to reps that bisection would otherwise group freely
    xy = instance.xy
    corners = [int(np.argmin(xy.sum(axis=1))), int(np.argmax(xy.sum(axis=1)))]
    corners += [int(np.argmin(xy[:, 0] - xy[:, 1])), int(np.argmax(xy[:, 0] - xy[:, 1]))]
    locks = {
        str(instance.ids[u]): r for u, r in zip(corners, ["R01", "R02", "R03", "R04"], strict=True)
    }
    opt, bis = bisection(instance, 6, locks=locks)
    plan = Plan(instance, opt.reps, bis.run(), opt.balance, opt.tolerance)
    for uid, rep in locks.items():
        assert plan.rep_of(uid) == rep
    assert metrics.is_contiguous(plan)


def test_rep_homes_are_inside_their_territories(make_grid):
    from territory.units import units_from_frame

    units = units_from_frame(make_grid(12, 12, seed=4))
    # homes in lon/lat: EPSG:3857 metres near 0,0, so tiny degrees pick grid cells
    homes = ((0.0, 0.0), (0.1, 0.1), None, None)
    reps = Reps(("A", "B", "C", "D"), ("A", "B", "C", "D"), (1.0,) * 4, homes)
    opt, bis = bisection(units, 4, reps=reps)
    plan = Plan(units, reps, bis.run(), opt.balance, opt.tolerance)
    home_a, home_b = np.flatnonzero(opt.pinned == 0), np.flatnonzero(opt.pinned == 1)
    assert len(home_a) == 1 and len(home_b) == 1
    assert plan.assignment[home_a[0]] == 0 and plan.assignment[home_b[0]] == 1
    assert metrics.is_contiguous(plan)


def test_same_seed_same_plan(instance):
    runs = [bisection(instance, 5, seed=s)[1].run() for s in (7, 7, 8)]
    assert np.array_equal(runs[0], runs[1])
    assert not np.array_equal(runs[0], runs[2])


def test_bisection_is_kept_to_fine_maps_with_many_reps():
    assert use_bisection(29_545, 100, rebalancing=False)
    assert not use_bisection(29_545, 100, rebalancing=True)
    assert not use_bisection(500, 10, rebalancing=False)  # figure 1
    assert not use_bisection(10_000, 160, rebalancing=False)  # figure 2
