"""The optimizer on small real instances: balance, contiguity, locks, homes, rebalance, limits."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from territory import metrics
from territory.errors import ImpossibleLocks, TerritoryInputError, TolerancesNotMet
from territory.optimizer import TerritoryOptimizer
from territory.reps import Reps
from territory.units import units_from_frame


def assert_balanced(plan, tol=0.05):
    for measure, dev in metrics.max_deviation(plan).items():
        assert dev <= tol + 1e-9, (measure, dev)
    assert metrics.is_contiguous(plan)


def test_plan_is_balanced_on_three_measures_and_contiguous(small_instance):
    plan = TerritoryOptimizer(
        small_instance, Reps.numbered(5), time_limit=20, seed=1, starts=1
    ).solve()
    assert_balanced(plan)
    assert plan.params["seed"] == 1
    # the plan keeps what it was made from
    assert plan.units is small_instance and plan.balance == ("leads", "revenue", "workload")


def test_same_seed_same_plan_and_seeds_matter(small_instance):
    runs = [
        TerritoryOptimizer(small_instance, Reps.numbered(5), time_limit=30, seed=s).solve()
        for s in (4, 4, 5)
    ]
    assert np.array_equal(runs[0].assignment, runs[1].assignment)
    assert not np.array_equal(runs[0].assignment, runs[2].assignment)


def test_per_measure_tolerance_and_target_share(small_instance):
    reps = Reps(("A", "B", "C", "D"), ("A", "B", "C", "D"), (1.0, 1.0, 1.0, 0.5), (None,) * 4)
    plan = TerritoryOptimizer(
        small_instance, reps, tolerance={"revenue": 0.02}, time_limit=20, seed=0
    ).solve()
    dev = metrics.max_deviation(plan)
    assert dev["revenue"] <= 0.02 + 1e-9 and dev["leads"] <= 0.05 + 1e-9
    part_time = plan.loads()[3] / plan.loads()[0]
    assert np.all((part_time > 0.45) & (part_time < 0.56))  # half a full territory


def test_locks_stay_and_homes_are_inside_their_territory(make_grid):
    units = units_from_frame(make_grid(8, 8, seed=2))
    reps = Reps(
        ("A", "B", "C", "D"), ("A", "B", "C", "D"), (1.0,) * 4, ((0.0, 0.0),) + (None,) * 3
    )  # A lives at lon/lat 0,0 = the g0 corner
    locks = {"g36": "A", "g35": "A", "g7": "C"}  # A must stretch from its corner to the middle
    plan = TerritoryOptimizer(units, reps, locks=locks, time_limit=20, seed=0).solve()
    for uid, rep in {**locks, "g0": "A"}.items():
        assert plan.rep_of(uid) == rep
    assert_balanced(plan)


def test_locks_that_make_balance_impossible_are_refused(make_grid):
    units = units_from_frame(make_grid(4, 4))
    locks = {f"g{i}": "R01" for i in range(10)}  # 10 of 16 units to one of 4 reps
    with pytest.raises(ImpossibleLocks, match="R01.*of their leads target"):
        TerritoryOptimizer(units, Reps.numbered(4), locks=locks)


def test_locks_naming_unknown_reps_or_units(make_grid):
    units = units_from_frame(make_grid(4, 4))
    with pytest.raises(TerritoryInputError, match="rep 'Zed'"):
        TerritoryOptimizer(units, Reps.numbered(2), locks={"g1": "Zed"})
    with pytest.raises(TerritoryInputError, match="unit 'g99'"):
        TerritoryOptimizer(units, Reps.numbered(2), locks={"g99": "R01"})


def test_impossible_tolerance_says_which_measure_and_returns_best_plan(make_grid):
    frame = make_grid(3, 3)
    frame.loc[4, "revenue"] = 10_000.0  # one unit is most of the revenue
    units = units_from_frame(frame)
    with pytest.warns(TolerancesNotMet, match=r"revenue: territory of R0\d is .*over target"):
        plan = TerritoryOptimizer(units, Reps.numbered(3), time_limit=3, seed=0).solve()
    assert metrics.is_contiguous(plan)
    assert metrics.shortfalls(plan)[0].measure == "revenue"


def test_island_unit_can_join_a_territory(make_grid):
    import geopandas as gpd
    import pandas as pd
    import shapely

    frame = make_grid(6, 6)
    island = gpd.GeoDataFrame(
        {"unit_id": ["far"], "leads": [12.0], "revenue": [200.0], "workload": [60.0]},
        geometry=[shapely.box(9000, 2000, 10000, 3000)],
        crs=frame.crs,
    )
    units = units_from_frame(pd.concat([frame, island], ignore_index=True))
    plan = TerritoryOptimizer(units, Reps.numbered(3), time_limit=20, seed=0).solve()
    assert_balanced(plan)
    # contiguity counts the link: the island sits with the unit it was linked to
    assert plan.rep_of("far") == plan.rep_of(units.links[0][1])


@pytest.mark.parametrize("k", [6, 4])
def test_rebalance_for_a_rep_joining_or_leaving_moves_little(small_instance, k):
    base = TerritoryOptimizer(
        small_instance, Reps.numbered(5), time_limit=20, seed=0, starts=1
    ).solve()
    current = dict(zip(base.to_frame().unit_id, base.to_frame().rep_id, strict=True))
    opt = TerritoryOptimizer(
        small_instance, Reps.numbered(k), current=current, time_limit=10, seed=0
    )
    plan = opt.solve()
    assert_balanced(plan)
    changed = metrics.disruption(plan, opt.current_plan())
    # the new rep needs 1/6 of revenue, the leaving rep's 1/5 must move: little beyond that
    assert changed["revenue"] < (0.30 if k == 6 else 0.33)
    moves = metrics.moves(plan, opt.current_plan())
    assert len(moves) == round(changed["units"] * len(small_instance))
    if k == 4:
        assert set(moves.loc[moves.from_rep == "R05", "unit_id"]) == set(
            base.to_frame().query("rep_id == 'R05'").unit_id
        )


def test_rebalance_of_a_balanced_plan_with_same_reps_moves_nothing(small_instance):
    base = TerritoryOptimizer(
        small_instance, Reps.numbered(5), time_limit=20, seed=0, starts=1
    ).solve()
    current = dict(zip(base.to_frame().unit_id, base.to_frame().rep_id, strict=True))
    opt = TerritoryOptimizer(small_instance, Reps.numbered(5), current=current, time_limit=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error", TolerancesNotMet)
        plan = opt.solve()
    assert metrics.disruption(plan, opt.current_plan())["units"] == 0.0
