"""The border phase: exact perimeters from shared borders, and it never breaks a band."""

from __future__ import annotations

import numpy as np

from territory import metrics
from territory.budget import Deadline
from territory.optimizer import TerritoryOptimizer
from territory.perimeter import PerimeterPhase
from territory.plan import Plan
from territory.reps import Reps
from territory.search import LocalSearch


def test_border_phase_matches_dissolved_shapes_and_keeps_bands(small_instance):
    reps = Reps.numbered(5)
    opt = TerritoryOptimizer(small_instance, reps, time_limit=20, seed=2, starts=1)
    start = opt.solve()
    deadline = Deadline.wall(20)
    search = LocalSearch(opt.problem(), np.random.default_rng(0), deadline)
    phase = PerimeterPhase(search, small_instance, deadline)
    search.load(start.assignment)
    before = phase.mean_pp()
    assert np.isclose(before, metrics.polsby_popper(start).mean(), rtol=1e-6)
    after_assign = phase.run(start.assignment)
    after = Plan(small_instance, reps, after_assign)
    # incremental perimeters agree with the dissolved shapes after many moves
    assert np.isclose(phase.mean_pp(), metrics.polsby_popper(after).mean(), rtol=1e-6)
    assert phase.mean_pp() >= before - 1e-12
    for measure, dev in metrics.max_deviation(after).items():
        assert dev <= 0.05 + 1e-9, (measure, dev)
    assert metrics.is_contiguous(after)
