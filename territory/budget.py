"""Search budgets counted in work done, so that a plan depends on its inputs and seed only.

Every phase charges a `WorkClock` for what it did (units examined, pairs compared, nodes
walked, CP-SAT's deterministic seconds), in *work seconds*: each about one second of CPU time
on the reference machine (the project's 2-core machine; the search runs on one core). Phases
stop, and the optimizer shares its budget between starts, by this clock, never by the wall
clock, so the same seed gives the same plan on a loaded or a slow machine.

The plan's budget is `WORK_SHARE` of its time limit: the rest is headroom for a slower or busier
machine (a loaded one gives the search a fraction of a core). The wall-clock time limit stays
as a safety net only: when it fires, the phase that saw it stops early, `wall_hit` is set and
the plan says that its result may vary with machine speed.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

WORK_SHARE = 0.3  # work seconds per second of time limit: a 3x slower machine still fits
WALL_NOTE = (
    "stopped on the time limit before the search budget was spent; the result may vary with "
    "machine speed and load (raise --time-limit for a reproducible plan)"
)


class WorkClock:
    """Work seconds done so far, and the wall-clock safety net (a `time.monotonic()` instant)."""

    def __init__(self, wall_end: float = math.inf) -> None:
        self.work = 0.0
        self.wall_end = wall_end
        self.wall_hit = False

    def charge(self, seconds: float) -> None:
        self.work += seconds

    def wall_over(self) -> bool:
        if time.monotonic() >= self.wall_end:
            self.wall_hit = True
        return self.wall_hit

    def wall_left(self) -> float:
        return max(self.wall_end - time.monotonic(), 0.0)

    def until(self, work: float) -> Deadline:
        """The instant `work` work seconds from now."""
        return Deadline(self, self.work + max(work, 0.0))


@dataclass
class Deadline:
    """A point on a `WorkClock`: passed once the work is done, or the safety net fired."""

    clock: WorkClock
    at: float = math.inf

    @classmethod
    def wall(cls, seconds: float) -> Deadline:
        """No work budget, only a wall-clock limit (for tests and one-off calls)."""
        return cls(WorkClock(time.monotonic() + seconds))

    def passed(self) -> bool:
        return self.clock.work >= self.at or self.clock.wall_over()

    def left(self) -> float:
        return max(self.at - self.clock.work, 0.0)

    def charge(self, seconds: float) -> None:
        self.clock.charge(seconds)


def solve_cpsat(
    model: cp_model.CpModel,
    deadline: Deadline,
    seed: int,
    seconds: float,
    *,
    work_per_second: float = 1.0,
    **params: object,
) -> tuple[cp_model.CpSolver, int]:
    """CP-SAT on one worker with a deterministic time limit (`seconds` of CP-SAT's own
    deterministic time): single-threaded CP-SAT is deterministic for a model and seed, so the
    answer is the same on any machine. Capped by the work left on `deadline`; the wall time
    left is only the safety net. The deterministic time used is charged to the clock, times
    `work_per_second` (what one deterministic second of this kind of model costs)."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    cap = min(seconds, deadline.left() / work_per_second)
    solver.parameters.max_deterministic_time = max(cap, 0.01)
    solver.parameters.max_time_in_seconds = max(deadline.clock.wall_left(), 0.01)
    for name, value in params.items():
        setattr(solver.parameters, name, value)
    status = solver.solve(model)
    deadline.charge(solver.deterministic_time * work_per_second)
    deadline.clock.wall_over()
    return solver, status
