"""Exchanges among many territories: rounder plans that never break a band or a territory."""

from __future__ import annotations

import numpy as np
import pytest

from territory import metrics
from territory.budget import Deadline
from territory.construct import fresh_start
from territory.exchange import ExchangeSearch
from territory.optimizer import TerritoryOptimizer
from territory.perimeter import PerimeterPhase
from territory.plan import Plan
from territory.reps import Reps
from territory.search import LocalSearch


def _border_optimum(units, k: int, seed: int):
    """A balanced plan already at a local optimum of border moves and swaps."""
    opt = TerritoryOptimizer(units, Reps.numbered(k), seed=seed)
    problem = opt.problem()
    rng = np.random.default_rng(seed)
    deadline = Deadline.wall(60)
    search = LocalSearch(problem, rng, deadline)
    assign = search.run(fresh_start(problem, opt.pinned, rng))
    phase = PerimeterPhase(search, units, deadline)
    assign = phase.run(assign)
    assert max(metrics.max_deviation(Plan(units, Reps.numbered(k), assign)).values()) <= 0.05
    return problem, phase, assign


@pytest.mark.slow
def test_exchanges_round_what_border_moves_cannot_and_keep_every_band(small_instance):
    problem, phase, assign = _border_optimum(small_instance, 5, seed=3)
    reps = Reps.numbered(5)
    before = metrics.polsby_popper(Plan(small_instance, reps, assign)).mean()
    exchange = ExchangeSearch.from_phase(phase, problem, seed=0)
    after_assign = exchange.run(assign, Deadline.wall(120))
    after = Plan(small_instance, reps, after_assign)
    pp = metrics.polsby_popper(after).mean()
    # the exact perimeters the search uses agree with the dissolved shapes
    assert np.isclose(exchange.mean_pp(after_assign), pp, rtol=1e-6)
    assert pp > before + 1e-3  # border moves and swaps had stopped; exchanges go further
    for measure, dev in metrics.max_deviation(after).items():
        assert dev <= 0.05 + 1e-9, (measure, dev)
    assert metrics.is_contiguous(after)


@pytest.mark.slow
def test_kicked_exchanges_only_keep_better_plans_and_repeat_for_a_seed(small_instance):
    problem, phase, assign = _border_optimum(small_instance, 5, seed=3)
    results = []
    for seed in (0, 0):
        exchange = ExchangeSearch.from_phase(phase, problem, seed=seed)
        local = exchange.run(assign, Deadline.wall(120))
        kicked = exchange.climb(assign, Deadline.wall(300), patience=3)
        assert exchange.mean_pp(kicked) >= exchange.mean_pp(local) - 1e-12
        plan = Plan(small_instance, Reps.numbered(5), kicked)
        assert max(metrics.max_deviation(plan).values()) <= 0.05 + 1e-9
        assert metrics.is_contiguous(plan)
        results.append(kicked)
    assert np.array_equal(results[0], results[1])


def test_locked_units_never_change_territory(small_instance):
    problem, phase, assign = _border_optimum(small_instance, 5, seed=3)
    edge = [
        u
        for u in range(len(assign))
        if any(assign[v] != assign[u] for v in small_instance.neighbours(u))
    ]
    problem.fixed = problem.fixed.copy()
    problem.fixed[edge] = True  # every border unit locked: nothing can move
    exchange = ExchangeSearch.from_phase(phase, problem, seed=0)
    assert np.array_equal(exchange.run(assign, Deadline.wall(60)), assign)
