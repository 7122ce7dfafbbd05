"""`TerritoryOptimizer`: configure once, `solve()` returns a `Plan`.

Several seeded starts (capacitated k-means by OR-Tools min-cost flow, or the current plan in
rebalance mode), each improved by the local search in `territory.search`; the best plan wins:
fewest tolerance breaches first, then compactness (or, rebalancing, least disruption).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping
from contextlib import nullcontext

import numpy as np
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from territory.budget import WALL_NOTE, WORK_SHARE, Deadline, WorkClock
from territory.construct import fresh_start, rebalance_start, repair_contiguity, seed_new_reps
from territory.errors import (
    ImpossibleLocks,
    MissingColumn,
    NotContiguous,
    TerritoryInputError,
    TimeLimitReached,
    TolerancesNotMet,
)
from territory.exchange import ExchangeSearch
from territory.metrics import pieces, shortfalls
from territory.perimeter import PerimeterPhase
from territory.plan import Plan, tolerance_map
from territory.polish import polish
from territory.rebalance import WORK_PER_SECOND, least_disruptive
from territory.reps import Reps, check_rep_count, home_units, rep_index
from territory.search import LocalSearch, Problem
from territory.units import DEFAULT_MEASURES, Units

POLISH_MAX_UNITS = 2000  # CP-SAT polishing pays off on coarse maps, costs too much on fine ones
POLISH_SECONDS = 1.0  # deterministic seconds; gains flatten out after that
SHAPE_STARTS = 3  # default starts on real shapes; the time left goes to the winner's exchanges
SHAPE_MAX_UNITS = 120  # coarse maps (a state's counties): few units per territory, ragged borders


class TerritoryOptimizer:
    """Balanced, contiguous, compact territories for `reps` over `units`.

    `current` (unit_id -> rep_id) switches to rebalance mode: change as little revenue and as
    few units as the tolerances allow. `locks` (unit_id -> rep_id) never move; a rep's home
    unit is locked to them too. On a coarse map with real shapes (new plans), each balanced
    start's borders are smoothed by `territory.perimeter` and `territory.exchange`; the start
    with the best mean Polsby-Popper wins and gets the time left for kicked exchanges; `starts`
    then defaults to `SHAPE_STARTS` instead of 3.
    """

    def __init__(
        self,
        units: Units,
        reps: Reps,
        *,
        balance: tuple[str, ...] = DEFAULT_MEASURES,
        tolerance: float | Mapping[str, float] = 0.05,
        current: Mapping[str, str] | None = None,
        locks: Mapping[str, str] | None = None,
        time_limit: float = 60.0,
        seed: int = 0,
        starts: int | None = None,
        progress: bool = False,
        disruption_weight: float = 50.0,
    ) -> None:
        check_rep_count(units, reps)
        for m in balance:
            if m not in units.measure_names:
                raise MissingColumn("units", m, list(units.measure_names))
        if time_limit <= 0:
            raise TerritoryInputError("time limit must be positive seconds")
        self.units, self.reps, self.balance = units, reps, tuple(balance)
        self.tolerance = tolerance_map(self.balance, tolerance)
        self.time_limit, self.seed = float(time_limit), int(seed)
        self.shapes = (
            current is None and units.geometry is not None and len(units) <= SHAPE_MAX_UNITS
        )
        default_starts = SHAPE_STARTS if self.shapes else 3
        self.starts = max(1, default_starts if starts is None else starts)
        self.progress, self.disruption_weight = progress, disruption_weight
        homes, self.notes = home_units(units, reps)
        self.pinned = np.full(len(units), -1, dtype=np.int64)
        self.pinned[homes[homes >= 0]] = np.flatnonzero(homes >= 0)
        index = units.index_of()
        for uid, rid in (locks or {}).items():
            if uid not in index:
                raise TerritoryInputError(f"locks name unit {uid!r}, which is not in the units")
            r = rep_index(reps, rid, "locks")
            u = index[uid]
            if self.pinned[u] >= 0 and self.pinned[u] != r:
                raise ImpossibleLocks(
                    f"unit {uid} is locked to {rid} but is the home of {reps.ids[self.pinned[u]]}"
                )
            self.pinned[u] = r
        self.current: np.ndarray | None = None
        self.current_mapping = dict(current) if current is not None else None
        if current is not None:
            missing = [u for u in units.ids if u not in current]
            if missing:
                raise TerritoryInputError(
                    f"the current plan leaves {len(missing)} units without a rep: {missing[:10]}"
                )
            rep_idx = reps.index_of()
            self.current = np.array([rep_idx.get(current[u], -1) for u in units.ids])
        self._check_locks()

    # -- validation -------------------------------------------------------------------
    def _weights(self) -> np.ndarray:
        idx = [self.units.measure_names.index(m) for m in self.balance]
        values = self.units.measures[:, idx]
        return values / values.sum(axis=0)

    def _check_locks(self) -> None:
        """Locked units alone must leave every territory able to reach its band."""
        w, share = self._weights(), self.reps.shares()
        free = w[self.pinned < 0].sum(axis=0)
        for t in range(len(self.reps)):
            locked = w[self.pinned == t].sum(axis=0)
            for j, m in enumerate(self.balance):
                tol = self.tolerance[m]
                if locked[j] > share[t] * (1 + tol) + 1e-12:
                    raise ImpossibleLocks(
                        f"units locked to {self.reps.ids[t]} already hold "
                        f"{locked[j] / share[t]:.0%} of their {m} target (tolerance {tol:.0%}); "
                        f"unlock some of them or raise"
                        f" their target_share"
                    )
                if locked[j] + free[j] < share[t] * (1 - tol) - 1e-12:
                    raise ImpossibleLocks(
                        f"{self.reps.ids[t]} cannot reach their {m} target: the units locked to "
                        f"other reps leave at most {(locked[j] + free[j]) / share[t]:.0%} of it"
                    )

    # -- solving ----------------------------------------------------------------------
    def problem(self) -> Problem:
        w = self._weights()
        rev = (
            self.units.measure("revenue")
            if "revenue" in self.units.measure_names
            else w.mean(axis=1)
        )
        move_cost = rev / max(rev.sum(), 1e-12) + 0.25 / len(self.units)  # revenue first
        return Problem(
            xy=self.units.xy / 1000.0,
            w=w,
            share=self.reps.shares(),
            tol=np.array([self.tolerance[m] for m in self.balance]),
            indptr=np.asarray(self.units.indptr),
            indices=np.asarray(self.units.indices),
            fixed=self.pinned >= 0,
            orig=self.current,
            move_cost=move_cost if self.current is not None else None,
            compact_weight=1.0,
            compact_w=self._compact_weights(w),
            disrupt_weight=self.disruption_weight if self.current is not None else 0.0,
        )

    def _compact_weights(self, w: np.ndarray) -> np.ndarray:
        """Half business, half land: dispersion of area is what makes shapes round."""
        business = w.mean(axis=1)
        if self.units.geometry is None:
            return business
        area = self.units.areas()
        return 0.5 * business + 0.5 * area / area.sum()

    def solve(self) -> Plan:
        """Best plan found within the time limit; warns `TolerancesNotMet` if it is not balanced.

        Every phase stops on a budget of work (`territory.budget`): `WORK_SHARE` of the time
        limit in work seconds, so the plan depends only on the inputs, parameters and seed.
        The time limit itself is a safety net; when it fires first the plan's notes say so.
        """
        problem = self.problem()
        t0 = time.monotonic()
        clock = WorkClock(t0 + self.time_limit)
        budget = self.time_limit * WORK_SHARE
        end = Deadline(clock, budget)
        best, best_score, runs = None, (np.inf, np.inf), 0
        moved: np.ndarray | None = None
        bar = (
            Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
            if self.progress
            else nullcontext()
        )
        with bar as prog:
            task = prog.add_task("planning", total=budget) if prog else None

            def report(phase: str, violation: float) -> None:
                if prog is not None:
                    prog.update(
                        task,
                        completed=min(clock.work, budget),
                        description=f"start {runs + 1}: {phase} (excess {violation:.2g})",
                    )

            while runs < self.starts or (best_score[0] > 0 and not end.passed()):
                if end.passed() and best is not None:
                    break
                rng = np.random.default_rng([self.seed, runs])
                spent = clock.work
                if best is not None and runs and end.left() < spent / runs:
                    break  # not enough work left for another start to finish
                if self.current is not None:
                    if moved is None:
                        moved = self._least_disruptive(problem, end)
                    start = moved
                else:
                    start = fresh_start(problem, self.pinned, rng)
                left = end.left()
                share = left / max(1, self.starts - runs) if best_score[0] <= 0 else left
                search = LocalSearch(problem, rng, clock.until(share), report)
                assign = search.run(start)
                search.load(assign)
                score = search.score()
                polishable = self.current is None and not self.shapes  # shapes: exchanges instead
                if polishable and len(self.units) <= POLISH_MAX_UNITS and end.left() > 0.5:
                    polished = polish(
                        problem,
                        assign,
                        self.pinned,
                        end,
                        seed=self.seed,
                        seconds=min(POLISH_SECONDS, max(0.5, share / 4)),
                    )
                    if polished is not None:
                        search.deadline = clock.until(min(end.left(), max(share / 4, 0.5)))
                        polished = search.run(polished)
                        search.load(polished)
                        if search.score() < score:
                            assign, score = polished, search.score()
                if self.shapes and score[0] <= 0:
                    assign, score = self._round_borders(problem, assign, rng, end)
                if score < best_score:
                    best, best_score = assign, score
                runs += 1
            if self.shapes and best_score[0] <= 0 and not end.passed():
                rng = np.random.default_rng([self.seed, runs])
                best, best_score = self._round_borders(problem, best, rng, end, kicks=True)
            if prog is not None:
                prog.update(task, completed=budget)
        notes = (*self.notes, WALL_NOTE) if clock.wall_hit else tuple(self.notes)
        plan = Plan(
            self.units,
            self.reps,
            best,
            self.balance,
            self.tolerance,
            {
                "seed": self.seed,
                "time_limit": self.time_limit,
                "starts": runs,
                "mode": "rebalance" if self.current is not None else "new",
                "seconds": round(time.monotonic() - t0, 2),
                "work_seconds": round(clock.work, 2),
                "notes": notes,
            },
        )
        split = [self.reps.ids[k] for k in np.flatnonzero(pieces(plan) > 1)]
        if split:
            warnings.warn(
                NotContiguous(
                    f"territories of {split} are in several pieces: their locked units or homes "
                    "cannot be joined without crossing other reps' locked units"
                ),
                stacklevel=2,
            )
        if clock.wall_hit:
            warnings.warn(TimeLimitReached(WALL_NOTE), stacklevel=2)
        missed = shortfalls(plan)
        if missed:
            warnings.warn(
                TolerancesNotMet(
                    "tolerances not met; best plan found returned. "
                    + "; ".join(str(s) for s in missed[:5])
                    + (f"; and {len(missed) - 5} more" if len(missed) > 5 else "")
                ),
                stacklevel=2,
            )
        return plan

    def _round_borders(
        self,
        problem: Problem,
        assign: np.ndarray,
        rng: np.random.Generator,
        end: Deadline,
        *,
        kicks: bool = False,
    ) -> tuple[np.ndarray, tuple[float, float]]:
        """Balanced plan with smoother borders, scored by minus its mean Polsby-Popper.

        Border moves first, then exchanges among many territories at once; with `kicks`,
        iterated exchanges (for the winning start, with the work left).
        """
        phase = PerimeterPhase(LocalSearch(problem, rng, end), self.units, end)
        assign = phase.run(assign)
        exchange = ExchangeSearch.from_phase(phase, problem, seed=self.seed)
        assign = exchange.climb(assign, end) if kicks else exchange.run(assign, end)
        return assign, (0.0, -exchange.mean_pp(assign))

    def _least_disruptive(self, problem: Problem, end: Deadline) -> np.ndarray:
        """CP-SAT's cheapest set of moves, or the greedy hand-out if it finds none in time."""
        assert self.current is not None
        base = self.current.copy()
        base[self.pinned >= 0] = self.pinned[self.pinned >= 0]
        seeds = seed_new_reps(problem, base)
        seconds = max(1.0, min(30.0, 0.75 * end.left() / WORK_PER_SECOND))  # deterministic s
        start = least_disruptive(
            problem, base, seeds, seed=self.seed, seconds=seconds, deadline=end
        )
        if start is None:
            self.notes.append("no least-disruption move set found in time; greedy rebalance")
            start = rebalance_start(problem, base, seeds)
        return repair_contiguity(problem, start, len(self.reps))

    def current_plan(self) -> Plan | None:
        """The plan being rebalanced, as a Plan over the same units (for disruption)."""
        if self.current_mapping is None:
            return None
        return Plan.from_mapping(
            self.units, self.current_mapping, balance=self.balance, tolerance=self.tolerance
        )
