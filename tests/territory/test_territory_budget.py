"""Budgets counted in work: the same seed gives the same plan however busy the machine is."""

from __future__ import annotations

import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from ortools.sat.python import cp_model

import territory.optimizer as optimizer_module
from territory.budget import WALL_NOTE, Deadline, WorkClock, solve_cpsat
from territory.errors import TimeLimitReached
from territory.io import read_units
from territory.metrics import shortfalls
from territory.optimizer import TerritoryOptimizer
from territory.plan import Plan
from territory.reps import Reps, read_reps
from territory.sample import REPS, UNITS


def test_a_deadline_passes_on_work_done_and_the_wall_clock_only_as_a_safety_net() -> None:
    clock = WorkClock(time.monotonic() + 60)
    deadline = clock.until(1.0)
    clock.charge(0.6)
    assert not deadline.passed() and deadline.left() == pytest.approx(0.4)
    clock.charge(0.5)
    assert deadline.passed() and not clock.wall_hit  # work ran out, not time
    late = Deadline.wall(0.0)
    assert late.passed() and late.clock.wall_hit


def _knapsack() -> tuple[cp_model.CpModel, list[cp_model.IntVar]]:
    rng = np.random.default_rng(0)
    weight, value = rng.integers(10, 100, 60), rng.integers(10, 100, 60)
    model = cp_model.CpModel()
    pick = [model.new_bool_var(f"x{i}") for i in range(60)]
    model.add(sum(int(w) * x for w, x in zip(weight, pick, strict=True)) <= 1000)
    model.maximize(sum(int(v) * x for v, x in zip(value, pick, strict=True)))
    return model, pick


def test_cpsat_with_a_deterministic_limit_repeats_and_charges_its_work() -> None:
    answers = []
    for _ in range(2):
        model, pick = _knapsack()
        deadline = WorkClock(time.monotonic() + 60).until(0.05)
        solver, status = solve_cpsat(model, deadline, seed=1, seconds=5.0, work_per_second=2.0)
        assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        # capped by the work left (0.05 work = 0.025 deterministic seconds), charged in work
        assert solver.deterministic_time <= 0.025 * 1.5
        assert deadline.clock.work == pytest.approx(2.0 * solver.deterministic_time)
        answers.append(([solver.value(x) for x in pick], deadline.clock.work))
    assert answers[0] == answers[1]


@contextmanager
def busy_machine(monkeypatch: pytest.MonkeyPatch, speed: float) -> Iterator[None]:
    """A thread burning CPU (it contends for the interpreter and a core) and a wall clock
    running `speed` times fast, as on a machine that many times slower."""
    stop = threading.Event()

    def burn() -> None:
        x = 0
        while not stop.is_set():
            x += 1

    real = time.monotonic
    t0 = real()
    monkeypatch.setattr(time, "monotonic", lambda: t0 + speed * (real() - t0))
    burner = threading.Thread(target=burn, daemon=True)
    burner.start()
    try:
        yield
    finally:
        stop.set()
        burner.join()
        monkeypatch.undo()


def _solve(units, reps, **kwargs) -> tuple[Plan, list[warnings.WarningMessage]]:  # noqa: ANN001
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plan = TerritoryOptimizer(units, reps, **kwargs).solve()
    return plan, caught


@pytest.mark.slow
def test_same_seed_same_shape_plan_on_a_loaded_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """NC sample, shape path (border moves, exchanges, kicked exchanges): a quiet run and a run
    with a CPU burner and a clock three times fast give the identical plan."""
    units, reps = read_units(UNITS), read_reps(REPS)
    # 6 work seconds (the whole shape path, kicks included); 600 s of wall time stay far off
    monkeypatch.setattr(optimizer_module, "WORK_SHARE", 0.01)
    assert TerritoryOptimizer(units, reps).shapes
    quiet, quiet_warnings = _solve(units, reps, time_limit=600, seed=0)
    with busy_machine(monkeypatch, speed=3.0):
        busy, busy_warnings = _solve(units, reps, time_limit=600, seed=0)
    for caught in (quiet_warnings, busy_warnings):
        assert not [w for w in caught if issubclass(w.category, TimeLimitReached)]
    assert busy.params["seconds"] > 0
    assert np.array_equal(quiet.assignment, busy.assignment)
    assert quiet.params["work_seconds"] == busy.params["work_seconds"]
    assert quiet.params["work_seconds"] >= 6.0 - 0.01  # the budget was spent, not cut short
    assert not shortfalls(quiet)  # balanced: the border and exchange phases ran


def test_a_time_limit_that_fires_first_is_reported(monkeypatch: pytest.MonkeyPatch, make_grid):  # noqa: ANN001
    """On a machine far too slow for the budget the wall clock stops the search: the plan is
    still returned, and it says its result may vary with machine speed."""
    from territory.units import units_from_frame

    units = units_from_frame(make_grid(10, 10, seed=1))
    real = time.monotonic
    t0 = real()
    monkeypatch.setattr(time, "monotonic", lambda: t0 + 1000.0 * (real() - t0))
    plan, caught = _solve(units, Reps.numbered(4), time_limit=5, seed=0)
    monkeypatch.undo()
    assert [w for w in caught if issubclass(w.category, TimeLimitReached)]
    assert WALL_NOTE in plan.params["notes"]
    assert (plan.assignment >= 0).all() and len(plan.assignment) == 100
