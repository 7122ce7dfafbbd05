"""Shared bits for the territory benchmarks: plan figures, peak memory, machine load."""

from __future__ import annotations

import os
import resource
import time

import numpy as np

from territory import metrics
from territory.budget import WALL_NOTE
from territory.plan import Plan


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f}/{five:.2f} (1/5 min) on {os.cpu_count()} cores"


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def figures(plan: Plan) -> dict[str, float]:
    dev = metrics.max_deviation(plan)
    out = {f"dev_{m}": round(v, 4) for m, v in dev.items()}
    out["worst_dev"] = round(max(dev.values()), 4)
    out["pieces_max"] = int(metrics.pieces(plan).max())
    out["contiguous"] = bool(metrics.is_contiguous(plan))
    return out


class Timer:
    def __enter__(self) -> Timer:
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.t0


def budget_line(plan: Plan) -> str:
    """Work the search spent, and whether the wall-clock safety net cut it (then the plan
    may differ from run to run)."""
    cut = WALL_NOTE in plan.params.get("notes", ())
    return f"work {plan.params.get('work_seconds')} s, stopped on the time limit: {cut}"


def feasible(plan: Plan) -> bool:
    return bool(not metrics.shortfalls(plan) and metrics.is_contiguous(plan))


def mean(xs: list[float]) -> float:
    return float(np.mean(xs)) if xs else float("nan")
